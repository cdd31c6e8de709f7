"""ratio rules on Vietnamese text, as a table of made-up sentences
(ANNOTATION.md, "ratio" and "Vietnamese-language text").

Every row pins all fact records of its sentence (nothing else may be
extracted).  Values follow the guideline, not the extractor: "," marks
decimals ("96,15%" is 96.15), and a day/month is a date, not a fraction.
Where the guideline is silent the row says which call was made.
"""

import pytest

from .conftest import check, row, count, frac, pct, point, rng


ROWS = [
    # --- fractions (their numbers are not counts) -----------------------------------
    row("frac-ap-khu-pho", "Đến nay, 925/962 ấp, khu phố đã tổ chức đại hội chi bộ.",
        [frac("925/962", 925, 962)]),
    row("frac-all", "Tại Quảng Ninh, 36/36 xã, phường đã tổ chức đại hội đúng kế hoạch.",
        [frac("36/36", 36, 36)]),
    row("frac-votes", "Đồng chí Nguyễn Văn Hùng trúng cử với 45/45 phiếu bầu.",
        [frac("45/45", 45, 45)]),
    row("frac-khoang", "Khoảng 1/3 số cán bộ của các sở hợp nhất đã được bố trí lại.",
        [frac("1/3", 1, 3, "approximately")]),
    # 9/10 could be a day/month, but it quantifies districts
    row("frac-date-shaped", "Hiện đã có 9/10 huyện đạt chỉ tiêu kết nạp đảng viên.",
        [frac("9/10", 9, 10)]),
    # --- percents with a decimal comma --------------------------------------------------
    row("pct-96-15", "Tỷ lệ đảng viên được xếp loại hoàn thành tốt nhiệm vụ trở lên đạt 96,15%.",
        [pct("96,15%", 96.15)]),
    row("pct-chiem-94-92", "Số cán bộ có trình độ đại học trở lên chiếm 94,92%.",
        [pct("94,92%", 94.92)]),
    row("pct-dat-ty-le-100", "Việc lấy phiếu tín nhiệm tại các chi bộ đạt tỷ lệ 100%.",
        [pct("100%", 100.0)]),
    row("pct-chiem-45-5", "Cán bộ nữ chiếm 45,5% tổng số cán bộ, công chức của huyện.",
        [pct("45,5%", 45.5)]),
    row("pct-sentence-start", "100% chi bộ trực thuộc đã tổ chức đại hội đúng tiến độ.",
        [pct("100%", 100.0)]),
    # silent: "phần trăm" is the word "percent"
    row("pct-word-phan-tram", "Khoảng 72 phần trăm cán bộ cấp xã được bồi dưỡng trong năm 2024.",
        [pct("72 phần trăm", 72.0, "approximately"), point("2024", "2024")]),
    row("pct-increase", "Số đảng viên mới tăng 12,5% so với cùng kỳ năm 2023.",
        [pct("12,5%", 12.5), point("2023", "2023")]),
    # --- fraction and percent together ---------------------------------------------------
    row("frac-and-pct", "Có 168/177 (94,92%) bí thư cấp ủy cấp xã không phải là người địa phương.",
        [frac("168/177", 168, 177), pct("94,92%", 94.92)]),
    row("frac-dat-pct", "Toàn tỉnh có 168/177 đồng chí đạt chuẩn, đạt 94,92%.",
        [frac("168/177", 168, 177), pct("94,92%", 94.92)]),
    # achieved/target: two percents
    row("achieved-over-target", "Tỷ lệ cán bộ nữ tham gia cấp ủy đạt 62%/50% chỉ tiêu.",
        [pct("62%", 62.0), pct("50%", 50.0)]),
    # --- ranges ------------------------------------------------------------------------------
    row("range-both-signs", "Tỷ lệ cán bộ trẻ trong cấp ủy phấn đấu đạt 60% - 70%.",
        [pct("60%", 60.0), pct("70%", 70.0)]),
    row("range-one-sign", "Cán bộ cấp xã chiếm 60-70% tổng biên chế của huyện.",
        [pct("60", 60.0), pct("70%", 70.0)]),
    row("range-spaced-one-sign", "Tỷ lệ này hằng năm dao động 15 - 20%.",
        [pct("15", 15.0), pct("20%", 20.0)]),
    row("from-to-percent", "Tỷ lệ cán bộ được đào tạo tăng từ 60% lên 75% trong nhiệm kỳ.",
        [pct("60%", 60.0), pct("75%", 75.0)]),
    # --- qualifiers ---------------------------------------------------------------------------
    row("tren-50", "Trên 50% cán bộ chủ chốt cấp xã không phải người địa phương.",
        [pct("50%", 50.0, "more_than")]),
    row("dat-tren-95", "Tỷ lệ tập hợp đảng viên dự học tập nghị quyết đạt trên 95%.",
        [pct("95%", 95.0, "more_than")]),
    row("hon-90", "Hơn 90% đại biểu tán thành phương án nhân sự.",
        [pct("90%", 90.0, "more_than")]),
    row("gan-80", "Gần 80% cán bộ ở Lạng Sơn đã hoàn thành khóa học.",
        [pct("80%", 80.0, "approximately")]),
    row("khoang-45", "Khoảng 45% số xã được sáp nhập trong đợt đầu.",
        [pct("45%", 45.0, "approximately")]),
    row("duoi-5", "Dưới 5% cán bộ bị xếp loại không hoàn thành nhiệm vụ.",
        [pct("5%", 5.0, "less_than")]),
    row("it-nhat-30", "Kế hoạch yêu cầu ít nhất 30% ủy viên cấp ủy là cán bộ trẻ.",
        [pct("30%", 30.0, "at_least")]),
    row("toi-da-20", "Mỗi cơ quan được giữ lại tối đa 20% số biên chế dôi dư.",
        [pct("20%", 20.0, "at_most")]),
    row("khong-qua-15", "Tỷ lệ cán bộ dôi dư của mỗi đơn vị không quá 15%.",
        [pct("15%", 15.0, "at_most")]),
    row("tu-tro-len", "Tỷ lệ cấp ủy viên nữ phấn đấu đạt từ 20% trở lên.",
        [pct("20%", 20.0, "at_least")]),
    # "chưa đạt X" is exact
    row("chua-dat", "Tỷ lệ kết nạp đảng viên là người dân tộc thiểu số chưa đạt 50%.",
        [pct("50%", 50.0, "exact")]),
    row("percent-and-count", "Tỉnh có 2.580 cán bộ, trong đó 35% là nữ.",
        [count("2.580", 2580, unit="cán bộ"), pct("35%", 35.0)]),
    # --- negatives: dates and symbols that look like fractions ------------------------------
    row("neg-day-month", "Ngày 31/5, Ban Thường vụ Huyện ủy đã phê duyệt danh sách.",
        [point("31/5", "--05-31")]),
    row("neg-day-month-then-fraction", "Đến ngày 12/5, có 12/13 huyện, thị xã đã hoàn thành kế hoạch.",
        [point("12/5", "--05-12"), frac("12/13", 12, 13)]),
    row("neg-full-date", "Danh sách nhân sự được chốt ngày 31/5/2021.",
        [point("31/5/2021", "2021-05-31")]),
    # a dotted D.M is a date (decimals use a comma); the percent has a comma
    row("neg-dotted-date-and-pct", "Sáng 17.10, tỉnh tổng kết công tác, tỷ lệ hoàn thành đạt 98,5%.",
        [point(("17.10", "Sáng 17.10"), "--10-17"), pct("98,5%", 98.5)]),
    # silent: "Quốc khánh 2/9" names 2 September: a day/month date, not a fraction
    row("neg-holiday-day-month", "Nhân dịp Quốc khánh 2/9, tỉnh tặng quà cho 120 hộ gia đình chính sách.",
        [point("2/9", "--09-02"), count("120", 120, unit="hộ gia đình chính sách")]),
    # "đợt 1/2019" is the year 2019
    row("neg-dot-round", "Đợt 1/2019, có 25 đảng viên được trao Huy hiệu Đảng.",
        [point("2019", "2019"), count("25", 25, unit="đảng viên")]),
    # a school year is a period, as in the English table
    row("neg-school-year", "Năm học 2020/2021, huyện sáp nhập 15 trường học.",
        [rng("2020/2021", "2020", "2021"), count("15", 15, unit="trường học")]),
    row("neg-symbol-with-year", "Nghị định số 30/2020/NĐ-CP hướng dẫn công tác văn thư.",
        [{"type": "document_ref", "text": "Nghị định số 30/2020/NĐ-CP", "doc_type": "decree", "number": "30",
          "year": 2020}]),
    row("neg-number-slash-year", "Nghị quyết số 79/2023 của HĐND tỉnh đã có hiệu lực.",
        [{"type": "document_ref", "text": "Nghị quyết số 79/2023", "doc_type": "resolution", "number": "79",
          "year": 2023}]),
    row("neg-symbol-slash-code", "Nghị quyết số 125/NQ-CP được gửi tới các tỉnh, thành phố.",
        [{"type": "document_ref", "text": "Nghị quyết số 125/NQ-CP", "doc_type": "resolution",
          "number": "125"}]),
    row("neg-money-per-month", "Mức hỗ trợ là 2 triệu đồng/người/tháng.", []),
    # --- rows of the numbers helper (made-up sentences, one per rule) -----------------------
    # "từ 60 đến 70%": a percent range joined by a word
    row("own-range-word-joined", "Tỷ lệ này đạt từ 60 đến 70%.",
        [pct("60", 60.0), pct("70%", 70.0)]),
    # a date word before d/m: not a fraction (the dates finder gives the date)
    row("own-frac-after-thang-not-fraction", "Đến hết tháng 9/2024, 98,7% đảng viên được cấp thẻ.",
        [point(("tháng 9/2024", "9/2024"), "2024-09"), pct("98,7%", 98.7)]),
    row("own-at-least-after-percent", "Tỷ lệ đảng viên trẻ phải đạt 30% trở lên.",
        [pct("30%", 30.0, "at_least")]),
    row("own-chiem-after-count", "Có 3 đồng chí không trúng cử, chiếm 5,77%.",
        [count("3", 3, unit="đồng chí"), pct("5,77%", 5.77)]),
]


@pytest.mark.parametrize("text,expected", ROWS)
def test_vi_ratios(text, expected):
    check(text, expected, lang="vi")
