"""The HTTP API and web UI, in process, over a store filled from the demo corpus and one hostile article."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient

from storyline import pipeline
from storyline.annotate import Annotator
from storyline.config import Settings
from storyline.errors import StorageError
from storyline.export import ExportDocument, build_export, select_story, to_json
from storyline.export.build import to_jsonable
from storyline.export.types import (
    CoverageEntry,
    ExportArticle,
    ExportCoverage,
    ExportStory,
    Period,
    PublishedEstimate,
)
from storyline.web import create_app, run
from storyline.web.charts import coverage_chart, shorten
from storyline.web.reference import type_name
from storyline.web.source import DocumentSource
from storyline.web.views import coverage_rows

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"

# An invented article whose title and outlet are markup: every page must show them as text.
HOSTILE_TITLE = 'Gull count <script>alert("gulls")</script> doubles at Fenwick Point'
HOSTILE_OUTLET = "Quayside <Gazette>"
HOSTILE = f""" date 2024-05-02
 outlet {HOSTILE_OUTLET}
{HOSTILE_TITLE}

Volunteers counted 412 gulls at Fenwick Point on Tuesday, twice last year's tally, the bird trust said.

"We ran out of clickers by noon," said trust warden Odile Marsh.
"""

MISSING_STORY = "s-0000000000000000"


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, annotator: Annotator) -> Settings:
    root = tmp_path_factory.mktemp("web")
    extra = root / "extra"
    extra.mkdir()
    (extra / "gulls.txt").write_text(HOSTILE, encoding="utf-8")
    settings = Settings(db_path=str(root / "news.db"))
    pipeline.ingest([str(CORPUS), str(extra)], settings, annotator=annotator)
    return settings


@pytest.fixture(scope="module")
def expected(settings: Settings) -> ExportDocument:
    """The export computed through the Python API, independently of the app."""
    return build_export(pipeline.stored_digest(settings))


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def rich_story(expected: ExportDocument) -> ExportStory:
    """The demo story with reused text, conflicting claims, quotes and a timeline."""
    story = next(s for s in expected.stories if s.reuse)
    assert any(c.status == "conflict" for c in story.claims)
    assert story.quotes
    assert story.timeline
    return story


@pytest.fixture(scope="module")
def hostile_story(expected: ExportDocument) -> ExportStory:
    article = next(a for a in expected.articles if a.title == HOSTILE_TITLE)
    return next(s for s in expected.stories if s.id == article.story)


def _soup(client: TestClient, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return BeautifulSoup(response.text, "html.parser")


def _text(node: Tag | None) -> str:
    assert node is not None
    return " ".join(node.get_text(" ", strip=True).split())


def _outlets(document: ExportDocument, story: ExportStory) -> list[str]:
    return sorted({a.outlet for a in document.articles if a.id in story.articles and a.outlet})


# --- JSON API -------------------------------------------------------------------------------------------


def test_export_is_the_json_of_the_export(client: TestClient, expected: ExportDocument) -> None:
    response = client.get("/api/export")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.text == to_json(expected)
    assert response.headers["content-encoding"] == "gzip"  # the test client asks for gzip, and gets it


def test_story_list_has_the_export_stories(client: TestClient, expected: ExportDocument) -> None:
    body = client.get("/api/stories").json()
    assert body["count"] == len(expected.stories) == 6
    assert [s["id"] for s in body["stories"]] == [s.id for s in expected.stories]
    assert [s["title"] for s in body["stories"]] == [s.title for s in expected.stories]
    line_title = {line.id: line.title for line in expected.storylines}
    assert body["stories"] == [
        {
            "id": s.id,
            "title": s.title,
            "period": {"start": s.period.start, "end": s.period.end},
            "articles": len(s.articles),
            "storyline": s.storyline,
            "storyline_title": line_title[s.storyline] if s.storyline else None,
            "outlets": _outlets(expected, s),
            "independent_sources": s.coverage.independent_sources if s.coverage else None,
            "quotes": len(s.quotes),
            "conflicts": sum(1 for c in s.claims if c.status == "conflict"),
        }
        for s in expected.stories
    ]


def test_story_list_groups_every_story_under_its_storyline(
    client: TestClient, expected: ExportDocument
) -> None:
    groups = client.get("/api/stories").json()["storylines"]
    assert sorted(g["id"] for g in groups) == sorted(line.id for line in expected.storylines)
    for group in groups:
        line = next(line for line in expected.storylines if line.id == group["id"])
        assert group["title"] == line.title
        assert sorted(group["stories"]) == sorted(line.stories)
    # Groups in the order of their first story, which is the export's (date) order.
    firsts = [[s.id for s in expected.stories].index(g["stories"][0]) for g in groups]
    assert firsts == sorted(firsts)


def test_story_list_filters(client: TestClient, expected: ExportDocument, hostile_story: ExportStory) -> None:
    by_years = client.get("/api/stories", params={"since": "2020-01-01", "until": "2021-12-31"}).json()
    wanted = [s.id for s in expected.stories if (s.period.start or "")[:4] in {"2020", "2021"}]
    assert len(wanted) == 2
    assert [s["id"] for s in by_years["stories"]] == wanted
    by_outlet = client.get("/api/stories", params={"outlet": HOSTILE_OUTLET.upper()}).json()
    assert [s["id"] for s in by_outlet["stories"]] == [hostile_story.id]
    by_words = client.get("/api/stories", params={"q": "FENWICK POINT"}).json()
    assert [s["id"] for s in by_words["stories"]] == [hostile_story.id]
    assert client.get("/api/stories", params={"q": "no such words anywhere"}).json() == {
        "count": 0,
        "stories": [],
        "storylines": [],
    }


def test_one_story_is_the_selected_export(client: TestClient, expected: ExportDocument) -> None:
    for story in expected.stories:
        want = to_json(select_story(expected, story.id))
        api = client.get(f"/api/stories/{story.id}")
        twin = client.get(f"/stories/{story.id}.json")
        assert (api.status_code, twin.status_code) == (200, 200)
        assert api.text == want
        assert twin.text == want


def test_unknown_story_is_a_404_naming_it(client: TestClient) -> None:
    message = f"no story '{MISSING_STORY}'; GET /api/stories lists the story ids"
    for path in (f"/api/stories/{MISSING_STORY}", f"/stories/{MISSING_STORY}.json"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"ok": False, "status": 404, "error": message, "errors": []}
    page = client.get(f"/stories/{MISSING_STORY}")
    assert page.status_code == 404
    soup = BeautifulSoup(page.text, "html.parser")
    assert _text(soup.find("h1")) == "404 Not Found"
    assert _text(soup.find("p", class_="error-message")) == message


def test_unknown_routes_answer_in_the_routes_format(client: TestClient) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json() == {
        "ok": False,
        "status": 404,
        "error": "no page '/api/nothing-here'",
        "errors": [],
    }
    page = client.get("/nothing-here")
    assert page.status_code == 404
    assert _text(BeautifulSoup(page.text, "html.parser").find("h1")) == "404 Not Found"


def test_articles_page_by_page(client: TestClient, expected: ExportDocument, rich_story: ExportStory) -> None:
    everything = client.get("/api/articles").json()
    assert everything["total"] == len(expected.articles) == 25
    assert everything["articles"] == to_jsonable(expected.articles)
    page = client.get("/api/articles", params={"story": rich_story.id, "offset": 1, "limit": 2}).json()
    in_story = [a for a in expected.articles if a.story == rich_story.id]
    assert page == {
        "total": len(in_story),
        "offset": 1,
        "limit": 2,
        "articles": to_jsonable(tuple(in_story[1:3])),
    }


def test_one_article(client: TestClient, expected: ExportDocument) -> None:
    article = expected.articles[0]
    assert client.get(f"/api/articles/{article.id}").json() == to_jsonable(article)
    missing = client.get("/api/articles/a-0000000000000000")
    assert missing.status_code == 404
    assert (
        missing.json()["error"] == "no article 'a-0000000000000000'; GET /api/articles lists the article ids"
    )
    redirect = client.get(f"/articles/{article.id}", follow_redirects=False)
    assert redirect.status_code == 303
    assert redirect.headers["location"] == f"/stories/{article.story}#{article.id}"


def test_invalid_parameters_are_rejected_with_one_line_each(client: TestClient) -> None:
    response = client.get("/api/articles", params={"limit": 0, "colour": "blue"})
    assert response.status_code == 422
    assert response.json() == {
        "ok": False,
        "status": 422,
        "error": "invalid request parameters",
        "errors": [
            "query.limit: Input should be greater than or equal to 1",
            "query.colour: Extra inputs are not permitted",
        ],
    }
    dates = client.get("/api/stories", params={"since": "last tuesday"})
    assert dates.status_code == 422
    assert dates.json()["errors"] == ["query.since: Value error, a date is written YYYY-MM-DD"]
    unknown_story = client.get("/api/articles", params={"story": MISSING_STORY})
    assert unknown_story.status_code == 404


def test_problems(client: TestClient, expected: ExportDocument) -> None:
    body = client.get("/api/problems").json()
    assert body == {"count": 4, "problems": to_jsonable(expected.problems)}
    soup = _soup(client, "/problems")
    assert _text(soup.find("h1")) == "Problems"
    rows = soup.select("table.problems tbody tr")
    assert [_text(row.find("td", class_="source")) for row in rows] == [p.source for p in expected.problems]
    assert [_text(row.find("td", class_="error")) for row in rows] == [p.error for p in expected.problems]


def test_health(client: TestClient, settings: Settings) -> None:
    assert client.get("/api/health").json() == {
        "status": "ok",
        "version": "0.1.0",
        "schema": "storyline.export/1",
        "store": settings.db_path,
        "articles": 25,
        "stories": 6,
        "storylines": 4,
        "problems": 4,
    }


def test_openapi_documents_the_response_records(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert sorted(spec["paths"]) == [
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/corrections",
        "/api/corrections/{number}",
        "/api/export",
        "/api/health",
        "/api/problems",
        "/api/stories",
        "/api/stories/{story_id}",
    ]

    def ok_schema(path: str) -> Any:
        return spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]

    assert ok_schema("/api/export") == {"$ref": "#/components/schemas/ExportDocument"}
    assert ok_schema("/api/stories/{story_id}") == {"$ref": "#/components/schemas/ExportDocument"}
    assert ok_schema("/api/stories") == {"$ref": "#/components/schemas/StoryList"}
    not_found = spec["paths"]["/api/stories/{story_id}"]["get"]["responses"]["404"]
    assert not_found["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    story_list = spec["components"]["schemas"]["StorySummary"]["properties"]
    assert list(story_list) == [
        "id",
        "title",
        "period",
        "articles",
        "storyline",
        "storyline_title",
        "outlets",
        "independent_sources",
        "quotes",
        "conflicts",
    ]


# --- HTML pages -----------------------------------------------------------------------------------------


def test_story_list_page_renders_the_story_list(client: TestClient, expected: ExportDocument) -> None:
    listing = client.get("/api/stories").json()
    soup = _soup(client, "/")
    assert _text(soup.find("h1")) == "Stories"
    assert [_text(h) for h in soup.select("section.storyline h2")] == [
        g["title"] for g in listing["storylines"]
    ]
    rows = soup.select("table.stories tbody tr")
    grouped = [sid for g in listing["storylines"] for sid in g["stories"]]
    assert [row["id"] for row in rows] == grouped
    by_id = {s.id: s for s in expected.stories}
    for row in rows:
        story = by_id[str(row["id"])]
        link = row.select_one("td.title a")
        assert link is not None
        assert (_text(link), link["href"]) == (story.title, f"/stories/{story.id}")
        assert _text(row.find("td", class_="articles")) == str(len(story.articles))
        outlets = row.find("td", class_="outlets")
        assert outlets is not None
        assert (_text(outlets), outlets["title"]) == (
            str(len(_outlets(expected, story))),
            ", ".join(_outlets(expected, story)),
        )
    alternate = soup.find("link", rel="alternate")
    assert alternate is not None
    assert alternate["href"] == "/api/stories"


def test_story_page_shows_every_part(
    client: TestClient, expected: ExportDocument, rich_story: ExportStory
) -> None:
    soup = _soup(client, f"/stories/{rich_story.id}")
    assert _text(soup.find("h1")) == rich_story.title
    # Summary: each sentence cites every supporting article, linked to its row in the sources.
    sentences = soup.select("ol.summary > li")
    assert len(sentences) == len(rich_story.summary)
    order = [a.id for a in expected.articles if a.story == rich_story.id]  # citation [n] is order[n - 1]
    for item, sentence in zip(sentences, rich_story.summary, strict=True):
        assert _text(item.find("span", class_="sentence")) == sentence.text
        for selector, ids in (
            (":scope > span.cites a.cite", sentence.sources),
            ("span.disputed a.cite", sentence.disputed_by),
            ("span.superseded a.cite", sentence.superseded_by),
        ):
            assert [(a["href"], _text(a)) for a in item.select(selector)] == [
                (f"#{aid}", f"[{order.index(aid) + 1}]") for aid in sorted(ids, key=order.index)
            ]
        independent = item.find("span", class_="independent")
        assert _text(independent) == f"{sentence.independent_sources} independent"
    # The demo story has sentences that other outlets dispute (52 vs 53 years old, Facebook vs Instagram).
    assert soup.select("ol.summary span.disputed")
    # Timeline: one row per entry, the date with its precision, the expressions it was resolved from.
    rows = soup.select("table.timeline tbody tr")
    assert len(rows) == len(rich_story.timeline)
    for row, entry in zip(rows, rich_story.timeline, strict=True):
        assert _text(row.find("td", class_="date")) == f"{entry.date} {entry.precision}"
        assert _text(row.find("td", class_="text")) == entry.text
        assert [_text(q) for q in row.select("td.expressions q")] == [e.text for e in entry.expressions]
    # Quotes: speaker cell, canonical text, number of carriers.
    quotes = soup.select("table.quotes tbody tr")
    assert [_text(row.find("td", class_="speaker")) for row in quotes] == [
        q.speaker or "unattributed" for q in rich_story.quotes
    ]
    assert [_text(row.select_one("td.text blockquote")) for row in quotes] == [
        q.text for q in rich_story.quotes
    ]
    assert [_text(row.select_one("td.carriers .count")) for row in quotes] == [
        str(len(q.articles)) for q in rich_story.quotes
    ]
    # Variants: how each carrier's wording differs from the canonical text.
    labels = {"same": "same words", "part": "a part", "elided": "words left out", "altered": "words altered"}
    for row, quote in zip(quotes, rich_story.quotes, strict=True):
        shown = [v for v in quote.variants if v.text != quote.text] if len(quote.variants) > 1 else []
        assert [_text(li.find("span", class_="change")) for li in row.select("li.variant:has(q)")] == [
            labels[v.change] for v in shown
        ]
    assert {v.change for q in rich_story.quotes for v in q.variants} == {"same", "part", "elided", "altered"}
    # Claims: conflicts highlighted.
    claims = soup.select("section#claims table.claims tbody tr")
    assert [row["class"] for row in claims] == [["claim", f"claim-{c.status}"] for c in rich_story.claims]
    conflicts = soup.select("section#claims tr.claim-conflict td.subject")
    assert [_text(td) for td in conflicts] == [c.subject for c in rich_story.claims if c.status == "conflict"]
    # Sources: one row per article, in export order, each an anchor the citations point to.
    sources = soup.select("table.sources tbody tr")
    assert [row["id"] for row in sources] == order
    anchors = {str(tag["id"]) for tag in soup.find_all(id=True)}
    assert {str(a["href"])[1:] for a in soup.select("a.cite:not(.elsewhere)")} <= anchors
    # Coverage chart: two bars per article; reuse graph: one node per article, one edge per pair.
    assert len(soup.select("svg.coverage-chart a.bar rect.original")) == len(rich_story.articles)
    assert rich_story.coverage is not None
    coverage = soup.select("table.coverage tbody tr")
    assert [_text(row.find("td", class_="original")) for row in coverage] == [
        f"{round(entry.original * 100)}%" for entry in rich_story.coverage.articles
    ]
    assert [[a["href"] for a in row.select("td.shared a.cite")] for row in coverage] == [
        [f"#{aid}" for aid in sorted(entry.copied_from, key=order.index)]
        for entry in rich_story.coverage.articles
    ]
    assert len(soup.select("svg.reuse-graph circle")) == len(rich_story.articles)
    assert len(soup.select("svg.reuse-graph path.edge")) == len(rich_story.reuse)
    assert len(soup.select("table.reuse tbody tr")) == len(rich_story.reuse)
    # Its storyline, with the other story linked.
    line = next(line for line in expected.storylines if rich_story.id in line.stories)
    siblings = soup.select("ol.storyline-stories li")
    assert len(siblings) == len(line.stories)
    assert soup.select_one("ol.storyline-stories [aria-current=page]") is not None
    # Storyline claims cite articles of the other stories through their /articles/{id} link.
    others = {a.id for a in expected.articles if a.story in line.stories and a.story != rich_story.id}
    elsewhere = {str(a["href"]).removeprefix("/articles/") for a in soup.select("a.cite.elsewhere")}
    cited = {aid for claim in line.claims for value in claim.values for aid in value.articles}
    assert elsewhere == cited & others
    assert elsewhere
    outlet_of = {a.id: a.outlet for a in expected.articles}
    assert sorted(_text(a) for a in soup.select("a.cite.elsewhere")) == sorted(
        f"[{outlet_of[aid]} ↗]"
        for claim in line.claims
        for value in claim.values
        for aid in value.articles
        if aid in others
    )


def test_user_text_is_escaped_everywhere(client: TestClient, hostile_story: ExportStory) -> None:
    for path in ("/", f"/stories/{hostile_story.id}", "/articles"):
        response = client.get(path)
        assert response.status_code == 200
        assert '<script>alert("gulls")</script>' not in response.text
        assert "&lt;script&gt;" in response.text
        soup = BeautifulSoup(response.text, "html.parser")
        assert soup.find("script") is None
    story = _soup(client, f"/stories/{hostile_story.id}")
    assert _text(story.find("h1")) == hostile_story.title == HOSTILE_TITLE
    assert _text(story.select_one("table.sources td.outlet")) == HOSTILE_OUTLET
    assert [_text(td) for td in story.select("table.quotes td.speaker")] == ["Odile Marsh"]
    assert story.title is not None
    assert story.title.get_text() == f"{HOSTILE_TITLE} · Storyline"


def test_pages_forbid_scripts_and_load_nothing_from_elsewhere(
    client: TestClient, rich_story: ExportStory
) -> None:
    response = client.get(f"/stories/{rich_story.id}")
    assert response.headers["content-security-policy"] == (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    )
    soup = BeautifulSoup(response.text, "html.parser")
    local = [tag.get("href") or tag.get("src") for tag in soup.find_all(["link", "img", "script", "iframe"])]
    assert local == ["/static/favicon.svg", "/static/style.css", f"/stories/{rich_story.id}.json"]
    assert [client.get(f"/static/{name}").status_code for name in ("favicon.svg", "style.css")] == [200, 200]


def test_articles_page_pages(client: TestClient, expected: ExportDocument) -> None:
    soup = _soup(client, "/articles?limit=10&offset=10")
    rows = soup.select("table.articles tbody tr")
    assert [row["id"] for row in rows] == [a.id for a in expected.articles[10:20]]
    assert _text(soup.find("p", class_="count")) == "Articles 11–20 of 25."
    prev, nxt = soup.find("a", rel="prev"), soup.find("a", rel="next")
    assert prev is not None
    assert nxt is not None
    assert (prev["href"], nxt["href"]) == ("/articles?limit=10", "/articles?offset=20&limit=10")


def test_api_reference_page_lists_every_route(client: TestClient) -> None:
    soup = _soup(client, "/docs")
    assert [_text(h) for h in soup.select("section.operation h3")] == [
        "GET /api/export",
        "GET /api/stories",
        "GET /api/stories/{story_id}",
        "GET /api/articles",
        "POST /api/articles",
        "GET /api/articles/{article_id}",
        "GET /api/problems",
        "GET /api/health",
        "GET /api/corrections",
        "POST /api/corrections",
        "DELETE /api/corrections/{number}",
    ]


# --- the store behind the app ---------------------------------------------------------------------------


def test_a_missing_store_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    settings = Settings(db_path=str(tmp_path / "none.db"))
    message = (
        f"{settings.db_path}: no such database (run `storyline ingest PATH --db {settings.db_path}` first)"
    )
    with TestClient(create_app(settings)) as client:
        response = client.get("/api/health")
        assert response.status_code == 500
        assert response.json() == {"ok": False, "status": 500, "error": message, "errors": []}
        page = client.get("/")
        assert page.status_code == 500
        assert _text(BeautifulSoup(page.text, "html.parser").find("p", class_="error-message")) == message
    with pytest.raises(StorageError, match="no such database"):
        run(settings, "127.0.0.1", 0)


def test_the_document_is_loaded_again_only_after_the_store_changes(
    tmp_path: Path, annotator: Annotator
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "gulls.txt").write_text(HOSTILE, encoding="utf-8")
    settings = Settings(db_path=str(tmp_path / "news.db"))
    pipeline.ingest([str(corpus)], settings, annotator=annotator)
    loads: list[int] = []

    def load(s: Settings) -> ExportDocument:
        document = build_export(pipeline.stored_digest(s, annotator=annotator))
        loads.append(len(document.articles))
        return document

    source = DocumentSource(settings, load)
    first = source.document()
    assert source.document() is first
    assert source.export_json() == to_json(first)
    assert loads == [1]
    later = tmp_path / "later"
    later.mkdir()
    (later / "terns.txt").write_text(
        " date 2024-05-09\nTern colony returns to Fenwick Point\n\nA colony of forty terns nested again.\n",
        encoding="utf-8",
    )
    pipeline.ingest([str(later)], settings, annotator=annotator)
    assert len(source.document().articles) == 2
    assert loads == [1, 2]


# --- layout helpers -------------------------------------------------------------------------------------


def _article(aid: str, words: int, published: str | None, **extra: Any) -> ExportArticle:
    estimate = None
    if published is None:
        estimate = PublishedEstimate(
            date="2024-01-03", earliest="2024-01-02", latest="2024-01-05", basis="story"
        )
    return ExportArticle(
        id=aid,
        source=f"{aid}.txt",
        outlet=extra.get("outlet", f"Outlet {aid}"),
        title=f"Title {aid}",
        published=published,
        published_estimate=estimate,
        language="en",
        words=words,
        duplicate_of=extra.get("duplicate_of"),
        story="s-1",
    )


def test_coverage_rows_are_the_exported_coverage_in_words() -> None:
    arts = [
        _article("a-1", 100, "2024-01-01"),
        _article("a-2", 80, "2024-01-02"),
        _article("a-3", 50, None, outlet=None),
    ]
    story = ExportStory(
        id="s-1",
        storyline=None,
        title="Invented",
        articles=("a-1", "a-2", "a-3"),
        period=Period(start="2024-01-01", end="2024-01-03"),
        coverage=ExportCoverage(
            outlets=3,
            independent_sources=2,
            articles=(
                CoverageEntry(
                    article="a-1",
                    outlet="Outlet a-1",
                    date="2024-01-01",
                    words=100,
                    original=1.0,
                    copied_from=(),
                ),
                CoverageEntry(
                    article="a-2",
                    outlet="Outlet a-2",
                    date="2024-01-02",
                    words=80,
                    original=0.37,
                    copied_from=("a-1",),
                ),
                CoverageEntry(
                    article="a-3",
                    outlet=None,
                    date="2024-01-03",
                    words=50,
                    original=0.0,
                    copied_from=("a-1", "a-2"),
                ),
            ),
        ),
    )
    rows = coverage_rows(story, {a.id: a for a in arts})
    assert [
        (r.article, r.outlet, r.date, r.estimated, r.words, r.original_words, r.shared_words, r.copied_from)
        for r in rows
    ] == [
        ("a-1", "Outlet a-1", "2024-01-01", False, 100, 100, 0, ()),
        ("a-2", "Outlet a-2", "2024-01-02", False, 80, 30, 50, ("a-1",)),
        ("a-3", "unknown outlet", "2024-01-03", True, 50, 0, 50, ("a-1", "a-2")),
    ]
    chart = coverage_chart(rows)
    assert [(b.original_width, b.shared_width, b.words) for b in chart.bars] == [
        (340.0, 0.0, "100% of 100 words"),
        (102.0, 170.0, "37% of 80 words"),
        (0.0, 170.0, "0% of 50 words"),
    ]
    assert coverage_rows(dataclasses.replace(story, coverage=None), {a.id: a for a in arts}) == ()


def test_labels_are_cut_with_an_ellipsis() -> None:
    assert shorten("Port Ellery Evening Ledger", 12) == "Port Ellery…"
    assert shorten("Wirefront", 12) == "Wirefront"


def test_type_names_of_the_reference() -> None:
    assert type_name({"$ref": "#/components/schemas/ExportStory"}) == "ExportStory"
    assert type_name({"anyOf": [{"type": "string"}, {"type": "null"}]}) == "string | null"
    assert type_name({"type": "array", "items": {"$ref": "#/components/schemas/Period"}}) == "list[Period]"
    assert type_name({"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}]}) == (
        "[string, string]"
    )
    assert type_name({"enum": ["agree", "conflict"]}) == "'agree' | 'conflict'"
    assert type_name({"type": "string", "format": "date"}) == "string (date)"
    assert json.loads(json.dumps(type_name({}))) == "any"


# --- the `storyline serve` command -----------------------------------------------------------------------


def test_serve_command_answers_over_http(settings: Settings, tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    storyline = str(Path(sys.executable).parent / "storyline")  # the installed command, as a user runs it
    command = [storyline, "serve", "--db", settings.db_path, "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories", timeout=5) as response:
                    body = json.loads(response.read())
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "storyline serve did not answer within 30 s"
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)
    expected = pipeline.stored_export(settings)
    assert [story["id"] for story in body["stories"]] == [story.id for story in expected.stories]


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from storyline.cli import cli

    missing = str(tmp_path / "none.db")
    result = CliRunner().invoke(cli, ["serve", "--db", missing], catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {missing}: no such database (run `storyline ingest PATH --db {missing}` first)\n",
    )


def test_story_page_profiles_coverage_by_the_users_outlet_list(settings: Settings) -> None:
    from storyline.outlets import read_outlets

    examples = Path(__file__).resolve().parent.parent / "examples"
    profiled = dataclasses.replace(settings, outlets=read_outlets(examples / "outlets.csv"))
    document = pipeline.stored_export(profiled)
    story = max(document.stories, key=lambda s: len(s.articles))
    assert story.coverage is not None and story.coverage.profile
    with TestClient(create_app(profiled)) as client:
        soup = _soup(client, f"/stories/{story.id}")
    rows = soup.select("table.profile tbody tr")
    assert [[_text(cell) for cell in row.find_all("td")] for row in rows] == [
        [c.attribute, c.value, str(c.articles), str(c.outlets)] for c in story.coverage.profile
    ]
