"""count rules on Vietnamese text, as a table of made-up sentences
(ANNOTATION.md, "count" and "Vietnamese-language text").

Every row pins all fact records of its sentence (nothing else may be
extracted).  Values follow the guideline, not the extractor: "." groups
thousands, the unit is the noun with the words that describe it up to a verb,
a preposition, a term or an ordinal, lowercased, with a bracketed
abbreviation dropped.  Where the guideline is silent the row says which call
was made.
"""

import pytest

from .conftest import check, row, count, frac, pct, point, rng


ROWS = [
    # --- digits, dot thousands and units ------------------------------------------
    row("new-party-members", "Năm 2024, Đảng bộ tỉnh kết nạp 288 đảng viên mới, đạt 102% kế hoạch.",
        [point("2024", "2024"), count("288", 288, unit="đảng viên mới"), pct("102%", 102.0)]),
    # the unit stops before the verb "sinh hoạt"
    row("dot-thousands", "Toàn Đảng bộ hiện có 20.952 đồng chí sinh hoạt tại 612 chi bộ.",
        [count("20.952", 20952, unit="đồng chí"), count("612", 612, unit="chi bộ")]),
    # a bracketed abbreviation is dropped; the unit stops before the preposition "với"
    row("bracket-abbrev-dropped", "Đảng bộ tỉnh có 856 tổ chức cơ sở đảng (TCCSĐ) với 78.047 đảng viên.",
        [count("856", 856, unit="tổ chức cơ sở đảng"), count("78.047", 78047, unit="đảng viên")]),
    row("digit-one", "Huyện mở 1 lớp bồi dưỡng cho bí thư chi bộ mới được bầu.",
        [count("1", 1, unit="lớp bồi dưỡng")]),
    row("list-of-units", "Tỉnh có 9 huyện, 1 thành phố và 2 thị xã.",
        [count("9", 9, unit="huyện"), count("1", 1, unit="thành phố"), count("2", 2, unit="thị xã")]),
    # the unit stops before the verb "nghỉ việc" (and "do")
    row("unit-stops-before-verb", "Toàn tỉnh có 1.120 cán bộ nghỉ việc do sắp xếp tổ chức bộ máy.",
        [count("1.120", 1120, unit="cán bộ")]),
    # "trên" as the preposition "on" (not before the number) is no qualifier
    row("tren-as-preposition", "Trên địa bàn huyện có 120 tổ chức cơ sở đảng.",
        [count("120", 120, unit="tổ chức cơ sở đảng")]),
    # --- qualifiers -------------------------------------------------------------------
    row("tren", "Trên 1.000 bí thư chi bộ đã tham gia lớp tập huấn tại Nghệ An.",
        [count("1.000", 1000, "more_than", unit="bí thư chi bộ")]),
    row("hon", "Hơn 350 đại biểu dự hội nghị trực tuyến.",
        [count("350", 350, "more_than", unit="đại biểu")]),
    row("khoang", "Khoảng 200 cán bộ sẽ được luân chuyển trong năm nay.",
        [count("200", 200, "approximately", unit="cán bộ")]),
    row("gan", "Gần 400 đảng viên ở Cà Mau được trao Huy hiệu Đảng.",
        [count("400", 400, "approximately", unit="đảng viên")]),
    row("it-nhat", "Mỗi xã phải có ít nhất 3 cán bộ được đào tạo về chuyển đổi số.",
        [count("3", 3, "at_least", unit="cán bộ")]),
    row("duoi", "Còn dưới 10 cơ quan chưa nộp báo cáo đúng hạn.",
        [count("10", 10, "less_than", unit="cơ quan")]),
    row("toi-da", "Mỗi đảng bộ được bầu tối đa 50 đại biểu dự đại hội cấp trên.",
        [count("50", 50, "at_most", unit="đại biểu")]),
    row("khong-qua", "Ban Chấp hành đảng bộ xã có không quá 15 ủy viên.",
        [count("15", 15, "at_most", unit="ủy viên")]),
    row("tu-x-tro-len", "Các chi bộ có từ 30 đảng viên trở lên được chia thành tổ đảng.",
        [count("30", 30, "at_least", unit="đảng viên")]),
    row("x-tro-len", "Toàn tỉnh có 45 chi bộ có 50 đảng viên trở lên.",
        [count("45", 45, unit="chi bộ"), count("50", 50, "at_least", unit="đảng viên")]),
    # "chưa đạt X" (not yet reaching X) is exact; "trong năm" is no date
    row("chua-dat", "Số đảng viên được kết nạp trong năm chưa đạt 200 người.",
        [count("200", 200, "exact", unit="người")]),
    # --- spelled-out numbers; "một", "năm" ----------------------------------------------
    row("nam-is-five-ba-is-three", "Đại hội xác định năm nhiệm vụ trọng tâm và ba đột phá chiến lược.",
        [count("năm", 5, unit="nhiệm vụ trọng tâm"), count("ba", 3, unit="đột phá chiến lược")]),
    row("hai-sentence-end", "Tỉnh Quảng Trị thành lập hai sở mới.",
        [count("hai", 2, unit="sở mới")]),
    # "năm năm" is five years: a duration
    row("nam-nam-duration", "Trong năm năm qua, Đảng bộ đã kết nạp 1.245 đảng viên.",
        [count("1.245", 1245, unit="đảng viên")]),
    row("neg-mot-and-mot-so", "Một đồng chí xin rút khỏi danh sách và một số đề cử được thay thế.", []),
    row("neg-vague", "Hàng chục cán bộ và hàng trăm đảng viên đã tham gia nhiều buổi sinh hoạt chuyên đề.", []),
    # --- breakdowns, shortfalls, changes ------------------------------------------------
    # "label number": the label is the part's unit
    row("breakdown-label-number",
        "Ban Chấp hành khóa mới có 53 đồng chí, trong đó cán bộ nữ 9; dân tộc thiểu số 12; cán bộ trẻ 4.",
        [count("53", 53, unit="đồng chí"), count("9", 9, unit="cán bộ nữ"),
         count("12", 12, unit="dân tộc thiểu số"), count("4", 4, unit="cán bộ trẻ")]),
    # parts without a label take the total's unit
    row("breakdown-no-label",
        "Toàn tỉnh có 2.580 cán bộ (gồm 131 ở cấp tỉnh, 1.182 ở cấp huyện và 1.267 ở cấp xã).",
        [count("2.580", 2580, unit="cán bộ"), count("131", 131, unit="cán bộ"),
         count("1.182", 1182, unit="cán bộ"), count("1.267", 1267, unit="cán bộ")]),
    row("breakdown-own-noun", "Tỉnh có 5.460 người làm việc, trong đó có 3.128 cán bộ, công chức.",
        [count("5.460", 5460, unit="người"), count("3.128", 3128, unit="cán bộ, công chức")]),
    # a shortfall is a count
    row("shortfall-thieu",
        "Đại hội bầu được 52 ủy viên Ban Chấp hành, thiếu 1 đại biểu so với số lượng được phê duyệt.",
        [count("52", 52, unit="ủy viên ban chấp hành"), count("1", 1, unit="đại biểu")]),
    row("reduction", "Sau sắp xếp, tỉnh giảm 214 đơn vị sự nghiệp công lập.",
        [count("214", 214, unit="đơn vị sự nghiệp công lập")]),
    # as "from 17 to 9 districts": both numbers count the noun written after the second
    row("reduced-from-to", "Số đơn vị hành chính cấp xã giảm từ 195 xuống còn 124 xã.",
        [count("195", 195, unit="xã"), count("124", 124, unit="xã")]),
    # --- chapters and articles, levels, names, zero ---------------------------------------
    row("chapters-articles", "Quy định gồm 6 Chương, 34 Điều, có hiệu lực kể từ ngày ký.",
        [count("6", 6, unit="chương"), count("34", 34, unit="điều")]),
    row("neg-article-label", "Theo Điều 35 của Quy định số 22-QĐ/TW, tổ chức đảng phải báo cáo kịp thời.",
        [{"type": "document_ref", "text": "Quy định số 22-QĐ/TW", "doc_type": "regulation", "number": "22"}]),
    row("two-level-government", "Từ ngày 1/7/2025, tỉnh chính thức vận hành chính quyền địa phương 2 cấp.",
        [point("1/7/2025", "2025-07-01"), count("2", 2, unit="cấp", after="phương ")]),
    row("neg-military-region-name", "Bộ Tư lệnh Quân khu 3 phối hợp với tỉnh tổ chức diễn tập khu vực phòng thủ.", []),
    row("zero-votes", "Số phiếu không hợp lệ là 0 phiếu.",
        [count("0", 0, unit="phiếu")]),
    # party badge years are durations
    row("badge-years", "Dịp này, Đảng bộ xã trao Huy hiệu 40, 30 năm tuổi Đảng cho 35 đảng viên.",
        [count("35", 35, unit="đảng viên")]),
    # --- units ending before a term or an ordinal ---------------------------------------
    row("unit-before-khoa", "Tỉnh có 7 đại biểu Quốc hội khóa XV đang công tác tại địa phương.",
        [count("7", 7, unit="đại biểu quốc hội")]),
    row("unit-before-nhiem-ky", "Đại hội bầu 45 ủy viên Ban Chấp hành nhiệm kỳ 2025 - 2030.",
        [count("45", 45, unit="ủy viên ban chấp hành"), rng("2025 - 2030", "2025", "2030")]),
    # "lần thứ 20" is an ordinal
    row("ordinal-then-count", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20 thảo luận 3 nội dung quan trọng.",
        [count("3", 3, unit="nội dung quan trọng")]),
    # --- negatives: money, durations, ages, furniture, fractions ---------------------------
    row("neg-money-ty", "Tỉnh dành hơn 5 tỷ đồng cho công tác đào tạo, bồi dưỡng cán bộ.", []),
    row("neg-money-trieu", "Mỗi cán bộ nghỉ việc được hỗ trợ 2 triệu đồng/tháng.", []),
    row("neg-age-tro-xuong", "Cán bộ từ 35 tuổi trở xuống được ưu tiên đưa vào quy hoạch.", []),
    row("neg-duration", "Đồng chí đã công tác 8 năm tại huyện vùng cao.", []),
    row("neg-page-furniture", "Bình luận (0)\n1.453 lượt xem\nCỡ chữ In tin bài", []),
    row("neg-fraction-parts", "Đến nay, 12/13 huyện đã hoàn thành việc sắp xếp.",
        [frac("12/13", 12, 13)]),
    row("neg-percent", "Tỷ lệ cán bộ có trình độ đại học đạt 75%.",
        [pct("75%", 75.0)]),
    # --- rows of the numbers helper (made-up sentences, one per rule) -----------------------
    # number words combine by Vietnamese grammar: "hai mươi lăm" is 25, "mười hai" 12
    row("own-compound-number-words", "Tỉnh cử hai mươi lăm cán bộ trẻ và mười hai chuyên gia đi học.",
        [count("hai mươi lăm", 25, unit="cán bộ trẻ"), count("mười hai", 12, unit="chuyên gia")]),
    row("own-hundred-number-words", "Huyện có ba trăm năm mươi đảng viên.",
        [count("ba trăm năm mươi", 350, unit="đảng viên")]),
    # "hằng năm", "năm nay", "5 năm": "năm" is a year there
    row("own-nam-year-readings", "Hằng năm huyện kết nạp 90 đảng viên; năm nay đạt 5 năm liên tục.",
        [count("90", 90, unit="đảng viên")]),
    # "đồng chí" is not money although "đồng" is
    row("own-dong-chi-not-money", "Hội nghị có 35 đồng chí và 2 tỷ đồng kinh phí.",
        [count("35", 35, unit="đồng chí")]),
    # a comma after the unit then a clause: the unit ends at the comma
    row("own-comma-then-clause", "Quy định có 34 Điều, quy định rõ trách nhiệm của người đứng đầu cấp ủy.",
        [count("34", 34, unit="điều")]),
    # a comma list of short nouns is one unit
    row("own-comma-list", "Tỉnh tinh giản 412 cán bộ, công chức, viên chức trong năm.",
        [count("412", 412, unit="cán bộ, công chức, viên chức")]),
    # a site clock's time zone is furniture; "gấp 3 lần" is times, not a count
    row("own-clock-and-times", "25/09/2021 07:55 GMT+7\nSố đảng viên mới gấp 3 lần năm trước.",
        [point("25/09/2021", "2021-09-25")]),
    # a line break ends a unit (a headline's count, then the byline)
    row("own-unit-ends-at-line-break", "Kết nạp 134 đảng viên\n\nT.LĨNH - V.ANH",
        [count("134", 134, unit="đảng viên")]),
    # "toàn" (whole) starts a new phrase: the unit ends before it
    row("own-number-of-copula", "Tổng số đảng viên toàn Đảng bộ là 78.047.",
        [count("78.047", 78047, unit="đảng viên")]),
    # a comma part that governs a number is a clause, not a list
    row("own-comma-clause-with-number", "Huyện ủy đã luân chuyển 18 cán bộ, điều động 7 cán bộ về cơ sở.",
        [count("18", 18, unit="cán bộ"), count("7", 7, unit="cán bộ")]),
    # an address is not a count; a ward's number is a label
    row("own-address", "Hội nghị diễn ra tại số 12 đường Trần Phú, phường 3.", []),
    # a decimal with a multiplier; "từ 2 đến 3 cán bộ" is two counts of the noun after the second
    row("own-decimal-million", "Toàn Đảng bộ có hơn 1,2 triệu đảng viên.",
        [count("1,2 triệu", 1200000, "more_than", unit="đảng viên")]),
    row("own-from-to-count", "Mỗi đơn vị cử từ 2 đến 3 cán bộ tham gia.",
        [count("2", 2, unit="cán bộ"), count("3", 3, unit="cán bộ")]),
    # "(1)", "(2)": enumeration marks, not parts of the count before them
    row("own-enumeration-marks",
        "Tỉnh đề ra 3 nhiệm vụ: (1) nâng cao chất lượng đảng viên; (2) đổi mới công tác cán bộ; (3) kiểm tra.",
        [count("3", 3, unit="nhiệm vụ")]),
    # "vượt 2%" (exceeding by 2%) is exact
    row("own-vuot-by", "Năm nay kết nạp 102 đảng viên, vượt 2 đảng viên so với kế hoạch.",
        [count("102", 102, unit="đảng viên"), count("2", 2, unit="đảng viên", after="vượt ")]),
    # a verb of two syllables ends the unit ("tán thành")
    row("own-unit-before-two-syllable-verb", "Trong số 52 ủy viên, có 50 đồng chí tán thành.",
        [count("52", 52, unit="ủy viên"), count("50", 50, unit="đồng chí")]),
    row("own-trên-dưới", "Trên dưới 100 cán bộ dự lớp bồi dưỡng.",
        [count("100", 100, "approximately", unit="cán bộ")]),
    row("own-tro-xuong-count", "Chi bộ có 12 đảng viên trở xuống thì không lập tổ đảng.",
        [count("12", 12, "at_most", unit="đảng viên")]),
    # a labelled part whose label ends in "số" (not the label word "Số")
    row("own-labelled-part-thieu-so",
        "Đoàn đại biểu có 11 đồng chí, trong đó nữ 4; dân tộc thiểu số 1.",
        [count("11", 11, unit="đồng chí"), count("4", 4, unit="nữ"), count("1", 1, unit="dân tộc thiểu số", after="số ")]),
]


@pytest.mark.parametrize("text,expected", ROWS)
def test_vi_counts(text, expected):
    check(text, expected, lang="vi")


@pytest.mark.parametrize("gold,pred,same", [
    ("đảng viên mới", "đảng viên", True),
    ("Đảng viên", "đảng viên được kết nạp", True),
    ("ủy viên ban chấp hành", "ủy viên ubnd tỉnh", True),
    ("cán bộ nữ", "cán bộ", True),
    ("đảng viên", "đảng bộ", False),
    ("chi bộ", "chi", False),
])
def test_vi_unit_first_two_syllables(gold, pred, same):
    """ANNOTATION.md: a Vietnamese unit is scored on its first two syllables."""
    from extractor.evaluate import last_word_equal

    assert last_word_equal(gold, pred, lang="vi") is same
    assert last_word_equal(gold, pred) is (gold.split()[-1].casefold() == pred.split()[-1].casefold())
