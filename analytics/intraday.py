"""Intraday split: spread each day's forecast over 30-minute intervals, for the staffing (Erlang) math.

The profile of a channel is the average share of the day's contacts in each half hour, learned separately
for workdays, weekends and holidays (a holiday afternoon looks nothing like a Tuesday's), from observed
interval volumes (the interval_volume table, imported or demo). Intervals add up to the day exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics import calendar as cn_calendar

INTERVAL_MINUTES = 30
SLOTS = 24 * 60 // INTERVAL_MINUTES
DAY_TYPES = ("workday", "weekend", "holiday")


def day_types(
    dates: pd.Series | pd.DatetimeIndex,
    calendar: str = "CN",
    schedule: cn_calendar.PublishedSchedule = cn_calendar.NO_SCHEDULE,
) -> pd.Series:
    """Workday / weekend / holiday for each date; 调休 make-up days count as workdays (calendar 'CN', with the
    official schedules typed in for years the calendar package lacks)."""
    index = pd.DatetimeIndex(pd.to_datetime(dates)).normalize()
    if calendar != "CN" or not len(index):
        return pd.Series(np.where(index.day_of_week >= 5, "weekend", "workday"), index=index)
    facts = cn_calendar.calendar_frame(index.min().date(), index.max().date(), schedule).set_index("date")
    facts.index = facts.index.as_unit("ns")
    facts = facts.reindex(index.as_unit("ns"))
    kind = np.where(facts["is_holiday"], "holiday", np.where(facts["is_workday"], "workday", "weekend"))
    return pd.Series(kind, index=index)


def interval_profiles(
    intervals: pd.DataFrame,
    calendar: str = "CN",
    schedule: cn_calendar.PublishedSchedule = cn_calendar.NO_SCHEDULE,
) -> pd.DataFrame:
    """Share of a day's contacts per 30-minute slot, by channel and day type, from interval_volume rows.

    Input columns: interval_start, channel, contacts (any interval length that divides 30 minutes; finer
    intervals are summed into half hours). Returns channel, day_type, slot (0 = 00:00-00:30), share; the
    shares of each channel and day type sum to 1. A day type never observed borrows the workday profile.
    """
    start = pd.to_datetime(intervals["interval_start"])
    frame = pd.DataFrame(
        {
            "channel": intervals["channel"].astype(str).to_numpy(),
            "date": start.dt.normalize().to_numpy(),
            "slot": ((start.dt.hour * 60 + start.dt.minute) // INTERVAL_MINUTES).to_numpy(),
            "contacts": intervals["contacts"].astype(float).to_numpy(),
        }
    )
    kinds = day_types(pd.DatetimeIndex(frame["date"].unique()), calendar, schedule)
    frame["day_type"] = frame["date"].map(kinds)
    sums = frame.groupby(["channel", "day_type", "slot"])["contacts"].sum()
    rows = []
    for channel in sorted(frame["channel"].unique()):
        fallback = _shares(sums, channel, "workday") or _shares(sums, channel, None)
        for kind in DAY_TYPES:
            shares = _shares(sums, channel, kind) or fallback
            rows.extend(
                {"channel": channel, "day_type": kind, "slot": s, "share": v} for s, v in enumerate(shares)
            )
    return pd.DataFrame(rows, columns=["channel", "day_type", "slot", "share"])


def _shares(sums: pd.Series, channel: str, kind: str | None) -> list[float] | None:
    """Slot shares for a channel and day type (None: all day types), or None when nothing was observed."""
    part = sums.loc[channel]
    part = (
        part.groupby(level="slot").sum() if kind is None else part.loc[kind] if kind in part.index else None
    )
    if part is None or part.sum() <= 0:
        return None
    full = part.reindex(range(SLOTS), fill_value=0.0)
    return list(full / full.sum())


def split_intraday(
    daily: pd.DataFrame,
    profiles: pd.DataFrame,
    calendar: str = "CN",
    schedule: cn_calendar.PublishedSchedule = cn_calendar.NO_SCHEDULE,
) -> pd.DataFrame:
    """Spread daily forecasts (date, channel, forecast) over 30-minute slots with the channel's profile.

    Returns date, channel, interval_start, forecast. Each day's intervals sum to its daily forecast (the
    last slot absorbs the floating-point remainder). Channels without a profile (and 'total') are skipped.
    """
    kinds = day_types(pd.DatetimeIndex(daily["date"].unique()), calendar, schedule)
    table = profiles.pivot_table(index=["channel", "day_type"], columns="slot", values="share").reindex(
        columns=range(SLOTS), fill_value=0.0
    )
    frames = []
    for row in daily.itertuples(index=False):
        key = (str(row.channel), kinds[pd.Timestamp(row.date)])
        if key not in table.index:
            continue
        values = float(row.forecast) * table.loc[key].to_numpy()
        values[-1] = float(row.forecast) - values[:-1].sum()
        start = pd.Timestamp(row.date) + pd.to_timedelta(np.arange(SLOTS) * INTERVAL_MINUTES, unit="min")
        frames.append(
            pd.DataFrame(
                {"date": row.date, "channel": row.channel, "interval_start": start, "forecast": values}
            )
        )
    columns = ["date", "channel", "interval_start", "forecast"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
