"""Calendar arithmetic for temporal expressions: month shifts, ISO weeks, quarters, holidays, year choice."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

Tense = Literal["past", "present", "future"]

# How far the nearest occurrence of a yearless date may lie on the "wrong" side of the anchor before the
# tense wins. Value F1 on TBAQ-cleaned / MEANTIME: 0 days (tense always wins) 0.770 / 0.794, 30 days
# 0.775 / 0.798, 60 days 0.779 / 0.798, 90 days 0.781 / 0.798, 120 days 0.781 / 0.798, 183 days (nearest
# always) 0.776 / 0.794. A quarter of a year sits on the plateau.
TENSE_OVERRIDE_DAYS = 90

__all__ = [
    "Tense",
    "add_months",
    "day_value",
    "easter",
    "month_value",
    "nth_weekday",
    "pick_year",
    "quarter_of",
    "shift_quarter",
    "week_value",
    "weekday_date",
]


def day_value(day: dt.date) -> str:
    """TIMEX3 value of a day: ``2020-10-14``."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def month_value(year: int, month: int) -> str:
    """TIMEX3 value of a month: ``2020-09``."""
    return f"{year:04d}-{month:02d}"


def week_value(day: dt.date) -> str:
    """TIMEX3 value of the ISO week that holds ``day``: ``2020-W42``."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """The (year, month) ``months`` after (or before, when negative) the given one."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def quarter_of(day: dt.date) -> tuple[int, int]:
    """The (year, quarter) that holds ``day``."""
    return day.year, (day.month - 1) // 3 + 1


def shift_quarter(year: int, quarter: int, quarters: int) -> tuple[int, int]:
    """The (year, quarter) ``quarters`` after (or before) the given one."""
    index = year * 4 + (quarter - 1) + quarters
    return index // 4, index % 4 + 1


def weekday_date(
    weekday: int, anchor: dt.date, direction: Literal["past", "future", "this"], strict: bool
) -> dt.date:
    """The date of ``weekday`` (Monday 0) relative to ``anchor``.

    ``past``: the most recent such day (the anchor itself unless ``strict``); ``future``: the next such day
    (the anchor itself unless ``strict``); ``this``: the day of the anchor's own ISO week.
    """
    if direction == "this":
        return anchor + dt.timedelta(days=weekday - anchor.weekday())
    if direction == "past":
        back = (anchor.weekday() - weekday) % 7
        if back == 0 and strict:
            back = 7
        return anchor - dt.timedelta(days=back)
    ahead = (weekday - anchor.weekday()) % 7
    if ahead == 0 and strict:
        ahead = 7
    return anchor + dt.timedelta(days=ahead)


def pick_year(month: int, day: int | None, anchor: dt.date, tense: Tense | None) -> int:
    """The year of a month (and day) written without one, relative to ``anchor``.

    The occurrence nearest to the anchor, unless the tense contradicts it by more than
    :data:`TENSE_OVERRIDE_DAYS` (a past-tense "in August" written in February is last August).
    """
    target_day = day if day is not None else 15

    def key(year: int) -> dt.date:
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, min(target_day, last))

    if day is None and month == anchor.month:
        return anchor.year
    candidates = (anchor.year - 1, anchor.year, anchor.year + 1)
    year = min(candidates, key=lambda y: (abs((key(y) - anchor).days), y != anchor.year))
    offset = (key(year) - anchor).days
    if tense == "past" and offset > TENSE_OVERRIDE_DAYS:
        return year - 1
    if tense == "future" and -offset > TENSE_OVERRIDE_DAYS:
        return year + 1
    return year


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th ``weekday`` of a month (``n`` = -1: the last one), e.g. Thanksgiving."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def easter(year: int) -> dt.date:
    """Western Easter Sunday of ``year`` (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)
