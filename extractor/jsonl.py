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

from extractor.schema import validate_record

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


def record_line(record) -> str:
    """One record as one JSONL line (with its newline).

    A model is dumped by pydantic (its fields are declared in the order of
    ``FIRST``, so the bytes equal ``dumps(record_dict(record))``, about five
    times faster); a dict, or anything pydantic cannot dump, the slow way."""
    if hasattr(record, "model_dump_json"):
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
