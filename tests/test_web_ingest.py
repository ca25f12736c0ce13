"""Adding articles over HTTP: the API, the story list's form, and what a visitor may not make it fetch.

The pages are served by the invented local site of tests/test_fetch.py on 127.0.0.1. The web app
refuses private addresses, so the tests that read a page let the site's loopback address pass as public
(``public_site``); the others check the refusal itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from storyline import pipeline
from storyline.annotate import Annotator
from storyline.config import Settings
from storyline.ingest import fetch as fetch_module
from storyline.web import create_app
from tests.test_fetch import LIBRARY_TEXT, MARKET_TEXT, Resource, Site, page, serving

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus" / "text"


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


@pytest.fixture
def settings(tmp_path: Path, annotator: Annotator) -> Settings:
    settings = Settings(db_path=str(tmp_path / "news.db"))
    pipeline.ingest([str(CORPUS)], settings, annotator=annotator)
    return settings


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as served:
        served.resources["/news/library"] = Resource(
            body=page("Harbour Gazette", "Library to open on Sundays", "2025-03-10", LIBRARY_TEXT),
            content_type="text/html; charset=utf-8",
        )
        served.resources["/news/market"] = Resource(
            body=page("Harbour Gazette", "Fish market moves to the quay", "2025-03-11", MARKET_TEXT),
            content_type="text/html; charset=utf-8",
        )
        yield served


@pytest.fixture
def public_site(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the test site's loopback address count as public, as a real news site's address would."""
    monkeypatch.setattr(fetch_module, "is_private_host", lambda host: False)


@pytest.mark.usefixtures("public_site")
def test_the_api_reads_links_into_the_store_and_the_stories(settings: Settings, site: Site) -> None:
    library, market = site.url("/news/library"), site.url("/news/market")
    with TestClient(create_app(settings)) as client:
        before = client.get("/api/articles").json()["total"]
        response = client.post("/api/articles", json={"urls": [library, market, library]})
        assert response.status_code == 200
        result = response.json()
        assert (result["read"], result["new"], result["problems"]) == (3, 2, [])
        assert len(result["articles"]) == 2  # the library page read twice is one article
        assert client.get("/api/articles").json()["total"] == before + 2
        added = client.get(f"/api/articles/{result['articles'][0]}").json()
        assert (added["title"], added["outlet"], added["published"], added["source"]) == (
            "Library to open on Sundays",
            "Harbour Gazette",
            "2025-03-10",
            library,
        )
        assert added["story"].startswith("s-")
        again = client.post("/api/articles", json={"urls": [library]}).json()
        assert (again["read"], again["new"]) == (1, 0)


def test_a_link_into_the_machines_own_network_is_not_fetched(settings: Settings, site: Site) -> None:
    library = site.url("/news/library")
    with TestClient(create_app(settings)) as client:
        result = client.post("/api/articles", json={"urls": [library]}).json()
    assert result == {
        "read": 0,
        "new": 0,
        "articles": [],
        "problems": [
            {
                "source": library,
                "error": "a private address: fetched only for inputs given on the command line",
            }
        ],
    }
    assert site.paths_seen() == []


def test_only_http_urls_are_taken(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        response = client.post("/api/articles", json={"urls": ["/etc/passwd", "ftp://x.example/a", "ok.txt"]})
        assert (response.status_code, response.json()["error"]) == (
            400,
            "not an http(s) URL: '/etc/passwd', 'ftp://x.example/a', 'ok.txt'",
        )
        too_many = client.post("/api/articles", json={"urls": [f"https://x.example/{i}" for i in range(21)]})
        assert (too_many.status_code, too_many.json()["errors"]) == (
            422,
            ["body.urls: List should have at most 20 items after validation, not 21"],
        )


def test_read_only_servers_and_other_sites_cannot_add(settings: Settings) -> None:
    body = {"urls": ["https://x.example/a"]}
    with TestClient(create_app(settings, read_only=True)) as client:
        refused = client.post("/api/articles", json=body)
        assert (refused.status_code, refused.json()["error"]) == (
            403,
            "this server is read-only (started with `storyline serve --read-only`)",
        )
        soup = BeautifulSoup(client.get("/").text, "html.parser")
        assert soup.select("details.add-articles") == []
    with TestClient(create_app(settings)) as client:
        elsewhere = client.post("/api/articles", json=body, headers={"Origin": "https://evil.example"})
        assert (elsewhere.status_code, elsewhere.json()["error"]) == (
            403,
            "adding articles must come from this server's own pages, not from https://evil.example",
        )


@pytest.mark.usefixtures("public_site")
def test_the_story_lists_form_adds_links_and_shows_the_first(settings: Settings, site: Site) -> None:
    with TestClient(create_app(settings)) as client:
        form = BeautifulSoup(client.get("/").text, "html.parser").select_one("details.add-articles form")
        assert form is not None
        assert (form["method"], form["action"], form.find("textarea")["name"]) == (
            "post",
            "/articles",
            "urls",
        )
        links = f"{site.url('/news/market')}\n\n{site.url('/news/library')}\n"
        response = client.post("/articles", data={"urls": links}, follow_redirects=False)
        assert response.status_code == 303
        target = response.headers["location"]
        assert target.startswith("/articles/a-")
        shown = BeautifulSoup(client.get(target).text, "html.parser")
        assert shown.find("h1").get_text(strip=True) == "Fish market moves to the quay"
        nothing = client.post("/articles", data={"urls": site.url("/missing")})
        assert nothing.status_code == 400
        assert f"nothing could be read ({site.url('/missing')}: HTTP 404 Not Found)" in nothing.text
