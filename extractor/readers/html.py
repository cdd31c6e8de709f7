"""``.html`` / ``.htm`` (and ``html`` fields of ``.jsonl`` lines): a news
page -> its main text, with trafilatura.

The page's menus, related-news boxes, comment widgets, share bars and
footers are left out; the article's paragraphs are kept, one per line.
That extracted text is the article's text: records' offsets point into it,
and it is kept (``InputOptions.texts_dir``, by default ``OUT.texts/`` beside
the output: ``<doc_id>.txt``, UTF-8) so that ``text[start_char:end_char] ==
record.text`` can be checked.  The page's metadata (title, publication date,
site name, URL) goes on every record of the article; a ``.jsonl`` line's own
fields win over the page's.  A page's date is taken only from its metadata
(``<meta>``, JSON-LD, ``<time>``...), never guessed from its text.

Bytes: a BOM decides, else the charset the page declares (``<meta
charset>``), else UTF-8; nothing is guessed.
"""

from __future__ import annotations

import codecs
import os
import tempfile
import urllib.parse
from pathlib import Path
from typing import Any, Iterator, Optional, Union

import regex

from extractor.readers.base import Article, DecodeError, InputOptions, LoadError, Source, decode
from extractor.readers.meta import parse_published
from extractor.readers.text import read_bytes

# Boxes trafilatura keeps a heading of (the links go, "Tin liên quan" stays).
PRUNE_XPATH = [
    "//*[contains(@class,'lien-quan') or contains(@class,'lienquan') or contains(@class,'related')"
    " or contains(@id,'lien-quan') or contains(@id,'lienquan') or contains(@id,'related')]",
    "//*[contains(@class,'comment') or contains(@id,'comment') or contains(@class,'binh-luan')]",
]

_LANG = regex.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", regex.I)
_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", regex.I)
# WHATWG: these labels mean windows-1252 in a browser
_AS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"}


def decode_html(data: bytes) -> str:
    """A page's bytes -> str: a BOM, else the declared charset, else UTF-8."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)
    m = _CHARSET.search(data[:4096])
    label = m.group(1).decode("ascii").lower() if m else "utf-8"
    if label in ("utf-8", "utf8", "unicode-1-1-utf-8"):
        return decode(data)
    codec = "cp1252" if label in _AS_1252 else label
    try:
        codecs.lookup(codec)
    except LookupError:
        raise DecodeError(f"the page declares charset {label!r}, which is not an encoding Python knows")
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        raise DecodeError(f"not valid {label} (the page's declared charset) at byte {e.start}", e.start) from None


def page_text(html: str, url: Optional[str] = None) -> Optional[dict[str, Any]]:
    """The main text and metadata of a page (``text``, ``title``, ``date``,
    ``sitename``, ``hostname``, ``url``), or None when it has no main text."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, deduplicate=False, prune_xpath=PRUNE_XPATH,
        date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None or not (doc.text or "").strip():
        return None
    return {k: getattr(doc, k, None) for k in ("text", "title", "date", "sitename", "hostname", "url")}


def article_of_page(html: str, *, doc_id: str, path: str, line: Optional[int] = None,
                    given: Optional[dict] = None, meta: Optional[dict] = None,
                    options: Optional[InputOptions] = None) -> Union[Article, LoadError]:
    """The Article of a page (its main text and metadata), or why not."""
    given = dict(given or {})
    try:
        page = page_text(html, given.get("source"))
    except Exception as e:  # a page that breaks the extractor must not stop the batch
        return LoadError(path, f"HTML extraction failed: {type(e).__name__}: {e}", doc_id=doc_id,
                         stage="parse", line=line)
    if page is None:
        return LoadError(path, "no article text found in the HTML page", doc_id=doc_id, stage="parse", line=line)
    published = None
    if page.get("date"):
        try:
            published = parse_published(page["date"])
        except ValueError:
            published = None
    lang = _LANG.search(html[:20000])
    fields = {"title": page.get("title"), "published": published,
              "lang": lang.group(1).lower() if lang else None,
              "site": page.get("sitename") or page.get("hostname"), "source": page.get("url")}
    fields.update({k: v for k, v in given.items() if v is not None})  # the .jsonl line's own win
    source = fields.pop("source", None)
    art = Article(doc_id=doc_id, text=page["text"], path=path, line=line, source=source,
                  meta=dict(meta or {}), **{k: v for k, v in fields.items() if v is not None})
    if options is not None and options.texts_dir is not None:
        try:
            save_text(options.texts_dir, doc_id, art.text)
        except OSError as e:
            return LoadError(path, f"cannot keep the extracted text in {options.texts_dir}: "
                             f"{e.strerror or e}", doc_id=doc_id, stage="read", line=line)
    return art


def read_html(src: Source, options: InputOptions) -> Iterator[Union[Article, LoadError]]:
    data = read_bytes(src, options)
    if isinstance(data, LoadError):
        yield data
        return
    try:
        html = decode_html(data)
    except DecodeError as e:
        yield LoadError(src.name, str(e), doc_id=src.stem, stage="decode")
        return
    yield article_of_page(html, doc_id=src.stem, path=src.name, options=options)


# -- the kept texts ---------------------------------------------------------------
MARKER = ".extractor-texts"


def text_path(texts_dir: Union[str, Path], doc_id: str) -> Path:
    """Where the extracted text of ``doc_id`` is kept: ``<dir>/<doc_id>.txt``
    (the doc_id %-quoted where it is not a safe file name)."""
    return Path(texts_dir) / (urllib.parse.quote(doc_id, safe=" -_.,()+=@") + ".txt")


def save_text(texts_dir: Path, doc_id: str, text: str) -> Path:
    """Write the text atomically (a complete file or the previous one), and
    mark the directory as extracted texts (a scan of it skips it)."""
    texts_dir.mkdir(parents=True, exist_ok=True)
    marker = texts_dir / MARKER
    if not marker.exists():
        marker.write_text("extracted article texts written by `extractor extract`; "
                          "input scans skip this directory\n", encoding="utf-8")
    target = text_path(texts_dir, doc_id)
    data = text.encode("utf-8")
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return target
    except OSError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=str(texts_dir))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target
