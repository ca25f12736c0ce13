"""Read an export document back into its typed records: the inverse of :func:`storyline.export.to_json`.

Used to serve a stored export without recomputing it, and by anyone who wants typed access to an export
file. Fields this version does not know are ignored (the spec lets producers add fields), fields it has
added since take their defaults; a missing or wrongly typed field is an error naming where it is.
"""

from __future__ import annotations

import json

from storyline.errors import ParseError
from storyline.export.types import ExportDocument
from storyline.records import RecordShapeError, from_plain


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
        document: ExportDocument = from_plain(ExportDocument, data, "document")
    except RecordShapeError as exc:
        raise ParseError(where, str(exc)) from None
    return document
