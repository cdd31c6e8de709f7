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
from typing import Optional as _Optional  # noqa: E402

# Heads of a unit that are plural without an "s".
IRREGULAR_PLURALS = frozenset({"people", "staff", "personnel", "children", "women", "men", "police",
                               "youth", "cattle", "poultry", "faculty", "leadership", "households"})

# A label word takes a plural "s": "Articles 5 and 6".
LABEL_PLURAL = "s?"

# "cadres, officials and workers": a comma list is one unit only when it
# closes with a conjunction; "2,580 cadres, 131 at ..." ends at the comma.
COMMA_PART_MAX_WORDS = 99  # (a list closed by a conjunction has parts of any length)
COMMA_LIST_NEEDS_CONJUNCTION = True

# Breakdown parts written "label number" ("women 4"): not English.
LABELLED_PARTS = False


def parse_number_words(text: str, words: dict) -> _Optional[int]:
    """A spelled-out number ("five", "twenty-one", "two hundred")."""
    total, current = 0, 0
    parts = text.lower().replace("-", " ").split()
    if not parts:
        return None
    for part in parts:
        if part == "and":
            continue
        if part == "one":
            value = 1
        elif part in words:
            value = words[part]
        else:
            return None
        if value == 100:
            current = (current or 1) * 100
        elif value >= 1000:
            total += (current or 1) * value
            current = 0
        else:
            current += value
    return total + current


def is_verb_form(word: str) -> bool:
    """An -ing or -ed form: a verb unless a table says it is a noun."""
    return word.endswith(("ing", "ed"))


def is_participle(word: str) -> bool:
    """A past participle ("16 were merged")."""
    return word.endswith("ed")


def is_possessive(word: str) -> bool:
    return word.endswith(("'s", "’s"))


def is_plural(word: str) -> bool:
    """A plural noun by its ending ("Articles 5 and 6" vs "Article 3, 5 cadres")."""
    return word.endswith("s")


def is_plural_head(word: str, not_heads) -> bool:
    """Whether a lowercase word is a plural head noun, which ends a unit
    ("cadres subject to ..."); ``not_heads``: words in -s that are not."""
    return (word.endswith("s") and not word.endswith(("ss", "'s", "’s", "us", "is"))
            and word not in not_heads) or word in IRREGULAR_PLURALS


def _last_word(phrase: _Optional[str]) -> str:
    words = (phrase or "").split()
    return words[-1].strip(".,;:()[]\"'").casefold() if words else ""


def _plural_of(a: str, b: str) -> bool:
    """Whether ``a`` is an English plural of ``b`` (units, classes, cities, women)."""
    return (
        a == b + "s"
        or a == b + "es"
        or (a.endswith("ies") and b.endswith("y") and a[:-3] == b[:-1])
        or (a.endswith("men") and b.endswith("man") and a[:-3] == b[:-3])
    )


def same_unit(gold: _Optional[str], pred: _Optional[str]) -> bool:
    """The evaluator's unit rule (ANNOTATION.md): the last words are equal,
    case-insensitive, a plural ``s`` ignored ("cadres and civil servants" ==
    "civil servant")."""
    a, b = _last_word(gold), _last_word(pred)
    return a == b or _plural_of(a, b) or _plural_of(b, a)


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
