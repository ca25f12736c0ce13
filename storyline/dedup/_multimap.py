"""A NumPy hash multimap from 64-bit keys to integer values, with batch insert, lookup and removal.

Open addressing with linear probing: every (key, value) pair has a slot of its own, so one key can carry
many values. Each operation works on a whole batch at once: one vectorized step per probe distance, never
a Python loop over keys. Removed pairs leave tombstones, cleared when the table is rebuilt. The table
holds at most half its slots in use, so its size follows the number of pairs held (never the number ever
inserted): the streaming index keeps its memory linear in the window with it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from storyline.dedup._signatures import I64, U64, splitmix64

_EMPTY, _LIVE, _GONE = 0, 1, 2
# Smallest table (slots). A table more than half in use (live pairs and tombstones) is rebuilt with four
# slots per live pair, so a steady window rebuilds about once per its own size of insertions.
_MIN_SLOTS = 1 << 10
_MAX_LOAD = 0.5  # linear probing stays short (about 2.5 probes for a miss) up to half full
_SALT = np.uint64(0x2545F4914F6CDD1D)  # keys are hashes already; mixing again spreads any low-bit pattern


class KeyMultimap:
    """A multimap ``uint64 key -> int64 value`` over NumPy arrays (see the module docstring)."""

    def __init__(self) -> None:
        self._keys: U64 = np.zeros(_MIN_SLOTS, dtype=np.uint64)
        self._values: I64 = np.zeros(_MIN_SLOTS, dtype=np.int64)
        self._state: npt.NDArray[np.uint8] = np.zeros(_MIN_SLOTS, dtype=np.uint8)
        self._live = 0
        self._used = 0  # live slots and tombstones

    def __len__(self) -> int:
        """Number of (key, value) pairs held."""
        return self._live

    @property
    def slots(self) -> int:
        """Size of the table (for memory figures)."""
        return int(self._keys.size)

    def _home(self, keys: U64) -> I64:
        """First slot probed for each key."""
        mask = np.uint64(self._keys.size - 1)
        home: I64 = (splitmix64(keys ^ _SALT) & mask).astype(np.int64)
        return home

    def insert(self, keys: U64, values: I64) -> None:
        """Add the pairs ``(keys[i], values[i])`` (a pair already present is added again)."""
        if keys.size == 0:
            return
        if (self._used + keys.size) > _MAX_LOAD * self._keys.size:
            self._rebuild(self._live + keys.size)
        self._place(keys, values)

    def _place(self, keys: U64, values: I64) -> None:
        """Put pairs into free slots (the table has room for them)."""
        mask = self._keys.size - 1
        pos = self._home(keys)
        pending = np.arange(keys.size, dtype=np.int64)
        while pending.size:
            slot = pos[pending]
            free = self._state[slot] != _LIVE
            # of several pairs probing one free slot, the first takes it; the others probe on
            taken, first = np.unique(slot[free], return_index=True)
            winners = pending[free][first]
            self._used += int(np.count_nonzero(self._state[taken] == _EMPTY))
            self._keys[taken] = keys[winners]
            self._values[taken] = values[winners]
            self._state[taken] = _LIVE
            self._live += winners.size
            placed = np.zeros(keys.size, dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            pos[pending] = (pos[pending] + 1) & mask

    def lookup(self, keys: U64) -> tuple[I64, I64]:
        """Every pair whose key is one of ``keys``: the index into ``keys`` and the value, per pair."""
        found_at: list[I64] = []
        found: list[I64] = []
        if keys.size:
            mask = self._keys.size - 1
            pos = self._home(keys)
            pending = np.arange(keys.size, dtype=np.int64)
            while pending.size:
                slot = pos[pending]
                state = self._state[slot]
                hit = (state == _LIVE) & (self._keys[slot] == keys[pending])
                found_at.append(pending[hit])
                found.append(self._values[slot[hit]])
                going = state != _EMPTY
                pending = pending[going]
                pos[pending] = (slot[going] + 1) & mask
        if not found:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(found_at), np.concatenate(found)

    def remove(self, keys: U64, values: I64) -> None:
        """Remove one pair ``(keys[i], values[i])`` for each ``i`` (pairs not held are ignored)."""
        if keys.size == 0:
            return
        mask = self._keys.size - 1
        pos = self._home(keys)
        pending = np.arange(keys.size, dtype=np.int64)
        while pending.size:
            slot = pos[pending]
            state = self._state[slot]
            hit = (
                (state == _LIVE)
                & (self._keys[slot] == keys[pending])
                & (self._values[slot] == values[pending])
            )
            # two equal pairs removed at once must take two slots: only the first claim of a slot counts
            hit_slots, first = np.unique(slot[hit], return_index=True)
            self._state[hit_slots] = _GONE
            self._live -= hit_slots.size
            done = np.zeros(pending.size, dtype=bool)
            done[np.flatnonzero(hit)[first]] = True
            going = ~done & (state != _EMPTY)
            pending = pending[going]
            pos[pending] = (slot[going] + 1) & mask
        if self._used - self._live > self._live + _MIN_SLOTS:  # more tombstones than live pairs: shrink
            self._rebuild(self._live)

    def _rebuild(self, needed: int) -> None:
        """Re-lay the live pairs in a table sized for ``needed`` pairs (drops tombstones)."""
        live = self._state == _LIVE
        keys, values = self._keys[live], self._values[live]
        size = _MIN_SLOTS
        while size * _MAX_LOAD < 2 * needed:
            size *= 2
        self._keys = np.zeros(size, dtype=np.uint64)
        self._values = np.zeros(size, dtype=np.int64)
        self._state = np.zeros(size, dtype=np.uint8)
        self._live = 0
        self._used = 0
        self._place(keys, values)
