"""ratio rules, as a table of made-up sentences (ANNOTATION.md, "ratio").

Every row pins all fact records of its sentence (nothing else may be
extracted).  Values follow the guideline, not the extractor.
"""

import pytest

from .conftest import check, row, frac, pct


ROWS = [
    # --- fractions ---------------------------------------------------------------
    row("slash", "So far 12/13 districts have completed the arrangement.", [frac("12/13", 12, 13)]),
    row("slash-all", "In Quang Ninh, 36/36 communes held their congresses on schedule.", [frac("36/36", 36, 36)]),
    # 9/10 could be a day/month, but it quantifies communes: a fraction
    row("slash-date-shaped", "By now 9/10 communes have met the target.", [frac("9/10", 9, 10)]),
    # "N out of M" is a fraction and its numbers are not counts
    row("out-of", "The list was approved by 1,004 out of 1,007 delegates.", [frac("1,004 out of 1,007", 1004, 1007)]),
    row("out-of-spelled", "Five out of seven members voted in favour of the plan.",
        [frac("Five out of seven", 5, 7)]),
    row("about-fraction", "About 1/3 of the staff of the merged departments were cut.",
        [frac("1/3", 1, 3, "approximately")]),
    row("out-of-digits", "In Bac Ninh, 8 out of 10 communes finished the review early.",
        [frac("8 out of 10", 8, 10)]),
    # --- percents ------------------------------------------------------------------
    row("percent-sign-decimal", "The rate of cadres with university degrees reached 94.92%.", [pct("94.92%", 94.92)]),
    row("percent-word", "About 72 percent of commune cadres were trained in 2024.",
        [pct("72 percent", 72.0, "approximately"), {"type": "date", "text": "2024", "kind": "point", "value": "2024"}]),
    row("percent-word-decimal", "Female cadres account for 3.16 percent of the leadership.", [pct("3.16 percent", 3.16)]),
    row("hundred-percent", "100% of party cells held their congresses on time.", [pct("100%", 100.0)]),
    row("per-cent", "Turnout was 99.8 per cent in every commune of Lai Chau.", [pct("99.8 per cent", 99.8)]),
    row("from-to-percent", "The rate of trained cadres rose from 60% to 75% over the term.",
        [pct("60%", 60.0), pct("75%", 75.0)]),
    row("percent-mid-sentence", "The ratio of young cadres reached 15.5% in the new committee.", [pct("15.5%", 15.5)]),
    # --- qualifiers ------------------------------------------------------------------
    row("over", "Over 90% of delegates approved the personnel plan.", [pct("90%", 90.0, "more_than")]),
    row("more-than-word", "More than 95 percent of the party members took part in the study sessions.",
        [pct("95 percent", 95.0, "more_than")]),
    row("nearly", "Nearly 80% of officials in Lang Son completed the course.", [pct("80%", 80.0, "approximately")]),
    row("about", "About 45% of the communes were merged in the first round.", [pct("45%", 45.0, "approximately")]),
    row("less-than", "Less than 5% of cadres were rated as not completing their tasks.", [pct("5%", 5.0, "less_than")]),
    row("at-least", "The plan requires at least 30% of committee members to be young.", [pct("30%", 30.0, "at_least")]),
    # --- combinations ------------------------------------------------------------------
    row("fraction-and-percent", "The congress elected 168/177 (94.92%) of the nominated delegates.",
        [frac("168/177", 168, 177), pct("94.92%", 94.92)]),
    row("achieved-over-target", "The ratio of female members reached 62%/50% of the target.",
        [pct("62%", 62.0), pct("50%", 50.0)]),
    row("range-both-signs", "The ratio of rotated cadres should be 60% - 70% in each district.",
        [pct("60%", 60.0), pct("70%", 70.0)]),
    row("range-one-sign", "Commune cadres account for 60-70% of the total staff.",
        [pct("60", 60.0), pct("70%", 70.0)]),
    row("percent-and-count", "The province has 2,580 cadres, 35% of whom are women.",
        [{"type": "count", "text": "2,580", "value": 2580, "qualifier": "exact", "unit": "cadres"},
         pct("35%", 35.0)]),
    # --- negatives -------------------------------------------------------------------------
    row("percent-after-by-not-a-date", "Admissions exceeded the target by 7.8 percent in Soc Trang.",
        [{"type": "ratio", "text": "7.8 percent", "kind": "percent", "percent": 7.8}]),
    row("neg-full-date", "The list was finalized on 31/5/2021 in Ha Tinh.",
        [{"type": "date", "text": "31/5/2021", "kind": "point", "value": "2021-05-31"}]),
    row("neg-day-month", "On 31/5, the Standing Committee approved the list.",
        [{"type": "date", "text": "31/5", "kind": "point", "value": "--05-31"}]),
    # "2020/2021" is no day/month and no part of a whole: it names the school year,
    # a period of two years.  Terms and periods are date ranges, so it is a range
    # 2020-2021 and not a fraction 2020 over 2021.
    row("neg-school-year", "The 2020/2021 school year saw 15 schools merged in the district.",
        [{"type": "date", "text": "2020/2021", "kind": "range", "begin": "2020", "end": "2021"},
         {"type": "count", "text": "15", "value": 15, "qualifier": "exact", "unit": "schools"}]),
    row("neg-symbol-with-year", "Decree No. 30/2020/ND-CP guides the recruitment of civil servants.",
        [{"type": "document_ref", "text": "Decree No. 30/2020/ND-CP", "doc_type": "decree", "number": "30",
          "year": 2020}]),
    row("neg-number-slash-year", "Resolution No. 79/2023 of the Provincial People's Council took effect.",
        [{"type": "document_ref", "text": "Resolution No. 79/2023", "doc_type": "resolution", "number": "79",
          "year": 2023}]),
    row("neg-symbol-slash-code", "Resolution No. 125/NQ-CP was sent to all provinces.",
        [{"type": "document_ref", "text": "Resolution No. 125/NQ-CP", "doc_type": "resolution",
          "number": "125"}]),
    row("neg-percentage-points-none", "The province had no percentage targets for this year.", []),
]


@pytest.mark.parametrize("text,expected", ROWS)
def test_ratios(text, expected):
    check(text, expected)
