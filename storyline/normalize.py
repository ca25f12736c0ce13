"""Text normalization: bytes to text, the display form of a text, and the form used to compare texts.

Three forms of one text exist in Storyline:

- the **raw** form, as an input had it (any encoding, mojibake, odd spaces, hard line breaks);
- the **display** form, :func:`clean_text`: valid NFC Unicode, mojibake repaired, every kind of space a plain
  space, paragraphs separated by exactly one blank line, and the outlet's own quote marks and dashes kept;
  ``Article.title`` and ``Article.text`` are in this form and all character offsets point into it;
- the **matching** form, :func:`matching_form`: casefolded, with every quote, apostrophe and dash spelled
  one way and all whitespace collapsed to single spaces, so that two outlets' copies of one sentence
  compare equal however each typesets it. It is for comparison only and never shown.

Both :func:`clean_text` and :func:`matching_form` are idempotent (property-tested).
"""

from __future__ import annotations

import logging
import re
import unicodedata

import ftfy
from charset_normalizer import from_bytes
from ftfy.chardata import UTF8_CLUES, UTF8_DETECTOR_RE

from storyline.errors import ParseError

__all__ = ["clean_text", "fix_encoding", "matching_form"]

LOGGER = logging.getLogger(__name__)

# ftfy repairs mojibake ("donâ€™t" -> "don’t") but must not straighten quotes (we keep them for display) nor
# unescape HTML entities (that would make clean_text non-idempotent on "&amp;amp;"; readers of HTML unescape).
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=False, normalization="NFC")

# At most this share of control characters (other than tab, newline, carriage return, form feed) in decoded
# text before we call it binary: real text has none; 5% leaves room for a few stray bytes in a scraped file.
# Chosen by hand, not tuned on any data set.
MAX_CONTROL_SHARE = 0.05
# Text that is UTF-8 but for at most this share of invalid bytes is read as UTF-8 with replacement characters
# (chosen by hand: one stray byte per 100 characters, and always one).
MAX_REPLACED_SHARE = 0.01
# Bytes examined by charset-normalizer when the input is not UTF-8; it samples anyway, this bounds the work.
# The library's own default chunking is used within this window.
_ENCODING_SAMPLE_BYTES = 1_000_000

# Control characters that do not occur in text (all but tab, line feed, carriage return, form feed).
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# charset-normalizer scores (chaos, coherence) closer than this are a tie; its scores are rounded to 3 digits.
_TIE_MARGIN = 0.001
_WESTERN = "cp1252"
_WESTERN_NAMES = frozenset({"cp1252", "latin_1", "iso8859_15"})

# Before ftfy (never part of mojibake): spaces that are not U+0020 (no-break, en/em and other typographic
# spaces, ideographic space, tab) become spaces, so ftfy sees "Â " where a no-break space was mis-decoded;
# zero-width characters, word joiner and BOM are dropped; so are ASCII control characters except ESC (ftfy
# removes terminal escape sequences whole).
_ODD_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# After ftfy (it needs them to repair mojibake): the soft hyphen, C1 controls (ftfy turns the ones that are
# mis-decoded Windows-1252 into characters; NEL is a line break), and a leftover ESC.
_LATE_INVISIBLE = re.compile("[\u00ad\x1b\x80-\x84\x86-\x9f]")
_TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_SPACE_RUN = re.compile(" {2,}")
# ftfy costs about 0.5 ms per 1,000 characters (measured on this machine), so it runs only on text where it
# could act: a sequence that looks like mis-decoded UTF-8 (ftfy's own detector, covering every encoding ftfy
# repairs), or a C1 control, ligature, full-width form, surrogate or escape. Clean text skips it, including
# text with accented letters, curly quotes and dashes.
_FTFY_OTHER = re.compile("[\x1b\x80-\x9f\ufb00-\ufb06\uff00-\uffef\ud800-\udfff]")
# Characters that can start a mis-decoded UTF-8 sequence, in any encoding ftfy repairs.
_UTF8_LEAD = re.compile(
    "[" + "".join(UTF8_CLUES[key] for key in ("utf8_first_of_2", "utf8_first_of_3", "utf8_first_of_4")) + "]"
)
# Extra passes of clean_text after the first while ftfy still finds work; hypothesis found inputs needing
# two passes, none needing more.
_MAX_CLEAN_PASSES = 3
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
# A line ending like this closes a paragraph even when no blank line follows it: sentence punctuation, a
# colon, optionally followed by closing quotes or brackets.
_CLOSES_PARAGRAPH = re.compile(r"""[.!?:…;]["'”’»)\]]*$""")
_STARTS_LOWER = re.compile(r"[a-z]")

# matching form ---------------------------------------------------------------------------------------------
# Single quotes, apostrophes and the things typed for them; a backtick is an apostrophe inside a word
# (couldn`t) and an opening single quote elsewhere (`like this'), and both become "'" here.
_SINGLE_QUOTES = re.compile("[‘’‚‛′‵`´ʼʻ‹›＇]")
# Double quotes of every style, including guillemets; PTB-style `` and '' are handled after singles.
_DOUBLE_QUOTES = re.compile("[“”„‟″‶«»〝〞〟＂]")
# Hyphen-like characters that join words keep being hyphens.
_HYPHENS = re.compile("[‐‑‒−﹣－]")
# Dashes that separate clauses (en, em, horizontal bar, small em, two hyphens) become one spaced hyphen, so
# "word—word", "word — word" and "word -- word" compare equal once whitespace is collapsed.
_CLAUSE_DASH = re.compile(r"[–—―⸺⸻﹘]|-{2,}")
_HYPHEN_RUN = re.compile("-{2,}")
# Fast path of matching_form (same output as _nfkc_form, checked character by character and on random text
# in tests/test_normalize.py). Blocks whose characters may map to ASCII: Latin-1 and Latin Extended-A/B,
# Ogham space, General Punctuation, CJK quotes and space, BOM, small form variants and full-width ASCII.
_FAST_BLOCKS = (
    (0x0080, 0x024F),
    (0x1680, 0x1680),
    (0x2000, 0x206F),
    (0x3000, 0x3000),
    (0x301D, 0x301F),
    (0xFE58, 0xFE6B),
    (0xFEFF, 0xFEFF),
    (0xFF01, 0xFF5E),
)
_LATIN_FIRST, _LATIN_LAST = 0x00C0, 0x024F  # letters kept as they are, casefolded (Latin-1, Extended-A/B)
# ASCII whitespace that str.split() splits on and that survives (the separators 0x1C-0x1F are dropped).
_ASCII_SPACES = "\n\t\r\x0b\x0c"
# The ASCII characters _INVISIBLE and _LATE_INVISIBLE drop (every ASCII control but the whitespace above).
_ASCII_DROPPED: dict[int, str | None] = dict.fromkeys([*range(0x09), *range(0x0E, 0x20), 0x7F])
# All of the fast path's work on ASCII text in one table: lowercase, whitespace to spaces, dropped controls,
# backticks to apostrophes.
_ASCII_FOLD: dict[int, str | None] = {
    **{code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)},
    **dict.fromkeys(map(ord, _ASCII_SPACES), " "),
    **_ASCII_DROPPED,
    ord("`"): "'",
}


def fix_encoding(data: bytes, source: str = "<bytes>") -> str:
    """Decode bytes into text: UTF-8 (with or without BOM), UTF-16 with a BOM, else a detected encoding.

    Args:
        data: the raw bytes of an input.
        source: names the input in the error message.

    Returns:
        The decoded text (not yet cleaned: see :func:`clean_text`).

    Raises:
        ParseError: the bytes are binary (NUL bytes, or mostly control characters) or in no known encoding.
    """
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise ParseError(source, f"invalid UTF-16 text ({err.reason} at byte {err.start})") from err
    if b"\x00" in data:
        raise ParseError(source, "binary content (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_detected(data, source)
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise ParseError(source, "binary content (mostly control characters), not text")
    return text


def _decode_detected(data: bytes, source: str) -> str:
    """Decode non-UTF-8 bytes with the encoding charset-normalizer finds most plausible.

    On short texts charset-normalizer often ties Windows-1252 with its Central European or Baltic siblings
    (the same letters for most bytes); news in Western European languages is by far the commonest case, so
    Windows-1252 wins such a tie.
    """
    # Mostly UTF-8 with a few stray bytes (a file pasted together from two sources): keep the UTF-8 when it
    # has more valid non-ASCII characters than invalid bytes and few of those.
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    valid_non_ascii = len(text.encode("utf-8")) - len(text) - 2 * replaced  # extra bytes of valid sequences
    if replaced <= max(1.0, MAX_REPLACED_SHARE * len(text)) and valid_non_ascii > replaced:
        LOGGER.warning("%s: %d invalid UTF-8 bytes replaced by U+FFFD", source, replaced)
        return text
    matches = list(from_bytes(data[:_ENCODING_SAMPLE_BYTES]))
    if not matches:
        raise ParseError(source, "binary content or unknown text encoding")
    best = matches[0]
    tied = {
        match.encoding
        for match in matches
        if match.chaos <= best.chaos + _TIE_MARGIN and match.coherence >= best.coherence - _TIE_MARGIN
    }
    encoding = _WESTERN if tied & _WESTERN_NAMES else best.encoding
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        try:
            encoding = best.encoding
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as err:
            raise ParseError(source, f"text in an undecodable encoding (guessed {encoding})") from err
    LOGGER.debug("%s: not UTF-8, decoded as %s", source, encoding)
    return text


def _control_share(text: str) -> float:
    """Return the share of control characters (other than common whitespace) in ``text``."""
    if not text:
        return 0.0
    sample = text[:_ENCODING_SAMPLE_BYTES]
    return len(_BINARY_CONTROLS.findall(sample)) / len(sample)


def clean_text(raw: str) -> str:
    """Return the display form of ``raw``.

    Repairs mojibake, normalizes to NFC, turns odd spaces into spaces and drops invisible characters,
    collapses runs of spaces, treats lines of only whitespace as blank, and separates paragraphs by exactly
    one blank line. A single line break joins two lines of one paragraph when the first line does not end
    like a sentence and the next starts in lower case (a hard-wrapped line); otherwise it separates
    paragraphs, as scrapers write one paragraph per line. Quote marks and dashes are kept as written.

    Args:
        raw: any text.

    Returns:
        The cleaned text, without leading or trailing whitespace.
    """
    cleaned = _clean_once(raw)
    # Removing characters can bring together a sequence that ftfy repairs (and ftfy can leave text it would
    # repair again); repeat while that may be so, so that clean_text is idempotent.
    for _ in range(_MAX_CLEAN_PASSES):
        if cleaned.isascii() or not _may_need_ftfy(cleaned):
            break
        again = _clean_once(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def _may_need_ftfy(text: str) -> bool:
    """True when ftfy could change ``text`` (mojibake-like sequences and the other things it repairs)."""
    if _FTFY_OTHER.search(text):
        return True
    # The detector tests a look-behind at every position; first look for a lead character at all.
    return bool(_UTF8_LEAD.search(text) and UTF8_DETECTOR_RE.search(text))


def _clean_once(raw: str) -> str:
    """One pass of :func:`clean_text`."""
    if not raw:
        return ""
    text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", raw))
    ascii_only = text.isascii()
    if not ascii_only and _may_need_ftfy(text):
        text = _ODD_SPACES.sub(" ", ftfy.fix_text(text, _FTFY_CONFIG))
    text = _TERMINAL_ESCAPE.sub("", text) if ascii_only and "\x1b" in text else text
    text = _LATE_INVISIBLE.sub("", text)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in _LINE_BREAKS.split(_SPACE_RUN.sub(" ", text)):
        line = line.strip()
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if current and (_CLOSES_PARAGRAPH.search(current[-1]) or not _STARTS_LOWER.match(line)):
            paragraphs.append(" ".join(current))
            current = []
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    cleaned = "\n\n".join(paragraphs)
    # Dropping invisible characters can leave a combining mark next to a new base: normalize again.
    return cleaned if ascii_only else unicodedata.normalize("NFC", cleaned)


def matching_form(text: str) -> str:
    """Return the form of ``text`` used to compare texts across outlets (never displayed).

    NFKC and casefolded; curly, straight, PTB-style (````` and ``''``) double quotes and guillemets become
    ``"``; curly single quotes, apostrophes and backticks (as apostrophes or as quote marks) become ``'``;
    hyphen-like characters become ``-`` and clause dashes a spaced ``-``; whitespace collapses to one space.

    Text made of ASCII, the punctuation and spaces of :data:`_FAST_MAP` and the letters of
    :data:`_FAST_LETTERS` (almost all news in Latin script) takes a fast path that gives the same result
    without NFKC: there, NFKC changes each character on its own (no character composes with a neighbour),
    so one character mapping replaces it. Other text is normalized in full by :func:`_nfkc_form`.

    Args:
        text: any text; mojibake is repaired by :func:`clean_text`, not here, so pass display-form text.

    Returns:
        The matching form; ``matching_form(matching_form(x)) == matching_form(x)``.
    """
    folded = text
    if not folded.isascii():
        for char, target in _COMMON_MAP:  # str.replace per common character: much faster than a regex scan
            if char in folded:
                folded = folded.replace(char, target)
        if not folded.isascii():
            folded = _FAST_CHARS.sub(_fast_target, folded)
            if not folded.isascii():
                if _NEEDS_NFKC.search(folded):
                    return _nfkc_form(text)
                folded = folded.casefold()
    if folded.isascii():  # one pass (str.translate's ASCII fast path): lowercase, spaces, controls, backticks
        folded = folded.translate(_ASCII_FOLD)
    else:
        for space in _ASCII_SPACES:
            if space in folded:
                folded = folded.replace(space, " ")
        if not folded.isprintable():  # only the ASCII control characters that are dropped can remain
            folded = folded.translate(_ASCII_DROPPED)
        if "`" in folded:
            folded = folded.replace("`", "'")
    if "''" in folded:
        folded = folded.replace("''", '"')
    if "--" in folded:
        folded = _HYPHEN_RUN.sub(" - ", folded)
    while "  " in folded:
        folded = folded.replace("  ", " ")
    return folded.strip(" ")


def _nfkc_form(text: str) -> str:
    """The matching form of any text, by NFKC normalization (the general path of :func:`matching_form`)."""
    folded = _LATE_INVISIBLE.sub("", _INVISIBLE.sub("", text))
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", folded).casefold())
    folded = _HYPHENS.sub("-", _DOUBLE_QUOTES.sub('"', _SINGLE_QUOTES.sub("'", folded)))
    folded = _CLAUSE_DASH.sub(" - ", folded.replace("''", '"'))
    return " ".join(folded.split())


def _char_form(char: str) -> str:
    """The matching form of one character before whitespace is collapsed (builds the fast-path tables)."""
    if _INVISIBLE.match(char) or _LATE_INVISIBLE.match(char):
        return ""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", char).casefold())
    folded = _HYPHENS.sub("-", _DOUBLE_QUOTES.sub('"', _SINGLE_QUOTES.sub("'", folded)))
    return _CLAUSE_DASH.sub(" - ", folded)


def _fast_map() -> dict[str, str]:
    """Non-ASCII characters whose matching form is ASCII (or nothing, or a space), each on its own.

    Only characters NFKC cannot compose with a neighbour qualify: no combining marks (those take the
    NFKC path), and only the Latin-1, Latin Extended, General Punctuation, CJK punctuation, small and
    full-width form blocks are examined.
    """
    out: dict[str, str] = {}
    for lo, hi in _FAST_BLOCKS:
        for code in range(lo, hi + 1):
            char = chr(code)
            if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Mc", "Me", "Cs"):
                continue
            target = _char_form(char)
            if target.isspace():
                out[char] = " "
            elif target.isascii():
                out[char] = target
    return out


def _fast_letters() -> str:
    """Latin letters that NFKC leaves alone and whose casefold NFKC also leaves alone (é, ß, ł, ø, ...)."""

    def stable(char: str) -> bool:
        return (
            char.isalpha()
            and unicodedata.combining(char) == 0
            and unicodedata.normalize("NFKC", char) == char
            and char not in _FAST_MAP
        )

    letters = {chr(code) for code in range(_LATIN_FIRST, _LATIN_LAST + 1) if stable(chr(code))}
    return "".join(sorted(c for c in letters if all(x.isascii() or x in letters for x in c.casefold())))


def _fast_target(match: re.Match[str]) -> str:
    """The fast-path replacement of one matched character."""
    return _FAST_MAP[match.group()]


# Built once at import (about 10 ms): every non-ASCII character of the blocks above whose own matching form
# is ASCII, the Latin letters kept as they are, and the commonest characters of news text, tried first.
_FAST_MAP = _fast_map()
_FAST_LETTERS = _fast_letters()
_FAST_CHARS = re.compile("[" + re.escape("".join(_FAST_MAP)) + "]")
_NEEDS_NFKC = re.compile("[^\x00-\x7f" + re.escape(_FAST_LETTERS) + "]")
_COMMON_MAP = tuple((char, _FAST_MAP[char]) for char in "’“”‘—–\u00a0…")
