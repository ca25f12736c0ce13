"""Direct quotes and quoted titles in one article's text.

Quote marks are found character by character (straight ``"``, curly “ ”, PTB ``````…''``, doubled
apostrophes ``''…''``, single ' ‘ ’ and backtick quotes), each classified as opening or closing from its
glyph and from the characters around it, and paired within one paragraph, so an unbalanced mark never
swallows the rest of the article. The news conventions handled:

* a quote reopened at each paragraph of a multi-paragraph quote (no closing mark at the paragraph's end,
  an opening mark at the next one's start) is one quote;
* a quote interrupted by its attribution (``"…," she said. "…"``) is one quote with two spans;
* apostrophes (``couldn`t``, ``it's``, ``'90s``, ``voters'``) are not quote marks;
* titles of works (``the ballad "X"``, ``an episode of "X"``, ``the "X" singer``, a title-case run
  ending a sentence without a reporting verb or right after a preposition: ``back on "The Salt Road".``),
  nicknames (``Dwayne "The Rock" Johnson``) and scare quotes (``the so-called "reform"``, ``its "pause",
  as the studio called it``) are recorded as :class:`TitleMention`, not as quotes; two such terms with
  narrative between them (``"X", described the halt as a "Y"``) are never one interrupted quote;
* a backtick closes a quote too when the text uses it as both marks (```calm and kind```).

Speakers are attributed by :mod:`storyline.extract.speakers`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from storyline.extract.cues import DASHES
from storyline.extract.entities import link_entities
from storyline.extract.speakers import Attribution, QuoteFrame, attribute_speakers, has_cue
from storyline.models import Annotation, Article, TextSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "QuoteExtraction",
    "QuoteMention",
    "QuotePiece",
    "TitleKind",
    "TitleMention",
    "extract_quotes",
    "find_quotes",
]

LOGGER = logging.getLogger(__name__)

TitleKind = Literal["song", "album", "film", "book", "show", "unknown", "nickname", "scare", "phrase"]


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteMention:
    """One direct quote in one article: its pieces, and who said it."""

    article: str
    text: str  # the quoted pieces joined by one space, marks removed
    spans: tuple[TextSpan, ...]  # one per quoted piece, into article.text, marks excluded
    speaker: str | None = None  # canonical entity name (never a pronoun); None when the text does not say
    speaker_mention: TextSpan | None = None  # the words naming the speaker near the quote
    cue: str | None = None  # the attribution word: said, wrote, according to, …
    entity: str | None = None  # the speaker's entity id within the article (``e-…``)


@dataclass(frozen=True, slots=True, kw_only=True)
class TitleMention:
    """A quoted title of a work, a nickname or a scare quote: quoted words that nobody said."""

    text: str
    kind: TitleKind
    span: TextSpan  # marks excluded


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteExtraction:
    """Everything quoted in one article: direct quotes and titles."""

    quotes: tuple[QuoteMention, ...]
    titles: tuple[TitleMention, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class QuotePiece:
    """One run of quoted text between an opening mark and its closing mark (or the paragraph's end)."""

    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    open_start: int  # where the opening mark begins
    close_end: int  # one past the closing mark (== end when unclosed)
    closed: bool
    double: bool  # a double-quote family mark (", “, ``, ''); False for single marks


# --- quote marks -------------------------------------------------------------------------------------

DOUBLE_OPEN_GLYPHS = frozenset({"“", "„", "«", "``"})
DOUBLE_CLOSE_GLYPHS = frozenset({"”", "»"})
DOUBLE_AMBIGUOUS_GLYPHS = frozenset({'"', "''"})  # NYT-style '' opens and closes
SINGLE_OPEN_GLYPHS = frozenset({"‘", "`"})
SINGLE_CLOSE_GLYPHS = frozenset({"’"})
SINGLE_AMBIGUOUS_GLYPHS = frozenset({"'"})
OPENING_CONTEXT = frozenset("([{-/" + DASHES)  # a mark right after these (or a space) opens
CLOSING_CONTEXT = frozenset(".,;:!?)]}-…/" + DASHES)  # a mark right before these (or a space) closes
# Elisions written with a leading apostrophe: 'em, 'cause, 'til, 'n', 'tis, 'twas, '90s.
LEADING_ELISION = re.compile(
    r"(?:em|cause|til|n|tis|twas|bout|round|ya|y'all)\b|\d0?s\b|\d\d\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class _Mark:
    """One quote mark: where it is, its family, and whether it can open and/or close."""

    start: int
    end: int
    double: bool
    can_open: bool
    can_close: bool


def _is_open_side(char: str) -> bool:
    """Whether ``char`` (the character before a mark; "" at the start) lets the mark open a quote."""
    return char == "" or char.isspace() or char in OPENING_CONTEXT or char in "\"“‘'`"


def _is_close_side(char: str) -> bool:
    """Whether ``char`` (the character after a mark; "" at the end) lets the mark close a quote."""
    return char == "" or char.isspace() or char in CLOSING_CONTEXT or char in "\"”’'"


def _classify(text: str, start: int, end: int, glyph: str) -> _Mark | None:
    """Classify one mark glyph at ``text[start:end]``; None when it is an apostrophe."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    open_side = _is_open_side(before) and not (after == "" or after.isspace())
    close_side = _is_close_side(after) and not (before == "" or before.isspace())
    if glyph in DOUBLE_OPEN_GLYPHS or glyph in DOUBLE_CLOSE_GLYPHS or glyph in DOUBLE_AMBIGUOUS_GLYPHS:
        if glyph in DOUBLE_OPEN_GLYPHS:
            # a curly opening mark written where a closing one belongs ("word“ ") still closes
            return _Mark(start, end, True, can_open=not close_side or open_side, can_close=close_side)
        if glyph in DOUBLE_CLOSE_GLYPHS:
            return _Mark(start, end, True, can_open=open_side and not close_side, can_close=True)
        return _Mark(
            start, end, True, can_open=open_side or not close_side, can_close=close_side or not open_side
        )
    # single marks: letters on both sides make an apostrophe (couldn`t, it's, O’Brien)
    if before.isalnum() and after.isalnum():
        return None
    if glyph in SINGLE_OPEN_GLYPHS or glyph in SINGLE_AMBIGUOUS_GLYPHS or glyph in SINGLE_CLOSE_GLYPHS:
        if open_side and LEADING_ELISION.match(text, end) is not None:
            return None
        can_open = open_side and glyph != "’"
        # a backtick closes too when written as both marks (`calm and kind`), never at a word start
        can_close = close_side and (glyph not in SINGLE_OPEN_GLYPHS or (glyph == "`" and not open_side))
        if not can_open and not can_close:
            return None
        return _Mark(start, end, False, can_open=can_open, can_close=can_close)
    return None


_MARK_RE = re.compile(r"``|''|[\"“”„«»‘’'`]")


def _marks(text: str, start: int, end: int) -> list[_Mark]:
    """Every quote mark in ``text[start:end]``, in order."""
    found: list[_Mark] = []
    for match in _MARK_RE.finditer(text, start, end):
        mark = _classify(text, match.start(), match.end(), match.group())
        if mark is not None:
            found.append(mark)
    return found


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Line ranges of ``text``: a line break always ends a paragraph (headlines are single lines)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if text[m.start() : m.end()].strip()]


def _pair(marks: Sequence[_Mark], para_end: int, *, double: bool) -> list[QuotePiece]:
    """Pair one paragraph's marks of one family into pieces; an unclosed last one runs to its end."""
    pieces: list[QuotePiece] = []
    opened: _Mark | None = None
    for mark in marks:
        if opened is None:
            if mark.can_open:
                opened = mark
            continue
        if mark.can_close:
            pieces.append(
                QuotePiece(
                    start=opened.end,
                    end=mark.start,
                    open_start=opened.start,
                    close_end=mark.end,
                    closed=True,
                    double=double,
                )
            )
            opened = None
        elif mark.can_open:
            opened = mark  # two openings in a row: the first was never closed; drop it
    if opened is not None:
        pieces.append(
            QuotePiece(
                start=opened.end,
                end=para_end,
                open_start=opened.start,
                close_end=para_end,
                closed=False,
                double=double,
            )
        )
    return pieces


def _trim(text: str, piece: QuotePiece) -> QuotePiece | None:
    """Strip surrounding whitespace from a piece; None when nothing is left."""
    start, end = piece.start, piece.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return QuotePiece(
        start=start,
        end=end,
        open_start=piece.open_start,
        close_end=piece.close_end,
        closed=piece.closed,
        double=piece.double,
    )


def find_pieces(text: str) -> list[QuotePiece]:
    """Every quoted piece of ``text``, in order; single-quoted pieces only outside double quotes.

    Args:
        text: an article body.

    Returns:
        Pieces sorted by start; never overlapping.
    """
    pieces: list[QuotePiece] = []
    for para_start, para_end in _paragraphs(text):
        marks = _marks(text, para_start, para_end)
        doubles = _pair([m for m in marks if m.double], para_end, double=True)
        covered = [(p.open_start, p.close_end) for p in doubles]
        singles_marks = [m for m in marks if not m.double and not any(a <= m.start < b for a, b in covered)]
        singles = _pair(singles_marks, para_end, double=False)
        # an unclosed single mark is far more often a stray apostrophe than a quote; a single-quoted
        # piece around a double-quoted one is two stray apostrophes
        singles = [
            p
            for p in singles
            if p.closed and not any(a < p.close_end and p.open_start < b for a, b in covered)
        ]
        for piece in sorted(doubles + singles, key=lambda p: p.start):
            trimmed = _trim(text, piece)
            if trimmed is not None:
                pieces.append(trimmed)
    return pieces


# --- grouping pieces into quotes ---------------------------------------------------------------------

# An attribution between two pieces of one quote is short: "she said", "said Gov. Maria Lopez, a
# Democrat". 12 words covers every interrupted quote in our fixtures and the PolNeAR train split's
# longest common form (name + title + cue); longer gaps are narrative between two quotes.
MAX_INTERRUPTION_WORDS = 12
# Characters a first piece ends with when the sentence goes on after the attribution:
# "We will," she said, "win".
CONTINUING_END = frozenset(",;:-…" + DASHES)
# An attribution between two pieces written with the comma outside the marks ends with punctuation:
# "…", she said, "…"; "“X”, described the halt as a “Y”" is narrative between two terms.
ATTRIBUTION_END = frozenset(",.;:-" + DASHES)


def _interrupted(text: str, first: QuotePiece, second: QuotePiece, is_cue: Callable[[str], bool]) -> bool:
    """Whether ``second`` continues ``first`` after an attribution: ``"…," she said. "…"``."""
    if not first.closed:
        return False
    gap = text[first.close_end : second.open_start]
    if "\n" in gap:
        return False
    words = gap.split()
    if not words or len(words) > MAX_INTERRUPTION_WORDS or not is_cue(gap):
        return False
    if re.search(r"[.?!]\s+\S", gap.strip()):  # "said Okafor. He continued, …": a second attribution
        return False
    inner_end = text[first.end - 1]
    # "…," she said, "…"  /  "…," she said. "…"  /  "…", she said, "…": the first piece ends a clause
    # (punctuation outside the marks: the attribution ends in punctuation too, else "“X”, described the
    # halt as a “Y”" is narrative between two terms)
    return (
        inner_end in CONTINUING_END
        or inner_end in ".?!"
        or (gap.lstrip()[:1] == "," and gap.rstrip()[-1:] in ATTRIBUTION_END)
    )


def _continues_paragraph(text: str, first: QuotePiece, second: QuotePiece) -> bool:
    """Whether ``second`` reopens ``first`` at the start of the next paragraph (multi-paragraph quote)."""
    if first.closed or first.double != second.double:
        return False
    between = text[first.end : second.open_start]
    return "\n" in between and between.strip() == ""


def group_pieces(
    text: str, pieces: Sequence[QuotePiece], is_cue: Callable[[str], bool]
) -> list[list[QuotePiece]]:
    """Group consecutive pieces that form one quote (paragraph continuations, interrupted quotes)."""
    groups: list[list[QuotePiece]] = []
    for piece in pieces:
        if groups:
            last = groups[-1][-1]
            if _continues_paragraph(text, last, piece) or _interrupted(text, last, piece, is_cue):
                groups[-1].append(piece)
                continue
        groups.append([piece])
    return groups


# --- titles, nicknames, scare quotes -------------------------------------------------------------------

WORK_NOUNS: dict[str, TitleKind] = {
    "song": "song", "single": "song", "ballad": "song", "track": "song", "anthem": "song", "hit": "song",
    "tune": "song", "duet": "song", "album": "album", "record": "album", "ep": "album", "lp": "album",
    "mixtape": "album", "film": "film", "movie": "film", "documentary": "film", "biopic": "film",
    "book": "book", "novel": "book", "memoir": "book", "autobiography": "book", "biography": "book",
    "bestseller": "book", "poem": "book", "essay": "book", "show": "show", "series": "show",
    "sitcom": "show", "miniseries": "show", "program": "show", "programme": "show", "episode": "show",
    "podcast": "show", "musical": "show", "play": "show", "docuseries": "show",
}  # fmt: skip
ROLE_NOUNS: dict[str, TitleKind] = {
    "singer": "song", "hitmaker": "song", "songwriter": "song", "rapper": "song", "crooner": "song",
    "author": "book", "novelist": "book", "writer": "book", "star": "unknown", "actor": "unknown",
    "actress": "unknown", "director": "unknown", "host": "show", "creator": "unknown", "showrunner": "show",
    "producer": "unknown", "hit": "song", "album": "album", "single": "song",
}  # fmt: skip
TITLE_VERBS = frozenset({"titled", "entitled"})
TITLE_PREPOSITIONS = frozenset({"on", "in", "for", "from", "of", "about", "with", "at"})
# Words that may stand between a work noun and its title: "an episode of "X"", "a film called "X"".
TITLE_LINKS = frozenset(
    {"of", "the", "a", "an", "called", "named", "dubbed", "new", "latest", "first", "last"}
)
NICKNAME_CUES = ("nicknamed", "dubbed", "known as", "nickname", "moniker")
SCARE_CUES = ("so-called", "so called", "supposed", "self-described", "self-styled", "alleged")
# Titles are short: the longest title in our fixtures is 9 words; a 13-word "title" is a sentence.
MAX_TITLE_WORDS = 12
MAX_NICKNAME_WORDS = 4
# A quoted run of at most 4 words inside a sentence is a phrase (a scare quote, a term, a fragment too
# short to stand as a quote): on the PolNeAR train split such runs overlap an annotated direct quote 28 %
# of the time against 64–99 % for runs that end or open their sentence (stats run of 2026-11-25).
MAX_PHRASE_WORDS = 4
# A title-case run inside a sentence is a title up to this length (train split: 8 % of mid-sentence
# title-case runs with a cue nearby are annotated quotes).
MAX_MID_TITLE_WORDS = 8  # "The Rock", "Lyin' Ted", "Little Marco", "Crooked Hillary"
TITLE_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "is",
        "are",
        "be",
        "my",
        "your",
        "our",
        "his",
        "her",
        "its",
    ]
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’.-]*|\d+")
# A term followed by who named it: "“pause”, as the studio called it" (not "as she put it": a quote).
_NAMED_AS = re.compile(
    r"[\"”’'`]*,?\s+as\s+[^,.;\n]{1,60}?\s+(?:called|calls|dubbed|dubs|termed|terms|labelled|labeled)\s+it\b"
)


def _words_before(text: str, pos: int, count: int) -> list[str]:
    """The last ``count`` words before ``pos`` in the same line, lower-cased."""
    line_start = text.rfind("\n", 0, pos) + 1
    return [w.lower() for w in _WORD_RE.findall(text[line_start:pos])[-count:]]


def _words_after(text: str, pos: int, count: int) -> list[str]:
    """The first ``count`` words after ``pos`` in the same line, as written."""
    line_end = text.find("\n", pos)
    return _WORD_RE.findall(text[pos : line_end if line_end >= 0 else len(text)])[:count]


def _is_title_case(words: Sequence[str]) -> bool:
    """Whether every content word is capitalized (``Northern Lights``, ``Born in the U.S.A.``)."""
    content = [w for w in words if w.lower() not in TITLE_STOPWORDS]
    return bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)


def classify_title(text: str, piece: QuotePiece) -> TitleKind | None:
    """The kind of title ``piece`` is, or None when it is (possibly) a quote."""
    inner = text[piece.start : piece.end]
    words = _WORD_RE.findall(inner)
    if not words or len(words) > MAX_TITLE_WORDS:
        return None
    before = _words_before(text, piece.open_start, 4)
    after = _words_after(text, piece.close_end, 2)
    before_text = " ".join(before)
    gap_before = text[max(0, piece.open_start - 2) : piece.open_start]
    if any(before_text.endswith(cue) for cue in SCARE_CUES):
        return "scare"
    if any(before_text.endswith(cue) for cue in NICKNAME_CUES):
        return "nickname"
    if len(words) <= MAX_PHRASE_WORDS and _NAMED_AS.match(text, piece.close_end) is not None:
        return "scare"  # "its “pause”, as the studio called it,"
    sentence_like = inner.rstrip()[-1:] in ".?!," and not _is_title_case(words)
    mid = _is_mid_sentence(text, piece)
    if sentence_like and not mid:
        return None
    # "the ballad "X"", "his 2015 memoir, "X"", "an episode of "X"", "a song titled "X"": a work noun or
    # title verb among the last words, with only linking words after it; never "would show her client "…""
    for k, word in enumerate(reversed(before[-3:])):
        if k and before[-k] not in TITLE_LINKS and not before[-k].isdigit():
            break
        if word in TITLE_VERBS:
            return "unknown"
        if word in WORK_NOUNS:
            return WORK_NOUNS[word]
    # "the "X" singer", "the "X" author"
    if after and after[0].lower() in ROLE_NOUNS and before and before[-1] in ("the", "a", "an"):
        return ROLE_NOUNS[after[0].lower()]
    # Dwayne "The Rock" Johnson: quoted words between two parts of a name
    raw_before = _WORD_RE.findall(text[max(0, piece.open_start - 40) : piece.open_start])
    if (
        len(words) <= MAX_NICKNAME_WORDS
        and raw_before
        and raw_before[-1][0].isupper()
        and after
        and after[0][0].isupper()
        and gap_before.endswith(" ")
        and _is_title_case(words)
        and text[piece.close_end : piece.close_end + 1] == " "
    ):
        return "nickname"
    if mid and len(words) <= MAX_PHRASE_WORDS:
        capitalized = (_is_title_case(words) and len(words) > 1) or words[0][0].isupper()
        return "unknown" if capitalized else "phrase"
    if mid and _is_title_case(words) and len(words) <= MAX_MID_TITLE_WORDS:
        return "unknown"
    # "She is back on “The Salt Road”.", "he wrote the score for “Salt Road”.": a title-case run ending a
    # sentence that has no reporting verb, or right after a preposition
    if (
        len(words) > 1
        and len(words) <= MAX_MID_TITLE_WORDS
        and _is_title_case(words)
        and inner.rstrip()[-1:] not in ".?!,;:"
        and ((before and before[-1] in TITLE_PREPOSITIONS) or not has_cue(_sentence_around(text, piece)))
    ):
        return "unknown"
    return None


def _sentence_around(text: str, piece: QuotePiece) -> str:
    """The sentence holding a piece, quoted words included (bounded by its line)."""
    line_start = text.rfind("\n", 0, piece.open_start) + 1
    line_end = text.find("\n", piece.close_end)
    line_end = len(text) if line_end < 0 else line_end
    head = text[line_start : piece.open_start]
    starts = _sentence_starts(text, line_start, piece.open_start)
    tail = text[piece.close_end : line_end]
    stop = _SENTENCE_END.search(tail)
    return (
        (head[starts[-1] :] if starts else head)
        + text[piece.open_start : piece.close_end]
        + (tail[: stop.start() + 1] if stop else tail)
    )


_SENTENCE_END = re.compile(r"[.?!…][\"”’'»)]*\s+(?=[\"“‘'`(«A-Z0-9])")


def _is_mid_sentence(text: str, piece: QuotePiece) -> bool:
    """Whether a piece sits inside a sentence with words on both sides (not counting its attribution)."""
    line_start = text.rfind("\n", 0, piece.open_start) + 1
    line_end = text.find("\n", piece.close_end)
    line_end = len(text) if line_end < 0 else line_end
    if text[piece.start : piece.end].rstrip()[-1:] in ".?!…":
        return False
    head = text[line_start : piece.open_start]
    starts = _sentence_starts(text, line_start, piece.open_start)
    before = head[starts[-1] :] if starts else head
    tail = text[piece.close_end : line_end]
    stop = _SENTENCE_END.search(tail)
    after = tail[: stop.start() + 1] if stop else tail
    if not _WORD_RE.search(before) or not _WORD_RE.search(after):
        return False
    # "…," she said.  — an attribution after the quote ends the quoted sentence
    words_after = _WORD_RE.findall(after)
    comma = after.lstrip()[:1] in "," or text[piece.start : piece.end].rstrip()[-1:] == ","
    return not (len(words_after) <= MAX_INTERRUPTION_WORDS and has_cue(after) and comma)


def _sentence_starts(text: str, line_start: int, open_start: int) -> list[int]:
    """Where sentences begin in ``text[line_start:open_start]`` (relative offsets), a sentence ended
    right before the opening mark included ("… the repairs. "The pier …"")."""
    head = text[line_start : open_start + 1]
    return [m.end() for m in _SENTENCE_END.finditer(head) if m.end() <= open_start - line_start]


# --- the stage -----------------------------------------------------------------------------------------


def _joined(text: str, pieces: Sequence[QuotePiece]) -> str:
    """The pieces' text joined by one space, inner whitespace collapsed, without a trailing comma.

    A piece that ends in a comma only because an attribution follows (``"We were lucky," she said.
    "Nobody drowned."``) ends its sentence: when the attribution between two pieces closes with a full
    stop, the comma becomes one ("We were lucky. Nobody drowned."); after ``she said, "and …`` it stays.
    """
    parts = [" ".join(text[p.start : p.end].split()) for p in pieces]
    for i in range(len(pieces) - 1):
        between = text[pieces[i].close_end : pieces[i + 1].open_start].strip()
        if parts[i].endswith(",") and between.endswith("."):
            parts[i] = parts[i][:-1] + "."
    joined = " ".join(parts)
    return joined.rstrip(",;: " + DASHES) or joined


def find_quotes(text: str) -> tuple[list[list[QuotePiece]], list[TitleMention]]:
    """Split an article's quoted text into quotes (groups of pieces) and titles.

    Args:
        text: an article body.

    Returns:
        ``(quotes, titles)``: each quote is the list of its pieces in order; titles in text order.
    """
    pieces = find_pieces(text)
    groups = group_pieces(text, pieces, has_cue)
    quotes: list[list[QuotePiece]] = []
    titles: list[TitleMention] = []
    for group in groups:
        if len(group) == 1:
            kind = classify_title(text, group[0])
            if kind is not None:
                piece = group[0]
                titles.append(
                    TitleMention(text=_joined(text, group), kind=kind, span=TextSpan(piece.start, piece.end))
                )
                continue
        quotes.append(group)
    return quotes, titles


def extract_quotes(
    article: Article,
    annotation: Annotation,
    *,
    parser: Callable[[Sequence[str]], list[Doc]] | None = None,
) -> QuoteExtraction:
    """Extract an article's direct quotes with their speakers, and its quoted titles.

    Args:
        article: the article; offsets in the result point into ``article.text``.
        annotation: the article's annotation (sentences and entities).
        parser: parses short texts into spaCy Docs with a dependency parse (``Annotator().parse``);
            without one, speakers come only from the parse-free rules.

    Returns:
        A :class:`QuoteExtraction`; empty for an article without quote marks.
    """
    text = article.text
    groups, titles = find_quotes(text)
    frames = [
        QuoteFrame(
            pieces=tuple(TextSpan(p.start, p.end) for p in group),
            outer=TextSpan(group[0].open_start, group[-1].close_end),
        )
        for group in groups
    ]
    index = link_entities(article, annotation)
    attributions: list[Attribution] = attribute_speakers(text, frames, annotation, index, parser=parser)
    quotes = tuple(
        QuoteMention(
            article=article.id,
            text=_joined(text, group),
            spans=frame.pieces,
            speaker=attribution.speaker,
            speaker_mention=attribution.mention,
            cue=attribution.cue,
            entity=attribution.entity,
        )
        for group, frame, attribution in zip(groups, frames, attributions, strict=True)
    )
    LOGGER.debug("%s: %d quotes, %d titles", article.id, len(quotes), len(titles))
    return QuoteExtraction(quotes=quotes, titles=tuple(titles))
