"""Temporal expressions: recognition and TIMEX3 values, anchored on invented publication dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.evaluation.timeml import read_meantime, read_timeml
from storyline.evaluation.timex import command, score_document
from storyline.extract.dates import Timex, detect_tense, extract_timexes, split_sentences
from storyline.models import TextSpan

FRIDAY = dt.date(2024, 3, 8)  # Friday 8 March 2024 (a leap year)
MONDAY = dt.date(2024, 3, 4)
NEW_YEAR = dt.date(2023, 1, 1)  # a Sunday
MIDSUMMER = dt.date(2023, 6, 15)  # a Thursday


def found(text: str, anchor: dt.date | None) -> list[tuple[str, str, str | None]]:
    """(expression, type, value) of every expression found."""
    return [(t.text, t.type, t.value) for t in extract_timexes(text, anchor)]


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # weekday names: most recent such day, the anchor itself when it matches, future by tense
        ("The council met on Wednesday.", FRIDAY, [("Wednesday", "DATE", "2024-03-06")]),
        ("The council met on Friday.", FRIDAY, [("Friday", "DATE", "2024-03-08")]),
        ("The council will meet on Monday.", FRIDAY, [("Monday", "DATE", "2024-03-11")]),
        ("The council is expected to meet on Thursday.", MONDAY, [("Thursday", "DATE", "2024-03-07")]),
        ("The council met on Monday.", MONDAY, [("Monday", "DATE", "2024-03-04")]),
        ("The council met on Sunday.", MONDAY, [("Sunday", "DATE", "2024-03-03")]),
        ("The ruling came on Saturday.", NEW_YEAR, [("Saturday", "DATE", "2022-12-31")]),
        (
            "The ferry will sail next Tuesday, not last Tuesday.",
            dt.date(2024, 3, 5),
            [("next Tuesday", "DATE", "2024-03-12"), ("last Tuesday", "DATE", "2024-02-27")],
        ),
        ("Wednesday's ruling will be appealed.", FRIDAY, [("Wednesday", "DATE", "2024-03-06")]),
        ("The fire started on Wednesday night.", FRIDAY, [("Wednesday night", "TIME", "2024-03-06TNI")]),
        # last / this / next unit, across the year boundary
        ("Prices rose last month.", NEW_YEAR, [("last month", "DATE", "2022-12")]),
        ("Prices rose last week.", NEW_YEAR, [("last week", "DATE", "2022-W51")]),
        (
            "Prices rose last year and will rise next year.",
            NEW_YEAR,
            [("last year", "DATE", "2022"), ("next year", "DATE", "2024")],
        ),
        (
            "Sales fell this month, this week and this year.",
            FRIDAY,
            [
                ("this month", "DATE", "2024-03"),
                ("this week", "DATE", "2024-W10"),
                ("this year", "DATE", "2024"),
            ],
        ),
        ("The plant closed earlier this month.", FRIDAY, [("earlier this month", "DATE", "2024-03")]),
        ("Exports slumped in the past week.", FRIDAY, [("the past week", "DURATION", "P1W")]),
        # ago / durations relative to events
        ("They married a year ago.", dt.date(2023, 6, 2), [("a year ago", "DATE", "2022-06")]),
        ("They married five years ago.", MIDSUMMER, [("five years ago", "DATE", "2018")]),
        ("The quarry shut three months ago.", NEW_YEAR, [("three months ago", "DATE", "2022-10")]),
        ("The quarry shut two days ago.", dt.date(2024, 3, 1), [("two days ago", "DATE", "2024-02-28")]),
        ("The plant reopened two weeks after the fire.", FRIDAY, [("two weeks", "DURATION", "P2W")]),
        ("It happened years ago.", FRIDAY, [("years ago", "DATE", "PAST_REF")]),
        # days of the month, with and without year or weekday
        ("The talks will begin on 12 March.", FRIDAY, [("12 March", "DATE", "2024-03-12")]),
        ("The talks began on 12 March.", dt.date(2024, 3, 20), [("12 March", "DATE", "2024-03-12")]),
        ("The vote is on Tuesday, June 4.", FRIDAY, [("Tuesday, June 4", "DATE", "2024-06-04")]),
        ("The vote was held on June 4.", dt.date(2024, 6, 10), [("June 4", "DATE", "2024-06-04")]),
        ("The audit ends on Jan. 14.", dt.date(2023, 12, 28), [("Jan. 14", "DATE", "2024-01-14")]),
        ("Polls closed on Sept. 30, 1989.", FRIDAY, [("Sept. 30, 1989", "DATE", "1989-09-30")]),
        ("The lab opened on 2024-03-01.", FRIDAY, [("2024-03-01", "DATE", "2024-03-01")]),
        ("The lab opened on 3/1/2024.", FRIDAY, [("3/1/2024", "DATE", "2024-03-01")]),
        # months, years, decades, centuries
        ("The firm was founded in May 2009.", FRIDAY, [("May 2009", "DATE", "2009-05")]),
        ("It has grown since 2009.", FRIDAY, [("2009", "DATE", "2009")]),
        ("The plan was agreed last November.", FRIDAY, [("last November", "DATE", "2023-11")]),
        ("Work starts in August.", FRIDAY, [("August", "DATE", "2024-08")]),
        ("Work stopped in August.", dt.date(2024, 2, 1), [("August", "DATE", "2023-08")]),
        ("You may march on.", FRIDAY, []),
        ("It was popular in the 1990s.", FRIDAY, [("the 1990s", "DATE", "199")]),
        ("Hits of the '80s returned.", FRIDAY, [("the '80s", "DATE", "198")]),
        ("The 19th century bridge survived.", FRIDAY, [("The 19th century", "DATE", "18")]),
        ("They met again in the year two thousand.", FRIDAY, [("the year two thousand", "DATE", "2000")]),
        ("Results for the third quarter were weak.", FRIDAY, [("the third quarter", "DATE", "2023-Q3")]),
        ("The first quarter of 2009 was weak.", FRIDAY, [("The first quarter of 2009", "DATE", "2009-Q1")]),
        ("Last summer the river dried up.", FRIDAY, [("Last summer", "DATE", "2023-SU")]),
        # today and friends, parts of the day, clock times, holidays
        (
            "The market crashed today and yesterday and will recover tomorrow.",
            dt.date(2024, 1, 1),
            [
                ("today", "DATE", "2024-01-01"),
                ("yesterday", "DATE", "2023-12-31"),
                ("tomorrow", "DATE", "2024-01-02"),
            ],
        ),
        (
            "The storm hit this morning and last night.",
            dt.date(2024, 1, 1),
            [("this morning", "TIME", "2024-01-01TMO"), ("last night", "TIME", "2023-12-31TNI")],
        ),
        ("The store opens at 18:00 UTC today.", FRIDAY, [("18:00 UTC today", "TIME", "2024-03-08T18:00Z")]),
        ("Trading resumed at 10:30 a.m.", FRIDAY, [("10:30 a.m.", "TIME", "2024-03-08T10:30")]),
        ("The film premiered on Christmas Day.", FRIDAY, [("Christmas Day", "DATE", "2023-12-25")]),
        ("Shops close on Thanksgiving.", dt.date(2024, 11, 1), [("Thanksgiving", "DATE", "2024-11-28")]),
        # durations, sets, references
        (
            "The strike lasted two weeks and the talks took 16 hours.",
            FRIDAY,
            [("two weeks", "DURATION", "P2W"), ("16 hours", "DURATION", "PT16H")],
        ),
        ("It was a five-year plan.", FRIDAY, [("five-year", "DURATION", "P5Y")]),
        ("Rents rose over the past five years.", FRIDAY, [("the past five years", "DURATION", "P5Y")]),
        ("Rents rose in recent years.", FRIDAY, [("recent years", "DURATION", "PXY")]),
        ("Rents rose for a decade.", FRIDAY, [("a decade", "DURATION", "P10Y")]),
        (
            "The magazine appears weekly and the board meets every month.",
            FRIDAY,
            [("weekly", "SET", "P1W"), ("every month", "SET", "P1M")],
        ),
        ("Members pay 40 dollars a year.", FRIDAY, [("a year", "SET", "P1Y")]),
        (
            "Prices are rising now, and fell recently.",
            FRIDAY,
            [("now", "DATE", "PRESENT_REF"), ("recently", "DATE", "PAST_REF")],
        ),
        ("The future of the pier is unclear.", FRIDAY, [("The future", "DATE", "FUTURE_REF")]),
        # numbers that are not years
        ("Officials counted 1,500 troops, 2500 euros and 1999 people.", FRIDAY, []),
        ("The score was 2010 points.", FRIDAY, []),
    ],
)
def test_values(text: str, anchor: dt.date, expected: list[tuple[str, str, str]]) -> None:
    assert found(text, anchor) == expected


def test_record_fields_offsets_precision_and_anchoring() -> None:
    text = "On Wednesday, the mayor of Tarnby resigned; she took office in May 2009."
    assert extract_timexes(text, FRIDAY) == (
        Timex(
            start=3, end=12, text="Wednesday", type="DATE", value="2024-03-06", precision="day", anchored=True
        ),
        Timex(
            start=63, end=71, text="May 2009", type="DATE", value="2009-05", precision="month", anchored=False
        ),
    )


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("It opened on 6 March 2024.", "day"),
        ("It opened in March 2024.", "month"),
        ("It opened in 2024.", "year"),
        ("It opened last week.", "week"),
        ("It opened in the 1990s.", "decade"),
        ("It opened in the 12th century.", "century"),
        ("It opened at 9 a.m.", "time"),
        ("It opened two weeks later.", None),
    ],
)
def test_precision(text: str, precision: str | None) -> None:
    assert [t.precision for t in extract_timexes(text, FRIDAY)] == [precision]


def test_leap_day_in_leap_and_common_years() -> None:
    assert found("The deal was signed on February 29.", FRIDAY) == [("February 29", "DATE", "2024-02-29")]
    (timex,) = extract_timexes("The deal was signed on February 29.", dt.date(2023, 3, 8))
    assert (timex.value, timex.reason) == (None, "impossible date: 2023-02-29 does not exist")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("It was signed on 31 February 2023.", "impossible date: 2023-02-31 does not exist"),
        ("It was signed on April 31.", "impossible date: April 31 does not exist"),
        ("It was signed on 3/8/24.", "two-digit year '24': the century is not stated"),
        (
            "The colony will open in March 2150.",
            "year 2150 is more than 100 years after the anchor 2024-03-08",
        ),
        ("The probe lands in 2999.", "year 2999 is more than 100 years after the anchor 2024-03-08"),
    ],
)
def test_bad_dates_are_unresolved_with_a_reason(text: str, reason: str) -> None:
    (timex,) = extract_timexes(text, FRIDAY)
    assert (timex.value, timex.precision, timex.anchored, timex.reason) == (None, None, False, reason)


def test_no_anchor_leaves_relative_expressions_unresolved_but_keeps_absolute_ones() -> None:
    timexes = extract_timexes("The council met on Wednesday, and again on 6 March 2024 and last month.", None)
    no_anchor = "no anchor: the article has no publication date or estimate"
    assert [(t.text, t.value, t.reason) for t in timexes] == [
        ("Wednesday", None, no_anchor),
        ("6 March 2024", "2024-03-06", None),
        ("last month", None, no_anchor),
    ]
    assert [(t.text, t.value, t.reason) for t in extract_timexes("The vote was on June 4.", None)] == [
        ("June 4", None, f"{no_anchor}, and the date has no year")
    ]


def test_quote_is_anchored_on_when_it_was_said() -> None:
    text = '"We signed the contract yesterday," the director said on Monday. Talks ended yesterday.'
    assert found(text, FRIDAY) == [
        ("yesterday", "DATE", "2024-03-03"),  # the day before Monday 4 March, when she said it
        ("Monday", "DATE", "2024-03-04"),
        ("yesterday", "DATE", "2024-03-07"),  # outside the quote: the day before publication
    ]


def test_quote_without_a_said_date_keeps_the_publication_anchor() -> None:
    assert found('"We signed it yesterday," the director said.', FRIDAY) == [
        ("yesterday", "DATE", "2024-03-07")
    ]


def test_sentences_given_by_the_caller_bound_the_tense_window() -> None:
    text = "Ministers will meet next month. The summit ended on Friday"
    spans = (TextSpan(0, 31), TextSpan(32, len(text)))
    assert found(text, dt.date(2024, 3, 6)) == [
        ("next month", "DATE", "2024-04"),
        ("Friday", "DATE", "2024-03-01"),
    ]
    assert [t.value for t in extract_timexes(text, dt.date(2024, 3, 6), sentences=spans)] == [
        "2024-04",
        "2024-03-01",
    ]


def test_detect_tense_uses_the_nearest_cue() -> None:
    text = "The board said it will vote on Friday."
    start = text.index("Friday")
    assert detect_tense(text, start, start + 6) == "future"
    text = "The board voted on Friday."
    start = text.index("Friday")
    assert detect_tense(text, start, start + 6) == "past"
    assert detect_tense("Friday.", 0, 6) is None


def test_a_hope_reported_in_the_past_still_looks_ahead() -> None:
    """ "hoped to refloat the ship on Saturday", written on a Thursday: the coming Saturday."""
    thursday = dt.date(2022, 2, 17)
    assert found("Salvage crews hoped to refloat the ship on Saturday.", thursday) == [
        ("Saturday", "DATE", "2022-02-19")
    ]
    assert found("Salvage crews refloated the ship on Saturday.", thursday) == [
        ("Saturday", "DATE", "2022-02-12")
    ]


def test_split_sentences() -> None:
    text = 'He left. "Why?" she asked.\n\nNew paragraph here'
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "He left.",
        '"Why?" she asked.',
        "New paragraph here",
    ]


def test_empty_and_dateless_text() -> None:
    assert extract_timexes("", FRIDAY) == ()
    assert extract_timexes("No dates in this sentence at all.", FRIDAY) == ()


def test_deterministic() -> None:
    text = "On Wednesday the council met; last month it voted; in 2009 it was founded."
    assert extract_timexes(text, FRIDAY) == extract_timexes(text, FRIDAY)


def test_anchor_at_the_ends_of_the_calendar_gives_a_reason_not_a_crash() -> None:
    (timex,) = extract_timexes("It rained yesterday.", dt.date.min)
    assert (timex.text, timex.value, timex.reason) == (
        "yesterday",
        None,
        "outside the calendar: date value out of range",
    )
    (timex,) = extract_timexes("It rains tomorrow.", dt.date.max)
    assert (timex.text, timex.value, timex.reason) == (
        "tomorrow",
        None,
        "outside the calendar: date value out of range",
    )


_PIECES = [
    *"0123456789 ,.:/-'\"“”aAmMpPtTyYsS",
    " May ", " March ", " Friday ", " last ", " next ", " ago ", " year", " week", " 2024", " 31 ",
    " February ", " a.m.", " UTC", " the ", " quarter", " said on ", " spring", " 1990s", " two ",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(_PIECES), max_size=40).map("".join),
    anchor=st.one_of(st.none(), st.dates()),
)
def test_any_text_and_anchor_give_well_formed_timexes(text: str, anchor: dt.date | None) -> None:
    timexes = extract_timexes(text, anchor)
    for timex in timexes:
        assert text[timex.start : timex.end] == timex.text
        assert (timex.value is None) == (timex.reason is not None)
        assert timex.type in ("DATE", "TIME", "DURATION", "SET")
    assert [t.start for t in timexes] == sorted(t.start for t in timexes)
    assert all(a.end <= b.start for a, b in itertools.pairwise(timexes))


def test_clock_time_takes_the_day_its_sentence_names() -> None:
    assert found("The blast happened on Wednesday at 10:35 a.m., police said.", FRIDAY) == [
        ("Wednesday", "DATE", "2024-03-06"),
        ("10:35 a.m.", "TIME", "2024-03-06T10:35"),
    ]
    assert found("The blast happened at 10:35 a.m. Trains stopped on Wednesday.", FRIDAY) == [
        ("10:35 a.m.", "TIME", "2024-03-08T10:35"),
        ("Wednesday", "DATE", "2024-03-06"),
    ]


TIMEML_SAMPLE = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-08"
 functionInDocument="CREATION_TIME">2024-03-08</TIMEX3></DCT>
<TEXT>
The Tarnby council <EVENT eid="e1">met</EVENT> on \
<TIMEX3 tid="t1" type="DATE" value="2024-03-06">Wednesday</TIMEX3> and will meet again \
<TIMEX3 tid="t2" type="DATE" value="2024-04">next month</TIMEX3> for \
<TIMEX3 tid="t3" type="DURATION" value="P2D">two days</TIMEX3>.
</TEXT>
</TimeML>
"""

MEANTIME_SAMPLE = """<?xml version="1.0" ?><Document doc_id="42" doc_name="42_Test" lang="en">
<token number="0" sentence="0" t_id="1">Ferry</token>
<token number="1" sentence="0" t_id="2">halted</token>
<token number="2" sentence="1" t_id="3">March</token>
<token number="3" sentence="1" t_id="4">08</token>
<token number="4" sentence="1" t_id="5">,</token>
<token number="5" sentence="1" t_id="6">2024</token>
<token number="6" sentence="2" t_id="7">It</token>
<token number="7" sentence="2" t_id="8">stopped</token>
<token number="8" sentence="2" t_id="9">yesterday</token>
<token number="9" sentence="2" t_id="10">.</token>
<Markables>
<TIMEX3 m_id="1" type="DATE" value="2024-03-08" functionInDocument="CREATION_TIME">
<token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/>
</TIMEX3>
<TIMEX3 m_id="2" type="DATE" value="2024-03-07" functionInDocument="NONE"><token_anchor t_id="9"/></TIMEX3>
<TIMEX3 m_id="3" type="DATE" value="2058" functionInDocument="NONE"/>
</Markables>
</Document>
"""


def test_read_timeml_and_score(tmp_path: Path) -> None:
    path = tmp_path / "TEST001.tml"
    path.write_text(TIMEML_SAMPLE, encoding="utf-8")
    document = read_timeml(path)
    assert (document.doc_id, document.dct) == ("TEST001", dt.date(2024, 3, 8))
    assert [(g.text, g.type, g.value) for g in document.timexes] == [
        ("Wednesday", "DATE", "2024-03-06"),
        ("next month", "DATE", "2024-04"),
        ("two days", "DURATION", "P2D"),
    ]
    assert all(document.text[g.start : g.end] == g.text for g in document.timexes)
    system = extract_timexes(document.text, document.dct)
    counts, errors = score_document(document.timexes, system)
    assert (counts.gold, counts.system, counts.strict, counts.relaxed, counts.value) == (3, 3, 3, 3, 3)
    assert errors == []
    shifted = (dataclasses.replace(system[0], start=system[0].start - 3, value="2024-03-07"), *system[1:])
    counts, errors = score_document(document.timexes, shifted)
    assert (counts.strict, counts.relaxed, counts.value) == (2, 3, 2)
    assert errors == [
        "VALUE  'Wednesday' gold=2024-03-06 DATE | system 'Wednesday'=2024-03-07 DATE",
        "EXTENT gold 'Wednesday' | system 'Wednesday'",
    ]


def test_read_meantime_rebuilds_text_and_keeps_anchored_timexes(tmp_path: Path) -> None:
    path = tmp_path / "42_Test.xml"
    path.write_text(MEANTIME_SAMPLE, encoding="utf-8")
    document = read_meantime(path)
    assert document.text == "Ferry halted\nMarch 08, 2024\nIt stopped yesterday."
    assert document.dct == dt.date(2024, 3, 8)
    assert [(g.text, g.value) for g in document.timexes] == [
        ("March 08, 2024", "2024-03-08"),
        ("yesterday", "2024-03-07"),
    ]
    assert found(document.text, document.dct) == [
        ("March 08, 2024", "DATE", "2024-03-08"),
        ("yesterday", "DATE", "2024-03-07"),
    ]


def test_eval_command_prints_the_json_object(tmp_path: Path) -> None:
    (tmp_path / "TEST001.tml").write_text(TIMEML_SAMPLE, encoding="utf-8")
    result = CliRunner().invoke(command, ["timeml", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert {k: scores[k] for k in ("documents", "gold", "system", "strict", "relaxed", "value_f1")} == {
        "documents": 1,
        "gold": 3,
        "system": 3,
        "strict": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
        "relaxed": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
        "value_f1": 1.0,
    }


def test_eval_command_reports_a_missing_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["timeml", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'missing'}: not a folder\n"
