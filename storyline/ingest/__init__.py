"""Reading inputs: files, folders, standard input and URLs into :class:`Article` and :class:`Problem` records.

The reader for each input is chosen by its content, not its name (:func:`sniff_kind`): WARC/ARC archives
(also gzipped), RSS/RDF/Atom feeds, HTML pages, JSON Lines, else plain text. One module per kind:
:mod:`~storyline.ingest.text`, :mod:`~storyline.ingest.html`, :mod:`~storyline.ingest.feeds`,
:mod:`~storyline.ingest.jsonl`, :mod:`~storyline.ingest.warc`.

Nothing here raises for a user's input: whatever cannot be read becomes a :class:`Problem` whose ``source``
names the input (``path``, ``path:line 12`` for a JSON line, ``path#entry-3`` for a feed entry,
``path#record-3`` for an archive record) and whose ``error`` says why; the rest of the batch goes on.
"""

from __future__ import annotations

import enum
import errno
import logging
import re
import stat
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from storyline.config import Settings
from storyline.errors import IngestError, ParseError
from storyline.ingest._common import article_id, canonical_url
from storyline.ingest.feeds import read_feed
from storyline.ingest.html import read_html
from storyline.ingest.jsonl import read_jsonl, read_jsonl_file
from storyline.ingest.text import read_text
from storyline.ingest.urls import read_url
from storyline.ingest.warc import read_warc
from storyline.models import Article, Problem
from storyline.normalize import fix_encoding

__all__ = [
    "STDIN_SOURCE",
    "InputKind",
    "article_id",
    "canonical_url",
    "read_bytes",
    "read_inputs",
    "sniff_kind",
]

LOGGER = logging.getLogger(__name__)

STDIN_SOURCE = "<stdin>"
"""The ``source`` of articles and problems read from standard input (the path ``-``)."""

# How much of the start of an input the sniffers look at; feed and HTML roots come well before this.
_SNIFF_CHARS = 4096
_GZIP_MAGIC = b"\x1f\x8b"
# Compressed bytes fed to the decompressor to sniff a gzipped input (far more than 4 KiB of output needs).
_GZIP_SNIFF_BYTES = 64 * 1024
_GZIP_MEMBER = b"\x1f\x8b\x08"
# A gzipped archive whose first member is damaged is still recognized by one of its next few members.
_MEMBERS_TRIED = 8
_XML_PROLOG = r"(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>|<\?xml-stylesheet[^>]*\?>)*"
_FEED_ROOT = re.compile(r"^" + _XML_PROLOG + r"<(?:rss|feed|(?:[\w-]+:)?RDF)\b", re.IGNORECASE | re.DOTALL)
_HTML_START = re.compile(
    r"^(?:\s|<\?xml[^>]*\?>|<!--.*?-->)*(?:<!DOCTYPE\s+html|<(?:html|head|body)\b)", re.IGNORECASE | re.DOTALL
)
# A fragment that starts with another common element is HTML when a closing tag follows.
_HTML_FRAGMENT = re.compile(
    r"^\s*<(?:meta|title|article|main|div|p|section|h[1-6]|span|a|b|i|em|strong)\b[^<]*>.*?</",
    re.IGNORECASE | re.DOTALL,
)
_XML_ROOT = re.compile(r"^" + _XML_PROLOG + r"<([\w:.-]+)", re.IGNORECASE | re.DOTALL)
_URL = re.compile(r"^(?:https?|ftp)://", re.IGNORECASE)


class InputKind(enum.Enum):
    """The kinds of input the registry tells apart."""

    WARC = "warc"
    FEED = "feed"
    HTML = "html"
    JSONL = "jsonl"
    TEXT = "text"


def sniff_kind(data: bytes) -> InputKind:
    """Return the kind of an input from its first bytes (WARC/ARC, feed, HTML, JSONL, else text).

    Gzipped WARC/ARC archives are recognized inside the gzip stream; other gzipped content is reported as
    TEXT here (:func:`read_bytes` decompresses it and sniffs again).
    """
    head = data[:_SNIFF_CHARS]
    if head.startswith(_GZIP_MAGIC):
        head = _gunzip_head(data) or _later_member_head(data)
    if head.startswith((b"WARC/", b"filedesc://")):
        return InputKind.WARC
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    if _FEED_ROOT.match(text):
        return InputKind.FEED
    if _HTML_START.match(text) or _HTML_FRAGMENT.match(text):
        return InputKind.HTML
    if text.lstrip().startswith(("{", "[{", "[\n", "[\r")):
        return InputKind.JSONL
    return InputKind.TEXT


def _gunzip_head(data: bytes) -> bytes:
    """Return the first decompressed bytes of gzipped ``data`` (empty if it is not valid gzip)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:_GZIP_SNIFF_BYTES], _SNIFF_CHARS)
    except zlib.error:
        return b""


def _later_member_head(data: bytes) -> bytes:
    """Return the start of the first gzip member after the first that decompresses (a WARC.gz whose first
    record is damaged), or empty bytes."""
    position = 0
    for _ in range(_MEMBERS_TRIED):
        position = data.find(_GZIP_MEMBER, position + 1)
        if position < 0:
            break
        head = _gunzip_head(data[position:])
        if head:
            return head if head.startswith((b"WARC/", b"filedesc://")) else b""
    return b""


def read_bytes(data: bytes, source: str, settings: Settings) -> list[Article | Problem]:
    """Read one input's bytes with the reader its content calls for.

    Args:
        data: the whole input.
        source: names the input in articles and problems.
        settings: the run's options (``max_input_bytes`` bounds a decompressed input too).

    Returns:
        The articles read and the problems met, in input order; never raises for bad input.
    """
    try:
        return _read_bytes(data, source, settings)
    except IngestError as err:
        return [Problem(source=err.source, error=err.reason)]
    except Exception as err:  # a bug or a library failure on odd input: report it, keep the batch going
        LOGGER.warning("unexpected error reading %s", source, exc_info=True)
        return [Problem(source=source, error=f"unexpected error while reading ({type(err).__name__}: {err})")]


def _read_bytes(data: bytes, source: str, settings: Settings) -> list[Article | Problem]:
    """Dispatch ``data`` to a reader; raises IngestError for input that holds nothing readable."""
    if not data.strip():
        raise ParseError(source, "empty file (no text)" if not data else "empty file (only whitespace)")
    kind = sniff_kind(data)
    if kind is InputKind.WARC:
        return read_warc(data, source, max_page_bytes=settings.max_input_bytes)
    if data.startswith(_GZIP_MAGIC):
        return _read_bytes(_gunzip(data, source, settings), source, settings)
    if kind is InputKind.FEED:
        return read_feed(data, source)
    text = fix_encoding(data, source)
    if kind is InputKind.HTML:
        return [read_html(text, source)]
    if kind is InputKind.JSONL:
        return read_jsonl(text, source)
    if text.lstrip("\ufeff \t\r\n").startswith("<?xml"):
        match = _XML_ROOT.match(text.lstrip("\ufeff"))
        root = f"<{match[1]}>" if match else "unknown"
        raise ParseError(source, f"XML document (root {root}) is not a feed, page or archive")
    return [read_text(text, source)]


def _gunzip(data: bytes, source: str, settings: Settings) -> bytes:
    """Decompress a gzipped input, refusing more than ``settings.max_input_bytes`` of output."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, settings.max_input_bytes + 1)
    except zlib.error as err:
        raise ParseError(source, f"corrupt gzip data ({err})") from err
    if len(out) > settings.max_input_bytes:
        raise ParseError(
            source,
            f"decompresses to more than {settings.max_input_bytes} bytes, the limit (max_input_bytes)",
        )
    return out


def read_inputs(
    paths: Sequence[str], settings: Settings, *, stdin: BinaryIO | None = None
) -> Iterator[Article | Problem]:
    """Read files, folders (recursively, in sorted order), ``-`` (standard input) and http(s) URLs.

    Args:
        paths: the inputs, as the user gave them; a URL is fetched (see :mod:`storyline.ingest.urls`).
        settings: the run's options (``max_input_bytes``).
        stdin: the stream ``-`` reads from (default: ``sys.stdin.buffer``).

    Yields:
        Articles and problems, in input order. Never raises for a user's input.
    """
    for path in paths:
        if path == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, settings)
            continue
        yield from _read_path(path, settings, visited=frozenset())


def _read_stdin(stream: BinaryIO, settings: Settings) -> list[Article | Problem]:
    """Read standard input, refusing more than ``max_input_bytes``."""
    try:
        data = stream.read(settings.max_input_bytes + 1)
    except OSError as err:
        return [Problem(source=STDIN_SOURCE, error=f"cannot read standard input: {err.strerror or err}")]
    if len(data) > settings.max_input_bytes:
        return [
            Problem(
                source=STDIN_SOURCE,
                error=f"input is larger than the limit of {settings.max_input_bytes} bytes (max_input_bytes)",
            )
        ]
    return read_bytes(data, STDIN_SOURCE, settings)


def _read_path(
    path: str, settings: Settings, *, visited: frozenset[tuple[int, int]]
) -> Iterator[Article | Problem]:
    """Read one file, or every file under a folder; ``visited`` holds the folders above (loop guard)."""
    target = Path(path)
    try:
        info = target.stat()
    except OSError as err:
        reason = _os_reason(err)
        if err.errno == errno.ENOENT and _URL.match(path):  # not a file: a URL to fetch (http/https only)
            yield from read_url(path, settings)
            return
        if err.errno == errno.ENOENT and target.is_symlink():
            reason = "broken symbolic link (its target does not exist)"
        yield Problem(source=path, error=reason)
        return
    if stat.S_ISDIR(info.st_mode):
        key = (info.st_dev, info.st_ino)
        if key in visited:
            yield Problem(
                source=path, error="symbolic link loop: this folder contains itself; not read again"
            )
            return
        yield from _read_folder(path, settings, visited=visited | {key})
        return
    if not stat.S_ISREG(info.st_mode):
        yield Problem(source=path, error="not a regular file or folder")
        return
    if _is_jsonl_file(target):
        # read line by line, in bounded memory: the size limit applies to each line, not to the file
        yield from read_jsonl_file(target, path, max_line_bytes=settings.max_input_bytes)
        return
    if info.st_size > settings.max_input_bytes:
        yield Problem(
            source=path,
            error=f"file is {info.st_size} bytes, over the limit of {settings.max_input_bytes} bytes "
            "(max_input_bytes)",
        )
        return
    try:
        with target.open("rb") as handle:
            data = handle.read(settings.max_input_bytes + 1)
    except OSError as err:
        yield Problem(source=path, error=_os_reason(err))
        return
    if len(data) > settings.max_input_bytes:  # the file grew after stat
        yield Problem(source=path, error=f"file is over the limit of {settings.max_input_bytes} bytes")
        return
    yield from read_bytes(data, path, settings)


def _is_jsonl_file(target: Path) -> bool:
    """Whether a file (gzipped or not) sniffs as JSON Lines (False when it cannot be opened)."""
    try:
        with target.open("rb") as handle:
            head = handle.read(_GZIP_SNIFF_BYTES)
    except OSError:
        return False
    return bool(head.strip()) and sniff_kind(head) is InputKind.JSONL


def _read_folder(
    folder: str, settings: Settings, *, visited: frozenset[tuple[int, int]]
) -> Iterator[Article | Problem]:
    """Read every entry of a folder in sorted name order, skipping hidden names (``.git``, ``.DS_Store``)."""
    try:
        names = sorted(entry.name for entry in Path(folder).iterdir())
    except OSError as err:
        yield Problem(source=folder, error=_os_reason(err))
        return
    for name in names:
        if name.startswith("."):
            continue
        yield from _read_path(str(Path(folder, name)), settings, visited=visited)


def _os_reason(err: OSError) -> str:
    """Return a human reason for an operating-system error."""
    if err.errno == errno.ENOENT:
        return "no such file or folder"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if err.errno == errno.ELOOP:
        return "symbolic link loop (too many levels of symbolic links)"
    return err.strerror or str(err)
