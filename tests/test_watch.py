"""Watching feeds (storyline.watch): conditional polling, ingest of new entries only, feed states, the loop.

The feeds are served by the invented local site of tests/test_fetch.py; every outlet, person and event is
invented.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline import watch as watch_module
from storyline.annotate import Annotator
from storyline.config import Settings
from storyline.errors import ConfigError
from storyline.ingest.fetch import Fetched
from storyline.ingest.urls import UrlRead, read_response
from storyline.models import FeedState, Problem
from storyline.store import Store
from storyline.watch import FeedReport, WatchReport, parse_interval, watch, watch_once
from tests.test_fetch import (
    LEDGER_ETAG,
    LEDGER_FEED_PATH,
    LEDGER_LAST_MODIFIED,
    LEDGER_TITLE,
    LIBRARY_TEXT,
    MARKET_TEXT,
    Resource,
    Site,
    article_id_of,
    ledger_items,
    page,
    rss,
    serve_gazette,
    serve_ledger,
    serving,
)

SETTINGS = Settings()
BARRIER_SECONDS = 5.0  # how long the site waits for the other feed request before answering 503
MORNING = dt.datetime(2025, 3, 5, 8, 0, tzinfo=dt.UTC)

HARBOUR_TEXT = (
    "The Port Elm harbour master reopened the inner basin on Thursday after divers cleared a sunken "
    "fishing boat that had blocked the channel since the storm of last week, the harbour office said. "
    "Harbour master Agnes Tolliver said twelve trawlers that had been sheltering at Wester Hale would "
    "return over the weekend, and that the fish market would reopen on Monday at its usual hour. "
    "The sunken boat, the Little Wren, will be towed to the boatyard at Norrby for inspection, and its "
    "owner has been asked to pay part of the salvage cost, which the office put at eighteen thousand "
    "crowns. Traders said the closure had cost them most of a week's catch."
)


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as served:
        yield served


@pytest.fixture
def store() -> Iterator[Store]:
    with Store() as opened:
        yield opened


def at(minutes: int) -> dt.datetime:
    """MORNING plus ``minutes``."""
    return MORNING + dt.timedelta(minutes=minutes)


def stamp(minutes: int) -> str:
    """The ISO form the store keeps for ``at(minutes)``."""
    return at(minutes).isoformat(timespec="seconds")


def add_harbour_entry(site: Site) -> None:
    """The Ledger publishes a third entry, at the top of its feed, with new validators."""
    harbour = (
        "Inner basin reopens after salvage",
        site.url("/ledger/harbour"),
        "Thu, 06 Mar 2025 11:00:00 +0000",
        HARBOUR_TEXT,
    )
    site.resources[LEDGER_FEED_PATH] = Resource(
        body=rss(LEDGER_TITLE, [harbour, *ledger_items(site)]),
        content_type="application/rss+xml; charset=utf-8",
        etag='"ledger-2"',
        last_modified="Thu, 06 Mar 2025 11:05:00 GMT",
    )


def test_rounds_send_validators_get_304_and_ingest_a_new_entry_exactly_once(
    site: Site, store: Store, annotator: Annotator
) -> None:
    url = serve_ledger(site)
    ferry, bridge, harbour = (
        article_id_of(site.url(f"/ledger/{name}")) for name in ("ferry", "bridge", "harbour")
    )

    first = watch_once([url], SETTINGS, store=store, annotator=annotator, now=lambda: at(0))
    assert first == WatchReport(
        checked_at=stamp(0),
        feeds=(
            FeedReport(
                url=url, status="200: 2 entries, 2 new", http_status=200, final_url=url, entries=2, new=2
            ),
        ),
    )
    assert store.feed_state(url) == FeedState(
        url=url,
        etag=LEDGER_ETAG,
        last_modified=LEDGER_LAST_MODIFIED,
        checked_at=stamp(0),
        status="200: 2 entries, 2 new",
    )
    assert sorted((a.id, a.title) for a in store.articles()) == sorted(
        [(ferry, "Night ferry to return in March"), (bridge, "Tamsin bridge shut after cracks found")]
    )
    assert set(store.annotations([ferry, bridge], annotator.model_name)) == {ferry, bridge}

    second = watch_once([url], SETTINGS, store=store, annotator=annotator, now=lambda: at(15))
    assert second.feeds == (FeedReport(url=url, status="304 not modified", http_status=304, final_url=url),)
    assert (site.seen[-1].if_none_match, site.seen[-1].if_modified_since) == (
        LEDGER_ETAG,
        LEDGER_LAST_MODIFIED,
    )
    assert store.count_articles() == 2
    assert store.feed_state(url) == FeedState(
        url=url,
        etag=LEDGER_ETAG,
        last_modified=LEDGER_LAST_MODIFIED,
        checked_at=stamp(15),
        status="304 not modified",
    )

    add_harbour_entry(site)
    third = watch_once([url], SETTINGS, store=store, annotator=annotator, now=lambda: at(30))
    fourth = watch_once([url], SETTINGS, store=store, annotator=annotator, now=lambda: at(45))
    assert [feed.status for feed in (*third.feeds, *fourth.feeds)] == [
        "200: 3 entries, 1 new",
        "304 not modified",
    ]
    assert (third.new, fourth.new) == (1, 0)
    assert sorted(a.id for a in store.articles()) == sorted([ferry, bridge, harbour])
    assert store.article(harbour).title == "Inner basin reopens after salvage"
    assert store.feed_state(url) == FeedState(
        url=url,
        etag='"ledger-2"',
        last_modified="Thu, 06 Mar 2025 11:05:00 GMT",
        checked_at=stamp(45),
        status="304 not modified",
    )
    assert [(s.path, s.if_none_match) for s in site.seen] == [
        (LEDGER_FEED_PATH, None),
        (LEDGER_FEED_PATH, LEDGER_ETAG),
        (LEDGER_FEED_PATH, LEDGER_ETAG),
        (LEDGER_FEED_PATH, '"ledger-2"'),
    ]
    assert store.problems() == []


def test_summary_feed_fetches_each_link_once_and_keeps_full_text(
    site: Site, store: Store, annotator: Annotator
) -> None:
    url = serve_gazette(site)
    library, market, tram = (site.url(f"/gazette/2025/{name}") for name in ("library", "market", "tram"))
    first = watch_once([url], SETTINGS, store=store, annotator=annotator, now=lambda: at(0))
    assert [(f.status, f.entries, f.new, f.problems) for f in first.feeds] == [
        ("200: 3 entries, 3 new, 1 problem", 3, 3, (Problem(source=tram, error="HTTP 404 Not Found"),))
    ]
    assert store.problems() == [Problem(source=tram, error="HTTP 404 Not Found")]
    assert store.article(article_id_of(library)).text.split() == LIBRARY_TEXT.split()

    # The Gazette republishes its feed (no validators this time) with a fourth entry; only its link is new.
    site.resources["/gazette/2025/harbour"] = Resource(
        body=page("Halvard Street Gazette", "Harbour basin open again", "2025-03-14", HARBOUR_TEXT),
        content_type="text/html",
    )
    feed = site.resources["/gazette/rss"]
    feed.body = feed.body.replace(
        b"<item>",
        b"<item><title>Basin reopens</title><link>"
        + site.url("/gazette/2025/harbour").encode()
        + b"</link><description>Boats are back in the inner basin.</description></item><item>",
        1,
    )
    seen_before = len(site.seen)
    second = watch_once([url], SETTINGS, store=store, annotator=annotator, now=lambda: at(15))
    assert second.feeds[0].status == "200: 4 entries, 1 new"
    assert site.paths_seen()[seen_before:] == ["/gazette/rss", "/gazette/2025/harbour"]
    assert store.article(article_id_of(market)).text.split() == MARKET_TEXT.split()
    assert (
        store.article(article_id_of(site.url("/gazette/2025/harbour"))).text.split() == HARBOUR_TEXT.split()
    )
    assert store.count_articles() == 4


def test_a_failing_feed_keeps_its_validators_and_the_round_goes_on(
    site: Site, store: Store, annotator: Annotator
) -> None:
    ledger = serve_ledger(site)
    missing = site.url("/lakeside/rss")
    watch_once([ledger], SETTINGS, store=store, annotator=annotator, now=lambda: at(0))
    site.redirects[LEDGER_FEED_PATH] = "/broken"  # the Ledger's server breaks
    broken = watch_once([missing, ledger], SETTINGS, store=store, annotator=annotator, now=lambda: at(15))
    assert broken.feeds == (
        FeedReport(url=missing, status="error: HTTP 404 Not Found", error="HTTP 404 Not Found"),
        FeedReport(
            url=ledger,
            status="error: HTTP 500 Internal Server Error",
            error="HTTP 500 Internal Server Error",
        ),
    )
    assert broken.errors == 2
    assert store.feed_states() == sorted(
        [
            FeedState(
                url=ledger,
                etag=LEDGER_ETAG,
                last_modified=LEDGER_LAST_MODIFIED,
                checked_at=stamp(15),
                status="error: HTTP 500 Internal Server Error",
            ),
            FeedState(url=missing, checked_at=stamp(15), status="error: HTTP 404 Not Found"),
        ],
        key=lambda state: state.url,
    )
    assert store.problems() == []  # a feed's own fetch errors live in its state, not in the problems

    del site.redirects[LEDGER_FEED_PATH]  # repaired: the kept validators give a 304
    repaired = watch_once([ledger], SETTINGS, store=store, annotator=annotator, now=lambda: at(30))
    assert [f.status for f in repaired.feeds] == ["304 not modified"]


def test_an_unexpected_failure_on_one_feed_does_not_stop_the_round(
    site: Site, store: Store, annotator: Annotator, monkeypatch: pytest.MonkeyPatch
) -> None:
    gazette = serve_gazette(site)
    ledger = serve_ledger(site)
    real = read_response

    def fails_on_the_gazette(fetched: Fetched, settings: Settings, **kwargs: Any) -> UrlRead:
        if fetched.url == gazette:
            raise RuntimeError("parser exploded")
        return real(fetched, settings, **kwargs)

    monkeypatch.setattr(watch_module, "read_response", fails_on_the_gazette)
    report = watch_once([gazette, ledger], SETTINGS, store=store, annotator=annotator, now=lambda: at(0))
    assert [f.status for f in report.feeds] == [
        "error: unexpected error (RuntimeError: parser exploded)",
        "200: 2 entries, 2 new",
    ]
    assert store.feed_state(gazette) == FeedState(
        url=gazette, checked_at=stamp(0), status="error: unexpected error (RuntimeError: parser exploded)"
    )


def test_the_feeds_of_a_round_are_fetched_at_the_same_time(
    site: Site, store: Store, annotator: Annotator
) -> None:
    """The site answers the two feeds only while both requests are in flight together: polled one after
    the other, the first would wait out the barrier and both would fail with 503."""
    serve_ledger(site)
    serve_gazette(site)
    site.resources["/together/ledger"] = site.resources[LEDGER_FEED_PATH]
    site.resources["/together/gazette"] = site.resources["/gazette/rss"]
    site.barrier = threading.Barrier(2, timeout=BARRIER_SECONDS)
    feeds = [site.url("/together/gazette"), site.url("/together/ledger")]
    report = watch_once(feeds, SETTINGS, store=store, annotator=annotator, now=lambda: at(0))
    assert [f.status for f in report.feeds] == [
        "200: 3 entries, 3 new, 1 problem",
        "200: 2 entries, 2 new",
    ]
    assert [s.url for s in store.feed_states()] == sorted(feeds)


def test_watch_loops_at_the_interval_and_reports_each_round(
    site: Site, store: Store, annotator: Annotator
) -> None:
    ledger = serve_ledger(site)
    ticks = iter([0.0, 40.0, 900.0, 905.0, 1800.0])  # round starts and ends, in monotonic seconds
    sleeps: list[float] = []
    reports: list[WatchReport] = []
    done = watch(
        [ledger],
        SETTINGS,
        every=900.0,
        rounds=3,
        store=store,
        annotator=annotator,
        on_round=reports.append,
        sleep=sleeps.append,
        clock=lambda: next(ticks),
        now=lambda: MORNING,
    )
    assert done == 3
    assert sleeps == [860.0, 895.0]  # each round starts 900 s after the previous one started
    assert [[f.status for f in r.feeds] for r in reports] == [
        ["200: 2 entries, 2 new"],
        ["304 not modified"],
        ["304 not modified"],
    ]


def test_watch_stops_cleanly_on_keyboard_interrupt(site: Site, store: Store, annotator: Annotator) -> None:
    ledger = serve_ledger(site)
    reports: list[WatchReport] = []

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    done = watch(
        [ledger],
        SETTINGS,
        every=60.0,
        rounds=None,
        store=store,
        annotator=annotator,
        on_round=reports.append,
        sleep=interrupted,
    )
    assert (done, len(reports), store.count_articles()) == (1, 1, 2)


def test_watch_opens_and_closes_the_store_of_the_settings(
    site: Site, tmp_path: Path, annotator: Annotator
) -> None:
    ledger = serve_ledger(site)
    settings = Settings(db_path=str(tmp_path / "watch.db"))
    assert watch([ledger], settings, every=1.0, rounds=1, annotator=annotator, now=lambda: MORNING) == 1
    with Store(settings.db_path) as reopened:
        assert [a.title for a in reopened.articles()] == [
            "Night ferry to return in March",
            "Tamsin bridge shut after cracks found",
        ]
        assert [s.status for s in reopened.feed_states()] == ["200: 2 entries, 2 new"]


@pytest.mark.parametrize(
    ("every", "rounds", "feeds", "message"),
    [
        (0.0, 1, ["http://x.example/rss"], "the interval between rounds must be longer than zero, not 0.0 s"),
        (60.0, 0, ["http://x.example/rss"], "rounds must be at least 1 (or None for no end), not 0"),
        (60.0, 1, [], "no feed to watch: give at least one feed URL"),
    ],
)
def test_watch_refuses_bad_arguments(every: float, rounds: int, feeds: list[str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        watch(feeds, SETTINGS, every=every, rounds=rounds)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90.0), ("15m", 900.0), ("15M", 900.0), ("1.5h", 5400.0), (" 2h ", 7200.0), (".5m", 30.0)],
)
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


USE_UNITS = "use a number followed by s, m or h (for example 90s, 15m, 2h)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("15", "invalid interval '15': use a number followed by s, m or h (for example 90s, 15m, 2h)"),
        (
            "15 min",
            "invalid interval '15 min': use a number followed by s, m or h (for example 90s, 15m, 2h)",
        ),
        ("-5m", "invalid interval '-5m': use a number followed by s, m or h (for example 90s, 15m, 2h)"),
        ("0m", "invalid interval '0m': it must be longer than zero"),
        ("", "invalid interval '': use a number followed by s, m or h (for example 90s, 15m, 2h)"),
    ],
)
def test_parse_interval_refuses(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_interval(text)
    assert str(caught.value) == message


def test_watch_command_once_then_again(site: Site, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from storyline.cli import cli

    url = serve_ledger(site)
    db = str(tmp_path / "news.db")
    runner = CliRunner()
    first = runner.invoke(cli, ["watch", url, "--once", "--db", db], catch_exceptions=False)
    assert first.exit_code == 0, first.stderr
    (line,) = first.stdout.splitlines()
    assert line.split("  ")[1:] == [url, "200: 2 entries, 2 new"]
    again = runner.invoke(cli, ["watch", url, "--once", "--db", db], catch_exceptions=False)
    assert again.stdout.splitlines()[0].split("  ")[1:] == [url, "304 not modified"]
    with Store(db) as store:
        assert store.count_articles() == 2
    (state,) = runner.invoke(cli, ["feeds", "--db", db], catch_exceptions=False).stdout.splitlines()
    assert state.split("  ")[1:] == [url, "304 not modified"]
    listed = json.loads(runner.invoke(cli, ["feeds", "--db", db, "--json"], catch_exceptions=False).stdout)
    assert [(f["url"], f["status"]) for f in listed] == [(url, "304 not modified")]
    too_often = runner.invoke(cli, ["watch", url, "--every", "30s", "--db", db])
    assert too_often.exit_code == 2
    assert "Invalid value for '--every': '30s' is shorter than one minute" in too_often.stderr
