"""URL inputs: fetch a feed or a page over HTTP(S) and read it like a file with the same bytes.

The response's bytes go to the content sniffing of :func:`storyline.ingest.read_bytes` with the URL as the
source, so a feed URL gives its entries (``URL#entry-N``) and a page URL its article. Two differences with
a saved file, both because the URL is known here:

- a page is read with the URL it was fetched from (after redirects), which wins over its canonical link,
  exactly as an archived page is read with its WARC target (:mod:`storyline.ingest.warc`); so the article's
  id is the hash of that URL and is the same on every re-read;
- a feed entry that carries only a short summary (fewer than :data:`SUMMARY_MAX_WORDS` words) is replaced
  by the page its link points to (at most :data:`MAX_LINKS_PER_FEED` links per feed and call). The article
  keeps the entry's id, source, title, outlet and date, and takes the page's text; a link that cannot be
  fetched or read is a :class:`Problem` naming the link, and the entry's summary is kept.

A charset declared in the ``Content-Type`` header is honoured for pages and text (the file readers only
see bytes and would have to guess); feeds keep their bytes, whose XML declaration feedparser reads.
"""

from __future__ import annotations

import logging
from collections.abc import Container, Iterator
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from storyline.config import Settings
from storyline.errors import IngestError
from storyline.ingest.fetch import Fetched, fetch, is_private_host
from storyline.ingest.html import read_html
from storyline.models import Article, Problem
from storyline.normalize import fix_encoding

__all__ = ["MAX_LINKS_PER_FEED", "SUMMARY_MAX_WORDS", "UrlRead", "read_response", "read_url"]

LOGGER = logging.getLogger(__name__)

# A feed entry with fewer words than this is a teaser, and its link is fetched for the full text. Teasers
# (RSS <description>) are one to three sentences, about 15-60 words; the body of a news report is rarely
# under 150 words. Chosen by hand between the two, not tuned on a corpus.
SUMMARY_MAX_WORDS = 100
# At most this many entry links are fetched per feed and call: a news feed lists 10-50 entries, and a
# watch round re-reads a changed feed whole, so this bounds one feed's extra requests (and, at the fetch
# timeout of 10 s each, its worst case to a few minutes) without hammering the outlet's site.
MAX_LINKS_PER_FEED = 20

_UTF8_NAMES = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True, slots=True, kw_only=True)
class UrlRead:
    """What one fetched response held: its articles and problems, and how many feed entries it listed."""

    items: tuple[Article | Problem, ...]
    entries: int  # feed entries listed (read, unreadable, or left out as known); else articles read
    is_feed: bool


def read_url(
    url: str, settings: Settings, *, known_ids: Container[str] = frozenset()
) -> Iterator[Article | Problem]:
    """Fetch ``url`` and read the feed or page it serves.

    Args:
        url: an http(s) URL; it is the ``source`` of what is read (``URL#entry-N`` for feed entries).
        settings: the run's options (``max_input_bytes`` bounds the body, and each linked page).
        known_ids: ids already stored; a summary-only entry with one of them is neither fetched again nor
            yielded (its stored text may be the full page, which the teaser must not replace).

    Yields:
        Articles and problems, in feed order. Never raises for a URL that cannot be fetched or read: that is
        a :class:`Problem` whose ``source`` is ``url`` (or the entry's link) and whose ``error`` says why.
    """
    try:
        fetched = fetch(url, max_bytes=settings.max_input_bytes, public_only=settings.public_urls_only)
    except IngestError as err:
        yield Problem(source=err.source, error=err.reason)
        return
    yield from read_response(fetched, settings, known_ids=known_ids).items


def read_response(
    fetched: Fetched, settings: Settings, *, known_ids: Container[str] = frozenset()
) -> UrlRead:
    """Read a fetched response (status 200): a feed's entries, short ones replaced by their pages, or a page.

    Args:
        fetched: the response; ``fetched.url`` (as requested) is the source of what is read.
        settings: the run's options.
        known_ids: ids already stored (see :func:`read_url`).

    Returns:
        The articles and problems in input order, and the number of feed entries. Never raises.
    """
    # Imported here: the package's __init__ imports this module for read_inputs.
    from storyline.ingest import InputKind, read_bytes, sniff_kind

    source = fetched.url
    data = fetched.body
    kind = sniff_kind(data)
    if kind is not InputKind.FEED and kind is not InputKind.WARC:  # these declare their own encodings
        data = _as_utf8(fetched)
        kind = sniff_kind(data)
    if kind is InputKind.HTML:
        page = _read_page(data, source, fetched.final_url)
        return UrlRead(items=(page,), entries=int(isinstance(page, Article)), is_feed=False)
    items = read_bytes(data, source, settings)
    if kind is not InputKind.FEED:
        articles = sum(1 for item in items if isinstance(item, Article))
        return UrlRead(items=tuple(items), entries=articles, is_feed=False)
    entries = sum(1 for item in items if item.source.startswith(f"{source}#entry-"))
    # Links may point into a private network only when the feed itself is there (an intranet feed):
    # a public feed's author must not make Storyline read the machine's own network.
    public_only = settings.public_urls_only or not is_private_host(urlsplit(fetched.final_url).hostname or "")
    expanded = _expand_summaries(items, settings, known_ids, public_only=public_only)
    return UrlRead(items=tuple(expanded), entries=entries, is_feed=True)


def _read_page(data: bytes, source: str, final_url: str) -> Article | Problem:
    """Read an HTML response as one article whose URL is the final URL fetched."""
    try:
        return read_html(fix_encoding(data, source), source, url=final_url)
    except IngestError as err:
        return Problem(source=err.source, error=err.reason)
    except Exception as err:  # a bug or a library failure on odd input: report it, as read_bytes does
        LOGGER.warning("unexpected error reading %s", source, exc_info=True)
        return Problem(source=source, error=f"unexpected error while reading ({type(err).__name__}: {err})")


def _as_utf8(fetched: Fetched) -> bytes:
    """Return the body re-encoded as UTF-8 when the header declares another charset that decodes it."""
    body, charset = fetched.body, fetched.charset
    if not charset or charset in _UTF8_NAMES or body.startswith(_BOMS):
        return body
    try:
        return body.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):  # an unknown or wrong charset: let the readers detect one
        LOGGER.debug("%s: declared charset %s does not decode the body; detecting", fetched.url, charset)
        return body


def _expand_summaries(
    items: list[Article | Problem], settings: Settings, known_ids: Container[str], *, public_only: bool
) -> Iterator[Article | Problem]:
    """Replace summary-only entries by their linked pages, at most MAX_LINKS_PER_FEED fetches."""
    budget = MAX_LINKS_PER_FEED
    for item in items:
        if not isinstance(item, Article) or item.url is None or item.words >= SUMMARY_MAX_WORDS:
            yield item
            continue
        if item.id in known_ids:
            LOGGER.debug("%s: summary-only entry %s already stored; link not fetched", item.source, item.id)
            continue
        if budget == 0:
            LOGGER.info("%s: link not fetched (over %d links per feed)", item.source, MAX_LINKS_PER_FEED)
            yield item
            continue
        budget -= 1
        page = _read_link(item.url, settings, public_only=public_only)
        if isinstance(page, Problem):
            yield item
            yield page
        else:
            yield _with_page_text(item, page)


def _read_link(link: str, settings: Settings, *, public_only: bool) -> Article | Problem:
    """Fetch and read an entry's link as one HTML article, or the problem that prevented it (source: the
    link). Only an HTML page is read: a feed there is not followed further (no chains of feeds), and
    other content (plain text, JSON) is not taken for an article."""
    from storyline.ingest import InputKind, sniff_kind  # see read_response

    try:
        fetched = fetch(link, max_bytes=settings.max_input_bytes, public_only=public_only)
    except IngestError as err:
        return Problem(source=err.source, error=err.reason)
    data = _as_utf8(fetched)
    if sniff_kind(data) is not InputKind.HTML:
        return Problem(source=link, error="the entry's link is not an article page (not HTML)")
    return _read_page(data, link, fetched.final_url)


def _with_page_text(entry: Article, page: Article) -> Article:
    """Return the entry with the page's text (when longer), and the page's values for what the entry lacks."""
    if page.words <= entry.words:
        LOGGER.info("%s: linked page has no more text than the summary; summary kept", entry.source)
        return entry
    use_page_title = entry.title_derived and not page.title_derived
    return replace(
        entry,
        text=page.text,
        title=page.title if use_page_title else entry.title,
        title_derived=entry.title_derived and not use_page_title,
        outlet=entry.outlet or page.outlet,
        author=entry.author or page.author,
        published=entry.published or page.published,
        language=page.language,
    )
