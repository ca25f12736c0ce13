"""The claims stage: facts read from invented articles, and compared across invented outlets."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.claims import (
    EVENT_SUBJECT,
    Fact,
    VersionFacts,
    compare_claims,
    compare_storyline_claims,
    extract_facts,
)
from storyline.export.types import ClaimRevision, ClaimValue, ExportClaim, SummarySentence
from storyline.models import Annotation, Article, EntityMention, TextSpan
from storyline.summarize import qualify_summary

DAY = dt.date(2024, 3, 4)
NEXT_DAY = dt.date(2024, 3, 5)
DAY_AFTER = dt.date(2024, 3, 6)
YEAR_LATER = dt.date(2025, 3, 3)


def _article(text: str, entities: dict[str, str], *, article_id: str = "a-1") -> tuple[Article, Annotation]:
    """An article and a hand-made annotation: every occurrence of each entity string, sentences by regex."""
    mentions: list[EntityMention] = []
    for name, label in sorted(entities.items(), key=lambda kv: -len(kv[0])):  # longer names first
        for found in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            if not any(m.start < found.end() and found.start() < m.end for m in mentions):
                mentions.append(EntityMention(start=found.start(), end=found.end(), text=name, label=label))
    sentences = []
    start = 0
    for found in re.finditer(r"(?<=[.!?])[”\"]?\s+", text):
        sentences.append(TextSpan(start, found.start()))
        start = found.end()
    sentences.append(TextSpan(start, len(text)))
    article = Article(
        id=article_id, source=f"{article_id}.txt", title="t", text=text, outlet="Lakeside Tribune"
    )
    annotation = Annotation(
        article_id=article_id,
        model="test",
        sentences=tuple(sentences),
        entities=tuple(sorted(mentions, key=lambda m: m.start)),
    )
    return article, annotation


def _read(text: str, entities: dict[str, str], **kwargs: object) -> list[tuple[str, str, str, str]]:
    """(subject, attribute, value, evidence) of every fact read from ``text``."""
    article, annotation = _article(text, entities)
    facts = extract_facts(article, annotation, anchor=DAY, **kwargs)  # type: ignore[arg-type]
    for fact in facts:
        assert fact.evidence == text[fact.span.start : fact.span.end]
        assert fact.as_of == DAY and fact.article == "a-1"
    return [(f.subject, f.attribute, f.value, f.evidence) for f in facts]


# --- extraction ----------------------------------------------------------------------------------------


def test_ages_named_and_described_resolve_to_the_full_name() -> None:
    """Case: "X, 47," and "(47)" read directly; "the 47-year-old actress" and a surname: the full name."""
    text = (
        "Actress Rosalind Achterberg, 47, has left the stage play. The 47-year-old actress said she was "
        "tired. Her co-star Lenart Osei (39) stays. Achterberg, 47, thanked the cast."
    )
    facts = _read(text, {"Rosalind Achterberg": "PERSON", "Lenart Osei": "PERSON", "Achterberg": "ORG"})
    assert facts == [
        ("Rosalind Achterberg", "role", "actress", "Actress Rosalind Achterberg"),
        ("Rosalind Achterberg", "age", "47", "Rosalind Achterberg, 47"),
        ("Lenart Osei", "age", "39", "Lenart Osei (39)"),
    ]


def test_description_skips_a_person_whose_age_is_known_to_differ() -> None:
    """Case: "the 38-year-old" is not the person already said to be 52, but the one named before him."""
    text = (
        "Singer Teodor Vansittart appeared in court. The photographer, Ilse Maranta, 52, says the "
        "38-year-old pushed her."
    )
    facts = _read(text, {"Teodor Vansittart": "ORG", "Ilse Maranta": "PERSON"})
    assert facts == [
        ("Teodor Vansittart", "role", "singer", "Singer Teodor Vansittart"),
        ("Ilse Maranta", "role", "photographer", "The photographer, Ilse Maranta"),
        ("Ilse Maranta", "age", "52", "Ilse Maranta, 52"),
        ("Teodor Vansittart", "age", "38", "the 38-year-old"),
    ]


def test_indefinite_or_ambiguous_descriptions_give_no_fact() -> None:
    """Case: "a 24-year-old nurse" is someone new; "the 30-year-old" after a 38-year-old is nobody known."""
    text = (
        "Teodor Vansittart, 38, was charged. The victim, a 24-year-old nurse, was treated. The 30-year-old "
        "was later released. The 40-year-old rivalry between the clubs goes on."
    )
    assert _read(text, {"Teodor Vansittart": "PERSON"}) == [
        ("Teodor Vansittart", "age", "38", "Teodor Vansittart, 38")
    ]


def test_a_description_followed_by_a_name_is_that_person() -> None:
    """Case: "a 19-year-old student named Mira Solberg" names her."""
    text = "Outside court, a 19-year-old student named Mira Solberg held a sign."
    assert _read(text, {"Mira Solberg": "ORG"}) == [("Mira Solberg", "age", "19", "a 19-year-old student")]


def test_age_of_a_thing() -> None:
    """Case: "the 28-year-old vessel" is the ship the article names most."""
    text = "The Marlow Queen struck a sandbank. The Dunhollow Line said the 28-year-old vessel was sound."
    assert _read(text, {"Marlow Queen": "ORG", "Dunhollow Line": "PERSON"}) == [
        ("Marlow Queen", "age", "28", "the 28-year-old vessel")
    ]


def test_spouse_relatives_and_marriage_date() -> None:
    """Case: "her husband, the architect X", "married to X since 2011", "his daughter, Y" (a relative)."""
    text = (
        "Rosalind Achterberg will rest at home. Her husband, the architect Piers Valcourt, is with her. "
        "She has been married to Piers Valcourt since 2011. Lenart Osei said his daughter, Ada Osei, was "
        "safe."
    )
    facts = _read(
        text,
        {
            "Rosalind Achterberg": "PERSON",
            "Piers Valcourt": "PERSON",
            "Lenart Osei": "PERSON",
            "Ada Osei": "PERSON",
        },
    )
    assert facts == [
        ("Rosalind Achterberg", "spouse", "Piers Valcourt", "Her husband, the architect Piers Valcourt"),
        ("Piers Valcourt", "role", "architect", "the architect Piers Valcourt"),
        ("Rosalind Achterberg", "marriage date", "2011", "married to Piers Valcourt since 2011"),
        ("Lenart Osei", "daughter", "Ada Osei", "his daughter, Ada Osei"),
    ]


def test_married_in_month_and_year() -> None:
    """Case: "married in June 2011" gives a month-precise date."""
    text = "Piers Valcourt and the actress married in June 2011 in a small ceremony."
    assert _read(text, {"Piers Valcourt": "PERSON"}) == [
        ("Piers Valcourt", "marriage date", "2011-06", "married in June 2011")
    ]


def test_roles_before_and_after_names() -> None:
    """Titles before a name, appositions either side, "former" kept, other words before the role dropped."""
    text = (
        "Finance Minister Odalys Brenn rejected the plan. The former coach Mattias Oyelaran agreed. The "
        "harbourmaster, Kestrel Dunne, closed the port. Ivo Ramsgate, the chief executive of Fellmoor "
        "Ferries, apologised. Rock singer Tamsin Okafor cancelled a show."
    )
    entities = dict.fromkeys(
        ("Odalys Brenn", "Mattias Oyelaran", "Kestrel Dunne", "Ivo Ramsgate", "Tamsin Okafor"), "PERSON"
    )
    assert _read(text, entities) == [
        ("Odalys Brenn", "role", "finance minister", "Finance Minister Odalys Brenn"),
        ("Mattias Oyelaran", "role", "former coach", "The former coach Mattias Oyelaran"),
        ("Kestrel Dunne", "role", "harbourmaster", "The harbourmaster, Kestrel Dunne"),
        ("Ivo Ramsgate", "role", "chief executive", "Ivo Ramsgate, the chief executive"),
        ("Tamsin Okafor", "role", "singer", "Rock singer Tamsin Okafor"),
    ]


def test_platforms_and_their_aliases() -> None:
    """Posting verbs before a platform; "Twitter" is read as X; a lower-case "x" is not a platform."""
    text = (
        "Rosalind Achterberg announced it in a statement posted on Instagram. Lenart Osei wrote on Twitter "
        "that he was sorry. Ivo Ramsgate said in a press release that the line would reopen. Mira Solberg "
        "posted on x marks the spot. Ada Osei tweeted an apology. On Facebook, Odalys Brenn wrote that she "
        "would stay. Tamsin Okafor told her fans on TikTok that the tour was off."
    )
    people = (
        "Rosalind Achterberg",
        "Lenart Osei",
        "Ivo Ramsgate",
        "Mira Solberg",
        "Ada Osei",
        "Odalys Brenn",
    )
    entities = dict.fromkeys((*people, "Tamsin Okafor"), "PERSON")
    assert _read(text, entities) == [
        ("Rosalind Achterberg", "statement posted on", "Instagram", "posted on Instagram"),
        ("Lenart Osei", "statement posted on", "X", "wrote on Twitter"),
        ("Ivo Ramsgate", "statement posted on", "press release", "in a press release"),
        ("Ada Osei", "statement posted on", "X", "tweeted"),
        ("Odalys Brenn", "statement posted on", "Facebook", "On Facebook, Odalys Brenn wrote"),
        ("Tamsin Okafor", "statement posted on", "TikTok", "told her fans on TikTok"),
    ]


def test_a_statement_by_an_organisation_is_not_given_to_a_person() -> None:
    """Case: "The line said on its website" names no person; the person named before is not guessed."""
    text = (
        "Ivo Ramsgate left the meeting early. The Dunhollow Line said on its website that sailings would "
        "resume."
    )
    assert _read(text, {"Ivo Ramsgate": "PERSON", "Dunhollow Line": "ORG"}) == []


def test_titles_found_with_a_cue_word_or_given_by_the_quotes_stage() -> None:
    """Quoted capitalised titles after "film"/"memoir" are read; an uncued one only when it is given."""
    text = (
        'Rosalind Achterberg has left the film "Winter Lanterns". Achterberg\'s memoir, “Quiet Rooms”, '
        "sold well. Achterberg first sang “Harbour Bells” in 1999."
    )
    entities = {"Rosalind Achterberg": "PERSON", "Achterberg": "PERSON"}
    assert _read(text, entities) == [
        (
            "Rosalind Achterberg",
            "film title",
            "Winter Lanterns",
            'Rosalind Achterberg has left the film "Winter Lanterns"',
        ),
        ("Rosalind Achterberg", "book title", "Quiet Rooms", "Achterberg's memoir, “Quiet Rooms”"),
    ]
    start = text.index("Harbour Bells")
    given = [("Harbour Bells", TextSpan(start, start + len("Harbour Bells")))]
    assert _read(text, entities, titles=given) == [
        ("Rosalind Achterberg", "title", "Harbour Bells", "Achterberg first sang “Harbour Bells”")
    ]


def test_counts_and_vague_counts() -> None:
    """Exact counts of injured, dead and passengers are read; vague ones and partial ones are not."""
    text = (
        "The ferry Marlow Queen, carrying 188 passengers, struck a sandbank, injuring 9 people. Eleven "
        "people were hurt, the coastguard said later. Two passengers remain in hospital. More than 30 "
        "people were hurt in a second crash. The death toll rose to three."
    )
    assert _read(text, {"Marlow Queen": "ORG"}) == [
        ("Marlow Queen", "passengers", "188", "carrying 188 passengers"),
        ("Marlow Queen", "injured", "9", "injuring 9"),
        ("Marlow Queen", "injured", "11", "Eleven people were hurt"),
        ("Marlow Queen", "dead", "3", "death toll rose to three"),
    ]


def test_counts_without_a_named_thing_are_about_the_event() -> None:
    """No ship or building is named: the count's subject is the story's event."""
    assert _read("A bus left the road near the bridge and 14 people were injured.", {}) == [
        (EVENT_SUBJECT, "injured", "14", "14 people were injured")
    ]


def test_other_age_forms_and_past_tense() -> None:
    """Case: "who is 61", "is 33 years old", "aged 19" read; "was 40 when" is an age at another time."""
    text = (
        "Lenart Osei, who is 61, retired. Ada Osei is 33 years old. Ivo Ramsgate was 40 when he founded "
        "the firm. Mira Solberg, aged 19, joined it."
    )
    entities = {
        "Lenart Osei": "PERSON",
        "Ada Osei": "PERSON",
        "Ivo Ramsgate": "PERSON",
        "Mira Solberg": "PERSON",
    }
    assert _read(text, entities) == [
        ("Lenart Osei", "age", "61", "Lenart Osei, who is 61"),
        ("Ada Osei", "age", "33", "Ada Osei is 33 years old"),
        ("Mira Solberg", "age", "19", "Mira Solberg, aged 19"),
    ]


def test_given_titles_skip_scare_quotes_and_nicknames() -> None:
    """Quoted words the quotes stage passes as titles are used only when they look like a title."""
    text = 'Tamsin "The Lark" Okafor called the delay a "pause". Okafor sang "Copper Moon" for the album.'
    spans = [(m.group(1), TextSpan(m.start(1), m.end(1))) for m in re.finditer(r'"([^"]+)"', text)]
    assert [t for t, _ in spans] == ["The Lark", "pause", "Copper Moon"]
    assert _read(text, {"Tamsin": "PERSON", "Okafor": "PERSON"}, titles=spans) == [
        ("Okafor", "title", "Copper Moon", 'Okafor sang "Copper Moon"')
    ]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB12,.-\"“”'(year-old)\n")), max_size=200))
def test_any_text_gives_facts_that_point_at_their_words(text: str) -> None:
    """Arbitrary text never crashes the reader, and every fact's evidence is the text at its span."""
    article, annotation = _article(text, {"AB": "PERSON", "Ab Ba": "PERSON"})
    for fact in extract_facts(article, annotation, anchor=None):
        assert fact.evidence == text[fact.span.start : fact.span.end]


def test_text_without_facts() -> None:
    """Empty text and text with numbers but no readable fact give nothing."""
    assert _read("", {}) == []
    assert _read("The council met for 3 hours and 20 minutes. Nobody was named.", {}) == []


# --- comparison ----------------------------------------------------------------------------------------

OUTLETS = {
    "a-1": "Lakeside Tribune",
    "a-2": "Ferncastle Echo",
    "a-3": "Quayside Wire",
    "a-4": "Dunmore Bulletin",
}


def _fact(article: str, subject: str, attribute: str, value: str, as_of: dt.date | None = DAY) -> Fact:
    """A fact as extract_facts would give it."""
    return Fact(
        article=article,
        subject=subject,
        attribute=attribute,
        value=value,
        as_of=as_of,
        span=TextSpan(0, 1),
        evidence="x",
    )


def _compare(facts: list[Fact], **kwargs: object) -> tuple[ExportClaim, ...]:
    """compare_claims with every article dated by its facts and named by OUTLETS."""
    dates = {f.article: f.as_of for f in facts}
    return compare_claims(facts, dates=dates, outlets=OUTLETS, **kwargs)  # type: ignore[arg-type]


def test_age_conflict_when_no_time_has_passed() -> None:
    """48 one day after 47, while another outlet still says 47 that day: no birth date fits."""
    facts = [
        _fact("a-1", "Rosalind Achterberg", "age", "47", DAY),
        _fact("a-2", "Rosalind Achterberg", "age", "48", NEXT_DAY),
        _fact("a-3", "Achterberg", "age", "47", NEXT_DAY),
    ]
    assert _compare(facts) == (
        ExportClaim(
            subject="Rosalind Achterberg",
            attribute="age",
            status="conflict",
            values=(
                ClaimValue(value="47", as_of="2024-03-04", articles=("a-1", "a-3")),
                ClaimValue(value="48", as_of="2024-03-05", articles=("a-2",)),
            ),
            explanation=(
                "Ferncastle Echo says 48 (2024-03-05) while Lakeside Tribune and Quayside Wire say 47 "
                "(2024-03-04 to 2024-03-05); no time has passed between these reports (3 independent "
                "sources)."
            ),
        ),
    )


def test_age_one_day_apart_fits_a_birthday() -> None:
    """47 on one day and 48 the next, with nothing else said, fit a birthday in between."""
    facts = [
        _fact("a-1", "Lenart Osei", "age", "47", DAY),
        _fact("a-2", "Lenart Osei", "age", "48", NEXT_DAY),
    ]
    assert [c.status for c in _compare(facts)] == ["consistent"]


def test_age_a_year_later_is_consistent() -> None:
    """47, then 48 a year later: time passed, not a conflict."""
    facts = [
        _fact("a-1", "Rosalind Achterberg", "age", "47", DAY),
        _fact("a-2", "Rosalind Achterberg", "age", "48", YEAR_LATER),
    ]
    (claim,) = _compare(facts)
    assert claim.status == "consistent"
    assert claim.explanation == (
        "Rosalind Achterberg is 47 on 2024-03-04, 48 on 2025-03-03: a year has passed, so one birth date "
        "fits every report (2 independent sources)."
    )


def test_age_two_years_up_in_a_year_conflicts() -> None:
    """47, then 49 a year later: no birth date fits."""
    facts = [
        _fact("a-1", "Rosalind Achterberg", "age", "47", DAY),
        _fact("a-2", "Rosalind Achterberg", "age", "49", YEAR_LATER),
    ]
    assert [c.status for c in _compare(facts)] == ["conflict"]


def test_earlier_story_explains_a_later_age() -> None:
    """The story agrees on 48; the earlier story's 47 a year before fits, and the explanation says so."""
    facts = [
        _fact("a-3", "Rosalind Achterberg", "age", "48", YEAR_LATER),
        _fact("a-4", "Rosalind Achterberg", "age", "48", YEAR_LATER),
    ]
    earlier = [_fact("a-1", "Rosalind Achterberg", "age", "47", DAY)]
    dates = {"a-1": DAY, "a-3": YEAR_LATER, "a-4": YEAR_LATER}
    (claim,) = compare_claims(facts, dates=dates, earlier=earlier, outlets=OUTLETS)
    assert claim.status == "agree"
    assert claim.explanation == (
        "Quayside Wire and Dunmore Bulletin both say Rosalind Achterberg is 48; earlier stories said 47 "
        "(2024-03-04), which fits (2 independent sources)."
    )


def test_rising_injured_count_is_an_update() -> None:
    """9, then 11, then 14 on later days: consistent."""
    facts = [
        _fact("a-1", "Marlow Queen", "injured", "9", DAY),
        _fact("a-2", "Marlow Queen", "injured", "11", NEXT_DAY),
        _fact("a-3", "Marlow Queen", "injured", "14", DAY_AFTER),
        _fact("a-4", "Marlow Queen", "injured", "14", DAY_AFTER),
    ]
    (claim,) = _compare(facts)
    assert claim.status == "consistent"
    assert [(v.value, v.as_of, v.articles) for v in claim.values] == [
        ("9", "2024-03-04", ("a-1",)),
        ("11", "2024-03-05", ("a-2",)),
        ("14", "2024-03-06", ("a-3", "a-4")),
    ]
    assert claim.explanation == (
        "The injured count rises from 9 (Lakeside Tribune, 2024-03-04) to 11 (Ferncastle Echo, 2024-03-05) "
        "to 14 (Quayside Wire and Dunmore Bulletin, 2024-03-06): an update between reports, not a conflict "
        "(4 independent sources)."
    )


def test_falling_count_conflicts_and_fixed_counts_never_change() -> None:
    """A toll that falls a day later conflicts; so do two passenger numbers."""
    facts = [
        _fact("a-1", "Marlow Queen", "injured", "14", DAY),
        _fact("a-2", "Marlow Queen", "injured", "9", NEXT_DAY),
        _fact("a-1", "Marlow Queen", "passengers", "188", DAY),
        _fact("a-2", "Marlow Queen", "passengers", "198", NEXT_DAY),
    ]
    claims = _compare(facts)
    assert [(c.attribute, c.status, c.explanation) for c in claims] == [
        (
            "injured",
            "conflict",
            "Ferncastle Echo says 9 (2024-03-05); Lakeside Tribune says 14 (2024-03-04): the injured "
            "count falls between reports (2 independent sources).",
        ),
        (
            "passengers",
            "conflict",
            "Lakeside Tribune says 188; Ferncastle Echo says 198 (2 independent sources).",
        ),
    ]


def test_undated_counts_that_differ_conflict() -> None:
    """Two undated injured counts cannot be ordered, so their difference is not an update."""
    facts = [
        _fact("a-1", "Marlow Queen", "injured", "9", None),
        _fact("a-2", "Marlow Queen", "injured", "11", None),
    ]
    (claim,) = _compare(facts)
    assert (claim.status, claim.explanation) == (
        "conflict",
        "Lakeside Tribune says 9 (undated); Ferncastle Echo says 11 (undated): no date says which report "
        "came first (2 independent sources).",
    )


def test_platform_conflict_and_twitter_is_x() -> None:
    """Instagram vs Facebook conflicts; "Twitter" and "X" agree."""
    facts = [
        _fact("a-1", "Rosalind Achterberg", "statement posted on", "Instagram"),
        _fact("a-2", "Rosalind Achterberg", "statement posted on", "Instagram"),
        _fact("a-3", "Rosalind Achterberg", "statement posted on", "Facebook", NEXT_DAY),
        _fact("a-1", "Lenart Osei", "statement posted on", "Twitter"),
        _fact("a-2", "Lenart Osei", "statement posted on", "X"),
    ]
    claims = _compare(facts)
    assert [(c.subject, c.status, [v.value for v in c.values], c.explanation) for c in claims] == [
        (
            "Lenart Osei",
            "agree",
            ["X"],
            "Lakeside Tribune and Ferncastle Echo both say Lenart Osei's statement was posted on X "
            "(written Twitter and X; Twitter is the former name of X) (2 independent sources).",
        ),
        (
            "Rosalind Achterberg",
            "conflict",
            ["Instagram", "Facebook"],
            "Lakeside Tribune and Ferncastle Echo say Instagram; Quayside Wire says Facebook (3 "
            "independent sources).",
        ),
    ]


def test_misspelled_title_conflicts_and_other_works_stay_apart() -> None:
    """A one-letter misspelling conflicts; case and quote marks do not; another film is its own claim."""
    facts = [
        _fact("a-1", "Rosalind Achterberg", "film title", "Winter Lanterns"),
        _fact("a-2", "Rosalind Achterberg", "title", "WINTER LANTERNS"),
        _fact("a-3", "Rosalind Achterberg", "film title", "Winter Lantern"),
        _fact("a-1", "Rosalind Achterberg", "film title", "Saltmarsh Days"),
        _fact("a-2", "Rosalind Achterberg", "film title", "Saltmarsh Days"),
    ]
    claims = _compare(facts)
    assert [
        (c.attribute, c.status, [(v.value, v.articles) for v in c.values], c.explanation) for c in claims
    ] == [
        (
            "film title",
            "agree",
            [("Saltmarsh Days", ("a-1", "a-2"))],
            "Lakeside Tribune and Ferncastle Echo both write “Saltmarsh Days” (2 independent sources).",
        ),
        (
            "film title",
            "conflict",
            [("Winter Lantern", ("a-3",)), ("Winter Lanterns", ("a-1", "a-2"))],
            "Quayside Wire spells the film “Winter Lantern”; Lakeside Tribune and Ferncastle Echo write "
            "“Winter Lanterns” (3 independent sources).",
        ),
    ]


def test_sequels_are_different_works() -> None:
    """ "Harbour Nights II" is not a misspelling of "Harbour Nights III": two works, no conflict."""
    facts = [
        _fact("a-1", "Lenart Osei", "film title", "Harbour Nights II"),
        _fact("a-2", "Lenart Osei", "film title", "Harbour Nights II"),
        _fact("a-2", "Lenart Osei", "film title", "Harbour Nights III"),
        _fact("a-3", "Lenart Osei", "film title", "Harbour Nights III"),
    ]
    assert [(c.status, [v.value for v in c.values]) for c in _compare(facts)] == [
        ("agree", ["Harbour Nights II"]),
        ("agree", ["Harbour Nights III"]),
    ]


def test_copies_of_one_text_count_once() -> None:
    """Two outlets carrying one wire text are one source; an agreement resting only on copies says so."""
    facts = [
        _fact("a-1", "Lenart Osei", "age", "39"),
        _fact("a-2", "Lenart Osei", "age", "39", NEXT_DAY),
        _fact("a-3", "Lenart Osei", "age", "39", NEXT_DAY),
    ]
    families = {"a-1": "f-wire", "a-2": "f-wire"}
    (claim,) = _compare(facts, families=families)
    assert claim.explanation == (
        "Lakeside Tribune, Ferncastle Echo and Quayside Wire all say Lenart Osei is 39 (2 independent "
        "sources; Ferncastle Echo copies Lakeside Tribune and counts once)."
    )
    (only_copies,) = _compare(facts[:2], families=families)
    assert only_copies.explanation == (
        "Lakeside Tribune and Ferncastle Echo both say Lenart Osei is 39 (1 independent source; Ferncastle "
        "Echo copies Lakeside Tribune and counts once)."
    )


def test_former_role_after_the_change_is_consistent() -> None:
    """Case: "coach" then "former coach" later is a change; "former coach" before "coach" is a conflict."""
    facts = [
        _fact("a-1", "Mattias Oyelaran", "role", "coach", DAY),
        _fact("a-2", "Mattias Oyelaran", "role", "former coach", NEXT_DAY),
    ]
    (claim,) = _compare(facts)
    assert (claim.status, claim.explanation) == (
        "consistent",
        "Lakeside Tribune says coach until 2024-03-04; Ferncastle Echo says former coach from 2024-03-05: "
        "the role ended between reports (2 independent sources).",
    )
    swapped = [
        _fact("a-1", "Mattias Oyelaran", "role", "former coach", DAY),
        _fact("a-2", "Mattias Oyelaran", "role", "coach", NEXT_DAY),
    ]
    assert [c.status for c in _compare(swapped)] == ["conflict"]


def test_roles_of_one_office_and_of_different_offices() -> None:
    """Case: "minister" and "finance minister" agree; "finance minister" and "foreign minister" conflict;
    "composer" is another office and no conflict."""
    facts = [
        _fact("a-1", "Odalys Brenn", "role", "minister"),
        _fact("a-2", "Odalys Brenn", "role", "finance minister"),
        _fact("a-1", "Ivo Ramsgate", "role", "finance minister"),
        _fact("a-2", "Ivo Ramsgate", "role", "foreign minister"),
        _fact("a-1", "Ivo Ramsgate", "role", "composer"),
        _fact("a-3", "Ivo Ramsgate", "role", "composer"),
    ]
    assert [(c.subject, c.status, [v.value for v in c.values]) for c in _compare(facts)] == [
        ("Ivo Ramsgate", "agree", ["composer"]),
        ("Ivo Ramsgate", "conflict", ["finance minister", "foreign minister"]),
        ("Odalys Brenn", "agree", ["finance minister", "minister"]),
    ]


def test_spouse_surname_matches_full_name_and_marriage_precision() -> None:
    """Case: "Valcourt" is "Piers Valcourt"; "2011" and "2011-06" agree; another spouse conflicts."""
    facts = [
        _fact("a-1", "Rosalind Achterberg", "spouse", "Piers Valcourt"),
        _fact("a-2", "Achterberg", "spouse", "Valcourt"),
        _fact("a-1", "Rosalind Achterberg", "marriage date", "2011"),
        _fact("a-2", "Rosalind Achterberg", "marriage date", "2011-06"),
        _fact("a-1", "Lenart Osei", "spouse", "Mira Solberg"),
        _fact("a-2", "Lenart Osei", "spouse", "Ada Osei"),
    ]
    assert [
        (c.subject, c.attribute, c.status, [(v.value, v.articles) for v in c.values]) for c in _compare(facts)
    ] == [
        ("Lenart Osei", "spouse", "conflict", [("Ada Osei", ("a-2",)), ("Mira Solberg", ("a-1",))]),
        ("Rosalind Achterberg", "marriage date", "agree", [("2011", ("a-1",)), ("2011-06", ("a-2",))]),
        ("Rosalind Achterberg", "spouse", "agree", [("Piers Valcourt", ("a-1", "a-2"))]),
    ]


def test_platforms_one_article_gives_together_are_not_a_conflict() -> None:
    """An article saying Instagram and X for one person shows both hold: two claims, no conflict."""
    facts = [
        _fact("a-1", "Lenart Osei", "statement posted on", "Instagram"),
        _fact("a-1", "Lenart Osei", "statement posted on", "X"),
        _fact("a-2", "Lenart Osei", "statement posted on", "Instagram"),
        _fact("a-3", "Lenart Osei", "statement posted on", "Twitter"),
    ]
    assert [(c.status, [(v.value, v.articles) for v in c.values]) for c in _compare(facts)] == [
        ("agree", [("Instagram", ("a-1", "a-2"))]),
        ("agree", [("X", ("a-1", "a-3"))]),
    ]


def test_values_not_from_the_reader_are_compared_as_text() -> None:
    """An age or count that is not a number (another producer's fact) is compared as text, not parsed."""
    facts = [_fact("a-1", "Lenart Osei", "age", "sixty"), _fact("a-2", "Lenart Osei", "age", "61")]
    assert [(c.status, [v.value for v in c.values]) for c in _compare(facts)] == [
        ("conflict", ["sixty", "61"])
    ]


def test_a_copy_reprinted_later_holds_at_its_original_date() -> None:
    """A wire text reprinted a year later still says 47 as of when it was written: 48 now fits it."""
    facts = [
        _fact("a-1", "Lenart Osei", "age", "47", DAY),
        _fact("a-2", "Lenart Osei", "age", "47", YEAR_LATER),
        _fact("a-3", "Lenart Osei", "age", "48", YEAR_LATER),
    ]
    assert [c.status for c in _compare(facts)] == ["conflict"]
    (claim,) = _compare(facts, families={"a-1": "f-1", "a-2": "f-1"})
    assert (claim.status, [(v.value, v.as_of, v.articles) for v in claim.values]) == (
        "consistent",
        [("47", "2024-03-04", ("a-1", "a-2")), ("48", "2025-03-03", ("a-3",))],
    )


def test_undated_ages_that_differ_conflict() -> None:
    """Without any date, two ages cannot be told apart by time."""
    facts = [_fact("a-1", "Lenart Osei", "age", "47", None), _fact("a-2", "Lenart Osei", "age", "48", None)]
    (claim,) = _compare(facts)
    assert (claim.status, claim.explanation) == (
        "conflict",
        "Lakeside Tribune says 47 (undated) while Ferncastle Echo says 48 (undated); no date says when "
        "each held (2 independent sources).",
    )


_FACT_CHOICES = st.tuples(
    st.sampled_from(["a-1", "a-2", "a-3", "a-4"]),
    st.sampled_from(["Rosalind Achterberg", "Achterberg", "Marlow Queen"]),
    st.sampled_from(["age", "injured", "statement posted on", "film title", "role"]),
    st.sampled_from(
        ["47", "48", "X", "Twitter", "Winter Lantern", "Winter Lanterns", "coach", "former coach"]
    ),
    st.sampled_from([DAY, NEXT_DAY, YEAR_LATER, None]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_FACT_CHOICES, max_size=12), st.randoms(use_true_random=False))
def test_claims_do_not_depend_on_fact_order(
    choices: list[tuple[str, str, str, str, dt.date | None]], rnd: object
) -> None:
    """Any facts, shuffled, give the same claims (and never crash)."""
    facts = [_fact(*choice) for choice in choices]
    shuffled = list(facts)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    dates = {"a-1": DAY, "a-2": NEXT_DAY, "a-3": YEAR_LATER, "a-4": None}
    families = {"a-1": "f", "a-2": "f"}
    assert compare_claims(facts, dates=dates, families=families) == compare_claims(
        shuffled, dates=dates, families=families
    )


def test_single_report_and_empty_input_give_no_claim() -> None:
    """A fact stated by one article is not compared; no facts, no claims."""
    assert (
        _compare([_fact("a-1", "Lenart Osei", "age", "39"), _fact("a-1", "Lenart Osei", "age", "39")]) == ()
    )
    assert _compare([]) == ()


def test_output_does_not_depend_on_input_order() -> None:
    """Same facts in reverse order, same claims."""
    facts = [
        _fact("a-1", "Marlow Queen", "injured", "9", DAY),
        _fact("a-2", "Marlow Queen", "injured", "11", NEXT_DAY),
        _fact("a-1", "Rosalind Achterberg", "age", "47", DAY),
        _fact("a-2", "Rosalind Achterberg", "age", "48", NEXT_DAY),
        _fact("a-3", "Rosalind Achterberg", "age", "47", NEXT_DAY),
    ]
    assert _compare(facts) == _compare(facts[::-1])


def test_storyline_claims_compare_each_story_consensus() -> None:
    """A year apart the consensus ages fit; a minority conflict inside a story stays out of it."""
    first = [
        _fact("a-1", "Rosalind Achterberg", "age", "47", DAY),
        _fact("a-2", "Rosalind Achterberg", "age", "47", DAY),
        _fact("a-2", "Rosalind Achterberg", "age", "48", NEXT_DAY),
        _fact("a-1", "Rosalind Achterberg", "spouse", "Piers Valcourt", DAY),
    ]
    second = [
        _fact("a-3", "Rosalind Achterberg", "age", "48", YEAR_LATER),
        _fact("a-3", "Rosalind Achterberg", "spouse", "Piers Valcourt", YEAR_LATER),
    ]
    dates = {"a-1": DAY, "a-2": DAY, "a-3": YEAR_LATER}
    assert compare_storyline_claims([first, second], dates=dates, outlets=OUTLETS) == (
        ExportClaim(
            subject="Rosalind Achterberg",
            attribute="age",
            status="consistent",
            values=(
                ClaimValue(value="47", as_of="2024-03-04", articles=("a-1", "a-2")),
                ClaimValue(value="48", as_of="2025-03-03", articles=("a-3",)),
            ),
            explanation=(
                "Rosalind Achterberg is 47 on 2024-03-04, 48 on 2025-03-03: a year has passed, so one "
                "birth date fits every report (3 independent sources)."
            ),
        ),
    )


# --- values an article corrected in a later version ----------------------------------------------------

REPLACED = "2024-03-04T18:30:00+00:00"


def test_a_value_its_source_corrected_is_an_update_not_a_conflict() -> None:
    """Lakeside Tribune first gave the engineer's age as 47 and corrected it to 49 under the same URL;
    Quayside Wire, which copied the first version, still says 47: no birth date fits 47 and 49 on one
    day, but the source itself changed its figure, so the claim is consistent and says who lags."""
    facts = [
        _fact("a-1", "Rosalind Achterberg", "age", "49"),
        _fact("a-3", "Rosalind Achterberg", "age", "47"),
    ]
    first = VersionFacts(
        article="a-1", replaced_at=REPLACED, facts=(_fact("a-1", "Rosalind Achterberg", "age", "47"),)
    )
    revision = ClaimRevision(article="a-1", before="47", after="49", replaced_at=REPLACED)
    assert _compare(facts, versions=[first]) == (
        ExportClaim(
            subject="Rosalind Achterberg",
            attribute="age",
            status="consistent",
            values=(
                ClaimValue(value="47", as_of="2024-03-04", articles=("a-3",)),
                ClaimValue(value="49", as_of="2024-03-04", articles=("a-1",)),
            ),
            explanation=(
                "Lakeside Tribune changed 47 to 49 on 2024-03-04; Quayside Wire still says 47 "
                "(2 independent sources)."
            ),
            revisions=(revision,),
        ),
    )
    # without the first version the same two reports conflict
    assert [c.status for c in _compare(facts)] == ["conflict"]


def test_a_value_one_article_changed_is_a_claim_of_its_own() -> None:
    """A figure only one article states is no claim, unless an article changed it: then the change is
    shown; a figure a later version no longer gives is 'removed'."""
    facts = [_fact("a-1", EVENT_SUBJECT, "injured", "15"), _fact("a-2", EVENT_SUBJECT, "dead", "2")]
    versions = [
        VersionFacts(
            article="a-1", replaced_at=REPLACED, facts=(_fact("a-1", EVENT_SUBJECT, "injured", "12"),)
        ),
        VersionFacts(
            article="a-1",
            replaced_at="2024-03-05T07:00:00+00:00",
            facts=(_fact("a-1", EVENT_SUBJECT, "injured", "15"), _fact("a-1", EVENT_SUBJECT, "dead", "2")),
        ),
    ]
    assert _compare(facts) == ()
    assert _compare(facts, versions=versions) == (
        ExportClaim(
            subject=EVENT_SUBJECT,
            attribute="dead",
            status="agree",
            values=(ClaimValue(value="2", as_of="2024-03-04", articles=("a-2",)),),
            explanation=(
                "Ferncastle Echo says 2 dead; Lakeside Tribune removed 2 on 2024-03-05 "
                "(1 independent source)."
            ),
            revisions=(
                ClaimRevision(article="a-1", before="2", after=None, replaced_at="2024-03-05T07:00:00+00:00"),
            ),
        ),
        ExportClaim(
            subject=EVENT_SUBJECT,
            attribute="injured",
            status="agree",
            values=(ClaimValue(value="15", as_of="2024-03-04", articles=("a-1",)),),
            explanation=(
                "Lakeside Tribune says 15 injured; Lakeside Tribune changed 12 to 15 on 2024-03-04 "
                "(1 independent source)."
            ),
            revisions=(ClaimRevision(article="a-1", before="12", after="15", replaced_at=REPLACED),),
        ),
    )


def test_a_sentence_stating_a_corrected_value_is_superseded_by_the_correction() -> None:
    """The summary sentence from the outlet that still carries the corrected-away age is superseded by
    the article that corrected it."""
    facts = [
        Fact(article="a-1", subject="Rosalind Achterberg", attribute="age", value="49", as_of=DAY,
             span=TextSpan(0, 1), evidence="Rosalind Achterberg, 49"),
        Fact(article="a-3", subject="Rosalind Achterberg", attribute="age", value="47", as_of=DAY,
             span=TextSpan(0, 1), evidence="Rosalind Achterberg, 47"),
    ]  # fmt: skip
    first = VersionFacts(
        article="a-1", replaced_at=REPLACED, facts=(dataclasses.replace(facts[1], article="a-1"),)
    )
    claims = _compare(facts, versions=[first])
    summary = [SummarySentence(text="Rosalind Achterberg, 47, led the survey.", sources=("a-3",))]
    assert qualify_summary(summary, claims, {}, facts) == (
        SummarySentence(
            text="Rosalind Achterberg, 47, led the survey.",
            sources=("a-3",),
            independent_sources=1,
            disputed_by=(),
            superseded_by=("a-1",),
        ),
    )
