"""Duplicates: exact, near and contained texts, earliest copy, bad input, and the streaming index."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.dedup import DedupConfig, Duplicate, StreamingIndex, find_duplicates
from storyline.dedup._multimap import KeyMultimap
from storyline.errors import ConfigError
from storyline.evaluation.dedup import command, read_ecbplus, read_polnear
from storyline.models import Article

# An invented story (Brackenford, its council and its people do not exist).
SENTENCES = [
    "The Brackenford town council voted on Tuesday night to close the old Millgate footbridge for repairs.",
    "Engineers found rust on three of the five steel supports during an inspection in early spring.",
    "Mayor Odile Farquhar said the bridge would reopen before the harvest festival in the autumn.",
    "Shopkeepers on Canal Row worry that the closure will keep customers away for most of the summer.",
    "A ferry run by volunteers from the rowing club will carry pedestrians across the canal twice an hour.",
    "The repairs are expected to cost about four hundred thousand pounds, paid from the county road fund.",
    "Residents packed the council chamber and several asked why the problems were not found earlier.",
    "Councillor Ravi Tennant said the last full inspection took place eleven years ago, before his term.",
    "The contractor, Hollis and Grange, has promised to work on weekends to finish the job sooner.",
    "Cyclists will be sent along the towpath to the Eastmoor lock, a detour of almost two miles.",
    "The footbridge was built in 1894 and is listed as a structure of local historic interest.",
    "A public meeting on the detour routes will be held at the library next Thursday evening.",
]
STORY = " ".join(SENTENCES[:4]) + "\n\n" + " ".join(SENTENCES[4:8]) + "\n\n" + " ".join(SENTENCES[8:])

OTHER_STORY = (
    "The Brackenford town council voted on Wednesday to reopen the swimming baths on Quarry Lane after a "
    "long dispute over heating costs. Lifeguards from the neighbouring town of Eastmoor will staff the pool "
    "until new staff are trained. Mayor Odile Farquhar said the baths had been missed by families and by "
    "the school. Parents had collected more than two thousand signatures in a petition delivered to the "
    "town hall in May. The heating will run on a heat pump bought with a grant from the regional climate "
    "office, officials said. Opening hours will be shorter on weekdays during the first month while the new "
    "system is tested."
)


def article(ident: str, text: str, day: int | None = 1, title: str = "Footbridge to close") -> Article:
    """A test article published on ``day`` of March 2026 (None: undated)."""
    published = dt.date(2026, 3, day) if day is not None else None
    return Article(id=ident, source=f"{ident}.txt", title=title, text=text, published=published)


def shingle_set(text: str, k: int = 5) -> set[tuple[str, ...]]:
    """Word k-shingles of a lowercased text, computed independently of the code under test."""
    words = re.findall(r"[^\W_]+", text.lower().replace("’", "'"))
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


def jaccard(a: str, b: str) -> float:
    sa, sb = shingle_set(a), shingle_set(b)
    return len(sa & sb) / len(sa | sb)


def test_exact_duplicate_under_new_headline_and_quote_style_points_to_the_earliest() -> None:
    quoted = STORY.replace("for repairs.", "for “urgent” repairs.")
    straight = quoted.replace("“", '"').replace("”", '"')
    original = article("a-orig", quoted, day=2)
    copy = article("a-copy", straight, day=3, title="Historic bridge shut")
    assert find_duplicates([copy, original]) == (
        Duplicate(article="a-copy", duplicate_of="a-orig", kind="exact", similarity=1.0),
    )


def test_near_duplicate_with_trimmed_ending_and_changed_word_has_exact_jaccard() -> None:
    trimmed = " ".join(SENTENCES[:11]).replace("rust on three", "rust on four")
    result = find_duplicates([article("a-1", STORY), article("a-2", trimmed, day=2)])
    expected = jaccard(STORY, trimmed)
    assert round(expected, 3) == 0.867  # 85 shared of 98 shingles
    assert result == (Duplicate(article="a-2", duplicate_of="a-1", kind="near", similarity=expected),)


def test_short_article_inside_a_longer_one_is_contained() -> None:
    excerpt = " ".join(SENTENCES[4:8])
    result = find_duplicates([article("a-long", STORY), article("a-short", excerpt, day=4)])
    assert result == (Duplicate(article="a-short", duplicate_of="a-long", kind="contained", similarity=1.0),)


def test_same_council_different_event_is_not_a_duplicate() -> None:
    assert find_duplicates([article("a-1", STORY), article("a-2", OTHER_STORY)]) == ()


def test_result_does_not_depend_on_input_order_and_undated_copies_count_as_later() -> None:
    arts = [
        article("a-b", STORY, day=5),
        article("a-a", STORY, day=5),
        article("a-0", STORY, day=None),
        article("a-c", STORY, day=7),
    ]
    expected = (
        Duplicate(article="a-0", duplicate_of="a-a", kind="exact", similarity=1.0),
        Duplicate(article="a-b", duplicate_of="a-a", kind="exact", similarity=1.0),
        Duplicate(article="a-c", duplicate_of="a-a", kind="exact", similarity=1.0),
    )
    for order in itertools.permutations(arts):
        assert find_duplicates(list(order)) == expected


def test_two_articles_identical_except_the_date() -> None:
    later, earlier = article("a-later", STORY, day=9), article("a-earlier", STORY, day=8)
    assert find_duplicates([later, earlier]) == (
        Duplicate(article="a-later", duplicate_of="a-earlier", kind="exact", similarity=1.0),
    )


def test_texts_too_short_to_shingle_are_never_duplicates() -> None:
    arts = [article(f"a-{i}", "Bridge closed today.", day=i + 1) for i in range(3)]
    assert find_duplicates(arts) == ()
    assert find_duplicates([article("a-empty", ""), article("a-empty2", "  ")]) == ()


def test_texts_of_only_boilerplate_are_never_duplicates() -> None:
    furniture = (
        "Sign up for our daily newsletter.\n\nFollow us on social media for more updates.\n\nRead more."
    )
    arts = [article("a-1", furniture), article("a-2", furniture, day=2)]
    assert find_duplicates(arts) == ()


def test_added_boilerplate_does_not_hide_a_copy() -> None:
    padded = "Sign up for our daily newsletter and never miss a story.\n\n" + STORY
    assert find_duplicates([article("a-1", STORY), article("a-2", padded, day=2)]) == (
        Duplicate(article="a-2", duplicate_of="a-1", kind="exact", similarity=1.0),
    )


def test_non_latin_script_uses_character_shingles() -> None:
    chinese = (
        "布拉肯福德镇议会周二晚上投票决定关闭旧的米尔盖特人行桥进行维修。工程师在春季检查中发现五根钢支柱中有三根生锈。"
        "镇长表示这座桥将在秋季丰收节之前重新开放。运河街的店主担心关闭会让顾客整个夏天都不来。"
    )
    edited = chinese.replace("三根", "四根")
    other = (
        "东摩尔镇的游泳馆将在周三重新开放，附近学校的家长收集了两千多个签名，要求尽快恢复开放时间和救生员。"
    )
    result = find_duplicates([article("a-1", chinese), article("a-2", edited, day=2), article("a-3", other)])
    assert [(d.article, d.duplicate_of, d.kind) for d in result] == [("a-2", "a-1", "near")]
    assert result[0].similarity == pytest.approx(0.9, abs=0.05)


def test_an_article_duplicated_ten_thousand_times() -> None:
    arts = [article(f"a-{i:05d}", STORY, day=1 + i % 28) for i in range(10_000)]
    result = find_duplicates(arts)
    assert len(result) == 9_999
    assert {d.duplicate_of for d in result} == {"a-00000"}
    assert {(d.kind, d.similarity) for d in result} == {("exact", 1.0)}


def test_repeated_id_counts_once() -> None:
    one = article("a-1", STORY)
    assert find_duplicates([one, one]) == ()


@pytest.mark.parametrize(
    "kwargs",
    [{"near_threshold": 0.0}, {"bands": 40, "rows": 4}, {"shingle_tokens": 11}, {"min_tokens": 2}],
)
def test_invalid_config_is_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        DedupConfig(**kwargs)  # type: ignore[arg-type]


# streaming ------------------------------------------------------------------------------------------------


def test_stream_reports_copies_inside_the_window_and_evicts_older_articles() -> None:
    index = StreamingIndex(window_days=7)
    assert index.add(article("a-1", STORY, day=1)) == ()
    assert index.add(article("a-2", STORY, day=3)) == (
        Duplicate(article="a-2", duplicate_of="a-1", kind="exact", similarity=1.0),
    )
    assert len(index) == 2
    assert index.add(article("a-3", OTHER_STORY, day=20)) == ()
    assert len(index) == 1  # day 1 and day 3 are more than 7 days before day 20
    assert index.add(article("a-4", STORY, day=21)) == ()
    assert ("a-1" in index, "a-4" in index) == (False, True)


def test_stream_late_arrival_of_an_older_copy_becomes_the_root() -> None:
    index = StreamingIndex(window_days=7)
    index.add(article("a-new", STORY, day=5))
    assert index.add(article("a-old", STORY, day=4)) == (
        Duplicate(article="a-new", duplicate_of="a-old", kind="exact", similarity=1.0),
    )


def test_stream_memory_follows_the_window_not_the_stream() -> None:
    index = StreamingIndex(window_days=7)
    start = dt.date(2026, 1, 1)
    for i in range(100):
        day = start + dt.timedelta(days=i)
        text = (
            f"Day {i} bulletin. "
            + " ".join(SENTENCES[j % 12] for j in range(i, i + 3))
            + f" Ticket {i * 7919}."
        )
        index.add(Article(id=f"a-{i:03d}", source="s", title="t", text=text, published=day))
    assert len(index) == 8  # the newest day and the seven before it


def test_stream_near_and_contained_copies_match_the_batch_result() -> None:
    trimmed = " ".join(SENTENCES[:11])
    excerpt = " ".join(SENTENCES[4:8])
    arts = [article("a-1", STORY), article("a-2", trimmed, day=2), article("a-3", excerpt, day=3)]
    index = StreamingIndex(window_days=30)
    streamed = tuple(d for a in arts for d in index.add(a))
    assert streamed == find_duplicates(arts)
    assert [d.kind for d in streamed] == ["near", "contained"]


def test_stream_skips_texts_too_short_and_refuses_a_negative_window() -> None:
    index = StreamingIndex()
    assert index.add(article("a-1", "Short.")) == ()
    assert len(index) == 0
    with pytest.raises(ConfigError):
        StreamingIndex(window_days=-1)


# the evaluation command (on invented data in the real formats) ---------------------------------------------


def _invented_text(rng: random.Random, sentences: int) -> str:
    """Sentences of invented words: no two texts share a word 8-gram by chance."""
    syllables = [
        "bra",
        "ken",
        "mil",
        "gate",
        "fo",
        "ran",
        "del",
        "tor",
        "vin",
        "sa",
        "lo",
        "pem",
        "ric",
        "hal",
    ]
    words = ["".join(rng.sample(syllables, 3)) for _ in range(sentences * 14)]
    return "\n\n".join(" ".join(words[i : i + 14]).capitalize() + "." for i in range(0, len(words), 14))


def _write_polnear(root: Path, n: int) -> None:
    rng = random.Random(5)
    rows = ["compartment\tfilename\tpublisher\tpublication_date\ttitle"]
    for i in range(n):
        split = ("train", "dev", "test")[i % 3]
        name = f"outlet_{i:03d}"
        folder = root / split / "text"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.txt").write_text(f"Title {i}\n\n" + _invented_text(rng, 12), encoding="utf-8")
        rows.append(f"{split}\t{name}\toutlet\t2016-03-{1 + i % 28:02d}\tTitle {i}")
    (root / "metadata.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_polnear_reader_skips_the_test_split(tmp_path: Path) -> None:
    _write_polnear(tmp_path, 9)
    arts = read_polnear(tmp_path)
    assert len(arts) == 6
    assert {a.outlet for a in arts} == {"outlet"}
    assert arts[0].title == "Title 0" and not arts[0].text.startswith("Title")


def test_ecbplus_reader_detokenizes_and_never_reads_held_back_topics(tmp_path: Path) -> None:
    tokens = [
        "http",
        ":",
        "/",
        "/",
        "x",
        ".",
        "com",
        "Bridge",
        "shut",
        "in",
        "Brackenford",
        "``",
        "Closed",
        "''",
    ]
    sentence = [0] * 7 + [1] * 4 + [2] * 3
    for topic in ("1", "36"):
        (tmp_path / topic).mkdir()
        body = "".join(
            f'<token t_id="{i}" sentence="{s}" number="{i}">{t}</token>\n'
            for i, (t, s) in enumerate(zip(tokens, sentence, strict=True))
        )
        for n, word in enumerate(["It", "did", "n't", "."]):
            body += f'<token t_id="{99 + n}" sentence="3" number="{n}">{word}</token>'
        (tmp_path / topic / f"{topic}_1ecb.xml").write_text(f'<Document doc_name="d">\n{body}</Document>')
    arts = read_ecbplus(tmp_path)
    assert [(a.title, a.text) for a in arts] == [("Bridge shut in Brackenford", "“Closed” It didn't.")]


def test_eval_command_prints_one_json_object(tmp_path: Path) -> None:
    _write_polnear(tmp_path, 45)
    result = CliRunner().invoke(command, ["polnear", str(tmp_path), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert sorted(data) == [
        "counts",
        "duplicates",
        "passages",
        "passages_in_hosts",
        "recall_by_transformation",
        "seconds",
    ]
    # invented texts share nothing by chance: every predicted duplicate pair is a planted one
    assert data["duplicates"]["precision"] == 1.0
    assert data["counts"]["articles"] == 30 - 6 - 3 + data["counts"]["copies"] + data["counts"]["hosts"]
    again = json.loads(CliRunner().invoke(command, ["polnear", str(tmp_path), "--json"]).output)
    assert {k: v for k, v in again.items() if k != "seconds"} == {
        k: v for k, v in data.items() if k != "seconds"
    }


def test_eval_command_refuses_unknown_data_sets_and_odd_arguments(tmp_path: Path) -> None:
    odd = CliRunner().invoke(command, ["polnear"])
    assert odd.exit_code == 2 and "DATASET PATH pairs" in odd.output
    unknown = CliRunner().invoke(command, ["gdelt", str(tmp_path)])
    assert unknown.exit_code == 2 and "unknown data set 'gdelt'" in unknown.output
    empty = CliRunner().invoke(command, ["ecbplus", str(tmp_path)])
    assert empty.exit_code == 2 and "no ecbplus articles found" in empty.output


VARIANTS = [
    STORY,
    " ".join(SENTENCES[:11]),
    " ".join(SENTENCES[4:8]),
    STORY.replace("rust", "corrosion"),
    OTHER_STORY,
    OTHER_STORY + " The pool will close on public holidays.",
]


@settings(max_examples=40, deadline=None)
@given(
    picks=st.lists(
        st.tuples(st.integers(0, len(VARIANTS) - 1), st.one_of(st.none(), st.integers(1, 9))),
        min_size=1,
        max_size=8,
    ),
    seed=st.randoms(use_true_random=False),
)
def test_duplicates_are_a_function_of_the_set_not_the_order(
    picks: list[tuple[int, int | None]], seed: random.Random
) -> None:
    arts = [article(f"a-{i}", VARIANTS[v], day=d) for i, (v, d) in enumerate(picks)]
    shuffled = list(arts)
    seed.shuffle(shuffled)
    result = find_duplicates(arts)
    assert find_duplicates(shuffled) == result
    assert all(d.article != d.duplicate_of for d in result)
    roots = {d.duplicate_of for d in result}
    assert not roots & {d.article for d in result}  # every pointer goes to a group's earliest copy


def test_a_longer_later_article_containing_an_earlier_short_one_points_to_it() -> None:
    statement = " ".join(SENTENCES[4:8])
    arts = [article("a-statement", statement, day=1), article("a-report", STORY, day=2)]
    expected = (Duplicate(article="a-report", duplicate_of="a-statement", kind="contained", similarity=1.0),)
    assert find_duplicates(arts) == expected
    index = StreamingIndex(window_days=30)
    assert tuple(d for a in arts for d in index.add(a)) == expected


def test_a_statement_quoted_inside_a_long_article_is_reuse_not_a_contained_copy() -> None:
    statement = SENTENCES[4] + " " + SENTENCES[5]  # 34 words, all inside STORY (about 190 words)
    arts = [article("a-statement", statement, day=1), article("a-report", STORY, day=2)]
    assert find_duplicates(arts) == ()
    index = StreamingIndex(window_days=30)
    assert [index.add(a) for a in arts] == [(), ()]


# streaming in batches ---------------------------------------------------------------------------------------


def test_stream_batch_sees_evictions_made_inside_the_batch() -> None:
    index = StreamingIndex(window_days=7)
    arts = [
        article("a-1", STORY, day=1),
        article("a-2", STORY, day=3),
        article("a-3", OTHER_STORY, day=20),
        article("a-4", STORY, day=21),  # a-1 and a-2 were evicted by a-3, earlier in the same batch
    ]
    assert index.add_batch(arts) == (
        Duplicate(article="a-2", duplicate_of="a-1", kind="exact", similarity=1.0),
    )
    assert (len(index), "a-1" in index, "a-3" in index, "a-4" in index) == (2, False, True, True)


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(
        st.tuples(st.integers(0, len(VARIANTS) - 1), st.one_of(st.none(), st.integers(1, 28))),
        min_size=1,
        max_size=14,
    ),
    repeats=st.lists(st.integers(0, 13), max_size=3),
    window=st.sampled_from([0.0, 2.0, 7.0, 40.0]),
    cap=st.sampled_from([2, 4, 1000]),
    cuts=st.lists(st.integers(1, 5), min_size=1, max_size=6),
)
def test_stream_in_batches_equals_one_article_at_a_time(
    picks: list[tuple[int, int | None]], repeats: list[int], window: float, cap: int, cuts: list[int]
) -> None:
    arts = [article(f"a-{i:02d}", VARIANTS[v], day=d) for i, (v, d) in enumerate(picks)]
    arts += [arts[r % len(arts)] for r in repeats]  # an article read twice
    one = StreamingIndex(window_days=window, max_articles=cap)
    expected = [d for a in arts for d in one.add(a)]
    batched = StreamingIndex(window_days=window, max_articles=cap)
    got: list[Duplicate] = []
    start = 0
    for cut in itertools.cycle(cuts):
        if start >= len(arts):
            break
        got.extend(batched.add_batch(arts[start : start + cut]))
        start += cut
    assert got == expected
    assert [a.id in batched for a in arts] == [a.id in one for a in arts]
    assert len(batched) == len(one)


# the NumPy multimap behind the streaming index -------------------------------------------------------------


def test_multimap_holds_repeated_keys_and_removes_one_pair_at_a_time() -> None:
    table = KeyMultimap()
    keys = np.array([5, 7, 5, 5, 9, 7], dtype=np.uint64)
    table.insert(keys, np.array([1, 2, 3, 3, 4, 5], dtype=np.int64))
    at, values = table.lookup(np.array([5, 8, 7], dtype=np.uint64))
    assert sorted(zip(at.tolist(), values.tolist(), strict=True)) == [(0, 1), (0, 3), (0, 3), (2, 2), (2, 5)]
    table.remove(np.array([5, 7, 9], dtype=np.uint64), np.array([3, 2, 6], dtype=np.int64))  # (9, 6): absent
    at, values = table.lookup(np.array([5, 7, 9], dtype=np.uint64))
    assert sorted(zip(at.tolist(), values.tolist(), strict=True)) == [(0, 1), (0, 3), (1, 5), (2, 4)]
    assert len(table) == 4


def test_multimap_grows_and_shrinks_with_the_pairs_it_holds() -> None:
    table = KeyMultimap()
    rng = np.random.default_rng(3)
    keys = rng.integers(0, 2**63, size=50_000, dtype=np.uint64)
    keys[::5] = keys[0]  # one key carried by 10,000 values
    values = np.arange(keys.size, dtype=np.int64)
    for part in range(5):
        table.insert(keys[part * 10_000 : (part + 1) * 10_000], values[part * 10_000 : (part + 1) * 10_000])
    assert (len(table), table.slots) == (50_000, 262_144)
    at, found = table.lookup(keys[:3])
    assert np.bincount(at).tolist() == [10_000, 1, 1]
    assert sorted(found[at == 0].tolist()) == list(range(0, 50_000, 5))
    table.remove(keys[10:], values[10:])
    assert (len(table), table.slots) == (10, 1024)  # tombstones dropped, the table sized for what is left
    at, found = table.lookup(np.unique(keys[:10]))  # keys[0] == keys[5]
    assert sorted(found.tolist()) == list(range(10))
