"""Stories: given names, entity support and fading detail conflicts (invented articles and names)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from storyline.cluster import ClusterConfig, StoryStream, extract_features
from storyline.cluster import stream as stream_module
from storyline.cluster.features import given_name_keys
from storyline.cluster.stream import combine, decayed
from storyline.models import Article, EntityMention
from tests.gazetteer import gazetteer_annotator

D = dt.date

# Every name, place and event below is invented.
GAZETTEER = {
    "Marla Quint": "PERSON",
    "Marla": "PERSON",
    "Quint": "PERSON",
    "Ada Fenn": "PERSON",
    "Ada Brook": "PERSON",
    "Ada": "PERSON",
    "Dr. Tobias Renn": "PERSON",
    "Tobias": "PERSON",
    "Bellmoor": "GPE",
    "Sunridge Clinic": "ORG",
    "Harlow Rovers": "ORG",
    "Kestrel Park": "FAC",
    "Odo Flint": "PERSON",
}


def mention(text: str, label: str = "PERSON") -> EntityMention:
    """A mention at offset 0 (offsets do not matter to the keys)."""
    return EntityMention(start=0, end=len(text), text=text, label=label)


annotate = gazetteer_annotator(GAZETTEER)


def art(aid: str, day: dt.date | None, title: str, text: str) -> Article:
    """An invented article."""
    return Article(
        id=aid, source=f"{aid}.txt", title=title, text=text, outlet="harbor.example", published=day
    )


def test_a_given_name_alone_means_the_full_name_in_the_same_text() -> None:
    keys = given_name_keys(
        [mention("Marla Quint"), mention("Marla"), mention("Dr. Tobias Renn"), mention("Bellmoor", "GPE")]
    )
    assert keys == {"PERSON:marla": "PERSON:quint", "PERSON:tobias": "PERSON:renn"}
    # two people share the given name: "Ada" alone could be either, so it stays as it is
    assert given_name_keys([mention("Ada Fenn"), mention("Ada Brook"), mention("Ada")]) == {}
    assert given_name_keys([mention("Quint"), mention("Marla")]) == {}


def test_features_count_a_given_name_under_the_family_name() -> None:
    article = art(
        "a-g1",
        D(2020, 5, 1),
        "Singer checks into clinic",
        "Marla Quint checked into Sunridge Clinic. Marla thanked her fans. Marla will rest in Bellmoor.",
    )
    features = extract_features(article, annotate(article))
    assert features.entities == {
        "PERSON:quint": pytest.approx(3.0 * (1.0 + math.log(3))),
        "ORG:sunridge clinic": pytest.approx(1.5),
        "PLACE:bellmoor": pytest.approx(2.0),
    }
    assert features.entity_names["PERSON:quint"] == "Marla Quint"


def test_an_article_naming_one_entity_gets_a_smaller_entity_weight() -> None:
    config = ClusterConfig()
    assert combine(0.2, 1.0, 0, config) == 0.2
    assert combine(0.2, 1.0, 1, config) == pytest.approx((0.5 * 0.2 + 0.25 * 1.0) / 0.75)
    assert combine(0.2, 1.0, 2, config) == pytest.approx(0.6)
    assert combine(0.2, 1.0, 7, config) == pytest.approx(0.6)


def test_detail_conflicts_fade_as_fast_as_word_overlap() -> None:
    config = ClusterConfig()
    # 30 days after the story's last article: 23 days past the 7-day grace
    combined, fast = decayed(0.4, 0.8, 3, 0.1, D(2019, 4, 6), D(2019, 3, 1), D(2019, 3, 7), config, 0.1)
    slow = math.exp(-23 / 365)
    assert fast == pytest.approx(math.exp(-23 / 30))
    assert combined == pytest.approx(0.5 * 0.4 * fast + 0.5 * 0.8 * slow + 0.1 * slow - 0.1 * fast)
    # within the story's period the conflict counts in full
    within, factor = decayed(0.4, 0.8, 3, 0.0, D(2019, 3, 5), D(2019, 3, 1), D(2019, 3, 7), config, 0.1)
    assert within == pytest.approx(0.5)
    assert factor == 1.0


def _match_report(aid: str, day: dt.date, text: str) -> Article:
    """An invented report on the Harlow Rovers' stadium deal."""
    return art(aid, day, "Harlow Rovers stadium deal at Kestrel Park", text)


def test_a_follow_up_weeks_later_with_new_numbers_joins_its_story() -> None:
    first = _match_report(
        "a-s1",
        D(2022, 2, 1),
        "The Harlow Rovers agreed to build a stadium at Kestrel Park in Bellmoor for 40,000 fans, club "
        "chairman Odo Flint said. Flint said the Kestrel Park stadium will cost 90 million pounds.",
    )
    second = _match_report(
        "a-s2",
        D(2022, 2, 2),
        "Odo Flint, chairman of the Harlow Rovers, said the stadium at Kestrel Park in Bellmoor will hold "
        "40,000 fans. The council in Bellmoor backed the Kestrel Park plan.",
    )
    follow_up = _match_report(
        "a-s3",
        D(2022, 3, 8),
        "The Harlow Rovers stadium at Kestrel Park in Bellmoor will now hold 45,000 fans, chairman Odo "
        "Flint said, after the council in Bellmoor approved the Kestrel Park plan.",
    )

    def run(penalty: float) -> tuple[list[int], float]:
        stream = StoryStream(ClusterConfig(conflict_penalty=penalty))
        keys = [stream.add(extract_features(a, annotate(a))) for a in (first, second, follow_up)]
        assert stream.last_score is not None
        return keys, stream.last_score.combined

    keys, combined = run(0.1)
    assert keys == [0, 0, 0]
    assert round(combined, 4) == 0.5899
    # "45,000 fans" against "40,000 fans" is a conflict, 34 days after the story's last article (27 past
    # the grace): it costs the penalty times the word-overlap factor, not the slow entity factor
    assert run(0.0)[1] - combined == pytest.approx(0.1 * math.exp(-27 / 30))


def test_a_namesake_article_naming_only_that_name_goes_by_its_words(monkeypatch: pytest.MonkeyPatch) -> None:
    singer = [
        art(
            f"a-n{i}",
            D(2021, 6, i),
            "Marla Quint checks into Sunridge Clinic",
            "Singer Marla Quint checked into Sunridge Clinic in Bellmoor for treatment, her manager said. "
            f"Quint cancelled {i + 2} concerts while she is at Sunridge Clinic in Bellmoor.",
        )
        for i in (1, 2, 3)
    ]
    budget = [
        art(
            f"a-b{i}",
            D(2021, 6, i),
            "Harbour budget vote at Kestrel Park",
            "Councillor Odo Flint presented the harbour budget at Kestrel Park. The budget committee will "
            f"discuss ferry fares and harbour dredging, Flint said, in {i + 3} sessions.",
        )
        for i in (1, 2, 3)
    ]
    namesake = art(
        "a-n9",
        D(2021, 6, 4),
        "Harbour budget vote delayed",
        "Councillor Quint asked for a delay of the harbour budget vote. The budget committee will discuss "
        "ferry fares and harbour dredging again next month.",
    )

    def run() -> list[int]:
        stream = StoryStream(ClusterConfig())
        return [stream.add(extract_features(a, annotate(a))) for a in (*singer, *budget, namesake)]

    assert run() == [0, 0, 0, 1, 1, 1, 1]
    monkeypatch.setattr(stream_module, "ENTITY_SUPPORT", 1)  # its one name weighs in full: the singer's
    assert run() == [0, 0, 0, 1, 1, 1, 0]
