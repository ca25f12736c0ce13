"""Seasons, quarters and halves, weeks of a month, financial periods ("the year-ago quarter"), holidays."""

from __future__ import annotations

import datetime as dt
import re

from storyline.extract.timex import calendar as cal
from storyline.extract.timex.base import NO_ANCHOR, Context, Resolution, Rule, compile_rule, group, unresolved
from storyline.extract.timex.lexicon import (
    MONTH_RE,
    SEASONS,
    YEAR_RE,
    month_number,
)
from storyline.extract.timex.relative import unit_value

# ---------------------------------------------------------------------------------- seasons, quarters


def _resolve_season(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``last summer``, ``this spring``, ``the fall``, ``winter 2009``."""
    season = SEASONS[group(match, "season")]
    rel = " ".join(group(match, "rel").split())
    before = match.string[max(0, match.start() - 8) : match.start()].lower()
    if not (
        rel
        or match.group("mod")
        or match.group("year")
        or re.search(r"\b(?:in|during|by|until|since)\s+$", before)
    ):
        return None
    if match.group("year"):
        return Resolution(type="DATE", value=f"{match.group('year')}-{season}", precision="year")
    if ctx.anchor is None:
        return unresolved("DATE", NO_ANCHOR)
    starts = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
    year = ctx.anchor.year
    begun = ctx.anchor.month >= starts[season]
    if rel in ("last", "this past", "past"):
        # "last summer" is this year's once it is over (three months after it began), else last year's
        year = year if begun and ctx.anchor.month >= starts[season] + 3 else year - 1
    elif rel in ("next", "this coming", "coming"):
        year = year if not begun else year + 1
    elif rel == "the" and ctx.tense == "past" and not begun:
        year -= 1
    elif rel == "the" and ctx.tense == "future" and ctx.anchor.month >= starts[season] + 3:
        # "back before the spring" in October: this year's spring is over, so the next one
        year += 1
    return Resolution(type="DATE", value=f"{year:04d}-{season}", precision="year", anchored=True)


SEASON = Rule(
    "season",
    compile_rule(
        r"(?:(?P<rel>last|next|this\s+past|this\s+coming|this|coming|past|the)\s+)?(?:(?P<mod>early|late|mid)[\s-]+)?"
        r"(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<year>" + YEAR_RE + r"))?"
    ),
    _resolve_season,
)

_QUARTER_ORD = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
}


def _resolve_quarter(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``the third quarter``, ``third-quarter``, ``the first quarter of 2009``, ``the first half``."""
    number = _QUARTER_ORD[group(match, "ord")]
    kind = group(match, "kind")
    if kind == "half" and number > 2:
        return None
    label = f"Q{number}" if kind == "quarter" else f"H{number}"
    year_text = match.group("y1") or match.group("y2")
    owner = " ".join(group(match, "owner").split())
    rel = group(match, "rel")
    if year_text:
        return Resolution(type="DATE", value=f"{year_text}-{label}", precision="year")
    if ctx.anchor is None:
        return unresolved("DATE", NO_ANCHOR)
    start_month = (number - 1) * (3 if kind == "quarter" else 6) + 1
    # A period not yet begun is this year's unless the tense is past and it begins more than
    # TENSE_OVERRIDE_DAYS ahead, as for a month ("closures during the fourth quarter", announced in August)
    days_ahead = (dt.date(ctx.anchor.year, start_month, 1) - ctx.anchor).days
    this_year = (
        start_month <= ctx.anchor.month or ctx.tense != "past" or days_ahead <= cal.TENSE_OVERRIDE_DAYS
    )
    year = ctx.anchor.year if this_year else ctx.anchor.year - 1
    if rel == "this" or owner == "this year's":
        year = ctx.anchor.year
    elif rel == "next" or owner == "next year's":
        year = ctx.anchor.year + 1
    elif rel == "last" or owner in (
        "last year's",
        "the year-earlier",
        "the year-ago",
        "year-earlier",
        "year-ago",
    ):
        year = year - 1 if owner.startswith(("the year", "year")) else ctx.anchor.year - 1
    return Resolution(type="DATE", value=f"{year:04d}-{label}", precision="year", anchored=True)


QUARTER = Rule(
    "quarter",
    compile_rule(
        r"(?:(?P<owner>the\s+year-earlier|the\s+year-ago|this\s+year's|last\s+year's|next\s+year's|the|"
        r"year-earlier|year-ago)\s+(?!(?:fiscal-)?(?:first|second|third|fourth|final)-))?(?:(?P<y1>"
        + YEAR_RE
        + r")\s+)?(?:fiscal[\s-]+)?"
        r"(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?(?P<kind>quarter|half)"
        r"(?:\s+of\s+(?:(?:fiscal\s+)?(?P<y2>" + YEAR_RE + r")|(?P<rel>this|last|next)\s+year))?"
    ),
    _resolve_quarter,
)


# The day whose ISO week is "the n-th week" of a month: the middle of its n-th seven days (the 4th, 11th…)
_WEEK_OF_MONTH_DAY = {"first": 4, "second": 11, "third": 18, "fourth": 25}
_MIDDLE_OF_LAST_WEEK = 3  # days before the month's last day: the middle of its last seven days


def _resolve_week_of_month(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``the last week of March``, ``the first week of June 2009``: the ISO week holding most of its days."""
    month = month_number(match.group("wmon"))
    if match.group("wy"):
        year = int(match.group("wy"))
    elif ctx.anchor is None:
        return unresolved("DATE", f"{NO_ANCHOR}, and the month has no year")
    else:
        year = cal.pick_year(month, None, ctx.anchor, ctx.tense)
    which = group(match, "word")
    if which in _WEEK_OF_MONTH_DAY:
        day = dt.date(year, month, _WEEK_OF_MONTH_DAY[which])
    else:
        following = dt.date(*cal.add_months(year, month, 1), 1)
        day = following - dt.timedelta(days=1 + _MIDDLE_OF_LAST_WEEK)
    value = cal.week_value(day)
    return Resolution(type="DATE", value=value, precision="week", anchored=not match.group("wy"))


WEEK_OF_MONTH = Rule(
    "week-of-month",
    compile_rule(
        r"the\s+(?P<word>first|second|third|fourth|last|final)\s+week\s+of\s+(?P<wmon>" + MONTH_RE + r")"
        r"(?:,?\s+(?P<wy>" + YEAR_RE + r"))?"
    ),
    _resolve_week_of_month,
)


def _resolve_financial_period(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``the quarter``, ``the latest quarter``, ``the year-ago quarter`` (financial reports: the last one)."""
    words = " ".join(match.group(0).lower().split())
    if words in ("the period", "the latest period") and "quarter" not in match.string.lower():
        return None  # "the period" is a quarter only in a report about quarters
    if ctx.anchor is None:
        return unresolved("DATE", NO_ANCHOR)
    if match.group("py"):
        # "the 1988 quarter": the quarter being reported (the anchor's last one) in that year
        _, quarter = cal.shift_quarter(*cal.quarter_of(ctx.anchor), -1)
        return Resolution(
            type="DATE", value=f"{match.group('py')}-Q{quarter}", precision="year", anchored=True
        )
    if match.group("ago3"):
        return unit_value("quarter", ctx.anchor, -5)
    if match.group("ago2") and "quarter" not in ctx.sentence.lower():
        return Resolution(type="DATE", value=f"{ctx.anchor.year - 1:04d}", precision="year", anchored=True)
    if match.group(0).lower().startswith("last year"):
        return unit_value("quarter", ctx.anchor, -5)
    if match.group("ago4"):
        if re.search(r"\bquarter", ctx.sentence + " " + ctx.preceding, re.IGNORECASE):
            return unit_value("quarter", ctx.anchor, -5)
        return unit_value("year", ctx.anchor, -1)  # "the same period last year" in a monthly report
    shift = -5 if match.group("ago") or match.group("ago2") else -1
    return unit_value("quarter", ctx.anchor, shift)


FINANCIAL_PERIOD = Rule(
    "financial-period",
    compile_rule(
        r"the\s+(?:(?P<ago>year-ago|year-earlier|comparable\s+year-ago|comparable\s+year-earlier)\s+|latest\s+)?"
        r"(?:quarter|period)(?!s|-to-)(?P<ago3>\s+(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year))?|"
        r"the\s+(?:same|corresponding|comparable)\s+(?:quarter|period)"
        r"(?P<ago4>\s+(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year))|last\s+year['’]s\s+(?:quarter|period)|"
        r"the\s+(?P<py>"
        + YEAR_RE
        + r")\s+(?:quarter|period)(?!s)|(?:the\s+)?(?P<ago2>year-ago|year-earlier)(?:\s+(?:period|quarter))?"
    ),
    _resolve_financial_period,
)


# ----------------------------------------------------------------------------------------- holidays


def _holiday_date(name: str, year: int) -> dt.date:
    """The date of a named holiday in ``year``."""
    fixed = {
        "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "new year's day": (1, 1),
        "new year's eve": (12, 31), "independence day": (7, 4), "the fourth of july": (7, 4),
        "july fourth": (7, 4), "halloween": (10, 31), "valentine's day": (2, 14), "boxing day": (12, 26),
        "veterans day": (11, 11),
    }  # fmt: skip
    if name in fixed:
        return dt.date(year, *fixed[name])
    if name.startswith("thanksgiving"):
        return cal.nth_weekday(year, 11, 3, 4)
    if name == "memorial day":
        return cal.nth_weekday(year, 5, 0, -1)
    if name == "labor day":
        return cal.nth_weekday(year, 9, 0, 1)
    if name == "mother's day":
        return cal.nth_weekday(year, 5, 6, 2)
    if name == "father's day":
        return cal.nth_weekday(year, 6, 6, 3)
    easter = cal.easter(year)
    return easter - dt.timedelta(days=2) if name == "good friday" else easter


def _resolve_holiday(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``Christmas``, ``Thanksgiving Day``, ``New Year's Eve``, ``Easter 2010``, ``last Christmas``."""
    name = " ".join(group(match, "name").replace("’", "'").split())
    if name == "easter sunday":
        name = "easter"
    rel = group(match, "rel")
    if match.group("year"):
        year = int(match.group("year"))
    elif ctx.anchor is None:
        return unresolved("DATE", NO_ANCHOR)
    else:
        this_year = _holiday_date(name, ctx.anchor.year)
        if rel == "last":
            year = ctx.anchor.year if this_year < ctx.anchor else ctx.anchor.year - 1
        elif rel == "next":
            year = ctx.anchor.year if this_year > ctx.anchor else ctx.anchor.year + 1
        else:
            # a day without a year, as "March 12": the nearest occurrence unless the tense contradicts it
            # by more than TENSE_OVERRIDE_DAYS ("as Easter week began", written six days before Easter)
            year = cal.pick_year(this_year.month, this_year.day, ctx.anchor, ctx.tense)
    date = _holiday_date(name, year)
    if match.group("hweek"):  # "Easter week": the ISO week holding the day
        return Resolution(
            type="DATE", value=cal.week_value(date), precision="week", anchored=not match.group("year")
        )
    return Resolution(
        type="DATE", value=cal.day_value(date), precision="day", anchored=not match.group("year")
    )


HOLIDAY = Rule(
    "holiday",
    compile_rule(
        r"(?:(?P<rel>last|next|this)\s+)?(?P<name>christmas\s+(?:day|eve)|christmas|new\s+year['’]s\s+(?:day|eve)|"
        r"thanksgiving(?:\s+day)?|independence\s+day|the\s+fourth\s+of\s+july|july\s+fourth|halloween|"
        r"easter\s+sunday|easter|good\s+friday|memorial\s+day|labor\s+day|valentine['’]s\s+day|boxing\s+day|"
        r"mother['’]s\s+day|father['’]s\s+day|veterans\s+day)(?P<hweek>\s+week)?(?:\s+(?P<year>"
        + YEAR_RE
        + r"))?"
    ),
    _resolve_holiday,
)
