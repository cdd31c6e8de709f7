"""CSV: a header line, then one row per record with the columns of
``table_schema.COLUMNS`` (RFC 4180 quoting, ``\\n`` line ends, UTF-8).  An
empty cell is a missing value; booleans are ``true``/``false``; the one
nested column (``check_breakdown``) is JSON text.  The partial file grows
by whole rows, so a checkpoint is its size, as for JSONL."""

from __future__ import annotations

import csv
import io

from extractor.writers.base import SpoolWriter
from extractor.writers.table_schema import COLUMN_NAMES, COLUMNS, record_to_row, to_cell


def _line(cells) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    return buf.getvalue()


HEADER = _line(COLUMN_NAMES)


def encode(record) -> str:
    row = record_to_row(record)
    return _line([to_cell(row[name], kind) for name, kind in COLUMNS])


class CsvWriter(SpoolWriter):
    name = "csv"
    suffixes = (".csv",)

    encode = staticmethod(encode)

    def header(self) -> str:
        return HEADER


def read_rows(path):
    """The typed rows of a CSV file this writer wrote."""
    from extractor.writers.table_schema import csv_row_to_row

    with open(path, encoding="utf-8", newline="") as fh:
        for cells in csv.DictReader(fh):
            yield csv_row_to_row(cells)
