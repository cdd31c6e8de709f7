"""Loading articles: kept for compatibility; the readers are in
``extractor.readers`` (one registry, by suffix or ``--input-format``)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Union

from extractor import readers as _readers
from extractor.readers import (DEFAULT_MAX_BYTES, Article, DecodeError, InputOptions, LoadError,  # noqa: F401
                               Source, TooLarge, _key, decode, known_suffixes, load_paths, lone_surrogate,
                               source_of)
from extractor.readers.jsonl import _jsonl_article, _jsonl_lines  # noqa: F401  (pipelines/fuzz.py)
from extractor.readers.jsonl import read_jsonl as _read_jsonl
from extractor.readers.text import read_txt as _read_txt

ARTICLE_SUFFIXES = tuple(known_suffixes())


def load_txt(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Union[Article, LoadError]:
    """One .txt file -> its Article (or why not)."""
    path = Path(path)
    return next(_read_txt(Source(str(path), path.stem, path=path), InputOptions(max_bytes=max_bytes)))


def load_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Union[Article, LoadError]]:
    """One article per line of a .jsonl file (or an error per bad line)."""
    path = Path(path)
    return _read_jsonl(Source(str(path), path.stem, path=path, gz=path.name.lower().endswith(".gz")),
                       InputOptions(max_bytes=max_bytes))


def expand_paths(paths: Iterable[str], exclude: Iterable[Union[str, Path]] = ()) -> Iterator[Union[Path, LoadError]]:
    """The input files (as Paths, as before; standard input as ``Path("-")``)
    or LoadErrors of ``extractor.readers.expand_paths``."""
    for src in _readers.expand_paths(paths, exclude):
        if isinstance(src, LoadError):
            yield src
        else:
            yield src.path if src.path is not None else Path(_readers.STDIN)
