"""Persistence: the SQLite store of articles, problems and cached annotations.

:class:`Store` is the only way the rest of Storyline touches the database; nothing outside this package
imports :mod:`sqlite3`. Schema changes are named migrations in :mod:`storyline.store.migrations` (its
docstring says how to add the tables of a later stage).
"""

from __future__ import annotations

from storyline.store.migrations import MIGRATIONS, Migration
from storyline.store.sqlite import Store, merge_article

__all__ = ["MIGRATIONS", "Migration", "Store", "merge_article"]
