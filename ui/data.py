"""Cached data access for pages: one DuckDB connection per process, a fresh cursor per script run,
reads cached by `data_version` so every committed write refreshes them.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import duckdb
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from analytics import budget, budget_draft, demo, holiday_schedule, overview, store
from analytics.ingest import importer

_FIRST_START_LOCK = threading.Lock()


def database_path() -> Path:
    """$COST_DESK_DB, else `db_path` in .streamlit/secrets.toml, else data/service_cost_desk.duckdb."""
    if os.environ.get(store.DB_PATH_ENV):
        return Path(os.environ[store.DB_PATH_ENV])
    try:
        configured = st.secrets.get("db_path")
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        configured = None
    return Path(configured) if configured else store.DEFAULT_DB_PATH


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return store.connect(path)


def cursor() -> duckdb.DuckDBPyConnection:
    """A fresh cursor on the process's one connection (cheap; use one per script run or thread)."""
    return _connection(str(database_path())).cursor()


def ensure_database(progress=None) -> bool:
    """Seed the demo data into a brand-new database, or finish a first start that was stopped before its past
    forecasts were published; returns True when it did either. `progress(fraction, step)`."""
    with _FIRST_START_LOCK:
        con = cursor()
        if demo.needs_first_start(con):
            demo.seed_demo(con, progress=progress)
            return True
        if demo.finish_interrupted_start(con, progress=progress) == 0:
            return False
        st.cache_data.clear()  # publishing does not move the data version that keys the snapshot reads
        return True


def data_version() -> str:
    """The token that keys every cached read; it changes with each committed write."""
    return store.data_version(cursor())


def forecasts_version() -> str:
    """The token that changes when a forecast is published, withdrawn or reinstated, or its note edited (none of
    these changes data_version)."""
    return store.forecasts_version(cursor())


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def empty_kinds(version: str, kinds: tuple[str, ...]) -> list[str]:
    """Those of `kinds` (analytics.ingest kind names) with nothing in the database yet, in the order given."""
    return importer.empty_kinds(cursor(), kinds)


def start_empty() -> None:
    """Replace whatever is in the database with an empty one (reference data kept)."""
    demo.start_empty(cursor())
    st.cache_data.clear()


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def freshness(version: str) -> dict:
    """As-of date, last write and demo flag for the frame's freshness line."""
    con = cursor()
    last = con.execute(
        "SELECT batch_id, coalesce(undone_at, imported_at) FROM import_batches ORDER BY 2 DESC LIMIT 1"
    ).fetchall()
    return {
        "as_of": overview.data_as_of(con),
        "last_batch": last[0][0] if last else None,
        "last_write": last[0][1] if last else None,
        "is_demo": store.is_demo(con),
    }


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def home_kpis(preset: str, version: str) -> tuple[overview.Period, overview.Kpis] | None:
    """The period and KPIs for a preset, or None while the database has no volume."""
    con = cursor()
    as_of = overview.data_as_of(con)
    if as_of is None:
        return None
    period = overview.period_for(preset, as_of)
    return period, overview.kpis(con, period)


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def home_trend(version: str, months: int = 24):
    con = cursor()
    as_of = overview.data_as_of(con)
    return None if as_of is None else overview.monthly_trend(con, months, as_of)


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def home_peaks(version: str) -> list[overview.PeakOutlook]:
    con = cursor()
    as_of = overview.data_as_of(con)
    return [] if as_of is None else overview.next_peaks(con, as_of)


def today() -> dt.date:
    """Today's date on this machine: what the calendar reminders compare with (the data's as-of date lags)."""
    return dt.date.today()


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def home_calendar_alerts(version: str, today: dt.date) -> tuple[list[int], list[tuple[int, int]]]:
    """The years whose official holiday notice should be typed in by now, and the (year, version) of budgets
    costed before their year's schedule changed."""
    con = cursor()
    awaited = holiday_schedule.years_awaiting_notice(holiday_schedule.load_schedule(con), today)
    stale = budget_draft.calendar_stale_versions(con, today.year)
    return awaited, [(info.year, info.version) for info in stale]


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def home_forecast_alerts(version: str, forecasts: str, today: dt.date) -> list[tuple[str, dict]]:
    """The alerts (catalog key, its parameters) on budget versions in the approval flow whose forecast has been
    overtaken by one published on later data, or withdrawn, or was fitted on less than a year of history."""
    con = cursor()
    overtaken = [
        ("home.alerts.budget_forecast", {"id": newer, "date": date.isoformat(), **_named(info)})
        for info, newer, date in budget_draft.forecast_stale_versions(con, today.year)
    ]
    withdrawn = [
        (
            "home.alerts.budget_forecast_withdrawn",
            {"id": w.snapshot_id, "who": w.withdrawn_by, **_named(info)},
        )
        for info, w in budget_draft.withdrawn_basis_versions(con, today.year)
    ]
    short = [
        ("home.alerts.budget_short_history", {"days": days, **_named(info)})
        for info, days in budget_draft.short_history_versions(con, today.year)
    ]
    return overtaken + withdrawn + short


def _named(info: budget.BudgetInfo) -> dict:
    return {"year": info.year, "version": info.version}


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def home_alerts(version: str):
    """Categories over their year-to-date plan; None while the data's year has no approved budget."""
    con = cursor()
    as_of = overview.data_as_of(con)
    if as_of is None or budget.approved_budget_id(con, as_of.year) is None:
        return None
    return overview.budget_alerts(con, as_of)
