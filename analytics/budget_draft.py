"""Drafting next year's budget from the forecast, the staffing plan and the cost model.

Drafting (``draft_budget``) works the what-if pipeline over the months from the data's as-of date to December of
the budget year (the headcount plan starts from today's roster), then keeps January-December:

- modelled lines: ``cost_model.monthly_cost_lines`` summed over channels, per month × taxonomy leaf, booked to
  the cost center in ``COST_CENTER_OF`` (the demo ledger's and its 2026 budget's own booking: agents' pay,
  outsourcing, seat kit and complaint goodwill on the front line CS-FRONT; team leads, QA, trainers, planners,
  training, software and the cost of replacing leavers on CS-SUPPORT; management, office space, utilities and
  the reserve on CS-MGMT);
- run-rate lines: leaves with agreed spend in the last 12 months that the cost model does not price (IT
  maintenance in the demo) at that spend's monthly average, on the cost centers that booked it (note
  ``run_rate``);
- notes: modelled lines carry none, except those a ledger rarely books as such (``MODEL_ONLY_NOTES``: onboarding,
  trainers' time, attrition, complaint handling), which say how the model priced them;
- the contingency reserve (``CONTINGENCY_CODE`` on CS-MGMT) = rate × the month's plan, rounded half-up to the
  cent (the seed documents' 10-15%).

Cents are allocated by largest remainder within each month, separately for labor and other lines, so each
month's labor lines equal its labor drivers to the cent. Labor (``LABOR_CODES``) is direct labor and
outsourcing: the paid and bought agent hours. ``budget_drivers`` holds, per month × channel × employment type,
the channel's contacts, AHT, productive share (workload hours ÷ paid hours) and hours per FTE, the type's FTE
and its monthly rate (labor ¥ per FTE of that type), so that

    labor = Σ contacts × AHT / 3600 / (productive share × hours per FTE) × type mix × monthly rate

where the type mix is the type's share of the channel's FTE (the formula's first factor is that FTE). Contacts,
AHT, productive share and hours per FTE are the channel's, repeated on each of its type rows. The productive
share (occupancy × (1 − shrinkage) in effect) passes 1 on chat channels, where one agent serves 2-2.5 chats at
once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

import duckdb
import numpy as np
import pandas as pd

from analytics import budget, cost_model, overview, store, whatif
from analytics.forecast_warning import warnings_from_json, warnings_to_json
from analytics.holiday_schedule import load_schedule
from analytics.staffing import STANDARD_MONTHLY_HOURS

MODEL_ONLY_NOTES = {
    "training.ramp_up_loss": "onboarding",
    "training.trainer_time": "onboarding_trainers",
    "hidden.attrition": "attrition",
    "hidden.complaint_handling": "complaints",
}
"""Notes on the modelled lines a ledger rarely books as such (new hires' pay in training and lost output while
they ramp up sit inside agents' pay there; replacing leavers is spread over recruiting fees and pay): the note
says how the model priced them, so a reviewer comparing with last year's ledger sees why they differ."""


def next_budget_year(con: duckdb.DuckDBPyConnection) -> int | None:
    """The year to draft: the one after the data's as-of date (None without volume)."""
    as_of = overview.data_as_of(con)
    return None if as_of is None else as_of.year + 1


def plan_months(as_of: dt.date, year: int) -> int:
    """Months of forecast from the month after ``as_of`` to December of ``year``; budget.BudgetError when the year is
    not wholly after the as-of month or lies beyond the forecast's reach."""
    months = (year - as_of.year) * 12 + 12 - as_of.month
    if months < 12:
        raise budget.BudgetError(
            f"{year} has begun by {as_of}: only a later year can be drafted", code="year_begun"
        )
    if months > budget.MAX_FORECAST_MONTHS:
        raise budget.BudgetError(
            f"{year} lies beyond the forecast's {budget.MAX_FORECAST_MONTHS} months after {as_of}",
            code="year_beyond",
        )
    return months


def year_calendar(con: duckdb.DuckDBPyConnection, year: int) -> str:
    """The digest of the holiday schedule saved now for `year` ('' while the year has none typed in)."""
    return load_schedule(con).digest(frozenset({year}))


def forecast_basis(con: duckdb.DuckDBPyConnection, info: budget.BudgetInfo) -> tuple[str, dict]:
    """What forecast a version's figures rest on, as a code and its parameters: 'snapshot' (the published
    forecast: id, the date its data ran to, who published it; 'snapshot_unsigned' without a name), 'fitted_on'
    (fitted when drafted, on data to a date; 'fitted' drafted before that date was kept) or 'none' (not costed
    from a forecast: imported). A snapshot is deleted only with all the data, budgets included."""
    if info.snapshot_id is not None:
        history_end, who = con.execute(
            "SELECT history_end, published_by FROM forecast_snapshots WHERE snapshot_id = ?",
            [info.snapshot_id],
        ).fetchone()
        if not who:  # published before the page asked who publishes
            return "snapshot_unsigned", {"id": info.snapshot_id, "date": history_end.isoformat()}
        return "snapshot", {"id": info.snapshot_id, "date": history_end.isoformat(), "who": who}
    if info.forecast_data_to is not None:
        return "fitted_on", {"date": info.forecast_data_to.isoformat()}
    return ("fitted", {}) if info.calendar is not None else ("none", {})


def newer_forecast(con: duckdb.DuckDBPyConnection, info: budget.BudgetInfo) -> tuple[int, dt.date] | None:
    """The newest forecast in force published on later data than the forecast the version was drafted on
    (published, or fitted then) that covers the version's year: its id and the date its data ran to; None when
    there is none, or the version was not drafted from a forecast."""
    if info.snapshot_id is None and info.forecast_data_to is None:
        return None
    row = con.execute(
        """SELECT s.snapshot_id, s.history_end FROM forecast_snapshots s
           WHERE s.history_end > coalesce(?::DATE,
                                          (SELECT history_end FROM forecast_snapshots WHERE snapshot_id = ?))
             AND s.withdrawn_at IS NULL
             AND (SELECT max(v.date) FROM forecast_snapshot_values v WHERE v.snapshot_id = s.snapshot_id) >= ?
           ORDER BY s.history_end DESC, s.created_at DESC LIMIT 1""",
        [info.forecast_data_to, info.snapshot_id, dt.date(info.year, 12, 31)],
    ).fetchone()
    return (int(row[0]), row[1]) if row else None


class Withdrawal(NamedTuple):
    """A published forecast withdrawn after a version was drafted on it: its id, when, by whom and why."""

    snapshot_id: int
    withdrawn_at: dt.datetime
    withdrawn_by: str
    reason: str


def withdrawn_basis(con: duckdb.DuckDBPyConnection, info: budget.BudgetInfo) -> Withdrawal | None:
    """The withdrawal of the published forecast the version was drafted on; None when it is in force or the
    version was not drafted on one. The version's months stay costed on it until drafted again."""
    if info.snapshot_id is None:
        return None
    row = con.execute(
        "SELECT withdrawn_at, withdrawn_by, withdrawn_reason FROM forecast_snapshots"
        " WHERE snapshot_id = ? AND withdrawn_at IS NOT NULL",
        [info.snapshot_id],
    ).fetchone()
    return Withdrawal(info.snapshot_id, *row) if row else None


def versions_drafted_on(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> list[budget.BudgetInfo]:
    """Every budget version drafted on a published forecast (or copied from one that was), by year and version."""
    ids = con.execute(
        "SELECT budget_id FROM budgets WHERE snapshot_id = ? ORDER BY year, version", [snapshot_id]
    ).fetchall()
    return [budget.budget_info(con, budget_id) for (budget_id,) in ids]


def calendar_changed(con: duckdb.DuckDBPyConnection, info: budget.BudgetInfo) -> bool:
    """True when a version costed from the forecast was costed with another holiday schedule for its year than
    the one saved now (the official notice typed in, changed or deleted since)."""
    return info.calendar is not None and info.calendar != year_calendar(con, info.year)


def calendar_stale_versions(con: duckdb.DuckDBPyConnection, from_year: int) -> list[budget.BudgetInfo]:
    """The budget versions of `from_year` and later whose year's holiday schedule changed after they were costed."""
    ids = con.execute(
        "SELECT budget_id FROM budgets WHERE year >= ? AND calendar IS NOT NULL ORDER BY year, version",
        [from_year],
    ).fetchall()
    infos = [budget.budget_info(con, budget_id) for (budget_id,) in ids]
    return [info for info in infos if calendar_changed(con, info)]


def _unapproved_on_forecasts(con: duckdb.DuckDBPyConnection, from_year: int) -> list[budget.BudgetInfo]:
    """The budget versions of `from_year` and later not yet approved that were drafted from a forecast
    (published, or fitted then). An approved version keeps the forecast it was approved on: the overview does
    not alert on it."""
    ids = con.execute(
        "SELECT budget_id FROM budgets WHERE year >= ? AND status <> 'approved'"
        " AND (snapshot_id IS NOT NULL OR forecast_data_to IS NOT NULL) ORDER BY year, version",
        [from_year],
    ).fetchall()
    return [budget.budget_info(con, budget_id) for (budget_id,) in ids]


def forecast_stale_versions(
    con: duckdb.DuckDBPyConnection, from_year: int
) -> list[tuple[budget.BudgetInfo, int, dt.date]]:
    """The versions not yet approved whose forecast (published, or fitted when drafted) has been overtaken by
    one published on later data (newer_forecast): each with that forecast's id and data date."""
    stale = []
    for info in _unapproved_on_forecasts(con, from_year):
        if newer := newer_forecast(con, info):
            stale.append((info, *newer))
    return stale


def short_history_versions(
    con: duckdb.DuckDBPyConnection, from_year: int
) -> list[tuple[budget.BudgetInfo, int]]:
    """The versions of `from_year` and later not yet approved whose forecast was fitted on less than a year of
    history (no yearly season: the peaks of the budget year are guesses), each with the shortest channel's days."""
    ids = con.execute(
        "SELECT budget_id FROM budgets WHERE year >= ? AND status <> 'approved' AND forecast_warnings IS NOT NULL"
        " ORDER BY year, version",
        [from_year],
    ).fetchall()
    short = []
    for (budget_id,) in ids:
        info = budget.budget_info(con, budget_id)
        days = [
            w.params["days"]
            for _c, w in warnings_from_json(info.forecast_warnings)
            if w.code == "short_history"
        ]
        if days:
            short.append((info, min(days)))
    return short


def withdrawn_basis_versions(
    con: duckdb.DuckDBPyConnection, from_year: int
) -> list[tuple[budget.BudgetInfo, Withdrawal]]:
    """The versions not yet approved whose published forecast has been withdrawn, each with the withdrawal."""
    infos = _unapproved_on_forecasts(con, from_year)
    return [(info, withdrawal) for info in infos if (withdrawal := withdrawn_basis(con, info))]


def _resolve_scenario(
    con: duckdb.DuckDBPyConnection, model: whatif.WhatIfModel, scenario: whatif.Scenario | int | None
) -> tuple[whatif.Scenario, int | None]:
    if scenario is None:
        return model.default_scenario(), None
    if isinstance(scenario, whatif.Scenario):
        return scenario, None
    return whatif.load_scenario(con, int(scenario)), int(scenario)


def _largest_remainder(amounts: np.ndarray) -> np.ndarray:
    """Whole cents per amount whose sum is the rounded total (largest remainder)."""
    cents = np.asarray(amounts, dtype=float) * 100
    floor = np.floor(cents)
    target = int(round(float(cents.sum())))
    short = target - int(floor.sum())
    order = np.argsort(-(cents - floor), kind="stable")
    floor[order[:short]] += 1
    return floor.astype(np.int64)


def _round_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """month, taxonomy_code, cost_center, amount (float ¥) → the same with Decimal amounts whose month totals
    (labor and other lines apart) are the rounded float totals."""
    lines = lines.sort_values(["month", "taxonomy_code", "cost_center"], ignore_index=True)
    labor = lines["taxonomy_code"].isin(budget.LABOR_CODES)
    cents = np.zeros(len(lines), dtype=np.int64)
    for _, index in lines.groupby([lines["month"], labor]).groups.items():
        cents[index] = _largest_remainder(lines.loc[index, "amount"].to_numpy())
    return lines.assign(amount=[Decimal(int(c)) / 100 for c in cents])


def _run_rate_lines(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, modelled: set[str], months: pd.DatetimeIndex
) -> pd.DataFrame:
    """Leaves the cost model does not price, at their agreed spend's monthly average over the last 12 months,
    rounded to the cent so every month carries the same amount."""
    start = (pd.Timestamp(as_of).to_period("M") - 11).to_timestamp().date()
    spend = con.execute(
        """SELECT m.taxonomy_code, e.cost_center, round(sum(e.amount) / 12, 2)::DOUBLE AS amount
           FROM cost_entries e JOIN cost_category_map m
             ON m.source_system = e.source AND m.source_category = e.source_category
           WHERE m.counted AND e.period BETWEEN ? AND ? GROUP BY ALL ORDER BY ALL""",
        [start, as_of],
    ).df()
    spend = spend[~spend["taxonomy_code"].isin(modelled | {budget.CONTINGENCY_CODE}) & (spend["amount"] > 0)]
    frames = [spend.assign(month=month) for month in months]
    if not frames or spend.empty:
        return pd.DataFrame(columns=["month", "taxonomy_code", "cost_center", "amount", "note"])
    return pd.concat(frames, ignore_index=True).assign(note="run_rate")


def _labor_rates(result: whatif.WhatIfResult, rates: cost_model.CostRates) -> pd.DataFrame:
    """Drivers per month × channel × type: fte and labor ¥ (float), from the plan and the cost lines."""
    per_fte = cost_model.loaded_cost_per_fte(rates)
    per_fte = per_fte[per_fte["code"].isin(budget.LABOR_CODES)].groupby("employment_type")["amount"].sum()
    plan = result.plan
    frames = []
    for kind in cost_model.PAID_TYPES:
        frames.append(
            pd.DataFrame(
                {
                    "month": plan["month"],
                    "channel": plan["channel"],
                    "employment_type": kind,
                    "fte": plan[f"{kind}_fte"],
                    "labor": plan[f"{kind}_fte"] * float(per_fte.get(kind, 0.0)),
                }
            )
        )
    lines = result.lines
    # the indirect staff's social insurance sits on a labor leaf: the full-time rows carry it, by their FTE
    shared = lines[
        (lines["code"] == cost_model.INDIRECT_BENEFITS_CODE) & (lines["channel"] == cost_model.SHARED)
    ]
    full_time = frames[cost_model.PAID_TYPES.index("full_time")]
    month_fte = full_time.groupby("month")["fte"].transform("sum")
    benefits = full_time["month"].map(shared.groupby("month")["amount"].sum()).fillna(0.0)
    full_time["labor"] += np.where(month_fte > 0, benefits * full_time["fte"] / month_fte, 0.0)
    bought = lines[lines["code"].str.startswith("outsourcing.") & (lines["channel"] != cost_model.SHARED)]
    bought = bought.groupby(["month", "channel"])["amount"].sum()
    outsourced = plan.set_index(["month", "channel"])["outsourced_fte"]
    frames.append(
        pd.DataFrame(
            {
                "month": plan["month"],
                "channel": plan["channel"],
                "employment_type": "outsourced",
                "fte": plan["outsourced_fte"].to_numpy(),
                "labor": bought.reindex(outsourced.index).fillna(0.0).to_numpy(),
            }
        )
    )
    return pd.concat(frames, ignore_index=True)


def _driver_rows(
    result: whatif.WhatIfResult, model: whatif.WhatIfModel, rates: cost_model.CostRates
) -> pd.DataFrame:
    """The budget_drivers rows of a drafted plan (rows with FTE only)."""
    typed = _labor_rates(result, rates)
    typed = typed[typed["fte"] > 1e-9].copy()
    plan = result.plan.set_index(["month", "channel"])
    key = pd.MultiIndex.from_frame(typed[["month", "channel"]])
    contacts = plan["contacts"].reindex(key).to_numpy()
    aht = typed["channel"].map(model.inputs.aht).to_numpy() * (1 + result.scenario.aht_change)
    channel_fte = typed.groupby(["month", "channel"])["fte"].transform("sum").to_numpy()
    workload = contacts * aht / 3600.0
    typed["contacts"] = contacts
    typed["aht_seconds"] = aht
    typed["hours_per_fte"] = float(STANDARD_MONTHLY_HOURS)
    typed["productive_share"] = workload / (channel_fte * STANDARD_MONTHLY_HOURS)
    typed["monthly_rate"] = typed["labor"] / typed["fte"]
    return typed[list(budget.DRIVER_COLUMNS)].reset_index(drop=True)


def draft_lines(
    con: duckdb.DuckDBPyConnection,
    result: whatif.WhatIfResult,
    model: whatif.WhatIfModel,
    year: int,
    contingency_rate: float,
    as_of: dt.date,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The lines (month, taxonomy_code, cost_center, amount Decimal, note) and drivers of a worked scenario for
    January-December of ``year``."""
    months = pd.date_range(f"{year}-01-01", f"{year}-12-01", freq="MS")
    lines = result.lines
    lines = lines[pd.to_datetime(lines["month"]).isin(months) & (lines["code"] != budget.CONTINGENCY_CODE)]
    modelled = (
        lines.assign(cost_center=lines["code"].map(budget.COST_CENTER_OF).fillna("CS-MGMT"))
        .groupby(["month", "code", "cost_center"], as_index=False)["amount"]
        .sum()
        .rename(columns={"code": "taxonomy_code"})
    )
    modelled = modelled[modelled["amount"].abs() > 0.0005]
    modelled = modelled.assign(note=modelled["taxonomy_code"].map(MODEL_ONLY_NOTES))
    run_rate = _run_rate_lines(con, as_of, set(result.lines["code"]), months)
    both = pd.concat([modelled, run_rate], ignore_index=True)
    both["month"] = pd.to_datetime(both["month"])
    rounded = _round_lines(both)
    plan = rounded.groupby("month")["amount"].sum()
    reserve = pd.DataFrame(
        {
            "month": plan.index,
            "taxonomy_code": budget.CONTINGENCY_CODE,
            "cost_center": budget.COST_CENTER_OF[budget.CONTINGENCY_CODE],
            "amount": [budget.reserve_amount(p, contingency_rate) for p in plan],
            "note": None,
        }
    )
    out = pd.concat([rounded, reserve], ignore_index=True)
    out["month"] = pd.to_datetime(out["month"]).dt.date
    drivers_frame = _driver_rows(result, model, model.rates_for(result.scenario))
    drivers_frame = drivers_frame[pd.to_datetime(drivers_frame["month"]).isin(months)].copy()
    drivers_frame["month"] = pd.to_datetime(drivers_frame["month"]).dt.date
    return out[["month", "taxonomy_code", "cost_center", "amount", "note"]], drivers_frame


def draft_budget(
    con: duckdb.DuckDBPyConnection,
    year: int,
    *,
    scenario: whatif.Scenario | int | None = None,
    contingency_rate: float = 0.10,
    actor: str,
    progress: budget.Progress | None = None,
    forecast: pd.DataFrame | None = None,
    name: str | None = None,
) -> int:
    """Draft ``year``'s budget from the baseline forecast, the staffing plan and the cost model (the baseline
    scenario, a Scenario, or a saved scenario's id) with a contingency reserve; returns the new draft's id.

    ``forecast`` (date, channel, forecast through December of ``year``) skips finding the baseline; otherwise a
    published snapshot is used or the forecast is fitted (slow: ``progress(done, total, channel)``), and the
    version keeps the warnings of the fit or of the snapshot's fit (BudgetInfo.forecast_warnings).
    """
    actor = budget.require_actor(actor)
    rate = budget.check_rate(contingency_rate)
    as_of = overview.data_as_of(con)
    if as_of is None:
        raise budget.BudgetError(
            "no contact volume yet: import volumes before drafting a budget", code="no_volume"
        )
    months = plan_months(as_of, year)
    warnings, snapshot_id = [], None
    if forecast is None:
        baseline = whatif.plan_baseline(con, as_of, months, progress)
        forecast, warnings, snapshot_id = baseline.daily, baseline.warnings, baseline.snapshot_id
    model = whatif.WhatIfModel(whatif.load_inputs(con, as_of, forecast))
    chosen, scenario_id = _resolve_scenario(con, model, scenario)
    result = model.run(chosen)
    lines, driver_rows = draft_lines(con, result, model, year, rate, as_of)
    if lines.empty:
        raise budget.BudgetError(f"the forecast does not reach {year}", code="no_forecast")
    with store.write_transaction(con) as cur:
        version = cur.execute(
            "SELECT coalesce(max(version), 0) + 1 FROM budgets WHERE year = ?", [year]
        ).fetchone()[0]
        budget_id = budget.insert_header(
            cur,
            year,
            name or f"{year} v{version}",
            version,
            None,
            scenario_id,
            rate,
            actor,
            year_calendar(cur, year),
            warnings_to_json(warnings),
            snapshot_id,
            as_of,
        )
        cur.execute(
            "INSERT INTO budget_events VALUES (?, ?, 'create', NULL, 'draft', ?, ?, NULL)",
            [budget_id, store._now(), actor, budget.STEP_ROLE["draft"]],
        )
        store.insert_frame(cur, "budget_lines", lines.assign(budget_id=budget_id))
        store.insert_frame(cur, "budget_drivers", driver_rows.assign(budget_id=budget_id))
        store.bump_data_version(cur)
    if progress:
        progress(1, 1, "lines")
    return budget_id
