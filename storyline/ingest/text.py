"""Plain-text articles, as scrapers leave them.

Layout read (everything optional except some text)::

     date 2020-10-16
     url https://harborgazette.example/news/ferry
    outlet The Harbor Gazette
    Ferry service resumes after storm
    By Jane Roe, The Harbor Gazette
    The first ferry left Port Elm at dawn on Friday...

- Header lines come first: ``date``, ``published``, ``url``, ``outlet``, ``source`` (the outlet), ``author``,
  in lower case followed by a space, or in any case followed by a colon; leading spaces are ignored.
- A ``date``/``published``/``url`` header may run into the title on the same line
  (`` date 2020-10-16 Ferry service resumes Its standfirst...``): the value is only the date (ISO,
  "16 October 2020", "Oct. 16, 2020", ...) or the URL, and what follows starts the article. If what follows
  contains a run of two or more spaces or a tab, that run separates the title from the next paragraph.
  ``outlet``/``source``/``author`` values take the rest of their line.
- Lines of only whitespace or no-break spaces are blank.
- The first remaining line is the title unless it reads as a paragraph (long and ending like a sentence);
  then the article states no title and one is derived from its first sentence (``title_derived``).
- A byline in the first lines of the body ("By Jane Roe, The Harbor Gazette") gives the author and, when no
  header or URL names it, the outlet; the byline line is not part of the body.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from storyline.errors import ParseError
from storyline.ingest._common import (
    DATE_PREFIX,
    build_article,
    date_from_match,
    is_http_url,
    parse_byline,
    parse_date,
    reads_as_paragraph,
)
from storyline.models import Article

__all__ = ["read_text"]

LOGGER = logging.getLogger(__name__)

_HEADER_KEYS = ("date", "published", "url", "outlet", "source", "author")
_HEADER_LOWER = re.compile(r"^(?P<key>" + "|".join(_HEADER_KEYS) + r")(?:\s*:\s*|\s+)(?P<rest>.*)$")
_HEADER_COLON = re.compile(r"^(?P<key>" + "|".join(_HEADER_KEYS) + r")\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]")
_RUN_IN_SEPARATOR = re.compile(r"\s{2,}|\t")
# How many leading body paragraphs may hold a byline.
BYLINE_SEARCH_PARAGRAPHS = 3


@dataclass(slots=True)
class _Header:
    """Header values found before the title (mutable while parsing)."""

    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    lines: list[str] = field(default_factory=list)


def read_text(text: str, source: str) -> Article:
    """Read one plain-text article.

    Args:
        text: the decoded file.
        source: the input's name, kept on the article.

    Returns:
        The article.

    Raises:
        ParseError: the text holds no article (empty, or only header lines, or a title with no body).
    """
    lines = [line.strip() for line in _LINE_BREAKS.split(_ODD_SPACES.sub(" ", text))]
    header, content = _split_header(lines)
    while content and not content[0]:
        content.pop(0)
    if not content:
        reason = "no article text after the header lines" if header.lines else "empty file (no text)"
        raise ParseError(source, reason)
    first = content[0]
    if reads_as_paragraph(first):
        title: str | None = None
        body_lines = content
    else:
        title = first
        body_lines = content[1:]
    body_lines = _take_byline(body_lines, header)
    body = "\n".join(body_lines).strip()
    if not body:
        raise ParseError(source, f"only a title ({first[:60]!r}), no article text")
    return build_article(
        source=source,
        title=title,
        text=body,
        url=header.url,
        outlet=header.outlet,
        author=header.author,
        published=header.published,
    )


def _split_header(lines: list[str]) -> tuple[_Header, list[str]]:
    """Return the header values and the remaining lines (title first)."""
    header = _Header()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line:
            index += 1
            continue
        rest = _consume_headers(line, header)
        if rest is None:
            break
        index += 1
        if rest:
            # A header ran into the title: what follows it starts the article.
            return header, [*_RUN_IN_SEPARATOR.split(rest), *lines[index:]]
    return header, lines[index:]


def _consume_headers(line: str, header: _Header) -> str | None:
    """Parse the header(s) at the start of ``line`` into ``header``; return what follows, or None when the
    line is not a header line."""
    consumed = False
    rest = line
    while rest:
        match = _HEADER_LOWER.match(rest) or _HEADER_COLON.match(rest)
        if match is None:
            break
        key, value = match["key"].lower(), match["rest"]
        remainder = _consume_one(key, value, header)
        if remainder is None:
            break
        header.lines.append(rest[: len(rest) - len(remainder)].strip())
        consumed = True
        rest = remainder.strip()
    return rest if consumed else None


def _consume_one(key: str, value: str, header: _Header) -> str | None:
    """Store one header's value; return the text after the value, or None when the value does not fit."""
    if key in ("date", "published"):
        match = DATE_PREFIX.match(value)
        if match is None:
            parsed = parse_date(value)
            if parsed is None:
                return None
            header.published = header.published or parsed
            return ""
        header.published = header.published or date_from_match(match)
        return value[match.end() :]
    if key == "url":
        token, _, remainder = value.strip().partition(" ")
        if not is_http_url(token):
            return None
        header.url = header.url or token
        return remainder
    if not value.strip():
        return None
    if key == "author":
        header.author = header.author or value.strip()
    else:
        header.outlet = header.outlet or value.strip()
    return ""


def _take_byline(body_lines: list[str], header: _Header) -> list[str]:
    """Remove a byline among the first body lines, keeping its author and outlet in ``header``."""
    seen = 0
    for index, line in enumerate(body_lines):
        if not line:
            continue
        seen += 1
        if seen > BYLINE_SEARCH_PARAGRAPHS:
            break
        parsed = parse_byline(line)
        if parsed is None:
            continue
        author, outlet = parsed
        header.author = header.author or author
        if outlet and not header.outlet and not header.url:
            header.outlet = outlet
        return body_lines[:index] + body_lines[index + 1 :]
    return body_lines
