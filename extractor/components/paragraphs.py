"""Sentence starts at line breaks, and abbreviations that do not end one.

A token ending in "." that is not one of the table's abbreviations ("La."
of "Son La.", which spaCy keeps whole) ends a sentence before a capital.
Scraped articles put headlines, captions and paragraphs on lines of their
own, often with no full stop; a line break therefore starts a sentence.  Runs
before spaCy's ``sentencizer``, which keeps the starts set here.  The
abbreviations ("No.", "Mr.") come from the language table and are added to
the tokenizer as special cases so "Resolution No. 04" stays one sentence.
"""

from __future__ import annotations

import numpy
import regex
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from extractor import lang as lang_tables
from extractor.components.index import doc_index

# its matches start right after a full stop: matched there only
STOP_CAPITAL_RE = regex.compile(r"(?<=\S\.)\s+(?=\p{Lu})")


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
        # token: only line breaks and full stops are visited.
        ix = doc_index(doc)
        text = ix.text
        starts = doc.to_array([SENT_START])
        idx, space, n = ix.idx, ix.is_space, ix.n
        starts[0] = 1
        p = text.find("\n")
        while p >= 0:
            # the first token after the break that is not whitespace
            i = int(numpy.searchsorted(idx, p + 1, side="left"))
            while i < n and space[i]:
                i += 1
            if i < n:
                starts[i] = 1
            p = text.find("\n", p + 1)
        p = text.find(".")
        while p >= 0:
            m = STOP_CAPITAL_RE.match(text, p + 1)
            p = text.find(".", p + 1)
            if m is None:
                continue
            # spaCy keeps some abbreviations whole ("La." of "Son La."): only
            # the table's abbreviations keep their full stop inside a sentence.
            i = int(numpy.searchsorted(idx, m.end(), side="left"))
            if 0 < i < n and idx[i] == m.end():
                prev = doc[i - 1].text
                if len(prev) > 1 and prev.endswith(".") and prev not in abbreviations:
                    starts[i] = 1
        doc.from_array([SENT_START], starts)
        return doc

    return paragraphs_component
