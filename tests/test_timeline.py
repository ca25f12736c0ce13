"""Story timelines from invented articles: merging across outlets, precision, sorting, determinism."""

from __future__ import annotations

import datetime as dt
import re

from storyline.extract.dates import Timex, extract_timexes
from storyline.models import Article, TextSpan
from storyline.timeline import (
    MAX_EVENT_CHARS,
    SAME_EVENT_THRESHOLD,
    SAME_FAMILY_THRESHOLD,
    TimelineEntry,
    build_timeline,
    same_event_score,
    timeline_date,
)


def article(article_id: str, text: str, published: dt.date | None) -> Article:
    """An invented article."""
    return Article(
        id=article_id, source=f"{article_id}.html", title=article_id, text=text, published=published
    )


GAZETTE = article(
    "a-gazette",
    "The Harlow city council approved the new bus depot on Wednesday. Mayor Ines Varga was elected in 2019.",
    dt.date(2024, 3, 8),  # Friday
)
COURIER = article(
    "a-courier",
    "Harlow councillors approved plans for a bus depot on 6 March. "
    "Floods closed the Ravel bridge on Wednesday.",
    dt.date(2024, 3, 9),
)
WIRE = article(
    "a-wire",
    "Harlow's council approved the new bus depot yesterday, a spokesman said.",
    dt.date(2024, 3, 7),
)
UNDATED = article("a-undated", "The depot was approved on Wednesday.", None)


def run(articles: list[Article], families: dict[str, str] | None = None) -> tuple[TimelineEntry, ...]:
    """Extract with each article's own anchor, then build the timeline."""
    anchors = {a.id: a.published for a in articles}
    timexes = {a.id: extract_timexes(a.text, a.published) for a in articles}
    return build_timeline(articles, timexes, {}, anchors, families=families)


def test_same_event_in_three_outlets_with_different_expressions_is_one_entry() -> None:
    assert run([GAZETTE, COURIER, WIRE]) == (
        TimelineEntry(
            date="2019",
            precision="year",
            text="Mayor Ines Varga was elected in 2019.",
            sources=("a-gazette",),
            expressions=(("a-gazette", "in 2019"),),
        ),
        TimelineEntry(
            date="2024-03-06",
            precision="day",
            text="Floods closed the Ravel bridge on Wednesday.",
            sources=("a-courier",),
            expressions=(("a-courier", "on Wednesday"),),
        ),
        TimelineEntry(
            date="2024-03-06",
            precision="day",
            # the earliest report gives the sentence
            text="Harlow's council approved the new bus depot yesterday, a spokesman said.",
            sources=("a-courier", "a-gazette", "a-wire"),
            expressions=(("a-courier", "on 6 March"), ("a-gazette", "on Wednesday"), ("a-wire", "yesterday")),
        ),
    )


def test_order_of_articles_does_not_matter() -> None:
    assert run([WIRE, COURIER, GAZETTE]) == run([GAZETTE, COURIER, WIRE])


def test_undated_article_contributes_nothing_relative() -> None:
    assert run([UNDATED]) == ()


def test_background_fact_keeps_its_coarser_precision() -> None:
    text = "The couple married five years ago. They opened the bakery in May 2021."
    entries = run([article("a-bakery", text, dt.date(2024, 6, 3))])
    assert [(e.date, e.precision, e.text) for e in entries] == [
        ("2019", "year", "The couple married five years ago."),
        ("2021-05", "month", "They opened the bakery in May 2021."),
    ]


def test_sentence_spans_from_the_caller_are_used() -> None:
    text = "Talks failed on Monday and the strike began"
    timexes = {"a-x": extract_timexes(text, dt.date(2024, 3, 8))}
    entries = build_timeline(
        [article("a-x", text, dt.date(2024, 3, 8))],
        timexes,
        {"a-x": (TextSpan(0, 22),)},
        {"a-x": dt.date(2024, 3, 8)},
    )
    assert [(e.date, e.text) for e in entries] == [("2024-03-04", "Talks failed on Monday")]


def test_family_members_merge_at_the_lower_threshold() -> None:
    first = article("a-one", "Kestrel Air cancelled 40 flights on Thursday.", dt.date(2024, 3, 8))
    second = article(
        "a-two", "Hundreds of Kestrel passengers were stranded on Thursday.", dt.date(2024, 3, 8)
    )
    # the pair scores between the two thresholds, so only the family's lower bar merges it
    score = same_event_score(
        first.text, second.text, expressions_a=["on Thursday"], expressions_b=["on Thursday"]
    )
    assert SAME_FAMILY_THRESHOLD <= round(score, 1) == 47.1 < SAME_EVENT_THRESHOLD
    apart = run([first, second])
    together = run([first, second], families={"a-one": "f-kestrel", "a-two": "f-kestrel"})
    assert [e.sources for e in apart] == [("a-two",), ("a-one",)]  # sorted by text
    assert [e.sources for e in together] == [("a-one", "a-two")]


def test_timeline_date_of_each_value_kind() -> None:
    def timex(value: str | None, kind: str = "DATE") -> Timex:
        return Timex(start=0, end=1, text="x", type=kind, value=value, precision=None, anchored=True)  # type: ignore[arg-type]

    assert timeline_date(timex("2024-03-06")) == ("2024-03-06", "day")
    assert timeline_date(timex("2024-03-06TNI", "TIME")) == ("2024-03-06", "day")
    assert timeline_date(timex("2024-03")) == ("2024-03", "month")
    assert timeline_date(timex("2024-03-XX")) == ("2024-03", "month")  # a day of March, which one unknown
    assert timeline_date(timex("2024")) == ("2024", "year")
    assert timeline_date(timex("2023-Q3")) == ("2023", "year")
    assert timeline_date(timex("2024-W10")) == ("2024-03", "month")
    assert timeline_date(timex("2025-W01")) == ("2025-01", "month")
    assert timeline_date(timex("199")) is None
    assert timeline_date(timex("PRESENT_REF")) is None
    assert timeline_date(timex("P2W", "DURATION")) is None
    assert timeline_date(timex(None)) is None


def test_threshold_separates_paraphrases_from_other_events() -> None:
    same = [
        ("Mayor Ines Varga resigned on Monday after the audit.", "Ines Varga stepped down as mayor of Doltby "
         "on 4 March, days after a critical audit."),
        ("Floods closed the Ravel bridge on Tuesday.", "The Ravel bridge was closed by flooding on Tuesday."),
    ]  # fmt: skip
    different = [
        (
            "Mayor Ines Varga resigned on Monday after the audit.",
            "The Doltby football club sacked its coach on Monday.",
        ),
        ("Ines Varga was elected mayor of Doltby in 2019.", "Doltby opened its new library in 2019."),
    ]

    def score(a: str, b: str) -> float:
        # as the timeline compares them: the resolved date expressions left out
        dates = re.compile(r"(?:on|in) (?:Monday|Tuesday|4 March|2019)")
        return same_event_score(a, b, expressions_a=dates.findall(a), expressions_b=dates.findall(b))

    assert [round(score(a, b), 1) for a, b in same + different] == [86.2, 92.6, 28.6, 46.4]

    assert [score(a, b) >= SAME_EVENT_THRESHOLD for a, b in same] == [True, True]
    assert [score(a, b) >= SAME_EVENT_THRESHOLD for a, b in different] == [False, False]


def test_coarser_report_of_the_same_event_joins_the_dated_one() -> None:
    dated = article("a-dated", "The Ravel bridge was closed by floods on Tuesday.", dt.date(2024, 3, 8))
    vague = article(
        "a-vague",
        "Floods closed the Ravel bridge earlier this month. The Tarnby library opened in March.",
        dt.date(2024, 3, 20),
    )
    assert run([dated, vague]) == (
        TimelineEntry(
            date="2024-03",
            precision="month",
            text="The Tarnby library opened in March.",
            sources=("a-vague",),
            expressions=(("a-vague", "in March"),),
        ),
        TimelineEntry(
            date="2024-03-05",
            precision="day",
            text="The Ravel bridge was closed by floods on Tuesday.",
            sources=("a-dated", "a-vague"),
            expressions=(("a-dated", "on Tuesday"), ("a-vague", "earlier this month")),
        ),
    )


def test_same_event_score_of_empty_comparable_forms() -> None:
    monday = ["On Monday"]
    assert same_event_score("On Monday.", "On Monday.", expressions_a=monday, expressions_b=monday) == 100.0
    assert same_event_score("The depot opened.", "On Monday.", expressions_b=["On Monday"]) == 0.0


def test_a_long_quoted_statement_gives_the_sentence_that_holds_the_date() -> None:
    statement = (
        '"I have sailed this coast for thirty years and never seen the harbour this full. '
        "Last week the storm took two of our boats, and the insurers have still not called back. "
        "We will rebuild, because that is what this town does, and we will be back at sea before the "
        'summer, whatever it costs us, and we thank every neighbour who has helped us so far," '
        "the skipper said."
    )
    article = Article(id="a-1", source="in/a.txt", title="Skipper vows to rebuild", text=statement)
    (timex,) = [t for t in extract_timexes(statement, dt.date(2024, 3, 8)) if t.text == "Last week"]
    (entry,) = build_timeline([article], {"a-1": [timex]}, {"a-1": [TextSpan(0, len(statement))]},
                              {"a-1": dt.date(2024, 3, 8)})  # fmt: skip
    assert len(statement) > MAX_EVENT_CHARS
    assert (
        entry.text
        == "Last week the storm took two of our boats, and the insurers have still not called back."
    )
