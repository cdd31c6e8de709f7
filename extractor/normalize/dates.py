"""Dates as parts -> ISO 8601 partial values.

The rules (``extractor.components.dates``) find the span and its parts; this
module turns parts into ``2021-05-31`` / ``2021-05`` / ``2021`` / ``--05-31``
and refuses impossible dates.  ``dateparser`` is the fallback for a span whose
parts the rules could not read (never a search over a whole text), pinned to a
fixed base date so results do not depend on today's date.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from functools import lru_cache
from typing import Optional

# Anything dateparser fills in from "today" would come from here instead.
_FIXED_BASE = _dt.datetime(2000, 1, 1)


def valid_ymd(year: Optional[int], month: Optional[int], day: Optional[int]) -> bool:
    """Whether the parts make a calendar date (partial dates allowed)."""
    if year is not None and not 1000 <= year <= 2999:
        return False
    if month is None:
        return day is None and year is not None
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    last = calendar.monthrange(year if year is not None else 2000, month)[1]
    return 1 <= day <= last


def iso(year: Optional[int], month: Optional[int] = None, day: Optional[int] = None) -> Optional[str]:
    """ISO 8601 partial: 2021-05-31, 2021-05, 2021, or --05-31 without a year."""
    if not valid_ymd(year, month, day):
        return None
    if year is None:
        return f"--{month:02d}-{day:02d}" if day is not None else None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


@lru_cache(maxsize=4096)
def parse_fallback(text: str, languages: tuple[str, ...] = ("en",)) -> Optional[str]:
    """Normalize one date span with dateparser (day-first, fixed base date).

    Returns an ISO partial at the precision the span has, or None."""
    import dateparser  # imported lazily: it is slow to import and rarely needed

    settings = {
        "RELATIVE_BASE": _FIXED_BASE,
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["year"],
        "RETURN_TIME_AS_PERIOD": False,
    }
    parsed = dateparser.date.DateDataParser(languages=list(languages), settings=settings)
    data = parsed.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj
    if data.period == "year":
        return iso(d.year)
    if data.period == "month":
        return iso(d.year, d.month)
    return iso(d.year, d.month, d.day)
