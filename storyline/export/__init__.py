"""The story export, ``storyline.export/1``: the public JSON contract (see docs/export.md).

The document's shape is defined once, by the dataclasses in :mod:`storyline.export.types`; the JSON
Schema shipped in ``storyline/export/export-1.schema.json`` is generated from them
(:func:`storyline.export.schema.export_schema`) and a test keeps the two equal.
"""

from __future__ import annotations

from storyline.export.build import build_export, select_story, to_json
from storyline.export.parse import parse_export
from storyline.export.types import SCHEMA_VERSION, ExportDocument

__all__ = ["SCHEMA_VERSION", "ExportDocument", "build_export", "parse_export", "select_story", "to_json"]
