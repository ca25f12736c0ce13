"""Streaming duplicate detection: an LSH and anchor index over a sliding time window, with eviction.

Exact-text keys and LSH band keys live in NumPy hash tables (:mod:`storyline.dedup._multimap`), looked up
for a whole batch at once; the anchor index of containment stays a dict, as its postings must be read as
they stand at each arrival.
"""

from __future__ import annotations

import datetime as dt
import heapq
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
from storyline.dedup._multimap import KeyMultimap
from storyline.errors import ConfigError
from storyline.models import Article

LOGGER = logging.getLogger(__name__)

WINDOW_DAYS = 7.0  # wire copies and rewrites of one story appear within days; a week keeps late re-posts
_DEFAULT_CONFIG = DedupConfig()
MAX_ARTICLES = 2_000_000  # hard cap for feeds without dates (undated articles never age out by date)


_NEVER = np.iinfo(np.int64).max  # "not evicted yet"


@dataclass(slots=True)
class _Entry:
    """One indexed article: what is needed to verify a match and to remove it again."""

    article: str
    row: int  # its row in the signature store and its value in the key tables
    rank: tuple[bool, dt.date, str]
    shingles: sg.U64
    text_key: int
    bands: sg.U64
    anchors: tuple[int, ...]
    root: str
    root_rank: tuple[bool, dt.date, str]


@dataclass(slots=True)
class _Batch:
    """The articles of one batch that are indexed: batch positions, rows, arrival numbers, entries."""

    docs: sg.I64  # index into the batch of each indexed article
    rows: sg.I64  # its row
    serials: sg.I64  # its arrival number
    entries: list[_Entry]


class StreamingIndex:
    """Duplicate detection over an endless feed, holding only the articles of the last ``window_days``.

    The window is measured back from the newest publication date seen so far: an article older than that
    is evicted (and an arriving article already older than the window is checked, then not kept). An
    undated article is kept as if published on the newest date seen when it arrived. ``max_articles`` caps
    the index for feeds without dates, evicting the oldest first. ``window_days=None`` ignores dates
    (for inputs in no particular order): only ``max_articles`` bounds the index.

    Articles are matched one after the other, as if added one at a time; :meth:`add_batch` does the
    hashing and the index look-ups of a whole batch in vectorized steps (NumPy hash tables, see
    :mod:`storyline.dedup._multimap`), and only the few candidate pairs are checked one by one.

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
        window_days: float | None = WINDOW_DAYS,
        config: DedupConfig = _DEFAULT_CONFIG,
        max_articles: int = MAX_ARTICLES,
    ) -> None:
        if window_days is not None and window_days < 0:
            raise ConfigError(f"window_days must be >= 0, not {window_days}")
        if max_articles < 1:
            raise ConfigError(f"max_articles must be >= 1, not {max_articles}")
        self.window = dt.timedelta(days=window_days) if window_days is not None else None
        self.config = config
        self.max_articles = max_articles
        self._a, self._b = sg.permutations(config.num_perm, config.seed)
        self._ids: dict[str, int] = {}  # article id -> row, for the articles held
        self._rows: list[_Entry | None] = []
        self._free: list[int] = []  # rows of evicted articles, reused
        # per row: signature, arrival number, and the arrival number after which it was evicted
        self._sig = np.zeros((0, config.num_perm), dtype=np.uint32)
        self._serial = np.zeros(0, dtype=np.int64)
        self._evicted_at = np.zeros(0, dtype=np.int64)
        self._exact = KeyMultimap()
        self._bands = KeyMultimap()
        self._anchors: dict[int, set[int]] = {}  # anchor shingle -> rows (containment)
        self._expiry: list[tuple[dt.date, int, int]] = []  # (kept-as date, arrival number, row)
        self._arrivals = 0
        self._newest: dt.date | None = None

    def __len__(self) -> int:
        """Number of articles currently held."""
        return len(self._ids)

    def __contains__(self, article_id: object) -> bool:
        """Whether an article id is currently held."""
        return article_id in self._ids

    def add(self, article: Article) -> tuple[Duplicate, ...]:
        """Index one article; return the duplicate records its arrival creates.

        Normally that is the new article pointing to the earliest copy in the window. When the newcomer is
        earlier than its matches (a late arrival), the matched articles are returned pointing to it.
        """
        return self.add_batch([article])

    def add_batch(self, articles: Sequence[Article]) -> tuple[Duplicate, ...]:
        """Index articles in order, with the same result as adding them one by one.

        Args:
            articles: the next articles of the feed.
        Returns:
            The duplicate records their arrivals create, in arrival order.
        """
        cfg = self.config
        texts = [sg.comparable_text(a.text) for a in articles]
        sets = sg.shingle_batch(texts, cfg.shingle_tokens)
        sig = sg.minhash_signatures(sets, self._a, self._b)
        keys = sg.band_keys(sig, cfg.bands, cfg.rows)
        if cfg.containment:
            anchor_values, anchor_docs = sg.anchors(sets, cfg.anchor_bits)
        else:  # anchors only serve containment
            anchor_values, anchor_docs = np.zeros(0, np.uint64), np.zeros(0, np.int64)
        anchor_bounds = np.searchsorted(anchor_docs, np.arange(len(articles) + 1))
        text_keys = sg.text_hashes(texts)
        batch, evicted = self._arrive(articles, sets, keys, anchor_values, anchor_bounds, text_keys)
        cands: dict[int, set[int]] = {}
        exact: dict[int, set[int]] = {}
        if batch.docs.size:
            self._sig[batch.rows] = sig[batch.docs]
            cands, exact = self._candidates(batch, sig, keys, text_keys)
        out: list[Duplicate] = []
        dropped = 0  # evicted rows whose anchors are already out of the anchor index
        for j, entry in enumerate(batch.entries):
            if cfg.containment:  # anchors: sequential, postings change with every arrival and eviction
                serial = int(batch.serials[j])
                while dropped < len(evicted) and self._evicted_at[evicted[dropped]] < serial:
                    self._drop_anchors(evicted[dropped])
                    dropped += 1
                inside = self._anchor_matches(entry)
                if inside:
                    cands.setdefault(j, set()).update(inside)
                for key in entry.anchors:
                    self._anchors.setdefault(key, set()).add(entry.row)
            if j in cands:
                out.extend(self._resolve(entry, cands[j], exact.get(j, set())))
        if cfg.containment:
            for row in evicted[dropped:]:
                self._drop_anchors(row)
        self._forget(evicted)
        return tuple(out)

    def _anchor_matches(self, entry: _Entry) -> list[int]:
        """Rows sharing enough anchors with ``entry`` (anchors carried by too many rows are skipped)."""
        cfg = self.config
        if not entry.anchors:
            return []
        counts: Counter[int] = Counter()
        for key in entry.anchors:
            posting = self._anchors.get(key)
            if posting is not None and len(posting) <= cfg.max_posting:
                counts.update(posting)
        ratio = cfg.containment_threshold - CONTAINMENT_MARGIN
        out: list[int] = []
        for row, shared in counts.items():
            held = self._rows[row]
            assert held is not None  # rows in the anchor index hold entries
            fewer = min(len(entry.anchors), len(held.anchors))
            if shared >= cfg.min_shared_anchors and shared >= ratio * fewer:
                out.append(row)
        return out

    def _drop_anchors(self, row: int) -> None:
        """Remove an evicted row from the anchor index."""
        held = self._rows[row]
        assert held is not None  # an evicted row keeps its entry until the end of the batch
        for key in held.anchors:
            members = self._anchors.get(key)
            if members is not None:
                members.discard(row)
                if not members:
                    del self._anchors[key]

    def _arrive(
        self,
        articles: Sequence[Article],
        sets: sg.ShingleSets,
        keys: sg.U64,
        anchor_values: sg.U64,
        anchor_bounds: sg.I64,
        text_keys: sg.U64,
    ) -> tuple[_Batch, list[int]]:
        """Give each new article a row and an arrival number, and run the evictions its arrival causes.

        Evicted rows stay readable until the end of the batch (earlier articles of the batch saw them);
        ``_evicted_at`` tells which arrivals did.
        """
        cfg = self.config
        docs: list[int] = []
        entries: list[_Entry] = []
        serials: list[int] = []
        evicted: list[int] = []
        for i, article in enumerate(articles):
            if article.id in self._ids or sets.tokens[i] < cfg.min_tokens:
                continue
            self._arrivals += 1
            row = self._new_row()
            rank = rank_key(article)
            entry = _Entry(
                article=article.id,
                row=row,
                rank=rank,
                shingles=sets.of(i).copy(),
                text_key=int(text_keys[i]),
                bands=keys[i],
                anchors=tuple(anchor_values[anchor_bounds[i] : anchor_bounds[i + 1]].tolist())
                if cfg.containment
                else (),
                root=article.id,
                root_rank=rank,
            )
            self._rows[row] = entry
            self._ids[article.id] = row
            self._serial[row] = self._arrivals
            self._evicted_at[row] = _NEVER
            docs.append(i)
            entries.append(entry)
            serials.append(self._arrivals)
            published = article.published
            kept_as = published or self._newest or dt.date.min
            if published is not None and (self._newest is None or published > self._newest):
                self._newest = published
            heapq.heappush(self._expiry, (kept_as, self._arrivals, row))
            horizon = (
                self._newest - self.window if self._newest is not None and self.window is not None else None
            )
            while self._expiry and (
                len(self._ids) > self.max_articles or (horizon is not None and self._expiry[0][0] < horizon)
            ):
                _, _, gone = heapq.heappop(self._expiry)
                self._evicted_at[gone] = self._arrivals
                held = self._rows[gone]
                assert held is not None  # a row in the expiry queue holds an entry
                del self._ids[held.article]
                evicted.append(gone)
        batch = _Batch(
            docs=np.array(docs, dtype=np.int64),
            rows=np.array([e.row for e in entries], dtype=np.int64),
            serials=np.array(serials, dtype=np.int64),
            entries=entries,
        )
        return batch, evicted

    def _new_row(self) -> int:
        """A free row (the stores double when full)."""
        if not self._free:
            old = len(self._rows)
            size = max(64, 2 * old)
            self._rows.extend([None] * (size - old))
            self._free.extend(range(size - 1, old - 1, -1))
            self._sig = np.concatenate((self._sig, np.zeros((size - old, self.config.num_perm), np.uint32)))
            self._serial = np.concatenate((self._serial, np.zeros(size - old, np.int64)))
            self._evicted_at = np.concatenate((self._evicted_at, np.zeros(size - old, np.int64)))
        return self._free.pop()

    def _candidates(
        self,
        batch: _Batch,
        sig: npt.NDArray[np.uint32],
        keys: sg.U64,
        text_keys: sg.U64,
    ) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
        """Rows each new article must be checked against (by position in the batch), and its exact rows.

        All look-ups are vectorized over the batch; a row is a candidate of an article only if it was held
        when the article arrived (arrived before it, and not evicted before it).
        """
        cfg = self.config
        bands = keys.shape[1]
        band_keys = keys[batch.docs].ravel()
        self._exact.insert(text_keys[batch.docs], batch.rows)
        self._bands.insert(band_keys, np.repeat(batch.rows, bands))
        # exact: same matching form
        at, rows = self._exact.lookup(text_keys[batch.docs])
        seen = self._seen(at, rows, batch)
        at, rows = at[seen], rows[seen]
        exact: dict[int, set[int]] = {}
        for j, row in zip(at.tolist(), rows.tolist(), strict=True):
            exact.setdefault(j, set()).add(row)
        pairs = [np.stack((at, rows), axis=1)]
        # near: a shared LSH band, and enough agreeing signature values (as in the batch)
        at, rows = self._bands.lookup(band_keys)
        at //= bands
        seen = self._seen(at, rows, batch)
        at, rows = at[seen], rows[seen]
        if at.size:
            packed = np.unique((at << 32) | rows)
            at, rows = packed >> 32, packed & 0xFFFFFFFF
            agree = np.count_nonzero(self._sig[rows] == sig[batch.docs[at]], axis=1)
            floor = cfg.near_threshold - PREFILTER_MARGIN
            keep = agree >= floor * cfg.num_perm
            pairs.append(np.stack((at[keep], rows[keep]), axis=1))
        cands: dict[int, set[int]] = {}
        for j, row in np.concatenate(pairs).tolist():
            cands.setdefault(j, set()).add(row)
        return cands, exact

    def _seen(self, at: sg.I64, rows: sg.I64, batch: _Batch) -> npt.NDArray[np.bool_]:
        """Which (position in batch, row) pairs have a row that was held when that article arrived."""
        serial = batch.serials[at]
        seen: npt.NDArray[np.bool_] = (self._serial[rows] < serial) & (serial <= self._evicted_at[rows])
        return seen

    def _resolve(self, entry: _Entry, cands: set[int], exact: set[int]) -> list[Duplicate]:
        """Verify an article's candidates on exact shingle sets; return the duplicate records it creates."""
        cfg = self.config
        found: list[tuple[_Entry, _Edge]] = []
        held_entries = [self._rows[row] for row in cands]
        for held in sorted((h for h in held_entries if h is not None), key=lambda h: h.article):
            if held.row in exact and np.array_equal(held.shingles, entry.shingles):
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
        if not found:
            return []
        held, edge = min(found, key=lambda m: (m[0].root_rank, m[1].kind != "exact", -m[1].similarity))
        if held.root_rank < entry.rank:
            entry.root, entry.root_rank = held.root, held.root_rank
            dup = Duplicate(
                article=entry.article, duplicate_of=held.root, kind=edge.kind, similarity=edge.similarity
            )
            return [dup]
        out: list[Duplicate] = []  # a late arrival older than the copies already held: it becomes their root
        for other, link in found:
            other.root, other.root_rank = entry.article, entry.rank
            out.append(
                Duplicate(
                    article=other.article,
                    duplicate_of=entry.article,
                    kind=link.kind,
                    similarity=link.similarity,
                )
            )
        return out

    def _forget(self, evicted: list[int]) -> None:
        """Remove the rows evicted during a batch from the key tables and free them."""
        gone = [entry for row in evicted if (entry := self._rows[row]) is not None]
        if not gone:
            return
        rows = np.array([e.row for e in gone], dtype=np.int64)
        self._exact.remove(np.array([e.text_key for e in gone], dtype=np.uint64), rows)
        self._bands.remove(
            np.concatenate([e.bands for e in gone]), np.repeat(rows, [e.bands.size for e in gone])
        )
        for row in evicted:
            self._rows[row] = None
            self._free.append(row)

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
