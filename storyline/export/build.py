"""Build the ``storyline.export/1`` document from a digest, and write it as JSON."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from storyline.errors import StoryNotFound
from storyline.export.types import (
    SCHEMA_VERSION,
    ExportArticle,
    ExportDocument,
    ExportProblem,
)
from storyline.records import to_plain

if TYPE_CHECKING:
    from storyline.pipeline import Digest

_UNDATED = "9999-99-99"  # sorts undated articles after dated ones


def build_export(digest: Digest) -> ExportDocument:
    """Turn a digest into the export document, every list sorted deterministically.

    Articles are ordered by (stated or estimated) publication date, then id; stories by their first
    date, then id; problems by source, then error.
    """
    articles = []
    for art in digest.articles:
        estimate = digest.estimates.get(art.id) if art.published is None else None
        articles.append(
            ExportArticle(
                id=art.id,
                source=art.source,
                outlet=art.outlet,
                title=art.title,
                published=art.published.isoformat() if art.published else None,
                published_estimate=estimate,
                language=art.language,
                words=art.words,
                duplicate_of=digest.duplicate_of.get(art.id),
                story=digest.story_of.get(art.id),
                story_reason=digest.story_reasons.get(art.id),
                revisions=digest.revisions.get(art.id, ()),
            )
        )
    articles.sort(key=_article_sort_key)
    stories = sorted(digest.stories, key=lambda s: (s.period.start or _UNDATED, s.id))
    storylines = sorted(digest.storylines, key=lambda s: s.id)
    problems = sorted(
        {(p.source, p.error) for p in digest.problems},
    )
    return ExportDocument(
        schema=SCHEMA_VERSION,
        articles=tuple(articles),
        stories=tuple(stories),
        storylines=tuple(storylines),
        problems=tuple(ExportProblem(source=s, error=e) for s, e in problems),
    )


def select_story(document: ExportDocument, story_id: str) -> ExportDocument:
    """The document narrowed to one story: its articles, its storyline, and no problems.

    Raises:
        StoryNotFound: no story has that id (the message lists how to find the ids).
    """
    found = [s for s in document.stories if s.id == story_id]
    if not found:
        raise StoryNotFound(f"no story {story_id!r}; `storyline stories` lists the story ids")
    story = found[0]
    members = set(story.articles)
    return dataclasses.replace(
        document,
        articles=tuple(a for a in document.articles if a.id in members),
        stories=(story,),
        storylines=tuple(line for line in document.storylines if story.id in line.stories),
        problems=(),
    )


def _article_sort_key(article: ExportArticle) -> tuple[str, str]:
    """Sort key: stated date, else estimated date, else last; then id."""
    date = article.published or (article.published_estimate.date if article.published_estimate else None)
    return (date or _UNDATED, article.id)


def to_jsonable(record: Any) -> Any:
    """Convert export records (dataclasses, tuples) to plain JSON values, keeping field order."""
    return to_plain(record)


def to_json(document: ExportDocument) -> str:
    """The document as pretty-printed UTF-8 JSON text (non-ASCII kept as is)."""
    return json.dumps(to_jsonable(document), ensure_ascii=False, indent=2) + "\n"
