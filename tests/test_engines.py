"""The engines give the same bytes: one process, a pool of two, and a Dask
cluster of two worker processes; and the benchmark's corpus and the faster
date matcher change nothing they should not."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import bench
from extractor.engines import local

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    """data/raw, 30 varied copies of it in a .jsonl, and bad inputs: a line
    that is not JSON, a line without text, a doc_id used twice, a path that
    does not exist."""
    d = tmp_path_factory.mktemp("corpus")
    sources = bench.source_articles(RAW)
    with open(d / "copies.jsonl", "w", encoding="utf-8") as fh:
        for i, item in enumerate(bench.corpus_items(30, sources, seed=7)):
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
            if i == 3:
                fh.write("{not json\n")
            if i == 5:
                fh.write(json.dumps({"doc_id": "no_text"}) + "\n")
    (d / "dupe.jsonl").write_text(json.dumps({"doc_id": "001_18b55c52c9600963",
                                              "text": "Resolution No. 5 of 2021."}) + "\n",
                                  encoding="utf-8")
    return [str(RAW), str(d / "copies.jsonl"), str(d / "dupe.jsonl"), str(d / "missing.txt")]


def _run_local(paths, out: Path, workers: int):
    errors = []
    summary = local.run(paths, str(out), workers=workers, errors_path=str(out) + ".errors",
                        on_error=errors.append)
    return summary, errors


def _same_summary(a, b) -> None:
    assert (a.documents, a.records, a.failed, a.skipped, a.exit_code) == \
        (b.documents, b.records, b.failed, b.skipped, b.exit_code)


@pytest.fixture(scope="module")
def one_worker(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("w1") / "out.jsonl"
    summary, errors = _run_local(corpus, out, workers=1)
    return out, summary, errors


def test_one_worker_run_is_sane(one_worker):
    out, summary, errors = one_worker
    assert summary.documents == len(list(RAW.glob("*.txt"))) + 30
    assert summary.records > 100
    stages = sorted(e["stage"] for e in errors)
    assert stages == ["input", "input", "parse", "parse"], errors
    assert out.read_bytes().count(b"\n") == summary.records


def test_two_workers_give_identical_bytes(corpus, one_worker, tmp_path):
    out1, summary1, errors1 = one_worker
    out2 = tmp_path / "out.jsonl"
    summary2, errors2 = _run_local(corpus, out2, workers=2)
    assert out2.read_bytes() == out1.read_bytes()
    assert Path(str(out2) + ".errors").read_bytes() == Path(str(out1) + ".errors").read_bytes()
    assert errors2 == errors1
    _same_summary(summary2, summary1)


def test_one_article_does_not_start_a_pool(monkeypatch, tmp_path):
    def no_pool(*a, **k):
        raise AssertionError("a pool was started for one article")

    monkeypatch.setattr(local.mp, "get_context", no_pool)
    out = tmp_path / "one.jsonl"
    summary = local.run([str(RAW / "007_dongnai_party_admission.txt")], str(out), workers=4)
    assert summary.documents == 1 and summary.records > 0


def test_dask_local_cluster_gives_identical_bytes(corpus, one_worker, tmp_path):
    distributed = pytest.importorskip("distributed")
    from extractor.engines import dask as dask_engine

    out1, summary1, errors1 = one_worker
    out = tmp_path / "dask.jsonl"
    errors = []
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        summary = dask_engine.run(corpus, str(out), scheduler=cluster.scheduler_address,
                                  errors_path=str(out) + ".errors", on_error=errors.append,
                                  partition_docs=5)
        # both workers did some of the work
        with distributed.Client(cluster) as client:
            assert len(client.nthreads()) == 2
    assert out.read_bytes() == out1.read_bytes()
    assert Path(str(out) + ".errors").read_bytes() == Path(str(out1) + ".errors").read_bytes()
    assert errors == errors1
    _same_summary(summary, summary1)
    parts = sorted((tmp_path / "dask.jsonl.parts").glob("part-*.jsonl"))
    assert len(parts) >= 8  # 38 articles and 6 bad inputs in partitions of 5
    assert b"".join(p.read_bytes() for p in parts) == out.read_bytes()
    assert not list(tmp_path.glob("*.partial*"))


def test_dask_writes_partitioned_parquet(tmp_path):
    """Issue 10.1: -o OUT.parquet with the Dask engine gives the merged table
    and a partitioned dataset (one Parquet file per partition) with the same rows."""
    distributed = pytest.importorskip("distributed")
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow.dataset as ds
    from extractor.engines import dask as dask_engine

    paths = [str(p) for p in sorted(RAW.glob("0*.txt"))]
    local.run(paths, str(tmp_path / "local.parquet"), workers=1)
    out = tmp_path / "dask.parquet"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        dask_engine.run(paths, str(out), client=client, partition_docs=3)
    want = pq.read_table(tmp_path / "local.parquet")
    assert pq.read_table(out).equals(want)
    parts = sorted((tmp_path / "dask.parquet.parts").glob("part-*.parquet"))
    assert len(parts) >= 3
    assert ds.dataset([str(p) for p in parts], format="parquet").to_table().equals(want)


def test_dask_partitions_keep_order_and_bounds():
    pytest.importorskip("distributed")
    from extractor.articles import Article
    from extractor.engines.dask import partitions

    items = [Article(doc_id=str(i), text="x" * (i % 4 * 100)) for i in range(20)]
    parts = list(partitions(items, docs=6, nbytes=500))
    assert [a for p in parts for a in p] == items
    assert all(len(p) <= 6 for p in parts)
    assert all(sum(len(a.text) for a in p) <= 500 for p in parts)


# -- the benchmark's corpus ----------------------------------------------------
def test_corpus_varies_numbers_and_dates_but_keeps_their_shape():
    sources = bench.source_articles(RAW)
    items = list(bench.corpus_items(24, sources, seed=0))
    assert len({it["doc_id"] for it in items}) == 24
    # the 8 sources, 3 copies each: every copy differs from the others
    assert len({it["text"] for it in items}) == 24
    for it in items:
        src = dict(sources)[it["doc_id"].split("_", 1)[1]]
        assert len(it["text"]) == len(src)  # digit runs keep their width
        assert [c.isdigit() for c in it["text"]] == [c.isdigit() for c in src]
    again = list(bench.corpus_items(24, sources, seed=0))
    assert again == items


def test_vary_keeps_year_ranges_ordered():
    text = "in the 2020-2025 term, from May 3, 2021 to June 2022, 1,004 out of 1,007"
    for seed in range(50):
        out = bench.vary(text, random.Random(seed))
        a, b = out.split(" term")[0].split("the ")[1].split("-")
        assert int(a) < int(b)


# -- the faster date matcher -------------------------------------------------------
@pytest.mark.parametrize("code", ["en", "vi"])
def test_date_atoms_match_the_union_regex(code):
    """``DateFinder._atom_matches`` (one search per pattern) finds what the
    patterns' union (``union_regex``) finds, on date-like noise."""
    from extractor.components.dates import finder_for

    f = finder_for(code)
    union = f.union_regex()
    toks = ["May", "may", "MAY", "June", "Sept.", "31", "1", "05", "2021", "1999", "2100", "/", "-",
            ".", ",", "on", "On", "from", "to", "until", "between", "and", "of", "st", "th",
            "2020-2025", "2020/2021", "12/5", "3.4.2019", "2024-11-12", " ", "\n", "x",
            "Resolution", "No.", "%", "as of", "after",
            "tháng", "năm", "Ngày", "ngày", "Sáng", "đợt", "quý", "IV", "từ", "đến", "nay", "số", "-QĐ", "–"]
    rng = random.Random(3)

    def key_part(m, i):
        return m.span(), i, {k: v for k, v in m.groupdict().items() if v is not None}

    def key_union(m):
        i = next(int(k[1:-1]) for k, v in m.groupdict().items() if k.endswith("_") and v is not None)
        groups = {k.split("_", 1)[1]: v for k, v in m.groupdict().items()
                  if v is not None and k.startswith(f"p{i}_") and not k.endswith("_")}
        return m.span(), i, groups

    texts = [(RAW / n).read_text(encoding="utf-8") for n in sorted(p.name for p in RAW.glob("*.txt"))]
    texts += ["".join(rng.choice(toks) + rng.choice(["", " ", " ", ", "]) for _ in range(rng.randint(1, 25)))
              for _ in range(3000)]
    for t in texts:
        assert [key_part(m, i) for m, i in f._atom_matches(t)] == [key_union(m) for m in union.finditer(t)], t


# -- the benchmark itself ----------------------------------------------------------
@pytest.mark.slow
def test_bench_runs_and_prints_every_figure(tmp_path):
    res_path = tmp_path / "bench.json"
    # -n equal to an RSS size: the RSS step must not delete the corpus the
    # model step still reads
    proc = subprocess.run([sys.executable, str(ROOT / "pipelines" / "bench.py"), "-n", "24", "--rounds", "2",
                           "--workers", "2", "--rss-sizes", "16,24", "--model-docs", "4",
                           "--json", str(res_path)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    for needle in ("docs/s", "MB/s", "peak RSS", "cold start", "x the floor", "speed-up", "ceiling",
                   "| measure | figure |", "[en] ", "[vi] ", "ms/article"):
        assert needle in proc.stdout, needle
    res = json.loads(res_path.read_text())
    for code in ("en", "vi"):
        r = res["languages"][code]
        assert r["pipeline"]["docs"] == 24 and r["floor"]["docs"] == 24
        assert r["parallel"]["identical"] is True
        assert r["cold_start"]["floor_s"] > 0 and r["steps"]["docs"] == 24
        # the ceiling rebuilt and wrote exactly the pipeline's records, and costs less than it
        assert r["bound"]["docs"] == 24 and r["bound"]["records"] == r["pipeline"]["records"]
        assert r["bound"]["identical"] is True and r["bound"]["floor_ratio"] > r["pipeline"]["floor_ratio"]
        assert r["floor"]["rounds"] == 2 and len(r["pipeline"]["round_ratios"]) == 2
    assert [r["docs"] for r in res["rss"]] == [16, 24]
    if res.get("model", {}).get("model"):
        assert res["model"]["docs"] == 4


def test_bench_fails_loudly_with_nothing_to_measure(tmp_path):
    (tmp_path / "a.txt").write_text("The province admitted 288 new party members in 2024.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(ROOT / "pipelines" / "bench.py"), "-n", "2",
                           "--workers", "1", "--rss-sizes", "none", "--no-model", "--lang", "vi",
                           "--source", str(tmp_path)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 1
    assert "no articles in language 'vi'" in proc.stderr and "nothing to measure" in proc.stderr
    proc = subprocess.run([sys.executable, str(ROOT / "pipelines" / "bench.py"), "--lang", "xx"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 1 and "--lang xx: not a language" in proc.stderr


def test_hostile_texts_have_the_size_asked():
    sources = bench.source_articles(RAW, "en")
    for case in bench.HOSTILE_CASES:
        t = bench.hostile_text(case, 5000, sources)
        assert len(t) == 5000, case


@pytest.mark.slow
def test_bench_hostile_runs(tmp_path):
    res_path = tmp_path / "hostile.json"
    proc = subprocess.run([sys.executable, str(ROOT / "pipelines" / "bench.py"), "--hostile",
                           "--hostile-sizes", "3000", "--json", str(res_path)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    res = json.loads(res_path.read_text())
    assert [c["case"] for c in res["cases"]] == list(bench.HOSTILE_CASES)
    assert "per 100 kB" in proc.stdout and "hostile text within" in proc.stdout
