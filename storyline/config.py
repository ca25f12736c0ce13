"""Typed settings for one run, with their defaults. Stages receive what they need; none reads globals."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.errors import ConfigError
from storyline.outlets import OutletDirectory

DEFAULT_MAX_INPUT_BYTES = 50 * 1024 * 1024  # 50 MiB: ten times the largest WARC we have seen per article feed
DEFAULT_DB_PATH = "storyline.db"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Options of one run. Build once (defaults, then flags) and pass it down."""

    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    db_path: str = DEFAULT_DB_PATH
    outlets: OutletDirectory | None = None  # the user's outlet list (`--outlets FILE`), to profile coverage
    # Refuse URLs (and redirects) to loopback, private and link-local addresses: set where the one asking
    # is not the machine's owner (URLs added through the web app), so Storyline cannot be made to read
    # the machine's own network for them.
    public_urls_only: bool = False

    def __post_init__(self) -> None:
        if self.max_input_bytes <= 0:
            raise ConfigError(
                f"max_input_bytes must be a positive number of bytes, not {self.max_input_bytes}"
            )
