"""Numbered normative documents: "Resolution No. 04-NQ/TU", "Decree
30/2020/ND-CP", "Conclusion Notice No. 20", "Resolutions 31 and 24".

This component reads only the mention itself: the type word(s), the number
and the symbol, and what the symbol says (type code, year, issuer code).
What the surrounding sentence says (issuer, "dated ...", a quoted title) is
resolved later, in ``extractor.components.resolve``, where the date facts
are known.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

import regex
from spacy.tokens import Doc

from extractor import lang as lang_tables
from extractor.components.base import Fact, SpanIndex, alternation, matches_at, register_finder
from extractor.components.index import doc_index, text_index

YEAR_RE = regex.compile(r"(?:19|20)\d\d")
_CODE_SEP_RE = regex.compile(r"[-/]")
_SPACES_RE = regex.compile(r"\s+")
_DIGIT_RE = regex.compile(r"\d")


def _is_digit(c: str) -> bool:
    """Whether the regex engine's ``\\d`` holds ``c`` (asked of the engine
    itself beyond ASCII: its Unicode tables need not be Python's)."""
    return "0" <= c <= "9" or (c > "\x7f" and _DIGIT_RE.match(c) is not None)


class DocumentFinder:
    def __init__(self, table: dict, grammar):
        self.table = table
        self.grammar = grammar
        self.words = {k.lower(): v for k, v in table["doc_words"].items()}
        self.codes = dict(table["doc_codes"])
        self.codes_folded = {k.upper(): v for k, v in self.codes.items()}
        self.issuer_codes = {k.upper(): v for k, v in table["issuer_codes"].items()}
        word_alt = alternation(self.words)
        firsts = {w.split(" ")[0] for w in self.words}
        self.first_words = frozenset(f for w in firsts for f in grammar.doc_word_forms(w))
        # One or two type words ("Conclusion Notice", "Thông báo kết luận"),
        # in the word forms the language's grammar allows (an English plural).
        pl = grammar.DOC_WORD_PLURAL
        TYPE = rf"(?P<tw>(?:(?:{word_alt}){pl}\s+)?(?:{word_alt}){pl})"
        NO = rf"(?P<mark>\s*(?:{'|'.join(table['number_markers'])})\s*|\s+)"
        # a code's letters: any capital first ("NQ", "QĐ", "NĐ", "TƯ" as some write TW)
        code = r"\p{Lu}\p{L}*\d*"
        self.SYMBOL = (
            rf"(?P<num>\d+[a-z]?)(?:/(?P<yr>(?:19|20)\d\d))?"
            rf"(?P<rest>(?:[-/]{code})+)?"
        )
        self.mention_re = regex.compile(
            rf"(?<![\w])(?i:{TYPE}){NO}(?P<sym>{self.SYMBOL})(?![\w]|[/-]\w|[.,]\d)"
        )
        # A symbol standing alone ("under 04-NQ/TU"): needs a known type code.
        code_alt = alternation(self.codes)
        self.bare_re = regex.compile(
            rf"(?<![\w/.-])(?P<sym>(?P<num>\d+)(?:/(?P<yr>(?:19|20)\d\d))?"
            rf"(?P<rest>[-/](?:{code_alt})\d*(?:[-/]{code})+))(?![\w]|[/-]\w)"
        )
        # Further numbers of a list: "Resolutions 31 and 24", "Nos. 12, 13".
        conj = "|".join(rf"{regex.escape(c)}\s+" for c in table["conjunctions"])
        conj_sep = "".join(rf"|\s+{regex.escape(c)}\s+" for c in table["conjunctions"])
        list_no = "|".join(table["list_number_markers"])
        self.more_re = regex.compile(
            rf"(?P<sep>\s*,\s*(?:{conj})?{conj_sep})(?:(?:{list_no})\s*)?"
            rf"(?P<sym>{self.SYMBOL})(?![\w]|[/-]\w|[.,]\d|%)"
        )
        # What may follow a bare list number (else "and 24 cadres" is no document).
        self.after_ok_re = regex.compile(
            rf"\s*(?:[,;:.)\]\"”]|$|(?:{alternation(table['list_followers'])})\b|\p{{Lu}})"
        )

    # -- parsing a symbol --------------------------------------------------
    def symbol_info(self, sym: regex.Match | dict) -> dict:
        """doc_type from the type code, year, issuer code of a symbol."""
        g = sym if isinstance(sym, dict) else sym.groupdict()
        rest = g.get("rest") or ""
        codes = [c for c in _CODE_SEP_RE.split(rest) if c]
        info: dict = {"number": g["num"], "year": None, "symbol": None,
                      "code_type": None, "code_issuer": None}
        if g.get("yr"):
            info["year"] = int(g["yr"])
        if rest or g.get("yr"):
            info["symbol"] = g["sym_text"] if "sym_text" in g else None
        for c in codes:
            if YEAR_RE.fullmatch(c) and info["year"] is None:
                info["year"] = int(c)
        for c in codes:
            t = self.codes.get(c) or self.codes_folded.get(c.upper())
            if t is None:
                t = self.codes.get(c.rstrip("0123456789"))
            if t is not None:
                info["code_type"] = t
                break
        # The first issuer code written decides ("KHLT-UBND-MTTQ": two bodies
        # issue jointly, the first named wins); a code naming a body that is
        # not a listed issuer ("HD/BTCTW") gives none.
        for c in codes:
            base = c.rstrip("0123456789").upper()
            if base in self.issuer_codes:
                info["code_issuer"] = self.issuer_codes[base]
                break
        return info

    def _type_of_words(self, words: str) -> str:
        """The type of one or two type words: which of them decides is the
        language's grammar (English: the last, "Conclusion Notice";
        Vietnamese: the first, "Thông báo kết luận")."""
        w = _SPACES_RE.sub(" ", words.lower()).strip()
        if w in self.words:
            return self.words[w]
        for k in self.grammar.doc_type_keys(w):
            if k in self.words:
                return self.words[k]
        return "other"

    def _fact(self, text: str, start: int, end: int, sym_start: int, sym_end: int,
              g: dict, words: Optional[str], rule: str) -> Fact:
        g = dict(g)
        g["sym_text"] = text[sym_start:sym_end]
        info = self.symbol_info(g)
        doc_type = self._type_of_words(words) if words else None
        if doc_type in (None, "other") and info["code_type"]:
            doc_type = info["code_type"]
        # "QĐ" is a decision unless the type word says regulation.
        attrs = {
            "doc_type": doc_type or "other",
            "number": info["number"],
            "year": info["year"],
            "symbol": info["symbol"],
            "issuer": None,
            "issued_on": None,
            "title": None,
            "code_issuer": info["code_issuer"],
        }
        return Fact("document_ref", start, end, attrs, rule)

    @staticmethod
    def _bare_starts(text: str) -> list[int]:
        """Where a bare symbol can start: its number is a run of digits
        right before a "-" or "/" ("04-NQ/TU", "30/2020/NĐ-CP"), and nothing
        of a word stands before it, so it starts where that run starts.
        Found from the "-" and "/" of the text (str.find), sorted: the
        anchored matches there are ``bare_re.finditer``'s (a search tries
        every digit)."""
        seps = []
        for c in "-/":
            k = text.find(c)
            while k >= 0:
                if k and _is_digit(text[k - 1]):
                    seps.append(k)
                k = text.find(c, k + 1)
        seps.sort()
        starts = []
        for k in seps:
            p = k - 1
            while p and _is_digit(text[p - 1]):
                p -= 1
            starts.append(p)  # a run of digits is followed by one separator: no repeats
        return starts

    def find(self, text: str, doc: Optional[Doc] = None) -> list[Fact]:
        """Document mentions of ``text``; with its ``doc``, the type words are
        looked up among the tokens (the Doc's shared index) instead of
        scanning the text."""
        ix = doc_index(doc) if doc is not None else text_index(text)
        facts: list[Fact] = []
        taken: list[tuple[int, int]] = []
        mentions = (self.mention_re.finditer(text) if doc is None
                    else matches_at(self.mention_re, text, ix.positions(self.first_words)))
        for m in mentions:
            if ix.in_url(m.start(), m.end()):
                continue
            words = m.group("tw")
            has_no = bool(m.group("mark").strip())
            has_symbol = bool(m.group("rest") or m.group("yr"))
            if not (has_no or has_symbol):
                # "Resolution 26": a bare number needs a capitalized type word
                # and must not be a year ("the Plan 2025").
                if not words[0].isupper():
                    continue
                if YEAR_RE.fullmatch(m.group("num")):
                    continue
            facts.append(self._fact(text, m.start(), m.end(), m.start("sym"), m.end("sym"),
                                    m.groupdict(), words, "documents:mention"))
            taken.append(m.span())
            # coordinated numbers after it
            pos = m.end()
            while True:
                more = self.more_re.match(text, pos)
                if not more:
                    break
                if not (more.group("rest") or more.group("yr")) and not self.after_ok_re.match(text, more.end()):
                    break
                facts.append(self._fact(text, more.start("sym"), more.end("sym"), more.start("sym"),
                                        more.end("sym"), more.groupdict(), words, "documents:list"))
                taken.append((more.start("sym"), more.end("sym")))
                pos = more.end()
        # one bisection per symbol, not a scan of every mention before it
        blocked = SpanIndex(taken)
        for m in matches_at(self.bare_re, text, self._bare_starts(text)):
            if ix.in_url(m.start(), m.end()) or blocked.overlaps(m.start(), m.end()):
                continue
            facts.append(self._fact(text, m.start(), m.end(), m.start(), m.end(),
                                    m.groupdict(), None, "documents:symbol"))
        facts.sort(key=lambda f: f.start)
        return facts


@lru_cache(maxsize=None)
def finder_for(lang: str) -> DocumentFinder:
    return DocumentFinder(lang_tables.load(lang), lang_tables.grammar(lang))


make_documents = register_finder("extractor_documents", finder_for)
