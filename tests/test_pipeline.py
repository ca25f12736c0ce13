"""End to end on the demo corpus: the pipeline recovers what examples/truth.json says a reader would find."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from storyline.annotate import Annotator
from storyline.config import Settings
from storyline.export import build_export, parse_export, to_json
from storyline.export.schema import shipped_schema
from storyline.export.types import ExportDocument
from storyline.pipeline import Digest, digest, digest_articles

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CORPUS = EXAMPLES / "corpus"
TRUTH: dict[str, Any] = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


@pytest.fixture(scope="module")
def demo(annotator: Annotator) -> Digest:
    result = digest([str(CORPUS)], Settings())
    return digest_articles(result.articles, result.problems, Settings(), annotator=annotator)


@pytest.fixture(scope="module")
def document(demo: Digest) -> ExportDocument:
    return build_export(demo)


@pytest.fixture(scope="module")
def key_of(demo: Digest) -> dict[str, str]:
    """Our article id -> the truth's article key, matched on the source path."""
    by_source = {f"{CORPUS}/{a['source']}": a["key"] for a in TRUTH["articles"]}
    return {a.id: by_source[a.source] for a in demo.articles}


def _partition(groups: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(members) for members in groups.values()}


def test_export_is_valid_json_of_the_schema(document: ExportDocument) -> None:
    jsonschema.validate(json.loads(to_json(document)), shipped_schema())


def test_the_export_reads_back_into_the_same_records(document: ExportDocument) -> None:
    assert parse_export(to_json(document)) == document


def test_every_input_is_an_article_or_a_problem(document: ExportDocument) -> None:
    assert len(document.articles) == len(TRUTH["articles"])
    assert sorted(p.source for p in document.problems) == sorted(
        f"{CORPUS}/{p['source']}" for p in TRUTH["problems"]
    )


def test_stories_are_the_true_events(document: ExportDocument, key_of: dict[str, str]) -> None:
    ours = _partition({s.id: [key_of[a] for a in s.articles] for s in document.stories})
    truth = _partition({k: s["articles"] for k, s in TRUTH["stories"].items()})
    assert ours == truth


def test_storylines_link_the_follow_ups(document: ExportDocument, key_of: dict[str, str]) -> None:
    story_keys = {s.id: frozenset(key_of[a] for a in s.articles) for s in document.stories}
    truth_story = {frozenset(s["articles"]): k for k, s in TRUTH["stories"].items()}
    ours = {frozenset(truth_story[story_keys[sid]] for sid in line.stories) for line in document.storylines}
    truth: dict[str, set[str]] = defaultdict(set)
    for key, story in TRUTH["stories"].items():
        truth[story["storyline"]].add(key)
    assert ours == {frozenset(v) for v in truth.values()}


def test_the_wire_copy_points_to_the_earliest_copy(document: ExportDocument, key_of: dict[str, str]) -> None:
    ours = {key_of[a.id]: key_of[a.duplicate_of] for a in document.articles if a.duplicate_of}
    truth = {a["key"]: a["duplicate_of"] for a in TRUTH["articles"] if a["duplicate_of"]}
    assert ours == truth


def test_coverage_counts_the_wire_copy_once_and_as_copied(
    document: ExportDocument, key_of: dict[str, str]
) -> None:
    copy_of = {a["key"]: a["duplicate_of"] for a in TRUTH["articles"] if a["duplicate_of"]}
    for story in document.stories:
        assert story.coverage is not None
        entries = {key_of[e.article]: e for e in story.coverage.articles}
        assert [key_of[e.article] for e in story.coverage.articles] == [key_of[a] for a in story.articles]
        copies = [key for key in entries if key in copy_of]
        assert story.coverage.independent_sources == len(entries) - len(copies)
        for key in copies:
            assert entries[key].original == 0.0
            assert [key_of[a] for a in entries[key].copied_from] == [copy_of[key]]


def test_summary_sentences_with_an_outdated_count_are_marked_superseded(
    document: ExportDocument, key_of: dict[str, str]
) -> None:
    truth = TRUTH["stories"]["pellham-2022"]
    injured = next(c for c in truth["claims"] if c["attribute"] == "injured")
    latest = set(injured["values"][-1]["articles"])  # 17: the count rose 12 -> 15 -> 17
    story = next(s for s in document.stories if {key_of[a] for a in s.articles} == set(truth["articles"]))
    outdated = [
        s for s in story.summary if re.search(r"\b(12|15|[Tt]welve|[Ff]ifteen) (people|were|hurt)", s.text)
    ]
    assert outdated, [s.text for s in story.summary]
    for sentence in outdated:
        assert {key_of[a] for a in sentence.superseded_by} == latest - {key_of[a] for a in sentence.sources}


def test_undated_articles_get_an_estimate_inside_their_story(
    document: ExportDocument, key_of: dict[str, str]
) -> None:
    undated = {key_of[a.id]: a for a in document.articles if a.published is None}
    assert sorted(undated) == sorted(a["key"] for a in TRUTH["articles"] if a["published"] is None)
    stories = {s.id: s for s in document.stories}
    for article in undated.values():
        estimate = article.published_estimate
        assert estimate is not None and estimate.basis
        assert estimate.earliest <= estimate.date <= estimate.latest
        period = stories[article.story].period if article.story else None
        assert period is not None and period.start is not None and period.end is not None
        assert estimate.earliest <= period.end and estimate.latest >= period.start  # overlaps the coverage


def test_the_copied_statement_is_one_quote_with_its_first_carrier(
    document: ExportDocument, key_of: dict[str, str]
) -> None:
    truth = TRUTH["stories"]["marchetti-2020"]["quotes"][0]
    carriers = sorted(c["article"] for c in truth["carriers"])
    story = next(s for s in document.stories if key_of[s.articles[0]].startswith("marchetti-2020"))
    found = [q for q in story.quotes if sorted(key_of[a] for a in q.articles) == carriers]
    assert len(found) == 1
    assert found[0].speaker == truth["speaker"]
    assert key_of[found[0].first.article] == truth["first"]


def test_same_output_whatever_the_input_order(demo: Digest, annotator: Annotator) -> None:
    again = digest_articles(tuple(reversed(demo.articles)), demo.problems, Settings(), annotator=annotator)
    assert to_json(build_export(again)) == to_json(build_export(demo))


def test_only_statement_sized_reuse_links_articles_into_a_story() -> None:
    from storyline.models import TextSpan
    from storyline.pipeline import STORY_LINK_MIN_PASSAGE_CHARS, _is_story_link
    from storyline.reuse import Passage, Reuse

    def reuse(*lengths: int) -> Reuse:
        spans = (TextSpan(0, 1), TextSpan(0, 1))
        passages = tuple(Passage(text="x" * n, spans=spans) for n in lengths)
        return Reuse(articles=("a-1", "a-2"), directed=False, chars=sum(lengths), passages=passages)

    limit = STORY_LINK_MIN_PASSAGE_CHARS
    assert not _is_story_link(reuse(120, 120, 120))  # three stock phrases are not a shared statement
    assert not _is_story_link(reuse(60, limit - 1))
    assert _is_story_link(reuse(60, limit))
    assert not _is_story_link(reuse())
