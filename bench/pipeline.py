"""Benchmark of the whole pipeline after ingest: articles/s end to end, time per stage, peak memory.

Usage: ``python -m bench pipeline [--n N] [--seed S] [--workers W]``. Runs
:func:`storyline.pipeline.digest_articles` on ``N`` synthetic ~600-word articles from
:func:`bench.synth.generate_corpus` (spaCy loaded before the clock starts; with ``--workers`` the pool's
processes are started and have loaded it too). Stage times come from the pipeline's own progress calls:
a stage ends at its last call, so "duplicates, reuse, stories" is the time between the last annotation
batch and the first extraction.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor

from bench.synth import generate_corpus
from storyline.annotate import Annotator
from storyline.config import Settings
from storyline.pipeline import digest_articles

DEFAULT_N = 300  # ~1 minute on the 2-core dev machine, most of it annotation and quote parsing
KIB_PER_MIB = 1024  # ru_maxrss is in KiB on Linux


def main(argv: list[str]) -> None:
    """Print a Markdown table of the pipeline's time per stage and its throughput."""
    parser = argparse.ArgumentParser(prog="python -m bench pipeline", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=DEFAULT_N, help=f"articles (default {DEFAULT_N})")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1: none)")
    ns = parser.parse_args(argv)
    articles = [item.article for item in generate_corpus(ns.n, seed=ns.seed)]
    annotator = Annotator()
    annotator.annotate(articles[:1])  # load the model before the clock starts
    last_call: dict[str, float] = {}
    first_call: dict[str, float] = defaultdict(float)

    def progress(label: str, advance: int, total: int | None) -> None:
        now = time.perf_counter()
        first_call.setdefault(label, now)
        last_call[label] = now

    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(ProcessPoolExecutor(ns.workers)) if ns.workers > 1 else None
        if pool is not None:  # start the workers, load their models and imports before the clock starts
            warm = articles[: 2 * ns.workers]
            digest_articles(warm, (), Settings(), annotator=annotator, executor=pool)
        start = time.perf_counter()
        digest = digest_articles(
            articles, (), Settings(), annotator=annotator, executor=pool, progress=progress
        )
        end = time.perf_counter()
    marks = [
        ("annotation", last_call["Annotating"]),
        ("duplicates, reuse, stories", first_call["Extracting"]),
    ]
    marks += [("quotes, entities, dates, facts", last_call["Extracting"]), ("story assembly", end)]
    words = sum(a.words for a in articles)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB_PER_MIB
    workers = f", {ns.workers} worker processes" if ns.workers > 1 else ""
    print(f"{len(articles)} articles ({words} words) -> {len(digest.stories)} stories{workers}\n")
    print("| stage | seconds | articles/s |")
    print("| --- | ---: | ---: |")
    previous = start
    for name, mark in marks:
        seconds = mark - previous
        print(f"| {name} | {seconds:.1f} | {len(articles) / seconds if seconds > 0 else float('inf'):.0f} |")
        previous = mark
    print(f"| **total** | {end - start:.1f} | {len(articles) / (end - start):.1f} |")
    print(
        f"\npeak memory: {peak:.0f} MiB"
        + (" (this process; each worker holds its own model)" if workers else "")
    )
