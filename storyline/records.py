"""Frozen dataclass records to plain JSON values and back, by their type annotations.

Used for the export (:mod:`storyline.export.parse` reads it back) and for stage results kept in the
store (per-article extractions). Handles dataclasses, tuples, ``X | None``, ``Literal``, ``str``,
``int``, ``float``, ``bool`` and ``datetime.date`` (ISO text); anything else is a programming error
(``TypeError``), never silently passed through.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from typing import Any

__all__ = ["RecordShapeError", "from_plain", "to_plain"]

_SCALARS: tuple[type, ...] = (str, int, float, bool)


class RecordShapeError(ValueError):
    """A JSON value does not have the type the record defines at its path (the message names it)."""


def to_plain(record: Any) -> Any:
    """A record as plain JSON values: dataclasses to objects (field order kept), tuples to lists, dates
    to ISO text."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_plain(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, tuple | list):
        return [to_plain(item) for item in record]
    if isinstance(record, dt.date):
        return record.isoformat()
    return record


def from_plain(tp: Any, value: Any, path: str = "record") -> Any:
    """Convert the JSON ``value`` into the annotated type ``tp``; ``path`` names it in errors.

    A dataclass field missing from the object takes its default when it has one.

    Raises:
        RecordShapeError: the value does not fit the type.
        TypeError: ``tp`` holds a type this codec does not handle.
    """
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is type(None):
        if value is not None:
            raise RecordShapeError(f"{path}: expected null, found {_kind(value)}")
        return None
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        others = [a for a in args if a is not type(None)]
        if len(others) == 1:
            return from_plain(others[0], value, path)
        raise TypeError(f"no decoder for the union {tp!r}")
    if origin is typing.Literal:
        if value not in args:
            raise RecordShapeError(f"{path}: expected one of {', '.join(map(repr, args))}, found {value!r}")
        return value
    if tp is dt.date:
        if not isinstance(value, str):
            raise RecordShapeError(f"{path}: expected an ISO date, found {_kind(value)}")
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise RecordShapeError(f"{path}: not an ISO date: {value!r}") from exc
    if tp in _SCALARS:
        return _scalar(tp, value, path)
    if origin is tuple:
        if not isinstance(value, list):
            raise RecordShapeError(f"{path}: expected a list, found {_kind(value)}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], item, f"{path}[{i}]") for i, item in enumerate(value))
        if len(value) != len(args):
            raise RecordShapeError(f"{path}: expected {len(args)} items, found {len(value)}")
        pairs = enumerate(zip(args, value, strict=True))
        return tuple(from_plain(a, item, f"{path}[{i}]") for i, (a, item) in pairs)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _dataclass(tp, value, path)
    raise TypeError(f"no decoder for {tp!r}")


def _dataclass(tp: type, value: Any, path: str) -> Any:
    """Build a dataclass from a JSON object, field by field."""
    if not isinstance(value, dict):
        raise RecordShapeError(f"{path}: expected an object, found {_kind(value)}")
    hints = typing.get_type_hints(tp)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(tp):
        if field.name in value:
            values[field.name] = from_plain(hints[field.name], value[field.name], f"{path}.{field.name}")
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise RecordShapeError(f"{path}: missing field {field.name!r}")
    return tp(**values)


def _scalar(tp: type, value: Any, path: str) -> Any:
    """Check a JSON scalar against ``tp`` (an int is a valid float; a bool is never a number)."""
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, tp) and not (tp is not bool and isinstance(value, bool)):
        return value
    raise RecordShapeError(f"{path}: expected {tp.__name__}, found {_kind(value)}")


def _kind(value: Any) -> str:
    """Name the JSON kind of ``value`` for an error message."""
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number"
    )
