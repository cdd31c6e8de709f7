"""Which language an article is written in: a tested rule, no model.

Each language's ``identify.yaml`` lists its most frequent short words and
the letters only it uses among the languages the project reads.  A text's
score for a language is the share of its words that are that language's
function words, plus a quarter of the share of its words that hold one of
its own letters (names keep their letters in any language, so letters only
tip the balance).  The best score wins; a text with no words at all is the default
language.  English translations of Vietnamese news keep Vietnamese place
and person names with their diacritics ("Điện Biên", "Nguyễn Văn A"): those
are a few words in a hundred, while Vietnamese prose puts a Vietnamese
letter in about every second syllable, and its function words make up a
third of it.  Only the first ``SAMPLE`` characters are read.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from extractor import lang as lang_tables

DEFAULT = "en"
SAMPLE = 4000
WORD_RE = regex.compile(r"[^\W\d_]+")
LETTER_WEIGHT = 0.25


@lru_cache(maxsize=None)
def _profiles() -> dict[str, tuple[frozenset, frozenset]]:
    out = {}
    for code in lang_tables.available():
        t = lang_tables.table_file(code, "identify")
        out[code] = (frozenset(w.lower() for w in t["function_words"]), frozenset(t["letters"]))
    return out


def scores(text: str) -> dict[str, float]:
    """Each language's score for ``text`` (see the module docstring)."""
    sample = unicodedata.normalize("NFC", text[:SAMPLE])
    words = [w.lower() for w in WORD_RE.findall(sample)]
    if not words:
        return {code: 0.0 for code in _profiles()}
    out = {}
    for code, (function_words, letters) in _profiles().items():
        fw = sum(1 for w in words if w in function_words)
        own = sum(1 for w in words if letters and not letters.isdisjoint(w)) if letters else 0
        out[code] = (fw + LETTER_WEIGHT * own) / len(words)
    return out


def identify(text: str, default: str = DEFAULT) -> str:
    """The code of the language ``text`` is written in (``default`` when
    nothing tells)."""
    s = scores(text)
    best = max(s, key=lambda c: (s[c], c == default))
    return best if s[best] > 0 else default
