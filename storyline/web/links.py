"""Where a page links to another story, storyline or article: the web app's pages, or anchors in the
one-file report (:mod:`storyline.web.report`). The templates ask ``links``; they never build URLs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote


@dataclass(frozen=True, slots=True)
class WebLinks:
    """Links between the pages of the web app mounted at ``root`` ("" at the top of the site)."""

    root: str = ""

    def story(self, story_id: str) -> str:
        """The story's page."""
        return f"{self.root}/stories/{quote(story_id, safe='')}"

    def storyline(self, storyline_id: str) -> str:
        """The storyline's group on the story list."""
        return f"{self.root}/#{quote(storyline_id, safe='')}"

    def article(self, article_id: str) -> str:
        """The article's row in its story's sources (the app redirects there)."""
        return f"{self.root}/articles/{quote(article_id, safe='')}"


@dataclass(frozen=True, slots=True)
class ReportLinks:
    """Anchors inside the one-file report, where every story, storyline and article is on the page."""

    first_story: Mapping[str, str] = field(default_factory=dict)  # storyline id -> its first story's id
    articles: frozenset[str] = frozenset()  # the articles on the page: only they can be linked to

    def story(self, story_id: str) -> str:
        """The story's section."""
        return f"#{story_id}-story"

    def storyline(self, storyline_id: str) -> str:
        """The section of the storyline's first story (the report has no storyline pages)."""
        first = self.first_story.get(storyline_id)
        return self.story(first) if first is not None else "#"

    def article(self, article_id: str) -> str | None:
        """The article's row in its story's sources; None for an article not in the report (a one-story
        report citing another story of the storyline), which is then shown without a link."""
        return f"#{article_id}" if article_id in self.articles else None
