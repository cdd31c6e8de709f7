"""What every reader shares: the ``Article`` and ``LoadError`` it yields,
the one decoding path (``decode``), size limits, and the options of a read.

Decoding follows ANNOTATION.md: the bytes as UTF-8 with a leading BOM removed
and nothing else changed.  A UTF-16 file with a BOM is decoded as UTF-16.
Anything else that is not UTF-8 (Latin-1, Windows-1258, binary files) is an
error naming the file and the byte offset: nothing is guessed silently.
"""

from __future__ import annotations

import codecs
import gzip
import io
import stat
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Optional

import regex

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

SOURCE_RE = regex.compile(r"(?m)^[ \t]*Source:[ \t]*(?P<url>(?:https?://|www\.)\S+)[ \t\r]*$")

# Article metadata that reaches every record of the article (README, "Input
# metadata"): Article attribute -> record field.  ``source`` (the URL) is
# carried as before.
# ``lang`` (what the input says the language is) chooses the pipeline, and
# every record carries the language that read it as ``lang``.
RECORD_FIELDS = (("title", "article_title"), ("published", "published"), ("site", "site"),
                 ("province", "article_province"))


@dataclass
class Article:
    doc_id: str
    text: str
    path: str = ""
    source: Optional[str] = None
    meta: dict[str, Any] = field(default_factory=dict)
    line: Optional[int] = None  # its line in a .jsonl file
    # page or .jsonl metadata (None when unknown); ``published`` is ISO 8601
    title: Optional[str] = None
    published: Optional[str] = None
    site: Optional[str] = None
    province: Optional[str] = None
    lang: Optional[str] = None

    @property
    def where(self) -> str:
        return self.path + (f":{self.line}" if self.line is not None else "")

    def record_fields(self) -> dict[str, str]:
        """The article's metadata as record fields (only those known)."""
        return {name: getattr(self, attr) for attr, name in RECORD_FIELDS
                if getattr(self, attr) is not None}


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
          (b"\x1f\x8b", "a gzip file, not text (decompress it first, or name it .gz)"))


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


# -- where the bytes come from ------------------------------------------------
@dataclass
class Source:
    """One input: a file (``path``) or standard input.  ``open()`` gives its
    bytes as a binary stream, decompressed when it is gzip."""

    name: str  # for messages: the path as given, or "<stdin>"
    stem: str  # the doc_id of a one-article input
    path: Optional[Path] = None
    gz: bool = False
    scanned: bool = False  # found in a directory (not named on the command line)
    stream: Optional[IO[bytes]] = None  # standard input

    def open(self) -> IO[bytes]:
        if self.stream is not None:
            return self.stream
        st = self.path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise OSError("not a regular file (a device, FIFO or socket)")
        fh = open(self.path, "rb")
        if self.gz:
            return io.BufferedReader(gzip.GzipFile(fileobj=fh, mode="rb"))
        return fh

    def size(self) -> Optional[int]:
        """The size of the bytes ``open()`` gives, when known before reading."""
        if self.stream is not None or self.gz:
            return None
        return self.path.stat().st_size


def read_limited(src: Source, max_bytes: int) -> bytes:
    """The input's bytes; never more than ``max_bytes`` are held (0: no
    limit), also for a file that grows, a device that never ends, or a gzip
    file that inflates past the limit."""
    size = src.size()
    if max_bytes and size is not None and size > max_bytes:
        raise TooLarge(f"{size} bytes is over the limit of {max_bytes} bytes; raise it with --max-bytes")
    fh = src.open()
    try:
        if not max_bytes:
            return fh.read()
        data = fh.read(max_bytes + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as e:
        raise DecodeError(f"not a valid gzip file ({e or type(e).__name__})") from None
    finally:
        if src.stream is None:
            fh.close()
    if len(data) > max_bytes:
        what = "decompressed, more than" if src.gz else "more than"
        raise TooLarge(f"{what} {max_bytes} bytes is over the limit; raise it with --max-bytes")
    return data


# -- options of a read, and what a directory scan left out ---------------------
@dataclass
class ScanReport:
    """What the readers did not read, by kind ("FIFO", "symlink loop",
    "record file", "other file (.md)" ...), for the run's summary line.
    ``on_skip(path, why)`` is told of each skip worth a line of its own."""

    counts: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)  # read, but worth saying
    other_suffixes: Counter = field(default_factory=Counter)
    on_skip: Optional[Callable[[str, str], None]] = None

    def skip(self, path: str, kind: str, why: Optional[str] = None) -> None:
        self.counts[kind] += 1
        if why and self.on_skip is not None:
            self.on_skip(path, f"skipped: {why}")

    def note(self, path: str, kind: str, why: str) -> None:
        """Something a scan read but a user may not expect (a directory
        named ``x.txt`` is searched as a directory)."""
        self.notes[kind] += 1
        if self.on_skip is not None:
            self.on_skip(path, why)

    def other(self, path: Path) -> None:
        """A file without an article suffix, in a scanned directory."""
        self.counts["not an article file"] += 1
        self.other_suffixes["".join(path.suffixes[-1:]).lower() or "(none)"] += 1

    @property
    def total(self) -> int:
        """How many inputs a scan skipped."""
        return sum(self.counts.values())

    def __bool__(self) -> bool:
        return bool(self.counts or self.notes)

    def summary(self) -> str:
        """E.g. ``3 skipped (1 FIFO, 2 not an article file: .md, .json)``;
        empty when nothing was skipped."""
        noted = "; ".join(f"{n} {kind}" for kind, n in sorted(self.notes.items()))
        if not self.counts:
            return noted
        parts = []
        for kind, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
            text = f"{n} {kind}"
            if kind == "not an article file":
                text += ": " + ", ".join(s for s, _ in self.other_suffixes.most_common(5))
            parts.append(text)
        return f"{self.total} skipped ({'; '.join(parts)})" + (f"; {noted}" if noted else "")


@dataclass
class InputOptions:
    """How inputs are read.  ``input_format`` reads every file named on the
    command line (and stdin) with that reader whatever its suffix;
    ``texts_dir`` is where the text extracted from HTML is kept (so that
    ``text[start_char:end_char] == record.text`` can be checked);
    ``report`` collects what a directory scan left out."""

    max_bytes: int = DEFAULT_MAX_BYTES
    input_format: Optional[str] = None
    texts_dir: Optional[Path] = None
    report: ScanReport = field(default_factory=ScanReport)
