"""Tests for JSON Lines input (storyline.ingest.jsonl)."""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.ids import make_id
from storyline.ingest import jsonl, read_bytes, read_inputs
from storyline.ingest.jsonl import read_jsonl_file, read_jsonl_stream
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


# streaming: read_jsonl_file / read_jsonl_stream -------------------------------------------------------------

LIMIT = SETTINGS.max_input_bytes
FERRY = b'{"title": "Ferry resumes", "text": "The ferry sailed at dawn."}'
WALL = b'{"title": "Wall reviewed", "text": "The mayor ordered a review."}'


def _stream(data: bytes, source: str = "s.jsonl", limit: int = LIMIT) -> list[Article | Problem]:
    return list(read_jsonl_stream(io.BytesIO(data), source, max_line_bytes=limit))


def _plain(title: str, text: str, source: str) -> Article:
    """The article of a line with only a title and a text."""
    return Article(id=_content_id("", "", title, text), source=source, title=title, text=text)


WIRE_BYTES = (JSONL / "wire_batch.jsonl").read_bytes()
SAME_AS_WHOLE_READ = {
    "fixture": WIRE_BYTES,
    "crlf": WIRE_BYTES.replace(b"\n", b"\r\n"),
    "utf-8 bom": codecs.BOM_UTF8 + WIRE_BYTES,
    "utf-16 bom": WIRE_BYTES.decode("utf-8").encode("utf-16"),
    "gzip": gzip.compress(WIRE_BYTES),
    "windows-1252": '{"title": "Caf\u00e9 reopens", "text": "The caf\u00e9 on the quay reopened."}\n'.encode(
        "cp1252"
    ),
    "blank lines": b"\n  \n" + FERRY + b"\n\n\t\n" + WALL,
    "nested too deeply": b'{"a": ' * 100_000 + b"\n" + FERRY + b"\n",
    "json array": json.dumps(
        [{"title": "Ferry", "text": "It sailed."}, {"title": "No text"}], indent=2
    ).encode(),
    "pretty object": json.dumps({"title": "Ferry", "text": "It sailed."}, indent=2).encode(),
    "array on the first line": b'[{"title": "Ferry", "text": "It sailed."}]\n' + WALL + b"\n",
    "line separator": '{"title": "Ferry", "text": "First part.\u2028Second part."}\n'.encode(),
}


@pytest.mark.parametrize("name", sorted(SAME_AS_WHOLE_READ))
def test_streaming_reads_what_a_whole_file_read_reads(name: str) -> None:
    data = SAME_AS_WHOLE_READ[name]
    whole = read_bytes(data, "same.jsonl", SETTINGS)
    assert whole and all(item.source.startswith("same.jsonl") for item in whole)
    assert _stream(data, "same.jsonl") == whole


def test_blank_lines_bom_and_crlf_keep_line_numbers() -> None:
    data = codecs.BOM_UTF8 + b"\r\n" + FERRY + b"\r\n   \r\n" + WALL + b"\r\n"
    assert _stream(data) == [
        _plain("Ferry resumes", "The ferry sailed at dawn.", "s.jsonl:line 2"),
        _plain("Wall reviewed", "The mayor ordered a review.", "s.jsonl:line 4"),
    ]


def test_line_over_the_limit_is_a_problem_and_the_next_lines_are_read() -> None:
    huge = b'{"title": "Long", "text": "' + b"word " * 40 + b'"}'
    data = FERRY + b"\n" + huge + b"\n" + WALL  # no newline after the last line
    too_long = "line is over the limit of 100 bytes (max_input_bytes); skipped"
    assert (len(FERRY), len(WALL), len(huge)) == (63, 65, 229)
    assert _stream(data, limit=100) == [
        _plain("Ferry resumes", "The ferry sailed at dawn.", "s.jsonl:line 1"),
        Problem(source="s.jsonl:line 2", error=too_long),
        _plain("Wall reviewed", "The mayor ordered a review.", "s.jsonl:line 3"),
    ]
    assert _stream(FERRY + b"\n" + huge, limit=100)[1:] == [Problem(source="s.jsonl:line 2", error=too_long)]


def test_lines_cut_across_read_chunks_are_joined(monkeypatch: pytest.MonkeyPatch) -> None:
    data = FERRY + b"\n" + b"x" * 150 + b"\n" + WALL + b"\n"
    expected = _stream(data, limit=100)
    monkeypatch.setattr(jsonl, "READ_CHUNK_BYTES", 7)  # every line spans many chunks
    assert _stream(data, limit=100) == expected
    assert [item.source for item in expected] == ["s.jsonl:line 1", "s.jsonl:line 2", "s.jsonl:line 3"]
    assert expected[1] == Problem(
        source="s.jsonl:line 2", error="line is over the limit of 100 bytes (max_input_bytes); skipped"
    )


def test_utf16_line_over_the_limit_is_a_problem() -> None:
    # 2 bytes a character: the first and last lines take 130 bytes or less, the second 300
    data = (FERRY + b"\n" + b"x" * 150 + b"\n" + WALL + b"\n").decode().encode("utf-16")
    assert _stream(data, limit=200) == [
        _plain("Ferry resumes", "The ferry sailed at dawn.", "s.jsonl:line 1"),
        Problem(
            source="s.jsonl:line 2", error="line is over the limit of 200 bytes (max_input_bytes); skipped"
        ),
        _plain("Wall reviewed", "The mayor ordered a review.", "s.jsonl:line 3"),
    ]


def test_gzip_cut_short_keeps_the_complete_lines_and_names_the_damage() -> None:
    data = gzip.compress(FERRY + b"\n" + WALL + b"\n")[:-8]  # the CRC and size trailer are missing
    assert _stream(data, "cut.jsonl.gz") == [
        _plain("Ferry resumes", "The ferry sailed at dawn.", "cut.jsonl.gz:line 1"),
        _plain("Wall reviewed", "The mayor ordered a review.", "cut.jsonl.gz:line 2"),
        Problem(source="cut.jsonl.gz", error="corrupt gzip data (the file is cut short)"),
    ]


def test_gzip_with_two_members_is_read_to_the_end() -> None:
    data = gzip.compress(FERRY + b"\n") + gzip.compress(WALL + b"\n")
    assert [item.source for item in _stream(data, "two.jsonl.gz")] == [
        "two.jsonl.gz:line 1",
        "two.jsonl.gz:line 2",
    ]


def test_corrupt_gzip_is_a_problem() -> None:
    assert _stream(b"\x1f\x8b not a deflate stream", "bad.gz") == [
        Problem(
            source="bad.gz",
            error="corrupt gzip data (Error -3 while decompressing data: unknown compression method)",
        )
    ]


def test_pretty_printed_document_over_the_limit_is_one_problem() -> None:
    data = json.dumps({"title": "Ferry", "text": "word " * 40}, indent=2).encode()
    assert _stream(data, "doc.json", limit=100) == [
        Problem(
            source="doc.json",
            error="a JSON document over the limit of 100 bytes (max_input_bytes): beyond it only JSON Lines "
            "(one object per line) are read",
        )
    ]


def test_missing_file_is_a_problem_and_a_bad_limit_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.jsonl"
    assert list(read_jsonl_file(missing, "nothing.jsonl", max_line_bytes=LIMIT)) == [
        Problem(source="nothing.jsonl", error="cannot read the file: No such file or directory")
    ]
    with pytest.raises(ValueError, match="max_line_bytes must be a positive number of bytes, not 0"):
        _stream(FERRY, limit=0)


def _write_numbered(path: Path, target_bytes: int, text_bytes: int) -> int:
    """Write JSON lines with URLs …/n/0, …/n/1 until the file holds ``target_bytes``; return the count."""
    body = (
        "The ferry to Port Elm sailed at dawn with forty passengers on board. " * (text_bytes // 70)
    ).strip()
    written = count = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target_bytes:
            line = json.dumps(
                {"url": f"https://coastwire.example/n/{count}", "title": f"Ferry {count}", "text": body}
            )
            out.write(line + "\n")
            written += len(line) + 1
            count += 1
    return count


def test_file_larger_than_the_limit_is_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    count = _write_numbered(path, target_bytes=300_000, text_bytes=2_000)
    items = list(read_jsonl_file(path, max_line_bytes=4_096))  # the file is 70 times the limit
    assert count == 150
    assert len(items) == count and all(isinstance(item, Article) for item in items)
    assert (items[0].id, items[-1].id) == (
        make_id("a", "https://coastwire.example/n/0"),
        make_id("a", "https://coastwire.example/n/149"),
    )
    assert items[-1].source == f"{path}:line 150"


@pytest.mark.slow
def test_60_mib_file_is_read_fully_with_the_default_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    count = _write_numbered(path, target_bytes=60 * 1024 * 1024, text_bytes=60_000)
    assert path.stat().st_size > SETTINGS.max_input_bytes
    first = last = None
    seen = 0
    for item in read_jsonl_file(path, max_line_bytes=SETTINGS.max_input_bytes):
        assert isinstance(item, Article), item
        first = first or item
        last = item
        seen += 1
    assert seen == count == 1_063
    assert first is not None and last is not None
    assert (first.id, last.id) == (
        make_id("a", "https://coastwire.example/n/0"),
        make_id("a", "https://coastwire.example/n/1062"),
    )
