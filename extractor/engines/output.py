"""The output side of a run: where OUT really is, the lock on OUT, the resume
journal, and what identifies a run and a document in it.

- ``output_target``: OUT (or ``--errors``) as the run will write it.  Files are
  written beside and renamed over the target, so a symlink is followed first
  (the file it points to is replaced, the link stays), and a target that is
  not a regular file (``/dev/stdout``, a FIFO, a device, a socket) is refused
  before anything is touched: a rename would put a plain file in its place.

- ``OutputLock``: ``OUT.lock`` beside OUT, held with ``flock`` for the whole
  run; a second run on the same OUT fails at once naming the holder (pid,
  host, start time, command).  The kernel drops the lock when the holder
  dies, even on ``kill -9``, so a stale lock file never blocks a new run.
- ``Journal``: ``OUT.partial.done``.  Its first line identifies the run
  (``run_identity``: the input paths, the config's SHA-256, the ``--model``,
  the output format, the extractor version, a random run id); then one line
  per finished document: its doc_id, the writer's checkpoint after it, its
  errors, and its fingerprint (``fingerprint``: path, .jsonl line, size in
  bytes, mtime and the SHA-256 of its text and metadata).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import socket
import stat
import sys
import uuid
from pathlib import Path
from typing import Any, Optional, Union

from extractor.version import __version__

try:
    import fcntl
except ImportError:  # not POSIX: no lock
    fcntl = None  # type: ignore[assignment]


class OutputTargetError(ValueError):
    """OUT (or --errors) exists and is not a file the run can replace."""


_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))


_FD_DIRS = ("/proc/", "/dev/fd/")


def _names_a_descriptor(path: str) -> bool:
    """``/dev/stdout``, ``/dev/fd/1``, ``/proc/self/fd/3``: a link into a
    process's open files.  Whatever it points to now (a pipe, the terminal,
    a file the shell opened for ``>>``), it is a stream, not a path to
    replace."""
    p = os.path.abspath(path)
    for _ in range(40):  # a link chain, as the kernel follows it
        if p.startswith(_FD_DIRS):
            return True
        if not os.path.islink(p):
            return False
        p = os.path.normpath(os.path.join(os.path.dirname(p), os.readlink(p)))
    return False


def output_target(path: Union[str, Path], what: str = "-o") -> str:
    """``path`` with symlinks followed when it is one (so the rename at the
    end replaces the file it points to, not the link), or OutputTargetError
    when it exists and is not a regular file or a directory (the callers
    refuse directories with their own message)."""
    path = str(path)
    hint = "; to write to standard output, leave out -o (or give -o -)" if what == "-o" else "; give a file path"
    if _names_a_descriptor(path):
        raise OutputTargetError(f"{what} {path}: names an open file descriptor (a stream), not a file: the "
                                f"output is written beside it and renamed over it{hint}")
    target = os.path.realpath(path) if os.path.islink(path) else path
    try:
        mode = os.stat(path).st_mode  # through every link (/dev/stdout -> /proc/self/fd/1 -> a pipe)
    except OSError:
        return target  # not there yet (or a dangling link: its target is created)
    for test, kind in _KINDS:
        if test(mode):
            raise OutputTargetError(f"{what} {path}: is {kind}, not a regular file: the output is "
                                    f"written beside it and renamed over it, which would replace it{hint}")
    return target


class LockError(Exception):
    """OUT is being written by another run."""


class OutputLock:
    """An exclusive lock on an output file, held until ``release()``."""

    def __init__(self, out: Union[str, Path]):
        self.out = Path(out)
        self.path = self.out.with_name(self.out.name + ".lock")
        self.fd: Optional[int] = None

    def acquire(self) -> "OutputLock":
        if fcntl is None:
            return self
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = _read_holder(fd)
                os.close(fd)
                raise LockError(f"-o {self.out} is being written by another run ({holder}); "
                                f"wait for it to finish or stop it (lock file {self.path})") from None
            # the file may have been removed by the run that held it: lock the one at the path
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "started": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                "command": " ".join(sys.argv)[:500]}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(info) + "\n").encode(), 0)
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.unlink(self.path)  # while still held: a waiting run then locks a new file
        except FileNotFoundError:
            pass
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> "OutputLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    try:
        info = json.loads(os.pread(fd, 4096, 0).decode("utf-8", "replace") or "{}")
        return (f"pid {info.get('pid')} on {info.get('host')}, started {info.get('started')}: "
                f"{info.get('command')}")
    except (OSError, ValueError):
        return "holder unknown"


# -- identity ------------------------------------------------------------------------
def config_identity(config: Any) -> dict:
    """The config files a run can use (one with --config, else those of its
    languages), their SHA-256, the --model, --lang and --time-limit."""
    from extractor.lang import available
    from extractor.pipeline import AUTO, PipelineSpec, default_config_path

    spec = config if isinstance(config, PipelineSpec) else PipelineSpec(config)
    if spec.config:
        paths = [Path(spec.config)]
    else:
        langs = available() if spec.lang == AUTO else [spec.lang]
        paths = [default_config_path(lang) for lang in langs]
    h = hashlib.sha256()
    for path in paths:
        try:
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            h.update(path.name.encode() + b"\0missing\0")
    return {"config": ", ".join(str(p) for p in paths), "config_sha256": h.hexdigest(),
            "model": spec.model, "lang": spec.lang, "time_limit": spec.time_limit}


def run_identity(paths: list[str], config: Any, fmt: str) -> dict:
    return {"run_id": uuid.uuid4().hex, "extractor_version": __version__, "format": fmt,
            **config_identity(config), "inputs": [os.path.abspath(p) for p in paths]}


# what must be equal for --resume to go on
MUST_MATCH = (("extractor_version", "extractor version"), ("format", "output format"),
              ("config_sha256", "pipeline config"), ("model", "--model"), ("lang", "--lang"),
              ("time_limit", "--time-limit"))


def resume_mismatch(old: dict, new: dict) -> Optional[str]:
    for key, what in MUST_MATCH:
        if old.get(key) != new.get(key):
            a, b = old.get(key), new.get(key)
            if key == "config_sha256":
                a, b = f"{old.get('config')} ({str(a)[:12]})", f"{new.get('config')} ({str(b)[:12]})"
            return f"the {what} differs from the interrupted run's ({a} then, {b} now)"
    return None


def fingerprint(article) -> dict:
    """What identifies one input document (compared on --resume: path, line,
    size and hash; the mtime is kept for the record only)."""
    h = hashlib.sha256(article.text.encode("utf-8", "surrogatepass"))
    extra = {"source": article.source, "meta": article.meta}
    h.update(json.dumps(extra, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    try:
        mtime = os.stat(article.path).st_mtime_ns
    except (OSError, ValueError):
        mtime = None
    return {"path": os.path.abspath(article.path) if article.path else None, "line": article.line,
            "size": len(article.text.encode("utf-8", "surrogatepass")), "mtime_ns": mtime,
            "sha256": h.hexdigest()}


def same_document(a: Optional[dict], b: Optional[dict]) -> bool:
    if not a or not b:
        return False
    return all(a.get(k) == b.get(k) for k in ("path", "line", "size", "sha256"))


# -- the journal -----------------------------------------------------------------------
class Journal:
    HEADER = "extractor_journal"

    def __init__(self, path: Union[str, Path]):
        self.path = Path(path)
        self.fp = None
        self.run_id: Optional[str] = None
        self.ends: list[int] = []  # byte length after the header (ends[0]) and after each entry
        self.pending: list[bytes] = []  # entries added, not yet written (``flush``)

    def read(self) -> tuple[Optional[dict], list[dict]]:
        """(the run identity, the whole entries) of the journal at ``path``;
        a torn last line is ignored."""
        if not self.path.exists():
            return None, []
        header, entries = None, []
        with open(self.path, "rb") as fh:
            for k, raw in enumerate(fh):
                if not raw.endswith(b"\n"):
                    break
                try:
                    obj = json.loads(raw)
                except ValueError:
                    break
                if k == 0:
                    if not isinstance(obj, dict) or not isinstance(obj.get(self.HEADER), dict):
                        return None, []
                    header = obj[self.HEADER]
                    continue
                if not isinstance(obj, dict) or "doc_id" not in obj or "ck" not in obj:
                    break
                entries.append(obj)
        return header, entries

    def start(self, identity: dict, entries: list[dict] = ()) -> None:
        """A new journal (written beside, then renamed in place): the header,
        then ``entries`` (those of an interrupted run, on --resume)."""
        tmp = self.path.with_name(self.path.name + ".new")
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(_line({self.HEADER: identity}))
            self.ends = [fh.tell()]
            for e in entries:
                fh.write(_line(e))
                self.ends.append(fh.tell())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        self.run_id = identity["run_id"]
        self.pending = []
        self.fp = open(self.path, "ab")

    def keep(self, n: int) -> None:
        """Keep the first ``n`` entries, drop the others."""
        self.flush()
        self.fp.truncate(self.ends[n])
        del self.ends[n + 1:]

    def add(self, entry: dict) -> None:
        """Note a finished document; it is written by the next ``flush``
        (which the engine calls after flushing the writer: the journal
        never names a checkpoint the file has not reached)."""
        line = _line(entry).encode("utf-8")
        self.pending.append(line)
        self.ends.append(self.ends[-1] + len(line))

    def flush(self) -> None:
        """Write the entries added since the last flush, in one write."""
        if self.pending and self.fp is not None and not self.fp.closed:
            self.fp.write(b"".join(self.pending))
            self.fp.flush()
        self.pending = []

    def is_ours(self) -> bool:
        """Whether the journal at ``path`` is still this run's."""
        try:
            if not os.path.samestat(os.fstat(self.fp.fileno()), os.stat(self.path)):
                return False
            header, _ = self.read()
        except OSError:
            return False
        return bool(header) and header.get("run_id") == self.run_id

    def close(self) -> None:
        if self.fp is not None and not self.fp.closed:
            self.fp.close()

    def remove(self) -> None:
        self.close()
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass


def _line(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
