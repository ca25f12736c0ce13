"""The FastAPI app: ``create_app(settings)`` builds it over one store; ``run`` serves it with uvicorn.

There is no module-level app: each call to :func:`create_app` makes a new one with its own document
cache, so tests and several stores in one process never share state.

Errors: every Storyline error answers with its ``status`` (404 for an unknown story or article); JSON
routes (``/api/…``, ``….json``, ``/openapi.json``) answer with the one error envelope
:class:`~storyline.web.models.ErrorBody`, pages with an HTML error page. Nobody sees a traceback.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable, Sequence
from http import HTTPStatus

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment
from starlette.exceptions import HTTPException

from storyline import __version__
from storyline.config import Settings
from storyline.errors import StorylineError
from storyline.pipeline import stored_problems
from storyline.store import mask_password
from storyline.web.api import api_router
from storyline.web.corrections import corrections_router
from storyline.web.ingest import ingest_router
from storyline.web.models import ErrorBody
from storyline.web.pages import page_router, render, template_environment
from storyline.web.source import DocumentSource

LOGGER = logging.getLogger(__name__)

DESCRIPTION = (
    "The stories Storyline found in a store filled by `storyline ingest`: the `storyline.export/1` "
    "document, one story at a time, and the articles and problems behind them. "
    "Every HTML page of the web UI has a JSON twin here."
)

# Pages load nothing but the app's own stylesheet: no script, no font, no frame, no remote anything.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
# Host names of this machine's loopback interface: a server listening there answers only to them.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
GZIP_MIN_BYTES = 1024  # below about 1 KB compression saves less than its headers and time cost


def create_app(
    settings: Settings, *, read_only: bool = False, allowed_hosts: Sequence[str] = ("*",)
) -> FastAPI:
    """The HTTP API and web UI over the store at ``settings.db_path``.

    Args:
        settings: the run's settings (``db_path``, ``outlets``).
        read_only: refuse corrections (403); the pages then show no correction forms.
        allowed_hosts: the ``Host`` names the app answers (others get 400): on a loopback address,
            :func:`run` allows only loopback names, so a page on another site that rebinds its own name
            to 127.0.0.1 cannot talk to the app.

    Returns:
        A new FastAPI app. The store is read on the first request, not here, so the app can be built
        before ``storyline ingest`` has run.
    """
    app = FastAPI(
        title="Storyline",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN; /docs is served as plain HTML
        redoc_url=None,
    )
    source = DocumentSource(settings)
    env = template_environment()
    app.include_router(api_router(source))
    app.include_router(corrections_router(source, env, read_only=read_only))
    app.include_router(ingest_router(source, env, read_only=read_only))
    app.include_router(page_router(source, env, app.openapi, can_correct=not read_only))
    app.mount("/static", StaticFiles(packages=[("storyline.web", "static")]), name="static")
    _install_error_handlers(app, env)
    app.middleware("http")(_security_headers)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    return app


def run(settings: Settings, host: str, port: int, *, read_only: bool = False) -> None:
    """Serve the app over ``settings.db_path`` at ``http://host:port/`` until interrupted.

    Raises:
        StorageError: the store does not exist (checked before serving, so the command fails at once).
    """
    stored_problems(settings)
    LOGGER.info("serving %s at http://%s:%d/", mask_password(settings.db_path), host, port)
    hosts = LOOPBACK_NAMES if host in LOOPBACK_NAMES else ("*",)
    app = create_app(settings, read_only=read_only, allowed_hosts=hosts)
    uvicorn.run(app, host=host, port=port, log_level="info")


def wants_json(request: Request) -> bool:
    """True for requests that a JSON body answers: the API, ``.json`` twins and the OpenAPI document."""
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path.endswith(".json")


def error_response(
    request: Request, env: Environment, status: int, message: str, errors: tuple[str, ...] = ()
) -> Response:
    """The error envelope for JSON routes, an HTML error page for the others."""
    if wants_json(request):
        body = ErrorBody(ok=False, status=status, error=message, errors=errors)
        return JSONResponse(dataclasses.asdict(body), status_code=status)
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    return render(
        env,
        request,
        "error.html",
        status=status,
        status_code=status,
        title=title,
        message=message,
        errors=errors,
        json_url=None,
    )


def _install_error_handlers(app: FastAPI, env: Environment) -> None:
    """Translate Storyline errors, invalid input and unknown routes into one error shape."""

    async def storyline_error(request: Request, exc: Exception) -> Response:
        """A Storyline error: its own status and message."""
        assert isinstance(exc, StorylineError)
        if exc.status >= HTTPStatus.INTERNAL_SERVER_ERROR:
            LOGGER.error("%s %s: %s", request.method, request.url.path, exc)
        return error_response(request, env, exc.status, str(exc))

    async def invalid_request(request: Request, exc: Exception) -> Response:
        """Invalid or unknown parameters: 422, one line per parameter."""
        assert isinstance(exc, RequestValidationError)
        lines = tuple(
            f"{'.'.join(str(part) for part in error.get('loc', ()))}: {error.get('msg', 'invalid')}"
            for error in exc.errors()
        )
        return error_response(
            request, env, HTTPStatus.UNPROCESSABLE_ENTITY, "invalid request parameters", lines
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        """Starlette's own errors (no such route, method not allowed)."""
        assert isinstance(exc, HTTPException)
        message = (
            str(exc.detail) if exc.status_code != HTTPStatus.NOT_FOUND else f"no page {request.url.path!r}"
        )
        response = error_response(request, env, exc.status_code, message)
        if exc.headers:  # a 405 names the allowed methods (Allow), as RFC 9110 requires
            response.headers.update(exc.headers)
        return response

    async def unexpected(request: Request, exc: Exception) -> Response:
        """A bug: logged with its traceback, answered with a 500 that hides it."""
        LOGGER.exception("%s %s failed", request.method, request.url.path)
        return error_response(
            request, env, HTTPStatus.INTERNAL_SERVER_ERROR, "internal error (see the server log)"
        )

    app.add_exception_handler(StorylineError, storyline_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Add headers that keep pages inert: no scripts, no sniffing, no framing, no referrer."""
    response = await call_next(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if response.headers.get("content-type", "").startswith("text/html"):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    return response
