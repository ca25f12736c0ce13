"""Absolute forms: full dates, months, years (in figures and words), decades, centuries."""

from __future__ import annotations

import datetime as dt
import re

from storyline.extract.timex import calendar as cal
from storyline.extract.timex.base import (
    NO_ANCHOR,
    Context,
    Resolution,
    Rule,
    compile_rule,
    future_reason,
    group,
    make_day,
    unresolved,
)
from storyline.extract.timex.lexicon import (
    DAY_NUM_RE,
    DAY_WORD_RE,
    MONTH_RE,
    ORDINALS,
    SEASONS,
    WEEKDAY_RE,
    YEAR_RE,
    day_word_number,
    month_number,
    weekday_number,
)

# Bare four-digit numbers are read as years only in this range (without a preposition or month before
# them), so that counts such as "1500 troops" or "2500 euros" are not taken for years.
BARE_YEAR_MIN = 1900
BARE_YEAR_MAX = 2099

# ---------------------------------------------------------------------------------------- calendar dates

_MOD = (
    r"(?P<mod>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|end\s+of)"
)


def _resolve_full_date(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``Tuesday, June 4, 2024``, ``12 March 2024``, ``June 4``, ``the week of March 6``."""
    day = _resolve_day_of_date(match, ctx)
    if day is None or not match.group("wk") or day.value is None:
        return day
    week = cal.week_value(dt.date.fromisoformat(day.value))
    return Resolution(type="DATE", value=week, precision="week", anchored=day.anchored)


def _resolve_day_of_date(match: re.Match[str], ctx: Context) -> Resolution | None:
    """The day named by a full date match."""
    month = month_number(match.group("mon"))
    day_text = match.group("day") or (match.group("dayw") if "dayw" in match.re.groupindex else "")
    day = int(re.sub(r"\D", "", day_text)) if day_text[0].isdigit() else day_word_number(day_text)
    if match.group("mon").lower() == "may" and not match.group("year") and match.group("mon")[0] == "m":
        return None  # "may 5" in lower case is the modal verb before a number
    pair_year = match.group("pair_year") if "pair_year" in match.re.groupindex else None
    year_text = match.group("year") or pair_year
    if year_text:
        return make_day("DATE", int(year_text), month, day, anchored=False, anchor=ctx.anchor)
    if ctx.anchor is None:
        return unresolved("DATE", f"{NO_ANCHOR}, and the date has no year")
    weekday = match.group("wd")
    if weekday:
        wd = weekday_number(weekday)
        for year in (ctx.anchor.year, ctx.anchor.year - 1, ctx.anchor.year + 1):
            try:
                if dt.date(year, month, day).weekday() == wd:
                    return make_day("DATE", year, month, day, anchored=True, anchor=ctx.anchor)
            except ValueError:
                break
    if month == 2 and day == 29:
        year = cal.pick_year(month, 28, ctx.anchor, ctx.tense)
    elif day > 31 or (day > 30 and month in (4, 6, 9, 11)) or (month == 2 and day > 29):
        return unresolved("DATE", f"impossible date: {match.group('mon')} {day} does not exist")
    else:
        year = cal.pick_year(month, day, ctx.anchor, ctx.tense)
    return make_day("DATE", year, month, day, anchored=True, anchor=ctx.anchor)


_WD_PREFIX = r"(?P<wk>the\s+week\s+of\s+)?(?:(?P<wd>" + WEEKDAY_RE + r")\.?,?\s+)?"
FULL_DATE_MDY = Rule(
    "date-mdy",
    compile_rule(
        _WD_PREFIX
        + r"(?P<mon>"
        + MONTH_RE
        + r")\.?\s+(?P<day>"
        + DAY_NUM_RE
        + r"|"
        + DAY_WORD_RE
        + r")(?!\d)(?!:\d)"
        r"(?:,?\s+(?P<year>" + YEAR_RE + r")(?![\d,]\d))?"
        # "May 3-4, 2010", "September 14 and 18, 2010": the year after the second day is the first's too
        r"(?=\s*(?:and|or|to|through|-|–)\s*"
        + DAY_NUM_RE
        + r",?\s+(?P<pair_year>"
        + YEAR_RE
        + r")(?![\d,]\d))?"
    ),
    _resolve_full_date,
)
FULL_DATE_DMY = Rule(
    "date-dmy",
    compile_rule(
        _WD_PREFIX
        + r"(?:the\s+)?(?:(?P<day>"
        + DAY_NUM_RE
        + r")(?:\s+of)?|(?P<dayw>"
        + DAY_WORD_RE
        + r")\s+of)\s+"
        r"(?P<mon>" + MONTH_RE + r")"
        r"(?:,?\s+(?P<year>" + YEAR_RE + r")(?![\d,]\d))?"
    ),
    _resolve_full_date,
)


# How far before a day number "April 24 and " may start, for the second of two coordinated days.
COORDINATION_CHARS = 24
_COORDINATED_BEFORE = re.compile(
    r"\b(?P<mon>" + MONTH_RE + r")\.?\s+(?P<d1>" + DAY_NUM_RE + r")\s*(?:and|or|to|through|-|–)\s*$",
    re.IGNORECASE,
)


def _resolve_second_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    """The second of two coordinated days, which shares the first one's month: ``April 24 and 25``."""
    lead = _COORDINATED_BEFORE.search(match.string, max(0, match.start() - COORDINATION_CHARS), match.start())
    if lead is None or (lead.group("mon").lower() == "may" and lead.group("mon")[0] == "m"):
        return None
    first = int(re.sub(r"\D", "", lead.group("d1")))
    day = int(re.sub(r"\D", "", match.group("day")))
    if not first < day <= 31:
        return None  # "June 4 and 2 others": not a second day of the month
    month = month_number(lead.group("mon"))
    if match.group("year"):
        return make_day("DATE", int(match.group("year")), month, day, anchored=False, anchor=ctx.anchor)
    if ctx.anchor is None:
        return unresolved("DATE", f"{NO_ANCHOR}, and the date has no year")
    year = cal.pick_year(month, min(day, 28), ctx.anchor, ctx.tense)
    return make_day("DATE", year, month, day, anchored=True, anchor=ctx.anchor)


SECOND_DAY = Rule(
    "second-day",
    compile_rule(
        r"(?P<day>" + DAY_NUM_RE + r")(?!\d)(?![\s-]*(?:%|percent|per\s*cent|[a-z]))"
        r"(?:,?\s+(?P<year>" + YEAR_RE + r")(?![\d,]\d))?"
    ),
    _resolve_second_day,
)


def _resolve_iso(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``2024-03-08``."""
    year, month, day = int(match.group("y")), int(match.group("m")), int(match.group("d"))
    return make_day("DATE", year, month, day, anchored=False, anchor=ctx.anchor)


ISO_DATE = Rule("date-iso", compile_rule(r"(?P<y>[12]\d{3})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"), _resolve_iso)


def _resolve_numeric(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``3/8/2024`` (month/day/year, the US order of news wires); two-digit years stay unresolved."""
    year_text = match.group("y")
    if len(year_text) == 2:
        return unresolved("DATE", f"two-digit year '{year_text}': the century is not stated")
    month, day = int(match.group("a")), int(match.group("b"))
    return make_day("DATE", int(year_text), month, day, anchored=False, anchor=ctx.anchor)


NUMERIC_DATE = Rule(
    "date-numeric", compile_rule(r"(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<y>\d{4}|\d{2})"), _resolve_numeric
)


def _resolve_month_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``May 2009``, ``early June 2010``."""
    year = int(match.group("year"))
    reason = future_reason(year, ctx.anchor)
    if reason:
        return unresolved("DATE", reason)
    return Resolution(
        type="DATE", value=cal.month_value(year, month_number(match.group("mon"))), precision="month"
    )


MONTH_YEAR = Rule(
    "month-year",
    compile_rule(
        r"(?:"
        + _MOD
        + r"[\s-]+)?(?P<mon>"
        + MONTH_RE
        + r")\.?(?:\s+of)?,?\s+(?P<year>"
        + YEAR_RE
        + r")(?![\d,]\d)"
    ),
    _resolve_month_year,
)


def _resolve_month(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``March``, ``last November``, ``early December``, ``this September``."""
    word = match.group("mon")
    rel = " ".join(group(match, "rel").split())
    if word.lower() in ("may", "march") and word[0] != word[0].upper():
        return None  # "may" the verb, "march" the noun
    if (
        word.lower().startswith(("may", "march"))
        and not rel
        and not match.group("mod")
        and word == word.upper()
    ):
        return None
    if word.lower() == "march" and _NAMED_MARCH.match(match.string, match.end()):
        return None  # "the March for Life", "a March of the Mothers": a march, not the month
    month = month_number(word)
    if ctx.anchor is None:
        return unresolved("DATE", f"{NO_ANCHOR}, and the month has no year")
    anchor = ctx.anchor
    year_rel = group(match, "yrel") or group(match, "yrel2")
    if year_rel:
        year = anchor.year + {"last": -1, "this": 0, "next": 1}[year_rel]
    elif rel in ("last", "this past", "past"):
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel in ("next", "this coming", "coming"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif rel == "this":
        year = anchor.year
    else:
        year = cal.pick_year(month, None, anchor, ctx.tense)
    return Resolution(type="DATE", value=cal.month_value(year, month), precision="month", anchored=True)


# "March" followed by a complement and a name is a protest march ("the March for Life", "the March on
# Washington", "a March of the Mothers"); the month takes no such complement ("in March for health reasons").
_NAMED_MARCH = re.compile(r"\s+(?:for|of|on|against)\s+(?:the\s+)?[A-Z]")

MONTH_ALONE = Rule(
    "month",
    compile_rule(
        r"(?:" + _MOD + r"[\s-]+)?(?:(?P<rel>last|next|this\s+past|this\s+coming|this|coming|past)\s+)?"
        r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december|"
        r"jan\.|feb\.|aug\.|sept\.|oct\.|nov\.|dec\.)(?!\s*\d)(?:\s+(?P<yrel>last|this|next)\s+year)?"
        # "October of next year": the year is a separate expression, but it says which October
        r"(?=\s+of\s+(?P<yrel2>last|this|next)\s+year\b)?"
    ),
    _resolve_month,
)

_PRE_YEAR = re.compile(
    r"(?:in|since|by|of|from|until|till|before|after|during|through|to|and|or|between|the|year|fiscal|"
    r"early|late|mid|circa|around)\W*$",
    re.IGNORECASE,
)
_NOT_AFTER_YEAR = re.compile(
    r"^\s*(?:%|percent|per\s*cent|people|persons|troops|soldiers|feet|foot|ft|meters|metres|miles|km|"
    r"kilometers|tons|tonnes|barrels|shares|votes|cars|jobs|workers|employees|units|points|dollars|"
    r"euros|pounds|yen|acres|hectares|pages|words|calories|degrees|students|members|homes|houses|"
    r"deaths|cases|beds|seats|rooms|kg|lbs|mph|hp|cc|mm|cm|hours|minutes|men|women|children)\b",
    re.IGNORECASE,
)


def _resolve_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``2013``, ``fiscal 1989``, ``early 1990``, ``the end of 1994``; rejects counts and amounts."""
    year = int(match.group("year"))
    text = match.string
    before = text[max(0, match.start() - 25) : match.start()]
    after = text[match.end() : match.end() + 20]
    if re.search(r"[\d.,$£€]\s*$", before) or re.match(r"^(?:[.,:]\d|\s*-\s*\d|\s*(?:a\.m|p\.m))", after):
        return None
    if _NOT_AFTER_YEAR.match(after):
        return None
    has_context = bool(match.group("mod") or _PRE_YEAR.search(before))
    if not has_context and not (BARE_YEAR_MIN <= year <= BARE_YEAR_MAX):
        return None
    reason = future_reason(year, ctx.anchor)
    if reason:
        return unresolved("DATE", reason)
    mod = " ".join(group(match, "mod").split()).removeprefix("the ")
    if mod in _HALVES:
        return Resolution(type="DATE", value=f"{year:04d}-{_HALVES[mod]}", precision="year")
    return Resolution(type="DATE", value=f"{year:04d}", precision="year")


_HALVES = {
    "first half of": "H1", "second half of": "H2", "last half of": "H2", "first two quarters of": "H1",
    "last two quarters of": "H2",
}  # fmt: skip

YEAR_ALONE = Rule(
    "year",
    compile_rule(
        r"(?:(?P<mod>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|"
        r"fiscal(?:\s+year)?|the\s+year|calendar(?:\s+year)?|the\s+fiscal\s+year|the\s+first\s+half\s+of|"
        r"the\s+(?:second|last)\s+half\s+of|(?:the\s+)?(?:first|last)\s+two\s+quarters\s+of|FY)[\s-]*)?(?P<year>"
        + YEAR_RE
        + r")"
    ),
    _resolve_year,
)

_SPELLED_TENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SPELLED_ONES = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}


def _resolve_spelled_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Years in words, as in broadcast transcripts: ``nineteen ninety-six``, ``the year two thousand``."""
    words = group(match, "body").replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        year = 2000 + sum(_SPELLED_TENS.get(w, 0) + _SPELLED_ONES.get(w, 0) for w in rest)
    else:
        century = _SPELLED_TENS[words[0]] * 100
        year = century + sum(_SPELLED_TENS.get(w, 0) + _SPELLED_ONES.get(w, 0) for w in words[1:])
    if not (match.group("lead") or words[0] in ("nineteen", "two")):
        return None
    if match.group("smon"):
        return Resolution(
            type="DATE", value=cal.month_value(year, month_number(match.group("smon"))), precision="month"
        )
    if match.group("sseason"):
        return Resolution(
            type="DATE", value=f"{year:04d}-{SEASONS[group(match, 'sseason')]}", precision="year"
        )
    return Resolution(type="DATE", value=f"{year:04d}", precision="year")


_TENS_WORDS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
SPELLED_YEAR = Rule(
    "spelled-year",
    compile_rule(
        r"(?:(?P<smon>"
        + MONTH_RE
        + r")\.?,?\s+|(?:the\s+)?(?P<sseason>spring|summer|fall|autumn|winter)\s+of\s+)?"
        r"(?P<lead>the\s+year\s+)?(?P<body>two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|"
        r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))?|"
        r"(?:eighteen|nineteen|twenty)[\s-]+(?:(?:"
        + _TENS_WORDS
        + r")(?:[\s-]+(?:one|two|three|four|five|six|"
        r"seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))"
    ),
    _resolve_spelled_year,
)

_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip


def _resolve_decade(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``the 1990s``, ``the '80s``, ``the early 1980s``, ``the nineties``."""
    full = match.group("full")
    if full:
        return Resolution(type="DATE", value=full[:3], precision="decade")
    digit = int(match.group("short")[0]) if match.group("short") else _DECADE_WORDS[group(match, "word")]
    if ctx.anchor is None:
        return unresolved("DATE", f"{NO_ANCHOR}, and the decade has no century")
    century = ctx.anchor.year // 100
    if century * 100 + digit * 10 > ctx.anchor.year:  # the most recent such decade that has begun
        century -= 1
    return Resolution(type="DATE", value=f"{century:02d}{digit}", precision="decade", anchored=True)


DECADE = Rule(
    "decade",
    compile_rule(
        r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:(?P<full>1\d{2}0|20\d0)'?s|(?:'|(?<=the\s)|(?<=and\s))(?P<short>\d0)'?s|"
        r"(?:nineteen[\s-]+)?(?P<word>" + "|".join(_DECADE_WORDS) + r"))"
    ),
    _resolve_decade,
)


def _resolve_century(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``the 19th century``, ``the twentieth century``."""
    word = group(match, "ord")
    number = int(re.sub(r"\D", "", word)) if word[0].isdigit() else ORDINALS.get(word, 0)
    if not 1 <= number <= 30:
        return None
    return Resolution(type="DATE", value=f"{number - 1:02d}", precision="century")


CENTURY = Rule(
    "century",
    compile_rule(
        r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<ord>\d{1,2}(?:st|nd|rd|th)|[a-z]+(?:-[a-z]+)?)\s+century"
    ),
    _resolve_century,
)
