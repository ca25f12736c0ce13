"""Story timelines: dated events from every article of a story, the same event across outlets merged.

:func:`build_timeline` takes each article's resolved temporal expressions (from
:func:`storyline.extract.dates.extract_timexes`) and sentence spans, and makes one entry per dated event:
the sentence that holds the expression says what happened. Two reports of the same event — the same
resolved date and precision, and sentences that say the same thing once the date words are removed —
become one entry that cites every article and keeps every expression it was resolved from ("on
Wednesday" in one outlet, "on 6 March" in another; the preposition before an expression is kept here for
readers, though it is not part of the TIMEX3 extent). A coarser report of the same event ("earlier this
month") joins the dated one when its period holds that date; the entry keeps the finest date. The entry's
sentence comes from the earliest-published report at the finest precision.

What becomes an entry: DATE and TIME expressions with a calendar value. Days and times of day give
``day`` precision, months ``month``, years ``year``; a quarter, half or season ("2023-Q3", "2023-SU")
gives its year at ``year`` precision, and an ISO week ("2024-W10") gives the month that holds its
Thursday at ``month`` precision, because the export's ``precision`` is one of day, month, year. Decades,
centuries, PRESENT_REF/PAST_REF/FUTURE_REF, durations, sets and unresolved expressions are left out: they
do not place an event on a calendar.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from storyline.extract.dates import Timex, split_sentences
from storyline.models import Article, TextSpan
from storyline.normalize import matching_form

LOGGER = logging.getLogger(__name__)

__all__ = [
    "SAME_EVENT_THRESHOLD",
    "SAME_FAMILY_THRESHOLD",
    "TimelineEntry",
    "build_timeline",
    "same_event_score",
]

TimelinePrecision = Literal["day", "month", "year"]

# Two sentences with the same resolved date report the same event when rapidfuzz's token_set_ratio of
# their comparable forms (matching form, date words and stop words removed; see same_event_score) reaches
# this. token_set_ratio is 100 when one sentence's content words are a subset of the other's, so a short
# wire lead and a longer rewrite of it match. Calibrated on ECB+ cross-document event coreference with
# `storyline eval events ecbplus ../shared/data/ecbplus` (2026-11-25): 16,050 pairs of annotated
# sentences from different documents of one story, 74% of them sharing an event chain. F1 is no guide at
# that prevalence (calling every pair the same event scores F1 0.85), so the threshold maximizes
# recall minus false-positive rate (Youden's J, independent of prevalence) on a 5-point grid: 50 on
# topics 1-20 (P 0.84, R 0.67, FPR 0.37), and 50 again on topics 21-35 (P 0.87, R 0.58, FPR 0.24).
# Dropping the pairs that share only their story's most-mentioned chain (the main event; 10,409 pairs
# left, 60% same event) gives 50 again on both halves. The previous guess, 60, missed most same-event
# pairs (R 0.37). Over the same forms and pairs, other scorers measured AUC 0.714 (content-word cosine or
# Jaccard), 0.710 (TF-IDF cosine fitted per story), 0.669 (token_sort_ratio) and 0.636 (ratio) against
# 0.706 for token_set_ratio: no clear gain, so the scorer stays.
SAME_EVENT_THRESHOLD = 50
# An entry says what happened in one sentence; a longer "sentence" is a quoted statement that the
# quote-aware splitter keeps whole (a 600-character statement became one timeline entry on the demo), so
# the entry takes the plain sentence inside it that holds the date. News sentences run 100-250
# characters; chosen by hand above that.
MAX_EVENT_CHARS = 300
# Copies within one source family (syndicated wire text, lightly edited) are merged more readily: such
# copies share most words, so a lower bar only adds edited copies whose date sentence was rewritten.
# Kept 10 points under SAME_EVENT_THRESHOLD as before; not measured (ECB+ has no syndicated copies).
SAME_FAMILY_THRESHOLD = 40

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_STOP_WORDS = frozenset(
    {
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as",
        "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this", "that", "these",
        "those", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "said", "says", "say",
        "told",
    }
)  # fmt: skip
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineEntry:
    """One dated event of a story (one item of the export's ``timeline``)."""

    date: str  # ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY, as precise as ``precision``
    precision: TimelinePrecision
    text: str  # one sentence: what happened
    sources: tuple[str, ...]  # article ids, sorted
    expressions: tuple[tuple[str, str], ...]  # (article id, words resolved from, e.g. "on Wednesday"), sorted


@dataclass(frozen=True, slots=True)
class _Item:
    date: str
    precision: TimelinePrecision
    article_id: str
    published: dt.date
    sentence_start: int
    text: str
    comparable: str
    expressions: tuple[str, ...]


def timeline_date(timex: Timex) -> tuple[str, TimelinePrecision] | None:
    """The export date and precision of a resolved expression, or None when it does not date an event.

    Args:
        timex: one expression.
    Returns:
        ("2024-03-06", "day"), ("2024-03", "month"), ("2024", "year"), or None.
    """
    value = timex.value
    if value is None or timex.type not in ("DATE", "TIME"):
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:T.*)?", value):
        try:
            dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
        return value[:10], "day"
    if re.fullmatch(r"\d{4}-\d{2}(?:-XX)?", value):  # "that same day" after "in October": a day unknown
        return value[:7], "month"
    if re.fullmatch(r"\d{4}(?:-(?:Q[1-4]|H[12]|SP|SU|FA|WI))?", value):
        return value[:4], "year"
    week = re.fullmatch(r"(\d{4})-W(\d{2})(?:-WE)?", value)
    if week:
        try:
            thursday = dt.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 4)
        except ValueError:
            return None
        return f"{thursday.year:04d}-{thursday.month:02d}", "month"
    return None


_SIGNAL = re.compile(r"\b(?:on|in|at|since|by|until|from|during|before|after|for)\s+$", re.IGNORECASE)


def _with_signal(text: str, timex: Timex) -> str:
    """The expression as a reader quotes it: with the preposition before it ("on Wednesday", "since 2009")."""
    signal = _SIGNAL.search(text, max(0, timex.start - 8), timex.start)
    return text[signal.start() : timex.end] if signal else timex.text


def _comparable(sentence: str, expressions: Sequence[str]) -> str:
    """The words that say what happened: the matching form, without the date expressions and stop words."""
    form = matching_form(sentence)
    for expression in expressions:
        form = form.replace(matching_form(expression), " ")
    return " ".join(w for w in _WORD.findall(form) if w not in _STOP_WORDS)


def _items(
    article: Article,
    timexes: Sequence[Timex],
    sentences: Sequence[TextSpan],
    published: dt.date,
) -> list[_Item]:
    """One item per (sentence, date) of an article."""
    spans = sorted(sentences, key=lambda s: s.start) if sentences else list(split_sentences(article.text))
    grouped: dict[tuple[int, str, str], list[Timex]] = {}
    bounds: dict[int, TextSpan] = {}
    for timex in sorted(timexes, key=lambda t: (t.start, t.end)):
        placed = timeline_date(timex)
        if placed is None:
            continue
        sentence = next((s for s in spans if s.start <= timex.start < s.end), None)
        if sentence is None:
            continue
        sentence = _narrowed(article.text, sentence, timex.start)
        bounds[sentence.start] = sentence
        grouped.setdefault((sentence.start, *placed), []).append(timex)
    items = []
    for (start, date, precision), found in sorted(grouped.items()):
        sentence = bounds[start]
        text = " ".join(article.text[sentence.start : sentence.end].split())
        if not text:
            continue
        expressions = tuple(_with_signal(article.text, t) for t in found)
        items.append(
            _Item(
                date=date,
                precision=precision,  # type: ignore[arg-type]
                article_id=article.id,
                published=published,
                sentence_start=start,
                text=text,
                comparable=_comparable(text, expressions),
                expressions=expressions,
            )
        )
    return items


def _narrowed(text: str, sentence: TextSpan, at: int) -> TextSpan:
    """The sentence, or, when it is longer than MAX_EVENT_CHARS (a quoted statement of several sentences,
    which the quote-aware splitter keeps whole), the plain sentence inside it that holds offset ``at``."""
    if sentence.end - sentence.start <= MAX_EVENT_CHARS:
        return sentence
    for part in split_sentences(text[sentence.start : sentence.end]):
        if sentence.start + part.start <= at < sentence.start + part.end:
            return TextSpan(sentence.start + part.start, sentence.start + part.end)
    return sentence


def _comparable_score(a: str, b: str) -> float:
    """The 0-100 same-event score of two comparable forms (two empty forms are the same, 100)."""
    if not a or not b:
        return 100.0 if a == b else 0.0
    return float(fuzz.token_set_ratio(a, b))


def same_event_score(
    sentence_a: str,
    sentence_b: str,
    *,
    expressions_a: Sequence[str] = (),
    expressions_b: Sequence[str] = (),
) -> float:
    """How much two sentences read as reports of one event, as the timeline decides it (0-100).

    Args:
        sentence_a: one sentence.
        sentence_b: another sentence (from another article).
        expressions_a: date expressions in ``sentence_a`` to leave out ("on Wednesday").
        expressions_b: date expressions in ``sentence_b`` to leave out.
    Returns:
        The score that :data:`SAME_EVENT_THRESHOLD` (or :data:`SAME_FAMILY_THRESHOLD`) is compared with.
    """
    return _comparable_score(_comparable(sentence_a, expressions_a), _comparable(sentence_b, expressions_b))


def _same_event(a: _Item, b: _Item, families: Mapping[str, str]) -> bool:
    """Whether two items with the same date report the same event."""
    family_a = families.get(a.article_id)
    same_family = family_a is not None and family_a == families.get(b.article_id)
    threshold = SAME_FAMILY_THRESHOLD if same_family else SAME_EVENT_THRESHOLD
    return _comparable_score(a.comparable, b.comparable) >= threshold


def _within(item: _Item, head: _Item) -> bool:
    """Whether ``item`` has ``head``'s date, or a coarser period holding it (2024-03 holds 2024-03-06)."""
    if item.precision == head.precision:
        return item.date == head.date
    return _PRECISION_RANK[item.precision] < _PRECISION_RANK[head.precision] and head.date.startswith(
        item.date
    )


def build_timeline(
    articles: Sequence[Article],
    timexes: Mapping[str, Sequence[Timex]],
    sentences: Mapping[str, Sequence[TextSpan]],
    anchors: Mapping[str, dt.date | None],
    *,
    families: Mapping[str, str] | None = None,
) -> tuple[TimelineEntry, ...]:
    """Build a story's timeline.

    Args:
        articles: the story's articles.
        timexes: article id -> its expressions (from ``extract_timexes``, anchored on ``anchors``).
        sentences: article id -> its sentence spans (a plain split is used where missing).
        anchors: article id -> publication date or estimate; the earliest-published report of an event
            gives the entry its sentence.
        families: article id -> source family (syndicated copies share one); copies within a family
            merge at :data:`SAME_FAMILY_THRESHOLD`.
    Returns:
        Entries sorted by date, then precision (coarser first), then text. Same input, same output,
        whatever the order of ``articles``.
    """
    family_of = families or {}
    items: list[_Item] = []
    for article in sorted(articles, key=lambda a: a.id):
        published = anchors.get(article.id) or dt.date.max
        items += _items(article, timexes.get(article.id, ()), sentences.get(article.id, ()), published)
    # finest first, so that a coarser report of an event ("in March") joins its dated report ("on 6 March")
    items.sort(key=lambda i: (-_PRECISION_RANK[i.precision], i.published, i.article_id, i.sentence_start))
    clusters: list[list[_Item]] = []
    for item in items:
        home = next(
            (c for c in clusters if _within(item, c[0]) and any(_same_event(item, m, family_of) for m in c)),
            None,
        )
        if home is None:
            clusters.append([item])
        else:
            home.append(item)
    entries = [
        TimelineEntry(
            date=cluster[0].date,
            precision=cluster[0].precision,
            text=cluster[0].text,
            sources=tuple(sorted({i.article_id for i in cluster})),
            expressions=tuple(sorted({(i.article_id, e) for i in cluster for e in i.expressions})),
        )
        for cluster in clusters
    ]
    entries.sort(key=lambda e: (e.date, _PRECISION_RANK[e.precision], e.text, e.sources))
    return tuple(entries)
