"""Orchestration: the only place where the stages are chained.

``digest`` runs the whole pipeline in memory over some inputs; ``ingest`` reads inputs into a store.
Every stage is a pure function of its inputs; this module decides the order and what each stage sees.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from storyline.config import Settings
from storyline.errors import StorageError
from storyline.export.types import ExportStory, ExportStoryline, PublishedEstimate
from storyline.ingest import read_inputs
from storyline.models import Annotation, Article, Problem
from storyline.store import Store

LOGGER = logging.getLogger(__name__)

Progress = Callable[[int], None]
"""Called with the number of items just processed (for progress bars); never required."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Digest:
    """Everything one run found, ready for the export.

    ``articles`` keeps the first copy of each article id (re-reading the same input changes nothing).
    """

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    annotations: Mapping[str, Annotation] = field(default_factory=dict)
    duplicate_of: Mapping[str, str] = field(default_factory=dict)
    estimates: Mapping[str, PublishedEstimate] = field(default_factory=dict)
    story_of: Mapping[str, str] = field(default_factory=dict)
    stories: tuple[ExportStory, ...] = ()
    storylines: tuple[ExportStoryline, ...] = ()

    @property
    def complete(self) -> bool:
        """True when every input was read."""
        return not self.problems


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadResult:
    """Articles and problems from reading some inputs, each article id once."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]


def read(
    paths: Sequence[str],
    settings: Settings,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> ReadResult:
    """Read every input; keep the first article of each id and every problem, in input order."""
    articles: dict[str, Article] = {}
    problems: list[Problem] = []
    for item in read_inputs(paths, settings, stdin=stdin):
        if isinstance(item, Problem):
            LOGGER.info("cannot read %s: %s", item.source, item.error)
            problems.append(item)
        else:
            articles.setdefault(item.id, item)
        if progress is not None:
            progress(1)
    return ReadResult(articles=tuple(articles.values()), problems=tuple(problems))


def digest(
    paths: Sequence[str],
    settings: Settings,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> Digest:
    """Run the whole pipeline in memory over ``paths`` and return what it found.

    Args:
        paths: files, folders (read recursively) or ``-`` for standard input.
        settings: the run's options.
        stdin: the stream ``-`` reads from.
        progress: called as inputs are read.

    Returns:
        The digest; inputs that could not be read are in ``problems``, the rest went on.
    """
    result = read(paths, settings, stdin=stdin, progress=progress)
    return digest_articles(result.articles, result.problems, settings)


def digest_articles(articles: Iterable[Article], problems: Iterable[Problem], settings: Settings) -> Digest:
    """Run every stage after ingest over already-read articles."""
    del settings  # the later stages take their options from it as they land
    return Digest(articles=tuple(articles), problems=tuple(problems))


INGEST_BATCH = 200  # articles per transaction: a killed ingest loses at most one batch, which a re-run redoes


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestReport:
    """What one ``ingest`` run did."""

    read: int  # articles read from the inputs (a re-read article counts)
    new: int  # articles that were not in the store before
    total: int  # articles in the store after the run
    problems: tuple[Problem, ...]


def ingest(
    paths: Sequence[str],
    settings: Settings,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Read inputs into the store at ``settings.db_path``, in atomic batches.

    Re-running the same ingest changes nothing; an ingest killed halfway leaves every finished batch
    stored and a re-run completes the rest.
    """
    read_count = new = 0
    problems: list[Problem] = []
    batch: list[Article] = []
    with Store(settings.db_path) as store:

        def flush() -> int:
            with store.transaction():
                added = store.upsert_articles(batch)
            batch.clear()
            return added

        for item in read_inputs(paths, settings, stdin=stdin):
            if isinstance(item, Problem):
                problems.append(item)
                with store.transaction():
                    store.add_problems([item])
            else:
                batch.append(item)
                read_count += 1
                if len(batch) >= INGEST_BATCH:
                    new += flush()
            if progress is not None:
                progress(1)
        if batch:
            new += flush()
        total = store.count_articles()
    return IngestReport(read=read_count, new=new, total=total, problems=tuple(problems))


def stored_articles(settings: Settings) -> list[Article]:
    """Every article in the store, dated first in date order, then undated by id."""
    with _open_existing(settings) as store:
        return store.articles()


def stored_problems(settings: Settings) -> list[Problem]:
    """Every problem recorded in the store, sorted."""
    with _open_existing(settings) as store:
        return store.problems()


def _open_existing(settings: Settings) -> Store:
    """Open the store for reading; a missing database file is an error, not a new empty database."""
    if settings.db_path != ":memory:" and not Path(settings.db_path).is_file():
        raise StorageError(
            f"{settings.db_path}: no such database "
            f"(run `storyline ingest PATH --db {settings.db_path}` first)"
        )
    return Store(settings.db_path)
