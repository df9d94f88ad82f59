"""What-if: from the baseline forecast and a scenario's sliders to FTE, a hiring plan and ¥ by category.

The pipeline, and what each step depends on (so a slider recomputes only what it touches):

1. demand (volume %, AHT %, self-service deflection %, service-level targets of 电话 and of chat, occupancy
   cap):
   contacts per 30-minute interval = baseline interval forecast × (1 + volume change) × (1 − deflection);
   agents on seat per interval by channel kind (Erlang C for 电话, chat with concurrency for 在线/微信,
   workload with a response-time deadline and backlog for 邮件/工单); agent hours per month.
2. plan (+ shrinkage, Spring Festival leave, outsourcing share per channel, attrition, who covers the peaks):
   FTE = agent hours / (174 h × (1 − the month's shrinkage)), where leave days bunched at Spring Festival raise
   that month's shrinkage and lower the others' (``monthly_shrinkage``); outsourced FTE = share × FTE; temps
   already contracted (on the roster until their leave date) come next; the rest is in-house and goes through
   ``staffing.headcount_plan`` against the current roster (hires, leavers, peak cover). Staff on payroll
   beyond the need (after a peak, in a trough) are paid: they are costed, and shown as the surplus.
3. money (wage increase, social insurance rate, overtime premium; prices and rates): ``cost_model.monthly_cost_lines``.

``staffing_check`` runs step 1 and the FTE of step 2 over the last 12 actual months (actual volume and AHT,
the scenario's service parameters) and sets the result against the agent FTE the roster had in those months.

The baseline daily forecast is fitted (or read from a published snapshot) once, outside this module's
per-scenario work; ``WhatIfModel`` holds it with the intraday split done once, and caches steps 1 and 2
keyed by only the parameters they depend on. A wage slider therefore only reruns step 3.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import duckdb
import numpy as np
import pandas as pd

from analytics import calendar as cn_calendar
from analytics import cost_model, store
from analytics.channels import ASYNC, CHANNELS, CONCURRENT, DEFAULT_CONCURRENCY, QUEUED
from analytics.forecast_warning import PLAN_WARNINGS, ForecastWarning, warnings_from_json
from analytics.holiday_schedule import load_schedule
from analytics.intraday import day_types, interval_profiles
from analytics.sources import load_daily_history, load_events, load_intervals
from analytics.staffing import (
    PART_TIME_FTE,
    STANDARD_DAILY_HOURS,
    STANDARD_MONTHLY_HOURS,
    async_required_agents,
    average_speed_of_answer,
    chat_required_agents,
    erlang_a_metrics,
    headcount_plan,
    required_agents,
)

INTERVAL_SECONDS = 1800.0
SLOTS = 48
DEFAULT_AHT = {"phone": 300.0, "online": 400.0, "wechat": 360.0, "email": 520.0, "ticket": 690.0}
TRAINING_WEEKS = 4.0
RAMP_WEEKS = 4.0
"""New hires: classroom weeks, then ramp-up weeks at half productivity (the headcount plan's inputs)."""
_CACHE_SIZE = 32
PAID_DAYS_PER_MONTH = STANDARD_MONTHLY_HOURS / STANDARD_DAILY_HOURS
"""21.75 paid days a month (174 h of 8)."""
SPRING_FESTIVAL_LEAVE_MAX = 10.0
PEAK_COVERS = ("hire", "temp", "part_time", "outsourced", "overtime")
"""Who covers a peak: permanent hires, temp, part-time or outsourced staff, or overtime by the staff on payroll
(see Scenario.peak_cover)."""


# ---------------------------------------------------------------------------------------------
# Scenario parameters
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """The sliders of the what-if page. Shares and changes are fractions (0.10 = 10%).

    service_level and answer_seconds are 电话's target, chat_service_level and chat_answer_seconds the chat
    channels' (在线, 微信: chats answered within the time); attrition is monthly; spring_festival_leave is the days
    of annual leave each agent takes in the month of Chinese New Year (see ``monthly_shrinkage``);
    outsourcing_share is a tuple of (channel, share) pairs (hashable); outsourcing_price_change moves the
    BPO's price in every channel (-0.05: 5% cheaper); peak_cover says who covers the
    part of a peak month above peak_threshold × the median month: 'hire' (permanent hires, who stay on
    after the peak until attrition takes them), or flexible staff, 'temp' (临时工 through a dispatch
    agency), 'part_time' (兼职), 'outsourced' (外包, with the peak surcharge) or 'overtime' (加班 by the staff
    on payroll, at most 36 hours a month each; beyond that a shortfall), paid at overtime_premium times the
    hourly pay (劳动法 第四十四条: 1.5 on workdays, 2 on rest days without time off in lieu, 3 on statutory holidays).
    comprehensive_hours says the agents work under a comprehensive working-hours scheme (综合计算工时制), where
    overtime on a rest day is paid as extended hours (see ``cost_model.overtime_multiple``).
    """

    volume_change: float = 0.0
    aht_change: float = 0.0
    deflection: float = 0.0
    service_level: float = 0.80
    answer_seconds: float = 20.0
    chat_service_level: float = 0.80
    chat_answer_seconds: float = 20.0
    shrinkage: float = 0.30
    spring_festival_leave: float = 0.0
    max_occupancy: float = 0.85
    attrition: float = 0.03
    wage_increase: float = 0.0
    outsourcing_price_change: float = 0.0
    overtime_premium: float = cost_model.CostRates.overtime_premium
    comprehensive_hours: bool = False
    social_insurance_rate: float = cost_model.TIER1_SOCIAL_INSURANCE_RATE
    outsourcing_share: tuple[tuple[str, float], ...] = ()
    peak_cover: str = "hire"
    peak_threshold: float = 1.15

    def __post_init__(self) -> None:
        checks = [
            (self.volume_change > -1, "volume_change must be > -100%"),
            (self.aht_change > -1, "aht_change must be > -100%"),
            (0 <= self.deflection < 1, "deflection must be in [0, 1)"),
            (0 < self.service_level < 1, "service_level must be in (0, 1)"),
            (self.answer_seconds >= 0, "answer_seconds must be >= 0"),
            (0 < self.chat_service_level < 1, "chat_service_level must be in (0, 1)"),
            (self.chat_answer_seconds >= 0, "chat_answer_seconds must be >= 0"),
            (0 <= self.shrinkage < 1, "shrinkage must be in [0, 1)"),
            (
                0 <= self.spring_festival_leave <= SPRING_FESTIVAL_LEAVE_MAX,
                f"spring_festival_leave must be 0..{SPRING_FESTIVAL_LEAVE_MAX:g} days",
            ),
            (
                self.shrinkage + self.spring_festival_leave / PAID_DAYS_PER_MONTH < 1
                and self.shrinkage >= self.spring_festival_leave / (11 * PAID_DAYS_PER_MONTH),
                "shrinkage with the Spring Festival leave must stay in [0, 1) every month",
            ),
            (0 < self.max_occupancy <= 1, "max_occupancy must be in (0, 1]"),
            (0 <= self.attrition < 1, "attrition must be in [0, 1)"),
            (self.social_insurance_rate >= 0, "social_insurance_rate must be >= 0"),
            (self.outsourcing_price_change > -1, "outsourcing_price_change must be > -100%"),
            (1 <= self.overtime_premium <= 3, "overtime_premium must be 1..3 times the hourly pay"),
            (isinstance(self.comprehensive_hours, bool), "comprehensive_hours must be True or False"),
            (self.peak_threshold >= 1, "peak_threshold must be >= 1"),
            (self.peak_cover in PEAK_COVERS, f"peak_cover must be one of {PEAK_COVERS}"),
            (all(0 <= s <= 1 for _, s in self.outsourcing_share), "outsourcing shares must be in [0, 1]"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)
        normal = tuple(sorted((str(c), float(s)) for c, s in dict(self.outsourcing_share).items()))
        object.__setattr__(self, "outsourcing_share", normal)

    @property
    def outsourcing(self) -> dict[str, float]:
        """Outsourcing share per channel (0 where not given)."""
        return {c: 0.0 for c in CHANNELS} | dict(self.outsourcing_share)

    def replace(self, **changes) -> Scenario:
        """A copy with some sliders moved; ``outsourcing_share`` may be given as a dict."""
        if isinstance(changes.get("outsourcing_share"), Mapping):
            changes["outsourcing_share"] = tuple(changes["outsourcing_share"].items())
        return dataclasses.replace(self, **changes)

    def demand_key(self) -> tuple:
        """The parameters that change agents per interval."""
        return (
            self.volume_change,
            self.aht_change,
            self.deflection,
            self.service_level,
            self.answer_seconds,
            self.chat_service_level,
            self.chat_answer_seconds,
            self.max_occupancy,
        )

    def plan_key(self) -> tuple:
        """The parameters that change FTE and the headcount plan (demand's plus these)."""
        return (
            *self.demand_key(),
            self.shrinkage,
            self.spring_festival_leave,
            self.attrition,
            self.outsourcing_share,
            self.peak_cover,
            self.peak_threshold,
        )

    def to_json(self) -> str:
        """The scenario as JSON (outsourcing share as an object), for the scenarios table."""
        values = dataclasses.asdict(self)
        values["outsourcing_share"] = dict(self.outsourcing_share)
        return json.dumps(values, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Scenario:
        """A scenario from JSON; unknown keys are ignored and missing ones take their defaults."""
        values = json.loads(text)
        known = {f.name for f in dataclasses.fields(cls)}
        if values.get("peak_temp") and "peak_cover" not in values:  # saved before peak_cover existed
            values["peak_cover"] = "temp"
        # saved before chat had its own target: the phone target applied to chat as well
        values.setdefault("chat_service_level", values.get("service_level", cls.chat_service_level))
        values.setdefault("chat_answer_seconds", values.get("answer_seconds", cls.chat_answer_seconds))
        values = {k: v for k, v in values.items() if k in known}
        if "outsourcing_share" in values:
            values["outsourcing_share"] = tuple(dict(values["outsourcing_share"]).items())
        return cls(**values)


# ---------------------------------------------------------------------------------------------
# Inputs from the database
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """Everything the what-if needs besides the scenario, read once from the database.

    daily: date, channel, forecast (the baseline daily forecast over the plan window);
    profiles: channel, day_type, slot, share (intraday shares); aht: seconds per channel;
    roster: channel, employment_type, headcount (agents employed at as_of);
    response_hours: deadline per async channel; concurrency per chat channel; rates: cost rates;
    part_time_share: part-time share of in-house FTE; temps: month, channel, fte (temps on the roster at
    as_of, in the months of their contract: days employed ÷ days of the month); schedule: official holiday
    schedules typed in for years the calendar package lacks (day types and overtime pay read it); patience:
    seconds a live channel's customer waits on average before hanging up (actual_patience; none: unknown);
    abandon_targets: the highest abandon rate each live channel accepts (the targets table's abandon_rate, its
    own or '*'; none: no target).
    """

    daily: pd.DataFrame
    profiles: pd.DataFrame
    aht: dict[str, float]
    roster: pd.DataFrame
    rates: cost_model.CostRates
    response_hours: dict[str, float] = field(default_factory=lambda: {"email": 24.0, "ticket": 24.0})
    concurrency: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_CONCURRENCY))
    part_time_share: float = 0.0
    defaults: Scenario = Scenario()
    temps: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["month", "channel", "fte"]))
    schedule: cn_calendar.PublishedSchedule = cn_calendar.NO_SCHEDULE
    patience: dict[str, float] = field(default_factory=dict)
    abandon_targets: dict[str, float] = field(default_factory=dict)


def plan_window(as_of: dt.date, months: int = 12) -> tuple[dt.date, dt.date]:
    """First and last day of the plan: the ``months`` whole months after the month of ``as_of``."""
    first = (pd.Timestamp(as_of).to_period("M") + 1).to_timestamp()
    last = (pd.Timestamp(as_of).to_period("M") + months).to_timestamp(how="end").normalize()
    return first.date(), last.date()


class Baseline(NamedTuple):
    """The daily forecast a plan starts from (date, channel, forecast), where it came from ('snapshot': a
    published forecast, or 'fitted' now), its fit's warnings that bear on the plan: (channel, ForecastWarning)
    pairs (PLAN_WARNINGS), and the published forecast's id (None when fitted)."""

    daily: pd.DataFrame
    source: str
    warnings: list[tuple[str, ForecastWarning]]
    snapshot_id: int | None = None


def published_baseline(con: duckdb.DuckDBPyConnection, as_of: dt.date, months: int = 12) -> Baseline | None:
    """The newest published forecast snapshot in force (not withdrawn) made on data up to ``as_of``, with the
    official holiday schedule saved now, that covers the plan window (channels only), with the warnings it was
    published with; None when there is none."""
    first, last = plan_window(as_of, months)
    row = con.execute(
        "SELECT snapshot_id, warnings FROM forecast_snapshots WHERE history_end = ? AND calendar = ?"
        " AND withdrawn_at IS NULL ORDER BY created_at DESC LIMIT 1",
        [as_of, load_schedule(con).digest()],
    ).fetchall()
    if not row:
        return None
    snapshot_id, stored = row[0]
    frame = con.execute(
        "SELECT date, channel, forecast FROM forecast_snapshot_values"
        " WHERE snapshot_id = ? AND channel <> 'total' AND date BETWEEN ? AND ? ORDER BY channel, date",
        [snapshot_id, first, last],
    ).df()
    days = (last - first).days + 1
    if frame.empty or frame.groupby("channel").size().min() < days:
        return None
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    warnings = [(c, w) for c, w in warnings_from_json(stored) if w.code in PLAN_WARNINGS]
    return Baseline(frame, "snapshot", warnings, int(snapshot_id))


def passed_over_snapshot(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, months: int = 12
) -> tuple[int, str, dt.date] | None:
    """The newest snapshot in force made on data up to ``as_of`` when the plan does not start from it: its id,
    why ('outdated': made with another holiday schedule than the one saved now, a notice typed in or changed
    since; 'short': it stops before the plan window ends) and its last day; None when the plan starts from it or
    there is none."""
    row = con.execute(
        "SELECT snapshot_id, calendar,"
        " (SELECT max(v.date) FROM forecast_snapshot_values v WHERE v.snapshot_id = s.snapshot_id)"
        " FROM forecast_snapshots s WHERE history_end = ? AND withdrawn_at IS NULL"
        " ORDER BY created_at DESC LIMIT 1",
        [as_of],
    ).fetchall()
    if not row:
        return None
    snapshot_id, calendar, last_day = row[0]
    if calendar != load_schedule(con).digest():
        return int(snapshot_id), "outdated", last_day
    if last_day < plan_window(as_of, months)[1]:
        return int(snapshot_id), "short", last_day
    return None


def history_channels(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The channels with volume history, in the product's channel order."""
    present = {row[0] for row in con.execute("SELECT DISTINCT channel FROM contact_volume").fetchall()}
    return [c for c in CHANNELS if c in present]


def fit_channel_baseline(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, months: int, channel: str
) -> tuple[pd.DataFrame, list[ForecastWarning]]:
    """Fit one channel's daily forecast (history up to ``as_of``) over the plan window: date, channel,
    forecast; and the fit's PLAN_WARNINGS. Slow (a backtest per channel): callers cache it."""
    from analytics.forecast import forecast_channels  # the model stack: imported only to fit

    history = load_daily_history(con)
    history = history[(history["date"] <= pd.Timestamp(as_of)) & (history["channel"] == channel)]
    first, last = plan_window(as_of, months)
    fit = forecast_channels(
        history, (last - as_of).days, events=load_events(con), schedule=load_schedule(con)
    )
    daily = fit.daily.loc[fit.daily["channel"] == channel, ["date", "channel", "forecast"]].copy()
    daily["date"] = pd.to_datetime(daily["date"]).astype("datetime64[ns]")
    warnings = [w for c, w in fit.warnings if c == channel and w.code in PLAN_WARNINGS]
    return daily[daily["date"] >= pd.Timestamp(first)].reset_index(drop=True), warnings


def fit_baseline(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    months: int = 12,
    progress: Callable[[int, int, str], None] | None = None,
) -> tuple[pd.DataFrame, list[tuple[str, ForecastWarning]]]:
    """Fit the daily forecast of every channel over the plan window: date, channel, forecast; and the fits'
    PLAN_WARNINGS as (channel, warning) pairs. ``progress(done, total, channel)`` is called before each
    channel."""
    channels = history_channels(con)
    frames, warnings = [], []
    for k, channel in enumerate(channels):
        if progress:
            progress(k, len(channels), channel)
        daily, found = fit_channel_baseline(con, as_of, months, channel)
        frames.append(daily)
        warnings += [(channel, warning) for warning in found]
    return pd.concat(frames, ignore_index=True), warnings


def plan_baseline(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    months: int = 12,
    progress: Callable[[int, int, str], None] | None = None,
) -> Baseline:
    """The forecast a plan over ``months`` after ``as_of`` starts from: the published snapshot for that date,
    else fitted now per channel (slow; ``progress(done, total, channel)`` before each)."""
    published = published_baseline(con, as_of, months)
    if published is not None:
        return published
    daily, warnings = fit_baseline(con, as_of, months, progress)
    return Baseline(daily, "fitted", warnings)


def load_inputs(con: duckdb.DuckDBPyConnection, as_of: dt.date, daily: pd.DataFrame) -> Inputs:
    """Read AHT, intraday profiles, roster, targets and calibrated cost rates for a baseline forecast."""
    start = (pd.Timestamp(as_of) - pd.Timedelta(days=364)).date()
    aht = actual_aht(con, start, as_of)
    schedule = load_schedule(con)
    profiles = actual_profiles(con, start, as_of, schedule)
    # the roster the plan starts from: staff still employed after as_of (leave_date is the last day employed)
    roster = con.execute(
        "SELECT channel, employment_type, count(*)::DOUBLE AS headcount FROM staff"
        " WHERE role = 'agent' AND channel IS NOT NULL AND hire_date <= ?"
        " AND (leave_date IS NULL OR leave_date > ?) GROUP BY ALL ORDER BY ALL",
        [as_of, as_of],
    ).df()
    targets = read_targets(con)
    inhouse = roster[roster["employment_type"].isin(("full_time", "part_time"))]
    fte = inhouse["headcount"] * np.where(inhouse["employment_type"] == "part_time", PART_TIME_FTE, 1.0)
    part_time_share = (
        float(fte[inhouse["employment_type"] == "part_time"].sum() / fte.sum()) if fte.sum() else 0.0
    )
    # today's practice for peaks: temps engaged in the last 12 months mean the peaks are covered with temps
    engaged_temps = con.execute(
        "SELECT count(*) FROM staff WHERE role = 'agent' AND employment_type = 'temp' AND hire_date BETWEEN ? AND ?",
        [start, as_of],
    ).fetchone()[0]
    defaults = target_scenario(targets).replace(peak_cover="temp" if engaged_temps else "hire")
    months = pd.DatetimeIndex(pd.to_datetime(daily["date"])).to_period("M").unique().sort_values()
    temps = con.execute(
        "SELECT channel, hire_date, leave_date FROM staff WHERE role = 'agent' AND employment_type = 'temp'"
        " AND channel IS NOT NULL AND hire_date <= ? AND (leave_date IS NULL OR leave_date > ?)",
        [as_of, as_of],
    ).df()
    return Inputs(
        temps=temps_by_month(temps, months),
        daily=daily,
        profiles=profiles,
        aht=aht,
        roster=roster,
        rates=cost_model.calibrated_rates(con, as_of),
        response_hours={c: targets.get(("response_hours", c), 24.0) for c in ASYNC},
        part_time_share=part_time_share,
        defaults=defaults,
        schedule=schedule,
        patience=actual_patience(con, start, as_of),
        abandon_targets=channel_targets(targets, "abandon_rate", (*QUEUED, *CONCURRENT)),
    )


def read_targets(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], float]:
    """The targets table as {(metric, channel): value} ('*' is every channel)."""
    rows = con.execute("SELECT metric, channel, value FROM targets").fetchall()
    return {(m, c): float(v) for m, c, v in rows}


def target_scenario(targets: Mapping[tuple[str, str], float]) -> Scenario:
    """The scenario of the targets table: 电话's and chat's service-level targets, shrinkage, occupancy cap."""
    return Scenario(
        service_level=targets.get(("service_level", "phone"), 0.80),
        answer_seconds=targets.get(("answer_seconds", "phone"), 20.0),
        chat_service_level=chat_target(targets, "service_level", 0.80),
        chat_answer_seconds=chat_target(targets, "answer_seconds", 20.0),
        shrinkage=targets.get(("shrinkage", "*"), 0.30),
        max_occupancy=targets.get(("max_occupancy", "*"), 0.85),
    )


def channel_targets(
    targets: Mapping[tuple[str, str], float], metric: str, channels: Collection[str]
) -> dict[str, float]:
    """One metric's target per channel from the targets table: the channel's own, else every channel's ('*');
    channels with neither are left out."""
    found = {channel: targets.get((metric, channel), targets.get((metric, "*"))) for channel in channels}
    return {channel: value for channel, value in found.items() if value is not None}


def chat_target(targets: Mapping[tuple[str, str], float], metric: str, default: float) -> float:
    """The chat channels' target from the targets table: 在线's, else 微信's, else 电话's, else ``default``."""
    for channel in (*CONCURRENT, *QUEUED):
        if (metric, channel) in targets:
            return targets[(metric, channel)]
    return default


def actual_aht(con: duckdb.DuckDBPyConnection, first: dt.date, last: dt.date) -> dict[str, float]:
    """Contact-weighted AHT in seconds per channel between two dates (a channel without any: DEFAULT_AHT)."""
    rows = con.execute(
        "SELECT channel, (sum(aht_seconds * contacts) / nullif(sum(contacts), 0))::DOUBLE FROM contact_volume"
        " WHERE date BETWEEN ? AND ? AND aht_seconds IS NOT NULL GROUP BY channel",
        [first, last],
    ).fetchall()
    return DEFAULT_AHT | {c: round(float(v), 1) for c, v in rows if v}


def actual_patience(con: duckdb.DuckDBPyConnection, first: dt.date, last: dt.date) -> dict[str, float]:
    """Seconds a customer of each live channel waits on average before hanging up, between two dates: the
    answered contacts' average wait ÷ the share abandoned. Erlang A's mean wait of all callers is the abandon
    rate × the mean patience (Little's law on the callers who hang up); the answered callers' wait stands in
    for all callers'. Channels without waits or abandons recorded are left out."""
    rows = con.execute(
        "SELECT channel, (sum(asa_seconds * handled) / nullif(sum(handled), 0))::DOUBLE,"
        " (sum(abandoned) / nullif(sum(contacts), 0))::DOUBLE FROM contact_volume"
        " WHERE date BETWEEN ? AND ? AND asa_seconds IS NOT NULL AND abandoned IS NOT NULL"
        " AND handled IS NOT NULL GROUP BY channel",
        [first, last],
    ).fetchall()
    return {
        c: round(wait / abandoned, 1) for c, wait, abandoned in rows if c not in ASYNC and wait and abandoned
    }


def actual_profiles(
    con: duckdb.DuckDBPyConnection,
    first: dt.date,
    last: dt.date,
    schedule: cn_calendar.PublishedSchedule = cn_calendar.NO_SCHEDULE,
) -> pd.DataFrame:
    """Intraday shares (channel, day_type, slot, share) from the interval volume between two dates; flat
    shares when there is none."""
    intervals = load_intervals(con)
    start = pd.to_datetime(intervals["interval_start"])
    intervals = intervals[
        (start >= pd.Timestamp(first)) & (start < pd.Timestamp(last) + pd.Timedelta(days=1))
    ]
    return interval_profiles(intervals, schedule=schedule) if not intervals.empty else _flat_profiles()


def temps_by_month(temps: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """Temps already contracted, as FTE per month and channel: each temp counts the share of the month's days
    from the month start (or hire date) to the leave date, that day included (no leave date: the whole month).
    ``temps`` has channel, hire_date, leave_date; returns month, channel, fte (months with temps only)."""
    return staff_fte_by_month(temps, months, ["channel"])


def staff_fte_by_month(staff: pd.DataFrame, months: pd.PeriodIndex, by: list[str]) -> pd.DataFrame:
    """Staff as FTE per month and ``by`` columns: each person counts the share of the month's days from the
    month start (or hire date) to the leave date, that day included (``staff.leave_date`` is the last day
    employed; no leave date: the whole month), times their
    ``weight`` column when there is one (a part-timer is PART_TIME_FTE). ``staff`` has hire_date, leave_date
    and the ``by`` columns; returns month, *by, fte (only groups with some FTE in the month)."""
    weight = staff["weight"] if "weight" in staff else pd.Series(1.0, index=staff.index)
    keys = [staff[c].fillna("") for c in by]
    rows = []
    for month in months:
        first, end = month.start_time, month.end_time.normalize() + pd.Timedelta(days=1)
        days = (end - first).days
        start = pd.to_datetime(staff["hire_date"]).clip(lower=first)
        stop = (pd.to_datetime(staff["leave_date"]) + pd.Timedelta(days=1)).fillna(end).clip(upper=end)
        share = ((stop - start).dt.days.clip(lower=0) / days * weight).groupby(keys).sum()
        for key, value in share.items():
            if value > 0:
                key = key if isinstance(key, tuple) else (key,)
                rows.append(
                    {"month": first, **{c: k or None for c, k in zip(by, key, strict=True)}, "fte": value}
                )
    return pd.DataFrame(rows, columns=["month", *by, "fte"]).astype({"fte": float})


def _flat_profiles() -> pd.DataFrame:
    rows = [
        {"channel": c, "day_type": k, "slot": s, "share": 1 / SLOTS}
        for c in CHANNELS
        for k in ("workday", "weekend", "holiday")
        for s in range(SLOTS)
    ]
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# The model: cached demand and plan steps, money on top
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhatIfResult:
    """One scenario worked through.

    demand: month, channel, contacts (handled, after deflection), agent_hours, peak_agents.
    plan: month, channel, contacts, required_fte, outsourced_fte (peak cover by outsourcing included),
    inhouse_fte (the in-house need), temp_fte (temps paid: those contracted on the roster plus peak temps),
    committed_temp_fte, flex_fte (peak cover), headcount, hires, leavers, gap_fte, surplus_fte (paid beyond the
    need; surplus_inhouse_fte + surplus_temp_fte), and full_time_fte, part_time_fte (paid: need plus surplus),
    outsourced_contacts for costing.
    lines: month, channel, code, amount (see cost_model.monthly_cost_lines).
    peak_months: months with the outsourcing peak surcharge.
    surplus: month, surplus_fte (staff paid beyond the need), cost (what they add to the month's ¥, reserve
    and indirect labor included); the plan's paid FTE and so ``lines`` include them.
    """

    scenario: Scenario
    demand: pd.DataFrame
    plan: pd.DataFrame
    lines: pd.DataFrame
    peak_months: tuple[pd.Timestamp, ...]
    surplus: pd.DataFrame

    @cached_property
    def by_category(self) -> pd.DataFrame:
        """month, level1, amount (worked out when first read: the page's peak-cover comparison runs four
        scenarios a slider move that never read it)."""
        return cost_model.cost_by_category(self.lines)

    @cached_property
    def per_contact(self) -> pd.DataFrame:
        """channel, direct, shared, total, contacts, cost_per_contact (worked out when first read)."""
        return cost_model.cost_per_contact(self.lines, self.demand[["channel", "contacts"]])

    @property
    def total_cost(self) -> float:
        """Total ¥ over the plan window."""
        return float(self.lines["amount"].sum())

    @property
    def total_contacts(self) -> float:
        return float(self.demand["contacts"].sum())

    @property
    def average_fte(self) -> float:
        """Required FTE (in-house + outsourced + temp), average per month."""
        return float(self.plan.groupby("month")["required_fte"].sum().mean())

    @property
    def average_inhouse_fte(self) -> float:
        return float(self.plan.groupby("month")["inhouse_fte"].sum().mean())

    @property
    def hires(self) -> float:
        return float(self.plan["hires"].sum())

    @property
    def surplus_fte_months(self) -> float:
        """FTE-months paid beyond the need over the window (idle staff after a peak or in a trough)."""
        return float(self.surplus["surplus_fte"].sum())

    @property
    def surplus_cost(self) -> float:
        """What the surplus FTE-months cost (¥, in the total)."""
        return float(self.surplus["cost"].sum())

    @property
    def flex_fte_months(self) -> float:
        """FTE-months of flexible staff covering peaks (temp, part-time or outsourced, per peak_cover)."""
        return float(self.plan["flex_fte"].sum())

    def monthly_cost(self) -> pd.DataFrame:
        """month, amount."""
        return self.lines.groupby("month", as_index=False)["amount"].sum()


class WhatIfModel:
    """A baseline (forecast split into intervals, roster, rates) that scenarios are run against.

    Thread-safe; caches the demand step by ``Scenario.demand_key()``, the plan step by ``Scenario.plan_key()``
    and whole runs by the scenario (least recently used, 32 each), and each channel's agents per interval by
    the demand key (the last 16 keys' worth: the demand, the busiest days and the levers' service figures all
    read them). Results are shared: do not mutate them.
    """

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        dates, self._contacts = interval_contacts(inputs.daily, inputs.profiles, inputs.schedule)
        self.dates = dates
        self._day_code = np.repeat(np.arange(len(dates)), SLOTS)
        self.channels = list(self._contacts)
        self.months = pd.DatetimeIndex(dates.to_period("M").unique().to_timestamp())
        month_of_day = dates.to_period("M").to_timestamp()
        self._month_code = np.repeat(self.months.get_indexer(month_of_day), SLOTS)
        self._lock = threading.Lock()
        self._demand: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._agents: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._plan: OrderedDict[tuple, tuple[pd.DataFrame, tuple]] = OrderedDict()
        self._runs: OrderedDict[Scenario, WhatIfResult] = OrderedDict()

    def _cached(self, cache: OrderedDict, key, compute: Callable[[], object], size: int = _CACHE_SIZE):
        """``cache[key]``, computed (outside the lock) and kept when missing; least recently used go first once
        more than ``size`` are kept."""
        with self._lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        value = compute()
        with self._lock:
            cache[key] = value
            while len(cache) > size:
                cache.popitem(last=False)
        return value

    # -- step 1 ---------------------------------------------------------------------------------
    def demand(self, scenario: Scenario) -> pd.DataFrame:
        """Contacts and agent hours per month and channel (cached by the demand parameters)."""
        return self._cached(self._demand, scenario.demand_key(), lambda: self._compute_demand(scenario))

    def _seat_agents(self, s: Scenario, channels: Collection[str] | None = None):
        """(channel, contacts per interval, agents on seat per interval) for each channel (or those of
        ``channels`` the model has), under the scenario's volume, deflection, AHT and targets."""
        scale = (1 + s.volume_change) * (1 - s.deflection)
        for channel in self.channels:
            if channels is not None and channel not in channels:
                continue
            contacts = self._contacts[channel] * scale
            yield channel, contacts, self._channel_agents(channel, contacts, s)

    def _channel_agents(self, channel: str, contacts: np.ndarray, s: Scenario) -> np.ndarray:
        """seat_agents for one channel's scaled contacts, cached by the scenario's demand key."""
        return self._cached(
            self._agents,
            (s.demand_key(), channel),
            lambda: seat_agents(
                channel,
                contacts,
                self._aht(channel, s),
                s,
                self.inputs.concurrency,
                self.inputs.response_hours,
            ),
            size=16 * len(self.channels),
        )

    def _aht(self, channel: str, s: Scenario) -> float:
        return self.inputs.aht[channel] * (1 + s.aht_change)

    @staticmethod
    def _answer_seconds(channel: str, s: Scenario) -> float:
        return s.chat_answer_seconds if channel in CONCURRENT else s.answer_seconds

    def average_wait(self, scenario: Scenario, channels: Collection[str]) -> float | None:
        """Seconds a contact of the live ``channels`` waits to be answered, on average over the plan: Erlang C's
        mean wait (ASA) in each interval at the agents the scenario puts on seat, weighted by the interval's
        contacts. A chat waits for a free slot (agents × concurrency). None when those channels have no
        contacts."""
        waits, weights = [], []
        live = [channel for channel in channels if channel not in ASYNC]
        for channel, contacts, agents in self._seat_agents(scenario, live):
            slots = agents * self.inputs.concurrency.get(channel, 2.0) if channel in CONCURRENT else agents
            wait = average_speed_of_answer(contacts, self._aht(channel, scenario), INTERVAL_SECONDS, slots)
            waits.append(np.where(contacts > 0, np.asarray(wait, dtype=float), 0.0))
            weights.append(contacts)
        total = sum(float(w.sum()) for w in weights)
        if not total:
            return None
        return sum(float(np.dot(w, c)) for w, c in zip(waits, weights, strict=True)) / total

    def abandon_rate(self, scenario: Scenario, channels: Collection[str]) -> float | None:
        """Share of the contacts of ``channels`` that hang up before they are answered, over the plan: Erlang
        A's abandon rate in each interval at the agents the scenario puts on seat (sized by Erlang C, as the
        plan is; a chat waits for a free slot), with the channel's patience from history, weighted by the
        interval's contacts. None when none of those channels has contacts and a known patience."""
        rates, weights = [], []
        known = [channel for channel in channels if channel in self.inputs.patience]
        for channel, contacts, agents in self._seat_agents(scenario, known):
            slots = agents * self.inputs.concurrency.get(channel, 2.0) if channel in CONCURRENT else agents
            found = erlang_a_metrics(
                contacts,
                self._aht(channel, scenario),
                INTERVAL_SECONDS,
                slots,
                self._answer_seconds(channel, scenario),
                self.inputs.patience[channel],
            )
            rates.append(np.asarray(found["abandon_rate"], dtype=float))
            weights.append(contacts)
        total = sum(float(w.sum()) for w in weights)
        if not total:
            return None
        return sum(float(np.dot(w, r)) for w, r in zip(weights, rates, strict=True)) / total

    def abandon_target(self, channels: Collection[str]) -> float | None:
        """The abandon-rate target that ``abandon_rate`` over ``channels`` is held to: the one target every
        channel of them with a known patience shares; None when one has no target, or they differ (the rate
        over them then has no single target to read against)."""
        known = [channel for channel in channels if channel in self.inputs.patience]
        found = {self.inputs.abandon_targets.get(channel) for channel in known}
        return found.pop() if len(found) == 1 and None not in found else None

    def occupancy(self, scenario: Scenario, channels: Collection[str] | None = None) -> float | None:
        """Share of the agents' time on seat spent handling contacts, over the plan, in ``channels`` (all by
        default): handle seconds (a chat's divided among the chats an agent holds at once) ÷ agent seconds on
        seat. None when no agent is on seat."""
        busy = on_seat = 0.0
        for channel, contacts, agents in self._seat_agents(scenario, channels):
            at_once = self.inputs.concurrency.get(channel, 2.0) if channel in CONCURRENT else 1.0
            busy += float(contacts.sum()) * self._aht(channel, scenario) / at_once
            on_seat += float(agents.sum()) * INTERVAL_SECONDS
        return busy / on_seat if on_seat else None

    def _compute_demand(self, s: Scenario) -> pd.DataFrame:
        rows = []
        n_months = len(self.months)
        for channel, contacts, agents in self._seat_agents(s):
            hours = np.bincount(self._month_code, agents * INTERVAL_SECONDS / 3600.0, minlength=n_months)
            volume = np.bincount(self._month_code, contacts, minlength=n_months)
            peak = np.zeros(n_months)
            np.maximum.at(peak, self._month_code, agents)
            rows.append(
                pd.DataFrame(
                    {
                        "month": self.months,
                        "channel": channel,
                        "contacts": volume,
                        "agent_hours": hours,
                        "peak_agents": peak,
                    }
                )
            )
        return pd.concat(rows, ignore_index=True)

    def busiest_days(self, scenario: Scenario) -> pd.DataFrame:
        """Each month's busiest day against the month the plan staffs for: month, date (the day with the most
        agent hours on seat, all channels), busiest_fte (the agent FTE that day needs), month_fte (the month's
        need: what the plan staffs, outsourced seats included), extra_fte (busiest − month) and extra_hours (the
        day's agent hours on seat above the month's average day: what overtime, moved days off or day temps
        must cover), day_type (calendar.pay_day_type), overtime_multiple (the scenario's overtime premium, or
        the day's legal floor if higher: 200% on a rest day unless under a comprehensive working-hours scheme,
        300% on a statutory holiday) and overtime_cost (those hours worked as overtime by full-time staff at that
        multiple of the base pay per hour: what the day costs if overtime covers it; moved days off cost nothing
        extra).

        FTE on a calendar-day basis, as days_fte: a day's agent hours ÷ (174 h × 12 ÷ 365 × (1 − the month's
        shrinkage)); the month's FTE (174 h a month) is about the average of its days', so the busiest day is
        above it.
        """
        hours = sum(
            np.bincount(self._day_code, agents * INTERVAL_SECONDS / 3600.0, minlength=len(self.dates))
            for _, _, agents in self._seat_agents(scenario)
        )
        days = pd.DataFrame({"date": self.dates, "hours": hours})
        days["month"] = days["date"].dt.to_period("M").dt.to_timestamp()
        shrinkage = pd.Series(monthly_shrinkage(self.months, scenario), index=self.months)
        paid = STANDARD_MONTHLY_HOURS * 12 / 365 * (1 - days["month"].map(shrinkage))
        days["fte"] = days["hours"] / paid
        busiest = days.loc[days.groupby("month")["hours"].idxmax()].reset_index(drop=True)
        demand = self.demand(scenario)
        month_fte = required_fte(demand.groupby("month")["agent_hours"].sum(), shrinkage)
        average_day = days.groupby("month")["hours"].mean()
        extra_hours = busiest["hours"] - busiest["month"].map(average_day)
        base_pay = cost_model.overtime_cost_per_fte(self.rates_for(scenario).replace(overtime_premium=1.0))
        hourly = base_pay / STANDARD_MONTHLY_HOURS
        day_type = [cn_calendar.pay_day_type(day.date(), self.inputs.schedule) for day in busiest["date"]]
        multiple = np.array(
            [
                cost_model.overtime_multiple(kind, scenario.overtime_premium, scenario.comprehensive_hours)
                for kind in day_type
            ]
        )
        return pd.DataFrame(
            {
                "month": busiest["month"],
                "date": busiest["date"],
                "busiest_fte": busiest["fte"],
                "month_fte": busiest["month"].map(month_fte),
                "extra_fte": busiest["fte"] - busiest["month"].map(month_fte),
                "extra_hours": extra_hours,
                "day_type": day_type,
                "overtime_multiple": multiple,
                "overtime_cost": extra_hours * hourly * multiple,
            }
        )

    # -- step 2 ---------------------------------------------------------------------------------
    def plan(self, scenario: Scenario) -> tuple[pd.DataFrame, tuple]:
        """FTE by type, hires and leavers per month and channel, and the peak months (cached)."""
        return self._cached(
            self._plan, scenario.plan_key(), lambda: self._compute_plan(scenario, self.demand(scenario))
        )

    def _compute_plan(self, s: Scenario, demand: pd.DataFrame) -> tuple[pd.DataFrame, tuple]:
        share = demand["channel"].map(s.outsourcing).fillna(0.0).to_numpy()
        fte = required_fte(demand["agent_hours"], monthly_shrinkage(demand["month"], s)).to_numpy()
        outsourced = fte * share
        key = pd.MultiIndex.from_frame(demand[["month", "channel"]])
        temps = self.inputs.temps.groupby(["month", "channel"])["fte"].sum()
        committed = temps.reindex(key, fill_value=0.0).to_numpy()
        required = pd.DataFrame(
            {
                "month": demand["month"],
                "channel": demand["channel"],
                "required_fte": fte - outsourced,
                "committed_flex_fte": committed,
            }
        )
        roster = self.inputs.roster
        roster = roster[roster["employment_type"].isin(("full_time", "part_time"))]
        hc = headcount_plan(
            required,
            roster,
            attrition_rate=s.attrition,
            training_weeks=TRAINING_WEEKS,
            ramp_weeks=RAMP_WEEKS,
            peak_cover=s.peak_cover,
            peak_threshold=s.peak_threshold,
        )
        hc = hc.set_index(["month", "channel"]).reindex(key)
        flex = hc["flex_fte"].to_numpy()
        # what the in-house staff must cover: the need after outsourcing, contracted temps and the peak cover
        # (a shortfall is costed at in-house pay like the need, in every peak cover alike)
        inhouse = np.maximum(fte - outsourced - committed, 0.0) - flex
        # paid beyond the need: in-house staff above what they cover, contracted temps above the need
        idle_inhouse = np.maximum(hc["available_fte"].to_numpy() - inhouse, 0.0)
        idle_temps = np.maximum(committed - (fte - outsourced), 0.0)
        paid_inhouse = inhouse + idle_inhouse
        pts = self.inputs.part_time_share
        cover = {kind: flex if s.peak_cover == kind else 0.0 for kind in PEAK_COVERS}
        with np.errstate(invalid="ignore", divide="ignore"):
            flex_contacts = np.where(fte > 0, demand["contacts"].to_numpy() * cover["outsourced"] / fte, 0.0)
        plan = pd.DataFrame(
            {
                "month": demand["month"].to_numpy(),
                "channel": demand["channel"].to_numpy(),
                "contacts": demand["contacts"].to_numpy(),
                "required_fte": fte,
                "outsourced_fte": outsourced + cover["outsourced"],
                "inhouse_fte": inhouse,
                "temp_fte": committed + cover["temp"],
                "committed_temp_fte": committed,
                "flex_fte": flex,
                "full_time_fte": paid_inhouse * (1 - pts),
                "part_time_fte": paid_inhouse * pts + cover["part_time"],
                "headcount": hc["headcount"].to_numpy(),
                "hires": hc["hires"].to_numpy(),
                "leavers": hc["leavers"].to_numpy(),
                "gap_fte": hc["gap_fte"].to_numpy(),
                "surplus_fte": idle_inhouse + idle_temps,
                "surplus_inhouse_fte": idle_inhouse,
                "surplus_temp_fte": idle_temps,
                "overtime_fte": cover["overtime"],
                "outsourced_contacts": demand["contacts"].to_numpy() * share + flex_contacts,
            }
        )
        total = plan.groupby("month")["required_fte"].sum()
        peak = tuple(total.index[total > s.peak_threshold * total.median()])
        return plan, peak

    # -- step 3 ---------------------------------------------------------------------------------
    def run(self, scenario: Scenario) -> WhatIfResult:
        """Work a scenario through demand, plan and money (cached by the whole scenario: the page prices the
        baseline and every peak cover on each rerun)."""
        return self._cached(self._runs, scenario, lambda: self._compute_run(scenario))

    def _compute_run(self, scenario: Scenario) -> WhatIfResult:
        demand = self.demand(scenario)
        plan, peak = self.plan(scenario)
        rates = self.rates_for(scenario)
        lines = cost_model.monthly_cost_lines(plan, rates, frozenset(peak))
        pts = self.inputs.part_time_share
        needed = plan.assign(
            full_time_fte=plan["full_time_fte"] - plan["surplus_inhouse_fte"] * (1 - pts),
            part_time_fte=plan["part_time_fte"] - plan["surplus_inhouse_fte"] * pts,
            temp_fte=plan["temp_fte"] - plan["surplus_temp_fte"],
        )
        without = cost_model.monthly_cost_lines(needed, rates, frozenset(peak))
        surplus = plan.groupby("month", as_index=False)["surplus_fte"].sum()
        surplus["cost"] = (
            (lines.groupby("month")["amount"].sum() - without.groupby("month")["amount"].sum())
            .reindex(surplus["month"])
            .to_numpy()
        )
        return WhatIfResult(
            scenario=scenario,
            demand=demand,
            plan=plan,
            lines=lines,
            peak_months=peak,
            surplus=surplus,
        )

    def rates_for(self, scenario: Scenario) -> cost_model.CostRates:
        """The cost rates a scenario is priced with: its pay sliders, and every channel's outsourcing price
        moved by outsourcing_price_change (a price negotiated with the BPO, whatever it charges by)."""
        rates = self.inputs.rates
        change = 1 + scenario.outsourcing_price_change
        return rates.replace(
            wage_increase=scenario.wage_increase,
            social_insurance_rate=scenario.social_insurance_rate,
            overtime_premium=scenario.overtime_premium,
            outsourcing={
                channel: dataclasses.replace(price, price=price.price * change)
                for channel, price in rates.outsourcing.items()
            },
        )

    def default_scenario(self) -> Scenario:
        """The baseline: targets from the database, peaks covered by temps if the company engaged temps in the
        last 12 months (else by hires), and each channel's outsourcing share set to the
        outsourced agents on the roster over its required FTE (rounded to 5%)."""
        base = self.inputs.defaults
        demand = self.demand(base)
        fte = required_fte(demand.groupby("channel")["agent_hours"].mean(), base.shrinkage)
        roster = self.inputs.roster
        outsourced = roster[roster["employment_type"] == "outsourced"].groupby("channel")["headcount"].sum()
        shares = {
            c: float(min(0.9, round(outsourced.get(c, 0.0) / fte[c] * 20) / 20)) if fte.get(c, 0) > 0 else 0.0
            for c in self.channels
        }
        return base.replace(outsourcing_share={c: v for c, v in shares.items() if v > 0})


def interval_contacts(
    daily: pd.DataFrame,
    profiles: pd.DataFrame,
    schedule: cn_calendar.PublishedSchedule = cn_calendar.NO_SCHEDULE,
) -> tuple[pd.DatetimeIndex, dict[str, np.ndarray]]:
    """Daily contacts (date, channel, forecast) spread into 30-minute intervals by the intraday shares of
    each day's type (workday, weekend, holiday; a type without a profile takes the workday one, a channel
    without any is flat). Returns the days and, per channel in CHANNELS order, contacts per interval."""
    daily = daily.sort_values(["channel", "date"])
    dates = pd.DatetimeIndex(sorted(daily["date"].unique()))
    kinds = day_types(dates, schedule=schedule).to_numpy()
    table = profiles.pivot_table(index=["channel", "day_type"], columns="slot", values="share")
    table = table.reindex(columns=range(SLOTS), fill_value=0.0).fillna(0.0)

    def shares(channel: str, kind: str) -> np.ndarray:
        for key in ((channel, kind), (channel, "workday")):
            if key in table.index:
                return table.loc[key].to_numpy(dtype=float)
        return np.full(SLOTS, 1 / SLOTS)

    contacts = {}
    for channel in [c for c in CHANNELS if c in set(daily["channel"])]:
        volume = (
            daily[daily["channel"] == channel].set_index("date")["forecast"].reindex(dates, fill_value=0.0)
        )
        by_kind = {kind: shares(channel, kind) for kind in set(kinds)}
        day_shares = np.vstack([by_kind[kind] for kind in kinds])
        contacts[channel] = (volume.to_numpy(dtype=float)[:, None] * day_shares).reshape(-1)
    return dates, contacts


def seat_agents(
    channel: str,
    contacts: np.ndarray,
    aht: float,
    s: Scenario,
    concurrency: Mapping[str, float],
    response_hours: Mapping[str, float],
) -> np.ndarray:
    """Agents on seat per 30-minute interval for one channel by its kind: Erlang C to 电话's target, chat
    with its concurrency to the chat target, async work within the response time (backlog carried over);
    every kind under the occupancy cap."""
    if channel in QUEUED:
        agents = required_agents(
            contacts, aht, INTERVAL_SECONDS, s.service_level, s.answer_seconds, s.max_occupancy
        )
    elif channel in CONCURRENT:
        agents = chat_required_agents(
            contacts,
            aht,
            INTERVAL_SECONDS,
            s.chat_service_level,
            s.chat_answer_seconds,
            concurrency.get(channel, 2.0),
            s.max_occupancy,
        )
    else:
        response = response_hours.get(channel, 24.0) * 3600.0
        agents = async_required_agents(contacts, aht, INTERVAL_SECONDS, response, s.max_occupancy)["agents"]
    return np.nan_to_num(np.asarray(agents, dtype=float))


def days_fte(con: duckdb.DuckDBPyConnection, daily: pd.DataFrame, s: Scenario) -> float:
    """Agent FTE the staffing model needs on average over some days to serve their contacts.

    ``daily`` has date, channel, forecast (contacts). The days are split by the intraday profiles and
    staffed at the AHT of history over their span (a channel without any: DEFAULT_AHT), to the scenario's
    targets; FTE = agent hours on seat ÷ (days × the paid hours of an FTE's calendar day, 174 h × 12 ÷ 365,
    × (1 − shrinkage)): the what-if's monthly FTE, for a few days.
    """
    first, last = pd.Timestamp(daily["date"].min()).date(), pd.Timestamp(daily["date"].max()).date()
    schedule = load_schedule(con)
    dates, contacts = interval_contacts(daily, actual_profiles(con, first, last, schedule), schedule)
    aht = actual_aht(con, first, last)
    targets = read_targets(con)
    response_hours = {c: targets.get(("response_hours", c), 24.0) for c in ASYNC}
    hours = sum(
        seat_agents(channel, volume, aht[channel], s, DEFAULT_CONCURRENCY, response_hours).sum()
        for channel, volume in contacts.items()
    ) * (INTERVAL_SECONDS / 3600.0)
    paid_hours_per_day = STANDARD_MONTHLY_HOURS * 12 / 365
    return float(hours / (len(dates) * paid_hours_per_day * (1 - s.shrinkage)))


def monthly_shrinkage(months: pd.Series | pd.DatetimeIndex, s: Scenario) -> np.ndarray:
    """Each month's shrinkage: the scenario's, with ``spring_festival_leave`` days of each agent's annual leave
    taken in the month of Chinese New Year (+ days ÷ 21.75 paid days) instead of across the other eleven (− days ÷
    (11 × 21.75) each), so the year's average stays the scenario's."""
    moved = s.spring_festival_leave / PAID_DAYS_PER_MONTH
    starts = pd.DatetimeIndex(months)
    festival = np.array(
        [day.month == cn_calendar.spring_festival_date(day.year).month for day in starts], dtype=bool
    )
    return np.where(festival, s.shrinkage + moved, s.shrinkage - moved / 11)


def required_fte(agent_hours: pd.Series, shrinkage: float | np.ndarray) -> pd.Series:
    """FTE a month's agent hours on seat take: hours / (174 h × (1 − shrinkage)), shrinkage one rate or one
    per month."""
    return agent_hours / (STANDARD_MONTHLY_HOURS * (1 - shrinkage))


# ---------------------------------------------------------------------------------------------
# The staffing check: the model over the last 12 actual months against the roster of those months
# ---------------------------------------------------------------------------------------------

CHECK_TOLERANCE = 0.10
"""A model within ±10% of the roster's FTE is read as agreeing with history."""


def history_window(as_of: dt.date, months: int = 12) -> tuple[dt.date, dt.date]:
    """First and last day of the ``months`` whole months of history up to ``as_of`` (its own month counts
    when ``as_of`` is the month's last day)."""
    end = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    last = end.to_period("M") - 1
    return (last - (months - 1)).to_timestamp().date(), last.to_timestamp(how="end").normalize().date()


@dataclass(frozen=True)
class StaffingCheck:
    """The staffing model run over actual history, against the agents the roster had then.

    by_month: month, required_fte (the model, on actual volume and AHT, with the scenario's service level,
    answer time, occupancy cap, shrinkage and the chat concurrency), roster_fte (agents on the roster: full-time
    1, part-time PART_TIME_FTE, temps and outsourced seats 1 each, for the days of the month they were on it),
    and roster FTE per employment type (full_time, part_time, temp, outsourced). Only months with both volume
    and agents on the roster.
    by_team: team (the roster's team; None for channels no team serves), channels (tuple), required_fte,
    roster_fte (averages per month over the compared months).
    service_levels: channel, contacts, service_level (contact-weighted, actual), for channels that report one.
    """

    first: dt.date
    last: dt.date
    by_month: pd.DataFrame
    by_team: pd.DataFrame
    service_levels: pd.DataFrame
    target_service_level: float

    @property
    def months(self) -> int:
        return len(self.by_month)

    @property
    def required_fte(self) -> float:
        """The model's FTE, average per compared month."""
        return float(self.by_month["required_fte"].mean())

    @property
    def roster_fte(self) -> float:
        """The roster's agent FTE, average per compared month."""
        return float(self.by_month["roster_fte"].mean())

    @property
    def gap(self) -> float:
        """How far the model is from the roster: required / roster − 1 (0.26 = the model asks 26% more)."""
        return self.required_fte / self.roster_fte - 1

    @property
    def agrees(self) -> bool:
        """The model is within CHECK_TOLERANCE of the roster."""
        return abs(self.gap) <= CHECK_TOLERANCE

    def headline_service_level(self) -> tuple[str, float] | None:
        """The actual service level of the queued channel (电话), else of the first chat channel that reports one."""
        frame = self.service_levels.set_index("channel")
        for channel in [*QUEUED, *CONCURRENT]:
            if channel in frame.index:
                return channel, float(frame.loc[channel, "service_level"])
        return None


EMPLOYMENT_TYPES = ("full_time", "part_time", "temp", "outsourced")


def staffing_check(
    con: duckdb.DuckDBPyConnection, model: WhatIfModel, scenario: Scenario, as_of: dt.date, months: int = 12
) -> StaffingCheck | None:
    """Run the staffing model over the last ``months`` whole months of actual volume (daily contacts split by
    the same months' intraday shares, the same months' AHT) with the scenario's service parameters and the
    model's concurrency and response times, and set its FTE against the agents on the roster in those months.
    Volume, AHT and deflection sliders do not apply (history is what it was). None when there is no volume
    history or no agent on the roster in any of those months."""
    first, last = history_window(as_of, months)
    history = load_daily_history(con)
    history = history[(history["date"] >= pd.Timestamp(first)) & (history["date"] <= pd.Timestamp(last))]
    staff = con.execute(
        "SELECT employment_type, team, channel, hire_date, leave_date FROM staff WHERE role = 'agent'"
        " AND hire_date <= ? AND (leave_date IS NULL OR leave_date >= ?)",
        [last, first],
    ).df()
    if history.empty or staff.empty:
        return None
    inputs = dataclasses.replace(
        model.inputs,
        daily=history.rename(columns={"contacts": "forecast"}),
        profiles=actual_profiles(con, first, last),
        aht=actual_aht(con, first, last),
    )
    actual = scenario.replace(volume_change=0.0, aht_change=0.0, deflection=0.0)
    demand = WhatIfModel(inputs).demand(actual)
    demand = demand.assign(required_fte=required_fte(demand["agent_hours"], actual.shrinkage))
    staff["weight"] = np.where(staff["employment_type"] == "part_time", PART_TIME_FTE, 1.0)
    staff["team"] = staff["team"].fillna(staff["channel"])
    periods = pd.period_range(first, last, freq="M")
    roster = staff_fte_by_month(staff, periods, ["employment_type", "team", "channel"])
    by_type = roster.pivot_table(index="month", columns="employment_type", values="fte", aggfunc="sum")
    by_type = by_type.reindex(columns=list(EMPLOYMENT_TYPES), fill_value=0.0).fillna(0.0)
    by_month = demand.groupby("month")["required_fte"].sum().to_frame()
    by_month = by_month.join(by_type.sum(axis=1).rename("roster_fte")).join(by_type)
    by_month = by_month[by_month["roster_fte"] > 0].rename_axis("month").reset_index()
    if by_month.empty:
        return None
    compared = set(by_month["month"])
    demand = demand[demand["month"].isin(compared)]
    roster = roster[roster["month"].isin(compared)]
    return StaffingCheck(
        first=first,
        last=last,
        by_month=by_month,
        by_team=_by_team(demand, roster, len(compared)),
        service_levels=_actual_service_levels(con, first, last),
        target_service_level=actual.service_level,
    )


def _by_team(demand: pd.DataFrame, roster: pd.DataFrame, months: int) -> pd.DataFrame:
    """Required and roster FTE per team (averages per month); a channel belongs to the team with most of its
    roster FTE, channels no agent is assigned to form a row of their own (team None)."""
    assigned = roster.dropna(subset=["channel"])
    team_of = assigned.groupby(["channel", "team"])["fte"].sum().reset_index()
    team_of = team_of.sort_values("fte").drop_duplicates("channel", keep="last").set_index("channel")["team"]
    need = demand.groupby("channel")["required_fte"].sum() / months
    frame = pd.DataFrame({"channel": need.index, "required_fte": need.to_numpy()})
    frame["team"] = frame["channel"].map(team_of)
    have = roster.groupby("team")["fte"].sum() / months
    teams = []
    for team in [*dict.fromkeys([*team_of.loc[team_of.index.isin(need.index)], *have.index]), None]:
        rows = frame[frame["team"].isna()] if team is None else frame[frame["team"] == team]
        if team is None and rows.empty:
            continue
        teams.append(
            {
                "team": team,
                "channels": tuple(c for c in CHANNELS if c in set(rows["channel"])),
                "required_fte": float(rows["required_fte"].sum()),
                "roster_fte": float(have.get(team, 0.0)) if team is not None else 0.0,
            }
        )
    return pd.DataFrame(teams, columns=["team", "channels", "required_fte", "roster_fte"])


def _actual_service_levels(con: duckdb.DuckDBPyConnection, first: dt.date, last: dt.date) -> pd.DataFrame:
    """channel, contacts, service_level: contact-weighted actual service level per channel that reports one."""
    return con.execute(
        "SELECT channel, sum(contacts)::DOUBLE AS contacts,"
        " (sum(service_level * contacts) / sum(contacts))::DOUBLE AS service_level FROM contact_volume"
        " WHERE date BETWEEN ? AND ? AND service_level IS NOT NULL AND contacts > 0 GROUP BY channel"
        " ORDER BY channel",
        [first, last],
    ).df()


def difference(result: WhatIfResult, baseline: WhatIfResult) -> dict[str, float]:
    """The scenario against the baseline: total ¥ and its change in ¥ and % (of the baseline),
    average required FTE and its change, hires and their change."""
    delta = result.total_cost - baseline.total_cost
    return {
        "cost": result.total_cost,
        "cost_delta": delta,
        "cost_delta_pct": delta / baseline.total_cost if baseline.total_cost else float("nan"),
        "fte": result.average_fte,
        "fte_delta": result.average_fte - baseline.average_fte,
        "hires": result.hires,
        "hires_delta": result.hires - baseline.hires,
        "surplus_fte_months": result.surplus_fte_months,
        "surplus_cost": result.surplus_cost,
        "surplus_cost_delta": result.surplus_cost - baseline.surplus_cost,
        "cost_per_contact": result.total_cost / result.total_contacts
        if result.total_contacts
        else float("nan"),
    }


def category_difference(result: WhatIfResult, baseline: WhatIfResult) -> pd.DataFrame:
    """Cost per level-1 category over the window: level1, scenario, baseline, delta, delta_pct."""
    ours = result.by_category.groupby("level1")["amount"].sum()
    theirs = baseline.by_category.groupby("level1")["amount"].sum()
    frame = pd.DataFrame({"scenario": ours, "baseline": theirs}).fillna(0.0)
    frame["delta"] = frame["scenario"] - frame["baseline"]
    frame["delta_pct"] = frame["delta"] / frame["baseline"].where(frame["baseline"] != 0)
    return frame.rename_axis("level1").reset_index()


def monthly_plan(result: WhatIfResult) -> pd.DataFrame:
    """The monthly plan by channel for export: month, channel, contacts, required_fte, inhouse_fte,
    outsourced_fte, temp_fte, flex_fte, headcount, hires, leavers, gap_fte, surplus_fte, cost (the channel's own lines plus its share of
    the month's shared lines, in proportion to its own cost)."""
    lines = result.lines
    own = lines[lines["channel"] != cost_model.SHARED].groupby(["month", "channel"])["amount"].sum()
    shared = lines[lines["channel"] == cost_model.SHARED].groupby("month")["amount"].sum()
    own_total = own.groupby(level="month").sum()
    frame = result.plan.set_index(["month", "channel"])
    direct = own.reindex(frame.index).fillna(0.0)
    months = frame.index.get_level_values("month")
    weight = direct.to_numpy() / own_total.reindex(months).to_numpy()
    frame = frame.assign(cost=direct.to_numpy() + weight * shared.reindex(months).fillna(0.0).to_numpy())
    columns = [
        "contacts",
        "required_fte",
        "inhouse_fte",
        "outsourced_fte",
        "temp_fte",
        "flex_fte",
        "headcount",
        "hires",
        "leavers",
        "gap_fte",
        "surplus_fte",
        "cost",
    ]
    out = frame[columns].reset_index()
    out["month"] = pd.to_datetime(out["month"]).dt.strftime("%Y-%m")
    return out


# ---------------------------------------------------------------------------------------------
# Saved scenarios
# ---------------------------------------------------------------------------------------------


class ScenarioInUse(ValueError):
    """A saved scenario a budget version was drafted on: replacing or deleting it would leave the version naming
    parameters it was not costed with. ``versions`` are (year, version) pairs."""

    def __init__(self, name: str, versions: list[tuple[int, int]]):
        listed = ", ".join(f"{year} v{version}" for year, version in versions)
        super().__init__(
            f"scenario {name!r} was used to draft budget version(s) {listed}: save under a new name"
        )
        self.versions = versions


def budget_versions_on(con: duckdb.DuckDBPyConnection, scenario_id: int) -> list[tuple[int, int]]:
    """The budget versions drafted on a saved scenario, as (year, version), oldest first."""
    rows = con.execute(
        "SELECT year, version FROM budgets WHERE scenario_id = ? ORDER BY year, version", [scenario_id]
    ).fetchall()
    return [(int(year), int(version)) for year, version in rows]


def save_scenario(
    con: duckdb.DuckDBPyConnection, name: str, scenario: Scenario, created_by: str | None = None
) -> int:
    """Save a scenario under a name (replacing the parameters of one with the same name); returns its id.

    One a budget version was drafted on is kept as it was: ScenarioInUse, and nothing is saved."""
    name = name.strip()
    if not name:
        raise ValueError("a scenario needs a name")
    with store.write_transaction(con) as cur:
        row = cur.execute("SELECT scenario_id FROM scenarios WHERE name = ?", [name]).fetchall()
        if row:
            scenario_id = int(row[0][0])
            if versions := budget_versions_on(cur, scenario_id):
                raise ScenarioInUse(name, versions)
            cur.execute(
                "UPDATE scenarios SET params_json = ?, created_by = ?, created_at = ? WHERE scenario_id = ?",
                [scenario.to_json(), created_by, store._now(), scenario_id],
            )
        else:
            scenario_id = int(cur.execute("SELECT nextval('scenario_id_seq')").fetchone()[0])
            cur.execute(
                "INSERT INTO scenarios (scenario_id, name, params_json, created_by, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [scenario_id, name, scenario.to_json(), created_by, store._now()],
            )
        store.bump_data_version(cur)
    return scenario_id


def list_scenarios(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Saved scenarios, newest first: scenario_id, name, created_by, created_at, params_json."""
    return con.execute(
        "SELECT scenario_id, name, created_by, created_at, params_json FROM scenarios"
        " ORDER BY created_at DESC, scenario_id DESC"
    ).df()


def load_scenario(con: duckdb.DuckDBPyConnection, scenario_id: int) -> Scenario:
    """The parameters of a saved scenario."""
    row = con.execute("SELECT params_json FROM scenarios WHERE scenario_id = ?", [scenario_id]).fetchall()
    if not row:
        raise KeyError(f"no scenario {scenario_id}")
    return Scenario.from_json(row[0][0])


def delete_scenario(con: duckdb.DuckDBPyConnection, scenario_id: int) -> None:
    """Delete a saved scenario; one a budget version was drafted on is kept (ScenarioInUse)."""
    with store.write_transaction(con) as cur:
        if versions := budget_versions_on(cur, scenario_id):
            name = cur.execute("SELECT name FROM scenarios WHERE scenario_id = ?", [scenario_id]).fetchone()[
                0
            ]
            raise ScenarioInUse(name, versions)
        cur.execute("DELETE FROM scenarios WHERE scenario_id = ?", [scenario_id])
        store.bump_data_version(cur)


def compare(model: WhatIfModel, scenarios: Mapping[str, Scenario], limit: int = 3) -> pd.DataFrame:
    """Up to ``limit`` scenarios side by side: one row per measure (total cost, cost per contact, FTE,
    hires, and cost per level-1 category), one column per scenario name."""
    if len(scenarios) > limit:
        raise ValueError(f"compare at most {limit} scenarios")
    columns = {}
    for name, scenario in scenarios.items():
        result = model.run(scenario)
        values = {
            "total_cost": result.total_cost,
            "cost_per_contact": result.total_cost / result.total_contacts
            if result.total_contacts
            else np.nan,
            "average_fte": result.average_fte,
            "average_inhouse_fte": result.average_inhouse_fte,
            "hires": result.hires,
            "flex_fte_months": result.flex_fte_months,
            "surplus_fte_months": result.surplus_fte_months,
            "surplus_cost": result.surplus_cost,
        }
        values |= {
            f"cost.{k}": v for k, v in result.by_category.groupby("level1")["amount"].sum().to_dict().items()
        }
        columns[name] = values
    return pd.DataFrame(columns).rename_axis("measure").reset_index()
