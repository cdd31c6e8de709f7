"""Language per article: the identifier (extractor/langid.py), the choice of
pipeline (``Extractor(lang=...)``), the ``lang`` field on records and the
CLI's ``--lang``.  Sentences are made up."""

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from extractor.articles import Article
from extractor.langid import identify
from extractor.pipeline import Extractor, extract_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("text, lang", [
    ("Tỉnh ủy đã kết nạp 288 đảng viên mới trong năm 2024.", "vi"),
    ("Sáng 16.7, Ban Thường vụ Tỉnh ủy tổ chức hội nghị.", "vi"),
    ("The province admitted 288 new party members in 2024.", "en"),
    # Vietnamese names with their diacritics inside English prose
    ("Mr. Nguyễn Văn Hùng, Secretary of the Điện Biên Provincial Party Committee, said so.", "en"),
    ("Tuần Giáo district of Điện Biên province merged 12 communes into 5.", "en"),
    # NFD (decomposed) Vietnamese is still Vietnamese
    (unicodedata.normalize("NFD", "Tỉnh ủy đã kết nạp 288 đảng viên mới."), "vi"),
    # nothing to tell by: the default
    ("12/13 (92,3%)", "en"),
    ("", "en"),
])
def test_identify(text, lang):
    assert identify(text) == lang


def test_identify_has_a_default():
    assert identify("2024", default="vi") == "vi"


def test_auto_picks_the_pipeline_per_article():
    ex = Extractor()
    vi = ex.extract(Article("v", "Tỉnh ủy đã kết nạp 288 đảng viên mới trong năm 2024.")).records
    en = ex.extract(Article("e", "The province admitted 288 new party members in 2024.")).records
    assert {r.lang for r in vi} == {"vi"} and {r.lang for r in en} == {"en"}
    assert [r.text for r in vi if r.type == "count"] == ["288"]


def test_forced_language_and_jsonl_field():
    text = "The province admitted 288 new party members in 2024."
    assert {r.lang for r in extract_text(text, lang="vi")} == {"vi"}
    said = Extractor().extract(Article("x", text, meta={"lang": "vi"})).records
    assert {r.lang for r in said} == {"vi"}


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="no pipeline for language 'xx'"):
        Extractor(lang="xx")


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "extractor.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


def test_cli_mixed_batch(tmp_path):
    (tmp_path / "a.txt").write_text("The province admitted 288 new party members in 2024.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Tỉnh ủy đã kết nạp 288 đảng viên mới trong năm 2024.\n", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"doc_id": "c", "lang": "vi",
                                                  "text": "Có 12 đảng viên."}, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = _cli("extract", tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.jsonl", "-o", out)
    assert r.returncode == 0, r.stderr
    langs = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        langs.setdefault(rec["doc_id"], set()).add(rec["lang"])
    assert langs == {"a": {"en"}, "b": {"vi"}, "c": {"vi"}}
    forced = tmp_path / "forced.jsonl"
    r = _cli("extract", tmp_path / "b.txt", "--lang", "en", "-o", forced)
    assert r.returncode == 0, r.stderr
    assert {json.loads(x)["lang"] for x in forced.read_text(encoding="utf-8").splitlines()} == {"en"}


def test_cli_bad_lang(tmp_path):
    (tmp_path / "a.txt").write_text("2024", encoding="utf-8")
    r = _cli("extract", tmp_path / "a.txt", "--lang", "fr")
    assert r.returncode == 1 and "--lang fr: not a language" in r.stderr
