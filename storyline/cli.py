"""The `storyline` command line: parse arguments, call the Python API, format the output."""

from __future__ import annotations

import click

from storyline import __version__
from storyline.evaluation import eval_group


@click.group()
@click.version_option(__version__, prog_name="storyline")
def cli() -> None:
    """Storyline: many outlets, one story.

    \b
    Example:
        storyline digest examples/corpus --json story.json
    """


cli.add_command(eval_group)
