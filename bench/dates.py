"""Benchmark of temporal expressions: expressions/s, articles/s, words/s and peak memory of extract_timexes.

Usage: ``python -m bench dates [--articles N] [--words W] [--repeat R] [--seed S] [--timeml PATH]``.
The default corpus is synthetic news prose from a small generator below (invented places and events, many
date forms), so the benchmark needs no data set; ``--timeml`` adds a run over the texts of a TimeML or
MEANTIME folder (read at run time). Each configuration runs ``--repeat`` times; the table shows the best
run (the machine is shared, so the best run is the least disturbed one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

from storyline.extract.dates import extract_timexes

DEFAULT_ARTICLES = 300
DEFAULT_WORDS = 600
DEFAULT_REPEAT = 3
DEFAULT_SEED = 11

PLACES = ["Tarnby", "Harlow", "Doltby", "Ravelstad", "Kestrel Bay", "Ostmark"]
ORGS = ["the city council", "Kestrel Air", "the port authority", "Bluefen Bank", "the rail union"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "May", "June", "Aug.", "October", "December"]
TEMPLATES = [
    "{org} said on {weekday} that work in {place} would resume next month.",
    "The strike, which began {small} weeks ago, has cost {org} about {number} million euros.",
    '"We expect a decision by {month} {day}," a spokesman said on {weekday}.',
    "In {year}, a similar dispute in {place} lasted {small} days.",
    "Shares fell {small} percent last week and rose again earlier this month.",
    "The bridge in {place} has been closed since {month} {year} and will reopen in the spring.",
    "Officials met for {small} hours late {weekday} night, according to {org}.",
    "The report, published on {day} {month}, covers the third quarter of last year.",
    "Residents of {place} have complained about the noise for years.",
    "{org} holds a public meeting every month and publishes its accounts annually.",
    "Nobody in {place} could remember a winter like it.",
    "The mayor took office five years ago and faces re-election in {future}.",
]


def generate_texts(count: int, words: int, seed: int) -> list[str]:
    """``count`` synthetic article texts of about ``words`` words, deterministically from ``seed``."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        sentences: list[str] = []
        total = 0
        while total < words:
            sentence = rng.choice(TEMPLATES).format(
                org=rng.choice(ORGS),
                place=rng.choice(PLACES),
                weekday=rng.choice(WEEKDAYS),
                month=rng.choice(MONTHS),
                day=rng.randint(1, 28),
                year=rng.randint(1990, 2023),
                future=rng.randint(2025, 2030),
                small=rng.randint(2, 9),
                number=rng.randint(10, 900),
            )
            sentences.append(sentence)
            total += len(sentence.split())
        texts.append(" ".join(sentences))
    return texts


def _timeml_texts(path: Path) -> list[tuple[str, dt.date | None]]:
    """The texts and creation dates of a TimeML (``*.tml``) or MEANTIME folder."""
    from storyline.evaluation.timeml import iter_corpus

    kind = "timeml" if any(path.rglob("*.tml")) else "meantime"
    return [(d.text, d.dct) for d in iter_corpus(kind, path)]


def _run(texts: Sequence[tuple[str, dt.date | None]], repeat: int) -> tuple[float, int]:
    """Best wall time over ``repeat`` runs, and the number of expressions found."""
    best = float("inf")
    found = 0
    for _ in range(repeat):
        began = time.perf_counter()
        found = sum(len(extract_timexes(text, anchor)) for text, anchor in texts)
        best = min(best, time.perf_counter() - began)
    return best, found


def main(argv: list[str]) -> None:
    """Print a Markdown table of throughput and memory."""
    parser = argparse.ArgumentParser(prog="python -m bench dates", description=__doc__)
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS)
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--timeml", type=Path, default=None, help="also run over a TimeML or MEANTIME folder")
    args = parser.parse_args(argv)
    anchor = dt.date(2024, 3, 8)
    synthetic: list[tuple[str, dt.date | None]] = [
        (t, anchor) for t in generate_texts(args.articles, args.words, args.seed)
    ]
    corpora = [("synthetic", synthetic)]
    if args.timeml is not None:
        corpora.append((args.timeml.name, _timeml_texts(args.timeml)))
    extract_timexes("warm up on Friday, 8 March 2024.", anchor)
    header = [
        "corpus",
        "articles",
        "words",
        "expressions",
        "seconds",
        "articles/s",
        "words/s",
        "expressions/s",
    ]
    print("| " + " | ".join([*header, "peak MiB"]) + " |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, texts in corpora:
        seconds, found = _run(texts, args.repeat)
        tracemalloc.start()
        _run(texts[: max(1, len(texts) // 10)], 1)
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        words = sum(len(t.split()) for t, _ in texts)
        print(
            f"| {name} | {len(texts)} | {words} | {found} | {seconds:.2f} | {len(texts) / seconds:.0f} | "
            f"{words / seconds:.0f} | {found / seconds:.0f} | {traced_peak / 2**20:.1f} |"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nProcess peak RSS {rss:.0f} MiB (tracemalloc peak is for a tenth of each corpus).")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
