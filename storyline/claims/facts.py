"""Facts stated in one article: ages, family, roles, where a statement was posted, titles, counts, marriages.

Each fact is read by a pattern from the article's own words and kept with those words (``evidence``) and
their offsets, so that a person can check it. A fact is about a named entity: "the 52-year-old actress",
"Marchetti, 52," and "she" are resolved to a full person name by :mod:`storyline.claims.names`; a pattern
whose subject cannot be resolved, or whose number is vague ("more than 30"), gives no fact. Nothing is
guessed. Every fact holds at ``anchor``, the date the article speaks from (its publication date, or the
pipeline's estimate for an undated article).
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from storyline.claims.lexicon import (
    FAMILY_SINGLE,
    MONTHS,
    MULTI_VALUED,
    NUMBER,
    PERSON_NOUNS,
    PLATFORMS,
    ROLE_HEADS,
    ROLE_QUALIFIERS,
    THING_NOUNS,
    TITLE_CUES,
    VAGUE_BEFORE_NUMBER,
    VEHICLE_NOUNS,
    parse_number,
)
from storyline.claims.names import FEMALE_NOUNS, MALE_NOUNS, NameTable, build_name_table
from storyline.models import Annotation, Article, TextSpan
from storyline.normalize import matching_form

__all__ = ["EVENT_SUBJECT", "Fact", "extract_facts"]

LOGGER = logging.getLogger(__name__)

# Subject of a count when the article names no thing it happened to (the story's event).
EVENT_SUBJECT = "the event"
# A plausible human age; "Marchetti, 2009," is not one. Chosen by hand.
MAX_AGE = 120
# A quoted title of a work has at most this many words (a longer quoted run is a quote).
MAX_TITLE_WORDS = 9
# Words looked at before a title for a cue saying what kind of work it is ("the Northvale Pictures film").
TITLE_CUE_WINDOW_WORDS = 5
# A year of marriage must fall in this range to be read as one.
MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """One fact stated by one article about one entity, with the words it was read from."""

    article: str
    subject: str  # full name of the person or thing (or EVENT_SUBJECT)
    attribute: str  # age, spouse, role, statement posted on, film title, injured, marriage date, …
    value: str  # as written, normalised lightly: "52", "Tobias Wren", "Instagram", "The Salt Orchard"
    as_of: dt.date | None  # the date the fact holds at
    span: TextSpan  # where the evidence is in Article.text
    evidence: str  # the words it was read from


@dataclass(slots=True)
class _Context:
    """What the patterns of one article share."""

    article: Article
    table: NameTable
    sentences: list[TextSpan]
    anchor: dt.date | None
    titles: list[tuple[str, TextSpan]]
    ages: dict[str, str] = field(default_factory=dict)  # subject -> age already read in this article
    roles: dict[str, set[str]] = field(default_factory=dict)  # subject -> role head words in this article
    starts: list[int] = field(default_factory=list)  # sentence starts, in order, for bisect

    def sentence_of(self, offset: int) -> TextSpan:
        """The sentence containing ``offset`` (the whole text when there are no sentences)."""
        index = bisect.bisect_right(self.starts, offset) - 1
        if 0 <= index < len(self.sentences) and offset < self.sentences[index].end:
            return self.sentences[index]
        return TextSpan(0, len(self.article.text))

    def fact(self, subject: str, attribute: str, value: str, start: int, end: int) -> Fact:
        """A fact of this article read from ``text[start:end]``."""
        return Fact(
            article=self.article.id,
            subject=subject,
            attribute=attribute,
            value=value,
            as_of=self.anchor,
            span=TextSpan(start, end),
            evidence=self.article.text[start:end],
        )


def extract_facts(
    article: Article,
    annotation: Annotation,
    *,
    anchor: dt.date | None,
    titles: Sequence[tuple[str, TextSpan]] = (),
) -> tuple[Fact, ...]:
    """Read the facts one article states about named people and things.

    Args:
        article: the article.
        annotation: its annotation (sentences and entities are used).
        anchor: the date its facts hold at (publication date or estimate); None when unknown.
        titles: titles of works found by the quotes stage, as (title, span); quoted titles after a cue
            word ("the film “X”") are also found here when this is empty.

    Returns:
        The facts, one per (subject, attribute, value) with the first evidence, sorted by offset.
    """
    text = article.text
    found_titles = _find_titles(text, titles, annotation)
    excluded = [t for t, _ in found_titles] + _quoted_names(text) + [article.outlet or "", *PLATFORMS]
    table = build_name_table(article, annotation, excluded)
    sentences = sorted(annotation.sentences, key=lambda s: s.start)
    ctx = _Context(
        article=article,
        table=table,
        sentences=sentences,
        starts=[s.start for s in sentences],
        anchor=anchor,
        titles=found_titles,
    )
    facts: list[Fact] = list(_roles(ctx))
    for fact in facts:
        ctx.roles.setdefault(fact.subject, set()).add(fact.value.split()[-1])
    for reader in (
        _named_ages,
        _described_ages,
        _family,
        _marriages,
        _platforms,
        _work_titles,
        _counts,
    ):
        facts.extend(reader(ctx))
    seen: set[tuple[str, str, str]] = set()
    unique: list[Fact] = []
    for fact in sorted(facts, key=lambda f: (f.span.start, f.span.end, f.attribute, f.subject, f.value)):
        key = (fact.subject, fact.attribute, matching_form(fact.value))
        if key in seen:
            continue
        seen.add(key)
        unique.append(fact)
    return tuple(unique)


# --- people and things ---------------------------------------------------------------------------------


def _nearest_person(
    ctx: _Context,
    offset: int,
    *,
    gender: str | None = None,
    exclude: Sequence[str] = (),
    age: str | None = None,
    role: str | None = None,
) -> str | None:
    """The nearest person named before ``offset`` who fits: not of the other gender, not excluded, not
    already known (in this article) to have a different age, and, when the article calls someone by the
    description's role noun ("actor"), that person."""
    for named in ctx.table.persons_before(offset):
        if named.name in exclude:
            continue
        known = ctx.table.gender.get(named.name, "unknown")
        if gender is not None and known not in (gender, "unknown"):
            continue
        if age is not None and ctx.ages.get(named.name, age) != age:
            continue
        if (
            role is not None
            and any(role in roles for roles in ctx.roles.values())
            and role not in ctx.roles.get(named.name, ())
        ):
            continue  # "the 40-year-old actor" is the person this article calls an actor
        return named.name
    return None


def _sentence_subject(ctx: _Context, offset: int, *, gender: str, exclude: Sequence[str] = ()) -> str | None:
    """Whose "his"/"her" it is: the first person of the other's gender named earlier in the sentence
    (possessives point at the sentence's subject), else the nearest fitting person before it."""
    sentence = ctx.sentence_of(offset)
    for named in ctx.table.persons_in(TextSpan(sentence.start, offset)):
        known = ctx.table.gender.get(named.name, "unknown")
        if named.name not in exclude and known in (gender, "unknown"):
            return named.name
    return _nearest_person(ctx, sentence.start, gender=gender, exclude=exclude)


# Words in a clause that point back at a person named earlier: a pronoun, "the 52-year-old", "the actress".
_POINTER = re.compile(
    r"\b(?:she|he|her|his)\b|-year-old\b|\b(?:the|a)\s+(?:[a-z-]+\s+)?(?:"
    + "|".join(sorted({*PERSON_NOUNS, *(h.split()[-1] for h in ROLE_HEADS)}))
    + r")\b"
)


def _clause_subject(ctx: _Context, offset: int, *, exclude: Sequence[str] = ()) -> str | None:
    """Who a clause ending at ``offset`` is about: the last person named before it in its sentence, else
    (a pronoun or a description) the nearest fitting person before it, honouring "she"/"he"."""
    sentence = ctx.sentence_of(offset)
    inside = [n for n in ctx.table.persons_in(TextSpan(sentence.start, offset)) if n.name not in exclude]
    if inside:
        return inside[-1].name
    lead = ctx.article.text[sentence.start : offset].lower()
    if not _POINTER.search(lead):  # "The company said in a statement …": not about a person named before
        return None
    gender = None
    if re.search(r"\b(?:she|her)\b", lead) or any(re.search(rf"\b{n}\b", lead) for n in FEMALE_NOUNS):
        gender = "female"
    elif re.search(r"\b(?:he|his)\b", lead) or any(re.search(rf"\b{n}\b", lead) for n in MALE_NOUNS):
        gender = "male"
    return _nearest_person(ctx, sentence.start, gender=gender, exclude=exclude)


# --- ages ----------------------------------------------------------------------------------------------

_NAMED_AGE = re.compile(
    r"^\s*(?:,\s*(?:aged\s+|who\s+is\s+)?(\d{1,3})\s*(?=[,;.)]|\s+and\b)|\((?:aged\s+)?(\d{1,3})\)"
    r"|\s+is\s+(\d{1,3})\s+years\s+old\b)"
)
_YEAR_OLD = re.compile(
    r"\b(?P<det>[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)?\s*(?P<age>\d{1,3})-year-old\b"
    r"(?:\s+(?P<noun>[a-z][a-z-]*))?"
)
_DESCRIBED_AGE = re.compile(r"\b[Tt]he\s+(?:[a-z]+\s+)?(?P<noun>[a-z]+),\s+(?:aged\s+)?(?P<age>\d{1,3}),")
# Words after "the N-year-old" that are a verb, so the description has no noun ("the 52-year-old said").
_VERBS = frozenset(
    [
        "said",
        "says",
        "told",
        "tells",
        "was",
        "is",
        "has",
        "had",
        "will",
        "would",
        "could",
        "did",
        "does",
        "added",
        "admitted",
        "denied",
        "appeared",
        "announced",
        "wrote",
        "posted",
        "grabbed",
        "spent",
        "returned",
        "went",
        "left",
        "arrived",
        "died",
        "remains",
        "remained",
    ]
)
_FORWARD_NAME = re.compile(r"^\s*(?:,\s*|\s+named\s+|\s+called\s+)")


def _is_verb(word: str | None) -> bool:
    """Whether the word after "the N-year-old" is a verb ("said", "pushed"), not a noun."""
    return word is not None and (word in _VERBS or word.endswith("ed"))


def _is_person_noun(noun: str | None) -> bool:
    """Whether a description's noun ("actress", "student") names a person (None: no noun)."""
    if noun is None or _is_verb(noun):
        return True
    return noun in PERSON_NOUNS or any(noun == head.split()[-1] for head in ROLE_HEADS)


def _named_ages(ctx: _Context) -> Iterator[Fact]:
    """Ages written right after a person's name: "Marchetti, 52,", "Wren (55)", "Okoro, aged 27"."""
    text = ctx.article.text
    for named in ctx.table.names:
        if named.kind != "person":
            continue
        found = _NAMED_AGE.match(text[named.end : named.end + 16])
        if found is None:
            continue
        age = found.group(1) or found.group(2) or found.group(3)
        if int(age) > MAX_AGE or ctx.ages.get(named.name, age) != age:
            continue
        ctx.ages[named.name] = age
        yield ctx.fact(named.name, "age", str(int(age)), named.start, named.end + found.end())


def _described_ages(ctx: _Context) -> Iterator[Fact]:
    """Ages in descriptions: "the 52-year-old actress", "the singer, 40,", "the 31-year-old ferry"."""
    text = ctx.article.text
    for found in _YEAR_OLD.finditer(text):
        age, noun = found.group("age"), found.group("noun")
        det = (found.group("det") or "").lower()
        if int(age) > MAX_AGE:
            continue
        if noun in THING_NOUNS:
            if ctx.table.thing is not None:
                yield ctx.fact(ctx.table.thing, "age", str(int(age)), found.start(), found.end())
            continue
        if not _is_person_noun(noun):
            continue
        end = found.end() if noun is not None and not _is_verb(noun) else found.end("age") + len("-year-old")
        subject = _forward_name(ctx, end)
        if subject is None and det == "the":
            gender = "female" if noun in FEMALE_NOUNS else "male" if noun in MALE_NOUNS else None
            subject = _nearest_person(ctx, found.start(), gender=gender, age=age, role=noun)
        if subject is None:  # "a 27-year-old teacher": someone new, unnamed here
            continue
        ctx.ages.setdefault(subject, age)
        yield ctx.fact(subject, "age", str(int(age)), found.start(), end)
    for found in _DESCRIBED_AGE.finditer(text):
        age, noun = found.group("age"), found.group("noun")
        if int(age) > MAX_AGE or not _is_person_noun(noun) or _is_verb(noun):
            continue
        if ctx.table.person_at(found.start("noun")) is not None:
            continue
        subject = _nearest_person(ctx, found.start(), age=age)
        if subject is not None:
            ctx.ages.setdefault(subject, age)
            yield ctx.fact(subject, "age", str(int(age)), found.start(), found.end() - 1)


def _forward_name(ctx: _Context, offset: int) -> str | None:
    """The person named right after a description ("a 19-year-old student named Leah Morrow")."""
    found = _FORWARD_NAME.match(ctx.article.text[offset : offset + 12])
    if found is None:
        return None
    named = ctx.table.person_at(offset + found.end())
    return named.name if named is not None else None


# --- family and marriage -------------------------------------------------------------------------------

_RELATIVE = re.compile(
    r"\b(?P<owner>[Hh]er|[Hh]is|(?P<possessive>\S+(?:'s|’s)))\s+(?P<rel>"
    + "|".join(sorted({*FAMILY_SINGLE, *MULTI_VALUED}, key=len, reverse=True))
    + r")\b,?\s+(?:the\s+[a-z]+(?:\s+[a-z]+)?\s+)?"
)
_MARRIED_TO = re.compile(
    r"\b(?:is|was|been|got|be|are|were)\s+married\s+to\s+(?:the\s+[a-z]+(?:\s+[a-z]+)?\s+)?"
)
_MARRIED_ON = re.compile(
    r"\b(?:married|wed)\b(?:\s+to\s+[^.;:!?]{1,80}?)?\s+(?:in|since)\s+"
    r"(?:(?P<month>" + "|".join(MONTHS) + r")\s+)?(?P<year>\d{4})\b"
)


def _family(ctx: _Context) -> Iterator[Fact]:
    """Named relatives: "her husband, Tobias Wren", "married to the composer Tobias Wren"."""
    text = ctx.article.text
    for found in _RELATIVE.finditer(text):
        relative = ctx.table.person_at(found.end())
        if relative is None:
            continue
        # "his wife, NAME" must close the apposition: in "When he hit his wife, Bowe said" NAME is not her
        if "," in found.group(0)[found.end("rel") - found.start() :] and not re.match(
            r"^\s*(?:[,.;:)]|$)", text[relative.end : relative.end + 2]
        ):
            continue
        rel = found.group("rel").lower()
        attribute = FAMILY_SINGLE.get(rel) or MULTI_VALUED[rel]
        owner: str | None
        if found.group("possessive"):
            named = ctx.table.mention_ending_at(found.end("possessive") - 2) or ctx.table.mention_ending_at(
                found.end("possessive")
            )
            owner = named.name if named is not None and named.kind == "person" else None
        else:
            gender = "female" if found.group("owner").lower() == "her" else "male"
            owner = _sentence_subject(ctx, found.start(), gender=gender, exclude=(relative.name,))
        if owner is not None and owner != relative.name:
            yield ctx.fact(owner, attribute, relative.name, found.start(), relative.end)
    for found in _MARRIED_TO.finditer(text):
        spouse = ctx.table.person_at(found.end())
        if spouse is None:
            continue
        owner = _clause_subject(ctx, found.start(), exclude=(spouse.name,))
        if owner is not None:
            yield ctx.fact(owner, "spouse", spouse.name, found.start(), spouse.end)


def _marriages(ctx: _Context) -> Iterator[Fact]:
    """When a person married: "married in May 2009", "has been married to … since 2009"."""
    for found in _MARRIED_ON.finditer(ctx.article.text):
        year = int(found.group("year"))
        if not MIN_YEAR <= year <= MAX_YEAR:
            continue
        spouse = [n.name for n in ctx.table.persons_in(TextSpan(found.start(), found.end()))]
        owner = _clause_subject(ctx, found.start(), exclude=spouse)
        if owner is None:
            continue
        month = found.group("month")
        value = f"{year}-{MONTHS.index(month) + 1:02d}" if month else str(year)
        yield ctx.fact(owner, "marriage date", value, found.start(), found.end())


# --- roles ---------------------------------------------------------------------------------------------

_HEADS = "|".join(re.escape(h) for h in sorted(ROLE_HEADS, key=len, reverse=True))
_QUALIFIED_ROLE = r"(?P<former>(?:former|ex-|then-)\s*)?(?P<role>(?:[A-Za-z]+\s+){0,2}?(?:" + _HEADS + r"))"
_ROLE_BEFORE = re.compile(r"\b" + _QUALIFIED_ROLE + r"\s+(?:(?:Captain|Dr\.?|Judge)\s+)?$", re.IGNORECASE)
_ROLE_APPOSED_BEFORE = re.compile(
    r"\b(?:(?:the\s+)?\S+(?:'s|’s)|the|his|her|its|their)\s+"
    + _QUALIFIED_ROLE
    + r"(?:\s+of\s+(?:the\s+)?[A-Z][\w’' ]{0,40}?)?,\s+(?:(?:Captain|Dr\.?|Judge)\s+)?$",
    re.IGNORECASE,
)
_ROLE_APPOSED_AFTER = re.compile(
    r"^,\s+(?:the|a|an|his|her|its|their)\s+" + _QUALIFIED_ROLE + r"(?=\s+of\b|\s+who\b|\s+for\b|[,.;])",
    re.IGNORECASE,
)


def _role_value(former: str | None, role: str) -> str:
    """A role as compared: lower case, qualifiers other than office words dropped, "former " kept."""
    words = role.lower().split()
    head_words = next(
        h.split() for h in sorted(ROLE_HEADS, key=len, reverse=True) if role.lower().endswith(h)
    )
    before = words[: len(words) - len(head_words)]
    qualifiers = [w for w in before if w in ROLE_QUALIFIERS]
    value = " ".join([*qualifiers, *head_words])
    return f"former {value}" if former or {"former", "ex-", "ex"} & set(before) else value


def _roles(ctx: _Context) -> Iterator[Fact]:
    """Roles and titles: "Finance Minister X", "former coach Y", "the harbourmaster, Agnes Thorvald"."""
    text = ctx.article.text
    for named in ctx.table.names:
        if named.kind != "person":
            continue
        raw = text[named.start : named.end]
        sentence = ctx.sentence_of(named.start)
        before = text[max(sentence.start, named.start - 80) : named.start]
        inner = re.match(r"^(?:(?:the|The)\s+)?" + _QUALIFIED_ROLE + r"\s+", raw, re.IGNORECASE)
        if inner is not None and inner.end() < len(raw):
            yield ctx.fact(
                named.name,
                "role",
                _role_value(inner.group("former"), inner.group("role")),
                named.start,
                named.end,
            )
        for pattern in (_ROLE_APPOSED_BEFORE, _ROLE_BEFORE):
            found = pattern.search(before)
            if found is not None:
                start = named.start - len(before) + found.start()
                yield ctx.fact(
                    named.name,
                    "role",
                    _role_value(found.group("former"), found.group("role")),
                    start,
                    named.end,
                )
                break
        after = _ROLE_APPOSED_AFTER.match(text[named.end : min(sentence.end, named.end + 80)])
        if after is not None:
            yield ctx.fact(
                named.name,
                "role",
                _role_value(after.group("former"), after.group("role")),
                named.start,
                named.end + after.end(),
            )


# --- where a statement was posted ----------------------------------------------------------------------

_PLATFORM_NAMES = "|".join(
    re.escape(p) for p in sorted(PLATFORMS, key=len, reverse=True) if p != "press release"
)
_POSTED_ON = re.compile(
    r"\b(?:posted|published|shared|wrote|written|said|announced|put out|released|told)\b"
    r"(?:\s+(?:it|this|the news|the decision|a statement|a message|a video|(?:her |his |their )?fans"
    r"|(?:her |his |their )?followers))?"
    r"\s+(?:on|to)\s+(?:(?:her|his|their|its|the)\s+)?(?:official\s+)?"
    r"(?P<platform>" + _PLATFORM_NAMES + r")\b(?!-)",
    re.IGNORECASE,
)
_POSTED_FIRST = re.compile(
    r"\b[Oo]n\s+(?:(?:her|his|their)\s+)?(?P<platform>" + _PLATFORM_NAMES + r")(?:\s+account|\s+page)?,\s+"
    r"(?:\w+\s+){0,3}?(?:wrote|said|posted|added)\b",
    re.IGNORECASE,
)
_TWEETED = re.compile(r"\b(?:tweeted|in a tweet)\b")
_POSTED_IN = re.compile(
    r"\bin\s+(?:an?|her|his|their|its)\s+(?:(?P<platform>" + _PLATFORM_NAMES + r")\s+"
    r"(?:post|video|story|statement|message|live)|(?P<release>press release))\b",
    re.IGNORECASE,
)


def _platforms(ctx: _Context) -> Iterator[Fact]:
    """Where a person's statement was posted: "in a statement posted on Instagram", "wrote on X"."""
    text = ctx.article.text
    for found in _TWEETED.finditer(text):
        subject = _clause_subject(ctx, found.start())
        if subject is not None:
            yield ctx.fact(subject, "statement posted on", "X", found.start(), found.end())
    for pattern in (_POSTED_ON, _POSTED_IN, _POSTED_FIRST):
        for found in pattern.finditer(text):
            word = found.groupdict().get("release") or found.group("platform")
            if word == "X" or word.lower() != "x":
                platform = PLATFORMS[word.lower()]
            else:
                continue  # a lower-case "x" is not the platform
            at = found.end() if pattern is _POSTED_FIRST else found.start()  # "On X, Osei wrote"
            subject = _clause_subject(ctx, at)
            if subject is not None:
                yield ctx.fact(subject, "statement posted on", platform, found.start(), found.end())


# --- titles of works -----------------------------------------------------------------------------------

_QUOTED = re.compile(r"“([^“”\n]{1,120})”|\"([^\"\n]{1,120})\"|‘([^‘’\n]{1,120})’(?!\w)|``([^`'\n]{1,120})''")
_CLOSING_MARKS = frozenset({"”", '"', "’", "'"})
_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "at", "by", "with", "from"}
)


def _is_title_text(inner: str) -> bool:
    """Whether quoted words look like a title: short, capitalised, not ending like a sentence."""
    words = inner.split()
    if not 1 <= len(words) <= MAX_TITLE_WORDS or inner.rstrip()[-1:] in ".,!?;:":
        return False
    return words[0][:1].isupper() and all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in words)


def _is_nickname(text: str, span: TextSpan) -> bool:
    """Whether quoted words sit between a first name and a surname (Dwayne "The Rock" Johnson)."""
    before = re.search(r"\b[A-Z][a-z]+\s+[“\"‘`']*$", text[max(0, span.start - 30) : span.start])
    after = re.match(r"^[”\"’']*\s+[A-Z][a-z]+", text[span.end : span.end + 30])
    return before is not None and after is not None


def _quoted_names(text: str) -> list[str]:
    """Every capitalised short quoted run ("Kerosene Heart"): a title or nickname, never a person."""
    names = []
    for match in _QUOTED.finditer(text):
        inner = next(g for g in match.groups() if g is not None)
        if _is_title_text(inner):
            names.append(inner.strip())
    return names


def _find_titles(
    text: str, given: Sequence[tuple[str, TextSpan]], annotation: Annotation
) -> list[tuple[str, TextSpan]]:
    """Titles of works in the text: those given by the quotes stage, else capitalised quoted words that
    have a cue word ("the film") or that the annotation tagged WORK_OF_ART."""
    if given:
        cleaned = [(t.strip("“”\"‘’`' "), span) for t, span in given]
        return [(t, span) for t, span in cleaned if _is_title_text(t) and not _is_nickname(text, span)]
    works = [(e.start, e.end) for e in annotation.entities if e.label == "WORK_OF_ART"]
    found: list[tuple[str, TextSpan]] = []
    for match in _QUOTED.finditer(text):
        inner = next(g for g in match.groups() if g is not None)
        if not _is_title_text(inner):
            continue
        span = TextSpan(match.start() + 1 if not match.group(4) else match.start() + 2, match.end() - 1)
        if match.group(4):
            span = TextSpan(span.start, match.end() - 2)
        cued = _title_kind(text, span) is not None
        tagged = any(s < span.end and span.start < e for s, e in works)
        if cued or tagged:
            found.append((inner.strip(), span))
    return found


def _title_kind(text: str, span: TextSpan) -> str | None:
    """The kind of work a title is, from a cue word just before it or in an apposition right after it."""
    before = re.findall(r"[\w’'-]+|[.;:!?]", text[max(0, span.start - 80) : span.start])
    for word in reversed(before[-TITLE_CUE_WINDOW_WORDS:]):
        if word in ".;:!?" or word[:1] in '“"‘`':
            break
        cue = TITLE_CUES.get(word.lower().removesuffix("’s").removesuffix("'s"))
        if cue is not None and (
            word.lower() != "set" or text[span.start - 6 : span.start].strip(' “"‘`').endswith("of")
        ):
            return cue
    after = re.match(
        r"^[”\"’']*,?\s+(?:the|a|an|his|her|their|its)\s+(?P<words>(?:[\w’'-]+\s+){0,4}[\w’'-]+)",
        text[span.end : span.end + 80],
    )
    if after is not None:
        for word in after.group("words").split():
            if word in TITLE_CUES and word != "set":
                return TITLE_CUES[word]
    return None


def _work_titles(ctx: _Context) -> Iterator[Fact]:
    """Titles of works tied to the person named nearest before them in the sentence (else after)."""
    text = ctx.article.text
    kinds: dict[str, str] = {}
    for title, span in ctx.titles:
        kind = _title_kind(text, span)
        if kind is not None:
            kinds.setdefault(matching_form(title), kind)
    for title, span in ctx.titles:
        sentence = ctx.sentence_of(span.start)
        people = ctx.table.persons_in(sentence)
        before = [n for n in people if n.end <= span.start]
        if not before:  # a person named after the title is as often someone else ("… score for X")
            continue
        subject = before[-1]
        attribute = kinds.get(matching_form(title), "title")
        end = span.end + 1 if text[span.end : span.end + 1] in _CLOSING_MARKS else span.end
        yield ctx.fact(subject.name, attribute, title, subject.start, end)


# --- counts --------------------------------------------------------------------------------------------

_PEOPLE = r"(?:people|persons|passengers|others|children|pupils|workers|crew members|residents|patients)"
_BE = r"(?:were|was|have been|had been|are|is|been)"
_COUNT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("injured", re.compile(r"\b(?:injuring|wounding|hurting)\s+(?P<n>" + NUMBER + r")\b")),
    ("dead", re.compile(r"\bkilling\s+(?P<n>" + NUMBER + r")\b")),
    (
        "injured",
        re.compile(
            r"\b(?P<n>"
            + NUMBER
            + r")\s+(?:"
            + _PEOPLE
            + r"\s+)?(?:"
            + _BE
            + r"\s+)?(?:injured|hurt|wounded)\b"
        ),
    ),
    (
        "injured",
        re.compile(
            r"\b(?P<n>"
            + NUMBER
            + r")\s+"
            + _PEOPLE
            + r"\s+"
            + _BE
            + r"\s+(?:treated|taken)\s+(?:in|to)\s+hospital\b"
        ),
    ),
    (
        "dead",
        re.compile(
            r"\b(?P<n>" + NUMBER + r")\s+(?:" + _PEOPLE + r"\s+)?(?:" + _BE + r"\s+)?(?:killed|dead|died)\b"
        ),
    ),
    (
        "arrested",
        re.compile(r"\b(?P<n>" + NUMBER + r")\s+(?:" + _PEOPLE + r"\s+)?(?:" + _BE + r"\s+)?arrested\b"),
    ),
    (
        "evacuated",
        re.compile(r"\b(?P<n>" + NUMBER + r")\s+(?:" + _PEOPLE + r"\s+)?(?:" + _BE + r"\s+)?evacuated\b"),
    ),
    (
        "rescued",
        re.compile(r"\b(?P<n>" + NUMBER + r")\s+(?:" + _PEOPLE + r"\s+)?(?:" + _BE + r"\s+)?rescued\b"),
    ),
    (
        "toll",
        re.compile(
            r"\b(?P<what>number of (?:people |passengers )?(?:injured|hurt|wounded|dead|killed|arrested)|"
            r"(?:death |injury )?toll)\b[^.;:!?]{0,80}?\b(?:has |had )?"
            r"(?:risen|rose|climbed|increased|grown|grew|"
            r"reached|jumped|stood at|stands at)\s+(?:to\s+)?(?P<n>" + NUMBER + r")\b",
            re.IGNORECASE,
        ),
    ),
    ("passengers", re.compile(r"\bcarrying\s+(?P<n>" + NUMBER + r")\s+(?:people|passengers)\b")),
    (
        "passengers",
        re.compile(r"\bwith\s+(?P<n>" + NUMBER + r")\s+(?:people|passengers)\s+(?:on board|aboard)\b"),
    ),
    (
        "passengers",
        re.compile(r"\b(?P<n>" + NUMBER + r")\s+(?:people|passengers)\s+(?:were\s+)?(?:on board|aboard)\b"),
    ),
    (
        "passengers",
        re.compile(
            r"(?<=[a-z] )(?P<n>" + NUMBER + r")\s+passengers\b"
            r"(?!\s+(?:remain|remained|were|are|was|have|had|died|suffered|needed|still|in|on board|aboard))"
        ),
    ),
    ("crew", re.compile(r"\b(?:crew of|with a crew of)\s+(?P<n>" + NUMBER + r")\b")),
)


# Words one of which a text must contain for a count pattern of that attribute to match at all.
_COUNT_KEYWORDS = {
    "injured": ("injur", "hurt", "wound", "hospital"),
    "dead": ("kill", "dead", "died"),
    "arrested": ("arrest",),
    "evacuated": ("evacuat",),
    "rescued": ("rescu",),
    "toll": ("toll", "number of"),
    "passengers": ("passenger", "people"),
    "crew": ("crew",),
}


def _is_vehicle(ctx: _Context, thing: str) -> bool:
    """Whether the article calls the named thing a ferry, plane, train … in a sentence naming it."""
    for named in ctx.table.names:
        if named.name != thing:
            continue
        sentence = ctx.sentence_of(named.start)
        words = set(re.findall(r"[a-z]+", ctx.article.text[sentence.start : sentence.end]))
        if words & VEHICLE_NOUNS:
            return True
    return False


def _toll_attribute(what: str) -> str:
    """The count a "number of … / toll" phrase is about."""
    low = what.lower()
    if "injur" in low or "hurt" in low or "wound" in low:
        return "injured"
    if "arrest" in low:
        return "arrested"
    return "dead"


def _counts(ctx: _Context) -> Iterator[Fact]:
    """Counts of people: "injuring 12 people", "Seventeen people were hurt", "the toll rose to 17"."""
    text = ctx.article.text
    thing = ctx.table.thing
    subject = thing if thing is not None and _is_vehicle(ctx, thing) else EVENT_SUBJECT
    taken: list[tuple[int, int]] = []
    low = text.lower()
    for attribute, pattern in _COUNT_PATTERNS:
        if not any(word in low for word in _COUNT_KEYWORDS[attribute]):
            continue  # cheap test first: the number patterns are slow to run over long texts
        for found in pattern.finditer(text):
            start, end = found.span("n")
            if any(s < end and start < e for s, e in taken):
                continue
            if VAGUE_BEFORE_NUMBER.search(text[max(0, start - 25) : start]):
                continue
            number = parse_number(found.group("n"))
            if number is None:
                continue
            name = _toll_attribute(found.group("what")) if attribute == "toll" else attribute
            taken.append((start, end))
            yield ctx.fact(subject, name, str(number), found.start(), found.end())
