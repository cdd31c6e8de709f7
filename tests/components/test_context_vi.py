"""The context component on Vietnamese text (pipelines/vi.cfg): places with
their kind word before the name, in both tone placements and in NFD;
Party and State bodies with their place after them; people with titles; and
the context of facts (level, subject, location, as_of, checks).  Made-up
sentences; expected values follow docs/ENTITIES.md and ANNOTATION.md's
Vietnamese section, not the extractor's output."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import pytest

from extractor.articles import Article
from extractor.pipeline import Extractor


@lru_cache(maxsize=1)
def _vi() -> Extractor:
    return Extractor(lang="vi")


def records(text: str, **meta) -> list[dict]:
    result = _vi().extract(Article(doc_id="t", text=text, meta=meta))
    assert not result.errors, result.errors
    return [r.model_dump() for r in result.records]


def of_type(recs: list[dict], type_: str) -> list[dict]:
    return [r for r in recs if r["type"] == type_]


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# ----------------------------------------------------------------------------
# Locations


LOCATIONS = [
    # (sentence, [(span, name, kind, province)])
    ("Tỉnh Quảng Nam có 18 đơn vị hành chính.", [("Quảng Nam", "Quang Nam", "province", None)]),
    # the kind word before the name decides an ambiguous name and stays out of the span
    ("Huyện Đại Lộc cử cán bộ đi đào tạo.", [("Đại Lộc", "Dai Loc", "district", "Quang Nam")]),
    ("Xã Tuần Giáo được thành lập.", [("Tuần Giáo", "Tuan Giao", "commune", "Dien Bien")]),
    ("Đại hội huyện Tuần Giáo đã thành công.", [("Tuần Giáo", "Tuan Giao", "district", "Dien Bien")]),
    ("Cử tri tỉnh Điện Biên đi bầu cử.", [("Điện Biên", "Dien Bien", "province", None)]),
    ("Lãnh đạo thành phố Tam Kỳ tiếp đoàn.", [("Tam Kỳ", "Tam Ky", "city", "Quang Nam")]),
    ("Đại biểu đến từ Hà Nội và Hải Phòng.",
     [("Hà Nội", "Hanoi", "city", None), ("Hải Phòng", "Hai Phong", "city", None)]),
    # both tone placements: Hòa / Hoà, Khánh Hòa / Khánh Hoà
    ("Tỉnh Hòa Bình và tỉnh Hoà Bình là một.",
     [("Hòa Bình", "Hoa Binh", "province", None), ("Hoà Bình", "Hoa Binh", "province", None)]),
    ("Khánh Hòa và Khánh Hoà.", [("Khánh Hòa", "Khanh Hoa", "province", None),
                                  ("Khánh Hoà", "Khanh Hoa", "province", None)]),
    ("TP. Hồ Chí Minh có nhiều phường.", [("TP. Hồ Chí Minh", "Ho Chi Minh City", "city", None)]),
    ("40 sinh viên được cử sang Trung Quốc.", [("Trung Quốc", "China", "country", None)]),
    # no places: lower-case kind words alone, a place inside a URL
    ("Tỉnh và huyện đã thống nhất.", []),
    ("Nguồn: https://baoquangnam.vn/quang-nam.html", []),
]


@pytest.mark.parametrize("text,expected", LOCATIONS, ids=[t[:30] for t, _ in LOCATIONS])
def test_locations(text, expected):
    got = [(r["text"], r["name"], r["kind"], r["province"]) for r in of_type(records(text), "location")]
    assert got == expected


@pytest.mark.parametrize("text,expected", LOCATIONS, ids=[t[:30] for t, _ in LOCATIONS])
def test_locations_in_nfd_text(text, expected):
    """Decomposed (NFD) input finds the same places, with exact offsets."""
    t = nfd(text)
    recs = of_type(records(t), "location")
    assert [(r["text"], r["name"], r["kind"], r["province"]) for r in recs] == \
        [(nfd(s), n, k, p) for s, n, k, p in expected]
    assert all(t[r["start_char"]:r["end_char"]] == r["text"] for r in recs)


def test_every_place_written_either_way_is_found():
    """Every gazetteer name in its other tone placement is a place too."""
    from extractor import lang
    from extractor.components.context import tables_for
    g = lang.grammar("vi")
    t = tables_for("vi")
    for section in ("provinces", "districts"):
        for e in lang.gazetteer()[section]:
            for form in g.spelling_variants(e["vi"]):
                assert t.places.get(form), (e["vi"], form)


# ----------------------------------------------------------------------------
# Organizations and people


ORGS = [
    # (sentence, [(span, canonical, location)])
    ("Ban Thường vụ Tỉnh ủy Quảng Nam ban hành kế hoạch.",
     [("Ban Thường vụ Tỉnh ủy Quảng Nam", "Standing Committee of the Provincial Party Committee", "Quang Nam")]),
    ("Ban Thường vụ Tỉnh uỷ ban hành kế hoạch.",
     [("Ban Thường vụ Tỉnh uỷ", "Standing Committee of the Provincial Party Committee", None)]),
    ("UBND tỉnh Quảng Nam ban hành quyết định.", [("UBND tỉnh Quảng Nam", "Provincial People's Committee", "Quang Nam")]),
    ("Thành ủy Hà Nội chỉ đạo.", [("Thành ủy Hà Nội", "City Party Committee", "Hanoi")]),
    ("Huyện ủy Đại Lộc họp.", [("Huyện ủy Đại Lộc", "District Party Committee", "Dai Loc")]),
    ("HĐND thành phố Đà Nẵng họp.", [("HĐND thành phố Đà Nẵng", "City People's Council", "Da Nang")]),
    ("Đảng ủy xã Tuần Giáo họp.", [("Đảng ủy xã Tuần Giáo", None, "Tuan Giao")]),
    ("Theo Bộ Chính trị và Ban Bí thư.", [("Bộ Chính trị", "Politburo", None), ("Ban Bí thư", "Secretariat", None)]),
    ("Ủy ban MTTQ Việt Nam tỉnh Quảng Nam phát động.",
     [("Ủy ban MTTQ Việt Nam tỉnh Quảng Nam", None, "Quang Nam")]),
]


@pytest.mark.parametrize("text,expected", ORGS, ids=[t[:30] for t, _ in ORGS])
def test_organizations(text, expected):
    got = [(r["text"], r["canonical"], r["location"]) for r in of_type(records(text), "organization")]
    assert got == expected


PEOPLE = [
    # (sentence, [(span, title, organization)])
    ("Đồng chí Nguyễn Văn Bình, Bí thư Tỉnh ủy Quảng Nam, phát biểu.",
     [("Nguyễn Văn Bình", "Bí thư Tỉnh ủy Quảng Nam", "Tỉnh ủy Quảng Nam")]),
    ("Ông Lê Văn Dũng, Phó Bí thư Tỉnh ủy, cho biết.", [("Lê Văn Dũng", "Phó Bí thư Tỉnh ủy", "Tỉnh ủy")]),
    ("Ông Trần Xuân Thọ cho biết.", [("Trần Xuân Thọ", None, None)]),
    # a bare name of three words that starts with a family name
    ("Hôm qua Phạm Minh Chính đã làm việc.", [("Phạm Minh Chính", None, None)]),
]


@pytest.mark.parametrize("text,expected", PEOPLE, ids=[t[:30] for t, _ in PEOPLE])
def test_people(text, expected):
    got = [(r["text"], r["title"], r["organization"]) for r in of_type(records(text), "person")]
    assert got == expected


# ----------------------------------------------------------------------------
# The context of counts and ratios


CONTEXT = [
    # (sentence, (type, span), {field: expected})
    ("Tính đến ngày 31/12/2020, tỉnh Khánh Hoà có 12/13 bí thư cấp ủy cấp huyện không là người địa phương.",
     ("ratio", "12/13"),
     {"subject": "bí thư cấp ủy cấp huyện không là người địa phương", "level": "district",
      "location": "Khanh Hoa", "as_of": "2020-12-31"}),
    ("Tỷ lệ bí thư cấp ủy cấp huyện không là người địa phương đạt 100%.", ("ratio", "100%"),
     {"subject": "bí thư cấp ủy cấp huyện không là người địa phương", "level": "district"}),
    ("Toàn tỉnh có 925/962 ấp, đạt tỷ lệ 96,15%.", ("ratio", "96,15%"), {"subject": "ấp"}),
    ("Đảng bộ tỉnh Quảng Nam kết nạp 288 đảng viên mới.", ("count", "288"),
     {"subject": "đảng viên mới", "location": "Quang Nam", "level": None}),
    ("Có 131 cán bộ cấp tỉnh.", ("count", "131"), {"level": "province"}),
    ("Có 1.267 cán bộ cấp xã.", ("count", "1.267"), {"level": "commune"}),
    ("Có 15 cán bộ cấp Trung ương.", ("count", "15"), {"level": "central"}),
    ("Có 45 cán bộ ở cấp cơ sở.", ("count", "45"), {"level": "commune"}),
    # two levels: none
    ("Có 40 cán bộ cấp huyện và cấp xã.", ("count", "40"), {"level": None}),
    # the place of the sentence before
    ("Huyện Đại Lộc tổ chức hội nghị. Trong đó, 12 cán bộ trẻ được đề bạt.", ("count", "12"),
     {"location": "Dai Loc"}),
    # "thành phố" is the province level in a centrally-run city's article
    ("Thành phố Hà Nội có 30 bí thư cấp thành phố.", ("count", "30"), {"level": "province"}),
]


@pytest.mark.parametrize("text,fact,expected", CONTEXT, ids=[f"{t[:25]}|{f[1]}" for t, f, _ in CONTEXT])
def test_context(text, fact, expected):
    hits = [r for r in records(text) if r["type"] == fact[0] and r["text"] == fact[1]]
    assert hits, f"no {fact}"
    assert {k: hits[0][k] for k in expected} == expected


def test_as_of_now_is_the_article_date():
    recs = records("Đến nay, toàn tỉnh có 500 đảng viên.", date="2021-05-31")
    assert [r["as_of"] for r in of_type(recs, "count")] == ["2021-05-31"]


def test_breakdown_with_trong_do_sums_to_its_total():
    text = ("Toàn tỉnh có 2.580 cán bộ (trong đó 131 cán bộ cấp tỉnh, 1.182 cán bộ cấp huyện, "
            "1.267 cán bộ cấp xã).")
    counts = of_type(records(text), "count")
    total = counts[0]
    assert total["text"] == "2.580"
    [b] = total["checks"]["breakdown"]
    assert b["ok"] and b["sum"] == 2580 and len(b["parts"]) == 3
    assert all(c["checks"]["part_of"] == total["start_char"] for c in counts[1:])


def test_breakdown_with_gom_that_does_not_sum_is_flagged():
    text = "Đảng bộ có 20.952 đảng viên, gồm 10.000 đảng viên nam; 10.000 đảng viên nữ."
    total = of_type(records(text), "count")[0]
    [b] = total["checks"]["breakdown"]
    assert not b["ok"] and b["sum"] == 20000
    assert b["reason"].startswith("the parts sum to less")


def test_fraction_and_percent_agree():
    recs = records("Toàn tỉnh có 168/177 xã (94,92%) đạt chuẩn.")
    frac = [r for r in recs if r["type"] == "ratio" and r["kind"] == "fraction"][0]
    assert frac["checks"]["fraction_percent"]["ok"]


# ----------------------------------------------------------------------------
# Sentence starts (the paragraphs component with tokens.yaml's abbreviations)


SENTENCES = [
    ("TP. Hồ Chí Minh có 22 quận. Ở Đà Nẵng có 5 quận.", ["TP. Hồ Chí Minh có 22 quận.", "Ở Đà Nẵng có 5 quận."]),
    ("PGS.TS. Lê Văn Bình phát biểu. Ủy ban họp.", ["PGS.TS. Lê Văn Bình phát biểu.", "Ủy ban họp."]),
    ("Tỉnh có 5 xã. Đảng bộ họp.\nẢnh: Tư liệu", ["Tỉnh có 5 xã.", "Đảng bộ họp.", "Ảnh: Tư liệu"]),
]


@pytest.mark.parametrize("text,expected", SENTENCES, ids=[t[:20] for t, _ in SENTENCES])
def test_sentence_starts(text, expected):
    """A full stop before a Vietnamese capital (with its accents, composed
    or not) ends a sentence; an abbreviation's does not."""
    for form in (text, nfd(text)):
        doc = _vi()._doc(Article(doc_id="t", text=form))
        assert [s.text.strip() for s in doc.sents if s.text.strip()] == [unicodedata.normalize(
            "NFD" if form is not text else "NFC", e) for e in expected]
