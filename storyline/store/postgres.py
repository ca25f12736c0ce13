"""The PostgreSQL store: the same articles, problems, annotations, exports and corrections as the SQLite
:class:`~storyline.store.Store`, in a database server that several users and processes share.

:class:`PostgresStore` has exactly the public methods of :class:`~storyline.store.Store` and the same
semantics (both satisfy :class:`storyline.store.backend.StoreBackend`). What differs, and why:

- **One writer at a time, per database and schema.** Every write transaction starts by taking a
  transaction-level advisory lock (:data:`WRITE_LOCK_CLASS`), as SQLite's ``BEGIN IMMEDIATE`` takes the
  file's write lock: writers queue for up to ``busy_timeout`` seconds instead of interleaving, so the
  read-merge-write of :meth:`PostgresStore.upsert_articles` never loses another process's update and two
  writers can never deadlock on each other's rows. Readers are never blocked (MVCC), and see the last
  commit. Statements run in ``READ COMMITTED``: once the lock is held every earlier writer has committed,
  so each statement sees all of their work.
- **Migrations run once.** :meth:`PostgresStore.migrate` applies each migration in its own transaction
  under the same advisory lock and re-checks ``_migrations`` once the lock is held, so two processes
  opening a fresh database at the same moment apply every migration exactly once.
- **Text cannot hold NUL.** PostgreSQL's ``text`` type refuses the character U+0000; writing one raises
  :class:`~storyline.errors.StorageError` (Storyline's cleaned text never contains it).
- **Text sorts by code point.** Ids, sources and errors use the ``"C"`` collation, so ``articles()`` and
  ``problems()`` return the same order as SQLite's binary collation, whatever the server's locale.

The schema is this module's :data:`POSTGRES_MIGRATIONS`: the same names as the SQLite
:data:`~storyline.store.migrations.MIGRATIONS`, in the same order, written in PostgreSQL's DDL
(``bytea`` for the packed spans, ``date``, ``boolean``, ``timestamptz``, identity columns, and a PL/pgSQL
trigger function for the revision counter). Add a migration to both lists under the same name.

Every :class:`psycopg.Error` leaving this module is translated into
:class:`~storyline.errors.StorageError` whose message starts with the database URL, its password masked
(see :func:`mask_password`), then the action that failed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.pq import TransactionStatus

from storyline.errors import ArticleNotFound, StorageError
from storyline.models import Annotation, Article, Correction, Problem, RecordedCorrection
from storyline.store.backend import MASK, mask_password, url_passwords
from storyline.store.codec import (
    ANNOTATION_COLUMNS,
    ARTICLE_COLUMNS,
    SqlValue,
    annotation_to_row,
    article_to_row,
    row_to_annotation,
    row_to_article,
    row_to_correction,
)
from storyline.store.migrations import MIGRATIONS_TABLE
from storyline.store.shared import INSERT_VERSION, SharedQueries
from storyline.store.sqlite import BUSY_TIMEOUT_SECONDS, merge_article

__all__ = [
    "CONNECT_TIMEOUT_SECONDS",
    "POSTGRES_MIGRATIONS",
    "WRITE_LOCK_CLASS",
    "PostgresMigration",
    "PostgresStore",
    "mask_password",
]

LOGGER = logging.getLogger(__name__)

# How long opening waits for the server to answer before failing. 10 s: a server on the same network
# answers in milliseconds; longer waits only hide a wrong host or a firewall from the person waiting.
CONNECT_TIMEOUT_SECONDS = 10
# Connection parameters used unless the URL sets them.
_CONNECTION_DEFAULTS: dict[str, str | int] = {
    "connect_timeout": CONNECT_TIMEOUT_SECONDS,
    "application_name": "storyline",
}
# The first key of Storyline's write lock, an advisory lock that writers and migrations take (the second
# key is a hash of the schema name, so stores in different schemas of one database do not wait for each
# other). An arbitrary constant, chosen once:
# the ASCII bytes of "Stry" as a 32-bit integer; other applications' advisory locks use other keys.
WRITE_LOCK_CLASS = 0x53747279

_ARTICLE_COLUMN_LIST = sql.SQL(", ").join(sql.Identifier(c) for c in ARTICLE_COLUMNS)
_ANNOTATION_COLUMN_LIST = sql.SQL(", ").join(sql.Identifier(c) for c in ANNOTATION_COLUMNS)
# Read back in the codec's row format: `published` as ISO text, `title_derived` as 0/1.
_ARTICLE_SELECT_LIST = sql.SQL(", ").join(
    sql.SQL("to_char(published, 'YYYY-MM-DD')")
    if column == "published"
    else sql.SQL("title_derived::integer")
    if column == "title_derived"
    else sql.Identifier(column)
    for column in ARTICLE_COLUMNS
)
_ARTICLE_PLACEHOLDERS = sql.SQL(", ").join(
    sql.SQL("%s::date") if column == "published" else sql.Placeholder() for column in ARTICLE_COLUMNS
)
_ARTICLE_ASSIGNMENTS = sql.SQL(", ").join(
    sql.SQL("{} = {}").format(
        sql.Identifier(c), sql.SQL("%s::date") if c == "published" else sql.Placeholder()
    )
    for c in ARTICLE_COLUMNS[1:]
)
_SELECT_ARTICLES = sql.SQL("SELECT {} FROM articles").format(_ARTICLE_SELECT_LIST)
_SELECT_ARTICLE = sql.SQL("{} WHERE id = %s").format(_SELECT_ARTICLES)
_SELECT_ARTICLES_IN = sql.SQL("{} WHERE id = ANY(%s)").format(_SELECT_ARTICLES)
# A plain INSERT: under the write lock no other writer can have stored the id since we read, so a
# conflict would mean a broken invariant, and fails loudly instead of being skipped.
_INSERT_ARTICLE = sql.SQL("INSERT INTO articles ({}) VALUES ({})").format(
    _ARTICLE_COLUMN_LIST, _ARTICLE_PLACEHOLDERS
)
# Articles read and written per round trip of upsert_articles: one query reads this many stored rows,
# and the writes are pipelined. Measured over a Unix socket with 2,000 invented articles of 120 words
# written in calls of 100: one round trip per article wrote 2,700 new / 1,700 unchanged articles per
# second, these chunks 9,000 / 25,000 (SQLite: 27,000 / 29,000). 500 keeps a chunk's rows in memory
# small while a call of any size needs few round trips.
_ARTICLES_PER_ROUND_TRIP = 500
_UPDATE_ARTICLE = sql.SQL("UPDATE articles SET {} WHERE id = %s").format(_ARTICLE_ASSIGNMENTS)
# Dated articles first, in date order, then undated ones; ties by id (code point order, see the schema).
_ARTICLE_ORDER = sql.SQL("ORDER BY published IS NULL, published, id")
_INSERT_PROBLEM = "INSERT INTO problems (source, error) VALUES (%s, %s) ON CONFLICT DO NOTHING"
_PUT_ANNOTATION = sql.SQL(
    "INSERT INTO annotations ({}) VALUES (%s, %s, %s, %s, %s) ON CONFLICT (article_id) DO UPDATE SET "
    "model = excluded.model, sentences = excluded.sentences, tokens = excluded.tokens, "
    "entities = excluded.entities"
).format(_ANNOTATION_COLUMN_LIST)
_SELECT_ANNOTATIONS = sql.SQL("SELECT {} FROM annotations WHERE model = %s AND article_id = ANY(%s)").format(
    _ANNOTATION_COLUMN_LIST
)
_TAKE_WRITE_LOCK = "SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))"
_MIGRATIONS_TABLE = sql.Identifier(MIGRATIONS_TABLE)


def _article_id(annotation: Annotation) -> str:
    """Return the id of the article ``annotation`` belongs to (a sort key)."""
    return annotation.article_id


def _article_params(article: Article) -> list[SqlValue | bool]:
    """Return the parameters that write ``article``: the codec's row with ``title_derived`` as a boolean."""
    row: list[SqlValue | bool] = list(article_to_row(article))
    row[ARTICLE_COLUMNS.index("title_derived")] = article.title_derived
    return row


@dataclass(frozen=True, slots=True, kw_only=True)
class PostgresMigration:
    """One named schema change for PostgreSQL: SQL statements run in order, then the optional ``apply``."""

    name: str
    statements: tuple[str, ...] = ()
    apply: Callable[[psycopg.Connection[Any]], None] | None = None

    def run(self, connection: psycopg.Connection[Any]) -> None:
        """Run the statements, then the function, on ``connection`` (inside the caller's transaction)."""
        for statement in self.statements:
            connection.execute(statement)  # no parameters: the text is sent as it is
        if self.apply is not None:
            self.apply(connection)


# The function every revision trigger calls: one counter for the whole schema. Its search path is the
# one it was created with (the store's schema), so a change made by a session with another search path
# (an administrator's psql) still raises this schema's counter.
_RAISE_REVISION = """CREATE FUNCTION storyline_raise_revision() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE revision SET value = value + 1;
    RETURN NULL;
END
$$"""


def _revision_trigger(table: str) -> str:
    """Return the DDL of the row trigger that raises the revision on every change to ``table``."""
    return (
        f"CREATE TRIGGER {table}_revision AFTER INSERT OR UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION storyline_raise_revision()"
    )


_INITIAL = PostgresMigration(
    name="0001_initial",
    statements=(
        # Every field of storyline.models.Article. Ids, sources and errors sort in code point order
        # (COLLATE "C"), as SQLite's binary collation does, whatever the server's default locale.
        """CREATE TABLE articles (
            id text COLLATE "C" PRIMARY KEY,
            source text NOT NULL,
            title text NOT NULL,
            text text NOT NULL,
            url text,
            outlet text,
            author text,
            published date,
            language text NOT NULL,
            title_derived boolean NOT NULL
        )""",
        # Serves PostgresStore.articles(): dated first in date order, then undated, ties by id.
        "CREATE INDEX articles_published ON articles ((published IS NULL), published, id)",
        """CREATE TABLE problems (
            source text COLLATE "C" NOT NULL,
            error text COLLATE "C" NOT NULL,
            PRIMARY KEY (source, error)
        )""",
        # One cached annotation per article (the latest model's); spans are packed little-endian
        # uint32 pairs (see storyline.store.codec), entities a compact JSON array.
        """CREATE TABLE annotations (
            article_id text COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            model text NOT NULL,
            sentences bytea NOT NULL,
            tokens bytea NOT NULL,
            entities text NOT NULL
        )""",
    ),
)

_EXPORTS = PostgresMigration(
    name="0002_exports",
    statements=(
        # One counter that every change to articles or problems raises (through the triggers below, so
        # no writer can forget it): a computed export is valid exactly while the counter is unchanged.
        # The single row is also what makes concurrent writers' increments add up: each UPDATE waits
        # for the previous writer's commit and then adds to the committed value.
        "CREATE TABLE revision (value bigint NOT NULL)",
        "INSERT INTO revision (value) VALUES (0)",
        _RAISE_REVISION,
        _revision_trigger("articles"),
        _revision_trigger("problems"),
        # The last computed export per key (revision + code + annotation model, see
        # storyline.pipeline.stored_export): the JSON text of storyline.export.to_json.
        """CREATE TABLE exports (
            key text PRIMARY KEY,
            revision bigint NOT NULL,
            document text NOT NULL,
            created_at timestamptz NOT NULL
        )""",
    ),
)

_CORRECTIONS = PostgresMigration(
    name="0003_corrections",
    statements=(
        # A person's corrections to the stories, applied in `number` order (storyline.models.Correction);
        # `articles` is a JSON array of article ids. They change the stories, so they raise the revision.
        # An identity column never hands out a number twice, like SQLite's AUTOINCREMENT.
        """CREATE TABLE corrections (
            number bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            kind text NOT NULL CHECK (kind IN ('merge', 'move', 'split')),
            articles text NOT NULL,
            anchor text,
            made_at timestamptz NOT NULL
        )""",
        _revision_trigger("corrections"),
    ),
)

_FEEDS = PostgresMigration(
    name="0004_feeds",
    statements=(
        # What `storyline watch` last saw of each feed URL (see the SQLite migration of the same name).
        """CREATE TABLE feeds (
            url text COLLATE "C" PRIMARY KEY,
            etag text,
            last_modified text,
            checked_at text NOT NULL,
            status text NOT NULL
        )""",
    ),
)

_EXTRACTIONS = PostgresMigration(
    name="0005_extractions",
    statements=(
        # The per-article extraction cache (see the SQLite migration of the same name).
        """CREATE TABLE extractions (
            article_id text COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            key text NOT NULL,
            record text NOT NULL
        )""",
    ),
)

_ARTICLE_VERSIONS = PostgresMigration(
    name="0006_article_versions",
    statements=(
        # Replaced titles and texts (see the SQLite migration of the same name).
        """CREATE TABLE article_versions (
            article_id text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            version integer NOT NULL,
            title text NOT NULL,
            text text NOT NULL,
            published text,
            replaced_at text NOT NULL,
            PRIMARY KEY (article_id, version)
        )""",
    ),
)

_VERSION_EXTRACTIONS = PostgresMigration(
    name="0007_version_extractions",
    statements=(
        # Extractions of kept versions (see the SQLite migration of the same name).
        """CREATE TABLE version_extractions (
            article_id text COLLATE "C" NOT NULL,
            version integer NOT NULL,
            key text NOT NULL,
            record text NOT NULL,
            PRIMARY KEY (article_id, version),
            FOREIGN KEY (article_id, version) REFERENCES article_versions (article_id, version)
                ON DELETE CASCADE
        )""",
    ),
)

POSTGRES_MIGRATIONS: tuple[PostgresMigration, ...] = (
    _INITIAL,
    _EXPORTS,
    _CORRECTIONS,
    _FEEDS,
    _EXTRACTIONS,
    _ARTICLE_VERSIONS,
    _VERSION_EXTRACTIONS,
)
"""Every PostgreSQL migration, in the order it must run: the same names as the SQLite ones. Append only."""


def _now() -> dt.datetime:
    """Return the current UTC time to the second (the precision SQLite's store records)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _one_line(text: str) -> str:
    """Return ``text`` with its runs of whitespace (libpq's multi-line messages) as single spaces."""
    return re.sub(r"\s+", " ", text).strip()


class PostgresStore(SharedQueries):
    """Articles, problems, annotations, exports and corrections persisted in PostgreSQL.

    Use it as a context manager (or call :meth:`close`)::

        with PostgresStore("postgresql://storyline@db.example/news") as store:
            new = store.upsert_articles(articles)

    Args:
        url: a ``postgresql://`` (or ``postgres://``) connection URL; every libpq parameter is accepted,
            e.g. ``?host=/run/postgresql`` for a Unix socket or ``?options=-csearch_path%3Dnews`` for a
            schema of its own.
        migrate: apply pending schema migrations on open (the default). With ``False`` the schema is left
            as it is; see :meth:`pending` and :meth:`migrate`.
        migrations: the schema's migrations, in order; the default is :data:`POSTGRES_MIGRATIONS` (tests
            and tools may pass an extended list).
        busy_timeout: seconds a write waits for another connection's write lock before failing.

    Raises:
        StorageError: if the server cannot be reached, refuses the login, has no such database, or the
            database was written by a newer version (unknown migrations). The message names the URL (with
            its password masked) and the reason.

    A store holds one connection and is used from the thread that opened it; give each thread or process
    its own ``PostgresStore``. Its ``url`` attribute is the URL with the password masked.
    """

    def __init__(
        self,
        url: str,
        *,
        migrate: bool = True,
        migrations: Sequence[PostgresMigration] = POSTGRES_MIGRATIONS,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self.url = mask_password(url)
        self._secrets = url_passwords(url)
        self._name = self.url
        self._migrations = tuple(migrations)
        self._savepoints = 0  # depth of nested transaction() blocks inside the outermost one
        self._connection: psycopg.Connection[tuple[Any, ...]] | None = None
        with self._errors("cannot open the database"):
            given = conninfo_to_dict(url)
            defaults = {name: value for name, value in _CONNECTION_DEFAULTS.items() if name not in given}
            self._connection = psycopg.connect(make_conninfo(url, **defaults), autocommit=True)
        try:
            with self._errors("cannot open the database"):
                timeout = f"{max(1, round(busy_timeout * 1000))}ms"
                self._connection.execute("SELECT set_config('lock_timeout', %s, false)", (timeout,))
            if migrate:
                self.migrate()
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        """Show the database this store uses (password masked)."""
        return f"PostgresStore({self.url!r})"

    # -- plumbing --------------------------------------------------------------------------------------

    PLACEHOLDER = "%s"

    def _timestamp(self) -> dt.datetime:
        """The current UTC time as stored (timestamptz), to the second like SQLite's."""
        return _now()

    def _conn(self) -> psycopg.Connection[tuple[Any, ...]]:
        """Return the open connection, or raise if the store is closed."""
        if self._connection is None:
            raise StorageError(f"{self._name}: the store is closed")
        return self._connection

    def _reason(self, exc: psycopg.Error) -> str:
        """Return the server's one-line reason for ``exc``, with any password of the URL scrubbed."""
        primary = exc.diag.message_primary
        reason = _one_line(primary if primary else str(exc))
        for secret in self._secrets:
            reason = reason.replace(secret, MASK)
        return reason

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Translate psycopg (and text-encoding) errors raised inside the block into :class:`StorageError`."""
        try:
            yield
        except StorageError as exc:
            if str(exc).startswith(f"{self._name}: "):
                raise
            raise StorageError(f"{self._name}: {action}: {exc}") from exc
        except psycopg.Error as exc:
            raise StorageError(f"{self._name}: {action}: {self._reason(exc)}") from exc
        except UnicodeEncodeError as exc:
            raise StorageError(f"{self._name}: {action}: text is not valid Unicode ({exc.reason})") from exc

    def _in_transaction(self) -> bool:
        """Tell whether the connection is inside a transaction (healthy or failed)."""
        return self._conn().info.transaction_status in (TransactionStatus.INTRANS, TransactionStatus.INERROR)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one write transaction: committed at the end, rolled back on any exception.

        The outermost ``transaction()`` takes the write lock (a transaction-level advisory lock, so only
        one writer works on the database at a time); a nested one is a savepoint, so an exception caught
        inside the outer block undoes only the inner block. Every write method joins the enclosing
        transaction, so a whole ingest batch can be made atomic::

            with store.transaction():
                store.upsert_articles(batch)
                store.add_problems(problems)

        Raises:
            StorageError: if the write lock cannot be had within the busy timeout, or the commit fails.
        """
        connection = self._conn()
        if self._in_transaction():
            self._savepoints += 1
            savepoint = sql.Identifier(f"storyline_{self._savepoints}")
            try:
                with self._errors("cannot start a savepoint"):
                    connection.execute(sql.SQL("SAVEPOINT {}").format(savepoint))
                try:
                    yield
                except BaseException:
                    if self._in_transaction():
                        with self._errors("cannot roll back"):
                            connection.execute(sql.SQL("ROLLBACK TO SAVEPOINT {}").format(savepoint))
                            connection.execute(sql.SQL("RELEASE SAVEPOINT {}").format(savepoint))
                    raise
                with self._errors("cannot release a savepoint"):
                    connection.execute(sql.SQL("RELEASE SAVEPOINT {}").format(savepoint))
            finally:
                self._savepoints -= 1
            return
        self._begin_writing(connection, "cannot start a write transaction")
        try:
            yield
        except BaseException:
            self._rollback(connection)
            raise
        with self._errors("cannot commit"):
            connection.execute("COMMIT")

    def _begin_writing(self, connection: psycopg.Connection[Any], action: str) -> None:
        """Begin a transaction and take the write lock (waiting up to the busy timeout)."""
        with self._errors(action):
            connection.execute("BEGIN")
            try:
                connection.execute(_TAKE_WRITE_LOCK, (WRITE_LOCK_CLASS,))
            except BaseException:
                self._rollback(connection)
                raise

    def _rollback(self, connection: psycopg.Connection[Any]) -> None:
        """Roll back the open transaction, if the connection is still usable."""
        if not connection.closed and not connection.broken and self._in_transaction():
            with self._errors("cannot roll back"):
                connection.execute("ROLLBACK")

    # -- schema ----------------------------------------------------------------------------------------

    def _exists(self, table: str) -> bool:
        """Tell whether ``table`` exists in the schema the connection uses."""
        row = self._conn().execute("SELECT to_regclass(%s) IS NOT NULL", (table,)).fetchone()
        return row is not None and bool(row[0])

    def _applied(self) -> dict[str, dt.datetime]:
        """Return the recorded migrations and when each was applied (UTC), in the order they ran."""
        connection = self._conn()
        if not self._exists(MIGRATIONS_TABLE):
            return {}
        query = sql.SQL("SELECT name, applied_at FROM {} ORDER BY position").format(_MIGRATIONS_TABLE)
        rows = connection.execute(query).fetchall()
        return {str(name): applied_at.astimezone(dt.UTC) for name, applied_at in rows}

    def _pending(self) -> list[str]:
        """Return the names of the known migrations not yet applied; refuse unknown recorded ones."""
        done = list(self._applied())
        known = {migration.name for migration in self._migrations}
        unknown = [name for name in done if name not in known]
        if unknown:
            raise StorageError(
                "the database records migrations this version of storyline does not know: "
                f"{', '.join(unknown)} (was it written by a newer version?)"
            )
        done_set = set(done)
        return [migration.name for migration in self._migrations if migration.name not in done_set]

    def pending(self) -> list[str]:
        """Return the names of the migrations not yet applied, in order. Read-only.

        Raises:
            StorageError: if the database records migrations this version does not know.
        """
        with self._errors("cannot read migrations"):
            return self._pending()

    def applied_migrations(self) -> dict[str, dt.datetime]:
        """Return the applied migrations and when (UTC) each was applied, in the order they ran.

        Raises:
            StorageError: if the database cannot be read.
        """
        with self._errors("cannot read migrations"):
            return self._applied()

    def migrate(self) -> list[str]:
        """Apply the pending migrations, each in its own transaction, and return their names.

        Each migration runs under the write lock and is re-checked once the lock is held, so when several
        processes migrate the same database at once, each migration is applied by exactly one of them.

        Raises:
            StorageError: if a migration fails (it is rolled back; earlier ones stay applied).
        """
        action = "cannot migrate the database"
        connection = self._conn()
        if self._in_transaction():
            raise StorageError(f"{self._name}: {action}: cannot migrate inside an open transaction")
        done: list[str] = []
        with self._errors(action):
            for name in self._pending():
                migration = next(m for m in self._migrations if m.name == name)
                self._begin_writing(connection, action)
                try:
                    connection.execute(
                        sql.SQL(
                            "CREATE TABLE IF NOT EXISTS {} (position integer GENERATED ALWAYS AS IDENTITY,"
                            " name text PRIMARY KEY, applied_at timestamptz NOT NULL)"
                        ).format(_MIGRATIONS_TABLE)
                    )
                    query = sql.SQL("SELECT 1 FROM {} WHERE name = %s").format(_MIGRATIONS_TABLE)
                    if connection.execute(query, (name,)).fetchone() is None:
                        migration.run(connection)
                        connection.execute(
                            sql.SQL("INSERT INTO {} (name, applied_at) VALUES (%s, %s)").format(
                                _MIGRATIONS_TABLE
                            ),
                            (name, _now()),
                        )
                        done.append(name)
                    connection.execute("COMMIT")
                except BaseException:
                    self._rollback(connection)
                    raise
                if done and done[-1] == name:
                    LOGGER.info("%s: applied migration %s", self._name, name)
        return done

    def integrity_check(self) -> list[str]:
        """Return what is inconsistent in the stored data; empty when all is well.

        Checks that the revision counter has exactly one row, that no annotation refers to a missing
        article (possible only if triggers or constraints were disabled by hand), and that no index of
        the store's tables is invalid (left so by an interrupted ``CREATE INDEX CONCURRENTLY``). Damaged
        pages are the server's business: PostgreSQL reports them (with data checksums, or ``amcheck``).

        Raises:
            StorageError: if the database cannot be read at all.
        """
        with self._errors("cannot check integrity"):
            connection = self._conn()
            problems: list[str] = []
            if self._exists("revision"):
                revisions = self._count("SELECT count(*) FROM revision")
                if revisions != 1:
                    problems.append(f"revision: expected exactly one row, found {revisions}")
            orphans = []
            if self._exists("annotations"):
                orphans = connection.execute(
                    "SELECT a.article_id FROM annotations AS a LEFT JOIN articles AS r ON r.id = a.article_id"
                    " WHERE r.id IS NULL ORDER BY a.article_id"
                ).fetchall()
            problems += [
                f"foreign key: row {article_id!r} of annotations refers to a missing row of articles"
                for (article_id,) in orphans
            ]
            invalid = connection.execute(
                "SELECT i.indexrelid::regclass::text FROM pg_index AS i"
                " JOIN pg_class AS t ON t.oid = i.indrelid"
                " WHERE t.relnamespace = current_schema()::regnamespace AND NOT i.indisvalid"
                " ORDER BY 1"
            ).fetchall()
            problems += [f"index {name} is invalid (rebuild it with REINDEX)" for (name,) in invalid]
            return problems

    # -- articles --------------------------------------------------------------------------------------

    def upsert_articles(self, articles: Iterable[Article]) -> int:
        """Write ``articles``, keyed on their ids, in one transaction; return how many were new.

        Writing an article that is already stored unchanged does nothing. An article whose id is stored
        but whose content differs is updated as :func:`~storyline.store.merge_article` says (newest wins,
        but a known value is never replaced by an unknown one). The read-merge-write runs under the write
        lock, so another process writing the same article waits and then merges into this one's result.

        Args:
            articles: the articles to write (any iterable; consumed inside the transaction, so an
                exception raised while iterating rolls the whole call back).

        Returns:
            The number of articles whose id was not stored before.

        Raises:
            StorageError: if the database cannot be written (nothing of this call is kept).
        """
        new = updated = 0
        with self._errors("cannot write articles"), self.transaction():
            chunk: list[Article] = []
            for article in articles:
                chunk.append(article)
                if len(chunk) == _ARTICLES_PER_ROUND_TRIP:
                    new, updated = self._write_articles(chunk, new, updated)
                    chunk = []
            new, updated = self._write_articles(chunk, new, updated)
        LOGGER.debug("%s: %d new articles, %d updated", self._name, new, updated)
        return new

    def _write_articles(self, chunk: list[Article], new: int, updated: int) -> tuple[int, int]:
        """Write ``chunk`` (inside the write transaction) in three round trips; return the new totals.

        One query reads the stored versions of the chunk's articles; then, in the chunk's order, each
        article is an insert (first time its id is seen), a merging update (when the merge changes the
        current version), or nothing, exactly the row operations the SQLite store performs one by one, so
        the revision counts the same; the inserts and then the updates are sent pipelined.
        """
        if not chunk:
            return new, updated
        connection = self._conn()
        ids = sorted({article.id for article in chunk})
        rows = connection.execute(_SELECT_ARTICLES_IN, (ids,)).fetchall()
        current = {stored.id: stored for stored in map(row_to_article, rows)}
        inserts: list[list[SqlValue | bool]] = []
        updates: list[list[SqlValue | bool]] = []
        replaced: list[tuple[str, str, str, str | None, str, str]] = []
        for article in chunk:
            stored = current.get(article.id)
            if stored is None:
                inserts.append(_article_params(article))
                current[article.id] = article
                continue
            merged = merge_article(stored, article)
            if merged != stored:
                values = _article_params(merged)
                updates.append([*values[1:], values[0]])
                current[article.id] = merged
                if (merged.title, merged.text) != (stored.title, stored.text):
                    replaced.append(self._version_params(stored))
        with connection.cursor() as cursor:
            if inserts:
                cursor.executemany(_INSERT_ARTICLE, inserts)
            for params in replaced:  # in order: each takes the next version number of its article
                cursor.execute(self._sql(INSERT_VERSION), params)
            if updates:
                cursor.executemany(_UPDATE_ARTICLE, updates)
        return new + len(inserts), updated + len(updates)

    def article(self, article_id: str) -> Article:
        """Return the article with id ``article_id``.

        Raises:
            ArticleNotFound: if no article has that id.
            StorageError: if the database cannot be read.
        """
        with self._errors("cannot read articles"):
            row = self._conn().execute(_SELECT_ARTICLE, (article_id,)).fetchone()
            if row is None:
                raise ArticleNotFound(f"no article has the id {article_id!r}")
            return row_to_article(row)

    def articles(self) -> list[Article]:
        """Return every article: dated ones first in order of ``published``, then undated ones; ties by id.

        Raises:
            StorageError: if the database cannot be read.
        """
        with self._errors("cannot read articles"):
            query = sql.SQL("{} {}").format(_SELECT_ARTICLES, _ARTICLE_ORDER)
            return [row_to_article(row) for row in self._conn().execute(query).fetchall()]

    def count_articles(self) -> int:
        """Return the number of stored articles.

        Raises:
            StorageError: if the database cannot be read.
        """
        with self._errors("cannot read articles"):
            return self._count("SELECT count(*) FROM articles")

    def _count(self, query: str) -> int:
        """Return the single integer ``query`` selects."""
        row = self._conn().execute(query).fetchone()
        if row is None:
            raise StorageError(f"{query!r} returned no row")
        return int(row[0])

    # -- problems --------------------------------------------------------------------------------------

    def add_problems(self, problems: Iterable[Problem]) -> int:
        """Record ``problems`` in one transaction; a (source, error) pair already stored is skipped.

        Returns:
            The number of problems that were not stored before.

        Raises:
            StorageError: if the database cannot be written (nothing of this call is kept).
        """
        with self._errors("cannot write problems"), self.transaction():
            rows = [(problem.source, problem.error) for problem in problems]
            if not rows:
                return 0
            with self._conn().cursor() as cursor:
                cursor.executemany(_INSERT_PROBLEM, rows)  # pipelined; rowcount adds up the inserts
                return max(cursor.rowcount, 0)

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
            pending = list(annotations)
            ids = sorted({annotation.article_id for annotation in pending})
            rows = connection.execute("SELECT id FROM articles WHERE id = ANY(%s)", (ids,)).fetchall()
            stored = {str(row[0]) for row in rows}
            values: list[tuple[SqlValue, ...]] = []
            for annotation in pending:
                values.append(annotation_to_row(annotation))
                if annotation.article_id not in stored:
                    # Let the server refuse it, so the message carries its own reason.
                    self._put_annotation(annotation, values[-1])
            with connection.cursor() as cursor:
                cursor.executemany(_PUT_ANNOTATION, values)  # pipelined: one round trip for the lot

    def _put_annotation(self, annotation: Annotation, row: tuple[SqlValue, ...]) -> None:
        """Write one annotation row; a missing article is reported by the article's id."""
        try:
            self._conn().execute(_PUT_ANNOTATION, row)
        except psycopg.errors.ForeignKeyViolation as exc:
            raise StorageError(
                f"annotation of article {annotation.article_id!r}: no such article is stored"
                f" (store the article first): {self._reason(exc)}"
            ) from exc

    def annotations(self, article_ids: Iterable[str], model: str) -> dict[str, Annotation]:
        """Return the cached annotations of ``article_ids`` made by ``model``, keyed (and ordered) by id.

        Articles with no annotation, or one made by another model, are left out, so the caller
        recomputes them.

        Raises:
            StorageError: if the database cannot be read.
        """
        ids = sorted(set(article_ids))
        if not ids:
            return {}
        with self._errors("cannot read annotations"):
            rows = self._conn().execute(_SELECT_ANNOTATIONS, (model, ids)).fetchall()
            found = [row_to_annotation(row) for row in rows]
        return {annotation.article_id: annotation for annotation in sorted(found, key=_article_id)}

    # -- corrections -----------------------------------------------------------------------------------

    def add_correction(self, correction: Correction) -> int:
        """Record ``correction`` after the others; return its number.

        Raises:
            StorageError: if the database cannot be written.
        """
        with self._errors("cannot write corrections"), self.transaction():
            row = (
                self._conn()
                .execute(
                    "INSERT INTO corrections (kind, articles, anchor, made_at) VALUES (%s, %s, %s, %s)"
                    " RETURNING number",
                    (correction.kind, json.dumps(list(correction.articles)), correction.anchor, _now()),
                )
                .fetchone()
            )
            if row is None:
                raise StorageError("the new correction's number was not returned")
            return int(row[0])

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
                row_to_correction(
                    number, kind, articles, anchor, made_at.astimezone(dt.UTC).isoformat(timespec="seconds")
                )
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
        if not ids:
            return {}
        with self._errors("cannot read extractions"):
            rows = (
                self._conn()
                .execute("SELECT article_id, key, record FROM extractions WHERE article_id = ANY(%s)", (ids,))
                .fetchall()
            )
        return dict(sorted((str(aid), (str(key), str(record))) for aid, key, record in rows))
