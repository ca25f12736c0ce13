"""Tests for RSS and Atom feeds (storyline.ingest.feeds)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from storyline.config import Settings
from storyline.ids import make_id
from storyline.ingest import read_bytes, read_inputs
from storyline.models import Article, Problem

FEEDS = Path(__file__).parent / "fixtures" / "ingest" / "feeds"
SETTINGS = Settings()


def _read(name: str) -> list[Article | Problem]:
    """Read one fixture feed."""
    return list(read_inputs([str(FEEDS / name)], SETTINGS))


def test_rss2_entries_content_html_stripped_and_entries_without_text_are_problems() -> None:
    source = str(FEEDS / "northfield_rss2.xml")
    ferry_url = "https://northfieldpost.example/coast/ferry-back"
    council_url = "https://northfieldpost.example/coast/council-harbor-wall"
    assert _read("northfield_rss2.xml") == [
        Article(
            id=make_id("a", ferry_url),
            source=f"{source}#entry-1",
            title="Ferry back in service after storm",
            text=(
                "The Port Elm ferry crossed the strait again on Friday after a three-day closure.\n\n"
                "“We are back,” Captain Ola Brand told passengers."
            ),
            url=ferry_url,
            outlet="The Northfield Post",
            author="Lena Ortiz",
            published=dt.date(2020, 10, 16),  # the day as printed (-0400), not the UTC day (17th)
        ),
        Article(
            id=make_id("a", council_url),
            source=f"{source}#entry-2",
            title="Council to meet on harbor wall",
            text="Port Elm’s council meets on Monday to discuss the breached harbor wall.",
            url=council_url,
            outlet="The Northfield Post",
            published=dt.date(2020, 10, 17),
        ),
        Problem(source=f"{source}#entry-3", error="feed entry has no text (no content or summary)"),
    ]


def test_atom_entries_with_html_and_text_content() -> None:
    source = str(FEEDS / "courier_atom.xml")
    inspection = "https://lakesidecourier.example/region/breakwater-inspection"
    timetable = "https://lakesidecourier.example/region/ferry-timetable"
    assert _read("courier_atom.xml") == [
        Article(
            id=make_id("a", inspection),
            source=f"{source}#entry-1",
            title="Breakwater inspection set for next week",
            text="County engineers will inspect the Port Elm breakwater next week.\n\n"
            "A report is due before the end of November.",
            url=inspection,
            outlet="Lakeside Courier",  # feed title "Lakeside Courier - Region" without its section
            author="Priya Nandakumar",
            published=dt.date(2020, 10, 18),
        ),
        Article(
            id=make_id("a", timetable),
            source=f"{source}#entry-2",
            title="Ferry timetable back to normal",
            text="Crossings run every hour again from Saturday, the operator said.",
            url=timetable,
            outlet="Lakeside Courier",
            published=dt.date(2020, 10, 17),  # <updated>, as there is no <published>
        ),
    ]


def test_rss1_rdf_feed() -> None:
    url = "https://baysideherald.example/2020/10/ferry"
    assert _read("bayside_rss1.rdf") == [
        Article(
            id=make_id("a", url),
            source=str(FEEDS / "bayside_rss1.rdf") + "#entry-1",
            title="Strait ferry sails again",
            text="Travellers stranded by the storm crossed to Port Elm on Friday morning.",
            url=url,
            outlet="Bayside Herald",
            published=dt.date(2020, 10, 16),
        )
    ]


def test_rss091_latin1_feed_without_dates() -> None:
    url = "https://www.harborgazette.example/news/cafe-reopens"
    assert _read("harbor_rss091.xml") == [
        Article(
            id=make_id("a", url),
            source=str(FEEDS / "harbor_rss091.xml") + "#entry-1",
            title="Café reopens on the quay",
            text="The quay café reopened on Sunday after storm repairs.",
            url=url,
            outlet="Harbor Gazette Headlines",
        )
    ]


def test_malformed_feed_xml_is_a_problem_naming_the_reason() -> None:
    assert _read("malformed.xml") == [
        Problem(
            source=str(FEEDS / "malformed.xml"),
            error="malformed feed XML: not well-formed (invalid token) at line 3, column 1",
        )
    ]


def test_feed_without_entries_is_a_problem() -> None:
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>'
    assert read_bytes(data, "empty.xml", SETTINGS) == [
        Problem(source="empty.xml", error="feed has no entries")
    ]


def test_entry_without_link_gets_a_content_id_and_the_feed_outlet() -> None:
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Wire | Latest</title>'
        b"<item><title>Ferry resumes</title><description>The ferry sailed at dawn.</description></item>"
        b"</channel></rss>"
    )
    [item] = read_bytes(data, "wire.xml", SETTINGS)
    assert item == Article(
        id=make_id("a", "Coast Wire", "", "ferry resumes the ferry sailed at dawn."),
        source="wire.xml#entry-1",
        title="Ferry resumes",
        text="The ferry sailed at dawn.",
        outlet="Coast Wire",
    )


def test_character_references_to_no_character_become_replacement_marks() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quay Post</title>'
        b"<item><title>Pier lights &#xD800;back on&#1114112;</title>"
        b"<description>The pier lights came back on after the storm &#x1F30A; passed.</description>"
        b"</item></channel></rss>"
    )
    (article,) = read_bytes(feed, "feeds/quay.xml", Settings())
    assert isinstance(article, Article)
    assert article.title == "Pier lights \ufffdback on\ufffd"
    assert article.text == "The pier lights came back on after the storm \U0001f30a passed."
