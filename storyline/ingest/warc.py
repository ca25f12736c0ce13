"""WARC and ARC archives (warcio), gzipped per record or not: every successful HTML response is an article.

- The article's URL is the record's ``WARC-Target-URI`` (the address the page was fetched from).
- Its date is the one the page states (JSON-LD, htmldate); only when the page states none is the record's
  ``WARC-Date`` used. A capture date is when the crawler saw the page, which can be days or years after
  publication, so it is a fallback and never overrides the page.
- Records that are not HTML (images, scripts, requests, metadata), and responses that are not 2xx, are
  skipped without a problem: they are not articles.
- A record that cannot be read is a problem named ``source#record-N`` (N counts records from 1); reading goes
  on from the next record header found after it, so one corrupt record does not lose the rest of the archive.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.config import DEFAULT_MAX_INPUT_BYTES
from storyline.errors import ParseError
from storyline.ingest._common import parse_date
from storyline.ingest.html import read_html
from storyline.models import Article, Problem
from storyline.normalize import fix_encoding

__all__ = ["read_warc"]

LOGGER = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TARGET_URI = re.compile(r"^<?[A-Za-z][A-Za-z0-9+.-]*:[!-~]*>?$")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
# Where a new record can start after a corrupt one: a gzip member header, a WARC header line, an ARC header.
_GZIP_MEMBER = b"\x1f\x8b\x08"
_RECORD_START = re.compile(
    rb"(?:(?<=\n)|^)(WARC/1\.[01]\r?\n|https?://\S+ \d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3} \d{14} )"
)
# Give up after this many corrupt records in one archive: past that the file is not a WARC worth reading and
# each resync costs a scan of the rest of the file.
MAX_CORRUPT_RECORDS = 100
# Give up looking for the next record after this many tries (each costs one failed parse at a candidate).
MAX_RESYNC_ATTEMPTS = 1000
# Records that are not pages are skipped by reading them in chunks of this size (warcio's own buffer size).
_DRAIN_CHUNK_BYTES = 16384
# Longest reason quoted from a warcio error message.
_MAX_REASON_CHARS = 120


def read_warc(
    data: bytes, source: str, *, max_page_bytes: int = DEFAULT_MAX_INPUT_BYTES
) -> list[Article | Problem]:
    """Read every HTML response of a WARC or ARC archive.

    Args:
        data: the archive's bytes (gzipped or not).
        source: the input's name; records are named ``source#record-N``.
        max_page_bytes: a page whose decoded payload is larger is a problem (a gzip bomb stays bounded).

    Returns:
        One article per readable HTML response, one problem per corrupt record or unreadable page.

    Raises:
        ParseError: the archive has no record at all that warcio can read.
    """
    # warcio prints some warnings straight to sys.stderr; turn them into log records instead.
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        results, number = _read_all(data, source, max_page_bytes)
    for line in captured.getvalue().splitlines():
        if line.strip():
            LOGGER.warning("%s: warcio: %s", source, line.strip())
    if number == 0:
        raise ParseError(source, "no readable WARC/ARC record")
    return results


def _read_all(data: bytes, source: str, limit: int) -> tuple[list[Article | Problem], int]:
    """Read all records, resuming after corrupt ones; return the items and the number of records seen.

    After a failure, reading resumes at the first record header after the start of the last good record.
    When that is the failed record's own header (or one before where warcio failed: the record before ran
    over), it is a retry: a fresh parse often succeeds, and then nothing was lost. Otherwise, or when the
    retry fails too, the record is reported and reading scans on for the next header.
    """
    results: list[Article | Problem] = []
    gzipped = data.startswith(b"\x1f\x8b")
    start, number, corrupt, attempts = 0, 0, 0, 0
    pending: Problem | None = None  # the failure not yet reported, while retrying
    mode = "read"  # "retry": at the failed record's header; "scan": looking past a damaged record
    while start < len(data) and attempts < MAX_RESYNC_ATTEMPTS:
        attempts += 1
        outcomes = list(_iterate(data, start, source, number - 1 if mode == "retry" else number, limit))
        failure = outcomes[-1] if outcomes and outcomes[-1].failed_offset is not None else None
        if mode != "read" and failure is not None and len(outcomes) == 1:
            if pending is not None:
                results.append(pending)  # the retry failed as well: the record itself is damaged
                pending = None
            resume = _next_record_start(data, start + 1, gzipped=gzipped)
            if resume is None:
                break
            start, mode = resume, "scan"
            continue
        pending = None  # a retry that reads: the record was fine
        for outcome in outcomes:
            number = outcome.number
            if outcome is not failure and outcome.item is not None:
                results.append(outcome.item)
        if failure is None:
            break
        pending = failure.item if isinstance(failure.item, Problem) else None
        corrupt += 1
        if corrupt >= MAX_CORRUPT_RECORDS:
            results.append(Problem(source=source, error=f"gave up after {corrupt} corrupt records"))
            pending = None
            break
        resume = _next_record_start(data, failure.search_from, gzipped=gzipped)
        if resume is None:
            break
        if resume <= _skip_blank_lines(data, failure.failed_offset or 0):
            mode = "retry"
        elif pending is not None:
            results.append(pending)  # the failed record's own header is damaged: it is lost
            pending, mode = None, "scan"
        start = resume
    if pending is not None:
        results.append(pending)
    return results, number


@dataclass(frozen=True, slots=True)
class _Outcome:
    """One step of reading an archive: a record's article or problem (or None for records that are not
    pages); for a failure, where the last good record ended and where to look for the next header."""

    number: int
    item: Article | Problem | None
    failed_offset: int | None = None
    search_from: int = 0


def _iterate(data: bytes, start: int, source: str, number: int, limit: int) -> Iterator[_Outcome]:
    """Read records from ``data[start:]``; stop at the first record warcio cannot parse."""
    stream = io.BytesIO(data)
    stream.seek(start)
    iterator = ArchiveIterator(stream, arc2warc=True)
    good_start, good_end = start, start  # the last record read in full; a corrupt one starts at or after it
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            if data[good_end:].strip(b"\r\n\t \x00"):
                # warcio ends quietly when the last record's headers are cut off.
                reason = "truncated: the archive ends inside this record's headers"
                problem = Problem(
                    source=f"{source}#record-{number + 1}", error=f"corrupt WARC record: {reason}"
                )
                yield _Outcome(number + 1, problem)
            return
        except Exception as err:  # warcio raises many kinds (ArchiveLoadFailed, zlib.error, ValueError...)
            yield _failure(source, number + 1, err, good_start, good_end)
            return
        number += 1
        try:
            _check_headers(record)
            item = _read_record(record, f"{source}#record-{number}", limit)
            good_start = iterator.get_record_offset()
            good_end = good_start + iterator.get_record_length()
        except Exception as err:  # a payload that warcio cannot decompress or decode
            yield _failure(source, number, err, good_start, good_end)
            return
        yield _Outcome(number, item)


def _failure(source: str, number: int, err: Exception, good_start: int, good_end: int) -> _Outcome:
    """Return the outcome for a record that cannot be read, and where to resume from."""
    LOGGER.warning("%s#record-%d: corrupt record: %s", source, number, err)
    problem = Problem(source=f"{source}#record-{number}", error=f"corrupt WARC record: {_reason(err)}")
    return _Outcome(number, problem, failed_offset=good_end, search_from=good_start + 1)


def _reason(err: Exception) -> str:
    """Return a short human reason for an error warcio raised."""
    text = str(err).strip()
    if isinstance(err, _InvalidHeadersError):
        return text
    if isinstance(err, ArchiveLoadFailed) and text.startswith("Unknown archive format"):
        return "no WARC/ARC record header where one was expected"
    if isinstance(err, zlib.error | EOFError):
        return f"damaged compressed data ({text or type(err).__name__})"
    if isinstance(err, ArchiveLoadFailed) and text:
        return text.splitlines()[0][:_MAX_REASON_CHARS]
    return "unreadable record headers (incomplete or invalid)"


class _InvalidHeadersError(Exception):
    """A record whose WARC headers are missing or malformed (damaged data parsed as a header)."""


def _check_headers(record: object) -> None:
    """Raise _InvalidHeadersError unless the record has the headers every WARC record must have."""
    rec_headers = record.rec_headers  # type: ignore[attr-defined]
    length = rec_headers.get_header("Content-Length")
    if length is None:
        # warcio yields a record cut off inside its headers without one.
        raise _InvalidHeadersError("truncated, its headers have no Content-Length")
    if not length.strip().isdigit():
        raise _InvalidHeadersError("invalid headers (Content-Length is not a number)")
    if _warc_date(rec_headers.get_header("WARC-Date")) is None:
        raise _InvalidHeadersError("invalid headers (no readable WARC-Date)")
    target = rec_headers.get_header("WARC-Target-URI")
    if target is not None and not _TARGET_URI.match(target):
        raise _InvalidHeadersError("invalid headers (WARC-Target-URI is not a URI)")


def _read_record(record: object, source: str, limit: int) -> Article | Problem | None:
    """Return the article of one HTML response record, a problem, or None for records that are not pages."""
    rec_headers = record.rec_headers  # type: ignore[attr-defined]
    rec_type = getattr(record, "rec_type", None)
    if rec_type not in ("response", "resource"):
        return None
    http_headers = getattr(record, "http_headers", None)
    content_type = ""
    status_ok = True
    if http_headers is not None:
        status = http_headers.get_statuscode()
        status_ok = not status or str(status).startswith("2")
        content_type = http_headers.get_header("Content-Type") or ""
    if not content_type:
        content_type = rec_headers.get_header("Content-Type") or ""
    is_page = status_ok and content_type.lower().startswith(_HTML_TYPES)
    raw_stream = record.raw_stream  # type: ignore[attr-defined]
    payload = b""
    if is_page:
        payload = record.content_stream().read(limit + 1)  # type: ignore[attr-defined]
        if len(payload) > limit:
            return Problem(
                source=source, error=f"page is larger than the limit of {limit} bytes (max_input_bytes)"
            )
    while raw_stream.read(_DRAIN_CHUNK_BYTES):  # the rest of the record, without holding it in memory
        pass
    missing = getattr(raw_stream, "limit", 0)
    if isinstance(missing, int) and missing > 0:
        declared = rec_headers.get_header("Content-Length")
        return Problem(
            source=source,
            error=f"corrupt WARC record: truncated, {missing} of its {declared} bytes are missing",
        )
    if not is_page:
        return None
    url = rec_headers.get_header("WARC-Target-URI")
    captured = _warc_date(rec_headers.get_header("WARC-Date"))
    try:
        markup = _decode(payload, content_type, source)
        return read_html(markup, source, url=url, fallback_published=captured)
    except ParseError as err:
        return Problem(source=err.source, error=err.reason)


def _decode(payload: bytes, content_type: str, source: str) -> str:
    """Decode a page with the charset its HTTP header names, else by detection."""
    match = _CHARSET.search(content_type)
    if match:
        try:
            return payload.decode(match[1])
        except (LookupError, UnicodeDecodeError):
            LOGGER.debug("%s: declared charset %s does not decode; detecting", source, match[1])
    return fix_encoding(payload, source)


def _warc_date(value: str | None) -> dt.date | None:
    """Return the day of a ``WARC-Date`` (UTC) or an ARC 14-digit timestamp."""
    if not value:
        return None
    if value.isdigit() and len(value) >= 8:
        try:
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        except ValueError:
            return None
    return parse_date(value)


def _next_record_start(data: bytes, position: int, *, gzipped: bool) -> int | None:
    """Return where the next record header at or after ``position`` starts, else None (each resync moves
    forward, so reading an archive always ends)."""
    if gzipped:
        found = data.find(_GZIP_MEMBER, position)
        return found if found >= 0 else None
    match = _RECORD_START.search(data, position)  # the look-behind sees the line break before ``position``
    if match is None:
        return None
    return match.start(1)


def _skip_blank_lines(data: bytes, position: int) -> int:
    """Return the first position at or after ``position`` that is not a line break."""
    while position < len(data) and data[position] in b"\r\n":
        position += 1
    return position
