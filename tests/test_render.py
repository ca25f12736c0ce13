"""The Markdown report and the terminal summary, line by line."""

from __future__ import annotations

import dataclasses

from storyline.export.types import (
    ClaimValue,
    CoverageEntry,
    ExportArticle,
    ExportClaim,
    ExportCoverage,
    ExportDocument,
    ExportProblem,
    ExportQuote,
    ExportReuse,
    ExportStory,
    Expression,
    FirstCarrier,
    Period,
    PublishedEstimate,
    QuoteVariant,
    ReusedPassage,
    SummarySentence,
    TimelineEntry,
)
from storyline.render import render_markdown, render_summary


def _article(aid: str, outlet: str | None, published: str | None, **extra: object) -> ExportArticle:
    fields: dict[str, object] = {"published_estimate": None, "duplicate_of": None, **extra}
    return ExportArticle(
        id=aid, source=f"in/{aid}.txt", outlet=outlet, title=f"Dam spillway opened ({aid})",
        published=published, language="en", words=120, story="s-dam", **fields,  # type: ignore[arg-type]
    )  # fmt: skip


ARTICLES = (
    _article("a-1", "Valley Wire", "2024-05-02"),
    _article("a-2", "Ridge Times", "2024-05-03", duplicate_of="a-1"),
    _article(
        "a-3",
        None,
        None,
        published_estimate=PublishedEstimate(
            date="2024-05-03", earliest="2024-05-02", latest="2024-05-05", basis="its story's dates"
        ),
    ),
)
STORY = ExportStory(
    id="s-dam",
    storyline="l-dam",
    title="Spillway opened at Orrin Dam",
    articles=("a-1", "a-2", "a-3"),
    period=Period(start="2024-05-02", end="2024-05-03"),
    summary=(
        SummarySentence(
            text="Engineers opened the Orrin Dam spillway.",
            sources=("a-1", "a-2", "a-3"),
            independent_sources=2,
        ),
        SummarySentence(
            text="The dam is 85 m high and 4 people were hurt.",
            sources=("a-3",),
            independent_sources=1,
            disputed_by=("a-1", "a-2"),
            superseded_by=("a-2",),
        ),
    ),
    quotes=(
        ExportQuote(
            id="q-1",
            text="The dam is sound.",
            speaker="Petra Lund",
            speaker_entity=None,
            articles=("a-1", "a-2"),
            first=FirstCarrier(article="a-1", date="2024-05-02"),
            variants=(QuoteVariant(article="a-1", text="The dam is sound."),),
        ),
    ),
    timeline=(
        TimelineEntry(
            date="2024-05-01",
            precision="day",
            text="Heavy rain began.",
            sources=("a-1",),
            expressions=(Expression(article="a-1", text="on Wednesday"),),
        ),
    ),
    claims=(
        ExportClaim(
            subject="Orrin Dam",
            attribute="height",
            status="conflict",
            values=(
                ClaimValue(value="80 m", as_of=None, articles=("a-1", "a-2")),
                ClaimValue(value="85 m", as_of=None, articles=("a-3",)),
            ),
            explanation="Valley Wire says 80 m; a-3 says 85 m.",
        ),
    ),
    reuse=(ExportReuse(articles=("a-1", "a-2"), chars=640, passages=(ReusedPassage(text="…"),)),),
    coverage=ExportCoverage(
        outlets=3,
        independent_sources=2,
        articles=(
            CoverageEntry(
                article="a-1",
                outlet="Valley Wire",
                date="2024-05-02",
                words=120,
                original=1.0,
                copied_from=(),
            ),
            CoverageEntry(
                article="a-3", outlet=None, date="2024-05-03", words=120, original=0.75, copied_from=()
            ),
            CoverageEntry(
                article="a-2",
                outlet="Ridge Times",
                date="2024-05-03",
                words=120,
                original=0.0,
                copied_from=("a-1",),
            ),
        ),
    ),
)
DOCUMENT = ExportDocument(
    schema="storyline.export/1",
    articles=ARTICLES,
    stories=(STORY,),
    storylines=(),
    problems=(ExportProblem(source="in/broken.html", error="not HTML"),),
)


def test_markdown_report() -> None:
    assert render_markdown(DOCUMENT).splitlines() == [
        "# Storyline report",
        "",
        "## Spillway opened at Orrin Dam",
        "",
        "*2024-05-02 – 2024-05-03* · `s-dam` · storyline `l-dam`",
        "",
        "- Engineers opened the Orrin Dam spillway. [Valley Wire; Ridge Times; a-3]",
        "- The dam is 85 m high and 4 people were hurt. [a-3] (disputed by [Valley Wire; Ridge Times]; "
        "since updated by [Ridge Times])",
        "",
        "### Timeline",
        "",
        "- **2024-05-01** Heavy rain began. (“on Wednesday”) [Valley Wire]",
        "",
        "### Quotes",
        "",
        "- “The dam is sound.” — Petra Lund (first: Valley Wire, 2024-05-02; 2 carriers)",
        "",
        "### Claims",
        "",
        "- **conflict** Orrin Dam · height: 80 m [Valley Wire; Ridge Times]; 85 m [a-3]. "
        "Valley Wire says 80 m; a-3 says 85 m.",
        "",
        "### Sources",
        "",
        "3 articles from 3 outlets, 2 independent sources.",
        "",
        "- 2024-05-02 · Valley Wire · Dam spillway opened (a-1) `a-1` · 100% own text",
        "- 2024-05-03 · Ridge Times · Dam spillway opened (a-2) (copy of `a-1`) `a-2` · 0% own text",
        "- ~2024-05-03 · unknown outlet · Dam spillway opened (a-3) `a-3` · 75% own text",
        "",
        "### Reuse",
        "",
        "- `a-1` → `a-2`: 640 characters shared",
        "",
        "## Problems",
        "",
        "- `in/broken.html`: not HTML",
    ]


def test_terminal_summary() -> None:
    assert render_summary(DOCUMENT) == (
        "3 articles, 1 story, 0 storylines, 1 problem\n"
        "- Spillway opened at Orrin Dam (2024-05-02 – 2024-05-03; 3 articles: ?, Ridge Times, Valley Wire)\n"
        "! in/broken.html: not HTML\n"
    )


def test_a_quote_with_one_carrier_says_carrier() -> None:
    quote = dataclasses.replace(STORY.quotes[0], articles=("a-1",))
    document = dataclasses.replace(DOCUMENT, stories=(dataclasses.replace(STORY, quotes=(quote,)),))
    lines = render_markdown(document).splitlines()
    assert "- “The dam is sound.” — Petra Lund (first: Valley Wire, 2024-05-02; 1 carrier)" in lines
