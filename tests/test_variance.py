"""Budget vs actual: totals that reconcile to the cent, drill-down, outlook, alerts, and the labor variance
decomposition (exact on the demo, and effect by effect on a hand-computed two-channel fixture)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from analytics import costs, overview, store, variance

AS_OF = dt.date(2026, 10, 31)
YEAR_START = dt.date(2026, 1, 1)
LAST_CLOSED = dt.date(2026, 10, 1)


def _decimal_sum(values) -> Decimal:
    return sum((Decimal(str(v)) for v in values), Decimal("0")).quantize(Decimal("0.01"))


def _ledger_total(con, start, end, level1=None) -> Decimal:
    rows = costs.agreed_costs(con, start, end)
    if level1 is not None:
        rows = rows[rows["level1"].isin(level1)]
    return _decimal_sum(rows["amount"].round(2))


def _budget_total(con, budget_id, last=None, level1=None) -> Decimal:
    """The budget's lines up to `last`, without the contingency reserve (a buffer, not planned spend)."""
    sql = """SELECT coalesce(sum(b.amount), 0) FROM budget_lines b JOIN cost_taxonomy t ON t.code = b.taxonomy_code
             WHERE budget_id = ? AND month <= ? AND t.level1 <> 'contingency'"""
    params: list = [budget_id, last or dt.date(9999, 1, 1)]
    if level1:
        sql += f" AND t.level1 IN ({', '.join('?' for _ in level1)})"
        params += list(level1)
    return con.execute(sql, params).fetchall()[0][0]


@pytest.fixture()
def demo_budget(demo_con) -> int:
    return demo_con.execute("SELECT budget_id FROM budgets WHERE year = 2026").fetchall()[0][0]


# --- budget vs actual on the demo ----------------------------------------------------------------------------


def test_monthly_totals_equal_the_budget_and_the_ledger_to_the_cent(demo_con, demo_budget):
    monthly = variance.budget_vs_actual(demo_con, demo_budget, AS_OF)
    assert sum(monthly["budget"]) == _budget_total(demo_con, demo_budget)
    closed = monthly[monthly["status"] != "future"]
    assert sum(closed["actual"]) == _ledger_total(demo_con, YEAR_START, LAST_CLOSED)
    assert (closed["variance"] == closed["actual"] - closed["budget"]).all()
    assert all(isinstance(v, Decimal) for v in closed["actual"])


def test_months_after_as_of_are_plan_only(demo_con, demo_budget):
    monthly = variance.budget_vs_actual(demo_con, demo_budget, AS_OF, by=("month",))
    future = monthly[monthly["month"] > LAST_CLOSED]
    assert list(future["month"]) == [dt.date(2026, 11, 1), dt.date(2026, 12, 1)]
    assert (future["status"] == "future").all() and future["actual"].isna().all()
    # A month that is not complete on as_of is not compared either.
    mid_october = variance.budget_vs_actual(demo_con, demo_budget, dt.date(2026, 10, 15), by=("month",))
    assert mid_october.loc[mid_october["month"] == LAST_CLOSED, "status"].item() == "future"


@pytest.mark.parametrize("by", [("level1",), ("level1", "cost_center"), ("level2", "cost_center"), ()])
def test_year_to_date_groupings_reconcile(demo_con, demo_budget, by):
    ytd = variance.budget_vs_actual(demo_con, demo_budget, AS_OF, by=by)
    assert sum(ytd["budget"]) == _budget_total(demo_con, demo_budget, LAST_CLOSED)
    assert sum(ytd["actual"]) == _ledger_total(demo_con, YEAR_START, LAST_CLOSED)
    assert "future" not in set(ytd["status"])


def test_categories_come_in_the_taxonomy_order_as_in_the_budget_pivot(demo_con, demo_budget):
    """Direct labor, indirect labor, training, ... as the Draft tab's pivot and the cost pages list them, not
    the alphabetical order of the codes (which put equipment and hidden costs before indirect labor)."""
    taxonomy = demo_con.execute(
        "SELECT level1, level2, min(sort_order) FROM cost_taxonomy GROUP BY ALL ORDER BY 3"
    ).fetchall()
    level1_order = list(dict.fromkeys(level1 for level1, _l2, _o in taxonomy))
    ytd = variance.budget_vs_actual(demo_con, demo_budget, AS_OF, by=("level1", "cost_center"))
    shown = list(dict.fromkeys(ytd["level1"]))
    assert shown == [c for c in level1_order if c in shown]
    assert shown[:3] == ["direct_labor", "indirect_labor", "training"]
    within = ytd[ytd["level1"] == "indirect_labor"]["cost_center"].tolist()
    assert within == sorted(within)  # cost centers keep their own order inside a category
    detail = variance.budget_vs_actual(demo_con, demo_budget, AS_OF, by=("level1", "level2", "cost_center"))
    level2_order = [level2 for _l1, level2, _o in taxonomy]
    shown2 = list(dict.fromkeys(detail["level2"]))
    assert shown2 == [c for c in level2_order if c in shown2]
    monthly = variance.budget_vs_actual(demo_con, demo_budget, AS_OF, by=("month", "level1"))
    assert list(monthly["month"]) == sorted(monthly["month"])  # months first, then categories


def test_traffic_lights_follow_the_thresholds(demo_con, demo_budget):
    ytd = variance.budget_vs_actual(demo_con, demo_budget, AS_OF, by=("level1",)).set_index("level1")
    limits = variance.thresholds(demo_con)
    assert (limits.green, limits.red) == (0.05, 0.10)
    for level1, row in ytd.iterrows():
        pct = row["variance_pct"]
        expected = "red" if pct > 0.10 else "amber" if pct > 0.05 else "under" if pct < -0.05 else "green"
        assert row["status"] == expected, level1
    assert ytd.loc["outsourcing", "status"] == "amber"  # planned tight, runs 5-10% over


def test_unknown_grouping_and_missing_budget_are_refused(demo_con, demo_budget):
    with pytest.raises(ValueError, match="cannot group"):
        variance.budget_vs_actual(demo_con, demo_budget, AS_OF, by=("vendor",))
    with pytest.raises(ValueError, match="no budget"):
        variance.budget_vs_actual(demo_con, 999, AS_OF)


def test_drill_down_rows_sum_to_the_cell(demo_con, demo_budget):
    cells = variance.budget_vs_actual(demo_con, demo_budget, AS_OF, by=("level1", "cost_center"))
    for _, cell in cells[cells["actual"] != 0].iterrows():
        rows = variance.ledger_rows(
            demo_con, YEAR_START, AS_OF, level1=cell["level1"], cost_center=cell["cost_center"]
        )
        assert sum(rows["amount"]) == cell["actual"], (cell["level1"], cell["cost_center"])
        assert set(rows["level1"]) == {cell["level1"]} and (rows["period"] <= LAST_CLOSED).all()
    monthly = variance.budget_vs_actual(demo_con, demo_budget, AS_OF, by=("month", "taxonomy_code"))
    cell = monthly[
        (monthly["month"] == dt.date(2026, 6, 1)) & (monthly["taxonomy_code"] == "outsourcing.bpo_seats")
    ]
    rows = variance.ledger_rows(
        demo_con, dt.date(2026, 6, 1), dt.date(2026, 6, 30), taxonomy_code="outsourcing.bpo_seats"
    )
    assert sum(rows["amount"]) == cell["actual"].item() > 0


def test_outlook_is_actual_to_date_plus_the_remaining_months(demo_con, demo_budget):
    outlook = variance.full_year_outlook(demo_con, demo_budget, AS_OF).set_index("level1")
    ytd = variance.budget_vs_actual(demo_con, demo_budget, AS_OF, by=("level1",)).set_index("level1")
    assert (outlook["outlook"] == outlook["ytd"] + outlook["forecast"]).all()
    assert (outlook["ytd"] == ytd["actual"].reindex(outlook.index)).all()
    assert sum(outlook["budget"]) == _budget_total(demo_con, demo_budget)
    # Remaining months = their budget × the year-to-date run-rate, per category (to a cent per month).
    remaining = variance.budget_vs_actual(demo_con, demo_budget, AS_OF, by=("month", "level1"))
    remaining = remaining[remaining["month"] > LAST_CLOSED].groupby("level1")["budget"].sum()
    labor = "direct_labor"
    expected = float(remaining[labor]) * float(ytd.loc[labor, "actual"] / ytd.loc[labor, "budget"])
    assert float(outlook.loc[labor, "forecast"]) == pytest.approx(expected, abs=0.02)
    assert "contingency" not in outlook.index
    by_month = variance.outlook_by_month(demo_con, demo_budget, AS_OF)
    assert by_month["cum_outlook"].iloc[-1] == sum(outlook["outlook"])
    assert by_month["cum_budget"].iloc[-1] == sum(outlook["budget"])


def test_the_reserve_is_left_out_as_on_the_overview(demo_con, demo_budget):
    ytd = variance.budget_vs_actual(demo_con, demo_budget, AS_OF, by=())
    kpis = overview.kpis(demo_con, overview.period_for("ytd", AS_OF))
    assert ytd["budget"].item() == kpis.budget
    assert ytd["actual"].item() == kpis.spend
    with_reserve = demo_con.execute(
        "SELECT sum(amount) FROM budget_lines WHERE budget_id = ? AND month <= ?", [demo_budget, LAST_CLOSED]
    ).fetchone()[0]
    assert with_reserve == kpis.budget + variance.reserve(demo_con, demo_budget, LAST_CLOSED)
    assert variance.reserve(demo_con, demo_budget) > variance.reserve(demo_con, demo_budget, LAST_CLOSED) > 0


def test_spend_booked_to_the_reserve_counts_as_spend_without_budget(demo_copy, demo_budget):
    con = store.connect(demo_copy)
    con.execute(
        "INSERT INTO cost_category_map VALUES ('finance_ledger', '动用预备金', 'contingency.reserve', TRUE, NULL)"
    )
    con.execute(
        """INSERT INTO cost_entries (source, entry_id, period, cost_center, source_category, amount, batch_id)
           SELECT 'finance_ledger', 'reserve-draw-1', DATE '2026-03-01', 'CS-MGMT', '动用预备金', 1000.00,
                  max(batch_id) FROM cost_entries"""
    )
    table = variance.budget_vs_actual(con, demo_budget, AS_OF, by=("level1",)).set_index("level1")
    assert table.loc["contingency", "budget"] == 0
    assert table.loc["contingency", "actual"] == Decimal("1000.00")
    assert table.loc["contingency", "status"] == "red"
    con.close()


def test_a_year_not_yet_begun_is_plan_only(demo_con, demo_budget):
    before = dt.date(2025, 10, 31)
    monthly = variance.budget_vs_actual(demo_con, demo_budget, before, by=("month",))
    assert len(monthly) == 12 and (monthly["status"] == "future").all()
    assert variance.budget_vs_actual(demo_con, demo_budget, before, by=("level1",)).empty
    outlook = variance.full_year_outlook(demo_con, demo_budget, before).set_index("level1")
    assert (outlook["ytd"] == 0).all()
    assert (outlook["outlook"] == outlook["budget"]).all()
    assert variance.alerts(demo_con, demo_budget, before).empty
    steps = variance.labor_variance(demo_con, demo_budget, dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert (steps["amount"] == 0).all()


def test_alerts_flag_outsourcing_heading_over(demo_con, demo_budget):
    flagged = variance.alerts(demo_con, demo_budget, AS_OF).set_index("level1")
    # the demo's plan priced outsourcing tight; other categories may drift over by the noise of the ledger
    assert "outsourcing" in flagged.index
    assert (flagged["outlook"] > flagged["budget"]).all() and (flagged["variance_pct"] > 0.05).all()


# --- labor variance on the demo ------------------------------------------------------------------------------


def test_demo_labor_variance_adds_up_to_the_cent(demo_con, demo_budget):
    steps = variance.labor_variance(demo_con, demo_budget, YEAR_START, AS_OF).set_index("step")
    assert steps["has_drivers"].all()
    budget = steps.loc["budget", "amount"]
    actual = steps.loc["actual", "amount"]
    assert budget == _budget_total(demo_con, demo_budget, LAST_CLOSED, variance.LABOR_LEVEL1)
    assert actual == _ledger_total(demo_con, YEAR_START, LAST_CLOSED, variance.LABOR_LEVEL1)
    effects = steps[steps["kind"] == "effect"]["amount"]
    assert budget + sum(effects) == actual
    # The demo budget's labor lines are its drivers' identity, and every ¥ of labor has staff to carry it.
    assert steps.loc["plan_basis", "amount"] == 0
    assert steps.loc["unattributed", "amount"] == 0
    # Volume ran above plan (the plan banked half the trend growth), and outsourcing was priced tight.
    assert steps.loc["volume", "amount"] > 0
    assert steps.loc["volume", "actual"] > steps.loc["volume", "plan"]
    for quarter_start, quarter_end in (
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 7, 1), AS_OF),
    ):
        part = variance.labor_variance(demo_con, demo_budget, quarter_start, quarter_end).set_index("step")
        assert (
            part.loc["budget", "amount"] + sum(part[part["kind"] == "effect"]["amount"])
            == part.loc["actual", "amount"]
        )


def test_demo_actual_drivers_reproduce_the_labor_ledger(demo_con):
    drivers, unattributed = variance.actual_drivers(demo_con, dt.date(2025, 1, 1), dt.date(2025, 12, 1))
    ledger = costs.agreed_costs(demo_con, dt.date(2025, 1, 1), dt.date(2025, 12, 1))
    ledger = ledger[ledger["level1"].isin(variance.LABOR_LEVEL1)].groupby("period")["amount"].sum()
    rebuilt = variance.driver_labor(drivers) + unattributed
    np.testing.assert_allclose(rebuilt.to_numpy(), ledger.to_numpy(), rtol=1e-9)
    assert set(drivers["employment_type"]) == {"full_time", "part_time", "temp", "outsourced"}
    assert set(drivers.loc[drivers["employment_type"] == "outsourced", "channel"]) == {"online", "wechat"}


def test_a_budget_without_drivers_shows_the_whole_gap_as_unattributed(demo_copy):
    con = store.connect(demo_copy)
    budget_id = con.execute("SELECT budget_id FROM budgets").fetchall()[0][0]
    with store.write_transaction(con) as cur:
        cur.execute("DELETE FROM budget_drivers")
    steps = variance.labor_variance(con, budget_id, YEAR_START, AS_OF).set_index("step")
    assert not steps["has_drivers"].any()
    assert (steps.loc[list(variance.EFFECTS), "amount"] == 0).all()
    assert (
        steps.loc["unattributed", "amount"] == steps.loc["actual", "amount"] - steps.loc["budget", "amount"]
    )
    con.close()


# --- the two-channel fixture ---------------------------------------------------------------------------------

MONTH = dt.date(2026, 1, 1)
HOURS = 174.0
PLAN = {  # channel: contacts, AHT seconds, FTE by type; rates per FTE month by type
    "phone": (10_000, 300.0, {"full_time": 10}),
    "email": (5_000, 600.0, {"full_time": 10}),
}
RATES = {"full_time": 8_000.0, "part_time": 4_000.0}
TEAM = {"phone": "phone", "email": "backoffice"}


def _plan_drivers() -> pd.DataFrame:
    rows = []
    for channel, (contacts, aht, ftes) in PLAN.items():
        share = contacts * aht / 3600 / (sum(ftes.values()) * HOURS)
        for kind, fte in ftes.items():
            rows.append((MONTH, channel, kind, contacts, aht, share, HOURS, fte, RATES[kind]))
    return pd.DataFrame(rows, columns=variance.DRIVER_COLUMNS)


def _fixture_db(path, actual: dict, rates: dict[str, float] | None = None, office=(50_000, 56_000)):
    """A one-month database: plan = PLAN, actual = {channel: (contacts, aht, {type: people})}."""
    rates = rates or RATES
    con = store.connect(path)
    with store.write_transaction(con) as cur:
        store.insert_frame(cur, "cost_taxonomy", store.load_taxonomy())
        store.insert_frame(
            cur,
            "cost_category_map",
            pd.DataFrame(
                [
                    ("fin", "工资", "direct_labor.base_pay", True, None),
                    ("fin", "兼职", "direct_labor.temp_parttime_pay", True, None),
                    ("fin", "房租", "equipment_facilities.office_space", True, None),
                ],
                columns=["source_system", "source_category", "taxonomy_code", "counted", "note"],
            ),
        )
        volume = [("t", dt.date(2026, 1, 31), c, n, n, 0, aht, 1) for c, (n, aht, _) in actual.items()]
        store.insert_frame(
            cur,
            "daily_volume",
            pd.DataFrame(
                volume,
                columns=[
                    "source",
                    "date",
                    "channel",
                    "contacts",
                    "handled",
                    "abandoned",
                    "aht_seconds",
                    "batch_id",
                ],
            ),
        )
        staff, pay = [], {"full_time": 0.0, "part_time": 0.0, "temp": 0.0}
        for channel, (_, _, people) in actual.items():
            for kind, n in people.items():
                weight = variance.PART_TIME_FTE if kind == "part_time" else 1.0
                for _ in range(n):
                    staff.append(
                        (
                            "t",
                            f"S{len(staff):03d}",
                            "agent",
                            kind,
                            TEAM[channel],
                            channel,
                            dt.date(2025, 1, 1),
                            rates[kind] * weight,
                            1,
                        )
                    )
                    pay[kind] += rates[kind] * weight
        store.insert_frame(
            cur,
            "staff",
            pd.DataFrame(
                staff,
                columns=[
                    "source",
                    "staff_id",
                    "role",
                    "employment_type",
                    "team",
                    "channel",
                    "hire_date",
                    "monthly_pay",
                    "batch_id",
                ],
            ),
        )
        temp_and_part_time = pay["part_time"] + pay["temp"]  # one ledger line for both, as in the demo
        entries = [("工资", pay["full_time"]), ("兼职", temp_and_part_time), ("房租", office[1])]
        store.insert_frame(
            cur,
            "cost_entries",
            pd.DataFrame(
                [
                    ("fin", f"E{i}", MONTH, "CS-FRONT", cat, round(amount, 2), 1)
                    for i, (cat, amount) in enumerate(entries)
                    if amount
                ],
                columns=[
                    "source",
                    "entry_id",
                    "period",
                    "cost_center",
                    "source_category",
                    "amount",
                    "batch_id",
                ],
            ),
        )
        cur.execute(
            "INSERT INTO budgets (budget_id, year, name, version, status, created_at)"
            " VALUES (1, 2026, 'fixture', 1, 'approved', now())"
        )
        planned_labor = float(variance.driver_labor(_plan_drivers()).sum())
        lines = [
            (1, MONTH, "direct_labor.base_pay", "CS-FRONT", round(planned_labor, 2)),
            (1, MONTH, "equipment_facilities.office_space", "CS-MGMT", office[0]),
            (1, dt.date(2026, 2, 1), "equipment_facilities.office_space", "CS-MGMT", office[0]),
            (1, dt.date(2026, 2, 1), "training.external_courses", "CS-SUPPORT", 10_000),
        ]
        store.insert_frame(
            cur,
            "budget_lines",
            pd.DataFrame(lines, columns=["budget_id", "month", "taxonomy_code", "cost_center", "amount"]),
        )
        store.insert_frame(cur, "budget_drivers", _plan_drivers().assign(budget_id=1))
    return con


def _steps(con) -> pd.DataFrame:
    return variance.labor_variance(con, 1, MONTH, dt.date(2026, 1, 31)).set_index("step")


def _effects(con) -> pd.Series:
    steps = _steps(con)
    assert (
        steps.loc["budget", "amount"] + sum(steps[steps["kind"] == "effect"]["amount"])
        == steps.loc["actual", "amount"]
    )
    return steps["amount"]


SCENARIOS = {
    # name: (actual channels, expected non-zero effects {effect: ¥})
    "nothing": (
        {"phone": (10_000, 300.0, {"full_time": 10}), "email": (5_000, 600.0, {"full_time": 10})},
        {},
    ),
    "volume": (
        {"phone": (11_000, 300.0, {"full_time": 11}), "email": (5_500, 600.0, {"full_time": 11})},
        {"volume": 16_000},
    ),
    "channel_mix": (
        {"phone": (8_000, 300.0, {"full_time": 8}), "email": (7_000, 600.0, {"full_time": 14})},
        {"channel_mix": 16_000},
    ),
    "handle_time": (
        {"phone": (10_000, 360.0, {"full_time": 12}), "email": (5_000, 720.0, {"full_time": 12})},
        {"handle_time": 32_000},
    ),
    "efficiency": (
        {"phone": (10_000, 300.0, {"full_time": 12}), "email": (5_000, 600.0, {"full_time": 12})},
        {"efficiency": 32_000},
    ),
    "employment_mix": (
        {
            "phone": (10_000, 300.0, {"full_time": 8, "part_time": 4}),
            "email": (5_000, 600.0, {"full_time": 10}),
        },
        {"employment_mix": -8_000},  # 2 FTE of part-timers at ¥4,000 instead of full-timers at ¥8,000
    ),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_one_driver_moves_only_its_effect(tmp_path, name):
    actual, expected = SCENARIOS[name]
    con = _fixture_db(tmp_path / "fixture.duckdb", actual)
    effects = _effects(con)
    assert effects["plan_basis"] == 0 and effects["unattributed"] == 0
    for effect in variance.EFFECTS:
        assert effects[effect] == Decimal(expected.get(effect, 0)).quantize(Decimal("0.01")), effect
    # The plan-vs-actual driver shown next to each effect moves only where that effect does.
    summary = _steps(con)
    for effect in variance.EFFECTS:
        plan, actual = summary.loc[effect, "plan"], summary.loc[effect, "actual"]
        assert (plan != pytest.approx(actual)) == (effect in expected), effect
    con.close()


def test_a_pay_rise_is_only_a_rate_effect(tmp_path):
    con = _fixture_db(tmp_path / "fixture.duckdb", SCENARIOS["nothing"][0], rates={"full_time": 8_400.0})
    effects = _effects(con)
    assert effects["pay_rate"] == Decimal("8000.00")
    assert (effects[[e for e in variance.EFFECTS if e != "pay_rate"]] == 0).all()
    con.close()


def test_everything_moving_at_once_still_adds_up(tmp_path):
    actual = {
        "phone": (12_345, 333.3, {"full_time": 9, "part_time": 5}),
        "email": (4_321, 655.5, {"full_time": 13}),
    }
    con = _fixture_db(
        tmp_path / "fixture.duckdb", actual, rates={"full_time": 8_123.45, "part_time": 3_987.65}
    )
    effects = _effects(con)
    assert (effects[list(variance.EFFECTS)] != 0).sum() >= 5
    con.close()


def test_temp_and_part_time_pay_on_one_ledger_line_is_split_by_roster_pay(tmp_path):
    actual = {
        "phone": (10_000, 300.0, {"full_time": 8, "temp": 2}),
        "email": (5_000, 600.0, {"full_time": 8, "part_time": 4}),
    }
    rates = {"full_time": 8_000.0, "part_time": 4_000.0, "temp": 6_000.0}
    con = _fixture_db(tmp_path / "fixture.duckdb", actual, rates=rates)
    drivers, unattributed = variance.actual_drivers(con, MONTH, MONTH)
    assert drivers.groupby("employment_type")["monthly_rate"].first().to_dict() == pytest.approx(rates)
    assert drivers.groupby("employment_type")["fte"].sum().to_dict() == pytest.approx(
        {"full_time": 16, "temp": 2, "part_time": 2}
    )
    assert unattributed.abs().max() < 1e-6
    effects = _effects(con)
    # Phone swaps 2 full-timers (¥8,000) for 2 temps (¥6,000): −4,000; email 2 FTE of full-timers for 4
    # part-timers (2 FTE at ¥4,000): −8,000.
    assert effects["employment_mix"] == Decimal("-12000.00")
    assert (effects[[e for e in variance.EFFECTS if e != "employment_mix"]] == 0).all()
    con.close()


def test_a_gap_between_lines_and_drivers_is_shown_as_plan_basis(tmp_path):
    con = _fixture_db(tmp_path / "fixture.duckdb", SCENARIOS["nothing"][0])
    with store.write_transaction(con) as cur:
        cur.execute(
            "UPDATE budget_lines SET amount = amount + 1234.56 WHERE taxonomy_code = 'direct_labor.base_pay'"
        )
    effects = _effects(con)
    assert effects["plan_basis"] == Decimal("-1234.56")
    assert (effects[list(variance.EFFECTS)] == 0).all()
    con.close()


def test_labor_cost_with_nobody_on_the_roster_is_unattributed(tmp_path):
    con = _fixture_db(tmp_path / "fixture.duckdb", SCENARIOS["nothing"][0])
    with store.write_transaction(con) as cur:
        cur.execute(
            "INSERT INTO cost_category_map VALUES ('fin', '外包', 'outsourcing.bpo_seats', TRUE, NULL)"
        )
        cur.execute(
            "INSERT INTO cost_entries (source, entry_id, period, cost_center, source_category, amount,"
            " batch_id) VALUES ('fin', 'X1', ?, 'CS-FRONT', '外包', 5000, 1)",
            [MONTH],
        )
    effects = _effects(con)
    assert effects["unattributed"] == Decimal("5000.00")
    con.close()


def test_fixture_alerts_and_thresholds_from_settings(tmp_path):
    con = _fixture_db(tmp_path / "fixture.duckdb", SCENARIOS["nothing"][0])
    as_of = dt.date(2026, 1, 31)
    cells = variance.budget_vs_actual(con, 1, as_of, by=("level1",)).set_index("level1")
    assert cells.loc["equipment_facilities", "status"] == "red"  # 56,000 against 50,000: 12% over
    assert "training" not in cells.index  # its only line is in February, not yet due
    flagged = variance.alerts(con, 1, as_of)
    assert list(flagged["level1"]) == ["equipment_facilities"]
    row = flagged.iloc[0]
    assert row["outlook"] == Decimal("112000.00")  # 56,000 + February's 50,000 × 1.12
    outlook = variance.full_year_outlook(con, 1, as_of).set_index("level1")
    assert outlook.loc["training", "forecast"] == Decimal("10000.00")  # no run-rate yet: its budget
    with store.write_transaction(con) as cur:
        store.set_setting(cur, variance.GREEN_KEY, "0.15")
        store.set_setting(cur, variance.RED_KEY, "0.2")
    cells = variance.budget_vs_actual(con, 1, as_of, by=("level1",)).set_index("level1")
    assert cells.loc["equipment_facilities", "status"] == "green"
    assert variance.alerts(con, 1, as_of).empty
    con.close()


def test_rounding_keeps_the_total_and_the_zeros():
    cents = variance.round_preserving_total([0.005, 0.005, 0.0, 1.333, 2.667], 401)
    assert cents.sum() == 401 and cents[2] == 0
    assert variance.round_preserving_total([0.0, 0.0], 0).tolist() == [0, 0]
    assert variance.round_preserving_total([-1.005, 2.004], 100).sum() == 100


# --- the section, drawn headless ----------------------------------------------------------------------------


def _section() -> None:
    from ui import budget_variance

    budget_variance.render(1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_section_draws_in_both_languages(demo_db, app_env, lang):
    from streamlit.testing.v1 import AppTest

    from tests.pages import chinese_in_english_mode
    from ui.i18n import CATALOGS

    app_env(demo_db)
    at = AppTest.from_function(_section, default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    text = CATALOGS[lang]
    tiles = {m.label: m.value for m in at.metric}
    assert set(tiles) == {
        text[f"variance.kpi.{k}"] for k in ("budget_ytd", "actual_ytd", "variance_ytd", "outlook")
    }
    assert len(at.get("plotly_chart")) == 3
    for chart in at.get("plotly_chart"):  # the money unit level above the y axis, not a sideways 元 or ¥
        layout = json.loads(chart.proto.spec)["layout"]
        assert not layout["yaxis"].get("title", {}).get("text"), layout["yaxis"]
        unit = "元" if lang == "zh" else "¥"
        assert unit in [a["text"] for a in layout.get("annotations", [])]
    assert text["variance.labor.axis"] in [c.value for c in at.caption]
    # one warning per category heading over: outsourcing (priced tight in the demo plan) among them
    assert any(text["cost.outsourcing"] in w.value for w in at.warning)
    categories = [text[f"cost.{level1}"] for level1 in store.load_taxonomy()["level1"].unique()]
    assert all(any(w.value.startswith(name) for name in categories) for w in at.warning)
    reserve = text["variance.reserve"].split("{amount}")[0]
    assert any(c.value.startswith(reserve) for c in at.caption)  # named beside the tiles, not inside them
    ytd_delta = next(m.delta for m in at.metric if m.label == text["variance.kpi.actual_ytd"])
    assert ytd_delta.startswith("+1.")  # 1.2% over, as the overview says, signed (not only by the arrow)
    assert tiles[text["variance.kpi.variance_ytd"]].startswith("+¥")  # actual − budget, over: a plus sign
    outlook_delta = next(m.delta for m in at.metric if m.label == text["variance.kpi.outlook"])
    assert outlook_delta[0] in "+-", outlook_delta
    bullets = next(m.value for m in at.markdown if m.value.startswith("- **"))
    assert bullets.count("\n- ") == 8  # budget, plan basis, six effects, actual
    if lang == "en":
        assert chinese_in_english_mode(at) == []


def test_the_drill_down_follows_the_period_and_sub_category(demo_db, app_env):
    from streamlit.testing.v1 import AppTest

    from tests.pages import said
    from ui.i18n import CATALOGS

    app_env(demo_db)
    at = AppTest.from_function(_section, default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    agrees = CATALOGS["en"]["variance.drill.summary"].split("{total}")[1]
    assert any(agrees in c.value for c in at.caption)
    at.selectbox(key="_variance_period_en").set_value("2026-06-01").run()
    at.toggle(key="_variance_detail_en").set_value(True).run()
    at.selectbox(key="_variance_drill_level1_en").set_value("outsourcing").run()
    at.selectbox(key="_variance_drill_code_outsourcing_en").set_value("outsourcing.bpo_seats").run()
    assert not at.exception
    summary = next(c.value for c in at.caption if "totalling" in c.value)
    assert summary.endswith(agrees)
    rows = variance.ledger_rows(
        store.connect(demo_db),
        dt.date(2026, 6, 1),
        dt.date(2026, 6, 1),
        taxonomy_code="outsourcing.bpo_seats",
    )
    total = f"¥{sum(rows['amount']):,.2f}"
    assert summary == said("en", "variance.drill.summary", rows=f"{len(rows):,}", total=total)
    assert len(rows) > 1 or summary.startswith("1 ledger row totalling")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_mode_lists_the_largest_ledger_rows_and_sums_the_rest(demo_db, app_env, lang):
    """Sixty ledger rows made a table taller than the shared screen: presentation mode lists the twelve
    largest by amount and one row summing the others, so the table still adds up to the total above it."""
    from streamlit.testing.v1 import AppTest

    from tests.pages import said
    from ui.budget_variance import SHARED_SCREEN_ROWS
    from ui.i18n import CATALOGS

    text = CATALOGS[lang]
    app_env(demo_db)
    at = AppTest.from_function(_section, default_timeout=120)
    at.session_state["lang"] = lang
    at.session_state["presentation"] = True
    at.run()
    at.selectbox(key=f"_variance_drill_level1_{lang}").set_value("direct_labor").run()
    assert not at.exception
    rows = variance.ledger_rows(
        store.connect(demo_db), dt.date(2026, 1, 1), LAST_CLOSED, level1="direct_labor"
    )
    assert len(rows) > SHARED_SCREEN_ROWS + 1
    amount = text["variance.col.amount"]
    table = next(t.value for t in at.table if amount in t.value.columns)
    assert len(table) == SHARED_SCREEN_ROWS + 1
    cents = [round(float(str(v).lstrip("¥").replace(",", "")) * 100) for v in table[amount]]
    assert sum(cents) == round(sum(rows["amount"]) * 100)
    largest = sorted((round(float(v) * 100) for v in rows["amount"]), key=abs, reverse=True)
    assert cents[:-1] == largest[:SHARED_SCREEN_ROWS]
    others = said(lang, "variance.drill.others", rows=f"{len(rows) - SHARED_SCREEN_ROWS:,}")
    assert table.iloc[-1][text["variance.col.level2"]] == others
    assert text["variance.drill.largest"].format(shown=SHARED_SCREEN_ROWS) in [c.value for c in at.caption]
    at.session_state["presentation"] = False
    at.run()
    assert not any(amount in t.value.columns for t in at.table)  # the grid again, every row


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_downloads_hold_the_closed_months_of_budget_vs_actual(
    demo_db, demo_con, demo_budget, app_env, lang
):
    """The CSV and Excel under the table carry budget_vs_actual's numbers for 2026 by month, category and cost
    center: closed months only, amounts to the cent, variance % as a fraction, a totals row in Excel, headers
    and category names in the page's language."""
    import io

    import openpyxl
    from streamlit.testing.v1 import AppTest

    from tests.pages import served_downloads
    from ui.i18n import CATALOGS

    app_env(demo_db)
    at = AppTest.from_function(_section, default_timeout=120)
    at.session_state["lang"] = lang
    with served_downloads() as served:
        at.run()
    assert not at.exception
    text = CATALOGS[lang]
    assert [b.proto.label for b in at.get("download_button")] == [
        text["variance.download.csv"],
        text["variance.download.xlsx"],
    ]
    assert demo_budget == 1, "_section draws budget 1: the demo's 2026 budget"
    expected = variance.budget_vs_actual(demo_con, demo_budget, overview.data_as_of(demo_con))
    expected = expected[expected["status"] != "future"].reset_index(drop=True)
    assert expected["month"].max() == LAST_CLOSED
    columns = [
        text[f"variance.col.{k}"]
        for k in ("month", "level1", "cost_center", "budget", "actual", "variance", "variance_pct", "status")
    ]
    amounts = ("budget", "actual", "variance")

    csv = pd.read_csv(
        io.BytesIO(served["budget_vs_actual_202601_202610.csv"]), encoding="utf-8-sig", dtype=str
    )
    assert list(csv.columns) == columns
    assert len(csv) == len(expected)
    assert csv[columns[0]].tolist() == [m.strftime("%Y-%m") for m in expected["month"]]
    assert csv[columns[1]].tolist() == [text[f"cost.{v}"] for v in expected["level1"]]
    for name in amounts:
        assert [Decimal(v) for v in csv[text[f"variance.col.{name}"]]] == expected[name].tolist()
    shares = csv[text["variance.col.variance_pct"]]
    assert [Decimal(v) for v in shares.dropna()] == [
        Decimal(f"{p:.4f}") for p in expected["variance_pct"].dropna()
    ]

    book = openpyxl.load_workbook(io.BytesIO(served["budget_vs_actual_202601_202610.xlsx"]))
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == columns
    body, totals = rows[1:-1], rows[-1]
    assert len(body) == len(expected)
    for index, name in enumerate(amounts, start=3):
        assert [Decimal(str(r[index])).quantize(Decimal("0.01")) for r in body] == expected[name].tolist()
        assert Decimal(str(totals[index])).quantize(Decimal("0.01")) == sum(expected[name], Decimal(0))
    assert totals[0] == text["variance.col.total"]
    assert totals[6] is None  # a sum of percentages means nothing
    assert sum(expected["actual"], Decimal(0)) == _ledger_total(demo_con, YEAR_START, LAST_CLOSED)
    assert book.active.cell(row=2, column=7).number_format == "0.0%"


def test_roster_fte_counts_the_leave_date_as_a_day_employed():
    # staff.leave_date is the last day employed: leaving on September 16 is 16 of September's 30 days, and
    # leaving on September 1 is one day (a part-timer's half FTE for it)
    september = dt.date(2026, 9, 1)
    roster = pd.DataFrame(
        {
            "role": ["agent", "agent"],
            "employment_type": ["full_time", "part_time"],
            "team": ["voice", "voice"],
            "channel": ["phone", "phone"],
            "hire_date": [dt.date(2025, 1, 1), dt.date(2025, 1, 1)],
            "leave_date": [dt.date(2026, 9, 16), september],
            "monthly_pay": [6_000.0, 3_000.0],
        }
    )
    volume = pd.DataFrame(
        {"month": [september], "channel": ["phone"], "contacts": [1_000.0], "workload_hours": [100.0]}
    )
    ledger = pd.DataFrame(
        {"month": [september], "taxonomy_code": ["direct_labor.base_pay"], "amount": [1_000.0]}
    )
    drivers, _ = variance.drivers_from_frames(volume, roster, ledger, {"voice": ["phone"]}, [september])
    fte = drivers.set_index("employment_type")["fte"]
    assert fte["full_time"] == pytest.approx(16 / 30)
    assert fte["part_time"] == pytest.approx(variance.PART_TIME_FTE / 30)
