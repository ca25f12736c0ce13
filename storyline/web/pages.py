"""The HTML pages: each renders the record its JSON twin returns, through an autoescaping template."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined

from storyline import __version__
from storyline.web.api import ArticleId, StoryId, story_export
from storyline.web.links import WebLinks
from storyline.web.models import MAX_URLS, ArticleQuery, StoryQuery
from storyline.web.reference import api_reference
from storyline.web.source import DocumentSource
from storyline.web.views import (
    article_date,
    article_list,
    find_article,
    one_story,
    problem_list,
    story_list,
    story_page,
)


def template_environment() -> Environment:
    """The Jinja2 environment over the templates shipped in ``storyline/web/templates``.

    Autoescaping is on for every template: titles, quotes and outlet names are user data.
    """
    env = Environment(
        loader=PackageLoader("storyline.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.globals["article_date"] = article_date
    return env


def render(env: Environment, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A template rendered as an HTML response; ``root`` prefixes every link (apps mounted below /)."""
    root = str(request.scope.get("root_path", ""))
    html = env.get_template(name).render(root=root, links=WebLinks(root), **context)
    return HTMLResponse(html, status_code=status)


def _query_string(query: StoryQuery | ArticleQuery, **changes: object) -> str:
    """The query (with ``changes``) as ``?a=1&b=2``, leaving out parameters at their default."""
    values = query.model_copy(update=changes).model_dump(exclude_defaults=True, mode="json")
    return f"?{urlencode(values)}" if values else ""


def page_router(
    source: DocumentSource, env: Environment, openapi: Callable[[], dict[str, Any]], *, can_correct: bool
) -> APIRouter:
    """The HTML routes (and the story page's ``.json`` twin) over one store; ``can_correct`` shows the
    correction forms on story pages and the form that adds articles on the story list."""
    router = APIRouter(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    def index(request: Request, query: Annotated[StoryQuery, Query()]) -> HTMLResponse:
        """The story list, grouped by storyline; twin of ``/api/stories``."""
        stories = story_list(source.document(), query)
        return render(
            env,
            request,
            "stories.html",
            listing=stories,
            by_id={row.id: row for row in stories.stories},
            query=query,
            json_url=f"/api/stories{_query_string(query)}",
            can_add=can_correct,
            max_urls=MAX_URLS,
        )

    # Registered before /stories/{story_id}, which would otherwise take "s-….json" as an id.
    @router.get("/stories/{story_id}.json")
    def story_json(story_id: StoryId) -> Response:
        """The story page's JSON twin, the same as ``/api/stories/{story_id}``."""
        return story_export(source, story_id)

    @router.get("/stories/{story_id}/report.html", response_class=HTMLResponse)
    def story_report(story_id: StoryId) -> HTMLResponse:
        """The story as a one-file HTML report (styles inlined, no links out) to save and share."""
        from storyline.web.report import render_report  # it builds on this module's templates

        document = one_story(source.document(), story_id)
        html = render_report(document, heading=document.stories[0].title)
        filename = f"storyline-{story_id}.html"
        return HTMLResponse(html, headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    @router.get("/stories/{story_id}", response_class=HTMLResponse)
    def story(request: Request, story_id: StoryId) -> HTMLResponse:
        """A story: summary, timeline, quotes, claims, coverage, sources and reuse."""
        document = source.document()
        page = story_page(document, story_id)
        targets = [(s.id, s.title) for s in document.stories if s.id != story_id]
        return render(
            env,
            request,
            "story.html",
            page=page,
            json_url=f"/stories/{story_id}.json",
            can_correct=can_correct,
            targets=targets,
            report_url=f"/stories/{story_id}/report.html",
        )

    @router.get("/articles", response_class=HTMLResponse)
    def articles(request: Request, query: Annotated[ArticleQuery, Query()]) -> HTMLResponse:
        """One page of the article list; twin of ``/api/articles``."""
        listing = article_list(source.document(), query)
        after = query.offset + query.limit
        before = max(query.offset - query.limit, 0)
        return render(
            env,
            request,
            "articles.html",
            listing=listing,
            query=query,
            json_url=f"/api/articles{_query_string(query)}",
            next_url=f"/articles{_query_string(query, offset=after)}" if after < listing.total else None,
            previous_url=f"/articles{_query_string(query, offset=before)}" if query.offset > 0 else None,
        )

    @router.get("/articles/{article_id}")
    def article(request: Request, article_id: ArticleId) -> Response:
        """An article's row in its story page's sources (its JSON record when it is in no story)."""
        found = find_article(source.document(), article_id)
        root = str(request.scope.get("root_path", ""))
        target = f"/stories/{found.story}#{found.id}" if found.story else f"/api/articles/{found.id}"
        return RedirectResponse(f"{root}{target}", status_code=303)

    @router.get("/problems", response_class=HTMLResponse)
    def problems(request: Request) -> HTMLResponse:
        """The inputs that could not be read; twin of ``/api/problems``."""
        listing = problem_list(source.document())
        return render(env, request, "problems.html", listing=listing, json_url="/api/problems")

    @router.get("/docs", response_class=HTMLResponse)
    def docs(request: Request) -> HTMLResponse:
        """The API reference, from the OpenAPI document (twin of ``/openapi.json``)."""
        return render(env, request, "docs.html", reference=api_reference(openapi()), json_url="/openapi.json")

    return router
