"""`storyline ingest` killed with SIGKILL halfway: the database stays consistent and a re-run completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline.annotate import Annotator
from storyline.pipeline import INGEST_BATCH
from storyline.store import Store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

ARTICLES = 3 * INGEST_BATCH
STORYLINE = str(Path(sys.executable).with_name("storyline"))


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(ARTICLES):
        (folder / f"{i:04d}.txt").write_text(
            f"date 2023-05-{1 + i % 28:02d}\noutlet Quarry Lane Post\nQuarry council vote {i}\n\n"
            f"Councillor Brin Adeyemi said the quarry vote number {i} would go ahead on Thursday.\n",
            encoding="utf-8",
        )


def _stored(db: Path) -> int:
    with Store(db) as store:
        return store.count_articles()


def test_killed_ingest_keeps_whole_batches_and_a_rerun_completes(tmp_path: Path) -> None:
    corpus, db = tmp_path / "in", tmp_path / "news.db"
    _write_corpus(corpus)
    child = subprocess.Popen(
        [STORYLINE, "ingest", str(corpus), "--db", str(db), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if db.exists() and _stored(db) >= INGEST_BATCH:
            break
        time.sleep(0.05)
    if child.poll() is not None:
        pytest.fail(f"ingest ended (code {child.returncode}) before it could be killed halfway")
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    with Store(db) as store:
        assert store.integrity_check() == []
        stored = store.count_articles()
        assert stored % INGEST_BATCH == 0 and INGEST_BATCH <= stored < ARTICLES
        assert len(store.annotations(store.article_ids(), _model_name())) == stored
    rerun = subprocess.run(
        [STORYLINE, "ingest", str(corpus), "--db", str(db)], capture_output=True, text=True, check=False
    )
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stderr.endswith(
        f"{ARTICLES} articles read, {ARTICLES - stored} new, 0 problems; {ARTICLES} articles in {db}\n"
    )
    with Store(db) as store:
        assert store.count_articles() == ARTICLES
        assert len(store.annotations(store.article_ids(), _model_name())) == ARTICLES


def _model_name() -> str:
    return Annotator().model_name  # construction is cheap: spaCy loads on first use
