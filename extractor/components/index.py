"""One shared candidate index per Doc: what the finders look up instead of
scanning the text again.

The first component (``extractor_paragraphs``) builds it; every later
component reads it.  Finders find their candidates here (token hashes, digit
runs, capitalised words, URL spans) and run anchored ``.match`` calls at
those places only, instead of full-text (and case-insensitive) searches.

API (stable: add to it, do not rename)::

    ix = doc_index(doc)        # or doc._.index; built once per Doc
    ix = text_index(text)      # the text-only parts, for a finder called without a Doc

    ix.text                    # the Doc's text (``base.doc_text``)
    ix.lower_text              # text.lower() when it keeps every offset, else None
    ix.n                       # number of tokens
    ix.idx, ix.ends            # int64 arrays: each token's start and end offset
    ix.lower                   # uint64 array: each token's LOWER hash
    ix.length                  # int64 array: each token's length
    ix.is_space                # bool array: whitespace tokens
    ix.token_at(offset)        # index of the token starting at or before offset (-1: none)
    ix.token_starting_at(off)  # index of the token starting exactly at off, else -1

    ix.positions(words)        # sorted offsets of the tokens whose lowercase form
                               # is in ``words`` (a frozenset; cached per set)
    ix.occurrences(words)      # sorted offsets where one of ``words`` (lowercase) occurs in
                               # the text, any case, as ``(?i:word)`` would match there (a
                               # superset of such matches' starts: str.find in lower_text);
                               # None when the text or a word cannot be searched that way
    ix.occurrences_before_space(words, offsets)
                               # sorted offsets where one of ``words`` (lowercase) occurs, any
                               # case, followed by white space (\\s+) that ends at one of the
                               # ``offsets`` (a superset of the starts of such ``(?i:word)\\s+``);
                               # None when the text or a word cannot be searched that way
    ix.finditer(rx, words)     # rx.finditer(text) when every match of rx starts where one of
                               # ``words`` occurs: anchored matches there (the full scan when
                               # ``occurrences`` is None)
    ix.line_starts             # 0 and the offsets after each "\n"
    ix.capitals                # sorted offsets of the tokens starting with an uppercase letter
    ix.digit_starts, ix.digit_ends  # int64 arrays: the runs of digits (\\d+, ``regex``'s) of the text
    ix.digit_run_starts        # the same starts, a list (for ``base.matches_at``)
    ix.digit_runs_of(lengths)  # sorted starts of the runs of digits as the ``regex`` module
                               # reads ``\\d`` (its Unicode is newer than ``re``'s: more digits)
                               # that have one of ``lengths`` digits (a frozenset; cached per set)
    ix.urls                    # sorted disjoint (start, end) of URLs (base.URL_RE's matches)
    ix.in_url(start, end)      # whether [start, end) overlaps a URL (O(log n))

    ix.sentences()             # Sentences: ``bounds`` [(start, end)], ``starts``, ``of(pos)``
                               # (the same bounds as ``[(s.start_char, s.end_char) for s in doc.sents]``)
    ix.sentence_of(pos)        # (start, end) of the sentence holding ``pos`` (O(log n))

Everything but the token arrays is computed on first use.  The sentence
bounds are read from the Doc when first asked for: ask only after
``extractor_paragraphs`` has set the sentence starts (``extractor_resolve``
and later).

The index is not stored in ``doc.user_data``: it lives in a weak mapping
keyed by the Doc, so ``DocBin(store_user_data=True)`` and ``Doc.to_bytes``
never see it; a Doc read back rebuilds it on demand.  A Doc whose token
count changed (a retokenizer) gets a new index.
"""

from __future__ import annotations

import bisect
import functools
import weakref
from typing import Optional

import numpy
import regex
from spacy.attrs import IDX, LENGTH, LOWER
from spacy.tokens import Doc

from extractor.components.base import URL_RE, _hashes, doc_text
from extractor.components.base import matches_at as _matches_at

_REGEX_DIGITS_RE = regex.compile(r"\d+")  # the digits of the ``regex`` patterns (and quicker)
_URL_STARTS = frozenset({"http", "www."})
_SPACE_BACK_RE = regex.compile(r"\s+", regex.REVERSE)  # the white space that ends at endpos

try:
    from regex._regex import get_all_cases as _all_cases
except ImportError:  # pragma: no cover - another regex build: no text is case-safe
    _all_cases = None
_CASE_FLAGS = regex.I | regex.U | regex.V0


def minimal_words(words) -> tuple:
    """The words that no other of them starts: each occurrence of a word
    is an occurrence of one of these ("jan" covers "january")."""
    ws = sorted(set(words), key=len)
    out: list[str] = []
    for w in ws:
        if not any(w.startswith(k) for k in out):
            out.append(w)
    return tuple(out)


@functools.lru_cache(maxsize=256)
def _search_plan(words: frozenset) -> Optional[tuple[tuple, tuple]]:
    """How to find where ``(?i:w)`` can match for the words: (the minimal
    words to look for in the lowercase text, the characters that match one
    of their letters ignoring case but do not lowercase to it, "ſ" for "s":
    a text holding one is scanned instead).  None: a word is not lowercase
    (or the regex engine cannot tell its cases)."""
    if _all_cases is None or not words or any(not w or w != w.lower() for w in words):
        return None
    bad = set()
    for c in set("".join(words)):
        for d in _all_cases(_CASE_FLAGS, ord(c)):
            low = chr(d).lower()
            if low != c and len(low) == 1:  # (two characters: lower_text is None)
                bad.add(chr(d))
    return minimal_words(words), tuple(sorted(bad))


# the characters of str.isspace() (a test checks the list)
SPACE_CODEPOINTS = (list(range(0x09, 0x0E)) + list(range(0x1C, 0x21)) + [0x85, 0xA0, 0x1680]
                    + list(range(0x2000, 0x200B)) + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000])
_IS_SPACE_CP = numpy.zeros(0x3002, dtype=bool)  # the last: every code point above
_IS_SPACE_CP[SPACE_CODEPOINTS] = True

_INDEXES: "weakref.WeakKeyDictionary[Doc, DocIndex]" = weakref.WeakKeyDictionary()


class Sentences:
    """Character bounds of sentences, sorted; ``of(pos)`` is a bisection."""

    __slots__ = ("bounds", "starts")

    def __init__(self, bounds: list[tuple[int, int]]):
        self.bounds = bounds
        self.starts = [b[0] for b in bounds]

    def of(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.starts, pos) - 1)
        return self.bounds[i]


class DocIndex:
    """The candidate index of one Doc (or of a text alone: ``text_index``);
    see the module docstring."""

    def __init__(self, text: str, doc: Optional[Doc] = None):
        self.text = text
        self._doc = weakref.ref(doc) if doc is not None else None
        self._strings = doc.vocab.strings if doc is not None else None
        self._positions: dict[frozenset, list[int]] = {}
        self._lower_text = False  # not computed yet
        self._urls: Optional[list[tuple[int, int]]] = None
        self._url_ends: Optional[list[int]] = None
        self._digits = None
        self._regex_digit_runs: Optional[list[tuple[int, int]]] = None
        self._digit_runs_of: dict[frozenset, list[int]] = {}
        self._capitals: Optional[list[int]] = None
        self._sentences: Optional[Sentences] = None
        self._occurrences: dict = {}
        self._line_starts: Optional[list[int]] = None
        self._idx_list: Optional[list[int]] = None
        self._length = self._ends = self._lower = self._is_space = None
        # the token offsets now; the other columns when first asked for
        # (each of spaCy's to_array columns costs about 20-50 ns a token)
        if doc is not None and len(doc):
            self.idx = doc.to_array(IDX).astype("int64")
        else:
            self.idx = numpy.zeros(0, dtype="int64")
        self.n = len(self.idx)

    def _column(self, attr) -> numpy.ndarray:
        doc = self._doc() if self._doc is not None else None
        if doc is None or not self.n:
            return numpy.zeros(self.n, dtype="uint64")
        return doc.to_array(attr)

    @property
    def length(self) -> numpy.ndarray:
        if self._length is None:
            self._length = self._column(LENGTH).astype("int64")
        return self._length

    @property
    def ends(self) -> numpy.ndarray:
        if self._ends is None:
            self._ends = self.idx + self.length
        return self._ends

    @property
    def lower(self) -> numpy.ndarray:
        if self._lower is None:
            self._lower = self._column(LOWER)
        return self._lower

    @property
    def is_space(self) -> numpy.ndarray:
        """Whitespace tokens (spaCy's IS_SPACE): spaCy's tokenizer makes a
        token of whitespace only or of none, so a token is whitespace when
        its first character is (read from the text: cheaper than the
        lexeme flag)."""
        if self._is_space is None:
            if self.n:
                first = numpy.frombuffer(self.text.encode("utf-32-le"), dtype="<u4")[self.idx]
                self._is_space = _IS_SPACE_CP[numpy.minimum(first, len(_IS_SPACE_CP) - 1)]
            else:
                self._is_space = numpy.zeros(0, dtype=bool)
        return self._is_space

    # -- tokens ------------------------------------------------------------
    @property
    def idx_list(self) -> list[int]:
        if self._idx_list is None:
            self._idx_list = self.idx.tolist()
        return self._idx_list

    def token_at(self, offset: int) -> int:
        """Index of the last token starting at or before ``offset`` (-1 when none)."""
        return int(numpy.searchsorted(self.idx, offset, side="right")) - 1

    def token_starting_at(self, offset: int) -> int:
        i = int(numpy.searchsorted(self.idx, offset, side="left"))
        return i if i < self.n and self.idx[i] == offset else -1

    def positions(self, words: frozenset) -> list[int]:
        """Sorted offsets of the tokens whose lowercase form is one of
        ``words`` (what ``base.word_positions`` gives), cached per set."""
        got = self._positions.get(words)
        if got is None:
            if not self.n or self._strings is None or not words or self._doc() is None:
                got = []
            else:
                hashes = _hashes(self._strings, words)  # sorted
                k = numpy.searchsorted(hashes, self.lower)
                k[k == len(hashes)] = 0
                got = self.idx[hashes[k] == self.lower].tolist()
            self._positions[words] = got
        return got

    @property
    def capitals(self) -> list[int]:
        """Sorted offsets of the tokens whose first character is uppercase."""
        if self._capitals is None:
            text = self.text
            self._capitals = [i for i in self.idx_list if text[i].isupper()]
        return self._capitals

    # -- text --------------------------------------------------------------
    @property
    def lower_text(self) -> Optional[str]:
        """``text.lower()`` when it has the text's length (every offset
        stays: a few characters lowercase to two), else None."""
        if self._lower_text is False:
            low = self.text.lower()
            self._lower_text = low if len(low) == len(self.text) else None
        return self._lower_text

    def occurrences(self, words) -> Optional[list[int]]:
        """Sorted offsets where one of ``words`` occurs in the text, in any
        case (where ``(?i:word)`` can match); None when the text or a word
        cannot be searched by its lowercase (then scan the text)."""
        key = words if isinstance(words, frozenset) else frozenset(words)
        if key in self._occurrences:
            return self._occurrences[key]
        plan = _search_plan(key)
        low = self.lower_text if plan is not None else None
        got: Optional[list[int]] = None
        if low is not None and not any(c in self.text for c in plan[1]):
            found: set[int] = set()
            for w in plan[0]:
                p = low.find(w)
                while p >= 0:
                    found.add(p)
                    p = low.find(w, p + 1)
            got = sorted(found)
        self._occurrences[key] = got
        return got

    def occurrences_before_space(self, words: frozenset, offsets: list[int]) -> Optional[list[int]]:
        """Sorted offsets where one of ``words`` occurs in the text, in any
        case (as ``occurrences``), right before the run of white space
        (``regex``'s ``\\s+``) that ends at one of ``offsets``: where
        ``(?i:word)\\s+`` can match up to one of them.  A word's last
        character matches no white space, so such a match's white space is
        the whole run.  None when the text or a word cannot be searched by
        its lowercase."""
        plan = _search_plan(words)
        low = self.lower_text if plan is not None else None
        if low is None or any(c in self.text for c in plan[1]):
            return None
        by_length: dict[int, set] = {}
        for w in words:
            by_length.setdefault(len(w), set()).add(w)
        text = self.text
        found: set[int] = set()
        for q in offsets:
            m = _SPACE_BACK_RE.match(text, 0, q)
            if m is None:
                continue
            j = m.start()
            for n, ws in by_length.items():
                if n <= j and low[j - n:j] in ws:
                    found.add(j - n)
        return sorted(found)

    def finditer(self, rx, words):
        """``rx.finditer(text)``, for a regex whose every match starts where
        one of ``words`` occurs: anchored matches at those places."""
        where = self.occurrences(words)
        if where is None:
            return rx.finditer(self.text)
        return _matches_at(rx, self.text, where)

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            text = self.text
            out = [0]
            p = text.find("\n")
            while p >= 0:
                out.append(p + 1)
                p = text.find("\n", p + 1)
            self._line_starts = out
        return self._line_starts

    def _runs(self) -> list[tuple[int, int]]:
        """(start, end) of the runs of ``\\d+`` as the ``regex`` module reads
        ``\\d`` (the patterns' digits; its Unicode is newer than ``re``'s)."""
        runs = self._regex_digit_runs
        if runs is None:
            runs = self._regex_digit_runs = [m.span() for m in _REGEX_DIGITS_RE.finditer(self.text)]
        return runs

    def _digit_runs(self):
        if self._digits is None:
            runs = self._runs()
            starts = [s for s, _ in runs]
            self._digits = (starts, numpy.array(starts, dtype="int64"),
                            numpy.array([e for _, e in runs], dtype="int64"))
        return self._digits

    def digit_runs_of(self, lengths: frozenset) -> list[int]:
        """Sorted starts of the digit runs (``_runs``) that have one of
        ``lengths`` digits, cached per set."""
        got = self._digit_runs_of.get(lengths)
        if got is None:
            got = self._digit_runs_of[lengths] = [s for s, e in self._runs() if e - s in lengths]
        return got

    @property
    def digit_run_starts(self) -> list[int]:
        return self._digit_runs()[0]

    @property
    def digit_starts(self) -> numpy.ndarray:
        return self._digit_runs()[1]

    @property
    def digit_ends(self) -> numpy.ndarray:
        return self._digit_runs()[2]

    @property
    def urls(self) -> list[tuple[int, int]]:
        """``base.url_spans(text)``: URL_RE's matches, found by anchored
        matches where "http" or "www." starts (any case)."""
        if self._urls is None:
            spans = [m.span() for m in self.finditer(URL_RE, _URL_STARTS)]
            self._urls = spans
            self._url_ends = [e for _, e in spans]
        return self._urls

    def in_url(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps one of the URLs (``base.inside_any``)."""
        urls = self.urls
        if not urls:
            return False
        # the first URL ending after ``start``; URLs are disjoint and sorted
        i = bisect.bisect_right(self._url_ends, start)
        return i < len(urls) and urls[i][0] < end

    # -- sentences ---------------------------------------------------------
    def sentences(self) -> Sentences:
        """The Doc's sentence bounds (read once: ask after extractor_paragraphs set them)."""
        if self._sentences is None:
            doc = self._doc() if self._doc is not None else None
            bounds: list[tuple[int, int]] = []
            if doc is not None and self.n and doc.has_annotation("SENT_START"):
                # (spaCy's own loop: faster than reading the columns here)
                bounds = [(s.start_char, s.end_char) for s in doc.sents]
            self._sentences = Sentences(bounds or [(0, len(self.text))])
        return self._sentences

    def sentence_of(self, pos: int) -> tuple[int, int]:
        return self.sentences().of(pos)


def doc_index(doc: Doc) -> DocIndex:
    """The Doc's index, built on first use and kept while the Doc lives."""
    ix = _INDEXES.get(doc)
    if ix is None or ix.n != len(doc):
        ix = _INDEXES[doc] = DocIndex(doc_text(doc), doc)
    return ix


def text_index(text: str) -> DocIndex:
    """An index of a text with no Doc: URLs, digit runs, the lowercase
    text (no tokens: ``positions`` and ``capitals`` are empty)."""
    return DocIndex(text)


if not Doc.has_extension("index"):
    Doc.set_extension("index", getter=doc_index)
