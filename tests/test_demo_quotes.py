"""The quotes stage on the demo corpus, measured against examples/truth.json.

Runs the real annotator, :func:`extract_quotes` and :func:`canonicalize_quotes` per true story (articles
grouped by the truth, so that the clustering stage cannot hide or cause a quote error) and compares each
truth quote with our canonical quotes: a truth quote is matched when one canonical quote has exactly the
truth's carriers (each carrier's wording equal to its truth segments joined by a space, a comma before a
new sentence read as a full stop, without the trailing comma our quote texts drop) and the truth's
speaker. The list of truth quotes still missed is pinned, so that the test fails when the behaviour
changes in either direction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from storyline.annotate import Annotator
from storyline.config import Settings
from storyline.extract.canonical import Quote, canonicalize_quotes
from storyline.extract.entities import article_entities, merge_entities
from storyline.extract.quotes import extract_quotes
from storyline.ingest import read_inputs
from storyline.models import Article

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CORPUS = EXAMPLES / "corpus"
TRUTH: dict[str, Any] = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))
_TRAILING = ",;:—– "

# Truth quotes (story | speaker | first words) that the stage still gets wrong, and why:
STILL_MISSED: list[str] = [
    # short lower-case runs inside a sentence ("driving “…” on the coast road") are taken as phrases:
    # PolNeAR does not annotate such runs (taking them after "Name said" lowered dev F1 0.9215 -> 0.9188
    # and train F1 0.9401 -> 0.9366 with no recall gained, 2026-11-25)
    "brandt-2013 | Owen Tally | well above the limit",
    "pellham-2022 | Hannah Liddell | calm and kind",
]
# Of the truth's 31 quotes, this many are matched (14 before the fixes of 2026-11-25 afternoon).
MATCHED_FLOOR = 29


def _key(story: str, quote: dict[str, Any]) -> str:
    """A short readable name of a truth quote."""
    return f"{story} | {quote['speaker']} | {' '.join(quote['text'].split()[:5])}"


@pytest.fixture(scope="module")
def canonical() -> dict[str, tuple[tuple[Quote, ...], dict[str, str]]]:
    """Truth story key -> (our canonical quotes, our article id -> truth article key)."""
    by_source = {f"{CORPUS}/{a['source']}": a for a in TRUTH["articles"]}
    articles = [a for a in read_inputs([str(CORPUS)], Settings()) if isinstance(a, Article)]
    annotator = Annotator()
    annotations = {ann.article_id: ann for ann in annotator.annotate(articles)}
    per_story: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        per_story[by_source[article.source]["story"]].append(article)
    result = {}
    for story, members in per_story.items():
        extractions = [extract_quotes(a, annotations[a.id], parser=annotator.parse) for a in members]
        entities = merge_entities(article_entities(a, annotations[a.id]) for a in members)
        mentions = [m for e in extractions for m in e.quotes]
        dates = {a.id: a.published for a in members}
        quotes = canonicalize_quotes(mentions, dates, entities=entities)
        result[story] = (quotes, {a.id: by_source[a.source]["key"] for a in members})
    return result


def _wording(segments: list[str]) -> str:
    """A carrier's wording from its truth segments: joined by a space, a segment's comma before a new
    sentence (a capital letter) read as the full stop the attribution took ("…door," she said. "Only …"),
    no trailing comma."""
    parts = [
        s[:-1] + "." if s.endswith(",") and i + 1 < len(segments) and segments[i + 1][:1].isupper() else s
        for i, s in enumerate(segments)
    ]
    return " ".join(parts).rstrip(_TRAILING)


def _matches(quote: Quote, truth: dict[str, Any], key_of: dict[str, str]) -> bool:
    """Whether our canonical quote has the truth quote's carriers, wordings and speaker."""
    ours = {key_of[v.article]: v.text for v in quote.variants}
    theirs = {c["article"]: _wording(c["segments"]) for c in truth["carriers"]}
    return ours == theirs and quote.speaker == truth["speaker"]


def test_truth_quotes_matched(canonical: dict[str, tuple[tuple[Quote, ...], dict[str, str]]]) -> None:
    missed = []
    total = 0
    for story, data in TRUTH["stories"].items():
        quotes, key_of = canonical[story]
        for truth in data["quotes"]:
            total += 1
            if not any(_matches(q, truth, key_of) for q in quotes):
                missed.append(_key(story, truth))
    assert missed == STILL_MISSED
    assert total == 31
    assert total - len(missed) >= MATCHED_FLOOR


def test_no_title_or_scare_quote_is_a_quote(
    canonical: dict[str, tuple[tuple[Quote, ...], dict[str, str]]],
) -> None:
    leaked = sorted(
        (story, q.text)
        for story, data in TRUTH["stories"].items()
        for q in canonical[story][0]
        if q.text.rstrip(_TRAILING) in {t.rstrip(_TRAILING) for t in data["not_quotes"]}
    )
    assert leaked == []
