"""The `storyline` command line: parse arguments, call the Python API, format the output.

Exit codes: 0 when every input was read, 1 when some could not be (the output is still written) or a
run failed with a reported error, 2 for usage errors.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from storyline import __version__, pipeline
from storyline.config import DEFAULT_DB_PATH, DEFAULT_MAX_INPUT_BYTES, Settings
from storyline.dedup import WINDOW_DAYS as DEDUP_WINDOW_DAYS
from storyline.errors import ConfigError, StorylineError
from storyline.evaluation import eval_group
from storyline.export import build_export, select_story, to_json
from storyline.export.build import to_jsonable
from storyline.models import Article, Problem, RecordedCorrection
from storyline.outlets import OutletDirectory, read_outlets
from storyline.render import plural, render_markdown, render_summary
from storyline.store import mask_password, open_store

F = TypeVar("F", bound=Callable[..., Any])

# How long `--dask ADDRESS` waits for the scheduler: Dask's own default (30 s) leaves a user with a typo
# waiting half a minute; a scheduler on a LAN answers in milliseconds.
DASK_CONNECT_TIMEOUT = "10s"


@contextlib.contextmanager
def _reported_errors() -> Iterator[None]:
    """Turn Storyline's own errors into a one-line message and exit code 1, never a traceback."""
    try:
        yield
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc


class _StageBars:
    """Progress on stderr, one stage after the other: a bar when the total is known, else a counter."""

    def __init__(self) -> None:
        self._label: str | None = None
        self._bar: Any = None
        self._count = 0

    def __call__(self, label: str, advance: int, total: int | None) -> None:
        if label != self._label:
            self.close()
            self._label, self._count = label, 0
            if total is not None:
                self._bar = click.progressbar(
                    length=total, label=f"{label:<16}", file=sys.stderr, show_pos=True
                )
                self._bar.__enter__()
        self._count += advance
        if self._bar is not None:
            self._bar.update(advance)
        else:
            click.echo(f"\r{label:<16} {self._count}", nl=False, err=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
        elif self._label is not None:
            click.echo(err=True)


@contextlib.contextmanager
def _progress(quiet: bool) -> Iterator[pipeline.Progress | None]:
    """Progress bars on stderr, shown only when stderr is a terminal and ``quiet`` is off."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    bars = _StageBars()
    try:
        yield bars
    finally:
        bars.close()


def _input_options(fn: F) -> F:
    """Options shared by the commands that read inputs."""
    fn = click.option(
        "--quiet",
        "-q",
        is_flag=True,
        help="No progress bars and no closing count on stderr; problems are still reported.",
    )(fn)
    fn = click.option(
        "--max-input-bytes",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_INPUT_BYTES,
        show_default=True,
        help="Refuse input files larger than this (they become problems).",
    )(fn)
    return click.argument("paths", nargs=-1, required=True)(fn)


def _parallel_options(fn: F) -> F:
    """Options of the commands that run every stage: where the per-article work runs."""
    fn = click.option(
        "--dask",
        "dask_address",
        metavar="ADDRESS",
        help="Run the per-article and per-story work on this Dask scheduler (e.g. tcp://10.0.0.5:8786).",
    )(fn)
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="Worker processes for the per-article and per-story work (annotation, extraction).",
    )(fn)


@contextlib.contextmanager
def _executor(workers: int, dask_address: str | None) -> Iterator[Executor | None]:
    """The executor the options ask for: none, a local process pool, or a Dask cluster's."""
    if dask_address is not None and workers > 1:
        raise click.UsageError("use either --workers or --dask, not both")
    if dask_address is not None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise click.ClickException("--dask needs the dask extra: pip install 'storyline[dask]'") from exc
        try:
            client = Client(dask_address, timeout=DASK_CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise click.ClickException(f"cannot reach the Dask scheduler at {dask_address}: {exc}") from exc
        with client:
            executor: Executor = client.get_executor()  # type: ignore[no-untyped-call]
            yield executor
        return
    if workers == 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield pool


def _read_outlets(ctx: click.Context, param: click.Parameter, value: str | None) -> OutletDirectory | None:
    """Parse ``--outlets FILE`` when it is given; a malformed file is a usage error naming the line."""
    del ctx, param
    if value is None:
        return None
    try:
        return read_outlets(value)
    except ConfigError as exc:
        raise click.BadParameter(str(exc)) from exc


def _outlets_option(fn: F) -> F:
    """The ``--outlets`` option of commands that build stories."""
    return click.option(
        "--outlets",
        type=click.Path(dir_okay=False),
        callback=_read_outlets,
        help="Your outlet list (CSV or JSON: an 'outlet' column, optionally 'domain', any other columns "
        "such as country or owner) to profile each story's coverage by.",
    )(fn)


def _echo_json_list(records: Sequence[object]) -> None:
    """Print records (dataclasses) as one indented JSON array, non-ASCII kept."""
    click.echo(json.dumps([to_jsonable(record) for record in records], ensure_ascii=False, indent=2))


def _db_option(fn: F) -> F:
    """The ``--db`` option of commands that use the store."""
    return click.option(
        "--db",
        "db_path",
        metavar="FILE|URL",
        default=DEFAULT_DB_PATH,
        show_default=True,
        envvar="STORYLINE_DB",
        help="SQLite database file, or a PostgreSQL URL (postgresql://user:password@host/db) for a shared "
        "server; also read from STORYLINE_DB (keeps a password off the command line).",
    )(fn)


@click.group()
@click.version_option(__version__, prog_name="storyline")
@click.option("--verbose", "-v", is_flag=True, help="Log what each stage does to stderr.")
def cli(verbose: bool) -> None:
    """Storyline: many outlets, one story.

    Reads news articles (text, HTML, RSS/Atom, JSONL, WARC), finds duplicates, stories, quotes and
    dates, and writes one sourced story export.

    \b
    Example:
        storyline digest examples/corpus --json story.json
    """
    if verbose:
        logging.basicConfig(
            level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
        )


@cli.command()
@_input_options
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the export JSON here (- for stdout).",
)
@click.option(
    "--markdown",
    "markdown_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write a Markdown report here (- for stdout).",
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write a one-file HTML report here (- for stdout): every story with its timeline, quotes, "
    "claims, coverage chart and reuse graph; opens from disk.",
)
@_parallel_options
@_outlets_option
def digest(
    paths: tuple[str, ...],
    max_input_bytes: int,
    quiet: bool,
    json_path: str | None,
    markdown_path: str | None,
    html_path: str | None,
    workers: int,
    dask_address: str | None,
    outlets: OutletDirectory | None,
) -> None:
    """Read inputs and write the story export, all in memory.

    PATHS are files, folders (read recursively) or - for standard input. A summary goes to stdout
    unless the export itself does.

    \b
    Example:
        storyline digest examples/corpus --json story.json --markdown story.md
    """
    settings = Settings(max_input_bytes=max_input_bytes, outlets=outlets)
    with _reported_errors(), _progress(quiet) as progress, _executor(workers, dask_address) as executor:
        result = pipeline.digest(
            list(paths), settings, stdin=sys.stdin.buffer, executor=executor, progress=progress
        )
    document = build_export(result)
    outputs = {json_path: to_json(document), markdown_path: render_markdown(document)}
    if html_path is not None:
        from storyline.web.report import render_report  # Jinja2 loads only for this output

        outputs[html_path] = render_report(document)
    for path, text in outputs.items():
        if path == "-":
            click.echo(text, nl=False)
        elif path is not None:
            Path(path).write_text(text, encoding="utf-8")
    if "-" not in outputs:
        click.echo(render_summary(document), nl=False)
    sys.exit(0 if result.complete else 1)


@cli.command()
@_input_options
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="Write the articles that copy no earlier one here, as JSONL (one article a line; "
    "storyline reads it back with the same ids).",
)
@click.option(
    "--duplicates",
    "duplicates_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write one JSON line per copy here: its id, source and title, the article it copies, the "
    "kind (exact, near, contained) and the similarity.",
)
@click.option(
    "--window-days",
    type=click.FloatRange(min=0),
    default=DEDUP_WINDOW_DAYS,
    show_default=True,
    help="Look for copies among the articles published this many days before (inputs in date order).",
)
@click.option(
    "--any-order",
    is_flag=True,
    help="The inputs are in no date order: look among up to --max-held articles, whatever their dates.",
)
@click.option(
    "--max-held",
    type=click.IntRange(min=1),
    default=pipeline.DEDUP_MAX_HELD,
    show_default=True,
    help="The most articles held at once with --any-order (about 18 KB each for 400 words).",
)
def dedup(
    paths: tuple[str, ...],
    max_input_bytes: int,
    quiet: bool,
    out_path: str,
    duplicates_path: str | None,
    window_days: float,
    any_order: bool,
    max_held: int,
) -> None:
    """Drop exact, near and contained duplicates from a corpus as a stream, keeping the first copy read.

    For corpora of any size: inputs are read one by one and only recent articles are held (those of the
    last WINDOW_DAYS days of publication; with --any-order, up to MAX_HELD, the oldest-dated let go
    first). Nothing is stored; the stages after duplicates do not run.

    \b
    Example:
        storyline dedup dump.jsonl --out unique.jsonl --duplicates copies.jsonl
    """
    settings = Settings(max_input_bytes=max_input_bytes)
    counts = {"read": 0, "copies": 0, "problems": 0}
    with contextlib.ExitStack() as stack, _reported_errors(), _progress(quiet) as progress:
        out = _open_output(stack, out_path)
        copies = _open_output(stack, duplicates_path) if duplicates_path is not None else None
        items = pipeline.deduplicate(
            list(paths),
            settings,
            stdin=sys.stdin.buffer,
            window_days=None if any_order else window_days,
            max_held=max_held,
            progress=progress,
        )
        for item in items:
            if isinstance(item, Problem):
                counts["problems"] += 1
                click.echo(f"cannot read {item.source}: {item.error}", err=True)
                continue
            counts["read"] += 1
            if isinstance(item, pipeline.CopiedArticle):
                counts["copies"] += 1
                if copies is not None:
                    copies.write(_json_line(_copy_record(item)))
            else:
                out.write(_json_line(_article_record(item)))
    if not quiet:
        click.echo(
            f"{plural(counts['read'], 'article')} read, {counts['read'] - counts['copies']} kept, "
            f"{plural(counts['copies'], 'copy', 'copies')} dropped, {plural(counts['problems'], 'problem')}",
            err=True,
        )
    sys.exit(0 if not counts["problems"] else 1)


def _open_output(stack: contextlib.ExitStack[bool | None], path: str) -> TextIO:
    """A text stream to write to: standard output for -, else the file (UTF-8), closed with the stack."""
    if path == "-":
        return sys.stdout
    try:
        return stack.enter_context(Path(path).open("w", encoding="utf-8"))
    except OSError as err:
        raise click.ClickException(f"cannot write {path}: {err.strerror or err}") from err


def _json_line(record: dict[str, object]) -> str:
    """One JSON line (UTF-8 kept as is)."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def _article_record(article: Article) -> dict[str, object]:
    """An article as a JSONL line that the JSONL reader reads back with the same id."""
    return {
        "id": article.id,
        "url": article.url,
        "outlet": article.outlet,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "title": article.title,
        "text": article.text,
        "source": article.source,
    }


def _copy_record(copy: pipeline.CopiedArticle) -> dict[str, object]:
    """A copy as a JSON line: which article, what it copies, how."""
    return {
        "id": copy.article.id,
        "source": copy.article.source,
        "title": copy.article.title,
        "duplicate_of": copy.duplicate.duplicate_of,
        "kind": copy.duplicate.kind,
        "similarity": round(copy.duplicate.similarity, 3),
    }


@cli.command()
@_input_options
@_db_option
@_parallel_options
def ingest(
    paths: tuple[str, ...],
    max_input_bytes: int,
    quiet: bool,
    db_path: str,
    workers: int,
    dask_address: str | None,
) -> None:
    """Read inputs into the database; re-ingesting the same inputs changes nothing.

    \b
    Example:
        storyline ingest examples/corpus --db news.db
    """
    settings = Settings(max_input_bytes=max_input_bytes, db_path=db_path)
    with _reported_errors(), _progress(quiet) as progress, _executor(workers, dask_address) as executor:
        report = pipeline.ingest(
            list(paths), settings, stdin=sys.stdin.buffer, progress=progress, executor=executor
        )
    for problem in report.problems:
        click.echo(f"cannot read {problem.source}: {problem.error}", err=True)
    if not quiet:
        click.echo(
            f"{plural(report.read, 'article')} read, {report.new} new, "
            f"{plural(len(report.problems), 'problem')}; {plural(report.total, 'article')} in "
            f"{mask_password(db_path)}",
            err=True,
        )
    sys.exit(0 if not report.problems else 1)


@cli.command()
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array instead of a table.")
def articles(db_path: str, as_json: bool) -> None:
    """List the stored articles, dated first in date order.

    \b
    Example:
        storyline articles --db news.db --json
    """
    with _reported_errors():
        stored = pipeline.stored_articles(Settings(db_path=db_path))
    if as_json:
        _echo_json_list(stored)
        return
    for art in stored:
        date = art.published.isoformat() if art.published else "undated   "
        click.echo(f"{art.id}  {date}  {art.outlet or '?':<24.24}  {art.title}")


@cli.command()
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array instead of lines.")
def problems(db_path: str, as_json: bool) -> None:
    """List the inputs that could not be read, and why.

    \b
    Example:
        storyline problems --db news.db
    """
    with _reported_errors():
        stored = pipeline.stored_problems(Settings(db_path=db_path))
    if as_json:
        _echo_json_list(stored)
        return
    for problem in stored:
        click.echo(f"{problem.source}: {problem.error}")


@cli.command()
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print the whole export document as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@_parallel_options
@_outlets_option
def stories(
    db_path: str,
    as_json: bool,
    quiet: bool,
    workers: int,
    dask_address: str | None,
    outlets: OutletDirectory | None,
) -> None:
    """List the stories found in the stored articles, oldest first.

    Runs every stage after ingest over the database the first time; the result is kept in the database
    and reused until articles are added or changed (annotations are cached in it too).

    \b
    Example:
        storyline stories --db news.db
    """
    with _reported_errors(), _progress(quiet) as progress, _executor(workers, dask_address) as executor:
        settings = Settings(db_path=db_path, outlets=outlets)
        document = pipeline.stored_export(settings, executor=executor, progress=progress)
    if as_json:
        click.echo(to_json(document), nl=False)
        return
    lines = {line.id: line.stories for line in document.storylines}
    for story in document.stories:
        period = story.period.start or "undated"
        count = len(story.articles)
        thread = lines.get(story.storyline or "", ())
        place = f"  [storyline {story.storyline}: {thread.index(story.id) + 1} of {len(thread)}]"
        click.echo(
            f"{story.id}  {period:<10}  {count:>3} article{'s' if count != 1 else ' '}  {story.title}"
            + (place if len(thread) > 1 else "")
        )


@cli.command()
@click.argument("story_id")
@_db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json", "html"]),
    default="markdown",
    show_default=True,
    help="Markdown report, the story's export JSON, or a one-file HTML page.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@_outlets_option
def story(story_id: str, db_path: str, fmt: str, quiet: bool, outlets: OutletDirectory | None) -> None:
    """Show one story: summary, timeline, quotes, claims, sources and reuse.

    \b
    Example:
        storyline story s-11a5ea319a4b7d49 --db news.db
    """
    with _reported_errors(), _progress(quiet) as progress:
        document = pipeline.stored_export(Settings(db_path=db_path, outlets=outlets), progress=progress)
        found = select_story(document, story_id)
    if fmt == "json":
        click.echo(to_json(found), nl=False)
    elif fmt == "html":
        from storyline.web.report import render_report

        click.echo(render_report(found, heading=found.stories[0].title), nl=False)
    else:
        click.echo(render_markdown(found), nl=False)


@cli.command()
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print the feed states as JSON.")
def feeds(db_path: str, as_json: bool) -> None:
    """List the watched feeds: when each was last checked and what happened.

    \b
    Example:
        storyline feeds --db news.db
    """
    with _reported_errors():
        states = pipeline.stored_feed_states(Settings(db_path=db_path))
    if as_json:
        _echo_json_list(states)
        return
    for state in states:
        click.echo(f"{state.checked_at}  {state.url}  {state.status}")


# The shortest interval `watch --every` accepts: a feed polled more often than once a minute gains nothing
# (feeds rarely change faster) and annoys its publisher.
MIN_WATCH_SECONDS = 60.0


@cli.command()
@click.argument("urls", nargs=-1, required=True)
@_db_option
@click.option(
    "--every",
    default="15m",
    show_default=True,
    help="Time between rounds: a number and s, m or h (at least 1m).",
)
@click.option("--once", is_flag=True, help="Poll every feed once and stop (for cron and scripts).")
@click.option("--quiet", "-q", is_flag=True, help="Only errors on stderr, no per-feed lines.")
def watch(urls: tuple[str, ...], db_path: str, every: str, once: bool, quiet: bool) -> None:
    """Poll feeds and ingest their new articles, then again at every interval until Ctrl-C.

    Each round asks each feed only for what changed since the last round (ETag / Last-Modified), so an
    unchanged feed costs one 304 and ingests nothing. Entries that carry only a summary are read from
    their linked page. Each feed's state is kept in the database; `storyline stories` then shows the
    stories of everything ingested so far.

    \b
    Example:
        storyline watch https://example.org/rss.xml https://example.net/atom.xml --every 15m --db news.db
    """
    from storyline.watch import WatchReport, parse_interval, watch_once
    from storyline.watch import watch as watch_feeds

    try:
        seconds = parse_interval(every)
    except ConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="'--every'") from exc
    if seconds < MIN_WATCH_SECONDS:
        raise click.BadParameter(f"{every!r} is shorter than one minute", param_hint="'--every'")
    settings = Settings(db_path=db_path)

    def report(round_report: WatchReport) -> None:
        for feed in round_report.feeds:
            if not quiet:
                click.echo(f"{round_report.checked_at}  {feed.url}  {feed.status}")
            elif feed.error is not None:
                click.echo(f"{feed.url}: {feed.error}", err=True)
            for problem in feed.problems:
                click.echo(f"cannot read {problem.source}: {problem.error}", err=True)

    with _reported_errors():
        if once:
            with open_store(db_path) as store:
                result = watch_once(list(urls), settings, store=store)
            report(result)
            sys.exit(0 if result.errors == 0 else 1)
        watch_feeds(list(urls), settings, every=seconds, on_round=report)


@cli.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on."
)
@click.option("--read-only", is_flag=True, help="Refuse corrections (the pages show no correction forms).")
@_outlets_option
def serve(db_path: str, host: str, port: int, read_only: bool, outlets: OutletDirectory | None) -> None:
    """Serve the HTTP API and the web UI over the database until interrupted.

    The story list is at http://HOST:PORT/, the API under /api (OpenAPI at /openapi.json, a reference
    at /docs). Stories are computed on the first request after an ingest, then kept. Story pages can
    split an article off, move it or merge stories (kept as corrections) unless --read-only.

    \b
    Example:
        storyline serve --db news.db --port 8000
    """
    from storyline.web import run  # FastAPI and uvicorn load only for this command

    with _reported_errors():
        run(Settings(db_path=db_path, outlets=outlets), host, port, read_only=read_only)


@cli.group()
def correct() -> None:
    """Correct the stories: merge, move or split; kept in the database and re-applied on every run.

    Corrections name articles (a story stands for its current articles), so they survive new articles
    and re-runs. `storyline correct list` shows them, `storyline correct undo N` removes one.

    \b
    Example:
        storyline correct merge s-11a5ea319a4b7d49 s-3c0f2b7e91d04a11 --db news.db
    """


def _echo_correction(recorded: RecordedCorrection) -> None:
    """Print one correction as a line a person can read back."""
    correction = recorded.correction
    articles = " ".join(correction.articles)
    where = f" -> {correction.anchor}" if correction.anchor else ""
    click.echo(f"{recorded.number:>3}  {recorded.made_at}  {correction.kind:<5}  {articles}{where}")


@correct.command("merge")
@click.argument("ids", nargs=-1, required=True)
@_db_option
def correct_merge(ids: tuple[str, ...], db_path: str) -> None:
    """Make one story of the given stories and articles.

    \b
    Example:
        storyline correct merge s-11a5ea319a4b7d49 a-9d2c41f0b6e35a27 --db news.db
    """
    if len(ids) < 2:
        raise click.UsageError("merge needs at least two stories or articles")
    with _reported_errors():
        _echo_correction(pipeline.record_correction(Settings(db_path=db_path), "merge", ids))


@correct.command("move")
@click.argument("ids", nargs=-1, required=True)
@click.option("--to", "to", required=True, help="The story (or an article of the story) to move them to.")
@_db_option
def correct_move(ids: tuple[str, ...], to: str, db_path: str) -> None:
    """Move articles (or all articles of a story) to another story.

    \b
    Example:
        storyline correct move a-9d2c41f0b6e35a27 --to s-11a5ea319a4b7d49 --db news.db
    """
    with _reported_errors():
        _echo_correction(pipeline.record_correction(Settings(db_path=db_path), "move", ids, to=to))


@correct.command("split")
@click.argument("ids", nargs=-1, required=True)
@_db_option
def correct_split(ids: tuple[str, ...], db_path: str) -> None:
    """Take articles out of their stories into one new story of their own.

    \b
    Example:
        storyline correct split a-9d2c41f0b6e35a27 a-50be7e12c9a4d3f8 --db news.db
    """
    with _reported_errors():
        _echo_correction(pipeline.record_correction(Settings(db_path=db_path), "split", ids))


@correct.command("list")
@_db_option
def correct_list(db_path: str) -> None:
    """List the corrections in the order they are applied.

    \b
    Example:
        storyline correct list --db news.db
    """
    with _reported_errors():
        for recorded in pipeline.stored_corrections(Settings(db_path=db_path)):
            _echo_correction(recorded)


@correct.command("undo")
@click.argument("number", type=click.IntRange(min=1))
@_db_option
def correct_undo(number: int, db_path: str) -> None:
    """Remove correction NUMBER (see `storyline correct list`).

    \b
    Example:
        storyline correct undo 2 --db news.db
    """
    with _reported_errors():
        pipeline.remove_correction(Settings(db_path=db_path), number)
    click.echo(f"removed correction {number}")


cli.add_command(eval_group)
