"""The context component is language-neutral (issue 9): no word of the
English tables and no English word-form rule is written in its code
(extractor/components/context/*.py, paragraphs.py, base.py).  Words live in
extractor/lang/<code>/context.yaml and tokens.yaml, grammar in the context
section of extractor/lang/<code>/grammar.py; settings that are not language
in the pipeline config."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import regex
import srsly

from extractor import lang

ROOT = Path(__file__).resolve().parents[2]
CODE = sorted((ROOT / "extractor" / "components" / "context").glob("*.py")) + [
    ROOT / "extractor" / "components" / "paragraphs.py", ROOT / "extractor" / "components" / "base.py"]

# table keys whose values are English words or phrases (the others hold
# identifiers: gazetteer sections and kinds, level names, record fields)
VOCABULARY = ["sub_links", "definite_articles", "party_names", "body_heads", "institution_heads",
              "institution_links", "not_place_words", "role_after_body", "honorifics", "name_stop_words",
              "role_words", "role_modifiers", "title_separators", "as_of_phrases", "as_of_prefixes",
              "now_phrases", "subject_stop_words", "subject_determiners", "subject_before_verbs",
              "subject_modifier_preps", "complement_preps", "predicate_starts", "relative_pronouns",
              "coordinators", "of_word", "person_nouns", "breakdown_markers", "breakdown_ends_before_number",
              "restating_links", "province_issuer_words", "district_issuer_words"]
# English words and fragments that used to be in the code
FRAGMENTS = ["the", "of", "and", "for", "Central", "Provincial", "City", "District", "Commune", "People's",
             "Party", "Committee", "Standing", "ing", "ed", "'s", "’s"]
# identifiers that are also English words: gazetteer sections and kinds, the
# record's fields and types, the component's settings
IDENTIFIERS = {"city", "province", "district", "commune", "country", "region", "regions", "countries",
               "provinces", "districts", "communes", "location", "organization", "person", "count",
               "ratio", "date", "point", "percent", "fraction", "kind", "name", "title", "value",
               "unit", "level", "central", "department", "subject", "predicate", "checks", "range",
               "breakdown", "sum", "total", "parts", "reason", "with", "computed", "ok", "part_of",
               "canonical", "refers_to", "issuer", "year", "symbol", "number", "issued_on",
               "doc_type", "document_ref", "end", "begin", "language", "head", "the", "of", "and", "for",
               "at", "on", "in", "to"} - {"the", "of", "and", "for"}


KEY_CALLS = {"group", "start", "end", "span", "get", "setdefault", "domain", "table_file", "pop"}


def code_strings(path: Path) -> list[str]:
    """The string constants of a module's code that could be rule material:
    not docstrings, not error messages (``raise``), not keys (subscripts,
    dict keys, ``m.group("name")``, ``t.get("key")``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
        if isinstance(node, ast.Raise):
            skip |= {id(n) for n in ast.walk(node)}
        elif isinstance(node, ast.keyword) and node.arg in ("assigns", "requires"):
            skip |= {id(n) for n in ast.walk(node.value)}  # spaCy attribute names, not words
        elif isinstance(node, ast.Subscript):
            skip |= {id(n) for n in ast.walk(node.slice)}
        elif isinstance(node, ast.Dict):
            skip |= {id(k) for k in node.keys if k is not None}
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in KEY_CALLS:
            skip |= {id(a) for a in node.args}
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip]


def english_words() -> set[str]:
    t = srsly.read_yaml(lang.LANG_DIR / "en" / "context.yaml")
    words: set[str] = set()
    for key in VOCABULARY:
        values = t[key] if isinstance(t[key], list) else [t[key]]
        for v in values:
            words |= {w for w in regex.findall(r"[\p{L}'’]+", v) if len(w) > 1}
    for k in ("canonical_levels", "canonical_forms", "check_reasons"):
        for v in t[k].values():
            words |= set(regex.findall(r"\p{L}+", v))
    return (words | set(FRAGMENTS)) - IDENTIFIERS


@pytest.mark.parametrize("path", CODE, ids=[p.name for p in CODE])
def test_no_english_words_in_the_component(path):
    words = english_words()
    found = []
    for s in code_strings(path):
        # regex syntax (\w, \p{Lu}, (?i) ...) is not language
        bare = regex.sub(r"\\[pPN]\{\w+\}|\\[a-zA-Z]|\(\?[a-zA-Z]+\)|\{[a-z_]+\}|\(\?P[<=]\w+[>)]", " ", s)
        for w in regex.findall(r"[\p{L}'’]+", bare):
            if w in words:
                found.append((w, s))
    assert not found, f"{path.name}: English words in code (move them to the tables): {found}"


def test_the_check_finds_english_words():
    """The check above is not empty: it finds a word that used to be in the code."""
    words = english_words()
    assert {"Provincial", "People's", "of", "Standing", "including"} <= words


def test_settings_are_not_in_the_language_tables():
    for code in lang.available():
        t = srsly.read_yaml(lang.LANG_DIR / code / "context.yaml")
        assert "location_lookback_sentences" not in t and "section_order" not in t


def test_settings_come_from_the_pipeline_config(tmp_path):
    from extractor.articles import Article
    from extractor.pipeline import Extractor
    text = ("Quang Ninh held a conference.\nThe meeting opened.\nIt was long.\n"
            "Dai Loc district sent a delegation.\nOf which, 12 young cadres were promoted.")
    cfg = (ROOT / "pipelines" / "en.cfg").read_text()
    assert "location_lookback_sentences = 2" in cfg

    def loc(config):
        recs = Extractor(config).extract(Article(doc_id="t", text=text)).records
        return [r.location for r in recs if r.type == "count"]

    # the sentence before names Dai Loc; with no look-back, the article's main locality
    assert loc(None) == ["Dai Loc"]
    strict = tmp_path / "strict.cfg"
    strict.write_text(cfg.replace("location_lookback_sentences = 2", "location_lookback_sentences = 0"))
    assert loc(strict) == ["Quang Ninh"]
    bad = tmp_path / "bad.cfg"
    bad.write_text(cfg.replace("location_lookback_sentences = 2", "location_lookback_sentences = -1"))
    with pytest.raises(Exception, match="location_lookback_sentences"):
        Extractor(bad)
    bad2 = tmp_path / "bad2.cfg"
    bad2.write_text(cfg.replace('section_order = ["provinces","districts","communes","regions"]',
                                'section_order = ["provinces","towns"]'))
    with pytest.raises(Exception, match="section_order"):
        Extractor(bad2)
