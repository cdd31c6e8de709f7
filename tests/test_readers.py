"""The input readers (extractor/readers): the registry by suffix and
--input-format, .ndjson and .gz, stdin, .jsonl metadata on the records, HTML
pages (main text, metadata, kept text), --max-bytes on UTF-16 .jsonl, what a
directory scan skips, and outputs of a previous run refused as input.

The HTML pages in tests/data/html are written for these tests to look like
Vietnamese provincial news pages (menus, a header clock, a byline, related
news boxes, comments, a sidebar, a footer); nothing in them is copied from
a real site."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import readers
from extractor.article_dates import resolve_dates, resolve_day
from extractor.pipeline import Extractor
from extractor.readers import Article, InputOptions, LoadError, ScanReport, load_paths, text_path
from extractor.readers.jsonl import _utf16_lines
from extractor.readers.meta import parse_published
from extractor.schema import validate_record

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "tests" / "data" / "html"
VI_PAGE = HTML / "vi_baoquangninh_bi_thu.html"
EN_PAGE = HTML / "en_hanoi_moi_cadres.html"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def load(*paths, **kw) -> list:
    return list(load_paths([str(p) for p in paths], **kw))


def cli(*args, input=None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *map(str, args)], cwd=cwd or ROOT,
                          input=input, capture_output=True, text=True, timeout=300)


def jsonl(*objs) -> bytes:
    return b"".join(json.dumps(o, ensure_ascii=False).encode() + b"\n" for o in objs)


# -- the registry ------------------------------------------------------------------
@pytest.mark.parametrize("name,reader", [
    ("a.txt", "txt"), ("a.TXT", "txt"), ("a.jsonl", "jsonl"), ("a.ndjson", "jsonl"),
    ("a.jsonl.gz", "jsonl"), ("a.ndjson.gz", "jsonl"), ("a.txt.gz", "txt"), ("a.html", "html"),
    ("a.htm", "html"), ("a.html.gz", "html"), ("a.md", None), ("a.json", None), ("a.gz", None),
    ("a", None), ("a.jsonl.partial", None),
])
def test_reader_by_suffix(name, reader):
    found = readers.reader_for(Path(name))
    assert (found.name if found else None) == reader


def test_ndjson_is_read_as_jsonl(tmp_path):
    p = write(tmp_path / "batch.ndjson", jsonl({"doc_id": "a", "text": "one"}, {"doc_id": "b", "text": "two"}))
    assert [(i.doc_id, i.text, i.line) for i in load(p)] == [("a", "one", 1), ("b", "two", 2)]


def test_gzip_inputs(tmp_path):
    lines = jsonl({"doc_id": "a", "text": "one"}, {"doc_id": "b", "text": "two"})
    write(tmp_path / "x.jsonl.gz", gzip.compress(lines))
    write(tmp_path / "y.ndjson.gz", gzip.compress(lines.replace(b'"a"', b'"c"').replace(b'"b"', b'"d"')))
    write(tmp_path / "z.txt.gz", gzip.compress("Nghị quyết".encode()))
    items = load(tmp_path)
    assert [(i.doc_id, i.text) for i in items] == [("a", "one"), ("b", "two"), ("c", "one"), ("d", "two"),
                                                   ("z", "Nghị quyết")]


def test_gzip_limits_and_bad_gzip(tmp_path):
    big = write(tmp_path / "big.txt.gz", gzip.compress(b"x" * 100_000))  # 100 kB inflated from ~100 bytes
    (err,) = load(big, max_bytes=10_000)
    assert err.stage == "read" and "over the limit" in err.reason
    bad = write(tmp_path / "bad.jsonl.gz", b"\x1f\x8b\x08\x00not gzip at all")
    (err,) = load(bad)
    assert isinstance(err, LoadError) and "gzip" in err.reason


def test_unknown_suffix_named_on_the_command_line_is_an_error(tmp_path):
    p = write(tmp_path / "notes.md", b"Resolution No. 04-NQ/TU")
    (err,) = load(p)
    assert isinstance(err, LoadError) and err.stage == "input" and err.path == str(p)
    assert "not a known kind of input" in err.reason and "--input-format" in err.reason
    (art,) = load(p, options=InputOptions(input_format="txt"))
    assert (art.doc_id, art.text) == ("notes", "Resolution No. 04-NQ/TU")


def test_input_format_reads_a_named_file_whatever_its_suffix(tmp_path):
    p = write(tmp_path / "dump.data", jsonl({"doc_id": "a", "text": "one"}))
    (art,) = load(p, options=InputOptions(input_format="ndjson"))
    assert (art.doc_id, art.text) == ("a", "one")


def test_input_format_does_not_change_how_a_scanned_directory_is_read(tmp_path):
    write(tmp_path / "d" / "a.txt", b'{"doc_id": "x", "text": "not a line of JSONL here"}')
    named = write(tmp_path / "named.txt", jsonl({"doc_id": "j", "text": "one"}))
    items = load(tmp_path / "d", named, options=InputOptions(input_format="jsonl"))
    assert [(i.doc_id, i.text[:9]) for i in items] == [("a", '{"doc_id"'), ("j", "one")]


def test_a_glob_skips_and_counts_other_files(tmp_path):
    write(tmp_path / "a.txt", b"one")
    write(tmp_path / "b.md", b"notes")
    report = ScanReport()
    items = load(str(tmp_path / "*"), options=InputOptions(report=report))
    assert [i.doc_id for i in items] == ["a"]
    assert report.counts["not an article file"] == 1 and ".md" in report.summary()


# -- standard input ------------------------------------------------------------------
def test_stdin_text_jsonl_and_html():
    text = "On June 30, 12/13 district party secretaries were not local people.\n"
    r = cli("extract", "-", input=text)
    assert r.returncode == 0, r.stderr
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert {(x["doc_id"], x["text"]) for x in recs} >= {("stdin", "12/13"), ("stdin", "June 30")}
    r = cli("extract", "-", input=json.dumps({"doc_id": "s1", "text": text, "published": "2024-07-02"}) + "\n")
    assert r.returncode == 0, r.stderr
    dates = [json.loads(line) for line in r.stdout.splitlines() if '"type":"date"' in line]
    assert [(d["doc_id"], d["value"], d["resolved_value"]) for d in dates] == [("s1", "--06-30", "2024-06-30")]
    r = cli("extract", "-", "--input-format", "html", input=EN_PAGE.read_text(encoding="utf-8"))
    assert r.returncode == 0, r.stderr
    assert '"text":"28/30"' in r.stdout and '"text":"12/13"' not in r.stdout


# -- .jsonl metadata reaches the records -----------------------------------------------
@pytest.mark.parametrize("written,iso", [
    ("2024-06-30", "2024-06-30"), ("2024-06-30T08:15:00+07:00", "2024-06-30"),
    ("2024-06-30 08:15:00", "2024-06-30"), ("2024/06/30", "2024-06-30"), ("30/06/2024", "2024-06-30"),
    ("30/6/2024", "2024-06-30"), ("30-06-2024", "2024-06-30"), ("30.06.2024", "2024-06-30"),
    ("June 30, 2024", "2024-06-30"), ("Jun 30 2024", "2024-06-30"), ("30 June 2024", "2024-06-30"),
    ("Sunday, June 30, 2024 08:15", "2024-06-30"), ("ngày 30 tháng 6 năm 2024", "2024-06-30"),
    ("Chủ nhật, 30/6/2024, 08:15 (GMT+7)", "2024-06-30"), ("08:15 Thứ Ba, 02/07/2024", "2024-07-02"),
    ("2024-06", "2024-06"), ("2024", "2024"),
])
def test_published_forms(written, iso):
    assert parse_published(written) == iso


@pytest.mark.parametrize("written", ["2 giờ trước", "yesterday", "31/02/2024", "2024-13-01", "30/06/24",
                                     "2024-06-30 and more", "x" * 300])
def test_published_refused(written):
    with pytest.raises(ValueError):
        parse_published(written)


def test_jsonl_metadata_reaches_every_record(tmp_path):
    text = "On June 30, 12/13 district party secretaries were not local people."
    p = write(tmp_path / "m.jsonl", jsonl(
        {"doc_id": "a", "text": text, "title": "Quang Ninh secretaries", "url": "https://baoqn.vn/a",
         "published": "02/07/2024 08:15", "province": "Quang Ninh", "lang": "en", "site": "Báo Quảng Ninh",
         "author": "kept in meta"},
        {"doc_id": "b", "text": text},
        {"doc_id": "c", "text": text, "published": "2 giờ trước"},
        {"doc_id": "d", "text": text, "title": 42}))
    a, b, c, d = load(p)
    assert (a.title, a.source, a.published, a.province, a.lang, a.site, a.meta["author"]) == (
        "Quang Ninh secretaries", "https://baoqn.vn/a", "2024-07-02", "Quang Ninh", "en", "Báo Quảng Ninh",
        "kept in meta")
    assert b.record_fields() == {}
    assert isinstance(c, LoadError) and (c.line, c.stage) == (3, "parse")
    assert "2 giờ trước" in c.reason and "30/06/2024" in c.reason  # says which forms are read
    assert isinstance(d, LoadError) and '"title" is int' in d.reason
    recs = Extractor().extract(a).records
    assert len(recs) >= 2
    for r in recs:
        dumped = json.loads(r.model_dump_json())
        assert (dumped["article_title"], dumped["source"], dumped["published"], dumped["article_province"],
                dumped["lang"], dumped["site"]) == (
            "Quang Ninh secretaries", "https://baoqn.vn/a", "2024-07-02", "Quang Ninh", "en", "Báo Quảng Ninh")
        validate_record(dumped, text)
    (date,) = [r for r in recs if r.type == "date"]
    assert (date.value, date.resolved_value) == ("--06-30", "2024-06-30")
    # an article without metadata is written as before: no new keys
    plain = json.loads(Extractor().extract(b).records[0].model_dump_json())
    assert not {"article_title", "published", "resolved_value", "site"} & set(plain)


# -- the article date resolves yearless dates ---------------------------------------------
@pytest.mark.parametrize("value,published,resolved", [
    ("--06-30", "2024-07-02", "2024-06-30"),   # "ngày 30-6" two days before
    ("--08-21", "2021-08-23", "2021-08-21"),   # "August 21" in an article of August 23
    ("--12-30", "2024-01-05", "2023-12-30"),   # across the new year, backwards
    ("--01-10", "2024-12-20", "2025-01-10"),   # and forwards
    ("--12-31", "2024-09-15", "2024-12-31"),   # a deadline later this year (107 days)
    ("--03-01", "2024-09-15", None),           # 198 days back or 167 ahead: not clear
    ("--02-29", "2024-03-10", "2024-02-29"),
    ("--02-29", "2023-03-01", None),           # no February 29 near 2023
    ("2024-06-30", "2024-07-02", None),        # has its year: nothing to resolve
    ("--06-30", "2024-07", None),              # the article date is not known to the day
])
def test_resolve_day(value, published, resolved):
    assert resolve_day(value, published) == resolved


def test_resolved_fields_on_ranges_and_documents():
    from extractor.schema import DateRecord

    # (the rules give no yearless range yet; the post-step handles one)
    rng = DateRecord(doc_id="r", text="from December 20 to January 10", start_char=0, end_char=30,
                     kind="range", begin="--12-20", end="--01-10")
    (got,) = resolve_dates([rng], "2024-01-05")
    assert (got.begin, got.end, got.resolved_begin, got.resolved_end) == ("--12-20", "--01-10",
                                                                          "2023-12-20", "2024-01-10")
    assert json.loads(got.model_dump_json())["resolved_end"] == "2024-01-10"
    text = "The Standing Committee issued Directive No. 12-CT/TU dated June 5 on cadres."
    recs = Extractor().extract(Article(doc_id="d", text=text, published="2024-07-02")).records
    (doc,) = [r for r in recs if r.type == "document_ref"]
    assert (doc.issued_on, doc.resolved_issued_on) == ("--06-05", "2024-06-05")
    assert resolve_dates([rng], None) == [rng]


# -- HTML pages ------------------------------------------------------------------------------
MENUS_AND_BOXES = [
    "Trang chủ", "Thể thao", "Đăng nhập", "10:42",                     # menu, top bar with a clock
    "Tin liên quan", "28/30", "Đồng Nai kết nạp",                        # related news box
    "Bình luận", "99/100", "50 cán bộ", "Gửi bình luận",                 # comments
    "Đọc nhiều nhất", "63 tỉnh", "1.200 công chức",                      # sidebar
    "Giấy phép", "Nguyễn Văn Cừ", "Chia sẻ Facebook", "Từ khóa",         # footer, share bar, tags
]


def test_vietnamese_page_main_text_and_metadata(tmp_path):
    (art,) = load(VI_PAGE, options=InputOptions(texts_dir=tmp_path / "texts"))
    assert isinstance(art, Article), art
    for sentence in ("Thực hiện Nghị quyết số 04-NQ/TU ngày 31/5/2021",
                     "168/177 bí thư đảng ủy không phải người địa phương",
                     "Kết luận số 14-KL/TW của Bộ Chính trị"):
        assert sentence in art.text
    for junk in MENUS_AND_BOXES:
        assert junk not in art.text, junk
    assert (art.doc_id, art.title, art.published, art.site, art.lang) == (
        "vi_baoquangninh_bi_thu", "Quảng Ninh: 12/13 bí thư cấp huyện không phải người địa phương",
        "2024-07-02", "Báo Quảng Ninh điện tử", "vi")
    assert art.source == "https://baoquangninh.example.vn/quang-ninh-12-13-bi-thu-cap-huyen-3291847.html"
    kept = text_path(tmp_path / "texts", art.doc_id)
    assert kept.read_text(encoding="utf-8") == art.text


def test_english_page_records(tmp_path):
    (art,) = load(EN_PAGE)
    assert "Related news" not in art.text and "Comments" not in art.text and "Politics" not in art.text
    assert "Monday, August 23, 2021 - 11:05" not in art.text  # the header clock
    recs = Extractor().extract(art).records
    for r in recs:
        validate_record(r, art.text)
        assert (r.article_title, r.published, r.site) == (
            "Hanoi rotates 2,580 cadres under Resolution No. 04-NQ/TU", "2021-08-23", "Hanoi Moi Online")
    got = {(r.type, r.text) for r in recs}
    assert {("document_ref", "Resolution No. 04-NQ/TU"), ("date", "May 31, 2021"), ("count", "2,580"),
            ("count", "131"), ("ratio", "28/30"), ("date", "August 21"), ("count", "1,000"),
            ("date", "December 31, 2022"), ("document_ref", "Decree 30/2020/ND-CP")} <= got
    # nothing from the related box, the comments or the footer
    assert not {t for _, t in got} & {"12/13", "99/100", "300", "42/GP-BTTTT", "Conclusion No. 21"}
    (aug,) = [r for r in recs if r.text == "August 21"]
    assert (aug.value, aug.resolved_value) == ("--08-21", "2021-08-21")


def test_page_without_a_date_is_not_given_one_from_its_text(tmp_path):
    html = VI_PAGE.read_text(encoding="utf-8")
    html = html.replace('<meta property="article:published_time" content="2024-07-02T08:15:00+07:00">', "")
    html = html.split('<time class="publish-date"')[0] + html.split("</time>", 1)[1]
    (art,) = load(write(tmp_path / "p.html", html.encode()))
    assert art.published is None and "Nghị quyết số 04-NQ/TU" in art.text


def test_html_in_jsonl_and_the_line_wins(tmp_path):
    page = EN_PAGE.read_text(encoding="utf-8")
    p = write(tmp_path / "pages.jsonl", jsonl(
        {"doc_id": "p1", "html": page, "url": "https://given.example/1", "province": "Hanoi"},
        {"doc_id": "p2", "html": "<html><head><title>t</title></head><body><script>x()</script></body></html>"}))
    art, err = load(p, options=InputOptions(texts_dir=tmp_path / "t"))
    assert (art.source, art.province, art.published, art.line) == ("https://given.example/1", "Hanoi",
                                                                    "2021-08-23", 1)
    assert "28/30 district party secretaries" in art.text
    assert text_path(tmp_path / "t", "p1").read_text(encoding="utf-8") == art.text
    assert isinstance(err, LoadError) and (err.line, err.stage, err.doc_id) == (2, "parse", "p2")
    assert "no article text" in err.reason


def test_html_declared_charset_and_undeclared_latin1(tmp_path):
    body = "<p>" + "The Provincial Party Committee of the café district issued Resolution No. 5 in 2021. " * 5 + "</p>"
    page = f"<html><head><meta charset=\"iso-8859-1\"><title>t</title></head><body><article>{body}</article></body></html>"
    (art,) = load(write(tmp_path / "l.html", page.encode("latin-1")))
    assert "café district" in art.text
    undeclared = page.replace('<meta charset="iso-8859-1">', "")
    (err,) = load(write(tmp_path / "u.html", undeclared.encode("latin-1")))
    assert isinstance(err, LoadError) and err.stage == "decode" and "not valid UTF-8" in err.reason


def test_cli_mixed_folder_and_html_offsets_point_into_the_kept_text(tmp_path):
    d = tmp_path / "in"
    for page in (VI_PAGE, EN_PAGE):
        write(d / page.name, page.read_bytes())
    write(d / "plain.txt", b"On June 30, 12/13 district party secretaries were not local people.")
    write(d / "lines.ndjson.gz", gzip.compress(jsonl({"doc_id": "j", "text": "Decree 30/2020/ND-CP on May 5.",
                                                       "published": "2024-05-20"})))
    out = tmp_path / "res" / "out.jsonl"
    r = cli("extract", d, "-o", out)
    # (the Vietnamese rules are being built: a record of theirs that fails
    # validation is their error, reported and not written; not this test's)
    assert r.returncode in (0, 2), r.stderr
    assert all(" validate error " in line for line in r.stderr.splitlines()[:-1]), r.stderr
    texts = Path(str(out) + ".texts")
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {x["doc_id"] for x in recs} == {"vi_baoquangninh_bi_thu", "en_hanoi_moi_cadres", "plain", "j"}
    assert sorted(p.name for p in texts.iterdir()) == [".extractor-texts", "en_hanoi_moi_cadres.txt",
                                                       "vi_baoquangninh_bi_thu.txt"]
    for rec in recs:
        if rec["doc_id"] in ("plain", "j"):
            continue
        text = text_path(texts, rec["doc_id"]).read_text(encoding="utf-8")
        assert text[rec["start_char"]:rec["end_char"]] == rec["text"]
        validate_record(rec, text)
    (may,) = [x for x in recs if x["doc_id"] == "j" and x["type"] == "date"]
    assert (may["value"], may["resolved_value"], may["published"]) == ("--05-05", "2024-05-05", "2024-05-20")
    # the kept texts and the record file are not read back as articles by a
    # later scan of the folder that holds them
    write(tmp_path / "res" / "more.txt", b"12/13 secretaries.")
    again = cli("extract", tmp_path / "res", "-o", tmp_path / "again.jsonl")
    assert again.returncode == 0, again.stderr
    assert "1 directory of kept texts" in again.stderr and "1 record file" in again.stderr, again.stderr
    # named itself, the folder of kept texts is read: the same records
    kept = list(load(texts))
    assert sorted(a.doc_id for a in kept) == ["en_hanoi_moi_cadres", "vi_baoquangninh_bi_thu"]
    en_page = next(a for a in kept if a.doc_id == "en_hanoi_moi_cadres")
    (en_html,) = load(EN_PAGE)
    assert en_page.text == en_html.text


# -- issue 12: --max-bytes on UTF-16 .jsonl, streamed ---------------------------------------------
class Reads(io.RawIOBase):
    """A file that records the size of every read (a read of everything is -1)."""

    def __init__(self, data: bytes):
        self.data, self.pos, self.sizes = data, 0, []

    def readable(self):
        return True

    def readinto(self, b):
        n = min(len(b), len(self.data) - self.pos)
        b[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n

    def read(self, size=-1):
        self.sizes.append(size)
        return super().read(size)


def test_utf16_jsonl_line_over_max_bytes_is_refused_and_the_others_read(tmp_path):
    big = json.dumps({"doc_id": "big", "text": "x" * 1_100_000})
    body = "\n".join([json.dumps({"doc_id": "a", "text": "Nghị quyết"}), big,
                      json.dumps({"doc_id": "c", "text": "3"})]) + "\n"
    p = write(tmp_path / "u.jsonl", codecs.BOM_UTF16_LE + body.encode("utf-16-le"))
    a, err, c = load(p, max_bytes=1024 * 1024)
    assert (a.doc_id, a.text, c.doc_id, c.line) == ("a", "Nghị quyết", "c", 3)
    assert isinstance(err, LoadError) and (err.line, err.stage) == (2, "read")
    assert f"line of {2 * len(big) + 2} bytes is over the limit of {1024 * 1024}" in err.reason


def test_utf16_jsonl_is_streamed_never_read_whole():
    body = "".join(json.dumps({"doc_id": str(i), "text": "y" * 5000}) + "\r\n" for i in range(200))
    fh = Reads(codecs.BOM_UTF16_BE + body.encode("utf-16-be"))
    lines = list(_utf16_lines(io.BufferedReader(fh, 4096), 20_000))
    assert len(lines) == 200 and all(isinstance(raw, bytes) for _, _, raw in lines)
    assert all(0 <= s <= 1 << 16 for s in fh.sizes if s is not None), fh.sizes[:5]
    # the offsets are those of the file's bytes
    first = json.dumps({"doc_id": "0", "text": "y" * 5000}) + "\r\n"
    assert [off for _, off, _ in lines[:2]] == [2, 2 + 2 * len(first)]


# -- issue 12: what a scanned directory skips is counted and said ----------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_scan_counts_fifos_loops_and_odd_entries(tmp_path):
    d = tmp_path / "in"
    write(d / "a.txt", b"one")
    os.mkfifo(d / "pipe.txt")
    (d / "self.txt").symlink_to("self.txt")            # a symlink loop
    (d / "gone.txt").symlink_to("nowhere.txt")         # a broken symlink
    (d / "sub").mkdir()
    (d / "sub" / "up").symlink_to("..")                # a directory loop
    write(d / "folder.txt" / "b.txt", b"two")          # a directory named *.txt
    write(d / "notes.md", b"x")
    said = []
    report = ScanReport(on_skip=lambda path, why: said.append((Path(path).name, why)))
    items = load(d, options=InputOptions(report=report))
    assert [i.doc_id for i in items] == ["a", "b"]  # sorted by path: a.txt, folder.txt/b.txt
    assert dict(report.counts) == {"FIFO": 1, "symlink loop": 2, "broken symlink": 1, "not an article file": 1}
    assert {name for name, _ in said} == {"pipe.txt", "self.txt", "gone.txt", "up", "folder.txt"}
    summary = report.summary()
    assert "5 skipped" in summary and "1 FIFO" in summary and "2 symlink loop" in summary
    assert "directory named like an article file" in summary


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_cli_summary_line_counts_what_a_scan_skipped(tmp_path):
    d = tmp_path / "in"
    write(d / "a.txt", b"On June 30, 12/13 district party secretaries were not local people.")
    os.mkfifo(d / "pipe.txt")
    (d / "self.txt").symlink_to("self.txt")
    write(d / "old.jsonl", b'{"schema_version":"1","doc_id":"a","type":"ratio","text":"12/13","start_char":0}\n')
    r = cli("extract", d, "-o", tmp_path / "out.jsonl")
    assert r.returncode == 0, r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert "1 documents" in last and "3 skipped" in last and "1 FIFO" in last and "1 symlink loop" in last
    assert "1 record file" in last
    assert f"{d / 'pipe.txt'}: skipped: not a regular file (a FIFO)" in r.stderr
    assert "old.jsonl: skipped: record file of a previous run" in r.stderr


# -- issue 12: outputs of a previous run are refused as input ------------------------------------
def test_record_and_errors_files_named_as_input_are_refused(tmp_path):
    text = "On June 30, 12/13 district party secretaries were not local people."
    src = write(tmp_path / "a.txt", text.encode())
    out = tmp_path / "out.jsonl"
    errs = tmp_path / "errs.jsonl"
    first = cli("extract", src, tmp_path / "missing.txt", "-o", out, "--errors", errs)
    assert first.returncode == 2 and out.stat().st_size > 0 and errs.stat().st_size > 0
    for p in (out, errs):
        (err,) = load(p)
        assert isinstance(err, LoadError) and err.stage == "input"
        assert "of a previous run" in err.reason and "not articles" in err.reason
    as_txt = write(tmp_path / "records.txt", out.read_bytes())  # -o records.txt in an earlier run
    (err,) = load(as_txt)
    assert isinstance(err, LoadError) and "record file of a previous run" in err.reason
    # articles that merely have a schema_version field are still articles
    p = write(tmp_path / "ok.jsonl", jsonl({"doc_id": "x", "text": "t", "schema_version": "2"}))
    (art,) = load(p)
    assert isinstance(art, Article)


def test_the_old_module_keeps_its_names(tmp_path):
    from extractor import articles

    write(tmp_path / "a.txt", b"one")
    write(tmp_path / "b.ndjson", jsonl({"doc_id": "b", "text": "two"}))
    assert list(articles.expand_paths([str(tmp_path)])) == [tmp_path / "a.txt", tmp_path / "b.ndjson"]
    assert [a.doc_id for a in articles.load_paths([str(tmp_path)])] == ["a", "b"]
    assert ".ndjson" in articles.ARTICLE_SUFFIXES and articles._key(tmp_path) == str(tmp_path.resolve())
    assert articles.load_txt(tmp_path / "a.txt").text == "one"
    assert [a.doc_id for a in articles.load_jsonl(tmp_path / "b.ndjson")] == ["b"]
