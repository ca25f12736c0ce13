"""Tests for WARC and ARC archives (storyline.ingest.warc). Archives are built here with warcio's writer."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.config import Settings
from storyline.ids import make_id
from storyline.ingest import InputKind, read_bytes, sniff_kind
from storyline.models import Article, Problem

HTML = Path(__file__).parent / "fixtures" / "ingest" / "html"
SETTINGS = Settings()

GAZETTE_URL = "https://www.harborgazette.example/news/2020/10/16/ferry-service-resumes"
COURIER_URL = "https://lakesidecourier.example/region/storm-defences-review"
# A page that states no date, no outlet and no author: the record supplies URL and date.
UNDATED_PAGE = (
    b"<html><head><title>Ferry back</title></head><body><article><h1>Ferry back</h1>"
    b"<p>The strait ferry sailed again on Friday morning after the storm, and the crew waved from the deck "
    b"as it left the harbor.</p></article></body></html>"
)
UNDATED_TEXT = (
    "The strait ferry sailed again on Friday morning after the storm, and the crew waved from the deck as it "
    "left the harbor."
)


def _warc(*, gzipped: bool) -> bytes:
    """An archive of: an HTML page with JSON-LD, an image, a 404 page, an undated page, a request, a page."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)

    def response(url: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        number = len(buffer.getvalue())  # a record id fixed by position, so the bytes are the same every run
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
            warc_headers_dict={
                "WARC-Date": "2020-10-19T08:00:00Z",
                "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{number:012d}>",
            },
        )
        writer.write_record(record)

    response(GAZETTE_URL, (HTML / "harbor_gazette_jsonld.html").read_bytes(), "text/html; charset=utf-8")
    response("https://www.harborgazette.example/logo.png", b"\x89PNG\r\n\x1a\n....", "image/png")
    response(
        "https://www.harborgazette.example/gone",
        b"<html><body>Not found</body></html>",
        "text/html",
        "404 Not Found",
    )
    response("https://baysideherald.example/ferry-back", UNDATED_PAGE, "text/html")
    request = writer.create_warc_record(
        "https://baysideherald.example/ferry-back",
        "request",
        payload=io.BytesIO(b"GET /ferry-back HTTP/1.1\r\n\r\n"),
        warc_headers_dict={
            "WARC-Date": "2020-10-19T08:00:00Z",
            "WARC-Record-ID": "<urn:uuid:00000000-0000-0000-0000-000000000005>",
        },
    )
    writer.write_record(request)
    response(COURIER_URL, (HTML / "lakeside_courier_meta.html").read_bytes(), "text/html")
    return buffer.getvalue()


def _summary(items: list[Article | Problem]) -> list[tuple[str, ...]]:
    """(source, url or error, published) for each item, to compare whole archives compactly."""
    return [
        (item.source, item.url or "", str(item.published))
        if isinstance(item, Article)
        else (item.source, item.error)
        for item in items
    ]


@pytest.mark.parametrize("gzipped", [False, True])
def test_every_html_response_is_an_article(gzipped: bool) -> None:
    data = _warc(gzipped=gzipped)
    assert sniff_kind(data) is InputKind.WARC
    items = read_bytes(data, "crawl.warc", SETTINGS)
    assert _summary(items) == [
        ("crawl.warc#record-1", GAZETTE_URL, "2020-10-16"),
        ("crawl.warc#record-4", "https://baysideherald.example/ferry-back", "2020-10-19"),
        ("crawl.warc#record-6", COURIER_URL, "2020-10-17"),
    ]
    assert items[1] == Article(
        id=make_id("a", "https://baysideherald.example/ferry-back"),
        source="crawl.warc#record-4",
        title="Ferry back",
        text=UNDATED_TEXT,
        url="https://baysideherald.example/ferry-back",
        outlet="baysideherald.example",
        published=dt.date(2020, 10, 19),  # WARC-Date, because the page states no date
    )
    first = items[0]
    assert isinstance(first, Article)
    assert (first.title, first.outlet, first.published) == (
        "Ferry service to Port Elm resumes after three-day storm",
        "The Harbor Gazette",
        dt.date(2020, 10, 16),  # the page's date wins over the capture date
    )


def _record_starts(data: bytes, marker: bytes) -> list[int]:
    """Offsets where ``marker`` (a record or gzip member start) occurs."""
    starts, position = [], data.find(marker)
    while position >= 0:
        starts.append(position)
        position = data.find(marker, position + 1)
    return starts


def test_corrupt_record_is_a_problem_and_the_rest_is_read() -> None:
    data = _warc(gzipped=False)
    starts = _record_starts(data, b"WARC/1.")
    damaged = data[: starts[3]] + b"WURC/9.9" + data[starts[3] + 8 :]
    assert _summary(read_bytes(damaged, "crawl.warc", SETTINGS)) == [
        ("crawl.warc#record-1", GAZETTE_URL, "2020-10-16"),
        ("crawl.warc#record-4", "corrupt WARC record: no WARC/ARC record header where one was expected"),
        ("crawl.warc#record-6", COURIER_URL, "2020-10-17"),
    ]


def test_corrupt_gzip_member_is_a_problem_and_the_rest_is_read() -> None:
    data = _warc(gzipped=True)
    starts = _record_starts(data, b"\x1f\x8b\x08")
    damaged = data[: starts[3] + 20] + b"\x00" * 40 + data[starts[3] + 60 :]
    assert _summary(read_bytes(damaged, "crawl.warc.gz", SETTINGS)) == [
        ("crawl.warc.gz#record-1", GAZETTE_URL, "2020-10-16"),
        ("crawl.warc.gz#record-4", "corrupt WARC record: no WARC/ARC record header where one was expected"),
        ("crawl.warc.gz#record-6", COURIER_URL, "2020-10-17"),
    ]


def test_archive_is_deterministic() -> None:
    assert _warc(gzipped=True) == _warc(gzipped=True)


@pytest.mark.parametrize("gzipped", [False, True])
def test_damage_anywhere_in_the_middle_loses_at_most_the_damaged_records(gzipped: bool) -> None:
    data = _warc(gzipped=gzipped)
    starts = _record_starts(data, b"\x1f\x8b\x08" if gzipped else b"WARC/1.")
    for offset in range(starts[1], starts[5] - 8, 23):  # damage in records 2 to 5, never in 1 or 6
        damaged = data[:offset] + b"\x00\xff" * 4 + data[offset + 8 :]
        urls = [item.url for item in read_bytes(damaged, "crawl.warc", SETTINGS) if isinstance(item, Article)]
        assert urls[0] == GAZETTE_URL, offset
        assert urls[-1] == COURIER_URL, offset


def test_damaged_first_gzip_member_is_still_read_as_an_archive() -> None:
    data = _warc(gzipped=True)
    damaged = data[:30] + b"\xff" * 40 + data[70:]
    assert _summary(read_bytes(damaged, "crawl.warc.gz", SETTINGS)) == [
        ("crawl.warc.gz#record-1", "corrupt WARC record: no WARC/ARC record header where one was expected"),
        ("crawl.warc.gz#record-4", "https://baysideherald.example/ferry-back", "2020-10-19"),
        ("crawl.warc.gz#record-6", COURIER_URL, "2020-10-17"),
    ]


def test_archive_cut_inside_a_payload_reports_the_truncated_record() -> None:
    data = _warc(gzipped=False)
    cut = data[: len(data) - 300]
    items = read_bytes(cut, "crawl.warc", SETTINGS)
    assert _summary(items)[:2] == [
        ("crawl.warc#record-1", GAZETTE_URL, "2020-10-16"),
        ("crawl.warc#record-4", "https://baysideherald.example/ferry-back", "2020-10-19"),
    ]
    last = items[-1]
    assert isinstance(last, Problem)
    assert last.source == "crawl.warc#record-6"
    assert last.error.startswith("corrupt WARC record: truncated, ")
    assert last.error.endswith(" bytes are missing")


@pytest.mark.parametrize(
    ("kept", "reason"),
    [
        (120, "truncated, its headers have no Content-Length"),  # cut before WARC-Target-URI
        (300, "truncated: the archive ends inside this record's headers"),  # cut in the HTTP headers
    ],
)
def test_archive_cut_inside_record_headers_reports_the_truncated_record(kept: int, reason: str) -> None:
    data = _warc(gzipped=False)
    starts = _record_starts(data, b"WARC/1.")
    cut = data[: starts[5] + kept]
    assert _summary(read_bytes(cut, "crawl.warc", SETTINGS))[-1] == (
        "crawl.warc#record-6",
        f"corrupt WARC record: {reason}",
    )


def test_gzipped_archive_cut_inside_a_member_reports_the_truncated_record() -> None:
    data = _warc(gzipped=True)
    starts = _record_starts(data, b"\x1f\x8b\x08")
    cut = data[: starts[5] + 100]
    assert _summary(read_bytes(cut, "crawl.warc.gz", SETTINGS))[-1] == (
        "crawl.warc.gz#record-6",
        "corrupt WARC record: truncated, its headers have no Content-Length",
    )


def test_arc_file_is_read() -> None:
    response = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + UNDATED_PAGE
    description = b"1 0 Storyline\nURL IP-address Archive-date Content-type Archive-length\n"
    arc = b"filedesc://crawl.arc 0.0.0.0 20201019080000 text/plain %d\n%s\n" % (
        len(description),
        description,
    ) + b"http://baysideherald.example/ferry 10.0.0.1 20201018093000 text/html %d\n%s\n" % (
        len(response),
        response,
    )
    assert sniff_kind(arc) is InputKind.WARC
    assert read_bytes(arc, "crawl.arc", SETTINGS) == [
        Article(
            id=make_id("a", "http://baysideherald.example/ferry"),
            source="crawl.arc#record-2",
            title="Ferry back",
            text=UNDATED_TEXT,
            url="http://baysideherald.example/ferry",
            outlet="baysideherald.example",
            published=dt.date(2020, 10, 18),
        )
    ]


def test_archive_with_no_readable_record_is_a_problem() -> None:
    assert read_bytes(b"WARC/1.0\r\nnonsense\r\n", "bad.warc", SETTINGS) == [
        Problem(
            source="bad.warc#record-1",
            error="corrupt WARC record: truncated, its headers have no Content-Length",
        )
    ]


def test_page_larger_than_the_limit_is_a_problem() -> None:
    items = read_bytes(_warc(gzipped=True), "crawl.warc.gz", Settings(max_input_bytes=1500))
    assert _summary(items) == [
        ("crawl.warc.gz#record-1", "page is larger than the limit of 1500 bytes (max_input_bytes)"),
        ("crawl.warc.gz#record-4", "https://baysideherald.example/ferry-back", "2020-10-19"),
        ("crawl.warc.gz#record-6", COURIER_URL, "2020-10-17"),
    ]
