"""Features of one article for story clustering: weighted terms, typed entities, mentioned dates.

Terms and entity keys are hashed into a fixed number of buckets (a stable CRC-32, not Python's salted
``hash``), so document-frequency tables have a fixed size however long a stream runs.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from storyline.extract.timex.lexicon import MONTHS
from storyline.models import Annotation, Article, EntityMention

__all__ = [
    "ArticleFeatures",
    "DocumentFrequencies",
    "entity_key",
    "extract_features",
    "given_name_keys",
    "mentioned_dates",
    "specific_details",
    "tokenize",
]

# 1M buckets: 4 MiB per table; with 100k distinct terms a term shares its bucket with probability ~10%,
# which only blurs its IDF a little (two rare terms in one bucket stay rare)
HASH_BUCKETS = 1 << 20
HASH_CACHE_SIZE = 1 << 18  # hashes of the 262k most recent distinct tokens kept (~30 MiB at most)
# terms kept per article (bounds the cost of each comparison); eval: keeping 400 changed story B³ F1 by
# -0.003 (stream) and -0.006 (batch), so the cut costs nothing
TOP_TERMS = 120
TITLE_REPEAT = 2  # title words count twice: the headline names the event (eval: once is -0.002/-0.004)
# specific details (23 pirates, 6.1 magnitude, $90 million) tell similar events apart; eval: without the
# boost story B³ F1 is 0.000 (stream) / -0.006 (batch)
NUMBER_BOOST = 1.5
MIN_TOKEN_CHARS = 2
DETAIL_PREFIX = "#"  # details share the entity DF table; entity keys never start with "#"
# Entity type weights: people and places decide which event a text is about; organisations less (the
# police, a network); nationalities and works least. Ratios chosen a priori, checked on the eval.
ENTITY_TYPE_WEIGHTS: Mapping[str, float] = {
    "PERSON": 3.0,
    "GPE": 2.0,
    "LOC": 2.0,
    "FAC": 2.0,
    "ORG": 1.5,
    "EVENT": 1.5,
    "WORK_OF_ART": 1.0,
    "PRODUCT": 1.0,
    "NORP": 0.5,
    "MONEY": 1.0,
    "QUANTITY": 1.0,
}

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:[.,'’][a-z0-9]+)*")
_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves said says say told according news
    reported report reports mr mrs ms new one two three year years day days time week weeks month
    months monday tuesday wednesday thursday friday saturday sunday today yesterday tonight last
    first like get got may might must since still well back even many much make made way people
    including s t don didn doesn isn wasn www com http https html""".split()  # noqa: SIM905 -- a word list reads better as text
)

_MONTHS = MONTHS  # one month-name table for the whole project
_MONTH_RE = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# matched against the lowercased text (faster than re.IGNORECASE)
_MDY_RE = re.compile(
    rf"\b{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
)
_DMY_RE = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_RE}(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
)
_YEAR_RE = re.compile(r"\b(?:in|of|since|until|during)\s+(?P<year>(?:19|20)\d\d)\b")
# Specific details: a number with the noun after it ("23 pirates", "$2.6 million heist", "105 yards"),
# a magnitude ("magnitude 6.1") or a score/record ("20-13", "52-3"). Years stand alone (mentioned_dates).
_DETAIL_NUMBER_RE = re.compile(
    r"(?<![\w.$€£])(?P<num>[$€£]?\d+(?:[.,]\d+)*)(?:\s*(?P<mult>million|billion|bn)\b)?[\s-]+(?P<noun>[a-z]+)"
)
_DETAIL_MAGNITUDE_RE = re.compile(r"\b(?:magnitude|richter(?: scale)?)(?:\s+of)?\s+(?P<num>\d+(?:\.\d+)?)\b")
_DETAIL_SCORE_RE = re.compile(r"(?<![\d.,/-])(?P<a>\d{1,3})-(?P<b>\d{1,3})(?![\d.,/-])")
_HYPHEN_DIGIT_RE = re.compile(r"-(?=\d)")  # a literal first: found in ~1 us, so most texts skip the scores
# words after a number that are not what it counts ("4 to 5", "8 am"); the stopwords are skipped too
_DETAIL_NOUN_STOP = frozenset({"are", "be", "has", "have", "had", "than", "am", "pm", "p"})
# stopwords that are what a number counts ("3 people", "4 years"): death tolls and sentences
_COUNT_NOUNS = frozenset({"people", "year", "years", "day", "days", "week", "weeks", "month", "months"})
_NAME_WORD_RE = re.compile(r"[a-z][\w'-]*")
_PERSON_TITLES = frozenset({"mr", "mrs", "ms", "dr", "sir", "gov", "sen", "rep", "president", "judge"})


@functools.lru_cache(maxsize=HASH_CACHE_SIZE)
def stable_hash(text: str) -> int:
    """A hash of ``text`` that is the same on every run and machine, in ``[0, HASH_BUCKETS)``."""
    return zlib.crc32(text.encode("utf-8")) & (HASH_BUCKETS - 1)


def tokenize(text: str) -> list[str]:
    """Lowercased word and number tokens of ``text`` without stopwords (``"U.S."`` → ``"u.s"``)."""
    return [
        tok
        for tok in _TOKEN_RE.findall(text.lower())
        if len(tok) >= MIN_TOKEN_CHARS and tok not in _STOPWORDS
    ]


def entity_key(mention: EntityMention) -> str | None:
    """A key under which mentions of one entity meet, or None for a type not used in clustering.

    People meet under their family name (``"Tara Reid"`` and ``"Reid"`` → ``"PERSON:reid"``); other
    types under their lowercased text without a leading "the".
    """
    if mention.label not in ENTITY_TYPE_WEIGHTS:
        return None
    words = [w for w in re.findall(r"[\w$.%'-]+", mention.text.lower()) if w not in ("the", "'s")]
    words = [w.removesuffix("'s").removesuffix("’s").rstrip(".'") for w in words]
    words = [w for w in words if w]
    if not words:
        return None
    if mention.label == "PERSON":
        words = [w for w in words if w not in _PERSON_TITLES] or words
        return f"PERSON:{words[-1]}"
    kind = "PLACE" if mention.label in ("GPE", "LOC", "FAC") else mention.label
    return f"{kind}:{' '.join(words)}"


def given_name_keys(mentions: Iterable[EntityMention]) -> dict[str, str]:
    """Keys of one-word person mentions that are the given name of a fuller mention in the same text.

    "Lindsay" alone is keyed ``PERSON:lindsay``, but when the text also names "Lindsay Lohan" it means her:
    ``{"PERSON:lindsay": "PERSON:lohan"}``. A given name shared by two family names in the text is left
    alone (it could be either). Eval (stream, topics 1–5): story B³ F1 0.929 -> 0.950; topics 1–35
    unchanged.

    Args:
        mentions: the entity mentions of one article.

    Returns:
        Given-name key -> family-name key, for the given names of exactly one fuller name.
    """
    families: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.label != "PERSON":
            continue
        key = entity_key(mention)
        words = [w for w in _NAME_WORD_RE.findall(mention.text.lower()) if w not in _PERSON_TITLES]
        if key is not None and len(words) >= 2 and words[0] != words[-1]:
            families.setdefault(f"PERSON:{words[0]}", set()).add(key)
    return {given: next(iter(keys)) for given, keys in families.items() if len(keys) == 1}


def mentioned_dates(text: str, reference: dt.date | None) -> tuple[frozenset[dt.date], frozenset[int]]:
    """Absolute calendar dates and years mentioned in ``text``.

    A day and month without a year ("on Dec. 2") take the year of ``reference`` (the publication date)
    that puts them within half a year of it, and are skipped when there is no reference.

    Returns:
        The day-precise dates and the years mentioned ("in 2008", and every year of a full date).
    """
    dates: set[dt.date] = set()
    years: set[int] = set()
    text = text.lower()
    for pattern in (_MDY_RE, _DMY_RE):
        for match in pattern.finditer(text):
            month = _MONTHS[match.group("month").lower().rstrip(".")]
            day = int(match.group("day"))
            year_text = match.group("year")
            if year_text is not None:
                candidates = [int(year_text)]
            elif reference is not None:
                candidates = [reference.year - 1, reference.year, reference.year + 1]
            else:
                continue
            best: dt.date | None = None
            for year in candidates:
                try:
                    date = dt.date(year, month, day)
                except ValueError:
                    continue
                if best is None or (
                    reference is not None and abs((date - reference).days) < abs((best - reference).days)
                ):
                    best = date
            if best is not None:
                dates.add(best)
                if year_text is not None:
                    years.add(best.year)
    years.update(int(m.group("year")) for m in _YEAR_RE.finditer(text))
    return frozenset(dates), frozenset(years)


def specific_details(text: str) -> dict[str, int]:
    """Numbers with what they count, magnitudes and scores in ``text``, as ``"noun=value"`` keys with counts.

    ``"23 pirates"`` → ``"pirates=23"``, ``"$2.6 million"`` → ``"million=$2.6"`` (the multiplier is the
    noun when it comes first), ``"magnitude 6.1"`` → ``"magnitude=6.1"``, ``"20-13"`` → ``"score=20-13"``.
    Bare years (1900–2099 without a multiplier) are left to :func:`mentioned_dates`.
    """
    lowered = text.lower()
    found: Counter[str] = Counter()
    for match in _DETAIL_NUMBER_RE.finditer(lowered):
        number, mult, noun = match.group("num").replace(",", ""), match.group("mult"), match.group("noun")
        if mult is None and len(number) == 4 and number[:2] in ("19", "20"):
            continue
        if mult is not None:
            noun = mult
        elif noun in _DETAIL_NOUN_STOP or (noun in _STOPWORDS and noun not in _COUNT_NOUNS):
            continue
        found[f"{noun}={number}"] += 1
    if "magnitude" in lowered or "richter" in lowered:  # a plain search is 20x faster than the pattern's
        for match in _DETAIL_MAGNITUDE_RE.finditer(lowered):
            found[f"magnitude={match.group('num')}"] += 1
    if _HYPHEN_DIGIT_RE.search(lowered):  # the score pattern scans slowly (~130 us on a 400-word text)
        for match in _DETAIL_SCORE_RE.finditer(lowered):
            found[f"score={match.group('a')}-{match.group('b')}"] += 1
    return dict(found)


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """What the clustering compares: raw term and entity counts (weighted later with stream IDF)."""

    article_id: str
    date: dt.date | None  # published, or None
    terms: Mapping[int, float]  # hashed term -> boosted log term frequency
    entities: Mapping[str, float]  # entity key -> type weight x log mention count
    entity_names: Mapping[str, str]  # entity key -> its most frequent surface form
    dates: frozenset[dt.date]  # day-precise dates mentioned
    years: frozenset[int]
    title: str
    outlet: str | None
    details: Mapping[str, float] = field(default_factory=dict)  # "noun=value" -> log count


def extract_features(article: Article, annotation: Annotation | None) -> ArticleFeatures:
    """Compute an article's clustering features from its text and its annotation.

    Args:
        article: the article.
        annotation: its annotation layer (entities); None clusters on text and dates alone.

    Returns:
        The article's features.
    """
    counts: Counter[str] = Counter(tokenize(article.title) * TITLE_REPEAT)
    counts.update(tokenize(article.text))
    terms: dict[int, float] = {}
    for tok, n in counts.items():
        boost = NUMBER_BOOST if tok[0].isdigit() else 1.0
        h = stable_hash(tok)
        terms[h] = terms.get(h, 0.0) + boost * (1.0 + math.log(n))
    entity_counts: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = {}
    mentions = annotation.entities if annotation is not None else ()
    given = given_name_keys(mentions)
    for mention in mentions:
        key = entity_key(mention)
        if key is None:
            continue
        key = given.get(key, key)
        entity_counts[key] += 1
        surface.setdefault(key, Counter())[mention.text.strip()] += 1
    entities = {
        key: ENTITY_TYPE_WEIGHTS[_weight_label(key)] * (1.0 + math.log(n)) for key, n in entity_counts.items()
    }
    # display the fullest form ("Marla Quint", not "Quint"), then the most frequent
    names = {
        key: max(c.items(), key=lambda kv: (len(kv[0].split()), kv[1], kv[0]))[0]
        for key, c in surface.items()
    }
    full_text = article.title + "\n" + article.text
    dates, years = mentioned_dates(full_text, article.published)
    details = {key: 1.0 + math.log(n) for key, n in specific_details(full_text).items()}
    return ArticleFeatures(
        article_id=article.id,
        date=article.published,
        terms=terms,
        entities=entities,
        entity_names=names,
        dates=dates,
        years=years,
        title=article.title,
        outlet=article.outlet,
        details=details,
    )


def _weight_label(key: str) -> str:
    """The spaCy label whose type weight applies to an entity key ("PLACE" keys weigh as GPE)."""
    kind = key.split(":", 1)[0]
    return "GPE" if kind == "PLACE" else kind


class DocumentFrequencies:
    """Document frequencies of hashed terms and entity keys, in fixed-size tables."""

    __slots__ = ("documents", "entity_df", "term_df")

    def __init__(self) -> None:
        """Start with no documents."""
        self.documents = 0
        self.term_df = array("i", bytes(4 * HASH_BUCKETS))
        self.entity_df = array("i", bytes(4 * HASH_BUCKETS))

    def add(self, features: ArticleFeatures) -> None:
        """Count one document."""
        self.documents += 1
        for h in features.terms:
            self.term_df[h] += 1
        for key in features.entities:
            self.entity_df[stable_hash(key)] += 1
        for key in features.details:
            self.entity_df[stable_hash(DETAIL_PREFIX + key)] += 1

    def add_all(self, features: Iterable[ArticleFeatures]) -> None:
        """Count many documents."""
        for f in features:
            self.add(f)

    def term_idf(self, h: int) -> float:
        """Smoothed inverse document frequency of a hashed term."""
        return math.log((self.documents + 1) / (self.term_df[h] + 1)) + 1.0

    def detail_idf(self, key: str) -> float:
        """Smoothed inverse document frequency of a specific detail (counted in the entity table)."""
        return math.log((self.documents + 1) / (self.entity_df[stable_hash(DETAIL_PREFIX + key)] + 1)) + 1.0

    def entity_idf(self, key: str) -> float:
        """Smoothed inverse document frequency of an entity key."""
        return math.log((self.documents + 1) / (self.entity_df[stable_hash(key)] + 1)) + 1.0
