"""Persistence: articles, problems, cached annotations, computed exports, corrections and feed states.

Two backends with one interface (:class:`StoreBackend`): :class:`Store` on SQLite (the default, one file,
WAL) and ``PostgresStore`` for a shared server; :func:`open_store` picks by the location (a
``postgresql://`` URL or a file path). Nothing outside this package imports :mod:`sqlite3` or psycopg.
Schema changes are named migrations (:mod:`storyline.store.migrations` and their PostgreSQL twins in
:mod:`storyline.store.postgres`, under the same names); that module's docstring says how to add one.
"""

from __future__ import annotations

from storyline.store.backend import StoreBackend, is_postgres_url, mask_password, open_store
from storyline.store.migrations import MIGRATIONS, Migration
from storyline.store.sqlite import Store, merge_article

__all__ = [
    "MIGRATIONS",
    "Migration",
    "Store",
    "StoreBackend",
    "is_postgres_url",
    "mask_password",
    "merge_article",
    "open_store",
]
