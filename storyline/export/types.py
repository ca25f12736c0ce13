"""Records of the ``storyline.export/1`` document, field for field as in the public spec.

Field names here are the contract: never rename or remove one without a new schema version.
Optional fields are ``X | None``; every list is a tuple, sorted deterministically by the builder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

SCHEMA_VERSION: Final = "storyline.export/1"


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishedEstimate:
    """A publication-date estimate for an undated article."""

    date: str
    earliest: str
    latest: str
    basis: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryReason:
    """Why an article is in its story (an addition to the spec)."""

    similarity: float  # combined text and entity similarity to the rest of the story (1.0 when alone)
    shared_entities: tuple[str, ...]  # the heaviest entities it shares with the rest of the story
    days_from_first: int | None  # days after the story's first article; None when undated
    corrected: bool = False  # a person's correction put it here (`storyline correct`), not the clustering


@dataclass(frozen=True, slots=True, kw_only=True)
class TextChange:
    """Sentences one version of an article had, and what the next version has in their place."""

    before: str  # "" when the next version added the sentences
    after: str  # "" when the next version removed them


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleRevision:
    """A title and text an article had before a re-read replaced them (an addition to the spec)."""

    replaced_at: str  # when Storyline read the newer version (UTC, ISO 8601)
    title: str  # the title this version had
    changes: tuple[TextChange, ...]  # from this version to the next, in text order (at most 20)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportArticle:
    """One article as read, with its duplicate link and story."""

    id: str
    source: str
    outlet: str | None
    title: str
    published: str | None
    published_estimate: PublishedEstimate | None
    language: str
    words: int
    duplicate_of: str | None
    story: str | None
    story_reason: StoryReason | None = None
    revisions: tuple[ArticleRevision, ...] = ()  # earlier versions, oldest first (same URL, new text)


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """First and last (estimated) publication dates of a story's articles."""

    start: str | None
    end: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SummarySentence:
    """One summary sentence and every article that supports it."""

    text: str
    sources: tuple[str, ...]
    # Additions to the spec: how far the sentence can be trusted.
    independent_sources: int = 0  # source families among `sources`: a text and its copies count once
    disputed_by: tuple[str, ...] = ()  # articles stating another value of a conflicting fact it states
    superseded_by: tuple[str, ...] = ()  # later articles stating a newer value of a fact it states


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportEntity:
    """A named entity of a story, aliases merged."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class FirstCarrier:
    """The earliest article that carries a quote."""

    article: str
    date: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteVariant:
    """One carrier's own wording of a quote."""

    article: str
    text: str
    # Addition: how it differs from the quote's text (same, part, elided, altered; see docs/export.md).
    change: Literal["same", "part", "elided", "altered"] = "same"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportQuote:
    """A canonical quote with its speaker, carriers and variants."""

    id: str
    text: str
    speaker: str | None
    speaker_entity: str | None
    articles: tuple[str, ...]
    first: FirstCarrier
    variants: tuple[QuoteVariant, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Expression:
    """The words a timeline date was resolved from, in one article."""

    article: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineEntry:
    """One event of a story's timeline, in absolute time."""

    date: str
    precision: Literal["day", "month", "year"]
    text: str
    sources: tuple[str, ...]
    expressions: tuple[Expression, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimValue:
    """One value of a claim, the date it holds at, and the articles stating it."""

    value: str
    as_of: str | None
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimRevision:
    """An article that changed its value of a claim when the outlet republished it (an addition to the
    spec): "12 hurt" corrected to "15 hurt" under the same URL."""

    article: str
    before: str  # the value the earlier version stated
    after: str | None  # the value(s) the next version states instead; None when it no longer states any
    replaced_at: str  # when Storyline read the next version (UTC, ISO 8601)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportClaim:
    """A fact compared across outlets."""

    subject: str
    attribute: str
    status: Literal["agree", "consistent", "conflict"]
    values: tuple[ClaimValue, ...]
    explanation: str
    # Addition: values the articles themselves changed in later versions, oldest first.
    revisions: tuple[ClaimRevision, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ReusedPassage:
    """A passage shared by two articles."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportReuse:
    """Text shared between two articles of a story, earlier article first where the dates tell."""

    articles: tuple[str, str]
    chars: int
    passages: tuple[ReusedPassage, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverageEntry:
    """One article's part in a story's coverage (an addition to the spec)."""

    article: str
    outlet: str | None
    date: str | None  # stated or estimated publication date
    words: int
    original: float  # share of its text (0–1) not found in an earlier article of the story
    copied_from: tuple[str, ...]  # earlier articles of the story it shares passages with


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileCount:
    """How much of a story came from outlets with one value of one attribute of the user's outlet list."""

    attribute: str  # a column of the outlets file: "country", "owner", "type"…
    value: str  # "unknown" for outlets the file does not list or gives no value for
    articles: int
    outlets: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportCoverage:
    """Who covered a story, when, and how much of it was their own text (an addition to the spec)."""

    outlets: int  # distinct outlets (articles with no outlet count as one each)
    independent_sources: int  # source families: a text and its copies and rewrites count once
    articles: tuple[CoverageEntry, ...]  # by date, then id
    # By attribute of the user's outlet list (`--outlets FILE`), most articles first, "unknown" last;
    # empty without a list.
    profile: tuple[ProfileCount, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportStory:
    """One real-world event and its coverage."""

    id: str
    storyline: str | None
    title: str
    articles: tuple[str, ...]
    period: Period
    summary: tuple[SummarySentence, ...] = field(default_factory=tuple)
    entities: tuple[ExportEntity, ...] = field(default_factory=tuple)
    quotes: tuple[ExportQuote, ...] = field(default_factory=tuple)
    timeline: tuple[TimelineEntry, ...] = field(default_factory=tuple)
    claims: tuple[ExportClaim, ...] = field(default_factory=tuple)
    reuse: tuple[ExportReuse, ...] = field(default_factory=tuple)
    coverage: ExportCoverage | None = None  # addition to the spec; always set by the pipeline


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportStoryline:
    """Stories about the same people and thread over months."""

    id: str
    title: str
    stories: tuple[str, ...]
    reason: str = ""  # why the stories were linked (an addition to the spec: shared main entities)
    claims: tuple[ExportClaim, ...] = field(default_factory=tuple)  # addition: across its stories


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportProblem:
    """An input that could not be read, and why."""

    source: str
    error: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportDocument:
    """The whole ``storyline.export/1`` document."""

    schema: Literal["storyline.export/1"]
    articles: tuple[ExportArticle, ...]
    stories: tuple[ExportStory, ...]
    storylines: tuple[ExportStoryline, ...]
    problems: tuple[ExportProblem, ...]
