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


def test_parsed_tables_are_cached_and_refreshed(tmp_path, monkeypatch):
    """A table is parsed once and then read from the cache; an edited file
    is parsed anew; an unwritable cache only costs the parse."""
    src = tmp_path / "lang"
    (src / "xx").mkdir(parents=True)
    for name in LANGUAGE_TABLES:
        (src / "xx" / f"{name}.yaml").write_bytes((lang.LANG_DIR / "en" / f"{name}.yaml").read_bytes())
    (src / "models.py").write_bytes((lang.LANG_DIR / "models.py").read_bytes())
    monkeypatch.setattr(lang, "LANG_DIR", src)
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path / "cache"))
    lang.table_file.cache_clear()
    try:
        first = lang.table_file("xx", "dates")
        assert list((tmp_path / "cache").glob("xx-dates-*.pickle"))
        calls = []
        monkeypatch.setattr(lang.srsly, "yaml_loads", lambda s: calls.append(s) or {})
        lang.table_file.cache_clear()
        assert lang.table_file("xx", "dates") == first and not calls  # from the cache
        monkeypatch.undo()
        monkeypatch.setattr(lang, "LANG_DIR", src)
        monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path / "cache"))
        p = src / "xx" / "dates.yaml"
        p.write_text(p.read_text(encoding="utf-8").replace("january: 1", "janvier: 1"), encoding="utf-8")
        lang.table_file.cache_clear()
        assert "janvier" in lang.table_file("xx", "dates")["months"]
        (tmp_path / "a-file").write_text("")
        monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path / "a-file" / "cache"))
        lang.table_file.cache_clear()
        assert "janvier" in lang.table_file("xx", "dates")["months"]
    finally:
        lang.table_file.cache_clear()
