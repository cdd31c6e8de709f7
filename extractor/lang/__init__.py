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
    extractor/lang/vn/people.yaml         Vietnam's family names (all languages)

Each file is validated at load by its pydantic model
(``extractor.lang.models``); every language has the same files and keys.
``load(code)`` is the merged table the rule components read (the language's
files plus the domain data); ``context(code)`` the context component's
table; ``gazetteer()`` the places; ``grammar(code)`` the grammar module.
Adding a language is adding a folder beside ``en/`` and ``vi/``.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Optional

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


def cache_dir() -> Optional[Path]:
    """Where parsed tables are cached: ``$EXTRACTOR_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/extractor`` or ``~/.cache/extractor``; None (no cache)
    when ``EXTRACTOR_CACHE_DIR`` is ``off``."""
    env = os.environ.get("EXTRACTOR_CACHE_DIR")
    if env:
        return None if env.lower() in ("off", "0", "none") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "extractor"


@lru_cache(maxsize=1)
def _models_digest() -> str:
    """Changes whenever the table models change (a cached table was
    validated by the models of its day)."""
    return hashlib.sha1((LANG_DIR / "models.py").read_bytes()).hexdigest()[:12]


def _read(folder: str, name: str, model) -> dict:
    """A table file, parsed and validated.  Parsing YAML in pure Python is
    most of a cold start's table work, so the parsed, validated table is
    pickled in ``cache_dir()`` under a hash of the file's bytes and of the
    models: an edited table or model is parsed anew; an unwritable cache
    only costs the parse."""
    path = LANG_DIR / folder / f"{name}.yaml"
    if not path.exists():
        raise TableError(f"{path}: missing (every language has {', '.join(LANGUAGE_TABLES)})")
    raw = path.read_bytes()
    cdir = cache_dir()
    cached = None
    if cdir is not None:
        key = hashlib.sha1(raw + _models_digest().encode()).hexdigest()
        cached = cdir / f"{folder}-{name}-{key}.pickle"
        try:
            with open(cached, "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass
    data = srsly.yaml_loads(raw.decode("utf-8")) or {}
    try:
        model.model_validate(data)
    except ValidationError as e:
        raise TableError(f"{path}: {e}") from None
    if cached is not None:
        try:
            cdir.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cached)
        except (OSError, ValueError):
            pass
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
