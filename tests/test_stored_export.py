"""The computed export is kept in the store and reused until the stored articles change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline import pipeline
from storyline.annotate import Annotator
from storyline.config import Settings
from storyline.errors import ParseError
from storyline.export import build_export, parse_export, to_json
from storyline.models import Article

FIRST = """ date 2025-03-14
 outlet Bayside Courier
Lantern festival moved after storm warning

The Corran Bay lantern festival will open on Sunday instead of Saturday, organisers said on Friday.
"We would rather lose a day than lose a lantern boat," said Ilse Marrow, who chairs the festival board.
"""

SECOND = """ date 2025-03-15
 outlet Tidewater Post
Corran Bay festival delayed by a day

Organisers of the Corran Bay lantern festival pushed the opening back to Sunday because of the storm.
"We would rather lose a day than lose a lantern boat," Ilse Marrow told reporters.
"""

LATER = """ date 2025-03-16
 outlet Bayside Courier
Corran Bay lanterns finally float

Three hundred lantern boats crossed Corran Bay on Sunday evening, a day later than planned.
"""


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


@pytest.fixture
def settings(tmp_path: Path, annotator: Annotator) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "first.txt").write_text(FIRST, encoding="utf-8")
    (corpus / "second.txt").write_text(SECOND, encoding="utf-8")
    settings = Settings(db_path=str(tmp_path / "news.db"))
    pipeline.ingest([str(corpus)], settings, annotator=annotator)
    return settings


def test_stored_export_is_the_export_of_the_stored_digest(settings: Settings, annotator: Annotator) -> None:
    expected = to_json(build_export(pipeline.stored_digest(settings, annotator=annotator)))
    assert to_json(pipeline.stored_export(settings, annotator=annotator)) == expected
    # The second call reads what the first stored, and gives the same document.
    assert to_json(pipeline.stored_export(settings, annotator=annotator)) == expected


def test_a_stored_export_is_reused_until_the_articles_change(
    settings: Settings, annotator: Annotator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = pipeline.stored_export(settings, annotator=annotator)
    assert [a.outlet for a in first.articles] == ["Bayside Courier", "Tidewater Post"]

    def no_recomputing(*args: object, **kwargs: object) -> pipeline.Digest:
        raise AssertionError("the stored export should have been used")

    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "stored_digest", no_recomputing)
        assert pipeline.stored_export(settings, annotator=annotator) == first

    later = tmp_path / "later.txt"
    later.write_text(LATER, encoding="utf-8")
    pipeline.ingest([str(later)], settings, annotator=annotator)
    updated = pipeline.stored_export(settings, annotator=annotator)
    assert [a.title for a in updated.articles] == [
        "Lantern festival moved after storm warning",
        "Corran Bay festival delayed by a day",
        "Corran Bay lanterns finally float",
    ]


def test_parse_export_names_the_input_and_the_field() -> None:
    with pytest.raises(ParseError) as not_json:
        parse_export("{", "saved.json")
    assert str(not_json.value) == (
        "saved.json: not JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"
    )
    with pytest.raises(ParseError) as wrong_schema:
        parse_export('{"schema": "storyline.export/2"}', "saved.json")
    assert str(wrong_schema.value) == (
        "saved.json: document.schema: expected one of 'storyline.export/1', found 'storyline.export/2'"
    )

    with pytest.raises(ParseError) as missing:
        parse_export('{"schema": "storyline.export/1", "articles": [{"id": 7}]}', "saved.json")
    assert str(missing.value) == "saved.json: document.articles[0].id: expected str, found a number"


def _fields(article: Article) -> dict[str, object]:
    return {name: getattr(article, name) for name in article.__dataclass_fields__}


def test_per_article_extractions_are_cached_and_redone_only_when_stale(
    settings: Settings, annotator: Annotator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = pipeline.stored_digest(settings, annotator=annotator)
    assert sorted(first.extractions) == sorted(a.id for a in first.articles)  # all computed, all stored
    extracted: list[str] = []
    original = pipeline._extract_articles

    def counting(annotator: Annotator, items: Any) -> Any:
        extracted.extend(article.id for article, _, _ in items)
        return original(annotator, items)

    monkeypatch.setattr(pipeline, "_extract_articles", counting)
    again = pipeline.stored_digest(settings, annotator=annotator)
    assert (extracted, dict(again.extractions)) == ([], {})
    assert to_json(build_export(again)) == to_json(build_export(first))

    # A corrected copy of an article (no URL, so its id comes from its text: a new article) is
    # extracted; the articles already stored are not.
    corrected = tmp_path / "corpus" / "second.txt"
    corrected.write_text(SECOND.replace("told reporters", "told the Courier"), encoding="utf-8")
    pipeline.ingest([str(corrected)], settings, annotator=annotator)
    third = pipeline.stored_digest(settings, annotator=annotator)
    known = {a.id for a in first.articles}
    changed = [a.id for a in third.articles if a.id not in known]
    assert len(changed) == 1
    assert (extracted, sorted(third.extractions)) == (changed, changed)


def test_stale_or_damaged_cached_extractions_are_redone(annotator: Annotator, tmp_path: Path) -> None:
    (tmp_path / "first.txt").write_text(FIRST, encoding="utf-8")
    read = pipeline.read([str(tmp_path / "first.txt")], Settings())
    (article,) = read.articles
    fresh = pipeline.digest_articles(read.articles, (), Settings(), annotator=annotator, extractions={})
    assert pipeline.digest_articles(read.articles, (), Settings(), annotator=annotator).extractions == {}
    key, record = fresh.extractions[article.id]
    for given in ({article.id: ("stale", record)}, {article.id: (key, '{"quotes": 7}')}):
        redone = pipeline.digest_articles(
            read.articles, (), Settings(), annotator=annotator, extractions=given
        )
        assert redone.extractions == {article.id: (key, record)}
        assert to_json(build_export(redone)) == to_json(build_export(fresh))


def test_a_store_that_cannot_be_written_still_gets_its_export(
    settings: Settings,
    annotator: Annotator,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A read-only database (file or role): the caches are not kept, the stories are still served."""
    from storyline.errors import StorageError
    from storyline.store import Store

    reason = f"{settings.db_path}: cannot write: attempt to write a readonly database"

    def refuse(self: Store, *args: object) -> None:
        raise StorageError(reason)

    expected = to_json(build_export(pipeline.stored_digest(settings, annotator=annotator)))
    monkeypatch.setattr(Store, "put_export", refuse)
    monkeypatch.setattr(Store, "put_extractions", refuse)
    assert to_json(pipeline.stored_export(settings, annotator=annotator)) == expected
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings[-1] == f"cannot keep the computed export: {reason}"
