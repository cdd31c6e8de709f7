"""The dates' and documents' quick paths find what the plain searches find.

- dates: patterns with ``anchor_case: exact`` are tried where their anchor
  words occur as written (a case-sensitive search), the other anchored ones
  where their words occur in any case; the "before the date" rules
  (year_before, decade_before, furniture_before) are asked of their reverse
  form.  The reference: the same finder with no anchors (every pattern
  searched) and the forward rules.
- dates: patterns with ``digits`` (every match starts at a run of digits
  of those lengths) are tried at those runs, and those with
  ``anchor_then_digits`` where their words stand right before the white
  space before such runs, in a long text with few of them
  (``DateFinder.CHARS_PER_DIGIT``); the property tests force the runs.
- documents: bare symbols are matched where a run of digits before a "-" or
  "/" starts, instead of ``bare_re.finditer``.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import lang as lang_tables
from extractor.articles import Article, load_paths
from extractor.components.base import matches_at
from extractor.components.dates import DateFinder
from extractor.components.dates import finder_for as date_finder_for
from extractor.components.documents import finder_for as doc_finder_for
from extractor.components.index import text_index
from extractor.pipeline import build

DATA = Path(__file__).resolve().parents[2] / "data"

MADE_UP = {
    "en": [
        "May 31, 2021; MAY 31, 2021; may 31, 2021; May31 2021; +May 5, 2021; (June 2020); JUNE 2020.",
        "Jan. 5 to Feb 2022; MAYMAY 2021; JUNOV 2021; xMay 2021; -May 2021; May\u00a02021; SEPT 1, 2019.",
        "31 May 2021, 3rd of MARCH, 2024; 12 may 2020; 1 Dec; from 2020 to 2025; by 2030; end of the 2023.",
        "In the 1990 plan, 2000 delegates; by\n2025; AS OF 2024; Since 2019; IN 2020; around  2015.",
        "May to June 2021; MAY TO JUNE 2021; Oct - Nov 2020; October 29; 29 October; March 2024 to present.",
        "\u017fince 2020; K\u212a on 7/8; \u0130n 2020; Mar\u00e7 2021; Ma\u0301y 2021",
    ],
    "vi": [
        "những năm 1970, NHỮNG NĂM 1980, thập niên 1990; năm 2020; Hôm nay, ngày 20/5/2024; HÔM NAY 1/2/2024",
        "Thứ 7, 04/05/2024, 20:21[GMT+7]\nngày 9/10\nThứ 6, 29/05/2020 | 16:38:15\nTháng 4/2021 và tháng 5-2022",
        "giai đoạn 2021 - 2025, nhiệm kỳ 2020-2025, từ 2006 đến nay, đợt 1/2019, quý 2/2020, trong 2024",
    ],
}

BARE_MADE_UP = [
    "under 04-NQ/TU and 30/2020/ND-CP; 12-KH/TU; x12-NQ/TU; 1.2-NQ/TU; /3-NQ/TU; 5--NQ; 7/-CT",
    "\u0663\u0664-NQ/TU; \uff11\uff12/2020/N\u0110-CP; 2025/Q\u0110-UBND; 1-2-3-4-NQ/TU; 99/2019/TT-BNV.",
    "-12-NQ/TU 0-NQ/TW 123456789/2020/QD-TTg; 1/2/3/4 - 5/6; a-b/c 9-",
]


@pytest.fixture(scope="module")
def nlps():
    return {"en": build(lang="en"), "vi": build(lang="vi")}


def _texts(lang: str):
    for a in load_paths([str(DATA)]):
        if isinstance(a, Article):
            yield a.doc_id, a.text
    for i, t in enumerate(MADE_UP[lang]):
        yield f"made_up_{i}", t


def _plain(finder: DateFinder) -> DateFinder:
    """The finder with every pattern searched and the forward rules."""
    plain = copy.copy(finder)
    plain.anchors = [None] * len(finder.anchors)
    plain.digit_lengths = [None] * len(finder.digit_lengths)
    plain.then_digits = [None] * len(finder.then_digits)
    plain.year_before_back = finder.year_before_re
    plain.decade_before_back = finder.decade_before_re
    plain.furniture_before_back = finder.furniture_before_re
    return plain


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_date_quick_paths_find_the_searched_facts(nlps, lang):
    finder = date_finder_for(lang)
    plain = _plain(finder)
    for name, text in _texts(lang):
        doc = nlps[lang].make_doc(text)
        assert finder.find(text, doc) == plain.find(text), name
        assert finder.find(text) == plain.find(text), name


def test_english_month_patterns_are_anchored_as_written():
    finder = date_finder_for("en")
    exact = [w for w, e in zip(finder.anchors, finder.anchor_exact) if e]
    assert exact and all("May" in w and "MAY" in w and "may" not in w for w in exact)
    text = "MAYMAY 2021, May 2021"
    words = exact[0]
    assert finder._exact_occurrences(text, words) == sorted(
        {m.start() for w in words for m in regex.finditer(regex.escape(w), text, overlapped=True)})


def test_a_bad_anchor_case_is_refused():
    table = copy.deepcopy(lang_tables.load("en"))
    table["date_patterns"][0]["anchor_case"] = "upper"
    with pytest.raises(lang_tables.TableError, match="anchor_case"):
        DateFinder(table, lang_tables.grammar("en"))


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_bare_symbols_at_their_digit_runs_are_the_searched_ones(lang):
    finder = doc_finder_for(lang)
    texts = [t for _, t in _texts(lang)] + BARE_MADE_UP
    found = 0
    for text in texts:
        got = [m.span() for m in matches_at(finder.bare_re, text, finder._bare_starts(text))]
        assert got == [m.span() for m in finder.bare_re.finditer(text)], text[:80]
        found += len(got)
    assert found


# -- dates: patterns tried at their digit runs ----------------------------------
def _at_runs(finder: DateFinder) -> DateFinder:
    """The finder trying every pattern with ``digits`` at its runs, whatever
    the text's length."""
    runs = copy.copy(finder)
    runs.CHARS_PER_DIGIT = 0
    return runs


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_date_patterns_at_their_digit_runs_find_the_searched_facts(nlps, lang):
    finder = date_finder_for(lang)
    assert any(finder.digit_lengths)
    runs, plain = _at_runs(finder), _plain(finder)
    for name, text in _texts(lang):
        doc = nlps[lang].make_doc(text)
        assert runs.find(text, doc) == plain.find(text), name
        assert runs.find(text) == plain.find(text), name


# pieces of made-up text: dates glued to words, digits and marks; digits the
# ``regex`` module reads as digits and ``re`` not ("\U0001e4f1", newer Unicode)
_PIECES = ["May", "MAY", "June", "Sept.", "of", "on", "from", "to", "st", "th", "tháng", "năm", "ngày",
           "đến", "từ", "thứ Hai", "số", "31", "1", "05", "2021", "1999", "2100", "12345", "0", "3",
           "2020/2021", "2024-11-12", "12/5", "3.4.2019", "1-3/6/2020",
           "31 May", "12 JUNE", "5 Sept.", "29th of March", "May 31", "31 May 2021", "1 - 3/6/2020",
           "15 đến ngày 20/4/2024", "13 tháng 11 năm 2018", "ngày 15 tháng 5", "5 tháng 6", "tháng 4/2021",
           "on 31/5", "ON  5.6", "as of\t1/2", "by\n3/4", "upon 7/8", "ſince 3/4", "dated 12.10", "On",
           "từ 1/7", "Sáng 16.7", "ngày 30-6", "NGÀY 9/10", "chiều 3.4", "quốc khánh 2/9", "mùng 5/5", "/", "-", "–", ".", ",", "%", "x",
           "\u0663", "\uff11\uff12", "\U0001e4f1", "\u0664\u0665\u0666\u0667", "-QĐ", " ", "  ", "\n"]


@pytest.mark.parametrize("lang", ["en", "vi"])
@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=30))
def test_atoms_at_digit_runs_are_the_searched_atoms(lang, pieces):
    """The matches tried at the digit runs are those the searches find
    (spans, pattern and groups), on text with dates in odd places."""
    finder = date_finder_for(lang)
    text = "".join(pieces)
    runs = _at_runs(finder)

    def key(m, i):
        return m.span(), i, m.groupdict()

    got = [key(m, i) for m, i in runs._atom_matches(text, text_index(text))]
    assert got == [key(m, i) for m, i in _plain(finder)._atom_matches(text)]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_each_digits_pattern_starts_at_a_run_of_its_lengths(lang):
    """What ``digits`` says of a pattern holds on made-up text: each of its
    searched matches starts at a digit run of a listed length."""
    finder = date_finder_for(lang)
    rng = random.Random(7)
    texts = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    found = 0
    for text in texts:
        ix = text_index(text)
        for (rx, _, _), lengths in zip(finder.patterns, finder.digit_lengths):
            if lengths is None:
                continue
            starts = set(ix.digit_runs_of(lengths))
            for m in rx.finditer(text):
                assert m.start() in starts, (rx.pattern, text)
                found += 1
    assert found > 100


@pytest.mark.parametrize("text, lengths, expected", [
    ("a 1 22 333 4444 55555 b", {1, 2}, [2, 4]),
    ("a 1 22 333 4444 55555 b", {4}, [11]),
    ("2020-2025/12", {4}, [0, 5]),
    ("x12y3", {1}, [4]),
    ("\u0663\u0664 and \U0001e4f1\U0001e4f2\U0001e4f3\U0001e4f4", {2}, [0]),
    ("\u0663\u0664 and \U0001e4f1\U0001e4f2\U0001e4f3\U0001e4f4", {4}, [7]),
    ("no digits", {1, 2, 4}, []),
])
def test_digit_runs_of(text, lengths, expected):
    assert text_index(text).digit_runs_of(frozenset(lengths)) == expected


@pytest.mark.parametrize("text, offsets, expected", [
    ("on 31/5 and ON  5.6", [3, 16], [0, 12]),
    ("upon 7/8", [5], [2]),                 # a superset: "on" inside a word (the regex's \\b decides)
    ("on31/5; on\n\t 3/4", [2, 13], [8]),  # no white space before 31
    ("as of 1/2, AS OF 3", [6, 17], [0, 11]),
    ("by 3/4", [2], []),                     # the offset is no run's start: no white space ends there
    ("\u017fince 3/4", [6], None),         # "ſ" matches "s" in any case: the text is scanned
])
def test_occurrences_before_space(text, offsets, expected):
    words = frozenset({"on", "as of", "since", "by"})
    assert text_index(text).occurrences_before_space(words, offsets) == expected


@pytest.mark.parametrize("change", [
    {"anchor_then_digits": []},
    {"anchor_then_digits": [1, 2], "anchor": None},
    {"anchor_then_digits": [1, 2], "anchor": ["on "]},
])
def test_bad_anchor_then_digits_are_refused(change):
    table = copy.deepcopy(lang_tables.load("en"))
    dmn = next(p for p in table["date_patterns"] if p["name"] == "dmn")
    dmn.update(change)
    with pytest.raises(lang_tables.TableError, match="anchor_then_digits"):
        DateFinder(table, lang_tables.grammar("en"))


def test_bad_digits_are_refused():
    table = copy.deepcopy(lang_tables.load("en"))
    table["date_patterns"][1]["digits"] = []
    with pytest.raises(lang_tables.TableError, match="digits"):
        DateFinder(table, lang_tables.grammar("en"))
