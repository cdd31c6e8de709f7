"""The Python API: records in-process, with the same engine the CLI runs.

    import extractor

    nlp = extractor.load(lang="en")                      # build once, reuse ("auto", "vi")
    records = nlp.extract_text(text, doc_id="a1")          # list of pydantic records
    for rec in extractor.extract_files(["data/raw"], workers=2):
        print(rec.doc_id, rec.type, rec.text)
    report = extractor.score("data/gold", records)         # the evaluator's figures

Records are the models of ``extractor.schema`` (``rec.model_dump()`` gives
the JSON dict of one output line).  ``extract_files`` streams: the records of
each document, documents in input order, through
``extractor.engines.local.map_outputs`` (the CLI's engine: the same loader,
the same long-article parts, the same worker pool).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from extractor.articles import DEFAULT_MAX_BYTES, Article

log = logging.getLogger("extractor")
PathLike = Union[str, Path]


class Pipeline:
    """A built pipeline (``extractor.load``)."""

    def __init__(self, lang: str = "auto", config: Optional[PathLike] = None, model: Optional[str] = None,
                 time_limit: Optional[float] = None):
        from extractor.pipeline import Extractor, PipelineSpec

        self.config = PipelineSpec(str(config) if config else None, model, lang, time_limit)
        self.lang = lang
        self._extractor = Extractor(self.config)

    @property
    def nlp(self):
        """The spaCy ``Language`` object."""
        return self._extractor.nlp

    def extract_text(self, text: str, doc_id: str = "doc", source: Optional[str] = None,
                     meta: Optional[dict] = None) -> list:
        """The records of one text (validated models, in offset order).
        Records that fail validation are left out and logged.  A text that is
        not valid Unicode (a lone surrogate, e.g. from ``"\\ud800"`` in JSON)
        raises ValueError saying where."""
        from extractor.readers import lone_surrogate

        bad = lone_surrogate(text) if isinstance(text, str) else None
        if bad is not None:
            raise ValueError(f"{doc_id}: the text holds a lone surrogate at char {bad} (not valid Unicode; "
                             f"no UTF-8 output can carry it)")
        result = self._extractor.extract(Article(doc_id=doc_id, text=text, source=source, meta=meta or {}))
        for err in result.errors:
            log.warning("%s: %s", doc_id, err)
        return result.records

    def extract_files(self, paths: Union[PathLike, Iterable[PathLike]], *, workers: int = 1,
                      max_bytes: int = DEFAULT_MAX_BYTES,
                      on_error: Optional[Callable[[dict], None]] = None) -> Iterator:
        """Stream the records of files, directories, globs and .jsonl files
        (what ``extractor extract PATHS`` reads), document by document in
        input order.  A document that cannot be read or extracted is passed
        to ``on_error`` (the dict of an ``--errors`` line; default: logged)
        and the others go on."""
        from extractor.articles import load_paths
        from extractor.engines import local

        if isinstance(paths, (str, Path)):
            paths = [paths]
        report = on_error or (lambda err: log.warning("%s", err))
        items = local._unique_ids(load_paths([str(p) for p in paths], max_bytes=max_bytes))
        for out in local.map_outputs(items, workers=workers, config=self.config, fmt="records"):
            for err in out.errors:
                report(err)
            yield from out.rows


def load(lang: str = "auto", config: Optional[PathLike] = None, model: Optional[str] = None,
         time_limit: Optional[float] = None) -> Pipeline:
    """Build the pipeline of a language (``"en"``, ``"vi"``; ``"auto"``, the
    default: each text's language is identified, as ``extractor extract
    --lang auto`` does), from ``extractor/configs/<lang>.cfg`` (or
    ``pipelines/<lang>.cfg`` in a source checkout), or of one config file;
    ``model`` adds an installed spaCy pipeline's NER (``--model``);
    ``time_limit``: seconds one text may take (None: no limit)."""
    return Pipeline(lang, config, model, time_limit)


def extract_text(text: str, doc_id: str = "doc", *, lang: str = "auto", config: Optional[PathLike] = None,
                 source: Optional[str] = None) -> list:
    """The records of one text (``load(lang).extract_text``; the pipeline is cached)."""
    return _cached(lang, str(config) if config else None).extract_text(text, doc_id, source)


def extract_files(paths: Union[PathLike, Iterable[PathLike]], *, lang: str = "auto",
                  config: Optional[PathLike] = None, workers: int = 1,
                  max_bytes: int = DEFAULT_MAX_BYTES,
                  on_error: Optional[Callable[[dict], None]] = None) -> Iterator:
    """Stream the records of files (``load(lang).extract_files``)."""
    return _cached(lang, str(config) if config else None).extract_files(
        paths, workers=workers, max_bytes=max_bytes, on_error=on_error)


_PIPELINES: dict = {}


def _cached(lang: str, config: Optional[str]) -> Pipeline:
    key = (lang, config)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(lang, config)
    return _PIPELINES[key]


def read_records(path: PathLike) -> list:
    """The records of an output file (JSONL, Parquet or CSV, by suffix) or
    of a directory of ``*.jsonl`` files, validated."""
    from extractor.evaluate import load_records
    from extractor.schema import validate_record
    from extractor.writers import format_for, table_schema

    fmt = format_for(path) if Path(path).is_file() else "jsonl"
    if fmt == "jsonl":
        return load_records(path)
    if fmt == "parquet":
        from extractor.writers.parquet import read_rows
    else:
        from extractor.writers.csv import read_rows
    return [validate_record(table_schema.row_to_record(r)) for r in read_rows(path)]


def score(gold: Union[PathLike, Iterable], pred: Union[PathLike, Iterable],
          texts: Optional[dict] = None) -> dict:
    """The evaluator's report (``extractor evaluate``'s figures: per type
    strict and detection P/R/F1, attributes, errors) of predicted records
    against gold records.  Each side is a list of records (models or dicts)
    or a path (a JSONL file, a directory of them such as ``data/gold``, a
    Parquet or CSV output).  Scoring is restricted to the gold's documents
    when ``gold`` is a path."""
    from extractor import evaluate

    doc_ids = None
    if isinstance(gold, (str, Path)):
        doc_ids = evaluate.doc_ids_of(gold, read_records(gold))
        gold = read_records(gold)
    if isinstance(pred, (str, Path)):
        pred = read_records(pred)
    return evaluate.score(gold, pred, texts=texts, doc_ids=doc_ids)
