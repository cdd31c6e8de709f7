"""count rules, as a table of made-up sentences (ANNOTATION.md, "count").

Every row pins all fact records of its sentence (nothing else may be
extracted).  Values follow the guideline, not the extractor.
"""

import pytest

from .conftest import check, row, count


ROWS = [
    # --- digits and units -------------------------------------------------------
    row("thousands", "Hai Phong has 2,580 cadres subject to the review.",
        [count("2,580", 2580, unit="cadres")]),
    row("multiword-unit", "The district opened 3 intermediate military law classes for 240 trainees.",
        [count("3", 3, unit="intermediate military law classes"), count("240", 240, unit="trainees")]),
    row("coordinated-unit", "A total of 85 cadres and civil servants were rotated in Lao Cai.",
        [count("85", 85, unit="cadres and civil servants")]),
    row("unit-two-words", "The province admitted 1,245 party members, exceeding the target.",
        [count("1,245", 1245, unit="party members")]),
    row("unit-stops-before-clause", "Tuyen Quang now has 124 communes that have merged their offices.",
        [count("124", 124, unit="communes")]),
    row("two-counts-coordinated", "After the merger, the province kept 4 departments and 12 divisions.",
        [count("4", 4, unit="departments"), count("12", 12, unit="divisions")]),
    row("digit-one", "The school held 1 training course for new commune secretaries.",
        [count("1", 1, unit="training course")]),
    row("unit-stops-before-verb", "The 25 newly merged communes began operating on the same day.",
        [count("25", 25, unit="newly merged communes")]),
    row("list-of-units", "The province has 17 districts, 1 city and 2 towns.",
        [count("17", 17, unit="districts"), count("1", 1, unit="city", after="districts, "), count("2", 2, unit="towns")]),
    row("million", "The Party now has more than 5.3 million party members.",
        [count("5.3 million", 5300000, "more_than", unit="party members")]),
    row("number-of-is", "The total number of party members in the province is 45,210.",
        [count("45,210", 45210, unit="party members")]),
    # --- qualifiers --------------------------------------------------------------
    row("more-than", "More than 1,000 party cell secretaries attended the training in Nghe An.",
        [count("1,000", 1000, "more_than", unit="party cell secretaries")]),
    row("about", "About 200 cadres will be rotated in Thanh Hoa this year.",
        [count("200", 200, "approximately", unit="cadres")]),
    row("around", "Around 350 delegates attended the conference in Hue.",
        [count("350", 350, "approximately", unit="delegates")]),
    row("some", "Some 300 delegates discussed the draft political report.",
        [count("300", 300, "approximately", unit="delegates")]),
    row("nearly", "Nearly 400 party members in Ca Mau received their badges.",
        [count("400", 400, "approximately", unit="party members")]),
    row("approximately", "The merger affects approximately 1,500 households in the commune.",
        [count("1,500", 1500, "approximately", unit="households")]),
    row("over", "Over 120 officials took part in the online exam.",
        [count("120", 120, "more_than", unit="officials")]),
    row("above", "The district has above 60 party cells in enterprises.",
        [count("60", 60, "more_than", unit="party cells")]),
    row("up-to", "Each congress may elect up to 50 delegates to the higher level.",
        [count("50", 50, "at_most", unit="delegates")]),
    row("no-more-than", "The executive committee shall have no more than 15 members.",
        [count("15", 15, "at_most", unit="members")]),
    row("at-least", "At least 30 communes in Gia Lai must merge by the deadline.",
        [count("30", 30, "at_least", unit="communes")]),
    row("fewer-than", "Fewer than 10 agencies failed to submit their reports.",
        [count("10", 10, "less_than", unit="agencies")]),
    # "on average" sets no qualifier: the count stays exact
    row("on-average", "On average, each commune in Son La has 25 cadres.",
        [count("25", 25, "exact", unit="cadres")]),
    # --- spelled-out numbers -----------------------------------------------------
    row("five-breakthroughs", "The congress identified five breakthroughs for the new term.",
        [count("five", 5, unit="breakthroughs")]),
    row("two-key-points", "The conference focused on two key points of personnel work.",
        [count("two", 2, unit="key points")]),
    row("twelve-districts", "All twelve districts of the province reported their results.",
        [count("twelve", 12, unit="districts")]),
    row("sentence-start-two", "Two new departments were established in Quang Tri.",
        [count("Two", 2, unit="new departments")]),
    row("neg-one", "One delegate withdrew, and one of the nominees was replaced.", []),
    # --- breakdowns, increases and reductions --------------------------------------
    row("breakdown-including",
        "The city has 2,580 cadres (including 131 at the city level, 1,182 at the district level and "
        "1,267 at the commune level).",
        [count("2,580", 2580, unit="cadres"), count("131", 131, unit="cadres"),
         count("1,182", 1182, unit="cadres"), count("1,267", 1267, unit="cadres")]),
    row("breakdown-own-noun",
        "The province has 5,460 employees, of which 3,128 were cadres and civil servants.",
        [count("5,460", 5460, unit="employees"), count("3,128", 3128, unit="cadres and civil servants")]),
    row("reduction", "The arrangement led to a reduction of 6,714 units across the province.",
        [count("6,714", 6714, unit="units")]),
    row("increase", "The number of party members rose by 150 compared with last year.",
        [count("150", 150)]),
    row("spelled-breakdown-of-whom", "Ten cadres were disciplined, three of whom were dismissed.",
        [count("Ten", 10, unit="cadres"), count("three", 3, unit="cadres")]),
    row("reduced-from-to", "The province reduced from 17 to 9 districts after the merger.",
        [count("17", 17, unit="districts"), count("9", 9, unit="districts")]),
    row("from-to-no-noun-after", "Ha Giang cut 12 commune-level units, from 195 to 183.",
        [count("12", 12, unit="commune-level units"), count("195", 195, unit="commune-level units"),
         count("183", 183, unit="commune-level units")]),
    row("copula-participle-is-a-part", "Of the 40 communes reviewed, 22 were merged into larger ones.",
        [count("40", 40, unit="communes"), count("22", 22, unit="communes")]),
    row("list-stops-before-qualifier", "The school trained 900 commune officials, and about 30 classes were opened.",
        [count("900", 900, unit="commune officials"),
         count("30", 30, qualifier="approximately", unit="classes")]),
    row("ing-adjective-unit", "Yen Bai rotates 46 leading cadres to the grassroots this year.",
        [count("46", 46, unit="leading cadres")]),
    row("verb-after-count", "Of the 1,120 candidates, 387 passed and 15 withdrew.",
        [count("1,120", 1120, unit="candidates"), count("387", 387, unit="candidates"),
         count("15", 15)]),
    row("spelled-before-verb", "In the vote, three received low confidence ratings.",
        [count("three", 3)]),
    # --- negatives -----------------------------------------------------------------
    row("neg-age-apposition", "Ms. Lo Thi Mai, 41, was appointed secretary of the commune.", []),
    row("neg-comment-counter", "Share this article\nComment (0)\n", []),
    row("neg-duration", "The secretary has worked for 8 years in the district.", []),
    row("neg-age-compound", "A 45-year-old secretary was elected chairman.", []),
    row("neg-age", "Cadres aged 35 or younger are given priority in planning.", []),
    row("neg-money-vnd", "The province spent VND 5 billion on training cadres.", []),
    row("neg-money-dong", "About 3 billion dong was allocated for the merger.", []),
    row("neg-ordinals", "For the 3rd time, the 14th Congress of the district was postponed.", []),
    row("neg-percent", "The rate of trained cadres reached 75% in Ha Tinh.",
        [{"type": "ratio", "text": "75%", "kind": "percent", "percent": 75.0}]),
    row("neg-fraction-parts", "So far 12/13 communes have finished the arrangement.",
        [{"type": "ratio", "text": "12/13", "kind": "fraction", "numerator": 12, "denominator": 13}]),
    row("neg-out-of", "The list was approved by 1,004 out of 1,007 delegates.",
        [{"type": "ratio", "text": "1,004 out of 1,007", "kind": "fraction", "numerator": 1004,
          "denominator": 1007}]),
    row("neg-document-number", "Communes studied Resolution No. 18-NQ/TW in small groups.",
        [{"type": "document_ref", "text": "Resolution No. 18-NQ/TW", "doc_type": "resolution", "number": "18"}]),
    row("neg-year", "In 2024 the district completed the review of its cadres.",
        [{"type": "date", "text": "2024", "kind": "point", "value": "2024"}]),
    row("neg-article-clause", "Clause 2, Article 3 of Regulation No. 41-QĐ/TW applies to dismissals.",
        [{"type": "document_ref", "text": "Regulation No. 41-QĐ/TW", "doc_type": "regulation", "number": "41"}]),
    row("neg-vague", "Dozens of cadres and hundreds of party members joined many meetings.", []),
    row("neg-duration-months", "The course lasted over 3 months in the provincial political school.", []),
]


@pytest.mark.parametrize("text,expected", ROWS)
def test_counts(text, expected):
    check(text, expected)


# --- the language seam: no word of a language in the numbers code -------------------
SCHEMA_WORDS = {"count", "ratio", "fraction", "percent", "exact", "unit", "value", "qualifier", "kind",
                "numerator", "denominator", "language", "numbers", "words", "multipliers"}


def _table_words(lang: str) -> set[str]:
    """Every word written in a language's numbers.yaml (its values, and the
    keys that are words of the language; not the table's own key names)."""
    import regex

    from extractor import lang as lang_tables

    out: set[str] = set()

    def walk(x, keys=False):
        if isinstance(x, dict):
            for k, v in x.items():
                if keys:
                    walk(k)  # the words of "words", "multipliers", "ambiguous_words"
                walk(v, keys=k in ("words", "multipliers", "ambiguous_words"))
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str):
            out.update(w.lower() for w in regex.findall(r"[^\W\d_]{2,}", x))

    walk(lang_tables.table_file(lang, "numbers"))
    return out


@pytest.mark.parametrize("path", ["extractor/components/numbers.py", "extractor/normalize/numbers.py"])
def test_no_language_words_in_numbers_code(path):
    """Issue 9: the count and ratio rules read their words from the tables; the
    code's string literals (docstrings aside) hold none of the English or
    Vietnamese table words, and the code never tests a language code."""
    import ast
    from pathlib import Path

    import regex

    root = Path(__file__).resolve().parents[2]
    tree = ast.parse((root / path).read_text(encoding="utf-8"))
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)
                  and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}
    literals = [n.value for n in ast.walk(tree)
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]
    from extractor.lang.models import AmbiguousWord, NumbersConf, NumbersTable

    forbidden = (_table_words("en") | _table_words("vi")) - SCHEMA_WORDS
    # identifiers, not words: the tables' key names, rule names ("counts:from_to",
    # kept as the records' ``rule``), template placeholders ("{last}")
    keys = set(NumbersTable.model_fields) | set(NumbersConf.model_fields) | set(AmbiguousWord.model_fields)
    literals = [regex.sub(r"\b(?:counts|ratios):\w+|\{\w+\}", "", lit) for lit in literals if lit not in keys]
    found = sorted({w for lit in literals for w in regex.findall(r"[^\W\d_]{2,}", lit)
                    if w.lower() in forbidden})
    assert not found, f"{path}: language words in the code: {found}"
    assert not regex.search(r"""lang\w*\s*==\s*["']""", (root / path).read_text(encoding="utf-8"))


def test_a_sentence_of_thousands_of_counts_is_linear():
    """Breakdown parts look for their whole among the counts before them
    only (issue 12): four times the text takes about four times as long."""
    import time

    from extractor.components.numbers import finder_for

    f = finder_for("en")
    unit = ("The province has 2,580 cadres (including 131 at the city level, 1,182 at the "
            "district level and 1,267 at the commune level), ")
    times = []
    for n in (20_000, 80_000):
        text = (unit * (n // len(unit) + 1))[:n]
        t0 = time.perf_counter()
        f.find(text)
        times.append(time.perf_counter() - t0)
    assert times[1] < 8 * times[0] + 0.5, times
