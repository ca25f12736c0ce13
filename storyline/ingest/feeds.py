"""RSS 0.9x/1.0/2.0 and Atom feeds (feedparser): one article per entry.

Per entry: the title; the longest ``content`` (else the ``summary``/``description``), HTML stripped to text
with block elements as paragraphs; the link; the date as the feed writes it (``published``, else
``updated``; the day as printed in the feed's own time zone); the author. Outlet: the entry's ``<source>``
title, else the feed's title, else the link's host. A feed whose XML is malformed and yields no entry is a
:class:`ParseError` naming feedparser's reason; an entry with no text is a problem of its own.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from typing import Any

import feedparser

from storyline.errors import ParseError
from storyline.ingest._common import build_article, first_text, html_to_text, parse_date
from storyline.models import Article, Problem

__all__ = ["read_feed"]

LOGGER = logging.getLogger(__name__)

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})
# An entry is there when it has one of these (a malformed feed can give feedparser an empty entry).
_ENTRY_KEYS = ("title", "link", "content", "summary")
# A feed title names the outlet, often followed by a section: "Lakeside Courier - Region".
_SECTION_SEPARATOR = re.compile(r"\s+[-|–—:·»]\s+")
# A numeric character reference to no character (a UTF-16 surrogate, or past U+10FFFF) makes feedparser's
# loose parser raise UnicodeEncodeError; XML forbids them anyway, so they become U+FFFD first.
# (Found by tests/test_ingest_fuzz.py.)
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,16}));")
MAX_CODE_POINT = 0x10FFFF
SURROGATES = range(0xD800, 0xE000)


def _replace_invalid_char_ref(match: re.Match[bytes]) -> bytes:
    """``&#xD800;`` and ``&#1114112;`` become ``&#xFFFD;``; a reference to a real character stays."""
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal is not None else int(decimal)
    return b"&#xFFFD;" if code > MAX_CODE_POINT or code in SURROGATES else match.group(0)


def read_feed(data: bytes, source: str) -> list[Article | Problem]:
    """Read every entry of a feed.

    Args:
        data: the feed's bytes (feedparser reads the XML encoding declaration itself).
        source: the input's name; entries are named ``source#entry-N`` (N from 1).

    Returns:
        One article per entry with text, one problem per entry without.

    Raises:
        ParseError: the XML is malformed and no entry could be read, or the document has no entries.
    """
    parsed = feedparser.parse(io.BytesIO(_CHAR_REF.sub(_replace_invalid_char_ref, data)))
    entries = [entry for entry in parsed.get("entries") or [] if any(entry.get(k) for k in _ENTRY_KEYS)]
    if not entries:
        if parsed.get("bozo"):
            raise ParseError(source, f"malformed feed XML: {_bozo_reason(parsed.get('bozo_exception'))}")
        raise ParseError(source, "feed has no entries")
    if parsed.get("bozo"):
        reason = _bozo_reason(parsed.get("bozo_exception"))
        LOGGER.warning("%s: feed XML is not well-formed (%s); read what parsed", source, reason)
    feed_title = _outlet_from_feed_title(parsed.get("feed", {}).get("title"))
    results: list[Article | Problem] = []
    for number, entry in enumerate(entries, start=1):
        entry_source = f"{source}#entry-{number}"
        text = _entry_text(entry)
        if not text.strip():
            results.append(
                Problem(source=entry_source, error="feed entry has no text (no content or summary)")
            )
            continue
        entry_feed = entry.get("source") or {}
        try:
            article = build_article(
                source=entry_source,
                title=entry.get("title"),
                text=text,
                url=entry.get("link"),
                outlet=first_text([entry_feed.get("title"), feed_title]),
                author=entry.get("author"),
                published=_entry_date(entry),
            )
        except ParseError as err:
            results.append(Problem(source=err.source, error=err.reason))
            continue
        results.append(article)
    return results


def _entry_text(entry: Any) -> str:
    """Return an entry's text: its longest content, else its summary, HTML stripped."""
    candidates: list[tuple[str, str]] = [
        (str(item.get("value") or ""), str(item.get("type") or "")) for item in entry.get("content") or []
    ]
    if not any(value.strip() for value, _ in candidates):
        detail = entry.get("summary_detail") or {}
        candidates = [(str(entry.get("summary") or ""), str(detail.get("type") or "text/html"))]
    value, kind = max(candidates, key=lambda pair: len(pair[0]))
    return html_to_text(value) if kind in _HTML_TYPES else value


def _entry_date(entry: Any) -> dt.date | None:
    """Return an entry's publication date as the feed printed it, else as feedparser normalized it (UTC)."""
    for key in ("published", "updated", "created"):
        stated = parse_date(entry.get(key))
        if stated is not None:
            return stated
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value is not None:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _outlet_from_feed_title(title: object) -> str | None:
    """Return the outlet a feed title names: the part before a section separator ("Courier - Region")."""
    name = first_text([title])
    if name is None:
        return None
    return _SECTION_SEPARATOR.split(name, maxsplit=1)[0].strip() or name


def _bozo_reason(error: object) -> str:
    """Return a human reason for feedparser's ``bozo_exception``, with line and column when known."""
    line = getattr(error, "getLineNumber", None)
    column = getattr(error, "getColumnNumber", None)
    message = getattr(error, "getMessage", None)
    if callable(line) and callable(column) and callable(message):
        return f"{message()} at line {line()}, column {column()}"
    return str(error) or type(error).__name__
