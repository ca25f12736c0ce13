"""A story's coverage: outlets, independent sources, and each article's own share of text."""

from __future__ import annotations

import datetime as dt

from storyline.coverage import story_coverage
from storyline.export.types import CoverageEntry, ExportCoverage
from storyline.models import Article, TextSpan
from storyline.reuse import Passage, Reuse

WIRE_TEXT = "The county opened a second cooling centre in Marlow on Monday as the heat wave went on."
COPY_TEXT = "The county opened a second cooling centre in Marlow on Monday. Volunteers handed out water."
LOCAL_TEXT = "Marlow library stayed open late for people escaping the heat."


def _article(aid: str, text: str, outlet: str | None) -> Article:
    return Article(id=aid, source=f"in/{aid}.txt", title=aid, text=text, outlet=outlet)


ARTICLES = [
    _article("a-copy", COPY_TEXT, "Marlow Echo"),
    _article("a-wire", WIRE_TEXT, "Plains Wire"),
    _article("a-local", LOCAL_TEXT, None),
    _article("a-undated", LOCAL_TEXT + " It closed at ten.", None),
]
DATES = {
    "a-wire": dt.date(2024, 7, 1),
    "a-copy": dt.date(2024, 7, 2),
    "a-local": dt.date(2024, 7, 2),
    "a-undated": None,
}
SHARED = "The county opened a second cooling centre in Marlow on Monday"
REUSE = [
    Reuse(
        articles=("a-wire", "a-copy"),
        directed=True,
        chars=len(SHARED),
        passages=(Passage(text=SHARED, spans=(TextSpan(0, len(SHARED)), TextSpan(0, len(SHARED)))),),
    ),
    Reuse(  # same words, order unknown: nobody is said to copy
        articles=("a-local", "a-undated"),
        directed=False,
        chars=len(LOCAL_TEXT),
        passages=(Passage(text=LOCAL_TEXT, spans=(TextSpan(0, 61), TextSpan(0, 61))),),
    ),
]


def test_coverage_of_a_story() -> None:
    coverage = story_coverage(
        ARTICLES,
        dates=DATES,
        families={"a-wire": "f-1", "a-copy": "f-1", "a-local": "f-2", "a-undated": "f-3"},
        reuse=REUSE,
    )
    assert coverage == ExportCoverage(
        outlets=4,  # two named outlets, and two articles with no outlet, each counted once
        independent_sources=3,
        articles=(
            CoverageEntry(article="a-wire", outlet="Plains Wire", date="2024-07-01", words=17, original=1.0,
                          copied_from=()),
            CoverageEntry(article="a-copy", outlet="Marlow Echo", date="2024-07-02", words=15,
                          original=0.33, copied_from=("a-wire",)),  # 61 of 91 characters copied
            CoverageEntry(article="a-local", outlet=None, date="2024-07-02", words=10, original=1.0,
                          copied_from=()),
            CoverageEntry(article="a-undated", outlet=None, date=None, words=14, original=1.0,
                          copied_from=()),
        ),
    )  # fmt: skip


def test_overlapping_passages_are_counted_once() -> None:
    text = "Alpha beta gamma delta epsilon zeta eta theta."  # 46 characters
    later = _article("a-2", text, "Second")
    reuse = [
        Reuse(
            articles=(source, "a-2"),
            directed=True,
            chars=20,
            passages=(Passage(text=text[start:end], spans=(TextSpan(start, end), TextSpan(start, end))),),
        )
        for source, start, end in (("a-1", 0, 23), ("a-0", 11, 34))
    ]
    coverage = story_coverage([later], dates={"a-2": dt.date(2024, 1, 2)}, families={}, reuse=reuse)
    assert coverage.articles[0].copied_from == ("a-0", "a-1")
    assert coverage.articles[0].original == round(1 - 34 / 46, 2)
    assert coverage.independent_sources == 1
