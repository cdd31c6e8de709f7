"""Building the spaCy pipeline from a config, and running it on articles.

``build(config)`` loads ``pipelines/<lang>.cfg`` (blank ``en`` plus the
project's registered components; no pretrained model is needed).
``Extractor.extract(article)`` turns one article into records;
``extract_text(text, doc_id)`` is the shortest way in.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

import spacy
from spacy.language import Language
from thinc.api import Config

import extractor.components.context  # noqa: F401  (registers the factories)
import extractor.components.dates  # noqa: F401
import extractor.components.documents  # noqa: F401
import extractor.components.numbers  # noqa: F401
import extractor.components.paragraphs  # noqa: F401
import extractor.components.resolve  # noqa: F401
import extractor.tokenizer  # noqa: F401  (registers extractor.tokenizer.v1)
from extractor.article_dates import resolve_dates
from extractor.lang import available as available_languages
from extractor.langid import identify
from extractor.normalize.unicode import nfc_with_offsets, readable_digits
from extractor.readers import Article, LoadError
from extractor.tokenizer_guard import guard
from extractor.components.base import set_doc_text
from extractor.records import RecordError, doc_to_records, remap_record

AUTO = "auto"
DEFAULT_LANG = "en"
DEFAULT_TIME_LIMIT = 60.0  # seconds per article (or per part of a long one)


class ArticleTimeout(RuntimeError):
    """An article took longer than the time limit (a per-document error)."""


@contextmanager
def time_limit(seconds: Optional[float]):
    """Raise ArticleTimeout in the block after ``seconds``: by SIGALRM where
    the block runs in a process's main thread (the local engine's workers);
    elsewhere (threads, e.g. Dask's) the pipeline checks the clock between
    components (``Extractor._doc``)."""
    if not seconds or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def ring(signum, frame):
        raise ArticleTimeout(f"took longer than the {seconds:g} s limit per article (--time-limit)")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
PIPELINES_DIR = Path(__file__).resolve().parent.parent / "pipelines"
PACKAGED_CONFIGS = Path(__file__).resolve().parent / "configs"


def default_config_path(lang: str = "en") -> Path:
    """``pipelines/<lang>.cfg`` in a source checkout, else the copy packaged
    with the module (an installed wheel)."""
    for base in (PIPELINES_DIR, PACKAGED_CONFIGS):
        path = base / f"{lang}.cfg"
        if path.exists():
            return path
    raise FileNotFoundError(f"no pipeline config for language {lang!r}")


def build(config: Union[str, Path, None] = None, lang: str = "en",
          model: Optional[str] = None) -> Language:
    """The nlp object of a pipeline config file.  ``model``: an installed
    spaCy pipeline whose NER runs beside the rules (the ``extractor_context``
    component's ``model`` setting; ValueError when the config has no such
    component or the model is not installed)."""
    path = Path(config) if config else default_config_path(lang)
    cfg = read_config(path)
    if model:
        if "extractor_context" not in cfg["nlp"]["pipeline"]:
            raise ValueError(f"--model needs the extractor_context component, which {path} does not run")
        cfg["components"]["extractor_context"]["model"] = model
    nlp = spacy.blank(cfg["nlp"]["lang"], config=cfg)
    guard(nlp)  # hostile punctuation runs are tokenized in linear time
    return nlp


def check_model(model: str, config: Union[str, Path, None] = None, lang: str = "en") -> None:
    """Raise ValueError (saying what to do) unless ``model`` can run in the
    pipeline of ``config``: the config runs ``extractor_context`` and the
    model is an installed spaCy pipeline with an NER."""
    from extractor.components.context import load_model

    path = Path(config) if config else default_config_path(lang)
    cfg = Config().from_disk(path)
    if "extractor_context" not in cfg["nlp"]["pipeline"]:
        raise ValueError(f"the model runs in the extractor_context component, which {path} does not run")
    load_model(model)


def read_config(path: Union[str, Path]) -> Config:
    """A pipeline config file, or ValueError saying in one line why not."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such config file" if not path.exists() else f"{path}: not a file")
    try:
        cfg = Config().from_disk(path)
    except Exception as e:
        first = next((ln for ln in str(e).splitlines() if ln.strip()), type(e).__name__)
        raise ValueError(f"{path}: not a readable pipeline config ({first.strip()})") from None
    nlp = cfg.get("nlp") if hasattr(cfg, "get") else None
    if not isinstance(nlp, dict) or "lang" not in nlp or "pipeline" not in nlp:
        raise ValueError(f"{path}: not a pipeline config (no [nlp] section with lang and pipeline; "
                         f"see pipelines/en.cfg)")
    return cfg


@lru_cache(maxsize=4)
def _cached(config: Optional[str], lang: str, model: Optional[str] = None) -> Language:
    return build(config, lang, model)


@dataclass(frozen=True)
class PipelineSpec:
    """A pipeline config file plus the options that change it (what the
    engines hand to their workers as ``config``): ``model`` is an installed
    spaCy pipeline whose NER runs beside the rules (``--model``); ``lang`` is
    the language whose pipeline reads each article: ``"auto"`` (the default)
    identifies it per article (``extractor.langid``; a ``.jsonl`` line may
    say it in a ``lang`` field), a code forces that language's pipeline."""

    config: Optional[str] = None
    model: Optional[str] = None
    lang: str = AUTO
    time_limit: Optional[float] = DEFAULT_TIME_LIMIT


@dataclass
class Result:
    """What one article gave: its records and any per-record errors."""

    doc_id: str
    records: list = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)


class Extractor:
    """Articles -> records.  With an explicit ``config`` that pipeline reads
    every article; otherwise ``pipelines/<lang>.cfg`` of the article's
    language (``lang="auto"``: identified per article; ``"en"``, ``"vi"``:
    forced)."""

    def __init__(self, config: Union[str, Path, PipelineSpec, None] = None, lang: str = AUTO,
                 model: Optional[str] = None, time_limit: Optional[float] = DEFAULT_TIME_LIMIT):
        if isinstance(config, PipelineSpec):
            config, model, lang, time_limit = config.config, model or config.model, config.lang, config.time_limit
        self.time_limit = time_limit
        self.config = str(config) if config else None
        if lang != AUTO and lang not in available_languages():
            raise ValueError(f"no pipeline for language {lang!r} (have: auto, {', '.join(available_languages())})")
        self.lang = lang
        self.model = model or None
        # built now, so a broken config fails before any article is read
        self.nlp = self.pipeline_for(DEFAULT_LANG if lang == AUTO else lang)

    def pipeline_for(self, lang: str) -> Language:
        """The nlp object that reads articles of ``lang``."""
        if self.config:
            return _cached(self.config, DEFAULT_LANG, self.model)  # the config says its language
        return _cached(None, lang, self.model if lang == DEFAULT_LANG or self.lang != AUTO else None)

    def language_of(self, article: Article) -> str:
        """The language whose pipeline reads ``article``."""
        if self.lang != AUTO:
            return self.lang
        said = getattr(article, "lang", None) or (article.meta.get("lang") if isinstance(article.meta, dict) else None)
        if isinstance(said, str) and said.strip().lower() in available_languages():
            return said.strip().lower()
        return identify(article.text)

    def _doc(self, article: Article):
        nlp = self.pipeline_for(self.language_of(article))
        doc = nlp.make_doc(article.text)
        set_doc_text(doc, article.text)
        doc._.article = {"doc_id": article.doc_id, "source": article.source, **article.meta}
        deadline = time.monotonic() + self.time_limit if self.time_limit else None
        for _, proc in nlp.pipeline:
            doc = proc(doc)
            if deadline is not None and time.monotonic() > deadline:
                raise ArticleTimeout(f"took longer than the {self.time_limit:g} s limit per article "
                                     f"(--time-limit)")
        return doc

    def extract(self, article: Article) -> Result:
        """The records of one article.  The rules read its NFC form; records
        point into the text as given (NFD input gives the same records, at
        its own offsets).  The article's metadata goes on every record, and
        its publication date resolves yearless dates (article_dates)."""
        with time_limit(self.time_limit):
            return self._extract(article)

    def _extract(self, article: Article) -> Result:
        nfc, back = nfc_with_offsets(article.text)
        readable = readable_digits(nfc)
        if readable is not None:  # same length: the map (if any) holds; records take the original's text
            nfc, back = readable, back or list(range(len(nfc) + 1))
        doc = self._doc(article if back is None else replace(article, text=nfc))
        records, errors = doc_to_records(doc, article.doc_id, article.source, article.record_fields())
        if back is not None:
            records = [remap_record(r, back, article.text) for r in records]
        if article.published:
            records = resolve_dates(records, article.published)
        return Result(article.doc_id, records, errors)

    def pipe(self, items: Iterable[Union[Article, LoadError]]) -> Iterator[Union[Result, LoadError]]:
        for item in items:
            yield item if isinstance(item, LoadError) else self.extract(item)


def extract_text(text: str, doc_id: str = "doc", source: Optional[str] = None,
                 config: Union[str, Path, None] = None, lang: str = AUTO) -> list:
    """Records of one text (the evaluator's and the tests' entry point)."""
    return Extractor(config, lang=lang).extract(Article(doc_id=doc_id, text=text, source=source)).records
