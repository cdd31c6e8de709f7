"""Per-language rule tables, kept as data (one YAML file per language).

``load("en")`` returns the parsed table of ``en.yaml``; the gazetteer of
places is shared by all languages (``gazetteer_vn.yaml``).  Like dateparser's
per-language data, adding a language is adding a file beside these.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import srsly

LANG_DIR = Path(__file__).parent


def available() -> list[str]:
    """Language codes that have a table."""
    return sorted(p.stem for p in LANG_DIR.glob("??.yaml"))


@lru_cache(maxsize=None)
def load(lang: str = "en") -> dict:
    """The rule table of ``lang`` (cached; treat it as read-only)."""
    path = LANG_DIR / f"{lang}.yaml"
    if not path.exists():
        raise ValueError(f"no rule table for language {lang!r} (have: {', '.join(available())})")
    return srsly.read_yaml(path)


@lru_cache(maxsize=None)
def gazetteer() -> dict:
    """Places of Vietnam: provinces (before and after the 2025 merger),
    districts, communes and regions."""
    path = LANG_DIR / "gazetteer_vn.yaml"
    if not path.exists():
        return {"provinces": [], "districts": [], "communes": [], "regions": []}
    return srsly.read_yaml(path)


def surface_forms(entry: dict) -> list[str]:
    """The ways a gazetteer entry is written: its name, its Vietnamese name
    and its aliases, each once, in that order."""
    return [n for n in dict.fromkeys([entry["name"], entry.get("vi")] + list(entry.get("aliases") or [])) if n]

