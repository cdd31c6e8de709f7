"""Typed rule tables: one pydantic model per table file.

Every language has the same table files (``extractor/lang/<code>/*.yaml``),
each validated at load by its model below, so a language that lacks a key, or
gives a key the wrong shape, fails when its pipeline is built, naming the
file.  Vietnam's domain data (``extractor/lang/vn/``), which every language
reads, has models of its own.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


# -- per-language tables ------------------------------------------------------
class IdentifyTable(Table):
    """``identify.yaml``: what tells this language's text from another's
    (``extractor.langid``): its most frequent short words, and letters that
    only it uses among the languages the project reads."""

    function_words: list[str]
    letters: str


class NumbersConf(Table):
    thousands_sep: str
    decimal_sep: str
    words: dict[str, int]
    multipliers: dict[str, int]


class AmbiguousWord(Table):
    """A number word that is also another word ("năm": five or year): a
    number only when the word before it is none of ``before`` and the word
    after it none of ``after``."""

    before: list[str]
    after: list[str]


class NumbersTable(Table):
    """``numbers.yaml``: numbers, counts and ratios."""

    numbers: NumbersConf
    qualifiers: dict[str, list[str]]
    percent_words: list[str]
    duration_units: list[str]
    money_words: list[str]
    money_prefixes: list[str]
    furniture_units: list[str]
    furniture_before: list[str]
    honorifics: list[str]
    label_words: list[str]
    unit_stop_words: list[str]
    ing_nouns: list[str]
    s_modifiers: list[str]
    count_verbs: list[str]
    copulas: list[str]
    part_verbs: list[str]
    unit_continuations: list[str]
    number_of_phrases: list[str]
    breakdown_markers: list[str]
    word_number_pattern: str
    one_words: list[str]
    ambiguous_words: dict[str, AmbiguousWord]
    compound_only_words: list[str]
    vague_before: list[str]
    determiners: list[str]
    fraction_words: list[str]
    fraction_fillers: list[str]
    fraction_not_after: list[str]
    part_of_phrases: list[str]
    range_from: list[str]
    range_to: list[str]
    range_and: list[str]
    percent_range_joiners: list[str]
    refused_units: list[str]
    duration_heads: list[str]
    money_word_exceptions: list[str]
    qualifiers_after: dict[str, list[str]]


class DatePattern(Table):
    """One atom pattern of ``dates.yaml``: a regex template (see the file's header)."""

    name: str
    makes: Literal["date", "year", "year_pair", "range", "range_begin"]
    pattern: str
    # Where every match starts (the finder tries the pattern there only):
    # "{MONTH}" (a month name), "@key" (a word of that list), or a word, in
    # any case; none: anywhere (the text is searched).
    anchor: Optional[list[str]] = None
    # "exact": the matches start with an anchor word written as listed (the
    # month names as grammar.month_name_forms writes them), not in any case:
    # looked for by a case-sensitive search, cheaper than any case.
    anchor_case: Literal["any", "exact"] = "any"
    # Every match starts at a run of digits with one of these many digits
    # (the first digit of the run; the character after the run is no digit):
    # the finder may try the pattern at those runs only instead of searching.
    digits: Optional[list[int]] = None
    # Every match is an anchor word (any case), white space, then a run of
    # digits with one of these many digits: the finder looks for the anchor
    # words right before the white space before those runs only.
    anchor_then_digits: Optional[list[int]] = None


class DateRules(Table):
    """Templates of the date rules around the atoms (``dates.yaml``, ``date_rules``)."""

    joiner: str            # between the two ends of a range ("-", "to", "đến")
    open_end: str          # after an atom, an open end ("to present", "đến nay"); group ``open``
    pair_before: str       # before the first end of "between A and B"
    pair_inner: str        # between its ends
    year_before: str       # before a bare year: it is time ("by 2025", "năm 2025")
    decade_before: str     # before a year ending in 0: a decade, not a date ("những năm 1970")
    next_word: str         # the word after a bare year (group 1)
    furniture_before: str  # before a date that is a page widget's ("Hôm nay, ngày ...")
    stamp_before: str      # a stamp line before its date (a weekday word, a clock time)
    stamp_after: str       # a stamp line after its date (a clock time, a time zone)
    clock: str             # a clock time: a stamp line has one
    related_box: str       # the heading line of a related-news box (its teasers follow)


class DatesTable(Table):
    """``dates.yaml``: month names, atom patterns and rule templates, range
    words, year cues."""

    months: dict[str, int]
    date_fragments: dict[str, str]
    date_patterns: list[DatePattern]
    date_rules: DateRules
    open_ends: list[str]
    open_end_joiners: list[str]
    range_joiners: list[str]
    range_pair_openers: list[str]
    range_pair_joiners: list[str]
    day_month_prepositions: list[str]
    year_followers: list[str]
    year_preceders: list[str]
    decade_preceders: list[str]
    year_round_words: list[str]
    fraction_followers: list[str]
    fraction_ends: list[str]
    date_furniture_words: list[str]
    related_news_headings: list[str]
    weekdays: list[str]

    @field_validator("date_fragments")
    @classmethod
    def _year_fragment(cls, v: dict[str, str]) -> dict[str, str]:
        if "YEAR" not in v:
            raise ValueError("date_fragments needs YEAR (the rules that pair years use it)")
        return v


class DocumentsTable(Table):
    """``documents.yaml``: type words and how a sentence names an issuer."""

    doc_words: dict[str, str]
    number_markers: list[str]
    list_number_markers: list[str]
    conjunctions: list[str]
    list_followers: list[str]
    definite_articles: list[str]
    possessives: list[str]
    issuer_phrases: list[tuple[str, Optional[str]]]
    office_phrases: list[str]
    issue_verbs: list[str]
    reference_words: list[str]
    issuer_links: list[str]
    agent_links: list[str]
    relative_words: list[str]
    date_links: list[str]
    date_prepositions: list[str]
    shared_list_date: bool
    title_links: list[str]
    locality_cues: dict[str, list[str]]


class TokensTable(Table):
    """``tokens.yaml``: tokenizer special cases and sentence starts."""

    abbreviations: list[str]


class ContextTable(Table):
    """``context.yaml``: entities and the context of facts."""

    language: str
    countries: dict[str, list[str]]
    place_kind_words: dict[str, str]
    org_levels: dict[str, str]
    local_bodies: list[list[Any]]
    sub_links: list[str]
    definite_articles: list[str]
    party_names: list[str]
    sub_bodies: list[list[str]]
    national_bodies: list[list[str]]
    body_heads: list[str]
    institution_heads: list[str]
    institution_links: list[str]
    not_place_words: list[str]
    role_after_body: list[str]
    honorifics: list[str]
    name_stop_words: list[str]
    role_words: list[str]
    role_modifiers: list[str]
    role_organizations: dict[str, str]
    title_separators: list[str]
    levels: list[list[str]]
    level_phrase: str
    as_of_phrases: list[str]
    as_of_prefixes: list[str]
    now_phrases: list[str]
    article_date_keys: list[str]
    subject_stop_words: list[str]
    subject_determiners: list[str]
    subject_before_verbs: list[str]
    subject_modifier_preps: list[str]
    complement_preps: list[str]
    predicate_starts: list[str]
    relative_pronouns: list[str]
    coordinators: list[str]
    of_word: str
    person_nouns: list[str]
    breakdown_markers: list[str]
    breakdown_ends_before_number: list[str]
    restating_links: list[str]
    canonical_levels: dict[str, str]
    canonical_forms: dict[str, str]
    province_issuer_words: list[str]
    district_issuer_words: list[str]
    check_reasons: dict[str, str]


#: file name -> model, for every language
LANGUAGE_TABLES: dict[str, type[Table]] = {
    "identify": IdentifyTable,
    "tokens": TokensTable,
    "numbers": NumbersTable,
    "dates": DatesTable,
    "documents": DocumentsTable,
    "context": ContextTable,
}


# -- Vietnam's domain data (every language) -------------------------------------
class DomainDocuments(Table):
    """``vn/documents.yaml``: type codes and issuer codes of document symbols."""

    doc_codes: dict[str, str]
    issuer_codes: dict[str, str]
    issuer_place_kinds: dict[str, str]


class Place(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str
    vi: Optional[str] = None
    kind: Optional[str] = None
    aliases: list[str] = Field(default_factory=list)


class Gazetteer(Table):
    """``vn/gazetteer.yaml``: Vietnam's administrative units and regions."""

    provinces: list[Place]
    districts: list[Place]
    communes: list[Place]
    regions: list[Place]


class DomainPeople(Table):
    """``vn/people.yaml``: Vietnamese family names."""

    surnames: list[str]


DOMAIN_TABLES: dict[str, type[Table]] = {
    "documents": DomainDocuments,
    "gazetteer": Gazetteer,
    "people": DomainPeople,
}
