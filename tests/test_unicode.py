"""NFC and NFD input give the same records, at exact offsets into the text
as given (extractor/normalize/unicode.py)."""

import unicodedata

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

import regex

from extractor.normalize.unicode import digit_value, nfc_with_offsets, readable_digits
from extractor.pipeline import extract_text

SENTENCES = [
    "Ngày 31/5/2021, Ban Thường vụ Tỉnh ủy Khánh Hòa ban hành Nghị quyết số 04-NQ/TU.",
    "Toàn tỉnh kết nạp được 288 đảng viên mới, đạt 96,15% kế hoạch.",
    "Có 12/13 bí thư huyện ủy không phải người địa phương.",
    "Nhiệm kỳ 2020 - 2025, Đảng bộ tỉnh Thừa Thiên Huế có 20.952 đồng chí.",
    "The province admitted 1,245 party members in 2024 under Resolution No. 04-NQ/TU.",
    "Sáng 16.7, hơn 300 đại biểu dự hội nghị tại thành phố Điện Biên Phủ.",
]


def _key(records):
    skip = {"text", "start_char", "end_char", "sentence_start", "sentence_end", "refers_to"}
    return [(r.type, unicodedata.normalize("NFC", r.text), r.model_dump(exclude=skip)) for r in records]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4), st.sampled_from(["\n", " "]))
def test_nfd_gives_the_same_records(parts, sep):
    text = sep.join(parts)
    nfd = unicodedata.normalize("NFD", text)
    a, b = extract_text(text, "t"), extract_text(nfd, "t")
    assert _key(a) == _key(b)
    assert all(nfd[r.start_char:r.end_char] == r.text for r in b)


@given(st.text(alphabet=st.sampled_from(list("aeiouyđăâêôơư AEIOU1.,") + ["\u0300", "\u0301", "\u0303",
                                                                         "\u0309", "\u0323", "\u0302"]),
               max_size=40))
def test_offset_map_is_monotone_and_exact_between_clusters(text):
    nfc, back = nfc_with_offsets(text)
    if back is None:
        assert unicodedata.is_normalized("NFC", text)
        return
    assert len(back) == len(nfc) + 1 and back[0] == 0 and back[-1] == len(text)
    assert all(x <= y for x, y in zip(back, back[1:]))
    assert unicodedata.normalize("NFC", nfc) == nfc


# -- digits newer than this Python: the regex module matches them, int() cannot read them
NAG_MUNDARI_ONE = "\U0001e4f1"  # Unicode 15
GARAY = "".join(chr(0x10D40 + i) for i in range(10))  # Unicode 16: zero to nine


def test_digit_value_is_what_python_says_for_every_digit_python_knows():
    known = [chr(o) for o in range(0x110000) if unicodedata.decimal(chr(o), None) is not None]
    assert len(known) > 600
    assert [digit_value(c) for c in known] == [unicodedata.decimal(c) for c in known]


@pytest.mark.parametrize("text, expected", [
    ("Admitted 288 members on 1 May 2021.", None),          # ASCII
    ("Kết nạp 1.250 đảng viên ngày 13/11/2018.", None),     # BMP only
    ("Ninety \U0001F600 members", None),                    # astral, no digit
    ("\u0663\u0664 members", None),                          # Arabic-Indic: int() reads them
    (f"on {NAG_MUNDARI_ONE} May 2021", "on 1 May 2021"),
    (f"{GARAY[3]}{GARAY[2]} new members", "32 new members"),
])
def test_readable_digits(text, expected):
    if any(c in GARAY for c in text):
        if not regex.match(r"\d", GARAY[0]):
            pytest.skip("this regex module predates Unicode 16")
    got = readable_digits(text)
    assert got == expected
    assert got is None or len(got) == len(text)


def test_a_digit_int_cannot_read_gives_records_not_an_error():
    """Such a digit crashed the dates finder (int()) and the document lost
    every record; now it reads as its value, at the original offsets."""
    text = f"Resolution No. 5 was issued on {NAG_MUNDARI_ONE} May 2021 and 288 members joined."
    recs = extract_text(text, doc_id="d", lang="en")
    dates = [r for r in recs if r.type == "date"]
    assert [(d.text, d.value) for d in dates] == [(f"{NAG_MUNDARI_ONE} May 2021", "2021-05-01")]
    assert all(text[r.start_char:r.end_char] == r.text for r in recs)
    assert any(r.type == "count" and r.value == 288 for r in recs)
