"""Cost structure (成本结构) under the agreed definition: where the money goes, per contact, hidden, shared.

Every amount starts from `analytics.costs.agreed_costs` (the one 统计口径) and is handled in exact cents:
the ledger's DECIMAL(18,2) values come back from DuckDB as floats, are turned into whole cents once, and every
breakdown or allocation sums back to the ledger total to the cent. Allocations use the largest-remainder method
on cents. Periods are month starts, inclusive at both ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import numpy as np
import pandas as pd

from analytics import cost_model, costs, overview

CENT = Decimal("0.01")

BY_OPTIONS = ("channel", "category", "tier")
"""What cost per contact is split by: contact channel, ticket category, customer tier."""

BASIS_OPTIONS = ("handle_time", "contacts")
"""How spend is allocated to those groups: by their share of handle hours, or of contacts."""

DRIVERS = ("tickets", "handle_time", "headcount")
"""Drivers the user can pick to allocate shared costs to the front-line teams."""

SHARED_COST_CENTERS = ("CS-SUPPORT", "CS-MGMT")
"""Cost centers whose spend has no natural owner team: support functions (team leads, QA, trainers, workforce
planning, IT, telephony, software, training) and management (managers, rent, utilities)."""

PERIOD_KINDS = ("year", "quarter", "month")

HIDDEN_ITEMS = ("attrition", "complaint_handling", "repeat_contacts", "process_inefficiency")
"""Hidden costs computed from the data, in the order of the taxonomy's `hidden.*` leaves."""


# --- periods ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole months from `start` to `end` (both month starts), with a language-neutral label."""

    kind: str
    start: dt.date
    end: dt.date
    label: str


def _month_end(month: dt.date) -> dt.date:
    """The last day of the month starting at `month`."""
    return (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()


def _next_month(month: dt.date) -> dt.date:
    return (pd.Timestamp(month) + pd.DateOffset(months=1)).date()


def last_complete_month(as_of: dt.date) -> dt.date:
    """The start of the last month fully covered by the data: as_of's month if as_of is its last day."""
    month = as_of.replace(day=1)
    return month if as_of == _month_end(month) else (pd.Timestamp(month) - pd.DateOffset(months=1)).date()


def ledger_months(con: duckdb.DuckDBPyConnection) -> list[dt.date]:
    """Months (as month starts) that have any cost entry, oldest first."""
    rows = con.execute("SELECT DISTINCT period FROM cost_entries ORDER BY period").fetchall()
    return [row[0] for row in rows]


def periods(months: Sequence[dt.date], kind: str, as_of: dt.date | None) -> list[Period]:
    """Pickable periods of a kind ('year', 'quarter', 'month'), newest first, over the ledger's months up to the
    last complete month before as_of. A year or quarter still running ends at that month (to date)."""
    if kind not in PERIOD_KINDS:
        raise ValueError(f"kind must be one of {PERIOD_KINDS}")
    limit = last_complete_month(as_of) if as_of else None
    usable = sorted(m for m in months if limit is None or m <= limit)
    groups: dict[str, list[dt.date]] = {}
    for month in usable:
        if kind == "year":
            key = f"{month.year}"
        elif kind == "quarter":
            key = f"{month.year}-Q{(month.month - 1) // 3 + 1}"
        else:
            key = f"{month:%Y-%m}"
        groups.setdefault(key, []).append(month)
    found = [Period(kind, min(ms), max(ms), key) for key, ms in groups.items()]
    return sorted(found, key=lambda p: p.start, reverse=True)


def default_period(con: duckdb.DuckDBPyConnection) -> Period | None:
    """The last complete year to date relative to the data's as-of date; None without cost entries."""
    options = periods(ledger_months(con), "year", overview.data_as_of(con))
    return options[0] if options else None


# --- exact cents ---------------------------------------------------------------------------------------------


def _cents(values: pd.Series) -> np.ndarray:
    """Ledger amounts (DECIMAL(18,2) read as floats) as exact whole cents."""
    return np.round(values.to_numpy(dtype=float) * 100).astype(np.int64)


def _money(cents: int | np.integer) -> Decimal:
    return (Decimal(int(cents)) / 100).quantize(CENT)


def allocate_cents(total_cents: int, weights: Sequence[float]) -> list[int]:
    """Split whole cents in proportion to non-negative weights by largest remainder; the parts sum to the total.

    Ties in the remainders go to the earlier weight. All-zero weights raise ValueError (nothing to split by).
    """
    w = np.asarray(weights, dtype=float)
    if len(w) == 0 or (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise ValueError("allocation needs non-negative weights with a positive sum")
    exact = total_cents * w / w.sum()
    parts = np.floor(exact).astype(np.int64)
    short = int(total_cents - parts.sum())
    order = np.argsort(-(exact - parts), kind="stable")
    parts[order[:short]] += 1
    return [int(p) for p in parts]


def _agreed(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The agreed-definition rows with a `cents` column, plus the taxonomy's sort order."""
    rows = costs.agreed_costs(con, start, end)
    rows["cents"] = _cents(rows["amount"])
    order = con.execute("SELECT code, sort_order FROM cost_taxonomy").df()
    return rows.merge(order, left_on="taxonomy_code", right_on="code", how="left").drop(columns="code")


def ledger_total(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> Decimal:
    """Agreed-definition spend for months start..end, exact to the cent."""
    return _money(_agreed(con, start, end)["cents"].sum())


def _shares(cents: pd.Series) -> pd.Series:
    total = cents.sum()
    return cents / total if total else cents * 0.0


# --- where the money goes -------------------------------------------------------------------------------------


def breakdown(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Agreed spend by taxonomy level 1 and level 2 for months start..end.

    Columns: level1, level2, taxonomy_code, amount (Decimal), share (of the period's total), in taxonomy order.
    """
    rows = _agreed(con, start, end)
    grouped = (
        rows.groupby(["sort_order", "level1", "level2", "taxonomy_code"], as_index=False)["cents"]
        .sum()
        .sort_values("sort_order")
    )
    return pd.DataFrame(
        {
            "level1": grouped["level1"],
            "level2": grouped["level2"],
            "taxonomy_code": grouped["taxonomy_code"],
            "amount": grouped["cents"].map(_money),
            "share": _shares(grouped["cents"]).astype(float),
        }
    ).reset_index(drop=True)


def monthly_shares(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    """How the level-1 shares move month by month: month, level1, amount (Decimal), share (of that month)."""
    rows = _agreed(con, start, end)
    order = rows.groupby("level1")["sort_order"].min()
    grouped = rows.groupby(["period", "level1"], as_index=False)["cents"].sum()
    grouped["share"] = grouped["cents"] / grouped.groupby("period")["cents"].transform("sum")
    grouped["order"] = grouped["level1"].map(order)
    grouped = grouped.sort_values(["period", "order"])
    return pd.DataFrame(
        {
            "month": pd.to_datetime(grouped["period"]).dt.date,
            "level1": grouped["level1"],
            "amount": grouped["cents"].map(_money),
            "share": grouped["share"].astype(float),
        }
    ).reset_index(drop=True)


def structure_table(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The flat cost-structure table (the 'costs' export): month, level1, level2, cost_center, amount (Decimal)."""
    rows = _agreed(con, start, end)
    grouped = rows.groupby(["period", "sort_order", "level1", "level2", "cost_center"], as_index=False)[
        "cents"
    ].sum()
    grouped = grouped.sort_values(["period", "sort_order", "cost_center"])
    return pd.DataFrame(
        {
            "month": pd.to_datetime(grouped["period"]).dt.date,
            "level1": grouped["level1"],
            "level2": grouped["level2"],
            "cost_center": grouped["cost_center"],
            "amount": grouped["cents"].map(_money),
        }
    ).reset_index(drop=True)


# --- cost per contact ----------------------------------------------------------------------------------------

_BASIS_SQL = {
    "channel": """
        SELECT channel AS key, date_trunc('month', date)::DATE AS month, sum(contacts)::BIGINT AS contacts,
               sum(coalesce(handled, contacts) * coalesce(aht_seconds, 0)) / 3600.0 AS handle_hours
        FROM contact_volume WHERE date BETWEEN ? AND ? GROUP BY ALL""",
    "category": """
        SELECT coalesce(category, 'unknown') AS key, date_trunc('month', created_at)::DATE AS month,
               count(*) AS contacts, coalesce(sum(handle_seconds), 0) / 3600.0 AS handle_hours
        FROM tickets WHERE created_at >= ? AND created_at < ? GROUP BY ALL""",
    "tier": """
        SELECT coalesce(customer_tier, 'unknown') AS key, date_trunc('month', created_at)::DATE AS month,
               count(*) AS contacts, coalesce(sum(handle_seconds), 0) / 3600.0 AS handle_hours
        FROM tickets WHERE created_at >= ? AND created_at < ? GROUP BY ALL""",
}


def _basis_rows(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, by: str) -> pd.DataFrame:
    if by not in BY_OPTIONS:
        raise ValueError(f"by must be one of {BY_OPTIONS}")
    if by == "channel":
        bounds = [start, _month_end(end)]
    else:
        bounds = [dt.datetime.combine(start, dt.time()), dt.datetime.combine(_next_month(end), dt.time())]
    frame = con.execute(_BASIS_SQL[by], bounds).df()
    frame["key"] = frame["key"].astype(str)
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    return frame


def basis_months(
    con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, by: str
) -> tuple[dt.date, dt.date] | None:
    """First and last month in start..end that the basis data covers (daily volume for channels, ticket rows
    for categories and tiers); None when it covers none."""
    months = _basis_rows(con, start, end, by)["month"]
    return (min(months), max(months)) if len(months) else None


_BASIS_SOURCE = {
    "channel": ("contact_volume", "date"),
    "category": ("tickets", "created_at"),
    "tier": ("tickets", "created_at"),
}


def held_months(con: duckdb.DuckDBPyConnection, by: str) -> tuple[dt.date, dt.date] | None:
    """First and last month of basis data the database holds in any period (daily volume for channels, ticket
    rows for categories, tiers and the ticket drivers); None when it holds none."""
    if by not in BY_OPTIONS:
        raise ValueError(f"by must be one of {BY_OPTIONS}")
    table, column = _BASIS_SOURCE[by]
    first, last = con.execute(f"SELECT min({column})::DATE, max({column})::DATE FROM {table}").fetchone()
    return None if first is None else (first.replace(day=1), last.replace(day=1))


def cost_per_contact(
    con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, by: str, basis: str
) -> pd.DataFrame:
    """Agreed spend allocated to channels, ticket categories or customer tiers, and divided by their contacts.

    The spend is that of the months start..end that the basis data covers (daily volume for `by="channel"`,
    ticket rows for "category" and "tier"; see `basis_months`), so spend and contacts describe the same months.
    basis="handle_time": each group gets spend × its share of handle hours (channel: handled × AHT; tickets:
    handle seconds); basis="contacts": spend × its share of contacts. Allocation is by largest remainder on
    cents, so `allocated` sums to that spend exactly.

    Columns: key, contacts, handle_hours, basis_share, allocated (Decimal), cost_per_contact (Decimal, or None
    for a group without contacts), largest allocation first.
    """
    if basis not in BASIS_OPTIONS:
        raise ValueError(f"basis must be one of {BASIS_OPTIONS}")
    rows = _basis_rows(con, start, end, by)
    columns = ["key", "contacts", "handle_hours", "basis_share", "allocated", "cost_per_contact"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    spend = _agreed(con, start, end)
    spend = spend[pd.to_datetime(spend["period"]).dt.date.isin(set(rows["month"]))]
    groups = rows.groupby("key", as_index=False)[["contacts", "handle_hours"]].sum()
    weights = groups["handle_hours"] if basis == "handle_time" else groups["contacts"].astype(float)
    if weights.sum() <= 0:
        raise ValueError(f"no {basis} recorded for {by} in the period")
    parts = allocate_cents(int(spend["cents"].sum()), weights.to_list())
    groups["basis_share"] = (weights / weights.sum()).astype(float)
    groups["allocated"] = [_money(p) for p in parts]
    groups["cost_per_contact"] = [
        (amount / int(n)).quantize(CENT, rounding=ROUND_HALF_UP) if n else None
        for amount, n in zip(groups["allocated"], groups["contacts"], strict=True)
    ]
    groups["contacts"] = groups["contacts"].astype(np.int64)
    groups = groups.assign(_cents=parts).sort_values(["_cents", "key"], ascending=[False, True])
    return groups[columns].reset_index(drop=True)


# --- hidden costs --------------------------------------------------------------------------------------------

_RATES = cost_model.CostRates()


@dataclass(frozen=True)
class HiddenCostParams:
    """Assumptions behind the hidden costs; defaults are tier-1-city figures shared with the cost model.

    hourly_cost=None uses the loaded hourly cost of a full-time agent from the database's own pay
    (`cost_model.hourly_wage` of `cost_model.calibrated_rates`).
    """

    recruiting_per_leaver: float = _RATES.recruiting_per_hire
    training_hours_per_hire: float = _RATES.training_hours_per_hire
    ramp_hours_per_hire: float = _RATES.ramp_hours_per_hire
    ramp_productivity: float = _RATES.ramp_productivity
    complaint_hours: float = 0.5
    """Extra hours a complaint takes beyond its first handling: investigation, callback, escalation."""
    rework_hours_per_fte_month: float = 6.0
    """Hours an agent loses a month to rework, double entry and workarounds."""
    hourly_cost: float | None = None
    attrition_types: tuple[str, ...] = ("full_time", "part_time")
    """Employment types whose leavers are attrition (temps whose contract ends are not)."""

    def __post_init__(self) -> None:
        numbers = (
            self.recruiting_per_leaver,
            self.training_hours_per_hire,
            self.ramp_hours_per_hire,
            self.complaint_hours,
            self.rework_hours_per_fte_month,
        )
        if any(v < 0 for v in numbers) or (self.hourly_cost is not None and self.hourly_cost < 0):
            raise ValueError("hidden-cost parameters must be >= 0")
        if not 0 <= self.ramp_productivity <= 1:
            raise ValueError("ramp_productivity must be between 0 and 1")


def loaded_hourly_cost(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> float:
    """Loaded cost of one full-time agent hour at as_of, from the roster's pay (cost_model rates), to the cent."""
    return round(cost_model.hourly_wage(cost_model.calibrated_rates(con, as_of)), 2)


def _employed_fraction(staff: pd.DataFrame, month: dt.date) -> np.ndarray:
    """Share of the month each person was employed (0..1); empty for an empty roster."""
    if staff.empty:  # an empty frame's date columns are not datetimes, so the arithmetic below would fail
        return np.zeros(0)
    first, last = pd.Timestamp(month), pd.Timestamp(_month_end(month))
    hire = pd.to_datetime(staff["hire_date"])
    leave = pd.to_datetime(staff["leave_date"]).fillna(pd.Timestamp("2100-01-01"))
    days = (np.minimum(leave, last) - np.maximum(hire, first)).dt.days.to_numpy() + 1
    return np.clip(days, 0, None) / last.day


def agent_fte_months(
    con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, by_team: bool = False
) -> pd.DataFrame:
    """In-house agent FTE-months in start..end from the roster (days employed / days in month × FTE per head;
    a part-timer is half an FTE). Columns: team (when by_team), fte_months."""
    staff = con.execute(
        "SELECT team, employment_type, hire_date, leave_date FROM staff"
        " WHERE role = 'agent' AND employment_type <> 'outsourced' AND hire_date <= ?"
        " AND (leave_date IS NULL OR leave_date >= ?)",
        [_month_end(end), start],
    ).df()
    per_head = (
        staff["employment_type"]
        .map({kind: rate.fte_per_head for kind, rate in _RATES.pay.items()})
        .fillna(1.0)
    )
    total = np.zeros(len(staff))
    month = start
    while month <= end:
        total += _employed_fraction(staff, month)
        month = _next_month(month)
    staff["fte_months"] = total * per_head.to_numpy()
    if by_team:
        return staff.groupby(staff["team"].fillna("unknown"), as_index=False)["fte_months"].sum()
    return pd.DataFrame({"fte_months": [float(staff["fte_months"].sum())]})


def _fmt(value: float, decimals: int = 2) -> str:
    return f"{value:,.{decimals}f}"


def hidden_costs(
    con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, params: HiddenCostParams | None = None
) -> pd.DataFrame:
    """Hidden costs computed from the data for months start..end, next to what the ledger books for them.

    - attrition = leavers × (recruiting + training hours × hourly cost + ramp hours × (1 − ramp productivity)
      × hourly cost); leavers are roster people of `attrition_types` whose leave date falls in the period;
    - complaint_handling = complaint tickets × complaint hours × hourly cost;
    - repeat_contacts = reopened tickets × their average handle time (h) × hourly cost;
    - process_inefficiency = rework hours per FTE-month × in-house agent FTE-months × hourly cost.

    Columns: item, amount (Decimal, computed), booked (Decimal, agreed spend on the matching hidden.* leaf),
    basis (the formula with its numbers, language-neutral), needs ('roster' or 'tickets' when the data the item is
    computed from holds nothing for the period, so its 0 means "not imported", not "no cost"; else '').
    """
    params = params or HiddenCostParams()
    period_end = _month_end(end)
    as_of = min(period_end, overview.data_as_of(con) or period_end)
    hourly = params.hourly_cost if params.hourly_cost is not None else loaded_hourly_cost(con, as_of)
    placeholders = ", ".join("?" for _ in params.attrition_types) or "NULL"
    leavers = con.execute(
        f"SELECT count(*) FROM staff WHERE leave_date BETWEEN ? AND ? AND employment_type IN ({placeholders})",
        [start, period_end, *params.attrition_types],
    ).fetchone()[0]
    complaints, reopened, reopened_seconds = con.execute(
        "SELECT count(*) FILTER (WHERE complaint), count(*) FILTER (WHERE reopened),"
        " coalesce(sum(handle_seconds) FILTER (WHERE reopened), 0) FROM tickets"
        " WHERE created_at >= ? AND created_at < ?",
        [dt.datetime.combine(start, dt.time()), dt.datetime.combine(_next_month(end), dt.time())],
    ).fetchone()
    fte_months = float(agent_fte_months(con, start, end)["fte_months"].iloc[0])
    has_roster = con.execute("SELECT count(*) FROM staff").fetchone()[0] > 0
    has_tickets = (
        con.execute(
            "SELECT count(*) FROM tickets WHERE created_at >= ? AND created_at < ?",
            [dt.datetime.combine(start, dt.time()), dt.datetime.combine(_next_month(end), dt.time())],
        ).fetchone()[0]
        > 0
    )
    needs = {
        "attrition": "" if has_roster else "roster",
        "complaint_handling": "" if has_tickets else "tickets",
        "repeat_contacts": "" if has_tickets else "tickets",
        "process_inefficiency": "" if has_roster else "roster",
    }

    per_leaver = (
        params.recruiting_per_leaver
        + params.training_hours_per_hire * hourly
        + params.ramp_hours_per_hire * (1 - params.ramp_productivity) * hourly
    )
    avg_handle_hours = reopened_seconds / 3600 / reopened if reopened else 0.0
    h = _fmt(hourly)
    items = {
        "attrition": (
            leavers * per_leaver,
            f"{leavers:,} × ({_fmt(params.recruiting_per_leaver)} + {params.training_hours_per_hire:g} h × {h}"
            f" + {params.ramp_hours_per_hire:g} h × (1 − {params.ramp_productivity:g}) × {h})",
        ),
        "complaint_handling": (
            complaints * params.complaint_hours * hourly,
            f"{complaints:,} × {params.complaint_hours:g} h × {h}",
        ),
        "repeat_contacts": (
            reopened * avg_handle_hours * hourly,
            f"{reopened:,} × {avg_handle_hours:.3f} h × {h}",
        ),
        "process_inefficiency": (
            params.rework_hours_per_fte_month * fte_months * hourly,
            f"{params.rework_hours_per_fte_month:g} h × {_fmt(fte_months, 1)} × {h}",
        ),
    }
    booked = breakdown(con, start, end).set_index("taxonomy_code")["amount"]
    return pd.DataFrame(
        {
            "item": list(items),
            "amount": [Decimal(str(round(value, 2))).quantize(CENT) for value, _ in items.values()],
            "booked": [booked.get(f"hidden.{item}", Decimal("0.00")) for item in items],
            "basis": [basis for _, basis in items.values()],
            "needs": [needs[item] for item in items],
        }
    )


# --- shared costs --------------------------------------------------------------------------------------------

_DRIVER_SQL = {
    "tickets": "count(*)::DOUBLE",
    "handle_time": "coalesce(sum(handle_seconds), 0) / 3600.0",
}


def driver_values(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, driver: str) -> pd.DataFrame:
    """Each front-line team's driver value in start..end: tickets (count), handle_time (hours, from ticket rows)
    or headcount (in-house agent FTE-months from the roster). Columns: team, driver_value."""
    if driver not in DRIVERS:
        raise ValueError(f"driver must be one of {DRIVERS}")
    if driver == "headcount":
        frame = agent_fte_months(con, start, end, by_team=True)
        return frame.rename(columns={"fte_months": "driver_value"})
    return con.execute(
        f"SELECT coalesce(team, 'unknown') AS team, {_DRIVER_SQL[driver]} AS driver_value FROM tickets"
        " WHERE created_at >= ? AND created_at < ? GROUP BY ALL ORDER BY team",
        [dt.datetime.combine(start, dt.time()), dt.datetime.combine(_next_month(end), dt.time())],
    ).df()


def allocate_shared(
    con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, driver: str
) -> pd.DataFrame:
    """Shared costs (agreed spend booked on SHARED_COST_CENTERS) allocated to the front-line teams by a driver.

    Each pool (cost center × level-1 category) is split by the teams' shares of the driver (see
    `driver_values`) by largest remainder on cents, so every pool, and the whole, is preserved to the cent.
    Columns: team, cost_center, level1, driver_value, share, allocated (Decimal). Raises ValueError when the
    driver has no data in the period.
    """
    drivers = driver_values(con, start, end, driver)
    drivers = drivers[drivers["driver_value"] > 0].sort_values("team").reset_index(drop=True)
    if drivers.empty:
        raise ValueError(f"no {driver} data for the period")
    shares = drivers["driver_value"] / drivers["driver_value"].sum()
    rows = _agreed(con, start, end)
    shared = rows[rows["cost_center"].isin(SHARED_COST_CENTERS)]
    pools = shared.groupby(["cost_center", "sort_order", "level1"], as_index=False)["cents"].sum()
    pools = pools.groupby(["cost_center", "level1"], as_index=False).agg(
        cents=("cents", "sum"), order=("sort_order", "min")
    )
    pools = pools.sort_values(["cost_center", "order"])
    out = []
    for pool in pools.itertuples(index=False):
        parts = allocate_cents(int(pool.cents), drivers["driver_value"].to_list())
        out.append(
            pd.DataFrame(
                {
                    "team": drivers["team"],
                    "cost_center": pool.cost_center,
                    "level1": pool.level1,
                    "driver_value": drivers["driver_value"].astype(float),
                    "share": shares.astype(float),
                    "allocated": [_money(p) for p in parts],
                }
            )
        )
    columns = ["team", "cost_center", "level1", "driver_value", "share", "allocated"]
    return pd.concat(out, ignore_index=True)[columns] if out else pd.DataFrame(columns=columns)


def shared_total(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> Decimal:
    """Agreed spend booked on the shared cost centers in start..end, exact to the cent."""
    rows = _agreed(con, start, end)
    return _money(rows.loc[rows["cost_center"].isin(SHARED_COST_CENTERS), "cents"].sum())
