"""The cited summary: sentences supported by several sources first, every supporter cited."""

from __future__ import annotations

import datetime as dt
import re

from storyline.claims.facts import Fact
from storyline.export.types import ClaimValue, ExportClaim, SummarySentence
from storyline.models import Article, TextSpan
from storyline.summarize import SUPPORT_SIMILARITY, qualify_summary, summarize_story, support_similarity


def _spans(text: str) -> tuple[TextSpan, ...]:
    return tuple(TextSpan(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text))


def _article(aid: str, text: str) -> Article:
    return Article(id=aid, source=f"{aid}.txt", title=aid, text=text, outlet=aid)


A = _article(
    "a-1",
    "The Pellham Star ferry ran aground on rocks off Carrow Bay with 212 people aboard. "
    "Lifeboat crews brought every passenger ashore before dawn on Wednesday. "
    "The ferry company said its engineers were inspecting the damaged hull.",
)
B = _article(
    "a-2",
    "With 212 people aboard, the ferry Pellham Star ran aground on rocks off Carrow Bay overnight. "
    "Islanders on Tresk are now demanding a second ferry for the winter timetable.",
)
C = _article(
    "a-3",
    "Harbour officials confirmed the Pellham Star ran aground off Carrow Bay carrying 212 people. "
    "A salvage tug from Port Ellery is expected to arrive on Saturday morning.",
)
DATES = {"a-1": dt.date(2022, 2, 16), "a-2": dt.date(2022, 2, 17), "a-3": dt.date(2022, 2, 16)}


def test_summary_cites_every_supporting_article_and_orders_by_first_report() -> None:
    spans = {a.id: _spans(a.text) for a in (A, B, C)}
    summary = summarize_story([A, B, C], spans, dates=DATES)
    assert [(s.text, s.sources) for s in summary] == [
        (
            "The Pellham Star ferry ran aground on rocks off Carrow Bay with 212 people aboard.",
            ("a-1", "a-2", "a-3"),
        ),
        ("Lifeboat crews brought every passenger ashore before dawn on Wednesday.", ("a-1",)),
        ("The ferry company said its engineers were inspecting the damaged hull.", ("a-1",)),
        ("A salvage tug from Port Ellery is expected to arrive on Saturday morning.", ("a-3",)),
        ("Islanders on Tresk are now demanding a second ferry for the winter timetable.", ("a-2",)),
    ]


def test_summary_does_not_depend_on_article_order() -> None:
    spans = {a.id: _spans(a.text) for a in (A, B, C)}
    assert summarize_story([C, A, B], spans, dates=DATES) == summarize_story([A, B, C], spans, dates=DATES)


def test_copies_in_one_family_count_once() -> None:
    spans = {a.id: _spans(a.text) for a in (A, B, C)}
    # a-2 and a-3 are one family: the ground-truth sentence is still first (two families), and still
    # cites all three articles, since each of them says it.
    summary = summarize_story([A, B, C], spans, dates=DATES, families={"a-2": "f-1", "a-3": "f-1"})
    assert summary[0].sources == ("a-1", "a-2", "a-3")


def test_story_without_usable_sentences_has_an_empty_summary() -> None:
    short = _article("a-9", "Ferry aground. Crews out.")
    assert summarize_story([short], {"a-9": _spans(short.text)}, dates={"a-9": None}) == ()
    assert summarize_story([], {}, dates={}) == ()


def test_a_sentence_leading_into_a_quote_is_not_a_summary_sentence() -> None:
    """ "…, the captain told reporters:" only opens the quote after it; it cannot stand alone."""
    text = (
        "The Pellham Star ferry ran aground on rocks off Carrow Bay with 212 people aboard: "
        "Speaking on the quay at Carrow Bay on Wednesday, the captain told waiting reporters: "
        "Every passenger was ashore before dawn on Wednesday, the coastguard said."
    )
    lead = _article("a-4", text)
    spans = tuple(TextSpan(m.start(), m.end()) for m in re.finditer(r"[^:.]+[:.]", text))
    assert [s.text for s in summarize_story([lead], {"a-4": spans}, dates={"a-4": None})] == [
        "Every passenger was ashore before dawn on Wednesday, the coastguard said."
    ]


def _fact(article: str, attribute: str, value: str, evidence: str) -> Fact:
    return Fact(
        article=article, subject="Ida Frost", attribute=attribute, value=value, as_of=None,
        span=TextSpan(0, len(evidence)), evidence=evidence,
    )  # fmt: skip


POSTED = ExportClaim(
    subject="Ida Frost",
    attribute="statement posted on",
    status="conflict",
    values=(
        ClaimValue(value="Instagram", as_of=None, articles=("a-1", "a-2")),
        ClaimValue(value="Facebook", as_of=None, articles=("a-3",)),
    ),
    explanation="",
)
POSTED_FACTS = [
    _fact("a-1", "statement posted on", "Instagram", "wrote on Instagram"),
    _fact("a-2", "statement posted on", "Instagram", "wrote on Instagram"),
    _fact("a-3", "statement posted on", "Facebook", "announced her retirement on Facebook"),
]


def test_articles_stating_another_value_of_a_conflict_dispute_the_sentence() -> None:
    summary = (
        SummarySentence(text="Frost announced her retirement on Facebook.", sources=("a-1", "a-3", "a-4")),
        SummarySentence(text="Frost thanked her coach.", sources=("a-1", "a-2")),
        # Every source would be disputed: the facts disagree with themselves, so nothing is changed.
        SummarySentence(text="Frost announced her retirement on Facebook too.", sources=("a-1", "a-2")),
    )
    families = {"a-1": "f-wire", "a-2": "f-wire"}  # a-2 copies a-1
    assert qualify_summary(summary, [POSTED], families, POSTED_FACTS) == (
        SummarySentence(
            text="Frost announced her retirement on Facebook.",
            sources=("a-3", "a-4"),
            independent_sources=2,
            disputed_by=("a-1", "a-2"),
        ),
        SummarySentence(text="Frost thanked her coach.", sources=("a-1", "a-2"), independent_sources=1),
        SummarySentence(
            text="Frost announced her retirement on Facebook too.",
            sources=("a-1", "a-2"),
            independent_sources=1,
        ),
    )


INJURED = ExportClaim(
    subject="Orrin Dam flood",
    attribute="injured",
    status="consistent",
    values=(
        ClaimValue(value="12", as_of="2024-05-02", articles=("a-1",)),
        ClaimValue(value="15", as_of="2024-05-03", articles=("a-2",)),
        ClaimValue(value="17", as_of="2024-05-04", articles=("a-3", "a-4")),
    ),
    explanation="",
)
INJURED_FACTS = [
    _fact("a-1", "injured", "12", "Twelve people were hurt"),
    _fact("a-2", "injured", "15", "Fifteen people were treated in hospital"),
    _fact("a-3", "injured", "17", "left 17 people injured"),
    _fact("a-4", "injured", "17", "left 17 people injured"),
]


def test_a_sentence_stating_an_earlier_value_of_an_update_is_superseded() -> None:
    summary = (
        SummarySentence(text="Twelve people were hurt in Orrin.", sources=("a-1",)),
        SummarySentence(text="The flood left 17 people injured.", sources=("a-3", "a-4")),
        SummarySentence(text="Fifteen people were treated in hospital.", sources=("a-2",)),
    )
    assert qualify_summary(summary, [INJURED], facts=INJURED_FACTS) == (
        SummarySentence(
            text="Twelve people were hurt in Orrin.",
            sources=("a-1",),
            independent_sources=1,
            superseded_by=("a-3", "a-4"),
        ),
        SummarySentence(
            text="The flood left 17 people injured.", sources=("a-3", "a-4"), independent_sources=2
        ),
        SummarySentence(
            text="Fifteen people were treated in hospital.",
            sources=("a-2",),
            independent_sources=1,
            superseded_by=("a-3", "a-4"),
        ),
    )


def test_a_number_that_is_not_the_facts_words_states_nothing() -> None:
    killed = ExportClaim(
        subject="Orrin Dam flood",
        attribute="killed",
        status="conflict",
        values=(
            ClaimValue(value="1", as_of=None, articles=("a-1",)),
            ClaimValue(value="3", as_of=None, articles=("a-2",)),
        ),
        explanation="",
    )
    facts = [
        _fact("a-1", "killed", "1", "one person was killed"),
        _fact("a-2", "killed", "3", "killed three"),
    ]
    summary = (
        SummarySentence(text="Police said no one has been charged yet.", sources=("a-1", "a-2")),
        SummarySentence(text="The dam was built in 1961 and repaired on May 3.", sources=("a-1", "a-2")),
        SummarySentence(text="The mayor spoke on May 12 about the flood.", sources=("a-1",)),
    )
    assert qualify_summary(summary, [killed, INJURED], facts=[*facts, *INJURED_FACTS]) == tuple(
        SummarySentence(text=s.text, sources=s.sources, independent_sources=len(s.sources)) for s in summary
    )


def test_support_similarity_is_the_cosine_the_summary_uses() -> None:
    matrix = support_similarity(
        [
            "The Pellham Star ran aground off Carrow Bay.",
            "Off Carrow Bay, the Pellham Star ran aground.",
            "Islanders want a second ferry.",
        ]
    )
    assert matrix.shape == (3, 3)
    assert [round(float(v), 4) for v in matrix.diagonal()] == [1.0, 1.0, 1.0]
    assert round(float(matrix[0, 1]), 4) == 1.0  # the same words in another order
    assert [float(matrix[0, 2]), float(matrix[1, 2])] == [0.0, 0.0]  # no shared content word
    assert matrix[0, 1] >= SUPPORT_SIMILARITY > matrix[0, 2]


def test_support_similarity_of_stop_words_only_is_all_zeros() -> None:
    assert support_similarity(["It was.", "And then."]).tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert support_similarity([]).shape == (0, 0)
