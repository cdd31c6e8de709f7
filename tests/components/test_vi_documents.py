"""document_ref rules on Vietnamese text, as a table of made-up sentences
(ANNOTATION.md, "document_ref" and "Vietnamese-language text").

Every row pins all fact records of its sentence: the document mentions and
whatever dates/counts/ratios the sentence also carries (nothing else may be
extracted).  Values follow the guideline, not the extractor.  Where the
guideline is silent the row says which call was made.
"""

import pytest

from .conftest import check, row, count, date, doc, rng


PPC = "Provincial Party Committee"
SC_PPC = "Standing Committee of the Provincial Party Committee"

ROWS = [
    # --- type words and symbols of many shapes ("số" is in the span) -----------
    row("nq-tu-province",
        "Tỉnh ủy Nghệ An ban hành Nghị quyết số 04-NQ/TU về tiếp tục sắp xếp, tinh gọn tổ chức bộ máy "
        "của hệ thống chính trị.",
        [doc("Nghị quyết số 04-NQ/TU", "resolution", "04", symbol="04-NQ/TU", year=None, issuer=PPC)]),
    row("nd-cp-year-dated",
        "Nghị định số 178/2024/NĐ-CP ngày 31/12/2024 của Chính phủ về chính sách, chế độ đối với cán bộ, "
        "công chức, viên chức được áp dụng thống nhất tại tỉnh Quảng Ninh.",
        [doc("Nghị định số 178/2024/NĐ-CP", "decree", "178", symbol="178/2024/NĐ-CP", year=2024,
             issuer="Government", issued_on="2024-12-31"),
         date("31/12/2024", "2024-12-31")]),
    # a date (and issuer) written once after a coordinated list applies to each
    row("nq-cp-list-shared-date",
        "Tỉnh Hà Tĩnh khẩn trương triển khai Nghị quyết số 125/NQ-CP và Nghị quyết số 126/NQ-CP "
        "ngày 9/5/2025 của Chính phủ.",
        [doc("Nghị quyết số 125/NQ-CP", "resolution", "125", symbol="125/NQ-CP", year=None,
             issuer="Government", issued_on="2025-05-09"),
         doc("Nghị quyết số 126/NQ-CP", "resolution", "126", symbol="126/NQ-CP", year=None,
             issuer="Government", issued_on="2025-05-09"),
         date("9/5/2025", "2025-05-09")]),
    # a People's Council's Standing Committee (Thường trực HĐND) is the People's Council
    row("kh-hdnd-thuong-truc",
        "Thường trực Hội đồng nhân dân tỉnh Lạng Sơn ban hành Kế hoạch số 242/KH-HĐND về giám sát "
        "chuyên đề năm 2024.",
        [doc("Kế hoạch số 242/KH-HĐND", "plan", "242", symbol="242/KH-HĐND",
             issuer="Provincial People's Council"),
         date("2024", "2024")]),
    row("qdi-tu-standing",
        "Quy định số 04-QĐi/TU của Ban Thường vụ Tỉnh ủy Bắc Ninh quy định rõ chức trách, nhiệm vụ của "
        "người đứng đầu.",
        [doc("Quy định số 04-QĐi/TU", "regulation", "04", symbol="04-QĐi/TU", issuer=SC_PPC)]),
    # UBTVQH15 is the National Assembly Standing Committee; "từ ngày 1/7/2025" has no end: a point
    row("ubtvqh",
        "Nghị quyết số 76/2025/UBTVQH15 của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã "
        "của tỉnh Tuyên Quang có hiệu lực từ ngày 1/7/2025.",
        [doc("Nghị quyết số 76/2025/UBTVQH15", "resolution", "76", symbol="76/2025/UBTVQH15", year=2025,
             issuer="National Assembly Standing Committee"),
         date("1/7/2025", "2025-07-01")]),
    row("ct-tw-of-politburo",
        "Chỉ thị số 35-CT/TW của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc "
        "lần thứ XIV của Đảng được quán triệt đến từng chi bộ ở Sơn La.",
        [doc("Chỉ thị số 35-CT/TW", "directive", "35", symbol="35-CT/TW", issuer="Politburo")]),
    # issuer named in the preceding (subject) clause; QĐNS is still a decision by its type word
    row("qdns-politburo-subject",
        "Bộ Chính trị đã ban hành Quyết định số 2568-QĐNS/TW chuẩn y Ban Chấp hành Đảng bộ tỉnh Gia Lai "
        "nhiệm kỳ 2025 - 2030.",
        [doc("Quyết định số 2568-QĐNS/TW", "decision", "2568", symbol="2568-QĐNS/TW", issuer="Politburo"),
         rng("2025 - 2030", "2025", "2030")]),
    # the body named as the object ("Ban Thường vụ Tỉnh ủy") is not the issuer
    row("qdns-secretariat-subject",
        "Ban Bí thư ban hành Quyết định số 1650-QĐNS/TW chỉ định nhân sự Ban Thường vụ Tỉnh ủy Kon Tum.",
        [doc("Quyết định số 1650-QĐNS/TW", "decision", "1650", symbol="1650-QĐNS/TW",
             issuer="Secretariat")]),
    row("kl-tw-dated-khoa",
        "Kết luận số 121-KL/TW ngày 24/01/2025 của Ban Chấp hành Trung ương Đảng khóa XIII được Đảng bộ "
        "tỉnh Hưng Yên tổng kết nghiêm túc.",
        [doc("Kết luận số 121-KL/TW", "conclusion", "121", symbol="121-KL/TW", issuer="Central Committee",
             issued_on="2025-01-24"),
         date("24/01/2025", "2025-01-24")]),
    # Ban Tổ chức Trung ương is not a listed issuer and BTCTW not a listed suffix:
    # null, not "Central Committee" from "Trung ương"/"TW" (as in the English table)
    row("hd-btctw-null-issuer",
        "Hướng dẫn số 15-HD/BTCTW của Ban Tổ chức Trung ương hướng dẫn chi tiết việc đánh giá, xếp loại "
        "cán bộ tại Cao Bằng.",
        [doc("Hướng dẫn số 15-HD/BTCTW", "guidance", "15", symbol="15-HD/BTCTW", issuer=None)]),
    row("cv-bcd",
        "Ban Chỉ đạo tỉnh Điện Biên đã có Công văn số 09-CV/BCĐ đề nghị các huyện báo cáo kết quả "
        "sắp xếp bộ máy.",
        [doc("Công văn số 09-CV/BCĐ", "official_letter", "09", symbol="09-CV/BCĐ",
             issuer="Steering Committee")]),
    # the type word decides: Quy định with a QĐ code is a regulation
    row("qd-tw-type-word-regulation",
        "Quy định số 105-QĐ/TW của Ban Chấp hành Trung ương về phân cấp quản lý cán bộ được Tỉnh ủy "
        "Gia Lai cụ thể hóa.",
        [doc("Quy định số 105-QĐ/TW", "regulation", "105", symbol="105-QĐ/TW", issuer="Central Committee")]),
    row("tt-bnv-minister",
        "Bộ trưởng Bộ Nội vụ ban hành Thông tư số 06/2023/TT-BNV về tuyển dụng công chức.",
        [doc("Thông tư số 06/2023/TT-BNV", "circular", "06", symbol="06/2023/TT-BNV", year=2023,
             issuer="Ministry of Home Affairs")]),
    row("qd-ttg",
        "Quyết định số 759/QĐ-TTg của Thủ tướng Chính phủ phê duyệt đề án sắp xếp đơn vị hành chính "
        "của tỉnh Đồng Tháp.",
        [doc("Quyết định số 759/QĐ-TTg", "decision", "759", symbol="759/QĐ-TTg", issuer="Prime Minister")]),
    row("law-qh",
        "Luật số 80/2015/QH13 của Quốc hội về ban hành văn bản quy phạm pháp luật được viện dẫn tại "
        "hội nghị.",
        [doc("Luật số 80/2015/QH13", "law", "80", symbol="80/2015/QH13", year=2015,
             issuer="National Assembly")]),
    row("submission-ttr",
        "Tờ trình số 45/TTr-UBND của Ủy ban nhân dân tỉnh Khánh Hòa đề nghị hợp nhất hai sở.",
        [doc("Tờ trình số 45/TTr-UBND", "submission", "45", symbol="45/TTr-UBND",
             issuer="Provincial People's Committee"),
         count("hai", 2, unit="sở")]),
    # "5 năm" is a duration; "Nghị quyết Đại hội" has no number
    row("report-bc",
        "Báo cáo số 120-BC/TU của Tỉnh ủy Quảng Ngãi đánh giá kết quả 5 năm thực hiện Nghị quyết Đại hội "
        "Đảng bộ tỉnh.",
        [doc("Báo cáo số 120-BC/TU", "report", "120", symbol="120-BC/TU", issuer=PPC)]),
    # --- issued_on standing before the verb, "--MM-DD" without a year --------------
    row("de-an-day-month-before-verb",
        "Ngày 27/4, Ban Thường vụ Tỉnh ủy Điện Biên ban hành Đề án số 19-ĐA/TU về sắp xếp tổ chức bộ máy.",
        [doc("Đề án số 19-ĐA/TU", "project", "19", symbol="19-ĐA/TU", issuer=SC_PPC, issued_on="--04-27"),
         date("27/4", "--04-27")]),
    row("ct-full-date-before-verb",
        "Ngày 15/3/2024, Ban Thường vụ Tỉnh ủy Tây Ninh ban hành Chỉ thị số 24-CT/TU về tăng cường công tác "
        "kiểm tra, giám sát.",
        [doc("Chỉ thị số 24-CT/TU", "directive", "24", symbol="24-CT/TU", issuer=SC_PPC,
             issued_on="2024-03-15"),
         date("15/3/2024", "2024-03-15")]),
    row("issued-on-ban-hanh-ngay",
        "Kế hoạch số 87-KH/TU, ban hành ngày 15/04/2024, hướng dẫn chuẩn bị đại hội đảng bộ các cấp "
        "tại tỉnh Quảng Ninh.",
        [doc("Kế hoạch số 87-KH/TU", "plan", "87", symbol="87-KH/TU", issuer=PPC, issued_on="2024-04-15"),
         date("15/04/2024", "2024-04-15")]),
    row("dated-after-issuer",
        "Việc bỏ phiếu thực hiện theo Quy định 96-QĐ/TW của Bộ Chính trị ngày 2/2/2023 tại các xã của "
        "tỉnh Yên Bái.",
        [doc("Quy định 96-QĐ/TW", "regulation", "96", symbol="96-QĐ/TW", issuer="Politburo",
             issued_on="2023-02-02"),
         date("2/2/2023", "2023-02-02")]),
    # --- without "số", bare short mentions, two type words ---------------------------
    row("bare-short-mention",
        "Nghị quyết 26 vẫn là căn cứ để Lào Cai xây dựng quy hoạch cán bộ.",
        [doc("Nghị quyết 26", "resolution", "26", symbol=None, year=None, issuer=None, issued_on=None)]),
    # two type words: the first (head) decides
    row("thong-bao-ket-luan-is-notice",
        "Ban Thường vụ Tỉnh ủy Vĩnh Long ban hành Thông báo kết luận số 150-TB/TU về công tác nhân sự.",
        [doc("Thông báo kết luận số 150-TB/TU", "notice", "150", symbol="150-TB/TU", issuer=SC_PPC)]),
    row("chuong-trinh-hanh-dong",
        "Tỉnh ủy Cà Mau ban hành Chương trình hành động số 15-CTr/TU thực hiện Nghị quyết số 57-NQ/TW "
        "của Bộ Chính trị.",
        [doc("Chương trình hành động số 15-CTr/TU", "program", "15", symbol="15-CTr/TU", issuer=PPC),
         doc("Nghị quyết số 57-NQ/TW", "resolution", "57", symbol="57-NQ/TW", issuer="Politburo")]),
    row("lowercase-type-word",
        "Sau đó, Cao Bằng ban hành nghị quyết số 15-NQ/TU về sáp nhập các chi bộ.",
        [doc("nghị quyết số 15-NQ/TU", "resolution", "15", symbol="15-NQ/TU", issuer=PPC)]),
    # --- coordinated lists -----------------------------------------------------------
    row("list-of-four-numbers",
        "Các Nghị quyết số 57, 59, 66 và 68 của Bộ Chính trị là những định hướng lớn đối với tỉnh Ninh Bình.",
        [doc("Nghị quyết số 57", "resolution", "57", issuer="Politburo"),
         doc("59", "resolution", "59", issuer="Politburo", after="57, "),
         doc("66", "resolution", "66", issuer="Politburo", after="59, "),
         doc("68", "resolution", "68", issuer="Politburo", after="và ")]),
    row("list-two-types-one-issuer",
        "Quy định số 41-QĐ/TW và Thông báo kết luận số 20-TB/TW của Bộ Chính trị được quán triệt tới các "
        "chi bộ ở Phú Thọ.",
        [doc("Quy định số 41-QĐ/TW", "regulation", "41", symbol="41-QĐ/TW", issuer="Politburo"),
         doc("Thông báo kết luận số 20-TB/TW", "notice", "20", symbol="20-TB/TW", issuer="Politburo")]),
    # silent: a later list item written with its symbol is spanned by the symbol;
    # "Trung ương 6" names the plenum (not a count), "khóa XII" is an ordinal
    row("list-later-symbol",
        "Tỉnh ủy tiếp tục triển khai các Nghị quyết số 18-NQ/TW và 19-NQ/TW của Hội nghị Trung ương 6 "
        "khóa XII.",
        [doc("Nghị quyết số 18-NQ/TW", "resolution", "18", symbol="18-NQ/TW", issuer="Central Committee"),
         doc("19-NQ/TW", "resolution", "19", symbol="19-NQ/TW", issuer="Central Committee")]),
    # --- joint issuers: the first named wins ----------------------------------------
    row("joint-politburo-secretariat",
        "Ngày 28/2/2025, Bộ Chính trị, Ban Bí thư ban hành Kết luận số 127-KL/TW về triển khai nghiên cứu, "
        "đề xuất tiếp tục sắp xếp tổ chức bộ máy của hệ thống chính trị.",
        [doc("Kết luận số 127-KL/TW", "conclusion", "127", symbol="127-KL/TW", issuer="Politburo",
             issued_on="2025-02-28"),
         date("28/2/2025", "2025-02-28")]),
    # "liên tịch" (joint) is no type word: still a plan
    row("joint-ubnd-mttq",
        "Ủy ban nhân dân tỉnh và Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hà Giang ban hành Kế hoạch liên tịch "
        "số 03/KHLT-UBND-MTTQ về giám sát cán bộ.",
        [doc("Kế hoạch liên tịch số 03/KHLT-UBND-MTTQ", "plan", "03", symbol="03/KHLT-UBND-MTTQ",
             issuer="Provincial People's Committee")]),
    # silent: the proposer (Ban Tổ chức) named in a leading clause is not the issuer
    row("issuer-after-proposer-clause",
        "Trên cơ sở đề xuất của Ban Tổ chức Tỉnh ủy, Ban Thường vụ Tỉnh ủy Phú Thọ đã ban hành Quy định "
        "số 12-QĐ/TU về tiêu chuẩn chức danh cán bộ.",
        [doc("Quy định số 12-QĐ/TU", "regulation", "12", symbol="12-QĐ/TU", issuer=SC_PPC)]),
    # silent: Thường trực Tỉnh ủy ("Standing Board") is read as the Standing Committee
    row("thuong-truc-tinh-uy",
        "Thường trực Tỉnh ủy Thái Bình ban hành Công văn số 1520-CV/TU chỉ đạo chuẩn bị nhân sự đại hội.",
        [doc("Công văn số 1520-CV/TU", "official_letter", "1520", symbol="1520-CV/TU", issuer=SC_PPC)]),
    # --- issuers by locality --------------------------------------------------------
    row("tu-in-city-article",
        "Hà Nội đang triển khai Chương trình số 03-CTr/TU về công tác cán bộ.",
        [doc("Chương trình số 03-CTr/TU", "program", "03", symbol="03-CTr/TU", issuer="City Party Committee")]),
    row("city-standing-committee",
        "Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh ban hành Quy định số 08-QĐ/TU về luân chuyển cán bộ.",
        [doc("Quy định số 08-QĐ/TU", "regulation", "08", symbol="08-QĐ/TU",
             issuer="Standing Committee of the City Party Committee")]),
    # --- year from the number, titles -------------------------------------------------
    row("year-from-number",
        "Nghị quyết số 79/2023 của Hội đồng nhân dân tỉnh điều chỉnh biên chế của Đắk Lắk.",
        [doc("Nghị quyết số 79/2023", "resolution", "79", year=2023, issuer="Provincial People's Council")]),
    row("nq-hdnd-abbrev-issuer",
        "Nghị quyết số 35/2024/NQ-HĐND của HĐND tỉnh quy định mức hỗ trợ đối với người hoạt động không "
        "chuyên trách ở cấp xã.",
        [doc("Nghị quyết số 35/2024/NQ-HĐND", "resolution", "35", symbol="35/2024/NQ-HĐND", year=2024,
             issuer="Provincial People's Council")]),
    # the title follows the symbol; the term inside the title is a date
    row("title-after-symbol",
        'Đề án số 05-ĐA/TU "Nâng cao chất lượng tổ chức cơ sở đảng giai đoạn 2021 - 2025" được triển khai '
        "tại tỉnh Hà Tĩnh.",
        [doc("Đề án số 05-ĐA/TU", "project", "05", symbol="05-ĐA/TU", issuer=PPC,
             title="Nâng cao chất lượng tổ chức cơ sở đảng giai đoạn 2021 - 2025"),
         rng("2021 - 2025", "2021", "2025")]),
    # "ngày …, về “…”" is the Vietnamese "dated …, on": curly quotes
    row("title-after-ngay-ve",
        "Chỉ thị số 12-CT/TU ngày 3/3/2022 về “Tăng cường sự lãnh đạo của Đảng đối với công tác cán bộ” "
        "được triển khai tại tỉnh Quảng Trị.",
        [doc("Chỉ thị số 12-CT/TU", "directive", "12", symbol="12-CT/TU", issuer=PPC, issued_on="2022-03-03",
             title="Tăng cường sự lãnh đạo của Đảng đối với công tác cán bộ"),
         date("3/3/2022", "2022-03-03")]),
    # --- later short mentions and bracketed aliases ------------------------------------
    row("later-short-mention",
        "Chỉ thị số 24-CT/TU của Ban Thường vụ Tỉnh ủy được ban hành tại Sơn La. "
        "Từ đó, Chỉ thị 24-CT/TU được áp dụng ở mọi xã.",
        [doc("Chỉ thị số 24-CT/TU", "directive", "24", symbol="24-CT/TU", issuer=SC_PPC),
         doc("Chỉ thị 24-CT/TU", "directive", "24", symbol="24-CT/TU", issuer=PPC)]),
    # the alias is its own record: issuer from its sentence, no issued_on, no symbol
    row("bracketed-alias",
        "Thực hiện Chỉ thị số 45-CT/TW ngày 14/4/2025 của Bộ Chính trị (Chỉ thị số 45), Đảng bộ tỉnh "
        "Bắc Kạn khẩn trương chuẩn bị nhân sự đại hội.",
        [doc("Chỉ thị số 45-CT/TW", "directive", "45", symbol="45-CT/TW", issuer="Politburo",
             issued_on="2025-04-14"),
         doc("Chỉ thị số 45", "directive", "45", symbol=None, issuer="Politburo", issued_on=None, after="("),
         date("14/4/2025", "2025-04-14")]),
    row("later-short-mention-own-sentence",
        "Tỉnh ủy Yên Bái ban hành Kế hoạch số 112-KH/TU thực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành "
        "Trung ương. Đến nay, việc triển khai Nghị quyết 18 đã đạt nhiều kết quả.",
        [doc("Kế hoạch số 112-KH/TU", "plan", "112", symbol="112-KH/TU", issuer=PPC),
         doc("Nghị quyết số 18-NQ/TW", "resolution", "18", symbol="18-NQ/TW", issuer="Central Committee"),
         doc("Nghị quyết 18", "resolution", "18", symbol=None, issuer=None, issued_on=None)]),
    # --- negatives: mentions with no number ----------------------------------------------
    row("neg-the-resolution",
        "Nghị quyết đã tạo chuyển biến rõ rệt trong nhận thức của cán bộ, đảng viên ở Gia Lai.",
        []),
    row("neg-resolutions-of-central",
        "Các nghị quyết, chỉ thị của Trung ương về xây dựng Đảng được triển khai nghiêm túc.",
        []),
    # a congress resolution named by an ordinal has no number
    row("neg-congress-resolution",
        "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX, nhiệm kỳ 2020 - 2025 đã cơ bản hoàn thành.",
        [rng("2020 - 2025", "2020", "2025")]),
    # silent: a law named by title and year has no number (no record); its year is a
    # year used as time (as "Plan 2025" in the English table)
    row("neg-law-title-year",
        "Luật Cán bộ, công chức năm 2008 đã được sửa đổi, bổ sung nhiều lần.",
        [date("2008", "2008")]),
    # "Điều 5" is a label: neither a document nor a count
    row("neg-article-of-decree",
        "Điều 5 Nghị định số 62/2020/NĐ-CP quy định về vị trí việc làm.",
        [doc("Nghị định số 62/2020/NĐ-CP", "decree", "62", symbol="62/2020/NĐ-CP", year=2020,
             issuer="Government")]),
]


@pytest.mark.parametrize("text,expected", ROWS)
def test_vi_documents(text, expected):
    check(text, expected, lang="vi")
