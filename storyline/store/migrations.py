"""Named, ordered schema migrations for the SQLite store, recorded in the ``_migrations`` table.

Each migration runs in its own transaction (``BEGIN IMMEDIATE`` … ``COMMIT``) together with the row that
records it, so a migration is either fully applied and recorded or not applied at all. Opening an
up-to-date database runs nothing; :func:`pending` only reads.

Adding a stage's tables (stories, quotes, …)
---------------------------------------------
Append a :class:`Migration` to :data:`MIGRATIONS`; never edit, rename, reorder or remove one that has
shipped, because databases in the wild have recorded it by name::

    Migration(
        name="0002_stories",
        statements=(
            \"\"\"CREATE TABLE stories (
                id TEXT PRIMARY KEY NOT NULL,
                storyline TEXT NOT NULL,
                title TEXT NOT NULL
            )\"\"\",
            \"\"\"CREATE TABLE story_articles (
                story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                PRIMARY KEY (story_id, article_id)
            )\"\"\",
        ),
    )

Names start with a zero-padded sequence number so that their order is also their sort order. Each
statement is executed on its own with ``Connection.execute`` (never ``executescript``, which would
commit behind our back). A data migration that needs Python passes ``apply`` instead of (or beside)
``statements``: a function given the connection, called inside the same transaction. Then add the
read/write methods for the new tables to :class:`storyline.store.Store` (record ↔ row conversion in
:mod:`storyline.store.codec`).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from storyline.errors import StorageError

__all__ = ["MIGRATIONS", "MIGRATIONS_TABLE", "Migration", "applied", "migrate", "pending", "quote_identifier"]

LOGGER = logging.getLogger(__name__)

MIGRATIONS_TABLE = "_migrations"


def quote_identifier(name: str) -> str:
    """Return ``name`` quoted as an SQLite identifier (double quotes, inner quotes doubled).

    Args:
        name: a table or column name.

    Returns:
        The quoted identifier, safe to place in SQL text.

    Raises:
        StorageError: if ``name`` is empty or contains a NUL character, which SQLite cannot quote.
    """
    if not name or "\x00" in name:
        raise StorageError(f"invalid SQL identifier {name!r}: it must be non-empty and contain no NUL")
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True, kw_only=True)
class Migration:
    """One named schema change: SQL statements run in order, then the optional ``apply`` function."""

    name: str
    statements: tuple[str, ...] = ()
    apply: Callable[[sqlite3.Connection], None] | None = None

    def run(self, connection: sqlite3.Connection) -> None:
        """Run the statements, then the function, on ``connection`` (inside the caller's transaction)."""
        for statement in self.statements:
            connection.execute(statement)
        if self.apply is not None:
            self.apply(connection)


_INITIAL = Migration(
    name="0001_initial",
    statements=(
        # Every field of storyline.models.Article; `published` is an ISO date (YYYY-MM-DD), so text
        # order is date order; title_derived is 0/1.
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY NOT NULL,
            source TEXT NOT NULL,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            url TEXT,
            outlet TEXT,
            author TEXT,
            published TEXT CHECK (published IS NULL OR published GLOB
                '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            language TEXT NOT NULL,
            title_derived INTEGER NOT NULL CHECK (title_derived IN (0, 1))
        )""",
        # Serves Store.articles(): dated first in date order, then undated, ties by id.
        "CREATE INDEX articles_published ON articles (published IS NULL, published, id)",
        """CREATE TABLE problems (
            source TEXT NOT NULL,
            error TEXT NOT NULL,
            PRIMARY KEY (source, error)
        )""",
        # One cached annotation per article (the latest model's); spans are packed little-endian
        # uint32 pairs (see storyline.store.codec), entities a compact JSON array.
        """CREATE TABLE annotations (
            article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            sentences BLOB NOT NULL,
            tokens BLOB NOT NULL,
            entities TEXT NOT NULL
        )""",
    ),
)

_REVISION_TRIGGERS = tuple(
    f"""CREATE TRIGGER {table}_{event.lower()}_revision AFTER {event} ON {table}
        BEGIN UPDATE revision SET value = value + 1; END"""
    for table in ("articles", "problems")
    for event in ("INSERT", "UPDATE", "DELETE")
)

_EXPORTS = Migration(
    name="0002_exports",
    statements=(
        # One counter that every change to articles or problems raises (through the triggers below, so
        # no writer can forget it): a computed export is valid exactly while the counter is unchanged.
        "CREATE TABLE revision (value INTEGER NOT NULL)",
        "INSERT INTO revision (value) VALUES (0)",
        *_REVISION_TRIGGERS,
        # The last computed export per key (revision + code + annotation model, see
        # storyline.pipeline.stored_export): the JSON text of storyline.export.to_json.
        """CREATE TABLE exports (
            key TEXT PRIMARY KEY NOT NULL,
            revision INTEGER NOT NULL,
            document TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
    ),
)

_CORRECTIONS = Migration(
    name="0003_corrections",
    statements=(
        # A person's corrections to the stories, applied in `number` order (storyline.models.Correction);
        # `articles` is a JSON array of article ids. They change the stories, so they raise the revision.
        """CREATE TABLE corrections (
            number INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL CHECK (kind IN ('merge', 'move', 'split')),
            articles TEXT NOT NULL,
            anchor TEXT,
            made_at TEXT NOT NULL
        )""",
        *(
            f"""CREATE TRIGGER corrections_{event.lower()}_revision AFTER {event} ON corrections
                BEGIN UPDATE revision SET value = value + 1; END"""
            for event in ("INSERT", "UPDATE", "DELETE")
        ),
    ),
)

_FEEDS = Migration(
    name="0004_feeds",
    statements=(
        # What `storyline watch` last saw of each feed URL, for conditional requests (ETag,
        # Last-Modified) and to skip entries already read. Not article data: no revision trigger.
        """CREATE TABLE feeds (
            url TEXT PRIMARY KEY NOT NULL,
            etag TEXT,
            last_modified TEXT,
            checked_at TEXT NOT NULL,
            status TEXT NOT NULL
        )""",
    ),
)

_EXTRACTIONS = Migration(
    name="0005_extractions",
    statements=(
        # What the per-article extractors (quotes, entities, dates, facts) found, as JSON, under the key
        # of what it was computed from (storyline.pipeline.extraction_key): a cache, not article data,
        # so no revision trigger; a changed article gets a new key and is extracted again.
        """CREATE TABLE extractions (
            article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            record TEXT NOT NULL
        )""",
    ),
)

_ARTICLE_VERSIONS = Migration(
    name="0006_article_versions",
    statements=(
        # The titles and texts an article had before a re-read replaced them (a corrected figure, a new
        # headline): kept so that the export can say what an outlet changed. Written with the update of
        # the article, which raises the revision already.
        """CREATE TABLE article_versions (
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            published TEXT,
            replaced_at TEXT NOT NULL,
            PRIMARY KEY (article_id, version)
        )""",
    ),
)

_VERSION_EXTRACTIONS = Migration(
    name="0007_version_extractions",
    statements=(
        # What the extractors found in each kept version of an article (the claims compare the values an
        # earlier version stated with today's): cached like an article's own, with the key of what the
        # record depends on, so a recompute does not annotate every version again.
        """CREATE TABLE version_extractions (
            article_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            key TEXT NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (article_id, version),
            FOREIGN KEY (article_id, version) REFERENCES article_versions (article_id, version)
                ON DELETE CASCADE
        )""",
    ),
)

MIGRATIONS: tuple[Migration, ...] = (
    _INITIAL,
    _EXPORTS,
    _CORRECTIONS,
    _FEEDS,
    _EXTRACTIONS,
    _ARTICLE_VERSIONS,
    _VERSION_EXTRACTIONS,
)
"""Every migration, in the order it must run. Append only."""


def _has_migrations_table(connection: sqlite3.Connection) -> bool:
    """Tell whether the database already has the ``_migrations`` table."""
    row = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone()
    return row is not None


def applied(connection: sqlite3.Connection) -> dict[str, dt.datetime]:
    """Return the migrations recorded in the database and when (UTC) each was applied, in that order.

    Raises:
        StorageError: if a recorded time is not an ISO 8601 timestamp.
    """
    if not _has_migrations_table(connection):
        return {}
    table = quote_identifier(MIGRATIONS_TABLE)
    rows = connection.execute(f"SELECT name, applied_at FROM {table} ORDER BY rowid").fetchall()
    try:
        return {str(name): dt.datetime.fromisoformat(str(applied_at)) for name, applied_at in rows}
    except ValueError as exc:
        raise StorageError(f"{MIGRATIONS_TABLE}: a recorded time is not an ISO timestamp ({exc})") from exc


def pending(connection: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Return the names of ``migrations`` not yet applied, in order. Read-only.

    Args:
        connection: an open connection to the database.
        migrations: the known migrations, in order.

    Returns:
        The names still to apply (empty when the database is up to date).

    Raises:
        StorageError: if the database records migrations this version does not know (a newer storyline
            wrote it).
    """
    done = list(applied(connection))
    known = {migration.name for migration in migrations}
    unknown = [name for name in done if name not in known]
    if unknown:
        raise StorageError(
            f"the database records migrations this version of storyline does not know: {', '.join(unknown)}"
            " (was it written by a newer version?)"
        )
    done_set = set(done)
    return [migration.name for migration in migrations if migration.name not in done_set]


def _now() -> str:
    """Return the current UTC time as ISO 8601 text."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def migrate(connection: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Apply the pending ``migrations`` in order, each in its own ``BEGIN IMMEDIATE`` transaction.

    ``connection`` must be in autocommit mode (``isolation_level=None``) and not inside a transaction.
    Another process may be migrating the same file: each migration is re-checked once the write lock is
    held, so it is applied exactly once.

    Args:
        connection: an open connection to the database.
        migrations: the known migrations, in order.

    Returns:
        The names of the migrations this call applied.

    Raises:
        StorageError: if the database records unknown migrations.
        sqlite3.Error: if a statement fails; that migration is rolled back and the error propagates.
    """
    if connection.in_transaction:
        raise StorageError("cannot migrate inside an open transaction")
    table = quote_identifier(MIGRATIONS_TABLE)
    done: list[str] = []
    for name in pending(connection, migrations):
        migration = next(m for m in migrations if m.name == name)
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute(
                f"CREATE TABLE IF NOT EXISTS {table} ("
                "name TEXT PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)"
            )
            already = connection.execute(f"SELECT 1 FROM {table} WHERE name = ?", (name,)).fetchone()
            if already is None:
                migration.run(connection)
                connection.execute(f"INSERT INTO {table} (name, applied_at) VALUES (?, ?)", (name, _now()))
                done.append(name)
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:  # some errors make SQLite roll back on its own
                connection.execute("ROLLBACK")
            raise
        LOGGER.info("applied migration %s", name)
    return done
