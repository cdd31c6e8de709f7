"""Numbers as written -> values: "2,580" -> 2580, "94.92" -> 94.92,
"1.2 million" -> 1200000; spelled-out numbers ("five", "hai mươi") by the
language's grammar (``extractor.lang.<code>.grammar.parse_number_words``).

Separators come from the language table: English groups thousands with ","
and marks decimals with "."; Vietnamese does the opposite ("78.047",
"96,15").
"""

from __future__ import annotations

from typing import Callable, Optional, Union

Number = Union[int, float]


def parse_digits(text: str, thousands_sep: str = ",", decimal_sep: str = ".") -> Number:
    """Parse digits with optional grouping and decimals; int when whole."""
    s = text.strip()
    if thousands_sep:
        s = s.replace(thousands_sep, "")
    if decimal_sep and decimal_sep in s:
        whole, _, frac = s.partition(decimal_sep)
        value = float(f"{whole or 0}.{frac}")
        return value
    return int(s)


def parse_number(
    text: str,
    *,
    thousands_sep: str = ",",
    decimal_sep: str = ".",
    words: Optional[Callable[[str], Optional[int]]] = None,
    multipliers: Optional[dict[str, int]] = None,
) -> Optional[Number]:
    """Parse digits, words, or digits followed by a multiplier word.
    ``words`` parses a spelled-out number (a language's
    ``grammar.parse_number_words`` with its table); without it, words are
    not numbers."""
    if text.isdigit() and text.isascii() and not ((thousands_sep or "").isdigit() or (decimal_sep or "").isdigit()):
        return int(text)  # the common case ("2580"): what the steps below give
    s = text.strip()
    if not s:
        return None
    head, _, tail = s.partition(" ")
    mult = 1
    if tail and multipliers and tail.lower() in multipliers:
        mult, s = multipliers[tail.lower()], head
    if s[0].isdigit():
        try:
            value = parse_digits(s, thousands_sep, decimal_sep)
        except ValueError:
            return None
        value = value * mult
        if isinstance(value, float) and value.is_integer() and mult != 1:
            value = int(value)
        return value
    return words(s) if words is not None else None
