"""extractor summarize: tidy tables from the output, read back by DuckDB and pandas."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
from pathlib import Path

import pytest

from extractor.articles import load_paths
from extractor.cli import main
from extractor.jsonl import record_line
from extractor.pipeline import Extractor
from extractor.summarize import (OutputError, Places, load_output, metric_of, summarize,
                                 value_of)

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
HAVE_ARROW = importlib.util.find_spec("pyarrow") is not None
HAVE_DUCKDB = importlib.util.find_spec("duckdb") is not None
HAVE_PANDAS = importlib.util.find_spec("pandas") is not None


@pytest.fixture(scope="module")
def out_jsonl(tmp_path_factory) -> Path:
    """extract's output on the bundled English articles (001-008)."""
    path = tmp_path_factory.mktemp("out") / "out.jsonl"
    ex = Extractor(lang="en")
    with open(path, "w", encoding="utf-8") as fh:
        for art in load_paths([str(p) for p in sorted(RAW.glob("00*.txt"))]):
            fh.write("".join(record_line(r) for r in ex.extract(art).records))
    return path


def rec(**kw) -> dict:
    base = {"schema_version": "1", "doc_id": "d", "text": "x", "start_char": 0, "end_char": 1}
    base.update(kw)
    return base


# --------------------------------------------------------------------------
# The tables


def test_summary_answers_the_researcher_question(out_jsonl):
    tables = summarize(load_output(out_jsonl))
    rows = [s for s in tables["summary"]
            if s["type"] == "ratio" and s["level"] == "district" and "not local" in s["metric"]
            # the head noun: before a relative clause or the predicate
            and s["metric"].split(" who ")[0].split(" are ")[0].endswith("secretaries")]
    got = {(s["province"], s["texts"], round(s["value_min"], 2)) for s in rows}
    assert got == {("Quang Ninh", "12/13", 92.31), ("Hanoi", "28/30", 93.33)}
    qn = next(s for s in rows if s["province"] == "Quang Ninh")
    assert qn["metric"] == "district party secretaries who are not local people"
    assert (qn["mentions"], qn["documents"], qn["doc_ids"]) == (1, 1, "001_18b55c52c9600963")


def test_documents_table_counts_every_record(out_jsonl):
    rows = load_output(out_jsonl)
    docs = {d["doc_id"]: d for d in summarize(rows)["documents"]}
    assert len(docs) == 8
    assert sum(d["records"] for d in docs.values()) == len(rows)
    d1 = docs["001_18b55c52c9600963"]
    assert d1["province"] == "Quang Ninh"
    assert d1["n_ratio"] == sum(1 for r in rows if r["doc_id"] == d1["doc_id"] and r["type"] == "ratio")
    # the Tuan Giao breakdown that does not add up (docs/QUERIES.md)
    assert docs["008_dienbien_commune_merger_staff"]["checks_failed"] == 1


def test_measures_one_row_per_count_and_ratio(out_jsonl):
    rows = load_output(out_jsonl)
    measures = summarize(rows)["measures"]
    assert len(measures) == sum(r["type"] in ("count", "ratio") for r in rows)
    for m in measures:
        assert isinstance(m["value"], float)
        assert m["value_kind"] == ("count" if m["type"] == "count" else "percent")


def test_province_from_location_records_gazetteer_and_document():
    rows = [
        rec(type="location", name="Quang Nam", kind="province", start_char=0),
        rec(type="location", name="Quang Nam", kind="province", start_char=5),
        rec(type="location", name="Dai Loc", kind="district", province="Quang Nam"),
        rec(type="ratio", kind="fraction", numerator=3, denominator=4, location="Dai Loc",
            subject="key leaders", level="district", text="3/4"),
        # not among this document's location records: the gazetteer knows it
        rec(type="count", value=12, unit="cadres", location="Tam Ky", text="12"),
        # no location: the province the document names most
        rec(type="ratio", kind="percent", percent=80.0, text="80%"),
        rec(type="count", value=5, doc_id="other", text="5"),
    ]
    m = summarize(rows)["measures"]
    assert [(x["province"], x["province_from"]) for x in m] == [
        ("Quang Nam", "location"), ("Quang Nam", "location"), ("Quang Nam", "document"), (None, None)]
    assert [x["value"] for x in m] == [75.0, 12.0, 80.0, 5.0]
    assert Places(rows).doc_province == {"d": "Quang Nam"}


def test_metric_and_value():
    assert metric_of({"subject": "district party secretaries", "predicate": "are not local people"}) \
        == "district party secretaries are not local people"
    assert metric_of({"type": "count", "unit": "cadres"}) == "cadres"
    assert metric_of({"type": "ratio"}) == "(unstated)"
    assert value_of({"type": "ratio", "numerator": 12, "denominator": 13}) == 92.3077
    assert value_of({"type": "ratio", "numerator": 168, "denominator": 177, "percent": 94.92}) == 94.92
    assert value_of({"type": "count", "value": 2580}) == 2580.0


# --------------------------------------------------------------------------
# Reading the output


def test_load_output_reports_bad_lines_and_goes_on(tmp_path):
    p = tmp_path / "out.jsonl"
    good = json.dumps(rec(type="count", value=3, text="3"))
    p.write_text(f"{good}\nnot json\n{json.dumps({'type': 'count'})}\n\n{good}\n", encoding="utf-8")
    errors = []
    rows = load_output(p, on_error=errors.append)
    assert len(rows) == 2
    assert errors[0].startswith(f"{p}:2: not a record")
    assert errors[1].startswith(f"{p}:3: not a record")
    with pytest.raises(OutputError, match=":2: not a record"):
        load_output(p)


def test_load_output_gzip_directory_and_missing(tmp_path, out_jsonl):
    parts = tmp_path / "OUT.parts"
    parts.mkdir()
    lines = out_jsonl.read_bytes().splitlines(keepends=True)
    (parts / "part-00000.jsonl").write_bytes(b"".join(lines[:10]))
    with gzip.open(parts / "part-00001.jsonl.gz", "wb") as fh:
        fh.write(b"".join(lines[10:]))
    assert load_output(parts) == load_output(out_jsonl)
    with pytest.raises(OutputError, match="no such file"):
        load_output(tmp_path / "absent.jsonl")
    (tmp_path / "empty").mkdir()
    with pytest.raises(OutputError, match="no output files"):
        load_output(tmp_path / "empty")


@pytest.mark.skipif(not HAVE_ARROW, reason="pyarrow not installed (pip install .[analysis])")
def test_load_output_reads_parquet(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [rec(type="count", value=3, text="3", unit="cadres"),
            rec(type="ratio", kind="fraction", numerator=1, denominator=2, text="1/2")]
    cols = sorted({k for r in rows for k in r})
    pq.write_table(pa.Table.from_pylist([{c: r.get(c) for c in cols} for r in rows]), tmp_path / "o.parquet")
    assert load_output(tmp_path / "o.parquet") == rows   # null columns dropped, as in JSONL
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(OutputError, match="bad.parquet: not a Parquet file"):
        load_output(tmp_path / "bad.parquet")


# --------------------------------------------------------------------------
# The command


def test_cli_prints_and_writes_csv(tmp_path, out_jsonl, capsys):
    assert main(["summarize", str(out_jsonl), "-o", str(tmp_path / "t"), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "documents (8 rows)" in out
    assert any("Quang Ninh" in line and "12/13" in line and "district" in line for line in out.splitlines())
    with open(tmp_path / "t" / "measures.csv", encoding="utf-8") as fh:
        measures = list(csv.DictReader(fh))
    qn = [m for m in measures if m["text"] == "12/13"]
    assert qn and qn[0]["province"] == "Quang Ninh" and qn[0]["value"] == "92.3077"
    assert not (tmp_path / "t" / "measures.parquet").exists()


def test_cli_errors(tmp_path, capsys):
    assert main(["summarize", str(tmp_path / "absent.jsonl")]) == 1
    assert "absent.jsonl: no such file" in capsys.readouterr().err
    p = tmp_path / "out.jsonl"
    p.write_text(json.dumps(rec(type="count", value=3, text="3")) + "\n{bad\n", encoding="utf-8")
    f = tmp_path / "file"
    f.write_text("mine", encoding="utf-8")
    assert main(["summarize", str(p), "-o", str(f)]) == 1
    assert f.read_text(encoding="utf-8") == "mine"
    assert main(["summarize", str(p), "--quiet"]) == 2
    assert f"{p}:2: not a record" in capsys.readouterr().err


@pytest.mark.skipif(not (HAVE_ARROW and HAVE_DUCKDB and HAVE_PANDAS),
                    reason="needs pyarrow, duckdb and pandas (pip install .[analysis])")
def test_parquet_and_csv_read_by_duckdb_and_pandas(tmp_path, out_jsonl):
    import duckdb
    import pandas as pd

    assert main(["summarize", str(out_jsonl), "-o", str(tmp_path), "--quiet"]) == 0
    for name in ("documents", "measures", "summary"):
        a = pd.read_parquet(tmp_path / f"{name}.parquet")
        b = pd.read_csv(tmp_path / f"{name}.csv")
        assert list(a.columns) == list(b.columns) and len(a) == len(b)
    m = pd.read_parquet(tmp_path / "measures.parquet")
    assert str(m["value"].dtype) == "float64" and str(m["start_char"].dtype) == "int64"
    con = duckdb.connect()
    described = con.sql(f"DESCRIBE SELECT * FROM '{tmp_path / 'measures.parquet'}'").fetchall()
    types = {r[0]: r[1] for r in described}
    assert (types["value"], types["numerator"], types["text"]) == ("DOUBLE", "BIGINT", "VARCHAR")
    total = con.sql(f"SELECT sum(value) FROM '{tmp_path / 'measures.parquet'}' "
                    "WHERE type = 'count'").fetchall()[0][0]
    rows = load_output(out_jsonl)
    assert total == sum(r["value"] for r in rows if r["type"] == "count")
    csv_total = con.sql(f"SELECT sum(value) FROM read_csv_auto('{tmp_path / 'measures.csv'}') "
                        "WHERE type = 'count'").fetchall()[0][0]
    assert csv_total == total


@pytest.mark.skipif(not HAVE_ARROW, reason="pyarrow not installed (pip install .[analysis])")
def test_load_output_reads_a_record_table_back_to_records(tmp_path, out_jsonl):
    """extract's Parquet (extractor.writers: value split into value_int and
    value_date, checks flattened) gives the same tables as its JSONL."""
    table_schema = pytest.importorskip("extractor.writers.table_schema",
                                       reason="the table writers (extractor.writers) are not here yet")
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = load_output(out_jsonl)
    rows = [table_schema.record_to_row(r) for r in records]
    pq.write_table(pa.Table.from_pylist(rows, schema=table_schema.arrow_schema()), tmp_path / "out.parquet")
    assert summarize(load_output(tmp_path / "out.parquet")) == summarize(records)


def test_load_output_reads_a_csv_record_table(tmp_path, out_jsonl):
    table_schema = pytest.importorskip("extractor.writers.table_schema",
                                       reason="the table writers (extractor.writers) are not here yet")
    records = load_output(out_jsonl)
    with open(tmp_path / "out.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(table_schema.COLUMN_NAMES)
        for r in records:
            row = table_schema.record_to_row(r)
            w.writerow([table_schema.to_cell(row[c], k) for c, k in table_schema.COLUMNS])
    assert summarize(load_output(tmp_path / "out.csv")) == summarize(records)
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(OutputError, match="other.csv: not a record table"):
        load_output(tmp_path / "other.csv")
