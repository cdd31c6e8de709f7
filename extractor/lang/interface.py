"""The per-language grammar interface.

Words and patterns live in the tables (``extractor/lang/<code>/*.yaml``);
what is really grammar -- how number words combine, word-form rules (an
English plural ``-s``, ``-ing``/``-ed`` verbs), where a counted noun phrase
ends, whether a document's head word comes first or last -- lives in one
small module per language, ``extractor/lang/<code>/grammar.py``.  Each such
module defines the names listed below; the components call them through
``extractor.lang.grammar(code)`` and never test a language code.  A test
checks that every language's module has every name.
"""

from __future__ import annotations

# The names every ``extractor/lang/<code>/grammar.py`` defines, by the part
# of the pipeline that uses them.
INTERFACE_DOCUMENTS = (
    "HEAD_FIRST_DOCUMENTS",  # bool: the head type word comes first ("Thông báo kết luận": a notice)
    "DOC_WORD_PLURAL",       # regex suffix of a type word ("s?": "Resolutions 31 and 24")
    "doc_word_forms",        # (word) -> token forms of a type word's first word
    "doc_type_keys",         # (words) -> table keys to try when the type words are not an entry
)

INTERFACE_DATES = (
    "month_name_forms",
    "counted_after_number",
)

INTERFACE_NUMBERS = (
    "IRREGULAR_PLURALS",            # plural heads without an -s
    "LABEL_PLURAL",                 # regex suffix of a plural label word ("Articles")
    "COMMA_LIST_NEEDS_CONJUNCTION",  # "a, b and c" is one unit; "a, b" is not
    "COMMA_PART_MAX_WORDS",         # longest part of a comma list after its first
    "LABELLED_PARTS",               # breakdown parts written "label number"
    "parse_number_words",           # spelled-out number -> int
    "is_verb_form",                 # a word that may be a verb by its form
    "is_participle",                # a past participle by its form
    "is_possessive",                # a possessive form
    "is_plural",                    # a plural noun by its form
    "is_plural_head",               # a plural head noun, which ends a unit
    "same_unit",                    # the evaluator's unit comparison
)

INTERFACE_CONTEXT = (
    "PLACE_KIND_WORD_FIRST",   # bool: "tỉnh Quảng Nam" (True) or "Quang Nam province" (False)
    "BODY_PLACE_AFTER",        # bool: "Tỉnh ủy Quảng Nam" (True) or "Quang Nam Provincial Party Committee"
    "BODY_END",                # regex: where a body's name may end
    "POSSESSIVE",              # regex: a possessive ending after a body ("(?!)" when none)
    "TITLE_ORG_LINK_OPTIONAL",  # bool: "Bí thư Tỉnh ủy" (True) or "Secretary of the ..." (False)
    "np_head",                 # (word) -> bool: a word that can head a counted noun phrase
    "np_ends_before",          # (word) -> bool: a word after the head that ends the phrase
    "spelling_variants",       # (surface) -> list[str]: written forms of a place name
)

INTERFACE = INTERFACE_DOCUMENTS + INTERFACE_DATES + INTERFACE_NUMBERS + INTERFACE_CONTEXT
