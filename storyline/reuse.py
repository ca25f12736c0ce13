"""Passage reuse between articles, its direction, and source families.

:func:`find_reuse` aligns the passages two articles share: seeds are word n-grams (letters and digits,
lowercased, so quote marks, apostrophes, dashes, case and spacing do not matter) that occur once in each
text; seeds on
nearby positions of both texts chain into one passage across small edits (a changed word, an inserted
``(sic)``, a dropped clause). Each passage carries its character spans in both articles' ``text``.
Direction (who copied whom) is stated when both articles are dated and the dates differ.

Over a whole batch, only :func:`candidate_pairs` are aligned: pairs sharing a stretch of rare text in the
same order (winnowed seed-sized shingles carried by at most ``MAX_ANCHOR_DOCS`` texts, at least
``MIN_DIAGONAL_ANCHORS`` of them on one diagonal; see :mod:`storyline.dedup._winnow`). Template and
boilerplate text shared by many articles, and a few stock phrases shared by chance, cost nothing.

:func:`source_families` joins articles linked by duplication or heavy reuse: an agreement carried only by
copies of one text is one source. :func:`count_independent` counts families instead of articles.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.dedup import Duplicate, rank_key
from storyline.dedup import _signatures as sg
from storyline.dedup import _winnow as wn
from storyline.disjoint import DisjointSets
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
# Candidate pairs (see storyline.dedup._winnow). Measured with `python -m bench reuse` (synthetic corpora,
# 200 and 2,000 articles) and `storyline eval dedup` (full run: passages recall must stay >= 0.98).
# Fingerprints are winnowed seed-sized shingles: a window of 8 shingles makes every exact shared run of
# MIN_PASSAGE_TOKENS (5 + 8 - 1 = 12) tokens holding a rare shingle share a fingerprint.
WINNOW_WINDOW = 8
# A shingle carried by more unique texts is template or boilerplate text, not evidence of reuse. Candidates
# on 2,000 synthetic articles at 8 / 16 / 32 / 64: 7,259 / 11,500 / 18,111 / 38,988, of which same-story
# pairs 4,001 / 7,415 / 7,468 / 7,441: 16 keeps the same-story pairs at a third of the cost of 32 (on 200
# articles: 2,403 candidates, every planted passage found); the eval's passage recall is the same at 16-64.
MAX_ANCHOR_DOCS = 16
# A pair is aligned when this many fingerprints line up on one diagonal band: a stretch of at least
# ~18 words shared in order. Full eval, passages recall: 0.9847 at 1 to 3, 0.9792 at 4, 0.9291 at 5;
# candidates on 200 synthetic articles: 18,544 at 1, 7,540 at 2, 2,403 at 3, 869 at 4.
MIN_DIAGONAL_ANCHORS = 3
# Width (tokens) of a diagonal bucket: a passage's offset between the two texts drifts by a few tokens
# with "(sic)", a dropped clause or a changed phrase (the aligner bridges gaps up to MAX_GAP = 12).
DIAGONAL_BAND = 16
HEAVY_SHARE = 0.5  # reuse covering half of either article joins the two into one source family
MIN_FAMILY_CHARS = 200  # ...and at least this many characters (two one-line texts are not a family)

_TOKEN_RE = re.compile(
    r"[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
    r"|[^\W_]+"
)
_MIXERS = np.array(sg.SHINGLE_MULTIPLIERS, dtype=np.uint64)
# smallest valid value of each candidate setting (a posting list of one text pairs nothing)
_CANDIDATE_MINIMUMS = (
    ("winnow_window", 1),
    ("max_anchor_docs", 2),
    ("min_diagonal_anchors", 1),
    ("diagonal_band", 1),
)


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
    winnow_window: int = WINNOW_WINDOW
    max_anchor_docs: int = MAX_ANCHOR_DOCS
    min_diagonal_anchors: int = MIN_DIAGONAL_ANCHORS
    diagonal_band: int = DIAGONAL_BAND

    def __post_init__(self) -> None:
        if not 1 <= self.seed_tokens <= len(_MIXERS):
            raise ConfigError(f"seed_tokens must be 1..{len(_MIXERS)}, not {self.seed_tokens}")
        if self.max_gap < 0 or self.min_passage_tokens < self.seed_tokens:
            raise ConfigError("max_gap must be >= 0 and min_passage_tokens >= seed_tokens")
        if not 0.0 < self.min_density <= 1.0:
            raise ConfigError(f"min_density must be in (0, 1], not {self.min_density}")
        for name, minimum in _CANDIDATE_MINIMUMS:
            value = getattr(self, name)
            if value < minimum:
                raise ConfigError(f"{name} must be >= {minimum}, not {value}")


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
    """An article's tokens (normalized ids, character offsets into ``text``) and its seed n-grams."""

    ids: sg.U64  # hash of each token's lowercase form
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    breaks: npt.NDArray[np.bool_]  # a line or paragraph break between token i and token i + 1
    seed_keys: sg.U64  # keys of the n-grams occurring once in the text, within a paragraph, sorted
    seed_positions: npt.NDArray[np.int64]  # the token position of each of those n-grams


def _tokenize(text: str, n: int) -> _Tokens:
    """An article's tokens (see :func:`storyline.dedup._signatures.tokenize`) and its unique n-grams.

    Computed once per article, whatever the number of pairs it is aligned in.
    """
    hashes, starts, ends, breaks = sg.tokenize(text)
    keys, positions = _unique_positions(_ngrams(hashes, n), _within_paragraph(breaks, n))
    return _Tokens(
        ids=hashes, starts=starts, ends=ends, breaks=breaks, seed_keys=keys, seed_positions=positions
    )


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


def _within_paragraph(breaks: npt.NDArray[np.bool_], n: int) -> npt.NDArray[np.bool_]:
    """For each n-gram start, whether the n-gram stays inside one paragraph (no break between its words)."""
    count = max(0, breaks.size - n + 1)
    crossed = np.concatenate(([0], np.cumsum(breaks, dtype=np.int64)))
    inside: npt.NDArray[np.bool_] = (crossed[n - 1 : n - 1 + count] - crossed[:count]) == 0
    return inside


def _seeds(a: _Tokens, b: _Tokens) -> npt.NDArray[np.int64]:
    """``(i, j)`` token positions of n-grams occurring exactly once in each text, sorted by ``i``."""
    _, ia, ib = np.intersect1d(a.seed_keys, b.seed_keys, assume_unique=True, return_indices=True)
    pairs = np.stack((a.seed_positions[ia], b.seed_positions[ib]), axis=1)
    return pairs[np.argsort(pairs[:, 0], kind="stable")]


def _runs(seeds: npt.NDArray[np.int64]) -> list[tuple[int, int, int]]:
    """Seeds on consecutive positions of both texts merged into runs ``(i, j, seeds in the run)``."""
    if seeds.shape[0] == 0:
        return []
    starts = np.ones(seeds.shape[0], dtype=bool)
    starts[1:] = (np.diff(seeds[:, 0]) != 1) | (np.diff(seeds[:, 1]) != 1)
    first = np.flatnonzero(starts)
    lengths = np.diff(np.append(first, seeds.shape[0]))
    return list(zip(seeds[first, 0].tolist(), seeds[first, 1].tolist(), lengths.tolist(), strict=True))


def _chains(seeds: npt.NDArray[np.int64], max_gap: int) -> list[list[tuple[int, int, int]]]:
    """Group seeds into chains increasing in both texts, with gaps of at most ``max_gap`` tokens.

    Chains are lists of runs (:func:`_runs`): the seed after ``(i, j)`` at ``(i + 1, j + 1)`` always joins
    the chain ending at ``(i, j)`` (the cheapest step there is, and no other chain ends there), so whole
    runs are chained at once, as seed-by-seed chaining would.
    """
    done: list[list[tuple[int, int, int]]] = []
    open_: list[list[tuple[int, int, int]]] = []
    for i, j, length in _runs(seeds):
        best, best_cost = None, 0
        still_open = []
        for chain in open_:
            ri, rj, rl = chain[-1]
            li, lj = ri + rl - 1, rj + rl - 1
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
            open_.append([(i, j, length)])
        else:
            best.append((i, j, length))
    return done + open_


def align(a: Article, b: Article, config: ReuseConfig = ReuseConfig()) -> Reuse | None:
    """Return the passages ``a`` and ``b`` share, or None when they share none.

    Args:
        a, b: the two articles (any order; the result orders them, see :class:`Reuse`).
        config: aligner parameters.
    """
    first, second = sorted((a, b), key=rank_key)
    n = config.seed_tokens
    return _align_tokens(first, second, _tokenize(first.text, n), _tokenize(second.text, n), config)


def _align_tokens(
    first: Article, second: Article, ta: _Tokens, tb: _Tokens, config: ReuseConfig
) -> Reuse | None:
    """Align two tokenized articles (``first`` ranks earlier)."""
    n = config.seed_tokens
    seeds = _seeds(ta, tb)
    if seeds.size == 0:
        return None
    passages: list[Passage] = []
    covered_a = np.zeros(ta.ids.size, dtype=bool)
    covered_b = np.zeros(tb.ids.size, dtype=bool)
    for chain in _chains(seeds, config.max_gap):
        i0, j0, _ = chain[0]
        seed_i0 = i0
        last_i, last_j, last_length = chain[-1]
        i1, j1 = last_i + last_length + n - 2, last_j + last_length + n - 2
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
        for i, _, length in chain:
            hit[i - i0 : i - i0 + length + n - 1] = True
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
    """Pairs of articles worth aligning: they share a stretch of rare text in the same order.

    Seed-sized shingles carried by more than ``max_anchor_docs`` unique texts (templates, boilerplate) are
    ignored; the others are winnowed, and a pair needs ``min_diagonal_anchors`` shared fingerprints on one
    diagonal band (:mod:`storyline.dedup._winnow`). Articles with the same text (boilerplate lines removed)
    are represented by their earliest copy.

    Returns:
        ``(earlier, later)`` id pairs in rank order (:func:`storyline.dedup.rank_key`), sorted.
    """
    arts = sorted({a.id: a for a in articles}.values(), key=rank_key)
    # the aligner's own tokens (letters and digits, lowercased): no matching form needed here
    texts = [sg.strip_boilerplate(a.text) for a in arts]
    first_of: dict[str, int] = {}
    for i, text in enumerate(texts):
        first_of.setdefault(text, i)
    uniq = sorted(first_of.values())
    values, docs, positions = wn.shingle_positions([texts[i] for i in uniq], config.seed_tokens)
    prints = wn.rare_fingerprints(values, docs, positions, config.winnow_window, config.max_anchor_docs)
    pairs = wn.diagonal_pairs(
        prints, config.max_anchor_docs, config.diagonal_band, config.min_diagonal_anchors
    )
    LOGGER.debug(
        "%d unique texts, %d fingerprints, %d candidate pairs", len(uniq), prints.values.size, len(pairs)
    )
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
            of :func:`candidate_pairs` (a shared stretch of rare text), where articles with the same text
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
    uses = Counter(
        name for pair in todo for name in pair
    )  # an article's tokens are dropped after its last pair
    seen: set[tuple[str, str]] = set()
    out: list[Reuse] = []
    for x, y in todo:
        for name in (x, y):
            if name not in by_id:
                raise ArticleNotFound(f"reuse pair names article {name!r}, which is not among the articles")
        first, second = sorted((by_id[x], by_id[y]), key=rank_key)
        key = (first.id, second.id)
        if first.id != second.id and key not in seen:
            seen.add(key)
            for art in (first, second):
                if art.id not in tokens:
                    tokens[art.id] = _tokenize(art.text, config.seed_tokens)
            found = _align_tokens(first, second, tokens[first.id], tokens[second.id], config)
            if found is not None:
                out.append(found)
        for name in (x, y):
            uses[name] -= 1
            if uses[name] == 0:
                tokens.pop(name, None)
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
    sets = DisjointSets(ids)

    def link(x: str, y: str) -> None:
        if x in sets and y in sets:
            sets.union(x, y)

    for dup in duplicates:
        link(dup.article, dup.duplicate_of)
    for item in reuse:
        if item.chars >= config.min_chars and max(item.coverage) >= config.heavy_share:
            link(*item.articles)
    families = [
        Family(id=make_group_id("f", members), members=tuple(members)) for members in sets.groups().values()
    ]
    return tuple(sorted(families, key=lambda f: f.id))


def count_independent(article_ids: Iterable[str], families: Iterable[Family]) -> int:
    """Number of distinct source families among ``article_ids`` (an id in no family counts alone)."""
    family_of = {m: f.id for f in families for m in f.members}
    return len({family_of.get(a, a) for a in set(article_ids)})
