"""``extractor diff`` (extractor/diff.py): records gained, lost and changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.diff import diff_records, main
from extractor.evaluate import load_records

TEXT = "".join(f"Line {i:02d} of the made-up article text.\n" for i in range(10))

DEFAULTS = {
    "document_ref": {"doc_type": "resolution"},
    "date": {"kind": "point", "value": "2025"},
    "count": {"value": 1},
    "ratio": {"kind": "percent", "percent": 1.0},
}


def rec(type_: str, start: int, end: int, /, doc_id: str = "d1", **fields) -> dict:
    return {
        "schema_version": "1", "doc_id": doc_id, "type": type_,
        "text": TEXT[start:end], "start_char": start, "end_char": end,
        **{**DEFAULTS[type_], **fields},
    }


OLD = [
    rec("count", 0, 4, value=5, unit="cadres", extractor_version="0.1.0"),    # same (version ignored)
    rec("date", 10, 14, value="2021"),                                         # lost
    rec("count", 20, 24, value=10, unit="cadres"),                             # unit changed
    rec("document_ref", 30, 40, number="04", symbol="04-NQ/TU"),               # number "04" -> "4"
    rec("count", 50, 52, value=7),                                             # value 7 -> 8
    rec("ratio", 60, 63, percent=90.0, doc_id="d2"),                           # same (1e-7 off)
    rec("count", 70, 72, value=3, doc_id="d2"),                                # becomes a ratio
]
NEW = [
    rec("count", 0, 4, value=5, unit="cadres", extractor_version="0.2.0"),
    rec("count", 20, 24, value=10, unit="officials"),
    rec("document_ref", 30, 40, number="4", symbol="04-NQ/TU"),
    rec("count", 50, 52, value=8),
    rec("date", 80, 84, value="2024"),                                         # gained
    rec("ratio", 60, 63, percent=90.0000001, doc_id="d2"),
    rec("ratio", 70, 72, percent=3.0, doc_id="d2"),
]


def _write(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def runs(tmp_path):
    return _write(tmp_path / "old.jsonl", OLD), _write(tmp_path / "new.jsonl", NEW)


def test_diff_records(runs):
    result = diff_records(load_records(runs[0]), load_records(runs[1]))
    assert result["summary"] == {"gained": 1, "lost": 1, "changed": 4}
    d1, d2 = result["documents"]["d1"], result["documents"]["d2"]
    assert [(r["type"], r["start_char"]) for r in d1["gained"]] == [("date", 80)]
    assert [(r["type"], r["start_char"]) for r in d1["lost"]] == [("date", 10)]
    changed = {c["old"]["start_char"]: c["fields"] for c in d1["changed"]}
    assert changed == {
        20: {"unit": ["cadres", "officials"]},
        30: {"number": ["04", "4"]},       # same identity ("4" == "04"), a field differs
        50: {"value": [7, 8]},             # same span, the key value changed
    }
    # d2: the near-equal percent is no change; the count that became a ratio is.
    assert d2["gained"] == [] and d2["lost"] == []
    [c] = d2["changed"]
    assert c["old"]["type"] == "count" and c["new"]["type"] == "ratio"
    assert c["fields"]["type"] == ["count", "ratio"] and c["fields"]["percent"] == [None, 3.0]
    assert "extractor_version" not in json.dumps(
        [c["fields"] for d in result["documents"].values() for c in d["changed"]])


def test_identical_runs(runs):
    assert main([str(runs[0]), str(runs[0])]) == 0
    result = diff_records(load_records(runs[0]), load_records(runs[0]))
    assert result == {"documents": {}, "summary": {"gained": 0, "lost": 0, "changed": 0}}


def test_duplicates_are_counted(tmp_path):
    old = _write(tmp_path / "a.jsonl", [rec("count", 0, 4)])
    new = _write(tmp_path / "b.jsonl", [rec("count", 0, 4), rec("count", 0, 4)])
    result = diff_records(load_records(old), load_records(new))
    assert result["summary"] == {"gained": 1, "lost": 0, "changed": 0}


def test_cli_text(runs, capsys):
    assert main([str(runs[0]), str(runs[1])]) == 1  # the runs differ
    lines = capsys.readouterr().out.splitlines()
    # Per document, by position: - lost, ~ changed (field: old -> new), + gained.
    assert lines == [
        "== d1",
        "  - date [10:14] ' the' = point 2021",
        "  ~ count [20:24] 'up a' = 10: unit: 'cadres' -> 'officials'",
        "  ~ document_ref [30:40] ' text.\\nLin' = resolution 04: number: '04' -> '4'",
        "  ~ count [50:52] 'e ' = 7: value: 7 -> 8",
        "  + date [80:84] '2 of' = point 2024",
        "== d2",
        "  ~ count [70:72] 'xt' = 3: kind: None -> 'percent'; percent: None -> 3.0; "
        "type: 'count' -> 'ratio'; unit: '' -> None; value: 3 -> None",
        "1 gained, 1 lost, 4 changed",
    ]


def test_cli_json(runs, capsys):
    assert main([str(runs[0]), str(runs[1]), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["summary"] == {"gained": 1, "lost": 1, "changed": 4}
    assert set(result["documents"]) == {"d1", "d2"}


def test_cli_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{}\n")
    assert main([str(bad), str(bad)]) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err


def test_cli_empty_input_is_an_error(tmp_path, runs, capsys):
    """Issue 10.6: an empty file (a failed run, a wrong path) is not 'no change'."""
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert main([str(runs[0]), str(empty)]) == 2
    assert "no records" in capsys.readouterr().err
    (tmp_path / "nothing").mkdir()
    assert main([str(tmp_path / "nothing"), str(runs[0])]) == 2
