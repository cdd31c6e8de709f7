"""document_ref rules, as a table of made-up sentences (ANNOTATION.md, "document_ref").

Every row pins all fact records of its sentence: the document mentions and
whatever dates/counts/ratios the sentence also carries (nothing else may be
extracted).  Values follow the guideline, not the extractor.
"""

import pytest

from .conftest import check, gap


def doc(text, doc_type, number, **fields):
    return {"type": "document_ref", "text": text, "doc_type": doc_type, "number": number, **fields}


def date(text, value, **kw):
    return {"type": "date", "text": text, "kind": "point", "value": value, **kw}


def row(id, text, expected, xfail=None):
    return pytest.param(text, expected, id=id, marks=[gap(xfail)] if xfail else [])


ROWS = [
    # --- full symbols of many shapes -------------------------------------
    row("nq-tu-province",
        "The Nghe An Provincial Party Committee issued Resolution No. 04-NQ/TU on streamlining the apparatus.",
        [doc("Resolution No. 04-NQ/TU", "resolution", "04", symbol="04-NQ/TU", year=None,
             issuer="Provincial Party Committee")]),
    row("nq-tw-suffix",
        "Lai Chau continues to implement Resolution No. 26-NQ/TW on building a contingent of strategic-level cadres.",
        [doc("Resolution No. 26-NQ/TW", "resolution", "26", symbol="26-NQ/TW", year=None,
             issuer="Central Committee")]),
    row("nd-cp-year",
        "Decree No. 30/2020/ND-CP of the Government on clerical work is applied in all agencies of Quang Ninh.",
        [doc("Decree No. 30/2020/ND-CP", "decree", "30", symbol="30/2020/ND-CP", year=2020,
             issuer="Government")]),
    row("nq-cp-no-year",
        "Implementing Resolution No. 125/NQ-CP, the Department of Home Affairs of Ha Tinh reviewed its staffing.",
        [doc("Resolution No. 125/NQ-CP", "resolution", "125", symbol="125/NQ-CP", year=None,
             issuer="Government")]),
    # a People's Council's Standing Committee is the People's Council
    row("kh-hdnd-standing-of-council",
        "Plan No. 242/KH-HĐND of the Standing Committee of the Provincial People's Council of Lang Son sets out the thematic supervision.",
        [doc("Plan No. 242/KH-HĐND", "plan", "242", symbol="242/KH-HĐND",
             issuer="Provincial People's Council")]),
    row("qdi-tu-standing",
        "Regulation No. 04-QDi/TU of the Bac Ninh Provincial Party Committee Standing Committee defines the duties of leaders.",
        [doc("Regulation No. 04-QDi/TU", "regulation", "04", symbol="04-QDi/TU",
             issuer="Standing Committee of the Provincial Party Committee")]),
    # UBTVQH15 is the National Assembly Standing Committee, not the National Assembly
    row("ubtvqh",
        "Resolution No. 76/2025/UBTVQH15 on the arrangement of commune-level units took effect in Tuyen Quang.",
        [doc("Resolution No. 76/2025/UBTVQH15", "resolution", "76", symbol="76/2025/UBTVQH15", year=2025,
             issuer="National Assembly Standing Committee")]),
    row("qd-ubnd-decision",
        "Decision No. 1234/QĐ-UBND approving the staffing plan was signed by the Chairman of the Quang Tri Provincial People's Committee.",
        [doc("Decision No. 1234/QĐ-UBND", "decision", "1234", symbol="1234/QĐ-UBND",
             issuer="Provincial People's Committee")]),
    # the body the sentence names wins over the TW suffix
    row("ct-tw-of-politburo",
        "Directive No. 35-CT/TW of the Politburo on party congresses at all levels was disseminated in Son La.",
        [doc("Directive No. 35-CT/TW", "directive", "35", symbol="35-CT/TW", issuer="Politburo")]),
    row("kl-tw",
        "Ca Mau has thoroughly grasped Conclusion No. 09-KL/TW on personnel planning.",
        [doc("Conclusion No. 09-KL/TW", "conclusion", "09", symbol="09-KL/TW", issuer="Central Committee")]),
    # BTCTW (the Central Organization Commission) is neither a listed issuer nor a
    # listed suffix code: the issuer is null, not "Central Committee" from its "TW" tail
    row("hd-btctw",
        "Guidance No. 15-HD/BTCTW provides detailed instructions on cadre evaluation in Cao Bang.",
        [doc("Guidance No. 15-HD/BTCTW", "guidance", "15", symbol="15-HD/BTCTW", issuer=None)]),
    row("official-letter-cv",
        "Official Letter No. 12-CV/TU of the Standing Committee of the Provincial Party Committee asked Dien Bien's districts to report.",
        [doc("Official Letter No. 12-CV/TU", "official_letter", "12", symbol="12-CV/TU",
             issuer="Standing Committee of the Provincial Party Committee")]),
    # QĐ with the English word "Regulation" is a regulation
    row("qd-tw-regulation-word",
        "Regulation No. 105-QĐ/TW of the Central Committee decentralizes cadre management to Gia Lai.",
        [doc("Regulation No. 105-QĐ/TW", "regulation", "105", symbol="105-QĐ/TW", issuer="Central Committee")]),
    row("tt-bnv-minister",
        "The Minister of Home Affairs issued Circular No. 06/2023/TT-BNV on recruiting civil servants.",
        [doc("Circular No. 06/2023/TT-BNV", "circular", "06", symbol="06/2023/TT-BNV", year=2023,
             issuer="Ministry of Home Affairs")]),
    row("qd-ttg",
        "Decision No. 759/QĐ-TTg approved the master plan on rearranging administrative units in Dong Thap.",
        [doc("Decision No. 759/QĐ-TTg", "decision", "759", symbol="759/QĐ-TTg", issuer="Prime Minister")]),
    row("law-qh",
        "Law No. 80/2015/QH13 on the promulgation of legal documents was cited at the meeting in Lam Dong.",
        [doc("Law No. 80/2015/QH13", "law", "80", symbol="80/2015/QH13", year=2015, issuer="National Assembly")]),
    row("submission-ttr",
        "Submission No. 45/TTr-UBND proposed merging two departments of Khanh Hoa.",
        [doc("Submission No. 45/TTr-UBND", "submission", "45", symbol="45/TTr-UBND",
             issuer="Provincial People's Committee"),
         {"type": "count", "text": "two", "value": 2, "qualifier": "exact", "unit": "departments"}]),
    row("plan-bcd",
        "Plan No. 10-KH/BCĐ guides the review of the apparatus in Quang Ngai.",
        [doc("Plan No. 10-KH/BCĐ", "plan", "10", symbol="10-KH/BCĐ", issuer="Steering Committee")]),
    # --- "No." variants, bare short mentions, two type words, lists --------
    row("no-dot-glued-issued-before",
        "On April 27, the Standing Committee of the Dien Bien Provincial Party Committee issued Project No.19-DA/TU on restructuring the apparatus.",
        [doc("Project No.19-DA/TU", "project", "19", symbol="19-DA/TU",
             issuer="Standing Committee of the Provincial Party Committee", issued_on="--04-27"),
         date("April 27", "--04-27")]),
    row("no-without-dot-politburo-before",
        "Politburo Directive No 35 sets out the requirements for preparing personnel in Thanh Hoa.",
        [doc("Directive No 35", "directive", "35", symbol=None, issuer="Politburo")]),
    row("number-word",
        "Under Plan Number 5 of the District Party Committee, the communes reviewed their cadres.",
        [doc("Plan Number 5", "plan", "5", symbol=None, issuer="District Party Committee")]),
    row("bare-short-mention",
        "Resolution 26 remains the basis for cadre planning in Lao Cai.",
        [doc("Resolution 26", "resolution", "26", symbol=None, year=None, issuer=None, issued_on=None)]),
    row("two-type-words-last-decides",
        "The province also carried out Conclusion Notice No. 20 on the pilot model.",
        [doc("Conclusion Notice No. 20", "notice", "20")]),
    row("list-two-docs-one-issuer",
        "Regulation No. 41 and Conclusion Notice No. 20 of the Politburo were discussed by the Phu Tho delegates.",
        [doc("Regulation No. 41", "regulation", "41", issuer="Politburo"),
         doc("Conclusion Notice No. 20", "notice", "20", issuer="Politburo")]),
    row("coordinated-numbers",
        "Resolutions 31 and 24 of the Politburo set the direction for An Giang.",
        [doc("Resolutions 31", "resolution", "31", issuer="Politburo"),
         doc("24", "resolution", "24", issuer="Politburo", after="31 and ")]),
    row("list-of-four-numbers",
        "Resolutions No. 57, 59, 66 and 68 of the Politburo are the four pillars for Ninh Binh.",
        [doc("Resolutions No. 57", "resolution", "57", issuer="Politburo"),
         doc("59", "resolution", "59", issuer="Politburo", after="57, "),
         doc("66", "resolution", "66", issuer="Politburo", after="59, "),
         doc("68", "resolution", "68", issuer="Politburo", after="and "),
         {"type": "count", "text": "four", "value": 4, "qualifier": "exact", "unit": "pillars"}]),
    row("nd-diacritic-no-no",
        "Decree 178/2024/NĐ-CP on policies for cadres applies in Lao Cai.",
        [doc("Decree 178/2024/NĐ-CP", "decree", "178", symbol="178/2024/NĐ-CP", year=2024, issuer="Government")]),
    # --- issuers by sentence and by locality -------------------------------
    row("standing-committee-issued",
        "The Standing Committee of the Provincial Party Committee issued Directive No. 24-CT/TU on strengthening inspection in Tay Ninh.",
        [doc("Directive No. 24-CT/TU", "directive", "24", symbol="24-CT/TU",
             issuer="Standing Committee of the Provincial Party Committee")]),
    row("standing-board-is-standing-committee",
        "The Standing Board of the Vinh Long Provincial Party Committee issued Notice No. 150-TB/TU on personnel work.",
        [doc("Notice No. 150-TB/TU", "notice", "150", symbol="150-TB/TU",
             issuer="Standing Committee of the Provincial Party Committee")]),
    row("tu-in-city-article",
        "Hanoi is implementing Program No. 03-CTr/TU on cadre work.",
        [doc("Program No. 03-CTr/TU", "program", "03", symbol="03-CTr/TU", issuer="City Party Committee")]),
    row("tu-in-province-article",
        "Nghe An is implementing Program No. 03-CTr/TU on cadre work.",
        [doc("Program No. 03-CTr/TU", "program", "03", symbol="03-CTr/TU", issuer="Provincial Party Committee")]),
    row("city-standing-committee",
        "The Standing Committee of the Ho Chi Minh City Party Committee issued Regulation No. 08-QĐ/TU on rotating cadres.",
        [doc("Regulation No. 08-QĐ/TU", "regulation", "08", symbol="08-QĐ/TU",
             issuer="Standing Committee of the City Party Committee")]),
    row("hu-suffix",
        "Communes in Dong Nai studied Resolution No. 07-NQ/HU on grassroots party building.",
        [doc("Resolution No. 07-NQ/HU", "resolution", "07", symbol="07-NQ/HU", issuer="District Party Committee")]),
    # --- issued_on, titles, later mentions ---------------------------------
    row("dated-full-date",
        "Resolution No. 09-NQ/TU dated May 31, 2021 of the Phu Tho Provincial Party Committee focuses on personnel.",
        [doc("Resolution No. 09-NQ/TU", "resolution", "09", symbol="09-NQ/TU",
             issuer="Provincial Party Committee", issued_on="2021-05-31"),
         date("May 31, 2021", "2021-05-31")]),
    row("issued-on-dmy",
        "Plan No. 87-KH/TU, issued on 15/04/2024, guides the congress preparations in Quang Ninh.",
        [doc("Plan No. 87-KH/TU", "plan", "87", symbol="87-KH/TU", issuer="Provincial Party Committee",
             issued_on="2024-04-15"),
         date("15/04/2024", "2024-04-15")]),
    row("on-day-month-before-verb",
        "On October 29, the Thanh Hoa Provincial Party Committee issued Regulation No. 20-QĐ/TU on cadre assessment.",
        [doc("Regulation No. 20-QĐ/TU", "regulation", "20", symbol="20-QĐ/TU",
             issuer="Provincial Party Committee", issued_on="--10-29"),
         date("October 29", "--10-29")]),
    row("title-after-symbol",
        'Project No. 05-DA/TU "Improving the quality of grassroots party organizations" was approved in Ha Tinh.',
        [doc("Project No. 05-DA/TU", "project", "05", symbol="05-DA/TU",
             title="Improving the quality of grassroots party organizations")]),
    row("title-after-dated-on",
        'Directive No. 12-CT/TU, dated March 3, 2022, on "Strengthening the leadership of personnel work" was issued in Quang Tri.',
        [doc("Directive No. 12-CT/TU", "directive", "12", symbol="12-CT/TU", issued_on="2022-03-03",
             title="Strengthening the leadership of personnel work"),
         date("March 3, 2022", "2022-03-03")]),
    row("central-dated-ordinal",
        "Conclusion No. 121-KL/TW dated January 24, 2025 of the 13th Party Central Committee was summarized in Hung Yen.",
        [doc("Conclusion No. 121-KL/TW", "conclusion", "121", symbol="121-KL/TW", issuer="Central Committee",
             issued_on="2025-01-24"),
         date("January 24, 2025", "2025-01-24")]),
    # the year comes from the number; the year inside it is no date, "79/2023" no fraction
    row("year-from-number",
        "Resolution No. 79/2023 of the Provincial People's Council adjusted the payroll of Dak Lak.",
        [doc("Resolution No. 79/2023", "resolution", "79", year=2023, issuer="Provincial People's Council")]),
    row("lowercase-type-word",
        "Cao Bang then issued resolution No. 15-NQ/TU on the merger of party cells.",
        [doc("resolution No. 15-NQ/TU", "resolution", "15", symbol="15-NQ/TU")]),
    # a later short mention carries only what its own words say
    row("later-short-mention",
        "Directive No. 24-CT/TU of the Standing Committee of the Provincial Party Committee was issued in Son La. "
        "Since then, Directive 24-CT/TU has been applied in every commune.",
        [doc("Directive No. 24-CT/TU", "directive", "24", symbol="24-CT/TU",
             issuer="Standing Committee of the Provincial Party Committee"),
         doc("Directive 24-CT/TU", "directive", "24", symbol="24-CT/TU", issuer="Provincial Party Committee")]),
    # --- negatives -------------------------------------------------------------
    row("neg-the-resolution",
        "The Resolution has created a strong change in the awareness of cadres in Gia Lai.",
        []),
    row("neg-resolutions-of-central",
        "Resolutions of the Central Committee on party building have been seriously implemented.",
        []),
    row("neg-2021-2025-plan",
        "The 2021-2025 plan on training cadres was completed ahead of schedule.",
        [{"type": "date", "text": "2021-2025", "kind": "range", "begin": "2021", "end": "2025"}]),
    # "Plan 2025" names a year, not a number of a document: the year is a date
    # (a year used as time), there is no document_ref
    row("neg-plan-year",
        "The targets in Plan 2025 for personnel training were all met.",
        [date("2025", "2025")]),
    row("neg-congress-ordinal",
        "The delegates prepared for the 13th Congress of the provincial Party Organization.",
        []),
    # "Article 5" is neither a document nor a count
    row("neg-article-of-decree",
        "Article 5 of Decree No. 62/2020/ND-CP defines job positions.",
        [doc("Decree No. 62/2020/ND-CP", "decree", "62", symbol="62/2020/ND-CP", year=2020, issuer="Government")]),
    row("count-after-document",
        "The conference reviewed Resolution 26 and 5 other documents.",
        [doc("Resolution 26", "resolution", "26"),
         {"type": "count", "text": "5", "value": 5, "qualifier": "exact"}]),
    row("bare-standing-committee-issues",
        "In Thai Binh province, on June 2, the Standing Committee issued Plan 88-KH/TU on the congresses.",
        [doc("Plan 88-KH/TU", "plan", "88", symbol="88-KH/TU",
             issuer="Standing Committee of the Provincial Party Committee", issued_on="--06-02"),
         date("June 2", "--06-02")]),
    row("dated-after-issuer",
        "The vote followed Regulation 96-QD/TW of the Politburo dated 02/02/2023 in every commune of Yen Bai.",
        [doc("Regulation 96-QD/TW", "regulation", "96", issuer="Politburo", issued_on="2023-02-02"),
         date("02/02/2023", "2023-02-02")]),
]


@pytest.mark.parametrize("text,expected", ROWS)
def test_documents(text, expected):
    check(text, expected)
