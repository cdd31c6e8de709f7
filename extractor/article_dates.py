"""The article's date makes a yearless date whole (a post-step on records).

A date written without a year ("ngày 30-6", "August 21") is annotated
``--MM-DD`` (ANNOTATION.md) and keeps that ``value``.  When the article's
publication date is known to the day (an HTML page's metadata, a ``.jsonl``
line's ``published``), the record gets ``resolved_value`` (``resolved_begin``
/ ``resolved_end`` for a range; ``resolved_issued_on`` for a document's
date): the same month and day in the year that puts it nearest the
publication date, **when that is clear**: only when the nearest such day is
within ``WINDOW_DAYS`` (120) of the publication date.  Then it is also at
least twice as near as the same day in any other year, so a news report's
"June 30" in an article of July 2 is the June 30 just past, and its
"December 30" in an article of January 5 is the one of the year before;
"March 1" in an article of September 15 (198 days back, 167 ahead) is left
unresolved.  A range's end without a year follows its begin (the first such
day on or after it).  February 29 resolves only to a leap year.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional

WINDOW_DAYS = 120


def _day(iso: str) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(iso) if len(iso) == 10 and iso[4] == "-" else None
    except ValueError:
        return None


def _yearless(value) -> Optional[tuple[int, int]]:
    if isinstance(value, str) and len(value) == 7 and value.startswith("--"):
        try:
            return int(value[2:4]), int(value[5:7])
        except ValueError:
            return None
    return None


def _on(year: int, md: tuple[int, int]) -> Optional[dt.date]:
    try:
        return dt.date(year, *md)
    except ValueError:  # February 29 in a year that has none
        return None


def resolve_day(value: str, published: str) -> Optional[str]:
    """``--MM-DD`` -> ``YYYY-MM-DD`` by the publication date (see the
    module's doc), or None when it is not clear (or not yearless)."""
    md, pub = _yearless(value), _day(published)
    if md is None or pub is None:
        return None
    near = [d for d in (_on(y, md) for y in range(pub.year - 1, pub.year + 2)) if d is not None]
    best = min(near, key=lambda d: abs((d - pub).days), default=None)
    if best is None or abs((best - pub).days) > WINDOW_DAYS:
        return None
    return best.isoformat()


def _after(value: str, begin: str) -> Optional[str]:
    """A yearless range end: the first such day on or after the begin."""
    md, start = _yearless(value), _day(begin)
    if md is None or start is None:
        return None
    for year in range(start.year, start.year + 5):  # Feb 29 waits for a leap year
        d = _on(year, md)
        if d is not None and d >= start:
            return d.isoformat()
    return None


def resolved_fields(rec, published: str) -> dict:
    """The resolved_* fields a record gets (empty when none)."""
    out = {}
    kind = getattr(rec, "type", None)
    if kind == "date":
        if getattr(rec, "kind", None) == "point":
            v = resolve_day(rec.value, published) if _yearless(rec.value) else None
            if v:
                out["resolved_value"] = v
        else:
            begin, end = rec.begin, rec.end
            rb = resolve_day(begin, published) if _yearless(begin) else None
            if rb:
                out["resolved_begin"] = rb
            if _yearless(end):
                anchor = rb or (begin if _day(begin or "") else None)
                re_ = _after(end, anchor) if anchor else None
                if re_:
                    out["resolved_end"] = re_
    elif kind == "document_ref":
        v = resolve_day(rec.issued_on, published) if _yearless(getattr(rec, "issued_on", None)) else None
        if v:
            out["resolved_issued_on"] = v
    return out


def resolve_dates(records: Iterable, published: Optional[str]) -> list:
    """The records, each yearless date given its resolved full date where
    the publication date makes it clear (a new record object; the others as
    they were)."""
    records = list(records)
    if not published or _day(published) is None:
        return records
    out = []
    for rec in records:
        extra = resolved_fields(rec, published)
        out.append(rec.model_copy(update=extra) if extra else rec)
    return out
