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

Output: the records go to a writer (``extractor.writers``: JSONL, Parquet,
CSV); its ``encode`` runs in the workers, its instance here.  Durability:
the writer appends to ``<out>.partial`` and each finished document is noted
in ``<out>.partial.done`` (``engines/output.py``: the run's identity first,
then per document its id, the writer's checkpoint after it, its fingerprint
and its errors).  At the end the partial file becomes ``<out>`` in one
rename, only if the partial file and the journal are still this run's, so
after a kill ``<out>`` holds the previous complete file (or nothing), never
a half-written one; ``<out>.lock`` keeps a second run off the same output.
``resume=True`` refuses a journal of another config, model, format or
version, keeps the finished documents up to the first that changed (or left
the input), takes the partial file back to there and goes on: the final
output, errors and exit status are those of an uninterrupted run on the
current input.

The run is in pieces: ``_check_output`` (nothing is written over an input),
``_Sink`` (lock, writer, journal, --resume matching, the final rename),
``build_pipeline`` (once, before any worker), ``map_parts`` (the pool),
``_consume`` (the write loop) and ``run``, which strings them together.
"""

from __future__ import annotations

import glob as _glob
import itertools
import multiprocessing as mp
import os
import signal
import sys
import time
import traceback
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

import regex

from extractor.engines.output import (Journal, LockError, OutputLock, OutputTargetError, fingerprint,
                                      output_target, resume_mismatch, run_identity, same_document)
from extractor.jsonl import AtomicWriter, dumps
from extractor.readers import (DEFAULT_MAX_BYTES, Article, InputOptions, LoadError, _key, expand_paths,
                               load_paths, reader_for)
from extractor.records import shift_record
from extractor.writers import DEFAULT as DEFAULT_FORMAT
from extractor.writers import encoder, format_for, writer_class
from extractor.writers.parquet import require_pyarrow

# Longest text given to spaCy at once (its default ``nlp.max_length``).
PART_CHARS = 1_000_000

# The writer and then the journal are flushed once per this many finished
# documents, or when this many seconds have passed since the last flush (a
# kill loses at most that much work, which --resume does again).
FLUSH_DOCS = 64
FLUSH_SECONDS = 1.0


class RunError(Exception):
    """The run cannot be carried out (a usage error: exit status 1)."""


@dataclass
class DocOutput:
    """What one article gave, ready to write: its records, encoded by the
    writer's ``encode`` (JSONL lines, CSV lines, table rows), and its errors."""

    doc_id: str
    rows: list = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    # "article"; "load_error" (nothing was extracted); "done" (--resume: its
    # records are already in the partial file, its errors are the journal's)
    origin: str = "article"

    @property
    def lines(self) -> list:
        """The encoded records (JSONL lines with the default writer)."""
        return self.rows


@dataclass
class RunSummary:
    documents: int = 0
    records: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[dict] = field(default_factory=list)
    seen: int = 0          # documents found (articles and unreadable files, not missing paths)
    replaced: bool = True  # False: no input was found and the output was left as it was

    @property
    def exit_code(self) -> int:
        return 2 if self.errors or not self.replaced else 0


@dataclass
class _Done:
    """A document the interrupted run finished (``--resume``)."""

    doc_id: str
    errors: list[dict]
    entry: dict = field(default_factory=dict)


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
_FORMAT = DEFAULT_FORMAT


class PipelineError(RunError):
    """The pipeline could not be built (a bad config, an unknown component)."""


def build_pipeline(config=None):
    """The pipeline of ``config``, built here (in the parent, before any
    worker starts: a pool forked after this shares it).  A failure is one
    line: PipelineError."""
    global _EXTRACTOR, _CONFIG
    if _EXTRACTOR is not None and _CONFIG == config:
        return _EXTRACTOR
    from extractor.pipeline import Extractor

    try:
        ext = Extractor(config)
        from extractor.pipeline import AUTO, available_languages

        if ext.lang == AUTO and not ext.config:  # every language's pipeline, before the workers fork
            for lang in available_languages():
                ext.pipeline_for(lang)
    except Exception as e:  # any build error: one line, exit 1
        what = getattr(config, "config", config) or "the default config"
        raise PipelineError(f"cannot build the pipeline from {what}: {one_line(_brief(e))}") from e
    _EXTRACTOR, _CONFIG = ext, config
    return ext


def _brief(e: BaseException) -> str:
    text = str(e) or type(e).__name__
    lines = [ln for ln in str(text).splitlines() if ln.strip()]
    return f"{type(e).__name__}: {' '.join(lines[:3])[:400]}"


def _init_worker(config: Optional[str], fmt: str = DEFAULT_FORMAT, pool: bool = False) -> None:
    global _FORMAT
    if pool:  # Ctrl-C is the parent's to handle: it stops the pool
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _FORMAT = fmt
    build_pipeline(config)


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


def work(task: Task, config: Optional[str] = None, fmt: Optional[str] = None) -> tuple[DocOutput, bool]:
    """One piece of work -> (its output, whether it is the article's last
    part).  The records are handed to the writer of ``fmt`` (its ``encode``
    runs here).  Never raises for a bad article."""
    item, offset, last = task
    if isinstance(item, LoadError):
        err = error_dict(item.doc_id, item.path, item.stage, item.reason, item.line)
        return DocOutput(item.doc_id or "", [], [err], origin="load_error"), True
    if isinstance(item, _Done):
        return DocOutput(item.doc_id, [], list(item.errors), origin="done"), True
    extractor = build_pipeline(config)
    encode = encoder(fmt or _FORMAT)
    part = f" (in the part at characters {offset}-{offset + len(item.text)})" if offset or not last else ""
    try:
        result = extractor.extract(item)
    except Exception as e:  # a bug in a rule must not cost the batch
        where = _where_raised(e)
        return DocOutput(item.doc_id, [], [error_dict(
            item.doc_id, item.path, "extract", f"{type(e).__name__}: {e}{part}", item.line,
            rule=where or None)]), last
    rows, errors = [], []
    for err in result.errors:
        errors.append(error_dict(item.doc_id, item.path, "validate",
                                 str(replace(err, start=_plus(err.start, offset), end=_plus(err.end, offset))),
                                 item.line, rule=err.rule or "?"))
    for rec in result.records:
        try:
            rows.append(encode(shift_record(rec, offset)))
        except Exception as e:  # e.g. a value that is not JSON (NaN, an object)
            errors.append(error_dict(
                item.doc_id, item.path, "validate",
                f"record from rule {rec.rule} at {rec.start_char + offset}-{rec.end_char + offset} "
                f"cannot be written: {type(e).__name__}: {e}", item.line, rule=rec.rule or "?"))
    return DocOutput(item.doc_id, rows, errors), last


def _plus(v, offset: int):
    return v + offset if isinstance(v, int) else v


def _join(parts: list[DocOutput]) -> DocOutput:
    """The output of an article from the outputs of its parts.  When a part
    raised, the article failed: none of its records are written."""
    if len(parts) == 1:
        return parts[0]
    out = DocOutput(parts[0].doc_id, [], [], parts[0].origin)
    for p in parts:
        out.rows.extend(p.rows)
        out.errors.extend(p.errors)
    if any(e["stage"] == "extract" for e in out.errors):
        out.rows = []
    return out


def _merge(results: Iterable[tuple[DocOutput, bool]]) -> Iterator[DocOutput]:
    parts: list[DocOutput] = []
    for out, last in results:
        parts.append(out)
        if last:
            yield _join(parts)
            parts = []


def process(item: Union[Article, LoadError], config: Optional[str] = None,
            fmt: Optional[str] = None) -> DocOutput:
    """One article -> its encoded records and errors (never raises)."""
    return next(_merge(work(t, config, fmt) for t in tasks_of(item)))


def _work_chunk(tasks: list) -> list[tuple[DocOutput, bool]]:
    return [work(t, _CONFIG, _FORMAT) for t in tasks]


class WorkerError(RunError):
    """A worker process died (killed, out of memory, or it could not start)."""


def map_parts(items: Iterable[Union[Article, LoadError]], workers: int = 1,
              config: Optional[str] = None, chunksize: int = 4,
              fmt: str = DEFAULT_FORMAT) -> Iterator[tuple[DocOutput, bool]]:
    """Process articles in input order, with ``workers`` processes: the
    output of each piece of work (a long article gives several) and whether
    it is its article's last.  Work goes to the pool ``chunksize`` pieces at
    a time, at most ``2 x workers + 2`` chunks in flight (memory stays
    flat); 4 is small enough that the parts of a long article (1M characters
    each) are shared out, large enough to keep the pool's overhead low.
    The pipeline is built here first (fail fast); forked workers share it.
    A worker that dies ends the run with WorkerError (never a hang or a
    restart loop)."""
    build_pipeline(config)
    tasks = (t for item in items for t in tasks_of(item))
    head = list(itertools.islice(tasks, 2)) if workers > 1 else []
    if workers <= 1 or len(head) < 2:  # one piece of work: no pool to start
        yield from (work(t, config, fmt) for t in itertools.chain(head, tasks))
        return
    tasks = itertools.chain(head, tasks)
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(config, fmt, True))
    pending: deque = deque()
    try:
        for chunk in iter(lambda: list(itertools.islice(tasks, chunksize)), []):
            try:
                pending.append(pool.submit(_work_chunk, chunk))
            except BrokenProcessPool as e:
                raise _worker_error(e) from e
            while len(pending) >= 2 * workers + 2:
                yield from _chunk_result(pending.popleft())
        while pending:
            yield from _chunk_result(pending.popleft())
    finally:
        for f in pending:
            f.cancel()
        pool.shutdown(wait=False, cancel_futures=True)


def _worker_error(e: BaseException) -> WorkerError:
    return WorkerError(f"a worker process died (killed, out of memory, or it could not start: "
                       f"{one_line(_brief(e.__cause__ or e))}); the run stopped")


def _chunk_result(future) -> list:
    try:
        return future.result()
    except BrokenProcessPool as e:
        raise _worker_error(e) from e


def map_outputs(items: Iterable[Union[Article, LoadError]], workers: int = 1,
                config: Optional[str] = None, chunksize: int = 4,
                fmt: str = DEFAULT_FORMAT) -> Iterator[DocOutput]:
    """Process articles in input order, with ``workers`` processes."""
    yield from _merge(map_parts(items, workers, config, chunksize, fmt))


# -- the run -------------------------------------------------------------------
def _journal_paths(out: Path) -> tuple[Path, Path]:
    return out.with_name(out.name + ".partial"), out.with_name(out.name + ".partial.done")


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


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def check_not_input(target: str, what: str, paths: list[str]) -> None:
    """Refuse (RunError) an output file that is one of the inputs, or lies
    where this run reads articles (an input directory, for a name it would
    read: .txt, .jsonl, .html ...): writing it would destroy an input or feed the
    output back in on the next run."""
    t = Path(_key(Path(target)))
    for p in paths:
        path = Path(p)
        try:
            if path.is_dir():
                if _is_within(t, Path(_key(path))) and reader_for(t) is not None:
                    raise RunError(f"{what} {target}: inside the input directory {p} (it would be read "
                                   f"as articles); write it elsewhere")
                continue
            matches = [path] if path.exists() else (
                [Path(f) for f in _glob.glob(p, recursive=True)] if _glob.has_magic(p) else [])
        except OSError:
            continue
        if any(Path(_key(m)) == t for m in matches):
            raise RunError(f"{what} {target}: is an input of this run (it would be overwritten); "
                           f"write it elsewhere")


def _check_output(out: Path, errors_path: Optional[str], paths: list[str]) -> tuple[str, Optional[str]]:
    """Refuse an OUT or --errors the run must not write (RunError); return
    both as they will be written (``output.output_target``: symlinks followed)."""
    try:
        out = Path(output_target(out, "-o"))
        if errors_path:
            errors_path = output_target(errors_path, "--errors")
    except OutputTargetError as e:
        raise RunError(str(e)) from None
    if out.is_dir():
        raise RunError(f"-o {out}: is a directory")
    if errors_path and Path(errors_path).is_dir():
        raise RunError(f"--errors {errors_path}: is a directory")
    if errors_path and Path(errors_path).resolve() == out.resolve():
        raise RunError("--errors and -o are the same file")
    check_not_input(str(out), "-o", paths)
    if errors_path:
        check_not_input(errors_path, "--errors", paths)
    return str(out), errors_path


class _Sink:
    """Where finished documents go: a writer with its partial file, lock and
    journal (``-o FILE``), or stdout."""

    def __init__(self, out: Optional[str], fmt: str, lock: Optional[OutputLock] = None):
        """Takes the lock on OUT (RunError naming the holder when another run
        has it); nothing is written before ``open``."""
        self.to_stdout = out in (None, "-")
        self.fmt = fmt
        self.entries: list[dict] = []  # the interrupted run's finished documents (--resume)
        self.matched = 0               # how many of them this run keeps
        self.rewound = False
        self.writer = self.journal = self.lock = None
        self.own_lock = False
        self.unflushed, self.flushed_at = 0, time.monotonic()
        if self.to_stdout:
            if not writer_class(fmt).streams:
                raise RunError(f"{fmt} output needs -o FILE (it cannot be streamed to stdout)")
            return
        self.out = Path(out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.lock = lock or OutputLock(self.out).acquire()
        except LockError as e:
            raise RunError(str(e)) from None
        self.own_lock = lock is None

    def open(self, identity: dict, resume: bool) -> None:
        if self.to_stdout:
            sys.stdout.write(writer_class(self.fmt)().stream_header())
            return
        self._open(identity, resume)

    def _open(self, identity: dict, resume: bool) -> None:
        partial, done_path = _journal_paths(self.out)
        self.writer = writer_class(self.fmt)()
        self.journal = Journal(done_path)
        if resume and partial.exists():
            old, entries = self.journal.read()
            if old is None:
                raise RunError(f"--resume: {done_path} does not say which run it belongs to (missing, "
                               f"torn or from an older version); run again without --resume")
            why = resume_mismatch(old, identity)
            if why:
                raise RunError(f"--resume refused: {why}; run again without --resume to start over")
            self.writer.partial = partial
            if entries and not self.writer.valid(entries[-1]["ck"]):
                entries = []  # the journal is ahead of the file (a disk that lied): start again
            self.entries = entries
            self.writer.open(partial, resume=entries[-1]["ck"] if entries else self.writer.start())
            self.journal.start(identity, entries)
        else:
            for p in (partial, done_path):
                if p.exists():
                    p.unlink()
            self.writer.open(partial)
            self.journal.start(identity)

    def mark_done(self, items: Iterable) -> Iterator:
        """Items with the interrupted run's finished documents as ``_Done``:
        the longest run of documents, in input order, that are the journal's
        (same doc_id, path, line, size and content hash).  From the first
        one that differs (changed, new, or gone from the input) on,
        everything is extracted again."""
        entries, j = self.entries, 0
        for item in items:
            if isinstance(item, Article) and j == self.matched < len(entries):
                e = entries[j]
                if e["doc_id"] == item.doc_id and same_document(e.get("fp"), fingerprint(item)):
                    self.matched = j = j + 1
                    yield _Done(item.doc_id, e.get("errors") or [], e)
                    continue
                j = -1  # no more matching
            yield item

    def rewind(self) -> None:
        """Drop the interrupted run's documents after the matched ones (once,
        before this run writes its first new document)."""
        if self.rewound or self.writer is None:
            return
        self.rewound = True
        if self.matched < len(self.entries):
            ck = self.entries[self.matched - 1]["ck"] if self.matched else self.writer.start()
            self.writer.rollback(ck)
            self.journal.keep(self.matched)

    def mark(self):
        return self.writer.checkpoint() if self.writer is not None else None

    def write(self, rows: list) -> None:
        if self.writer is not None:
            self.writer.write(rows)

    def rollback(self, mark) -> None:
        if self.writer is not None:
            self.writer.rollback(mark)

    def document_done(self, output: DocOutput, fp: Optional[dict]) -> None:
        if self.writer is None:
            sys.stdout.write("".join(output.rows))
            return
        entry = {"doc_id": output.doc_id, "ck": self.writer.checkpoint(), "fp": fp}
        if output.errors:
            entry["errors"] = output.errors
        self.journal.add(entry)
        self.unflushed += 1
        if self.unflushed >= FLUSH_DOCS or time.monotonic() - self.flushed_at >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """The writer's data, then the journal entries that point into it
        (in that order: a kill between the two leaves the journal behind
        the file, never ahead of it)."""
        if self.writer is not None:
            self.writer.flush()
            self.journal.flush()
        self.unflushed, self.flushed_at = 0, time.monotonic()

    def commit(self) -> None:
        """Rename the partial file over OUT, only if the partial file and the
        journal are this run's own and the journal covers the file."""
        if self.writer is None:
            sys.stdout.flush()
            return
        self.rewind()
        self.flush()
        own = self.journal.is_ours() and self.writer.same_file() and \
            self.writer.checkpoint() == (self.journal_last_ck() or self.writer.start())
        if not own:
            raise RunError(f"{self.writer.partial} or its journal was changed by another process; "
                           f"{self.out} was not replaced")
        self.writer.commit(self.out)
        self.journal.remove()

    def journal_last_ck(self):
        _, entries = self.journal.read()
        return entries[-1]["ck"] if entries else None

    def discard(self) -> None:
        """No input was found: leave OUT as it was, remove this run's files."""
        if self.writer is None:
            return
        self.writer.close()
        for p in (self.writer.partial,):
            if p is not None and p.exists():
                p.unlink()
        self.journal.remove()

    def release(self) -> None:
        try:  # an interrupted run: what it finished stays done for --resume
            self.flush()
        except OSError:
            pass
        if self.writer is not None:
            self.writer.close()  # keep the partial file for --resume
        if self.journal is not None:
            self.journal.close()
        if self.lock is not None and self.own_lock:
            self.lock.release()


class _Progress:
    def __init__(self, enabled: bool, paths: list[str], exclude: list[str]):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=estimate_documents(paths, exclude), unit="doc", file=sys.stderr,
                            dynamic_ncols=True, smoothing=0.1)

    def update(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def estimate_documents(paths: list[str], exclude: list[str]) -> Optional[int]:
    """How many documents the run will see (files, and non-blank lines of
    .jsonl files): the progress bar's total, for its percent and ETA."""
    n = 0
    try:
        for src in expand_paths(paths, exclude):
            if isinstance(src, LoadError):
                n += 1
                continue
            if src.stream is not None:  # standard input: not known before
                return None
            reader = reader_for(src.path)
            if reader is None or reader.name != "jsonl":
                n += 1
                continue
            with src.open() as fh:
                n += sum(1 for line in fh if line.strip())
    except (OSError, EOFError):
        return None
    return n


def _consume(parts: Iterable[tuple[DocOutput, bool]], sink: _Sink, fps: deque,
             summary: RunSummary, report: Callable[[dict], None], progress: _Progress) -> None:
    """Write each finished document (in input order), note it in the journal,
    report its errors.  The parts of a long article are written as they come
    (its records are never all in memory); when one of them fails, the
    article's records are taken back out of the partial file."""
    doc: Optional[DocOutput] = None
    start = records = 0
    for part, last in parts:
        if doc is None:
            if part.origin == "article":
                sink.rewind()
            doc = DocOutput(part.doc_id, [], [], part.origin)
            start, records = sink.mark(), 0
        failed_before = any(e["stage"] == "extract" for e in doc.errors)
        doc.errors.extend(part.errors)
        if not failed_before:
            if any(e["stage"] == "extract" for e in part.errors):  # a rule raised: no records
                sink.rollback(start)
                doc.rows, records = [], 0
            elif part.rows:
                records += len(part.rows)
                if sink.to_stdout:
                    doc.rows.extend(part.rows)
                else:
                    sink.write(part.rows)
        if not last:
            continue
        output, doc = doc, None
        kind, fp = fps.popleft()
        for err in output.errors:
            report(err)
        progress.update()
        if kind != "input_error":
            summary.seen += 1
        if output.origin == "done":
            summary.skipped += 1
            continue
        if output.errors and not records:
            summary.failed += 1
        else:
            summary.documents += 1
        summary.records += records
        if output.origin == "article" or sink.to_stdout:
            sink.document_done(output, fp)


def _fingerprinted(items: Iterable, fps: deque, with_fp: bool) -> Iterator:
    """The items, each noted in ``fps`` (in order) with its fingerprint."""
    for item in items:
        if isinstance(item, _Done):
            fps.append(("done", item.entry.get("fp")))
        elif isinstance(item, Article):
            fps.append(("article", fingerprint(item) if with_fp else None))
        else:
            fps.append(("input_error" if item.stage == "input" else "error", None))
        yield item


def run(paths: Iterable[str], out: Optional[str], *, config: Optional[str] = None,
        workers: int = 1, max_bytes: int = DEFAULT_MAX_BYTES, errors_path: Optional[str] = None,
        resume: bool = False, progress: bool = False,
        on_error: Optional[Callable[[dict], None]] = None,
        select: Optional[Callable[[Article], bool]] = None,
        mapper: Optional[Callable[..., Iterable[DocOutput]]] = None,
        fmt: Optional[str] = None, lock: Optional[OutputLock] = None,
        inputs: Optional[InputOptions] = None) -> RunSummary:
    """Extract every article under ``paths`` into ``out`` (``None`` or
    ``"-"``: stdout) in ``fmt`` (jsonl, parquet, csv; default from the
    suffix of ``out``).  ``select`` keeps only the articles it is true of
    (errors are always reported).  ``mapper(items, workers=, config=, fmt=)``
    replaces ``map_outputs`` (the items -> DocOutputs in input order; the
    dask engine's runs on a cluster).  ``inputs``: how the readers read
    (``--input-format``, where HTML texts are kept, what a scan skipped).  Raises RunError (or OSError) when the
    run cannot start; ``out`` is then untouched."""
    paths = list(paths)
    to_stdout = out in (None, "-")
    try:
        fmt = format_for(None if to_stdout else out, fmt)
    except ValueError as e:
        raise RunError(str(e)) from None
    if not to_stdout:
        out, errors_path = _check_output(Path(out), errors_path, paths)
    if fmt == "parquet":
        try:
            require_pyarrow()
        except RuntimeError as e:
            raise RunError(str(e)) from None
    exclude = [p for p in ((None if to_stdout else out), errors_path) if p]
    summary = RunSummary()
    sink = _Sink(out, fmt, lock)  # the lock first: a second run on OUT fails at once
    err_writer = bar = None
    try:
        build_pipeline(config)  # fail fast: before any file is touched or worker started
        sink.open(run_identity(paths, config, fmt), resume)
        bar = _Progress(progress, paths, exclude)
        items: Iterable = _unique_ids(load_paths(paths, max_bytes=max_bytes, exclude=exclude, options=inputs))
        if select is not None:
            items = (it for it in items if not isinstance(it, Article) or select(it))
        items = sink.mark_done(items)
        fps: deque = deque()
        items = _fingerprinted(items, fps, not to_stdout)
        if errors_path:
            Path(errors_path).parent.mkdir(parents=True, exist_ok=True)
            err_writer = AtomicWriter(errors_path)

        def report(err: dict) -> None:
            summary.errors.append(err)
            if on_error:
                on_error(err)
            if err_writer:
                err_writer.write(dumps(err) + "\n")

        if mapper is not None:
            parts: Iterable = ((o, True) for o in mapper(items, workers=workers, config=config, fmt=fmt))
        else:
            parts = map_parts(items, workers=workers, config=config, fmt=fmt)
        _consume(parts, sink, fps, summary, report, bar)
        if summary.seen == 0 and not to_stdout:
            summary.replaced = False  # no input found: keep the previous output
            sink.discard()
            if err_writer is not None:
                err_writer.abort()
            return summary
        if err_writer is not None:
            err_writer.commit()
        sink.commit()
    finally:
        if bar is not None:
            bar.close()
        if err_writer is not None and not err_writer.fp.closed:
            err_writer.abort()
        sink.release()
    return summary
