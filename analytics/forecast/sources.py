"""Where forecast inputs come from: the database (daily_volume, events) or any daily CSV file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd


def load_daily_history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Daily contacts per channel from daily_volume, summed over sources: date, channel, contacts."""
    frame = con.execute(
        "SELECT date, channel, sum(contacts)::DOUBLE AS contacts FROM daily_volume"
        " GROUP BY date, channel ORDER BY date, channel"
    ).df()
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    return frame


def load_events(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Promotion phases from the events table: event_key, name, year, phase, start_date, end_date."""
    return con.execute(
        "SELECT event_key, name, year, phase, start_date, end_date FROM events ORDER BY start_date, event_key"
    ).df()


def load_intervals(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Interval contacts per channel from interval_volume, summed over sources: interval_start, channel, contacts."""
    return con.execute(
        "SELECT interval_start, channel, sum(contacts) AS contacts FROM interval_volume"
        " GROUP BY interval_start, channel ORDER BY interval_start, channel"
    ).df()


def read_daily_csv(path: str | Path, date_col: str, value_col: str, sep: str = ",") -> pd.Series:
    """A daily series from a CSV file: dates as ISO (2024-01-31), YYYYMMDD (20240131) or 2024/1/31."""
    frame = pd.read_csv(
        path, sep=sep, usecols=[date_col, value_col], dtype={date_col: str}, encoding="utf-8-sig"
    )
    text = frame[date_col].str.strip()
    compact = text.str.fullmatch(r"\d{8}")
    dates = pd.to_datetime(text.where(~compact), format="mixed", errors="coerce")
    dates = dates.fillna(pd.to_datetime(text.where(compact), format="%Y%m%d", errors="coerce"))
    if dates.isna().any():
        bad = text[dates.isna()].iloc[0]
        raise ValueError(f"cannot read date {bad!r} in column {date_col!r}")
    values = pd.to_numeric(frame[value_col], errors="coerce").to_numpy(dtype=float)
    return pd.Series(values, index=pd.DatetimeIndex(dates), name=value_col)
