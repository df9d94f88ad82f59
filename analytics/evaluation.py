"""The four-dimension scorecard (四维评估): cost, service quality, strategic fit, flexibility.

Each dimension is the weighted mean of named sub-metrics, each scored 0-100 against a target. Targets come from
the `targets` table (metric, channel '*'; per channel for service level) and fall back to `DEFAULT_TARGETS`;
the strategy profile comes from the setting "service_strategy" and its ranges from `STRATEGY_RANGES` (a setting
"eval_strategy_ranges" holding JSON {profile: {metric: [lo, hi]}} overrides single ranges).

Scoring rules (one of three shapes, `_higher_better`, `_lower_better`, `_in_range`):
- higher is better: 100 at or above the target, falling linearly to 0 at target − band;
- lower is better: 100 at or below the target, falling linearly to 0 at target + band;
- a range [lo, hi]: 100 inside, falling linearly to 0 at a distance `falloff` outside.
Quality metrics also look back: score = 70% × target score + 30% × trend score, where the trend score is 100
when the value did not get worse than the prior quarter and falls to 0 when it got worse by `trend_band`.
Savings count only if quality held: when the quality dimension fell more than QUALITY_HOLD_POINTS against the
prior quarter, or CSAT fell more than CSAT_HOLD_POINTS, the budget-adherence and cost-per-contact scores are
capped at SAVINGS_CAP.
Status: green at SCORE_GREEN and above, amber at SCORE_AMBER and above, red below, "missing" without data,
"not_applicable" when the data is there but the quarter gives the metric nothing to measure (no volume shock to
respond to). An unscored sub-metric is left out of its dimension and the other weights are renormalised.

Units: "pct" values are shares (0.83 = 83%); "points" are CSAT points (1-5); "yuan" ¥; "ratio" a plain ratio;
"days" days.
Quarters are labelled "2026Q3". Flexibility looks at the 12 months ending with the quarter (a quarter without a
promotion still answers for the last 618 and Double-11). Ticket metrics need tickets on at least
MIN_TICKET_COVERAGE of the quarter's days (tickets may start mid-quarter); the calculation says how many days
they cover. Nothing is estimated where data is missing: the metric's calculation says why (a "missing.<reason>"
step).

Each sub-metric carries its calculation as data, in no language: `Step`s, each a template name and the numbers (and
codes) filled into it. ui/i18n/evaluation.py holds the templates ("eval.calc.<template>") in Chinese and English
and ui.evaluation_text.calculation_text renders them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial
from typing import Any

import duckdb
import pandas as pd

from analytics import budget, costs, store
from analytics.staffing import PART_TIME_FTE

DIMENSIONS = ("cost", "quality", "strategy", "flexibility")
STRATEGIES = ("cost_leader", "balanced", "premium")
STRATEGY_SETTING = "service_strategy"
DEFAULT_STRATEGY = "balanced"
RANGES_SETTING = "eval_strategy_ranges"

TARGET_SCORE: dict[str, float] = {dimension: 80.0 for dimension in DIMENSIONS}
"""The score each dimension aims at (the target ring of the radar)."""

SCORE_GREEN = 80.0
SCORE_AMBER = 50.0
QUALITY_HOLD_POINTS = 2.0
"""The quality dimension may slip this many score points against the prior quarter and still count as held."""
CSAT_HOLD_POINTS = 0.05
"""CSAT may slip this many points (1-5 scale) against the prior quarter and still count as held."""
SAVINGS_CAP = 30.0
"""The most budget adherence and cost per contact can score in a quarter whose quality fell."""
TREND_WEIGHT = 0.3
"""Share of a quality metric's score that comes from its change against the prior quarter."""
MIN_TICKET_COVERAGE = 0.5
"""Ticket metrics need tickets on at least this share of the quarter's days (tickets may start mid-quarter)."""
ELASTICITY_BASE_DAYS = 28
"""Elasticity compares an event's span with this many days before its pre-sale."""
MIN_SURGE = 0.05
"""An event whose daily volume rose less than this over its base tells nothing about elasticity."""
SHOCK_THRESHOLD = 0.15
"""A month whose contacts are off the budget's planned contacts by more than this is a volume shock."""
NOT_APPLICABLE = frozenset({"no_shock"})
"""Reasons a sub-metric is not scored that are not a data gap: nothing happened for it to measure."""
PEAK_EVENTS = ("618", "double11")
LABOR_CATEGORIES = ("direct_labor", "indirect_labor")
"""The level-1 cost categories that make up the labor share."""

DEFAULT_TARGETS: dict[str, float] = {
    "budget_ratio": 1.0,  # actual / budget at most 1
    "cpc_yoy_change": 0.0,  # cost per contact no higher than the same quarter last year
    "labor_share_shift": 0.0,  # labor share no higher than the same quarter last year (pp)
    "hidden_cost_ratio": 0.025,
    "csat": 4.2,
    "service_level": 0.80,  # used for a channel with no service-level target of its own
    "resolution_rate": 0.90,
    "complaint_rate": 0.01,
    "reopen_rate": 0.06,
    "peak_service_ratio": 0.95,  # service level on promotion days / on normal days
    "elasticity": 0.8,  # % change of staffed agent FTE / % change of contacts
    "flexible_share": 0.15,  # temp + part-time + outsourced agent FTE / all agent FTE
    "peak_forecast_mape": 0.10,
    "budget_revision_days": 30.0,
}
"""Targets used when the `targets` table has no row (metric, '*') for them."""

# Bands: how far past the target a metric falls to score 0 (a rate without a band reaches 0 at twice its target).
BANDS = {
    "budget_ratio": 0.10,
    "cpc_yoy_change": 0.15,
    "labor_share_shift": 0.05,
    "csat": 0.5,
    "service_level": 0.10,
    "resolution_rate": 0.10,
    "peak_service_ratio": 0.25,
    "peak_forecast_mape": 0.20,
    "budget_revision_days": 60.0,
}
TREND_BANDS = {
    "csat": 0.2,
    "service_level": 0.05,
    "resolution_rate": 0.03,
    "complaint_rate": 0.005,
    "reopen_rate": 0.01,
}

STRATEGY_RANGES: dict[str, dict[str, tuple[float, float]]] = {
    "cost_leader": {
        "cost_per_contact": (0.0, 12.0),
        "csat": (3.8, 5.0),
        "digital_share": (0.75, 1.0),
        "training_share": (0.005, 0.02),
    },
    "balanced": {
        "cost_per_contact": (11.0, 16.0),
        "csat": (4.1, 5.0),
        "digital_share": (0.55, 0.80),
        "training_share": (0.01, 0.03),
    },
    "premium": {
        "cost_per_contact": (15.0, 25.0),
        "csat": (4.5, 5.0),
        "digital_share": (0.35, 0.65),
        "training_share": (0.025, 0.06),
    },
}
"""Per strategy, the range each strategic-fit metric should sit in (¥ per contact, CSAT points, shares)."""
STRATEGY_FALLOFF = {"cost_per_contact": 4.0, "csat": 0.5, "digital_share": 0.20, "training_share": 0.02}
"""Distance outside a strategy range at which the strategic-fit score reaches 0."""

WEIGHTS: dict[str, dict[str, float]] = {
    "cost": {
        "cost.budget_adherence": 0.35,
        "cost.cost_per_contact": 0.30,
        "cost.labor_share_shift": 0.15,
        "cost.hidden_cost_ratio": 0.20,
    },
    "quality": {
        "quality.csat": 0.30,
        "quality.service_level": 0.25,
        "quality.resolution_rate": 0.15,
        "quality.complaint_rate": 0.15,
        "quality.reopen_rate": 0.15,
    },
    "strategy": {
        "strategy.cost_per_contact": 0.25,
        "strategy.csat": 0.25,
        "strategy.digital_share": 0.25,
        "strategy.training_share": 0.25,
    },
    "flexibility": {
        "flex.peak_service_level": 0.30,
        "flex.elasticity": 0.25,
        "flex.flexible_capacity": 0.15,
        "flex.peak_forecast_error": 0.15,
        "flex.budget_revision_days": 0.15,
    },
}
"""Sub-metric weights within each dimension (each dimension sums to 1)."""

METRIC_KEYS: tuple[str, ...] = tuple(key for dimension in DIMENSIONS for key in WEIGHTS[dimension])


@dataclass(frozen=True)
class Step:
    """One step of a sub-metric's calculation: a template name and the values filled into it. Values are numbers
    as computed (shares as fractions), codes (a strategy, cost categories, events) or, under "parts", a list of
    Steps (one per event)."""

    template: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SubMetric:
    key: str
    dimension: str
    value: float | None
    unit: str
    target: float | None
    prior: float | None
    score: float | None
    status: str
    calculation: tuple[Step, ...]
    inputs: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Dimension:
    key: str
    score: float | None
    metrics: tuple[SubMetric, ...]


@dataclass(frozen=True)
class Scorecard:
    quarter: str
    start: dt.date
    end: dt.date
    strategy: str
    dimensions: tuple[Dimension, ...]

    def dimension(self, key: str) -> Dimension:
        """The dimension with this key."""
        for dimension in self.dimensions:
            if dimension.key == key:
                return dimension
        raise KeyError(key)

    def scores(self) -> dict[str, float | None]:
        """Score per dimension key."""
        return {dimension.key: dimension.score for dimension in self.dimensions}

    def metric(self, key: str) -> SubMetric:
        """The sub-metric with this key."""
        for dimension in self.dimensions:
            for metric in dimension.metrics:
                if metric.key == key:
                    return metric
        raise KeyError(key)


# --- quarters ----------------------------------------------------------------------------------------------


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter labelled like '2026Q3'."""
    year, number = int(quarter[:4]), int(quarter[-1])
    if quarter[4:5].upper() != "Q" or not 1 <= number <= 4 or len(quarter) != 6:
        raise ValueError(f"not a quarter label: {quarter!r}")
    start = dt.date(year, 3 * number - 2, 1)
    end = (pd.Timestamp(start) + pd.offsets.QuarterEnd(0)).date()
    return start, end


def quarter_of(day: dt.date) -> str:
    """The label of the quarter a day falls in."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def shift_quarter(quarter: str, by: int) -> str:
    """The quarter `by` quarters later (negative: earlier)."""
    start, _ = quarter_bounds(quarter)
    index = start.year * 4 + (start.month - 1) // 3 + by
    return f"{index // 4}Q{index % 4 + 1}"


def volume_span(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date] | None:
    """First and last day with contact volume, or None before any volume is imported."""
    first, last = con.execute("SELECT min(date), max(date) FROM contact_volume").fetchone()
    return None if first is None else (first, last)


def quarters(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Complete quarters with contact volume (first day to last day covered), newest first."""
    span = volume_span(con)
    if span is None:
        return []
    first, last = span
    labels = []
    quarter = quarter_of(first)
    while quarter_bounds(quarter)[0] <= last:
        start, end = quarter_bounds(quarter)
        if start >= first and end <= last:
            labels.append(quarter)
        quarter = shift_quarter(quarter, 1)
    return labels[::-1]


# --- settings ----------------------------------------------------------------------------------------------


def get_strategy(con: duckdb.DuckDBPyConnection) -> str:
    """The declared service strategy (setting "service_strategy"), 'balanced' when unset or unknown."""
    value = store.get_setting(con, STRATEGY_SETTING, DEFAULT_STRATEGY)
    return value if value in STRATEGIES else DEFAULT_STRATEGY


def set_strategy(con: duckdb.DuckDBPyConnection, strategy: str) -> None:
    """Declare the service strategy; bumps the data version."""
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}")
    with store.write_transaction(con) as cur:
        store.set_setting(cur, STRATEGY_SETTING, strategy)
        store.bump_data_version(cur)


def strategy_ranges(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, tuple[float, float]]]:
    """STRATEGY_RANGES with any overrides from the setting "eval_strategy_ranges"."""
    ranges = {profile: dict(metrics) for profile, metrics in STRATEGY_RANGES.items()}
    raw = store.get_setting(con, RANGES_SETTING)
    if raw:
        for profile, metrics in json.loads(raw).items():
            for metric, (lo, hi) in metrics.items():
                if profile in ranges and metric in ranges[profile]:
                    ranges[profile][metric] = (float(lo), float(hi))
    return ranges


def targets(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """DEFAULT_TARGETS overridden by the targets table's rows for channel '*'."""
    rows = con.execute("SELECT metric, value FROM targets WHERE channel = '*'").fetchall()
    return DEFAULT_TARGETS | {metric: float(value) for metric, value in rows if metric in DEFAULT_TARGETS}


# --- decisions ---------------------------------------------------------------------------------------------


def save_decision(
    con: duckdb.DuckDBPyConnection,
    quarter: str,
    decision: str,
    owner: str | None,
    due_date: dt.date | None,
    recorded_by: str | None,
) -> int:
    """Record a decision taken in the quarter's review; returns its id. Bumps the data version."""
    quarter_bounds(quarter)
    text = decision.strip()
    if not text:
        raise ValueError("empty decision")
    with store.write_transaction(con) as cur:
        decision_id = cur.execute("SELECT nextval('decision_id_seq')").fetchone()[0]
        cur.execute(
            "INSERT INTO review_decisions VALUES (?, ?, ?, ?, ?, ?, ?)",
            [decision_id, quarter, text, owner or None, due_date, recorded_by or None, store._now()],
        )
        store.bump_data_version(cur)
    return int(decision_id)


def decisions(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    """Decisions recorded for a quarter, oldest first: decision_id, decision, owner, due_date, recorded_by,
    recorded_at."""
    return con.execute(
        """SELECT decision_id, decision, owner, due_date, recorded_by, recorded_at FROM review_decisions
           WHERE quarter = ? ORDER BY recorded_at, decision_id""",
        [quarter],
    ).df()


# --- scoring shapes ----------------------------------------------------------------------------------------


def _clamp(score: float) -> float:
    return round(max(0.0, min(100.0, score)), 1)


def _higher_better(value: float, target: float, band: float) -> float:
    """100 at or above target, linearly to 0 at target − band."""
    return _clamp(100.0 if value >= target else 100.0 * (1 - (target - value) / band))


def _lower_better(value: float, target: float, band: float) -> float:
    """100 at or below target, linearly to 0 at target + band."""
    return _clamp(100.0 if value <= target else 100.0 * (1 - (value - target) / band))


def _in_range(value: float, lo: float, hi: float, falloff: float) -> float:
    """100 inside [lo, hi], linearly to 0 at `falloff` outside."""
    distance = max(lo - value, value - hi, 0.0)
    return _clamp(100.0 * (1 - distance / falloff))


def status_of(score: float | None) -> str:
    """Traffic light for a score: green / amber / red, or missing (see NOT_APPLICABLE for the other unscored)."""
    if score is None:
        return "missing"
    return "green" if score >= SCORE_GREEN else "amber" if score >= SCORE_AMBER else "red"


def _metric(
    key: str,
    unit: str,
    value: float | None,
    target: float | None,
    prior: float | None,
    score: float | None,
    calculation: list[Step],
    inputs: dict[str, float] | None = None,
) -> SubMetric:
    return SubMetric(
        key=key,
        dimension=_dimension_of(key),
        value=None if value is None else float(value),
        unit=unit,
        target=None if target is None else float(target),
        prior=None if prior is None else float(prior),
        score=score,
        status=status_of(score),
        calculation=tuple(calculation),
        inputs={k: float(v) for k, v in (inputs or {}).items() if v is not None},
    )


def _missing(
    key: str, unit: str, target: float | None, prior: float | None, reason: str, **values: Any
) -> SubMetric:
    """A sub-metric that cannot be scored; `reason` names the template "missing.<reason>" that says why. Its
    status is "not_applicable" for a reason in NOT_APPLICABLE, else "missing"."""
    metric = _metric(key, unit, None, target, prior, None, [Step(f"missing.{reason}", values)])
    return replace(metric, status="not_applicable") if reason in NOT_APPLICABLE else metric


def _dimension_of(key: str) -> str:
    return next(dimension for dimension in DIMENSIONS if key in WEIGHTS[dimension])


def _dimension(key: str, metrics: list[SubMetric]) -> Dimension:
    """Weighted mean of the scored metrics; the weights of missing ones are shared out (renormalised)."""
    scored = [(WEIGHTS[key][m.key], m.score) for m in metrics if m.score is not None]
    total = sum(weight for weight, _ in scored)
    score = round(sum(weight * s for weight, s in scored) / total, 1) if total else None
    return Dimension(key, score, tuple(metrics))


# --- the facts of a quarter --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Facts:
    """Raw measures of one quarter, read once and shared by the metrics."""

    start: dt.date
    end: dt.date
    spend: float
    spend_by_level1: dict[str, float]
    budget: float | None
    contacts: int
    contacts_by_channel: dict[str, int]
    tickets: pd.DataFrame  # month, channel, tickets, csat_responses, csat_sum, resolved, complaints, reopened
    ticket_days: int
    service_levels: pd.DataFrame  # channel, contacts, service_level, target

    @property
    def labor_share(self) -> float | None:
        labor = sum(self.spend_by_level1.get(level1, 0.0) for level1 in LABOR_CATEGORIES)
        return labor / self.spend if self.spend else None

    def share_of(self, level1: str) -> float | None:
        return self.spend_by_level1.get(level1, 0.0) / self.spend if self.spend else None

    @property
    def cost_per_contact(self) -> float | None:
        return self.spend / self.contacts if self.spend and self.contacts else None

    @property
    def digital_share(self) -> float | None:
        digital = sum(n for channel, n in self.contacts_by_channel.items() if channel != "phone")
        return digital / self.contacts if self.contacts else None

    @property
    def tickets_covered(self) -> bool:
        days = (self.end - self.start).days + 1
        return self.ticket_days >= MIN_TICKET_COVERAGE * days

    def ticket_gap(self, responses: bool = False) -> tuple[str, dict[str, Any]]:
        """Why a ticket-based measure is missing: no tickets, tickets on too few days, or (CSAT) no answers."""
        if not self.ticket_days:
            return "no_tickets", {}
        days = (self.end - self.start).days + 1
        if not self.tickets_covered:
            return "few_ticket_days", {"ticket_days": self.ticket_days, "days": days}
        return ("no_csat_responses", {}) if responses else ("no_tickets", {})

    def ticket_rate(self, column: str) -> float | None:
        """Share of tickets with the flag (resolved, complaints, reopened); None without enough tickets."""
        n = self.tickets["tickets"].sum()
        return float(self.tickets[column].sum() / n) if n and self.tickets_covered else None

    @property
    def csat(self) -> float | None:
        n = self.tickets["csat_responses"].sum()
        return float(self.tickets["csat_sum"].sum() / n) if n and self.tickets_covered else None

    @property
    def service_level(self) -> tuple[float, float] | None:
        """Contact-weighted service level and contact-weighted target over the channels that have both."""
        frame = self.service_levels.dropna(subset=["service_level"])
        weight = frame["contacts"].sum()
        if not weight:
            return None
        return (
            float((frame["service_level"] * frame["contacts"]).sum() / weight),
            float((frame["target"] * frame["contacts"]).sum() / weight),
        )


class _Context:
    """One scorecard computation: the connection, targets and a cache of quarter facts."""

    def __init__(self, con: duckdb.DuckDBPyConnection, strategy: str):
        self.con = con
        self.strategy = strategy
        self.targets = targets(con)
        self.ranges = strategy_ranges(con)
        self._facts: dict[str, _Facts] = {}
        self._quality: dict[str, Dimension] = {}
        self._reads: dict[tuple[Callable, str], Any] = {}

    def facts(self, quarter: str) -> _Facts:
        if quarter not in self._facts:
            self._facts[quarter] = _read_facts(self.con, quarter, self.targets)
        return self._facts[quarter]

    def quality(self, quarter: str) -> Dimension:
        if quarter not in self._quality:
            self._quality[quarter] = _quality_dimension(self, quarter)
        return self._quality[quarter]

    def read(self, measure: Callable[[duckdb.DuckDBPyConnection, str], Any], quarter: str) -> Any:
        """measure(con, quarter), read once per computation."""
        if (measure, quarter) not in self._reads:
            self._reads[(measure, quarter)] = measure(self.con, quarter)
        return self._reads[(measure, quarter)]

    def now_and_prior(self, measure: Callable[[duckdb.DuckDBPyConnection, str], Any], quarter: str) -> tuple:
        """measure for the quarter and for the quarter before it."""
        return self.read(measure, quarter), self.read(measure, shift_quarter(quarter, -1))


def _read_facts(con: duckdb.DuckDBPyConnection, quarter: str, target_values: dict[str, float]) -> _Facts:
    start, end = quarter_bounds(quarter)
    by_level1 = costs.spend_by_level1(con, start, end)
    if _ledger_covers_part_of(con, start, end):
        by_level1 = by_level1.iloc[
            0:0
        ]  # part of a quarter's costs is not its spend: its cost metrics go unscored
    spend_by_level1 = {row.level1: float(row.amount) for row in by_level1.itertuples()}
    plan = _budget_total(con, start, end)
    volume = con.execute(
        "SELECT channel, sum(contacts) AS contacts FROM contact_volume WHERE date BETWEEN ? AND ? GROUP BY channel",
        [start, end],
    ).fetchall()
    ticket_days = con.execute(
        "SELECT count(DISTINCT created_at::DATE) FROM tickets WHERE created_at >= ? AND created_at < ?",
        [start, end + dt.timedelta(days=1)],
    ).fetchone()[0]
    return _Facts(
        start=start,
        end=end,
        spend=float(sum(Decimal(str(a)) for a in by_level1["amount"])) if len(by_level1) else 0.0,
        spend_by_level1=spend_by_level1,
        budget=plan,
        contacts=int(sum(n for _, n in volume)),
        contacts_by_channel={channel: int(n) for channel, n in volume},
        tickets=ticket_rows(con, quarter),
        ticket_days=int(ticket_days),
        service_levels=service_level_rows(con, quarter, target_values["service_level"]),
    )


def _ledger_covers_part_of(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> bool:
    """True when the cost ledger begins inside the quarter, or ends inside it while contacts run on: a new
    customer's ledger from November made Q4's cost per contact two months' spend over three months' contacts.
    A ledger booked once a quarter (one month holds it all) still counts as covering its quarter."""
    span = costs.ledger_span(con)
    if span is None:
        return False
    first, last = span
    if first > start and first <= end:
        return True
    after_last = (pd.Timestamp(last) + pd.offsets.MonthBegin(1)).date()
    if not start <= last <= end:
        return False
    contacts_after = con.execute(
        "SELECT count(*) FROM contact_volume WHERE date BETWEEN ? AND ?", [after_last, end]
    ).fetchone()[0]
    return contacts_after > 0


def _budget_total(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> float | None:
    """The approved plan for the quarter's months without the contingency reserve; None without a plan."""
    budget_id = budget.approved_budget_id(con, start.year)
    if budget_id is None:
        return None
    plan = budget.budget_by_level1(con, budget_id, start, end)
    plan = plan[plan["level1"] != "contingency"]
    return float(plan["amount"].sum()) if len(plan) else None


# --- evidence rows (also what the metrics compute from) ----------------------------------------------------


def ticket_rows(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    """Tickets of the quarter per month and channel: month, channel, tickets, csat_responses, csat_sum,
    csat_mean, resolved, complaints, reopened."""
    start, end = quarter_bounds(quarter)
    return con.execute(
        """SELECT date_trunc('month', created_at)::DATE AS month, channel::VARCHAR AS channel,
                  count(*) AS tickets, count(csat) AS csat_responses, coalesce(sum(csat), 0) AS csat_sum,
                  avg(csat) AS csat_mean, count(*) FILTER (WHERE resolved) AS resolved,
                  count(*) FILTER (WHERE complaint) AS complaints, count(*) FILTER (WHERE reopened) AS reopened
           FROM tickets WHERE created_at >= ? AND created_at < ?
           GROUP BY ALL ORDER BY month, channel""",
        [start, end + dt.timedelta(days=1)],
    ).df()


def service_level_rows(con: duckdb.DuckDBPyConnection, quarter: str, default_target: float) -> pd.DataFrame:
    """Per channel with a service-level target: contacts, contact-weighted service level, target."""
    start, end = quarter_bounds(quarter)
    return con.execute(
        """SELECT v.channel, sum(v.contacts) AS contacts,
                  sum(v.service_level * v.contacts) / nullif(sum(v.contacts), 0) AS service_level,
                  coalesce(any_value(t.value), ?) AS target
           FROM contact_volume v JOIN targets t ON t.metric = 'service_level' AND t.channel = v.channel
           WHERE v.date BETWEEN ? AND ? AND v.service_level IS NOT NULL
           GROUP BY v.channel ORDER BY v.channel""",
        [default_target, start, end],
    ).df()


def _in_taxonomy_order(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted by their level-1 category in the taxonomy's order (direct labor first), stably."""
    order = dict(con.execute("SELECT level1, min(sort_order) FROM cost_taxonomy GROUP BY level1").fetchall())
    rank = rows["level1"].map(order).fillna(len(order) + 1_000)
    return (
        rows.assign(_rank=rank)
        .sort_values("_rank", kind="stable")
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


def _budget_rows(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    start, end = quarter_bounds(quarter)
    spend = costs.spend_by_level1(con, start, end).rename(columns={"amount": "actual"})
    budget_id = budget.approved_budget_id(con, start.year)
    plan = (
        budget.budget_by_level1(con, budget_id, start, end)
        if budget_id is not None
        else pd.DataFrame(columns=["level1", "amount"])
    ).rename(columns={"amount": "budget"})
    rows = plan.merge(spend, on="level1", how="outer")
    rows = rows[rows["level1"] != "contingency"]
    rows["budget"] = rows["budget"].astype(float)
    rows["actual"] = rows["actual"].astype(float)
    rows["variance"] = rows["actual"] - rows["budget"]
    return _in_taxonomy_order(con, rows[["level1", "budget", "actual", "variance"]])


def _cpc_rows(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    frames = []
    for label in (shift_quarter(quarter, -4), quarter):
        start, end = quarter_bounds(label)
        spend = costs.monthly_spend(con, start, end).rename(columns={"amount": "spend"})
        volume = con.execute(
            """SELECT date_trunc('month', date)::DATE AS month, sum(contacts) AS contacts FROM contact_volume
               WHERE date BETWEEN ? AND ? GROUP BY 1""",
            [start, end],
        ).df()
        both = volume.merge(spend, on="month", how="outer").assign(quarter=label)
        frames.append(both)
    rows = pd.concat(frames, ignore_index=True)
    rows["spend"] = rows["spend"].astype(float)
    rows["cost_per_contact"] = rows["spend"] / rows["contacts"]
    return rows[["quarter", "month", "spend", "contacts", "cost_per_contact"]].sort_values("month")


def _level1_rows(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    frames = []
    for label in (shift_quarter(quarter, -4), quarter):
        start, end = quarter_bounds(label)
        frame = costs.spend_by_level1(con, start, end).assign(quarter=label)
        frame["amount"] = frame["amount"].astype(float)
        frame["share"] = frame["amount"] / frame["amount"].sum() if len(frame) else []
        frames.append(frame)
    return _in_taxonomy_order(
        con, pd.concat(frames, ignore_index=True)[["quarter", "level1", "amount", "share"]]
    )


def _hidden_rows(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    start, end = quarter_bounds(quarter)
    rows = costs.agreed_costs(con, start, end)
    rows = rows[rows["level1"] == "hidden"].copy()
    rows["amount"] = rows["amount"].astype(float)
    return rows[
        ["period", "taxonomy_code", "source", "source_category", "cost_center", "amount"]
    ].reset_index(drop=True)


def _strategy_values(facts: _Facts) -> dict[str, float | None]:
    """The strategic-fit measures of a quarter: ¥ per contact, CSAT, non-phone share of contacts, training
    share of spend."""
    return {
        "cost_per_contact": facts.cost_per_contact,
        "csat": facts.csat,
        "digital_share": facts.digital_share,
        "training_share": facts.share_of("training"),
    }


def _strategy_rows(con: duckdb.DuckDBPyConnection, quarter: str, metric: str) -> pd.DataFrame:
    """The measured value against every strategy's range for it: strategy, lo, hi, value, score."""
    value = _strategy_values(_read_facts(con, quarter, targets(con)))[metric]
    rows = []
    for profile, metrics in strategy_ranges(con).items():
        lo, hi = metrics[metric]
        score = None if value is None else _in_range(value, lo, hi, STRATEGY_FALLOFF[metric])
        rows.append({"strategy": profile, "lo": lo, "hi": hi, "value": value, "score": score})
    return pd.DataFrame(rows)


def _window(quarter: str) -> tuple[dt.date, dt.date]:
    """The 12 months ending with the quarter: what the flexibility metrics look at."""
    _, end = quarter_bounds(quarter)
    start, _ = quarter_bounds(shift_quarter(quarter, -3))
    return start, end


def _event_phases(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    """618 and Double-11 phases that overlap the 12-month window, clipped to it."""
    start, end = _window(quarter)
    return con.execute(
        """SELECT event_key, year, phase, greatest(start_date, ?) AS start_date, least(end_date, ?) AS end_date
           FROM events WHERE event_key IN (SELECT unnest(?)) AND end_date >= ? AND start_date <= ?
           ORDER BY start_date""",
        [start, end, list(PEAK_EVENTS), start, end],
    ).df()


def peak_service_rows(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    """Service level per day kind in the 12-month window: kind ('promotion' = a 618/Double-11 phase day,
    'normal' = no event of any kind), channel, days, contacts, service_level (contact-weighted), channels
    with a service-level target only."""
    start, end = _window(quarter)
    return con.execute(
        """WITH days AS (
               SELECT v.*, CASE
                   WHEN EXISTS (SELECT 1 FROM events e WHERE e.event_key IN (SELECT unnest(?))
                                AND v.date BETWEEN e.start_date AND e.end_date) THEN 'promotion'
                   WHEN EXISTS (SELECT 1 FROM events e WHERE v.date BETWEEN e.start_date AND e.end_date)
                        THEN 'other_event'
                   ELSE 'normal' END AS kind
               FROM contact_volume v JOIN targets t ON t.metric = 'service_level' AND t.channel = v.channel
               WHERE v.date BETWEEN ? AND ? AND v.service_level IS NOT NULL)
           SELECT kind, channel, count(DISTINCT date) AS days, sum(contacts) AS contacts,
                  sum(service_level * contacts) / nullif(sum(contacts), 0) AS service_level
           FROM days WHERE kind <> 'other_event' GROUP BY ALL ORDER BY kind DESC, channel""",
        [list(PEAK_EVENTS), start, end],
    ).df()


def _daily_capacity(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Per day: contacts and rostered agent FTE (all, and flexible = temp, part-time, outsourced)."""
    return con.execute(
        f"""WITH d AS (SELECT unnest(generate_series(?::DATE, ?::DATE, INTERVAL 1 DAY))::DATE AS day),
           fte AS (
               SELECT d.day,
                      -- a day without agents joins one empty row: it counts 0, not 1
                      coalesce(sum(CASE WHEN s.staff_id IS NULL THEN 0 WHEN s.employment_type = 'part_time'
                                   THEN {PART_TIME_FTE} ELSE 1 END), 0) AS agent_fte,
                      coalesce(sum(CASE WHEN s.staff_id IS NULL OR s.employment_type = 'full_time' THEN 0
                                   WHEN s.employment_type = 'part_time' THEN {PART_TIME_FTE} ELSE 1 END), 0)
                          AS flexible_fte
               FROM d LEFT JOIN staff s ON s.role = 'agent' AND s.hire_date <= d.day
                    AND (s.leave_date IS NULL OR s.leave_date >= d.day)
               GROUP BY d.day),
           vol AS (SELECT date AS day, sum(contacts) AS contacts FROM contact_volume
                   WHERE date BETWEEN ? AND ? GROUP BY date)
           SELECT fte.day, vol.contacts, fte.agent_fte, fte.flexible_fte
           FROM fte LEFT JOIN vol USING (day) ORDER BY fte.day""",
        [start, end, start, end],
    ).df()


def elasticity_rows(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    """Per 618 / Double-11 event in the window: base (the 28 days before pre-sale) and span (pre-sale to the
    end of after-sales) mean daily contacts and agent FTE, their % changes and elasticity = Δ% FTE / Δ% contacts."""
    phases = _event_phases(con, quarter)
    rows = []
    for (key, year), event in phases.groupby(["event_key", "year"], sort=False):
        span_start, span_end = event["start_date"].min(), event["end_date"].max()
        base_start = span_start - dt.timedelta(days=ELASTICITY_BASE_DAYS)
        daily = _daily_capacity(con, base_start, span_end)
        base = daily[daily["day"] < span_start]
        span = daily[daily["day"] >= span_start]
        if base["contacts"].isna().any() or span["contacts"].isna().any() or base.empty or span.empty:
            continue
        volume_change = span["contacts"].mean() / base["contacts"].mean() - 1
        # A day without agents means the roster does not cover the event (none imported, or it starts later):
        # its start would read as a staffing change, so the event is listed without one.
        staffed = bool((daily["agent_fte"] > 0).all())
        fte_change = span["agent_fte"].mean() / base["agent_fte"].mean() - 1 if staffed else None
        rows.append(
            {
                "event_key": key,
                "year": int(year),
                "span_start": span_start,
                "span_end": span_end,
                "base_contacts": float(base["contacts"].mean()),
                "span_contacts": float(span["contacts"].mean()),
                "base_fte": float(base["agent_fte"].mean()),
                "span_fte": float(span["agent_fte"].mean()),
                "volume_change": float(volume_change),
                "fte_change": None if fte_change is None else float(fte_change),
                "elasticity": (
                    float(fte_change / volume_change)
                    if fte_change is not None and volume_change >= MIN_SURGE
                    else None
                ),
            }
        )
    columns = ["event_key", "year", "span_start", "span_end", "base_contacts", "span_contacts", "base_fte"]
    columns += ["span_fte", "volume_change", "fte_change", "elasticity"]
    return pd.DataFrame(rows, columns=columns)


def flexible_capacity_rows(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    """Agent FTE-days in the 12-month window per employment type: employment_type, fte_days, share, flexible
    (temp, part-time and outsourced are flexible)."""
    start, end = _window(quarter)
    rows = con.execute(
        f"""WITH d AS (SELECT unnest(generate_series(?::DATE, ?::DATE, INTERVAL 1 DAY))::DATE AS day)
           SELECT s.employment_type,
                  sum(CASE s.employment_type WHEN 'part_time' THEN {PART_TIME_FTE} ELSE 1 END) AS fte_days
           FROM d JOIN staff s ON s.role = 'agent' AND s.hire_date <= d.day
                AND (s.leave_date IS NULL OR s.leave_date >= d.day)
           GROUP BY ALL ORDER BY 1""",
        [start, end],
    ).df()
    rows["fte_days"] = rows["fte_days"].astype(float)
    rows["share"] = rows["fte_days"] / rows["fte_days"].sum() if len(rows) else []
    rows["flexible"] = rows["employment_type"] != "full_time"
    return rows


def peak_forecast_rows(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    """Per 618 / Double-11 peak-phase day in the window: actual contacts, the forecast and its method.

    The forecast is the one the day was planned on: the newest snapshot in force when the day began (published
    before it and not withdrawn before it; one withdrawn later still scores, as in the forecast page's accuracy
    table, and one reinstated scores every day but those that began while it stood withdrawn) whose history ends
    before the day ('snapshot'), else the seasonal-naive forecast: the same calendar
    date a year earlier ('seasonal_naive'). ape = |actual − forecast| / actual.
    """
    phases = _event_phases(con, quarter)
    peaks = phases[phases["phase"] == "peak"]
    days = [
        day.date()
        for row in peaks.itertuples()
        for day in pd.date_range(row.start_date, row.end_date, freq="D")
    ]
    columns = ["date", "event_key", "actual", "forecast", "method", "ape"]
    if not days:
        return pd.DataFrame(columns=columns)
    rows = con.execute(
        """WITH days AS (SELECT unnest(?)::DATE AS date),
           actual AS (SELECT date, sum(contacts) AS actual FROM contact_volume GROUP BY date),
           snap AS (
               -- a snapshot holds each channel and their 'total' (analytics.forecast.hierarchy): summing every
               -- row counted the day twice; take the total, or the channels' sum when it has no total
               SELECT d.date, coalesce(sum(v.forecast) FILTER (WHERE v.channel = 'total'),
                                       sum(v.forecast) FILTER (WHERE v.channel <> 'total')) AS forecast
               FROM days d JOIN forecast_snapshot_values v ON v.date = d.date
               JOIN forecast_snapshots s ON s.snapshot_id = v.snapshot_id AND s.history_end < d.date
               WHERE s.snapshot_id = (SELECT s2.snapshot_id FROM forecast_snapshots s2
                                      JOIN forecast_snapshot_values v2 ON v2.snapshot_id = s2.snapshot_id
                                      WHERE v2.date = d.date AND s2.history_end < d.date
                                        AND s2.created_at < d.date
                                        AND (s2.withdrawn_at IS NULL OR s2.withdrawn_at >= d.date)
                                        -- a forecast reinstated after a withdrawal by mistake was not in
                                        -- force while it stood withdrawn
                                        AND NOT EXISTS (SELECT 1 FROM forecast_reinstatements r
                                                        WHERE r.snapshot_id = s2.snapshot_id
                                                          AND r.withdrawn_at < d.date
                                                          AND r.reinstated_at >= d.date)
                                      ORDER BY s2.history_end DESC, s2.snapshot_id DESC LIMIT 1)
               GROUP BY d.date)
           SELECT d.date, a.actual, coalesce(s.forecast, ly.actual) AS forecast,
                  CASE WHEN s.forecast IS NOT NULL THEN 'snapshot'
                       WHEN ly.actual IS NOT NULL THEN 'seasonal_naive' END AS method
           FROM days d LEFT JOIN actual a ON a.date = d.date LEFT JOIN snap s ON s.date = d.date
           LEFT JOIN actual ly ON ly.date = d.date - INTERVAL 1 YEAR
           ORDER BY d.date""",
        [days],
    ).df()
    rows["date"] = pd.to_datetime(rows["date"]).dt.date
    key_of = {
        day: row.event_key for row in peaks.itertuples() for day in _dates(row.start_date, row.end_date)
    }
    rows["event_key"] = rows["date"].map(key_of)
    rows["actual"] = rows["actual"].astype(float)
    rows["forecast"] = rows["forecast"].astype(float)
    rows["ape"] = (rows["actual"] - rows["forecast"]).abs() / rows["actual"]
    return rows[columns]


def _dates(start, end) -> list[dt.date]:
    return [day.date() for day in pd.date_range(start, end, freq="D")]


def budget_revision_rows(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    """Months of the 12-month window with planned contacts in the approved budget's drivers: month, planned,
    actual, deviation, shock (|deviation| > SHOCK_THRESHOLD), revised_at (the first later budget version of that
    year created after the month ended), days (from the month's end to the revision)."""
    start, end = _window(quarter)
    rows = con.execute(
        """WITH per_channel AS (
               -- a channel's planned contacts repeat on each employment type's row: count them once
               SELECT d.month, b.year, d.channel, max(d.contacts) AS contacts FROM budget_drivers d
               JOIN budgets b ON b.budget_id = d.budget_id
               WHERE b.budget_id = (SELECT b2.budget_id FROM budgets b2 WHERE b2.year = b.year
                                    AND b2.status = 'approved' ORDER BY b2.version LIMIT 1)
                 AND d.month BETWEEN ? AND ?
               GROUP BY d.month, b.year, d.channel),
           plan AS (SELECT month, year, sum(contacts) AS planned FROM per_channel GROUP BY month, year),
           actual AS (SELECT date_trunc('month', date)::DATE AS month, sum(contacts) AS actual
                      FROM contact_volume WHERE date BETWEEN ? AND ? GROUP BY 1)
           SELECT p.month, p.year, p.planned, a.actual FROM plan p JOIN actual a USING (month) ORDER BY p.month""",
        [start, end, start, end],
    ).df()
    columns = ["month", "planned", "actual", "deviation", "shock", "revised_at", "days"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows["month"] = pd.to_datetime(rows["month"]).dt.date
    rows["deviation"] = rows["actual"] / rows["planned"] - 1
    rows["shock"] = rows["deviation"].abs() > SHOCK_THRESHOLD
    revised, days = [], []
    for row in rows.itertuples():
        month_end = (pd.Timestamp(row.month) + pd.offsets.MonthEnd(0)).date()
        found = None
        if row.shock:
            found = con.execute(
                """SELECT min(created_at) FROM budgets WHERE year = ? AND created_at > ? AND version >
                   (SELECT min(version) FROM budgets WHERE year = ? AND status = 'approved')""",
                [int(row.year), month_end, int(row.year)],
            ).fetchone()[0]
        revised.append(found)
        days.append((found.date() - month_end).days if found is not None else None)
    rows["revised_at"] = revised
    rows["days"] = days
    return rows[columns]


def _service_level_evidence(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    return service_level_rows(con, quarter, targets(con)["service_level"])


_EVIDENCE: dict[str, Callable[[duckdb.DuckDBPyConnection, str], pd.DataFrame]] = {
    "cost.budget_adherence": _budget_rows,
    "cost.cost_per_contact": _cpc_rows,
    "cost.labor_share_shift": _level1_rows,
    "cost.hidden_cost_ratio": _hidden_rows,
    "quality.csat": ticket_rows,
    "quality.resolution_rate": ticket_rows,
    "quality.complaint_rate": ticket_rows,
    "quality.reopen_rate": ticket_rows,
    "quality.service_level": _service_level_evidence,
    "strategy.cost_per_contact": partial(_strategy_rows, metric="cost_per_contact"),
    "strategy.csat": partial(_strategy_rows, metric="csat"),
    "strategy.digital_share": partial(_strategy_rows, metric="digital_share"),
    "strategy.training_share": partial(_strategy_rows, metric="training_share"),
    "flex.peak_service_level": peak_service_rows,
    "flex.elasticity": elasticity_rows,
    "flex.flexible_capacity": flexible_capacity_rows,
    "flex.peak_forecast_error": peak_forecast_rows,
    "flex.budget_revision_days": budget_revision_rows,
}


def evidence(con: duckdb.DuckDBPyConnection, quarter: str, metric_key: str) -> pd.DataFrame:
    """The rows a sub-metric is computed from (its "why")."""
    if metric_key not in _EVIDENCE:
        raise KeyError(metric_key)
    return _EVIDENCE[metric_key](con, quarter).reset_index(drop=True)


# --- cost --------------------------------------------------------------------------------------------------


def _quality_fell(ctx: _Context, quarter: str) -> tuple[bool | None, dict[str, float]]:
    """Did quality fall against the prior quarter? None when the prior quarter cannot be scored."""
    prior = shift_quarter(quarter, -1)
    now_score, prior_score = ctx.quality(quarter).score, ctx.quality(prior).score
    csat_now, csat_prior = ctx.facts(quarter).csat, ctx.facts(prior).csat
    inputs = {"quality_score": now_score, "prior_quality_score": prior_score, "csat": csat_now}
    inputs["prior_csat"] = csat_prior
    checks = []
    if now_score is not None and prior_score is not None:
        checks.append(now_score < prior_score - QUALITY_HOLD_POINTS)
    if csat_now is not None and csat_prior is not None:
        checks.append(csat_now < csat_prior - CSAT_HOLD_POINTS)
    return (any(checks) if checks else None), inputs


def _gate(score: float, fell: bool | None) -> tuple[float, list[Step]]:
    """The score capped at SAVINGS_CAP when quality fell, with the step that says so."""
    if fell:
        return min(score, SAVINGS_CAP), [Step("gate.capped", {"cap": SAVINGS_CAP})]
    return score, []


def _budget_adherence(ctx: _Context, quarter: str, fell: bool | None, gate_inputs: dict) -> SubMetric:
    key, facts = "cost.budget_adherence", ctx.facts(quarter)
    target = ctx.targets["budget_ratio"]
    prior_facts = ctx.facts(shift_quarter(quarter, -1))
    prior = prior_facts.spend / prior_facts.budget if prior_facts.budget else None
    if not facts.budget or not facts.spend:
        return _missing(key, "pct", target, prior, "no_budget_or_spend")
    ratio = facts.spend / facts.budget
    band = BANDS["budget_ratio"]
    score, gate = _gate(_lower_better(ratio, target, band), fell)
    values = {"actual": facts.spend, "budget": facts.budget, "ratio": ratio, "target": target}
    calculation = [Step(key, values | {"zero_at": target + band}), *gate]
    inputs = {"actual": facts.spend, "budget": facts.budget, "quality_fell": float(bool(fell))} | gate_inputs
    return _metric(key, "pct", ratio, target, prior, _clamp(score), calculation, inputs)


def _cost_per_contact(ctx: _Context, quarter: str, fell: bool | None, gate_inputs: dict) -> SubMetric:
    key, facts = "cost.cost_per_contact", ctx.facts(quarter)
    last_year = ctx.facts(shift_quarter(quarter, -4)).cost_per_contact
    prior = ctx.facts(shift_quarter(quarter, -1)).cost_per_contact
    change_target = ctx.targets["cpc_yoy_change"]
    target = None if last_year is None else last_year * (1 + change_target)
    cpc = facts.cost_per_contact
    if cpc is None or last_year is None:
        return _missing(key, "yuan", target, prior, "no_spend_or_contacts")
    change = cpc / last_year - 1
    band = BANDS["cpc_yoy_change"]
    score, gate = _gate(_lower_better(change, change_target, band), fell)
    inputs = {"spend": facts.spend, "contacts": facts.contacts, "cpc_last_year": last_year, "change": change}
    values = inputs | {"cpc": cpc, "target": change_target, "zero_at": change_target + band}
    inputs |= {"quality_fell": float(bool(fell))} | gate_inputs
    return _metric(key, "yuan", cpc, target, prior, _clamp(score), [Step(key, values), *gate], inputs)


def _labor_share_shift(ctx: _Context, quarter: str) -> SubMetric:
    key = "cost.labor_share_shift"
    share = ctx.facts(quarter).labor_share
    last_year = ctx.facts(shift_quarter(quarter, -4)).labor_share
    prior = ctx.facts(shift_quarter(quarter, -1)).labor_share
    if share is None or last_year is None:
        return _missing(key, "pct", last_year, prior, "no_spend_or_last_year")
    shift = share - last_year
    target, band = ctx.targets["labor_share_shift"], BANDS["labor_share_shift"]
    score = _lower_better(shift, target, band)
    inputs = {"labor_share": share, "labor_share_last_year": last_year, "shift": shift}
    values = inputs | {"categories": LABOR_CATEGORIES, "target": target, "zero_at": target + band}
    return _metric(key, "pct", share, last_year + target, prior, score, [Step(key, values)], inputs)


def _hidden_cost_ratio(ctx: _Context, quarter: str) -> SubMetric:
    key, facts = "cost.hidden_cost_ratio", ctx.facts(quarter)
    target = ctx.targets["hidden_cost_ratio"]
    prior = ctx.facts(shift_quarter(quarter, -1)).share_of("hidden")
    ratio = facts.share_of("hidden")
    if ratio is None:
        return _missing(key, "pct", target, prior, "no_spend")
    hidden = facts.spend_by_level1.get("hidden", 0.0)
    score = _lower_better(ratio, target, target)
    inputs = {"hidden": hidden, "total": facts.spend}
    values = inputs | {"categories": ("hidden",), "ratio": ratio, "target": target, "zero_at": 2 * target}
    return _metric(key, "pct", ratio, target, prior, score, [Step(key, values)], inputs)


def _cost_dimension(ctx: _Context, quarter: str) -> Dimension:
    fell, gate_inputs = _quality_fell(ctx, quarter)
    return _dimension(
        "cost",
        [
            _budget_adherence(ctx, quarter, fell, gate_inputs),
            _cost_per_contact(ctx, quarter, fell, gate_inputs),
            _labor_share_shift(ctx, quarter),
            _hidden_cost_ratio(ctx, quarter),
        ],
    )


# --- quality -----------------------------------------------------------------------------------------------


def _quality_metric(
    key: str,
    unit: str,
    value: float | None,
    prior: float | None,
    target: float,
    band: float,
    trend_band: float,
    higher_is_better: bool,
    inputs: dict[str, float],
    quarter_days: int,
    gap: tuple[str, dict[str, Any]],
) -> SubMetric:
    """A quality metric: 70% against its target, 30% against the prior quarter (100 when not worse). Its
    calculation shows the inputs it is computed from and, for ticket metrics, the days with tickets; without a
    value, `gap` (reason, values) says what data is missing."""
    if value is None:
        return _missing(key, unit, target, prior, gap[0], **gap[1])
    shape = _higher_better if higher_is_better else _lower_better
    target_score = shape(value, target, band)
    edge = target - band if higher_is_better else target + band
    calculation = [
        Step(key, inputs | {"days": quarter_days, "value": value}),
        Step(f"quality.target.{unit}", {"target": target, "zero_at": edge, "score": target_score}),
    ]
    if prior is None:
        score = target_score
        calculation.append(Step("quality.no_prior"))
    else:
        trend_score = shape(value, prior, trend_band)
        score = _clamp((1 - TREND_WEIGHT) * target_score + TREND_WEIGHT * trend_score)
        trend = {"prior": prior, "band": trend_band, "trend_score": trend_score}
        weights = {
            "target_weight": 1 - TREND_WEIGHT,
            "target_score": target_score,
            "trend_weight": TREND_WEIGHT,
        }
        calculation.append(Step(f"quality.trend.{unit}", trend | weights | {"score": score}))
    return _metric(key, unit, value, target, prior, score, calculation, inputs)


def _quality_dimension(ctx: _Context, quarter: str) -> Dimension:
    facts, prior = ctx.facts(quarter), ctx.facts(shift_quarter(quarter, -1))
    t = ctx.targets
    n_tickets = float(facts.tickets["tickets"].sum())
    days = (facts.end - facts.start).days + 1
    sl, sl_prior = facts.service_level, prior.service_level
    metrics = [
        _quality_metric(
            "quality.csat",
            "points",
            facts.csat,
            prior.csat,
            t["csat"],
            BANDS["csat"],
            TREND_BANDS["csat"],
            True,
            {
                "responses": float(facts.tickets["csat_responses"].sum()),
                "csat_sum": float(facts.tickets["csat_sum"].sum()),
                "ticket_days": facts.ticket_days,
            },
            days,
            facts.ticket_gap(responses=True),
        ),
        _quality_metric(
            "quality.service_level",
            "pct",
            None if sl is None else sl[0],
            None if sl_prior is None else sl_prior[0],
            t["service_level"] if sl is None else sl[1],
            BANDS["service_level"],
            TREND_BANDS["service_level"],
            True,
            {"contacts": float(facts.service_levels["contacts"].sum())},
            days,
            ("no_service_level", {}),
        ),
    ]
    for key, column, higher in (
        ("resolution_rate", "resolved", True),
        ("complaint_rate", "complaints", False),
        ("reopen_rate", "reopened", False),
    ):
        target = t[key]
        band = BANDS.get(key, target)  # lower-is-better rates reach 0 at twice their target
        metrics.append(
            _quality_metric(
                f"quality.{key}",
                "pct",
                facts.ticket_rate(column),
                prior.ticket_rate(column),
                target,
                band,
                TREND_BANDS[key],
                higher,
                {
                    "tickets": n_tickets,
                    column: float(facts.tickets[column].sum()),
                    "ticket_days": facts.ticket_days,
                },
                days,
                facts.ticket_gap(),
            )
        )
    return _dimension("quality", metrics)


# --- strategic fit -----------------------------------------------------------------------------------------


def _strategy_gap(facts: _Facts, name: str) -> tuple[str, dict[str, Any]]:
    """What a strategic-fit measure lacks: contacts, the quarter's spend, or CSAT from tickets."""
    if name == "csat":
        return facts.ticket_gap(responses=True)
    if name == "digital_share" or not facts.contacts:
        return "no_contacts", {}
    return "no_spend", {}


def _strategy_dimension(ctx: _Context, quarter: str) -> Dimension:
    facts, prior = ctx.facts(quarter), ctx.facts(shift_quarter(quarter, -1))
    ranges = ctx.ranges[ctx.strategy]
    now, before = _strategy_values(facts), _strategy_values(prior)
    units = {"cost_per_contact": "yuan", "csat": "points", "digital_share": "pct", "training_share": "pct"}
    values = {name: (now[name], before[name], unit) for name, unit in units.items()}
    metrics = []
    for name, (value, prior_value, unit) in values.items():
        key = f"strategy.{name}"
        lo, hi = ranges[name]
        falloff = STRATEGY_FALLOFF[name]
        if value is None:
            reason, gap = _strategy_gap(facts, name)
            metrics.append(_missing(key, unit, None, prior_value, reason, **gap))
            continue
        score = _in_range(value, lo, hi, falloff)
        distance = max(lo - value, value - hi, 0.0)
        target = min(max(value, lo), hi)  # the nearest point of the range
        inputs = {"lo": lo, "hi": hi, "distance": distance, "falloff": falloff}
        step = Step(f"strategy.{unit}", inputs | {"strategy": ctx.strategy, "value": value, "score": score})
        metrics.append(_metric(key, unit, value, target, prior_value, score, [step], inputs))
    return _dimension("strategy", metrics)


# --- flexibility -------------------------------------------------------------------------------------------


def _peak_sl(con: duckdb.DuckDBPyConnection, quarter: str) -> tuple[float, float] | None:
    """Contact-weighted service level on 618/Double-11 days and on normal days of the 12-month window."""
    rows = peak_service_rows(con, quarter)
    levels = []
    for kind in ("promotion", "normal"):
        part = rows[rows["kind"] == kind]
        if part.empty or not part["contacts"].sum():
            return None
        levels.append(float((part["service_level"] * part["contacts"]).sum() / part["contacts"].sum()))
    return (levels[0], levels[1]) if levels[1] else None


def _peak_service_level(ctx: _Context, quarter: str) -> SubMetric:
    key = "flex.peak_service_level"
    target = ctx.targets["peak_service_ratio"]
    levels, before = ctx.now_and_prior(_peak_sl, quarter)
    prior = before[0] / before[1] if before else None
    if levels is None:
        return _missing(key, "ratio", target, prior, "no_peak_or_normal_days", events=PEAK_EVENTS)
    promo, normal = levels
    ratio = promo / normal
    band = BANDS["peak_service_ratio"]
    score = _higher_better(ratio, target, band)
    inputs = {"promotion_sl": promo, "normal_sl": normal}
    values = inputs | {"events": PEAK_EVENTS, "ratio": ratio, "target": target, "zero_at": target - band}
    return _metric(key, "ratio", ratio, target, prior, score, [Step(key, values)], inputs)


def _elasticity_events(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    return elasticity_rows(con, quarter).dropna(subset=["elasticity"])


def _elasticity(ctx: _Context, quarter: str) -> SubMetric:
    key = "flex.elasticity"
    target = ctx.targets["elasticity"]
    rows, before = ctx.now_and_prior(_elasticity_events, quarter)
    prior = float(before["elasticity"].mean()) if len(before) else None
    if rows.empty:
        return _missing(key, "ratio", target, prior, "no_surge", events=PEAK_EVENTS)
    value = float(rows["elasticity"].mean())
    score = _higher_better(value, target, target)
    parts = [
        Step(
            "flex.elasticity.event",
            {
                "event": r.event_key,
                "year": r.year,
                "fte_change": r.fte_change,
                "volume_change": r.volume_change,
            },
        )
        for r in rows.itertuples()
    ]
    values = {"base_days": ELASTICITY_BASE_DAYS, "parts": parts, "value": value, "target": target}
    return _metric(
        key, "ratio", value, target, prior, score, [Step(key, values)], {"events": float(len(rows))}
    )


def _flexible_fte_days(con: duckdb.DuckDBPyConnection, quarter: str) -> tuple[float, float] | None:
    """Flexible and all agent FTE-days of the 12-month window; None without agents."""
    rows = flexible_capacity_rows(con, quarter)
    if rows.empty or not rows["fte_days"].sum():
        return None
    return float(rows.loc[rows["flexible"], "fte_days"].sum()), float(rows["fte_days"].sum())


def _flexible_capacity(ctx: _Context, quarter: str) -> SubMetric:
    key = "flex.flexible_capacity"
    target = ctx.targets["flexible_share"]
    days, before = ctx.now_and_prior(_flexible_fte_days, quarter)
    prior = before[0] / before[1] if before else None
    if days is None:
        return _missing(key, "pct", target, prior, "no_agents")
    flexible, total = days
    share = flexible / total
    score = _higher_better(share, target, target)
    inputs = {"flexible_fte_days": flexible, "fte_days": total}
    values = inputs | {"part_time": PART_TIME_FTE, "share": share, "target": target}
    return _metric(key, "pct", share, target, prior, score, [Step(key, values)], inputs)


def _forecast_days(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    return peak_forecast_rows(con, quarter).dropna(subset=["ape"])


def _peak_forecast_error(ctx: _Context, quarter: str) -> SubMetric:
    key = "flex.peak_forecast_error"
    target = ctx.targets["peak_forecast_mape"]
    rows, before = ctx.now_and_prior(_forecast_days, quarter)
    prior = float(before["ape"].mean()) if len(before) else None
    if rows.empty:
        return _missing(key, "pct", target, prior, "no_peak_forecast", events=PEAK_EVENTS)
    mape = float(rows["ape"].mean())
    band = BANDS["peak_forecast_mape"]
    score = _lower_better(mape, target, band)
    snapshot = int((rows["method"] == "snapshot").sum())
    naive = int((rows["method"] == "seasonal_naive").sum())
    inputs = {"days": float(len(rows)), "snapshot_days": snapshot, "seasonal_naive_days": naive}
    values = inputs | {"days": len(rows), "mape": mape, "target": target, "zero_at": target + band}
    return _metric(key, "pct", mape, target, prior, score, [Step(key, values)], inputs)


def _budget_revision_days(ctx: _Context, quarter: str) -> SubMetric:
    key = "flex.budget_revision_days"
    target = ctx.targets["budget_revision_days"]
    rows = budget_revision_rows(ctx.con, quarter)
    if rows.empty:
        return _missing(key, "days", target, None, "no_planned_contacts")
    shocks = rows[rows["shock"]]
    if shocks.empty:
        return _missing(key, "days", target, None, "no_shock", threshold=SHOCK_THRESHOLD)
    revised = shocks.dropna(subset=["days"])
    if revised.empty:
        return _missing(key, "days", target, None, "no_revision")
    days = float(revised["days"].mean())
    band = BANDS["budget_revision_days"]
    score = _lower_better(days, target, band)
    values = {"threshold": SHOCK_THRESHOLD, "days": days, "target": target, "zero_at": target + band}
    return _metric(
        key, "days", days, target, None, score, [Step(key, values)], {"shocks": float(len(shocks))}
    )


def _flexibility_dimension(ctx: _Context, quarter: str) -> Dimension:
    return _dimension(
        "flexibility",
        [
            _peak_service_level(ctx, quarter),
            _elasticity(ctx, quarter),
            _flexible_capacity(ctx, quarter),
            _peak_forecast_error(ctx, quarter),
            _budget_revision_days(ctx, quarter),
        ],
    )


# --- the scorecard -----------------------------------------------------------------------------------------


def scorecard(con: duckdb.DuckDBPyConnection, quarter: str, strategy: str | None = None) -> Scorecard:
    """The four dimensions of a quarter, each with its sub-metrics, for the declared (or given) strategy."""
    return _scorecard(_Context(con, _strategy_or_declared(con, strategy)), quarter)


def trend(
    con: duckdb.DuckDBPyConnection, quarter: str, count: int = 8, strategy: str | None = None
) -> pd.DataFrame:
    """Dimension scores of the `count` quarters ending with `quarter`, oldest first: quarter, cost, quality,
    strategy, flexibility (None where a dimension cannot be scored)."""
    ctx = _Context(con, _strategy_or_declared(con, strategy))  # shared: each quarter's facts are read once
    rows = []
    for offset in range(count - 1, -1, -1):
        label = shift_quarter(quarter, -offset)
        rows.append({"quarter": label} | _scorecard(ctx, label).scores())
    return pd.DataFrame(rows, columns=["quarter", *DIMENSIONS])


def _strategy_or_declared(con: duckdb.DuckDBPyConnection, strategy: str | None) -> str:
    strategy = strategy or get_strategy(con)
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}")
    return strategy


def _scorecard(ctx: _Context, quarter: str) -> Scorecard:
    start, end = quarter_bounds(quarter)
    dimensions = (
        _cost_dimension(ctx, quarter),
        ctx.quality(quarter),
        _strategy_dimension(ctx, quarter),
        _flexibility_dimension(ctx, quarter),
    )
    return Scorecard(quarter, start, end, ctx.strategy, dimensions)


def scorecard_table(card: Scorecard) -> pd.DataFrame:
    """One row per sub-metric: dimension, key, value, unit, target, prior, score, status, and for a strategic-fit
    metric the strategy's range (target_low, target_high; its target is then empty: the range is the target, and
    the point of it nearest the value, which the score is measured from, would read as 'target = actual'); then
    the dimension's score. Its calculation, in words, comes from ui.evaluation_text.calculation_text."""
    rows = [
        {
            "dimension": metric.dimension,
            "key": metric.key,
            "value": metric.value,
            "unit": metric.unit,
            "target": None if "lo" in metric.inputs else metric.target,
            "prior": metric.prior,
            "score": metric.score,
            "status": metric.status,
            "target_low": metric.inputs.get("lo"),
            "target_high": metric.inputs.get("hi"),
            "dimension_score": dimension.score,
        }
        for dimension in card.dimensions
        for metric in dimension.metrics
    ]
    return pd.DataFrame(rows)
