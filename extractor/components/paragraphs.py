"""Sentence starts at line breaks, and abbreviations that do not end one.

Scraped articles put headlines, captions and paragraphs on lines of their
own, often with no full stop; a line break therefore starts a sentence.  Runs
before spaCy's ``sentencizer``, which keeps the starts set here.  The
abbreviations ("No.", "Mr.") come from the language table and are added to
the tokenizer as special cases so "Resolution No. 04" stays one sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from extractor import lang as lang_tables


@Language.factory("extractor_paragraphs", default_config={"lang": "en"})
def make_paragraphs(nlp: Language, name: str, lang: str):
    for abbr in lang_tables.load(lang).get("abbreviations", []):
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])

    def paragraphs_component(doc: Doc) -> Doc:
        after_break = False
        for i, token in enumerate(doc):
            if i == 0:
                token.is_sent_start = True
            elif after_break and not token.is_space:
                token.is_sent_start = True
            if "\n" in token.text or "\n" in token.whitespace_:
                after_break = True
            elif not token.is_space:
                after_break = False
        return doc

    return paragraphs_component
