"""Temporal expressions (issue #6), second slice: quotes over several sentences and paragraphs, "the
weekend", "the year", financial periods, halves, fractions, spelled years with a month, tense cues."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.extract.dates import extract_timexes, quote_spans, split_sentences

FRIDAY = dt.date(2024, 3, 8)
MONDAY = dt.date(2024, 3, 11)
REPORT_DAY = dt.date(1999, 10, 27)  # a Wednesday in the fourth quarter: the last reported one is Q3


def found(text: str, anchor: dt.date | None) -> list[tuple[str, str, str | None]]:
    """(text, type, value) of every expression."""
    return [(t.text, t.type, t.value) for t in extract_timexes(text, anchor)]


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("They married a year ago.", dt.date(2023, 6, 2), [("a year ago", "DATE", "2022-06")]),
        ("They married five years ago.", dt.date(2023, 6, 2), [("five years ago", "DATE", "2018")]),
        ("Rallies spread over the weekend.", MONDAY, [("the weekend", "DATE", "2024-W10-WE")]),
        ("Traders squared positions ahead of the weekend.", MONDAY, [("the weekend", "DATE", "2024-W11-WE")]),
        ("Sales for the full year rose.", REPORT_DAY, [("the full year", "DATE", "1999")]),
        (
            "Net rose in the year ended March 31.",
            REPORT_DAY,
            [("the year", "DURATION", "P1Y"), ("March 31", "DATE", "1999-03-31")],
        ),
        (
            "The firm lost money for the entire year.",
            dt.date(2006, 1, 20),
            [("the entire year", "DATE", "2005")],
        ),
        ("It sold more than the year before.", REPORT_DAY, []),
        ("Net fell from the 1998 quarter.", REPORT_DAY, [("the 1998 quarter", "DATE", "1998-Q3")]),
        (
            "Quarterly profit doubled from the same period a year ago.",
            REPORT_DAY,
            [("the same period a year ago", "DATE", "1998-Q3")],
        ),
        (
            "Sales in the same period last year were flat.",
            REPORT_DAY,
            [("the same period last year", "DATE", "1998")],
        ),
        ("Output fell in the last half of 1998.", REPORT_DAY, [("the last half of 1998", "DATE", "1998-H2")]),
        (
            "Output fell in the first two quarters of 1998.",
            REPORT_DAY,
            [("the first two quarters of 1998", "DATE", "1998-H1")],
        ),
        ("The flight took 5 1/2 hours.", FRIDAY, [("5 1/2 hours", "DURATION", "PT5H30M")]),
        ("He served 2 1/2 years.", FRIDAY, [("2 1/2 years", "DURATION", "P2Y6M")]),
        ("The lull lasted a minute and a half.", FRIDAY, [("a minute and a half", "DURATION", "PT1M30S")]),
        (
            "It began in January nineteen ninety-seven.",
            FRIDAY,
            [("January nineteen ninety-seven", "DATE", "1997-01")],
        ),
        (
            "It froze in the winter of nineteen ninety-four.",
            FRIDAY,
            [("the winter of nineteen ninety-four", "DATE", "1994-WI")],
        ),
        ("The fair opens each July.", FRIDAY, [("each July", "SET", "XXXX-07")]),
        ("The vote took about five hours.", FRIDAY, [("five hours", "DURATION", "PT5H")]),
        ("The strike lasted only 14 days.", FRIDAY, [("14 days", "DURATION", "P14D")]),
        # "scheduled" and "effective" look ahead; "had been due" looks back
        ("The rally is scheduled for Saturday.", FRIDAY, [("Saturday", "DATE", "2024-03-09")]),
        (
            "A new chairman takes over, effective June 1.",
            dt.date(1999, 10, 27),
            [("June 1", "DATE", "2000-06-01")],
        ),
        ("The offer had been due to expire Thursday.", FRIDAY, [("Thursday", "DATE", "2024-03-07")]),
        # the main verb far from a fronted month still sets the tense
        (
            "In January, a week after the anniversary of the founding of the museum in the old harbour "
            "district, "
            "the curator resigned.",
            dt.date(1999, 9, 20),
            [("January", "DATE", "1999-01"), ("a week", "DURATION", "P1W")],
        ),
    ],
)
def test_values(text: str, anchor: dt.date, expected: list[tuple[str, str, str | None]]) -> None:
    assert found(text, anchor) == expected


def test_quote_spans_follow_a_quotation_over_paragraphs() -> None:
    text = '“We met yesterday. Nothing moved.\n“The vote is tomorrow,” she said.\nA "short" one.'
    assert quote_spans(text) == ((0, 57), (70, 77))


def test_an_unbalanced_quotation_mark_is_ignored() -> None:
    assert quote_spans("He said “we met.\nThe end.") == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the date in a longer attribution: "said in an interview on Monday"
        (
            'The mayor said in an interview on Monday: "We met yesterday."',
            [("Monday", "2024-03-04"), ("yesterday", "2024-03-03")],
        ),
        # the attribution in the sentence before, same speaker continuing ("she added")
        (
            'The mayor said on Monday that talks stalled. "We met yesterday," she added.',
            [("Monday", "2024-03-04"), ("yesterday", "2024-03-03")],
        ),
        # a named speaker of its own: the neighbour's date is not taken
        (
            'The mayor said on Monday that talks stalled. "We met yesterday," Jones said.',
            [("Monday", "2024-03-04"), ("yesterday", "2024-03-07")],
        ),
        # a quote continued in the next paragraph takes the date of its attribution
        (
            "“We met yesterday. Nothing moved.\n“The vote is tomorrow,” the mayor said on Monday.",
            [("yesterday", "2024-03-03"), ("tomorrow", "2024-03-05"), ("Monday", "2024-03-04")],
        ),
        # the same speaker goes on in the next paragraph ("she added")
        (
            'The mayor said on Monday that talks stalled.\n"We met yesterday," she added.',
            [("Monday", "2024-03-04"), ("yesterday", "2024-03-03")],
        ),
        # the next paragraph is not the quote's: publication anchor
        (
            'The mayor said on Monday that talks stalled.\n"We met yesterday," a clerk said.',
            [("Monday", "2024-03-04"), ("yesterday", "2024-03-07")],
        ),
    ],
)
def test_quotes_are_anchored_beyond_one_sentence(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in extract_timexes(text, FRIDAY)] == expected


def test_sentence_split_keeps_abbreviations_inside_a_sentence() -> None:
    text = "In January, after Roe vs. Wade, a clinic closed. On Oct. 23 Mr. Hale left.\nNext"
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "In January, after Roe vs. Wade, a clinic closed.",
        "On Oct. 23 Mr. Hale left.",
        "Next",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "be named" is a passive participle, not a past tense: "will" decides
        ("Ms. Ruiz will be named captain for a flight in December.", [("December", "2024-12")]),
        # "succeed" is not a past tense either
        ("Mr. Ode will succeed Ms. Pratt in December.", [("December", "2024-12")]),
        ("The flight was cancelled in December.", [("December", "2023-12")]),
    ],
)
def test_tense_cues_skip_participles_and_lookalikes(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in extract_timexes(text, dt.date(2024, 4, 20))] == expected
