"""Character offsets as annotation tools count them, and back.

The record contract counts offsets in Python ``str`` indices: Unicode code
points.  Annotation tools written in JavaScript do not always:

- ``codepoint``: Label Studio's current text editor (its ``DomManager``
  splits the text with ``[...text]``, one element per code point), so its
  offsets are Python's.  Combining marks (a decomposed Vietnamese "ệ" is
  ``e`` + U+0323 + U+0302) count one each, as in Python.
- ``utf16``: JavaScript string indices, UTF-16 code units: a character
  outside the Basic Multilingual Plane (most emoji, U+1F468 ...) counts 2.
  Label Studio before its emoji fix (issues #1008, #1347; frontend PR #308)
  and doccano's sequence labeling by default (doccano issue #2290) count
  this way.
- ``grapheme``: extended grapheme clusters (what a reader sees as one
  character: "👨🏻‍🚒" is one, "e" + U+0301 is one); doccano's project option
  "Count grapheme clusters as one character".

:class:`OffsetMap` converts between Python indices and one of these units
for one text; a position that the unit cannot express (inside a surrogate
pair, inside a grapheme cluster) raises :class:`OffsetError`.
"""

from __future__ import annotations

from typing import Optional

import regex

UNITS = ("codepoint", "utf16", "grapheme")

_GRAPHEME = regex.compile(r"\X")


class OffsetError(ValueError):
    """An offset that does not fit the text in the given unit."""


class OffsetMap:
    """Python ``str`` indices <-> offsets in ``unit`` for one text."""

    def __init__(self, text: str, unit: str = "codepoint"):
        if unit not in UNITS:
            raise ValueError(f"unknown offset unit {unit!r} (one of {', '.join(UNITS)})")
        self.text = text
        self.unit = unit
        # For a unit that is not the identity on this text: to_py[k] is the
        # Python index of unit offset k (None inside a character the unit
        # splits), and from_py[i] the unit offset of Python index i (None
        # inside a grapheme cluster).
        self._to_py: Optional[list] = None
        self._from_py: Optional[list] = None
        if unit == "utf16":
            if any(ord(c) > 0xFFFF for c in text):
                to_py: list = []
                from_py: list = []
                for i, c in enumerate(text):
                    from_py.append(len(to_py))
                    to_py.append(i)
                    if ord(c) > 0xFFFF:
                        to_py.append(None)  # the low surrogate
                from_py.append(len(to_py))
                to_py.append(len(text))
                self._to_py, self._from_py = to_py, from_py
        elif unit == "grapheme":
            starts = [m.start() for m in _GRAPHEME.finditer(text)]
            if len(starts) != len(text):
                to_py = starts + [len(text)]
                from_py = [None] * (len(text) + 1)
                for k, i in enumerate(to_py):
                    from_py[i] = k
                self._to_py, self._from_py = to_py, from_py

    @property
    def length(self) -> int:
        """The text's length in the unit."""
        return len(self.text) if self._to_py is None else len(self._to_py) - 1

    def to_python(self, offset) -> int:
        """The Python index of a unit offset; OffsetError when it is not a
        whole number, is out of the text, or falls inside a character the
        unit splits (between the halves of a surrogate pair)."""
        if isinstance(offset, bool) or not isinstance(offset, int):
            raise OffsetError(f"offset {offset!r} is not a whole number")
        if offset < 0 or offset > self.length:
            raise OffsetError(f"offset {offset} is past the end of the text "
                              f"({self.length} {self.unit_name})")
        if self._to_py is None:
            return offset
        i = self._to_py[offset]
        if i is None:
            raise OffsetError(f"UTF-16 offset {offset} falls between the two halves of "
                              f"{self.text[self._to_py[offset - 1]]!r}")
        return i

    def from_python(self, index: int) -> int:
        """The unit offset of a Python index; OffsetError when the unit
        cannot express it (inside a grapheme cluster)."""
        if index < 0 or index > len(self.text):
            raise OffsetError(f"index {index} is outside the text ({len(self.text)} characters)")
        if self._from_py is None:
            return index
        k = self._from_py[index]
        if k is None:
            left = max(j for j in range(index + 1) if self._from_py[j] is not None)
            right = min(j for j in range(index, len(self.text) + 1) if self._from_py[j] is not None)
            raise OffsetError(f"index {index} falls inside the grapheme cluster "
                              f"{self.text[left:right]!r}")
        return k

    @property
    def unit_name(self) -> str:
        return UNIT_NAMES[self.unit]


UNIT_NAMES = {"codepoint": "code points", "utf16": "UTF-16 code units",
              "grapheme": "grapheme clusters"}


def span_in_unit(text: str, start: int, end: int, unit: str) -> tuple[int, int]:
    """(start, end) Python indices -> offsets in ``unit``."""
    m = OffsetMap(text, unit)
    return m.from_python(start), m.from_python(end)


def exportable(records: list, text: str, omap: "OffsetMap", problems: list):
    """``(i, record, start, end)`` for each record (numbered from 1), its
    offsets in the tool's unit; a record whose text does not match the
    article there, or whose offsets the unit cannot express, goes to
    ``problems`` and is not exported."""
    for i, rec in enumerate(records, 1):
        s, e = rec["start_char"], rec["end_char"]
        if text[s:e] != rec["text"]:
            problems.append(f"record {rec['type']} [{s}:{e}] {rec['text']!r} does not match the "
                            f"text there ({text[s:e]!r}); not exported")
            continue
        try:
            us, ue = omap.from_python(s), omap.from_python(e)
        except OffsetError as err:
            problems.append(f"record {rec['type']} [{s}:{e}] {rec['text']!r}: {err}; not exported")
            continue
        yield i, rec, us, ue
