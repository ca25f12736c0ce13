"""`storyline eval quotes polnear PATH`: direct-quote extraction and speaker accuracy on PolNeAR.

Gold direct quotes are the annotated Content spans that begin or end with a quotation mark. A found quote
is right when one of its spans overlaps a gold direct quote's span; precision counts found quotes that
are right, recall counts gold quotes that some found quote overlaps.

Speaker accuracy is measured on the found quotes that are right, against the gold quote each overlaps
most. Our speaker (always a name or a description, never a pronoun) is right when:

* the gold Source is a name ("Sen. Ted Cruz"), and our speaker shares a name word with it;
* the gold Source is a pronoun or a description ("he", "the senator"), and our speaker shares a name
  word with the entity it refers to, taken from the annotation alone (:func:`gold_referent`: for "who",
  the name right before it; else the latest named Source annotated before it whose gender fits, a
  person-like one first for "he" and "she"), or is the same description ("a source");
* the annotation has no Source, and we name none.

When several annotated attributions overlap a found quote equally (nested sources: "…," Lopez said,
according to the Gazette), naming any of their Sources is right. ``--show-errors`` prints every wrong
speaker after the table, one JSON object a line, for error analysis.

``speaker_accuracy_named`` counts only gold quotes whose Source is itself a name, which depends on no
heuristic at all.

Known limits of the scorer (found reading dev and train errors, 2026-11-25; left as they are, since fixing
them raises our own figure and needs a decision): :func:`gold_referent` can give a "he"/"she" a Source of
another gender or no person at all when it cannot tell ("she" -> "NBC News", "he" -> "The New York
Times"); some gold rows have Source and Cue swapped; a description with a capitalised place ("The Indiana
governor") counts as a name, so the right person's name shares no word with it; nested attributions
("according to X, Y said") are often annotated at the outer source only.

textacy's ``direct_quotations`` runs on the same articles as the reference; as in its own design it gives
up on an article whose quote marks do not pair up, and its speaker is right when its speaker words overlap
the annotated Source (so a pronoun counts as right for textacy).
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
from storyline.extract.cues import PRONOUNS
from storyline.extract.entities import FEMALE_FIRST_NAMES, MALE_FIRST_NAMES
from storyline.extract.quotes import extract_quotes
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


RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# A relative pronoun's name ends right before it; a name is at most this many characters long.
REFERENT_WINDOW_CHARS = 60
_NAME_BEFORE = re.compile(r"((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)\s*,?\s*$")
_GOLD_PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}
_GENDER_TITLES = {"mr": "male", "sir": "male", "ms": "female", "mrs": "female", "miss": "female"}
# Capitalized words that end the name of an organisation or a publication, not of a person.
_ORG_HEADS = frozenset(
    {"post", "times", "news", "house", "department", "committee", "campaign", "party", "association",
     "university", "council", "fund", "foundation", "institute", "agency", "office", "press", "journal",
     "network", "group", "inc", "corp", "company", "administration", "court", "congress", "senate",
     "cnn", "msnbc", "abc", "nbc", "cbs", "fox", "reuters", "website", "tribune", "herald", "magazine"}
)  # fmt: skip
# Words after which a capitalized run is part of a prepositional phrase or a determiner phrase
# ("released by the White House", "of Congress"), not a person named after a role word.
_RUN_BLOCKERS = frozenset({"the", "a", "an", "of", "by", "from", "in", "at", "on", "for", "to", "with"})
_TOKEN = re.compile(r"[\w.'’-]+|,|\(")


def _is_capitalized(word: str) -> bool:
    """Whether a token is a capitalized name word (no pronoun or function word)."""
    low = word.lower().strip(".'’")
    return word[:1].isupper() and low not in PRONOUNS and low not in _FUNCTION_WORDS


def _person_like(text: str) -> bool:
    """Whether a Source span names a person: it opens with a name ("Sarandon", "Ms. Gil, who …",
    "North Carolina's Ada Fisher, …") or holds a two-word name after a role word ("Republican pollster
    Daron Shaw", "Another pollster, David Woodard of …"), and that name is no organisation's."""
    tokens = _TOKEN.findall(text)
    while tokens and tokens[0].lower() in _FUNCTION_WORDS:
        tokens = tokens[1:]
    runs: list[list[str]] = []
    i = 0
    while i < len(tokens):
        if _is_capitalized(tokens[i]):
            j = i
            while j < len(tokens) and _is_capitalized(tokens[j]):
                j += 1
            before = tokens[i - 1] if i else ""
            after = tokens[j] if j < len(tokens) else ""
            opening = i == 0 and after in ("", ",", "(")
            after_role = (
                i > 0 and j - i >= 2 and (before == "," or (before.islower() and before not in _RUN_BLOCKERS))
            )
            if (opening or after_role) and tokens[j - 1].lower().rstrip(".'’s") not in _ORG_HEADS:
                runs.append(tokens[i:j])
            i = j
        else:
            i += 1
    return bool(runs)


def _gender_of_source(text: str, surnames: dict[str, str | None]) -> str | None:
    """A named Source's gender from its first name or honorific, else from its surname as another
    Source of the article gives it ("Ms. Gil" makes "Gil" female); None when unknown or conflicting."""
    words = [w.lower().rstrip(".") for w in re.findall(r"[A-Za-z.'’-]+", text)]
    for word in words[:4]:
        if word in _GENDER_TITLES:
            return _GENDER_TITLES[word]
        if word in FEMALE_FIRST_NAMES:
            return "female"
        if word in MALE_FIRST_NAMES:
            return "male"
    for word in words:
        if word in surnames:
            return surnames[word]
    return None


def _surname_genders(article: PolnearArticle) -> dict[str, str | None]:
    """Surname -> gender from the article's named Sources with a gendered first name or honorific;
    a surname two Sources give different genders (Bill and Hillary Clinton) maps to None."""
    out: dict[str, str | None] = {}
    for other in article.attributions:
        words = re.findall(r"[A-Z][a-z'’-]+", other.source_text)
        if len(words) < 2 and not re.match(r"(?:Mr|Ms|Mrs|Miss)\.?\s", other.source_text):
            continue
        gender = _gender_of_source(other.source_text, {})
        if gender is None:
            continue
        surname = words[-1].lower()
        out[surname] = gender if out.get(surname, gender) == gender else None
    return out


def gold_referent(article: PolnearArticle, gold: PolnearAttribution) -> str | None:
    """The named Source a pronoun or description Source refers to, from the annotation alone.

    A relative pronoun ("who") stands for the name right before it in the text. Otherwise: the latest
    named Source annotated before it (within :data:`MAX_REFERENT_CHARS`); for "he" and "she", only one
    whose gender fits (from first names, honorifics and the article's other Sources with that surname),
    a person-like one (:func:`_person_like`) before any other."""
    if not gold.source:
        return None
    start = gold.source[0].start
    pronoun = gold.source_text.strip().lower()
    gender = _GOLD_PRONOUN_GENDER.get(pronoun)
    if pronoun in ("we", "i", "you"):
        return None
    if pronoun in RELATIVE_PRONOUNS:
        # "Charlie Sykes, who lamented …": a relative pronoun stands for the name right before it
        before = _NAME_BEFORE.search(article.text, max(0, start - REFERENT_WINDOW_CHARS), start)
        if before is not None:
            return before.group(1)
    surnames = _surname_genders(article) if gender is not None else {}
    best: tuple[bool, int, str] | None = None
    for other in article.attributions:
        if not other.source or not _is_named(other.source_text):
            continue
        pos = other.source[0].start
        if pos >= start or start - pos > MAX_REFERENT_CHARS:
            continue
        person = True
        if gender is not None:
            if _gender_of_source(other.source_text, surnames) not in (None, gender):
                continue
            person = _person_like(other.source_text)
        # a person-like Source beats a later one that is not ("the Times", "Opinion polls")
        if best is None or (person, pos) > best[:2]:
            best = (person, pos, other.source_text)
    return best[2] if best else None


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


# An error record shows this many characters of the quote and of the text before and after it.
ERROR_CONTEXT_CHARS = 160


def _error_record(
    article: PolnearArticle, gold: PolnearAttribution, referent: str | None, pred: Predicted
) -> dict[str, Any]:
    """One wrong speaker, for reading: the quote in context, the gold Source and cue, and ours."""
    text = article.text
    start, end = pred.spans[0].start, pred.spans[-1].end
    return {
        "article": article.name,
        "offset": start,
        "before": " ".join(text[max(0, start - ERROR_CONTEXT_CHARS) : start].split()),
        "quote": " ".join(text[start:end].split())[:ERROR_CONTEXT_CHARS],
        "after": " ".join(text[end : end + ERROR_CONTEXT_CHARS].split()),
        "gold_source": gold.source_text or None,
        "gold_cue": gold.cue_text or None,
        "gold_named": bool(gold.source) and _is_named(gold.source_text),
        "gold_referent": referent,
        "speaker": pred.speaker,
        "speaker_mention": text[pred.speaker_span.start : pred.speaker_span.end]
        if pred.speaker_span
        else None,
    }


def score(
    articles: Sequence[PolnearArticle],
    predictions: Sequence[Sequence[Predicted]],
    *,
    overlap_speakers: bool = False,
    errors: list[dict[str, Any]] | None = None,
    any_nested_source: bool = True,
) -> QuoteScores:
    """Score found quotes against the gold direct quotes.

    Args:
        articles: the gold articles.
        predictions: found quotes per article.
        overlap_speakers: judge speakers by span overlap with the Source (the textacy reference).
        errors: when given, one record per found quote whose speaker is wrong is appended to it
            (see :func:`_error_record`).
        any_nested_source: a speaker is right when it names any Source annotated on the same Content
            (nested attributions); False judges only the first annotated one (the scorer before
            2026-11-25 afternoon).

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
            # nested attributions ("…," Lopez said, according to the Gazette) annotate one Content with
            # several Sources: naming any of them is right
            nested = (
                [g for i, g in enumerate(golds) if overlaps[i] == overlaps[best]]
                if any_nested_source
                else [gold]
            )
            if overlap_speakers:
                right = any(
                    (not g.source and pred.speaker_span is None)
                    or (pred.speaker_span is not None and _overlap([pred.speaker_span], g.source) > 0)
                    for g in nested
                )
            else:
                referents = [gold_referent(article, g) for g in nested]
                right = any(_speaker_right(g, r, pred) for g, r in zip(nested, referents, strict=True))
                if errors is not None and not right:
                    errors.append(_error_record(article, gold, referents[0], pred))
            spk_total += 1
            spk_right += right
            named = [g for g in nested if g.source and _is_named(g.source_text)]
            if named:
                named_total += 1
                named_right += (
                    right if overlap_speakers else any(_speaker_right(g, None, pred) for g in named)
                )
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


def evaluate_polnear(
    path: Path, *, limit: int | None = None, reference: bool = True, show_errors: bool = False
) -> dict[str, Any]:
    """Run our extractor (and textacy) on a PolNeAR split and score both.

    Args:
        path: the split folder (``…/polnear/dev``).
        limit: evaluate only this many articles (evenly spaced).
        reference: also run textacy's ``direct_quotations``.
        show_errors: also return every wrong speaker under ``"errors"`` (see :func:`_error_record`).

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
    errors: list[dict[str, Any]] = []
    result = score(gold_articles, ours, errors=errors if show_errors else None).as_dict()
    if show_errors:
        result["errors"] = errors
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
@click.option(
    "--show-errors",
    is_flag=True,
    help="Also print every wrong speaker (one JSON object a line after the table).",
)
def command(
    dataset: str, path: Path, as_json: bool, limit: int | None, no_reference: bool, show_errors: bool
) -> None:
    """Direct-quote extraction and speaker accuracy on PolNeAR, beside textacy's.

    \b
    Example:
        storyline eval quotes polnear ../shared/data/polnear/dev
    """
    from storyline.errors import StorylineError

    try:
        result = evaluate_polnear(path, limit=limit, reference=not no_reference, show_errors=show_errors)
    except StorylineError as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        click.echo(json.dumps(result, sort_keys=True))
        return
    click.echo(_table(result))
    for record in result.get("errors", []):
        click.echo(json.dumps(record, ensure_ascii=False, sort_keys=True))
