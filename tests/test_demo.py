"""The demo data: deterministic, realistic in the ways the product relies on."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analytics import demo, store
from analytics.channels import CHANNELS


def _scalar(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()[0][0]


def test_same_seed_same_data():
    first = demo._daily_volume(np.random.default_rng(7))
    second = demo._daily_volume(np.random.default_rng(7))
    other = demo._daily_volume(np.random.default_rng(8))
    pd.testing.assert_frame_equal(first, second)
    assert not first["contacts"].equals(other["contacts"])
    intervals = demo._interval_volume(first, np.random.default_rng(7))
    pd.testing.assert_frame_equal(intervals, demo._interval_volume(second, np.random.default_rng(7)))
    roster = demo._staff_roster(intervals, np.random.default_rng(7))
    pd.testing.assert_frame_equal(roster, demo._staff_roster(intervals, np.random.default_rng(7)))


def test_three_years_and_five_channels(demo_con):
    first, last = demo_con.execute("SELECT min(date), max(date) FROM daily_volume").fetchall()[0]
    assert last == dt.date(2026, 10, 31)
    assert (last - first).days >= 3 * 365
    channels = {row[0] for row in demo_con.execute("SELECT DISTINCT channel FROM daily_volume").fetchall()}
    assert channels == set(CHANNELS)
    days = _scalar(demo_con, "SELECT count(DISTINCT date) FROM daily_volume")
    assert _scalar(demo_con, "SELECT count(*) FROM daily_volume") == days * len(CHANNELS)


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_double_11_is_at_least_twice_the_october_median(demo_con, year):
    daily = demo_con.execute(
        "SELECT date, sum(contacts) AS contacts FROM daily_volume WHERE year(date) = ? GROUP BY date", [year]
    ).df()
    daily["date"] = pd.to_datetime(daily["date"])
    october_median = daily.loc[daily["date"].dt.month == 10, "contacts"].median()
    double11 = daily.loc[daily["date"] == pd.Timestamp(year, 11, 11), "contacts"].item()
    assert double11 >= 2 * october_median


def test_spring_festival_is_a_trough(demo_con):
    daily = demo_con.execute(
        "SELECT date, sum(contacts) AS contacts FROM daily_volume GROUP BY date ORDER BY date"
    ).df()
    daily = daily.set_index(pd.to_datetime(daily["date"]))["contacts"]
    festival = daily.loc["2025-01-29":"2025-02-03"].mean()
    mid_january = daily.loc["2025-01-06":"2025-01-12"].mean()
    assert festival < 0.6 * mid_january


def test_finance_and_ops_totals_are_about_30_percent_apart(demo_con):
    totals = demo_con.execute(
        """SELECT year(period) AS year,
                  sum(amount) FILTER (WHERE source = 'finance_ledger') AS finance,
                  sum(amount) FILTER (WHERE source = 'ops_sheet') AS ops
           FROM cost_entries GROUP BY 1 ORDER BY 1"""
    ).df()
    gap = totals["finance"].astype(float) / totals["ops"].astype(float) - 1
    assert ((gap > 0.25) & (gap < 0.45)).all(), gap.tolist()


def test_the_two_ledgers_use_different_category_names(demo_con):
    names = demo_con.execute(
        "SELECT source, list(DISTINCT source_category) FROM cost_entries GROUP BY 1"
    ).fetchall()
    finance, ops = (set(dict(names)[s]) for s in ("finance_ledger", "ops_sheet"))
    assert len(finance & ops) <= 2  # a couple of shared names (通信费, IT运维费); the rest differ
    unmapped = _scalar(
        demo_con,
        """SELECT count(*) FROM cost_entries e LEFT JOIN cost_category_map m
           ON m.source_system = e.source AND m.source_category = e.source_category WHERE m.taxonomy_code IS NULL""",
    )
    assert unmapped == 0


def test_tickets_cover_the_last_12_months_and_match_daily_volume(demo_con):
    first, last = demo_con.execute("SELECT min(created_at), max(created_at) FROM tickets").fetchall()[0]
    assert first.date() == dt.date(2025, 11, 1) and last.date() == dt.date(2026, 10, 31)
    mismatch = _scalar(
        demo_con,
        """SELECT count(*) FROM (
               SELECT created_at::DATE AS date, channel, count(*) AS n FROM tickets GROUP BY ALL) t
           JOIN daily_volume d USING (date, channel) WHERE d.contacts <> t.n""",
    )
    assert mismatch == 0
    assert _scalar(demo_con, "SELECT count(*) FROM tickets WHERE csat NOT BETWEEN 1 AND 5") == 0


def test_intervals_add_up_to_the_day(demo_con):
    mismatch = _scalar(
        demo_con,
        """SELECT count(*) FROM (
               SELECT interval_start::DATE AS date, channel, sum(contacts) AS n FROM interval_volume GROUP BY ALL) i
           JOIN daily_volume d USING (date, channel) WHERE d.contacts <> i.n""",
    )
    assert mismatch == 0


@pytest.mark.parametrize("year", [2024, 2025])
def test_attrition_is_30_to_40_percent_a_year(demo_con, year):
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    leavers = _scalar(
        demo_con,
        """SELECT count(*) FROM staff WHERE role = 'agent' AND employment_type = 'full_time'
           AND leave_date BETWEEN ? AND ?""",
        [start, end],
    )
    average = np.mean(
        [
            _scalar(
                demo_con,
                """SELECT count(*) FROM staff WHERE role = 'agent' AND employment_type = 'full_time'
               AND hire_date <= ? AND (leave_date IS NULL OR leave_date >= ?)""",
                [day, day],
            )
            for day in pd.date_range(start, end, freq="MS").date
        ]
    )
    assert 0.30 <= leavers / average <= 0.40


def test_temp_staff_are_added_for_double_11(demo_con):
    on_peak = _scalar(
        demo_con,
        "SELECT count(*) FROM staff WHERE employment_type = 'temp' AND hire_date <= ? AND leave_date >= ?",
        [dt.date(2025, 11, 11), dt.date(2025, 11, 11)],
    )
    in_august = _scalar(
        demo_con,
        "SELECT count(*) FROM staff WHERE employment_type = 'temp' AND hire_date <= ? AND leave_date >= ?",
        [dt.date(2025, 8, 15), dt.date(2025, 8, 15)],
    )
    assert on_peak >= 20 and in_august == 0


def test_an_approved_2026_budget_with_a_contingency_line(demo_con):
    status, locked, rate = demo_con.execute(
        "SELECT status, locked, contingency_rate FROM budgets WHERE year = 2026"
    ).fetchall()[0]
    assert (status, locked) == ("approved", True)
    plan, reserve = demo_con.execute(
        """SELECT sum(amount) FILTER (WHERE taxonomy_code <> 'contingency.reserve'),
                  sum(amount) FILTER (WHERE taxonomy_code = 'contingency.reserve') FROM budget_lines"""
    ).fetchall()[0]
    assert float(reserve) == pytest.approx(float(plan) * rate, rel=1e-6)
    steps = [
        row[0]
        for row in demo_con.execute("SELECT to_status FROM budget_events ORDER BY happened_at").fetchall()
    ]
    assert steps == ["draft", "internal_review", "cross_review", "final_review", "approved"]


def test_depreciation_in_the_ledger_matches_the_assets(demo_con):
    assets = demo_con.execute("SELECT * FROM assets").df()
    months = pd.period_range("2025-01", "2025-12", freq="M")
    expected = demo.monthly_depreciation(assets, months)
    computers = expected[expected["name"] == "computers"]["amount"].sum()
    booked = _scalar(
        demo_con,
        "SELECT sum(amount) FROM cost_entries WHERE source_category = '折旧费-电脑' AND year(period) = 2025",
    )
    assert float(booked) == pytest.approx(computers, abs=0.01 * 12)


def test_starting_empty_keeps_reference_data_only(demo_copy):
    con = store.connect(demo_copy)
    assert store.is_demo(con) and not demo.needs_first_start(con)
    demo.start_empty(con)
    for table in ("tickets", "daily_volume", "cost_entries", "staff", "budgets", "import_batches"):
        assert _scalar(con, f"SELECT count(*) FROM {table}") == 0, table
    assert _scalar(con, "SELECT count(*) FROM cost_taxonomy") > 0
    assert _scalar(con, "SELECT count(*) FROM events") > 0
    assert not store.is_demo(con)
    assert not demo.needs_first_start(con)  # an emptied database is not seeded again on the next start
    con.close()


def test_a_first_start_stopped_before_the_past_forecasts_is_finished_on_the_next(demo_copy):
    """The demo's data is written in one transaction and its past forecasts are fitted after it: a first start
    stopped in between (the terminal closed) left a demo without the forecasts the accuracy history needs. The
    next start publishes the missing ones, once; an emptied or imported database is left alone."""
    con = store.connect(demo_copy)
    assert demo.unpublished_forecasts(con) == [] and demo.finish_interrupted_start(con) == 0
    mid_year = demo.PUBLISHED_FORECASTS[1][0]
    with store.write_transaction(con) as cur:  # as if stopped after the first forecast
        ids = "SELECT snapshot_id FROM forecast_snapshots WHERE history_end = ?"
        cur.execute(f"DELETE FROM forecast_snapshot_values WHERE snapshot_id IN ({ids})", [mid_year])
        cur.execute("DELETE FROM forecast_snapshots WHERE history_end = ?", [mid_year])
    assert demo.unpublished_forecasts(con) == [demo.PUBLISHED_FORECASTS[1]]
    steps = []
    assert demo.finish_interrupted_start(con, progress=lambda fraction, step: steps.append(step)) == 1
    assert steps == ["forecasts", "done"]
    ends = _scalar(con, "SELECT list(history_end ORDER BY history_end) FROM forecast_snapshots")
    assert ends == [end for end, _ in demo.PUBLISHED_FORECASTS]
    assert demo.finish_interrupted_start(con) == 0  # once
    demo.start_empty(con)
    assert demo.unpublished_forecasts(con) == []  # an emptied database gets no demo forecasts
    con.close()


def test_demo_data_goes_only_into_an_empty_database(demo_copy):
    con = store.connect(demo_copy)
    with pytest.raises(ValueError, match="already holds data"):
        demo.seed_demo(con)
    con.close()
