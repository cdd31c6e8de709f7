"""Vietnamese grammar for the rules (see ``extractor.lang.interface``)."""

from __future__ import annotations



# --- documents ------------------------------------------------------------------
# (documents.py and resolve.py's grammar)
# "Thông báo kết luận": the head word comes first and decides.
HEAD_FIRST_DOCUMENTS = True

# Vietnamese nouns do not inflect: no plural form of a type word.
DOC_WORD_PLURAL = ""


def doc_word_forms(word: str) -> tuple[str, ...]:
    """The token forms of a type word's first word."""
    return (word,)


def doc_type_keys(words: str) -> list[str]:
    """Table keys to try, in order, for type words not in the table as a
    whole: the leading words, longest first (the head comes first: "Thông
    báo kết luận" is a notice)."""
    w = words.split(" ")
    return [" ".join(w[:n]) for n in range(len(w) - 1, 0, -1)]


# --- dates ----------------------------------------------------------------------
# (dates.py's grammar)


# --- numbers --------------------------------------------------------------------
# (numbers.py's grammar: number words, plural and word-form rules, where a
# counted noun phrase ends; the evaluator's unit comparison)


# --- context --------------------------------------------------------------------
# (the context component's grammar)
