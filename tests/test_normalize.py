"""Tests for storyline.normalize: decoding, the display form and the matching form."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
