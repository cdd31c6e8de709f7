"""The tokenizer guard (extractor/tokenizer_guard.py): hostile punctuation
runs in linear time, every text kept exactly, ordinary text tokenized as
spaCy does."""

import time
from pathlib import Path

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.pipeline import extract_text
from extractor.tokenizer_guard import MIN_RUN, RUN_RE, GuardedTokenizer, _may_have_run

ROOT = Path(__file__).resolve().parent.parent
NLP = spacy.blank("en")
GUARDED = GuardedTokenizer(NLP.tokenizer)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("((()))!!..,-/ a1\n\tđ") + ["  ", "((((((((((", "a1b2c3d4"]), max_size=120).map("".join))
def test_text_is_kept_exactly(text):
    assert GUARDED(text).text == text


def test_ordinary_text_tokenized_as_before():
    for p in sorted((ROOT / "data" / "raw").glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        assert [t.text for t in GUARDED(text)] == [t.text for t in NLP.tokenizer(text)], p.name


def test_nested_parentheses_are_linear():
    t0 = time.perf_counter()
    doc = GUARDED("(" * 50_000 + ")" * 50_000)
    assert len(doc) == 100_000 and time.perf_counter() - t0 < 5


def test_facts_next_to_a_hostile_run():
    text = "The province admitted 288 party members." + "(" * 5000 + " Resolution No. 04-NQ/TU."
    recs = {(r.type, r.text) for r in extract_text(text, lang="en")}
    assert ("count", "288") in recs and ("document_ref", "Resolution No. 04-NQ/TU") in recs


# white space of every kind the two disagree on, and runs just under and over MIN_RUN
_PIECES = ["a" * (MIN_RUN - 1), "(" * MIN_RUN, "x" * (MIN_RUN - 2), "(" * (MIN_RUN // 2 - 1), " ", "\n", "\x1c", "\x1f",
           "\x85", "\u00a0", "\u2028", "\u3000", "\u180e", "\u200b", "(", "b"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_precheck_never_hides_a_run(text):
    from extractor.tokenizer_guard import _hostile

    if any(_hostile(m.group(0)) for m in RUN_RE.finditer(text)):
        assert _may_have_run(text)


def test_precheck_cases():
    assert not _may_have_run("short words only " * 50)
    assert not _may_have_run("y" * MIN_RUN)  # a URL-like run: letters
    assert _may_have_run("(" * MIN_RUN)
    assert not _may_have_run("y" * (MIN_RUN - 1) + " " + "y" * (MIN_RUN - 1))
    # str.split splits at U+001C, the regex's \S does not: the regex decides
    assert _may_have_run("(" * 40 + "\x1c" + "(" * 40)
