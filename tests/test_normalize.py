"""Tests for storyline.normalize: decoding, the display form and the matching form."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import normalize
from storyline.errors import ParseError
from storyline.normalize import clean_text, fix_encoding, matching_form

# Characters that exercise every rule: quotes of all styles, backticks, dashes, odd spaces, invisible and
# control characters, combining marks, casefolding specials, mojibake pieces and line breaks.
_TRICKY = list(
    "aAzZé\u0301 \n\r\t\u00a0\u2002\u200b\u00ad`'\"“”‘’«»‹›„—–-‐−.!?:;ßİΣςﬁ½ℌ\x85\x93\x1bâ€™Ã©Â\u2028\x00"
)
_TEXTS = st.one_of(st.text(), st.text(alphabet=st.sampled_from(_TRICKY)))


# fix_encoding ----------------------------------------------------------------------------------------------


def test_fix_encoding_reads_utf8_and_drops_a_bom() -> None:
    assert fix_encoding("Café “open”\n".encode()) == "Café “open”\n"
    assert fix_encoding(b"\xef\xbb\xbfPort Elm") == "Port Elm"


def test_fix_encoding_reads_utf16_with_a_bom() -> None:
    assert fix_encoding("Renée’s café".encode("utf-16")) == "Renée’s café"


def test_fix_encoding_reads_latin1() -> None:
    text = "Café naïve résumé über groß\n"
    assert fix_encoding(text.encode("latin-1")) == text


def test_fix_encoding_reads_cp1252_curly_quotes_and_dashes() -> None:
    text = "Port Elm – The ferry resumed. “We’re back,” she said.\n"
    assert fix_encoding(text.encode("cp1252")) == text


def test_fix_encoding_reads_cyrillic_cp1251() -> None:
    text = "Паром снова ходит через пролив, сообщил капитан.\n"
    assert fix_encoding(text.encode("cp1251")) == text


def test_fix_encoding_keeps_mostly_utf8_with_a_stray_byte() -> None:
    data = "“Ferry back” – ".encode() + b"\x81" + b"ok, said Ola Brand on Friday to the waiting passengers"
    assert fix_encoding(data) == "“Ferry back” – \ufffdok, said Ola Brand on Friday to the waiting passengers"


def test_fix_encoding_refuses_nul_bytes() -> None:
    with pytest.raises(ParseError) as caught:
        fix_encoding(b"PNG\x00\x00\x01\x02", "photo.png")
    assert str(caught.value) == "photo.png: binary content (contains NUL bytes), not text"


def test_fix_encoding_refuses_mostly_control_characters() -> None:
    with pytest.raises(ParseError) as caught:
        fix_encoding(bytes(range(1, 9)) * 20 + b"abc", "blob.bin")
    assert caught.value.reason == "binary content (mostly control characters), not text"


# clean_text ------------------------------------------------------------------------------------------------


def test_clean_text_keeps_quotes_and_dashes_as_written() -> None:
    raw = "``We couldn`t,'' she said. “Yes” — ‘no’ – \"maybe\" «oui»"
    assert clean_text(raw) == raw


def test_clean_text_turns_odd_spaces_into_spaces_and_collapses_runs() -> None:
    assert clean_text("The\u00a0ferry \u2002 sailed\t at\u202fdawn.  ") == "The ferry sailed at dawn."


def test_clean_text_treats_lines_of_nbsp_as_blank_and_separates_paragraphs_once() -> None:
    raw = "  First paragraph.\n\u00a0\u00a0\n \t \n\n\nSecond paragraph.\r\n\r\nThird.\n"
    assert clean_text(raw) == "First paragraph.\n\nSecond paragraph.\n\nThird."


def test_clean_text_one_paragraph_per_line_and_joins_hard_wrapped_lines() -> None:
    raw = "The mayor met with\nofficials on Friday.\nShe said no.\nBreaking update\nMore to come."
    assert (
        clean_text(raw)
        == "The mayor met with officials on Friday.\n\nShe said no.\n\nBreaking update\n\nMore to come."
    )


def test_clean_text_repairs_mojibake() -> None:
    assert clean_text("donâ€™t") == "don’t"
    assert clean_text("RenÃ©e said â€œweâ€\x9d") == "Renée said “we”"


def test_clean_text_normalizes_to_nfc_and_drops_invisible_characters() -> None:
    assert clean_text("cafe\u0301 zero\u200bwidth soft\u00adhyphen\x07") == "café zerowidth softhyphen"


def test_clean_text_removes_terminal_escapes() -> None:
    assert clean_text("\x1b[31mRed alert\x1b[0m issued") == "Red alert issued"


def test_clean_text_of_empty_and_blank_input_is_empty() -> None:
    assert clean_text("") == ""
    assert clean_text(" \u00a0\n\t\n") == ""


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


# matching_form ---------------------------------------------------------------------------------------------


def test_matching_form_unifies_double_quote_styles() -> None:
    forms = {
        matching_form(text)
        for text in (
            "“We are back,” she said.",
            '"We are back," she said.',
            "``We are back,'' she said.",
            "«We are back,» she said.",
            "„We are back,“ she said.",
        )
    }
    assert forms == {'"we are back," she said.'}


def test_matching_form_unifies_apostrophes_and_backticks_used_as_apostrophes() -> None:
    assert matching_form("She couldn`t say; it`s late") == "she couldn't say; it's late"
    assert matching_form("She couldn’t say; it's late") == "she couldn't say; it's late"


def test_matching_form_turns_backtick_quotes_into_quotes() -> None:
    assert matching_form("the crew `the best on the coast'") == "the crew 'the best on the coast'"
    assert matching_form("the crew ‘the best on the coast’") == "the crew 'the best on the coast'"
    assert matching_form("``the best on the coast''") == '"the best on the coast"'


def test_matching_form_handles_both_backtick_uses_in_one_text() -> None:
    raw = "``We couldn`t have done it,'' said Varga. She called it `the best'."
    assert matching_form(raw) == "\"we couldn't have done it,\" said varga. she called it 'the best'."


def test_matching_form_unifies_dashes() -> None:
    forms = {
        matching_form(t)
        for t in ("calm—then rain", "calm – then rain", "calm -- then rain", "calm ― then rain")
    }
    assert forms == {"calm - then rain"}
    assert matching_form("well‐known, −5") == "well-known, -5"


def test_matching_form_casefolds_and_collapses_whitespace() -> None:
    assert matching_form("  Straße\u00a0\n\nPORT   Elm\t") == "strasse port elm"


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_matching_form_is_idempotent(text: str) -> None:
    once = matching_form(text)
    assert matching_form(once) == once


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_clean_text_output_shape(text: str) -> None:
    cleaned = clean_text(text)
    paragraphs = cleaned.split("\n\n")
    assert cleaned == cleaned.strip()
    assert all(
        p and p == p.strip() and "\n" not in p and "  " not in p and "\u00a0" not in p for p in paragraphs
    ) or (cleaned == "")


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_matching_form_output_shape(text: str) -> None:
    form = matching_form(text)
    assert form == " ".join(form.split())
    assert not {"“", "”", "‘", "’", "`", "«", "»", "—", "–"} & set(form)


# matching_form against its reference ------------------------------------------------------------------------
# The matching form as first written (two NFKC passes and three regex substitutions on every text), kept
# here as the reference that the fast implementation must equal on every input.
_REF_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_REF_LATE_INVISIBLE = re.compile("[\u00ad\x1b\x80-\x84\x86-\x9f]")
_REF_SINGLE_QUOTES = re.compile("[‘’‚‛′‵`´ʼʻ‹›＇]")
_REF_DOUBLE_QUOTES = re.compile("[“”„‟″‶«»〝〞〟＂]")
_REF_HYPHENS = re.compile("[‐‑‒−﹣－]")
_REF_CLAUSE_DASH = re.compile(r"[–—―⸺⸻﹘]|-{2,}")


def _reference_matching_form(text: str) -> str:
    """The original implementation of ``matching_form``."""
    folded = _REF_LATE_INVISIBLE.sub("", _REF_INVISIBLE.sub("", text))
    if folded.isascii():
        folded = folded.lower().replace("`", "'")
    else:
        folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", folded).casefold())
        folded = _REF_HYPHENS.sub("-", _REF_DOUBLE_QUOTES.sub('"', _REF_SINGLE_QUOTES.sub("'", folded)))
    folded = _REF_CLAUSE_DASH.sub(" - ", folded.replace("''", '"'))
    return " ".join(folded.split())


# Characters around every branch of the fast path: ASCII (controls, backticks, straight quotes, hyphens),
# the common curly quotes, dashes and spaces, PTB quotes, primes, invisible characters, NFKC-sensitive
# characters (ligatures, full-width and small forms, fractions, the acute accent, ſ, Ǆ), combining marks
# (and "<" + U+0338, which composes to "≮"), casefolding specials (ß, İ, Σ/ς, ŉ) and letters of other scripts.
_FAST_ALPHABET = sorted(
    {chr(code) for code in range(0x80)} | set(normalize._FAST_MAP) | set(normalize._FAST_LETTERS)
)
_EDGE_CHARS = list(
    "“”‘’‚‛„‟«»‹›′″‴‵‶´`ʼʻ＂＇〝〞〟—–―‐‑‒−﹘﹣－⸺⸻…\u00a0\u2002\u202f\u3000\u2028\u2029\x85\u200b\ufeff\u00ad"
    "ﬁﬂﬀﬃ½²ℌℍ™ＡＺａｚ０９ſǄǅĲŉßẞİıΣσςΆ\u0301\u0308\u0327\u0338\u0345éèñçøłœæÅÉŁ<=>ÞþðƎǝ"
    "Привет日本語한글ไทย"
)
_MATCHING_TEXTS = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(_TRICKY)),
    st.text(alphabet=st.sampled_from(_EDGE_CHARS + list("aZ e.-'\"\n\t`"))),
    st.text(alphabet=st.sampled_from(_FAST_ALPHABET)),
    st.lists(st.sampled_from(["We", "couldn`t", "``", "''", "--", " ", "\n\n", "—", "“", "”", "É", "ﬁ"])).map(
        "".join
    ),
)


@settings(max_examples=3000, deadline=None)
@given(_MATCHING_TEXTS)
def test_matching_form_equals_the_reference_implementation(text: str) -> None:
    assert matching_form(text) == _reference_matching_form(text)


def test_matching_form_equals_the_reference_on_every_character_and_known_traps() -> None:
    for code in range(0x3400):
        char = chr(code)
        for text in (char, f"A{char}b", f"{char}\u0301", f"'{char}'", f"-{char}-"):
            assert matching_form(text) == _reference_matching_form(text), repr(text)
    assert matching_form("Caf\u00e9 \ufb01nal \uff21\u00bd \u00b4x <\u0338") == "café final a1⁄2 ́x ≮"
    assert matching_form("“Noël”—it\u2019s \u2033ok\u2033\u00a0\u2026") == '"noël" - it\'s "ok" ...'
    assert matching_form("STRASSE Straße ŁÓDŹ") == "strasse strasse łódź"


def test_fast_path_characters_never_compose_with_a_neighbour() -> None:
    # The fast path maps characters one at a time; that equals NFKC only if NFKC of every pair of them is
    # the pair of their NFKC forms.
    letters = [c for c in _FAST_ALPHABET if not c.isascii()] + [chr(code) for code in range(0x20, 0x7F)]
    for first in letters:
        nfkc_first = unicodedata.normalize("NFKC", first)
        for second in letters:
            pair = first + second
            assert unicodedata.normalize("NFKC", pair) == nfkc_first + unicodedata.normalize("NFKC", second)
