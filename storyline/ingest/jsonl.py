"""JSON Lines: one article per line, an object with ``text`` or ``html`` and optionally ``url``, ``outlet``,
``title``, ``published``, ``author``, ``language``. Common other names are read too: ``body``/``content``
for ``text``, ``link`` for ``url``, ``headline`` for ``title``, ``site_name`` for ``outlet``,
``date``/``published_at`` for ``published`` (a string, or a number of Unix seconds or milliseconds, read
as a UTC day).

``html`` holding a whole page is read like a saved page (:mod:`storyline.ingest.html`) and the line's own
fields win over the page's metadata; an HTML fragment is stripped to text. A line that is not a JSON object,
or has no text, is a problem named ``source:line N`` (N from 1); the other lines are still read. A file that
is one pretty-printed JSON object, or one JSON array of objects, is read as those records
(``source#record-N``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any

from storyline.errors import ParseError
from storyline.ingest._common import build_article, html_to_text, parse_date
from storyline.ingest.html import read_html
from storyline.models import Article, Problem

__all__ = ["read_jsonl"]

LOGGER = logging.getLogger(__name__)

# Each field and the names it is read from, first found wins.
_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "url": ("url", "link"),
    "outlet": ("outlet", "site_name"),
    "title": ("title", "headline"),
    "author": ("author",),
    "language": ("language",),
    "text": ("text", "body", "content"),
    "html": ("html",),
    "published": ("published", "date", "published_at"),
}
# A numeric timestamp above this is in milliseconds (1e11 seconds is the year 5138; 1e11 ms is 1973).
_MILLISECONDS_FROM = 1e11
_WHOLE_PAGE = re.compile(r"<(?:!doctype|html|head|body)\b", re.IGNORECASE)


def read_jsonl(text: str, source: str) -> list[Article | Problem]:
    """Read every line of a JSON Lines file.

    Args:
        text: the decoded file.
        source: the input's name.

    Returns:
        One article or problem per non-blank line, in order.
    """
    # Only "\n" ends a line: JSON strings may hold U+2028 and other characters str.splitlines() breaks on.
    lines = text.split("\n")
    first = next((line for line in lines if line.strip()), "")
    if first.strip() in ("{", "[") or first.lstrip().startswith("["):
        whole = _read_whole_document(text, source)
        if whole is not None:
            return whole
    results: list[Article | Problem] = []
    loads = json.loads
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        line_source = f"{source}:line {number}"
        try:
            record = loads(line)
        except ValueError as err:
            results.append(Problem(source=line_source, error=_json_reason(err)))
            continue
        except RecursionError:
            results.append(Problem(source=line_source, error="invalid JSON: nested too deeply"))
            continue
        results.append(_record_item(record, line_source))
    return results


def _read_whole_document(text: str, source: str) -> list[Article | Problem] | None:
    """Read a file that is one JSON object or array of objects; None when it is not valid JSON."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    records = data if isinstance(data, list) else [data]
    if len(records) == 1 and not isinstance(data, list):
        return [_record_item(records[0], source)]
    return [_record_item(record, f"{source}#record-{n}") for n, record in enumerate(records, start=1)]


def _record_item(record: Any, source: str) -> Article | Problem:
    """Return the article a record describes, or the problem with it."""
    try:
        return read_record(record, source)
    except ParseError as err:
        return Problem(source=err.source, error=err.reason)


def read_record(record: Any, source: str) -> Article:
    """Read one JSON record (a dict) into an article.

    Raises:
        ParseError: the record is not an object, a field has the wrong type, or it has no text.
    """
    if not isinstance(record, dict):
        raise ParseError(source, f"expected a JSON object, got {type(record).__name__}")
    stamp = _epoch_date(record)
    fields = {
        name: _field(record, name, source) for name in _FIELD_NAMES if not (name == "published" and stamp)
    }
    published = stamp or parse_date(fields.get("published"))
    if fields.get("published") is not None and published is None:
        LOGGER.warning("%s: unreadable date %r ignored", source, fields["published"])
    text = fields["text"] or ""
    markup = fields["html"] or ""
    if not text.strip() and markup.strip() and _WHOLE_PAGE.search(markup[:2048]):
        page = read_html(markup, source, url=fields["url"], fallback_published=None)
        return build_article(
            source=source,
            title=fields["title"] or (None if page.title_derived else page.title),
            text=page.text,
            url=fields["url"] or page.url,
            outlet=fields["outlet"] or page.outlet,
            author=fields["author"] or page.author,
            published=published or page.published,
            language=fields["language"] or page.language,
        )
    if not text.strip() and markup.strip():
        text = html_to_text(markup)
    if not text.strip():
        raise ParseError(source, "no text: the record needs a non-empty 'text' or 'html' field")
    return build_article(
        source=source,
        title=fields["title"],
        text=text,
        url=fields["url"],
        outlet=fields["outlet"],
        author=fields["author"],
        published=published,
        language=fields["language"],
    )


def _epoch_date(record: dict[str, Any]) -> dt.date | None:
    """Return the UTC day of a numeric ``published``/``date`` (Unix seconds, or milliseconds), else None."""
    for key in _FIELD_NAMES["published"]:
        value = record.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            seconds = value / 1000 if abs(value) > _MILLISECONDS_FROM else value
            try:
                return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
            except (OverflowError, OSError, ValueError):
                return None
    return None


def _field(record: dict[str, Any], name: str, source: str) -> str | None:
    """Return a record's value for ``name`` under any of its names; raise ParseError when not a string."""
    for key in _FIELD_NAMES[name]:
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ParseError(source, f"field {key!r} must be a string, got {type(value).__name__}")
        return value
    return None


def _json_reason(err: ValueError) -> str:
    """Return a human reason for a JSON decoding error, with its column."""
    message = str(getattr(err, "msg", err)).removesuffix(" starting at").removesuffix(" at")
    column = getattr(err, "colno", None)
    return f"invalid JSON at column {column}: {message}" if column else f"invalid JSON: {message}"
