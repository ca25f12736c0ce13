"""The user's outlet list: reading it, matching articles to it, and profiling a story's coverage by it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.coverage import story_coverage
from storyline.errors import ConfigError
from storyline.export.types import ProfileCount
from storyline.models import Article
from storyline.outlets import parse_outlets, read_outlets

LIST = """outlet,domain,country,owner
Quay Post,quaypost.example,Marenland,Harbour Media
Ridge Times,,Marenland,
Valley Wire,valleywire.example,Ostmark,Valley Cooperative
"""
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _article(aid: str, outlet: str | None, url: str | None = None) -> Article:
    return Article(id=aid, source=f"in/{aid}.txt", title=aid, text="The dam held.", outlet=outlet, url=url)


def test_outlets_are_matched_by_name_or_by_the_url_host() -> None:
    directory = parse_outlets(LIST, "outlets.csv")
    assert directory.attributes == ("country", "owner")
    assert directory.lookup("  quay   POST ", None) is directory.by_name["quay post"]
    found = directory.lookup(None, "https://news.valleywire.example/2024/dam")
    assert found is not None and found.name == "Valley Wire"
    assert found.attributes == (("country", "Ostmark"), ("owner", "Valley Cooperative"))
    ridge = directory.lookup("Ridge Times", None)
    assert ridge is not None and ridge.attributes == (("country", "Marenland"),)  # empty cells say nothing
    assert directory.lookup("Unknown Gazette", "https://gazette.example/x") is None


def test_json_lists_read_like_csv() -> None:
    rows = [
        {
            "outlet": "Quay Post",
            "domain": "quaypost.example",
            "country": "Marenland",
            "owner": "Harbour Media",
        },
        {"outlet": "Ridge Times", "country": "Marenland", "founded": 1921},
    ]
    directory = parse_outlets(json.dumps(rows), "outlets.json")
    assert directory.attributes == ("country", "owner", "founded")
    ridge = directory.lookup("Ridge Times", None)
    assert ridge is not None and ridge.attributes == (("country", "Marenland"), ("founded", "1921"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name,country\nQuay Post,Marenland\n",
            "list.csv: line 1: the header has no 'outlet' column (it has ['name', 'country'])",
        ),
        (
            "outlet,country\nQuay Post,Marenland\n quay post ,Ostmark\n",
            "list.csv: line 3: outlet 'quay post' is listed twice",
        ),
        (
            "outlet,country\nQuay Post,Marenland,extra\n",
            "list.csv: line 2: more cells than the header has columns",
        ),
        ("outlet,country\n,Marenland\n", "list.csv: line 2: no value in the 'outlet' column"),
        ("outlet,country\n", "list.csv: the outlets file lists no outlet"),
        (
            "outlet,domain\nQuay Post,quaypost.example\nQuay Radio,www.quaypost.example\n",
            "list.csv: line 3: domain 'quaypost.example' is already 'Quay Post''s",
        ),
        ("[" * 100_000 + "]" * 100_000, "list.csv: not an outlet list (JSON nested too deep)"),
        (
            '[{"outlet": "Quay Post", "country": ["Marenland"]}]',
            "list.csv: item 1: not an object of strings and numbers",
        ),
        (
            '[{"outlet": "Quay Post"',
            "list.csv: not JSON (Expecting ',' delimiter: line 1 column 24 (char 23))",
        ),
    ],
)
def test_malformed_lists_are_refused_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_outlets(text, "list.csv")
    assert str(raised.value) == message


def test_unreadable_files_are_refused_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "none.csv"
    with pytest.raises(ConfigError) as raised:
        read_outlets(missing)
    assert str(raised.value) == f"{missing}: cannot read the outlets file (No such file or directory)"
    latin = tmp_path / "latin.csv"
    latin.write_bytes("outlet\nGazette de Liège\n".encode("latin-1"))
    with pytest.raises(ConfigError) as raised:
        read_outlets(latin)
    assert str(raised.value) == f"{latin}: the outlets file is not UTF-8 text (byte 20)"


def test_coverage_is_profiled_by_every_attribute_of_the_list() -> None:
    articles = [
        _article("a-1", "Quay Post"),
        _article("a-2", "Quay Post"),
        _article("a-3", None, "https://valleywire.example/dam"),
        _article("a-4", "Ridge Times"),
        _article("a-5", "Hill Radio"),
    ]
    coverage = story_coverage(
        articles,
        dates=dict.fromkeys((a.id for a in articles), dt.date(2024, 5, 2)),
        families={},
        reuse=[],
        outlets=parse_outlets(LIST, "outlets.csv"),
    )
    assert coverage.profile == (
        ProfileCount(attribute="country", value="Marenland", articles=3, outlets=2),
        ProfileCount(attribute="country", value="Ostmark", articles=1, outlets=1),
        ProfileCount(attribute="country", value="unknown", articles=1, outlets=1),
        ProfileCount(attribute="owner", value="Harbour Media", articles=2, outlets=1),
        ProfileCount(attribute="owner", value="Valley Cooperative", articles=1, outlets=1),
        ProfileCount(attribute="owner", value="unknown", articles=2, outlets=2),
    )
    assert story_coverage(articles, dates={}, families={}, reuse=[]).profile == ()


def test_digest_profiles_the_demo_stories_by_the_example_list(tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    runner = CliRunner()
    args = [
        "digest",
        str(EXAMPLES / "corpus"),
        "--outlets",
        str(EXAMPLES / "outlets.csv"),
        "--json",
        str(out),
    ]
    assert runner.invoke(cli, [*args, "--quiet"], catch_exceptions=False).exit_code == 1  # broken inputs
    document = json.loads(out.read_text(encoding="utf-8"))
    outlet_of = {a["id"]: a["outlet"] for a in document["articles"]}
    listed = {line.split(",")[0] for line in (EXAMPLES / "outlets.csv").read_text().splitlines()[1:]}
    for story in document["stories"]:
        countries = {
            c["value"]: c["articles"] for c in story["coverage"]["profile"] if c["attribute"] == "country"
        }
        assert sum(countries.values()) == len(story["articles"])
        unlisted = sum(1 for aid in story["articles"] if outlet_of[aid] not in listed)
        assert countries.get("unknown", 0) == unlisted
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nQuay Post\n", encoding="utf-8")
    result = runner.invoke(cli, ["digest", str(EXAMPLES / "corpus" / "text"), "--outlets", str(bad)])
    assert result.exit_code == 2
    assert f"Invalid value for '--outlets': {bad}: line 1: the header has no 'outlet' column" in result.stderr
