"""Issue 12, items 1-4: never lose a user's file, never hang, never mix stale
data.  Each test reproduces one reported failure (each failed before the fix)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.engines import local
from extractor.engines.output import OutputLock

from test_cli import PREVIOUS, cli, start, wait_for_journal  # noqa: E402
from test_runner import RAW_TEXTS, big_corpus, interrupt_after  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


def run(paths, out, **kw):
    kw.setdefault("workers", 1)
    return local.run([str(p) for p in paths], str(out) if out else out, **kw)


# -- 1. data loss ---------------------------------------------------------------------
def test_output_that_is_the_input_is_refused_and_the_input_kept(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(RAW_TEXTS[next(iter(RAW_TEXTS))], encoding="utf-8")
    before = a.read_bytes()
    r = cli("extract", a, "-o", a, "--workers", "1")
    assert r.returncode == 1 and "is an input of this run" in r.stderr and "Traceback" not in r.stderr
    assert a.read_bytes() == before


def test_errors_file_that_is_an_input_is_refused(tmp_path):
    victim, other = tmp_path / "victim.txt", tmp_path / "b.txt"
    victim.write_text("12 cadres were appointed.", encoding="utf-8")
    other.write_text("13 cadres were appointed.", encoding="utf-8")
    r = cli("extract", victim, other, "-o", tmp_path / "out.jsonl", "--errors", victim, "--workers", "1")
    assert r.returncode == 1 and "--errors" in r.stderr
    assert victim.read_text(encoding="utf-8") == "12 cadres were appointed."
    assert not (tmp_path / "out.jsonl").exists()


def test_a_glob_matching_the_output_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("12 cadres.", encoding="utf-8")
    (tmp_path / "out.txt").write_bytes(PREVIOUS)
    r = cli("extract", str(tmp_path / "*.txt"), "-o", tmp_path / "out.txt", "--workers", "1")
    assert r.returncode == 1 and (tmp_path / "out.txt").read_bytes() == PREVIOUS


def _article(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(RAW_TEXTS[next(iter(RAW_TEXTS))], encoding="utf-8")
    return a


def test_an_output_symlink_is_followed_the_link_kept(tmp_path):
    a = _article(tmp_path)
    target = tmp_path / "kept" / "records.jsonl"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "out.jsonl"
    link.symlink_to(target)
    r = cli("extract", a, "-o", link, "--workers", "1")
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 10 and all(json.loads(x)["doc_id"] == "a" for x in lines)
    assert not (tmp_path / "out.jsonl.lock").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("flag", ["-o", "--errors"])
def test_a_fifo_as_output_is_refused_and_left_a_fifo(tmp_path, flag):
    import stat

    a = _article(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    args = ["-o", fifo] if flag == "-o" else ["-o", tmp_path / "out.jsonl", "--errors", fifo]
    r = cli("extract", a, *args, "--workers", "1")
    assert r.returncode == 1 and f"{flag} {fifo}: is a named pipe (FIFO), not a regular file" in r.stderr
    assert "Traceback" not in r.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "pipe"]  # no lock, no partial file


def test_a_device_through_a_symlink_is_refused(tmp_path):
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    link = tmp_path / "null.jsonl"
    link.symlink_to("/dev/null")
    with pytest.raises(local.RunError, match="is a character device"):
        run([_article(tmp_path)], link)
    assert link.is_symlink()


@pytest.mark.skipif(not os.path.islink("/dev/stdout"), reason="/dev/stdout is not a link here")
def test_dev_stdout_is_refused_not_replaced(tmp_path):
    """Run as root, a rename over /dev/stdout replaced the system's link with a
    plain file ("Bad file descriptor" for every later program).  Whatever fd 1
    is (here a file the shell would append to), -o /dev/stdout is refused."""
    before = os.readlink("/dev/stdout")
    appended = tmp_path / "log.jsonl"
    appended.write_text("kept\n", encoding="utf-8")
    with open(appended, "a", encoding="utf-8") as fh:
        r = subprocess.run([sys.executable, "-m", "extractor", "extract", str(_article(tmp_path)),
                            "-o", "/dev/stdout", "--workers", "1"],
                           stdout=fh, stderr=subprocess.PIPE, text=True, timeout=120)
    assert r.returncode == 1 and "-o /dev/stdout: names an open file descriptor" in r.stderr
    assert "leave out -o (or give -o -)" in r.stderr
    assert os.readlink("/dev/stdout") == before
    assert appended.read_text(encoding="utf-8") == "kept\n"


def test_a_mistyped_input_path_keeps_the_previous_output(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_bytes(PREVIOUS)
    r = cli("extract", tmp_path / "data" / "rwa", "-o", out, "--workers", "1", "--errors", tmp_path / "e.jsonl")
    assert r.returncode == 2
    assert "no input found" in r.stderr and "not replaced" in r.stderr
    assert out.read_bytes() == PREVIOUS
    assert not list(tmp_path.glob("out.jsonl.*"))  # no partial file, journal or lock left behind


# -- 2. two runs on the same -o -----------------------------------------------------------
def test_a_second_run_on_the_same_output_fails_at_once_naming_the_holder(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_bytes(PREVIOUS)
    with OutputLock(out):  # as a first run holds it
        t0 = time.monotonic()
        r = cli("extract", RAW, "-o", out, "--workers", "1")
        assert time.monotonic() - t0 < 30
    assert r.returncode == 1
    assert f"pid {os.getpid()}" in r.stderr and "being written by another run" in r.stderr
    assert out.read_bytes() == PREVIOUS


def test_two_real_runs_the_second_fails_the_first_completes(tmp_path):
    from test_cli import small_articles

    src = small_articles(tmp_path / "in.jsonl", 1500)
    full = tmp_path / "full.jsonl"
    full_run = cli("extract", src, "-o", full, "--workers", "1")
    assert full_run.returncode == 0, full_run.stderr[-500:]
    out = tmp_path / "out.jsonl"
    first = start("extract", src, "-o", out, "--workers", "1")
    wait_for_journal(first, tmp_path / "out.jsonl.partial.done", 20)
    second = cli("extract", src, "-o", out, "--workers", "1")
    assert second.returncode == 1 and f"pid {first.pid}" in second.stderr
    _, err = first.communicate(timeout=300)
    assert first.returncode == full_run.returncode, err[-500:]
    assert out.read_bytes() == full.read_bytes()
    assert not (tmp_path / "out.jsonl.lock").exists()


def test_no_rename_when_the_partial_file_is_not_this_runs(tmp_path, monkeypatch):
    """Another process replaced the partial file mid-run: the run must not
    rename it over OUT (it would report success for a foreign file)."""
    src = big_corpus(tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    out.write_bytes(PREVIOUS)
    real, seen = local.work, [0]

    def work(task, *a, **kw):
        seen[0] += 1
        if seen[0] == 20:
            partial = tmp_path / "out.jsonl.partial"
            partial.unlink()
            partial.write_bytes(b"someone else's half-written file\n")
        return real(task, *a, **kw)

    monkeypatch.setattr(local, "work", work)
    with pytest.raises(local.RunError, match="changed by another process"):
        run([src], out)
    assert out.read_bytes() == PREVIOUS


# -- 3. --resume mixing stale or foreign data -------------------------------------------------
def _interrupted(monkeypatch, paths, out, at=20, **kw):
    interrupt_after(monkeypatch, at)
    with pytest.raises(KeyboardInterrupt):
        run(paths, out, **kw)
    monkeypatch.undo()


def _docs(tmp_path: Path, n: int = 12) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    texts = list(RAW_TEXTS.values())
    for i in range(n):
        (d / f"d{i:02d}.txt").write_text(texts[i % 8], encoding="utf-8")
    return d


def test_resume_re_extracts_a_document_edited_after_the_kill(tmp_path, monkeypatch):
    d = _docs(tmp_path)
    out = tmp_path / "out.jsonl"
    _interrupted(monkeypatch, [d], out, at=8)
    # edit a document the interrupted run had finished
    (d / "d01.txt").write_text("On May 31, 2021, 77 cadres were rotated.", encoding="utf-8")
    summary = run([d], out, resume=True)
    run([d], tmp_path / "fresh.jsonl")
    assert out.read_bytes() == (tmp_path / "fresh.jsonl").read_bytes()
    assert summary.skipped == 1  # d00 only: from the changed d01 on, extracted again
    assert b'"value":77' in out.read_bytes()


def test_resume_with_other_paths_drops_the_documents_no_longer_in_the_input(tmp_path, monkeypatch):
    d = _docs(tmp_path)
    out = tmp_path / "out.jsonl"
    _interrupted(monkeypatch, [d], out, at=8)
    keep = [d / f"d{i:02d}.txt" for i in (0, 1, 2, 5, 9)]
    run(keep, out, resume=True)
    run(keep, tmp_path / "fresh.jsonl")
    assert out.read_bytes() == (tmp_path / "fresh.jsonl").read_bytes()
    ids = {json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert ids == {"d00", "d01", "d02", "d05", "d09"}


def test_resume_with_another_config_is_refused(tmp_path, monkeypatch):
    d = _docs(tmp_path)
    out = tmp_path / "out.jsonl"
    _interrupted(monkeypatch, [d], out, at=8)
    facts = ROOT / "pipelines" / "en_facts.cfg"
    with pytest.raises(local.RunError, match="pipeline config differs"):
        run([d], out, resume=True, config=str(facts))
    r = cli("extract", d, "-o", out, "--resume", "--config", facts, "--workers", "1")
    assert r.returncode == 1 and "--resume refused" in r.stderr
    summary = run([d], out, resume=True)  # the same config still resumes
    assert summary.skipped >= 4


def test_resume_into_another_format_is_refused(tmp_path, monkeypatch):
    d = _docs(tmp_path)
    out = tmp_path / "out.data"
    _interrupted(monkeypatch, [d], out, at=8, fmt="jsonl")
    with pytest.raises(local.RunError, match="output format differs"):
        run([d], out, resume=True, fmt="csv")


# -- 4. hangs and crash loops -------------------------------------------------------------
def test_unknown_factory_fails_at_once_with_one_line(tmp_path):
    cfg = tmp_path / "bad.cfg"
    cfg.write_text((ROOT / "pipelines" / "en.cfg").read_text(encoding="utf-8").replace(
        'factory = "extractor_dates"', 'factory = "no_such_component"'), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_bytes(PREVIOUS)
    t0 = time.monotonic()
    r = cli("extract", RAW, "-o", out, "--config", cfg, "--workers", "2", timeout=120)
    assert time.monotonic() - t0 < 60
    assert r.returncode == 1, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "no_such_component" in lines[0] and "cannot build the pipeline" in lines[0]
    assert out.read_bytes() == PREVIOUS


@pytest.mark.parametrize("content", [None, "", "[nlp]\nlang = \"en\"\n", "not a config [[["],
                         ids=["/dev/null", "empty", "no pipeline", "garbage"])
def test_a_config_that_is_not_a_pipeline_is_one_clear_line(tmp_path, content):
    cfg = "/dev/null" if content is None else tmp_path / "c.cfg"
    if content is not None:
        cfg.write_text(content, encoding="utf-8")
    r = cli("extract", RAW / "001_18b55c52c9600963.txt", "--config", cfg, "--workers", "1")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert str(cfg) in lines[0]


def test_workers_dying_at_start_up_end_the_run_with_a_clear_error(tmp_path, monkeypatch):
    def die(*args, **kw):
        os._exit(3)

    monkeypatch.setattr(local, "_init_worker", die)
    out = tmp_path / "out.jsonl"
    out.write_bytes(PREVIOUS)
    t0 = time.monotonic()
    with pytest.raises(local.WorkerError, match="worker process died"):
        run([RAW], out, workers=2)
    assert time.monotonic() - t0 < 60
    assert out.read_bytes() == PREVIOUS


def test_a_worker_killed_mid_run_ends_the_run(tmp_path):
    from test_cli import small_articles

    src = small_articles(tmp_path / "in.jsonl", 3000)
    out = tmp_path / "out.jsonl"
    proc = start("extract", src, "-o", out, "--workers", "2")
    wait_for_journal(proc, tmp_path / "out.jsonl.partial.done", 20)
    kids = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert kids, "no worker processes"
    os.kill(int(kids[0]), 9)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and "worker process died" in err, err
    assert not out.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX")
def test_dask_without_workers_stops_with_a_message(tmp_path):
    distributed = pytest.importorskip("distributed")
    from extractor.engines import dask as dask_engine

    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        t0 = time.monotonic()
        with pytest.raises(local.RunError, match="no Dask worker"):
            dask_engine.run([str(RAW)], str(tmp_path / "out.jsonl"), client=client, worker_timeout=2)
        assert time.monotonic() - t0 < 30
    assert not (tmp_path / "out.jsonl").exists()


# -- lower bounds ---------------------------------------------------------------------------
def _lower_bound(name: str) -> tuple:
    import re

    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    m = re.search(rf'"{name}>=([0-9.]+)', text)
    assert m, name
    return tuple(int(x) for x in m.group(1).split("."))


def test_declared_lower_bounds_are_the_verified_ones():
    """spaCy 3.7 and pydantic 2.5 crashed at import or in the workers; the
    bounds are now the lowest versions the suite was run with (README)."""
    assert _lower_bound("spacy") >= (3, 8, 13)
    assert _lower_bound("pydantic") >= (2, 7)
