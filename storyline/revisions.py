"""What an outlet changed in an article it republished under the same URL: sentence by sentence.

A re-read article with the same id (its canonical URL) but another title or text replaces the stored
one; the store keeps the replaced versions (:class:`~storyline.models.ArticleVersion`). This stage
compares each version with the next one (the last with the current text) and lists the sentences that
changed, were added or were removed: a corrected toll, a softened claim, a changed headline.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from storyline.export.types import ArticleRevision, TextChange
from storyline.models import Article, ArticleVersion

__all__ = ["MAX_CHANGES", "article_revisions"]

MAX_CHANGES = 20  # changes listed per revision: a rewrite beyond this is a new article, not a correction
# Two sentences are one edited sentence when difflib's similarity ratio reaches this: a changed number or
# word keeps it near 0.9, an unrelated sentence of similar length stays under 0.5. Chosen by hand.
EDIT_RATIO = 0.6
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+|\n+")


def article_revisions(current: Article, versions: Sequence[ArticleVersion]) -> tuple[ArticleRevision, ...]:
    """The revisions of ``current``: each replaced version and what changed from it to the next one.

    Args:
        current: the article as stored now.
        versions: its replaced versions, oldest first.

    Returns:
        One revision per version, oldest first.
    """
    texts = [v.text for v in versions] + [current.text]
    return tuple(
        ArticleRevision(
            replaced_at=version.replaced_at,
            title=version.title,
            changes=_changes(texts[index], texts[index + 1]),
        )
        for index, version in enumerate(versions)
    )


def _sentences(text: str) -> list[str]:
    """The text's sentences, whitespace collapsed (the unit of a change)."""
    return [" ".join(part.split()) for part in _SENTENCE_END.split(text) if part.strip()]


def _changes(before: str, after: str) -> tuple[TextChange, ...]:
    """The sentences replaced, removed or added from ``before`` to ``after``, in text order."""
    old, new = _sentences(before), _sentences(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    changes: list[TextChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            changes += _pair(old[i1:i2], new[j1:j2])
    return tuple(changes[:MAX_CHANGES])


def _pair(removed: Sequence[str], added: Sequence[str]) -> list[TextChange]:
    """Pair each removed sentence with the added one it was edited into (in order), the rest alone.

    "Twelve people were hurt." edited into "Fifteen people were hurt." is one change; a sentence cut
    next to it is another.
    """
    changes: list[TextChange] = []
    next_added = 0
    for sentence in removed:
        match = next(
            (
                j
                for j in range(next_added, len(added))
                if difflib.SequenceMatcher(a=sentence, b=added[j], autojunk=False).ratio() >= EDIT_RATIO
            ),
            None,
        )
        if match is None:
            changes.append(TextChange(before=sentence, after=""))
            continue
        changes += [TextChange(before="", after=a) for a in added[next_added:match]]
        changes.append(TextChange(before=sentence, after=added[match]))
        next_added = match + 1
    changes += [TextChange(before="", after=a) for a in added[next_added:]]
    return changes
