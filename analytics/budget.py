"""Budgets: versions, their lines and labor drivers, line edits, the approval workflow, and the planned amounts
that spend is compared with.

Drafting from the forecast, the staffing plan and the cost model is ``analytics.budget_draft`` (it needs the
forecasting stack; this module stays light enough for the home page). ``COST_CENTER_OF``, ``LABOR_CODES`` and the
drivers' columns are defined here because editing and variance use them too.

Workflow (the seed documents' 审核与批准): draft → internal_review → cross_review → final_review → approved
(locked); any review step can return the budget with a comment (status returned) to the submitter, who edits it
and submits again. ``STEP_ROLE`` says who acts at each step; every step lands in budget_events (who, role, when,
comment) and every line edit in budget_line_edits (with its reason). An approved budget is never edited: a change
makes a new draft version (``new_version``) with the lines and drivers copied and parent_budget_id set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pandas as pd

from analytics import store

CONTINGENCY_CODE = "contingency.reserve"
CONTINGENCY_RANGE = (0.10, 0.15)
"""Allowed contingency rates (the seed documents' 10-15% reserve)."""
COST_CENTERS = ("CS-FRONT", "CS-SUPPORT", "CS-MGMT")
MAX_FORECAST_MONTHS = 18
"""The forecast reaches at most 18 months past the as-of date."""

COST_CENTER_OF: dict[str, str] = {
    **{
        f"direct_labor.{k}": "CS-FRONT"
        for k in ("base_pay", "performance_pay", "overtime", "social_insurance", "temp_parttime_pay")
    },
    "indirect_labor.team_leads": "CS-SUPPORT",
    "indirect_labor.quality_assurance": "CS-SUPPORT",
    "indirect_labor.trainers": "CS-SUPPORT",
    "indirect_labor.workforce_planning": "CS-SUPPORT",
    "indirect_labor.management": "CS-MGMT",
    "training.trainer_time": "CS-SUPPORT",
    "training.external_courses": "CS-SUPPORT",
    "training.ramp_up_loss": "CS-SUPPORT",
    "equipment_facilities.computers": "CS-FRONT",
    "equipment_facilities.headsets": "CS-FRONT",
    "equipment_facilities.furniture": "CS-FRONT",
    "equipment_facilities.office_space": "CS-MGMT",
    "equipment_facilities.utilities": "CS-MGMT",
    **{
        f"software_technology.{k}": "CS-SUPPORT"
        for k in ("helpdesk_seats", "telephony", "servers", "maintenance")
    },
    **{f"outsourcing.{k}": "CS-FRONT" for k in ("bpo_seats", "per_contact_fees", "peak_surcharge")},
    "hidden.attrition": "CS-SUPPORT",
    "hidden.complaint_handling": "CS-FRONT",
    "hidden.repeat_contacts": "CS-FRONT",
    "hidden.process_inefficiency": "CS-FRONT",
    CONTINGENCY_CODE: "CS-MGMT",
}
"""The cost center each modelled taxonomy leaf is budgeted on (as the demo ledger and its 2026 budget book it)."""

LABOR_CODES: tuple[str, ...] = (
    "direct_labor.base_pay",
    "direct_labor.performance_pay",
    "direct_labor.overtime",
    "direct_labor.social_insurance",
    "direct_labor.temp_parttime_pay",
    "outsourcing.bpo_seats",
    "outsourcing.per_contact_fees",
    "outsourcing.peak_surcharge",
)
"""The leaves the budget drivers explain: agents' pay (in-house, part-time, temp) and outsourced seats."""

EMPLOYMENT_TYPES = ("full_time", "part_time", "temp", "outsourced")
DRIVER_COLUMNS = store.BUDGET_DRIVER_COLUMNS
_TYPE_CODES = {
    "full_time": ("direct_labor.base_pay", "direct_labor.performance_pay"),
    "part_time": ("direct_labor.temp_parttime_pay",),
    "temp": ("direct_labor.temp_parttime_pay",),
    "outsourced": ("outsourcing.bpo_seats", "outsourcing.per_contact_fees", "outsourcing.peak_surcharge"),
}
"""Labor leaves that belong to one employment type only (overtime and social insurance are paid to several)."""

STATUSES = ("draft", "internal_review", "cross_review", "final_review", "approved", "returned")
REVIEW_STEPS = ("internal_review", "cross_review", "final_review")
ACTIONS = ("submit", "approve", "return")
ROLES = ("ops_lead", "cs_director", "finance", "cfo")
STEP_ROLE = {
    "draft": "ops_lead",
    "returned": "ops_lead",
    "internal_review": "cs_director",
    "cross_review": "finance",
    "final_review": "cfo",
}
"""Who acts at each status: the ops lead drafts and submits, the customer-service director reviews internally,
finance reviews across departments, the CFO gives the final approval."""
_TRANSITIONS = {
    ("draft", "submit"): "internal_review",
    ("returned", "submit"): "internal_review",
    ("internal_review", "approve"): "cross_review",
    ("cross_review", "approve"): "final_review",
    ("final_review", "approve"): "approved",
    **{(step, "return"): "returned" for step in REVIEW_STEPS},
}
EDITABLE = ("draft", "returned")

_CENT = Decimal("0.01")
Progress = Callable[[int, int, str], None]


class BudgetError(ValueError):
    """A budget request that cannot be carried out: the message says why, ``code`` names the reason for the page
    to translate (actor_required, reason_required, locked, transition, wrong_role, ...)."""

    def __init__(
        self, message: str, code: str = "invalid", role: str | None = None, also: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.code = code
        self.role = role
        """The role that should act, for a step taken by the wrong one."""
        self.also = also
        """Codes of further problems found with it (a missing reason next to a missing name), so the page can
        name them all at once."""


class BudgetLockedError(BudgetError):
    """The budget version cannot be edited: it is approved (locked) or under review."""


class BudgetWorkflowError(BudgetError):
    """An approval step that is not allowed from the budget's status or by that role."""


@dataclass(frozen=True)
class BudgetInfo:
    """One budget version's header."""

    budget_id: int
    year: int
    name: str
    version: int
    status: str
    locked: bool
    parent_budget_id: int | None
    scenario_id: int | None
    contingency_rate: float
    created_by: str | None
    created_at: dt.datetime
    calendar: str | None = None
    """The digest of the year's holiday schedule it was costed with (None: not drafted from a forecast)."""
    forecast_warnings: str | None = None
    """The warnings of the forecast it was drafted on (fitted then, or published), as JSON
    (forecast_warning.warnings_from_json reads it; None: none, or not drafted from a forecast)."""
    snapshot_id: int | None = None
    """The published forecast it was drafted on (None: fitted when drafted, imported, or drafted before)."""
    forecast_data_to: dt.date | None = None
    """The last day of the history its forecast was made on (None: imported, or drafted before schema 13)."""

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE and not self.locked

    @property
    def next_role(self) -> str | None:
        """The role that acts next (None once approved)."""
        return STEP_ROLE.get(self.status)

    @property
    def actions(self) -> tuple[str, ...]:
        """The workflow actions allowed now."""
        return tuple(a for a in ACTIONS if (self.status, a) in _TRANSITIONS)


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def approved_budget_id(con: duckdb.DuckDBPyConnection, year: int) -> int | None:
    """The newest approved budget version for a year, or None when nothing is approved yet."""
    row = con.execute(
        "SELECT budget_id FROM budgets WHERE year = ? AND status = 'approved' ORDER BY version DESC LIMIT 1",
        [year],
    ).fetchone()
    return row[0] if row else None


def budget_by_level1(
    con: duckdb.DuckDBPyConnection, budget_id: int, start: dt.date, end: dt.date
) -> pd.DataFrame:
    """Planned amount per level-1 category for months start..end: level1, amount (summed in SQL, exact to the
    cent; a float in the frame)."""
    return con.execute(
        """SELECT t.level1, sum(b.amount) AS amount
           FROM budget_lines b JOIN cost_taxonomy t ON t.code = b.taxonomy_code
           WHERE b.budget_id = ? AND b.month BETWEEN ? AND ?
           GROUP BY t.level1 ORDER BY t.level1""",
        [budget_id, start, end],
    ).df()


_INFO_COLUMNS = (
    "budget_id, year, name, version, status, locked, parent_budget_id, scenario_id, contingency_rate,"
    " created_by, created_at, calendar, forecast_warnings, snapshot_id, forecast_data_to"
)


def budget_info(con: duckdb.DuckDBPyConnection, budget_id: int) -> BudgetInfo:
    """The header of a budget version; KeyError when there is none."""
    rows = con.execute(f"SELECT {_INFO_COLUMNS} FROM budgets WHERE budget_id = ?", [budget_id]).fetchall()
    if not rows:
        raise KeyError(f"no budget {budget_id}")
    return BudgetInfo(*rows[0])


def _decimals(values: pd.Series) -> list[Decimal | None]:
    """DuckDB hands DECIMAL columns to pandas as floats: back to exact cents (None for NULL)."""
    return [None if v is None or v != v else Decimal(repr(float(v))).quantize(_CENT) for v in values]


def budget_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Years that have at least one budget version, newest first."""
    return [r[0] for r in con.execute("SELECT DISTINCT year FROM budgets ORDER BY year DESC").fetchall()]


def default_contingency_rate(con: duckdb.DuckDBPyConnection) -> float:
    """The configured reserve rate (setting 'contingency_rate'), held within CONTINGENCY_RANGE; 10% when unset."""
    low, high = CONTINGENCY_RANGE
    try:
        rate = float(store.get_setting(con, "contingency_rate", str(low)))
    except ValueError:
        rate = low
    return min(max(rate, low), high)


def versions(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """Every version of a year's budget, newest first: the header columns plus total (Decimal) and lines."""
    frame = con.execute(
        f"""SELECT {", ".join(f"b.{c.strip()}" for c in _INFO_COLUMNS.split(","))},
                   coalesce(sum(l.amount), 0) AS total, count(l.amount) AS lines
            FROM budgets b LEFT JOIN budget_lines l ON l.budget_id = b.budget_id
            WHERE b.year = ? GROUP BY ALL ORDER BY b.version DESC""",
        [year],
    ).df()
    frame["total"] = _decimals(frame["total"])
    return frame


def budget_lines(con: duckdb.DuckDBPyConnection, budget_id: int) -> pd.DataFrame:
    """The lines of a version: month (date), taxonomy_code, level1, level2, cost_center, amount (Decimal), note;
    in month and taxonomy order."""
    frame = con.execute(
        """SELECT b.month, b.taxonomy_code, t.level1, t.level2, b.cost_center, b.amount, b.note
           FROM budget_lines b JOIN cost_taxonomy t ON t.code = b.taxonomy_code
           WHERE b.budget_id = ? ORDER BY b.month, t.sort_order, b.cost_center""",
        [budget_id],
    ).df()
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    frame["amount"] = pd.Series(_decimals(frame["amount"]), index=frame.index, dtype=object)
    return frame


def budget_table(con: duckdb.DuckDBPyConnection, budget_id: int) -> pd.DataFrame:
    """The flat table an export writes: month ('YYYY-MM'), level1, level2, taxonomy_code, cost_center,
    amount (Decimal), note."""
    lines = budget_lines(con, budget_id)
    lines["month"] = pd.to_datetime(lines["month"]).dt.strftime("%Y-%m")
    return lines[["month", "level1", "level2", "taxonomy_code", "cost_center", "amount", "note"]]


def month_by_category(con: duckdb.DuckDBPyConnection, budget_id: int) -> pd.DataFrame:
    """Level-1 category × month pivot of a version (¥, float), categories in taxonomy order, months as
    'YYYY-MM' columns plus 'total'; a 'total' row at the bottom."""
    lines = budget_lines(con, budget_id)
    if lines.empty:
        return pd.DataFrame()
    lines = lines.assign(
        month=pd.to_datetime(lines["month"]).dt.strftime("%Y-%m"), amount=lines["amount"].astype(float)
    )
    table = lines.pivot_table(index="level1", columns="month", values="amount", aggfunc="sum", fill_value=0.0)
    taxonomy_order = con.execute(
        "SELECT level1 FROM cost_taxonomy GROUP BY level1 ORDER BY min(sort_order)"
    ).fetchall()
    order = [level1 for (level1,) in taxonomy_order if level1 in table.index]
    table = table.reindex(order + [c for c in table.index if c not in order])
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum()
    return table.rename_axis(index="level1", columns=None)


def compare_versions(con: duckdb.DuckDBPyConnection, budget_id: int, other_id: int) -> pd.DataFrame:
    """The line items whose year amount differs between two versions, in taxonomy order: taxonomy_code, level1,
    level2, amount (this version), other_amount, change (amount − other_amount; all Decimal, summed in SQL over
    months and cost centers, a line one version lacks counting 0) and months (the 'YYYY-MM' months where the
    item differs). Versions of different years are refused."""
    years = {
        r[0]
        for r in con.execute(
            "SELECT year FROM budgets WHERE budget_id IN (?, ?)", [budget_id, other_id]
        ).fetchall()
    }
    if len(years) != 1:
        raise BudgetError("only versions of the same year can be compared", code="compare_years")
    frame = con.execute(
        """WITH cells AS (
             SELECT coalesce(a.month, b.month) AS month, coalesce(a.taxonomy_code, b.taxonomy_code) AS code,
                    coalesce(a.amount, 0) AS amount, coalesce(b.amount, 0) AS other_amount
             FROM (SELECT * FROM budget_lines WHERE budget_id = ?) a
             FULL OUTER JOIN (SELECT * FROM budget_lines WHERE budget_id = ?) b
               ON a.month = b.month AND a.taxonomy_code = b.taxonomy_code AND a.cost_center = b.cost_center
           )
           SELECT c.code AS taxonomy_code, t.level1, t.level2, sum(c.amount) AS amount,
                  sum(c.other_amount) AS other_amount, sum(c.amount) - sum(c.other_amount) AS change,
                  list(DISTINCT strftime(c.month, '%Y-%m') ORDER BY strftime(c.month, '%Y-%m'))
                    FILTER (WHERE c.amount <> c.other_amount) AS months
           FROM cells c JOIN cost_taxonomy t ON t.code = c.code
           GROUP BY c.code, t.level1, t.level2, t.sort_order
           HAVING bool_or(c.amount <> c.other_amount)
           ORDER BY t.sort_order""",
        [budget_id, other_id],
    ).df()
    for column in ("amount", "other_amount", "change"):
        frame[column] = pd.Series(_decimals(frame[column]), index=frame.index, dtype=object)
    frame["months"] = [list(m) for m in frame["months"]]
    return frame


def drivers(con: duckdb.DuckDBPyConnection, budget_id: int) -> pd.DataFrame:
    """The labor drivers of a version (see the module docstring), plus labor = fte × monthly_rate; month as a
    date."""
    frame = con.execute(
        """SELECT month, channel, employment_type, contacts, aht_seconds, productive_share, hours_per_fte, fte,
                  monthly_rate, fte * monthly_rate AS labor
           FROM budget_drivers WHERE budget_id = ? ORDER BY month, channel, employment_type""",
        [budget_id],
    ).df()
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    return frame


def history(con: duckdb.DuckDBPyConnection, budget_id: int) -> pd.DataFrame:
    """Everything that happened to a version, oldest first: happened_at, action ('create', 'new_version',
    'submit', 'approve', 'return' or 'edit_line'), from_status, to_status, actor, actor_role, comment (the edit's
    reason for line edits), month, taxonomy_code, cost_center, old_amount, new_amount (line edits only)."""
    frame = con.execute(
        """SELECT happened_at, action, from_status, to_status, actor, actor_role, comment, month, taxonomy_code,
                  cost_center, old_amount, new_amount
           FROM (
             SELECT happened_at, action, from_status, to_status, actor, actor_role, comment,
                    NULL::DATE AS month, NULL::VARCHAR AS taxonomy_code, NULL::VARCHAR AS cost_center,
                    NULL::DECIMAL(18, 2) AS old_amount, NULL::DECIMAL(18, 2) AS new_amount, 0 AS kind, rowid AS seq
             FROM budget_events WHERE budget_id = ?
             UNION ALL
             SELECT edited_at, 'edit_line', NULL, NULL, actor, NULL, reason, month, taxonomy_code, cost_center,
                    old_amount, new_amount, 1, rowid
             FROM budget_line_edits WHERE budget_id = ?
           ) ORDER BY happened_at, kind, seq""",
        [budget_id, budget_id],
    ).df()
    for column in ("old_amount", "new_amount"):
        frame[column] = pd.Series(_decimals(frame[column]), index=frame.index, dtype=object)
    frame["month"] = [None if pd.isna(m) else pd.Timestamp(m).date() for m in frame["month"]]
    return frame


def submitter(con: duckdb.DuckDBPyConnection, budget_id: int) -> str | None:
    """Who submitted the version last (a returned budget goes back to them)."""
    rows = con.execute(
        "SELECT actor FROM budget_events WHERE budget_id = ? AND action = 'submit'"
        " ORDER BY happened_at DESC, rowid DESC LIMIT 1",
        [budget_id],
    ).fetchall()
    return rows[0][0] if rows else None


# ---------------------------------------------------------------------------------------------
# Shared by drafting (analytics.budget_draft), editing and versions
# ---------------------------------------------------------------------------------------------


def reserve_amount(plan: Decimal, rate: float) -> Decimal:
    return (plan * Decimal(str(rate))).quantize(_CENT, rounding=ROUND_HALF_UP)


def check_rate(rate: float) -> float:
    low, high = CONTINGENCY_RANGE
    if not low - 1e-9 <= rate <= high + 1e-9:
        raise BudgetError(
            f"the contingency rate must be between {low:.0%} and {high:.0%}, not {rate:.1%}",
            code="rate_range",
        )
    return float(rate)


def require_actor(actor: str) -> str:
    actor = (actor or "").strip()
    if not actor:
        raise BudgetError("say who does this (actor)", code="actor_required")
    return actor


def require_actor_and_reason(actor: str, reason: str, why: str) -> tuple[str, str]:
    """Who changes the budget and why, both stripped; one error naming every missing one (`why` says what the
    reason is for)."""
    actor, reason = (actor or "").strip(), (reason or "").strip()
    if not actor and not reason:
        raise BudgetError(
            f"say who does this (actor); {why}", code="actor_required", also=("reason_required",)
        )
    require_actor(actor)
    if not reason:
        raise BudgetError(why, code="reason_required")
    return actor, reason


def insert_header(
    cur: duckdb.DuckDBPyConnection,
    year: int,
    name: str,
    version: int,
    parent: int | None,
    scenario_id: int | None,
    rate: float,
    actor: str,
    calendar: str | None = None,
    forecast_warnings: str | None = None,
    snapshot_id: int | None = None,
    forecast_data_to: dt.date | None = None,
) -> int:
    """A new draft version's header row; returns its id. `calendar` is the digest of the year's holiday
    schedule its figures were costed with (None when they were not costed from a forecast);
    `forecast_warnings` the JSON of the warnings of that forecast, `snapshot_id` the published forecast it was
    drafted on, `forecast_data_to` the last day of the history that forecast was made on (BudgetInfo)."""
    budget_id = int(cur.execute("SELECT nextval('budget_id_seq')").fetchone()[0])
    cur.execute(
        "INSERT INTO budgets (budget_id, year, name, version, status, locked, parent_budget_id, scenario_id,"
        " contingency_rate, created_by, created_at, calendar, forecast_warnings, snapshot_id, forecast_data_to)"
        " VALUES (?, ?, ?, ?, 'draft', FALSE, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            budget_id,
            year,
            name,
            version,
            parent,
            scenario_id,
            rate,
            actor,
            store._now(),
            calendar,
            forecast_warnings,
            snapshot_id,
            forecast_data_to,
        ],
    )
    return budget_id


# ---------------------------------------------------------------------------------------------
# Editing and versions
# ---------------------------------------------------------------------------------------------


def _status(cur: duckdb.DuckDBPyConnection, budget_id: int) -> tuple[str, bool, float]:
    rows = cur.execute(
        "SELECT status, locked, contingency_rate FROM budgets WHERE budget_id = ?", [budget_id]
    ).fetchall()
    if not rows:
        raise KeyError(f"no budget {budget_id}")
    return rows[0]


def _money(value) -> Decimal:
    amount = Decimal(str(value)).quantize(_CENT, rounding=ROUND_HALF_UP)
    if amount < 0:
        raise BudgetError("a budget amount cannot be negative", code="negative")
    return amount


def edit_line(
    con: duckdb.DuckDBPyConnection,
    budget_id: int,
    month: dt.date,
    taxonomy_code: str,
    cost_center: str,
    new_amount: Decimal | float | int | str,
    reason: str,
    actor: str,
) -> None:
    """Set one line's amount (adding the line if the month, leaf and cost center have none), with a reason.

    Allowed on draft and returned versions only (BudgetLockedError otherwise). The month's contingency reserve
    follows the plan (rate × the other lines, recorded as an edit with the same reason), and an edited labor
    line scales the month's driver rates of the employment types it pays, so the drivers still add up to it.
    """
    actor, reason = require_actor_and_reason(actor, reason, "a line edit needs a reason")
    if taxonomy_code == CONTINGENCY_CODE:
        raise BudgetError(
            "the contingency reserve follows the plan: edit the other lines or draft at another rate",
            code="contingency_edit",
        )
    amount = _money(new_amount)
    month = pd.Timestamp(month).to_period("M").to_timestamp().date()
    with store.write_transaction(con) as cur:
        status, locked, rate = _status(cur, budget_id)
        if locked or status not in EDITABLE:
            raise BudgetLockedError(
                f"budget {budget_id} is {status}{' and locked' if locked else ''}: only a draft or a returned "
                "version can be edited"
                + ("; make a new version to change it" if status == "approved" else ""),
                code="locked",
            )
        year = cur.execute("SELECT year FROM budgets WHERE budget_id = ?", [budget_id]).fetchone()[0]
        if month.year != year:
            raise BudgetError(f"{month:%Y-%m} is outside the {year} budget", code="outside_year")
        if not cur.execute("SELECT count(*) FROM cost_taxonomy WHERE code = ?", [taxonomy_code]).fetchone()[
            0
        ]:
            raise BudgetError(f"unknown cost category {taxonomy_code!r}", code="unknown_category")
        old = _line_amount(cur, budget_id, month, taxonomy_code, cost_center)
        if old is None:
            known = {
                r[0]
                for r in cur.execute(
                    "SELECT DISTINCT cost_center FROM budget_lines WHERE budget_id = ?", [budget_id]
                ).fetchall()
            }
            if cost_center not in known | set(COST_CENTERS):
                raise BudgetError(f"unknown cost center {cost_center!r}", code="unknown_center")
        now = store._now()
        _set_line(cur, budget_id, month, taxonomy_code, cost_center, old, amount, reason, actor, now)
        if taxonomy_code in LABOR_CODES:
            _scale_drivers(cur, budget_id, month, taxonomy_code, amount - (old or Decimal(0)))
        _follow_reserve(cur, budget_id, month, rate, reason, actor, now)
        store.bump_data_version(cur)


def _line_amount(
    cur: duckdb.DuckDBPyConnection, budget_id: int, month: dt.date, code: str, center: str
) -> Decimal | None:
    rows = cur.execute(
        "SELECT amount FROM budget_lines WHERE budget_id = ? AND month = ? AND taxonomy_code = ? AND cost_center = ?",
        [budget_id, month, code, center],
    ).fetchall()
    return rows[0][0] if rows else None


def _set_line(
    cur: duckdb.DuckDBPyConnection,
    budget_id: int,
    month: dt.date,
    code: str,
    center: str,
    old: Decimal | None,
    amount: Decimal,
    reason: str,
    actor: str,
    now: dt.datetime,
) -> None:
    if old is None:
        cur.execute(
            "INSERT INTO budget_lines (budget_id, month, taxonomy_code, cost_center, amount) VALUES (?, ?, ?, ?, ?)",
            [budget_id, month, code, center, amount],
        )
    else:
        cur.execute(
            "UPDATE budget_lines SET amount = ? WHERE budget_id = ? AND month = ? AND taxonomy_code = ?"
            " AND cost_center = ?",
            [amount, budget_id, month, code, center],
        )
    cur.execute(
        "INSERT INTO budget_line_edits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [budget_id, month, code, center, old, amount, reason, actor, now],
    )


def _follow_reserve(
    cur: duckdb.DuckDBPyConnection,
    budget_id: int,
    month: dt.date,
    rate: float,
    reason: str,
    actor: str,
    now: dt.datetime,
) -> None:
    """Reset the month's contingency line to rate × the month's other lines (when the budget has one)."""
    rows = cur.execute(
        "SELECT cost_center, amount FROM budget_lines WHERE budget_id = ? AND month = ? AND taxonomy_code = ?",
        [budget_id, month, CONTINGENCY_CODE],
    ).fetchall()
    if len(rows) != 1:
        return
    center, old = rows[0]
    plan = cur.execute(
        "SELECT coalesce(sum(amount), 0) FROM budget_lines WHERE budget_id = ? AND month = ? AND taxonomy_code <> ?",
        [budget_id, month, CONTINGENCY_CODE],
    ).fetchone()[0]
    reserve = reserve_amount(Decimal(plan), rate)
    if reserve != old:
        _set_line(cur, budget_id, month, CONTINGENCY_CODE, center, old, reserve, reason, actor, now)


def _scale_drivers(
    cur: duckdb.DuckDBPyConnection, budget_id: int, month: dt.date, code: str, delta: Decimal
) -> None:
    """Spread a labor line's change over the month's driver rates of the types that leaf pays (all types when
    the leaf is shared), in proportion to their labor, so Σ fte × rate moves by exactly the change."""
    types = [k for k, codes in _TYPE_CODES.items() if code in codes] or list(EMPLOYMENT_TYPES)
    marks = ", ".join("?" for _ in types)
    where = f"budget_id = ? AND month = ? AND employment_type IN ({marks})"
    labor = cur.execute(
        f"SELECT coalesce(sum(fte * monthly_rate), 0) FROM budget_drivers WHERE {where}",
        [budget_id, month, *types],
    ).fetchone()[0]
    if labor <= 0:
        return
    factor = 1.0 + float(delta) / float(labor)
    cur.execute(
        f"UPDATE budget_drivers SET monthly_rate = monthly_rate * ? WHERE {where}",
        [max(factor, 0.0), budget_id, month, *types],
    )


def new_version(con: duckdb.DuckDBPyConnection, budget_id: int, actor: str, reason: str) -> int:
    """A new draft version of an approved budget, its lines and drivers copied, parent_budget_id set; returns
    its id. The approved version stays as it is (locked)."""
    actor, reason = require_actor_and_reason(actor, reason, "say why the approved budget changes (reason)")
    with store.write_transaction(con) as cur:
        status, _locked, rate = _status(cur, budget_id)
        if status != "approved":
            raise BudgetWorkflowError(
                f"budget {budget_id} is {status}: edit it directly; new versions are made from an approved one",
                code="not_approved",
            )
        year, scenario_id, calendar, warnings, snapshot_id, data_to = cur.execute(
            "SELECT year, scenario_id, calendar, forecast_warnings, snapshot_id, forecast_data_to FROM budgets"
            " WHERE budget_id = ?",
            [budget_id],
        ).fetchone()
        version = cur.execute("SELECT max(version) + 1 FROM budgets WHERE year = ?", [year]).fetchone()[0]
        # the lines are copied: so are the calendar and the forecast they were costed with
        new_id = insert_header(
            cur,
            year,
            f"{year} v{version}",
            version,
            budget_id,
            scenario_id,
            rate,
            actor,
            calendar,
            warnings,
            snapshot_id,
            data_to,
        )
        cur.execute(
            "INSERT INTO budget_lines (budget_id, month, taxonomy_code, cost_center, amount, note)"
            " SELECT ?, month, taxonomy_code, cost_center, amount, note FROM budget_lines WHERE budget_id = ?",
            [new_id, budget_id],
        )
        cur.execute(
            "INSERT INTO budget_drivers SELECT ?, month, channel, employment_type, contacts, aht_seconds,"
            " productive_share, hours_per_fte, fte, monthly_rate FROM budget_drivers WHERE budget_id = ?",
            [new_id, budget_id],
        )
        cur.execute(
            "INSERT INTO budget_events VALUES (?, ?, 'new_version', NULL, 'draft', ?, ?, ?)",
            [new_id, store._now(), actor, STEP_ROLE["draft"], reason],
        )
        store.bump_data_version(cur)
    return new_id


# ---------------------------------------------------------------------------------------------
# Approval
# ---------------------------------------------------------------------------------------------


def advance(
    con: duckdb.DuckDBPyConnection,
    budget_id: int,
    action: str,
    actor: str,
    role: str,
    comment: str | None = None,
) -> str:
    """Take one approval step ('submit', 'approve' or 'return') and record it; returns the new status.

    BudgetWorkflowError when the step is not allowed from the current status or not by that role; a return
    needs a comment. Final approval locks the version.
    """
    actor = require_actor(actor)
    comment = (comment or "").strip() or None
    if action not in ACTIONS:
        raise BudgetWorkflowError(
            f"unknown action {action!r}; one of {', '.join(ACTIONS)}", code="unknown_action"
        )
    if role not in ROLES:
        raise BudgetWorkflowError(f"unknown role {role!r}; one of {', '.join(ROLES)}", code="unknown_role")
    if action == "return" and comment is None:
        raise BudgetWorkflowError(
            "returning a budget needs a comment saying what to change", code="comment_required"
        )
    with store.write_transaction(con) as cur:
        status, locked, _rate = _status(cur, budget_id)
        after = _TRANSITIONS.get((status, action))
        if after is None or locked:
            allowed = [a for a in ACTIONS if (status, a) in _TRANSITIONS]
            raise BudgetWorkflowError(
                f"cannot {action} budget {budget_id} while it is {status}"
                + (f" (allowed: {', '.join(allowed)})" if allowed else " (it is final)"),
                code="transition",
            )
        if role != STEP_ROLE[status]:
            raise BudgetWorkflowError(
                f"at {status} the {STEP_ROLE[status]} acts, not the {role}",
                code="wrong_role",
                role=STEP_ROLE[status],
            )
        if action == "approve" and actor in _round_actors(cur, budget_id):
            raise BudgetWorkflowError(
                f"{actor} already submitted or approved this round: each step needs another person",
                code="same_person",
            )
        cur.execute(
            "UPDATE budgets SET status = ?, locked = ? WHERE budget_id = ?",
            [after, after == "approved", budget_id],
        )
        cur.execute(
            "INSERT INTO budget_events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [budget_id, store._now(), action, status, after, actor, role, comment],
        )
        store.bump_data_version(cur)
    return after


def _round_actors(cur: duckdb.DuckDBPyConnection, budget_id: int) -> set[str]:
    """Who submitted the version for its current round of review, and who has approved it since: the four-eyes
    rule lets none of them approve again."""
    rows = cur.execute(
        """SELECT actor FROM budget_events WHERE budget_id = ? AND action IN ('submit', 'approve')
           AND happened_at >= (SELECT max(happened_at) FROM budget_events WHERE budget_id = ? AND action = 'submit')""",
        [budget_id, budget_id],
    ).fetchall()
    return {actor for (actor,) in rows}


def submit(
    con: duckdb.DuckDBPyConnection,
    budget_id: int,
    actor: str,
    role: str = "ops_lead",
    comment: str | None = None,
) -> str:
    """Submit a draft or returned version for internal review."""
    return advance(con, budget_id, "submit", actor, role, comment)


def approve(
    con: duckdb.DuckDBPyConnection, budget_id: int, actor: str, role: str, comment: str | None = None
) -> str:
    """Approve the current review step (the final one locks the version)."""
    return advance(con, budget_id, "approve", actor, role, comment)


def return_budget(con: duckdb.DuckDBPyConnection, budget_id: int, actor: str, role: str, comment: str) -> str:
    """Return a version under review to its submitter, with a comment saying what to change."""
    return advance(con, budget_id, "return", actor, role, comment)
