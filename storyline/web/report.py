"""The one-file HTML report: every story of an export on one page that opens from disk, no server needed.

The same templates as the web app's story pages (``story_body.html``), with the styles inlined, every
element id prefixed by its story's id, and links turned into anchors (:class:`ReportLinks`).
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

from storyline.export import ExportDocument
from storyline.web.links import ReportLinks
from storyline.web.pages import template_environment
from storyline.web.views import story_page

__all__ = ["render_report"]


def render_report(
    document: ExportDocument, *, heading: str = "Storyline report", generated: str | None = None
) -> str:
    """The export as one self-contained HTML page.

    Args:
        document: the export (all of it, or one story of it from :func:`storyline.export.select_story`).
        heading: the page's title.
        generated: when the report was made, as shown under the title (default: today, UTC).

    Returns:
        The HTML text (UTF-8), with no reference to any other file.
    """
    pages = [story_page(document, story.id) for story in document.stories]
    first_story: dict[str, str] = {}
    for story in document.stories:  # the export lists stories by first date
        if story.storyline is not None:
            first_story.setdefault(story.storyline, story.id)
    css = resources.files("storyline.web").joinpath("static/style.css").read_text(encoding="utf-8")
    template = template_environment().get_template("report.html")
    return template.render(
        root="",
        links=ReportLinks(first_story=first_story, articles=frozenset(a.id for a in document.articles)),
        inline_css=css,
        json_url=None,
        heading=heading,
        generated=generated or dt.datetime.now(dt.UTC).date().isoformat(),
        document=document,
        pages=pages,
    )
