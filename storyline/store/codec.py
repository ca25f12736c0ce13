"""Conversion between Storyline's records and the store's rows. Pure functions; no database access.

Formats (what the columns hold):

- ``articles``: one column per :class:`~storyline.models.Article` field, in :data:`ARTICLE_COLUMNS` order.
  ``published`` is ISO text ``YYYY-MM-DD`` (a ``datetime`` given there is stored as its calendar day);
  ``title_derived`` is 0 or 1.
- ``annotations.sentences`` / ``annotations.tokens``: the spans' ``start, end`` offsets flattened and
  packed as little-endian unsigned 32-bit integers (8 bytes per span). Offsets must lie in
  ``[0, 2**32)``; anything else is refused with a :class:`~storyline.errors.StorageError`.
- ``annotations.entities``: a compact JSON array of ``[start, end, label, text]`` arrays.

Every decoder checks what it reads and raises :class:`~storyline.errors.StorageError` naming the record
and column when a stored value has the wrong shape, rather than building a broken record.
"""

from __future__ import annotations

import datetime as dt
import json
import struct
from collections.abc import Sequence

from storyline.errors import ConfigError, StorageError
from storyline.models import (
    Annotation,
    Article,
    Correction,
    EntityMention,
    FeedState,
    RecordedCorrection,
    TextSpan,
)

__all__ = [
    "ANNOTATION_COLUMNS",
    "ARTICLE_COLUMNS",
    "SqlValue",
    "annotation_to_row",
    "article_to_row",
    "decode_entities",
    "decode_spans",
    "encode_entities",
    "encode_spans",
    "row_to_annotation",
    "row_to_article",
    "row_to_correction",
    "row_to_feed_state",
]

SqlValue = str | int | bytes | None

ARTICLE_COLUMNS: tuple[str, ...] = (
    "id",
    "source",
    "title",
    "text",
    "url",
    "outlet",
    "author",
    "published",
    "language",
    "title_derived",
)
ANNOTATION_COLUMNS: tuple[str, ...] = ("article_id", "model", "sentences", "tokens", "entities")

_OFFSET_FORMAT = "<I"  # little-endian uint32 on every platform
_OFFSET_BYTES = struct.calcsize(_OFFSET_FORMAT)
_SPAN_BYTES = 2 * _OFFSET_BYTES
_MAX_OFFSET = 2 ** (8 * _OFFSET_BYTES) - 1  # 4 Gi characters: far beyond any article's text
_ENTITY_FIELDS = 4  # start, end, label, text


def article_to_row(article: Article) -> tuple[SqlValue, ...]:
    """Return the ``articles`` row for ``article``, in :data:`ARTICLE_COLUMNS` order."""
    published = article.published
    day = None if published is None else dt.date(published.year, published.month, published.day).isoformat()
    return (
        article.id,
        article.source,
        article.title,
        article.text,
        article.url,
        article.outlet,
        article.author,
        day,
        article.language,
        int(article.title_derived),
    )


def _text(value: object, where: str) -> str:
    """Return ``value`` if it is a string, else raise a :class:`StorageError` naming ``where``."""
    if not isinstance(value, str):
        raise StorageError(f"{where}: expected text, found {type(value).__name__}")
    return value


def _optional_text(value: object, where: str) -> str | None:
    """Return ``value`` if it is a string or None, else raise a :class:`StorageError` naming ``where``."""
    return None if value is None else _text(value, where)


def row_to_article(row: Sequence[object]) -> Article:
    """Return the :class:`Article` stored in an ``articles`` row (columns in :data:`ARTICLE_COLUMNS` order).

    Raises:
        StorageError: if the row does not have the expected shape.
    """
    if len(row) != len(ARTICLE_COLUMNS):
        raise StorageError(f"article row has {len(row)} columns, expected {len(ARTICLE_COLUMNS)}")
    article_id = _text(row[0], "article id")
    values = dict(zip(ARTICLE_COLUMNS, row, strict=True))

    def where(column: str) -> str:
        """Name the column being decoded, for error messages."""
        return f"article {article_id}, column {column}"

    published_text = _optional_text(values["published"], where("published"))
    try:
        published = None if published_text is None else dt.date.fromisoformat(published_text)
    except ValueError as exc:
        raise StorageError(f"{where('published')}: not an ISO date: {published_text!r}") from exc
    title_derived = values["title_derived"]
    if title_derived not in (0, 1) or isinstance(title_derived, float):
        raise StorageError(f"{where('title_derived')}: expected 0 or 1, found {title_derived!r}")
    return Article(
        id=article_id,
        source=_text(values["source"], where("source")),
        title=_text(values["title"], where("title")),
        text=_text(values["text"], where("text")),
        url=_optional_text(values["url"], where("url")),
        outlet=_optional_text(values["outlet"], where("outlet")),
        author=_optional_text(values["author"], where("author")),
        published=published,
        language=_text(values["language"], where("language")),
        title_derived=bool(title_derived),
    )


def encode_spans(spans: Sequence[TextSpan], where: str = "spans") -> bytes:
    """Pack ``spans`` as little-endian uint32 ``start, end`` pairs.

    Args:
        spans: the spans to pack.
        where: names the record and field in error messages.

    Returns:
        ``8 * len(spans)`` bytes.

    Raises:
        StorageError: if an offset is not an integer in ``[0, 2**32)``.
    """
    offsets: list[int] = []
    for span in spans:
        for offset in (span.start, span.end):
            if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= _MAX_OFFSET:
                raise StorageError(
                    f"{where}: offset {offset!r} cannot be stored;"
                    f" offsets must be integers from 0 to {_MAX_OFFSET}"
                )
            offsets.append(offset)
    return struct.pack(f"<{len(offsets)}I", *offsets)


def decode_spans(blob: object, where: str = "spans") -> tuple[TextSpan, ...]:
    """Unpack spans packed by :func:`encode_spans`.

    Raises:
        StorageError: if ``blob`` is not bytes of a whole number of spans.
    """
    if not isinstance(blob, bytes) or len(blob) % _SPAN_BYTES:
        size = len(blob) if isinstance(blob, bytes) else type(blob).__name__
        raise StorageError(f"{where}: expected packed spans ({_SPAN_BYTES} bytes each), found {size}")
    offsets = struct.unpack(f"<{len(blob) // _OFFSET_BYTES}I", blob)
    return tuple(map(TextSpan, offsets[0::2], offsets[1::2]))


def encode_entities(entities: Sequence[EntityMention]) -> str:
    """Return ``entities`` as a compact JSON array of ``[start, end, label, text]`` arrays."""
    return json.dumps(
        [[entity.start, entity.end, entity.label, entity.text] for entity in entities],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def decode_entities(text: object, where: str = "entities") -> tuple[EntityMention, ...]:
    """Parse entities written by :func:`encode_entities`.

    Raises:
        StorageError: if ``text`` is not such a JSON array.
    """
    try:
        items = json.loads(_text(text, where))
    except json.JSONDecodeError as exc:
        raise StorageError(f"{where}: not valid JSON ({exc})") from exc
    if not isinstance(items, list):
        raise StorageError(f"{where}: expected a JSON array")
    entities: list[EntityMention] = []
    for item in items:
        if not (
            isinstance(item, list)
            and len(item) == _ENTITY_FIELDS
            and all(type(value) is int for value in item[:2])
            and all(isinstance(value, str) for value in item[2:])
        ):
            raise StorageError(f"{where}: expected [start, end, label, text], found {item!r}")
        start, end, label, mention = item
        entities.append(EntityMention(start=start, end=end, text=mention, label=label))
    return tuple(entities)


def annotation_to_row(annotation: Annotation) -> tuple[SqlValue, ...]:
    """Return the ``annotations`` row for ``annotation``, in :data:`ANNOTATION_COLUMNS` order.

    Raises:
        StorageError: if a span offset cannot be packed (see :func:`encode_spans`).
    """
    where = f"annotation of article {annotation.article_id}"
    return (
        annotation.article_id,
        annotation.model,
        encode_spans(annotation.sentences, f"{where}, sentences"),
        encode_spans(annotation.tokens, f"{where}, tokens"),
        encode_entities(annotation.entities),
    )


def row_to_annotation(row: Sequence[object]) -> Annotation:
    """Return the :class:`Annotation` stored in an ``annotations`` row.

    Raises:
        StorageError: if the row does not have the expected shape.
    """
    if len(row) != len(ANNOTATION_COLUMNS):
        raise StorageError(f"annotation row has {len(row)} columns, expected {len(ANNOTATION_COLUMNS)}")
    article_id = _text(row[0], "annotation article id")
    where = f"annotation of article {article_id}"
    return Annotation(
        article_id=article_id,
        model=_text(row[1], f"{where}, model"),
        sentences=decode_spans(row[2], f"{where}, sentences"),
        tokens=decode_spans(row[3], f"{where}, tokens"),
        entities=decode_entities(row[4], f"{where}, entities"),
    )


FEED_COLUMNS = "url, etag, last_modified, checked_at, status"  # the order row_to_feed_state reads


def row_to_feed_state(row: Sequence[object]) -> FeedState:
    """A ``feeds`` row (``FEED_COLUMNS`` order) as a :class:`FeedState`."""
    url, etag, last_modified, checked_at, status = row
    return FeedState(
        url=str(url),
        etag=_optional_text(etag, "feeds.etag"),
        last_modified=_optional_text(last_modified, "feeds.last_modified"),
        checked_at=str(checked_at),
        status=str(status),
    )


def row_to_correction(
    number: object, kind: object, articles: object, anchor: object, made_at: str
) -> RecordedCorrection:
    """A ``corrections`` row as a :class:`RecordedCorrection` (``made_at`` already as ISO text).

    Raises:
        StorageError: the stored correction is malformed.
    """
    try:
        correction = Correction(
            kind=kind,  # type: ignore[arg-type]  # checked by Correction itself
            articles=tuple(json.loads(str(articles))),
            anchor=_optional_text(anchor, "corrections.anchor"),
        )
    except (ValueError, TypeError, ConfigError) as exc:
        raise StorageError(f"correction {number} is malformed: {exc}") from exc
    return RecordedCorrection(number=int(str(number)), correction=correction, made_at=made_at)
