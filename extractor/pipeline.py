"""Building the spaCy pipeline from a config, and running it on articles.

``build(config)`` loads ``pipelines/<lang>.cfg`` (blank ``en`` plus the
project's registered components; no pretrained model is needed).
``Extractor.extract(article)`` turns one article into records;
``extract_text(text, doc_id)`` is the shortest way in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
from extractor.articles import Article, LoadError
from extractor.components.base import set_doc_text
from extractor.records import RecordError, doc_to_records

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
    return spacy.blank(cfg["nlp"]["lang"], config=cfg)


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
    spaCy pipeline whose NER runs beside the rules (``--model``)."""

    config: Optional[str] = None
    model: Optional[str] = None


@dataclass
class Result:
    """What one article gave: its records and any per-record errors."""

    doc_id: str
    records: list = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)


class Extractor:
    def __init__(self, config: Union[str, Path, PipelineSpec, None] = None, lang: str = "en",
                 model: Optional[str] = None):
        if isinstance(config, PipelineSpec):
            config, model = config.config, model or config.model
        self.config = str(config) if config else None
        self.lang = lang
        self.model = model or None
        self.nlp = _cached(self.config, lang, self.model)

    def _doc(self, article: Article):
        doc = self.nlp.make_doc(article.text)
        set_doc_text(doc, article.text)
        doc._.article = {"doc_id": article.doc_id, "source": article.source, **article.meta}
        for _, proc in self.nlp.pipeline:
            doc = proc(doc)
        return doc

    def extract(self, article: Article) -> Result:
        doc = self._doc(article)
        records, errors = doc_to_records(doc, article.doc_id, article.source)
        return Result(article.doc_id, records, errors)

    def pipe(self, items: Iterable[Union[Article, LoadError]]) -> Iterator[Union[Result, LoadError]]:
        for item in items:
            yield item if isinstance(item, LoadError) else self.extract(item)


def extract_text(text: str, doc_id: str = "doc", source: Optional[str] = None,
                 config: Union[str, Path, None] = None) -> list:
    """Records of one text (the evaluator's and the tests' entry point)."""
    return Extractor(config).extract(Article(doc_id=doc_id, text=text, source=source)).records
