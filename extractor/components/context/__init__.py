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

Everything language-specific is in ``extractor/lang/<lang>/context.yaml``
and the context section of ``extractor/lang/<lang>/grammar.py``; the settings
that are not language (``location_lookback_sentences``, ``section_order``)
are the component's config (``pipelines/*.cfg``);
the record fields are documented in ``docs/ENTITIES.md``.

Layout: ``tables.py`` (the tables and shared text helpers), ``entities.py``
(1, and ``--model``), ``measures.py`` (2: subject, predicate, level, as-of),
``checks.py`` (2: consistency checks), ``linking.py`` (3); this module is the
spaCy component that runs them (and places facts: ``location``).
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from extractor.components.base import Fact, add_facts, doc_text, facts_of, inside_any
from extractor.components.context.checks import Checker, percent_agrees  # noqa: F401 (re-exported)
from extractor.components.context.entities import (EntityFinder, link_persons, load_model,  # noqa: F401
                                                   model_entities, resolve_overlaps)
from extractor.components.context.linking import link_documents
from extractor.components.context.measures import MAX_CLAUSE, ContextResolver, article_date, main_locality
from extractor.components.context.tables import (MEASURES, SECTION_ORDER, _apos, occurrences,  # noqa: F401
                                                 tables_for)
from extractor.components.index import doc_index
from extractor.components.prefilter import capitals as capitals_of
from extractor.components.resolve import Sentences

# ----------------------------------------------------------------------------
# The component


#: the component's settings that are not language (pipelines/*.cfg)
DEFAULT_CONFIG = {
    "lang": "en", "entities": True, "model": None,
    # A fact's location is the nearest place named in its sentence; when the
    # sentence names none, the last place named in this many sentences before
    # it; else the article's main locality.  0: the strict sentence-else-article rule.
    "location_lookback_sentences": 2,
    # Gazetteer sections in the order that decides an ambiguous name with no
    # kind word ("Dien Bien" is a province before it is a district).
    "section_order": list(SECTION_ORDER),
}


class ContextComponent:
    def __init__(self, nlp: Language, name: str, lang: str, entities: bool, model: Optional[str],
                 location_lookback_sentences: int = DEFAULT_CONFIG["location_lookback_sentences"],
                 section_order=SECTION_ORDER):
        if not isinstance(location_lookback_sentences, int) or location_lookback_sentences < 0:
            raise ValueError(f"{name}: location_lookback_sentences must be a whole number >= 0, "
                             f"not {location_lookback_sentences!r}")
        self.name = name
        self.lang = lang
        self.entities = entities
        self.lookback = location_lookback_sentences
        self.tables = tables_for(lang, tuple(section_order))
        self.finder = EntityFinder(nlp, self.tables)
        self.resolver = ContextResolver(self.tables)
        self.checker = Checker(self.tables)
        self.model_name = model or None
        self.model = load_model(model) if model else None

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        facts = facts_of(doc)
        art = doc._.article or {}
        sents = Sentences.of_doc(doc)
        urls = doc_index(doc).urls if ("http" in text or "www." in text) else []
        places_all = [p for p in self.finder.places(doc, text) if not inside_any(p.start, p.end, urls)]
        locality = main_locality(places_all)
        entities = self.finder.find(text, places_all, locality, urls, people=self.entities,
                                    capitals=capitals_of(doc, text))
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
        # a fact's as-of mark is one in its own sentence (``_as_of``): the
        # phrases are looked for in the sentences that hold a measure only
        in_sent = [sents.of(f.start) for f in measures]  # each measure's sentence, once
        marks = self.resolver.as_of_marks(text, dates, now, _merged(in_sent))
        mark_pos = [m[0] for m in marks]
        checks = self.checker.run(text, measures, sents)
        for f, (s0, s1) in zip(measures, in_sent):
            a = f.attrs
            subj, pred = subjects.get(id(f), (None, None))
            a["subject"] = subj or None
            a["predicate"] = pred or None
            # the end of ``resolver.bounds(f, sents)``
            window = self.resolver.level_window(text, f, subj, min(s1, f.end + MAX_CLAUSE))
            a["level"] = self.resolver.level(window, city_is_province)
            a["location"] = self._location(f, s0, s1, anchors, anchor_starts, locality,
                                           self._lookback_start(text, sents, f.start))
            a["as_of"] = self._as_of(f, s0, s1, marks, mark_pos)
            a["checks"] = checks.get(id(f)) or None
        link_documents([f for f in facts if f.type == "document_ref"], locality, district, self.tables)

        if self.entities:
            new = [Fact(e.type, e.start, e.end, e.attrs, e.rule) for e in entities]
            add_facts(doc, self.name, new)
        return doc

    def _lookback_start(self, text: str, sents: Sentences, pos: int) -> int:
        """Where the sentences a fact's location may come from begin: its own
        sentence and the ``location_lookback_sentences`` before it (blank
        ones not counted)."""
        i = max(0, bisect.bisect_right(sents.starts, pos) - 1)
        n = self.lookback
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


def _merged(spans) -> list[tuple[int, int]]:
    """The spans sorted, overlapping or touching ones merged (disjoint
    ranges, fewer to search)."""
    out: list[list[int]] = []
    for s, e in sorted(set(spans)):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


@Language.factory("extractor_context", default_config=DEFAULT_CONFIG,
                  assigns=["doc._.facts", "doc.spans"], requires=["doc._.facts", "token.is_sent_start"])
def make_context(nlp: Language, name: str, lang: str, entities: bool, model: Optional[str],
                 location_lookback_sentences: int, section_order: list[str]):
    return ContextComponent(nlp, name, lang, entities, model, location_lookback_sentences, section_order)
