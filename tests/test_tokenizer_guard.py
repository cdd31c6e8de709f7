"""The tokenizer guard (extractor/tokenizer_guard.py): hostile punctuation
runs in linear time, every text kept exactly, ordinary text tokenized as
spaCy does."""

import time
from pathlib import Path

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.pipeline import extract_text
from extractor.tokenizer_guard import GuardedTokenizer

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
