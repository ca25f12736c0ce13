"""Read an export document back into its typed records: the inverse of :func:`storyline.export.to_json`.

Used to serve a stored export without recomputing it, and by anyone who wants typed access to an export
file. Fields this version does not know are ignored (the spec lets producers add fields); a missing or
wrongly typed field is an error naming where it is.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any

from storyline.errors import ParseError
from storyline.export.types import ExportDocument

_SCALARS: tuple[type, ...] = (str, int, float, bool)


def parse_export(text: str, where: str = "export") -> ExportDocument:
    """Parse export JSON text into an :class:`ExportDocument`.

    Args:
        text: the JSON text, as :func:`storyline.export.to_json` writes it.
        where: the name of the input, for error messages.

    Returns:
        The document; ``to_json(parse_export(to_json(doc))) == to_json(doc)``.

    Raises:
        ParseError: if the text is not JSON or does not have the export's shape (the message names the
            input and the path of the offending field).
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(where, f"not JSON ({exc})") from exc
    try:
        document: ExportDocument = _decode(ExportDocument, data, "document")
    except _ShapeError as exc:
        raise ParseError(where, str(exc)) from None
    return document


class _ShapeError(Exception):
    """A JSON value does not have the type the export defines at its path."""


def _decode(tp: Any, value: Any, path: str) -> Any:
    """Convert the JSON ``value`` at ``path`` into the annotated type ``tp``."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is type(None):
        if value is not None:
            raise _ShapeError(f"{path}: expected null, found {_kind(value)}")
        return None
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        others = [a for a in args if a is not type(None)]
        if len(others) == 1:
            return _decode(others[0], value, path)
        raise TypeError(f"no decoder for the union {tp!r}")
    if origin is typing.Literal:
        if value not in args:
            raise _ShapeError(f"{path}: expected one of {', '.join(map(repr, args))}, found {value!r}")
        return value
    if tp in _SCALARS:
        return _scalar(tp, value, path)
    if origin is tuple:
        if not isinstance(value, list):
            raise _ShapeError(f"{path}: expected a list, found {_kind(value)}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item, f"{path}[{i}]") for i, item in enumerate(value))
        if len(value) != len(args):
            raise _ShapeError(f"{path}: expected {len(args)} items, found {len(value)}")
        pairs = enumerate(zip(args, value, strict=True))
        return tuple(_decode(a, item, f"{path}[{i}]") for i, (a, item) in pairs)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(value, dict):
            raise _ShapeError(f"{path}: expected an object, found {_kind(value)}")
        hints = typing.get_type_hints(tp)
        values: dict[str, Any] = {}
        for field in dataclasses.fields(tp):
            if field.name not in value:
                raise _ShapeError(f"{path}: missing field {field.name!r}")
            values[field.name] = _decode(hints[field.name], value[field.name], f"{path}.{field.name}")
        return tp(**values)
    raise TypeError(f"no decoder for {tp!r}")


def _scalar(tp: type, value: Any, path: str) -> Any:
    """Check a JSON scalar against ``tp`` (an int is a valid float; a bool is never a number)."""
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, tp) and not (tp is not bool and isinstance(value, bool)):
        return value
    raise _ShapeError(f"{path}: expected {tp.__name__}, found {_kind(value)}")


def _kind(value: Any) -> str:
    """Name the JSON kind of ``value`` for an error message."""
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number"
    )
