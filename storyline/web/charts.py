"""Geometry of the story page's two inline SVG charts: coverage bars and the reuse graph.

Pure layout: these functions compute coordinates and labels; the templates draw them (and escape every
label). No JavaScript and no chart library: the page works as plain HTML.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.export.types import ExportArticle, ExportStory

if TYPE_CHECKING:
    from storyline.web.views import CoverageRow

# Layout in SVG user units (CSS pixels at 100 % zoom), chosen so the charts fit a 720 px content column.
LABEL_WIDTH = 250  # room for a label of MAX_LABEL_CHARS characters at the 12 px chart font
BAR_WIDTH = 340  # the longest article's bar
NUMBER_WIDTH = 170  # "100% of 1,234 words" right of a bar at the 12 px chart font (140 cut "words" off)
ROW_HEIGHT = 24
BAR_HEIGHT = 16
PADDING = 8
LEGEND_HEIGHT = 24
MAX_LABEL_CHARS = 34  # longer outlet names are cut with an ellipsis; the full name is in the tooltip

COLUMN_WIDTH = 200  # reuse graph: one column per publication date, at least this wide
GRAPH_WIDTH = 700  # columns widen until the graph is this wide (fewer dates, wider columns)
LABEL_CHAR_WIDTH = 8  # a 12 px label character is about 7 units wide; 8 leaves a gap between columns
NODE_GAP = 76  # vertical distance between two articles of the same date
NODE_RADIUS = 9
HEADER_HEIGHT = 34  # the date labels above the columns
MIN_EDGE_WIDTH = 1.5
MAX_EDGE_WIDTH = 7.0  # the pair that shares the most characters
CURVE = 0.22  # how far an edge bends, as a share of its length, so edges inside one column stay visible
UNDATED = "undated"


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverageBar:
    """One article's bar: original words first, then the words it shares with an earlier article."""

    article: str
    y: int
    label: str
    tooltip: str
    original_width: float
    shared_width: float
    words: str  # the number printed right of the bar


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverageChart:
    """The coverage chart of one story."""

    width: int
    height: int
    label_width: int
    bar_height: int
    bars: tuple[CoverageBar, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphNode:
    """An article in the reuse graph."""

    article: str
    x: float
    y: float
    label: str
    tooltip: str


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphEdge:
    """Shared text between two articles, drawn from the earlier one to the later one."""

    source: str
    target: str
    path: str  # SVG path data
    width: float
    tooltip: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ColumnHeader:
    """A date label above one column of the reuse graph."""

    x: float
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReuseGraph:
    """The reuse graph of one story: articles by date, edges weighted by shared characters."""

    width: int
    height: int
    radius: int
    columns: tuple[ColumnHeader, ...]
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]


def shorten(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    """The label cut to ``limit`` characters, with an ellipsis when cut."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def coverage_chart(rows: tuple[CoverageRow, ...]) -> CoverageChart:
    """Horizontal bars, one per article in date order, scaled to the longest article."""
    longest = max((row.words for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        date = (row.date or UNDATED) + (" (est.)" if row.estimated else "")
        bars.append(
            CoverageBar(
                article=row.article,
                y=PADDING + LEGEND_HEIGHT + index * ROW_HEIGHT,
                label=shorten(f"{row.outlet} · {date}"),
                tooltip=(
                    f"{row.outlet}, {date}: {row.words} words, {row.original:.0%} original "
                    f"({row.shared_words} words shared with an earlier article)"
                ),
                original_width=round(BAR_WIDTH * row.original_words / longest, 1),
                shared_width=round(BAR_WIDTH * row.shared_words / longest, 1),
                words=f"{row.original:.0%} of {row.words:,} words",
            )
        )
    return CoverageChart(
        width=LABEL_WIDTH + BAR_WIDTH + NUMBER_WIDTH,
        height=2 * PADDING + LEGEND_HEIGHT + len(rows) * ROW_HEIGHT,
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        bars=tuple(bars),
    )


def reuse_graph(story: ExportStory, articles: dict[str, ExportArticle]) -> ReuseGraph:
    """Every article of the story placed in its date's column, and an edge for each reuse pair."""
    by_date: dict[str, list[ExportArticle]] = {}
    for article in articles.values():
        date = article.published or (article.published_estimate.date if article.published_estimate else None)
        by_date.setdefault(date or UNDATED, []).append(article)
    dates = sorted(by_date, key=lambda d: (d == UNDATED, d))
    column_width = max(COLUMN_WIDTH, GRAPH_WIDTH // max(len(dates), 1))
    positions: dict[str, tuple[float, float]] = {}
    nodes = []
    for column, date in enumerate(dates):
        x = column_width * column + column_width / 2
        for row, article in enumerate(by_date[date]):
            y = HEADER_HEIGHT + NODE_GAP * row + NODE_GAP / 2
            positions[article.id] = (x, y)
            outlet = article.outlet or "unknown outlet"
            nodes.append(
                GraphNode(
                    article=article.id,
                    x=x,
                    y=y,
                    label=shorten(outlet, column_width // LABEL_CHAR_WIDTH),
                    tooltip=f"{outlet}, {date}: {article.title}",
                )
            )
    most = max((r.chars for r in story.reuse), default=0) or 1
    edges = []
    for reuse in story.reuse:
        earlier, later = reuse.articles
        if earlier not in positions or later not in positions:
            continue
        width = MIN_EDGE_WIDTH + (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * reuse.chars / most
        edges.append(
            GraphEdge(
                source=earlier,
                target=later,
                path=_edge_path(positions[earlier], positions[later]),
                width=round(width, 1),
                tooltip=(
                    f"{articles[earlier].outlet or earlier} → {articles[later].outlet or later}: "
                    f"{reuse.chars:,} characters shared"
                ),
            )
        )
    rows = max((len(group) for group in by_date.values()), default=0)
    return ReuseGraph(
        width=column_width * max(len(dates), 1),
        height=HEADER_HEIGHT + NODE_GAP * max(rows, 1),
        radius=NODE_RADIUS,
        columns=tuple(
            ColumnHeader(x=column_width * i + column_width / 2, text=date) for i, date in enumerate(dates)
        ),
        nodes=tuple(nodes),
        edges=tuple(edges),
    )


def _edge_path(start: tuple[float, float], end: tuple[float, float]) -> str:
    """A quadratic curve from one node's rim to the other's, bent to the right of its direction."""
    (x1, y1), (x2, y2) = start, end
    # The control point sits off the midpoint, perpendicular to the chord, CURVE of its length away.
    cx = (x1 + x2) / 2 - (y2 - y1) * CURVE
    cy = (y1 + y2) / 2 + (x2 - x1) * CURVE
    sx, sy = _toward((x1, y1), (cx, cy), NODE_RADIUS)
    ex, ey = _toward((x2, y2), (cx, cy), NODE_RADIUS + MAX_EDGE_WIDTH / 2)
    return f"M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"


def _toward(point: tuple[float, float], target: tuple[float, float], distance: float) -> tuple[float, float]:
    """The point moved ``distance`` units toward ``target``."""
    dx, dy = target[0] - point[0], target[1] - point[1]
    norm = math.hypot(dx, dy) or 1.0
    return point[0] + dx / norm * distance, point[1] + dy / norm * distance
