"""Helpers of the per-dimension rule tests (tests/components/test_*.py).

Each test module is a table of (sentence, expected records).  The expected
values come from /work/shared/ANNOTATION.md, never from running the
extractor.  ``check(text, expected)`` asserts that

* every expected record is extracted exactly once: one record of that
  ``type`` with the same span text at the same start offset, whose listed
  fields are equal (floats to 1e-6);
* no other record of the four fact types (document_ref, date, count,
  ratio) is extracted, so every row pins its negatives too.

Entity records (location/organization/person) and fields an expected dict
does not list (subject, location, rule, sentence_*, ...) are ignored.

An expected dict holds ``type``, ``text`` and the key fields to compare.
Special keys (not compared):

* ``text`` may be a tuple of acceptable spans when the guideline allows
  more than one (e.g. "the end of 2023" or "2023");
* ``occurrence``: which occurrence of ``text`` in the sentence (0-based,
  default 0);
* ``after``: a string written immediately before the span, to locate it
  (``{"text": "24", "after": "31 and "}``).
"""

from __future__ import annotations

import math

import pytest

from extractor.pipeline import extract_text

FACT_TYPES = ("document_ref", "date", "count", "ratio")
SPECIAL = {"type", "text", "occurrence", "after"}


def extract(text: str, lang: str = "en") -> list[dict]:
    """The records of ``text`` (read by the ``lang`` pipeline) as plain dicts."""
    return [r.model_dump() for r in extract_text(text, "t", lang=lang)]


def offset_of(text: str, span: str, occurrence: int = 0, after: str | None = None) -> int:
    """Start offset of ``span`` in ``text`` (see the module docstring)."""
    if after is not None:
        return text.index(after + span) + len(after)
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.index(span, pos + 1)  # ValueError: a broken test row
    return pos


def _equal(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, abs_tol=1e-6)
    return a == b


def _brief(r: dict) -> str:
    keys = {"document_ref": ("doc_type", "number", "year", "symbol", "issuer", "issued_on", "title"),
            "date": ("kind", "value", "begin", "end"),
            "count": ("value", "qualifier", "unit"),
            "ratio": ("kind", "numerator", "denominator", "percent", "qualifier")}[r["type"]]
    fields = ", ".join(f"{k}={r.get(k)!r}" for k in keys)
    return f"{r['type']} {r['text']!r}@{r['start_char']} ({fields})"


def check(text: str, expected: list[dict], lang: str = "en") -> None:
    got = [r for r in extract(text, lang) if r["type"] in FACT_TYPES]
    used: set[int] = set()
    problems: list[str] = []
    for exp in expected:
        assert exp["type"] in FACT_TYPES, f"bad expected type in test row: {exp}"
        spans = exp["text"] if isinstance(exp["text"], tuple) else (exp["text"],)
        wanted = set()
        for span in spans:
            assert span in text, f"test row bug: {span!r} not in the sentence"
            wanted.add((span, offset_of(text, span, exp.get("occurrence", 0), exp.get("after"))))
        hits = [i for i, r in enumerate(got)
                if r["type"] == exp["type"] and (r["text"], r["start_char"]) in wanted]
        if len(hits) != 1:
            problems.append(f"expected one {exp['type']} {spans} at {sorted(o for _, o in wanted)}, "
                            f"got {len(hits)}")
            continue
        i = hits[0]
        used.add(i)
        for key, value in exp.items():
            if key in SPECIAL:
                continue
            if not _equal(got[i].get(key), value):
                problems.append(f"{exp['type']} {got[i]['text']!r}: {key} is {got[i].get(key)!r}, "
                                f"expected {value!r}")
    for i, r in enumerate(got):
        if i not in used:
            problems.append(f"unexpected {_brief(r)}")
    if problems:
        lines = "\n  ".join(problems)
        found = "\n  ".join(_brief(r) for r in got) or "(none)"
        pytest.fail(f"{text!r}\n  {lines}\nextracted:\n  {found}", pytrace=False)


def gap(reason: str):
    """Marks for a row that the extractor gets wrong (a known gap)."""
    return pytest.mark.xfail(strict=True, reason=reason)


def row(id: str, text: str, expected: list[dict], xfail: str | None = None):
    """One table row: a sentence and all its expected records; ``xfail``
    names a known gap (a strict xfail, see KNOWN_GAPS.md)."""
    return pytest.param(text, expected, id=id, marks=[gap(xfail)] if xfail else [])


# -- expected records (one constructor per record shape, shared by every table) --

def point(text, value, **kw):
    """An expected date record, kind point."""
    return {"type": "date", "text": text, "kind": "point", "value": value, **kw}


date = point


def rng(text, begin, end, **kw):
    """An expected date record, kind range."""
    return {"type": "date", "text": text, "kind": "range", "begin": begin, "end": end, **kw}


def count(text, value, qualifier="exact", unit=None, **kw):
    """An expected count record (``unit`` compared only when given)."""
    rec = {"type": "count", "text": text, "value": value, "qualifier": qualifier, **kw}
    if unit is not None:
        rec["unit"] = unit
    return rec


def frac(text, num, den, qualifier="exact", **kw):
    """An expected ratio record, kind fraction (no percent unless given)."""
    return {"type": "ratio", "text": text, "kind": "fraction", "numerator": num, "denominator": den,
            "percent": None, "qualifier": qualifier, **kw}


def pct(text, value, qualifier="exact", **kw):
    """An expected ratio record, kind percent."""
    return {"type": "ratio", "text": text, "kind": "percent", "percent": value, "numerator": None,
            "denominator": None, "qualifier": qualifier, **kw}


def doc(text, doc_type, number, **fields):
    """An expected document_ref record."""
    return {"type": "document_ref", "text": text, "doc_type": doc_type, "number": number, **fields}
