"""Fetching one URL over HTTP(S) with the standard library, for feeds and pages read from the web.

:func:`fetch` follows redirects to http(s) URLs (recording the final URL), sends the validators of a
previous response (``If-None-Match``, ``If-Modified-Since``) so that an unchanged feed answers ``304 Not
Modified`` with no body, and streams the body (decoding gzip or deflate), refusing it as soon as it
passes ``max_bytes``. Every failure (a malformed URL or one that is not http(s), DNS, refused or reset
connections, timeouts, TLS, HTTP 4xx/5xx, too large) raises :class:`~storyline.errors.IngestError` whose
``source`` is the URL and whose ``reason`` is short and human ("HTTP 404 Not Found", "timed out after
10 s", "connection refused", "larger than the limit of N bytes").
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
import ssl
import string
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from typing import IO
from urllib.parse import quote, urlsplit, urlunsplit

from storyline import __version__
from storyline.config import DEFAULT_MAX_INPUT_BYTES
from storyline.errors import IngestError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT_SECONDS",
    "DEFAULT_USER_AGENT",
    "MAX_REDIRECTS",
    "Fetched",
    "fetch",
]

LOGGER = logging.getLogger(__name__)

# Seconds a whole fetch may take (connecting, then every read, then the body in all). A feed or a news page
# normally arrives in well under 2 s; 10 s tolerates a slow server, while a dead one stalls a watch round
# over many feeds for at most that long. Chosen by hand, not measured on a corpus.
DEFAULT_TIMEOUT_SECONDS = 10.0
# The same limit as a file given as input (Settings.max_input_bytes): a fetched body is read into memory
# whole, like a file, so it gets the same bound. read_url passes the run's own setting.
DEFAULT_MAX_BYTES = DEFAULT_MAX_INPUT_BYTES
# Servers and CDNs often refuse urllib's default "Python-urllib/3.x"; an honest agent with the product's
# name and version lets a site operator see who polls them.
DEFAULT_USER_AGENT = f"Storyline/{__version__} (news feed reader)"
# What we can read, best first: feeds, then pages, then anything (the content is sniffed, not trusted).
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, "
    "text/xml;q=0.9, text/html;q=0.8, application/xhtml+xml;q=0.8, */*;q=0.5"
)
# Bytes read from the socket at a time: small enough that an oversized body is refused after at most this
# much beyond the limit, large enough that a 5 MB page takes under a hundred reads.
_CHUNK_BYTES = 64 * 1024
_SCHEMES = ("http", "https")
# Content codings we ask for and decode: feeds are text and shrink four- to tenfold, which matters when
# polling many feeds every few minutes. None decodes nothing.
_DECODERS: dict[str, Callable[[], zlib._Decompress | None]] = {
    "identity": lambda: None,
    "gzip": lambda: zlib.decompressobj(16 + zlib.MAX_WBITS),
    "x-gzip": lambda: zlib.decompressobj(16 + zlib.MAX_WBITS),
    "deflate": lambda: zlib.decompressobj(),  # zlib-wrapped, as RFC 9110 defines it
}
# Redirects followed before giving up: urllib's default, and what a feed reader needs (a moved feed is one
# or two hops; more is a loop or a tracking chain).
MAX_REDIRECTS = 10


class _RedirectRefused(Exception):
    """A redirect to a URL that is not http(s) (urllib would follow one to ftp:), or to a private address
    when only public ones are allowed."""

    def __init__(self, target: str, reason: str) -> None:
        """Remember the refused target and why."""
        super().__init__(target)
        self.target = target
        self.reason = reason


# Why a private address was not fetched: only what the machine's owner asks for on the command line (or
# an intranet feed's own links) may reach the machine's network, never links from content or the web app.
PRIVATE_REFUSAL = "fetched only for inputs given on the command line"


def is_private_host(host: str) -> bool:
    """True when ``host`` is, or resolves to, an address not on the public internet: loopback, private
    networks, link-local (cloud metadata services), multicast, reserved or unspecified. A host that does
    not resolve is not private (its fetch fails on its own)."""
    try:
        addresses = {ipaddress.ip_address(host.strip("[]"))}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            return False
        addresses = {ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos}
    return any(not address.is_global or address.is_multicast for address in addresses)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) URLs only, at most MAX_REDIRECTS of them; with ``public_only``, never
    to a private address."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, *, public_only: bool = False) -> None:
        """Follow redirects; ``public_only`` refuses those to private addresses."""
        super().__init__()
        self.public_only = public_only

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        """Refuse a target that is not http(s); otherwise redirect as urllib does (validators kept)."""
        target = urlsplit(newurl)
        if target.scheme.lower() not in _SCHEMES:
            raise _RedirectRefused(newurl, "which is not an http(s) URL")
        if self.public_only and is_private_host(target.hostname or ""):
            raise _RedirectRefused(newurl, f"a private address ({PRIVATE_REFUSAL})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(*, public_only: bool = False) -> urllib.request.OpenerDirector:
    """Return an opener for http(s) only: proxies from the environment, redirects to http(s) only."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        _HttpOnlyRedirects(public_only=public_only),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """One HTTP response: 200 with its body, or 304 (not modified, empty body)."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int  # 200 (or another 2xx) or 304
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None  # media type only, lower case: "application/rss+xml"
    charset: str | None = None  # from the Content-Type header, lower case

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request (nothing new since the validators)."""
        return self.status == HTTPStatus.NOT_MODIFIED


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    user_agent: str = DEFAULT_USER_AGENT,
    public_only: bool = False,
) -> Fetched:
    """Fetch ``url`` with a GET, conditionally when validators are given.

    Args:
        url: an absolute http or https URL.
        etag: the ``ETag`` of the previous response, sent as ``If-None-Match``.
        last_modified: the ``Last-Modified`` of the previous response, sent as ``If-Modified-Since``.
        timeout: seconds for the whole fetch (and for each connect or read within it).
        max_bytes: the largest body accepted; a longer one is refused while it streams in.
        user_agent: the ``User-Agent`` header.
        public_only: refuse the URL, or a redirect, that points at a private address (loopback, private
            networks, link-local metadata services): for links taken from fetched content, which must not
            make Storyline read the machine's own network for a remote author.

    Returns:
        The response: status 200 with the body, or 304 with an empty body. Validators missing from a 304
        are those that were sent (they are still valid).

    Raises:
        IngestError: ``source`` is ``url``; ``reason`` says what failed, for example "HTTP 404 Not Found",
            "timed out after 10 s", "connection refused", "larger than the limit of N bytes".
    """
    _check_url(url)
    if public_only and is_private_host(urlsplit(url).hostname or ""):
        raise IngestError(url, f"a private address: {PRIVATE_REFUSAL}")
    headers = {"User-Agent": user_agent, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(_ascii_url(url), headers=headers, method="GET")
    deadline = time.monotonic() + timeout
    try:
        with _opener(public_only=public_only).open(request, timeout=timeout) as response:
            body = _read_body(response, url, max_bytes=max_bytes, deadline=deadline, timeout=timeout)
            return _fetched(url, response.geturl(), response.status, body, response.headers, None, None)
    except urllib.error.HTTPError as err:
        if err.code == HTTPStatus.NOT_MODIFIED:
            with err:
                return _fetched(
                    url, err.geturl() or url, HTTPStatus.NOT_MODIFIED, b"", err.headers, etag, last_modified
                )
        err.close()
        raise IngestError(url, _http_reason(err.code, err.reason)) from err
    except _RedirectRefused as err:
        raise IngestError(url, f"redirected to {err.target}, {err.reason}") from err
    except urllib.error.URLError as err:
        raise IngestError(url, _network_reason(err.reason, timeout)) from err
    except (OSError, http.client.HTTPException, ValueError) as err:
        raise IngestError(url, _network_reason(err, timeout)) from err


def _check_url(url: str) -> None:
    """Raise IngestError unless ``url`` is an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsing the port is what validates it
    except ValueError as err:
        raise IngestError(url, f"malformed URL ({err})") from err
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise IngestError(url, f"only http and https URLs are fetched (this one has {shown})")
    if not parts.hostname:
        raise IngestError(url, "malformed URL (no host)")
    if any(char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F for char in url):
        raise IngestError(url, "malformed URL (contains spaces or control characters)")


def _ascii_url(url: str) -> str:
    """Return ``url`` as HTTP sends it: an international host in IDNA, other non-ASCII percent-encoded."""
    if url.isascii():
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        netloc = host.encode("idna").decode("ascii")
    except UnicodeError as err:
        raise IngestError(url, f"malformed URL (host name {host!r} is not valid)") from err
    safe = string.punctuation
    if ":" in netloc:  # an IPv6 address
        netloc = f"[{netloc}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    if parts.username is not None:
        password = f":{quote(parts.password, safe='')}" if parts.password is not None else ""
        netloc = f"{quote(parts.username, safe='')}{password}@{netloc}"
    path, query = quote(parts.path, safe=safe), quote(parts.query, safe=safe)
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def _read_body(
    response: http.client.HTTPResponse, url: str, *, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    """Read the body in chunks, decoding gzip/deflate, refusing it once it passes ``max_bytes`` (decoded)
    or the deadline."""
    declared = response.headers.get("Content-Length")
    encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding not in _DECODERS:
        raise IngestError(url, f"unsupported Content-Encoding {encoding!r} (gzip and deflate are read)")
    decoder = _DECODERS[encoding]()
    if encoding == "identity" and declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise IngestError(url, _too_large(max_bytes, f" (the server announced {int(declared)} bytes)"))
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read1(_CHUNK_BYTES)  # what one socket read gives: a slow body still loops
        if not chunk:
            break
        if decoder is not None:
            try:  # at most one byte over the room left, so a compression bomb never expands in memory
                chunk = decoder.decompress(chunk, max_bytes - size + 1)
            except zlib.error as err:
                raise IngestError(url, f"corrupt {encoding} content ({err})") from err
        size += len(chunk)
        if size > max_bytes:
            raise IngestError(url, _too_large(max_bytes))
        if time.monotonic() > deadline:  # a server that trickles bytes never trips the per-read timeout
            raise IngestError(url, _timed_out(timeout))
        chunks.append(chunk)
    if decoder is not None and not decoder.eof:
        raise IngestError(url, f"corrupt {encoding} content (truncated)")
    return b"".join(chunks)


def _fetched(
    url: str,
    final_url: str,
    status: int,
    body: bytes,
    headers: Message,
    etag: str | None,
    last_modified: str | None,
) -> Fetched:
    """Build a Fetched from a response's headers; ``etag``/``last_modified`` stand in for missing ones."""
    content_type = headers.get_content_type() if headers.get("Content-Type") else None
    charset = headers.get_content_charset()
    return Fetched(
        url=url,
        final_url=final_url,
        status=status,
        body=body,
        etag=headers.get("ETag") or etag,
        last_modified=headers.get("Last-Modified") or last_modified,
        content_type=content_type,
        charset=charset.lower() if charset else None,
    )


def _http_reason(code: int, reason: object) -> str:
    """Return "HTTP 404 Not Found": the code and the server's phrase (else the standard one)."""
    try:
        standard = HTTPStatus(code).phrase
    except ValueError:
        standard = "error"
    message = str(reason or "").strip()
    if 300 <= code < 400:  # a redirect urllib did not follow: a loop, too long a chain, or no Location
        if message.startswith(urllib.request.HTTPRedirectHandler.inf_msg):
            return f"HTTP {code} {standard}: too many redirects (a loop, or more than {MAX_REDIRECTS})"
        return f"HTTP {code} {standard} with no URL to follow"
    return f"HTTP {code} {message.splitlines()[0] if message else standard}"


def _network_reason(reason: object, timeout: float) -> str:
    """Return a short human reason for a failure below HTTP (DNS, TCP, TLS, a broken response)."""
    if isinstance(reason, TimeoutError):  # socket.timeout is an alias of it
        return _timed_out(timeout)
    if isinstance(reason, socket.gaierror):
        return f"cannot resolve the host name ({reason.strerror or reason})"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted ({reason.verify_message or reason.reason})"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error ({reason.reason or reason})"
    if isinstance(reason, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(reason, http.client.IncompleteRead):
        return "the server closed the connection before the whole body arrived"
    if isinstance(reason, http.client.InvalidURL | ValueError):
        return f"malformed URL ({reason})"
    if isinstance(reason, http.client.HTTPException):
        return f"malformed HTTP response ({type(reason).__name__})"
    if isinstance(reason, OSError):
        return reason.strerror or str(reason) or type(reason).__name__
    return str(reason) or "unknown network error"


def _timed_out(timeout: float) -> str:
    """Return "timed out after 10 s"."""
    return f"timed out after {timeout:g} s"


def _too_large(max_bytes: int, detail: str = "") -> str:
    """Return "larger than the limit of N bytes"."""
    return f"larger than the limit of {max_bytes} bytes{detail}"
