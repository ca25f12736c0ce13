"""`storyline eval clustering ecbplus PATH`: story clustering measured on ECB+.

Gold: a document's story is its topic plus its subtopic (``ecb`` / ``ecbplus``: two different events of
the same kind); its topic is the topic alone. The predicted stories are scored against both with B³
precision/recall/F1 (Bagga & Baldwin 1998) and pairwise F1. At topic level, precision says whether a
story ever mixes topics; recall is bounded by the split of each topic into its two events.

Modes: ``stream`` feeds a :class:`StoryStream` in publication order, learning document frequencies as it
goes, undated articles after the dated ones (a stream cannot know where they belong in time: they see
only the stories still open); ``batch`` runs :func:`cluster_stories` (frequencies over the whole batch,
undated articles compared with every story); batch mode also scores the storylines against the gold
stories (``storyline``), since ECB+ puts follow-ups months later into the event's subtopic.

Annotations (spaCy entities) are cached per document under ``$STORYLINE_CACHE_DIR`` (default
``~/.cache/storyline``) in ``annotations/<annotator model>/<sha256 of id, title and text>.json``, outside
the repository; ``--no-cache`` ignores the cache. The eval gives the same figures with or without it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

import click

from storyline.cluster import ClusterConfig, StoryStream, cluster_stories, extract_features
from storyline.errors import StorylineError
from storyline.evaluation.ecbplus import EcbDocument, read_ecbplus
from storyline.models import Annotation, Article, EntityMention, TextSpan

__all__ = ["b_cubed", "baseline_agglomerative", "command", "pairwise_f1", "score_clustering"]

LOGGER = logging.getLogger(__name__)

BASELINE_THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 20))  # cosine-distance sweep 0.05–0.95


def b_cubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B³ precision, recall and F1 of a clustering (item -> cluster label) against gold labels.

    Args:
        predicted: item -> predicted cluster; every gold item must be in it.
        gold: item -> gold cluster.

    Returns:
        (precision, recall, F1); all 0.0 for no items.
    """
    items = sorted(gold)
    if not items:
        return 0.0, 0.0, 0.0
    pred_members: dict[str, set[str]] = defaultdict(set)
    gold_members: dict[str, set[str]] = defaultdict(set)
    for item in items:
        pred_members[predicted[item]].add(item)
        gold_members[gold[item]].add(item)
    precision = recall = 0.0
    for item in items:
        p, g = pred_members[predicted[item]], gold_members[gold[item]]
        both = len(p & g)
        precision += both / len(p)
        recall += both / len(g)
    precision /= len(items)
    recall /= len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def pairwise_f1(predicted: Mapping[str, str], gold: Mapping[str, str]) -> float:
    """F1 over item pairs: a pair is positive when both items share a cluster."""

    def pairs(labels: Mapping[str, str]) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for item in sorted(gold):
            groups[labels[item]].append(item)
        return {
            (a, b) for members in groups.values() for i, a in enumerate(members) for b in members[i + 1 :]
        }

    p, g = pairs(predicted), pairs(gold)
    if not p or not g:
        return 1.0 if p == g else 0.0
    both = len(p & g)
    precision, recall = both / len(p), both / len(g)
    return 2 * precision * recall / (precision + recall) if both else 0.0


def score_clustering(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """B³ precision/recall/F1 and pairwise F1 of a clustering, rounded to 4 decimals."""
    precision, recall, f1 = b_cubed(predicted, gold)
    return {
        "b3_precision": round(precision, 4),
        "b3_recall": round(recall, 4),
        "b3_f1": round(f1, 4),
        "pairwise_f1": round(pairwise_f1(predicted, gold), 4),
    }


def _cache_dir() -> Path:
    """Where annotations are cached: ``$STORYLINE_CACHE_DIR`` or ``~/.cache/storyline``."""
    return Path(os.environ.get("STORYLINE_CACHE_DIR", Path.home() / ".cache" / "storyline"))


def _cache_key(article: Article) -> str:
    """The cache file name of an article's annotation: a hash of what the annotator reads."""
    return hashlib.sha256("\x1f".join((article.id, article.title, article.text)).encode()).hexdigest()[:32]


def annotate_cached(articles: Sequence[Article], *, use_cache: bool = True) -> dict[str, Annotation]:
    """Annotate articles with :class:`storyline.annotate.Annotator`, reusing cached annotations."""
    from storyline.annotate import Annotator

    annotator = Annotator()
    folder = _cache_dir() / "annotations" / annotator.model_name
    result: dict[str, Annotation] = {}
    missing: list[Article] = []
    for article in articles:
        path = folder / f"{_cache_key(article)}.json"
        if use_cache and path.is_file():
            try:
                result[article.id] = _annotation_from_json(json.loads(path.read_text(encoding="utf-8")))
                continue
            except (ValueError, KeyError, TypeError) as err:
                LOGGER.warning("ignoring a broken cached annotation %s: %s", path, err)
        missing.append(article)
    if missing:
        LOGGER.info("annotating %d articles (%d from the cache)", len(missing), len(result))
        for article, annotation in zip(missing, annotator.annotate(missing), strict=True):
            result[article.id] = annotation
            if use_cache:
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                    path = folder / f"{_cache_key(article)}.json"
                    path.write_text(json.dumps(_annotation_to_json(annotation)), encoding="utf-8")
                except OSError as err:
                    LOGGER.warning("cannot write the annotation cache in %s: %s", folder, err)
    return result


def _annotation_to_json(annotation: Annotation) -> dict[str, object]:
    """A JSON-ready form of an annotation."""
    return {
        "article_id": annotation.article_id,
        "model": annotation.model,
        "sentences": [[s.start, s.end] for s in annotation.sentences],
        "tokens": [[t.start, t.end] for t in annotation.tokens],
        "entities": [[e.start, e.end, e.text, e.label] for e in annotation.entities],
    }


def _annotation_from_json(data: dict[str, object]) -> Annotation:
    """Rebuild an annotation from :func:`_annotation_to_json`'s form."""
    sentences = data["sentences"]
    tokens = data["tokens"]
    entities = data["entities"]
    assert isinstance(sentences, list) and isinstance(tokens, list) and isinstance(entities, list)
    return Annotation(
        article_id=str(data["article_id"]),
        model=str(data["model"]),
        sentences=tuple(TextSpan(int(a), int(b)) for a, b in sentences),
        tokens=tuple(TextSpan(int(a), int(b)) for a, b in tokens),
        entities=tuple(
            EntityMention(start=int(a), end=int(b), text=str(t), label=str(lab)) for a, b, t, lab in entities
        ),
    )


def stream_clusters(
    articles: Sequence[Article], annotations: Mapping[str, Annotation], config: ClusterConfig
) -> dict[str, str]:
    """Cluster in streaming mode: dated articles by (date, id), then undated ones by id."""
    dated = sorted((a for a in articles if a.published is not None), key=lambda a: (a.published, a.id))
    undated = sorted((a for a in articles if a.published is None), key=lambda a: a.id)
    stream = StoryStream(config)
    closed = []
    for article in [*dated, *undated]:
        stream.add(extract_features(article, annotations.get(article.id)))
        closed += stream.drain_closed()
    closed += stream.close_all()
    return {aid: str(story.key) for story in closed for aid in story.article_ids}


def baseline_agglomerative(
    articles: Sequence[Article], gold: Mapping[str, str]
) -> tuple[float, dict[str, float]]:
    """The reference baseline: TF-IDF of title and body, average-link agglomerative, best threshold.

    Returns:
        The best cosine-distance threshold (chosen on ``gold``, so an optimistic reference) and its scores.
    """
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [a.title + "\n" + a.text for a in articles]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).toarray()
    best: tuple[float, float, dict[str, float]] | None = None
    for threshold in BASELINE_THRESHOLDS:
        model = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
        )
        labels = model.fit_predict(matrix)
        predicted = {a.id: str(label) for a, label in zip(articles, labels, strict=True)}
        scores = score_clustering(predicted, gold)
        if best is None or scores["b3_f1"] > best[0]:
            best = (scores["b3_f1"], threshold, scores)
    assert best is not None
    return best[1], best[2]


@click.command(name="clustering")
@click.argument("dataset", type=click.Choice(["ecbplus"]))
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--limit-topics", type=click.IntRange(min=1), default=None, help="Use only the first N topics.")
@click.option("--mode", type=click.Choice(["stream", "batch"]), default="stream", show_default=True)
@click.option(
    "--baseline", is_flag=True, help="Also score TF-IDF + average-link agglomerative (best threshold)."
)
@click.option(
    "--no-cache", is_flag=True, help="Annotate every document again, ignoring the annotation cache."
)
def command(
    dataset: str,
    path: Path,
    as_json: bool,
    limit_topics: int | None,
    mode: str,
    baseline: bool,
    no_cache: bool,
) -> None:
    """Score story clustering on ECB+ (B³ and pairwise F1, story and topic level).

    \b
    Example:
        storyline eval clustering ecbplus ../shared/data/ecbplus --mode batch
    """
    try:
        documents: list[EcbDocument] = list(read_ecbplus(path, limit_topics=limit_topics))
    except StorylineError as err:
        raise click.ClickException(str(err)) from err
    articles = [d.article for d in documents]
    annotations = annotate_cached(articles, use_cache=not no_cache)
    config = ClusterConfig()
    storyline_of: dict[str, str] | None = None
    if mode == "stream":
        predicted = stream_clusters(articles, annotations, config)
    else:
        clustering = cluster_stories(articles, annotations, config=config)
        predicted = clustering.story_of()
        line_of = {story.id: story.storyline for story in clustering.stories}
        storyline_of = {aid: line_of[sid] for aid, sid in predicted.items()}
    gold_story = {d.article.id: d.gold_story for d in documents}
    gold_topic = {d.article.id: d.topic for d in documents}
    result: dict[str, object] = {
        "story": score_clustering(predicted, gold_story),
        "topic": score_clustering(predicted, gold_topic),
        "documents": len(documents),
        "topics": len(set(gold_topic.values())),
        "stories": {"gold": len(set(gold_story.values())), "predicted": len(set(predicted.values()))},
        "mode": mode,
    }
    if storyline_of is not None:
        # ECB+ counts a follow-up months later (a sentencing after a shooting) in the event's subtopic;
        # Storyline makes it a new story in the same storyline, so storylines are scored too
        result["storyline"] = score_clustering(storyline_of, gold_story)
    if baseline:
        threshold, scores = baseline_agglomerative(articles, gold_story)
        result["baseline"] = {"threshold": threshold, "story": scores}
    if as_json:
        click.echo(json.dumps(result, sort_keys=True))
        return
    _print_table(result)


def _print_table(result: Mapping[str, object]) -> None:
    """Print the scores as a small Markdown table."""
    out = sys.stdout
    out.write(
        f"ECB+ clustering ({result['mode']}): {result['documents']} documents, {result['topics']} topics, "
        f"stories gold/predicted {result['stories']}\n\n"
    )
    out.write("| level | B³ P | B³ R | B³ F1 | pairwise F1 |\n| --- | --- | --- | --- | --- |\n")
    rows = [("story", result["story"]), ("topic", result["topic"])]
    if "storyline" in result:
        rows.append(("storylines vs gold stories", result["storyline"]))
    base = result.get("baseline")
    if isinstance(base, dict):
        rows.append((f"baseline story (t={base['threshold']})", base["story"]))
    for name, scores in rows:
        assert isinstance(scores, dict)
        out.write(
            f"| {name} | {scores['b3_precision']:.4f} | {scores['b3_recall']:.4f} | {scores['b3_f1']:.4f} "
            f"| {scores['pairwise_f1']:.4f} |\n"
        )
