"""Regressors for the daily volume model: weekday, China's calendar, promotion events, trend and yearly waves.

Every calendar and event regressor is a 0/1 column named by its group, so a reviewer can read a coefficient
as "how much higher (in log volume) this kind of day is". Specific effects sit on top of a generic one:
`holiday_national_day` on top of `holiday`, `event_double11_peak` on top of `event_peak`. The model shrinks
the specific columns towards zero, so a holiday or promotion never seen in the history falls back to the
generic effect instead of to nothing.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
import pandas as pd

from analytics import calendar as cn_calendar

CALENDARS = ("CN", "none")

# Spring Festival window bins as (name, first offset, last offset) in days from Chinese New Year's Day.
# The statutory days off inside the window have their own `holiday_spring_festival` column.
SPRING_FESTIVAL_BINS = (
    ("sf_far_before", -15, -8),
    ("sf_before", -7, -3),
    ("sf_eve", -2, -1),
    ("sf_after", 7, 10),
    ("sf_far_after", 11, 15),
)

GROUPS = ("weekday", "holiday", "holiday_key", "around_holiday", "spring_festival", "event", "event_key")
"""Regressor groups; the model gives each its own shrinkage (see `models.PRIOR_SD`)."""


def column_group(column: str) -> str:
    """The regressor group a calendar or event column belongs to."""
    if column.startswith("dow_"):
        return "weekday"
    if column in ("holiday", "makeup_workday"):
        return "holiday"
    if column.startswith("holiday_"):
        return "holiday_key"
    if column in ("pre_holiday", "post_holiday_1", "post_holiday_2"):
        return "around_holiday"
    if column.startswith("sf_"):
        return "spring_festival"
    if column in ("event_presale", "event_peak", "event_aftersales"):
        return "event"
    if column.startswith("event_"):
        return "event_key"
    raise ValueError(f"unknown regressor {column!r}")


def calendar_features(
    dates: pd.DatetimeIndex,
    calendar: str = "CN",
    events: pd.DataFrame | None = None,
    schedule: cn_calendar.PublishedSchedule = cn_calendar.NO_SCHEDULE,
) -> pd.DataFrame:
    """0/1 regressors per day: weekday, statutory holidays, 调休, days around holidays, Spring Festival, events.

    `calendar` is 'CN' (China's calendar) or 'none' (weekday only, for data from elsewhere). `events` has
    event_key, phase, start_date, end_date (the events table shape); None means no promotions. `schedule`
    holds official holiday schedules typed in for years the calendar package lacks.
    """
    if calendar not in CALENDARS:
        raise ValueError(f"calendar must be one of {CALENDARS}, not {calendar!r}")
    dates = pd.DatetimeIndex(dates)
    day_of_week = dates.day_of_week.to_numpy()
    frame = pd.DataFrame(
        {f"dow_{weekday}": (day_of_week == weekday).astype(float) for weekday in range(7)}, index=dates
    )
    if calendar == "CN" and len(dates):
        facts = _calendar_facts(dates.min().year, dates.max().year, schedule).reindex(dates)
        frame = pd.concat([frame, _china_columns(facts)], axis=1)
    if events is not None and len(events) and len(dates):
        frame = pd.concat([frame, _event_columns(dates, events)], axis=1)
    return frame


@lru_cache(maxsize=16)
def _calendar_facts(first_year: int, last_year: int, schedule: cn_calendar.PublishedSchedule) -> pd.DataFrame:
    """The calendar frame of whole years indexed by date (cached: building it walks every day in Python)."""
    first, last = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)
    frame = cn_calendar.calendar_frame(first, last, schedule).set_index("date")
    frame.index = frame.index.as_unit("ns")
    return frame


def _china_columns(facts: pd.DataFrame) -> pd.DataFrame:
    holiday = facts["is_holiday"].to_numpy(dtype=bool)
    columns = {
        "holiday": holiday.astype(float),
        "makeup_workday": facts["is_makeup_workday"].to_numpy(dtype=float),
    }
    names = facts["holiday"].to_numpy(dtype=object)
    for key in sorted(set(names[holiday])):
        columns[f"holiday_{key}"] = (names == key).astype(float)
    before = np.r_[holiday[1:], False]
    after_1 = np.r_[False, holiday[:-1]]
    after_2 = np.r_[False, False, holiday[:-2]]
    columns["pre_holiday"] = (before & ~holiday).astype(float)
    columns["post_holiday_1"] = (after_1 & ~holiday).astype(float)
    columns["post_holiday_2"] = (after_2 & ~after_1 & ~holiday).astype(float)
    offset = facts["spring_festival_offset"].astype("float64").to_numpy()
    for name, low, high in SPRING_FESTIVAL_BINS:
        columns[name] = ((offset >= low) & (offset <= high) & ~holiday).astype(float)
    return pd.DataFrame(columns, index=facts.index)


def _event_columns(dates: pd.DatetimeIndex, events: pd.DataFrame) -> pd.DataFrame:
    """A generic column per phase (any promotion in that phase) and one per promotion and phase in range."""
    day = dates.to_numpy()
    starts = pd.to_datetime(events["start_date"]).to_numpy()
    ends = pd.to_datetime(events["end_date"]).to_numpy()
    specific: dict[tuple[str, str], np.ndarray] = {}
    for key, phase, start, end in zip(events["event_key"], events["phase"], starts, ends, strict=True):
        on = (day >= start) & (day <= end)
        if on.any():
            specific[(key, phase)] = specific.get((key, phase), False) | on
    columns = {f"event_{phase}": np.zeros(len(dates)) for phase in cn_calendar.PHASES}
    for key, phase in sorted(specific):
        columns[f"event_{key}_{phase}"] = specific[(key, phase)].astype(float)
        columns[f"event_{phase}"] = np.maximum(columns[f"event_{phase}"], specific[(key, phase)])
    return pd.DataFrame(columns, index=dates)


def trend_features(
    dates: pd.DatetimeIndex,
    start: pd.Timestamp,
    end: pd.Timestamp,
    changepoints: list[pd.Timestamp],
    damping: float,
) -> pd.DataFrame:
    """Piecewise-linear trend in years since `start`: a slope column and one hinge per changepoint.

    After `end` (the last day of history) the clock slows down by `damping` per day, so the last slope
    fades out instead of compounding for 18 months: 1.0 extrapolates linearly, 0.0 holds the last level.
    """
    years = _damped_years(dates, start, end, damping)
    columns = {"trend": years}
    for point in changepoints:
        columns[f"trend_cp_{point:%Y%m%d}"] = np.maximum(years - (point - start).days / 365.25, 0.0)
    return pd.DataFrame(columns, index=dates)


def yearly_features(dates: pd.DatetimeIndex, order: int) -> pd.DataFrame:
    """Yearly seasonality as `order` sine/cosine pairs of the day of the year."""
    angle = 2 * np.pi * (dates.day_of_year.to_numpy() - 1) / 365.25
    columns = {}
    for k in range(1, order + 1):
        columns[f"yearly_sin_{k}"] = np.sin(k * angle)
        columns[f"yearly_cos_{k}"] = np.cos(k * angle)
    return pd.DataFrame(columns, index=dates)


def _damped_years(
    dates: pd.DatetimeIndex, start: pd.Timestamp, end: pd.Timestamp, damping: float
) -> np.ndarray:
    days = ((dates - start) / pd.Timedelta(days=1)).to_numpy(dtype=float)
    last = (end - start) / pd.Timedelta(days=1)
    ahead = np.maximum(days - last, 0.0)
    if damping < 1.0:
        ahead = damping * (1 - damping**ahead) / (1 - damping)
    return (np.minimum(days, last) + ahead) / 365.25
