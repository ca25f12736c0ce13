"""Temporal expressions (issue #6), second slice: quotes over several sentences and paragraphs, "the
weekend", "the year", financial periods, halves, fractions, spelled years with a month, tense cues.

Third slice: anaphoric expressions resolved on the narrative's reference time ("the following month",
"that year", "the previous Friday", "that same day"), clock times on the last day named, holidays near the
anchor, programme titles, and tense cues ("plans to", "would be paid")."""

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


NO_ANCHOR = "no anchor: the article has no publication date or estimate"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The brewery opened on May 3, 1995, and the following year it began to export.",
            [("May 3, 1995", "DATE", "1995-05-03"), ("the following year", "DATE", "1996")],
        ),
        (
            "In March 2019 the ferry line cut routes. The following month, it sold two boats.",
            [("March 2019", "DATE", "2019-03"), ("The following month", "DATE", "2019-04")],
        ),
        (
            "The index fell on Tuesday, 3% below the previous Friday.",
            [("Tuesday", "DATE", "2024-03-05"), ("the previous Friday", "DATE", "2024-03-01")],
        ),
        (
            "The mill closed in 2011, and later that year the town sold the land.",
            [("2011", "DATE", "2011"), ("later that year", "DATE", "2011")],
        ),
        (
            "The levee broke on June 2, 2016. Earlier that day, crews had left.",
            [("June 2, 2016", "DATE", "2016-06-02"), ("Earlier that day", "DATE", "2016-06-02")],
        ),
        (
            "The jury met on June 2, 2016, and the next morning it gave a verdict.",
            [("June 2, 2016", "DATE", "2016-06-02"), ("the next morning", "TIME", "2016-06-03TMO")],
        ),
        (
            "Imports fell in 1988, when growers sold less abroad than that year's harvest.",
            [("1988", "DATE", "1988")],
        ),
        # a month is the last time named: the day of "that same day" is in it, its number is not given
        (
            "The bridge closed last October, and the ferry stopped that same day.",
            [("last October", "DATE", "2023-10"), ("that same day", "DATE", "2023-10-XX")],
        ),
        # no time named before: the publication date is the reference
        ("The following month, the club moved.", [("The following month", "DATE", "2024-04")]),
        # "next" is deictic, not anaphoric: the year after the publication date
        (
            "The plant opened in 1995 and will close next year.",
            [("1995", "DATE", "1995"), ("next year", "DATE", "2025")],
        ),
        # a bare "that day" is as often generic as narrative: not an expression
        ("Traders who sold that day lost money.", []),
    ],
)
def test_anaphoric_expressions_take_the_reference_time(
    text: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert found(text, FRIDAY) == expected


def test_anaphoric_expressions_without_anchor() -> None:
    # a date in the text is a reference even when the article is undated
    assert found("Sales reached a record on February 3, 2009, up from the previous year.", None) == [
        ("February 3, 2009", "DATE", "2009-02-03"),
        ("the previous year", "DATE", "2008"),
    ]
    # nothing named before and no anchor: unresolved, with the reason
    (timex,) = extract_timexes("The following month, the club moved.", None)
    assert (timex.text, timex.value, timex.reason, timex.anchored) == (
        "The following month",
        None,
        NO_ANCHOR,
        False,
    )


def test_anaphoric_expression_records_whether_its_reference_came_from_the_anchor() -> None:
    explicit = extract_timexes(
        "The brewery opened in 1995 and the following year it began to export.", FRIDAY
    )
    deictic = extract_timexes(
        "The brewery opened last year and the following year it began to export.", FRIDAY
    )
    assert [(t.text, t.value, t.anchored) for t in explicit] == [
        ("1995", "1995", False),
        ("the following year", "1996", False),
    ]
    assert [(t.text, t.value, t.anchored) for t in deictic] == [
        ("last year", "2023", True),
        ("the following year", "2024", True),
    ]


def test_clock_time_without_a_day_takes_the_last_day_named() -> None:
    assert found("The storm reached the coast on Tuesday. It made landfall at 4:10 a.m.", FRIDAY) == [
        ("Tuesday", "DATE", "2024-03-05"),
        ("4:10 a.m.", "TIME", "2024-03-05T04:10"),
    ]
    # with no day named before, an undated article leaves it unresolved; a dated one uses its day
    assert found("It made landfall at 4:10 a.m.", FRIDAY) == [("4:10 a.m.", "TIME", "2024-03-08T04:10")]


def test_holiday_near_the_anchor_is_not_pushed_a_year_by_the_tense() -> None:
    # written on Monday 25 March 2024, six days before Easter (31 March): past tense, yet this year's
    assert found("Pilgrims gathered as Easter week began.", dt.date(2024, 3, 25)) == [
        ("Easter week", "DATE", "2024-W13")
    ]
    # far from the anchor, the tense still decides: last Christmas in a past-tense report of March
    assert found("The shop sold out at Christmas.", dt.date(2024, 3, 25)) == [
        ("Christmas", "DATE", "2023-12-25")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('The minister told the radio show "Ten Minutes" that talks had stalled.', []),
        ('She spoke on the BBC programme "This Week" about the strike.', []),
        ("The critic praised the film High Noon in his review.", []),
        # a headline: every word is capitalized, the expression stays
        ("Markets Rally This Week As Rates Fall", [("This Week", "DATE", "2024-W10")]),
        # the first word of a sentence or a quotation is capitalized anyway
        ('"Tonight we celebrate," the coach said.', [("Tonight", "TIME", "2024-03-08TNI")]),
        # holidays are names by nature
        ("Shops closed early on New Year's Eve.", [("New Year's Eve", "DATE", "2023-12-31")]),
    ],
)
def test_programme_titles_are_not_expressions(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text, FRIDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "plans to" is a plan for the future; the noun "plans" is not a tense cue
        ("The mayor plans to open the bridge on Friday.", [("Friday", "2024-01-12")]),
        ("On Friday, the council dropped its holiday plans.", [("Friday", "2024-01-05")]),
        # "be paid" is a participle after "would": the future decides
        ("The bonus would be paid in September.", [("September", "2024-09")]),
        # "undisclosed" after "a still" is an adjective, not a past tense
        ("The board will vote on a still undisclosed date in September.", [("September", "2024-09")]),
        ("The bonus was paid in September.", [("September", "2023-09")]),
    ],
)
def test_tense_cues(text: str, expected: list[tuple[str, str]]) -> None:
    # Wednesday 10 January 2024
    assert [(t.text, t.value) for t in extract_timexes(text, dt.date(2024, 1, 10))] == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # a deadline after "until" is still to come, whatever the tense of the verb that set it
        (
            "Officials postponed until Tuesday morning any decision on the permit.",
            dt.date(2024, 3, 7),
            [("Tuesday morning", "TIME", "2024-03-12TMO")],
        ),
        (
            "The agency has given the tenants until 9 a.m. Tuesday to leave.",
            dt.date(2024, 3, 11),
            [("9 a.m. Tuesday", "TIME", "2024-03-12T09:00")],
        ),
        # a period already over: past perfect, or "not until"
        (
            "Until Tuesday, the police had not named a suspect.",
            dt.date(2024, 3, 8),
            [("Tuesday", "DATE", "2024-03-05")],
        ),
        (
            "It was not until Tuesday that the mayor spoke.",
            dt.date(2024, 3, 8),
            [("Tuesday", "DATE", "2024-03-05")],
        ),
        # "October of next year": the year is its own expression but says which October
        (
            "Dealers will hear after October of next year.",
            dt.date(2009, 5, 15),
            [("October", "DATE", "2010-10"), ("next year", "DATE", "2010")],
        ),
        # a quarter not yet begun, 43 days ahead of a past-tense report: this year's, as a month would be
        (
            "The carmaker announced it idled plants during the fourth quarter.",
            dt.date(2006, 8, 19),
            [("the fourth quarter", "DATE", "2006-Q4")],
        ),
        # ... but more than TENSE_OVERRIDE_DAYS ahead, the past tense makes it last year's
        (
            "The carmaker said it idled plants during the fourth quarter.",
            dt.date(2006, 2, 10),
            [("the fourth quarter", "DATE", "2005-Q4")],
        ),
        # the week of a month: the ISO week holding most of those seven days
        (
            "Car sales rebounded in the last week of March.",
            dt.date(2009, 4, 1),
            [("the last week of March", "DATE", "2009-W13")],
        ),
        (
            "Talks resume in the first week of June 2010.",
            dt.date(2009, 4, 1),
            [("the first week of June 2010", "DATE", "2010-W22")],
        ),
        # two coordinated days share the month, and the year written after the second
        (
            "The summit will be held on April 24 and 25.",
            dt.date(1999, 2, 10),
            [("April 24", "DATE", "1999-04-24"), ("25", "DATE", "1999-04-25")],
        ),
        (
            "The fair ran May 3-4, 2010 in Lund.",
            dt.date(2024, 3, 8),
            [("May 3", "DATE", "2010-05-03"), ("4, 2010", "DATE", "2010-05-04")],
        ),
        # not a second day: a smaller number, or a count
        (
            "She scored on June 4 and 2 others scored later.",
            dt.date(1999, 7, 1),
            [("June 4", "DATE", "1999-06-04")],
        ),
        (
            "Rates fell on March 2 and 25 percent of loans failed.",
            dt.date(1999, 7, 1),
            [("March 2", "DATE", "1999-03-02")],
        ),
    ],
)
def test_deadlines_years_quarters_weeks_and_coordinated_days(
    text: str, anchor: dt.date, expected: list[tuple[str, str, str | None]]
) -> None:
    assert found(text, anchor) == expected


def test_second_day_without_anchor_is_unresolved_with_a_reason() -> None:
    timexes = extract_timexes("The summit is on April 24 and 25.", None)
    reason = "no anchor: the article has no publication date or estimate, and the date has no year"
    assert [(t.text, t.value, t.reason) for t in timexes] == [
        ("April 24", None, reason),
        ("25", None, reason),
    ]


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # days spelled out, after the month or before "of"
        (
            "Heritage Day falls this coming Sunday, March eighth.",
            dt.date(1998, 3, 5),
            [("Sunday, March eighth", "DATE", "1998-03-08")],
        ),
        (
            "They wed on the twenty-third of May 2001.",
            FRIDAY,
            [("the twenty-third of May 2001", "DATE", "2001-05-23")],
        ),
        # "March" with a complement and a name is a protest march; "in March for health reasons" is the month
        (
            "Thousands joined the annual March for Clean Rivers on Saturday.",
            FRIDAY,
            [("Saturday", "DATE", "2024-03-02")],
        ),
        ("She resigned in March for health reasons.", dt.date(2024, 5, 2), [("March", "DATE", "2024-03")]),
        # a part of the day with no day named: that part of the day the text is at
        (
            "Shares closed lower on Tuesday. Dealers had bought heavily in the morning.",
            FRIDAY,
            [("Tuesday", "DATE", "2024-03-05"), ("the morning", "TIME", "2024-03-05TMO")],
        ),
        ("By mid-afternoon, the rain had stopped.", FRIDAY, [("mid-afternoon", "TIME", "2024-03-08TAF")]),
        ("He spoke of the evening of his career.", FRIDAY, []),
        # an hour with a part of the day is a clock time
        (
            "The ferry will leave Thursday at 4 in the morning.",
            dt.date(2024, 3, 6),
            [("Thursday", "DATE", "2024-03-07"), ("4 in the morning", "TIME", "2024-03-07T04:00")],
        ),
        ("The raid began at 11 at night.", FRIDAY, [("11 at night", "TIME", "2024-03-08T23:00")]),
        # compounds and adjectives that are not periods
        ("The quarter-to-quarter comparison improved.", dt.date(1999, 10, 27), []),
        ("It was a landmark of the past century.", FRIDAY, []),
        ("Nobody can see into the future.", FRIDAY, [("the future", "DATE", "FUTURE_REF")]),
        ("Pilots protested the now-cancelled lease.", FRIDAY, []),
        ("The lease is now cancelled.", FRIDAY, [("now", "DATE", "PRESENT_REF")]),
    ],
)
def test_spelled_days_marches_parts_of_day_and_compounds(
    text: str, anchor: dt.date, expected: list[tuple[str, str, str | None]]
) -> None:
    assert found(text, anchor) == expected


def test_a_season_in_the_future_tense_after_it_is_over_is_next_years() -> None:
    october = dt.date(2020, 10, 14)
    values = {
        text: [t.value for t in extract_timexes(text, october) if "spring" in t.text or "summer" in t.text]
        for text in (
            "She will be back on the set before the spring.",  # this spring is over: the next one
            "The harbour was rebuilt in the spring.",  # past tense: this year's
            "The festival will return in the summer of 2022.",  # a year given: that one
        )
    }
    assert values == {
        "She will be back on the set before the spring.": ["2021-SP"],
        "The harbour was rebuilt in the spring.": ["2020-SP"],
        "The festival will return in the summer of 2022.": ["2022-SU"],
    }
