"""Tests for plain-text articles (storyline.ingest.text) and the helpers they share with other readers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.ids import make_id
from storyline.ingest import article_id, canonical_url, read_bytes, read_inputs
from storyline.ingest._common import derive_title, parse_byline, parse_date, states_day
from storyline.models import Article, Problem
from storyline.normalize import matching_form

TEXT = Path(__file__).parent / "fixtures" / "ingest" / "text"
SETTINGS = Settings()


def _read_one(path: Path) -> Article | Problem:
    """Read a single-article file and return its one item."""
    items = list(read_inputs([str(path)], SETTINGS))
    assert len(items) == 1, items
    return items[0]


def test_header_lines_with_leading_spaces_nbsp_lines_and_byline() -> None:
    path = TEXT / "harbor_gazette_headers.txt"
    url = "https://www.harborgazette.example/news/ferry-resumes"
    assert _read_one(path) == Article(
        id=make_id("a", url),
        source=str(path),
        title="Ferry service resumes after storm",
        text=(
            "The first ferry left Port Elm at dawn on Friday, three days after a storm closed the harbor.\n\n"
            "“We are back,” said Captain Ola Brand. She has skippered the crossing for eleven years."
        ),
        url=url,
        outlet="The Harbor Gazette",
        author="Jane Roe",
        published=dt.date(2020, 10, 16),
    )


def test_date_header_run_into_the_title_and_standfirst() -> None:
    path = TEXT / "run_in_date.txt"
    title = "Ferry sails again after three-day closure"
    text = (
        "Hundreds of stranded travellers crossed the strait on Friday morning.\n\n"
        "Mayor Tess Varga thanked the crews."
    )
    assert _read_one(path) == Article(
        id=make_id("a", "", "2020-10-16", matching_form(title + "\n\n" + text)),
        source=str(path),
        title=title,
        text=text,
        published=dt.date(2020, 10, 16),
    )


def test_colon_headers_in_any_case_with_textual_date() -> None:
    path = TEXT / "colon_headers.txt"
    title = "Harbor wall breached in two places, engineers find"
    text = "The county engineers said the breakwater failed near the old pier and at the ferry ramp."
    assert _read_one(path) == Article(
        id=make_id("a", "Bayside Herald", "2020-10-17", matching_form(title + "\n\n" + text)),
        source=str(path),
        title=title,
        text=text,
        outlet="Bayside Herald",
        author="Kim Achebe",
        published=dt.date(2020, 10, 17),
    )


def test_first_line_that_reads_as_a_paragraph_gets_a_derived_title() -> None:
    path = TEXT / "no_title.txt"
    item = _read_one(path)
    assert isinstance(item, Article)
    assert (
        item.title
        == "Hundreds of travellers stranded by the storm finally crossed the strait to Port Elm on Friday, "
        "as the ferry…"
    )
    assert item.title_derived is True
    assert item.text == (
        "Hundreds of travellers stranded by the storm finally crossed the strait to Port Elm on Friday, as "
        "the ferry resumed service after three days. Captain Ola Brand said the crossing was calm.\n\n"
        "The operator said crossings would run every hour from Saturday."
    )


def test_quotes_of_every_style_are_kept_for_display() -> None:
    item = _read_one(TEXT / "mixed_quotes.txt")
    assert isinstance(item, Article)
    assert item.title == "Ferry crew praised"
    assert item.paragraphs == (
        "``We couldn`t have done it without them,'' said Mayor Tess Varga. "
        "She called the crew `the best on the coast'.",
        'Captain Ola Brand said: "It\'s what we do." Her deputy added, “We’re proud.”',
        "The operator’s statement was brief — «service restored».",
    )


def test_mojibake_is_repaired_in_title_and_text() -> None:
    item = _read_one(TEXT / "mojibake.txt")
    assert isinstance(item, Article)
    assert (item.title, item.text) == (
        "Café owner don’t give up",
        "The quay café reopened on Sunday. “We never closed our hearts,” said owner Renée Dubois.",
    )


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_single_byte_encodings_are_decoded(encoding: str) -> None:
    raw = "Café reopens on the quay\nThe quay café reopened on Sunday, said owner Renée Dubois.\n"
    item = read_bytes(raw.encode(encoding), "cafe.txt", SETTINGS)
    assert [(a.title, a.text) for a in item if isinstance(a, Article)] == [
        ("Café reopens on the quay", "The quay café reopened on Sunday, said owner Renée Dubois.")
    ]


def test_cp1252_curly_quotes_are_decoded() -> None:
    raw = "Ferry back\n“We’re back,” said Captain Ola Brand – at last.\n".encode("cp1252")
    assert [a.text for a in read_bytes(raw, "cp.txt", SETTINGS) if isinstance(a, Article)] == [
        "“We’re back,” said Captain Ola Brand – at last."
    ]


def test_title_only_and_headers_only_are_problems() -> None:
    assert read_bytes(b"Ferry service resumes\n\n", "t.txt", SETTINGS) == [
        Problem(source="t.txt", error="only a title ('Ferry service resumes'), no article text")
    ]
    assert read_bytes(b" date 2020-10-16\n url https://x.example/a\n", "h.txt", SETTINGS) == [
        Problem(source="h.txt", error="no article text after the header lines")
    ]


def test_header_value_that_does_not_parse_is_not_a_header() -> None:
    items = read_bytes(
        b"url to nowhere\nThe link in the ferry timetable was broken all day.\n", "u.txt", SETTINGS
    )
    assert [(a.title, a.url) for a in items if isinstance(a, Article)] == [("url to nowhere", None)]


def test_several_run_in_headers_on_one_line() -> None:
    data = b" date 2020-10-16 url https://harborgazette.example/a Ferry resumes\nThe ferry sailed at dawn.\n"
    [item] = read_bytes(data, "r.txt", SETTINGS)
    assert isinstance(item, Article)
    assert (item.title, item.url, item.published, item.outlet) == (
        "Ferry resumes",
        "https://harborgazette.example/a",
        dt.date(2020, 10, 16),
        "harborgazette.example",
    )


def test_outlet_from_byline_when_no_header_or_url_names_it() -> None:
    data = b"Ferry resumes\nBy Jane Roe, The Harbor Gazette\nThe ferry sailed at dawn.\n"
    [item] = read_bytes(data, "b.txt", SETTINGS)
    assert isinstance(item, Article)
    assert (item.outlet, item.author, item.text) == (
        "The Harbor Gazette",
        "Jane Roe",
        "The ferry sailed at dawn.",
    )


def test_url_host_wins_over_byline_outlet() -> None:
    data = (
        b"url https://www.harborgazette.example/a\nFerry resumes\nBy Jane Roe, Gazette Wire\n"
        b"The ferry sailed.\n"
    )
    [item] = read_bytes(data, "b.txt", SETTINGS)
    assert isinstance(item, Article)
    assert (item.outlet, item.author) == ("harborgazette.example", "Jane Roe")


# shared helpers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-10-16", dt.date(2020, 10, 16)),
        ("2020-10-16T23:30:00-05:00", dt.date(2020, 10, 16)),
        ("16 October 2020", dt.date(2020, 10, 16)),
        ("16th Oct 2020", dt.date(2020, 10, 16)),
        ("Oct. 16, 2020", dt.date(2020, 10, 16)),
        ("October 16 2020", dt.date(2020, 10, 16)),
        ("Friday, October 16, 2020", dt.date(2020, 10, 16)),
        ("Sept. 3, 2021", dt.date(2021, 9, 3)),
        ("Fri, 16 Oct 2020 22:15:00 -0400", dt.date(2020, 10, 16)),
        ("2020/10/16", dt.date(2020, 10, 16)),
        ("2020-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://WWW.Harbor.Example/News/A/?utm_source=x&utm_medium=y#top",
            "https://www.harbor.example/News/A",
        ),
        ("https://harbor.example/a?b=2&a=1&fbclid=xyz", "https://harbor.example/a?a=1&b=2"),
        ("http://harbor.example:80/", "http://harbor.example"),
        ("https://harbor.example:8443/a/", "https://harbor.example:8443/a"),
        ("  https://harbor.example/story?id=7  ", "https://harbor.example/story?id=7"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_article_id_uses_the_canonical_url_when_there_is_one() -> None:
    one = article_id(
        url="https://harbor.example/a?utm_source=x", outlet="A", published=None, title="T", text="x"
    )
    two = article_id(url="https://HARBOR.example/a/", outlet="B", published=None, title="U", text="y")
    assert one == two == make_id("a", "https://harbor.example/a")


def test_article_id_without_url_is_stable_and_depends_on_outlet() -> None:
    gazette = article_id(
        url=None, outlet="The Harbor Gazette", published=dt.date(2020, 10, 16), title="T", text="x"
    )
    courier = article_id(
        url=None, outlet="Lakeside Courier", published=dt.date(2020, 10, 16), title="T", text="x"
    )
    assert gazette == make_id("a", "The Harbor Gazette", "2020-10-16", "t x")
    assert gazette == "a-68e565a345dbe97f"
    assert courier != gazette


def test_article_id_without_url_ignores_typesetting_differences() -> None:
    curly = article_id(url=None, outlet=None, published=None, title="Ferry", text="“We’re back” — Brand")
    ptb = article_id(url=None, outlet=None, published=None, title="FERRY", text="``We`re back''  -- Brand")
    assert curly == ptb


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Roe, The Harbor Gazette", ("Jane Roe", "The Harbor Gazette")),
        ("BY JANE ROE | Harbor Gazette", ("JANE ROE", "Harbor Gazette")),
        ("By Jane Roe and Omar Hollis", ("Jane Roe and Omar Hollis", None)),
        ("By Jane Roe, Staff Writer", ("Jane Roe", None)),
        (
            "By the time the ferry arrived, the harbor was empty and the crew had gone home for the night",
            None,
        ),
        ("Bystanders cheered", None),
    ],
)
def test_parse_byline(line: str, expected: tuple[str, str | None] | None) -> None:
    assert parse_byline(line) == expected


def test_derive_title_takes_the_first_sentence_without_its_period() -> None:
    assert derive_title("The ferry is back. It sailed at dawn.") == "The ferry is back"
    assert derive_title("Is the ferry back? Yes.") == "Is the ferry back?"
    assert derive_title("Dr. Ola Brand said so") == "Dr. Ola Brand said so"


def test_states_day_finds_a_day_written_in_full_anywhere() -> None:
    text = "<p>Posted Oct. 16, 2020 by staff</p> (c) 2019"
    assert states_day(text, dt.date(2020, 10, 16)) is True
    assert states_day(text, dt.date(2019, 1, 1)) is False
    assert states_day("Filed 2020-10-16T08:00Z", dt.date(2020, 10, 16)) is True
