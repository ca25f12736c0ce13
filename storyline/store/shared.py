"""Store methods whose SQL is the same on SQLite and PostgreSQL but for the placeholder style.

:class:`SharedQueries` is mixed into both stores; each store supplies its connection, its error
translation, its transactions, its placeholder (``?`` or ``%s``) and the timestamp value its driver
stores. The methods that really differ (upserts, annotations, id lists, migrations) stay in each store.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Self

from storyline.errors import NotFound
from storyline.models import Article, ArticleVersion, FeedState, Problem
from storyline.store.codec import FEED_COLUMNS, row_to_feed_state

__all__ = ["INSERT_VERSION", "MAX_INTEGER", "SharedQueries"]

MAX_INTEGER = 2**63 - 1  # the largest SQL integer (SQLite INTEGER, PostgreSQL bigint)

# Keep an article's replaced title and text as its next version (parameters: id, title, text, published,
# replaced_at, id); "?" placeholders, turned into the driver's by SharedQueries._sql.
INSERT_VERSION = (
    "INSERT INTO article_versions (article_id, version, title, text, published, replaced_at) "
    "SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ? FROM article_versions WHERE article_id = ?"
)
_SELECT_VERSIONS = (
    "SELECT article_id, version, title, text, published, replaced_at FROM article_versions "
    "ORDER BY article_id, version"
)
_SELECT_VERSION_EXTRACTIONS = (
    "SELECT article_id, version, key, record FROM version_extractions ORDER BY article_id, version"
)

if TYPE_CHECKING:
    from collections.abc import Iterable


class SharedQueries:
    """Revision and exports, correction removal, feed states and the extraction cache, for both stores."""

    PLACEHOLDER: ClassVar[str]  # the driver's parameter marker: "?" (sqlite3) or "%s" (psycopg)

    if TYPE_CHECKING:  # provided by each store
        _connection: Any  # the open connection, None once closed

        def _conn(self) -> Any: ...

        def _errors(self, action: str) -> AbstractContextManager[None]: ...

        def transaction(self) -> AbstractContextManager[None]: ...

        def _timestamp(self) -> object: ...

    def __enter__(self) -> Self:
        """Return the store itself."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the store."""
        self.close()

    def close(self) -> None:
        """Close the connection; an open transaction is rolled back. Closing twice is harmless."""
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def _sql(self, text: str) -> str:
        """``text`` with each ``?`` replaced by this driver's placeholder."""
        return text.replace("?", self.PLACEHOLDER)

    def _version_params(self, stored: Article) -> tuple[str, str, str, str | None, str, str]:
        """The parameters of INSERT_VERSION that keep ``stored``'s title and text as its next version."""
        published = stored.published.isoformat() if stored.published else None
        replaced_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return (stored.id, stored.title, stored.text, published, replaced_at, stored.id)

    # -- replaced versions of articles -----------------------------------------------------------------

    def article_versions(self, article_ids: Iterable[str]) -> dict[str, tuple[ArticleVersion, ...]]:
        """Return the replaced versions of each of ``article_ids`` that has any, oldest first.

        Raises:
            StorageError: if the database cannot be read.
        """
        wanted = set(article_ids)
        found: dict[str, list[ArticleVersion]] = {}
        with self._errors("cannot read article versions"):
            rows = self._conn().execute(_SELECT_VERSIONS).fetchall()  # few: only republished articles
        for aid, version, title, text, published, replaced_at in rows:
            if aid in wanted:
                found.setdefault(str(aid), []).append(
                    ArticleVersion(
                        article_id=str(aid),
                        version=int(version),
                        title=str(title),
                        text=str(text),
                        published=dt.date.fromisoformat(published) if published else None,
                        replaced_at=str(replaced_at),
                    )
                )
        return {aid: tuple(versions) for aid, versions in sorted(found.items())}

    def version_extractions(self, article_ids: Iterable[str]) -> dict[tuple[str, int], tuple[str, str]]:
        """Return the cached extraction of each kept version of ``article_ids``: (id, version) -> (key,
        record JSON). The caller compares the key with the one it would compute now.

        Raises:
            StorageError: if the database cannot be read.
        """
        wanted = set(article_ids)
        with self._errors("cannot read version extractions"):
            rows = self._conn().execute(_SELECT_VERSION_EXTRACTIONS).fetchall()  # as few as the versions
        return {
            (str(aid), int(version)): (str(key), str(record))
            for aid, version, key, record in rows
            if aid in wanted
        }

    def put_version_extractions(self, rows: Iterable[tuple[str, int, str, str]]) -> None:
        """Cache (article id, version, key, record JSON) rows in one transaction, replacing earlier ones.

        Raises:
            StorageError: if a version is not stored or the database cannot be written (nothing of this
                call is kept).
        """
        connection = self._conn()
        upsert = self._sql(
            "INSERT INTO version_extractions (article_id, version, key, record) VALUES (?, ?, ?, ?) ON "
            "CONFLICT (article_id, version) DO UPDATE SET key = excluded.key, record = excluded.record"
        )
        with self._errors("cannot write version extractions"), self.transaction():
            for row in rows:
                connection.execute(upsert, row)

    # -- articles and problems -------------------------------------------------------------------------

    def article_ids(self) -> set[str]:
        """Return the ids of every stored article.

        Raises:
            StorageError: if the database cannot be read.
        """
        with self._errors("cannot read articles"):
            return {str(row[0]) for row in self._conn().execute("SELECT id FROM articles").fetchall()}

    def problems(self) -> list[Problem]:
        """Return every recorded problem, sorted by (source, error).

        Raises:
            StorageError: if the database cannot be read.
        """
        with self._errors("cannot read problems"):
            rows = (
                self._conn().execute("SELECT source, error FROM problems ORDER BY source, error").fetchall()
            )
            return [Problem(source=str(source), error=str(error)) for source, error in rows]

    # -- computed exports ------------------------------------------------------------------------------

    def revision(self) -> int:
        """Return the store's revision: a counter raised by every change to its articles, problems or
        corrections.

        Raises:
            StorageError: if the database cannot be read.
        """
        with self._errors("cannot read the revision"):
            return int(self._conn().execute("SELECT value FROM revision").fetchone()[0])

    def cached_export(self, key: str) -> str | None:
        """Return the export JSON stored under ``key`` if it was computed at the current revision.

        Raises:
            StorageError: if the database cannot be read.
        """
        query = "SELECT document FROM exports WHERE key = ? AND revision = (SELECT value FROM revision)"
        with self._errors("cannot read exports"):
            row = self._conn().execute(self._sql(query), (key,)).fetchone()
            return None if row is None else str(row[0])

    def put_export(self, key: str, document: str, revision: int) -> None:
        """Keep ``document`` (export JSON) under ``key`` as computed at ``revision``.

        Exports of other revisions are dropped (they can never be served again); exports of this revision
        under other keys stay (the same store served with and without an outlets list, say), so
        alternating between them does not recompute each time.

        Raises:
            StorageError: if the database cannot be written (nothing of this call is kept).
        """
        connection = self._conn()
        with self._errors("cannot write exports"), self.transaction():
            connection.execute(
                self._sql("DELETE FROM exports WHERE revision <> ? OR key = ?"), (revision, key)
            )
            connection.execute(
                self._sql("INSERT INTO exports (key, revision, document, created_at) VALUES (?, ?, ?, ?)"),
                (key, revision, document, self._timestamp()),
            )

    # -- corrections -----------------------------------------------------------------------------------

    def remove_correction(self, number: int) -> None:
        """Forget correction ``number``.

        Raises:
            NotFound: if no correction has that number.
            StorageError: if the database cannot be written.
        """
        missing = NotFound(f"no correction number {number}; `storyline correct list` shows them")
        if not 1 <= number <= MAX_INTEGER:  # SQL integers are 64-bit: no row can have such a number
            raise missing
        with self._errors("cannot write corrections"), self.transaction():
            cursor = self._conn().execute(self._sql("DELETE FROM corrections WHERE number = ?"), (number,))
            if cursor.rowcount == 0:
                raise missing

    # -- watched feeds ---------------------------------------------------------------------------------

    def feed_state(self, url: str) -> FeedState | None:
        """Return what was last seen of the feed at ``url``, or None if it was never checked.

        Raises:
            StorageError: if the database cannot be read.
        """
        with self._errors("cannot read feeds"):
            query = self._sql(f"SELECT {FEED_COLUMNS} FROM feeds WHERE url = ?")
            row = self._conn().execute(query, (url,)).fetchone()
        return None if row is None else row_to_feed_state(row)

    def feed_states(self) -> list[FeedState]:
        """Return every watched feed's state, by URL.

        Raises:
            StorageError: if the database cannot be read.
        """
        with self._errors("cannot read feeds"):
            rows = self._conn().execute(f"SELECT {FEED_COLUMNS} FROM feeds ORDER BY url").fetchall()
        return [row_to_feed_state(row) for row in rows]

    def put_feed_state(self, state: FeedState) -> None:
        """Record what was seen of a feed, replacing the previous state.

        Raises:
            StorageError: if the database cannot be written.
        """
        with self._errors("cannot write feeds"), self.transaction():
            self._conn().execute(
                self._sql(
                    "INSERT INTO feeds (url, etag, last_modified, checked_at, status) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                    "last_modified = excluded.last_modified, checked_at = excluded.checked_at, "
                    "status = excluded.status"
                ),
                (state.url, state.etag, state.last_modified, state.checked_at, state.status),
            )

    # -- per-article extraction cache --------------------------------------------------------------------

    def put_extractions(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Cache (article id, key, record JSON) rows in one transaction, replacing what each article had.

        Raises:
            StorageError: if an article is not stored or the database cannot be written (nothing of this
                call is kept).
        """
        connection = self._conn()
        upsert = self._sql(
            "INSERT INTO extractions (article_id, key, record) VALUES (?, ?, ?) ON CONFLICT "
            "(article_id) DO UPDATE SET key = excluded.key, record = excluded.record"
        )
        with self._errors("cannot write extractions"), self.transaction():
            for row in rows:
                connection.execute(upsert, row)
