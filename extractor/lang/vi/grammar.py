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
def month_name_forms(name: str) -> list[str]:
    """The written forms of a month name (Vietnamese months are numbers,
    "tháng 4": the table has no names; kept for the interface)."""
    return [name, name[0].upper() + name[1:]]


def counted_after_number(word: str) -> bool:
    """Whether the word right after a bare 4-digit number makes it a count
    ("2025 đảng viên"), not a year: a lowercase word (the counted noun comes
    after its number; a year comes after its noun, "năm 2025")."""
    return word[0].islower()


# --- numbers --------------------------------------------------------------------
# (numbers.py's grammar: number words, plural and word-form rules, where a
# counted noun phrase ends; the evaluator's unit comparison)


# --- context --------------------------------------------------------------------
# (the context component's grammar)
