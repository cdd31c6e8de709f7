"""Dates and periods: calendar dates, months, years used as time, and ranges.

Two passes over the text, both driven by the language table:
1. atoms: "May 31, 2021", "31 May 2021", "31/5/2021", "2024-11-12",
   "April 2021", "October 29", "on 31/5", "2025" (a year used as time);
2. ranges: two atoms joined by "-", "to", "until" ("2020-2025",
   "March 17, 1930 - March 17, 2025", "from May to June 2021"), and an atom
   joined to an open end ("2021 to present").
A range's parts are not also points.  Durations, ordinals and decades never
match (the patterns need a month name, a date separator, or a year standing
alone).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

import regex
from spacy.tokens import Doc

from extractor import lang as lang_tables
from extractor.components.base import Fact, alternation, inside_any, register_finder, url_spans
from extractor.normalize.dates import iso, parse_fallback

YEAR = r"(?:1[89]\d\d|20\d\d|2100)"


class DateFinder:
    """Finds date and period mentions in a text (see the module docstring)."""

    KINDS = ("mdy", "dmy", "num", "isod", "my", "md", "dm", "dmn", "mo", "yy", "y")

    def __init__(self, table: dict):
        self.table = table
        months = table["months"]
        self.months = {k.lower(): v for k, v in months.items()}
        # Month names are capitalized ("May 8"), so "may" the verb never matches.
        month_alt = alternation([m[0].upper() + m[1:] for m in months] + [m.upper() for m in months])
        MONTH = rf"(?P<{{n}}>(?:{month_alt})\.?)"
        DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
        B = r"(?<![\w./,-])"  # left boundary
        E = r"(?![\w]|[./-]\d|,\d{3})"  # right boundary

        def g(pattern: str, n: str) -> str:
            return pattern.replace("{n}", n)

        pct = alternation(table["percent_words"])  # "by 7.8 percent" is not a date
        parts = [
            # May 31, 2021 / May 31 2021
            rf"{B}(?P<mdy>{g(MONTH, 'mdy_m')}\s+{g(DAY, 'mdy_d')},?\s+(?P<mdy_y>{YEAR})){E}",
            # 31 May 2021 / 31st of May, 2021
            rf"{B}(?P<dmy>{g(DAY, 'dmy_d')}\s+(?:of\s+)?{g(MONTH, 'dmy_m')},?\s+(?P<dmy_y>{YEAR})){E}",
            # 31/5/2021, 31-5-2021, 31.5.2021 (day first)
            rf"{B}(?P<num>(?P<num_d>[0-3]?\d)(?P<sep>[/.-])(?P<num_m>[01]?\d)(?P=sep)(?P<num_y>{YEAR})){E}",
            # 2024-11-12 (ISO)
            rf"{B}(?P<isod>(?P<isod_y>{YEAR})-(?P<isod_m>[01]\d)-(?P<isod_d>[0-3]\d)){E}",
            # April 2021 / April, 2021
            rf"{B}(?P<my>{g(MONTH, 'my_m')},?\s+(?P<my_y>{YEAR})){E}",
            # October 29 (no year)
            rf"{B}(?P<md>{g(MONTH, 'md_m')}\s+{g(DAY, 'md_d')})(?![\w]|,?\s+{YEAR}|[./-]\d|,\d)",
            # 29 October (no year)
            rf"{B}(?P<dm>{g(DAY, 'dm_d')}\s+(?:of\s+)?{g(MONTH, 'dm_m')})(?![\w]|,?\s+{YEAR})",
            # on 31/5 (day/month after a date preposition; else it is a fraction)
            rf"(?i:\b(?:{alternation(table['day_month_prepositions'])})\s+)"
            rf"(?P<dmn>(?P<dmn_d>[0-3]?\d)[/.](?P<dmn_m>[01]?\d))(?![\w/%]|[.,]\d|\s?(?:{pct}))",
            # a month alone, only as the start of a range ("May to June 2021")
            rf"{B}(?P<mo>{g(MONTH, 'mo_m')})(?=\s*(?:-|–|to|until)\s*(?:{month_alt})\.?,?\s+{YEAR})",
            # a school or fiscal year "2020/2021" (consecutive years)
            rf"{B}(?P<yy>(?P<yy_a>{YEAR})/(?P<yy_b>{YEAR})){E}",
            # a bare year (filtered by context below); "-" may stand before
            # it as the second year of "2020-2025"
            rf"(?<![\w./,])(?P<y>{YEAR})(?![\w%]|[/]\d|[.,]\d)",
        ]
        self.atom_re = regex.compile("|".join(parts))
        # The same alternatives one by one, for ``_atom_matches``.  "(?=\d)"
        # before an optional first digit changes no match (a digit comes
        # first either way) but lets the regex engine skip to digits.
        self.atom_parts = [regex.compile(p.replace(r"[0-3]?\d", r"(?=\d)[0-3]?\d")) for p in parts]
        joiners = alternation(table["range_joiners"])
        self.joiner_re = regex.compile(rf"\s*(?:{joiners})\s*", regex.I)
        self.open_end_re = regex.compile(
            rf"\s+(?:to|until|till)\s+(?P<open>{alternation(table['open_ends'])})\b", regex.I
        )
        self.two_digit_end_re = regex.compile(r"-(\d\d)(?!\d|\w)")
        self.between_re = regex.compile(r"\bbetween\s+$", regex.I)
        self.year_preceders = regex.compile(
            rf"(?i:\b(?:{alternation(table['year_preceders'])})\s+(?:the\s+)?$)"
        )
        self.year_followers = {w.lower() for w in table["year_followers"]}
        self.stop_words = {w.lower() for w in table["unit_stop_words"]}
        self.next_word_re = regex.compile(r"\s+([A-Za-z][\w'-]*)")
        self.phone_after = regex.compile(r"[ .]\d{3,}")
        self.year_pair_before = regex.compile(rf"{YEAR}\s*[-–]\s*$")
        self.year_pair_after = regex.compile(rf"\s*[-–]\s*{YEAR}(?!\d)")

    # -- atoms -------------------------------------------------------------
    def _month(self, name: str) -> int:
        return self.months[name.rstrip(".").lower()]

    def _atom(self, m: regex.Match, text: str) -> Optional[tuple[int, int, tuple]]:
        """(start, end, (y, m, d)) of one atom, or None when it is not a date."""
        gd = m.groupdict()
        kind = next(k for k in self.KINDS if gd.get(k) is not None)
        s, e = m.span(kind)
        if kind == "mdy":
            ymd = (int(gd["mdy_y"]), self._month(gd["mdy_m"]), int(gd["mdy_d"]))
        elif kind == "dmy":
            ymd = (int(gd["dmy_y"]), self._month(gd["dmy_m"]), int(gd["dmy_d"]))
        elif kind == "num":
            ymd = (int(gd["num_y"]), int(gd["num_m"]), int(gd["num_d"]))
        elif kind == "isod":
            ymd = (int(gd["isod_y"]), int(gd["isod_m"]), int(gd["isod_d"]))
        elif kind == "my":
            ymd = (int(gd["my_y"]), self._month(gd["my_m"]), None)
        elif kind == "md":
            ymd = (None, self._month(gd["md_m"]), int(gd["md_d"]))
        elif kind == "dm":
            ymd = (None, self._month(gd["dm_m"]), int(gd["dm_d"]))
        elif kind == "mo":
            ymd = (None, self._month(gd["mo_m"]), None)
        elif kind == "yy":
            a, b = int(gd["yy_a"]), int(gd["yy_b"])
            if b != a + 1:
                return None  # not a school year: leave it to the other rules
            return s, e, ("range", a, b)
        elif kind == "dmn":
            ymd = (None, int(gd["dmn_m"]), int(gd["dmn_d"]))
        else:
            ymd = (int(gd["y"]), None, None)
            if not self._year_is_time(text, s, e):
                return None
        if kind == "mo":
            return s, e, ymd  # only ever used as a range's begin
        if iso(*ymd) is None:
            # The parts are impossible ("31/2/2021"); let dateparser have a
            # look at the span before giving up on it.
            value = parse_fallback(text[s:e])
            if value is None:
                return None
        return s, e, ymd

    def _year_is_time(self, text: str, s: int, e: int) -> bool:
        """A bare 4-digit number is a year unless it counts something
        ("2000 delegates")."""
        if self.phone_after.match(text, e):
            return False  # "hotline 1900 1234"
        if self.year_preceders.search(text, max(0, s - 30), s):
            return True
        if self.year_pair_before.search(text, max(0, s - 8), s) or self.year_pair_after.match(text, e):
            return True  # one end of "2025-2030"
        nxt = self.next_word_re.match(text, e)
        if nxt is None:
            return True
        word = nxt.group(1)
        if word.lower() in self.year_followers or word.lower() in self.stop_words:
            return True
        # A lowercase noun right after the number: a count, not a year.
        return not word[0].islower()

    def _atom_matches(self, text: str):
        """The matches of ``atom_re.finditer(text)``, found about ten times
        faster: each alternative is searched on its own (an engine scans for
        one alternative's first characters quickly, for their union it tries
        every position) and the leftmost match wins, the first alternative
        on a tie, as in the union."""
        rxs = self.atom_parts
        nxt = [rx.search(text) for rx in rxs]
        pos = 0
        while True:
            best = None
            for i, m in enumerate(nxt):
                if m is not None and m.start() < pos:
                    m = nxt[i] = rxs[i].search(text, pos)
                if m is not None and (best is None or m.start() < best.start()):
                    best = m
            if best is None:
                return
            if best.end() == best.start():  # an empty match: leave it to finditer
                yield from self.atom_re.finditer(text, best.start())
                return
            yield best
            pos = best.end()

    def atoms(self, text: str) -> list[tuple[int, int, tuple]]:
        out = []
        for m in self._atom_matches(text):
            a = self._atom(m, text)
            if a is not None:
                out.append(a)
        return out

    # -- ranges ------------------------------------------------------------
    def find(self, text: str, doc: Optional[Doc] = None) -> list[Fact]:
        urls = url_spans(text)
        atoms = [a for a in self.atoms(text) if not inside_any(a[0], a[1], urls)]
        facts: list[Fact] = []
        i = 0
        while i < len(atoms):
            s, e, ymd = atoms[i]
            if ymd[0] == "range":
                facts.append(Fact("date", s, e, {"kind": "range", "value": None, "begin": iso(ymd[1]),
                                                 "end": iso(ymd[2])}, "dates:year_pair"))
                i += 1
                continue
            nxt = atoms[i + 1] if i + 1 < len(atoms) else None
            joined = None
            if nxt is not None:
                j = self.joiner_re.fullmatch(text, e, nxt[0])
                between = self.between_re.search(text, max(0, s - 12), s)
                if between and regex.fullmatch(r"\s+and\s+", text[e:nxt[0]]):
                    j = True
                if j:
                    joined = self._range(ymd, nxt[2])
            if joined is not None:
                begin, end = joined
                facts.append(Fact("date", s, nxt[1], {"kind": "range", "value": None,
                                                      "begin": begin, "end": end}, "dates:range"))
                i += 2
                continue
            # 2020-25: a year range with a two-digit end
            if ymd[1] is None:
                m2 = self.two_digit_end_re.match(text, e)
                if m2:
                    end_year = ymd[0] // 100 * 100 + int(m2.group(1))
                    if end_year > ymd[0]:
                        facts.append(Fact("date", s, m2.end(), {
                            "kind": "range", "value": None, "begin": iso(ymd[0]),
                            "end": iso(end_year)}, "dates:range_short"))
                        i += 1
                        continue
            m_open = self.open_end_re.match(text, e)
            if m_open:
                facts.append(Fact("date", s, m_open.end(), {
                    "kind": "range", "value": None, "begin": self._iso(ymd, text, s, e),
                    "end": None}, "dates:open_range"))
                i += 1
                continue
            facts.append(Fact("date", s, e, {"kind": "point", "value": self._iso(ymd, text, s, e),
                                             "begin": None, "end": None}, "dates:point"))
            i += 1
        return [f for f in facts if f.attrs.get("value") or f.attrs.get("begin")]

    def _iso(self, ymd: tuple, text: str, s: int, e: int) -> Optional[str]:
        return iso(*ymd) or parse_fallback(text[s:e])

    def _range(self, a: tuple, b: tuple) -> Optional[tuple[str, str]]:
        """Begin and end ISO values of two joined atoms, or None when they do
        not make a range (the end before the begin, mixed precision that
        cannot be read)."""
        ay, am, ad = a
        by, bm, bd = b
        if ay is None and by is not None:
            ay = by  # "May to June 2021", "17 - 20 March 2021"
        if ay is None or by is None:
            return None
        begin, end = iso(ay, am, ad), iso(by, bm, bd)
        if begin is None or end is None:
            return None
        if (ay, am or 0, ad or 0) > (by, bm or 99, bd or 99):
            return None
        if am is None and bm is None and by - ay > 100:
            return None
        return begin, end


@lru_cache(maxsize=None)
def finder_for(lang: str) -> DateFinder:
    return DateFinder(lang_tables.load(lang))


register_finder("extractor_dates", finder_for)
