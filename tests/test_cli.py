"""The command line end to end, in subprocesses: output that validates
against `extractor schema`, exit status 0/1/2, --errors/--retry, --max-bytes,
and output that survives Ctrl-C and SIGKILL (then --resume)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from extractor.articles import decode
from extractor.schema import validate_record

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


def cli(*args, cwd=None, timeout=300, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *map(str, args)], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=timeout, **kw)


def start(*args, **kw) -> subprocess.Popen:
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen([sys.executable, "-m", "extractor.cli", *map(str, args)], cwd=ROOT,
                            text=True, **kw)


def texts_of(src: Path) -> dict[str, str]:
    return {p.stem: decode(p.read_bytes()) for p in src.glob("*.txt")}


@pytest.fixture(scope="module")
def schema() -> dict:
    r = cli("schema")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


# -- the output ----------------------------------------------------------------------
def test_extract_data_raw_validates_against_the_schema(tmp_path, schema):
    r = cli("extract", RAW, "-o", tmp_path / "out.jsonl", "--workers", "1")
    assert r.returncode == 0, r.stderr
    assert "8 documents" in r.stderr and "0 errors" in r.stderr
    validator = jsonschema.Draft202012Validator(schema)
    texts = texts_of(RAW)
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 100
    for line in lines:
        rec = json.loads(line)
        validator.validate(rec)
        validate_record(rec, texts[rec["doc_id"]])  # offsets against the article text
    assert {json.loads(line)["doc_id"] for line in lines} == set(texts)
    # deterministic, whatever the number of workers
    r2 = cli("extract", RAW, "-o", tmp_path / "out2.jsonl", "--workers", "2")
    assert r2.returncode == 0
    assert (tmp_path / "out2.jsonl").read_bytes() == (tmp_path / "out.jsonl").read_bytes()


def test_records_to_stdout(tmp_path):
    one = RAW / "002_eff97a5cb8132c8b.txt"
    r = cli("extract", one, "--workers", "1")
    assert r.returncode == 0 and r.stderr == ""
    assert cli("extract", one, "-o", tmp_path / "o.jsonl", "--workers", "1").returncode == 0
    assert r.stdout == (tmp_path / "o.jsonl").read_text(encoding="utf-8") != ""


def test_help_documents_errors_and_exit_status():
    r = cli("extract", "--help")
    assert r.returncode == 0
    for words in ("exit status", "0 all documents processed", "1 usage error", "2 some documents",
                  "--max-bytes", "--errors", "--resume", "--retry", "UTF-16", ".partial"):
        assert words in r.stdout, words


# -- exit status ----------------------------------------------------------------------
USAGE_ERRORS = [
    ("no command", []),
    ("unknown command", ["frobnicate"]),
    ("no paths", ["extract"]),
    ("unknown option", ["extract", RAW, "--bogus"]),
    ("zero workers", ["extract", RAW, "--workers", "0"]),
    ("bad size", ["extract", RAW, "--max-bytes", "lots"]),
    ("negative size", ["extract", RAW, "--max-bytes", "-1"]),
    ("resume to stdout", ["extract", RAW, "--resume"]),
    ("output is a directory", ["extract", RAW, "-o", "{tmp}"]),
    ("errors file is the output", ["extract", RAW, "-o", "{tmp}/o.jsonl", "--errors", "{tmp}/o.jsonl"]),
    ("retry file missing", ["extract", "--retry", "{tmp}/missing.jsonl"]),
    ("retry file not errors", ["extract", "--retry", RAW / "001_18b55c52c9600963.txt", "-o", "{tmp}/o.jsonl"]),
]


@pytest.mark.parametrize("args", [a for _, a in USAGE_ERRORS], ids=[n for n, _ in USAGE_ERRORS])
def test_usage_errors_exit_1_and_write_nothing(tmp_path, args):
    args = [str(a).replace("{tmp}", str(tmp_path)) for a in args]
    r = cli(*args)
    assert r.returncode == 1, r.stderr
    assert "error" in r.stderr or "usage" in (r.stderr + r.stdout)
    assert not (tmp_path / "o.jsonl").exists()


def bad_corpus(root: Path) -> Path:
    root.mkdir()
    for p in sorted(RAW.glob("*.txt"))[:3]:
        (root / p.name).write_bytes(p.read_bytes())
    (root / "latin1.txt").write_bytes("Ngày 31/5/2021, 12 cán bô\u0323".encode("cp1258"))
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / "lines.jsonl").write_text('{"doc_id": "ok", "text": "On May 31, 2021, 12 cadres."}\n'
                                      '{"doc_id": "ok", "text": "again"}\nnot json\n', encoding="utf-8")
    return root


def test_some_documents_failed_exit_2_the_others_written(tmp_path, schema):
    src = bad_corpus(tmp_path / "in")
    r = cli("extract", src, "-o", tmp_path / "out.jsonl", "--errors", tmp_path / "errors.jsonl", "--workers", "1")
    assert r.returncode == 2
    errors = [json.loads(line) for line in (tmp_path / "errors.jsonl").read_text().splitlines()]
    assert [(Path(e["path"]).name, e["line"], e["stage"]) for e in errors] == [
        ("image.txt", None, "decode"), ("latin1.txt", None, "decode"),
        ("lines.jsonl", 2, "parse"), ("lines.jsonl", 3, "parse")]
    # one stderr line per error, naming the file (and line), then the summary
    err_lines = r.stderr.splitlines()
    assert len(err_lines) == len(errors) + 1
    assert "latin1.txt [latin1]: decode error: not valid UTF-8 at byte " in err_lines[1]
    assert "lines.jsonl:2 [ok]: parse error: duplicate doc_id 'ok'" in err_lines[2]
    assert err_lines[-1].endswith("4 errors")
    recs = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert {r["doc_id"] for r in recs} == {p.stem for p in sorted(RAW.glob("*.txt"))[:3]} | {"ok"}
    validator = jsonschema.Draft202012Validator(schema)
    for rec in recs:
        validator.validate(rec)


def test_retry_processes_only_the_failed_documents(tmp_path):
    src = bad_corpus(tmp_path / "in")
    errors = tmp_path / "errors.jsonl"
    assert cli("extract", src, "-o", tmp_path / "out.jsonl", "--errors", errors, "--workers", "1").returncode == 2
    # the researcher re-encodes the Windows-1258 file and retries
    latin = src / "latin1.txt"
    latin.write_text(latin.read_bytes().decode("cp1258"), encoding="utf-8")
    r = cli("extract", "--retry", errors, "-o", tmp_path / "retry.jsonl", "--errors", tmp_path / "e2.jsonl",
            "--workers", "1")
    assert r.returncode == 2  # the image and the bad .jsonl lines still fail
    recs = [json.loads(line) for line in (tmp_path / "retry.jsonl").read_text().splitlines()]
    assert {r["doc_id"] for r in recs} == {"latin1"}
    assert [e["path"] for e in map(json.loads, (tmp_path / "e2.jsonl").read_text().splitlines())] == [
        str(src / "image.txt"), str(src / "lines.jsonl"), str(src / "lines.jsonl")]


def test_max_bytes_refuses_a_large_article_with_a_clear_error(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "small.txt").write_text("On May 31, 2021, 12 cadres.", encoding="utf-8")
    para = (RAW / "002_eff97a5cb8132c8b.txt").read_text(encoding="utf-8")
    big = src / "big.txt"
    with open(big, "w", encoding="utf-8") as fh:
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(para)
    size = big.stat().st_size
    t0 = time.monotonic()
    r = cli("extract", src, "-o", tmp_path / "out.jsonl", "--max-bytes", "1M", "--workers", "1")
    assert time.monotonic() - t0 < 30  # refused at once, never read
    assert r.returncode == 2
    assert f"big.txt [big]: read error: {size} bytes is over the limit of 1048576 bytes; " \
           f"raise it with --max-bytes" in r.stderr
    recs = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert {r["doc_id"] for r in recs} == {"small"}


BIG_MB = int(os.environ.get("EXTRACTOR_TEST_BIG_MB", "50"))


@pytest.mark.slow
def test_a_50mb_article_with_the_limit_raised(tmp_path):
    """Processed in parts of 1M characters (2 workers); offsets exact.
    About 100 s on 2 cores; EXTRACTOR_TEST_BIG_MB=10 makes it shorter."""
    para = "".join(p.read_text(encoding="utf-8").rstrip("\n") + "\n" for p in sorted(RAW.glob("*.txt"))[4:6])
    big = tmp_path / "big.txt"
    n = BIG_MB * 1024 * 1024 // len(para.encode()) + 1
    big.write_text(para * n, encoding="utf-8")
    assert big.stat().st_size >= BIG_MB * 1024 * 1024
    r = cli("extract", big, "-o", tmp_path / "out.jsonl", "--max-bytes", f"{BIG_MB + 10}M", "--workers", "2",
            timeout=900)
    assert r.returncode == 0, r.stderr[-2000:]
    text = para * n
    count = 0
    with open(tmp_path / "out.jsonl", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            count += 1
            if i % 997 == 0:  # a sample, from every part
                rec = json.loads(line)
                assert text[rec["start_char"]:rec["end_char"]] == rec["text"]
                validate_record(rec, text)
    (tmp_path / "para.txt").write_text(para, encoding="utf-8")
    assert cli("extract", tmp_path / "para.txt", "-o", tmp_path / "p.jsonl", "--workers", "1").returncode == 0
    per = sum(1 for _ in open(tmp_path / "p.jsonl"))
    # parts are cut at line breaks, so only a mention spanning a cut could be lost
    assert per * n * 0.99 <= count <= per * n


# -- interruptions ----------------------------------------------------------------------
PREVIOUS = b'{"previous": "complete output"}\n'


def small_articles(path: Path, n: int) -> Path:
    """``n`` small articles (the paragraphs of data/raw) with varied doc_ids."""
    paras = [para for p in sorted(RAW.glob("*.txt")) for para in p.read_text(encoding="utf-8").split("\n")
             if len(para) > 80]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"doc_id": f"{i % 7}-{i:05d}", "text": paras[i % len(paras)]}) + "\n")
    return path


def wait_for_journal(proc: subprocess.Popen, journal: Path, lines: int, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before it could be interrupted: make the corpus larger"
        if journal.exists():
            n = journal.read_bytes().count(b"\n")
            if n >= lines:
                return n
        time.sleep(0.02)
    raise AssertionError("the journal did not grow")


@pytest.mark.parametrize("workers,group", [("1", False), ("2", True)], ids=["one process", "pool, Ctrl-C to the group"])
def test_ctrl_c_leaves_the_previous_output(tmp_path, workers, group):
    src = small_articles(tmp_path / "in.jsonl", 1500)
    out = tmp_path / "out.jsonl"
    out.write_bytes(PREVIOUS)
    proc = start("extract", src, "-o", out, "--workers", workers, start_new_session=group)
    wait_for_journal(proc, tmp_path / "out.jsonl.partial.done", 20)
    if group:  # as a terminal's Ctrl-C: every process of the group
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "interrupted" in stderr and "--resume" in stderr and "Traceback" not in stderr
    assert out.read_bytes() == PREVIOUS
    assert (tmp_path / "out.jsonl.partial").exists()


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_sigkill_then_resume_equals_an_uninterrupted_run(tmp_path, suffix):
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    src = small_articles(tmp_path / "in.jsonl", 3000)
    full = tmp_path / f"full{suffix}"
    r = cli("extract", src, "-o", full, "--workers", "1", "--errors", tmp_path / "full-errors.jsonl")
    assert r.returncode == 0, r.stderr
    want_status = r.returncode
    out = tmp_path / f"out{suffix}"
    out.write_bytes(PREVIOUS)
    journal = tmp_path / f"out{suffix}.partial.done"
    killed_at = []
    for attempt, at in enumerate((300, 1500)):  # killed twice: a fresh run, then a resumed one
        args = ["extract", src, "-o", out, "--workers", "1", "--errors", tmp_path / "errors.jsonl"]
        # stderr not read while it runs: to /dev/null, or a full pipe would block the run
        proc = start(*args, *(["--resume"] if attempt else []), stderr=subprocess.DEVNULL)
        killed_at.append(wait_for_journal(proc, journal, at, timeout=600))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert out.read_bytes() == PREVIOUS  # byte-identical: the kill never touched it
    assert killed_at[0] < killed_at[1] < 3000
    r = cli("extract", src, "-o", out, "--workers", "1", "--errors", tmp_path / "errors.jsonl", "--resume")
    assert r.returncode == want_status, r.stderr
    assert "already done" in r.stderr
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(out).equals(pq.read_table(full))
    assert out.read_bytes() == full.read_bytes()
    assert (tmp_path / "errors.jsonl").read_bytes() == (tmp_path / "full-errors.jsonl").read_bytes()
    assert not journal.exists() and not (tmp_path / f"out{suffix}.partial").exists()
