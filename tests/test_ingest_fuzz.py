"""Any bytes at all: every reader answers with articles or named problems, never an unexpected error.

``read_bytes`` turns an exception a reader did not expect into a problem saying "unexpected error", so
the batch goes on; these properties check that no input reaches that net. The inputs are built to get
past content sniffing into each reader: fragments of feeds, pages, JSON lines, WARC records and
compressed data, cut and spliced at random.
"""

from __future__ import annotations

import gzip

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.config import Settings
from storyline.ingest import read_bytes
from storyline.models import Article, Problem

SOURCE = "fuzz/input"
LIMITS = Settings(max_input_bytes=64 * 1024)

_PIECES = [
    b'<?xml version="1.0"?>',
    b'<rss version="2.0"><channel><title>Quay Post</title><item><title>Pier',
    b"<description>The pier &amp; the lights",
    b"</description></item></channel></rss>",
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Tide</title><content type="html">&lt;p&gt;',
    b"</content><updated>2024-02-30T25:61:00Z</updated></entry></feed>",
    b"<!DOCTYPE html><html><head><title>Lantern night</title>",
    b'<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-13-01",',
    b"</script></head><body><article><p>Crowds gathered at the harbour.</p>",
    b"</article></body></html>",
    b'{"title": "Flood wall", "text": "The wall held.", "date": "yesterday", "url": "ftp://x"}\n',
    b'{"title": 7, "text": null}\n',
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-9\r\n\r\n",
    b" date 2024-02-30\n url http://example.test/a\n",
    b"Title line\n\nBy Ana Reyes, Quay Post\n\nBody \xe2\x80\x9cquoted\xe2\x80\x9d text.\n",
    b"\xef\xbb\xbf",
    b"\xff\xfe\x00\x00",
    b"\x00",
    b"\xc3\x28\xa0\xa1",
    b"&#xD800;&#99999999;",
    b"``quote'' it`s",
]


@st.composite
def spliced(draw: st.DrawFn) -> bytes:
    """Pieces of real formats, spliced with random bytes and cut anywhere."""
    parts = draw(
        st.lists(st.one_of(st.sampled_from(_PIECES), st.binary(max_size=40)), min_size=1, max_size=12)
    )
    data = b"".join(parts)
    cut = draw(st.integers(min_value=0, max_value=len(data)))
    data = data[:cut] if draw(st.booleans()) else data
    return gzip.compress(data) if draw(st.integers(0, 9)) == 0 else data


def _check(result: list[Article | Problem]) -> None:
    assert result, "a reader answered nothing at all"
    for item in result:
        assert isinstance(item, Article | Problem)
        if isinstance(item, Problem):
            assert item.source.startswith(SOURCE)
            assert item.error and not item.error.startswith("unexpected error"), item.error
        else:
            assert item.source.startswith(SOURCE)
            assert item.text.strip() and item.title.strip()


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(spliced())
def test_spliced_formats_give_articles_or_named_problems(data: bytes) -> None:
    _check(read_bytes(data, SOURCE, LIMITS))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.binary(max_size=300))
def test_random_bytes_give_articles_or_named_problems(data: bytes) -> None:
    _check(read_bytes(data, SOURCE, LIMITS))
