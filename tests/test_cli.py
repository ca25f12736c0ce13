"""The command line: exit codes, outputs, idempotent ingest, and no tracebacks for user mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.export.schema import shipped_schema

FERRY = """date 2022-02-16
outlet Tresk Islander
Ferry runs aground off Carrow Bay

The ferry Pellham Star ran aground on rocks off Carrow Bay late on Tuesday with 212 people on board.

Coastguard crews took the passengers off by lifeboat before dawn, the harbour master said.
"""

BRIDGE = """date 2022-03-02
outlet Valley Wire
Toll bridge to close for repairs

The Old Mill toll bridge will close for six weeks from Monday while engineers replace its deck.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (folder / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    return folder


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_digest_writes_a_valid_export(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    code, stdout, _ = _run("digest", str(corpus), "--json", str(out), "--quiet")
    assert code == 0, stdout
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(document, shipped_schema())
    assert [(a["title"], a["outlet"], a["published"]) for a in document["articles"]] == [
        ("Ferry runs aground off Carrow Bay", "Tresk Islander", "2022-02-16"),
        ("Toll bridge to close for repairs", "Valley Wire", "2022-03-02"),
    ]
    assert document["problems"] == []
    assert stdout.startswith("2 articles, ")


def test_digest_json_to_stdout_prints_only_json(corpus: Path) -> None:
    code, stdout, _ = _run("digest", str(corpus), "--json", "-", "--quiet")
    assert code == 0
    assert json.loads(stdout)["schema"] == "storyline.export/1"


def test_digest_reports_unreadable_inputs_and_goes_on(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    missing = tmp_path / "nowhere.txt"
    out = tmp_path / "export.json"
    code, _, _ = _run("digest", str(corpus), str(missing), "--json", str(out), "--quiet")
    assert code == 1
    document = json.loads(out.read_text(encoding="utf-8"))
    assert len(document["articles"]) == 2
    assert [p["source"] for p in document["problems"]] == [str(corpus / "empty.txt"), str(missing)]


def test_ingest_is_idempotent(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    code, _, stderr = _run("ingest", str(corpus), "--db", db)
    assert code == 0
    assert stderr.endswith(f"2 articles read, 2 new, 0 problems; 2 articles in {db}\n")
    code, _, stderr = _run("ingest", str(corpus), "--db", db)
    assert code == 0
    assert stderr.endswith(f"2 articles read, 0 new, 0 problems; 2 articles in {db}\n")
    code, stdout, _ = _run("articles", "--db", db, "--json")
    assert code == 0
    assert [a["title"] for a in json.loads(stdout)] == [
        "Ferry runs aground off Carrow Bay",
        "Toll bridge to close for repairs",
    ]


def test_ingest_records_problems_once(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    db = str(tmp_path / "news.db")
    assert _run("ingest", str(corpus), "--db", db, "--quiet")[0] == 1
    assert _run("ingest", str(corpus), "--db", db, "--quiet")[0] == 1
    code, stdout, _ = _run("problems", "--db", db, "--json")
    assert code == 0
    assert [p["source"] for p in json.loads(stdout)] == [str(corpus / "empty.txt")]


def test_reading_a_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    code, _, stderr = _run("articles", "--db", str(db))
    assert code == 1
    assert stderr == f"Error: {db}: no such database (run `storyline ingest PATH --db {db}` first)\n"
    assert not db.exists()


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("just some notes, not SQLite\n" * 20, encoding="utf-8")
    code, _, stderr = _run("articles", "--db", str(db))
    assert code == 1
    assert stderr.startswith(f"Error: {db}: ")
    assert "Traceback" not in stderr


def test_usage_errors_exit_2() -> None:
    assert _run("digest")[0] == 2
    assert _run("digest", "x", "--max-input-bytes", "0")[0] == 2
    assert _run("no-such-command")[0] == 2


def test_stories_and_story_over_the_database(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    assert _run("ingest", str(corpus), "--db", db, "--quiet")[0] == 0
    code, stdout, _ = _run("stories", "--db", db, "--json")
    assert code == 0
    document = json.loads(stdout)
    assert [(s["title"], len(s["articles"])) for s in document["stories"]] == [
        ("Ferry runs aground off Carrow Bay", 1),
        ("Toll bridge to close for repairs", 1),
    ]
    ferry = document["stories"][0]["id"]
    code, stdout, _ = _run("stories", "--db", db)
    assert stdout.splitlines()[0] == f"{ferry}  2022-02-16    1 article   Ferry runs aground off Carrow Bay"
    code, stdout, _ = _run("story", ferry, "--db", db, "--format", "json")
    assert code == 0
    one = json.loads(stdout)
    assert [s["id"] for s in one["stories"]] == [ferry]
    assert [a["title"] for a in one["articles"]] == ["Ferry runs aground off Carrow Bay"]
    code, stdout, _ = _run("story", ferry, "--db", db)
    assert stdout.startswith("# Storyline report\n\n## Ferry runs aground off Carrow Bay\n")


def test_unknown_story_is_a_clear_error(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    assert _run("ingest", str(corpus), "--db", db, "--quiet")[0] == 0
    code, _, stderr = _run("story", "s-0000", "--db", db)
    assert code == 1
    assert stderr == "Error: no story 's-0000'; `storyline stories` lists the story ids\n"


def test_progress_counts_unknown_totals_and_bars_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    from storyline.cli import _StageBars

    bars = _StageBars()
    bars("Reading", 1, None)
    bars("Reading", 1, None)
    bars("Annotating", 2, 2)
    bars.close()
    # click draws the bar itself only on a terminal; elsewhere it prints the label once
    assert capsys.readouterr().err == "\rReading          1\rReading          2\nAnnotating      \n"
