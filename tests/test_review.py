"""extractor review: static HTML pages of the articles with their records.

The last test opens the pages in a real headless Chromium (Debian's
``chromium`` package driven by playwright, ``pip install .[browser]``); it
is skipped, saying why, when either is missing.  It saves a screenshot to
``artifacts/review.png`` (CI keeps it as an artifact)."""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from extractor.articles import load_paths
from extractor.cli import main
from extractor.jsonl import record_line
from extractor.pipeline import Extractor
from extractor.review import build, page_name, segments

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
GOLD = ROOT / "data" / "gold"
DOCS = ("001_18b55c52c9600963", "w13_thaibinh_dai_hoi_co_so_9785pct")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """An English and a Vietnamese article, extract's output on them, their gold."""
    base = tmp_path_factory.mktemp("review")
    raw, gold = base / "raw", base / "gold"
    raw.mkdir()
    gold.mkdir()
    for d in DOCS:
        shutil.copy(RAW / f"{d}.txt", raw)
        shutil.copy(GOLD / f"{d}.jsonl", gold)
    out = base / "out.jsonl"
    ex = Extractor(lang="en")  # the English rules on both: the records say lang "en"
    with open(out, "w", encoding="utf-8") as fh:
        for art in load_paths([str(raw)]):
            fh.write("".join(record_line(r) for r in ex.extract(art).records))
    return {"base": base, "raw": raw, "gold": gold, "out": out}


@pytest.fixture(scope="module")
def pages(run):
    site = run["base"] / "site"
    assert main(["review", str(run["out"]), "--raw", str(run["raw"]), "-o", str(site),
                 "--gold", str(run["gold"])]) == 0
    return site


def page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="review-data">(.*?)</script>', text, re.S)
    return json.loads(m.group(1).replace("<\\/", "</"))


def page_text(path: Path) -> str:
    """The article as the page shows it: the #text element without its tags."""
    src = path.read_text(encoding="utf-8")
    body = re.search(r'<div id="text">(.*?)</div>\n</section>', src, re.S).group(1)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def test_pages_show_the_article_and_every_record(run, pages):
    assert (pages / "index.html").is_file()
    records = [json.loads(line) for line in run["out"].read_text(encoding="utf-8").splitlines()]
    for d in DOCS:
        page = pages / "docs" / f"{d}.html"
        text = (RAW / f"{d}.txt").read_text(encoding="utf-8-sig")
        assert page_text(page) == text          # Vietnamese included, character for character
        data = page_data(page)
        shown = {(s["type"], s["start"], s["end"]) for s in data["spans"] if s["layer"] == "record"}
        mine = {(r["type"], r["start_char"], r["end_char"]) for r in records if r["doc_id"] == d}
        assert shown == mine and mine
        src = page.read_text(encoding="utf-8")
        # every span's segments are in the text, ids and all
        for s in data["spans"]:
            ids = [seg.split() for seg in re.findall(r'data-s="([^"]*)"', src)]
            assert any(str(s["id"]) in i for i in ids)
        # self-contained: nothing fetched from elsewhere
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=", src)
        assert "@@" not in src


def test_vietnamese_page_is_marked_vi(pages):
    src = (pages / "docs" / f"{DOCS[1]}.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in src and "Mạnh Cường" in src


def test_dropped_facts_are_shown_with_what_won(pages):
    data = page_data(pages / "docs" / f"{DOCS[1]}.html")
    dropped = [s for s in data["spans"] if s["layer"] == "dropped"]
    # "2020 – 2025" is a date range; the count "2020" a rule found inside it was dropped
    d = next(s for s in dropped if s["text"] == "2020")
    assert d["type"] == "count" and d["rule"].startswith("counts:")
    assert "date '2020 – 2025'" in d["note"]
    kept = {(s["start"], s["end"]) for s in data["spans"] if s["layer"] == "record"}
    assert (d["start"], d["end"]) not in kept


def test_gold_misses_and_false_positives(run, pages):
    from extractor.evaluate import load_records, score

    gold = load_records(run["gold"])
    pred = [json.loads(line) for line in run["out"].read_text(encoding="utf-8").splitlines()]
    report = score(gold, pred)
    for d in DOCS:
        data = page_data(pages / "docs" / f"{d}.html")
        fn = sorted((e["start_char"], e["end_char"]) for e in report["errors"]
                    if e["kind"] == "fn" and e["doc_id"] == d)
        fp = sorted((e["start_char"], e["end_char"]) for e in report["errors"]
                    if e["kind"] == "fp" and e["doc_id"] == d)
        assert sorted((s["start"], s["end"]) for s in data["spans"] if s["layer"] == "miss") == fn
        assert sorted((s["start"], s["end"]) for s in data["spans"] if s["status"] == "fp") == fp
    w13 = page_data(pages / "docs" / f"{DOCS[1]}.html")
    assert any(s["layer"] == "miss" and s["text"] == "97,85%" for s in w13["spans"])
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert "gold misses" in index and f"docs/{DOCS[1]}.html" in index


def test_segments_cut_at_every_boundary():
    spans = [{"id": 0, "start": 0, "end": 5}, {"id": 1, "start": 3, "end": 8},
             {"id": 2, "start": 10, "end": 99}]  # 2 does not fit the text: not drawn
    out = segments("abc<e&gh ij", spans)
    assert out == ('<span class="seg" data-s="0">abc</span><span class="seg" data-s="0 1">&lt;e</span>'
                   '<span class="seg" data-s="1">&amp;gh</span> ij')


def test_page_names_are_safe_and_distinct():
    taken: set = set()
    a = page_name("001_a", taken)
    b = page_name("../etc/passwd", taken)
    c = page_name("bài viết 1", taken)
    assert a == "001_a.html"
    assert "/" not in b and b.endswith(".html") and not b.startswith(".")
    assert c != page_name("bài viết 1", taken)


def test_bad_inputs(run, tmp_path, capsys):
    # a directory holding someone else's index.html is not overwritten
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "index.html").write_text("<p>my page</p>", encoding="utf-8")
    assert main(["review", str(run["out"]), "--raw", str(run["raw"]), "-o", str(mine)]) == 1
    assert (mine / "index.html").read_text(encoding="utf-8") == "<p>my page</p>"
    assert "was not written by extractor review" in capsys.readouterr().err
    assert main(["review", str(tmp_path / "absent.jsonl"), "-o", str(tmp_path / "x")]) == 1
    assert main(["review", str(run["out"]), "--raw", str(run["raw"]), "-o", str(tmp_path / "y"),
                 "--lang", "xx"]) == 1
    assert "no pipeline for language 'xx'" in capsys.readouterr().err
    assert not (tmp_path / "y").exists()
    # a record whose offsets do not fit the text, a bad line, a doc without text
    lines = run["out"].read_text(encoding="utf-8").splitlines()
    r = json.loads(lines[0])
    r["start_char"] += 1
    r["end_char"] += 1
    other = dict(json.loads(lines[1]), doc_id="no_text_here")
    out = tmp_path / "out.jsonl"
    out.write_text("\n".join([json.dumps(r, ensure_ascii=False), "{oops", json.dumps(other)] + lines[1:])
                   + "\n", encoding="utf-8")
    site = tmp_path / "site"
    assert main(["review", str(out), "--raw", str(run["raw"]), "-o", str(site), "--no-dropped"]) == 2
    assert f"{out}:2: not a record" in capsys.readouterr().err
    src = (site / "docs" / f"{r['doc_id']}.html").read_text(encoding="utf-8")
    assert "does not match the article text there" in src
    assert "no article text for no_text_here" in (site / "docs" / "no_text_here.html").read_text(encoding="utf-8")
    assert not any(s["layer"] == "dropped" for s in page_data(site / "docs" / f"{DOCS[0]}.html")["spans"])
    # a second run over its own pages is fine
    assert main(["review", str(run["out"]), "--raw", str(run["raw"]), "-o", str(site), "--no-dropped"]) == 0


# --------------------------------------------------------------------------
# In a real browser


def _chromium() -> str | None:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


browser = pytest.mark.skipif(
    _chromium() is None or importlib.util.find_spec("playwright") is None,
    reason="needs a system Chromium (apt-get install chromium) and playwright (pip install .[browser])")


@browser
def test_review_page_in_headless_chromium(pages):
    from playwright.sync_api import sync_playwright

    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    problems = []
    with sync_playwright() as p:
        chrome = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        try:
            page = chrome.new_page(viewport={"width": 1400, "height": 1000})
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
                    if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.goto((pages / "index.html").as_uri())
            page.click(f"text={DOCS[1]}")
            page.wait_for_load_state("load")
            assert page.url.endswith(f"docs/{DOCS[1]}.html")
            # the script ran: every record's segments are coloured by type
            n_ratio = page.locator("#text .seg.t-ratio").count()
            assert n_ratio > 0 and page.locator("#text .seg.t-date").count() > 0
            rows = page.locator("#records tbody tr:not([hidden])")
            n_rows = rows.count()
            ratio_rows = page.locator("#records tbody tr:not([hidden])", has_text="ratio").count()
            # a type filter hides that type, in the text and in the table, and nothing else
            page.uncheck('.filters input[data-f="type"][value="ratio"]')
            assert page.locator("#text .seg.t-ratio").count() == 0
            assert rows.count() == n_rows - ratio_rows
            assert page.locator("#text .seg.t-date").count() > 0
            page.check('.filters input[data-f="type"][value="ratio"]')
            assert page.locator("#text .seg.t-ratio").count() == n_ratio
            # a rule filter hides that rule's mentions
            page.click('.filters button[data-all="off"]')
            assert page.locator("#text .seg.t-ratio, #text .seg.t-date").count() == 0
            assert page.locator("#text .seg.miss").count() > 0   # gold misses have no rule
            page.click('.filters button[data-all="on"]')
            # the dropped layer: greyed, and hidden by its filter
            assert page.locator("#text .seg.dropped, #text .seg.dropped-only").count() > 0
            page.uncheck('.filters input[data-f="layer"][value="dropped"]')
            assert page.locator("#text .seg.dropped, #text .seg.dropped-only").count() == 0
            page.check('.filters input[data-f="layer"][value="dropped"]')
            # hover and click: the record's value and attributes
            seg = page.locator("#text .seg.t-ratio").first
            assert "ratio" in seg.get_attribute("title")
            seg.click()
            details = page.locator("#details").inner_text()
            assert "ratio" in details and "numerator" in details
            page.locator("#text .seg.dropped").first.click()
            assert "dropped" in page.locator("#details").inner_text()
            page.screenshot(path=str(artifacts / "review.png"))
            page.goto((pages / "index.html").as_uri())
            page.screenshot(path=str(artifacts / "review-index.png"))
        finally:
            chrome.close()
    assert problems == []
    assert (artifacts / "review.png").stat().st_size > 10_000


def test_resolve_keeps_the_facts_the_priority_step_dropped():
    from extractor.articles import Article

    text = "In the 2020 - 2025 term, 168/177 communes did so."
    doc = Extractor(lang="en")._doc(Article(doc_id="x", text=text))
    kept = {(f.type, text[f.start:f.end]) for f in doc._.facts}
    dropped = {(f.type, text[f.start:f.end]) for f in doc._.dropped_facts}
    assert {("date", "2020 - 2025"), ("ratio", "168/177")} <= kept
    assert ("count", "2020") in dropped and ("count", "2025") in dropped
    assert not kept & dropped
