"""Generate docs/cli.md from the CLI's own --help texts (run this file to rewrite it).

.venv/bin/python tests/cli_reference.py
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from storyline.cli import cli  # noqa: E402

REFERENCE = REPO / "docs" / "cli.md"


def commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command path below ``group``, depth first, sorted."""
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        path = (*prefix, name)
        yield path
        if isinstance(command, click.Group):
            yield from commands(command, path)


def help_text(path: tuple[str, ...]) -> str:
    """The ``--help`` output of one command."""
    result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output.replace("Usage: cli", "Usage: storyline")


def render() -> str:
    """The whole reference as Markdown."""
    parts = [
        "# Command-line reference",
        "",
        "Generated from `--help` by `tests/cli_reference.py`; a test fails when it is stale.",
        "",
        "```",
        help_text(()).rstrip(),
        "```",
        "",
    ]
    for path in commands():
        parts += [f"## storyline {' '.join(path)}", "", "```", help_text(path).rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    REFERENCE.write_text(render(), encoding="utf-8")
    print(f"wrote {REFERENCE}")
