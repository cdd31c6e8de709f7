"""Property tests (hypothesis): arbitrary text through the pipeline and
arbitrary bytes through the loader.  No exception escapes, every record
validates against the text, offsets match, and the output is deterministic.

The example counts are modest so the suite stays fast; pipelines/fuzz.py
runs the same properties for as long as it is given.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extractor.articles import Article, DecodeError, LoadError, decode, load_paths
from extractor.engines import local
from extractor.jsonl import record_line
from extractor.pipeline import extract_text
from extractor.schema import validate_record

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of real mentions mixed with anything: so that the rules fire on
# arbitrary surroundings, not only on noise.
PIECES = [
    "Resolution No. 04-NQ/TU", "Directive 24-CT/TU dated 5/5/2020", "Decree 30/2020/ND-CP",
    "Conclusion Notice No. 20", "Resolutions 31 and 24 of the Politburo", "Project No.19-DA/TU",
    "May 31, 2021", "31/5/2021", "2024-11-12", "October 29", "April 2021", "the 2020-2025 term",
    "March 17, 1930 - March 17, 2025", "from 2021 to present", "the end of 2023",
    "2,580 cadres (including 131 at the city level", "five breakthroughs", "over 90%",
    "12/13", "1,004 out of 1,007", "168/177 (94.92%)", "60-70%", "72 percent", "about 200 cadres",
    "Nghị quyết số 04-NQ/TU", "ngày 31/5/2021", "tỉnh Quảng Ninh", "Source: https://a.vn/x",
    "No.", "Mr.", "\n", "\r\n", "\n\n", " ", "\t", "\u00a0", "\u200b", "\ufeff", "\u2028", "\x00",
    "\u0301", "e\u0301", "\U0001f600", "\"", "“", "”", "(", ")", ",", ".", "-", "–", "/", "%",
    "0", "1", "19", "2025", "999999999999999999999999", "0.5", "1,000,000",
]
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join),
)


def check_records(text: str, records) -> None:
    for rec in records:
        validate_record(rec, text)
        assert text[rec.start_char:rec.end_char] == rec.text
        if rec.sentence_start is not None:
            assert rec.sentence_start <= rec.start_char <= rec.end_char <= rec.sentence_end <= len(text)
        json.loads(record_line(rec))  # writable as one JSON line
    spans = [(r.start_char, r.end_char) for r in records]
    assert spans == sorted(spans)


@SETTINGS
@given(TEXT)
@example("")
@example("\x00\x00")
@example("\r\n" * 50)
@example("Resolution No. 04-NQ/TU" * 30)
@example("\ufeffResolution No. 04-NQ/TU")
def test_extract_text_on_any_text(text):
    records = extract_text(text, "doc")
    check_records(text, records)
    again = extract_text(text, "doc")
    assert [record_line(r) for r in again] == [record_line(r) for r in records]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(PIECES[:30]), min_size=1, max_size=30).map("\n".join),
       st.integers(min_value=40, max_value=400))
def test_parts_of_a_long_text_keep_offsets_exact(text, size):
    """An article processed in parts (as a long one is) has exact offsets."""
    bounds = local.split_text(text, size)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] and 0 < b[1] - b[0] <= size for a, b in zip(bounds, bounds[1:]))
    out = next(local._merge(local.work(t) for t in local.tasks_of(Article("d", text), size)))
    assert out.errors == []
    for line in out.lines:
        validate_record(json.loads(line), text)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=400))
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe")
@example(b"\xfe\xff\x00")
@example(b"\xff\xfe\x00\xd8")
def test_decode_gives_text_or_a_decode_error(data):
    try:
        text = decode(data)
    except DecodeError as e:
        assert str(e)
        assert e.offset is None or 0 <= e.offset <= len(data)
        return
    assert isinstance(text, str)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-8: the bytes exactly, minus one leading BOM
        assert text.encode("utf-8") == data.removeprefix(b"\xef\xbb\xbf")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_decode_reads_any_text_written_as_utf(text, encoding):
    data = text.encode(encoding)
    if "\x00" in text:  # NUL characters are refused as binary data
        try:
            decode(data)
        except DecodeError as e:
            assert "NUL" in str(e)
            return
        raise AssertionError("a NUL was read as text")
    want = text[1:] if encoding == "utf-8" and text.startswith("\ufeff") else text
    assert decode(data) == want


def _load_bytes(data: bytes, suffix: str, max_bytes: int = 1000):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"x{suffix}"
        p.write_bytes(data)
        return list(load_paths([str(p)], max_bytes=max_bytes))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=1500))
def test_any_bytes_as_a_txt_file(data):
    (item,) = _load_bytes(data, ".txt")
    assert isinstance(item, (Article, LoadError))
    if isinstance(item, Article):
        check_records(item.text, extract_text(item.text, item.doc_id))
    else:
        assert item.stage in ("read", "decode")


JSONL_LINES = st.one_of(
    st.binary(max_size=80),
    st.builds(lambda d, t: json.dumps({"doc_id": d, "text": t}, ensure_ascii=False).encode("utf-8", "surrogatepass"),
              st.one_of(st.text(max_size=5), st.integers(), st.none(), st.booleans()),
              st.one_of(st.text(max_size=60), st.integers(), st.none())),
    st.sampled_from([b"{", b"[]", b"null", b'{"text": "a"}', b'{"doc_id": "a", "text": "b"}',
                     b'{"doc_id": "a", "text": "\\ud800"}', b"[" * 3000]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(JSONL_LINES, max_size=8), st.sampled_from([b"\n", b"\r\n"]))
def test_any_jsonl_lines(lines, newline):
    items = _load_bytes(newline.join(lines) + newline, ".jsonl", max_bytes=200)
    ids = [i.doc_id for i in items if isinstance(i, Article)]
    assert len(ids) == len(set(ids))
    for item in items:
        assert isinstance(item, (Article, LoadError))
        if isinstance(item, LoadError):
            assert item.line is not None and 1 <= item.line <= len(lines) + sum(ln.count(b"\n") for ln in lines)
            json.dumps(item.to_dict(), ensure_ascii=False).encode("utf-8")
        else:
            item.text.encode("utf-8")  # writable
            item.doc_id.encode("utf-8")
    nonblank = [ln for ln in lines if ln.strip() and b"\n" not in ln and b"\r" not in ln]
    # a file that starts with a UTF-16 byte-order mark is read as UTF-16 (README,
    # "Errors"): its bytes are not UTF-8 lines, so one result per byte line is not owed
    utf16 = (newline.join(lines)).startswith((b"\xff\xfe", b"\xfe\xff"))
    if len(nonblank) == len(lines) and not utf16:
        assert len(items) == len(lines)  # one result per line


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(TEXT, st.binary(max_size=60)), min_size=1, max_size=6))
def test_the_run_never_raises_and_writes_valid_lines(tmp_path_factory, docs):
    root = tmp_path_factory.mktemp("run")
    texts = {}
    for i, doc in enumerate(docs):
        p = root / f"d{i}.txt"
        p.write_bytes(doc if isinstance(doc, bytes) else doc.encode("utf-8"))
        texts[f"d{i}"] = doc
    out = tmp_path_factory.mktemp("out") / "out.jsonl"  # not in the input directory (refused)
    summary = local.run([str(root)], str(out), workers=1)
    lines = out.read_text(encoding="utf-8").splitlines() if summary.records else []
    assert len(lines) == summary.records
    for line in lines:
        rec = json.loads(line)
        text = decode((root / f"{rec['doc_id']}.txt").read_bytes())
        validate_record(rec, text)
    failed = {e["doc_id"] for e in summary.errors}
    for doc_id, doc in texts.items():
        data = doc if isinstance(doc, bytes) else doc.encode("utf-8")
        try:
            decode(data)
            readable = True
        except DecodeError:
            readable = False
        assert (doc_id in failed) == (not readable)
    assert summary.exit_code == (2 if failed else 0)
