"""Quote extraction: every quoting convention, titles, scare quotes, unbalanced marks (no parser)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.errors import ParseError
from storyline.evaluation.polnear import PolnearArticle, PolnearAttribution, is_direct, read_split
from storyline.evaluation.quotes import Predicted, _person_like, gold_referent, score
from storyline.extract.quotes import TitleMention, extract_quotes, find_pieces, find_quotes
from storyline.models import Annotation, Article, TextSpan


def quote_texts(text: str) -> list[str]:
    """The text of every quote found, in order."""
    quotes, _ = find_quotes(text)
    return [" ".join(" ".join(text[p.start : p.end].split()) for p in group) for group in quotes]


def title_list(text: str) -> list[tuple[str, str]]:
    """(text, kind) of every title found."""
    _, titles = find_quotes(text)
    return [(t.text, t.kind) for t in titles]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will hold firm," Lopez said.', ["We will hold firm,"]),
        ("“We will hold firm,” Lopez said.", ["We will hold firm,"]),
        ("``We will hold firm,'' Lopez said.", ["We will hold firm,"]),
        ("''We will hold firm,'' Ms. Lopez said.", ["We will hold firm,"]),
        ("'We will hold firm,' Lopez said.", ["We will hold firm,"]),
        ("‘We will hold firm,’ Lopez said.", ["We will hold firm,"]),
        ("`We will hold firm,' Lopez said.", ["We will hold firm,"]),
    ],
    ids=["straight", "curly", "ptb", "doubled-apostrophes", "single", "curly-single", "backtick"],
)
def test_every_quote_mark_style(text: str, expected: list[str]) -> None:
    assert quote_texts(text) == expected


def test_backtick_apostrophes_are_not_quote_marks() -> None:
    text = "Lopez couldn`t say. She said `it`s over and we won`t return' to reporters on Monday."
    assert quote_texts(text) == ["it`s over and we won`t return"]


def test_apostrophes_elisions_and_possessives_are_not_quote_marks() -> None:
    text = "The voters' mood in the '90s was rock 'n' roll, O’Brien’s aide said, and it's 'em again."
    assert find_pieces(text) == []


def test_quote_reopened_at_each_paragraph_is_one_quote() -> None:
    text = (
        "Lopez wrote on Facebook:\n\n"
        "“The ferry will run by June. We have the money.\n\n"
        "“Every resident will ride free in the first month.\n\n"
        "“Then we will see who was right.”\n\n"
        "The council meets next week."
    )
    quotes, _ = find_quotes(text)
    assert [[text[p.start : p.end] for p in group] for group in quotes] == [
        [
            "The ferry will run by June. We have the money.",
            "Every resident will ride free in the first month.",
            "Then we will see who was right.",
        ]
    ]


def test_quote_interrupted_by_its_attribution_is_one_quote() -> None:
    text = '"We will hold firm," she said. "We have nothing to hide."'
    assert quote_texts(text) == ["We will hold firm, We have nothing to hide."]
    text = "“The ferry,” Lopez said, “will run by June.”"
    assert quote_texts(text) == ["The ferry, will run by June."]


def test_an_attribution_that_ends_the_sentence_turns_the_comma_into_a_full_stop() -> None:
    """In the quote's text, the comma the attribution took back becomes the full stop it stands for;
    before "she said, " the quoted sentence goes on and the comma stays."""
    text = (
        '"We will hold firm," she said. "We have nothing to hide."\n\n'
        "“The ferry,” Lopez said, “will run by June.”"
    )
    article = Article(id="a-9", source="t.txt", title="Ferry", text=text)
    extraction = extract_quotes(article, Annotation(article_id="a-9", model="none"))
    assert [q.text for q in extraction.quotes] == [
        "We will hold firm. We have nothing to hide.",
        "The ferry, will run by June.",
    ]


def test_two_attributions_between_quotes_keep_two_quotes() -> None:
    text = '"This plan is a waste of money," said Okafor. He continued, "Voters deserve a real debate."'
    assert quote_texts(text) == ["This plan is a waste of money,", "Voters deserve a real debate."]


def test_sic_brackets_and_ellipses_stay_in_the_quote() -> None:
    text = "“Their [the council’s] plan is a dissaster (sic) … and everyone knows it,” Okafor said."
    assert quote_texts(text) == ["Their [the council’s] plan is a dissaster (sic) … and everyone knows it,"]


def test_partial_quote_at_the_end_of_a_sentence() -> None:
    text = 'Lopez explained that she left "because the schedule was brutal and I missed my children."'
    assert quote_texts(text) == ["because the schedule was brutal and I missed my children."]


def test_unbalanced_mark_stays_in_its_paragraph() -> None:
    text = (
        'He said "this never closes and runs on\n\n'
        "A second paragraph without quotes.\n\n"
        'A third one, where "the harbor will open in June," she said.'
    )
    assert quote_texts(text) == ["this never closes and runs on", "the harbor will open in June,"]


def test_stray_closing_mark_alone_is_ignored() -> None:
    assert find_pieces("The budget” was approved on Monday.") == []


def test_titles_of_works_are_titles_not_quotes() -> None:
    text = 'He sang the ballad "Northern Lights" from his album "Blue Harbor" on Friday night.'
    assert quote_texts(text) == []
    assert title_list(text) == [("Northern Lights", "song"), ("Blue Harbor", "album")]


def test_role_after_title_makes_a_title() -> None:
    text = 'The "Salt Road" singer and the "Winter Ledger" author met at the festival.'
    assert title_list(text) == [("Salt Road", "song"), ("Winter Ledger", "book")]


def test_film_book_and_show_nouns_give_the_kind() -> None:
    text = (
        'She starred in the film "Quiet Water" and wrote a memoir, "Tides," before the show '
        '"Harbor Lights" began.'
    )
    assert title_list(text) == [("Quiet Water", "film"), ("Tides", "book"), ("Harbor Lights", "show")]


def test_nicknames_and_scare_quotes_are_titles() -> None:
    text = (
        'Wrestler Dwayne "The Rock" Johnson mocked the so-called "reform" package, '
        'which critics dubbed "the ferry tax" in March.'
    )
    assert quote_texts(text) == []
    assert title_list(text) == [("The Rock", "nickname"), ("reform", "scare"), ("the ferry tax", "nickname")]


def test_short_quoted_phrase_inside_a_sentence_is_a_phrase() -> None:
    text = 'Okafor called the budget a "shell game" that voters would reject.'
    assert quote_texts(text) == []
    assert title_list(text) == [("shell game", "phrase")]


def test_extract_quotes_without_parser_gives_spans_into_the_text() -> None:
    text = 'Harbor news\n\n"We will hold firm," Lopez said.'
    article = Article(id="a-1", source="fixture", title="Harbor news", text=text)
    extraction = extract_quotes(article, Annotation(article_id="a-1", model="none"))
    assert [(q.text, q.spans) for q in extraction.quotes] == [("We will hold firm", (TextSpan(14, 32),))]
    assert text[14:32] == "We will hold firm,"
    assert extraction.titles == ()


def test_extract_quotes_on_empty_text_is_empty() -> None:
    article = Article(id="a-2", source="fixture", title="", text="")
    extraction = extract_quotes(article, Annotation(article_id="a-2", model="none"))
    assert extraction.quotes == ()
    assert extraction.titles == ()


def test_title_mention_records_its_span() -> None:
    text = 'the song "Salt Road" again'
    _, titles = find_quotes(text)
    assert titles == [TitleMention(text="Salt Road", kind="song", span=TextSpan(10, 19))]


@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"“”‘’'`")), max_size=200))
def test_pieces_never_overlap_or_cross_a_line(text: str) -> None:
    pieces = find_pieces(text)
    for piece in pieces:
        assert 0 <= piece.start < piece.end <= len(text)
        assert "\n" not in text[piece.start : piece.end]
    for before, after in itertools.pairwise(pieces):
        assert before.end <= after.start


def test_polnear_reader_and_scorer(tmp_path: Path) -> None:
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    text = 'Harbor vote\n\n"We will hold firm," Lopez said. Okafor said the plan was late.\n'
    (split / "text" / "paper_2024-03-05_harbor.txt").write_text(text, encoding="utf-8")
    quote_start = text.index('"We')
    quote_end = text.index(",") + 2
    lopez = text.index("Lopez")
    late = text.index("the plan")
    (split / "attributions" / "paper_2024-03-05_harbor_ab12.ann").write_text(
        f"T1\tContent {quote_start} {quote_end}\t{text[quote_start:quote_end]}\n"
        f"T2\tSource {lopez} {lopez + 5}\tLopez\n"
        f"T3\tCue {lopez + 6} {lopez + 10}\tsaid\n"
        f"T4\tContent {late} {late + 21}\t{text[late : late + 21]}\n"
        "E1\tAttribution:T9 Content:T1 Cue:T3 Source:T2\n"
        "E2\tAttribution:T8 Content:T4\n",
        encoding="utf-8",
    )
    (articles,) = [read_split(split)]
    assert [(a.name, len(a.attributions)) for a in articles] == [("paper_2024-03-05_harbor", 2)]
    assert [is_direct(a) for a in articles[0].attributions] == [True, False]
    found = [
        Predicted(spans=(TextSpan(quote_start + 1, quote_end - 2),), speaker="Maria Lopez", entity=None,
                  speaker_span=None),
        Predicted(spans=(TextSpan(0, 6),), speaker=None, entity=None, speaker_span=None),
    ]  # fmt: skip
    scores = score(articles, [found])
    assert (scores.precision, scores.recall, scores.speaker_accuracy, scores.correct) == (0.5, 1.0, 1.0, 1)


def test_polnear_reader_rejects_other_folders(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="not a PolNeAR split"):
        read_split(tmp_path)


def _attribution(text: str, content: str, source: str, occurrence: int = 0) -> PolnearAttribution:
    """A gold attribution whose Content and Source are found in ``text`` (Source: its n-th occurrence)."""
    c = text.index(content)
    s = -1
    for _ in range(occurrence + 1):
        s = text.index(source, s + 1)
    return PolnearAttribution(
        content=(TextSpan(c, c + len(content)),),
        content_text=content,
        source=(TextSpan(s, s + len(source)),),
        source_text=source,
        cue_text="said",
    )


def test_person_like_sources() -> None:
    sources = [
        "Lopez",
        "Ms. Hale, whose ferry sank,",
        "Harbor Town's Maria Lopez, one of two council members,",
        "veteran pollster Dana Ruiz",
        "Another pollster, Victor Hale of Harbor College,",
        "Opinion polls",
        "Both chambers of the Council",
        "The Ohio senator's",
        "the Harbor Town Council",
        "notes released by the Town Hall",
    ]
    assert [_person_like(s) for s in sources] == [True, True, True, True, True] + [False] * 5


def test_gold_referent_uses_gender_from_other_sources_and_skips_non_persons() -> None:
    text = (
        '"We will rebuild," Maria Lopez said. "No," Daniel Okafor said. "It is late," Okafor said. '
        'Opinion polls found "a tie." '
        '"The pier is ours," she said. Charlie Hale, who "never gives up," was there.'
    )
    lopez = _attribution(text, '"We will rebuild,"', "Maria Lopez")
    daniel = _attribution(text, '"No,"', "Daniel Okafor")
    okafor = _attribution(text, '"It is late,"', "Okafor")
    polls = _attribution(text, '"a tie."', "Opinion polls")
    she = _attribution(text, '"The pier is ours,"', "she")
    who = _attribution(text, '"never gives up,"', "who")
    article = PolnearArticle(
        name="paper_2024-03-05_pier",
        text=text,
        publisher=None,
        published=None,
        attributions=(lopez, daniel, okafor, polls, she, who),
    )
    # "she": not "Okafor" (male through "Daniel Okafor"), not "Opinion polls" (no person)
    assert [gold_referent(article, a) for a in (she, who)] == ["Maria Lopez", "Charlie Hale"]


def test_nested_sources_accept_either_and_errors_are_recorded() -> None:
    text = 'Harbor vote\n\n"We will hold firm," Lopez said, according to the Harbor Gazette.\n'
    quote = '"We will hold firm,"'
    outer = _attribution(text, quote, "the Harbor Gazette")
    inner = _attribution(text, quote, "Lopez")
    article = PolnearArticle(
        name="paper_2024-03-05_harbor", text=text, publisher=None, published=None, attributions=(outer, inner)
    )
    start = text.index(quote) + 1
    ours = [
        Predicted(spans=(TextSpan(start, start + 17),), speaker="Maria Lopez", entity=None, speaker_span=None)
    ]
    assert (score([article], [ours]).speaker_accuracy, score([article], [ours]).speaker_accuracy_named) == (
        1.0,
        1.0,
    )
    errors: list[dict[str, object]] = []
    old = score([article], [ours], any_nested_source=False, errors=errors)
    assert (old.speaker_accuracy, old.speaker_accuracy_named) == (0.0, 0.0)
    assert errors == [
        {
            "article": "paper_2024-03-05_harbor",
            "offset": start,
            "before": 'Harbor vote "',
            "quote": "We will hold firm",
            "after": '," Lopez said, according to the Harbor Gazette.',
            "gold_source": "the Harbor Gazette",
            "gold_cue": "said",
            "gold_named": True,
            "gold_referent": "Lopez",
            "speaker": "Maria Lopez",
            "speaker_mention": None,
        }
    ]


def test_backticks_as_both_marks_around_backtick_apostrophes() -> None:
    text = (
        "`It`s the calmest crossing I`ve made,` said Ivo Brandl. The crew stayed `cool and quick` all night."
    )
    assert quote_texts(text) == ["It`s the calmest crossing I`ve made,"]
    assert title_list(text) == [("cool and quick", "phrase")]


def test_two_terms_with_narrative_between_are_not_one_interrupted_quote() -> None:
    text = (
        "Harrow Films, which is making “The Glass Pier”, described the delay as a “rest” rather than "
        "an end to the project."
    )
    assert quote_texts(text) == []
    assert title_list(text) == [("The Glass Pier", "unknown"), ("rest", "phrase")]


def test_comma_outside_the_marks_still_joins_an_interrupted_quote() -> None:
    text = "“We lost a week”, she said, “but not the boat.”"
    assert quote_texts(text) == ["We lost a week but not the boat."]


def test_term_named_by_as_x_called_it_is_a_scare_quote() -> None:
    text = "Its “rest”, as the studio called it, lasted a month."
    assert title_list(text) == [("rest", "scare")]
    assert quote_texts(text) == []


def test_title_case_run_ending_a_sentence_without_a_cue_is_a_title() -> None:
    text = "A month after the storm, Ivo Brandl is back on “The Glass Pier”. Work resumed on Monday."
    assert title_list(text) == [("The Glass Pier", "unknown")]
    assert quote_texts(text) == []


def test_title_case_run_after_a_preposition_is_a_title_even_with_a_cue_verb() -> None:
    text = "She married a pianist who wrote the music for “Glass Pier”."
    assert title_list(text) == [("Glass Pier", "unknown")]


def test_title_case_words_after_a_cue_without_preposition_stay_a_quote() -> None:
    text = 'Asked about the vote, Brandl said "Thank You Harrow".'
    assert quote_texts(text) == ["Thank You Harrow"]


def test_a_verb_show_before_a_quote_is_not_a_work_noun() -> None:
    text = "Her lawyer said the tape would show him “walking away from the crowd on the pier”."
    assert title_list(text) == []
    assert quote_texts(text) == ["walking away from the crowd on the pier"]


def test_work_noun_linked_to_its_title_by_of() -> None:
    text = "He thinks this is an episode of “Glass Pier.” It is not."
    assert title_list(text) == [("Glass Pier.", "show")]
    assert quote_texts(text) == []


def test_a_short_quote_after_a_sentence_end_is_a_quote_not_a_title() -> None:
    # the sentence before ends right at the opening mark; the comma closing the quote is inside the marks
    text = (
        "Daniel Okafor toured the pier on Monday. He was unhappy with the repairs. "
        '"The pier is rotten," he said.\n'
    )
    assert quote_texts(text) == ["The pier is rotten,"]
    assert title_list(text) == []


@pytest.mark.parametrize("dash", ["\u2014", "\u2013", "\u2015", "\u2012"])
def test_straight_marks_touching_any_dash_open_and_close(dash: str) -> None:
    # a straight mark right before a dash closes a quote, right after one opens it
    text = (
        f'The harbor master spoke{dash}"The pier is unsafe,{dash}" he said, "and the fence too."{dash}Okafor'
    )
    assert quote_texts(text) == [f"The pier is unsafe,{dash} and the fence too."]


@pytest.mark.parametrize("dash", ["\u2014", "\u2013", "\u2015", "\u2012"])
def test_a_quote_broken_off_by_any_dash_loses_it(dash: str) -> None:
    text = f'"We will fix the pier, the fence and{dash}" Okafor said.'
    article = Article(id="a-3", source="fixture", title="", text=text)
    extraction = extract_quotes(article, Annotation(article_id="a-3", model="none"))
    assert [q.text for q in extraction.quotes] == ["We will fix the pier, the fence and"]
