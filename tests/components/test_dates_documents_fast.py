"""The dates' and documents' quick paths find what the plain searches find.

- dates: patterns with ``anchor_case: exact`` are tried where their anchor
  words occur as written (a case-sensitive search), the other anchored ones
  where their words occur in any case; the "before the date" rules
  (year_before, decade_before, furniture_before) are asked of their reverse
  form.  The reference: the same finder with no anchors (every pattern
  searched) and the forward rules.
- documents: bare symbols are matched where a run of digits before a "-" or
  "/" starts, instead of ``bare_re.finditer``.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import regex

from extractor import lang as lang_tables
from extractor.articles import Article, load_paths
from extractor.components.base import matches_at
from extractor.components.dates import DateFinder
from extractor.components.dates import finder_for as date_finder_for
from extractor.components.documents import finder_for as doc_finder_for
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
