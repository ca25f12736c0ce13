"""Tests of what is PostgreSQL's own in the store: URLs and masked passwords, connection errors, NUL text,
the integrity check, schemas, the factory, and several processes writing or migrating one database at once.

The behaviour both backends share is tested in tests/test_store_contract.py; the server is the throwaway
cluster of tests/conftest.py.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path
from queue import Empty
from typing import Any

import pytest

from storyline.errors import StorageError
from storyline.ids import make_id
from storyline.models import Annotation, Article, Problem
from storyline.store import MIGRATIONS
from storyline.store.backend import StoreBackend, is_postgres_url, open_store

psycopg = pytest.importorskip("psycopg", reason="the PostgreSQL driver psycopg is not installed")

from storyline.store.postgres import (  # noqa: E402 - only importable with psycopg installed
    POSTGRES_MIGRATIONS,
    PostgresMigration,
    PostgresStore,
    mask_password,
)

OUTLETS = ("Harbor Gazette", "Valley Courier", "Ridge Herald", "Lantern Daily")
# Articles each concurrent writer ingests, and how many per transaction: enough transactions (20 each)
# for the two writers to interleave many times, few enough to finish in about a second.
CONCURRENT_ARTICLES = 200
CONCURRENT_BATCH = 10
# Seconds a child process may take before the test gives up on it (it needs about one).
CHILD_TIMEOUT_SECONDS = 60


def _with_password(url: str, password: str = "tide-secret") -> str:
    """Return the test cluster's URL with a password in it (trust authentication ignores it)."""
    return url.replace("://storyline@", f"://storyline:{password}@", 1)


def _masked(url: str) -> str:
    """Return the test cluster's URL as a store names it when a password was given."""
    return url.replace("://storyline@", "://storyline:***@", 1)


# -- URLs and the factory ------------------------------------------------------------------------------


def test_mask_password_hides_every_form_of_password() -> None:
    assert mask_password("postgresql://news:s3cr%40t@db.example:5432/storyline") == (
        "postgresql://news:***@db.example:5432/storyline"
    )
    assert mask_password("postgres://news@db.example/storyline") == "postgres://news@db.example/storyline"
    assert mask_password("postgresql:///storyline?host=/run/postgresql&password=tide&sslmode=require") == (
        "postgresql:///storyline?host=/run/postgresql&password=***&sslmode=require"
    )
    assert mask_password("postgresql://a:b@h1:5432,h2:5433/db") == "postgresql://a:***@h1:5432,h2:5433/db"
    assert mask_password("postgresql://db.example/storyline") == "postgresql://db.example/storyline"
    assert (
        mask_password("host=db.example password='ti de' dbname=news")
        == "host=db.example password=*** dbname=news"
    )
    assert mask_password("host=db.example password=tide") == "host=db.example password=***"
    # Typed without percent-encoding, and upper-case parameter names: still hidden.
    assert (
        mask_password("postgresql://news:pa/ss?w@db.example/storyline")
        == "postgresql://news:***@db.example/storyline"
    )
    assert mask_password("postgresql://db.example/storyline?PASSWORD=tide") == (
        "postgresql://db.example/storyline?PASSWORD=***"
    )
    assert mask_password("host=db.example PASSWORD=tide") == "host=db.example PASSWORD=***"


def test_open_store_picks_the_backend_by_the_location(postgres_url: str, tmp_path: Path) -> None:
    assert [is_postgres_url(x) for x in ("postgresql://h/db", "POSTGRES://h/db", "news.db", ":memory:")] == [
        True,
        True,
        False,
        False,
    ]
    stores: list[StoreBackend] = [
        open_store(postgres_url),
        open_store(postgres_url.replace("postgresql://", "postgres://", 1)),
        open_store(str(tmp_path / "news.db")),
        open_store(":memory:"),
    ]
    try:
        assert [type(store).__name__ for store in stores] == [
            "PostgresStore",
            "PostgresStore",
            "Store",
            "Store",
        ]
        assert stores[0].upsert_articles([_article(0)]) == 1
        assert stores[1].article_ids() == {_article(0).id}  # the same database
        assert [store.pending() for store in stores] == [[], [], [], []]
    finally:
        for store in stores:
            store.close()


def test_the_migrations_have_the_sqlite_names_in_the_same_order() -> None:
    assert [m.name for m in POSTGRES_MIGRATIONS] == [m.name for m in MIGRATIONS]


# -- opening and errors --------------------------------------------------------------------------------


def test_repr_and_messages_never_show_the_password(postgres_url: str) -> None:
    with PostgresStore(_with_password(postgres_url)) as store:
        assert repr(store) == f"PostgresStore({_masked(postgres_url)!r})"
        assert store.url == _masked(postgres_url)
        assert "tide-secret" not in repr(store)


def test_a_missing_database_is_reported_with_the_password_masked(postgres_server: str) -> None:
    url = _with_password(postgres_server.replace("/storyline_test?", "/no_such_news?", 1))
    with pytest.raises(StorageError) as raised:
        PostgresStore(url)
    socket = postgres_server.partition("host=")[2]
    assert str(raised.value) == (
        f"{_masked(postgres_server.replace('/storyline_test?', '/no_such_news?', 1))}: cannot open the"
        f' database: connection failed: connection to server on socket "{socket}/.s.PGSQL.5432" failed:'
        ' FATAL: database "no_such_news" does not exist'
    )


def test_an_unreachable_server_is_reported_with_the_password_masked(tmp_path: Path) -> None:
    url = f"postgresql://news:tide-secret@/storyline?host={tmp_path}"
    with pytest.raises(StorageError) as raised:
        PostgresStore(url)
    assert str(raised.value) == (
        f"postgresql://news:***@/storyline?host={tmp_path}: cannot open the database: connection is bad:"
        f' connection to server on socket "{tmp_path}/.s.PGSQL.5432" failed: No such file or directory'
        " Is the server running locally and accepting connections on that socket?"
    )


def test_a_malformed_url_is_refused() -> None:
    with pytest.raises(StorageError) as raised:
        PostgresStore("postgresql://news@/storyline?colour=blue")
    assert str(raised.value) == (
        "postgresql://news@/storyline?colour=blue: cannot open the database:"
        ' invalid URI query parameter: "colour"'
    )


def test_text_with_a_nul_character_is_refused_and_nothing_is_kept(postgres_url: str) -> None:
    with PostgresStore(postgres_url) as store:
        with pytest.raises(StorageError) as raised:
            store.upsert_articles([_article(0), Article(id="a-nul", source="x", title="T", text="a\x00b")])
        assert str(raised.value) == (
            f"{postgres_url}: cannot write articles: PostgreSQL text fields cannot contain NUL (0x00) bytes"
        )
        assert store.count_articles() == 0
        assert store.revision() == 0


# -- integrity -----------------------------------------------------------------------------------------


def test_integrity_check_reports_orphans_and_a_broken_revision_counter(postgres_url: str) -> None:
    with PostgresStore(postgres_url) as store:
        store.upsert_articles([_article(0)])
        assert store.integrity_check() == []
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            # As a superuser can: skip the foreign key check, as a restore with triggers disabled would.
            admin.execute("SET session_replication_role = replica")
            admin.execute(
                "INSERT INTO annotations (article_id, model, sentences, tokens, entities)"
                " VALUES ('a-ghost', 'm', '', '', '[]')"
            )
            admin.execute("INSERT INTO revision (value) VALUES (7)")
            # What an interrupted CREATE INDEX CONCURRENTLY leaves behind.
            admin.execute(
                "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'articles_published'::regclass"
            )
        assert store.integrity_check() == [
            "revision: expected exactly one row, found 2",
            "foreign key: row 'a-ghost' of annotations refers to a missing row of articles",
            "index articles_published is invalid (rebuild it with REINDEX)",
        ]


def test_migration_with_a_python_step_runs_after_its_statements(postgres_url: str) -> None:
    seen: list[object] = []

    def step(connection: Any) -> None:
        """Record what the step is given, and use it inside the migration's transaction."""
        row = connection.execute("SELECT count(*) FROM extra").fetchone()
        seen.append((type(connection).__name__, row[0]))

    extra = PostgresMigration(name="0007_python", statements=("CREATE TABLE extra (x integer)",), apply=step)
    with PostgresStore(postgres_url, migrations=(*POSTGRES_MIGRATIONS, extra)) as store:
        assert list(store.applied_migrations())[-1] == "0007_python"
    assert seen == [("Connection", 0)]


def test_integrity_check_of_an_unmigrated_database_is_empty(postgres_url: str) -> None:
    with PostgresStore(postgres_url, migrate=False) as store:
        assert store.integrity_check() == []


# -- schemas -------------------------------------------------------------------------------------------


def test_a_change_made_with_another_search_path_raises_the_store_schemas_revision(
    postgres_server: str, postgres_url: str
) -> None:
    schema = postgres_url.rpartition("%3D")[2]
    with PostgresStore(postgres_url) as store:
        with psycopg.connect(postgres_server, autocommit=True) as admin:  # search path: "$user", public
            admin.execute(
                f'INSERT INTO "{schema}".problems (source, error) VALUES (%s, %s)'.encode(),
                ("inbox/admin.html", "removed by hand"),
            )
        assert store.revision() == 1
        assert store.problems() == [Problem(source="inbox/admin.html", error="removed by hand")]


def test_stores_in_two_schemas_of_one_database_are_independent(postgres_url: str) -> None:
    other_url = postgres_url.rpartition("%3D")[0] + "%3Dharbor_other"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("CREATE SCHEMA harbor_other")
    with PostgresStore(postgres_url) as first, PostgresStore(other_url, busy_timeout=0.05) as second:
        with first.transaction():
            first.upsert_articles([_article(0), _article(1)])
            # The write lock is per schema: the other schema's writer is not kept waiting.
            assert second.upsert_articles([_article(2)]) == 1
        assert (first.revision(), second.revision()) == (2, 1)
        assert first.article_ids() == {_article(0).id, _article(1).id}
        assert second.article_ids() == {_article(2).id}


# -- several processes ---------------------------------------------------------------------------------


def _article(i: int, *, author: str | None = None, outlet: str | None = None) -> Article:
    """Return invented article ``i``; ``author`` and ``outlet`` vary between the concurrent writers."""
    url = f"https://port-alden.example/ferry/{i}"
    return Article(
        id=make_id("a", url),
        source=f"inbox/{i}.html",
        title=f"Port Alden ferry update {i}",
        text=f"Mira Castellan spoke about ferry update {i}.",
        url=url,
        outlet=outlet,
        author=author,
        published=None if i % 7 == 0 else dt.date(2024, 1, 1) + dt.timedelta(days=i % 90),
    )


def _ingest_child(url: str, articles: list[Article], barrier: Barrier, results: Any) -> None:
    """Write ``articles`` in small transactions once both writers are ready; report how many were new."""
    with PostgresStore(url) as store:
        barrier.wait(CHILD_TIMEOUT_SECONDS)
        new = 0
        for start in range(0, len(articles), CONCURRENT_BATCH):
            batch = articles[start : start + CONCURRENT_BATCH]
            with store.transaction():
                new += store.upsert_articles(batch)
                store.add_problems([Problem(source=a.source, error="no byline") for a in batch])
        results.put(new)


def _migrate_child(url: str, barrier: Barrier, results: Any) -> None:
    """Open the store unmigrated, then migrate it at the same moment as the other process."""
    with PostgresStore(url, migrate=False) as store:
        barrier.wait(CHILD_TIMEOUT_SECONDS)
        results.put(store.migrate())


def _run_children(target: Any, args_per_child: list[tuple[Any, ...]]) -> list[Any]:
    """Run one forked process per argument tuple (each also given a shared barrier and a result queue)."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(args_per_child))
    results = context.Queue()
    children = [context.Process(target=target, args=(*args, barrier, results)) for args in args_per_child]
    for child in children:
        child.start()
    outputs = []
    try:
        for _ in children:
            outputs.append(results.get(timeout=CHILD_TIMEOUT_SECONDS))
    except Empty:
        pass
    for child in children:
        child.join(CHILD_TIMEOUT_SECONDS)
    assert [child.exitcode for child in children] == [0] * len(children)
    return outputs


def test_two_processes_ingesting_at_once_store_every_article_once_and_lose_no_update(
    postgres_url: str,
) -> None:
    PostgresStore(postgres_url).close()
    numbers = range(CONCURRENT_ARTICLES)
    # One writer knows the authors, the other the outlets, and they go through the articles in opposite
    # orders: a read-merge-write that raced would drop one of the two fields.
    authored = [_article(i, author=f"Reporter {i % 5}") for i in numbers]
    placed = [_article(i, outlet=OUTLETS[i % len(OUTLETS)]) for i in reversed(numbers)]
    new_counts = _run_children(_ingest_child, [(postgres_url, authored), (postgres_url, placed)])
    assert sum(new_counts) == CONCURRENT_ARTICLES
    with PostgresStore(postgres_url) as store:
        assert store.count_articles() == CONCURRENT_ARTICLES
        expected = {
            a.id: a for a in (_article(i, author=f"Reporter {i % 5}", outlet=OUTLETS[i % 4]) for i in numbers)
        }
        assert {a.id: a for a in store.articles()} == expected
        assert len(store.problems()) == CONCURRENT_ARTICLES
        # Each article: one insert and one merging update; each problem: one insert.
        assert store.revision() == 3 * CONCURRENT_ARTICLES
        assert store.integrity_check() == []


def test_two_processes_opening_a_fresh_database_at_once_migrate_it_once(postgres_server: str) -> None:
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute('CREATE DATABASE "storyline_fresh"')
    url = postgres_server.replace("/storyline_test?", "/storyline_fresh?", 1)
    applied = _run_children(_migrate_child, [(url,), (url,)])
    names = [m.name for m in MIGRATIONS]
    assert sorted(name for done in applied for name in done) == names
    with PostgresStore(url) as store:
        assert list(store.applied_migrations()) == names
        assert store.upsert_articles([_article(3)]) == 1
        assert store.revision() == 1


def test_two_processes_opening_fresh_schemas_at_once_migrate_each_once(postgres_url: str) -> None:
    base = postgres_url.rpartition("%3D")[0]
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        for round_ in range(3):
            admin.execute(f"CREATE SCHEMA race_{round_}".encode())
    for round_ in range(3):
        url = f"{base}%3Drace_{round_}"
        applied = _run_children(_migrate_child, [(url,), (url,)])
        assert sorted(name for done in applied for name in done) == [m.name for m in MIGRATIONS]
        with PostgresStore(url, migrate=False) as store:
            assert store.pending() == []


def _stalled_writer_child(url: str, articles: list[Article], barrier: Barrier, results: Any) -> None:
    """Commit one batch, then write the rest inside a transaction that stays open until killed."""
    with PostgresStore(url) as store:
        store.upsert_articles(articles[:CONCURRENT_BATCH])
        with store.transaction():
            store.upsert_articles(articles[CONCURRENT_BATCH:])
            results.put("in-flight")
            barrier.wait(CHILD_TIMEOUT_SECONDS)  # the parent never joins: this child is killed here


def test_a_writer_killed_inside_a_transaction_leaves_its_last_commit_and_frees_the_lock(
    postgres_url: str,
) -> None:
    PostgresStore(postgres_url).close()
    articles = [_article(i, author="Odo Brenner") for i in range(3 * CONCURRENT_BATCH)]
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(
        target=_stalled_writer_child, args=(postgres_url, articles, context.Barrier(2), results)
    )
    child.start()
    assert results.get(timeout=CHILD_TIMEOUT_SECONDS) == "in-flight"
    with PostgresStore(postgres_url, busy_timeout=0.05) as other:
        with pytest.raises(StorageError) as raised:
            other.add_problems([Problem(source="inbox/late.html", error="no text found")])
        assert str(raised.value) == (
            f"{postgres_url}: cannot start a write transaction: canceling statement due to lock timeout"
        )
    child.kill()
    child.join(CHILD_TIMEOUT_SECONDS)
    assert child.exitcode == -9
    # The server rolls the dead client's transaction back and releases its write lock.
    with PostgresStore(postgres_url, busy_timeout=CHILD_TIMEOUT_SECONDS) as store:
        assert store.article_ids() == {a.id for a in articles[:CONCURRENT_BATCH]}
        assert store.upsert_articles(articles) == 2 * CONCURRENT_BATCH
        assert store.revision() == 3 * CONCURRENT_BATCH


def test_annotations_round_trip_through_bytea(postgres_url: str) -> None:
    from storyline.models import EntityMention, TextSpan

    article = _article(5)
    annotation = Annotation(
        article_id=article.id,
        model="m-1",
        sentences=(TextSpan(0, 4294967295),),
        tokens=(TextSpan(0, 0), TextSpan(7, 9)),
        entities=(EntityMention(start=0, end=14, text="Mira Castellan — «ferry»", label="PERSON"),),
    )
    with PostgresStore(postgres_url) as store:
        store.upsert_articles([article])
        store.put_annotations([annotation])
        assert store.annotations([article.id], "m-1") == {article.id: annotation}
        with psycopg.connect(postgres_url) as reader:
            row = reader.execute("SELECT sentences, tokens FROM annotations").fetchone()
        assert row == (b"\x00\x00\x00\x00\xff\xff\xff\xff", b"\x00" * 8 + b"\x07\x00\x00\x00\x09\x00\x00\x00")


def test_the_cli_works_end_to_end_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    """ingest, stories, correct and the stored export over a PostgreSQL URL, as over a SQLite file."""
    from click.testing import CliRunner

    from storyline.cli import cli

    corpus = Path(__file__).resolve().parent.parent / "examples" / "corpus" / "text"
    sqlite = str(tmp_path / "news.db")

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    for db in (postgres_url, sqlite):
        run("ingest", str(corpus), "--db", db, "--quiet")
    on_postgres = run("stories", "--db", postgres_url, "--json", "--quiet")
    assert on_postgres == run("stories", "--db", sqlite, "--json", "--quiet")
    first = next(s for s in json.loads(on_postgres)["stories"] if len(s["articles"]) > 1)
    for db in (postgres_url, sqlite):
        run("correct", "split", first["articles"][0], "--db", db)
    after = run("stories", "--db", postgres_url, "--json", "--quiet")
    assert after == run("stories", "--db", sqlite, "--json", "--quiet")
    assert len(json.loads(after)["stories"]) == len(json.loads(on_postgres)["stories"]) + 1


def test_the_password_never_reaches_the_web_api_or_the_logs(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from fastapi.testclient import TestClient

    from storyline import pipeline
    from storyline.config import Settings
    from storyline.web import create_app

    secret_url = postgres_url.replace("://storyline@", "://storyline:Sup3rSecret@", 1)
    settings = Settings(db_path=secret_url)
    corpus = Path(__file__).resolve().parent.parent / "examples" / "corpus" / "text"
    caplog.set_level("DEBUG")
    pipeline.ingest([str(corpus)], settings)
    with TestClient(create_app(settings)) as client:
        health = client.get("/api/health").json()
        assert health["store"] == mask_password(secret_url)
        assert client.get("/").status_code == 200
    assert "Sup3rSecret" not in caplog.text
