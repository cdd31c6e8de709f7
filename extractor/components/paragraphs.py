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

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from extractor import lang as lang_tables


@Language.factory("extractor_paragraphs", default_config={"lang": "en"})
def make_paragraphs(nlp: Language, name: str, lang: str):
    abbreviations = set(lang_tables.load(lang).get("abbreviations", []))
    for abbr in abbreviations:
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])

    def paragraphs_component(doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # Set the starts through one array: assigning ``token.is_sent_start``
        # scans the whole doc each time (quadratic on a long article).
        starts = doc.to_array([SENT_START])
        after_break = False
        for i, token in enumerate(doc):
            if i == 0 or (after_break and not token.is_space):
                starts[i] = 1
            elif (i > 0 and token.text[:1].isupper() and doc[i - 1].text.endswith(".")
                    and len(doc[i - 1].text) > 1 and doc[i - 1].text not in abbreviations):
                # spaCy keeps some abbreviations whole ("La." of "Son La."):
                # only the table's abbreviations carry their full stop
                # inside a sentence.
                starts[i] = 1
            if "\n" in token.text or "\n" in token.whitespace_:
                after_break = True
            elif not token.is_space:
                after_break = False
        doc.from_array([SENT_START], starts)
        return doc

    return paragraphs_component
