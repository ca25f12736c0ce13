"""Generate the export's JSON Schema from its dataclasses, so the two can never drift apart."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from importlib import resources
from typing import Any

from storyline.export import types as export_types

SCHEMA_FILE = "export-1.schema.json"
_SCALARS: dict[type, str] = {str: "string", int: "integer", float: "number", bool: "boolean"}


def _schema_for(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON Schema of one annotated type, adding dataclasses to ``defs``."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is type(None):
        return {"type": "null"}
    if tp in _SCALARS:
        return {"type": _SCALARS[tp]}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema_for(a, defs) for a in args]}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _schema_for(args[0], defs)}
        items = [_schema_for(a, defs) for a in args]
        return {"type": "array", "prefixItems": items, "minItems": len(items), "maxItems": len(items)}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            hints = typing.get_type_hints(tp)
            fields = dataclasses.fields(tp)
            defs[name] = {
                "type": "object",
                "description": (tp.__doc__ or "").strip().splitlines()[0],
                "properties": {f.name: _schema_for(hints[f.name], defs) for f in fields},
                "required": [f.name for f in fields],
                "additionalProperties": True,  # the spec allows new fields; consumers must ignore them
            }
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema mapping for {tp!r}")


def export_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``storyline.export/1``, generated from the export types."""
    defs: dict[str, Any] = {}
    root = _schema_for(export_types.ExportDocument, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "storyline.export/1",
        "title": "Storyline story export",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def shipped_schema() -> dict[str, Any]:
    """The schema file shipped inside the package."""
    text = resources.files("storyline.export").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def render_schema() -> str:
    """The generated schema as the exact text of the shipped file."""
    return json.dumps(export_schema(), indent=2, sort_keys=False) + "\n"
