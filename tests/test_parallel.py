"""The per-article and per-story work runs on an executor (a process pool, Dask) with the same result."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline import cli as cli_module
from storyline import pipeline as pipeline_module
from storyline.annotate import Annotator
from storyline.cli import cli
from storyline.config import Settings
from storyline.export import build_export, to_json
from storyline.pipeline import Digest, digest_articles, read
from storyline.store import Store

# Six articles of three stories (the whole demo corpus takes four times as long for no more coverage).
CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus" / "text"


@pytest.fixture(scope="module")
def inputs() -> tuple[tuple[object, ...], tuple[object, ...]]:
    result = read([str(CORPUS)], Settings())
    return result.articles, result.problems


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of two articles: the six articles make three tasks per stage, so the order in which an
    executor hands results back is tested, not only one task's."""
    monkeypatch.setattr(pipeline_module, "ANNOTATE_CHUNK", 2)
    monkeypatch.setattr(pipeline_module, "EXTRACT_CHUNK", 2)


@pytest.fixture(scope="module")
def expected(inputs: tuple[tuple[object, ...], tuple[object, ...]]) -> str:
    articles, problems = inputs
    return _export(digest_articles(articles, problems, Settings(), annotator=Annotator()))  # type: ignore[arg-type]


def _export(result: Digest) -> str:
    return to_json(build_export(result))


def test_a_process_pool_gives_the_same_export(
    inputs: tuple[tuple[object, ...], tuple[object, ...]], expected: str
) -> None:
    articles, problems = inputs
    with ProcessPoolExecutor(max_workers=2) as pool:
        result = digest_articles(articles, problems, Settings(), annotator=Annotator(), executor=pool)  # type: ignore[arg-type]
    assert _export(result) == expected


@pytest.mark.parametrize(
    "processes",
    [
        # One in-process worker: the Dask path in the default run, in about a second.
        pytest.param(False, id="threads"),
        # Two worker processes, each importing storyline and loading the model (~20 s on a busy machine).
        pytest.param(True, id="processes", marks=pytest.mark.slow),
    ],
)
def test_a_local_dask_cluster_gives_the_same_export(
    inputs: tuple[tuple[object, ...], tuple[object, ...]], expected: str, processes: bool
) -> None:
    distributed = pytest.importorskip("distributed")
    articles, problems = inputs
    workers = 2 if processes else 1
    with (
        distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        executor = client.get_executor()
        result = digest_articles(articles, problems, Settings(), annotator=Annotator(), executor=executor)  # type: ignore[arg-type]
    assert _export(result) == expected


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_digest_with_worker_processes_writes_the_same_export(tmp_path: Path) -> None:
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert _run("digest", str(CORPUS), "--json", str(one), "--quiet")[0] == 0
    assert _run("digest", str(CORPUS), "--json", str(two), "--quiet", "--workers", "2")[0] == 0
    assert two.read_text(encoding="utf-8") == one.read_text(encoding="utf-8")


def test_parallel_option_mistakes_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, stderr = _run("digest", str(CORPUS), "--workers", "2", "--dask", "tcp://127.0.0.1:9")
    assert code == 2
    assert stderr.endswith("Error: use either --workers or --dask, not both\n")
    pytest.importorskip("distributed")
    monkeypatch.setattr(cli_module, "DASK_CONNECT_TIMEOUT", "1s")
    code, _, stderr = _run("digest", str(CORPUS), "--dask", "tcp://127.0.0.1:9", "--quiet")
    assert code == 1
    assert stderr.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")


def test_ingest_with_worker_processes_stores_the_same_annotations(tmp_path: Path) -> None:
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    assert _run("ingest", str(CORPUS), "--db", one, "--quiet")[0] == 0
    assert _run("ingest", str(CORPUS), "--db", two, "--quiet", "--workers", "2")[0] == 0
    with Store(one) as first, Store(two) as second:
        ids = sorted(first.article_ids())
        assert len(ids) == 6
        assert sorted(second.article_ids()) == ids
        model = Annotator().model_name
        assert second.annotations(ids, model) == first.annotations(ids, model)
