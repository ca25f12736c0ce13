"""Readers for annotated temporal expressions: TimeML inline XML (TBAQ-cleaned) and MEANTIME CAT XML.

Both give :class:`TimexDocument` records: the plain text, the document creation time (DCT) and the gold
TIMEX3 annotations as character offsets into that text. The files are read at run time only; nothing from
them is copied into the repository.

TimeML (``*.tml``): the DCT is the TIMEX3 with ``functionInDocument="CREATION_TIME"`` (inside ``<DCT>``);
the text is the content of ``<TEXT>`` with its inline tags removed; gold TIMEX3s are those inside ``<TEXT>``.

MEANTIME (``*.xml``, CAT format): the text is rebuilt from ``<token>`` elements (one sentence per line,
tokens joined by one space except before closing punctuation); a TIMEX3 is gold when it has token anchors,
and the DCT is the TIMEX3 with ``functionInDocument="CREATION_TIME"`` (its tokens, the dateline, stay gold).
Only the first :data:`MEANTIME_ANNOTATED_SENTENCES` sentences are annotated: ``scored_end`` marks where
scoring stops (the whole text stays, as context).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import ParseError

LOGGER = logging.getLogger(__name__)

__all__ = ["GoldTimex", "TimexDocument", "read_meantime", "read_timeml"]

_DATE_PREFIX = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})")
# MEANTIME annotates the title, the dateline and the first four sentences of each article only: in all 120
# English files no TIMEX3 lies beyond the sixth token sentence, so expressions found later are not scored.
MEANTIME_ANNOTATED_SENTENCES = 6
# MEANTIME tokens that attach to the previous token (no space before them)
_NO_SPACE_BEFORE = frozenset(
    {",", ".", ":", ";", "!", "?", "%", ")", "]", "'s", "'", "n't", "'re", "'ve", "'ll", "'d", "'m"}
)
# MEANTIME annotates the title, the dateline and the first four sentences of each article only: in all 120
# English files no TIMEX3 lies beyond the sixth token sentence, so expressions found later are not scored.
MEANTIME_ANNOTATED_SENTENCES = 6
# MEANTIME tokens that attach to the next token (no space after them)
_NO_SPACE_AFTER = frozenset({"(", "[", "$"})


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldTimex:
    """One annotated TIMEX3: character offsets into the document's text, its type and normalized value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TimexDocument:
    """One annotated document: its text, creation date (None when the file has none) and gold TIMEX3s."""

    doc_id: str
    text: str
    dct: dt.date | None
    timexes: tuple[GoldTimex, ...]
    scored_end: int  # expressions starting at or after this offset are outside the annotated part


def _parse_dct(value: str | None) -> dt.date | None:
    """The date at the start of a TIMEX3 value such as ``1998-01-08`` or ``19980108T12:00``, else None."""
    match = _DATE_PREFIX.match(value or "")
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _walk_inline(node: ET.Element, parts: list[str], gold: list[GoldTimex], offset: int) -> int:
    """Append ``node``'s text (tags removed) to ``parts``, recording TIMEX3 spans; return the new offset."""
    start = offset
    if node.text:
        parts.append(node.text)
        offset += len(node.text)
    for child in node:
        offset = _walk_inline(child, parts, gold, offset)
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    if node.tag == "TIMEX3" and offset > start:
        text = "".join(parts)[start:offset]
        gold.append(
            GoldTimex(
                start=start,
                end=offset,
                text=text,
                type=node.get("type", ""),
                value=node.get("value", ""),
            )
        )
    return offset


def read_timeml(path: Path) -> TimexDocument:
    """Read one TimeML ``.tml`` file.

    Args:
        path: the file.
    Returns:
        The document with its DCT and the TIMEX3s inside ``<TEXT>``.
    Raises:
        ParseError: the file is not well-formed XML or has no ``<TEXT>``.
    """
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as err:
        raise ParseError(str(path), f"not readable TimeML XML ({err})") from err
    dct: dt.date | None = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = _parse_dct(timex.get("value"))
            break
    text_node = root.find("TEXT")
    if text_node is None:
        raise ParseError(str(path), "TimeML file without a <TEXT> element")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    _walk_inline(text_node, parts, gold, 0)
    doc_id = (root.findtext("DOCID") or path.stem).strip()
    return TimexDocument(
        doc_id=doc_id,
        text="".join(parts),
        dct=dct,
        timexes=tuple(sorted(gold, key=lambda g: (g.start, g.end))),
        scored_end=len("".join(parts)),
    )


def read_meantime(path: Path) -> TimexDocument:
    """Read one MEANTIME CAT ``.xml`` file.

    Args:
        path: the file.
    Returns:
        The document rebuilt from its tokens, with its DCT and the TIMEX3s that have token anchors.
    Raises:
        ParseError: the file is not well-formed XML or has no tokens.
    """
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as err:
        raise ParseError(str(path), f"not readable CAT XML ({err})") from err
    spans: dict[str, tuple[int, int]] = {}
    pieces: list[str] = []
    offset = 0
    previous_sentence: str | None = None
    previous_token = ""
    sentences_seen = 0
    scored_end: int | None = None
    for token in root.iter("token"):
        word = token.text or ""
        sentence = token.get("sentence", "")
        if previous_sentence is not None:
            if sentence != previous_sentence:
                sentences_seen += 1
                if sentences_seen == MEANTIME_ANNOTATED_SENTENCES:
                    scored_end = offset
                separator = "\n"
            elif word in _NO_SPACE_BEFORE or previous_token in _NO_SPACE_AFTER:
                separator = ""
            else:
                separator = " "
            pieces.append(separator)
            offset += len(separator)
        spans[token.get("t_id", "")] = (offset, offset + len(word))
        pieces.append(word)
        offset += len(word)
        previous_sentence = sentence
        previous_token = word
    if not spans:
        raise ParseError(str(path), "CAT file without <token> elements")
    text = "".join(pieces)
    dct: dt.date | None = None
    gold: list[GoldTimex] = []
    markables = root.find("Markables")
    for timex in markables.iter("TIMEX3") if markables is not None else iter(()):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = _parse_dct(timex.get("value"))
        anchors = [spans[a.get("t_id", "")] for a in timex.iter("token_anchor") if a.get("t_id", "") in spans]
        if not anchors:
            continue
        start = min(s for s, _ in anchors)
        end = max(e for _, e in anchors)
        gold.append(
            GoldTimex(
                start=start,
                end=end,
                text=text[start:end],
                type=timex.get("type", ""),
                value=timex.get("value", ""),
            )
        )
    doc_id = root.get("doc_id") or path.stem
    return TimexDocument(
        doc_id=doc_id,
        text=text,
        dct=dct,
        timexes=tuple(sorted(gold, key=lambda g: (g.start, g.end))),
        scored_end=scored_end if scored_end is not None else len(text),
    )


def iter_corpus(kind: str, folder: Path) -> Iterator[TimexDocument]:
    """Yield the documents of a corpus folder in sorted path order, one per document id.

    Args:
        kind: ``"timeml"`` (``*.tml`` files) or ``"meantime"`` (``*.xml`` files under ``intra-doc_annotation``
            when that folder exists).
        folder: the corpus folder.
    Raises:
        ParseError: the folder does not exist or holds no file of that kind.
    """
    if not folder.is_dir():
        raise ParseError(str(folder), "not a folder")
    if kind == "timeml":
        paths = sorted(folder.rglob("*.tml"))
        reader = read_timeml
    else:
        base = folder / "intra-doc_annotation"
        paths = sorted((base if base.is_dir() else folder).rglob("*.xml"))
        reader = read_meantime
    if not paths:
        raise ParseError(str(folder), f"no {kind} files found")
    seen: set[str] = set()
    for path in paths:
        document = reader(path)
        if document.doc_id in seen:  # TBAQ-cleaned/testpipeline repeats a TimeBank file
            LOGGER.info("skipping %s: document %s already read", path, document.doc_id)
            continue
        seen.add(document.doc_id)
        yield document
