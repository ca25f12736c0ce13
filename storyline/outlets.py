"""What a user knows about the outlets: country, owner, type, lean… from a CSV or JSON file of their own.

Storyline rates no outlet itself. A user who has their own source list (a newsroom's, a research
project's) gives it with ``--outlets FILE``, and every story's coverage is profiled by it: how many
articles and outlets of each country, owner or type carried the story (``stories[].coverage.profile``).

The file: CSV with a header row, or a JSON list of objects. The ``outlet`` column names the outlet as
articles give it (matched without regard to case or surrounding spaces); an optional ``domain`` column
matches articles by their URL's host as well (``harborgazette.example`` also matches
``www.harborgazette.example``); every other column is an attribute. Empty cells say nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from storyline.errors import ConfigError

__all__ = ["OutletDirectory", "OutletProfile", "parse_outlets", "read_outlets"]

NAME_COLUMN = "outlet"
DOMAIN_COLUMN = "domain"
MAX_FILE_BYTES = 16 * 1024 * 1024  # a list of every outlet in the world is a few MB


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletProfile:
    """One outlet of the user's list and its attributes, in the file's column order."""

    name: str
    attributes: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletDirectory:
    """The user's outlet list, looked up by outlet name or URL host."""

    profiles: tuple[OutletProfile, ...]
    attributes: tuple[str, ...]  # the attribute columns, in file order
    by_name: Mapping[str, OutletProfile]
    by_domain: Mapping[str, OutletProfile]
    fingerprint: str  # a hash of the file's content: results computed with it are kept under it

    def lookup(self, outlet: str | None, url: str | None) -> OutletProfile | None:
        """The profile of an article's outlet: by name, else by its URL's host; None when unknown."""
        if outlet is not None and (found := self.by_name.get(_key(outlet))) is not None:
            return found
        if url:
            host = (urlsplit(url).hostname or "").lower()
            while host:
                if (found := self.by_domain.get(host)) is not None:
                    return found
                host = host.partition(".")[2]
        return None


def read_outlets(path: str | Path) -> OutletDirectory:
    """Read an outlet list from a CSV or JSON file.

    Raises:
        ConfigError: the file cannot be read or is malformed (the message names the file, the line
            and the reason).
    """
    name = str(path)
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{name}: cannot read the outlets file ({exc.strerror or exc})") from exc
    if len(data) > MAX_FILE_BYTES:
        raise ConfigError(f"{name}: the outlets file is larger than {MAX_FILE_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{name}: the outlets file is not UTF-8 text (byte {exc.start})") from exc
    return parse_outlets(text, name)


def parse_outlets(text: str, name: str = "outlets") -> OutletDirectory:
    """Parse an outlet list given as CSV or JSON text (see the module docstring).

    Raises:
        ConfigError: the text is malformed; the message names ``name``, the line and the reason.
    """
    rows = _json_rows(text, name) if text.lstrip().startswith("[") else _csv_rows(text, name)
    attributes: list[str] = []
    profiles: list[OutletProfile] = []
    by_name: dict[str, OutletProfile] = {}
    by_domain: dict[str, OutletProfile] = {}
    for where, row in rows:
        outlet = row.get(NAME_COLUMN, "").strip()
        if not outlet:
            raise ConfigError(f"{name}: {where}: no value in the {NAME_COLUMN!r} column")
        if _key(outlet) in by_name:
            raise ConfigError(f"{name}: {where}: outlet {outlet!r} is listed twice")
        pairs = tuple(
            (column, value.strip())
            for column, value in row.items()
            if column not in (NAME_COLUMN, DOMAIN_COLUMN) and value.strip()
        )
        attributes.extend(column for column, _ in pairs if column not in attributes)
        profile = OutletProfile(name=outlet, attributes=pairs)
        profiles.append(profile)
        by_name[_key(outlet)] = profile
        domain = row.get(DOMAIN_COLUMN, "").strip().lower().removeprefix("www.")
        if domain:
            if domain in by_domain:
                raise ConfigError(
                    f"{name}: {where}: domain {domain!r} is already {by_domain[domain].name!r}'s"
                )
            by_domain[domain] = profile
    if not profiles:
        raise ConfigError(f"{name}: the outlets file lists no outlet")
    return OutletDirectory(
        profiles=tuple(profiles),
        attributes=tuple(attributes),
        by_name=by_name,
        by_domain=by_domain,
        fingerprint=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
    )


def _key(outlet: str) -> str:
    """The form outlet names are matched in."""
    return " ".join(outlet.casefold().split())


def _csv_rows(text: str, name: str) -> list[tuple[str, dict[str, str]]]:
    """(line label, row) of a CSV file with a header row naming an ``outlet`` column."""
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or ()]
    if NAME_COLUMN not in columns:
        raise ConfigError(f"{name}: line 1: the header has no {NAME_COLUMN!r} column (it has {columns})")
    reader.fieldnames = columns
    rows = []
    try:
        for row in reader:
            if None in row:  # more cells than the header names
                raise ConfigError(f"{name}: line {reader.line_num}: more cells than the header has columns")
            rows.append((f"line {reader.line_num}", {k: v or "" for k, v in row.items()}))
    except csv.Error as exc:
        raise ConfigError(f"{name}: line {reader.line_num}: {exc}") from exc
    return rows


def _json_rows(text: str, name: str) -> list[tuple[str, dict[str, str]]]:
    """(item label, row) of a JSON list of objects whose values are strings or numbers."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{name}: not JSON ({exc})") from exc
    except RecursionError as exc:  # arrays nested thousands deep: not an outlet list
        raise ConfigError(f"{name}: not an outlet list (JSON nested too deep)") from exc
    if not isinstance(items, list):
        raise ConfigError(f"{name}: a JSON outlets file is a list of objects")
    rows = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not all(
            isinstance(v, str | int | float) and not isinstance(v, bool) for v in item.values()
        ):
            raise ConfigError(f"{name}: item {number}: not an object of strings and numbers")
        rows.append((f"item {number}", {str(k).strip(): str(v) for k, v in item.items()}))
    return rows
