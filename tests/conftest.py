"""Shared fixtures: real stores (a temporary SQLite file, and a throw-away PostgreSQL cluster when the
PostgreSQL server binaries are installed), and the path to ../shared/ reference data."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from events.store import Store

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """../shared/ reference data; the test skips when it is absent (a fresh clone elsewhere)."""
    if not SHARED.is_dir():
        pytest.skip("../shared/ reference data is not present")
    return SHARED.resolve()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server for the session: SYRIAMAP_TEST_PG_URL, or a throw-away cluster started here."""
    if os.environ.get("SYRIAMAP_TEST_PG_URL"):
        yield os.environ["SYRIAMAP_TEST_PG_URL"]
        return
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip("no PostgreSQL server binaries (apt-get install postgresql)")
    bindir = Path(found[-1]).parent
    root = Path(tempfile.mkdtemp(prefix="syriamap-pg-"))
    data = root / "data"
    runas: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(root, "postgres")
        runas = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run([*runas, bindir / "initdb", "-D", data, "-A", "trust", "-U", "postgres"], check=True,
                   capture_output=True)  # fmt: skip
    subprocess.run(
        [*runas, bindir / "pg_ctl", "-D", data, "-w", "-l", root / "log",
         "-o", f"-p {port} -h 127.0.0.1 -k {root} -F", "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*runas, bindir / "pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def sqlite_store(tmp_path) -> Store:
    store = Store.open(f"sqlite:///{tmp_path / 'store.sqlite'}")
    store.upgrade()
    return store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path) -> Store:
    """A new, upgraded, empty store on each backend."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_store")
        return
    import sqlalchemy as sa

    base = request.getfixturevalue("postgres_url")
    name = f"t_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    store = Store.open(base.rsplit("/", 1)[0] + f"/{name}")
    store.upgrade()
    yield store
    store.engine.dispose()
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
    admin.dispose()
