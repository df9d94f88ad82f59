"""Shared fixtures: the demo database (built once per test session) and empty stores."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from analytics import demo, store

ROOT = Path(__file__).resolve().parent.parent
REAL_DATA = ROOT.parent / "shared" / "data" / "real"
SCREENSHOTS = ROOT / "tests" / "screenshots"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """Path to a demo database built once for the session. Treat it as read-only: copy it to write."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    con = store.connect(path)
    demo.seed_demo(con)
    con.close()
    return path


@pytest.fixture()
def demo_copy(demo_db, tmp_path) -> Path:
    """A private, writable copy of the demo database."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, path)
    return path


@pytest.fixture()
def short_history_db(demo_copy) -> Path:
    """The demo copy with its volume (daily and tickets) from 2026-03-01 only: 245 days to its as-of date,
    under a year, and no Double-12 seen."""
    con = store.connect(demo_copy)
    try:
        con.execute("DELETE FROM daily_volume WHERE date < DATE '2026-03-01'")
        con.execute("DELETE FROM tickets WHERE created_at < DATE '2026-03-01'")
    finally:
        con.close()
    return demo_copy


@pytest.fixture()
def demo_con(demo_db):
    """A connection to the session's demo database; do not write through it (use demo_copy for that).

    Opened read-write because DuckDB shares one instance per file in a process, and the app under AppTest
    holds the same file read-write: a read-only second connection would be refused.
    """
    con = store.connect(demo_db)
    yield con
    con.close()


@pytest.fixture()
def empty_con(tmp_path):
    """A connection to a new, migrated, empty database."""
    con = store.connect(tmp_path / "empty.duckdb")
    yield con
    con.close()


@pytest.fixture()
def app_env(monkeypatch):
    """Point the app at a database for AppTest runs and start each test with fresh Streamlit caches."""
    import streamlit as st

    def use(path: Path, clear: bool = True) -> None:
        """clear=False keeps cached reads: only for the untouched session demo database, whose data version
        token no modified copy can share (any write bumps it)."""
        monkeypatch.setenv(store.DB_PATH_ENV, str(path))
        if clear:
            st.cache_data.clear()

    yield use


@pytest.fixture(scope="module")
def demo_server(demo_db, tmp_path_factory):
    """A Streamlit server on a private copy of the demo database, one per browser-test module; yields its URL."""
    from tests.browser import require_browser, streamlit_server

    require_browser()
    path = tmp_path_factory.mktemp("server") / "demo.duckdb"
    shutil.copy(demo_db, path)
    with streamlit_server(path) as url:
        yield url


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")
