"""Orchestration: the only place where the stages are chained.

``digest`` runs the whole pipeline in memory over some inputs; ``ingest`` reads inputs into a store.
Every stage is a pure function of its inputs; this module decides the order and what each stage sees.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TypeVar

from storyline.annotate import Annotator
from storyline.claims import Fact, VersionFacts, compare_claims, compare_storyline_claims, extract_facts
from storyline.cluster import ArticleFeatures, Story, cluster_stories, extract_features
from storyline.config import Settings
from storyline.consolidate import StoryParts, consolidate_story
from storyline.coverage import story_coverage
from storyline.dedup import WINDOW_DAYS as DEDUP_WINDOW_DAYS
from storyline.dedup import Duplicate, StreamingIndex, find_duplicates
from storyline.errors import NotFound, StorageError
from storyline.export import ExportDocument, build_export, parse_export, to_json
from storyline.export.types import (
    ArticleRevision,
    ExportStory,
    ExportStoryline,
    PublishedEstimate,
    StoryReason,
)
from storyline.extract.canonical import canonicalize_quotes
from storyline.extract.dates import Timex, extract_timexes
from storyline.extract.entities import Entity, article_entities, merge_entities
from storyline.extract.quotes import QuoteExtraction, extract_quotes
from storyline.ingest import read_inputs
from storyline.models import (
    Annotation,
    Article,
    ArticleVersion,
    Correction,
    CorrectionKind,
    FeedState,
    Problem,
    RecordedCorrection,
)
from storyline.outlets import OutletDirectory
from storyline.records import from_plain, to_plain
from storyline.reuse import Reuse, find_reuse, source_families
from storyline.revisions import article_revisions
from storyline.store.backend import StoreBackend, is_postgres_url, mask_password, open_store
from storyline.summarize import qualify_summary, summarize_story
from storyline.timeline import build_timeline

LOGGER = logging.getLogger(__name__)

Progress = Callable[[str, int, int | None], None]
"""Called with a stage's label, how many items it just processed and how many it will process in all
(None when unknown), for progress bars; never required."""

ANNOTATE_CHUNK = 64  # articles per annotation call: one spaCy batch, and a progress step a person can see
# Articles per extraction task sent to an executor: ~0.5 s of work, so the per-task overhead of a process
# pool or Dask (a few ms) is negligible, and 2,000 articles still make 60+ tasks to balance over workers.
EXTRACT_CHUNK = 32

T = TypeVar("T")
R = TypeVar("R")


def _chunks(items: Sequence[T], size: int) -> list[list[T]]:
    """``items`` cut into consecutive lists of at most ``size``."""
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


def _run(
    executor: Executor | None, fn: Callable[[list[T]], list[R]], chunks: list[list[T]]
) -> Iterator[tuple[list[T], list[R]]]:
    """Yield each chunk with ``fn(chunk)``, in order: here, or on ``executor`` (all submitted at once)."""
    if executor is None:
        for chunk in chunks:
            yield chunk, fn(chunk)
        return
    yield from zip(chunks, executor.map(fn, chunks), strict=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Digest:
    """Everything one run found, ready for the export.

    ``articles`` keeps the first copy of each article id (re-reading the same input changes nothing).
    """

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    annotations: Mapping[str, Annotation] = field(default_factory=dict)
    # Per-article extraction results this run computed (not those it was given): id -> (key, JSON).
    extractions: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # What outlets changed in articles they republished under the same URL (stored articles only).
    revisions: Mapping[str, tuple[ArticleRevision, ...]] = field(default_factory=dict)
    # Extractions of kept versions this run computed: (id, version) -> (key, JSON), for the cache.
    version_extractions: Mapping[tuple[str, int], tuple[str, str]] = field(default_factory=dict)
    duplicate_of: Mapping[str, str] = field(default_factory=dict)
    estimates: Mapping[str, PublishedEstimate] = field(default_factory=dict)
    story_of: Mapping[str, str] = field(default_factory=dict)
    story_reasons: Mapping[str, StoryReason] = field(default_factory=dict)
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
            progress("Reading", 1, None)
    return ReadResult(articles=tuple(articles.values()), problems=tuple(problems))


@dataclass(frozen=True, slots=True, kw_only=True)
class CopiedArticle:
    """An article that copies one read before it, with the duplicate record (``storyline dedup``)."""

    article: Article
    duplicate: Duplicate  # ``duplicate.article`` is ``article.id``; ``duplicate_of`` was read earlier


# Earlier versions of one article that the export lists and the claims compare: the latest ones. A live
# blog re-read every 15 minutes keeps hundreds; each version compared is annotated again on every
# recompute (about 25 a second), and a reader follows the last changes, not the hundredth.
MAX_VERSIONS = 20
DEDUP_BATCH = 1_000  # articles per StreamingIndex.add_batch call (its vectorized steps pay off at this size)
# Articles `storyline dedup` holds when dates do not bound the index (inputs in any order): a held
# 400-word synthetic article takes about 18 KB (20,000 held: 338 MB, 2026-11-25), so about 0.9 GB.
DEDUP_MAX_HELD = 50_000


def deduplicate(
    paths: Sequence[str],
    settings: Settings,
    *,
    stdin: BinaryIO | None = None,
    window_days: float | None = DEDUP_WINDOW_DAYS,
    max_held: int = DEDUP_MAX_HELD,
    progress: Progress | None = None,
) -> Iterator[Article | CopiedArticle | Problem]:
    """Read inputs as a stream and tell, for each article, whether it copies one read before it.

    Memory stays bounded: inputs are read lazily and the duplicate index (:class:`StreamingIndex`) holds
    only the articles of the last ``window_days`` (by publication date: feed the inputs in date order),
    or, with ``window_days=None`` (inputs in no particular order), the last ``max_held`` articles. The
    first copy read is the one kept, even when a later-read copy is dated earlier. An article id read
    again (the same input twice) is dropped without a record.

    Args:
        paths: files, folders (read recursively) or ``-`` for standard input.
        settings: the run's options.
        stdin: the stream ``-`` reads from.
        window_days: how far back (in days of publication) copies are looked for; None for any order.
        max_held: the most articles held at once (about 18 KB each for 400 words).
        progress: called as articles are checked.

    Yields:
        Each new article (``Article``), each copy (``CopiedArticle``) and each input that could not be
        read (``Problem``), in reading order (problems as soon as they are met).
    """
    index = StreamingIndex(window_days=window_days, max_articles=max_held)
    batch: list[Article] = []
    for item in read_inputs(paths, settings, stdin=stdin):
        if isinstance(item, Problem):
            yield item
            continue
        batch.append(item)
        if len(batch) == DEDUP_BATCH:
            yield from _dedup_batch(index, batch, progress)
            batch = []
    yield from _dedup_batch(index, batch, progress)


def _dedup_batch(
    index: StreamingIndex, articles: Sequence[Article], progress: Progress | None
) -> Iterator[Article | CopiedArticle]:
    """Index one batch; each article as new or as a copy of one read before it."""
    fresh: dict[str, Article] = {}
    for article in articles:
        if article.id not in index and article.id not in fresh:
            fresh[article.id] = article
    order = {aid: position for position, aid in enumerate(fresh)}  # earlier batches: -1
    copies: dict[str, Duplicate] = {}
    for record in index.add_batch(list(fresh.values())):
        # the index points a late-read but earlier-dated copy the other way; the first read is kept
        newer, older = (record.article, record.duplicate_of)
        if order.get(newer, -1) < order.get(older, -1):
            newer, older = older, newer
        if newer not in copies:
            copies[newer] = dataclasses.replace(record, article=newer, duplicate_of=older)
    for aid, article in fresh.items():
        yield CopiedArticle(article=article, duplicate=copies[aid]) if aid in copies else article
    if progress is not None and articles:
        progress("Checking", len(articles), None)


def digest(
    paths: Sequence[str],
    settings: Settings,
    *,
    stdin: BinaryIO | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> Digest:
    """Run the whole pipeline in memory over ``paths`` and return what it found.

    Args:
        paths: files, folders (read recursively) or ``-`` for standard input.
        settings: the run's options.
        stdin: the stream ``-`` reads from.
        executor: runs the per-article and per-story work in parallel (see :func:`digest_articles`).
        progress: called as inputs are read.

    Returns:
        The digest; inputs that could not be read are in ``problems``, the rest went on.
    """
    result = read(paths, settings, stdin=stdin, progress=progress)
    return digest_articles(result.articles, result.problems, settings, executor=executor, progress=progress)


def digest_articles(
    articles: Iterable[Article],
    problems: Iterable[Problem],
    settings: Settings,
    *,
    annotator: Annotator | None = None,
    annotations: Mapping[str, Annotation] | None = None,
    corrections: Sequence[Correction] = (),
    extractions: Mapping[str, tuple[str, str]] | None = None,
    versions: Mapping[str, Sequence[ArticleVersion]] | None = None,
    version_extractions: Mapping[tuple[str, int], tuple[str, str]] | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> Digest:
    """Run every stage after ingest over already-read articles.

    Args:
        articles: the articles (a repeated id is used once).
        problems: inputs that could not be read, passed through to the digest.
        settings: the run's options.
        annotator: the annotation layer to use (one is made when not given).
        annotations: annotations already computed (e.g. cached in the store); the others are computed.
        corrections: a person's corrections to the stories, applied in order.
        extractions: per-article extraction results computed before (e.g. cached in the store), as
            article id -> (key, record JSON); one whose key is not :func:`extraction_key` now is redone.
            None (no cache, the in-memory ``digest``): nothing is keyed, and ``Digest.extractions`` is
            empty.
        versions: the texts articles had before they were republished under the same URL (article id
            -> versions, oldest first): the last :data:`MAX_VERSIONS` are listed as revisions, and the
            facts they stated become the claims' revisions.
        version_extractions: extractions of those versions computed before, as (article id, version) ->
            (key, record JSON), like ``extractions``; None computes them all and keys none.
        executor: runs the per-article and per-story work (annotation, extraction, story building) in
            parallel, e.g. a ``concurrent.futures.ProcessPoolExecutor`` or a Dask client's
            ``get_executor()``; the result is the same as without one. None runs everything here.
        progress: told as articles are annotated and as stories are built.
    """
    first_copy: dict[str, Article] = {}
    for article in articles:
        first_copy.setdefault(article.id, article)
    unique = tuple(first_copy.values())
    annotator = annotator or Annotator()
    annotated = _annotate_all(unique, annotator, annotations or {}, executor, progress)

    duplicates = find_duplicates(unique)
    reuse = find_reuse(unique)
    families = source_families([a.id for a in unique], duplicates, reuse)
    family_of = {m: f.id for f in families for m in f.members}
    links = [r.articles for r in reuse if _is_story_link(r)] + [
        (d.article, d.duplicate_of) for d in duplicates
    ]
    clustering = cluster_stories(
        unique,
        annotated,
        reuse_links=links,
        corrections=corrections,
        features=_features_all(unique, annotated, executor) if executor is not None else None,
    )

    dates = {
        a.id: a.published or (clustering.estimates[a.id].date if a.id in clustering.estimates else None)
        for a in unique
    }
    by_id = {a.id: a for a in unique}
    extracted, fresh = _extract_all(unique, annotated, dates, annotator, extractions, executor, progress)

    known_versions = {
        aid: tuple(found)[-MAX_VERSIONS:] for aid, found in (versions or {}).items() if aid in by_id and found
    }
    version_facts, fresh_versions = _version_facts(
        by_id, known_versions, dates, annotator, version_extractions, executor
    )
    outlets = {a.id: a.outlet for a in unique if a.outlet}
    story_of = clustering.story_of()
    reuse_in: dict[str, list[Reuse]] = defaultdict(list)  # story id -> reuse between its articles
    for item in reuse:
        first, second = (story_of.get(aid) for aid in item.articles)
        if first is not None and first == second:
            reuse_in[first].append(item)
    context = _RunContext(
        articles=by_id, annotations=annotated, extracted=extracted, dates=dates, families=family_of,
        outlets=outlets, directory=settings.outlets, versions=version_facts,
    )  # fmt: skip
    jobs: list[_StoryJob] = []
    facts_so_far: dict[str, list[list[Fact]]] = {}  # storyline id -> facts of each earlier story
    for story in sorted(clustering.stories, key=lambda s: (s.period_start or dt.date.max, s.id)):
        earlier = facts_so_far.setdefault(story.storyline, [])
        jobs.append(
            _StoryJob(
                story=story,
                # A worker gets only its story's records, not the whole run's.
                run=(
                    context
                    if executor is None
                    else context.only(story.article_ids, (f.article for facts in earlier for f in facts))
                ),
                reuse=tuple(reuse_in[story.id]),
                earlier=tuple(tuple(facts) for facts in earlier),
            )
        )
        earlier.append([f for aid in story.article_ids for f in extracted[aid].facts])
    stories: list[ExportStory] = []
    for _, built in _run(executor, _build_story_job, [[job] for job in jobs]):
        stories.extend(built)
        if progress is not None:
            progress("Building stories", 1, len(jobs))

    return Digest(
        articles=unique,
        problems=tuple(problems),
        annotations=annotated,
        extractions=fresh,
        revisions={aid: article_revisions(by_id[aid], found) for aid, found in known_versions.items()},
        version_extractions=fresh_versions,
        duplicate_of={d.article: d.duplicate_of for d in duplicates},
        estimates={
            aid: PublishedEstimate(
                date=e.date.isoformat(),
                earliest=e.earliest.isoformat(),
                latest=e.latest.isoformat(),
                basis=e.basis,
            )
            for aid, e in clustering.estimates.items()
        },
        story_of=story_of,
        story_reasons={
            aid: StoryReason(
                similarity=round(m.similarity, 3),
                shared_entities=m.shared_entities,
                days_from_first=m.days_from_first,
                corrected=aid in clustering.corrected,
            )
            for aid, m in clustering.explanations.items()
        },
        stories=tuple(stories),
        storylines=tuple(
            ExportStoryline(
                id=line.id,
                title=line.title,
                stories=line.story_ids,
                reason=line.reason,
                claims=compare_storyline_claims(
                    facts_so_far.get(line.id, []), dates=dates, families=family_of, outlets=outlets
                ),
            )
            for line in clustering.storylines
        ),
    )


def _annotate_all(
    articles: Sequence[Article],
    annotator: Annotator,
    given: Mapping[str, Annotation],
    executor: Executor | None,
    progress: Progress | None,
) -> dict[str, Annotation]:
    """Every article's annotation: the given ones made by this annotator's model, the rest computed."""
    annotated = {aid: ann for aid, ann in given.items() if ann.model == annotator.model_name}
    missing = [a for a in articles if a.id not in annotated]
    for chunk, done in _run(executor, annotator.annotate, _chunks(missing, ANNOTATE_CHUNK)):
        annotated.update((ann.article_id, ann) for ann in done)
        if progress is not None:
            progress("Annotating", len(chunk), len(missing))
    return annotated


def _extract_all(
    articles: Sequence[Article],
    annotated: Mapping[str, Annotation],
    dates: Mapping[str, dt.date | None],
    annotator: Annotator,
    cached: Mapping[str, tuple[str, str]] | None,
    executor: Executor | None,
    progress: Progress | None,
) -> tuple[dict[str, _ArticleExtraction], dict[str, tuple[str, str]]]:
    """Every article's extraction, from ``cached`` where its key still holds; and the freshly computed
    ones as (key, record JSON) for the cache. With no cache (None), nothing is keyed or serialized.
    An article to extract that ``annotated`` lacks is annotated here first (only those)."""
    extracted: dict[str, _ArticleExtraction] = {}
    keying = cached is not None
    keys = {a.id: extraction_key(a, dates[a.id], annotator.model_name) for a in articles} if keying else {}
    for aid, (key, record) in (cached or {}).items():
        if keys.get(aid) != key:
            continue
        try:
            extracted[aid] = from_plain(_ArticleExtraction, json.loads(record), f"extraction of {aid}")
        except ValueError as exc:  # a damaged cache entry (RecordShapeError and JSON errors): redo it
            LOGGER.warning("cached extraction of %s is unreadable (%s); extracting again", aid, exc)
    missing = [a for a in articles if a.id not in extracted and a.id not in annotated]
    if missing:
        annotated = {**annotated, **_annotate_all(missing, annotator, {}, executor, None)}
    todo = [(a, annotated[a.id], dates[a.id]) for a in articles if a.id not in extracted]
    fresh: dict[str, tuple[str, str]] = {}
    work = _chunks(todo, EXTRACT_CHUNK)
    for items, results in _run(executor, functools.partial(_extract_articles, annotator), work):
        for (article, _, _), found in zip(items, results, strict=True):
            extracted[article.id] = found
            if keying:
                fresh[article.id] = (keys[article.id], json.dumps(to_plain(found), ensure_ascii=False))
        if progress is not None:
            progress("Extracting", len(items), len(todo))
    return extracted, fresh


@dataclass(frozen=True, slots=True, kw_only=True)
class _RunContext:
    """What every story of one run draws on: the articles and their per-article stage results."""

    articles: Mapping[str, Article]
    annotations: Mapping[str, Annotation]
    extracted: Mapping[str, _ArticleExtraction]
    dates: Mapping[str, dt.date | None]  # stated or estimated publication date
    families: Mapping[str, str]  # article id -> source family id
    outlets: Mapping[str, str]
    directory: OutletDirectory | None = None  # the user's outlet list, to profile coverage
    versions: Mapping[str, tuple[VersionFacts, ...]] = field(default_factory=dict)  # earlier versions' facts

    def only(self, article_ids: Sequence[str], cited: Iterable[str] = ()) -> _RunContext:
        """The records of ``article_ids`` only, plus the dates and outlets of ``cited`` (the articles of
        earlier stories whose facts the story's claims compare with)."""
        known = {*article_ids, *cited}
        return _RunContext(
            articles={aid: self.articles[aid] for aid in article_ids},
            annotations={aid: self.annotations[aid] for aid in article_ids},
            extracted={aid: self.extracted[aid] for aid in article_ids},
            dates={aid: self.dates[aid] for aid in known if aid in self.dates},
            families={aid: self.families[aid] for aid in article_ids},
            outlets={aid: self.outlets[aid] for aid in known if aid in self.outlets},
            directory=self.directory,
            versions={aid: self.versions[aid] for aid in article_ids if aid in self.versions},
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class _StoryJob:
    """One story to build, with what it draws on: picklable, so a worker process can build it."""

    story: Story
    run: _RunContext
    reuse: tuple[Reuse, ...]
    earlier: tuple[tuple[Fact, ...], ...]  # facts of each earlier story of its storyline


def _build_story_job(jobs: Sequence[_StoryJob]) -> list[ExportStory]:
    """Build the stories of ``jobs`` (the unit of work sent to an executor)."""
    return [_build_story(job.story, job.run, reuse=job.reuse, earlier=job.earlier) for job in jobs]


def _build_story(
    story: Story, run: _RunContext, *, reuse: Sequence[Reuse], earlier: Sequence[Sequence[Fact]]
) -> ExportStory:
    """Run the story-level stages (entities, quotes, timeline, claims, summary) and consolidate."""
    members = [run.articles[aid] for aid in story.article_ids]
    ids = story.article_ids
    family = {aid: run.families[aid] for aid in ids}
    dates = {aid: run.dates[aid] for aid in ids}
    sentences = {aid: run.annotations[aid].sentences for aid in ids}
    entities = merge_entities(run.extracted[aid].entities for aid in ids)
    facts = [f for aid in ids for f in run.extracted[aid].facts]
    claims = compare_claims(
        facts,
        dates=run.dates,
        families=family,
        earlier=[f for facts in earlier for f in facts],
        outlets=run.outlets,
        versions=[v for aid in ids for v in run.versions.get(aid, ())],
    )
    summary = summarize_story(members, sentences, dates=dates, families=family)
    return consolidate_story(
        StoryParts(
            story=story,
            dates=dates,
            summary=qualify_summary(summary, claims, family, facts),
            entities=entities.entities,
            entity_ids=entities.ids,
            quotes=canonicalize_quotes(
                [q for aid in ids for q in run.extracted[aid].quotes.quotes],
                dates,
                families=family,
                entities=entities,
            ),
            timeline=build_timeline(
                members,
                {aid: run.extracted[aid].timexes for aid in ids},
                sentences,
                dates,
                families=family,
            ),
            claims=claims,
            reuse=tuple(reuse),
            coverage=story_coverage(
                members, dates=dates, families=family, reuse=reuse, outlets=run.directory
            ),
        )
    )


# Reuse links two articles into one story only through a statement-sized passage (~40 words): shared
# stock phrases and boilerplate lines are one sentence long. Measured on bench.synth (seed 1, 400
# articles): the longest passage two articles of different stories share is 78 characters at the median
# and 197 at the 99th percentile (its filler sentences come from templates), while inserted statements
# are 270-460; before this filter, templated filler merged 25 true stories into 2.
STORY_LINK_MIN_PASSAGE_CHARS = 250


def _is_story_link(reuse: Reuse) -> bool:
    """True when two articles share a passage long enough to say they cover the same story."""
    return max((len(p.text) for p in reuse.passages), default=0) >= STORY_LINK_MIN_PASSAGE_CHARS


_WORK_KINDS = frozenset(
    {"song", "album", "film", "book", "show", "unknown"}
)  # titles of works, not scare quotes


@dataclass(frozen=True, slots=True, kw_only=True)
class _ArticleExtraction:
    """What the per-article extractors found in one article."""

    entities: tuple[Entity, ...]
    quotes: QuoteExtraction
    timexes: tuple[Timex, ...]
    facts: tuple[Fact, ...]


def extraction_key(article: Article, anchor: dt.date | None, model_name: str) -> str:
    """What a per-article extraction depends on, hashed: the article as read, the date its relative
    expressions are anchored on, the annotation model and this package's code."""
    content = json.dumps(to_plain(article), ensure_ascii=False, sort_keys=True)
    basis = "\n".join((code_fingerprint(), model_name, anchor.isoformat() if anchor else "-", content))
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:24]


def _features_all(
    articles: Sequence[Article], annotated: Mapping[str, Annotation], executor: Executor
) -> dict[str, ArticleFeatures]:
    """The clustering features of every article, computed on ``executor`` (a pure function per article)."""
    work = _chunks([(a, annotated.get(a.id)) for a in articles], EXTRACT_CHUNK)
    found: dict[str, ArticleFeatures] = {}
    for items, results in _run(executor, _article_features, work):
        found.update((article.id, result) for (article, _), result in zip(items, results, strict=True))
    return found


def _article_features(items: Sequence[tuple[Article, Annotation | None]]) -> list[ArticleFeatures]:
    """Clustering features of each (article, annotation) of ``items`` (the unit of work for an executor)."""
    return [extract_features(article, annotation) for article, annotation in items]


def _version_facts(
    articles: Mapping[str, Article],
    versions: Mapping[str, Sequence[ArticleVersion]],
    dates: Mapping[str, dt.date | None],
    annotator: Annotator,
    cached: Mapping[tuple[str, int], tuple[str, str]] | None,
    executor: Executor | None,
) -> tuple[dict[str, tuple[VersionFacts, ...]], dict[tuple[str, int], tuple[str, str]]]:
    """The facts each earlier version of an article stated (extracted like an article, at the article's
    date), from ``cached`` where its key still holds; and the freshly computed extractions for the cache."""
    texts: list[tuple[str, Article, ArticleVersion]] = []
    for aid, found in sorted(versions.items()):
        for version in found:
            pid = f"{aid}#v{version.version}"
            texts.append(
                (
                    aid,
                    dataclasses.replace(articles[aid], id=pid, title=version.title, text=version.text),
                    version,
                )
            )
    anchors = {article.id: dates[aid] for aid, article, _ in texts}
    by_pseudo = {f"{aid}#v{version}": record for (aid, version), record in (cached or {}).items()}
    pseudo = [article for _, article, _ in texts]
    extracted, fresh = _extract_all(
        pseudo, {}, anchors, annotator, by_pseudo if cached is not None else None, executor, None
    )
    result: dict[str, list[VersionFacts]] = defaultdict(list)
    for aid, article, version in texts:
        result[aid].append(
            VersionFacts(
                article=aid,
                replaced_at=version.replaced_at,
                facts=tuple(dataclasses.replace(f, article=aid) for f in extracted[article.id].facts),
            )
        )
    keyed = {
        (aid, version.version): fresh[article.id] for aid, article, version in texts if article.id in fresh
    }
    return {aid: tuple(found) for aid, found in result.items()}, keyed


def _extract_articles(
    annotator: Annotator, items: Sequence[tuple[Article, Annotation, dt.date | None]]
) -> list[_ArticleExtraction]:
    """Run the per-article extractors on each (article, annotation, anchor date) of ``items``."""
    return [_extract_article(article, annotation, anchor, annotator) for article, annotation, anchor in items]


def _extract_article(
    article: Article, annotation: Annotation, anchor: dt.date | None, annotator: Annotator
) -> _ArticleExtraction:
    """Run the per-article extractors: entities, quotes and titles, temporal expressions, facts."""
    quotes = extract_quotes(article, annotation, parser=annotator.parse)
    return _ArticleExtraction(
        entities=article_entities(article, annotation),
        quotes=quotes,
        timexes=extract_timexes(article.text, anchor, sentences=annotation.sentences),
        facts=extract_facts(
            article,
            annotation,
            anchor=anchor,
            titles=[(t.text, t.span) for t in quotes.titles if t.kind in _WORK_KINDS],
        ),
    )


INGEST_BATCH = 200  # articles per transaction: a killed ingest loses at most one batch, which a re-run redoes


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestReport:
    """What one ``ingest`` run did."""

    read: int  # articles read from the inputs (a re-read article counts)
    new: int  # articles that were not in the store before
    total: int  # articles in the store after the run
    problems: tuple[Problem, ...]
    articles: tuple[str, ...] = ()  # with keep_ids: the ids of the articles read, in reading order, once


def ingest(
    paths: Sequence[str],
    settings: Settings,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    annotator: Annotator | None = None,
    executor: Executor | None = None,
    keep_ids: bool = False,
) -> IngestReport:
    """Read inputs into the store at ``settings.db_path`` and annotate them, in atomic batches.

    Each batch's articles and their annotations are written in one transaction, so re-running the same
    ingest changes nothing, and an ingest killed halfway leaves every finished batch stored and a re-run
    completes the rest. Articles already annotated by the current model are not annotated again.
    With an ``executor``, each batch's annotation is spread over its workers. ``keep_ids`` lists the ids
    read in the report (off by default: a dump of millions of articles would hold them all).
    """
    with open_store(settings.db_path) as store:
        return ingest_items(
            read_inputs(paths, settings, stdin=stdin),
            store,
            progress=progress,
            annotator=annotator,
            executor=executor,
            keep_ids=keep_ids,
        )


def ingest_items(
    items: Iterable[Article | Problem],
    store: StoreBackend,
    *,
    progress: Progress | None = None,
    annotator: Annotator | None = None,
    executor: Executor | None = None,
    keep_ids: bool = False,
) -> IngestReport:
    """Store already-read articles and problems and annotate the articles, in atomic batches.

    :func:`ingest` calls it on what its inputs hold, :func:`storyline.watch.watch_once` on a fetched feed.
    """
    read_count = new = 0
    problems: list[Problem] = []
    batch: list[Article] = []
    seen: dict[str, None] = {}  # ids read, in order
    annotator = annotator or Annotator()

    def flush() -> int:
        cached = store.annotations([a.id for a in batch], annotator.model_name)
        todo = _chunks([a for a in batch if a.id not in cached], ANNOTATE_CHUNK)
        fresh = [ann for _, done in _run(executor, annotator.annotate, todo) for ann in done]
        with store.transaction():
            added = store.upsert_articles(batch)
            store.put_annotations(fresh)
        batch.clear()
        return added

    for item in items:
        if isinstance(item, Problem):
            problems.append(item)
            with store.transaction():
                store.add_problems([item])
        else:
            batch.append(item)
            read_count += 1
            if keep_ids:
                seen[item.id] = None
            if len(batch) >= INGEST_BATCH:
                new += flush()
        if progress is not None:
            progress("Ingesting", 1, None)
    if batch:
        new += flush()
    return IngestReport(
        read=read_count, new=new, total=store.count_articles(), problems=tuple(problems), articles=tuple(seen)
    )


def stored_digest(
    settings: Settings,
    *,
    annotator: Annotator | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> Digest:
    """Run every stage after ingest over the stored articles, using (and filling) the caches of
    annotations and per-article extractions.

    The corrections recorded in the store are applied to the stories.
    """
    annotator = annotator or Annotator()
    with _open_existing(settings) as store:
        articles = store.articles()
        problems = store.problems()
        ids = [a.id for a in articles]
        cached = store.annotations(ids, annotator.model_name)
        corrections = [recorded.correction for recorded in store.corrections()]
        result = digest_articles(
            articles,
            problems,
            settings,
            annotator=annotator,
            annotations=cached,
            corrections=corrections,
            extractions=store.extractions(ids),
            versions=store.article_versions(ids),
            version_extractions=store.version_extractions(ids),
            executor=executor,
            progress=progress,
        )
        fresh = [ann for aid, ann in result.annotations.items() if aid not in cached]
        try:
            with store.transaction():
                if fresh:
                    store.put_annotations(fresh)
                if result.extractions:
                    rows = ((aid, key, record) for aid, (key, record) in result.extractions.items())
                    store.put_extractions(rows)
                if result.version_extractions:
                    store.put_version_extractions(
                        (aid, version, key, record)
                        for (aid, version), (key, record) in result.version_extractions.items()
                    )
        except StorageError as exc:  # a read-only file or role: the result stands, only the cache is lost
            LOGGER.warning("cannot keep the annotation and extraction caches: %s", exc)
    return result


def stored_export(
    settings: Settings,
    *,
    annotator: Annotator | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> ExportDocument:
    """The export of the stored articles: computed by :func:`stored_digest` once, then read from the store.

    The computed export is kept in the store under a key made of the store's revision (raised by every
    change to its articles or problems), the annotation model and a fingerprint of this package's code,
    so a later call returns it without recomputing until one of those changes.
    """
    annotator = annotator or Annotator()
    with _open_existing(settings) as store:
        revision = store.revision()
        key = _export_key(revision, annotator.model_name, settings)
        cached = store.cached_export(key)
    if cached is not None:
        LOGGER.info(
            "%s: export of revision %d read from the store", mask_password(settings.db_path), revision
        )
        return parse_export(cached, f"{mask_password(settings.db_path)} (stored export)")
    document = build_export(
        stored_digest(settings, annotator=annotator, executor=executor, progress=progress)
    )
    try:
        with open_store(settings.db_path) as store:
            store.put_export(key, to_json(document), revision)
    except StorageError as exc:  # a read-only file or role: serve the document, recompute next time
        LOGGER.warning("cannot keep the computed export: %s", exc)
    return document


def _export_key(revision: int, model_name: str, settings: Settings) -> str:
    """The key a computed export is stored under: what it was computed from and by which code."""
    outlets = settings.outlets.fingerprint if settings.outlets is not None else "-"
    return f"r{revision}:{model_name}:{code_fingerprint()}:outlets-{outlets}"


@functools.cache
def code_fingerprint() -> str:
    """A short hash of this package's Python source: any code change makes stored exports stale."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def record_correction(
    settings: Settings,
    kind: CorrectionKind,
    ids: Sequence[str],
    *,
    to: str | None = None,
    annotator: Annotator | None = None,
    progress: Progress | None = None,
) -> RecordedCorrection:
    """Record a correction to the stored stories, naming stories (``s-…``) or articles (``a-…``).

    A story stands for all its current articles (the anchor of a move: its first article), so the
    correction keeps its meaning when the stories are recomputed. The next :func:`stored_export` applies
    it (see :mod:`storyline.cluster.corrections`).

    Raises:
        NotFound: an id is neither a current story nor a stored article.
        ConfigError: the correction is malformed (e.g. a move without ``to``).
    """
    document = stored_export(settings, annotator=annotator, progress=progress)
    members = {story.id: story.articles for story in document.stories}
    stored = {article.id for article in document.articles}

    def articles_of(item: str) -> tuple[str, ...]:
        if item in members:
            return members[item]
        if item in stored:
            return (item,)
        raise NotFound(f"no story or article has the id {item!r}; `storyline stories` lists the stories")

    articles = tuple(dict.fromkeys(aid for item in ids for aid in articles_of(item)))
    anchor = None if to is None else articles_of(to)[0]
    if anchor is not None:
        articles = tuple(aid for aid in articles if aid != anchor)
    correction = Correction(kind=kind, articles=articles, anchor=anchor)
    with open_store(settings.db_path) as store:
        number = store.add_correction(correction)
        return next(r for r in store.corrections() if r.number == number)


def stored_corrections(settings: Settings) -> list[RecordedCorrection]:
    """Every correction recorded in the store, in the order it was made."""
    with _open_existing(settings) as store:
        return store.corrections()


def remove_correction(settings: Settings, number: int) -> None:
    """Forget correction ``number``; the next export no longer applies it.

    Raises:
        NotFound: no correction has that number.
    """
    with _open_existing(settings) as store:
        store.remove_correction(number)


def stored_revision(settings: Settings) -> int:
    """The store's revision: raised by every change to its articles, problems or corrections."""
    with _open_existing(settings) as store:
        return store.revision()


def stored_feed_states(settings: Settings) -> list[FeedState]:
    """What `storyline watch` last saw of each feed, by URL."""
    with _open_existing(settings) as store:
        return store.feed_states()


def stored_articles(settings: Settings) -> list[Article]:
    """Every article in the store, dated first in date order, then undated by id."""
    with _open_existing(settings) as store:
        return store.articles()


def stored_problems(settings: Settings) -> list[Problem]:
    """Every problem recorded in the store, sorted."""
    with _open_existing(settings) as store:
        return store.problems()


def _open_existing(settings: Settings) -> StoreBackend:
    """Open the store for reading; a missing database file is an error, not a new empty database."""
    if is_postgres_url(settings.db_path):  # a server database: opening it reports if it is missing
        return open_store(settings.db_path)
    if settings.db_path != ":memory:" and not Path(settings.db_path).is_file():
        raise StorageError(
            f"{settings.db_path}: no such database "
            f"(run `storyline ingest PATH --db {settings.db_path}` first)"
        )
    return open_store(settings.db_path)
