"""Issue 12: hostile text is linear.  One document mentioned over and over
and bare numbers with no words were quadratic at 1 MB; the causes, each
tested here by counting work (never by a clock), at n and 4n characters:

* the regex module looks for a pattern's required literal ("of" in the
  part-of pattern) from the match position to the end of the text, even in
  ``match``: once per number, the whole rest of the text (``match_near``);
* the bare document symbols were tested against every mention before them
  (``SpanIndex``);
* each date's line was found by ``rfind``/``find`` over a text with no
  newline (``DateFinder._served_headers``);
* sorted lists grown by ``list.insert`` in a loop (``DisjointSpans`` in
  blocks, ``apply_priority`` through it).
"""

from __future__ import annotations

import bisect
import random

import pytest
import regex

from extractor.bench import hostile_text
from extractor.components import documents
from extractor.components.base import DisjointSpans, Fact, SpanIndex, inside_any, match_near
from extractor.components.dates import finder_for as date_finder_for
from extractor.components.documents import finder_for as document_finder_for
from extractor.components.numbers import finder_for as number_finder_for
from extractor.components.resolve import PRIORITY, apply_priority

N = 20_000  # and 4 * N: linear work grows 4x, quadratic 16x
LINEAR = 6  # the growth allowed for 4x the text


# -- match_near: the same match as rx.match, on a window first ------------------
PATTERNS = [r"(?i)\s+(?:of whom|of which|of them)\b", r"\s+(?:of\s+whom|of)", r"-\bq", r"a\B", r"x\b",
            r"\s*(?:to|and|-)\s*\d+(?![\w%/]|[.,]\d)", r"a(?=b)", r"(?:\s|of)+$", r"(?r)of\s*"]
PIECES = ["of", " ", "  ", "whom", "which", "-", "q", "a", "b", "x", "to", "12", "\n", ".", "5"]


def test_match_near_is_rx_match():
    rng = random.Random(0)
    pats = [regex.compile(p) for p in PATTERNS]
    pats += [f.part_of_re for f in (number_finder_for("en"), number_finder_for("vi"))]
    for _ in range(500):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 60)))
        for rx in pats:
            for pos in range(0, len(text), 2):
                for reach in (1, 3, 8):
                    got, want = match_near(rx, text, pos, reach), rx.match(text, pos)
                    assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), \
                        (rx.pattern, text, pos, reach)


class Offered:
    """A compiled pattern that counts the characters each call is offered
    (from ``pos`` to ``endpos``, else to the end of the text)."""

    def __init__(self, rx):
        self.rx, self.chars, self.calls = rx, 0, 0

    def __getattr__(self, name):
        return getattr(self.rx, name)

    def match(self, text, pos=0, endpos=None, **kw):
        self.calls += 1
        self.chars += (len(text) if endpos is None else min(endpos, len(text))) - pos
        return self.rx.match(text, pos, len(text) if endpos is None else endpos, **kw)


def test_bare_numbers_offer_the_part_of_pattern_a_window_not_the_rest_of_the_text(monkeypatch):
    finder = number_finder_for("en")
    offered = {}
    for size in (N, 4 * N):
        spy = Offered(finder.part_of_re)
        monkeypatch.setattr(finder, "part_of_re", spy)
        # (the gate on the phrases' first words off: every bare number asks)
        monkeypatch.setattr(finder, "part_of_firsts", None)
        finder.find(hostile_text("numbers", size, []))
        monkeypatch.undo()
        assert spy.calls > size / 100  # every bare number asks
        offered[size] = spy.chars
    assert offered[4 * N] <= LINEAR * offered[N], offered


# -- documents: the bare symbols against the mentions taken ---------------------
def test_span_index_is_inside_any():
    rng = random.Random(1)
    for _ in range(2000):
        spans = [(s, s + rng.randint(0, 8)) for s in (rng.randint(0, 60) for _ in range(rng.randint(0, 12)))]
        index = SpanIndex(spans)
        for _ in range(20):
            s = rng.randint(0, 70)
            e = s + rng.randint(0, 8)
            assert index.overlaps(s, e) == inside_any(s, e, spans), (spans, s, e)


def _lines_run(call) -> int:
    """How many lines of the components' code ``call`` runs (loop bodies and
    generator steps count each time): work, whatever the implementation."""
    import sys
    import os

    where = os.path.dirname(documents.__file__)
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if not frame.f_code.co_filename.startswith(where):
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        call()
    finally:
        sys.settrace(None)
    return count


def test_one_document_mentioned_over_and_over_is_not_a_scan_per_symbol():
    """The lines of the components' code that ``documents.find`` runs,
    counted: the symbols of N mentions used to be compared with every
    mention before them (``inside_any``, one generator step per mention)."""
    finder = document_finder_for("en")
    work, found = {}, {}
    for size in (N, 4 * N):
        text = hostile_text("mentions", size, [])
        found[size] = len(finder.find(text))
        work[size] = _lines_run(lambda: finder.find(text))
    assert found[4 * N] >= 3.9 * found[N] > 0
    assert work[4 * N] <= LINEAR * work[N] + 100, work


# -- dates: the line of each date ------------------------------------------------
class Scanned(str):
    """A text that counts the characters its find/rfind/index/rindex/count
    calls may read."""

    chars = 0

    def _count(self, start, end):
        n = len(self)
        start = 0 if start is None else (start if start >= 0 else max(0, n + start))
        end = n if end is None else (end if end >= 0 else max(0, n + end))
        Scanned.chars += max(0, min(end, n) - start)

    def find(self, sub, start=None, end=None):
        self._count(start, end)
        return str.find(self, sub, start, end)

    def rfind(self, sub, start=None, end=None):
        self._count(start, end)
        return str.rfind(self, sub, start, end)

    def index(self, sub, start=None, end=None):
        self._count(start, end)
        return str.index(self, sub, start, end)

    def rindex(self, sub, start=None, end=None):
        self._count(start, end)
        return str.rindex(self, sub, start, end)

    def count(self, sub, start=None, end=None):
        self._count(start, end)
        return str.count(self, sub, start, end)


def test_dates_on_one_line_do_not_scan_the_line_per_date():
    unit = "31/5/2021 and May 31, 2021; "
    finder = date_finder_for("en")
    work, found = {}, {}
    for size in (N, 4 * N):
        Scanned.chars = 0
        found[size] = len(finder.find(Scanned((unit * (size // len(unit) + 1))[:size])))
        work[size] = Scanned.chars
    assert found[4 * N] >= 3.9 * found[N] > 0
    assert work[4 * N] <= LINEAR * work[N] + 100, work


# -- sorted spans grown out of order ----------------------------------------------
class FlatSpans:
    """DisjointSpans as it was: two flat lists (list.insert: quadratic)."""

    def __init__(self):
        self.starts, self.ends = [], []

    def overlaps(self, start, end):
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start

    def add(self, start, end):
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def test_disjoint_spans_in_blocks_answer_as_flat_lists(monkeypatch):
    monkeypatch.setattr(DisjointSpans, "BLOCK", 3)
    rng = random.Random(2)
    for _ in range(500):
        flat, blocks = FlatSpans(), DisjointSpans()
        for _ in range(rng.randint(0, 120)):
            s = rng.randint(0, 200)
            e = s + rng.randint(0, 6)
            assert blocks.overlaps(s, e) == flat.overlaps(s, e)
            if not flat.overlaps(s, e) or rng.random() < 0.1:
                flat.add(s, e)
                blocks.add(s, e)
        assert sum(blocks._starts, []) == flat.starts and sum(blocks._ends, []) == flat.ends


def test_disjoint_spans_added_backwards_move_one_block_at_a_time():
    """What one ``add`` moves is at most a block: 20,000 spans added from
    the last to the first (each at the front) never make a list longer
    than 2 * BLOCK."""
    spans = DisjointSpans()
    for k in range(20_000, 0, -1):
        spans.add(2 * k, 2 * k + 1)
    assert max(len(b) for b in spans._starts) <= 2 * DisjointSpans.BLOCK
    assert len(spans._starts) >= 20_000 // (2 * DisjointSpans.BLOCK)
    assert spans.overlaps(2, 3) and not spans.overlaps(3, 4) and spans.overlaps(0, 40_002)


def reference_priority(facts):
    """``apply_priority`` as it was (flat lists, list.insert)."""
    ranked = sorted(facts, key=lambda f: (PRIORITY.get(f.type, 9), -(f.end - f.start), f.start))
    starts, ordered = [], []
    for f in ranked:
        i = bisect.bisect_left(starts, f.start)
        clash = any(0 <= j < len(ordered) and ordered[j].overlaps(f) for j in (i - 1, i))
        k = i
        while not clash and k < len(ordered) and ordered[k].start < f.end:
            clash = ordered[k].overlaps(f)
            k += 1
        if not clash:
            starts.insert(i, f.start)
            ordered.insert(i, f)
    return ordered


@pytest.mark.parametrize("block", [2, 512])
def test_apply_priority_keeps_what_it_kept(monkeypatch, block):
    monkeypatch.setattr(DisjointSpans, "BLOCK", block)
    rng = random.Random(3)
    types = list(PRIORITY) + ["other"]
    for _ in range(800):
        facts = []
        for _ in range(rng.randint(0, 100)):
            s = rng.randint(0, 300)
            facts.append(Fact(rng.choice(types), s, s + rng.randint(1, 12)))
        assert [id(f) for f in apply_priority(facts)] == [id(f) for f in reference_priority(facts)]
