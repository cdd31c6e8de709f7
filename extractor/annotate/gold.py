"""Annotated regions -> validated gold records, the part of ``import`` that
does not depend on the tool.

A reader (:mod:`.labelstudio`, :mod:`.doccano`) turns each task of a tool's
export into a :class:`Task`: the article text, the offset unit, and its
:class:`Region` s (a span, its label, its field values as the annotator left
them).  :func:`build_task` turns a task into one document's gold: every
region becomes a record validated by the models of :mod:`extractor.schema`
(offsets checked against the text), or one :class:`Problem` naming the
task, the region and the reason.  Nothing is dropped without a problem.

A region that came from the export (same region id) and that the annotator
left unchanged (same type, span and field values) gives back exactly the
exported record, provenance included, so export -> import without edits
returns the records that were exported.  A changed region keeps the
article-level and unknown extra fields of its exported record, not the
extractor's provenance (rule, evidence sentence, version, checks).  A new
region gets the article-level fields of the task.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from pydantic import ValidationError

from extractor.gold_coverage import ALL_TYPES, Coverage
from extractor.annotate.fields import COMMON, FIELDS, PROVENANCE, field_spec
from extractor.annotate.offsets import UNITS, OffsetError, OffsetMap
from extractor.schema import FACT_TYPES, SCHEMA_VERSION, validate_record

COVERAGE_LABEL = "annotated range"
DEFAULT_TYPES = FACT_TYPES


@dataclass
class Region:
    id: str
    labels: list = field(default_factory=list)      # span labels (record types, or COVERAGE_LABEL)
    start: Any = None                               # offsets in the tool's unit
    end: Any = None
    text: Optional[str] = None                      # the span text the tool recorded, if any
    fields: dict = field(default_factory=dict)      # (record type, field name) -> raw value
    problems: list = field(default_factory=list)    # found while reading the tool's format


@dataclass
class Task:
    task_id: Any
    doc_id: Optional[str]
    text: Optional[str]
    unit: str = "codepoint"
    regions: list = field(default_factory=list)
    types: Optional[list] = None                    # the record types declared annotated
    originals: dict = field(default_factory=dict)   # region id -> exported record (dict)
    doc_fields: dict = field(default_factory=dict)  # article-level fields for new regions
    problems: list = field(default_factory=list)    # task-level: the task cannot be imported
    notes: list = field(default_factory=list)       # task-level: imported, but worth saying


@dataclass
class Problem:
    source: str
    task_id: Any
    doc_id: Optional[str]
    region_id: Optional[str]
    reason: str
    level: str = "error"   # or "note"

    def line(self) -> str:
        who = f" [{self.doc_id}]" if self.doc_id else ""
        region = f" region {self.region_id}" if self.region_id is not None else ""
        return " ".join(f"{self.source}: task {self.task_id}{who}{region}: {self.level}: "
                        f"{self.reason}".splitlines())

    def to_dict(self) -> dict:
        return {"source": self.source, "task": self.task_id, "doc_id": self.doc_id,
                "region": self.region_id, "level": self.level, "reason": self.reason}


@dataclass
class DocGold:
    doc_id: str
    coverage: Coverage
    records: list   # validated models, sorted by offset


def pydantic_reason(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ALL_TYPES]
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        parts.append(f"{'.'.join(loc)}: {msg}" if loc else msg)
    return "; ".join(parts)


def _norm(v: Any) -> Any:
    return None if v == "" else v


def _unchanged(original: dict, rtype: str, start: int, end: int, values: dict) -> bool:
    if (original.get("type"), original.get("start_char"), original.get("end_char")) != (rtype, start, end):
        return False
    for spec in FIELDS[rtype]:
        a = _norm(original.get(spec.name, spec.default))
        b = _norm(values.get(spec.name, spec.default))
        if a != b:
            return False
    return True


def _tool_text_equal(tool: str, actual: str) -> bool:
    """Label Studio writes a selection's line breaks as a backslash and n."""
    return tool == actual or tool == actual.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


class _Reject(Exception):
    pass


class TaskBuilder:
    def __init__(self, task: Task, source: str):
        self.task = task
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, region_id: Optional[str], reason: str, level: str = "error") -> None:
        self.problems.append(Problem(self.source, self.task.task_id, self.task.doc_id,
                                     region_id, reason, level))

    # -- offsets -------------------------------------------------------
    def span(self, region: Region) -> tuple[int, int]:
        try:
            return self._span(region, self.omap)
        except _Reject as e:
            raise _Reject(f"{e}{self._unit_hint(region)}") from None

    def _span(self, region: Region, omap: OffsetMap) -> tuple[int, int]:
        text = self.task.text
        try:
            start = omap.to_python(region.start)
        except OffsetError as e:
            raise _Reject(f"start: {e}") from None
        try:
            end = omap.to_python(region.end)
        except OffsetError as e:
            raise _Reject(f"end: {e}") from None
        if end <= start:
            raise _Reject(f"empty or reversed span ({region.start}, {region.end})")
        if region.text is not None and not _tool_text_equal(region.text, text[start:end]):
            raise _Reject(f"the tool says the span [{region.start}:{region.end}] is "
                          f"{region.text!r}, but in {omap.unit_name} it is {text[start:end]!r}")
        return start, end

    def _unit_hint(self, region: Region) -> str:
        """When the offsets fit the text in another unit (an export from an
        older tool version), say so."""
        for other in UNITS:
            if other == self.task.unit:
                continue
            m = OffsetMap(self.task.text, other)
            try:
                self._span(region, m)
            except _Reject:
                continue
            if region.text is None and m.length == self.omap.length:
                continue
            return f"; the offsets fit if counted in {m.unit_name}: import with --offsets {other}"
        return ""

    # -- one region ----------------------------------------------------
    def region_record(self, region: Region):
        task = self.task
        if region.problems:
            raise _Reject(region.problems[0])
        labels = list(dict.fromkeys(region.labels))
        if not labels:
            raise _Reject("the region has no label")
        if len(labels) > 1:
            raise _Reject(f"more than one label ({', '.join(labels)}): one record type per region")
        rtype = labels[0]
        if rtype not in ALL_TYPES:
            raise _Reject(f"unknown label {rtype!r} (the labels are {', '.join(ALL_TYPES)})")
        start, end = self.span(region)
        span = task.text[start:end]
        if not span.strip():
            raise _Reject(f"the span [{start}:{end}] is only whitespace")
        if span != span.strip():
            where = "starts" if span[0].isspace() else "ends"
            raise _Reject(f"the span [{start}:{end}] {span!r} {where} with whitespace: "
                          f"select the mention alone")
        other = sorted({t for (t, _) in region.fields if t != rtype})
        if other:
            names = ", ".join(f"{t}_{n}" for (t, n) in region.fields if t != rtype)
            raise _Reject(f"labelled {rtype} but has fields of {', '.join(other)} ({names}): "
                          f"change the label back or clear those fields")
        values: dict[str, Any] = {}
        for (_, name), raw in region.fields.items():
            spec = field_spec(rtype, name)
            if spec is None:
                raise _Reject(f"{name!r} is not a field of {rtype}")
            try:
                v = spec.parse(raw)
            except ValueError as e:
                raise _Reject(f"{rtype} {name}: {e}") from None
            if v is not None:
                values[name] = v
        rec: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "doc_id": task.doc_id,
                               "type": rtype, "text": span, "start_char": start, "end_char": end}
        original = task.originals.get(region.id)
        if original is not None and _unchanged(original, rtype, start, end, values):
            rec = dict(original)
        else:
            if original is not None:
                shown = {s.name for s in FIELDS[rtype]} | {s.name for s in FIELDS.get(original.get("type"), ())}
                extras = {k: v for k, v in original.items()
                          if k not in COMMON and k not in PROVENANCE and k not in shown}
            else:
                extras = dict(task.doc_fields)
            rec.update(extras)
            rec.update(values)
        try:
            return validate_record(rec, task.text)
        except ValidationError as e:
            raise _Reject(pydantic_reason(e)) from None

    # -- the task ------------------------------------------------------
    def build(self, raw_text: Optional[str] = None) -> Optional[DocGold]:
        task = self.task
        if task.problems:
            for p in task.problems:
                self.problem(None, p)
            return None
        if not isinstance(task.doc_id, str) or not task.doc_id:
            self.problem(None, "the task has no doc_id in its data")
            return None
        if not isinstance(task.text, str):
            self.problem(None, "the task has no text in its data")
            return None
        if raw_text is not None and raw_text != task.text:
            i = next((k for k, (a, b) in enumerate(zip(raw_text, task.text)) if a != b),
                     min(len(raw_text), len(task.text)))
            self.problem(None, f"the task's text differs from the article file from character {i} "
                               f"(task {task.text[i:i + 20]!r}, file {raw_text[i:i + 20]!r})")
            return None
        if task.unit not in UNITS:
            self.problem(None, f"unknown offset unit {task.unit!r} (one of {', '.join(UNITS)})")
            return None
        self.omap = OffsetMap(task.text, task.unit)
        for n in task.notes:
            self.problem(None, n, level="note")

        types = task.types
        if types is not None:
            bad = [t for t in types if t not in ALL_TYPES]
            if bad:
                self.problem(None, f"unknown type(s) among the types annotated: {', '.join(bad)}")
                return None
            if not types:
                self.problem(None, "no type is ticked as annotated: tick the types you annotated")
                return None
            types = tuple(t for t in ALL_TYPES if t in types)

        # Annotated ranges first (a record is checked against them).
        ranges = []
        record_regions = []
        for region in task.regions:
            if COVERAGE_LABEL in region.labels:
                if len(set(region.labels)) > 1:
                    self.problem(region.id, f"a region is either an {COVERAGE_LABEL!r} or a record, "
                                            f"not both ({', '.join(region.labels)})")
                    continue
                try:
                    if region.fields:
                        raise _Reject(f"an {COVERAGE_LABEL!r} has no fields")
                    ranges.append(self.span(region))
                except _Reject as e:
                    self.problem(region.id, str(e))
            else:
                record_regions.append(region)
        coverage = Coverage(task.doc_id, types, tuple(sorted(ranges)) if ranges else None)

        accepted = []
        for region in record_regions:
            try:
                rec = self.region_record(region)
            except _Reject as e:
                self.problem(region.id, str(e))
                continue
            if not coverage.covers_type(rec.type):
                self.problem(region.id, f"a {rec.type} record, but {rec.type} is not among the types "
                                        f"annotated ({', '.join(types or ())}): tick it, or delete "
                                        f"the region")
                continue
            if not coverage.covers_span(rec.start_char, rec.end_char):
                self.problem(region.id, f"[{rec.start_char}:{rec.end_char}] {rec.text!r} is outside "
                                        f"every {COVERAGE_LABEL!r}: widen a range, or delete the region")
                continue
            accepted.append((region.id, rec))

        # Mentions do not overlap (neither in the gold nor in the output).
        accepted.sort(key=lambda x: (x[1].start_char, -x[1].end_char, x[1].type))
        records, last = [], None
        for rid, rec in accepted:
            if last is not None and rec.start_char < last[1].end_char:
                prev = last[1]
                self.problem(rid, f"{rec.type} [{rec.start_char}:{rec.end_char}] {rec.text!r} overlaps "
                                  f"region {last[0]} ({prev.type} [{prev.start_char}:{prev.end_char}] "
                                  f"{prev.text!r}): mentions do not overlap; delete one")
                continue
            records.append(rec)
            last = (rid, rec)
        return DocGold(task.doc_id, coverage, records)


def build_task(task: Task, source: str, raw_text: Optional[str] = None) -> tuple[Optional[DocGold], list[Problem]]:
    b = TaskBuilder(task, source)
    doc = b.build(raw_text)
    return doc, b.problems
