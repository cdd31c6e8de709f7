"""The fields an annotator sees and edits, per record type, derived from the
record models of :mod:`extractor.schema` (so a field added there appears in
the labeling interface without a change here).

Each record type is one span label.  Its fields, other than the common ones
(the span, ``doc_id``, ``schema_version``) and the hidden ones below, are
per-region fields: a closed set of values (a ``Literal``: ``doc_type``,
``qualifier``, ``kind``, ``issuer``, ``level``) is a choice; anything else
(``value``, ``unit``, ``number``, ``title``...) is free text, parsed back
into the field's type (whole number, decimal number, text) on import.

Hidden fields are not shown: the extractor's provenance (the rule, the
evidence sentence, its version, the consistency checks), which describes a
prediction and is kept only on a record the annotator left unchanged, and
article-level fields (``source``, ``lang``), kept on every record of the
article.  Fields a record carries that the models do not know (a newer
extractor's additions) are kept the same way as article-level fields.
"""

from __future__ import annotations

import math
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Optional, Union, get_args, get_origin

from extractor.schema import ENTITY_TYPES, FACT_TYPES, MODEL_BY_TYPE

ALL_TYPES = (*FACT_TYPES, *ENTITY_TYPES)
COMMON = ("schema_version", "doc_id", "type", "text", "start_char", "end_char")
PROVENANCE = ("sentence_start", "sentence_end", "rule", "extractor_version", "checks")
ARTICLE_LEVEL = ("source", "lang")
HIDDEN = (*PROVENANCE, *ARTICLE_LEVEL)
# A free-text note per region (gold files use ``note`` for a borderline call).
NOTE = "note"


@dataclass(frozen=True)
class FieldSpec:
    type: str            # the record type
    name: str            # the field name in the record
    kind: str            # "choice" or "text"
    base: Any            # int, float, str (for text fields)
    choices: tuple = ()  # for choice fields
    required: bool = False
    default: Any = None

    @property
    def control(self) -> str:
        """The control's name in the labeling config: ``count_unit``."""
        return f"{self.type}_{self.name}"

    def show(self, value: Any) -> Optional[str]:
        """A record's value as the annotator sees it (None: not shown)."""
        if value is None:
            return None
        if self.kind == "choice":
            return str(value)
        return repr(value) if isinstance(value, float) else str(value)

    def parse(self, raw: Any) -> Any:
        """An annotator's value back into the field's type; ValueError with a
        reason when it does not parse.  ``None`` means: not given."""
        if raw is None:
            return None
        if self.kind == "choice":
            if raw not in self.choices:
                raise ValueError(f"{raw!r} is not one of {', '.join(map(str, self.choices))}")
            return raw
        if isinstance(raw, bool):
            raise ValueError(f"{raw!r} is not a {self._what()}")
        if self.base is int:
            if isinstance(raw, int):
                return raw
            s = str(raw).strip()
            if not s:
                return None
            if not s.lstrip("-").isdigit() or not s.isascii():
                raise ValueError(f"{raw!r} is not a whole number (write digits only, e.g. 2580)")
            return int(s)
        if self.base is float:
            if isinstance(raw, (int, float)):
                v = float(raw)
            else:
                s = str(raw).strip()
                if not s:
                    return None
                try:
                    v = float(s)
                except ValueError:
                    raise ValueError(f"{raw!r} is not a number (e.g. 94.92)") from None
            if not math.isfinite(v):
                raise ValueError(f"{raw!r} is not a finite number")
            return v
        if not isinstance(raw, str):
            raise ValueError(f"{raw!r} is not text")
        return raw if raw.strip() else None

    def _what(self) -> str:
        return {int: "whole number", float: "number"}.get(self.base, "text")


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the type inside Optional[...] / Annotated[...], whether None is allowed)."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin is Union or (hasattr(types, "UnionType") and origin is types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            if len(args) != 1:
                return annotation, optional
            annotation = args[0]
        else:
            return annotation, optional


def _spec(rtype: str, name: str, info) -> Optional[FieldSpec]:
    inner, optional = _unwrap(info.annotation)
    required = info.is_required()
    default = None if required else info.default
    if get_origin(inner) is Literal:
        return FieldSpec(rtype, name, "choice", str, tuple(get_args(inner)), required, default)
    if inner in (int, float, str):
        return FieldSpec(rtype, name, "text", inner, (), required, default)
    return None  # a structure (dict, list): not editable in a form


# The fields ANNOTATION.md defines come first in the form, in its order; the
# context fields after them.
PRIMARY = {
    "document_ref": ("doc_type", "number", "year", "symbol", "issuer", "issued_on", "title"),
    "date": ("kind", "value", "begin", "end"),
    "count": ("value", "qualifier", "unit"),
    "ratio": ("kind", "numerator", "denominator", "percent", "qualifier"),
    "location": ("name", "kind", "province"),
    "organization": ("name", "canonical", "location"),
    "person": ("name", "title", "organization"),
}


def _build() -> dict[str, list[FieldSpec]]:
    out: dict[str, list[FieldSpec]] = {}
    for rtype in ALL_TYPES:
        model = MODEL_BY_TYPE[rtype]
        specs = []
        for name, info in model.model_fields.items():
            if name in COMMON or name in HIDDEN:
                continue
            spec = _spec(rtype, name, info)
            if spec is not None:
                specs.append(spec)
        first = PRIMARY.get(rtype, ())
        specs.sort(key=lambda sp: (first.index(sp.name) if sp.name in first else len(first)))
        specs.append(FieldSpec(rtype, NOTE, "text", str))
        out[rtype] = specs
    return out


FIELDS: dict[str, list[FieldSpec]] = _build()
BY_CONTROL: dict[str, FieldSpec] = {s.control: s for specs in FIELDS.values() for s in specs}


def field_spec(rtype: str, name: str) -> Optional[FieldSpec]:
    for s in FIELDS.get(rtype, ()):
        if s.name == name:
            return s
    return None


def editable_values(record: dict) -> dict[str, Any]:
    """The values of a record's shown fields (None left out)."""
    out = {}
    for spec in FIELDS[record["type"]]:
        v = record.get(spec.name)
        if v is not None:
            out[spec.name] = v
    return out
