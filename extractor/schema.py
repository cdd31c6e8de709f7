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
import re
from typing import Annotated, Any, Literal, Optional, Union, get_args

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
        extra = self.__pydantic_extra__
        if extra:
            for name, (kind, _) in ADDITIVE_FIELDS.items():
                value = extra.get(name)
                if value is None:
                    continue
                if not isinstance(value, str):
                    raise ValueError(f"{name} must be a string, not {type(value).__name__}")
                if kind == "date":
                    parse_iso_partial(value)
        return self

    @model_validator(mode="after")
    def _check_offsets(self, info: ValidationInfo) -> "_Base":
        if self.end_char <= self.start_char:
            raise ValueError(f"end_char {self.end_char} <= start_char {self.start_char}")
        if len(self.text) != self.end_char - self.start_char:
            raise ValueError(
                f"len(text)={len(self.text)} does not match end_char-start_char="
                f"{self.end_char - self.start_char}"
            )
        if (self.sentence_start is None) != (self.sentence_end is None):
            raise ValueError("sentence_start and sentence_end go together")
        if self.sentence_start is not None and not (
            self.sentence_start <= self.start_char and self.end_char <= self.sentence_end
        ):
            raise ValueError("the evidence sentence does not contain the mention")
        article = (info.context or {}).get("text") if info is not None else None
        if article is not None:
            if self.end_char > len(article):
                raise ValueError(f"end_char {self.end_char} beyond the text ({len(article)})")
            if article[self.start_char:self.end_char] != self.text:
                raise ValueError(
                    f"text[{self.start_char}:{self.end_char}] is "
                    f"{article[self.start_char:self.end_char]!r}, not {self.text!r}"
                )
            if self.sentence_end is not None and self.sentence_end > len(article):
                raise ValueError("sentence_end beyond the text")
        return self


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
        if self.kind == "point":
            if self.value is None or self.begin is not None or self.end is not None:
                raise ValueError("a point has a value and no begin/end")
        else:
            if self.value is not None or self.begin is None:
                raise ValueError("a range has a begin (and an end or null) and no value")
            if self.end is not None and _bounds(self.begin)[0] > _bounds(self.end)[1]:
                raise ValueError(f"range begins ({self.begin}) after it ends ({self.end})")
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
        if self.kind == "fraction":
            if self.numerator is None or self.denominator is None or self.percent is not None:
                raise ValueError("a fraction has numerator and denominator, no percent")
        elif self.percent is None or self.numerator is not None or self.denominator is not None:
            raise ValueError("a percent has a percent, no numerator/denominator")
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


def validate_record(obj: Any, text: Optional[str] = None):
    """Validate a dict (or a record) as a Record; check offsets against ``text``."""
    if isinstance(obj, BaseModel):
        obj = obj.model_dump()
    return RECORD_ADAPTER.validate_python(obj, context={"text": text} if text is not None else None)


def json_schema() -> dict:
    """The JSON Schema of one output line (what ``extractor schema`` prints)."""
    schema = RECORD_ADAPTER.json_schema()
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
