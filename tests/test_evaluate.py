"""The evaluator (extractor/evaluate.py), its figures checked against numbers
computed by hand on a small made-up gold/pred pair."""

from __future__ import annotations

import itertools
import json
import sys
import types
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import evaluate
from extractor.evaluate import (
    format_table,
    key_equal,
    last_word_equal,
    load_records,
    main,
    match,
    score,
)

# A made-up article: 15 lines of 37 characters (555 characters), with newlines
# so that the error contexts show the ⏎ mark.
TEXT = "".join(f"Line {i:02d} of the made-up article text.\n" for i in range(15))
TEXTS = {"d1": TEXT}

DEFAULTS = {
    "document_ref": {"doc_type": "resolution"},
    "date": {"kind": "point", "value": "2025"},
    "count": {"value": 1},
    "ratio": {"kind": "percent", "percent": 1.0},
    "location": {"name": "Hanoi", "kind": "city"},
    "person": {"name": "Nguyen Van A"},
    "organization": {"name": "Politburo"},
}


def rec(type_: str, start: int, end: int, /, doc_id: str = "d1", text: str = TEXT, **fields) -> dict:
    """A record dict as the schema requires, its text taken from ``text``."""
    return {
        "schema_version": "1", "doc_id": doc_id, "type": type_,
        "text": text[start:end], "start_char": start, "end_char": end,
        **{**DEFAULTS[type_], **fields},
    }


# --------------------------------------------------------------------------
# The hand-computed scenario (doc d1).  Gn gold, Pn predicted.

GOLD = [
    # document_ref
    rec("document_ref", 0, 20, doc_type="resolution", number="04", symbol="04-NQ/TU",
        issuer="Provincial Party Committee"),                                 # G1
    rec("document_ref", 30, 40, doc_type="decision", number="00",
        issued_on="2021-05-31"),                                              # G2
    rec("document_ref", 50, 60, doc_type="plan", number="10"),               # G3
    # date
    rec("date", 100, 104, value="2025"),                                      # G4
    rec("date", 110, 119, kind="range", value=None, begin="2020", end="2025"),  # G5
    rec("date", 130, 134, value="2021"),                                      # G6
    rec("date", 136, 140, value="2021"),                                      # G7
    # count
    rec("count", 200, 205, value=2580, unit="cadres and civil servants"),   # G8
    rec("count", 210, 213, value=131, unit="cadres", qualifier="more_than",
        subject="cadres", location="Hanoi"),                                  # G9
    rec("count", 220, 222, value=90, unit="cadres"),                         # G10
    rec("count", 230, 233, value=12, unit="classes"),                        # G11
    # ratio
    rec("ratio", 300, 306, percent=94.92),                                    # G12
    rec("ratio", 310, 313, percent=50.0),                                     # G13
    rec("ratio", 320, 325, kind="fraction", percent=None, numerator=12, denominator=13),  # G14
]

PRED = [
    # P1: partial overlap with G1, "4" == "04"; symbol right, issuer wrong.
    rec("document_ref", 5, 20, doc_type="resolution", number="4", symbol="04-NQ/TU",
        issuer="Politburo"),
    # P2: "0" == "00" ("0" stays "0"); issued_on missing (wrong).
    rec("document_ref", 30, 40, doc_type="decision", number="0"),
    # P3: same span as G3, wrong number ("1" != "10"): strict fp+fn, detection tp.
    rec("document_ref", 50, 60, doc_type="plan", number="1"),
    # P4 matches G4; P4dup duplicates it: only one of them can match.
    rec("date", 100, 104, value="2025"),
    rec("date", 101, 104, value="2025"),
    # P5: a point where G5 is a range: strict fp+fn, detection tp.
    rec("date", 110, 114, value="2020"),
    # PA overlaps G6 by 3 and G7 by 1; PB overlaps only G6 (by 1).  A greedy
    # matcher (even largest-overlap-first) pairs PA-G6 and leaves PB and G7
    # unmatched; the maximum matching is PB-G6, PA-G7.
    rec("date", 131, 137, value="2021"),                                      # PA
    rec("date", 133, 134, value="2021"),                                      # PB
    # P8: unit last word "servant" == "servants".
    rec("count", 200, 205, value=2580, unit="civil servant"),
    # P9: unit wrong ("officials"), qualifier right, subject missing (wrong),
    # location right (case-insensitive).
    rec("count", 210, 213, value=131, unit="officials", qualifier="more_than",
        location="hanoi"),
    # P10: a ratio on G10's count span: a type mismatch (count fn, ratio fp).
    rec("ratio", 220, 223, percent=90.0),
    # P11: unit "class" == "classes"; qualifier wrong.
    rec("count", 230, 233, value=12, unit="class", qualifier="approximately"),
    # P12: within 1e-6 of 94.92 (4e-7 off).
    rec("ratio", 300, 306, percent=94.9200004),
    # P13: 1e-5 off 50.0: strict fp+fn, detection tp.
    rec("ratio", 310, 313, percent=50.00001),
    # P14: same fraction, qualifier wrong.
    rec("ratio", 320, 325, kind="fraction", percent=None, numerator=12, denominator=13,
        qualifier="more_than"),
]

# Hand-computed figures (P = tp/(tp+fp), R = tp/(tp+fn), F1 = 2tp/(2tp+fp+fn)):
#
#   document_ref strict    tp 2 (G1-P1, G2-P2)  fp 1 (P3)          fn 1 (G3)
#                          P 2/3  R 2/3  F1 4/6 = 2/3
#                detection tp 3  fp 0  fn 0 -> 1, 1, 1
#   date         strict    tp 3 (G4-P4, G6-PB, G7-PA)  fp 2 (P4dup, P5)  fn 1 (G5)
#                          P 3/5  R 3/4  F1 6/9 = 2/3
#                detection tp 4 (+G5-P5)  fp 1 (P4dup)  fn 0
#                          P 4/5  R 1  F1 8/9
#   count        strict    tp 3 (G8, G9, G11)  fp 0  fn 1 (G10)
#                          P 1  R 3/4  F1 6/7
#                detection the same (P10 is a ratio)
#   ratio        strict    tp 2 (G12, G14)  fp 2 (P13, P10)  fn 1 (G13)
#                          P 2/4  R 2/3  F1 4/7
#                detection tp 3 (+G13-P13)  fp 1 (P10)  fn 0
#                          P 3/4  R 1  F1 6/7
#   overall      strict    tp 10  fp 5  fn 4   P 10/15  R 10/14  F1 20/29
#                detection tp 13  fp 2  fn 1   P 13/15  R 13/14  F1 26/29
#
#   attributes   document_ref symbol 2/2 (P1 same, P2 both null)
#                             issuer 1/2 (P1 wrong)   issued_on 1/2 (P2 wrong)
#                count qualifier 2/3 (P11 wrong)  unit 2/3 (P9 wrong)
#                      subject 0/1 (only G9 has one)  location 1/1
#                ratio qualifier 1/2 (P14 wrong); no subject/location in gold
EXPECTED = {
    "document_ref": ((2, 1, 1, 2 / 3, 2 / 3, 2 / 3), (3, 0, 0, 1.0, 1.0, 1.0)),
    "date": ((3, 2, 1, 3 / 5, 3 / 4, 2 / 3), (4, 1, 0, 4 / 5, 1.0, 8 / 9)),
    "count": ((3, 0, 1, 1.0, 3 / 4, 6 / 7), (3, 0, 1, 1.0, 3 / 4, 6 / 7)),
    "ratio": ((2, 2, 1, 2 / 4, 2 / 3, 4 / 7), (3, 1, 0, 3 / 4, 1.0, 6 / 7)),
}


def _figures(fig: dict) -> tuple:
    return (fig["tp"], fig["fp"], fig["fn"], fig["precision"], fig["recall"], fig["f1"])


@pytest.fixture
def report() -> dict:
    return score(GOLD, PRED, texts=TEXTS)


@pytest.mark.parametrize("type_", list(EXPECTED))
def test_per_type_figures(report, type_):
    strict, detection = EXPECTED[type_]
    fig = report["types"][type_]
    assert _figures(fig["strict"]) == pytest.approx(strict)
    assert _figures(fig["detection"]) == pytest.approx(detection)


def test_overall_is_micro_average(report):
    assert _figures(report["overall"]["strict"]) == pytest.approx((10, 5, 4, 10 / 15, 10 / 14, 20 / 29))
    assert _figures(report["overall"]["detection"]) == pytest.approx((13, 2, 1, 13 / 15, 13 / 14, 26 / 29))
    assert report["overall"]["n_gold"] == 14 and report["overall"]["n_pred"] == 15


def test_attribute_accuracy(report):
    acc = {t: {k: (v["correct"], v["n"]) for k, v in fields.items()}
           for t, fields in report["attributes"].items()}
    assert acc["document_ref"] == {"symbol": (2, 2), "issuer": (1, 2), "issued_on": (1, 2)}
    assert acc["count"] == {"qualifier": (2, 3), "unit": (2, 3), "subject": (0, 1), "location": (1, 1)}
    # No gold subject/location on ratios: not reported (n would be 0).
    assert acc["ratio"] == {"qualifier": (1, 2)}
    assert report["attributes"]["count"]["unit"]["accuracy"] == pytest.approx(2 / 3)
    fields = sorted((a["type"], a["field"]) for a in report["attribute_errors"])
    assert fields == [("count", "qualifier"), ("count", "subject"), ("count", "unit"),
                      ("document_ref", "issued_on"), ("document_ref", "issuer"),
                      ("ratio", "qualifier")]


def test_error_list(report):
    errors = {(e["kind"], e["type"], e["start_char"], e["end_char"]) for e in report["errors"]}
    assert errors == {
        ("fn", "document_ref", 50, 60), ("fp", "document_ref", 50, 60),   # G3 / P3
        ("fp", "date", 101, 104),                                          # P4dup
        ("fn", "date", 110, 119), ("fp", "date", 110, 114),                # G5 / P5
        ("fn", "count", 220, 222), ("fp", "ratio", 220, 223),              # G10 / P10
        ("fn", "ratio", 310, 313), ("fp", "ratio", 310, 313),              # G13 / P13
    }
    g3 = next(e for e in report["errors"] if e["kind"] == "fn" and e["start_char"] == 50)
    assert g3["key"] == "plan 10" and g3["doc_id"] == "d1"
    # What the prediction had there: the wrong number.
    assert [(o["type"], o["key"]) for o in g3["overlapping"]] == [("document_ref", "plan 1")]
    # 40 characters each side, the mention in brackets, newlines as ⏎.
    assert g3["context"] == (TEXT[10:50] + "[" + TEXT[50:60] + "]" + TEXT[60:100]).replace("\n", "⏎")
    assert "⏎" in g3["context"] and "\n" not in g3["context"]


def test_context_by_hand():
    text = "Intro.\nThe city sent 200 cadres abroad."
    gold = [rec("count", 21, 24, text=text, value=200)]
    [err] = score(gold, [], texts={"d1": text})["errors"]
    assert err["context"] == "Intro.⏎The city sent [200] cadres abroad."
    assert score(gold, [])["errors"][0]["context"] is None


def test_score_is_order_independent():
    a = score(GOLD, PRED, texts=TEXTS)
    b = score(list(reversed(GOLD)), list(reversed(PRED)), texts=TEXTS)
    assert a == b


def test_models_and_dicts_score_the_same():
    from extractor.schema import validate_record

    models = score([validate_record(r) for r in GOLD], [validate_record(r) for r in PRED])
    assert models == score(GOLD, PRED)


def test_format_table(report):
    table = format_table(report)
    lines = table.splitlines()
    # type | strict P R F1 | detection P R F1 | tp fp fn
    row = next(line for line in lines if line.startswith("date"))
    assert row.split() == ["date", "|", "0.600", "0.750", "0.667", "|", "0.800", "1.000",
                           "0.889", "|", "3", "2", "1"]
    assert any(line.startswith("overall") and "0.690" in line for line in lines)
    assert "issuer" in table and "(1/2)" in table
    assert "fn d1 document_ref [50:60]" in table
    assert "fp d1 date [101:104]" in table


def test_zero_denominators():
    r = score([], [])
    assert _figures(r["overall"]["strict"]) == (0, 0, 0, 0.0, 0.0, 0.0)
    assert r["types"]["count"]["n_gold"] == 0
    assert r["attributes"]["count"]["unit"] == {"n": 0, "correct": 0, "accuracy": None}
    only_pred = score([], [rec("count", 0, 4)])
    assert _figures(only_pred["types"]["count"]["strict"]) == (0, 1, 0, 0.0, 0.0, 0.0)


def test_doc_ids_restricts_predictions():
    gold = [rec("count", 0, 4)]
    pred = [rec("count", 0, 4), rec("count", 0, 4, doc_id="other")]
    assert score(gold, pred)["overall"]["strict"]["fp"] == 1
    assert score(gold, pred, doc_ids=["d1"])["overall"]["strict"]["fp"] == 0


# --------------------------------------------------------------------------
# Key values and attribute rules


@pytest.mark.parametrize("gold,pred,same", [
    ("04", "4", True), ("0", "0", True), ("00", "0", True), ("0", "", False),
    ("10", "1", False), ("125", "0125", True), ("04", "40", False),
])
def test_document_number_leading_zeros(gold, pred, same):
    g = rec("document_ref", 0, 10, number=gold)
    p = rec("document_ref", 0, 10, number=pred or None)
    assert key_equal(g, p) is same


def test_document_type_is_part_of_the_key():
    assert not key_equal(rec("document_ref", 0, 9, doc_type="plan", number="4"),
                         rec("document_ref", 0, 9, doc_type="project", number="4"))


@pytest.mark.parametrize("gold,pred,same", [
    (94.92, 94.92 + 1e-6 * 0.9, True), (94.92, 94.92 + 2e-6, False), (50.0, 50, True),
])
def test_percent_tolerance(gold, pred, same):
    assert key_equal(rec("ratio", 0, 4, percent=gold), rec("ratio", 0, 4, percent=pred)) is same


def test_ratio_kind_and_fraction():
    frac = rec("ratio", 0, 5, kind="fraction", percent=None, numerator=12, denominator=13)
    assert key_equal(frac, dict(frac))
    assert not key_equal(frac, {**frac, "denominator": 14})
    assert not key_equal(frac, rec("ratio", 0, 5, percent=12.0))


def test_date_range_key():
    r = rec("date", 0, 9, kind="range", value=None, begin="2020", end="2025")
    assert key_equal(r, dict(r))
    assert not key_equal(r, {**r, "end": None})


@pytest.mark.parametrize("gold,pred,same", [
    ("cadres and civil servants", "civil servant", True),
    ("cadres", "Cadres", True),
    ("cadres", "cadre", True),
    ("intermediate military law classes", "class", True),
    ("provinces and cities", "city", True),
    ("women", "woman", True),
    ("cadres", "officials", False),
    ("party members", "party", False),
    ("", "", True),
    ("", "cadres", False),
])
def test_unit_last_word_rule(gold, pred, same):
    assert last_word_equal(gold, pred) is same


# --------------------------------------------------------------------------
# One-to-one matching


def test_greedy_would_fail():
    # Gold X [0,10) and Y [10,20); pred A [5,15) overlaps both, B [0,3) only X.
    golds = [rec("count", 0, 10), rec("count", 10, 20)]
    preds = [rec("count", 5, 15), rec("count", 0, 3)]
    assert match(golds, preds, lambda g, p: True) == [(0, 1), (1, 0)]
    r = score(golds, preds)
    assert _figures(r["types"]["count"]["strict"]) == (2, 0, 0, 1.0, 1.0, 1.0)


def test_duplicates_match_once_preferring_larger_overlap():
    golds = [rec("count", 0, 10)]
    preds = [rec("count", 0, 3), rec("count", 0, 8), rec("count", 2, 10)]
    # overlaps 3, 8, 8: the first of the largest wins.
    assert match(golds, preds, lambda g, p: True) == [(0, 1)]


def test_maximum_matching_prefers_larger_total_overlap():
    # G1 [0,10), G2 [20,30); P1 [5,25) overlaps both by 5, P2 [0,9) G1 by 9,
    # P3 [21,22) G2 by 1.  Matchings of size 2 and their overlaps:
    # G1-P2 + G2-P1 = 14, G1-P2 + G2-P3 = 10, G1-P1 + G2-P3 = 6: the first wins.
    golds = [rec("count", 0, 10), rec("count", 20, 30)]
    preds = [rec("count", 5, 25), rec("count", 0, 9), rec("count", 21, 22)]
    assert match(golds, preds, lambda g, p: True) == [(0, 1), (1, 0)]


def test_touching_spans_do_not_overlap():
    r = score([rec("count", 0, 4)], [rec("count", 4, 8)])
    assert r["types"]["count"]["detection"]["tp"] == 0


def test_type_mismatch_is_never_a_match():
    r = score([rec("count", 0, 4, value=90)], [rec("ratio", 0, 4, percent=90.0)])
    assert r["types"]["count"]["detection"]["fn"] == 1
    assert r["types"]["ratio"]["detection"]["fp"] == 1


def _brute_force_max(golds, preds) -> int:
    """The size of a maximum matching, by trying every injection."""
    edges = {(i, j) for i, g in enumerate(golds) for j, p in enumerate(preds)
             if g["start_char"] < p["end_char"] and p["start_char"] < g["end_char"]}
    best = 0
    n, m = len(golds), len(preds)
    for k in range(min(n, m), 0, -1):
        for rows in itertools.combinations(range(n), k):
            for cols in itertools.permutations(range(m), k):
                if all((r, c) in edges for r, c in zip(rows, cols)):
                    return k
    return best


spans = st.lists(
    st.tuples(st.integers(0, 30), st.integers(1, 8)).map(lambda t: (t[0], t[0] + t[1])),
    min_size=0, max_size=5,
)


@settings(max_examples=200, deadline=None)
@given(spans, spans)
def test_matching_is_maximum_and_one_to_one(gold_spans, pred_spans):
    text = "x" * 40
    golds = [rec("count", s, e, text=text) for s, e in gold_spans]
    preds = [rec("count", s, e, text=text) for s, e in pred_spans]
    pairs = match(golds, preds, lambda g, p: True)
    assert len({g for g, _ in pairs}) == len(pairs) == len({p for _, p in pairs})
    for gi, pi in pairs:
        g, p = golds[gi], preds[pi]
        assert g["start_char"] < p["end_char"] and p["start_char"] < g["end_char"]
    assert len(pairs) == _brute_force_max(golds, preds)


# --------------------------------------------------------------------------
# Entities


def test_entities_only_on_docs_with_entity_gold():
    gold = [rec("location", 0, 5, name="Hanoi"), rec("count", 40, 44, doc_id="d2")]
    pred = [
        rec("location", 0, 5, name="HANOI"),                      # tp (case-insensitive)
        rec("person", 10, 20, name="Nguyen"),                     # fp: d1 has entity gold
        rec("location", 0, 5, doc_id="d2", name="Hanoi"),         # ignored: no entity gold in d2
        rec("count", 40, 44, doc_id="d2"),
    ]
    r = score(gold, pred)
    assert r["entity_docs"] == ["d1"]
    assert _figures(r["entities"]["location"]["strict"]) == (1, 0, 0, 1.0, 1.0, 1.0)
    assert _figures(r["entities"]["person"]["strict"]) == (0, 1, 0, 0.0, 0.0, 0.0)
    assert "organization" not in r["entities"]
    # Entities stay out of the overall figures.
    assert _figures(r["overall"]["strict"]) == (1, 0, 0, 1.0, 1.0, 1.0)
    assert not key_equal(rec("location", 0, 5, name="Hanoi"), rec("location", 0, 5, name="Hue"))


def test_no_entity_gold_means_no_entity_scoring():
    r = score([rec("count", 0, 4)], [rec("count", 0, 4), rec("person", 10, 20)])
    assert r["entities"] == {} and r["errors"] == []


# --------------------------------------------------------------------------
# Loading


def _write_jsonl(path: Path, records) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path) -> dict:
    """data/gold/d1.jsonl (+ a second_reader/ that must not be read),
    data/raw/d1.txt and a predictions file."""
    gold = tmp_path / "data" / "gold"
    _write_jsonl(gold / "d1.jsonl", GOLD)
    _write_jsonl(gold / "second_reader" / "d1.jsonl", GOLD[:2])
    raw = tmp_path / "data" / "raw"
    raw.mkdir()
    (raw / "d1.txt").write_text("\ufeff" + TEXT, encoding="utf-8")   # the BOM is dropped
    pred = _write_jsonl(tmp_path / "pred.jsonl", PRED)
    return {"gold": gold, "raw": raw, "pred": pred, "tmp": tmp_path}


def test_load_records_directory_top_level_only(corpus):
    records = load_records(corpus["gold"])
    assert len(records) == len(GOLD)
    assert records[0].type == "document_ref" and records[0].number == "04"
    assert len(load_records(corpus["gold"] / "d1.jsonl")) == len(GOLD)


def test_load_records_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(GOLD[0]) + "\n\n" + json.dumps({**GOLD[1], "end_char": 99}) + "\n")
    with pytest.raises(ValueError, match=r"bad\.jsonl:3"):
        load_records(bad)
    bad.write_text("{not json\n")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        load_records(bad)


# --------------------------------------------------------------------------
# Command line


def test_cli_json_report(corpus, capsys):
    out = corpus["tmp"] / "report.json"
    assert main(["--gold", str(corpus["gold"]), "--pred", str(corpus["pred"]), "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["overall"]["strict"]["f1"] == pytest.approx(20 / 29)
    assert report["types"]["date"]["strict"]["tp"] == 3
    assert len(report["errors"]) == 9
    # Context from data/raw (next to the gold dir), BOM removed.
    g3 = next(e for e in report["errors"] if e["kind"] == "fn" and e["start_char"] == 50)
    assert g3["context"].startswith(TEXT[10:50].replace("\n", "⏎") + "[")
    printed = capsys.readouterr().out
    assert printed.startswith("type") and "errors (9)" in printed


@pytest.mark.parametrize("args,code,failed", [
    (["--min-f1", "0.68"], 0, None),                 # overall strict F1 20/29 = 0.6897
    (["--min-f1", "0.70"], 1, "overall"),
    (["--min-type-f1", "0.55"], 0, None),             # lowest: ratio 4/7 = 0.5714
    (["--min-type-f1", "0.60"], 1, "ratio"),
    (["--min-f1", "0.5", "--min-type-f1", "0.7"], 1, "document_ref"),
])
def test_cli_thresholds(corpus, capsys, args, code, failed):
    rc = main(["--gold", str(corpus["gold"]), "--pred", str(corpus["pred"]), "--quiet", *args])
    assert rc == code
    captured = capsys.readouterr()
    assert captured.out == ""    # --quiet: no table
    if failed:
        assert failed in captured.err and "FAILED" in captured.err
    else:
        assert captured.err == ""


def test_cli_type_threshold_skips_empty_types(tmp_path):
    gold = _write_jsonl(tmp_path / "gold" / "d1.jsonl", [rec("count", 0, 4)])
    pred = _write_jsonl(tmp_path / "pred.jsonl", [rec("count", 0, 4)])
    # document_ref, date, ratio have no gold and no predictions: skipped.
    assert main(["--gold", str(gold.parent), "--pred", str(pred), "--quiet", "--min-type-f1", "1.0"]) == 0
    pred = _write_jsonl(tmp_path / "pred.jsonl", [rec("count", 0, 4), rec("date", 10, 14)])
    assert main(["--gold", str(gold.parent), "--pred", str(pred), "--quiet", "--min-type-f1", "1.0"]) == 1


def test_cli_ignores_predictions_for_documents_without_gold(tmp_path):
    gold = _write_jsonl(tmp_path / "gold" / "d1.jsonl", [rec("count", 0, 4)])
    _write_jsonl(tmp_path / "gold" / "d2.jsonl", [])      # annotated: no records
    pred = _write_jsonl(tmp_path / "pred.jsonl", [
        rec("count", 0, 4), rec("count", 0, 4, doc_id="d3"), rec("count", 0, 4, doc_id="d2")])
    out = tmp_path / "r.json"
    main(["--gold", str(gold.parent), "--pred", str(pred), "--quiet", "--json", str(out)])
    strict = json.loads(out.read_text())["overall"]["strict"]
    assert (strict["tp"], strict["fp"], strict["fn"]) == (1, 1, 0)   # d2 counts, d3 does not


def test_cli_runs_the_pipeline_without_pred(corpus, monkeypatch):
    calls = []

    def extract_text(text: str, doc_id: str, lang: str = "auto"):
        calls.append((doc_id, text))
        return [r for r in GOLD if r["doc_id"] == doc_id]

    monkeypatch.setitem(sys.modules, "extractor.pipeline",
                        types.SimpleNamespace(extract_text=extract_text))
    out = corpus["tmp"] / "r.json"
    assert main(["--gold", str(corpus["gold"]), "--json", str(out), "--min-f1", "1.0", "--quiet"]) == 0
    assert calls == [("d1", TEXT)]      # read from <gold>/../raw, BOM removed
    assert json.loads(out.read_text())["overall"]["strict"]["f1"] == 1.0


def test_cli_raw_dir_option_and_missing_text(corpus, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "extractor.pipeline",
                        types.SimpleNamespace(extract_text=lambda text, doc_id, lang="auto": []))
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--gold", str(corpus["gold"]), "--raw", str(empty), "--quiet"]) == 2
    assert main(["--gold", str(corpus["gold"]), "--raw", str(corpus["raw"]), "--quiet"]) == 0


def test_module_imports_without_pipeline():
    # The pipeline is imported lazily, inside the command.
    assert "extractor.pipeline" not in evaluate.__dict__
