"""Deterministic demo data: a mid-sized e-commerce customer-service operation, 2023-01 to 2026-10.

Same seed, same data. Volumes follow weekly and yearly patterns, growth, China's holidays and 调休, the Spring
Festival trough, and 618 / Double-11 / Double-12 peaks shaped by their phases. Around them: a year of
ticket-level rows, 30-minute interval volumes, a staff roster with attrition and peak temp staff, assets with
depreciation, a cost ledger from two source systems whose definitions differ (finance vs ops, about 30% apart),
an approved 2026 budget, service targets and the default events; and two forecasts the center published in the
past (the 2026 budget forecast and the mid-year reforecast), so their accuracy can be tracked from the start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import duckdb
import numpy as np
import pandas as pd

from analytics import calendar, staffing, store, variance
from analytics.channels import CHANNELS, CONCURRENT, DEFAULT_CONCURRENCY, QUEUED

HISTORY_START = dt.date(2023, 1, 1)
AS_OF = dt.date(2026, 10, 31)
TICKETS_FROM = dt.date(2025, 11, 1)
DEFAULT_SEED = 20261031
SOURCE = "demo"
FINANCE = "finance_ledger"
OPS = "ops_sheet"


# Per channel: contacts a day at the start, yearly growth, AHT seconds, how strongly promotions lift it,
# and the team that answers it.
_CHANNEL_PROFILE = {
    "phone": dict(base=1150, growth=0.02, aht=330, promo=0.8, team="phone"),
    "online": dict(base=950, growth=0.14, aht=420, promo=1.2, team="chat"),
    "wechat": dict(base=520, growth=0.25, aht=380, promo=1.1, team="chat"),
    "email": dict(base=110, growth=-0.05, aht=540, promo=0.5, team="backoffice"),
    "ticket": dict(base=380, growth=0.10, aht=720, promo=1.0, team="backoffice"),
}
# Monday..Sunday, for live channels and for the back office (which sees less at weekends).
_WEEKLY_LIVE = np.array([1.10, 1.04, 1.00, 0.98, 0.96, 0.92, 0.95])
_WEEKLY_BACKOFFICE = np.array([1.25, 1.10, 1.02, 1.00, 0.95, 0.62, 0.58])

PUBLISHED_FORECASTS = (
    (dt.date(2025, 12, 31), "2026 年度预算预测"),
    (dt.date(2026, 6, 30), "2026 年中滚动预测"),
)
"""History end and note of each forecast the demo center published, every one to the end of 2026. They are
the product's own forecasts on the history up to that day: the forecast page tracks them against what followed,
and the evaluation scores the 618 peak error on the first."""
PUBLISHED_BY = "计划组"
PUBLISHED_AFTER = dt.timedelta(days=5)
"""The planning team publishes a forecast a few days after its data closes (the month's figures checked)."""

_OUTAGE_DAY = dt.date(2025, 3, 14)
"""An app outage: phone and chat flooded for a day. Forecasts should flag it, not learn it."""

_TICKET_CATEGORIES = [
    "order_status",
    "logistics",
    "returns",
    "presales",
    "payment",
    "account",
    "invoice",
    "complaint",
]
_CATEGORY_SHARES = {  # by promotion phase, in the order of _promotion_phase's codes
    "normal": [0.22, 0.22, 0.16, 0.14, 0.09, 0.08, 0.06, 0.03],
    "presale": [0.14, 0.10, 0.08, 0.42, 0.13, 0.06, 0.04, 0.03],
    "peak": [0.24, 0.18, 0.10, 0.26, 0.12, 0.04, 0.03, 0.03],
    "aftersales": [0.16, 0.30, 0.34, 0.04, 0.05, 0.03, 0.04, 0.04],
}
_TIERS = ["regular", "silver", "gold", "vip"]
_TIER_SHARES = [0.62, 0.22, 0.11, 0.05]
# Handle time relative to the channel's AHT, by ticket category and by customer tier: a status query is quick, a
# return or a complaint takes long, a VIP gets more time. Scaled so each channel keeps its AHT on average.
_CATEGORY_HANDLE = [0.65, 0.85, 1.3, 0.9, 1.0, 1.15, 0.8, 2.1]
_TIER_HANDLE = [0.95, 1.0, 1.15, 1.4]

COST_CENTERS = ("CS-FRONT", "CS-SUPPORT", "CS-MGMT")

# Monthly pay in ¥ (tier-1 city) by role, and employer social insurance + housing fund rates.
_PAY = {"agent": 7200, "team_lead": 11500, "qa": 8800, "trainer": 9800, "wfm": 12500, "manager": 23000}
_PART_TIME_PAY = 3400
_PART_TIMERS = 8  # on WeChat evenings, one hired every 45 days from _PART_TIME_FROM
_PART_TIME_FROM = dt.date(2023, 3, 1)
_OUTSOURCED_SEATS = 14  # a BPO vendor's seats on online chat from _OUTSOURCED_FROM
_OUTSOURCED_FROM = dt.date(2024, 4, 1)
_BASE_COVER = 0.95
"""Full-timers are hired for this share of the base load (the 40th percentile of the next three months' need);
temps cover the peaks."""
_TEMP_PAY = 6100
_SOCIAL_INSURANCE_RATE = 0.265
_HOUSING_FUND_RATE = 0.07
_PERFORMANCE_SHARE = 0.15


# Tables emptied by `start_empty`; the taxonomy, events, targets and holiday schedules are reference data and stay.
_DATA_TABLES = (
    "tickets",
    "daily_volume",
    "interval_volume",
    "cost_entries",
    "cost_category_map",
    "staff",
    "assets",
    "budget_lines",
    "budget_drivers",
    "budget_events",
    "budgets",
    "scenarios",
    "forecast_snapshot_values",
    "forecast_reinstatements",
    "forecast_note_edits",
    "forecast_snapshots",
    "mapping_profiles",
    "import_batches",
)


def seed_demo(
    con: duckdb.DuckDBPyConnection,
    seed: int = DEFAULT_SEED,
    progress: Callable[[float, str], None] | None = None,
) -> dict[str, int]:
    """Fill an empty database with the demo data in one transaction; returns row counts per table.

    `progress(fraction, step)` is called as the work goes on (step names: volumes, tickets, costs, writing,
    forecasts). The past forecasts are fitted on the written data and published after it, in their own
    transactions.
    """
    report = progress or (lambda fraction, step: None)
    rng = np.random.default_rng(seed)
    report(0.0, "volumes")
    daily = _daily_volume(rng)
    intervals = _interval_volume(daily, rng)
    staff = _staff_roster(intervals, rng)
    report(0.2, "tickets")
    tickets = _tickets(intervals, staff, rng)
    report(0.5, "costs")
    assets = _assets(staff, rng)
    taxonomy = store.load_taxonomy()
    category_map = _category_map()
    costs = _cost_ledger(staff, assets, daily, rng)
    budget_lines, budget_drivers = _budget_2026(costs, category_map, daily, staff)
    events = _events()
    report(0.6, "writing")

    counts: dict[str, int] = {}
    with store.write_transaction(con) as cur:
        if cur.execute("SELECT count(*) FROM import_batches").fetchone()[0]:
            raise ValueError("the database already holds data; demo data goes only into an empty database")
        batch = store.new_batch(cur, "demo", SOURCE, file_name="demo", imported_by="demo")
        store.insert_frame(cur, "cost_taxonomy", taxonomy)
        store.insert_frame(cur, "cost_category_map", category_map)
        for table, frame in (
            ("daily_volume", daily),
            ("interval_volume", intervals),
            ("staff", staff),
            ("tickets", tickets),
            ("assets", assets),
            ("cost_entries", costs),
        ):
            counts[table] = store.insert_frame(cur, table, frame.assign(batch_id=batch))
        _insert_budget(cur, budget_lines, budget_drivers, batch)
        counts["budget_lines"] = len(budget_lines)
        counts["events"] = store.insert_frame(cur, "events", events)
        store.insert_frame(cur, "targets", _targets())
        store.set_setting(cur, "demo_seed", str(seed))
        store.set_setting(cur, "as_of", AS_OF.isoformat())
        store.set_setting(cur, "contingency_rate", "0.10")
        store.set_setting(cur, "initialized", "demo")
        rows = sum(counts.values())
        cur.execute("UPDATE import_batches SET rows_inserted = ? WHERE batch_id = ?", [rows, batch])
    report(0.7, "forecasts")
    counts["forecast_snapshots"] = _publish_past_forecasts(con, PUBLISHED_FORECASTS)
    report(1.0, "done")
    return counts


def unpublished_forecasts(con: duckdb.DuckDBPyConnection) -> list[tuple[dt.date, str]]:
    """The demo's past forecasts (PUBLISHED_FORECASTS) missing from a demo database: a first start stopped
    while fitting them (the data was written, the forecasts come after it). Empty for any other database."""
    if store.get_setting(con, "initialized") != "demo":
        return []
    published = con.execute(
        "SELECT history_end FROM forecast_snapshots WHERE published_by = ?", [PUBLISHED_BY]
    ).fetchall()
    done = {row[0] for row in published}
    return [(history_end, note) for history_end, note in PUBLISHED_FORECASTS if history_end not in done]


def finish_interrupted_start(
    con: duckdb.DuckDBPyConnection, progress: Callable[[float, str], None] | None = None
) -> int:
    """Publish the past forecasts an interrupted first start did not get to; returns how many (0: none missing)."""
    missing = unpublished_forecasts(con)
    if not missing:
        return 0
    report = progress or (lambda fraction, step: None)
    report(0.7, "forecasts")
    published = _publish_past_forecasts(con, missing)
    report(1.0, "done")
    return published


def _publish_past_forecasts(con: duckdb.DuckDBPyConnection, forecasts: Sequence[tuple[dt.date, str]]) -> int:
    """Fit and publish each (history end, note) forecast on the history up to its day; returns how many."""
    from analytics import forecast as fc  # statsmodels: only when the demo is built

    history = fc.load_daily_history(con)
    events = fc.load_events(con)
    schedule = fc.load_schedule(con)
    year_end = dt.date(AS_OF.year, 12, 31)
    for history_end, note in forecasts:
        known = history[history["date"] <= pd.Timestamp(history_end)]
        result = fc.forecast_channels(known, (year_end - history_end).days, events, schedule=schedule)
        fc.publish_snapshot(
            con,
            result.daily,
            history_end,
            result.models,
            published_by=PUBLISHED_BY,
            note=note,
            warnings=result.warnings,
            published_at=dt.datetime.combine(history_end + PUBLISHED_AFTER, dt.time(10, 0)),
        )
    return len(forecasts)


def needs_first_start(con: duckdb.DuckDBPyConnection) -> bool:
    """True for a brand-new database: never seeded, emptied or imported into."""
    batches = con.execute("SELECT count(*) FROM import_batches").fetchall()[0][0]
    return batches == 0 and store.get_setting(con, "initialized") is None


def start_empty(con: duckdb.DuckDBPyConnection) -> None:
    """Delete all data (demo or imported) in one transaction, keeping the taxonomy, events and targets."""
    with store.write_transaction(con) as cur:
        for table in _DATA_TABLES:
            cur.execute(f"DELETE FROM {table}")
        cur.execute("DELETE FROM settings WHERE key IN ('demo_seed', 'as_of')")
        store.set_setting(cur, "initialized", "empty")
        store.bump_data_version(cur)
    seed_reference_data(con)


def seed_reference_data(con: duckdb.DuckDBPyConnection) -> None:
    """Give an empty (non-demo) database the taxonomy, the default events and targets it needs to work."""
    with store.write_transaction(con) as cur:
        if cur.execute("SELECT count(*) FROM cost_taxonomy").fetchone()[0] == 0:
            store.insert_frame(cur, "cost_taxonomy", store.load_taxonomy())
        if cur.execute("SELECT count(*) FROM events").fetchone()[0] == 0:
            store.insert_frame(cur, "events", _events())
        if cur.execute("SELECT count(*) FROM targets").fetchone()[0] == 0:
            store.insert_frame(cur, "targets", _targets())
        store.set_setting(cur, "contingency_rate", "0.10")


# --- volumes -----------------------------------------------------------------------------------------------


def promotion_lift(dates: pd.DatetimeIndex) -> np.ndarray:
    """How much 618, Double-11 and Double-12 lift total contacts on each day (1.0 = no promotion)."""
    lift = np.ones(len(dates))
    month, day = dates.month.to_numpy(), dates.day.to_numpy()

    def between(m1, d1, m2, d2):
        key = month * 100 + day
        return (key >= m1 * 100 + d1) & (key <= m2 * 100 + d2)

    # 618: pre-sale from May 20, peak June 1-18 with spikes on the 1st and the 16th-18th, after-sales tail.
    lift[between(5, 20, 5, 31)] = 1.22
    lift[between(6, 1, 6, 18)] = 1.35
    lift[between(6, 1, 6, 1)] = 1.85
    lift[between(6, 16, 6, 16)] = 1.7
    lift[between(6, 17, 6, 17)] = 1.95
    lift[between(6, 18, 6, 18)] = 2.3
    tail = between(6, 19, 6, 28)
    lift[tail] = 1.65 - 0.055 * (day[tail] - 19)
    # Double-11: pre-sale from Oct 20 (opening and first payment window spike), Nov 11 peak, after-sales to Nov 20.
    lift[between(10, 20, 11, 10)] = 1.28
    lift[between(10, 20, 10, 20)] = 1.6
    lift[between(10, 31, 11, 1)] = 1.75
    lift[between(11, 11, 11, 11)] = 3.1
    tail = between(11, 12, 11, 20)
    lift[tail] = 2.3 - 0.13 * (day[tail] - 12)
    # Double-12: a smaller echo.
    lift[between(12, 8, 12, 11)] = 1.08
    lift[between(12, 12, 12, 12)] = 1.55
    tail = between(12, 13, 12, 18)
    lift[tail] = 1.25 - 0.03 * (day[tail] - 13)
    return lift


def _calendar_effect(cal: pd.DataFrame, live: bool) -> np.ndarray:
    """Spring Festival window, statutory holidays and 调休 workdays as one multiplier a day."""
    effect = np.ones(len(cal))
    offset = cal["spring_festival_offset"].astype("float").to_numpy()
    sf = ~np.isnan(offset)
    before_rush = sf & (offset >= -15) & (offset <= -8)
    slowdown = sf & (offset >= -7) & (offset <= -2)
    festival = sf & (offset >= -1) & (offset <= 6)
    recovery = sf & (offset >= 7)
    effect[before_rush] = 1.08
    effect[slowdown] = 0.82
    effect[festival] = 0.42 if live else 0.22
    effect[recovery] = 0.62 + 0.04 * (offset[recovery] - 7)
    other_holiday = cal["is_holiday"].to_numpy() & ~festival
    effect[other_holiday] = 0.78 if live else 0.5
    return effect


def _daily_volume(rng: np.random.Generator) -> pd.DataFrame:
    cal = calendar.calendar_frame(HISTORY_START, AS_OF)
    dates = pd.DatetimeIndex(cal["date"])
    years = (dates - pd.Timestamp(HISTORY_START)).days.to_numpy() / 365.25
    weekday = cal["weekday"].to_numpy().copy()
    weekday[cal["is_makeup_workday"].to_numpy()] = 1  # a 调休 Saturday or Sunday behaves like a Tuesday
    doy = dates.day_of_year.to_numpy()
    yearly = 1 + 0.05 * np.cos(2 * np.pi * (doy - 15) / 365.25)
    promo = promotion_lift(dates)
    aftersales = ((dates.month == 11) & (dates.day >= 12) & (dates.day <= 20)) | (
        (dates.month == 6) & (dates.day >= 19) & (dates.day <= 28)
    )
    frames = []
    for channel in CHANNELS:
        p = _CHANNEL_PROFILE[channel]
        live = channel in ("phone", "online", "wechat")
        weekly = (_WEEKLY_LIVE if live else _WEEKLY_BACKOFFICE)[weekday]
        lift = 1 + p["promo"] * (promo - 1)
        if channel == "ticket":
            lift = np.where(aftersales, lift * 1.25, lift)  # returns and refunds arrive as tickets
        expected = (
            p["base"] * (1 + p["growth"]) ** years * weekly * yearly * lift * _calendar_effect(cal, live)
        )
        expected = expected * rng.lognormal(0, 0.05, len(dates))
        if channel in ("phone", "online"):
            expected[dates == pd.Timestamp(_OUTAGE_DAY)] *= 1.9 if channel == "phone" else 1.5
        contacts = rng.poisson(expected)
        pressure = np.clip(lift - 1, 0, None)
        aht = p["aht"] * (1 - 0.025 * years) * (1 + 0.08 * aftersales) * rng.normal(1, 0.02, len(dates))
        if channel == "phone":
            abandon_rate = np.clip(0.035 + 0.05 * pressure + rng.normal(0, 0.005, len(dates)), 0.01, 0.3)
            asa = 14 + 70 * pressure + rng.gamma(2, 2, len(dates))
            service_level = np.clip(0.84 - 0.18 * pressure + rng.normal(0, 0.015, len(dates)), 0.3, 0.97)
        elif live:
            abandon_rate = np.clip(0.02 + 0.03 * pressure, 0, 0.2)
            asa = 8 + 30 * pressure + rng.gamma(2, 1, len(dates))
            service_level = np.clip(0.9 - 0.15 * pressure + rng.normal(0, 0.01, len(dates)), 0.4, 0.99)
        else:
            abandon_rate = np.zeros(len(dates))
            asa = np.full(len(dates), np.nan)
            service_level = np.clip(0.93 - 0.2 * pressure + rng.normal(0, 0.015, len(dates)), 0.4, 0.99)
        abandoned = np.round(contacts * abandon_rate).astype(int)
        frames.append(
            pd.DataFrame(
                {
                    "source": SOURCE,
                    "date": dates.date,
                    "channel": channel,
                    "contacts": contacts,
                    "handled": contacts - abandoned,
                    "abandoned": abandoned,
                    "aht_seconds": np.round(aht, 1),
                    "asa_seconds": np.round(asa, 1),
                    "service_level": np.round(service_level, 4),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def intraday_profile(channel: str, weekend: bool) -> np.ndarray:
    """Share of a day's contacts in each of the 48 half-hours, for a channel and day type (sums to 1)."""
    hours = np.arange(48) / 2 + 0.25
    bump = lambda centre, width: np.exp(-0.5 * ((hours - centre) / width) ** 2)  # noqa: E731
    if channel == "phone":
        shape = 1.0 * bump(10.5, 1.3) + 0.9 * bump(15, 1.8) + 0.35 * bump(19.5, 1.2)
        shape[(hours < 8) | (hours >= 22)] = 0  # the hotline is open 08:00-22:00
    elif channel in ("online", "wechat"):
        shape = 0.8 * bump(10.5, 1.5) + 0.8 * bump(15, 2) + 1.0 * bump(21, 1.5) + 0.04
    elif channel == "email":
        shape = 0.6 * bump(10, 2.5) + 0.6 * bump(15, 3) + 0.3 * bump(21, 2) + 0.08
    else:
        shape = 0.9 * bump(10.5, 2) + 0.8 * bump(15, 2.5) + 0.5 * bump(20.5, 1.5) + 0.05
    if weekend:
        shape = shape * (1 + 0.3 * (hours > 12))
    return shape / shape.sum()


def _interval_volume(daily: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    dates = pd.to_datetime(daily["date"])
    weekend = (dates.dt.day_of_week >= 5).to_numpy()
    frames = []
    offsets = pd.to_timedelta(np.arange(48) * 30, unit="min")
    for channel in CHANNELS:
        mask = (daily["channel"] == channel).to_numpy()
        counts = daily.loc[mask, "contacts"].to_numpy()
        day_weekend = weekend[mask]
        split = np.empty((len(counts), 48), dtype=np.int64)
        for is_weekend in (False, True):
            rows = day_weekend == is_weekend
            split[rows] = rng.multinomial(counts[rows], intraday_profile(channel, is_weekend))
        starts = (dates[mask].to_numpy()[:, None] + offsets.to_numpy()[None, :]).ravel()
        aht = np.repeat(daily.loc[mask, "aht_seconds"].to_numpy(), 48)
        frames.append(
            pd.DataFrame(
                {
                    "source": SOURCE,
                    "interval_start": starts,
                    "interval_minutes": 30,
                    "channel": channel,
                    "contacts": split.ravel().astype(float),
                    "handled": split.ravel().astype(float),
                    "aht_seconds": aht,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


# --- people ------------------------------------------------------------------------------------------------


def _monthly_agents_needed(intervals: pd.DataFrame) -> pd.DataFrame:
    """FTE each channel needs a month, by the product's own staffing model on the demo's half-hour volume
    and the demo's targets (Erlang C for 电话, chat with its concurrency, email and tickets within their
    response time; the occupancy cap and shrinkage): the demo center plans the way this product does, so its
    roster and the what-if staffing check agree. Columns month (Period), team, channel, needed."""
    targets = _targets().set_index(["metric", "channel"])["value"]
    occupancy = targets[("max_occupancy", "*")]
    frames = []
    for channel in CHANNELS:
        part = intervals[intervals["channel"] == channel].sort_values("interval_start")
        contacts, aht = part["contacts"].to_numpy(), part["aht_seconds"].to_numpy()
        # each live channel to its own service-level target (async channels have a response time instead)
        level, answer = targets.get(("service_level", channel)), targets.get(("answer_seconds", channel))
        if channel in QUEUED:
            agents = staffing.required_agents(contacts, aht, 1800.0, level, answer, occupancy)
        elif channel in CONCURRENT:
            concurrency = DEFAULT_CONCURRENCY[channel]
            agents = staffing.chat_required_agents(
                contacts, aht, 1800.0, level, answer, concurrency, occupancy
            )
        else:  # async: the backlog carries over, so one run per month at that month's handle time
            response = targets[("response_hours", channel)] * 3600.0
            months = part["interval_start"].dt.to_period("M").to_numpy()
            agents = np.concatenate(
                [
                    staffing.async_required_agents(
                        contacts[months == m], float(aht[months == m].mean()), 1800.0, response, occupancy
                    )["agents"].to_numpy()
                    for m in pd.unique(months)
                ]
            )
        frames.append(part[["interval_start", "channel"]].assign(agents=agents))
    fte = staffing.fte_from_intervals(pd.concat(frames), shrinkage=targets[("shrinkage", "*")])
    return pd.DataFrame(
        {
            "month": fte["month"].dt.to_period("M"),
            "team": fte["channel"].map({c: p["team"] for c, p in _CHANNEL_PROFILE.items()}),
            "channel": fte["channel"],
            "needed": fte["fte"],
        }
    )


def _staff_roster(intervals: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    needed = _monthly_agents_needed(intervals)
    rows: list[dict] = []
    next_id = iter(range(1, 100_000))

    def hire(role, employment_type, team, channel, hire_date, leave_date=None, pay=None):
        rows.append(
            {
                "source": SOURCE,
                "staff_id": f"E{next(next_id):05d}",
                "name": None,
                "role": role,
                "employment_type": employment_type,
                "team": team,
                "channel": channel,
                "hire_date": hire_date,
                "leave_date": leave_date,
                "monthly_pay": pay,
            }
        )

    months = sorted(needed["month"].unique())
    for team in ("phone", "chat", "backoffice"):
        need = needed[needed["team"] == team].pivot_table(index="month", columns="channel", values="needed")
        need = (need - _standing_fte(need.index).reindex(columns=need.columns, fill_value=0.0)).clip(lower=0)
        team_need = need.sum(axis=1)
        active: list[int] = []  # indexes into rows of in-house agents still employed
        for month in months:
            start = month.start_time.date()
            # Leavers: about 3% a month, so 30-40% a year.
            leaving = [i for i in active if rng.random() < 0.03]
            for i in leaving:
                rows[i]["leave_date"] = start + dt.timedelta(days=int(rng.integers(0, 27)))
            active = [i for i in active if i not in leaving]
            # Hire for the base load (the 40th percentile of the next three months), not the peaks; each hire
            # goes to the team's channel furthest below its share of the team's need.
            upcoming = team_need.loc[month : month + 2]
            target = int(np.ceil(np.quantile(upcoming, 0.4) * _BASE_COVER))
            share = need.loc[month : month + 2].sum() / need.loc[month : month + 2].sum().sum()
            for _ in range(max(0, target - len(active))):
                on_channel = pd.Series([rows[i]["channel"] for i in active]).value_counts()
                channel = (on_channel.reindex(share.index, fill_value=0) / share).idxmin()
                hire_day = (
                    start if month == months[0] else start + dt.timedelta(days=int(rng.integers(0, 10)))
                )
                pay = round(_PAY["agent"] * rng.uniform(0.9, 1.12) * (1.04 ** (start.year - 2023)), -1)
                hire("agent", "full_time", team, channel, hire_day, pay=pay)
                active.append(len(rows) - 1)
        # Temp staff for each 618 and Double-11, on each channel for its share of the peak's need.
        for year in range(HISTORY_START.year, AS_OF.year + 1):
            for start, end, cover in (
                (dt.date(year, 5, 18), dt.date(year, 6, 28), 0.25),
                (dt.date(year, 10, 16), dt.date(year, 11, 24), 0.40),
            ):
                if start > AS_OF:
                    continue
                peak = need.loc[pd.Period(start, "M") : pd.Period(end, "M")].max()
                for channel, channel_need in peak.items():
                    for _ in range(int(round(channel_need * cover))):
                        hire("agent", "temp", team, channel, start, end, pay=_TEMP_PAY)
    for i in range(_PART_TIMERS):
        hire("agent", "part_time", "chat", "wechat", _part_timer_start(i), pay=_PART_TIME_PAY)
    for _ in range(_OUTSOURCED_SEATS):
        hire("agent", "outsourced", "chat", "online", _OUTSOURCED_FROM, None, pay=None)
    # Indirect staff: team leads (about one per 12 agents), QA, trainers, a workforce planner, a manager.
    for i in range(9):
        hire(
            "team_lead",
            "full_time",
            ["phone", "chat", "backoffice"][i % 3],
            None,
            dt.date(2022, 6, 1) + dt.timedelta(days=60 * i),
            pay=_PAY["team_lead"],
        )
    for role, n in (("qa", 3), ("trainer", 2), ("wfm", 1), ("manager", 1)):
        for i in range(n):
            hire(
                role,
                "full_time",
                "support",
                None,
                dt.date(2022, 3, 1) + dt.timedelta(days=90 * i),
                pay=_PAY[role],
            )
    roster = pd.DataFrame(rows)
    roster["hire_date"] = pd.to_datetime(roster["hire_date"]).dt.date
    roster["leave_date"] = pd.to_datetime(roster["leave_date"]).dt.date
    return roster


def _part_timer_start(i: int) -> dt.date:
    return _PART_TIME_FROM + dt.timedelta(days=45 * i)


def _standing_fte(months: pd.PeriodIndex) -> pd.DataFrame:
    """FTE per month on the channels the full-timers need not cover: part-timers (PART_TIME_FTE each) on
    WeChat and the outsourced seats on online chat, from the months they start."""
    first_days = months.to_timestamp().date
    part_timers = [sum(_part_timer_start(i) <= day for i in range(_PART_TIMERS)) for day in first_days]
    return pd.DataFrame(
        {
            "wechat": np.asarray(part_timers) * staffing.PART_TIME_FTE,
            "online": [_OUTSOURCED_SEATS * (day >= _OUTSOURCED_FROM) for day in first_days],
        },
        index=months,
    )


def _tickets(intervals: pd.DataFrame, staff: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per contact of the last 12 months, consistent with the interval volumes.

    Works on integer codes (channel, phase, category, tier) and turns them into categoricals at the end:
    1.7 million rows of Python strings would dominate the build time.
    """
    recent = intervals[intervals["interval_start"] >= pd.Timestamp(TICKETS_FROM)]
    counts = recent["contacts"].to_numpy().astype(int)
    n = int(counts.sum())
    created = np.repeat(recent["interval_start"].to_numpy(), counts) + (
        rng.integers(0, 1800, n).astype("timedelta64[s]")
    )
    channel = np.repeat(pd.Categorical(recent["channel"], categories=CHANNELS).codes, counts)
    aht = np.repeat(recent["aht_seconds"].to_numpy(), counts)
    order = np.argsort(created, kind="stable")
    created, channel, aht = created[order], channel[order], aht[order]
    created_ts = pd.DatetimeIndex(created)
    month, day = created_ts.month.to_numpy(), created_ts.day.to_numpy()

    phase = _promotion_phase(month * 100 + day)
    category = np.empty(n, dtype=np.int8)
    for code, shares in enumerate(_CATEGORY_SHARES.values()):
        mask = phase == code
        category[mask] = rng.choice(len(_TICKET_CATEGORIES), size=int(mask.sum()), p=shares)

    handle = rng.lognormal(np.log(aht) - 0.18, 0.6)
    phone = channel == CHANNELS.index("phone")
    live = np.isin(channel, [CHANNELS.index(c) for c in ("phone", "online", "wechat")])
    first_response = np.where(
        phone, rng.exponential(22, n), np.where(live, rng.exponential(25, n), rng.exponential(4 * 3600, n))
    )
    busy = phase != 0
    first_response = first_response * np.where(busy, 1.8, 1.0)
    resolve_seconds = np.where(
        live, handle * rng.uniform(1.0, 1.3, n), first_response + rng.exponential(6 * 3600, n)
    )
    complaint = (category == _TICKET_CATEGORIES.index("complaint")) | (
        rng.random(n) < np.where(busy, 0.012, 0.006)
    )
    reopened = rng.random(n) < np.where(category == _TICKET_CATEGORIES.index("returns"), 0.09, 0.045)
    resolved = rng.random(n) < np.where(complaint, 0.82, 0.95)
    csat_mean = 4.45 - 1.3 * complaint - 0.7 * reopened - 0.25 * busy - 0.4 * ~resolved
    csat = np.clip(np.round(rng.normal(csat_mean, 0.7)), 1, 5)
    answered_survey = rng.random(n) < 0.32
    tier = rng.choice(len(_TIERS), size=n, p=_TIER_SHARES)
    priority = np.where(complaint | (tier == _TIERS.index("vip")), 1, np.where(rng.random(n) < 0.02, 2, 0))

    effort = np.array(_CATEGORY_HANDLE)[category] * np.array(_TIER_HANDLE)[tier]
    effort = effort / effort.mean()
    handle = handle * effort
    resolve_seconds = np.where(live, resolve_seconds * effort, resolve_seconds)
    closed = created + (resolve_seconds.astype("int64")).astype("timedelta64[s]")

    agent = _assign_agents(created_ts, channel, staff, rng)
    day_key = created_ts.year.to_numpy() * 10_000 + month * 100 + day
    seq = np.arange(n) - np.searchsorted(day_key, day_key, side="left") + 1  # rows are in time order
    ticket_id = "T" + pd.Series(day_key, dtype="string") + pd.Series(seq, dtype="string").str.zfill(5)
    customer_id = "C" + pd.Series(rng.integers(1, 2_400_000, n), dtype="string").str.zfill(7)
    teams = ["phone", "chat", "backoffice"]
    team = np.array([teams.index(_CHANNEL_PROFILE[c]["team"]) for c in CHANNELS])[channel]
    return pd.DataFrame(
        {
            "source": SOURCE,
            "ticket_id": ticket_id.to_numpy(),
            "created_at": created,
            "closed_at": np.where(resolved, closed, np.datetime64("NaT")),
            "channel": pd.Categorical.from_codes(channel, categories=CHANNELS),
            "category": pd.Categorical.from_codes(category, categories=_TICKET_CATEGORIES),
            "priority": pd.Categorical.from_codes(priority, categories=["normal", "high", "urgent"]),
            "customer_id": customer_id.to_numpy(),
            "customer_tier": pd.Categorical.from_codes(tier, categories=_TIERS),
            "agent": agent,
            "team": pd.Categorical.from_codes(team, categories=teams),
            "first_response_seconds": np.round(first_response, 1),
            "handle_seconds": np.round(handle, 1),
            "resolved": resolved,
            "reopened": reopened,
            "complaint": complaint,
            "csat": pd.array(np.where(answered_survey, csat, np.nan), dtype="Int8"),
        }
    )


def _promotion_phase(month_day: np.ndarray) -> np.ndarray:
    """Phase code per day key (month * 100 + day): 0 normal, 1 pre-sale, 2 peak, 3 after-sales (_CATEGORY_SHARES order)."""
    md = month_day
    phase = np.zeros(len(md), dtype=np.int8)
    phase[((md >= 520) & (md <= 531)) | ((md >= 1020) & (md <= 1110))] = 1
    phase[((md >= 601) & (md <= 618)) | (md == 1111) | (md == 1212)] = 2
    phase[((md >= 619) & (md <= 628)) | ((md >= 1112) & (md <= 1120))] = 3
    return phase


def _assign_agents(
    created: pd.DatetimeIndex, channel: np.ndarray, staff: pd.DataFrame, rng
) -> pd.Categorical:
    """Give each contact (channel as a code into CHANNELS) an agent of the right team employed that month."""
    frontline = staff[(staff["role"] == "agent") & (staff["employment_type"] != "outsourced")].reset_index()
    hire = pd.to_datetime(frontline["hire_date"])
    leave = pd.to_datetime(frontline["leave_date"]).fillna(pd.Timestamp("2100-01-01"))
    agent = np.full(len(created), -1, dtype=np.int32)
    month_key = created.year.to_numpy() * 12 + created.month.to_numpy()
    for key in np.unique(month_key):
        in_month = month_key == key
        start = pd.Timestamp(year=int(key // 12), month=1, day=1) + pd.DateOffset(months=int(key % 12) - 1)
        end = start + pd.offsets.MonthEnd(1)
        employed = (hire <= end) & (leave >= start)
        for code, name in enumerate(CHANNELS):
            mask = in_month & (channel == code)
            pool = np.flatnonzero(employed & (frontline["team"] == _CHANNEL_PROFILE[name]["team"]))
            if mask.any() and len(pool):
                agent[mask] = rng.choice(pool, size=int(mask.sum()))
    return pd.Categorical.from_codes(agent, categories=frontline["staff_id"])


# --- assets and costs --------------------------------------------------------------------------------------


def _assets(staff: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A computer for each in-house seat, furniture per seat, servers and a telephony switch."""
    rows = []
    seats = staff[staff["employment_type"].isin(["full_time", "part_time"])]
    by_year = pd.to_datetime(seats["hire_date"]).dt.year.value_counts().sort_index()
    for year, hires in by_year.items():
        purchase = dt.date(max(int(year), 2022), 1, 10)
        computers = int(np.ceil(hires * 0.55))  # desks are reused after leavers; only part needs new machines
        rows.append(
            ("computers", f"PC-{year}", "equipment_facilities.computers", computers * 5600.0, 36, purchase)
        )
        rows.append(
            ("furniture", f"DESK-{year}", "equipment_facilities.furniture", computers * 2300.0, 60, purchase)
        )
    rows.append(("servers", "SRV-2022", "software_technology.servers", 186000.0, 60, dt.date(2022, 7, 1)))
    rows.append(("servers", "SRV-2025", "software_technology.servers", 142000.0, 60, dt.date(2025, 3, 1)))
    rows.append(("telephony", "PBX-2022", "software_technology.telephony", 98000.0, 60, dt.date(2022, 5, 1)))
    return pd.DataFrame(
        {
            "source": SOURCE,
            "asset_id": [r[1] for r in rows],
            "name": [r[0] for r in rows],
            "taxonomy_code": [r[2] for r in rows],
            "cost_center": ["CS-FRONT" if r[0] in ("computers", "furniture") else "CS-SUPPORT" for r in rows],
            "purchase_date": [r[5] for r in rows],
            "purchase_cost": [r[3] for r in rows],
            "useful_life_months": [r[4] for r in rows],
            "salvage_value": 0.0,
            "is_lease": False,
        }
    )


def monthly_depreciation(assets: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """Straight-line depreciation per asset and month: (cost − salvage) / useful life, from the month after purchase."""
    rows = []
    for asset in assets.itertuples(index=False):
        first = pd.Period(asset.purchase_date, "M") + 1
        last = first + asset.useful_life_months - 1
        per_month = (float(asset.purchase_cost) - float(asset.salvage_value)) / asset.useful_life_months
        for month in months:
            if first <= month <= last:
                rows.append(
                    {
                        "month": month,
                        "asset_id": asset.asset_id,
                        "name": asset.name,
                        "taxonomy_code": asset.taxonomy_code,
                        "amount": per_month,
                    }
                )
    return pd.DataFrame(rows, columns=["month", "asset_id", "name", "taxonomy_code", "amount"])


def _category_map() -> pd.DataFrame:
    """Each source system's own category names mapped to one taxonomy leaf, and whether it counts in the agreed
    definition (统计口径): finance is the book of record; ops items finance also books are not counted twice."""
    rows = [
        (FINANCE, "工资-一线坐席", "direct_labor.base_pay", True, None),
        (FINANCE, "绩效奖金", "direct_labor.performance_pay", True, None),
        (FINANCE, "加班费", "direct_labor.overtime", True, None),
        (FINANCE, "社会保险费", "direct_labor.social_insurance", True, None),
        (FINANCE, "住房公积金", "direct_labor.social_insurance", True, None),
        (FINANCE, "工资-班组长", "indirect_labor.team_leads", True, None),
        (FINANCE, "工资-质检", "indirect_labor.quality_assurance", True, None),
        (FINANCE, "工资-培训师", "indirect_labor.trainers", True, None),
        (FINANCE, "工资-排班", "indirect_labor.workforce_planning", True, None),
        (FINANCE, "工资-管理", "indirect_labor.management", True, None),
        (FINANCE, "外部培训费", "training.external_courses", True, None),
        (FINANCE, "折旧费-电脑", "equipment_facilities.computers", True, None),
        (FINANCE, "折旧费-办公家具", "equipment_facilities.furniture", True, None),
        (FINANCE, "房租", "equipment_facilities.office_space", True, None),
        (FINANCE, "水电费", "equipment_facilities.utilities", True, None),
        (FINANCE, "软件服务费", "software_technology.helpdesk_seats", True, None),
        (FINANCE, "通信费", "software_technology.telephony", True, None),
        (FINANCE, "折旧费-服务器", "software_technology.servers", True, None),
        (FINANCE, "折旧费-交换机", "software_technology.telephony", True, None),
        (FINANCE, "IT运维费", "software_technology.maintenance", True, None),
        (FINANCE, "外包服务费", "outsourcing.bpo_seats", True, None),
        (OPS, "坐席薪资", "direct_labor.base_pay", False, "finance books it as 工资-一线坐席 + 绩效奖金"),
        (OPS, "班组长薪资", "indirect_labor.team_leads", False, "finance books it as 工资-班组长"),
        (
            OPS,
            "支持岗薪资",
            "indirect_labor.quality_assurance",
            False,
            "finance books it as 工资-质检/培训师/排班",
        ),
        (OPS, "通信费", "software_technology.telephony", False, "finance books it as 通信费"),
        (OPS, "IT运维费", "software_technology.maintenance", False, "finance books it as IT运维费"),
        (OPS, "电脑采购", "equipment_facilities.computers", False, "finance depreciates it as 折旧费-电脑"),
        (OPS, "临时工劳务费", "direct_labor.temp_parttime_pay", True, "paid by ops through a labour agency"),
        (OPS, "兼职课时费", "direct_labor.temp_parttime_pay", True, "paid by ops"),
        (OPS, "外包坐席费", "outsourcing.bpo_seats", False, "finance books it as 外包服务费"),
        (OPS, "大促加价", "outsourcing.peak_surcharge", False, "finance books it as 外包服务费"),
        (OPS, "系统账号费", "software_technology.helpdesk_seats", False, "finance books it as 软件服务费"),
        (OPS, "培训费", "training.external_courses", False, "finance books it as 外部培训费"),
        (OPS, "投诉赔付", "hidden.complaint_handling", True, "goodwill paid to complaining customers"),
        (OPS, "耳麦采购", "equipment_facilities.headsets", True, "bought from the ops petty budget"),
    ]
    return pd.DataFrame(
        rows, columns=["source_system", "source_category", "taxonomy_code", "counted", "note"]
    )


def _active_fraction(staff: pd.DataFrame, month: pd.Period) -> np.ndarray:
    """Share of the month each person was employed (0..1)."""
    start, end = month.start_time, month.end_time.normalize()
    hire = pd.to_datetime(staff["hire_date"])
    leave = pd.to_datetime(staff["leave_date"]).fillna(pd.Timestamp("2100-01-01"))
    first = np.maximum(hire, start)
    last = np.minimum(leave, end)
    days = (last - first).dt.days.to_numpy() + 1
    return np.clip(days, 0, None) / month.days_in_month


def _cost_ledger(staff: pd.DataFrame, assets: pd.DataFrame, daily: pd.DataFrame, rng) -> pd.DataFrame:
    months = pd.period_range(HISTORY_START, AS_OF, freq="M")
    contacts = (
        daily.assign(month=pd.to_datetime(daily["date"]).dt.to_period("M")).groupby("month")["contacts"].sum()
    )
    depreciation = monthly_depreciation(assets, months)
    entries: list[tuple] = []  # (source, period, cost_center, category, amount, vendor, channel)

    def book(source, month, center, category, amount, vendor=None, channel=None):
        entries.append((source, month, center, category, round(float(amount), 2), vendor, channel))

    role_category = {
        "team_lead": "工资-班组长",
        "qa": "工资-质检",
        "trainer": "工资-培训师",
        "wfm": "工资-排班",
        "manager": "工资-管理",
    }
    for month in months:
        fraction = _active_fraction(staff, month)
        pay = staff["monthly_pay"].fillna(0).to_numpy() * fraction
        peak = month.month in (6, 11)
        agents = ((staff["role"] == "agent") & (staff["employment_type"] == "full_time")).to_numpy()
        base = pay[agents].sum()
        performance = base * _PERFORMANCE_SHARE * (1.3 if peak else 1.0)
        overtime = base * (0.09 if peak else 0.02)
        book(FINANCE, month, "CS-FRONT", "工资-一线坐席", base)
        book(FINANCE, month, "CS-FRONT", "绩效奖金", performance)
        book(FINANCE, month, "CS-FRONT", "加班费", overtime)
        book(OPS, month, "CS-FRONT", "坐席薪资", (base + performance + overtime) * rng.uniform(0.985, 1.0))
        indirect_total = 0.0
        for role, category in role_category.items():
            amount = pay[(staff["role"] == role).to_numpy()].sum()
            indirect_total += amount
            book(FINANCE, month, "CS-MGMT" if role == "manager" else "CS-SUPPORT", category, amount)
        book(OPS, month, "CS-SUPPORT", "班组长薪资", pay[(staff["role"] == "team_lead").to_numpy()].sum())
        book(
            OPS,
            month,
            "CS-SUPPORT",
            "支持岗薪资",
            pay[staff["role"].isin(["qa", "trainer", "wfm"]).to_numpy()].sum(),
        )
        insured = base + performance + indirect_total
        book(FINANCE, month, "CS-FRONT", "社会保险费", insured * _SOCIAL_INSURANCE_RATE)
        book(FINANCE, month, "CS-FRONT", "住房公积金", insured * _HOUSING_FUND_RATE)
        temp = pay[(staff["employment_type"] == "temp").to_numpy()].sum()
        if temp:
            book(OPS, month, "CS-FRONT", "临时工劳务费", temp * 1.12, vendor="劳务派遣公司")
        book(
            OPS,
            month,
            "CS-FRONT",
            "兼职课时费",
            pay[(staff["employment_type"] == "part_time").to_numpy()].sum(),
        )

        seats = ((staff["employment_type"] == "outsourced").to_numpy() * fraction).sum()
        if seats:
            seat_fee = seats * 9800
            surcharge = seat_fee * 0.25 if peak else 0.0
            book(
                FINANCE,
                month,
                "CS-FRONT",
                "外包服务费",
                seat_fee + surcharge,
                vendor="外包服务商",
                channel="online",
            )
            book(OPS, month, "CS-FRONT", "外包坐席费", seat_fee, vendor="外包服务商", channel="online")
            if surcharge:
                book(OPS, month, "CS-FRONT", "大促加价", surcharge, vendor="外包服务商", channel="online")

        headcount = (fraction > 0).sum()
        software = headcount * 420 + 18000
        book(FINANCE, month, "CS-SUPPORT", "软件服务费", software, vendor="SaaS 客服系统")
        book(OPS, month, "CS-SUPPORT", "系统账号费", software)
        telephony = float(contacts.get(month, 0)) * 0.38
        maintenance = 26000 * rng.uniform(0.9, 1.1)
        book(FINANCE, month, "CS-SUPPORT", "通信费", telephony, vendor="运营商")
        book(OPS, month, "CS-SUPPORT", "通信费", telephony, vendor="运营商")
        book(FINANCE, month, "CS-SUPPORT", "IT运维费", maintenance)
        book(OPS, month, "CS-SUPPORT", "IT运维费", maintenance)
        book(FINANCE, month, "CS-MGMT", "房租", 168000 if month.year < 2025 else 176000)
        book(FINANCE, month, "CS-MGMT", "水电费", 21000 * (1.25 if month.month in (7, 8, 1) else 1.0))
        training = 15000 + 2200 * ((pd.to_datetime(staff["hire_date"]).dt.to_period("M") == month).sum())
        book(FINANCE, month, "CS-SUPPORT", "外部培训费", training)
        book(OPS, month, "CS-SUPPORT", "培训费", training)
        complaints = float(contacts.get(month, 0)) * 0.009
        book(OPS, month, "CS-FRONT", "投诉赔付", complaints * rng.uniform(28, 40))
        if month.month in (3, 9):
            book(OPS, month, "CS-FRONT", "耳麦采购", headcount * 0.3 * 260)

        bought = assets[
            (assets["name"] == "computers")
            & (pd.to_datetime(assets["purchase_date"]).dt.to_period("M") == month)
        ]
        if len(bought):
            book(OPS, month, "CS-FRONT", "电脑采购", bought["purchase_cost"].sum())
        for name, category in (
            ("computers", "折旧费-电脑"),
            ("furniture", "折旧费-办公家具"),
            ("servers", "折旧费-服务器"),
            ("telephony", "折旧费-交换机"),
        ):
            dep = depreciation[(depreciation["month"] == month) & (depreciation["name"] == name)][
                "amount"
            ].sum()
            if dep:
                book(
                    FINANCE,
                    month,
                    "CS-FRONT" if name in ("computers", "furniture") else "CS-SUPPORT",
                    category,
                    dep,
                )

    frame = pd.DataFrame(
        entries, columns=["source", "period", "cost_center", "source_category", "amount", "vendor", "channel"]
    )
    frame = frame[frame["amount"] > 0].reset_index(drop=True)
    frame["period"] = frame["period"].dt.start_time.dt.date
    prefix = frame["source"].map({FINANCE: "F", OPS: "O"})
    seq = frame.groupby(["source", "period"]).cumcount() + 1
    frame["entry_id"] = (
        prefix + pd.to_datetime(frame["period"]).dt.strftime("%Y%m") + "-" + seq.astype(str).str.zfill(3)
    )
    mapping = _category_map().set_index(["source_system", "source_category"])["taxonomy_code"]
    frame["taxonomy_code"] = [
        mapping[(s, c)] for s, c in zip(frame["source"], frame["source_category"], strict=True)
    ]
    frame["capex"] = False
    frame["description"] = None
    return frame


# --- budget, events, targets -------------------------------------------------------------------------------


# The planners' assumptions behind the 2026 labor drivers (2025 actuals as the base).
_PLAN_GROWTH_BANKED = 0.5
"""Share of each channel's trend growth the plan counts on (volumes then run over, as they did)."""
_PLAN_AHT = 0.97
_PLAN_PRODUCTIVITY = 1.03
_PLAN_PAY_RISE = 1.04
_PLAN_OUTSOURCED_RATE = 0.92
"""Outsourcing is planned tight (a hoped-for vendor discount), so 2026 actuals run over there."""
_LABOR_GROUPS = {  # employment type -> the labor leaf its cost is booked on when the plan has no line yet
    "full_time": "direct_labor.base_pay",
    "part_time": "direct_labor.temp_parttime_pay",
    "temp": "direct_labor.temp_parttime_pay",
    "outsourced": "outsourcing.bpo_seats",
}


def _budget_2026(
    costs: pd.DataFrame, category_map: pd.DataFrame, daily: pd.DataFrame, staff: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 2026 plan and its labor drivers.

    Non-labor: 2025's agreed-definition spend per month, leaf and cost center, grown 5% (overtime and
    outsourcing planned tighter). Labor (direct labor + outsourcing): drivers from 2025's actual contacts, AHT,
    roster mix and pay (analytics.variance.drivers_from_frames), a year on, with the planners' assumptions above;
    the labor lines are the drivers' identity, spread over 2025's labor leaves, so the variance decomposition
    starts from a plan that explains its own lines. Plus a 10% contingency reserve.
    """
    counted = category_map[category_map["counted"]][["source_system", "source_category"]]
    agreed = costs.merge(
        counted, left_on=["source", "source_category"], right_on=["source_system", "source_category"]
    )
    last_year = agreed[pd.to_datetime(agreed["period"]).dt.year == 2025]
    plan = last_year.groupby(["period", "taxonomy_code", "cost_center"], as_index=False)["amount"].sum()
    plan["month"] = (pd.to_datetime(plan["period"]) + pd.DateOffset(years=1)).dt.date
    growth = np.where(
        plan["taxonomy_code"].str.startswith("outsourcing"),
        0.92,
        np.where(plan["taxonomy_code"] == "direct_labor.overtime", 0.85, 1.05),
    )
    plan["amount"] = (plan["amount"] * growth).round(2)
    drivers = _plan_drivers_2026(last_year, daily, staff)
    plan = _labor_lines_from_drivers(plan[["month", "taxonomy_code", "cost_center", "amount"]], drivers)
    reserve = plan.groupby("month", as_index=False)["amount"].sum()
    reserve["amount"] = (reserve["amount"] * 0.10).round(2)
    reserve["taxonomy_code"] = "contingency.reserve"
    reserve["cost_center"] = "CS-MGMT"
    lines = pd.concat([plan, reserve], ignore_index=True)
    lines["note"] = None
    return lines, drivers


def _plan_drivers_2026(ledger_2025: pd.DataFrame, daily: pd.DataFrame, staff: pd.DataFrame) -> pd.DataFrame:
    """2025's actual labor drivers moved to 2026 with the planners' volume, AHT, productivity and pay assumptions;
    planned FTE follows from them (workload ÷ productive hours, split by 2025's employment mix)."""
    year = daily[pd.to_datetime(daily["date"]).dt.year == 2025]
    volume = (
        year.assign(
            month=pd.to_datetime(year["date"]).dt.to_period("M").dt.start_time.dt.date,
            workload_hours=year["contacts"] * year["aht_seconds"] / 3600,
        )
        .groupby(["month", "channel"], as_index=False)[["contacts", "workload_hours"]]
        .sum()
    )
    labor = ledger_2025[ledger_2025["taxonomy_code"].str.split(".").str[0].isin(variance.LABOR_LEVEL1)]
    labor = labor.assign(month=pd.to_datetime(labor["period"]).dt.date)[["month", "taxonomy_code", "amount"]]
    teams: dict[str, list[str]] = {}
    for channel, profile in _CHANNEL_PROFILE.items():
        teams.setdefault(profile["team"], []).append(channel)
    months = sorted(volume["month"].unique())
    drivers, _ = variance.drivers_from_frames(volume, staff, labor, teams, months)
    drivers["month"] = [dt.date(m.year + 1, m.month, 1) for m in drivers["month"]]
    growth = drivers["channel"].map({c: p["growth"] for c, p in _CHANNEL_PROFILE.items()})
    drivers["contacts"] = (drivers["contacts"] * (1 + _PLAN_GROWTH_BANKED * growth)).round()
    drivers["aht_seconds"] = (drivers["aht_seconds"] * _PLAN_AHT).round(1)
    drivers["productive_share"] = (drivers["productive_share"] * _PLAN_PRODUCTIVITY).round(4)
    outsourced = drivers["employment_type"] == "outsourced"
    drivers["monthly_rate"] = (
        drivers["monthly_rate"] * np.where(outsourced, _PLAN_OUTSOURCED_RATE, _PLAN_PAY_RISE)
    ).round(2)
    channel_fte = drivers.groupby(["month", "channel"])["fte"].transform("sum")
    needed = (
        drivers["contacts"]
        * drivers["aht_seconds"]
        / 3600
        / (drivers["productive_share"] * drivers["hours_per_fte"])
    )
    drivers["fte"] = (needed * drivers["fte"] / channel_fte).round(3)
    return drivers[drivers["fte"] > 0].reset_index(drop=True)


def _labor_lines_from_drivers(plan: pd.DataFrame, drivers: pd.DataFrame) -> pd.DataFrame:
    """Replace the plan's labor lines by the drivers' planned labor: each month's total is the drivers' identity
    to the cent, spread over the month's labor leaves in proportion to the lines it replaces (per employment
    type group: full-time → direct labor, temp and part-time → their pay line, outsourced → outsourcing)."""
    per_month = variance.driver_labor(drivers)
    channel_fte = drivers.groupby(["month", "channel"])["fte"].transform("sum")
    hours = drivers["contacts"] * drivers["aht_seconds"] / 3600
    row_labor = (
        hours / (drivers["productive_share"] * drivers["hours_per_fte"]) * drivers["fte"] / channel_fte
    ) * drivers["monthly_rate"]
    by_type = row_labor.groupby([drivers["month"], drivers["employment_type"].map(_LABOR_GROUPS)]).sum()
    is_labor = plan["taxonomy_code"].str.split(".").str[0].isin(variance.LABOR_LEVEL1)
    labor = plan[is_labor].copy()
    labor["code_group"] = np.where(
        labor["taxonomy_code"].str.startswith("outsourcing"),
        _LABOR_GROUPS["outsourced"],
        np.where(
            labor["taxonomy_code"] == _LABOR_GROUPS["temp"], _LABOR_GROUPS["temp"], _LABOR_GROUPS["full_time"]
        ),
    )
    rows = []
    for month, total in per_month.items():
        groups = by_type.loc[month]
        group_cents = variance.round_preserving_total(groups.to_numpy(), int(round(total * 100)))
        for group, cents in zip(groups.index, group_cents, strict=True):
            old = labor[(labor["month"] == month) & (labor["code_group"] == group)]
            if old.empty:
                old = pd.DataFrame(
                    [{"month": month, "taxonomy_code": group, "cost_center": "CS-FRONT", "amount": 1.0}]
                )
            weights = old["amount"].to_numpy(dtype=float)
            shares = weights / weights.sum() * cents / 100
            split = variance.round_preserving_total(shares, int(cents))
            rows.append(old[["month", "taxonomy_code", "cost_center"]].assign(amount=split / 100))
    return pd.concat([plan[~is_labor], *rows], ignore_index=True)


def _insert_budget(
    cur: duckdb.DuckDBPyConnection, lines: pd.DataFrame, drivers: pd.DataFrame, batch: int
) -> None:
    budget_id = cur.execute("SELECT nextval('budget_id_seq')").fetchone()[0]
    created = dt.datetime(2025, 11, 20, 10, 0)
    cur.execute(
        "INSERT INTO budgets (budget_id, year, name, version, status, locked, contingency_rate, created_by, created_at)"
        " VALUES (?, 2026, ?, 1, 'approved', TRUE, 0.10, ?, ?)",
        [budget_id, "2026 客服预算", "王敏 (客服运营)", created],
    )
    steps = [
        ("submit", "draft", "internal_review", "王敏", "ops_lead", "按 2025 实际 + 5% 编制", 0),
        ("approve", "internal_review", "cross_review", "李强", "cs_director", "内部审核通过", 5),
        ("approve", "cross_review", "final_review", "陈静", "finance", "外包预算偏紧,注意大促", 12),
        ("approve", "final_review", "approved", "赵总", "cfo", "批准", 20),
    ]
    cur.execute(
        "INSERT INTO budget_events VALUES (?, ?, 'create', NULL, 'draft', '王敏', 'ops_lead', NULL)",
        [budget_id, created],
    )
    for action, before, after, actor, role, comment, days in steps:
        cur.execute(
            "INSERT INTO budget_events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [budget_id, created + dt.timedelta(days=days), action, before, after, actor, role, comment],
        )
    store.insert_frame(cur, "budget_lines", lines.assign(budget_id=budget_id, batch_id=batch))
    store.insert_frame(cur, "budget_drivers", drivers.assign(budget_id=budget_id))


def _events() -> pd.DataFrame:
    events = calendar.default_events(range(HISTORY_START.year, AS_OF.year + 2))
    events.insert(0, "event_id", range(1, len(events) + 1))
    events["name"] = None
    events["is_default"] = True
    return events[["event_id", "event_key", "name", "year", "phase", "start_date", "end_date", "is_default"]]


def _targets() -> pd.DataFrame:
    rows = [
        ("service_level", "phone", 0.80),
        ("answer_seconds", "phone", 20),
        ("service_level", "online", 0.85),
        ("answer_seconds", "online", 30),
        ("service_level", "wechat", 0.85),
        ("answer_seconds", "wechat", 30),
        ("response_hours", "email", 24),
        ("response_hours", "ticket", 24),
        ("csat", "*", 4.2),
        ("abandon_rate", "phone", 0.05),
        ("complaint_rate", "*", 0.01),
        ("reopen_rate", "*", 0.06),
        ("shrinkage", "*", 0.30),
        ("max_occupancy", "*", 0.85),
    ]
    return pd.DataFrame(rows, columns=["metric", "channel", "value"])
