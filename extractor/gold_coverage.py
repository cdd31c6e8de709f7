"""Partial gold: what a gold file covers.

A gold JSONL file may declare, per document, which record types were
annotated and which parts of the text were read, in a *coverage line*: a
JSON object whose only key is ``coverage``::

    {"coverage": {"doc_id": "w06_hatinh", "types": ["count", "ratio"], "ranges": [[0, 1200]]}}

- ``doc_id``: the document it is about; without it, the line is about every
  document of its file (the usual case for a ``data/gold/<doc_id>.jsonl`` file).
- ``types``: the record types annotated (default: every type, as a gold file
  without a coverage line is read: the four fact types, and the entity types
  on documents that have entity gold).
- ``ranges``: ``[start, end]`` pairs in Python ``str`` indices of the article
  text, end exclusive (the offsets of the record contract); default: the
  whole text.

``extractor evaluate`` scores a covered document only inside its coverage: a
record (gold or predicted) is scored when its type is a covered type and its
span overlaps a covered range; a gold record outside its own coverage is an
error.  A document listed in a coverage line is a gold document even with no
record lines (the annotator found nothing).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

from extractor.schema import ENTITY_TYPES, FACT_TYPES

ALL_TYPES = (*FACT_TYPES, *ENTITY_TYPES)


@dataclass(frozen=True)
class Coverage:
    doc_id: Optional[str] = None
    types: Optional[tuple[str, ...]] = None             # None: every type
    ranges: Optional[tuple[tuple[int, int], ...]] = None  # None: the whole text

    def covers_type(self, rtype: str) -> bool:
        return self.types is None or rtype in self.types

    def covers_span(self, start: int, end: int) -> bool:
        return self.ranges is None or any(s < end and start < e for s, e in self.ranges)

    def covers(self, rec: Any) -> bool:
        get = rec.get if isinstance(rec, dict) else (lambda k: getattr(rec, k))
        return self.covers_type(get("type")) and self.covers_span(get("start_char"), get("end_char"))

    def to_line(self) -> dict:
        c: dict[str, Any] = {}
        if self.doc_id is not None:
            c["doc_id"] = self.doc_id
        if self.types is not None:
            c["types"] = list(self.types)
        if self.ranges is not None:
            c["ranges"] = [list(r) for r in self.ranges]
        return {"coverage": c}

    def describe(self) -> str:
        types = "all types" if self.types is None else ", ".join(self.types)
        if self.ranges is None:
            where = "the whole text"
        else:
            where = f"{len(self.ranges)} range(s), {sum(e - s for s, e in self.ranges)} characters"
        return f"{types}; {where}"


def is_coverage_line(obj: Any) -> bool:
    return isinstance(obj, dict) and "coverage" in obj and "type" not in obj


def parse(obj: Any) -> Coverage:
    """A coverage line (the parsed JSON object) -> Coverage; ValueError when
    malformed."""
    if not is_coverage_line(obj) or set(obj) != {"coverage"}:
        raise ValueError('a coverage line is {"coverage": {...}} and nothing else')
    c = obj["coverage"]
    if not isinstance(c, dict):
        raise ValueError("coverage must be an object")
    unknown = set(c) - {"doc_id", "types", "ranges"}
    if unknown:
        raise ValueError(f"unknown coverage key(s): {', '.join(sorted(unknown))} "
                         "(known: doc_id, types, ranges)")
    doc_id = c.get("doc_id")
    if doc_id is not None and (not isinstance(doc_id, str) or not doc_id):
        raise ValueError("coverage doc_id must be a non-empty string")
    types = c.get("types")
    if types is not None:
        if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
            raise ValueError("coverage types must be a list of record types")
        bad = [t for t in types if t not in ALL_TYPES]
        if bad:
            raise ValueError(f"unknown record type(s) in coverage: {', '.join(bad)} "
                             f"(known: {', '.join(ALL_TYPES)})")
        types = tuple(dict.fromkeys(types))
    ranges = c.get("ranges")
    if ranges is not None:
        if not isinstance(ranges, list):
            raise ValueError("coverage ranges must be a list of [start, end] pairs")
        out = []
        for r in ranges:
            if (not isinstance(r, list) or len(r) != 2
                    or not all(isinstance(x, int) and not isinstance(x, bool) for x in r)):
                raise ValueError(f"coverage range {r!r} is not a [start, end] pair of whole numbers")
            if not 0 <= r[0] < r[1]:
                raise ValueError(f"coverage range {r!r}: need 0 <= start < end")
            out.append((r[0], r[1]))
        ranges = tuple(sorted(out))
    return Coverage(doc_id, types, ranges)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.glob("*.jsonl") if p.is_file())
    return [path] if path.is_file() else []


def load_coverage(path: str | Path) -> dict[str, Coverage]:
    """The coverage declared in a gold file or directory (as
    ``evaluate.load_records`` reads it): doc_id -> Coverage.  A line without
    ``doc_id`` in a directory's ``<doc_id>.jsonl`` is about that document; in
    a single file, about every document of the file (key ``"*"``).  Raises
    ValueError naming the file and line of a bad or repeated line."""
    path = Path(path)
    out: dict[str, Coverage] = {}
    for file in _files(path):
        with open(file, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if '"coverage"' not in line:
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError:
                    continue  # load_records reports bad JSON
                if not is_coverage_line(obj):
                    continue
                try:
                    cov = parse(obj)
                except ValueError as e:
                    raise ValueError(f"{file}:{lineno}: bad coverage line: {e}") from None
                key = cov.doc_id or (file.stem if path.is_dir() else "*")
                if key in out:
                    raise ValueError(f"{file}:{lineno}: a second coverage line for {key}")
                out[key] = cov
    return out


def coverage_for(coverage: dict[str, Coverage], doc_id: str) -> Optional[Coverage]:
    return coverage.get(doc_id) or coverage.get("*")


def restrict(coverage: dict[str, Coverage], gold: Iterable, pred: Iterable) -> tuple[list, list]:
    """Gold and predicted records inside their document's coverage (documents
    without a coverage line are kept whole).  A gold record outside its own
    coverage is a ValueError: the file contradicts itself."""
    gold, pred = list(gold), list(pred)
    if not coverage:
        return gold, pred
    for r in gold:
        cov = coverage_for(coverage, r.doc_id)
        if cov is not None and not cov.covers(r):
            raise ValueError(f"gold {r.doc_id} {r.type} [{r.start_char}:{r.end_char}] {r.text!r} "
                             f"is outside the file's declared coverage ({cov.describe()})")

    def keep(r) -> bool:
        cov = coverage_for(coverage, r.doc_id)
        return cov is None or cov.covers(r)

    return gold, [r for r in pred if keep(r)]


def entity_docs(coverage: dict[str, Coverage], doc_ids: Iterable[str]) -> set[str]:
    """The documents whose coverage names an entity type: their entity
    predictions are scored even when they have no entity gold."""
    out = set()
    for d in doc_ids:
        cov = coverage_for(coverage, d)
        if cov is not None and cov.types is not None and any(t in ENTITY_TYPES for t in cov.types):
            out.add(d)
    return out
