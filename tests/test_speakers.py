"""Speaker attribution on invented articles, through the real annotation layer and parser."""

from __future__ import annotations

import pytest

from storyline.annotate import Annotator
from storyline.extract.entities import EntityIndex, link_entities
from storyline.extract.quotes import QuoteExtraction, extract_quotes
from storyline.extract.speakers import resolve_mention
from storyline.models import Annotation, Article, TextSpan

HARBOR = """Harbor Town Mayor Keeps Ferry Plan

Maria Lopez, the 52-year-old actress who became mayor last spring, defended the ferry plan.

"We will hold firm," Lopez wrote on Facebook. "We have nothing to hide."

Her opponent, council member Daniel Okafor, disagreed. "This plan is a waste," said Okafor, a Democrat. \
He continued, "Voters deserve a real debate about the harbor."

According to Okafor, "the numbers do not add up."

The actress told reporters: "I have read every page of the budget."

"She is tired but determined," her rep said.

"Nobody will stop this ferry" —Maria Lopez

Lopez wrote on Instagram:

"The ferry will run by June.

"Every resident will ride for free in the first month."

The council meets again next week.

"A signed petition arrived at City Hall on Monday."
"""


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


@pytest.fixture(scope="module")
def harbor(annotator: Annotator) -> tuple[Article, Annotation, QuoteExtraction]:
    article = Article(id="a-harbor", source="fixture", title="", text=HARBOR)
    annotation = annotator.annotate([article])[0]
    return article, annotation, extract_quotes(article, annotation, parser=annotator.parse)


def test_every_quote_gets_its_named_speaker(harbor: tuple[Article, Annotation, QuoteExtraction]) -> None:
    _, _, extraction = harbor
    assert [(q.text, q.speaker, q.cue) for q in extraction.quotes] == [
        ("We will hold firm. We have nothing to hide.", "Maria Lopez", "wrote"),
        ("This plan is a waste", "Daniel Okafor", "said"),
        ("Voters deserve a real debate about the harbor.", "Daniel Okafor", "continued"),
        ("the numbers do not add up.", "Daniel Okafor", "according to"),
        ("I have read every page of the budget.", "Maria Lopez", "told"),
        ("She is tired but determined", "Maria Lopez's rep", "said"),
        ("Nobody will stop this ferry", "Maria Lopez", "—"),
        (
            "The ferry will run by June. Every resident will ride for free in the first month.",
            "Maria Lopez",
            "wrote",
        ),
        ("A signed petition arrived at City Hall on Monday.", None, None),
    ]


def test_speaker_mentions_point_at_the_words_used(
    harbor: tuple[Article, Annotation, QuoteExtraction],
) -> None:
    article, _, extraction = harbor
    words = [
        article.text[q.speaker_mention.start : q.speaker_mention.end] if q.speaker_mention else None
        for q in extraction.quotes
    ]
    assert words == [
        "Lopez",
        "Okafor",
        "He",
        "Okafor",
        "The actress",
        "her rep",
        "Maria Lopez",
        "Lopez",
        None,
    ]


def test_speakers_are_linked_to_the_article_entities(
    harbor: tuple[Article, Annotation, QuoteExtraction],
) -> None:
    article, annotation, extraction = harbor
    index = link_entities(article, annotation)
    names = {e.id: e.name for e in index.entities}
    assert [names.get(q.entity) if q.entity else None for q in extraction.quotes] == [
        "Maria Lopez",
        "Daniel Okafor",
        "Daniel Okafor",
        "Daniel Okafor",
        "Maria Lopez",
        None,
        "Maria Lopez",
        "Maria Lopez",
        None,
    ]


def test_she_skips_the_nearer_man(annotator: Annotator) -> None:
    text = (
        "Senator Grace Whitfield met Governor Paul Brandt in Riverton on Monday.\n\n"
        "Brandt praised the new bridge.\n\n"
        '"It took ten years to get here," she said.'
    )
    article = Article(id="a-bridge", source="fixture", title="", text=text)
    annotation = annotator.annotate([article])[0]
    extraction = extract_quotes(article, annotation, parser=annotator.parse)
    assert [(q.text, q.speaker) for q in extraction.quotes] == [
        ("It took ten years to get here", "Grace Whitfield")
    ]


def test_description_resolves_through_a_role_word(annotator: Annotator) -> None:
    text = (
        "Tomas Reyes, the senator from Ohio, spoke after Maria Lopez on Friday.\n\n"
        '"The bridge is safe," the senator said.'
    )
    article = Article(id="a-role", source="fixture", title="", text=text)
    annotation = annotator.annotate([article])[0]
    extraction = extract_quotes(article, annotation, parser=annotator.parse)
    assert [(q.text, q.speaker) for q in extraction.quotes] == [("The bridge is safe", "Tomas Reyes")]


def test_unnamed_source_stays_as_written(annotator: Annotator) -> None:
    text = 'The harbor reopened on Monday.\n\n"We expect long lines," a city official said.'
    article = Article(id="a-source", source="fixture", title="", text=text)
    annotation = annotator.annotate([article])[0]
    extraction = extract_quotes(article, annotation, parser=annotator.parse)
    assert [(q.text, q.speaker, q.entity) for q in extraction.quotes] == [
        ("We expect long lines", "a city official", None)
    ]


def test_without_parser_only_parse_free_rules_apply(annotator: Annotator) -> None:
    text = 'Lopez spoke.\n\n"Nobody will stop this ferry" —Maria Lopez\n\n"We will win," she said.'
    article = Article(id="a-noparse", source="fixture", title="", text=text)
    annotation = annotator.annotate([article])[0]
    extraction = extract_quotes(article, annotation)
    assert [(q.speaker, q.cue) for q in extraction.quotes] == [("Maria Lopez", "—"), ("Maria Lopez", "—")]


def test_resolve_mention_turns_a_pronoun_into_a_name(
    harbor: tuple[Article, Annotation, QuoteExtraction],
) -> None:
    article, annotation, _ = harbor
    index = link_entities(article, annotation)
    start = article.text.index("He continued")
    assert resolve_mention(article.text, TextSpan(start, start + 2), index)[0] == "Daniel Okafor"


def test_an_annotation_that_does_not_fit_the_text_does_not_crash(annotator: Annotator) -> None:
    text = '"We will hold firm," Lopez said.\n\n"Later," she said.'
    article = Article(id="a-stale", source="fixture", title="", text=text)
    stale = Annotation(article_id="a-stale", model="old", sentences=(TextSpan(0, 3), TextSpan(400, 900)))
    extraction = extract_quotes(article, stale, parser=annotator.parse)
    assert [q.text for q in extraction.quotes] == ["We will hold firm", "Later"]


def test_an_object_pronoun_is_never_a_speaker() -> None:
    text = "That makes me clever, the mayor said of us."
    index = EntityIndex(entities=(), mentions=())
    me, us = text.index("me "), text.index("us.")
    assert resolve_mention(text, TextSpan(me, me + 2), index) == (None, None)
    assert resolve_mention(text, TextSpan(us, us + 2), index) == (None, None)
