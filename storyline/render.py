"""Human-readable renderings of an export document: a terminal summary and Markdown."""

from __future__ import annotations

from collections.abc import Iterator

from storyline.export.types import ExportArticle, ExportDocument, ExportStory


def render_summary(document: ExportDocument) -> str:
    """A short plain-text overview: counts, each story with its outlets, and every problem."""
    lines = [
        f"{plural(len(document.articles), 'article')}, {plural(len(document.stories), 'story', 'stories')}, "
        f"{plural(len(document.storylines), 'storyline')}, {plural(len(document.problems), 'problem')}",
    ]
    by_id = {a.id: a for a in document.articles}
    for story in document.stories:
        outlets = sorted({by_id[a].outlet or "?" for a in story.articles if a in by_id})
        period = _period(story)
        lines.append(f"- {story.title} ({period}; {len(story.articles)} articles: {', '.join(outlets)})")
    if not document.stories:
        lines.extend(f"- {a.published or 'undated'}  {a.outlet or '?'}: {a.title}" for a in document.articles)
    lines.extend(f"! {p.source}: {p.error}" for p in document.problems)
    return "\n".join(lines) + "\n"


def render_markdown(document: ExportDocument) -> str:
    """The export as a Markdown report: one section per story, then unassigned articles and problems."""
    by_id = {a.id: a for a in document.articles}
    parts = ["# Storyline report", ""]
    for story in document.stories:
        parts.extend(_story_markdown(story, by_id))
    in_story = {a for s in document.stories for a in s.articles}
    rest = [a for a in document.articles if a.id not in in_story]
    if rest:
        parts += ["## Articles", ""]
        parts += [f"- {_article_line(a)}" for a in rest]
        parts.append("")
    if document.problems:
        parts += ["## Problems", ""]
        parts += [f"- `{p.source}`: {p.error}" for p in document.problems]
        parts.append("")
    return "\n".join(parts)


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 story``, ``2 stories``."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def _period(story: ExportStory) -> str:
    """``start – end`` of a story, or ``undated``."""
    if story.period.start is None:
        return "undated"
    if story.period.end in (None, story.period.start):
        return story.period.start
    return f"{story.period.start} – {story.period.end}"


def _article_line(article: ExportArticle) -> str:
    """One article as a Markdown list item's text."""
    date = article.published or (
        f"~{article.published_estimate.date}" if article.published_estimate else "undated"
    )
    dup = f" (copy of `{article.duplicate_of}`)" if article.duplicate_of else ""
    revised = f" (revised {len(article.revisions)}×)" if article.revisions else ""
    return f"{date} · {article.outlet or 'unknown outlet'} · {article.title}{dup}{revised} `{article.id}`"


def _cite(article_ids: tuple[str, ...], by_id: dict[str, ExportArticle]) -> str:
    """Sources as outlet names (the article id where the outlet is unknown), in the given order."""
    names = [by_id[a].outlet or a if a in by_id else a for a in article_ids]
    return "[" + "; ".join(dict.fromkeys(names)) + "]"


def _story_markdown(story: ExportStory, by_id: dict[str, ExportArticle]) -> Iterator[str]:
    """The Markdown section of one story."""
    yield f"## {story.title}"
    yield ""
    yield f"*{_period(story)}* · `{story.id}`" + (
        f" · storyline `{story.storyline}`" if story.storyline else ""
    )
    yield ""
    if story.summary:
        for sentence in story.summary:
            notes = []
            if sentence.disputed_by:
                notes.append(f"disputed by {_cite(sentence.disputed_by, by_id)}")
            if sentence.superseded_by:
                notes.append(f"since updated by {_cite(sentence.superseded_by, by_id)}")
            tail = f" ({'; '.join(notes)})" if notes else ""
            yield f"- {sentence.text} {_cite(sentence.sources, by_id)}{tail}"
        yield ""
    if story.timeline:
        yield "### Timeline"
        yield ""
        for entry in story.timeline:
            said = "; ".join(f"“{e.text}”" for e in entry.expressions)
            yield f"- **{entry.date}** {entry.text} ({said}) {_cite(entry.sources, by_id)}"
        yield ""
    if story.quotes:
        yield "### Quotes"
        yield ""
        for quote in story.quotes:
            speaker = quote.speaker or "unattributed"
            first = by_id.get(quote.first.article)
            carrier = first.outlet if first and first.outlet else quote.first.article
            yield (
                f"- “{quote.text}” — {speaker} (first: {carrier}, {quote.first.date or 'undated'}; "
                f"{len(quote.articles)} carrier{'s' if len(quote.articles) != 1 else ''})"
            )
        yield ""
    if story.claims:
        yield "### Claims"
        yield ""
        for claim in story.claims:
            values = "; ".join(f"{v.value} {_cite(v.articles, by_id)}" for v in claim.values)
            yield f"- **{claim.status}** {claim.subject} · {claim.attribute}: {values}. {claim.explanation}"
        yield ""
    yield "### Sources"
    yield ""
    if story.coverage is not None:
        coverage = story.coverage
        yield (
            f"{len(story.articles)} articles from {coverage.outlets} outlets, "
            f"{coverage.independent_sources} independent sources."
        )
        yield ""
        by_attribute: dict[str, list[str]] = {}
        for count in coverage.profile:
            by_attribute.setdefault(count.attribute, []).append(
                f"{count.value} {plural(count.articles, 'article')} ({plural(count.outlets, 'outlet')})"
            )
        for attribute, counts in by_attribute.items():
            yield f"- by {attribute}: {', '.join(counts)}"
        if by_attribute:
            yield ""
    own = {e.article: e for e in story.coverage.articles} if story.coverage else {}
    for article_id in story.articles:
        if article_id in by_id:
            part = own.get(article_id)
            share = f" · {part.original:.0%} own text" if part is not None else ""
            yield f"- {_article_line(by_id[article_id])}{share}"
    yield ""
    if story.reuse:
        yield "### Reuse"
        yield ""
        for reuse in story.reuse:
            yield f"- `{reuse.articles[0]}` → `{reuse.articles[1]}`: {reuse.chars} characters shared"
        yield ""
