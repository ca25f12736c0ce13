"""Fetching URLs (storyline.ingest.fetch) and reading them (storyline.ingest.urls, read_inputs with URLs).

No network: an invented site is served from a local ThreadingHTTPServer on 127.0.0.1 (fixture ``site``),
whose resources honour If-None-Match / If-Modified-Since and whose special paths redirect, fail, stall,
trickle or send too much. Every outlet, person and event below is invented.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from storyline.config import Settings
from storyline.errors import IngestError
from storyline.ids import make_id
from storyline.ingest import read_inputs
from storyline.ingest import urls as urls_module
from storyline.ingest.fetch import DEFAULT_USER_AGENT, Fetched, fetch
from storyline.ingest.urls import read_url
from storyline.models import Article, Problem

SETTINGS = Settings()


# -- the invented site ------------------------------------------------------------------------------------


@dataclass
class Resource:
    """A document the site serves, with its validators."""

    body: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None
    encoding: str | None = None  # Content-Encoding of ``body`` (already encoded)


@dataclass
class Seen:
    """One request the site received."""

    path: str
    if_none_match: str | None
    if_modified_since: str | None
    user_agent: str | None
    accept_encoding: str | None = None


@dataclass
class Site:
    """What the local server serves, and what it saw. Tests change ``resources`` between requests."""

    base: str
    resources: dict[str, Resource] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)  # paths whose body the client stopped reading
    # Requests under /together/ wait here until the barrier's other parties arrive: only a client that
    # sends them at the same time is served (a broken barrier answers 503).
    barrier: threading.Barrier | None = None

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this site."""
        return self.base + path

    def paths_seen(self) -> list[str]:
        """The paths requested so far, in order."""
        return [request.path for request in self.seen]


# The oversized body: far more than a socket's buffers hold, so a client that stops reading makes the
# server's writes fail, which is how the tests see that the body was refused while streaming.
HUGE_BYTES = 64 * 1024 * 1024
SLOW_SECONDS = 1.0  # the stalled response waits this long; the tests' timeouts are well below it


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    """A request handler class serving ``site``."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output quiet."""

        def do_GET(self) -> None:
            site.seen.append(
                Seen(
                    path=self.path,
                    if_none_match=self.headers.get("If-None-Match"),
                    if_modified_since=self.headers.get("If-Modified-Since"),
                    user_agent=self.headers.get("User-Agent"),
                    accept_encoding=self.headers.get("Accept-Encoding"),
                )
            )
            special: dict[str, Callable[[], None]] = {
                "/slow": self._slow,
                "/trickle": self._trickle,
                "/huge": self._huge,
                "/huge-declared": self._huge_declared,
                "/broken": lambda: self.send_error(500),
                "/loop": lambda: self._redirect("/loop"),
                "/to-ftp": lambda: self._redirect("ftp://archive.valleyledger.example/feed.xml"),
                "/no-location": self._no_location,
            }
            path = urlsplit(self.path).path  # the query (utm_* and the like) selects nothing here
            if path.startswith("/together/") and site.barrier is not None:
                try:
                    site.barrier.wait()
                except threading.BrokenBarrierError:
                    self.send_error(503)
                    return
            if path in special:
                special[path]()
            elif path in site.redirects:
                self._redirect(site.redirects[path])
            elif path in site.resources:
                self._serve(site.resources[path])
            else:
                self.send_error(404)

        def _serve(self, resource: Resource) -> None:
            etag_match = resource.etag is not None and self.headers.get("If-None-Match") == resource.etag
            date_match = (
                resource.last_modified is not None
                and self.headers.get("If-Modified-Since") == resource.last_modified
            )
            self.send_response(304 if etag_match or date_match else 200)
            if resource.etag:
                self.send_header("ETag", resource.etag)
            if resource.last_modified:
                self.send_header("Last-Modified", resource.last_modified)
            if etag_match or date_match:
                self.end_headers()
                return
            self.send_header("Content-Type", resource.content_type)
            if resource.encoding:
                self.send_header("Content-Encoding", resource.encoding)
            self.send_header("Content-Length", str(len(resource.body)))
            self.end_headers()
            self.wfile.write(resource.body)

        def _redirect(self, target: str) -> None:
            self.send_response(301)
            self.send_header("Location", target if "://" in target else site.url(target))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _no_location(self) -> None:
            self.send_response(302)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _slow(self) -> None:
            time.sleep(SLOW_SECONDS)
            self._serve(Resource(body=b"late", content_type="text/plain"))

        def _trickle(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(int(SLOW_SECONDS / 0.05)):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                site.aborted.append(self.path)

        def _huge(self, declared: bool = False) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            if declared:
                self.send_header("Content-Length", str(HUGE_BYTES))
            self.end_headers()
            chunk = b"ferry timetable " * 4096
            try:
                for _ in range(HUGE_BYTES // len(chunk)):
                    self.wfile.write(chunk)
            except OSError:
                site.aborted.append(self.path)

        def _huge_declared(self) -> None:
            self._huge(declared=True)

    return Handler


class _Server(ThreadingHTTPServer):
    """A quiet server: a client that hangs up mid-response is expected here."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore a client that went away."""


@contextmanager
def serving() -> Iterator[Site]:
    """Serve an invented site on 127.0.0.1 for the duration of the block."""
    server = _Server(("127.0.0.1", 0), BaseHTTPRequestHandler)
    host, port = server.server_address[:2]
    served = Site(base=f"http://{host!s}:{port}")
    server.RequestHandlerClass = _handler(served)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def site() -> Iterator[Site]:
    """An invented site served on 127.0.0.1 for the duration of one test."""
    with serving() as served:
        yield served


# -- invented documents -----------------------------------------------------------------------------------


def _words(*sentences: str) -> str:
    """Sentences joined with spaces (the bodies below are written to be over 100 words)."""
    return " ".join(sentences)


FERRY_TEXT = _words(
    "The Corran Valley ferry board voted on Tuesday to restore the night crossing between Port Elm and",
    "Wester Hale, six months after the last boat was withdrawn for repairs.",
    "Board chair Ilse Marrow said the refitted Heron would sail at nine in the evening from the first of",
    "March, with a second crossing at eleven on Fridays and Saturdays during the summer season.",
    "Fares will stay at four crowns for adults and two for children, she said, because the repair costs",
    "were covered by the provincial harbour fund rather than by passengers.",
    "Shopkeepers in Wester Hale had asked for the crossing to return before the spring market, when the",
    "town expects several thousand visitors from the mainland over three weekends.",
)
BRIDGE_TEXT = _words(
    "Engineers closed the old Tamsin bridge over the Corran river on Wednesday after a routine inspection",
    "found cracks in two of its iron supports, the valley council said in a statement.",
    "Drivers are being sent along the Mill Road detour, which adds about twenty minutes to the journey",
    "between Port Elm and the hill villages, and buses will follow the same route until further notice.",
    "Council engineer Osric Vale said the bridge would stay shut for at least a fortnight while divers",
    "examine the foundations, and that a temporary footbridge could open within days for pedestrians.",
    "The bridge, built in 1896, carries about four thousand vehicles on a normal weekday.",
)
LIBRARY_TEXT = _words(
    "The Halvard Street library will open on Sundays from next month, the city's culture office announced",
    "on Monday, ending a closure that readers' groups had protested for almost two years.",
    "Librarian Maren Okafor said the Sunday hours, from noon until five, would be staffed by four new",
    "part-time assistants paid from a bequest left to the library by a retired schoolteacher.",
    "The reading room, the children's corner and the newspaper archive will all be open, she said, though",
    "the rare books collection will remain available only by appointment on weekdays.",
    "Readers' group organiser Tobias Renn called the decision overdue but welcome, and said members would",
    "hold their first Sunday meeting in the archive room on the opening day.",
)
MARKET_TEXT = _words(
    "Stallholders at the Halvard Street market will pay lower pitch fees from April after the city council",
    "agreed on Thursday to cut the weekly charge from thirty crowns to twenty-two.",
    "Market manager Petra Lund said the reduction was meant to bring back traders who had left for the",
    "cheaper Saturday fair in Norrby, where fees were halved last year to fill empty pitches.",
    "The council expects the cut to cost about forty thousand crowns a year, which it will cover from",
    "parking income at the market car park, according to a budget note published with the decision.",
    "Traders who signed a yearly contract before the vote will receive a refund of the difference.",
)


def rss(title: str, items: list[tuple[str, str, str, str]]) -> bytes:
    """An RSS 2.0 feed; each item is (title, link, date, text as HTML)."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{date}</pubDate>"
        f"<description><![CDATA[{text}]]></description></item>"
        for t, link, date, text in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://example.invalid/</link><description>News</description>{entries}</channel></rss>"
    ).encode()


def page(outlet: str, headline: str, day: str, text: str) -> bytes:
    """An article page with Open Graph and JSON-LD metadata."""
    paragraphs = "".join(f"<p>{sentence.rstrip('.')}.</p>" for sentence in text.split(". "))
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{headline} | {outlet}</title>'
        f'<meta property="og:site_name" content="{outlet}">'
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{headline}", '
        f'"datePublished": "{day}", "publisher": {{"name": "{outlet}"}}}}</script></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{headline}</h1>{paragraphs}</article>"
        f"<footer>Copyright {outlet}. All rights reserved.</footer></body></html>"
    ).encode()


LEDGER_FEED_PATH = "/ledger/feed.xml"
LEDGER_ETAG = '"ledger-1"'
LEDGER_LAST_MODIFIED = "Tue, 04 Mar 2025 08:00:00 GMT"


LEDGER_TITLE = "Corran Valley Ledger - Region"


def ledger_items(site: Site) -> list[tuple[str, str, str, str]]:
    """The Corran Valley Ledger's entries, which carry the full text."""
    return [
        (
            "Night ferry to return in March",
            site.url("/ledger/ferry"),
            "Tue, 04 Mar 2025 07:30:00 +0000",
            FERRY_TEXT,
        ),
        (
            "Tamsin bridge shut after cracks found",
            site.url("/ledger/bridge?utm_source=rss"),
            "Wed, 05 Mar 2025 09:10:00 +0000",
            BRIDGE_TEXT,
        ),
    ]


def ledger_feed(site: Site) -> bytes:
    """The Corran Valley Ledger's feed."""
    return rss(LEDGER_TITLE, ledger_items(site))


def serve_ledger(site: Site) -> str:
    """Serve the Ledger's feed and return its URL."""
    site.resources[LEDGER_FEED_PATH] = Resource(
        body=ledger_feed(site),
        content_type="application/rss+xml; charset=utf-8",
        etag=LEDGER_ETAG,
        last_modified=LEDGER_LAST_MODIFIED,
    )
    return site.url(LEDGER_FEED_PATH)


def serve_gazette(site: Site) -> str:
    """The Halvard Street Gazette: a feed of one-sentence summaries linking to pages on the site (one of
    them missing); returns the feed's URL."""
    site.resources["/gazette/rss"] = Resource(
        body=rss(
            "Halvard Street Gazette",
            [
                (
                    "Library to open on Sundays",
                    site.url("/gazette/2025/library"),
                    "Mon, 10 Mar 2025 10:00:00 +0000",
                    "<p>Readers get their Sunday afternoons back from next month.</p>",
                ),
                (
                    "Market pitch fees cut",
                    site.url("/gazette/2025/market"),
                    "Thu, 13 Mar 2025 16:00:00 +0000",
                    "Traders will pay less from April.",
                ),
                (
                    "Tram depot plans delayed",
                    site.url("/gazette/2025/tram"),
                    "Fri, 14 Mar 2025 12:00:00 +0000",
                    "The depot vote moves to May.",
                ),
            ],
        ),
        content_type="application/rss+xml",
    )
    site.resources["/gazette/2025/library"] = Resource(
        body=page("Halvard Street Gazette", "Sunday opening for Halvard library", "2025-03-10", LIBRARY_TEXT),
        content_type="text/html; charset=utf-8",
    )
    # The market link moved: the page is reached through a redirect.
    site.redirects["/gazette/2025/market"] = "/gazette/archive/market-fees"
    site.resources["/gazette/archive/market-fees"] = Resource(
        body=page("Halvard Street Gazette", "Council cuts market fees", "2025-03-13", MARKET_TEXT),
        content_type="text/html",
    )
    return site.url("/gazette/rss")


def article_id_of(url: str) -> str:
    """The id of an article read from ``url`` (already canonical)."""
    return make_id("a", url)


def describe(items: list[Article | Problem]) -> list[tuple[str, ...]]:
    """(source, id, title, outlet, url, published, first words) of articles; (source, error) of problems."""
    rows: list[tuple[str, ...]] = []
    for item in items:
        if isinstance(item, Problem):
            rows.append((item.source, item.error))
        else:
            rows.append(
                (
                    item.source,
                    item.id,
                    item.title,
                    item.outlet or "",
                    item.url or "",
                    str(item.published),
                    " ".join(item.text.split()[:4]),
                )
            )
    return rows


# -- fetch --------------------------------------------------------------------------------------------------


def test_fetch_returns_body_validators_type_and_charset(site: Site) -> None:
    url = serve_ledger(site)
    fetched = fetch(url)
    assert fetched == Fetched(
        url=url,
        final_url=url,
        status=200,
        body=ledger_feed(site),
        etag=LEDGER_ETAG,
        last_modified=LEDGER_LAST_MODIFIED,
        content_type="application/rss+xml",
        charset="utf-8",
    )
    assert fetched.not_modified is False
    assert site.seen == [
        Seen(
            path=LEDGER_FEED_PATH,
            if_none_match=None,
            if_modified_since=None,
            user_agent=DEFAULT_USER_AGENT,
            accept_encoding="gzip, deflate",
        )
    ]
    assert DEFAULT_USER_AGENT == "Storyline/0.1.0 (news feed reader)"


def test_gzip_and_deflate_bodies_are_decoded(site: Site) -> None:
    feed = ledger_feed(site)
    rss_type = "application/rss+xml"
    site.resources["/gz"] = Resource(body=gzip.compress(feed), content_type=rss_type, encoding="gzip")
    site.resources["/zz"] = Resource(body=zlib.compress(feed), content_type=rss_type, encoding="deflate")
    assert [fetch(site.url(path)).body for path in ("/gz", "/zz")] == [feed, feed]


NOT_GZIP = "corrupt gzip content (Error -3 while decompressing data: incorrect header check)"


@pytest.mark.parametrize(
    ("body", "encoding", "reason"),
    [
        (gzip.compress(bytes(5_000_000)), "gzip", "larger than the limit of 100000 bytes"),  # a small bomb
        (b"plain text, not gzip", "gzip", NOT_GZIP),
        (gzip.compress(b"Ferry timetable for March " * 100)[:60], "gzip", "corrupt gzip content (truncated)"),
        (b"\x1b\x00", "br", "unsupported Content-Encoding 'br' (gzip and deflate are read)"),
    ],
)
def test_bad_encoded_bodies_are_refused(site: Site, body: bytes, encoding: str, reason: str) -> None:
    site.resources["/encoded"] = Resource(body=body, content_type="text/plain", encoding=encoding)
    with pytest.raises(IngestError) as caught:
        fetch(site.url("/encoded"), max_bytes=100_000)
    assert caught.value.reason == reason


def test_fetch_sends_validators_and_returns_304_with_them(site: Site) -> None:
    url = serve_ledger(site)
    by_etag = fetch(url, etag=LEDGER_ETAG, last_modified="Mon, 03 Mar 2025 00:00:00 GMT")
    by_date = fetch(url, last_modified=LEDGER_LAST_MODIFIED, user_agent="ValleyBot/2")
    assert by_etag == Fetched(
        url=url,
        final_url=url,
        status=304,
        body=b"",
        etag=LEDGER_ETAG,
        last_modified=LEDGER_LAST_MODIFIED,
    )
    assert by_date.status == 304
    assert by_date.not_modified is True
    assert [(s.if_none_match, s.if_modified_since, s.user_agent) for s in site.seen] == [
        (LEDGER_ETAG, "Mon, 03 Mar 2025 00:00:00 GMT", DEFAULT_USER_AGENT),
        (None, LEDGER_LAST_MODIFIED, "ValleyBot/2"),
    ]


def test_fetch_keeps_the_sent_validators_when_a_304_omits_them(site: Site) -> None:
    url = serve_ledger(site)
    site.resources[LEDGER_FEED_PATH].last_modified = None  # the server stopped sending Last-Modified
    fetched = fetch(url, etag=LEDGER_ETAG, last_modified=LEDGER_LAST_MODIFIED)
    assert (fetched.status, fetched.etag, fetched.last_modified) == (304, LEDGER_ETAG, LEDGER_LAST_MODIFIED)


def test_fetch_follows_redirects_and_records_the_final_url(site: Site) -> None:
    url = serve_ledger(site)
    site.redirects["/old-feed"] = "/older-feed"
    site.redirects["/older-feed"] = LEDGER_FEED_PATH
    fetched = fetch(site.url("/old-feed"), etag=LEDGER_ETAG)
    assert (fetched.url, fetched.final_url, fetched.status) == (site.url("/old-feed"), url, 304)
    assert [(s.path, s.if_none_match) for s in site.seen] == [
        ("/old-feed", LEDGER_ETAG),
        ("/older-feed", LEDGER_ETAG),
        (LEDGER_FEED_PATH, LEDGER_ETAG),
    ]


LOOP = "too many redirects (a loop, or more than 10)"
NOT_HTTP = "only http and https URLs are fetched"


def test_non_ascii_urls_are_sent_percent_encoded(site: Site) -> None:
    site.resources["/notes/caf%C3%A9"] = Resource(body=b"Quayside", content_type="text/plain")
    url = site.url("/notes/café?q=sjö#top")
    fetched = fetch(url)
    assert (fetched.url, fetched.body) == (url, b"Quayside")
    assert site.paths_seen() == ["/notes/caf%C3%A9?q=sj%C3%B6"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/nothing-here", "HTTP 404 Not Found"),
        ("/broken", "HTTP 500 Internal Server Error"),
        ("/loop", f"HTTP 301 Moved Permanently: {LOOP}"),
        ("/no-location", "HTTP 302 Found with no URL to follow"),
        (
            "/to-ftp",
            "redirected to ftp://archive.valleyledger.example/feed.xml, which is not an http(s) URL",
        ),
    ],
)
def test_http_errors_name_the_status(site: Site, path: str, reason: str) -> None:
    url = site.url(path)
    with pytest.raises(IngestError) as caught:
        fetch(url)
    assert (caught.value.source, caught.value.reason) == (url, reason)
    assert str(caught.value) == f"{url}: {reason}"


def test_a_stalled_server_times_out(site: Site) -> None:
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        fetch(site.url("/slow"), timeout=0.2)
    assert caught.value.reason == "timed out after 0.2 s"
    assert time.monotonic() - started < SLOW_SECONDS


def test_a_trickling_body_times_out_on_the_whole_fetch(site: Site) -> None:
    # Each byte arrives well within the per-read timeout; the fetch as a whole does not.
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        fetch(site.url("/trickle"), timeout=0.3)
    assert caught.value.reason == "timed out after 0.3 s"
    assert time.monotonic() - started < SLOW_SECONDS


def test_an_oversized_body_is_refused_while_it_streams(site: Site) -> None:
    with pytest.raises(IngestError) as caught:
        fetch(site.url("/huge"), max_bytes=100_000)
    assert caught.value.reason == "larger than the limit of 100000 bytes"
    deadline = time.monotonic() + 5
    while not site.aborted and time.monotonic() < deadline:  # the server notices the hang-up
        time.sleep(0.01)
    assert site.aborted == ["/huge"]  # the client stopped reading long before the 64 MiB were sent


def test_an_announced_oversized_body_is_refused_before_reading(site: Site) -> None:
    with pytest.raises(IngestError) as caught:
        fetch(site.url("/huge-declared"), max_bytes=100_000)
    assert caught.value.reason == (
        f"larger than the limit of 100000 bytes (the server announced {HUGE_BYTES} bytes)"
    )


def test_a_closed_port_is_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed.xml"
    with pytest.raises(IngestError) as caught:
        fetch(url)
    assert (caught.value.source, caught.value.reason) == (url, "connection refused")


def test_an_unknown_host_is_a_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(IngestError) as caught:
        fetch("https://lakeside-courier.invalid/rss")
    assert caught.value.reason == "cannot resolve the host name (Name or service not known)"


def test_tls_spoken_to_a_plain_http_server_is_a_tls_error(site: Site) -> None:
    url = site.base.replace("http://", "https://") + "/ledger/feed.xml"
    with pytest.raises(IngestError) as caught:
        fetch(url, timeout=2)
    assert caught.value.reason.startswith("TLS error (")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            "ftp://archive.valleyledger.example/feed.xml",
            f"{NOT_HTTP} (this one has ftp:)",
        ),
        ("file:///etc/hostname", f"{NOT_HTTP} (this one has file:)"),
        ("valleyledger.example/feed.xml", f"{NOT_HTTP} (this one has no scheme)"),
        ("http://", "malformed URL (no host)"),
        ("http://[::1/feed", "malformed URL (Invalid IPv6 URL)"),
        ("http://valleyledger.example:99999/feed", "malformed URL (Port out of range 0-65535)"),
        ("http://valleyledger.example/two words", "malformed URL (contains spaces or control characters)"),
    ],
)
def test_urls_that_cannot_be_fetched_are_refused_before_connecting(url: str, reason: str) -> None:
    with pytest.raises(IngestError) as caught:
        fetch(url)
    assert (caught.value.source, caught.value.reason) == (url, reason)


# -- read_url and read_inputs ----------------------------------------------------------------------------


LEDGER_ROWS = [
    (
        "FEED#entry-1",
        "FERRY",
        "Night ferry to return in March",
        "Corran Valley Ledger",
        "FERRY",
        "2025-03-04",
        "The Corran Valley ferry",
    ),
    (
        "FEED#entry-2",
        "BRIDGE",
        "Tamsin bridge shut after cracks found",
        "Corran Valley Ledger",
        "BRIDGE",
        "2025-03-05",
        "Engineers closed the old",
    ),
]


def expected_ledger(site: Site) -> list[tuple[str, ...]]:
    """The Ledger's two entries as describe() shows them."""
    links = {"FERRY": site.url("/ledger/ferry"), "BRIDGE": site.url("/ledger/bridge")}  # utm_ dropped
    feed = site.url(LEDGER_FEED_PATH)
    return [
        (
            source.replace("FEED", feed),
            article_id_of(links[key]),
            title,
            outlet,
            links[url],
            day,
            start,
        )
        for source, key, title, outlet, url, day, start in LEDGER_ROWS
    ]


def test_a_full_text_feed_url_gives_its_entries_with_stable_ids(site: Site) -> None:
    url = serve_ledger(site)
    first = list(read_url(url, SETTINGS))
    again = list(read_url(url, SETTINGS))
    assert describe(first) == expected_ledger(site)
    assert first == again
    assert site.paths_seen() == [LEDGER_FEED_PATH, LEDGER_FEED_PATH]  # full text: no link fetched


def test_summary_only_entries_are_replaced_by_their_pages(site: Site) -> None:
    url = serve_gazette(site)
    items = list(read_url(url, SETTINGS))
    library, market, tram = (site.url(f"/gazette/2025/{name}") for name in ("library", "market", "tram"))
    assert describe(items) == [
        (
            f"{url}#entry-1",
            article_id_of(library),
            "Library to open on Sundays",
            "Halvard Street Gazette",
            library,
            "2025-03-10",
            "The Halvard Street library",
        ),
        (
            f"{url}#entry-2",
            article_id_of(market),  # the entry's link, not the page it redirects to
            "Market pitch fees cut",
            "Halvard Street Gazette",
            market,
            "2025-03-13",
            "Stallholders at the Halvard",
        ),
        (
            f"{url}#entry-3",
            article_id_of(tram),
            "Tram depot plans delayed",
            "Halvard Street Gazette",
            tram,
            "2025-03-14",
            "The depot vote moves",
        ),
        (tram, "HTTP 404 Not Found"),
    ]
    library_article = items[0]
    assert isinstance(library_article, Article)
    assert library_article.words == len(LIBRARY_TEXT.split())
    assert site.paths_seen() == [
        "/gazette/rss",
        "/gazette/2025/library",
        "/gazette/2025/market",
        "/gazette/archive/market-fees",
        "/gazette/2025/tram",
    ]
    assert list(read_url(url, SETTINGS)) == items


def test_links_fetched_per_feed_are_bounded(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(urls_module, "MAX_LINKS_PER_FEED", 1)
    url = serve_gazette(site)
    items = list(read_url(url, SETTINGS))
    assert [(item.source, item.words) for item in items if isinstance(item, Article)] == [
        (f"{url}#entry-1", len(LIBRARY_TEXT.split())),
        (f"{url}#entry-2", 6),  # over the bound: the summary is kept
        (f"{url}#entry-3", 6),
    ]
    assert site.paths_seen() == ["/gazette/rss", "/gazette/2025/library"]


def test_known_summary_entries_are_neither_fetched_nor_read_again(site: Site) -> None:
    url = serve_gazette(site)
    known = {article_id_of(site.url("/gazette/2025/library")), article_id_of(site.url("/gazette/2025/tram"))}
    items = list(read_url(url, SETTINGS, known_ids=known))
    assert [item.source for item in items] == [f"{url}#entry-2"]
    assert site.paths_seen() == ["/gazette/rss", "/gazette/2025/market", "/gazette/archive/market-fees"]


def test_an_article_url_gives_its_page_under_the_final_url(site: Site) -> None:
    site.resources["/gazette/archive/market-fees"] = Resource(
        body=page("Halvard Street Gazette", "Council cuts market fees", "2025-03-13", MARKET_TEXT),
        content_type="text/html; charset=utf-8",
    )
    site.redirects["/m"] = "/gazette/archive/market-fees?utm_campaign=share"
    short = site.url("/m")
    items = list(read_url(short, SETTINGS))
    final = site.url("/gazette/archive/market-fees")
    assert describe(items) == [
        (
            short,
            article_id_of(final),
            "Council cuts market fees",
            "Halvard Street Gazette",
            final,
            "2025-03-13",
            "Stallholders at the Halvard",
        )
    ]
    assert list(read_url(short, SETTINGS)) == items


def test_the_declared_charset_decodes_a_text_response(site: Site) -> None:
    # UTF-16 without a byte-order mark: as a file it is "binary" (NUL bytes); the header says what it is.
    body = "Café owners in Port Elm\n\nThe Quayside café reopened on Friday after the flood.\n"
    site.resources["/notes.txt"] = Resource(
        body=body.encode("utf-16-le"), content_type="text/plain; charset=UTF-16LE"
    )
    [article] = read_url(site.url("/notes.txt"), SETTINGS)
    assert isinstance(article, Article)
    assert (article.title, article.text) == (
        "Café owners in Port Elm",
        "The Quayside café reopened on Friday after the flood.",
    )


def test_the_declared_charset_decodes_a_page(site: Site) -> None:
    markup = page("Quayside Café Weekly", "Café reopens on the quay", "2025-03-07", LIBRARY_TEXT)
    site.resources["/cafe"] = Resource(
        body=markup.decode().encode("utf-16-le"), content_type="text/html; charset=utf-16le"
    )
    [article] = read_url(site.url("/cafe"), SETTINGS)
    assert isinstance(article, Article)
    assert (article.title, article.outlet, article.url, article.words) == (
        "Café reopens on the quay",
        "Quayside Café Weekly",
        site.url("/cafe"),
        len(LIBRARY_TEXT.split()),
    )


def test_read_url_reports_fetch_failures_as_problems(site: Site) -> None:
    url = site.url("/ledger/gone.xml")
    assert list(read_url(url, SETTINGS)) == [Problem(source=url, error="HTTP 404 Not Found")]


def test_read_inputs_fetches_urls_between_files(site: Site) -> None:
    url = serve_ledger(site)
    items = list(read_inputs([url, "ftp://valleyledger.example/feed.xml", site.url("/broken")], SETTINGS))
    assert describe(items) == [
        *expected_ledger(site),
        ("ftp://valleyledger.example/feed.xml", f"{NOT_HTTP} (this one has ftp:)"),
        (site.url("/broken"), "HTTP 500 Internal Server Error"),
    ]


# --- links taken from fetched content ---------------------------------------------------------------------


def test_a_teasers_link_to_another_feed_is_not_followed(site: Site) -> None:
    """A linked feed is neither read nor expanded: no chain of feeds, each expanding its own links."""
    loop = site.url("/chain.xml")
    site.resources["/chain.xml"] = Resource(
        body=rss("Chain Post", [("Teaser", loop, "Thu, 06 Mar 2025 09:00:00 +0000", "A short teaser.")]),
        content_type="application/rss+xml",
    )
    items = list(read_url(loop, SETTINGS))
    assert [(type(i).__name__, i.source) for i in items] == [
        ("Article", f"{loop}#entry-1"),
        ("Problem", loop),
    ]
    assert items[1] == Problem(source=loop, error="the entry's link is not an article page (not HTML)")
    assert site.paths_seen() == ["/chain.xml", "/chain.xml"]  # the feed, then its one link: no deeper


def test_links_in_content_never_reach_a_private_address_from_a_public_feed(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only 'localhost' is private here, so the test's 127.0.0.1 site stands for a public one."""
    from storyline.ingest import fetch as fetch_module

    monkeypatch.setattr(fetch_module, "is_private_host", lambda host: host == "localhost")
    secret = site.url("/latest/meta-data").replace("127.0.0.1", "localhost")
    with pytest.raises(IngestError) as direct:
        fetch(secret, public_only=True)
    assert direct.value.reason == "a private address: fetched only for inputs given on the command line"
    site.redirects["/innocent"] = secret
    with pytest.raises(IngestError) as redirected:
        fetch(site.url("/innocent"), public_only=True)
    assert redirected.value.reason == (
        f"redirected to {secret}, a private address (fetched only for inputs given on the command line)"
    )
    assert site.paths_seen() == ["/innocent"]
