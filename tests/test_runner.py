"""The run (extractor/engines/local.py): errors file, exit status, atomic
output, --resume, long articles in parts, and a bug in a rule costing only
its own record or document."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from extractor.articles import Article
from extractor.components import dates as dates_component
from extractor.components import numbers as numbers_component
from extractor.components.base import Fact
from extractor.engines import local
from extractor.jsonl import record_line
from extractor.pipeline import extract_text
from extractor.schema import validate_record

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
RAW_TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))}
ERROR_KEYS = {"doc_id", "path", "stage", "line", "reason"}


def corpus(root: Path, bad: bool = True) -> Path:
    """Four good articles (two files, two .jsonl lines) and, with ``bad``,
    a Latin-1 file, a PDF, a bad .jsonl line and a missing text."""
    root.mkdir(parents=True, exist_ok=True)
    texts = list(RAW_TEXTS.values())
    (root / "a_good.txt").write_text(texts[0], encoding="utf-8")
    (root / "c_good.txt").write_bytes(codecs.BOM_UTF8 + texts[1].replace("\n", "\r\n").encode())
    lines = [json.dumps({"doc_id": "j1", "text": texts[2]}),
             json.dumps({"doc_id": "j2", "text": texts[3], "url": "https://x.vn/j2"})]
    if bad:
        (root / "b_latin1.txt").write_bytes("Thành: 12 cán".encode("latin-1"))
        (root / "d_scan.txt").write_bytes(b"%PDF-1.5\n...")
        lines[1:1] = ['{"doc_id": "j_bad", "text": ', json.dumps({"doc_id": "j_none"})]
    (root / "e_batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def run(paths, out, **kw):
    kw.setdefault("workers", 1)
    return local.run([str(p) for p in paths], str(out) if out else out, **kw)


def lines_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- errors and exit status ---------------------------------------------------
def test_all_good_exit_0_and_an_empty_errors_file(tmp_path):
    src = corpus(tmp_path / "in", bad=False)
    summary = run([src], tmp_path / "out.jsonl", errors_path=str(tmp_path / "errors.jsonl"))
    assert summary.exit_code == 0 and summary.errors == []
    assert (summary.documents, summary.failed) == (4, 0)
    assert (tmp_path / "errors.jsonl").read_bytes() == b""
    recs = lines_of(tmp_path / "out.jsonl")
    assert len(recs) == summary.records > 0
    assert sorted({r["doc_id"] for r in recs}) == ["a_good", "c_good", "j1", "j2"]


def test_bad_documents_are_errors_and_the_others_are_written(tmp_path):
    src = corpus(tmp_path / "in")
    reported = []
    summary = run([src, tmp_path / "missing.txt"], tmp_path / "out.jsonl",
                  errors_path=str(tmp_path / "errors.jsonl"), on_error=reported.append)
    assert summary.exit_code == 2
    errors = lines_of(tmp_path / "errors.jsonl")
    assert errors == reported == summary.errors
    assert all(ERROR_KEYS <= set(e) for e in errors)
    got = [(Path(e["path"]).name, e["line"], e["doc_id"], e["stage"]) for e in errors]
    assert got == [
        ("b_latin1.txt", None, "b_latin1", "decode"),
        ("d_scan.txt", None, "d_scan", "decode"),
        ("e_batch.jsonl", 2, None, "parse"),
        ("e_batch.jsonl", 3, "j_none", "parse"),
        ("missing.txt", None, None, "input"),
    ]
    assert "byte 2" in errors[0]["reason"] and "PDF" in errors[1]["reason"]
    # the good documents are written exactly as without the bad ones
    good = run([corpus(tmp_path / "good", bad=False)], tmp_path / "good.jsonl")
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "good.jsonl").read_bytes()
    assert (summary.documents, summary.records) == (4, good.records)


def test_errors_are_one_line(tmp_path, monkeypatch):
    def explode(self, text, doc=None):
        raise ValueError("first line\nsecond line\r\nthird")

    monkeypatch.setattr(dates_component.DateFinder, "find", explode)
    (tmp_path / "x.txt").write_text("On May 5, 2021.", encoding="utf-8")
    summary = run([tmp_path / "x.txt"], tmp_path / "out.jsonl")
    (err,) = summary.errors
    assert "\n" not in err["reason"] and "\r" not in err["reason"]
    assert "first line | second line | third" in err["reason"]


# -- a bug in a rule ------------------------------------------------------------
def add_bad_fact(monkeypatch, make_fact):
    """Make the numbers component also emit ``make_fact(text)`` (a fact that
    is not a valid record) in each text holding the word TRIGGER."""
    real = numbers_component.NumberFinder.find

    def find(self, text, doc=None):
        facts = real(self, text, doc)
        if "TRIGGER" in text:
            facts.append(make_fact(text))
        return facts

    monkeypatch.setattr(numbers_component.NumberFinder, "find", find)


def trigger_corpus(root: Path) -> Path:
    root.mkdir()
    texts = list(RAW_TEXTS.values())
    (root / "a.txt").write_text(texts[0], encoding="utf-8")
    (root / "b.txt").write_text("TRIGGER here. " + texts[1], encoding="utf-8")
    (root / "c.txt").write_text(texts[2], encoding="utf-8")
    return root


@pytest.mark.parametrize("workers", [1, 2])
def test_record_failing_validation_is_an_error_naming_its_rule(tmp_path, monkeypatch, workers):
    add_bad_fact(monkeypatch, lambda text: Fact("count", text.index("TRIGGER"), text.index("TRIGGER") + 7,
                                                {"value": -5, "qualifier": "exact", "unit": "x"},
                                                rule="counts:test_bad_rule"))
    src = trigger_corpus(tmp_path / "in")
    summary = run([src], tmp_path / "out.jsonl", workers=workers, errors_path=str(tmp_path / "e.jsonl"))
    assert summary.exit_code == 2
    (err,) = summary.errors
    assert (err["doc_id"], err["stage"], err["rule"]) == ("b", "validate", "counts:test_bad_rule")
    assert "value" in err["reason"] and "0-7" in err["reason"]
    assert lines_of(tmp_path / "e.jsonl") == [err]
    recs = lines_of(tmp_path / "out.jsonl")
    assert not any(r.get("rule") == "counts:test_bad_rule" for r in recs)
    # the other records of b, and a and c, are written
    expected = {doc: len(extract_text((src / f"{doc}.txt").read_text(), doc)) for doc in "abc"}
    assert expected["b"] > 0
    assert {d: sum(r["doc_id"] == d for r in recs) for d in "abc"} == expected
    for r in recs:
        validate_record(r, (src / f"{r['doc_id']}.txt").read_text())


def test_record_that_is_not_json_is_an_error(tmp_path, monkeypatch):
    add_bad_fact(monkeypatch, lambda text: Fact(
        "ratio", text.index("TRIGGER"), text.index("TRIGGER") + 7,
        {"kind": "percent", "percent": float("inf"), "qualifier": "exact"}, rule="ratios:test_inf"))
    src = trigger_corpus(tmp_path / "in")
    summary = run([src], tmp_path / "out.jsonl")
    (err,) = summary.errors
    assert (err["stage"], err["rule"]) == ("validate", "ratios:test_inf")
    assert "finite number" in err["reason"]  # refused by the model, before JSON
    text = (tmp_path / "out.jsonl").read_text()
    assert "Infinity" not in text and "test_inf" not in text


@pytest.mark.parametrize("span,stage", [
    (lambda text: (len(text) - 3, len(text) + 40), "validate"),  # runs past the end of the text
    (lambda text: (10, 4), "validate"),                          # ends before it starts
    (lambda text: (None, "x"), None),                            # not offsets at all
])
def test_fact_with_broken_offsets_is_an_error_not_a_crash(tmp_path, monkeypatch, span, stage):
    add_bad_fact(monkeypatch, lambda text: Fact("count", *span(text), {"value": 1}, rule="counts:test_span"))
    src = trigger_corpus(tmp_path / "in")
    summary = run([src], tmp_path / "out.jsonl")
    (err,) = summary.errors
    assert err["doc_id"] == "b"
    if stage == "validate":
        assert (err["stage"], err["rule"]) == ("validate", "counts:test_span")
    else:  # the components' shared code trips over it first: the document fails
        assert err["stage"] in ("extract", "validate")
    assert {"a", "c"} <= {r["doc_id"] for r in lines_of(tmp_path / "out.jsonl")}


def test_rule_that_raises_fails_its_document_only(tmp_path, monkeypatch):
    real = dates_component.DateFinder.find

    def find(self, text, doc=None):
        if "TRIGGER" in text:
            return [1 / 0]
        return real(self, text, doc)

    monkeypatch.setattr(dates_component.DateFinder, "find", find)
    src = trigger_corpus(tmp_path / "in")
    summary = run([src], tmp_path / "out.jsonl")
    (err,) = summary.errors
    assert (err["doc_id"], err["stage"]) == ("b", "extract")
    assert err["reason"].startswith("ZeroDivisionError")
    assert "extractor/components/" in err["rule"]  # where in the project it raised
    assert (summary.documents, summary.failed) == (2, 1)
    assert sorted({r["doc_id"] for r in lines_of(tmp_path / "out.jsonl")}) == ["a", "c"]


# -- inputs -----------------------------------------------------------------------
def test_duplicate_doc_id_across_files_keeps_the_first(tmp_path):
    texts = list(RAW_TEXTS.values())
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text(texts[0], encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text(texts[1], encoding="utf-8")
    (tmp_path / "b" / "y.jsonl").write_text(json.dumps({"doc_id": "x", "text": "20 cadres"}) + "\n")
    summary = run([tmp_path / "a", tmp_path / "b"], tmp_path / "out.jsonl")
    assert [(e["stage"], e["doc_id"], Path(e["path"]).name, e["line"]) for e in summary.errors] == [
        ("input", "x", "x.txt", None), ("input", "x", "y.jsonl", 1)]
    assert "first in" in summary.errors[0]["reason"]
    recs = lines_of(tmp_path / "out.jsonl")
    assert len(recs) == len(extract_text(texts[0], "x"))


def test_an_output_where_the_run_reads_articles_is_refused(tmp_path):
    """Issue 12.1: an -o or --errors inside the input set would be read back
    (or overwrite an input): refused, nothing written."""
    src = corpus(tmp_path / "in", bad=False)
    for out, errors in ((src / "out.jsonl", None), (tmp_path / "out.jsonl", src / "errors.jsonl")):
        with pytest.raises(local.RunError, match="inside the input directory"):
            run([src], out, errors_path=str(errors) if errors else None)
        assert not out.exists() and not (errors and errors.exists())
    # a table beside the articles is not read as input: allowed
    assert run([src], src / "out.csv").exit_code == 0


def test_output_to_a_directory_is_a_usage_error(tmp_path):
    with pytest.raises(local.RunError):
        run([RAW], tmp_path)


def test_stdout_gets_the_same_lines(tmp_path, capsys):
    src = corpus(tmp_path / "in")
    run([src], tmp_path / "out.jsonl")
    capsys.readouterr()
    summary = run([src], None)
    assert capsys.readouterr().out == (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert summary.exit_code == 2


def test_workers_give_the_same_bytes_and_errors(tmp_path):
    src = corpus(tmp_path / "in")
    one = run([src], tmp_path / "one.jsonl", errors_path=str(tmp_path / "e1.jsonl"))
    two = run([src], tmp_path / "two.jsonl", workers=2, errors_path=str(tmp_path / "e2.jsonl"))
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert (tmp_path / "e1.jsonl").read_bytes() == (tmp_path / "e2.jsonl").read_bytes()
    assert one.errors == two.errors


# -- atomic output and --resume --------------------------------------------------------
PREVIOUS = b'{"previous": "complete file"}\n'


def big_corpus(path: Path, n: int = 40) -> Path:
    """``n`` articles in a .jsonl (some bad) and nothing else."""
    texts = list(RAW_TEXTS.values())
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            if i % 13 == 5:
                fh.write('{"doc_id": "broken", "text": \n')
            elif i % 17 == 9:
                fh.write(json.dumps({"doc_id": f"n{i}", "text": 7}) + "\n")
            else:
                fh.write(json.dumps({"doc_id": f"d{i:03d}", "text": texts[i % len(texts)]}) + "\n")
    return path


def interrupt_after(monkeypatch, n: int, exc=KeyboardInterrupt):
    """Make the run die (as on Ctrl-C) when it reaches its n-th piece of work."""
    real, seen = local.work, [0]

    def work(task, *args, **kw):
        seen[0] += 1
        if seen[0] == n:
            raise exc()
        return real(task, *args, **kw)

    monkeypatch.setattr(local, "work", work)


@pytest.fixture(scope="module")
def resumable(tmp_path_factory):
    """(a corpus, and its uninterrupted run's output bytes, errors bytes, summary)."""
    root = tmp_path_factory.mktemp("full")
    src = big_corpus(root / "in.jsonl")
    summary = run([src], root / "out.jsonl", errors_path=str(root / "errors.jsonl"))
    return src, (root / "out.jsonl").read_bytes(), (root / "errors.jsonl").read_bytes(), summary


@pytest.mark.parametrize("exc", [KeyboardInterrupt, MemoryError, SystemExit])
def test_interrupted_run_keeps_the_previous_output_and_resume_completes_it(tmp_path, monkeypatch, exc, resumable):
    src, want_out, want_errors, want = resumable
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    out.write_bytes(PREVIOUS)
    errors.write_bytes(b"previous errors\n")
    interrupt_after(monkeypatch, 25, exc)
    with pytest.raises(exc):
        run([src], out, errors_path=str(errors))
    monkeypatch.undo()
    assert out.read_bytes() == PREVIOUS and errors.read_bytes() == b"previous errors\n"
    journal = (tmp_path / "out.jsonl.partial.done").read_text().splitlines()[1:]  # after the run's identity
    assert 15 <= len(journal) < 25
    assert not list(tmp_path.glob(".errors.jsonl.*.tmp"))  # the errors temp file is cleaned up

    summary = run([src], out, errors_path=str(errors), resume=True)
    assert out.read_bytes() == want_out
    assert errors.read_bytes() == want_errors  # errors of the documents done before are reported again
    assert summary.exit_code == want.exit_code == 2
    assert summary.skipped == len(journal)
    assert summary.documents + summary.failed + summary.skipped == want.documents + want.failed
    assert not (tmp_path / "out.jsonl.partial").exists()
    assert not (tmp_path / "out.jsonl.partial.done").exists()


def interrupted_run(monkeypatch, src, out):
    """A run stopped by Ctrl-C after 20 documents; returns the output path."""
    interrupt_after(monkeypatch, 20)
    with pytest.raises(KeyboardInterrupt):
        run([src], out)
    monkeypatch.undo()
    return out


def test_the_journal_is_written_per_batch_and_never_ahead_of_the_file(tmp_path, monkeypatch, resumable):
    """Finished documents are flushed in batches (FLUSH_DOCS), the writer's
    data before the journal entries that point into it: at any moment (a
    kill -9), the journal on disk names only checkpoints the partial file on
    disk has reached."""
    src, want_out = resumable[:2]
    out = tmp_path / "out.jsonl"
    partial, journal = tmp_path / "out.jsonl.partial", tmp_path / "out.jsonl.partial.done"
    monkeypatch.setattr(local, "FLUSH_DOCS", 4)
    monkeypatch.setattr(local, "FLUSH_SECONDS", 1e9)
    real, seen = local.work, []

    def work(task, *args, **kw):  # runs between documents: look at the files on disk
        if journal.exists():
            entries = journal.read_bytes().splitlines()[1:]
            seen.append(len(entries))
            if entries:
                assert json.loads(entries[-1])["ck"] <= partial.stat().st_size
        return real(task, *args, **kw)

    monkeypatch.setattr(local, "work", work)
    local.run([src], out)
    assert out.read_bytes() == want_out
    assert max(seen) >= 8 and all(n % 4 == 0 for n in seen)  # whole batches only


def test_resume_after_a_torn_journal_line_and_unjournaled_bytes(tmp_path, monkeypatch, resumable):
    src, want_out = resumable[:2]
    out = interrupted_run(monkeypatch, src, tmp_path / "out.jsonl")
    with open(tmp_path / "out.jsonl.partial", "ab") as fh:  # written, not yet journaled
        fh.write(b'{"schema_version":"1","doc_id":"half')
    with open(tmp_path / "out.jsonl.partial.done", "ab") as fh:  # killed mid-line
        fh.write(b'{"doc_id": "d0')
    run([src], out, resume=True)
    assert out.read_bytes() == want_out


def test_resume_when_the_journal_is_ahead_of_the_file_starts_again(tmp_path, monkeypatch, resumable):
    src, want_out = resumable[:2]
    out = interrupted_run(monkeypatch, src, tmp_path / "out.jsonl")
    (tmp_path / "out.jsonl.partial").write_bytes(b"")  # lost (e.g. a disk that lied)
    summary = run([src], out, resume=True)
    assert out.read_bytes() == want_out and summary.skipped == 0


def test_resume_with_nothing_to_resume_is_a_full_run(tmp_path, resumable):
    src, want_out = resumable[:2]
    out = tmp_path / "out.jsonl"
    out.write_bytes(PREVIOUS)
    summary = run([src], out, resume=True)
    assert out.read_bytes() == want_out and summary.skipped == 0


def test_a_new_run_discards_an_old_partial(tmp_path, monkeypatch, resumable):
    src, want_out = resumable[:2]
    out = interrupted_run(monkeypatch, src, tmp_path / "out.jsonl")
    run([src], out)  # not --resume: starts from scratch
    assert out.read_bytes() == want_out


def test_new_output_file_gets_normal_permissions(tmp_path):
    out = tmp_path / "out.jsonl"
    run([RAW], out, errors_path=str(tmp_path / "errors.jsonl"))
    assert (tmp_path / "errors.jsonl").stat().st_mode & 0o044  # not mkstemp's 0600


# -- long articles in parts ----------------------------------------------------------------
def test_split_text_parts_cover_the_text_and_cut_at_line_breaks():
    text = "".join(f"Paragraph {i} has 12 cadres.\n" for i in range(500))
    bounds = local.split_text(text, 1000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert all(0 < e - s <= 1000 for s, e in bounds)
    assert all(text[e - 1] == "\n" for _, e in bounds[:-1])


@pytest.mark.parametrize("text,cut_after", [
    ("One sentence. " * 200, ". "),   # no line break: after a sentence end
    ("word " * 600, " "),             # no sentence end: at a space
    ("x" * 3000, None),               # nothing: anywhere
])
def test_split_text_without_line_breaks(text, cut_after):
    bounds = local.split_text(text, 1000)
    assert bounds[-1][1] == len(text) and all(0 < e - s <= 1000 for s, e in bounds)
    if cut_after:
        assert all(text[:e].endswith(cut_after) for _, e in bounds[:-1])


def test_short_text_is_one_part():
    assert local.split_text("abc", 1000) == [(0, 3)]
    assert local.split_text("", 1000) == [(0, 0)]


@pytest.mark.parametrize("workers", [1, 2])
def test_long_article_in_parts_has_exact_offsets(tmp_path, monkeypatch, workers):
    monkeypatch.setattr(local, "PART_CHARS", 10_000)
    para = RAW_TEXTS["001_18b55c52c9600963"].rstrip("\n") + "\n"
    per_copy = len(extract_text(para, "x"))
    assert 5000 < len(para) < 10_000 and per_copy > 0
    text = para * 12  # parts are cut at line breaks, inside copies too
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    summary = run([tmp_path / "long.txt"], tmp_path / "out.jsonl", workers=workers)
    recs = lines_of(tmp_path / "out.jsonl")
    assert summary.errors == [] and len(recs) == 12 * per_copy
    for r in recs:
        validate_record(r, text)
    starts = [r["start_char"] for r in recs]
    assert starts == sorted(starts) and len(local.split_text(text)) > 2


def dates_raise_on_trigger(monkeypatch):
    """Make the date rule raise on any text (or part) holding "TRIGGER"."""
    real = dates_component.DateFinder.find

    def find(self, text, doc=None):
        if "TRIGGER" in text:
            raise RuntimeError("boom")
        return real(self, text, doc)

    monkeypatch.setattr(dates_component.DateFinder, "find", find)


def test_long_article_with_a_failing_part_writes_nothing_of_it(tmp_path, monkeypatch):
    monkeypatch.setattr(local, "PART_CHARS", 4000)
    dates_raise_on_trigger(monkeypatch)
    para = RAW_TEXTS["001_18b55c52c9600963"].rstrip("\n") + "\n"
    text = para * 3 + "TRIGGER\n" + para * 3
    out = local.process(Article("long", text, "long.txt"))
    assert out.lines == []
    (err,) = out.errors
    assert err["stage"] == "extract" and "in the part at characters" in err["reason"]


@pytest.mark.parametrize("workers", [1, 2])
def test_run_takes_back_the_written_parts_of_a_long_article_that_fails(tmp_path, monkeypatch, workers):
    monkeypatch.setattr(local, "PART_CHARS", 10_000)
    dates_raise_on_trigger(monkeypatch)
    para = RAW_TEXTS["001_18b55c52c9600963"].rstrip("\n") + "\n"
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(RAW_TEXTS["002_eff97a5cb8132c8b"], encoding="utf-8")
    (src / "b_long.txt").write_text(para * 4 + "TRIGGER\n" + para * 2, encoding="utf-8")
    (src / "c.txt").write_text(RAW_TEXTS["003_c60e74f335c009fb"], encoding="utf-8")
    summary = run([src], tmp_path / "out.jsonl", workers=workers)
    (err,) = summary.errors
    assert (err["doc_id"], err["stage"]) == ("b_long", "extract")
    (src / "b_long.txt").unlink()
    run([src], tmp_path / "without.jsonl")
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "without.jsonl").read_bytes()
    assert (summary.documents, summary.failed) == (2, 1)


def test_process_is_the_same_for_a_short_article():
    text = RAW_TEXTS["002_eff97a5cb8132c8b"]
    out = local.process(Article("d", text, "d.txt"))
    assert out.errors == []
    assert out.lines == [record_line(r) for r in extract_text(text, "d")]


def test_progress_bar_has_a_total_percent_and_eta(tmp_path, capsys):
    """Issue 10.6: the bar counts documents against a total counted before the run."""
    src = corpus(tmp_path / "in")
    assert local.estimate_documents([str(src)], []) == 8  # 4 files + 4 non-blank .jsonl lines
    run([src], tmp_path / "out.jsonl", progress=True)
    err = capsys.readouterr().err
    assert "100%" in err and "8/8" in err and "<00:00" in err
