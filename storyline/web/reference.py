"""A plain-HTML API reference built from the app's own OpenAPI document.

FastAPI's Swagger and ReDoc pages load their scripts from a CDN, which an offline machine cannot reach,
so the app turns them off and serves ``/docs`` from this record instead (``/openapi.json`` stays).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """A parameter or a property: its name, type and meaning."""

    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    """One route of the API."""

    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[Field, ...]
    responses: tuple[Field, ...]  # name: the status code; type: the response record


@dataclass(frozen=True, slots=True, kw_only=True)
class Schema:
    """One response record and its properties."""

    name: str
    description: str
    properties: tuple[Field, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiReference:
    """Every route and every record of the API."""

    title: str
    version: str
    operations: tuple[Operation, ...]
    schemas: tuple[Schema, ...]


def type_name(schema: dict[str, Any]) -> str:
    """A short human name of a JSON Schema type: ``str``, ``int | null``, ``list[ExportStory]``…"""
    if "$ref" in schema:
        return str(schema["$ref"]).removeprefix(REF_PREFIX)
    if "const" in schema:
        return repr(schema["const"])
    if "enum" in schema:
        return " | ".join(repr(value) for value in schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " | ".join(type_name(option) for option in schema[key])
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items") or schema.get("prefixItems")
        if isinstance(items, list):
            return "[" + ", ".join(type_name(item) for item in items) + "]"
        return f"list[{type_name(items)}]" if isinstance(items, dict) else "list"
    if kind == "string" and "format" in schema:
        return f"string ({schema['format']})"
    return str(kind) if kind else "any"


def api_reference(openapi: dict[str, Any]) -> ApiReference:
    """The reference of an OpenAPI 3 document: its operations in path order, then its schemas by name."""
    operations = []
    for path, methods in openapi.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = tuple(
                Field(
                    name=f"{p['name']} ({p['in']})",
                    type=type_name(p.get("schema", {})),
                    required=bool(p.get("required")),
                    description=str(p.get("description") or p.get("schema", {}).get("description", "")),
                )
                for p in operation.get("parameters", [])
            )
            responses = tuple(
                Field(
                    name=str(status),
                    type=_response_type(response),
                    required=False,
                    description=str(response.get("description", "")),
                )
                for status, response in operation.get("responses", {}).items()
            )
            operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=str(operation.get("summary", "")),
                    description=str(operation.get("description", "")),
                    parameters=parameters,
                    responses=responses,
                )
            )
    schemas = []
    for name, schema in sorted(openapi.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        schemas.append(
            Schema(
                name=name,
                description=str(schema.get("description", "")),
                properties=tuple(
                    Field(
                        name=prop,
                        type=type_name(spec),
                        required=prop in required,
                        description=str(spec.get("description", "")),
                    )
                    for prop, spec in schema.get("properties", {}).items()
                ),
            )
        )
    info = openapi.get("info", {})
    return ApiReference(
        title=str(info.get("title", "")),
        version=str(info.get("version", "")),
        operations=tuple(operations),
        schemas=tuple(schemas),
    )


def _response_type(response: dict[str, Any]) -> str:
    """The record a response carries as JSON, or an empty string."""
    schema = response.get("content", {}).get("application/json", {}).get("schema")
    return type_name(schema) if isinstance(schema, dict) and schema else ""
