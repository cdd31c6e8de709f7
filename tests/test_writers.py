"""Output writers (extractor/writers/): JSONL, Parquet and CSV hold the same
records; the table schema is explicit, typed and covers every record field;
--resume works through each writer's checkpoints."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest

from extractor.engines import local
from extractor.schema import MODEL_BY_TYPE, validate_record
from extractor.writers import WRITERS, format_for, table_schema
from extractor.writers import csv as csv_writer
from extractor.writers import parquet as parquet_writer

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


def records_of(path: Path) -> list[dict]:
    """The records of an output file of any format, as validated JSON dicts."""
    fmt = format_for(path)
    if fmt == "jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return [validate_record(r).model_dump(mode="json") for r in rows]
    rows = list(parquet_writer.read_rows(path) if fmt == "parquet" else csv_writer.read_rows(path))
    return [validate_record(table_schema.row_to_record(r)).model_dump(mode="json") for r in rows]


@pytest.fixture(scope="module")
def three_formats(tmp_path_factory):
    d = tmp_path_factory.mktemp("formats")
    outs = {}
    for name in ("out.jsonl", "out.parquet", "out.csv"):
        summary = local.run([str(RAW)], str(d / name), workers=1)
        assert summary.records > 300 and summary.documents == 18 and not summary.errors
        outs[format_for(name)] = d / name
    return outs


def test_jsonl_parquet_and_csv_hold_the_same_records(three_formats):
    want = records_of(three_formats["jsonl"])
    assert {r["type"] for r in want} >= {"document_ref", "date", "count", "ratio", "location"}
    assert any(r.get("checks") for r in want)  # nested checks are in the comparison
    for fmt in ("parquet", "csv"):
        got = records_of(three_formats[fmt])
        assert len(got) == len(want), fmt
        for a, b in zip(got, want):
            assert a == b, (fmt, a, b)


def test_parquet_has_the_explicit_schema_and_typed_columns(three_formats):
    table = pq.read_table(three_formats["parquet"])
    assert table.schema.remove_metadata() == table_schema.arrow_schema().remove_metadata()
    assert table.schema.field("value_int").type == pa.int64()
    assert table.schema.field("value_date").type == pa.string()
    assert table.schema.field("percent").type == pa.float64()
    assert table.schema.field("check_breakdown_ok").type == pa.bool_()
    assert "value" not in table.column_names and "end" not in table.column_names
    counts = [r for r in table.to_pylist() if r["type"] == "count"]
    assert counts and all(isinstance(r["value_int"], int) for r in counts)
    assert not any(r["extra"] for r in table.to_pylist())  # every field has its column


def test_duckdb_sums_counts_in_parquet_and_csv(three_formats):
    duckdb = pytest.importorskip("duckdb")
    want = sum(r["value"] for r in records_of(three_formats["jsonl"]) if r["type"] == "count")
    for fmt in ("parquet", "csv"):
        reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
        got = duckdb.sql(f"SELECT sum(value_int) FROM {reader}('{three_formats[fmt]}') "
                         f"WHERE type = 'count'").fetchall()[0][0]
        assert got == want, fmt


def test_every_record_field_has_a_column():
    """A field added to a record model must be mapped in table_schema (else
    it would land in the 'extra' JSON column)."""
    columns = set(table_schema.COLUMN_NAMES)
    for rtype, model in MODEL_BY_TYPE.items():
        for name in model.model_fields:
            if name == "checks":
                continue
            col = table_schema.VALUE_COLUMN.get(rtype) if name == "value" else \
                table_schema.RENAMED.get(name, name)
            assert col in columns, (rtype, name)


def _kinds(ann) -> set:
    origin = typing.get_origin(ann)
    if origin is typing.Literal:
        return {"str"}
    if origin is typing.Annotated:
        return _kinds(typing.get_args(ann)[0])
    if origin is typing.Union:
        return set().union(*(_kinds(a) for a in typing.get_args(ann) if a is not type(None)))
    return {ann.__name__}


def test_one_type_per_column_across_record_types():
    """The same column never holds two Python types (the reason ``value`` is split)."""
    types: dict[str, set] = {}
    for model in MODEL_BY_TYPE.values():
        for name, field in model.model_fields.items():
            if name in ("value", "checks"):
                continue
            kinds = _kinds(field.annotation)
            types.setdefault(table_schema.RENAMED.get(name, name), set()).update(kinds)
    for col, kinds in types.items():
        assert len(kinds) == 1, (col, kinds)
        kind = next(iter(kinds))
        assert table_schema.KIND[col] == {"str": "str", "int": "int", "float": "float"}.get(kind, kind), col


def test_unknown_fields_are_kept_in_extra():
    rec = {"schema_version": "1", "doc_id": "d", "type": "count", "text": "12", "start_char": 0,
           "end_char": 2, "value": 12, "unit": "cadres", "published": "2025-06-30",
           "checks": {"new_check": {"ok": True}, "part_of": 40}}
    row = table_schema.record_to_row(rec)
    assert row["value_int"] == 12 and row["check_part_of"] == 40
    assert json.loads(row["extra"]) == {"published": "2025-06-30", "checks": {"new_check": {"ok": True}}}
    back = table_schema.row_to_record(row)
    assert back["published"] == "2025-06-30"
    assert back["checks"] == {"new_check": {"ok": True}, "part_of": 40}


def test_csv_keeps_empty_strings_and_missing_values_apart_where_it_matters(tmp_path):
    rec = validate_record({"schema_version": "1", "doc_id": "d", "type": "count", "text": "12",
                           "start_char": 0, "end_char": 2, "value": 12, "unit": ""})
    line = csv_writer.encode(rec)
    assert line.endswith("\n") and line.count("\n") == 1
    (tmp_path / "o.csv").write_text(csv_writer.HEADER + line, encoding="utf-8")
    (row,) = csv_writer.read_rows(tmp_path / "o.csv")
    assert validate_record(table_schema.row_to_record(row)) == rec


def test_format_follows_the_suffix_unless_given():
    assert format_for("a/out.parquet") == "parquet" and format_for("out.CSV") == "csv"
    assert format_for("out.jsonl") == format_for("out.txt") == format_for(None) == "jsonl"
    assert format_for("out.jsonl", "csv") == "csv"
    with pytest.raises(ValueError):
        format_for("x", "xlsx")
    assert set(WRITERS) == {"jsonl", "parquet", "csv"}


def test_parquet_to_stdout_is_a_usage_error():
    with pytest.raises(local.RunError, match="needs -o"):
        local.run([str(RAW / "001_18b55c52c9600963.txt")], None, fmt="parquet")


@pytest.mark.parametrize("name", ["out.parquet", "out.csv"])
def test_interrupted_table_run_resumes_to_the_same_output(tmp_path, monkeypatch, name):
    from test_runner import big_corpus, interrupt_after

    src = big_corpus(tmp_path / "in.jsonl")
    full = tmp_path / "full" / name
    local.run([str(src)], str(full), workers=1)
    out = tmp_path / name
    out.write_bytes(b"previous")
    interrupt_after(monkeypatch, 25)
    with pytest.raises(KeyboardInterrupt):
        local.run([str(src)], str(out), workers=1)
    monkeypatch.undo()
    assert out.read_bytes() == b"previous"
    summary = local.run([str(src)], str(out), workers=1, resume=True)
    assert summary.skipped > 10
    if name.endswith(".csv"):
        assert out.read_bytes() == full.read_bytes()
    else:
        assert pq.read_table(out).equals(pq.read_table(full))
    assert not list(tmp_path.glob(f"{name}.partial*"))


def test_cli_format_option_and_table_to_stdout(tmp_path):
    from test_cli import cli

    one = RAW / "001_18b55c52c9600963.txt"
    r = cli("extract", one, "--format", "csv", "--workers", "1")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(csv_writer.HEADER)
    rows = r.stdout.count("\n") - 1
    r = cli("extract", one, "-o", tmp_path / "o.data", "--format", "parquet", "--workers", "1")
    assert r.returncode == 0, r.stderr
    assert pq.read_table(tmp_path / "o.data").num_rows == rows > 10


def test_a_mixed_folder_gives_the_same_records_in_every_format(tmp_path):
    """.txt, .jsonl and .html articles (both languages) in one folder, one
    run per format: JSONL, Parquet and CSV hold the same records."""
    d = tmp_path / "in"
    d.mkdir()
    html = Path(__file__).resolve().parent / "data" / "html"
    for page in sorted(html.glob("*.html")):
        (d / page.name).write_bytes(page.read_bytes())
    (d / "a.txt").write_bytes((RAW / "007_dongnai_party_admission.txt").read_bytes())
    (d / "b.txt").write_bytes((RAW / "w06_hatinh_lay_phieu_tin_nhiem.txt").read_bytes())
    (d / "c.jsonl").write_text(json.dumps({"doc_id": "c", "text": "Có 12/13 bí thư huyện ủy, đạt 92,3%.",
                                           "published": "2024-05-20"}, ensure_ascii=False) + "\n",
                               encoding="utf-8")
    outs = {}
    for name in ("out.jsonl", "out.parquet", "out.csv"):
        summary = local.run([str(d)], str(tmp_path / name), workers=1)
        assert summary.documents == 5 and not summary.errors, summary.errors
        outs[name] = records_of(tmp_path / name)
    want = outs["out.jsonl"]
    assert {r["doc_id"] for r in want} == {"a", "b", "c", "en_hanoi_moi_cadres", "vi_baoquangninh_bi_thu"}
    assert {r["lang"] for r in want} == {"en", "vi"}
    assert outs["out.parquet"] == want and outs["out.csv"] == want


def test_a_spool_checkpoint_is_its_size_in_bytes_and_costs_no_flush(tmp_path):
    from extractor.writers.jsonl import JsonlWriter

    part = tmp_path / "out.jsonl.partial"
    w = JsonlWriter()
    w.open(part)
    w.write(["{\"text\":\"Quảng Ninh €\"}\n", "{}\n"])
    ck = w.checkpoint()
    assert ck == len("{\"text\":\"Quảng Ninh €\"}\n{}\n".encode("utf-8"))
    assert part.stat().st_size == 0  # still buffered: the engine flushes once per batch
    w.flush()
    assert part.stat().st_size == ck
    w.write(["{\"half\":"])
    w.rollback(ck)
    assert w.checkpoint() == ck
    w.write(["{\"x\":1}\n"])
    w.commit(tmp_path / "out.jsonl")
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == "{\"text\":\"Quảng Ninh €\"}\n{}\n{\"x\":1}\n"
