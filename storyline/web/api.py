"""The JSON routes under ``/api``: parse the request, call the Python API, return its record."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from storyline.export import ExportDocument, to_json
from storyline.export.types import ExportArticle
from storyline.store import mask_password
from storyline.web.models import (
    MAX_QUERY_CHARS,
    ArticleList,
    ArticleQuery,
    ErrorBody,
    Health,
    ProblemList,
    StoryList,
    StoryQuery,
)
from storyline.web.source import DocumentSource
from storyline.web.views import article_list, find_article, health, one_story, problem_list, story_list

JSON_TYPE = "application/json"

_ERRORS: dict[int | str, dict[str, Any]] = {
    500: {"model": ErrorBody, "description": "The store cannot be read (for example: nothing ingested yet)."},
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No record has that id."},
    **_ERRORS,
}
_INVALID: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "A query parameter is invalid or unknown."},
    **_ERRORS,
}

StoryId = Annotated[str, Path(max_length=MAX_QUERY_CHARS, description="A story id, as `s-…`.")]
ArticleId = Annotated[str, Path(max_length=MAX_QUERY_CHARS, description="An article id, as `a-…`.")]


def json_text(text: str) -> Response:
    """A response carrying JSON text as it is (already serialized by the export)."""
    return Response(content=text, media_type=JSON_TYPE)


def story_export(source: DocumentSource, story_id: str) -> Response:
    """One story's export document as JSON: the same records ``select_story`` gives.

    Raises:
        StoryNotFound: no story has that id.
    """
    return json_text(to_json(one_story(source.document(), story_id)))


def api_router(source: DocumentSource) -> APIRouter:
    """The ``/api`` routes over one store."""
    router = APIRouter(prefix="/api", tags=["api"])

    @router.get("/export", response_model=ExportDocument, responses=_ERRORS)
    def get_export() -> Response:
        """The whole `storyline.export/1` document of the store, as `storyline digest --json` writes it."""
        return json_text(source.export_json())

    @router.get("/stories", response_model=StoryList, responses=_INVALID)
    def get_stories(query: Annotated[StoryQuery, Query()]) -> StoryList:
        """The stories, in date order, with their storyline and outlets; filters combine with AND."""
        return story_list(source.document(), query)

    @router.get("/stories/{story_id}", response_model=ExportDocument, responses=_NOT_FOUND)
    def get_story(story_id: StoryId) -> Response:
        """One story's export document: the story, its articles and its storyline, no problems."""
        return story_export(source, story_id)

    @router.get("/articles", response_model=ArticleList, responses={**_INVALID, **_NOT_FOUND})
    def get_articles(query: Annotated[ArticleQuery, Query()]) -> ArticleList:
        """One page of the articles in date order, optionally of one story or one outlet."""
        return article_list(source.document(), query)

    @router.get("/articles/{article_id}", response_model=ExportArticle, responses=_NOT_FOUND)
    def get_article(article_id: ArticleId) -> ExportArticle:
        """One article as the export records it."""
        return find_article(source.document(), article_id)

    @router.get("/problems", response_model=ProblemList, responses=_ERRORS)
    def get_problems() -> ProblemList:
        """The inputs that could not be read, and why."""
        return problem_list(source.document())

    @router.get("/health", response_model=Health, responses=_ERRORS)
    def get_health() -> Health:
        """200 when the store can be read, with its counts; the error envelope otherwise."""
        return health(source.document(), mask_password(source.settings.db_path))

    return router
