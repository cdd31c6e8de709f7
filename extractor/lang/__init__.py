"""Per-language rule tables and grammar, kept as data (like spaCy's
``lang/<code>/`` and Duckling's per-language resources).

Layout::

    extractor/lang/<code>/tokens.yaml     tokenizer special cases
    extractor/lang/<code>/numbers.yaml    separators, number words, qualifiers, unit words
    extractor/lang/<code>/dates.yaml      month names, range words, year cues
    extractor/lang/<code>/documents.yaml  type words, issuer phrases
    extractor/lang/<code>/context.yaml    entities and the context of facts
    extractor/lang/<code>/grammar.py      the few rules that are grammar, not words
    extractor/lang/vn/documents.yaml      Vietnam's document codes and issuer codes (all languages)
    extractor/lang/vn/gazetteer.yaml      Vietnam's places (all languages)

Each file is validated at load by its pydantic model
(``extractor.lang.models``); every language has the same files and keys.
``load(code)`` is the merged table the rule components read (the language's
files plus the domain data); ``context(code)`` the context component's
table; ``gazetteer()`` the places; ``grammar(code)`` the grammar module.
Adding a language is adding a folder beside ``en/`` and ``vi/``.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

import srsly
from pydantic import ValidationError

from extractor.lang.models import DOMAIN_TABLES, LANGUAGE_TABLES

LANG_DIR = Path(__file__).parent
DOMAIN = "vn"  # the country whose documents and places every language reads


class TableError(ValueError):
    """A rule table that is missing or does not fit its model."""


def available() -> list[str]:
    """Language codes that have tables (a folder with a ``numbers.yaml``)."""
    return sorted(p.parent.name for p in LANG_DIR.glob("*/numbers.yaml"))


def _read(folder: str, name: str, model) -> dict:
    path = LANG_DIR / folder / f"{name}.yaml"
    if not path.exists():
        raise TableError(f"{path}: missing (every language has {', '.join(LANGUAGE_TABLES)})")
    data = srsly.read_yaml(path) or {}
    try:
        model.model_validate(data)
    except ValidationError as e:
        raise TableError(f"{path}: {e}") from None
    return data


@lru_cache(maxsize=None)
def table_file(lang: str, name: str) -> dict:
    """One validated table file of a language (cached; read-only)."""
    if lang not in available():
        raise ValueError(f"no rule tables for language {lang!r} (have: {', '.join(available())})")
    return _read(lang, name, LANGUAGE_TABLES[name])


@lru_cache(maxsize=None)
def domain(name: str) -> dict:
    """One validated domain table (``vn/documents.yaml``, ``vn/gazetteer.yaml``)."""
    return _read(DOMAIN, name, DOMAIN_TABLES[name])


@lru_cache(maxsize=None)
def load(lang: str = "en") -> dict:
    """The rule table of ``lang``: its tokens, numbers, dates and documents
    files merged with Vietnam's document codes (cached; read-only)."""
    merged: dict = {"language": lang}
    for name in ("tokens", "numbers", "dates", "documents"):
        merged.update(table_file(lang, name))
    merged.update(domain("documents"))
    return merged


def context(lang: str = "en") -> dict:
    """The context component's table of ``lang``."""
    return table_file(lang, "context")


def gazetteer() -> dict:
    """Places of Vietnam: provinces (before and after the 2025 merger),
    districts, communes and regions."""
    return domain("gazetteer")


@lru_cache(maxsize=None)
def grammar(lang: str = "en"):
    """The grammar module of ``lang`` (``extractor.lang.<code>.grammar``)."""
    if lang not in available():
        raise ValueError(f"no grammar for language {lang!r} (have: {', '.join(available())})")
    return importlib.import_module(f"extractor.lang.{lang}.grammar")


def surface_forms(entry: dict) -> list[str]:
    """The ways a gazetteer entry is written: its name, its Vietnamese name
    and its aliases, each once, in that order."""
    return [n for n in dict.fromkeys([entry["name"], entry.get("vi")] + list(entry.get("aliases") or [])) if n]
