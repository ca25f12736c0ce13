"""``python -m bench`` runs every benchmark at its default size; ``python -m bench NAME [ARGS…]`` runs one."""

from __future__ import annotations

import sys
import time

from bench import available, load


def run(argv: list[str]) -> int:
    """Run the benchmarks named by ``argv`` (all of them when it is empty); return the exit status."""
    if argv and argv[0] in ("-h", "--help"):
        print("usage: python -m bench [NAME [ARGS...]]\n\nbenchmarks: " + ", ".join(available()))
        return 0
    if argv:
        try:
            main = load(argv[0])
        except KeyError as error:
            print(f"error: {error.args[0]}", file=sys.stderr)
            return 2
        main(argv[1:])
        return 0
    for name in available():
        print(f"\n## {name}\n", flush=True)
        started = time.perf_counter()
        load(name)([])
        print(f"\n({name}: {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
