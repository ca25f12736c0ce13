"""Correcting the stories over HTTP: the API (``/api/corrections``) and the forms of the story pages.

Every write calls the Python API (:func:`storyline.pipeline.record_correction`,
:func:`~storyline.pipeline.remove_correction`); the next page view recomputes the stories, because a
correction raises the store's revision. A read-only app (``storyline serve --read-only``) refuses every
write with 403, and a write whose ``Origin`` is another site is refused too (a page elsewhere cannot post
a form to a server on localhost). The pages need no JavaScript: forms post, the server redirects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Path, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from storyline.errors import ConfigError, NotAllowed
from storyline.models import RecordedCorrection
from storyline.pipeline import record_correction, remove_correction, stored_corrections
from storyline.store.shared import MAX_INTEGER
from storyline.web.links import WebLinks
from storyline.web.models import MAX_QUERY_CHARS, ErrorBody
from storyline.web.pages import render
from storyline.web.source import DocumentSource

_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Not a valid correction (the reason is given)."},
    403: {"model": ErrorBody, "description": "A read-only server, or a request from another site."},
    404: {"model": ErrorBody, "description": "No story, article or correction has that id or number."},
    500: {"model": ErrorBody, "description": "The store cannot be read or written."},
}
MAX_IDS = 1000  # a correction names at most this many stories or articles: more is a mistake
MAX_FORM_BYTES = 64 * 1024  # a correction form is a few hundred bytes


class CorrectionRequest(BaseModel):
    """A correction to make: merge stories/articles, move articles ``to`` a story, or split them off."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["merge", "move", "split"]
    ids: list[Annotated[str, Field(min_length=1, max_length=MAX_QUERY_CHARS)]] = Field(
        min_length=1, max_length=MAX_IDS, description="Story (`s-…`) or article (`a-…`) ids."
    )
    to: str | None = Field(
        default=None, max_length=MAX_QUERY_CHARS, description="For a move: the story (or an article of it)."
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CorrectionList:
    """Every correction, in the order it is applied."""

    count: int
    corrections: tuple[RecordedCorrection, ...]


def allow_write(request: Request, *, read_only: bool, what: str = "a correction") -> None:
    """Refuse writes to a read-only server and writes posted from another site.

    A browser says where a request comes from (``Sec-Fetch-Site``, ``Origin``); a request without
    either comes from a program (curl, a script), which the Host check of the app already limits.

    Raises:
        NotAllowed: the server is read-only, or the request comes from another site's page.
    """
    if read_only:
        raise NotAllowed("this server is read-only (started with `storyline serve --read-only`)")
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != request.url.netloc:
        raise NotAllowed(f"{what} must come from this server's own pages, not from {origin}")
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        raise NotAllowed(f"{what} must come from this server's own pages (the browser says {site})")


async def read_form(request: Request, limit: int = MAX_FORM_BYTES) -> dict[str, list[str]]:
    """A posted urlencoded form's fields (blank ones left out), refused unread when it declares more
    than ``limit`` bytes.

    Raises:
        ConfigError: the form is larger than ``limit`` bytes or not UTF-8.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ConfigError(f"the form is larger than {limit} bytes")
    body = await request.body()
    if len(body) > limit:
        raise ConfigError(f"the form is larger than {limit} bytes")
    try:
        return parse_qs(body.decode("utf-8"), keep_blank_values=False, strict_parsing=False)
    except UnicodeDecodeError as exc:
        raise ConfigError("the form is not UTF-8") from exc


def corrections_router(source: DocumentSource, env: Environment, *, read_only: bool) -> APIRouter:
    """The correction routes over one store."""
    router = APIRouter()

    @router.get("/api/corrections", response_model=CorrectionList, tags=["api"])
    def list_corrections() -> CorrectionList:
        """Every correction, in the order it is applied."""
        found = tuple(stored_corrections(source.settings))
        return CorrectionList(count=len(found), corrections=found)

    @router.post(
        "/api/corrections",
        response_model=RecordedCorrection,
        status_code=status.HTTP_201_CREATED,
        tags=["api"],
        responses=_WRITE_ERRORS,
    )
    def add_correction(request: Request, correction: CorrectionRequest) -> RecordedCorrection:
        """Record a correction; the stories are recomputed with it on the next request."""
        allow_write(request, read_only=read_only)
        return record_correction(source.settings, correction.kind, correction.ids, to=correction.to)

    @router.delete(
        "/api/corrections/{number}",
        status_code=status.HTTP_204_NO_CONTENT,
        tags=["api"],
        responses=_WRITE_ERRORS,
    )
    def delete_correction(request: Request, number: Annotated[int, Path(ge=1, le=MAX_INTEGER)]) -> Response:
        """Forget a correction (``undo``)."""
        allow_write(request, read_only=read_only)
        remove_correction(source.settings, number)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    @router.get("/corrections", response_class=HTMLResponse, include_in_schema=False)
    def corrections_page(request: Request) -> HTMLResponse:
        """The corrections, each with an undo button; twin of ``/api/corrections``."""
        found = tuple(stored_corrections(source.settings))
        return render(
            env,
            request,
            "corrections.html",
            corrections=found,
            read_only=read_only,
            json_url="/api/corrections",
        )

    @router.post("/corrections", include_in_schema=False)
    async def correct_by_form(request: Request) -> Response:
        """A story page's form: record the correction, then show the story of its first article."""
        allow_write(request, read_only=read_only)
        correction = _form(await read_form(request))
        record_correction(source.settings, correction.kind, correction.ids, to=correction.to)
        article = correction.ids[0] if correction.ids[0].startswith("a-") else None
        links = WebLinks(str(request.scope.get("root_path", "")))
        target = links.article(article) if article else f"{links.root}/"
        return RedirectResponse(target, status_code=status.HTTP_303_SEE_OTHER)

    @router.post("/corrections/{number}/undo", include_in_schema=False)
    def undo_by_form(request: Request, number: Annotated[int, Path(ge=1, le=MAX_INTEGER)]) -> Response:
        """The corrections page's undo button."""
        allow_write(request, read_only=read_only)
        remove_correction(source.settings, number)
        root = str(request.scope.get("root_path", ""))
        return RedirectResponse(f"{root}/corrections", status_code=status.HTTP_303_SEE_OTHER)

    return router


def _form(fields: dict[str, list[str]]) -> CorrectionRequest:
    """A correction form's fields (``kind``, ``ids`` repeated, optional ``to``), checked strictly.

    Raises:
        ConfigError: not a valid correction (the reasons listed).
    """
    data: dict[str, object] = {"ids": fields.pop("ids", [])}
    for name in ("kind", "to"):
        values = fields.pop(name, [])
        if len(values) > 1:
            raise ConfigError(f"the form gives {name!r} more than once")
        if values:
            data[name] = values[0]
    if fields:
        raise ConfigError(f"unknown form fields: {', '.join(sorted(fields))}")
    try:
        return CorrectionRequest.model_validate(data)
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" for error in exc.errors()
        )
        raise ConfigError(f"not a valid correction: {reasons}") from exc
