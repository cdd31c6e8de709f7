"""A guard in front of spaCy's tokenizer against hostile text.

spaCy's rule tokenizer splits prefixes and suffixes off a white-space-free
chunk one at a time, rescanning the rest each time: on a long run of
punctuation ("((((...", 16 kB of nested parentheses) that is quadratic (a
thousand brackets take about a second).  ``GuardedTokenizer`` hands the
tokenizer the text between such runs and tokenizes each run itself, in one
linear pass: every punctuation mark a token, letters and digits in pieces
of at most ``PIECE`` characters.  The Doc's text is the input exactly (so
every offset holds), and text without such a run is tokenized exactly as
before.  A run is ``MIN_RUN`` or more characters without white space of
which at least half are neither letters nor digits (a URL is mostly
letters).
"""

from __future__ import annotations

import regex
from spacy.tokens import Doc

MIN_RUN = 64
PIECE = 100
RUN_RE = regex.compile(rf"\S{{{MIN_RUN},}}")
PIECE_RE = regex.compile(rf"[\p{{L}}\p{{N}}\p{{M}}]{{1,{PIECE}}}|.", regex.S)


# ``str.split`` splits at these too; the regex module's ``\S`` does not
_SPLIT_ONLY = "\x1c\x1d\x1e\x1f"


def _may_have_run(text: str) -> bool:
    """False when no match of ``RUN_RE`` is hostile, so the text needs no
    guard.  ``str.split`` (several times faster than the regex scan, which
    cost 0.2 ms per 5 kB article) splits at the regex's white space and at
    ``_SPLIT_ONLY``: where none of those occur, its pieces are the regex's
    runs; where they do, the regex decides."""
    if len(text) < MIN_RUN:
        return False
    if any(c in text for c in _SPLIT_ONLY):
        return True
    words = text.split()
    if max(map(len, words), default=0) < MIN_RUN:
        return False
    return any(_hostile(w) for w in words if len(w) >= MIN_RUN)


def _hostile(run: str) -> bool:
    alnum = sum(1 for c in run if c.isalnum())
    return alnum * 2 <= len(run)


class GuardedTokenizer:
    """Wraps a spaCy tokenizer (every other attribute is the wrapped one's,
    so ``add_special_case`` and serialization work as before)."""

    def __init__(self, tokenizer):
        self.__dict__["_inner"] = tokenizer

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def __setattr__(self, name, value):
        setattr(self._inner, name, value)

    def __call__(self, text: str) -> Doc:
        if not _may_have_run(text):
            return self._inner(text)
        runs = [m for m in RUN_RE.finditer(text) if _hostile(m.group(0))]
        if not runs:
            return self._inner(text)
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for m in runs:
            self._plain(text[pos:m.start()], words, spaces)
            for p in PIECE_RE.finditer(m.group(0)):
                words.append(p.group(0))
                spaces.append(False)
            pos = m.end()
            if pos < len(text) and text[pos] == " ":
                spaces[-1] = True
                pos += 1
        self._plain(text[pos:], words, spaces)
        return Doc(self._inner.vocab, words=words, spaces=spaces)

    def _plain(self, segment: str, words: list[str], spaces: list[bool]) -> None:
        if not segment:
            return
        doc = self._inner(segment)
        for tok in doc:  # spaCy keeps the segment's text exactly
            words.append(tok.text)
            spaces.append(bool(tok.whitespace_))


def guard(nlp) -> None:
    """Put the guard in front of ``nlp``'s tokenizer (once)."""
    if not isinstance(nlp.tokenizer, GuardedTokenizer):
        nlp.tokenizer = GuardedTokenizer(nlp.tokenizer)
