"""English grammar for the rules (see ``extractor.lang.interface``)."""

from __future__ import annotations



# --- documents ------------------------------------------------------------------
# (documents.py and resolve.py's grammar)
# "Conclusion Notice": with two type words the last decides.
HEAD_FIRST_DOCUMENTS = False

# A type word may be plural ("Resolutions 31 and 24"): the regex suffix of a
# type word, and the forms a type word's first token takes.
DOC_WORD_PLURAL = "s?"


def doc_word_forms(word: str) -> tuple[str, ...]:
    """The token forms of a type word's first word (singular and plural)."""
    return (word, word + "s")


def doc_type_keys(words: str) -> list[str]:
    """Table keys to try, in order, for type words not in the table as a
    whole: the singular, then the last two words, the last word (the head
    comes last: "Conclusion Notice" is a notice)."""
    keys = [words[:-1]] if words.endswith("s") else []
    last = words.split(" ")
    return keys + [" ".join(last[-2:]), last[-1], last[-1].rstrip("s")]


# --- dates ----------------------------------------------------------------------
# (dates.py's grammar)
def month_name_forms(name: str) -> list[str]:
    """The written forms of a month name that the date patterns accept:
    capitalized or all capitals ("May", "MAY"), so "may" the verb is no month."""
    return [name[0].upper() + name[1:], name.upper()]


def counted_after_number(word: str) -> bool:
    """Whether the word right after a bare 4-digit number makes the number a
    count ("2000 delegates"), not a year: a lowercase word (a noun follows
    its number)."""
    return word[0].islower()


# --- numbers --------------------------------------------------------------------
# (numbers.py's grammar: number words, plural and word-form rules, where a
# counted noun phrase ends; the evaluator's unit comparison)


# --- context --------------------------------------------------------------------
# (the context component's grammar)
