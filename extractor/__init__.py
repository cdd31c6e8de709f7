"""Extract numbered documents, dates, counts and ratios from provincial news
articles about Vietnamese personnel work, as validated JSONL records."""

__version__ = "0.1.0"
