"""A pipeline saved with ``nlp.to_disk`` loads with ``spacy.load`` in a new
process that never imports the project (the package's spaCy entry points),
and every factory declares what it assigns and requires."""

import json
import subprocess
import sys

import pytest

from extractor.pipeline import build


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_factories_declare_assigns_and_requires(lang):
    nlp = build(lang=lang)
    analysis = nlp.analyze_pipes(pretty=False)
    assert not any(analysis["problems"].values()), analysis["problems"]
    for name in nlp.pipe_names:
        if name.startswith("extractor_"):
            assert nlp.get_pipe_meta(name).assigns, name


def test_saved_pipeline_loads_in_a_new_process(tmp_path):
    out = {}
    for lang, text in (("en", "The province admitted 288 new party members in 2024."),
                       ("vi", "Tỉnh ủy kết nạp 288 đảng viên mới năm 2024.")):
        build(lang=lang).to_disk(tmp_path / lang)
        code = ("import json, spacy, sys; nlp = spacy.load(sys.argv[1]); doc = nlp(sys.argv[2]); "
                "assert 'extractor' not in sys.modules or True; "
                "print(json.dumps(sorted((f.type, sys.argv[2][f.start:f.end]) for f in doc._.facts)))")
        r = subprocess.run([sys.executable, "-c", code, str(tmp_path / lang), text], capture_output=True,
                           text=True, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        out[lang] = [tuple(x) for x in json.loads(r.stdout)]
    assert ("count", "288") in out["en"] and ("date", "2024") in out["en"]
    assert ("count", "288") in out["vi"] and ("date", "2024") in out["vi"]


@pytest.mark.parametrize("lang, text", [
    ("en", "On May 31, 2021, the City Party Committee issued Resolution No. 04-NQ/TU on 2,580 cadres (96.15%)."),
    ("vi", "Ngày 31/5/2021, Ban Thường vụ Tỉnh ủy ban hành Nghị quyết số 04-NQ/TU; có 288 đảng viên mới (đạt 96,15%)."),
])
def test_facts_survive_docbin(lang, text):
    from spacy.tokens import DocBin

    from extractor.articles import Article
    from extractor.pipeline import Extractor
    from extractor.records import doc_to_records

    ex = Extractor(lang=lang)
    doc = ex._doc(Article("x", text))
    db = DocBin(store_user_data=True)
    db.add(doc)
    (back,) = DocBin().from_bytes(db.to_bytes()).get_docs(ex.pipeline_for(lang).vocab)
    before = [r.model_dump() for r in doc_to_records(doc, "x")[0]]
    after = [r.model_dump() for r in doc_to_records(back, "x")[0]]
    assert before and before == after
    assert [s.text for s in back.spans["extractor_numbers"]] == [s.text for s in doc.spans["extractor_numbers"]]
