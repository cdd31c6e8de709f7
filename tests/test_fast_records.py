"""The fast path of records (``schema.fast_record``) and of JSON lines
(``jsonl.record_line`` by orjson) against pydantic's full validation and
dump: random valid and invalid field values, missing fields and extras.

The fast path may decline (None: the caller validates in full); when it
builds a record, full validation must accept the same dict and build an
equal record (same fields, extras, fields set, same JSON line).  So the
pipeline (fast path, else full validation) accepts exactly what full
validation accepts.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from extractor.components.base import Fact
from extractor.components.resolve import Sentences
from extractor.jsonl import _fast_line, record_line
from extractor.records import FACT_BUILDERS, fact_to_dict, fact_to_record
from extractor.schema import (ADDITIVE_FIELDS, DOC_TYPES, FAST_BUILDERS, ISSUERS, MODEL_BY_TYPE, fact_context,
                              fast_record)

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ARTICLE = "On 30/6/2021 the City Party Committee issued Resolution 04-NQ/TU: 168/177 (94.92%) cadres."
SENT = (0, len(ARTICLE))


class S(str):
    pass


class I(int):
    pass


# Values a field may get: valid ones of every kind, near misses, other types.
ANY = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.integers(1899, 2101), st.just(2 ** 70),
    st.floats(allow_nan=True, allow_infinity=True), st.just(-0.0), st.just(3.0),
    st.text(max_size=6), st.sampled_from(["", "x", "1", "2", "2021", "2021-06", "2021-06-30", "--06-30",
                                          "--02-29", "2021-02-29", "2021-13-01", "2021\n", "21-06-30",
                                          "point", "range", "fraction", "percent", "exact", "province",
                                          "city", "central", "about", "resolution", "Politburo",
                                          "document_ref", "date", "count", "ratio", "location"]),
    st.sampled_from(DOC_TYPES + ISSUERS), st.builds(S, st.sampled_from(["point", "x", "2021"])),
    st.builds(I, st.integers(0, 5)), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just({1: 2}), st.lists(st.integers(), max_size=2), st.just((1, 2)),
)


def base(kind: str) -> dict:
    """A valid dict of each record type (mentions in ARTICLE)."""
    common = {"schema_version": "1", "doc_id": "d"}

    def span(s):
        i = ARTICLE.index(s)
        return {"text": s, "start_char": i, "end_char": i + len(s), "sentence_start": 0,
                "sentence_end": len(ARTICLE)}
    rest = {
        "document_ref": {**span("Resolution 04-NQ/TU"), "doc_type": "resolution", "number": "04",
                         "symbol": "NQ/TU", "issuer": "City Party Committee", "year": 2021},
        "date": {**span("30/6/2021"), "kind": "point", "value": "2021-06-30"},
        "count": {**span("168"), "value": 168, "unit": "cadres", "checks": {"sum": True}},
        "ratio": {**span("94.92%"), "kind": "percent", "percent": 94.92},
        "location": {**span("City"), "name": "Hanoi", "kind": "city"},
        "organization": {**span("City Party Committee"), "name": "City Party Committee"},
        "person": {**span("Resolution"), "name": "Nguyen Van A", "title": "Secretary"},
    }[kind]
    return {**common, "type": kind, **rest, "rule": "r:x", "extractor_version": "0", "source": None,
            "lang": "en"}


@st.composite
def record_dicts(draw):
    kind = draw(st.sampled_from(sorted(MODEL_BY_TYPE)))
    data = base(kind)
    model = MODEL_BY_TYPE[kind]
    names = sorted(set(model.model_fields) | set(data) | set(ADDITIVE_FIELDS)
                   | {"extra_field", "_private", "model_x"})
    for name in draw(st.lists(st.sampled_from(names), max_size=4, unique=True)):
        action = draw(st.sampled_from(["set", "set", "drop"]))
        if action == "drop":
            data.pop(name, None)
        else:
            data[name] = draw(ANY)
    if draw(st.booleans()):  # offsets that may or may not fit the article
        start = draw(st.integers(-1, len(ARTICLE) + 1))
        end = draw(st.integers(-1, len(ARTICLE) + 2))
        data.update(start_char=start, end_char=end, text=ARTICLE[max(start, 0):max(end, 0)]
                    if draw(st.booleans()) else draw(st.text(max_size=3)))
    if draw(st.booleans()):
        data.update(sentence_start=draw(st.sampled_from([None, 0, 5, -1])),
                    sentence_end=draw(st.sampled_from([None, 10, len(ARTICLE), len(ARTICLE) + 1])))
    if kind == "date" and draw(st.booleans()):
        data.update(kind="range", value=None, begin=draw(st.sampled_from(["2021", "2021-06-30", "--06-30"])),
                    end=draw(st.sampled_from([None, "2020", "2022-01", "--01-01", "--07-01"])))
    if kind == "ratio" and draw(st.booleans()):
        data.update(kind="fraction", percent=None, numerator=draw(st.sampled_from([168, -1, None])),
                    denominator=draw(st.sampled_from([177, 0, None])))
    for name in draw(st.lists(st.sampled_from(sorted(ADDITIVE_FIELDS)), max_size=2)):
        data[name] = draw(st.sampled_from(["2021-07-02", "--07-02", "2021-02-30", "Hanoi", 5, None]))
    return model, data


def full(model, data):
    try:
        return model.model_validate(data, context={"text": ARTICLE})
    except ValidationError:
        return None


def same_record(a, b) -> None:
    assert type(a) is type(b)
    assert a.__dict__ == b.__dict__ and list(a.__dict__) == list(b.__dict__)
    assert a.__pydantic_extra__ == b.__pydantic_extra__
    assert list(a.__pydantic_extra__) == list(b.__pydantic_extra__)
    assert a.__pydantic_fields_set__ == b.__pydantic_fields_set__
    assert a == b
    assert a.model_dump_json() == b.model_dump_json()
    assert record_line(a) == record_line(b)


def test_every_model_has_a_fast_path():
    assert set(FAST_BUILDERS) == set(MODEL_BY_TYPE.values())


@pytest.mark.parametrize("kind", sorted(MODEL_BY_TYPE))
def test_valid_records_take_the_fast_path(kind):
    model = MODEL_BY_TYPE[kind]
    data = base(kind)
    fast = fast_record(model, data, ARTICLE)
    assert fast is not None
    same_record(fast, model.model_validate(data, context={"text": ARTICLE}))


@SETTINGS
@given(record_dicts())
def test_fast_path_accepts_only_what_validation_accepts(case):
    model, data = case
    expected = full(model, data)
    fast = fast_record(model, data, ARTICLE)
    if fast is not None:
        assert expected is not None, f"fast path accepted what validation refuses: {data}"
        same_record(fast, expected)
    if expected is not None and all(type(v) in (str, int, float, type(None), dict)
                                    and type(v) is not bool for v in data.values()):
        # plain values of the right types: the fast path must not give up on them
        if fast is None:
            exact = all(_exact(model, k, v) for k, v in data.items())
            assert not exact, f"fast path declined a valid record of exact types: {data}"


def _exact(model, name, value) -> bool:
    """Whether ``value`` is of the exact type of field ``name`` (no coercion)."""
    field = model.model_fields.get(name)
    if name.startswith(("_", "model_")):
        return False
    if field is None or value is None:
        return not isinstance(value, dict) or all(type(k) is str for k in value)
    ann = str(field.annotation)
    if "float" in ann:
        return type(value) is float
    if "int" in ann:
        return type(value) is int
    if "dict" in ann:
        return type(value) is dict and all(type(k) is str for k in value)
    return type(value) is str


@SETTINGS
@given(record_dicts())
def test_pipeline_path_equals_full_validation(case):
    """fact_to_record (fast path, else full validation) against full
    validation of the same dict: same record, or both an error."""
    model, data = case
    kind = data.get("type")
    start, end = data.get("start_char"), data.get("end_char")
    attrs = {k: v for k, v in data.items() if k not in (
        "schema_version", "doc_id", "type", "text", "start_char", "end_char", "sentence_start",
        "sentence_end", "rule", "extractor_version", "source", "lang")}
    if not (type(start) is int and type(end) is int and 0 <= start <= end <= len(ARTICLE)) \
            or not isinstance(kind, str):
        return
    fact = Fact(kind, start, end, attrs, "r:x")
    sents = Sentences.from_bounds([SENT])
    reference = fact_to_dict(fact, ARTICLE, "d", SENT, None, "en")
    expected = full(MODEL_BY_TYPE[kind], reference) if kind in MODEL_BY_TYPE else None
    try:
        got = fact_to_record(fact, ARTICLE, "d", sents, None, "en")
    except (ValidationError, ValueError):
        got = None
    if expected is None:
        assert got is None
    else:
        same_record(got, expected)


# -- JSON lines: orjson against pydantic ------------------------------------------
FLOATS = st.floats(allow_nan=True, allow_infinity=True)
JSONISH = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-2 ** 70, 2 ** 70), FLOATS,
                                 st.text()),
                       lambda inner: st.one_of(st.lists(inner, max_size=3),
                                               st.dictionaries(st.text(max_size=4), inner, max_size=3)),
                       max_leaves=8)


@SETTINGS
@given(text=st.text(min_size=1, max_size=20), percent=st.one_of(FLOATS, st.integers(0, 10 ** 20)),
       checks=st.dictionaries(st.text(max_size=4), JSONISH, max_size=3), extra=JSONISH,
       number=st.one_of(st.integers(-2 ** 70, 2 ** 70), st.booleans(), FLOATS))
def test_json_line_same_bytes_as_pydantic(text, percent, checks, extra, number):
    import warnings

    records = [
        MODEL_BY_TYPE["ratio"].model_construct(
            doc_id="d", text=text, start_char=0, end_char=len(text), kind="percent", percent=percent,
            checks=checks, note=extra, rule=text),
        MODEL_BY_TYPE["count"].model_construct(
            doc_id=text, text=text, start_char=0, end_char=len(text), value=number, unit=text,
            article_title=text),
    ]
    for rec in records:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydantic warns of a value not of its field's type
            try:
                expected = rec.model_dump_json() + "\n"
            except ValueError:
                expected = None
            line = _fast_line(rec)
            if line is not None:
                assert line == expected
            if expected is not None:
                assert record_line(rec) == expected


def test_json_line_of_the_extracted_records(tmp_path):
    from extractor.pipeline import extract_text

    text = ("Resolution No. 04-NQ/TU dated 5/5/2020 of the Hanoi City Party Committee: 168/177 "
            "(94.92%) cadres, about 200 people; ngày 31/5/2021 “Quảng Ninh”\u2028 \\ \"x\".")
    records = extract_text(text, "doc")
    assert records
    for rec in records:
        assert _fast_line(rec) is not None
        assert record_line(rec) == rec.model_dump_json() + "\n"


# -- records straight from facts (records.FACT_BUILDERS) ---------------------------
HEAD = ("schema_version", "doc_id", "type", "text", "start_char", "end_char", "sentence_start",
        "sentence_end", "rule", "extractor_version", "source", "lang")


def _by_dict(fact, doc_id, sentence, source, lang, article):
    """What the dict path gives: full validation of fact_to_dict (with the
    sentence's union with the mention, as fact_to_record makes it), or None."""
    data = fact_to_dict(fact, ARTICLE, doc_id, sentence, source, lang, article)
    s0, s1 = data["sentence_start"], data["sentence_end"]
    try:
        if not (s0 <= fact.start and fact.end <= s1):
            data["sentence_start"], data["sentence_end"] = min(s0, fact.start), max(s1, fact.end)
    except TypeError:
        return None
    return full(MODEL_BY_TYPE[fact.type], data)


def _by_builder(fact, doc_id, sentence, source, lang, article):
    ctx = fact_context(doc_id, "0.1.0", source, lang, article)
    if ctx is None or type(fact.type) is not str:  # (as records.doc_to_records asks)
        return None
    return FACT_BUILDERS[fact.type](fact.type, fact.start, fact.end, sentence[0], sentence[1],
                                    fact.rule or None, fact.attrs, ARTICLE, ctx)


def test_every_type_has_a_fact_builder():
    assert set(FACT_BUILDERS) == set(MODEL_BY_TYPE)


@pytest.mark.parametrize("kind", sorted(MODEL_BY_TYPE))
@pytest.mark.parametrize("article", [None, {"article_title": "T", "published": "2021-07-02"}])
def test_valid_facts_take_the_builder(kind, article):
    data = base(kind)
    attrs = {k: v for k, v in data.items() if k not in HEAD}
    fact = Fact(kind, data["start_char"], data["end_char"], {**attrs, "code_issuer": "x"}, "r:x")
    got = _by_builder(fact, "d", SENT, None, "en", article)
    assert got is not None
    same_record(got, _by_dict(fact, "d", SENT, None, "en", article))


# (what the builder declines, the dict path decides): fact, doc_id, article
_ORG = base("organization")
_DECLINED = [
    (Fact("organization", _ORG["start_char"], _ORG["end_char"], {"name": "x", "text": "City"}), "d", None),
    (Fact("organization", _ORG["start_char"], _ORG["end_char"], {"name": "x", "other": 1}), "d", None),
    (Fact("organization", _ORG["start_char"], _ORG["end_char"], {"name": ""}), "d", None),
    (Fact("organization", _ORG["start_char"], _ORG["end_char"], {"name": S("x")}), "d", None),
    (Fact("organization", _ORG["start_char"], _ORG["start_char"], {"name": "x"}), "d", None),
    (Fact("organization", -1, 3, {"name": "x"}), "d", None),
    (Fact("organization", 3, len(ARTICLE) + 1, {"name": "x"}), "d", None),
    (Fact("organization", True, 3, {"name": "x"}), "d", None),
    (Fact("organization", _ORG["start_char"], _ORG["end_char"], {"name": "x"}), "", None),
    (Fact("organization", _ORG["start_char"], _ORG["end_char"], {"name": "x"}), "d", {"name": "y"}),
    (Fact("organization", _ORG["start_char"], _ORG["end_char"], {"name": "x"}), "d", {"published": "2021-02-30"}),
    (Fact("organization", _ORG["start_char"], _ORG["end_char"], {"name": "x"}), "d", {"_x": "y"}),
    (Fact("date", 3, 12, {"kind": "point", "value": "2021-06-30", "begin": "2021"}), "d", None),
    (Fact("ratio", 3, 12, {"kind": "percent", "percent": 5}), "d", None),
]


@pytest.mark.parametrize("fact, doc_id, article", _DECLINED)
def test_fact_builder_declines(fact, doc_id, article):
    assert _by_builder(fact, doc_id, SENT, None, "en", article) is None


@st.composite
def article_values(draw):
    """(doc_id, source, lang, rule, article metadata): valid ones, with at
    most one of them spoiled."""
    values = {"doc_id": "d", "source": draw(st.sampled_from([None, "src"])), "lang": "en",
              "rule": draw(st.sampled_from(["r:x", "", None])),
              "article": draw(st.sampled_from([None, {}, {"article_title": "T"},
                                               {"published": "--07-02", "site": "s"}]))}
    spoil = draw(st.sampled_from([None, None, None, None, "doc_id", "source", "lang", "rule", "article"]))
    if spoil is not None:
        values[spoil] = draw(st.sampled_from({
            "doc_id": ["", None, S("d")], "source": [5, S("s")], "lang": [3, S("en")], "rule": [7, S("r")],
            "article": [{"published": "2021-02-30"}, {"name": "N"}, {"_p": "x"}, {"site": 5},
                        {"model_x": "y"}]}[spoil]))
    return values


@st.composite
def near_valid(draw):
    """A valid dict of a record type with at most one of its own fields
    changed (or dropped)."""
    kind = draw(st.sampled_from(sorted(MODEL_BY_TYPE)))
    data = base(kind)
    own = sorted(set(MODEL_BY_TYPE[kind].model_fields) - set(HEAD))
    name = draw(st.sampled_from([None, None] + own))
    if name is not None:
        if draw(st.booleans()):
            data[name] = draw(ANY)
        else:
            data.pop(name, None)
    return MODEL_BY_TYPE[kind], data


_BUILT = []  # how many examples the builder built (the test must reach it)


@SETTINGS
@given(st.one_of(record_dicts(), near_valid()), st.sampled_from([SENT, SENT, (0, 10), (5, 20), (-1, 10), (-1, 90),
                                        (0, len(ARTICLE) + 1), (0.0, 10), (0, 10.0)]),
       article_values(), st.booleans())
def test_fact_builder_equals_full_validation(case, sentence, values, internal):
    """A record built straight from a fact is the one full validation builds
    of fact_to_dict's dict; the builder accepts nothing that validation refuses."""
    model, data = case
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in MODEL_BY_TYPE:
        return
    attrs = {k: v for k, v in data.items() if k not in HEAD or k == "text" and data.get(k) != base(kind)["text"]}
    if internal:
        attrs["code_issuer"] = "x"
    fact = Fact(kind, data.get("start_char"), data.get("end_char"), attrs, values["rule"])
    args = (values["doc_id"], sentence, values["source"], values["lang"], values["article"])
    got = _by_builder(fact, *args)
    if got is not None:
        _BUILT.append(1)
        expected = _by_dict(fact, *args)
        assert expected is not None, f"the builder accepted what validation refuses: {fact} {args}"
        same_record(got, expected)


def test_the_builder_test_builds():
    _BUILT.clear()
    test_fact_builder_equals_full_validation()
    assert len(_BUILT) >= 15


# -- the order of records ------------------------------------------------------------
@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["date", "count", "ratio", S("date")]),
                          st.one_of(st.integers(-1, 4), st.booleans(), st.just(1.5), st.none()),
                          st.one_of(st.integers(0, 5), st.booleans())), max_size=8))
def test_records_order_is_the_offset_order(rows):
    """_in_order (a C key when every offset is an int and every type a str)
    orders the facts as _sort_key does, ties kept in their order."""
    from extractor.records import _in_order, _sort_key
    facts = [Fact(t, s, e, {"i": i}) for i, (t, s, e) in enumerate(rows)]
    try:
        want = sorted(facts, key=_sort_key)
    except TypeError:
        return
    assert [f.attrs["i"] for f in _in_order(facts)] == [f.attrs["i"] for f in want]
