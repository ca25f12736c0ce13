"""A person's corrections to the stories: merge, move and split, kept across re-runs.

Corrections name articles, never story ids (a story's id changes with its members), so they keep their
meaning when new articles arrive and the stories are recomputed. They are applied in the order they were
made, after clustering, to the groups of article ids:

- ``merge``: the stories holding any of ``articles`` become one story;
- ``move``: ``articles`` leave their stories and join the story holding ``anchor``;
- ``split``: ``articles`` leave their stories and form one new story together.

An article a correction names that is not in the input is ignored (it may have been removed from the
store); a correction left with nothing to act on changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.models import Correction

__all__ = ["apply_corrections"]


def apply_corrections(
    groups: Sequence[Sequence[str]], corrections: Sequence[Correction]
) -> tuple[list[list[str]], frozenset[str]]:
    """Apply ``corrections`` in order to ``groups`` (lists of article ids, each id in one group).

    Returns:
        The corrected groups (none empty; members in their original order, moved articles appended)
        and the ids of the articles whose story a correction decided.
    """
    result: list[list[str]] = [list(group) for group in groups]
    where = {aid: index for index, group in enumerate(result) for aid in group}
    decided: set[str] = set()

    def detach(aid: str) -> None:
        result[where[aid]].remove(aid)

    for correction in corrections:
        present = [aid for aid in dict.fromkeys(correction.articles) if aid in where]
        if correction.kind == "merge":
            targets = sorted({where[aid] for aid in present})
            if len(targets) < 2:
                continue
            keep = targets[0]
            for index in targets[1:]:
                for aid in result[index]:
                    where[aid] = keep
                result[keep].extend(result[index])
                result[index] = []
            decided.update(result[keep])
        elif correction.kind == "move":
            if correction.anchor not in where:
                continue
            for aid in present:
                if where[aid] == where[correction.anchor]:
                    continue
                detach(aid)
                where[aid] = where[correction.anchor]
                result[where[aid]].append(aid)
                decided.add(aid)
        else:
            if not present:
                continue
            for aid in present:
                detach(aid)
                where[aid] = len(result)
            result.append(present)
            decided.update(present)
    return [group for group in result if group], frozenset(decided)
