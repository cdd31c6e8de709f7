"""The context component's shortcuts (issue 11) give what the long way gives:
places from the phrase matcher's token ranges, and the table regex a phrase
fully matches kept per string.  Every text under data/ (and its NFD form)."""

import unicodedata

import regex
from pathlib import Path

import pytest

from extractor.components.context.entities import EntityFinder
from extractor.components.context.tables import SECTION_ORDER, tables_for
from extractor.components.index import doc_index
from extractor.pipeline import Extractor, PipelineSpec

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").rglob("*.txt"))]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_place_spans_as_the_span_ruler(lang):
    nlp = Extractor(PipelineSpec(None, None, lang)).pipeline_for(lang)
    finder = EntityFinder(nlp, tables_for(lang, tuple(SECTION_ORDER)))
    found = 0
    for text in TEXTS + [unicodedata.normalize("NFD", t) for t in TEXTS] + ["", " ", "Hà Nội"]:
        doc = nlp.make_doc(text)
        want = [(s.start_char, s.end_char) for s in finder.ruler.match(doc)]
        assert finder._spans(doc, doc_index(doc)) == want
        assert finder._spans(doc) == want  # a Doc with no shared index
        found += len(want)
    assert found > 100


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_first_full_as_the_first_regex_of_the_list(lang):
    t = tables_for(lang, tuple(SECTION_ORDER))
    strings = set()
    for text in TEXTS:
        for m in t.body_re.finditer(text):
            strings.update(g for g in m.groups() if g)
            strings.add(m.group(0))
        strings.update(m.group(0) for m in t.level_any_re.finditer(text))
    strings.update(["", "x", "Party Committee", "Tỉnh ủy", "provincial level"])
    lists = [t.national, t.sub_bodies, t.local_bodies, t.body_levels, t.levels]
    hits = 0
    for _ in range(2):  # the second time from the kept answers
        for pairs in lists:
            for s in strings:
                want = next(((v,) for rx, v in pairs if rx.fullmatch(s)), None)
                assert t.first_full(pairs, s) == want, s
                hits += want is not None
    assert hits > 20


# ----------------------------------------------------------------------------
# read_np (a table of what it reads)

from hypothesis import given, settings, strategies as st  # noqa: E402

from extractor.components.base import facts_of  # noqa: E402
from extractor.components.context import ContextComponent, _merged  # noqa: E402
from extractor.components.context.measures import ContextResolver  # noqa: E402
from extractor.components.context.tables import found_each, found_each_in  # noqa: E402
from extractor.components.resolve import Sentences  # noqa: E402


@pytest.mark.parametrize("text,pos,limit,expected", [
    ("12 district party secretaries", 2, 29, (3, 29)),
    ("12 cadres\nand members", 2, 21, (3, 9)),      # a line break ends the phrase
    ("12 cadres, and", 2, 14, (3, 9)),             # a comma or conjunct kept only before a noun
    ("12 , cadres", 2, 11, (2, 2)),                # nothing before the comma: no phrase
    ("12 cadres", 5, 5, (5, 5)),                   # an empty window
    ("12 cadres", 9, 3, (9, 9)),                   # a limit before the start
])
def test_read_np_table(text, pos, limit, expected):
    assert ContextResolver(tables_for("en", tuple(SECTION_ORDER))).read_np(text, pos, limit) == expected


# ----------------------------------------------------------------------------
# as-of phrases looked for only in the sentences that hold a measure

_hay = st.lists(st.sampled_from(["by", "by now", "nearby", "as of", "now", " ", ".", "x", "up to", "Bỳ", "\n"]),
                max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(hay=_hay, cuts=st.lists(st.integers(0, 120), max_size=8))
def test_found_each_in_as_found_each_in_the_ranges(hay, cuts):
    lists = (("by", "by now", "as of"), ("now", "by now", "up to"))
    pts = sorted(set(cuts))
    ranges = _merged(zip(pts[::2], pts[1::2]))
    want = [[(i, j) for i, j in out if any(a <= i < b for a, b in ranges)] for out in found_each(hay, lists)]
    assert found_each_in(hay, lists, ranges) == want


@pytest.mark.parametrize("spans,expected", [
    ([], []),
    ([(5, 9), (0, 5)], [(0, 9)]),                  # touching: one range
    ([(6, 9), (0, 5)], [(0, 5), (6, 9)]),
    ([(0, 5), (0, 5), (3, 8)], [(0, 8)]),          # the same twice, overlapping
])
def test_merged(spans, expected):
    assert _merged(spans) == expected


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_as_of_marks_in_measure_sentences_give_the_same_as_of(lang):
    nlp = Extractor(PipelineSpec(None, None, lang)).pipeline_for(lang)
    comp = dict(nlp.pipeline)["extractor_context"]
    r = comp.resolver
    checked = 0
    texts = TEXTS + ["As of 31/12/2023, the province had 300 cadres. Up to now it trained 40 teachers. By now."]
    for text in texts:
        doc = nlp(text)
        facts = facts_of(doc)
        measures = [f for f in facts if f.type in ("count", "ratio")]
        dates = [f for f in facts if f.type == "date"]
        sents = Sentences.of_doc(doc)
        full = r.as_of_marks(text, dates, "2024-01-01")
        part = r.as_of_marks(text, dates, "2024-01-01", _merged(sents.of(f.start) for f in measures))
        assert set(part) <= set(full)
        for f in measures:
            s0, s1 = sents.of(f.start)
            got = ContextComponent._as_of(f, s0, s1, part, [m[0] for m in part])
            assert got == ContextComponent._as_of(f, s0, s1, full, [m[0] for m in full])
            checked += got is not None
    assert checked > 5


# ----------------------------------------------------------------------------
# search_at_end: a backwards pattern that ends in "$" tried at the end only

from extractor.components.context.tables import search_at_end  # noqa: E402

_AT_END = ["before_verbs_re", "sub_before_re", "link_before_re", "sub_direct_re", "pre_title_re"]
_END_WORDS = ["account for", "accounts for", "make up", "chiếm", "is", "of the", "of", "the", "Standing Committee",
              "Ban Thường vụ", "Secretary", "Bí thư", "Deputy", "Provincial", "Party", "Committee", "tỉnh",
              "Quang Nam", "Hà Nội", "nearly", "khoảng", "over", "x", "12"]


def _same_match(a, b):
    return (a is None and b is None) or (a is not None and b is not None and a.span() == b.span()
                                         and a.groups() == b.groups())


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_at_end_patterns_are_backwards_and_end_in_dollar(lang):
    t = tables_for(lang, tuple(SECTION_ORDER))
    for name in _AT_END:
        p = getattr(t, name).pattern
        assert p.startswith("(?r") and p.endswith("$") and not p.endswith("\\$"), name


@pytest.mark.parametrize("lang", ["en", "vi"])
@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.tuples(st.sampled_from(_END_WORDS), st.sampled_from([" ", "  ", "\n", ", ", "", " \n"])),
                      max_size=10), cut=st.integers(0, 200), back=st.integers(0, 120))
def test_search_at_end_as_search(lang, parts, cut, back):
    t = tables_for(lang, tuple(SECTION_ORDER))
    text = "".join(w + g for w, g in parts)
    end = min(cut, len(text))
    pos = max(0, end - back)
    for name in _AT_END:
        rx = getattr(t, name)
        assert _same_match(search_at_end(rx, text, pos, end), rx.search(text, pos, end)), (name, text, pos, end)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_search_at_end_on_the_data_texts(lang):
    t = tables_for(lang, tuple(SECTION_ORDER))
    hits = 0
    for text in TEXTS:
        for end in range(0, len(text), 5):
            for name in _AT_END:
                rx = getattr(t, name)
                want = rx.search(text, max(0, end - 100), end)
                assert _same_match(search_at_end(rx, text, max(0, end - 100), end), want), (name, end)
                hits += want is not None
    assert hits > 20


@pytest.mark.parametrize("text,expected", [
    ("cadres account for ", (0, 19)),
    ("cadres account for \n", (0, 19)),      # before a final newline: left to the search
    ("cadres account for\n", None),
    ("account for x", None),
    ("", None),
])
def test_search_at_end_table(text, expected):
    rx = regex.compile(r"(?r)\w+[ ]account for[ ]+$")
    m = search_at_end(rx, text, 0, len(text))
    assert (m.span() if m else None) == expected
