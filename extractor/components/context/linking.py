"""Document linking: a later mention refers to its fullest mention
(``refers_to``), and every mention gets a ``canonical_key``.

Mentions are grouped by type and number, then by their signature (symbol,
year, issuer, year of issue): whether two mentions may be the same document
depends on their signatures only, so a document mentioned ten thousand times
costs one comparison per distinct signature, not one per pair of mentions."""

from __future__ import annotations

from collections import defaultdict
from typing import Optional


from extractor.components.base import Fact
from extractor.components.context.tables import ContextTables, Place

# ----------------------------------------------------------------------------
# Document linking


def _strip0(n: Optional[str]) -> Optional[str]:
    return n.lstrip("0") or "0" if n else n


def _info(f: Fact) -> int:
    a = f.attrs
    return 2 * bool(a.get("symbol")) + 2 * bool(a.get("issued_on")) + bool(a.get("issuer")) \
        + bool(a.get("title")) + bool(a.get("year"))


def _issued_year(f: Fact) -> Optional[int]:
    d = f.attrs.get("issued_on") or ""
    return int(d[:4]) if d[:1].isdigit() else None


def _signature(f: Fact) -> tuple:
    """What decides whether two mentions may be one document."""
    a = f.attrs
    return (a.get("symbol"), a.get("year"), a.get("issuer"), a.get("year") or _issued_year(f))


def _compatible(a: tuple, b: tuple) -> bool:
    """Two signatures that do not contradict each other (a missing value
    agrees with any)."""
    for x, y in zip(a, b):
        if x and y and x != y:
            return False
    return True


def link_documents(docs: list[Fact], locality: Optional[Place], district: Optional[Place],
                   tables: ContextTables) -> None:
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in sorted(docs, key=lambda f: f.start):
        groups[(f.attrs.get("doc_type"), _strip0(f.attrs.get("number")))].append(f)
    for (doc_type, number), mentions in groups.items():
        # the mentions of each signature, in text order
        by_sig: dict[tuple, list[Fact]] = defaultdict(list)
        for f in mentions:
            by_sig[_signature(f)].append(f)
        # the fullest mention first (the earliest on a tie): each cluster is
        # the fullest mention left and every mention compatible with it
        for full in sorted(mentions, key=lambda f: (-_info(f), f.start)):
            fs = _signature(full)
            if fs not in by_sig:
                continue  # already in a cluster
            taken = [s for s in by_sig if _compatible(s, fs)]
            cluster = sorted((f for s in taken for f in by_sig.pop(s)), key=lambda f: f.start)
            issuer = full.attrs.get("issuer") or next((f.attrs["issuer"] for f in cluster if f.attrs.get("issuer")), None)
            year = next((f.attrs["year"] for f in [full] + cluster if f.attrs.get("year")), None)
            if year is None:
                year = next((_issued_year(f) for f in [full] + cluster if _issued_year(f) is not None), None)
            who = issuer or "?"
            if issuer and any(w in issuer for w in tables.province_issuer_words):
                who = f"{issuer} ({locality.name})" if locality else issuer
            elif issuer and any(w in issuer for w in tables.district_issuer_words):
                who = f"{issuer} ({district.name})" if district else issuer
            key = f"{who}|{doc_type}|{number or '?'}|{year or '?'}"
            for f in cluster:
                f.attrs["canonical_key"] = key
                f.attrs["refers_to"] = full.start if f is not full else None
