"""extractor annotate (issue 13): Label Studio / doccano tasks pre-filled with
the extractor's records, their exports back to gold, offsets as the tools
count them, and partial gold read by the evaluator."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.annotate import doccano, labelstudio
from extractor.gold_coverage import Coverage, load_coverage, parse
from extractor.annotate.fields import BY_CONTROL, FIELDS
from extractor.annotate.gold import build_task
from extractor.annotate.offsets import OffsetError, OffsetMap
from extractor.articles import decode
from extractor.evaluate import doc_ids_of, load_records, score
from extractor.jsonl import record_dict
from extractor.schema import FACT_TYPES, validate_record

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


def cli(*args, cwd=None, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *map(str, args)], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=timeout)


def texts_of(src: Path) -> dict[str, str]:
    return {p.stem: decode(p.read_bytes()) for p in sorted(src.glob("*.txt"))}


@pytest.fixture(scope="module")
def raw_predictions() -> dict[str, list[dict]]:
    """The extractor's records of every data/raw article (doc_id -> dicts)."""
    from extractor.articles import Article
    from extractor.pipeline import Extractor

    ex = Extractor()
    out = {}
    for doc_id, text in texts_of(RAW).items():
        try:
            out[doc_id] = [record_dict(r) for r in ex.extract(Article(doc_id, text)).records]
        except Exception:  # the round trips must not depend on the pipeline's state
            out[doc_id] = []
    return out


def roundtrip_ls(doc_id, text, records, types=FACT_TYPES, unit="codepoint", edit=None, **kw):
    task, problems = labelstudio.make_task(doc_id, text, records, types, unit)
    assert problems == []
    exported = json.loads(json.dumps(task))  # as a file would carry it
    if edit is not None:
        edit(exported)
    tasks, notes = labelstudio.read_tasks([exported], accept_predictions=True, **kw)
    doc, problems = build_task(tasks[0], "tasks.json")
    return doc, [p for p in problems if p.level == "error"]


# --------------------------------------------------------------------------
# Offsets


EMOJI = "\U0001F468\U0001F3FB\u200D\U0001F692"  # firefighter, skin tone: 4 code points, 7 UTF-16 units


def js_length(s: str) -> int:
    """What JavaScript's String.length says (UTF-16 code units)."""
    return len(s.encode("utf-16-le")) // 2


def test_offsets_in_each_unit_on_an_emoji_and_decomposed_vietnamese():
    nfd = unicodedata.normalize("NFD", "Tỉnh ủy có 2.580 cán bộ")
    text = f"{EMOJI} firemen {nfd} firetrucks"
    i = text.index("firetrucks")
    cp, u16, gr = (OffsetMap(text, u) for u in ("codepoint", "utf16", "grapheme"))
    assert cp.from_python(i) == i
    assert u16.from_python(i) == js_length(text[:i]) == i + 3      # three astral code points
    # One grapheme for the emoji sequence, one per decomposed Vietnamese letter.
    assert gr.from_python(i) == len(regex.findall(r"\X", text[:i]))
    assert gr.from_python(i) < i
    for m in (cp, u16, gr):
        assert m.to_python(m.from_python(i)) == i
        assert m.to_python(m.length) == len(text)
    # Combining marks count one each in code points and in UTF-16, as in Python.
    j = text.index("2.580")
    assert u16.from_python(j) == j + 3
    with pytest.raises(OffsetError, match="between the two halves"):
        u16.to_python(1)
    with pytest.raises(OffsetError, match="inside the grapheme cluster"):
        gr.from_python(1)
    with pytest.raises(OffsetError, match="past the end"):
        cp.to_python(len(text) + 1)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", " ", "\u0301", "\u0323", "ệ", "\U0001F600", "\u200d", "\n"]),
               max_size=40))
def test_offset_maps_invert_each_other(text):
    for unit in ("codepoint", "utf16", "grapheme"):
        m = OffsetMap(text, unit)
        for k in range(m.length + 1):
            try:
                i = m.to_python(k)
            except OffsetError:
                assert unit == "utf16"
                continue
            assert m.from_python(i) == k
    u16 = OffsetMap(text, "utf16")
    assert u16.length == js_length(text)


# --------------------------------------------------------------------------
# The labeling config


def test_label_config_is_well_formed_and_matches_the_record_fields():
    root = ET.fromstring(labelstudio.label_config(FACT_TYPES))
    names = [el.get("name") for el in root.iter() if el.get("name")]
    assert len(names) == len(set(names)), "control names are unique"
    labels = [el.get("value") for el in root.find("Labels[@name='type']")]
    assert labels == list(FACT_TYPES)
    per_region = {el.get("name"): el for el in root.iter() if el.get("perRegion") == "true"}
    assert set(per_region) == {s.control for t in FACT_TYPES for s in FIELDS[t]}
    for name, el in per_region.items():
        spec = BY_CONTROL[name]
        assert el.tag == ("Choices" if spec.kind == "choice" else "TextArea")
        if spec.kind == "choice":
            assert [c.get("value") for c in el] == list(spec.choices)
    # Enums are choices, free values text areas (issue 13's examples).
    kinds = {(s.type, s.name): s.kind for t in FACT_TYPES for s in FIELDS[t]}
    assert kinds[("document_ref", "doc_type")] == kinds[("count", "qualifier")] == "choice"
    assert kinds[("date", "kind")] == kinds[("document_ref", "issuer")] == "choice"
    assert kinds[("count", "value")] == kinds[("count", "unit")] == kinds[("document_ref", "issuer")] \
        .replace("choice", "text") == "text"
    # Each type's fields show only when a region of that type is selected.
    for view in root.findall("View"):
        assert view.get("visibleWhen") == "region-selected" and view.get("whenTagName") == "type"


def validate_like_label_studio(config: str, result: list) -> list[str]:
    """The checks Label Studio's SDK makes on a prediction (from_name known,
    labels and choices among the config's), on the config's XML."""
    root = ET.fromstring(config)
    controls = {el.get("name"): el for el in root.iter() if el.get("toName")}
    errors = []
    for item in result:
        el = controls.get(item["from_name"])
        if el is None or el.get("toName") != item["to_name"]:
            errors.append(f"unknown control {item['from_name']}")
            continue
        allowed = {c.get("value") for c in el}
        v = item["value"]
        if el.tag == "Labels" and not set(v["labels"]) <= allowed:
            errors.append(f"bad label {v['labels']}")
        if el.tag == "Choices" and not set(v["choices"]) <= allowed:
            errors.append(f"bad choice {v['choices']}")
        if el.tag == "TextArea" and not (isinstance(v["text"], list) and len(v["text"]) == 1):
            errors.append("bad text area value")
        if el.get("perRegion") == "true" and not {"start", "end"} <= set(v):
            errors.append("per-region result without its span")
    return errors


def test_every_exported_prediction_fits_the_config(raw_predictions):
    config = labelstudio.label_config(FACT_TYPES)
    texts = texts_of(RAW)
    for doc_id, recs in raw_predictions.items():
        task, problems = labelstudio.make_task(doc_id, texts[doc_id], recs, FACT_TYPES)
        assert problems == []
        assert validate_like_label_studio(config, task["predictions"][0]["result"]) == []


def test_label_studio_sdk_accepts_the_config_and_the_predictions(raw_predictions):
    """With `pip install .[labelstudio]`: Label Studio's own parser and validator."""
    sdk = pytest.importorskip("label_studio_sdk.label_interface")
    li = sdk.LabelInterface(labelstudio.label_config(FACT_TYPES))
    texts = texts_of(RAW)
    for doc_id, recs in raw_predictions.items():
        task, _ = labelstudio.make_task(doc_id, texts[doc_id], recs, FACT_TYPES)
        assert li.validate_prediction(task["predictions"][0], return_errors=True) == []
    bad = copy.deepcopy(task["predictions"][0])
    bad["result"][0]["value"]["labels"] = ["Count"]
    assert li.validate_prediction(bad, return_errors=True) != []


# --------------------------------------------------------------------------
# Round trips without edits


@pytest.mark.parametrize("unit", ["codepoint", "utf16", "grapheme"])
def test_label_studio_round_trip_gives_back_exactly_the_predictions(raw_predictions, unit):
    texts = texts_of(RAW)
    for doc_id, recs in raw_predictions.items():
        facts = [r for r in recs if r["type"] in FACT_TYPES]
        doc, errors = roundtrip_ls(doc_id, texts[doc_id], recs, unit=unit)
        assert errors == []
        assert [record_dict(r) for r in doc.records] == facts, doc_id
        assert doc.coverage == Coverage(doc_id, FACT_TYPES, None)
    assert any(d.startswith("w") for d in raw_predictions), "a Vietnamese article is in data/raw"


def test_round_trip_of_every_type_and_of_existing_gold(raw_predictions):
    texts = texts_of(RAW)
    for doc_id, recs in raw_predictions.items():
        doc, errors = roundtrip_ls(doc_id, texts[doc_id], recs, types=labelstudio.ALL_TYPES)
        assert errors == [] and [record_dict(r) for r in doc.records] == recs
    # Gold files (with their notes) go out as annotations and come back the same.
    for f in sorted((ROOT / "data" / "gold").glob("*.jsonl")):
        gold = [record_dict(r) for r in load_records(f)]
        task, problems = labelstudio.make_task(f.stem, texts[f.stem], gold, labelstudio.ALL_TYPES,
                                               as_="annotations")
        tasks, _ = labelstudio.read_tasks([json.loads(json.dumps(task))])
        doc, problems = build_task(tasks[0], "t")
        assert problems == [] and [record_dict(r) for r in doc.records] == gold, f.stem


@pytest.mark.parametrize("unit", ["utf16", "grapheme", "codepoint"])
def test_doccano_round_trip(raw_predictions, unit):
    texts = texts_of(RAW)
    lines = []
    for doc_id, recs in raw_predictions.items():
        line, problems = doccano.make_line(doc_id, texts[doc_id], recs, FACT_TYPES, unit)
        assert problems == []
        assert all(isinstance(s, list) and len(s) == 3 for s in line["label"])
        if len(lines) % 2:  # doccano's other export layout (relation projects): entities
            line["entities"] = [{"id": k, "start_offset": s, "end_offset": e, "label": lab}
                                for k, (s, e, lab) in enumerate(line.pop("label"))]
            line = {**line, "meta": {"extractor": line.pop("extractor")}}
        lines.append(json.dumps(line, ensure_ascii=False))
    tasks, problems = doccano.read_lines(lines, source="t.jsonl")
    assert problems == []
    for task in tasks:
        doc, problems = build_task(task, "t.jsonl")
        facts = [r for r in raw_predictions[task.doc_id] if r["type"] in FACT_TYPES]
        assert problems == [] and [record_dict(r) for r in doc.records] == facts


def synthetic():
    """An article with an astral emoji sequence and decomposed (NFD)
    Vietnamese before its mentions, and records made by hand."""
    nfd = unicodedata.normalize("NFD", "Tỉnh ủy kết nạp ")
    text = f"{EMOJI} Tin mới. {nfd}2.580 đảng viên mới 🎉 trong năm 2024."
    s = text.index("2.580")
    y = text.index("2024")
    recs = [
        {"schema_version": "1", "doc_id": "vi1", "type": "count", "text": "2.580", "start_char": s,
         "end_char": s + 5, "qualifier": "exact", "value": 2580, "unit": "đảng viên mới",
         "lang": "vi", "foo": {"bar": 1}},
        {"schema_version": "1", "doc_id": "vi1", "type": "date", "text": "2024", "start_char": y,
         "end_char": y + 4, "kind": "point", "value": "2024", "lang": "vi"},
    ]
    recs = [record_dict(validate_record(r, text)) for r in recs]
    return text, recs


@pytest.mark.parametrize("unit", ["codepoint", "utf16", "grapheme"])
def test_non_bmp_and_combining_characters_both_tools(unit):
    text, recs = synthetic()
    task, _ = labelstudio.make_task("vi1", text, recs, FACT_TYPES, unit)
    label = task["predictions"][0]["result"][0]["value"]
    s = recs[0]["start_char"]
    expected = {"codepoint": s, "utf16": js_length(text[:s]),
                "grapheme": len(regex.findall(r"\X", text[:s]))}[unit]
    assert label["start"] == expected and label["text"] == "2.580"
    assert task["data"]["extractor"]["offsets"] == unit
    doc, errors = roundtrip_ls("vi1", text, recs, unit=unit)
    assert errors == [] and [record_dict(r) for r in doc.records] == recs
    line, _ = doccano.make_line("vi1", text, recs, FACT_TYPES, unit)
    assert line["label"][0][:2] == [expected, expected + 5]
    tasks, _ = doccano.read_lines([json.dumps(line)])
    doc, problems = build_task(tasks[0], "t")
    assert problems == [] and [record_dict(r) for r in doc.records] == recs


def test_offsets_counted_in_another_unit_give_an_error_that_says_which():
    text, recs = synthetic()
    task, _ = labelstudio.make_task("vi1", text, recs, FACT_TYPES, "utf16")
    del task["data"]["extractor"]["offsets"]  # an older export: the unit is not recorded
    tasks, _ = labelstudio.read_tasks([task], accept_predictions=True)
    doc, problems = build_task(tasks[0], "t")
    errors = [p.reason for p in problems if p.level == "error"]
    assert len(errors) == 2 and all("import with --offsets utf16" in e for e in errors)
    tasks, _ = labelstudio.read_tasks([task], accept_predictions=True, unit="utf16")
    doc, problems = build_task(tasks[0], "t")
    assert [record_dict(r) for r in doc.records] == recs


def test_unknown_extra_fields_are_kept():
    """A newer extractor's additive fields (lang, context fields) survive."""
    text, recs = synthetic()

    def edit(task):
        result = task["predictions"][0]["result"]
        for item in result:
            if item["from_name"] == "count_unit":
                item["value"]["text"] = ["đảng viên"]
        s = text.index("Tin")
        result.append({"id": "new", "from_name": "type", "to_name": "text", "type": "labels",
                       "value": {"start": s, "end": s + 3, "labels": ["date"]}})
        result.append({"id": "new", "from_name": "date_kind", "to_name": "text", "type": "choices",
                       "value": {"start": s, "end": s + 3, "choices": ["point"]}})
        result.append({"id": "new", "from_name": "date_value", "to_name": "text", "type": "textarea",
                       "value": {"start": s, "end": s + 3, "text": ["2023"]}})

    doc, errors = roundtrip_ls("vi1", text, recs, edit=edit)
    assert errors == []
    new, count, date = (record_dict(r) for r in doc.records)
    assert count["unit"] == "đảng viên" and count["lang"] == "vi" and count["foo"] == {"bar": 1}
    assert date == recs[1]
    assert new["lang"] == "vi" and "foo" not in new and new["value"] == "2023"


# --------------------------------------------------------------------------
# Bad imports: one clear error each, the rest imported


def test_bad_regions_give_one_error_each_and_the_rest_import(raw_predictions):
    texts = texts_of(RAW)
    doc_id = next(d for d, rs in raw_predictions.items() if sum(r["type"] == "count" for r in rs) >= 2)
    text, recs = texts[doc_id], raw_predictions[doc_id]
    facts = [r for r in recs if r["type"] in FACT_TYPES]
    count = next(r for r in facts if r["type"] == "count")
    # Free spots (no record there) for the added regions.
    taken = [(r["start_char"], r["end_char"]) for r in recs]
    free = [m for m in re.finditer(r" (\w+) ", text)
            if not any(s < m.end() and m.start() < e for s, e in taken)]
    w1, w2 = free[0], free[5]

    def region(rid, start, end, label, **fields):
        out = [{"id": rid, "from_name": "type", "to_name": "text", "type": "labels",
                "value": {"start": start, "end": end, "labels": [label]}}]
        for name, v in fields.items():
            kind = "choices" if BY_CONTROL[name].kind == "choice" else "textarea"
            key = "choices" if kind == "choices" else "text"
            out.append({"id": rid, "from_name": name, "to_name": "text", "type": kind,
                        "value": {"start": start, "end": end, key: [v]}})
        return out

    def edit(task):
        result = task["predictions"][0]["result"]
        # 1. a label over whitespace: the word with the space after it
        result += region("ws", w1.start(1), w1.end(), "count", count_value="3")
        # 2. an offset past the text
        result += region("past", len(text) - 2, len(text) + 40, "date", date_kind="point",
                         date_value="2024")
        # 3. a value that does not parse
        result += region("nan", w2.start(1), w2.end(1), "count", count_value="2,5x")
        # 4. an unknown label
        result += region("unk", count["start_char"] - 0, count["end_char"], "Count")

    doc, errors = roundtrip_ls(doc_id, text, recs, edit=edit)
    by_region = {p.region_id: p.reason for p in errors}
    assert len(errors) == 4 and set(by_region) == {"ws", "past", "nan", "unk"}
    assert "ends with whitespace" in by_region["ws"]
    assert "past the end of the text" in by_region["past"]
    assert "'2,5x' is not a whole number" in by_region["nan"]
    assert "unknown label 'Count'" in by_region["unk"]
    # The rest imported, exactly (the unknown label sat on a count; that count stays).
    assert [record_dict(r) for r in doc.records] == facts
    line = errors[0].line()
    assert line.startswith("tasks.json: task 1 [") and " region " in line and "error:" in line


def test_more_contract_violations_are_errors():
    text, recs = synthetic()
    s, e = recs[0]["start_char"], recs[0]["end_char"]

    def edit(task):
        result = task["predictions"][0]["result"]
        # overlapping a count already there
        result.append({"id": "ov", "from_name": "type", "to_name": "text", "type": "labels",
                       "value": {"start": s + 2, "end": e + 3, "labels": ["ratio"]}})
        result.append({"id": "ov", "from_name": "ratio_kind", "to_name": "text", "type": "choices",
                       "value": {"start": s + 2, "end": e + 3, "choices": ["percent"]}})
        result.append({"id": "ov", "from_name": "ratio_percent", "to_name": "text", "type": "textarea",
                       "value": {"start": s + 2, "end": e + 3, "text": ["5"]}})
        # the date relabelled a count, its date fields still there
        for item in result:
            if item["id"] == "r2" and item["type"] == "labels":
                item["value"]["labels"] = ["count"]

    doc, errors = roundtrip_ls("vi1", text, recs, edit=edit)
    reasons = {p.region_id: p.reason for p in errors}
    assert "overlaps region r1" in reasons["ov"]
    assert "labelled count but has fields of date" in reasons["r2"]
    assert [r.type for r in doc.records] == ["count"]

    def edit2(task):
        for item in task["predictions"][0]["result"]:
            if item["from_name"] == "date_value":
                item["value"]["text"] = ["2024-13"]
    doc, errors = roundtrip_ls("vi1", text, recs, edit=edit2)
    assert len(errors) == 1 and "month out of range" in errors[0].reason


def test_a_type_not_ticked_or_outside_the_ranges_is_an_error():
    text, recs = synthetic()

    def edit(task):
        result = task["predictions"][0]["result"]
        for item in result:
            if item["from_name"] == "coverage_types":
                item["value"]["choices"] = ["count"]
        result.append({"id": "rng", "from_name": "coverage", "to_name": "text", "type": "labels",
                       "value": {"start": 0, "end": recs[0]["start_char"], "labels": ["annotated range"]}})

    doc, errors = roundtrip_ls("vi1", text, recs, edit=edit)
    assert [p.region_id for p in errors] == ["r1", "r2"]
    assert "outside every 'annotated range'" in errors[0].reason
    assert "date is not among the types annotated (count)" in errors[1].reason
    assert doc.coverage == Coverage("vi1", ("count",), ((0, recs[0]["start_char"]),))


# --------------------------------------------------------------------------
# Partial gold in the evaluator


def test_coverage_lines_parse_and_bad_ones_are_named(tmp_path):
    assert parse({"coverage": {"types": ["count"], "ranges": [[5, 9], [0, 3]]}}) == \
        Coverage(None, ("count",), ((0, 3), (5, 9)))
    for bad, msg in [({"coverage": {"types": ["counts"]}}, "unknown record type"),
                     ({"coverage": {"ranges": [[9, 5]]}}, "start < end"),
                     ({"coverage": {"range": []}}, "unknown coverage key")]:
        with pytest.raises(ValueError, match=msg):
            parse(bad)
    f = tmp_path / "g.jsonl"
    f.write_text('{"coverage": {"doc_id": "a"}}\n{"coverage": {"doc_id": "a", "types": []}}\n')
    with pytest.raises(ValueError, match=r"g.jsonl:2: a second coverage line for a"):
        load_coverage(f)


def test_evaluate_scores_only_inside_the_declared_coverage(tmp_path, raw_predictions):
    """Three gold records from one paragraph scored against the whole article
    give a low precision; declared as covering that paragraph, they do not."""
    doc_id = "002_eff97a5cb8132c8b"
    text = texts_of(RAW)[doc_id]
    preds = [r for r in raw_predictions[doc_id] if r["type"] in FACT_TYPES]
    gold = preds[3:6]
    lo, hi = gold[0]["start_char"], gold[-1]["end_char"]
    assert not any(lo < r["end_char"] and r["start_char"] < hi for r in preds if r not in gold)
    gdir = tmp_path / "gold"
    gdir.mkdir()
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gold)
    (gdir / f"{doc_id}.jsonl").write_text(body, encoding="utf-8")
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in preds),
                         encoding="utf-8")
    whole = cli("evaluate", "--gold", gdir, "--pred", pred_file, "--raw", RAW, "--json",
                tmp_path / "whole.json")
    assert whole.returncode == 0, whole.stderr
    p_whole = json.loads((tmp_path / "whole.json").read_text())["overall"]["strict"]["precision"]
    assert p_whole == pytest.approx(3 / len(preds))

    cov = {"coverage": {"types": list(FACT_TYPES), "ranges": [[lo, hi]]}}
    (gdir / f"{doc_id}.jsonl").write_text(json.dumps(cov) + "\n" + body, encoding="utf-8")
    part = cli("evaluate", "--gold", gdir, "--pred", pred_file, "--raw", RAW, "--json",
               tmp_path / "part.json")
    assert part.returncode == 0, part.stderr
    rep = json.loads((tmp_path / "part.json").read_text())
    assert rep["overall"]["strict"]["f1"] == 1.0 and rep["overall"]["n_pred"] == 3
    assert "gold coverage (scored only inside it)" in part.stdout

    # Types: covering counts only drops the other types from both sides.
    cov = {"coverage": {"types": ["count"]}}
    counts = [r for r in preds if r["type"] == "count"]
    (gdir / f"{doc_id}.jsonl").write_text(
        json.dumps(cov) + "\n" + "".join(json.dumps(r) + "\n" for r in counts), encoding="utf-8")
    rep = score(load_records(gdir), [validate_record(r) for r in preds], coverage=load_coverage(gdir))
    assert rep["overall"]["strict"]["f1"] == 1.0
    assert rep["types"]["date"]["n_pred"] == 0 and rep["types"]["count"]["n_pred"] == len(counts)

    # A gold record outside its own coverage: the file contradicts itself.
    cov = {"coverage": {"ranges": [[0, 10]]}}
    (gdir / f"{doc_id}.jsonl").write_text(json.dumps(cov) + "\n" + body, encoding="utf-8")
    bad = cli("evaluate", "--gold", gdir, "--pred", pred_file, "--raw", RAW)
    assert bad.returncode == 2 and "outside the file's declared coverage" in bad.stderr


def test_a_covered_document_without_records_is_scored(tmp_path, raw_predictions):
    """One gold file, a document the annotator read and found nothing in:
    its predictions are false positives."""
    doc_id = "001_18b55c52c9600963"
    preds = [r for r in raw_predictions[doc_id] if r["type"] == "ratio"]
    f = tmp_path / "gold.jsonl"
    f.write_text(json.dumps({"coverage": {"doc_id": doc_id, "types": ["ratio"]}}) + "\n")
    rep = score(load_records(f), [validate_record(r) for r in preds], coverage=load_coverage(f),
                doc_ids=doc_ids_of(f, []))
    assert rep["types"]["ratio"]["strict"]["fp"] == len(preds) > 0


# --------------------------------------------------------------------------
# Done when (issue 13): export data/raw, edit as an annotator, import, evaluate


def test_export_edit_import_evaluate_shows_exactly_the_edits(tmp_path):
    # The predictions of one run (an article whose extraction fails is
    # exported without predictions: the check does not depend on the pipeline).
    pred = tmp_path / "pred.jsonl"
    r = cli("extract", RAW, "-o", pred, "--workers", "1")
    assert r.returncode == 0 and pred.is_file(), r.stderr
    tasks_file = tmp_path / "tasks.json"
    r = cli("annotate", "export", RAW, "--records", pred, "-o", tasks_file)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "tasks.label_config.xml").is_file()
    tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
    by_doc = {t["data"]["doc_id"]: t for t in tasks}
    assert len(tasks) == len(list(RAW.glob("*.txt")))

    # The annotator submits every task; edits three.
    for t in tasks:
        t["annotations"] = [{"id": 1, "result": copy.deepcopy(t["predictions"][0]["result"]),
                             "was_cancelled": False, "updated_at": "2026-12-01T00:00:00Z"}]

    def regions(t):
        return t["data"]["extractor"]["records"]

    # 1. delete a false record (the first count of an English article)
    en = by_doc["002_eff97a5cb8132c8b"]
    rid, deleted = next((k, v) for k, v in regions(en).items() if v["type"] == "count")
    en["annotations"][0]["result"] = [i for i in en["annotations"][0]["result"] if i["id"] != rid]

    # 2. fix a unit (a count of a Vietnamese article)
    vi_doc = next(d for d, t in by_doc.items() if d.startswith("w")
                  and any(v["type"] == "count" for v in regions(t).values()))
    vi = by_doc[vi_doc]
    fid, fixed = next((k, v) for k, v in regions(vi).items() if v["type"] == "count")
    new_unit = "đại biểu" if not fixed["unit"].endswith("đại biểu") else "cán bộ"
    result = vi["annotations"][0]["result"]
    items = [i for i in result if i["id"] == fid and i["from_name"] == "count_unit"]
    if items:
        items[0]["value"]["text"] = [new_unit]
    else:
        result.append({"id": fid, "from_name": "count_unit", "to_name": "text", "type": "textarea",
                       "value": {"start": fixed["start_char"], "end": fixed["end_char"],
                                 "text": [new_unit]}})

    # 3. add a missed span with its value (a number no record covers, Vietnamese article)
    text = vi["data"]["text"]
    taken = [(v["start_char"], v["end_char"]) for v in regions(vi).values()]
    m = next(m for m in re.finditer(r"(?<![\w.,/-])\d{1,3}(?![\w.,/%-])", text)
             if not any(s < m.end() and m.start() < e for s, e in taken))
    s, e = m.span()
    result += [
        {"id": "added", "from_name": "type", "to_name": "text", "type": "labels",
         "value": {"start": s, "end": e, "text": m.group(), "labels": ["count"]}},
        {"id": "added", "from_name": "count_value", "to_name": "text", "type": "textarea",
         "value": {"start": s, "end": e, "text": [m.group()]}},
        {"id": "added", "from_name": "count_unit", "to_name": "text", "type": "textarea",
         "value": {"start": s, "end": e, "text": ["người"]}},
    ]
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")

    gold = tmp_path / "mygold"
    r = cli("annotate", "import", export, "-o", gold, "--raw", RAW)
    assert r.returncode == 0, r.stderr
    assert "0 errors" in r.stderr
    first = (gold / f"{vi_doc}.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert json.loads(first) == {"coverage": {"doc_id": vi_doc, "types": list(FACT_TYPES)}}
    # Importing again gives the same bytes (and replaces nothing).
    before = {p.name: p.read_bytes() for p in gold.iterdir()}
    r = cli("annotate", "import", export, "-o", gold, "--raw", RAW)
    assert r.returncode == 0 and {p.name: p.read_bytes() for p in gold.iterdir()} == before

    report = tmp_path / "report.json"
    r = cli("evaluate", "--gold", gold, "--pred", pred, "--raw", RAW, "--json", report)
    assert r.returncode == 0, r.stderr
    rep = json.loads(report.read_text(encoding="utf-8"))
    errors = {(x["kind"], x["doc_id"], x["type"], x["start_char"], x["end_char"]) for x in rep["errors"]}
    assert errors == {
        ("fp", "002_eff97a5cb8132c8b", "count", deleted["start_char"], deleted["end_char"]),
        ("fn", vi_doc, "count", s, e),
    }
    assert [(a["doc_id"], a["field"], a["gold"], a["pred"]) for a in rep["attribute_errors"]] == \
        [(vi_doc, "unit", new_unit, fixed["unit"])]
    n = sum(len(regions(t)) for t in tasks)
    o = rep["overall"]["strict"]
    assert (o["tp"], o["fp"], o["fn"]) == (n - 1, 1, 1)


def test_cli_usage_errors_and_existing_files(tmp_path):
    (tmp_path / "a.txt").write_text("Có 12 cán bộ.", encoding="utf-8")
    r = cli("annotate", "export", tmp_path / "a.txt", "-o", tmp_path / "t.json", "--types", "counts")
    assert r.returncode == 1 and "unknown type" in r.stderr
    r = cli("annotate", "export", tmp_path / "a.txt", "-o", tmp_path / "a.txt", "--no-predictions")
    assert r.returncode == 1 and "overwrite an input" in r.stderr
    r = cli("annotate", "export", tmp_path / "a.txt", "-o", tmp_path / "t.jsonl", "--no-predictions")
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path / "t.jsonl").read_text())["extractor"]["offsets"] == "utf16"
    assert json.loads((tmp_path / "t.labels.json").read_text())[0]["text"] == "document_ref"
    # An annotator adds a count in doccano: the span, and its values in the metadata.
    line = json.loads((tmp_path / "t.jsonl").read_text())
    line["label"] = [[3, 5, "count"]]
    line["extractor"]["records"] = [{"start": 3, "end": 5, "label": "count",
                                     "fields": {"value": 12, "unit": "cán bộ"}}]
    (tmp_path / "t.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "g.jsonl"
    out.write_text("hand-made\n")
    r = cli("annotate", "import", tmp_path / "t.jsonl", "-o", out)
    assert r.returncode == 1 and "nothing written" in r.stderr and out.read_text() == "hand-made\n"
    r = cli("annotate", "import", tmp_path / "t.jsonl", "-o", out, "--force")
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == {"coverage": {"doc_id": "a", "types": list(FACT_TYPES)}}
    assert lines[1]["value"] == 12 and lines[1]["text"] == "12" and lines[1]["unit"] == "cán bộ"
    r = cli("annotate", "import", tmp_path / "missing.json", "-o", tmp_path / "x")
    assert r.returncode == 1 and "missing.json" in r.stderr
