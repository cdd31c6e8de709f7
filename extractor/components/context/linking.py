"""Document linking: a later mention refers to its fullest mention
(``refers_to``), and every mention gets a ``canonical_key``."""

from __future__ import annotations

from collections import defaultdict
from typing import Optional


from extractor.components.base import Fact
from extractor.components.context.tables import Place

# ----------------------------------------------------------------------------
# Document linking


def _strip0(n: Optional[str]) -> Optional[str]:
    return n.lstrip("0") or "0" if n else n


def _info(f: Fact) -> int:
    a = f.attrs
    return 2 * bool(a.get("symbol")) + 2 * bool(a.get("issued_on")) + bool(a.get("issuer")) \
        + bool(a.get("title")) + bool(a.get("year"))


def _compatible(a: Fact, b: Fact) -> bool:
    for k in ("symbol", "year", "issuer"):
        x, y = a.attrs.get(k), b.attrs.get(k)
        if x and y and x != y:
            return False
    ya = a.attrs.get("year") or (int(a.attrs["issued_on"][:4]) if (a.attrs.get("issued_on") or "")[:1].isdigit() else None)
    yb = b.attrs.get("year") or (int(b.attrs["issued_on"][:4]) if (b.attrs.get("issued_on") or "")[:1].isdigit() else None)
    return not (ya and yb and ya != yb)


def link_documents(docs: list[Fact], locality: Optional[Place], district: Optional[Place]) -> None:
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in sorted(docs, key=lambda f: f.start):
        groups[(f.attrs.get("doc_type"), _strip0(f.attrs.get("number")))].append(f)
    for (doc_type, number), mentions in groups.items():
        pending = list(mentions)
        while pending:
            full = max(pending, key=lambda f: (_info(f), -f.start))
            cluster = [f for f in pending if f is full or _compatible(f, full)]
            pending = [f for f in pending if f not in cluster]
            issuer = full.attrs.get("issuer") or next((f.attrs["issuer"] for f in cluster if f.attrs.get("issuer")), None)
            year = next((f.attrs["year"] for f in [full] + cluster if f.attrs.get("year")), None)
            if year is None:
                year = next((int(f.attrs["issued_on"][:4]) for f in [full] + cluster
                             if (f.attrs.get("issued_on") or "")[:1].isdigit()), None)
            who = issuer or "?"
            if issuer and any(w in issuer for w in ("Provincial", "City", "People's")):
                who = f"{issuer} ({locality.name})" if locality else issuer
            elif issuer and "District" in issuer:
                who = f"{issuer} ({district.name})" if district else issuer
            key = f"{who}|{doc_type}|{number or '?'}|{year or '?'}"
            for f in cluster:
                f.attrs["canonical_key"] = key
                f.attrs["refers_to"] = full.start if f is not full else None
