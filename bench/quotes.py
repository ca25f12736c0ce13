"""Benchmark of the quote stage: quotes/s and articles/s of extraction, speakers and canonical quotes.

Usage: ``python -m bench quotes [--articles N] [--words W] [--seed S]``. The corpus is the synthetic one of
:mod:`bench.synth` (invented stories, each with a quote its articles carry). The annotation layer's cheap
pass runs first and is not timed (it is its own stage, see ``bench annotate``); the timed rows are quote
extraction alone (no parser), extraction with speakers (the parser runs on the sentences around each
quote, the dominant cost), and the cross-article canonicalization of each story's quotes.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections import defaultdict

from bench.synth import generate_corpus
from storyline.annotate import Annotator
from storyline.extract.canonical import canonicalize_quotes
from storyline.extract.quotes import QuoteMention, extract_quotes

DEFAULT_ARTICLES = 200  # about 20 s in all on 2 shared cores (2026-11-25): well under the 2-minute budget
DEFAULT_WORDS = 600
DEFAULT_SEED = 11


def _peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m bench quotes", description=__doc__)
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)

    synth = list(generate_corpus(args.articles, seed=args.seed, words=args.words))
    articles = [s.article for s in synth]
    story_of = {s.article.id: s.story for s in synth}
    annotator = Annotator()
    annotations = annotator.annotate(articles)
    annotator.parse(["Warm up the parser."])

    rows: list[tuple[str, float, int, int]] = []
    started = time.perf_counter()
    bare = [extract_quotes(a, n) for a, n in zip(articles, annotations, strict=True)]
    rows.append(
        (
            "extraction, no parser",
            time.perf_counter() - started,
            len(articles),
            sum(len(x.quotes) for x in bare),
        )
    )

    started = time.perf_counter()
    full = [extract_quotes(a, n, parser=annotator.parse) for a, n in zip(articles, annotations, strict=True)]
    n_quotes = sum(len(x.quotes) for x in full)
    rows.append(("extraction + speakers (parser)", time.perf_counter() - started, len(articles), n_quotes))

    by_story: dict[str, list[QuoteMention]] = defaultdict(list)
    for extraction in full:
        for quote in extraction.quotes:
            by_story[story_of[quote.article]].append(quote)
    published = {a.id: a.published for a in articles}
    started = time.perf_counter()
    canonical = sum(len(canonicalize_quotes(m, published)) for m in by_story.values())
    rows.append(("canonical quotes per story", time.perf_counter() - started, len(articles), n_quotes))

    named = sum(1 for x in full for q in x.quotes if q.speaker is not None)
    print(
        f"{len(articles)} synthetic articles of ~{args.words} words, {n_quotes} quotes "
        f"({named} with a speaker), {len(by_story)} stories, {canonical} canonical quotes\n"
    )
    print("| step | seconds | articles/s | quotes/s |")
    print("| --- | ---: | ---: | ---: |")
    for name, seconds, n_articles, quotes in rows:
        seconds = max(seconds, 1e-9)
        print(f"| {name} | {seconds:.2f} | {n_articles / seconds:,.0f} | {quotes / seconds:,.0f} |")
    print(f"\npeak RSS: {_peak_rss_mb():.0f} MB")
