"""A stand-in annotation layer for the clustering tests: every name of a gazetteer found in the text."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from storyline.models import Annotation, Article, EntityMention


def gazetteer_annotator(gazetteer: Mapping[str, str]) -> Callable[[Article], Annotation]:
    """An annotate(article) that finds every name of ``gazetteer`` (name -> label) in the text, longest
    names first, none overlapping another."""

    def annotate(article: Article) -> Annotation:
        """Entities: every gazetteer name found in the text."""
        taken: list[tuple[int, int]] = []
        mentions = []
        for name in sorted(gazetteer, key=len, reverse=True):
            for m in re.finditer(rf"(?<!\w){re.escape(name)}\b", article.text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                mentions.append(EntityMention(start=m.start(), end=m.end(), text=name, label=gazetteer[name]))
        mentions.sort(key=lambda e: e.start)
        return Annotation(article_id=article.id, model="test-gazetteer", entities=tuple(mentions))

    return annotate
