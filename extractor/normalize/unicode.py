"""Unicode normalization for matching, with offsets back into the original.

The rules match NFC text (a Vietnamese "ệ" is one code point there, while
NFD input writes it as "e" plus two combining marks).  Records must point
into the text as the user gave it, so ``nfc_with_offsets`` returns the NFC
text with a map from each of its positions to a position of the original:
a record found at ``[s, e)`` of the NFC text is ``[back[s], back[e])`` of
the original (``extractor.records.remap_record``).  Text that is already NFC is returned as it is, with no map.
"""

from __future__ import annotations

import unicodedata
from typing import Optional


def nfc_with_offsets(text: str) -> tuple[str, Optional[list[int]]]:
    """(NFC text, back) where ``back[i]`` is the original offset of NFC
    offset ``i`` (``len(back) == len(nfc) + 1``); ``back`` is None when the
    text is NFC already.  Normalization is done per cluster (a character
    and the combining marks after it), so every offset between clusters
    maps exactly."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    parts: list[str] = []
    back: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        norm = unicodedata.normalize("NFC", cluster) if j - i > 1 or not cluster.isascii() else cluster
        parts.append(norm)
        back.extend([i] * len(norm))
        i = j
    back.append(n)
    return "".join(parts), back

