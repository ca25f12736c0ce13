"""Temporal expressions: recognition and TIMEX3 normalization anchored on the publication date.

:func:`extract_timexes` finds the temporal expressions of a text with a regex grammar
(:mod:`storyline.extract.timex.rules`) and normalizes each into a TIMEX3 value ("2020-10-14", "2020-09",
"2013", "2020-W42", "P2W", "PRESENT_REF", …) with its type (DATE, TIME, DURATION, SET) and precision.

Anchoring:

* Relative expressions ("on Wednesday", "last month", "a year ago") are resolved against ``anchor``, the
  article's publication date or its estimate. A weekday name is the most recent such day (the anchor
  itself when it is that weekday), or the next one when the words around it are in the future tense
  ("will", "is expected to", "scheduled" …: see :func:`detect_tense`; the nearest cue in a clause-sized
  window, else in the whole sentence; "had been due" is past, "will be named" is not). A month or day
  without a year is the occurrence nearest to the anchor, unless the tense contradicts it by more than a
  quarter of a year (:data:`~storyline.extract.timex.calendar.TENSE_OVERRIDE_DAYS`). "A year earlier" in
  a report about a quarter is that quarter a year before ("2023-Q3"); elsewhere it is the year ("2023").
  "A year ago" is the anchor's month a year before (issue #6: in a June 2023 post it means "2022-06");
  "five years ago" is a year ("2018"), as the TimeML gold has it.
* Anaphoric expressions ("the following month", "the previous Friday", "that year", "later that day",
  "the next morning") are resolved on the narrative's reference time, the latest time the text named
  before them at a fine enough grain ("In March 2019 … The following month" is 2019-04), else on the
  anchor (TIDES 2005 and HeidelTime's UNDEF-REF; "last", "this" and "next" stay relative to the anchor).
  "That same day" after a month is a day of that month: ``2019-03-XX``.
* A clock time that names no day ("at 10:35 a.m.") takes the day named nearest to it in its sentence
  ("on Wednesday at 10:35 a.m."), else the last day named before it, else the anchor's day.
* A weekday or clock time after "until" is a deadline still to come ("postponed until Tuesday"), unless
  the sentence tells of a period already over ("had not … until Tuesday", "not until Tuesday").
* A time word capitalized after another word in a sentence ("ABC's This Week", "60 Minutes") is part of
  a title, not an expression, unless the words around it are capitalized too (a headline).
* Quoted speech: an expression inside quotation marks is resolved against the day the text says the
  quote was said instead of the anchor: a speech verb ("said", "told" …) at most five words before a
  day-precision expression outside the quotation marks ('"We met yesterday," she said on Monday', 'she
  said in an interview on Monday'), in a sentence the quotation spans or in the sentence just before or
  after it in the same paragraph. A quotation left open at the end of a paragraph continues into the next
  one when that opens with a quotation mark (:func:`quote_spans`), so the whole quote takes the date.
* Without an anchor (undated article, no estimate), relative expressions are kept with ``value=None``
  and a ``reason``; so are impossible dates ("31 February"), numeric dates with two-digit years
  ("3/8/24") and years more than :data:`~storyline.extract.timex.rules.FUTURE_LIMIT_YEARS` after the
  anchor. Nothing is guessed.

Extents follow TimeML: prepositions ("on", "in", "since") are not part of an expression.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.extract.timex.calendar import Tense
from storyline.extract.timex.rules import (
    FINANCIAL_CONTEXT_CHARS,
    RULES,
    Context,
    Precision,
    Reference,
    Resolution,
    Rule,
    TimexType,
    reference_of,
)
from storyline.models import TextSpan

LOGGER = logging.getLogger(__name__)

__all__ = ["Timex", "detect_tense", "extract_timexes", "quote_spans", "split_sentences"]

# How far around an expression (in characters, within its sentence) tense cues are looked for: about a
# clause either side. Value F1 on TBAQ-cleaned is flat in the window (40/20: 0.795, 80/40: 0.794,
# 120/60: 0.795, 200/100: 0.796), so the clause-sized one is kept: wider ones reach other clauses' verbs.
TENSE_WINDOW_BEFORE = 80
TENSE_WINDOW_AFTER = 40
# Rules that give clock times, which take the day named in their sentence when they name none themselves.
CLOCK_RULES = frozenset({"time", "time-24h"})
# Words between a speech verb and the expression that dates the quote ('said on Monday', 'told
# reporters on Monday', 'said in an interview on Monday', 'told reporters in Paris on Monday'): five covers
# an object or a short place or setting and a preposition.
SPEECH_GAP_WORDS = 5
# How far before a "will"/"due"/"scheduled" cue a "had (been)" or "previously" turns it into the past.
PLUPERFECT_CHARS = 30
# Extra distance given to a bare "-ed" word after an expression (see _nearest_tense).
WEAK_CUE_PENALTY = 80
# Titles: time words English writes in lower case, and the characters looked at either side of one
# capitalized after another word to tell a headline from a sentence naming a programme.
_TIME_WORD = re.compile(
    r"\b(?:weeks?|months?|years?|minutes?|hours?|noon|midnight|today|tonight|mornings?|afternoons?|evenings?|"
    r"nights?|decades?)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
TITLE_WINDOW = 60
TITLE_SHORT_WORD = 3
# A headline ("Stocks Rise This Week on Fed Hopes") has at most one lower-case word of more than
# TITLE_SHORT_WORD letters around the expression; a sentence naming a programme has several.
TITLE_MIN_LOWER = 2
# Rules whose matches are names by nature ("New Year's Day") and are never taken for titles.
NAMED_RULES = frozenset({"holiday"})
# Day rules whose expression after "until" is a deadline still to come (see _is_deadline).
DEADLINE_RULES = frozenset({"weekday", "time"})
_UNTIL = re.compile(r"\b(?:until|till)\s+$", re.IGNORECASE)
_OVER = re.compile(r"\b(?:had|not\s+until)\b", re.IGNORECASE)
# Rules whose expressions may be anaphoric ("the following month", "that year", "the previous Friday"):
# they are given the times named before them.
ANAPHORIC_RULES = frozenset({"anaphoric", "relative-unit", "weekday", "part-of-day"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Timex:
    """A temporal expression: offsets into the text, TIMEX3 type, value, precision, and how it was resolved.

    ``anchored`` is True when the value was computed from an anchor (publication date or quote time);
    ``value`` is None when the expression could not be resolved, and ``reason`` then says why.
    """

    start: int
    end: int
    text: str
    type: TimexType
    value: str | None
    precision: Precision | None
    anchored: bool
    reason: str | None = None


_FUTURE = (
    r"effective|will|won't|wo\s+n't|'ll|shall|going\s+to|gon+a|scheduled|expected|expects?|"
    # a plan in the present, as a verb with an infinitive or an object ("plans to meet", "is planning a
    # rally"); not the noun ("vacation plans"). "Planned" stays a past form: a plan made in the past is
    # as often reported after the fact (TBAQ-cleaned: 1 future, 1 past)
    r"plan(?:s|ning)?(?=\s+(?:to|a|an|the|their|his|her|its)\b)|"
    r"intends?|set\s+to|due|would|upcoming|aims?\s+to|to\s+be\s+held|is\s+to|are\s+to|"
    # a hope looks ahead even when reported in the past ("crews hoped to refloat it on Saturday"; no
    # TBAQ-cleaned or MEANTIME change, 2026-11-25)
    r"hope[sd]?\s+to|hoping\s+to|"
    r"as\s+soon\s+as|as\s+early\s+as|no\s+earlier\s+than"
)
_PAST = (
    r"was|were|had|did|said|since|has\s+been|have\s+been|told|ago|earlier|last|former|\w{3,}ed|met|went|came|took|made|gave|held|left|won|"
    r"lost|began|fell|rose|saw|got|found|brought|bought|sold|sent|spent|paid|led|ran|struck|shot|broke|"
    r"spoke|wrote|drove|flew|threw|grew|knew|became|felt|kept|meant|sat|stood|understood|fought|caught|"
    r"taught|thought|chose|froze|hid|rode|stole|swore|tore|wore|woke|forgot|overcame|withdrew|undertook|"
    r"beat|quit|split|spread|cut|shut|set\s+off|hurt|cost|put"
)
_PRESENT = r"is|are|says|tells|am|now|today"
_TENSE_CUES = re.compile(
    r"\b(?:(?P<future>" + _FUTURE + r")|(?P<past>" + _PAST + r")|(?P<present>" + _PRESENT + r"))\b",
    re.IGNORECASE,
)
_WEAK_PAST = re.compile(r"\w{3,}ed")
_Cue = tuple[int, int, Tense, bool]  # start, end, tense, weak (a bare "-ed" word)
_PASSIVE_BE = re.compile(r"\b(?:be|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_ATTRIBUTIVE = re.compile(
    r"\b(?:a|an|the|its|their|his|her|our|this|that|these|those)\s+(?:(?:\w+ly|still|yet|not|well|ill)\s+)?$",
    re.IGNORECASE,
)
_PLUPERFECT = re.compile(r"\b(?:had|previously)(?:\s+(?:been|not|already|originally))*\s+$", re.IGNORECASE)
_NOT_PAST = frozenset(
    {
        "need",
        "indeed",
        "speed",
        "seed",
        "united",
        "hundred",
        "red",
        "bed",
        "feed",
        "breed",
        "creed",
        "succeed",
        "exceed",
        "proceed",
        "bleed",
        "heed",
        "embed",
        "weed",
        "greed",
    }
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
_SPEECH_VERBS = (
    r"\b(?:said|says|told|added|stated|wrote|announced|explained|insisted|warned|declared|remarked|replied|"
    r"spoke|speaking|testified)\b"
)
_SPEECH_VERB = re.compile(_SPEECH_VERBS, re.IGNORECASE)
# An attribution that continues the previous speaker: '"…," she added', '"…," he said'.
_SAME_SPEAKER = re.compile(
    r"\b(?:(?:he|she|they|we)\s+(?:said|says|added|adds|continued|went\s+on)|added|continued)\b",
    re.IGNORECASE,
)
_PARAGRAPH = re.compile(r"[^\n]+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:vs|Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|Jr|Sr|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec)|\b[A-Z]|\.[A-Z])\.$"
)
_QUOTE_MARK = re.compile(r"[“”\"]|``|''")
_OPENING_ONLY = frozenset({"“", "``"})
_CLOSING_ONLY = frozenset({"”", "''"})
_OPENS_WITH_QUOTE = re.compile(r"\s*(?:“|\"|``)")
_SPEECH_BEFORE = re.compile(
    _SPEECH_VERBS + r"(?:\s+[\w.'’-]+){0," + str(SPEECH_GAP_WORDS) + r"}\s*$",
    re.IGNORECASE,
)


def split_sentences(text: str) -> tuple[TextSpan, ...]:
    """A plain sentence split (end punctuation before a capital, or a line break), when no spans are given."""
    spans: list[TextSpan] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if "\n" not in match.group() and _ABBREVIATION.search(text, max(0, match.start() - 8), match.start()):
            continue  # "Roe vs. Wade", "Oct. 23", "Mr. Smith", "U.S. officials": not a sentence end
        if match.start() > start:
            spans.append(TextSpan(start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append(TextSpan(start, len(text)))
    return tuple(spans)


def _tense_cues(text: str, low: int, high: int) -> list[_Cue]:
    """Every tense cue in ``text[low:high]``: (start, end, tense, weak)."""
    cues: list[_Cue] = []
    for match in _TENSE_CUES.finditer(text, low, high):
        if match.group("future"):
            # "had been due to expire Friday", "had been scheduled": a plan in the past perfect is past
            pluperfect = _PLUPERFECT.search(text, max(low, match.start() - PLUPERFECT_CHARS), match.start())
            cues.append((match.start(), match.end(), "past" if pluperfect else "future", False))
        elif match.group("past"):
            word = match.group("past").lower()
            weak = _WEAK_PAST.fullmatch(word) is not None
            if _PASSIVE_BE.search(text, max(low, match.start() - PLUPERFECT_CHARS), match.start()):
                continue  # "will be named", "would be paid", "is being held": a participle, not a past tense
            if weak and _ATTRIBUTIVE.search(text, max(low, match.start() - PLUPERFECT_CHARS), match.start()):
                continue  # "on a still unspecified date", "the revised plan": an adjective, not a verb
            if word not in _NOT_PAST:
                cues.append((match.start(), match.end(), "past", weak))
        else:
            cues.append((match.start(), match.end(), "present", False))
    return cues


def _nearest_tense(cues: Sequence[_Cue], start: int, end: int, low: int, high: int) -> Tense | None:
    """The tense of the cue nearest to ``[start, end)`` within ``[low, high)`` (future wins a tie).

    A bare "-ed" word after the expression counts as :data:`WEAK_CUE_PENALTY` characters further away: it
    is often a participle ("new markets untouched by …"), not the verb of the clause.
    """
    best: tuple[int, int, Tense] | None = None
    for cue_start, cue_end, kind, weak in cues:
        if cue_start < low or cue_end > high or start <= cue_start < end:
            continue
        if cue_end <= start:
            distance = start - cue_end
        else:
            distance = cue_start - end + (WEAK_CUE_PENALTY if weak else 0)
        rank = (distance, 0 if kind == "future" else 1, kind)
        if best is None or rank[:2] < best[:2]:
            best = rank
    return best[2] if best else None


def _tense_window(text: str, start: int, end: int, sentence: TextSpan | None) -> tuple[int, int]:
    """The clause-sized window around an expression, cut at its sentence's bounds."""
    low = max(start - TENSE_WINDOW_BEFORE, sentence.start if sentence else 0)
    high = min(end + TENSE_WINDOW_AFTER, sentence.end if sentence else len(text))
    return low, high


def detect_tense(text: str, start: int, end: int, sentence: TextSpan | None = None) -> Tense | None:
    """The tense around ``text[start:end]``: the nearest future, past or present cue within its clause.

    Args:
        text: the whole text.
        start: start of the expression.
        end: end of the expression.
        sentence: the sentence holding it (the window is cut at its bounds).
    Returns:
        "future", "past", "present", or None when no cue is near.
    """
    low, high = _tense_window(text, start, end, sentence)
    s_low, s_high = (sentence.start, sentence.end) if sentence else (0, len(text))
    return _clause_tense(_tense_cues(text, s_low, s_high), start, end, (low, high), (s_low, s_high))


def _clause_tense(
    cues: Sequence[_Cue],
    start: int,
    end: int,
    window: tuple[int, int],
    sentence: tuple[int, int],
) -> Tense | None:
    """The nearest cue's tense in the clause-sized window, else in the whole sentence (the main verb of a
    long sentence can sit far from a fronted "In January, …" or a trailing "… in December")."""
    return _nearest_tense(cues, start, end, *window) or _nearest_tense(cues, start, end, *sentence)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    order: int
    rule: Rule
    match: re.Match[str]


def _is_deadline(text: str, start: int, sentence: tuple[int, int]) -> bool:
    """Whether a day is the end of a period that runs on after the report: "postponed until Tuesday",
    "given the family until 9 a.m. Tuesday", "closed until Friday" (not "had not … until Tuesday" nor
    "it was not until Tuesday that", which tell of a period already over)."""
    if not _UNTIL.search(text, max(sentence[0], start - 20), start):
        return False
    return not _OVER.search(text, sentence[0], sentence[1])


def _is_title(text: str, match: re.Match[str]) -> bool:
    """Whether a match is part of a title ("ABC's This Week", "60 Minutes", "USA Today", "High Noon").

    A time word that English writes in lower case ("week", "minutes", "today", "noon") capitalized after
    another word is part of a name, unless the words around it are capitalized too (a headline).
    """
    for word in _TIME_WORD.finditer(match.group()):
        if not word.group()[0].isupper() or word.group().isupper():
            continue
        before = text[max(0, match.start() + word.start() - 2) : match.start() + word.start()]
        if not re.search(r"[\w,]\s$", before):
            continue  # the first word of a sentence or of a quotation
        around = _WORD.findall(text[max(0, match.start() - TITLE_WINDOW) : match.end() + TITLE_WINDOW])
        lower = sum(1 for w in around if len(w) > TITLE_SHORT_WORD and w[0].islower())
        if lower >= TITLE_MIN_LOWER:
            return True
    return False


def _candidates(text: str) -> list[_Candidate]:
    """The accepted rule matches, longest first, without overlaps (leftmost, then rule order, on ties)."""
    found: list[_Candidate] = []
    probe = Context(anchor=None, tense=None)
    for order, rule in enumerate(RULES):
        for match in rule.pattern.finditer(text):
            if rule.name not in NAMED_RULES and _is_title(text, match):
                continue
            if match.end() > match.start() and rule.resolve(match, probe) is not None:
                found.append(_Candidate(match.start(), match.end(), order, rule, match))
    found.sort(key=lambda c: (-(c.end - c.start), c.start, c.order))
    taken: list[_Candidate] = []
    occupied = bytearray(len(text))
    for candidate in found:
        if occupied.find(1, candidate.start, candidate.end) != -1:
            continue
        taken.append(candidate)
        occupied[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    return sorted(taken, key=lambda c: c.start)


def _sentence_of(sentences: Sequence[TextSpan], starts: Sequence[int], position: int) -> TextSpan | None:
    """The sentence holding ``position`` (``sentences`` sorted by start, ``starts`` their starts), or None."""
    index = bisect.bisect_right(starts, position) - 1
    if index >= 0 and sentences[index].start <= position < sentences[index].end:
        return sentences[index]
    return None


def _resolve(candidate: _Candidate, context: Context) -> Resolution | None:
    """Resolve one candidate; calendar overflow (an anchor near year 1 or 9999) gives an unresolved result."""
    try:
        return candidate.rule.resolve(candidate.match, context)
    except (OverflowError, ValueError) as err:
        kind: TimexType = "DURATION" if candidate.rule.name == "duration" else "DATE"
        return Resolution(type=kind, value=None, reason=f"outside the calendar: {err}")


def _sentence_text(text: str, sentence: TextSpan | None) -> str:
    """The text of a sentence, or ``""``."""
    return text[sentence.start : sentence.end] if sentence is not None else ""


def _to_timex(text: str, candidate: _Candidate, resolution: Resolution) -> Timex:
    """Build the public record."""
    return Timex(
        start=candidate.start,
        end=candidate.end,
        text=text[candidate.start : candidate.end],
        type=resolution.type,
        value=resolution.value,
        precision=resolution.precision,
        anchored=resolution.anchored,
        reason=resolution.reason,
    )


def _quote_anchor(
    text: str, sentence: TextSpan, timexes: Sequence[Timex], quotes: Sequence[tuple[int, int]]
) -> dt.date | None:
    """The day a sentence says its quote was said ('…," she said on Monday'), if it says so."""
    for timex in timexes:
        if timex.precision not in ("day", "time") or timex.value is None or timex.start < sentence.start:
            continue
        if timex.start >= sentence.end or any(s < timex.start and timex.end <= e for s, e in quotes):
            continue
        if _SPEECH_BEFORE.search(text, sentence.start, timex.start):
            try:
                return dt.date.fromisoformat(timex.value[:10])
            except ValueError:
                continue
    return None


def quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The quoted passages of a text, as (start, end) offsets including the quotation marks.

    A quotation left open at the end of a paragraph continues when the next paragraph opens with a
    quotation mark (the news convention for a quote that runs over several paragraphs); otherwise the
    unbalanced mark is ignored.
    """
    spans: list[tuple[int, int]] = []
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    open_at: int | None = None
    for index, (p_start, p_end) in enumerate(paragraphs):
        for mark in _QUOTE_MARK.finditer(text, p_start, p_end):
            token = mark.group()
            if open_at is None:
                if token not in _CLOSING_ONLY:
                    open_at = mark.start()
            elif token not in _OPENING_ONLY:
                spans.append((open_at, mark.end()))
                open_at = None
        if open_at is None:
            continue
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if following is None or not _OPENS_WITH_QUOTE.match(text, following[0]):
            open_at = None  # an unbalanced mark: no quotation
        else:
            # skip the re-opening mark of the next paragraph: the quotation simply continues
            next_mark = _OPENS_WITH_QUOTE.match(text, following[0])
            assert next_mark is not None
            paragraphs[index + 1] = (next_mark.end(), following[1])
    return tuple(spans)


def extract_timexes(
    text: str, anchor: dt.date | None, *, sentences: Sequence[TextSpan] | None = None
) -> tuple[Timex, ...]:
    """Find and normalize the temporal expressions of a text.

    Args:
        text: the article text.
        anchor: its publication date (or estimate); None when unknown, which leaves relative
            expressions unresolved with a reason.
        sentences: sentence spans of ``text`` (from the annotation layer); a plain split is used when None.
    Returns:
        The expressions in text order, with offsets into ``text``. Pure and deterministic.
    """
    spans = sorted(sentences, key=lambda s: s.start) if sentences is not None else list(split_sentences(text))
    starts = [s.start for s in spans]
    candidates = _candidates(text)
    results: list[tuple[_Candidate, TextSpan | None, Timex]] = []
    cues_of: dict[TextSpan | None, list[_Cue]] = {}
    references: list[Reference] = []  # the times named so far, for anaphoric expressions
    for candidate in candidates:
        sentence = _sentence_of(spans, starts, candidate.start)
        if sentence not in cues_of:
            cues_of[sentence] = _tense_cues(
                text, *((sentence.start, sentence.end) if sentence else (0, len(text)))
            )
        window = _tense_window(text, candidate.start, candidate.end, sentence)
        bounds = (sentence.start, sentence.end) if sentence else (0, len(text))
        tense = _clause_tense(cues_of[sentence], candidate.start, candidate.end, window, bounds)
        if candidate.rule.name in DEADLINE_RULES and _is_deadline(text, candidate.start, bounds):
            tense = "future"
        context = Context(
            anchor=anchor,
            tense=tense,
            sentence=_sentence_text(text, sentence),
            preceding=text[max(0, candidate.start - FINANCIAL_CONTEXT_CHARS) : candidate.start],
            references=tuple(references) if candidate.rule.name in ANAPHORIC_RULES else (),
        )
        resolution = _resolve(candidate, context)
        if resolution is None:  # a rule that needs the anchor to tell a false candidate (rare)
            continue
        if resolution.type in ("DATE", "TIME"):
            reference = reference_of(resolution.value, anchored=resolution.anchored)
            if reference is not None:
                references.append(reference)
        results.append((candidate, sentence, _to_timex(text, candidate, resolution)))
    timexes = _reanchor_clock_times(text, results)
    results = [(c, sentence, t) for (c, sentence, _), t in zip(results, timexes, strict=True)]
    return tuple(_reanchor_quotes(text, spans, results))


def _reanchor_clock_times(text: str, results: list[tuple[_Candidate, TextSpan | None, Timex]]) -> list[Timex]:
    """Put a clock time without a day ("at 10:35 a.m.") on the day its sentence names, else on the last day
    named before it (the narrative's reference time); with neither it keeps the anchor's day."""
    out = [timex for _, _, timex in results]
    for index, (candidate, sentence, timex) in enumerate(results):
        if sentence is None or candidate.rule.name not in CLOCK_RULES or candidate.match.group("day"):
            continue
        days = [
            other
            for _, other_sentence, other in results
            if other_sentence == sentence and other.precision == "day" and other.value is not None
        ]
        if not days:  # else the day the narrative is at: the last one named before it
            days = [other for _, _, other in results[:index] if other.precision == "day" and other.value][-1:]
        if not days:
            continue
        nearest = min(days, key=lambda d: (abs(d.start - timex.start), d.start))
        assert nearest.value is not None
        context = Context(anchor=dt.date.fromisoformat(nearest.value[:10]), tense=None)
        resolution = _resolve(candidate, context)
        if resolution is not None:
            out[index] = _to_timex(text, candidate, resolution)
    return out


def _reanchor_quotes(
    text: str, spans: Sequence[TextSpan], results: list[tuple[_Candidate, TextSpan | None, Timex]]
) -> list[Timex]:
    """Re-resolve anchored expressions inside quotation marks on the day the text says they were said.

    The attribution ('…," she said on Monday', 'she said in an interview on Monday') is looked for in the
    sentences the quotation spans (over several paragraphs when it continues), then in the sentence just
    after it and the one just before it when they are in the same paragraph as the quotation's end or
    start ('She said on Monday that talks had stalled. "We met yesterday."'), or just before it in the
    previous paragraph when the same speaker goes on ('"…," she added').
    """
    out = [timex for _, _, timex in results]
    quotes = quote_spans(text)
    if not quotes or not spans:
        return out
    starts = [s.start for s in spans]
    for q_start, q_end in quotes:
        inside = [i for i, t in enumerate(out) if q_start < t.start and t.end < q_end]
        if not any(out[i].anchored or out[i].value is None for i in inside):
            continue
        said_on = None
        for said_in in _attribution_sentences(text, spans, starts, q_start, q_end):
            said_on = _quote_anchor(text, said_in, out, quotes)
            if said_on is not None:
                break
        if said_on is None:
            continue
        for i in inside:
            candidate, sentence, timex = results[i]
            if timex.anchored or timex.value is None:
                tense = detect_tense(text, timex.start, timex.end, sentence)
                context = Context(anchor=said_on, tense=tense, sentence=_sentence_text(text, sentence))
                resolution = _resolve(candidate, context)
                if resolution is not None:
                    out[i] = _to_timex(text, candidate, resolution)
    return out


def _attribution_sentences(
    text: str, spans: Sequence[TextSpan], starts: Sequence[int], q_start: int, q_end: int
) -> list[TextSpan]:
    """The sentences that may say when a quotation was said: those it spans, then its neighbours."""
    first = max(bisect.bisect_right(starts, q_start) - 1, 0)
    last = max(bisect.bisect_right(starts, max(q_end - 1, q_start)) - 1, 0)
    found = list(spans[first : last + 1])
    outside = "".join(
        text[max(sentence.start, q_end) : sentence.end] + text[sentence.start : min(sentence.end, q_start)]
        for sentence in found
    )
    continuing = _SAME_SPEAKER.search(outside) is not None
    if _SPEECH_VERB.search(outside) and not continuing:
        return found  # '"…," Jones said.': a named speaker of its own, whose date is not a neighbour's
    if last + 1 < len(spans) and "\n" not in text[q_end : spans[last + 1].start]:
        found.append(spans[last + 1])
    if first > 0 and (continuing or "\n" not in text[spans[first - 1].end : q_start]):
        # '… Smith said on Monday.\n"We met yesterday," she added.': the same speaker goes on, even in
        # the next paragraph
        found.append(spans[first - 1])
    return found
