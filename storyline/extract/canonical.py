"""Canonical quotes across a story: one record per quote, with every carrier's wording and the first carrier.

Two quote mentions are the same quote when, in matching form (:func:`storyline.normalize.matching_form`:
quote marks, apostrophes and dashes spelled one way, case folded) and without punctuation, ``(sic)`` and
``[bracketed]`` insertions, one's words appear in the other's in order: whole, or in part (each run of an
ellipsis-truncated or bracket-edited version is a contiguous run of the other), or nearly equal (a word
or two changed). Mentions sharing no run of :data:`MIN_SHARED_WORDS` words are never compared, so short
quotes ("No.") only join an identical quote.

A canonical quote's text is its longest version; each carrier's wording is kept as a variant with how it
differs from that text (:func:`variant_change`: the same words, a part, parts with words left out, or
words altered); ``first`` is its earliest carrier by (estimated) publication date; its speaker is the
one most independent carriers name (articles of one source family vote once), and every other speaker
named is kept in ``speaker_disagreement``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from rapidfuzz import fuzz

from storyline.disjoint import DisjointSets
from storyline.extract.entities import StoryEntities
from storyline.extract.quotes import QuoteMention
from storyline.ids import make_id
from storyline.normalize import matching_form

__all__ = [
    "Quote",
    "QuoteFirst",
    "QuoteVariant",
    "SpeakerVote",
    "VariantChange",
    "canonicalize_quotes",
    "quote_segments",
    "variant_change",
]

LOGGER = logging.getLogger(__name__)

# Two versions must share a run of at least this many words to be compared at all; 4 words ("we will
# hold firm") rarely repeat by chance within one story, 3 ("I don't know") often do.
MIN_SHARED_WORDS = 4
# Near-equal versions (one or two words changed, e.g. a typo fixed or a tense changed) are one quote when
# their matching forms score at least this with rapidfuzz's ratio (0–100); set by hand on our fixtures:
# a one-word change in a 12-word quote scores ~93, two unrelated statements on one topic score < 60.
NEAR_EQUAL_RATIO = 90.0
_SIC = re.compile(r"\(\s*sic\s*\)|\[\s*sic\s*\]", re.IGNORECASE)
_BREAK = re.compile(r"\[[^\]]*\]|\.\.\.+|…|\s-\s")
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteFirst:
    """The earliest carrier of a quote."""

    article: str
    date: dt.date | None


# How a carrier's wording differs from the canonical text: "same" words (quote marks, punctuation, case or
# "(sic)" aside), a contiguous "part" of it, "elided" (words left out inside it, marked by an ellipsis or a
# [bracketed] insertion or not marked at all), or "altered" (words changed or added).
VariantChange = Literal["same", "part", "elided", "altered"]


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteVariant:
    """One carrier's own wording of a quote, and how it differs from the canonical text."""

    article: str
    text: str
    change: VariantChange = "same"


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakerVote:
    """One speaker named for a quote and the articles naming it."""

    speaker: str | None
    entity: str | None
    articles: tuple[str, ...]
    independent: int  # source families among those articles


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """A canonical quote of a story (one entry of the export's ``quotes``)."""

    id: str
    text: str
    speaker: str | None
    speaker_entity: str | None
    articles: tuple[str, ...]
    first: QuoteFirst
    variants: tuple[QuoteVariant, ...]
    speaker_disagreement: tuple[SpeakerVote, ...] = ()  # every speaker named, when carriers disagree


def quote_segments(text: str) -> list[list[str]]:
    """A quote's words in matching form, split into runs at ellipses and [bracketed] insertions."""
    folded = _SIC.sub(" ", matching_form(text))
    segments = []
    for part in _BREAK.split(folded):
        words = _WORD.findall(part)
        words = [w.strip("'") for w in words if w.strip("'")]
        if words:
            segments.append(words)
    return segments


def _contains(longer: Sequence[str], segments: Sequence[Sequence[str]]) -> bool:
    """Whether every run in ``segments`` occurs in ``longer``, in order, each contiguous."""
    pos = 0
    for segment in segments:
        n = len(segment)
        found = -1
        for i in range(pos, len(longer) - n + 1):
            if list(longer[i : i + n]) == list(segment):
                found = i
                break
        if found < 0:
            return False
        pos = found + n
    return True


def _same_quote(a: list[list[str]], b: list[list[str]]) -> bool:
    """Whether two versions (as segments) are one quote: contained in order, or nearly equal."""
    flat_a = [w for s in a for w in s]
    flat_b = [w for s in b for w in s]
    if flat_a == flat_b:
        return True
    if len(flat_a) <= len(flat_b) and _contains(flat_b, a):
        return True
    if len(flat_b) <= len(flat_a) and _contains(flat_a, b):
        return True
    return fuzz.ratio(" ".join(flat_a), " ".join(flat_b)) >= NEAR_EQUAL_RATIO


def variant_change(canonical: Sequence[Sequence[str]], variant: Sequence[Sequence[str]]) -> VariantChange:
    """How a version (as :func:`quote_segments`) differs from the canonical one (:data:`VariantChange`)."""
    flat_canonical = [w for s in canonical for w in s]
    flat_variant = [w for s in variant for w in s]
    matcher = difflib.SequenceMatcher(a=flat_canonical, b=flat_variant, autojunk=False)
    edits = [(tag, i1, i2) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal"]
    if not edits:
        return "same"
    if any(tag != "delete" for tag, _, _ in edits):
        return "altered"
    inner = [(i1, i2) for _, i1, i2 in edits if i1 > 0 and i2 < len(flat_canonical)]
    return "elided" if inner else "part"


def _date_key(day: dt.date | None) -> tuple[int, dt.date]:
    """Sort key putting unknown dates last."""
    return (1, dt.date.max) if day is None else (0, day)


def canonicalize_quotes(
    mentions: Sequence[QuoteMention],
    published: Mapping[str, dt.date | None],
    *,
    families: Mapping[str, str] | None = None,
    entities: StoryEntities | None = None,
) -> tuple[Quote, ...]:
    """Group a story's quote mentions into canonical quotes.

    Args:
        mentions: every quote mention of the story's articles.
        published: article id -> (estimated) publication date; a missing id counts as unknown.
        families: article id -> source family id (copies of one text); an article without one is its
            own family.
        entities: the story's merged entities (:func:`storyline.extract.entities.merge_entities`); when
            given, each mention's speaker becomes its story-level entity and that entity's name.

    Returns:
        Canonical quotes sorted by first carrier date, then id; empty for no mentions.
    """
    families = families or {}
    if entities is not None:
        mentions = [_story_speaker(m, entities) for m in mentions]
    items = sorted(mentions, key=lambda m: (m.article, m.spans[0].start if m.spans else 0, m.text))
    segments = [quote_segments(m.text) for m in items]
    same = DisjointSets(range(len(items)))

    # block on shared runs of MIN_SHARED_WORDS words; identical short quotes on their whole text
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, segs in enumerate(segments):
        keys: set[tuple[str, ...]] = set()
        for seg in segs:
            if len(seg) < MIN_SHARED_WORDS:
                continue
            keys.update(tuple(seg[j : j + MIN_SHARED_WORDS]) for j in range(len(seg) - MIN_SHARED_WORDS + 1))
        flat = tuple(w for s in segs for w in s)
        if len(flat) < MIN_SHARED_WORDS and flat:
            keys.add(("=", *flat))
        for key in keys:
            blocks[key].append(i)
    checked: set[tuple[int, int]] = set()
    for members in blocks.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if (i, j) in checked or same.find(i) == same.find(j):
                    continue
                checked.add((i, j))
                if _same_quote(segments[i], segments[j]):
                    same.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        if segments[i]:
            groups[same.find(i)].append(i)
    quotes = [_build(items, segments, idx, published, families) for idx in groups.values()]
    return tuple(sorted(quotes, key=lambda q: (_date_key(q.first.date), q.id)))


def _build(
    items: Sequence[QuoteMention],
    segments: Sequence[list[list[str]]],
    idx: Sequence[int],
    published: Mapping[str, dt.date | None],
    families: Mapping[str, str],
) -> Quote:
    """One canonical quote from its mentions."""
    members = [items[i] for i in idx]
    longest = max(
        idx,
        key=lambda i: (sum(len(s) for s in segments[i]), -len(_SIC.findall(items[i].text)), _neg(items[i])),
    )
    text = items[longest].text
    articles = tuple(sorted({m.article for m in members}))
    first_article = min(articles, key=lambda a: (_date_key(published.get(a)), a))
    votes: dict[str | None, set[str]] = defaultdict(set)
    entity_of: dict[str | None, str | None] = {}
    for m in members:
        votes[m.speaker].add(m.article)
        if m.speaker not in entity_of or entity_of[m.speaker] is None:
            entity_of[m.speaker] = m.entity
    _fold_short_names(votes, entity_of)
    named: dict[str | None, set[str]] = {s: arts for s, arts in votes.items() if s is not None}
    pool = named or votes

    def strength(speaker: str | None) -> tuple[int, int, int, str]:
        arts = pool[speaker]
        independent = len({families.get(a, a) for a in arts})
        earliest = min(_date_key(published.get(a)) for a in arts)
        return (-independent, -len(arts), earliest[0], speaker or "")

    speaker = min(pool, key=strength)
    disagreement: tuple[SpeakerVote, ...] = ()
    if len(named) > 1:
        disagreement = tuple(
            SpeakerVote(
                speaker=s,
                entity=entity_of.get(s),
                articles=tuple(sorted(arts)),
                independent=len({families.get(a, a) for a in arts}),
            )
            for s, arts in sorted(named.items(), key=lambda kv: strength(kv[0]))
        )
    wording = {(items[i].article, items[i].text): segments[i] for i in idx}
    return Quote(
        id=make_id("q", " ".join(w for s in segments[longest] for w in s)),
        text=text,
        speaker=speaker,
        speaker_entity=entity_of.get(speaker),
        articles=articles,
        first=QuoteFirst(article=first_article, date=published.get(first_article)),
        variants=tuple(
            QuoteVariant(article=a, text=t, change=variant_change(segments[longest], wording[(a, t)]))
            for a, t in sorted(wording)
        ),
        speaker_disagreement=disagreement,
    )


def _story_speaker(mention: QuoteMention, entities: StoryEntities) -> QuoteMention:
    """A mention whose speaker is its story-level entity (name and id), when it has an entity."""
    if mention.entity is None or mention.entity not in entities.ids:
        return mention
    story_id = entities.ids[mention.entity]
    entity = next((e for e in entities.entities if e.id == story_id), None)
    if entity is None:
        return mention
    return replace(mention, speaker=entity.name, entity=entity.id)


def _fold_short_names(votes: dict[str | None, set[str]], entity_of: dict[str | None, str | None]) -> None:
    """Count a vote for "Lopez" as one for "Maria Lopez" when that is the only longer name containing it."""
    names = [s for s in votes if s is not None]
    for short in names:
        words = set(short.lower().split())
        longer = [t for t in names if t != short and len(t) > len(short) and words <= set(t.lower().split())]
        if len(longer) == 1:
            votes[longer[0]] |= votes.pop(short)
            if entity_of.get(longer[0]) is None:
                entity_of[longer[0]] = entity_of.get(short)


def _neg(mention: QuoteMention) -> str:
    """Tie-break for the canonical version: the article id sorting first wins (inverted for max())."""
    return "".join(chr(0x10FFFF - ord(c)) for c in mention.article)
