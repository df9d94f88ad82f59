"""Published forecasts (snapshots) and how they did against what happened, as WFM suites track it.

A snapshot freezes a daily forecast per channel and in total, with the models used. Later, comparing it with
the actuals by lead-time bucket (next week, next month, next quarter, beyond) shows whether forecasts run
high or low and how accuracy decays with the horizon.
"""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import numpy as np
import pandas as pd

from analytics import store
from analytics.channels import in_channel_order
from analytics.forecast import metrics
from analytics.forecast.hierarchy import TOTAL
from analytics.forecast_warning import ForecastWarning, warnings_from_json, warnings_to_json
from analytics.holiday_schedule import load_schedule
from analytics.sources import load_daily_history

HORIZON_BUCKETS = ((1, 7, "1-7"), (8, 28, "8-28"), (29, 91, "29-91"), (92, 100_000, "92+"))
_VALUE_COLUMNS = ["date", "channel", "forecast", "lo80", "hi80", "lo95", "hi95"]


def publish_snapshot(
    con: duckdb.DuckDBPyConnection,
    daily: pd.DataFrame,
    history_end: dt.date,
    models: dict[str, str],
    published_by: str | None = None,
    note: str | None = None,
    warnings: list[tuple[str, ForecastWarning]] | None = None,
    published_at: dt.datetime | None = None,
) -> int:
    """Store a daily forecast (date, channel, forecast, lo80..hi95) as a new snapshot; returns its id. The
    snapshot is stamped with the official holiday schedule saved now, the one the forecast was made with, and
    keeps the fit's (channel, warning) pairs. ``published_at`` defaults to now (the demo dates its past ones)."""
    values = daily[_VALUE_COLUMNS].copy()
    values["date"] = pd.to_datetime(values["date"]).dt.date
    horizon = (max(values["date"]) - history_end).days
    with store.write_transaction(con) as cur:
        snapshot_id = int(cur.execute("SELECT nextval('snapshot_id_seq')").fetchone()[0])
        cur.execute(
            "INSERT INTO forecast_snapshots (snapshot_id, created_at, published_by, history_end, horizon_days,"
            " models_json, note, calendar, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                snapshot_id,
                published_at or store._now(),
                published_by,
                history_end,
                horizon,
                json.dumps(models),
                note,
                load_schedule(cur).digest(),
                warnings_to_json(warnings or []),
            ],
        )
        store.insert_frame(cur, "forecast_snapshot_values", values.assign(snapshot_id=snapshot_id))
    return snapshot_id


class RegisterError(ValueError):
    """A withdrawal, a reinstatement or a note edit refused; ``code`` names why for the UI ('unknown', 'already'
    (withdrawn already), 'in_force' (nothing to reinstate), 'name', 'reason' (no reason, or no note),
    'same' (the note unchanged))."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def _signed(by: str, text: str, act: str, what: str = "the reason") -> tuple[str, str]:
    """The name and the text (the reason, or the new note) of a change to the register, stripped: both are
    required (a withdrawal or a reinstatement changes what finance's figures rest on; a note says what for)."""
    if not by.strip():
        raise RegisterError(f"say who {act}", code="name")
    if not text.strip():
        raise RegisterError(f"give {what}", code="reason")
    return by.strip(), text.strip()


def _withdrawal(cur: duckdb.DuckDBPyConnection, snapshot_id: int) -> tuple | None:
    """(withdrawn_at, withdrawn_by, withdrawn_reason) of a published snapshot, all None while it is in force."""
    row = cur.execute(
        "SELECT withdrawn_at, withdrawn_by, withdrawn_reason FROM forecast_snapshots WHERE snapshot_id = ?",
        [snapshot_id],
    ).fetchone()
    if row is None:
        raise RegisterError(f"no published forecast #{snapshot_id}", code="unknown")
    return row


def withdraw_snapshot(
    con: duckdb.DuckDBPyConnection,
    snapshot_id: int,
    withdrawn_by: str,
    reason: str,
    withdrawn_at: dt.datetime | None = None,
) -> None:
    """Withdraw a published forecast found wrong: it stays in the register, signed with who withdrew it, when
    and why, and no plan or budget draft stands on it any more (its accuracy stays on record, marked withdrawn:
    ``snapshot_accuracy``). A name and a reason are required; a forecast withdrawn is not withdrawn again
    (unless it was reinstated since)."""
    by, why = _signed(withdrawn_by, reason, "withdraws the forecast")
    with store.write_transaction(con) as cur:
        withdrawn = _withdrawal(cur, snapshot_id)[0]
        if withdrawn is not None:
            raise RegisterError(
                f"forecast #{snapshot_id} was withdrawn on {withdrawn:%Y-%m-%d}", code="already"
            )
        cur.execute(
            "UPDATE forecast_snapshots SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ?"
            " WHERE snapshot_id = ?",
            [withdrawn_at or store._now(), by, why, snapshot_id],
        )


def reinstate_snapshot(
    con: duckdb.DuckDBPyConnection,
    snapshot_id: int,
    reinstated_by: str,
    reason: str,
    reinstated_at: dt.datetime | None = None,
) -> None:
    """Undo a withdrawal made by mistake: the forecast is in force again, for plans, budgets and the review's peak
    days alike (except that the review does not score against it the days that began while it stood withdrawn:
    they were planned on something else); the withdrawal undone stays on record (``reinstatements``) beside who
    reinstated it, when and why. A name and a reason are required."""
    by, why = _signed(reinstated_by, reason, "reinstates the forecast")
    with store.write_transaction(con) as cur:
        withdrawn_at, withdrawn_by, withdrawn_reason = _withdrawal(cur, snapshot_id)
        if withdrawn_at is None:
            raise RegisterError(f"forecast #{snapshot_id} is in force", code="in_force")
        cur.execute(
            "INSERT INTO forecast_reinstatements VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                snapshot_id,
                withdrawn_at,
                withdrawn_by,
                withdrawn_reason,
                reinstated_at or store._now(),
                by,
                why,
            ],
        )
        cur.execute(
            "UPDATE forecast_snapshots SET withdrawn_at = NULL, withdrawn_by = NULL, withdrawn_reason = NULL"
            " WHERE snapshot_id = ?",
            [snapshot_id],
        )


def reinstatements(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every withdrawal undone, oldest first: snapshot_id, withdrawn_at, withdrawn_by, withdrawn_reason,
    reinstated_at, reinstated_by, reinstated_reason."""
    return con.execute("SELECT * FROM forecast_reinstatements ORDER BY reinstated_at, snapshot_id").df()


def edit_snapshot_note(
    con: duckdb.DuckDBPyConnection,
    snapshot_id: int,
    edited_by: str,
    note: str,
    edited_at: dt.datetime | None = None,
) -> None:
    """Correct a published forecast's note (what it is for, a typo): the register shows the new note, and
    ``note_edits`` keeps the one it replaced with who changed it and when. A name and a note are required; the
    figures never change (publish again for that)."""
    by, new_note = _signed(edited_by, note, "edits the note", "the new note")
    with store.write_transaction(con) as cur:
        _withdrawal(cur, snapshot_id)  # refuses an unknown id
        old_note = cur.execute(
            "SELECT note FROM forecast_snapshots WHERE snapshot_id = ?", [snapshot_id]
        ).fetchone()[0]
        if (old_note or "").strip() == new_note:
            raise RegisterError(f"forecast #{snapshot_id}'s note is already {new_note!r}", code="same")
        cur.execute(
            "INSERT INTO forecast_note_edits VALUES (?, ?, ?, ?, ?)",
            [snapshot_id, old_note, new_note, by, edited_at or store._now()],
        )
        cur.execute("UPDATE forecast_snapshots SET note = ? WHERE snapshot_id = ?", [new_note, snapshot_id])


def note_edits(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every note edit, oldest first: snapshot_id, old_note (None: there was none), new_note, edited_by,
    edited_at."""
    return con.execute("SELECT * FROM forecast_note_edits ORDER BY edited_at, snapshot_id").df()


def list_snapshots(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every published snapshot, newest first, withdrawn ones included: snapshot_id, created_at, published_by,
    history_end, horizon_days, models (dict channel -> model), note, warnings (the fit's (channel,
    ForecastWarning) pairs), withdrawn_at (NaT while in force), withdrawn_by, withdrawn_reason."""
    frame = con.execute(
        "SELECT snapshot_id, created_at, published_by, history_end, horizon_days, models_json, note, warnings,"
        " withdrawn_at, withdrawn_by, withdrawn_reason"
        " FROM forecast_snapshots ORDER BY created_at DESC, snapshot_id DESC"
    ).df()
    frame["models"] = frame.pop("models_json").map(json.loads)
    frame["warnings"] = frame["warnings"].map(
        lambda text: warnings_from_json(text if isinstance(text, str) else None)
    )
    return frame


def snapshot_values(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> pd.DataFrame:
    """A published forecast's daily figures as frozen: date (Timestamp), channel, forecast, lo80, hi80, lo95,
    hi95, channel by channel in the product's order with the total last, each by date (the order of a fitted
    forecast's ``daily``). Raises RegisterError('unknown') for an id never published."""
    if (
        con.execute("SELECT 1 FROM forecast_snapshots WHERE snapshot_id = ?", [snapshot_id]).fetchone()
        is None
    ):
        raise RegisterError(f"no published forecast #{snapshot_id}", code="unknown")
    values = con.execute(
        f"SELECT {', '.join(_VALUE_COLUMNS)} FROM forecast_snapshot_values WHERE snapshot_id = ?",
        [snapshot_id],
    ).df()
    values["date"] = pd.to_datetime(values["date"])
    order = [*in_channel_order(set(values["channel"]) - {TOTAL}), TOTAL]
    values["channel"] = pd.Categorical(values["channel"], categories=order, ordered=True)
    values = values.sort_values(["channel", "date"], ignore_index=True)
    return values.assign(channel=values["channel"].astype(str))


def snapshot_accuracy(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Accuracy of every published snapshot against actuals so far, by channel and lead-time bucket.

    Returns snapshot_id, history_end, withdrawn, channel, bucket ('1-7', '8-28', '29-91', '92+'), days, mase,
    wape, bias. A withdrawn snapshot is kept (withdrawn True): plans stood on it until it was withdrawn, and
    withdrawing must not hide a miss. MASE is scaled by the lag-7 naive error of the history the snapshot was
    built on.
    """
    history = load_daily_history(con)
    actual = history.pivot_table(index="date", columns="channel", values="contacts", aggfunc="sum")
    actual[TOTAL] = actual.sum(axis=1, min_count=1)
    values = con.execute(
        "SELECT v.snapshot_id, s.history_end, s.withdrawn_at IS NOT NULL AS withdrawn, v.date, v.channel,"
        " v.forecast FROM forecast_snapshot_values v JOIN forecast_snapshots s USING (snapshot_id)"
    ).df()
    rows = []
    for (snapshot_id, history_end, withdrawn, channel), group in values.groupby(
        ["snapshot_id", "history_end", "withdrawn", "channel"]
    ):
        if channel not in actual:
            continue
        end = pd.Timestamp(history_end)
        series = actual[channel]
        dates = pd.to_datetime(group["date"]).astype("datetime64[ns]")
        observed = series.reindex(dates).to_numpy()
        lead = (dates - end).dt.days.to_numpy()
        for first, last, label in HORIZON_BUCKETS:
            mask = (lead >= first) & (lead <= last) & np.isfinite(observed)
            if not mask.any():
                continue
            forecast = group["forecast"].to_numpy()[mask]
            rows.append(
                {
                    "snapshot_id": snapshot_id,
                    "history_end": history_end,
                    "withdrawn": bool(withdrawn),
                    "channel": channel,
                    "bucket": label,
                    "days": int(mask.sum()),
                    "mase": metrics.mase(observed[mask], forecast, series.loc[:end]),
                    "wape": metrics.wape(observed[mask], forecast),
                    "bias": metrics.bias(observed[mask], forecast),
                }
            )
    columns = ["snapshot_id", "history_end", "withdrawn", "channel", "bucket", "days", "mase", "wape", "bias"]
    return pd.DataFrame(rows, columns=columns)


def weekly_forecast_vs_actual(con: duckdb.DuckDBPyConnection, channel: str) -> pd.DataFrame:
    """Each published forecast in force of one channel beside what happened, week by week (Monday to Sunday).

    Returns snapshot_id, history_end, week (its Monday), forecast, actual: only whole weeks after the history
    end with actuals on all seven days, so a partly observed week is never compared with a whole one.
    """
    history = load_daily_history(con)
    wide = history.pivot_table(index="date", columns="channel", values="contacts", aggfunc="sum")
    actual = wide.sum(axis=1, min_count=1) if channel == TOTAL else wide.get(channel)
    columns = ["snapshot_id", "history_end", "week", "forecast", "actual"]
    if actual is None:
        return pd.DataFrame(columns=columns)
    values = con.execute(
        "SELECT v.snapshot_id, s.history_end, v.date, v.forecast FROM forecast_snapshot_values v"
        " JOIN forecast_snapshots s USING (snapshot_id) WHERE v.channel = ? AND s.withdrawn_at IS NULL"
        " ORDER BY v.snapshot_id, v.date",
        [channel],
    ).df()
    values["date"] = pd.to_datetime(values["date"]).astype("datetime64[ns]")
    values["actual"] = actual.reindex(values["date"]).to_numpy()
    values = values[values["date"] > pd.to_datetime(values["history_end"])].dropna(subset=["actual"])
    values["week"] = values["date"] - pd.to_timedelta(values["date"].dt.day_of_week, unit="D")
    weekly = values.groupby(["snapshot_id", "history_end", "week"], as_index=False).agg(
        forecast=("forecast", "sum"), actual=("actual", "sum"), days=("date", "size")
    )
    return weekly[weekly["days"] == 7][columns].reset_index(drop=True)
