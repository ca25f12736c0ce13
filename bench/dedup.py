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
corpus is built) belongs to that engine alone. The streaming row feeds the corpus (about 320 articles a
day) through a ``StreamingIndex`` with a 7-day window, generating it on the fly in batches of 1,000 (the
generator's time is not counted, its memory is constant): the whole process's memory then follows the
window, not the stream, and the "peak MB" column shows it flat from 10k to 1M articles. Its recall
bookkeeping keeps integer pairs only (16 bytes per reported pair).

Usage::

    python -m bench dedup                       # 10k articles (about 30 seconds)
    python -m bench dedup --sizes 10000,100000  # add 100k (about six minutes)
    python -m bench dedup --sizes 1000000 --engines stream   # 1M, streaming only (about eight minutes)

datasketch at 1M would take over 20 minutes and about 8 GB (837 MB at 100k): the 1M streaming row is
compared with datasketch's rate at 100k (``--sizes 100000,1000000 --engines stream,datasketch`` would run
datasketch at both sizes).

The "w/o normalization" columns subtract the time of ``comparable_text`` (the matching form, measured in
the same worker), which both engines pay in full: it shows the detection itself side by side.
"""

from __future__ import annotations

import argparse
import array
import datetime as dt
import json
import resource
import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from bench import run_worker
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
STREAM_BATCH = 1_000  # articles per StreamingIndex.add_batch call (its default in stream())
# Synthetic copies point to an earlier article of their story (stories last at most 5 days, ~1,600
# articles): the streaming worker keeps this many recent texts and ids for its recall bookkeeping.
RECENT_TEXTS = 5_000
RECENT_IDS = 20_000
ENGINES = ("batch", "stream", "datasketch")
ALIGN_CORPUS = 10_000  # the aligner's pairs come from a corpus of this size, whatever --sizes says


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
    return list(corpus_stream(n, seed))


def corpus_stream(n: int, seed: int = 7) -> Iterator[_Synth]:
    """The synthetic corpus of :func:`corpus`, generated lazily (constant memory)."""
    try:
        from bench.synth import generate_corpus
    except ImportError:
        yield from _inline_corpus(n, seed)
        return
    for s in generate_corpus(n, seed=seed):
        yield _Synth(s.article, s.duplicate_of)


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


def _stream_worker(n: int) -> dict[str, float]:
    """Stream a lazily generated corpus through a StreamingIndex; figures as in :func:`_worker`.

    Articles are numbered in arrival order and only recent ids and texts are kept, so the worker's own
    memory does not grow with the stream beyond 16 bytes per reported or planted pair.
    """
    index = StreamingIndex(window_days=WINDOW_DAYS, config=DedupConfig(containment=False))
    number: dict[str, int] = {}
    ids: deque[str] = deque()
    texts: dict[int, str] = {}
    found = array.array("q")
    truth = array.array("q")
    seconds = normalize_seconds = 0.0
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    batch: list[_Synth] = []
    arrived = 0
    for item in corpus_stream(n):
        batch.append(item)
        if len(batch) < STREAM_BATCH and arrived + len(batch) < n:
            continue
        for s in batch:
            number[s.article.id] = arrived
            ids.append(s.article.id)
            arrived += 1
        t0 = time.process_time()
        dups = index.add_batch([s.article for s in batch])
        seconds += time.process_time() - t0
        for d in dups:
            found.extend((number[d.article], number[d.duplicate_of]))
        for s in batch:  # ground truth: planted copies at the threshold (time of the same normalization)
            t0 = time.process_time()
            text = sg.comparable_text(s.article.text)
            normalize_seconds += time.process_time() - t0
            mine = number[s.article.id]
            texts[mine] = text
            source = number.get(s.duplicate_of) if s.duplicate_of else None
            if (
                source is not None
                and source in texts
                and _jaccard(_shingles(text), _shingles(texts[source])) >= THRESHOLD
            ):
                truth.extend((mine, source))
            texts.pop(mine - RECENT_TEXTS, None)
        while len(ids) > RECENT_IDS:
            del number[ids.popleft()]
        batch = []
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    found_pairs = {_int_pair(found[i], found[i + 1]) for i in range(0, len(found), 2)}
    truth_pairs = {_int_pair(truth[i], truth[i + 1]) for i in range(0, len(truth), 2)}
    return {
        "seconds": seconds,
        "normalize_seconds": normalize_seconds,
        "peak_mb": max(0, peak - base) / 1024,
        "recall": _recall(truth_pairs, found_pairs),
        "unplanted_pairs": len(found_pairs - truth_pairs),
        "held": len(index),
    }


def _int_pair(a: int, b: int) -> tuple[str, str]:
    """An arrival-number pair in the form :func:`_recall` takes."""
    return _pair(f"{a:09d}", f"{b:09d}")


def _worker(engine: str, n: int) -> None:
    """Run one engine on the corpus of size ``n``; print one JSON line of figures."""
    if engine == "stream":
        print(json.dumps(_stream_worker(n)))
        return
    items = corpus(n)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.process_time()
    held = None
    if engine == "batch":
        found = _run_ours(items)
    elif engine == "datasketch":
        found = _run_datasketch(items)
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
    """Measure one engine at one size in a process of its own."""
    return run_worker("dedup", [engine, "--sizes", str(n)])


def main(argv: list[str]) -> None:
    """Print a Markdown table: docs/s, peak memory and recall of each engine, and their ratio."""
    parser = argparse.ArgumentParser(prog="python -m bench.dedup", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated corpus sizes (default 10000)")
    parser.add_argument(
        "--engines",
        default=",".join(ENGINES),
        help="comma-separated engines among batch, stream, datasketch (default: all three)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    ns = parser.parse_args(argv)
    sizes = [int(s) for s in ns.sizes.split(",")]
    engines = [e for e in ns.engines.split(",") if e]
    if not engines or set(engines) - set(ENGINES):
        parser.error(f"--engines takes a comma-separated subset of {', '.join(ENGINES)}")
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
    names = {
        "batch": "storyline batch",
        "stream": "storyline stream (7-day window)",
        "datasketch": "datasketch",
    }
    reference: tuple[int, dict[str, float]] | None = None  # datasketch's run at the largest size so far
    for n in sizes:
        order = sorted(set(engines), key=lambda e: (e != "datasketch", e))  # datasketch first: the reference
        results = {engine: _spawn(engine, n) for engine in order}
        if "datasketch" in results:
            reference = (n, results["datasketch"])
        for engine in ENGINES:
            if engine in results:
                print(_row(n, names[engine], results[engine], reference))
    if reference is not None and reference[0] != sizes[-1]:
        print(f"\nSpeed-ups of larger sizes are against datasketch's rate at {reference[0]:,} articles.")
    align = _spawn("align", ALIGN_CORPUS)
    print(f"\nReuse aligner: {align['pairs'] / align['seconds']:,.0f} pairs/s ({int(align['pairs'])} pairs)")


def _row(n: int, name: str, res: dict[str, float], reference: tuple[int, dict[str, float]] | None) -> str:
    """One table row; speed-ups are against datasketch's docs/s (at ``reference``'s size)."""
    rate = n / res["seconds"]
    # datasketch's loop normalizes inside it; ours too: subtract the same measured normalization time
    own = max(1e-9, res["seconds"] - res["normalize_seconds"])
    bare = n / own
    ratio = bare_ratio = "n/a"
    if reference is not None:
        ref_n, ref = reference
        ratio = f"{rate / (ref_n / ref['seconds']):.1f}x"
        bare_ratio = f"{bare / (ref_n / max(1e-9, ref['seconds'] - ref['normalize_seconds'])):.1f}x"
    held = f", {int(res['held'])} held at the end" if res.get("held") is not None else ""
    return (
        f"| {n:,} | {name}{held} | {rate:,.0f} | {bare:,.0f} | {res['peak_mb']:,.0f} | "
        f"{res['recall']:.3f} | {ratio} | {bare_ratio} |"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
