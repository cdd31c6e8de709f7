"""The context component's shortcuts (issue 11) give what the long way gives:
places from the phrase matcher's token ranges, and the table regex a phrase
fully matches kept per string.  Every text under data/ (and its NFD form)."""

import unicodedata
from pathlib import Path

import pytest

from extractor.components.context.entities import EntityFinder
from extractor.components.context.tables import SECTION_ORDER, tables_for
from extractor.components.index import doc_index
from extractor.pipeline import Extractor, PipelineSpec

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").rglob("*.txt"))]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_place_spans_as_the_span_ruler(lang):
    nlp = Extractor(PipelineSpec(None, None, lang)).pipeline_for(lang)
    finder = EntityFinder(nlp, tables_for(lang, tuple(SECTION_ORDER)))
    found = 0
    for text in TEXTS + [unicodedata.normalize("NFD", t) for t in TEXTS] + ["", " ", "Hà Nội"]:
        doc = nlp.make_doc(text)
        want = [(s.start_char, s.end_char) for s in finder.ruler.match(doc)]
        assert finder._spans(doc, doc_index(doc)) == want
        assert finder._spans(doc) == want  # a Doc with no shared index
        found += len(want)
    assert found > 100


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_first_full_as_the_first_regex_of_the_list(lang):
    t = tables_for(lang, tuple(SECTION_ORDER))
    strings = set()
    for text in TEXTS:
        for m in t.body_re.finditer(text):
            strings.update(g for g in m.groups() if g)
            strings.add(m.group(0))
        strings.update(m.group(0) for m in t.level_any_re.finditer(text))
    strings.update(["", "x", "Party Committee", "Tỉnh ủy", "provincial level"])
    lists = [t.national, t.sub_bodies, t.local_bodies, t.body_levels, t.levels]
    hits = 0
    for _ in range(2):  # the second time from the kept answers
        for pairs in lists:
            for s in strings:
                want = next(((v,) for rx, v in pairs if rx.fullmatch(s)), None)
                assert t.first_full(pairs, s) == want, s
                hits += want is not None
    assert hits > 20
