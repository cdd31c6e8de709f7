"""``.jsonl`` / ``.ndjson`` (and ``.gz`` of them): one article per line.

A line is ``{"doc_id": ..., "text": ..., ...}``: ``text`` a string,
``doc_id`` a non-empty string or an integer (``id`` is accepted too; when
both are missing it is ``<file stem>:<line>``), unique in the file.  Instead
of ``text`` a line may give ``html`` (a news page, read as an ``.html`` file
is).  Metadata keys reach the records (``readers.meta.KEYS``: title, url,
published, site, province, lang); all other keys are kept in
``Article.meta``.  A bad line is an error with its line number and the other
lines go on.  ``--max-bytes`` applies to each line (in the file's own
encoding, UTF-16 too), and no line over it is ever held in memory.
"""

from __future__ import annotations

import codecs
import gzip
import json
import zlib
from pathlib import Path
from typing import IO, Iterator, Optional, Union

from extractor.readers.base import (Article, DecodeError, InputOptions, LoadError, Source, TooLarge,
                                    decode, lone_surrogate, source_of)
from extractor.readers.meta import fields_of
from extractor.readers.previous import previous_output
from extractor.readers.text import options_refuse

Line = tuple[int, int, Union[bytes, DecodeError]]

_BLOCK = 1 << 16


def _too_long(nbytes: int, max_bytes: int) -> TooLarge:
    return TooLarge(f"line of {nbytes} bytes is over the limit of {max_bytes} bytes; "
                    f"raise it with --max-bytes")


def _jsonl_lines(fh: IO[bytes], max_bytes: int) -> Iterator[Line]:
    """(line number, byte offset, the line's bytes or why not) of a binary
    UTF-8 stream; a line over ``max_bytes`` is skipped without being held."""
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
            yield lineno, start, _too_long(offset - start, max_bytes)
            continue
        yield lineno, start, raw


def _utf16_lines(fh: IO[bytes], max_bytes: int) -> Iterator[Line]:
    """The lines of a UTF-16 stream (it starts with its BOM), each as UTF-8,
    streamed: a line ends at a newline code unit, its length and offset are
    in the file's bytes, and a line over ``max_bytes`` is skipped without
    being held (nor is the file ever read whole)."""
    bom = fh.read(2)
    codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    nl, cr = "\n".encode(codec), "\r".encode(codec)
    buf = bytearray()
    base = 2  # the file offset of buf[0]
    scanned = 0  # buf[:scanned] holds no newline (an even number)
    lineno = 0
    skipping: Optional[int] = None  # the start offset of a line over the limit
    eof = False
    while True:
        cut = -1
        pos = scanned
        while True:
            i = buf.find(nl, pos)
            if i < 0:
                break
            if i % 2 == 0:
                cut = i
                break
            pos = i + 1
        if cut < 0 and not eof:
            scanned = max(0, len(buf) - (len(buf) % 2) - 2)
            if skipping is None and max_bytes and len(buf) > max_bytes + 2:
                skipping = base  # over the limit: drop what is held, read on to its end
            if skipping is not None and scanned:
                del buf[:scanned]
                base += scanned
                scanned = 0
            block = fh.read(_BLOCK)
            if block:
                buf += block
            else:
                eof = True
            continue
        if cut < 0:  # the last line, without a newline
            if not buf and skipping is None:
                return
            size, body = len(buf), bytes(buf)
        else:
            size, body = cut + 2, bytes(buf[:cut])
        del buf[:size]
        scanned = 0
        lineno += 1
        start = base if skipping is None else skipping
        end = base + size
        base = end
        if body.endswith(cr) and len(body) % 2 == 0:
            body = body[:-2]
        if skipping is not None or (max_bytes and len(body) > max_bytes):
            skipping = None
            yield lineno, start, _too_long(end - start, max_bytes)
        else:
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as e:
                yield lineno, start, DecodeError(f"invalid UTF-16 at byte {start + e.start}: {e.reason}",
                                                 start + e.start)
            else:
                if "\x00" in text:
                    yield lineno, start, DecodeError("binary data (NUL character in the UTF-16 line), "
                                                     "not text", start)
                else:
                    yield lineno, start, text.encode("utf-8", "surrogatepass") + b"\n"
        if eof and not buf:
            return


def read_jsonl(src: Source, options: InputOptions) -> Iterator[Union[Article, LoadError]]:
    """One article per line (see the module's doc)."""
    where = src.name
    try:
        fh = src.open()
    except OSError as e:
        yield LoadError(where, f"cannot read: {e.strerror or e}", stage="read")
        return
    seen: dict[str, int] = {}
    first = True
    try:
        head = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
        if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            lines: Iterator[Line] = _utf16_lines(fh, options.max_bytes)
        else:
            lines = _jsonl_lines(fh, options.max_bytes)
        for lineno, offset, raw in lines:
            if isinstance(raw, DecodeError):
                first = False
                yield LoadError(where, str(raw), line=lineno,
                                stage="read" if isinstance(raw, TooLarge) else "decode")
                continue
            if not raw.strip():
                continue
            if first:
                first = False
                kind = previous_output(raw.lstrip(codecs.BOM_UTF8))
                if kind:
                    yield from options_refuse(src, options, kind)
                    return
            yield _jsonl_article(Path(src.name), lineno, offset, raw, seen, options, src.stem)
    except (EOFError, zlib.error, gzip.BadGzipFile) as e:
        yield LoadError(where, f"not a valid gzip file ({e or type(e).__name__})", stage="decode")
    except OSError as e:
        yield LoadError(where, f"cannot read: {e.strerror or e}", stage="read")
    finally:
        if src.stream is None:
            fh.close()


def _jsonl_article(path: Path, lineno: int, offset: int, raw: bytes, seen: dict[str, int],
                   options: Optional[InputOptions] = None,
                   stem: Optional[str] = None) -> Union[Article, LoadError]:
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
        doc_id = f"{stem or path.stem}:{lineno}"
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
    field = "text" if "text" in obj or "html" not in obj else "html"
    if field not in obj:
        return LoadError(where, "missing \"text\" (or \"html\")", doc_id=doc_id, stage="parse", line=lineno)
    text = obj[field]
    if not isinstance(text, str):
        return LoadError(where, f"\"{field}\" is {type(text).__name__}, not a string",
                         doc_id=doc_id, stage="parse", line=lineno)
    bad = lone_surrogate(text)
    if bad is not None:
        return LoadError(where, f"\"{field}\" holds a lone surrogate at char {bad} (not valid Unicode)",
                         doc_id=doc_id, stage="parse", line=lineno)
    if doc_id in seen:
        return LoadError(where, f"duplicate doc_id {doc_id!r} (first on line {seen[doc_id]})",
                         doc_id=doc_id, stage="parse", line=lineno)
    seen[doc_id] = lineno
    fields, problem = fields_of(obj)
    if problem:
        return LoadError(where, problem, doc_id=doc_id, stage="parse", line=lineno)
    meta = {k: v for k, v in obj.items() if k not in ("doc_id", "id", "text", "html")}
    if field == "html":
        from extractor.readers.html import article_of_page

        return article_of_page(text, doc_id=doc_id, path=where, line=lineno, given=fields, meta=meta,
                               options=options)
    if text.startswith("\ufeff"):
        text = text[1:]
    source = fields.pop("source", None) or source_of(text)
    return Article(doc_id=doc_id, text=text, path=where, line=lineno, source=source, meta=meta, **fields)
