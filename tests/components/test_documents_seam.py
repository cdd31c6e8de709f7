"""The document components are language-neutral (issue 9): no word of any
language's documents table, and no English regex fragment, is written in
extractor/components/documents.py or resolve.py outside comments and
docstrings; what differs by language comes from the tables or the grammar
module (extractor/lang/<code>/grammar.py, INTERFACE_DOCUMENTS)."""

import ast
from pathlib import Path

import pytest
import regex

from extractor import lang as lang_tables
from extractor.lang.interface import INTERFACE_DOCUMENTS
from extractor.schema import DocumentRef

ROOT = Path(__file__).resolve().parents[2]
COMPONENTS = [ROOT / "extractor/components/documents.py", ROOT / "extractor/components/resolve.py"]


def code_strings(path: Path) -> list[str]:
    """String constants of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def table_words(code: str) -> set[str]:
    t = lang_tables.table_file(code, "documents")
    words = set(t["doc_words"])
    for key in ("conjunctions", "list_followers", "definite_articles", "issue_verbs", "reference_words",
                "issuer_links", "agent_links", "relative_words", "date_links", "date_prepositions",
                "title_links"):
        words.update(t[key])
    for cues in t["locality_cues"].values():
        words.update(cues)
    return {w.lower() for w in words if len(w) >= 2}


# words the old components wrote in Python (issue 9's list), and the table words
ENGLISH = {"no", "nos", "number", "city party committee", "provincial party committee", "signed",
           "issued", "submitted", "promulgated", "approved", "titled", "entitled", "regarding", "about"}


@pytest.mark.parametrize("path", COMPONENTS, ids=lambda p: p.name)
def test_no_language_words_in_components(path):
    words = ENGLISH | table_words("en") | table_words("vi")
    fields = set(DocumentRef.model_fields)  # record field names are the contract's, not a language's
    found = []
    for s in code_strings(path):
        if s in fields:
            continue
        for w in words:
            if regex.search(rf"(?i)(?<![\w\\]){regex.escape(w)}(?!\w)", s):
                found.append((w, s[:80]))
    assert not found, f"{path.name}: language words in code: {found}"


def test_probe_catches_a_word(tmp_path):
    """The probe itself finds a word written in a string."""
    p = tmp_path / "m.py"
    p.write_text('"""Doc: of the Politburo."""\nX = r"(?:of|dated)\\s+"\n', encoding="utf-8")
    assert code_strings(p) == ["(?:of|dated)\\s+"]


@pytest.mark.parametrize("code", lang_tables.available())
def test_grammar_has_documents_interface(code):
    g = lang_tables.grammar(code)
    missing = [n for n in INTERFACE_DOCUMENTS if not hasattr(g, n)]
    assert not missing, f"extractor/lang/{code}/grammar.py lacks {missing}"
