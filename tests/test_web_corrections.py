"""Corrections over HTTP: the API, the story pages' forms, undo, read-only servers and other sites."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from storyline import pipeline
from storyline.annotate import Annotator
from storyline.config import Settings
from storyline.errors import NotFound
from storyline.web import create_app

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus" / "text"


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


@pytest.fixture
def settings(tmp_path: Path, annotator: Annotator) -> Settings:
    settings = Settings(db_path=str(tmp_path / "news.db"))
    pipeline.ingest([str(CORPUS)], settings, annotator=annotator)
    return settings


def _stories(client: TestClient) -> dict[str, list[str]]:
    """Story id -> article ids, from the export the API serves."""
    return {s["id"]: s["articles"] for s in client.get("/api/export").json()["stories"]}


def test_the_api_records_lists_and_undoes_a_correction(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        before = _stories(client)
        story, articles = next((sid, ids) for sid, ids in before.items() if len(ids) > 1)
        response = client.post("/api/corrections", json={"kind": "split", "ids": [articles[-1]]})
        assert response.status_code == 201
        recorded = response.json()
        assert (recorded["number"], recorded["correction"]) == (
            1,
            {"kind": "split", "articles": [articles[-1]], "anchor": None},
        )
        after = _stories(client)
        assert sorted(after.values()) == sorted(
            [*(v for k, v in before.items() if k != story), articles[:-1], articles[-1:]]
        )
        listed = client.get("/api/corrections").json()
        assert (listed["count"], [c["number"] for c in listed["corrections"]]) == (1, [1])
        assert client.delete("/api/corrections/1").status_code == 204
        assert _stories(client) == before
        missing = client.delete("/api/corrections/1")
        assert (missing.status_code, missing.json()["error"]) == (
            404,
            "no correction number 1; `storyline correct list` shows them",
        )


def test_invalid_corrections_are_refused_with_the_reason(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        unknown = client.post("/api/corrections", json={"kind": "split", "ids": ["s-0000"]})
        assert (unknown.status_code, unknown.json()["error"]) == (
            404,
            "no story or article has the id 's-0000'; `storyline stories` lists the stories",
        )
        no_target = client.post(
            "/api/corrections", json={"kind": "move", "ids": [next(iter(_stories(client)))]}
        )
        assert (no_target.status_code, no_target.json()["error"]) == (
            400,
            "a move names the article to join (anchor); merge and split do not",
        )
        assert client.post("/api/corrections", json={"kind": "join", "ids": ["a-1"]}).status_code == 422
        assert client.post("/api/corrections", json={"kind": "split", "ids": []}).status_code == 422
        assert client.get("/api/corrections").json() == {"count": 0, "corrections": []}


def test_the_story_page_forms_correct_and_the_corrections_page_undoes(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        before = _stories(client)
        story, articles = next((sid, ids) for sid, ids in before.items() if len(ids) > 1)
        page = BeautifulSoup(client.get(f"/stories/{story}").text, "html.parser")
        split = page.find("tr", id=articles[-1]).select_one("form.split")
        fields = {i["name"]: i["value"] for i in split.find_all("input")}
        assert (split["action"], fields) == ("/corrections", {"kind": "split", "ids": articles[-1]})
        moved = client.post(split["action"], data=fields, follow_redirects=False)
        assert (moved.status_code, moved.headers["location"]) == (303, f"/articles/{articles[-1]}")
        new_story = next(sid for sid, ids in _stories(client).items() if ids == articles[-1:])
        reason = BeautifulSoup(client.get(f"/stories/{new_story}").text, "html.parser").find(
            "tr", id=articles[-1]
        )
        assert "placed by a correction" in reason.find("td", class_="reason").get_text()

        listing = BeautifulSoup(client.get("/corrections").text, "html.parser")
        (row,) = listing.select("table.corrections tbody tr")
        assert [cell.get_text(strip=True) for cell in row.find_all("td")[2:4]] == ["split", articles[-1]]
        undo = row.find("form")
        assert client.post(undo["action"], follow_redirects=False).headers["location"] == "/corrections"
        assert _stories(client) == before


def test_read_only_servers_and_other_sites_cannot_correct(settings: Settings) -> None:
    with TestClient(create_app(settings, read_only=True)) as client:
        story = next(iter(_stories(client)))
        refused = client.post("/api/corrections", json={"kind": "split", "ids": [story]})
        assert (refused.status_code, refused.json()["error"]) == (
            403,
            "this server is read-only (started with `storyline serve --read-only`)",
        )
        page = BeautifulSoup(client.get(f"/stories/{story}").text, "html.parser")
        assert page.select("form") == []
    with TestClient(create_app(settings)) as client:
        story = next(iter(_stories(client)))
        forged = client.post(
            "/corrections", data={"kind": "split", "ids": story}, headers={"Origin": "http://evil.example"}
        )
        assert forged.status_code == 403
        message = BeautifulSoup(forged.text, "html.parser").get_text(" ", strip=True)
        assert "a correction must come from this server's own pages, not from http://evil.example" in message
        assert client.get("/api/corrections").json()["count"] == 0


def test_cross_site_requests_oversized_forms_and_foreign_host_names_are_refused(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        story = next(iter(_stories(client)))
        cross = client.post(
            "/api/corrections",
            json={"kind": "split", "ids": [story]},
            headers={"Sec-Fetch-Site": "cross-site"},
        )
        assert (cross.status_code, cross.json()["error"]) == (
            403,
            "a correction must come from this server's own pages (the browser says cross-site)",
        )
        huge = client.post(
            "/corrections",
            content=b"kind=split&ids=" + b"a" * 70_000,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert huge.status_code == 400
        assert "the form is larger than 65536 bytes" in BeautifulSoup(huge.text, "html.parser").get_text()
        assert client.get("/api/corrections").json()["count"] == 0
    # As `storyline serve` on 127.0.0.1 builds it: a rebinding attacker's host name gets nothing.
    local = create_app(settings, allowed_hosts=("127.0.0.1", "localhost"))
    with TestClient(local, base_url="http://evil.example:8000") as client:
        assert client.get("/api/stories").status_code == 400
    with TestClient(local, base_url="http://127.0.0.1:8000") as client:
        assert client.get("/api/stories").status_code == 200


def test_found_by_schemathesis_numbers_dates_and_methods(settings: Settings) -> None:
    """Requests a schema-driven fuzzer (schemathesis 4.32.5, run by hand) found mishandled."""
    with TestClient(create_app(settings)) as client:
        assert client.delete(f"/api/corrections/{2**74}").status_code == 422  # was a 500 (OverflowError)
        assert client.get("/api/stories", params={"until": "0"}).status_code == 422  # was 1970-01-01
        refused = client.request("TRACE", "/api/stories")
        assert (refused.status_code, refused.headers["allow"]) == (405, "GET")
    with pytest.raises(NotFound) as raised:
        pipeline.remove_correction(settings, 2**74)
    assert str(raised.value) == f"no correction number {2**74}; `storyline correct list` shows them"
