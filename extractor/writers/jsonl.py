"""JSONL: one record per line, compact, UTF-8, fields in a fixed order
(``extractor.jsonl.record_line``); the partial file is the output."""

from __future__ import annotations

from extractor.jsonl import record_line
from extractor.writers.base import SpoolWriter


class JsonlWriter(SpoolWriter):
    name = "jsonl"
    suffixes = (".jsonl", ".ndjson")

    encode = staticmethod(record_line)
