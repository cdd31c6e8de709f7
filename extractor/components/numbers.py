"""Counts and ratios.

Ratios: fractions ("12/13", "1,004 out of 1,007") and percentages ("94.92%",
"72 percent", the two ends of "60-70%").
Counts: a number (digits or a spelled-out word from two up) that quantifies
a noun ("2,580 cadres", "five breakthroughs"), with its qualifier ("more
than", "about") and unit (the counted noun phrase).  A number with no noun
after it is a count only as a part of a breakdown ("(including 131 at the
city level ...)" takes the whole's unit) or after "the number of X ... to be".

Numbers that are not counts are refused here when the refusal needs only
the words around them (durations, ages, money, labels such as "Article 3",
ordinals, decimals); numbers inside documents, dates and ratios are removed
by the priority in ``extractor.components.resolve``.

Language-neutral: every word and phrase comes from the language's
``numbers.yaml`` (``extractor.lang``), and what is grammar (how number words
combine, word forms such as a plural or a verb, whether a comma list is one
unit, breakdown parts written "label number") from its ``grammar.py``
(``extractor.lang.interface.INTERFACE_NUMBERS``).
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import Optional

import regex
from spacy.tokens import Doc

from extractor import lang as lang_tables
from extractor.components.base import DisjointSpans, Fact, alternation, match_near, matches_at, register_finder
from extractor.components.index import _CASE_FLAGS, DocIndex, _all_cases, _search_plan, doc_index, text_index
from extractor.normalize.numbers import parse_digits, parse_number



def __getattr__(name: str):
    # Kept for older importers (context/measures.py): the irregular plurals
    # are grammar now, ``extractor.lang.grammar(code).IRREGULAR_PLURALS``.
    if name == "IRREGULAR_PLURALS":
        from extractor.langid import DEFAULT
        return lang_tables.grammar(DEFAULT).IRREGULAR_PLURALS
    raise AttributeError(name)


def phrases(words) -> str:
    """A regex alternation of words and phrases (longest first), the spaces
    of a phrase matching any whitespace ("out of" matches "out\\nof")."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(regex.escape(p) for p in w.split()) for w in items)


def starts_with_any(unit: str, first: str, single: frozenset, multi: dict) -> bool:
    """Whether ``unit`` (lowercase, ``first`` its first word) starts with one
    of the words (``single``) or phrases (``multi``, by their first word)."""
    return first in single or any(unit == p or unit.startswith(p + " ") for p in multi.get(first, ()))


def split_words(words) -> tuple[frozenset, dict]:
    """Words and phrases, lowercase: the words, and the phrases by their first word."""
    low = [w.lower() for w in words]
    multi: dict[str, tuple] = {}
    for w in low:
        if " " in w:
            multi[w.split(" ")[0]] = multi.get(w.split(" ")[0], ()) + (w,)
    return frozenset(w for w in low if " " not in w), multi


# How far back "the number of X ... to be N" is looked for (a sentence longer
# than this is read from this many characters before the number).
SENTENCE_LOOKBACK = 2000
_ONLY_SPACE_RE = regex.compile(r"\s*\Z")
_DIGIT_RE = regex.compile(r"\d")
_LIST_MARK_RE = regex.compile(r"[.)]\s")
_LIST_MARKS = (".", ")")  # what _LIST_MARK_RE starts with
_BREAKDOWN_MARKS = "(,;:"  # the marks before a breakdown's part (``breakdown_re``)
_DIGIT_BEFORE_RE = regex.compile(r"\d\s*$")
_COMMA_RE = regex.compile(r"\s*,")
_NUMBER_CHAR_RE = regex.compile(r"[\w.,/:\-–]")  # what may not stand before a number
_SPACE_CHAR_RE = regex.compile(r"\s")


class _Ends(tuple):
    """A gate's phrases, and the same by their last character:
    ``str.endswith`` with a tuple tries each phrase in turn (dozens of
    label words), ``ends_with`` only those ending with the window's last
    character."""

    def __new__(cls, items):
        self = super().__new__(cls, items)
        by: dict[str, tuple] = {}
        for w in self:
            if w:
                by[w[-1]] = by.get(w[-1], ()) + (w,)
        self.by_last = None if "" in self else by  # ("" ends every window)
        return self


def ends_with(s: str, ends: tuple, lo: int, e: int) -> bool:
    """``s.endswith(ends, lo, e)`` (``lo <= e``)."""
    by = ends.by_last if isinstance(ends, _Ends) else None
    if by is None:
        return s.endswith(ends, lo, e)
    if e <= lo:
        return False
    some = by.get(s[e - 1])
    return some is not None and s.endswith(some, lo, e)


def _context_free_lower(words) -> bool:
    """Whether ``str.lower`` lowercases every case of the words' letters
    (as ``regex``'s ignore-case matching knows them) alike after a letter
    and alone: the lowercase text then reads as its characters would."""
    if _all_cases is None:
        return False
    cases = {chr(d) for c in set("".join(words)) for d in _all_cases(_CASE_FLAGS, ord(c))}
    return all(("a" + d).lower()[1:] == d.lower() for d in cases)


class NumberFinder:
    def __init__(self, table: dict):
        self.table = table
        self.grammar = g = lang_tables.grammar(table["language"])
        nums = table["numbers"]
        self.tsep, self.dsep = nums["thousands_sep"], nums["decimal_sep"]
        self.pct_digits_re = regex.compile(rf"[\d{regex.escape(self.tsep)}{regex.escape(self.dsep)}]+")
        self.words = dict(nums["words"])
        self.multipliers = dict(nums["multipliers"])
        self.one_words = frozenset(w.lower() for w in table["one_words"])
        self.parse_words = lambda s: g.parse_number_words(s, self.words)
        ts, ds = regex.escape(self.tsep), regex.escape(self.dsep)
        DIG = rf"(?:\d{{1,3}}(?:{ts}\d{{3}})+(?!\d)|\d+)"
        NUM = rf"{DIG}(?:{ds}\d+)?"
        B = r"(?<![\w.,/:\-–])"
        pct = alternation(table["percent_words"])
        self.percent_words = tuple(set(table["percent_words"]))
        PCT = rf"\s?(?:{pct})(?!\w)"
        # percent ranges first: "60-70%" (the first end spanned by its number)
        prj = "".join(f"|{p}" for p in phrases(table["percent_range_joiners"]).split("|") if p)
        self.pct_range_re = regex.compile(
            rf"{B}(?P<a>{NUM})\s?(?:-|–{prj})\s?(?P<b>{NUM}{PCT})"
        )
        # "62%/50%": a percent may follow another percent's slash
        self.pct_re = regex.compile(rf"(?<![\w.,\-–]|[^%]/)(?P<a>{NUM}{PCT})")
        self.frac_re = regex.compile(
            rf"{B}(?P<n>{DIG})\s?/\s?(?P<d>{DIG})(?![\w/%]|[.,]\d|\s?(?:{pct}))"
        )
        # Percents and fractions are matched where they can start (``_ratio_starts``):
        # at the start of the run of digits and separators that ends right
        # (or one white space) before a percent word or a "/" (or before a
        # percent range's joiner before such a run).  A number starts a run:
        # inside one, the left boundaries refuse the separator or digit
        # before it.  Not when a separator is not refused there, a joiner
        # has a space or ends with a number's character: the texts are scanned.
        self.number_run_re = regex.compile(rf"[\d{ts}{ds}]*", regex.REVERSE)
        self.range_joiners = ("-", "–") + tuple(table["percent_range_joiners"])
        self.ratio_anchored = (
            all(len(c) == 1 and regex.fullmatch(r"[\w.,\-–]", c) for c in (self.tsep, self.dsep))
            and all(self.percent_words) and all(j and j == "".join(j.split())
                                                and not regex.fullmatch(rf"[\d{ts}{ds}]", j[-1])
                                                for j in self.range_joiners))
        word_alt = alternation(self.words)
        wpat = table["word_number_pattern"]
        wnum = wpat.replace("{last}", alternation(list(self.words) + sorted(self.one_words))).replace(
            "{w}", word_alt)
        self.fraction_words = [w.lower() for w in table["fraction_words"]]
        self.out_of_re = None
        if self.fraction_words:
            fillers = phrases(table["fraction_fillers"])
            self.out_of_re = regex.compile(
                rf"(?<![\w.,/:\-–])(?P<n>{DIG}|{wnum})\s+(?:{phrases(self.fraction_words)})\s+"
                rf"(?:(?:{fillers})\s+)?"
                rf"(?P<d>{DIG}|{wnum})(?![\w%]|[.,]\d)",
                regex.I,
            )
        # "N out of M" is tried only where its number can start (see
        # ``_out_of_starts``): when a number is one run of the characters of
        # the pattern's left boundary class (digits and separators; a number
        # in words of letters and hyphens, no space)
        self.fraction_firsts = frozenset(w.split()[0] for w in self.fraction_words)
        self.out_of_anchored = bool(
            self.fraction_firsts and _NUMBER_CHAR_RE.fullmatch(self.tsep)
            and not regex.search(r"[^\w|()?:\\\-]|\\[sS]", wnum))
        self.frac_block_re = None
        if table["fraction_not_after"]:
            self.frac_block_re = regex.compile(
                rf"(?i:(?<!\w)(?:{phrases(table['fraction_not_after'])})\s*)$")
        mult = alternation(self.multipliers)
        self.count_re = regex.compile(
            rf"{B}(?P<n>{NUM}(?:\s(?:{mult})(?!\w))?)(?![\w%/]|[.,:]\d|\s?(?:{pct})|-\d)"
        )
        assert self.count_re.groupindex == {"n": 1}  # (counts reads the group by number)
        self.word_set = frozenset(self.words)
        wcount = wpat.replace("{last}", word_alt).replace("{w}", word_alt)
        self.word_count_re = regex.compile(rf"(?<![\w-])(?P<n>{wcount})(?![\w-])", regex.I)
        self.ambiguous = {w.lower(): (frozenset(x.lower() for x in f["before"]),
                                      frozenset(x.lower() for x in f["after"]))
                          for w, f in table["ambiguous_words"].items()}
        self.word_before_re = regex.compile(r"([^\W\d_]+)\s+$")
        self.compound_only = frozenset(w.lower() for w in table["compound_only_words"])
        self.vague_re = None
        if table["vague_before"]:
            self.vague_re = regex.compile(rf"(?i:(?<!\w)(?:{phrases(table['vague_before'])})\s+)$")
        quals = table["qualifiers"]
        self.qual_re = {
            q: regex.compile(rf"(?i:(?<![\w])(?:{alternation(ps)})\s*$)") for q, ps in quals.items()
        }
        self.duration = split_words(w for w in table["duration_units"] if not w.startswith("-"))
        self.hyphen_re = regex.compile(
            rf"-(?:{alternation(w[1:] for w in table['duration_units'] if w.startswith('-'))})")
        self.duration_heads = frozenset(w.lower() for w in table["duration_heads"])
        self.refused_units = frozenset(w.lower() for w in table["refused_units"])
        self.money_words = split_words(table["money_words"])
        self.money_exceptions = split_words(table["money_word_exceptions"])
        self.furniture = split_words(table["furniture_units"])
        # the first words of the units refused by the three above (a gate; None: none)
        self.unit_firsts = frozenset(self.refused_units).union(
            *(single | set(multi) for single, multi in (self.duration, self.money_words, self.furniture)))
        money_prefixes = alternation(table["money_prefixes"])
        self.money_before_re = regex.compile(rf"(?:{money_prefixes})\s?$")
        # "Article 3", and the later numbers of "Articles 5 and 6"
        self.conj = [w.lower() for w in table["unit_continuations"] if w.strip(",")]
        conj = alternation(self.conj)
        self.label_re = regex.compile(
            rf"(?<![\w])(?:{alternation(table['label_words'])}){g.LABEL_PLURAL}\s*"
            rf"(?:\d+[a-z]?\s*(?:,\s*|\s+(?:{conj})\s+|\s*-\s*))*$"
        )
        self.list_closed_re = regex.compile(rf",[^,]*\b(?:{conj})\b[^,]*$")
        self.conj_set = frozenset(self.conj)
        self.stop = {w.lower() for w in table["unit_stop_words"] if " " not in w}
        multi_stops = [w for w in table["unit_stop_words"] if " " in w]
        self.stop_phrase_re = (regex.compile(rf"(?i:{phrases(multi_stops)})(?!\w)")
                               if multi_stops else None)
        self.determiners = frozenset(w.lower() for w in table["determiners"])
        self.ing_nouns = {w.lower() for w in table["ing_nouns"]}
        self.count_verbs = {w.lower() for w in table["count_verbs"]}
        self.s_modifiers = {w.lower() for w in table["s_modifiers"]}
        self.furniture_before_re = regex.compile(
            rf"(?i:(?:{alternation(table['furniture_before'])})\s*)$")
        self.qual_words = {p.split(" ")[0].lower() for ps in table["qualifiers"].values() for p in ps}
        # what ends a unit after a pending conjunction or comma: a number word, a qualifier
        self.stops_after_conj = frozenset(self.words) | self.one_words | self.qual_words
        # "Mr. Tran Quoc Hung, 48, ...": a number in apposition to a name
        self.apposition_re = regex.compile(
            rf"(?:{alternation(table['honorifics'])})\s+(?:\p{{Lu}}[\w'’-]*\s*){{1,5}},\s*$")
        rfrom, rto = phrases(table["range_from"]), phrases(table["range_to"])
        self.from_before_re = regex.compile(rf"(?i:\b(?:{rfrom})\s+){DIG}\s+(?:{rto})\s+$")
        self.copulas = {w.lower() for w in table["copulas"]}
        self.part_verbs = {w.lower() for w in table["part_verbs"]}
        self.word_re = regex.compile(r"[^\S\n]*(?P<w>[^\W\d_][\w'’\-]*)|[^\S\n]*(?P<p>[,;:()\[\]!?\"“”.–—\n]|\d)")
        assert self.word_re.groupindex == {"w": 1, "p": 2}  # (unit_span reads the groups by number)
        self.number_of_re = regex.compile(
            rf"(?i:\b(?:{alternation(table['number_of_phrases'])})\s+)"
        )
        markers = phrases(table["breakdown_markers"])
        self.breakdown_re = regex.compile(rf"(?i:(?:\b(?:{markers})|[{_BREAKDOWN_MARKS}])\s*$)")
        # "trong đó cán bộ nữ 9": a part's label between a marker and its number
        self.marker_lead_re = regex.compile(rf"(?i:(?:{markers})\s+)")
        self.label_part_re = regex.compile(
            rf"(?i:(?:(?<!\w)(?:{markers})|[(,;:])\s*)(?P<l>[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){{0,6}})\s*$")
        self.line_start_re = regex.compile(r"(?:^|\n)[ \t]*$")
        self.part_of_re = regex.compile(rf"(?i)\s+(?:{phrases(table['part_of_phrases'])})\b")
        joins = phrases(table["range_to"] + table["range_and"])
        self.to_number_re = regex.compile(rf"\s*(?:{joins}|-|–)\s*{DIG}(?![\w%/]|[.,]\d)")
        self.qual_after = [(q, regex.compile(rf"\s*(?:{phrases(ps)})(?!\w)"))
                           for q, ps in table["qualifiers_after"].items()]
        self._init_gates(table)

    # -- gates ---------------------------------------------------------------
    # Most numbers have no qualifier, label, money sign... before them: a
    # regex searched in a window before each number costs about a
    # microsecond.  A gate is a cheap test that every match of such a
    # search passes (the phrase the pattern ends with, followed by white
    # space only, ends the window: ``str.endswith``); the search runs only
    # when the gate passes, so the results are the search's own.
    # Case-insensitive patterns are gated on the lowercase text, read only
    # when it holds none of the characters that match a gate word's letter
    # ignoring case but do not lowercase to it (``_lower``).
    def _init_gates(self, table: dict) -> None:
        g = self.grammar

        def low(ws) -> Optional[tuple]:  # None (no gate): a phrase ending in white space
            ws = {w.lower() for w in ws}
            return None if any(w != w.rstrip() for w in ws) else tuple(sorted(ws))

        def last(ws) -> Optional[tuple]:  # the last words of phrases whose words match \s+
            return None if not all(w.split() for w in ws) else tuple(sorted({w.split()[-1].lower() for w in ws}))

        # qualifier: ``(?<!\w)(?:phrase)\s*$`` (the phrases are literal)
        self.qual_ends = low(p for ps in table["qualifiers"].values() for p in ps)
        self.qual_ends_of = {q: (None if self.qual_ends is None else low(ps))
                             for q, ps in table["qualifiers"].items()}
        # ``(?:phrase)\s*$``
        self.furniture_ends = low(table["furniture_before"])
        # "Article 3", "Articles 5 and 6", "Points 1, 2": the label word (its
        # plural), a comma, a conjunction or a hyphen ends the window
        # (case-sensitive); None: a plural the gate cannot spell
        plural = {"": ("",), "s?": ("", "s")}.get(g.LABEL_PLURAL)
        ends = {w + p for w in table["label_words"] for p in plural or ()}
        self.label_ends = (None if plural is None or any(w != w.rstrip() for w in ends | set(self.conj))
                           else tuple(sorted(ends)))
        self.label_list_ends = tuple(sorted(set(self.conj) | {",", "-"}))
        # the gate walks back over the whole list when no label word (its
        # plural) nor conjunction ends with a digit (the item's ``\d+`` then
        # takes every digit before its letter or mark)
        self.label_walk = self.label_ends is not None and not any(
            _DIGIT_RE.match(w, len(w) - 1) for w in set(self.label_ends) | set(self.conj) if w)
        # ``(?:prefix)\s?$``: the prefix's last character is one of the last three
        prefixes = table["money_prefixes"]
        self.money_lasts = None if not all(prefixes) else frozenset(p[-1] for p in prefixes)
        # ``...\s+(?:to)\s+$`` (phrases: a word of a phrase ends it)
        self.from_ends = last(table["range_to"])
        # ``(?:\b(?:marker)|[(,;:])\s*$``
        # ``(?<!\w)(?:phrase)\s*$`` before a fraction, ``...\s+$`` before a number word
        self.frac_block_ends = last(table["fraction_not_after"])
        self.vague_ends = last(table["vague_before"])
        markers = last(table["breakdown_markers"])
        self.breakdown_ends = None if markers is None else markers + tuple(_BREAKDOWN_MARKS)
        # ``the number of`` inside the sentence: each phrase's longest word
        phr = table["number_of_phrases"]
        self.number_of_keys = (tuple(sorted({max(p.lower().split(), key=len) for p in phr}))
                               if all(p.split() for p in phr) else None)
        # a stop phrase at a word: the word is its first word (a whole word)
        firsts = {w.split()[0].lower() for w in table["unit_stop_words"] if " " in w}
        self.stop_firsts = (frozenset(firsts) if all(
            regex.fullmatch(r"[^\W\d_][\w'’\-]*", w) for w in firsts) else None)
        # and the second words after each first word (``\s+`` between them)
        seconds: dict[str, set] = {}
        for w in table["unit_stop_words"]:
            if " " in w:
                seconds.setdefault(w.split()[0].lower(), set()).add(w.split()[1].lower())
        self.stop_seconds = {f: tuple(sorted(ws)) for f, ws in seconds.items()}
        # ``\s*(?:phrase)(?!\w)`` after a number and its unit (case-sensitive)
        after = [p for ps in table["qualifiers_after"].values() for p in ps]
        self.qual_after_firsts = (tuple(sorted({p.split()[0] for p in after}))
                                  if all(p.split() for p in after) else None)
        # ``\s+(?:phrase)\b`` after a number (any case): the first words
        part_of = table["part_of_phrases"]
        self.part_of_firsts = (tuple(sorted({p.split()[0].lower() for p in part_of}))
                               if part_of and all(p.split() for p in part_of) else None)
        # ``\s*(?:phrase|-|–)\s*\d`` after a number (case-sensitive): the first words
        joins = table["range_to"] + table["range_and"]
        self.to_number_firsts = (tuple(sorted({p.split()[0] for p in joins} | {"-", "–"}))
                                 if all(p.split() for p in joins) else None)
        words = {w for ws in (self.qual_ends, self.furniture_ends, self.from_ends, self.breakdown_ends,
                              self.number_of_keys, firsts, self.frac_block_ends, self.vague_ends,
                              self.part_of_firsts, *self.stop_seconds.values()) for w in ws or ()}
        def by_last(ends):
            return None if ends is None else _Ends(ends)
        self.qual_ends, self.furniture_ends = by_last(self.qual_ends), by_last(self.furniture_ends)
        self.label_ends, self.label_list_ends = by_last(self.label_ends), by_last(self.label_list_ends)
        self.from_ends, self.frac_block_ends = by_last(self.from_ends), by_last(self.frac_block_ends)
        self.vague_ends, self.breakdown_ends = by_last(self.vague_ends), by_last(self.breakdown_ends)
        self.qual_ends_of = {q: by_last(ends) for q, ends in self.qual_ends_of.items()}
        plan = _search_plan(frozenset(words)) if words else (None, ())
        # None: never read the lowercase text (every search runs); also when
        # str.lower reads a letter's context (a final sigma) for a letter of the words
        self._gate_bad = None if plan is None or not _context_free_lower(words) else plan[1]
        self._lowered: tuple = (None, None)

    def _lower(self, text: str, low: Optional[str] = None) -> Optional[str]:
        """``text.lower()`` (``low`` when the caller has it) when the
        case-insensitive gates may read it, else None; kept for the last text."""
        got = self._lowered
        if got[0] is text:
            return got[1]
        if self._gate_bad is None:
            low = None
        else:
            if low is None:
                low = text.lower()
            if len(low) != len(text) or any(c in text for c in self._gate_bad):
                low = None
        self._lowered = (text, low)
        return low

    @staticmethod
    def _after_gate(text: str, e: int, firsts: Optional[tuple]) -> bool:
        """The gate of a case-sensitive ``\\s*(?:phrase)`` matched at ``e``:
        one of the phrases' first words starts after the white space
        (True when there is no gate)."""
        if firsts is None:
            return True
        while e < len(text) and text[e].isspace():
            e += 1
        return text.startswith(firsts, e)

    def _part_of(self, text: str, low: Optional[str], e: int):
        """``part_of_re`` matched at ``e`` ("of whom"), gated on the
        lowercase text: white space, then a phrase's first word."""
        if self.part_of_firsts is not None and low is not None:
            if not text[e:e + 1].isspace():
                return None
            p = e + 1
            while p < len(text) and text[p].isspace():
                p += 1
            if not low.startswith(self.part_of_firsts, p):
                return None
        return match_near(self.part_of_re, text, e)

    def _label_gate(self, text: str, lo: int, s: int) -> bool:
        """The gate of ``label_re`` in ``text[lo:s]``: a label word (its
        plural) ends it, or a comma, a hyphen or a conjunction after a
        number ("Articles 5 and ", "Points 1, 2a, ")."""
        if self.label_ends is None:
            return True
        e = s
        while e > lo and text[e - 1].isspace():
            e -= 1
        return self._label_list_gate(text, lo, e)

    def _label_list_gate(self, text: str, lo: int, e: int) -> bool:
        """``_label_gate`` at ``e`` (no white space before it): a label word
        ends there, or a list mark after a list item ``\\d+[a-z]?\\s*`` whose
        digits are preceded (white space left out) by the same again.
        (``regex``'s white space is ``str.isspace``'s.)"""
        if ends_with(text, self.label_ends, lo, e):
            return True
        if not ends_with(text, self.label_list_ends, lo, e):
            return False
        marks = [e - 1] if text[e - 1] in ",-" else []  # where the list mark starts
        marks += [e - len(c) for c in self.conj  # ``\s+(?:conj)\s+``
                  if text.endswith(c, lo, e) and e - len(c) > lo and text[e - len(c) - 1].isspace()]
        for j in marks:
            while j > lo and text[j - 1].isspace():  # ``\d+[a-z]?\s*``
                j -= 1
            if j > lo and "a" <= text[j - 1] <= "z":
                j -= 1
            if j > lo and _DIGIT_RE.match(text, j - 1) is not None:  # (regex's digits: newer Unicode)
                if not self.label_walk:
                    return True
                j -= 1
                while j > lo and _DIGIT_RE.match(text, j - 1) is not None:
                    j -= 1
                while j > lo and text[j - 1].isspace():
                    j -= 1
                if self._label_list_gate(text, lo, j):
                    return True
        return False

    @staticmethod
    def _ends(text: str, low: Optional[str], lo: int, s: int, ends: Optional[tuple]) -> bool:
        """The gate: whether ``low[lo:s]`` (the text when ``low`` is None and
        ``ends`` case-sensitive), its trailing white space left out, ends
        with one of ``ends``; True when there is no gate (``ends`` None)."""
        if ends is None or low is None:
            return True
        while s > lo and text[s - 1].isspace():
            s -= 1
        return ends_with(low, ends, lo, s)

    # -- helpers -----------------------------------------------------------
    def qualifier(self, text: str, start: int) -> str:
        """The qualifier phrase right before a number; the longest wins
        ("no more than" is at_most, not "more than")."""
        lo = max(0, start - 25)
        low = self._lower(text)
        if not self._ends(text, low, lo, start, self.qual_ends):
            return "exact"
        before = text[lo:start]
        best, best_len = "exact", 0
        for q, rx in self.qual_re.items():
            if self.qual_ends_of is not None and not self._ends(text, low, lo, start, self.qual_ends_of[q]):
                continue  # (each qualifier's own gate)
            m = rx.search(before)
            if m and len(m.group(0)) > best_len:
                best, best_len = q, len(m.group(0))
        return best

    VERB = ""  # what unit_after gives when a verb follows the number

    def _verb_before(self, text: str, pos: int, end: int) -> bool:
        """Whether an -ing/-ed word ending at ``pos`` is a verb: what follows
        it is not a noun (a stop word, a determiner, a possessive, a
        punctuation mark, nothing)."""
        nxt = self.word_re.match(text, pos, end)
        if not nxt or nxt.group("p"):
            return True
        w = nxt.group("w").lower()
        return w in self.stop or w in self.determiners or self.grammar.is_possessive(w)

    def _verb_next(self, text: str, pos: int, nxt=False) -> bool:
        """Whether the word after a number is a verb ("412 passed");
        ``nxt``: ``word_re``'s match at ``pos`` when the caller has it."""
        if nxt is False:
            nxt = self.word_re.match(text, pos)
        if not nxt or not nxt.group("w"):
            return False
        w = nxt.group("w").lower()
        return w in self.count_verbs or (self.grammar.is_verb_form(w) and w not in self.ing_nouns
                                         and self._verb_before(text, nxt.end(), len(text)))

    def unit_after(self, text: str, pos: int, limit: int = 120) -> str:
        """The noun phrase counted by a number ending at ``pos``."""
        return self.unit_span(text, pos, limit)[0]

    def _second_word(self, text: str, low: str, i: int, first: str) -> bool:
        """The gate of the stop phrases starting with ``first`` (a word
        ending at ``i``): white space, then one of their second words."""
        if i >= len(text) or not text[i].isspace():
            return False
        i += 1
        while i < len(text) and text[i].isspace():
            i += 1
        return low.startswith(self.stop_seconds[first], i)

    def unit_span(self, text: str, pos: int, limit: int = 120) -> tuple[str, int]:
        """The noun phrase counted by a number ending at ``pos``, and where
        its last word ends (``pos`` when there is none)."""
        g = self.grammar
        words: list[str] = []
        last_end = pos
        head = False  # a plural head noun has been read
        end = min(len(text), pos + limit)
        i = pos
        pending: list[str] = []  # "and"/"," waiting for a following noun
        part_start, part_end = 0, pos  # where the last comma part starts in words
        stop_phrase_re = self.stop_phrase_re
        # the stop phrases' first words (None: try the pattern at every word)
        low = self._lower(text)
        stop_firsts = None if self.stop_firsts is None or low is None else self.stop_firsts
        word_re = self.word_re
        conj_set, stop, after_pending = self.conj_set, self.stop, self.stops_after_conj
        is_verb_form, is_plural_head, s_modifiers = g.is_verb_form, g.is_plural_head, self.s_modifiers
        # the words one after the other (a gap: no word at ``i``, the end;
        # word_re matches no empty text)
        for m in word_re.finditer(text, pos, end):
            if m.start() != i:
                break
            i = m.end()
            w = m.group(1)  # (``w``; None: ``p``)
            if w is None:
                p = m.group(2)
                if p == "," and words:
                    pending.append(",")
                    part_start, part_end = len(words), last_end
                    continue
                if (p.isdigit() and part_start and not pending
                        and not g.COMMA_LIST_NEEDS_CONJUNCTION):
                    # "18 cán bộ, điều động 7 cán bộ": the part after the comma
                    # governs a number: a clause, not a list
                    del words[part_start:]
                    last_end = part_end
                break
            lw = w.lower()
            if lw in conj_set and words:
                pending.append(lw)
                continue
            if lw in stop or (pending and lw in after_pending):
                break
            if stop_phrase_re is not None and (stop_firsts is None or (
                    lw in stop_firsts and self._second_word(text, low, i, lw))) and stop_phrase_re.match(
                    text, m.start("w")):
                break
            if not words and (lw in self.count_verbs or (
                    is_verb_form(lw) and lw not in self.ing_nouns
                    and self._verb_before(text, m.end(), end))):
                # "13 holding master's degrees", "412 passed", "186 received
                # certificates": a verb, not the noun counted ("46 leading
                # cadres", "25 merged communes" are adjectives)
                return self.VERB, pos
            if head and not pending:
                break  # after a plural head noun: "cadres subject to", "officials took part"
            if pending:
                # coordination goes on only into another noun phrase
                if is_verb_form(lw):
                    break
                words.extend(pending)
                pending = []
                head = False  # a new conjunct: "cadres and civil servants"
            words.append(w)
            last_end = i
            if is_plural_head(lw, s_modifiers):
                head = True
            if len(words) > 10:
                break
        unit = " ".join(words).replace(" ,", ",")
        # a comma list is kept only when it closes with a conjunction ("and"/"or")
        if "," in unit and g.COMMA_LIST_NEEDS_CONJUNCTION and not self.list_closed_re.search(unit):
            unit = unit.split(",")[0]
        elif "," in unit and any(len(part.split()) > g.COMMA_PART_MAX_WORDS for part in unit.split(",")[1:]):
            unit = unit.split(",")[0]  # "34 Điều, quy định mục đích, ...": a clause, not a list
        return unit.lower().strip(), last_end

    def qualifier_after(self, text: str, pos: int) -> Optional[str]:
        """A qualifier written after a number and its unit ("50 đảng viên
        trở lên" is at_least), if any."""
        if not self.qual_after:
            return None
        if self.qual_after_firsts is not None:
            p = pos
            while p < len(text) and text[p].isspace():
                p += 1
            if not text.startswith(self.qual_after_firsts, p):
                return None
        for q, rx in self.qual_after:
            if rx.match(text, pos):
                return q
        return None

    def _refused(self, text: str, s: int, e: int, unit: str) -> bool:
        lo = max(0, s - 40)
        low = self._lower(text)
        t = s  # the window's end, its trailing white space left out (``_ends``, ``_label_gate``)
        while t > lo and text[t - 1].isspace():
            t -= 1
        ends = self.furniture_ends
        furniture = ends is None or low is None or ends_with(low, ends, lo, t)
        label = self.label_ends is None or self._label_list_gate(text, lo, t)
        money = self.money_lasts is None or not self.money_lasts.isdisjoint(text[max(lo, s - 3):s])
        if furniture or label or money:
            before = text[lo:s]
            if furniture and self.furniture_before_re.search(before):
                return True  # "Comment (0)"
            label = label and self.label_re.search(before)
            if label and not (_DIGIT_RE.search(label.group(0))
                              and self.grammar.is_plural(unit.split(" ")[-1])):
                return True  # "Article 3"; "Articles 5 and 6" but not "Article 3, 5 cadres"
            if money and self.money_before_re.search(before):
                return True
        first = unit.split(" ", 1)[0].rstrip(",") if unit else ""
        if first.rpartition("-")[2] in self.duration_heads:
            return True
        if self.unit_firsts is None or first in self.unit_firsts:  # (else none below starts the unit)
            if starts_with_any(unit, first, *self.duration):
                return True
            if ((starts_with_any(unit, first, *self.money_words)
                 and not starts_with_any(unit, first, *self.money_exceptions))
                    or first in self.refused_units or starts_with_any(unit, first, *self.furniture)):
                return True
        if text.startswith("-", e) and self.hyphen_re.match(text[e:e + 6]):
            return True  # "45-year-old", "5-year plan"
        if (text.startswith(_LIST_MARKS, e) and _LIST_MARK_RE.match(text[e:e + 2])
                and self.line_start_re.search(text, max(0, s - 10), s)):
            return True  # a list item "1. ..." or "2) ..."
        return False

    # -- finders -----------------------------------------------------------
    def ratios(self, text: str, ix: Optional[DocIndex] = None) -> list[Fact]:
        """Percentages and fractions.  The patterns start with digits (or a
        number word) and are searched for: the engine skips to digits
        quickly, and anchored matches at the digit runs or number words
        measured slower.  ``ix``: the text's index (its lowercase text)."""
        if ix is None:
            ix = text_index(text)

        facts: list[Fact] = []
        taken = DisjointSpans()

        def pct_value(s: str) -> float:
            digits = self.pct_digits_re.match(s).group(0)
            return float(parse_digits(digits, self.tsep, self.dsep))

        def add(s, e, attrs, rule):
            if taken.overlaps(s, e):
                return
            if "qualifier" not in attrs:
                attrs["qualifier"] = (self.qual_after and self.qualifier_after(text, e)) or self.qualifier(text, s)
            facts.append(Fact("ratio", s, e, attrs, rule))
            taken.add(s, e)

        if self.ratio_anchored:
            pct_at, range_at, frac_at = self._ratio_starts(text)
            ranges = matches_at(self.pct_range_re, text, range_at)
            pcts = matches_at(self.pct_re, text, pct_at)
        else:
            frac_at = None
            ranges, pcts = self.pct_range_re.finditer(text), self.pct_re.finditer(text)
        for m in ranges:
            q = self.qualifier(text, m.start())
            add(m.start("a"), m.end("a"), {"kind": "percent", "percent": pct_value(m.group("a")),
                                           "numerator": None, "denominator": None, "qualifier": q},
                "ratios:percent_range")
            add(m.start("b"), m.end("b"), {"kind": "percent", "percent": pct_value(m.group("b")),
                                           "numerator": None, "denominator": None, "qualifier": q},
                "ratios:percent_range")
        for m in pcts:
            add(m.start(), m.end(), {"kind": "percent", "percent": pct_value(m.group("a")),
                                     "numerator": None, "denominator": None}, "ratios:percent")
        low = "" if self.out_of_re is None else ix.lower_text
        if low is None:
            low = text.lower()
        has_out_of = any(w in low for w in self.fraction_words)
        low_gate = self._lower(text)
        for rx, rule in ((self.out_of_re, "ratios:out_of"), (self.frac_re, "ratios:fraction")):
            if rx is self.out_of_re and not has_out_of:
                continue
            if rx is self.out_of_re and self.out_of_anchored:
                found = self._out_of_starts(text, ix)
                found = rx.finditer(text) if found is None else matches_at(rx, text, found)
            elif rx is self.frac_re and frac_at is not None:
                found = matches_at(rx, text, frac_at)
            else:
                found = rx.finditer(text)
            for m in found:
                if (self.frac_block_re is not None and rx is self.frac_re
                        and self._ends(text, low_gate, max(0, m.start() - 30), m.start(), self.frac_block_ends)
                        and self.frac_block_re.search(text, max(0, m.start() - 30), m.start())):
                    continue  # "ngày 2/9", "đợt 1/2019": a date or a round, not a fraction
                n = parse_number(m.group("n"), thousands_sep=self.tsep, decimal_sep=self.dsep,
                                 words=self.parse_words)
                d = parse_number(m.group("d"), thousands_sep=self.tsep, decimal_sep=self.dsep,
                                 words=self.parse_words)
                if not isinstance(n, int) or not isinstance(d, int) or d == 0:
                    continue
                add(m.start(), m.end(), {"kind": "fraction", "numerator": n, "denominator": d,
                                         "percent": None}, rule)
        return facts

    def _run_starts(self, text: str, ends) -> list[int]:
        """The starts of the runs of digits and separators ending at each of
        ``ends`` or one white space before it (empty runs left out)."""
        run = self.number_run_re
        out = []
        for j in ends:
            for k in ((j, j - 1) if j > 0 and text[j - 1].isspace() else (j,)):
                r = run.match(text, 0, k).start()
                if r < k:
                    out.append(r)
        return out

    def _ratio_starts(self, text: str) -> tuple[list[int], list[int], list[int]]:
        """Where a percent, a percent range and a fraction can start
        (``ratio_anchored``): see ``__init__``."""
        words = []
        for w in self.percent_words:
            q = text.find(w)
            while q >= 0:
                words.append(q)
                q = text.find(w, q + 1)
        pct = self._run_starts(text, words)
        joined = []  # where a joiner before the run of a range's second end ends
        for b in pct:
            for k in ((b, b - 1) if b > 0 and text[b - 1].isspace() else (b,)):
                joined.extend(k - len(j) for j in self.range_joiners if text.endswith(j, 0, k))
        slashes = []
        q = text.find("/")
        while q >= 0:
            slashes.append(q)
            q = text.find("/", q + 1)
        return (sorted(set(pct)), sorted(set(self._run_starts(text, joined))),
                sorted(set(self._run_starts(text, slashes))))

    def _out_of_starts(self, text: str, ix: DocIndex) -> Optional[list[int]]:
        """Where an "N out of M" can start (None: the text cannot say, scan
        it): before each fraction word ("out", any case) come whitespace
        and the number, one run of characters that may not stand before a
        number (its left boundary): the number starts where that run
        does."""
        found = ix.occurrences(self.fraction_firsts)
        if found is None:
            return None
        starts = set()
        for q in found:
            i = q
            while i > 0 and _SPACE_CHAR_RE.match(text, i - 1):
                i -= 1
            if i == q:
                continue  # no whitespace before the word: no match has it there
            while i > 0 and _NUMBER_CHAR_RE.match(text, i - 1):
                i -= 1
            starts.add(i)
        return sorted(starts)

    def counts(self, text: str, doc: Optional[Doc] = None) -> list[Fact]:
        facts: list[Fact] = []
        bare: list[tuple[int, int, int]] = []  # numbers with no noun after them
        plain_digits = not (self.tsep.isdigit() or self.dsep.isdigit())
        for m in self.count_re.finditer(text):
            s, e = m.span(1)  # (``n``)
            raw = m.group(1)
            if plain_digits and raw.isdigit() and raw.isascii():
                value = int(raw)  # (parse_number's own first step)
            else:
                value = parse_number(raw, thousands_sep=self.tsep, decimal_sep=self.dsep,
                                     multipliers=self.multipliers)
            if value is None or isinstance(value, float):
                continue  # decimals ("3.16") are not counts
            unit, unit_end = self.unit_span(text, e)
            if self._refused(text, s, e, unit):
                continue
            if not unit:
                bare.append((s, e, value))
                continue
            facts.append(Fact("count", s, e, {"value": value, "qualifier": self._qualifier(text, s, unit_end),
                                              "unit": unit}, "counts:digits"))
        words = (self.word_count_re.finditer(text) if doc is None
                 else matches_at(self.word_count_re, text, doc_index(doc).positions(self.word_set)))
        for m in words:
            s, e = m.span("n")
            value = parse_number(m.group("n"), words=self.parse_words)
            if value is None or value < 2 or self._not_number_word(text, m):
                continue
            unit, unit_end = self.unit_span(text, e)
            if self._refused(text, s, e, unit):
                continue
            if not unit:
                if self._part_of(text, self._lower(text), e) or self._verb_next(text, e):
                    bare.append((s, e, value))  # "three of whom", "three received ..."
                continue
            facts.append(Fact("count", s, e, {"value": value, "qualifier": self._qualifier(text, s, unit_end),
                                              "unit": unit}, "counts:words"))
        facts.sort(key=lambda f: f.start)
        facts.extend(self._bare_counts(text, bare, facts))
        facts.sort(key=lambda f: f.start)
        return facts

    def _breakdown_before(self, text: str, low: Optional[str], s: int) -> bool:
        """Whether ``breakdown_re`` matches before ``s`` (in the 30
        characters before it): gated; a window ending with one of its
        marks, then common white space only, matches without the search."""
        lo = max(0, s - 30)
        if self.breakdown_ends is not None and low is not None:
            t = s
            while t > lo and text[t - 1].isspace():
                t -= 1
            if not ends_with(low, self.breakdown_ends, lo, t):
                return False
            if t > lo and text[t - 1] in _BREAKDOWN_MARKS and not text[t:s].strip(" \t\n\r"):
                return True  # ``[(,;:]\s*$``
        return self.breakdown_re.search(text, lo, s) is not None

    @staticmethod
    def _found_in(low: str, words: tuple, lo: int, hi: int) -> bool:
        """Whether one of ``words`` occurs in ``low[lo:hi]``."""
        for w in words:
            if low.find(w, lo, hi) >= 0:
                return True
        return False

    def _qualifier(self, text: str, s: int, unit_end: int) -> str:
        """The qualifier of a count: written after it and its unit ("từ 30
        đảng viên trở lên"), else before it."""
        return (self.qual_after and self.qualifier_after(text, unit_end)) or self.qualifier(text, s)

    def _not_number_word(self, text: str, m) -> bool:
        """Whether a number word is not a number here: a word that is one
        only inside a longer number; a vague quantity ("hàng trăm"); an
        ambiguous word ("năm": year or five) before one of its other
        meanings' words, a digit or nothing, or after a number ("5 năm")."""
        s, e = m.span("n")
        low = m.group("n").lower()
        if low in self.compound_only:
            return True
        if (self.vague_re is not None and self._ends(text, self._lower(text), max(0, s - 30), s, self.vague_ends)
                and self.vague_re.search(text, max(0, s - 30), s)):
            return True
        amb = self.ambiguous.get(low)
        if amb is not None:
            before, after = amb
            nxt = self.word_re.match(text, e)
            if nxt is None or not nxt.group("w") or nxt.group("w").lower() in after:
                return True
            if _DIGIT_BEFORE_RE.search(text[max(0, s - 4):s]):
                return True  # "5 năm": the word is the unit of a number
            prev = self.word_before_re.search(text, max(0, s - 20), s)
            if prev and prev.group(1).lower() in before:
                return True
        return False

    def _parent(self, text: str, s: int, candidates: list[Fact],
                starts: Optional[list[int]] = None) -> Optional[Fact]:
        """The count a breakdown part belongs to: the nearest one before it
        (within 300 characters) that is not inside a parenthesis already
        closed ("79 officials (including 34 women ...), comprising 13 ...").
        ``candidates`` are sorted by start (``starts`` their starts): only
        those starting before ``s`` are visited, nearest first, so a
        sentence of thousands of counts stays linear."""
        hi = bisect.bisect_left(starts, s) if starts is not None else len(candidates)
        for j in range(hi - 1, -1, -1):
            f = candidates[j]
            if f.end > s:
                continue
            if s - f.end > 300:
                return None
            between = text[f.end:s]
            if between.count(")") > between.count("("):
                continue
            return f
        return None

    def _bare_counts(self, text: str, bare: list, counted: list[Fact]) -> list[Fact]:
        """Numbers with no noun right after them: "3,128 were cadres" (the
        noun after a copula), parts of a breakdown (the whole's unit), or
        the value of "the number of X ... to be N"."""
        out: list[Fact] = []
        pool = sorted(counted, key=lambda f: f.start)  # counted and out, by start
        starts = [f.start for f in pool]
        low = self._lower(text)
        for s, e, value in bare:
            unit, rule = None, ""
            if text[s - 1:s] == "(" and text[e:e + 1] == ")":
                continue  # "(1) ...", "(2) ...": an enumeration mark
            nxt = self.word_re.match(text, e)
            next_word = (nxt.group("w") or "").lower() if nxt else ""
            if ("," in text[e:e + 3] and _COMMA_RE.match(text[e:e + 3])
                    and self.apposition_re.search(text, max(0, s - 60), s)):
                continue  # an age in apposition: "Mr. Tran Quoc Hung, 48, former ..."
            if next_word in self.copulas:
                unit = self.unit_after(text, nxt.end()) or None
                if unit and self.grammar.is_participle(unit.split(" ")[0]):
                    unit = None  # "16 were merged": a verb, not the noun counted
                rule = "counts:copula"
            to = self.to_number_re.match(text, e) if self._after_gate(text, e, self.to_number_firsts) else None
            if unit is None and to:
                unit = self.unit_after(text, to.end()) or None  # "from 17 to 9 districts"
                rule = "counts:from_to"
            from_to = to or (self._ends(text, low, max(0, s - 40), s, self.from_ends)
                             and self.from_before_re.search(text, max(0, s - 40), s))
            if unit is None:
                # the sentence start, looked for in the last SENTENCE_LOOKBACK
                # characters only (a hostile one-sentence text stays linear)
                lo = max(0, s - SENTENCE_LOOKBACK)
                sent_start = max(text.rfind(". ", lo, s), text.rfind("\n", lo, s), lo - 1) + 1
                # (a match holds each word of its phrase)
                keys = self.number_of_keys
                if low is None or keys is None or self._found_in(low, keys, sent_start, s):
                    for m in self.number_of_re.finditer(text, sent_start, s):
                        unit = self.unit_after(text, m.end()) or None
                        rule = "counts:number_of"
            label = None
            if unit is None and self.grammar.LABELLED_PARTS:
                # "trong đó cán bộ nữ 9; dân tộc thiểu số 12": the label is the part's unit
                found = self.label_part_re.search(text, max(0, s - 60), s)
                if found:
                    label = found.group("l")
                    lead = self.marker_lead_re.match(label)
                    label = label[lead.end():] if lead else label
                    if not label or any(w.lower() in self.stop for w in label.split()):
                        label = None
            if unit is None and (label or self._breakdown_before(text, low, s) or from_to
                                 or next_word in self.part_verbs or self._part_of(text, low, e)):
                parent = self._parent(text, s, pool, starts)
                if parent is not None and label:
                    unit, rule = label.lower(), "counts:labelled_part"
                elif parent is not None:
                    unit, rule = parent.attrs["unit"], "counts:breakdown"
            if unit is None and self._verb_next(text, e, nxt):
                # "1,964 sat the test": a count whose noun is not written
                # after it, and no whole to take it from
                unit, rule = "", "counts:before_verb"
            if unit is None and (e == len(text) or text[e].isspace()) and _ONLY_SPACE_RE.match(text, e):
                # an excerpt cut right after a whole number: ANNOTATION.md
                # annotates it; what it counted was cut off
                unit, rule = "", "counts:at_cut"
            if unit is not None:
                fact = Fact("count", s, e, {"value": value, "qualifier": self.qualifier(text, s),
                                            "unit": unit}, rule)
                out.append(fact)
                # kept sorted by start as ``sorted(counted + out)`` would be (stable)
                k = bisect.bisect_right(starts, s)
                pool.insert(k, fact)
                starts.insert(k, s)
        return out

    def find(self, text: str, doc: Optional[Doc] = None) -> list[Fact]:
        """Ratios and counts of ``text``; with its ``doc``, number words are
        looked up among the tokens (the Doc's shared index) instead of
        scanning the text."""
        ix = doc_index(doc) if doc is not None else text_index(text)
        self._lower(text, ix.lower_text)
        return [f for f in self.ratios(text, ix) + self.counts(text, doc) if not ix.in_url(f.start, f.end)]


@lru_cache(maxsize=None)
def finder_for(lang: str) -> NumberFinder:
    return NumberFinder(lang_tables.load(lang))


make_numbers = register_finder("extractor_numbers", finder_for)
