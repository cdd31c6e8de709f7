"""Loading articles: paths in, ``Article`` objects (or ``LoadError``s) out.

Inputs: ``.txt`` files (one article each; ``doc_id`` is the file name without
its extension), directories (searched recursively for ``.txt`` and
``.jsonl``), glob patterns, and ``.jsonl`` files with one article per line
(``{"doc_id": ..., "text": ..., optional metadata such as "url"}``).

Decoding follows ANNOTATION.md: the bytes as UTF-8 with a leading BOM removed
and nothing else changed.  A UTF-16 file with a BOM is decoded as UTF-16.
Anything else that is not UTF-8 (Latin-1, Windows-1258, binary files) is an
error naming the file and the byte offset: nothing is guessed silently.
"""

from __future__ import annotations

import codecs
import glob as _glob
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

import regex

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ARTICLE_SUFFIXES = (".txt", ".jsonl")

SOURCE_RE = regex.compile(r"(?m)^[ \t]*Source:[ \t]*(?P<url>(?:https?://|www\.)\S+)[ \t\r]*$")


@dataclass
class Article:
    doc_id: str
    text: str
    path: str = ""
    source: Optional[str] = None
    meta: dict[str, Any] = field(default_factory=dict)
    line: Optional[int] = None  # its line in a .jsonl file

    @property
    def where(self) -> str:
        return self.path + (f":{self.line}" if self.line is not None else "")


@dataclass
class LoadError:
    """One article (or input) that could not be loaded."""

    path: str
    reason: str
    doc_id: Optional[str] = None
    stage: str = "load"
    line: Optional[int] = None

    def to_dict(self) -> dict:
        return {"doc_id": self.doc_id, "path": self.path, "stage": self.stage,
                "line": self.line, "reason": self.reason}

    def __str__(self) -> str:
        where = self.path + (f":{self.line}" if self.line is not None else "")
        who = f" [{self.doc_id}]" if self.doc_id else ""
        return f"{where}{who}: {self.stage} error: {self.reason}"


class DecodeError(ValueError):
    """Bytes that are not an article's text; ``offset`` is the byte it is about."""

    def __init__(self, reason: str, offset: Optional[int] = None):
        super().__init__(reason)
        self.offset = offset


class TooLarge(DecodeError):
    """Over the size limit (``--max-bytes``)."""


_MAGIC = ((b"%PDF-", "a PDF file, not text (extract its text first)"),
          (b"\x89PNG", "a PNG image, not text"), (b"\xff\xd8\xff", "a JPEG image, not text"),
          (b"GIF8", "a GIF image, not text"), (b"PK\x03\x04", "a ZIP/Office file, not text"),
          (b"\x1f\x8b", "a gzip file, not text (decompress it first)"))


def decode(data: bytes, base: int = 0) -> str:
    """Bytes -> text as ANNOTATION.md defines it, or DecodeError saying why.

    UTF-8 with a leading BOM removed and nothing else changed; UTF-16 when
    the bytes start with a UTF-16 BOM.  Byte offsets in the errors count
    from the start of ``data`` (plus ``base``), BOM included."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            at = base + e.start
            raise DecodeError(f"invalid UTF-16 at byte {at}: {e.reason}", at) from None
        nul = text.find("\x00")
        if nul >= 0:
            raise DecodeError(f"binary data (NUL character at char {nul} of the UTF-16 text), not text")
        return text
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    for magic, what in _MAGIC:
        if data.startswith(magic, skip):
            raise DecodeError(what, base + skip)
    nul = data.find(b"\x00", skip)
    if nul >= 0:
        raise DecodeError(f"binary data (NUL byte at byte {base + nul}), not text", base + nul)
    try:
        return data[skip:].decode("utf-8") if skip else data.decode("utf-8")
    except UnicodeDecodeError as e:
        at = skip + e.start
        bad = data[at:at + 4]
        raise DecodeError(
            f"not valid UTF-8 at byte {base + at} ({bad!r}); re-encode the file as UTF-8 "
            f"(e.g. from Latin-1 or Windows-1258)", base + at) from None


_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def lone_surrogate(s: str) -> Optional[int]:
    """Where ``s`` holds a lone surrogate (JSON ``"\\ud800"``), which no
    UTF-8 output can carry; None when it holds none."""
    m = _SURROGATE.search(s)
    return m.start() if m else None


def source_of(text: str) -> Optional[str]:
    """The URL of a ``Source: <url>`` line, if the article has one."""
    m = SOURCE_RE.search(text)
    return m.group("url") if m else None


def _read(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; never more than ``max_bytes`` are held (0: no limit),
    also for a file that grows or a device that never ends."""
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise OSError("not a regular file (a device, FIFO or socket)")
    size = st.st_size
    if max_bytes and size > max_bytes:
        raise TooLarge(f"{size} bytes is over the limit of {max_bytes} bytes; raise it with --max-bytes")
    with open(path, "rb") as fh:
        if not max_bytes:
            return fh.read()
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(f"more than {max_bytes} bytes is over the limit; raise it with --max-bytes")
    return data


def load_txt(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Union[Article, LoadError]:
    doc_id = path.stem
    try:
        text = decode(_read(path, max_bytes))
    except DecodeError as e:
        return LoadError(str(path), str(e), doc_id=doc_id,
                         stage="read" if isinstance(e, TooLarge) else "decode")
    except OSError as e:
        return LoadError(str(path), f"cannot read: {e.strerror or e}", doc_id=doc_id, stage="read")
    return Article(doc_id=doc_id, text=text, path=str(path), source=source_of(text))


def _jsonl_lines(fh, max_bytes: int) -> Iterator[tuple[int, int, Union[bytes, DecodeError]]]:
    """(line number, byte offset, the line's bytes or why not) of a binary
    file; a line over ``max_bytes`` is skipped without being held."""
    limit = max_bytes + 2 if max_bytes else -1  # room for "\r\n"
    lineno, offset = 0, 0
    while True:
        raw = fh.readline(limit)
        if not raw:
            return
        lineno += 1
        start = offset
        offset += len(raw)
        if max_bytes and len(raw.rstrip(b"\r\n")) > max_bytes:
            while not raw.endswith(b"\n"):  # skip the rest of the line
                raw = fh.readline(1 << 20)
                if not raw:
                    break
                offset += len(raw)
            yield lineno, start, TooLarge(
                f"line of {offset - start} bytes is over the limit of {max_bytes} bytes; "
                f"raise it with --max-bytes")
            continue
        yield lineno, start, raw


def _utf16_lines(data: bytes) -> Iterator[tuple[int, int, Union[bytes, DecodeError]]]:
    """The lines of a UTF-16 .jsonl file, as UTF-8 (offsets: of the UTF-16 bytes)."""
    try:
        text = decode(data)
    except DecodeError as e:
        yield 1, 0, e
        return
    for lineno, line in enumerate(text.split("\n"), start=1):
        yield lineno, 0, line.encode("utf-8", "surrogatepass")


def load_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Union[Article, LoadError]]:
    """One article per line; a bad line is an error with its line number and
    the other lines go on.

    A line is ``{"doc_id": ..., "text": ..., ...}``: ``text`` a string,
    ``doc_id`` a non-empty string or an integer (``id`` is accepted too; when
    both are missing it is ``<file stem>:<line>``), unique in the file.  The
    other keys are kept as metadata (``url`` or ``source`` is the source)."""
    where = str(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise OSError("not a regular file (a device, FIFO or socket)")
        fh = open(path, "rb")
    except OSError as e:
        yield LoadError(where, f"cannot read: {e.strerror or e}", stage="read")
        return
    seen: dict[str, int] = {}
    with fh:
        try:
            head = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
            if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                lines: Iterator = _utf16_lines(_read(path, 0))
            else:
                lines = _jsonl_lines(fh, max_bytes)
            for lineno, offset, raw in lines:
                if isinstance(raw, DecodeError):
                    yield LoadError(where, str(raw), line=lineno,
                                    stage="read" if isinstance(raw, TooLarge) else "decode")
                    continue
                if not raw.strip():
                    continue
                yield _jsonl_article(path, lineno, offset, raw, seen)
        except OSError as e:
            yield LoadError(where, f"cannot read: {e.strerror or e}", stage="read")


def _jsonl_article(path: Path, lineno: int, offset: int, raw: bytes,
                   seen: dict[str, int]) -> Union[Article, LoadError]:
    where = str(path)
    try:
        line = decode(raw, base=offset)
    except DecodeError as e:
        return LoadError(where, str(e), stage="decode", line=lineno)
    try:
        obj = json.loads(line)
    except ValueError as e:
        return LoadError(where, f"bad JSON: {e}", stage="parse", line=lineno)
    except RecursionError:
        return LoadError(where, "bad JSON: nested too deeply", stage="parse", line=lineno)
    if not isinstance(obj, dict):
        return LoadError(where, f"a line must be a JSON object, not {type(obj).__name__}",
                         stage="parse", line=lineno)
    key = "doc_id" if "doc_id" in obj else "id"
    doc_id = obj.get(key)
    if doc_id is None:
        doc_id = f"{path.stem}:{lineno}"
    elif isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        return LoadError(where, f"\"{key}\" is {type(doc_id).__name__}, not a string",
                         stage="parse", line=lineno)
    doc_id = str(doc_id)
    if doc_id == "":
        return LoadError(where, f"\"{key}\" is empty", stage="parse", line=lineno)
    if lone_surrogate(doc_id) is not None:
        return LoadError(where, f"\"{key}\" holds a lone surrogate (not valid Unicode)",
                         doc_id=doc_id.encode("utf-8", "backslashreplace").decode("utf-8"),
                         stage="parse", line=lineno)
    if "text" not in obj:
        return LoadError(where, "missing \"text\"", doc_id=doc_id, stage="parse", line=lineno)
    text = obj["text"]
    if not isinstance(text, str):
        return LoadError(where, f"\"text\" is {type(text).__name__}, not a string",
                         doc_id=doc_id, stage="parse", line=lineno)
    bad = lone_surrogate(text)
    if bad is not None:
        return LoadError(where, f"\"text\" holds a lone surrogate at char {bad} (not valid Unicode)",
                         doc_id=doc_id, stage="parse", line=lineno)
    if doc_id in seen:
        return LoadError(where, f"duplicate doc_id {doc_id!r} (first on line {seen[doc_id]})",
                         doc_id=doc_id, stage="parse", line=lineno)
    seen[doc_id] = lineno
    if text.startswith("\ufeff"):
        text = text[1:]
    meta = {k: v for k, v in obj.items() if k not in ("doc_id", "id", "text")}
    source = obj.get("url") or obj.get("source") or source_of(text)
    return Article(doc_id=doc_id, text=text, path=where, line=lineno,
                   source=source if isinstance(source, str) else None, meta=meta)


def _files(path: Path) -> list[Path]:
    return sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES)


def expand_paths(paths: Iterable[str], exclude: Iterable[Union[str, Path]] = ()) -> Iterator[Union[Path, LoadError]]:
    """Files, directories (recursive) and glob patterns -> article files, in
    a stable (sorted) order, each file once.  A path that matches nothing is
    an error.  Files in ``exclude`` (the run's own output) are left out."""
    seen = {_key(Path(p)) for p in exclude}
    for p in paths:
        path = Path(p)
        try:
            if path.is_dir():
                files = _files(path)
                if not files:
                    yield LoadError(str(path), "directory has no .txt or .jsonl articles", stage="input")
            elif path.exists():
                files = [path]
            elif _glob.has_magic(p):
                files = sorted(Path(f) for f in _glob.glob(p, recursive=True) if os.path.isfile(f))
                if not files:
                    yield LoadError(p, "pattern matches no files", stage="input")
            else:
                yield LoadError(p, "no such file or directory", stage="input")
                continue
        except OSError as e:
            yield LoadError(p, f"cannot read: {e.strerror or e}", stage="input")
            continue
        for f in files:
            k = _key(f)
            if k not in seen:
                seen.add(k)
                yield f


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def load_paths(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES,
               exclude: Iterable[Union[str, Path]] = ()) -> Iterator[Union[Article, LoadError]]:
    """Every article (or error) under the given paths, streaming."""
    for item in expand_paths(paths, exclude):
        if isinstance(item, LoadError):
            yield item
        elif item.suffix.lower() == ".jsonl":
            yield from load_jsonl(item, max_bytes)
        else:
            yield load_txt(item, max_bytes)
