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

:func:`read_jsonl_file` / :func:`read_jsonl_stream` read a file or binary stream line by line, so a dump of
millions of articles is read in bounded memory: the size limit applies to each line (``max_line_bytes``,
given ``Settings.max_input_bytes`` by the reader registry), not to the file. A line over the limit is a
problem naming the line and is skipped without being held in memory; the next lines are still read. A
gzipped file is decompressed as it is read. Lines are UTF-8 (a BOM on the first line is dropped); a line
that is not valid UTF-8 is decoded with the encoding detected on that line
(:func:`storyline.normalize.fix_encoding`); a file with a UTF-16 BOM is decoded as UTF-16. A file that is
one JSON document (it starts with ``[``, or with a lone ``{`` line) is read whole, as above, when it is
within the limit.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import logging
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from storyline.errors import ParseError
from storyline.ingest._common import build_article, html_to_text, parse_date
from storyline.ingest.html import read_html
from storyline.models import Article, Problem
from storyline.normalize import fix_encoding

__all__ = ["read_jsonl", "read_jsonl_file", "read_jsonl_stream", "read_record"]

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
# Bytes read from a stream at a time: large enough that splitting lines costs little per byte, small enough
# to stay a rounding error next to the per-line limit.
READ_CHUNK_BYTES = 1 << 20
# Bytes looked at to tell a gzipped, UTF-16 or whole-document file from JSON Lines (as the reader registry
# sniffs 4 KiB: far more than the blank lines before a document's first bracket).
_PEEK_BYTES = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# A file read as one JSON document when it is small enough (as read_jsonl decides on the first non-blank
# line): it starts with "[", or its first line is a lone "{" (a pretty-printed object).
_DOCUMENT_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:\[|\{[ \t\r]*(?:\n|\Z))")
_PRETTY_DOCUMENT_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*[\[{][ \t\r]*(?:\n|\Z)")


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
    return [
        _line_item(line, f"{source}:line {number}")
        for number, line in enumerate(lines, start=1)
        if line.strip()
    ]


def _line_item(line: str, line_source: str) -> Article | Problem:
    """Return the article one JSON line describes, or the problem with it."""
    try:
        record = json.loads(line)
    except ValueError as err:
        return Problem(source=line_source, error=_json_reason(err))
    except RecursionError:
        return Problem(source=line_source, error="invalid JSON: nested too deeply")
    return _record_item(record, line_source)


def read_jsonl_file(
    path: str | Path, source: str | None = None, *, max_line_bytes: int
) -> Iterator[Article | Problem]:
    """Read a JSON Lines file (gzipped or not) line by line, in memory bounded by ``max_line_bytes``.

    Args:
        path: the file.
        source: names the input in articles and problems (default: ``path`` as given).
        max_line_bytes: the longest line read (bytes, after decompression); longer lines are problems.

    Yields:
        One article or problem per non-blank line, in order; a file that cannot be opened or read is a
        problem named ``source``. Never raises for a user's input.
    """
    name = str(path) if source is None else source
    try:
        with Path(path).open("rb") as handle:
            yield from read_jsonl_stream(handle, name, max_line_bytes=max_line_bytes)
    except OSError as err:
        yield Problem(source=name, error=f"cannot read the file: {err.strerror or err}")


def read_jsonl_stream(stream: BinaryIO, source: str, *, max_line_bytes: int) -> Iterator[Article | Problem]:
    """Read JSON Lines from a binary stream line by line (see the module docstring for the rules).

    Args:
        stream: the input, read from its current position (gzip is recognized and decompressed).
        source: names the input; lines are ``source:line N`` (N from 1, blank lines counted).
        max_line_bytes: the longest line read; a longer one is a problem and is skipped.

    Yields:
        One article or problem per non-blank line, in order. Never raises for a user's input.

    Raises:
        ValueError: when ``max_line_bytes`` is not positive (a programming error, not bad input).
    """
    if max_line_bytes <= 0:
        raise ValueError(f"max_line_bytes must be a positive number of bytes, not {max_line_bytes}")
    chunks = _chunks(stream)
    damage: list[str] = []  # why a gzipped stream stopped early, if it did
    head, chunks = _peek(chunks, _PEEK_BYTES)
    if head.startswith(_GZIP_MAGIC):
        head, chunks = _peek(_gunzipped(chunks, source, damage), _PEEK_BYTES)
    if head.startswith(_UTF16_BOMS):
        yield from _read_utf16(chunks, source, max_line_bytes)
    elif _DOCUMENT_START.match(head):  # maybe one JSON document: read whole when within the limit
        whole, chunks = _take(chunks, max_line_bytes)
        if whole is not None:
            yield from _read_whole_bytes(whole, source)
        elif _PRETTY_DOCUMENT_START.match(head):
            yield Problem(
                source=source,
                error=f"a JSON document over the limit of {max_line_bytes} bytes (max_input_bytes): "
                "beyond it only JSON Lines (one object per line) are read",
            )
        else:
            yield from _read_lines(_lines(chunks, max_line_bytes), source, max_line_bytes)
    else:
        yield from _read_lines(_lines(chunks, max_line_bytes), source, max_line_bytes)
    if damage:
        yield Problem(source=source, error=damage[0])


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    """The stream, a chunk at a time."""
    while chunk := stream.read(READ_CHUNK_BYTES):
        yield chunk


def _peek(chunks: Iterator[bytes], size: int) -> tuple[bytes, Iterator[bytes]]:
    """The first ``size`` bytes or more (fewer at the end), and chunks that still hold everything."""
    seen: list[bytes] = []
    held = 0
    for chunk in chunks:
        seen.append(chunk)
        held += len(chunk)
        if held >= size:
            break
    head = b"".join(seen)
    return head, _prepend(head, chunks)


def _prepend(head: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    """``head``, then ``rest``."""
    if head:
        yield head
    yield from rest


def _take(chunks: Iterator[bytes], limit: int) -> tuple[bytes | None, Iterator[bytes]]:
    """All the bytes when there are at most ``limit`` (else None), and chunks that still hold everything."""
    seen: list[bytes] = []
    held = 0
    for chunk in chunks:
        seen.append(chunk)
        held += len(chunk)
        if held > limit:
            return None, _prepend(b"".join(seen), chunks)
    return b"".join(seen), iter(())


def _gunzipped(chunks: Iterable[bytes], source: str, damage: list[str]) -> Iterator[bytes]:
    """Decompress gzipped chunks, each member of a multi-member file in turn, a bounded piece at a time.

    Corrupt or cut-short data ends the output early, with the reason appended to ``damage``.
    """
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    in_member = False  # bytes of a member have been given to the decompressor and it has not ended
    for chunk in chunks:
        data = chunk
        while data:
            in_member = True
            try:
                out = decompressor.decompress(data, READ_CHUNK_BYTES)
            except zlib.error as err:
                damage.append(f"corrupt gzip data ({err})")
                return
            if out:
                yield out
            if decompressor.eof:
                data, in_member = decompressor.unused_data, False
                decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
                if data and not data.startswith(_GZIP_MAGIC):
                    LOGGER.warning("%s: %d bytes after the last gzip member ignored", source, len(data))
                    return
            else:
                data = decompressor.unconsumed_tail
    if in_member:
        damage.append("corrupt gzip data (the file is cut short)")


def _read_whole_bytes(data: bytes, source: str) -> list[Article | Problem]:
    """Read a whole file (within the limit) the way :func:`read_jsonl` reads its decoded text."""
    try:
        text = fix_encoding(data, source)
    except ParseError as err:
        return [Problem(source=err.source, error=err.reason)]
    return read_jsonl(text, source)


def _lines(chunks: Iterable[bytes], max_line_bytes: int) -> Iterator[bytes | None]:
    """Every line of the chunks (without its newline), or None for a line over ``max_line_bytes``.

    Only ``\\n`` ends a line. An oversized line is dropped as it is read, so memory stays within the limit
    plus one chunk.
    """
    pending: list[bytes] = []
    held = 0
    oversized = False
    for chunk in chunks:
        parts = chunk.split(b"\n")
        for part in parts[:-1]:  # each of these ends a line
            if oversized or held + len(part) > max_line_bytes:
                yield None
            else:
                yield b"".join((*pending, part)) if pending else part
            pending, held, oversized = [], 0, False
        tail = parts[-1]
        if oversized or not tail:
            continue
        held += len(tail)
        if held > max_line_bytes:
            pending, oversized = [], True
        else:
            pending.append(tail)
    if oversized:
        yield None
    elif pending:
        yield b"".join(pending)


def _read_lines(
    lines: Iterable[bytes | None], source: str, max_line_bytes: int
) -> Iterator[Article | Problem]:
    """Decode and read each line; ``None`` stands for a line over the limit."""
    for number, raw in enumerate(lines, start=1):
        line_source = f"{source}:line {number}"
        if raw is None:
            yield Problem(source=line_source, error=_too_long(max_line_bytes))
            continue
        if number == 1:
            raw = raw.removeprefix(_UTF8_BOM)
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                line = fix_encoding(raw, line_source)  # this line's encoding, detected on the line
            except ParseError as err:
                yield Problem(source=err.source, error=err.reason)
                continue
        yield _line_item(line, line_source)


def _too_long(max_line_bytes: int) -> str:
    """The reason given for a line over the limit."""
    return f"line is over the limit of {max_line_bytes} bytes (max_input_bytes); skipped"


def _read_utf16(chunks: Iterator[bytes], source: str, max_line_bytes: int) -> Iterator[Article | Problem]:
    """Read a UTF-16 file (it starts with a BOM) line by line."""
    text = io.TextIOWrapper(io.BufferedReader(_ChunkReader(chunks)), encoding="utf-16", newline="\n")
    limit = max_line_bytes // 2 + 1  # in characters, each at least two bytes in UTF-16
    number = 0
    try:
        while line := text.readline(limit):
            number += 1
            line_source = f"{source}:line {number}"
            if not line.endswith("\n") and len(line) >= limit:  # over the limit: skip to the next line
                while (rest := text.readline(limit)) and not rest.endswith("\n"):
                    pass
                yield Problem(source=line_source, error=_too_long(max_line_bytes))
                continue
            if line.strip():
                yield _line_item(line.removesuffix("\n"), line_source)
    except UnicodeDecodeError as err:
        yield Problem(source=source, error=f"invalid UTF-16 text ({err.reason})")


class _ChunkReader(io.RawIOBase):
    """A read-only binary stream over an iterator of chunks (what :class:`io.TextIOWrapper` reads)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""

    def readable(self) -> bool:
        """This stream can be read."""
        return True

    def readinto(self, target: Any) -> int:
        """Fill ``target`` with the next bytes; 0 at the end."""
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = chunk
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


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
