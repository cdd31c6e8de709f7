"""Issue 12, item 5: the context component's work is linear in the text on
hostile input.  Many counts in one sentence (each opening a breakdown) must
not make the breakdown check, subjects or levels quadratic in time, memory or
output; many mentions of one document must not make linking quadratic.

The facts are made directly (regex over the text), so only the context's own
work is timed: at 10 kB and 50 kB (quick), at 200 kB and 1 MB (slow), 5x the
text each time, the time may grow at most 10x (a quadratic path grows 25x),
and every record's checks stay small."""

from __future__ import annotations

import json
import time

import pytest
import regex

from extractor.components.base import Fact
from extractor.components.context import tables_for
from extractor.components.context.checks import MAX_PARTS, Checker
from extractor.components.context.linking import link_documents
from extractor.components.context.measures import ContextResolver
from extractor.components.resolve import Sentences

UNITS = {
    # every count opens a breakdown that runs to the end of the sentence
    "paren": "{n} cadres (",
    # every count opens a breakdown closed by the next marker
    "including": "{n} cadres including ",
    # one total with a breakdown of thousands of parts
    "list": "{n} cadres, ",
}


def hostile(kind: str, size: int) -> str:
    parts, n, length = ["There were 5000 cadres (including "] if kind == "list" else [], 10, 0
    while length < size:
        p = UNITS[kind].format(n=n)
        parts.append(p)
        length += len(p)
        n += 1
    return "".join(parts) + "."


def one_sentence(text: str) -> Sentences:
    s = Sentences.__new__(Sentences)
    s.bounds, s.starts = [(0, len(text))], [0]
    return s


def counts_of(text: str) -> list[Fact]:
    return [Fact("count", m.start(), m.end(), {"value": int(m.group()), "unit": "cadres", "qualifier": "exact"},
                 "counts:digits") for m in regex.finditer(r"\d+", text)]


def context_work(text: str) -> tuple[float, int]:
    """Seconds of the context's per-fact work (subjects, levels, checks) on
    the text's counts, and the longest checks value (JSON characters)."""
    t = tables_for("en")
    facts = counts_of(text)
    sents = one_sentence(text)
    resolver, checker = ContextResolver(t), Checker(t)
    t0 = time.perf_counter()
    subjects = resolver.subjects(text, facts, sents)
    for f in facts:
        resolver.level(resolver.level_window(text, f, subjects.get(id(f), (None,))[0],
                                             resolver.bounds(f, sents)[1]), False)
    checks = checker.run(text, facts, sents)
    seconds = time.perf_counter() - t0
    longest = max((len(json.dumps(c)) for c in checks.values()), default=0)
    return seconds, longest


def best_of(n: int, text: str) -> tuple[float, int]:
    """The fastest of n runs (a busy machine slows some runs, never speeds one up)."""
    runs = [context_work(text) for _ in range(n)]
    return min(r[0] for r in runs), runs[0][1]


def assert_linear(kind: str, small: int, large: int) -> None:
    t_small, longest_small = best_of(3, hostile(kind, small))
    t_large, longest_large = best_of(2, hostile(kind, large))
    ratio = large / small
    assert t_large <= max(2 * ratio * t_small, 0.5), \
        f"{kind}: {t_small:.2f}s at {small} chars, {t_large:.2f}s at {large} (linear: about {ratio:.0f}x)"
    # output per record bounded (parts lists capped), not growing with the text
    assert longest_large <= max(longest_small, 60 * MAX_PARTS), (kind, longest_small, longest_large)


@pytest.mark.parametrize("kind", sorted(UNITS))
def test_breakdown_and_subjects_linear_10k_50k(kind):
    assert_linear(kind, 10_000, 50_000)


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(UNITS))
def test_breakdown_and_subjects_linear_200k_1m(kind):
    assert_linear(kind, 200_000, 1_000_000)


def test_breakdown_still_found_among_hostile_text():
    """The caps do not lose an ordinary breakdown."""
    text = "2,580 cadres (including 131 at the city level, 1,182 at the district level and 1,267 at the commune level)."
    facts = [Fact("count", m.start(), m.end(), {"value": int(m.group().replace(",", "")), "unit": "cadres"})
             for m in regex.finditer(r"\d[\d,]*\d|\d", text)]
    checks = Checker(tables_for("en")).run(text, facts, one_sentence(text))
    assert checks[id(facts[0])]["breakdown"][0]["ok"]
    assert [checks[id(f)]["part_of"] for f in facts[1:]] == [0, 0, 0]


def mentions(n: int, distinct_years: int = 1) -> list[Fact]:
    out = []
    for i in range(n):
        attrs = {"doc_type": "resolution", "number": "04", "symbol": "04-NQ/TU" if i % 3 else None,
                 "issuer": "Provincial Party Committee" if i % 2 else None,
                 "year": 2021 + (i % distinct_years) if i % 5 == 0 else None, "issued_on": None,
                 "title": None}
        out.append(Fact("document_ref", 60 * i, 60 * i + 20, attrs, "documents:x"))
    return out


def link_seconds(n: int) -> float:
    docs = mentions(n)
    t0 = time.perf_counter()
    link_documents(docs, None, None, tables_for("en"))
    return time.perf_counter() - t0


def test_linking_repeated_mentions_is_linear():
    """1 MB of repeated mentions of one document (about 17,000 mentions of
    60 characters) against 200 kB."""
    small, large = link_seconds(3_400), link_seconds(17_000)
    assert large <= max(10 * small, 0.5), (small, large)


def test_linking_repeated_mentions_all_link_to_the_fullest():
    docs = mentions(1000)
    link_documents(docs, None, None, tables_for("en"))
    keys = {f.attrs["canonical_key"] for f in docs}
    assert keys == {"Provincial Party Committee|resolution|4|2021"}
    full = [f for f in docs if f.attrs["refers_to"] is None]
    assert len(full) == 1 and all(f.attrs["refers_to"] == full[0].start for f in docs if f is not full[0])


def test_linking_incompatible_mentions_stay_apart():
    docs = mentions(20, distinct_years=2)
    for f in docs:
        if f.attrs["year"] is None:
            f.attrs["issuer"] = None
            f.attrs["symbol"] = None
    link_documents(docs, None, None, tables_for("en"))
    dated = {f.attrs["year"]: f.attrs["canonical_key"] for f in docs if f.attrs["year"]}
    assert len(set(dated.values())) == 2
