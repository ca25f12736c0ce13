"""A synthetic news corpus with known ground truth, for scale benchmarks (up to millions of articles).

:func:`generate_corpus` streams :class:`SynthArticle` records in publication-time order, in constant
memory, the same for the same seed. Many stories run at once (each lasts a few days); each story has its
own invented people, place and organisation, a kind of event with its own vocabulary, and a quote that
its articles carry. Some articles are near copies of an earlier article of their story (``duplicate_of``:
a new headline, a trimmed ending, straight quotes made curly or the reverse); some carry a paragraph
taken from an earlier article (``reused``, with the character spans on both sides).

:func:`write_corpus` writes such a corpus as text files, HTML pages, one JSONL file or one WARC file, for
ingest benchmarks. Everything here is invented; no text comes from any real article.
"""

from __future__ import annotations

import datetime as dt
import heapq
import html
import json
import logging
import random
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Literal

from storyline.ids import make_id
from storyline.models import Article

__all__ = [
    "FORMATS_WRITTEN",
    "CorpusFormat",
    "ReusedPassage",
    "SynthArticle",
    "generate_corpus",
    "write_corpus",
]

LOGGER = logging.getLogger(__name__)

DEFAULT_START = dt.date(2020, 1, 1)
DEFAULT_DUPLICATE_RATE = 0.10  # share of articles that copy an earlier one (wire reprints are common)
DEFAULT_REUSE_RATE = 0.10  # share of articles that quote a paragraph from an earlier one
MEAN_STORY_SIZE = 8  # articles per story when `stories` is not given (a few outlets over a few days)
STORIES_PER_DAY = 40.0  # new stories a day: with 8 articles each, ~320 articles a day
STORY_DAYS = (1.0, 5.0)  # a story's coverage lasts between one and five days
SENTENCES_PER_PARAGRAPH = 3
RECENT_PER_STORY = 6  # earlier articles of a story kept as copy/reuse sources (bounds memory)
TRIM_PARAGRAPHS = (1, 2)  # a near copy drops this many of the source's last paragraphs
EXACT_COPY_SHARE = 0.3  # of the copies, this share is the source text unchanged (only a new headline)
SECONDS_PER_DAY = 86_400


def _words(text: str) -> tuple[str, ...]:
    """Return the words of ``text`` (word lists are written as one string)."""
    return tuple(text.split())


FIRST = _words(
    "Amara Ansel Beatrix Bram Calla Cormac Dagny Desmond Elif Emrys Fenna Florian Greta Hallam Ines "
    "Ivo Jonah Juno Kasimir Kerensa Leander Linnea Magnus Marisol Nadia Niall Odile Orrin Petra "
    "Quentin Rosalind Rufus Saoirse Stellan Tamsin Teodor Ulla Vesna Wilder Yara Zeno Aurelie "
    "Benedikt Cressida Dorian"
)
LAST = _words(
    "Abernethy Achterberg Balcombe Brightwell Castellane Corvino Dunmore Eskildsen Falkner Fenwright "
    "Galloway Hargreave Holloway Ibsley Jessop Kavanagh Lindqvist Lorimer Marchbank Merriweather "
    "Nakashima Northcott Oyelaran Pemberton Quayle Ravensworth Rosenthal Saltonstall Sandoval "
    "Thackeray Underhill Valcourt Wexley Whitlock Yardley Zabrowski Okonjo Delacroix Fairbairn "
    "Greenhalgh"
)
PLACE_HEAD = _words(
    "Ash Bell Bram Carr Dun Elm Fal Glen Holt Kel Lang Mar Nor Pen Ros Stan Tre Wyn Bal Cor Ald Bex "
    "Cal Dray Esk Frome Gar Hal Ink Kirk Lind Mor Ock Pol Rad Sel Thorn Ul Ven Wol"
)
PLACE_TAIL = _words(
    "ford bury wick mouth haven field stead more ton by port dale combe gate minster ley holm thwaite"
)
PLACE_PREFIX = ("", "", "", "North ", "South ", "Upper ", "Lower ", "Great ", "Little ", "East ", "West ")
ORG_HEAD = _words(
    "Northwind Bluewater Ironvale Silverline Harbourside Redfern Meadowbank Stonebridge Oakhurst "
    "Greystone Larchmont Kestrel Brackenridge Copperfield Whitmore Foxglove Highmoor Saltash "
    "Ambervale Corriedale"
)
ORG_TAIL = _words("Holdings Transit Council Energy Hospital Rail Water Trust Foundation Group Authority Bank")
OUTLETS = tuple(
    f"{a} {b}"
    for a in _words("Northgate Meridian Calloway Pinewood Harbour Lakeside Ridgeway Westmarch")
    for b in ("Post", "Herald", "Courier", "Gazette", "Ledger")
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Each kind of event: (headline templates, event sentences, quote templates). Fields: {p1} {p2} {place} {org}.
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "court": (
        (
            "{p1} appears in {place} court over {org} fraud claims",
            "{p1} denies charges as {place} trial opens",
        ),
        (
            "{p1} appeared before magistrates in {place} on {weekday} accused of defrauding {org}.",
            "Prosecutors said {p1} moved money from {org} accounts over several years.",
            "{p2}, the lawyer representing {p1}, told the court that her client would fight the charges.",
            "The judge released {p1} on bail and set the next hearing for the following month.",
        ),
        (
            "My client has done nothing wrong and we will prove it",
            "The evidence will speak for itself in court",
        ),
    ),
    "fire": (
        ("Fire destroys {org} warehouse in {place}", "Dozens evacuated as fire spreads through {place}"),
        (
            "Firefighters in {place} spent {weekday} night fighting a blaze at a {org} warehouse.",
            "{p1}, the chief fire officer, said crews had stopped the fire reaching nearby homes.",
            "Residents described thick smoke drifting across {place} as the fire burned.",
            "{org} said it would work with investigators to find out how the fire started.",
        ),
        (
            "We were lucky that nobody was inside when the roof came down",
            "The crews did an extraordinary job",
        ),
    ),
    "storm": (
        ("Storm cuts power to thousands in {place}", "{place} counts the cost after storm batters coast"),
        (
            "High winds tore across {place} on {weekday}, bringing down trees and power lines.",
            "{org} said engineers were working to restore electricity to homes around {place}.",
            "{p1}, who runs a cafe on the seafront in {place}, said the storm had smashed her windows.",
            "Forecasters said the worst of the weather had passed but warned of more rain.",
        ),
        (
            "I have never seen the sea come this far up the street",
            "Our teams will keep going until every home is back",
        ),
    ),
    "election": (
        ("{p1} wins {place} mayoral race", "{place} elects {p1} after tight count"),
        (
            "{p1} was declared the winner of the {place} mayoral election early on {weekday}.",
            "{p1} defeated {p2} by a narrow margin after a recount in two districts.",
            "Turnout in {place} was higher than at the last election, officials said.",
            "{p2} congratulated the winner and said the campaign had raised issues that would not go away.",
        ),
        (
            "This result belongs to everyone who believed {place} could do better",
            "We will hold the new mayor to every promise",
        ),
    ),
    "strike": (
        ("{org} staff walk out in pay dispute", "Strike at {org} halts services across {place}"),
        (
            "Workers at {org} in {place} began a strike on {weekday} after talks over pay broke down.",
            "{p1}, a union organiser, said members had rejected the latest offer by a large majority.",
            "{org} said it was disappointed and urged the union to return to negotiations.",
            "Commuters in {place} faced long delays as services were cancelled.",
        ),
        (
            "Nobody takes this decision lightly, but we have been left with no choice",
            "The door remains open for talks",
        ),
    ),
    "merger": (
        ("{org} agrees takeover deal", "{org} merger to create regional giant"),
        (
            "{org} announced on {weekday} that it had agreed to a merger that would reshape its industry.",
            "{p1}, the chief executive of {org}, said the deal would protect jobs in {place}.",
            "Analysts said the combined company would face scrutiny from competition regulators.",
            "{p2}, who chairs the board, will lead the merged group for its first two years.",
        ),
        (
            "This deal gives us the scale to invest for the long term",
            "Our customers will see no change on day one",
        ),
    ),
    "research": (
        (
            "{org} scientists report breakthrough on crop disease",
            "Study from {place} team could change treatment",
        ),
        (
            "Researchers at {org} in {place} published a study on {weekday} describing a new approach.",
            "{p1}, who led the work, said the results would need to be confirmed in larger trials.",
            "The team spent four years collecting samples from farms around {place}.",
            "{p2}, an independent expert, called the findings promising but early.",
        ),
        ("We were surprised by how clear the effect was", "This is a first step, not a cure"),
    ),
}

SUBJECTS = (
    "Local officials",
    "Residents",
    "The regional council",
    "Several business owners",
    "Community leaders",
    "Opposition members",
    "A spokesperson for the authority",
    "Analysts",
    "Police",
    "Campaigners",
    "Union representatives",
    "Teachers at the nearby school",
    "Health officials",
    "Shopkeepers on the high street",
    "Environmental groups",
    "Transport planners",
    "Neighbours",
    "Insurance companies",
    "Independent experts",
    "The mayor's office",
)
VERBS = (
    "said they expected",
    "warned of",
    "pointed to",
    "called for",
    "raised concerns about",
    "welcomed",
    "questioned the need for",
    "asked for more information on",
    "have been preparing for",
    "played down fears of",
    "said there was no sign of",
    "promised to look into",
    "have long complained about",
    "are still waiting for",
    "expressed frustration over",
    "argued against",
)
OBJECTS = (
    "further delays to the rebuilding work",
    "a full review of the safety rules",
    "higher costs for families in the area",
    "a shortage of qualified staff",
    "the closure of the main road",
    "new funding from the national government",
    "a public inquiry into what went wrong",
    "more frequent inspections",
    "the effect on small businesses",
    "compensation for those affected",
    "clearer information from the authorities",
    "a rise in insurance premiums",
    "changes to the planning rules",
    "the loss of several hundred jobs",
    "pressure on the local hospital",
    "a new schedule for the buses",
    "the cost of the emergency response",
    "better flood defences along the river",
)
QUALIFIERS = ("", "Some ", "Many ", "Several ", "A number of ", "Most ")
NUMBERED = (
    "according to a survey of {n} households",
    "after {n} days of talks",
    "with about {n} people affected",
    "at an estimated cost of {n} million",
    "up from {n} a year earlier",
    "in a report running to {n} pages",
    "at a meeting attended by {n} people",
    "after {n} complaints were lodged",
    "in {n} separate submissions",
    "with {n} signatures on a petition",
)
TAILS = (
    "in the coming weeks",
    "before the end of the year",
    "according to figures published this week",
    "at a meeting that ran late into the evening",
    "in interviews with local reporters",
    "despite repeated assurances",
    "as the clean-up continued",
    "in a letter to the council",
    "after a difficult few months",
    "while the investigation goes on",
    "in written evidence to the committee",
    "on social media",
)


def _mean_words(phrases: tuple[str, ...]) -> float:
    """Return the mean number of words of ``phrases``."""
    return sum(len(p.split()) for p in phrases) / len(phrases)


# Expected words in one filler sentence: computed from the pools, so `words` is met on average.
FILLER_WORDS = sum(_mean_words(pool) for pool in (QUALIFIERS, SUBJECTS, VERBS, OBJECTS, TAILS, NUMBERED)) + 1


@dataclass(frozen=True, slots=True, kw_only=True)
class ReusedPassage:
    """A passage of an article's text taken from an earlier article: spans on both sides (half-open)."""

    source: str  # id of the article the passage was taken from
    source_start: int
    source_end: int
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SynthArticle:
    """One synthetic article and its ground truth."""

    article: Article
    story: str  # "story-0000042": the story the article belongs to
    duplicate_of: str | None = None  # id of the earlier article this one is an exact or near copy of
    reused: tuple[ReusedPassage, ...] = ()


@dataclass(slots=True)
class _Story:
    """A story's cast and state while its articles are being generated."""

    key: str
    kind: str
    people: tuple[str, str]
    place: str
    org: str
    weekday: str
    quote: str
    remaining: int
    recent: deque[
        tuple[str, str, str, tuple[str, ...]]
    ]  # (id, title, text, paragraphs) of its latest articles


def _story_sizes(n_articles: int, stories: int, rng: random.Random) -> Iterator[int]:
    """Yield ``stories`` sizes (each >= 1) summing to ``n_articles``: base sizes with telescoping noise."""
    base, extra = divmod(n_articles, stories)
    previous = 0
    for index in range(stories):
        noise = rng.randrange(base) if base > 1 and index < stories - 1 else 0
        yield base + (1 if index < extra else 0) + noise - previous
        previous = noise


def _new_story(index: int, size: int, start: dt.date, rng: random.Random) -> _Story:
    """Return a fresh story with its own invented cast."""
    kind = rng.choice(tuple(KINDS))
    people = (f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"{rng.choice(FIRST)} {rng.choice(LAST)}")
    place = rng.choice(PLACE_PREFIX) + rng.choice(PLACE_HEAD) + rng.choice(PLACE_TAIL)
    org = f"{rng.choice(ORG_HEAD)} {rng.choice(ORG_TAIL)}"
    fields = {"p1": people[0], "p2": people[1], "place": place, "org": org}
    quote = rng.choice(KINDS[kind][2]).format(**fields)
    return _Story(
        key=f"story-{index:07d}",
        kind=kind,
        people=people,
        place=place,
        org=org,
        weekday=WEEKDAYS[start.weekday()],
        quote=quote,
        remaining=size,
        recent=deque(maxlen=RECENT_PER_STORY),
    )


def _filler(rng: random.Random, count: int) -> list[str]:
    """Return ``count`` generic news sentences (each with a random number, so texts rarely share shingles)."""
    parts = zip(
        rng.choices(QUALIFIERS, k=count),
        rng.choices(SUBJECTS, k=count),
        rng.choices(VERBS, k=count),
        rng.choices(OBJECTS, k=count),
        rng.choices(TAILS, k=count),
        rng.choices(NUMBERED, k=count),
        strict=True,
    )
    numbers = [rng.randrange(3, 1000) for _ in range(count)]
    return [
        f"{q}{s[0].lower() + s[1:] if q else s} {v} {o} {t}, {x.format(n=n)}."
        for (q, s, v, o, t, x), n in zip(parts, numbers, strict=True)
    ]


def _compose(story: _Story, rng: random.Random, words: int, curly: bool) -> tuple[str, tuple[str, ...]]:
    """Return a headline and paragraphs for a new article of ``story``."""
    headlines, events, _ = KINDS[story.kind]
    fields = {"p1": story.people[0], "p2": story.people[1], "place": story.place, "org": story.org}
    title = rng.choice(headlines).format(**fields)
    event = [s.format(weekday=story.weekday, **fields) for s in rng.sample(events, k=len(events))]
    open_q, close_q = ("“", "”") if curly else ('"', '"')
    quote = f"{open_q}{story.quote},{close_q} {story.people[0]} said."
    sentences = [*event[:2], quote, *event[2:]]
    needed = max(0, round((words - sum(len(x.split()) for x in sentences)) / FILLER_WORDS))
    sentences += _filler(rng, needed)
    paragraphs = tuple(
        " ".join(sentences[i : i + SENTENCES_PER_PARAGRAPH])
        for i in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)
    )
    return title, paragraphs


def _swap_quotes(text: str) -> str:
    """Return ``text`` with curly double quotes made straight, or straight ones made curly."""
    if "“" in text:
        return text.replace("“", '"').replace("”", '"')
    out, opening = [], True
    for part in text.split('"'):
        out.append(part)
        out.append("“" if opening else "”")
        opening = not opening
    return "".join(out[:-1])


def generate_corpus(
    n_articles: int,
    *,
    seed: int = 0,
    words: int = 600,
    start: dt.date = DEFAULT_START,
    stories: int | None = None,
    duplicate_rate: float = DEFAULT_DUPLICATE_RATE,
    reuse_rate: float = DEFAULT_REUSE_RATE,
) -> Iterator[SynthArticle]:
    """Stream a synthetic corpus in publication-time order, in constant memory.

    Args:
        n_articles: how many articles to yield (0 yields nothing).
        seed: the random seed; the same arguments give the same articles.
        words: about how many words each article's body has.
        start: the date of the first story.
        stories: how many stories (default: one per ``MEAN_STORY_SIZE`` articles); at most ``n_articles``.
        duplicate_rate: the share of articles that copy an earlier article of their story.
        reuse_rate: the share of articles that take a paragraph from an earlier article of their story.

    Returns:
        An iterator of :class:`SynthArticle`, by non-decreasing publication date.

    Raises:
        ValueError: when an argument is out of range.
    """
    if n_articles < 0 or words < 1:
        raise ValueError(f"n_articles must be >= 0 and words >= 1, not {n_articles} and {words}")
    if not (0.0 <= duplicate_rate <= 1.0 and 0.0 <= reuse_rate <= 1.0):
        raise ValueError(f"rates must be in [0, 1], not {duplicate_rate} and {reuse_rate}")
    if n_articles == 0:
        return
    n_stories = max(1, round(n_articles / MEAN_STORY_SIZE)) if stories is None else stories
    if not 1 <= n_stories <= n_articles:
        raise ValueError(f"stories must be between 1 and n_articles ({n_articles}), not {n_stories}")
    yield from _stream(n_articles, n_stories, seed, words, start, duplicate_rate, reuse_rate)


def _stream(
    n_articles: int,
    n_stories: int,
    seed: int,
    words: int,
    start: dt.date,
    duplicate_rate: float,
    reuse_rate: float,
) -> Iterator[SynthArticle]:
    """The generator behind :func:`generate_corpus` (arguments already checked)."""
    rng = random.Random(seed)
    sizes = _story_sizes(n_articles, n_stories, random.Random(seed + 1))
    origin = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)
    mean_gap = SECONDS_PER_DAY / STORIES_PER_DAY
    pending: list[tuple[float, int, _Story]] = []  # (publication time in seconds, tiebreak, story)
    next_start, started, sequence, emitted = 0.0, 0, 0, 0
    while emitted < n_articles:
        if started < n_stories and (not pending or next_start <= pending[0][0]):
            size = next(sizes)
            day = (origin + dt.timedelta(seconds=next_start)).date()
            story = _new_story(started, size, day, rng)
            span = rng.uniform(*STORY_DAYS) * SECONDS_PER_DAY
            offsets = sorted([0.0] + [span * rng.random() ** 2 for _ in range(size - 1)])
            for offset in offsets:
                heapq.heappush(pending, (next_start + offset, sequence, story))
                sequence += 1
            started += 1
            next_start += rng.expovariate(1.0 / mean_gap)
            continue
        when, _, story = heapq.heappop(pending)
        yield _make_article(story, when, emitted, origin, rng, words, duplicate_rate, reuse_rate)
        emitted += 1


def _make_article(
    story: _Story,
    when: float,
    number: int,
    origin: dt.datetime,
    rng: random.Random,
    words: int,
    duplicate_rate: float,
    reuse_rate: float,
) -> SynthArticle:
    """Return the next article of ``story``, published ``when`` seconds after ``origin``."""
    published = (origin + dt.timedelta(seconds=when)).date()
    outlet = OUTLETS[rng.randrange(len(OUTLETS))]
    domain = outlet.lower().replace(" ", "") + ".example"
    url = f"https://{domain}/{published.isoformat().replace('-', '/')}/{story.key}-{number}"
    article_id = make_id("a", url)
    curly = rng.random() < 0.5
    duplicate_of: str | None = None
    reused: tuple[ReusedPassage, ...] = ()
    if story.recent and rng.random() < duplicate_rate:
        source_id, source_title, _, source_paragraphs = story.recent[rng.randrange(len(story.recent))]
        if rng.random() < EXACT_COPY_SHARE:
            paragraphs = source_paragraphs
        else:
            trim = rng.randint(*TRIM_PARAGRAPHS) if len(source_paragraphs) > 3 else 0
            paragraphs = tuple(_swap_quotes(p) for p in source_paragraphs[: len(source_paragraphs) - trim])
        title = _new_headline(story, source_title, rng)
        duplicate_of = source_id
    else:
        title, paragraphs = _compose(story, rng, words, curly)
        if story.recent and rng.random() < reuse_rate:
            paragraphs, reused = _insert_passage(paragraphs, story, rng)
    text = "\n\n".join(paragraphs)
    story.recent.append((article_id, title, text, paragraphs))
    article = Article(
        id=article_id,
        source=url,
        title=title,
        text=text,
        url=url,
        outlet=outlet,
        published=published,
    )
    return SynthArticle(article=article, story=story.key, duplicate_of=duplicate_of, reused=reused)


def _new_headline(story: _Story, old: str, rng: random.Random) -> str:
    """Return a headline for a copy of an article of ``story`` headlined ``old``, different from it."""
    fields = {"p1": story.people[0], "p2": story.people[1], "place": story.place, "org": story.org}
    candidates = [h.format(**fields) for h in KINDS[story.kind][0]] + [f"{story.place}: {old}"]
    return rng.choice([c for c in candidates if c != old])


def _insert_passage(
    paragraphs: tuple[str, ...], story: _Story, rng: random.Random
) -> tuple[tuple[str, ...], tuple[ReusedPassage, ...]]:
    """Return ``paragraphs`` with one paragraph of an earlier article inserted, and the passage's truth."""
    source_id, _, _, source_paragraphs = story.recent[rng.randrange(len(story.recent))]
    taken = rng.randrange(len(source_paragraphs))
    passage = source_paragraphs[taken]
    source_start = sum(len(p) + 2 for p in source_paragraphs[:taken])
    at = rng.randrange(1, len(paragraphs) + 1)
    start = sum(len(p) + 2 for p in paragraphs[:at])
    new = (*paragraphs[:at], passage, *paragraphs[at:])
    truth = ReusedPassage(
        source=source_id,
        source_start=source_start,
        source_end=source_start + len(passage),
        start=start,
        end=start + len(passage),
    )
    return new, (truth,)


CorpusFormat = Literal["text", "html", "jsonl", "warc"]
FORMATS_WRITTEN: tuple[CorpusFormat, ...] = ("text", "html", "jsonl", "warc")
FILES_PER_FOLDER = 1000  # text/html corpora are split into folders of this many files


def write_corpus(directory: str | Path, n_articles: int, fmt: CorpusFormat, seed: int = 0) -> Path:
    """Write a synthetic corpus of ``n_articles`` in one input format, for ingest benchmarks.

    Args:
        directory: where to write (created if missing).
        n_articles: how many articles.
        fmt: ``text`` (one .txt per article, scraper headers), ``html`` (one saved page per article),
            ``jsonl`` (one file, one article a line) or ``warc`` (one gzipped WARC, one response each).
        seed: the corpus seed (see :func:`generate_corpus`).

    Returns:
        The path to give to ``read_inputs``: the folder for text and HTML, the file for JSONL and WARC.

    Raises:
        ValueError: for an unknown format.
    """
    if fmt not in FORMATS_WRITTEN:
        raise ValueError(f"unknown corpus format {fmt!r}: expected text, html, jsonl or warc")
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    corpus = (s.article for s in generate_corpus(n_articles, seed=seed))
    if fmt in ("text", "html"):
        folder = root / fmt
        for number, article in enumerate(corpus):
            sub = folder / f"{number // FILES_PER_FOLDER:04d}"
            if number % FILES_PER_FOLDER == 0:
                sub.mkdir(parents=True, exist_ok=True)
            page = _as_text(article) if fmt == "text" else _as_html(article)
            (sub / f"{number:07d}.{'txt' if fmt == 'text' else 'html'}").write_text(page, encoding="utf-8")
        return folder
    if fmt == "jsonl":
        path = root / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for article in corpus:
                record = {
                    "url": article.url,
                    "outlet": article.outlet,
                    "title": article.title,
                    "published": article.published.isoformat() if article.published else None,
                    "text": article.text,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path
    path = root / "corpus.warc.gz"
    _write_warc(path, corpus)
    return path


def _as_text(article: Article) -> str:
    """Return ``article`` as a scraper-style text file."""
    date = article.published.isoformat() if article.published else ""
    return (
        f" date {date}\n url {article.url}\n outlet {article.outlet}\n\n{article.title}\n\n{article.text}\n"
    )


def _as_html(article: Article) -> str:
    """Return ``article`` as a saved news page with boilerplate, OG tags and JSON-LD."""
    e = html.escape
    date = article.published.isoformat() if article.published else ""
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": date,
        },
        ensure_ascii=False,
    )
    body = "\n".join(f"<p>{e(p, quote=False)}</p>" for p in article.paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{e(article.title)}</title>\n'
        f'<link rel="canonical" href="{e(article.url or "")}">\n'
        f'<meta property="og:site_name" content="{e(article.outlet or "")}">\n'
        f'<meta property="article:published_time" content="{date}">\n'
        f'<script type="application/ld+json">{ld}</script></head>\n<body>\n'
        '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>\n'
        '<div class="ad">Advertisement</div>\n'
        f"<h1>{e(article.title)}</h1>\n<article>\n{body}\n</article>\n"
        "<footer><p>Privacy · Terms · Contact</p></footer>\n</body></html>\n"
    )


def _write_warc(path: Path, corpus: Iterator[Article]) -> None:
    """Write ``corpus`` as a gzipped WARC file of HTML response records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for article in corpus:
            page = _as_html(article).encode("utf-8")
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            date = article.published.isoformat() if article.published else DEFAULT_START.isoformat()
            warc_headers = {
                "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, article.url or article.id)}>",
                "WARC-Date": f"{date}T12:00:00Z",
            }
            record = writer.create_warc_record(
                article.url,
                "response",
                payload=BytesIO(page),
                http_headers=headers,
                warc_headers_dict=warc_headers,
            )
            writer.write_record(record)
