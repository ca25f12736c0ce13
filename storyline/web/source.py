"""Where the web layer gets its data: the export of the store, read through the Python API only.

:func:`load_document` is the one call into the pipeline. :class:`DocumentSource` keeps the last document
per app (never in a module global) and reads it again when the store's files change, so a page view does
not rerun the stages while nothing was ingested.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from storyline.config import Settings
from storyline.export import ExportDocument, to_json
from storyline.pipeline import stored_export
from storyline.store import is_postgres_url

LOGGER = logging.getLogger(__name__)

MEMORY_DB = ":memory:"  # SQLite's name for a database without a file: nothing to watch, never cached

Signature = tuple[tuple[str, int, int], ...]


def load_document(settings: Settings) -> ExportDocument:
    """The export document of the store at ``settings.db_path`` (computed once per store revision).

    Raises:
        StorageError: the store does not exist or cannot be read.
    """
    return stored_export(settings)


def store_signature(db_path: str) -> Signature | None:
    """Modification time and size of the store's database and write-ahead log; None for ``:memory:`` and
    for a server database (then every request asks :func:`load_document`, which reads the stored export
    unless the store's revision changed)."""
    if db_path == MEMORY_DB or is_postgres_url(db_path):
        return None
    parts = []
    for path in (Path(db_path), Path(f"{db_path}-wal")):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        parts.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(parts)


class DocumentSource:
    """The current export document of one store, loaded again only after the store changed."""

    def __init__(
        self, settings: Settings, loader: Callable[[Settings], ExportDocument] = load_document
    ) -> None:
        """Serve ``settings.db_path`` through ``loader`` (by default :func:`load_document`)."""
        self.settings = settings
        self._loader = loader
        self._lock = threading.Lock()
        self._signature: Signature | None = None
        self._document: ExportDocument | None = None
        self._json: tuple[ExportDocument, str] | None = None  # a document and its JSON text

    def document(self) -> ExportDocument:
        """The export of the store as it is now.

        Raises:
            StorageError: the store does not exist or cannot be read.
        """
        with self._lock:
            signature = store_signature(self.settings.db_path)
            if self._document is None or signature is None or signature != self._signature:
                LOGGER.info("%s: loading the export", self.settings.db_path)
                self._document = self._loader(self.settings)
                # Taken after loading: the loader may write to the store itself (annotation and export
                # caches), and that write must not make the next request load again.
                self._signature = store_signature(self.settings.db_path)
            return self._document

    def export_json(self) -> str:
        """The export of the store as the exact JSON text of :func:`storyline.export.to_json`."""
        document = self.document()
        with self._lock:
            if self._json is None or self._json[0] is not document:
                self._json = (document, to_json(document))
            return self._json[1]
