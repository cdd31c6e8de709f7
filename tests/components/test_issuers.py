"""Issuers in both languages (issue 9, item 6), as general rules with test rows
(ANNOTATION.md, "document_ref": "The body that the mention's own sentence
names wins, the first named when two issue jointly; ... Otherwise the
symbol's suffix decides").

* joint issuers: the first named body, in an "of ..." phrase, in the subject
  of the issuing verb, and in a joint symbol ("KHLT-UBND-MTTQ");
* symbol codes: every listed suffix (BCĐ/BCD included); a code of a body that
  is not a listed issuer (BTCTW, BTCTU) gives null, never the listed code
  inside it;
* a body named that is not a listed issuer ("of the Central Organization
  Commission", "của Ban Tổ chức Trung ương") makes the issuer null, even
  over a listed suffix: the body the sentence names wins;
* offices are not bodies ("Politburo member", "Thường trực Ban Bí thư");
* the body named in a relative clause after the mention ("which the
  Politburo issued", "do/mà/được Bộ Chính trị ban hành"), with its date;
* the body named in the sentence before, only when (a) the mention's own
  sentence names no body, (b) its symbol gives no issuer, (c) it is the
  first mention of that document, and (d) the sentence before announces it:
  an issuing verb whose object is a type word of the same type without a
  number ("The Politburo has just issued a new regulation ...").  A later
  short mention never takes an issuer from another sentence.

Every row pins all fact records of its sentence.  Made-up sentences.
"""

import pytest

from .conftest import check, row, date, doc


PPC = "Provincial Party Committee"

EN = [
    # --- joint issuers: the first named ------------------------------------------
    row("en-joint-subject",
        "On February 28, 2025, the Politburo and the Secretariat issued Conclusion No. 127-KL/TW on the apparatus.",
        [doc("Conclusion No. 127-KL/TW", "conclusion", "127", symbol="127-KL/TW", issuer="Politburo",
             issued_on="2025-02-28"),
         date("February 28, 2025", "2025-02-28")]),
    row("en-joint-subject-reversed",
        "The Secretariat and the Politburo issued Conclusion No. 128-KL/TW on the apparatus.",
        [doc("Conclusion No. 128-KL/TW", "conclusion", "128", symbol="128-KL/TW", issuer="Secretariat")]),
    row("en-joint-of",
        "Conclusion No. 127-KL/TW of the Politburo and the Secretariat was disseminated in Phu Tho.",
        [doc("Conclusion No. 127-KL/TW", "conclusion", "127", symbol="127-KL/TW", issuer="Politburo")]),
    row("en-joint-symbol",
        "Plan No. 03/KHLT-UBND-MTTQ on supervising cadres was carried out in Ha Giang.",
        [doc("Plan No. 03/KHLT-UBND-MTTQ", "plan", "03", symbol="03/KHLT-UBND-MTTQ",
             issuer="Provincial People's Committee")]),
    # --- codes ---------------------------------------------------------------------
    row("en-bcd",
        "Official Letter No. 09-CV/BCĐ asked the districts of Dien Bien to report on the merger.",
        [doc("Official Letter No. 09-CV/BCĐ", "official_letter", "09", symbol="09-CV/BCĐ",
             issuer="Steering Committee")]),
    row("en-bcd-ascii",
        "Official Letter No. 11-CV/BCD asked the districts of Dien Bien to report on the merger.",
        [doc("Official Letter No. 11-CV/BCD", "official_letter", "11", symbol="11-CV/BCD",
             issuer="Steering Committee")]),
    row("en-btctu-null",
        "Guidance No. 05-HD/BTCTU on cadre planning was sent to the districts of Nghe An.",
        [doc("Guidance No. 05-HD/BTCTU", "guidance", "05", symbol="05-HD/BTCTU", issuer=None)]),
    # --- an unlisted body named: null, over the suffix ------------------------------------
    row("en-unlisted-body-over-suffix",
        "Guidance No. 16-HD/TW of the Central Organization Commission details cadre evaluation in Cao Bang.",
        [doc("Guidance No. 16-HD/TW", "guidance", "16", symbol="16-HD/TW", issuer=None)]),
    row("en-unlisted-subject",
        "The Provincial Party Committee's Organization Board issued Guidance No. 07-HD/TU on cadre planning.",
        [doc("Guidance No. 07-HD/TU", "guidance", "07", symbol="07-HD/TU", issuer=None)]),
    # --- offices are not bodies ----------------------------------------------------------
    row("en-office-not-body",
        "Politburo member and permanent member of the Secretariat Vo Van Thuong signed Regulation No. 81-QD/TW "
        "on cadre work.",
        [doc("Regulation No. 81-QD/TW", "regulation", "81", symbol="81-QD/TW", issuer="Central Committee")]),
    row("en-on-behalf-of",
        "Politburo member Vo Van Thuong signed Regulation No. 80-QD/TW on behalf of the Politburo.",
        [doc("Regulation No. 80-QD/TW", "regulation", "80", symbol="80-QD/TW", issuer="Politburo")]),
    # --- relative clauses ----------------------------------------------------------------
    row("en-relative-which",
        "Resolution No. 57, which the Politburo issued on December 22, 2024, is being implemented in Lao Cai.",
        [doc("Resolution No. 57", "resolution", "57", issuer="Politburo", issued_on="2024-12-22"),
         date("December 22, 2024", "2024-12-22")]),
    row("en-relative-over-suffix",
        "Resolution No. 57-NQ/TW, which the Politburo issued on December 22, 2024, is being implemented in Lao Cai.",
        [doc("Resolution No. 57-NQ/TW", "resolution", "57", symbol="57-NQ/TW", issuer="Politburo",
             issued_on="2024-12-22"),
         date("December 22, 2024", "2024-12-22")]),
    row("en-relative-that-has-just",
        "Regulation No. 65, that the Politburo has just issued, takes effect immediately.",
        [doc("Regulation No. 65", "regulation", "65", issuer="Politburo")]),
    # --- the sentence before ---------------------------------------------------------------
    row("en-sentence-before-announces",
        "The Politburo has just issued a new regulation on the rotation of cadres. "
        "Regulation No. 65 takes effect from the date of signing.",
        [doc("Regulation No. 65", "regulation", "65", issuer="Politburo")]),
    row("en-sentence-before-no-announcement",
        "The Politburo met in Hanoi. Regulation No. 66 takes effect from the date of signing.",
        [doc("Regulation No. 66", "regulation", "66", issuer=None)]),
    row("en-sentence-before-other-type",
        "The Politburo has just issued a new directive on congresses. Regulation No. 67 takes effect at once.",
        [doc("Regulation No. 67", "regulation", "67", issuer=None)]),
    # a later mention of a document named before keeps only its own words
    row("en-sentence-before-later-mention",
        "The Politburo has issued Regulation No. 65. Regulation No. 65 takes effect from the date of signing.",
        [doc("Regulation No. 65", "regulation", "65", issuer="Politburo"),
         doc("Regulation No. 65", "regulation", "65", issuer=None, occurrence=1)]),
    # the suffix decides over the sentence before
    row("en-sentence-before-suffix-wins",
        "The Politburo has just issued a new regulation on cadres. Regulation No. 68-QD/TW takes effect at once.",
        [doc("Regulation No. 68-QD/TW", "regulation", "68", symbol="68-QD/TW", issuer="Central Committee")]),
]

VI = [
    row("vi-joint-subject",
        "Bộ Chính trị và Ban Bí thư ban hành Kết luận số 127-KL/TW về sắp xếp tổ chức bộ máy.",
        [doc("Kết luận số 127-KL/TW", "conclusion", "127", symbol="127-KL/TW", issuer="Politburo")]),
    row("vi-list-one-subject",
        "Bộ Chính trị ban hành Chỉ thị số 35-CT/TW và Kết luận số 118-KL/TW về đại hội đảng bộ.",
        [doc("Chỉ thị số 35-CT/TW", "directive", "35", symbol="35-CT/TW", issuer="Politburo"),
         doc("Kết luận số 118-KL/TW", "conclusion", "118", symbol="118-KL/TW", issuer="Politburo")]),
    row("vi-unlisted-body-over-suffix",
        "Hướng dẫn số 16-HD/TW của Ban Tổ chức Trung ương hướng dẫn đánh giá cán bộ.",
        [doc("Hướng dẫn số 16-HD/TW", "guidance", "16", symbol="16-HD/TW", issuer=None)]),
    row("vi-unlisted-subject",
        "Ban Tổ chức Tỉnh ủy ban hành Hướng dẫn số 05-HD/BTCTU về quy hoạch cán bộ.",
        [doc("Hướng dẫn số 05-HD/BTCTU", "guidance", "05", symbol="05-HD/BTCTU", issuer=None)]),
    # a district People's Committee is not a listed issuer
    row("vi-district-ubnd-null",
        "Ủy ban nhân dân huyện ban hành Kế hoạch số 12/KH-UBND về tinh giản biên chế.",
        [doc("Kế hoạch số 12/KH-UBND", "plan", "12", symbol="12/KH-UBND", issuer=None)]),
    row("vi-office-not-body",
        "Thường trực Ban Bí thư Võ Văn Thưởng đã ký ban hành Quy định số 81-QĐ/TW về công tác cán bộ.",
        [doc("Quy định số 81-QĐ/TW", "regulation", "81", symbol="81-QĐ/TW", issuer="Central Committee")]),
    row("vi-thay-mat",
        "Thay mặt Bộ Chính trị, đồng chí Võ Văn Thưởng, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư, đã ký "
        "ban hành Quy định số 80-QĐ/TW ngày 18/8/2022 về phân cấp quản lý cán bộ.",
        [doc("Quy định số 80-QĐ/TW", "regulation", "80", symbol="80-QĐ/TW", issuer="Politburo",
             issued_on="2022-08-18"),
         date("18/8/2022", "2022-08-18")]),
    # "Tỉnh uỷ": the other tone placement
    row("vi-tone-placement",
        "Tỉnh uỷ Nghệ An ban hành Nghị quyết số 04-NQ/TU về tinh gọn bộ máy.",
        [doc("Nghị quyết số 04-NQ/TU", "resolution", "04", symbol="04-NQ/TU", issuer=PPC)]),
    row("vi-bcdtw-code",
        "Kế hoạch số 05-KH/BCĐTW hướng dẫn việc tổng kết tại các tỉnh.",
        [doc("Kế hoạch số 05-KH/BCĐTW", "plan", "05", symbol="05-KH/BCĐTW", issuer="Steering Committee")]),
    # Thường trực HĐND (a People's Council's Standing Committee) is the People's Council
    row("vi-tthdnd-code",
        "Thông báo số 20/TB-TTHĐND nêu rõ lịch tiếp xúc cử tri ở Nghệ An.",
        [doc("Thông báo số 20/TB-TTHĐND", "notice", "20", symbol="20/TB-TTHĐND",
             issuer="Provincial People's Council")]),
    # "TƯ" (Trung ương) as some write TW
    row("vi-tu-code",
        "Quy định số 08-QĐi/TƯ quy định trách nhiệm nêu gương của cán bộ.",
        [doc("Quy định số 08-QĐi/TƯ", "regulation", "08", symbol="08-QĐi/TƯ", issuer="Central Committee")]),
    row("vi-district-party-committee",
        "Huyện ủy Con Cuông ban hành Nghị quyết số 09-NQ/HU về công tác cán bộ.",
        [doc("Nghị quyết số 09-NQ/HU", "resolution", "09", symbol="09-NQ/HU", issuer="District Party Committee")]),
    # --- relative and passive clauses ----------------------------------------------------
    row("vi-do-agent",
        "Nghị quyết số 57-NQ/TW do Bộ Chính trị ban hành ngày 22/12/2024 đang được triển khai tại Lào Cai.",
        [doc("Nghị quyết số 57-NQ/TW", "resolution", "57", symbol="57-NQ/TW", issuer="Politburo",
             issued_on="2024-12-22"),
         date("22/12/2024", "2024-12-22")]),
    row("vi-relative-ma",
        "Nghị quyết số 57 mà Bộ Chính trị ban hành ngày 22/12/2024 đang được triển khai tại Lào Cai.",
        [doc("Nghị quyết số 57", "resolution", "57", issuer="Politburo", issued_on="2024-12-22"),
         date("22/12/2024", "2024-12-22")]),
    row("vi-passive-duoc",
        "Quy định số 65 được Bộ Chính trị ban hành ngày 28/4/2022 có hiệu lực từ ngày ký.",
        [doc("Quy định số 65", "regulation", "65", issuer="Politburo", issued_on="2022-04-28"),
         date("28/4/2022", "2022-04-28")]),
    # --- the sentence before ---------------------------------------------------------------
    row("vi-sentence-before-announces",
        "Bộ Chính trị vừa ban hành quy định mới về luân chuyển cán bộ. Quy định số 65 có hiệu lực từ ngày ký.",
        [doc("Quy định số 65", "regulation", "65", issuer="Politburo")]),
    row("vi-sentence-before-no-announcement",
        "Bộ Chính trị họp tại Hà Nội. Quy định số 66 có hiệu lực từ ngày ký.",
        [doc("Quy định số 66", "regulation", "66", issuer=None)]),
]


@pytest.mark.parametrize("text,expected", EN)
def test_issuers_en(text, expected):
    check(text, expected)


@pytest.mark.parametrize("text,expected", VI)
def test_issuers_vi(text, expected):
    check(text, expected, lang="vi")
