"""Consistency checks on counts and ratios: a fraction against the percent that
restates it, a total against its breakdown, percents over 100, numerators
over their denominators."""

from __future__ import annotations

import math
from collections import defaultdict


from extractor.components.base import Fact
from extractor.components.resolve import Sentences
from extractor.components.context.tables import ContextTables, _DECIMALS, _DIGIT, _DIGIT_OR_CLOSE

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
        for i, total in enumerate(counts):
            s0, s1 = sents.of(total.start)
            groups = self._groups(text, total, counts[i + 1:], s1)
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

    def _groups(self, text: str, total: Fact, after: list[Fact], s1: int) -> list[list[Fact]]:
        """The breakdowns right after a total: each opened by a marker
        ("(including", "; of which", ", comprising") with two or more counts."""
        groups = []
        pos = total.end
        idx = 0
        while True:
            m = self.t.marker_re.search(text, pos, min(s1, pos + 90))
            if m is None:
                break
            if _DIGIT_OR_CLOSE.search(text, pos, m.start()):
                break
            paren = m.group(0) == "(" or text[max(0, m.start() - 2):m.start()].strip().endswith("(")
            if paren:
                close = text.find(")", m.end(), s1)
                end = close if close >= 0 else s1
            else:
                end = s1
            nxt = self.t.marker_re.search(text, m.end(), end)
            while nxt is not None and nxt.group(0) == "(":
                nxt = self.t.marker_re.search(text, nxt.end(), end)
            if nxt is not None and not paren:
                end = nxt.start()
            w = self.t.with_number_re.search(text, m.end(), end)
            if w is not None:
                end = w.start()
            parts = []
            while idx < len(after) and after[idx].start < m.end():
                idx += 1
            j = idx
            while j < len(after) and after[j].start < end:
                parts.append(after[j])
                j += 1
            idx = j
            if len(parts) >= 2:
                groups.append(parts)
            pos = end + 1 if paren else end
            if pos >= s1:
                break
        return groups
