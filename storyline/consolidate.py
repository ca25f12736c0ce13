"""Consolidation: turn one story's stage results into its export record.

Pure conversion and selection; no stage logic lives here. The pipeline gathers each stage's output for
the story's articles and calls :func:`consolidate_story`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from storyline.cluster.records import Story
from storyline.export.types import (
    ExportClaim,
    ExportCoverage,
    ExportEntity,
    ExportQuote,
    ExportReuse,
    ExportStory,
    Expression,
    FirstCarrier,
    Period,
    QuoteVariant,
    ReusedPassage,
    SummarySentence,
    TimelineEntry,
)
from storyline.extract.canonical import Quote
from storyline.extract.entities import Entity
from storyline.reuse import Reuse
from storyline.timeline import TimelineEntry as StageTimelineEntry


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryParts:
    """What the stages found for one story, ready to be consolidated."""

    story: Story
    dates: Mapping[str, dt.date | None]  # article id -> stated or estimated publication date
    summary: tuple[SummarySentence, ...]
    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    timeline: tuple[StageTimelineEntry, ...]
    claims: tuple[ExportClaim, ...]
    reuse: tuple[Reuse, ...]
    entity_ids: Mapping[str, str]  # article-level entity id -> story-level entity id
    coverage: ExportCoverage | None = None


def consolidate_story(parts: StoryParts) -> ExportStory:
    """Build one story's export record; every list sorted deterministically."""
    story = parts.story
    return ExportStory(
        id=story.id,
        storyline=story.storyline or None,
        title=story.title,
        articles=story.article_ids,
        period=Period(
            start=story.period_start.isoformat() if story.period_start else None,
            end=story.period_end.isoformat() if story.period_end else None,
        ),
        summary=parts.summary,
        entities=tuple(
            ExportEntity(id=e.id, name=e.name, type=e.type, aliases=e.aliases, articles=e.articles)
            for e in sorted(parts.entities, key=lambda e: (-len(e.articles), e.name, e.id))
        ),
        quotes=tuple(_quote(q, parts.entity_ids) for q in parts.quotes),
        timeline=tuple(
            TimelineEntry(
                date=t.date,
                precision=t.precision,
                text=t.text,
                sources=t.sources,
                expressions=tuple(Expression(article=a, text=w) for a, w in t.expressions),
            )
            for t in parts.timeline
        ),
        claims=tuple(sorted(parts.claims, key=lambda c: (c.subject, c.attribute))),
        reuse=tuple(
            ExportReuse(
                articles=r.articles,
                chars=r.chars,
                passages=tuple(ReusedPassage(text=p.text) for p in r.passages),
            )
            for r in sorted(parts.reuse, key=lambda r: (-r.chars, r.articles))
        ),
        coverage=parts.coverage,
    )


def _quote(quote: Quote, entity_ids: Mapping[str, str]) -> ExportQuote:
    """One canonical quote as exported, its speaker entity mapped to the story's merged entity."""
    return ExportQuote(
        id=quote.id,
        text=quote.text,
        speaker=quote.speaker,
        speaker_entity=entity_ids.get(quote.speaker_entity, quote.speaker_entity)
        if quote.speaker_entity
        else None,
        articles=quote.articles,
        first=FirstCarrier(
            article=quote.first.article,
            date=quote.first.date.isoformat() if quote.first.date else None,
        ),
        variants=tuple(QuoteVariant(article=v.article, text=v.text, change=v.change) for v in quote.variants),
    )
