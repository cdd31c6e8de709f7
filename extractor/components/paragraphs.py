"""Sentence starts: every one the pipeline sets, in one pass over arrays.

A line break starts a sentence: scraped articles put headlines, captions and
paragraphs on lines of their own, often with no full stop.  A token ending in
"." that is not one of the table's abbreviations ("La." of "Son La.", which
spaCy keeps whole) ends a sentence before a capital.  And spaCy's
``Sentencizer`` rule (this component replaces it in the pipeline): after a
token that is one of its punctuation characters (``"."``, ``"?"``, ``"!"``,
...: ``Sentencizer.default_punct_chars``) and the punctuation tokens that
follow it (closing quotes, brackets, more stops), the first other token starts
a sentence.  Every other token is marked as not starting one, as the
sentencizer marks them, so ``token.is_sent_start`` is what the paragraphs
component followed by spaCy's sentencizer gave (tests/components/test_paragraphs.py
compares them over every article).  The abbreviations ("No.", "Mr.") come from
the language table and are added to the tokenizer as special cases so
"Resolution No. 04" stays one sentence.
"""

from __future__ import annotations

import numpy
import regex
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.symbols import ORTH
from spacy.tokens import Doc

from extractor import lang as lang_tables
from extractor.components.index import doc_index

# its matches start right after a full stop: matched there only
STOP_CAPITAL_RE = regex.compile(r"(?<=\S\.)\s+(?=\p{Lu})")

# spaCy's sentencizer's characters (single code points): a table by code point
# (its last entry, above every one of them, is False)
PUNCT_CHARS = frozenset(Sentencizer.default_punct_chars)
_IS_PUNCT_CHAR = numpy.zeros(max(map(ord, PUNCT_CHARS)) + 2, dtype=bool)
_IS_PUNCT_CHAR[[ord(c) for c in PUNCT_CHARS]] = True

_NOT_START = numpy.uint64(2 ** 64 - 1)  # -1 in spaCy's SENT_START column


def sentencizer_starts(doc: Doc, text: str, idx: numpy.ndarray) -> list[int]:
    """The tokens spaCy's ``Sentencizer`` marks as starting a sentence,
    but the first: after a token that is one of ``PUNCT_CHARS`` and the
    punctuation tokens after it, the first other token.  Only the tokens
    whose first character is one of ``PUNCT_CHARS`` and those after them are
    visited (as Token objects)."""
    first = numpy.frombuffer(text.encode("utf-32-le"), dtype="<u4")[idx]
    stops = numpy.flatnonzero(_IS_PUNCT_CHAR[numpy.minimum(first, len(_IS_PUNCT_CHAR) - 1)])
    out: list[int] = []
    n = len(idx)
    walked = 0  # the tokens before this were read in a run after a stop
    for p in stops.tolist():
        if p < walked or len(doc[p]) != 1:
            continue
        j = p + 1
        while j < n:
            t = doc[j]
            if not t.is_punct and not (len(t) == 1 and t.text in PUNCT_CHARS):
                out.append(j)
                break
            j += 1
        walked = j
    return out


@Language.factory("extractor_paragraphs", default_config={"lang": "en"},
                  assigns=["token.is_sent_start", "doc._.index"], requires=[])
def make_paragraphs(nlp: Language, name: str, lang: str):
    abbreviations = set(lang_tables.load(lang).get("abbreviations", []))
    for abbr in abbreviations:
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])

    def paragraphs_component(doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # Work from the text and the tokens' offsets (the Doc's shared index,
        # built here, the first component), not a Python loop over every
        # token: only line breaks and stops are visited.
        ix = doc_index(doc)
        text = ix.text
        idx, n = ix.idx, ix.n
        starts = [0]
        breaks = ix.line_starts[1:]
        if breaks:
            # the first token after each break that is not whitespace
            words = numpy.flatnonzero(~ix.is_space)
            k = numpy.searchsorted(words, numpy.searchsorted(idx, breaks, side="left"), side="left")
            starts.extend(words[k[k < len(words)]].tolist())
        # STOP_CAPITAL_RE's matches start right after a full stop: tried there only
        ends = []
        p = text.find(".")
        while p >= 0:
            if text[p + 1:p + 2].isspace():  # (what the pattern needs first)
                m = STOP_CAPITAL_RE.match(text, p + 1)
                if m is not None:
                    ends.append(m.end())
            p = text.find(".", p + 1)
        if ends:
            for i, e in zip(numpy.searchsorted(idx, ends, side="left").tolist(), ends):
                # spaCy keeps some abbreviations whole ("La." of "Son La."): only
                # the table's abbreviations keep their full stop inside a sentence.
                if 0 < i < n and idx[i] == e:
                    prev = doc[i - 1].text
                    if len(prev) > 1 and prev.endswith(".") and prev not in abbreviations:
                        starts.append(i)
        guesses = sentencizer_starts(doc, text, idx)
        before = doc.to_array(SENT_START)
        if not before.any():  # (a new Doc: nothing set before)
            values = numpy.full(n, _NOT_START, dtype="uint64")
            values[starts] = 1
            values[guesses] = 1
        else:
            # as the two components did: the starts above set; the
            # sentencizer's marks where nothing was set before
            unset = before == 0
            values = numpy.where(unset, _NOT_START, before)
            values[starts] = 1
            g = numpy.array([0] + guesses, dtype="int64")
            values[g[unset[g]]] = 1
        doc.from_array([SENT_START], values)
        return doc

    return paragraphs_component
