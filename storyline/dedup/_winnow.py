"""Candidate pairs for passage reuse: rare winnowed fingerprints that line up on one diagonal.

Three vectorized steps over a whole batch (no Python loop over documents or pairs):

1. :func:`shingle_positions`: every k-token shingle of each text, in text order, with its token position.
2. :func:`rare_fingerprints`: shingles carried by more than ``max_docs`` texts are boilerplate or template
   text and are masked first; then *robust winnowing* (Schleimer, Wilkerson and Aiken, "Winnowing: local
   algorithms for document fingerprinting", SIGMOD 2003) keeps the smallest remaining hash of every window
   of ``window`` consecutive shingles. Two texts sharing an exact run of ``k + window - 1`` tokens that
   holds a rare shingle therefore share a fingerprint, whatever else the texts contain.
3. :func:`diagonal_pairs`: for each pair of texts sharing fingerprints, the fingerprints are bucketed by
   their diagonal (position in the second text minus position in the first); a pair is a candidate when
   one bucket holds ``min_anchors`` of them, i.e. the two texts share a stretch of text in the same order,
   not a few scattered stock phrases. Two bucketings shifted by half a band catch a stretch whose diagonal
   drifts across a bucket edge (a word inserted or dropped inside the passage).

Every step costs time linear in the text, plus the pairs of each fingerprint's posting list (at most
``max_docs`` squared over two per fingerprint): templated text shared by many documents costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.dedup import _signatures as sg

_NONE = np.uint64(np.iinfo(np.uint64).max)  # the hash of a masked (too common) shingle: never a fingerprint


@dataclass(frozen=True, slots=True)
class Fingerprints:
    """Fingerprints of a batch: ``values[i]`` is in text ``docs[i]`` at token ``positions[i]``.

    Sorted by text, then value; one entry per (text, value), at the value's first position in the text.
    """

    values: sg.U64
    docs: sg.I64
    positions: sg.I64


def shingle_positions(texts: Sequence[str], k: int) -> tuple[sg.U64, sg.I64, sg.I64]:
    """Return every k-token shingle hash (case folded) of each text in text order, its text and position.

    Tokens are those of :func:`storyline.dedup._signatures.tokenize` (letters and digits, lowercased), so a
    position is an index into the aligner's tokens of a text with the same words.
    """
    hashes: list[sg.U64] = []
    docs: list[sg.I64] = []
    for start, stop in sg.text_chunks(texts):
        shingles, doc, _ = sg.shingle_chunk(texts[start:stop], k, fold_case=True)
        hashes.append(shingles)
        docs.append(doc + start)
    if not hashes:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    values, doc_of = np.concatenate(hashes), np.concatenate(docs)
    # a text's shingles are contiguous and in order: its position is the offset from its first shingle
    first = np.searchsorted(doc_of, doc_of, side="left")
    positions: sg.I64 = np.arange(values.size, dtype=np.int64) - first
    return values, doc_of, positions


def document_frequency(values: sg.U64, docs: sg.I64) -> sg.I64:
    """For each shingle occurrence, the number of distinct texts that carry that shingle."""
    if values.size == 0:
        return np.zeros(0, np.int64)
    order = np.argsort(values, kind="stable")  # texts ascend already: a stable sort keeps them so
    v = values[order]
    new_value = np.ones(v.size, dtype=bool)
    new_value[1:] = v[1:] != v[:-1]
    del v  # temporaries are released as soon as they are used: this runs over every shingle of a batch
    d = docs[order]
    first_in_doc = new_value.copy()
    first_in_doc[1:] |= d[1:] != d[:-1]
    del d
    run = np.cumsum(new_value) - 1
    per_value = np.bincount(run, weights=first_in_doc).astype(np.int64)
    out = np.empty(values.size, dtype=np.int64)
    out[order] = per_value[run]
    return out


def rare_fingerprints(
    values: sg.U64, docs: sg.I64, positions: sg.I64, window: int, max_docs: int
) -> Fingerprints:
    """Robust winnowing over the shingles carried by at most ``max_docs`` texts (see the module docstring).

    A text with fewer than ``window`` shingles keeps all its rare shingles.
    """
    masked = np.where(document_frequency(values, docs) <= max_docs, values, _NONE)
    n = masked.size
    chosen = np.zeros(n, dtype=bool)
    if n >= window:
        smallest = _sliding(np.minimum, masked, window)  # per window (by first shingle)
        smallest[docs[: n - window + 1] != docs[window - 1 :]] = 0  # windows across two texts choose nothing
        # a shingle is chosen when it is the smallest of a window holding it: the largest of those windows'
        # minima (all <= the shingle) is the shingle itself
        padded = np.zeros(n + window - 1, dtype=np.uint64)
        padded[window - 1 : n] = smallest
        chosen = _sliding(np.maximum, padded, window) == masked
    counts = np.bincount(docs, minlength=int(docs.max(initial=-1)) + 1)
    chosen |= counts[docs] < window  # a short text: every shingle is in its only (partial) window
    chosen &= masked != _NONE
    at = np.flatnonzero(chosen)
    v, d, p = masked[at], docs[at], positions[at]
    order = np.lexsort((p, v, d))
    v, d, p = v[order], d[order], p[order]
    keep = np.ones(v.size, dtype=bool)
    keep[1:] = (v[1:] != v[:-1]) | (d[1:] != d[:-1])
    return Fingerprints(values=v[keep], docs=d[keep], positions=p[keep])


def _sliding(combine: Callable[[sg.U64, sg.U64], sg.U64], values: sg.U64, width: int) -> sg.U64:
    """``combine`` (minimum or maximum) over each run ``values[j : j + width]``, in O(n log width) time.

    Doubling spans (1, 2, 4, ...), then one overlapping step: no ``(n, width)`` array is ever made.
    """
    out, span = values, 1
    while span * 2 <= width:
        out = combine(out[:-span], out[span:])
        span *= 2
    if span < width:
        out = combine(out[: out.size - (width - span)], out[width - span :])
    return out.copy() if out is values else out


def diagonal_pairs(prints: Fingerprints, max_docs: int, band: int, min_anchors: int) -> npt.NDArray[np.int64]:
    """Pairs ``(lo, hi)`` of texts sharing ``min_anchors`` fingerprints on one diagonal band, sorted.

    Args:
        prints: the batch's fingerprints (:func:`rare_fingerprints`).
        max_docs: fingerprints carried by more texts are skipped (none are, after rare_fingerprints).

    Returns:
        An ``(n, 2)`` array of text indexes, ``lo < hi``, sorted by ``lo`` then ``hi``.
        band: width in tokens of a diagonal bucket.
        min_anchors: fingerprints a pair needs in one bucket.
    """
    empty = np.zeros((0, 2), dtype=np.int64)
    if prints.values.size < 2:
        return empty
    order = np.argsort(prints.values, kind="stable")  # sorted by text already: texts stay ascending
    values, docs, positions = prints.values[order], prints.docs[order], prints.positions[order]
    new_run = np.ones(values.size, dtype=bool)
    new_run[1:] = values[1:] != values[:-1]
    run_start = np.flatnonzero(new_run)
    run_len = np.diff(np.append(run_start, values.size))
    common = np.repeat(run_len > max_docs, run_len)
    values, docs, positions, new_run = values[~common], docs[~common], positions[~common], new_run[~common]
    run_id = np.cumsum(new_run) - 1
    lo: list[sg.I64] = []
    hi: list[sg.I64] = []
    diag: list[sg.I64] = []
    for gap in range(1, max_docs):  # every pair inside each posting list, one vectorized pass per distance
        if gap >= values.size:
            break
        same = run_id[gap:] == run_id[:-gap]
        if not same.any():
            break
        # docs ascend inside a posting list, so the earlier entry is the lower text
        lo.append(docs[:-gap][same])
        hi.append(docs[gap:][same])
        diag.append(positions[gap:][same] - positions[:-gap][same])
    if not lo:
        return empty
    pair = (np.concatenate(lo) << 32) | np.concatenate(hi)
    offsets = np.concatenate(diag)
    found: list[sg.I64] = []
    for shift in (0, band // 2):
        bucket = np.floor_divide(offsets + shift, band)
        order = np.lexsort((bucket, pair))
        p, b = pair[order], bucket[order]
        new = np.ones(p.size, dtype=bool)
        new[1:] = (p[1:] != p[:-1]) | (b[1:] != b[:-1])
        starts = np.flatnonzero(new)
        sizes = np.diff(np.append(starts, p.size))
        found.append(p[starts[sizes >= min_anchors]])
    keys = np.sort(np.concatenate(found))
    keys = keys[np.append(True, keys[1:] != keys[:-1])] if keys.size else keys
    return np.stack((keys >> 32, keys & 0xFFFFFFFF), axis=1).astype(np.int64)
