"""Shared fixtures: a throwaway PostgreSQL cluster for the store tests that need a server.

The cluster is started only when a test asks for ``postgres_url`` (once per test session): ``initdb`` and
``pg_ctl`` from the PostgreSQL installed on the machine, in a temporary directory, listening only on a
Unix socket in that directory (so no TCP port can clash), with durability off (``fsync=off``: a test
cluster is thrown away). As root, PostgreSQL refuses to run, so its programs run as the ``postgres``
system user (``runuser``), which owns the temporary directory. The tests that need it are skipped, with
the reason, only when no PostgreSQL server programs are installed.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Where Debian/Ubuntu install each major version's server programs (initdb and pg_ctl are not on PATH).
_DEBIAN_BIN_GLOB = "/usr/lib/postgresql/*/bin"
# The cluster's superuser, and the system user that runs the server when the tests run as root.
_SUPERUSER = "storyline"
_SYSTEM_USER = "postgres"
# Seconds pg_ctl waits for the server to start or stop: it takes well under a second here.
_PG_CTL_TIMEOUT_SECONDS = 60
_SCHEMA_NUMBERS = itertools.count(1)
# The database the tests' schemas live in (tests that need a whole fresh database create their own).
TEST_DATABASE = "storyline_test"


def _postgres_bin() -> Path | None:
    """Return the directory holding initdb and pg_ctl (the newest installed version), or None."""
    candidates = sorted(
        (Path(p) for p in Path("/").glob(_DEBIAN_BIN_GLOB.lstrip("/"))),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    on_path = shutil.which("initdb")
    if on_path is not None:
        candidates.append(Path(on_path).parent)
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "pg_ctl").is_file():
            return directory
    return None


def _as_server_user(command: list[str]) -> list[str]:
    """Return ``command`` run as the ``postgres`` user when we are root (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", _SYSTEM_USER, "--", *command]
    return command


def _run(command: list[str]) -> None:
    """Run a PostgreSQL program, failing the session with its output if it fails."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """Start a throwaway PostgreSQL cluster; yield the URL of its empty test database; then delete it."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL server programs (initdb, pg_ctl) are not installed")
    pytest.importorskip("psycopg", reason="the PostgreSQL driver psycopg is not installed")
    if os.geteuid() == 0:
        try:
            server_user = pwd.getpwnam(_SYSTEM_USER)
        except KeyError:
            pytest.fail(f"running as root needs the {_SYSTEM_USER!r} system user to run PostgreSQL")
    # Under /tmp when it exists: the server user must reach the directory (a TMPDIR inside root's home
    # would not do), and the socket's path must stay under the 107-byte limit of Unix socket names.
    root = Path(tempfile.mkdtemp(prefix="storyline-pg-", dir="/tmp" if Path("/tmp").is_dir() else None))
    data = root / "data"
    try:
        if os.geteuid() == 0:
            os.chown(root, server_user.pw_uid, server_user.pw_gid)
        _run(
            _as_server_user(
                [
                    str(bin_dir / "initdb"),
                    "--pgdata",
                    str(data),
                    "--username",
                    _SUPERUSER,
                    "--auth",
                    "trust",
                    "--encoding",
                    "UTF8",
                    "--no-locale",
                    "--no-sync",
                ]
            )
        )
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{root}'"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        pg_ctl = [str(bin_dir / "pg_ctl"), "--pgdata", str(data), "--timeout", str(_PG_CTL_TIMEOUT_SECONDS)]
        _run(
            _as_server_user(
                [*pg_ctl, "--log", str(root / "server.log"), "--options", options, "--wait", "start"]
            )
        )
        try:
            import psycopg  # the driver is only needed by the tests that use the cluster

            with psycopg.connect(
                f"postgresql://{_SUPERUSER}@/postgres?host={root}", autocommit=True
            ) as admin:
                admin.execute(f'CREATE DATABASE "{TEST_DATABASE}"'.encode())
            yield f"postgresql://{_SUPERUSER}@/{TEST_DATABASE}?host={root}"
        finally:
            _run(_as_server_user([*pg_ctl, "--mode", "immediate", "--wait", "stop"]))
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """Return the URL of a new, empty schema in the session's PostgreSQL cluster.

    Each test gets a schema of its own (``search_path`` set in the URL's ``options``) in one shared
    database: creating a schema takes well under a millisecond, a database about half a second.
    """
    import psycopg  # the driver is only needed by the tests that use the cluster

    schema = f"test_{os.getpid()}_{next(_SCHEMA_NUMBERS)}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"'.encode())
    return f"{postgres_server}&options=-csearch_path%3D{schema}"
