"""Facts on a Doc -> validated records (the annotating step).

Each fact becomes the pydantic model of its type, with the evidence
sentence's offsets, the rule that fired, the extractor's version, the
article's source URL and the article's other metadata when known (title,
publication date, site, province, language: ``Article.record_fields``).  A fact that fails validation is a bug in a rule: it
is reported (with the rule's name) and never written.

A record is checked and built once: ``schema.fast_record`` checks the
fact's fields in code and builds the model; pydantic validates in full only
what that path is not sure of, and gives a failing fact's error message.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Optional

from pydantic import ValidationError
from spacy.tokens import Doc

from extractor.version import __version__
from extractor.components.base import Fact, doc_text
from extractor.components.resolve import Sentences
from extractor.schema import MODEL_BY_TYPE, fact_builders, fact_context, fast_record

# Fact attributes that are working state of the rules, not record fields.
INTERNAL_ATTRS = {"code_issuer"}

# fact type -> the function that builds its record straight from the fact
# (schema.fact_builders; the internal attrs left out, as fact_to_dict does)
FACT_BUILDERS = fact_builders(frozenset(INTERNAL_ATTRS))

# Record fields that are offsets into the article text (moved together when
# a long article is processed in parts, see ``shift_record``).
OFFSET_FIELDS = ("start_char", "end_char", "sentence_start", "sentence_end", "refers_to")


@dataclass
class RecordError:
    doc_id: str
    rule: str
    reason: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"record from rule {self.rule} at {self.start}-{self.end} failed validation: {self.reason}"


def fact_to_dict(fact: Fact, text: str, doc_id: str, sentence: Optional[tuple[int, int]],
                 source: Optional[str], lang: Optional[str] = None,
                 article: Optional[dict] = None) -> dict:
    rec = {
        "schema_version": "1",
        "doc_id": doc_id,
        "type": fact.type,
        "text": text[fact.start:fact.end],
        "start_char": fact.start,
        "end_char": fact.end,
    }
    attrs = fact.attrs
    if INTERNAL_ATTRS.isdisjoint(attrs):
        rec.update(attrs)
    else:
        rec.update({k: v for k, v in attrs.items() if k not in INTERNAL_ATTRS})
    if sentence is not None:
        rec["sentence_start"], rec["sentence_end"] = sentence
    rec["rule"] = fact.rule or None
    rec["extractor_version"] = __version__
    rec["source"] = source
    rec["lang"] = lang
    if article:  # the article's metadata (Article.record_fields), only what is known
        rec.update(article)
    return rec


def _sort_key(fact: Fact) -> tuple:
    def num(v):  # a bad offset sorts first and fails validation below
        return v if isinstance(v, int) and not isinstance(v, bool) else -1
    return (num(fact.start), num(fact.end), str(fact.type))


# (start, end, type) of a fact, by C code (a Python key function costs a call a fact)
_plain_key = attrgetter("start", "end", "type")


def _in_order(facts: list) -> list:
    """The facts by offset (``_sort_key``); by a plainer key, which orders
    them the same, when every offset is an int and every type a str."""
    facts = list(facts)
    if all(type(f.start) is int and type(f.end) is int and type(f.type) is str for f in facts):
        return sorted(facts, key=_plain_key)
    return sorted(facts, key=_sort_key)


def fact_to_record(fact: Fact, text: str, doc_id: str, sents: Sentences, source: Optional[str],
                   lang: Optional[str] = None, article: Optional[dict] = None):
    """The validated record of one fact; ValidationError (or another
    exception) when the fact is not a valid record."""
    data = fact_to_dict(fact, text, doc_id, sents.of(fact.start), source, lang, article)
    s0, s1 = data["sentence_start"], data["sentence_end"]
    if not (s0 <= fact.start and fact.end <= s1):
        # a mention that crosses a sentence boundary: give the union
        data["sentence_start"], data["sentence_end"] = min(s0, fact.start), max(s1, fact.end)
    model = MODEL_BY_TYPE.get(fact.type)
    if model is None:
        raise ValueError(f"unknown type {fact.type!r}")
    # checked in code and built once (schema.fast_record); pydantic validates
    # in full only what that path is not sure of, and gives the error message
    record = fast_record(model, data, text)
    return record if record is not None else model.model_validate(data, context={"text": text})


def doc_to_records(doc: Doc, doc_id: str, source: Optional[str] = None, article: Optional[dict] = None):
    """(records, errors) of a processed Doc, records ordered by offset.

    A fact that does not make a valid record (a bug in its rule) is an error
    naming the rule, and the other facts go on."""
    sents = Sentences.of_doc(doc)
    records, errors = [], []
    text = doc_text(doc)
    lang = doc.lang_
    # records straight from the facts (schema.FACT_BUILDERS) where sure,
    # else by the dict (fact_to_record), which gives the errors
    ctx = fact_context(doc_id, __version__, source, lang, article) if type(text) is str else None
    builders = FACT_BUILDERS if ctx is not None else {}
    of = sents.of
    for fact in _in_order(doc._.facts or []):
        kind, start = fact.type, fact.start
        build = builders.get(kind) if type(kind) is str and type(start) is int else None
        if build is not None and type(fact.attrs) is dict:
            s0, s1 = of(start)
            record = build(kind, start, fact.end, s0, s1, fact.rule or None, fact.attrs, text, ctx)
            if record is not None:
                records.append(record)
                continue
        try:
            records.append(fact_to_record(fact, text, doc_id, sents, source, lang, article))
        except ValidationError as e:
            reason = "; ".join(f"{'.'.join(map(str, err['loc'])) or 'record'}: {err['msg']}" for err in e.errors())
            errors.append(RecordError(doc_id, fact.rule, reason, fact.start, fact.end))
        except Exception as e:  # a fact so broken it cannot even be checked
            errors.append(RecordError(doc_id, fact.rule, f"{type(e).__name__}: {e}", fact.start, fact.end))
    return records, errors


def shift_record(record, offset: int):
    """The record with its offsets moved by ``offset`` (a part of a long
    article starts at ``offset`` in the whole text)."""
    if not offset:
        return record
    update = {}
    for name in OFFSET_FIELDS:
        value = getattr(record, name, None)
        if isinstance(value, int) and not isinstance(value, bool):
            update[name] = value + offset
    return record.model_copy(update=update)


def remap_record(record, back: list[int], original: str):
    """The record (found in the NFC form of a text) with its offsets mapped
    into the ``original`` text by ``back``
    (``extractor.normalize.unicode.nfc_with_offsets``) and its ``text``
    taken from there."""
    update = {}
    for name in OFFSET_FIELDS:
        value = getattr(record, name, None)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(back):
            update[name] = back[value]
    s, e = update.get("start_char", record.start_char), update.get("end_char", record.end_char)
    update["text"] = original[s:e]
    return record.model_copy(update=update)
