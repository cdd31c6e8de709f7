"""NFC and NFD input give the same records, at exact offsets into the text
as given (extractor/normalize/unicode.py)."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.normalize.unicode import nfc_with_offsets
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
