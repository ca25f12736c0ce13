"""The docs tell the truth about the CLI: every command has help with an example, a README entry and a
current reference page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import cli_reference

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = list(cli_reference.commands())


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_command_is_documented_in_the_readme(path: tuple[str, ...]) -> None:
    assert f"storyline {' '.join(path)}" in README


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_command_help_has_an_example(path: tuple[str, ...]) -> None:
    text = cli_reference.help_text(path)
    assert "Example:" in text, text


def test_cli_reference_is_current() -> None:
    assert cli_reference.REFERENCE.read_text(encoding="utf-8") == cli_reference.render(), (
        "docs/cli.md is stale: run .venv/bin/python tests/cli_reference.py"
    )


def test_readme_first_screen_shows_the_two_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:40])
    assert "make demo" in first_screen
    assert "make test" in first_screen
