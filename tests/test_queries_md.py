"""docs/QUERIES.md is run: every Python and SQL block of it, on the bundled
articles (``extractor extract data/raw -o out.jsonl`` and ``extractor
summarize out.jsonl -o tables/``); a Python block followed by a ```text block
must print exactly that text."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "QUERIES.md"
BLOCK_RE = re.compile(r"^```(\w*)\n(.*?)^```\s*$", re.S | re.M)
MARK = "=====QUERIES.md block end====="

pytestmark = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("duckdb", "pandas", "pyarrow")),
    reason="needs duckdb, pandas and pyarrow (pip install .[analysis])")


def blocks() -> list[tuple[str, str, str | None]]:
    """(language, code, the ```text block right after it or None)."""
    found = [(m.group(1), m.group(2)) for m in BLOCK_RE.finditer(DOC.read_text(encoding="utf-8"))]
    out = []
    for i, (lang, code) in enumerate(found):
        if lang in ("python", "sql"):
            nxt = found[i + 1] if i + 1 < len(found) else None
            out.append((lang, code, nxt[1] if nxt and nxt[0] == "text" else None))
    return out


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("queries")
    # as the page says (an article that fails is reported and the others are written)
    assert main(["extract", str(ROOT / "data" / "raw"), "-o", str(d / "out.jsonl"), "--no-progress"]) in (0, 2)
    assert main(["summarize", str(d / "out.jsonl"), "-o", str(d / "tables"), "--quiet"]) == 0
    return d


def test_queries_md_has_parquet_examples_in_duckdb_and_pandas():
    code = [c for lang, c, expected in blocks() if lang == "python" and expected is not None]
    assert any("duckdb" in c and ".parquet" in c for c in code)
    assert any("pd.read_parquet" in c for c in code)


def test_every_query_runs_and_prints_what_the_page_shows(workdir):
    todo = blocks()
    runner = (
        "import json, sys, traceback\n"
        "for lang, code in json.load(open(sys.argv[1], encoding='utf-8')):\n"
        "    if lang == 'sql':\n"
        "        import duckdb\n"
        "        code = f'import duckdb\\nduckdb.sql({code!r}).fetchall()'\n"
        "    try:\n"
        "        exec(compile(code, 'QUERIES.md', 'exec'), {'__name__': '__main__'})\n"
        "    except Exception:\n"
        "        traceback.print_exc(file=sys.stdout)\n"
        "        print('BLOCK FAILED')\n"
        f"    sys.stdout.flush()\n"
        f"    print({MARK!r}, flush=True)\n"
    )
    (workdir / "blocks.json").write_text(json.dumps([(lang, c) for lang, c, _ in todo]), encoding="utf-8")
    (workdir / "runner.py").write_text(runner, encoding="utf-8")
    proc = subprocess.run([sys.executable, "runner.py", "blocks.json"], cwd=workdir,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stderr
    outputs = proc.stdout.split(MARK + "\n")[:-1]
    assert len(outputs) == len(todo)
    for (lang, code, expected), got in zip(todo, outputs):
        assert "BLOCK FAILED" not in got, f"{code}\n---\n{got}"
        if expected is not None:
            norm = lambda s: "\n".join(line.rstrip() for line in s.strip("\n").splitlines())  # noqa: E731
            assert norm(got) == norm(expected), f"{code}\n--- printed:\n{got}"
