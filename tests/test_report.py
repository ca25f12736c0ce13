"""The one-file HTML report: every story on one page, valid anchors, nothing loaded from elsewhere."""

from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from storyline.cli import cli
from storyline.config import Settings
from storyline.export import ExportDocument, build_export, select_story
from storyline.pipeline import digest
from storyline.web.report import render_report

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


@pytest.fixture(scope="module")
def document() -> ExportDocument:
    return build_export(digest([str(CORPUS)], Settings()))


@pytest.fixture(scope="module")
def soup(document: ExportDocument) -> BeautifulSoup:
    return BeautifulSoup(render_report(document, generated="2026-11-25"), "html.parser")


def test_every_story_is_on_the_page_under_its_own_ids(document: ExportDocument, soup: BeautifulSoup) -> None:
    assert [a.get_text(strip=True) for a in soup.select("ol.report-stories a")] == [
        s.title for s in document.stories
    ]
    assert [str(a["href"]) for a in soup.select("ol.report-stories a")] == [
        f"#{s.id}-story" for s in document.stories
    ]
    assert [str(article["id"]) for article in soup.select("article.story")] == [
        f"{s.id}-story" for s in document.stories
    ]
    for story in document.stories:
        section = soup.find(id=f"{story.id}-story")
        assert section is not None
        assert section.find("h1").get_text(strip=True) == story.title
        assert len(section.select(f"section#{story.id}-timeline tbody tr")) == len(story.timeline)
        assert len(section.select(f"section#{story.id}-quotes tbody tr.quote")) == len(story.quotes)
        assert [str(row["id"]) for row in section.select("table.sources tbody tr")] == list(story.articles)
    assert [li.get_text(" ", strip=True) for li in soup.select("ul.problems li")] == [
        f"{p.source} : {p.error}" for p in document.problems
    ]


def test_ids_are_unique_and_every_link_is_an_anchor_on_the_page(soup: BeautifulSoup) -> None:
    ids = Counter(str(tag["id"]) for tag in soup.find_all(id=True))
    assert [name for name, count in ids.items() if count > 1] == []
    links = [str(a["href"]) for a in soup.find_all("a", href=True)]
    assert [href for href in links if not href.startswith("#")] == []
    assert [href for href in links if href[1:] not in ids] == []
    assert soup.find("link") is None and soup.find("script") is None  # styles inline, no scripts
    shipped = resources.files("storyline.web").joinpath("static/style.css").read_text(encoding="utf-8")
    assert soup.find("style").get_text().strip() == shipped.strip()  # the web UI's stylesheet, inlined


def test_cli_writes_the_report_and_one_story_as_html(document: ExportDocument, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        cli, ["digest", str(CORPUS / "text"), "--html", str(out), "--quiet"], catch_exceptions=False
    )
    assert result.exit_code == 0
    page = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert len(page.select("article.story")) == 3
    # One story of a storyline whose claims cite the other story's articles: those are named, not linked.
    line = next(line for line in document.storylines if len(line.stories) > 1 and line.claims)
    one = select_story(document, line.stories[-1])
    single = BeautifulSoup(render_report(one, heading=one.stories[0].title), "html.parser")
    assert single.find("title").get_text() == f"{one.stories[0].title} · Storyline"
    assert len(single.select("article.story")) == 1
    ids = {str(tag["id"]) for tag in single.find_all(id=True)}
    assert [str(a["href"]) for a in single.find_all("a", href=True) if str(a["href"])[1:] not in ids] == []
    assert single.select("span.cite.elsewhere")


def test_the_story_page_offers_its_one_file_report(document: ExportDocument, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from storyline import pipeline
    from storyline.web import create_app

    settings = Settings(db_path=str(tmp_path / "news.db"))
    pipeline.ingest([str(CORPUS / "text")], settings)
    stored = pipeline.stored_export(settings)
    story = stored.stories[0]
    with TestClient(create_app(settings)) as client:
        page = BeautifulSoup(client.get(f"/stories/{story.id}").text, "html.parser")
        link = page.select_one("a.report")
        response = client.get(str(link["href"]))
    assert response.headers["content-disposition"] == f'attachment; filename="storyline-{story.id}.html"'
    report = BeautifulSoup(response.text, "html.parser")
    assert [a.select_one("h1").get_text(strip=True) for a in report.select("article.story")] == [story.title]
    assert report.find("link") is None and report.find("script") is None
