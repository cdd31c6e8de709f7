"""Consistency checks on counts and ratios: a fraction against the percent that
restates it, a total against its breakdown, percents over 100, numerators
over their denominators."""

from __future__ import annotations

import bisect
import math
from collections import defaultdict


from extractor.components.base import Fact
from extractor.components.resolve import Sentences
from extractor.components.context.tables import ContextTables, _DECIMALS, _DIGIT, _DIGIT_OR_CLOSE

# Bounds on a breakdown, so that a sentence of thousands of counts costs time
# linear in its length (issue 12): a breakdown reaches at most MAX_SPAN
# characters past its marker, a total has at most MAX_GROUPS breakdowns, and a
# group of more than MAX_PARTS counts is a list, not a breakdown (not checked).
# The articles' real breakdowns are far inside them (2 groups, 3 parts, 173
# characters at most on data/raw and the held-out sets).
MAX_SPAN = 1000
MAX_GROUPS = 4
MAX_PARTS = 50


def _decimals(s: str) -> int:
    m = _DECIMALS.search(s)
    return len(m.group(1)) if m else 0


def percent_agrees(n: int, d: int, pct: float, decimals: int) -> tuple[bool, float]:
    """Whether ``pct`` is n/d as a percent, rounded (or truncated) to the
    decimals written."""
    computed = n / d * 100
    unit = 10 ** -decimals
    ok = abs(computed - pct) <= unit / 2 + 1e-9 or \
        abs(math.floor(computed / unit + 1e-9) * unit - pct) <= 1e-9
    return ok, round(computed, 4)


class Checker:
    def __init__(self, tables: ContextTables):
        self.t = tables

    def run(self, text: str, measures: list[Fact], sents: Sentences) -> dict[int, dict]:
        checks: dict[int, dict] = defaultdict(dict)
        ordered = sorted(measures, key=lambda f: f.start)
        # range
        for f in ordered:
            if f.type != "ratio":
                continue
            a = f.attrs
            if a.get("kind") == "percent":
                ok = a["percent"] <= 100
                checks[id(f)]["range"] = {"ok": ok} if ok else \
                    {"ok": False, "reason": self.t.check_reasons["percent_above"]}
            else:
                ok = a["numerator"] <= a["denominator"]
                checks[id(f)]["range"] = {"ok": ok} if ok else \
                    {"ok": False, "reason": self.t.check_reasons["numerator_above"]}
        # a fraction and the percent that restates it
        for i, f in enumerate(ordered):
            if f.type != "ratio" or f.attrs.get("kind") != "fraction" or i + 1 >= len(ordered):
                continue
            p = ordered[i + 1]
            s0, s1 = sents.of(f.start)
            if p.type != "ratio" or p.attrs.get("kind") != "percent" or p.start >= s1:
                continue
            between = text[f.end:p.start]
            if len(between) > 120 or _DIGIT.search(between) or not self.t.restate_re.search(between):
                continue
            n, d = f.attrs["numerator"], f.attrs["denominator"]
            ok, computed = percent_agrees(n, d, p.attrs["percent"], _decimals(text[p.start:p.end]))
            info = {"ok": ok, "fraction": [n, d], "percent": p.attrs["percent"], "computed": computed}
            checks[id(f)]["fraction_percent"] = {**info, "with": p.start}
            checks[id(p)]["fraction_percent"] = {**info, "with": f.start}
        # a total and its breakdown
        counts = [f for f in ordered if f.type == "count"]
        starts = [f.start for f in counts]
        for i, total in enumerate(counts):
            s0, s1 = sents.of(total.start)
            groups = self._groups(text, total, counts, starts, i + 1, s1)
            if not groups:
                continue
            results = []
            for parts in groups:
                value = sum(p.attrs["value"] for p in parts)
                ok = value == total.attrs["value"]
                res = {"ok": ok, "sum": value, "total": total.attrs["value"],
                       "parts": [p.start for p in parts]}
                if not ok:
                    res["reason"] = self.t.check_reasons["parts_more" if value > total.attrs["value"]
                                                         else "parts_less"]
                results.append(res)
                for p in parts:
                    checks[id(p)]["part_of"] = total.start
            checks[id(total)]["breakdown"] = results
        return checks

    def _groups(self, text: str, total: Fact, counts: list[Fact], starts: list[int], first: int,
                s1: int) -> list[list[Fact]]:
        """The breakdowns right after a total (``counts[first:]`` are the
        counts after it; ``starts`` their starts): each opened by a marker
        ("(including", "; of which", ", comprising") with two or more counts."""
        groups = []
        pos = total.end
        idx = first
        tries = 0
        while tries < MAX_GROUPS:
            tries += 1
            m = self.t.marker_re.search(text, pos, min(s1, pos + 90))
            if m is None:
                break
            if _DIGIT_OR_CLOSE.search(text, pos, m.start()):
                break
            paren = m.group(0) == "(" or text[max(0, m.start() - 2):m.start()].strip().endswith("(")
            limit = min(s1, m.end() + MAX_SPAN)
            if paren:
                close = text.find(")", m.end(), limit)
                end = close if close >= 0 else limit
            else:
                end = limit
                nxt = self.t.marker_re.search(text, m.end(), end)
                while nxt is not None and nxt.group(0) == "(":
                    nxt = self.t.marker_re.search(text, nxt.end(), end)
                if nxt is not None:
                    end = nxt.start()
            w = self.t.with_number_re.search(text, m.end(), end)
            if w is not None:
                end = w.start()
            idx = max(idx, bisect.bisect_left(starts, m.end(), idx))
            j = bisect.bisect_left(starts, end, idx)
            if 2 <= j - idx <= MAX_PARTS:
                groups.append(counts[idx:j])
            idx = j
            pos = end + 1 if paren else end
            if pos >= s1:
                break
        return groups
