"""Stories and storylines: streaming, time-aware clustering of articles; date estimates; explanations.

A *story* is one real-world event and its coverage; a *storyline* links stories that share their main
entities across longer gaps (the follow-up a year later).

Modules: :mod:`.features` (terms, typed entities, specific details, mentioned dates), :mod:`.stream`
(:class:`StoryStream`, online clustering with a time window and eviction), :mod:`.refine` (the batch's
second pass), :mod:`.api` (:func:`cluster_stories`, the batch replay, titles and explanations),
:mod:`.storylines`, :mod:`.estimates`, :mod:`.records`.

Example:
    >>> clustering = cluster_stories(articles, annotations)   # doctest: +SKIP
    >>> [story.title for story in clustering.stories]          # doctest: +SKIP
"""

from storyline.cluster.api import cluster_stories, story_title
from storyline.cluster.features import ArticleFeatures, extract_features
from storyline.cluster.records import ClusterConfig, Clustering, DateEstimate, Membership, Story, Storyline
from storyline.cluster.stream import ClosedStory, StoryStream

__all__ = [
    "ArticleFeatures",
    "ClosedStory",
    "ClusterConfig",
    "Clustering",
    "DateEstimate",
    "Membership",
    "Story",
    "StoryStream",
    "Storyline",
    "cluster_stories",
    "extract_features",
    "story_title",
]
