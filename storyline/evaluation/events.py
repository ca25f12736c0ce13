"""`storyline eval events ecbplus PATH`: do two sentences from different outlets report the same event?

Two stages make this decision: the timeline merges dated sentences of different articles into one entry
(:func:`storyline.timeline.same_event_score` against ``SAME_EVENT_THRESHOLD``), and the summary cites
every article with a sentence that supports a summary sentence
(:func:`storyline.summarize.support_similarity` against ``SUPPORT_SIMILARITY``). Both are measured here on
ECB+ (Cybulska & Vossen, LREC 2014), which annotates event mentions and links them across documents.

Labelled pairs: sentences listed in ``ECBplus_coreference_sentences.csv`` (the annotated ones) that hold
at least one event mention (``ACTION_*`` / ``NEG_ACTION_*`` markables). Two such sentences from
*different* documents of the same subtopic (topic + ``ecb``/``ecbplus``, i.e. one real-world event
covered by several outlets) are a positive pair when they mention an event of the same
``CROSS_DOC_COREF`` chain, and a negative pair when they share no chain (an event mention outside every
chain is its own chain). The timeline score leaves out the sentence's gold ``TIME_DATE`` /
``TIME_OF_THE_DAY`` mentions, as the timeline leaves out the resolved date expressions. The summary
similarity fits its IDF on the subtopic's annotated sentences, as the summary fits it on a story's
candidate sentences.

Topics 36–45 are held back for independent checks; this reader never opens them.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
import numpy as np
from sklearn.metrics import roc_auc_score

from storyline.errors import ParseError, StorylineError
from storyline.evaluation.ecbplus import detokenize
from storyline.summarize import REDUNDANCY_SIMILARITY, SUPPORT_SIMILARITY, support_similarity
from storyline.timeline import SAME_EVENT_THRESHOLD, same_event_score

__all__ = [
    "EventSentence",
    "LabelledPair",
    "command",
    "labelled_pairs",
    "read_event_file",
    "read_event_sentences",
    "score_decision",
]

LOGGER = logging.getLogger(__name__)

MAX_TOPIC = 35  # ECB+ topics 36-45 are held back for independent checks: never read
CALIBRATION_TOPICS = range(1, 21)  # thresholds are chosen on topics 1-20 ...
CHECK_TOPICS = range(21, MAX_TOPIC + 1)  # ... and checked on topics 21-35
SENTENCE_CSV = "ECBplus_coreference_sentences.csv"
TIMELINE_SWEEP = tuple(range(30, 91, 5))  # token_set_ratio thresholds shown in the table
SUPPORT_SWEEP = tuple(round(0.05 * k, 2) for k in range(1, 15))  # cosines 0.05 … 0.70

_FILE_RE = re.compile(r"^(?P<topic>\d+)_(?P<num>\d+)(?P<sub>ecbplus|ecb)\.xml$")
_EVENT_TAGS = ("ACTION_", "NEG_ACTION_")
_TIME_TAGS = frozenset({"TIME_DATE", "TIME_OF_THE_DAY"})


@dataclass(frozen=True, slots=True, kw_only=True)
class EventSentence:
    """One annotated sentence of an ECB+ document with the event chains it mentions."""

    doc: str  # "1_10ecbplus"
    topic: int
    subtopic: str  # "ecb" or "ecbplus"
    number: int  # the ``sentence`` attribute of its tokens
    text: str
    times: tuple[str, ...]  # the text of each time mention in it (left out by the timeline score)
    chains: frozenset[str]  # cross-document event chains; "doc#m_id" for a mention outside every chain

    @property
    def story(self) -> str:
        """The gold story: topic and subtopic, e.g. ``"1/ecbplus"``."""
        return f"{self.topic}/{self.subtopic}"


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelledPair:
    """Two sentences of different documents of one story, and whether they report the same event."""

    a: EventSentence
    b: EventSentence
    same_event: bool


def read_event_file(path: Path, annotated: Iterable[int] | None = None) -> list[EventSentence]:
    """Read one ECB+ file's sentences that hold event mentions.

    Args:
        path: ``T_Necb.xml`` or ``T_Necbplus.xml``.
        annotated: the sentence numbers to keep (those the corpus annotated); None keeps every sentence.
    Returns:
        The sentences with at least one event mention, in document order.
    Raises:
        ParseError: the name is not an ECB+ file name, the topic is held back, or the XML is unreadable.
    """
    match = _FILE_RE.match(path.name)
    if match is None:
        raise ParseError(str(path), "not an ECB+ file name (expected T_Necb.xml or T_Necbplus.xml)")
    topic = int(match["topic"])
    if topic > MAX_TOPIC:
        raise ParseError(str(path), f"topic {topic} is held back for independent checks")
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as err:
        raise ParseError(str(path), f"unreadable ECB+ XML ({err})") from err
    doc = path.name.removesuffix(".xml")
    tokens: dict[str, tuple[int, str]] = {}
    by_sentence: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for token in root.iter("token"):
        t_id, sentence, number = token.get("t_id"), token.get("sentence"), token.get("number")
        if t_id is None or sentence is None or number is None:
            raise ParseError(str(path), "a <token> lacks t_id, sentence or number")
        try:
            place = (int(sentence), int(number))
        except ValueError as err:
            raise ParseError(str(path), f"token {t_id}: sentence/number is not an integer") from err
        tokens[t_id] = (place[0], token.text or "")
        by_sentence[place[0]].append((place[1], token.text or ""))
    chain_of = _chains(root)
    events: dict[int, set[str]] = defaultdict(set)
    times: dict[int, list[str]] = defaultdict(list)
    markables = root.find("Markables")
    for mention in markables if markables is not None else ():
        anchors = [tokens[a.get("t_id", "")] for a in mention.iter("token_anchor") if a.get("t_id") in tokens]
        if not anchors:
            continue  # an instance (chain head) or a mention without tokens
        first = anchors[0][0]
        if mention.tag.startswith(_EVENT_TAGS):
            m_id = mention.get("m_id", "")
            events[first].add(chain_of.get(m_id, f"{doc}#{m_id}"))
        elif mention.tag in _TIME_TAGS:
            times[first].append(detokenize([text for place, text in anchors if place == first]))
    keep = set(annotated) if annotated is not None else set(by_sentence)
    return [
        EventSentence(
            doc=doc,
            topic=topic,
            subtopic=match["sub"],
            number=number,
            text=detokenize([text for _, text in sorted(by_sentence[number])]),
            times=tuple(times.get(number, ())),
            chains=frozenset(events[number]),
        )
        for number in sorted(by_sentence)
        if number in keep and events.get(number)
    ]


def _chains(root: ET.Element) -> dict[str, str]:
    """Mention id -> cross-document chain id, for event chains (notes ``ACT…`` / ``NEG…``)."""
    chain_of: dict[str, str] = {}
    relations = root.find("Relations")
    for relation in relations.iter("CROSS_DOC_COREF") if relations is not None else ():
        note = relation.get("note", "")
        if not note.startswith(("ACT", "NEG")):
            continue
        for source in relation.iter("source"):
            chain_of[source.get("m_id", "")] = note
    return chain_of


def _annotated_sentences(root: Path) -> dict[str, set[int]]:
    """Document name ("1_10ecbplus") -> its annotated sentence numbers (topics ≤ 35), from the CSV."""
    path = root / SENTENCE_CSV
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as err:
        raise ParseError(str(path), f"cannot read the annotated-sentence list ({err})") from err
    found: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        try:
            topic, number = int(row["Topic"]), int(row["Sentence Number"])
        except (KeyError, TypeError, ValueError) as err:
            raise ParseError(str(path), f"bad row {row!r}") from err
        if topic <= MAX_TOPIC:
            found[f"{topic}_{row['File']}"].add(number)
    return found


def read_event_sentences(root: Path, *, limit_topics: int | None = None) -> list[EventSentence]:
    """Read the annotated event sentences of ECB+ topics 1-35 under ``root``.

    Args:
        root: the ``ecbplus`` folder (topic folders and ``ECBplus_coreference_sentences.csv``).
        limit_topics: read only the first N topics (in numeric order).
    Returns:
        Sentences of every document, in topic, document and sentence order.
    Raises:
        ParseError: the folder, the CSV or a file cannot be read.
    """
    if not root.is_dir():
        raise ParseError(str(root), "not a folder")
    annotated = _annotated_sentences(root)
    topics = sorted(int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit())
    topics = [t for t in topics if t <= MAX_TOPIC][:limit_topics]
    sentences: list[EventSentence] = []
    for topic in topics:
        files = [p for p in (root / str(topic)).glob("*.xml") if _FILE_RE.match(p.name)]
        for path in sorted(files, key=_file_key):
            sentences += read_event_file(path, annotated.get(path.name.removesuffix(".xml"), set()))
    return sentences


def _file_key(path: Path) -> tuple[int, str]:
    """Numeric document order: 1_2ecb before 1_10ecb."""
    match = _FILE_RE.match(path.name)
    assert match is not None
    return int(match["num"]), match["sub"]


def labelled_pairs(sentences: Sequence[EventSentence]) -> list[LabelledPair]:
    """Every pair of sentences from different documents of the same story, labelled by shared chains.

    Args:
        sentences: annotated event sentences.
    Returns:
        Pairs in input order; ``same_event`` is True when the two share an event chain.
    """
    pairs = []
    for i, a in enumerate(sentences):
        for b in sentences[i + 1 :]:
            if a.story == b.story and a.doc != b.doc:
                pairs.append(LabelledPair(a=a, b=b, same_event=bool(a.chains & b.chains)))
    return pairs


def score_decision(
    scores: Sequence[float], gold: Sequence[bool], threshold: float, sweep: Sequence[float]
) -> dict[str, object]:
    """Precision, recall and F1 of ``score >= threshold`` against gold, the sweep, AUC and the best F1.

    Args:
        scores: one score per pair.
        gold: whether each pair reports the same event.
        threshold: the production threshold.
        sweep: thresholds to tabulate.
    Returns:
        ``{"threshold", "precision", "recall", "f1", "fpr", "auc", "pairs", "positives", "best",
        "best_balanced", "sweep"}``; ``best`` is the sweep row with the highest F1 and ``best_balanced`` the
        one with the highest recall minus false-positive rate (Youden's J), the lowest threshold on a tie.
    """
    values = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(gold, dtype=bool)
    at = _prf(values, labels, threshold)
    rows = [_prf(values, labels, t) for t in sweep]
    best = max(rows, key=lambda r: (r["f1"], -r["threshold"])) if rows else at
    balanced = max(rows, key=lambda r: (r["recall"] - r["fpr"], -r["threshold"])) if rows else at
    both_classes = labels.any() and not labels.all()
    auc = float(roc_auc_score(labels, values)) if both_classes else 0.0
    return {
        **at,
        "auc": round(auc, 4),
        "pairs": int(labels.size),
        "positives": int(labels.sum()),
        "best": best,
        "best_balanced": balanced,
        "sweep": rows,
    }


def _prf(values: np.ndarray, labels: np.ndarray, threshold: float) -> dict[str, float]:
    """Precision, recall and F1 of ``values >= threshold``."""
    predicted = values >= threshold
    true_positives = float((predicted & labels).sum())
    negatives = float((~labels).sum())
    false_positive_rate = float((predicted & ~labels).sum()) / negatives if negatives else 0.0
    precision = true_positives / predicted.sum() if predicted.any() else 0.0
    recall = true_positives / labels.sum() if labels.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "threshold": threshold,
        "precision": round(float(precision), 4),
        "recall": round(float(recall), 4),
        "f1": round(float(f1), 4),
        "fpr": round(false_positive_rate, 4),
    }


def _timeline_scores(pairs: Sequence[LabelledPair]) -> list[float]:
    """The timeline's same-event score of each pair, gold time mentions left out."""
    return [
        same_event_score(p.a.text, p.b.text, expressions_a=p.a.times, expressions_b=p.b.times) for p in pairs
    ]


def _support_scores(sentences: Sequence[EventSentence], pairs: Sequence[LabelledPair]) -> list[float]:
    """The summary's support similarity of each pair, its IDF fitted on the pair's story."""
    by_story: dict[str, list[EventSentence]] = defaultdict(list)
    for sentence in sentences:
        by_story[sentence.story].append(sentence)
    matrices: dict[str, tuple[dict[tuple[str, int], int], np.ndarray]] = {}
    for story, members in by_story.items():
        index = {(s.doc, s.number): i for i, s in enumerate(members)}
        matrices[story] = (index, support_similarity([s.text for s in members]))
    scores = []
    for pair in pairs:
        index, matrix = matrices[pair.a.story]
        scores.append(float(matrix[index[pair.a.doc, pair.a.number], index[pair.b.doc, pair.b.number]]))
    return scores


def citation_pairs(sentences: Sequence[EventSentence]) -> list[tuple[EventSentence, str, float, bool]]:
    """The summary's citation decision, as production makes it: for a sentence and another document of its
    story, the best support similarity between the sentence and any of that document's sentences, and
    whether any of them mentions an event of the sentence's chains.

    Returns:
        ``(sentence, other document, best similarity, gold)`` for every such pair.
    """
    by_story: dict[str, list[EventSentence]] = defaultdict(list)
    for sentence in sentences:
        by_story[sentence.story].append(sentence)
    found = []
    for members in by_story.values():
        matrix = support_similarity([s.text for s in members])
        docs: dict[str, list[int]] = defaultdict(list)
        for i, sentence in enumerate(members):
            docs[sentence.doc].append(i)
        for i, sentence in enumerate(members):
            for doc, rows in sorted(docs.items()):
                if doc != sentence.doc:
                    best = float(max(matrix[i, j] for j in rows))
                    gold = any(sentence.chains & members[j].chains for j in rows)
                    found.append((sentence, doc, best, gold))
    return found


def _halves(
    pairs: Sequence[LabelledPair], scores: Sequence[float], threshold: float, sweep: Sequence[float]
) -> dict[str, object]:
    """The decision scored on the calibration topics and on the check topics separately."""
    result: dict[str, object] = {}
    for name, topics in (("topics_1_20", CALIBRATION_TOPICS), ("topics_21_35", CHECK_TOPICS)):
        chosen = [i for i, p in enumerate(pairs) if p.a.topic in topics]
        if chosen:
            part = score_decision(
                [scores[i] for i in chosen], [pairs[i].same_event for i in chosen], threshold, sweep
            )
            result[name] = {k: v for k, v in part.items() if k != "sweep"}
    return result


def evaluate(root: Path, *, limit_topics: int | None = None) -> dict[str, object]:
    """Score both decisions on ECB+ under ``root``.

    Args:
        root: the ``ecbplus`` folder.
        limit_topics: read only the first N topics.
    Returns:
        ``{"timeline": {...}, "summary_support": {...}, "summary_citation": {...}, "summary_redundancy":
        {...}, "sentences", "topics"}``; ``summary_citation`` scores the article-level decision (does another
        article have a sentence close enough to be cited), whose false-positive rate is the share of
        articles cited although none of their sentences mentions the event.
    Raises:
        ParseError: the data cannot be read.
    """
    sentences = read_event_sentences(root, limit_topics=limit_topics)
    pairs = labelled_pairs(sentences)
    gold = [p.same_event for p in pairs]
    timeline = _timeline_scores(pairs)
    support = _support_scores(sentences, pairs)
    decisions: list[tuple[str, list[float], float, Sequence[float]]] = [
        ("timeline", timeline, SAME_EVENT_THRESHOLD, TIMELINE_SWEEP),
        ("summary_support", support, SUPPORT_SIMILARITY, SUPPORT_SWEEP),
    ]
    result: dict[str, object] = {
        "sentences": len(sentences),
        "topics": len({s.topic for s in sentences}),
    }
    for name, scores, threshold, sweep in decisions:
        scored = score_decision(scores, gold, threshold, sweep)
        scored["halves"] = _halves(pairs, scores, threshold, sweep)
        result[name] = scored
    # the article-level decision the summary makes: cite another article when its best sentence is close
    cited = citation_pairs(sentences)
    citation = score_decision([c[2] for c in cited], [c[3] for c in cited], SUPPORT_SIMILARITY, SUPPORT_SWEEP)
    citation["halves"] = {
        name: {
            k: v
            for k, v in score_decision(
                [c[2] for c in cited if c[0].topic in topics],
                [c[3] for c in cited if c[0].topic in topics],
                SUPPORT_SIMILARITY,
                SUPPORT_SWEEP,
            ).items()
            if k != "sweep"
        }
        for name, topics in (("topics_1_20", CALIBRATION_TOPICS), ("topics_21_35", CHECK_TOPICS))
        if any(c[0].topic in topics for c in cited)
    }
    result["summary_citation"] = citation
    # a near-repeat is a pair the summary would not show twice: its precision is what matters
    result["summary_redundancy"] = {
        k: v
        for k, v in score_decision(support, gold, REDUNDANCY_SIMILARITY, ()).items()
        if k not in ("sweep", "best", "best_balanced")
    }
    return result


@click.command(name="events")
@click.argument("dataset", type=click.Choice(["ecbplus"]))
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option(
    "--limit-topics", type=click.IntRange(min=1), default=None, help="Read only the first N topics."
)
def command(dataset: str, path: Path, as_json: bool, limit_topics: int | None) -> None:
    """Score the same-event decisions of the timeline and the summary on ECB+ cross-document events.

    \b
    Example:
        storyline eval events ecbplus ../shared/data/ecbplus
    """
    try:
        result = evaluate(path, limit_topics=limit_topics)
    except StorylineError as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        click.echo(json.dumps(result, sort_keys=True))
        return
    _print_tables(result)


def _print_tables(result: Mapping[str, object]) -> None:
    """Print the scores as small Markdown tables."""
    out = sys.stdout
    out.write(f"ECB+ same-event pairs: {result['sentences']} sentences, {result['topics']} topics\n")
    formats: dict[str, Callable[[float], str]] = {
        "timeline": lambda t: f"{t:g}",
        "summary_support": lambda t: f"{t:.2f}",
        "summary_citation": lambda t: f"{t:.2f}",
    }
    for name, fmt in formats.items():
        scored = result[name]
        assert isinstance(scored, dict)
        out.write(
            f"\n## {name}: {scored['pairs']} pairs, {scored['positives']} same-event; "
            f"AUC {scored['auc']:.4f}\n"
            f"at threshold {fmt(scored['threshold'])}: P {scored['precision']:.4f} R {scored['recall']:.4f} "
            f"F1 {scored['f1']:.4f}\n\n| threshold | P | R | F1 | FPR |\n| --- | --- | --- | --- | --- |\n"
        )
        for row in scored["sweep"]:
            out.write(
                f"| {fmt(row['threshold'])} | {row['precision']:.4f} | {row['recall']:.4f} | {row['f1']:.4f} "
                f"| {row['fpr']:.4f} |\n"
            )
        for half, part in scored["halves"].items():
            best, balanced = part["best"], part["best_balanced"]
            out.write(
                f"\n{half}: AUC {part['auc']:.4f}; at {fmt(part['threshold'])} P {part['precision']:.4f} "
                f"R {part['recall']:.4f} F1 {part['f1']:.4f}; best F1 {best['f1']:.4f} at "
                f"{fmt(best['threshold'])}; best R-FPR {balanced['recall'] - balanced['fpr']:.4f} at "
                f"{fmt(balanced['threshold'])} (P {balanced['precision']:.4f} R {balanced['recall']:.4f} "
                f"F1 {balanced['f1']:.4f})"
            )
        out.write("\n")
    redundancy = result["summary_redundancy"]
    assert isinstance(redundancy, dict)
    out.write(
        f"\nsummary_redundancy at {redundancy['threshold']:.2f}: P {redundancy['precision']:.4f} "
        f"R {redundancy['recall']:.4f}\n"
    )
