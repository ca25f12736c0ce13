"""The ECB+ same-event reader and scoring of `storyline eval events`, on tiny invented XML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.errors import ParseError
from storyline.evaluation.events import (
    EventSentence,
    LabelledPair,
    command,
    labelled_pairs,
    read_event_file,
    read_event_sentences,
    score_decision,
)


def _doc(name: str, sentences: list[list[str]], markables: str, relations: str) -> str:
    """An invented ECB+ document: tokens numbered from 1, then markables and relations."""
    tokens = []
    t_id = 0
    for number, words in enumerate(sentences):
        for position, word in enumerate(words):
            t_id += 1
            tokens.append(f'<token t_id="{t_id}" sentence="{number}" number="{position}">{word}</token>')
    return (
        f'<Document doc_name="{name}">\n' + "\n".join(tokens) + f"\n<Markables>{markables}</Markables>\n"
        f"<Relations>{relations}</Relations>\n</Document>\n"
    )


def _chain(note: str, *m_ids: str) -> str:
    return (
        f'<CROSS_DOC_COREF r_id="1" note="{note}">'
        + "".join(f'<source m_id="{m}"/>' for m in m_ids)
        + '<target m_id="99"/></CROSS_DOC_COREF>'
    )


def _mention(tag: str, m_id: str, *t_ids: int) -> str:
    return f'<{tag} m_id="{m_id}">' + "".join(f'<token_anchor t_id="{t}"/>' for t in t_ids) + f"</{tag}>"


FIRST = _doc(
    "3_1ecb.xml",
    [
        ["Quarry", "workers", "struck", "on", "Monday", "."],  # t 1-6
        ["The", "mayor", "``", "regrets", "''", "it", "."],  # t 7-13 (PTB quotes)
        ["Nothing", "annotated", "here", "."],  # t 14-17
    ],
    _mention("ACTION_OCCURRENCE", "1", 3)
    + _mention("TIME_DATE", "2", 4, 5)
    + _mention("ACTION_STATE", "3", 10)
    + '<ACTION_OCCURRENCE m_id="99" instance_id="ACT1" TAG_DESCRIPTOR="strike"/>',
    _chain("ACT1", "1") + _chain("HUM5", "3"),
)
SECOND = _doc(
    "3_2ecb.xml",
    [
        ["The", "strike", "at", "the", "quarry", "began", "."],  # t 1-7
        ["Police", "arrested", "two", "men", "."],  # t 8-12
    ],
    _mention("ACTION_OCCURRENCE", "1", 2) + _mention("ACTION_OCCURRENCE", "2", 9),
    _chain("ACT1", "1"),
)
THIRD = _doc(
    "3_1ecbplus.xml", [["Another", "strike", "ended", "."]], _mention("ACTION_OCCURRENCE", "1", 3), ""
)
CSV = "Topic,File,Sentence Number\n3,1ecb,0\n3,1ecb,1\n3,2ecb,0\n3,2ecb,1\n3,1ecbplus,0\n"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """An invented ECB+ folder: topic 3 with two ecb documents and one ecbplus document."""
    (tmp_path / "3").mkdir()
    for name, text in (("3_1ecb.xml", FIRST), ("3_2ecb.xml", SECOND), ("3_1ecbplus.xml", THIRD)):
        (tmp_path / "3" / name).write_text(text, encoding="utf-8")
    (tmp_path / "ECBplus_coreference_sentences.csv").write_text(CSV, encoding="utf-8")
    return tmp_path


def test_read_event_file_keeps_annotated_sentences_with_event_mentions(corpus: Path) -> None:
    assert read_event_file(corpus / "3" / "3_1ecb.xml", [0, 1, 2]) == [
        EventSentence(
            doc="3_1ecb",
            topic=3,
            subtopic="ecb",
            number=0,
            text="Quarry workers struck on Monday.",
            times=("on Monday",),
            chains=frozenset({"ACT1"}),
        ),
        EventSentence(
            doc="3_1ecb",
            topic=3,
            subtopic="ecb",
            number=1,
            text='The mayor "regrets" it.',
            times=(),
            chains=frozenset({"3_1ecb#3"}),  # its chain is an entity chain: the mention stands alone
        ),
    ]
    assert [s.number for s in read_event_file(corpus / "3" / "3_1ecb.xml", [1])] == [1]


def test_pairs_are_across_documents_of_one_story(corpus: Path) -> None:
    sentences = read_event_sentences(corpus)
    assert [(s.doc, s.number) for s in sentences] == [
        ("3_1ecb", 0),
        ("3_1ecb", 1),
        ("3_1ecbplus", 0),
        ("3_2ecb", 0),
        ("3_2ecb", 1),
    ]  # by document number, ecb before ecbplus
    pairs = labelled_pairs(sentences)
    assert [(p.a.doc, p.a.number, p.b.doc, p.b.number, p.same_event) for p in pairs] == [
        ("3_1ecb", 0, "3_2ecb", 0, True),
        ("3_1ecb", 0, "3_2ecb", 1, False),
        ("3_1ecb", 1, "3_2ecb", 0, False),
        ("3_1ecb", 1, "3_2ecb", 1, False),
    ]
    assert all(isinstance(p, LabelledPair) for p in pairs)


def test_score_decision_counts_precision_recall_and_auc() -> None:
    scored = score_decision([0.9, 0.6, 0.4, 0.1], [True, False, True, False], 0.5, (0.3, 0.5, 0.7))
    assert scored["precision"] == 0.5
    assert scored["recall"] == 0.5
    assert scored["f1"] == 0.5
    assert scored["fpr"] == 0.5
    assert scored["auc"] == 0.75
    assert (scored["pairs"], scored["positives"]) == (4, 2)
    assert scored["best"] == {"threshold": 0.3, "precision": 0.6667, "recall": 1.0, "f1": 0.8, "fpr": 0.5}
    assert scored["best_balanced"] == scored["best"]


def test_held_back_topics_and_bad_files_raise(tmp_path: Path) -> None:
    held = tmp_path / "40_1ecb.xml"
    held.write_text(THIRD, encoding="utf-8")
    with pytest.raises(ParseError, match="held back"):
        read_event_file(held)
    broken = tmp_path / "3_9ecb.xml"
    broken.write_text("<Document><token", encoding="utf-8")
    with pytest.raises(ParseError, match="unreadable ECB"):
        read_event_file(broken)
    with pytest.raises(ParseError, match="not an ECB"):
        read_event_file(tmp_path / "notes.xml")


def test_command_prints_json(corpus: Path) -> None:
    result = CliRunner().invoke(command, ["ecbplus", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["sentences"], data["topics"]) == (5, 1)
    assert (data["timeline"]["pairs"], data["timeline"]["positives"]) == (4, 1)
    assert data["timeline"]["auc"] == 1.0


def test_command_reports_missing_csv(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["ecbplus", str(tmp_path), "--json"])
    assert result.exit_code == 1
    assert "cannot read the annotated-sentence list" in result.output


def test_citation_pairs_take_each_other_documents_best_sentence(corpus: Path) -> None:
    from storyline.evaluation.events import citation_pairs
    from storyline.summarize import support_similarity

    sentences = read_event_sentences(corpus)
    found = [(s.doc, s.number, doc, gold) for s, doc, _, gold in citation_pairs(sentences)]
    assert found == [
        ("3_1ecb", 0, "3_2ecb", True),  # the strike sentence of 3_2ecb mentions the same chain
        ("3_1ecb", 1, "3_2ecb", False),
        ("3_2ecb", 0, "3_1ecb", True),
        ("3_2ecb", 1, "3_1ecb", False),
    ]
    ecb = [s for s in sentences if s.subtopic == "ecb"]
    matrix = support_similarity([s.text for s in ecb])
    best = max(matrix[0, 2], matrix[0, 3])  # sentence 0 of 3_1ecb against both sentences of 3_2ecb
    assert citation_pairs(sentences)[0][2] == pytest.approx(float(best))
