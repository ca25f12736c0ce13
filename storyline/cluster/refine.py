"""Second pass of the batch: move each article to the story it fits best once all stories are complete.

The stream decides for each article against the stories as they were when it arrived, often just begun.
The refinement compares every article with every candidate story's centroid *without the article*
(leave-one-out for its own story) and moves it when another story fits it better by
:data:`MOVE_MARGIN`; it repeats until nothing moves (at most ``config.refine_rounds`` rounds), like
k-means started from the streaming result. Articles are visited by id and centroids follow each move at
once (moving all at once lets two lone articles swap places forever), so the result does not depend on
the order the articles came in.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from storyline.cluster.features import TOP_TERMS, ArticleFeatures, DocumentFrequencies
from storyline.cluster.records import ClusterConfig
from storyline.cluster.stream import (
    DATE_BONUS,
    MAX_CANDIDATES,
    REUSE_BONUS,
    _add_into,
    _lookup_keys,
    decayed,
    detail_evidence,
    detail_values,
    unit,
)

__all__ = ["refine_groups"]

K = TypeVar("K", str, int)

# another story must beat the article's own by this much: a tie keeps the streaming decision
MOVE_MARGIN = 0.02
NORM_EPSILON = 1e-9  # a story left with nothing but rounding error has no direction


@dataclass(slots=True)
class _Vectors:
    """One article's weighted, unit-length vectors."""

    terms: dict[int, float]
    entities: dict[str, float]
    details: dict[str, float]
    values: dict[str, set[str]]
    keys: dict[str | int, float]


@dataclass(slots=True)
class _Centroid:
    """Summed vectors and dated period of one story."""

    terms: dict[int, float] = field(default_factory=dict)
    term_norm2: float = 0.0
    entities: dict[str, float] = field(default_factory=dict)
    entity_norm2: float = 0.0
    details: dict[str, float] = field(default_factory=dict)
    values: dict[str, Counter[str]] = field(default_factory=dict)  # noun -> value -> articles
    dates: dict[dt.date, int] = field(default_factory=dict)  # mentioned day -> articles mentioning it
    published: list[dt.date] = field(default_factory=list)


def _vectors(f: ArticleFeatures, frequencies: DocumentFrequencies) -> _Vectors:
    """The article's TF-IDF term, entity and detail vectors, as the stream weighs them."""
    weights = [(tf * frequencies.term_idf(h), h) for h, tf in f.terms.items()]
    if len(weights) > TOP_TERMS:
        weights = heapq.nlargest(TOP_TERMS, weights)
    terms = unit({h: w for w, h in weights})
    entities = unit({k: w * frequencies.entity_idf(k) for k, w in f.entities.items()})
    details = unit({k: w * frequencies.detail_idf(k) for k, w in f.details.items()})
    return _Vectors(terms, entities, details, detail_values(details), _lookup_keys(terms, entities))


def _add(target: dict[K, float], vector: Mapping[K, float], sign: float) -> None:
    """Add (or subtract) a vector into a sum in place."""
    for k, v in vector.items():
        target[k] = target.get(k, 0.0) + sign * v


def _loo_cosine(a: Mapping[K, float], b: Mapping[K, float], b_norm2: float, own: bool) -> float:
    """Cosine of a unit vector ``a`` and a sum ``b`` (squared norm ``b_norm2``), or ``b`` without ``a``
    when ``own`` (no copy made).

    Without ``a``: the dot product loses ``|a|² = 1`` and the squared norm becomes
    ``|b|² - 2 a·b + 1``.
    """
    if not a or not b:
        return 0.0
    dot = sum([a[k] * b[k] for k in a.keys() & b.keys()])
    norm2 = b_norm2
    if own:
        norm2 += 1.0 - 2.0 * dot
        dot -= 1.0
    return dot / math.sqrt(norm2) if norm2 > NORM_EPSILON else 0.0


def _centroid(
    members: Sequence[str], features: Mapping[str, ArticleFeatures], vec: Mapping[str, _Vectors]
) -> _Centroid:
    """Sum the members' vectors."""
    c = _Centroid()
    for aid in members:
        c.term_norm2 = _add_into(c.terms, c.term_norm2, vec[aid].terms)
        c.entity_norm2 = _add_into(c.entities, c.entity_norm2, vec[aid].entities)
        _add(c.details, vec[aid].details, 1.0)
        for noun, vals in vec[aid].values.items():
            c.values.setdefault(noun, Counter()).update(vals)
        for d in features[aid].dates:
            c.dates[d] = c.dates.get(d, 0) + 1
        published = features[aid].date
        if published is not None:
            c.published.append(published)
    return c


def refine_groups(
    groups: Sequence[Sequence[str]],
    features: Mapping[str, ArticleFeatures],
    frequencies: DocumentFrequencies,
    partners: Mapping[str, set[str]],
    config: ClusterConfig,
) -> list[list[str]]:
    """Move articles between stories until each is in the story it fits best (see the module docstring).

    Args:
        groups: the streaming result, article ids per story.
        features: every article's features.
        frequencies: document frequencies over the batch.
        partners: article id -> ids it shares reused text with.
        config: clustering settings (weights, time decay).

    Returns:
        The refined groups (none empty), each in its original order with newcomers appended by id.
    """
    vec = {aid: _vectors(features[aid], frequencies) for group in groups for aid in group}
    current = [list(g) for g in groups]
    story_of = {aid: i for i, g in enumerate(current) for aid in g}
    centroids = [_centroid(g, features, vec) for g in current]
    index: dict[str | int, set[int]] = {}  # may hold stories an article has left: they are just scored
    for i, g in enumerate(current):
        for aid in g:
            for key in vec[aid].keys:
                index.setdefault(key, set()).add(i)
    for _ in range(config.refine_rounds):
        moved = False
        for aid in sorted(story_of):
            own = story_of[aid]
            hits: dict[int, float] = {}
            for key, w in vec[aid].keys.items():
                for i in index.get(key, ()):
                    if current[i]:
                        hits[i] = hits.get(i, 0.0) + w
            candidates = [i for _, i in heapq.nsmallest(MAX_CANDIDATES, ((-w, i) for i, w in hits.items()))]
            if own not in candidates:
                candidates.append(own)
            scores = {
                i: _score(aid, i, i == own, current, centroids, features, vec, partners, config)
                for i in candidates
            }
            best = max(candidates, key=lambda i: (scores[i], -i))
            if (
                best != own
                and scores[best] >= config.join_threshold
                and scores[best] > scores[own] + MOVE_MARGIN
            ):
                current[own].remove(aid)
                current[best].append(aid)
                _move(centroids[own], centroids[best], aid, features[aid], vec[aid])
                for key in vec[aid].keys:
                    index.setdefault(key, set()).add(best)
                story_of[aid] = best
                moved = True
        if not moved:
            break
    return [g for g in current if g]


def _move(source: _Centroid, target: _Centroid, aid: str, f: ArticleFeatures, v: _Vectors) -> None:
    """Take one article's vectors, dates and values out of ``source`` and into ``target``."""
    for c, sign in ((source, -1.0), (target, 1.0)):
        if sign > 0:
            c.term_norm2 = _add_into(c.terms, c.term_norm2, v.terms)
            c.entity_norm2 = _add_into(c.entities, c.entity_norm2, v.entities)
        else:
            c.term_norm2 = _add_into(c.terms, c.term_norm2, {k: -x for k, x in v.terms.items()})
            c.entity_norm2 = _add_into(c.entities, c.entity_norm2, {k: -x for k, x in v.entities.items()})
        _add(c.details, v.details, sign)
        for noun, vals in v.values.items():
            counter = c.values.setdefault(noun, Counter())
            if sign > 0:
                counter.update(vals)
            else:
                counter.subtract(vals)
                counter += Counter()  # drop the values no article of the story counts any more
        for d in f.dates:
            c.dates[d] = c.dates.get(d, 0) + int(sign)
        if f.date is not None:
            if sign > 0:
                c.published.append(f.date)
            else:
                c.published.remove(f.date)


def _score(
    aid: str,
    story: int,
    own: bool,
    groups: Sequence[Sequence[str]],
    centroids: Sequence[_Centroid],
    features: Mapping[str, ArticleFeatures],
    vec: Mapping[str, _Vectors],
    partners: Mapping[str, set[str]],
    config: ClusterConfig,
) -> float:
    """The combined similarity of an article to a story's centroid (leave-one-out for its own story)."""
    v, c, f = vec[aid], centroids[story], features[aid]
    if own and len(groups[story]) == 1:
        return 0.0  # alone: its own story without it is empty
    text = _loo_cosine(v.terms, c.terms, c.term_norm2, own)
    ent = _loo_cosine(v.entities, c.entities, c.entity_norm2, own)
    dets = c.details
    if own and config.detail_weight > 0:  # the detail cosine needs the story without the article
        dets = dict(dets)
        _add(dets, v.details, -1.0)
    values: Mapping[str, Counter[str]] = c.values
    if own:  # the story's values without the article's own
        values = {n: (c.values[n] - Counter(v.values[n])) for n in v.values if n in c.values}
    evidence, conflict = detail_evidence(v.details, v.values, dets, None, values, config)
    others = [a for a in groups[story] if a != aid]
    if partners.get(aid, set()) & set(others):
        evidence += REUSE_BONUS
    mentioned = {d for d, n in c.dates.items() if n - (1 if own and d in f.dates else 0) > 0}
    if f.dates & mentioned:
        evidence += DATE_BONUS
    published = list(c.published)
    if own and f.date is not None:
        published.remove(f.date)
    first, last = (min(published), max(published)) if published else (None, None)
    return decayed(text, ent, len(v.entities), evidence, f.date, first, last, config, conflict)[0]
