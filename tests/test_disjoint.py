"""Union-find: groups and roots do not depend on the order of the links."""

from __future__ import annotations

import itertools

from storyline.disjoint import DisjointSets

LINKS = [("d", "b"), ("e", "f"), ("b", "a")]


def test_groups_and_roots_are_the_smallest_members_whatever_the_link_order() -> None:
    for order in itertools.permutations(LINKS):
        sets = DisjointSets("abcdef")
        for x, y in order:
            sets.union(x, y)
        assert sets.groups() == {"a": ["a", "b", "d"], "c": ["c"], "e": ["e", "f"]}
        assert [sets.find(x) for x in "abcdef"] == ["a", "a", "c", "a", "e", "e"]


def test_membership_and_integer_items() -> None:
    sets = DisjointSets(range(4))
    sets.union(3, 1)
    assert (2 in sets, 7 in sets) == (True, False)
    assert sets.groups() == {0: [0], 1: [1, 3], 2: [2]}
