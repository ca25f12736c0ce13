"""Entity alias merging within an article and across a story's articles (hand-made annotations)."""

from __future__ import annotations

from storyline.extract.entities import (
    Entity,
    article_entities,
    clean_name,
    entity_id,
    link_entities,
    merge_entities,
)
from storyline.models import Annotation, Article, EntityMention

TEXT = (
    "Maria Lopez opened the ferry terminal. Ms. Lopez said she was proud. "
    "Maria thanked the crew. Lopez's rival, Sen. Daniel Okafor, stayed home, "
    "and Okafor said he would vote no. The Harbor Town Council met later."
)


def mentions(text: str, items: list[tuple[str, str, int]]) -> tuple[EntityMention, ...]:
    """EntityMentions for (words, label, occurrence) triples, located in ``text``."""
    out = []
    for words, label, occurrence in items:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(words, start + 1)
        out.append(EntityMention(start=start, end=start + len(words), text=words, label=label))
    return tuple(out)


def harbor() -> tuple[Article, Annotation]:
    article = Article(id="a-1", source="fixture", title="", text=TEXT)
    annotation = Annotation(
        article_id="a-1",
        model="hand",
        entities=mentions(
            TEXT,
            [
                ("Maria Lopez", "PERSON", 0),
                ("Ms. Lopez", "PERSON", 0),
                ("Maria", "PERSON", 1),
                ("Lopez's", "ORG", 0),
                ("Sen. Daniel Okafor", "PERSON", 0),
                ("Okafor", "GPE", 1),
                ("The Harbor Town Council", "ORG", 0),
            ],
        ),
    )
    return article, annotation


def test_clean_name_drops_titles_possessives_and_the() -> None:
    assert [
        clean_name(n) for n in ["Ms. Lopez", "Lopez's", "Sen. Daniel Okafor", "The Harbor Council", "Mr."]
    ] == [
        "Lopez",
        "Lopez",
        "Daniel Okafor",
        "Harbor Council",
        "Mr",
    ]


def test_aliases_merge_into_one_entity_per_person() -> None:
    article, annotation = harbor()
    assert article_entities(article, annotation) == tuple(
        sorted(
            [
                Entity(id=entity_id("PERSON", "Maria Lopez"), name="Maria Lopez", type="PERSON",
                       aliases=("Lopez", "Maria"), articles=("a-1",)),
                Entity(id=entity_id("PERSON", "Daniel Okafor"), name="Daniel Okafor", type="PERSON",
                       aliases=("Okafor",), articles=("a-1",)),
                Entity(id=entity_id("ORG", "Harbor Town Council"), name="Harbor Town Council", type="ORG",
                       aliases=(), articles=("a-1",)),
            ],
            key=lambda e: e.id,
        )
    )  # fmt: skip


def test_every_mention_is_linked_with_gender_and_roles() -> None:
    article, annotation = harbor()
    index = link_entities(article, annotation)
    lopez, okafor = entity_id("PERSON", "Maria Lopez"), entity_id("PERSON", "Daniel Okafor")
    assert [(m.text, m.entity) for m in index.mentions] == [
        ("Maria Lopez", lopez),
        ("Ms. Lopez", lopez),
        ("Maria", lopez),
        ("Lopez's", lopez),
        ("Sen. Daniel Okafor", okafor),
        ("Okafor", okafor),
        ("The Harbor Town Council", entity_id("ORG", "Harbor Town Council")),
    ]
    assert index.gender == {lopez: "female", okafor: "male"}
    assert index.roles[okafor] == frozenset({"senator"})
    assert index.find_name("Okafor") == index.by_id(okafor)


def test_a_surname_joins_the_latest_person_with_it() -> None:
    text = "Ana Cruz and Tomas Cruz spoke. Later Tomas Cruz left, and Cruz said goodbye."
    annotation = Annotation(
        article_id="a-2",
        model="hand",
        entities=mentions(text, [("Ana Cruz", "PERSON", 0), ("Tomas Cruz", "PERSON", 0),
                                 ("Tomas Cruz", "PERSON", 1), ("Cruz", "PERSON", 3)]),
    )  # fmt: skip
    index = link_entities(Article(id="a-2", source="f", title="", text=text), annotation)
    assert [(m.text, m.entity) for m in index.mentions][-1] == ("Cruz", entity_id("PERSON", "Tomas Cruz"))


def test_no_entities_gives_an_empty_index() -> None:
    index = link_entities(
        Article(id="a-3", source="f", title="", text="No names."), Annotation(article_id="a-3", model="m")
    )
    assert (index.entities, index.mentions) == ((), ())


def test_merge_across_articles_by_full_name_and_surname() -> None:
    first = (
        Entity(id="e-1", name="Maria Lopez", type="PERSON", aliases=("Lopez",), articles=("a-1",)),
        Entity(id="e-2", name="Harbor Council", type="ORG", aliases=(), articles=("a-1",)),
    )
    second = (
        Entity(id="e-3", name="Lopez", type="PERSON", aliases=(), articles=("a-2",)),
        Entity(id="e-4", name="Daniel Okafor", type="PERSON", aliases=("Okafor",), articles=("a-2",)),
    )
    third = (Entity(id="e-5", name="Maria Lopez", type="PERSON", aliases=("Ms. Lopez",), articles=("a-3",)),)
    merged = merge_entities([first, second, third])
    lopez = entity_id("PERSON", "Maria Lopez")
    assert merged.entities == tuple(
        sorted(
            [
                Entity(id=lopez, name="Maria Lopez", type="PERSON", aliases=("Lopez", "Ms. Lopez"),
                       articles=("a-1", "a-2", "a-3")),
                Entity(id=entity_id("ORG", "Harbor Council"), name="Harbor Council", type="ORG", aliases=(),
                       articles=("a-1",)),
                Entity(id=entity_id("PERSON", "Daniel Okafor"), name="Daniel Okafor", type="PERSON",
                       aliases=("Okafor",), articles=("a-2",)),
            ],
            key=lambda e: e.id,
        )
    )  # fmt: skip
    assert merged.ids == {
        "e-1": lopez,
        "e-2": entity_id("ORG", "Harbor Council"),
        "e-3": lopez,
        "e-4": entity_id("PERSON", "Daniel Okafor"),
        "e-5": lopez,
    }


def test_merge_is_independent_of_input_order() -> None:
    groups = [
        (Entity(id="e-1", name="Lopez", type="PERSON", aliases=(), articles=("a-1",)),),
        (Entity(id="e-2", name="Maria Lopez", type="PERSON", aliases=(), articles=("a-2",)),),
    ]
    assert merge_entities(groups) == merge_entities(list(reversed(groups)))


def test_ambiguous_surname_is_not_merged() -> None:
    groups = [
        (Entity(id="e-1", name="Ana Cruz", type="PERSON", aliases=(), articles=("a-1",)),),
        (Entity(id="e-2", name="Tomas Cruz", type="PERSON", aliases=(), articles=("a-2",)),),
        (Entity(id="e-3", name="Cruz", type="PERSON", aliases=(), articles=("a-3",)),),
    ]
    merged = merge_entities(groups)
    assert sorted(e.name for e in merged.entities) == ["Ana Cruz", "Cruz", "Tomas Cruz"]


def test_a_first_name_and_surname_tagged_org_is_a_person_but_virginia_tech_is_not() -> None:
    text = "Carly Dunmore toured Virginia Tech on Monday. Dunmore praised the campus."
    article = Article(id="a-2", source="fixture", title="", text=text)
    annotation = Annotation(
        article_id="a-2",
        model="hand",
        entities=mentions(
            text, [("Carly Dunmore", "ORG", 0), ("Virginia Tech", "ORG", 0), ("Dunmore", "PERSON", 1)]
        ),
    )
    index = link_entities(article, annotation)
    assert [(e.name, e.type, e.aliases) for e in index.entities] == sorted(
        [("Carly Dunmore", "PERSON", ("Dunmore",)), ("Virginia Tech", "ORG", ())],
        key=lambda item: entity_id(item[1], item[0]),
    )


def test_an_honorific_the_tagger_left_out_gives_the_gender() -> None:
    text = "Ms. Hale opened the pier. Mr. Ortiz cut the ribbon. Hale thanked the crew."
    article = Article(id="a-3", source="fixture", title="", text=text)
    annotation = Annotation(
        article_id="a-3",
        model="hand",
        entities=mentions(text, [("Hale", "PERSON", 0), ("Ortiz", "PERSON", 0), ("Hale", "PERSON", 1)]),
    )
    index = link_entities(article, annotation)
    assert {index.by_id(eid).name: gender for eid, gender in index.gender.items()} == {  # type: ignore[union-attr]
        "Hale": "female",
        "Ortiz": "male",
    }


def test_a_surname_tagged_as_a_place_is_a_person_when_an_age_or_a_role_follows() -> None:
    text = "Okonta, a chemistry professor, met Dr. Vrana in Harbor Town, a port city. Okonta, 61, left early."
    article = Article(id="a-4", source="fixture", title="", text=text)
    annotation = Annotation(
        article_id="a-4",
        model="hand",
        entities=mentions(
            text,
            [("Okonta", "GPE", 0), ("Vrana", "NORP", 0), ("Harbor Town", "GPE", 0), ("Okonta", "GPE", 1)],
        ),
    )
    index = link_entities(article, annotation)
    assert sorted((e.name, e.type) for e in index.entities) == [
        ("Harbor Town", "GPE"),
        ("Okonta", "PERSON"),
        ("Vrana", "PERSON"),
    ]
