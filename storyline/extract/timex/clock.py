"""Clock times: "10:35 a.m.", "5 p.m. EST Nov. 9", "18:00 UTC today", "noon"."""

from __future__ import annotations

import datetime as dt
import re

from storyline.extract.timex import calendar as cal
from storyline.extract.timex.absolute import FULL_DATE_DMY, FULL_DATE_MDY
from storyline.extract.timex.base import NO_ANCHOR, Context, Resolution, Rule, compile_rule, group, unresolved
from storyline.extract.timex.lexicon import (
    DAY_NUM_RE,
    MONTH_RE,
    WEEKDAY_FULL_RE,
    YEAR_RE,
)
from storyline.extract.timex.relative import DEICTIC, WEEKDAY

# ---------------------------------------------------------------------------------------- clock times

_TZ_UTC = ("utc", "gmt", "z")


def _resolve_time(match: re.Match[str], ctx: Context) -> Resolution | None:
    """``10:35 a.m.``, ``5 p.m. EST``, ``18:00 UTC``, ``noon``, ``midnight Friday``, ``12:00 UTC Monday``."""
    word = group(match, "word")
    if word:
        hour, minute = (12, 0) if word in ("noon", "midday") else (24, 0)
    else:
        hour = int(match.group("h"))
        minute = int(match.group("min") or 0)
        ampm = group(match, "ampm").replace(".", "").replace(" ", "")
        part = group(match, "podt") or group(match, "podn") if "podt" in match.re.groupindex else ""
        if part:  # "4 in the morning", "6 in the evening", "9 at night"
            ampm = "am" if part == "morning" else "pm"
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm.startswith("p") else 0)
        elif not (group(match, "tz") and hour <= 23):
            return None
    if minute > 59:
        return None
    zone = "Z" if group(match, "tz") in _TZ_UTC else ""
    day_text = match.group("day")
    if ctx.anchor is None and not day_text:
        return unresolved("TIME", NO_ANCHOR)
    date = ctx.anchor
    if day_text:
        inner = _resolve_day_words(day_text, ctx)
        if inner is None or inner.value is None or inner.precision != "day":
            return inner and unresolved("TIME", inner.reason or "the day of the time is not known")
        date = dt.date.fromisoformat(inner.value[:10])
    assert date is not None
    clock = f"{hour:02d}:{minute:02d}"
    value = f"{cal.day_value(date)}T{clock}{zone}"
    return Resolution(
        type="TIME", value=value, precision="time", anchored=not day_text or ctx.anchor is not None
    )


def _resolve_day_words(text: str, ctx: Context) -> Resolution | None:
    """Resolve the day part that follows a clock time (``Monday``, ``today``, ``Nov. 9``)."""
    for rule in (FULL_DATE_MDY, FULL_DATE_DMY, WEEKDAY, DEICTIC):
        found = rule.pattern.fullmatch(text.strip())
        if found:
            return rule.resolve(found, ctx)
    return None


_DAY_AFTER_TIME = (
    r"(?:,?\s+(?:on\s+)?(?P<day>"
    + WEEKDAY_FULL_RE
    + r"|today|yesterday|tomorrow|(?:"
    + MONTH_RE
    + r")\.?\s+"
    + DAY_NUM_RE
    + r"(?:,?\s+"
    + YEAR_RE
    + r")?))?"
)
CLOCK_TIME = Rule(
    "time",
    compile_rule(
        r"(?:(?:around|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
        r"(?:(?P<h>[012]?\d)(?::(?P<min>[0-5]\d))?\s*(?:(?P<ampm>a\.\s?m\.?|p\.\s?m\.?|am|pm)|"
        r"(?:o['’]clock\s+)?(?:in\s+the\s+(?P<podt>morning|afternoon|evening)(?!\s+of\b)|at\s+(?P<podn>night)))|"
        r"(?P<word>noon|midday|midnight))"
        r"(?:\s*(?P<tz>utc|gmt|[ecmp][sd]t))?" + _DAY_AFTER_TIME
    ),
    _resolve_time,
)
CLOCK_TIME_24 = Rule(
    "time-24h",
    compile_rule(
        r"(?P<word>)(?P<ampm>)(?P<h>[01]?\d|2[0-3]):?(?P<min>[0-5]\d)\s*(?P<tz>utc|gmt)" + _DAY_AFTER_TIME
    ),
    _resolve_time,
)
