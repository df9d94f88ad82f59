"""The budget lifecycle: drafting 2027 from the forecast, staffing plan and cost model, line edits with reasons,
versions, and the approval workflow (draft → internal → cross-department → final → approved and locked, or
returned with a comment).

The database is a copy of the demo with a published 14-month forecast snapshot (the history two years back moved
on, weekdays kept), so drafting reads it instead of fitting a forecast.
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest

from analytics import budget, budget_draft, cost_model, overview, store, whatif
from analytics.channels import CHANNELS
from analytics.forecast import load_daily_history, publish_snapshot, reinstate_snapshot, withdraw_snapshot
from analytics.forecast_warning import ForecastWarning, warnings_from_json

AS_OF = dt.date(2026, 10, 31)
YEAR = 2027
RETURNED_AND_RESUBMITTED = ("create", "submit", "approve", "return", "edit_line", "edit_line", "submit")
"""The events of a budget returned at cross review, edited once (the line and the reserve) and resubmitted."""


def two_years_back_as_forecast(con) -> pd.DataFrame:
    """A stand-in baseline through December 2027: history 728 days (104 weeks) earlier, moved on."""
    history = load_daily_history(con)
    first, last = whatif.plan_window(AS_OF, budget_draft.plan_months(AS_OF, YEAR))
    shifted = history.assign(date=history["date"] + pd.Timedelta(days=728))
    shifted = shifted[(shifted["date"] >= pd.Timestamp(first)) & (shifted["date"] <= pd.Timestamp(last))]
    return shifted.rename(columns={"contacts": "forecast"})[["date", "channel", "forecast"]].reset_index(
        drop=True
    )


def publish_budget_baseline(con) -> None:
    """Publish the stand-in baseline as the forecast snapshot for the as-of date."""
    daily = two_years_back_as_forecast(con)
    bands = daily.assign(lo80=daily["forecast"], hi80=daily["forecast"], lo95=np.nan, hi95=np.nan)
    publish_snapshot(con, bands, AS_OF, {"all": "two_years_back"})


@pytest.fixture(scope="module")
def budget_db(demo_db, tmp_path_factory):
    """The demo with the snapshot published (module-wide; tests that write copy it)."""
    path = tmp_path_factory.mktemp("budget") / "demo.duckdb"
    shutil.copy(demo_db, path)
    con = store.connect(path)
    publish_budget_baseline(con)
    con.close()
    return path


@pytest.fixture()
def con(budget_db, tmp_path):
    path = tmp_path / "budget.duckdb"
    shutil.copy(budget_db, path)
    connection = store.connect(path)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def drafted(budget_db, tmp_path_factory):
    """One drafted 2027 budget at 12% (read-only for the tests that use it)."""
    path = tmp_path_factory.mktemp("drafted") / "demo.duckdb"
    shutil.copy(budget_db, path)
    connection = store.connect(path)
    steps = []
    budget_id = budget_draft.draft_budget(
        connection, YEAR, contingency_rate=0.12, actor="王敏", progress=lambda *step: steps.append(step)
    )
    yield connection, budget_id, steps
    connection.close()


def approve_all(con, budget_id: int) -> None:
    """Submit a draft and take it through the three approvals."""
    budget.submit(con, budget_id, "王敏")
    for actor, role in (("李强", "cs_director"), ("陈静", "finance"), ("赵总", "cfo")):
        budget.approve(con, budget_id, actor, role)


def _cents(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# -- drafting --------------------------------------------------------------------------------------


def test_draft_has_every_month_with_the_reserve_at_the_rate_of_the_plan(drafted):
    con, budget_id, steps = drafted
    lines = budget.budget_lines(con, budget_id)
    months = sorted(pd.to_datetime(lines["month"]).dt.month.unique())
    assert months == list(range(1, 13))
    assert {pd.Timestamp(m).year for m in lines["month"]} == {YEAR}
    for month, part in lines.groupby("month"):
        reserve = part[part["taxonomy_code"] == budget.CONTINGENCY_CODE]
        assert len(reserve) == 1 and reserve["cost_center"].iloc[0] == "CS-MGMT"
        plan = sum(part.loc[part["taxonomy_code"] != budget.CONTINGENCY_CODE, "amount"], Decimal(0))
        assert reserve["amount"].iloc[0] == _cents(plan * Decimal("0.12")), month
        assert all(isinstance(a, Decimal) and a == _cents(a) for a in part["amount"])
    assert steps[-1] == (1, 1, "lines")  # the snapshot was read: no channel was fitted
    info = budget.budget_info(con, budget_id)
    assert (info.year, info.version, info.status, info.locked) == (YEAR, 1, "draft", False)
    assert info.contingency_rate == pytest.approx(0.12) and info.scenario_id is None
    assert info.created_by == "王敏"


def test_draft_covers_every_cost_family_on_its_cost_center(drafted):
    con, budget_id, _ = drafted
    lines = budget.budget_lines(con, budget_id)
    assert set(lines["level1"]) == set(cost_model.LEVEL1_ORDER)
    modelled = lines[lines["note"] != "run_rate"]
    assert (modelled["cost_center"] == modelled["taxonomy_code"].map(budget.COST_CENTER_OF)).all()
    # lines a ledger does not book as such say how the model priced them; the other modelled lines need no note
    noted = modelled.dropna(subset=["note"])
    assert set(noted["taxonomy_code"]) == {
        "training.ramp_up_loss",
        "training.trainer_time",
        "hidden.attrition",
        "hidden.complaint_handling",
    }
    assert (noted["note"] == noted["taxonomy_code"].map(budget_draft.MODEL_ONLY_NOTES)).all()
    assert (
        modelled.loc[modelled["note"].isna(), "taxonomy_code"]
        .str.startswith(("direct_labor", "outsourcing"))
        .any()
    )
    # IT maintenance is not priced by the cost model: carried at last year's run rate, every month
    run_rate = lines[lines["note"] == "run_rate"]
    assert set(run_rate["taxonomy_code"]) == {"software_technology.maintenance"}
    assert len(run_rate) == 12 and run_rate["amount"].nunique() == 1
    yearly = con.execute(
        "SELECT sum(amount) FROM cost_entries WHERE source = 'finance_ledger' AND source_category = 'IT运维费'"
        " AND period BETWEEN DATE '2025-11-01' AND DATE '2026-10-01'"
    ).fetchone()[0]
    assert abs(run_rate["amount"].iloc[0] - yearly / 12) <= Decimal("0.01")


def test_cost_centers_follow_the_demo_budget(demo_con):
    booked = demo_con.execute(
        "SELECT DISTINCT taxonomy_code, cost_center FROM budget_lines JOIN budgets USING (budget_id) WHERE year = 2026"
    ).fetchall()
    assert len(booked) > 15
    assert {(code, budget.COST_CENTER_OF[code]) for code, _ in booked} == set(booked)


def test_drivers_reproduce_the_labor_lines(drafted):
    con, budget_id, _ = drafted
    lines = budget.budget_lines(con, budget_id)
    drivers = budget.drivers(con, budget_id)
    assert set(drivers["employment_type"]) <= set(budget.EMPLOYMENT_TYPES)
    assert {"full_time", "outsourced"} <= set(drivers["employment_type"])
    # workload hours per paid hour: below 1 where an agent serves one contact at a time; chat agents serve
    # 2-2.5 chats at once, so their share of handle time per paid hour can pass 1
    single = drivers["channel"].isin(["phone", "email", "ticket"])
    assert drivers.loc[single, "productive_share"].between(0.3, 1.0).all()
    assert drivers.loc[~single, "productive_share"].between(0.5, 2.5).all()
    channel_fte = drivers.groupby(["month", "channel"])["fte"].transform("sum")
    required = (
        drivers["contacts"]
        * drivers["aht_seconds"]
        / 3600
        / (drivers["productive_share"] * drivers["hours_per_fte"])
    )
    planned = required * (drivers["fte"] / channel_fte) * drivers["monthly_rate"]
    by_month = planned.groupby(drivers["month"]).sum()
    labor = lines[lines["taxonomy_code"].isin(budget.LABOR_CODES)].groupby("month")["amount"].sum()
    assert len(by_month) == 12
    for month, amount in labor.items():
        assert abs(float(amount) - by_month[month]) < 0.006, month
    assert not lines[lines["taxonomy_code"].str.startswith("indirect_labor")].empty  # not labor drivers


def test_versions_number_up_and_a_saved_scenario_is_kept(con):
    first = budget_draft.draft_budget(con, YEAR, actor="王敏")
    scenario_id = whatif.save_scenario(con, "增长 10%", whatif.Scenario(volume_change=0.10))
    second = budget_draft.draft_budget(con, YEAR, scenario=scenario_id, contingency_rate=0.15, actor="王敏")
    table = budget.versions(con, YEAR)
    assert list(table["version"]) == [2, 1]
    assert list(table["budget_id"]) == [second, first]
    assert int(table.loc[table["budget_id"] == second, "scenario_id"].iloc[0]) == scenario_id
    totals = dict(zip(table["budget_id"], table["total"], strict=True))
    assert totals[second] > totals[first] * Decimal("1.05")
    assert budget.versions(con, 2026)["version"].tolist() == [1]
    # the scenario version 2 was drafted on stays as it was costed: not replaced, not deleted
    for change in (
        lambda: whatif.save_scenario(con, " 增长 10% ", whatif.Scenario(volume_change=0.20)),
        lambda: whatif.delete_scenario(con, scenario_id),
    ):
        with pytest.raises(whatif.ScenarioInUse, match="增长 10%") as refused:
            change()
        assert refused.value.versions == [(YEAR, 2)]
    assert whatif.load_scenario(con, scenario_id).volume_change == 0.10


def test_bad_drafts_are_refused(con):
    with pytest.raises(budget.BudgetError, match="between 10% and 15%"):
        budget_draft.draft_budget(con, YEAR, contingency_rate=0.2, actor="王敏")
    with pytest.raises(budget.BudgetError, match="between 10% and 15%"):
        budget_draft.draft_budget(con, YEAR, contingency_rate=0.05, actor="王敏")
    with pytest.raises(budget.BudgetError, match="has begun"):
        budget_draft.draft_budget(con, 2026, actor="王敏")
    with pytest.raises(budget.BudgetError, match="beyond"):
        budget_draft.draft_budget(con, 2028, actor="王敏")
    with pytest.raises(budget.BudgetError, match="actor"):
        budget_draft.draft_budget(con, YEAR, actor="  ")
    assert budget.versions(con, YEAR).empty


def test_plan_months_reach_december_of_the_year():
    assert budget_draft.plan_months(AS_OF, 2027) == 14
    assert budget_draft.plan_months(dt.date(2026, 12, 31), 2027) == 12
    assert budget_draft.plan_months(dt.date(2026, 6, 30), 2027) == 18


def test_budget_table_and_pivot_agree_with_the_lines(drafted):
    con, budget_id, _ = drafted
    table = budget.budget_table(con, budget_id)
    assert list(table.columns) == [
        "month",
        "level1",
        "level2",
        "taxonomy_code",
        "cost_center",
        "amount",
        "note",
    ]
    assert table["month"].iloc[0] == "2027-01" and table["month"].iloc[-1] == "2027-12"
    total = sum(table["amount"], Decimal(0))
    pivot = budget.month_by_category(con, budget_id)
    assert pivot.loc["total", "total"] == pytest.approx(float(total), abs=0.01)
    assert pivot.index[0] == "direct_labor" and pivot.index[-2] == "contingency"
    assert list(pivot.columns[:2]) == ["2027-01", "2027-02"] and len(pivot.columns) == 13


# -- approval --------------------------------------------------------------------------------------


def test_full_approval_path_locks_the_budget(con):
    budget_id = budget_draft.draft_budget(con, YEAR, actor="王敏")
    assert budget.budget_info(con, budget_id).actions == ("submit",)
    assert budget.submit(con, budget_id, "王敏", "ops_lead", "按预测编制") == "internal_review"
    assert budget.budget_info(con, budget_id).next_role == "cs_director"
    assert budget.approve(con, budget_id, "李强", "cs_director", "内部审核通过") == "cross_review"
    assert budget.approve(con, budget_id, "陈静", "finance") == "final_review"
    assert budget.approve(con, budget_id, "赵总", "cfo", "批准") == "approved"
    info = budget.budget_info(con, budget_id)
    assert info.locked and info.status == "approved" and info.actions == () and info.next_role is None
    assert budget.approved_budget_id(con, YEAR) == budget_id
    events = budget.history(con, budget_id)
    assert list(events["action"]) == ["create", "submit", "approve", "approve", "approve"]
    assert list(events["actor"]) == ["王敏", "王敏", "李强", "陈静", "赵总"]
    assert list(events["actor_role"]) == ["ops_lead", "ops_lead", "cs_director", "finance", "cfo"]
    assert list(events["to_status"]) == [
        "draft",
        "internal_review",
        "cross_review",
        "final_review",
        "approved",
    ]
    assert events["comment"].iloc[2] == "内部审核通过" and pd.isna(events["comment"].iloc[3])
    times = pd.to_datetime(events["happened_at"])
    assert times.is_monotonic_increasing
    assert (times.dt.date == store._now().date()).all()


def test_invalid_steps_are_refused_and_leave_no_trace(con):
    budget_id = budget_draft.draft_budget(con, YEAR, actor="王敏")
    with pytest.raises(budget.BudgetWorkflowError, match="cannot approve budget .* while it is draft"):
        budget.approve(con, budget_id, "李强", "cs_director")
    with pytest.raises(budget.BudgetWorkflowError, match="cannot return"):
        budget.return_budget(con, budget_id, "李强", "cs_director", "太高")
    with pytest.raises(budget.BudgetWorkflowError, match="the ops_lead acts, not the finance"):
        budget.submit(con, budget_id, "陈静", "finance")
    budget.submit(con, budget_id, "王敏")
    with pytest.raises(budget.BudgetWorkflowError, match="cannot submit"):
        budget.submit(con, budget_id, "王敏")
    with pytest.raises(budget.BudgetWorkflowError, match="the cs_director acts, not the cfo"):
        budget.approve(con, budget_id, "赵总", "cfo")
    with pytest.raises(budget.BudgetWorkflowError, match="needs a comment"):
        budget.return_budget(con, budget_id, "李强", "cs_director", "  ")
    with pytest.raises(budget.BudgetWorkflowError, match="unknown action"):
        budget.advance(con, budget_id, "reject", "李强", "cs_director", "no")
    with pytest.raises(budget.BudgetWorkflowError, match="unknown role"):
        budget.advance(con, budget_id, "approve", "李强", "boss")
    with pytest.raises(budget.BudgetError, match="actor"):
        budget.approve(con, budget_id, "", "cs_director")
    assert budget.budget_info(con, budget_id).status == "internal_review"
    assert list(budget.history(con, budget_id)["action"]) == ["create", "submit"]
    with pytest.raises(budget.BudgetWorkflowError, match="each step needs another person"):
        budget.approve(con, budget_id, "王敏", "cs_director")  # the submitter cannot approve
    budget.approve(con, budget_id, "李强", "cs_director")
    with pytest.raises(budget.BudgetWorkflowError, match="each step needs another person"):
        budget.approve(con, budget_id, "李强", "finance")  # nor can one person approve two steps
    budget.approve(con, budget_id, "陈静", "finance")
    budget.approve(con, budget_id, "赵总", "cfo")
    with pytest.raises(budget.BudgetWorkflowError, match="it is final"):
        budget.approve(con, budget_id, "赵总", "cfo")


def test_return_with_a_comment_then_edit_and_resubmit(con):
    budget_id = budget_draft.draft_budget(con, YEAR, actor="王敏")
    budget.submit(con, budget_id, "王敏")
    budget.approve(con, budget_id, "李强", "cs_director")
    with pytest.raises(budget.BudgetLockedError, match="cross_review"):
        budget.edit_line(
            con, budget_id, dt.date(2027, 6, 1), "direct_labor.overtime", "CS-FRONT", 1, "x", "王敏"
        )
    assert (
        budget.return_budget(con, budget_id, "陈静", "finance", "618 加班费偏低，请按去年实际调整")
        == "returned"
    )
    info = budget.budget_info(con, budget_id)
    assert info.status == "returned" and info.editable and info.next_role == "ops_lead"
    assert budget.submitter(con, budget_id) == "王敏"

    june = dt.date(2027, 6, 1)
    before = budget.budget_lines(con, budget_id)
    june_lines = before[pd.to_datetime(before["month"]) == pd.Timestamp(june)].set_index("taxonomy_code")
    old = june_lines.loc["direct_labor.overtime", "amount"]
    drivers_before = budget.drivers(con, budget_id)
    budget.edit_line(
        con, budget_id, june, "direct_labor.overtime", "CS-FRONT", old + 50_000, "按去年 618 实际", "王敏"
    )

    after = budget.budget_lines(con, budget_id)
    june_after = after[pd.to_datetime(after["month"]) == pd.Timestamp(june)].set_index("taxonomy_code")
    assert june_after.loc["direct_labor.overtime", "amount"] == old + 50_000
    plan = sum(june_after.drop(budget.CONTINGENCY_CODE)["amount"], Decimal(0))
    assert june_after.loc[budget.CONTINGENCY_CODE, "amount"] == _cents(plan * Decimal("0.10"))
    # other months untouched
    others = after[pd.to_datetime(after["month"]) != pd.Timestamp(june)]
    assert (
        others["amount"].tolist()
        == before[pd.to_datetime(before["month"]) != pd.Timestamp(june)]["amount"].tolist()
    )
    # the drivers still add up to the month's labor lines
    drivers_after = budget.drivers(con, budget_id)
    labor = june_after.loc[june_after.index.isin(budget.LABOR_CODES), "amount"].sum()
    june_drivers = drivers_after[pd.to_datetime(drivers_after["month"]) == pd.Timestamp(june)]["labor"].sum()
    assert abs(float(labor) - june_drivers) < 0.006
    assert drivers_after["labor"].sum() - drivers_before["labor"].sum() == pytest.approx(50_000, abs=0.01)

    edits = budget.history(con, budget_id)
    edits = edits[edits["action"] == "edit_line"]
    assert list(edits["taxonomy_code"]) == ["direct_labor.overtime", budget.CONTINGENCY_CODE]
    assert (edits["comment"] == "按去年 618 实际").all() and (edits["actor"] == "王敏").all()
    assert edits["old_amount"].iloc[0] == old and edits["new_amount"].iloc[0] == old + 50_000

    assert budget.submit(con, budget_id, "王敏", comment="已调整") == "internal_review"
    events = budget.history(con, budget_id)
    returned = events[events["action"] == "return"].iloc[0]
    assert (returned["actor"], returned["actor_role"], returned["from_status"]) == (
        "陈静",
        "finance",
        "cross_review",
    )
    assert returned["comment"] == "618 加班费偏低，请按去年实际调整"
    assert tuple(events["action"]) == RETURNED_AND_RESUBMITTED


def test_an_approved_version_cannot_be_edited(con):
    demo_2026 = budget.approved_budget_id(con, 2026)
    with pytest.raises(budget.BudgetLockedError, match="approved and locked.*new version"):
        budget.edit_line(
            con, demo_2026, dt.date(2026, 11, 1), "direct_labor.overtime", "CS-FRONT", 1, "r", "王敏"
        )
    budget_id = budget_draft.draft_budget(con, YEAR, actor="王敏")
    approve_all(con, budget_id)
    lines = budget.budget_lines(con, budget_id)
    with pytest.raises(budget.BudgetLockedError):
        budget.edit_line(
            con, budget_id, dt.date(2027, 1, 1), "direct_labor.base_pay", "CS-FRONT", 1, "r", "王敏"
        )
    assert budget.budget_lines(con, budget_id)["amount"].tolist() == lines["amount"].tolist()
    assert budget.history(con, budget_id)["action"].tolist().count("edit_line") == 0


def test_bad_line_edits_are_refused(con):
    budget_id = budget_draft.draft_budget(con, YEAR, actor="王敏")
    jan = dt.date(2027, 1, 1)
    with pytest.raises(budget.BudgetError, match="reason"):
        budget.edit_line(con, budget_id, jan, "direct_labor.base_pay", "CS-FRONT", 1, " ", "王敏")
    with pytest.raises(budget.BudgetError, match="reserve follows the plan"):
        budget.edit_line(con, budget_id, jan, budget.CONTINGENCY_CODE, "CS-MGMT", 1, "r", "王敏")
    with pytest.raises(budget.BudgetError, match="outside the 2027 budget"):
        budget.edit_line(
            con, budget_id, dt.date(2026, 12, 1), "direct_labor.base_pay", "CS-FRONT", 1, "r", "王敏"
        )
    with pytest.raises(budget.BudgetError, match="negative"):
        budget.edit_line(con, budget_id, jan, "direct_labor.base_pay", "CS-FRONT", -1, "r", "王敏")
    with pytest.raises(budget.BudgetError, match="unknown cost category"):
        budget.edit_line(con, budget_id, jan, "direct_labor.bonus", "CS-FRONT", 1, "r", "王敏")
    with pytest.raises(budget.BudgetError, match="unknown cost center"):
        budget.edit_line(con, budget_id, jan, "hidden.repeat_contacts", "CS-NOWHERE", 1, "r", "王敏")
    assert budget.history(con, budget_id)["action"].tolist() == ["create"]
    # a new line on a known cost center is added (no old amount)
    budget.edit_line(
        con,
        budget_id,
        dt.date(2027, 3, 15),
        "hidden.repeat_contacts",
        "CS-FRONT",
        "12000.5",
        "重复来电",
        "王敏",
    )
    lines = budget.budget_lines(con, budget_id)
    added = lines[(lines["taxonomy_code"] == "hidden.repeat_contacts")]
    assert added["amount"].tolist() == [Decimal("12000.50")] and added["month"].iloc[0] == dt.date(2027, 3, 1)
    assert pd.isna(budget.history(con, budget_id)["old_amount"].iloc[1])


def test_new_version_copies_an_approved_one(con):
    demo_2026 = budget.approved_budget_id(con, 2026)
    new_id = budget.new_version(con, demo_2026, "王敏", "双11 外包加价超预算，追加")
    info = budget.budget_info(con, new_id)
    assert (info.version, info.status, info.locked, info.parent_budget_id) == (2, "draft", False, demo_2026)
    old_lines = budget.budget_lines(con, demo_2026)
    new_lines = budget.budget_lines(con, new_id)
    pd.testing.assert_frame_equal(old_lines, new_lines)
    assert budget.budget_info(con, demo_2026).locked  # the approved one stays as it was
    assert budget.approved_budget_id(con, 2026) == demo_2026
    event = budget.history(con, new_id).iloc[0]
    assert (event["action"], event["actor"], event["comment"]) == (
        "new_version",
        "王敏",
        "双11 外包加价超预算，追加",
    )
    budget.edit_line(
        con, new_id, dt.date(2026, 11, 1), "outsourcing.bpo_seats", "CS-FRONT", 200_000, "追加", "王敏"
    )
    assert budget.budget_lines(con, demo_2026)["amount"].tolist() == old_lines["amount"].tolist()
    with pytest.raises(budget.BudgetWorkflowError, match="draft: edit it directly"):
        budget.new_version(con, new_id, "王敏", "again")
    with pytest.raises(budget.BudgetError, match="reason"):
        budget.new_version(con, demo_2026, "王敏", "")


def test_a_change_without_name_and_reason_names_both_problems(con):
    """An edit or a new version missing both the name and the reason says so at once; one missing, only that."""
    budget_id = budget_draft.draft_budget(con, YEAR, actor="王敏")
    jan = dt.date(2027, 1, 1)
    with pytest.raises(budget.BudgetError) as both:
        budget.edit_line(con, budget_id, jan, "direct_labor.base_pay", "CS-FRONT", 1, " ", "")
    assert (both.value.code, both.value.also) == ("actor_required", ("reason_required",))
    with pytest.raises(budget.BudgetError) as name_only:
        budget.edit_line(con, budget_id, jan, "direct_labor.base_pay", "CS-FRONT", 1, "按实际", " ")
    assert (name_only.value.code, name_only.value.also) == ("actor_required", ())
    with pytest.raises(budget.BudgetError) as reason_only:
        budget.edit_line(con, budget_id, jan, "direct_labor.base_pay", "CS-FRONT", 1, "", "王敏")
    assert (reason_only.value.code, reason_only.value.also) == ("reason_required", ())
    with pytest.raises(budget.BudgetError) as new_both:
        budget.new_version(con, budget.approved_budget_id(con, 2026), "", "")
    assert (new_both.value.code, new_both.value.also) == ("actor_required", ("reason_required",))
    assert budget.history(con, budget_id)["action"].tolist() == ["create"]


def test_new_version_copies_the_drivers(con):
    budget_id = budget_draft.draft_budget(con, YEAR, actor="王敏")
    approve_all(con, budget_id)
    new_id = budget.new_version(con, budget_id, "王敏", "追加")
    pd.testing.assert_frame_equal(budget.drivers(con, budget_id), budget.drivers(con, new_id))
    assert budget.versions(con, YEAR)["version"].tolist() == [2, 1]


def test_the_default_reserve_rate_comes_from_the_settings_within_range(con):
    assert budget.default_contingency_rate(con) == pytest.approx(0.10)  # the demo's setting
    for stored, expected in (("0.12", 0.12), ("0.3", 0.15), ("0.02", 0.10), ("ten", 0.10)):
        with store.write_transaction(con) as cur:
            store.set_setting(cur, "contingency_rate", stored)
        assert budget.default_contingency_rate(con) == pytest.approx(expected)


def test_the_budget_table_exports_with_numbers_and_a_total(drafted):
    import io

    import openpyxl

    from analytics import exports

    con, budget_id, _ = drafted
    table = budget.budget_table(con, budget_id)
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(table, "budget"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(table.columns)
    amounts = [row[5] for row in rows[1:-1]]
    assert len(amounts) == len(table) and all(isinstance(a, int | float) for a in amounts)
    assert rows[-1][5] == pytest.approx(float(sum(table["amount"], Decimal(0))), abs=0.005)
    csv = exports.csv_bytes(table).decode("utf-8-sig").splitlines()
    assert csv[0] == ",".join(table.columns) and len(csv) == len(table) + 1


def test_two_versions_compare_line_item_by_line_item(con):
    """A new version with one outsourcing line raised (and a new line added): the comparison lists exactly those
    items and the reserve that follows them, with both amounts, the change and the months, exact to the cent."""
    demo_2026 = budget.approved_budget_id(con, 2026)
    new_id = budget.new_version(con, demo_2026, "王敏", "双11 外包加价")
    assert budget.compare_versions(con, new_id, demo_2026).empty  # a copy: nothing differs
    november = dt.date(2026, 11, 1)
    lines = budget.budget_lines(con, new_id)
    old_bpo = lines[(lines["month"] == november) & (lines["taxonomy_code"] == "outsourcing.bpo_seats")]
    old_bpo = old_bpo["amount"].sum()
    budget.edit_line(
        con, new_id, november, "outsourcing.bpo_seats", "CS-FRONT", old_bpo + 80_000, "加价", "王敏"
    )
    budget.edit_line(con, new_id, november, "training.external_courses", "CS-MGMT", 1234.56, "新课程", "王敏")
    diff = budget.compare_versions(con, new_id, demo_2026)
    assert list(diff["taxonomy_code"]) == [
        "training.external_courses",
        "outsourcing.bpo_seats",
        "contingency.reserve",
    ]  # in the taxonomy's order, the reserve last
    row = diff.set_index("taxonomy_code").loc["outsourcing.bpo_seats"]
    assert row["change"] == Decimal("80000.00") and row["months"] == ["2026-11"]
    assert row["amount"] - row["other_amount"] == row["change"]
    new_total = budget.versions(con, 2026).set_index("budget_id")["total"]
    assert sum(diff["change"]) == new_total[new_id] - new_total[demo_2026]  # the totals' gap, to the cent
    reverse = budget.compare_versions(con, demo_2026, new_id)
    assert list(reverse["change"]) == [-c for c in diff["change"]]
    other_year = budget_draft.draft_budget(con, YEAR, actor="王敏")
    with pytest.raises(budget.BudgetError, match="same year"):
        budget.compare_versions(con, new_id, other_year)


def test_the_budget_workbook_is_wide_enough_for_its_total(drafted):
    """The amount column fits the totals row as Excel shows it (33,831,395.56 is 13 characters): a column sized
    for the raw values ('1000000.0') showed the year's total as #####."""
    import io

    import openpyxl

    from analytics import exports

    con, budget_id, _ = drafted
    table = budget.budget_table(con, budget_id)
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(table, "budget"))).active
    total = sheet.cell(row=sheet.max_row, column=6).value
    assert sheet.column_dimensions["F"].width >= len(f"{total:,.2f}") + 1
    biggest = max(float(v) for v in table["amount"])
    assert sheet.column_dimensions["F"].width >= len(f"{biggest:,.2f}") + 1


def test_a_draft_remembers_its_years_holiday_schedule_and_says_when_it_changed(con):
    """Costed on the estimated 2027 calendar, the draft is flagged once the notice is typed in; a 2028 notice
    does not touch it; a new version of it carries the same calendar, as it carries the same lines."""
    from analytics import holiday_schedule

    draft_id = budget_draft.draft_budget(con, YEAR, actor="王敏", forecast=two_years_back_as_forecast(con))
    info = budget.budget_info(con, draft_id)
    assert info.calendar == "" and not budget_draft.calendar_changed(con, info)
    holiday_schedule.save_year(con, 2028, holiday_schedule.statutory_rows(2028))
    assert not budget_draft.calendar_changed(con, info)
    holiday_schedule.save_year(con, YEAR, holiday_schedule.statutory_rows(YEAR))
    assert budget_draft.calendar_changed(con, info)
    assert [i.budget_id for i in budget_draft.calendar_stale_versions(con, 2026)] == [draft_id]
    assert budget_draft.calendar_stale_versions(con, 2028) == []
    approve_all(con, draft_id)
    copy = budget.budget_info(con, budget.new_version(con, draft_id, "王敏", "春节调休已公布"))
    assert copy.calendar == "" and budget_draft.calendar_changed(con, copy)
    redrafted = budget.budget_info(
        con, budget_draft.draft_budget(con, YEAR, actor="王敏", forecast=two_years_back_as_forecast(con))
    )
    assert redrafted.calendar != "" and not budget_draft.calendar_changed(con, redrafted)
    imported = budget.budget_info(
        con, budget.approved_budget_id(con, 2026)
    )  # the demo's: not from a forecast
    assert imported.calendar is None and not budget_draft.calendar_changed(con, imported)


def test_a_draft_fitted_on_a_short_history_keeps_the_fits_warnings(short_history_db, drafted):
    """Eight months of volume and no published forecast: the draft fits one, and the version keeps what the fit
    warned of (no yearly season, Double-12 never seen), as does a new version of it; a draft on the published
    forecast keeps what that forecast was published with (none here)."""
    con = store.connect(short_history_db)
    try:
        draft_id = budget_draft.draft_budget(con, YEAR, actor="王敏")
        data_to = overview.data_as_of(con)
        basis = ("fitted_on", {"date": data_to.isoformat()})  # the history the fit was made on
        assert budget_draft.forecast_basis(con, budget.budget_info(con, draft_id)) == basis
        kept = warnings_from_json(budget.budget_info(con, draft_id).forecast_warnings)
        codes = {(channel, warning.code) for channel, warning in kept}
        assert codes == {(c, code) for c in CHANNELS for code in ("short_history", "event_without_history")}
        # in the approval flow it is an alert on the overview, with the shortest history's days; not once approved
        days = min(w.params["days"] for _c, w in kept if w.code == "short_history")
        short = budget_draft.short_history_versions(con, YEAR)
        assert [(info.budget_id, d) for info, d in short] == [(draft_id, days)]
        approve_all(con, draft_id)
        assert budget_draft.short_history_versions(con, YEAR) == []
        copy = budget.new_version(con, draft_id, "王敏", "补录历史前的版本")
        assert warnings_from_json(budget.budget_info(con, copy).forecast_warnings) == kept
        assert budget.budget_info(con, copy).forecast_data_to == data_to
    finally:
        con.close()
    on_snapshot, budget_id, _steps = drafted
    assert budget.budget_info(on_snapshot, budget_id).forecast_warnings is None


def test_a_draft_on_a_published_forecast_keeps_the_warnings_it_was_published_with(con):
    """The forecast page publishes a fit with its warnings; a draft on that snapshot keeps those that bear on a
    plan, not the outage days the fit set aside."""
    daily = two_years_back_as_forecast(con)
    bands = daily.assign(lo80=daily["forecast"], hi80=daily["forecast"], lo95=np.nan, hi95=np.nan)
    unseen = ForecastWarning("event_without_history", {"event_key": "double12"})
    outage = ForecastWarning("outliers_flagged", {"count": 1, "dates": ["2026-03-02"]})
    snapshot_id = publish_snapshot(
        con,
        bands,
        AS_OF,
        {"all": "two_years_back"},
        published_by="计划组 王芳",
        warnings=[("wechat", unseen), ("wechat", outage)],
    )
    draft_id = budget_draft.draft_budget(con, YEAR, actor="王敏")
    info = budget.budget_info(con, draft_id)
    assert warnings_from_json(info.forecast_warnings) == [("wechat", unseen)]
    # the version names the forecast it was built on, and so does a new version of it
    assert info.snapshot_id == snapshot_id
    basis = ("snapshot", {"id": snapshot_id, "date": AS_OF.isoformat(), "who": "计划组 王芳"})
    assert budget_draft.forecast_basis(con, info) == basis
    approve_all(con, draft_id)
    copy = budget.budget_info(con, budget.new_version(con, draft_id, "王敏", "618 后调整"))
    assert copy.snapshot_id == snapshot_id
    imported = budget.budget_info(con, budget.approved_budget_id(con, 2026))  # the demo's own
    assert budget_draft.forecast_basis(con, imported) == ("none", {})


def test_a_forecast_published_on_later_data_is_pointed_out(con):
    """A version drafted on the forecast to 2026-10-31 learns of one on data to 2026-11-30 that covers its year
    (an alert while it is in the approval flow); one that stops short of December 2027 does not count."""
    info = budget.budget_info(con, budget_draft.draft_budget(con, YEAR, actor="王敏"))
    assert info.snapshot_id is not None and budget_draft.newer_forecast(con, info) is None
    daily = two_years_back_as_forecast(con)
    bands = daily.assign(lo80=daily["forecast"], hi80=daily["forecast"], lo95=np.nan, hi95=np.nan)
    later = dt.date(2026, 11, 30)
    publish_snapshot(con, bands[bands["date"] < "2027-12-01"], later, {"all": "short"})
    assert budget_draft.newer_forecast(con, info) is None
    newer = publish_snapshot(con, bands, later, {"all": "two_years_back"})
    assert budget_draft.newer_forecast(con, info) == (newer, later)
    # in the approval flow it is an alert; once approved it keeps the forecast it was approved on
    assert [(s.budget_id, n, d) for s, n, d in budget_draft.forecast_stale_versions(con, YEAR)] == [
        (info.budget_id, newer, later)
    ]
    approve_all(con, info.budget_id)
    assert budget_draft.forecast_stale_versions(con, YEAR) == []
    fitted = budget.budget_info(con, budget_draft.draft_budget(con, YEAR, actor="王敏", forecast=daily))
    # a version fitted when drafted, on data to 2026-10-31, learns of it too
    assert fitted.snapshot_id is None and fitted.forecast_data_to == AS_OF
    assert budget_draft.newer_forecast(con, fitted) == (newer, later)
    assert [s.budget_id for s, _n, _d in budget_draft.forecast_stale_versions(con, YEAR)] == [
        fitted.budget_id
    ]


def test_a_version_drafted_on_a_withdrawn_forecast_says_so_and_a_new_draft_stands_on_its_replacement(con):
    """The forecast a version was drafted on is withdrawn: the version says who withdrew it and why (an alert
    while it is in the approval flow), a later forecast withdrawn is not pointed out, and drafting again
    stands on the forecast republished on the same data."""
    info = budget.budget_info(con, budget_draft.draft_budget(con, YEAR, actor="王敏"))
    assert budget_draft.withdrawn_basis(con, info) is None
    daily = two_years_back_as_forecast(con)
    bands = daily.assign(lo80=daily["forecast"], hi80=daily["forecast"], lo95=np.nan, hi95=np.nan)
    later = publish_snapshot(con, bands, dt.date(2026, 11, 30), {"all": "two_years_back"})
    withdraw_snapshot(con, later, "计划组 王芳", "11 月数据未结账")
    assert budget_draft.newer_forecast(con, info) is None
    when = dt.datetime(2026, 11, 5, 10, 0)
    withdraw_snapshot(con, info.snapshot_id, "计划组 王芳", "10 月话务量重复导入", withdrawn_at=when)
    withdrawal = budget_draft.Withdrawal(info.snapshot_id, when, "计划组 王芳", "10 月话务量重复导入")
    assert budget_draft.withdrawn_basis(con, info) == withdrawal
    assert [(v.budget_id, w) for v, w in budget_draft.withdrawn_basis_versions(con, YEAR)] == [
        (info.budget_id, withdrawal)
    ]
    replacement = publish_snapshot(
        con, bands.assign(forecast=bands["forecast"] * 0.9), AS_OF, {"all": "fixed"}
    )
    redrafted = budget.budget_info(con, budget_draft.draft_budget(con, YEAR, actor="王敏"))
    assert redrafted.snapshot_id == replacement and budget_draft.withdrawn_basis(con, redrafted) is None
    approve_all(con, info.budget_id)  # approved on it: the budget page still says so, the overview does not
    assert budget_draft.withdrawn_basis(con, budget.budget_info(con, info.budget_id)) == withdrawal
    assert budget_draft.withdrawn_basis_versions(con, YEAR) == []


def test_a_version_drafted_on_a_forecast_reinstated_stands_on_it_again(con):
    """The forecast withdrawn by mistake and reinstated: the version no longer says it was withdrawn, and the
    overview's alert goes."""
    info = budget.budget_info(con, budget_draft.draft_budget(con, YEAR, actor="王敏"))
    withdraw_snapshot(con, info.snapshot_id, "计划组 王芳", "以为 10 月话务量重复导入")
    assert budget_draft.withdrawn_basis(con, info) is not None
    assert len(budget_draft.withdrawn_basis_versions(con, YEAR)) == 1
    reinstate_snapshot(con, info.snapshot_id, "计划组 王芳", "10 月数据核对无误")
    assert budget_draft.withdrawn_basis(con, info) is None
    assert budget_draft.withdrawn_basis_versions(con, YEAR) == []
