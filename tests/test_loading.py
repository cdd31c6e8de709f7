"""Loading articles: decoding bytes, kinds of input, bad .jsonl lines.

Tables of cases; each expected value is written from ANNOTATION.md ("the
file's bytes decoded as UTF-8, a leading BOM removed, and nothing else
changed") and the loader's documented errors, never from running it.
"""

from __future__ import annotations

import codecs
import json
import os
import unicodedata
from pathlib import Path

import pytest

from extractor.readers import base as readers_base
from extractor.articles import Article, DecodeError, LoadError, decode, load_jsonl, load_paths
from extractor.pipeline import extract_text
from extractor.schema import validate_record

# -- decode: text that is read -------------------------------------------------
VIET = "Nghị quyết số 04-NQ/TU ngày 31/5/2021"
READ = [
    ("utf8", VIET.encode("utf-8"), VIET),
    ("utf8 with BOM", codecs.BOM_UTF8 + VIET.encode("utf-8"), VIET),
    ("only a BOM", codecs.BOM_UTF8, ""),
    ("empty", b"", ""),
    ("utf16-le with BOM", codecs.BOM_UTF16_LE + VIET.encode("utf-16-le"), VIET),
    ("utf16-be with BOM", codecs.BOM_UTF16_BE + VIET.encode("utf-16-be"), VIET),
    ("CRLF kept", b"line one\r\nline two\r\n", "line one\r\nline two\r\n"),
    ("lone CR kept", b"a\rb", "a\rb"),
    ("second BOM kept", codecs.BOM_UTF8 * 2 + b"x", "\ufeffx"),
    ("NBSP and zero-width space kept", "12\u00a0cadres\u200b.".encode(), "12\u00a0cadres\u200b."),
    ("NFD not normalized", unicodedata.normalize("NFD", VIET).encode(), unicodedata.normalize("NFD", VIET)),
    ("very long line", b"x" * 200_000, "x" * 200_000),
    ("4-byte characters", "\U0001f600 5 cadres".encode(), "\U0001f600 5 cadres"),
]


@pytest.mark.parametrize("data,text", [(d, t) for _, d, t in READ], ids=[n for n, _, _ in READ])
def test_decode_reads(data, text):
    assert decode(data) == text


# -- decode: bytes that are refused (with the byte offset when there is one) ---
REFUSED = [
    # name, bytes, words the reason must hold, the offset
    ("latin-1", "Thành: 12 cán".encode("latin-1"), "not valid UTF-8 at byte 2", 2),
    ("windows-1258", "Vi\u00ea\u0323t Nam".encode("cp1258"), "not valid UTF-8 at byte 2", 2),
    ("invalid utf8 after a BOM: offset counts the BOM", codecs.BOM_UTF8 + b"abc\xff", "at byte 6", 6),
    ("truncated multi-byte at the end", "cán".encode()[:2], "at byte 1", 1),
    ("overlong encoding", b"ab\xc0\xaf", "at byte 2", 2),
    ("encoded surrogate", b"ok \xed\xa0\x80", "at byte 3", 3),
    ("NUL byte", b"some text\x00more", "NUL byte at byte 9", 9),
    ("PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF", 0),
    ("PDF after a BOM", codecs.BOM_UTF8 + b"%PDF-1.4", "PDF", 3),
    ("PNG", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image", 0),
    ("JPEG", b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image", 0),
    ("GIF", b"GIF89a\x01\x00", "GIF image", 0),
    ("ZIP / docx", b"PK\x03\x04\x14\x00", "ZIP", 0),
    ("gzip", b"\x1f\x8b\x08\x00", "gzip", 0),
    ("utf16 odd length", codecs.BOM_UTF16_LE + b"a\x00b", "invalid UTF-16 at byte 4", 4),
    ("utf16 lone surrogate", codecs.BOM_UTF16_LE + b"a\x00\x00\xdcb\x00", "invalid UTF-16 at byte 4", 4),
    ("utf32 (NULs once read as utf16)", "abc".encode("utf-32"), "binary", None),
]


@pytest.mark.parametrize("data,words,offset", [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_decode_refuses(data, words, offset):
    with pytest.raises(DecodeError) as info:
        decode(data)
    assert words in str(info.value)
    assert info.value.offset == offset


def test_decode_base_moves_offsets():
    with pytest.raises(DecodeError) as info:
        decode(b"ab\xff", base=100)
    assert info.value.offset == 102 and "byte 102" in str(info.value)


# -- .txt files and kinds of input ---------------------------------------------
def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def load(*paths, **kw):
    return list(load_paths([str(p) for p in paths], **kw))


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, "\u00a0\u200b\n".encode()],
                         ids=["empty", "whitespace", "only BOM", "unicode spaces"])
def test_empty_articles_load_and_give_no_records(tmp_path, data):
    (item,) = load(write(tmp_path / "blank.txt", data))
    assert isinstance(item, Article) and item.doc_id == "blank"
    assert extract_text(item.text, item.doc_id) == []


def test_txt_article_fields(tmp_path):
    p = write(tmp_path / "007_x.txt", codecs.BOM_UTF8 + b"Title\r\nSource: https://a.vn/b\r\nBody.")
    (item,) = load(p)
    assert item == Article(doc_id="007_x", text="Title\r\nSource: https://a.vn/b\r\nBody.",
                           path=str(p), source="https://a.vn/b")


def test_a_bad_file_is_an_error_naming_it_and_the_others_load(tmp_path):
    write(tmp_path / "a.txt", b"fine")
    bad = write(tmp_path / "b.txt", "café".encode("latin-1"))
    write(tmp_path / "c.txt", b"also fine")
    items = load(tmp_path)
    assert [type(i).__name__ for i in items] == ["Article", "LoadError", "Article"]
    err = items[1]
    assert (err.path, err.doc_id, err.stage) == (str(bad), "b", "decode")
    assert "byte 3" in err.reason
    assert str(bad) in str(err)


INPUT_ERRORS = [
    ("missing path", lambda d: d / "nope.txt", "no such file or directory"),
    ("empty directory", lambda d: (d / "empty").mkdir() or d / "empty", "directory has no articles"),
    ("directory of other files", lambda d: write(d / "o" / "a.pdf", b"%PDF").parent, "directory has no"),
    ("glob matching nothing", lambda d: d / "*.nothing", "pattern matches no files"),
]


@pytest.mark.parametrize("make,words", [r[1:] for r in INPUT_ERRORS], ids=[r[0] for r in INPUT_ERRORS])
def test_input_errors(tmp_path, make, words):
    path = make(tmp_path)
    (err,) = load(path)
    assert isinstance(err, LoadError) and err.stage == "input" and words in err.reason
    assert err.path == str(path)


def test_directories_are_recursive_sorted_and_files_come_once(tmp_path):
    write(tmp_path / "b" / "2.txt", b"two")
    write(tmp_path / "a" / "1.txt", b"one")
    write(tmp_path / "a" / "notes.md", b"ignored")
    write(tmp_path / "c.jsonl", b'{"doc_id": "three", "text": "3"}\n')
    items = load(tmp_path, tmp_path / "a" / "1.txt", str(tmp_path / "*" / "*.txt"))
    assert [i.doc_id for i in items] == ["1", "2", "three"]


def test_excluded_files_are_not_read(tmp_path):
    write(tmp_path / "a.txt", b"one")
    out = write(tmp_path / "out.jsonl", b'{"schema_version": "1"}\n')
    assert [i.doc_id for i in load(tmp_path, exclude=[out])] == ["a"]


def test_unreadable_file_is_a_read_error(tmp_path, monkeypatch):
    p = write(tmp_path / "secret.txt", b"text")
    real_open = open

    def deny(file, *a, **kw):
        if str(file) == str(p):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **kw)

    monkeypatch.setattr(readers_base, "open", deny, raising=False)
    (err,) = load(p)
    assert (err.stage, err.doc_id) == ("read", "secret") and "Permission denied" in err.reason


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_by_permissions(tmp_path):
    p = write(tmp_path / "secret.txt", b"text")
    p.chmod(0)
    try:
        (err,) = load(p)
    finally:
        p.chmod(0o644)
    assert err.stage == "read" and "Permission denied" in err.reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (err,) = load(fifo)
    assert err.stage == "read" and "not a regular file" in err.reason


def test_max_bytes_refuses_a_large_file(tmp_path):
    p = write(tmp_path / "big.txt", b"x" * 5000)
    (err,) = load(p, max_bytes=4096)
    assert err.stage == "read" and "5000 bytes is over the limit of 4096" in err.reason
    assert "--max-bytes" in err.reason
    (ok,) = load(p, max_bytes=5000)
    assert isinstance(ok, Article) and len(ok.text) == 5000
    (unlimited,) = load(p, max_bytes=0)
    assert isinstance(unlimited, Article)


def test_max_bytes_holds_for_a_file_that_grows(tmp_path, monkeypatch):
    p = write(tmp_path / "growing.txt", b"x" * 5000)
    real_stat = Path.stat
    monkeypatch.setattr(Path, "stat", lambda self, **kw: os.stat_result(
        (*real_stat(self, **kw)[:6], 10, *real_stat(self, **kw)[7:])))  # claims 10 bytes
    (err,) = load(p, max_bytes=4096)
    assert err.stage == "read" and "more than 4096 bytes" in err.reason


# -- offsets stay exact on awkward texts -----------------------------------------
MENTION = "Resolution No. 04-NQ/TU"
AWKWARD = [
    ("CRLF", "Title\r\n\r\nOn May 31, 2021, the Party issued " + MENTION + ".\r\n"),
    ("zero-width and no-break spaces", "\u200bOn\u00a0May 31, 2021,\u200b the Party issued " + MENTION + "."),
    ("NFD diacritics before", unicodedata.normalize("NFD", "Tỉnh ủy Quảng Ninh ") + "issued " + MENTION + "."),
    ("astral characters before", "\U0001f600\U0001f4f0 issued " + MENTION + " with 2,580 cadres."),
    ("very long line", "word " * 40_000 + "issued " + MENTION + " on May 31, 2021."),
]


@pytest.mark.parametrize("text", [t for _, t in AWKWARD], ids=[n for n, _ in AWKWARD])
def test_offsets_exact_on_awkward_texts(text):
    records = extract_text(text, "d", lang="en")  # an English sentence after a Vietnamese name
    for rec in records:
        validate_record(rec, text)
    refs = [r for r in records if r.type == "document_ref"]
    assert [(r.start_char, r.end_char) for r in refs] == [(text.index(MENTION), text.index(MENTION) + len(MENTION))]


def test_offsets_are_into_the_decoded_text_of_a_bom_crlf_file(tmp_path):
    body = "Title\r\n\r\nOn May 31, 2021, the Party issued " + MENTION + ".\r\n"
    p = write(tmp_path / "bom.txt", codecs.BOM_UTF8 + body.encode())
    (item,) = load(p)
    assert item.text == body  # the BOM is gone, the CRs stay
    refs = [r for r in extract_text(item.text, item.doc_id) if r.type == "document_ref"]
    assert refs[0].start_char == body.index(MENTION)


def test_utf16_file_gives_the_same_records_as_utf8(tmp_path):
    body = "On May 31, 2021, the Politburo issued " + MENTION + " on 2,580 cadres.\n"
    (a,) = load(write(tmp_path / "a.txt", body.encode()))
    (b,) = load(write(tmp_path / "b.txt", codecs.BOM_UTF16_LE + body.encode("utf-16-le")))
    dump = lambda item: [r.model_dump(exclude={"doc_id"}) for r in extract_text(item.text, item.doc_id)]
    assert a.text == b.text and dump(a) == dump(b) != []


# -- .jsonl lines ----------------------------------------------------------------
GOOD_LINE = {"doc_id": "ok", "text": "Resolution No. 04-NQ/TU"}
JSONL_BAD = [
    # name, the line (bytes), stage, words of the reason
    ("bad JSON", b'{"doc_id": "x", "text": "unterminated}', "parse", "bad JSON"),
    ("not an object", b'["a list"]', "parse", "must be a JSON object, not list"),
    ("missing text", b'{"doc_id": "x"}', "parse", 'missing "text"'),
    ("text null", b'{"doc_id": "x", "text": null}', "parse", '"text" is NoneType, not a string'),
    ("text number", b'{"doc_id": "x", "text": 42}', "parse", '"text" is int, not a string'),
    ("text object", b'{"doc_id": "x", "text": {"a": 1}}', "parse", '"text" is dict'),
    ("doc_id float", b'{"doc_id": 1.5, "text": "t"}', "parse", '"doc_id" is float'),
    ("doc_id bool", b'{"doc_id": true, "text": "t"}', "parse", '"doc_id" is bool'),
    ("doc_id empty", b'{"doc_id": "", "text": "t"}', "parse", '"doc_id" is empty'),
    ("nested too deeply", b"[" * 100_000 + b"]" * 100_000, "parse", "bad JSON"),
    ("huge integer", b'{"doc_id": "x", "text": "t", "n": ' + b"9" * 5000 + b"}", "parse", "bad JSON"),
    ("lone surrogate in text", b'{"doc_id": "x", "text": "a\\ud800b"}', "parse", "lone surrogate at char 1"),
    ("lone surrogate in doc_id", b'{"doc_id": "\\udfff", "text": "t"}', "parse", "lone surrogate"),
    ("invalid UTF-8", b'{"doc_id": "x", "text": "caf\xe9"}', "decode", "not valid UTF-8"),
    ("NUL byte", b'{"doc_id": "x", "text": "a\x00"}', "decode", "NUL byte"),
]


@pytest.mark.parametrize("line,stage,words", [r[1:] for r in JSONL_BAD], ids=[r[0] for r in JSONL_BAD])
def test_bad_jsonl_line_is_an_error_with_its_line_number_and_the_others_go_on(tmp_path, line, stage, words):
    before = json.dumps({"doc_id": "first", "text": "one"}).encode() + b"\n"
    after = json.dumps({"doc_id": "last", "text": "three"}).encode() + b"\n"
    p = write(tmp_path / "batch.jsonl", before + line + b"\n" + after)
    items = list(load_jsonl(p))
    assert [type(i).__name__ for i in items] == ["Article", "LoadError", "Article"]
    err = items[1]
    assert (err.path, err.line, err.stage) == (str(p), 2, stage), err
    assert words in err.reason
    assert [items[0].doc_id, items[2].doc_id] == ["first", "last"]
    json.dumps(err.to_dict(), ensure_ascii=False).encode("utf-8")  # an error can always be written


def test_jsonl_decode_error_gives_the_file_byte_offset(tmp_path):
    first = b'{"doc_id": "a", "text": "x"}\n'
    p = write(tmp_path / "b.jsonl", first + b'{"doc_id": "b", "text": "\xff"}\n')
    (_, err) = load_jsonl(p)
    assert f"at byte {len(first) + 25}" in err.reason


def test_duplicate_doc_id_in_a_jsonl_keeps_the_first(tmp_path):
    p = write(tmp_path / "d.jsonl", b'{"doc_id": "a", "text": "1"}\n{"doc_id": "a", "text": "2"}\n')
    first, err = load_jsonl(p)
    assert first.text == "1"
    assert (err.line, err.doc_id, err.stage) == (2, "a", "parse")
    assert "duplicate doc_id 'a' (first on line 1)" in err.reason


def test_jsonl_ids_metadata_and_source(tmp_path):
    lines = [
        {"doc_id": "a", "text": "\ufeffx", "url": "https://a.vn/1", "site": "a.vn"},
        {"id": 7, "text": "y"},
        {"text": "z\nSource: https://b.vn/2"},
    ]
    p = write(tmp_path / "meta.jsonl", b"\n".join(json.dumps(line).encode() for line in lines) + b"\n\n \n")
    a, b, c = load_jsonl(p)
    assert (a.doc_id, a.text, a.source, a.meta, a.line, a.path) == (
        "a", "x", "https://a.vn/1", {"url": "https://a.vn/1", "site": "a.vn"}, 1, str(p))
    assert (b.doc_id, b.line) == ("7", 2)
    assert (c.doc_id, c.source) == ("meta:3", "https://b.vn/2")


def test_jsonl_with_bom_and_crlf(tmp_path):
    p = write(tmp_path / "w.jsonl", codecs.BOM_UTF8 + b'{"doc_id": "a", "text": "1"}\r\n{"doc_id": "b", "text": "2"}\r\n')
    assert [(i.doc_id, i.text, i.line) for i in load_jsonl(p)] == [("a", "1", 1), ("b", "2", 2)]


def test_utf16_jsonl_is_read(tmp_path):
    body = '{"doc_id": "a", "text": "Nghị quyết"}\n{"doc_id": "b", "text": "2"}\n'
    p = write(tmp_path / "u.jsonl", codecs.BOM_UTF16_LE + body.encode("utf-16-le"))
    assert [(i.doc_id, i.text) for i in load_jsonl(p)] == [("a", "Nghị quyết"), ("b", "2")]


def test_jsonl_line_over_max_bytes_is_skipped_and_counted(tmp_path):
    big = json.dumps({"doc_id": "big", "text": "x" * 10_000}).encode()
    p = write(tmp_path / "m.jsonl", b'{"doc_id": "a", "text": "1"}\n' + big + b'\r\n{"doc_id": "c", "text": "3"}\n')
    a, err, c = load_jsonl(p, max_bytes=1000)
    assert (a.doc_id, c.doc_id, c.line) == ("a", "c", 3)
    assert (err.line, err.stage) == (2, "read")
    assert f"line of {len(big) + 2} bytes is over the limit of 1000" in err.reason


def test_jsonl_line_exactly_at_max_bytes_is_read(tmp_path):
    line = json.dumps({"doc_id": "a", "text": "x" * 100}).encode()
    p = write(tmp_path / "e.jsonl", line + b"\r\n" + line.replace(b'"a"', b'"b"') + b"\n")
    assert [i.doc_id for i in load_jsonl(p, max_bytes=len(line))] == ["a", "b"]
