"""Dates as parts -> ISO 8601 partial values.

The rules (``extractor.components.dates``) find the span and its parts; this
module turns parts into ``2021-05-31`` / ``2021-05`` / ``2021`` / ``--05-31``
and refuses impossible dates.  Nothing here depends on today's date.

(There was a ``dateparser`` fallback for spans whose parts the rules could not
read.  Measured, it did one job: reading "04/14/2031" month first when the
day-first reading is impossible; the component now does that itself
(``DateFinder._atom``).  Its Vietnamese data was measured too, as a finder
and as a reader of spans: README.md, "Dates in Vietnamese".)
"""

from __future__ import annotations

import calendar
from typing import Optional


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
