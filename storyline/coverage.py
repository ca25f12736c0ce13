"""A story's coverage: which outlet carried it when, and how much of each article was its own text.

An article's ``original`` share is the part of its text that no earlier article of the story has: the
characters outside every passage it shares with an article published before it (directed reuse). Where
two articles share text but their order is unknown (same day, or undated), neither is said to copy the
other. Independent sources are the story's source families: a wire text, its copies and close rewrites
count once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from storyline.export.types import CoverageEntry, ExportCoverage, ProfileCount
from storyline.models import Article
from storyline.outlets import OutletDirectory
from storyline.reuse import Reuse

__all__ = ["story_coverage"]

UNKNOWN = "unknown"  # the value for outlets the user's list does not know, or gives no value for
SHARE_DECIMALS = 2  # shares are reported to the percent: the passages' ends are only word-accurate


def story_coverage(
    articles: Sequence[Article],
    *,
    dates: Mapping[str, dt.date | None],
    families: Mapping[str, str],
    reuse: Sequence[Reuse],
    outlets: OutletDirectory | None = None,
) -> ExportCoverage:
    """Describe the coverage of one story.

    Args:
        articles: the story's articles.
        dates: each article's stated or estimated publication date (None when unknown).
        families: article id -> source family id (an article missing here is its own family).
        reuse: the passages shared between articles of the story.
        outlets: the user's outlet list, to profile the coverage by its attributes.

    Returns:
        The coverage, its articles ordered by date (undated last), then id.
    """
    copied: dict[str, list[tuple[int, int]]] = {}
    sources: dict[str, set[str]] = {}
    for item in reuse:
        if not item.directed:
            continue
        earlier, later = item.articles
        sources.setdefault(later, set()).add(earlier)
        copied.setdefault(later, []).extend((p.spans[1].start, p.spans[1].end) for p in item.passages)
    entries = []
    for article in sorted(articles, key=lambda a: (dates.get(a.id) or dt.date.max, a.id)):
        date = dates.get(article.id)
        covered = _covered_chars(copied.get(article.id, []))
        length = len(article.text)
        entries.append(
            CoverageEntry(
                article=article.id,
                outlet=article.outlet,
                date=date.isoformat() if date else None,
                words=article.words,
                original=round(1.0 - covered / length, SHARE_DECIMALS) if length else 0.0,
                copied_from=tuple(sorted(sources.get(article.id, ()))),
            )
        )
    names = {_outlet_key(a) for a in articles}
    return ExportCoverage(
        outlets=len(names),
        independent_sources=len({families.get(a.id, a.id) for a in articles}),
        articles=tuple(entries),
        profile=_profile(articles, outlets) if outlets is not None else (),
    )


def _outlet_key(article: Article) -> str:
    """What tells outlets apart: the name, or the article itself when it names none."""
    return article.outlet if article.outlet else f"#{article.id}"


def _profile(articles: Sequence[Article], directory: OutletDirectory) -> tuple[ProfileCount, ...]:
    """Articles and outlets per value of each attribute of the user's list: most articles first, then
    "unknown"."""
    counts: dict[tuple[str, str], tuple[int, set[str]]] = {}
    for article in articles:
        found = directory.lookup(article.outlet, article.url)
        values = dict(found.attributes) if found is not None else {}
        for attribute in directory.attributes:
            value = values.get(attribute, UNKNOWN)
            number, names = counts.get((attribute, value), (0, set()))
            counts[(attribute, value)] = (number + 1, names | {_outlet_key(article)})
    order = {attribute: i for i, attribute in enumerate(directory.attributes)}
    return tuple(
        ProfileCount(attribute=attribute, value=value, articles=number, outlets=len(names))
        for (attribute, value), (number, names) in sorted(
            counts.items(),
            key=lambda item: (order[item[0][0]], item[0][1] == UNKNOWN, -item[1][0], item[0][1]),
        )
    )


def _covered_chars(spans: Sequence[tuple[int, int]]) -> int:
    """Characters inside the union of the ``(start, end)`` spans."""
    total = 0
    reach = 0
    for start, end in sorted(spans):
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total
