"""The record contract: validators refuse impossible records."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from pydantic import ValidationError

from extractor.schema import json_schema, parse_iso_partial, validate_record

TEXT = "In 2021, 12/13 districts had 2,580 cadres under Resolution No. 04-NQ/TU."


def base(**kw):
    d = {"schema_version": "1", "doc_id": "d"}
    d.update(kw)
    return d


GOOD = [
    base(type="date", text="2021", start_char=3, end_char=7, kind="point", value="2021"),
    base(type="ratio", text="12/13", start_char=9, end_char=14, kind="fraction", numerator=12, denominator=13),
    base(type="count", text="2,580", start_char=29, end_char=34, value=2580, unit="cadres"),
    base(type="document_ref", text="Resolution No. 04-NQ/TU", start_char=48, end_char=71,
         doc_type="resolution", number="04", symbol="04-NQ/TU", issuer="Provincial Party Committee"),
]

BAD = [
    ("offsets do not match the text", base(type="date", text="2021", start_char=4, end_char=8, kind="point", value="2021")),
    ("offsets beyond the text", base(type="date", text="2021", start_char=300, end_char=304, kind="point", value="2021")),
    ("end before start", base(type="date", text="", start_char=5, end_char=5, kind="point", value="2021")),
    ("malformed ISO value", base(type="date", text="2021", start_char=3, end_char=7, kind="point", value="2021-13")),
    ("impossible day", base(type="date", text="2021", start_char=3, end_char=7, kind="point", value="2021-02-30")),
    ("range begins after it ends", base(type="date", text="2021", start_char=3, end_char=7, kind="range", begin="2025", end="2021")),
    ("point without value", base(type="date", text="2021", start_char=3, end_char=7, kind="point")),
    ("negative count", base(type="count", text="2,580", start_char=29, end_char=34, value=-1, unit="cadres")),
    ("fraction without denominator", base(type="ratio", text="12/13", start_char=9, end_char=14, kind="fraction", numerator=12)),
    ("zero denominator", base(type="ratio", text="12/13", start_char=9, end_char=14, kind="fraction", numerator=12, denominator=0)),
    ("unknown doc_type", base(type="document_ref", text="Resolution No. 04-NQ/TU", start_char=48, end_char=71, doc_type="memo", number="04")),
    ("unknown issuer", base(type="document_ref", text="Resolution No. 04-NQ/TU", start_char=48, end_char=71, doc_type="resolution", number="04", issuer="Somebody")),
    ("unknown type", base(type="money", text="2021", start_char=3, end_char=7)),
    ("wrong schema version", dict(GOOD[0], schema_version="2")),
]


@pytest.mark.parametrize("rec", GOOD, ids=lambda r: r["type"])
def test_good_records_validate(rec):
    assert validate_record(rec, TEXT).text == rec["text"]


@pytest.mark.parametrize("why,rec", BAD, ids=[b[0] for b in BAD])
def test_bad_records_are_refused(why, rec):
    with pytest.raises(ValidationError):
        validate_record(rec, TEXT)


@pytest.mark.parametrize("value,ok", [("2021", True), ("2021-05", True), ("2021-05-31", True),
                                      ("--05-31", True), ("--02-29", True), ("2021-5", False),
                                      ("21", False), ("2021-00", False), ("--13-01", False)])
def test_iso_partial(value, ok):
    if ok:
        parse_iso_partial(value)
    else:
        with pytest.raises(ValueError):
            parse_iso_partial(value)


def test_schema_command_prints_the_json_schema():
    out = subprocess.run([sys.executable, "-m", "extractor.cli", "schema"], capture_output=True,
                         text=True, check=True).stdout
    schema = json.loads(out)
    assert schema == json.loads(json.dumps(json_schema()))
    kinds = json.dumps(schema)
    for t in ("document_ref", "date", "count", "ratio"):
        assert f'"{t}"' in kinds


def test_facts_only_config_emits_only_the_v1_fact_types(tmp_path):
    """pipelines/en_facts.cfg (a variant config, no new code): the four v1
    types only, for readers that accept nothing else."""
    from pathlib import Path

    from extractor.articles import Article
    from extractor.pipeline import Extractor

    root = Path(__file__).resolve().parent.parent
    text = (root / "data" / "raw" / "003_c60e74f335c009fb.txt").read_bytes().decode("utf-8-sig")
    full = Extractor().extract(Article("003", text)).records
    facts = Extractor(root / "pipelines" / "en_facts.cfg").extract(Article("003", text)).records
    assert {r.type for r in full} > {"document_ref", "date", "count", "ratio"}
    assert {r.type for r in facts} == {"document_ref", "date", "count", "ratio"}
    assert [r.model_dump() for r in facts] == [r.model_dump() for r in full if r.type in
                                               ("document_ref", "date", "count", "ratio")]


def test_schema_marks_type_and_schema_version_required():
    """Issue 10.6: a line without ``type`` or ``schema_version`` must not
    validate against the published schema."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()
    for name, model in schema["$defs"].items():
        if "type" in model.get("properties", {}):
            assert {"type", "schema_version"} <= set(model["required"]), name
    good = {"schema_version": "1", "doc_id": "d", "type": "count", "text": "12", "start_char": 0,
            "end_char": 2, "value": 12}
    jsonschema.validate(good, schema)
    for drop in ("type", "schema_version"):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({k: v for k, v in good.items() if k != drop}, schema)
