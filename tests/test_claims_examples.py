"""The claims stage on the demo corpus (examples/corpus) against the claims in examples/truth.json.

Articles are read and annotated as the pipeline does; story membership, source families (the truth's
``duplicate_of``) and dates (publication dates; None for the two undated articles) come from the truth, so
this tests the claims stage alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from storyline.annotate import Annotator
from storyline.claims import Fact, compare_claims, compare_storyline_claims, extract_facts
from storyline.config import Settings
from storyline.export.types import ExportClaim
from storyline.ingest import read_inputs
from storyline.models import Article

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CORPUS = EXAMPLES / "corpus"
TRUTH: dict[str, Any] = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))

# The truth names the injured count's subject after the event ("Pellham Star grounding"); the claims
# stage names a count after the thing it happened to, the ship the articles name.
SUBJECT_NAMES = {"Pellham Star grounding": "Pellham Star"}
# Truth claims the stage cannot reach, and why: Meridian Daily never names the cyclist ("a 27-year-old
# teacher"); linking an unnamed description to a person named only in another outlet is not done.
UNREACHABLE = {("brandt-2013", "Daniel Okoro", "age")}


@pytest.fixture(scope="module")
def corpus() -> tuple[dict[str, Article], dict[str, tuple[Fact, ...]]]:
    """Every demo article by truth key, and its facts."""
    by_source = {a["source"]: a["key"] for a in TRUTH["articles"]}
    articles: dict[str, Article] = {}
    for item in read_inputs([str(CORPUS)], Settings()):
        if isinstance(item, Article):
            articles[by_source[item.source.removeprefix(f"{CORPUS}/")]] = item
    ordered = sorted(articles)
    annotations = Annotator().annotate([articles[k] for k in ordered])
    facts = {
        key: extract_facts(articles[key], annotation, anchor=articles[key].published)
        for key, annotation in zip(ordered, annotations, strict=True)
    }
    return articles, facts


def _context(articles: dict[str, Article]) -> dict[str, Any]:
    """dates, families and outlets of the corpus, keyed by article id."""
    key_of = {a.id: k for k, a in articles.items()}
    duplicate = {a["key"]: a["duplicate_of"] for a in TRUTH["articles"]}
    return {
        "dates": {a.id: a.published for a in articles.values()},
        "families": {aid: articles[duplicate[key] or key].id for aid, key in key_of.items()},
        "outlets": {a.id: a.outlet or "" for a in articles.values()},
    }


def _story_claims(
    story: str, corpus: tuple[dict[str, Article], dict[str, tuple[Fact, ...]]]
) -> tuple[ExportClaim, ...]:
    """compare_claims on one story, with the facts of the storyline's earlier stories."""
    articles, facts = corpus
    storyline = TRUTH["stories"][story]["storyline"]
    stories = TRUTH["storylines"][storyline]["stories"]
    earlier = [
        f for s in stories[: stories.index(story)] for k in TRUTH["stories"][s]["articles"] for f in facts[k]
    ]
    mine = [f for k in TRUTH["stories"][story]["articles"] for f in facts[k]]
    return compare_claims(mine, earlier=earlier, **_context(articles))


def _shape(claim: ExportClaim, key_of: dict[str, str]) -> tuple[str, str, str, list[tuple[str, list[str]]]]:
    """(subject, attribute, status, [(value, sorted article keys)]) with values in value order."""
    values = sorted((v.value, sorted(key_of[a] for a in v.articles)) for v in claim.values)
    return claim.subject, claim.attribute, claim.status, values


def _truth_shape(claim: dict[str, Any]) -> tuple[str, str, str, list[tuple[str, list[str]]]]:
    """A truth claim in the shape of :func:`_shape`."""
    values = sorted((v["value"], sorted(v["articles"])) for v in claim["values"])
    return SUBJECT_NAMES.get(claim["subject"], claim["subject"]), claim["attribute"], claim["status"], values


@pytest.mark.parametrize("story", sorted(TRUTH["stories"]))
def test_every_reachable_truth_claim_is_found_exactly(
    story: str, corpus: tuple[dict[str, Article], dict[str, tuple[Fact, ...]]]
) -> None:
    """Each truth claim of the story comes out with the same status, values and carriers."""
    key_of = {a.id: k for k, a in corpus[0].items()}
    found = [_shape(c, key_of) for c in _story_claims(story, corpus)]
    expected = [_truth_shape(c) for c in TRUTH["stories"][story]["claims"]]
    reachable = [e for e in expected if (story, e[0], e[1]) not in UNREACHABLE]
    assert [e for e in reachable if e not in found] == []
    for subject_, attribute in ((s, a) for st, s, a in UNREACHABLE if st == story):
        assert [f for f in found if (f[0], f[1]) == (subject_, attribute)] == []


def test_claims_beyond_the_truth_are_these(
    corpus: tuple[dict[str, Article], dict[str, tuple[Fact, ...]]],
) -> None:
    """The truth lists ages, spouses, platforms, film titles and counts; roles, marriage dates and other
    works are found too, and every one of them is right."""
    key_of = {a.id: k for k, a in corpus[0].items()}
    extra = []
    for story in ("marchetti-2020", "pellham-2022", "brandt-2013"):
        expected = [_truth_shape(c) for c in TRUTH["stories"][story]["claims"]]
        extra += [
            (story, *_shape(c, key_of)[:3])
            for c in _story_claims(story, corpus)
            if _shape(c, key_of) not in expected
        ]
    assert extra == [
        ("marchetti-2020", "Anselm Kray", "role", "agree"),
        ("marchetti-2020", "Delia Marchetti", "film title", "agree"),  # "Lantern Street"
        ("marchetti-2020", "Delia Marchetti", "marriage date", "agree"),
        ("marchetti-2020", "Delia Marchetti", "role", "agree"),
        ("marchetti-2020", "Felix Arundel", "role", "agree"),
        ("marchetti-2020", "Tobias Wren", "role", "agree"),
        ("pellham-2022", "Agnes Thorvald", "role", "agree"),
        ("pellham-2022", "Gideon Pryce", "role", "agree"),
        ("brandt-2013", "Cassius Brandt", "album title", "agree"),
        ("brandt-2013", "Cassius Brandt", "role", "agree"),
        ("brandt-2013", "Cassius Brandt", "song title", "agree"),
        ("brandt-2013", "Judith Abernathy", "role", "agree"),
    ]


def test_marchetti_2020_explanations(corpus: tuple[dict[str, Article], dict[str, tuple[Fact, ...]]]) -> None:
    """The conflicts say who says what, that no time passed, and that the wire copy counts once."""
    explained = {
        (c.subject, c.attribute, c.values[0].value): c.explanation
        for c in _story_claims("marchetti-2020", corpus)
    }
    assert explained[("Delia Marchetti", "age", "52")] == (
        "Meridian Daily says 53 (2020-10-15) while Stagelight, Wirefront, Northgate Post, Calloway Herald "
        "and The Harbour Courier say 52 (2020-10-14 to 2020-10-16); no time has passed between these "
        "reports (5 independent sources; Calloway Herald copies Wirefront and counts once)."
    )
    assert explained[("Delia Marchetti", "statement posted on", "Instagram")] == (
        "Stagelight and Meridian Daily say Instagram; Northgate Post says Facebook (3 independent sources)."
    )
    assert explained[("Delia Marchetti", "film title", "The Salt Orchard")] == (
        "The Harbour Courier spells the film “The Salt Orchards”; Stagelight, Wirefront, Northgate Post, "
        "Calloway Herald and Meridian Daily write “The Salt Orchard” (5 independent sources; Calloway "
        "Herald copies Wirefront and counts once)."
    )


def test_pellham_injured_count_rises(corpus: tuple[dict[str, Article], dict[str, tuple[Fact, ...]]]) -> None:
    """12, then 15 (undated Evening Ledger), then 17: an update."""
    (claim,) = [c for c in _story_claims("pellham-2022", corpus) if c.attribute == "injured"]
    assert claim.explanation == (
        "The injured count rises from 12 (Wirefront, 2022-02-16) to 15 (The Evening Ledger, undated) to 17 "
        "(Pinewood Gazette, Meridian Daily and Coastline Today, 2022-02-17 to 2022-02-18): an update "
        "between reports, not a conflict (5 independent sources)."
    )


def _storyline_claims(
    name: str, corpus: tuple[dict[str, Article], dict[str, tuple[Fact, ...]]]
) -> Sequence[ExportClaim]:
    """compare_storyline_claims on one storyline of the demo."""
    articles, facts = corpus
    stories = [
        [f for k in TRUTH["stories"][s]["articles"] for f in facts[k]]
        for s in TRUTH["storylines"][name]["stories"]
    ]
    return compare_storyline_claims(stories, **_context(articles))


@pytest.mark.parametrize("storyline", sorted(TRUTH["storylines"]))
def test_storyline_claims(
    storyline: str, corpus: tuple[dict[str, Article], dict[str, tuple[Fact, ...]]]
) -> None:
    """Storyline claims have the truth's subjects, statuses and values; every carrier the truth names is
    among ours (the truth names one representative carrier for some values, we name all)."""
    key_of = {a.id: k for k, a in corpus[0].items()}
    found = [_shape(c, key_of) for c in _storyline_claims(storyline, corpus)]
    expected = [_truth_shape(c) for c in TRUTH["storylines"][storyline].get("claims", [])]
    assert sorted((f[0], f[1], f[2], [v for v, _ in f[3]]) for f in found) == sorted(
        (e[0], e[1], e[2], [v for v, _ in e[3]]) for e in expected
    )
    for subject_, attribute, _, values in expected:
        (mine,) = [f for f in found if (f[0], f[1]) == (subject_, attribute)]
        for (value, carriers), (my_value, my_carriers) in zip(values, mine[3], strict=True):
            assert value == my_value
            assert set(carriers) <= set(my_carriers)
