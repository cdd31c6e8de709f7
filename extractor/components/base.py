"""What components share: the Fact (a mention with its values) and where
facts live on a Doc.

Facts are kept at character precision in ``doc._.facts`` (a list); spaCy
spans (token-aligned, for display and for spaCy tools) are mirrored in
``doc.spans[<component name>]``.  Character precision matters because the
record contract is character offsets and "60-70%" or "No.19-DA/TU" are single
tokens for spaCy's English tokenizer.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any, Callable, Iterable

import numpy
import regex
import srsly
from spacy.attrs import IDX, LOWER
from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("facts"):
    Doc.set_extension("facts", default=None)
if not Doc.has_extension("article"):
    # Article-level metadata set by the pipeline runner: doc_id, source, locality.
    Doc.set_extension("article", default=None)


@dataclass
class Fact:
    """One mention found by a rule: its type, exact character span and values."""

    type: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
    rule: str = ""

    def overlaps(self, other: "Fact") -> bool:
        return self.start < other.end and other.start < self.end


_TEXT_KEY = "extractor.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc: spaCy rebuilds it from every token
    on each access (about 0.3 ms for a 5 kB article), and each component
    needs it."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def set_doc_text(doc: Doc, text: str) -> None:
    """Tell ``doc_text`` the text the Doc was made from (``nlp.make_doc(text)``
    keeps it exactly, so it need not be joined again)."""
    doc.user_data[_TEXT_KEY] = text


def facts_of(doc: Doc) -> list[Fact]:
    if doc._.facts is None:
        doc._.facts = []
    return doc._.facts


def add_facts(doc: Doc, name: str, facts: list[Fact]) -> None:
    """Store facts on the doc and mirror them as spaCy spans under ``name``."""
    facts_of(doc).extend(facts)
    spans = []
    for f in facts:
        span = doc.char_span(f.start, f.end, label=f.type, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[name] = spans


# URLs are furniture: nothing inside one is annotated.
URL_RE = regex.compile(r"\b(?:https?://|www\.)[^\s<>\"]+", regex.I)


def url_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in URL_RE.finditer(text)]


def inside_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


class SpanIndex:
    """Spans (in any order, overlapping or not) to test many spans against:
    ``overlaps(start, end)`` is ``inside_any(start, end, spans)`` by a
    bisection instead of a scan (a text with thousands of mentions stays
    linear)."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.max_ends = list(accumulate((e for _, e in ordered), max))  # of the spans up to each

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # the spans starting before ``end``
        return i > 0 and self.max_ends[i - 1] > start


class DisjointSpans:
    """Pairwise disjoint spans, kept sorted: whether a new span overlaps one
    of them is a bisection, not a scan (a text with thousands of mentions
    stays linear).  They are kept in blocks of at most ``2 * BLOCK``, so
    that adding one out of order moves one block, not all the spans after
    it (list.insert in a loop is quadratic)."""

    BLOCK = 512

    def __init__(self):
        self._starts: list[list[int]] = []  # the blocks, in order
        self._ends: list[list[int]] = []
        self._firsts: list[int] = []  # the first start of each block

    def overlaps(self, start: int, end: int) -> bool:
        b = bisect.bisect_left(self._firsts, end) - 1  # the last block with a span starting before ``end``
        if b < 0:
            return False
        i = bisect.bisect_left(self._starts[b], end)  # >= 1; the next block's spans start at ``end`` or after
        return self._ends[b][i - 1] > start

    def add(self, start: int, end: int) -> None:
        b = max(0, bisect.bisect_left(self._firsts, start) - 1)
        if not self._starts:
            self._starts.append([])
            self._ends.append([])
            self._firsts.append(start)
        starts, ends = self._starts[b], self._ends[b]
        i = bisect.bisect_left(starts, start)
        starts.insert(i, start)
        ends.insert(i, end)
        self._firsts[b] = starts[0]
        if len(starts) > 2 * self.BLOCK:
            self._starts[b + 1:b + 1] = [starts[self.BLOCK:]]
            self._ends[b + 1:b + 1] = [ends[self.BLOCK:]]
            self._firsts.insert(b + 1, starts[self.BLOCK])
            del starts[self.BLOCK:], ends[self.BLOCK:]


def alternation(words, *, escape: bool = True) -> str:
    """A regex alternation of the words, longest first (so "more than"
    beats "more")."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w) if escape else w for w in items)


@lru_cache(maxsize=64)
def _hashes(strings, words: frozenset) -> numpy.ndarray:
    return numpy.array(sorted(strings.add(w) for w in words), dtype="uint64")


def word_positions(doc: Doc, words: frozenset) -> list[int]:
    """Character offsets of the tokens whose lowercase form is one of
    ``words``: where a rule that starts with one of them can match.  Uses
    the tokenizer's work (hashes in arrays) instead of another scan of the
    text."""
    if not len(doc):
        return []
    lower = doc.to_array([LOWER])
    hit = numpy.isin(lower, _hashes(doc.vocab.strings, words))
    return doc.to_array([IDX])[hit].tolist()


def matches_at(rx, text: str, positions: Iterable[int]):
    """``rx``'s matches that start at one of ``positions`` (sorted), left to
    right and not overlapping: what ``rx.finditer(text)`` finds when every
    match of ``rx`` starts at such a position."""
    end = -1
    for p in positions:
        if p < end:
            continue
        m = rx.match(text, p)
        if m is not None:
            yield m
            end = m.end()


_SPACE_RE = regex.compile(r"\s")


def match_near(rx, text: str, pos: int, reach: int = 256):
    """``rx.match(text, pos)``, the same match, without reading the rest of
    ``text`` when there is none near.  The regex module looks for a literal
    that every match of a pattern contains ("of" in ``\\s+of\\s+whom``) from
    ``pos`` to the end of the text before it matches, even in ``match``: done
    once per number of a text with none of it, that is quadratic.

    The match is first tried on a window ending at a white space at least
    ``reach`` characters on (so ``\\b`` at its end reads as it does in the
    whole text), with ``partial=True``.  No match nor partial match there
    means none in the whole text: no attempt reached the window's end.  Else
    (rare) the whole text decides (after a match in the window, what the
    pattern requires is found in it: quick).  A reverse pattern (``(?r)``)
    is matched on the whole text."""
    end = pos + reach
    if end < len(text) and not rx.flags & regex.REVERSE:
        space = _SPACE_RE.search(text, end, end + reach)
        if space is not None and rx.match(text, pos, space.start(), partial=True) is None:
            return None
    return rx.match(text, pos)


# What a finder writes (spaCy's ``assigns``): its facts, and the same
# mentions as spaCy spans under its name.
FINDER_ASSIGNS = ["doc._.facts", "doc.spans"]


def register_finder(factory: str, finder_for: Callable) -> Callable:
    """Register the spaCy factory of a dimension: a component that runs the
    language's finder (``finder_for(lang)``) on the doc and stores its facts
    under the component's name.  Returns the factory function (what the
    package's ``spacy_factories`` entry point names)."""

    @Language.factory(factory, default_config={"lang": "en"}, assigns=FINDER_ASSIGNS, requires=[])
    def make(nlp: Language, name: str, lang: str):
        finder = finder_for(lang)

        def component(doc: Doc) -> Doc:
            add_facts(doc, name, finder.find(doc_text(doc), doc))
            return doc

        return component

    return make



# -- facts in DocBin / Doc.to_bytes ----------------------------------------------
# msgpack (srsly) cannot write a dataclass: facts, and the caches kept in
# ``doc.user_data``, are written as tagged lists and read back as they were,
# so ``DocBin(store_user_data=True)`` and ``Doc.to_bytes`` keep them.
_FACT_TAG = "__extractor_fact__"


def _encode_fact(obj, chain=None):
    if isinstance(obj, Fact):
        return {_FACT_TAG: [obj.type, obj.start, obj.end, obj.attrs, obj.rule]}
    return obj if chain is None else chain(obj)


def _decode_fact(obj, chain=None):
    if isinstance(obj, dict) and _FACT_TAG in obj:
        type_, start, end, attrs, rule = obj[_FACT_TAG]
        return Fact(type_, start, end, dict(attrs), rule)
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("extractor_fact", func=_encode_fact)
srsly.msgpack_decoders.register("extractor_fact", func=_decode_fact)
