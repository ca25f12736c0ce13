"""Duplicates: exact, near (MinHash LSH, verified on exact shingle sets) and contained texts.

Batch mode is :func:`find_duplicates` (vectorized over the whole archive); :class:`StreamingIndex` applies
the same tests to an endless feed with a time window and eviction, so its memory follows the window, not
the stream. Passage reuse and source families live in :mod:`storyline.reuse`.
"""

from __future__ import annotations

from storyline.dedup._core import DedupConfig, Duplicate, DuplicateKind, find_duplicates, rank_key
from storyline.dedup._stream import WINDOW_DAYS, StreamingIndex

__all__ = [
    "WINDOW_DAYS",
    "DedupConfig",
    "Duplicate",
    "DuplicateKind",
    "StreamingIndex",
    "find_duplicates",
    "rank_key",
]
