"""Tests for storyline.ingest.read_inputs and read_bytes: paths, folders, stdin, sniffing and bad inputs."""

from __future__ import annotations

import gzip
import io
import os
import shutil
from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.ingest import STDIN_SOURCE, InputKind, read_bytes, read_inputs, sniff_kind
from storyline.models import Article, Problem

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SETTINGS = Settings()
FERRY = b"Ferry resumes\nThe first ferry left Port Elm at dawn on Friday.\n"


def _describe(items: list[Article | Problem], root: Path) -> list[tuple[str, str]]:
    """(source relative to ``root``, title or error) for each item."""
    return [
        (os.path.relpath(item.source, root), item.title if isinstance(item, Article) else item.error)
        for item in items
    ]


def test_folders_are_read_recursively_in_sorted_order_skipping_hidden_names(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "z").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_bytes(b"Second\nBody two.\n")
    (tmp_path / "b" / "10.txt").write_bytes(b"Tenth\nBody ten.\n")
    (tmp_path / "a" / "z" / "deep.txt").write_bytes(b"Deep\nBody deep.\n")
    (tmp_path / "a" / "top.txt").write_bytes(b"Top\nBody top.\n")
    (tmp_path / ".git" / "config.txt").write_bytes(b"Hidden\nNot read.\n")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01binary")
    items = list(read_inputs([str(tmp_path)], SETTINGS))
    assert _describe(items, tmp_path) == [
        ("a/top.txt", "Top"),
        ("a/z/deep.txt", "Deep"),
        ("b/10.txt", "Tenth"),
        ("b/2.txt", "Second"),
    ]


def test_several_paths_keep_the_given_order_and_sources(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_bytes(b"One\nBody one.\n")
    (tmp_path / "two.txt").write_bytes(b"Two\nBody two.\n")
    paths = [str(tmp_path / "two.txt"), str(tmp_path / "missing.txt"), str(tmp_path / "one.txt")]
    items = list(read_inputs(paths, SETTINGS))
    assert [
        (item.source, getattr(item, "title", None) or getattr(item, "error", None)) for item in items
    ] == [
        (paths[0], "Two"),
        (paths[1], "no such file or folder"),
        (paths[2], "One"),
    ]


def test_stdin_is_read_for_dash() -> None:
    items = list(read_inputs(["-"], SETTINGS, stdin=io.BytesIO(FERRY)))
    assert [(item.source, item.title) for item in items if isinstance(item, Article)] == [
        (STDIN_SOURCE, "Ferry resumes")
    ]


def test_stdin_over_the_limit_is_refused() -> None:
    items = list(read_inputs(["-"], Settings(max_input_bytes=10), stdin=io.BytesIO(FERRY)))
    assert items == [
        Problem(source=STDIN_SOURCE, error="input is larger than the limit of 10 bytes (max_input_bytes)")
    ]


def test_reading_twice_gives_the_same_ids_and_the_same_text_from_two_outlets_differs(tmp_path: Path) -> None:
    body = b"Ferry resumes\nThe first ferry left Port Elm at dawn on Friday.\n"
    (tmp_path / "gazette.txt").write_bytes(b"outlet The Harbor Gazette\n" + body)
    (tmp_path / "courier.txt").write_bytes(b"outlet Lakeside Courier\n" + body)
    first = list(read_inputs([str(tmp_path), str(FIXTURES)], SETTINGS))
    second = list(read_inputs([str(tmp_path), str(FIXTURES)], SETTINGS))
    assert first == second
    ids = {item.outlet: item.id for item in first[:2] if isinstance(item, Article)}
    assert set(ids) == {"The Harbor Gazette", "Lakeside Courier"}
    assert ids["The Harbor Gazette"] != ids["Lakeside Courier"]


def test_reader_is_chosen_by_content_not_extension(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_bytes((FIXTURES / "html" / "lakeside_courier_meta.html").read_bytes())
    (tmp_path / "feed.dat").write_bytes((FIXTURES / "feeds" / "bayside_rss1.rdf").read_bytes())
    (tmp_path / "lines").write_bytes(b'{"title": "Ferry", "text": "It sailed."}\n')
    (tmp_path / "story.html").write_bytes(FERRY)
    items = list(read_inputs([str(tmp_path)], SETTINGS))
    assert _describe(items, tmp_path) == [
        ("feed.dat#entry-1", "Strait ferry sails again"),
        ("lines:line 1", "Ferry"),
        ("page.txt", "Storm defences to be reviewed, mayor says"),
        ("story.html", "Ferry resumes"),
    ]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"WARC/1.0\r\n", InputKind.WARC),
        (gzip.compress(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n"), InputKind.WARC),
        (b"filedesc://crawl.arc 0.0.0.0 20201019080000 text/plain 10\n", InputKind.WARC),
        (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c --><rss version="2.0">', InputKind.FEED),
        (
            b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><feed xmlns="http://www.w3.org/2005/Atom">',
            InputKind.FEED,
        ),
        (b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>", InputKind.FEED),
        (b"  <!DOCTYPE html>\n<html>", InputKind.HTML),
        (b"<!-- saved -->\n<html lang='en'>", InputKind.HTML),
        (b"<p>Just a fragment</p>", InputKind.HTML),
        (b'\n{"title": "x"}\n', InputKind.JSONL),
        (b'[{"title": "x"}]', InputKind.JSONL),
        (b" date 2020-10-16\nTitle\nBody", InputKind.TEXT),
        (b"<Title in angle brackets> is just text", InputKind.TEXT),
    ],
)
def test_sniff_kind(data: bytes, kind: InputKind) -> None:
    assert sniff_kind(data) is kind


def test_utf16_html_is_sniffed_and_read() -> None:
    page = (FIXTURES / "html" / "lakeside_courier_meta.html").read_text(encoding="utf-8").encode("utf-16")
    assert sniff_kind(page) is InputKind.HTML
    [item] = read_bytes(page, "utf16.html", SETTINGS)
    assert isinstance(item, Article)
    assert item.title == "Storm defences to be reviewed, mayor says"


def test_unexpected_reader_failure_is_a_problem_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(text: str, source: str) -> Article:
        raise RuntimeError("reader bug")

    monkeypatch.setattr("storyline.ingest.read_text", explode)
    items = list(read_inputs(["-", "-"], SETTINGS, stdin=io.BytesIO(FERRY)))
    assert items == [
        Problem(source=STDIN_SOURCE, error="unexpected error while reading (RuntimeError: reader bug)"),
        Problem(source=STDIN_SOURCE, error="empty file (no text)"),
    ]


def test_gzipped_text_is_decompressed_and_read(tmp_path: Path) -> None:
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(FERRY))
    [item] = read_inputs([str(tmp_path / "story.txt.gz")], SETTINGS)
    assert isinstance(item, Article)
    assert (item.title, item.text) == ("Ferry resumes", "The first ferry left Port Elm at dawn on Friday.")


def test_xml_that_is_not_a_feed_is_a_problem() -> None:
    data = b'<?xml version="1.0"?>\n<!-- export -->\n<catalog><book>Tides</book></catalog>'
    assert read_bytes(data, "books.xml", SETTINGS) == [
        Problem(source="books.xml", error="XML document (root <catalog>) is not a feed, page or archive")
    ]


def test_gzip_bomb_over_the_limit_is_refused() -> None:
    data = gzip.compress(b"a" * 5000)
    assert read_bytes(data, "bomb.gz", Settings(max_input_bytes=1000)) == [
        Problem(source="bomb.gz", error="decompresses to more than 1000 bytes, the limit (max_input_bytes)")
    ]


# bad inputs ------------------------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n")
    items = list(read_inputs([str(tmp_path / "empty.txt"), str(tmp_path / "blank.txt")], SETTINGS))
    assert items == [
        Problem(source=str(tmp_path / "empty.txt"), error="empty file (no text)"),
        Problem(source=str(tmp_path / "blank.txt"), error="empty file (only whitespace)"),
    ]


def test_file_of_only_nbsp_lines_is_empty(tmp_path: Path) -> None:
    (tmp_path / "nbsp.txt").write_bytes("\u00a0\u00a0\n \u00a0\n".encode())
    assert list(read_inputs([str(tmp_path / "nbsp.txt")], SETTINGS)) == [
        Problem(source=str(tmp_path / "nbsp.txt"), error="empty file (no text)")
    ]


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + bytes(range(256)))
    assert list(read_inputs([str(tmp_path / "photo.jpg")], SETTINGS)) == [
        Problem(source=str(tmp_path / "photo.jpg"), error="binary content (contains NUL bytes), not text")
    ]


def test_invalid_utf8_latin1_file_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes(
        "Café reopens\nThe quay café reopened, said Renée.\n".encode("latin-1")
    )
    [item] = read_inputs([str(tmp_path / "latin1.txt")], SETTINGS)
    assert isinstance(item, Article)
    assert (item.title, item.text) == ("Café reopens", "The quay café reopened, said Renée.")


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.warc"
    with big.open("wb") as handle:
        os.truncate(handle.fileno(), 200 * 1024 * 1024)  # sparse: no 200 MB written
    assert list(read_inputs([str(big)], Settings(max_input_bytes=50 * 1024 * 1024))) == [
        Problem(
            source=str(big),
            error="file is 209715200 bytes, over the limit of 52428800 bytes (max_input_bytes)",
        )
    ]


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere" / "story.txt")
    assert list(read_inputs([missing], SETTINGS)) == [Problem(source=missing, error="no such file or folder")]


def test_url_and_broken_symlink_name_their_reason(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    # http(s) URLs are fetched (tests/test_fetch.py); other schemes are refused without a network call.
    paths = ["ftp://harborgazette.example/news/a", str(tmp_path / "dangling.txt")]
    assert list(read_inputs(paths, SETTINGS)) == [
        Problem(source=paths[0], error="only http and https URLs are fetched (this one has ftp:)"),
        Problem(source=paths[1], error="broken symbolic link (its target does not exist)"),
    ]


def test_symlink_loop_between_folders_is_a_problem_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "story.txt").write_bytes(FERRY)
    (tmp_path / "news" / "again").symlink_to(tmp_path / "news", target_is_directory=True)
    (tmp_path / "news" / "self").symlink_to(tmp_path / "news" / "self")
    items = list(read_inputs([str(tmp_path / "news")], SETTINGS))
    assert _describe(items, tmp_path) == [
        ("news/again", "symbolic link loop: this folder contains itself; not read again"),
        ("news/self", "symbolic link loop (too many levels of symbolic links)"),
        ("news/story.txt", "Ferry resumes"),
    ]


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: root can read a file whatever its permission bits, so no unreadable file exists",
)
def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_bytes(FERRY)
    locked.chmod(0)
    try:
        assert list(read_inputs([str(locked)], SETTINGS)) == [
            Problem(source=str(locked), error="permission denied")
        ]
    finally:
        locked.chmod(0o644)


def test_file_that_cannot_be_opened_is_a_problem_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "locked.txt").write_bytes(FERRY)

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert list(read_inputs([str(tmp_path / "locked.txt")], SETTINGS)) == [
        Problem(source=str(tmp_path / "locked.txt"), error="permission denied")
    ]


def test_unreadable_folder_is_a_problem_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "news").mkdir()

    def refuse(self: Path) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refuse)
    assert list(read_inputs([str(tmp_path / "news")], SETTINGS)) == [
        Problem(source=str(tmp_path / "news"), error="permission denied")
    ]


def test_fixture_folder_reads_without_raising() -> None:
    items = list(read_inputs([str(FIXTURES)], SETTINGS))
    problems = [(os.path.relpath(p.source, FIXTURES), p.error) for p in items if isinstance(p, Problem)]
    assert problems == [
        ("feeds/malformed.xml", "malformed feed XML: not well-formed (invalid token) at line 3, column 1"),
        ("feeds/northfield_rss2.xml#entry-3", "feed entry has no text (no content or summary)"),
        (
            "html/truncated_in_head.html",
            "no article text found in the HTML (empty, truncated or not an article page)",
        ),
        ("jsonl/wire_batch.jsonl:line 3", "invalid JSON at column 96: Unterminated string"),
        ("jsonl/wire_batch.jsonl:line 6", "no text: the record needs a non-empty 'text' or 'html' field"),
        ("jsonl/wire_batch.jsonl:line 7", "expected a JSON object, got list"),
    ]
    assert len([a for a in items if isinstance(a, Article)]) == 19


def test_copied_fixture_folder_gives_the_same_ids(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "copy")
    original = [a.id for a in read_inputs([str(FIXTURES)], SETTINGS) if isinstance(a, Article)]
    copied = [a.id for a in read_inputs([str(tmp_path / "copy")], SETTINGS) if isinstance(a, Article)]
    assert copied == original
