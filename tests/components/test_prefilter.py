"""The prefix lookahead put before costly phrase alternations
(extractor/components/prefilter.py, issue 11): it must never change a match.

Made-up phrases and texts, and every text under data/ for the tables'
own issuer regexes."""

from pathlib import Path

import pytest
import regex

from extractor.components.prefilter import SLOT, CapitalHeads, capitals, prefix_lookahead
from extractor.components.resolve import DocumentContext, context_for

ROOT = Path(__file__).resolve().parents[2]
PLACE = r"(?-i:(?:\p{Lu}[\w'’-]*\s+){1,3})"


def _both(phrases, k=6):
    alts = "|".join(f"(?:{p.replace('{place}', f'(?:{PLACE})?')})" for p in phrases)
    first = prefix_lookahead([p.replace("{place}", f"(?:{SLOT})?") for p in phrases], k=k, slot=PLACE)
    assert first is not None
    plain = regex.compile(rf"(?i)(?<![\w])(?:{alts})(?![\w])")
    fast = regex.compile(rf"(?i)(?<![\w]){first}(?:{alts})(?![\w])")
    return plain, fast


PHRASES = ["(?:central |provincial |city )?inspection commission",
           "{place}provincial party (?:executive )?committee",
           "organi[sz](?:ation|ing) board of the {place}city party committee",
           r"(?:\d+(?:st|nd|rd|th) )?(?:party )?central committee",
           "po", "(?:the )?government", "bộ chính trị"]
TEXTS = ["The Inspection Commission met; the central inspection commission too.",
         "Lam Dong Provincial Party Committee and Ho Chi Minh City's provincial party committee",
         "the Organisation Board of the Hanoi City Party Committee, organizing board of the city party committee",
         "the 13th Party Central Committee, 13th central committee, central committeeman",
         "po, Po, pot; The Government; GOVERNMENT; governments",
         "Bộ Chính trị, BỘ CHÍNH TRỊ và bộ chính trị",
         "ſtanding, KELVIN K, İnspection commission"]


@pytest.mark.parametrize("k", [1, 2, 3, 6])
def test_same_matches_as_without_the_lookahead(k):
    plain, fast = _both(PHRASES, k)
    for text in TEXTS:
        for pos in range(len(text)):
            for endpos in (len(text), min(len(text), pos + 12)):
                assert [m.span() for m in plain.finditer(text, pos, endpos)] == \
                    [m.span() for m in fast.finditer(text, pos, endpos)], (text, pos, endpos)


def test_the_lookahead_turns_words_away():
    first = prefix_lookahead(["(?:central |provincial )?inspection commission"], k=3)
    rx = regex.compile(rf"(?i){first}")
    assert [bool(rx.match(w)) for w in ("Central", "PROvince", "inspect", "index", "cost", "city")] == \
        [True, True, True, False, False, False]


@pytest.mark.parametrize("phrases", [["(?:a)?"], ["x|"], ["a", r"(?P<n>b)\1"], ["(?i:a)b"]])
def test_no_lookahead_when_a_phrase_is_not_understood(phrases):
    assert prefix_lookahead(phrases) is None


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_issuer_phrases_match_as_before(lang):
    """The issuer regex of each language, with and without its lookahead,
    over every text under data/ (whole texts and 80-character windows, as
    the document context reads them)."""
    ctx: DocumentContext = context_for(lang)
    fast = ctx.issuer_re
    start = fast.pattern.index("(?=")
    assert start > 0
    depth, i = 0, start
    while True:  # the lookahead's end
        c = fast.pattern[i]
        if c == "\\":
            i += 2
            continue
        depth += (c == "(") - (c == ")")
        i += 1
        if depth == 0:
            break
    plain = regex.compile(fast.pattern[:start] + fast.pattern[i:])
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").rglob("*.txt"))]
    assert texts
    found = 0
    for text in texts:
        a = [(m.span(), m.lastgroup) for m in plain.finditer(text)]
        assert a == [(m.span(), m.lastgroup) for m in fast.finditer(text)]
        found += len(a)
        for s in range(0, len(text), 29):
            assert [m.span() for m in plain.finditer(text, s, s + 80)] == \
                [m.span() for m in fast.finditer(text, s, s + 80)]
    assert found > 50


def test_capital_heads_find_what_the_scan_finds():
    names = ["Ha Noi", "Hanoi", "Ho Chi Minh City", "Hue", "Đà Nẵng"]
    rx = regex.compile(rf"(?<![\w])(?:{'|'.join(sorted(map(regex.escape, names), key=len, reverse=True))})(?![\w])")
    heads = CapitalHeads(names)
    assert heads.usable
    for text in ["Hanoi, Ha Noi and Ho Chi Minh City; xHanoi, Hanoix, (Hue) Hue's Huế",
                 "Đà Nẵng-Hanoi/Hue «Ho Chi Minh City» ĐÀ NẴNG hanoi", ""]:
        caps = capitals(None, text)
        assert [m.span() for m in heads.finditer(rx, text, caps)] == [m.span() for m in rx.finditer(text)]
    assert not CapitalHeads(["Hanoi", "hue"]).usable  # a name in lowercase: the text is scanned


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_provinces_and_bare_names_as_before(lang):
    from extractor.components.context.tables import SECTION_ORDER, tables_for
    from extractor.components.resolve import _province_heads, _province_re
    t = tables_for(lang, tuple(SECTION_ORDER))
    rx, _ = _province_re()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").rglob("*.txt"))]
    found = 0
    for text in texts:
        caps = capitals(None, text)
        for heads, r in ((_province_heads(), rx), (t.surname_heads, t.bare_name_re)):
            assert heads.usable
            a = [m.span() for m in r.finditer(text)]
            assert [m.span() for m in heads.finditer(r, text, caps)] == a
            found += len(a)
    assert found > 20


def _patterns(obj) -> dict:
    out = {}
    for name, v in vars(obj).items():
        if isinstance(v, regex.Pattern):
            out[name] = v
        elif isinstance(v, list) and v and isinstance(v[0], tuple) and isinstance(v[0][0], regex.Pattern):
            out.update({f"{name}[{i}]": p for i, (p, *_) in enumerate(v)})
    return out


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_table_regex_matches_as_without_lookaheads(lang, monkeypatch):
    """The context tables and the document context of each language built
    with and without the prefix lookaheads: every regex that differs finds
    the same matches (and groups) over every text under data/, whole and in
    windows."""
    from extractor import lang as lang_tables
    from extractor.components import prefilter
    from extractor.components.context.tables import ContextTables

    fast = [ContextTables(lang), DocumentContext(lang_tables.load(lang), lang_tables.grammar(lang))]
    monkeypatch.setattr(prefilter, "ENABLED", False)
    plain = [ContextTables(lang), DocumentContext(lang_tables.load(lang), lang_tables.grammar(lang))]
    pairs = []
    for f, p in zip(fast, plain):
        fp, pp = _patterns(f), _patterns(p)
        pairs += [(name, fp[name], pp[name]) for name in fp if fp[name].pattern != pp[name].pattern]
    assert len(pairs) >= 4  # issuers, bodies, levels, predicates, markers
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").rglob("*.txt"))]
    for name, a, b in pairs:
        if a.flags & regex.REVERSE:
            continue
        for text in texts:
            assert [(m.span(), m.groups()) for m in a.finditer(text)] == \
                [(m.span(), m.groups()) for m in b.finditer(text)], name
            for s in range(0, len(text), 41):
                assert [m.span() for m in a.finditer(text, s, s + 90)] == \
                    [m.span() for m in b.finditer(text, s, s + 90)], name


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_occurrences_at_capitals_as_by_find(lang):
    """``occurrences`` looked up at the text's capitals finds what str.find
    finds, for every needle list of the context tables (duplicates and
    lowercase needles included) over every text under data/ and made-up
    edge cases."""
    from extractor.components.context.tables import SECTION_ORDER, occurrences, occurrences_each, tables_for
    t = tables_for(lang, tuple(SECTION_ORDER))
    lists = [t.body_heads, t.party_names, t.institution_heads, t.honorifics,
             ["Mr", "Mr", "Mrs", "X", "ab", "Ủy", "Committee", "Party Committee", "_Z", "Ǆx"]]
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").rglob("*.txt"))]
    texts += ["Mr.Mrs Mr_Mr 2Mr ÀMr Mr", "Committee Committees Committee's _Committee", "Ủy ban ỦY Ủy",
              "X xX X_ Ǆx aǄx", "\u0301Mr Mr\u0301 Party Committee", ""]
    found = 0
    for text in texts:
        caps = capitals(None, text)
        together = occurrences_each(text, lists, caps)
        for needles, got in zip(lists, together):
            a = _naive(text, needles)
            assert occurrences(text, needles, caps) == a, (needles, text[:40])
            assert got == a
            found += len(a)
    assert found > 100


def _naive(hay, needles):
    """occurrences() as it was: one str.find loop per needle."""
    def w(c):
        return c.isalnum() or c == "_"
    out, n = [], len(hay)
    for nd in needles:
        i = hay.find(nd)
        while i >= 0:
            j = i + len(nd)
            if (i == 0 or not w(hay[i - 1]) or not w(nd[0])) and (j >= n or not w(hay[j]) or not w(nd[-1])):
                out.append((i, j))
            i = hay.find(nd, i + 1)
    return sorted(out)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_found_each_as_one_find_per_needle(lang):
    from extractor.components.context.tables import SECTION_ORDER, found_each, tables_for
    t = tables_for(lang, tuple(SECTION_ORDER))
    lists = (tuple(t.as_of_phrases), tuple(t.now_phrases), tuple(t.body_heads),
             ("by", "by", "by now", "b", "(by", "by)", "aa", "aaa"))
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").rglob("*.txt"))]
    texts += ["by now, bypass (by) by) aaaa aa_aa", ""]
    found = 0
    for text in texts:
        low = text.lower()
        got = found_each(low, lists)
        for needles, g in zip(lists, got):
            assert g == _naive(low, needles)
            found += len(g)
    assert found > 100


def test_no_lookahead_for_syntax_re_reads_otherwise():
    assert prefix_lookahead(["[[:alpha:]]x"]) is None
    assert prefix_lookahead([r"\p{Lu}x"]) is None
    assert prefix_lookahead(["(?>ab)c"]) is None


# -- capitals by a table of code points ------------------------------------------
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.components.prefilter import UPPER_RE, capitals_scan


def _capitals_by_regex(text):
    return [m.start() for m in UPPER_RE.finditer(text)]


@pytest.mark.parametrize("text, expected", [
    ("", []),
    ("abc", []),
    ("Ha Noi", [0, 3]),
    ("Đà Nẵng ĐÀ", [0, 3, 8, 9]),
    ("ǅ ǈ", []),  # title case (Lt) is not \p{Lu}
    ("x\U0001D400y", [1]),  # MATHEMATICAL BOLD CAPITAL A: above the table, asked of the engine
    ("Ⰰ ⰰ Ａ", [0, 4]),  # Glagolitic and fullwidth capitals: above the table
    ("a\ud800B", [2]),  # a lone surrogate keeps the offsets
])
def test_capitals_scan_table(text, expected):
    assert capitals_scan(text) == expected == _capitals_by_regex(text)
    assert capitals(None, text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=60))
def test_capitals_scan_as_the_regex(text):
    assert capitals_scan(text) == _capitals_by_regex(text)


# -- issuer phrases at candidate starts (resolve._IssuerStarts) --------------------
from extractor.components.index import text_index  # noqa: E402


def _issuers_both(ctx, text, start, end):
    where = {"lower_text": text_index(text).lower_text, "capitals": capitals(None, text)}
    new = [m.span() for m in ctx.issuers_in(text, start, end, where)]
    assert new == [m.span() for m in ctx.issuer_re.finditer(text, start, end)]
    return new


@pytest.mark.parametrize("text, expected", [
    ("the Politburo issued", [(4, 13)]),
    ("Hanoi Party Committee and the 13th Central Committee", [(0, 21), (30, 52)]),
    ("xpolitburo; Prime Minister, the Government", [(12, 26), (28, 42)]),
    ("Standing Committee of the Quang Ninh Provincial Party Committee", [(0, 63)]),
    ("nothing here at all", []),
    ("ſecretariat", [(0, 11)]),  # a long s ("s" ignoring case): the text is scanned
])
def test_issuers_at_candidates(text, expected):
    ctx = context_for("en")
    assert ctx.issuer_starts.usable
    assert _issuers_both(ctx, text, 0, len(text)) == expected


def test_issuer_starts_kinds():
    en = context_for("en").issuer_starts
    assert en.slot and en.digit and en.usable
    assert not context_for("vi").issuer_starts.usable  # no place slot: the scan stays


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["the", "Politburo", "politburo", "Hanoi", "City", "Party", "party",
                                 "Committee", "committee", "13th", "central", "Central", "Government",
                                 "of", "x", "Prime", "Minister", "Ha", "Noi", "standing", ",", "(",
                                 "-", "ſ", "İ", "Provincial", "People's", "issued"]),
                max_size=25),
       st.integers(0, 200), st.integers(0, 200))
def test_issuers_at_candidates_as_the_scan(words, a, b):
    text = " ".join(words)
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    _issuers_both(context_for("en"), text, a, b)
