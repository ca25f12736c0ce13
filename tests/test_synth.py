"""The synthetic corpus generator (bench/synth.py) and the benchmark runner (bench/__init__.py)."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

import bench
from bench.ingest import IngestRun, format_table
from bench.synth import FORMATS_WRITTEN, SynthArticle, generate_corpus, write_corpus
from storyline.config import Settings
from storyline.ingest import article_id, read_inputs
from storyline.models import Article, Problem

STORY_DAYS_MAX = 6  # a story lasts at most five days; its dates can touch six calendar days


def _straight(text: str) -> str:
    """Return ``text`` with curly double quotes made straight."""
    return text.replace("“", '"').replace("”", '"')


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    """The generator is deterministic for a seed."""
    first = list(generate_corpus(300, seed=5))
    assert first == list(generate_corpus(300, seed=5))
    assert [s.article.id for s in first] != [s.article.id for s in generate_corpus(300, seed=6)]


def test_tiny_corpus_exact_truth_with_copies() -> None:
    """A tiny corpus's stories, dates, outlets, headlines and copies, exactly."""
    corpus = list(generate_corpus(8, seed=0, stories=3, words=60, duplicate_rate=0.3, reuse_rate=0.3))
    ids = [s.article.id for s in corpus]
    got = [
        (
            s.story,
            s.article.published,
            s.article.outlet,
            s.article.title,
            None if s.duplicate_of is None else ids.index(s.duplicate_of),
        )
        for s in corpus
    ]
    day = dt.date(2020, 1, 1)
    assert got == [
        (
            "story-0000000",
            day,
            "Meridian Herald",
            "Study from Little Morcombe team could change treatment",
            None,
        ),
        (
            "story-0000001",
            day,
            "Westmarch Post",
            "Larchmont Group scientists report breakthrough on crop disease",
            None,
        ),
        (
            "story-0000002",
            day,
            "Ridgeway Herald",
            "Study from North Thornmore team could change treatment",
            None,
        ),
        (
            "story-0000000",
            day,
            "Westmarch Gazette",
            "Little Morcombe: Study from Little Morcombe team could change treatment",
            0,
        ),
        (
            "story-0000001",
            dt.date(2020, 1, 2),
            "Harbour Post",
            "Study from Calgate team could change treatment",
            1,
        ),
        (
            "story-0000002",
            dt.date(2020, 1, 2),
            "Westmarch Ledger",
            "Stonebridge Council scientists report breakthrough on crop disease",
            2,
        ),
        (
            "story-0000000",
            dt.date(2020, 1, 3),
            "Meridian Ledger",
            "Study from Little Morcombe team could change treatment",
            None,
        ),
        (
            "story-0000001",
            dt.date(2020, 1, 4),
            "Westmarch Courier",
            "Study from Calgate team could change treatment",
            None,
        ),
    ]
    assert all(s.reused == () for s in corpus)
    assert corpus[0].article.text == (
        "Nadia Rosenthal, who led the work, said the results would need to be confirmed in larger trials. "
        "Beatrix Lindqvist, an independent expert, called the findings promising but early. "
        '"This is a first step, not a cure," Nadia Rosenthal said.\n\n'
        "Researchers at Greystone Trust in Little Morcombe published a study on Wednesday describing a new "
        "approach. The team spent four years collecting samples from farms around Little Morcombe."
    )


def test_tiny_corpus_exact_truth_with_reuse() -> None:
    """A tiny corpus's reused passages, exactly: (source index, source span, span)."""
    corpus = list(generate_corpus(10, seed=0, stories=3, words=60, duplicate_rate=0.3, reuse_rate=0.6))
    ids = [s.article.id for s in corpus]
    got = [
        [(ids.index(r.source), r.source_start, r.source_end, r.start, r.end) for r in s.reused]
        for s in corpus
    ]
    assert got == [
        [],
        [],
        [(1, 273, 450, 245, 422)],
        [],
        [],
        [],
        [(0, 247, 426, 428, 607)],
        [(1, 0, 271, 273, 544)],
        [(4, 0, 248, 250, 498)],
        [],
    ]
    assert [s.story[-1] for s in corpus] == list("0112010101")


def test_count_stories_and_publication_order() -> None:
    """Exactly n articles and the asked number of stories, by non-decreasing date; stories last days."""
    corpus = list(generate_corpus(2000, seed=1, stories=150))
    assert len(corpus) == 2000
    assert len({s.story for s in corpus}) == 150
    dates = [s.article.published for s in corpus]
    assert all(d is not None for d in dates)
    assert dates == sorted(dates)  # type: ignore[type-var]
    first: dict[str, dt.date] = {}
    for s in corpus:
        assert s.article.published is not None
        start = first.setdefault(s.story, s.article.published)
        assert (s.article.published - start).days < STORY_DAYS_MAX
    assert len(list(generate_corpus(800, seed=1))) == 800
    assert len({s.story for s in generate_corpus(800, seed=1)}) == 100  # default: 8 articles a story


def test_stream_is_lazy() -> None:
    """Taking the first articles of a huge corpus does not build the corpus."""
    head = list(itertools.islice(generate_corpus(10**9, seed=2), 5))
    assert len(head) == 5


def test_article_ids_are_what_ingest_computes() -> None:
    """Each article's id is the id ingest gives an article with that URL; URLs are unique."""
    corpus = list(generate_corpus(200, seed=3))
    for s in corpus:
        a = s.article
        assert a.id == article_id(
            url=a.url, outlet=a.outlet, published=a.published, title=a.title, text=a.text
        )
    assert len({s.article.url for s in corpus}) == 200


def test_duplicates_are_near_copies_of_an_earlier_article() -> None:
    """A copy has another headline and the source's paragraphs (quote marks aside), minus at most two."""
    corpus = list(generate_corpus(1500, seed=4))
    seen: dict[str, SynthArticle] = {}
    copies = 0
    for s in corpus:
        if s.duplicate_of is not None:
            source = seen[s.duplicate_of]
            assert source.story == s.story
            assert s.article.title != source.article.title
            ours = [_straight(p) for p in s.article.paragraphs]
            theirs = [_straight(p) for p in source.article.paragraphs]
            assert ours == theirs[: len(ours)]
            assert len(theirs) - len(ours) <= 2
            assert s.reused == ()
            copies += 1
        seen[s.article.id] = s
    assert 0.07 * len(corpus) <= copies <= 0.13 * len(corpus)  # DEFAULT_DUPLICATE_RATE = 0.10


def test_reused_passages_are_exact_copies_from_an_earlier_article() -> None:
    """Each reused passage is the same characters as its span in an earlier article of the story."""
    corpus = list(generate_corpus(1500, seed=4))
    seen: dict[str, SynthArticle] = {}
    passages = 0
    for s in corpus:
        for r in s.reused:
            source = seen[r.source]
            assert source.story == s.story
            passage = source.article.text[r.source_start : r.source_end]
            assert s.article.text[r.start : r.end] == passage
            assert passage in source.article.paragraphs
            passages += 1
        seen[s.article.id] = s
    assert passages > 0


def test_words_is_met_on_average() -> None:
    """Articles have about the asked number of words."""
    corpus = list(generate_corpus(300, seed=7, words=600, duplicate_rate=0.0, reuse_rate=0.0))
    mean = sum(s.article.words for s in corpus) / len(corpus)
    assert 550 <= mean <= 650


def test_bad_arguments() -> None:
    """Out-of-range arguments raise ValueError; zero articles is an empty corpus."""
    assert list(generate_corpus(0)) == []
    for kwargs in (
        {"stories": 0},
        {"stories": 11},
        {"duplicate_rate": 1.5},
        {"reuse_rate": -0.1},
        {"words": 0},
    ):
        with pytest.raises(ValueError):
            list(generate_corpus(10, **kwargs))
    with pytest.raises(ValueError, match="unknown corpus format 'pdf'"):
        write_corpus("/nonexistent-never-created", 1, "pdf")  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", FORMATS_WRITTEN)
def test_written_corpus_reads_back(fmt: str, tmp_path: Path) -> None:
    """Every written format reads back as the generated articles (ids, titles, dates, outlets, text)."""
    path = write_corpus(tmp_path, 6, fmt, seed=8)  # type: ignore[arg-type]
    items = list(read_inputs([str(path)], Settings()))
    assert [i for i in items if isinstance(i, Problem)] == []
    read = sorted((a.id, a.title, a.published, a.outlet, a.text) for a in items if isinstance(a, Article))
    expected = sorted(
        (s.article.id, s.article.title, s.article.published, s.article.outlet, s.article.text)
        for s in generate_corpus(6, seed=8)
    )
    assert read == expected


def test_bench_discovery() -> None:
    """Benchmarks are found by file name; synth and __main__ are not benchmarks."""
    names = bench.available()
    assert "ingest" in names
    assert not {"synth", "__main__", "__init__"} & set(names)
    assert names == sorted(names)
    with pytest.raises(KeyError, match="no benchmark named 'nope'"):
        bench.load("nope")
    assert callable(bench.load("ingest"))


def test_ingest_table() -> None:
    """The ingest table shows rates from the measurements."""
    run = IngestRun(
        fmt="jsonl",
        articles=1000,
        problems=0,
        seconds=2.0,
        input_bytes=4_000_000,
        rss_before_kib=102_400,
        rss_peak_kib=153_600,
    )
    assert format_table([run]).splitlines()[2] == "| jsonl | 1000 | 0 | 4.0 | 2.00 | 500 | 2.00 | 150 | 50 |"
