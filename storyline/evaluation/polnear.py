"""Reader for the PolNeAR attribution corpus (Newell, Margolin & Ruths, LREC 2018).

A split folder holds ``text/NAME.txt`` (the article; the first line is its title) and
``attributions/NAME_ANNOTATOR.ann`` in brat standoff::

    T3\tContent 115 290;300 320\tthe content text
    E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1

``metadata.tsv`` (beside the split folders) gives publisher and date per ``filename``. Offsets are
character offsets into the text file. An article annotated by several annotators is read once, with the
annotation of the first annotator in sorted order.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import ParseError
from storyline.models import TextSpan

__all__ = ["PolnearArticle", "PolnearAttribution", "is_direct", "read_split"]

LOGGER = logging.getLogger(__name__)

# A Content span is a direct quote when it begins or ends with one of these (the data README's definition).
QUOTE_CHARS = frozenset("\"“”‘’'`«»")


@dataclass(frozen=True, slots=True, kw_only=True)
class PolnearAttribution:
    """One annotated attribution: content, cue and source spans (source may be missing)."""

    content: tuple[TextSpan, ...]
    content_text: str
    source: tuple[TextSpan, ...]
    source_text: str
    cue_text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PolnearArticle:
    """One PolNeAR article with its attributions."""

    name: str
    text: str
    publisher: str | None
    published: dt.date | None
    attributions: tuple[PolnearAttribution, ...]


def is_direct(attribution: PolnearAttribution) -> bool:
    """Whether an attribution's content begins or ends with a quotation mark."""
    content = attribution.content_text.strip()
    return bool(content) and (content[0] in QUOTE_CHARS or content[-1] in QUOTE_CHARS)


def _spans(ranges: str) -> tuple[TextSpan, ...]:
    """``"115 290;300 320"`` as spans."""
    out = []
    for part in ranges.split(";"):
        start, end = part.split()
        out.append(TextSpan(int(start), int(end)))
    return tuple(out)


def _read_ann(path: Path, text: str) -> tuple[PolnearAttribution, ...]:
    """Parse one brat .ann file into attributions."""
    spans: dict[str, tuple[str, tuple[TextSpan, ...]]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label, _, ranges = fields[1].partition(" ")
            try:
                spans[fields[0]] = (label, _spans(ranges))
            except ValueError as err:
                raise ParseError(str(path), f"bad span line {line!r}") from err
        elif line.startswith("E") and len(fields) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in fields[1].split() if ":" in arg))
    out = []
    for rel in relations:
        content = spans.get(rel.get("Content", ""))
        if content is None:
            continue
        source = spans.get(rel.get("Source", ""), ("Source", ()))
        cue = spans.get(rel.get("Cue", ""), ("Cue", ()))
        out.append(
            PolnearAttribution(
                content=content[1],
                content_text=" ".join(text[s.start : s.end] for s in content[1]),
                source=source[1],
                source_text=" ".join(text[s.start : s.end] for s in source[1]),
                cue_text=" ".join(text[s.start : s.end] for s in cue[1]),
            )
        )
    return tuple(out)


def _metadata(path: Path) -> dict[str, tuple[str | None, dt.date | None]]:
    """filename -> (publisher, date) from metadata.tsv, when it exists."""
    if not path.is_file():
        return {}
    out: dict[str, tuple[str | None, dt.date | None]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            try:
                date = dt.date.fromisoformat(row.get("publication_date") or "")
            except ValueError:
                date = None
            out[row.get("filename", "")] = (row.get("publisher") or None, date)
    return out


def read_split(path: Path, *, limit: int | None = None) -> list[PolnearArticle]:
    """Read a PolNeAR split folder (``train/`` or ``dev/``), articles sorted by name.

    Args:
        path: the split folder, holding ``text/`` and ``attributions/``.
        limit: read only ``limit`` articles, evenly spaced in name order.

    Returns:
        The articles that have a text and at least one annotation file.

    Raises:
        ParseError: the folder is not a PolNeAR split.
    """
    text_dir, ann_dir = path / "text", path / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise ParseError(str(path), "not a PolNeAR split: expected text/ and attributions/ folders")
    meta = _metadata(path.parent / "metadata.tsv")
    annotations: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        annotations.setdefault(name, ann)
    names = [p.stem for p in sorted(text_dir.glob("*.txt")) if p.stem in annotations]
    if limit is not None and 0 < limit < len(names):
        # evenly spaced, so a reduced run still covers every publisher (names start with the publisher)
        names = [names[(i * len(names)) // limit] for i in range(limit)]
    articles = []
    for name in names:
        text_path = text_dir / f"{name}.txt"
        text = text_path.read_text(encoding="utf-8")
        publisher, date = meta.get(name, (None, None))
        articles.append(
            PolnearArticle(
                name=name,
                text=text,
                publisher=publisher,
                published=date,
                attributions=_read_ann(annotations[name], text),
            )
        )
    return articles
