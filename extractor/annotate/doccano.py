"""doccano: sequence-labeling JSONL, one article per line, and back.

Export writes ``{"text", "label": [[start, end, type], ...], "doc_id",
"extractor": {...}}``.  doccano keeps keys other than ``text`` and ``label``
as the example's metadata and writes them back on export, so the values and
attributes of each span live there, in ``extractor.records``: ``{"id",
"start", "end", "label", "fields": {name: value}}`` (field values as text,
as in Label Studio's form; numbers may be written as numbers).  A span the
annotator adds takes its values from a ``records`` entry with the same
start, end and label (without one, a type that needs a value fails with a
clear error); a span deleted is simply gone.  ``extractor.types`` lists the
record types annotated; spans labelled ``annotated range`` mark the parts
read when only a part was.

Offsets: doccano counts UTF-16 code units by default, grapheme clusters
with the project option "Count grapheme clusters as one character"
(doccano issue #2290); ``unit`` chooses (default ``utf16``) and is recorded
in the metadata.
"""

from __future__ import annotations

import json
from typing import Iterable, Optional

from extractor.version import __version__
from extractor.annotate.fields import ALL_TYPES, FIELDS
from extractor.annotate.gold import COVERAGE_LABEL, Problem, Region, Task
from extractor.annotate.labelstudio import COLORS, doc_fields_of
from extractor.annotate.offsets import OffsetMap, exportable

DEFAULT_UNIT = "utf16"


def label_types(types: Iterable[str]) -> list[dict]:
    """doccano's label definitions (Labels > Import) for the span types."""
    out = []
    for t in [t for t in ALL_TYPES if t in set(types)] + [COVERAGE_LABEL]:
        out.append({"text": t, "suffix_key": None, "background_color": COLORS.get(t, "#d9d9d9"),
                    "text_color": "#ffffff"})
    return out


def make_line(doc_id: str, text: str, records: list[dict], types: Iterable[str],
              unit: str = DEFAULT_UNIT, source: Optional[str] = None) -> tuple[dict, list[str]]:
    types = [t for t in ALL_TYPES if t in set(types)]
    omap = OffsetMap(text, unit)
    labels, entries, problems = [], [], []
    kept = [r for r in records if r["type"] in types]
    for i, rec, us, ue in exportable(kept, text, omap, problems):
        fields = {}
        for spec in FIELDS[rec["type"]]:
            shown = spec.show(rec.get(spec.name))
            if shown is not None and shown != "":
                fields[spec.name] = shown
        labels.append([us, ue, rec["type"]])
        entries.append({"id": f"r{i}", "start": us, "end": ue, "label": rec["type"],
                        "fields": fields, "original": rec})
    meta = {"offsets": unit, "types": list(types), "doc_fields": doc_fields_of(kept, source),
            "records": entries, "version": __version__}
    return {"text": text, "label": labels, "doc_id": doc_id, "extractor": meta}, problems


def _meta(obj: dict) -> dict:
    for holder in (obj, obj.get("meta"), obj.get("metadata")):
        if isinstance(holder, dict):
            m = holder.get("extractor")
            if isinstance(m, str):
                try:
                    m = json.loads(m)
                except ValueError:
                    m = None
            if isinstance(m, dict):
                return m
    return {}


def _spans(obj: dict) -> tuple[list, Optional[str]]:
    for key in ("label", "labels", "entities"):
        if key in obj:
            spans = obj[key]
            break
    else:
        return [], None
    if not isinstance(spans, list):
        return [], f"'{key}' is not a list of spans"
    out = []
    for s in spans:
        if isinstance(s, dict):
            out.append((s.get("start_offset"), s.get("end_offset"), s.get("label"), s.get("id")))
        elif isinstance(s, (list, tuple)) and len(s) == 3:
            out.append((s[0], s[1], s[2], None))
        else:
            out.append((None, None, None, repr(s)))
    return out, None


def read_lines(lines: Iterable[str], unit: Optional[str] = None,
               source: str = "") -> tuple[list[Task], list[Problem]]:
    tasks, problems = [], []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(Problem(source, f"line {lineno}", None, None, f"bad JSON: {e}"))
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(source, f"line {lineno}", None, None, "not a JSON object"))
            continue
        meta = _meta(obj)
        tid = obj.get("id", f"line {lineno}")
        doc_id = obj.get("doc_id") or meta.get("doc_id")
        task = Task(task_id=tid, doc_id=doc_id, text=obj.get("text"),
                    unit=unit or meta.get("offsets") or DEFAULT_UNIT, types=meta.get("types"),
                    doc_fields=meta.get("doc_fields") if isinstance(meta.get("doc_fields"), dict) else {})
        spans, bad = _spans(obj)
        if bad:
            task.problems.append(bad)
        entries = [e for e in meta.get("records") or [] if isinstance(e, dict)]
        by_span: dict[tuple, dict] = {}
        for e in entries:
            by_span.setdefault((e.get("start"), e.get("end"), e.get("label")), e)
            if e.get("id") is not None and isinstance(e.get("original"), dict):
                task.originals[str(e["id"])] = e["original"]
        used_ids: set = set()
        for k, (s, e, label, sid) in enumerate(spans, 1):
            entry = by_span.get((s, e, label))
            rid = str(entry["id"]) if entry is not None and entry.get("id") is not None else f"span{k}"
            if rid in used_ids:
                rid = f"span{k}"
            used_ids.add(rid)
            region = Region(id=rid, labels=[label] if label is not None else [], start=s, end=e)
            if label is None and s is None:
                region.problems.append(f"span {sid} is not [start, end, label]")
            if entry is not None and label in ALL_TYPES:
                fields = entry.get("fields") or {}
                if not isinstance(fields, dict):
                    region.problems.append("its metadata 'fields' is not an object")
                else:
                    for name, raw in fields.items():
                        region.fields[(label, name)] = raw
            task.regions.append(region)
        tasks.append(task)
    return tasks, problems
