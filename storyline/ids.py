"""Stable, content-derived identifiers.

An id is a short prefix naming the kind of record and 16 hex digits of a SHA-256, so the same input gives
the same id on every run and machine (``a-`` article, ``s-`` story, ``l-`` storyline, ``q-`` quote,
``e-`` entity).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

ID_HEX_DIGITS = 16  # 64 bits: a collision among 10^9 records has probability ~3e-2; fine for one corpus


def make_id(prefix: str, *parts: str) -> str:
    """Return ``prefix-`` followed by a hash of ``parts`` (joined unambiguously)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:ID_HEX_DIGITS]}"


def make_group_id(prefix: str, member_ids: Iterable[str]) -> str:
    """Return an id for a set of records: the hash of their sorted ids, so order does not matter."""
    return make_id(prefix, *sorted(member_ids))
