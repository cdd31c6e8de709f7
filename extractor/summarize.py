"""``extractor summarize OUT [-o DIR]``: the records as tidy tables.

Three tables, each one row per observation with one type per column, so
DuckDB, pandas and R read them without guessing:

- ``documents``: one row per document: its province, its source, and how
  many records of each type it has (and how many failed a consistency check);
- ``measures``: one row per count or ratio: the province, the record type,
  the level, the *metric* (what is measured: the subject and, when the text
  says it after the number, the predicate: "district party secretaries who
  are not local people") and the value (a count, or a share in percent);
- ``summary``: one row per province x record type x level x metric: how many
  mentions and documents, the lowest and highest value, and the mentions
  ("12/13; 94.92%").

The province of a measure is the province of its ``location`` (a district or
commune is mapped to its province through the document's ``location``
records, else through the gazetteer); without a location it is the province
the document names most, and ``province_from`` says which
(``location`` | ``document`` | null).

``load_output(path)`` reads what ``extractor extract`` wrote: a JSONL file
(``.jsonl``, ``.jsonl.gz``), a Parquet file (with pyarrow installed), or a
directory of them (e.g. the Dask engine's ``OUT.parts/``).  A bad line is an
error naming the file and line; the other lines are read.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

from extractor.schema import ENTITY_TYPES, FACT_TYPES

TYPES = (*FACT_TYPES, *ENTITY_TYPES)
OUTPUT_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".parquet")


class OutputError(ValueError):
    """A file (or one line of it) that cannot be read as extractor output."""


# --------------------------------------------------------------------------
# Reading the output


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for s in OUTPUT_SUFFIXES:
        if name.endswith(s):
            return s
    return path.suffix.lower()


def _output_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _suffix(p) in OUTPUT_SUFFIXES
                       and not p.name.startswith("."))
        if not files:
            raise OutputError(f"{path}: no output files in the directory "
                              f"(looked for {', '.join(OUTPUT_SUFFIXES)})")
        return files
    if not path.exists():
        raise OutputError(f"{path}: no such file or directory")
    return [path]


def _table_rows_to_records(rows: list[dict], columns) -> list[dict]:
    """Rows of a record table (extractor.writers' Parquet or CSV: ``value``
    split into ``value_int``/``value_date``, checks flattened) -> records;
    other tables' rows as they are, nulls dropped as in JSONL."""
    try:
        from extractor.writers.table_schema import row_to_record
    except ImportError:
        row_to_record = None
    if row_to_record is not None and {"value_int", "range_end"} <= set(columns):
        return [row_to_record(r) for r in rows]
    return [{k: v for k, v in row.items() if v is not None} for row in rows]


def _read_parquet(path: Path) -> list[dict]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise OutputError(f"{path}: reading Parquet needs pyarrow (pip install .[analysis])") from None
    try:
        table = pq.read_table(path)
    except Exception as e:  # pyarrow raises several types for a bad file
        raise OutputError(f"{path}: not a Parquet file: {e}") from None
    return _table_rows_to_records(table.to_pylist(), table.column_names)


def _read_csv(path: Path) -> list[dict]:
    """A record table written as CSV by ``extract -o OUT.csv`` (extractor.writers)."""
    try:
        from extractor.writers.table_schema import csv_row_to_row, row_to_record
    except ImportError:
        raise OutputError(f"{path}: reading a CSV output needs the table writers "
                          "(extractor.writers); give the JSONL or Parquet output") from None
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"doc_id", "type", "start_char"} <= set(reader.fieldnames):
                raise OutputError(f"{path}: not a record table (no doc_id, type, start_char columns)")
            return [row_to_record(csv_row_to_row(cells)) for cells in reader]
    except (OSError, UnicodeDecodeError, ValueError) as e:
        if isinstance(e, OutputError):
            raise
        raise OutputError(f"{path}: cannot be read as a record table: {e}") from None


def _read_jsonl(path: Path, on_error: Callable[[str], None], validate: bool) -> list[dict]:
    from extractor.schema import validate_record

    opener = gzip.open if path.name.lower().endswith(".gz") else open
    rows = []
    try:
        fh = opener(path, "rt", encoding="utf-8")
        with fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                    if not isinstance(obj, dict):
                        raise ValueError("not a JSON object")
                    if validate:
                        validate_record(obj)
                except ValueError as e:  # JSONDecodeError and ValidationError are ValueErrors
                    reason = " ".join(str(e).split())
                    on_error(f"{path}:{lineno}: not a record: {reason[:300]}")
                    continue
                rows.append(obj)
    except (OSError, UnicodeDecodeError, EOFError) as e:
        raise OutputError(f"{path}: cannot be read: {e}") from None
    return rows


def load_output(path, on_error: Optional[Callable[[str], None]] = None,
                validate: bool = True) -> list[dict]:
    """The records (or table rows) of an ``extractor extract`` output, as
    dicts: a ``.jsonl`` / ``.jsonl.gz`` / ``.ndjson`` file, a ``.parquet``
    file (pyarrow), a ``.csv`` record table (with extractor.writers), or a
    directory of JSONL and Parquet files (read in sorted order).

    A bad JSONL line is reported through ``on_error`` (default: raise
    OutputError) with the file and line number, and skipped; a file that
    cannot be read raises OutputError naming it."""
    def fail(msg: str) -> None:
        raise OutputError(msg)

    report = on_error or fail
    rows: list[dict] = []
    for f in _output_files(Path(path)):
        if _suffix(f) == ".parquet":
            rows.extend(_read_parquet(f))
        elif _suffix(f) == ".csv":
            rows.extend(_read_csv(f))
        else:
            rows.extend(_read_jsonl(f, report, validate))
    return rows


# --------------------------------------------------------------------------
# Places


def _gazetteer_provinces() -> dict[str, str]:
    """Place name (lowercase, any written form) -> its province's name."""
    try:
        from extractor import lang
        gaz = lang.gazetteer()
        forms = lang.surface_forms
    except Exception:  # the tables are optional here
        return {}
    out: dict[str, str] = {}
    for p in gaz.get("provinces", []):
        for n in forms(p):
            out.setdefault(n.lower(), p["name"])
    for d in gaz.get("districts", []) + gaz.get("communes", []):
        if d.get("province"):
            for n in forms(d):
                out.setdefault(n.lower(), d["province"])
    return out


class Places:
    """Where a record is: its location's province, from the document's
    location records, else the gazetteer."""

    def __init__(self, rows: Iterable[dict]):
        self.by_doc: dict[str, dict[str, str]] = defaultdict(dict)
        mentions: dict[str, Counter] = defaultdict(Counter)
        first: dict[tuple, int] = {}
        for r in rows:
            if r.get("type") != "location" or not r.get("name"):
                continue
            doc, name = r.get("doc_id"), r["name"]
            if r.get("kind") in ("province", "city") and not r.get("province"):
                province = name
                mentions[doc][name] += 1
                first.setdefault((doc, name), r.get("start_char") or 0)
            else:
                province = r.get("province")
            if province:
                self.by_doc[doc].setdefault(name, province)
        # the document's province: the one it names most, then first
        self.doc_province = {
            doc: min(c, key=lambda n: (-c[n], first[doc, n])) for doc, c in mentions.items()}
        self._gaz: Optional[dict] = None

    def province_of(self, doc_id: str, location: Optional[str]) -> Optional[str]:
        if not location:
            return None
        p = self.by_doc.get(doc_id, {}).get(location)
        if p:
            return p
        if self._gaz is None:
            self._gaz = _gazetteer_provinces()
        return self._gaz.get(location.lower())

    def locate(self, doc_id: str, location: Optional[str]) -> tuple[Optional[str], Optional[str]]:
        """(province, where it came from: "location" | "document" | None)."""
        p = self.province_of(doc_id, location)
        if p:
            return p, "location"
        p = self.doc_province.get(doc_id)
        return (p, "document") if p else (None, None)


# --------------------------------------------------------------------------
# The tables


def metric_of(r: dict) -> str:
    """What a count or ratio measures: its subject and predicate ("district
    party secretaries who are not local people"), else a count's unit."""
    words = " ".join(x for x in (r.get("subject"), r.get("predicate")) if x)
    return " ".join(words.split()) or (r.get("unit") or "").strip() or "(unstated)"


def value_of(r: dict) -> Optional[float]:
    """A count's value, or a ratio's share in percent (the percent, else
    100 x numerator / denominator, rounded to 4 decimals)."""
    if r.get("type") == "count":
        v = r.get("value")
        return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None
    if r.get("percent") is not None:
        return float(r["percent"])
    num, den = r.get("numerator"), r.get("denominator")
    if isinstance(num, int) and isinstance(den, int) and den:
        return round(100.0 * num / den, 4)
    return None


def _failed_checks(checks: Any) -> int:
    """How many consistency checks say ``ok: false``."""
    if isinstance(checks, str):  # a table writer may keep them as JSON text
        try:
            checks = json.loads(checks)
        except ValueError:
            return 0
    n = 0
    if isinstance(checks, dict):
        if checks.get("ok") is False:
            n += 1
        for v in checks.values():
            if isinstance(v, (dict, list)):
                n += _failed_checks(v)
    elif isinstance(checks, list):
        for v in checks:
            n += _failed_checks(v)
    return n


DOCUMENT_COLUMNS = [
    ("doc_id", "string"), ("lang", "string"), ("province", "string"), ("source", "string"),
    ("records", "int64"),
    *((f"n_{t}", "int64") for t in TYPES), ("checks_failed", "int64"),
]

MEASURE_COLUMNS = [
    ("province", "string"), ("province_from", "string"), ("location", "string"),
    ("type", "string"), ("level", "string"), ("metric", "string"),
    ("subject", "string"), ("predicate", "string"), ("unit", "string"),
    ("qualifier", "string"), ("value", "double"), ("value_kind", "string"),
    ("numerator", "int64"), ("denominator", "int64"), ("percent", "double"),
    ("as_of", "string"), ("text", "string"), ("doc_id", "string"), ("lang", "string"),
    ("start_char", "int64"), ("end_char", "int64"), ("rule", "string"),
]

SUMMARY_COLUMNS = [
    ("province", "string"), ("type", "string"), ("level", "string"), ("metric", "string"),
    ("value_kind", "string"), ("mentions", "int64"), ("documents", "int64"),
    ("value_min", "double"), ("value_max", "double"), ("texts", "string"), ("doc_ids", "string"),
]

TABLES = {"documents": DOCUMENT_COLUMNS, "measures": MEASURE_COLUMNS, "summary": SUMMARY_COLUMNS}


def documents_table(rows: Sequence[dict], places: Places) -> list[dict]:
    out: dict[str, dict] = {}
    for r in rows:
        doc = r.get("doc_id")
        d = out.get(doc)
        if d is None:
            d = out[doc] = {"doc_id": doc, "lang": r.get("lang"), "province": places.doc_province.get(doc),
                            "source": None, "records": 0, **{f"n_{t}": 0 for t in TYPES},
                            "checks_failed": 0}
        d["records"] += 1
        if f"n_{r.get('type')}" in d:
            d[f"n_{r['type']}"] += 1
        d["source"] = d["source"] or r.get("source")
        d["checks_failed"] += _failed_checks(r.get("checks"))
    return list(out.values())


def measures_table(rows: Sequence[dict], places: Places) -> list[dict]:
    out = []
    for r in rows:
        if r.get("type") not in ("count", "ratio"):
            continue
        province, source = places.locate(r.get("doc_id"), r.get("location"))
        out.append({
            "province": province, "province_from": source, "location": r.get("location"),
            "type": r["type"], "level": r.get("level"), "metric": metric_of(r),
            "subject": r.get("subject"), "predicate": r.get("predicate"),
            "unit": r.get("unit") if r["type"] == "count" else None,
            "qualifier": r.get("qualifier"), "value": value_of(r),
            "value_kind": "count" if r["type"] == "count" else "percent",
            "numerator": r.get("numerator"), "denominator": r.get("denominator"),
            "percent": r.get("percent"), "as_of": r.get("as_of"), "text": r.get("text"),
            "doc_id": r.get("doc_id"), "lang": r.get("lang"), "start_char": r.get("start_char"),
            "end_char": r.get("end_char"), "rule": r.get("rule"),
        })
    return out


def summary_table(measures: Sequence[dict]) -> list[dict]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for m in measures:
        groups[m["province"], m["type"], m["level"], m["metric"]].append(m)
    out = []
    for (province, typ, level, metric), ms in groups.items():
        values = [m["value"] for m in ms if m["value"] is not None]
        out.append({
            "province": province, "type": typ, "level": level, "metric": metric,
            "value_kind": ms[0]["value_kind"], "mentions": len(ms),
            "documents": len({m["doc_id"] for m in ms}),
            "value_min": min(values) if values else None,
            "value_max": max(values) if values else None,
            "texts": "; ".join(dict.fromkeys(m["text"] for m in ms)),
            "doc_ids": "; ".join(dict.fromkeys(m["doc_id"] for m in ms)),
        })
    out.sort(key=lambda s: (s["province"] is None, s["province"] or "", s["type"],
                            s["level"] or "~", s["metric"]))
    return out


def summarize(rows: Sequence[dict]) -> dict[str, list[dict]]:
    """The three tables of the module docstring, from records (dicts)."""
    places = Places(rows)
    measures = measures_table(rows, places)
    return {"documents": documents_table(rows, places), "measures": measures,
            "summary": summary_table(measures)}


# --------------------------------------------------------------------------
# Writing and printing


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(round(v, 4)) if math.isfinite(v) else ""
    return str(v)


def write_csv(path: Path, rows: Sequence[dict], columns: Sequence[tuple[str, str]]) -> None:
    """CSV with a header, UTF-8, empty cells for nulls."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c for c, _ in columns])
    for r in rows:
        w.writerow([_cell(r.get(c)) for c, _ in columns])
    _write_atomic(path, buf.getvalue().encode("utf-8"))


def write_parquet(path: Path, rows: Sequence[dict], columns: Sequence[tuple[str, str]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int64": pa.int64(), "double": pa.float64()}
    schema = pa.schema([(c, types[t]) for c, t in columns])
    table = pa.Table.from_pylist([{c: r.get(c) for c, _ in columns} for r in rows], schema=schema)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def have_pyarrow() -> bool:
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def write_tables(tables: dict[str, list[dict]], out_dir: Path, parquet: Optional[bool] = None) -> list[Path]:
    """``DIR/<table>.csv`` and, with pyarrow, ``DIR/<table>.parquet``; the
    files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    parquet = have_pyarrow() if parquet is None else parquet
    written = []
    for name, columns in TABLES.items():
        write_csv(out_dir / f"{name}.csv", tables[name], columns)
        written.append(out_dir / f"{name}.csv")
        if parquet:
            write_parquet(out_dir / f"{name}.parquet", tables[name], columns)
            written.append(out_dir / f"{name}.parquet")
    return written


def format_table(rows: Sequence[dict], columns: Sequence[str], max_width: int = 60) -> str:
    """Rows as an aligned plain-text table (nulls blank, long cells cut)."""
    def cut(s: str) -> str:
        return s if len(s) <= max_width else s[:max_width - 1] + "…"

    cells = [[cut(_cell(r.get(c))) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    numeric = [all(isinstance(r.get(c), (int, float)) or r.get(c) is None for r in rows) and rows
               for c in columns]

    def line(vals):
        return "  ".join(v.rjust(w) if num else v.ljust(w)
                         for v, w, num in zip(vals, widths, numeric)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    return "\n".join(out)


PRINT_COLUMNS = {
    "documents": ["doc_id", "lang", "province", "records", "n_document_ref", "n_date", "n_count", "n_ratio",
                  "checks_failed"],
    "summary": ["province", "type", "level", "metric", "mentions", "documents", "value_min",
                "value_max", "texts"],
}


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="extractor summarize",
        description="Tidy tables from extractor output: per document, per measure (count or "
                    "ratio), and per province x record type x level x metric.  Prints the "
                    "documents and summary tables; with -o DIR also writes documents, measures "
                    "and summary as CSV and, when pyarrow is installed, Parquet.",
    )
    ap.add_argument("output", metavar="OUT",
                    help="what extractor extract wrote: .jsonl, .jsonl.gz, .parquet, or a directory")
    ap.add_argument("-o", "--out-dir", metavar="DIR", default=None,
                    help="write DIR/{documents,measures,summary}.{csv,parquet}")
    ap.add_argument("--format", choices=["csv", "parquet", "both"], default=None,
                    help="what -o writes (default: both when pyarrow is installed, else csv)")
    ap.add_argument("--quiet", action="store_true", help="print nothing but errors")
    return ap


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Exit 0; 1 on a usage error or an unreadable OUT; 2 when some lines
    were bad (each is reported; the others are summarized)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as e:
        return 0 if e.code in (0, None) else 1
    bad: list[str] = []

    def report(msg: str) -> None:
        bad.append(msg)
        print(f"extractor summarize: {msg}", file=sys.stderr)

    try:
        rows = load_output(args.output, on_error=report)
    except OutputError as e:
        print(f"extractor summarize: {e}", file=sys.stderr)
        return 1
    if not rows and not bad:
        print(f"extractor summarize: {args.output}: no records", file=sys.stderr)
    tables = summarize(rows)
    if not args.quiet:
        for name in ("documents", "summary"):
            print(f"{name} ({len(tables[name])} rows)")
            print(format_table(tables[name], PRINT_COLUMNS[name]))
            print()
    if args.out_dir:
        out_dir = Path(args.out_dir)
        if out_dir.exists() and not out_dir.is_dir():
            print(f"extractor summarize: -o {out_dir}: not a directory", file=sys.stderr)
            return 1
        fmt = args.format or ("both" if have_pyarrow() else "csv")
        if fmt in ("parquet", "both") and not have_pyarrow():
            print("extractor summarize: --format parquet needs pyarrow (pip install .[analysis])",
                  file=sys.stderr)
            return 1
        try:
            if fmt == "parquet":
                out_dir.mkdir(parents=True, exist_ok=True)
                written = []
                for name, columns in TABLES.items():
                    write_parquet(out_dir / f"{name}.parquet", tables[name], columns)
                    written.append(out_dir / f"{name}.parquet")
            else:
                written = write_tables(tables, out_dir, parquet=fmt == "both")
        except OSError as e:
            print(f"extractor summarize: cannot write {e.filename or out_dir}: {e.strerror or e}",
                  file=sys.stderr)
            return 1
        print(f"extractor summarize: {len(rows)} records -> "
              + ", ".join(str(p) for p in written), file=sys.stderr)
    return 2 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
