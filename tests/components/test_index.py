"""The shared candidate index (extractor.components.index) gives what the
full scans it replaces give: URL spans, token positions, sentence bounds,
digit runs, on the project's texts and on made-up ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.tokens import DocBin

from extractor.components.base import URL_RE, inside_any, url_spans, word_positions
from extractor.components.index import doc_index, text_index
from extractor.pipeline import build

DATA = Path(__file__).resolve().parents[2] / "data"
TEXTS = sorted(DATA.glob("*/raw/*.txt")) + sorted(DATA.glob("raw/*.txt"))

MADE_UP = [
    "",
    "   ",
    "See HTTP://Example.com/a and www.x.vn, WWW.Y.COM/b; xhttp://no and https://t.co.",
    "http://a.vn/http://b.vn www.www.c.vn",
    "İstanbul http://a.b İİ www.c.d",  # a character that lowercases to two
    "Resolution No. 04-NQ/TU of 31/5/2021.\n\nThe Party admitted 2,580 members. Mr. Hung said.",
    "Ngày 31/5/2021, Ban Thường vụ Tỉnh ủy ban hành Nghị quyết số 04-NQ/TU. Có 288 đảng viên.",
    "a.\nB. c.  D\n\n\ne",
]


def texts():
    for p in TEXTS:
        yield p.name, p.read_text(encoding="utf-8")
    for i, t in enumerate(MADE_UP):
        yield f"made_up_{i}", t


@pytest.fixture(scope="module")
def nlps():
    return {"en": build(lang="en"), "vi": build(lang="vi")}


def test_there_are_texts():
    assert len(TEXTS) > 20


@pytest.mark.parametrize("name, text", list(texts()))
def test_index_agrees_with_the_full_scans(nlps, name, text):
    nlp = nlps["vi" if ("vi" in name or "Ngày" in text) else "en"]
    doc = nlp(text)
    ix = doc_index(doc)
    assert ix is doc._.index is doc_index(doc)  # built once
    assert ix.text == text
    assert ix.urls == url_spans(text) == text_index(text).urls
    probes = [(0, 1), (5, 40), (len(text) // 2, len(text) // 2 + 3)]
    for s, e in ix.urls:
        probes += [(s, e), (e - 1, e + 5), (s - 3, s + 1), (e, e + 2), (s - 2, s)]
    for s, e in probes:
        assert ix.in_url(s, e) == inside_any(s, e, url_spans(text))
    words = frozenset({"the", "ngày", "no.", "resolution", "party"})
    assert ix.positions(words) == word_positions(doc, words)
    assert ix.capitals == [t.idx for t in doc if t.text[:1].isupper()]
    assert ix.digit_run_starts == [m.start() for m in re.finditer(r"\d+", text)]
    assert ix.digit_ends.tolist() == [m.end() for m in re.finditer(r"\d+", text)]
    bounds = [(s.start_char, s.end_char) for s in doc.sents] or [(0, len(text))]
    assert ix.sentences().bounds == bounds
    for pos in range(0, len(text), 97):
        assert ix.sentence_of(pos) == next(b for b in reversed(bounds) if b[0] <= pos or b == bounds[0])
    assert [t.i for t in doc] == [ix.token_starting_at(t.idx) for t in doc]


def test_the_index_is_not_serialized_and_is_rebuilt(nlps):
    doc = nlps["en"]("Resolution No. 04-NQ/TU on www.example.com, 2,580 cadres.")
    ix = doc_index(doc)
    db = DocBin(store_user_data=True)
    db.add(doc)
    assert not any("index" in str(k).lower() for k in doc.user_data)
    (back,) = DocBin().from_bytes(db.to_bytes()).get_docs(nlps["en"].vocab)
    ix2 = doc_index(back)
    assert ix2 is not ix and ix2.urls == ix.urls and ix2.idx.tolist() == ix.idx.tolist()


def test_a_retokenized_doc_gets_a_new_index(nlps):
    doc = nlps["en"]("Ho Chi Minh City admitted 288 members.")
    ix = doc_index(doc)
    with doc.retokenize() as r:
        r.merge(doc[0:4])
    assert doc_index(doc) is not ix and doc_index(doc).n == len(doc)


def test_url_candidates_need_the_regex_word_boundary():
    # "xhttp://" is no URL start for URL_RE (\b); the anchored match agrees
    text = "xhttp://a.b and ahttp://c.d http://e.f"
    assert text_index(text).urls == [m.span() for m in URL_RE.finditer(text)] == [(28, 38)]


# -- finders: anchored matches at the index's candidates = the full scans ----------
FINDER_MADE_UP = {
    "en": ["On 31/5 and ON 1/6, since May 2021; MAY 31, 2021; they may 2021; as of 3/4 and AS OF 4/5.",
           "ſince 2020 on 5/6 (a long s: the text is scanned); Kelvin K on 7/8.",
           "dated 12.3, from 1/2 to 3/4; Jan. 5 to Feb 2022; between 2020 and 2025; MARCH 2024.",
           "İstanbul on 31/5; http://x.vn/on/31/5 www.Y.vn on 2/3"],
    "vi": ["NGÀY 9/10, Thứ Hai, 5/6; THỨ SÁU (9/8); đợt 1/2019, KỲ 2/2020; Tháng 4/2021; từ 1/7.",
           "Sáng 16.7, chiều 2-9, quốc khánh 2/9; tháng 3 đến tháng 5/2021; ngày 15 tháng 5.",
           "Ngày 1/2/2024\nTin liên quan\nNgày 2/3/2024 đoàn công tác\nTIN LIÊN QUAN:\nngày 4/5/2024",
           "ſ ngày 9/10 (scanned); İ ngày 9/10"],
}


def finder_texts(lang):
    for name, text in texts():
        if not name.startswith("made_up"):
            yield name, text
    for i, t in enumerate(FINDER_MADE_UP[lang]):
        yield f"{lang}_made_up_{i}", t


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_anchored_date_atoms_are_the_searched_ones(nlps, lang):
    from extractor.components.dates import finder_for

    finder = finder_for(lang)
    assert any(a is not None for a in finder.anchors)
    for name, text in finder_texts(lang):
        doc = nlps[lang](text)
        ix = doc_index(doc)
        assert finder.atoms(text, ix) == finder.atoms(text), name
        facts = finder.find(text, doc)
        assert finder._furniture(text, facts, ix) == finder._furniture(text, facts), name
