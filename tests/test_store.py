"""Tests of the SQLite store: opening, migrations, idempotent writes, reads, annotations, transactions."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import StorageError
from storyline.models import Annotation, Article, EntityMention, TextSpan
from storyline.store import MIGRATIONS, Migration, Store, merge_article
from storyline.store.codec import decode_entities, decode_spans, encode_spans
from storyline.store.migrations import quote_identifier

# Invented outlets, people and events (shared with the backend contract suite).
from tests.test_store_contract import HARBOR, VALLEY


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


def test_migration_with_a_python_step_runs_after_its_statements(db_path: Path) -> None:
    calls: list[str] = []
    step = Migration(
        name="0007_python",
        statements=("CREATE TABLE extra (x)",),
        apply=lambda connection: calls.append(type(connection).__name__),
    )
    with Store(db_path, migrations=(*MIGRATIONS, step)) as store:
        assert store.pending() == []
    assert calls == ["Connection"]


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


# -- articles ------------------------------------------------------------------------------------------


def test_derived_title_never_replaces_a_real_one() -> None:
    derived = replace(HARBOR, title="Ferry crews in Port Alden voted", title_derived=True, source="b.txt")
    assert merge_article(HARBOR, derived) == replace(HARBOR, source="b.txt")
    # …but a real title replaces a derived one.
    assert merge_article(derived, HARBOR) == HARBOR


# -- problems ------------------------------------------------------------------------------------------


# -- annotations ---------------------------------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("driver", "modules"),
    [("sqlite3", ["store/migrations.py", "store/sqlite.py"]), ("psycopg", ["store/postgres.py"])],
)
def test_only_the_store_imports_the_database_drivers(driver: str, modules: list[str]) -> None:
    package = Path(__file__).resolve().parent.parent / "storyline"
    importers = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module is not None:
                names = [node.module]
            if any(name.split(".")[0] == driver for name in names):
                importers.append(path.relative_to(package).as_posix())
    assert sorted(set(importers)) == modules


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
