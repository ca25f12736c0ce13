"""Tests for saved HTML pages (storyline.ingest.html)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from storyline.config import Settings
from storyline.ids import make_id
from storyline.ingest import read_bytes, read_inputs
from storyline.ingest.html import JsonLdArticle, find_json_ld_article
from storyline.models import Article, Problem
from storyline.normalize import matching_form

HTML = Path(__file__).parent / "fixtures" / "ingest" / "html"
SETTINGS = Settings()

COURIER_URL = "https://lakesidecourier.example/region/storm-defences-review"
COURIER_TEXT = (
    "Port Elm will review its harbor defences after the storm that shut the ferry for three days, "
    "Mayor Tess Varga said on Saturday.\n\n"
    '"The wall failed in two places. That cannot happen again," Varga told reporters outside the town '
    "hall.\n\n"
    "Engineers from the county will inspect the breakwater next week, and a report is expected before the "
    "end of November."
)


def test_json_ld_takes_precedence_and_boilerplate_is_removed() -> None:
    path = HTML / "harbor_gazette_jsonld.html"
    url = "https://www.harborgazette.example/news/2020/10/16/ferry-service-resumes"
    assert list(read_inputs([str(path)], SETTINGS)) == [
        Article(
            id=make_id("a", url),
            source=str(path),
            title="Ferry service to Port Elm resumes after three-day storm",
            text=(
                "The first ferry left Port Elm at dawn on Friday, three days after a storm closed the harbor "
                "and stranded hundreds of travellers on both sides of the strait.\n\n"
                "“We are back, and we are running every hour,” said Captain Ola Brand, who has skippered the "
                "morning crossing for eleven years. “Nobody wants to wait another day.”\n\n"
                "Mayor Tess Varga said the town council would meet on Monday to review the harbor’s storm "
                "defences, which failed in two places on Tuesday night.\n\n"
                "The ferry operator said crossings would run on the normal timetable from Saturday."
            ),
            url=url,
            outlet="The Harbor Gazette",
            author="Jane Roe, Omar Hollis",
            published=dt.date(2020, 10, 16),
        )
    ]


def test_page_metadata_without_json_ld() -> None:
    path = HTML / "lakeside_courier_meta.html"
    assert list(read_inputs([str(path)], SETTINGS)) == [
        Article(
            id=make_id("a", COURIER_URL),
            source=str(path),
            title="Storm defences to be reviewed, mayor says",
            text=COURIER_TEXT,
            url=COURIER_URL,
            outlet="Lakeside Courier",
            author="Priya Nandakumar",
            published=dt.date(2020, 10, 17),
        )
    ]


def test_truncated_page_gives_what_it_can() -> None:
    [item] = read_inputs([str(HTML / "truncated_courier.html")], SETTINGS)
    assert isinstance(item, Article)
    assert item.paragraphs == (
        "Port Elm will review its harbor defences after the storm that shut the ferry for three days, "
        "Mayor Tess Varga said on Saturday.",
        '"The wall failed in two places. That can',
    )
    assert (item.title, item.outlet, item.published) == (
        "Storm defences to be reviewed, mayor says",
        "Lakeside Courier",
        dt.date(2020, 10, 17),
    )


def test_page_truncated_in_its_head_is_a_problem() -> None:
    path = HTML / "truncated_in_head.html"
    assert list(read_inputs([str(path)], SETTINGS)) == [
        Problem(
            source=str(path),
            error="no article text found in the HTML (empty, truncated or not an article page)",
        )
    ]


def test_article_body_from_json_ld_when_the_page_body_is_empty() -> None:
    page = b"""<!DOCTYPE html><html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": ["NewsArticle"], "headline": "Quay cafe reopens",
     "datePublished": "2020-10-18", "author": "Kim Achebe", "publisher": "Bayside Herald",
     "articleBody": "The quay cafe reopened on Sunday after storm repairs."}
    </script></head><body></body></html>"""
    [item] = read_bytes(page, "cafe.html", SETTINGS)
    title, text = "Quay cafe reopens", "The quay cafe reopened on Sunday after storm repairs."
    assert item == Article(
        id=make_id("a", "Bayside Herald", "2020-10-18", matching_form(title + "\n\n" + text)),
        source="cafe.html",
        title=title,
        text=text,
        outlet="Bayside Herald",
        author="Kim Achebe",
        published=dt.date(2020, 10, 18),
    )


def test_outlet_from_byline_when_page_has_no_site_name_or_url() -> None:
    page = (
        b"<html><body><article><h1>Ferry resumes</h1><p>By Jane Roe, The Harbor Gazette</p>"
        b"<p>The first ferry left Port Elm at dawn on Friday, three days after the storm closed the harbor, "
        b"and hundreds of travellers who had waited in the terminal cheered as it left.</p></article>"
        b"</body></html>"
    )
    [item] = read_bytes(page, "page.html", SETTINGS)
    assert isinstance(item, Article)
    assert (item.title, item.outlet, item.author, item.url, item.published) == (
        "Ferry resumes",
        "The Harbor Gazette",
        "Jane Roe",
        None,
        None,
    )
    assert item.text.startswith("The first ferry left Port Elm at dawn on Friday")


def test_find_json_ld_article_skips_invalid_blocks_and_reads_graphs() -> None:
    page = """<script type="application/ld+json">{not json</script>
    <script type='application/ld+json'>{"@graph": [{"@type": "Organization", "name": "X"},
      {"@type": "ReportageNewsArticle", "name": "Fallback headline", "dateCreated": "Oct. 19, 2020",
       "author": [{"name": "A B"}, "C D", {"name": "A B"}], "publisher": {"name": "Coast Wire"},
       "mainEntityOfPage": {"@id": "https://coastwire.example/s/1"}, "inLanguage": "en-GB"}]}</script>"""
    assert find_json_ld_article(page) == JsonLdArticle(
        headline="Fallback headline",
        published=dt.date(2020, 10, 19),
        author="A B, C D",
        publisher="Coast Wire",
        url="https://coastwire.example/s/1",
        language="en",
    )
    assert find_json_ld_article("<p>no metadata</p>") == JsonLdArticle()


UNDATED_PAGE = (
    b"<html><head><title>Ferry back</title></head><body><article><h1>Ferry back</h1>"
    b"<p>The strait ferry sailed again on Friday morning after the storm, and the crew waved from the deck "
    b"as it left the harbor.</p></article>%s<footer>&copy; 2019 The Harbor Gazette.</footer></body></html>"
)


def test_copyright_year_is_not_taken_for_a_publication_day() -> None:
    [item] = read_bytes(UNDATED_PAGE % b"", "p.html", SETTINGS)
    assert isinstance(item, Article)
    assert item.published is None


def test_day_written_in_the_page_text_is_the_publication_day() -> None:
    [item] = read_bytes(UNDATED_PAGE % b"<div class='meta'>Posted on 3 March 2019</div>", "p.html", SETTINGS)
    assert isinstance(item, Article)
    assert item.published == dt.date(2019, 3, 3)
