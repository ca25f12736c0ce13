"""`storyline eval …`: quality measured on real annotated data sets.

Each evaluation lives in its own module of this package and exposes a click command named ``command``;
the group below loads them lazily so that ``storyline --help`` stays fast.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import click

# subcommand name -> module that defines `command`
EVALUATIONS: dict[str, str] = {
    "dedup": "storyline.evaluation.dedup",
    "events": "storyline.evaluation.events",
    "clustering": "storyline.evaluation.clustering",
    "quotes": "storyline.evaluation.quotes",
    "timex": "storyline.evaluation.timex",
}


def _available() -> dict[str, str]:
    """The evaluations whose module is present in this installation."""
    return {name: mod for name, mod in EVALUATIONS.items() if importlib.util.find_spec(mod) is not None}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_available())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = _available().get(cmd_name)
        if module_name is None:
            return None
        command: Any = importlib.import_module(module_name).command
        assert isinstance(command, click.Command)
        return command


@click.group(name="eval", cls=_LazyGroup)
def eval_group() -> None:
    """Measure a stage's quality on a real annotated data set.

    \b
    Example:
        storyline eval clustering ecbplus ../shared/data/ecbplus
    """
