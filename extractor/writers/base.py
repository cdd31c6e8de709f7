"""What an output writer is.

A writer has two halves, so that the engines never know the format:

- ``encode(record)`` (a static method) runs where the record was made (a
  worker process, a Dask worker): a validated record -> a payload the writer
  will write (a JSONL line, a CSV line, a flattened row).  The engines call
  it on every record and ship the payloads back in input order.
- the instance runs in the one process that writes: it appends the payloads
  of each finished document to its partial file and says where the file
  stands after each document (``checkpoint()``, a JSON value kept in the
  run's journal; it does not flush: the engine calls ``flush()`` once per
  batch of documents, before it writes their journal entries, so the
  journal never points past what reached the file).  ``open(resume=checkpoint)`` takes the partial file back
  to a checkpoint (``--resume``); ``rollback(checkpoint)`` takes back what
  was written after one (a long article whose later part failed);
  ``commit(target)`` turns the partial file into the final file and renames
  it over ``target`` in one step; ``close()`` keeps the partial file (an
  interrupted run, for ``--resume``).

``SpoolWriter`` is the common case: the partial file is text that grows by
appending, and a checkpoint is its size in bytes (counted as it is written,
so taking one costs no flush).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar, Iterable, Optional, Union


SPOOL_BUFFER = 1 << 20  # bytes


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path``'s directory durable."""
    try:
        dfd = os.open(str(path.parent or "."), os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def _normal_mode(fd: int) -> None:
    try:  # the mode a new file gets (mkstemp's are 0600)
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
    except OSError:
        pass


class Writer:
    """The interface (see the module docstring)."""

    name: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()
    streams: ClassVar[bool] = True  # can write to stdout

    @staticmethod
    def encode(record: Any) -> Any:  # pragma: no cover - the interface
        raise NotImplementedError

    def open(self, partial: Union[str, Path], resume: Optional[Any] = None) -> None:
        raise NotImplementedError

    def write(self, payloads: Iterable[Any]) -> None:
        raise NotImplementedError

    def checkpoint(self) -> Any:
        raise NotImplementedError

    def flush(self) -> None:
        """Hand what was written to the operating system (then a checkpoint
        taken before is in the file, even if the process is killed)."""
        raise NotImplementedError

    def rollback(self, checkpoint: Any) -> None:
        raise NotImplementedError

    def commit(self, target: Union[str, Path]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def start(self) -> Any:
        """The checkpoint of a partial file with no document in it."""
        raise NotImplementedError

    def valid(self, checkpoint: Any) -> bool:
        """Whether the partial file holds everything up to ``checkpoint``."""
        raise NotImplementedError

    def stream_header(self) -> str:
        return ""


class SpoolWriter(Writer):
    """A partial file of text appended to; a checkpoint is its byte size.
    Subclasses set ``encode`` (payloads are strings) and may write a
    ``header()`` and ``finish()`` the spool into the target."""

    def __init__(self) -> None:
        self.fp = None
        self.partial: Optional[Path] = None
        self.size = 0  # the partial file's size once flushed

    def header(self) -> str:
        return ""

    def stream_header(self) -> str:
        return self.header()

    def start(self) -> int:
        return len(self.header().encode("utf-8"))

    def open(self, partial, resume=None) -> None:
        self.partial = Path(partial)
        if resume is None or not self.partial.exists():
            fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            _normal_mode(fd)
            os.close(fd)
        # UTF-8 encoded here, so the size is known unflushed; a buffer that
        # holds a batch of documents (the engine flushes once per batch)
        self.fp = open(self.partial, "r+b", buffering=SPOOL_BUFFER)
        size = self.fp.seek(0, os.SEEK_END)
        if resume is not None and size > resume:
            self.fp.seek(resume)
            self.fp.truncate()
        self.size = self.fp.tell()
        if self.size == 0 and self.header():
            self.write([self.header()])

    def valid(self, checkpoint: int) -> bool:
        return self.partial is not None and self.partial.exists() and \
            self.partial.stat().st_size >= int(checkpoint) >= self.start()

    def write(self, payloads) -> None:
        data = "".join(payloads).encode("utf-8")
        self.fp.write(data)
        self.size += len(data)

    def checkpoint(self) -> int:
        return self.size

    def flush(self) -> None:
        if self.fp is not None and not self.fp.closed:
            self.fp.flush()

    def rollback(self, checkpoint: int) -> None:
        self.fp.flush()
        self.fp.seek(int(checkpoint))
        self.fp.truncate()
        self.size = int(checkpoint)

    def same_file(self) -> bool:
        """Whether the partial file at its path is still the one being
        written (not removed or replaced by another process)."""
        try:
            return os.path.samestat(os.fstat(self.fp.fileno()), os.stat(self.partial))
        except OSError:
            return False

    def finish(self, target: Path) -> None:
        """Turn the (flushed, fsynced, closed) spool into ``target``'s final
        content: by default the spool is the file, renamed over it."""
        os.replace(self.partial, target)

    def commit(self, target) -> None:
        target = Path(target)
        self.fp.flush()
        os.fsync(self.fp.fileno())
        self.fp.close()
        self.finish(target)
        fsync_dir(target)

    def close(self) -> None:
        if self.fp is not None and not self.fp.closed:
            self.fp.close()
