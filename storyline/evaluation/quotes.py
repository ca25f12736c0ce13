"""`storyline eval quotes polnear PATH`: direct-quote extraction and speaker accuracy on PolNeAR.

Gold direct quotes are the annotated Content spans that begin or end with a quotation mark. A found quote
is right when one of its spans overlaps a gold direct quote's span; precision counts found quotes that
are right, recall counts gold quotes that some found quote overlaps.

Speaker accuracy is measured on the found quotes that are right, against the gold quote each overlaps
most. Our speaker (always a name or a description, never a pronoun) is right when:

* the gold Source is a name ("Sen. Ted Cruz"), and our speaker shares a name word with it;
* the gold Source is a pronoun or a description ("he", "the senator"), and our speaker shares a name
  word with the entity it refers to, taken from the annotation alone (:func:`gold_referent`: the latest
  named Source annotated before it whose gender fits), or is the same description ("a source");
* the annotation has no Source, and we name none.

``speaker_accuracy_named`` counts only gold quotes whose Source is itself a name, which depends on no
heuristic at all. textacy's ``direct_quotations`` runs on the same articles as the reference; as in its own
design it gives up on an article whose quote marks do not pair up, and its speaker is right when its
speaker words overlap the annotated Source (so a pronoun counts as right for textacy).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from storyline.evaluation.polnear import PolnearArticle, PolnearAttribution, is_direct, read_split
from storyline.extract.entities import FEMALE_FIRST_NAMES, MALE_FIRST_NAMES
from storyline.extract.quotes import extract_quotes
from storyline.extract.speakers import PRONOUNS
from storyline.models import Article, TextSpan

__all__ = ["Predicted", "QuoteScores", "command", "evaluate_polnear", "gold_referent", "score"]

LOGGER = logging.getLogger(__name__)

# A pronoun Source refers to a named Source annotated at most this many characters before it (about
# three paragraphs; the same reach as the speaker stage's own antecedent search).
MAX_REFERENT_CHARS = 1500
_NAME_STOPWORDS = frozenset(
    {"the", "a", "an", "of", "and", "mr", "ms", "mrs", "dr", "sen", "rep", "gov", "president", "'s", "’s"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Predicted:
    """One found quote, as the scorer sees it."""

    spans: tuple[TextSpan, ...]
    speaker: str | None
    entity: str | None
    speaker_span: TextSpan | None


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteScores:
    """Quote extraction and speaker scores of one system."""

    precision: float
    recall: float
    f1: float
    speaker_accuracy: float
    speaker_accuracy_named: float
    found: int
    gold: int
    correct: int

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "quote": {"precision": self.precision, "recall": self.recall, "f1": self.f1},
            "speaker_accuracy": self.speaker_accuracy,
            "speaker_accuracy_named": self.speaker_accuracy_named,
            "counts": {"found": self.found, "gold": self.gold, "correct": self.correct},
        }


def _overlap(a: Sequence[TextSpan], b: Sequence[TextSpan]) -> int:
    """Characters shared by two sets of spans."""
    return sum(max(0, min(x.end, y.end) - max(x.start, y.start)) for x in a for y in b)


def _words(text: str) -> set[str]:
    """Lower-cased name words of a text, without titles and articles."""
    return {w for w in re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")) if w not in _NAME_STOPWORDS}


_FUNCTION_WORDS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "one",
     "some", "many", "most", "other", "others", "another", "both", "all", "several", "two", "three"}
)  # fmt: skip


def _is_named(text: str) -> bool:
    """Whether a Source span contains a name: a capitalized word that is no pronoun or function word."""
    words = [w.strip("\"“”‘’'(),.:;") for w in text.split()]
    return any(
        w[:1].isupper() and w.lower() not in PRONOUNS and w.lower() not in _FUNCTION_WORDS for w in words
    )


_GOLD_PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}


def gold_referent(article: PolnearArticle, gold: PolnearAttribution) -> str | None:
    """The named Source a pronoun or description Source refers to, from the annotation alone: the latest
    named Source annotated before it (within :data:`MAX_REFERENT_CHARS`) whose gender fits the pronoun."""
    if not gold.source:
        return None
    start = gold.source[0].start
    gender = _GOLD_PRONOUN_GENDER.get(gold.source_text.strip().lower())
    if gold.source_text.strip().lower() in ("we", "i", "you"):
        return None
    best: tuple[int, str] | None = None
    for other in article.attributions:
        if not other.source or not _is_named(other.source_text):
            continue
        pos = other.source[0].start
        if pos >= start or start - pos > MAX_REFERENT_CHARS:
            continue
        if gender is not None:
            first = other.source_text.split()[0].lower().rstrip(".")
            other_gender = (
                "female"
                if first in FEMALE_FIRST_NAMES or first in ("ms", "mrs")
                else "male"
                if first in MALE_FIRST_NAMES or first == "mr"
                else None
            )
            if other_gender not in (None, gender):
                continue
        if best is None or pos > best[0]:
            best = (pos, other.source_text)
    return best[1] if best else None


def _speaker_right(gold: PolnearAttribution, referent: str | None, pred: Predicted) -> bool:
    """Whether our speaker names the gold Source (see the module docstring)."""
    if not gold.source:
        return pred.speaker is None
    if pred.speaker is None:
        return False
    ours, theirs = _words(pred.speaker), _words(gold.source_text)
    if not ours:
        return False
    if _is_named(gold.source_text):
        return bool(ours & theirs)
    if referent is not None and ours & _words(referent):
        return True
    return bool(theirs) and (ours <= theirs or theirs <= ours)


def score(
    articles: Sequence[PolnearArticle],
    predictions: Sequence[Sequence[Predicted]],
    *,
    overlap_speakers: bool = False,
) -> QuoteScores:
    """Score found quotes against the gold direct quotes.

    Args:
        articles: the gold articles.
        predictions: found quotes per article.
        overlap_speakers: judge speakers by span overlap with the Source (the textacy reference).

    Returns:
        The scores.
    """
    found = correct = gold_total = gold_hit = 0
    spk_total = spk_right = named_total = named_right = 0
    for article, preds in zip(articles, predictions, strict=True):
        golds = [a for a in article.attributions if is_direct(a)]
        gold_total += len(golds)
        hit = [False] * len(golds)
        for pred in preds:
            found += 1
            overlaps = [_overlap(pred.spans, g.content) for g in golds]
            if not overlaps or max(overlaps) == 0:
                continue
            correct += 1
            for i, o in enumerate(overlaps):
                if o:
                    hit[i] = True
            best = max(range(len(golds)), key=lambda i: (overlaps[i], -i))
            gold = golds[best]
            if overlap_speakers:
                right = (not gold.source and pred.speaker_span is None) or (
                    pred.speaker_span is not None and _overlap([pred.speaker_span], gold.source) > 0
                )
            else:
                right = _speaker_right(gold, gold_referent(article, gold), pred)
            spk_total += 1
            spk_right += right
            if gold.source and _is_named(gold.source_text):
                named_total += 1
                named_right += right
        gold_hit += sum(hit)
    precision = correct / found if found else 0.0
    recall = gold_hit / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return QuoteScores(
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(f1, 4),
        speaker_accuracy=round(spk_right / spk_total, 4) if spk_total else 0.0,
        speaker_accuracy_named=round(named_right / named_total, 4) if named_total else 0.0,
        found=found,
        gold=gold_total,
        correct=correct,
    )


def _textacy_predictions(docs: Sequence[Any]) -> list[list[Predicted]]:
    """textacy's direct quotations per parsed article; none for an article it gives up on."""
    from textacy.extract.triples import direct_quotations

    out: list[list[Predicted]] = []
    for doc in docs:
        try:
            triples = list(direct_quotations(doc))
        except ValueError:
            triples = []
        preds = []
        for speaker, _cue, content in triples:
            spk = TextSpan(speaker[0].idx, speaker[-1].idx + len(speaker[-1].text)) if speaker else None
            preds.append(
                Predicted(
                    spans=(TextSpan(content.start_char, content.end_char),),
                    speaker=" ".join(t.text for t in speaker) if speaker else None,
                    entity=None,
                    speaker_span=spk,
                )
            )
        out.append(preds)
    return out


def evaluate_polnear(path: Path, *, limit: int | None = None, reference: bool = True) -> dict[str, Any]:
    """Run our extractor (and textacy) on a PolNeAR split and score both.

    Args:
        path: the split folder (``…/polnear/dev``).
        limit: evaluate only this many articles (evenly spaced).
        reference: also run textacy's ``direct_quotations``.

    Returns:
        ``{"quote": {...}, "speaker_accuracy": …, "reference": {"textacy": {...}}, …}``.
    """
    from storyline.annotate import Annotator

    gold_articles = read_split(path, limit=limit)
    articles = [Article(id=a.name, source=a.name, title="", text=a.text) for a in gold_articles]
    annotator = Annotator()
    started = time.perf_counter()
    annotations = annotator.annotate(articles)
    ours: list[list[Predicted]] = []
    for article, annotation in zip(articles, annotations, strict=True):
        extraction = extract_quotes(article, annotation, parser=annotator.parse)
        ours.append(
            [
                Predicted(spans=q.spans, speaker=q.speaker, entity=q.entity, speaker_span=q.speaker_mention)
                for q in extraction.quotes
            ]
        )
    elapsed = time.perf_counter() - started
    result = score(gold_articles, ours).as_dict()
    result["articles"] = len(articles)
    result["seconds"] = round(elapsed, 2)
    if reference:
        docs = annotator.parse([a.text for a in articles])
        result["reference"] = {
            "textacy": score(gold_articles, _textacy_predictions(docs), overlap_speakers=True).as_dict()
        }
    return result


def _table(result: dict[str, Any]) -> str:
    """A human-readable table of the scores."""
    rows = [("storyline", result)]
    rows += [(name, ref) for name, ref in sorted(result.get("reference", {}).items())]
    lines = [
        f"PolNeAR direct quotes, {result['articles']} articles ({result['counts']['gold']} gold quotes)",
        "",
        "| system | quote P | quote R | quote F1 | speaker acc. | speaker acc. (named gold) | found |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in rows:
        q = r["quote"]
        lines.append(
            f"| {name} | {q['precision']:.3f} | {q['recall']:.3f} | {q['f1']:.3f} | "
            f"{r['speaker_accuracy']:.3f} | {r['speaker_accuracy_named']:.3f} | {r['counts']['found']} |"
        )
    return "\n".join(lines)


@click.command(name="quotes")
@click.argument("dataset", type=click.Choice(["polnear"]))
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Evaluate only N articles (evenly spaced)."
)
@click.option("--no-reference", is_flag=True, help="Skip the textacy reference run.")
def command(dataset: str, path: Path, as_json: bool, limit: int | None, no_reference: bool) -> None:
    """Direct-quote extraction and speaker accuracy on PolNeAR, beside textacy's.

    \b
    Example:
        storyline eval quotes polnear ../shared/data/polnear/dev
    """
    from storyline.errors import StorylineError

    try:
        result = evaluate_polnear(path, limit=limit, reference=not no_reference)
    except StorylineError as err:
        raise click.ClickException(str(err)) from err
    click.echo(json.dumps(result, sort_keys=True) if as_json else _table(result))
