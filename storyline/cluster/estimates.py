"""Publication-date estimates for undated articles, from their story's dated articles and their own text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from storyline.cluster.features import ArticleFeatures
from storyline.cluster.records import DateEstimate

__all__ = ["estimate_date", "weekday_mentions"]

STORY_EARLY_SLACK_DAYS = 1  # an undated article may predate its story's first dated one by a day (time zones)
STORY_LATE_SLACK_DAYS = 7  # …and come up to a week after the last dated one (the follow-ups of a story)
# No estimate is made from an article's own dates when its story has no dated article: on PolNeAR
# (923 undated texts, true dates from its metadata), "published within a month of the latest date the
# text mentions" held for only 49 of 388 articles (median error 77 days, 90th percentile 1,168), because
# news mentions old dates (a 1963 event in a 2016 profile). A guess that wrong is not an estimate.
WEEKDAY_LOOKBACK_DAYS = 6  # "on Wednesday" in news names a day of the past week (or the day itself)

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(
    r"\b(?:on|late|early|since|last)\s+("
    + "|".join(_WEEKDAYS)
    + r")\b|\b("
    + "|".join(_WEEKDAYS)
    + r")\s+(?:night|morning|afternoon|evening)\b",
    re.IGNORECASE,
)


def weekday_mentions(text: str) -> frozenset[int]:
    """Weekdays (0 = Monday) that ``text`` refers to as a recent day ("on Wednesday", "Friday night")."""
    return frozenset(_WEEKDAYS.index((m.group(1) or m.group(2)).lower()) for m in _WEEKDAY_RE.finditer(text))


def estimate_date(
    features: ArticleFeatures,
    text: str,
    story_id: str,
    dated_members: Sequence[dt.date],
) -> DateEstimate | None:
    """Estimate an undated article's publication date.

    Args:
        features: the article's features (its mentioned dates).
        text: its title and body (for weekday references).
        story_id: the id of its story (named in the basis).
        dated_members: publication dates of the story's dated articles.

    Returns:
        The estimate, or None when the story has no dated article.
    """
    if not dated_members:
        return None
    full_dates = sorted(features.dates)
    ordered = sorted(dated_members)
    first, last = ordered[0], ordered[-1]
    centre = ordered[(len(ordered) - 1) // 2]
    earliest = first - dt.timedelta(days=STORY_EARLY_SLACK_DAYS)
    latest = last + dt.timedelta(days=STORY_LATE_SLACK_DAYS)
    reasons = [
        f"story {story_id} has {len(ordered)} dated article{'s' if len(ordered) > 1 else ''}"
        f" from {first.isoformat()} to {last.isoformat()}"
    ]
    # the article reports what it mentions, so it is not older than the latest date it names in range
    in_range = [d for d in full_dates if earliest <= d <= latest]
    if in_range and in_range[-1] > earliest:
        earliest = in_range[-1]
        reasons.append(f"the text mentions {earliest.isoformat()}")
    weekdays = weekday_mentions(text)
    if weekdays:
        # "on Wednesday" names a day of the week before publication; the event it names happened on or
        # just before the story's first dated article, so that Wednesday is the last one up to it
        for weekday in sorted(weekdays):
            event = _last_weekday_on_or_before(min(dated_members), weekday)
            window_end = event + dt.timedelta(days=WEEKDAY_LOOKBACK_DAYS)
            if earliest <= window_end < latest:
                # published within the week from that day: not before it, not more than 6 days after
                earliest, latest = max(earliest, event), window_end
                reasons.append(
                    f"it says {_WEEKDAYS[weekday].capitalize()},"
                    f" which fits only the week from {event.isoformat()}"
                )
    centre = min(max(centre, earliest), latest)
    return DateEstimate(date=centre, earliest=earliest, latest=latest, basis="; ".join(reasons))


def _last_weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    """The last date with the given weekday (0 = Monday) on or before ``day``."""
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)
