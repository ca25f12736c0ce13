"""The eval gate: quality floors for the fuzzy stages, measured on real data by `storyline eval …`.

Each file in ``tests/eval_floors/`` pins one evaluation::

    {
      "reduced": {"args": ["clustering", "ecbplus", "{data}/ecbplus", "--limit", "6"],
                  "floors": {"story.b3_f1": 0.91}},
      "full":    {"args": ["clustering", "ecbplus", "{data}/ecbplus"],
                  "floors": {"story.b3_f1": 0.93}},
      "notes": "where the numbers came from"
    }

``{data}`` is the shared data folder (``../shared/data`` beside the repository, or ``$STORYLINE_DATA``).
A floor key is a dotted path into the JSON object that ``storyline eval … --json`` prints. The default test
run checks the ``reduced`` runs; ``make eval`` (pytest ``-m slow``) checks the ``full`` runs.

Raising floors after an improvement::

    .venv/bin/python tests/eval_gate.py --update full clustering

``--update`` sets each floor to the measured value rounded down to 3 decimals and refuses to lower a
floor unless ``--allow-regression`` is given.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

FLOORS_DIR = Path(__file__).parent / "eval_floors"
REPO = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The shared evaluation data folder."""
    return Path(os.environ.get("STORYLINE_DATA", REPO.parent / "shared" / "data"))


def load_spec(name: str) -> dict[str, Any]:
    """Read one evaluation's floors file."""
    spec: dict[str, Any] = json.loads((FLOORS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return spec


def names() -> list[str]:
    """Every evaluation that has a floors file."""
    return sorted(p.stem for p in FLOORS_DIR.glob("*.json"))


def run_eval(args: list[str]) -> dict[str, Any]:
    """Run ``storyline eval ARGS --json`` in a subprocess and return the printed object."""
    argv = [a.replace("{data}", str(data_dir())) for a in args]
    exe = Path(sys.executable).with_name("storyline")
    proc = subprocess.run(
        [str(exe), "eval", *argv, "--json"], capture_output=True, text=True, check=False, cwd=REPO
    )
    if proc.returncode != 0:
        raise RuntimeError(f"storyline eval {' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def lookup(result: dict[str, Any], dotted: str) -> float:
    """Return the number at a dotted path such as ``story.b3_f1``."""
    node: Any = result
    for part in dotted.split("."):
        node = node[part]
    return float(node)


def check(name: str, mode: str) -> list[str]:
    """Run one evaluation in ``mode`` ("reduced" or "full"); return a line per floor that was missed."""
    spec = load_spec(name)[mode]
    result = run_eval(spec["args"])
    failures = []
    for key, floor in sorted(spec["floors"].items()):
        value = lookup(result, key)
        if value < floor:
            failures.append(f"{name} {mode} {key}: {value:.4f} is below the floor {floor:.4f}")
    return failures


def update(name: str, mode: str, allow_regression: bool) -> None:
    """Measure and write new floors (rounded down to 3 decimals); refuse to lower one by default."""
    path = FLOORS_DIR / f"{name}.json"
    spec = json.loads(path.read_text(encoding="utf-8"))
    result = run_eval(spec[mode]["args"])
    for key, old in sorted(spec[mode]["floors"].items()):
        new = math.floor(lookup(result, key) * 1000) / 1000
        if new < old and not allow_regression:
            sys.exit(f"refusing to lower {name} {mode} {key} from {old} to {new} (--allow-regression)")
        print(f"{name} {mode} {key}: {old} -> {new}")
        spec[mode]["floors"][key] = new
    path.write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    """Command line: check or update floors."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--update", action="store_true", help="raise the floors to the measured values")
    parser.add_argument("--allow-regression", action="store_true")
    parser.add_argument("mode", choices=["reduced", "full"])
    parser.add_argument("names", nargs="*")
    ns = parser.parse_args()
    failures: list[str] = []
    for name in ns.names or names():
        if ns.update:
            update(name, ns.mode, ns.allow_regression)
        else:
            failures += check(name, ns.mode)
    print("\n".join(failures) or "all floors met")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
