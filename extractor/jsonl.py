"""JSONL reading and writing of records.

Lines are compact JSON, UTF-8 (not ASCII-escaped), with the fields in a fixed
order (the common fields first), so the same input gives the same bytes.
Files are written atomically: into a temporary file beside the target, then
renamed over it, so the target always holds a complete file.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path
from typing import IO, Iterable, Iterator, Union

import orjson

from extractor.schema import FAST_SPECS, validate_record

FIRST = ("schema_version", "doc_id", "type", "text", "start_char", "end_char")


def record_dict(record) -> dict:
    """A record (model or dict) as a dict with the common fields first."""
    d = record.model_dump(mode="json") if hasattr(record, "model_dump") else dict(record)
    out = {k: d[k] for k in FIRST if k in d}
    out.update((k, v) for k, v in d.items() if k not in out)
    return out


def dumps(obj) -> str:
    """Compact JSON; NaN and infinities are refused (ValueError): they are not JSON."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# orjson: no datetimes, dataclasses or subclasses of str, int, dict, list (it
# would write them its own way): those raise, and pydantic dumps the record.
_ORJSON_OPTS = (orjson.OPT_APPEND_NEWLINE | orjson.OPT_PASSTHROUGH_DATETIME
                | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS)


# pydantic writes a number by its field's type (an int in a float field as
# 45.0, a bool in an int field as 1), orjson by the value's: orjson only for
# records whose numeric fields hold their own type.
_NUMERIC = {model: tuple(tuple(name for name, f in spec[0].items() if f[0] == kind) for kind in ("int", "float"))
            for model, spec in FAST_SPECS.items() if spec is not None}


def _fast_line(record):
    """The JSON line of a record of the schema's models by orjson, or None."""
    numeric = _NUMERIC.get(type(record))
    if numeric is None:
        return None
    d = record.__dict__
    ints, floats = numeric
    for name in ints:
        v = d[name]
        if v is not None and type(v) is not int:
            return None
    for name in floats:
        v = d[name]
        if v is not None and type(v) is not float:
            return None
    extra = record.__pydantic_extra__
    try:
        return _orjson_dumps({**d, **extra} if extra else d, option=_ORJSON_OPTS).decode()
    except TypeError:  # a value orjson does not write (an int over 64 bits, a date ...)
        return None


_orjson_dumps = orjson.dumps


def record_line(record) -> str:
    """One record as one JSONL line (with its newline).

    A model is dumped by orjson when its values are plain JSON (its fields
    are declared in the order of ``FIRST``, so the bytes equal pydantic's
    ``model_dump_json`` and ``dumps(record_dict(record))``; about three times
    faster than pydantic: tests/test_fast_records.py), else by pydantic; a
    dict, or anything pydantic cannot dump, the slow way."""
    if hasattr(record, "model_dump_json"):
        line = _fast_line(record)
        if line is not None:
            return line
        try:
            return record.model_dump_json() + "\n"
        except ValueError:
            pass
    return dumps(record_dict(record)) + "\n"


def write_records(fp: IO[str], records: Iterable) -> int:
    n = 0
    for r in records:
        fp.write(dumps(record_dict(r)) + "\n")
        n += 1
    return n


def read_records(path: Union[str, Path], validate: bool = True) -> Iterator:
    """Records of a JSONL file (validated models, or plain dicts); blank
    lines are skipped, a bad line is a ValueError naming its line."""
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                raise ValueError(f"{path}:{lineno}: not JSON: {e}") from None
            yield validate_record(obj) if validate else obj


class AtomicWriter:
    """A text file that appears at ``path`` only when complete.

    Writes go to a temporary file in the same directory; ``commit()`` fsyncs
    and renames it over ``path``; ``abort()`` (or an exception inside a
    ``with`` block) removes it and leaves ``path`` as it was."""

    def __init__(self, path: Union[str, Path], tmp_path: Union[str, Path, None] = None, append: bool = False):
        self.path = Path(path)
        if tmp_path is None:
            fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                        dir=str(self.path.parent or "."))
            try:  # mkstemp makes it 0600; give it the mode a new file gets
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(fd, 0o666 & ~umask)
            except OSError:
                pass
            os.close(fd)
            tmp_path = name
        self.tmp_path = Path(tmp_path)
        self.fp = open(self.tmp_path, "a" if append else "w", encoding="utf-8", newline="\n")

    def write(self, s: str) -> None:
        self.fp.write(s)

    def tell(self) -> int:
        self.fp.flush()
        return self.fp.tell()

    def truncate(self, size: int) -> None:
        """Take back what was written after ``size`` (a ``tell()``)."""
        self.fp.flush()
        self.fp.seek(size)
        self.fp.truncate()

    def flush(self) -> None:
        self.fp.flush()

    def commit(self) -> None:
        self.fp.flush()
        os.fsync(self.fp.fileno())
        self.fp.close()
        os.replace(self.tmp_path, self.path)
        try:  # make the rename itself durable
            dfd = os.open(str(self.path.parent or "."), os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError:
            pass

    def abort(self) -> None:
        if not self.fp.closed:
            self.fp.close()
        try:
            self.tmp_path.unlink()
        except FileNotFoundError:
            pass

    def __enter__(self) -> "AtomicWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def write_file(path: Union[str, Path], records: Iterable) -> int:
    """Write records to ``path`` atomically; returns how many."""
    with AtomicWriter(path) as w:
        buf = io.StringIO()
        n = write_records(buf, records)
        w.write(buf.getvalue())
    return n
