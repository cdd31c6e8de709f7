"""Checks of extractor/lang/gazetteer_vn.yaml: 63 provinces before the
1 July 2025 merger, 34 after (Resolution 202/2025/QH15), and a consistent
pre -> post mapping.  Runs under pytest or as `python tests/test_gazetteer_vn.py`."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import srsly

PATH = Path(__file__).resolve().parents[1] / "extractor" / "lang" / "vn" / "gazetteer.yaml"
GAZ = srsly.read_yaml(PATH)
PROVINCES = GAZ["provinces"]
PRE = [p for p in PROVINCES if p["period"] in ("pre2025", "both")]
POST = [p for p in PROVINCES if p["period"] in ("post2025", "both")]


def test_sections_present():
    assert set(GAZ) >= {"provinces", "districts", "communes", "regions"}
    for key in ("provinces", "districts", "communes", "regions"):
        for e in GAZ[key]:
            assert e["name"] and e["vi"] and e["kind"], e
            assert isinstance(e["aliases"], list), e
            for s in [e["name"], e["vi"], *e["aliases"]]:
                assert s == unicodedata.normalize("NFC", s), s


def test_province_counts():
    assert len(PRE) == 63
    assert len(POST) == 34
    assert Counter(p["kind"] for p in PRE) == {"city": 5, "province": 58}
    assert Counter(p["kind"] for p in POST) == {"city": 6, "province": 28}
    assert {p["name"] for p in PRE if p["kind"] == "city"} == {
        "Hanoi", "Ho Chi Minh City", "Hai Phong", "Da Nang", "Can Tho"}
    assert {p["name"] for p in POST if p["kind"] == "city"} == {
        "Hanoi", "Ho Chi Minh City", "Hai Phong", "Da Nang", "Can Tho", "Hue"}


def test_names_unique_per_period():
    assert len({p["name"] for p in PRE}) == 63
    assert len({p["name"] for p in POST}) == 34


def test_merger_mapping_covers_every_pre2025_unit_once():
    pre_names = {p["name"] for p in PRE}
    post_names = {p["name"] for p in POST}
    sources = Counter()
    for p in POST:
        # a unit absent from merged_from kept its territory unchanged
        for src in p.get("merged_from", [p["name"]]):
            sources[src] += 1
            assert src in pre_names, src
    assert set(sources) == pre_names
    assert all(n == 1 for n in sources.values())
    for p in PROVINCES:
        if p["period"] == "pre2025":
            assert p["merged_into"] in post_names, p
            target = next(q for q in POST if q["name"] == p["merged_into"])
            assert p["name"] in target["merged_from"], p


def test_some_known_mergers():
    post = {p["name"]: p for p in POST}
    assert post["Ho Chi Minh City"]["merged_from"] == ["Ho Chi Minh City", "Binh Duong", "Ba Ria - Vung Tau"]
    assert post["Lam Dong"]["merged_from"] == ["Lam Dong", "Dak Nong", "Binh Thuan"]
    assert post["Ninh Binh"]["merged_from"] == ["Ninh Binh", "Ha Nam", "Nam Dinh"]
    for same in ("Quang Ninh", "Lang Son", "Cao Bang", "Lai Chau", "Dien Bien", "Son La",
                 "Nghe An", "Ha Tinh", "Thanh Hoa", "Hanoi"):
        assert "merged_from" not in post[same] and post[same]["period"] == "both"
    assert sum(1 for p in POST if len(p.get("merged_from", [])) > 1) == 23


def test_districts_and_communes_refer_to_known_units():
    pre_names = {p["name"] for p in PRE}
    kinds = {"district", "town", "city"}
    for d in GAZ["districts"]:
        assert d["kind"] in kinds and d["province"] in pre_names, d
    dist = {(d["name"], d["province"]) for d in GAZ["districts"]}
    for c in GAZ["communes"]:
        assert c["kind"] in {"commune", "ward", "town"}, c
        assert (c["district"], c["province"]) in dist, c
    for r in GAZ["regions"]:
        assert r["kind"] == "region"


if __name__ == "__main__":
    for name, fn in list(globals().items()):
        if name.startswith("test_") and callable(fn):
            fn()
    print(f"ok: {len(PRE)} pre-2025, {len(POST)} post-2025 provincial units")
