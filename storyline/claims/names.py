"""Who a fact is about: the named people and things of one article, and how descriptions point at them.

The small spaCy model labels many people ORG or GPE ("Cassius Brandt" ORG, "Brandt" GPE) and some
organisations PERSON ("Saltmarsh Line"), so labels are only one signal here: a two- or three-word
capitalised name without a leading "the", without an organisation word at its end and not a title of a
work counts as a person whatever its label; a one-word name is a person when it is the first or last word
of such a full name, and then it stands for that full name (the nearest one written before it).

Descriptions are resolved to the nearest fitting person written before them: "the 52-year-old actress"
to the last person named before it whose age is not already known to be different, "she" and "her
husband" to the last person not known to be male. An indefinite description ("a 27-year-old teacher")
introduces someone new and is never resolved backwards.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from storyline.claims.lexicon import ROLE_HEADS, THING_NOUNS
from storyline.models import Annotation, Article, TextSpan
from storyline.normalize import matching_form

__all__ = ["NameTable", "Named", "build_name_table"]

Gender = Literal["male", "female", "unknown"]

# Labels whose mentions may name a person or a thing; DATE, CARDINAL, … never do.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LOC"})
# Labels whose multi-word mentions are never people (places).
PLACE_LABELS = frozenset({"GPE", "LOC"})
# Last words that make a name an organisation, a place or a publication, never a person. Written for
# this module from common English naming patterns (not tuned on any data set).
ORG_WORDS = frozenset(
    [
        "line",
        "lines",
        "records",
        "pictures",
        "books",
        "club",
        "court",
        "hall",
        "association",
        "authority",
        "council",
        "hospital",
        "company",
        "corporation",
        "corp",
        "inc",
        "ltd",
        "llc",
        "group",
        "party",
        "police",
        "ministry",
        "department",
        "university",
        "college",
        "school",
        "bank",
        "news",
        "post",
        "daily",
        "times",
        "gazette",
        "herald",
        "courier",
        "ledger",
        "journal",
        "tribune",
        "press",
        "agency",
        "service",
        "services",
        "studios",
        "studio",
        "films",
        "media",
        "network",
        "foundation",
        "trust",
        "institute",
        "centre",
        "center",
        "museum",
        "theatre",
        "theater",
        "league",
        "union",
        "federation",
        "committee",
        "commission",
        "office",
        "house",
        "street",
        "road",
        "avenue",
        "bay",
        "harbour",
        "harbor",
        "airport",
        "station",
        "stadium",
        "park",
        "bridge",
        "church",
        "cathedral",
        "hotel",
        "restaurant",
        "bar",
        "cafe",
        "market",
        "fund",
        "partners",
        "airlines",
        "airways",
        "railway",
        "railways",
        "ferries",
        "shipping",
        "guard",
        "coastguard",
        "army",
        "navy",
        "force",
        "forces",
        "awards",
        "award",
        "prize",
        "festival",
        "games",
        "cup",
        "championship",
        "championships",
        "olympics",
        "capital",
        "holdings",
        "management",
        "investments",
        "ventures",
        "images",
        "photos",
    ]
)
# Role words a person mention may start with ("Prosecutor Owen Tally"); they are dropped from the name.
LEADING_ROLE_WORDS = frozenset(
    [
        "actress",
        "actor",
        "singer",
        "director",
        "prosecutor",
        "captain",
        "coach",
        "president",
        "mayor",
        "senator",
        "governor",
        "minister",
        "judge",
        "dr",
        "doctor",
        "professor",
        "prof",
        "mr",
        "mrs",
        "ms",
        "miss",
        "sir",
        "dame",
        "lord",
        "lady",
        "chief",
        "skipper",
        "rev",
        "reverend",
        "sgt",
        "officer",
        "inspector",
        "detective",
        "composer",
        "producer",
        "writer",
        "author",
        "lawyer",
    ]
)
# Capitalised words that start a sentence, never a name ("Having Jackman …" tagged as one name).
NOT_FIRST_NAMES = frozenset(
    {
        "having", "after", "when", "while", "despite", "with", "without", "before", "as", "if", "for",
        "but", "and", "then", "now", "meanwhile", "also", "including", "according", "like", "unlike",
        "since", "until", "during", "under", "over", "by", "from", "to", "in", "on", "at", "of",
    }
)  # fmt: skip
# Surnames shorter than this are not searched for where the annotation missed them ("Li", "Ng" are
# too often other words or initials). Chosen by hand.
MIN_SURNAME_CHARS = 3
# Subject pronouns that say a person's grammatical gender; object and possessive forms ("her") are left
# out because "Kray rebuilt the schedule around her" says nothing about Kray.
MALE_SUBJECT = frozenset({"he"})
# Nouns of a description that say its gender ("the 52-year-old actress").
FEMALE_NOUNS = frozenset({"actress", "woman", "girl", "wife", "mother", "daughter", "sister", "widow"})
MALE_NOUNS = frozenset({"actor", "man", "boy", "husband", "father", "son", "brother", "widower"})
# Pronoun evidence for a person's gender is read up to this many characters after each of its mentions
# (stopping at the next person's mention): a sentence or two of news prose. Chosen by hand.
GENDER_WINDOW_CHARS = 250

# Direct quotations (curly or straight double quotes, within one paragraph).
_QUOTATION = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"")
_SINGLE_WORD_ROLES = frozenset(h for h in ROLE_HEADS if " " not in h)
_WORD = re.compile(r"[A-Za-z][\w’'-]*")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_PRONOUN = re.compile(r"\b(he|she)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Named:
    """One name written in the article, with what it stands for."""

    start: int
    end: int
    name: str  # the full name it resolves to ("Marchetti" -> "Delia Marchetti")
    kind: Literal["person", "thing"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NameTable:
    """The people and things named in one article, in text order, with their guessed genders."""

    names: tuple[Named, ...]
    gender: dict[str, Gender]
    thing: str | None  # the most mentioned named thing (a ship, a building): subject of counts
    quoted: tuple[tuple[int, int], ...] = ()  # spans inside quotation marks

    def persons_before(self, offset: int) -> list[Named]:
        """Person mentions ending at or before ``offset`` and not inside a quotation, nearest first: a
        name someone says is rarely who the narrative that follows is about."""
        return [
            n
            for n in reversed(self.names)
            if n.kind == "person" and n.end <= offset and not any(s <= n.start < e for s, e in self.quoted)
        ]

    def person_at(self, offset: int) -> Named | None:
        """The person mention starting at ``offset``, or None."""
        index = bisect.bisect_left(self.names, offset, key=lambda n: n.start)
        if (
            index < len(self.names)
            and self.names[index].start == offset
            and self.names[index].kind == "person"
        ):
            return self.names[index]
        return None

    def persons_in(self, span: TextSpan) -> list[Named]:
        """Person mentions inside ``span``, in text order."""
        return [n for n in self.names if n.kind == "person" and span.start <= n.start and n.end <= span.end]

    def mention_ending_at(self, offset: int) -> Named | None:
        """The mention (person or thing) that ends exactly at ``offset``, or None."""
        for named in self.names:
            if named.end == offset:
                return named
        return None


def _clean(text: str) -> tuple[str, bool]:
    """A mention's name without leading "the", role words and possessive ending; and whether "the" led."""
    words = _WORD.findall(text.replace("\n", " "))
    owners = [i for i, w in enumerate(words[:-1]) if _POSSESSIVE.search(w) and w[-1] == "s"]
    if owners:  # "Commentary’s Noah Rothman": the name is what follows the possessive
        words = words[owners[-1] + 1 :]
    had_the = bool(words) and words[0].lower() == "the"
    if had_the:
        words = words[1:]
    while len(words) > 1 and (
        words[0].lower().rstrip(".") in LEADING_ROLE_WORDS or words[0].lower() in _SINGLE_WORD_ROLES
    ):
        words = words[1:]
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    return " ".join(w for w in words if w), had_the


def _is_name_like(name: str) -> bool:
    """Whether ``name`` is two or three capitalised alphabetic words not ending in an organisation word."""
    words = name.split()
    if not 2 <= len(words) <= 3 or words[0].lower() in NOT_FIRST_NAMES:
        return False
    if not all(
        w[0].isupper() and w.replace("-", "").replace("’", "").replace("'", "").isalpha() for w in words
    ):
        return False
    return words[-1].lower() not in ORG_WORDS and not all(w.isupper() for w in words)


def build_name_table(article: Article, annotation: Annotation, excluded: Iterable[str] = ()) -> NameTable:
    """Resolve an article's entity mentions to full person names and named things.

    Args:
        article: the article whose ``text`` the annotation's offsets point into.
        annotation: its annotation (only ``entities`` is read).
        excluded: names that are not people or things (titles of works, the outlet's own name).

    Returns:
        The article's :class:`NameTable` (empty when it names nobody).
    """
    skip = {matching_form(x) for x in excluded if x}
    cleaned: list[tuple[int, int, str, bool, str]] = []
    for mention in sorted(annotation.entities, key=lambda m: (m.start, m.end)):
        if mention.label not in NAME_LABELS:
            continue
        name, had_the = _clean(mention.text)
        if not name or matching_form(name) in skip:
            continue
        cleaned.append((mention.start, mention.end, name, had_the, mention.label))
    # a name written after "the" anywhere in the article ("the Pellham Star") is a thing, not a person
    after_the = _word_runs_after_the(article.text)
    with_the = {name for _, _, name, had_the, _ in cleaned if had_the or tuple(name.split()) in after_the}
    full_people: list[tuple[int, str]] = []
    for start, _end, name, _had_the, label in cleaned:
        if name not in with_the and label not in PLACE_LABELS and _is_name_like(name):
            full_people.append((start, name))
    full_set = {full for _, full in full_people}
    by_word = _index_full_names(full_people)
    names: list[Named] = []
    thing_counts: Counter[str] = Counter()
    for start, end, name, _had_the, label in cleaned:
        if name in full_set and label not in PLACE_LABELS:
            names.append(Named(start=start, end=end, name=name, kind="person"))
            continue
        if " " not in name:
            full = _full_name_for(name, start, by_word)
            if full is not None:
                names.append(Named(start=start, end=end, name=full, kind="person"))
                continue
            if label == "PERSON" and name[0].isupper():
                names.append(Named(start=start, end=end, name=name, kind="person"))
                continue
        if (
            label in {"ORG", "PRODUCT", "FAC", "EVENT"}
            and name.split()[-1].lower() not in ORG_WORDS
            and not name.isupper()
        ):
            names.append(Named(start=start, end=end, name=name, kind="thing"))
            thing_counts[name] += 1
    names.extend(_missed_surnames(article.text, [(m[0], m[1]) for m in cleaned], by_word))
    names.sort(key=lambda n: (n.start, n.end))
    thing = None
    if thing_counts:
        first_seen = {n.name: n.start for n in reversed(names) if n.kind == "thing"}
        thing = min(thing_counts, key=lambda t: (-thing_counts[t], first_seen[t]))
    quoted = tuple((m.start(), m.end()) for m in _QUOTATION.finditer(article.text))
    return NameTable(names=tuple(names), gender=_genders(article.text, names), thing=thing, quoted=quoted)


def _index_full_names(full_people: Sequence[tuple[int, str]]) -> dict[str, list[tuple[int, str]]]:
    """Full-name mentions by their first and last word (lower case), in text order."""
    by_word: dict[str, list[tuple[int, str]]] = {}
    for start, full in sorted(full_people):
        parts = full.lower().split()
        for word in {parts[0], parts[-1]}:
            by_word.setdefault(word, []).append((start, full))
    return by_word


def _missed_surnames(
    text: str, mentions: Sequence[tuple[int, int]], by_word: dict[str, list[tuple[int, str]]]
) -> list[Named]:
    """Surnames of the article's people that the annotation did not tag ("Jackman sings …"); a surname
    inside another tagged name or followed by another capitalised word ("Perry Capital") is not one."""
    covered = bytearray(len(text) + 1)
    for start, end in mentions:
        covered[start:end] = b"\x01" * (end - start)
    found: list[Named] = []
    surnames = sorted({full.split()[-1] for mentions in by_word.values() for _, full in mentions})
    for surname in surnames:
        if len(surname) < MIN_SURNAME_CHARS:
            continue
        for match in re.finditer(r"(?<![\w-])" + re.escape(surname) + r"(?![\w-]|\s+[A-Z])", text):
            if any(covered[match.start() : match.end()]):
                continue
            full = _full_name_for(surname, match.start(), by_word)
            if full is not None:
                found.append(Named(start=match.start(), end=match.end(), name=full, kind="person"))
    return found


# Names are at most this many words long when looked up after "the" (see _word_runs_after_the).
MAX_NAME_WORDS = 4


def _word_runs_after_the(text: str) -> set[tuple[str, ...]]:
    """Every run of 1-4 words written right after "the" or a thing noun ("the ferry Marlow Queen")."""
    words = _WORD.findall(text)
    runs: set[tuple[str, ...]] = set()
    for index, word in enumerate(words[:-1]):
        if word.lower() == "the" or word.lower() in THING_NOUNS:
            for size in range(1, MAX_NAME_WORDS + 1):
                runs.add(tuple(_POSSESSIVE.sub("", w) for w in words[index + 1 : index + 1 + size]))
    return runs


def _full_name_for(word: str, offset: int, by_word: dict[str, list[tuple[int, str]]]) -> str | None:
    """The full name ``word`` is the first or last word of: the nearest before ``offset``, else the only
    one after it."""
    matches = by_word.get(word.lower(), [])
    before = [m for m in matches if m[0] < offset]
    if before:
        return before[-1][1]
    distinct = {full for _, full in matches}
    return matches[0][1] if len(distinct) == 1 else None


def _genders(text: str, names: Sequence[Named]) -> dict[str, Gender]:
    """Each person's gender from the subject pronouns right after its mentions."""
    votes: dict[str, Counter[str]] = {}
    persons = [n for n in names if n.kind == "person"]
    for index, named in enumerate(persons):
        stop = persons[index + 1].start if index + 1 < len(persons) else len(text)
        window = text[named.end : min(stop, named.end + GENDER_WINDOW_CHARS)]
        found = _PRONOUN.search(window)
        tally = votes.setdefault(named.name, Counter())
        if found is not None:
            tally["male" if found.group(1).lower() in MALE_SUBJECT else "female"] += 1
        before = text[max(0, named.start - 40) : named.start].lower().split()
        if before and before[-1].strip(",") in FEMALE_NOUNS:
            tally["female"] += 2
        elif before and before[-1].strip(",") in MALE_NOUNS:
            tally["male"] += 2
    result: dict[str, Gender] = {}
    for name, tally in votes.items():
        if tally["male"] > tally["female"]:
            result[name] = "male"
        elif tally["female"] > tally["male"]:
            result[name] = "female"
        else:
            result[name] = "unknown"
    return result
