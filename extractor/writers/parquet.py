"""Parquet (pyarrow, ``pip install .[tables]``): the columns and types of
``table_schema.arrow_schema()``, row groups of ``ROW_GROUP`` rows.

A Parquet file is written once (its footer comes last), so the partial file
is a spool: the flattened rows as JSON lines, appended per document (a
checkpoint is the spool's size, as for JSONL).  ``commit`` converts the
spool, ``ROW_GROUP`` rows at a time (memory stays flat), into a temporary
Parquet file beside the target and renames it over the target."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from extractor.writers.base import SpoolWriter, _normal_mode
from extractor.writers.table_schema import arrow_schema, record_to_row

ROW_GROUP = 50_000


def encode(record) -> str:
    return json.dumps(record_to_row(record), ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False) + "\n"


def require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError as e:
        raise RuntimeError(f"Parquet output needs pyarrow: pip install 'extractor[tables]' ({e})") from None


def spool_to_parquet(spool: Path, target: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent or "."))
    _normal_mode(fd)
    os.close(fd)
    try:
        with pq.ParquetWriter(tmp, schema) as writer, open(spool, encoding="utf-8") as fh:
            batch: list = []
            for line in fh:
                batch.append(json.loads(line))
                if len(batch) >= ROW_GROUP:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    batch = []
            if batch:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class ParquetWriter(SpoolWriter):
    name = "parquet"
    suffixes = (".parquet", ".pq")
    streams = False

    encode = staticmethod(encode)

    def __init__(self) -> None:
        require_pyarrow()
        super().__init__()

    def finish(self, target: Path) -> None:
        spool_to_parquet(self.partial, target)
        os.unlink(self.partial)


def read_rows(path):
    """The rows of a Parquet file (dicts, columns by name)."""
    import pyarrow.parquet as pq

    yield from pq.read_table(path).to_pylist()
