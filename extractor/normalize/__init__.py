"""Normalization of matched spans to values: numbers and dates."""
