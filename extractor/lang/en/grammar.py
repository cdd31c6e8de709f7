"""English grammar for the rules (see ``extractor.lang.interface``)."""

from __future__ import annotations



# --- documents ------------------------------------------------------------------
# (documents.py and resolve.py's grammar)
# "Conclusion Notice": with two type words the last decides.
HEAD_FIRST_DOCUMENTS = False


# --- dates ----------------------------------------------------------------------
# (dates.py's grammar)


# --- numbers --------------------------------------------------------------------
# (numbers.py's grammar: number words, plural and word-form rules, where a
# counted noun phrase ends; the evaluator's unit comparison)


# --- context --------------------------------------------------------------------
# (the context component's grammar)
# A place's kind word follows its name ("Dai Loc district").
PLACE_KIND_WORD_FIRST = False
# A body's place and level come before it ("Lam Dong Provincial Party Committee").
BODY_PLACE_AFTER = False
# The end of a body's name: not inside a longer word; a possessive 's allowed.
BODY_END = r"(?![\w-])(?!['’](?!s(?![\w])))"
# The possessive ending ("the Provincial Party Committee's Organization Board").
POSSESSIVE = r"['’]s"
# A title names its organization after a link word ("Secretary of the ...").
TITLE_ORG_LINK_OPTIONAL = False
# Plural nouns that do not end in -s (a counted noun phrase's head).
_IRREGULAR_PLURALS = {"people", "staff", "personnel", "children", "women", "men", "police",
                      "youth", "cattle", "poultry", "faculty", "leadership", "households"}


def np_head(word: str) -> bool:
    """Whether a (lowercase) word can be the head of a counted noun phrase:
    an English plural ("secretaries", "people")."""
    return word.endswith("s") or word in _IRREGULAR_PLURALS


def np_ends_before(word: str) -> bool:
    """Whether a (lowercase) word after the head ends the noun phrase: a
    participle ("cadres trained ...", "members working ...")."""
    return word.endswith("ing") or word.endswith("ed")


def spelling_variants(surface: str) -> list[str]:
    """The ways a place name may be written in a text (itself only)."""
    return [surface]
