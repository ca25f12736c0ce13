"""The ECB+ reader and the clustering metrics, on small invented ECB+-format files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.errors import ParseError
from storyline.evaluation.clustering import b_cubed, command, pairwise_f1, score_clustering
from storyline.evaluation.ecbplus import detokenize, find_dateline, read_ecbplus, read_ecbplus_file
from storyline.ids import make_id


def write_doc(path: Path, sentences: list[str]) -> Path:
    """Write an ECB+-style token XML file: one sentence per string, tokens split on spaces."""
    lines = [f'<Document doc_name="{path.name}" doc_id="DOC1">']
    t_id = 1
    for s_no, sentence in enumerate(sentences):
        for number, token in enumerate(sentence.split(" ")):
            escaped = token.replace("&", "&amp;").replace("<", "&lt;")
            lines.append(f'<token t_id="{t_id}" sentence="{s_no}" number="{number}">{escaped}</token>')
            t_id += 1
    lines.append("<Markables>\n</Markables>\n<Relations>\n</Relations>\n</Document>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


PLUS_DOC = [
    "http : / / www . harbordaily . example / news / quint - rehab _ 1234",
    "Marla Quint checks into Sunridge Clinic",
    "Published : March 05 , 2019 4 : 10 PM EST",
    "Singer Marla Quint , 34 , has checked into Sunridge Clinic , her manager said .",
    "`` She is getting help , '' Tobias Renn told reporters on Monday .",
]
ECB_DOC = [
    "Actor Dorian Vale checked into a rehab centre in Oakvale on Friday .",
    "Vale 's lawyer said he was `` doing well '' and thanked fans .",
]


def test_ecbplus_file_gives_url_date_title_and_text(tmp_path: Path) -> None:
    doc = read_ecbplus_file(write_doc(tmp_path / "1" / "1_3ecbplus.xml", PLUS_DOC))
    url = "http://www.harbordaily.example/news/quint-rehab_1234"
    assert (doc.topic, doc.subtopic, doc.gold_story, doc.doc_name) == (
        "1",
        "ecbplus",
        "1/ecbplus",
        "1_3ecbplus.xml",
    )
    article = doc.article
    assert article.id == make_id("a", url)
    assert (article.url, article.outlet, article.published) == (
        url,
        "harbordaily.example",
        dt.date(2019, 3, 5),
    )
    assert (article.title, article.title_derived) == ("Marla Quint checks into Sunridge Clinic", False)
    assert article.text == (
        "Singer Marla Quint, 34, has checked into Sunridge Clinic, her manager said. "
        '"She is getting help," Tobias Renn told reporters on Monday.'
    )


def test_ecb_file_without_headline_is_undated_with_a_derived_title(tmp_path: Path) -> None:
    doc = read_ecbplus_file(write_doc(tmp_path / "1" / "1_2ecb.xml", ECB_DOC))
    article = doc.article
    assert (article.url, article.outlet, article.published) == (None, None, None)
    assert article.title == "Actor Dorian Vale checked into a rehab centre in Oakvale on Friday."
    assert article.title_derived is True
    assert article.text == (
        "Actor Dorian Vale checked into a rehab centre in Oakvale on Friday. "
        'Vale\'s lawyer said he was "doing well" and thanked fans.'
    )


def test_folder_reading_order_limit_and_held_out_topics(tmp_path: Path) -> None:
    write_doc(tmp_path / "2" / "2_1ecb.xml", ECB_DOC)
    write_doc(tmp_path / "10" / "10_1ecbplus.xml", PLUS_DOC)
    write_doc(tmp_path / "1" / "1_10ecb.xml", ["Storm hits Port Calder .", "Power was cut ."])
    write_doc(tmp_path / "1" / "1_9ecb.xml", ["Quake shakes Port Calder .", "No one was hurt ."])
    write_doc(tmp_path / "36" / "36_1ecb.xml", ["A held-back topic must never be read ."])
    (tmp_path / "1" / "notes.txt").write_text("not an ECB+ file", encoding="utf-8")
    names = [d.doc_name for d in read_ecbplus(tmp_path)]
    assert names == ["1_9ecb.xml", "1_10ecb.xml", "2_1ecb.xml", "10_1ecbplus.xml"]
    assert [d.doc_name for d in read_ecbplus(tmp_path, limit_topics=2)] == [
        "1_9ecb.xml",
        "1_10ecb.xml",
        "2_1ecb.xml",
    ]


def test_same_url_twice_gets_a_second_id(tmp_path: Path) -> None:
    write_doc(tmp_path / "1" / "1_1ecbplus.xml", PLUS_DOC)
    write_doc(tmp_path / "1" / "1_2ecbplus.xml", PLUS_DOC)
    ids = [d.article.id for d in read_ecbplus(tmp_path)]
    assert ids[0] == make_id("a", "http://www.harbordaily.example/news/quint-rehab_1234")
    assert len(set(ids)) == 2


def test_bad_inputs_raise_parse_errors(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="not a folder"):
        list(read_ecbplus(tmp_path / "missing"))
    with pytest.raises(ParseError, match="holds no topic folders"):
        list(read_ecbplus(tmp_path))
    broken = tmp_path / "3" / "3_1ecb.xml"
    broken.parent.mkdir()
    broken.write_text("<Document><token", encoding="utf-8")
    with pytest.raises(ParseError, match="cannot read the token XML"):
        read_ecbplus_file(broken)
    with pytest.raises(ParseError, match="not an ECB\\+ file name"):
        read_ecbplus_file(tmp_path / "story.xml")
    empty = write_doc(tmp_path / "4" / "4_1ecb.xml", [])
    with pytest.raises(ParseError, match="has no tokens"):
        read_ecbplus_file(empty)


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        ("Lohan 's rep did n't say", "Lohan's rep didn't say"),
        ("a 90 - day , court - ordered stint", "a 90-day, court-ordered stint"),
        ("`` We will , '' she said ( again ) .", '"We will," she said (again).'),
        ("$ 90 million at 1 : 26 PM in the U . S .", "$90 million at 1:26 PM in the U.S."),
        ("£1 . 7m on 05 / 02 / 2013", "£1.7m on 05/02/2013"),
        ("Mich . accountant : he said", "Mich. accountant: he said"),
    ],
)
def test_detokenize(tokens: str, text: str) -> None:
    assert detokenize(tokens.split(" ")) == text


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("Published : May 03 , 2013", dt.date(2013, 5, 3)),
        ("Posted on Thu Jun 13, 2013 08:45 AM PDT", dt.date(2013, 6, 13)),
        ("21 July 2013 Last updated at 11:11 GMT", dt.date(2013, 7, 21)),
        ("December 15th, 2008, 7:35 am", dt.date(2008, 12, 15)),
        ("Updated 4/11/2007 1:26 PM", dt.date(2007, 4, 11)),
        ("27/09/2013 - Turkmenistan to hold elections", dt.date(2013, 9, 27)),
        ("11/28/05", dt.date(2005, 11, 28)),
        ("published: 2012-04-04 11:47:35", dt.date(2012, 4, 4)),
        ("Article posted on 08.07.2012", dt.date(2012, 7, 8)),
    ],
)
def test_find_dateline(sentence: str, date: dt.date) -> None:
    found = find_dateline(sentence)
    assert found is not None and found[0] == date


def test_find_dateline_needs_a_full_date() -> None:
    assert find_dateline("Jul. 7 5:59 PM EDT") is None
    assert find_dateline("31/02/2013") is None


def test_b_cubed_and_pairwise_f1() -> None:
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    predicted = {"a": "1", "b": "1", "c": "2", "d": "2"}
    precision, recall, f1 = b_cubed(predicted, gold)
    # precision: a, b 1; c, d 1/2 -> 3/4. recall: a, b 2/3; c 1/3; d 1 -> 2/3
    assert (round(precision, 6), round(recall, 6), round(f1, 6)) == (0.75, 0.666667, 0.705882)
    # pairs: predicted {ab, cd}, gold {ab, ac, bc}: precision 1/2, recall 1/3 -> F1 0.4
    assert pairwise_f1(predicted, gold) == pytest.approx(0.4)
    assert score_clustering(gold, gold) == {
        "b3_precision": 1.0,
        "b3_recall": 1.0,
        "b3_f1": 1.0,
        "pairwise_f1": 1.0,
    }
    assert b_cubed({}, {}) == (0.0, 0.0, 0.0)


def test_command_on_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["ecbplus", str(tmp_path / "missing"), "--json"])
    assert result.exit_code == 1
    assert "not a folder" in result.output
