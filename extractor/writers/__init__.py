"""Output writers: one registry, chosen by ``--format`` or the ``-o`` suffix.

``extractor extract ... -o out.parquet`` writes Parquet, ``-o out.csv`` CSV,
anything else JSONL; ``--format`` overrides the suffix.  Each writer is a
``extractor.writers.base.Writer``: the engines hand it records and it owns its
file, its checkpoints (for ``--resume``) and its atomic commit.  A new format
is a new module here and a line in ``WRITERS``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional, Union

from extractor.writers.base import SpoolWriter, Writer
from extractor.writers.csv import CsvWriter
from extractor.writers.jsonl import JsonlWriter
from extractor.writers.parquet import ParquetWriter

WRITERS: dict[str, type[Writer]] = {w.name: w for w in (JsonlWriter, ParquetWriter, CsvWriter)}
DEFAULT = "jsonl"


def _same(record):
    return record


# payloads that are the records themselves (the Python API's extract_files)
ENCODERS = {"records": _same}


def format_for(path: Optional[Union[str, Path]], fmt: Optional[str] = None) -> str:
    """The format to write: ``fmt`` when given, else from the suffix of
    ``path`` (``.parquet``, ``.csv``, else JSONL)."""
    if fmt:
        if fmt not in WRITERS:
            raise ValueError(f"unknown format {fmt!r} (one of: {', '.join(WRITERS)})")
        return fmt
    if path not in (None, "-"):
        suffix = Path(str(path)).suffix.lower()
        for name, cls in WRITERS.items():
            if suffix in cls.suffixes:
                return name
    return DEFAULT


def writer_class(fmt: str) -> type[Writer]:
    return WRITERS[fmt]


def encoder(fmt: str):
    """The function that turns a record into the format's payload."""
    return ENCODERS[fmt] if fmt in ENCODERS else WRITERS[fmt].encode


def write_file(path: Union[str, Path], records: Iterable, fmt: Optional[str] = None,
               encoded: bool = False) -> int:
    """Write ``records`` (or, with ``encoded``, payloads) to ``path``
    atomically in ``fmt`` (default: from the suffix); returns how many."""
    import os
    import tempfile

    path = Path(path)
    cls = WRITERS[format_for(path, fmt)]
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=str(path.parent or "."))
    os.close(fd)
    w = cls()
    n = 0
    try:
        w.open(tmp)
        for r in records:
            w.write([r if encoded else cls.encode(r)])
            n += 1
        w.commit(path)
    except BaseException:
        w.close()
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return n


__all__ = ["Writer", "SpoolWriter", "WRITERS", "format_for", "writer_class", "encoder", "write_file",
           "JsonlWriter", "CsvWriter", "ParquetWriter"]
