"""Canonical quotes across a story: variants, carriers, first carrier and speaker votes."""

from __future__ import annotations

import datetime as dt

from storyline.extract.canonical import (
    Quote,
    QuoteFirst,
    QuoteVariant,
    SpeakerVote,
    canonicalize_quotes,
    quote_segments,
)
from storyline.extract.entities import Entity, StoryEntities
from storyline.extract.quotes import QuoteMention
from storyline.ids import make_id
from storyline.models import TextSpan

FULL = "We will hold firm, and we will not back down from this fight."


def mention(
    article: str, text: str, speaker: str | None = "Maria Lopez", entity: str | None = "e-lopez"
) -> QuoteMention:
    """A quote mention of one article."""
    return QuoteMention(
        article=article, text=text, spans=(TextSpan(0, len(text)),), speaker=speaker, entity=entity
    )


def test_segments_fold_marks_and_split_at_ellipses_and_brackets() -> None:
    assert quote_segments("We couldn`t [the council] … “wait” (sic) any longer") == [
        ["we", "couldn't"],
        ["wait", "any", "longer"],
    ]


def test_variants_whole_in_part_and_retyped_are_one_quote() -> None:
    mentions = [
        mention("a-1", FULL),
        mention("a-2", "We will hold firm … we will not back down"),
        mention("a-3", "We will hold firm, and we will not back down from this fight"),
        mention("a-4", "we will hold firm, and we wil [sic] not back down from this fight."),
        mention("a-5", "Nothing to hide."),
        mention("a-6", "not back down from this fight"),
        mention("a-7", "We will hold firm and not back down from this fight."),
    ]
    published = {
        "a-1": dt.date(2024, 3, 5),
        "a-2": dt.date(2024, 3, 4),
        "a-3": None,
        "a-4": dt.date(2024, 3, 6),
    }
    quotes = canonicalize_quotes(mentions, published)
    words = "we will hold firm and we will not back down from this fight"
    assert quotes == (
        Quote(
            id=make_id("q", words),
            text=FULL,
            speaker="Maria Lopez",
            speaker_entity="e-lopez",
            articles=("a-1", "a-2", "a-3", "a-4", "a-6", "a-7"),
            first=QuoteFirst(article="a-2", date=dt.date(2024, 3, 4)),
            variants=(
                QuoteVariant(article="a-1", text=FULL, change="same"),
                QuoteVariant(
                    article="a-2", text="We will hold firm … we will not back down", change="elided"
                ),
                QuoteVariant(
                    article="a-3",
                    text="We will hold firm, and we will not back down from this fight",
                    change="same",  # only the full stop differs
                ),
                QuoteVariant(
                    article="a-4",
                    text="we will hold firm, and we wil [sic] not back down from this fight.",
                    change="altered",  # "wil" for "will"
                ),
                QuoteVariant(article="a-6", text="not back down from this fight", change="part"),
                QuoteVariant(
                    article="a-7",
                    text="We will hold firm and not back down from this fight.",
                    change="elided",  # "we will" left out, no ellipsis
                ),
            ),
        ),
        Quote(
            id=make_id("q", "nothing to hide"),
            text="Nothing to hide.",
            speaker="Maria Lopez",
            speaker_entity="e-lopez",
            articles=("a-5",),
            first=QuoteFirst(article="a-5", date=None),
            variants=(QuoteVariant(article="a-5", text="Nothing to hide."),),
        ),
    )


def test_short_quotes_join_only_identical_ones() -> None:
    quotes = canonicalize_quotes([mention("a-1", "No."), mention("a-2", "No way."), mention("a-3", "no")], {})
    assert sorted(q.articles for q in quotes) == [("a-1", "a-3"), ("a-2",)]


def test_majority_of_independent_carriers_decides_the_speaker() -> None:
    mentions = [
        mention("a-1", FULL, "Daniel Okafor", "e-okafor"),
        mention("a-2", FULL, "Daniel Okafor", "e-okafor"),
        mention("a-3", FULL, "Daniel Okafor", "e-okafor"),
        mention("a-4", FULL, "Maria Lopez", "e-lopez"),
        mention("a-5", FULL, "Lopez", None),
        mention("a-6", FULL, None, None),
    ]
    # a-1..a-3 are copies of one wire story: one independent voice against two for Lopez
    families = {"a-1": "wire", "a-2": "wire", "a-3": "wire"}
    (quote,) = canonicalize_quotes(mentions, {}, families=families)
    assert (quote.speaker, quote.speaker_entity) == ("Maria Lopez", "e-lopez")
    assert quote.speaker_disagreement == (
        SpeakerVote(speaker="Maria Lopez", entity="e-lopez", articles=("a-4", "a-5"), independent=2),
        SpeakerVote(
            speaker="Daniel Okafor", entity="e-okafor", articles=("a-1", "a-2", "a-3"), independent=1
        ),
    )


def test_without_families_every_article_counts() -> None:
    mentions = [
        mention("a-1", FULL, "Daniel Okafor", "e-okafor"),
        mention("a-2", FULL, "Daniel Okafor", "e-okafor"),
        mention("a-3", FULL, "Maria Lopez", "e-lopez"),
    ]
    (quote,) = canonicalize_quotes(mentions, {})
    assert quote.speaker == "Daniel Okafor"


def test_result_does_not_depend_on_input_order() -> None:
    mentions = [
        mention("a-1", FULL),
        mention("a-2", "We will hold firm … we will not back down"),
        mention("a-3", "Bye now, everyone here."),
    ]
    published = {"a-1": dt.date(2024, 3, 5), "a-2": dt.date(2024, 3, 4), "a-3": dt.date(2024, 3, 1)}
    assert canonicalize_quotes(mentions, published) == canonicalize_quotes(
        list(reversed(mentions)), published
    )


def test_no_mentions_no_quotes() -> None:
    assert canonicalize_quotes([], {}) == ()


def test_story_entities_give_speakers_their_story_name() -> None:
    lopez = Entity(
        id="e-story-lopez", name="Maria Lopez", type="PERSON", aliases=("Lopez",), articles=("a-1", "a-2")
    )
    entities = StoryEntities(
        entities=(lopez,), ids={"e-a1-lopez": "e-story-lopez", "e-a2-lopez": "e-story-lopez"}
    )
    mentions = [
        mention("a-1", FULL, "Lopez", "e-a1-lopez"),
        mention("a-2", FULL, "Maria Lopez", "e-a2-lopez"),
    ]
    (quote,) = canonicalize_quotes(mentions, {}, entities=entities)
    assert (quote.speaker, quote.speaker_entity, quote.speaker_disagreement) == (
        "Maria Lopez",
        "e-story-lopez",
        (),
    )
