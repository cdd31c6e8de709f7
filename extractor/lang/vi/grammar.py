"""Vietnamese grammar for the rules (see ``extractor.lang.interface``)."""

from __future__ import annotations

import unicodedata

import regex



# --- documents ------------------------------------------------------------------
# (documents.py and resolve.py's grammar)
# "Thông báo kết luận": the head word comes first and decides.
HEAD_FIRST_DOCUMENTS = True


# --- dates ----------------------------------------------------------------------
# (dates.py's grammar)


# --- numbers --------------------------------------------------------------------
# (numbers.py's grammar: number words, plural and word-form rules, where a
# counted noun phrase ends; the evaluator's unit comparison)


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
