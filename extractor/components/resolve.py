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
from spacy.language import Language
from spacy.tokens import Doc

from extractor import lang as lang_tables
from extractor.components.base import Fact, alternation, doc_text, facts_of

PRIORITY = {"document_ref": 0, "date": 1, "ratio": 2, "count": 3}

if not Doc.has_extension("dropped_facts"):
    # The facts the priority step dropped (they lost their characters to
    # another fact): never written as records; `extractor review` shows them.
    Doc.set_extension("dropped_facts", default=None)


def apply_priority(facts: list[Fact]) -> list[Fact]:
    """Keep the facts that win their characters (see the module docstring)."""
    ranked = sorted(facts, key=lambda f: (PRIORITY.get(f.type, 9), -(f.end - f.start), f.start))
    kept: list[Fact] = []
    starts: list[int] = []  # kept facts sorted by start, for overlap look-ups
    ordered: list[Fact] = []
    for f in ranked:
        i = bisect.bisect_left(starts, f.start)
        clash = False
        for j in (i - 1, i):
            if 0 <= j < len(ordered) and ordered[j].overlaps(f):
                clash = True
        # a kept fact starting inside f
        k = i
        while not clash and k < len(ordered) and ordered[k].start < f.end:
            clash = ordered[k].overlaps(f)
            k += 1
        if clash:
            continue
        starts.insert(i, f.start)
        ordered.insert(i, f)
        kept.append(f)
    return ordered


class Sentences:
    """Character bounds of a doc's sentences, for "the mention's own sentence"."""

    def __init__(self, doc: Doc):
        if doc.has_annotation("SENT_START"):
            bounds = [(s.start_char, s.end_char) for s in doc.sents]
        else:
            bounds = [(0, len(doc_text(doc)))]
        self.bounds = bounds or [(0, len(doc_text(doc)))]
        self.starts = [b[0] for b in self.bounds]

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


def article_locality(text: str, table: dict) -> str:
    """Whether the article's locality is a "City" (centrally-run) or a
    "Provincial" one: by the places the gazetteer knows, else by which of
    "City Party Committee" / "Provincial Party Committee" it names more."""
    places = locality_counts(text)
    if places:
        kind = max(places.values(), key=lambda v: (v[0], -v[1]))[2]
        return "City" if kind == "city" else "Provincial"
    city = len(regex.findall(r"(?i)\bcity party committee", text))
    prov = len(regex.findall(r"(?i)\bprovincial party committee", text))
    return "City" if city > prov else "Provincial"


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


def locality_counts(text: str) -> dict:
    """{province name: (mentions, first offset, kind)} for the provinces and
    centrally-run cities the text names."""
    rx, names = _province_re()
    if rx is None:
        return {}
    out: dict = {}
    for m in rx.finditer(text):
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


class DocumentContext:
    """Issuer, issuing date and title of each document mention."""

    def __init__(self, table: dict):
        place = r"(?:(?-i:(?P<place>(?:[A-ZĐ][\w'’-]*\s+){1,3})))?"
        alts = []
        self.canon = []
        for i, (pattern, canonical) in enumerate(table["issuer_phrases"]):
            alts.append(f"(?P<i{i}>{pattern.replace('{place}', place)})")
            self.canon.append(canonical)
        self.issuer_re = regex.compile(rf"(?i)(?<![\w])(?:{'|'.join(alts)})(?![\w])")
        links = alternation(table["issuer_links"])
        self.after_re = regex.compile(rf"(?i)\s*,?\s*(?:{links})\s+(?:the\s+)?")
        self.by_re = regex.compile(r"(?i)\b(?:signed|issued|submitted|promulgated|approved)\s+by\s+(?:the\s+)?")
        self.verb_re = regex.compile(rf"(?i)\b(?:{alternation(table['issue_verbs'])})\b")
        self.date_link_re = regex.compile(rf"(?i)\s*,?\s*(?:{alternation(table['date_links'])})\s+")
        self.title_re = regex.compile(
            r"(?i)\s*,?\s*(?:(?:on|about|regarding|titled|entitled|named|on the)\s*,?\s*)?[\"“](?P<t>[^\"“”\n]{3,400})[\"”]"
        )
        self.chain_re = regex.compile(r"(?i)\s*(?:,\s*(?:and|or)?|and|or)\s*")
        self.on_re = regex.compile(r"(?i)\b(?:on|in)\s+$")
        self.reference_re = regex.compile(
            rf"(?i)\b(?:{alternation(table['reference_words'])})\s+(?:the\s+)?(?:\w+\s+)?$")

    def issuer_at(self, text: str, pos: int, end: Optional[int] = None) -> Optional[regex.Match]:
        return self.issuer_re.match(text, pos, end if end is not None else len(text))

    def canonical(self, m: regex.Match, locality: str) -> str:
        for i, c in enumerate(self.canon):
            if m.group(f"i{i}") is not None:
                if "{Place}" in c:
                    kind = self._kind_of(m.group("place") or "")
                    c = c.replace("{Place}", {"city": "City", "province": "Provincial",
                                              "district": "District"}.get(kind, locality))
                return c.replace("{Locality}", locality)
        return m.group(0)

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

    def resolve(self, text: str, docs: list[Fact], dates: list[Fact], sents: Sentences,
                locality: str) -> None:
        dates_at = {d.start: d for d in dates if d.attrs.get("kind") == "point"}
        doc_at = {d.start: d for d in docs}
        for f in docs:
            s_start, s_end = sents.of(f.start)
            a = f.attrs
            # issuing date and title right after the mention
            d, pos = self._dated(text, f.end, dates_at)
            if d is not None:
                a["issued_on"] = d.attrs["value"]
            t = self.title_re.match(text, pos)
            if t and t.start("t") - pos < 40:
                a["title"] = t.group("t").strip()
            # issuer: right before ("Politburo Directive No 35", "the
            # Government's Decree"), else after (past a coordinated list and
            # a "dated" clause: "... and Resolutions 18 and 19 of the Politburo")
            issuer = None
            for im in self.issuer_re.finditer(text, max(s_start, f.start - 80), f.start):
                if regex.fullmatch(r"(?:'s|’s)?\s*", text[im.end():f.start]):
                    issuer = self.canonical(im, locality)
            p = f.end
            while True:
                _, p = self._dated(text, p, dates_at)
                c = self.chain_re.match(text, p)
                if c and c.end() in doc_at and doc_at[c.end()] is not f:
                    p = doc_at[c.end()].end
                    continue
                break
            m = self.after_re.match(text, p, s_end) if issuer is None else None
            if m:
                im = self.issuer_at(text, m.end(), s_end)
                if im:
                    issuer = self.canonical(im, locality)
                    if a["issued_on"] is None:
                        # "... of the Politburo dated 02/02/2023"
                        d, _ = self._dated(text, im.end(), dates_at)
                        if d is not None:
                            a["issued_on"] = d.attrs["value"]
            if issuer is None:
                nxt_doc = min((o.start for o in docs if o.start > f.end), default=s_end)
                for by in self.by_re.finditer(text, f.end, min(s_end, nxt_doc)):
                    if self.issuer_re.search(text, f.end, by.start()):
                        break  # "In Resolution X, the Government approved ... submitted by Y"
                    im = self.issuer_at(text, by.end(), s_end)
                    if im:
                        issuer = self.canonical(im, locality)
                        break
            if issuer is None or a["issued_on"] is None:
                # the subject of "issued" earlier in the sentence
                verbs = list(self.verb_re.finditer(text, s_start, f.start))
                # Only the verb's objects: a mention after "implementing",
                # "under", "pursuant to" ... is another document, unless it is
                # an object named again ("issued Directive 24-CT/TU ... on
                # implementing Directive 24-CT/TU").
                referred = self.reference_re.search(text, max(s_start, f.start - 40), f.start)
                if verbs and (not referred or any(
                        self._same(o, f) for o in docs
                        if verbs[-1].end() <= o.start and o.end <= f.start)):
                    v = verbs[-1]
                    if issuer is None:
                        subj = [im for im in self.issuer_re.finditer(text, s_start, v.start())]
                        if subj:
                            issuer = self.canonical(subj[-1], locality)
                    if a["issued_on"] is None:
                        for d in dates:
                            if s_start <= d.start and d.end <= v.start() and d.attrs.get("kind") == "point" \
                                    and self.on_re.search(text, max(s_start, d.start - 4), d.start):
                                a["issued_on"] = d.attrs["value"]
            if issuer is None and a.get("code_issuer"):
                issuer = a["code_issuer"].replace("{Locality}", locality)
            a["issuer"] = issuer


@lru_cache(maxsize=None)
def context_for(lang: str) -> DocumentContext:
    return DocumentContext(lang_tables.load(lang))


@Language.factory("extractor_resolve", default_config={"lang": "en"})
def make_resolve(nlp: Language, name: str, lang: str):
    table = lang_tables.load(lang)
    ctx = context_for(lang)

    def resolve_component(doc: Doc) -> Doc:
        found = facts_of(doc)
        facts = apply_priority(found)
        kept = {id(f) for f in facts}
        doc._.dropped_facts = [f for f in found if id(f) not in kept]
        art = doc._.article or {}
        locality = art.get("locality") or article_locality(doc_text(doc), table)
        docs = [f for f in facts if f.type == "document_ref"]
        dates = [f for f in facts if f.type == "date"]
        ctx.resolve(doc_text(doc), docs, dates, Sentences.of_doc(doc), locality)
        doc._.facts = facts
        return doc

    return resolve_component
