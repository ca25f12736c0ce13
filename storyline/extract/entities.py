"""Entities with their aliases merged, within one article and across the articles of a story.

Within an article, the annotation layer's entity mentions are grouped: a full name ("Sen. Maria Lopez")
starts an entity; a surname or first name alone ("Lopez", "Maria", "Ms. Lopez") joins the entity whose
full name ends or begins with it (the most recently mentioned one when several do). A single-word ORG or
GPE mention that is a person's surname is a known small-model error ("Clinton" tagged ORG) and joins the
person; so are a common first name and surname tagged otherwise ("Carly Fiorina" tagged ORG) and a name
tagged as a place whose context says person (an age, a role apposition or an honorific around it).
The canonical name is the most frequent full form. Each person also gets a grammatical gender (from
honorifics and the pronouns around its mentions) and role words ("senator", "actress") from honorifics,
pre-modifiers and appositions, which the speaker stage uses to resolve "she" and "the senator".
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from storyline.disjoint import DisjointSets
from storyline.ids import make_id
from storyline.models import Annotation, Article, EntityMention

__all__ = [
    "Entity",
    "EntityIndex",
    "Gender",
    "LinkedMention",
    "StoryEntities",
    "article_entities",
    "clean_name",
    "link_entities",
    "merge_entities",
]

LOGGER = logging.getLogger(__name__)


def _words(text: str) -> list[str]:
    """The whitespace-separated words of a word list written as one string."""
    return text.split()


Gender = Literal["male", "female", "unknown"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """One real-world entity with the names it goes by (one entry of the export's ``entities``)."""

    id: str
    name: str  # canonical name
    type: str  # PERSON, ORG, GPE, LOC, NORP, WORK, EVENT, FAC, PRODUCT, LAW
    aliases: tuple[str, ...]  # every other name it appears under, sorted
    articles: tuple[str, ...]  # article ids, sorted


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkedMention:
    """One entity mention in an article's text, linked to its entity."""

    start: int
    end: int
    text: str
    entity: str  # entity id


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityIndex:
    """An article's entities, their mentions in text order, and what the speaker stage needs to know."""

    entities: tuple[Entity, ...]
    mentions: tuple[LinkedMention, ...]
    gender: Mapping[str, Gender] = field(default_factory=dict)  # person entity id -> gender
    roles: Mapping[str, frozenset[str]] = field(default_factory=dict)  # entity id -> role words

    def by_id(self, entity_id: str) -> Entity | None:
        """The entity with this id, or None."""
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        return None

    def mention_at(self, start: int, end: int) -> LinkedMention | None:
        """The mention overlapping ``[start, end)`` best: a person's first, then the longest; or None."""
        found = [m for m in self.mentions if m.start < end and start < m.end]
        if not found:
            return None
        types = {e.id: e.type for e in self.entities}
        return min(found, key=lambda m: (types.get(m.entity) != "PERSON", -(m.end - m.start), m.start))

    def find_name(self, name: str) -> Entity | None:
        """The entity one of whose names (or name parts) is ``name``; persons first, then others."""
        key = clean_name(name).lower()
        if not key:
            return None
        exact = [e for e in self.entities if key in {a.lower() for a in (e.name, *e.aliases)}]
        if exact:
            return sorted(exact, key=lambda e: (e.type != "PERSON", e.id))[0]
        parts = [e for e in self.entities if e.type == "PERSON" and key in e.name.lower().split()]
        return parts[0] if len(parts) == 1 else None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryEntities:
    """A story's entities after merging across articles, and where each article-level id went."""

    entities: tuple[Entity, ...]
    ids: Mapping[str, str]  # article-level entity id -> story-level entity id


TYPE_MAP = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "FAC",
    "WORK_OF_ART": "WORK", "EVENT": "EVENT", "PRODUCT": "PRODUCT", "LAW": "LAW",
}  # fmt: skip
# Honorifics and titles written before a name; the value is the role word they imply ("" for none).
TITLES: dict[str, str] = {
    "mr": "", "mrs": "", "ms": "", "miss": "", "dr": "doctor", "prof": "professor", "sen": "senator",
    "senator": "senator", "rep": "representative", "representative": "representative",
    "gov": "governor", "governor": "governor", "president": "president", "pres": "president",
    "vice": "", "secretary": "secretary", "sec": "secretary", "gen": "general", "general": "general",
    "lt": "", "col": "colonel", "sgt": "sergeant", "judge": "judge", "justice": "justice",
    "mayor": "mayor", "speaker": "speaker", "rev": "reverend", "sir": "", "dame": "", "lady": "",
    "lord": "", "attorney": "attorney", "chairman": "chairman", "chairwoman": "chairwoman",
    "councilman": "councilman", "councilwoman": "councilwoman", "commissioner": "commissioner",
    "congressman": "congressman", "congresswoman": "congresswoman", "ambassador": "ambassador",
    "former": "", "candidate": "candidate", "nominee": "nominee", "sens": "senator", "reps": "",
    "gop": "", "democrat": "", "republican": "", "democratic": "", "first": "", "u.s": "", "us": "",
}  # fmt: skip
MALE_TITLES = frozenset({"mr", "sir", "lord", "congressman", "councilman", "chairman"})
FEMALE_TITLES = frozenset(
    {"mrs", "ms", "miss", "dame", "lady", "congresswoman", "councilwoman", "chairwoman"}
)
# Common US first names, written for this module (not from a data set): enough to tell "Hillary Clinton"
# from "Bill Clinton" when no honorific or pronoun says it.
FEMALE_FIRST_NAMES = frozenset(
    _words(
        """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret
    sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca
    sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha
    katherine christine debra rachel carolyn janet catherine maria heather diane ruth julie olivia joyce
    virginia victoria kelly lauren christina joan evelyn judith megan andrea cheryl hannah jacqueline
    martha gloria teresa ann anne sara madison frances kathryn janice jean abigail alice judy sophia
    grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany charlotte
    marie kayla alexis lori hillary chelsea huma carly kellyanne ivanka melania loretta debbie dianne
    kamala elena condoleezza madeleine nikki jill tammy jeanne valerie sheryl meg oprah ellen claire
    kirsten tulsi elise kristen jane jennie susana gina rosa lucy wendy paula monica erin katie kate liz
    ghazala hope jenna nina sally holly joni marsha cathy tina
    billie dorothy roberta paloma ulla
    """
    )
)
MALE_FIRST_NAMES = frozenset(
    _words(
        """
    james robert john michael william david richard joseph thomas charles christopher daniel matthew
    anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason
    jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel
    gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas
    zachary peter kyle walter ethan jeremy harold keith christian roger noah gerald carl terry sean
    austin arthur lawrence jesse dylan bryan joe jordan billy bruce albert willie gabriel logan alan
    juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip johnny bernie ted marco
    jeb ben chris mike barack bill tim rand rick newt rudy reince corey jim bob harry lindsey mitch tom
    jon bernard hank chuck al dick josh gerard lance tomas jimmy martin luther vladimir xi recep
    francois lou reid marty khizr
    muhammad ali omar tony steve dan greg jeff ron ken don doug
    """
    )
)
# Role words that name a person in an apposition or description ("the Texas senator", "her rep").
ROLE_SUFFIXES = ("er", "or", "ist", "ant", "ent", "ess", "man", "woman", "ian", "ee", "rep")
MAX_PERSON_NAME_WORDS = 4  # "Mary Ann Smith Jones"; a longer capitalized run is a title or an organisation
MAX_ACRONYM_CHARS = 5  # an all-capitals "name" this short is an acronym (GOP, NAACP), not a person
APPOSITION_STOPS = frozenset(
    _words(
        """
    from of at in for with on to and who whose which
    """
    )
)
_TOKEN_RE = re.compile(r"[\w.'’-]+")
_POSSESSIVE_RE = re.compile(r"(?:'s|’s|'|’)$")
# Pronoun evidence for a person's gender is read in a window of this many characters after a mention
# in which that person is the only one named (a sentence or two in news prose).
GENDER_WINDOW_CHARS = 300
# An honorific the tagger left out of a mention ("Ms. Hughes" tagged as "Hughes") is this close before it.
TITLE_LOOKBACK_CHARS = 6
# An age or a role apposition that marks a mention as a person starts right after it, within this many
# characters (", a longtime Harbor Town chemistry professor,").
PERSON_CONTEXT_CHARS = 80


def clean_name(text: str) -> str:
    """A name without titles, possessive ending, leading "the" or surrounding punctuation."""
    words = _TOKEN_RE.findall(text.replace("\n", " "))
    while words and (words[0].lower().rstrip(".") in TITLES or words[0].lower() == "the"):
        if len(words) == 1:
            break
        words = words[1:]
    if words:
        words[-1] = _POSSESSIVE_RE.sub("", words[-1])
    name = " ".join(w for w in words if w)
    return name.strip(" .,;:-—–'’\"")


def _titles_of(text: str) -> list[str]:
    """The title words at the start of a mention ("Sen.", "Ms.") lower-cased without dots."""
    out = []
    for word in _TOKEN_RE.findall(text):
        key = word.lower().rstrip(".")
        if key not in TITLES:
            break
        out.append(key)
    return out


@dataclass(slots=True)
class _Cluster:
    """An entity being built: its type and mentions."""

    type: str
    mentions: list[EntityMention] = field(default_factory=list)
    names: Counter[str] = field(default_factory=Counter)
    last_seen: int = -1

    @property
    def full_names(self) -> list[str]:
        """Multi-word names, most frequent first."""
        return [
            n for n, _ in sorted(self.names.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0])) if " " in n
        ]

    def canonical(self) -> str:
        """The most frequent full name, else the most frequent name."""
        full = self.full_names
        if full:
            return full[0]
        return sorted(self.names.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


def _person_match(name: str, cluster: _Cluster) -> bool:
    """Whether a one-word name is the first or last word of one of the cluster's full names."""
    low = name.lower()
    for full in cluster.full_names:
        parts = full.lower().split()
        if low in (parts[0], parts[-1]):
            return True
    return False


# Last words of organisation and place names that begin with a first name ("Virginia Tech", "Jordan
# River", "Ben Carson Campaign"): such a name is never re-typed as a person.
ORG_NAME_HEADS = frozenset(
    _words(
        """
    tech university college institute foundation center centre hospital company corp inc group party
    street avenue county park river valley times post news campaign committee fund school church club
    museum library airport stadium hall council association bank
    """
    )
)


# Labels the small model gives surnames it does not know ("Nefzi" tagged GPE); an ORG is left alone, since
# "the FBI, an agency …" reads like a person in context.
RETYPED_LABELS = frozenset({"GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
# Right after a person's name: an age (", 61,") or an apposition naming a role (", a chemistry professor,").
_PERSON_AFTER = re.compile(
    r",\s+(?:\d{1,3}\s*,|(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}(?:"
    + "|".join(
        _words(
            """
    professor teacher lawyer attorney doctor student worker farmer resident spokesman spokeswoman
    spokesperson director president chairman chairwoman manager owner founder minister pastor imam
    rabbi priest officer official adviser advisor analyst economist strategist pollster consultant
    candidate senator congressman congresswoman governor mayor judge author writer reporter
    activist organizer member supporter voter veteran executive scientist researcher historian
    """
        )
    )
    + r")\b)"
)
_HONORIFIC_BEFORE = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Sen|Rep|Gov|Prof)\.\s*$")


def _person_context(text: str, mention: EntityMention) -> bool:
    """Whether the words around a mention say it names a person: an age or a role apposition after it,
    or an honorific before it."""
    if not text:
        return False
    after = text[mention.end : mention.end + PERSON_CONTEXT_CHARS]
    before = text[max(0, mention.start - TITLE_LOOKBACK_CHARS) : mention.start]
    return _PERSON_AFTER.match(after) is not None or _HONORIFIC_BEFORE.search(before) is not None


def _looks_like_person(name: str) -> bool:
    """Whether a name the tagger did not call a person is one: two to four capitalized words opening with
    a common first name ("Carly Fiorina" tagged ORG), not ending like an organisation ("Virginia Tech")."""
    words = name.split()
    return (
        2 <= len(words) <= MAX_PERSON_NAME_WORDS
        and all(w[:1].isupper() for w in words)
        and words[0].lower() in (FEMALE_FIRST_NAMES | MALE_FIRST_NAMES)
        and words[-1].lower() not in ORG_NAME_HEADS
    )


def _cluster_mentions(mentions: Sequence[EntityMention], text: str = "") -> list[_Cluster]:
    """Group entity mentions into clusters of one entity each (``text`` gives the context that tells a
    mis-tagged person: "Nefzi, 61, said", "Nefzi, a chemistry professor,", "Dr. Nefzi")."""
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], _Cluster] = {}
    persons_full: list[_Cluster] = []
    singles: list[tuple[EntityMention, str, str]] = []
    # a one-word name tagged PERSON anywhere is a person everywhere ("Trump" is often tagged ORG or GPE)
    person_words = {
        clean_name(m.text).lower()
        for m in mentions
        if (m.label == "PERSON" or (m.label in RETYPED_LABELS and _person_context(text, m)))
        and " " not in clean_name(m.text)
    }
    # pass 1: full person names and every non-person name
    for mention in mentions:
        etype = TYPE_MAP.get(mention.label)
        if etype is None:
            continue
        name = clean_name(mention.text)
        if etype != "PERSON" and (
            name.lower() in person_words
            or _looks_like_person(name)
            or (mention.label in RETYPED_LABELS and _person_context(text, mention))
        ):
            etype = "PERSON"
        if etype == "PERSON" and name.isupper() and len(name) <= MAX_ACRONYM_CHARS:
            etype = "ORG"  # "GOP", "NRA", "FBI" tagged PERSON
        if not name or not any(c.isalpha() for c in name):
            continue
        if etype == "PERSON" and " " not in name:
            singles.append((mention, etype, name))
            continue
        if etype != "PERSON" and " " not in name:
            singles.append((mention, etype, name))
            continue
        key = (etype, name.lower())
        cluster = by_key.get(key)
        if cluster is None and etype == "PERSON":
            parts = name.lower().split()
            for other in persons_full:
                first = other.full_names[0].lower().split()
                if first[0] == parts[0] and first[-1] == parts[-1]:
                    cluster = other
                    break
        if cluster is None:
            cluster = _Cluster(type=etype)
            clusters.append(cluster)
            if etype == "PERSON":
                persons_full.append(cluster)
        by_key[key] = cluster
        cluster.mentions.append(mention)
        cluster.names[name] += 1
    # pass 2: one-word names join the person (or same-type entity) they are part of
    for mention, etype, name in singles:
        candidates = [c for c in persons_full if _person_match(name, c)]
        key = (etype if etype != "PERSON" and not candidates else "PERSON", name.lower())
        if candidates:
            before = [c for c in candidates if any(m.start < mention.start for m in c.mentions)]
            pool = before or candidates
            cluster = max(
                pool, key=lambda c: max((m.start for m in c.mentions if m.start < mention.start), default=-1)
            )
        else:
            existing = by_key.get(key)
            if existing is None:
                existing = _Cluster(type=etype)
                clusters.append(existing)
                by_key[key] = existing
            cluster = existing
        cluster.mentions.append(mention)
        cluster.names[name] += 1
    return clusters


def _roles(text: str, cluster: _Cluster) -> frozenset[str]:
    """Role words for a cluster: from titles, lower-case pre-modifiers and ", the X," appositions."""
    roles: set[str] = set()
    for mention in cluster.mentions:
        for title in _titles_of(mention.text):
            if TITLES[title]:
                roles.add(TITLES[title])
        before = text[max(0, mention.start - 60) : mention.start]
        words = _TOKEN_RE.findall(before)[-3:]
        for word in reversed(words):
            low = word.lower().rstrip(".")
            if TITLES.get(low):
                roles.add(TITLES[low])
            elif word.islower() and low.endswith(ROLE_SUFFIXES) and len(low) > 3:
                roles.add(low)
            else:
                break
        after = text[mention.end : mention.end + 80]
        appos = re.match(
            r",\s+(?:the|a|an|[A-Z][\w.'’-]*['’]s)\s+([^,.;:\n]{1,60}?)(?:,|\.|;|\s+(?:said|says|told|added|who|whose|which)\b)",
            after,
        )
        if appos:
            words = _TOKEN_RE.findall(appos.group(1))
            # the head noun comes before any prepositional phrase: "the senator from Ohio"
            cut = next((i for i, w in enumerate(words) if w.lower() in APPOSITION_STOPS), len(words))
            if cut:
                roles.add(words[cut - 1].lower())
    return frozenset(roles)


def _gender(text: str, cluster: _Cluster, all_mentions: Sequence[tuple[int, int]]) -> Gender:
    """A person's grammatical gender from honorifics, else from pronouns right after lone mentions."""
    votes: Counter[str] = Counter()
    for full in cluster.full_names[:1]:
        first = full.split()[0].lower()
        if first in FEMALE_FIRST_NAMES:
            votes["female"] += 5
        elif first in MALE_FIRST_NAMES:
            votes["male"] += 5
    for mention in cluster.mentions:
        # the honorific inside the mention ("Ms. Hughes") or right before it when the tagger left it out
        before = _TOKEN_RE.findall(text[max(0, mention.start - TITLE_LOOKBACK_CHARS) : mention.start])[-1:]
        for title in _titles_of(mention.text) + [w.lower().rstrip(".") for w in before]:
            if title in MALE_TITLES:
                votes["male"] += 3
            elif title in FEMALE_TITLES:
                votes["female"] += 3
        window_end = mention.end + GENDER_WINDOW_CHARS
        others = [s for s, e in all_mentions if mention.end <= s < window_end]
        stop = min(others) if others else window_end
        for word in re.findall(r"[A-Za-z]+", text[mention.end : stop])[:40]:
            low = word.lower()
            # only subject pronouns: "Clinton attacked Trump over his …" says nothing about Clinton
            if low == "he":
                votes["male"] += 1
            elif low == "she":
                votes["female"] += 1
    if votes["male"] > votes["female"]:
        return "male"
    if votes["female"] > votes["male"]:
        return "female"
    return "unknown"


def entity_id(etype: str, name: str) -> str:
    """The stable id of an entity: its type and canonical name."""
    return make_id("e", etype, name.lower())


def link_entities(article: Article, annotation: Annotation) -> EntityIndex:
    """Group an article's entity mentions into entities and link every mention to its entity.

    Args:
        article: the article (its ``text`` is what the annotation's offsets point into).
        annotation: the article's annotation (entities are used).

    Returns:
        An :class:`EntityIndex`; empty when the annotation has no entities.
    """
    clusters = _cluster_mentions(sorted(annotation.entities, key=lambda m: (m.start, m.end)), article.text)
    person_spans = [(m.start, m.end) for c in clusters if c.type == "PERSON" for m in c.mentions]
    entities: dict[str, Entity] = {}
    mentions: list[LinkedMention] = []
    gender: dict[str, Gender] = {}
    roles: dict[str, frozenset[str]] = {}
    for cluster in clusters:
        name = cluster.canonical()
        eid = entity_id(cluster.type, name)
        aliases = set(cluster.names) - {name}
        if eid in entities:  # two clusters with one canonical name: merge their aliases
            aliases |= set(entities[eid].aliases)
        entities[eid] = Entity(
            id=eid, name=name, type=cluster.type, aliases=tuple(sorted(aliases)), articles=(article.id,)
        )
        for mention in cluster.mentions:
            mentions.append(
                LinkedMention(start=mention.start, end=mention.end, text=mention.text, entity=eid)
            )
        if cluster.type == "PERSON":
            gender[eid] = _gender(article.text, cluster, person_spans)
        roles[eid] = roles.get(eid, frozenset()) | _roles(article.text, cluster)
    return EntityIndex(
        entities=tuple(sorted(entities.values(), key=lambda e: e.id)),
        mentions=tuple(sorted(mentions, key=lambda m: (m.start, m.end))),
        gender=gender,
        roles=roles,
    )


def article_entities(article: Article, annotation: Annotation) -> tuple[Entity, ...]:
    """An article's entities, aliases merged (see :func:`link_entities`)."""
    return link_entities(article, annotation).entities


def _all_names(entity: Entity) -> set[str]:
    """An entity's canonical name and aliases, lower-cased."""
    return {n.lower() for n in (entity.name, *entity.aliases)}


def merge_entities(groups: Iterable[Sequence[Entity]]) -> StoryEntities:
    """Merge the entities of a story's articles: same type and a shared multi-word name, or a one-word
    name that is part of exactly one multi-word person name of the story.

    Args:
        groups: each article's entities (as from :func:`article_entities`).

    Returns:
        The merged entities (sorted by id) and the map from every input id to its merged id.
    """
    items = sorted({e.id: e for group in groups for e in group}.values(), key=lambda e: e.id)
    same = DisjointSets(e.id for e in items)

    by_full: dict[tuple[str, str], str] = {}
    for entity in items:
        for name in _all_names(entity):
            if " " in name:
                key = (entity.type, name)
                if key in by_full:
                    same.union(by_full[key], entity.id)
                else:
                    by_full[key] = entity.id
    persons = [e for e in items if e.type == "PERSON" and " " in e.name]
    for entity in items:
        if " " in entity.name:
            continue
        low = entity.name.lower()
        owners = {same.find(p.id) for p in persons if low in p.name.lower().split()}
        # a one-word ORG/GPE that is a person's name part is the small model mis-tagging the person
        if len(owners) == 1 and entity.type in ("PERSON", "ORG", "GPE"):
            same.union(next(iter(owners)), entity.id)
    groups_by_root: dict[str, list[Entity]] = defaultdict(list)
    for entity in items:
        groups_by_root[same.find(entity.id)].append(entity)
    merged: list[Entity] = []
    ids: dict[str, str] = {}
    for members in groups_by_root.values():
        types = Counter(e.type for e in members)
        etype = "PERSON" if "PERSON" in types else sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        weight: Counter[str] = Counter()
        for e in members:
            weight[e.name] += len(e.articles)
        name = sorted(weight.items(), key=lambda kv: (" " not in kv[0], -kv[1], -len(kv[0]), kv[0]))[0][0]
        names = {n for e in members for n in (e.name, *e.aliases)}
        eid = entity_id(etype, name)
        merged.append(
            Entity(
                id=eid,
                name=name,
                type=etype,
                aliases=tuple(sorted(names - {name})),
                articles=tuple(sorted({a for e in members for a in e.articles})),
            )
        )
        for e in members:
            ids[e.id] = eid
    return StoryEntities(entities=tuple(sorted(merged, key=lambda e: e.id)), ids=ids)
