"""A rule-based tokenizer for languages whose spaCy default needs a word
segmenter (Vietnamese: ``spacy.blank("vi")`` wants pyvi, and without it does
not split punctuation).

``extractor.tokenizer.v1`` builds spaCy's ordinary rule tokenizer with the
language's own prefix, suffix and infix rules and URL pattern: words split
on white space (Vietnamese syllables), punctuation split off, special cases
allowed.  A word segmenter is never required; the rules read syllables.
Used from a pipeline config::

    [nlp.tokenizer]
    @tokenizers = "extractor.tokenizer.v1"
"""

from __future__ import annotations

from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry


@registry.tokenizers("extractor.tokenizer.v1")
def create_tokenizer():
    def make(nlp) -> Tokenizer:
        d = nlp.Defaults
        return Tokenizer(
            nlp.vocab,
            rules={},
            prefix_search=compile_prefix_regex(d.prefixes).search if d.prefixes else None,
            suffix_search=compile_suffix_regex(d.suffixes).search if d.suffixes else None,
            infix_finditer=compile_infix_regex(d.infixes).finditer if d.infixes else None,
            token_match=d.token_match,
            url_match=d.url_match,
        )

    return make
