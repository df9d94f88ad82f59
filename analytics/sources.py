"""Where the volume history comes from (for the forecast, the what-if and the peak outlook): the database
(contact_volume, interval_volume, events) or any daily CSV file."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa


def load_daily_history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Daily contacts per channel, summed over sources: date, channel, contacts. Days before a channel's
    imported daily volume are counted from its tickets (store.py, contact_volume)."""
    frame = con.execute(
        "SELECT date, channel, sum(contacts)::DOUBLE AS contacts FROM contact_volume"
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
    """A daily series from a CSV file, read the way imports read cells: UTF-8, GBK or UTF-16; dates as
    2024-01-31, 20240131, 2024/1/31 or 2024年1月31日; numbers with thousands separators or full-width digits.
    Empty values are missing days. ValueError names the first cell it cannot read, with its row."""
    from analytics.ingest import normalise
    from analytics.ingest.readers import decode_text

    text, _encoding = decode_text(Path(path).read_bytes())
    frame = pd.read_csv(
        io.StringIO(text), sep=sep, usecols=[date_col, value_col], dtype=str, keep_default_na=False
    )
    dates = normalise.to_datetime(normalise.clean_text(pa.array(frame[date_col])))
    values = normalise.to_number(normalise.clean_text(pa.array(frame[value_col])))
    for column, converted, what in ((date_col, dates, "date"), (value_col, values, "number")):
        bad = np.flatnonzero(np.logical_or.reduce([np.zeros(len(frame), bool), *converted.failures.values()]))
        if len(bad):
            cell = frame[column].iloc[bad[0]]
            raise ValueError(f"cannot read {what} {cell!r} in column {column!r} (row {bad[0] + 2})")
    series = pd.Series(
        values.values.to_numpy(dtype=float), index=pd.DatetimeIndex(dates.values), name=value_col
    )
    return series[series.index.notna()]  # rows without a date are not days
