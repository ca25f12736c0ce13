"""A multi-source, extractive story summary in which every sentence cites every article supporting it.

How it works: every article of the story offers its leading sentences as candidates; a sentence is
*supported* by each article that has a sentence saying much the same (TF-IDF cosine over the matching
form); candidates are ranked by how many independent sources (source families, so that copies of one
wire text count once) support them, with a small bonus for sentences near the top of an article (news
leads carry the event), and picked greedily while skipping near-repeats of what is already chosen.
The chosen sentences are ordered by when they were first reported.

Deterministic: the same story gives the same summary whatever the order of its articles.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.claims.facts import Fact
from storyline.claims.lexicon import parse_number
from storyline.export.types import ExportClaim, SummarySentence
from storyline.models import Article, TextSpan
from storyline.normalize import matching_form

LOGGER = logging.getLogger(__name__)

# Calibrated on ECB+ cross-document event coreference with `storyline eval events ecbplus
# ../shared/data/ecbplus` (2026-11-25). The decision that matters is the article-level one the summary
# makes ("summary_citation": does another article of the story have a sentence this close?), and its
# false-positive rate is the share of articles cited although none of their sentences mentions the event.
# In ECB+ 87% of (sentence, other article) pairs mention the same event, so precision and F1 say little;
# a false citation is worse for a fact-checker than a missing one, so the threshold is the lowest that
# cites at most 1 in 10 non-supporting articles on topics 1-20: 0.35 (false-citation rate 6.0%, recall
# 0.14; 0.30 gives 10.03%), checked on topics 21-35 (2.5%, recall 0.18). Youden's J on the sentence
# pairs ("summary_support") picks 0.10, where 44% of non-supporting articles get cited. Event
# coreference is looser than "says the same", so the recall here is a lower bound. A near-repeat must be
# the same report, so redundancy wants precision: at 0.5, P 0.97 (R 0.04) on topics 1-35; kept.
SUPPORT_SIMILARITY = 0.35  # cosine at which another article's sentence counts as saying the same
REDUNDANCY_SIMILARITY = 0.5  # a candidate this close to a chosen sentence adds nothing new
LEAD_SENTENCES = 6  # candidates per article: the top of a news article carries its facts
MIN_WORDS, MAX_WORDS = 6, 45  # shorter is a fragment or a caption, longer is a run-on paragraph
MAX_SUMMARY_SENTENCES = 5
LEAD_BONUS = 0.5  # added for the first sentence of an article, halving with each sentence down
QUOTE_SHARE_LIMIT = 0.5  # sentences mostly inside quotation marks belong to the quotes section

_QUOTE_MARKS = frozenset('"“”«»')


@dataclass(frozen=True, slots=True, kw_only=True)
class _Candidate:
    article: str
    position: int
    text: str


def summarize_story(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[TextSpan]],
    *,
    dates: Mapping[str, dt.date | None],
    families: Mapping[str, str] | None = None,
) -> tuple[SummarySentence, ...]:
    """Summarize one story in a few sentences, each citing every article that supports it.

    Args:
        articles: the story's articles.
        sentences: sentence spans of each article's text (from the annotation layer).
        dates: each article's publication date or estimate (None when unknown).
        families: article id -> source family id; articles of one family count as one source.

    Returns:
        Up to ``MAX_SUMMARY_SENTENCES`` sentences in order of first report; empty for a story with no
        usable sentence.
    """
    ordered = sorted(articles, key=lambda a: a.id)
    candidates = [c for a in ordered for c in _candidates(a, sentences.get(a.id, ()))]
    if not candidates:
        return ()
    family = dict(families or {})
    similarity = support_similarity([c.text for c in candidates])
    if not similarity.any():  # every candidate is made of stop words only
        return ()
    article_ids = sorted({c.article for c in candidates})
    owner = np.array([article_ids.index(c.article) for c in candidates])
    supporters: list[set[str]] = []
    for i in range(len(candidates)):
        best = np.zeros(len(article_ids))
        np.maximum.at(best, owner, similarity[i])
        supporters.append({article_ids[j] for j in np.flatnonzero(best >= SUPPORT_SIMILARITY)})
    scores = [
        len({family.get(a, a) for a in supporters[i]}) + LEAD_BONUS / 2 ** candidates[i].position
        for i in range(len(candidates))
    ]
    order = sorted(
        range(len(candidates)), key=lambda i: (-scores[i], candidates[i].article, candidates[i].position)
    )
    chosen: list[int] = []
    for i in order:
        if len(chosen) == MAX_SUMMARY_SENTENCES:
            break
        if all(similarity[i, j] < REDUNDANCY_SIMILARITY for j in chosen):
            chosen.append(i)

    def first_reported(i: int) -> tuple[str, str, int]:
        known = [d.isoformat() for a in supporters[i] if (d := dates.get(a)) is not None]
        return (min(known, default="9999-99-99"), candidates[i].article, candidates[i].position)

    return tuple(
        SummarySentence(text=candidates[i].text, sources=tuple(sorted(supporters[i])))
        for i in sorted(chosen, key=first_reported)
    )


def support_similarity(sentences: Sequence[str]) -> npt.NDArray[np.float64]:
    """The pairwise similarity that decides support and near-repeats: TF-IDF cosine over the matching form.

    The IDF is fitted on ``sentences`` themselves (a story's candidates), so a word every outlet uses
    weighs less than a name only two share.

    Args:
        sentences: the texts to compare.
    Returns:
        A symmetric ``len(sentences)``-square matrix of cosines in [0, 1]; all zeros when no sentence has
        a word outside the stop words (or ``sentences`` is empty).
    """
    size = len(sentences)
    from sklearn.feature_extraction.text import TfidfVectorizer  # 1-3 s to import: only when summarizing

    vectors = TfidfVectorizer(preprocessor=matching_form, stop_words="english", sublinear_tf=True)
    try:
        matrix = vectors.fit_transform(list(sentences))
    except ValueError:  # no sentence, or every sentence is made of stop words only
        return np.zeros((size, size))
    return np.asarray((matrix @ matrix.T).toarray(), dtype=np.float64)


def qualify_summary(
    summary: Sequence[SummarySentence],
    claims: Sequence[ExportClaim],
    families: Mapping[str, str] | None = None,
    facts: Sequence[Fact] = (),
) -> tuple[SummarySentence, ...]:
    """Say how far each sentence can be trusted, using the story's compared claims.

    A sentence *states* a value of a claim when it holds the words a fact of that value was read from
    (``Fact.evidence``, e.g. "Seventeen people were hurt"): a number elsewhere in the sentence (a date,
    "no one") states nothing.

    - A sentence stating one value of a *conflicting* claim (Facebook, where others say Instagram) is
      supported only by the articles stating that value; the others become ``disputed_by``.
    - A sentence stating an earlier value of a claim that changed over time (12 hurt, later 17) gets
      ``superseded_by``: the articles stating the latest value; so does a sentence stating a value an
      article corrected in a later version (the claim's ``revisions``): the articles stating the new one.
    - ``independent_sources`` counts the source families among the remaining sources.

    No sentence is dropped: when every source of a sentence would be disputed, the facts disagree with
    themselves and the sentence keeps its sources.
    """
    family = dict(families or {})
    evidence = _evidence(claims, facts)
    result = []
    for sentence in summary:
        disputed: set[str] = set()
        superseded: set[str] = set()
        folded = matching_form(sentence.text)
        for index, claim in enumerate(claims):
            stated = [v for v in claim.values if any(e in folded for e in evidence.get((index, v.value), ()))]
            if len(stated) != 1:
                continue
            correctors: dict[str, set[str]] = defaultdict(set)  # value corrected away -> who did it
            for revision in claim.revisions:
                correctors[revision.before].add(revision.article)
            if stated[0].value in correctors:
                # a value its own source corrected away: superseded by the articles stating the value
                # that source states now
                by = correctors[stated[0].value]
                superseded |= {
                    a for v in claim.values if v is not stated[0] and by & set(v.articles) for a in v.articles
                }
            elif claim.status == "conflict":
                others = {a for v in claim.values if v is not stated[0] for a in v.articles}
                disputed |= others - set(stated[0].articles)
            elif claim.status == "consistent":
                # The claims stage orders an update's values oldest first (a rising count: by value),
                # so on the same day the later value is the newer one.
                order = {id(v): i for i, v in enumerate(claim.values)}
                latest = max(claim.values, key=lambda v: (v.as_of or "", order[id(v)]))
                if latest is not stated[0] and (stated[0].as_of or "") <= (latest.as_of or ""):
                    superseded |= set(latest.articles)
        sources = set(sentence.sources) - disputed
        if not sources:
            sources, disputed = set(sentence.sources), set()
        result.append(
            SummarySentence(
                text=sentence.text,
                sources=tuple(sorted(sources)),
                independent_sources=len({family.get(a, a) for a in sources}),
                disputed_by=tuple(sorted(disputed)),
                superseded_by=tuple(sorted(superseded - sources)),
            )
        )
    return tuple(result)


def _evidence(claims: Sequence[ExportClaim], facts: Sequence[Fact]) -> dict[tuple[int, str], set[str]]:
    """(claim index, value) -> the matching forms of the words facts of that value were read from."""
    found: dict[tuple[int, str], set[str]] = {}
    for index, claim in enumerate(claims):
        for value in claim.values:
            articles = set(value.articles)
            for fact in facts:
                if (
                    fact.attribute == claim.attribute
                    and fact.article in articles
                    and _same(fact.value, value.value)
                ):
                    found.setdefault((index, value.value), set()).add(matching_form(fact.evidence))
    return found


def _same(fact_value: str, claim_value: str) -> bool:
    """True when a fact's value is the claim's value: the same words, or the same count."""
    if matching_form(fact_value) == matching_form(claim_value):
        return True
    left, right = parse_number(fact_value), parse_number(claim_value)
    return left is not None and left == right


def _candidates(article: Article, spans: Sequence[TextSpan]) -> list[_Candidate]:
    """The leading sentences of one article that can stand alone in a summary."""
    found: list[_Candidate] = []
    for span in spans:
        text = " ".join(article.text[span.start : span.end].split())
        words = len(text.split())
        # a sentence ending in a colon only leads into a quote or a list ("…, the actress said:")
        if (
            MIN_WORDS <= words <= MAX_WORDS
            and _quoted_share(text) <= QUOTE_SHARE_LIMIT
            and not text.endswith(":")
        ):
            found.append(_Candidate(article=article.id, position=len(found), text=text))
        if len(found) == LEAD_SENTENCES:
            break
    return found


def _quoted_share(text: str) -> float:
    """The share of characters that stand inside double quotation marks."""
    inside = False
    count = 0
    for char in text:
        if char in _QUOTE_MARKS:
            inside = not inside
        elif inside:
            count += 1
    return count / max(len(text), 1)
