"""``extractor diff old.jsonl new.jsonl [--json]``: what changed between two runs.

A record is identified by (doc_id, type, start_char, end_char, key value), the
key value normalised as the evaluator compares it (:func:`extractor.evaluate.key_of`:
document numbers without leading zeros, percents to 1e-6).  Per document the
command lists:

- ``changed`` (``~``): an old and a new record on the same span whose other
  fields differ (the key value or type included), with the differing fields;
  ``extractor_version`` is ignored;
- ``lost`` (``-``): old records with no new record on their span;
- ``gained`` (``+``): new records with no old record on their span.

It ends with a summary line ``N gained, M lost, K changed`` and exits like
``diff(1)``: 0 when the runs are the same, 1 when they differ (usable in CI),
2 when a file cannot be read or holds no records.  Either side may be JSONL
(a file or a directory of ``*.jsonl``), Parquet or CSV (by suffix).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from typing import Any, Optional, Sequence

from extractor.evaluate import PERCENT_TOLERANCE, key_of, key_str

IGNORED_FIELDS = {"extractor_version"}


def _identity(rec: Any) -> tuple:
    return (rec.doc_id, rec.type, rec.start_char, rec.end_char, key_of(rec))


def _dump(rec: Any) -> dict:
    return {k: v for k, v in rec.model_dump().items() if k not in IGNORED_FIELDS}


def _same_value(a: Any, b: Any) -> bool:
    """Equal, floats (percents) to the evaluator's tolerance."""
    numbers = (int, float)
    if (isinstance(a, float) and isinstance(b, numbers)) or (isinstance(b, float) and isinstance(a, numbers)):
        return abs(a - b) <= PERCENT_TOLERANCE
    return a == b


def changed_fields(old: Any, new: Any) -> dict[str, list]:
    """The fields (besides ``extractor_version``) whose values differ, as
    ``{field: [old value, new value]}``; a field missing on one side is None."""
    a, b = _dump(old), _dump(new)
    return {
        k: [a.get(k), b.get(k)]
        for k in sorted(set(a) | set(b))
        if not _same_value(a.get(k), b.get(k))
    }


def diff_records(old: Sequence, new: Sequence) -> dict:
    """Compare two lists of validated records.  Returns ``{"documents":
    {doc_id: {"gained": [...], "lost": [...], "changed": [...]}},
    "summary": {"gained": N, "lost": M, "changed": K}}``, records as dicts,
    a change as ``{"old": ..., "new": ..., "fields": {field: [old, new]}}``.
    """
    # Pair records in three passes, each on what the previous left over:
    # 1. the same identity (span and key value): changed if another field differs;
    # 2. the same span and type (so the key value changed);
    # 3. the same span (the type changed).
    old_left = sorted(old, key=_identity_sort)
    new_left = sorted(new, key=_identity_sort)
    changes: list[tuple[Any, Any, dict]] = []
    for keyf in (
        _identity,
        lambda r: (r.doc_id, r.type, r.start_char, r.end_char),
        lambda r: (r.doc_id, r.start_char, r.end_char),
    ):
        pool: dict[tuple, list] = defaultdict(list)
        for r in new_left:
            pool[keyf(r)].append(r)
        unpaired_old = []
        for r in old_left:
            candidates = pool.get(keyf(r))
            if candidates:
                n = candidates.pop(0)
                fields = changed_fields(r, n)
                if fields:
                    changes.append((r, n, fields))
            else:
                unpaired_old.append(r)
        old_left = unpaired_old
        new_left = [r for group in pool.values() for r in group]

    docs: dict[str, dict[str, list]] = defaultdict(lambda: {"gained": [], "lost": [], "changed": []})
    for r in sorted(new_left, key=_identity_sort):
        docs[r.doc_id]["gained"].append(r.model_dump())
    for r in old_left:
        docs[r.doc_id]["lost"].append(r.model_dump())
    for o, n, fields in changes:
        docs[o.doc_id]["changed"].append({"old": o.model_dump(), "new": n.model_dump(), "fields": fields})
    summary = {k: sum(len(d[k]) for d in docs.values()) for k in ("gained", "lost", "changed")}
    return {"documents": {k: docs[k] for k in sorted(docs)}, "summary": summary}


def _identity_sort(rec: Any) -> tuple:
    return (rec.doc_id, rec.start_char, rec.end_char, rec.type, key_str(rec))


def _line(mark: str, r: dict) -> str:
    return f"  {mark} {r['type']} [{r['start_char']}:{r['end_char']}] {r['text']!r} = {key_str(r)}"


def format_diff(result: dict) -> str:
    """The diff as text: per document, ``+`` gained, ``-`` lost, ``~`` changed
    (with ``field: old -> new``), ordered by position; then the summary."""
    lines = []
    for doc_id, d in result["documents"].items():
        lines.append(f"== {doc_id}")
        entries = [(r["start_char"], r["end_char"], 0, _line("-", r)) for r in d["lost"]]
        entries += [(r["start_char"], r["end_char"], 1, _line("+", r)) for r in d["gained"]]
        for c in d["changed"]:
            detail = "; ".join(f"{k}: {o!r} -> {n!r}" for k, (o, n) in c["fields"].items())
            entries.append((c["old"]["start_char"], c["old"]["end_char"], 2,
                            f"{_line('~', c['old'])}: {detail}"))
        lines += [e[3] for e in sorted(entries, key=lambda e: e[:3])]
    s = result["summary"]
    lines.append(f"{s['gained']} gained, {s['lost']} lost, {s['changed']} changed")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``extractor diff old.jsonl new.jsonl [--json]``; exit 0 same, 1 different,
    2 bad or empty input."""
    from extractor.api import read_records

    ap = argparse.ArgumentParser(
        prog="extractor diff",
        description="Records gained, lost and changed between two runs, per document.",
    )
    ap.add_argument("old", help="the earlier run's JSONL (file or directory of *.jsonl)")
    ap.add_argument("new", help="the later run's JSONL (file or directory of *.jsonl)")
    ap.add_argument("--json", action="store_true", help="print the diff as JSON")
    args = ap.parse_args(argv)
    try:
        old, new = read_records(args.old), read_records(args.new)
    except (OSError, ValueError) as exc:
        print(f"extractor diff: {exc}", file=sys.stderr)
        return 2
    for path, recs in ((args.old, old), (args.new, new)):
        if not recs:
            print(f"extractor diff: {path}: no records (an empty or wrong file?)", file=sys.stderr)
            return 2
    result = diff_records(old, new)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(format_diff(result))
    s = result["summary"]
    return 1 if s["gained"] or s["lost"] or s["changed"] else 0


if __name__ == "__main__":
    sys.exit(main())
