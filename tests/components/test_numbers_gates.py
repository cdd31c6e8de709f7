"""The numbers finder's gates (``NumberFinder._init_gates``, ``ratio_anchored``):
cheap tests before its window searches, and percents and fractions matched
where they can start.  A gate only skips searches that cannot match, so the
finder with its gates gives the facts of the finder without them, on the
articles and on texts made to meet every gate's edge (case folding, white
space, window ends, lists of labels, percent ranges)."""

from __future__ import annotations

import copy
import random
import sys
from pathlib import Path

import pytest
import regex

from extractor.components.numbers import NumberFinder, finder_for
from extractor.langid import identify

# what switches each gate off (None: the search runs everywhere)
GATES = {"qual_ends": None, "qual_ends_of": None, "furniture_ends": None, "label_ends": None, "money_lasts": None,
         "from_ends": None, "breakdown_ends": None, "number_of_keys": None, "stop_firsts": None,
         "qual_after_firsts": None, "part_of_firsts": None, "to_number_firsts": None,
         "frac_block_ends": None, "vague_ends": None, "unit_firsts": None,
         "_gate_bad": None, "ratio_anchored": False}

DATA = Path(__file__).resolve().parents[2] / "data"

SNIPPETS = [
    "Article ", "Articles 5 and ", "Points 1, 2a, ", "Points 1 , 2a and 3 - ", "May 31, ", "Item 4b,", "Clause 3 - ", "Section 2a and ", "No. ", "page ",
    "Comment (", "Comment (0)", ",\x1c", ", \u00a0", ";\n", "(\t", "Views: ", "$", "US$ ", "VND ", "VND\n", "€", "more than ", "MORE THAN ",
    "No more than ", "ſome ", "about\n", "approx. ", "under ", "the number of ", "The Total Number of ",
    "from 12 to ", "including ", ", ", " and ", " or ", "(", "-year-old", "-", "–", "\n1. ", "2) ",
    "60-70%", "60 to 70%", " 60 – 70 % ", "1.5/2 ", "3 / 4", "62%/50%", "2,5%", " per cent", "pct ",
    "1,004 out of 1,007", "5\u00a0%", "12/13 ", "1,004 ", "Mr. Tran Hung, ", "48, ", "were ", " 2,580 cadres",
    "three ", "of whom ", " OF WHOM", "\nof\nwhom", " to 9 ", " and\u00a012", " - 7", "–3",  "\x1c", "\u00a0", "\u2028", "İ", "K", "Σ ", "\n", "  ",
    "trở lên ", "Trở lên", "tham gia ", "THAM\u00a0GIA", "tham\n\ngia", "thamgia ", "khoảng ", "Điều ", "ĐIỀU ", "Điều 3, 4 và ", "trong đó ", "tổng số ", "từ 5 đến ",
    "5 đến 7 phần trăm", "nghỉ việc ", "NGHỈ VIỆC ", "ngày 2/", "Ngày ", "hàng trăm ", "vài ", "Năm ",
    "năm ", "hai mươi ", "là ", " 7 cán bộ", "tỷ đồng ", "Bình luận (", "đợt ", "VNĐ",
]


def ungated(finder: NumberFinder) -> NumberFinder:
    plain = copy.copy(finder)
    for name, off in GATES.items():
        assert hasattr(plain, name), name
        setattr(plain, name, off)
    plain._lowered = (None, None)
    return plain


def facts(finder, text, doc=None):
    return [(f.type, f.start, f.end, f.attrs, f.rule) for f in finder.find(text, doc)]


def articles(lang):
    paths = sorted(DATA.glob("raw/*.txt")) + sorted(DATA.glob("heldout*/raw/*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    return [t for t in texts if identify(t) == lang]


def mutated(rng, source):
    a = rng.randint(0, len(source))
    chars = list(source[a:a + rng.randint(0, 1200)])
    for _ in range(rng.randint(1, 12)):
        i = rng.randint(0, len(chars))
        r = rng.random()
        if r < 0.65:
            chars[i:i] = rng.choice(SNIPPETS)
        elif r < 0.75:
            chars[i:i] = str(rng.randint(0, 5000))
        elif r < 0.85 and i < len(chars):
            chars[i] = chars[i].upper()
        else:
            del chars[i:i + rng.randint(1, 5)]
    return "".join(chars)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_gates_change_no_fact(lang):
    from extractor.pipeline import Extractor

    finder = finder_for(lang)
    plain = ungated(finder)
    sources = articles(lang)
    assert sources
    nlp = Extractor(lang=lang).nlp
    for text in sources:
        assert facts(finder, text, nlp.make_doc(text)) == facts(plain, text, nlp.make_doc(text))
    rng = random.Random(lang)
    for _ in range(250):
        text = mutated(rng, rng.choice(sources))
        assert facts(finder, text) == facts(plain, text), text


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("text", [
    "ſome 40 cadres were moved.",         # "ſ" matches "s" ignoring case: no lowercase gate
    "MORE THAN 5 cadres; UNDER\n6 units.",
    "Articles 5 and 6 and Points 1, 2a, 3 cadres.",
    "Points 1 , 2a and 3 - 4, 5 cadres; May 31, 2015, 7 units; 3a, 4 and 5 units.",
    "Comment (3) Views: 12 US$ 5 VND\n7 people",
    "60 to 70% and 60 – 70 % and 5 đến 7 phần trăm, 62%/50%, 3 / 4 of 1,004 out of 1,007.",
    "Điều 3, 4 và 5; khoảng 30 đảng viên trở lên; trong đó nữ 9; hàng trăm cán bộ; năm nhiệm vụ.",
])
def test_the_gates_at_their_edges(lang, text):
    finder = finder_for(lang)
    assert facts(finder, text) == facts(ungated(finder), text)


def test_the_gates_find_what_they_gate():
    """Each gate lets its search run where it matches (not a gate that skips all)."""
    en = finder_for("en")
    assert en.qualifier("more than  5", 11) == "more_than"
    assert en.qualifier("No more than 5", 13) == "at_most"
    text = "It rose 60-70% and 12/13 of them; 94.92 percent."
    found = [(text[f.start:f.end], f.rule) for f in en.find(text) if f.type == "ratio"]
    assert found == [("60", "ratios:percent_range"), ("70%", "ratios:percent_range"),
                     ("94.92 percent", "ratios:percent"), ("12/13", "ratios:fraction")]
    assert not en.find("Article 3 says so.")            # a label, refused
    assert not en.find("Comment (4)")                    # page furniture
    assert not en.find("Points 1, 2a and 3, 4 are new.")  # a list of labels
    # the label gate walks back over the whole list: a list of numbers
    # with no label before it does not run the label search
    assert en._label_gate("Points 1, 2a and 3, ", 0, 20)
    assert not en._label_gate("May 31, ", 0, 8) and not en._label_gate("3a, 4 and ", 0, 10)
    # each qualifier's own gate
    assert en.qualifier("up to 5", 6) == "at_most" and en.qualifier("nearly 5", 7) != "exact"
    vi = finder_for("vi")
    assert [f.attrs["qualifier"] for f in vi.find("Có 30 đảng viên trở lên.")] == ["at_least"]


def test_regex_white_space_is_str_white_space():
    """The gates skip white space with ``str.isspace``: every character the
    patterns' ``\\s`` matches must be one (a newer Unicode in ``regex``
    could add one)."""
    space = regex.compile(r"\s")
    assert [hex(c) for c in range(sys.maxunicode + 1)
            if space.match(chr(c)) and not chr(c).isspace()] == []


def test_ends_with_is_str_endswith():
    """``ends_with`` (phrases by their last character) answers as
    ``str.endswith`` with the whole tuple, the empty phrase included."""
    from extractor.components.numbers import _Ends, ends_with

    rng = random.Random(7)
    for ends in (("more than", "than", "over", "s"), ("a", "", "ba"), (",", "-", "and"), ("x",)):
        wrapped = _Ends(ends)
        for _ in range(300):
            s = "".join(rng.choice("abnsx ,-") for _ in range(rng.randint(0, 8))) + rng.choice(ends + ("",))
            lo = rng.randint(0, len(s))
            e = rng.randint(lo, len(s))
            assert ends_with(s, wrapped, lo, e) == s.endswith(ends, lo, e), (s, ends, lo, e)
