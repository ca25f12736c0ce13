"""Passage reuse: aligned passages, their spans and direction; source families and independent counts."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.dedup import Duplicate
from storyline.dedup import _winnow as wn
from storyline.errors import ArticleNotFound, ConfigError
from storyline.ids import make_group_id
from storyline.models import Article, TextSpan
from storyline.reuse import (
    MAX_ANCHOR_DOCS,
    MIN_PASSAGE_TOKENS,
    SEED_TOKENS,
    WINNOW_WINDOW,
    Family,
    FamilyConfig,
    Passage,
    Reuse,
    ReuseConfig,
    candidate_pairs,
    count_independent,
    find_reuse,
    source_families,
)

# Invented outlets, people and statement.
STATEMENT = (
    "Our family is grateful for the kindness shown to us since the fire at the Harrow Lane bakery. "
    "We ask that the neighbours who gave shelter to our children accept our thanks, and we will "
    "rebuild the shop where my grandfather first opened it in the spring of 1961."
)
# The second outlet's copy: curly quotes and apostrophes, "(sic)" inserted, one word changed.
STATEMENT_EDITED = (
    "Our family is grateful for the kindness shown to us since the fire at the Harrow Lane bakery. "
    "We ask that the neighbors (sic) who gave shelter to our children accept our thanks, and we will "
    "rebuild the shop where my grandfather first opened it in the spring of 1961."
)
INTRO_A = "A fire destroyed the Pell family bakery in Wrenford on Sunday morning. Nobody was hurt."
OUTRO_A = "The fire brigade said the blaze began in an oven at the back of the building."
INTRO_B = "Wrenford residents have raised money for the Pell family, whose bakery burned down last weekend."
OUTRO_B = "The collection will stay open at the post office until the end of the month, organisers said."
TEXT_A = f"{INTRO_A}\n\nIn a statement, Mara Pell wrote: \u201c{STATEMENT}\u201d\n\n{OUTRO_A}"
TEXT_B = f'{INTRO_B}\n\nThe family said: "{STATEMENT_EDITED}"\n\n{OUTRO_B}'
UNRELATED = (
    "The Wrenford chess club won the county league on Saturday for the first time in twenty years. "
    "Its youngest player, aged eleven, drew against the defending champion in the final round of the match."
)


def article(ident: str, text: str, day: int | None) -> Article:
    published = dt.date(2026, 5, day) if day is not None else None
    return Article(id=ident, source=f"{ident}.txt", title="Bakery fire", text=text, published=published)


def coverage(text: str, span: TextSpan) -> float:
    """Share of a text's word characters inside ``span`` (computed independently of the code under test)."""
    words = list(re.finditer(r"[^\W_]+", text))
    inside = sum(w.end() - w.start() for w in words if span.start <= w.start() and w.end() <= span.end)
    return round(inside / sum(w.end() - w.start() for w in words), 4)


def span_of(text: str, passage: str) -> TextSpan:
    start = text.index(passage)
    return TextSpan(start, start + len(passage))


def expected_reuse(first: str, second: str, directed: bool) -> Reuse:
    """The one passage: the whole statement, from its first word to its last (closing quote excluded)."""
    body = STATEMENT[:-1]  # the final full stop is not a word
    body_edited = STATEMENT_EDITED[:-1]
    span_a, span_b = span_of(TEXT_A, body), span_of(TEXT_B, body_edited)
    texts, spans = (TEXT_A, TEXT_B), (span_a, span_b)
    if first != "a-first":
        texts, spans = (TEXT_B, TEXT_A), (span_b, span_a)
    return Reuse(
        articles=(first, second),
        directed=directed,
        chars=spans[0].end - spans[0].start,
        passages=(Passage(text=texts[0][spans[0].start : spans[0].end], spans=spans),),
        coverage=(coverage(texts[0], spans[0]), coverage(texts[1], spans[1])),
    )


def test_statement_with_small_edits_is_one_aligned_passage_directed_by_date() -> None:
    a, b = article("a-first", TEXT_A, 3), article("b-second", TEXT_B, 4)
    result = find_reuse([b, a], pairs=[("b-second", "a-first")])
    assert result == (expected_reuse("a-first", "b-second", directed=True),)
    only = result[0]
    assert only.passages[0].text.startswith("Our family is grateful")
    assert only.passages[0].text.endswith("in the spring of 1961")
    assert TEXT_B[only.passages[0].spans[1].start :].startswith("Our family is grateful")


def test_coverage_is_the_share_of_each_text_inside_passages() -> None:
    (only,) = find_reuse([article("a-first", TEXT_A, 3), article("b-second", TEXT_B, 4)])
    assert only.coverage == expected_reuse("a-first", "b-second", directed=True).coverage


def test_later_article_is_second_and_direction_needs_two_different_dates() -> None:
    a, b = article("a-first", TEXT_A, 6), article("b-second", TEXT_B, 2)
    assert find_reuse([a, b])[0].articles == ("b-second", "a-first")
    assert find_reuse([a, b])[0].directed is True
    same_day = find_reuse([article("a-first", TEXT_A, 2), article("b-second", TEXT_B, 2)])
    assert (same_day[0].articles, same_day[0].directed) == (("a-first", "b-second"), False)
    undated = find_reuse([article("a-first", TEXT_A, None), article("b-second", TEXT_B, 9)])
    assert (undated[0].articles, undated[0].directed) == (("b-second", "a-first"), False)


def test_candidates_from_the_index_match_explicit_pairs() -> None:
    arts = [article("a-first", TEXT_A, 3), article("b-second", TEXT_B, 4), article("c-chess", UNRELATED, 4)]
    explicit = find_reuse(
        arts, pairs=[("a-first", "b-second"), ("a-first", "c-chess"), ("b-second", "c-chess")]
    )
    assert find_reuse(arts) == explicit
    assert [r.articles for r in explicit] == [("a-first", "b-second")]


def test_short_shared_phrase_is_not_reuse() -> None:
    x = article("x", "Police said the fire started in the kitchen of a house on Mill Road early today.", 1)
    y = article("y", "A neighbour said the fire started in the kitchen of the empty flat above the shop.", 1)
    assert find_reuse([x, y], pairs=[("x", "y")]) == ()


def test_texts_without_words_and_a_pair_with_itself_give_nothing() -> None:
    empty = article("e", "", 1)
    dots = article("d", "… — …", 1)
    assert find_reuse([empty, dots], pairs=[("e", "d"), ("e", "e")]) == ()


def test_unknown_article_in_a_pair_is_an_error_naming_it() -> None:
    with pytest.raises(ArticleNotFound, match="'zzz'"):
        find_reuse([article("a-first", TEXT_A, 1)], pairs=[("a-first", "zzz")])


def test_non_latin_passage_is_aligned_by_characters() -> None:
    statement = "我们感谢邻居们在面包店火灾后给予孩子们的帮助，我们将在祖父开店的地方重建这家店。"
    one = article("z1", "昨天早上的大火烧毁了面包店。家人说：“" + statement + "”消防队正在调查。", 1)
    two = article("z2", "居民为这家人募捐。声明写道：" + statement + "募捐将持续到月底。", 2)
    (only,) = find_reuse([one, two], pairs=[("z1", "z2")])
    assert only.passages[0].text == statement[:-1]  # the final "。" is punctuation, not a token
    assert only.passages[0].spans[1] == TextSpan(two.text.index(statement), two.text.index(statement) + 39)


# candidate pairs ------------------------------------------------------------------------------------------

# An invented press office's closing paragraph, carried by many articles: template text, not reuse.
TEMPLATE = (
    "The Wrenford county press office publishes these notices every weekday morning, and the full list of "
    "road closures, school notices and council meetings can be found on the county noticeboard."
)


def own_words(number: int) -> str:
    """Words no other fixture article has (invented tokens, one set per article)."""
    return " ".join(f"q{number}z{k}" for k in range(40)) + "."


def notices(count: int, with_statement: int) -> list[Article]:
    """``count`` articles carrying TEMPLATE; the first ``with_statement`` also carry STATEMENT."""
    return [
        article(
            f"n{i:02d}",
            f"{own_words(i)}\n\n" + (f"{STATEMENT}\n\n" if i < with_statement else "") + TEMPLATE,
            1,
        )
        for i in range(count)
    ]


def test_template_in_more_than_max_anchor_docs_articles_makes_no_candidates() -> None:
    arts = notices(MAX_ANCHOR_DOCS + 1, with_statement=3)
    assert candidate_pairs(arts) == [("n00", "n01"), ("n00", "n02"), ("n01", "n02")]
    assert [r.articles for r in find_reuse(arts)] == [("n00", "n01"), ("n00", "n02"), ("n01", "n02")]


def test_template_in_max_anchor_docs_articles_is_still_aligned() -> None:
    arts = notices(MAX_ANCHOR_DOCS, with_statement=0)
    every_pair = [(a.id, b.id) for i, a in enumerate(arts) for b in arts[i + 1 :]]
    assert candidate_pairs(arts) == every_pair
    result = find_reuse(arts)
    assert [r.articles for r in result] == every_pair
    assert {p.text for r in result for p in r.passages} == {TEMPLATE[:-1]}  # without the final full stop


def test_articles_with_the_same_text_are_represented_by_the_earliest() -> None:
    arts = [article("b-copy", TEXT_B, 5), article("b-orig", TEXT_B, 4), article("a-first", TEXT_A, 3)]
    assert candidate_pairs(arts) == [("a-first", "b-orig")]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("winnow_window", 0, "winnow_window must be >= 1, not 0"),
        ("max_anchor_docs", 1, "max_anchor_docs must be >= 2, not 1"),
        ("min_diagonal_anchors", 0, "min_diagonal_anchors must be >= 1, not 0"),
        ("diagonal_band", -3, "diagonal_band must be >= 1, not -3"),
    ],
)
def test_candidate_settings_out_of_range_are_config_errors(field: str, value: int, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        ReuseConfig(**{field: value})
    assert str(caught.value) == message


def test_document_frequency_counts_texts_not_occurrences() -> None:
    values = np.array([5, 5, 7, 5, 7, 9], dtype=np.uint64)
    docs = np.array([0, 0, 0, 1, 2, 2], dtype=np.int64)
    assert wn.document_frequency(values, docs).tolist() == [2, 2, 2, 2, 2, 1]


def test_pairs_need_min_anchors_on_one_diagonal_band() -> None:
    prints = wn.Fingerprints(
        # texts 0 and 1: three shared on diagonal +100; texts 0 and 2: three on diagonals 0, 50, 100;
        # texts 1 and 2: diagonals 15, 17, 20 straddle the edge of a 16-token bucket (0-15 | 16-31) but fit
        # in one bucket of the shifted bucketing (8-23)
        values=np.array([1, 2, 3, 4, 5, 6, 1, 2, 3, 7, 8, 9, 4, 5, 6, 7, 8, 9], dtype=np.uint64),
        docs=np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2], dtype=np.int64),
        positions=np.array([10, 14, 20, 300, 310, 320, 110, 114, 120, 0, 10, 20, 300, 360, 420, 15, 27, 40]),
    )
    assert wn.diagonal_pairs(prints, max_docs=16, band=16, min_anchors=3).tolist() == [[0, 1], [1, 2]]
    assert wn.diagonal_pairs(prints, max_docs=16, band=16, min_anchors=1).tolist() == [[0, 1], [0, 2], [1, 2]]
    # with max_docs=1 every shared fingerprint (carried by two texts) is too common to count
    assert wn.diagonal_pairs(prints, max_docs=1, band=16, min_anchors=1).tolist() == []


WORDS = st.lists(st.sampled_from([f"w{k}" for k in range(400)]), min_size=0, max_size=30)


@given(before_a=WORDS, after_a=WORDS, before_b=WORDS, after_b=WORDS)
@settings(max_examples=60, deadline=None)
def test_a_shared_run_of_min_passage_tokens_always_shares_a_fingerprint(
    before_a: list[str], after_a: list[str], before_b: list[str], after_b: list[str]
) -> None:
    run = [f"shared{k}" for k in range(MIN_PASSAGE_TOKENS)]  # tokens no other text has: rare shingles
    texts = [" ".join(before_a + run + after_a), " ".join(before_b + run + after_b)]
    values, docs, positions = wn.shingle_positions(texts, SEED_TOKENS)
    prints = wn.rare_fingerprints(values, docs, positions, WINNOW_WINDOW, MAX_ANCHOR_DOCS)
    first, second = (set(prints.values[prints.docs == d].tolist()) for d in (0, 1))
    assert first & second


# families -------------------------------------------------------------------------------------------------


def heavy(first: str, second: str, share: float, chars: int) -> Reuse:
    return Reuse(articles=(first, second), directed=False, chars=chars, passages=(), coverage=(share, 0.1))


def test_duplicates_and_heavy_reuse_make_families_light_reuse_does_not() -> None:
    ids = ["a", "b", "c", "d", "e"]
    dups = [Duplicate(article="b", duplicate_of="a", kind="near", similarity=0.8)]
    reuse = [heavy("c", "d", 0.7, 900), heavy("a", "e", 0.2, 400), heavy("d", "x-outside", 0.9, 900)]
    families = source_families(ids, dups, reuse, FamilyConfig())
    expected = sorted(
        [
            Family(id=make_group_id("f", ["a", "b"]), members=("a", "b")),
            Family(id=make_group_id("f", ["c", "d"]), members=("c", "d")),
            Family(id=make_group_id("f", ["e"]), members=("e",)),
        ],
        key=lambda f: f.id,
    )
    assert families == tuple(expected)
    assert count_independent(ids, families) == 3
    assert count_independent(["a", "b"], families) == 1
    assert count_independent(["a", "zzz"], families) == 2


def test_family_ids_do_not_depend_on_order() -> None:
    dups = [Duplicate(article="b", duplicate_of="a", kind="exact", similarity=1.0)]
    assert source_families(["b", "a"], dups, []) == source_families(["a", "b"], list(reversed(dups)), [])


def test_reuse_below_min_chars_is_not_a_family_link() -> None:
    families = source_families(["a", "b"], [], [heavy("a", "b", 0.9, 120)])
    assert sorted(f.members for f in families) == [("a",), ("b",)]
    assert {f.id for f in families} == {make_group_id("f", ["a"]), make_group_id("f", ["b"])}
