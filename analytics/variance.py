"""Budget vs actual: variance by month, category and cost center with traffic lights, the ledger rows behind a
number, the full-year outlook with alerts, and the labor variance explained by its drivers.

Money is handled as integer cents inside (exact sums) and returned as Decimal.

Months compared. A month is compared once it is complete by `as_of` (its last day is on or before as_of), the
same rule as the home page's alerts; later budget months are shown as plan only (status "future").

Traffic lights. variance % = (actual − budget) ÷ budget. Within ±green → "green"; over by more than green up to
red → "amber"; over by more than red → "red"; under by more than green → "under" (not a problem, but worth a
look); spend with no budget → "red". green and red come from the settings keys `variance.green_pct` and
`variance.red_pct` (defaults 0.05 and 0.10).

Full-year outlook. actual to date + forecast of each remaining month = that month's budget × the category's
year-to-date run-rate (actual to date ÷ budget to date), so the plan's seasonality is kept and a category that
runs 8% over keeps running 8% over. A category with no budget to date but spend is carried forward at its
average monthly actual.

The contingency reserve. It is a buffer for the unexpected, not planned spend, so it is left out of the
comparison, the outlook and the alerts (as on the overview and in the quarterly review): comparing spend with a
plan that includes it would show every year "under budget" by the reserve. `reserve` gives its amount, which the
page shows beside the figures. Spend booked to the reserve still counts, as spend with no budget, and is
not carried forward into the outlook.

Labor variance. Labor is the taxonomy level 1 `direct_labor` and `outsourcing` (frontline agents, in-house and
outsourced). Both the plan and the actual are written as the budget-driver identity, per month, channel c and
employment type t:

    labor = V × Σ_c s_c × H_c / 3600 × Σ_t e_ct × m_ct × r_ct

V contacts of all channels, s_c channel share of contacts, H_c AHT seconds, e = 1 / (productive share × paid
hours per FTE) (FTE per workload hour: occupancy and shrinkage), m_ct employment-type share of the channel's FTE,
r_ct monthly cost per FTE. The variance actual − plan is split by sequential substitution in this order:
volume, channel mix, handle time, efficiency, employment mix, pay rate (each step swaps one factor from plan to
actual, keeping earlier ones at actual and later ones at plan), month by month, then summed. The steps add up
to the total exactly; cents are rounded by largest remainder so the rounded effects still add up to the cent.
The budget's labor lines minus the drivers' planned labor is shown as its own "plan basis" line; actual labor
the drivers cannot explain (labor cost with no staff to carry it) as "unattributed".

Actual drivers come from the data: contacts and AHT per channel from contact_volume
(store.py: daily volume, or counted from tickets); FTE per employment type from
the roster's agents active in the month (part-time counts as PART_TIME_FTE), assigned to the channels of their
team (team → channels from the last month of tickets; a team's FTE split over its channels by workload hours);
cost per FTE per type from the labor ledger: outsourcing → outsourced, direct_labor.temp_parttime_pay → temp and part-time
(split between them by roster pay, as the ledger does not separate them), the rest of direct labor → full-time;
productive share implied = workload hours ÷ (FTE × the plan's paid hours per FTE).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import duckdb
import numpy as np
import pandas as pd

from analytics import costs, store
from analytics.staffing import PART_TIME_FTE

GREEN_KEY = "variance.green_pct"
RED_KEY = "variance.red_pct"
DEFAULT_GREEN = 0.05
DEFAULT_RED = 0.10

LABOR_LEVEL1 = ("direct_labor", "outsourcing")
EMPLOYMENT_TYPES = ("full_time", "part_time", "temp", "outsourced")
DEFAULT_HOURS_PER_FTE = 21.75 * 8
"""Paid hours a month per FTE when a budget has no drivers for a channel."""
CONTINGENCY_LEVEL1 = "contingency"

EFFECTS = ("volume", "channel_mix", "handle_time", "efficiency", "employment_mix", "pay_rate")
"""The labor variance effects, in the order they are substituted."""

GROUP_COLUMNS = ("month", "level1", "level2", "taxonomy_code", "cost_center")
DRIVER_COLUMNS = list(store.BUDGET_DRIVER_COLUMNS)


@dataclass(frozen=True)
class Thresholds:
    """Traffic-light limits as shares of budget: within ±green is green, over red is red."""

    green: float = DEFAULT_GREEN
    red: float = DEFAULT_RED


def thresholds(con: duckdb.DuckDBPyConnection) -> Thresholds:
    """The traffic-light thresholds from settings (variance.green_pct, variance.red_pct) or the defaults."""
    found = dict(
        con.execute("SELECT key, value FROM settings WHERE key IN (?, ?)", [GREEN_KEY, RED_KEY]).fetchall()
    )
    green = float(found.get(GREEN_KEY, DEFAULT_GREEN))
    red = float(found.get(RED_KEY, DEFAULT_RED))
    return Thresholds(green=green, red=max(red, green))


# --- money helpers ------------------------------------------------------------------------------------------


def _cents(values) -> np.ndarray:
    """Amounts (DECIMAL(18,2) read as float, or Decimal) as exact integer cents."""
    return np.round(np.asarray(values, dtype=float) * 100).astype(np.int64)


def _money(cents) -> Decimal:
    return Decimal(int(cents)).scaleb(-2)


def _money_column(cents: pd.Series) -> pd.Series:
    return pd.Series([_money(c) for c in cents], index=cents.index, dtype=object)


def round_preserving_total(values: Sequence[float], total_cents: int) -> np.ndarray:
    """Round amounts (¥) to cents so they add up to total_cents exactly (largest remainder).

    Exact zeros stay zero whenever a non-zero amount can take the adjustment.
    """
    raw = np.asarray(values, dtype=float) * 100
    floored = np.floor(raw).astype(np.int64)
    short = int(total_cents - floored.sum())
    remainder = raw - floored
    eligible = raw != 0
    if not eligible.any():
        eligible = np.ones(len(raw), dtype=bool)
    order = np.lexsort((-remainder, ~eligible))  # eligible first, then the largest remainders
    step = 1 if short >= 0 else -1
    if step < 0:
        order = np.lexsort((remainder, ~eligible))
    result = floored.copy()
    for i in range(abs(short)):
        result[order[i % max(int(eligible.sum()), 1)]] += step
    return result


# --- months -------------------------------------------------------------------------------------------------


def last_complete_month(as_of: dt.date) -> dt.date:
    """The start of the last month that is complete on as_of."""
    first = as_of.replace(day=1)
    if (as_of + dt.timedelta(days=1)).month == as_of.month:
        first = (pd.Timestamp(first) - pd.DateOffset(months=1)).date()
    return first


def _budget_year(con: duckdb.DuckDBPyConnection, budget_id: int) -> int:
    row = con.execute("SELECT year FROM budgets WHERE budget_id = ?", [budget_id]).fetchall()
    if not row:
        raise ValueError(f"no budget #{budget_id}")
    return int(row[0][0])


def _budget_lines(con: duckdb.DuckDBPyConnection, budget_id: int) -> pd.DataFrame:
    frame = con.execute(
        """SELECT b.month, b.taxonomy_code, t.level1, t.level2, b.cost_center, b.amount
           FROM budget_lines b JOIN cost_taxonomy t ON t.code = b.taxonomy_code
           WHERE b.budget_id = ?""",
        [budget_id],
    ).df()
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    frame["cents"] = _cents(frame["amount"])
    return frame.drop(columns="amount")


def _actual_lines(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    frame = costs.agreed_costs(con, start, end)
    frame = frame.rename(columns={"period": "month"})
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    frame["cents"] = _cents(frame["amount"])
    return frame[["month", "taxonomy_code", "level1", "level2", "cost_center", "cents"]]


# --- budget vs actual ---------------------------------------------------------------------------------------


def traffic_light(
    variance_pct: pd.Series, budget: pd.Series, actual: pd.Series, limits: Thresholds
) -> pd.Series:
    """Status per row: green, amber, red, under (see the module docstring)."""
    pct = variance_pct.astype(float)
    status = np.select(
        [pct > limits.red, pct > limits.green, pct < -limits.green],
        ["red", "amber", "under"],
        default="green",
    )
    status = np.where((budget == 0) & (actual > 0), "red", status)
    status = np.where((budget == 0) & (actual <= 0), "green", status)
    return pd.Series(status, index=variance_pct.index)


def _with_variance(frame: pd.DataFrame, limits: Thresholds) -> pd.DataFrame:
    """Add variance (cents), variance_pct and status to a frame with budget_cents and actual_cents."""
    out = frame.copy()
    out["variance_cents"] = out["actual_cents"] - out["budget_cents"]
    budget = out["budget_cents"].astype(float)
    out["variance_pct"] = out["variance_cents"] / budget.where(budget != 0)
    out["status"] = traffic_light(out["variance_pct"], out["budget_cents"], out["actual_cents"], limits)
    return out


def _to_money(frame: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    out = frame.copy()
    for name in names:
        out[name] = _money_column(out.pop(f"{name}_cents"))
    return out


def _compared_cents(
    con: duckdb.DuckDBPyConnection, budget_id: int, as_of: dt.date, by: list[str]
) -> tuple[pd.DataFrame, dt.date, int]:
    """Budget and actual cents grouped by `by` (see budget_vs_actual), the last complete month and the year."""
    unknown = set(by) - set(GROUP_COLUMNS)
    if unknown:
        raise ValueError(f"cannot group by {sorted(unknown)}")
    year = _budget_year(con, budget_id)
    last = last_complete_month(as_of)
    first = dt.date(year, 1, 1)
    plan = _budget_lines(con, budget_id)
    plan = plan[plan["level1"] != CONTINGENCY_LEVEL1]
    actual = _actual_lines(con, first, min(last, dt.date(year, 12, 1))) if last >= first else plan.iloc[:0]
    if "month" not in by:
        plan = plan[plan["month"] <= last]
    keys = by or ["_all"]
    if not by:
        plan = plan.assign(_all=0)
        actual = actual.assign(_all=0)
    stacked = pd.concat(
        [
            plan[keys].assign(budget_cents=plan["cents"].to_numpy(), actual_cents=0),
            actual[keys].assign(budget_cents=0, actual_cents=actual["cents"].to_numpy()),
        ],
        ignore_index=True,
    )
    both = stacked.groupby(keys, as_index=False, sort=True)[["budget_cents", "actual_cents"]].sum()
    both = _in_taxonomy_order(con, both, keys)
    return (both.drop(columns="_all") if not by else both), last, year


def _in_taxonomy_order(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows sorted by `keys` with categories and line items in the taxonomy's order (direct labor, indirect
    labor, training, ...) as the budget pivot and the cost pages list them, not alphabetically by code."""
    taxonomy = con.execute("SELECT code, level1, level2, sort_order FROM cost_taxonomy").df()
    rank = {
        "level1": taxonomy.groupby("level1")["sort_order"].min(),
        "level2": taxonomy.groupby("level2")["sort_order"].min(),
        "taxonomy_code": taxonomy.set_index("code")["sort_order"],
    }

    def sort_key(column: pd.Series) -> pd.Series:
        order = rank.get(column.name)
        return column if order is None else column.map(order).fillna(float("inf"))

    return frame.sort_values(keys, key=sort_key, kind="stable").reset_index(drop=True)


def budget_vs_actual(
    con: duckdb.DuckDBPyConnection,
    budget_id: int,
    as_of: dt.date,
    by: Sequence[str] = ("month", "level1", "cost_center"),
) -> pd.DataFrame:
    """Budget, actual, variance ¥ (actual − budget), variance % and status, grouped by `by`.

    `by` is any of month, level1, level2, taxonomy_code, cost_center. With month, every budget month is a row and
    months not complete on as_of have actual None and status "future"; without month, the figures are year to
    date (complete months only). Amounts are Decimal.
    """
    by = list(by)
    both, last, _year = _compared_cents(con, budget_id, as_of, by)
    both = _with_variance(both, thresholds(con))
    future = both["month"] > last if "month" in by else pd.Series(False, index=both.index)
    both = _to_money(both, ["budget", "actual", "variance"])
    both.loc[future, ["actual", "variance"]] = None
    both.loc[future, "variance_pct"] = np.nan
    both.loc[future, "status"] = "future"
    return both[[*by, "budget", "actual", "variance", "variance_pct", "status"]]


def reserve(con: duckdb.DuckDBPyConnection, budget_id: int, last_month: dt.date | None = None) -> Decimal:
    """The budget's contingency reserve, for the whole year or up to and including `last_month`."""
    lines = _budget_lines(con, budget_id)
    lines = lines[lines["level1"] == CONTINGENCY_LEVEL1]
    if last_month is not None:
        lines = lines[lines["month"] <= last_month]
    return _money(lines["cents"].sum())


def ledger_rows(
    con: duckdb.DuckDBPyConnection,
    start: dt.date,
    end: dt.date,
    level1: str | None = None,
    taxonomy_code: str | None = None,
    cost_center: str | None = None,
) -> pd.DataFrame:
    """The agreed-definition ledger rows behind a budget-vs-actual number (months start..end, inclusive).

    Their amounts add up to that number to the cent. Columns as analytics.costs.agreed_costs, largest first.
    """
    rows = costs.agreed_costs(con, start.replace(day=1), end)
    keep = pd.Series(True, index=rows.index)
    for column, value in (("level1", level1), ("taxonomy_code", taxonomy_code), ("cost_center", cost_center)):
        if value is not None:
            keep &= rows[column] == value
    rows = rows[keep].copy()
    rows["period"] = pd.to_datetime(rows["period"]).dt.date
    rows["amount"] = _money_column(pd.Series(_cents(rows["amount"]), index=rows.index))
    order = (
        rows.assign(_a=_cents(rows["amount"])).sort_values(["period", "_a"], ascending=[True, False]).index
    )
    return rows.loc[order].reset_index(drop=True)


# --- outlook and alerts -------------------------------------------------------------------------------------


def _outlook_lines(con: duckdb.DuckDBPyConnection, budget_id: int, as_of: dt.date) -> pd.DataFrame:
    """Per month and level1: budget_cents, actual_cents (complete months), forecast_cents (later months)."""
    monthly, last, year = _compared_cents(con, budget_id, as_of, ["month", "level1"])
    done = monthly["month"] <= last
    ytd = monthly[done].groupby("level1")[["budget_cents", "actual_cents"]].sum()
    months_done = max(0, min(12, (last.year - year) * 12 + last.month)) if last.year >= year else 0
    ratio = (ytd["actual_cents"] / ytd["budget_cents"].where(ytd["budget_cents"] != 0)).rename("run_rate")
    unplanned = (ytd["budget_cents"] == 0) & (ytd["actual_cents"] > 0)
    carry = (ytd["actual_cents"] / max(months_done, 1)).where(unplanned).rename("carry")
    monthly = monthly.join(ratio, on="level1").join(carry, on="level1")
    monthly["run_rate"] = monthly["run_rate"].fillna(1.0)
    forecast = np.where(
        monthly["carry"].notna(),
        monthly["carry"].fillna(0),
        monthly["budget_cents"] * monthly["run_rate"],
    )
    forecast = np.where(monthly["level1"] == CONTINGENCY_LEVEL1, 0, forecast)
    monthly["forecast_cents"] = np.where(done, 0, np.round(forecast)).astype(np.int64)
    monthly["actual_cents"] = np.where(done, monthly["actual_cents"], 0)
    return monthly[["month", "level1", "budget_cents", "actual_cents", "forecast_cents", "run_rate"]]


def outlook_by_month(con: duckdb.DuckDBPyConnection, budget_id: int, as_of: dt.date) -> pd.DataFrame:
    """The outlook month by month, all categories: month, budget, actual (complete months), forecast (later
    months), and the cumulative budget and outlook (actual then forecast). Amounts Decimal."""
    lines = _outlook_lines(con, budget_id, as_of)
    monthly = lines.groupby("month", as_index=False)[["budget_cents", "actual_cents", "forecast_cents"]].sum()
    monthly["cum_budget_cents"] = monthly["budget_cents"].cumsum()
    monthly["cum_outlook_cents"] = (monthly["actual_cents"] + monthly["forecast_cents"]).cumsum()
    return _to_money(monthly, ["budget", "actual", "forecast", "cum_budget", "cum_outlook"])


def full_year_outlook(con: duckdb.DuckDBPyConnection, budget_id: int, as_of: dt.date) -> pd.DataFrame:
    """Per level-1 category: full-year budget, actual to date, forecast of the remaining months, outlook (= actual
    to date + forecast), variance (outlook − budget), variance_pct, status, and the run_rate used."""
    lines = _outlook_lines(con, budget_id, as_of)
    by_level1 = lines.groupby("level1").agg(
        budget_cents=("budget_cents", "sum"),
        actual_cents=("actual_cents", "sum"),
        forecast_cents=("forecast_cents", "sum"),
        run_rate=("run_rate", "first"),
    )
    by_level1 = by_level1.reset_index()
    by_level1["outlook_cents"] = by_level1["actual_cents"] + by_level1["forecast_cents"]
    frame = by_level1.rename(columns={"actual_cents": "ytd_cents"}).assign(
        actual_cents=by_level1["outlook_cents"]
    )
    frame = _with_variance(frame, thresholds(con)).drop(columns="actual_cents")
    frame = _to_money(frame, ["budget", "ytd", "forecast", "outlook", "variance"])
    return frame[
        ["level1", "budget", "ytd", "forecast", "outlook", "variance", "variance_pct", "status", "run_rate"]
    ]


def alerts(con: duckdb.DuckDBPyConnection, budget_id: int, as_of: dt.date) -> pd.DataFrame:
    """Categories heading over budget: full-year outlook above budget by more than the green threshold, or spend
    with no budget; largest ¥ at risk (outlook − budget) first. Columns as full_year_outlook."""
    outlook = full_year_outlook(con, budget_id, as_of)
    over = outlook["status"].isin(["amber", "red"]) & (outlook["variance"].astype(float) > 0)
    flagged = outlook[over]
    order = flagged["variance"].astype(float).sort_values(ascending=False).index
    return flagged.loc[order].reset_index(drop=True)


# --- labor drivers ------------------------------------------------------------------------------------------


def taxonomy_codes(con: duckdb.DuckDBPyConnection, level1: str) -> list[str]:
    """The taxonomy leaves of a level-1 category, in taxonomy order."""
    rows = con.execute(
        "SELECT code FROM cost_taxonomy WHERE level1 = ? ORDER BY sort_order", [level1]
    ).fetchall()
    return [r[0] for r in rows]


def labor_codes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The taxonomy codes that count as labor in the decomposition (direct labor and outsourcing)."""
    rows = con.execute(
        "SELECT code FROM cost_taxonomy WHERE level1 IN (?, ?) ORDER BY sort_order", list(LABOR_LEVEL1)
    ).fetchall()
    return [r[0] for r in rows]


def employment_type_of_cost(taxonomy_code: pd.Series) -> pd.Series:
    """Which employment type a labor ledger code pays: outsourcing → outsourced, temp/part-time pay →
    'temp_part_time' (split later by roster pay), the rest of direct labor → full_time."""
    return pd.Series(
        np.select(
            [taxonomy_code.str.startswith("outsourcing."), taxonomy_code == "direct_labor.temp_parttime_pay"],
            ["outsourced", "temp_part_time"],
            default="full_time",
        ),
        index=taxonomy_code.index,
    )


def _month_starts(months: Sequence[dt.date]) -> list[dt.date]:
    return sorted({m.replace(day=1) for m in months})


def _active_share(roster: pd.DataFrame, months: Sequence[dt.date]) -> np.ndarray:
    """Share of each month (columns) each person (rows) was employed."""
    starts = pd.to_datetime(pd.Series(months)).to_numpy()
    ends = (pd.to_datetime(pd.Series(months)) + pd.offsets.MonthEnd(0)).to_numpy()
    days = (ends - starts).astype("timedelta64[D]").astype(int) + 1
    hire = pd.to_datetime(roster["hire_date"]).to_numpy()[:, None]
    leave = pd.to_datetime(roster["leave_date"]).fillna(pd.Timestamp("2100-01-01")).to_numpy()[:, None]
    first = np.maximum(hire, starts[None, :])
    last = np.minimum(leave, ends[None, :])
    employed = (last - first).astype("timedelta64[D]").astype(int) + 1
    return np.clip(employed, 0, None) / days[None, :]


def drivers_from_frames(
    volume: pd.DataFrame,
    roster: pd.DataFrame,
    labor_ledger: pd.DataFrame,
    team_channels: Mapping[str, Sequence[str]],
    months: Sequence[dt.date],
    hours_per_fte: float | pd.Series = DEFAULT_HOURS_PER_FTE,
) -> tuple[pd.DataFrame, pd.Series]:
    """Actual labor drivers in the budget_drivers shape, and the labor cost per month (¥) they do not carry.

    volume: month, channel, contacts, workload_hours (Σ contacts × AHT / 3600). roster: the staff table.
    labor_ledger: month, taxonomy_code, amount (¥). team_channels: the channels each team answers (an agent
    whose team is not listed answers their own roster channel). hours_per_fte: a number, or a Series indexed
    by (month, channel). Rows: every (month, channel, employment type) with FTE, and a full_time row with fte 0
    for a channel with contacts but nobody assigned.
    """
    months = _month_starts(months)
    month_ix = {m: i for i, m in enumerate(months)}
    types = list(EMPLOYMENT_TYPES)
    vol = volume.assign(month=pd.to_datetime(volume["month"]).dt.date)
    vol = vol[vol["month"].isin(month_ix)]
    agents = roster[roster["role"] == "agent"].reset_index(drop=True)
    groups = [
        team if team in team_channels else f"channel:{channel}"
        for team, channel in zip(agents["team"], agents["channel"], strict=True)
    ]
    group_names = sorted(set(groups))
    members = {
        g: (list(team_channels[g]) if g in team_channels else [g.split(":", 1)[1]]) for g in group_names
    }
    channels = sorted(set(vol["channel"]) | {c for chans in members.values() for c in chans})
    c_ix = {c: i for i, c in enumerate(channels)}
    n_m, n_c, n_t, n_g = len(months), len(channels), len(types), len(group_names)

    # FTE and roster pay per month, group and type.
    share = _active_share(agents, months) if len(agents) else np.zeros((0, n_m))
    kind = agents["employment_type"].map({t: i for i, t in enumerate(types)}).to_numpy(dtype=int)
    weight = np.where(kind == types.index("part_time"), PART_TIME_FTE, 1.0)
    pay = pd.to_numeric(agents["monthly_pay"], errors="coerce").fillna(0).to_numpy(dtype=float)
    g_lookup = {g: i for i, g in enumerate(group_names)}
    g_ix = np.array([g_lookup[g] for g in groups], dtype=int)
    group_fte = np.zeros((n_m, n_g, n_t))
    type_pay = np.zeros((n_m, n_t))
    for m in range(n_m):
        np.add.at(group_fte[m], (g_ix, kind), share[:, m] * weight)
        np.add.at(type_pay[m], kind, share[:, m] * pay)
    type_fte = group_fte.sum(axis=1)

    # Workload per month and channel; each group's FTE split over its channels by workload.
    contacts = np.zeros((n_m, n_c))
    workload = np.zeros((n_m, n_c))
    rows_m = vol["month"].map(month_ix).to_numpy(dtype=int)
    rows_c = vol["channel"].map(c_ix).to_numpy(dtype=int)
    np.add.at(contacts, (rows_m, rows_c), vol["contacts"].to_numpy(dtype=float))
    np.add.at(workload, (rows_m, rows_c), vol["workload_hours"].to_numpy(dtype=float))
    membership = np.zeros((n_g, n_c))
    for g, name in enumerate(group_names):
        membership[g, [c_ix[c] for c in members[name]]] = 1.0
    group_hours = workload @ membership.T  # [M, G]
    with np.errstate(invalid="ignore", divide="ignore"):
        split = np.where(
            group_hours[:, :, None] > 0, membership[None] * workload[:, None, :] / group_hours[..., None], 0
        )
    fte = np.einsum("mgt,mgc->mct", group_fte, split)

    # Labor ledger per month and type; temp and part-time share one leaf and are split by roster pay.
    ledger = labor_ledger.assign(month=pd.to_datetime(labor_ledger["month"]).dt.date)
    ledger = ledger[ledger["month"].isin(month_ix)]
    paid = employment_type_of_cost(ledger["taxonomy_code"]).to_numpy()
    amount = ledger["amount"].to_numpy(dtype=float)
    l_m = ledger["month"].map(month_ix).to_numpy(dtype=int)
    spend = np.zeros((n_m, n_t))
    for t, name in enumerate(types):
        np.add.at(spend[:, t], l_m[paid == name], amount[paid == name])
    shared = np.zeros(n_m)
    np.add.at(shared, l_m[paid == "temp_part_time"], amount[paid == "temp_part_time"])
    pt = [types.index("temp"), types.index("part_time")]
    basis = type_pay[:, pt]
    basis = np.where(basis.sum(axis=1, keepdims=True) > 0, basis, type_fte[:, pt])
    total = basis.sum(axis=1, keepdims=True)
    basis = np.where(total > 0, basis / np.where(total > 0, total, 1), np.array([1.0, 0.0]))
    spend[:, pt] += shared[:, None] * basis
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(type_fte > 0, spend / type_fte, 0.0)
    carried = (fte * rate[:, None, :]).sum(axis=(1, 2))
    unattributed = pd.Series(spend.sum(axis=1) - carried, index=months)

    # One row per (month, channel, type) with FTE; a full-time row with no FTE for an unstaffed channel.
    channel_fte = fte.sum(axis=2)
    keep = (fte > 0) & (contacts[..., None] > 0)
    unstaffed = (contacts > 0) & (channel_fte <= 0)
    keep[..., 0] |= unstaffed
    m, c, t = np.nonzero(keep)
    rows = pd.DataFrame(
        {
            "month": [months[i] for i in m],
            "channel": [channels[i] for i in c],
            "employment_type": [types[i] for i in t],
            "contacts": contacts[m, c],
            "aht_seconds": workload[m, c] * 3600 / contacts[m, c],
            "fte": fte[m, c, t],
            "monthly_rate": np.where(fte[m, c, t] > 0, rate[m, t], 0.0),
        }
    )
    if isinstance(hours_per_fte, pd.Series):
        key = pd.MultiIndex.from_arrays([rows["month"], rows["channel"]])
        hours = hours_per_fte.reindex(key).to_numpy(dtype=float)
        rows["hours_per_fte"] = np.where(np.isnan(hours), DEFAULT_HOURS_PER_FTE, hours)
    else:
        rows["hours_per_fte"] = float(hours_per_fte)
    capacity = channel_fte[m, c] * rows["hours_per_fte"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        rows["productive_share"] = np.where(capacity > 0, workload[m, c] / capacity, np.nan)
    return rows[DRIVER_COLUMNS], unattributed


def driver_labor(drivers: pd.DataFrame) -> pd.Series:
    """Labor ¥ per month from drivers: Σ contacts × AHT / 3600 / (productive share × hours) × mix × rate
    (computed exactly as the plan side of `decompose`)."""
    return decompose(drivers, drivers).set_index("month")["plan"]


def planned_drivers(
    con: duckdb.DuckDBPyConnection, budget_id: int, start: dt.date, end: dt.date
) -> pd.DataFrame:
    """A budget's labor drivers for months start..end (budget_drivers rows)."""
    frame = con.execute(
        f"SELECT {', '.join(DRIVER_COLUMNS)} FROM budget_drivers WHERE budget_id = ? AND month BETWEEN ? AND ?"
        " ORDER BY month, channel, employment_type",
        [budget_id, start.replace(day=1), end],
    ).df()
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    return frame


def team_channels(con: duckdb.DuckDBPyConnection, until: dt.date | None = None) -> dict[str, list[str]]:
    """The channels each team answers, as seen on the tickets of the last month up to `until` (or the last
    month of tickets on record when there are none by then); a month of tickets shows every pairing in use."""
    latest = con.execute(
        "SELECT max(created_at) FROM tickets WHERE team IS NOT NULL AND created_at < ?",
        [dt.datetime.combine((until or dt.date(9999, 1, 1)) + dt.timedelta(days=1), dt.time())],
    ).fetchall()[0][0]
    if latest is None and until is not None:
        return team_channels(con)
    if latest is None:
        return {}
    rows = con.execute(
        "SELECT DISTINCT team, channel FROM tickets WHERE team IS NOT NULL AND created_at BETWEEN ? AND ?"
        " ORDER BY team, channel",
        [latest - dt.timedelta(days=31), latest],
    ).fetchall()
    mapping: dict[str, list[str]] = {}
    for team, channel in rows:
        mapping.setdefault(team, []).append(channel)
    return mapping


def actual_drivers(
    con: duckdb.DuckDBPyConnection,
    start: dt.date,
    end: dt.date,
    hours_per_fte: float | pd.Series = DEFAULT_HOURS_PER_FTE,
    teams: Mapping[str, Sequence[str]] | None = None,
) -> tuple[pd.DataFrame, pd.Series]:
    """Actual labor drivers for months start..end from volumes, the roster and the labor ledger, and the labor
    ¥ per month they cannot carry (see drivers_from_frames). `teams` defaults to team_channels(con, end)."""
    first = start.replace(day=1)
    return _actual_drivers(con, first, end, hours_per_fte, teams, _labor_ledger(con, first, end))


def _labor_ledger(con: duckdb.DuckDBPyConnection, first: dt.date, last: dt.date) -> pd.DataFrame:
    ledger = costs.agreed_costs(con, first, last)
    return ledger[ledger["level1"].isin(LABOR_LEVEL1)].rename(columns={"period": "month"})


def _actual_drivers(
    con: duckdb.DuckDBPyConnection,
    first: dt.date,
    end: dt.date,
    hours_per_fte: float | pd.Series,
    teams: Mapping[str, Sequence[str]] | None,
    ledger: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.Series]:
    volume = con.execute(
        """SELECT date_trunc('month', date) AS month, channel, sum(contacts) AS contacts,
                  sum(contacts * coalesce(aht_seconds, 0)) / 3600 AS workload_hours
           FROM contact_volume WHERE date BETWEEN ? AND ? GROUP BY ALL""",
        [first, (pd.Timestamp(end) + pd.offsets.MonthEnd(0)).date()],
    ).df()
    roster = con.execute(
        "SELECT role, employment_type, team, channel, hire_date, leave_date, monthly_pay FROM staff"
    ).df()
    months = list(pd.date_range(first, end, freq="MS").date)
    teams = (
        team_channels(con, (pd.Timestamp(end) + pd.offsets.MonthEnd(0)).date()) if teams is None else teams
    )
    return drivers_from_frames(volume, roster, ledger, teams, months, hours_per_fte)


# --- decomposition ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Factors:
    volume: np.ndarray  # [M]
    channel_mix: np.ndarray  # [M, C]
    handle_time: np.ndarray  # [M, C] hours per contact
    efficiency: np.ndarray  # [M, C, T] FTE per workload hour
    employment_mix: np.ndarray  # [M, C, T]
    pay_rate: np.ndarray  # [M, C, T]


def _tensor(drivers: pd.DataFrame, months: list, channels: list, types: list) -> dict[str, np.ndarray]:
    """Driver rows as dense arrays with NaN where a value is not defined."""
    shape = (len(months), len(channels), len(types))
    m_ix = drivers["month"].map({m: i for i, m in enumerate(months)}).to_numpy()
    c_ix = drivers["channel"].map({c: i for i, c in enumerate(channels)}).to_numpy()
    t_ix = drivers["employment_type"].map({t: i for i, t in enumerate(types)}).to_numpy()
    out = {}
    for name in ("contacts", "aht_seconds", "productive_share", "hours_per_fte", "fte", "monthly_rate"):
        values = np.full(shape, np.nan)
        values[m_ix, c_ix, t_ix] = drivers[name].to_numpy(dtype=float)
        out[name] = values
    return out


def _factors(drivers: pd.DataFrame, months: list, channels: list, types: list) -> _Factors:
    raw = _tensor(drivers, months, channels, types)
    contacts = np.nanmax(np.nan_to_num(raw["contacts"], nan=0.0), axis=2)  # one value per channel
    with np.errstate(invalid="ignore", divide="ignore"):
        aht = np.nanmax(np.where(np.isnan(raw["aht_seconds"]), -np.inf, raw["aht_seconds"]), axis=2)
        aht = np.where(np.isfinite(aht) & (contacts > 0), aht / 3600, np.nan)
        volume = contacts.sum(axis=1)
        share = np.where(volume[:, None] > 0, contacts / volume[:, None], np.nan)
        fte = np.nan_to_num(raw["fte"], nan=0.0)
        channel_fte = fte.sum(axis=2, keepdims=True)
        mix = np.where(channel_fte > 0, fte / channel_fte, np.nan)
        capacity = raw["productive_share"] * raw["hours_per_fte"]
        efficiency = np.where((capacity > 0) & (fte > 0), 1 / capacity, np.nan)
    # A channel with contacts but no FTE costs nothing on this side: efficiency 0 there.
    staffed = channel_fte[..., 0] > 0
    efficiency = np.where(~staffed[..., None] & (contacts[..., None] > 0), 0.0, efficiency)
    rate = np.where(fte > 0, raw["monthly_rate"], np.nan)
    return _Factors(volume, share, aht, efficiency, mix, rate)


def _fill(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where one side has no value (it does not affect that side's cost) take the other side's, else 0."""
    a2 = np.where(np.isnan(a), b, a)
    b2 = np.where(np.isnan(b), a, b)
    return np.nan_to_num(a2, nan=0.0), np.nan_to_num(b2, nan=0.0)


def _cost(f: Sequence[np.ndarray]) -> np.ndarray:
    volume, share, aht, efficiency, mix, rate = f
    per_channel = (efficiency * mix * rate).sum(axis=2)
    return volume * (share * aht * per_channel).sum(axis=1)


def decompose(plan: pd.DataFrame, actual: pd.DataFrame) -> pd.DataFrame:
    """Month-by-month labor effects (¥, float) from plan drivers to actual drivers, by sequential substitution
    in the EFFECTS order; per month: plan, actual, and one column per effect (they add up to actual − plan)."""
    months = sorted(set(plan["month"]) | set(actual["month"]))
    channels = sorted(set(plan["channel"]) | set(actual["channel"]))
    types = list(EMPLOYMENT_TYPES) + sorted(
        (set(plan["employment_type"]) | set(actual["employment_type"])) - set(EMPLOYMENT_TYPES)
    )
    p = _factors(plan, months, channels, types)
    a = _factors(actual, months, channels, types)
    pairs = [_fill(getattr(p, name), getattr(a, name)) for name in EFFECTS]
    current = [pv for pv, _ in pairs]
    costs_by_step = [_cost(current)]
    for k, (_, av) in enumerate(pairs):
        current[k] = av
        costs_by_step.append(_cost(current))
    frame = pd.DataFrame({"month": months, "plan": costs_by_step[0], "actual": costs_by_step[-1]})
    for k, name in enumerate(EFFECTS):
        frame[name] = costs_by_step[k + 1] - costs_by_step[k]
    return frame


def _budget_labor_cents(con: duckdb.DuckDBPyConnection, budget_id: int, first: dt.date, last: dt.date) -> int:
    """The budget's labor lines for the months, in cents (budget amounts are DECIMAL: the sum is exact)."""
    row = con.execute(
        """SELECT CAST(coalesce(sum(b.amount), 0) * 100 AS BIGINT)
           FROM budget_lines b JOIN cost_taxonomy t ON t.code = b.taxonomy_code
           WHERE b.budget_id = ? AND b.month BETWEEN ? AND ? AND t.level1 IN (?, ?)""",
        [budget_id, first, last, *LABOR_LEVEL1],
    ).fetchall()
    return int(row[0][0])


def labor_variance(
    con: duckdb.DuckDBPyConnection,
    budget_id: int,
    start: dt.date,
    end: dt.date,
    teams: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Labor variance (actual − budget labor lines) for months start..end, step by step, adding up to the cent.

    Rows in order: budget (the budget's labor lines), plan_basis (drivers' planned labor − lines), the six
    EFFECTS, unattributed (actual labor the drivers cannot carry), actual (the labor ledger). Columns: step,
    kind ('total' or 'effect'), amount (Decimal), text_key (i18n key of the sentence), plan and actual (the
    driver behind the step, see labor_summary), has_drivers. Only months complete in the volume data are
    compared. `teams` (team → channels) defaults to team_channels(con, end).
    """
    first = start.replace(day=1)
    data_end = con.execute("SELECT max(date) FROM contact_volume").fetchall()[0][0]
    last = min(end.replace(day=1), last_complete_month(data_end) if data_end else first)
    plan = planned_drivers(con, budget_id, first, last)
    hours = (
        plan.groupby(["month", "channel"])["hours_per_fte"].first() if len(plan) else DEFAULT_HOURS_PER_FTE
    )
    ledger = _labor_ledger(con, first, last)
    actual, unattributed = _actual_drivers(con, first, last, hours, teams, ledger)
    budget_cents = _budget_labor_cents(con, budget_id, first, last)
    actual_cents = int(_cents(ledger["amount"]).sum())
    has_drivers = len(plan) > 0
    summary = labor_summary(plan, actual)
    if has_drivers:
        effects = decompose(plan, actual)
        planned_cents = int(_cents(effects["plan"]).sum())
        floats = [float(effects[name].sum()) for name in EFFECTS] + [float(unattributed.sum())]
    else:
        planned_cents = budget_cents
        floats = [0.0] * len(EFFECTS) + [(actual_cents - budget_cents) / 100]
    rounded = round_preserving_total(floats, actual_cents - planned_cents)
    steps = ["budget", "plan_basis", *EFFECTS, "unattributed", "actual"]
    amounts = [budget_cents, planned_cents - budget_cents, *rounded, actual_cents]
    frame = pd.DataFrame(
        {
            "step": steps,
            "kind": ["total"] + ["effect"] * (len(steps) - 2) + ["total"],
            "amount": [_money(c) for c in amounts],
            "text_key": [f"variance.labor.{s}" for s in steps],
        }
    )
    frame = frame.merge(summary, on="step", how="left")
    frame["has_drivers"] = has_drivers
    return frame


def labor_summary(plan: pd.DataFrame, actual: pd.DataFrame) -> pd.DataFrame:
    """The driver behind each effect, plan vs actual over the months. Handle time, efficiency and pay rate are
    averaged with the actual's weights on both sides (the actual channel mix, workload and FTE by type), so the
    pair moves only with its own driver: contacts (volume), AHT seconds (handle time), productive share
    (efficiency), full-time share of FTE (employment mix), cost per FTE month (pay rate), and for channel mix
    the contact share of the channel whose share moved most (named). Columns: step, plan, actual, channel."""
    columns = ["step", "plan", "actual", "channel"]
    if plan.empty or actual.empty:
        return pd.DataFrame(columns=columns)
    months = sorted(set(plan["month"]) | set(actual["month"]))
    channels = sorted(set(plan["channel"]) | set(actual["channel"]))
    types = list(EMPLOYMENT_TYPES) + sorted(
        (set(plan["employment_type"]) | set(actual["employment_type"])) - set(EMPLOYMENT_TYPES)
    )
    p, a = _tensor(plan, months, channels, types), _tensor(actual, months, channels, types)

    def per_channel(raw: np.ndarray) -> np.ndarray:  # one value per (month, channel), NaN where none
        with np.errstate(invalid="ignore"):
            return np.where(
                np.isnan(raw).all(axis=2), np.nan, np.nanmax(np.nan_to_num(raw, nan=-np.inf), axis=2)
            )

    def ratio(numerator: float, denominator: float) -> float:
        return float(numerator / denominator) if denominator else np.nan

    p_contacts = np.nan_to_num(per_channel(p["contacts"]))
    a_contacts = np.nan_to_num(per_channel(a["contacts"]))
    a_aht = per_channel(a["aht_seconds"])
    p_aht = np.where(np.isnan(per_channel(p["aht_seconds"])), a_aht, per_channel(p["aht_seconds"]))
    weights = np.where(a_contacts > 0, a_contacts, 0.0)
    workload = weights * np.nan_to_num(a_aht) / 3600
    a_share = per_channel(a["productive_share"])
    p_share = per_channel(p["productive_share"])
    p_share = np.where(np.isnan(p_share), a_share, p_share)
    staffed = (a_share > 0) & np.isfinite(a_share) & (p_share > 0) & (workload > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        capacity_plan = np.where(staffed, workload / p_share, 0.0).sum()
        capacity_actual = np.where(staffed, workload / a_share, 0.0).sum()
    p_fte, a_fte = np.nan_to_num(p["fte"]), np.nan_to_num(a["fte"])
    p_type_fte, a_type_fte = p_fte.sum(axis=1), a_fte.sum(axis=1)  # [M, T]
    with np.errstate(invalid="ignore", divide="ignore"):
        a_rate = (a_fte * np.nan_to_num(a["monthly_rate"])).sum(axis=1) / a_type_fte
        p_rate = (p_fte * np.nan_to_num(p["monthly_rate"])).sum(axis=1) / p_type_fte
    p_rate = np.where(np.isnan(p_rate), a_rate, p_rate)
    paid = a_type_fte > 0
    p_mix = p_contacts.sum(axis=0) / p_contacts.sum() if p_contacts.sum() else np.zeros(len(channels))
    a_mix = a_contacts.sum(axis=0) / a_contacts.sum() if a_contacts.sum() else np.zeros(len(channels))
    moved = int(np.argmax(np.abs(a_mix - p_mix))) if len(channels) else 0
    full = types.index("full_time")
    w_total = float(weights.sum())
    rows = [
        ("volume", float(p_contacts.sum()), float(a_contacts.sum()), None),
        ("channel_mix", float(p_mix[moved]), float(a_mix[moved]), channels[moved] if channels else None),
        (
            "handle_time",
            ratio(np.nansum(weights * p_aht), w_total),
            ratio(np.nansum(weights * a_aht), w_total),
            None,
        ),
        (
            "efficiency",
            ratio(workload[staffed].sum(), capacity_plan),
            ratio(workload[staffed].sum(), capacity_actual),
            None,
        ),
        (
            "employment_mix",
            ratio(p_fte[..., full].sum(), p_fte.sum()),
            ratio(a_fte[..., full].sum(), a_fte.sum()),
            None,
        ),
        (
            "pay_rate",
            ratio(np.where(paid, a_type_fte * p_rate, 0).sum(), a_type_fte.sum()),
            ratio(np.where(paid, a_type_fte * a_rate, 0).sum(), a_type_fte.sum()),
            None,
        ),
    ]
    return pd.DataFrame(rows, columns=columns)
