"""The export document: its schema is generated from its types, and built documents follow it."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema

from storyline.export import build_export, to_json
from storyline.export.schema import export_schema, render_schema, shipped_schema
from storyline.export.types import PublishedEstimate
from storyline.models import Article, Problem
from storyline.pipeline import Digest


def _article(aid: str, published: dt.date | None, outlet: str = "Harbor Gazette") -> Article:
    return Article(
        id=aid,
        source=f"in/{aid}.txt",
        title=f"Title {aid}",
        text="Ferry service resumed on the north route.\n\nCrews worked overnight.",
        outlet=outlet,
        published=published,
    )


def test_shipped_schema_is_generated_from_the_types() -> None:
    assert shipped_schema() == export_schema()
    assert json.loads(render_schema()) == export_schema()


def test_schema_requires_every_field_of_the_public_spec() -> None:
    defs = export_schema()["$defs"]
    assert defs["ExportArticle"]["required"] == [
        "id",
        "source",
        "outlet",
        "title",
        "published",
        "published_estimate",
        "language",
        "words",
        "duplicate_of",
        "story",
        "story_reason",  # an addition to the spec (docs/export.md)
        "revisions",  # an addition to the spec (docs/export.md)
    ]
    assert defs["ExportStory"]["required"] == [
        "id",
        "storyline",
        "title",
        "articles",
        "period",
        "summary",
        "entities",
        "quotes",
        "timeline",
        "claims",
        "reuse",
        "coverage",  # an addition to the spec (docs/export.md)
    ]
    assert defs["ExportDocument"]["properties"]["schema"] == {"enum": ["storyline.export/1"]}


def test_build_export_sorts_and_fills_articles_and_problems() -> None:
    digest = Digest(
        articles=(
            _article("a-2", None),
            _article("a-3", dt.date(2024, 3, 9)),
            _article("a-1", dt.date(2024, 3, 8)),
        ),
        problems=(Problem(source="z.bin", error="binary"), Problem(source="a.xml", error="bad feed")),
        duplicate_of={"a-3": "a-1"},
        estimates={
            "a-2": PublishedEstimate(date="2024-03-08", earliest="2024-03-07", latest="2024-03-10", basis="b")
        },
    )
    document = build_export(digest)
    assert [a.id for a in document.articles] == ["a-1", "a-2", "a-3"]
    assert document.articles[2].duplicate_of == "a-1"
    assert document.articles[0].published == "2024-03-08"
    assert document.articles[1].published_estimate is not None
    assert document.articles[0].published_estimate is None
    assert document.articles[0].words == 10
    assert [(p.source, p.error) for p in document.problems] == [("a.xml", "bad feed"), ("z.bin", "binary")]
    payload = json.loads(to_json(document))
    jsonschema.validate(payload, shipped_schema())
    assert payload["schema"] == "storyline.export/1"
    assert payload["stories"] == []
    assert list(payload["articles"][0]) == [
        "id",
        "source",
        "outlet",
        "title",
        "published",
        "published_estimate",
        "language",
        "words",
        "duplicate_of",
        "story",
        "story_reason",  # an addition to the spec (docs/export.md)
        "revisions",  # an addition to the spec (docs/export.md)
    ]


def test_estimate_is_dropped_for_dated_articles() -> None:
    estimate = PublishedEstimate(date="2024-01-02", earliest="2024-01-01", latest="2024-01-03", basis="b")
    digest = Digest(
        articles=(_article("a-1", dt.date(2024, 3, 8)),), problems=(), estimates={"a-1": estimate}
    )
    assert build_export(digest).articles[0].published_estimate is None
