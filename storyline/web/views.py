"""Projections of the export document that the routes return: pure functions, no I/O.

Each HTML page renders the record its JSON twin returns (``StoryList`` for ``/`` and ``/api/stories``,
the one-story export for ``/stories/{id}``, ...); :class:`StoryPage` only adds what a page needs to lay
that record out (citation numbers, coverage rows, chart geometry).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from storyline import __version__
from storyline.errors import ArticleNotFound, StoryNotFound
from storyline.export import ExportDocument, select_story
from storyline.export.types import ExportArticle, ExportStory, ExportStoryline
from storyline.web.charts import CoverageChart, ReuseGraph, coverage_chart, reuse_graph
from storyline.web.models import (
    ArticleList,
    ArticleQuery,
    Health,
    ProblemList,
    StorylineGroup,
    StoryList,
    StoryQuery,
    StorySummary,
)

LOGGER = logging.getLogger(__name__)

NO_STORYLINE = "Stories in no storyline"
_UNDATED = "9999-99-99"  # sorts undated periods after dated ones, as the export builder does


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverageRow:
    """One article of a story's coverage: who published it, when, and how much of it is its own."""

    article: str
    outlet: str
    date: str | None
    estimated: bool  # the date is an estimate (the article states none)
    words: int
    original: float  # share of its text (0–1) found in no earlier article of the story
    original_words: int  # that share in words, rounded
    shared_words: int
    copied_from: tuple[str, ...]  # earlier articles it shares passages with


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """One cited article: its number on the page (None when it belongs to another story)."""

    article: str
    number: int | None
    record: ExportArticle | None  # None when the document does not have the article


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryPage:
    """Everything the story page shows: the one-story export plus its layout."""

    document: ExportDocument  # exactly what /stories/{id}.json returns
    story: ExportStory
    storyline: ExportStoryline | None
    siblings: tuple[StorySummary, ...]  # the storyline's stories, this one included, in date order
    articles: dict[str, ExportArticle]  # the story's articles by id, in export order
    numbers: dict[str, int]  # citation number of each article: its place in export order, from 1
    others: dict[str, ExportArticle]  # articles of the storyline's other stories, which its claims cite
    coverage: tuple[CoverageRow, ...]
    coverage_chart: CoverageChart
    reuse_graph: ReuseGraph
    conflicts: int

    def citations(self, article_ids: tuple[str, ...] | list[str]) -> tuple[Citation, ...]:
        """The cited articles in citation-number order; other stories' articles last, by id."""
        cited = [
            Citation(
                article=aid,
                number=self.numbers.get(aid),
                record=self.articles.get(aid) or self.others.get(aid),
            )
            for aid in dict.fromkeys(article_ids)
        ]
        return tuple(sorted(cited, key=lambda c: (c.number is None, c.number or 0, c.article)))


def article_date(article: ExportArticle) -> tuple[str | None, bool]:
    """The article's stated date, else its estimated date; and whether it is an estimate."""
    if article.published is not None:
        return article.published, False
    if article.published_estimate is not None:
        return article.published_estimate.date, True
    return None, False


def summarize_stories(stories: Sequence[ExportStory], document: ExportDocument) -> list[StorySummary]:
    """The story-list rows of ``stories``, with one pass over the document's articles and storylines."""
    outlet_of = {a.id: a.outlet for a in document.articles}
    line_title = {story_id: line.title for line in document.storylines for story_id in line.stories}
    return [
        StorySummary(
            id=story.id,
            title=story.title,
            period=story.period,
            articles=len(story.articles),
            storyline=story.storyline,
            storyline_title=line_title.get(story.id),
            outlets=tuple(sorted({o for aid in story.articles if (o := outlet_of.get(aid))})),
            independent_sources=story.coverage.independent_sources if story.coverage else None,
            quotes=len(story.quotes),
            conflicts=sum(1 for c in story.claims if c.status == "conflict"),
        )
        for story in stories
    ]


def story_list(document: ExportDocument, query: StoryQuery | None = None) -> StoryList:
    """The stories matching ``query`` (all when None), in export order, grouped by storyline.

    Groups come in the order of their first story; stories that belong to no storyline come last.
    """
    query = query or StoryQuery()
    rows = summarize_stories(document.stories, document)
    rows = [row for row in rows if _matches(row, query)]
    groups: dict[str | None, list[StorySummary]] = defaultdict(list)
    for row in rows:
        groups[row.storyline].append(row)
    titles = {line.id: line.title for line in document.storylines}
    ordered = sorted(groups, key=lambda key: (key is None, _first_start(groups[key]), key or ""))
    return StoryList(
        count=len(rows),
        stories=tuple(rows),
        storylines=tuple(
            StorylineGroup(
                id=key,
                title=titles.get(key, key) if key is not None else NO_STORYLINE,
                stories=tuple(row.id for row in groups[key]),
            )
            for key in ordered
        ),
    )


def _first_start(rows: list[StorySummary]) -> str:
    """The earliest period start among some story rows (undated last)."""
    return min(row.period.start or _UNDATED for row in rows)


def _matches(row: StorySummary, query: StoryQuery) -> bool:
    """True when a story-list row passes every filter of the query."""
    if query.q is not None:
        needle = query.q.casefold()
        if needle not in row.title.casefold() and needle not in (row.storyline_title or "").casefold():
            return False
    if query.outlet is not None and query.outlet.casefold() not in {o.casefold() for o in row.outlets}:
        return False
    if query.since is not None and (row.period.end or "") < query.since.isoformat():
        return False
    return not (query.until is not None and (row.period.start or _UNDATED) > query.until.isoformat())


def article_list(document: ExportDocument, query: ArticleQuery | None = None) -> ArticleList:
    """One page of the articles matching ``query``, in export order.

    Raises:
        StoryNotFound: the query names a story that does not exist.
    """
    query = query or ArticleQuery()
    articles = list(document.articles)
    if query.story is not None:
        if not any(s.id == query.story for s in document.stories):
            raise StoryNotFound(f"no story {query.story!r}; GET /api/stories lists the story ids")
        articles = [a for a in articles if a.story == query.story]
    if query.outlet is not None:
        wanted = query.outlet.casefold()
        articles = [a for a in articles if (a.outlet or "").casefold() == wanted]
    page = articles[query.offset : query.offset + query.limit]
    return ArticleList(total=len(articles), offset=query.offset, limit=query.limit, articles=tuple(page))


def find_article(document: ExportDocument, article_id: str) -> ExportArticle:
    """The article with this id.

    Raises:
        ArticleNotFound: no article has that id.
    """
    for article in document.articles:
        if article.id == article_id:
            return article
    raise ArticleNotFound(f"no article {article_id!r}; GET /api/articles lists the article ids")


def problem_list(document: ExportDocument) -> ProblemList:
    """The inputs that could not be read, as the export sorts them."""
    return ProblemList(count=len(document.problems), problems=document.problems)


def health(document: ExportDocument, store: str) -> Health:
    """The health record of a service whose store gave this document."""
    return Health(
        status="ok",
        version=__version__,
        schema=document.schema,
        store=store,
        articles=len(document.articles),
        stories=len(document.stories),
        storylines=len(document.storylines),
        problems=len(document.problems),
    )


def one_story(document: ExportDocument, story_id: str) -> ExportDocument:
    """The document narrowed to one story, as :func:`storyline.export.select_story` gives it.

    Raises:
        StoryNotFound: no story has that id; the message says where the ids are listed over HTTP.
    """
    try:
        return select_story(document, story_id)
    except StoryNotFound as exc:  # the export's message points to the CLI; point to the API instead
        raise StoryNotFound(f"no story {story_id!r}; GET /api/stories lists the story ids") from exc


def story_page(document: ExportDocument, story_id: str) -> StoryPage:
    """The story page of one story of the whole document.

    Raises:
        StoryNotFound: no story has that id.
    """
    selected = one_story(document, story_id)
    story = selected.stories[0]
    articles = {a.id: a for a in selected.articles}
    line = selected.storylines[0] if selected.storylines else None
    siblings: tuple[StorySummary, ...] = ()
    others: dict[str, ExportArticle] = {}
    if line is not None:
        members = set(line.stories)
        siblings = tuple(summarize_stories([s for s in document.stories if s.id in members], document))
        others = {a.id: a for a in document.articles if a.story in members and a.id not in articles}
    coverage = coverage_rows(story, articles)
    return StoryPage(
        document=selected,
        story=story,
        storyline=line,
        siblings=siblings,
        articles=articles,
        numbers={aid: n for n, aid in enumerate(articles, start=1)},
        others=others,
        coverage=coverage,
        coverage_chart=coverage_chart(coverage),
        reuse_graph=reuse_graph(story, articles),
        conflicts=sum(1 for c in story.claims if c.status == "conflict"),
    )


def coverage_rows(story: ExportStory, articles: dict[str, ExportArticle]) -> tuple[CoverageRow, ...]:
    """The story's coverage as the export records it, one row per article (none when not recorded)."""
    if story.coverage is None:
        return ()
    rows = []
    for entry in story.coverage.articles:
        article = articles.get(entry.article)
        own = round(entry.words * entry.original)
        rows.append(
            CoverageRow(
                article=entry.article,
                outlet=entry.outlet or "unknown outlet",
                date=entry.date,
                estimated=article is not None and article.published is None and entry.date is not None,
                words=entry.words,
                original=entry.original,
                original_words=own,
                shared_words=entry.words - own,
                copied_from=entry.copied_from,
            )
        )
    return tuple(rows)
