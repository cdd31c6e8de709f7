"""The package as installed from a wheel (not editable): configs and every
table ship inside it, and it runs from another directory (issue 10.5).
.ci/run also installs the wheel in a fresh venv with its dependencies."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("dist")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                        "-w", str(d), str(ROOT)], capture_output=True, text=True, timeout=300)
    if r.returncode != 0 and "No module named" in r.stderr:
        pytest.skip(f"cannot build a wheel here: {r.stderr[-300:]}")
    assert r.returncode == 0, r.stderr
    (whl,) = d.glob("extractor-*.whl")
    return whl


def test_the_wheel_holds_every_config_and_table(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for cfg in (ROOT / "pipelines").glob("*.cfg"):
        assert f"extractor/configs/{cfg.name}" in names, cfg.name
    for table in (ROOT / "extractor" / "lang").rglob("*.yaml"):
        assert table.relative_to(ROOT).as_posix() in names, table
    assert "extractor/__main__.py" in names


def test_the_installed_wheel_extracts_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                        str(wheel)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "article.txt").write_bytes((ROOT / "data" / "raw" / "001_18b55c52c9600963.txt").read_bytes())
    env = {**os.environ, "PYTHONPATH": str(target)}
    r = subprocess.run([sys.executable, "-m", "extractor", "extract", "article.txt", "-o", "out.jsonl",
                        "--workers", "1"], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert (work / "out.jsonl").read_text(encoding="utf-8").count("\n") > 10
    r = subprocess.run([sys.executable, "-c", "import extractor.pipeline as p; print(p.default_config_path())"],
                       cwd=work, env=env, capture_output=True, text=True)
    assert r.stdout.strip().startswith(str(target)), r.stdout + r.stderr
