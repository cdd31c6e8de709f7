"""The language seam over the whole of extractor/components/ and
extractor/normalize/ (issue 9): no code tests a language code, and no string
in the code is written in a language (no Vietnamese letter, no English
function word as a rule fragment).  The per-component tests
(tests/components/test_context_neutral.py, test_documents_seam.py and the
table-word tests in test_dates.py / test_counts.py) check every word of the
tables; this one covers every module, including new ones."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import regex

from extractor import lang

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted((ROOT / "extractor" / "components").rglob("*.py")) + sorted(
    (ROOT / "extractor" / "normalize").glob("*.py"))
FUNCTION_WORDS = {"the", "of", "and", "or", "to", "from", "between", "out", "whom", "which", "dated",
                  "issued", "including", "percent", "than", "more", "less", "about", "over", "under",
                  "until", "present", "year", "years", "month", "months"}
WORD_RE = regex.compile(r"(?<![\\\w(?<P])[a-z]+(?![\w>])")


def _constants(path: Path):
    """(node, string) for the string constants of a module that are not
    docstrings, not inside a ``raise`` and not a factory's default config."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
        if isinstance(node, ast.Raise):
            skip |= {id(n) for n in ast.walk(node)}
        if isinstance(node, ast.keyword) and node.arg == "default_config":
            skip |= {id(n) for n in ast.walk(node.value)}
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "warn", "warning", "RecordError", "ValueError", "print"):
            skip |= {id(n) for n in ast.walk(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node, node.value
        if isinstance(node, ast.Compare):
            for c in [node.left, *node.comparators]:
                if isinstance(c, ast.Constant) and c.value in lang.available():
                    yield c, f"<compares with the language code {c.value!r}>"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT / "extractor")))
def test_no_language_in_the_code(path):
    problems = []
    for node, s in _constants(path):
        if s.startswith("<compares"):
            problems.append(f"line {node.lineno}: {s}")
            continue
        letters = {c for c in s if c.isalpha() and not c.isascii()}
        if letters:
            problems.append(f"line {node.lineno}: non-English letters {sorted(letters)} in {s[:60]!r}")
        words = set(WORD_RE.findall(s)) & FUNCTION_WORDS
        if words and " " in s.strip() or (words and regex.search(r"\\b|\(\?", s)):
            problems.append(f"line {node.lineno}: English words {sorted(words)} in {s[:60]!r}")
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)
