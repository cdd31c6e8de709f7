"""The command line: ``extractor extract | evaluate | diff | schema``.

Exit status of ``extract``: 0 every document processed, 1 usage error,
2 some documents failed (the others were written).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Optional

from extractor import __version__

EXTRACT_HELP = """\
Extract numbered documents, dates, counts and ratios from articles.

PATHS are .txt files (one article each; the doc_id is the file name without
.txt), directories (searched recursively for .txt and .jsonl), glob patterns
("archive/**/*.txt", quote them), or .jsonl files with one article per line:
{"doc_id": "...", "text": "...", "url": "..."}.

Output is JSONL, one record per line, ordered by document then offset; the
same input always gives the same bytes.  Each line validates against
`extractor schema`.

examples:
  extractor extract data/raw -o out.jsonl
  extractor extract article.txt                # records to stdout
  extractor extract archive.jsonl -o out.jsonl --errors errors.jsonl --workers 2
  extractor extract data/raw -o out.jsonl --resume   # after an interrupted run

exit status: 0 all documents processed, 1 usage error, 2 some documents
failed (each error is on stderr; the other documents were written).
"""


def _positive_int(s: str) -> int:
    v = int(s)
    if v < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return v


def _bytes(s: str) -> int:
    units = {"k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
    s = s.strip().lower().rstrip("b")
    try:
        if s and s[-1] in units:
            return int(float(s[:-1]) * units[s[-1]])
        return int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {s!r} (e.g. 20000000, 20M)") from None


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
    ex.add_argument("paths", nargs="+", metavar="PATHS", help="files, directories, globs, .jsonl")
    ex.add_argument("-o", "--output", metavar="OUT.jsonl", default=None,
                    help="where to write the records (default: stdout)")
    ex.add_argument("--config", metavar="CFG", default=None,
                    help="pipeline config (default: pipelines/en.cfg)")
    ex.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                    help="processes to use (default: the machine's cores)")
    ex.add_argument("--engine", choices=["local", "dask"], default="local",
                    help="where the work runs (dask needs `pip install .[dask]`)")
    ex.add_argument("--scheduler", metavar="ADDR", default=None,
                    help="with --engine dask: a scheduler address (tcp://host:port); "
                         "default: a local cluster")
    ex.add_argument("--errors", metavar="ERRORS.jsonl", default=None,
                    help="also write errors as JSONL (doc_id, path, stage, reason)")
    ex.add_argument("--max-bytes", type=_bytes, default=None, metavar="N",
                    help="refuse articles larger than N bytes (default 20M; suffixes k, M, G)")
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
    return parser


def _extract(args) -> int:
    from extractor.articles import DEFAULT_MAX_BYTES

    max_bytes = args.max_bytes if args.max_bytes is not None else DEFAULT_MAX_BYTES
    if args.resume and args.output in (None, "-"):
        print("extractor: error: --resume needs -o FILE", file=sys.stderr)
        return 1
    progress = args.progress
    if progress is None:
        progress = sys.stderr.isatty()

    def report(err: dict) -> None:
        where = err.get("path") or err.get("doc_id") or "?"
        if err.get("line") is not None and not str(where).endswith(f":{err['line']}"):
            where = f"{where}:{err['line']}"
        rule = f" [rule {err['rule']}]" if err.get("rule") else ""
        print(f"extractor: {where}: {err.get('stage')} error{rule}: {err.get('reason')}", file=sys.stderr)

    if args.engine == "dask":
        try:
            from extractor.engines import dask as dask_engine
        except ImportError as e:
            print(f"extractor: error: the dask engine needs `pip install .[dask]` ({e})", file=sys.stderr)
            return 1
        summary = dask_engine.run(args.paths, args.output, config=args.config,
                                  scheduler=args.scheduler, max_bytes=max_bytes,
                                  errors_path=args.errors, on_error=report, workers=args.workers)
    else:
        from extractor.engines import local

        workers = args.workers or os.cpu_count() or 1
        summary = local.run(args.paths, args.output, config=args.config, workers=workers,
                            max_bytes=max_bytes, errors_path=args.errors, resume=args.resume,
                            progress=progress, on_error=report)
    if args.output not in (None, "-"):
        skipped = f", {summary.skipped} already done" if summary.skipped else ""
        print(f"extractor: {summary.documents} documents, {summary.records} records -> "
              f"{args.output}; {len(summary.errors)} errors{skipped}", file=sys.stderr)
    return summary.exit_code


def main(argv: Optional[list[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "evaluate":
        from extractor import evaluate

        return evaluate.main(argv[1:])
    if argv and argv[0] == "diff":
        from extractor import diff

        return diff.main(argv[1:])
    if argv and argv[0] == "bench":
        from extractor import bench

        return bench.main(argv[1:])
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
