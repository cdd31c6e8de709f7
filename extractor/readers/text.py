"""``.txt``: one article per file; the doc_id is the file name without its
suffix (``a.txt`` and ``a.txt.gz`` are both ``a``)."""

from __future__ import annotations

from typing import Iterator, Union

from extractor.readers.base import (Article, DecodeError, InputOptions, LoadError, Source, TooLarge,
                                    decode, read_limited, source_of)
from extractor.readers.previous import previous_output


def read_bytes(src: Source, options: InputOptions) -> Union[bytes, LoadError]:
    """The input's bytes, or the read error naming it."""
    try:
        return read_limited(src, options.max_bytes)
    except DecodeError as e:
        return LoadError(src.name, str(e), doc_id=src.stem, stage="read" if isinstance(e, TooLarge) else "decode")
    except OSError as e:
        return LoadError(src.name, f"cannot read: {e.strerror or e}", doc_id=src.stem, stage="read")


def read_txt(src: Source, options: InputOptions) -> Iterator[Union[Article, LoadError]]:
    data = read_bytes(src, options)
    if isinstance(data, LoadError):
        yield data
        return
    try:
        text = decode(data)
    except DecodeError as e:
        yield LoadError(src.name, str(e), doc_id=src.stem, stage="decode")
        return
    head = text[:1_000_000].lstrip()
    kind = previous_output(head.split("\n", 1)[0]) if head.startswith("{") else None
    if kind:
        yield from options_refuse(src, options, kind)
        return
    yield Article(doc_id=src.stem, text=text, path=src.name, source=source_of(text))


def options_refuse(src: Source, options: InputOptions, kind: str) -> Iterator[LoadError]:
    """An output of a previous run is not read as articles: an error when it
    was named, a counted skip (with a line on stderr) when a scan found it."""
    reason = (f"{kind} of a previous run (its lines have \"schema_version\" or are errors), "
              f"not articles: not read; move it out of the input")
    if src.scanned:
        options.report.skip(src.name, kind, reason)
        return
    yield LoadError(src.name, reason, stage="input")
