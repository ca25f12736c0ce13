"""``cluster_stories``: stories, storylines, date estimates and explanations for a batch of articles.

The batch replays the stream: document frequencies are counted over the whole batch first, then the
dated articles go through a :class:`StoryStream` in (date, id) order and the undated ones after them,
compared with every story (a missing date says nothing about when an article belongs). So the same input
gives the same stories and ids in any order. A second pass (:func:`storyline.cluster.refine.refine_groups`)
then moves each article to the story whose centroid, computed without it, it fits best.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from storyline.cluster.corrections import apply_corrections
from storyline.cluster.estimates import estimate_date
from storyline.cluster.features import ArticleFeatures, DocumentFrequencies, extract_features
from storyline.cluster.records import ClusterConfig, Clustering, DateEstimate, Membership, Story, Storyline
from storyline.cluster.refine import refine_groups
from storyline.cluster.storylines import StoryProfile, link_storylines
from storyline.cluster.stream import StoryStream, combine, cosine, unit
from storyline.ids import make_group_id
from storyline.models import Annotation, Article, Correction

__all__ = ["cluster_stories", "story_title"]

LOGGER = logging.getLogger(__name__)

SHARED_ENTITIES_SHOWN = 5  # explanations list the 5 heaviest shared entities
DERIVED_TITLE_WORDS = 14  # a headline made from a lead sentence keeps its first 14 words
OUTLET_TAIL_WORDS = 4  # " - Metro Daily" / " | News 24": a title's tail of up to 4 words after a separator

_TITLE_PREFIX_RE = re.compile(
    r"^(?:breaking(?: news)?|update[d]?|exclusive|video|photos?|watch|live|report|analysis)\s*[:|-]\s*",
    re.IGNORECASE,
)
_TITLE_SEPARATORS = (" | ", " - ", " — ", " – ", " :: ")


def cluster_stories(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotation],
    *,
    reuse_links: Iterable[tuple[str, str]] = (),
    corrections: Sequence[Correction] = (),
    config: ClusterConfig = ClusterConfig(),  # noqa: B008 -- frozen, so a shared default is safe
    features: Mapping[str, ArticleFeatures] | None = None,
) -> Clustering:
    """Group articles into stories and storylines; estimate dates of undated articles; explain.

    Args:
        articles: the articles, in any order; a repeated id is used once (the first copy).
        annotations: article id -> annotation (entities); an article without one is clustered on its
            text and dates alone.
        reuse_links: pairs of article ids that share reused text (from the reuse stage); pairs naming
            unknown articles are ignored.
        corrections: a person's corrections, applied in order after clustering
            (:func:`storyline.cluster.corrections.apply_corrections`).
        config: clustering settings.
        features: the articles' features computed before (e.g. on other processes:
            :func:`extract_features` is pure); those missing are computed here.

    Returns:
        The clustering: stories ordered by first date then id, their storylines, a date estimate for
        every undated article that has any basis, and an explanation for every article.
    """
    unique: dict[str, Article] = {}
    for article in articles:
        if article.id in unique:
            LOGGER.info("article %s given twice; clustering it once", article.id)
            continue
        unique[article.id] = article
    if not unique:
        return Clustering()
    given = features or {}
    features = {
        aid: given[aid] if aid in given else extract_features(a, annotations.get(aid))
        for aid, a in unique.items()
    }
    partners: dict[str, set[str]] = {}
    for a, b in reuse_links:
        if a in unique and b in unique and a != b:
            partners.setdefault(a, set()).add(b)
            partners.setdefault(b, set()).add(a)
    frequencies = DocumentFrequencies()
    frequencies.add_all(features[aid] for aid in sorted(features))
    stream = StoryStream(config, frequencies=frequencies, learn_frequencies=False, archive=True)
    dated = sorted((a for a in unique.values() if a.published is not None), key=lambda a: (a.published, a.id))
    undated = sorted(a.id for a in unique.values() if a.published is None)
    for article in dated:
        stream.add(features[article.id], reuse_with=partners.get(article.id, ()))
    for aid in undated:
        stream.add(features[aid], reuse_with=partners.get(aid, ()), search_closed=True)
    groups: list[list[str]] = [list(closed.article_ids) for closed in stream.close_all()]
    groups = refine_groups(groups, features, frequencies, partners, config)
    groups, corrected = apply_corrections(groups, corrections)
    clustering = _assemble(unique, features, frequencies, groups, config)
    return dataclasses.replace(clustering, corrected=corrected) if corrected else clustering


def _assemble(
    articles: Mapping[str, Article],
    features: Mapping[str, ArticleFeatures],
    frequencies: DocumentFrequencies,
    groups: Sequence[Sequence[str]],
    config: ClusterConfig,
) -> Clustering:
    """Turn groups of article ids into records: estimates, ordered stories, explanations, storylines."""
    estimates: dict[str, DateEstimate] = {}
    draft: list[tuple[str, list[str]]] = []
    for group in groups:
        story_id = make_group_id("s", group)
        dated = [d for aid in group if (d := articles[aid].published) is not None]
        for aid in sorted(group):
            article = articles[aid]
            if article.published is None:
                text = article.title + "\n" + article.text
                estimate = estimate_date(features[aid], text, story_id, dated)
                if estimate is not None:
                    estimates[aid] = estimate
        draft.append((story_id, list(group)))

    def when(aid: str) -> dt.date | None:
        published = articles[aid].published
        return published if published is not None else (estimates[aid].date if aid in estimates else None)

    explanations: dict[str, Membership] = {}
    profiles: list[StoryProfile] = []
    bodies: dict[str, tuple[tuple[str, ...], str, dt.date | None, dt.date | None]] = {}
    for story_id, group in draft:
        ordered = tuple(sorted(group, key=lambda aid: (when(aid) or dt.date.max, aid)))
        dates = [d for aid in ordered if (d := when(aid)) is not None]
        start, end = (min(dates), max(dates)) if dates else (None, None)
        members = _explain(story_id, ordered, features, frequencies, start, when, config)
        explanations.update(members)
        title = story_title([articles[aid] for aid in ordered], members)
        main, names = _main_entities(ordered, features, frequencies, config.storyline_main_entities)
        profiles.append(
            StoryProfile(story_id=story_id, title=title, start=start, main_entities=main, names=names)
        )
        bodies[story_id] = (ordered, title, start, end)
    storylines = link_storylines(profiles, config.storyline_min_shared)
    line_of = {sid: line.id for line in storylines for sid in line.story_ids}
    stories = sorted(
        (
            Story(
                id=sid,
                storyline=line_of[sid],
                article_ids=ordered,
                title=title,
                period_start=start,
                period_end=end,
            )
            for sid, (ordered, title, start, end) in bodies.items()
        ),
        key=lambda s: (s.period_start or dt.date.max, s.id),
    )
    return Clustering(
        stories=tuple(stories),
        storylines=tuple(
            Storyline(id=line.id, title=line.title, story_ids=line.story_ids, reason=line.reason)
            for line in storylines
        ),
        estimates=dict(sorted(estimates.items())),
        explanations=dict(sorted(explanations.items())),
    )


def _explain(
    story_id: str,
    ordered: Sequence[str],
    features: Mapping[str, ArticleFeatures],
    frequencies: DocumentFrequencies,
    start: dt.date | None,
    when: Callable[[str], dt.date | None],
    config: ClusterConfig,
) -> dict[str, Membership]:
    """Why each article is in its story: its similarity to the rest of the story (leave-one-out)."""
    terms = {aid: unit(_idf_terms(features[aid], frequencies)) for aid in ordered}
    ents = {
        aid: unit({k: w * frequencies.entity_idf(k) for k, w in features[aid].entities.items()})
        for aid in ordered
    }
    term_sum: dict[int, float] = {}
    ent_sum: dict[str, float] = {}
    for aid in ordered:
        for h, v in terms[aid].items():
            term_sum[h] = term_sum.get(h, 0.0) + v
        for k, v in ents[aid].items():
            ent_sum[k] = ent_sum.get(k, 0.0) + v
    result = {}
    for aid in ordered:
        date = when(aid)
        days = (date - start).days if date is not None and start is not None else None
        if len(ordered) == 1:
            result[aid] = Membership(
                article_id=aid, story_id=story_id, similarity=1.0, text_similarity=1.0, entity_similarity=1.0,
                shared_entities=(), days_from_first=days,
            )  # fmt: skip
            continue
        rest_terms = {h: v - terms[aid].get(h, 0.0) for h, v in term_sum.items()}
        rest_ents = {k: v - ents[aid].get(k, 0.0) for k, v in ent_sum.items()}
        text = cosine(terms[aid], rest_terms)
        ent = cosine(ents[aid], rest_ents)
        shared = sorted(
            (k for k in ents[aid] if rest_ents.get(k, 0.0) > 1e-9),
            key=lambda k: (-ents[aid][k] * rest_ents[k], k),
        )[:SHARED_ENTITIES_SHOWN]
        names = features[aid].entity_names
        result[aid] = Membership(
            article_id=aid,
            story_id=story_id,
            similarity=round(combine(text, ent, len(ents[aid]), config), 4),
            text_similarity=round(text, 4),
            entity_similarity=round(ent, 4),
            shared_entities=tuple(names.get(k, k) for k in shared),
            days_from_first=days,
        )
    return result


def _idf_terms(f: ArticleFeatures, frequencies: DocumentFrequencies) -> dict[int, float]:
    """TF-IDF weights of all of an article's terms."""
    return {h: tf * frequencies.term_idf(h) for h, tf in f.terms.items()}


def _main_entities(
    ordered: Sequence[str],
    features: Mapping[str, ArticleFeatures],
    frequencies: DocumentFrequencies,
    top: int,
) -> tuple[tuple[str, ...], dict[str, str]]:
    """A story's heaviest entities (summed weight × IDF over its articles) and their display names."""
    weight: dict[str, float] = {}
    names: dict[str, str] = {}
    for aid in ordered:
        for k, w in features[aid].entities.items():
            weight[k] = weight.get(k, 0.0) + w * frequencies.entity_idf(k)
            name = features[aid].entity_names.get(k, k)
            if len(name) > len(names.get(k, "")):
                names[k] = name
    main = tuple(sorted(weight, key=lambda k: (-weight[k], k))[:top])
    return main, {k: names[k] for k in main}


def story_title(articles: Sequence[Article], members: Mapping[str, Membership]) -> str:
    """A headline for a story: the most central outlet headline, with outlet-specific parts removed.

    The most central article is the one most similar to the rest of its story; headlines written by an
    outlet are preferred to ones derived from a lead sentence. "BREAKING:"-style prefixes and a trailing
    " - Outlet" or " | Site" are cut, and an all-capitals headline is put in title case.
    """
    if not articles:
        return ""
    best = min(
        articles,
        key=lambda a: (a.title_derived, -members[a.id].similarity if a.id in members else 0.0, a.id),
    )
    return clean_title(best.title, best.outlet, derived=best.title_derived)


def clean_title(title: str, outlet: str | None, *, derived: bool = False) -> str:
    """Remove outlet-specific parts from a headline (see :func:`story_title`)."""
    text = " ".join(title.split())
    text = _TITLE_PREFIX_RE.sub("", text)
    outlet_squashed = re.sub(r"[^a-z0-9]", "", (outlet or "").lower())
    for sep in _TITLE_SEPARATORS:
        if sep in text:
            head, tail = text.rsplit(sep, 1)
            words = tail.split()
            squashed = re.sub(r"[^a-z0-9]", "", tail.lower())
            names_outlet = bool(squashed) and squashed in outlet_squashed
            looks_like_name = all(w[:1].isupper() for w in words)
            if head and len(words) <= OUTLET_TAIL_WORDS and (names_outlet or looks_like_name):
                text = head
    if derived:
        words = text.split()
        if len(words) > DERIVED_TITLE_WORDS:
            text = " ".join(words[:DERIVED_TITLE_WORDS]) + "…"
    if text.isupper():
        text = " ".join(
            w if len(w) <= 3 and w.isalpha() and w in ("US", "UK", "UN", "NFL", "NBA") else w.capitalize()
            for w in text.split()
        )
    return text.rstrip(" .;:") or title.strip()
