"""The Python API (extractor/__init__.py, extractor/api.py) and the package
entry points: python -m extractor, --version."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import extractor
from extractor.engines import local

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
ONE = RAW / "001_18b55c52c9600963.txt"


def test_extract_text_gives_the_cli_records(tmp_path):
    nlp = extractor.load(lang="en")
    text = ONE.read_text(encoding="utf-8")
    records = nlp.extract_text(text, doc_id=ONE.stem)
    local.run([str(ONE)], str(tmp_path / "o.jsonl"), workers=1)
    lines = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r.model_dump(mode="json") for r in records] == lines
    assert extractor.extract_text(text, doc_id=ONE.stem) == records


def test_extract_text_refuses_a_lone_surrogate_with_a_clear_error():
    import pytest

    text = "The province admitted 288 new party members in 2024 \ud800 and more."
    with pytest.raises(ValueError, match=r"^a1: the text holds a lone surrogate at char 52 "):
        extractor.extract_text(text, doc_id="a1")
    # the same text, valid, still extracts
    assert extractor.extract_text(text.replace("\ud800", "x"), doc_id="a1")


def test_extract_files_streams_the_records_of_every_document(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    errors = []
    got = list(extractor.extract_files([ONE, tmp_path], workers=2, on_error=errors.append))
    assert {r.doc_id for r in got} == {ONE.stem}
    assert got == extractor.load().extract_text(ONE.read_text(encoding="utf-8"), doc_id=ONE.stem)
    assert [e["stage"] for e in errors] == ["decode"]


def test_score_takes_paths_or_records():
    gold = ROOT / "data" / "gold"
    doc = next(p for p in sorted(gold.glob("*.jsonl")) if (RAW / f"{p.stem}.txt").exists())
    pred = extractor.extract_text((RAW / f"{doc.stem}.txt").read_text(encoding="utf-8"), doc_id=doc.stem)
    report = extractor.score(doc, pred)
    assert report["overall"]["strict"]["f1"] > 0.9
    assert extractor.score(extractor.read_records(doc), pred)["overall"] == report["overall"]


def test_python_dash_m_and_version():
    r = subprocess.run([sys.executable, "-m", "extractor", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == f"extractor {extractor.__version__}"
    r = subprocess.run([sys.executable, "-m", "extractor", "extract", str(ONE), "--workers", "1"],
                       capture_output=True, text=True, cwd="/")
    assert r.returncode == 0 and r.stdout.count("\n") > 10, r.stderr


def test_import_extractor_is_light():
    r = subprocess.run([sys.executable, "-c", "import sys, extractor; print('spacy' in sys.modules)"],
                       capture_output=True, text=True)
    assert r.stdout.strip() == "False"
