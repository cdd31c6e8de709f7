"""Extract numbered documents, dates, counts and ratios from provincial news
articles about Vietnamese personnel work, as validated records.

The Python API (README, "Python API"; ``extractor.api``)::

    import extractor
    nlp = extractor.load(lang="en")
    records = nlp.extract_text(text, doc_id="a1")
    for rec in extractor.extract_files(["data/raw"]): ...
    report = extractor.score("data/gold", records)

The names are loaded on first use, so ``import extractor`` (and
``extractor --version``) stays light.
"""

from extractor.version import __version__

__all__ = ["__version__", "load", "extract_text", "extract_files", "score", "read_records", "Pipeline"]


def __getattr__(name):
    if name in ("load", "extract_text", "extract_files", "score", "read_records", "Pipeline"):
        from extractor import api

        return getattr(api, name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
