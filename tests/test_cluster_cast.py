"""Stories: a second event of one kind with another cast stays apart (invented articles and names)."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.cluster import ClusterConfig, StoryStream, extract_features
from storyline.cluster import stream as stream_module
from storyline.cluster.stream import cast_conflict
from storyline.models import Article
from tests.gazetteer import gazetteer_annotator

D = dt.date

# Every name, place, company and event below is invented.
GAZETTEER = {
    "Larkspur Logistics": "ORG",
    "Tollbridge": "GPE",
    "Wren Oakes": "PERSON",
    "Perrin Vance": "PERSON",
    "Ambermere": "GPE",
    "Cass Dunmore": "PERSON",
    "Ilse Marrow": "PERSON",
}


annotate = gazetteer_annotator(GAZETTEER)


def fire(aid: str, day: dt.date, town: str, chief: str, witness: str, crews: int) -> Article:
    """An invented report of a warehouse fire: the same kind of words whatever the town and people."""
    text = (
        f"Firefighters in {town} fought a blaze overnight at a Larkspur Logistics warehouse. {chief}, "
        f"the chief fire officer, said {crews} crews stopped the flames reaching nearby homes. "
        f"Larkspur Logistics said it would help investigators find how the fire started. {witness} "
        f"described thick smoke drifting across {town} as the roof of the warehouse collapsed."
    )
    return Article(
        id=aid,
        source=f"{aid}.txt",
        title=f"Fire destroys warehouse in {town}",
        text=text,
        outlet="harbor.example",
        published=day,
    )


TOLLBRIDGE = [
    fire("a-t1", D(2023, 5, 2), "Tollbridge", "Wren Oakes", "Perrin Vance", 12),
    fire("a-t2", D(2023, 5, 2), "Tollbridge", "Wren Oakes", "Perrin Vance", 12),
    fire("a-t3", D(2023, 5, 3), "Tollbridge", "Wren Oakes", "Perrin Vance", 12),
]
AMBERMERE = [
    fire("a-m1", D(2023, 5, 4), "Ambermere", "Cass Dunmore", "Ilse Marrow", 9),
    fire("a-m2", D(2023, 5, 4), "Ambermere", "Cass Dunmore", "Ilse Marrow", 9),
    fire("a-m3", D(2023, 5, 5), "Ambermere", "Cass Dunmore", "Ilse Marrow", 9),
]


def run() -> tuple[list[int], list[tuple[str, ...]]]:
    """Stream both fires; return the story keys at arrival and the final stories' article ids."""
    stream = StoryStream(ClusterConfig())
    keys = [stream.add(extract_features(a, annotate(a))) for a in (*TOLLBRIDGE, *AMBERMERE)]
    return keys, [story.article_ids for story in stream.close_all()]


def test_cast_conflict_needs_a_cast_of_two_at_most_one_shared_and_two_foreign_names() -> None:
    story = stream_module._Story(key=0, article_ids=["a", "b", "c"])
    story.entity_articles.update(
        {"ORG:larkspur": 3, "PLACE:tollbridge": 3, "PERSON:oakes": 2, "PERSON:vance": 1}
    )
    # the cast (named by 2 of 3 articles or more): larkspur, tollbridge, oakes
    assert cast_conflict({"ORG:larkspur", "PLACE:ambermere", "PERSON:dunmore"}, story) is True
    assert cast_conflict({"PLACE:ambermere", "PERSON:dunmore"}, story) is True
    # two of the cast named: the same event
    assert (
        cast_conflict({"ORG:larkspur", "PLACE:tollbridge", "PLACE:ambermere", "PERSON:dunmore"}, story)
        is False
    )
    # one foreign name only (a new witness), or a name the story knows outside its cast
    assert cast_conflict({"ORG:larkspur", "PERSON:dunmore"}, story) is False
    assert cast_conflict({"ORG:larkspur", "PERSON:vance", "PERSON:dunmore"}, story) is False
    # a story of one article has no cast yet
    single = stream_module._Story(key=1, article_ids=["a"])
    single.entity_articles.update({"ORG:larkspur": 1, "PLACE:tollbridge": 1})
    assert cast_conflict({"PLACE:ambermere", "PERSON:dunmore"}, single) is False


def test_a_second_fire_with_another_town_and_people_starts_its_own_story() -> None:
    assert run() == ([0, 0, 0, 1, 1, 1], [("a-t1", "a-t2", "a-t3"), ("a-m1", "a-m2", "a-m3")])


def test_without_the_cast_penalty_the_kind_words_and_one_company_join_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stream_module, "CAST_CONFLICT_PENALTY", 0.0)
    assert run() == ([0, 0, 0, 0, 0, 0], [("a-t1", "a-t2", "a-t3", "a-m1", "a-m2", "a-m3")])
    stream = StoryStream(ClusterConfig())
    for article in (*TOLLBRIDGE, AMBERMERE[0]):
        stream.add(extract_features(article, annotate(article)))
    assert stream.last_score is not None
    # the first Ambermere report against the Tollbridge story: the words of a warehouse fire, one company
    assert (round(stream.last_score.combined, 4), round(stream.last_score.text, 4)) == (0.2774, 0.6543)
    assert round(stream.last_score.entities, 4) == 0.1005


def _story(key: int, ids: tuple[str, ...], entities: dict[str, float]) -> stream_module._Story:
    """A hand-made story: its articles' summed vectors (one shared term, the given entity weights)."""
    story = stream_module._Story(key=key, article_ids=list(ids))
    story.term_norm2 = stream_module._add_into(story.terms, 0.0, {7: 1.6})
    story.entity_norm2 = stream_module._add_into(story.entities, 0.0, entities)
    return story


def _merge_target(closing_entities: dict[str, float], target_ids: tuple[str, ...]) -> int | None:
    """The key of the story a closing two-article story merges into (None: it stays on its own)."""
    stream = StoryStream(ClusterConfig())
    target = _story(0, target_ids, {"ORG:larkspur": 1.6, "PERSON:oakes": 1.0, "PLACE:tollbridge": 0.8})
    stream._active[0] = target
    keys: list[str | int] = [7, *target.entities]
    for key in keys:
        stream._index[key] = {0}
    found = stream._second_chance(_story(1, ("a-m1", "a-m2"), closing_entities))
    return None if found is None else found.key


def test_two_stories_of_several_articles_merge_only_with_two_names_in_common() -> None:
    one_shared = {"ORG:larkspur": 1.6, "PERSON:dunmore": 1.0, "PLACE:ambermere": 0.8}
    two_shared = {"ORG:larkspur": 1.6, "PERSON:oakes": 1.0, "PLACE:ambermere": 0.8}
    # average link: text 1.6 * 1.6 / 4 = 0.64, entities 1.6 * 1.6 / 4 = 0.64 (+ 1.0 / 4 with oakes)
    assert _merge_target(one_shared, ("a-t1", "a-t2")) is None
    assert _merge_target(two_shared, ("a-t1", "a-t2")) == 0
    # a one-article target has not shown its cast yet: one shared main entity is enough
    assert _merge_target(one_shared, ("a-t1",)) == 0


def test_one_shared_name_merges_when_the_rule_asks_for_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream_module, "MERGE_MIN_SHARED_ENTITIES", 1)
    assert _merge_target({"ORG:larkspur": 1.6, "PERSON:dunmore": 1.0}, ("a-t1", "a-t2")) == 0
