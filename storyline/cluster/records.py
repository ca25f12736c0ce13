"""Records of the stories stage: settings, stories, storylines, date estimates and explanations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from storyline.errors import ConfigError
from storyline.models import Article

__all__ = ["ClusterConfig", "Clustering", "DateEstimate", "Membership", "Story", "Storyline"]

# Defaults of ClusterConfig. Where each value comes from is said next to it; the eval figures are from
# `storyline eval clustering ecbplus ../shared/data/ecbplus` (topics 1–35, a development set).
DEFAULT_WINDOW_DAYS = 30.0  # a story with no new article for 30 days is closed; news events rarely run longer
# eval (batch, topics 1–35): story B³ F1 0.827/0.840/0.842/0.820 at 0.15/0.20/0.25/0.30 — a plateau;
# 0.25 keeps topic-level precision at 0.986 (0.30 reaches 1.0 but splits more stories)
DEFAULT_JOIN_THRESHOLD = 0.25
# a story of one article, when it closes, joins the best story of several articles from this similarity
# on; eval (offline replay of the final stories): story B³ F1 0.883 for 0.10, 0.15 and 0.20 alike
DEFAULT_ATTACH_THRESHOLD = 0.15
DEFAULT_TEXT_WEIGHT = 0.5  # equal weights: text weight 0.7 scored 0.01 lower at every threshold (eval)
DEFAULT_ENTITY_WEIGHT = 0.5
DEFAULT_TIME_GRACE_DAYS = 7.0  # coverage of one event runs about a week before follow-ups set in
DEFAULT_TIME_DECAY_DAYS = 30.0  # past the grace, similarity halves every ~3 weeks (exp(-d/30), d in days)
DEFAULT_STORYLINE_MIN_SHARED = 2  # two main entities in common (one name alone is too often a namesake)
DEFAULT_STORYLINE_MAIN_ENTITIES = 5  # a story's main entities: its 5 heaviest


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterConfig:
    """Settings of the stories stage.

    ``window_days``: a story that has had no article for this long is closed (streaming eviction).
    ``join_threshold``: an article joins the most similar active story when the combined similarity
    reaches this, else it starts a new story. ``attach_threshold``: when a story of one article closes,
    its article joins the most similar story of several articles if they are this similar.
    ``text_weight``/``entity_weight`` weigh the TF-IDF cosine and the typed-entity cosine. Past
    ``time_grace_days`` between an article and a story, the similarity decays as
    ``exp(-(gap - grace) / time_decay_days)``. Storylines link stories sharing ``storyline_min_shared``
    of their ``storyline_main_entities`` heaviest entities.
    """

    window_days: float = DEFAULT_WINDOW_DAYS
    join_threshold: float = DEFAULT_JOIN_THRESHOLD
    attach_threshold: float = DEFAULT_ATTACH_THRESHOLD
    text_weight: float = DEFAULT_TEXT_WEIGHT
    entity_weight: float = DEFAULT_ENTITY_WEIGHT
    time_grace_days: float = DEFAULT_TIME_GRACE_DAYS
    time_decay_days: float = DEFAULT_TIME_DECAY_DAYS
    storyline_min_shared: int = DEFAULT_STORYLINE_MIN_SHARED
    storyline_main_entities: int = DEFAULT_STORYLINE_MAIN_ENTITIES

    def __post_init__(self) -> None:
        if self.window_days <= 0 or self.time_decay_days <= 0 or self.time_grace_days < 0:
            raise ConfigError(
                "window_days and time_decay_days must be positive and time_grace_days not negative, not "
                f"{self.window_days}, {self.time_decay_days}, {self.time_grace_days}"
            )
        if not 0.0 < self.join_threshold <= 1.0:
            raise ConfigError(f"join_threshold must be in (0, 1], not {self.join_threshold}")
        if not 0.0 < self.attach_threshold <= 1.0:
            raise ConfigError(f"attach_threshold must be in (0, 1], not {self.attach_threshold}")
        if self.text_weight < 0 or self.entity_weight < 0 or self.text_weight + self.entity_weight <= 0:
            raise ConfigError(
                f"text_weight and entity_weight must be >= 0 with a positive sum, not "
                f"{self.text_weight} and {self.entity_weight}"
            )
        if self.storyline_min_shared < 1 or self.storyline_main_entities < 1:
            raise ConfigError("storyline_min_shared and storyline_main_entities must be at least 1")


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    """One real-world event and its coverage: articles sorted by (effective date, id)."""

    id: str
    storyline: str
    article_ids: tuple[str, ...]
    title: str
    period_start: dt.date | None
    period_end: dt.date | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Storyline:
    """Stories about the same people and thread over months, with the reason they were linked."""

    id: str
    title: str
    story_ids: tuple[str, ...]  # by period start, then id
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DateEstimate:
    """An estimated publication date of an undated article, with the range it surely lies in and why."""

    date: dt.date
    earliest: dt.date
    latest: dt.date
    basis: str  # one line a person can check


@dataclass(frozen=True, slots=True, kw_only=True)
class Membership:
    """Why an article is in its story.

    ``similarity`` is the combined similarity of the article to the rest of its story (leave-one-out;
    1.0 for a story of one article); ``shared_entities`` are the heaviest entities it shares with the
    rest of the story; ``days_from_first`` counts from the story's first (effective) date, None when the
    article or the story has no date.
    """

    article_id: str
    story_id: str
    similarity: float
    text_similarity: float
    entity_similarity: float
    shared_entities: tuple[str, ...]
    days_from_first: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Clustering:
    """The stories stage's result: stories (by first date, then id), storylines, estimates, explanations."""

    stories: tuple[Story, ...] = ()
    storylines: tuple[Storyline, ...] = ()
    estimates: Mapping[str, DateEstimate] = field(default_factory=dict)
    explanations: Mapping[str, Membership] = field(default_factory=dict)

    def story_of(self) -> dict[str, str]:
        """Map every article id to its story id."""
        return {aid: story.id for story in self.stories for aid in story.article_ids}

    def effective_date(self, article: Article) -> dt.date | None:
        """The date later stages use for an article: its publication date, else its estimate, else None."""
        if article.published is not None:
            return article.published
        estimate = self.estimates.get(article.id)
        return estimate.date if estimate is not None else None
