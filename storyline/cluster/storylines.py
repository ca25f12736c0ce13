"""Storylines: stories that share their main entities, linked across any gap in time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.disjoint import DisjointSets
from storyline.ids import make_group_id

__all__ = ["StoryProfile", "link_storylines"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryProfile:
    """What storyline linking needs of a story."""

    story_id: str
    title: str
    start: dt.date | None
    main_entities: tuple[str, ...]  # entity keys, heaviest first
    names: Mapping[str, str]  # entity key -> display name


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkedStoryline:
    """One storyline before it becomes a record: its id, stories (by start), title and reason."""

    id: str
    story_ids: tuple[str, ...]
    title: str
    reason: str


def link_storylines(profiles: Sequence[StoryProfile], min_shared: int) -> list[LinkedStoryline]:
    """Group stories into storylines: two stories sharing ``min_shared`` main entities are linked.

    Args:
        profiles: one profile per story.
        min_shared: how many main entities two stories must share to be linked.

    Returns:
        Storylines (one per connected group; a story linked to none is a storyline of its own), ordered
        by their first story's start date, then id.
    """
    order = sorted(profiles, key=lambda p: (p.start or dt.date.max, p.story_id))
    linked = DisjointSets(p.story_id for p in order)

    postings: dict[str, list[StoryProfile]] = {}
    for p in order:
        for key in p.main_entities:
            postings.setdefault(key, []).append(p)
    links: dict[tuple[str, str], tuple[str, ...]] = {}
    rank = {q.story_id: j for j, q in enumerate(order)}
    for i, p in enumerate(order):
        seen: dict[str, list[str]] = {}
        for key in p.main_entities:
            for q in postings[key]:
                if rank[q.story_id] > i:
                    seen.setdefault(q.story_id, []).append(key)
        for other, shared in sorted(seen.items()):
            if len(shared) >= min_shared:
                links[(p.story_id, other)] = tuple(shared)
                linked.union(other, p.story_id)
    groups: dict[str, list[StoryProfile]] = {}
    for p in order:
        groups.setdefault(linked.find(p.story_id), []).append(p)
    by_id = {p.story_id: p for p in order}
    result = []
    for members in groups.values():
        ids = tuple(m.story_id for m in members)
        if len(ids) == 1:
            reason = "a single story: no other story shares its main entities"
            title = members[0].title
        else:
            parts = []
            for (a, b), common in sorted(links.items()):
                if a in ids:
                    names = ", ".join(by_id[a].names.get(k, k.split(":", 1)[1]) for k in common)
                    gap = _days_between(by_id[a].start, by_id[b].start)
                    parts.append(f"{a} and {b} share {names}{gap}")
            reason = "; ".join(parts)
            title = _storyline_title(members, links)
        result.append(LinkedStoryline(id=make_group_id("l", ids), story_ids=ids, title=title, reason=reason))
    return result


def _days_between(a: dt.date | None, b: dt.date | None) -> str:
    """ " (N days apart)" when both dates are known, else ""."""
    if a is None or b is None:
        return ""
    return f" ({abs((b - a).days)} days apart)"


def _storyline_title(
    members: Sequence[StoryProfile], links: Mapping[tuple[str, str], tuple[str, ...]]
) -> str:
    """A storyline's title: the entities its stories share most, then its first story's title."""
    ids = {m.story_id for m in members}
    counts: dict[str, int] = {}
    for (a, _), shared in links.items():
        if a in ids:
            for key in shared:
                counts[key] = counts.get(key, 0) + 1
    names = {k: v for m in members for k, v in m.names.items()}
    rank = {k: i for i, k in enumerate(members[0].main_entities)}
    top = sorted(counts, key=lambda k: (-counts[k], rank.get(k, len(rank)), k))[:2]
    label = " and ".join(names.get(k, k.split(":", 1)[1]) for k in top)
    return f"{label}: {members[0].title}" if label else members[0].title
