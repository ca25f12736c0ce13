"""Passage reuse between articles, its direction, and source families.

:func:`find_reuse` aligns the passages two articles share: seeds are word n-grams (letters and digits,
lowercased, so quote marks, apostrophes, dashes, case and spacing do not matter) that occur once in each
text; seeds on
nearby positions of both texts chain into one passage across small edits (a changed word, an inserted
``(sic)``, a dropped clause). Each passage carries its character spans in both articles' ``text``.
Direction (who copied whom) is stated when both articles are dated and the dates differ.

:func:`source_families` joins articles linked by duplication or heavy reuse: an agreement carried only by
copies of one text is one source. :func:`count_independent` counts families instead of articles.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.dedup import DedupConfig, Duplicate, rank_key
from storyline.dedup import _signatures as sg
from storyline.dedup._core import anchor_pairs
from storyline.errors import ArticleNotFound, ConfigError
from storyline.ids import make_group_id
from storyline.models import Article, TextSpan

__all__ = [
    "Family",
    "FamilyConfig",
    "Passage",
    "Reuse",
    "ReuseConfig",
    "align",
    "candidate_pairs",
    "count_independent",
    "find_reuse",
    "source_families",
]

LOGGER = logging.getLogger(__name__)

# Defaults, checked on `storyline eval dedup` (passages P/R/F1, train/dev splits; figures in
# tests/eval_floors/dedup.json) and kept at round values.
SEED_TOKENS = 5  # a shared 5-gram is rare by chance in news prose, and short enough to seed past an edit
MAX_GAP = 12  # tokens skipped on either side inside one passage: a changed word, "(sic)", a dropped clause
MIN_PASSAGE_TOKENS = 12  # shorter shared runs are stock phrases ("said in a statement on Tuesday")
MIN_DENSITY = 0.6  # share of a passage's tokens (in the first article) covered by seeds
ANCHOR_BITS = 2  # candidate pairs: 1 shingle in 4 sampled, so a 40-word passage shares ~9 anchors
MIN_SHARED_ANCHORS = 2
HEAVY_SHARE = 0.5  # reuse covering half of either article joins the two into one source family
MIN_FAMILY_CHARS = 200  # ...and at least this many characters (two one-line texts are not a family)

_TOKEN_RE = re.compile(
    r"[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
    r"|[^\W_]+"
)
_MIXERS = np.array(sg.SHINGLE_MULTIPLIERS, dtype=np.uint64)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReuseConfig:
    """Parameters of the passage aligner (defaults above, with where they came from).

    Raises:
        ConfigError: when a value is out of range.
    """

    seed_tokens: int = SEED_TOKENS
    max_gap: int = MAX_GAP
    min_passage_tokens: int = MIN_PASSAGE_TOKENS
    min_density: float = MIN_DENSITY
    anchor_bits: int = ANCHOR_BITS
    min_shared_anchors: int = MIN_SHARED_ANCHORS

    def __post_init__(self) -> None:
        if not 1 <= self.seed_tokens <= len(_MIXERS):
            raise ConfigError(f"seed_tokens must be 1..{len(_MIXERS)}, not {self.seed_tokens}")
        if self.max_gap < 0 or self.min_passage_tokens < self.seed_tokens:
            raise ConfigError("max_gap must be >= 0 and min_passage_tokens >= seed_tokens")
        if not 0.0 < self.min_density <= 1.0:
            raise ConfigError(f"min_density must be in (0, 1], not {self.min_density}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Passage:
    """One shared passage: ``text`` as the first article has it, and its span in each article's text."""

    text: str
    spans: tuple[TextSpan, TextSpan]


@dataclass(frozen=True, slots=True, kw_only=True)
class Reuse:
    """The passages two articles share.

    ``articles`` has the earlier article first when ``directed`` (both dated, dates differ); otherwise the
    order is dated before undated, then id. ``chars`` counts the passages' characters in the first
    article; ``coverage`` is the share of each article's text inside a passage.
    """

    articles: tuple[str, str]
    directed: bool
    chars: int
    passages: tuple[Passage, ...]
    coverage: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True, slots=True)
class _Tokens:
    """An article's tokens: normalized ids and character offsets into ``text``."""

    ids: sg.U64  # hash of each token's lowercase form
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    breaks: npt.NDArray[np.bool_]  # a line or paragraph break between token i and token i + 1


def _tokenize(text: str) -> _Tokens:
    """An article's tokens (see :func:`storyline.dedup._signatures.tokenize`)."""
    hashes, starts, ends, breaks = sg.tokenize(text)
    return _Tokens(ids=hashes, starts=starts, ends=ends, breaks=breaks)


def _ngrams(ids: sg.U64, n: int) -> sg.U64:
    """One 64-bit key per n-gram of token hashes."""
    count = ids.size - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    keys = np.zeros(count, dtype=np.uint64)
    for offset in range(n):
        keys += ids[offset : offset + count] * _MIXERS[offset]
    return sg.splitmix64(keys)


def _unique_positions(keys: sg.U64, valid: npt.NDArray[np.bool_]) -> tuple[sg.U64, npt.NDArray[np.int64]]:
    """Keys occurring once, sorted, with their positions (only ``valid`` positions can be returned)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    once = np.ones(keys.size, dtype=bool)
    if keys.size > 1:
        dup = sorted_keys[1:] == sorted_keys[:-1]
        once[1:] &= ~dup
        once[:-1] &= ~dup
    once &= valid[order]
    return sorted_keys[once], order[once]


def _within_paragraph(tokens: _Tokens, n: int) -> npt.NDArray[np.bool_]:
    """For each n-gram start, whether the n-gram stays inside one paragraph (no break between its words)."""
    count = max(0, tokens.ids.size - n + 1)
    crossed = np.concatenate(([0], np.cumsum(tokens.breaks, dtype=np.int64)))
    inside: npt.NDArray[np.bool_] = (crossed[n - 1 : n - 1 + count] - crossed[:count]) == 0
    return inside


def _seeds(a: _Tokens, b: _Tokens, n: int) -> npt.NDArray[np.int64]:
    """``(i, j)`` token positions of n-grams occurring exactly once in each text, sorted by ``i``."""
    ka, pa = _unique_positions(_ngrams(a.ids, n), _within_paragraph(a, n))
    kb, pb = _unique_positions(_ngrams(b.ids, n), _within_paragraph(b, n))
    _, ia, ib = np.intersect1d(ka, kb, assume_unique=True, return_indices=True)
    pairs = np.stack((pa[ia], pb[ib]), axis=1)
    return pairs[np.argsort(pairs[:, 0], kind="stable")]


def _chains(seeds: npt.NDArray[np.int64], max_gap: int) -> list[list[tuple[int, int]]]:
    """Group seeds into chains increasing in both texts, with gaps of at most ``max_gap`` tokens."""
    done: list[list[tuple[int, int]]] = []
    open_: list[list[tuple[int, int]]] = []
    for i, j in seeds.tolist():
        best, best_cost = None, 0
        still_open = []
        for chain in open_:
            li, lj = chain[-1]
            if i - li > max_gap + 1:
                done.append(chain)
                continue
            still_open.append(chain)
            if li < i and lj < j <= lj + max_gap + 1:
                cost = (i - li) + (j - lj)
                if best is None or cost < best_cost:
                    best, best_cost = chain, cost
        open_ = still_open
        if best is None:
            open_.append([(i, j)])
        else:
            best.append((i, j))
    return done + open_


def align(a: Article, b: Article, config: ReuseConfig = ReuseConfig()) -> Reuse | None:
    """Return the passages ``a`` and ``b`` share, or None when they share none.

    Args:
        a, b: the two articles (any order; the result orders them, see :class:`Reuse`).
        config: aligner parameters.
    """
    first, second = sorted((a, b), key=rank_key)
    return _align_tokens(first, second, _tokenize(first.text), _tokenize(second.text), config)


def _align_tokens(
    first: Article, second: Article, ta: _Tokens, tb: _Tokens, config: ReuseConfig
) -> Reuse | None:
    """Align two tokenized articles (``first`` ranks earlier)."""
    n = config.seed_tokens
    seeds = _seeds(ta, tb, n)
    if seeds.size == 0:
        return None
    passages: list[Passage] = []
    covered_a = np.zeros(ta.ids.size, dtype=bool)
    covered_b = np.zeros(tb.ids.size, dtype=bool)
    for chain in _chains(seeds, config.max_gap):
        seed_i0 = chain[0][0]
        i0, j0 = chain[0]
        i1, j1 = chain[-1][0] + n - 1, chain[-1][1] + n - 1
        seed_i1 = i1
        # equal words just before the first and after the last seed, within the same paragraph
        while i0 > 0 and j0 > 0 and ta.ids[i0 - 1] == tb.ids[j0 - 1]:
            if ta.breaks[i0 - 1] or tb.breaks[j0 - 1]:
                break
            i0, j0 = i0 - 1, j0 - 1
        while i1 + 1 < ta.ids.size and j1 + 1 < tb.ids.size and ta.ids[i1 + 1] == tb.ids[j1 + 1]:
            if ta.breaks[i1] or tb.breaks[j1]:
                break
            i1, j1 = i1 + 1, j1 + 1
        span_tokens = i1 - i0 + 1
        if span_tokens < config.min_passage_tokens or j1 - j0 + 1 < config.min_passage_tokens:
            continue
        hit = np.ones(i1 - i0 + 1, dtype=bool)  # words added by exact extension are matches
        hit[seed_i0 - i0 : seed_i1 - i0 + 1] = False
        for i, _ in chain:
            hit[i - i0 : i - i0 + n] = True
        if hit.mean() < config.min_density:
            continue
        sa = TextSpan(int(ta.starts[i0]), int(ta.ends[i1]))
        words = _TOKEN_RE.findall(sg.strip_boilerplate(first.text[sa.start : sa.end]))
        if len(words) < config.min_passage_tokens:
            continue  # shared site furniture ("Sign up for our newsletter") is not reuse
        sb = TextSpan(int(tb.starts[j0]), int(tb.ends[j1]))
        covered_a[i0 : i1 + 1] = True
        covered_b[j0 : j1 + 1] = True
        passages.append(Passage(text=first.text[sa.start : sa.end], spans=(sa, sb)))
    if not passages:
        return None
    passages.sort(key=lambda p: (p.spans[0].start, p.spans[1].start))
    directed = (
        first.published is not None and second.published is not None and first.published < second.published
    )
    chars = sum(p.spans[0].end - p.spans[0].start for p in passages)
    return Reuse(
        articles=(first.id, second.id),
        directed=directed,
        chars=chars,
        passages=tuple(passages),
        coverage=(_share(covered_a, ta, first.text), _share(covered_b, tb, second.text)),
    )


def _share(covered: npt.NDArray[np.bool_], tokens: _Tokens, text: str) -> float:
    """Share of a text's token characters that lie inside passages."""
    lengths = tokens.ends - tokens.starts
    total = int(lengths.sum())
    return round(float(lengths[covered].sum()) / total, 4) if total else 0.0


def candidate_pairs(
    articles: Sequence[Article], config: ReuseConfig = ReuseConfig()
) -> list[tuple[str, str]]:
    """Pairs of articles sharing sampled shingles (an anchor index over 5-word shingles), one per text.

    Articles with the same text are represented by their earliest copy.
    """
    arts = sorted({a.id: a for a in articles}.values(), key=rank_key)
    # the aligner's own tokens (letters and digits, lowercased): no matching form needed here
    texts = [sg.strip_boilerplate(a.text) for a in arts]
    first_of: dict[str, int] = {}
    for i, text in enumerate(texts):
        first_of.setdefault(text, i)
    uniq = sorted(first_of.values())
    dedup_cfg = DedupConfig(
        shingle_tokens=config.seed_tokens,
        min_tokens=max(config.seed_tokens, DedupConfig().min_tokens),
        anchor_bits=config.anchor_bits,
        min_shared_anchors=config.min_shared_anchors,
    )
    sets = sg.shingle_batch([texts[i] for i in uniq], dedup_cfg.shingle_tokens, fold_case=True)
    pairs = anchor_pairs(sets, dedup_cfg)
    return [(arts[uniq[lo]].id, arts[uniq[hi]].id) for lo, hi in pairs.tolist()]


def find_reuse(
    articles: Sequence[Article],
    pairs: Iterable[tuple[str, str]] | None = None,
    config: ReuseConfig = ReuseConfig(),
) -> tuple[Reuse, ...]:
    """Align the shared passages of article pairs.

    Args:
        articles: the articles the pairs refer to.
        pairs: article id pairs to align (e.g. every pair of one story); None to align the candidate pairs
            of an anchor index over shingles (:func:`candidate_pairs`), where articles with the same text
            are represented by their earliest copy (:func:`storyline.dedup.find_duplicates` lists the rest).
        config: aligner parameters.
    Returns:
        One :class:`Reuse` per pair sharing at least one passage, sorted by article ids.
    Raises:
        ArticleNotFound: when a pair names an article that is not in ``articles``.
    """
    by_id = {a.id: a for a in articles}
    todo = candidate_pairs(articles, config) if pairs is None else list(pairs)
    tokens: dict[str, _Tokens] = {}
    seen: set[tuple[str, str]] = set()
    out: list[Reuse] = []
    for x, y in todo:
        for name in (x, y):
            if name not in by_id:
                raise ArticleNotFound(f"reuse pair names article {name!r}, which is not among the articles")
        first, second = sorted((by_id[x], by_id[y]), key=rank_key)
        key = (first.id, second.id)
        if first.id == second.id or key in seen:
            continue
        seen.add(key)
        for art in (first, second):
            if art.id not in tokens:
                tokens[art.id] = _tokenize(art.text)
        found = _align_tokens(first, second, tokens[first.id], tokens[second.id], config)
        if found is not None:
            out.append(found)
    LOGGER.debug("%d pairs aligned, %d with reuse", len(seen), len(out))
    return tuple(sorted(out, key=lambda r: r.articles))


@dataclass(frozen=True, slots=True, kw_only=True)
class FamilyConfig:
    """When reuse is heavy enough to join two articles into one source family."""

    heavy_share: float = HEAVY_SHARE
    min_chars: int = MIN_FAMILY_CHARS


@dataclass(frozen=True, slots=True, kw_only=True)
class Family:
    """Articles that are copies of one text (duplicates or heavy reuse): one source, not several."""

    id: str
    members: tuple[str, ...]


def source_families(
    article_ids: Iterable[str],
    duplicates: Iterable[Duplicate],
    reuse: Iterable[Reuse],
    config: FamilyConfig = FamilyConfig(),
) -> tuple[Family, ...]:
    """Group articles into source families; every article id belongs to exactly one family.

    A duplicate of any kind links two articles; reuse links them when its passages cover at least
    ``heavy_share`` of either article and ``min_chars`` characters. Links to ids outside ``article_ids``
    are ignored.

    Returns:
        Families (singletons included) with ids ``make_group_id("f", members)``, sorted by id.
    """
    ids = sorted(set(article_ids))
    parent = {a: a for a in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def link(x: str, y: str) -> None:
        if x in parent and y in parent:
            rx, ry = find(x), find(y)
            if rx != ry:
                parent[max(rx, ry)] = min(rx, ry)

    for dup in duplicates:
        link(dup.article, dup.duplicate_of)
    for item in reuse:
        if item.chars >= config.min_chars and max(item.coverage) >= config.heavy_share:
            link(*item.articles)
    groups: dict[str, list[str]] = {}
    for a in ids:
        groups.setdefault(find(a), []).append(a)
    families = [Family(id=make_group_id("f", members), members=tuple(members)) for members in groups.values()]
    return tuple(sorted(families, key=lambda f: f.id))


def count_independent(article_ids: Iterable[str], families: Iterable[Family]) -> int:
    """Number of distinct source families among ``article_ids`` (an id in no family counts alone)."""
    family_of = {m: f.id for f in families for m in f.members}
    return len({family_of.get(a, a) for a in set(article_ids)})
