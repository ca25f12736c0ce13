"""Corrections to the stories: merge, move and split, applied in order to groups of article ids."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.cluster.corrections import apply_corrections
from storyline.errors import ConfigError
from storyline.models import Correction

GROUPS = [["a1", "a2", "a3"], ["b1", "b2"], ["c1"]]


def test_merge_joins_the_stories_holding_the_articles() -> None:
    groups, decided = apply_corrections(GROUPS, [Correction(kind="merge", articles=("b2", "c1"))])
    assert groups == [["a1", "a2", "a3"], ["b1", "b2", "c1"]]
    assert decided == {"b1", "b2", "c1"}


def test_move_takes_articles_to_the_anchor_story() -> None:
    groups, decided = apply_corrections(GROUPS, [Correction(kind="move", articles=("a3", "c1"), anchor="b1")])
    assert groups == [["a1", "a2"], ["b1", "b2", "a3", "c1"]]
    assert decided == {"a3", "c1"}


def test_split_makes_one_new_story_of_the_articles() -> None:
    groups, decided = apply_corrections(GROUPS, [Correction(kind="split", articles=("a2", "a3"))])
    assert groups == [["a1"], ["b1", "b2"], ["c1"], ["a2", "a3"]]
    assert decided == {"a2", "a3"}


def test_corrections_apply_in_the_order_they_were_made() -> None:
    corrections = [
        Correction(kind="split", articles=("a3",)),
        Correction(kind="merge", articles=("a3", "c1")),
        Correction(kind="move", articles=("b2",), anchor="a3"),
    ]
    groups, decided = apply_corrections(GROUPS, corrections)
    assert groups == [["a1", "a2"], ["b1"], ["c1", "a3", "b2"]]
    assert decided == {"a3", "b2", "c1"}


def test_articles_no_longer_present_are_ignored() -> None:
    corrections = [
        Correction(kind="merge", articles=("gone", "c1")),
        Correction(kind="move", articles=("a1",), anchor="gone"),
        Correction(kind="split", articles=("gone",)),
    ]
    groups, decided = apply_corrections(GROUPS, corrections)
    assert groups == GROUPS
    assert decided == frozenset()


def test_a_correction_that_changes_nothing_decides_nothing() -> None:
    groups, decided = apply_corrections(GROUPS, [Correction(kind="move", articles=("a2",), anchor="a1")])
    assert groups == GROUPS
    assert decided == frozenset()


@pytest.mark.parametrize(
    ("kind", "articles", "anchor", "message"),
    [
        ("join", ("a1",), None, "unknown correction 'join': use one of merge, move, split"),
        ("merge", (), None, "a merge correction needs at least one article"),
        ("move", ("a1",), None, "a move names the article to join (anchor); merge and split do not"),
        ("split", ("a1",), "b1", "a move names the article to join (anchor); merge and split do not"),
        ("move", ("a1",), "a1", "cannot move article a1 next to itself"),
    ],
)
def test_malformed_corrections_are_refused(
    kind: str, articles: tuple[str, ...], anchor: str | None, message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        Correction(kind=kind, articles=articles, anchor=anchor)  # type: ignore[arg-type]
    assert str(raised.value) == message


FERRY = """date 2022-02-16
outlet Tresk Islander
Ferry runs aground off Carrow Bay

The ferry Pellham Star ran aground on rocks off Carrow Bay late on Tuesday with 212 people on board.
"""

FERRY_FOLLOW_UP = """date 2022-02-17
outlet Carrow Bay Times
Pellham Star passengers safe after grounding

All 212 people aboard the ferry Pellham Star were taken off by lifeboat after it hit rocks off Carrow Bay.
"""

BRIDGE = """date 2022-03-02
outlet Valley Wire
Toll bridge to close for repairs

The Old Mill toll bridge will close for six weeks from Monday while engineers replace its deck.
"""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _stories(db: str) -> dict[str, list[str]]:
    """Story id -> the outlets of its articles, from `storyline stories --json`."""
    code, stdout, _ = _run("stories", "--db", db, "--json", "--quiet")
    assert code == 0
    document = json.loads(stdout)
    outlet = {a["id"]: a["outlet"] for a in document["articles"]}
    return {s["id"]: [outlet[aid] for aid in s["articles"]] for s in document["stories"]}


def _article(db: str, outlet: str) -> dict[str, Any]:
    document = json.loads(_run("stories", "--db", db, "--json", "--quiet")[1])
    article: dict[str, Any] = next(a for a in document["articles"] if a["outlet"] == outlet)
    return article


def test_corrections_survive_re_runs_and_can_be_undone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("ferry.txt", FERRY), ("follow.txt", FERRY_FOLLOW_UP), ("bridge.txt", BRIDGE)):
        (folder / name).write_text(text, encoding="utf-8")
    db = str(tmp_path / "news.db")
    assert _run("ingest", str(folder), "--db", db, "--quiet")[0] == 0
    assert sorted(_stories(db).values()) == [["Tresk Islander", "Carrow Bay Times"], ["Valley Wire"]]

    follow_up = _article(db, "Carrow Bay Times")["id"]
    code, stdout, _ = _run("correct", "split", follow_up, "--db", db)
    assert code == 0
    assert stdout.split()[0] == "1" and stdout.split()[2:] == ["split", follow_up]
    assert sorted(_stories(db).values()) == [["Carrow Bay Times"], ["Tresk Islander"], ["Valley Wire"]]
    assert _article(db, "Carrow Bay Times")["story_reason"]["corrected"] is True
    assert _article(db, "Valley Wire")["story_reason"]["corrected"] is False

    bridge_story = next(sid for sid, outlets in _stories(db).items() if outlets == ["Valley Wire"])
    ferry = _article(db, "Tresk Islander")["id"]
    assert _run("correct", "move", ferry, "--to", bridge_story, "--db", db)[0] == 0
    assert sorted(_stories(db).values()) == [["Carrow Bay Times"], ["Tresk Islander", "Valley Wire"]]

    # A new article arrives: the stories are recomputed and the corrections still hold. The newcomer was
    # clustered with the ferry story's articles, and no correction names it, so it stays where the
    # clustering put it once both of the others have been taken out.
    (folder / "late.txt").write_text(
        FERRY_FOLLOW_UP.replace("2022-02-17", "2022-02-18").replace("Carrow Bay Times", "Islands Radio"),
        encoding="utf-8",
    )
    assert _run("ingest", str(folder), "--db", db, "--quiet")[0] == 0
    assert sorted(_stories(db).values()) == [
        ["Carrow Bay Times"],
        ["Islands Radio"],
        ["Tresk Islander", "Valley Wire"],
    ]

    code, stdout, _ = _run("correct", "list", "--db", db)
    assert [line.split()[0] for line in stdout.splitlines()] == ["1", "2"]
    assert _run("correct", "undo", "2", "--db", db) == (0, "removed correction 2\n", "")
    assert _run("correct", "undo", "1", "--db", db) == (0, "removed correction 1\n", "")
    assert sorted(_stories(db).values()) == [
        ["Tresk Islander", "Carrow Bay Times", "Islands Radio"],
        ["Valley Wire"],
    ]


def test_correction_mistakes_are_reported_without_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ferry.txt").write_text(FERRY, encoding="utf-8")
    db = str(tmp_path / "news.db")
    assert _run("ingest", str(folder), "--db", db, "--quiet")[0] == 0
    assert _run("correct", "split", "s-0000", "--db", db) == (
        1,
        "",
        "Error: no story or article has the id 's-0000'; `storyline stories` lists the stories\n",
    )
    assert _run("correct", "undo", "7", "--db", db) == (
        1,
        "",
        "Error: no correction number 7; `storyline correct list` shows them\n",
    )
    code, _, stderr = _run("correct", "merge", "s-0000", "--db", db)
    assert code == 2
    assert stderr.endswith("Error: merge needs at least two stories or articles\n")
    missing = str(tmp_path / "none.db")
    assert _run("correct", "list", "--db", missing) == (
        1,
        "",
        f"Error: {missing}: no such database (run `storyline ingest PATH --db {missing}` first)\n",
    )
