"""``extractor_paragraphs`` sets every sentence start the pipeline had when
it ran ``extractor_paragraphs`` and then spaCy's ``sentencizer``: the same
``token.is_sent_start`` on every token (True, False; never None) of every
article of data/ and of made-up texts (stops followed by quotes and brackets,
"?!", ellipses, abbreviations, line breaks, whitespace tokens, no final
stop, the empty text), read by both languages' pipelines."""

from __future__ import annotations

import random
from pathlib import Path

import numpy
import pytest
import regex
from spacy.attrs import SENT_START
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from extractor import lang as lang_tables
from extractor.components.index import doc_index
from extractor.pipeline import build

DATA = Path(__file__).resolve().parents[2] / "data"
TEXTS = sorted(DATA.glob("*/raw/*.txt")) + sorted(DATA.glob("raw/*.txt"))
LANGS = ("en", "vi")

MADE_UP = [
    "",
    " ",
    "\n",
    "  \n\n \t ",
    ".",
    "...",
    "?!",
    "No stop at the end",
    "Ends with a stop.",
    "Ends with a stop. ",
    "Ends with a stop.\n",
    'He said "yes." Then he left.',
    "He said 'yes.' then he left.",
    "It rose (by 5%.) The rest fell.",
    "It rose [by 5%]. the rest fell.",
    "Really?! Yes!! No?? Maybe!?",
    "Wait... what? And then… nothing.",
    "Wait . . . what . . . now",
    "Resolution No. 04 of Son La. The province. Mr. Hung and Dr. Lan met in the U.S. Army base.",
    "a.\nB. c.  D\n\n\ne",
    "Ha Noi.\u00a0 Ho Chi Minh City.\u3000Da Nang.\n \n\tHue. \u2029Can Tho",
    "First.\n\n\nSecond.  Third.   \"Fourth.\"  (Fifth.) 'Sixth'.",
    "Numbers 1.5 and 2. 3. 4.5. Then 6.",
    "e.g. this, i.e. that. etc. End.",
    "Chinese。Stop！Question？Full．Small﹒Double‼Interrobang‽ Done",
    "Hindi। stop॥ Arabic؟ stop۔ next",
    ". . .\n. ! ?",
    ".\"\n\nNext",
    "Quote.” Next. «Guillemet.» Next.",
    "- Item one.\n- Item two\n* Item three.\n\n1. First\n2. Second",
    "http://example.com/a.b. Next sentence. www.x.vn.",
    "Ngày 31/5/2021, Ban Thường vụ Tỉnh ủy ban hành Nghị quyết số 04-NQ/TU. Có 288 đảng viên. TP. Hồ Chí Minh.",
    "Tỉnh ủy kết nạp 288 đảng viên mới?! Đạt 96,15%... Sau đó.",
    "\n\nLeading lines. And trailing ones.\n\n",
    "A.B.C. D.E. f.g. H",
    # after a stop, tokens that start with a letter, digit or space (no Token
    # object read) and with other characters (one read): "_" is punctuation,
    # "$", "+", "©" are not
    "Stop.5 apples. ½ cup! ²x? ٣ items. ǅ here.\u2003Space. _under. $5! +1? ©2021. #tag",
]

# the pieces the random texts are made of
PIECES = ["Word", "word", "La.", "No.", "Mr.", "U.S.", "TP.", "Hồ", "đảng", "04", "5.5", ".", ".", "?", "!",
          "...", "…", ".5", "?!", "!.", ".,", "._", "”.", '"', "'", "“", "”", "(", ")", "[", "]", ",", ";", ":", "-", "。", "！", "‼", "﹒", "।",
          " ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", " \n ", "\u3000",
          "_", "$", "+", "©", "½", "²", "٣", "ǅ", "5"]


def random_texts(n: int = 400, seed: int = 11):
    rnd = random.Random(seed)
    for _ in range(n):
        yield "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 40)))


# -- the reference: the components as they were -----------------------------
_STOP_CAPITAL_RE = regex.compile(r"(?<=\S\.)\s+(?=\p{Lu})")


def _old_paragraphs(doc: Doc, abbreviations: set) -> Doc:
    """``extractor_paragraphs`` as it was before it took over the sentencizer's
    starts (commit 24a1e9e), verbatim."""
    if not len(doc):
        return doc
    ix = doc_index(doc)
    text = ix.text
    starts = doc.to_array(SENT_START)
    idx, n = ix.idx, ix.n
    starts[0] = 1
    breaks = ix.line_starts[1:]
    if breaks:
        words = numpy.flatnonzero(~ix.is_space)
        k = numpy.searchsorted(words, numpy.searchsorted(idx, breaks, side="left"), side="left")
        starts[words[k[k < len(words)]]] = 1
    ends = []
    p = text.find(".")
    while p >= 0:
        if text[p + 1:p + 2].isspace():
            m = _STOP_CAPITAL_RE.match(text, p + 1)
            if m is not None:
                ends.append(m.end())
        p = text.find(".", p + 1)
    if ends:
        for i, e in zip(numpy.searchsorted(idx, ends, side="left").tolist(), ends):
            if 0 < i < n and idx[i] == e:
                prev = doc[i - 1].text
                if len(prev) > 1 and prev.endswith(".") and prev not in abbreviations:
                    starts[i] = 1
    doc.from_array([SENT_START], starts)
    return doc


@pytest.fixture(scope="module")
def pipelines():
    out = {}
    for lang in LANGS:
        nlp = build(lang=lang)
        abbreviations = set(lang_tables.load(lang).get("abbreviations", []))
        out[lang] = (nlp, abbreviations)
    return out


def reference(nlp, abbreviations, text: str) -> list:
    doc = _old_paragraphs(nlp.make_doc(text), abbreviations)
    doc = Sentencizer()(doc)
    return [t.is_sent_start for t in doc]


def component(nlp, text: str) -> list:
    doc = nlp.get_pipe("extractor_paragraphs")(nlp.make_doc(text))
    return [t.is_sent_start for t in doc]


def test_the_pipelines_have_no_second_sentence_pass(pipelines):
    for nlp, _ in pipelines.values():
        assert nlp.pipe_names[0] == "extractor_paragraphs"
        assert not any(factory == "sentencizer" for factory in nlp.pipe_factories.values())


@pytest.mark.parametrize("lang", LANGS)
def test_articles_keep_their_sentence_starts(pipelines, lang):
    """Every article of data/ (read by both pipelines, whole): each token's
    ``is_sent_start`` as paragraphs + sentencizer set it."""
    nlp, abbreviations = pipelines[lang]
    assert len(TEXTS) >= 20
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        want = reference(nlp, abbreviations, text)
        got = [t.is_sent_start for t in nlp(text)]
        assert None not in want
        assert got == want, path.name


@pytest.mark.parametrize("lang", LANGS)
def test_made_up_texts_keep_their_sentence_starts(pipelines, lang):
    nlp, abbreviations = pipelines[lang]
    for text in MADE_UP + list(random_texts()):
        assert component(nlp, text) == reference(nlp, abbreviations, text), repr(text)


@pytest.mark.parametrize("lang", LANGS)
def test_starts_set_before_are_kept_as_the_sentencizer_kept_them(pipelines, lang):
    """A Doc that arrives with some starts set (True or False): the
    component's own starts win, the sentencizer's marks fill only the tokens
    left unset, as the two components did."""
    nlp, abbreviations = pipelines[lang]
    rnd = random.Random(5)
    for text in MADE_UP + list(random_texts(200, seed=3)):
        words = nlp.make_doc(text)
        if not len(words):
            continue
        preset = [rnd.choice([None, None, True, False]) for _ in words]
        preset[0] = True  # (spaCy's Doc wants the first token unset or a start)

        def make():
            doc = Doc(nlp.vocab, words=[t.text for t in words], spaces=[bool(t.whitespace_) for t in words],
                      sent_starts=preset)
            assert doc.text == text
            return doc

        want = [t.is_sent_start for t in Sentencizer()(_old_paragraphs(make(), abbreviations))]
        got = [t.is_sent_start for t in nlp.get_pipe("extractor_paragraphs")(make())]
        assert got == want, repr(text)


def test_later_components_validate(pipelines):
    """The components after it that require ``token.is_sent_start`` find it
    assigned (``nlp.analyze_pipes``)."""
    for nlp, _ in pipelines.values():
        analysis = nlp.analyze_pipes(pretty=False)
        assert not any(analysis["problems"].values()), analysis["problems"]
        assert "token.is_sent_start" in analysis["summary"]["extractor_paragraphs"]["assigns"]
