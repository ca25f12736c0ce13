"""Benchmark of ingest: articles/s, MB/s and peak memory of ``read_inputs`` for each input format.

Usage: ``python -m bench ingest [--n N] [--formats text,html,jsonl,warc] [--seed S] [--workdir DIR]
[--large-jsonl-mib M]``. The corpus is :func:`bench.synth.write_corpus` output (synthetic ~600-word
articles). Each format is read in a fresh child process, so its peak memory (``ru_maxrss``) is its own; the
table shows the peak and the increase over the child's resident size just before reading (imports included
in the first, not the second). MB/s counts the bytes on disk (the WARC is gzipped).

The last row, "jsonl streamed", reads one JSONL file of ``M`` MiB (default 60: over the 50 MiB
``max_input_bytes``, which a whole-file read refuses) line by line with
:func:`storyline.ingest.jsonl.read_jsonl_file`, the size limit applying to each line: its RSS increase
stays flat whatever the file size. The file repeats the ``--n``-article corpus under new URLs until it is
large enough.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from bench.synth import FORMATS_WRITTEN, CorpusFormat, write_corpus

DEFAULT_N = 1000  # per format: the four formats read in ~30 s on the 2-core dev machine (HTML/WARC dominate)
DEFAULT_SEED = 0
FORMATS: tuple[CorpusFormat, ...] = FORMATS_WRITTEN
KIB_PER_MIB = 1024  # ru_maxrss is in KiB on Linux
BYTES_PER_MIB = 1024 * 1024
DEFAULT_LARGE_JSONL_MIB = 60  # over Settings.max_input_bytes (50 MiB): a whole-file read refuses it


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestRun:
    """The measurements of reading one corpus."""

    fmt: str
    articles: int
    problems: int
    seconds: float
    input_bytes: int
    rss_before_kib: int
    rss_peak_kib: int


def _size(path: Path) -> int:
    """Return the bytes of ``path`` (a file, or every file under a folder)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _read(fmt: str, path: str) -> IngestRun:
    """Read ``path`` with ``read_inputs`` (in a child process) and return the measurements."""
    from storyline.config import Settings
    from storyline.ingest import read_inputs
    from storyline.models import Problem

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    articles = problems = 0
    started = time.perf_counter()
    for item in read_inputs([path], Settings()):
        if isinstance(item, Problem):
            problems += 1
        else:
            articles += 1
    seconds = time.perf_counter() - started
    return IngestRun(
        fmt=fmt,
        articles=articles,
        problems=problems,
        seconds=seconds,
        input_bytes=_size(Path(path)),
        rss_before_kib=before,
        rss_peak_kib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    )


def _read_streamed(path: str) -> IngestRun:
    """Read a JSONL file line by line (in a child process) and return the measurements."""
    from storyline.config import Settings
    from storyline.ingest.jsonl import read_jsonl_file
    from storyline.models import Problem

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    articles = problems = 0
    started = time.perf_counter()
    for item in read_jsonl_file(path, max_line_bytes=Settings().max_input_bytes):
        if isinstance(item, Problem):
            problems += 1
        else:
            articles += 1
    return IngestRun(
        fmt="jsonl streamed",
        articles=articles,
        problems=problems,
        seconds=time.perf_counter() - started,
        input_bytes=_size(Path(path)),
        rss_before_kib=before,
        rss_peak_kib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    )


def write_large_jsonl(workdir: Path, mib: int, n: int, seed: int) -> Path:
    """Write a JSONL file of at least ``mib`` MiB: the ``n``-article corpus repeated under new URLs."""
    source = write_corpus(workdir / "jsonl-seed", n, "jsonl", seed=seed)
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    path = workdir / "large.jsonl"
    written = repeat = 0
    with path.open("w", encoding="utf-8") as out:
        while written < mib * BYTES_PER_MIB:
            for line in lines:
                # one URL per repeat: every line is a different article (ids come from the URL)
                record = line.replace('"url": "https://', f'"url": "https://r{repeat}.', 1)
                out.write(record)
                written += len(record.encode("utf-8"))
            repeat += 1
    return path


def measure_streamed(mib: int, n: int, seed: int, workdir: Path) -> IngestRun:
    """Write a large JSONL file and measure reading it line by line."""
    path = write_large_jsonl(workdir, mib, n, seed)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_read_streamed, str(path)).result()


def measure(fmt: CorpusFormat, n: int, seed: int, workdir: Path) -> IngestRun:
    """Write a corpus of ``n`` articles in ``fmt`` under ``workdir`` and measure reading it."""
    path = write_corpus(workdir / fmt, n, fmt, seed=seed)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_read, fmt, str(path)).result()


def format_table(runs: list[IngestRun]) -> str:
    """Return the runs as a Markdown table."""
    lines = [
        "| format | articles | problems | MB on disk | seconds | articles/s | MB/s | peak RSS MiB "
        "| RSS increase MiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in runs:
        mb = r.input_bytes / 1e6
        lines.append(
            f"| {r.fmt} | {r.articles} | {r.problems} | {mb:.1f} | {r.seconds:.2f} | "
            f"{r.articles / r.seconds:,.0f} | {mb / r.seconds:.2f} | {r.rss_peak_kib / KIB_PER_MIB:.0f} | "
            f"{(r.rss_peak_kib - r.rss_before_kib) / KIB_PER_MIB:.0f} |"
        )
    return "\n".join(lines)


def _parse(argv: list[str]) -> argparse.Namespace:
    """Parse the benchmark's arguments."""
    parser = argparse.ArgumentParser(prog="python -m bench ingest", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=DEFAULT_N, help=f"articles per format (default {DEFAULT_N})")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated subset of the formats")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--workdir", type=Path, default=None, help="where to write the corpora (default: a temp dir)"
    )
    parser.add_argument(
        "--large-jsonl-mib",
        type=int,
        default=DEFAULT_LARGE_JSONL_MIB,
        help=f"size of the streamed JSONL file in MiB, 0 for none (default {DEFAULT_LARGE_JSONL_MIB})",
    )
    args = parser.parse_args(argv)
    unknown = [f for f in args.formats.split(",") if f not in FORMATS]
    if unknown or args.n < 1 or args.large_jsonl_mib < 0:
        parser.error(f"formats must be among {', '.join(FORMATS)}, --n >= 1 and --large-jsonl-mib >= 0")
    return args


def main(argv: list[str]) -> None:
    """Run the ingest benchmark and print its table."""
    args = _parse(argv)
    formats = [cast(CorpusFormat, f) for f in args.formats.split(",")]
    with tempfile.TemporaryDirectory(prefix="storyline-bench-ingest-") as tmp:
        workdir = args.workdir or Path(tmp)
        runs = [measure(fmt, args.n, args.seed, workdir) for fmt in formats]
        if args.large_jsonl_mib:
            runs.append(measure_streamed(args.large_jsonl_mib, args.n, args.seed, workdir))
    print(f"ingest: {args.n} synthetic articles per format (seed {args.seed}), read with read_inputs")
    if args.large_jsonl_mib:
        print(f"jsonl streamed: one {args.large_jsonl_mib} MiB file, read line by line with read_jsonl_file")
    print()
    print(format_table(runs))


if __name__ == "__main__":
    main(sys.argv[1:])
