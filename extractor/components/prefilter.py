"""A cheap necessary condition for a costly alternation of table phrases.

A regex such as the issuer phrases of ``documents.yaml`` (forty
case-insensitive alternatives, most of them after an optional run of
capitalised place words) costs microseconds at every word it is tried at.
``prefix_lookahead`` reads the phrases' own regexes (Python's ``re`` parser)
and writes what any match of them must begin with, up to ``k`` characters,
as a trie: ``(?=c(?:en|it)|pro|...)``.  Put right after the pattern's start,
the lookahead turns most words away after one or two characters, and it
changes no match (every match of the phrases begins with one of the
prefixes).  A phrase the reader does not understand gives no lookahead at
all (the regex stays as it was).

``CapitalHeads``: a case-sensitive list of names that all begin with a
capital (provinces, surnames) is matched only at the capitals of the
text (``capitals``: one cheap scan per Doc, shared) where a name
begins, instead of a scan of the whole text.
"""

from __future__ import annotations

import weakref
from typing import Iterable, Optional

import numpy
import regex
from spacy.tokens import Doc

from extractor.components.base import matches_at

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _p
except ImportError:  # Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

#: Off: ``prefix_lookahead`` gives None (the tests build the tables both
#: ways and compare their matches).
ENABLED = True

#: A character that stands for a slot (such as ``{place}``) whose regex the
#: parser is not given: it becomes that regex, as one more atom of the prefix.
SLOT = "\ue000"

_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_NOT_SPACE: r"\S",
}


class _Unknown(Exception):
    pass


def _char(c: int) -> str:
    return regex.escape(chr(c), special_only=False)


def _class(items) -> str:
    out = []
    for op, av in items:
        if op is _c.LITERAL:
            out.append(_char(av))
        elif op is _c.RANGE:
            out.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is _c.NEGATE:
            out.insert(0, "^")
        elif op is _c.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            raise _Unknown(op)
    return "[" + "".join(out) + "]"


def _seq(items, state: set, k: int, slot: str) -> set:
    """The prefixes after ``items``: ``state`` is a set of (atoms, done)."""
    for op, av in items:
        if all(done for _, done in state):
            return state
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero width: no condition is weaker
        if op is _c.SUBPATTERN:
            if av[1] or av[2]:
                raise _Unknown("inline flags")
            state = _seq(av[3], state, k, slot)
            continue
        if op is _c.BRANCH:
            new: set = set()
            for alt in av[1]:
                new |= _seq(alt, state, k, slot)
            state = new
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
            lo, hi, sub = av
            n_max = min(hi, k)
            new, cur = set(), state
            for n in range(n_max + 1):
                if n >= min(lo, n_max):
                    new |= cur
                if n < n_max:
                    cur = _seq(sub, cur, k, slot)
            state = new
            continue
        if op is _c.LITERAL and chr(av) == SLOT:
            atom, counts = slot, False
        elif op is _c.LITERAL:
            atom, counts = regex.escape(chr(av)), True
        elif op is _c.NOT_LITERAL:
            atom, counts = f"[^{_char(av)}]", True
        elif op is _c.IN:
            atom, counts = _class(av), True
        elif op is _c.ANY:
            atom, counts = ".", True
        else:
            raise _Unknown(op)
        new = set()
        for atoms, done in state:
            if done:
                new.add((atoms, True))
                continue
            atoms = atoms + ((atom, counts),)
            new.add((atoms, sum(c for _, c in atoms) >= k))
        state = new
    return state


def _trie(seqs: list[tuple[str, ...]]) -> str:
    groups: dict[str, list] = {}
    for s in seqs:
        if not s:
            return ""  # a shorter prefix already says it
        groups.setdefault(s[0], []).append(s[1:])
    alts = [a + _trie(rest) for a, rest in sorted(groups.items())]
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def prefix_sequences(patterns: Iterable[str], k: int = 6, slot: str = "") -> Optional[set]:
    """The prefixes ``prefix_lookahead`` writes, as tuples of atoms (each a
    regex of one character, or ``slot``): every match of one of the
    patterns begins with one of them.  None when a pattern is not
    understood (or may match the empty string)."""
    if not ENABLED:
        return None
    seqs: set = set()
    try:
        for p in patterns:
            if "[:" in p or "[[" in p:
                return None  # POSIX classes and nested sets: read otherwise by ``re``
            got = _seq(_p.parse(p), {((), False)}, k, slot)
            for atoms, _ in got:
                if not atoms:
                    return None  # the phrase may match the empty string
                seqs.add(tuple(a for a, _ in atoms))
    except (_Unknown, regex.error, _c.error, RecursionError):
        return None
    return seqs or None


def literal_atom(atom: str) -> Optional[str]:
    """The character an atom of ``prefix_sequences`` stands for when it is
    one literal character (``regex.escape``'s form), else None."""
    if len(atom) == 1 and atom != ".":
        return atom
    if len(atom) == 2 and atom[0] == "\\" and not atom[1].isalnum():
        return atom[1]
    return None


def prefix_lookahead(patterns: Iterable[str], k: int = 6, slot: str = "") -> Optional[str]:
    """``(?=...)``: what every match of one of ``patterns`` (``re`` syntax,
    ``SLOT`` standing for the regex ``slot``) begins with, up to ``k``
    characters; None when a pattern is not understood (or may match the
    empty string).  Flags are the caller's: the lookahead is meant for the
    same flags as the patterns."""
    seqs = prefix_sequences(patterns, k, slot)
    return f"(?={_trie(sorted(seqs))})" if seqs else None


# -- phrases that begin with a capital -------------------------------------------
UPPER_RE = regex.compile(r"\p{Lu}")
_CAPITALS: "weakref.WeakKeyDictionary[Doc, list[int]]" = weakref.WeakKeyDictionary()


#: code points below this are looked up in a table of ``\\p{Lu}`` (built on
#: first use, from the regex engine itself); those above are asked of it
_UPPER_TABLE_SIZE = 0x2C00
_upper_table: Optional[numpy.ndarray] = None


def _upper_code_points() -> numpy.ndarray:
    global _upper_table
    if _upper_table is None:
        table = numpy.zeros(_UPPER_TABLE_SIZE, dtype=bool)
        chars = "".join(map(chr, range(_UPPER_TABLE_SIZE)))
        table[[m.start() for m in UPPER_RE.finditer(chars)]] = True
        _upper_table = table
    return _upper_table


def capitals_scan(text: str) -> list[int]:
    """``[m.start() for m in UPPER_RE.finditer(text)]``, by a table lookup
    over the text's code points (the regex costs ~60 ns a character)."""
    if not text:
        return []
    table = _upper_code_points()
    cps = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    big = cps >= _UPPER_TABLE_SIZE
    hit = table[numpy.where(big, 0, cps)]  # (code point 0 is not a capital)
    if big.any():  # rare: the engine decides
        for i in numpy.flatnonzero(big).tolist():
            if UPPER_RE.match(text, i):
                hit[i] = True
    return numpy.flatnonzero(hit).tolist()


def capitals(doc: Optional[Doc], text: str) -> list[int]:
    """Sorted offsets of the uppercase letters (``\\p{Lu}``) of the text:
    where a case-sensitive phrase that begins with a capital can match
    (whatever it asks of the character before it).  One scan per Doc
    (kept while the Doc lives); ``doc=None`` scans ``text``."""
    got = _CAPITALS.get(doc) if doc is not None else None
    if got is None:
        got = capitals_scan(text)
        if doc is not None:
            _CAPITALS[doc] = got
    return got


class CapitalHeads:
    """Where a regex whose every match begins with one of ``phrases``
    (case-sensitive, each beginning with a capital) can match: the
    capitals where one of the phrases begins."""

    def __init__(self, phrases: Iterable[str]):
        phrases = sorted({p for p in phrases if p})
        #: whether the candidates are exact (else the regex must scan the text)
        self.usable = bool(phrases) and all(UPPER_RE.match(p) for p in phrases)
        self.width = min(2, min((len(p) for p in phrases), default=1))
        self.heads: dict[str, tuple[str, ...]] = {}
        for p in phrases:
            self.heads[p[:self.width]] = self.heads.get(p[:self.width], ()) + (p,)

    def finditer(self, rx, text: str, capitals: Optional[list[int]]):
        """``rx.finditer(text)``: anchored matches at the candidates."""
        if not self.usable or capitals is None:
            return rx.finditer(text)
        w, heads, starts = self.width, self.heads, text.startswith
        where = []
        for p in capitals:
            xs = heads.get(text[p:p + w])
            if xs is not None and starts(xs, p):
                where.append(p)
        return matches_at(rx, text, where)
