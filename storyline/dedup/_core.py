"""Batch duplicate detection: exact, near (MinHash LSH, verified) and containment (anchor index, verified)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from storyline.dedup import _signatures as sg
from storyline.disjoint import DisjointSets
from storyline.errors import ConfigError
from storyline.models import Article

LOGGER = logging.getLogger(__name__)

DuplicateKind = Literal["exact", "near", "contained"]

# Defaults. Thresholds are round values chosen from the transformations' similarity ranges and checked on
# `storyline eval dedup` (train/dev splits, seed 13; figures in tests/eval_floors/dedup.json), not tuned.
SHINGLE_TOKENS = 5  # 5-word shingles: the usual choice for news near-duplicates (Broder; datasketch examples)
NUM_PERM = 128  # datasketch's default signature length; the bench runs both at this size
LSH_BANDS = 32  # 32 bands x 4 rows: the S-curve is at 0.42, so pairs at J >= 0.6 are found with p >= 0.988
LSH_ROWS = 4
# exact 5-shingle Jaccard; wire copies with a trimmed end or a dropped sentence sit above it
NEAR_THRESHOLD = 0.6
CONTAINMENT_THRESHOLD = 0.8  # share of the shorter text's shingles found in the longer one
# ...and the shorter text is at least this share of the longer one: an excerpt or a story inside a longer
# piece, not a 40-word statement quoted in an 800-word article (that is passage reuse, see storyline.reuse)
CONTAINED_MIN_SIZE = 0.25
MIN_TOKENS = 12  # fewer tokens than this (after boilerplate removal): too short to call anyone's duplicate
ANCHOR_BITS = 2  # 1 shingle in 4 is an anchor for containment candidates (a 20-shingle excerpt has ~5)
MIN_SHARED_ANCHORS = 2  # a pair shares at least this many anchors to become a containment candidate
MAX_POSTING = 64  # an anchor carried by more unique texts is boilerplate, not evidence (skipped)
MAX_BUCKET_PAIRS = 64  # an LSH bucket larger than this links each member to its first member only
# LSH candidates whose signature agreement (estimated Jaccard) is this far below the near threshold are
# dropped before the exact check: 0.15 is 3.5 standard deviations of the estimate at J = 0.6 with 128
# permutations, so almost no true pair is lost, and the exact checks stay few.
PREFILTER_MARGIN = 0.15
# Containment candidates must share this much less than the threshold of the smaller text's anchors
# (an estimate from 1 shingle in 4: at 40 anchors, 0.3 is about 5 standard deviations).
CONTAINMENT_MARGIN = 0.3
_PREFILTER_CHUNK = 32_768  # candidate pairs compared per vectorized step
SEED = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupConfig:
    """Parameters of duplicate detection (defaults above, with where they came from).

    Raises:
        ConfigError: when a value is out of its valid range.
    """

    shingle_tokens: int = SHINGLE_TOKENS
    num_perm: int = NUM_PERM
    bands: int = LSH_BANDS
    rows: int = LSH_ROWS
    near_threshold: float = NEAR_THRESHOLD
    containment_threshold: float = CONTAINMENT_THRESHOLD
    contained_min_size: float = CONTAINED_MIN_SIZE
    min_tokens: int = MIN_TOKENS
    anchor_bits: int = ANCHOR_BITS
    min_shared_anchors: int = MIN_SHARED_ANCHORS
    max_posting: int = MAX_POSTING
    containment: bool = True
    seed: int = SEED

    def __post_init__(self) -> None:
        if not 1 <= self.shingle_tokens <= sg.MAX_SHINGLE_TOKENS:
            raise ConfigError(f"shingle_tokens must be 1..{sg.MAX_SHINGLE_TOKENS}, not {self.shingle_tokens}")
        if self.num_perm < 1 or self.bands < 1 or self.rows < 1 or self.bands * self.rows > self.num_perm:
            raise ConfigError(
                f"need bands * rows <= num_perm (all >= 1), got {self.bands} x {self.rows} > {self.num_perm}"
            )
        for name in ("near_threshold", "containment_threshold", "contained_min_size"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ConfigError(f"{name} must be in (0, 1], not {value}")
        if self.min_tokens < self.shingle_tokens:
            raise ConfigError(
                f"min_tokens ({self.min_tokens}) must be >= shingle_tokens ({self.shingle_tokens})"
            )
        if not 0 <= self.anchor_bits <= 16 or self.min_shared_anchors < 1 or self.max_posting < 2:
            raise ConfigError("anchor_bits must be 0..16, min_shared_anchors >= 1 and max_posting >= 2")


@dataclass(frozen=True, slots=True, kw_only=True)
class Duplicate:
    """``article`` is a copy of ``duplicate_of``, the earliest copy of its group.

    ``kind`` is ``exact`` (same matching form), ``near`` (shingle Jaccard at least the near threshold) or
    ``contained`` (one text is mostly inside the other); ``similarity`` is that Jaccard or containment.
    """

    article: str
    duplicate_of: str
    kind: DuplicateKind
    similarity: float


def rank_key(article: Article) -> tuple[bool, dt.date, str]:
    """Order of "earliest": dated before undated, then by date, then by id."""
    return (article.published is None, article.published or dt.date.min, article.id)


def is_contained(containment: float, smaller: int, larger: int, config: DedupConfig) -> bool:
    """Whether the smaller text is a contained copy: mostly inside the larger, and not a mere quote of it."""
    return (
        config.containment
        and containment >= config.containment_threshold
        and smaller >= config.contained_min_size * larger
    )


def overlap(a: sg.U64, b: sg.U64) -> int:
    """Number of common values of two sorted unique arrays."""
    if a.size == 0 or b.size == 0:
        return 0
    if a.size > b.size:
        a, b = b, a
    idx = np.searchsorted(b, a)
    idx[idx == b.size] = 0
    return int(np.count_nonzero(b[idx] == a))


def _bucket_pairs(keys: sg.U64, docs: sg.I64, max_bucket: int) -> npt.NDArray[np.int64]:
    """Pairs of documents sharing a key: all pairs in buckets up to ``max_bucket``, a star beyond."""
    if keys.size < 2:
        return np.zeros((0, 2), dtype=np.int64)
    order = np.lexsort((docs, keys))
    keys, docs = keys[order], docs[order]
    new_run = np.ones(keys.size, dtype=bool)
    new_run[1:] = keys[1:] != keys[:-1]
    run_id = np.cumsum(new_run) - 1
    run_start = np.flatnonzero(new_run)
    run_len = np.diff(np.append(run_start, keys.size))
    pos_in_run = np.arange(keys.size) - run_start[run_id]
    small = run_len[run_id] <= max_bucket
    out: list[npt.NDArray[np.int64]] = []
    longest = int(run_len[run_len <= max_bucket].max(initial=1))
    for gap in range(1, longest):  # one vectorized pass per distance inside a bucket
        same = (run_id[gap:] == run_id[:-gap]) & small[gap:]
        if not same.any():
            break
        out.append(np.stack((docs[:-gap][same], docs[gap:][same]), axis=1))
    big = ~small & (pos_in_run > 0)
    if big.any():
        out.append(np.stack((docs[run_start[run_id[big]]], docs[big]), axis=1))
    if not out:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(out)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    unique: npt.NDArray[np.int64] = np.unique(np.sort(pairs, axis=1), axis=0)
    return unique


def lsh_pairs(keys: sg.U64) -> npt.NDArray[np.int64]:
    """Candidate pairs of documents that share at least one LSH band key (``keys``: documents x bands)."""
    n_docs, bands = keys.shape
    docs = np.repeat(np.arange(n_docs, dtype=np.int64), bands)
    return _bucket_pairs(keys.ravel(), docs, MAX_BUCKET_PAIRS)


def anchor_pairs(sets: sg.ShingleSets, config: DedupConfig, min_ratio: float = 0.0) -> npt.NDArray[np.int64]:
    """Candidate pairs sharing at least ``min_shared_anchors`` sampled shingles (containment, reuse).

    With ``min_ratio``, a pair must also share that share of the anchors of the one with fewer anchors.
    """
    values, docs = sg.anchors(sets, config.anchor_bits)
    if values.size < 2:
        return np.zeros((0, 2), dtype=np.int64)
    order = np.argsort(values, kind="stable")
    values, docs = values[order], docs[order]
    new_run = np.ones(values.size, dtype=bool)
    new_run[1:] = values[1:] != values[:-1]
    run_start = np.flatnonzero(new_run)
    run_len = np.diff(np.append(run_start, values.size))
    frequent = np.repeat(run_len > config.max_posting, run_len)
    values, docs = values[~frequent], docs[~frequent]
    # every pair in each posting list, with its multiplicity = number of shared anchors
    new_run = np.ones(values.size, dtype=bool)
    new_run[1:] = values[1:] != values[:-1]
    run_id = np.cumsum(new_run) - 1
    chunks: list[npt.NDArray[np.int64]] = []
    for gap in range(1, config.max_posting):
        if gap >= values.size:
            break
        same = run_id[gap:] == run_id[:-gap]
        if not same.any():
            break
        chunks.append(np.stack((docs[:-gap][same], docs[gap:][same]), axis=1))
    if not chunks:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.sort(np.concatenate(chunks), axis=1)
    packed = np.unique((pairs[:, 0] << 32) | pairs[:, 1], return_counts=True)
    pairs = np.stack((packed[0] >> 32, packed[0] & 0xFFFFFFFF), axis=1)
    keep = packed[1] >= config.min_shared_anchors
    if min_ratio > 0:
        per_doc = np.bincount(sg.anchors(sets, config.anchor_bits)[1], minlength=sets.indptr.size - 1)
        fewer = np.minimum(per_doc[pairs[:, 0]], per_doc[pairs[:, 1]])
        keep &= packed[1] >= min_ratio * fewer
    kept: npt.NDArray[np.int64] = pairs[keep].astype(np.int64)
    return kept


@dataclass(frozen=True, slots=True)
class _Edge:
    kind: DuplicateKind
    similarity: float


def _unique_articles(articles: Iterable[Article]) -> list[Article]:
    """Articles in rank order, one per id (a repeated id is the same article read twice)."""
    seen: dict[str, Article] = {}
    for article in sorted(articles, key=rank_key):
        seen.setdefault(article.id, article)
    return list(seen.values())


def find_duplicates(
    articles: Sequence[Article], config: DedupConfig = DedupConfig()
) -> tuple[Duplicate, ...]:
    """Find exact duplicates, near-duplicates and contained texts in a batch of articles.

    Every reported pair was verified on the exact shingle sets. Articles form groups (exact and near
    copies, plus texts contained in a member); each non-earliest member is reported once, pointing to the
    group's earliest copy (dated before undated, then date, then id), so the result does not depend on the
    input order. Texts with fewer than ``min_tokens`` tokens after boilerplate removal are never reported.

    Args:
        articles: the batch; repeated ids count once.
        config: thresholds and LSH parameters.
    Returns:
        One :class:`Duplicate` per non-earliest group member, sorted by article id.
    """
    arts = _unique_articles(articles)
    texts = [sg.comparable_text(a.text) for a in arts]
    first_of: dict[str, int] = {}
    rep = [first_of.setdefault(text, i) for i, text in enumerate(texts)]  # earliest with the same text
    uniq = sorted(first_of.values())
    pos = {doc: u for u, doc in enumerate(uniq)}
    sets = sg.shingle_batch([texts[i] for i in uniq], config.shingle_tokens)
    short = sets.tokens < config.min_tokens
    edges = _verified_edges(sets, short, config)
    groups = _group(len(uniq), edges)
    strongest: dict[int, _Edge] = {}
    for pair, edge in edges.items():
        for node in pair:
            held = strongest.get(node)
            if held is None or (edge.kind == "near", edge.similarity) > (
                held.kind == "near",
                held.similarity,
            ):
                strongest[node] = edge
    out: list[Duplicate] = []
    for i, article in enumerate(arts):
        u = pos[rep[i]]
        if short[u]:
            continue
        root_u = groups[u]
        root = uniq[root_u]
        if i == root:
            continue
        if u == root_u:
            out.append(
                Duplicate(article=article.id, duplicate_of=arts[root].id, kind="exact", similarity=1.0)
            )
            continue
        edge = _describe(u, root_u, sets, strongest[u], config)
        out.append(
            Duplicate(
                article=article.id, duplicate_of=arts[root].id, kind=edge.kind, similarity=edge.similarity
            )
        )
    LOGGER.debug("%d articles, %d unique texts, %d duplicates", len(arts), len(uniq), len(out))
    return tuple(sorted(out, key=lambda d: d.article))


def _verified_edges(
    sets: sg.ShingleSets, short: npt.NDArray[np.bool_], config: DedupConfig
) -> dict[tuple[int, int], _Edge]:
    """Candidate pairs from LSH (and anchors) checked on exact shingle sets; keys are ``(lo, hi)``."""
    a, b = sg.permutations(config.num_perm, config.seed)
    sig = sg.minhash_signatures(sets, a, b)
    keys = sg.band_keys(sig, config.bands, config.rows)
    skip = short | (np.diff(sets.indptr) == 0)
    cand = lsh_pairs(keys)
    if cand.size:
        estimate = np.concatenate(
            [
                (sig[block[:, 0]] == sig[block[:, 1]]).mean(axis=1)
                for block in np.array_split(cand, max(1, cand.shape[0] // _PREFILTER_CHUNK))
            ]
        )
        cand = cand[estimate >= config.near_threshold - PREFILTER_MARGIN]
    if config.containment:
        inside = anchor_pairs(sets, config, config.containment_threshold - CONTAINMENT_MARGIN)
        cand = np.unique(np.concatenate((cand, inside)), axis=0)
    sizes = sets.sizes()
    edges: dict[tuple[int, int], _Edge] = {}
    for lo, hi in cand.tolist():
        if skip[lo] or skip[hi]:
            continue
        inter = overlap(sets.of(lo), sets.of(hi))
        union = int(sizes[lo] + sizes[hi]) - inter
        jaccard = inter / union
        if jaccard >= config.near_threshold:
            edges[(lo, hi)] = _Edge("near", jaccard)
            continue
        smaller, larger = sorted((int(sizes[lo]), int(sizes[hi])))
        contained = inter / smaller
        if is_contained(contained, smaller, larger, config):
            edges[(lo, hi)] = _Edge("contained", contained)
    return edges


def _group(n: int, edges: dict[tuple[int, int], _Edge]) -> list[int]:
    """Root (earliest member) of each unique text.

    Near and contained pairs are joined, whatever the dates: a wire story published first and then carried
    inside a longer article is one text, so the longer one points to it as the earliest copy.
    """
    texts = DisjointSets(range(n))  # the smallest index of a set is its earliest copy (rank order)
    for (lo, hi), edge in edges.items():
        if edge.kind == "near":
            texts.union(lo, hi)
    for (lo, hi), edge in edges.items():
        if edge.kind == "contained":
            texts.union(lo, hi)
    return [texts.find(i) for i in range(n)]


def _describe(u: int, root: int, sets: sg.ShingleSets, strongest: _Edge, config: DedupConfig) -> _Edge:
    """Kind and similarity of text ``u`` against its group's root, else its strongest direct link."""
    inter = overlap(sets.of(u), sets.of(root))
    su, sr = int(sets.sizes()[u]), int(sets.sizes()[root])
    if su and sr:
        jaccard = inter / (su + sr - inter)
        if jaccard >= config.near_threshold:
            return _Edge("near", jaccard)
        contained = inter / min(su, sr)
        if is_contained(contained, min(su, sr), max(su, sr), config):
            return _Edge("contained", contained)
    return strongest
