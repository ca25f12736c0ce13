"""Typed records passed between the pipeline's stages.

Every record is a frozen dataclass: stages never mutate what they are given, they return new records.
Offsets (``start``/``end``) are character offsets into :attr:`Article.text` unless a field says otherwise.

Stage by stage::

    ingest     -> Article, Problem
    annotate   -> Annotation (Sentence spans, Token spans, EntityMention)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from storyline.errors import ConfigError

__all__ = [
    "Annotation",
    "Article",
    "ArticleVersion",
    "Correction",
    "CorrectionKind",
    "EntityMention",
    "FeedState",
    "Problem",
    "RecordedCorrection",
    "TextSpan",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """An input that could not be read, and why (one entry of the export's ``problems``)."""

    source: str
    error: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news article as read from an input, cleaned for display.

    ``text`` is the body in display form (Unicode repaired, paragraphs separated by one blank line);
    :func:`storyline.normalize.matching_form` gives the form used to compare texts.
    """

    id: str
    source: str
    title: str
    text: str
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    language: str = "en"
    title_derived: bool = False  # True when the input had no title and one was derived from the text

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The body's paragraphs, in order."""
        return tuple(p for p in self.text.split("\n\n") if p.strip())

    @property
    def words(self) -> int:
        """Number of whitespace-separated words in the body."""
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A half-open character range ``[start, end)`` in an article's text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityMention:
    """A named-entity mention found by the annotation layer."""

    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, DATE, WORK_OF_ART, EVENT, …


@dataclass(frozen=True, slots=True, kw_only=True)
class Annotation:
    """Sentences, tokens and named entities of one article's ``text``, from the annotation layer.

    ``model`` names the pipeline that produced it, so that a stored annotation made by another model
    version is recomputed rather than trusted.
    """

    article_id: str
    model: str
    sentences: tuple[TextSpan, ...] = field(default_factory=tuple)
    tokens: tuple[TextSpan, ...] = field(default_factory=tuple)
    entities: tuple[EntityMention, ...] = field(default_factory=tuple)


CorrectionKind = Literal["merge", "move", "split"]
CORRECTION_KINDS: tuple[CorrectionKind, ...] = ("merge", "move", "split")


@dataclass(frozen=True, slots=True, kw_only=True)
class Correction:
    """A person's correction to the stories (see :mod:`storyline.cluster.corrections` for its meaning).

    It names articles, never story ids, so it keeps its meaning when the stories are recomputed.
    """

    kind: CorrectionKind
    articles: tuple[str, ...]
    anchor: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in CORRECTION_KINDS:
            raise ConfigError(f"unknown correction {self.kind!r}: use one of {', '.join(CORRECTION_KINDS)}")
        if not self.articles:
            raise ConfigError(f"a {self.kind} correction needs at least one article")
        if (self.kind == "move") != (self.anchor is not None):
            raise ConfigError("a move names the article to join (anchor); merge and split do not")
        if self.kind == "move" and self.anchor in self.articles:
            raise ConfigError(f"cannot move article {self.anchor} next to itself")


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedCorrection:
    """A correction as the store keeps it: its number (for ``undo``) and when it was made (UTC, ISO)."""

    number: int
    correction: Correction
    made_at: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedState:
    """What was last seen of a watched feed: validators for a conditional request, and the outcome."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    checked_at: str  # UTC, ISO 8601
    status: str  # e.g. "200: 12 entries, 3 new", "304 not modified", "error: timed out"


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleVersion:
    """A text an article had before it was re-read with another title or text (same id: same URL)."""

    article_id: str
    version: int  # 1 for the first text replaced, then 2, …
    title: str
    text: str
    published: dt.date | None
    replaced_at: str  # when the store replaced it (UTC, ISO 8601)
