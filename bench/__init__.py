"""Benchmarks: one module per stage, each with ``main(argv: list[str]) -> None`` printing a Markdown table.

``python -m bench`` runs every module at its default size; ``python -m bench NAME [ARGS…]`` runs one.
:mod:`bench.synth` is not a benchmark: it generates the synthetic corpora the benchmarks read.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

__all__ = ["NOT_BENCHMARKS", "available", "load", "run_worker"]

REPO = Path(__file__).resolve().parent.parent

NOT_BENCHMARKS = frozenset({"__init__", "__main__", "synth"})
"""Modules of this package that are not benchmarks."""


def available() -> list[str]:
    """Return the names of the benchmark modules, sorted (``bench/<name>.py``, not private, not synth)."""
    here = Path(__file__).resolve().parent
    return sorted(
        p.stem for p in here.glob("*.py") if p.stem not in NOT_BENCHMARKS and not p.stem.startswith("_")
    )


def load(name: str) -> Callable[[list[str]], None]:
    """Return the ``main`` function of benchmark ``name``.

    Raises:
        KeyError: when there is no benchmark of that name, or it has no ``main``.
    """
    if name not in available():
        raise KeyError(f"no benchmark named {name!r}; available: {', '.join(available()) or 'none'}")
    module = importlib.import_module(f"bench.{name}")
    main = getattr(module, "main", None)
    if not callable(main):
        raise KeyError(f"bench/{name}.py has no main(argv) function")
    return cast(Callable[[list[str]], None], main)


def run_worker(name: str, args: list[str]) -> dict[str, float]:
    """Run ``python -m bench.NAME --worker ARGS…`` in a fresh process and return the JSON object it prints
    last, so that each measurement has a process (and a peak memory) of its own."""
    proc = subprocess.run(
        [sys.executable, "-m", f"bench.{name}", "--worker", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result
