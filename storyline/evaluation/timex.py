"""`storyline eval timex`: TempEval-3 task A figures for :func:`storyline.extract.dates.extract_timexes`.

Reads TimeML (TBAQ-cleaned) or MEANTIME, runs the extractor on each document's text anchored on the
document creation time from the file, and scores as TempEval-3 does:

* extraction, **strict**: a system expression matches a gold one with exactly the same extent;
* extraction, **relaxed**: the extents overlap (each gold and each system expression is matched at most
  once, largest overlap first);
* **value F1**: among relaxed matches, those whose normalized value equals the gold value; precision over
  the system's expressions, recall over the gold ones.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from storyline.errors import StorylineError
from storyline.evaluation.timeml import GoldTimex, TimexDocument, iter_corpus
from storyline.extract.dates import Timex, extract_timexes

LOGGER = logging.getLogger(__name__)

__all__ = ["Scores", "command", "evaluate", "score_document"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Counts:
    """Counts of one document (or a sum): gold, system, strict and relaxed matches, equal values and types."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            gold=self.gold + other.gold,
            system=self.system + other.system,
            strict=self.strict + other.strict,
            relaxed=self.relaxed + other.relaxed,
            value=self.value + other.value,
            type=self.type + other.type,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Scores:
    """The figures printed by the command."""

    documents: int
    counts: Counts
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        """The ``--json`` object."""
        c = self.counts
        return {
            "documents": self.documents,
            "gold": c.gold,
            "system": c.system,
            "strict": _prf(c.strict, c.system, c.gold),
            "relaxed": _prf(c.relaxed, c.system, c.gold),
            "value_f1": _prf(c.value, c.system, c.gold)["f1"],
            "type_f1": _prf(c.type, c.system, c.gold)["f1"],
            "expressions_per_second": round(c.system / self.seconds, 1) if self.seconds > 0 else None,
        }


def _prf(hits: int, system: int, gold: int) -> dict[str, float]:
    """Precision, recall and F1 rounded to 4 decimals (0 where undefined)."""
    precision = hits / system if system else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _overlap(a: GoldTimex, b: Timex) -> int:
    """Characters shared by two extents."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match_relaxed(gold: Sequence[GoldTimex], system: Sequence[Timex]) -> list[tuple[GoldTimex, Timex]]:
    """One-to-one pairs of overlapping gold and system expressions, largest overlap first."""
    pairs = sorted(
        ((g, s) for g in gold for s in system if _overlap(g, s) > 0),
        key=lambda p: (-_overlap(*p), p[0].start, p[1].start),
    )
    used_gold: set[int] = set()
    used_system: set[int] = set()
    matched: list[tuple[GoldTimex, Timex]] = []
    for g, s in pairs:
        if id(g) in used_gold or id(s) in used_system:
            continue
        used_gold.add(id(g))
        used_system.add(id(s))
        matched.append((g, s))
    return matched


def score_document(gold: Sequence[GoldTimex], system: Sequence[Timex]) -> tuple[Counts, list[str]]:
    """Counts for one document, and one line per error (for ``--show-errors``)."""
    pairs = match_relaxed(gold, system)
    errors: list[str] = []
    strict = sum(1 for g, s in pairs if (g.start, g.end) == (s.start, s.end))
    value = 0
    for g, s in pairs:
        if s.value == g.value:
            value += 1
        else:
            errors.append(f"VALUE  {g.text!r} gold={g.value} {g.type} | system {s.text!r}={s.value} {s.type}")
        if (g.start, g.end) != (s.start, s.end):
            errors.append(f"EXTENT gold {g.text!r} | system {s.text!r}")
    matched_gold = {id(g) for g, _ in pairs}
    matched_system = {id(s) for _, s in pairs}
    errors += [f"MISSED {g.text!r} {g.type} {g.value}" for g in gold if id(g) not in matched_gold]
    errors += [f"EXTRA  {s.text!r} {s.type} {s.value}" for s in system if id(s) not in matched_system]
    counts = Counts(
        gold=len(gold),
        system=len(system),
        strict=strict,
        relaxed=len(pairs),
        value=value,
        type=sum(1 for g, s in pairs if g.type == s.type),
    )
    return counts, errors


def evaluate(documents: Iterable[TimexDocument], show_errors: bool = False) -> Scores:
    """Run the extractor on every document, anchored on its creation time, and sum the counts."""
    total = Counts()
    n = 0
    seconds = 0.0
    for document in documents:
        began = time.perf_counter()
        system = extract_timexes(document.text, document.dct)
        seconds += time.perf_counter() - began
        system = tuple(t for t in system if t.start < document.scored_end)
        counts, errors = score_document(document.timexes, system)
        total += counts
        n += 1
        if show_errors:
            for line in errors:
                click.echo(f"{document.doc_id} dct={document.dct} {line}", err=True)
    return Scores(documents=n, counts=total, seconds=seconds)


@click.command(name="timex")
@click.argument("corpus", type=click.Choice(["timeml", "meantime"]))
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Only the first N documents (sorted by path)."
)
@click.option(
    "--show-errors", is_flag=True, help="List every missed, extra or wrongly valued expression on stderr."
)
def command(corpus: str, path: Path, as_json: bool, limit: int | None, show_errors: bool) -> None:
    """Score temporal expressions on TimeML (TBAQ-cleaned) or MEANTIME: TempEval-3 task A.

    \b
    Example:
        storyline eval timex timeml ../shared/data/timeml/TBAQ-cleaned
        storyline eval timex meantime ../shared/data/timeml/meantime --json
    """
    try:
        documents = list(iter_corpus(corpus, path))
    except StorylineError as err:
        raise click.ClickException(str(err)) from err
    if limit is not None:
        documents = documents[:limit]
    scores = evaluate(documents, show_errors=show_errors)
    result = scores.as_dict()
    if as_json:
        click.echo(json.dumps(result, sort_keys=True))
        return
    click.echo(
        f"{corpus} {path}: {result['documents']} documents, {result['gold']} gold, {result['system']} found"
    )
    click.echo("| match | precision | recall | F1 |")
    click.echo("| --- | --- | --- | --- |")
    for key in ("strict", "relaxed"):
        row = result[key]
        click.echo(f"| {key} | {row['precision']:.4f} | {row['recall']:.4f} | {row['f1']:.4f} |")
    click.echo(
        f"value F1 {result['value_f1']:.4f}, type F1 {result['type_f1']:.4f}, "
        f"{result['expressions_per_second']} expressions/s"
    )
