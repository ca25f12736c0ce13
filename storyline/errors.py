"""Storyline's exceptions. Core code raises these; only the shells (CLI, HTTP) translate them.

Hierarchy::

    StorylineError                 base of everything Storyline raises on purpose
    ├── IngestError                an input could not be read (becomes a ``problems`` entry)
    │   ├── InputNotFound          a path that does not exist
    │   ├── InputTooLarge          over ``Settings.max_input_bytes``
    │   └── ParseError             the bytes are there but are not a readable article, feed, archive…
    ├── ConfigError                a setting has an invalid value
    ├── StorageError               the database cannot be opened or written
    ├── NotAllowed                 the request is refused (a read-only server, another site's form)
    └── NotFound                   a requested record does not exist (HTTP 404)
        ├── ArticleNotFound
        └── StoryNotFound
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class of Storyline's errors; ``status`` is the HTTP status the web layer answers with."""

    status = 500


class IngestError(StorylineError):
    """An input could not be read. ``source`` names the input, the message says why."""

    status = 400

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class InputNotFound(IngestError):
    """A path given as input does not exist."""


class InputTooLarge(IngestError):
    """An input is larger than the configured limit."""


class ParseError(IngestError):
    """An input's bytes cannot be read as any supported kind of article source."""


class ConfigError(StorylineError):
    """A setting has an invalid value; the message says which values are valid."""

    status = 400


class StorageError(StorylineError):
    """The store cannot be opened, migrated or written."""


class NotAllowed(StorylineError):
    """The request is understood but refused: a write to a read-only server, a form posted elsewhere."""

    status = 403


class NotFound(StorylineError):
    """A requested record does not exist."""

    status = 404


class ArticleNotFound(NotFound):
    """No article has the requested id."""


class StoryNotFound(NotFound):
    """No story has the requested id."""
