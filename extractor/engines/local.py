"""The local engine: one process or a pool of processes on this machine.

Articles stream through (the corpus is never held in memory); results come
back in input order, so the output is the same bytes whatever ``workers`` is.

Durability: records go to ``<out>.partial`` and each finished document is
noted in ``<out>.partial.done`` (its id and the byte size of the partial
file after it).  At the end the partial file is renamed over ``<out>``, so
after a kill ``<out>`` holds the previous complete file (or nothing), never
a half-written one.  ``resume=True`` truncates the partial file to the last
finished document and skips the documents already done.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from extractor.articles import DEFAULT_MAX_BYTES, Article, LoadError, load_paths
from extractor.jsonl import AtomicWriter, dumps, record_line


@dataclass
class DocOutput:
    """What one article gave, ready to write: JSONL lines and errors."""

    doc_id: str
    lines: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)


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


# -- per-article work (runs in workers) ----------------------------------------
_EXTRACTOR = None
_CONFIG: Optional[str] = None


def _init_worker(config: Optional[str]) -> None:
    global _EXTRACTOR, _CONFIG
    from extractor.pipeline import Extractor

    _CONFIG = config
    _EXTRACTOR = Extractor(config)


def process(item: Union[Article, LoadError], config: Optional[str] = None) -> DocOutput:
    """One article -> its record lines and errors (never raises)."""
    if isinstance(item, LoadError):
        return DocOutput(item.doc_id or "", [], [item.to_dict()])
    global _EXTRACTOR
    if _EXTRACTOR is None or _CONFIG != config:
        _init_worker(config)
    try:
        result = _EXTRACTOR.extract(item)
    except Exception as e:  # a bug in a rule must not cost the batch
        return DocOutput(item.doc_id, [], [{
            "doc_id": item.doc_id, "path": item.path, "stage": "extract", "line": None,
            "reason": f"{type(e).__name__}: {e}"}])
    errors = [{"doc_id": item.doc_id, "path": item.path, "stage": "validate", "line": None,
               "rule": err.rule, "reason": str(err)} for err in result.errors]
    return DocOutput(item.doc_id, [record_line(r) for r in result.records], errors)


def _process_default(item):
    return process(item, _CONFIG)


def map_outputs(items: Iterable[Union[Article, LoadError]], workers: int = 1,
                config: Optional[str] = None, chunksize: int = 8) -> Iterator[DocOutput]:
    """Process articles in input order, with ``workers`` processes."""
    if workers <= 1:
        for item in items:
            yield process(item, config)
        return
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(config,)) as pool:
        yield from pool.imap(_process_default, items, chunksize=chunksize)


# -- the run -------------------------------------------------------------------
def _journal_paths(out: Path) -> tuple[Path, Path]:
    return out.with_name(out.name + ".partial"), out.with_name(out.name + ".partial.done")


def _read_journal(done_path: Path) -> tuple[set[str], int]:
    """Documents already done and the partial file's size after the last."""
    done, size = set(), 0
    if not done_path.exists():
        return done, 0
    with open(done_path, encoding="utf-8") as fh:
        for line in fh:
            try:
                entry = json.loads(line)
            except ValueError:
                break  # a torn last line: everything before it stands
            done.add(entry["doc_id"])
            size = entry["size"]
    return done, size


def run(paths: Iterable[str], out: Optional[str], *, config: Optional[str] = None,
        workers: int = 1, max_bytes: int = DEFAULT_MAX_BYTES, errors_path: Optional[str] = None,
        resume: bool = False, progress: bool = False,
        on_error: Optional[Callable[[dict], None]] = None) -> RunSummary:
    """Extract every article under ``paths`` into ``out`` (``None`` or
    ``"-"``: stdout)."""
    summary = RunSummary()
    paths = list(paths)
    items: Iterable = load_paths(paths, max_bytes=max_bytes)
    to_stdout = out in (None, "-")

    done: set[str] = set()
    writer = journal = None
    if not to_stdout:
        out_path = Path(out)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        partial, done_path = _journal_paths(out_path)
        if resume and partial.exists():
            done, size = _read_journal(done_path)
            with open(partial, "r+b") as fh:
                fh.truncate(size)
        else:
            for p in (partial, done_path):
                if p.exists():
                    p.unlink()
        writer = AtomicWriter(out_path, tmp_path=partial, append=True)
        journal = open(done_path, "a", encoding="utf-8")
        if done:
            summary.skipped = len(done)
            items = (it for it in items if isinstance(it, LoadError) or it.doc_id not in done)

    err_fp = open(errors_path, "w", encoding="utf-8") if errors_path else None
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True)
    seen_ids: set[str] = set(done)
    try:
        for output in map_outputs(items, workers=workers, config=config):
            if output.doc_id and output.doc_id in seen_ids and output.lines:
                output = DocOutput(output.doc_id, [], [{
                    "doc_id": output.doc_id, "path": "", "stage": "input", "line": None,
                    "reason": f"duplicate doc_id {output.doc_id!r}: records of the first kept"}])
            for err in output.errors:
                summary.errors.append(err)
                if on_error:
                    on_error(err)
                if err_fp:
                    err_fp.write(dumps(err) + "\n")
                    err_fp.flush()
            if output.errors and not output.lines:
                summary.failed += 1
            if output.doc_id:
                seen_ids.add(output.doc_id)
            if not output.errors or output.lines:
                summary.documents += 1
            summary.records += len(output.lines)
            if writer is not None:
                writer.write("".join(output.lines))
                if output.doc_id and not (output.errors and not output.lines):
                    journal.write(dumps({"doc_id": output.doc_id, "size": writer.tell()}) + "\n")
                    journal.flush()
            else:
                sys.stdout.write("".join(output.lines))
            if bar is not None:
                bar.update(1)
        if writer is not None:
            writer.commit()
            journal.close()
            os.unlink(journal.name)
    finally:
        if bar is not None:
            bar.close()
        if err_fp:
            err_fp.close()
        if writer is not None and not writer.fp.closed:
            writer.fp.close()  # keep the partial file for --resume
        if journal is not None and not journal.closed:
            journal.close()
    return summary
