"""The SQLite store: articles, problems and cached annotations in one database file.

One :class:`Store` owns one connection, which is the single writer of its file: every write runs in a
``BEGIN IMMEDIATE`` transaction (the whole write lock is taken up front, so two writers queue on the busy
timeout instead of failing half-way). File databases use WAL, so readers in other processes are never
blocked by the writer, and a process killed in the middle of a transaction leaves the file as it was at
the last commit; re-running the same writes completes it, because every write is keyed on
content-derived ids.

Only this package imports :mod:`sqlite3`; every :class:`sqlite3.Error` leaving it is translated into
:class:`~storyline.errors.StorageError` with a message naming the database file.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from storyline.errors import ArticleNotFound, StorageError
from storyline.models import Annotation, Article, Correction, Problem, RecordedCorrection
from storyline.store.codec import (
    ANNOTATION_COLUMNS,
    ARTICLE_COLUMNS,
    annotation_to_row,
    article_to_row,
    row_to_annotation,
    row_to_article,
    row_to_correction,
)
from storyline.store.migrations import MIGRATIONS, Migration, quote_identifier
from storyline.store.migrations import applied as applied_migrations
from storyline.store.migrations import migrate as apply_migrations
from storyline.store.migrations import pending as pending_migrations
from storyline.store.shared import INSERT_VERSION, SharedQueries

__all__ = ["BUSY_TIMEOUT_SECONDS", "MEMORY", "Store", "merge_article"]

LOGGER = logging.getLogger(__name__)

MEMORY = ":memory:"
# How long a write waits for another process's write lock before failing with "database is locked".
# 30 s: longer than any single ingest batch we write (a batch of a few hundred articles commits in well
# under a second), short enough that a stuck writer is reported rather than waited on forever.
BUSY_TIMEOUT_SECONDS = 30.0

_ARTICLE_COLUMN_LIST = ", ".join(quote_identifier(c) for c in ARTICLE_COLUMNS)
_ANNOTATION_COLUMN_LIST = ", ".join(quote_identifier(c) for c in ANNOTATION_COLUMNS)
_ARTICLE_PLACEHOLDERS = ", ".join("?" for _ in ARTICLE_COLUMNS)
_ANNOTATION_PLACEHOLDERS = ", ".join("?" for _ in ANNOTATION_COLUMNS)
_ARTICLE_ASSIGNMENTS = ", ".join(f"{quote_identifier(c)} = ?" for c in ARTICLE_COLUMNS[1:])

_SELECT_ARTICLES = f"SELECT {_ARTICLE_COLUMN_LIST} FROM articles"
_INSERT_ARTICLE = f"INSERT INTO articles ({_ARTICLE_COLUMN_LIST}) VALUES ({_ARTICLE_PLACEHOLDERS})"
_UPDATE_ARTICLE = f"UPDATE articles SET {_ARTICLE_ASSIGNMENTS} WHERE id = ?"
_INSERT_PROBLEM = "INSERT INTO problems (source, error) VALUES (?, ?) ON CONFLICT DO NOTHING"
_PUT_ANNOTATION = (
    f"INSERT INTO annotations ({_ANNOTATION_COLUMN_LIST}) VALUES ({_ANNOTATION_PLACEHOLDERS}) "
    "ON CONFLICT (article_id) DO UPDATE SET model = excluded.model, sentences = excluded.sentences, "
    "tokens = excluded.tokens, entities = excluded.entities"
)
_SELECT_ANNOTATIONS = f"SELECT {_ANNOTATION_COLUMN_LIST} FROM annotations WHERE model = ? AND article_id IN"
# Ids bound per query in `IN (?, …)` lists: below SQLite's historical limit of 999 host parameters.
# (Not json_each over one JSON parameter: SQLite's JSON functions cut strings at an embedded NUL.)
_IDS_PER_QUERY = 500
# Dated articles first, in date order (ISO text sorts as dates), then undated ones; ties by id.
_ARTICLE_ORDER = "ORDER BY published IS NULL, published, id"


def _article_id(annotation: Annotation) -> str:
    """Return the id of the article ``annotation`` belongs to (a sort key)."""
    return annotation.article_id


def merge_article(stored: Article, incoming: Article) -> Article:
    """Return what the store keeps when ``incoming`` is written over ``stored`` (same id).

    The policy: the newest write wins, field by field, except that a known value is never replaced by an
    unknown one. So ``url``, ``outlet``, ``author`` and ``published`` keep their stored value when the
    incoming one is ``None``, and a title derived from the text (``title_derived=True``) never replaces a
    real one. ``source``, ``text`` and ``language`` always take the incoming value (a corrected article
    re-read from the same URL replaces the old text).

    Args:
        stored: the article already in the store.
        incoming: the article being written, with the same id.

    Returns:
        The merged article (equal to ``stored`` when ``incoming`` adds nothing new).
    """
    keep_title = incoming.title_derived and not stored.title_derived
    return replace(
        incoming,
        url=stored.url if incoming.url is None else incoming.url,
        outlet=stored.outlet if incoming.outlet is None else incoming.outlet,
        author=stored.author if incoming.author is None else incoming.author,
        published=stored.published if incoming.published is None else incoming.published,
        title=stored.title if keep_title else incoming.title,
        title_derived=False if keep_title else incoming.title_derived,
    )


class Store(SharedQueries):
    """Articles, problems and annotations persisted in SQLite.

    Use it as a context manager (or call :meth:`close`)::

        with Store("storyline.db") as store:
            new = store.upsert_articles(articles)

    Args:
        path: the database file (created if missing), or ``":memory:"`` (the default) for a private
            in-memory database.
        migrate: apply pending schema migrations on open (the default). With ``False`` the schema is left
            as it is; see :meth:`pending` and :meth:`migrate`.
        migrations: the schema's migrations, in order; the default is the package's
            :data:`~storyline.store.migrations.MIGRATIONS` (tests and tools may pass an extended list).
        busy_timeout: seconds a write waits for another connection's write lock before failing.

    Raises:
        StorageError: if the file cannot be opened, is not an SQLite database, is corrupt, or was written
            by a newer version (unknown migrations). The message names the file and the reason.

    Opening reads the header and the schema, so a foreign or badly damaged file is refused at once;
    damage deeper in the file is reported (as :class:`StorageError`) when the damaged pages are read, or
    by :meth:`integrity_check`, since checking every page on open would read the whole file. A store
    is used from the thread that opened it (SQLite's default); give each thread its own ``Store``.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = MEMORY,
        *,
        migrate: bool = True,
        migrations: Sequence[Migration] = MIGRATIONS,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self.path = os.fspath(path)
        self._migrations = tuple(migrations)
        self._name = "in-memory database" if self.path in (MEMORY, "") else self.path
        try:
            connection = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StorageError(f"{self._name}: cannot open the database: {exc}") from exc
        self._connection: sqlite3.Connection | None = connection
        self._savepoints = 0  # depth of nested transaction() blocks inside the outermost one
        try:
            with self._errors("cannot open the database"):
                self._configure(connection)
            if migrate:
                self.migrate()
        except BaseException:
            self.close()
            raise

    def _configure(self, connection: sqlite3.Connection) -> None:
        """Set the connection's pragmas and read the schema (which fails early on a damaged file)."""
        connection.execute("PRAGMA foreign_keys = ON")
        if self._name != "in-memory database":
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                LOGGER.warning("%s: journal mode is %s, not WAL", self._name, mode)
            # In WAL mode NORMAL is safe against application crashes (a kill loses no committed
            # transaction and never corrupts); only a power loss may drop the last commits.
            connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()

    def __repr__(self) -> str:
        """Show the database this store uses."""
        return f"Store({self.path!r})"

    # -- plumbing --------------------------------------------------------------------------------------

    PLACEHOLDER = "?"

    def _timestamp(self) -> str:
        """The current UTC time as stored: ISO 8601 text to the second."""
        return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

    def _conn(self) -> sqlite3.Connection:
        """Return the open connection, or raise if the store is closed."""
        if self._connection is None:
            raise StorageError(f"{self._name}: the store is closed")
        return self._connection

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Translate SQLite (and text-encoding) errors raised inside the block into :class:`StorageError`."""
        try:
            yield
        except StorageError as exc:
            if str(exc).startswith(f"{self._name}: "):
                raise
            raise StorageError(f"{self._name}: {action}: {exc}") from exc
        except sqlite3.Error as exc:
            raise StorageError(f"{self._name}: {action}: {exc}") from exc
        except UnicodeEncodeError as exc:
            raise StorageError(f"{self._name}: {action}: text is not valid Unicode ({exc.reason})") from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one write transaction: committed at the end, rolled back on any exception.

        The outermost ``transaction()`` takes the write lock with ``BEGIN IMMEDIATE``; a nested one is a
        savepoint, so an exception caught inside the outer block undoes only the inner block. Every write
        method joins the enclosing transaction, so a whole ingest batch can be made atomic::

            with store.transaction():
                store.upsert_articles(batch)
                store.add_problems(problems)

        Raises:
            StorageError: if the write lock cannot be had within the busy timeout, or the commit fails.
        """
        connection = self._conn()
        if connection.in_transaction:
            self._savepoints += 1
            savepoint = quote_identifier(f"storyline_{self._savepoints}")
            try:
                with self._errors("cannot start a savepoint"):
                    connection.execute(f"SAVEPOINT {savepoint}")
                try:
                    yield
                except BaseException:
                    if connection.in_transaction:
                        with self._errors("cannot roll back"):
                            connection.execute(f"ROLLBACK TO {savepoint}")
                            connection.execute(f"RELEASE {savepoint}")
                    raise
                with self._errors("cannot release a savepoint"):
                    connection.execute(f"RELEASE {savepoint}")
            finally:
                self._savepoints -= 1
            return
        with self._errors("cannot start a write transaction"):
            connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if connection.in_transaction:  # some errors make SQLite roll back on its own
                with self._errors("cannot roll back"):
                    connection.execute("ROLLBACK")
            raise
        with self._errors("cannot commit"):
            connection.execute("COMMIT")

    # -- schema ----------------------------------------------------------------------------------------

    def pending(self) -> list[str]:
        """Return the names of the migrations not yet applied, in order. Read-only.

        Raises:
            StorageError: if the database records migrations this version does not know.
        """
        with self._errors("cannot read migrations"):
            return pending_migrations(self._conn(), self._migrations)

    def applied_migrations(self) -> dict[str, dt.datetime]:
        """Return the applied migrations and when (UTC) each was applied, in the order they ran.

        Raises:
            StorageError: if the database cannot be read.
        """
        with self._errors("cannot read migrations"):
            return applied_migrations(self._conn())

    def migrate(self) -> list[str]:
        """Apply the pending migrations, each in its own transaction, and return their names.

        Raises:
            StorageError: if a migration fails (it is rolled back; earlier ones stay applied).
        """
        with self._errors("cannot migrate the database"):
            return apply_migrations(self._conn(), self._migrations)

    def integrity_check(self) -> list[str]:
        """Return what SQLite's ``integrity_check`` and ``foreign_key_check`` report; empty when all is well.

        Raises:
            StorageError: if the database cannot be read at all.
        """
        with self._errors("cannot check integrity"):
            connection = self._conn()
            report = [str(row[0]) for row in connection.execute("PRAGMA integrity_check").fetchall()]
            problems = [] if report == ["ok"] else report
            problems += [
                f"foreign key: row {row[1]} of {row[0]} refers to a missing row of {row[2]}"
                for row in connection.execute("PRAGMA foreign_key_check").fetchall()
            ]
            return problems

    # -- articles --------------------------------------------------------------------------------------

    def upsert_articles(self, articles: Iterable[Article]) -> int:
        """Write ``articles``, keyed on their ids, in one transaction; return how many were new.

        Writing an article that is already stored unchanged does nothing. An article whose id is stored
        but whose content differs is updated as :func:`merge_article` says (newest wins, but a known
        value is never replaced by an unknown one).

        Args:
            articles: the articles to write (any iterable; consumed inside the transaction, so an
                exception raised while iterating rolls the whole call back).

        Returns:
            The number of articles whose id was not stored before.

        Raises:
            StorageError: if the database cannot be written (nothing of this call is kept).
        """
        connection = self._conn()
        new = updated = 0
        with self._errors("cannot write articles"), self.transaction():
            for article in articles:
                row = connection.execute(f"{_SELECT_ARTICLES} WHERE id = ?", (article.id,)).fetchone()
                if row is None:
                    connection.execute(_INSERT_ARTICLE, article_to_row(article))
                    new += 1
                    continue
                stored = row_to_article(row)
                merged = merge_article(stored, article)
                if merged != stored:
                    if (merged.title, merged.text) != (stored.title, stored.text):
                        connection.execute(INSERT_VERSION, self._version_params(stored))
                    values = article_to_row(merged)
                    connection.execute(_UPDATE_ARTICLE, (*values[1:], values[0]))
                    updated += 1
        LOGGER.debug("%s: %d new articles, %d updated", self._name, new, updated)
        return new

    def article(self, article_id: str) -> Article:
        """Return the article with id ``article_id``.

        Raises:
            ArticleNotFound: if no article has that id.
            StorageError: if the database cannot be read.
        """
        with self._errors("cannot read articles"):
            row = self._conn().execute(f"{_SELECT_ARTICLES} WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise ArticleNotFound(f"no article has the id {article_id!r}")
            return row_to_article(row)

    def articles(self) -> list[Article]:
        """Return every article: dated ones first in order of ``published``, then undated ones; ties by id.

        Raises:
            StorageError: if the database cannot be read.
        """
        with self._errors("cannot read articles"):
            rows = self._conn().execute(f"{_SELECT_ARTICLES} {_ARTICLE_ORDER}").fetchall()
            return [row_to_article(row) for row in rows]

    def count_articles(self) -> int:
        """Return the number of stored articles.

        Raises:
            StorageError: if the database cannot be read.
        """
        with self._errors("cannot read articles"):
            return int(self._conn().execute("SELECT count(*) FROM articles").fetchone()[0])

    # -- problems --------------------------------------------------------------------------------------

    def add_problems(self, problems: Iterable[Problem]) -> int:
        """Record ``problems`` in one transaction; a (source, error) pair already stored is skipped.

        Returns:
            The number of problems that were not stored before.

        Raises:
            StorageError: if the database cannot be written (nothing of this call is kept).
        """
        connection = self._conn()
        new = 0
        with self._errors("cannot write problems"), self.transaction():
            for problem in problems:
                cursor = connection.execute(_INSERT_PROBLEM, (problem.source, problem.error))
                new += cursor.rowcount
        return new

    # -- annotations -----------------------------------------------------------------------------------

    def put_annotations(self, annotations: Iterable[Annotation]) -> None:
        """Cache ``annotations`` in one transaction, replacing any stored for the same article.

        The cache keeps one annotation per article: the last one written, whatever its model.

        Raises:
            StorageError: if an annotation's article is not stored, an offset cannot be stored (see
                :mod:`storyline.store.codec`), or the database cannot be written (nothing of this call is
                kept).
        """
        connection = self._conn()
        with self._errors("cannot write annotations"), self.transaction():
            for annotation in annotations:
                try:
                    connection.execute(_PUT_ANNOTATION, annotation_to_row(annotation))
                except sqlite3.IntegrityError as exc:
                    raise StorageError(
                        f"annotation of article {annotation.article_id!r}: no such article is stored"
                        f" (store the article first): {exc}"
                    ) from exc

    def annotations(self, article_ids: Iterable[str], model: str) -> dict[str, Annotation]:
        """Return the cached annotations of ``article_ids`` made by ``model``, keyed (and ordered) by id.

        Articles with no annotation, or one made by another model, are left out, so the caller
        recomputes them.

        Raises:
            StorageError: if the database cannot be read.
        """
        ids = sorted(set(article_ids))
        found: list[Annotation] = []
        with self._errors("cannot read annotations"):
            connection = self._conn()
            for start in range(0, len(ids), _IDS_PER_QUERY):
                chunk = ids[start : start + _IDS_PER_QUERY]
                placeholders = ", ".join("?" for _ in chunk)
                rows = connection.execute(f"{_SELECT_ANNOTATIONS} ({placeholders})", (model, *chunk))
                found += (row_to_annotation(row) for row in rows)
        return {annotation.article_id: annotation for annotation in sorted(found, key=_article_id)}

    # -- corrections -----------------------------------------------------------------------------------

    def add_correction(self, correction: Correction) -> int:
        """Record ``correction`` after the others; return its number.

        Raises:
            StorageError: if the database cannot be written.
        """
        made_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._errors("cannot write corrections"), self.transaction():
            cursor = self._conn().execute(
                "INSERT INTO corrections (kind, articles, anchor, made_at) VALUES (?, ?, ?, ?)",
                (correction.kind, json.dumps(list(correction.articles)), correction.anchor, made_at),
            )
            return int(cursor.lastrowid or 0)

    def corrections(self) -> list[RecordedCorrection]:
        """Return every recorded correction in the order it was made.

        Raises:
            StorageError: if the database cannot be read or a stored correction is malformed.
        """
        with self._errors("cannot read corrections"):
            rows = self._conn().execute(
                "SELECT number, kind, articles, anchor, made_at FROM corrections ORDER BY number"
            )
            return [
                row_to_correction(number, kind, articles, anchor, str(made_at))
                for number, kind, articles, anchor, made_at in rows
            ]

    # -- per-article extraction cache --------------------------------------------------------------------

    def extractions(self, article_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Return the cached extraction of each of ``article_ids`` that has one: id -> (key, record JSON).

        The caller compares the key with the one it would compute now and ignores a stale record.

        Raises:
            StorageError: if the database cannot be read.
        """
        ids = sorted(set(article_ids))
        found: dict[str, tuple[str, str]] = {}
        with self._errors("cannot read extractions"):
            connection = self._conn()
            for start in range(0, len(ids), _IDS_PER_QUERY):
                chunk = ids[start : start + _IDS_PER_QUERY]
                placeholders = ", ".join("?" for _ in chunk)
                rows = connection.execute(
                    f"SELECT article_id, key, record FROM extractions WHERE article_id IN ({placeholders})",
                    chunk,
                )
                found.update((str(aid), (str(key), str(record))) for aid, key, record in rows)
        return dict(sorted(found.items()))
