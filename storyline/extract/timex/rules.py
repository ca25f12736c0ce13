"""The grammar: one regex per family of temporal expressions, each with the function that normalizes it.

A rule's regex finds a candidate extent (TimeML conventions: leading prepositions such as "on", "in",
"since" are signals, not part of the expression; determiners and modifiers such as "the", "early",
"about" are). Its resolver turns the match into a :class:`Resolution` given a :class:`Context` (the
anchor date and the tense around the expression), or returns None to reject a false candidate. The rules
live by family in :mod:`.absolute`, :mod:`.relative`, :mod:`.periods`, :mod:`.clock` and :mod:`.amounts`.
"""

from __future__ import annotations

from storyline.extract.timex.absolute import (
    CENTURY,
    DECADE,
    FULL_DATE_DMY,
    FULL_DATE_MDY,
    ISO_DATE,
    MONTH_ALONE,
    MONTH_YEAR,
    NUMERIC_DATE,
    SECOND_DAY,
    SPELLED_YEAR,
    YEAR_ALONE,
)
from storyline.extract.timex.amounts import DURATION, REFERENCE, SET
from storyline.extract.timex.base import (
    FUTURE_LIMIT_YEARS,
    NO_ANCHOR,
    Context,
    Precision,
    Reference,
    Resolution,
    Rule,
    TimexType,
    reference_of,
)
from storyline.extract.timex.clock import CLOCK_TIME, CLOCK_TIME_24
from storyline.extract.timex.periods import FINANCIAL_PERIOD, HOLIDAY, QUARTER, SEASON, WEEK_OF_MONTH
from storyline.extract.timex.relative import (
    AGO,
    ANAPHORIC,
    DEICTIC,
    FINANCIAL_CONTEXT_CHARS,
    IN_THE_UNIT,
    PART_OF_DAY,
    PART_OF_TODAY,
    RELATIVE_UNIT,
    THE_WEEKEND,
    THE_YEAR,
    WEEKDAY,
)

__all__ = [
    "FINANCIAL_CONTEXT_CHARS",
    "FUTURE_LIMIT_YEARS",
    "NO_ANCHOR",
    "RULES",
    "Context",
    "Precision",
    "Reference",
    "Resolution",
    "Rule",
    "TimexType",
    "reference_of",
]
# Order matters only between candidates of the same extent: the earlier rule wins.
RULES: tuple[Rule, ...] = (
    FULL_DATE_MDY,
    FULL_DATE_DMY,
    ISO_DATE,
    NUMERIC_DATE,
    CLOCK_TIME,
    CLOCK_TIME_24,
    MONTH_YEAR,
    HOLIDAY,
    QUARTER,
    WEEK_OF_MONTH,
    FINANCIAL_PERIOD,
    AGO,
    RELATIVE_UNIT,
    ANAPHORIC,
    IN_THE_UNIT,
    THE_WEEKEND,
    THE_YEAR,
    PART_OF_TODAY,
    PART_OF_DAY,
    DEICTIC,
    WEEKDAY,
    MONTH_ALONE,
    SEASON,
    DECADE,
    CENTURY,
    YEAR_ALONE,
    SPELLED_YEAR,
    SECOND_DAY,
    SET,
    DURATION,
    REFERENCE,
)
