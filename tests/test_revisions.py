"""Articles republished under the same URL with another text: what the outlet changed, kept and shown."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner
from fastapi.testclient import TestClient

from storyline import pipeline
from storyline.annotate import Annotator
from storyline.cli import cli
from storyline.config import Settings
from storyline.export.types import ArticleRevision, ClaimRevision, TextChange
from storyline.models import Annotation, Article, ArticleVersion
from storyline.revisions import article_revisions
from storyline.web import create_app

FIRST = """ date 2024-05-02
 url https://quaypost.example/news/orrin-dam
 outlet Quay Post
Spillway opened at Orrin Dam

Engineers opened the Orrin Dam spillway on Thursday. Twelve people were hurt when the access road flooded.

The county said the dam itself was sound.
"""
SECOND = FIRST.replace("Twelve people were hurt", "Fifteen people were hurt").replace(
    "The county said the dam itself was sound.\n", ""
)
THIRD = SECOND.replace("Spillway opened at Orrin Dam", "Fifteen hurt as Orrin Dam spillway opens")


def test_each_version_lists_the_sentences_changed_removed_and_added() -> None:
    then = "The dam held. Twelve people were hurt on the access road. The county called it sound."
    later = "The dam held. Fifteen people were hurt on the access road. The county called it sound."
    now = "The dam held. Fifteen people were hurt on the access road. Roads reopen on Monday."
    current = Article(id="a-1", source="in/a.txt", title="Now", text=now)
    versions = [
        ArticleVersion(article_id="a-1", version=1, title="Then", text=then, published=None,
                       replaced_at="2024-05-02T10:00:00+00:00"),
        ArticleVersion(article_id="a-1", version=2, title="Now", text=later, published=None,
                       replaced_at="2024-05-03T10:00:00+00:00"),
    ]  # fmt: skip
    assert article_revisions(current, versions) == (
        ArticleRevision(
            replaced_at="2024-05-02T10:00:00+00:00",
            title="Then",
            changes=(
                TextChange(
                    before="Twelve people were hurt on the access road.",
                    after="Fifteen people were hurt on the access road.",
                ),
            ),
        ),
        ArticleRevision(
            replaced_at="2024-05-03T10:00:00+00:00",
            title="Now",
            changes=(
                TextChange(before="The county called it sound.", after=""),
                TextChange(before="", after="Roads reopen on Monday."),
            ),
        ),
    )


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_republished_article_shows_what_changed(tmp_path: Path) -> None:
    page = tmp_path / "orrin.txt"
    db = str(tmp_path / "news.db")
    for text in (FIRST, SECOND, THIRD):
        page.write_text(text, encoding="utf-8")
        _run("ingest", str(page), "--db", db, "--quiet")
    document = json.loads(_run("stories", "--db", db, "--json", "--quiet"))
    (article,) = document["articles"]
    assert article["title"] == "Fifteen hurt as Orrin Dam spillway opens"
    assert [(r["title"], r["changes"]) for r in article["revisions"]] == [
        (
            "Spillway opened at Orrin Dam",
            [
                {
                    "before": "Twelve people were hurt when the access road flooded.",
                    "after": "Fifteen people were hurt when the access road flooded.",
                },
                {"before": "The county said the dam itself was sound.", "after": ""},
            ],
        ),
        ("Spillway opened at Orrin Dam", []),  # only the headline changed
    ]
    # the corrected toll is an update of the claim, not a second figure
    replaced = article["revisions"][0]["replaced_at"]
    assert document["stories"][0]["claims"] == [
        {
            "subject": "the event",
            "attribute": "injured",
            "status": "agree",
            "values": [{"value": "15", "as_of": "2024-05-02", "articles": [article["id"]]}],
            "explanation": f"Quay Post says 15 injured; Quay Post changed 12 to 15 on {replaced[:10]} "
            "(1 independent source).",
            "revisions": [{"article": article["id"], "before": "12", "after": "15", "replaced_at": replaced}],
        }
    ]
    markdown = _run("story", document["stories"][0]["id"], "--db", db)
    assert f"Fifteen hurt as Orrin Dam spillway opens (revised 2×) `{article['id']}`" in markdown
    with TestClient(create_app(Settings(db_path=db))) as client:
        soup = BeautifulSoup(client.get(f"/stories/{document['stories'][0]['id']}").text, "html.parser")
    details = soup.find("tr", id=article["id"]).select_one("details.revisions")
    assert details.find("summary").get_text() == "revised 2×"
    assert [d.get_text() for d in details.find_all("del")] == [
        "Twelve people were hurt when the access road flooded.",
        "The county said the dam itself was sound.",
    ]
    assert [i.get_text() for i in details.find_all("ins")] == [
        "Fifteen people were hurt when the access road flooded."
    ]
    (revision,) = soup.select("table.claims li.revision")
    assert (revision.find("del").get_text(), revision.find("ins").get_text()) == ("12", "15")
    assert revision.find("time")["datetime"] == replaced


def test_a_live_page_keeps_its_last_versions() -> None:
    """A page re-read 24 times: the export lists (and the claims compare) the last MAX_VERSIONS."""
    current = Article(id="a-live", source="live", title="Update 24", text="The count stands at 24 now.")
    versions = [
        ArticleVersion(
            article_id="a-live",
            version=n,
            title=f"Update {n}",
            text=f"The count stands at {n} now.",
            published=None,
            replaced_at=f"2024-05-02T{n:02d}:00:00+00:00",
        )
        for n in range(1, 24)
    ]
    digest = pipeline.digest_articles([current], [], Settings(), versions={"a-live": versions})
    listed = digest.revisions["a-live"]
    assert len(listed) == pipeline.MAX_VERSIONS == 20
    assert [r.title for r in listed[:2]] == ["Update 4", "Update 5"]
    assert listed[-1].changes == (
        TextChange(before="The count stands at 23 now.", after="The count stands at 24 now."),
    )


class _CountingAnnotator(Annotator):
    """The real annotator, counting the texts it annotates by id."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def annotate(self, articles: Sequence[Article]) -> list[Annotation]:
        self.seen += [a.id for a in articles]
        return super().annotate(articles)


def test_versions_are_extracted_once_and_read_from_the_store_after(tmp_path: Path) -> None:
    page, other = tmp_path / "orrin.txt", tmp_path / "pier.txt"
    settings = Settings(db_path=str(tmp_path / "news.db"))
    for text in (FIRST, SECOND):
        page.write_text(text, encoding="utf-8")
        pipeline.ingest([str(page)], settings)
    annotator = _CountingAnnotator()
    first = pipeline.stored_digest(settings, annotator=annotator)
    (aid,) = first.revisions
    expected = [
        ClaimRevision(article=aid, before="12", after="15", replaced_at=first.revisions[aid][0].replaced_at)
    ]
    assert annotator.seen == [f"{aid}#v1"]  # the current text's annotation is in the store already
    assert _injured_revisions(first) == expected
    other.write_text(FIRST.replace("orrin-dam", "pier").replace("Orrin Dam", "the pier"), encoding="utf-8")
    pipeline.ingest([str(other)], settings)
    annotator.seen.clear()
    again = pipeline.stored_digest(settings, annotator=annotator)
    assert annotator.seen == []  # the version's extraction came from the store
    assert _injured_revisions(again) == expected


def _injured_revisions(digest: pipeline.Digest) -> list[ClaimRevision]:
    """The revisions of the injured counts' claims in a digest."""
    return [r for s in digest.stories for c in s.claims if c.attribute == "injured" for r in c.revisions]
