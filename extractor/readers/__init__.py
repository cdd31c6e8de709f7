"""Input readers: paths in, ``Article`` objects (or ``LoadError``s) out.

One registry of readers, chosen by the file's suffix or by
``--input-format``:

=========  =====================================  ==================================
format     suffixes (and ``.gz`` of each)          an article is
=========  =====================================  ==================================
``txt``    ``.txt``                                the file (doc_id: its name)
``jsonl``  ``.jsonl``, ``.ndjson``                 a line (``text`` or ``html``)
``html``   ``.html``, ``.htm``                     the page's main text (trafilatura)
=========  =====================================  ==================================

``-`` is standard input (read as ``--input-format``, else by its first
bytes: ``{`` JSONL, ``<`` HTML, anything else text; gzip is decompressed).
Directories are searched recursively (symlinked directories are followed,
each directory once); what a scan does not read is counted in
``InputOptions.report`` (files of other suffixes, FIFOs and other special
files, broken symlinks and symlink loops, outputs of a previous run, a
directory of kept texts found inside the one named).  A file named on the command line with a suffix
no reader knows is an error (name a format with ``--input-format``).

``load_paths`` is what the engines call.
"""

from __future__ import annotations

import errno
import glob as _glob
import io
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Optional, Union

from extractor.readers.base import (DEFAULT_MAX_BYTES, RECORD_FIELDS, Article, DecodeError, InputOptions,
                                    LoadError, ScanReport, Source, TooLarge, decode, lone_surrogate,
                                    source_of)
from extractor.readers.html import MARKER, read_html, text_path
from extractor.readers.jsonl import read_jsonl
from extractor.readers.text import read_txt

__all__ = ["Article", "LoadError", "DecodeError", "TooLarge", "decode", "lone_surrogate", "source_of",
           "DEFAULT_MAX_BYTES", "RECORD_FIELDS", "InputOptions", "ScanReport", "Source", "Reader",
           "READERS", "register", "reader_for", "known_suffixes", "expand_paths", "load_paths",
           "text_path", "STDIN"]

STDIN = "-"

ReadFn = Callable[[Source, InputOptions], Iterator[Union[Article, LoadError]]]


@dataclass(frozen=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]
    read: ReadFn


READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Add a reader (a later one with the same name replaces it)."""
    READERS[reader.name] = reader
    return reader


register(Reader("txt", (".txt",), read_txt))
register(Reader("jsonl", (".jsonl", ".ndjson"), read_jsonl))
register(Reader("html", (".html", ".htm"), read_html))
FORMAT_ALIASES = {"ndjson": "jsonl", "htm": "html", "text": "txt"}


def known_suffixes() -> list[str]:
    return [s for r in READERS.values() for s in r.suffixes]


def _split_suffix(path: Path) -> tuple[str, str, bool]:
    """(stem, article suffix, gzip?) of a file name: ``a.jsonl.gz`` ->
    ``("a", ".jsonl", True)``."""
    name = path.name
    gz = name.lower().endswith(".gz")
    if gz:
        name = name[:-3]
    base, dot, ext = name.rpartition(".")
    if not dot or not base:
        return name, "", gz
    return base, "." + ext.lower(), gz


def reader_for(path: Path, input_format: Optional[str] = None) -> Optional[Reader]:
    """The reader of a file: ``input_format`` when given, else by suffix
    (None when no reader knows it)."""
    if input_format:
        return READERS[FORMAT_ALIASES.get(input_format, input_format)]
    _, suffix, _ = _split_suffix(path)
    return next((r for r in READERS.values() if suffix in r.suffixes), None)


def _describe(suffixes: list[str]) -> str:
    return ", ".join(suffixes) + " (or .gz of them)"


# -- finding the files -------------------------------------------------------------
def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _scan(root: Path, report: ScanReport) -> list[Path]:
    """The article files under a directory (sorted), following symlinked
    directories, each directory once; the rest is counted in ``report``."""
    found: list[Path] = []
    visited: set = set()

    def walk(d: Path, ancestors: frozenset) -> None:
        try:
            st = d.stat()
        except OSError:
            return
        key = (st.st_dev, st.st_ino)
        if key in ancestors:
            report.skip(str(d), "symlink loop", f"a symlink loop (it leads back to {d.resolve()}): not followed")
            return
        if key in visited:
            return  # reached again through another symlink: its files are found once
        visited.add(key)
        if ancestors and (d / MARKER).exists():  # named itself, it is read
            report.skip(str(d), "directory of kept texts")
            return
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            report.skip(str(d), "unreadable directory", f"cannot read the directory: {e.strerror or e}")
            return
        for entry in entries:
            p = Path(entry.path)
            try:
                st_e = os.stat(entry.path)  # follows symlinks
            except OSError as e:
                if e.errno == errno.ELOOP:
                    report.skip(str(p), "symlink loop", "a symlink loop: not read")
                elif entry.is_symlink():
                    report.skip(str(p), "broken symlink", "a broken symlink: not read")
                else:
                    report.skip(str(p), "unreadable", f"cannot read: {e.strerror or e}")
                continue
            if stat.S_ISDIR(st_e.st_mode):
                if reader_for(p) is not None:
                    report.note(str(p), "directory named like an article file (searched as a directory)",
                                "a directory named like an article file: searched as a directory")
                walk(p, ancestors | {key})
            elif reader_for(p) is None:
                report.other(p)
            elif not stat.S_ISREG(st_e.st_mode):
                kind = _special(st_e.st_mode)
                report.skip(str(p), kind, f"not a regular file (a {kind}): not read")
            else:
                found.append(p)

    walk(root, frozenset())
    return sorted(found)


def expand_paths(paths: Iterable[str], exclude: Iterable[Union[str, Path]] = (),
                 options: Optional[InputOptions] = None) -> Iterator[Union[Source, LoadError]]:
    """Files, directories (recursive), glob patterns and ``-`` -> inputs,
    in a stable (sorted) order, each file once.  A path that matches nothing
    is an error.  Files in ``exclude`` (the run's own output) are left out."""
    options = options or InputOptions()
    report = options.report
    seen = {_key(Path(p)) for p in exclude}
    stdin_seen = False
    for p in paths:
        if p == STDIN:
            if stdin_seen:
                yield LoadError("<stdin>", "standard input named twice", stage="input")
            else:
                stdin_seen = True
                yield Source("<stdin>", "stdin", stream=_stdin())
            continue
        path = Path(p)
        scanned = False
        try:
            if path.is_dir():
                files = _scan(path, report)
                scanned = True
                if not files:
                    yield LoadError(str(path), f"directory has no articles ({_describe(known_suffixes())})",
                                    stage="input")
            elif path.exists() or path.is_symlink():
                files = [path]
            elif _glob.has_magic(p):
                matched = sorted(Path(f) for f in _glob.glob(p, recursive=True) if os.path.isfile(f))
                if options.input_format:
                    files = matched
                else:
                    files = [f for f in matched if reader_for(f) is not None]
                    for f in matched:
                        if reader_for(f) is None:
                            report.other(f)
                    scanned = True
                if not matched:
                    yield LoadError(p, "pattern matches no files", stage="input")
                elif not files:
                    yield LoadError(p, f"pattern matches no articles ({_describe(known_suffixes())})",
                                    stage="input")
            else:
                yield LoadError(p, "no such file or directory", stage="input")
                continue
        except OSError as e:
            yield LoadError(p, f"cannot read: {e.strerror or e}", stage="input")
            continue
        for f in files:
            k = _key(f)
            if k in seen:
                continue
            seen.add(k)
            if not scanned and reader_for(f, options.input_format) is None:
                yield LoadError(str(f), f"not a known kind of input: read are {_describe(known_suffixes())}; "
                                f"name a format with --input-format txt|jsonl|html to read it anyway",
                                stage="input")
                continue
            stem, _, gz = _split_suffix(f)
            yield Source(str(f), stem, path=f, gz=gz,
                         scanned=scanned)


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def _stdin() -> IO[bytes]:
    raw = sys.stdin.buffer if sys.stdin is not None else io.BytesIO()
    return raw if hasattr(raw, "peek") else io.BufferedReader(raw)


def _sniff(stream: IO[bytes]) -> tuple[IO[bytes], str]:
    """(the stream, decompressed when gzip; the format of its first bytes)."""
    import gzip

    head = stream.peek(2)[:2]
    if head == b"\x1f\x8b":
        stream = io.BufferedReader(gzip.GzipFile(fileobj=stream, mode="rb"))
    head = stream.peek(512)[:512]
    try:
        start = decode(head[:len(head) - len(head) % 2] if head[:2] in (b"\xff\xfe", b"\xfe\xff") else head)
    except DecodeError as e:
        start = decode(head[:e.offset]) if e.offset else ""
    except Exception:
        start = ""
    first = start.lstrip()[:1]
    return stream, "jsonl" if first == "{" else "html" if first == "<" else "txt"


def load_paths(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES,
               exclude: Iterable[Union[str, Path]] = (),
               options: Optional[InputOptions] = None) -> Iterator[Union[Article, LoadError]]:
    """Every article (or error) under the given paths, streaming.
    ``options.max_bytes`` is set from ``max_bytes``."""
    options = options or InputOptions()
    options.max_bytes = max_bytes
    for src in expand_paths(paths, exclude, options):
        if isinstance(src, LoadError):
            yield src
            continue
        if src.stream is not None:
            try:
                src.stream, sniffed = _sniff(src.stream)
            except (OSError, EOFError) as e:
                yield LoadError(src.name, f"cannot read: {e}", stage="read")
                continue
            reader = READERS[FORMAT_ALIASES.get(options.input_format or sniffed, options.input_format or sniffed)]
            src.gz = False
        else:  # --input-format is for what was named; a scan reads by suffix
            reader = reader_for(src.path, None if src.scanned else options.input_format)
        yield from reader.read(src, options)
