"""The language seam: every language has the same typed tables and the
same grammar interface (extractor/lang/)."""

import pytest
import srsly

from extractor import lang
from extractor.lang import interface as grammar_interface
from extractor.lang.models import LANGUAGE_TABLES


def test_languages():
    assert {"en", "vi"} <= set(lang.available())


@pytest.mark.parametrize("code", lang.available())
@pytest.mark.parametrize("name", sorted(LANGUAGE_TABLES))
def test_tables_validate(code, name):
    assert lang.table_file(code, name)


@pytest.mark.parametrize("name", sorted(LANGUAGE_TABLES))
def test_same_keys_in_every_language(name):
    keys = {code: set(srsly.read_yaml(lang.LANG_DIR / code / f"{name}.yaml")) for code in lang.available()}
    first = keys[lang.available()[0]]
    assert all(k == first for k in keys.values()), keys


@pytest.mark.parametrize("code", lang.available())
def test_grammar_interface(code):
    module = lang.grammar(code)
    missing = [n for n in grammar_interface.INTERFACE if not hasattr(module, n)]
    assert not missing, f"extractor/lang/{code}/grammar.py lacks {missing}"


def test_bad_table_names_its_file(tmp_path, monkeypatch):
    (tmp_path / "xx").mkdir()
    for name in LANGUAGE_TABLES:
        (tmp_path / "xx" / f"{name}.yaml").write_text("{}\n")
    monkeypatch.setattr(lang, "LANG_DIR", tmp_path)
    lang.table_file.cache_clear()
    try:
        with pytest.raises(lang.TableError, match=r"xx/numbers.yaml"):
            lang.table_file("xx", "numbers")
    finally:
        lang.table_file.cache_clear()
