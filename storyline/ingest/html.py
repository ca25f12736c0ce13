"""Saved HTML pages: main text and metadata through trafilatura (which dates pages with htmldate), with
JSON-LD ``NewsArticle`` metadata taking precedence when the page has it.

Precedence, field by field:

- title: JSON-LD ``headline``, else trafilatura's title (``og:title``, ``<h1>``, ``<title>``);
- published: JSON-LD ``datePublished``, else htmldate's original publication date (via trafilatura),
  else ``fallback_published`` (the WARC record's date; see :mod:`storyline.ingest.warc`);
- author: JSON-LD ``author``, else the page's author metadata, else a byline in the text;
- outlet: JSON-LD ``publisher.name``, else ``og:site_name`` (or the site name in the title), else the URL's
  host, else a byline;
- url: the URL the page was fetched from when known (a WARC record's target), else JSON-LD ``url``, else the
  page's canonical link or ``og:url``;
- text: trafilatura's main text (boilerplate removed), else JSON-LD ``articleBody``.

A truncated page gives what the parser recovers; a page with no main text at all is a :class:`ParseError`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import htmldate

from storyline.errors import ParseError
from storyline.ingest._common import build_article, first_text, parse_byline, parse_date, states_day
from storyline.models import Article
from storyline.normalize import matching_form

__all__ = ["read_html"]

LOGGER = logging.getLogger(__name__)

_JSON_LD = re.compile(
    r"<script[^>]*type\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)
# The <html lang> attribute is looked for in this many leading characters (it is the root element).
_LANG_SEARCH_CHARS = 4096
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([a-zA-Z]{2,3})\b", re.IGNORECASE)
# schema.org types whose objects describe the page's article.
_ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "SocialMediaPosting",
    }
)
# Dates: trafilatura reads the page's markup (meta tags, <time>, JSON-LD, URL) only; when that finds none,
# htmldate searches the whole page, and its answer is kept only if the page writes that day in full. The
# latest date accepted is fixed (not "today", htmldate's default) so that a page reads the same every day.
LATEST_DATE = "2100-01-01"
_MARKUP_DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": LATEST_DATE}
# How many leading paragraphs of the extracted text may repeat the title or hold a byline.
LEADING_PARAGRAPHS_CHECKED = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class JsonLdArticle:
    """The fields of a page's JSON-LD article object that Storyline uses."""

    headline: str | None = None
    published: dt.date | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    body: str | None = None
    language: str | None = None


def read_html(
    markup: str,
    source: str,
    *,
    url: str | None = None,
    fallback_published: dt.date | None = None,
) -> Article:
    """Read one saved HTML page.

    Args:
        markup: the decoded page.
        source: the input's name, kept on the article.
        url: the URL the page was fetched from, when known (it wins over the page's canonical link).
        fallback_published: the date to use when the page states none.

    Returns:
        The article.

    Raises:
        ParseError: no main text can be found (empty or truncated page, or not an article).
    """
    import trafilatura  # about 0.5 s to import: only when a page is read

    ld = find_json_ld_article(markup)
    try:
        doc = trafilatura.bare_extraction(
            markup,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=dict(_MARKUP_DATE_PARAMS),
        )
    except Exception as err:  # trafilatura has no error contract; fall back to JSON-LD below
        LOGGER.warning("trafilatura failed on %s: %s", source, err)
        doc = None
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip() and ld.body:
        text = ld.body
    if not text.strip():
        raise ParseError(
            source, "no article text found in the HTML (empty, truncated or not an article page)"
        )
    title = first_text([ld.headline, getattr(doc, "title", None)])
    paragraphs = [p.strip() for p in text.replace("\r", "").split("\n") if p.strip()]
    titles = {matching_form(t) for t in (ld.headline, getattr(doc, "title", None)) if isinstance(t, str)}
    paragraphs, byline = _strip_leading_title_and_byline(paragraphs, titles)
    if not paragraphs:
        raise ParseError(source, "no article text found in the HTML, only a title or byline")
    page_author = getattr(doc, "author", None)
    author = first_text([ld.author, page_author, byline[0] if byline else None])
    hostname = getattr(doc, "hostname", None)
    sitename = getattr(doc, "sitename", None)
    if isinstance(sitename, str) and hostname and sitename.lower().removeprefix("www.") == hostname:
        sitename = None  # trafilatura filled it in from the URL; the URL rule below does the same
    page_url = url or ld.url or getattr(doc, "url", None)
    outlet = first_text([ld.publisher, sitename])
    if outlet is None and not page_url and byline is not None:
        outlet = byline[1]
    published = (
        ld.published
        or parse_date(getattr(doc, "date", None))
        or _date_stated_in_page(markup, page_url, source)
        or fallback_published
    )
    match = _HTML_LANG.search(markup[:_LANG_SEARCH_CHARS])
    language = ld.language or (match[1].lower() if match else None)
    return build_article(
        source=source,
        title=title,
        text="\n\n".join(paragraphs),
        url=page_url,
        outlet=outlet,
        author=author,
        published=published,
        language=language,
    )


def _date_stated_in_page(markup: str, url: str | None, source: str) -> dt.date | None:
    """Return the publication day htmldate finds by searching the whole page, if the page writes that day
    in full; htmldate's coarser guesses (a copyright year as 1 January, a month as its 1st) are dropped."""
    try:
        found = htmldate.find_date(
            markup, url=url, extensive_search=True, original_date=True, max_date=LATEST_DATE
        )
    except Exception as err:  # htmldate has no error contract; a page without a date is fine
        LOGGER.debug("htmldate failed on %s: %s", source, err)
        return None
    day = parse_date(found)
    return day if day is not None and states_day(markup, day) else None


def _strip_leading_title_and_byline(
    paragraphs: list[str], titles: set[str]
) -> tuple[list[str], tuple[str, str | None] | None]:
    """Drop a leading repeat of a title (in matching form) and a byline from the first paragraphs; return
    the byline."""
    if paragraphs and matching_form(paragraphs[0]) in titles:
        paragraphs = paragraphs[1:]
    for index, paragraph in enumerate(paragraphs[:LEADING_PARAGRAPHS_CHECKED]):
        byline = parse_byline(paragraph)
        if byline is not None:
            return paragraphs[:index] + paragraphs[index + 1 :], byline
    return paragraphs, None


def find_json_ld_article(markup: str) -> JsonLdArticle:
    """Return the first JSON-LD article object of a page (empty when there is none or it is invalid)."""
    for match in _JSON_LD.finditer(markup):
        try:
            data = json.loads(match[1], strict=False)
        except ValueError as err:
            LOGGER.debug("invalid JSON-LD block skipped: %s", err)
            continue
        for item in _walk_json_ld(data):
            if _is_article(item):
                return _json_ld_fields(item)
    return JsonLdArticle()


def _walk_json_ld(data: Any) -> Iterator[dict[str, Any]]:
    """Yield every object of a JSON-LD document, including those inside ``@graph`` and lists."""
    if isinstance(data, list):
        for item in data:
            yield from _walk_json_ld(item)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _walk_json_ld(graph)


def _is_article(item: dict[str, Any]) -> bool:
    """True when a JSON-LD object's ``@type`` is an article type."""
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.removeprefix("schema:") in _ARTICLE_TYPES for k in kinds)


def _json_ld_fields(item: dict[str, Any]) -> JsonLdArticle:
    """Return the fields Storyline uses from a JSON-LD article object."""
    url = item.get("url")
    if not isinstance(url, str):
        page = item.get("mainEntityOfPage")
        url = page.get("@id") if isinstance(page, dict) else page
    language = item.get("inLanguage")
    return JsonLdArticle(
        headline=_as_text(item.get("headline") or item.get("name")),
        published=parse_date(item.get("datePublished") or item.get("dateCreated")),
        author=_names(item.get("author")),
        publisher=_names(item.get("publisher")),
        url=url if isinstance(url, str) and url.startswith(("http://", "https://")) else None,
        body=_as_text(item.get("articleBody")),
        language=language.split("-")[0].lower() if isinstance(language, str) and language else None,
    )


def _as_text(value: Any) -> str | None:
    """Return ``value`` when it is a non-blank string."""
    return value if isinstance(value, str) and value.strip() else None


def _names(value: Any) -> str | None:
    """Return the name(s) of a JSON-LD person/organization value (a string, an object or a list), joined."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and name.strip() not in names:
            names.append(name.strip())
    return ", ".join(names) or None
