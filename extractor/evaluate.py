"""Gold vs predicted records: the scoring of ANNOTATION.md ("Scoring").

A predicted record matches a gold record ("strict") when doc_id and type are
equal, the spans overlap and the key value is equal (see :func:`key_equal`);
"detection" drops the key-value condition.  Pairs are matched one to one by a
maximum bipartite matching (per doc_id and type), so the figures do not depend
on the order of the records.

Public API:

- :func:`load_records` reads a JSONL file or a directory of ``*.jsonl`` files;
- :func:`score` is a pure function from gold and predicted records to a report
  (a JSON-serialisable dict);
- :func:`format_table` renders a report as plain text;
- :func:`main` is the ``extractor evaluate`` command.

The key-value helpers (:func:`key_of`, :func:`key_equal`, :func:`key_str`) are
shared with :mod:`extractor.diff`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

from pydantic import BaseModel, ValidationError

from extractor import gold_coverage as cov_mod
from extractor.articles import DecodeError, decode
from extractor.schema import ENTITY_TYPES, FACT_TYPES, validate_record

PERCENT_TOLERANCE = 1e-6
CONTEXT_CHARS = 40          # characters of context shown each side of an error
NEWLINE_MARK = "\u23ce"     # "⏎": newlines in the context are shown as this


# --------------------------------------------------------------------------
# Loading


def load_records(path: str | Path, texts: Optional[dict[str, str]] = None) -> list:
    """Read and validate the records of a JSONL file, or of every ``*.jsonl``
    file directly in a directory (subdirectories such as ``second_reader/``
    are not read).  Returns the validated pydantic models, in file order.

    When ``texts`` (doc_id -> article text) is given, the offsets of the
    records of those documents are checked against the text too.  Raises
    ``ValueError`` naming the file and line of the first bad line.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.jsonl") if p.is_file())
    elif path.is_file():
        files = [path]
    else:
        raise FileNotFoundError(f"no such file or directory: {path}")
    records = []
    for file in files:
        with open(file, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                    if cov_mod.is_coverage_line(obj):
                        continue  # partial gold: read by coverage.load_coverage
                    text = texts.get(obj.get("doc_id")) if texts and isinstance(obj, dict) else None
                    records.append(validate_record(obj, text))
                except (json.JSONDecodeError, ValidationError, ValueError) as exc:
                    raise ValueError(f"{file}:{lineno}: invalid record: {exc}") from exc
    return records


def doc_ids_of(path: str | Path, records: Iterable = ()) -> list[str]:
    """The documents a gold path covers: the stems of the ``*.jsonl`` files of a
    directory (an empty file is a document with no records), or the doc_ids of
    the records of a single file, and the documents its coverage lines name
    (a covered document with no records)."""
    path = Path(path)
    if path.is_dir():
        return sorted(p.stem for p in path.glob("*.jsonl") if p.is_file())
    covered = {d for d in cov_mod.load_coverage(path) if d != "*"}
    return sorted({_get(r, "doc_id") for r in records} | covered)


def read_text(path: str | Path) -> str:
    """An article's text as ANNOTATION.md defines it, decoded by the same
    code as the extractor's input (``articles.decode``) so offsets agree; a
    DecodeError (a ValueError) names the file."""
    try:
        return decode(Path(path).read_bytes())
    except DecodeError as e:
        raise DecodeError(f"{path}: {e}") from None


# --------------------------------------------------------------------------
# Key values


def _get(rec: Any, field: str, default: Any = None) -> Any:
    if isinstance(rec, dict):
        return rec.get(field, default)
    return getattr(rec, field, default)


def _strip_zeros(number: Optional[str]) -> Optional[str]:
    """``"04"`` -> ``"4"``; ``"0"`` and ``"00"`` -> ``"0"``."""
    if number is None:
        return None
    return number.lstrip("0") or "0"


def key_of(rec: Any) -> tuple:
    """The hashable key value of a record, normalised as the matching rules
    compare it (percent rounded to 6 decimals; use :func:`key_equal` for the
    exact 1e-6 tolerance)."""
    t = _get(rec, "type")
    if t == "document_ref":
        return (_get(rec, "doc_type"), _strip_zeros(_get(rec, "number")))
    if t == "date":
        if _get(rec, "kind") == "point":
            return ("point", _get(rec, "value"))
        return ("range", _get(rec, "begin"), _get(rec, "end"))
    if t == "count":
        return (_get(rec, "value"),)
    if t == "ratio":
        if _get(rec, "kind") == "fraction":
            return ("fraction", _get(rec, "numerator"), _get(rec, "denominator"))
        pct = _get(rec, "percent")
        return ("percent", None if pct is None else round(pct, 6))
    if t in ENTITY_TYPES:
        return ((_get(rec, "name") or "").strip().casefold(),)
    return ()


def key_equal(a: Any, b: Any) -> bool:
    """Whether two records of the same type have equal key values."""
    if _get(a, "type") == "ratio" and _get(a, "kind") == "percent" == _get(b, "kind"):
        pa, pb = _get(a, "percent"), _get(b, "percent")
        if pa is None or pb is None:
            return pa is pb
        return abs(pa - pb) <= PERCENT_TOLERANCE
    return key_of(a) == key_of(b)


def key_str(rec: Any) -> str:
    """The key value for people: ``resolution 04``, ``range 2020..2025``,
    ``2580``, ``12/13``, ``94.92%``."""
    t = _get(rec, "type")
    if t == "document_ref":
        return f"{_get(rec, 'doc_type')} {_get(rec, 'number')}"
    if t == "date":
        if _get(rec, "kind") == "point":
            return f"point {_get(rec, 'value')}"
        return f"range {_get(rec, 'begin')}..{_get(rec, 'end')}"
    if t == "count":
        return str(_get(rec, "value"))
    if t == "ratio":
        if _get(rec, "kind") == "fraction":
            return f"{_get(rec, 'numerator')}/{_get(rec, 'denominator')}"
        return f"{_get(rec, 'percent')}%"
    if t in ENTITY_TYPES:
        return repr(_get(rec, "name"))
    return ""


# --------------------------------------------------------------------------
# Attribute comparators


def last_word_equal(gold: Optional[str], pred: Optional[str], lang: str = "en") -> bool:
    """The unit rule of ANNOTATION.md in the record's language (its
    grammar's ``same_unit``): English units are equal when their last words
    are ("cadres and civil servants" == "civil servant", a plural ``s``
    ignored); Vietnamese units when their first two syllables are."""
    from extractor import lang as lang_tables

    return lang_tables.grammar(lang).same_unit(gold, pred)


def _ci_equal(gold: Optional[str], pred: Optional[str]) -> bool:
    if gold is None or pred is None:
        return gold is pred
    return gold.strip().casefold() == pred.strip().casefold()


def _exact(gold: Any, pred: Any) -> bool:
    return gold == pred


# Attributes scored over the strict matched pairs, per type: (name, comparator),
# a comparator saying whether (gold value, predicted value) agree.  These are
# scored over every pair, a null gold value included.
ATTRIBUTES: dict[str, list[tuple[str, Callable[[Any, Any], bool]]]] = {
    "document_ref": [("symbol", _exact), ("issuer", _exact), ("issued_on", _exact)],
    "count": [("qualifier", _exact), ("unit", last_word_equal)],
    "ratio": [("qualifier", _exact)],
}
# Optional context fields, scored only over the pairs whose gold value is set.
CONTEXT_ATTRIBUTES: dict[str, list[tuple[str, Callable[[Any, Any], bool]]]] = {
    "count": [("subject", last_word_equal), ("location", _ci_equal)],
    "ratio": [("subject", last_word_equal), ("location", _ci_equal)],
}


# --------------------------------------------------------------------------
# One-to-one matching


def _overlap(a: Any, b: Any) -> int:
    """Characters the two spans share (> 0 iff they overlap)."""
    return min(_get(a, "end_char"), _get(b, "end_char")) - max(
        _get(a, "start_char"), _get(b, "start_char")
    )


def _hungarian(cost: list[list[int]]) -> list[int]:
    """Minimum-cost assignment of every row to a distinct column (rows <=
    columns); returns the column of each row.  The classic O(n^2 m)
    Kuhn-Munkres with potentials (1-based internally)."""
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u, v = [0] * (n + 1), [0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)   # p[j]: row assigned to column j
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:  # unwind the augmenting path
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    assignment = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            assignment[p[j] - 1] = j - 1
    return assignment


def match(golds: Sequence, preds: Sequence, compatible: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
    """One-to-one matching of overlapping, ``compatible`` (gold, pred) pairs.

    Maximises first the number of pairs, then the total overlap in characters
    (the tie-break prefers larger overlaps).  The graph is split into connected
    components (usually one or two records each), and each is solved exactly as
    an assignment problem with weight ``big + overlap`` per edge, ``big``
    exceeding any sum of overlaps so that cardinality always wins.  The result
    is deterministic for a given order of the inputs.  Returns (gold index,
    pred index) pairs, sorted.
    """
    edges: dict[tuple[int, int], int] = {}
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            ov = _overlap(g, p)
            if ov > 0 and compatible(g, p):
                edges[gi, pi] = ov

    # Connected components by union-find over nodes ("g", i) / ("p", j).
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for gi, pi in edges:
        parent[find(("g", gi))] = find(("p", pi))
    components: dict[tuple[str, int], tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for gi, pi in edges:
        rows, cols = components[find(("g", gi))]
        rows.add(gi)
        cols.add(pi)

    pairs: list[tuple[int, int]] = []
    for rows_set, cols_set in components.values():
        rows, cols = sorted(rows_set), sorted(cols_set)
        if len(rows) == 1 or len(cols) == 1:
            # A star: the single node takes its largest-overlap neighbour.
            best = max(
                ((gi, pi) for gi in rows for pi in cols if (gi, pi) in edges),
                key=lambda e: (edges[e], -e[0], -e[1]),
            )
            pairs.append(best)
            continue
        big = sum(edges[gi, pi] for gi in rows for pi in cols if (gi, pi) in edges) + 1
        transpose = len(rows) > len(cols)
        if transpose:
            rows_, cols_ = cols, rows
            weight = lambda r, c: edges.get((c, r))  # noqa: E731
        else:
            rows_, cols_ = rows, cols
            weight = lambda r, c: edges.get((r, c))  # noqa: E731
        cost = [[-(big + w) if (w := weight(r, c)) else 0 for c in cols_] for r in rows_]
        for ri, ci in enumerate(_hungarian(cost)):
            r, c = rows_[ri], cols_[ci]
            if weight(r, c):  # a zero-cost filler is no pair
                pairs.append((c, r) if transpose else (r, c))
    return sorted(pairs)


# --------------------------------------------------------------------------
# Scoring


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def _as_record(rec: Any) -> Any:
    return rec if isinstance(rec, BaseModel) else validate_record(rec)


def _sort_key(rec: Any) -> tuple:
    return (_get(rec, "start_char"), _get(rec, "end_char"), _get(rec, "type"), key_str(rec))


def _context(text: Optional[str], start: int, end: int) -> Optional[str]:
    """``…left [mention] right…`` with newlines shown as ⏎."""
    if text is None:
        return None
    left = text[max(0, start - CONTEXT_CHARS):start]
    right = text[end:end + CONTEXT_CHARS]
    s = f"{left}[{text[start:end]}]{right}"
    return s.replace("\r\n", NEWLINE_MARK).replace("\n", NEWLINE_MARK).replace("\r", NEWLINE_MARK)


def _brief(rec: Any) -> dict:
    return {
        "type": _get(rec, "type"),
        "start_char": _get(rec, "start_char"),
        "end_char": _get(rec, "end_char"),
        "text": _get(rec, "text"),
        "key": key_str(rec),
    }


def score(
    gold: Iterable,
    pred: Iterable,
    texts: Optional[dict[str, str]] = None,
    doc_ids: Optional[Iterable[str]] = None,
    coverage: Optional[dict] = None,
) -> dict:
    """Score predicted records against gold records (dicts or models).

    ``texts`` (doc_id -> article text) adds the surrounding text to each
    error.  ``doc_ids``, when given, restricts scoring to those documents
    (predictions for other documents are ignored); by default every
    document of either side counts.

    Entity types (location, organization, person) are scored only on the
    documents whose gold has at least one entity record (or whose coverage
    names an entity type), and do not enter the overall figures, which
    micro-average the four fact types.

    ``coverage`` (doc_id -> :class:`extractor.gold_coverage.Coverage`,
    from ``load_coverage``) restricts each covered document to the types and
    ranges its gold declares; a gold record outside them is a ValueError.

    Returns a JSON-serialisable dict: ``types`` and ``entities`` (per type:
    n_gold, n_pred, strict and detection tp/fp/fn/precision/recall/f1),
    ``overall`` (strict and detection), ``attributes`` (per type and field:
    n, correct, accuracy -- None when n is 0), ``errors`` (strict misses
    "fn" and false positives "fp") and ``attribute_errors``.
    """
    gold = [_as_record(r) for r in gold]
    pred = [_as_record(r) for r in pred]
    if doc_ids is not None:
        keep = set(doc_ids)
        gold = [r for r in gold if r.doc_id in keep]
        pred = [r for r in pred if r.doc_id in keep]
    # Partial gold: score only inside what each document's gold covers.
    gold, pred = cov_mod.restrict(coverage or {}, gold, pred)
    entity_docs = sorted({r.doc_id for r in gold if r.type in ENTITY_TYPES}
                         | cov_mod.entity_docs(coverage or {}, {r.doc_id for r in gold + pred}))

    # Group by (doc_id, type), each group sorted by position for determinism.
    gold_by: dict[tuple[str, str], list] = defaultdict(list)
    pred_by: dict[tuple[str, str], list] = defaultdict(list)
    for r in gold:
        gold_by[r.doc_id, r.type].append(r)
    for r in pred:
        if r.type in ENTITY_TYPES and r.doc_id not in entity_docs:
            continue  # no entity gold for this document: not scored
        pred_by[r.doc_id, r.type].append(r)
    for group in (*gold_by.values(), *pred_by.values()):
        group.sort(key=_sort_key)

    # Everything on the other side overlapping a record, for the error list.
    def overlapping(rec, side: dict) -> list[dict]:
        return [
            _brief(o)
            for t in (*FACT_TYPES, *ENTITY_TYPES)
            for o in side.get((rec.doc_id, t), ())
            if _overlap(rec, o) > 0
        ]

    counts = {t: {"strict": [0, 0, 0], "detection": [0, 0, 0], "n_gold": 0, "n_pred": 0}
              for t in (*FACT_TYPES, *ENTITY_TYPES)}
    attrs: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for t, fields in ATTRIBUTES.items():
        for name, _ in fields:
            attrs[t][name] = [0, 0]   # n, correct
    errors: list[dict] = []
    attribute_errors: list[dict] = []

    for doc_id, t in sorted(set(gold_by) | set(pred_by)):
        golds, preds = gold_by.get((doc_id, t), []), pred_by.get((doc_id, t), [])
        c = counts[t]
        c["n_gold"] += len(golds)
        c["n_pred"] += len(preds)
        strict = match(golds, preds, key_equal)
        detect = match(golds, preds, lambda g, p: True)
        for kind, pairs in (("strict", strict), ("detection", detect)):
            c[kind][0] += len(pairs)
            c[kind][1] += len(preds) - len(pairs)
            c[kind][2] += len(golds) - len(pairs)

        # Attribute accuracy over the strict pairs.
        for gi, pi in strict:
            g, p = golds[gi], preds[pi]
            for fields, only_if_gold in ((ATTRIBUTES, False), (CONTEXT_ATTRIBUTES, True)):
                for name, same in fields.get(t, ()):
                    gv, pv = _get(g, name), _get(p, name)
                    if only_if_gold and gv is None:
                        continue
                    slot = attrs[t].setdefault(name, [0, 0])
                    slot[0] += 1
                    if (same(gv, pv, _get(p, "lang") or _get(g, "lang") or "en") if same is last_word_equal
                            else same(gv, pv)):
                        slot[1] += 1
                    else:
                        attribute_errors.append({
                            "doc_id": doc_id, "type": t, "field": name,
                            "start_char": g.start_char, "end_char": g.end_char,
                            "text": g.text, "gold": gv, "pred": pv,
                        })

        # Strict misses and false positives.
        text = (texts or {}).get(doc_id)
        matched_g = {gi for gi, _ in strict}
        matched_p = {pi for _, pi in strict}
        for kind, recs, matched, other in (("fn", golds, matched_g, pred_by),
                                           ("fp", preds, matched_p, gold_by)):
            for i, r in enumerate(recs):
                if i in matched:
                    continue
                errors.append({
                    "kind": kind, "doc_id": doc_id, **_brief(r),
                    "context": _context(text, r.start_char, r.end_char),
                    # What the other side has there (a wrong value, another type...).
                    "overlapping": overlapping(r, other),
                })
    errors.sort(key=lambda e: (e["doc_id"], e["start_char"], e["end_char"], e["kind"], e["type"]))

    def figures(t: str) -> dict:
        c = counts[t]
        return {"n_gold": c["n_gold"], "n_pred": c["n_pred"],
                "strict": _prf(*c["strict"]), "detection": _prf(*c["detection"])}

    overall = {}
    for kind in ("strict", "detection"):
        tp, fp, fn = (sum(counts[t][kind][k] for t in FACT_TYPES) for k in range(3))
        overall[kind] = _prf(tp, fp, fn)
    overall["n_gold"] = sum(counts[t]["n_gold"] for t in FACT_TYPES)
    overall["n_pred"] = sum(counts[t]["n_pred"] for t in FACT_TYPES)

    return {
        "types": {t: figures(t) for t in FACT_TYPES},
        "overall": overall,
        # An entity type is reported when it has gold or predictions in the
        # documents with entity gold.
        "entities": {t: figures(t) for t in ENTITY_TYPES
                     if counts[t]["n_gold"] or counts[t]["n_pred"]},
        "entity_docs": entity_docs,
        "attributes": {
            t: {name: {"n": n, "correct": ok, "accuracy": ok / n if n else None}
                for name, (n, ok) in fields.items()}
            for t, fields in attrs.items()
        },
        "errors": errors,
        "attribute_errors": attribute_errors,
        "coverage": {d: c.describe() for d, c in sorted((coverage or {}).items())},
    }


# --------------------------------------------------------------------------
# Rendering


def languages_of(texts: dict[str, str], pred: Iterable = ()) -> dict[str, str]:
    """doc_id -> the language of the article: identified from its text
    (``extractor.langid``), else the ``lang`` its predicted records carry,
    else English."""
    from extractor.langid import DEFAULT, identify

    out = {doc_id: identify(text) for doc_id, text in texts.items()}
    for r in pred:
        lang = _get(r, "lang")
        if r.doc_id not in out and isinstance(lang, str):
            out[r.doc_id] = lang
    return defaultdict(lambda: DEFAULT, out)


def score_by_language(gold: Iterable, pred: Iterable, texts: Optional[dict[str, str]] = None,
                      doc_ids: Optional[Iterable[str]] = None,
                      langs: Optional[dict[str, str]] = None,
                      coverage: Optional[dict] = None) -> dict:
    """:func:`score` over all documents, plus ``languages``: the same
    figures (types, overall, attributes, document count) for the documents
    of each language (``langs``: doc_id -> code, default
    :func:`languages_of`)."""
    gold = [_as_record(r) for r in gold]
    pred = [_as_record(r) for r in pred]
    texts = texts or {}
    langs = langs if langs is not None else languages_of(texts, pred)
    report = score(gold, pred, texts=texts, doc_ids=doc_ids, coverage=coverage)
    ids = set(doc_ids) if doc_ids is not None else {r.doc_id for r in gold} | {r.doc_id for r in pred}
    report["languages"] = {}
    for code in sorted({langs[d] for d in ids}):
        mine = sorted(d for d in ids if langs[d] == code)
        sub = score(gold, pred, texts=texts, doc_ids=mine, coverage=coverage)
        report["languages"][code] = {"documents": len(mine), "types": sub["types"],
                                     "overall": sub["overall"], "attributes": sub["attributes"]}
    return report


def _row(name: str, fig: dict) -> str:
    s, d = fig["strict"], fig["detection"]
    return (f"{name:<14}| {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
            f"| {d['precision']:6.3f} {d['recall']:6.3f} {d['f1']:6.3f} "
            f"| {s['tp']:5d} {s['fp']:5d} {s['fn']:5d}")


def format_table(report: dict) -> str:
    """The report as plain text: the P/R/F1 table, the attribute accuracies,
    then every miss and false positive."""
    head = (f"{'type':<14}| {'strict':<20} | {'detection':<20} | {'tp':>5} {'fp':>5} {'fn':>5}\n"
            f"{'':<14}| {'P':>6} {'R':>6} {'F1':>6} | {'P':>6} {'R':>6} {'F1':>6} |")
    rule = "-" * len(head.splitlines()[0])
    lines = [head, rule]
    lines += [_row(t, fig) for t, fig in report["types"].items()]
    lines += [rule, _row("overall", report["overall"])]
    if report.get("coverage"):
        lines += ["", "gold coverage (scored only inside it):"]
        by_desc: dict[str, list[str]] = defaultdict(list)
        for d, c in report["coverage"].items():
            by_desc[c].append(d if d != "*" else "every document")
        for c, ds in by_desc.items():
            who = ds[0] if len(ds) == 1 else f"{len(ds)} documents"
            lines.append(f"  {who}: {c}")
    for code, sub in (report.get("languages") or {}).items():
        lines += ["", f"language {code} ({sub['documents']} document(s)):", rule]
        lines += [_row(t, fig) for t, fig in sub["types"].items()]
        lines += [rule, _row("overall", sub["overall"])]
    if report.get("entities"):
        lines += ["", f"entities (scored on {len(report['entity_docs'])} document(s) with entity gold):",
                  rule]
        lines += [_row(t, fig) for t, fig in report["entities"].items()]

    lines += ["", "attribute accuracy (strict matched pairs):"]
    for t, fields in report["attributes"].items():
        for name, a in fields.items():
            acc = "  n/a" if a["accuracy"] is None else f"{a['accuracy']:.3f}"
            lines.append(f"  {t:<14}{name:<11}{acc}  ({a['correct']}/{a['n']})")

    errors = report["errors"]
    lines += ["", f"errors ({len(errors)}): fn = missed gold, fp = false positive"]
    for e in errors:
        lines.append(f"  {e['kind']} {e['doc_id']} {e['type']} [{e['start_char']}:{e['end_char']}] "
                     f"{e['text']!r} = {e['key']}")
        if e.get("context"):
            lines.append(f"       {e['context']}")
        for o in e.get("overlapping", ()):
            side = "pred" if e["kind"] == "fn" else "gold"
            lines.append(f"       ~ {side} {o['type']} [{o['start_char']}:{o['end_char']}] "
                         f"{o['text']!r} = {o['key']}")
    if report.get("attribute_errors"):
        lines += ["", f"attribute mismatches ({len(report['attribute_errors'])}):"]
        for a in report["attribute_errors"]:
            lines.append(f"  {a['doc_id']} {a['type']} [{a['start_char']}:{a['end_char']}] "
                         f"{a['text']!r} {a['field']}: gold {a['gold']!r}, pred {a['pred']!r}")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Command line


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="extractor evaluate",
        description="Score predicted records against gold annotations (ANNOTATION.md, Scoring).",
    )
    ap.add_argument("--gold", required=True, help="gold JSONL file or directory of *.jsonl")
    ap.add_argument("--pred", help="predicted JSONL file (or directory); default: run the pipeline")
    ap.add_argument("--raw", help="directory of <doc_id>.txt articles (default: <gold dir>/../raw)")
    ap.add_argument("--json", dest="json_out", metavar="OUT.json", help="write the report as JSON")
    ap.add_argument("--min-f1", type=float, help="exit 1 when the overall strict F1 is below this")
    ap.add_argument("--min-type-f1", type=float,
                    help="exit 1 when a fact type's strict F1 is below this")
    ap.add_argument("--quiet", action="store_true", help="print no table, only threshold failures")
    return ap


def _run_pipeline(texts: dict[str, str], langs: Optional[dict[str, str]] = None) -> list:
    """Records of the pipeline on ``texts``, each article read by the
    pipeline of its language (``langs``, else identified)."""
    # Imported here: the pipeline (and spaCy) is only needed without --pred.
    from extractor.pipeline import extract_text

    records = []
    for doc_id, text in texts.items():
        lang = (langs or {}).get(doc_id, "auto")
        records.extend(validate_record(r) for r in extract_text(text, doc_id, lang=lang))
    return records


def check_thresholds(report: dict, min_f1: Optional[float], min_type_f1: Optional[float]) -> list[str]:
    """The failed thresholds, as messages (empty when all pass): overall and,
    when the report has them, for each language on its own."""
    failures = []
    parts = [("", report)] + [(f"[{code}] ", sub) for code, sub in (report.get("languages") or {}).items()]
    for label, part in parts:
        if min_f1 is not None and part["overall"]["strict"]["f1"] < min_f1:
            failures.append(f"{label}overall strict F1 {part['overall']['strict']['f1']:.4f} < --min-f1 {min_f1}")
        if min_type_f1 is not None:
            for t, fig in part["types"].items():
                if fig["n_gold"] == 0 and fig["n_pred"] == 0:
                    continue
                if fig["strict"]["f1"] < min_type_f1:
                    failures.append(f"{label}{t} strict F1 {fig['strict']['f1']:.4f} "
                                    f"< --min-type-f1 {min_type_f1}")
    return failures


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``extractor evaluate --gold DIR_OR_FILE [--pred FILE] [--json OUT.json]
    [--min-f1 X] [--min-type-f1 Y] [--raw DIR] [--quiet]``.

    Exit 0, or 1 when a threshold fails, or 2 on bad input."""
    args = _parser().parse_args(argv)
    gold_path = Path(args.gold)
    gold_dir = gold_path if gold_path.is_dir() else gold_path.parent
    raw_dir = Path(args.raw) if args.raw else gold_dir.parent / "raw"

    try:
        gold = load_records(gold_path)
        coverage = cov_mod.load_coverage(gold_path)
        doc_ids = doc_ids_of(gold_path, gold)
        texts: dict[str, str] = {}
        for doc_id in doc_ids:
            f = raw_dir / f"{doc_id}.txt"
            if f.is_file():
                texts[doc_id] = read_text(f)
            elif not args.pred:
                raise FileNotFoundError(f"no article text for {doc_id}: {f}")
        if args.pred:
            pred = load_records(args.pred)
        else:
            pred = _run_pipeline(texts)
        langs = languages_of(texts, pred)
        # The offsets must agree with the texts (when we have them).
        for side, recs in (("gold", gold), ("pred", pred)):
            for r in recs:
                t = texts.get(r.doc_id)
                if t is not None and t[r.start_char:r.end_char] != r.text:
                    print(f"warning: {side} {r.doc_id} [{r.start_char}:{r.end_char}] "
                          f"{r.text!r} does not match the text "
                          f"{t[r.start_char:r.end_char]!r}", file=sys.stderr)
        report = score_by_language(gold, pred, texts=texts, doc_ids=doc_ids, langs=langs,
                                   coverage=coverage)
    except (OSError, ValueError) as exc:
        print(f"extractor evaluate: {exc}", file=sys.stderr)
        return 2
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    if not args.quiet:
        print(format_table(report))

    failures = check_thresholds(report, args.min_f1, args.min_type_f1)
    for msg in failures:
        print(f"FAILED: {msg}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
