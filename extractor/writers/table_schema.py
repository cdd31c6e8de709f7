"""Records as table rows: the one place where a record becomes a flat row
(Parquet and CSV) and a row becomes a record again.

One column per field, one type per column:

- ``value`` is split by type: ``value_int`` (int64, counts) and
  ``value_date`` (string, dates: an ISO 8601 partial date such as
  ``2021-05-31``, ``2021-05``, ``2021`` or ``--05-31``; a year or a month
  alone is not a calendar date, so date columns stay strings);
- a date range's ``begin`` and ``end`` are ``range_begin`` and
  ``range_end`` (``end`` is an SQL reserved word);
- the consistency checks (``checks``, docs/ENTITIES.md) are flattened:
  ``check_range_ok``/``check_range_reason``, ``check_fraction_percent_*``
  (ok, numerator, denominator, percent, computed, with: the other mention's
  start_char), ``check_part_of`` (the start_char of the total a count is a
  part of) and ``check_breakdown_ok`` (all of a total's breakdowns add up);
  the breakdowns themselves are ``check_breakdown``, a list of structs
  (ok, sum, total, parts: start_chars, reason) in Parquet and the same
  list as JSON text in CSV (the one nested column);
- links (``refers_to``) are an int64 column (the start_char of the full
  mention);
- a field this module does not know (a later version's) goes to ``extra``
  as JSON text, so nothing is lost; the test suite fails when a record
  model has a field that is not mapped here.

``SCHEMA`` is the explicit pyarrow schema (built on first use; pyarrow is
needed only for Parquet: ``pip install .[tables]``).  ``COLUMNS`` (name,
kind) is the same list without pyarrow (the CSV writer and reader use it).
``record_to_row`` / ``row_to_record`` are inverses: a record written to a
table and read back validates to the same record.
"""

from __future__ import annotations

import json
from typing import Any, Optional

# (column, kind): kind is str | int | float | bool | breakdown (list of structs)
COLUMNS: tuple[tuple[str, str], ...] = (
    # common to every record
    ("schema_version", "str"), ("doc_id", "str"), ("type", "str"), ("text", "str"),
    ("start_char", "int"), ("end_char", "int"), ("sentence_start", "int"), ("sentence_end", "int"),
    ("rule", "str"), ("extractor_version", "str"), ("source", "str"), ("lang", "str"),
    # document_ref
    ("doc_type", "str"), ("number", "str"), ("year", "int"), ("symbol", "str"), ("issuer", "str"),
    ("issued_on", "str"), ("title", "str"), ("canonical_key", "str"), ("refers_to", "int"),
    # date (kind is shared with ratio and location)
    ("kind", "str"), ("value_date", "str"), ("range_begin", "str"), ("range_end", "str"),
    # count and ratio
    ("value_int", "int"), ("unit", "str"), ("numerator", "int"), ("denominator", "int"),
    ("percent", "float"), ("qualifier", "str"), ("subject", "str"), ("predicate", "str"),
    ("level", "str"), ("location", "str"), ("as_of", "str"),
    # checks, flattened
    ("check_range_ok", "bool"), ("check_range_reason", "str"),
    ("check_fraction_percent_ok", "bool"), ("check_fraction_percent_numerator", "int"),
    ("check_fraction_percent_denominator", "int"), ("check_fraction_percent_percent", "float"),
    ("check_fraction_percent_computed", "float"), ("check_fraction_percent_with", "int"),
    ("check_fraction_percent_reason", "str"),
    ("check_part_of", "int"), ("check_breakdown_ok", "bool"), ("check_breakdown", "breakdown"),
    # location, organization, person (title is shared with document_ref)
    ("name", "str"), ("province", "str"), ("canonical", "str"), ("organization", "str"),
    # fields this version does not know, as JSON text
    ("extra", "json"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(name for name, _ in COLUMNS)
KIND = dict(COLUMNS)

# record field -> column, where they differ (by record type for ``value``)
RENAMED = {"begin": "range_begin", "end": "range_end"}
VALUE_COLUMN = {"count": "value_int", "date": "value_date"}
_CHECK_SCALARS = {
    "range": ("ok", "reason"),
    "fraction_percent": ("ok", "percent", "computed", "with", "reason"),
}
_COMMON = set(COLUMN_NAMES) - {"value_int", "value_date", "range_begin", "range_end", "extra"} \
    - {c for c in COLUMN_NAMES if c.startswith("check_")}


def record_to_row(record: Any) -> dict:
    """A record (a model or its JSON dict) -> a row: every column, None where
    the record has no value."""
    d = record.model_dump(mode="json") if hasattr(record, "model_dump") else dict(record)
    row: dict = dict.fromkeys(COLUMN_NAMES)
    extra: dict = {}
    rtype = d.get("type")
    for key, v in d.items():
        if key == "checks":
            if v:
                extra.update(_flatten_checks(v, row))
            continue
        if key == "value":
            col = VALUE_COLUMN.get(rtype)
        else:
            col = RENAMED.get(key, key if key in _COMMON else None)
        if col is None:
            if v is not None:
                extra[key] = v
            continue
        row[col] = v
    if extra:
        row["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return row


def _flatten_checks(checks: dict, row: dict) -> dict:
    """Write the known checks into ``row``; returns what did not fit
    (as {"checks": {...}} for ``extra``)."""
    rest: dict = {}
    for name, check in checks.items():
        if name in _CHECK_SCALARS and isinstance(check, dict) and \
                set(check) <= set(_CHECK_SCALARS[name]) | {"fraction"}:
            for k in _CHECK_SCALARS[name]:
                row[f"check_{name}_{k}"] = check.get(k)
            if name == "fraction_percent":
                frac = check.get("fraction")
                if frac is not None:
                    row["check_fraction_percent_numerator"], row["check_fraction_percent_denominator"] = frac
        elif name == "part_of" and isinstance(check, int):
            row["check_part_of"] = check
        elif name == "breakdown" and isinstance(check, list) and all(
                isinstance(g, dict) and set(g) <= {"ok", "sum", "total", "parts", "reason"} for g in check):
            row["check_breakdown"] = [{k: g.get(k) for k in ("ok", "sum", "total", "parts", "reason")}
                                      for g in check]
            row["check_breakdown_ok"] = all(g.get("ok") for g in check)
        else:
            rest[name] = check
    return {"checks": rest} if rest else {}


def row_to_record(row: dict) -> dict:
    """A row (as ``record_to_row`` made it, or read back from a table) ->
    the record's JSON dict (fields without a value are left out, so the
    model's defaults apply; validate it with ``schema.validate_record``)."""
    rec: dict = {}
    inverse = {v: k for k, v in RENAMED.items()}
    checks: dict = {}
    for col in COLUMN_NAMES:
        v = row.get(col)
        if v is None or col == "extra":
            continue
        if col in ("value_int", "value_date"):
            rec["value"] = v
        elif col.startswith("check_"):
            continue
        else:
            rec[inverse.get(col, col)] = v
    for name, keys in _CHECK_SCALARS.items():
        if row.get(f"check_{name}_ok") is not None:
            c = {k: row.get(f"check_{name}_{k}") for k in keys}
            if c.get("reason") is None:
                c.pop("reason")
            if name == "fraction_percent":
                c["fraction"] = [row.get("check_fraction_percent_numerator"),
                                 row.get("check_fraction_percent_denominator")]
            checks[name] = c
    if row.get("check_part_of") is not None:
        checks["part_of"] = row["check_part_of"]
    if row.get("check_breakdown") is not None:
        groups = row["check_breakdown"]
        if isinstance(groups, str):
            groups = json.loads(groups)
        checks["breakdown"] = [{k: v for k, v in g.items() if v is not None or k != "reason"}
                               for g in groups]
    extra = row.get("extra")
    if extra:
        extra = json.loads(extra) if isinstance(extra, str) else extra
        checks.update(extra.pop("checks", {}))
        rec.update(extra)
    if checks:
        rec["checks"] = checks
    return rec


# -- pyarrow ------------------------------------------------------------------
_SCHEMA = None


def arrow_schema():
    """The explicit pyarrow schema of a record table."""
    global _SCHEMA
    if _SCHEMA is None:
        import pyarrow as pa

        breakdown = pa.list_(pa.struct([
            ("ok", pa.bool_()), ("sum", pa.int64()), ("total", pa.int64()),
            ("parts", pa.list_(pa.int64())), ("reason", pa.string())]))
        types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
                 "json": pa.string(), "breakdown": breakdown}
        _SCHEMA = pa.schema([pa.field(name, types[kind]) for name, kind in COLUMNS],
                            metadata={"extractor.table_schema": "1"})
    return _SCHEMA


# -- CSV cells ----------------------------------------------------------------
def to_cell(value: Any, kind: str) -> str:
    """A value as a CSV cell: '' for None, true/false, JSON for the nested column."""
    if value is None:
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind == "breakdown":
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if kind == "float":
        return repr(float(value))
    return str(value)


def from_cell(cell: str, kind: str) -> Optional[Any]:
    """A CSV cell back to its value (an empty cell is None)."""
    if cell == "":
        return None
    if kind == "int":
        return int(cell)
    if kind == "float":
        return float(cell)
    if kind == "bool":
        return cell == "true"
    if kind == "breakdown":
        return json.loads(cell)
    return cell


def csv_row_to_row(cells: dict) -> dict:
    """A row read by ``csv.DictReader`` -> a typed row."""
    return {name: from_cell(cells.get(name, ""), kind) for name, kind in COLUMNS}
