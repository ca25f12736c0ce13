"""Streaming story clustering speed and memory on synthetic corpora (bench/synth.py).

Each size runs in its own subprocess, so its peak memory (``ru_maxrss``) is its own. The clock runs only
around feature extraction and :meth:`StoryStream.add` (and eviction): generating the corpus and the
stand-in annotation layer are excluded, as the issue asks. The annotation stand-in is a cheap heuristic
(runs of capitalized words, a lone one opening a sentence skipped, all labelled ORG: keyed by whole text),
not spaCy, so the entity channel has realistic names to work with. B³ against the synthetic stories is
computed on the fly from the closed stories (the truth map holds only articles of open stories).
Throughput is given by wall clock and by process CPU time: the machine is shared, and one process uses
one core. "2 cores, pipelined" is what two cores give when one computes the features (a pure function
of each article) while the other runs the stream: the slower stage's measured CPU time sets the pace. It
is an estimate from the two stages' times, not a parallel run.

Usage::

    python -m bench.cluster                         # 20k articles (under a minute)
    python -m bench.cluster --sizes 100000,1000000  # the issue's sizes (minutes; run by hand)
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
import resource
import sys
import time
from collections import Counter

from bench import run_worker
from bench.synth import generate_corpus
from storyline.cluster import ClusterConfig, StoryStream, extract_features
from storyline.models import Annotation, Article, EntityMention

WORDS = 400  # body words per synthetic article (news articles run 300-800 words)
_NAME_RUN = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\b")
# A lone capitalized word here opens a sentence or a quote ("Some", "“Our"): not a name.
_SENTENCE_START = re.compile(r"(?:^|[.!?\n][\"”’]?\s+|[\"“‘])$")
# Day and month names: spaCy labels them DATE, which the clustering does not take as entities.
_DATE_WORDS = frozenset([*calendar.day_name, *calendar.month_name[1:]])  # English under the C locale


def heuristic_annotation(article: Article) -> Annotation:
    """Stand-in entities: capitalized-word runs, all labelled ORG (keyed whole); a lone word opening a
    sentence or a quote ("Some", "“Our") and day and month names are skipped."""
    text = article.text
    entities = tuple(
        EntityMention(start=m.start(1), end=m.end(1), text=m.group(1), label="ORG")
        for m in _NAME_RUN.finditer(text)
        if m.group(1) not in _DATE_WORDS
        and (" " in m.group(1) or not _SENTENCE_START.search(text[max(0, m.start(1) - 3) : m.start(1)]))
    )
    return Annotation(article_id=article.id, model="bench-heuristic", entities=entities)


def _worker(n: int) -> dict[str, float]:
    """Cluster ``n`` synthetic articles in a stream; return timings, memory and B³ figures."""
    stream = StoryStream(ClusterConfig())
    truth: dict[str, str] = {}
    gold_sizes: Counter[str] = Counter()
    precision_sum = recall_sum = 0.0
    scored = 0
    seconds = cpu = features_cpu = 0.0
    max_active = 0

    def score(closed_ids: tuple[str, ...]) -> None:
        nonlocal precision_sum, recall_sum, scored
        labels = Counter(truth[a] for a in closed_ids)
        for aid in closed_ids:
            both = labels[truth[aid]]
            precision_sum += both / len(closed_ids)
            recall_sum += both / gold_sizes[truth[aid]]
            scored += 1
        for aid in closed_ids:
            del truth[aid]

    for synth in generate_corpus(n, seed=7, words=WORDS):
        article = synth.article
        annotation = heuristic_annotation(article)
        truth[article.id] = synth.story
        gold_sizes[synth.story] += 1
        started, started_cpu = time.perf_counter(), time.process_time()
        features = extract_features(article, annotation)
        between = time.process_time()
        stream.add(features)
        closed = stream.drain_closed()
        seconds += time.perf_counter() - started
        ended = time.process_time()
        cpu += ended - started_cpu
        features_cpu += between - started_cpu
        max_active = max(max_active, stream.active_count)
        for story in closed:
            score(story.article_ids)
    for story in stream.close_all():
        score(story.article_ids)
    precision, recall = precision_sum / max(1, scored), recall_sum / max(1, scored)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "features_cpu_seconds": features_cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "max_active": max_active,
        "b3_precision": precision,
        "b3_recall": recall,
        "b3_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    }


def main(argv: list[str]) -> None:
    """Print a Markdown table: articles/s, peak memory, open stories and B³ for each corpus size."""
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000", help="comma-separated corpus sizes (default 20000)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ns = parser.parse_args(argv)
    sizes = [int(s) for s in ns.sizes.split(",")]
    if ns.worker:
        print(json.dumps(_worker(sizes[0])))
        return
    config = ClusterConfig()
    print(f"Streaming story clustering, {config.window_days:g}-day window, {WORDS}-word synthetic articles\n")
    print(
        "| articles | articles/s (wall) | articles/s (CPU) | 2 cores, pipelined | peak MB | max open stories",
        end="",
    )
    print(" | B³ P | B³ R | B³ F1 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        res = run_worker("cluster", ["--sizes", str(n)])
        # features (pure, per article) on one core while the stream runs on the other: the slower stage
        # sets the pace (an estimate from the measured CPU time of each stage, not a parallel run)
        pipelined = max(res["features_cpu_seconds"], res["cpu_seconds"] - res["features_cpu_seconds"])
        print(
            f"| {n:,} | {n / res['seconds']:,.0f} | {n / res['cpu_seconds']:,.0f} | {n / pipelined:,.0f} | "
            f"{res['peak_mb']:,.0f} | "
            f"{int(res['max_active']):,} | "
            f"{res['b3_precision']:.3f} | {res['b3_recall']:.3f} | {res['b3_f1']:.3f} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
