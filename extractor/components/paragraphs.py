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
from spacy.attrs import IDX, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from extractor import lang as lang_tables
from extractor.components.base import doc_text

LINE_BREAK_RE = regex.compile(r"\n")
STOP_CAPITAL_RE = regex.compile(r"(?<=\S\.)\s+(?=\p{Lu})")


@Language.factory("extractor_paragraphs", default_config={"lang": "en"},
                  assigns=["token.is_sent_start"], requires=[])
def make_paragraphs(nlp: Language, name: str, lang: str):
    abbreviations = set(lang_tables.load(lang).get("abbreviations", []))
    for abbr in abbreviations:
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])

    def paragraphs_component(doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # Work from the text and the tokens' offsets (arrays), not a Python
        # loop over every token: only line breaks and full stops are visited.
        text = doc_text(doc)
        starts = doc.to_array([SENT_START])
        idx = doc.to_array([IDX]).astype("int64")
        space = doc.to_array([IS_SPACE]).astype(bool)
        starts[0] = 1
        n = len(idx)
        for m in LINE_BREAK_RE.finditer(text):
            # the first token after the break that is not whitespace
            i = int(numpy.searchsorted(idx, m.end(), side="left"))
            while i < n and space[i]:
                i += 1
            if i < n:
                starts[i] = 1
        for m in STOP_CAPITAL_RE.finditer(text):
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
