"""Facts compared across outlets: agree, consistent (differs only as time passed) or conflict.

Facts are grouped by subject and attribute. Subjects match by their matching form, a surname or first
name alone joining the one full name it belongs to. Titles of works of one person are grouped by
spelling similarity, so "The Salt Orchard" and "The Salt Orchards" are one work spelled two ways (a
conflict) while "Lantern Street" is another work; roles are grouped by their head noun ("finance
minister" and "former finance minister" are one office, "composer" another). Values are normalized
before they are compared: numbers as integers, "Twitter" as "X", titles and names by matching form.

Status, for a group with more than one value:

- ages are ``consistent`` when one birth date fits every report (52 on 2020-10-14 and 53 on 2021-10-12),
  else ``conflict`` (53 one day after 52 while others still say 52);
- counts that only grow (injured, dead, arrested …) are ``consistent`` when no later report gives a lower
  number (a rising toll is an update), else ``conflict``; fixed counts (passengers) conflict;
- a role is ``consistent`` when "former X" is only said after every report of "X";
- anything else that differs is a ``conflict``.

A platform or role that one article itself gives two values for ("posted on Instagram and on X") is
split into one claim per value instead of being called a conflict; titles that differ in a sequel number
("… II", "… III") are different works.

Independence: articles of one source family (copies of one text) count once; every explanation says how
many independent sources there are and which articles are copies. A copy's facts hold at the date of the
earliest article of its family (a wire text reprinted later says what held when it was written).

Corrections: an article republished under the same URL with another value (:class:`VersionFacts`: "12
hurt" in the first version, "15 hurt" now) is an update, not a contradiction. The claim lists it in
``revisions``; its status is judged on what the articles say now, and a conflict that remains only
because other outlets still carry a value its own source corrected away is ``consistent``, its
explanation naming who still carries the old value. A claim one article corrected is shown even when no
other article states it.

Story claims need at least ``MIN_ARTICLES`` articles; :func:`compare_storyline_claims` compares the
stories of a storyline with each other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from storyline.claims.facts import EVENT_SUBJECT, Fact
from storyline.claims.lexicon import CUMULATIVE_COUNTS, FIXED_COUNTS, MULTI_VALUED, PLATFORMS, ROLE_HEADS
from storyline.disjoint import DisjointSets
from storyline.export.types import ClaimRevision, ClaimValue, ExportClaim
from storyline.normalize import matching_form

__all__ = ["VersionFacts", "compare_claims", "compare_storyline_claims"]

LOGGER = logging.getLogger(__name__)

# A claim compares reports: a fact stated by fewer articles than this is not a story claim. The demo
# truth (examples/truth.json) lists only facts stated by at least two articles of a story.
MIN_ARTICLES = 2
# Two titles of one person at least this similar (rapidfuzz ratio of their matching forms) are one work
# spelled differently: "The Salt Orchard"/"The Salt Orchards" score 97, "Northern Lights"/"Northern
# Light" 97, while different works of one person in our fixtures score below 50. Chosen by hand.
SAME_WORK_RATIO = 85.0
# Reports of the same day are not ordered (dates have day precision), so a count that differs within one
# day is read as an update during that day, not a conflict.
SAME_DAY_COUNTS_ARE_UPDATES = True
# An age difference reported this many days apart or less is described as "no time has passed".
NO_TIME_DAYS = 7

Status = Literal["agree", "consistent", "conflict"]
# Attributes that may hold several values at once (a statement posted on two platforms, two offices held
# together); they are split by value when one article states several, rather than called a conflict.
SPLIT_WHEN_STATED_TOGETHER = frozenset({"statement posted on", "role"})

AGE = "age"
ROLE = "role"
TITLE_SUFFIX = "title"


@dataclass(frozen=True, slots=True, kw_only=True)
class VersionFacts:
    """The facts an earlier version of an article stated, and when a newer version replaced it."""

    article: str
    replaced_at: str  # UTC, ISO 8601
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class _Change:
    """One value an article dropped between two of its versions (internal form of a ClaimRevision)."""

    article: str
    before: str  # value key
    after: tuple[str, ...]  # value keys the next version states instead
    replaced_at: str


@dataclass(frozen=True, slots=True)
class _Report:
    """One fact with its date and normalized value key."""

    fact: Fact
    date: dt.date | None
    key: str


@dataclass(frozen=True, slots=True)
class _Value:
    """One distinct value of a group: how it is shown, when it first held, and who says it."""

    key: str
    display: str
    as_of: dt.date | None
    last: dt.date | None
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Names:
    """Outlet names and source families used to write explanations."""

    outlets: Mapping[str, str]
    families: Mapping[str, str]
    dates: Mapping[str, dt.date | None]

    def outlet(self, article: str) -> str:
        """The outlet of an article, else its id."""
        return self.outlets.get(article) or article

    def who(self, articles: Sequence[str]) -> str:
        """Outlets of ``articles`` as a readable list ("Stagelight, Meridian Daily and Northgate Post")."""
        names: list[str] = []
        for article in sorted(articles, key=lambda a: (self.dates.get(a) or dt.date.max, a)):
            name = self.outlet(article)
            if name not in names:
                names.append(name)
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + " and " + names[-1]

    def family(self, article: str) -> str:
        """The source family of an article (itself when it has none)."""
        return self.families.get(article, article)

    def independent(self, articles: Sequence[str]) -> int:
        """How many independent sources (families) carry ``articles``."""
        return len({self.family(a) for a in articles})

    def copies(self, articles: Sequence[str]) -> list[tuple[str, str]]:
        """(copy, original) pairs among ``articles``: every family member but the earliest."""
        by_family: dict[str, list[str]] = defaultdict(list)
        for article in articles:
            by_family[self.family(article)].append(article)
        pairs: list[tuple[str, str]] = []
        for members in by_family.values():
            ordered = sorted(members, key=lambda a: (self.dates.get(a) or dt.date.max, a))
            pairs.extend((copy, ordered[0]) for copy in ordered[1:])
        return sorted(pairs)


def compare_claims(
    facts: Sequence[Fact],
    *,
    dates: Mapping[str, dt.date | None],
    families: Mapping[str, str] | None = None,
    earlier: Sequence[Fact] = (),
    outlets: Mapping[str, str] | None = None,
    versions: Sequence[VersionFacts] = (),
) -> tuple[ExportClaim, ...]:
    """Compare one story's facts across its articles.

    Args:
        facts: the facts of the story's articles (from :func:`extract_facts`).
        dates: each article's date (publication date or estimate); a fact's own ``as_of`` wins.
        families: article id -> source family id; articles of one family are copies and count once.
        earlier: facts from earlier stories of the same storyline; they do not change a claim's status
            but its explanation says whether the story's value fits them (53 a year after 52).
        outlets: article id -> outlet name, for explanations (article ids are used where missing).
        versions: facts of the articles' earlier versions, each article's oldest first; a value an
            article changed becomes a revision of the claim (see the module docstring).

    Returns:
        One claim per (subject, attribute[, work or office]) stated by at least ``MIN_ARTICLES``
        articles or changed by one, sorted by subject, attribute and values.
    """
    names = _Names(outlets or {}, families or {}, dates)
    states, tagged = _version_states(versions)
    subjects = _subject_names([*facts, *earlier, *tagged])
    held = _copy_dates([*facts, *earlier, *tagged], {**dates, **_state_dates(states, dates)}, families or {})
    current = _group([*facts, *tagged], subjects, held)
    before = _group(earlier, subjects, held)
    claims: list[ExportClaim] = []
    for group_key, reports in current.items():
        now = [r for r in reports if r.fact.article not in states.pseudo]
        changes = _changes(reports, states)
        if not now or (len({r.fact.article for r in now}) < MIN_ARTICLES and not changes):
            continue
        claim = _claim(group_key, now, names, changes=changes, shown=reports)
        if group_key in before:
            claim = _with_earlier(claim, group_key, now, before[group_key], names)
        claims.append(claim)
    return tuple(sorted(claims, key=_claim_order))


@dataclass(frozen=True, slots=True)
class _States:
    """Each revised article's versions as internal article ids, oldest first, then the article itself."""

    order: Mapping[str, tuple[str, ...]]  # article -> pseudo ids of its versions, then the article id
    pseudo: Mapping[str, str]  # pseudo id -> article
    replaced_at: Mapping[str, str]  # pseudo id -> when its version was replaced


def _version_states(versions: Sequence[VersionFacts]) -> tuple[_States, list[Fact]]:
    """Give every earlier version an internal article id, so its facts group with the current ones."""
    order: dict[str, list[str]] = defaultdict(list)
    pseudo: dict[str, str] = {}
    replaced_at: dict[str, str] = {}
    tagged: list[Fact] = []
    for version in versions:
        pid = f"{version.article}#v{len(order[version.article]) + 1}"
        order[version.article].append(pid)
        pseudo[pid] = version.article
        replaced_at[pid] = version.replaced_at
        tagged += [dataclasses.replace(f, article=pid) for f in version.facts]
    states = _States(
        order={a: (*pids, a) for a, pids in order.items()}, pseudo=pseudo, replaced_at=replaced_at
    )
    return states, tagged


def _state_dates(states: _States, dates: Mapping[str, dt.date | None]) -> dict[str, dt.date | None]:
    """An earlier version holds at its article's date."""
    return {pid: dates.get(article) for pid, article in states.pseudo.items()}


def _changes(reports: Sequence[_Report], states: _States) -> list[_Change]:
    """The values each revised article dropped from one version to the next, in this group."""
    keys: dict[str, set[str]] = defaultdict(set)
    for report in reports:
        keys[report.fact.article].add(report.key)
    changes = []
    for article, order in states.order.items():
        for older, newer in itertools.pairwise(order):
            gone = keys.get(older, set()) - keys.get(newer, set())
            added = tuple(sorted(keys.get(newer, set()) - keys.get(older, set()), key=_natural))
            changes += [_Change(article, key, added, states.replaced_at[older]) for key in sorted(gone)]
    return sorted(changes, key=lambda c: (c.replaced_at, c.article, c.before))


def _revisions(changes: Sequence[_Change], reports: Sequence[_Report]) -> tuple[ClaimRevision, ...]:
    """The changes as export records, each value shown as :func:`_values` shows it."""
    display = {value.key: value.display for value in _values(reports)}
    return tuple(
        ClaimRevision(
            article=c.article,
            before=display[c.before],
            after=", ".join(display[k] for k in c.after) or None,
            replaced_at=c.replaced_at,
        )
        for c in changes
    )


def compare_storyline_claims(
    stories: Sequence[Sequence[Fact]],
    *,
    dates: Mapping[str, dt.date | None],
    families: Mapping[str, str] | None = None,
    outlets: Mapping[str, str] | None = None,
) -> tuple[ExportClaim, ...]:
    """Compare facts across the stories of one storyline (ages years apart, a role that ended).

    Each story contributes, per group, only its consensus value (the one most independent sources give;
    a minority value that conflicts inside its story stays a story claim). Only groups stated in at least
    two stories whose values differ are returned: what agrees across stories adds nothing to the stories'
    own claims.

    Args:
        stories: the facts of each story of the storyline.
        dates: each article's date (publication date or estimate).
        families: article id -> source family id.
        outlets: article id -> outlet name, for explanations.

    Returns:
        The storyline's claims (status ``consistent`` or ``conflict``), sorted.
    """
    names = _Names(outlets or {}, families or {}, dates)
    subjects = _subject_names([f for story in stories for f in story])
    held = _copy_dates([f for story in stories for f in story], dates, families or {})
    pooled: dict[tuple[str, str, str], list[_Report]] = defaultdict(list)
    story_count: Counter[tuple[str, str, str]] = Counter()
    for story in stories:
        for group_key, reports in _group(story, subjects, held).items():
            values = _values(reports)
            best = max(values, key=lambda v: (names.independent(v.articles), -_ordinal(v.as_of), v.key))
            pooled[group_key].extend(r for r in reports if r.key == best.key)
            story_count[group_key] += 1
    claims = []
    for group_key, reports in pooled.items():
        if story_count[group_key] < 2 or len({r.key for r in reports}) < 2:
            continue
        claims.append(_claim(group_key, reports, names))
    return tuple(sorted(claims, key=_claim_order))


def _copy_dates(
    facts: Sequence[Fact], dates: Mapping[str, dt.date | None], families: Mapping[str, str]
) -> dict[str, dt.date | None]:
    """The date each article's facts hold at: its own date, or for a copy the earliest date of its source
    family (a wire text reprinted a year later still says what held when it was written)."""
    own: dict[str, dt.date | None] = {}
    for fact in facts:  # an article's facts hold at one date: the earliest they give, else its date
        known = own.get(fact.article)
        if fact.as_of is not None and (known is None or fact.as_of < known):
            own[fact.article] = fact.as_of
        elif fact.article not in own:
            own[fact.article] = None
    for article, date in dates.items():
        if own.get(article) is None:
            own[article] = date
    earliest: dict[str, dt.date] = {}
    for article, date in own.items():
        family = families.get(article, article)
        if date is not None and (family not in earliest or date < earliest[family]):
            earliest[family] = date
    return {a: earliest.get(families.get(a, a), d) if d is not None else d for a, d in own.items()}


def _claim_order(claim: ExportClaim) -> tuple[str, str, tuple[str, ...]]:
    """Sort key of a claim: subject, attribute, then its values."""
    return (claim.subject, claim.attribute, tuple(v.value for v in claim.values))


# --- grouping ------------------------------------------------------------------------------------------


def _subject_names(facts: Sequence[Fact]) -> dict[str, str]:
    """Map every subject's matching form to the full name it stands for (surnames joined to full names)."""
    counts: Counter[str] = Counter(f.subject for f in facts)
    full: dict[str, str] = {}
    for subject in sorted(counts, key=lambda s: (-counts[s], s)):
        full.setdefault(matching_form(subject), subject)
    result: dict[str, str] = {}
    multi = [name for name in full.values() if " " in name]
    for key, name in full.items():
        if " " in name:
            result[key] = name
            continue
        owners = sorted(
            {m for m in multi if key in (matching_form(m).split()[0], matching_form(m).split()[-1])}
        )
        result[key] = owners[0] if len(owners) == 1 else name
    return result


def _value_key(attribute: str, value: str) -> str:
    """The form of a value that is compared: integers, canonical platforms, matching-form text."""
    if attribute == "statement posted on":
        return PLATFORMS.get(value.lower(), value)
    if attribute.endswith(TITLE_SUFFIX):
        return matching_form(value).strip("\"' ")
    if value.isdigit():
        return str(int(value))
    return matching_form(value)


def _role_head(value: str) -> str:
    """The office a role is of ("former finance minister" -> "minister")."""
    low = value.lower()
    for head in sorted(ROLE_HEADS, key=len, reverse=True):
        if low.endswith(head):
            return head
    return low


def _group(
    facts: Sequence[Fact], subjects: Mapping[str, str], dates: Mapping[str, dt.date | None]
) -> dict[tuple[str, str, str], list[_Report]]:
    """Group facts by (subject, attribute, work/office/relative), with value keys."""
    by_subject: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_subject[subjects.get(matching_form(fact.subject), fact.subject)].append(fact)
    if EVENT_SUBJECT in by_subject:  # counts of an unnamed event join the one named subject with counts
        counted = {f.attribute for f in by_subject[EVENT_SUBJECT]}
        named = sorted(
            s for s, fs in by_subject.items() if s != EVENT_SUBJECT and counted & {f.attribute for f in fs}
        )
        if len(named) == 1:
            by_subject[named[0]].extend(by_subject.pop(EVENT_SUBJECT))
    groups: dict[tuple[str, str, str], list[_Report]] = defaultdict(list)
    for subject, subject_facts in by_subject.items():
        titles = [f for f in subject_facts if f.attribute.endswith(TITLE_SUFFIX)]
        for fact in subject_facts:
            if fact.attribute.endswith(TITLE_SUFFIX):
                continue
            date = dates.get(fact.article, fact.as_of)
            value = fact.value
            if fact.attribute in {"spouse", "father", "mother", *MULTI_VALUED.values()}:
                value = _person_value(
                    value, [f.value for f in subject_facts if f.attribute == fact.attribute]
                )
            key = _value_key(fact.attribute, value)
            sub = ""
            if fact.attribute == ROLE:
                sub = _role_head(fact.value)
            elif fact.attribute in MULTI_VALUED.values():
                sub = key
            groups[(subject, fact.attribute, sub)].append(_Report(fact, date, key))
        for attribute, cluster in _title_clusters(titles):
            sub = min(_value_key(f.attribute, f.value) for f in cluster)
            for fact in cluster:
                date = dates.get(fact.article, fact.as_of)
                groups[(subject, attribute, sub)].append(
                    _Report(fact, date, _value_key(attribute, fact.value))
                )
    return _split_multi(groups)


def _split_multi(
    groups: Mapping[tuple[str, str, str], list[_Report]],
) -> dict[tuple[str, str, str], list[_Report]]:
    """Split a platform or role group whose values one article states together ("posted on Instagram
    and on X"): the article itself shows that both hold, so each value becomes its own group."""
    result: dict[tuple[str, str, str], list[_Report]] = {}
    for key, reports in groups.items():
        per_article: dict[str, set[str]] = defaultdict(set)
        for report in reports:
            per_article[report.fact.article].add(report.key)
        if key[1] in SPLIT_WHEN_STATED_TOGETHER and any(len(v) > 1 for v in per_article.values()):
            for report in reports:
                result.setdefault((key[0], key[1], f"{key[2]}|{report.key}"), []).append(report)
        else:
            result[key] = reports
    return result


def _person_value(value: str, others: Sequence[str]) -> str:
    """A relative's name, a lone surname or first name replaced by the one full name it belongs to."""
    if " " in value:
        return value
    key = matching_form(value)
    owners = sorted({o for o in others if " " in o and key in matching_form(o).split()})
    return owners[0] if len(owners) == 1 else value


_ROMAN = frozenset({"ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"})


def _numbers_of(title: str) -> frozenset[str]:
    """Sequel numbers in a title ("Rocky II", "Part 2"): titles that differ in them are different works."""
    return frozenset(w for w in re.findall(r"\w+", title) if w.isdigit() or w in _ROMAN)


def _title_clusters(titles: Sequence[Fact]) -> list[tuple[str, list[Fact]]]:
    """Titles of one person grouped into works by spelling similarity, each with its kind of work."""
    keys = sorted({_value_key(f.attribute, f.value) for f in titles})
    works = DisjointSets(keys)
    for index, first in enumerate(keys):
        for second in keys[index + 1 :]:
            if fuzz.ratio(first, second) >= SAME_WORK_RATIO and _numbers_of(first) == _numbers_of(second):
                works.union(first, second)
    clusters: dict[str, list[Fact]] = defaultdict(list)
    for fact in titles:
        clusters[works.find(_value_key(fact.attribute, fact.value))].append(fact)
    result = []
    for members in clusters.values():
        kinds = Counter(f.attribute for f in members if f.attribute != TITLE_SUFFIX)
        attribute = min(kinds, key=lambda k: (-kinds[k], k)) if kinds else TITLE_SUFFIX
        result.append((attribute, members))
    return result


# --- values and status ---------------------------------------------------------------------------------


def _ordinal(date: dt.date | None) -> int:
    """A date as a sortable number; unknown dates sort last."""
    return date.toordinal() if date is not None else dt.date.max.toordinal()


def _values(reports: Sequence[_Report]) -> list[_Value]:
    """The distinct values of a group, ordered by when they first held."""
    by_key: dict[str, list[_Report]] = defaultdict(list)
    for report in reports:
        by_key[report.key].append(report)
    values = []
    for key, members in by_key.items():
        shown = Counter(_display(r.fact) for r in members)
        display = min(shown, key=lambda s: (-shown[s], s.isupper(), s))  # "Winter Lanterns" over all caps
        known = [r.date for r in members if r.date is not None]
        values.append(
            _Value(
                key=key,
                display=display,
                as_of=min(known) if known else None,
                last=max(known) if known else None,
                articles=tuple(sorted({r.fact.article for r in members})),
            )
        )
    if reports and reports[0].fact.attribute in CUMULATIVE_COUNTS:  # a rising count reads lowest first
        return sorted(values, key=lambda v: (_number(v.key), _ordinal(v.as_of), v.key))
    return sorted(values, key=lambda v: (_ordinal(v.as_of), _natural(v.key)))


def _display(fact: Fact) -> str:
    """How a value is shown: platforms by their current name, everything else as written."""
    if fact.attribute == "statement posted on":
        return PLATFORMS.get(fact.value.lower(), fact.value)
    return fact.value


def _natural(key: str) -> tuple[tuple[int, str], ...]:
    """A sort key reading runs of digits as numbers ("2011" before "2011-06", "9" before "11")."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", key) if part
    )


def _number(key: str) -> int:
    """A value key as a number for ordering (0 when it is not one)."""
    return int(key) if key.isdigit() else 0


def _years_before(date: dt.date, years: int) -> dt.date:
    """``date`` moved back by whole years (29 February becomes 28 February)."""
    try:
        return date.replace(year=date.year - years)
    except ValueError:
        return date.replace(year=date.year - years, day=28)


def _birth_window(reports: Sequence[_Report]) -> tuple[int, int] | None:
    """The (exclusive low, inclusive high) ordinals of birth dates that fit every dated age, or None."""
    dated = [r for r in reports if r.date is not None]
    if not dated:
        return None
    low = max(_years_before(r.date, int(r.key) + 1).toordinal() for r in dated if r.date is not None)
    high = min(_years_before(r.date, int(r.key)).toordinal() for r in dated if r.date is not None)
    return low, high


def _ages_fit(reports: Sequence[_Report]) -> bool:
    """Whether one birth date fits every age report (undated ones anywhere between the dated ones)."""
    window = _birth_window(reports)
    if window is None:
        return len({r.key for r in reports}) == 1
    low, high = window
    if low >= high:
        return False
    dated = [r.date for r in reports if r.date is not None]
    first, last = min(dated), max(dated)
    for report in reports:
        if report.date is None:
            age = int(report.key)
            if not (
                _years_before(first, age + 1).toordinal() < high
                and low < _years_before(last, age).toordinal()
            ):
                return False
    return True


def _counts_rise(reports: Sequence[_Report]) -> bool:
    """Whether no later report gives a lower count (undated ones fit between the lowest and highest)."""
    dated = sorted((r for r in reports if r.date is not None), key=lambda r: (_ordinal(r.date), int(r.key)))
    for index, earlier in enumerate(dated):
        for later in dated[index + 1 :]:
            same_day = earlier.date == later.date
            if int(later.key) < int(earlier.key) and not (same_day and SAME_DAY_COUNTS_ARE_UPDATES):
                return False
    numbers = [int(r.key) for r in dated]
    return all(
        not numbers or min(numbers) <= int(r.key) <= max(numbers) for r in reports if r.date is None
    ) and bool(numbers or len({r.key for r in reports}) == 1)


def _roles_change(reports: Sequence[_Report]) -> bool | None:
    """For one office: True when "former" follows every current report, False when it does not, None
    when the values differ in something other than "former"."""
    bases = {r.key.removeprefix("former ") for r in reports}
    if len(bases) > 1:
        return None
    current = [_ordinal(r.date) for r in reports if not r.key.startswith("former ")]
    former = [_ordinal(r.date) for r in reports if r.key.startswith("former ")]
    return bool(current and former and max(current) < min(former))


def _roles_refine(reports: Sequence[_Report]) -> bool:
    """Whether differing roles of one office only add qualifiers to each other ("minister" and "finance
    minister"), so that they agree."""
    word_sets = sorted(({*r.key.split()} for r in reports), key=len)
    return all(word_sets[i] <= word_sets[-1] for i in range(len(word_sets))) and not any(
        "former" in w for w in word_sets
    )


def _status(attribute: str, reports: Sequence[_Report]) -> Status:
    """agree, consistent or conflict for one group's reports."""
    if len({r.key for r in reports}) == 1:
        return "agree"
    numeric = all(r.key.isdigit() for r in reports)
    if attribute in {AGE, *CUMULATIVE_COUNTS} and not numeric:  # not from extract_facts: compare as text
        return "conflict"
    if attribute == AGE:
        return "consistent" if _ages_fit(reports) else "conflict"
    if attribute in CUMULATIVE_COUNTS:
        return "consistent" if _counts_rise(reports) else "conflict"
    if attribute == ROLE:
        change = _roles_change(reports)
        if change:
            return "consistent"
        return "agree" if change is None and _roles_refine(reports) else "conflict"
    if attribute == "marriage date":
        keys = sorted({r.key for r in reports}, key=len)
        return "agree" if all(k.startswith(keys[0]) for k in keys) else "conflict"
    return "conflict"  # fixed counts (FIXED_COUNTS), platforms, titles, relatives: any difference


# --- explanations --------------------------------------------------------------------------------------


def _when(value: _Value) -> str:
    """When a value was reported: one day or a range of days."""
    if value.as_of is None:
        return "undated"
    if value.last is None or value.last == value.as_of:
        return value.as_of.isoformat()
    return f"{value.as_of.isoformat()} to {value.last.isoformat()}"


def _verb(names: _Names, articles: Sequence[str], verb: str) -> str:
    """The outlets of ``articles`` followed by ``verb`` agreeing in number ("X says", "X and Y say")."""
    who = names.who(articles)
    return f"{who} {verb if ' and ' in who else verb + 's'}"


def _says(names: _Names, articles: Sequence[str]) -> str:
    """The outlets of ``articles`` with "says" or "say"."""
    return _verb(names, articles, "say")


def _elapsed(first: dt.date, last: dt.date) -> str:
    """How much time lies between two dates, in words."""
    days = (last - first).days
    years = round(days / 365.25)
    if years >= 2:
        return f"about {years} years have passed"
    if years == 1:
        return "a year has passed"
    if days >= 60:
        return f"about {round(days / 30.4)} months have passed"
    return f"{days} day{'s' if days != 1 else ''} have passed"


def _shown(attribute: str, value: str) -> str:
    """A value as quoted in an explanation (titles in quotation marks)."""
    return f"“{value}”" if attribute.endswith(TITLE_SUFFIX) else value


def _majority(values: Sequence[_Value], names: _Names) -> _Value:
    """The value most independent sources give (earliest on a tie)."""
    return max(values, key=lambda v: (names.independent(v.articles), -_ordinal(v.as_of), v.key))


def _sources_note(articles: Sequence[str], names: _Names) -> str:
    """ "(N independent sources; X copies Y and counts once)"."""
    count = names.independent(articles)
    note = f"{count} independent source{'s' if count != 1 else ''}"
    copies = names.copies(articles)
    if copies:
        said = "; ".join(f"{names.outlet(c)} copies {names.outlet(o)} and counts once" for c, o in copies)
        note += f"; {said}"
    return f"({note})"


def _explain_agree(
    subject: str, attribute: str, values: Sequence[_Value], reports: Sequence[_Report], names: _Names
) -> str:
    """Why a group agrees."""
    articles = sorted({r.fact.article for r in reports})
    who = names.who(articles)
    shown = " / ".join(_shown(attribute, v.display) for v in values)
    if attribute == ROLE:
        verb, verbs, what = "describe", "describes", f"{subject} as {shown}"
    elif attribute.endswith(TITLE_SUFFIX):
        verb, verbs, what = "write", "writes", shown
    elif attribute in {"spouse", "father", "mother", *MULTI_VALUED.values()}:
        verb, verbs, what = "name", "names", f"{subject}'s {attribute}: {shown}"
    elif attribute == AGE:
        verb, verbs, what = "say", "says", f"{subject} is {shown}"
    elif attribute == "statement posted on":
        verb, verbs, what = "say", "says", f"{subject}'s statement was posted on {shown}"
    elif attribute == "marriage date":
        verb, verbs, what = "say", "says", f"{subject} married in {shown}"
    elif attribute in CUMULATIVE_COUNTS or attribute in FIXED_COUNTS:
        verb, verbs, what = "say", "says", f"{shown} {attribute}"
    else:
        verb, verbs, what = "say", "says", f"{subject}'s {attribute} is {shown}"
    if len(articles) == 1:  # one article: a claim only because it changed its value (revisions)
        text = f"{who} {verbs} {what}"
    elif " and " not in who:
        text = f"{who} {verbs} {what} in {len(articles)} reports"
    elif len(articles) == 2:
        text = f"{who} both {verb} {what}"
    else:
        text = f"{who} all {verb} {what}"
    raw = {r.fact.value for r in reports}
    if attribute == "statement posted on" and len(raw) > 1:
        text += f" (written {' and '.join(sorted(raw))}; Twitter is the former name of X)"
    elif attribute == ROLE and len(values) > 1:
        text += " (one is only more specific)"
    elif attribute == "marriage date" and len(values) > 1:
        text += " (one is only more precise)"
    return text


def _explain_consistent(subject: str, attribute: str, values: Sequence[_Value], names: _Names) -> str:
    """Why a group's differences are only time passing."""
    dated = [v for v in values if v.as_of is not None]
    if attribute == AGE and len(dated) >= 2:
        steps = ", ".join(f"{v.display} on {_when(v)}" for v in values)
        first, last = min(v.as_of for v in dated if v.as_of), max(v.as_of for v in dated if v.as_of)
        return f"{subject} is {steps}: {_elapsed(first, last)}, so one birth date fits every report"
    if attribute in CUMULATIVE_COUNTS:
        steps = " to ".join(f"{v.display} ({names.who(v.articles)}, {_when(v)})" for v in values)
        return f"The {attribute} count rises from {steps}: an update between reports, not a conflict"
    if attribute == ROLE:
        current = [v for v in values if not v.key.startswith("former ")]
        former = [v for v in values if v.key.startswith("former ")]
        said = [a for v in current for a in v.articles]
        later = [a for v in former for a in v.articles]
        return (
            f"{_says(names, said)} {current[0].display} until {_when(current[-1])}; {_says(names, later)} "
            f"{former[0].display} from {_when(former[0])}: the role ended between reports"
        )
    steps = ", ".join(f"{v.display} on {_when(v)}" for v in values)
    return f"{subject} is {steps}: the value changes only as time passes"


def _explain_conflict(attribute: str, values: Sequence[_Value], names: _Names) -> str:
    """Why a group's values contradict each other."""
    main = _majority(values, names)
    others = [v for v in values if v.key != main.key]
    if attribute.endswith(TITLE_SUFFIX):
        kind = attribute.removesuffix(TITLE_SUFFIX).strip() or "work"
        parts = [f"{_verb(names, v.articles, 'spell')} the {kind} “{v.display}”" for v in others]
        return "; ".join(parts) + f"; {names.who(main.articles)} write “{main.display}”"
    if attribute == AGE:
        dated = [v.as_of for v in values if v.as_of] + [v.last for v in values if v.last]
        span = (max(dated) - min(dated)).days if dated else 0
        if not dated:
            reason = "no date says when each held"
        elif span <= NO_TIME_DAYS:
            reason = "no time has passed between these reports"
        else:
            reason = "no single birth date fits all of them"
        parts = [f"{_says(names, v.articles)} {v.display} ({_when(v)})" for v in others]
        return (
            " and ".join(parts)
            + f" while {_says(names, main.articles)} {main.display} ({_when(main)}); {reason}"
        )
    if attribute in CUMULATIVE_COUNTS:
        parts = [f"{_says(names, v.articles)} {v.display} ({_when(v)})" for v in values]
        if all(v.as_of is None for v in values):
            return "; ".join(parts) + ": no date says which report came first"
        return "; ".join(parts) + f": the {attribute} count falls between reports"
    parts = [f"{_says(names, v.articles)} {_shown(attribute, v.display)}" for v in [main, *others]]
    return "; ".join(parts)


def _claim(
    group_key: tuple[str, str, str],
    reports: Sequence[_Report],
    names: _Names,
    *,
    changes: Sequence[_Change] = (),
    shown: Sequence[_Report] = (),
) -> ExportClaim:
    """One claim from one group of reports (what the articles say now), with the values articles changed
    in later versions (``changes``; ``shown`` holds every version's reports, for how values are written)."""
    subject, attribute, _ = group_key
    values = _values(reports)
    status = _status(attribute, reports)
    revisions = _revisions(changes, shown)
    now: dict[str, set[str]] = defaultdict(set)
    for report in reports:
        now[report.fact.article].add(report.key)
    # values a source corrected away (and does not state again); others may still carry them
    retracted = {c.before for c in changes if c.before not in now[c.article]}
    kept = [r for r in reports if r.key not in retracted]
    if status == "conflict" and retracted and kept and _status(attribute, kept) != "conflict":
        status = "consistent"
        stale = [v for v in values if v.key in retracted]
        text = _explain_corrected(attribute, stale, revisions, names)
    else:
        if status == "agree":
            text = _explain_agree(subject, attribute, values, reports, names)
        elif status == "consistent":
            text = _explain_consistent(subject, attribute, values, names)
        else:
            text = _explain_conflict(attribute, values, names)
        if revisions:
            text += "; " + _revision_notes(attribute, revisions, names)
    articles = sorted({r.fact.article for r in reports})
    return ExportClaim(
        subject=subject,
        attribute=attribute,
        status=status,
        values=tuple(
            ClaimValue(value=v.display, as_of=v.as_of.isoformat() if v.as_of else None, articles=v.articles)
            for v in values
        ),
        explanation=f"{text} {_sources_note(articles, names)}.",
        revisions=revisions,
    )


def _revision_notes(attribute: str, revisions: Sequence[ClaimRevision], names: _Names) -> str:
    """ "Quay Post changed 12 to 15 on 2024-05-03" for each revision."""
    notes = []
    for revision in revisions:
        before = _shown(attribute, revision.before)
        when = revision.replaced_at[:10]
        if revision.after is None:
            notes.append(f"{names.outlet(revision.article)} removed {before} on {when}")
        else:
            after = _shown(attribute, revision.after)
            notes.append(f"{names.outlet(revision.article)} changed {before} to {after} on {when}")
    return "; ".join(notes)


def _explain_corrected(
    attribute: str, stale: Sequence[_Value], revisions: Sequence[ClaimRevision], names: _Names
) -> str:
    """Why values that conflict are an update: their source corrected them; who still carries them."""
    carried = [f"{_verb(names, v.articles, 'still say')} {_shown(attribute, v.display)}" for v in stale]
    return f"{_revision_notes(attribute, revisions, names)}; " + "; ".join(carried)


def _with_earlier(
    claim: ExportClaim,
    group_key: tuple[str, str, str],
    reports: Sequence[_Report],
    before: Sequence[_Report],
    names: _Names,
) -> ExportClaim:
    """The claim with its explanation saying whether the story's main value fits earlier stories'."""
    attribute = group_key[1]
    main = _majority(_values(reports), names)
    earlier_values = _values(before)
    earlier_main = _majority(earlier_values, names)
    pooled = [r for r in reports if r.key == main.key] + [r for r in before if r.key == earlier_main.key]
    fits = _status(attribute, pooled) != "conflict"
    verdict = "which fits" if fits else "which does not fit"
    note = (
        f"; earlier stories said {_shown(attribute, earlier_main.display)} ({_when(earlier_main)}), {verdict}"
    )
    head, _, tail = claim.explanation.rpartition(" (")
    return dataclasses.replace(claim, explanation=f"{head}{note} ({tail}")
