"""Label Studio: tasks pre-filled with the extractor's records, the labeling
config beside them, and its JSON export back to gold.

The labeling config (:func:`label_config`) has one span label per record
type (control ``type``), an ``annotated range`` label (control
``coverage``) to mark the parts of the text that were read when only a part
was, a task-level ``coverage_types`` choice (the record types annotated),
and, shown when a region of a type is selected, one per-region field per
record field: a choice for a closed set (``doc_type``, ``qualifier``,
``kind``, ``issuer``, ``level``), a one-line text area for the rest
(``value``, ``unit``, ``number``...), named ``<type>_<field>``.

A task is ``{"data": {"text", "doc_id", "extractor": {...}}, "predictions":
[{"model_version", "result"}]}`` (or ``"annotations"``, to review existing
gold).  ``data.extractor`` holds what import needs and the annotator does
not see: the offset unit, the exported types, the exported records by region
id (to give back an unchanged record exactly), and the article-level fields.

Offsets: Label Studio's current editor counts code points (Python's
indices); older versions counted UTF-16 code units (see :mod:`.offsets`);
``unit`` chooses, and is recorded in the task.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional
from xml.sax.saxutils import quoteattr

from extractor.version import __version__
from extractor.annotate.fields import (ALL_TYPES, ARTICLE_LEVEL, BY_CONTROL, COMMON, FIELDS,
                                       HIDDEN)
from extractor.annotate.gold import COVERAGE_LABEL, Problem, Region, Task
from extractor.annotate.offsets import OffsetMap, exportable

TYPE_CONTROL = "type"
COVERAGE_CONTROL = "coverage"
TYPES_CONTROL = "coverage_types"
TEXT_OBJECT = "text"

COLORS = {
    "document_ref": "#1f77b4", "date": "#2ca02c", "count": "#ff7f0e", "ratio": "#d62728",
    "location": "#9467bd", "organization": "#8c564b", "person": "#e377c2",
}
HINTS = {
    ("count", "value"): "whole number, digits only (2580)",
    ("ratio", "percent"): "number (94.92)",
    ("ratio", "numerator"): "whole number", ("ratio", "denominator"): "whole number",
    ("document_ref", "year"): "whole number", ("document_ref", "number"): "as written, leading zeros kept",
    ("date", "value"): "ISO partial: 2021-05-31, 2021-05, 2021, --05-31",
    ("date", "begin"): "ISO partial", ("date", "end"): "ISO partial, empty when open",
    ("document_ref", "issued_on"): "ISO partial or --MM-DD",
    ("count", "unit"): "the noun counted, lowercase",
}


# --------------------------------------------------------------------------
# The labeling config


def label_config(types: Iterable[str] = ALL_TYPES) -> str:
    """The labeling config (XML) for records of ``types``."""
    types = [t for t in ALL_TYPES if t in set(types)]
    q = quoteattr
    lines = ["<View>",
             "  <Style>.htx-text { white-space: pre-wrap; }</Style>",
             '  <Header value="$doc_id"/>',
             f'  <Labels name="{TYPE_CONTROL}" toName="{TEXT_OBJECT}" showInline="true">']
    for i, t in enumerate(types, 1):
        lines.append(f'    <Label value={q(t)} background={q(COLORS.get(t, "#7f7f7f"))} hotkey="{i}"/>')
    lines += ["  </Labels>",
              f'  <Labels name="{COVERAGE_CONTROL}" toName="{TEXT_OBJECT}" showInline="true">',
              f'    <Label value={q(COVERAGE_LABEL)} background="#d9d9d9"/>',
              "  </Labels>",
              '  <Header value="Types annotated in this article (untick a type you did not annotate; '
              'mark annotated ranges when you read only part of the text)" size="6"/>',
              f'  <Choices name="{TYPES_CONTROL}" toName="{TEXT_OBJECT}" choice="multiple" showInline="true">']
    for t in types:
        lines.append(f"    <Choice value={q(t)}/>")
    lines += ["  </Choices>",
              f'  <Text name="{TEXT_OBJECT}" value="$text" granularity="symbol"/>']
    for t in types:
        lines.append(f'  <View visibleWhen="region-selected" whenTagName="{TYPE_CONTROL}" '
                     f'whenLabelValue={q(t)}>')
        for spec in FIELDS[t]:
            hint = HINTS.get((t, spec.name))
            title = f"{t}: {spec.name}" + (" (required)" if spec.required else "") + (f" - {hint}" if hint else "")
            lines.append(f"    <Header value={q(title)} size=\"6\"/>")
            if spec.kind == "choice":
                lines.append(f'    <Choices name={q(spec.control)} toName="{TEXT_OBJECT}" perRegion="true" '
                             f'choice="single-radio" showInline="true">')
                for c in spec.choices:
                    lines.append(f"      <Choice value={q(str(c))}/>")
                lines.append("    </Choices>")
            else:
                lines.append(f'    <TextArea name={q(spec.control)} toName="{TEXT_OBJECT}" perRegion="true" '
                             f'editable="true" maxSubmissions="1" rows="1"/>')
        lines.append("  </View>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Export


def doc_fields_of(records: list[dict], source: Optional[str]) -> dict:
    """Fields every record of the article carries with one value, that are
    neither shown nor provenance (``source``, ``lang``, a newer extractor's
    article-level additions): a new region gets them."""
    out: dict[str, Any] = {}
    if source is not None:
        out["source"] = source
    if not records:
        return out
    shown = {s.name for specs in FIELDS.values() for s in specs}
    keys = set.intersection(*(set(r) for r in records))
    for k in sorted(keys):
        if k in COMMON or k in shown or (k in HIDDEN and k not in ARTICLE_LEVEL):
            continue
        vals = {repr(r[k]) for r in records}
        if len(vals) == 1:
            out[k] = records[0][k]
    return out


def region_results(rid: str, rec: dict, start: int, end: int) -> list[dict]:
    """The result items of one record: its label, then one per shown field."""
    base = {"id": rid, "to_name": TEXT_OBJECT, "origin": "prediction"}
    out = [{**base, "from_name": TYPE_CONTROL, "type": "labels",
            "value": {"start": start, "end": end, "text": rec["text"], "labels": [rec["type"]]}}]
    for spec in FIELDS[rec["type"]]:
        shown = spec.show(rec.get(spec.name))
        if shown is None or shown == "":
            continue
        if spec.kind == "choice":
            value = {"start": start, "end": end, "choices": [shown]}
            kind = "choices"
        else:
            value = {"start": start, "end": end, "text": [shown]}
            kind = "textarea"
        out.append({**base, "from_name": spec.control, "type": kind, "value": value})
    return out


def make_task(doc_id: str, text: str, records: list[dict], types: Iterable[str],
              unit: str = "codepoint", source: Optional[str] = None, as_: str = "predictions",
              model_version: str = f"extractor {__version__}") -> tuple[dict, list[str]]:
    """One Label Studio task for one article; returns (task, problems): a
    record that cannot be put in the task (its span does not fit the text,
    or the unit cannot express it) is a problem, the others go in."""
    types = [t for t in ALL_TYPES if t in set(types)]
    omap = OffsetMap(text, unit)
    result: list[dict] = []
    originals: dict[str, dict] = {}
    problems: list[str] = []
    kept = [r for r in records if r["type"] in types]
    for i, rec, us, ue in exportable(kept, text, omap, problems):
        rid = f"r{i}"
        result += region_results(rid, rec, us, ue)
        originals[rid] = rec
    result.append({"id": "types", "from_name": TYPES_CONTROL, "to_name": TEXT_OBJECT,
                   "type": "choices", "origin": "prediction", "value": {"choices": list(types)}})
    meta = {"offsets": unit, "types": list(types), "doc_fields": doc_fields_of(kept, source),
            "records": originals, "version": __version__}
    task: dict[str, Any] = {"data": {"text": text, "doc_id": doc_id, "extractor": meta}}
    if as_ == "annotations":
        task["annotations"] = [{"result": result, "ground_truth": False}]
    else:
        task["predictions"] = [{"model_version": model_version, "result": result}]
    return task, problems


# --------------------------------------------------------------------------
# Import


def _latest(items: list[dict]) -> tuple[int, dict]:
    def key(ix):
        i, a = ix
        return (str(a.get("updated_at") or a.get("created_at") or ""), i)
    return max(enumerate(items), key=key)


def read_tasks(data: Any, unit: Optional[str] = None, accept_predictions: bool = False,
               source: str = "") -> tuple[list[Task], list[Problem]]:
    """A Label Studio JSON export (a list of tasks) -> Tasks, and the
    problems of tasks that cannot be read at all, or notes for tasks that
    are skipped (not annotated)."""
    if isinstance(data, dict) and "data" in data:
        data = [data]
    if not isinstance(data, list):
        return [], [Problem(source, None, None, None,
                            "not a Label Studio JSON export (a list of tasks)")]
    tasks, problems = [], []
    for n, t in enumerate(data, 1):
        tid = t.get("id", n) if isinstance(t, dict) else n
        if not isinstance(t, dict) or not isinstance(t.get("data"), dict):
            problems.append(Problem(source, tid, None, None, "not a task (no 'data' object)"))
            continue
        d = t["data"]
        meta = d.get("extractor") if isinstance(d.get("extractor"), dict) else {}
        doc_id = d.get("doc_id")
        annotations = [a for a in t.get("annotations") or [] if isinstance(a, dict)]
        live = [a for a in annotations if not a.get("was_cancelled")]
        notes = []
        if live:
            i, chosen = _latest(live)
            if len(live) > 1:
                notes.append(f"{len(live)} annotations; imported the latest "
                             f"(id {chosen.get('id', i + 1)}, {chosen.get('updated_at') or chosen.get('created_at') or 'last in the list'})")
            result = chosen.get("result")
        else:
            preds = [p for p in t.get("predictions") or [] if isinstance(p, dict)]
            if accept_predictions and preds:
                result = _latest(preds)[1].get("result")
                notes.append("not annotated: imported its predictions (--accept-predictions)")
            else:
                why = "every annotation was cancelled (skipped)" if annotations else "not annotated"
                problems.append(Problem(source, tid, doc_id, None,
                                        f"{why}; skipped (--accept-predictions imports the predictions "
                                        f"of tasks that have no annotation)", level="note"))
                continue
        task = Task(task_id=tid, doc_id=doc_id, text=d.get("text"),
                    unit=unit or meta.get("offsets") or "codepoint",
                    types=meta.get("types"), notes=notes,
                    originals=meta.get("records") if isinstance(meta.get("records"), dict) else {},
                    doc_fields=meta.get("doc_fields") if isinstance(meta.get("doc_fields"), dict) else {})
        if not isinstance(result, list):
            task.problems.append("the annotation has no result list")
            tasks.append(task)
            continue
        _read_result(task, result)
        tasks.append(task)
    return tasks, problems


def _read_result(task: Task, result: list) -> None:
    regions: dict[str, Region] = {}

    def region(rid: str) -> Region:
        if rid not in regions:
            regions[rid] = Region(id=rid)
        return regions[rid]

    for k, item in enumerate(result):
        if not isinstance(item, dict):
            task.notes.append(f"result item {k} is not an object; ignored")
            continue
        rid = item.get("id")
        rid = str(rid) if rid is not None else f"#{k}"
        kind, name = item.get("type"), item.get("from_name")
        value = item.get("value") if isinstance(item.get("value"), dict) else {}
        if name == TYPES_CONTROL and kind == "choices":
            task.types = list(value.get("choices") or [])
            continue
        if kind in ("labels", "hypertextlabels") and name in (TYPE_CONTROL, COVERAGE_CONTROL):
            r = region(rid)
            r.labels += list(value.get("labels") or [])
            r.start, r.end = value.get("start"), value.get("end")
            if isinstance(value.get("text"), str):
                r.text = value["text"]
            continue
        spec = BY_CONTROL.get(name)
        if spec is not None and kind in ("textarea", "choices"):
            r = region(rid)
            if kind == "choices":
                vals = value.get("choices") or []
            else:
                vals = value.get("text") or []
                if isinstance(vals, str):
                    vals = [vals]
            if len(vals) > 1:
                r.problems.append(f"{spec.type} {spec.name}: more than one value ({vals!r}): give one")
            elif vals:
                r.fields[(spec.type, spec.name)] = vals[0]
            if r.start is None:
                r.start, r.end = value.get("start"), value.get("end")
            continue
        if "start" in value and item.get("id") is not None:
            region(rid).problems.append(f"a result from {name!r} ({kind}), which is not a control of "
                                        f"this labeling config")
        else:
            task.notes.append(f"result item {k} from {name!r} ({kind}) is not used by the "
                              f"extractor's config; ignored")
    task.regions = list(regions.values())
