"""The web UI in a real headless browser: Debian's Chromium driven by Playwright, scripts turned off.

The app runs under uvicorn on a free localhost port in a thread, over a store filled from the demo corpus.
Playwright never downloads a browser here: it launches /usr/bin/chromium (`apt-get install chromium`).
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from storyline import pipeline
from storyline.config import Settings
from storyline.export import ExportDocument, build_export
from storyline.export.types import ExportStory
from storyline.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
VIEWPORT = {"width": 1280, "height": 900}
STARTUP_SECONDS = 20.0  # uvicorn starts in well under a second here; generous for a loaded CI machine

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(db_path=str(tmp_path_factory.mktemp("browser") / "news.db"))
    pipeline.ingest([str(CORPUS)], settings)
    return settings


@pytest.fixture(scope="module")
def expected(settings: Settings) -> ExportDocument:
    return build_export(pipeline.stored_digest(settings))


@pytest.fixture(scope="module")
def base_url(settings: Settings) -> Iterator[str]:
    """The app served by uvicorn in a thread, on a port the OS picked, until the module ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped while starting"
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=STARTUP_SECONDS)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A page with JavaScript off: the UI must work without it."""
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORT, base_url=base_url)
    yield context.new_page()
    context.close()


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG file's IHDR chunk."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_open_the_list_click_a_story_and_read_it(
    page: Page, base_url: str, expected: ExportDocument, tmp_path: Path
) -> None:
    story: ExportStory = next(s for s in expected.stories if s.reuse and s.quotes and s.timeline)
    requests: list[str] = []
    console_errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)

    page.goto("/")
    assert page.locator("h1").inner_text() == "Stories"
    assert page.locator("table.stories tbody tr").count() == len(expected.stories)

    page.get_by_role("link", name=story.title, exact=True).click()
    page.wait_for_url(f"{base_url}/stories/{story.id}")
    assert page.locator("h1").inner_text() == story.title

    timeline = page.locator("table.timeline tbody tr")
    assert timeline.count() == len(story.timeline)
    assert timeline.first.locator("td.text").inner_text() == story.timeline[0].text
    assert page.locator("table.quotes td.speaker").all_inner_texts() == [
        q.speaker or "unattributed" for q in story.quotes
    ]
    assert page.locator("table.quotes tbody tr").first.locator("blockquote").is_visible()

    # Variants open without JavaScript: <details> is native.
    details = page.locator("table.quotes details.variants").first
    assert details.locator("ul").is_visible() is False
    details.locator("summary").click()
    assert details.locator("ul").is_visible()

    # A citation jumps to its source row.
    first_citation = page.locator("ol.summary a.cite").first
    target = first_citation.get_attribute("href")
    first_citation.click()
    assert page.url == f"{base_url}/stories/{story.id}{target}"

    # The stylesheet applied (so CSP let it through) and the charts were drawn.
    assert page.locator("svg.coverage-chart").bounding_box() is not None
    assert page.locator("svg.reuse-graph path.edge").count() == len(story.reuse)
    assert page.locator("header.site").evaluate("e => getComputedStyle(e).display") == "flex"

    shot = tmp_path / "story.png"
    page.screenshot(path=str(shot), full_page=True)
    width, height = _png_size(shot)
    assert width == VIEWPORT["width"]
    assert height > VIEWPORT["height"]

    assert console_errors == []
    assert [url for url in requests if not url.startswith(base_url)] == []


def test_a_missing_story_shows_the_error_page(page: Page) -> None:
    response = page.goto("/stories/s-0000000000000000")
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == "404 Not Found"
    page.get_by_role("link", name="Back to the stories").click()
    assert page.locator("h1").inner_text() == "Stories"
