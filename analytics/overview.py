"""The overview (总览): headline KPIs for a period, the monthly trend, the next peaks and the alerts.

Every number comes from the database. Amounts are Decimal and exact; ratios are floats.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

import duckdb
import pandas as pd

from analytics import budget, costs, whatif
from analytics.staffing import PART_TIME_FTE

PERIOD_PRESETS = ("ytd", "qtd", "mtd", "last_12_months")

OVER_BUDGET_ALERT = 0.05
"""A level-1 category more than this share over its year-to-date plan raises an alert."""

PEAK_DAYS = 7
"""The peak outlook sizes the staff for the average of last year's busiest days of the event."""
FORECAST_MAX_AGE_DAYS = 183
"""A published forecast grows last year's peak days when its history ends at most this long before the data's
as-of date (half a year) and it covers every day of the event after that date; otherwise the last 90 days'
growth does."""
RECENT_DAYS = 28
"""How a published forecast ran against the actuals over at most this many days to the as-of date (those after
its history) corrects its level."""


@dataclass(frozen=True)
class Period:
    """A span of whole months, first day of the first month to the last day of the last."""

    start: dt.date
    end: dt.date

    @property
    def first_month(self) -> dt.date:
        return self.start.replace(day=1)

    @property
    def last_month(self) -> dt.date:
        return self.end.replace(day=1)


def data_as_of(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The last day with contact volume: 'today' for the data, which may be behind the calendar."""
    row = con.execute("SELECT max(date) FROM contact_volume").fetchone()
    return row[0] if row and row[0] else None


def period_for(preset: str, as_of: dt.date) -> Period:
    """A named period ending at the data's as-of date: 'ytd', 'qtd', 'mtd' (to date) or 'last_12_months'."""
    month_start = as_of.replace(day=1)
    if preset == "ytd":
        return Period(as_of.replace(month=1, day=1), as_of)
    if preset == "mtd":
        return Period(month_start, as_of)
    if preset == "qtd":
        quarter_start = month_start.replace(month=3 * ((as_of.month - 1) // 3) + 1)
        return Period(quarter_start, as_of)
    if preset == "last_12_months":
        start = (pd.Timestamp(month_start) - pd.DateOffset(months=11)).date()
        return Period(start, as_of)
    raise ValueError(f"unknown period preset {preset!r}")


@dataclass(frozen=True)
class Kpis:
    """The headline numbers. `budget` is the approved plan (without the contingency reserve) of the period's
    months that have one, `budgeted_spend` the spend of those same months: budget_months of the period's months.
    `spend_months` of the period's months have agreed spend; cost per contact divides their spend by their
    contacts only (None when no month has spend). `headcount` is None when no roster has been imported."""

    spend: Decimal
    budget: Decimal | None
    budgeted_spend: Decimal | None
    budget_months: int
    months: int
    contacts: int
    cost_per_contact: Decimal | None
    headcount: int | None
    outsourced_seats: int
    csat: float | None
    service_level: float | None
    service_level_target: float | None
    spend_months: int = 0

    @property
    def budget_used(self) -> float | None:
        """Spend as a share of the plan, over the months that have an approved plan."""
        if not self.budget or self.budgeted_spend is None:
            return None
        return float(self.budgeted_spend / self.budget)


def kpis(con: duckdb.DuckDBPyConnection, period: Period) -> Kpis:
    """The headline numbers for a period."""
    monthly = costs.monthly_spend(con, period.first_month, period.last_month)
    spend = _decimal(monthly["amount"].sum())
    spend_months = [pd.Timestamp(month).date() for month in monthly["month"]]
    plan, budgeted_spend, budget_months = _budgeted(con, period)
    contacts = con.execute(
        "SELECT coalesce(sum(contacts), 0) FROM contact_volume WHERE date BETWEEN ? AND ?",
        [period.start, period.end],
    ).fetchone()[0]
    costed_contacts = con.execute(
        "SELECT coalesce(sum(contacts), 0) FROM contact_volume WHERE date BETWEEN ? AND ?"
        " AND date_trunc('month', date)::DATE IN (SELECT unnest(?::DATE[]))",
        [period.start, period.end, spend_months],
    ).fetchone()[0]
    roster_size = con.execute("SELECT count(*) FROM staff").fetchone()[0]
    headcount, outsourced = con.execute(
        """SELECT count(*) FILTER (WHERE employment_type <> 'outsourced'),
                  count(*) FILTER (WHERE employment_type = 'outsourced')
           FROM staff WHERE hire_date <= ? AND (leave_date IS NULL OR leave_date >= ?)""",
        [period.end, period.end],
    ).fetchone()
    csat = con.execute(
        "SELECT avg(csat) FROM tickets WHERE created_at >= ? AND created_at < ?",
        [period.start, period.end + dt.timedelta(days=1)],
    ).fetchone()[0]
    service_level = con.execute(
        """SELECT sum(service_level * contacts) / nullif(sum(contacts), 0) FROM contact_volume
           WHERE channel = 'phone' AND service_level IS NOT NULL AND date BETWEEN ? AND ?""",
        [period.start, period.end],
    ).fetchone()[0]
    target = con.execute(
        "SELECT value FROM targets WHERE metric = 'service_level' AND channel = 'phone'"
    ).fetchone()
    return Kpis(
        spend=spend,
        budget=plan,
        budgeted_spend=budgeted_spend,
        budget_months=budget_months,
        months=_months_between(period.first_month, period.last_month),
        contacts=int(contacts),
        cost_per_contact=(spend / costed_contacts).quantize(Decimal("0.01")) if costed_contacts else None,
        headcount=int(headcount) if roster_size else None,
        outsourced_seats=int(outsourced),
        csat=float(csat) if csat is not None else None,
        service_level=float(service_level) if service_level is not None else None,
        service_level_target=target[0] if target else None,
        spend_months=len(spend_months),
    )


def _budgeted(con: duckdb.DuckDBPyConnection, period: Period) -> tuple[Decimal | None, Decimal | None, int]:
    """The approved plan without the reserve for the period's months in years with an approved budget, the
    spend of those months, and how many months they are; (None, None, 0) when no month has a plan."""
    plan, spent, months = Decimal(0), Decimal(0), 0
    for year in range(period.first_month.year, period.last_month.year + 1):
        budget_id = budget.approved_budget_id(con, year)
        if budget_id is None:
            continue
        first = max(period.first_month, dt.date(year, 1, 1))
        last = min(period.last_month, dt.date(year, 12, 1))
        planned = budget.budget_by_level1(con, budget_id, first, last)
        plan += _decimal(planned.loc[planned["level1"] != "contingency", "amount"].sum())
        spent += _decimal(costs.monthly_spend(con, first, last)["amount"].sum())
        months += _months_between(first, last)
    return (plan, spent, months) if months else (None, None, 0)


def _months_between(first: dt.date, last: dt.date) -> int:
    """How many months from the month of `first` to the month of `last`, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def monthly_trend(con: duckdb.DuckDBPyConnection, months: int, as_of: dt.date) -> pd.DataFrame:
    """Spend and contacts per month for the last `months` months: month, spend (float ¥), contacts (float).
    A month the ledger or the volume does not cover is NaN, so a chart leaves it out rather than drawing 0."""
    last = as_of.replace(day=1)
    first = (pd.Timestamp(last) - pd.DateOffset(months=months - 1)).date()
    spend = costs.monthly_spend(con, first, last)
    contacts = con.execute(
        """SELECT date_trunc('month', date)::DATE AS month, sum(contacts) AS contacts
           FROM contact_volume WHERE date BETWEEN ? AND ? GROUP BY 1""",
        [first, as_of],
    ).df()
    months_index = pd.DataFrame({"month": pd.date_range(first, last, freq="MS")})
    spend["month"] = pd.to_datetime(spend["month"])
    contacts["month"] = pd.to_datetime(contacts["month"])
    trend = months_index.merge(spend, on="month", how="left").merge(contacts, on="month", how="left")
    trend["spend"] = trend.pop("amount").astype(float)  # NaN: no ledger for the month, not ¥0
    trend["contacts"] = trend["contacts"].astype(float)  # NaN: no volume for the month, not 0 contacts
    return trend


@dataclass(frozen=True)
class ForecastGrowth:
    """How a published forecast grows last year's event into this year's: per channel and overall, this year's
    event ÷ last year's actual contacts, this year's being the actual contacts of its days up to the as-of date
    (a pre-sale under way) plus the forecast of the rest times actual ÷ forecast over the RECENT_DAYS to the as-of
    date that came after the forecast's history (its drift since it was made, taken out; 1 with no such days).
    `recent_level` is that ratio over all channels, over `recent_days` days."""

    snapshot_id: int
    history_end: dt.date
    by_channel: dict[str, float]
    overall: float
    recent_level: float
    recent_days: int


@dataclass(frozen=True)
class PeakOutlook:
    """The next peak of a promotion and the agent FTE it needs (full-timer equivalents; a part-timer is half).

    shrinkage and occupancy are the targets the estimate used. `has_history` is False when the volume does not
    reach back to last year's event (agents_needed is then 0, not an estimate); `has_roster` is False when no
    roster has been imported (agents_on_roster is then 0). `growth` is the factor last year's days were grown
    by: from a published forecast (`forecast`) or, when none serves, the last 90 days' (`forecast` None)."""

    event_key: str
    peak_start: dt.date
    days_until: int
    agents_needed: int
    agents_on_roster: int
    shrinkage: float
    occupancy: float
    has_history: bool = True
    has_roster: bool = True
    growth: float = 1.0
    forecast: ForecastGrowth | None = None

    @property
    def gap(self) -> int:
        """Agent FTE short (positive) or spare (negative) at the peak with today's roster."""
        return self.agents_needed - self.agents_on_roster


def next_peaks(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> list[PeakOutlook]:
    """Days until the next 618 and Double-11 peaks and the agent FTE each will need against today's roster.

    Need: the contacts of the PEAK_DAYS busiest days of last year's event (all its phases; busiest by workload
    hours), grown per channel by the newest published forecast's contacts over this year's event against last
    year's (see FORECAST_MAX_AGE_DAYS and ForecastGrowth), or else by the volume growth of the last 90 days
    against a year before, staffed by the what-if's model (whatif.days_fte: Erlang C for 电话, chat
    concurrency, async deadlines, the targets table's service levels, occupancy cap and shrinkage). Roster: agent FTE employed at as_of and still employed at the peak
    (a part-timer counts PART_TIME_FTE; temps and outsourced seats count one each).
    """
    events = con.execute("SELECT event_key, year, phase, start_date, end_date FROM events").df()
    targets = whatif.target_scenario(whatif.read_targets(con))
    growth = _volume_growth(con, as_of)
    first_day = con.execute("SELECT min(date) FROM contact_volume").fetchone()[0]
    has_roster = con.execute("SELECT count(*) FROM staff").fetchone()[0] > 0
    outlooks = []
    for key in ("618", "double11"):
        phases = events[events["event_key"] == key].copy()
        phases["start_date"] = pd.to_datetime(phases["start_date"]).dt.date
        phases["end_date"] = pd.to_datetime(phases["end_date"]).dt.date
        peaks = phases[phases["phase"] == "peak"]
        upcoming = peaks[peaks["start_date"] > as_of].sort_values("start_date")
        if upcoming.empty:
            continue
        peak = upcoming.iloc[0]
        last_year = phases[phases["year"] == peak["year"] - 1]
        this_year = phases[phases["year"] == peak["year"]]
        needed, grown_by, forecast = 0, growth, None
        has_history = (
            not last_year.empty and first_day is not None and first_day <= last_year["start_date"].min()
        )
        if has_history:
            before = (last_year["start_date"].min(), last_year["end_date"].max())
            event = (this_year["start_date"].min(), this_year["end_date"].max())
            forecast = _forecast_growth(con, event, before, as_of)
            busiest = _busiest_days(con, *before)
            if not busiest.empty:
                if forecast is not None:
                    grown_by = forecast.overall
                channel_growth = (
                    busiest["channel"].map(forecast.by_channel if forecast else {}).fillna(grown_by)
                )
                busiest["forecast"] = busiest.pop("contacts") * channel_growth
                needed = math.ceil(whatif.days_fte(con, busiest, targets) - 1e-9)
        roster = con.execute(
            """SELECT coalesce(sum(CASE WHEN employment_type = 'part_time' THEN ? ELSE 1 END), 0) FROM staff
               WHERE role = 'agent' AND hire_date <= ? AND (leave_date IS NULL OR leave_date >= ?)""",
            [PART_TIME_FTE, as_of, peak["start_date"]],
        ).fetchone()[0]
        outlooks.append(
            PeakOutlook(
                key,
                peak["start_date"],
                (peak["start_date"] - as_of).days,
                needed,
                round(float(roster)),
                targets.shrinkage,
                targets.max_occupancy,
                has_history,
                has_roster,
                grown_by,
                forecast,
            )
        )
    return sorted(outlooks, key=lambda o: o.days_until)


def _forecast_growth(
    con: duckdb.DuckDBPyConnection,
    event: tuple[dt.date, dt.date],
    last_year: tuple[dt.date, dt.date],
    as_of: dt.date,
) -> ForecastGrowth | None:
    """The growth the newest published forecast in force gives whose history ends within FORECAST_MAX_AGE_DAYS
    of as_of and which covers every day of the event after as_of (see ForecastGrowth); None when there is none."""
    first, last = event
    ahead_from = max(first, as_of + dt.timedelta(days=1))
    row = con.execute(
        """SELECT s.snapshot_id, s.history_end FROM forecast_snapshots s
           WHERE s.history_end BETWEEN ? AND ? AND s.withdrawn_at IS NULL
             AND (SELECT count(DISTINCT v.date) FROM forecast_snapshot_values v
                  WHERE v.snapshot_id = s.snapshot_id AND v.date BETWEEN ? AND ?) = ?
           ORDER BY s.history_end DESC, s.snapshot_id DESC LIMIT 1""",
        [
            as_of - dt.timedelta(days=FORECAST_MAX_AGE_DAYS),
            as_of,
            ahead_from,
            last,
            (last - ahead_from).days + 1,
        ],
    ).fetchone()
    if row is None:
        return None
    snapshot_id, history_end = row
    recent_start = max(history_end + dt.timedelta(days=1), as_of - dt.timedelta(days=RECENT_DAYS - 1))
    # per channel: the forecast of the event's days to come and the actuals of its days gone, last year's actual
    # over the event, forecast and actual over the recent days (the joins leave out the forecast's total, which
    # is no channel of the history)
    sums = con.execute(
        """WITH ahead AS (SELECT channel, sum(forecast) AS forecast FROM forecast_snapshot_values
                          WHERE snapshot_id = ? AND date BETWEEN ? AND ? GROUP BY channel),
                gone AS (SELECT channel, sum(contacts) AS actual FROM contact_volume
                         WHERE date BETWEEN ? AND ? GROUP BY channel),
                before AS (SELECT channel, sum(contacts) AS actual FROM contact_volume
                           WHERE date BETWEEN ? AND ? GROUP BY channel),
                recent AS (SELECT v.channel, sum(v.forecast) AS forecast, sum(c.contacts) AS actual
                           FROM forecast_snapshot_values v JOIN contact_volume c USING (date, channel)
                           WHERE v.snapshot_id = ? AND v.date BETWEEN ? AND ? GROUP BY v.channel)
           SELECT channel, ahead.forecast, coalesce(gone.actual, 0) AS gone, before.actual,
                  coalesce(recent.forecast, 0) AS recent_forecast, coalesce(recent.actual, 0) AS recent_actual
           FROM ahead JOIN before USING (channel) LEFT JOIN gone USING (channel) LEFT JOIN recent USING (channel)
           WHERE before.actual > 0 ORDER BY channel""",
        [snapshot_id, ahead_from, last, first, as_of, *last_year, snapshot_id, recent_start, as_of],
    ).df()
    if sums.empty:
        return None
    sums = sums.astype({c: float for c in sums.columns if c != "channel"}).set_index("channel")
    drift = sums["recent_forecast"] > 0
    level = (sums["recent_actual"] / sums["recent_forecast"]).where(drift, 1.0)
    recent_level = sums["recent_actual"].sum() / sums["recent_forecast"].sum() if drift.any() else 1.0
    grown = sums["gone"] + sums["forecast"] * level
    return ForecastGrowth(
        snapshot_id=int(snapshot_id),
        history_end=history_end,
        by_channel=(grown / sums["actual"]).to_dict(),
        overall=float(grown.sum() / sums["actual"].sum()),
        recent_level=float(recent_level),
        recent_days=max((as_of - recent_start).days + 1, 0),
    )


def budget_alerts(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pd.DataFrame:
    """Level-1 categories over their year-to-date plan by more than OVER_BUDGET_ALERT.

    Columns: level1, spend, budget, over (¥, float), over_share. Empty when nothing is over or no plan exists.
    The month of as_of counts only when it is complete.
    """
    columns = ["level1", "spend", "budget", "over", "over_share"]
    budget_id = budget.approved_budget_id(con, as_of.year)
    last_full = as_of.replace(day=1)
    if (as_of + dt.timedelta(days=1)).month == as_of.month:
        last_full = (pd.Timestamp(last_full) - pd.DateOffset(months=1)).date()
    first = dt.date(as_of.year, 1, 1)
    if budget_id is None or last_full < first:
        return pd.DataFrame(columns=columns)
    spend = costs.spend_by_level1(con, first, last_full)
    plan = budget.budget_by_level1(con, budget_id, first, last_full)
    both = plan.merge(spend, on="level1", how="outer", suffixes=("_budget", "_spend")).fillna(0)
    both = both[both["level1"] != "contingency"]
    both["spend"] = both["amount_spend"].astype(float)
    both["budget"] = both["amount_budget"].astype(float)
    both["over"] = both["spend"] - both["budget"]
    both["over_share"] = both["over"] / both["budget"].where(both["budget"] > 0)
    alerts = both[(both["over_share"] > OVER_BUDGET_ALERT) | ((both["budget"] == 0) & (both["spend"] > 0))]
    return alerts[columns].sort_values("over", ascending=False).reset_index(drop=True)


def _busiest_days(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    """date, channel, contacts of the PEAK_DAYS days between start and end with the most workload hours
    (contacts × AHT; chats divided by their concurrency), or the most contacts where no AHT was imported."""
    return con.execute(
        """WITH busiest AS (
               SELECT date FROM contact_volume WHERE date BETWEEN ? AND ? GROUP BY date
               ORDER BY sum(coalesce(handled, contacts) * coalesce(aht_seconds, 0)
                            / CASE WHEN channel IN ('online', 'wechat') THEN 2.5 ELSE 1 END) DESC,
                        sum(contacts) DESC, date
               LIMIT ?)
           SELECT date::TIMESTAMP AS date, channel, contacts::DOUBLE AS contacts
           FROM contact_volume JOIN busiest USING (date) ORDER BY date, channel""",
        [start, end, PEAK_DAYS],
    ).df()


def _volume_growth(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> float:
    """Contacts in the 90 days to as_of over the same 90 days a year earlier (1.0 when unknown)."""
    recent_start = as_of - dt.timedelta(days=89)
    year_ago_end = as_of - dt.timedelta(days=364)
    recent, before = con.execute(
        """SELECT sum(contacts) FILTER (WHERE date BETWEEN ? AND ?),
                  sum(contacts) FILTER (WHERE date BETWEEN ? AND ?) FROM contact_volume""",
        [recent_start, as_of, year_ago_end - dt.timedelta(days=89), year_ago_end],
    ).fetchone()
    return float(recent) / float(before) if recent and before else 1.0


def _target(con: duckdb.DuckDBPyConnection, metric: str, default: float) -> float:
    row = con.execute("SELECT value FROM targets WHERE metric = ? AND channel = '*'", [metric]).fetchone()
    return float(row[0]) if row else default


def _decimal(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01")) if value == value else Decimal("0.00")
