"""The fuzz harness itself (pipelines/fuzz.py): its checks run, and an input
over the per-input time budget fails the run."""

import importlib.util
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("fuzz", ROOT / "pipelines" / "fuzz.py")
fuzz = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fuzz)


@pytest.fixture(scope="module")
def checks():
    return fuzz.Checks(input_seconds=1.0)


def test_seeds_pass(checks):
    for s in fuzz.seeds()[:6]:
        checks(s)
    assert checks.inputs == 6


def test_a_slow_input_fails_the_run(checks, monkeypatch):
    monkeypatch.setattr(checks, "_check", lambda data: time.sleep(1.5))
    with pytest.raises(fuzz.TooSlow, match="budget 1 s per input"):
        checks(b"12 cadres")


def test_hypothesis_engine_runs_briefly():
    assert fuzz.run_hypothesis(2, max_len=4096, input_seconds=30) == 0
