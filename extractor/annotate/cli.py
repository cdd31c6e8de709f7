"""``extractor annotate export | import``: gold for your own articles.

Exit status: 0 done; 1 usage error (nothing written); 2 some records or
tasks had problems (each reported on stderr; the rest was written).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Optional

from extractor.annotate import doccano, labelstudio
from extractor.annotate.fields import ALL_TYPES
from extractor.annotate.gold import DEFAULT_TYPES, DocGold, Problem, build_task
from extractor.annotate.offsets import UNITS
from extractor.jsonl import AtomicWriter, dumps, record_dict, record_line

EXPORT_HELP = """\
Write annotation tasks for articles, pre-filled with the extractor's records.

PATHS are read as by `extractor extract` (.txt files, directories, globs,
.jsonl articles).  The records come from running the pipeline (--config), or
from a records file (--records: an earlier `extractor extract` output, or a
gold file or directory to review), or none (--no-predictions).

Label Studio (default): OUT.json is a list of tasks to import into a project,
and OUT.label_config.xml beside it is the project's labeling config (Settings >
Labeling Interface > Code).  doccano: OUT.jsonl to import into a sequence
labeling project, OUT.labels.json its labels (Labels > Import).

examples:
  extractor annotate export data/raw -o tasks.json
  extractor annotate export data/raw --records out.jsonl -o tasks.json
  extractor annotate export data/raw --records data/gold --as annotations -o review.json
  extractor annotate export data/raw --format doccano -o tasks.jsonl
"""

IMPORT_HELP = """\
Read an annotation tool's export back into gold JSONL.

EXPORT is Label Studio's JSON export (Export > JSON) or doccano's JSONL
export.  Every region becomes a record validated by the record contract
(offsets checked against the text); anything that does not fit gives one
error naming the task, the region and the reason, and the rest is imported.
Each document's gold starts with a coverage line (the record types annotated
and, when marked, the annotated ranges) that `extractor evaluate` reads.

-o DIR writes DIR/<doc_id>.jsonl per article (the layout of data/gold);
-o FILE.jsonl writes one file.  An existing file with other content is not
replaced without --force.

examples:
  extractor annotate import project-1-export.json -o mygold/
  extractor annotate import project-1-export.json -o mygold/ --raw data/raw --errors problems.jsonl
  extractor evaluate --gold mygold --raw data/raw
"""


def _types(s: str) -> list[str]:
    if s == "all":
        return list(ALL_TYPES)
    out = [t.strip() for t in s.split(",") if t.strip()]
    bad = [t for t in out if t not in ALL_TYPES]
    if bad or not out:
        raise argparse.ArgumentTypeError(f"unknown type(s) {', '.join(bad) or s!r}; "
                                         f"known: {', '.join(ALL_TYPES)}, or 'all'")
    return out


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="extractor annotate",
                                 description="Make gold for your own articles: export tasks for "
                                             "Label Studio or doccano, import the corrections.")
    sub = ap.add_subparsers(dest="action", metavar="ACTION")
    ex = sub.add_parser("export", help="write tasks pre-filled with the extractor's records",
                        description=EXPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("paths", nargs="+", metavar="PATHS")
    ex.add_argument("-o", "--output", required=True, metavar="OUT",
                    help="the tasks file (.json for Label Studio, .jsonl for doccano)")
    ex.add_argument("--format", choices=["labelstudio", "doccano"], default=None,
                    help="default: from OUT's extension (.jsonl: doccano), else labelstudio")
    src = ex.add_mutually_exclusive_group()
    src.add_argument("--records", metavar="FILE_OR_DIR",
                     help="take the records from this JSONL file or directory instead of running "
                          "the pipeline")
    src.add_argument("--no-predictions", action="store_true", help="tasks with no records")
    ex.add_argument("--config", metavar="CFG", help="pipeline config (as for extract)")
    ex.add_argument("--lang", default="auto", metavar="auto|en|vi",
                    help="the articles' language, as for extract (default: identified per article)")
    ex.add_argument("--as", dest="as_", choices=["predictions", "annotations"], default="predictions",
                    help="Label Studio: pre-fill as predictions (default) or as annotations "
                         "(to review an existing gold)")
    ex.add_argument("--types", type=_types, default=list(DEFAULT_TYPES),
                    help="record types to annotate, comma-separated, or 'all' "
                         f"(default: {','.join(DEFAULT_TYPES)})")
    ex.add_argument("--offsets", choices=UNITS, default=None,
                    help="how the tool counts offsets (default: codepoint for Label Studio, "
                         "utf16 for doccano)")
    ex.add_argument("--max-bytes", type=int, default=None, help="as for extract")

    im = sub.add_parser("import", help="read a tool's export back into gold JSONL",
                        description=IMPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    im.add_argument("export", metavar="EXPORT")
    im.add_argument("-o", "--output", required=True, metavar="OUT",
                    help="a directory (one <doc_id>.jsonl per article) or a .jsonl file")
    im.add_argument("--format", choices=["auto", "labelstudio", "doccano"], default="auto")
    im.add_argument("--offsets", choices=UNITS, default=None,
                    help="override the offset unit recorded in the tasks")
    im.add_argument("--raw", metavar="DIR",
                    help="check each task's text against DIR/<doc_id>.txt")
    im.add_argument("--accept-predictions", action="store_true",
                    help="import the predictions of tasks that have no annotation")
    im.add_argument("--errors", metavar="ERRORS.jsonl", help="also write the problems as JSONL")
    im.add_argument("--force", action="store_true", help="replace existing files with other content")
    return ap


def _usage(msg: str) -> int:
    print(f"extractor annotate: error: {msg}", file=sys.stderr)
    return 1


# --------------------------------------------------------------------------
# export


def _records_by_doc(path: str) -> dict[str, list[dict]]:
    from extractor.evaluate import load_records

    out: dict[str, list[dict]] = {}
    for r in load_records(path):
        out.setdefault(r.doc_id, []).append(record_dict(r))
    return out


def export(args) -> int:
    from extractor.articles import DEFAULT_MAX_BYTES, LoadError, load_paths

    fmt = args.format or ("doccano" if args.output.endswith(".jsonl") else "labelstudio")
    unit = args.offsets or ("utf16" if fmt == "doccano" else "codepoint")
    out = Path(args.output)
    if out.is_dir():
        return _usage(f"-o {out} is a directory; give a file name")
    side = out.with_suffix(".label_config.xml" if fmt == "labelstudio" else ".labels.json")
    records_by_doc: Optional[dict] = None
    if args.records:
        try:
            records_by_doc = _records_by_doc(args.records)
        except (OSError, ValueError) as e:
            return _usage(f"--records: {e}")
    extractor = None
    if records_by_doc is None and not args.no_predictions:
        from extractor.pipeline import Extractor

        try:
            extractor = Extractor(args.config, lang=args.lang)
        except (OSError, ValueError) as e:
            return _usage(f"--config/--lang: {e}")

    max_bytes = args.max_bytes if args.max_bytes is not None else DEFAULT_MAX_BYTES
    inputs = set()
    for p in args.paths:
        if os.path.isfile(p):
            inputs.add(os.path.realpath(p))
    if os.path.realpath(out) in inputs or os.path.realpath(side) in inputs:
        return _usage(f"-o {out} would overwrite an input file")

    items, problems, n_records, n_other, seen = [], 0, 0, 0, set()
    for art in load_paths(args.paths, max_bytes=max_bytes):
        if isinstance(art, LoadError):
            print(f"extractor annotate: {art}", file=sys.stderr)
            problems += 1
            continue
        if art.doc_id in seen:
            print(f"extractor annotate: {art.where} [{art.doc_id}]: doc_id seen before; skipped",
                  file=sys.stderr)
            problems += 1
            continue
        seen.add(art.doc_id)
        if extractor is not None:
            try:
                result = extractor.extract(art)
            except Exception as e:  # a rule that raises: the article goes out without predictions
                print(f"extractor annotate: {art.where} [{art.doc_id}]: extract error: "
                      f"{type(e).__name__}: {e}; exported without predictions", file=sys.stderr)
                problems += 1
                recs = []
            else:
                recs = [record_dict(r) for r in result.records]
                for err in result.errors:
                    print(f"extractor annotate: {art.where} [{art.doc_id}]: {err}", file=sys.stderr)
                    problems += 1
        elif records_by_doc is not None:
            recs = records_by_doc.get(art.doc_id, [])
        else:
            recs = []
        n_other += sum(1 for r in recs if r["type"] not in args.types)
        if fmt == "labelstudio":
            item, probs = labelstudio.make_task(art.doc_id, art.text, recs, args.types, unit,
                                                source=art.source, as_=args.as_)
            n_records += len(item["data"]["extractor"]["records"])
        else:
            item, probs = doccano.make_line(art.doc_id, art.text, recs, args.types, unit,
                                            source=art.source)
            n_records += len(item["label"])
        for p in probs:
            print(f"extractor annotate: {art.where} [{art.doc_id}]: {p}", file=sys.stderr)
        problems += len(probs)
        items.append(item)
    if records_by_doc is not None:
        missing = sorted(set(records_by_doc) - seen)
        if missing:
            print(f"extractor annotate: --records has records of {len(missing)} document(s) not "
                  f"among PATHS: {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}",
                  file=sys.stderr)
            problems += 1
    if not items:
        return _usage("no articles to export")

    try:
        with AtomicWriter(out) as w:
            if fmt == "labelstudio":
                w.write("[\n" + ",\n".join(dumps(t) for t in items) + "\n]\n")
            else:
                w.write("".join(dumps(t) + "\n" for t in items))
        with AtomicWriter(side) as w:
            if fmt == "labelstudio":
                w.write(labelstudio.label_config(args.types))
            else:
                w.write(json.dumps(doccano.label_types(args.types), indent=2) + "\n")
    except OSError as e:
        return _usage(f"cannot write {e.filename or out}: {e.strerror or e}")
    other = f"; {n_other} records of other types left out (--types)" if n_other else ""
    print(f"extractor annotate: {len(items)} articles, {n_records} records -> {out} "
          f"(config: {side}; offsets: {unit}){other}; {problems} problems", file=sys.stderr)
    return 2 if problems else 0


# --------------------------------------------------------------------------
# import


def _read_export(path: Path, fmt: str, unit: Optional[str], accept: bool):
    """Label Studio's export is one JSON value (a list of tasks); doccano's is
    JSON lines.  ``auto`` tells them apart that way."""
    source = str(path)
    raw = path.read_text(encoding="utf-8-sig")
    try:
        data, whole = json.loads(raw), True
    except json.JSONDecodeError as e:
        data, whole, error = None, False, e
    if fmt == "auto":
        is_ls = whole and (isinstance(data, list) or (isinstance(data, dict) and "data" in data))
        fmt = "labelstudio" if is_ls else "doccano"
    if fmt == "labelstudio":
        if not whole:
            raise ValueError(f"{path}: not JSON: {error}")
        return labelstudio.read_tasks(data, unit=unit, accept_predictions=accept, source=source)
    return doccano.read_lines(raw.splitlines(), unit=unit, source=source)


def render(docs: list[DocGold], single_file: bool) -> dict[str, str]:
    """file name (relative) -> content."""
    out: dict[str, str] = {}
    if single_file:
        parts = []
        for d in docs:
            parts.append(dumps(d.coverage.to_line()) + "\n")
            parts += [record_line(r) for r in d.records]
        out[""] = "".join(parts)
    else:
        for d in docs:
            out[f"{d.doc_id}.jsonl"] = (dumps(d.coverage.to_line()) + "\n"
                                        + "".join(record_line(r) for r in d.records))
    return out


def import_(args) -> int:
    path = Path(args.export)
    try:
        tasks, problems = _read_export(path, args.format, args.offsets, args.accept_predictions)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        return _usage(str(e))
    docs: list[DocGold] = []
    seen: dict[str, object] = {}
    for task in tasks:
        raw_text = None
        if args.raw and isinstance(task.doc_id, str):
            f = Path(args.raw) / f"{task.doc_id}.txt"
            try:
                from extractor.evaluate import read_text

                raw_text = read_text(f)
            except (OSError, ValueError) as e:
                problems.append(Problem(str(path), task.task_id, task.doc_id, None,
                                        f"--raw: cannot read {f}: {e}"))
                continue
        doc, probs = build_task(task, str(path), raw_text)
        problems += probs
        if doc is None:
            continue
        if doc.doc_id in seen:
            problems.append(Problem(str(path), task.task_id, doc.doc_id, None,
                                    f"doc_id also in task {seen[doc.doc_id]}; this one skipped"))
            continue
        if not args.output.endswith(".jsonl") and (os.sep in doc.doc_id or doc.doc_id.startswith(".")
                                                   or (os.altsep and os.altsep in doc.doc_id)):
            problems.append(Problem(str(path), task.task_id, doc.doc_id, None,
                                    "doc_id cannot be a file name; write one file with -o FILE.jsonl"))
            continue
        seen[doc.doc_id] = task.task_id
        docs.append(doc)

    single = args.output.endswith(".jsonl")
    out = Path(args.output)
    files = render(docs, single)
    targets = {(out if single else out / name): content for name, content in files.items()}
    clash = [str(p) for p, c in targets.items()
             if p.exists() and (not p.is_file() or p.read_text(encoding="utf-8") != c)]
    if clash and not args.force:
        for p in problems:
            print(f"extractor annotate: {p.line()}", file=sys.stderr)
        return _usage(f"would replace {len(clash)} existing file(s) with other content "
                      f"({', '.join(clash[:3])}{' ...' if len(clash) > 3 else ''}); nothing written; "
                      f"use --force, or another -o")
    try:
        if not single:
            out.mkdir(parents=True, exist_ok=True)
        for p, content in targets.items():
            with AtomicWriter(p) as w:
                w.write(content)
        if args.errors:
            with AtomicWriter(args.errors) as w:
                w.write("".join(dumps(p.to_dict()) + "\n" for p in problems))
    except OSError as e:
        return _usage(f"cannot write {e.filename or out}: {e.strerror or e}")
    for p in problems:
        print(f"extractor annotate: {p.line()}", file=sys.stderr)
    errors = sum(1 for p in problems if p.level == "error")
    notes = len(problems) - errors
    n = sum(len(d.records) for d in docs)
    where = f"{out} ({len(targets)} files)" if not single else str(out)
    skipped = sum(1 for p in problems if p.level == "note" and p.region_id is None
                  and "skipped" in p.reason and p.task_id not in {t.task_id for t in tasks})
    read = f"{len(tasks) + skipped} tasks" + (f" ({skipped} not annotated)" if skipped else "")
    print(f"extractor annotate: {read}, {len(docs)} documents, {n} records -> {where}; "
          f"{errors} errors, {notes} notes", file=sys.stderr)
    return 2 if errors else 0


def main(argv: Optional[list[str]] = None) -> int:
    ap = _parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 1 if e.code not in (0, None) else 0
    if args.action == "export":
        return export(args)
    if args.action == "import":
        return import_(args)
    ap.print_help()
    return 1
