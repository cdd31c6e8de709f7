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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

import regex

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ARTICLE_SUFFIXES = (".txt", ".jsonl")

SOURCE_RE = regex.compile(r"(?m)^[ \t]*Source:[ \t]*(?P<url>(?:https?://|www\.)\S+)[ \t]*$")


@dataclass
class Article:
    doc_id: str
    text: str
    path: str = ""
    source: Optional[str] = None
    meta: dict[str, Any] = field(default_factory=dict)


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
    pass


def decode(data: bytes) -> str:
    """Bytes -> text as ANNOTATION.md defines it, or DecodeError saying why."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise DecodeError(f"invalid UTF-16 at byte {e.start}: {e.reason}") from None
    if data.startswith(b"%PDF-"):
        raise DecodeError("a PDF file, not text (extract its text first)")
    for magic, what in ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
                        (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP/Office file")):
        if data.startswith(magic):
            raise DecodeError(f"{what}, not text")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DecodeError(f"binary data (NUL byte at byte {nul}), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = data[e.start:e.start + 4]
        raise DecodeError(
            f"not valid UTF-8 at byte {e.start} ({bad!r}); re-encode the file as UTF-8 "
            f"(e.g. from Latin-1 or Windows-1258)"
        ) from None
    return text


def source_of(text: str) -> Optional[str]:
    """The URL of a ``Source: <url>`` line, if the article has one."""
    m = SOURCE_RE.search(text)
    return m.group("url") if m else None


def _read(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if max_bytes and size > max_bytes:
        raise DecodeError(f"{size} bytes is over the limit of {max_bytes} (--max-bytes)")
    with open(path, "rb") as fh:
        return fh.read()


def load_txt(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Union[Article, LoadError]:
    doc_id = path.stem
    try:
        text = decode(_read(path, max_bytes))
    except DecodeError as e:
        return LoadError(str(path), str(e), doc_id=doc_id, stage="decode")
    except OSError as e:
        return LoadError(str(path), f"cannot read: {e.strerror or e}", doc_id=doc_id, stage="read")
    return Article(doc_id=doc_id, text=text, path=str(path), source=source_of(text))


def load_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Union[Article, LoadError]]:
    """One article per line; a bad line is an error with its line number and
    the other lines go on."""
    try:
        fh = open(path, "rb")
    except OSError as e:
        yield LoadError(str(path), f"cannot read: {e.strerror or e}", stage="read")
        return
    seen: set[str] = set()
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            if max_bytes and len(raw) > max_bytes:
                yield LoadError(str(path), f"line of {len(raw)} bytes is over the limit of "
                                f"{max_bytes} (--max-bytes)", stage="parse", line=lineno)
                continue
            try:
                line = decode(raw)
                obj = json.loads(line)
            except (DecodeError, ValueError) as e:
                yield LoadError(str(path), f"bad JSON: {e}", stage="parse", line=lineno)
                continue
            if not isinstance(obj, dict):
                yield LoadError(str(path), "a line must be a JSON object", stage="parse", line=lineno)
                continue
            doc_id = obj.get("doc_id", obj.get("id"))
            if doc_id is None or not isinstance(doc_id, (str, int)) or str(doc_id) == "":
                doc_id = f"{path.stem}:{lineno}"
            doc_id = str(doc_id)
            text = obj.get("text")
            if "text" not in obj:
                yield LoadError(str(path), "missing \"text\"", doc_id=doc_id, stage="parse", line=lineno)
                continue
            if not isinstance(text, str):
                yield LoadError(str(path), f"\"text\" is {type(text).__name__}, not a string",
                                doc_id=doc_id, stage="parse", line=lineno)
                continue
            if doc_id in seen:
                yield LoadError(str(path), f"duplicate doc_id {doc_id!r}", doc_id=doc_id,
                                stage="parse", line=lineno)
                continue
            seen.add(doc_id)
            if text.startswith("\ufeff"):
                text = text[1:]
            meta = {k: v for k, v in obj.items() if k not in ("doc_id", "id", "text")}
            source = obj.get("url") or obj.get("source") or source_of(text)
            yield Article(doc_id=doc_id, text=text, path=f"{path}:{lineno}",
                          source=source if isinstance(source, str) else None, meta=meta)


def expand_paths(paths: Iterable[str]) -> Iterator[Union[Path, LoadError]]:
    """Files, directories (recursive) and glob patterns -> article files, in
    a stable (sorted) order.  A path that matches nothing is an error."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES)
            if not files:
                yield LoadError(str(path), "directory has no .txt or .jsonl articles", stage="input")
            yield from files
        elif path.exists():
            yield path
        elif _glob.has_magic(p):
            files = sorted(Path(f) for f in _glob.glob(p, recursive=True) if os.path.isfile(f))
            if not files:
                yield LoadError(p, "pattern matches no files", stage="input")
            yield from files
        else:
            yield LoadError(p, "no such file or directory", stage="input")


def load_paths(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Union[Article, LoadError]]:
    """Every article (or error) under the given paths, streaming."""
    for item in expand_paths(paths):
        if isinstance(item, LoadError):
            yield item
        elif item.suffix.lower() == ".jsonl":
            yield from load_jsonl(item, max_bytes)
        else:
            yield load_txt(item, max_bytes)
