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

import extractor.components.dates  # noqa: F401  (registers the factories)
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


def build(config: Union[str, Path, None] = None, lang: str = "en") -> Language:
    """The nlp object of a pipeline config file."""
    path = Path(config) if config else default_config_path(lang)
    cfg = Config().from_disk(path)
    return spacy.blank(cfg["nlp"]["lang"], config=cfg)


@lru_cache(maxsize=4)
def _cached(config: Optional[str], lang: str) -> Language:
    return build(config, lang)


@dataclass
class Result:
    """What one article gave: its records and any per-record errors."""

    doc_id: str
    records: list = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)


class Extractor:
    def __init__(self, config: Union[str, Path, None] = None, lang: str = "en"):
        self.config = str(config) if config else None
        self.lang = lang
        self.nlp = _cached(self.config, lang)

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
