"""The context component's tables (``<lang>_context.yaml`` and the gazetteer),
and the small text helpers its parts share."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from extractor import lang as lang_tables
from extractor.components.base import alternation
from extractor.components.prefilter import UPPER_RE, CapitalHeads, prefix_lookahead

_DIGIT = regex.compile(r"\d")
_DIGIT_OR_CLOSE = regex.compile(r"[\d)]")
_DECIMALS = regex.compile(r"\.(\d+)")
MEASURES = ("count", "ratio")
_MISS = object()


# ----------------------------------------------------------------------------
# Tables


def _apos(pattern: str) -> str:
    """Let a table regex's straight apostrophe match a curly one too (inside
    a character class the curly one is added to the class)."""
    out, in_class, escaped = [], False, False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "'":
            out.append("'’" if in_class else "['’]")
            continue
        out.append(ch)
    return "".join(out)


def _first_words(words) -> str:
    """A lookahead for what one of the words begins with (``prefilter``):
    put before their alternation, it changes no match."""
    return (prefix_lookahead(regex.escape(w) for w in words) or "") if words else ""


def _words_alt(words) -> str:
    """An alternation of the words, longest first; one that never matches
    when the table gives none."""
    return alternation(words) if words else "(?!)"


@dataclass(frozen=True)
class Place:
    """One gazetteer (or country) entry."""

    name: str
    kind: str
    province: Optional[str]
    section: str


@dataclass
class Entity:
    """An entity candidate before the overlap resolution."""

    type: str
    start: int
    end: int
    attrs: dict
    rule: str
    rank: int  # tie-break among equal lengths: lower wins
    place: Optional[str] = None  # the place named inside it (organizations)
    place_entry: Optional[Place] = None


@dataclass
class Core:
    """A Party or State body found by the core pattern."""

    start: int
    end: int
    name: str
    canonical: Optional[str]
    place: Optional[str]  # the gazetteer name, or the words as written
    place_entry: Optional[Place]
    level: Optional[str]  # "Provincial", "City", ...
    role_after: bool = False  # "Party Committee Secretaries": part of a title
    sub: bool = False  # an office of a committee ("Organization Board")
    head: Optional[str] = None  # the body's canonical head ("Party Committee")


#: gazetteer sections in the order that decides an ambiguous name with no
#: kind word ("Dien Bien" is a province before it is a district); the
#: ``section_order`` setting of the ``extractor_context`` component
SECTION_ORDER = ("provinces", "districts", "communes", "regions")


class ContextTables:
    """The compiled tables of one language (and the gazetteer sections in
    ``section_order``)."""

    def __init__(self, lang: str, section_order: tuple[str, ...] = SECTION_ORDER):
        self._full: dict = {}  # first_full's answers
        t = lang_tables.context(lang)
        base = lang_tables.load(lang)
        g = self.grammar = lang_tables.grammar(lang)
        self.table = t
        gaz = lang_tables.gazetteer()
        unknown = [s for s in section_order if s not in gaz]
        if unknown:
            raise ValueError(f"extractor_context: section_order names {unknown}, which the gazetteer "
                             f"does not have (it has {', '.join(k for k in gaz if isinstance(gaz[k], list))})")
        # -- places (every way the grammar says a name may be written)
        self.places: dict[str, list[Place]] = defaultdict(list)
        for section in section_order:
            for e in gaz.get(section, []):
                kind = e.get("kind", "region")
                province = None if section == "provinces" else e.get("province")
                entry = Place(e["name"], kind, province, section)
                for s0 in lang_tables.surface_forms(e):
                    for s in g.spelling_variants(s0):
                        if entry not in self.places[s]:
                            self.places[s].append(entry)
        for name, aliases in (t.get("countries") or {}).items():
            entry = Place(name, "country", None, "countries")
            for s0 in dict.fromkeys([name] + list(aliases)):
                for s in g.spelling_variants(s0):
                    if entry not in self.places[s]:
                        self.places[s].append(entry)
        self.kind_words = dict(t["place_kind_words"])
        self.kind_first = bool(g.PLACE_KIND_WORD_FIRST)
        if self.kind_first:
            # searched backwards from the name: "tỉnh Quảng Nam"
            self.kind_word_re = regex.compile(rf"(?r)(?<![\w'’-])(?P<k>{_words_alt(self.kind_words)})[ ]$")
        else:
            self.kind_word_re = regex.compile(rf"[ ](?P<k>{_words_alt(self.kind_words)})(?![\w'’-])")
        # -- canonical names (the record contract's names: the same in every language)
        self.canon_levels = dict(t["canonical_levels"])
        self.canon_forms = dict(t["canonical_forms"])
        self.province_issuer_words = list(t["province_issuer_words"])
        self.district_issuer_words = list(t["district_issuer_words"])
        self.check_reasons = dict(t["check_reasons"])
        # -- organizations
        not_place = _words_alt(t["not_place_words"])
        PW = rf"(?:(?!(?:{not_place})(?![\w'’]))\p{{Lu}}[\w'’.]*(?:-\p{{Lu}}[\w'’]*)?)"
        self.PW = PW
        self.org_levels = dict(t["org_levels"])
        LEVEL = _words_alt(self.org_levels)
        # [regex, canonical head, level (optional: a body whose name holds its level, "Tỉnh ủy")]
        self.local_bodies = [(regex.compile(_apos(b[0])), b[1]) for b in t["local_bodies"]]
        self.body_levels = [(regex.compile(_apos(b[0])), b[2]) for b in t["local_bodies"] if len(b) > 2]
        self.body_place_after = bool(g.BODY_PLACE_AFTER)
        self.sub_bodies = [(regex.compile(_apos(p)), c) for p, c in t["sub_bodies"]]
        self.national = [(regex.compile(_apos(p)), c) for p, c in t["national_bodies"]]
        LOCAL = "|".join(f"(?:{_apos(b[0])})" for b in t["local_bodies"])
        SUB = "|".join(f"(?:{_apos(p)})" for p, _ in t["sub_bodies"])
        NAT = "|".join(f"(?:{_apos(p)})" for p, _ in t["national_bodies"])
        self.SUB = SUB
        self.body_heads = list(t["body_heads"])
        self.institution_heads = list(t["institution_heads"])
        # where to try the honorific pattern ("Mr" also finds "Mr.")
        self.honorifics = sorted({h.split(" ")[0].rstrip(".") for h in t["honorifics"]})
        # the end of a body: not inside a longer word, a possessive allowed
        END = g.BODY_END
        POSS = g.POSSESSIVE
        # (what every body begins with, checked first: the same matches)
        first = prefix_lookahead([_apos(b[0]) for b in t["local_bodies"]]
                                 + [_apos(p) for p, _ in t["sub_bodies"]]
                                 + [_apos(p) for p, _ in t["national_bodies"]]) or ""
        self.body_re = regex.compile(
            rf"(?<![\w'’-]){first}(?:(?P<nat>{NAT})|(?P<body>{LOCAL})|(?P<sub>{SUB})){END}")
        self.place_word_re = regex.compile(r"\p{Lu}[\w'’.]*(?:-\p{Lu}[\w'’]*)?")
        self.not_place = set(t["not_place_words"])
        links = _words_alt(t["sub_links"])
        dets = list(t["definite_articles"])
        DET = _words_alt(dets)
        AND = _words_alt(t["coordinators"])
        self.sub_before_re = regex.compile(rf"(?r)(?P<sub>{SUB})[ ](?:{links})[ ](?:(?:{DET})[ ])?$")
        self.link_before_re = regex.compile(rf"(?r)[ ](?:{links})[ ](?:(?:{DET})[ ])?$")
        # head-first languages: an office right before its committee, and a
        # body's level word and place after it ("UBND tỉnh Quảng Nam")
        self.sub_direct_re = regex.compile(rf"(?r)(?<![\w'’-])(?P<sub>{SUB})[ ]$")
        self.place_after_re = regex.compile(
            rf"[ ](?:(?P<lv>{LEVEL})[ ])?(?P<w>{PW}(?:[ ]{PW}){{0,4}})")
        # "the Party" (the article is not in the span)
        self.party_names = [f"{d} {n}" for d in dets for n in t["party_names"]]
        self.party_names += [f"{d[:1].upper()}{d[1:]} {n}" for d in dets for n in t["party_names"]]
        self.party_end_re = regex.compile(rf"{POSS}(?![\w])|[ ]*(?:[,.;:)]|$)")
        self.sub_after_re = regex.compile(rf"(?:{POSS})?[ ](?P<sub>{SUB}){END}")
        self.role_after_re = regex.compile(
            rf"[ ](?:{_words_alt(t['role_after_body'])})(?![\w'’-])")
        self.institution_re = regex.compile(
            rf"(?<![\w'’-])(?P<w>{PW}(?:[ ](?:{PW}|{_words_alt(t['institution_links'])})){{0,6}})[ ]"
            rf"(?P<h>{_words_alt(t['institution_heads'])}){END}"
        )
        # -- people
        NSTOP = _words_alt(t["name_stop_words"])
        NW = rf"(?:(?!(?:{NSTOP})(?![\w'’]))\p{{Lu}}\p{{Ll}}+)"
        self.honorific_re = regex.compile(
            rf"(?<![\w'’-])(?P<hon>{_words_alt(t['honorifics'])})[ ]+(?P<name>{NW}(?:[ ]{NW}){{0,4}}){END}"
        )
        surnames = lang_tables.domain('people')['surnames']
        self.bare_name_re = regex.compile(
            rf"(?<![\w'’-])(?P<name>(?:{_words_alt(surnames)})"
            rf"(?:[ ]{NW}){{1,4}}){END}"
        )
        self.surname_heads = CapitalHeads(surnames)  # where a bare name can start
        MODS = _words_alt(t["role_modifiers"])
        ROLES = _words_alt(t["role_words"])
        self.role_re = regex.compile(rf"(?:(?:{MODS})[ ])*(?:{ROLES})(?![\w'’-])")
        self.role_only_re = regex.compile(rf"[ ](?:{ROLES})(?![\w'’-])")
        if g.TITLE_ORG_LINK_OPTIONAL:
            # "Bí thư Tỉnh ủy": the organization right after the role
            self.of_re = regex.compile(rf"[ ](?:(?:{links})[ ](?:(?:{DET})[ ])?)?")
        else:
            self.of_re = regex.compile(rf"[ ](?:{links})[ ](?:(?:{DET})[ ])?")
        self.det_re = regex.compile(rf"(?i)(?:{DET})\s+")
        self.caps_re = regex.compile(rf"\p{{Lu}}[\w'’]*(?:[ ](?:(?:{AND})[ ])?\p{{Lu}}[\w'’]*){{0,5}}")
        self.title_sep_re = regex.compile(
            rf"[ ]*(?:{_words_alt(t['title_separators'])})[ ]*")
        self.segment_sep_re = regex.compile(rf"[ ]*,[ ]*(?:(?:{AND})[ ]+)?|[ ]+(?:{AND})[ ]+")
        # "(?r)": searched backwards from the name, so only matches ending
        # right before it are tried (ten times faster than a forward search)
        self.pre_title_re = regex.compile(
            rf"(?r)(?:(?P<place>{PW}(?:[ ]{PW}){{0,3}})[ ])?(?:(?P<level>{LEVEL})[ ])?"
            rf"(?P<role>(?:(?:{MODS})[ ])*(?:{ROLES}))"
            rf"(?:[ ](?:{links})[ ](?:(?:{DET})[ ])?(?P<of>\p{{Lu}}[\w'’]*(?:[ ](?:(?:{AND})[ ])?\p{{Lu}}[\w'’]*){{0,4}}))?[ ]$"
        )
        self.role_orgs = dict(t["role_organizations"])
        # -- context of facts
        self.levels = [(regex.compile(rf"(?i)(?<![\w-])(?:{p})(?![\w-])"), lv) for p, lv in t["levels"]]
        self.level_pp_re = regex.compile(
            r"[ ]*,?[ ]*(?P<pp>(?i:" + t["level_phrase"].replace(" ", "[ ]+") + r"))(?![\w])")
        quals_all = [q for qs in base.get("qualifiers", {}).values() for q in qs]
        self.complement_re = regex.compile(
            rf"(?i)(?<![\w])(?:{_words_alt(t['complement_preps'])})[ ]+"
            rf"(?:(?:{_words_alt(quals_all) if quals_all else '(?!)'})[ ]+)?$")
        self.copula_re = regex.compile(
            rf"[ ]+(?:{_words_alt(base.get('copulas', []))})[ ]+") if base.get("copulas") else None
        self.level_any_re = regex.compile(
            "(?i)(?<![\\w-])" + (prefix_lookahead(p for p, _ in t["levels"]) or "")
            + "(?:" + "|".join(f"(?:{p})" for p, _ in t["levels"]) + ")(?![\\w-])")
        self.as_of_phrases = tuple(sorted({p.lower() for p in t["as_of_phrases"]}))
        pre = _words_alt(t["as_of_prefixes"])
        self.as_of_tail_re = regex.compile(rf"(?i)[ ]+(?:(?:{pre})[ ]+)?")
        self.now_phrases = tuple(sorted({p.lower() for p in t["now_phrases"]}))
        self.date_keys = list(t["article_date_keys"])
        stops = {w.lower() for w in t["subject_stop_words"]}
        stops |= {w.lower() for w in base.get("unit_stop_words", [])}
        conj_words = {w.lower() for w in t["coordinators"]}
        stops -= conj_words | {t["of_word"]}
        self.np_stops = stops
        self.conj_words = conj_words
        self.np_word_re = regex.compile(r"[ \t]*(?P<w>[^\W\d_][\w'’\-]*)|[ \t]*(?P<p>[^\w\s]|\d)")
        self.determiners = sorted((d.lower() for d in t["subject_determiners"]), key=len, reverse=True)
        quals = [q for qs in base.get("qualifiers", {}).values() for q in qs]
        QUAL = rf"(?:{_words_alt(quals)})[ ]+" if quals else r"(?!)"
        self.qualifier_re = regex.compile(rf"(?i){QUAL}")
        self.before_verbs_re = regex.compile(
            rf"(?ri)(?<![\w])(?P<v>{_words_alt(t['subject_before_verbs'])})[ ]+(?:{QUAL})?$")
        self.copular_before = {w.lower() for w in base.get("copulas", [])}
        self.pred_re = regex.compile(rf"(?i)(?<![\w]){_first_words(t['predicate_starts'])}"
                                     rf"(?:{_words_alt(t['predicate_starts'])})(?![\w])")
        self.person_nouns = {w.lower() for w in t["person_nouns"]}
        self.relative_re = regex.compile(
            rf"[ ]*(?P<r>(?:{_words_alt(t['relative_pronouns'])})[ ]+)")
        mod_stop = _words_alt(list(t["predicate_starts"]) + list(t["relative_pronouns"]))
        self.modifier_re = regex.compile(
            rf"[ ]+(?P<pp>(?:{_words_alt(t['subject_modifier_preps'])})[ ]+[^,;:()\n\[\]]*?)"
            rf"(?=[ ]+(?:{mod_stop})(?![\w])|[ ]*[,;:()\n\[\]]|\.(?:\s|$)|[ ]*$)")
        conj = _words_alt(t["coordinators"])
        joiners = _words_alt(base.get("range_joiners", ["-"]))
        self.ratio_link_re = regex.compile(rf"[ ]*(?:/|\(|,?[ ]*(?:{conj}|{joiners})?)[ ]*")
        self.coord_qual_re = regex.compile(rf"(?i)[ ]*(?:{conj}|,)[ ]*(?:{QUAL})?")
        self.boundary_re = regex.compile(
            rf"[,;:()\n\[\]]|\.(?:\s|$)|[ ]+(?:{conj})[ ]+(?=\d)|[ ]+[-–—][ ]+")
        self.coord_re = regex.compile(rf"[ ]*,[ ]*(?:(?:{conj})[ ]+)?|[ ]+(?:{conj})[ ]+")
        self.paren_skip_re = regex.compile(r"[ ]*\([^()\n]{0,40}\)")
        self.of_skip_re = regex.compile(rf"[ ]+{regex.escape(t['of_word'])}[ ]+")
        # -- checks
        markers = [m for m in t["breakdown_markers"] if m != "("]
        self.marker_re = regex.compile(
            rf"(?i){_first_words(markers + ['('])}(?:(?<![\w])(?:{_words_alt(markers)})(?![\w])|\()")
        ends = _words_alt(t["breakdown_ends_before_number"])
        self.with_number_re = regex.compile(rf"(?i),?[ ]*(?:{ends})[ ]+(?=\d)")
        links = [l for l in t["restating_links"] if l != "("]
        self.restate_re = regex.compile(rf"(?i)(?:(?<![\w])(?:{_words_alt(links)})|\()[ ]*$")

    def first_full(self, pairs: list, s: str) -> Optional[tuple]:
        """``(value,)`` of the first (regex, value) pair of ``pairs`` (one
        of the tables' lists: ``national``, ``sub_bodies``,
        ``local_bodies``, ``body_levels``, ``levels``) whose regex matches
        all of ``s``; None when none does.  Kept per string: an article
        names the same bodies again and again."""
        key = (id(pairs), s)
        got = self._full.get(key, _MISS)
        if got is _MISS:
            got = None
            for rx, value in pairs:
                if rx.fullmatch(s):
                    got = (value,)
                    break
            if len(self._full) >= 100_000:
                self._full.clear()
            self._full[key] = got
        return got

    # -- places ------------------------------------------------------------------
    def choose(self, surface: str, kind_word: Optional[str]) -> Optional[Place]:
        entries = self.places.get(surface) or []
        if not entries:
            return None
        if kind_word:
            kind = self.kind_words[kind_word]
            for e in entries:
                if e.kind == kind:
                    return e
            if kind == "province":
                for e in entries:
                    if e.section == "provinces":
                        return e
            if kind in ("district", "town", "city"):
                for e in entries:
                    if e.section == "districts":
                        return e
        return entries[0]

    def place_of_words(self, words: str, level: Optional[str]) -> tuple[Optional[str], Optional[Place], int]:
        """The place named by the capitalised words before a body: (name,
        entry, offset of the place in ``words``).  The longest suffix that the
        gazetteer knows; "Ho Chi Minh" + "City" is Ho Chi Minh City."""
        parts = words.split(" ")
        for i in range(len(parts)):
            surface = " ".join(parts[i:])
            off = len(" ".join(parts[:i])) + (1 if i else 0)
            if level:
                e = self.choose(surface + " " + level, None)
                if e is not None:
                    return e.name, e, off
            e = self.choose(surface, None)
            if e is not None and e.section not in ("regions", "countries"):
                return e.name, e, off
        return None, None, 0


@lru_cache(maxsize=None)
def tables_for(lang: str, section_order: tuple[str, ...] = SECTION_ORDER) -> ContextTables:
    return ContextTables(lang, tuple(section_order))


def _norm(s: str) -> str:
    return " ".join(s.split())


def search_at_end(rx, text: str, pos: int, endpos: int):
    """``rx.search(text, pos, endpos)`` for a backwards (``(?r)``) pattern
    that ends in a top-level ``$``: a match ends at ``endpos`` (or before a
    newline right there, the one case left to the search), and the search's
    first attempt is at ``endpos``, which is all ``match`` tries (the same
    match; the search would go on trying every place down to ``pos``)."""
    if endpos > pos and text[endpos - 1] == "\n":
        return rx.search(text, pos, endpos)
    return rx.match(text, pos, endpos)


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def occurrences(hay: str, needles, capitals: Optional[list[int]] = None) -> list[tuple[int, int]]:
    """Where each needle occurs in ``hay`` as whole words (sorted).  Plain
    ``str.find``: the cheap first pass before a costly regex.  With
    ``capitals`` (where ``hay``'s uppercase letters are,
    ``prefilter.capitals``) the needles that begin with one are looked up
    there instead of searched for."""
    return occurrences_each(hay, (needles,), capitals)[0]


def occurrences_each(hay: str, lists, capitals: Optional[list[int]] = None) -> list[list[tuple[int, int]]]:
    """``occurrences(hay, needles, capitals)`` for each list of needles of
    ``lists``, in one pass over the capitals and one search for each needle
    that no other begins."""
    lists = tuple(tuple(needles) for needles in lists)
    if capitals is None:
        return found_each(hay, lists)
    heads, rest = _capital_plan(lists)
    outs = found_each(hay, rest)
    if heads:
        n = len(hay)
        for i in capitals:
            bucket = heads.get(hay[i:i + 2])
            if bucket is None:
                continue
            word_first, any_of, nds = bucket
            if word_first and i and _is_word(hay[i - 1]) or not hay.startswith(any_of, i):
                continue  # inside a word, or none of them there
            for nd, k in nds:
                if hay.startswith(nd, i):
                    j = i + len(nd)
                    if j >= n or not _is_word(hay[j]) or not _is_word(nd[-1]):
                        outs[k].append((i, j))
        for out in outs:
            out.sort()
    return outs


@lru_cache(maxsize=64)
def _capital_plan(lists: tuple) -> tuple[dict, tuple]:
    """The needles that begin with an uppercase letter (``\\p{Lu}``, as
    ``prefilter.capitals`` finds them), by their first two characters, with
    the index of their list (once per time listed); and the other needles
    of each list."""
    by_head: dict[str, tuple] = {}
    rest = []
    for k, needles in enumerate(lists):
        others = []
        for nd in needles:
            if len(nd) >= 2 and UPPER_RE.match(nd):
                by_head[nd[:2]] = by_head.get(nd[:2], ()) + ((nd, k),)
            else:
                others.append(nd)
        rest.append(tuple(others))
    # each head: (whether its first character is a word character: then
    # nothing of it starts inside a word), all its needles as one tuple
    # for str.startswith, and its (needle, list index) pairs
    heads = {h: (_is_word(h[0]), tuple(nd for nd, _ in nds), nds) for h, nds in by_head.items()}
    return heads, tuple(rest)


def _found(hay: str, needles) -> list[tuple[int, int]]:
    return found_each(hay, (tuple(needles),))[0]


def found_each(hay: str, lists: tuple) -> list[list[tuple[int, int]]]:
    """``occurrences(hay, needles)`` (by ``str.find``) for each tuple of
    needles of ``lists``: one search for each needle that no other needle
    begins ("by" for "by", "by now" and "by the end of")."""
    outs: list[list[tuple[int, int]]] = [[] for _ in lists]
    n = len(hay)
    for head, members in _find_plan(lists):
        word_first = _is_word(head[0])  # every needle of the head begins with it
        i = hay.find(head)
        while i >= 0:
            if not (word_first and i and _is_word(hay[i - 1])):  # not inside a word
                for nd, k in members:
                    if hay.startswith(nd, i):
                        j = i + len(nd)
                        if j >= n or not _is_word(hay[j]) or not _is_word(nd[-1]):
                            outs[k].append((i, j))
            i = hay.find(head, i + 1)
    for out in outs:
        out.sort()
    return outs


def found_each_in(hay: str, lists: tuple, ranges) -> list[list[tuple[int, int]]]:
    """``found_each(hay, lists)`` keeping only the occurrences that begin
    inside one of ``ranges`` (sorted, disjoint (start, end) pairs): each
    head is searched for in those ranges only.  The same finds there: a
    needle's start must be in a range, so its head is searched up to
    ``end + len(head) - 1``, and the checks read the whole ``hay``."""
    outs: list[list[tuple[int, int]]] = [[] for _ in lists]
    n = len(hay)
    for head, members in _find_plan(lists):
        word_first = _is_word(head[0])
        reach = len(head) - 1
        for a, b in ranges:
            i = hay.find(head, a, b + reach)
            while i >= 0:
                if not (word_first and i and _is_word(hay[i - 1])):
                    for nd, k in members:
                        if hay.startswith(nd, i):
                            j = i + len(nd)
                            if j >= n or not _is_word(hay[j]) or not _is_word(nd[-1]):
                                outs[k].append((i, j))
                i = hay.find(head, i + 1, b + reach)
    for out in outs:
        out.sort()
    return outs


@lru_cache(maxsize=128)
def _find_plan(lists: tuple) -> tuple:
    """(head, ((needle, list index), ...)) for the needles that no other
    begins: each needle once per time it is listed."""
    heads: list[str] = []
    for nd in sorted({nd for needles in lists for nd in needles}, key=len):
        if not nd:
            raise ValueError("occurrences: an empty needle")
        if not any(nd.startswith(h) for h in heads):
            heads.append(nd)
    return tuple((h, tuple((nd, k) for k, needles in enumerate(lists) for nd in needles if nd.startswith(h)))
                 for h in heads)


def windows(spans: list[tuple[int, int]], before: int, after: int, n: int) -> list[tuple[int, int]]:
    """The spans widened and merged: where a costly regex has to look."""
    out: list[list[int]] = []
    for s, e in spans:
        s, e = max(0, s - before), min(n, e + after)
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]
