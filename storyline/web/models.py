"""Response records and query parameters of the HTTP API.

Responses are frozen dataclasses (FastAPI documents them in the OpenAPI schema as they are); the export
records of :mod:`storyline.export.types` are reused wherever a response carries them. Query parameters
are pydantic models with ``extra="forbid"``: input is validated strictly at the HTTP edge and only there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from storyline.export.types import ExportArticle, ExportProblem, Period

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_QUERY_CHARS = 200  # longest accepted search text: a headline is under 200 characters
MAX_URLS = 20  # links added at once (POST /articles): each is fetched while the request waits
MAX_PAGE_SIZE = 1000  # most articles in one response: keeps one JSON page under ~1 MB
DEFAULT_PAGE_SIZE = 100  # articles per page when the client does not say


@dataclass(frozen=True, slots=True, kw_only=True)
class StorySummary:
    """One row of the story list."""

    id: str
    title: str
    period: Period
    articles: int  # how many articles the story has
    storyline: str | None
    storyline_title: str | None
    outlets: tuple[str, ...]  # distinct outlets that covered the story, sorted
    independent_sources: int | None  # source families (copies of one text count once); None if unknown
    quotes: int
    conflicts: int  # claims whose status is "conflict"


@dataclass(frozen=True, slots=True, kw_only=True)
class StorylineGroup:
    """A storyline and its stories in date order, for grouping the story list."""

    id: str | None  # None groups the stories that belong to no storyline
    title: str
    stories: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryList:
    """The stories that match a query, in export order, and their storylines."""

    count: int
    stories: tuple[StorySummary, ...]
    storylines: tuple[StorylineGroup, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleList:
    """One page of the articles that match a query, in export order."""

    total: int  # matching articles over all pages
    offset: int
    limit: int
    articles: tuple[ExportArticle, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProblemList:
    """Inputs that could not be read, and why."""

    count: int
    problems: tuple[ExportProblem, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Health:
    """The service is up and its store is readable."""

    status: Literal["ok"]
    version: str
    schema: str
    store: str
    articles: int
    stories: int
    storylines: int
    problems: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorBody:
    """The one JSON error envelope of every failed request."""

    ok: Literal[False]
    status: int
    error: str
    errors: tuple[str, ...]  # one line per invalid parameter; empty for other errors


class StoryQuery(BaseModel):
    """Filters of the story list; every one is optional and they combine with AND."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    q: str | None = Field(
        default=None,
        max_length=MAX_QUERY_CHARS,
        description="Words the story or storyline title contains (case-insensitive).",
    )
    outlet: str | None = Field(
        default=None, max_length=MAX_QUERY_CHARS, description="An outlet that covered the story."
    )
    since: dt.date | None = Field(default=None, description="Stories still running on or after this date.")
    until: dt.date | None = Field(default=None, description="Stories that started on or before this date.")

    @field_validator("since", "until", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        """Only an ISO date (YYYY-MM-DD): pydantic alone would take "0" for 1970-01-01."""
        if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
            raise ValueError("a date is written YYYY-MM-DD")
        return value


class ArticleQuery(BaseModel):
    """Filters and page of the article list."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    story: str | None = Field(
        default=None, max_length=MAX_QUERY_CHARS, description="Only this story's articles."
    )
    outlet: str | None = Field(
        default=None, max_length=MAX_QUERY_CHARS, description="Only this outlet's articles."
    )
    offset: int = Field(default=0, ge=0, description="Articles to skip.")
    limit: int = Field(default=DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Articles per page.")
