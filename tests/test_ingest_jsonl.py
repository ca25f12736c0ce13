"""Tests for JSON Lines input (storyline.ingest.jsonl)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from storyline.config import Settings
from storyline.ids import make_id
from storyline.ingest import read_bytes, read_inputs
from storyline.models import Article, Problem
from storyline.normalize import matching_form

JSONL = Path(__file__).parent / "fixtures" / "ingest" / "jsonl"
HTML = Path(__file__).parent / "fixtures" / "ingest" / "html"
SETTINGS = Settings()
DERIVED_TITLE = (
    "Crossings will run every hour from Saturday, the ferry operator said on Friday evening after the first "
    "full…"
)


def _content_id(outlet: str, published: str, title: str, text: str) -> str:
    """The documented id of an article without a URL."""
    return make_id("a", outlet, published, matching_form(title + "\n\n" + text))


def test_every_good_line_is_an_article_and_bad_lines_are_problems_with_line_numbers() -> None:
    path = str(JSONL / "wire_batch.jsonl")
    wire_url = "https://www.coastwire.example/stories/ferry-resumes?ref=home"
    derived_text = (
        "Crossings will run every hour from Saturday, the ferry operator said on Friday evening after the "
        "first full day of service since the storm."
    )
    assert list(read_inputs([path], SETTINGS)) == [
        Article(
            id=make_id("a", wire_url),
            source=f"{path}:line 1",
            title="Port Elm ferry resumes",
            text="PORT ELM — The strait ferry resumed crossings on Friday.\n\n"
            '"We are back," Captain Ola Brand said.',
            url=wire_url,
            outlet="Coast Wire",
            author="Sam Keller",
            published=dt.date(2020, 10, 16),
        ),
        Article(
            id=_content_id(
                "Coast Wire",
                "2020-10-17",
                "Harbor wall to be reviewed",
                "Mayor Tess Varga ordered a review of the harbor wall on Saturday.",
            ),
            source=f"{path}:line 2",
            title="Harbor wall to be reviewed",
            text="Mayor Tess Varga ordered a review of the harbor wall on Saturday.",
            outlet="Coast Wire",
            published=dt.date(2020, 10, 17),
        ),
        Problem(source=f"{path}:line 3", error="invalid JSON at column 96: Unterminated string"),
        Article(
            id=_content_id(
                "",
                "2020-10-16",
                "Wall breached twice",
                "The harbor wall failed in two places.\n\nEngineers will inspect it next week.",
            ),
            source=f"{path}:line 4",
            title="Wall breached twice",
            text="The harbor wall failed in two places.\n\nEngineers will inspect it next week.",
            published=dt.date(2020, 10, 16),
        ),
        Problem(
            source=f"{path}:line 6", error="no text: the record needs a non-empty 'text' or 'html' field"
        ),
        Problem(source=f"{path}:line 7", error="expected a JSON object, got list"),
        Article(
            id=_content_id(
                "Coast Wire",
                "",
                DERIVED_TITLE,
                derived_text,
            ),
            source=f"{path}:line 8",
            title=DERIVED_TITLE,
            text=derived_text,
            outlet="Coast Wire",
            title_derived=True,
        ),
    ]


def test_field_of_the_wrong_type_is_a_problem() -> None:
    data = b'{"title": "Ferry", "text": ["not", "a", "string"]}\n{"title": "Ok", "text": "Fine."}\n'
    items = read_bytes(data, "w.jsonl", SETTINGS)
    assert items[0] == Problem(source="w.jsonl:line 1", error="field 'text' must be a string, got list")
    assert [(a.source, a.title) for a in items[1:] if isinstance(a, Article)] == [("w.jsonl:line 2", "Ok")]


def test_whole_page_in_html_field_is_extracted_and_line_fields_win() -> None:
    page = (HTML / "lakeside_courier_meta.html").read_text(encoding="utf-8")
    record = {"outlet": "Courier Syndication", "published": "2020-10-18", "html": page}
    [item] = read_bytes(json.dumps(record).encode(), "pages.jsonl", SETTINGS)
    url = "https://lakesidecourier.example/region/storm-defences-review"
    assert isinstance(item, Article)
    assert (item.id, item.source, item.title, item.url, item.outlet, item.author, item.published) == (
        make_id("a", url),
        "pages.jsonl:line 1",
        "Storm defences to be reviewed, mayor says",
        url,
        "Courier Syndication",
        "Priya Nandakumar",
        dt.date(2020, 10, 18),
    )
    assert item.paragraphs[0] == (
        "Port Elm will review its harbor defences after the storm that shut the ferry for three days, "
        "Mayor Tess Varga said on Saturday."
    )


def test_url_that_is_not_http_is_ignored() -> None:
    data = b'{"url": "not a url", "outlet": "Coast Wire", "title": "Ferry", "text": "It sailed."}\n'
    [item] = read_bytes(data, "u.jsonl", SETTINGS)
    assert item == Article(
        id=_content_id("Coast Wire", "", "Ferry", "It sailed."),
        source="u.jsonl:line 1",
        title="Ferry",
        text="It sailed.",
        outlet="Coast Wire",
    )


def test_json_array_file_is_read_as_records() -> None:
    data = json.dumps(
        [{"title": "Ferry resumes", "text": "It sailed."}, {"title": "No text"}], indent=2
    ).encode()
    assert read_bytes(data, "batch.json", SETTINGS) == [
        Article(
            id=_content_id("", "", "Ferry resumes", "It sailed."),
            source="batch.json#record-1",
            title="Ferry resumes",
            text="It sailed.",
        ),
        Problem(
            source="batch.json#record-2", error="no text: the record needs a non-empty 'text' or 'html' field"
        ),
    ]


def test_line_separator_inside_a_json_string_does_not_split_the_line() -> None:
    data = '{"title": "Ferry", "text": "First part.\u2028Second part."}\n'.encode()
    [item] = read_bytes(data, "sep.jsonl", SETTINGS)
    assert isinstance(item, Article)
    assert item.text == "First part.\n\nSecond part."


def test_deeply_nested_line_is_a_problem_and_the_next_line_is_read() -> None:
    data = b'{"a": ' * 100_000 + b"\n" + b'{"title": "Ferry", "text": "It sailed."}\n'
    items = read_bytes(data, "deep.jsonl", SETTINGS)
    assert items[0] == Problem(source="deep.jsonl:line 1", error="invalid JSON: nested too deeply")
    assert [(a.source, a.title) for a in items[1:] if isinstance(a, Article)] == [
        ("deep.jsonl:line 2", "Ferry")
    ]


def test_other_common_field_names_are_read() -> None:
    record = {
        "link": "https://coastwire.example/s/9",
        "headline": "Ferry resumes",
        "site_name": "Coast Wire",
        "published_at": "2020-10-16T06:00:00Z",
        "body": "The ferry sailed at dawn.",
    }
    [item] = read_bytes(json.dumps(record).encode(), "alias.jsonl", SETTINGS)
    assert item == Article(
        id=make_id("a", "https://coastwire.example/s/9"),
        source="alias.jsonl:line 1",
        title="Ferry resumes",
        text="The ferry sailed at dawn.",
        url="https://coastwire.example/s/9",
        outlet="Coast Wire",
        published=dt.date(2020, 10, 16),
    )


def test_numeric_timestamps_are_utc_days() -> None:
    data = (
        b'{"title": "A", "text": "x", "published": 1602885600}\n'
        b'{"title": "B", "text": "y", "date": 1602885600000}\n'
        b'{"title": "C", "text": "z", "published": true}\n'
    )
    items = read_bytes(data, "ts.jsonl", SETTINGS)
    assert [getattr(a, "published", None) for a in items[:2]] == [
        dt.date(2020, 10, 16),
        dt.date(2020, 10, 16),
    ]
    assert items[2] == Problem(source="ts.jsonl:line 3", error="field 'published' must be a string, got bool")


def test_text_of_only_invisible_characters_is_a_problem() -> None:
    data = '{"title": "Ferry", "text": "\u200b\u00a0\ufeff"}\n'.encode()
    assert read_bytes(data, "inv.jsonl", SETTINGS) == [
        Problem(source="inv.jsonl:line 1", error="no article text (only spaces or invisible characters)")
    ]
