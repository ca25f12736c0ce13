"""Benchmark of the annotation layer: words/s, articles/s, peak memory and entity agreement.

Usage: ``python -m bench annotate [--articles N] [--words W] [--repeat R] [--margins 2,3,4]
[--texts-dir DIR] [--skip-full]``. By default the corpus is synthetic news prose from a small generator
below (invented people, places and organisations), so the benchmark needs no data set; ``--texts-dir``
reads ``*.txt`` articles instead, at run time (e.g. ``../shared/data/polnear/train/text``, never copied).

Each configuration runs ``--repeat`` times in its own forked process (so its peak RSS, model included, is
its own) and the table shows the fastest run; the full spaCy pipeline runs once and is the reference for
the entity agreement column (micro F1 of exact span and label). Words per CPU-second counts the CPU time
of the process and its workers, which other load on a shared machine disturbs far less than wall time.

Figures quoted in :mod:`storyline.annotate.entities` come from::

    python -m bench annotate --texts-dir ../shared/data/polnear/train/text --articles 120 --margins 2,3,4
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import random
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.annotate import Annotator
from storyline.annotate.entities import ENTITY_WINDOW_MARGIN
from storyline.models import Article

DEFAULT_ARTICLES = 200
DEFAULT_WORDS = 600  # the target is stated for articles of ~600 words
DEFAULT_REPEAT = 3
DEFAULT_SEED = 7
TARGET_ARTICLES_PER_S = 25.0  # issue #2: >= 25 articles/s of ~600 words on 2 cores (~2M articles a day)

FIRST = [
    "Elena",
    "Tomas",
    "Amara",
    "Dana",
    "Marek",
    "Yusuf",
    "Ingrid",
    "Rafael",
    "Keiko",
    "Ola",
    "Priya",
    "Conor",
]
LAST = ["Varga", "Brandt", "Okafor", "Ruiz", "Novak", "Demir", "Halvorsen", "Quintero", "Tanaka", "Mensah"]
ROLES = ["Mayor", "Senator", "Minister", "Judge", "Governor", "Chief Executive", "Commissioner", "Coach"]
DESCRIPTIONS = [
    "a spokesman for the agency",
    "the city's finance director",
    "a local shop owner",
    "an analyst",
]
PLACES = ["Portsmouth", "Lisbon", "Bremen", "Valparaiso", "Tampere", "Kingston", "Oaxaca", "Bergen", "Cork"]
REGIONS = ["northern Portugal", "the Baltic coast", "West Africa", "the Pacific Northwest", "central Chile"]
ORGS = [
    "the Harbor Authority",
    "Northwind Energy",
    "the Ministry of Transport",
    "Bluewater Bank",
    "the World Food Programme",
    "Atlas Rail",
    "the National Weather Service",
    "Greyfield University",
]
EVENTS = ["a fire", "the storm", "a strike", "the merger", "the trial", "the election", "a landslide"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "May", "June", "August", "October", "November"]
NOUNS = ["residents", "workers", "officials", "investors", "passengers", "students", "farmers", "nurses"]
VERBS = ["said", "told reporters", "wrote in a statement", "added", "said on Tuesday"]
TEMPLATES = [
    "{role} {first} {last} said on {weekday} that {org} would review {event} in {place}.",
    "The decision, announced late {weekday}, affects about {number} {nouns} across {region}.",
    '"We are doing everything we can to help the {nouns}," {first} {last}, {desc}, {verb}.',
    "{org} said it had spent ${number} million on repairs since {month} {year}.",
    "Police in {place} closed two roads and asked {nouns} to stay away from the area.",
    "According to {org}, the number of {nouns} affected rose by {pct} percent last year.",
    'Speaking in {place}, {last} said: "This is not over. We will be back next week."',
    "Critics, including {first} {last} of {org}, argued that the plan came too late.",
    "It was the second time this month that {event} had disrupted life in {place}.",
    "The {nouns} gathered outside the town hall on {weekday} morning, many of them carrying signs.",
    "In {year}, a similar dispute in {place} lasted {number} days before {org} stepped in.",
    "{first} {last}, who has lived in {place} for {small} years, said the situation was getting worse.",
    "Officials expect the work to be finished by the end of {month}, weeks later than first planned.",
    "Shares of {org} fell {pct} percent in early trading after the announcement.",
    '"I don\'t know what happens next," said {first}, a {small}-year-old teacher from {place}.',
    "The report, published by {org} on {weekday}, found no evidence of wrongdoing.",
    "Neither {org} nor the mayor's office responded to requests for comment.",
    "{role} {last} is expected to visit {place} on {month} {day} to meet the families.",
    "The cost of the work has risen sharply, and several {nouns} say they were never told why.",
    "Some of the {nouns} had waited for hours in the cold before the doors were finally opened.",
    "It is not clear how long the repairs will take or who will pay for them in the end.",
    "Many {nouns} said they had heard the news from friends rather than from the authorities.",
    "The plan would also change how the money is shared between the regions, a long-running dispute.",
    "Asked whether the delay could have been avoided, {last} said the question was fair but came too early.",
    "The latest figures suggest that the number of {nouns} leaving the area has started to slow.",
    "A second meeting is planned for next week, when the two sides are expected to present their proposals.",
    "Local businesses, many of which had only just reopened, said the closure would hit them hard.",
    '"We have been asking for this for years, and nobody listened," one of the {nouns} said.',
    "The agency did not say how many of the {nouns} had been affected, citing privacy rules.",
    "Residents described hearing a loud noise shortly before the lights went out across the neighbourhood.",
]


def generate_articles(count: int, words: int, seed: int) -> list[Article]:
    """Return ``count`` synthetic news articles of about ``words`` words, deterministically from ``seed``."""
    rng = random.Random(seed)
    articles = []
    for index in range(count):
        paragraphs: list[str] = []
        total = 0
        while total < words:
            sentences = [_sentence(rng) for _ in range(rng.randint(1, 3))]
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            total += len(paragraph.split())
        text = "\n\n".join(paragraphs)
        articles.append(
            Article(id=f"a-bench-{index:05d}", source="bench", title=f"Report {index}", text=text)
        )
    return articles


def _sentence(rng: random.Random) -> str:
    """One sentence from a random template with random fillers."""
    return rng.choice(TEMPLATES).format(
        role=rng.choice(ROLES),
        first=rng.choice(FIRST),
        last=rng.choice(LAST),
        desc=rng.choice(DESCRIPTIONS),
        place=rng.choice(PLACES),
        region=rng.choice(REGIONS),
        org=rng.choice(ORGS),
        org_cap=rng.choice(ORGS),
        event=rng.choice(EVENTS),
        weekday=rng.choice(WEEKDAYS),
        month=rng.choice(MONTHS),
        year=rng.randint(1995, 2025),
        day=rng.randint(1, 28),
        number=rng.randint(20, 9000),
        small=rng.randint(8, 70),
        pct=rng.randint(2, 40),
        nouns=rng.choice(NOUNS),
        verb=rng.choice(VERBS),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Measurement:
    """Best-of-``repeat`` throughput of one configuration, and the entities of its last run."""

    configuration: str
    processes: int
    wall_seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    entities: list[set[tuple[int, int, str]]]


def _cpu_seconds() -> float:
    """CPU time of this process and its finished (joined) children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_rss_mb() -> float:
    """Peak resident set size of this process or any finished child, in MB (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _measure_here(
    name: str, processes: int, run: Callable[[], list[set[tuple[int, int, str]]]], repeat: int
) -> Measurement:
    """Time ``run`` ``repeat`` times in this process and keep the fastest run (wall and CPU separately)."""
    best_wall = best_cpu = float("inf")
    entities: list[set[tuple[int, int, str]]] = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), _cpu_seconds()
        entities = run()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, _cpu_seconds() - cpu)
    return Measurement(
        configuration=name,
        processes=processes,
        wall_seconds=best_wall,
        cpu_seconds=best_cpu,
        peak_rss_mb=_peak_rss_mb(),
        entities=entities,
    )


def measure(
    name: str, processes: int, run: Callable[[], list[set[tuple[int, int, str]]]], repeat: int
) -> Measurement:
    """Measure one configuration in a forked child, so its peak memory is its own (model included)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return _measure_here(name, processes, run, repeat)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        """Run the measurement and send it to the parent."""
        sender.send(_measure_here(name, processes, run, repeat))
        sender.close()

    process = context.Process(target=child)
    process.start()
    sender.close()
    result: Measurement = receiver.recv()
    process.join()
    return result


def _annotator_entities(annotator: Annotator, articles: Sequence[Article]) -> list[set[tuple[int, int, str]]]:
    """Annotate and keep the entities as (start, end, label) sets per article."""
    return [{(e.start, e.end, e.label) for e in a.entities} for a in annotator.annotate(articles)]


def _pipeline_entities(annotator: Annotator, texts: Sequence[str]) -> list[set[tuple[int, int, str]]]:
    """Run the full spaCy pipeline on whole texts and keep the entities."""
    docs = annotator.nlp.pipe(texts, batch_size=annotator.batch_size)
    return [{(e.start_char, e.end_char, e.label_) for e in doc.ents} for doc in docs]


def agreement(ours: list[set[tuple[int, int, str]]], reference: list[set[tuple[int, int, str]]]) -> float:
    """Micro F1 of exact (start, end, label) entity matches against a reference."""
    both = sum(len(a & b) for a, b in zip(ours, reference, strict=True))
    total = sum(len(a) for a in ours) + sum(len(b) for b in reference)
    return 2 * both / total if total else 1.0


def read_texts(folder: str, limit: int) -> list[Article]:
    """Read up to ``limit`` ``*.txt`` files (sorted by name) from ``folder`` as articles, at run time."""
    paths = sorted(Path(folder).glob("*.txt"))[:limit]
    return [
        Article(
            id=f"a-text-{i:05d}", source=str(path), title=path.stem, text=path.read_text(encoding="utf-8")
        )
        for i, path in enumerate(paths)
    ]


QUOTE_MARKS = frozenset('"“”')  # PolNeAR: a direct quote is a Content span beginning or ending with one


def _direct_quotes(ann_path: Path, text: str) -> list[tuple[int, int, int, int]]:
    """(quote start, end, source start, end) of the direct quotes in one PolNeAR brat file."""
    spans: dict[str, tuple[int, int]] = {}
    links: list[dict[str, str]] = []
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2 and ";" not in fields[1]:
            _, start, end = fields[1].split(" ")
            spans[fields[0]] = (int(start), int(end))
        elif line.startswith("E") and len(fields) >= 2:
            links.append(dict(part.split(":", 1) for part in fields[1].split(" ") if ":" in part))
    quotes = []
    for link in links:
        content, source = spans.get(link.get("Content", "")), spans.get(link.get("Source", ""))
        if content and source and content[1] > content[0]:
            quote = text[content[0] : content[1]]
            if quote[0] in QUOTE_MARKS or quote[-1] in QUOTE_MARKS:
                quotes.append((*content, *source))
    return quotes


def _within_one(sentences: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside one sentence."""
    return any(first <= start and end <= last for first, last in sentences)


def quote_sentences(annotator: Annotator, articles: Sequence[Article], quotes_dir: str) -> str:
    """A Markdown table: how often a direct quote (and its speaker) fall in one sentence, ours vs parser's."""
    ours = annotator.annotate(articles)
    parsed = annotator.parse([article.text for article in articles])
    counts = {"quotes": 0, "ours": 0, "parser": 0, "ours_source": 0, "parser_source": 0}
    boundaries = {"ours": 0, "parser": 0, "both": 0}
    for article, annotation, doc in zip(articles, ours, parsed, strict=True):
        mine = [(s.start, s.end) for s in annotation.sentences]
        theirs = []
        for sentence in doc.sents:
            words = [token for token in sentence if not token.is_space]
            if words:
                theirs.append((words[0].idx, words[-1].idx + len(words[-1])))
        ends_mine, ends_theirs = {end for _, end in mine}, {end for _, end in theirs}
        boundaries["ours"] += len(ends_mine)
        boundaries["parser"] += len(ends_theirs)
        boundaries["both"] += len(ends_mine & ends_theirs)
        ann_paths = sorted(Path(quotes_dir).glob(f"{Path(article.source).stem}_*.ann"))
        for start, end, source_start, source_end in (
            _direct_quotes(ann_paths[0], article.text) if ann_paths else []
        ):
            low, high = min(start, source_start), max(end, source_end)
            counts["quotes"] += 1
            counts["ours"] += _within_one(mine, start, end)
            counts["parser"] += _within_one(theirs, start, end)
            counts["ours_source"] += _within_one(mine, low, high)
            counts["parser_source"] += _within_one(theirs, low, high)
    total = max(counts["quotes"], 1)
    agree_p = boundaries["both"] / max(boundaries["ours"], 1)
    agree_r = boundaries["both"] / max(boundaries["parser"], 1)
    return "\n".join(
        [
            f"{counts['quotes']} direct quotes with a speaker; sentence ends agree with the parser's at "
            f"P {agree_p:.3f} / R {agree_r:.3f}.\n",
            "| sentences | quote in one sentence | quote and speaker in one sentence |",
            "| --- | ---: | ---: |",
            f"| rules (annotate) | {counts['ours'] / total:.3f} | {counts['ours_source'] / total:.3f} |",
            f"| spaCy parser | {counts['parser'] / total:.3f} | {counts['parser_source'] / total:.3f} |",
        ]
    )


def main(argv: list[str]) -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m bench annotate", description=__doc__)
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="number of articles")
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS, help="words per synthetic article")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help="runs per configuration")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--texts-dir", help="read *.txt articles from this folder instead of generating them")
    parser.add_argument(
        "--margins",
        type=lambda value: [int(v) for v in value.split(",")],
        default=[ENTITY_WINDOW_MARGIN],
        help="comma-separated entity window margins to measure in one process (default: the default margin)",
    )
    parser.add_argument("--quotes-dir", help="with --texts-dir: PolNeAR attributions/ for the quote table")
    parser.add_argument("--skip-full", action="store_true", help="skip the (slow) full-pipeline baseline")
    args = parser.parse_args(argv)
    if args.texts_dir:
        articles = read_texts(args.texts_dir, args.articles)
        corpus = f"{len(articles)} articles from {args.texts_dir}"
    else:
        articles = generate_articles(args.articles, args.words, args.seed)
        corpus = f"{len(articles)} synthetic articles"
    texts = [article.text for article in articles]
    words = sum(article.words for article in articles)
    windows = Annotator()
    windows.annotate(articles[:1])  # load the model before forking, outside the timings
    # (annotator, processes, runs): the whole-text reference runs once, like the full pipeline.
    configurations = [(Annotator(entity_margin=margin), 1, args.repeat) for margin in args.margins]
    configurations += [(Annotator(n_process=2), 2, args.repeat), (Annotator(entity_margin=None), 1, 1)]
    rows = []
    for annotator, processes, runs in configurations:
        annotator._nlp = windows.nlp  # share the loaded pipeline (a benchmark may reach inside)
        rows.append(
            measure(
                f"annotate: {annotator.model_name}",
                processes,
                functools.partial(_annotator_entities, annotator, articles),
                runs,
            )
        )
    if not args.skip_full:
        rows.append(
            measure("full spaCy pipeline (all components)", 1, lambda: _pipeline_entities(windows, texts), 1)
        )
    reference = rows[-1].entities
    print(f"{corpus}, {words:,} words ({words / len(articles):.0f} per article); best of {args.repeat} runs")
    print(
        f"(whole-text annotate and the full pipeline: 1 run); entity F1 against {rows[-1].configuration}.\n"
    )
    print(
        "| configuration | processes | words/s | articles/s | articles/s at 600 words | words per CPU-s ",
        end="",
    )
    print("| entity F1 | peak RSS MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(
            f"| {row.configuration} | {row.processes} | {words / row.wall_seconds:,.0f} "
            f"| {len(articles) / row.wall_seconds:.1f} | {words / DEFAULT_WORDS / row.wall_seconds:.1f} "
            f"| {words / row.cpu_seconds:,.0f} | {agreement(row.entities, reference):.3f} "
            f"| {row.peak_rss_mb:.0f} |"
        )
    segments = list(windows._segments([windows.nlp.tokenizer(text) for text in texts]))
    in_windows = sum(len(segment.text.split()) for segment in segments)
    distinct = sum(len(text.split()) for text in {segment.text for segment in segments})
    print(
        f"\nRecogniser input at margin {windows.entity_margin}: {in_windows / words:.0%} of the words are in "
        f"windows, {distinct / words:.0%} in distinct windows (a repeated window is recognised once)."
    )
    print(
        f"\nTarget: >= {TARGET_ARTICLES_PER_S:.0f} articles/s of ~{DEFAULT_WORDS} words on 2 cores. "
        "On a shared machine, words per CPU-second is the figure least disturbed by other load."
    )
    if args.quotes_dir:
        print("\n" + quote_sentences(windows, articles, args.quotes_dir))
