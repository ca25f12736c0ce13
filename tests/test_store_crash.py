"""Crash safety: an ingest killed with SIGKILL halfway leaves the database consistent; a re-run completes it.

Each test starts a child Python process that writes invented articles into a file database in
transactions of :data:`BATCH` articles and prints a line after each commit; the parent kills it with
SIGKILL part way, then reopens the file and checks it.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.ids import make_id
from storyline.models import Article, Problem
from storyline.store import Store

BATCH = 50
REPO = Path(__file__).resolve().parent.parent
OUTLETS = ("Harbor Gazette", "Valley Courier", "Ridge Herald", "Lantern Daily")
CHILD = "import sys; from tests.test_store_crash import child_main; child_main(sys.argv[1:])"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def make_articles(count: int, words: int) -> list[Article]:
    """Return ``count`` invented articles of about ``words`` words each (every 7th one undated)."""
    articles = []
    for i in range(count):
        outlet = OUTLETS[i % len(OUTLETS)]
        url = f"https://{outlet.lower().replace(' ', '-')}.example/ferry/{i}"
        filler = " ".join(f"ferry{(i * 31 + k) % 997}" for k in range(words))
        articles.append(
            Article(
                id=make_id("a", url),
                source=f"inbox/{i}.html",
                title=f"Port Alden ferry update {i}",
                text=f"Mira Castellan spoke to {outlet} about update {i}.\n\n{filler}",
                url=url,
                outlet=outlet,
                author="Odo Brenner" if i % 2 else None,
                published=None if i % 7 == 0 else dt.date(2024, 1, 1) + dt.timedelta(days=i % 90),
            )
        )
    return articles


def problems_of(articles: list[Article]) -> list[Problem]:
    """Return one invented problem per article, so each batch writes two tables."""
    return [Problem(source=f"inbox/{a.source}.bak", error="not a readable article") for a in articles]


def child_main(argv: list[str]) -> None:
    """Write articles as an ingest would; ``argv`` = [db path, mode, count, words].

    Mode ``batches`` writes every batch, printing ``committed N`` after each commit. Mode ``stall``
    commits five batches, then writes the rest inside one open transaction, prints ``in-flight`` and
    waits to be killed there.
    """
    path, mode, count, words = argv[0], argv[1], int(argv[2]), int(argv[3])
    articles = make_articles(count, words)
    with Store(path) as store:
        committed = BATCH * 5 if mode == "stall" else count
        for start in range(0, committed, BATCH):
            batch = articles[start : start + BATCH]
            with store.transaction():
                store.upsert_articles(batch)
                store.add_problems(problems_of(batch))
            print(f"committed {start + len(batch)} wal {_wal_size(path)}", flush=True)
        if mode == "stall":
            with store.transaction():
                store.upsert_articles(articles[committed:])
                store.add_problems(problems_of(articles[committed:]))
                print(f"in-flight wal {_wal_size(path)}", flush=True)
                sys.stdin.read()  # blocks until the parent kills us, mid-transaction


def _wal_size(path: str) -> int:
    """Return the size of the database's write-ahead log in bytes."""
    return Path(f"{path}-wal").stat().st_size


def _start_child(db: Path, mode: str, count: int, words: int) -> subprocess.Popen[str]:
    """Start the writing child process."""
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), mode, str(count), str(words)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _lines(child: subprocess.Popen[str]) -> Iterator[str]:
    """Yield the child's output lines as they come."""
    assert child.stdout is not None
    yield from child.stdout


def _kill(child: subprocess.Popen[str]) -> None:
    """Kill the child with SIGKILL and reap it."""
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    for stream in (child.stdin, child.stdout):
        if stream is not None:
            stream.close()


def _check_consistent_then_complete(db: Path, articles: list[Article], committed: int) -> None:
    """Check the killed run left exactly whole batches, then re-run the ingest and check it completes."""
    expected = articles[:committed]
    with Store(db) as store:
        assert store.integrity_check() == []
        assert store.count_articles() == committed
        assert {a.id: a for a in store.articles()} == {a.id: a for a in expected}
        assert store.problems() == sorted(problems_of(expected), key=lambda p: (p.source, p.error))
    with Store(db) as store:
        with store.transaction():
            assert store.upsert_articles(articles) == len(articles) - committed
            assert store.add_problems(problems_of(articles)) == len(articles) - committed
        assert store.count_articles() == len(articles)
        assert store.article_ids() == {a.id for a in articles}
        assert {a.id: a for a in store.articles()} == {a.id: a for a in articles}
        assert store.upsert_articles(articles) == 0
        assert store.integrity_check() == []


def test_kill_between_or_during_batches(tmp_path: Path) -> None:
    count, words = 4000, 120
    db = tmp_path / "ingest.db"
    child = _start_child(db, "batches", count, words)
    seen = 0
    for line in _lines(child):
        seen = int(line.split()[1])
        if seen >= BATCH * 5:
            break
    _kill(child)
    with Store(db) as store:
        committed = store.count_articles()
    # The child may have committed more batches after its last line we read, never a partial one.
    assert committed % BATCH == 0
    assert BATCH * 5 <= committed < count
    _check_consistent_then_complete(db, make_articles(count, words), committed)


def test_kill_inside_an_open_transaction(tmp_path: Path) -> None:
    count, words = 1250, 250
    db = tmp_path / "ingest.db"
    child = _start_child(db, "stall", count, words)
    lines = list(_take_until(_lines(child), "in-flight"))
    _kill(child)
    assert [line.split()[:2] for line in lines] == [
        ["committed", "50"],
        ["committed", "100"],
        ["committed", "150"],
        ["committed", "200"],
        ["committed", "250"],
        ["in-flight", "wal"],
    ]
    # The open transaction spilled uncommitted pages into the log before the kill, so recovery had work.
    assert int(lines[-1].split()[-1]) > int(lines[-2].split()[-1])
    _check_consistent_then_complete(db, make_articles(count, words), BATCH * 5)


def _take_until(lines: Iterator[str], prefix: str) -> Iterator[str]:
    """Yield lines up to and including the first that starts with ``prefix``."""
    for line in lines:
        yield line
        if line.startswith(prefix):
            return
