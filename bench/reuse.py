"""Passage reuse over a whole corpus: candidate pairs, pairs aligned, passages/s, planted passages found.

Usage: ``python -m bench reuse [--sizes 200,2000] [--seed S]``. For each size, a worker process of its own
generates the synthetic corpus (:func:`bench.synth.generate_corpus`: stories of ~8 articles built from
templated sentences, some near copies, some with a paragraph taken from an earlier article of their story)
and runs :func:`storyline.reuse.find_reuse` the way the pipeline does (no pairs given), timing its two
parts apart: candidate generation (:func:`storyline.reuse.candidate_pairs`) and the alignment of every
candidate pair. Times are CPU seconds of the worker (single-threaded work; not inflated by other processes
on a shared machine); peak memory is the growth of ``ru_maxrss`` after the corpus is built.

"planted found" is the share of planted reused paragraphs of which the aligner reports at least half the
characters in the receiving article (against any article: a planted source that is an exact copy of an
earlier article is represented by that earliest copy). "cross-story" counts aligned pairs whose articles
belong to different stories: templated filler shared by chance, the cost the candidate filter removes.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time

from bench import run_worker
from bench.synth import generate_corpus
from storyline.reuse import candidate_pairs, find_reuse

DEFAULT_SIZES = "200,2000"  # about 15 s in all on the 2-core dev machine
KIB_PER_MIB = 1024  # ru_maxrss is in KiB on Linux
PLANTED_SHARE = 0.5  # a planted paragraph counts as found when half its characters are reported


def _worker(n: int, seed: int) -> dict[str, float]:
    """Measure candidate generation and alignment on ``n`` synthetic articles; return the figures."""
    items = list(generate_corpus(n, seed=seed))
    articles = [s.article for s in items]
    story = {s.article.id: s.story for s in items}
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.process_time()
    pairs = candidate_pairs(articles)
    t1 = time.process_time()
    reuse = find_reuse(articles, pairs=pairs)
    t2 = time.process_time()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    reported: dict[str, set[int]] = {}
    for item in reuse:
        for passage in item.passages:
            for article_id, span in zip(item.articles, passage.spans, strict=True):
                reported.setdefault(article_id, set()).update(range(span.start, span.end))
    planted = [(s.article.id, r) for s in items for r in s.reused]
    found = sum(
        1
        for host, r in planted
        if len(reported.get(host, set()) & set(range(r.start, r.end))) >= PLANTED_SHARE * (r.end - r.start)
    )
    return {
        "articles": n,
        "pairs": len(pairs),
        "cross_story": sum(1 for a, b in pairs if story[a] != story[b]),
        "with_reuse": len(reuse),
        "passages": sum(len(r.passages) for r in reuse),
        "candidate_seconds": t1 - t0,
        "align_seconds": t2 - t1,
        "planted": len(planted),
        "planted_found": found,
        "peak_mb": max(0, peak - base) / KIB_PER_MIB,
    }


def main(argv: list[str]) -> None:
    """Print a Markdown table of reuse candidate generation and alignment at each corpus size."""
    parser = argparse.ArgumentParser(prog="python -m bench reuse", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"comma-separated sizes ({DEFAULT_SIZES})")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ns = parser.parse_args(argv)
    sizes = [int(s) for s in ns.sizes.split(",") if s]
    if ns.worker:
        print(json.dumps(_worker(sizes[0], ns.seed)))
        return
    print(
        "| articles | pairs aligned | cross-story | pairs with reuse | passages | candidates s | align s "
        "| articles/s | pairs/s | passages/s | planted found | peak MB |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        r = run_worker("reuse", ["--sizes", str(n), "--seed", str(ns.seed)])
        total = max(1e-9, r["candidate_seconds"] + r["align_seconds"])
        align = max(1e-9, r["align_seconds"])
        print(
            f"| {n:,} | {int(r['pairs']):,} | {int(r['cross_story']):,} | {int(r['with_reuse']):,} "
            f"| {int(r['passages']):,} | {r['candidate_seconds']:.2f} | {r['align_seconds']:.2f} "
            f"| {n / total:,.0f} | {r['pairs'] / align:,.0f} | {r['passages'] / align:,.0f} "
            f"| {int(r['planted_found'])}/{int(r['planted'])} | {r['peak_mb']:,.0f} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
