"""Article metadata from ``.jsonl`` fields and HTML pages -> Article fields.

``published`` is read in the common forms news sites and scrapers write and
kept as ISO 8601 (``2024-06-30``; ``2024-06`` or ``2024`` when that is all
it says).  Day-first is the reading of ``30/6/2024`` (as Vietnamese sites
write it); a time and a zone after the date are ignored (the date is the
one written, not moved to another zone).
"""

from __future__ import annotations

import calendar
from typing import Any, Optional

import regex

# .jsonl keys for each Article field, the first present wins
KEYS = {
    "title": ("title", "headline"),
    "published": ("published", "published_at", "publish_date", "date_published", "datePublished",
                  "pubdate", "date"),
    "site": ("site", "sitename", "site_name"),
    "province": ("province",),
    "lang": ("lang", "language"),
    "source": ("url", "source", "link"),
}

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))

_WEEKDAY = (r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)"
            r"|chủ\s+nhật|cn|t[2-7])\s*,?\s*")
_CLOCK = r"\d{1,2}[:h]\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?"
_TIME = rf"(?:[T\s,|-]*{_CLOCK})?"
_ZONE = r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|\(?\s*(?:GMT|UTC)\s*[+-]?\s*\d{0,2}(?::?\d{2})?\s*\)?|ICT))?"

_FORMS = [
    # 2024-06-30, 2024-06-30T08:15:00+07:00, 2024/06/30 08:15, 2024.06.30
    ("ymd", regex.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")),
    # 2024-06, 2024
    ("ym", regex.compile(r"(?P<y>\d{4})-(?P<m>\d{2})")),
    ("y", regex.compile(r"(?P<y>\d{4})")),
    # 30/6/2024, 30-06-2024, 30.06.2024 (day first)
    ("dmy", regex.compile(r"(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})")),
    # June 30, 2024; Jun 30 2024
    ("mdy", regex.compile(rf"(?P<mn>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})", regex.I)),
    # 30 June 2024
    ("dmy_name", regex.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mn>{_MONTH})\.?,?\s+(?P<y>\d{{4}})", regex.I)),
    # ngày 30 tháng 6 năm 2024; 30 tháng 6, 2024
    ("vi", regex.compile(r"(?:ngày\s+)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*(?:năm|,)?\s+(?P<y>\d{4})", regex.I)),
]
_FULL = {name: regex.compile(rf"^\s*(?:{_WEEKDAY}|{_CLOCK}\s*[,|-]?\s*)*{rx.pattern}{_TIME}{_ZONE}\s*$",
                             rx.flags | regex.I)
         for name, rx in _FORMS}

FORMS_HELP = ("2024-06-30 (with a time and zone or not), 30/06/2024, 30-6-2024, 30.06.2024, "
              "June 30, 2024, 30 June 2024, ngày 30 tháng 6 năm 2024, 2024-06, 2024")


def parse_published(value: str) -> str:
    """ISO 8601 of a publication date in a common form; ValueError when it
    is none of them or not a calendar date."""
    s = value.strip()
    if len(s) > 200:
        raise ValueError("too long for a date")
    for name, _ in _FORMS:
        m = _FULL[name].match(s)
        if not m:
            continue
        y = int(m.group("y"))
        if not 1800 <= y <= 2200:
            raise ValueError(f"year {y} out of range")
        if name == "y":
            return f"{y:04d}"
        mo = MONTHS[m.group("mn").lower()] if "mn" in m.groupdict() and m.group("mn") else int(m.group("m"))
        if not 1 <= mo <= 12:
            raise ValueError(f"month {mo} out of range")
        if name == "ym":
            return f"{y:04d}-{mo:02d}"
        d = int(m.group("d"))
        if not 1 <= d <= calendar.monthrange(y, mo)[1]:
            raise ValueError(f"day {d} out of range for {y:04d}-{mo:02d}")
        return f"{y:04d}-{mo:02d}-{d:02d}"
    raise ValueError("not a date in a form this reader knows")


def fields_of(obj: dict[str, Any]) -> tuple[dict[str, Optional[str]], Optional[str]]:
    """(Article fields, the problem) from a .jsonl object: a field present
    but not a string, or a ``published`` that is not a date, is a problem
    (the line is an error saying so)."""
    out: dict[str, Optional[str]] = {}
    for attr, keys in KEYS.items():
        key = next((k for k in keys if obj.get(k) not in (None, "")), None)
        if key is None:
            continue
        value = obj[key]
        if not isinstance(value, str):
            if attr == "source":  # kept as before: a URL that is not a string is not the source
                continue
            return out, f"\"{key}\" is {type(value).__name__}, not a string"
        value = value.strip()
        if attr == "published":
            try:
                value = parse_published(value)
            except ValueError as e:
                return out, (f"\"{key}\" {obj[key]!r}: {e}; write it as one of: {FORMS_HELP}")
        out[attr] = value
    return out, None
