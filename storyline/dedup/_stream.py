"""Streaming duplicate detection: an LSH and anchor index over a sliding time window, with eviction."""

from __future__ import annotations

import datetime as dt
import heapq
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from storyline.dedup import _signatures as sg
from storyline.dedup._core import (
    CONTAINMENT_MARGIN,
    PREFILTER_MARGIN,
    DedupConfig,
    Duplicate,
    _Edge,
    is_contained,
    overlap,
    rank_key,
)
from storyline.errors import ConfigError
from storyline.models import Article

LOGGER = logging.getLogger(__name__)

WINDOW_DAYS = 7.0  # wire copies and rewrites of one story appear within days; a week keeps late re-posts
_DEFAULT_CONFIG = DedupConfig()
MAX_ARTICLES = 2_000_000  # hard cap for feeds without dates (undated articles never age out by date)


@dataclass(slots=True)
class _Entry:
    """One indexed article: what is needed to verify a match and to remove it again."""

    article: str
    rank: tuple[bool, dt.date, str]
    shingles: sg.U64
    signature: npt.NDArray[np.uint32]
    text_key: int
    bands: tuple[int, ...]
    anchors: tuple[int, ...]
    root: str
    root_rank: tuple[bool, dt.date, str]


@dataclass(slots=True)
class _Tables:
    """The three inverted indexes: exact text key, LSH band key, anchor shingle -> article ids."""

    exact: dict[int, set[str]] = field(default_factory=dict)
    bands: dict[int, set[str]] = field(default_factory=dict)
    anchors: dict[int, set[str]] = field(default_factory=dict)


def _put(table: dict[int, set[str]], key: int, article: str) -> None:
    table.setdefault(key, set()).add(article)


def _drop(table: dict[int, set[str]], key: int, article: str) -> None:
    members = table.get(key)
    if members is not None:
        members.discard(article)
        if not members:
            del table[key]


class StreamingIndex:
    """Duplicate detection over an endless feed, holding only the articles of the last ``window_days``.

    The window is measured back from the newest publication date seen so far: an article older than that
    is evicted (and an arriving article already older than the window is checked, then not kept). An
    undated article is kept as if published on the newest date seen when it arrived. ``max_articles`` caps
    the index for feeds without dates, evicting the oldest first.

    Example:
        >>> index = StreamingIndex(window_days=7)
        >>> for article in feed:
        ...     for dup in index.add(article):
        ...         print(dup.article, "copies", dup.duplicate_of)

    Raises:
        ConfigError: for a negative window or a cap below 1.
    """

    def __init__(
        self,
        window_days: float = WINDOW_DAYS,
        config: DedupConfig = _DEFAULT_CONFIG,
        max_articles: int = MAX_ARTICLES,
    ) -> None:
        if window_days < 0:
            raise ConfigError(f"window_days must be >= 0, not {window_days}")
        if max_articles < 1:
            raise ConfigError(f"max_articles must be >= 1, not {max_articles}")
        self.window = dt.timedelta(days=window_days)
        self.config = config
        self.max_articles = max_articles
        self._a, self._b = sg.permutations(config.num_perm, config.seed)
        self._entries: dict[str, _Entry] = {}
        self._tables = _Tables()
        self._expiry: list[tuple[dt.date, int, str]] = []  # (kept-as date, arrival number, id)
        self._arrivals = 0
        self._newest: dt.date | None = None

    def __len__(self) -> int:
        """Number of articles currently held."""
        return len(self._entries)

    def __contains__(self, article_id: object) -> bool:
        """Whether an article id is currently held."""
        return article_id in self._entries

    def add(self, article: Article) -> tuple[Duplicate, ...]:
        """Index one article; return the duplicate records its arrival creates.

        Normally that is the new article pointing to the earliest copy in the window. When the newcomer is
        earlier than its matches (a late arrival), the matched articles are returned pointing to it.
        """
        return self.add_batch([article])

    def add_batch(self, articles: Sequence[Article]) -> tuple[Duplicate, ...]:
        """Index articles in order (signatures computed for the whole batch at once)."""
        cfg = self.config
        texts = [sg.comparable_text(a.text) for a in articles]
        sets = sg.shingle_batch(texts, cfg.shingle_tokens)
        sig = sg.minhash_signatures(sets, self._a, self._b)
        keys = sg.band_keys(sig, cfg.bands, cfg.rows)
        anchor_values, anchor_docs = sg.anchors(sets, cfg.anchor_bits)
        anchor_bounds = np.searchsorted(anchor_docs, np.arange(len(articles) + 1))
        text_keys = sg.text_hashes(texts)
        out: list[Duplicate] = []
        for i, article in enumerate(articles):
            if article.id in self._entries or sets.tokens[i] < cfg.min_tokens:
                continue
            entry = _Entry(
                article=article.id,
                rank=rank_key(article),
                shingles=sets.of(i).copy(),
                signature=sig[i].copy(),
                text_key=int(text_keys[i]),
                bands=tuple(int(k) for k in keys[i]),
                anchors=tuple(int(v) for v in anchor_values[anchor_bounds[i] : anchor_bounds[i + 1]]),
                root=article.id,
                root_rank=rank_key(article),
            )
            out.extend(self._insert(entry, article.published))
        return tuple(out)

    def _matches(self, entry: _Entry) -> list[tuple[_Entry, _Edge]]:
        """Held articles that are verified exact, near or containment matches of ``entry``."""
        cfg = self.config
        exact = self._tables.exact.get(entry.text_key, set())
        cands: set[str] = set(exact)
        near: set[str] = set()
        for key in entry.bands:
            near.update(self._tables.bands.get(key, ()))
        floor = cfg.near_threshold - PREFILTER_MARGIN  # as in the batch: drop clear non-matches cheaply
        cands.update(
            a
            for a in near
            if np.count_nonzero(self._entries[a].signature == entry.signature) >= floor * cfg.num_perm
        )
        if cfg.containment and entry.anchors:
            counts: Counter[str] = Counter()
            for key in entry.anchors:
                posting = self._tables.anchors.get(key, ())
                if len(posting) <= cfg.max_posting:
                    counts.update(posting)
            ratio = cfg.containment_threshold - CONTAINMENT_MARGIN
            for other, n in counts.items():
                fewer = min(len(entry.anchors), len(self._entries[other].anchors))
                if n >= cfg.min_shared_anchors and n >= ratio * fewer:
                    cands.add(other)
        found: list[tuple[_Entry, _Edge]] = []
        for cand in sorted(cands):
            held = self._entries[cand]
            if cand in exact and np.array_equal(held.shingles, entry.shingles):
                found.append((held, _Edge("exact", 1.0)))
                continue
            inter = overlap(held.shingles, entry.shingles)
            smaller = min(held.shingles.size, entry.shingles.size)
            if smaller == 0:
                continue
            jaccard = inter / (held.shingles.size + entry.shingles.size - inter)
            if jaccard >= cfg.near_threshold:
                found.append((held, _Edge("near", jaccard)))
            elif is_contained(inter / smaller, smaller, max(held.shingles.size, entry.shingles.size), cfg):
                found.append((held, _Edge("contained", inter / smaller)))
        return found

    def _insert(self, entry: _Entry, published: dt.date | None) -> list[Duplicate]:
        """Match, record and index one entry, then evict what fell out of the window."""
        matches = self._matches(entry)
        out: list[Duplicate] = []
        if matches:
            held, edge = min(matches, key=lambda m: (m[0].root_rank, m[1].kind != "exact", -m[1].similarity))
            if held.root_rank < entry.rank:
                entry.root, entry.root_rank = held.root, held.root_rank
                out.append(
                    Duplicate(
                        article=entry.article,
                        duplicate_of=held.root,
                        kind=edge.kind,
                        similarity=edge.similarity,
                    )
                )
            else:  # a late arrival that is older than the copies already held: it becomes their root
                for other, link in matches:
                    other.root, other.root_rank = entry.article, entry.rank
                    out.append(
                        Duplicate(
                            article=other.article,
                            duplicate_of=entry.article,
                            kind=link.kind,
                            similarity=link.similarity,
                        )
                    )
        kept_as = published or self._newest or dt.date.min
        if published is not None and (self._newest is None or published > self._newest):
            self._newest = published
        self._store(entry, kept_as)
        self._evict()
        return out

    def _store(self, entry: _Entry, kept_as: dt.date) -> None:
        """Add an entry to the tables and to the eviction queue."""
        self._entries[entry.article] = entry
        _put(self._tables.exact, entry.text_key, entry.article)
        for key in entry.bands:
            _put(self._tables.bands, key, entry.article)
        for key in entry.anchors:
            _put(self._tables.anchors, key, entry.article)
        self._arrivals += 1
        heapq.heappush(self._expiry, (kept_as, self._arrivals, entry.article))

    def _evict(self) -> None:
        """Remove articles older than the window (relative to the newest date) or beyond the cap."""
        horizon = self._newest - self.window if self._newest is not None else None
        while self._expiry and (
            len(self._entries) > self.max_articles or (horizon is not None and self._expiry[0][0] < horizon)
        ):
            _, _, article = heapq.heappop(self._expiry)
            entry = self._entries.pop(article)
            _drop(self._tables.exact, entry.text_key, article)
            for key in entry.bands:
                _drop(self._tables.bands, key, article)
            for key in entry.anchors:
                _drop(self._tables.anchors, key, article)

    def stream(self, articles: Iterable[Article], batch_size: int = 1000) -> Iterable[Duplicate]:
        """Feed ``articles`` through the index in batches of ``batch_size``; yield every duplicate record."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self.add_batch(batch)
                batch = []
        if batch:
            yield from self.add_batch(batch)
