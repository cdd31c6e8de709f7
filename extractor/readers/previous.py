"""Recognising the outputs of a previous run, so they are not read back as
articles: a record file (each line a record: ``schema_version``, ``type``,
``start_char``) or an ``--errors`` file (``stage`` and ``reason``)."""

from __future__ import annotations

import json
from typing import Optional, Union

ERROR_KEYS = {"doc_id", "path", "stage", "line", "reason", "rule"}


def previous_output(line: Union[str, bytes]) -> Optional[str]:
    """"record file" or "errors file" when the first line of an input is a
    line of one; None otherwise."""
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(obj, dict):
        return None
    if "schema_version" in obj and "type" in obj and ("start_char" in obj or "doc_id" in obj):
        return "record file"
    if "stage" in obj and "reason" in obj and set(obj) <= ERROR_KEYS:
        return "errors file"
    return None
