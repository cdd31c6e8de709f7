"""Dates and periods: calendar dates, months, years used as time, and ranges.

The patterns are data: ``extractor/lang/<code>/dates.yaml`` lists the atom
patterns (regex templates with named groups ``d``, ``m``, ``y`` and, for a
range written as one piece, ``d2``, ``m2``, ``y2``; placeholders such as
``{DAY}``, ``{YEAR}``, ``{B}``, ``{E}`` from ``date_fragments``, ``{MONTH}``
for the language's month names, ``{@key}`` for a word list of the table),
in priority order, and the templates of the range and context rules
(``date_rules``).  This module only runs them:

1. atoms: each pattern is searched on its own and the leftmost match wins
   (the first pattern on a tie); a match is read by what its pattern
   ``makes``: a ``date`` (any of day, month, year), a ``year`` (a bare
   4-digit number, kept only when the words around it make it time), a
   ``year_pair`` (a school year "2020/2021"), a ``range`` ("1-3/6/2020"), a
   ``range_begin`` (a month that only begins a range, "May to June 2021");
2. ranges: two atoms joined by a joiner ("2020-2025", "từ ngày 15/3 đến
   ngày 20/4/2024"), "between A and B", a two-digit end ("2020-25"), and an
   atom joined to an open end ("2021 to present", "2006 đến nay");
3. furniture: a date right after a page widget's words ("Hôm nay, ngày ..."),
   and a page-served header (see ``_served_headers``) are dropped.

A range's parts are not also points.  Durations, ordinals and decades never
match (the patterns need a month, a date separator, or a year standing
alone).  No language is named here: words and patterns come from the
tables, the few grammar rules from ``extractor.lang.<code>.grammar``.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Optional

import regex
from spacy.tokens import Doc

from extractor import lang as lang_tables
from extractor.components.base import Fact, alternation, matches_at, register_finder
from extractor.components.index import DocIndex, doc_index, minimal_words, text_index
from extractor.normalize.dates import iso

_NEWLINE_RE = regex.compile("\n")
_ASCII_DIGITS = "0123456789"

# {NAME} (capitals) or {@key}; not a property class such as \p{Lu}
_PLACEHOLDER = regex.compile(r"(?<!\\[pP])\{(@[A-Za-z_]\w*|[A-Z][A-Z0-9_]*)\}")
_NEVER = "(?!)"  # an empty word list matches nothing


class Templates:
    """Expands a language's regex templates (``{NAME}`` fragments,
    ``{@key}`` word lists) and compiles them, naming the table file on a
    bad template."""

    def __init__(self, table: dict, computed: dict[str, str], where: str):
        self.table = table
        self.fragments = dict(table["date_fragments"])
        self.computed = computed
        self.where = where

    def expand(self, template: str, what: str, depth: int = 0) -> str:
        if depth > 10:
            raise lang_tables.TableError(f"{self.where}: {what}: fragments refer to each other in a loop")

        def sub(m: regex.Match) -> str:
            name = m.group(1)
            if name.startswith("@"):
                words = self.table.get(name[1:])
                if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                    raise lang_tables.TableError(f"{self.where}: {what}: {{{name}}} names no word list")
                return f"(?:{alternation(words)})" if words else _NEVER
            if name in self.computed:
                return self.computed[name]
            if name in self.fragments:
                return self.expand(self.fragments[name], what, depth + 1)
            raise lang_tables.TableError(f"{self.where}: {what}: unknown placeholder {{{name}}}")

        return _PLACEHOLDER.sub(sub, template)

    def compile(self, template: str, what: str, flags: int = 0) -> regex.Pattern:
        try:
            return regex.compile(self.expand(template, what), flags)
        except regex.error as e:
            raise lang_tables.TableError(f"{self.where}: {what}: bad pattern: {e}") from None


class DateFinder:
    """Finds date and period mentions in a text (see the module docstring)."""

    MAKES = ("date", "year", "year_pair", "range", "range_begin")
    # A pattern with ``digits`` is tried at its digit runs instead of searched
    # (one with ``anchor_then_digits`` looks for its words before them, not in
    # the whole text) when the text has at least this many characters per
    # ASCII digit (counted without a scan in Python; either way gives the same
    # matches): a try at a run costs about as much as searching ~100
    # characters, and a run has two or three digits.
    CHARS_PER_DIGIT = 40

    def __init__(self, table: dict, grammar, where: str = "dates.yaml"):
        self.table = table
        self.grammar = grammar
        months = table["months"]
        self.months = {k.lower(): v for k, v in months.items()}
        forms = [f for m in months for f in grammar.month_name_forms(m)]
        t = Templates(table, {"MONTH": f"(?:{alternation(forms)})" if forms else _NEVER}, where)
        self.patterns = []
        self.anchors: list[Optional[frozenset]] = []
        # per pattern: its anchor words are written exactly (case-sensitive), not in any case
        self.anchor_exact: list[bool] = []
        self._exact_res: dict[frozenset, re.Pattern] = {}
        # per pattern: the lengths of the digit runs where its matches start (None: not said)
        self.digit_lengths: list[Optional[frozenset]] = []
        # per pattern: every match is an anchor word, white space, then a digit run of
        # these lengths (``anchor_then_digits``; None: not said)
        self.then_digits: list[Optional[frozenset]] = []
        for p in table["date_patterns"]:
            if p["makes"] not in self.MAKES:
                raise lang_tables.TableError(f"{where}: pattern {p['name']!r}: makes {p['makes']!r} "
                                             f"is not one of {', '.join(self.MAKES)}")
            rx = t.compile(p["pattern"], f"pattern {p['name']!r}")
            self.patterns.append((rx, p["makes"], "span" in rx.groupindex))
            case = p.get("anchor_case", "any")
            if case not in ("any", "exact"):
                raise lang_tables.TableError(f"{where}: pattern {p['name']!r}: anchor_case {case!r} "
                                             f"is not one of any, exact")
            exact = case == "exact" and p.get("anchor") is not None
            words = self._anchor(p.get("anchor"), forms, f"{where}: pattern {p['name']!r}", exact)
            self.anchors.append(words)
            self.anchor_exact.append(exact)
            digits = p.get("digits")
            if digits is not None and (not digits or not all(isinstance(n, int) and n > 0 for n in digits)):
                raise lang_tables.TableError(f"{where}: pattern {p['name']!r}: digits {digits!r} "
                                             f"is not a list of run lengths")
            self.digit_lengths.append(frozenset(digits) if digits else None)
            then = p.get("anchor_then_digits")
            if then is not None and (not then or not all(isinstance(n, int) and n > 0 for n in then)
                                     or words is None or exact
                                     or any(not w or w[-1].isspace() or regex.match(r"\s", w[-1])
                                            for w in words)):
                raise lang_tables.TableError(f"{where}: pattern {p['name']!r}: anchor_then_digits "
                                             f"{then!r} needs run lengths and anchor words (any case) "
                                             f"that end with no white space")
            self.then_digits.append(frozenset(then) if then else None)
            if exact and words not in self._exact_res:
                # the words that no other starts: an occurrence of any word starts with one
                # of them (stdlib ``re``: a case-sensitive literal alternation is quick there)
                self._exact_res[words] = re.compile("|".join(re.escape(w) for w in minimal_words(words)))
        self.atom_parts = [p[0] for p in self.patterns]
        r = table["date_rules"]
        self.joiner_re = t.compile(r["joiner"], "date_rules.joiner", regex.I)
        self.open_end_re = t.compile(r["open_end"], "date_rules.open_end", regex.I)
        self.pair_before_re = t.compile(r["pair_before"], "date_rules.pair_before", regex.I)
        self.pair_inner_re = t.compile(r["pair_inner"], "date_rules.pair_inner")
        self.year_before_re = t.compile(r["year_before"], "date_rules.year_before")
        self.decade_before_re = t.compile(r["decade_before"], "date_rules.decade_before")
        # The "before" rules end at the date ("$" at the window's end): whether one
        # matches in the window is asked of their reverse form, which tries the
        # window's end first instead of every start in it (the same answer).
        self.year_before_back = t.compile(r["year_before"], "date_rules.year_before", regex.REVERSE)
        self.decade_before_back = t.compile(r["decade_before"], "date_rules.decade_before", regex.REVERSE)
        self.next_word_re = t.compile(r["next_word"], "date_rules.next_word")
        self.furniture_before_re = t.compile(r["furniture_before"], "date_rules.furniture_before")
        self.furniture_before_back = t.compile(r["furniture_before"], "date_rules.furniture_before",
                                               regex.REVERSE)
        self.stamp_before_re = t.compile(r["stamp_before"], "date_rules.stamp_before")
        self.stamp_after_re = t.compile(r["stamp_after"], "date_rules.stamp_after")
        self.clock_re = t.compile(r["clock"], "date_rules.clock")
        self.related_box_re = t.compile(r["related_box"], "date_rules.related_box")
        # a multi-line pattern that starts with "^" matches at line starts only
        self.related_box_at_lines = self.related_box_re.pattern.startswith(("(?im)^", "(?mi)^", "(?m)^"))
        self.year_followers = {w.lower() for w in table["year_followers"]}
        self.stop_words = {w.lower() for w in table["unit_stop_words"]}
        YEAR = t.expand("{YEAR}", "date_fragments.YEAR")
        self.two_digit_end_re = regex.compile(r"-(\d\d)(?!\d|\w)")
        self.phone_after = regex.compile(r"[ .]\d{3,}")
        self.year_pair_before = regex.compile(rf"{YEAR}\s*[-–]\s*$")
        self.year_pair_after = regex.compile(rf"\s*[-–]\s*{YEAR}(?!\d)")

    def _anchor(self, anchor, month_forms, what: str, exact: bool = False) -> Optional[frozenset]:
        """The words a pattern's matches start with, from its ``anchor``
        (lowercase; as written when ``exact``); None: the pattern has none
        (it is searched for)."""
        if anchor is None:
            return None
        case = (lambda w: w) if exact else str.lower
        words = set()
        for a in anchor:
            if a == "{MONTH}":
                words.update(case(f) for f in month_forms)
            elif a.startswith("@"):
                listed = self.table.get(a[1:])
                if not isinstance(listed, list) or not all(isinstance(w, str) for w in listed):
                    raise lang_tables.TableError(f"{what}: anchor {a} names no word list")
                if exact and not all(listed):
                    raise lang_tables.TableError(f"{what}: an empty anchor word in {a}")
                words.update(case(w) for w in listed)
            elif a:
                words.add(case(a))
            else:
                raise lang_tables.TableError(f"{what}: an empty anchor")
        return frozenset(words)

    def _exact_occurrences(self, text: str, words: frozenset) -> list[int]:
        """Sorted offsets where one of ``words`` occurs in ``text`` as written
        (overlapping ones too: the search goes on after each start)."""
        rx = self._exact_res[words]
        out = []
        m = rx.search(text)
        while m is not None:
            out.append(m.start())
            m = rx.search(text, m.start() + 1)
        return out

    def _candidates(self, ix: DocIndex) -> list[Optional[list[int]]]:
        """Per pattern, the sorted offsets where its matches can start (None:
        anywhere)."""
        # None from ``occurrences``: the text cannot be searched by its lowercase
        out: list[Optional[list[int]]] = []
        exact: dict[frozenset, list[int]] = {}
        text = ix.text
        use_runs = sum(map(text.count, _ASCII_DIGITS)) * self.CHARS_PER_DIGIT <= len(text)
        before: dict[tuple, Optional[list[int]]] = {}
        for words, is_exact, lengths, then in zip(self.anchors, self.anchor_exact, self.digit_lengths,
                                                  self.then_digits):
            if words is None:
                # a pattern whose matches start at digit runs of known lengths is
                # tried there when digits are few for the text's length (the same
                # matches, anchored: a match starts at the first digit of such a
                # run, by the table; a test checks it)
                out.append(ix.digit_runs_of(lengths) if use_runs and lengths is not None else None)
            elif is_exact:
                got = exact.get(words)
                if got is None:
                    got = exact[words] = self._exact_occurrences(ix.text, words)
                out.append(got)
            elif then is not None and use_runs:
                # the words found right before the white space that ends at a
                # digit run of the lengths (when digits are few for the text's
                # length), instead of everywhere: the same starts for this
                # pattern (its match is word, white space, run; a test checks it)
                key = (words, then)
                if key not in before:
                    before[key] = ix.occurrences_before_space(words, ix.digit_runs_of(then))
                got = before[key]
                out.append(got if got is not None else ix.occurrences(words))
            else:
                out.append(ix.occurrences(words))
        return out

    # -- atoms -------------------------------------------------------------
    def _month(self, name: Optional[str]) -> Optional[int]:
        if name is None:
            return None
        if name.isdigit():
            return int(name)
        return self.months[name.rstrip(".").lower()]

    @staticmethod
    def _int(s: Optional[str]) -> Optional[int]:
        return None if s is None else int(s)

    def _atom(self, m: regex.Match, makes: str, has_span: bool, text: str) -> Optional[tuple[int, int, tuple]]:
        """(start, end, value) of one atom, or None when it is not a date.
        The value is (y, m, d), or ("range", begin, end, rule)."""
        g = m.groupdict()
        s, e = m.span("span") if has_span else m.span()
        if makes == "year":
            y = int(g["y"])
            return (s, e, (y, None, None)) if self._year_is_time(text, s, e, y) else None
        if makes == "year_pair":
            a, b = int(g["y"]), int(g["y2"])
            if b != a + 1:
                return None  # not a school year: leave it to the other rules
            return s, e, ("range", iso(a), iso(b), "dates:year_pair")
        ymd = (self._int(g.get("y")), self._month(g.get("m")), self._int(g.get("d")))
        if makes == "range_begin":
            return s, e, ymd  # only ever used as a range's begin
        if makes == "range":
            end = (self._int(g.get("y2")), self._month(g.get("m2")), self._int(g.get("d2")))
            begin = tuple(a if a is not None else b for a, b in zip(ymd, end))
            joined = self._range(begin, end)
            return None if joined is None else (s, e, ("range", joined[0], joined[1], "dates:range"))
        if iso(*ymd) is None:
            # Impossible as written ("31/2/2021"); a numeric date with a year
            # may be month first ("04/14/2031").
            y, mo, d = ymd
            if y is None or d is None or not (g.get("m") or "").isdigit() or iso(y, d, mo) is None:
                return None
            ymd = (y, d, mo)
        return s, e, ymd

    def _year_is_time(self, text: str, s: int, e: int, year: int) -> bool:
        """A bare 4-digit number is a year unless it counts something
        ("2000 delegates", "2025 đảng viên") or names a decade."""
        if self.phone_after.match(text, e):
            return False  # "hotline 1900 1234"
        if year % 10 == 0 and self.decade_before_back.search(text, max(0, s - 30), s) \
                and not self.year_pair_after.match(text, e):
            return False  # "những năm 1970" (the 1970s)
        if self.year_before_back.search(text, max(0, s - 30), s):
            return True
        if self.year_pair_before.search(text, max(0, s - 8), s) or self.year_pair_after.match(text, e):
            return True  # one end of "2025-2030"
        nxt = self.next_word_re.match(text, e)
        if nxt is None:
            return True
        word = nxt.group(1)
        if word.lower() in self.year_followers or word.lower() in self.stop_words:
            return True
        return not self.grammar.counted_after_number(word)

    def _atom_matches(self, text: str, ix: Optional[DocIndex] = None):
        """Each pattern is searched on its own (an engine scans for one
        alternative's first characters quickly, for their union it tries
        every position: about ten times slower) and the leftmost match wins,
        the first pattern on a tie; then the search goes on after it.  With
        the text's index, a pattern with an ``anchor`` is only tried where
        its matches can start (the same matches, anchored).  Yields (match,
        pattern index)."""
        rxs = self.atom_parts
        cands = self._candidates(ix) if ix is not None else [None] * len(rxs)

        def search(i: int, pos: int):
            c = cands[i]
            if c is None:
                return rxs[i].search(text, pos)
            rx = rxs[i]
            for k in range(bisect.bisect_left(c, pos), len(c)):
                m = rx.match(text, c[k])
                if m is not None:
                    return m
            return None

        nxt = [search(i, 0) for i in range(len(rxs))]
        pos = 0
        while True:
            best, bi = None, -1
            for i, m in enumerate(nxt):
                if m is not None and m.start() < pos:
                    m = nxt[i] = search(i, pos)
                if m is not None and (best is None or m.start() < best.start()):
                    best, bi = m, i
            if best is None:
                return
            if best.end() == best.start():  # an empty match is no atom
                nxt[bi] = search(bi, best.start() + 1)
                continue
            yield best, bi
            pos = best.end()

    def union_regex(self) -> regex.Pattern:
        """The patterns as one regex (their union, pattern i's groups renamed
        ``p<i>_<name>``): what ``_atom_matches`` must find, slower (a test
        checks that they agree)."""
        parts = []
        for i, rx in enumerate(self.atom_parts):
            parts.append(regex.sub(r"\(\?P([<=])(\w+)", lambda m: f"(?P{m.group(1)}p{i}_{m.group(2)}",
                                   rx.pattern))
        return regex.compile("|".join(f"(?P<p{i}_>{p})" for i, p in enumerate(parts)))

    def atoms(self, text: str, ix: Optional[DocIndex] = None) -> list[tuple[int, int, tuple]]:
        """The atoms of ``text``; with its index, anchored patterns are
        tried at their candidates only (the same atoms)."""
        out = []
        for m, i in self._atom_matches(text, ix):
            _, makes, has_span = self.patterns[i]
            a = self._atom(m, makes, has_span, text)
            if a is not None:
                out.append(a)
        return out

    # -- ranges ------------------------------------------------------------
    def find(self, text: str, doc: Optional[Doc] = None) -> list[Fact]:
        """Date facts of ``text`` (read through its Doc's shared index when
        given)."""
        ix = doc_index(doc) if doc is not None else text_index(text)
        atoms = [a for a in self.atoms(text, ix) if not ix.in_url(a[0], a[1])]
        facts: list[Fact] = []
        i = 0
        while i < len(atoms):
            s, e, ymd = atoms[i]
            if ymd[0] == "range":
                facts.append(Fact("date", s, e, {"kind": "range", "value": None, "begin": ymd[1],
                                                 "end": ymd[2]}, ymd[3]))
                i += 1
                continue
            nxt = atoms[i + 1] if i + 1 < len(atoms) else None
            joined = None
            if nxt is not None and nxt[2][0] != "range":
                j = self.joiner_re.fullmatch(text, e, nxt[0])
                if not j and self.pair_before_re.search(text, max(0, s - 12), s) \
                        and self.pair_inner_re.fullmatch(text, e, nxt[0]):
                    j = True  # "between 2020 and 2025"
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
                    "kind": "range", "value": None, "begin": iso(*ymd),
                    "end": None}, "dates:open_range"))
                i += 1
                continue
            facts.append(Fact("date", s, e, {"kind": "point", "value": iso(*ymd),
                                             "begin": None, "end": None}, "dates:point"))
            i += 1
        facts = [f for f in facts if f.attrs.get("value") or f.attrs.get("begin")]
        drop = self._furniture(text, facts, ix)
        return [f for f in facts if f.start not in drop] if drop else facts

    def _range(self, a: tuple, b: tuple) -> Optional[tuple[str, str]]:
        """Begin and end ISO values of two joined atoms, or None when they do
        not make a range (the end before the begin, mixed precision that
        cannot be read)."""
        if a[0] == "range" or b[0] == "range":
            return None
        ay, am, ad = a
        by, bm, bd = b
        if ay is None and by is not None:
            ay = by  # "May to June 2021", "17 - 20 March 2021", "6/8- 28/10/2019"
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

    # -- furniture ---------------------------------------------------------
    def _furniture(self, text: str, facts: list[Fact], ix: Optional[DocIndex] = None) -> set[int]:
        """Starts of the date facts that are page furniture: a widget's date
        ("Hôm nay, ngày 20/5/2024"), the served-page header, and the dates of
        a related-news box (a heading line such as "Tin cùng chuyên mục" and
        the teasers after it, to the end of the text)."""
        drop = set()
        box = None
        if facts:
            if ix is not None and self.related_box_at_lines:
                box = next(matches_at(self.related_box_re, text, ix.line_starts), None)
            else:
                box = self.related_box_re.search(text)
        for f in facts:
            if box is not None and f.start >= box.end():
                drop.add(f.start)
            elif self.furniture_before_back.search(text, max(0, f.start - 30), f.start):
                drop.add(f.start)
        return drop | self._served_headers(text, facts)

    def _served_headers(self, text: str, facts: list[Fact]) -> set[int]:
        """A stamp is a line holding only a date with a clock time (maybe a
        weekday word before it, a time zone): "Thứ 6, 29/05/2020 |
        16:38:15", "25/09/2021 07:55 GMT+7".  A page shows the article's
        posting stamp and, on some sites, a header stamp of when the page was
        served ("Thứ 7, 04/05/2024, 20:21[GMT+7]" over a 2020 article).  When
        an article has more than one stamp, the posting stamp is the last,
        the ones above it are served-page headers (not annotated).  A lone
        stamp is kept: it is the posting stamp."""
        stamps = []
        newlines: Optional[list[int]] = None  # where the lines end: a bisection per date, not a scan
        for f in facts:
            if f.attrs.get("kind") != "point":
                continue
            if newlines is None:
                newlines = [m.start() for m in _NEWLINE_RE.finditer(text)]
            i = bisect.bisect_left(newlines, f.start)  # the newlines before the date
            line_start = newlines[i - 1] + 1 if i else 0
            j = bisect.bisect_left(newlines, f.end, i)  # the first newline from its end on
            line_end = newlines[j] if j < len(newlines) else len(text)
            if self.stamp_after_re.fullmatch(text, f.end, line_end) \
                    and self.stamp_before_re.fullmatch(text, line_start, f.start) \
                    and (self.clock_re.search(text, f.end, line_end)
                         or self.clock_re.search(text, line_start, f.start)):
                stamps.append(f.start)
        return set(stamps[:-1])


@lru_cache(maxsize=None)
def finder_for(lang: str) -> DateFinder:
    return DateFinder(lang_tables.load(lang), lang_tables.grammar(lang),
                      str(lang_tables.LANG_DIR / lang / "dates.yaml"))


make_dates = register_finder("extractor_dates", finder_for)
