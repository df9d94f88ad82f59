"""The events table: promotions with phases (618, Double-11, Double-12 by default) and users' own events.

Editing an event changes the forecast: the forecast reads these phases as regressors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import duckdb
import pandas as pd

from analytics import store
from analytics.calendar import PHASES

_KEY = re.compile(r"^[a-z0-9_]{1,40}$")


class EventError(ValueError):
    """An event the table cannot take; `code` names the reason for the UI to translate."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def list_events(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every event phase: event_id, event_key, name, year, phase, start_date, end_date, is_default."""
    return con.execute(
        "SELECT event_id, event_key, name, year, phase, start_date, end_date, is_default FROM events"
        " ORDER BY start_date, event_key"
    ).df()


def event_key_for(name: str) -> str:
    """A stable key for a user event from its name ('年货节' -> 'custom_1b2c3d4e'): the same name, the same
    regressor in the forecast; different names, different regressors."""
    ascii_part = re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")[:20]
    digest = hashlib.sha1(name.strip().encode("utf-8")).hexdigest()[:8]
    return f"custom_{ascii_part}_{digest}" if ascii_part else f"custom_{digest}"


def add_event(
    con: duckdb.DuckDBPyConnection,
    name: str,
    phase: str,
    start_date: dt.date,
    end_date: dt.date,
    event_key: str | None = None,
) -> int:
    """Add one phase of a promotion; returns its event_id. Raises EventError on bad input."""
    name = name.strip()
    if not name:
        raise EventError("event_name_missing")
    if phase not in PHASES:
        raise EventError("event_phase_unknown")
    if end_date < start_date:
        raise EventError("event_end_before_start")
    if (end_date - start_date).days > 92:
        raise EventError("event_too_long")
    key = event_key or event_key_for(name)
    if not _KEY.match(key):
        raise EventError("event_key_invalid")
    with store.write_transaction(con) as cur:
        # Under the write lock, max + 1 cannot race; the seeded defaults carry explicit ids.
        event_id = int(cur.execute("SELECT coalesce(max(event_id), 0) + 1 FROM events").fetchall()[0][0])
        cur.execute(
            "INSERT INTO events (event_id, event_key, name, year, phase, start_date, end_date, is_default)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, FALSE)",
            [event_id, key, name, start_date.year, phase, start_date, end_date],
        )
        store.bump_data_version(cur)
    return event_id


def delete_event(con: duckdb.DuckDBPyConnection, event_id: int) -> None:
    """Remove one event phase (default or user-defined)."""
    with store.write_transaction(con) as cur:
        cur.execute("DELETE FROM events WHERE event_id = ?", [event_id])
        store.bump_data_version(cur)
