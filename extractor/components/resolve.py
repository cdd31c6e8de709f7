"""Where the dimensions meet: one explicit priority, and the context of
documents.

1. Priority.  A character belongs to at most one fact: document_ref beats
   date beats ratio beats count ("30/2020/ND-CP" is not a date or a
   fraction; "168/177" is not two counts).  Within a type the longer, then
   the earlier, mention wins.
2. Document context, per mention, from its own sentence: the issuer (the
   body named after it, "of the Politburo"; before it, "Politburo Directive";
   the subject of "issued"; else the symbol's suffix), the issuing date
   ("dated ...", "issued on ...", "On April 27, ... issued ..."), and the
   quoted title.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import Optional

import regex
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from extractor import lang as lang_tables
from extractor.components.base import DisjointSpans, Fact, alternation, doc_text, facts_of
from extractor.components.index import _search_plan, doc_index
from extractor.components.prefilter import SLOT, CapitalHeads, literal_atom, prefix_lookahead, prefix_sequences
from extractor.components.prefilter import capitals as capitals_of

PRIORITY = {"document_ref": 0, "date": 1, "ratio": 2, "count": 3}

if not Doc.has_extension("dropped_facts"):
    # The facts the priority step dropped (they lost their characters to
    # another fact): never written as records; `extractor review` shows them.
    Doc.set_extension("dropped_facts", default=None)


def apply_priority(facts: list[Fact]) -> list[Fact]:
    """Keep the facts that win their characters (see the module docstring),
    in text order.  The kept ones are disjoint: whether a fact clashes with
    one of them is a bisection (``DisjointSpans``), not a scan, and adding
    one does not move all those after it (thousands of facts stay linear).
    Facts are not empty (a record's span never is)."""
    ranked = sorted(facts, key=lambda f: (PRIORITY.get(f.type, 9), -(f.end - f.start), f.start))
    taken = DisjointSpans()
    kept: list[Fact] = []
    for f in ranked:
        if not taken.overlaps(f.start, f.end):
            taken.add(f.start, f.end)
            kept.append(f)
    kept.sort(key=lambda f: f.start)
    return kept


class Sentences:
    """Character bounds of a doc's sentences, for "the mention's own sentence"."""

    def __init__(self, doc: Doc):
        if doc.has_annotation("SENT_START"):
            bounds = [(s.start_char, s.end_char) for s in doc.sents]
        else:
            bounds = [(0, len(doc_text(doc)))]
        self.bounds = bounds or [(0, len(doc_text(doc)))]
        self.starts = [b[0] for b in self.bounds]

    @classmethod
    def from_bounds(cls, bounds) -> "Sentences":
        self = cls.__new__(cls)
        self.bounds = [tuple(b) for b in bounds]
        self.starts = [b[0] for b in self.bounds]
        return self

    def of(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.starts, pos) - 1)
        return self.bounds[i]

    @classmethod
    def of_doc(cls, doc: Doc) -> "Sentences":
        """The doc's sentences, computed once (the sentence starts are final
        once the sentencizer has run; resolve, context and records share
        them)."""
        cached = doc.user_data.get("extractor_sentences")
        if cached is None:
            cached = doc.user_data["extractor_sentences"] = cls(doc)
        return cached


def article_locality(text: str, table: dict, capitals: Optional[list[int]] = None) -> str:
    """Whether the article's locality is a "City" (centrally-run) or a
    "Provincial" one: by the places the gazetteer knows, else by which of the
    language's cues (``locality_cues``: "City Party Committee" / "Provincial
    Party Committee", "Thành ủy" / "Tỉnh ủy") it names more."""
    places = locality_counts(text, capitals)
    if places:
        kind = max(places.values(), key=lambda v: (v[0], -v[1]))[2]
        return "City" if kind == "city" else "Provincial"
    city, prov = (sum(len(rx.findall(text)) for rx in _cue_res(table["language"], kind))
                  for kind in ("City", "Provincial"))
    return "City" if city > prov else "Provincial"


@lru_cache(maxsize=None)
def _cue_res(lang: str, kind: str) -> tuple:
    cues = lang_tables.load(lang)["locality_cues"].get(kind, [])
    return tuple(regex.compile(rf"(?i)\b{regex.escape(c)}") for c in cues)


@lru_cache(maxsize=None)
def _province_re():
    gaz = lang_tables.gazetteer()
    names = {}
    for p in gaz.get("provinces", []):
        for n in lang_tables.surface_forms(p):
            names[n] = (p["name"], p["kind"])
    if not names:
        return None, {}
    return regex.compile(rf"(?<![\w])(?:{alternation(names)})(?![\w])"), names


@lru_cache(maxsize=None)
def _province_heads() -> CapitalHeads:
    return CapitalHeads(_province_re()[1])


def locality_counts(text: str, capitals: Optional[list[int]] = None) -> dict:
    """{province name: (mentions, first offset, kind)} for the provinces and
    centrally-run cities the text names (``capitals``: where the text's
    uppercase letters are, ``prefilter.capitals``)."""
    rx, names = _province_re()
    if rx is None:
        return {}
    out: dict = {}
    for m in _province_heads().finditer(rx, text, capitals):
        name, kind = names[m.group(0)]
        n, first, _ = out.get(name, (0, m.start(), kind))
        out[name] = (n + 1, first, kind)
    return out


@lru_cache(maxsize=None)
def _place_kinds() -> dict:
    gaz = lang_tables.gazetteer()
    kinds = {}
    for section, default in (("districts", "district"), ("provinces", "province")):
        for p in gaz.get(section, []):
            kind = p.get("kind", default)
            if section == "districts":
                kind = "district"
            for n in lang_tables.surface_forms(p):
                kinds[n.lower()] = kind
    return kinds


_DIGIT_START_RE = regex.compile(r"(?<![\w])\d")


class _IssuerStarts:
    """Where a match of the issuer phrases can start in a window of a
    text, without the phrases' scan (each capitalised word passes their
    place slot: some 300 ns a character in English).  Every match begins
    with one of ``prefix_sequences``'s atom tuples; a tuple begins with
    the place slot (whose first character is ``\\p{Lu}``: one of the
    text's ``capitals``), a digit (``\\d``), or literal characters (the
    head: one of the lowercase ``words`` found by ``str.find`` in the
    lowercase text, as ``DocIndex.occurrences`` finds them).  ``usable``
    is False when a tuple begins otherwise: the caller scans."""

    HEAD = 4  # characters of a head looked for (fewer searches, a few more candidates; measured)

    def __init__(self, seqs, slot: str):
        self.usable = False
        self.slot = self.digit = False
        heads = set()
        for atoms in seqs or ():
            if atoms[0] == slot:
                self.slot = True
            elif atoms[0] == r"[\d]":
                self.digit = True
            else:
                head = ""
                for a in atoms:
                    c = literal_atom(a)
                    if c is None:
                        break
                    head += c
                if not head:
                    return
                heads.add(head[:self.HEAD])
        self.plan = _search_plan(frozenset(heads)) if heads else ((), ())
        # Without the place slot the phrases' own scan is cheap (their prefix
        # lookahead turns a word away at once): it stays (measured, Vietnamese).
        self.usable = seqs is not None and self.plan is not None and self.slot

    def starts(self, text: str, start: int, end: int, lower_text: Optional[str],
               capitals: Optional[list[int]]) -> Optional[list[int]]:
        """Sorted candidate starts in [start, end); None: scan instead."""
        if not self.usable or lower_text is None or (self.slot and capitals is None) \
                or any(c in text for c in self.plan[1]):
            return None
        found: set[int] = set()
        for w in self.plan[0]:
            p = lower_text.find(w, start, end)
            while p >= 0:
                found.add(p)
                p = lower_text.find(w, p + 1, end)
        if self.slot:
            found.update(capitals[bisect.bisect_left(capitals, start):bisect.bisect_left(capitals, end)])
        if self.digit:
            found.update(m.start() for m in _DIGIT_START_RE.finditer(text, start, end))
        return sorted(found)


TITLE = object()  # an issuer phrase that names a person's office, not a body


def _words_re(words, *, ordered: bool = False) -> str:
    """An alternation of table phrases, spaces matching any white space
    (longest first unless ``ordered``: then in the table's order)."""
    items = list(dict.fromkeys(words)) if ordered else sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in items)


class DocumentContext:
    """Issuer, issuing date and title of each document mention.

    Every word comes from the language's ``documents.yaml`` (issuer phrases,
    links, verbs) and Vietnam's ``vn/documents.yaml``; whether a body may
    stand right before the type word ("Politburo Directive No 35") is the
    grammar's ``HEAD_FIRST_DOCUMENTS``."""

    def __init__(self, table: dict, grammar):
        self.grammar = grammar
        self.shared_list_date = table["shared_list_date"]
        self.place_kinds = table["issuer_place_kinds"]
        words = r"(?:\p{Lu}[\w'’-]*\s+){1,3}"  # the capitalised words of a place
        place = rf"(?:(?-i:(?P<place>{words})))?"
        place_words = rf"(?-i:{words})"
        # offices first: "Politburo member" is an office, not the Politburo
        phrases = [(p, TITLE) for p in table["office_phrases"]] + list(table["issuer_phrases"])
        alts = []
        self.canon: list = []
        for i, (pattern, canonical) in enumerate(phrases):
            alts.append(f"(?P<i{i}>{pattern.replace('{place}', place)})")
            self.canon.append(canonical)
        # what every phrase begins with, checked before the forty phrases are
        # tried at a word (most words fail it at once: no match changes)
        first = prefix_lookahead((p.replace("{place}", f"(?:{SLOT})?") for p, _ in phrases),
                                 slot=place_words) or ""
        self.issuer_re = regex.compile(rf"(?i)(?<![\w]){first}(?:{'|'.join(alts)})(?![\w])")
        self.issuer_starts = _IssuerStarts(
            prefix_sequences((p.replace("{place}", f"(?:{SLOT})?") for p, _ in phrases), slot=place_words),
            place_words)
        the = (rf"(?:(?:{_words_re(table['definite_articles'])})\s+)?"
               if table["definite_articles"] else "")
        links = alternation(table["issuer_links"])
        self.after_re = regex.compile(rf"(?i)\s*,?\s*(?:{links})\s+{the}")
        self.by_re = regex.compile(rf"(?i)\b(?:{_words_re(table['agent_links'])})\s+{the}")
        self.verb_re = regex.compile(rf"(?i)\b(?:{alternation(table['issue_verbs'])})\b")
        self.date_link_re = regex.compile(rf"(?i)\s*,?\s*(?:{alternation(table['date_links'])})\s+")
        self.title_re = regex.compile(
            rf"(?i)\s*,?\s*(?:(?:{_words_re(table['title_links'], ordered=True)})\s*,?\s*)?"
            r"[\"“](?P<t>[^\"“”\n]{3,400})[\"”]"
        )
        conj = _words_re(table["conjunctions"], ordered=True)
        self.chain_re = regex.compile(rf"(?i)\s*(?:,\s*(?:{conj})?|{conj})\s*")
        self.coord_re = regex.compile(rf"(?i)\s*(?:,\s*(?:{conj})?|{conj})\s*{the}")
        preps = table["date_prepositions"]
        self.on_window = max((len(w) for w in preps), default=0) + 2
        self.on_re = regex.compile(rf"(?i)\b(?:{_words_re(preps, ordered=True)})\s+$")
        self.reference_re = regex.compile(
            rf"(?i)\b(?:{alternation(table['reference_words'])})\s+{the}(?:\w+\s+)?$")
        poss = _words_re(table["possessives"], ordered=True)
        self.before_gap_re = regex.compile(rf"(?:{poss})?\s*" if poss else r"\s*")
        self.relative_re = regex.compile(
            rf"(?i)\s*,?\s*(?:{_words_re(table['relative_words'])})\s+{the}") \
            if table["relative_words"] else None
        self.link_before_re = regex.compile(rf"(?i)\b(?:{links})\s+{the}$")
        self.type_word_re = regex.compile(
            rf"(?i)(?<![\w])(?:{alternation(table['doc_words'])})(?![\w])")
        self.type_words = {k.lower(): v for k, v in table["doc_words"].items()}

    def issuers_in(self, text: str, start: int, end: int, where: dict) -> list[regex.Match]:
        """``list(issuer_re.finditer(text, start, end))``: anchored matches
        at the candidate starts (``_IssuerStarts``; ``where``: the text's
        ``lower_text`` and ``capitals``, when known)."""
        cands = self.issuer_starts.starts(text, start, end, where.get("lower_text"), where.get("capitals"))
        if cands is None:
            return list(self.issuer_re.finditer(text, start, end))
        out, last, match = [], -1, self.issuer_re.match
        for p in cands:
            if p >= last:
                m = match(text, p, end)
                if m is not None:
                    out.append(m)
                    last = m.end()
        return out

    def issuer_at(self, text: str, pos: int, end: Optional[int] = None) -> Optional[regex.Match]:
        return self.issuer_re.match(text, pos, end if end is not None else len(text))

    def _index(self, m: regex.Match) -> int:
        name = m.lastgroup  # the phrase's group closes last
        if name and name[0] == "i" and name[1:].isdigit():
            return int(name[1:])
        for i in range(len(self.canon)):
            if m.group(f"i{i}") is not None:
                return i
        raise AssertionError("issuer match without a group")

    def is_office(self, m: regex.Match) -> bool:
        return self.canon[self._index(m)] is TITLE

    def canonical(self, m: regex.Match, locality: str) -> Optional[str]:
        """The listed issuer name of a match; None for a body that is not a
        listed issuer ("Ban Tổ chức Trung ương", a ministry other than Home
        Affairs)."""
        c = self.canon[self._index(m)]
        if c is None or c is TITLE:
            return None
        if "{Place}" in c:
            kind = self._kind_of(m.group("place") or "")
            c = c.replace("{Place}", self.place_kinds.get(kind, locality))
        return c.replace("{Locality}", locality)

    @staticmethod
    def _kind_of(place: str) -> Optional[str]:
        kinds = _place_kinds()
        words = place.strip().split()
        for n in range(len(words)):
            k = kinds.get(" ".join(words[n:]).lower())
            if k:
                return k
        return None

    @staticmethod
    def _same(a: Fact, b: Fact) -> bool:
        """Whether two mentions name the same document (type and number)."""
        return (a.attrs["doc_type"] == b.attrs["doc_type"]
                and a.attrs["number"].lstrip("0") == b.attrs["number"].lstrip("0"))

    def _dated(self, text: str, pos: int, dates_at: dict) -> tuple[Optional[Fact], int]:
        """A "dated <date>" right at pos: (the date fact, position after it)."""
        m = self.date_link_re.match(text, pos)
        if m and m.end() in dates_at:
            d = dates_at[m.end()]
            return d, d.end
        return None, pos

    def _bodies(self, text: str, sent: tuple[int, int], end: int, cache: dict) -> list[regex.Match]:
        """Issuer phrases of the sentence ``sent`` that end by ``end``,
        offices left out (each sentence is scanned once: ``cache``)."""
        got = cache.get(sent)
        if got is None:
            ms = [m for m in self.issuers_in(text, sent[0], sent[1], cache.get("where", {}))
                  if not self.is_office(m)]
            got = cache[sent] = (ms, [m.end() for m in ms])
        return got[0][:bisect.bisect_right(got[1], end)]

    def _verbs(self, text: str, sent: tuple[int, int], end: int, cache: dict) -> list[regex.Match]:
        """Issuing verbs of the sentence ``sent`` that end by ``end``."""
        got = cache.get(sent)
        if got is None:
            ms = list(self.verb_re.finditer(text, sent[0], sent[1]))
            got = cache[sent] = (ms, [m.end() for m in ms])
        return got[0][:bisect.bisect_right(got[1], end)]

    def _subject(self, text: str, sent: tuple[int, int], verb_start: int, cache: dict) -> Optional[regex.Match]:
        """The body that is the subject of an issuing verb: the last body
        named before it, or, when that body closes a coordination ("the
        Politburo and the Secretariat issued", "Bộ Chính trị, Ban Bí thư ban
        hành"), the first listed body of the coordination.  A body after a
        link word ("proposal of X, Y issued") is not coordinated with it."""
        s_start = sent[0]
        bodies = self._bodies(text, sent, verb_start, cache)
        if not bodies:
            return None
        i = len(bodies) - 1
        chain = [bodies[i]]
        while i > 0:
            prev = bodies[i - 1]
            gap = self.coord_re.fullmatch(text, prev.end(), bodies[i].start())
            if gap is None or self.link_before_re.search(text, max(s_start, prev.start() - 20), prev.start()):
                break
            chain.insert(0, prev)
            i -= 1
        for m in chain:
            if self.canon[self._index(m)] is not None:
                return m
        return chain[-1]

    @staticmethod
    def _key(f: Fact) -> tuple:
        return f.attrs["doc_type"], f.attrs["number"].lstrip("0")

    @staticmethod
    def _is_alias(text: str, f: Fact, earlier: Optional[Fact], s_start: int) -> bool:
        """Whether f is a bracketed alias of ``earlier`` (the last mention of
        the same document before it) in its sentence ("Chỉ thị số 45-CT/TW
        ngày 14/4/2025 của Bộ Chính trị (Chỉ thị số 45)")."""
        return (earlier is not None and earlier.start >= s_start
                and regex.search(r"\(\s*$", text[max(s_start, f.start - 3):f.start]) is not None
                and regex.match(r"\s*\)", text[f.end:f.end + 3]) is not None)

    def _previous_sentence_issuer(self, text: str, f: Fact, starts: list[int], sents: "Sentences",
                                  s_start: int, cache: dict) -> Optional[regex.Match]:
        """The body that the sentence before announces the document in ("The
        Politburo has issued a new regulation on ... . Regulation No. 65
        ..."): the subject of an issuing verb whose object is a type word of
        the same type with no number (the sentence has no mention)."""
        if s_start == 0:
            return None
        p_start, p_end = sents.of(s_start - 1)
        i = bisect.bisect_left(starts, p_start)
        if i < len(starts) and starts[i] < p_end:
            return None
        for v in self.verb_re.finditer(text, p_start, p_end):
            for tw in self.type_word_re.finditer(text, v.end(), min(p_end, v.end() + 40)):
                if self.type_words.get(regex.sub(r"\s+", " ", tw.group(0).lower())) == f.attrs["doc_type"]:
                    return self._subject(text, (p_start, p_end), v.start(), cache)
        return None

    def resolve(self, text: str, docs: list[Fact], dates: list[Fact], sents: Sentences,
                locality: str, where: Optional[dict] = None) -> None:
        """``where``: ``lower_text`` and ``capitals`` of the text (as the Doc's
        index and ``prefilter.capitals`` give them), to find issuer phrases
        at candidate starts instead of scanning."""
        where = where or {}
        dates_at = {d.start: d for d in dates if d.attrs.get("kind") == "point"}
        doc_at = {d.start: d for d in docs}
        named: dict[int, Optional[str]] = {}  # issuers the sentence names, by mention start
        last_of: dict[tuple, Fact] = {}  # the last mention of each document so far
        names_body: dict[int, bool] = {}  # whether a sentence (by start) names a body
        starts = [o.start for o in docs]
        date_starts = [d.start for d in dates]
        bodies_cache: dict = {"where": where}
        verbs_cache: dict = {}
        for n, f in enumerate(docs):
            sent = s_start, s_end = sents.of(f.start)
            a = f.attrs
            # issuing date and title right after the mention
            d, pos = self._dated(text, f.end, dates_at)
            if d is not None:
                a["issued_on"] = d.attrs["value"]
            t = self.title_re.match(text, pos)
            if t and t.start("t") - pos < 40:
                a["title"] = t.group("t").strip()
            # issuer: right before ("Politburo Directive No 35", "the
            # Government's Decree"; not where the head word comes first),
            # else after (past a coordinated list and a "dated" clause: "...
            # and Resolutions 18 and 19 of the Politburo").  A body named
            # there that is not a listed issuer makes the issuer null.
            issuer = None
            found = False
            if not self.grammar.HEAD_FIRST_DOCUMENTS:
                for im in self.issuers_in(text, max(s_start, f.start - 80), f.start, where):
                    if self.is_office(im):
                        continue
                    if self.before_gap_re.fullmatch(text[im.end():f.start]):
                        issuer, found = self.canonical(im, locality), True
            p = f.end
            shared = None
            while True:
                d, p = self._dated(text, p, dates_at)
                if d is not None and shared is None and p > f.end:
                    shared = d
                c = self.chain_re.match(text, p)
                if c and c.end() in doc_at and doc_at[c.end()] is not f:
                    p = doc_at[c.end()].end
                    continue
                break
            if self.shared_list_date and a["issued_on"] is None and shared is not None:
                # "Nghị quyết số 125/NQ-CP và Nghị quyết số 126/NQ-CP ngày 9/5/2025"
                a["issued_on"] = shared.attrs["value"]
            m = self.after_re.match(text, p, s_end) if not found else None
            if m:
                im = self.issuer_at(text, m.end(), s_end)
                if im and not self.is_office(im):
                    issuer, found = self.canonical(im, locality), True
                    if a["issued_on"] is None:
                        # "... of the Politburo dated 02/02/2023"
                        d, _ = self._dated(text, im.end(), dates_at)
                        if d is not None:
                            a["issued_on"] = d.attrs["value"]
            if not found and self.relative_re is not None:
                # a relative clause naming the issuer: "Resolution 57, which
                # the Politburo issued on ...", "Nghị quyết 57 mà Bộ Chính trị
                # ban hành ngày ..."
                r = self.relative_re.match(text, p, s_end)
                im = self.issuer_at(text, r.end(), s_end) if r else None
                if im and not self.is_office(im):
                    v = self._verb_soon(text, im.end(), s_end)
                    if v is not None:
                        issuer, found = self.canonical(im, locality), True
                        if a["issued_on"] is None:
                            d, _ = self._dated(text, v.end(), dates_at)
                            if d is not None:
                                a["issued_on"] = d.attrs["value"]
            if not found:
                k = bisect.bisect_right(starts, f.end)
                nxt_doc = min((o.start for o in docs[k:k + 2] if o.start > f.end), default=s_end)
                for by in self.by_re.finditer(text, f.end, min(s_end, nxt_doc)):
                    if self.issuers_in(text, f.end, by.start(), where):
                        break  # "In Resolution X, the Government approved ... submitted by Y"
                    im = self.issuer_at(text, by.end(), s_end)
                    if im and not self.is_office(im):
                        issuer, found = self.canonical(im, locality), True
                        break
            if not found or a["issued_on"] is None:
                # the subject of "issued" earlier in the sentence
                verbs = self._verbs(text, sent, f.start, verbs_cache)
                # Only the verb's objects: a mention after "implementing",
                # "under", "pursuant to" ... is another document, unless it is
                # an object named again ("issued Directive 24-CT/TU ... on
                # implementing Directive 24-CT/TU").
                referred = self.reference_re.search(text, max(s_start, f.start - 40), f.start)
                if verbs and (not referred or any(
                        self._same(o, f) for o in docs[bisect.bisect_left(starts, verbs[-1].end()):n]
                        if o.end <= f.start)):
                    v = verbs[-1]
                    if not found:
                        subj = self._subject(text, sent, v.start(), bodies_cache)
                        if subj is not None:
                            issuer, found = self.canonical(subj, locality), True
                    if a["issued_on"] is None:
                        for d in dates[bisect.bisect_left(date_starts, s_start):
                                       bisect.bisect_left(date_starts, v.start())]:
                            if d.end <= v.start() and d.attrs.get("kind") == "point" \
                                    and self.on_re.search(text, max(s_start, d.start - self.on_window), d.start):
                                a["issued_on"] = d.attrs["value"]
            earlier = last_of.get(self._key(f))
            last_of[self._key(f)] = f
            if self._is_alias(text, f, earlier, s_start):
                # its own record: the issuer its sentence names, no date or title
                a["issued_on"] = a["title"] = None
                if not found and earlier.start in named:
                    issuer, found = named[earlier.start], True
            if not found and a.get("code_issuer") is None and earlier is None:
                if s_start not in names_body:
                    names_body[s_start] = bool(self._bodies(text, sent, s_end, bodies_cache))
                if not names_body[s_start]:
                    im = self._previous_sentence_issuer(text, f, starts, sents, s_start, bodies_cache)
                    if im is not None:
                        issuer, found = self.canonical(im, locality), True
            if found:
                named[f.start] = issuer
            if not found and a.get("code_issuer"):
                issuer = a["code_issuer"].replace("{Locality}", locality)
            a["issuer"] = issuer

    def _verb_soon(self, text: str, pos: int, end: int) -> Optional[regex.Match]:
        """An issuing verb within three words after pos ("the Politburo has
        just issued")."""
        for v in self.verb_re.finditer(text, pos, min(end, pos + 40)):
            if regex.fullmatch(r"(?:\s+\w+){0,3}\s+", text[pos:v.start()]):
                return v
        return None


@lru_cache(maxsize=None)
def context_for(lang: str) -> DocumentContext:
    return DocumentContext(lang_tables.load(lang), lang_tables.grammar(lang))


@Language.factory("extractor_resolve", default_config={"lang": "en"},
                  assigns=["doc._.facts"], requires=["doc._.facts", "token.is_sent_start"])
def make_resolve(nlp: Language, name: str, lang: str):
    table = lang_tables.load(lang)
    ctx = context_for(lang)

    def resolve_component(doc: Doc) -> Doc:
        found = facts_of(doc)
        facts = apply_priority(found)
        kept = {id(f) for f in facts}
        doc._.dropped_facts = [f for f in found if id(f) not in kept]
        art = doc._.article or {}
        text = doc_text(doc)
        capitals = capitals_of(doc, text)
        locality = art.get("locality") or article_locality(text, table, capitals)
        docs = [f for f in facts if f.type == "document_ref"]
        dates = [f for f in facts if f.type == "date"]
        where = {"lower_text": doc_index(doc).lower_text, "capitals": capitals} if docs else None
        ctx.resolve(text, docs, dates, Sentences.of_doc(doc), locality, where)
        doc._.facts = facts
        return doc

    return resolve_component


# The sentence cache in ``doc.user_data`` survives DocBin / Doc.to_bytes.
_SENTENCES_TAG = "__extractor_sentences__"


def _encode_sentences(obj, chain=None):
    if isinstance(obj, Sentences):
        return {_SENTENCES_TAG: [list(b) for b in obj.bounds]}
    return obj if chain is None else chain(obj)


def _decode_sentences(obj, chain=None):
    if isinstance(obj, dict) and _SENTENCES_TAG in obj:
        return Sentences.from_bounds(obj[_SENTENCES_TAG])
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("extractor_sentences", func=_encode_sentences)
srsly.msgpack_decoders.register("extractor_sentences", func=_decode_sentences)
