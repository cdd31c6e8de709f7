"""Unicode normalization for matching, with offsets back into the original.

The rules match NFC text (a Vietnamese "ệ" is one code point there, while
NFD input writes it as "e" plus two combining marks).  Records must point
into the text as the user gave it, so ``nfc_with_offsets`` returns the NFC
text with a map from each of its positions to a position of the original:
a record found at ``[s, e)`` of the NFC text is ``[back[s], back[e])`` of
the original (``extractor.records.remap_record``).  Text that is already NFC is returned as it is, with no map.

``readable_digits`` is the other rewrite the rules read: the ``regex``
module's ``\\d`` knows decimal digits of scripts newer than this Python's
Unicode tables (Nag Mundari "𞓱", Garay ...), which ``int()`` cannot read;
each is replaced by its ASCII digit, one code point for one, so every offset
holds and records take their ``text`` from the original.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

import regex

_ASTRAL = re.compile("[^\x00-\uffff]")  # every such script lies outside the BMP
_DIGIT = regex.compile(r"\d")


def digit_value(c: str) -> int:
    """The value of a decimal digit ``c`` (one the ``regex`` module's ``\\d``
    matches).  Unicode puts every decimal digit in a run of ten code points
    from zero to nine, so its value is its distance from the start of its
    run of digits, modulo ten (runs can abut: mathematical digits)."""
    o = start = ord(c)
    while start > 0 and _DIGIT.match(chr(start - 1)):
        start -= 1
    return (o - start) % 10


def readable_digits(text: str) -> Optional[str]:
    """``text`` with the decimal digits that ``int()`` cannot read replaced
    by ASCII digits (same length), or None when it holds none."""
    if text.isascii():
        return None
    first = _ASTRAL.search(text)
    if first is None:
        return None
    chars = None
    for m in _DIGIT.finditer(text, first.start()):
        c = m.group()
        if c.isdecimal():
            continue  # Python reads it
        if chars is None:
            chars = list(text)
        chars[m.start()] = str(digit_value(c))
    return None if chars is None else "".join(chars)


def nfc_with_offsets(text: str) -> tuple[str, Optional[list[int]]]:
    """(NFC text, back) where ``back[i]`` is the original offset of NFC
    offset ``i`` (``len(back) == len(nfc) + 1``); ``back`` is None when the
    text is NFC already.  Normalization is done per cluster (a character
    and the combining marks after it), so every offset between clusters
    maps exactly."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    parts: list[str] = []
    back: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        norm = unicodedata.normalize("NFC", cluster) if j - i > 1 or not cluster.isascii() else cluster
        parts.append(norm)
        back.extend([i] * len(norm))
        i = j
    back.append(n)
    return "".join(parts), back

