"""`storyline eval dedup`: duplicates and passage reuse on a benchmark built from real articles.

The real articles (ECB+ topics 1–35, PolNeAR train and dev) are read at run time and never stored. From
them a labelled benchmark is built deterministically (``--seed``):

- *copies* of an original, each with one or two realistic transformations: a new headline, a trimmed
  ending, added boilerplate, dropped sentences, two sentences swapped, quote and apostrophe style changed,
  a few words changed. Every copy is a duplicate of its original (and of its sibling copies);
- *hosts*: an original (not itself in the benchmark) with a statement of 30–120 words from another
  original inserted as a new paragraph, with its quote style changed and sometimes a word edited or
  ``(sic)`` added. The host is not a duplicate; the inserted characters are the gold reused passage;
- hard negatives come with the data: ECB+ articles about another event of the same kind (same topic),
  and PolNeAR articles of one outlet on the same day.

Originals that already overlap each other (shared word 8-grams covering 30% of the shorter) are dropped
first, by a check independent of the code under test, so the gold has no unlabelled natural duplicates.

The added boilerplate lines of copies are not scored either (they are shared on purpose).
``passages_in_hosts`` scores the hosts alone, whose gold is complete apart from natural overlap.

Duplicates are scored as pairwise precision/recall/F1 of the groups that the duplicate links form against
the gold groups (original + copies). Passages are scored in characters of the hosts: predicted reuse
characters in a host (from pairs that are not copies of each other) against the inserted characters;
reuse predicted between two unrelated originals counts as false, so real natural reuse in the data (two
outlets quoting the same speech) lowers the measured precision.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import click

from storyline.dedup import find_duplicates
from storyline.ids import make_id
from storyline.models import Article
from storyline.reuse import find_reuse

DATASETS = ("polnear", "ecbplus")
ECB_MAX_TOPIC = 35  # topics 36-45 are held back for independent checks: never read them
POLNEAR_SPLITS = ("train", "dev")  # the test split is held back
SEED = 13
COPY_SHARE = 0.5  # share of kept originals that get copies
HOST_SHARE = 0.2  # share of originals used as hosts for an inserted statement
FILLER_SHARE = 0.1  # share of originals only used as the added text of "extend" copies (never themselves)
DONOR_SHARE = 0.3  # an inserted statement is at most this share of its donor's words
NATURAL_OVERLAP = 0.3  # originals sharing this much (8-gram containment) with an earlier one are dropped
LIGHT_TRANSFORMS = ("headline", "boilerplate", "drop", "swap", "quotes", "words")
HEAVY_TRANSFORMS = ("trim", "excerpt", "extend")  # at most one per copy: two of them make another text
BOILERPLATE = (
    "Follow us on social media for more updates.",
    "Sign up for our daily newsletter.",
    "This article first appeared on our partner site.",
    "Reporting by staff; editing by the news desk.",
    "Copyright 2016. All rights reserved.",
    "Have a tip? Write to the newsroom.",
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'”’])\s+")
_PTB_FIXES = (
    (re.compile(r" ([,.;:!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{$]) "), r"\1"),
    (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", re.IGNORECASE), r"\1"),
    (re.compile(r"`` "), "“"),
    (re.compile(r" ''"), "”"),
)


# readers --------------------------------------------------------------------------------------------------


def _detokenize(tokens: list[str]) -> str:
    """Join PTB-style tokens into plain text."""
    text = " " + " ".join(tokens) + " "
    for pattern, repl in _PTB_FIXES:
        text = pattern.sub(repl, text)
    return text.replace("``", "“").replace("''", "”").strip()


def read_ecbplus(folder: Path) -> list[Article]:
    """Articles of ECB+ topics 1–35 (title: the first sentence after a leading URL; undated)."""
    out = []
    topics = sorted(
        p for p in folder.iterdir() if p.is_dir() and p.name.isdigit() and int(p.name) <= ECB_MAX_TOPIC
    )
    for topic in topics:
        for path in sorted(topic.glob("*.xml")):
            sentences: dict[int, list[str]] = {}
            for tok in ET.parse(path).getroot().iter("token"):
                sentences.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
            lines = [_detokenize(sentences[k]) for k in sorted(sentences)]
            lines = [s for s in lines if s and not s.replace(" ", "").startswith("http")]
            if len(lines) < 3:
                continue
            body = [" ".join(lines[i : i + 3]) for i in range(1, len(lines), 3)]
            out.append(
                Article(
                    id=make_id("a", "ecbplus", path.name),
                    source=str(path),
                    title=lines[0],
                    text="\n\n".join(body),
                    outlet=f"ecb-topic-{topic.name}",
                )
            )
    return out


def read_polnear(folder: Path) -> list[Article]:
    """Articles of the PolNeAR train and dev splits, with publisher and date from metadata.tsv."""
    out = []
    rows = (folder / "metadata.tsv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    for row in rows[1:]:
        meta = dict(zip(header, row.split("\t"), strict=False))
        if meta.get("compartment") not in POLNEAR_SPLITS:
            continue
        path = folder / meta["compartment"] / "text" / f"{meta['filename']}.txt"
        if not path.is_file():
            continue
        paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
        if paragraphs and paragraphs[0].strip() == meta.get("title", "").strip():
            paragraphs = paragraphs[1:]
        try:
            published = dt.date.fromisoformat(meta.get("publication_date", ""))
        except ValueError:
            published = None
        out.append(
            Article(
                id=make_id("a", "polnear", meta["filename"]),
                source=str(path),
                title=meta.get("title", ""),
                text="\n\n".join(paragraphs),
                outlet=meta.get("publisher"),
                published=published,
            )
        )
    return out


# benchmark ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Benchmark:
    """The transformed collection and its gold labels."""

    articles: list[Article] = field(default_factory=list)
    group: dict[str, str] = field(default_factory=dict)  # article id -> gold duplicate group (original id)
    transforms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # copy id -> transformations
    inserted: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # host id -> (donor, start, end)
    originals: dict[str, str] = field(default_factory=dict)  # gold group -> its original text (hosts: before)
    unscored: dict[str, set[int]] = field(default_factory=dict)  # article id -> added boilerplate characters


def _sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (simple punctuation rule; good enough to cut and move them)."""
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def _restyle_quotes(text: str, rng: random.Random) -> str:
    """Change quote and apostrophe style: straight to curly or PTB/backtick style, or curly to straight."""
    style = rng.choice(("curly", "straight", "ptb"))
    if style == "straight":
        return text.translate(str.maketrans("“”‘’", "\"\"''"))
    text = text.translate(str.maketrans("“”’", '""\''))
    opened = [False]

    def swap(_: re.Match[str]) -> str:
        opened[0] = not opened[0]
        if style == "curly":
            return "“" if opened[0] else "”"
        return "``" if opened[0] else "''"

    text = re.sub('"', swap, text)
    return re.sub(r"(?<=\w)'(?=\w)", "’" if style == "curly" else "`", text)


def _transform(
    article: Article, kinds: Sequence[str], rng: random.Random, vocab: Sequence[str], filler: Article
) -> Article:
    """Apply transformations to a copy of ``article`` (``filler`` supplies the text an extension adds)."""
    paragraphs = list(article.paragraphs)
    title = article.title
    for kind in kinds:
        if kind == "headline":
            title = f"{rng.choice(('Update', 'Report', 'News', 'Wire'))}: {' '.join(rng.sample(vocab, 6))}"
        elif kind == "trim":
            sents = [s for p in paragraphs for s in _sentences(p)]
            keep = max(2, int(len(sents) * rng.uniform(0.4, 0.8)))
            paragraphs = [" ".join(sents[i : i + 3]) for i in range(0, keep, 3)]
        elif kind == "boilerplate":
            extra = rng.sample(BOILERPLATE, 2)
            paragraphs = [extra[0], *paragraphs, extra[1]] if rng.random() < 0.5 else [*paragraphs, *extra]
        elif kind == "drop":
            sents = [s for p in paragraphs for s in _sentences(p)]
            for _ in range(min(rng.randint(1, 3), max(0, len(sents) - 3))):
                sents.pop(rng.randrange(len(sents)))
            paragraphs = [" ".join(sents[i : i + 3]) for i in range(0, len(sents), 3)]
        elif kind == "swap" and len(paragraphs) >= 2:
            i = rng.randrange(len(paragraphs) - 1)
            paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
        elif kind == "excerpt":  # a short piece made of the middle of the story
            sents = [s for p in paragraphs for s in _sentences(p)]
            size = max(3, int(len(sents) * rng.uniform(0.3, 0.5)))
            start = rng.randrange(max(1, len(sents) - size + 1))
            paragraphs = [" ".join(sents[i : i + 3]) for i in range(start, min(len(sents), start + size), 3)]
        elif kind == "extend":  # the story inside a longer piece: as much other text again, at most
            budget = sum(len(p) for p in paragraphs)
            extra = list(filler.paragraphs)
            start = rng.randrange(len(extra))
            added: list[str] = []
            for para in extra[start:] + extra[:start]:
                if sum(len(p) for p in added) + len(para) > budget:
                    break
                added.append(para)
            paragraphs = [*paragraphs, *added]
        elif kind == "quotes":
            paragraphs = [_restyle_quotes(p, rng) for p in paragraphs]
        elif kind == "words":
            words = "\n\n".join(paragraphs).split(" ")
            for _ in range(max(1, len(words) // 50)):
                words[rng.randrange(len(words))] = rng.choice(vocab)
            paragraphs = " ".join(words).split("\n\n")
    return replace(article, title=title, text="\n\n".join(p for p in paragraphs if p.strip()))


def _statement(donor: Article, rng: random.Random) -> str | None:
    """Consecutive sentences of 30–120 words from ``donor``, or None when it has none that fit."""
    sents = [s for p in donor.paragraphs for s in _sentences(p)]
    starts = list(range(len(sents)))
    rng.shuffle(starts)
    for start in starts[:10]:
        chosen: list[str] = []
        for sent in sents[start:]:
            chosen.append(sent)
            words = sum(len(s.split()) for s in chosen)
            if words >= 30:
                return " ".join(chosen) if words <= 120 else None
    return None


def _word_ngrams(text: str, n: int = 8) -> set[str]:
    """Word n-grams of a lowercased text (used only to screen the originals)."""
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def _gram_spans(text: str, n: int = 8) -> list[tuple[str, int, int]]:
    """Word n-grams of a text with their character span."""
    words = list(re.finditer(r"\w+", text))
    keys = [w.group().lower() for w in words]
    return [
        (" ".join(keys[i : i + n]), words[i].start(), words[i + n - 1].end())
        for i in range(len(words) - n + 1)
    ]


def natural_overlap(bench: Benchmark) -> dict[str, set[int]]:
    """Characters of each article that the original texts of other groups already share (not scored).

    Real articles quote the same statements and carry the same notes; such text is reuse the gold does
    not label, so it is neither a true nor a false passage. Found by exact word 8-grams, independently of
    the code under test; for a host, on its text before the insertion (offsets shifted past it).
    """
    owners: dict[str, set[str]] = {}
    for grp, text in bench.originals.items():
        for key, _, _ in _gram_spans(text):
            owners.setdefault(key, set()).add(grp)
    out: dict[str, set[int]] = {}
    for art in bench.articles:
        grp = bench.group[art.id]
        text, shift_from, shift = art.text, -1, 0
        if art.id in bench.inserted:
            _, start, end = bench.inserted[art.id]
            text, shift_from, shift = bench.originals[art.id], start, end - start + 2
        chars: set[int] = set()
        for key, lo, hi in _gram_spans(text):
            if owners.get(key, set()) - {grp}:
                if 0 <= shift_from <= lo:
                    lo, hi = lo + shift, hi + shift
                chars.update(range(lo, hi))
        out[art.id] = chars
    return out


def _screen(articles: list[Article]) -> list[Article]:
    """Drop originals that overlap an earlier kept one (natural duplicates and syndicated copies)."""
    kept: list[Article] = []
    index: dict[str, list[int]] = {}
    grams: list[set[str]] = []
    for art in articles:
        mine = _word_ngrams(art.text)
        if len(mine) < 20:
            continue
        hits: dict[int, int] = {}
        for g in mine:
            for k in index.get(g, ()):
                hits[k] = hits.get(k, 0) + 1
        if any(n >= NATURAL_OVERLAP * min(len(mine), len(grams[k])) for k, n in hits.items()):
            continue
        for g in mine:
            index.setdefault(g, []).append(len(kept))
        grams.append(mine)
        kept.append(art)
    return kept


def build_benchmark(originals: list[Article], seed: int) -> Benchmark:
    """Build the labelled collection from real originals, deterministically for a seed."""
    rng = random.Random(seed)
    pool = _screen(sorted(originals, key=lambda a: a.id))
    rng.shuffle(pool)
    vocab = sorted({w for a in pool[:50] for w in a.text.split() if w.isalpha() and len(w) > 3}) or ["word"]
    bench = Benchmark()
    n_hosts, n_fillers = int(len(pool) * HOST_SHARE), int(len(pool) * FILLER_SHARE)
    hosts, fillers, kept = pool[:n_hosts], pool[n_hosts : n_hosts + n_fillers], pool[n_hosts + n_fillers :]
    for filler in fillers:  # its text appears inside "extend" copies of several groups: shared, unlabelled
        bench.originals[f"filler:{filler.id}"] = filler.text
    for original in kept:
        bench.articles.append(original)
        bench.group[original.id] = original.id
        bench.originals[original.id] = original.text
        if rng.random() >= COPY_SHARE:
            continue
        for n in range(rng.randint(1, 3)):
            kinds = tuple(sorted(rng.sample(LIGHT_TRANSFORMS, rng.randint(0, 2))))
            if not kinds or rng.random() < 0.5:
                kinds = tuple(sorted((*kinds[:1], rng.choice(HEAVY_TRANSFORMS))))
            copy = _transform(original, kinds, rng, vocab, rng.choice(fillers or kept))
            shift = rng.randint(0, 2)
            published = original.published + dt.timedelta(days=shift) if original.published else None
            copy = replace(
                copy,
                id=make_id("a", "bench-copy", original.id, str(n)),
                outlet=f"copy-outlet-{rng.randint(1, 9)}",
                published=published,
            )
            bench.articles.append(copy)
            bench.group[copy.id] = original.id
            bench.unscored[copy.id] = {
                i
                for line in BOILERPLATE
                if line in copy.text
                for i in range(copy.text.index(line), copy.text.index(line) + len(line))
            }
            bench.transforms[copy.id] = kinds
    for host in hosts:
        donor = rng.choice(kept)
        statement = _statement(donor, rng)
        if statement is None or len(statement.split()) > DONOR_SHARE * len(donor.text.split()):
            continue  # from a short donor the statement would be most of it: a contained copy, not reuse
        statement = _restyle_quotes(statement, rng)
        if rng.random() < 0.3:
            words = statement.split(" ")
            words.insert(rng.randrange(1, len(words)), "(sic)")
            statement = " ".join(words)
        paragraphs = list(host.paragraphs)
        at = rng.randint(1, max(1, len(paragraphs)))
        before = "\n\n".join(paragraphs[:at])
        start = len(before) + 2 if before else 0
        text = "\n\n".join([*paragraphs[:at], statement, *paragraphs[at:]])
        new = replace(host, id=make_id("a", "bench-host", host.id), text=text)
        bench.articles.append(new)
        bench.group[new.id] = new.id
        bench.inserted[new.id] = (donor.id, start, start + len(statement))
        bench.originals[new.id] = host.text
    bench.articles.sort(key=lambda a: a.id)
    return bench


# scoring --------------------------------------------------------------------------------------------------


def _prf(tp: float, predicted: float, gold: float) -> dict[str, float]:
    """Precision, recall and F1 (1.0 for an empty denominator)."""
    precision = tp / predicted if predicted else 1.0
    recall = tp / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _pairs(groups: dict[str, str]) -> set[tuple[str, str]]:
    """All unordered pairs of ids that share a group."""
    members: dict[str, list[str]] = {}
    for art, grp in groups.items():
        members.setdefault(grp, []).append(art)
    out: set[tuple[str, str]] = set()
    for ids in members.values():
        ids.sort()
        out.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])
    return out


def score(bench: Benchmark) -> dict[str, object]:
    """Run duplicate detection and reuse alignment on the benchmark; return the metrics object."""
    t0 = time.perf_counter()
    dups = find_duplicates(bench.articles)
    t1 = time.perf_counter()
    reuse = find_reuse(bench.articles)
    t2 = time.perf_counter()
    predicted_group = {a.id: a.id for a in bench.articles}
    for dup in dups:
        predicted_group[dup.article] = dup.duplicate_of
    gold_pairs, pred_pairs = _pairs(bench.group), _pairs(predicted_group)
    by_transform: dict[str, list[int]] = {}
    for copy, kinds in bench.transforms.items():
        found = predicted_group[copy] == predicted_group[bench.group[copy]]
        for kind in kinds:
            by_transform.setdefault(kind, [0, 0])[0] += int(found)
            by_transform[kind][1] += 1
    # passages, in characters: hosts against their insertion, everything else against nothing
    ignore = natural_overlap(bench)
    predicted_chars: dict[str, set[int]] = {}
    for item in reuse:
        x, y = item.articles
        if bench.group[x] == bench.group[y]:
            continue  # copies of one original share everything: not a passage to score
        for art, other, side in ((x, y, 0), (y, x, 1)):
            if other in bench.inserted and bench.group[art] == bench.inserted[other][0]:
                continue  # the donor's side of a gold pair: its source location is not labelled
            for passage in item.passages:
                span = passage.spans[side]
                predicted_chars.setdefault(art, set()).update(range(span.start, span.end))
    tp = predicted = 0
    gold = sum(end - start for _, start, end in bench.inserted.values())
    host_tp = host_predicted = 0
    for art, chars in predicted_chars.items():
        chars -= ignore[art] | bench.unscored.get(art, set())
        predicted += len(chars)
        if art in bench.inserted:
            _, start, end = bench.inserted[art]
            tp += len(chars & set(range(start, end)))
            host_tp += len(chars & set(range(start, end)))
            host_predicted += len(chars)
    return {
        "duplicates": _prf(len(gold_pairs & pred_pairs), len(pred_pairs), len(gold_pairs)),
        "passages": _prf(tp, predicted, gold),
        "passages_in_hosts": _prf(host_tp, host_predicted, gold),
        "recall_by_transformation": {k: round(v[0] / v[1], 4) for k, v in sorted(by_transform.items())},
        "counts": {
            "articles": len(bench.articles),
            "copies": len(bench.transforms),
            "hosts": len(bench.inserted),
            "gold_pairs": len(gold_pairs),
            "predicted_pairs": len(pred_pairs),
            "gold_passage_chars": gold,
            "reuse_pairs": len(reuse),
            "unscored_natural_chars": sum(len(v) for v in ignore.values()),
        },
        "seconds": {"duplicates": round(t1 - t0, 2), "reuse": round(t2 - t1, 2)},
    }


def _load(specs: Sequence[str], limit: int | None) -> list[Article]:
    """Read ``DATASET PATH`` pairs; keep the first ``limit`` articles (by id) of each."""
    if len(specs) % 2:
        raise click.UsageError("give DATASET PATH pairs, e.g. polnear ../shared/data/polnear")
    originals: list[Article] = []
    for name, raw in zip(specs[::2], specs[1::2], strict=True):
        path = Path(raw)
        if name not in DATASETS:
            raise click.UsageError(f"unknown data set {name!r}; valid: {', '.join(DATASETS)}")
        if not path.is_dir():
            raise click.UsageError(f"{raw}: not a folder")
        arts = read_polnear(path) if name == "polnear" else read_ecbplus(path)
        if not arts:
            raise click.UsageError(f"{raw}: no {name} articles found")
        arts.sort(key=lambda a: a.id)
        originals.extend(arts[:limit] if limit else arts)
    return originals


@click.command(name="dedup")
@click.argument("specs", nargs=-1, required=True, metavar="DATASET PATH [DATASET PATH]...")
@click.option(
    "--limit", type=click.IntRange(min=1), help="Use the first N articles (by id) of each data set."
)
@click.option(
    "--seed", type=int, default=SEED, show_default=True, help="Seed of the benchmark transformations."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def command(specs: tuple[str, ...], limit: int | None, seed: int, as_json: bool) -> None:
    """Duplicates and passage reuse on a benchmark built from real articles.

    DATASET is polnear (train and dev) or ecbplus (topics 1–35).

    \b
    Example:
        storyline eval dedup polnear ../shared/data/polnear ecbplus ../shared/data/ecbplus --limit 100
    """
    result = score(build_benchmark(_load(specs, limit), seed))
    if as_json:
        click.echo(json.dumps(result, sort_keys=True))
        return
    click.echo("| measure | precision | recall | F1 |\n|---|---|---|---|")
    for key in ("duplicates", "passages", "passages_in_hosts"):
        m = result[key]
        assert isinstance(m, dict)
        click.echo(f"| {key} | {m['precision']:.4f} | {m['recall']:.4f} | {m['f1']:.4f} |")
    click.echo(f"\nrecall by transformation: {result['recall_by_transformation']}")
    click.echo(f"counts: {result['counts']}\nseconds: {result['seconds']}")
