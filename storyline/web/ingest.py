"""Adding articles over HTTP: ``POST /api/articles`` and the form of the story list.

A fact-checker who finds a new report pastes its link; Storyline fetches the page (or feed), stores and
annotates what it reads (:func:`storyline.pipeline.ingest`), and the next page view recomputes the
stories. Only http(s) URLs are taken (never a path: the server's files are not for its visitors), at
most :data:`MAX_URLS` at a time, and never one that points (or redirects) into the machine's own network
(``Settings.public_urls_only``). Writes follow the corrections' rules: none on a read-only server, none
posted from another site.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request, status
from fastapi.responses import RedirectResponse, Response
from jinja2 import Environment
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from storyline.annotate import Annotator
from storyline.errors import ConfigError
from storyline.models import Problem
from storyline.pipeline import ingest
from storyline.web.corrections import allow_write, read_form
from storyline.web.links import WebLinks
from storyline.web.models import MAX_QUERY_CHARS, MAX_URLS, ErrorBody
from storyline.web.source import DocumentSource

__all__ = ["IngestRequest", "IngestResult", "ingest_router"]

_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Not a list of http(s) URLs (the reason is given)."},
    403: {"model": ErrorBody, "description": "A read-only server, or a request from another site."},
    500: {"model": ErrorBody, "description": "The store cannot be written."},
}


class IngestRequest(BaseModel):
    """Links to read into the store: article pages or feeds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    urls: list[Annotated[str, Field(min_length=1, max_length=MAX_QUERY_CHARS)]] = Field(
        min_length=1, max_length=MAX_URLS, description="http(s) URLs of article pages or feeds."
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestResult:
    """What reading the links did."""

    read: int  # articles read (a page is one, a feed one per entry)
    new: int  # of them, not in the store before
    articles: tuple[str, ...]  # their ids, in reading order
    problems: tuple[Problem, ...]  # links (or feed entries) that could not be read, and why


def ingest_router(source: DocumentSource, env: Environment, *, read_only: bool) -> APIRouter:
    """The routes that add articles to one store."""
    router = APIRouter()
    annotator: list[Annotator] = []  # made on the first write: loading the model takes a second or two
    lock = threading.Lock()  # one ingest at a time: SQLite has one writer, and the model is shared

    def read_links(urls: list[str]) -> IngestResult:
        """Fetch and store the links (checked first); the stories follow on the next read."""
        checked = _http_urls(urls)
        settings = dataclasses.replace(source.settings, public_urls_only=True)
        with lock:
            if not annotator:
                annotator.append(Annotator())
            report = ingest(checked, settings, annotator=annotator[0], keep_ids=True)
        return IngestResult(
            read=report.read, new=report.new, articles=report.articles, problems=report.problems
        )

    @router.post(
        "/api/articles",
        response_model=IngestResult,
        status_code=status.HTTP_200_OK,
        tags=["api"],
        responses=_WRITE_ERRORS,
    )
    def add_articles(request: Request, body: IngestRequest) -> IngestResult:
        """Read article pages or feeds into the store; the stories are recomputed on the next request."""
        allow_write(request, read_only=read_only, what="adding articles")
        return read_links(body.urls)

    @router.post("/articles", include_in_schema=False)
    async def add_by_form(request: Request) -> Response:
        """The story list's form: read the links, then show the first article read (with its story)."""
        allow_write(request, read_only=read_only, what="adding articles")
        fields = await read_form(request)
        urls = [line.strip() for text in fields.get("urls", []) for line in text.splitlines() if line.strip()]
        if not urls:
            raise ConfigError("give at least one link (one per line)")
        if len(urls) > MAX_URLS:
            raise ConfigError(f"give at most {MAX_URLS} links at a time, not {len(urls)}")
        result = await run_in_threadpool(read_links, urls)
        if not result.articles:
            reasons = "; ".join(f"{p.source}: {p.error}" for p in result.problems)
            raise ConfigError(f"nothing could be read ({reasons})")
        links = WebLinks(str(request.scope.get("root_path", "")))
        return RedirectResponse(links.article(result.articles[0]), status_code=status.HTTP_303_SEE_OTHER)

    return router


def _http_urls(urls: list[str]) -> list[str]:
    """The URLs, each checked to be an absolute http(s) URL.

    Raises:
        ConfigError: naming every entry that is not one.
    """
    wrong = []
    for url in urls:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            wrong.append(url)
    if wrong:
        raise ConfigError("not an http(s) URL: " + ", ".join(repr(w) for w in wrong))
    return [url.strip() for url in urls]
