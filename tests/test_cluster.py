"""Stories and storylines (storyline.cluster): invented articles with hand-made entity annotations."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.cluster import ClusterConfig, Clustering, StoryStream, cluster_stories, extract_features
from storyline.cluster.api import clean_title
from storyline.cluster.estimates import weekday_mentions
from storyline.cluster.features import (
    DocumentFrequencies,
    entity_key,
    mentioned_dates,
    specific_details,
    tokenize,
)
from storyline.cluster.refine import refine_groups
from storyline.cluster.stream import decayed, detail_evidence, detail_values, time_factor, unit
from storyline.errors import ConfigError
from storyline.ids import make_group_id
from storyline.models import Article, EntityMention
from tests.gazetteer import gazetteer_annotator

# Every name, outlet and event below is invented.
GAZETTEER = {
    "Marla Quint": "PERSON",
    "Quint": "PERSON",
    "Sunridge Clinic": "ORG",
    "Bellmoor": "GPE",
    "Tobias Renn": "PERSON",
    "Dorian Vale": "PERSON",
    "Vale": "PERSON",
    "Pinecrest Center": "ORG",
    "Oakvale": "GPE",
    "Hester Grange": "PERSON",
    "Port Calder": "GPE",
    "Calder Seismic Office": "ORG",
}


annotate = gazetteer_annotator(GAZETTEER)


def art(aid: str, day: dt.date | None, title: str, text: str, outlet: str = "harbor.example") -> Article:
    """An invented article."""
    return Article(id=aid, source=f"{aid}.txt", title=title, text=text, outlet=outlet, published=day)


D = dt.date
QUINT_2019 = [
    art(
        "a-q1",
        D(2019, 3, 4),
        "Marla Quint checks into Sunridge Clinic - Harbor Daily",
        "Singer Marla Quint has checked into Sunridge Clinic in Bellmoor for treatment, her manager Tobias "
        "Renn said on Monday. Quint, 34, entered the rehab facility over the weekend. Renn asked fans to "
        "respect her privacy while Quint gets help at Sunridge Clinic.",
    ),
    art(
        "a-q2",
        D(2019, 3, 5),
        "Quint enters rehab in Bellmoor",
        "Marla Quint is in rehab. The 34-year-old singer checked into Sunridge Clinic in Bellmoor, manager "
        "Tobias Renn confirmed. Quint cancelled three concerts. Renn said Quint is getting help and thanked "
        "fans for their patience.",
        "metro.example",
    ),
    art(
        "a-q3",
        D(2019, 3, 6),
        "Singer Quint in treatment at Sunridge Clinic",
        "Marla Quint will stay at Sunridge Clinic in Bellmoor for at least 30 days, according to manager "
        "Tobias Renn. Quint checked in to the rehab center after cancelling three concerts. Renn said the "
        "singer is doing well at Sunridge Clinic.",
        "valley.example",
    ),
]
QUINT_UNDATED = art(
    "a-q4",
    None,
    "Marla Quint seeks help at Sunridge Clinic",
    "Marla Quint checked into Sunridge Clinic in Bellmoor on Monday, her manager Tobias Renn said. The "
    "34-year-old singer cancelled three concerts. Renn said Quint is getting help at the rehab clinic.",
    "coast.example",
)
VALE_2021 = [
    art(
        "a-v1",
        D(2021, 7, 10),
        "Dorian Vale checks into rehab at Pinecrest Center",
        "Actor Dorian Vale has checked into Pinecrest Center in Oakvale for treatment, his lawyer Hester "
        "Grange said. Vale, 51, entered the rehab facility on Friday. Grange asked the press to respect "
        "his privacy at Pinecrest Center.",
    ),
    art(
        "a-v2",
        D(2021, 7, 11),
        "Vale in rehab in Oakvale",
        "Dorian Vale is in rehab. The 51-year-old actor checked into Pinecrest Center in Oakvale, lawyer "
        "Hester Grange confirmed. Vale left the set of his new film. Grange said Vale is getting help at "
        "Pinecrest Center.",
        "metro.example",
    ),
]
QUINT_2020 = [
    art(
        "a-f1",
        D(2020, 3, 5),
        "A year after rehab, Marla Quint returns to the stage",
        "A year after she left Sunridge Clinic in Bellmoor, Marla Quint sang her first concert on "
        "Wednesday. Quint thanked her manager Tobias Renn and the staff of Sunridge Clinic. The singer "
        "said the year away had changed her music.",
    ),
    art(
        "a-f2",
        D(2020, 3, 6),
        "Quint back on stage",
        "Marla Quint returned to the stage with a sold-out concert, a year after her treatment at "
        "Sunridge Clinic in Bellmoor. Quint sang eleven new songs. Manager Tobias Renn said a tour would "
        "follow.",
        "metro.example",
    ),
]
QUAKE = [
    art(
        "a-e1",
        D(2019, 3, 5),
        "Earthquake shakes Port Calder",
        "A magnitude 5.8 earthquake shook Port Calder early on Tuesday, the Calder Seismic Office said. "
        "Buildings swayed and power was cut to 12,000 homes. No deaths were reported in Port Calder.",
    ),
    art(
        "a-e2",
        D(2019, 3, 5),
        "Port Calder counts damage after 5.8 quake",
        "The Calder Seismic Office measured the earthquake at magnitude 5.8. Power returned to most of the "
        "12,000 homes in Port Calder by evening. Engineers inspected bridges after the earthquake.",
        "metro.example",
    ),
]
ALL = [*QUINT_2019, QUINT_UNDATED, *VALE_2021, *QUINT_2020, *QUAKE]
ANNOTATIONS = {a.id: annotate(a) for a in ALL}


@pytest.fixture(scope="module")
def clustering() -> Clustering:
    """The whole fixture corpus clustered once."""
    return cluster_stories(ALL, ANNOTATIONS)


def test_stories_group_one_event_each(clustering: Clustering) -> None:
    assert [s.article_ids for s in clustering.stories] == [
        ("a-q1", "a-q2", "a-q4", "a-q3"),  # a-q4 is undated: estimated 2019-03-05, after a-q2 by id
        ("a-e1", "a-e2"),
        ("a-f1", "a-f2"),
        ("a-v1", "a-v2"),
    ]


def test_story_ids_and_periods(clustering: Clustering) -> None:
    first = clustering.stories[0]
    assert first.id == make_group_id("s", ["a-q1", "a-q2", "a-q3", "a-q4"])
    assert (first.period_start, first.period_end) == (D(2019, 3, 4), D(2019, 3, 6))
    assert [(s.period_start, s.period_end) for s in clustering.stories[1:]] == [
        (D(2019, 3, 5), D(2019, 3, 5)),
        (D(2020, 3, 5), D(2020, 3, 6)),
        (D(2021, 7, 10), D(2021, 7, 11)),
    ]


def test_story_titles_come_from_the_most_central_headline(clustering: Clustering) -> None:
    assert [s.title for s in clustering.stories] == [
        "Marla Quint seeks help at Sunridge Clinic",
        "Earthquake shakes Port Calder",
        "A year after rehab, Marla Quint returns to the stage",
        "Dorian Vale checks into rehab at Pinecrest Center",
    ]


def test_follow_up_a_year_later_is_a_new_story_in_the_same_storyline(clustering: Clustering) -> None:
    quint_2019, quake, quint_2020, vale = clustering.stories
    assert quint_2019.storyline == quint_2020.storyline
    assert len({quint_2019.storyline, quake.storyline, vale.storyline}) == 3
    line = next(line for line in clustering.storylines if line.id == quint_2019.storyline)
    assert line.story_ids == (quint_2019.id, quint_2020.id)
    assert line.id == make_group_id("l", [quint_2019.id, quint_2020.id])
    assert line.reason == (
        f"{quint_2019.id} and {quint_2020.id} share Marla Quint, Tobias Renn, Sunridge Clinic, Bellmoor "
        "(367 days apart)"
    )
    assert line.title == "Marla Quint and Tobias Renn: Marla Quint seeks help at Sunridge Clinic"
    single = next(line for line in clustering.storylines if line.id == vale.storyline)
    assert single.reason == "a single story: no other story shares its main entities"


def test_undated_article_gets_an_estimate_from_its_story_and_its_weekday(clustering: Clustering) -> None:
    story_id = clustering.stories[0].id
    estimate = clustering.estimates["a-q4"]
    assert (estimate.date, estimate.earliest, estimate.latest) == (
        D(2019, 3, 5),
        D(2019, 3, 4),
        D(2019, 3, 10),
    )
    assert estimate.basis == (
        f"story {story_id} has 3 dated articles from 2019-03-04 to 2019-03-06; "
        "it says Monday, which fits only the week from 2019-03-04"
    )
    assert list(clustering.estimates) == ["a-q4"]
    assert clustering.effective_date(QUINT_UNDATED) == D(2019, 3, 5)
    assert clustering.effective_date(QUAKE[0]) == D(2019, 3, 5)


def test_explanations(clustering: Clustering) -> None:
    member = clustering.explanations["a-q2"]
    assert member.story_id == clustering.stories[0].id
    assert member.shared_entities == ("Marla Quint", "Tobias Renn", "Bellmoor", "Sunridge Clinic")
    assert member.days_from_first == 1
    assert (member.similarity, member.text_similarity, member.entity_similarity) == (0.8148, 0.6383, 0.9913)
    assert clustering.explanations["a-q4"].days_from_first == 1  # from its estimate, 2019-03-05
    assert sorted(clustering.explanations) == sorted(a.id for a in ALL)


@settings(max_examples=15, deadline=None)
@given(st.permutations(ALL))
def test_same_stories_and_ids_in_any_input_order(order: list[Article]) -> None:
    assert cluster_stories(order, ANNOTATIONS) == cluster_stories(ALL, ANNOTATIONS)


def test_reuse_link_joins_an_article_with_little_else_in_common() -> None:
    notice = art("a-n1", D(2019, 3, 7), "Concert notice", "Three concerts are off. Tickets will be refunded.")
    without = cluster_stories([*QUINT_2019, notice], ANNOTATIONS)
    with_link = cluster_stories([*QUINT_2019, notice], ANNOTATIONS, reuse_links=[("a-q2", "a-n1")])
    assert [s.article_ids for s in without.stories] == [("a-q1", "a-q2", "a-q3"), ("a-n1",)]
    assert [s.article_ids for s in with_link.stories] == [("a-q1", "a-q2", "a-q3", "a-n1")]


def test_empty_input_and_repeated_ids() -> None:
    assert cluster_stories([], {}) == Clustering()
    twice = cluster_stories([*QUAKE, QUAKE[0]], ANNOTATIONS)
    assert [s.article_ids for s in twice.stories] == [("a-e1", "a-e2")]


def test_articles_without_annotations_cluster_on_text() -> None:
    result = cluster_stories([*QUAKE, *VALE_2021], {})
    assert [s.article_ids for s in result.stories] == [("a-e1", "a-e2"), ("a-v1", "a-v2")]


def test_bad_config_is_refused() -> None:
    with pytest.raises(ConfigError, match="join_threshold must be in"):
        ClusterConfig(join_threshold=0.0)
    with pytest.raises(ConfigError, match="window_days"):
        ClusterConfig(window_days=-1)
    with pytest.raises(ConfigError, match="entity_decay_days"):
        ClusterConfig(entity_decay_days=0)
    with pytest.raises(ConfigError, match="merge_threshold must be in"):
        ClusterConfig(merge_threshold=0.0)
    with pytest.raises(ConfigError, match="conflict_penalty must be >= 0"):
        ClusterConfig(conflict_penalty=-0.1)
    with pytest.raises(ConfigError, match="refine_rounds must be >= 0"):
        ClusterConfig(refine_rounds=-1)


def test_stream_closes_stories_after_the_window() -> None:
    stream = StoryStream(ClusterConfig(window_days=30))
    keys = [stream.add(extract_features(a, ANNOTATIONS[a.id])) for a in QUINT_2019]
    assert keys == [0, 0, 0]
    assert stream.active_count == 1
    follow_up = [stream.add(extract_features(a, ANNOTATIONS[a.id])) for a in QUINT_2020]
    assert follow_up == [1, 1]
    assert [(c.key, c.article_ids) for c in stream.drain_closed()] == [(0, ("a-q1", "a-q2", "a-q3"))]
    assert stream.active_count == 1
    assert [(c.key, c.article_ids) for c in stream.close_all()] == [(1, ("a-f1", "a-f2"))]


def test_entity_keys() -> None:
    def key(text: str, label: str) -> str | None:
        return entity_key(EntityMention(start=0, end=len(text), text=text, label=label))

    assert key("Marla Quint", "PERSON") == "PERSON:quint"
    assert key("Dr. Marla Quint's", "PERSON") == "PERSON:quint"
    assert key("the Sunridge Clinic", "ORG") == "ORG:sunridge clinic"
    assert key("Port Calder", "GPE") == "PLACE:port calder"
    assert key("Tuesday", "DATE") is None


def test_mentioned_dates_and_weekdays() -> None:
    text = "The quake on March 3, 2019 followed one on Dec. 2 and another in 2011. It struck late Tuesday."
    assert mentioned_dates(text, D(2019, 3, 5)) == (
        frozenset({D(2019, 3, 3), D(2018, 12, 2)}),
        frozenset({2019, 2011}),
    )
    assert mentioned_dates(text, None) == (frozenset({D(2019, 3, 3)}), frozenset({2019, 2011}))
    assert weekday_mentions(text) == frozenset({1})
    assert tokenize("The U.S. singer's 5.8 quake") == ["u.s", "singer's", "5.8", "quake"]


def test_clean_title() -> None:
    assert clean_title("BREAKING: Quake hits Port Calder | Harbor Daily", "harbordaily.example") == (
        "Quake hits Port Calder"
    )
    assert clean_title("Quake hits Port Calder - Harbor Daily", None) == "Quake hits Port Calder"
    assert clean_title("QUAKE HITS PORT CALDER", None) == "Quake Hits Port Calder"
    assert clean_title("Vale - the actor - returns", None) == "Vale - the actor - returns"
    long_lead = "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen."
    assert clean_title(long_lead, None, derived=True) == (
        "One two three four five six seven eight nine ten eleven twelve thirteen fourteen…"
    )


def test_a_lone_article_gets_a_second_chance_when_its_story_closes() -> None:
    copy = art("a-q1c", D(2019, 3, 4), QUINT_2019[0].title, QUINT_2019[0].text, "copy.example")
    articles = [QUINT_2019[0], copy, QUINT_2019[1]]

    def run(attach: float) -> list[tuple[str, ...]]:
        stream = StoryStream(ClusterConfig(join_threshold=0.95, attach_threshold=attach))
        keys = [stream.add(extract_features(a, ANNOTATIONS.get(a.id, annotate(a)))) for a in articles]
        assert keys == [0, 0, 1]  # only the exact copy clears the join threshold of 0.95
        return [c.article_ids for c in stream.close_all()]

    assert run(attach=0.5) == [("a-q1", "a-q1c", "a-q2")]
    assert run(attach=0.99) == [("a-q1", "a-q1c"), ("a-q2",)]


def test_no_estimate_without_a_dated_article_in_the_story() -> None:
    from storyline.cluster.estimates import estimate_date

    # the text's own dates say only "not before": measured on real news, a window built from them is wrong
    lone = art("a-l1", None, "Bellmoor fair", "The fair opened on June 2, 2018 and closed on June 9, 2018.")
    assert estimate_date(extract_features(lone, None), lone.text, "s-x", []) is None
    bare = art("a-l2", None, "Fair", "The fair opened.")
    assert estimate_date(extract_features(bare, None), bare.text, "s-x", []) is None
    assert cluster_stories([lone, bare], {}).estimates == {}


def test_specific_details() -> None:
    text = (
        "A magnitude 5.8 quake cut power to 12,000 homes; 3 people were hurt. Damage: $2.5 million. "
        "The Rovers won 20-13 in 2019, and 7 to 9 buses ran."
    )
    assert specific_details(text) == {
        "quake=5.8": 1,
        "homes=12000": 1,
        "people=3": 1,
        "million=$2.5": 1,
        "buses=9": 1,  # "7 to": a function word is not what a number counts
        "magnitude=5.8": 1,
        "score=20-13": 1,
    }  # the bare year 2019 is not a detail


def test_conflicting_details_push_apart_and_statistics_do_not() -> None:
    config = ClusterConfig(conflict_penalty=0.2)
    mine = {"magnitude=5.8": 1.0}
    story = {"magnitude=4.1": 1.0, "yards=10": 1.0}
    assert detail_evidence(mine, detail_values(mine), story, None, detail_values(story), config) == (0.0, 0.2)
    same = {"magnitude=5.8": 1.0, "yards=10": 1.0}
    assert detail_evidence(mine, detail_values(mine), same, None, detail_values(same), config) == (0.0, 0.0)
    # "yards" counted with three values on the story's side is a statistic: no conflict
    stats = {"yards=12": 1.0, "yards=40": 1.0, "yards=7": 1.0}
    mine_yards = {"yards=99": 1.0}
    assert detail_evidence(
        mine_yards, detail_values(mine_yards), stats, None, detail_values(stats), config
    ) == (0.0, 0.0)
    half = ClusterConfig(conflict_penalty=0.2, detail_weight=0.5)
    both = unit({"magnitude=5.8": 1.0, "homes=12000": 1.0})
    assert detail_evidence(both, detail_values(both), same, None, detail_values(same), half) == (
        pytest.approx(0.5 * 0.5),
        0.0,
    )  # detail cosine 1/2 (one of two shared), no conflict


def _quake(aid: str, day: dt.date, magnitude: str, homes: str) -> Article:
    """An invented report of a quake in Port Calder."""
    return art(
        aid,
        day,
        "Earthquake shakes Port Calder",
        f"A magnitude {magnitude} earthquake shook Port Calder, the Calder Seismic Office said. "
        f"Power was cut to {homes} homes in Port Calder.",
    )


def test_a_conflicting_magnitude_splits_two_quakes_in_one_place() -> None:
    first = _quake("a-k1", D(2019, 3, 5), "5.8", "12,000")
    second = _quake("a-k2", D(2019, 3, 9), "4.1", "800")
    annotations = {a.id: annotate(a) for a in (first, second)}

    def run(penalty: float) -> list[tuple[str, ...]]:
        config = ClusterConfig(conflict_penalty=penalty, join_threshold=0.6)
        return [s.article_ids for s in cluster_stories([first, second], annotations, config=config).stories]

    assert run(0.0) == [("a-k1", "a-k2")]
    assert run(0.5) == [("a-k1",), ("a-k2",)]


def test_refinement_moves_an_article_to_the_story_it_fits_best() -> None:
    articles = [*QUINT_2019, *QUAKE]
    features = {a.id: extract_features(a, ANNOTATIONS[a.id]) for a in articles}
    frequencies = DocumentFrequencies()
    frequencies.add_all(features[aid] for aid in sorted(features))
    groups = [["a-q1", "a-q2", "a-e1"], ["a-q3"], ["a-e2"]]
    refined = refine_groups(groups, features, frequencies, {}, ClusterConfig())
    assert refined == [["a-q1", "a-q2", "a-q3"], ["a-e2", "a-e1"]]
    assert refine_groups(groups, features, frequencies, {}, ClusterConfig(refine_rounds=0)) == groups


def test_closing_stories_merge_by_average_link_with_a_shared_actor_within_the_window() -> None:
    def copy(a: Article, suffix: str, day: dt.date | None = None) -> Article:
        return art(a.id + suffix, day or a.published, a.title, a.text, "copy.example")

    quint = [QUINT_2019[0], copy(QUINT_2019[0], "c"), QUINT_2019[1], copy(QUINT_2019[1], "c")]
    vale = [copy(a, "", D(2019, 3, 6)) for a in VALE_2021[:1]]  # another rehab, the same week
    vale.append(copy(vale[0], "c"))

    def run(merge: float, articles: list[Article], archive: bool = False) -> list[tuple[str, ...]]:
        # join 0.95: only copies join while streaming; merging at close does the rest
        stream = StoryStream(ClusterConfig(join_threshold=0.95, merge_threshold=merge), archive=archive)
        for a in articles:
            stream.add(extract_features(a, annotate(a)))
        return [c.article_ids for c in stream.close_all()]

    apart = [("a-q1", "a-q1c"), ("a-q2", "a-q2c"), ("a-v1", "a-v1c")]
    merged = [("a-q2", "a-q2c", "a-q1", "a-q1c"), ("a-v1", "a-v1c")]
    assert run(1.0, [*quint, *vale]) == apart
    assert run(ClusterConfig().merge_threshold, [*quint, *vale]) == merged
    # the Quint halves' article pairs have a mean similarity of 0.766 (text 0.540, entities 0.991)
    assert run(0.76, [*quint, *vale]) == merged
    assert run(0.77, [*quint, *vale]) == apart
    # Quint and Vale share words (0.059) but no one: however low the bar, they stay two stories
    assert run(0.01, [*quint, *vale]) == merged
    # a year later the same people make a new story, however low the bar (even with closed stories kept)
    later = [copy(QUINT_2020[0], ""), copy(QUINT_2020[0], "c")]
    assert run(0.01, [*quint, *later], archive=True) == [
        ("a-q2", "a-q2c", "a-q1", "a-q1c"),
        ("a-f1", "a-f1c"),
    ]


def test_entities_outlast_words_over_time() -> None:
    config = ClusterConfig()
    assert time_factor(D(2019, 4, 6), D(2019, 3, 1), D(2019, 3, 7), config) == pytest.approx(
        math.exp(-23 / 30)
    )
    combined, fast = decayed(0.4, 0.8, 3, 0.1, D(2019, 4, 6), D(2019, 3, 1), D(2019, 3, 7), config)
    slow = math.exp(-23 / 365)
    assert fast == pytest.approx(math.exp(-23 / 30))
    assert combined == pytest.approx(0.5 * 0.4 * fast + 0.5 * 0.8 * slow + 0.1 * slow)
    assert decayed(0.4, 0.8, 3, 0.0, None, D(2019, 3, 1), D(2019, 3, 7), config) == (
        pytest.approx(0.6),
        1.0,
    )
