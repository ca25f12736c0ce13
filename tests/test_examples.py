"""The demo corpus (examples/corpus/) reads back as exactly what examples/truth.json says, and the truth is
self-consistent (every quote, expression and claim points at text that is really there)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from storyline.config import Settings
from storyline.ingest import read_inputs
from storyline.models import Article, Problem

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CORPUS = EXAMPLES / "corpus"
TRUTH: dict[str, Any] = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))
ARTICLES: dict[str, dict[str, Any]] = {a["key"]: a for a in TRUTH["articles"]}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _relative(source: str) -> str:
    """Return an ingest ``source`` relative to the corpus folder."""
    prefix = f"{CORPUS}/"
    assert source.startswith(prefix), source
    return source[len(prefix) :]


@pytest.fixture(scope="module")
def read_back() -> tuple[list[Article], list[Problem]]:
    """Read the whole corpus once."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for item in read_inputs([str(CORPUS)], Settings()):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            articles.append(item)
    return articles, problems


def _load_make_corpus() -> ModuleType:
    """Import examples/make_corpus.py (it is a script, not a package module)."""
    sys.path.insert(0, str(EXAMPLES))
    try:
        spec = importlib.util.spec_from_file_location("make_corpus", EXAMPLES / "make_corpus.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(EXAMPLES))


def test_corpus_size_and_spread() -> None:
    """24 articles, 5 stories, 3 storylines, every format; each story has 4–6 articles of 150–600 words."""
    assert len(TRUTH["articles"]) == 24
    assert Counter(a["format"] for a in TRUTH["articles"]) == {
        "text": 6,
        "html": 3,
        "rss": 3,
        "atom": 3,
        "jsonl": 6,
        "warc": 3,
    }
    assert {k: len(s["articles"]) for k, s in TRUTH["stories"].items()} == {
        "marchetti-2020": 6,
        "marchetti-2021": 4,
        "brandt-2013": 4,
        "brandt-2019": 4,
        "pellham-2022": 6,
    }
    assert {k: v["stories"] for k, v in TRUTH["storylines"].items()} == {
        "marchetti": ["marchetti-2020", "marchetti-2021"],
        "brandt": ["brandt-2013", "brandt-2019"],
        "pellham": ["pellham-2022"],
    }
    assert all(150 <= a["words"] <= 600 for a in TRUTH["articles"])
    assert [a["key"] for a in TRUTH["articles"] if a["published"] is None] == [
        "marchetti-2021/harbour",
        "pellham-2022/ledger",
    ]
    assert {a["key"]: a["duplicate_of"] for a in TRUTH["articles"] if a["duplicate_of"]} == {
        "marchetti-2020/calloway": "marchetti-2020/wirefront"
    }


def test_reading_the_corpus_gives_exactly_the_truth(read_back: tuple[list[Article], list[Problem]]) -> None:
    """Every article comes back with the truth's source, title, outlet, URL, date and text; nothing else."""
    articles, _ = read_back
    got = {
        _relative(a.source): (
            a.title,
            a.outlet,
            a.url,
            a.published.isoformat() if a.published else None,
            a.text,
        )
        for a in articles
    }
    expected = {
        a["source"]: (a["title"], a["outlet"], a["url"], a["published"], a["text"]) for a in TRUTH["articles"]
    }
    assert sorted(got) == sorted(expected)
    for source, values in expected.items():
        assert got[source] == values, source
    assert len(articles) == len(got)  # no source read twice


def test_reading_the_corpus_gives_exactly_the_problems(
    read_back: tuple[list[Article], list[Problem]],
) -> None:
    """The four broken inputs, and only those, become problems with a reason."""
    _, problems = read_back
    assert sorted(_relative(p.source) for p in problems) == [p["source"] for p in TRUTH["problems"]]
    assert all(p.error for p in problems)


def test_committed_corpus_is_what_the_script_generates(tmp_path: Path) -> None:
    """Re-running examples/make_corpus.py gives the committed files byte for byte."""
    make_corpus = _load_make_corpus()
    make_corpus.main(tmp_path / "corpus", tmp_path / "truth.json")
    generated = sorted(
        p.relative_to(tmp_path / "corpus") for p in (tmp_path / "corpus").rglob("*") if p.is_file()
    )
    committed = sorted(p.relative_to(CORPUS) for p in CORPUS.rglob("*") if p.is_file())
    assert generated == committed
    for name in generated:
        assert (tmp_path / "corpus" / name).read_bytes() == (CORPUS / name).read_bytes(), name
    assert (tmp_path / "truth.json").read_bytes() == (EXAMPLES / "truth.json").read_bytes()


def test_every_quote_segment_is_in_its_carrier() -> None:
    """Each carrier's segments occur in its text in order; the first carrier is the earliest dated one."""
    for key, story in TRUTH["stories"].items():
        for quote in story["quotes"]:
            carriers = [c["article"] for c in quote["carriers"]]
            assert all(ARTICLES[a]["story"] == key for a in carriers)
            assert quote["first"] in carriers
            dated = [ARTICLES[a]["published"] for a in carriers if ARTICLES[a]["published"]]
            if dated:
                assert ARTICLES[quote["first"]]["published"] == min(dated)
            for carrier in quote["carriers"]:
                text = ARTICLES[carrier["article"]]["text"]
                position = 0
                for segment in carrier["segments"]:
                    found = text.find(segment, position)
                    assert found >= 0, (carrier["article"], segment)
                    position = found + len(segment)
                assert carrier["text"] == " ".join(carrier["segments"])
            assert quote["text"] == next(
                c["text"] for c in quote["carriers"] if c["article"] == quote["first"]
            )


def test_the_copied_statement_has_its_four_variants() -> None:
    """The 120-word statement is carried by four outlets, each edited differently."""
    (statement,) = [q for q in TRUTH["stories"]["marchetti-2020"]["quotes"] if len(q["carriers"]) == 4]
    texts = {c["article"]: c["text"] for c in statement["carriers"]}
    canonical = texts["marchetti-2020/stagelight"]
    assert len(canonical.split()) == 120
    straight = canonical.replace("’", "'")
    assert texts["marchetti-2020/meridian"] == straight.replace("heartbroken", "devastated")
    assert texts["marchetti-2020/northgate"] == canonical.replace(" I won’t pretend this is easy.", "")
    assert texts["marchetti-2020/harbour"] == straight.replace("has been", "has (sic) been").removesuffix(
        " Thank you for every message you have sent. I read them all, even the ones I can't answer."
    )


def test_not_quotes_are_in_the_story() -> None:
    """Titles of works and scare quotes listed as not-quotes appear in quotation marks in the story."""
    for story in TRUTH["stories"].values():
        texts = " ".join(ARTICLES[a]["title"] + " " + ARTICLES[a]["text"] for a in story["articles"])
        for phrase in story["not_quotes"]:
            assert re.search(rf"[“\"‘`]{re.escape(phrase)}[”\"’']", texts), phrase


def test_timeline_expressions_are_in_their_articles_and_resolve_right() -> None:
    """Each expression is in its article; a weekday word names the weekday of its resolved day."""
    for key, story in TRUTH["stories"].items():
        for entry in story["timeline"]:
            assert entry["precision"] == {10: "day", 7: "month", 4: "year"}[len(entry["date"])]
            for expr in entry["expressions"]:
                article = ARTICLES[expr["article"]]
                assert article["story"] == key
                assert expr["text"] in article["text"], expr
                assert entry["date"].startswith(expr["value"]), (entry["date"], expr)
                named = [d for d in WEEKDAYS if d in expr["text"]]
                if named and expr["precision"] == "day":
                    assert dt.date.fromisoformat(expr["value"]).strftime("%A") == named[0], expr
            if all(ARTICLES[e["article"]]["published"] is None for e in entry["expressions"]):
                assert entry["anchor"] == "estimated"


def test_claims_point_at_articles_that_state_them() -> None:
    """Each claim value is stated in the text of every article listed for it."""
    stated = {"age": r"(?:{v}-year-old|, {v}[,.]|{v}, )", "injured": r"(?:{v}|{w})"}
    number_words = {"12": "twelve", "15": "Fifteen", "17": "Seventeen"}
    for key, story in TRUTH["stories"].items():
        for claim in story["claims"]:
            for value in claim["values"]:
                for article_key in value["articles"]:
                    article = ARTICLES[article_key]
                    assert article["story"] == key
                    pattern = stated.get(claim["attribute"], "{v}").format(
                        v=re.escape(value["value"]), w=number_words.get(value["value"], value["value"])
                    )
                    assert re.search(pattern, article["text"]), (
                        claim["subject"],
                        value["value"],
                        article_key,
                    )
    statuses = Counter(c["status"] for s in TRUTH["stories"].values() for c in s["claims"])
    assert statuses == {"agree": 11, "conflict": 3, "consistent": 1}
