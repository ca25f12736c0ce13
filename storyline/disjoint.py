"""Disjoint sets (union-find) for every stage that groups things by pairwise links.

The root of a set is always its smallest member, so the groups and their roots never depend on the
order in which links were made (dedup relies on this: the smallest index is the earliest copy).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T", str, int)

__all__ = ["DisjointSets"]


class DisjointSets(Generic[T]):
    """Union-find over the given items, with path compression and smallest-member roots."""

    __slots__ = ("_parent",)

    def __init__(self, items: Iterable[T]) -> None:
        self._parent: dict[T, T] = {item: item for item in items}

    def __contains__(self, item: object) -> bool:
        return item in self._parent

    def find(self, item: T) -> T:
        """The root (smallest member) of the set holding ``item``."""
        root = item
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[item] != root:
            self._parent[item], item = root, self._parent[item]
        return root

    def union(self, a: T, b: T) -> None:
        """Merge the sets of ``a`` and ``b``."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> dict[T, list[T]]:
        """Every set as root -> members, sets and members in the order the items were given."""
        found: dict[T, list[T]] = {}
        for item in self._parent:
            found.setdefault(self.find(item), []).append(item)
        return found
