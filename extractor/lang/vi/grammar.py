"""Vietnamese grammar for the rules (see ``extractor.lang.interface``)."""

from __future__ import annotations



# --- documents ------------------------------------------------------------------
# (documents.py and resolve.py's grammar)
# "Thông báo kết luận": the head word comes first and decides.
HEAD_FIRST_DOCUMENTS = True


# --- dates ----------------------------------------------------------------------
# (dates.py's grammar)


# --- numbers --------------------------------------------------------------------
# (numbers.py's grammar: number words, plural and word-form rules, where a
# counted noun phrase ends; the evaluator's unit comparison)


# --- context --------------------------------------------------------------------
# (the context component's grammar)
