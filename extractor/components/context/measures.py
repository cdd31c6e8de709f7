"""The context of counts and ratios: subject, predicate, level, as-of date."""

from __future__ import annotations

from collections import Counter
from typing import Optional

import regex

from extractor.components.base import Fact
from extractor.components.resolve import Sentences
from extractor.schema import parse_iso_partial
from extractor.components.context.tables import (ContextTables, Entity, Place, _DIGIT, _norm, found_each,
                                                 found_each_in, search_at_end)

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


#: How far around a fact its subject, predicate and level are read (characters): a
#: sentence of a thousand numbers costs time linear in its length (issue 12).
#: The articles' subjects and predicates are under 120 characters.
MAX_CLAUSE = 300


class ContextResolver:
    def __init__(self, tables: ContextTables):
        self.t = tables
        self._np_cache: dict = {}  # per doc: cleared by ContextComponent

    def reset(self) -> None:
        self._np_cache.clear()

    @staticmethod
    def bounds(f: Fact, sents: Sentences) -> tuple[int, int]:
        """The part of a fact's sentence its context is read from."""
        s0, s1 = sents.of(f.start)
        return max(s0, f.start - MAX_CLAUSE), min(s1, f.end + MAX_CLAUSE)

    # -- noun phrases
    def read_np(self, text: str, pos: int, limit: int) -> tuple[int, int]:
        """(start, end) of the noun phrase starting at ``pos`` (empty when none)."""
        t = self.t
        word_at, conj, stops = t.np_word_re.match, t.conj_words, t.np_stops
        ends_before, np_head = t.grammar.np_ends_before, t.grammar.np_head
        i, start, end = pos, None, pos
        head = False
        n = 0
        while i < limit:
            m = word_at(text, i, limit)
            if m is None:
                break
            w, p = m.group("w", "p")
            if p is not None:
                if p == "," and start is not None:
                    i = m.end()  # "district, town Party Committee Secretaries"
                    continue
                break
            lw = w.lower()
            if lw in conj:
                if start is None:
                    break
                i = m.end()  # a conjunct is kept only if a noun follows
                continue
            if lw in stops:
                break
            if head and ends_before(lw):
                break
            if start is None:
                start = m.start("w")
            i = end = m.end()
            n += 1
            if np_head(lw):
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
        development prospects", "at all levels"); kept per doc (a fact's
        subject and its level window read the same ones)."""
        key = ("mod", pos, limit)
        got = self._np_cache.get(key)
        if got is None:
            got = self._np_cache[key] = self._modifiers(text, pos, limit)
        return got

    def _modifiers(self, text: str, pos: int, limit: int) -> tuple[Optional[str], int]:
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
        bounds = {id(f): self.bounds(f, sents) for f in measures}
        after: dict[int, tuple] = {}
        for f in measures:
            s0, s1 = bounds[id(f)]
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
            s0, s1 = bounds[id(f)]
            if f.type == "ratio":
                # a verb before the ratio: "X account for 62%"
                bv = search_at_end(self.t.before_verbs_re, text, s0, f.start)
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
            s0, s1 = bounds[id(f)]
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
            got = self.t.first_full(self.t.levels, m.group(0))
            if got is not None:
                lv = got[0]
                if lv == "city":
                    lv = "province" if city_is_province else "district"
                found.add(lv)
        return found.pop() if len(found) == 1 else None

    # -- as of
    def as_of_marks(self, text: str, dates: list[Fact], now: Optional[str],
                    ranges=None) -> list[tuple[int, Optional[str]]]:
        """(position, value) of each as-of phrase: "as of <date>" gives the
        date's value, "up to now" the article's date (or None).  With
        ``ranges`` (sorted, disjoint), only the phrases that begin in them."""
        marks = {}
        dates_at = {d.start: d for d in dates}
        low = text.lower()
        lists = (self.t.as_of_phrases, self.t.now_phrases)
        as_of, nows = found_each(low, lists) if ranges is None else found_each_in(low, lists, ranges)
        for i, j in as_of:
            m = self.t.as_of_tail_re.match(text, j)
            if m is None:
                continue
            d = dates_at.get(m.end()) or dates_at.get(j + 1)
            if d is None:
                continue
            v = d.attrs.get("value") if d.attrs.get("kind") == "point" else d.attrs.get("end")
            if v:
                marks.setdefault(i, v)
        for i, _ in nows:
            marks.setdefault(i, now)
        return sorted(marks.items())
