"""The record contract (schema v1): the ground floor of the project.

Every record that is written, read, or scored goes through these models.  This
module imports nothing of the project.  See ``../shared/ANNOTATION.md`` for the
meaning of each field; extra fields are allowed (and documented in README.md).

Validation against the article text: pass ``context={"text": article_text}``
to ``model_validate`` (or use :func:`validate_record`) and the offsets are
checked against it (``text[start_char:end_char] == record.text``).
"""

from __future__ import annotations

import calendar
import math
import re
from typing import Annotated, Any, Literal, Optional, Union, get_args, get_origin

import annotated_types as at

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    AfterValidator,
    ValidationInfo,
    model_validator,
)

SCHEMA_VERSION = "1"

FACT_TYPES = ("document_ref", "date", "count", "ratio")
ENTITY_TYPES = ("location", "organization", "person")

DocType = Literal[
    "resolution", "directive", "regulation", "conclusion", "decision", "plan",
    "project", "program", "notice", "guidance", "decree", "circular", "law",
    "official_letter", "submission", "report", "other",
]
DOC_TYPES = get_args(DocType)

Issuer = Literal[
    "Central Committee", "Politburo", "Secretariat", "National Assembly",
    "Government", "Prime Minister", "Ministry of Home Affairs",
    "Provincial Party Committee", "City Party Committee", "District Party Committee",
    "Standing Committee of the Provincial Party Committee",
    "Standing Committee of the City Party Committee",
    "Standing Committee of the District Party Committee",
    "National Assembly Standing Committee", "Provincial People's Council",
    "City People's Council", "Provincial People's Committee",
    "City People's Committee", "Steering Committee",
]
ISSUERS = get_args(Issuer)

Qualifier = Literal["exact", "approximately", "more_than", "less_than", "at_least", "at_most"]
Level = Literal["central", "province", "district", "commune", "department"]

_ISO_PARTIAL = re.compile(r"^(?:(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})-(\d{2}))$")


def parse_iso_partial(value: str) -> tuple[Optional[int], Optional[int], Optional[int]]:
    """Parse an ISO 8601 partial date (``2021``, ``2021-05``, ``2021-05-31``,
    ``--05-31``) into (year, month, day); raise ValueError when malformed or
    not a calendar date."""
    m = _ISO_PARTIAL.match(value)
    if not m:
        raise ValueError(f"not an ISO 8601 partial date: {value!r}")
    if m.group(4):
        year, month, day = None, int(m.group(4)), int(m.group(5))
    else:
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month out of range in {value!r}")
    if day is not None:
        last = calendar.monthrange(year if year is not None else 2000, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"day out of range in {value!r}")
    return year, month, day


def _bounds(value: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Earliest and latest (y, m, d) a partial date can stand for."""
    y, m, d = parse_iso_partial(value)
    y0 = y if y is not None else 0
    y1 = y if y is not None else 9999
    return (y0, m or 1, d or 1), (y1, m or 12, d or 31)


def _check_iso(value: str) -> str:
    parse_iso_partial(value)
    return value


IsoPartial = Annotated[str, AfterValidator(_check_iso)]


# Additive fields (README, "Input metadata"): the article's metadata on every
# record of the article, and dates with their year resolved from the article's
# publication date (extractor.article_dates).  They are extra fields, written
# only when known (so records of articles without metadata are as before);
# their types are checked here and given in the JSON Schema.
ARTICLE_FIELDS = {
    "article_title": ("string", "the article's title (the page's, or the .jsonl line's title)"),
    "published": ("date", "the article's publication date, ISO 8601"),
    "site": ("string", "the site that published the article"),
    "article_province": ("string", "the province the input says the article is about"),
}
RESOLVED_FIELDS = {
    "resolved_value": ("date", "a date's value without a year (--MM-DD), with the year of the "
                               "article's publication date when that is clear"),
    "resolved_begin": ("date", "a range's begin without a year, resolved the same way"),
    "resolved_end": ("date", "a range's end without a year, resolved the same way"),
    "resolved_issued_on": ("date", "a document's issued_on without a year, resolved the same way"),
}
ADDITIVE_FIELDS = {**ARTICLE_FIELDS, **RESOLVED_FIELDS}


class _Base(BaseModel):
    """Fields common to every record."""

    model_config = ConfigDict(extra="allow", frozen=False)

    schema_version: Literal["1"] = SCHEMA_VERSION
    doc_id: str = Field(min_length=1, description="article file name without extension")
    # Declared here so it comes third in every dump; each record type narrows
    # it to its Literal.
    type: str = Field(description="the record kind")
    text: str = Field(min_length=1, description="the mention, exactly as in the text")
    start_char: int = Field(ge=0, description="str index of the first character")
    end_char: int = Field(gt=0, description="str index after the last character")
    # Provenance (extra to ANNOTATION.md, optional so gold files validate too).
    sentence_start: Optional[int] = Field(None, ge=0, description="evidence sentence start")
    sentence_end: Optional[int] = Field(None, ge=0, description="evidence sentence end")
    extractor_version: Optional[str] = Field(None, description="version that produced it")
    rule: Optional[str] = Field(None, description="the rule (component:pattern) that fired")
    source: Optional[str] = Field(None, description="the article's source URL when known")
    lang: Optional[str] = Field(None, description="the language whose pipeline read the article "
                                "(ISO 639-1: \"en\", \"vi\"); additive to schema v1")

    @model_validator(mode="after")
    def _check_additive(self) -> "_Base":
        check_additive(self.__pydantic_extra__)
        return self

    @model_validator(mode="after")
    def _check_offsets(self, info: ValidationInfo) -> "_Base":
        article = (info.context or {}).get("text") if info is not None else None
        check_offsets(self.__dict__, article)
        return self


# The cross-field rules, as plain functions of a record's fields (a dict) that
# raise ValueError: the models' validators call them, and so does the fast path
# (``fast_record``), so both check the same rules.
def check_additive(extra: Optional[dict]) -> None:
    """The additive fields (``ADDITIVE_FIELDS``) among the extras are
    strings, and dates are ISO 8601 partial dates."""
    if extra:
        for name, (kind, _) in ADDITIVE_FIELDS.items():
            value = extra.get(name)
            if value is None:
                continue
            if not isinstance(value, str):
                raise ValueError(f"{name} must be a string, not {type(value).__name__}")
            if kind == "date":
                parse_iso_partial(value)


def check_offsets(rec: dict, article: Optional[str]) -> None:
    """The offsets agree with each other and, when the ``article`` text is
    given, with it (``article[start_char:end_char] == text``)."""
    start, end, text = rec["start_char"], rec["end_char"], rec["text"]
    s0, s1 = rec["sentence_start"], rec["sentence_end"]
    if end <= start:
        raise ValueError(f"end_char {end} <= start_char {start}")
    if len(text) != end - start:
        raise ValueError(f"len(text)={len(text)} does not match end_char-start_char={end - start}")
    if (s0 is None) != (s1 is None):
        raise ValueError("sentence_start and sentence_end go together")
    if s0 is not None and not (s0 <= start and end <= s1):
        raise ValueError("the evidence sentence does not contain the mention")
    if article is not None:
        if end > len(article):
            raise ValueError(f"end_char {end} beyond the text ({len(article)})")
        if article[start:end] != text:
            raise ValueError(f"text[{start}:{end}] is {article[start:end]!r}, not {text!r}")
        if s1 is not None and s1 > len(article):
            raise ValueError("sentence_end beyond the text")


def check_date_kind(rec: dict) -> None:
    kind, value, begin, end = rec["kind"], rec["value"], rec["begin"], rec["end"]
    if kind == "point":
        if value is None or begin is not None or end is not None:
            raise ValueError("a point has a value and no begin/end")
    else:
        if value is not None or begin is None:
            raise ValueError("a range has a begin (and an end or null) and no value")
        if end is not None and _bounds(begin)[0] > _bounds(end)[1]:
            raise ValueError(f"range begins ({begin}) after it ends ({end})")


def check_ratio_kind(rec: dict) -> None:
    numerator, denominator, percent = rec["numerator"], rec["denominator"], rec["percent"]
    if rec["kind"] == "fraction":
        if numerator is None or denominator is None or percent is not None:
            raise ValueError("a fraction has numerator and denominator, no percent")
    elif percent is None or numerator is not None or denominator is not None:
        raise ValueError("a percent has a percent, no numerator/denominator")


class DocumentRef(_Base):
    type: Literal["document_ref"] = "document_ref"
    doc_type: DocType
    number: Optional[str] = Field(None, min_length=1)
    year: Optional[int] = Field(None, ge=1900, le=2100)
    symbol: Optional[str] = None
    issuer: Optional[Issuer] = None
    issued_on: Optional[IsoPartial] = None
    title: Optional[str] = None
    # Linking (issue 6), optional.
    refers_to: Optional[int] = Field(None, description="start_char of the fullest mention of "
                                                       "the same document in the article")
    canonical_key: Optional[str] = Field(None, description="issuer|doc_type|number|year, e.g. "
                                                           "'City Party Committee (Hanoi)|resolution|4|2021'")


class DateRecord(_Base):
    type: Literal["date"] = "date"
    kind: Literal["point", "range"]
    value: Optional[IsoPartial] = None
    begin: Optional[IsoPartial] = None
    end: Optional[IsoPartial] = None

    @model_validator(mode="after")
    def _check_kind(self) -> "DateRecord":
        check_date_kind(self.__dict__)
        return self


class _Measure(_Base):
    """Context fields shared by counts and ratios (issue 6), all optional."""

    qualifier: Qualifier = "exact"
    subject: Optional[str] = Field(None, description="the noun phrase measured, lowercase")
    predicate: Optional[str] = Field(None, description="what the text says of the subject, "
                                                       "when it follows: 'are not local people'")
    level: Optional[Level] = Field(None, description="the administrative level, when stated")
    location: Optional[str] = Field(None, description="the place the fact is about (gazetteer name)")
    as_of: Optional[IsoPartial] = Field(None, description="the date the statistic refers to")
    checks: Optional[dict[str, Any]] = Field(None, description="consistency checks (docs/ENTITIES.md)")


class CountRecord(_Measure):
    type: Literal["count"] = "count"
    value: int = Field(ge=0)
    unit: str = ""


class RatioRecord(_Measure):
    type: Literal["ratio"] = "ratio"
    kind: Literal["fraction", "percent"]
    numerator: Optional[int] = Field(None, ge=0)
    denominator: Optional[int] = Field(None, gt=0)
    percent: Optional[float] = Field(None, ge=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _check_kind(self) -> "RatioRecord":
        check_ratio_kind(self.__dict__)
        return self


class LocationRecord(_Base):
    """A place (issue 6): province, centrally-run city, district, town,
    commune, ward, region or country.  See docs/ENTITIES.md."""

    type: Literal["location"] = "location"
    name: str = Field(min_length=1, description="the gazetteer name (ASCII English form), "
                                                "e.g. 'Quang Ninh' for 'Quảng Ninh'")
    kind: Literal["province", "city", "district", "town", "commune", "ward", "country",
                  "region", "other"]
    province: Optional[str] = Field(None, description="the province or centrally-run city it "
                                                      "is in (itself for a province)")


class OrganizationRecord(_Base):
    """A Party or State body (issue 6).  See docs/ENTITIES.md."""

    type: Literal["organization"] = "organization"
    name: str = Field(min_length=1, description="the mention, whitespace normalized")
    canonical: Optional[str] = Field(None, description="the body with its place dropped, e.g. "
                                                       "'Standing Committee of the City Party Committee'")
    location: Optional[str] = Field(None, description="the place it belongs to (gazetteer name)")


class PersonRecord(_Base):
    """A named person with the title the text gives (issue 6).  See docs/ENTITIES.md."""

    type: Literal["person"] = "person"
    name: str = Field(min_length=1, description="the name without honorific ('Nguyen Hao')")
    title: Optional[str] = Field(None, description="the title as written next to the name")
    organization: Optional[str] = Field(None, description="the organization the title names")
    refers_to: Optional[int] = Field(None, description="start_char of the first full mention "
                                                       "of the same person")


Record = Annotated[
    Union[
        DocumentRef, DateRecord, CountRecord, RatioRecord,
        LocationRecord, OrganizationRecord, PersonRecord,
    ],
    Field(discriminator="type"),
]
RECORD_ADAPTER: TypeAdapter = TypeAdapter(Record)

MODEL_BY_TYPE = {
    "document_ref": DocumentRef, "date": DateRecord, "count": CountRecord,
    "ratio": RatioRecord, "location": LocationRecord,
    "organization": OrganizationRecord, "person": PersonRecord,
}


# -- the fast path ----------------------------------------------------------------
# The pipeline builds its records from dicts it has just made, nearly always
# valid and of the exact types.  ``fast_record`` checks such a dict against
# the model's constraints in plain code and builds the model without pydantic
# re-validating it; whatever it is not sure of (a missing field, a value of
# another type, which pydantic might coerce, any error) it leaves to
# ``model_validate`` by returning None.  Its checks are derived from the
# models' fields and compiled into one function per model (straight-line
# code, as ``dataclasses`` does: a loop that dispatches on each field's kind
# costs as much as pydantic); a model with a field type, constraint,
# validator or setting the derivation does not know has no fast path (all its
# records are fully validated).  tests/test_fast_records.py checks, with
# random valid and invalid dicts, that it accepts exactly what
# ``model_validate`` accepts and builds equal records.
_STR, _INT, _FLOAT, _LIT, _ISO, _DICT = "str", "int", "float", "literal", "iso", "dict"
_RULES = {  # the models' own validators -> the same rule as a function of the fields
    "DateRecord._check_kind": check_date_kind,
    "RatioRecord._check_kind": check_ratio_kind,
}
_COMMON = ("_Base._check_additive", "_Base._check_offsets")  # fast_record runs both
_MISSING = object()


def _field_spec(annotation: Any, metadata: list) -> Optional[tuple]:
    """(kind, optional, a, b) of one field (a, b: bounds, a minimum length
    or the values of a Literal), or None when not understood."""
    optional = False
    if get_origin(annotation) is Union:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) != 1 or len(get_args(annotation)) != 2:
            return None
        optional, annotation = True, args[0]
    lo, hi, min_len, finite = -math.inf, math.inf, 0, False
    for m in metadata:
        if isinstance(m, at.Ge) and type(m.ge) in (int, float):
            lo = m.ge
        elif isinstance(m, at.Gt) and annotation is int and type(m.gt) is int:
            lo = m.gt + 1
        elif isinstance(m, at.Le) and type(m.le) in (int, float):
            hi = m.le
        elif isinstance(m, at.MinLen):
            min_len = m.min_length
        elif type(m).__name__ == "AllowInfNan" and m.allow_inf_nan is False:
            finite = True
        else:
            return None
    bounded = lo != -math.inf or hi != math.inf
    if annotation is str:
        return None if bounded or finite else (_STR, optional, min_len, None)
    if min_len or (finite and annotation is not float):
        return None
    if annotation is int:
        return _INT, optional, lo, hi
    if annotation is float:
        return (_FLOAT, optional, lo, hi) if finite else None
    if bounded:
        return None
    if get_origin(annotation) is Literal:
        values = get_args(annotation)
        return (_LIT, optional, frozenset(values), None) if all(type(v) is str for v in values) else None
    if get_origin(annotation) is Annotated:
        base, *more = get_args(annotation)
        if base is str and len(more) == 1 and isinstance(more[0], AfterValidator) \
                and more[0].func is _check_iso:
            return _ISO, optional, None, None
        return None
    if get_origin(annotation) is dict and get_args(annotation) == (str, Any):
        return _DICT, optional, None, None
    return None


def _fast_spec(model: type[BaseModel]) -> Optional[tuple]:
    """(fields: name -> (kind, optional, a, b, default), rules) of a model,
    or None when the fast path does not know all that validation checks."""
    decorators = model.__pydantic_decorators__
    if set(model.model_config) - {"extra", "frozen"} or model.model_config.get("extra") != "allow" \
            or model.__pydantic_post_init__ or model.__private_attributes__ \
            or decorators.field_validators or decorators.validators or decorators.root_validators \
            or decorators.field_serializers or decorators.model_serializers:
        return None
    rules, common = [], set()
    for dec in decorators.model_validators.values():
        name = dec.func.__qualname__
        if dec.info.mode != "after":
            return None
        if name in _COMMON:
            common.add(name)
        elif name in _RULES:
            rules.append(_RULES[name])
        else:
            return None
    if len(common) != len(_COMMON):
        return None
    fields = {}
    for name, info in model.model_fields.items():
        spec = _field_spec(info.annotation, info.metadata)
        if spec is None or not name.isidentifier() or info.alias or info.validation_alias \
                or info.default_factory is not None:
            return None
        default = _MISSING if info.is_required() else info.default
        if default is not _MISSING and default is not None and type(default) not in (str, int, float):
            return None
        fields[name] = (*spec, default)
    return fields, tuple(rules)


def _check_source(name: str, kind: str, optional: bool, a: Any, b: Any, const: dict) -> list[str]:
    """The lines that check field ``name`` (in ``v``) and return None when
    it is not valid and of its exact type."""
    def c(value) -> str:
        if type(value) is int:
            return repr(value)
        key = f"C{len(const)}"
        const[key] = value
        return key

    if kind == _STR:
        bad = "type(v) is not str" + (f" or len(v) < {int(a)}" if a else "")
    elif kind == _INT:
        bad = "type(v) is not int" + (f" or v < {c(a)}" if a != -math.inf else "") + \
              (f" or v > {c(b)}" if b != math.inf else "")
    elif kind == _FLOAT:  # NaN fails every comparison; isfinite refuses the infinities
        bad = "type(v) is not float or not isfinite(v)" + (f" or not v >= {c(a)}" if a != -math.inf else "") + \
              (f" or not v <= {c(b)}" if b != math.inf else "")
    elif kind == _LIT:
        bad = f"type(v) is not str or v not in {c(a)}"
    elif kind == _ISO:
        bad = "type(v) is not str or not (v in ISO_VALID or valid_iso(v))"
    elif kind == _DICT:
        bad = "type(v) is not dict or not all(type(k) is str for k in v)"
    else:  # pragma: no cover - _field_spec makes no other kind
        raise AssertionError(kind)
    lines = [f"v = rec[{name!r}]"]
    if optional:
        lines.append(f"if v is not None and ({bad}): return None")
    else:
        lines.append(f"if {bad}: return None")
    if kind == _DICT:  # a new dict, as pydantic makes
        lines.append(f"if v is not None: rec[{name!r}] = dict(v)")
    return lines


def _compile(model: type[BaseModel], spec: tuple):
    """The fast path's function of one model: (data, article) -> the model
    or None."""
    fields, rules = spec
    const: dict = {}
    # the fields in declared order, then the extras in the order given
    body = ["rec = DEFAULTS.copy()", "rec.update(data)", "keys = data.keys()",
            "if keys <= FIELDS:",
            "    extra = {}",
            "else:",
            "    extra = {k: x for k, x in data.items() if k not in FIELDS}",
            "    if not all(type(k) is str and not k.startswith(('_', 'model_')) for k in extra): return None",
            "    for k in extra: del rec[k]"]
    for name, (kind, optional, a, b, default) in fields.items():
        body += _check_source(name, kind, optional, a, b, const)
    body += [
        "try:",
        "    if extra: check_additive(extra)",
        "    check_offsets(rec, article)",
        *(f"    R{i}(rec)" for i in range(len(rules))),
        "except Exception:",
        "    return None",
        "obj = new(cls)",
        "setattr_(obj, '__dict__', rec)",
        "setattr_(obj, '__pydantic_extra__', extra)",
        "setattr_(obj, '__pydantic_fields_set__', set(keys))  # extras too, as pydantic's",
        "setattr_(obj, '__pydantic_private__', None)",
        "return obj",
    ]
    source = "def build(data, article):\n" + "".join(f"    {line}\n" for line in body)
    namespace = {"DEFAULTS": {name: f[4] for name, f in fields.items()},  # a required one: _MISSING,
                 "FIELDS": frozenset(fields), "ISO_VALID": _ISO_VALID,  # which no check lets through
                 "valid_iso": _valid_iso, "isfinite": math.isfinite, "check_additive": check_additive,
                 "check_offsets": check_offsets, "new": model.__new__, "cls": model,
                 "setattr_": object.__setattr__, **const,
                 **{f"R{i}": rule for i, rule in enumerate(rules)}}
    exec(compile(source, f"<fast_record {model.__name__}>", "exec"), namespace)
    build = namespace["build"]
    build.source = source
    return build


_ISO_VALID: dict[str, bool] = {}  # ISO partial dates found valid (they repeat)


def _valid_iso(value: str) -> bool:
    try:
        parse_iso_partial(value)
    except ValueError:
        return False
    if len(_ISO_VALID) < 4096:
        _ISO_VALID[value] = True
    return True


def fast_record(model: type[BaseModel], data: dict, article: Optional[str]):
    """``model.model_validate(data, context={"text": article})`` when ``data``
    is valid and of the exact types (the model built without re-validation),
    else None (then validate in full: a coercion, or the error message)."""
    build = FAST_BUILDERS.get(model)
    if build is None or article is None or type(data) is not dict:
        return None
    return build(data, article)


FAST_SPECS = {model: _fast_spec(model) for model in MODEL_BY_TYPE.values()}
FAST_BUILDERS = {model: _compile(model, spec) for model, spec in FAST_SPECS.items() if spec is not None}



# -- records straight from facts ---------------------------------------------------
# The pipeline's records are made from a fact (type, offsets, attrs), its
# sentence, and per-article values (doc_id, version, source, lang, the
# article's metadata).  ``FACT_BUILDERS`` build such a record without the
# intermediate dict of ``records.fact_to_dict``: the head (``_Base``'s fields)
# is made in place and checked here, the per-article values once per article
# (``fact_context``), the model's own fields by code compiled from its fields
# as above.  A fact it is not sure of (an attr that is not one of the model's
# own fields, an offset that is not an int in the text, any check failing)
# gives None: the caller takes the dict path.  tests/test_fast_records.py
# checks that it builds what ``model_validate`` of ``fact_to_dict`` builds.
_HEAD_SPEC = {  # _Base's fields as _fast_spec reads them, which the head code below checks
    "schema_version": (_LIT, False, frozenset({"1"}), None, "1"),
    "doc_id": (_STR, False, 1, None, _MISSING), "type": (_STR, False, 0, None, _MISSING),
    "text": (_STR, False, 1, None, _MISSING), "start_char": (_INT, False, 0, math.inf, _MISSING),
    "end_char": (_INT, False, 1, math.inf, _MISSING),
    "sentence_start": (_INT, True, 0, math.inf, None), "sentence_end": (_INT, True, 0, math.inf, None),
    "extractor_version": (_STR, True, 0, None, None), "rule": (_STR, True, 0, None, None),
    "source": (_STR, True, 0, None, None), "lang": (_STR, True, 0, None, None),
}
_HEAD_KEYS = frozenset(_HEAD_SPEC)


def fact_context(doc_id: Any, version: Any, source: Any, lang: Any, article: Optional[dict]):
    """The per-article part of the fact builders' work: (doc_id, version,
    source, lang, article metadata (a dict, maybe empty), the keys every
    record of the article has set), or None when one of them is not of its
    exact type and valid (then every record takes the dict path)."""
    if type(doc_id) is not str or not doc_id:
        return None
    for v in (version, source, lang):
        if v is not None and type(v) is not str:
            return None
    article = article or {}
    if type(article) is not dict or not all(
            type(k) is str and not k.startswith(("_", "model_")) for k in article):
        return None
    try:
        check_additive(article)
    except Exception:
        return None
    return doc_id, version, source, lang, article, frozenset(_HEAD_KEYS.union(article))


def _compile_fact(model: type[BaseModel], spec: tuple, ignored: frozenset):
    """The function (fact_type, start, end, sentence start, sentence end,
    rule, attrs, article text, context) -> the model or None of one model;
    the attrs named in ``ignored`` are left out of the record."""
    fields, rules = spec
    if not ignored.isdisjoint(fields):
        return None
    names = list(fields)
    head = {k: fields[k] for k in names[:len(_HEAD_SPEC)]}
    if list(head) != list(_HEAD_SPEC) or any(
            head[k] != _HEAD_SPEC[k] for k in _HEAD_SPEC if k != "type") \
            or head["type"][:2] != (_LIT, False) or len(head["type"][2]) != 1:
        return None
    own = {k: fields[k] for k in names[len(_HEAD_SPEC):]}
    const: dict = {}
    body = [
        # the offsets: ints inside the article, so text[start:end] is the
        # mention (check_offsets' text rules hold by construction)
        "if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(article): return None",
        "if type(s0) is not int or type(s1) is not int: return None",
        "if not (s0 <= start and end <= s1):  # a mention across a sentence boundary: the union",
        "    s0 = min(s0, start); s1 = max(s1, end)",
        "if s0 < 0 or s1 > len(article): return None",
        "if rule is not None and type(rule) is not str: return None",
        "own = attrs.keys()",
        "if not own <= OWN:",
        "    if not own <= OWN_OR_IGNORED: return None",
        "    own = own - IGNORED",
        "doc_id, version, source, lang, meta, keys = ctx",
        "if meta and not FIELDS.isdisjoint(meta): return None",
        "rec = {'schema_version': '1', 'doc_id': doc_id, 'type': kind, 'text': article[start:end],",
        "       'start_char': start, 'end_char': end, 'sentence_start': s0, 'sentence_end': s1,",
        "       'extractor_version': version, 'rule': rule, 'source': source, 'lang': lang}",
    ]
    for name, (kind, optional, a, b, default) in own.items():
        dkey = f"D_{name}"
        const[dkey] = default
        lines = _check_source(name, kind, optional, a, b, const)
        lines[0] = f"v = attrs.get({name!r}, {dkey})"  # (a required field: _MISSING fails its check)
        if kind == _DICT:
            lines[-1] = "if v is not None: v = dict(v)"
        lines.append(f"rec[{name!r}] = v")
        body += lines
    if rules:
        body += ["try:", *(f"    R{i}(rec)" for i in range(len(rules))), "except Exception:", "    return None"]
    body += [
        "obj = new(cls)",
        "setattr_(obj, '__dict__', rec)",
        "setattr_(obj, '__pydantic_extra__', dict(meta))",
        "setattr_(obj, '__pydantic_fields_set__', set(keys.union(own)))",
        "setattr_(obj, '__pydantic_private__', None)",
        "return obj",
    ]
    source = "def build(kind, start, end, s0, s1, rule, attrs, article, ctx):\n" + \
        "".join(f"    {line}\n" for line in body)
    namespace = {"OWN": frozenset(own), "FIELDS": frozenset(fields), "IGNORED": ignored,
                 "OWN_OR_IGNORED": frozenset(own) | ignored,
                 "ISO_VALID": _ISO_VALID, "valid_iso": _valid_iso, "isfinite": math.isfinite,
                 "new": model.__new__, "cls": model, "setattr_": object.__setattr__, **const,
                 **{f"R{i}": rule for i, rule in enumerate(rules)}}
    exec(compile(source, f"<fact_record {model.__name__}>", "exec"), namespace)
    build = namespace["build"]
    build.source = source
    return build


def fact_builders(ignored: frozenset = frozenset()) -> dict:
    """Fact type -> its model's fact builder (a type whose model has none:
    absent); ``ignored``: attrs that are no record fields (left out)."""
    out = {}
    for kind, model in MODEL_BY_TYPE.items():
        spec = FAST_SPECS[model]
        build = _compile_fact(model, spec, frozenset(ignored)) if spec is not None else None
        if build is not None:
            out[kind] = build
    return out


def validate_record(obj: Any, text: Optional[str] = None):
    """Validate a dict (or a record) as a Record; check offsets against ``text``."""
    if isinstance(obj, BaseModel):
        obj = obj.model_dump()
    return RECORD_ADAPTER.validate_python(obj, context={"text": text} if text is not None else None)


def json_schema() -> dict:
    """The JSON Schema of one output line (what ``extractor schema`` prints)."""
    schema = RECORD_ADAPTER.json_schema()
    for model in schema.get("$defs", {}).values():  # defaults are not optional on output lines
        props = model.get("properties", {})
        if "type" in props and "schema_version" in props:
            model["required"] = ["schema_version", "type"] + [
                k for k in model.get("required", []) if k not in ("schema_version", "type")]
    for sub in schema.get("$defs", {}).values():
        props = sub.get("properties")
        if not props or "start_char" not in props:
            continue
        kind = (props.get("type") or {}).get("const")
        for name, (t, description) in ADDITIVE_FIELDS.items():
            if name.startswith("resolved_") and not (
                    (kind == "date" and name != "resolved_issued_on")
                    or (kind == "document_ref" and name == "resolved_issued_on")):
                continue
            prop = {"type": "string", "description": description}
            if t == "date":
                prop["pattern"] = _ISO_PARTIAL.pattern
            props[name] = prop
    schema["title"] = "extractor record (schema v1)"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
