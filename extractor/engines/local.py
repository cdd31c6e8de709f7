"""The local engine: one process or a pool of processes on this machine.

Articles stream through (the corpus is never held in memory); results come
back in input order, so the output is the same bytes whatever ``workers`` is.
An article longer than ``PART_CHARS`` characters is processed in parts (cut
at line breaks), which the pool shares out; the records' offsets are moved
back onto the whole text, so they stay exact, and each part's records are
written as they come (a 50 MB article never has all its records in memory).
Only an article over ``PART_CHARS`` (1M characters) is cut; a mention that
crosses a cut is lost (a cut falls inside a line only when no line break is
near), and article-wide context (the locality that decides a TU symbol's
issuer) is that of the part.

Errors: one bad article never costs the others.  Each error is a dict
``{"doc_id", "path", "stage", "line", "reason"}`` (plus ``"rule"`` for a
record that failed validation): stages ``input`` (a path that matches
nothing, a duplicate doc_id), ``read`` (permissions, ``--max-bytes``),
``decode`` (not UTF-8), ``parse`` (a bad ``.jsonl`` line), ``extract`` (a
rule raised) and ``validate`` (a rule made a record that fails the
contract; the record is not written).

Durability: records go to ``<out>.partial`` and each finished document is
noted in ``<out>.partial.done`` (its id, the byte size of the partial file
after it, and its errors).  At the end the partial file is renamed over
``<out>``, so after a kill ``<out>`` holds the previous complete file (or
nothing), never a half-written one.  ``resume=True`` truncates the partial
file to the last finished document, skips the documents already done
(reporting their errors again) and goes on: the final output, errors and
exit status are those of an uninterrupted run.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing as mp
import os
import signal
import sys
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

import regex

from extractor.readers import DEFAULT_MAX_BYTES, Article, InputOptions, LoadError, load_paths
from extractor.jsonl import AtomicWriter, dumps, record_line
from extractor.records import shift_record

# Longest text given to spaCy at once (its default ``nlp.max_length``).
PART_CHARS = 1_000_000


class RunError(Exception):
    """The run cannot be carried out (a usage error: exit status 1)."""


@dataclass
class DocOutput:
    """What one article gave, ready to write: JSONL lines and errors."""

    doc_id: str
    lines: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    # "article"; "load_error" (nothing was extracted); "done" (--resume: its
    # lines are already in the partial file, its errors are the journal's)
    origin: str = "article"


@dataclass
class RunSummary:
    documents: int = 0
    records: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 2 if self.errors else 0


@dataclass
class _Done:
    """A document the interrupted run finished (``--resume``)."""

    doc_id: str
    errors: list[dict]


_NEWLINES = regex.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")


def one_line(reason: str) -> str:
    """Errors are one line each (stderr and the errors file)."""
    return _NEWLINES.sub(" | ", str(reason)).strip()


def error_dict(doc_id: Optional[str], path: str, stage: str, reason: str,
               line: Optional[int] = None, rule: Optional[str] = None) -> dict:
    err = {"doc_id": doc_id, "path": path, "stage": stage, "line": line, "reason": one_line(reason)}
    if rule:
        err["rule"] = rule
    return err


# -- long articles in parts -----------------------------------------------------
_LAST_BREAK = regex.compile(r"(?r)\n")
_LAST_SENTENCE_END = regex.compile(r"(?r)[.!?;:][\"'”’)\]]*\s")
_LAST_SPACE = regex.compile(r"(?r)\s")


def split_text(text: str, size: Optional[int] = None) -> list[tuple[int, int]]:
    """(start, end) of the parts a text is processed in: the whole text when
    it has at most ``size`` characters, else parts of at most ``size``, each
    cut after the last line break in the second half of its window, else
    after a sentence end, else at a space, else anywhere."""
    size = size or PART_CHARS
    bounds, pos, n = [], 0, len(text)
    while n - pos > size:
        lo, hi = pos + size // 2, pos + size
        cut = None
        for rx in (_LAST_BREAK, _LAST_SENTENCE_END, _LAST_SPACE):
            m = rx.search(text, lo, hi)
            if m:
                cut = m.end()
                break
        cut = cut or hi
        bounds.append((pos, cut))
        pos = cut
    bounds.append((pos, n))
    return bounds


# -- per-article work (runs in workers) ----------------------------------------
_EXTRACTOR = None
_CONFIG: Optional[str] = None


def _init_worker(config: Optional[str], pool: bool = False) -> None:
    global _EXTRACTOR, _CONFIG
    if pool:  # Ctrl-C is the parent's to handle: it stops the pool
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    from extractor.pipeline import Extractor

    _CONFIG = config
    _EXTRACTOR = Extractor(config)


Task = tuple  # (Article | LoadError | _Done, offset of the part, last part?)


def tasks_of(item: Union[Article, LoadError, _Done], size: Optional[int] = None) -> Iterator[Task]:
    """The pieces of work of one item: an article in parts when it is long."""
    size = size or PART_CHARS
    if not isinstance(item, Article) or len(item.text) <= size:
        yield item, 0, True
        return
    bounds = split_text(item.text, size)
    for k, (start, end) in enumerate(bounds):
        yield replace(item, text=item.text[start:end]), start, k == len(bounds) - 1


def _where_raised(exc: BaseException) -> str:
    """The innermost frame of the project's code in a traceback."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(frame.filename).startswith(package):
            rel = os.path.relpath(frame.filename, os.path.dirname(package))
            where = f"{rel}:{frame.lineno} in {frame.name}"
    return where


def work(task: Task, config: Optional[str] = None) -> tuple[DocOutput, bool]:
    """One piece of work -> (its output, whether it is the article's last part).
    Never raises for a bad article."""
    item, offset, last = task
    if isinstance(item, LoadError):
        err = error_dict(item.doc_id, item.path, item.stage, item.reason, item.line)
        return DocOutput(item.doc_id or "", [], [err], origin="load_error"), True
    if isinstance(item, _Done):
        return DocOutput(item.doc_id, [], list(item.errors), origin="done"), True
    if _EXTRACTOR is None or _CONFIG != config:
        _init_worker(config)
    part = f" (in the part at characters {offset}-{offset + len(item.text)})" if offset or not last else ""
    try:
        result = _EXTRACTOR.extract(item)
    except Exception as e:  # a bug in a rule must not cost the batch
        where = _where_raised(e)
        return DocOutput(item.doc_id, [], [error_dict(
            item.doc_id, item.path, "extract", f"{type(e).__name__}: {e}{part}", item.line,
            rule=where or None)]), last
    lines, errors = [], []
    for err in result.errors:
        errors.append(error_dict(item.doc_id, item.path, "validate",
                                 str(replace(err, start=_plus(err.start, offset), end=_plus(err.end, offset))),
                                 item.line, rule=err.rule or "?"))
    for rec in result.records:
        try:
            lines.append(record_line(shift_record(rec, offset)))
        except Exception as e:  # e.g. a value that is not JSON (NaN, an object)
            errors.append(error_dict(
                item.doc_id, item.path, "validate",
                f"record from rule {rec.rule} at {rec.start_char + offset}-{rec.end_char + offset} "
                f"cannot be written as JSON: {type(e).__name__}: {e}", item.line, rule=rec.rule or "?"))
    return DocOutput(item.doc_id, lines, errors), last


def _plus(v, offset: int):
    return v + offset if isinstance(v, int) else v


def _join(parts: list[DocOutput]) -> DocOutput:
    """The output of an article from the outputs of its parts.  When a part
    raised, the article failed: none of its records are written."""
    if len(parts) == 1:
        return parts[0]
    out = DocOutput(parts[0].doc_id, [], [], parts[0].origin)
    for p in parts:
        out.lines.extend(p.lines)
        out.errors.extend(p.errors)
    if any(e["stage"] == "extract" for e in out.errors):
        out.lines = []
    return out


def _merge(results: Iterable[tuple[DocOutput, bool]]) -> Iterator[DocOutput]:
    parts: list[DocOutput] = []
    for out, last in results:
        parts.append(out)
        if last:
            yield _join(parts)
            parts = []


def process(item: Union[Article, LoadError], config: Optional[str] = None) -> DocOutput:
    """One article -> its record lines and errors (never raises)."""
    return next(_merge(work(t, config) for t in tasks_of(item)))


def _work_in_pool(task: Task) -> tuple[DocOutput, bool]:
    return work(task, _CONFIG)


def map_parts(items: Iterable[Union[Article, LoadError]], workers: int = 1,
              config: Optional[str] = None, chunksize: int = 4) -> Iterator[tuple[DocOutput, bool]]:
    """Process articles in input order, with ``workers`` processes: the
    output of each piece of work (a long article gives several) and whether
    it is its article's last.  ``chunksize`` 4: small enough that the parts of
    a long article (1M characters each) are shared out among the workers,
    large enough to keep the pool's overhead low (2 workers, 2,000 articles:
    1.60x with 1, 1.75x with 4, 1.78x with 16)."""
    tasks = (t for item in items for t in tasks_of(item))
    head = list(itertools.islice(tasks, 2)) if workers > 1 else []
    if workers <= 1 or len(head) < 2:  # one piece of work: no pool to start
        yield from (work(t, config) for t in itertools.chain(head, tasks))
        return
    tasks = itertools.chain(head, tasks)
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(config, True)) as pool:
        yield from pool.imap(_work_in_pool, tasks, chunksize=chunksize)


def map_outputs(items: Iterable[Union[Article, LoadError]], workers: int = 1,
                config: Optional[str] = None, chunksize: int = 4) -> Iterator[DocOutput]:
    """Process articles in input order, with ``workers`` processes."""
    yield from _merge(map_parts(items, workers, config, chunksize))


# -- the run -------------------------------------------------------------------
def _journal_paths(out: Path) -> tuple[Path, Path]:
    return out.with_name(out.name + ".partial"), out.with_name(out.name + ".partial.done")


def _read_journal(done_path: Path) -> tuple[dict[str, list], int, int]:
    """(documents already done -> their errors, the partial file's size
    after the last of them, the journal's length up to its last whole line)."""
    done: dict[str, list] = {}
    size = good = 0
    if not done_path.exists():
        return done, 0, 0
    with open(done_path, "rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break  # a torn last line: everything before it stands
            try:
                entry = json.loads(raw)
                doc_id, entry_size = entry["doc_id"], int(entry["size"])
            except (ValueError, KeyError, TypeError):
                break
            done[doc_id] = entry.get("errors") or []
            size = entry_size
            good += len(raw)
    return done, size, good


def _unique_ids(items: Iterable[Union[Article, LoadError]]) -> Iterator[Union[Article, LoadError]]:
    """A doc_id seen before (another file, another .jsonl) is an error: the
    records of the first are kept."""
    first: dict[str, str] = {}
    for item in items:
        if isinstance(item, Article):
            if item.doc_id in first:
                yield LoadError(item.path, f"duplicate doc_id {item.doc_id!r} (first in "
                                f"{first[item.doc_id]}); the records of the first are kept",
                                doc_id=item.doc_id, stage="input", line=item.line)
                continue
            first[item.doc_id] = item.where
        yield item


def _check_output(out: Path, errors_path: Optional[str]) -> None:
    if out.is_dir():
        raise RunError(f"-o {out}: is a directory")
    if errors_path and Path(errors_path).is_dir():
        raise RunError(f"--errors {errors_path}: is a directory")
    if errors_path and Path(errors_path).resolve() == out.resolve():
        raise RunError("--errors and -o are the same file")


def run(paths: Iterable[str], out: Optional[str], *, config: Optional[str] = None,
        workers: int = 1, max_bytes: int = DEFAULT_MAX_BYTES, errors_path: Optional[str] = None,
        resume: bool = False, progress: bool = False,
        on_error: Optional[Callable[[dict], None]] = None,
        select: Optional[Callable[[Article], bool]] = None,
        mapper: Optional[Callable[..., Iterable[DocOutput]]] = None,
        inputs: Optional[InputOptions] = None) -> RunSummary:
    """Extract every article under ``paths`` into ``out`` (``None`` or
    ``"-"``: stdout).  ``select`` keeps only the articles it is true of
    (errors are always reported).  ``mapper(items, workers=, config=)``
    replaces ``map_outputs`` (the items -> DocOutputs in input order; the
    dask engine's runs on a cluster).  ``inputs``: how the readers read
    (``--input-format``, where HTML texts are kept, what a scan skipped).  Raises RunError (or OSError) when the
    run cannot start; ``out`` is then untouched."""
    summary = RunSummary()
    paths = list(paths)
    to_stdout = out in (None, "-")
    exclude = [p for p in ((None if to_stdout else out), errors_path) if p]
    items: Iterable = _unique_ids(load_paths(paths, max_bytes=max_bytes, exclude=exclude, options=inputs))
    if select is not None:
        items = (it for it in items if not isinstance(it, Article) or select(it))

    done: dict[str, list] = {}
    writer = journal = err_writer = None
    if not to_stdout:
        out_path = Path(out)
        _check_output(out_path, errors_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        partial, done_path = _journal_paths(out_path)
        if resume and partial.exists():
            done, size, good = _read_journal(done_path)
            if size > partial.stat().st_size:  # the journal is ahead of the file: start again
                done, size, good = {}, 0, 0
            with open(partial, "r+b") as fh:
                fh.truncate(size)
            if done_path.exists():
                with open(done_path, "r+b") as fh:
                    fh.truncate(good)
        else:
            for p in (partial, done_path):
                if p.exists():
                    p.unlink()
        writer = AtomicWriter(out_path, tmp_path=partial, append=True)
        journal = open(done_path, "a", encoding="utf-8")
        if done:
            items = (_Done(it.doc_id, done[it.doc_id]) if isinstance(it, Article) and it.doc_id in done
                     else it for it in items)

    bar = None
    try:
        if errors_path:
            Path(errors_path).parent.mkdir(parents=True, exist_ok=True)
            err_writer = AtomicWriter(errors_path)
        if progress:
            from tqdm import tqdm

            bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True)
        if mapper is not None:
            parts: Iterable = ((o, True) for o in mapper(items, workers=workers, config=config))
        else:
            parts = map_parts(items, workers=workers, config=config)
        # The parts of a long article are written as they come (its records
        # are never all in memory); when one of them fails, the article's
        # records are taken back out of the partial file.
        doc: Optional[DocOutput] = None
        start = records = 0
        for part, last in parts:
            if doc is None:
                doc = DocOutput(part.doc_id, [], [], part.origin)
                start, records = (writer.tell() if writer is not None else 0), 0
            failed_before = any(e["stage"] == "extract" for e in doc.errors)
            doc.errors.extend(part.errors)
            if not failed_before:
                if any(e["stage"] == "extract" for e in part.errors):  # a rule raised: no records
                    if writer is not None:
                        writer.truncate(start)
                    doc.lines, records = [], 0
                elif part.lines:
                    records += len(part.lines)
                    if writer is not None:
                        writer.write("".join(part.lines))
                    else:
                        doc.lines.extend(part.lines)
            if not last:
                continue
            output, doc = doc, None
            for err in output.errors:
                summary.errors.append(err)
                if on_error:
                    on_error(err)
                if err_writer:
                    err_writer.write(dumps(err) + "\n")
            if bar is not None:
                bar.update(1)
            if output.origin == "done":
                summary.skipped += 1
                continue
            if output.errors and not records:
                summary.failed += 1
            else:
                summary.documents += 1
            summary.records += records
            if writer is None:
                sys.stdout.write("".join(output.lines))
            elif output.origin == "article":
                entry = {"doc_id": output.doc_id, "size": writer.tell()}
                if output.errors:
                    entry["errors"] = output.errors
                journal.write(dumps(entry) + "\n")
                journal.flush()
        if err_writer is not None:
            err_writer.commit()
        if writer is not None:
            writer.commit()
            journal.close()
            os.unlink(journal.name)
        else:
            sys.stdout.flush()
    finally:
        if bar is not None:
            bar.close()
        if err_writer is not None and not err_writer.fp.closed:
            err_writer.abort()
        if writer is not None and not writer.fp.closed:
            writer.fp.close()  # keep the partial file for --resume
        if journal is not None and not journal.closed:
            journal.close()
    return summary
