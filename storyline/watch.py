"""Watching feeds: poll each feed with a conditional request and ingest its new articles into the store.

One round (:func:`watch_once`) checks every feed once. The feed's state in the store (ETag, Last-Modified,
when it was checked and what happened) gives the validators of the next request, so an unchanged feed
costs one ``304 Not Modified`` and ingests nothing. A changed feed is read like a URL input
(:func:`storyline.ingest.urls.read_response`: entries, with summary-only entries replaced by their linked
pages) and its articles are stored and annotated as ``storyline ingest`` does; ids come from the entries'
links, so an entry seen again is never new again. :func:`watch` repeats rounds at a fixed interval.

The feeds of a round are fetched concurrently (:data:`FETCH_WORKERS` requests at a time, so one slow
server does not hold up the others); reading and storing their entries stay one feed at a time, in the
order given.

A feed that cannot be fetched does not stop the round: its state records the error (keeping the previous
validators) and the next feed is polled. Fetch errors of a feed are not added to the store's problems (a
feed that is down for an hour would otherwise fill them); problems met inside a fetched feed (an entry
without text, a link that cannot be read) are, as for ``storyline ingest``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from storyline.annotate import Annotator
from storyline.config import Settings
from storyline.errors import ConfigError, IngestError, StorageError, StorylineError
from storyline.ingest.fetch import Fetched, fetch
from storyline.ingest.urls import read_response
from storyline.models import Article, FeedState, Problem
from storyline.pipeline import Progress, ingest_items
from storyline.render import plural
from storyline.store import StoreBackend, open_store

__all__ = ["FeedReport", "WatchReport", "parse_interval", "watch", "watch_once"]

LOGGER = logging.getLogger(__name__)

NOT_MODIFIED_STATUS = "304 not modified"
# Feed requests in flight at once during a round. Fetching is waiting on the network: 200 feeds that take
# a second each are polled in about 25 s instead of 200 s, well inside a 15-minute interval. Eight is the
# common per-client limit of feed readers and crawlers (browsers open six to eight connections a host).
FETCH_WORKERS = 8
_INTERVAL = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>[smh])\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1.0, "m": 60.0, "h": 3600.0}


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedReport:
    """What polling one feed did."""

    url: str
    status: str  # as recorded in FeedState.status: "200: 3 entries, 1 new", "304 not modified", "error: …"
    http_status: int | None = None  # 200 or 304; None when the feed could not be fetched
    final_url: str | None = None  # after redirects
    entries: int = 0  # entries the feed listed (200 only)
    new: int = 0  # articles that were not in the store before
    problems: tuple[Problem, ...] = ()  # problems met inside the feed (entries, linked pages)
    error: str | None = None  # why the feed could not be polled


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchReport:
    """What one round over the watched feeds did, feed by feed in the order given."""

    checked_at: str  # when the round started, UTC, ISO 8601
    feeds: tuple[FeedReport, ...]

    @property
    def new(self) -> int:
        """Articles new to the store in this round, over all feeds."""
        return sum(feed.new for feed in self.feeds)

    @property
    def errors(self) -> int:
        """Feeds that could not be polled in this round."""
        return sum(1 for feed in self.feeds if feed.error is not None)


def parse_interval(text: str) -> float:
    """Return the seconds an interval such as ``90s``, ``15m`` or ``1.5h`` stands for.

    Raises:
        ConfigError: not a positive number followed by ``s``, ``m`` or ``h``.
    """
    match = _INTERVAL.match(text)
    if match is None:
        raise ConfigError(
            f"invalid interval {text!r}: use a number followed by s, m or h (for example 90s, 15m, 2h)"
        )
    seconds = float(match["number"]) * _UNIT_SECONDS[match["unit"].lower()]
    if seconds <= 0:
        raise ConfigError(f"invalid interval {text!r}: it must be longer than zero")
    return seconds


def _utc_now() -> dt.datetime:
    """Return the current time, UTC."""
    return dt.datetime.now(dt.UTC)


def watch_once(
    feed_urls: Sequence[str],
    settings: Settings,
    *,
    store: StoreBackend,
    annotator: Annotator | None = None,
    progress: Progress | None = None,
    now: Callable[[], dt.datetime] = _utc_now,
) -> WatchReport:
    """Poll each feed once, conditionally, ingest what is new and record each feed's state.

    Args:
        feed_urls: the feeds' http(s) URLs (a URL given twice is polled once).
        settings: the run's options (``max_input_bytes`` bounds each response).
        store: where articles, annotations, problems and feed states are kept.
        annotator: annotates new articles (default: a new :class:`Annotator`).
        progress: called with ("Polling feeds", 1, number of feeds) after each feed.
        now: the clock for ``checked_at`` (tests pass a fixed one).

    Returns:
        One report per feed, in the order given. Never raises for a feed that cannot be fetched or read.

    Raises:
        StorageError: the store cannot be read at the start of the round.
    """
    annotator = annotator or Annotator()
    urls = list(dict.fromkeys(feed_urls))
    checked_at = now().isoformat(timespec="seconds")
    known = store.article_ids()
    validators = {url: _validators(url, store) for url in urls}
    reports: list[FeedReport] = []
    pool = ThreadPoolExecutor(max_workers=min(FETCH_WORKERS, len(urls) or 1), thread_name_prefix="feed")
    try:
        fetching = {
            url: pool.submit(
                fetch, url, etag=etag, last_modified=modified, max_bytes=settings.max_input_bytes
            )
            for url, (etag, modified) in validators.items()
        }
        for url in urls:
            reports.append(
                _poll(url, fetching[url], validators[url], settings, store=store, annotator=annotator,
                      known=known, now=now)
            )  # fmt: skip
            if progress is not None:
                progress("Polling feeds", 1, len(urls))
    finally:  # an interrupted round does not wait for the fetches it will not read
        pool.shutdown(wait=False, cancel_futures=True)
    return WatchReport(checked_at=checked_at, feeds=tuple(reports))


def watch(
    feed_urls: Sequence[str],
    settings: Settings,
    *,
    every: float,
    rounds: int | None = None,
    store: StoreBackend | None = None,
    annotator: Annotator | None = None,
    progress: Progress | None = None,
    on_round: Callable[[WatchReport], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], dt.datetime] = _utc_now,
) -> int:
    """Poll the feeds every ``every`` seconds, ``rounds`` times (None: until interrupted).

    Rounds start ``every`` seconds apart (a round that takes longer is followed at once by the next).
    Ctrl-C (KeyboardInterrupt) stops the loop cleanly: a round cut short keeps the feeds it finished, and
    the interrupted feed's writes are rolled back, so the next run polls it again.

    Args:
        feed_urls: the feeds' http(s) URLs.
        settings: the run's options; the store is ``settings.db_path`` (a file or a PostgreSQL URL)
            unless ``store`` is given.
        every: seconds between the starts of two rounds (see :func:`parse_interval`).
        rounds: how many rounds to run; None runs until interrupted.
        store: the store to use (default: :func:`~storyline.store.open_store` on ``settings.db_path``,
            closed at the end).
        annotator: annotates new articles (default: one :class:`Annotator` for all rounds).
        progress: passed to :func:`watch_once`.
        on_round: called with each round's report as soon as the round ends (the CLI prints it).
        sleep: waits between rounds (tests pass a fake).
        clock: monotonic seconds, to time the rounds (tests pass a fake).
        now: the wall clock for ``checked_at``.

    Returns:
        The number of rounds completed.

    Raises:
        ConfigError: ``every`` is not positive, ``rounds`` is below 1, or there is no feed.
        StorageError: the store cannot be opened.
    """
    if every <= 0:
        raise ConfigError(f"the interval between rounds must be longer than zero, not {every} s")
    if rounds is not None and rounds < 1:
        raise ConfigError(f"rounds must be at least 1 (or None for no end), not {rounds}")
    if not feed_urls:
        raise ConfigError("no feed to watch: give at least one feed URL")
    annotator = annotator or Annotator()
    owned = store is None
    active = open_store(settings.db_path) if store is None else store
    done = 0
    try:
        while rounds is None or done < rounds:
            started = clock()
            report = watch_once(
                feed_urls, settings, store=active, annotator=annotator, progress=progress, now=now
            )
            done += 1
            if on_round is not None:
                on_round(report)
            if rounds is not None and done >= rounds:
                break
            sleep(max(0.0, started + every - clock()))
    except KeyboardInterrupt:
        LOGGER.info("watch interrupted after %d complete rounds", done)
    finally:
        if owned:
            active.close()
    return done


def _validators(url: str, store: StoreBackend) -> tuple[str | None, str | None]:
    """The ETag and Last-Modified of the feed's previous response (none when the store cannot say)."""
    try:
        previous = store.feed_state(url)
    except StorageError as err:
        LOGGER.warning("%s: could not read the feed's state, fetching it whole: %s", url, err)
        return None, None
    return (previous.etag, previous.last_modified) if previous is not None else (None, None)


def _poll(
    url: str,
    fetching: Future[Fetched],
    validators: tuple[str | None, str | None],
    settings: Settings,
    *,
    store: StoreBackend,
    annotator: Annotator,
    known: set[str],
    now: Callable[[], dt.datetime],
) -> FeedReport:
    """Ingest what is new in one feed's response, record its state; errors become the report's and state's
    status (a failed fetch keeps the previous validators)."""
    etag, last_modified = validators
    try:
        fetched = fetching.result()
        report = _ingest_response(fetched, settings, store=store, annotator=annotator, known=known)
        etag, last_modified = fetched.etag, fetched.last_modified
    except IngestError as err:
        report = _failed(url, err.reason)
    except StorylineError as err:  # the store failed: this feed's error, the round goes on
        LOGGER.warning("%s: could not ingest the feed: %s", url, err)
        report = _failed(url, str(err))
    except Exception as err:  # a bug on odd input must not stop a service polling other feeds
        LOGGER.exception("%s: unexpected error while polling", url)
        report = _failed(url, f"unexpected error ({type(err).__name__}: {err})")
    state = FeedState(
        url=url,
        etag=etag,
        last_modified=last_modified,
        checked_at=now().isoformat(timespec="seconds"),
        status=report.status,
    )
    try:
        store.put_feed_state(state)
    except StorageError as err:
        LOGGER.warning("%s: could not record the feed's state: %s", url, err)
    return report


def _ingest_response(
    fetched: Fetched, settings: Settings, *, store: StoreBackend, annotator: Annotator, known: set[str]
) -> FeedReport:
    """Read a fetched feed (nothing for a 304) and ingest its articles and problems into the store."""
    if fetched.not_modified:
        return FeedReport(
            url=fetched.url,
            status=NOT_MODIFIED_STATUS,
            http_status=fetched.status,
            final_url=fetched.final_url,
        )
    read = read_response(fetched, settings, known_ids=known)
    ingested = ingest_items(read.items, store, annotator=annotator)
    known.update(item.id for item in read.items if isinstance(item, Article))
    status = f"{fetched.status}: {plural(read.entries, 'entry', 'entries')}, {ingested.new} new"
    if ingested.problems:
        status += f", {plural(len(ingested.problems), 'problem', 'problems')}"
    return FeedReport(
        url=fetched.url,
        status=status,
        http_status=fetched.status,
        final_url=fetched.final_url,
        entries=read.entries,
        new=ingested.new,
        problems=ingested.problems,
    )


def _failed(url: str, reason: str) -> FeedReport:
    """Return the report of a feed that could not be polled."""
    return FeedReport(url=url, status=f"error: {reason}", error=reason)
