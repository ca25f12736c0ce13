"""`storyline dedup`: a corpus without its copies, as a stream (invented outlets, people and events)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storyline import pipeline
from storyline.cli import cli
from storyline.config import Settings
from storyline.dedup import Duplicate
from storyline.models import Article, Problem

BODY = (
    "The Orrin Valley water board voted on Tuesday to close the old pumping station at Kessel Ford after "
    "engineers found cracks in its main intake, leaving four villages on tanker deliveries for at least "
    "three weeks. Board chair Imelda Rusk said the repairs would cost more than the station was worth and "
    "that a new intake upstream would be built instead, paid for from the reserve fund the board had set "
    "aside after the floods two winters ago. Residents of Kessel Ford said they had warned about the "
    "cracks since the spring and asked why nothing had been done sooner."
)
COPY_BODY = BODY.replace("three weeks", "three weeks or more").replace(
    " Residents of Kessel Ford said they had warned about the cracks since the spring and asked why "
    "nothing had been done sooner.",
    "",
)
OTHER_BODY = (
    "A ferry carrying sixty passengers between Tresk and the mainland lost power in the channel on "
    "Wednesday evening and was towed back to harbour by the lifeboat from Carrow Bay, the coastguard said. "
    "Nobody was hurt. The operator, Saltmarsh Line, said a fuel pump had failed and that the crossing "
    "would run to its usual timetable on Thursday morning once engineers had replaced it. Passengers "
    "were offered refunds or a place on the first sailing of the day, and most took the sailing."
)


def _write(folder: Path, name: str, title: str, date: str, body: str, outlet: str) -> Path:
    """A text input with header lines, as the text reader takes it."""
    path = folder / name
    path.write_text(f" date {date}\n outlet {outlet}\n{title}\n\n{body}\n", encoding="utf-8")
    return path


def _corpus(folder: Path, copy_date: str = "2024-05-07", other_date: str = "2024-05-08") -> list[Path]:
    """The original, a trimmed copy under another headline, an unrelated story and an empty file."""
    folder.mkdir()
    empty = folder / "d-empty.txt"
    empty.write_text("", encoding="utf-8")
    return [
        _write(folder, "a-original.txt", "Kessel Ford pumping station to close", "2024-05-07", BODY,
               "Valley Ledger"),
        _write(folder, "b-copy.txt", "Villages on tankers as pumping station shuts", copy_date, COPY_BODY,
               "Orrin Courier"),
        _write(folder, "c-other.txt", "Tresk ferry towed home after losing power", other_date, OTHER_BODY,
               "Harbour Post"),
        empty,
    ]  # fmt: skip


def _lines(path: Path) -> list[dict[str, object]]:
    """The JSON lines of a file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_dedup_keeps_the_first_copy_and_lists_the_others(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "in")
    out, copies = tmp_path / "unique.jsonl", tmp_path / "copies.jsonl"
    result = CliRunner().invoke(
        cli, ["dedup", *map(str, paths), "--out", str(out), "--duplicates", str(copies)]
    )
    assert result.exit_code == 1  # one input could not be read
    assert result.stderr.splitlines() == [
        f"cannot read {paths[3]}: empty file (no text)",
        "3 articles read, 2 kept, 1 copy dropped, 1 problem",
    ]
    kept = _lines(out)
    assert [(a["title"], a["outlet"], a["published"], a["source"]) for a in kept] == [
        ("Kessel Ford pumping station to close", "Valley Ledger", "2024-05-07", str(paths[0])),
        ("Tresk ferry towed home after losing power", "Harbour Post", "2024-05-08", str(paths[2])),
    ]
    assert kept[0]["text"] == BODY
    (copy,) = _lines(copies)
    assert copy == {
        "id": copy["id"],
        "source": str(paths[1]),
        "title": "Villages on tankers as pumping station shuts",
        "duplicate_of": kept[0]["id"],
        "kind": "near",
        "similarity": 0.686,  # shingle Jaccard: the last sentence cut, two words added
    }
    assert copy["id"] not in {a["id"] for a in kept}

    # the output reads back with the same ids, and has no copy left
    again = CliRunner().invoke(cli, ["dedup", str(out), "--quiet"])
    assert again.exit_code == 0
    assert [a["id"] for a in map(json.loads, again.stdout.splitlines())] == [a["id"] for a in kept]


def test_copies_published_outside_the_window_need_any_order(tmp_path: Path) -> None:
    """The ferry story, read second, moves the window a month on: the copy read after it no longer
    meets the original; --any-order ignores dates."""
    original, copy, other, _ = _corpus(tmp_path / "in", copy_date="2024-06-08", other_date="2024-06-07")
    paths = [str(original), str(other), str(copy)]
    windowed = CliRunner().invoke(cli, ["dedup", *paths, "--quiet"])
    assert windowed.exit_code == 0
    assert len(windowed.stdout.splitlines()) == 3
    anyhow = CliRunner().invoke(cli, ["dedup", *paths, "--any-order", "--quiet"])
    assert [json.loads(line)["title"] for line in anyhow.stdout.splitlines()] == [
        "Kessel Ford pumping station to close",
        "Tresk ferry towed home after losing power",
    ]


def test_the_same_input_read_twice_is_kept_once(tmp_path: Path) -> None:
    original = str(_corpus(tmp_path / "in")[0])
    result = CliRunner().invoke(cli, ["dedup", original, original])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == "1 article read, 1 kept, 0 copies dropped, 0 problems\n"


def test_an_output_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    original = str(_corpus(tmp_path / "in")[0])
    missing = tmp_path / "no-such-folder" / "unique.jsonl"
    result = CliRunner().invoke(cli, ["dedup", original, "--out", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {missing}: No such file or directory\n"


def test_deduplicate_yields_in_reading_order(tmp_path: Path) -> None:
    paths = [str(p) for p in _corpus(tmp_path / "in")]
    items = list(pipeline.deduplicate(paths, Settings()))
    assert [type(item).__name__ for item in items] == ["Problem", "Article", "CopiedArticle", "Article"]
    problem, original, copy, other = items
    assert problem == Problem(source=paths[3], error="empty file (no text)")
    assert isinstance(original, Article)
    assert isinstance(copy, pipeline.CopiedArticle)
    assert isinstance(other, Article)
    assert copy.duplicate == Duplicate(
        article=copy.article.id,
        duplicate_of=original.id,
        kind="near",
        similarity=copy.duplicate.similarity,
    )
    assert [original.title, copy.article.title, other.title] == [
        "Kessel Ford pumping station to close",
        "Villages on tankers as pumping station shuts",
        "Tresk ferry towed home after losing power",
    ]
