"""A per-article time limit turns a runaway article into a per-document
error; the rest of the batch goes on (extractor/pipeline.py)."""

import threading
import time

import pytest

import extractor.pipeline as pipeline
from extractor.articles import Article
from extractor.engines import local
from extractor.pipeline import ArticleTimeout, Extractor, PipelineSpec


def _slow_normalize(text):
    if "SLOW" in text:
        time.sleep(3)
    return text, None


def test_alarm_in_the_main_thread(monkeypatch):
    monkeypatch.setattr(pipeline, "nfc_with_offsets", _slow_normalize)
    ex = Extractor(lang="en", time_limit=0.3)
    t0 = time.perf_counter()
    with pytest.raises(ArticleTimeout, match="0.3 s limit per article"):
        ex.extract(Article("a", "SLOW 12 cadres."))
    assert time.perf_counter() - t0 < 2
    assert ex.extract(Article("b", "12 cadres.")).records  # the next article is fine


def test_clock_checked_between_components_in_a_thread(monkeypatch):
    ex = Extractor(lang="en", time_limit=0.2)
    name, proc = ex.nlp.pipeline[2]

    def slow(doc):
        time.sleep(0.5)
        return proc(doc)

    monkeypatch.setattr(ex.nlp, "_components", [c if c[0] != name else (name, slow) for c in ex.nlp._components])
    box = {}

    def run():
        try:
            ex.extract(Article("a", "12 cadres."))
        except ArticleTimeout as e:
            box["error"] = e

    t = threading.Thread(target=run)
    t.start()
    t.join(10)
    assert "error" in box


def test_a_timeout_is_a_per_document_error(monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline, "nfc_with_offsets", _slow_normalize)
    monkeypatch.setattr(local, "_EXTRACTOR", None, raising=False)
    (tmp_path / "a.txt").write_text("SLOW 12 cadres.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The province admitted 288 party members.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = local.run([str(tmp_path)], str(out), config=PipelineSpec(None, None, "en", 0.3), workers=1)
    assert [e["doc_id"] for e in summary.errors] == ["a"]
    assert "limit per article" in summary.errors[0]["reason"]
    assert '"doc_id":"b"' in out.read_text(encoding="utf-8")
