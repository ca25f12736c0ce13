"""Shared pieces of the grammar: the rule record, what a resolver knows and returns, and helpers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from storyline.extract.timex import calendar as cal

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Precision = Literal["day", "month", "year", "decade", "century", "week", "time"]

# A year more than this many years after the anchor is reported unresolved rather than trusted: news
# rarely dates anything further ahead (the furthest in MEANTIME is 50 years, "2058"), while a typo or an
# OCR slip ("3024") easily produces one.
FUTURE_LIMIT_YEARS = 100

NO_ANCHOR = "no anchor: the article has no publication date or estimate"

# The calendar grain of a reference time, finest first.
Grain = Literal["day", "week", "month", "quarter", "year"]
GRAINS: tuple[Grain, ...] = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference:
    """A time the text has named: the first day of the period, its grain, and whether it came from the anchor.

    Anaphoric expressions ("the following month", "that year", "earlier that day") are resolved against
    the latest such time named before them (the reference time of the narrative), not the publication date.
    """

    start: dt.date
    grain: Grain
    anchored: bool


def latest_reference(references: tuple[Reference, ...], grain: Grain) -> Reference | None:
    """The last reference at least as fine as ``grain`` (a day serves "that month", a year does not)."""
    rank = GRAINS.index(grain)
    for reference in reversed(references):
        if GRAINS.index(reference.grain) <= rank:
            return reference
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """What a resolver knows besides the words: the anchor date and the tense around the expression."""

    anchor: dt.date | None
    tense: cal.Tense | None
    sentence: str = ""  # the sentence around the expression
    preceding: str = ""  # the text just before the expression (FINANCIAL_CONTEXT_CHARS), for "quarter"
    references: tuple[Reference, ...] = ()  # times named before the expression, in text order


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolution:
    """A normalized expression: TIMEX3 type and value, precision, whether an anchor was used, or why not."""

    type: TimexType
    value: str | None
    precision: Precision | None = None
    anchored: bool = False
    reason: str | None = None


Resolver = Callable[["re.Match[str]", Context], Resolution | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named regex and its resolver."""

    name: str
    pattern: re.Pattern[str]
    resolve: Resolver


def unresolved(kind: TimexType, reason: str) -> Resolution:
    """A recognized expression whose value cannot be given, and why."""
    return Resolution(type=kind, value=None, reason=reason)


def future_reason(year: int, anchor: dt.date | None) -> str | None:
    """Why a year is not trusted (too far after the anchor), or None when it is plausible."""
    if anchor is not None and year > anchor.year + FUTURE_LIMIT_YEARS:
        return f"year {year} is more than {FUTURE_LIMIT_YEARS} years after the anchor {anchor.isoformat()}"
    return None


def make_day(
    kind: TimexType, year: int, month: int, day: int, *, anchored: bool, anchor: dt.date | None
) -> Resolution:
    """A day-precision resolution, or an unresolved one when the date does not exist or is implausible."""
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return unresolved(kind, f"impossible date: {year:04d}-{month:02d}-{day:02d} does not exist")
    reason = future_reason(year, anchor)
    if reason:
        return unresolved(kind, reason)
    return Resolution(type=kind, value=cal.day_value(date), precision="day", anchored=anchored)


def group(match: re.Match[str], name: str) -> str:
    """The text of a named group, lower-cased, or ``""`` when it did not take part in the match."""
    text = match.group(name)
    return text.lower() if text else ""


def compile_rule(pattern: str) -> re.Pattern[str]:
    """Compile a rule pattern: case-insensitive, bounded so that it never starts or ends inside a word."""
    return re.compile(r"(?<![\w$#£€@/])(?:" + pattern + r")(?![\w@%])", re.IGNORECASE)


_CALENDAR_VALUE = re.compile(
    r"(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|W(?P<week>\d{2})(?:-(?P<wday>[1-7]))?|"
    r"Q(?P<quarter>[1-4])|(?P<other>SP|SU|FA|WI|H[12]|WE)))?(?=$|T|-WE$)"
)


def reference_of(value: str | None, *, anchored: bool) -> Reference | None:
    """The reference time a TIMEX3 calendar value names (``1998-10-23``, ``1998-W43``, ``1998-Q3``), or None.

    Durations, sets, ``PAST_REF`` and decades name no reference time; a season or half year counts as its
    year.
    """
    match = _CALENDAR_VALUE.match(value or "")
    if match is None:
        return None
    year = int(match.group("year"))
    try:
        if match.group("day"):
            return Reference(
                start=dt.date(year, int(match.group("month")), int(match.group("day"))),
                grain="day",
                anchored=anchored,
            )
        if match.group("month"):
            return Reference(
                start=dt.date(year, int(match.group("month")), 1), grain="month", anchored=anchored
            )
        if match.group("week"):
            monday = dt.date.fromisocalendar(year, int(match.group("week")), int(match.group("wday") or 1))
            return Reference(start=monday, grain="day" if match.group("wday") else "week", anchored=anchored)
        if match.group("quarter"):
            month = 3 * int(match.group("quarter")) - 2
            return Reference(start=dt.date(year, month, 1), grain="quarter", anchored=anchored)
        return Reference(start=dt.date(year, 1, 1), grain="year", anchored=anchored)
    except ValueError:
        return None
