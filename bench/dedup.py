"""Near-duplicate detection speed: Storyline against datasketch's MinHash + MinHashLSH, side by side.

Both engines get the same synthetic corpus, the same comparable text (matching form, boilerplate lines
removed), the same 5-word shingles, the same number of permutations (128) and the same Jaccard threshold.
datasketch hashes each shingle with ``MinHash.update_batch`` and queries then inserts each document in a
``MinHashLSH``; its candidates are kept when the estimated Jaccard reaches the threshold. Storyline runs
``find_duplicates`` (containment off: near-duplicates only), which verifies candidates on exact shingle sets.
Recall is measured on the planted copies whose exact shingle Jaccard reaches the threshold.

Times are the worker process's CPU time (``time.process_time``): every step here is single-threaded, so on
an idle machine that equals the wall time, and on a shared one it is not inflated by other processes.
Each engine runs in its own subprocess, so the peak-memory figure (growth of ``ru_maxrss`` after the
corpus is built) belongs to that engine alone. The streaming row feeds the corpus, 300 articles a day,
through a ``StreamingIndex`` with a 7-day window: its memory follows the window, not the stream.

Usage::

    python -m bench dedup                       # 10k articles (about a minute and a half)
    python -m bench dedup --sizes 10000,100000  # add 100k (about ten minutes)
    python -m bench dedup --sizes 1000000       # 1M: about 20 minutes of datasketch alone; run by hand

The "w/o normalization" columns subtract the time of ``comparable_text`` (the matching form, measured in
the same worker), which both engines pay in full: it shows the detection itself side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from storyline.dedup import DedupConfig, StreamingIndex, find_duplicates
from storyline.dedup import _signatures as sg
from storyline.models import Article
from storyline.reuse import find_reuse

THRESHOLD = 0.6  # the near-duplicate threshold of DedupConfig, given to both engines
NUM_PERM = 128
SHINGLE = 5
VOCABULARY = 30_000
COPY_SHARE = 0.15  # one article in seven is an edited copy of an earlier one
PER_DAY = 300
WINDOW_DAYS = 7
ALIGN_PAIRS = 2_000
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class _Synth:
    article: Article
    duplicate_of: str | None


def _inline_corpus(n: int, seed: int) -> Iterator[_Synth]:
    """Zipf-distributed pseudo-words, 150-600 words an article; some articles are edited copies."""
    rng = np.random.default_rng(seed)
    words = np.array([f"w{i:x}" for i in range(VOCABULARY)])
    texts: list[list[str]] = []
    start = dt.date(2024, 1, 1)
    for i in range(n):
        published = start + dt.timedelta(days=i // PER_DAY)
        source = None
        if texts and rng.random() < COPY_SHARE:
            source = int(rng.integers(max(0, len(texts) - PER_DAY * 3), len(texts)))
            toks = list(texts[source])
            toks = toks[: max(40, int(len(toks) * rng.uniform(0.85, 1.0)))]  # trimmed ending
            for _ in range(max(1, len(toks) // 60)):  # a few changed words
                toks[int(rng.integers(len(toks)))] = str(words[int(rng.integers(VOCABULARY))])
        else:
            ids = np.minimum(rng.zipf(1.3, size=int(rng.integers(150, 600))), VOCABULARY) - 1
            toks = words[ids].tolist()
        texts.append(toks)
        art = Article(
            id=f"a-{i:08d}", source="synthetic", title=f"t{i}", text=" ".join(toks), published=published
        )
        yield _Synth(art, f"a-{source:08d}" if source is not None else None)


def corpus(n: int, seed: int = 7) -> list[_Synth]:
    """The synthetic corpus: ``bench/synth.py`` when present, else the inline generator above."""
    try:
        from bench.synth import generate_corpus
    except ImportError:
        return list(_inline_corpus(n, seed))
    return [_Synth(s.article, s.duplicate_of) for s in generate_corpus(n, seed=seed)]


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _recall(truth: set[tuple[str, str]], found: set[tuple[str, str]]) -> float:
    """Share of true pairs whose two articles end in one group of the found links (connected components).

    Storyline links each copy to its group's earliest copy, datasketch to each matching earlier article;
    comparing groups scores both the same way.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in found:
        parent[find(a)] = find(b)
    hits = sum(1 for a, b in truth if find(a) == find(b))
    return hits / len(truth) if truth else 1.0


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _truth(items: list[_Synth], texts: list[str]) -> set[tuple[str, str]]:
    """Planted copy pairs whose exact shingle Jaccard reaches the threshold."""
    index = {s.article.id: i for i, s in enumerate(items)}
    out: set[tuple[str, str]] = set()
    for i, item in enumerate(items):
        if item.duplicate_of is None or item.duplicate_of not in index:
            continue
        j = index[item.duplicate_of]
        sa, sb = (_shingles(texts[k]) for k in (i, j))
        if _jaccard(sa, sb) >= THRESHOLD:
            out.add(_pair(item.article.id, item.duplicate_of))
    return out


def _shingles(text: str) -> set[str]:
    toks = text.split(" ")
    return {" ".join(toks[i : i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1)}


def _run_ours(items: list[_Synth]) -> set[tuple[str, str]]:
    dups = find_duplicates([s.article for s in items], DedupConfig(containment=False))
    # pairs reported against the group root; count every member of a group as found with its copies
    return {_pair(d.article, d.duplicate_of) for d in dups}


def _run_datasketch(items: list[_Synth]) -> set[tuple[str, str]]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    sigs: dict[str, MinHash] = {}
    found: set[tuple[str, str]] = set()
    for item in items:
        toks = sg.comparable_text(item.article.text).split(" ")
        shingles = [" ".join(toks[i : i + SHINGLE]).encode("utf-8") for i in range(len(toks) - SHINGLE + 1)]
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch(shingles)
        for other in lsh.query(m):
            if m.jaccard(sigs[other]) >= THRESHOLD:
                found.add(_pair(item.article.id, other))
        lsh.insert(item.article.id, m)
        sigs[item.article.id] = m
    return found


def _run_stream(items: list[_Synth]) -> tuple[set[tuple[str, str]], int]:
    index = StreamingIndex(window_days=WINDOW_DAYS, config=DedupConfig(containment=False))
    found = {_pair(d.article, d.duplicate_of) for d in index.stream(s.article for s in items)}
    return found, len(index)


def _worker(engine: str, n: int) -> None:
    """Run one engine on the corpus of size ``n``; print one JSON line of figures."""
    items = corpus(n)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.process_time()
    held = None
    if engine == "ours":
        found = _run_ours(items)
    elif engine == "datasketch":
        found = _run_datasketch(items)
    elif engine == "stream":
        found, held = _run_stream(items)
    else:  # aligner: pairs of each planted copy with its source, plus as many unrelated pairs
        arts = [s.article for s in items]
        copies = [(s.article.id, s.duplicate_of) for s in items if s.duplicate_of][: ALIGN_PAIRS // 2]
        others = [(arts[i].id, arts[i + 1].id) for i in range(0, 2 * (ALIGN_PAIRS - len(copies)), 2)]
        pairs = copies + others
        t0 = time.process_time()
        find_reuse(arts, pairs=pairs)
        seconds = time.process_time() - t0
        print(json.dumps({"pairs": len(pairs), "seconds": seconds}))
        return
    seconds = time.process_time() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    norm0 = time.process_time()
    texts = [sg.comparable_text(s.article.text) for s in items]
    normalize_seconds = time.process_time() - norm0
    truth = _truth(items, texts)
    recall = _recall(truth, found)
    extra = len(found - truth)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "normalize_seconds": normalize_seconds,
                "peak_mb": max(0, peak - base) / 1024,
                "recall": recall,
                "unplanted_pairs": extra,
                "held": held,
            }
        )
    )


def _spawn(engine: str, n: int) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.dedup", "--worker", engine, "--sizes", str(n)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str]) -> None:
    """Print a Markdown table: docs/s, peak memory and recall of each engine, and their ratio."""
    parser = argparse.ArgumentParser(prog="python -m bench.dedup", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated corpus sizes (default 10000)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    ns = parser.parse_args(argv)
    sizes = [int(s) for s in ns.sizes.split(",")]
    if ns.worker:
        _worker(ns.worker, sizes[0])
        return
    print(
        f"Near-duplicates: {NUM_PERM} permutations, {SHINGLE}-word shingles, Jaccard threshold {THRESHOLD}\n"
    )
    print(
        "| articles | engine | docs/s | docs/s w/o normalization | peak MB | recall "
        "| speed-up | speed-up w/o normalization |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n in sizes:
        ours = _spawn("ours", n)
        theirs = _spawn("datasketch", n)
        stream = _spawn("stream", n)
        for name, res in (
            ("storyline batch", ours),
            ("storyline stream (7-day window)", stream),
            ("datasketch", theirs),
        ):
            rate = n / res["seconds"]
            # datasketch's loop normalizes inside it; ours too: subtract the same measured normalization time
            bare = n / max(1e-9, res["seconds"] - res["normalize_seconds"])
            ratio = theirs["seconds"] / res["seconds"]
            bare_ratio = (theirs["seconds"] - theirs["normalize_seconds"]) / (
                res["seconds"] - res["normalize_seconds"]
            )
            held = f", {int(res['held'])} held at the end" if res.get("held") is not None else ""
            print(
                f"| {n:,} | {name}{held} | {rate:,.0f} | {bare:,.0f} | {res['peak_mb']:,.0f} | "
                f"{res['recall']:.3f} | {ratio:.1f}x | {bare_ratio:.1f}x |"
            )
    align = _spawn("align", sizes[0])
    print(f"\nReuse aligner: {align['pairs'] / align['seconds']:,.0f} pairs/s ({int(align['pairs'])} pairs)")


if __name__ == "__main__":
    main(sys.argv[1:])
