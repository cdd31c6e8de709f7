"""Vietnamese grammar for the rules (see ``extractor.lang.interface``)."""

from __future__ import annotations

import unicodedata

import regex



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
import unicodedata as _unicodedata  # noqa: E402
from typing import Optional as _Optional  # noqa: E402

# Vietnamese nouns do not inflect: no plural forms, no verb forms by ending;
# a unit ends at a word of the table (a verb, a preposition, a term word).
IRREGULAR_PLURALS = frozenset()
LABEL_PLURAL = ""
# "cán bộ, công chức": a comma list of nouns is one unit without "và".
COMMA_PART_MAX_WORDS = 3   # "đảng bộ, chi bộ cơ sở"; a longer part is a clause
COMMA_LIST_NEEDS_CONJUNCTION = False
# "trong đó cán bộ nữ 9; dân tộc thiểu số 12": the label is the part's unit.
LABELLED_PARTS = True

# How the syllables of a spelled-out number combine (ANNOTATION.md: Vietnamese
# number words): "mươi" multiplies the digit before it by ten ("hai mươi" 20),
# "mười" is ten, "trăm" a hundred, "nghìn"/"ngàn" a thousand, "triệu" a
# million; "lăm" (5), "mốt" (1), "tư" (4) are digits after a ten; "linh"/"lẻ"
# (zero) is skipped ("một trăm linh năm" 105).
_DIGIT_AFTER_TEN = {"lăm": 5, "mốt": 1, "tư": 4, "một": 1}
_SKIP = {"linh", "lẻ"}
_TENS, _HUNDRED = "mươi", "trăm"
_BIG = {"nghìn": 1000, "ngàn": 1000, "triệu": 1000000, "tỷ": 1000000000, "tỉ": 1000000000}


def parse_number_words(text: str, words: dict) -> _Optional[int]:
    total, current, last = 0, 0, 0
    parts = _unicodedata.normalize("NFC", text).lower().split()
    if not parts:
        return None
    for part in parts:
        if part in _SKIP:
            continue
        if part == _TENS:
            current += last * 9  # the digit before becomes its ten
            last *= 10
        elif part == _HUNDRED:
            current = (current or 1) * 100
            last = 0
        elif part in _BIG:
            total += (current or 1) * _BIG[part]
            current = last = 0
        elif part in words or (part in _DIGIT_AFTER_TEN and current):
            last = words.get(part, _DIGIT_AFTER_TEN.get(part))
            current += last
        else:
            return None
    return total + current


def is_verb_form(word: str) -> bool:
    return False


def is_participle(word: str) -> bool:
    return False


def is_possessive(word: str) -> bool:
    return False


def is_plural(word: str) -> bool:
    return False


def is_plural_head(word: str, not_heads) -> bool:
    return False


def same_unit(gold: _Optional[str], pred: _Optional[str]) -> bool:
    """The evaluator's unit rule (ANNOTATION.md): Vietnamese units are
    scored on their first two syllables, case-insensitive."""
    def head(phrase):
        text = _unicodedata.normalize("NFC", phrase or "").casefold()
        return [w.strip(".,;:()[]\"'") for w in text.split()][:2]
    return head(gold) == head(pred)


# --- context --------------------------------------------------------------------
# (the context component's grammar)
# A place's kind word comes before its name ("tỉnh Quảng Nam", "huyện Đại Lộc").
PLACE_KIND_WORD_FIRST = True
# A body comes before its place ("Tỉnh ủy Quảng Nam", "UBND tỉnh Quảng Nam").
BODY_PLACE_AFTER = True
# The end of a body's name: not inside a longer word (no possessive).
BODY_END = r"(?![\w-])"
POSSESSIVE = r"(?!)"
# A title's organization may follow the role directly ("Bí thư Tỉnh ủy").
TITLE_ORG_LINK_OPTIONAL = True


def np_head(word: str) -> bool:
    """Vietnamese nouns are not marked for number: any word may head a
    counted noun phrase."""
    return True


def np_ends_before(word: str) -> bool:
    """No word form ends a Vietnamese noun phrase (its stop words do)."""
    return False


# Tone marks (combining, NFD) and the vowel pairs whose tone is written on
# either vowel when the syllable ends there: "hòa"/"hoà", "thủy"/"thuỷ", "khỏe"/"khoẻ".
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD = regex.compile(rf"(?i)(?<!q)([ou])([{_TONES}])([aey])(?![^\W\d_])")
_NEW = regex.compile(rf"(?i)(?<!q)([ou])([aey])([{_TONES}])(?![^\W\d_])")


def _old_style(s: str) -> str:
    """Tone on the first vowel of oa/oe/uy ("Hòa", "Thủy")."""
    return unicodedata.normalize("NFC", _NEW.sub(r"\1\3\2", unicodedata.normalize("NFD", s)))


def _new_style(s: str) -> str:
    """Tone on the second vowel of oa/oe/uy ("Hoà", "Thuỷ")."""
    return unicodedata.normalize("NFC", _OLD.sub(r"\1\3\2", unicodedata.normalize("NFD", s)))


def spelling_variants(surface: str) -> list[str]:
    """The ways a place name may be written: as given, and with the tone of
    oa/oe/uy on either vowel (both placements are in use: "Khánh Hòa",
    "Khánh Hoà"), composed (NFC: the context component matches places in a
    text's NFC form, so decomposed input finds them too)."""
    return list(dict.fromkeys([surface, _old_style(surface), _new_style(surface)]))
