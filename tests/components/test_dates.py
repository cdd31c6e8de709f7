"""date rules, as a table of made-up sentences (ANNOTATION.md, "date").

Every row pins all fact records of its sentence (nothing else may be
extracted).  Values follow the guideline, not the extractor.
"""

import pytest

from .conftest import check, row, point, rng


ROWS = [
    # --- full dates ------------------------------------------------------------
    row("mdy-long", "The provincial congress opened on May 31, 2021 in Vinh city.",
        [point("May 31, 2021", "2021-05-31")]),
    row("dmy-long", "On 31 May 2021, the delegates of Ha Tinh elected the new executive committee.",
        [point("31 May 2021", "2021-05-31")]),
    row("dmy-slash", "The report dated 31/5/2021 was sent to the Central Organization Commission.",
        [point("31/5/2021", "2021-05-31")]),
    row("dmy-slash-zero-padded", "As of 15/04/2024, Quang Ngai had completed the review of its cadres.",
        [point("15/04/2024", "2024-04-15")]),
    # day/month order even when both parts could be a month
    row("dmy-slash-ambiguous", "The list of candidates was approved on 5/8/2024 by the Standing Committee.",
        [point("5/8/2024", "2024-08-05")]),
    row("iso", "The list of personnel was published on 2024-11-12 on the provincial portal.",
        [point("2024-11-12", "2024-11-12")]),
    row("as-of-full", "As of June 30, 2024, the commune-level apparatus of Tay Ninh had been arranged.",
        [point("June 30, 2024", "2024-06-30")]),
    row("dmy-no-year", "On 29 October, the Standing Committee of Bac Kan met.",
        [point("29 October", "--10-29")]),
    row("abbrev-month-weekday", "The meeting was held on Thursday, Sept. 5, 2024 in Cao Bang.",
        [point("Sept. 5, 2024", "2024-09-05")]),
    row("month-year-sentence-start", "May 2025 was the deadline for merging the communes.",
        [point("May 2025", "2025-05")]),
    # --- months, day-months, years -------------------------------------------
    row("month-year", "In April 2021, Quang Binh merged several of its departments.",
        [point("April 2021", "2021-04")]),
    row("day-month-no-year", "On October 29, the Standing Committee met to review personnel work.",
        [point("October 29", "--10-29")]),
    row("day-month-slash-after-on", "On 31/5, the province announced the results of the cadre evaluation.",
        [point("31/5", "--05-31")]),
    row("in-year", "In 2023, the province sent its young cadres to the grassroots.",
        [point("2023", "2023")]),
    row("by-year", "Lang Son aims to finish streamlining its apparatus by 2025.",
        [point("2025", "2025")]),
    row("before-year", "The merger of party cells must be done before 2030 in all communes.",
        [point("2030", "2030")]),
    row("end-of-year", "By the end of 2023, the apparatus of Bac Ninh had been reorganized.",
        [point(("the end of 2023", "2023"), "2023")]),
    row("first-half", "In the first half of 2011, the district admitted new party members.",
        [point(("the first half of 2011", "2011"), "2011")]),
    row("early-year", "Since early 2011, the province has rotated leaders between districts.",
        [point(("early 2011", "2011"), "2011")]),
    row("since-year-point", "Since 1997, the provincial Party Committee has held regular reviews.",
        [point("1997", "1997")]),
    row("from-year-no-end", "From 2021, the commune cadres were paid under the new scale.",
        [point("2021", "2021")]),
    row("repeated-year", "In 2023 the district merged two offices, and in 2023 it also cut staff.",
        [point("2023", "2023"), point("2023", "2023", occurrence=1),
         {"type": "count", "text": "two", "value": 2, "qualifier": "exact", "unit": "offices"}]),
    # --- terms and periods ---------------------------------------------------------
    row("term-range", "The Party Committee for the 2020-2025 term held its tenth conference.",
        [rng("2020-2025", "2020", "2025")]),
    row("period-range", "Over the 2023-2025 period, Dien Bien trained its commune cadres.",
        [rng("2023-2025", "2023", "2025")]),
    row("term-spaced-dash", "The executive committee of the 2020 - 2025 term has 45 members.",
        [rng("2020 - 2025", "2020", "2025"),
         {"type": "count", "text": "45", "value": 45, "qualifier": "exact", "unit": "members"}]),
    row("full-date-range", "The Party Committee Office (March 17, 1930 - March 17, 2025) celebrated its anniversary.",
        [rng("March 17, 1930 - March 17, 2025", "1930-03-17", "2025-03-17")]),
    row("to-present", "From 2021 to present, the province has rotated leaders of departments.",
        [rng("2021 to present", "2021", None)]),
    row("from-to-years", "From 2021 to 2025, the district trained cadres in digital skills.",
        [rng("2021 to 2025", "2021", "2025")]),
    row("from-to-months", "From March 2021 to June 2023, Kon Tum reviewed its staffing quotas.",
        [rng("March 2021 to June 2023", "2021-03", "2023-06")]),
    row("following-years", "The targets for 2025-2030 and the following years were approved by the congress.",
        [rng(("2025-2030", "2025-2030 and the following years"), "2025", "2030")]),
    row("term-en-dash", "The congress for the 2021–2026 term elected 35 members.",
        [rng("2021–2026", "2021", "2026"),
         {"type": "count", "text": "35", "value": 35, "qualifier": "exact", "unit": "members"}]),
    row("two-terms", "The Party Committee compared the 2015-2020 and 2020-2025 terms.",
        [rng("2015-2020", "2015", "2020"), rng("2020-2025", "2020", "2025")]),
    row("duration-then-range", "He held the post for 10 years, from 2010 to 2020.",
        [rng("2010 to 2020", "2010", "2020")]),
    # --- dates inside quoted titles --------------------------------------------
    row("date-in-quoted-title",
        'The contest "Young cadres of Thai Nguyen in 2024" attracted entries from all communes.',
        [point("2024", "2024")]),
    row("term-in-document-title",
        'Plan No. 15-KH/TU "Preparing personnel for the 2025-2030 term" was issued in Ninh Binh.',
        [{"type": "document_ref", "text": "Plan No. 15-KH/TU", "doc_type": "plan", "number": "15"},
         rng("2025-2030", "2025", "2030")]),
    # --- negatives -------------------------------------------------------------
    row("neg-years-duration", "The Party has gone through 95 years of glorious history.", []),
    row("neg-more-than-years", "After more than 4 years of implementation, the model was replicated.", []),
    row("neg-ordinal-congress", "Delegates to the 17th Provincial Party Congress met in the capital.", []),
    row("neg-ordinal-central", "The 12th Party Central Committee adopted the resolution on cadres.", []),
    row("neg-decade", "In the 1970s, the district was a revolutionary base.", []),
    row("neg-month-no-year", "In May, the province will review all department heads.", []),
    row("neg-relative", "This year and in the coming time, up to now unresolved issues will be handled.", []),
    row("neg-year-inside-symbol", "Decree No. 30/2020/ND-CP was cited by the provincial Department of Home Affairs.",
        [{"type": "document_ref", "text": "Decree No. 30/2020/ND-CP", "doc_type": "decree", "number": "30",
          "year": 2020}]),
    row("neg-fraction-vs-day-month", "On 12/5, the province announced that 12/13 districts had finished the merger.",
        [point("12/5", "--05-12"),
         {"type": "ratio", "text": "12/13", "kind": "fraction", "numerator": 12, "denominator": 13}]),
    row("neg-plain-fraction", "So far 12/13 districts have completed their personnel plans.",
        [{"type": "ratio", "text": "12/13", "kind": "fraction", "numerator": 12, "denominator": 13}]),
    row("neg-count-not-year", "The congress gathered 2,000 delegates from all localities.",
        [{"type": "count", "text": "2,000", "value": 2000, "qualifier": "exact", "unit": "delegates"}]),
    row("neg-duration-range", "After 5-10 years of work, cadres are rotated to other posts.", []),
    row("neg-may-verb", "Delegates May Nominate Additional Candidates For The Committee", []),
    # silent: a numeric date that is impossible day first is read month first (what the
    # dateparser fallback did; now a rule)
    row("month-first-when-day-first-impossible", "The notice dated 04/14/2031 was posted on the portal.",
        [point("04/14/2031", "2031-04-14")]),
    row("neg-impossible-date", "The file named 31/2/2021 was not a date at all.", []),
    # a served-page header over the article's posting stamp (both lines are stamps)
    row("served-header-over-stamp",
        "Saturday, 04/05/2024, 20:21\n\nProvince holds its congress\n\nFriday, 29/05/2020 | 16:38\nThe congress opened.",
        [point("29/05/2020", "2020-05-29")]),
]


@pytest.mark.parametrize("text,expected", ROWS)
def test_dates(text, expected):
    check(text, expected)


# --- the finder is language-neutral: its words and patterns are table data -------------------
import ast  # noqa: E402
from pathlib import Path  # noqa: E402

import regex  # noqa: E402

from extractor import lang as lang_tables  # noqa: E402
from extractor.components import dates as dates_component  # noqa: E402
from extractor.components.dates import DateFinder  # noqa: E402

ROOT = Path(dates_component.__file__).resolve().parent.parent
# words of the record schema, not of a language
SCHEMA_WORDS = {"date", "end", "begin", "value", "kind", "point", "range", "span", "open"}


def _code_strings(path: Path) -> list[str]:
    """The string literals of a module that are code: not docstrings, not
    the message of a raised error."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            skip.add(id(body[0].value))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")).endswith("Error"):
            skip.update(id(n) for a in node.args for n in ast.walk(a))
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
            and not regex.fullmatch(r"[A-Za-z_][\w.:]*", n.value)]  # a table key, a rule id


def _table_words(code: str) -> set[str]:
    table = lang_tables.table_file(code, "dates")
    words = set(table["months"])
    for key, value in table.items():
        if isinstance(value, list) and all(isinstance(w, str) for w in value):
            for w in value:
                words.update(regex.findall(r"[^\W\d_]+", w.lower()))
    templates = [p["pattern"] for p in table["date_patterns"]] + list(table["date_fragments"].values()) \
        + list(table["date_rules"].values())
    for t in templates:  # words written inside the templates ("of", "st|nd|rd|th")
        t = regex.sub(r"\\.|\[(?:\\.|[^\]])*\]|\(\?P?<?[\w=!]*[:>]?", " ", t)  # escapes, classes, group syntax
        words.update(w.lower() for w in regex.findall(r"\b[^\W\d_]{2,}\b", t))
    return words - SCHEMA_WORDS


@pytest.mark.parametrize("module", ["components/dates.py", "normalize/dates.py"])
def test_no_language_words_in_date_code(module):
    words = _table_words("en") | _table_words("vi")
    assert {"of", "between", "and", "to", "until", "till", "st", "nd", "rd", "th", "may"} <= words
    strings = [regex.sub(r"\{@?\w+\}", " ", s) for s in _code_strings(ROOT / module)]  # placeholders
    found = {w for s in strings for w in regex.findall(r"[^\W\d_]+", s.lower())} & words
    assert not found, f"extractor/{module} holds words of a language's tables: {sorted(found)}"


def test_bad_date_template_names_the_file():
    table = dict(lang_tables.load("vi"))
    table["date_patterns"] = [{"name": "broken", "makes": "date", "pattern": "{NOPE}(?P<y>{YEAR})"}]
    with pytest.raises(lang_tables.TableError, match=r"xx/dates.yaml: pattern 'broken': unknown placeholder \{NOPE\}"):
        DateFinder(table, lang_tables.grammar("vi"), "xx/dates.yaml")
    table["date_patterns"] = [{"name": "bad", "makes": "date", "pattern": "(?P<y>{YEAR}"}]
    with pytest.raises(lang_tables.TableError, match=r"xx/dates.yaml: pattern 'bad': bad pattern"):
        DateFinder(table, lang_tables.grammar("vi"), "xx/dates.yaml")
    table["date_patterns"] = [{"name": "w", "makes": "date", "pattern": "{@no_such_list}"}]
    with pytest.raises(lang_tables.TableError, match=r"names no word list"):
        DateFinder(table, lang_tables.grammar("vi"), "xx/dates.yaml")


def test_property_classes_are_not_placeholders():
    table = dict(lang_tables.load("vi"))
    table["date_patterns"] = [{"name": "y", "makes": "date", "pattern": r"(?<!\p{L})(?P<y>{YEAR})(?!\p{Lu})"}]
    finder = DateFinder(table, lang_tables.grammar("vi"), "xx/dates.yaml")
    assert [(f.start, f.attrs["value"]) for f in finder.find("năm 2025 và 2026A")] == [(4, "2025")]
