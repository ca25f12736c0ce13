"""What every store offers, and the factory that picks a store from a location.

Two backends exist: :class:`storyline.store.Store` (SQLite: one file, the default) and
:class:`storyline.store.postgres.PostgresStore` (PostgreSQL: one database that several users and
processes share). Both satisfy :class:`StoreBackend` (mypy checks it, see the bottom of this module), so
code that takes a ``StoreBackend`` works with either. :func:`open_store` chooses by the location's form::

    with open_store(settings.db_path) as store:  # "news.db" or "postgresql://…"
        store.upsert_articles(articles)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from contextlib import AbstractContextManager
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self
from urllib.parse import parse_qsl, unquote

from storyline.errors import StorageError
from storyline.models import (
    Annotation,
    Article,
    ArticleVersion,
    Correction,
    FeedState,
    Problem,
    RecordedCorrection,
)
from storyline.store.sqlite import Store

if TYPE_CHECKING:
    from storyline.store.postgres import PostgresStore

__all__ = [
    "MASK",
    "POSTGRES_SCHEMES",
    "StoreBackend",
    "is_postgres_url",
    "mask_password",
    "open_store",
    "url_passwords",
]

MASK = "***"
"""What a password is replaced with in messages."""
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
"""The URL prefixes (compared without case) that name a PostgreSQL database; anything else is a file."""


class StoreBackend(Protocol):
    """The methods every store has, with the semantics documented on :class:`storyline.store.Store`."""

    def __enter__(self) -> Self:
        """Return the store itself."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the store."""
        ...

    def close(self) -> None:
        """Close the connection; an open transaction is rolled back. Closing twice is harmless."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """Run the block in one write transaction (a savepoint when nested)."""
        ...

    def pending(self) -> list[str]:
        """Return the names of the migrations not yet applied, in order. Read-only."""
        ...

    def applied_migrations(self) -> dict[str, dt.datetime]:
        """Return the applied migrations and when (UTC) each was applied, in the order they ran."""
        ...

    def migrate(self) -> list[str]:
        """Apply the pending migrations, each in its own transaction, and return their names."""
        ...

    def integrity_check(self) -> list[str]:
        """Return what is inconsistent in the database; empty when all is well."""
        ...

    def upsert_articles(self, articles: Iterable[Article]) -> int:
        """Write ``articles`` keyed on their ids (merging into stored ones); return how many were new."""
        ...

    def article(self, article_id: str) -> Article:
        """Return the article with id ``article_id`` (``ArticleNotFound`` if there is none)."""
        ...

    def articles(self) -> list[Article]:
        """Return every article: dated ones first in date order, then undated ones; ties by id."""
        ...

    def article_ids(self) -> set[str]:
        """Return the ids of every stored article."""
        ...

    def count_articles(self) -> int:
        """Return the number of stored articles."""
        ...

    def add_problems(self, problems: Iterable[Problem]) -> int:
        """Record ``problems``, skipping stored (source, error) pairs; return how many were new."""
        ...

    def problems(self) -> list[Problem]:
        """Return every recorded problem, sorted by (source, error)."""
        ...

    def put_annotations(self, annotations: Iterable[Annotation]) -> None:
        """Cache ``annotations``, replacing any stored for the same article."""
        ...

    def annotations(self, article_ids: Iterable[str], model: str) -> dict[str, Annotation]:
        """Return the cached annotations of ``article_ids`` made by ``model``, keyed and ordered by id."""
        ...

    def revision(self) -> int:
        """Return the counter raised by every change to articles, problems or corrections."""
        ...

    def cached_export(self, key: str) -> str | None:
        """Return the export JSON stored under ``key`` if it was computed at the current revision."""
        ...

    def put_export(self, key: str, document: str, revision: int) -> None:
        """Keep ``document`` under ``key`` as computed at ``revision``; drop older exports."""
        ...

    def add_correction(self, correction: Correction) -> int:
        """Record ``correction`` after the others; return its number."""
        ...

    def corrections(self) -> list[RecordedCorrection]:
        """Return every recorded correction in the order it was made."""
        ...

    def remove_correction(self, number: int) -> None:
        """Forget correction ``number`` (``NotFound`` if there is none)."""
        ...

    def feed_state(self, url: str) -> FeedState | None:
        """What was last seen of the feed at ``url``, or None."""
        ...

    def feed_states(self) -> list[FeedState]:
        """Every watched feed's state, by URL."""
        ...

    def put_feed_state(self, state: FeedState) -> None:
        """Record what was seen of a feed, replacing the previous state."""
        ...

    def article_versions(self, article_ids: Iterable[str]) -> dict[str, tuple[ArticleVersion, ...]]:
        """The replaced versions of each article that has any, oldest first."""
        ...

    def extractions(self, article_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """The cached extraction of each article that has one: id -> (key, record JSON)."""
        ...

    def put_extractions(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Cache (article id, key, record JSON) rows, replacing what each article had."""
        ...

    def version_extractions(self, article_ids: Iterable[str]) -> dict[tuple[str, int], tuple[str, str]]:
        """The cached extraction of each kept version of the articles: (id, version) -> (key, record)."""
        ...

    def put_version_extractions(self, rows: Iterable[tuple[str, int, str, str]]) -> None:
        """Cache (article id, version, key, record JSON) rows, replacing earlier ones."""
        ...


def _split_url(url: str) -> tuple[str, str, str, str, str]:
    """Split ``url`` into (scheme and ``://``, user info, hosts and path, ``?``, query); no scheme: ``""``."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        return "", "", url, "", ""
    # The user information ends at the last "@": a password written with a raw "/" or "?" (which a URL
    # should percent-encode, but people type) must not leak out as part of the host or the query.
    userinfo, at, location = rest.rpartition("@")
    if not at:
        location = rest
    location, question, query = location.partition("?")
    return scheme + separator, userinfo, location, question, query


_QUERY_PASSWORD = re.compile(r"(^|&)(password=)[^&]*", re.IGNORECASE)
_CONNINFO_PASSWORD = re.compile(r"(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S*)", re.IGNORECASE)


def mask_password(url: str) -> str:
    """Return ``url`` with its password (in the user part or a ``password=`` parameter) replaced by ``***``.

    Args:
        url: a PostgreSQL connection URL (``postgresql://user:secret@host/db``), or a libpq
            ``key=value`` connection string.

    Returns:
        The URL safe to show in messages and logs; a URL without a password is returned unchanged.
    """
    scheme, userinfo, rest, question, query = _split_url(url)
    if not scheme:
        return _CONNINFO_PASSWORD.sub(rf"\g<1>{MASK}", url)
    if ":" in userinfo:
        userinfo = f"{userinfo.partition(':')[0]}:{MASK}"
    query = _QUERY_PASSWORD.sub(rf"\g<1>\g<2>{MASK}", query)
    return f"{scheme}{userinfo}{'@' if userinfo else ''}{rest}{question}{query}"


def url_passwords(url: str) -> list[str]:
    """Return the passwords written in ``url``, as written and decoded (to scrub them from messages)."""
    scheme, userinfo, _, _, query = _split_url(url)
    found: list[str] = []
    if scheme and ":" in userinfo:
        found.append(userinfo.partition(":")[2])
    if scheme:
        found += [value for name, value in parse_qsl(query) if name.lower() == "password"]
    else:
        found += [value.strip("'") for _, value in _CONNINFO_PASSWORD.findall(url)]
    return sorted(
        {form for secret in found if secret for form in (secret, unquote(secret))}, key=len, reverse=True
    )


def is_postgres_url(location: str) -> bool:
    """Tell whether ``location`` is a PostgreSQL URL (``postgresql://…`` or ``postgres://…``)."""
    return location.lower().startswith(POSTGRES_SCHEMES)


def open_store(location: str) -> StoreBackend:
    """Open the store at ``location``: PostgreSQL for a ``postgresql://``/``postgres://`` URL, else SQLite.

    Args:
        location: a PostgreSQL connection URL, an SQLite database file (created if missing), or
            ``":memory:"``.

    Returns:
        The open, migrated store; use it as a context manager.

    Raises:
        StorageError: if the database cannot be opened or migrated (the message names it, with any
            password masked), or a PostgreSQL URL is given but the PostgreSQL driver is not installed.
    """
    if is_postgres_url(location):
        try:
            from storyline.store.postgres import PostgresStore  # the driver is imported only when needed
        except ImportError as exc:  # pragma: no cover - psycopg is a declared dependency
            raise StorageError(
                f"{mask_password(location)}: cannot open the database: the PostgreSQL driver is missing"
                f" ({exc}); install psycopg[binary]"
            ) from exc
        return PostgresStore(location)
    return Store(location)


if TYPE_CHECKING:  # mypy proves that both backends satisfy the protocol
    _SQLITE: type[StoreBackend] = Store
    _POSTGRES: type[StoreBackend] = PostgresStore
