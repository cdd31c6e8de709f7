"""The CI gate: the pipeline against the gold annotations (ANNOTATION.md
scoring).  Thresholds: strict F1 >= 0.95 overall and >= 0.90 per type."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.evaluate import load_records, read_text, score_by_language
from extractor.pipeline import extract_text
from extractor.schema import validate_record

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "data" / "gold"
RAW = ROOT / "data" / "raw"
FACT_TYPES = ("document_ref", "date", "count", "ratio")


def _text(doc_id: str) -> str:
    return read_text(RAW / f"{doc_id}.txt")


def test_every_raw_article_has_gold():
    raw = {p.stem for p in RAW.glob("*.txt")}
    gold = {p.stem for p in GOLD.glob("*.jsonl")}
    assert raw and raw == gold


@pytest.mark.parametrize("path", sorted(GOLD.glob("*.jsonl")) + sorted(GOLD.glob("second_reader/*.jsonl")),
                         ids=lambda p: p.name)
def test_gold_files_validate_against_their_text(path):
    text = _text(path.stem)
    prev = (-1, -1)
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = validate_record(json.loads(line), text)
        assert rec.doc_id == path.stem
        assert (rec.start_char, rec.end_char) >= prev, "gold files are sorted by offset"
        prev = (rec.start_char, rec.end_char)


@pytest.fixture(scope="module")
def report():
    gold = load_records(GOLD)
    texts = {p.stem: _text(p.stem) for p in RAW.glob("*.txt")}
    pred = []
    for doc_id, text in sorted(texts.items()):
        pred.extend(extract_text(text, doc_id))  # each article in its own language
    return score_by_language(gold, pred, texts=texts)


LANGS = ("en", "vi")


def test_both_languages_have_gold(report):
    assert set(report["languages"]) == set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_gate_overall(report, lang):
    assert report["languages"][lang]["overall"]["strict"]["f1"] >= 0.95


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("rtype", FACT_TYPES)
def test_gate_per_type(report, lang, rtype):
    assert report["languages"][lang]["types"][rtype]["strict"]["f1"] >= 0.90
