"""date rules on Vietnamese text, as a table of made-up sentences
(ANNOTATION.md, "date" and "Vietnamese-language text").

Every row pins all fact records of its sentence (nothing else may be
extracted).  Values follow the guideline, not the extractor.  Leading "ngày",
"năm", "từ", "tính đến", "trong" (and prepositions such as "đến", "trước")
are not in the span.  Where the guideline is silent the row says which call
was made.
"""

import pytest

from .conftest import check, row, count, point, rng


ROWS = [
    # --- full dates --------------------------------------------------------------
    row("dmy-slash", "Ngày 31/5/2021, Đại hội Đảng bộ tỉnh Hà Tĩnh đã bầu Ban Chấp hành khóa mới.",
        [point("31/5/2021", "2021-05-31")]),
    row("dmy-dash", "Hội nghị được tổ chức ngày 31-5-2021 tại Hội trường Tỉnh ủy.",
        [point("31-5-2021", "2021-05-31")]),
    row("dmy-dot", "Buổi lễ trao quyết định diễn ra ngày 23.11.2017 tại thành phố Vinh.",
        [point("23.11.2017", "2017-11-23")]),
    row("dmy-long-words", "Ngày 13 tháng 11 năm 2018, Ban Thường vụ Tỉnh ủy Bắc Giang họp phiên thường kỳ.",
        [point("13 tháng 11 năm 2018", "2018-11-13")]),
    row("dmy-zero-padded-tinh-den",
        "Tính đến ngày 15/04/2024, Quảng Ngãi đã hoàn thành rà soát quy hoạch cán bộ.",
        [point("15/04/2024", "2024-04-15")]),
    # "thứ Sáu" is Friday, not a count; "lần thứ 20" is an ordinal
    row("weekday-thu-sau",
        "Chiều thứ Sáu, ngày 9/8/2024, Ban Chấp hành Đảng bộ tỉnh họp hội nghị lần thứ 20.",
        [point("9/8/2024", "2024-08-09")]),
    # --- months, day-months, years ------------------------------------------------
    # "tháng" is part of a month expression (like "April"), kept in the span
    row("month-slash-year", "Tháng 4/2021, tỉnh Quảng Bình hợp nhất một số sở, ngành.",
        [point("Tháng 4/2021", "2021-04")]),
    # silent: "tháng 12 năm 2024" is the month written out; "trong" dropped, "tháng" kept
    row("month-nam-year", "Trong tháng 12 năm 2024, Huyện ủy tổ chức 3 lớp bồi dưỡng nghiệp vụ.",
        [point("tháng 12 năm 2024", "2024-12"), count("3", 3, unit="lớp bồi dưỡng nghiệp vụ")]),
    row("year-nam", "Năm 2023, tỉnh đã điều động 46 cán bộ trẻ về cơ sở.",
        [point("2023", "2023"), count("46", 46, unit="cán bộ trẻ")]),
    row("den-nam", "Lạng Sơn phấn đấu đến năm 2025 hoàn thành việc sắp xếp bộ máy.",
        [point("2025", "2025")]),
    row("day-month-dash", "Ngày 30-6, Ban Thường vụ Tỉnh ủy Cao Bằng công bố quyết định về công tác cán bộ.",
        [point("30-6", "--06-30")]),
    # silent: "Sáng" (morning) may or may not be in the span; both are accepted
    row("sang-dotted-day-month", "Sáng 16.7, Tỉnh ủy Quảng Nam tổ chức hội nghị quán triệt nghị quyết.",
        [point(("16.7", "Sáng 16.7"), "--07-16")]),
    # "công tác năm" (the year's work) is no date
    row("ngay-dotted-day-month", "Ngày 17.10, Đảng ủy Khối Cơ quan tỉnh tổng kết công tác năm.",
        [point("17.10", "--10-17")]),
    # --- "cuối/đầu năm X", "N tháng đầu năm X", quarters, rounds: the year X ----------
    row("cuoi-nam", "Đến cuối năm 2023, bộ máy của tỉnh Bắc Ninh đã được sắp xếp lại.",
        [point(("cuối năm 2023", "2023"), "2023")]),
    # "từ" with no end: a point
    row("tu-dau-nam", "Từ đầu năm 2024, tỉnh đã luân chuyển 12 cán bộ lãnh đạo.",
        [point(("đầu năm 2024", "2024"), "2024"), count("12", 12, unit="cán bộ lãnh đạo")]),
    # the 6 of "6 tháng đầu năm" is no count
    row("six-months", "6 tháng đầu năm 2024, toàn Đảng bộ kết nạp 288 đảng viên mới.",
        [point("2024", "2024"), count("288", 288, unit="đảng viên mới")]),
    row("quy-iii", "Trong quý III năm 2015, Ủy ban Kiểm tra Tỉnh ủy đã kiểm tra 14 tổ chức đảng.",
        [point("2015", "2015"), count("14", 14, unit="tổ chức đảng")]),
    # "1/2019" is neither a fraction nor a month
    row("dot-round", "Đợt 1/2019, Huyện ủy trao tặng Huy hiệu Đảng cho 25 đảng viên.",
        [point("2019", "2019"), count("25", 25, unit="đảng viên")]),
    # --- terms, periods and ranges -------------------------------------------------------
    row("term-spaced", "Ban Chấp hành Đảng bộ tỉnh nhiệm kỳ 2020 - 2025 có 53 ủy viên.",
        [rng("2020 - 2025", "2020", "2025"), count("53", 53, unit="ủy viên")]),
    row("term-unspaced", "Đại hội đại biểu Đảng bộ huyện lần thứ XX, nhiệm kỳ 2020-2025 thành công tốt đẹp.",
        [rng("2020-2025", "2020", "2025")]),
    row("giai-doan", "Giai đoạn 2021 - 2025, Điện Biên đã đào tạo cán bộ cấp xã theo chuẩn mới.",
        [rng("2021 - 2025", "2021", "2025")]),
    row("shared-month-year", "Đại hội Đảng bộ tỉnh diễn ra ngày 1-3/6/2020 tại Trung tâm Hội nghị tỉnh.",
        [rng("1-3/6/2020", "2020-06-01", "2020-06-03")]),
    row("shared-year", "Lớp bồi dưỡng kéo dài từ ngày 6/8- 28/10/2019 tại Trường Chính trị tỉnh.",
        [rng("6/8- 28/10/2019", "2019-08-06", "2019-10-28")]),
    # silent: "từ năm X đến năm Y" is one range spanned like "2021 to 2025" (the leading
    # "từ năm" dropped, the inner "năm" kept)
    row("tu-den-years", "Từ năm 2021 đến năm 2025, huyện đã luân chuyển cán bộ lãnh đạo giữa các xã.",
        [rng("2021 đến năm 2025", "2021", "2025")]),
    # silent: the year written once belongs to both ends (settled call, "từ … đến" form)
    row("tu-den-days-shared-year", "Từ ngày 15/3 đến ngày 20/4/2024, các chi bộ tổ chức đại hội.",
        [rng("15/3 đến ngày 20/4/2024", "2024-03-15", "2024-04-20")]),
    row("open-range", "Từ năm 2006 đến nay, Đảng bộ xã luôn hoàn thành tốt nhiệm vụ.",
        [rng("2006 đến nay", "2006", None)]),
    row("from-year-point", "Từ năm 2021, cán bộ cấp xã được hưởng phụ cấp theo mức mới.",
        [point("2021", "2021")]),
    # "95 năm" is a duration
    row("anniversary-range",
        "Đảng bộ tỉnh tổ chức kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 - 3/2/2025).",
        [rng("3/2/1930 - 3/2/2025", "1930-02-03", "2025-02-03")]),
    row("following-years", "Mục tiêu giai đoạn 2025 - 2030 và những năm tiếp theo đã được Đại hội thông qua.",
        [rng(("2025 - 2030", "2025 - 2030 và những năm tiếp theo"), "2025", "2030")]),
    # a school year is a period, as in the English table
    row("school-year", "Năm học 2023 - 2024, Trường Chính trị tỉnh mở 12 lớp trung cấp lý luận chính trị.",
        [rng("2023 - 2024", "2023", "2024"), count("12", 12, unit="lớp trung cấp lý luận chính trị")]),
    row("repeated-year", "Năm 2023, huyện hợp nhất hai phòng; cũng trong năm 2023, huyện giảm 15 biên chế.",
        [point("2023", "2023"), point("2023", "2023", occurrence=1),
         count("hai", 2, unit="phòng"), count("15", 15, unit="biên chế")]),
    # --- dates inside quoted titles ----------------------------------------------------
    row("year-in-quoted-title",
        'Cuộc thi "Cán bộ trẻ Thái Nguyên năm 2024" thu hút đông đảo đoàn viên tham gia.',
        [point("2024", "2024")]),
    row("term-in-document-title",
        'Kế hoạch số 15-KH/TU "Chuẩn bị nhân sự Ban Chấp hành Đảng bộ tỉnh nhiệm kỳ 2025 - 2030" được '
        "ban hành tại Ninh Bình.",
        [{"type": "document_ref", "text": "Kế hoạch số 15-KH/TU", "doc_type": "plan", "number": "15"},
         rng("2025 - 2030", "2025", "2030")]),
    # a day/month before a fraction of the same shape
    row("date-then-fraction", "Ngày 9/10, đã có 9/10 huyện hoàn thành việc sắp xếp.",
        [point("9/10", "--10-09"),
         {"type": "ratio", "text": "9/10", "kind": "fraction", "numerator": 9, "denominator": 10,
          "after": "có "}]),
    # --- negatives -----------------------------------------------------------------------
    # Roman-numeral ordinals are not dates
    row("neg-nhiem-ky-roman", "Đảng bộ tỉnh đã hoàn thành các chỉ tiêu của Nghị quyết Đại hội nhiệm kỳ XIII.",
        []),
    row("neg-tu-dau-nam-den-nay", "Từ đầu năm đến nay, toàn tỉnh đã kiện toàn nhiều chức danh chủ chốt.",
        []),
    row("neg-trong-nam", "Trong năm, Đảng bộ huyện kết nạp 120 đảng viên.",
        [count("120", 120, unit="đảng viên")]),
    row("neg-sap-toi", "Trong thời gian sắp tới, tỉnh sẽ tiếp tục rà soát đội ngũ cán bộ.", []),
    row("neg-nam-nay", "Năm nay, huyện tiếp tục kiện toàn bộ máy các cơ quan chuyên môn.", []),
    row("neg-duration", "Sau 5 năm thực hiện Nghị quyết, mô hình đã được nhân rộng ra toàn tỉnh.", []),
    row("neg-clock-times", "Hội nghị bắt đầu lúc 8 giờ 30 phút và kết thúc lúc 16h00.", []),
    # silent: "những năm 1970" is a decade ("the 1970s"), not a year
    row("neg-decade", "Những năm 1970, huyện là căn cứ cách mạng của tỉnh.", []),
    row("neg-month-no-year", "Trong tháng 5, tỉnh sẽ rà soát toàn bộ cán bộ lãnh đạo cấp sở.", []),
    row("neg-year-inside-symbol", "Nghị định số 30/2020/NĐ-CP được Sở Nội vụ tỉnh viện dẫn trong văn bản hướng dẫn.",
        [{"type": "document_ref", "text": "Nghị định số 30/2020/NĐ-CP", "doc_type": "decree", "number": "30",
          "year": 2020}]),
    # page furniture: the "Hôm nay, ngày …" widget
    row("neg-hom-nay-widget", "Hôm nay, ngày 20/5/2024", []),
    # --- rows added with the Vietnamese date rules (made-up sentences) ------------------------
    row("my-dash", "Tháng 6-2020, Huyện ủy hoàn thành đại hội chi bộ.", [point("Tháng 6-2020", "2020-06")]),
    row("dmy-dash-after-ngay", "Ngày 30-6-2021, Tỉnh ủy họp phiên cuối.", [point("30-6-2021", "2021-06-30")]),
    row("dm-words-no-year", "Ngày 15 tháng 5, Tỉnh ủy họp phiên thường kỳ.", [point("15 tháng 5", "--05-15")]),
    row("truoc-day-month", "Các huyện hoàn thành trước 30/6 và báo cáo Tỉnh ủy.", [point("30/6", "--06-30")]),
    row("den-het-ngay", "Đến hết ngày 9/10, toàn bộ hồ sơ đã được duyệt.", [point("9/10", "--10-09")]),
    row("mung-day-month", "Mùng 2/9, nhân dân cả nước mừng Quốc khánh.", [point("2/9", "--09-02")]),
    # a month written once belongs to both ends ("từ tháng 3 đến tháng 5/2021")
    row("tu-den-months", "Từ tháng 3 đến tháng 5/2021, Huyện ủy rà soát quy hoạch cán bộ.",
        [rng("tháng 3 đến tháng 5/2021", "2021-03", "2021-05")]),
    row("tu-den-days-shared-month-year", "Từ ngày 15 đến ngày 20/4/2024, các chi bộ tổ chức đại hội.",
        [rng("15 đến ngày 20/4/2024", "2024-04-15", "2024-04-20")]),
    row("tu-day-month-point", "Từ 1/7, các xã mới chính thức đi vào hoạt động.", [point("1/7", "--07-01")]),
    row("weekday-day-month", "Chiều thứ Sáu (9/8), Ban Thường vụ Tỉnh ủy họp.", [point("9/8", "--08-09")]),
    row("neg-tu-fraction-tong-so", "Nhân sự được giới thiệu phải đạt từ 2/3 tổng số phiếu.",
        [{"type": "ratio", "text": "2/3", "kind": "fraction", "numerator": 2, "denominator": 3}]),
    row("tu-den-day-months-no-ngay", "Từ 6/8 đến 28/10/2019, các chi bộ tổ chức đại hội.",
        [rng("6/8 đến 28/10/2019", "2019-08-06", "2019-10-28")]),
    row("shared-year-dash-range", "Đại hội diễn ra từ ngày 29/5 - 2/6/2020 tại Hội trường tỉnh.",
        [rng("29/5 - 2/6/2020", "2020-05-29", "2020-06-02")]),
    row("open-range-month", "Từ tháng 4/2021 đến nay, Huyện ủy luôn hoàn thành nhiệm vụ.",
        [rng("tháng 4/2021 đến nay", "2021-04", None)]),
    row("open-range-hien-nay", "Giai đoạn từ năm 2015 đến hiện nay là giai đoạn đổi mới.",
        [rng("2015 đến hiện nay", "2015", None)]),
    row("year-pair-in-brackets", "Ban Chấp hành Đảng bộ xã (2020-2025) đã họp phiên cuối.",
        [rng("2020-2025", "2020", "2025")]),
    row("quy-roman-slash", "Trong quý IV/2023, Huyện ủy đã hoàn thành kế hoạch.", [point("2023", "2023")]),
    row("den-nam-then-verb", "Phấn đấu đến năm 2030 hoàn thành mục tiêu đề ra.", [point("2030", "2030")]),
    # "từ 2/3 trở lên" is two thirds (a fraction), not the 2nd of March
    row("neg-tu-fraction", "Nghị quyết được thông qua khi có từ 2/3 tổng số đại biểu trở lên tán thành.",
        [{"type": "ratio", "text": "2/3", "kind": "fraction", "numerator": 2, "denominator": 3}]),
    # a 4-digit number that counts ("2025 đảng viên") is no year
    row("neg-year-as-count", "Toàn tỉnh có 2025 đảng viên mới.", [count("2025", 2025, unit="đảng viên mới")]),
    # not a year after "số"; the numbered "Văn bản" is a document of type other
    # (as "Document No. ..." is in English)
    row("neg-so-number", "Văn bản số 2025 của Văn phòng Tỉnh ủy đã được gửi các huyện.",
        [{"type": "document_ref", "text": "Văn bản số 2025", "doc_type": "other", "number": "2025",
          "year": None, "issuer": None}]),
    row("neg-decade-thap-nien", "Thập niên 1990, tỉnh bắt đầu đổi mới công tác cán bộ.", []),
    # page furniture: a served-page header over the posting stamp; a lone stamp is the posting stamp
    row("served-header-over-stamp",
        "Thứ 7, 04/05/2024, 20:21[GMT+7]\n\nTỉnh ủy họp phiên thường kỳ\n\nThứ 6, 29/05/2020 | 16:38:15\nNgày 28/5/2020, Tỉnh ủy họp.",
        [point("29/05/2020", "2020-05-29"), point("28/5/2020", "2020-05-28")]),
    row("lone-stamp-kept", "Tỉnh ủy họp phiên thường kỳ\n\n25/09/2021 07:55 GMT+7\n\nNgày 24/9, Tỉnh ủy họp.",
        [point("25/09/2021", "2021-09-25"), point("24/9", "--09-24")]),
    row("neg-hom-nay-weekday-widget", "Hôm nay: Thứ Hai, 12/5/2025", []),
    # a related-news box: its teasers' dates are furniture
    row("related-news-box", "Ngày 19/10/2020, Hội LHPN tỉnh họp.\n\nTin cùng chuyên mục\n\nSáng ngày 19/12, Đoàn Thể thao gặp mặt báo chí.",
        # (was a known gap: the ratio finder read the teaser's '19/12' as a fraction)
        [point("19/10/2020", "2020-10-19")]),
    row("neg-clock-in-line", "Lúc 20:21 tối qua, Tỉnh ủy họp.", []),
]


@pytest.mark.parametrize("text,expected", ROWS)
def test_vi_dates(text, expected):
    check(text, expected, lang="vi")
