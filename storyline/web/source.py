"""Where the web layer gets its data: the export of the store, read through the Python API only.

:func:`load_document` is the one call into the pipeline. :class:`DocumentSource` keeps the last document
per app (never in a module global) and loads it again only when the store's revision changed (one small
query per request, SQLite or PostgreSQL alike), so a page view does not rerun the stages while nothing
was ingested or corrected.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from storyline.config import Settings
from storyline.export import ExportDocument, to_json
from storyline.pipeline import stored_export, stored_revision
from storyline.store import mask_password

LOGGER = logging.getLogger(__name__)


def load_document(settings: Settings) -> ExportDocument:
    """The export document of the store at ``settings.db_path`` (computed once per store revision).

    Raises:
        StorageError: the store does not exist or cannot be read.
    """
    return stored_export(settings)


class DocumentSource:
    """The current export document of one store, loaded again only after the store changed."""

    def __init__(
        self, settings: Settings, loader: Callable[[Settings], ExportDocument] = load_document
    ) -> None:
        """Serve ``settings.db_path`` through ``loader`` (by default :func:`load_document`)."""
        self.settings = settings
        self._loader = loader
        self._lock = threading.Lock()
        self._revision: int | None = None
        self._document: ExportDocument | None = None
        self._json: tuple[ExportDocument, str] | None = None  # a document and its JSON text

    def document(self) -> ExportDocument:
        """The export of the store as it is now.

        Raises:
            StorageError: the store does not exist or cannot be read.
        """
        with self._lock:
            # Read before loading: an ingest that commits while the stories are being computed raises
            # the revision again, so the next request loads once more instead of keeping a stale
            # document. The loader's own cache writes do not change the revision.
            revision = stored_revision(self.settings)
            if self._document is None or revision != self._revision:
                LOGGER.info("%s: loading the export", mask_password(self.settings.db_path))
                self._document = self._loader(self.settings)
                self._revision = revision
            return self._document

    def export_json(self) -> str:
        """The export of the store as the exact JSON text of :func:`storyline.export.to_json`."""
        document = self.document()
        with self._lock:
            if self._json is None or self._json[0] is not document:
                self._json = (document, to_json(document))
            return self._json[1]
