"""``extractor review OUT --raw DIR -o review/ [--gold data/gold]``: static
HTML pages to check what the extractor read, in context.

``review/index.html`` lists the documents; ``review/docs/<doc_id>.html``
shows one article's text with every record highlighted by type (its
normalized value and attributes on hover and click), filters by type, by
rule and by layer, and a table of the records.  Two more layers:

- *dropped*: the facts a rule found but the priority step (document_ref >
  date > ratio > count, then longer, then earlier) dropped because another
  fact won their characters, shown greyed.  They are not in OUT: the pipeline
  is run again on the raw article (``--config`` as for the run) and they are
  read from ``doc._.dropped_facts``; ``--no-dropped`` skips this;
- with ``--gold``, the gold records the output missed (dashed red box) and
  the output's false positives (red underline), by the evaluator's matching
  (``extractor.evaluate.score``).

Pages are self-contained (CSS, JavaScript and data inlined; no server, no
network) and open from the file system.  Text is UTF-8 and cut into segments
by Python string offsets, so Vietnamese text is shown as it is.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import sys
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from extractor.version import __version__
from extractor.evaluate import key_str
from extractor.schema import ENTITY_TYPES, FACT_TYPES

TYPES = (*FACT_TYPES, *ENTITY_TYPES)
GENERATOR = "extractor review"
# Fields every record has: shown apart, not among the attributes.
COMMON = {"schema_version", "doc_id", "type", "text", "start_char", "end_char", "rule",
          "extractor_version", "sentence_start", "sentence_end"}


VIETNAMESE_RE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


class ReviewError(Exception):
    """A usage error: the message says what to do."""


def asset(name: str) -> str:
    return resources.files("extractor.review").joinpath("assets", name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# Spans: records, dropped facts, gold misses


def _attrs(d: dict) -> dict:
    return {k: v for k, v in d.items() if k not in COMMON and v is not None and v != ""}


def record_span(r: dict, sid: int) -> dict:
    return {"id": sid, "layer": "record", "type": r.get("type"), "start": r.get("start_char"),
            "end": r.get("end_char"), "text": r.get("text"), "key": key_str(r),
            "rule": r.get("rule"), "status": None, "note": None, "attrs": _attrs(r)}


def _jsonable(v: Any) -> Any:
    return json.loads(json.dumps(v, default=str, ensure_ascii=False))


def dropped_facts(extractor, article) -> tuple[list[dict], list[tuple]]:
    """The facts the priority step dropped in ``article`` (as span dicts
    without ids, each with the fact that won its characters), and the
    (type, start, end) of the facts it kept."""
    from extractor.components.resolve import PRIORITY

    doc = extractor._doc(article)
    text = article.text
    kept = [f for f in (doc._.facts or []) if f.type in PRIORITY]
    out = []
    for f in doc._.dropped_facts or []:
        winner = next((k for k in sorted(kept, key=lambda k: (PRIORITY.get(k.type, 9), k.start))
                       if k.overlaps(f)), None)
        attrs = {k: v for k, v in f.attrs.items() if v is not None and k != "code_issuer"}
        rec = {"type": f.type, **attrs}
        note = "dropped by the priority step (document_ref > date > ratio > count, then longer, then earlier)"
        if winner is not None:
            note = (f"dropped: its characters went to the {winner.type} "
                    f"{text[winner.start:winner.end]!r} ({winner.start}-{winner.end}); "
                    "priority document_ref > date > ratio > count, then longer, then earlier")
        out.append({"layer": "dropped", "type": f.type, "start": f.start, "end": f.end,
                    "text": text[f.start:f.end], "key": key_str(rec), "rule": f.rule or None,
                    "status": None, "note": note, "attrs": _jsonable(attrs)})
    return out, [(f.type, f.start, f.end) for f in kept]


def gold_marks(gold_path: Path, pred: list[dict], texts: dict[str, str]):
    """Score ``pred`` against the gold (the evaluator's matching): (the gold
    doc_ids, {pred index: "fp" | "match" | "attr"}, attribute notes by pred
    index, the missed gold records)."""
    from extractor.evaluate import doc_ids_of, load_records, score
    from extractor.schema import validate_record

    gold = load_records(gold_path)
    doc_ids = set(doc_ids_of(gold_path, gold))
    preds, index = [], []
    for i, r in enumerate(pred):
        if r.get("doc_id") in doc_ids:
            try:
                preds.append(validate_record(r))
            except ValueError as e:
                raise ReviewError(f"--gold needs records as extract writes them; {r.get('doc_id')} "
                                  f"[{r.get('start_char')}:{r.get('end_char')}] is not one: "
                                  f"{' '.join(str(e).split())[:200]}") from None
            index.append(i)
    report = score(gold, preds, texts=texts, doc_ids=doc_ids)
    entity_docs = set(report["entity_docs"])

    def where(d) -> tuple:
        return (d["doc_id"], d["type"], d["start_char"], d["end_char"])

    fps = Counter((*where(e), e["key"]) for e in report["errors"] if e["kind"] == "fp")
    fns = Counter((*where(e), e["key"]) for e in report["errors"] if e["kind"] == "fn")
    attr_notes: dict[tuple, list[str]] = defaultdict(list)
    for a in report["attribute_errors"]:
        attr_notes[where(a)].append(f"{a['field']}: gold {a['gold']!r}, output {a['pred']!r}")
    status: dict[int, str] = {}
    notes: dict[int, str] = {}
    for i, p in zip(index, preds):
        if p.type in ENTITY_TYPES and p.doc_id not in entity_docs:
            continue  # not scored: this document has no entity gold
        k = (p.doc_id, p.type, p.start_char, p.end_char, key_str(p))
        if fps[k] > 0:
            fps[k] -= 1
            status[i] = "fp"
        else:
            status[i] = "match"
    # attribute mismatches are keyed by the gold span; a matched pred overlaps it
    for (doc, typ, s, e), msgs in attr_notes.items():
        for i, p in zip(index, preds):
            if (p.doc_id, p.type) == (doc, typ) and status.get(i) == "match" \
                    and p.start_char < e and s < p.end_char:
                status[i] = "attr"
                notes[i] = "differs from gold: " + "; ".join(msgs)
                break
    misses = []
    for g in gold:
        k = (g.doc_id, g.type, g.start_char, g.end_char, key_str(g))
        if fns[k] > 0:
            fns[k] -= 1
            misses.append(g.model_dump(mode="json"))
    return doc_ids, status, notes, misses


# --------------------------------------------------------------------------
# Rendering


def segments(text: str, spans: Sequence[dict]) -> str:
    """The text as HTML, cut at every span boundary; a piece covered by spans
    is ``<span class="seg" data-s="ids">``."""
    cuts = {0, len(text)}
    spans = [s for s in spans if 0 <= s["start"] < s["end"] <= len(text)]
    for s in spans:
        cuts.update((s["start"], s["end"]))
    cuts = sorted(c for c in cuts if 0 <= c <= len(text))
    starts: dict[int, list[dict]] = defaultdict(list)
    for s in spans:
        starts[s["start"]].append(s)
    out, active = [], []
    for a, b in zip(cuts, cuts[1:]):
        active = [s for s in active if s["end"] > a] + starts.get(a, [])
        piece = html.escape(text[a:b], quote=False)
        if active:
            ids = " ".join(str(s["id"]) for s in active)
            out.append(f'<span class="seg" data-s="{ids}">{piece}</span>')
        else:
            out.append(piece)
    return "".join(out)


def _check(group: str, value: str, label_html: str, n: int, checked: bool = True) -> str:
    c = " checked" if checked else ""
    return (f'<label><input type="checkbox" data-f="{group}" value="{html.escape(value)}"{c}> '
            f'{label_html}<span class="n">{n}</span></label>')


def filters_html(spans: Sequence[dict], has_gold: bool) -> str:
    types = Counter(s["type"] for s in spans)
    rules = Counter(s["rule"] for s in spans if s["rule"])
    layers = Counter(s["layer"] for s in spans)
    parts = ["<h2>Types</h2>"]
    for t in TYPES:
        if types[t]:
            parts.append(_check("type", t, f'<span class="swatch" style="background:var(--{t})"></span> {t}',
                                types[t]))
    parts.append("<h2>Layers</h2>")
    parts.append(_check("layer", "record", "records", layers["record"]))
    parts.append(_check("layer", "dropped", '<span class="swatch" style="background:#e4e4e4"></span> '
                        "dropped by priority", layers["dropped"]))
    if has_gold:
        parts.append(_check("layer", "miss", '<span class="swatch" style="outline:2px dashed #d40000">'
                            "</span> gold misses", layers["miss"]))
    parts.append('<h2>Rules</h2><button type="button" data-group="rule" data-all="on">all</button>'
                 '<button type="button" data-group="rule" data-all="off">none</button><div class="rules">')
    for r in sorted(rules):
        parts.append(_check("rule", r, html.escape(r), rules[r]))
    parts.append("</div>")
    parts.append('<h2>Legend</h2><div class="legend">'
                 '<span><span class="swatch" style="box-shadow:inset 0 -3px 0 #d40000"></span> false positive</span>'
                 '<span><span class="swatch" style="outline:2px dashed #d40000"></span> gold miss</span>'
                 '<span><span class="swatch" style="background:#e4e4e4"></span> dropped</span></div>'
                 '<p class="hint">Hover a mention for a summary; click it for every field.</p>')
    return "\n".join(parts)


def records_html(spans: Sequence[dict]) -> str:
    rows = []
    for s in sorted(spans, key=lambda s: (s["start"], s["end"], s["layer"] != "record")):
        status = {"fp": "false positive", "match": "matches gold", "attr": "attribute differs"}.get(
            s["status"] or "", "")
        if s["layer"] == "dropped":
            status = "dropped"
        elif s["layer"] == "miss":
            status = "gold miss"
        rows.append(
            f'<tr data-id="{s["id"]}" class="l-{s["layer"]}"><td>{s["start"]}–{s["end"]}</td>'
            f'<td><span class="swatch" style="background:var(--{html.escape(s["type"])})"></span> '
            f'{html.escape(s["type"])}</td><td>{html.escape(s["text"])}</td>'
            f'<td>{html.escape(str(s["key"]))}</td><td class="mono">{html.escape(s["rule"] or "")}</td>'
            f'<td>{html.escape(status)}</td></tr>')
    return ("<table><thead><tr><th>offsets</th><th>type</th><th>text</th><th>value</th><th>rule</th>"
            "<th>status</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>")


def _json_script(obj: Any) -> str:
    """JSON safe inside <script>: no "</" can close the element."""
    return json.dumps(obj, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")


def _fill(template: str, **parts: str) -> str:
    for k, v in parts.items():
        template = template.replace(f"@@{k}@@", v)
    return template


def doc_page(doc_id: str, text: Optional[str], spans: list[dict], warnings: list[str],
             has_gold: bool, source: Optional[str] = None, lang: str = "en") -> str:
    header = (f'<a href="../index.html">← all documents</a><h1>{html.escape(doc_id)}</h1>'
              f'<span class="meta">{sum(s["layer"] == "record" for s in spans)} records, '
              f'{sum(s["layer"] == "dropped" for s in spans)} dropped'
              + (f', {sum(s["layer"] == "miss" for s in spans)} gold misses, '
                 f'{sum(s["status"] == "fp" for s in spans)} false positives' if has_gold else "")
              + "</span>"
              + (f'<span class="meta">source: {html.escape(source)}</span>' if source else ""))
    body = segments(text, spans) if text is not None else ""
    warn = "".join(f'<p class="warn">{html.escape(w)}</p>' for w in warnings)
    return _fill(asset("page.html"), LANG=html.escape(lang), VERSION=__version__,
                 TITLE=html.escape(f"{doc_id} · extractor review"), CSS=asset("review.css"),
                 HEADER=header, FILTERS=filters_html(spans, has_gold), WARNINGS=warn, TEXT=body,
                 RECORDS=records_html(spans), DATA=_json_script({"doc_id": doc_id, "spans": spans}),
                 JS=asset("review.js"))


def index_page(rows: list[dict], warnings: list[str], has_gold: bool, title: str) -> str:
    cols = ["document", "lang", "chars", *TYPES, "dropped"] + (["gold misses", "false positives"] if has_gold else [])
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = []
    for r in rows:
        cells = [f'<td><a href="{html.escape(r["href"])}">{html.escape(r["doc_id"])}</a></td>',
                 f'<td>{html.escape(r.get("lang") or "")}</td>',
                 f'<td>{r["chars"] if r["chars"] is not None else "no text"}</td>']
        cells += [f'<td>{r["types"].get(t, 0) or ""}</td>' for t in TYPES]
        cells.append(f'<td>{r["dropped"] or ""}</td>')
        if has_gold:
            for k in ("misses", "fps"):
                v = r.get(k)
                cells.append(f'<td class="{"bad" if v else ""}">{"" if v is None else v}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    table = (f'<table class="docs"><thead><tr>{head}</tr></thead><tbody>\n' + "\n".join(body)
             + "\n</tbody></table>")
    warn = "".join(f'<p class="warn" style="margin:8px 16px">{html.escape(w)}</p>' for w in warnings)
    header = (f"<h1>{html.escape(title)}</h1><span class=\"meta\">{len(rows)} documents · "
              f"extractor {html.escape(__version__)}</span>")
    return _fill(asset("index.html"), VERSION=__version__, TITLE=html.escape(title),
                 CSS=asset("review.css"), HEADER=header, WARNINGS=warn, TABLE=table)


def page_name(doc_id: str, taken: set) -> str:
    """A file name for a document's page: its doc_id where that is a safe
    name, else a cleaned form with a short hash (never two alike)."""
    name = re.sub(r"[^\w.-]", "_", doc_id, flags=re.UNICODE).strip("._")[:100] or "doc"
    if name != doc_id or name.lower() in taken:
        name = f"{name}-{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()[:8]}"
    base, n = name, 1
    while name.lower() in taken:  # file systems may ignore case
        n += 1
        name = f"{base}-{n}"
    taken.add(name.lower())
    return name + ".html"


# --------------------------------------------------------------------------
# The command


def _is_ours(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:600]
    except OSError:
        return False
    return f'content="{GENERATOR}' in head


def _write(path: Path, content: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, path)


def build(output: str, raw: Optional[str], out_dir: str, gold: Optional[str] = None,
          config: Optional[str] = None, dropped: bool = True, lang: str = "auto",
          on_error=lambda msg: print(f"extractor review: {msg}", file=sys.stderr)) -> dict:
    """Write the review pages; returns a summary dict (documents, pages,
    records, dropped, misses, fps, errors).  Raises ReviewError on a usage
    error (nothing is written)."""
    from extractor.articles import LoadError, load_paths
    from extractor.summarize import OutputError, load_output

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ReviewError(f"-o {out}: exists and is not a directory")
    for name in ("index.html",):
        if (out / name).exists() and not _is_ours(out / name):
            raise ReviewError(f"-o {out}: {out / name} exists and was not written by extractor "
                              "review; choose another directory")
    errors: list[str] = []

    def report(msg: str) -> None:
        errors.append(msg)
        on_error(msg)

    try:
        records = load_output(output, on_error=report)
    except OutputError as e:
        raise ReviewError(str(e)) from None

    articles: dict[str, Any] = {}
    if raw:
        if not Path(raw).exists():
            raise ReviewError(f"--raw {raw}: no such file or directory")
        for item in load_paths([raw]):
            if isinstance(item, LoadError):
                report(str(item))
            elif item.doc_id not in articles:
                articles[item.doc_id] = item
    texts = {d: a.text for d, a in articles.items()}

    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        by_doc[r.get("doc_id")].append(i)
    doc_ids = list(dict.fromkeys([*by_doc, *articles]))

    gold_docs: set = set()
    status: dict[int, str] = {}
    notes: dict[int, str] = {}
    misses_by: dict[str, list[dict]] = defaultdict(list)
    if gold:
        if not Path(gold).exists():
            raise ReviewError(f"--gold {gold}: no such file or directory")
        try:
            gold_docs, status, notes, misses = gold_marks(Path(gold), records, texts)
        except (OSError, ValueError) as e:
            raise ReviewError(f"--gold {gold}: {e}") from None
        for g in misses:
            misses_by[g["doc_id"]].append(g)
        doc_ids += [d for d in sorted(gold_docs) if d not in doc_ids and d in texts]

    extractors: dict = {}

    def extractor_for(doc_lang: Optional[str]):
        """The pipeline that made a document's records: the language its
        records say (``lang``), else ``lang`` (as extract's --lang)."""
        from extractor.pipeline import Extractor

        key = doc_lang or lang
        if key not in extractors:
            try:
                extractors[key] = Extractor(config, lang=key)
            except TypeError:  # a pipeline without languages
                extractors[key] = Extractor(config)
            except (OSError, ValueError) as e:  # no pipeline for that language, a bad config
                raise ReviewError(f"cannot build the pipeline for the dropped facts: {e} "
                                  "(--lang, --config, or --no-dropped)") from None
        return extractors[key]

    if dropped and articles:
        extractor_for(None)  # a bad --lang or --config is a usage error before anything is written
    (out / "docs").mkdir(parents=True, exist_ok=True)
    taken: set = set()
    index_rows = []
    totals = Counter()
    for doc_id in doc_ids:
        text = texts.get(doc_id)
        warnings = []
        spans: list[dict] = []
        if text is None:
            warnings.append(f"no article text for {doc_id}" + (f" in {raw}" if raw else " (give --raw DIR)")
                            + ": the records are listed without their context")
        source = None
        out_keys = set()
        for i in by_doc.get(doc_id, []):
            r = records[i]
            source = source or r.get("source")
            s = record_span(r, len(spans))
            s["status"] = status.get(i)
            s["note"] = notes.get(i)
            if text is not None and not (isinstance(s["start"], int) and isinstance(s["end"], int)
                                         and text[s["start"]:s["end"]] == s["text"]):
                warnings.append(f"record {s['type']} {s['text']!r} at {s['start']}-{s['end']} does not "
                                f"match the article text there: not highlighted (another version of "
                                f"the article?)")
                if text is not None:
                    s["start"] = s["end"] = None
            spans.append(s)
            out_keys.add((s["type"], s["start"], s["end"]))
        n_dropped = 0
        if dropped and doc_id in articles:
            doc_lang = next((records[i].get("lang") for i in by_doc.get(doc_id, []) if records[i].get("lang")), None)
            ex = extractor_for(doc_lang)
            try:
                facts, kept = dropped_facts(ex, articles[doc_id])
            except Exception as e:  # one article's failure costs only its dropped layer
                report(f"{articles[doc_id].path or doc_id} [{doc_id}]: the pipeline failed, no dropped "
                       f"facts shown: {type(e).__name__}: {e}")
                facts, kept = [], []
            out_facts = {k for k in out_keys if k[0] in FACT_TYPES}
            if by_doc.get(doc_id) and set(kept) != out_facts:
                warnings.append("the records in the output differ from what this pipeline finds now "
                                "(another version or --config?): the dropped facts shown are this "
                                "pipeline's")
            for f in facts:
                if (f["type"], f["start"], f["end"]) in out_keys:
                    continue
                f["id"] = len(spans)
                spans.append(f)
                n_dropped += 1
        for g in misses_by.get(doc_id, []):
            s = record_span(g, len(spans))
            s.update(layer="miss", status="miss", rule=None,
                     note="in the gold, not matched by any output record (strict: overlap and key value)")
            spans.append(s)
        for s in spans:  # a record that does not fit the text: in the table, not in the text
            if not isinstance(s["start"], int):
                s["start"] = s["end"] = -1
        name = page_name(doc_id, taken)
        page_lang = "vi" if text and VIETNAMESE_RE.search(text[:3000]) else "en"
        page = doc_page(doc_id, text, spans, warnings, bool(gold), source, page_lang)
        _write(out / "docs" / name, page)
        doc_lang = next((records[i].get("lang") for i in by_doc.get(doc_id, []) if records[i].get("lang")), None)
        row = {"doc_id": doc_id, "lang": doc_lang, "href": f"docs/{name}", "chars": len(text) if text is not None else None,
               "types": Counter(s["type"] for s in spans if s["layer"] == "record"),
               "dropped": n_dropped}
        if gold:
            scored = doc_id in gold_docs
            row["misses"] = sum(s["layer"] == "miss" for s in spans) if scored else None
            row["fps"] = sum(s["status"] == "fp" for s in spans) if scored else None
        index_rows.append(row)
        totals.update(records=sum(s["layer"] == "record" for s in spans), dropped=n_dropped,
                      misses=sum(s["layer"] == "miss" for s in spans),
                      fps=sum(s["status"] == "fp" for s in spans))
    title = f"extractor review: {Path(output).name}"
    _write(out / "index.html", index_page(index_rows, [f"error: {e}" for e in errors], bool(gold), title))
    return {"documents": len(doc_ids), "pages": len(index_rows), **totals, "errors": errors,
            "index": str(out / "index.html")}


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="extractor review",
        description="Write static HTML pages (no server; open index.html in a browser) showing "
                    "each article's text with its records highlighted by type, the facts the "
                    "priority step dropped (greyed), and, with --gold, gold misses and false "
                    "positives.")
    ap.add_argument("output", metavar="OUT", help="what extractor extract wrote (.jsonl, .parquet, a directory)")
    ap.add_argument("--raw", metavar="DIR", help="the articles the output was made from "
                                                 "(directories, .txt, .jsonl, as for extract)")
    ap.add_argument("-o", "--out-dir", metavar="DIR", required=True,
                    help="where to write index.html and docs/*.html")
    ap.add_argument("--gold", metavar="GOLD", help="gold JSONL file or directory: mark misses and "
                                                   "false positives")
    ap.add_argument("--config", metavar="CFG", help="the pipeline config of the run (for the dropped facts)")
    ap.add_argument("--lang", default="auto", metavar="auto|en|vi",
                    help="the language of the run, for the dropped facts, when the records do not "
                         "say it (default: auto, as extract)")
    ap.add_argument("--no-dropped", action="store_true",
                    help="do not run the pipeline again to show the dropped facts")
    return ap


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Exit 0; 1 on a usage error (nothing written); 2 when some inputs were
    bad (each reported; pages were written for the rest)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as e:
        return 0 if e.code in (0, None) else 1
    try:
        summary = build(args.output, args.raw, args.out_dir, gold=args.gold, config=args.config,
                        dropped=not args.no_dropped, lang=args.lang)
    except ReviewError as e:
        print(f"extractor review: error: {e}", file=sys.stderr)
        return 1
    gold = f", {summary['misses']} gold misses, {summary['fps']} false positives" if args.gold else ""
    print(f"extractor review: {summary['pages']} documents, {summary['records']} records, "
          f"{summary['dropped']} dropped{gold} -> {summary['index']}", file=sys.stderr)
    return 2 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
