"""The overview numbers agree with direct queries on the demo data."""

import datetime as dt
from decimal import Decimal

from analytics import overview


def test_periods_end_at_the_data_as_of_date(demo_con):
    as_of = overview.data_as_of(demo_con)
    assert as_of == dt.date(2026, 10, 31)
    assert overview.period_for("ytd", as_of) == overview.Period(dt.date(2026, 1, 1), as_of)
    assert overview.period_for("qtd", as_of) == overview.Period(dt.date(2026, 10, 1), as_of)
    assert overview.period_for("last_12_months", as_of) == overview.Period(dt.date(2025, 11, 1), as_of)


def test_kpis_equal_direct_queries(demo_con):
    period = overview.period_for("ytd", dt.date(2026, 10, 31))
    kpis = overview.kpis(demo_con, period)
    spend = demo_con.execute(
        """SELECT sum(e.amount) FROM cost_entries e JOIN cost_category_map m
           ON m.source_system = e.source AND m.source_category = e.source_category
           WHERE m.counted AND e.period BETWEEN '2026-01-01' AND '2026-10-01'"""
    ).fetchall()[0][0]
    contacts = demo_con.execute(
        "SELECT sum(contacts) FROM daily_volume WHERE date BETWEEN '2026-01-01' AND '2026-10-31'"
    ).fetchall()[0][0]
    budget = demo_con.execute(
        """SELECT sum(amount) FROM budget_lines WHERE month <= '2026-10-01'
           AND taxonomy_code <> 'contingency.reserve'"""
    ).fetchall()[0][0]
    assert kpis.spend == spend
    assert kpis.contacts == contacts
    assert kpis.budget == budget
    assert kpis.cost_per_contact == (spend / contacts).quantize(Decimal("0.01"))
    assert 3.5 < kpis.csat < 5
    assert kpis.service_level_target == 0.8


def test_last_12_months_compare_the_budgeted_months_only(demo_con):
    as_of = dt.date(2026, 10, 31)
    kpis = overview.kpis(demo_con, overview.period_for("last_12_months", as_of))
    ytd = overview.kpis(demo_con, overview.period_for("ytd", as_of))
    # November and December 2025 have no approved budget in the demo: 10 of the 12 months are compared
    assert (kpis.budget_months, kpis.months) == (10, 12)
    assert kpis.budget == ytd.budget and kpis.budgeted_spend == ytd.spend < kpis.spend
    assert kpis.budget_used == ytd.budget_used


def test_spend_excludes_ops_items_that_finance_also_books(demo_con):
    period = overview.period_for("ytd", dt.date(2026, 10, 31))
    finance = demo_con.execute(
        "SELECT sum(amount) FROM cost_entries WHERE source = 'finance_ledger' AND year(period) = 2026"
    ).fetchall()[0][0]
    ops_only = demo_con.execute(
        """SELECT sum(amount) FROM cost_entries WHERE source = 'ops_sheet' AND year(period) = 2026
           AND source_category IN ('临时工劳务费', '兼职课时费', '投诉赔付', '耳麦采购')"""
    ).fetchall()[0][0]
    assert overview.kpis(demo_con, period).spend == finance + ops_only


def test_monthly_trend_has_every_month(demo_con):
    trend = overview.monthly_trend(demo_con, 24, dt.date(2026, 10, 31))
    assert len(trend) == 24
    assert trend["month"].iloc[-1].date() == dt.date(2026, 10, 1)
    assert (trend["spend"] > 0).all() and (trend["contacts"] > 0).all()


def test_next_peaks_count_days_from_the_as_of_date(demo_con):
    peaks = overview.next_peaks(demo_con, dt.date(2026, 10, 31))
    by_key = {p.event_key: p for p in peaks}
    assert by_key["double11"].days_until == 11
    assert by_key["618"].peak_start == dt.date(2027, 6, 1)
    assert by_key["double11"].agents_needed > by_key["double11"].agents_on_roster > 0
    # Temps hired for Double-11 are on the roster for it but gone by 618.
    assert by_key["double11"].agents_on_roster > by_key["618"].agents_on_roster


def test_budget_alerts_name_the_categories_over_plan(demo_con):
    alerts = overview.budget_alerts(demo_con, dt.date(2026, 10, 31))
    assert "outsourcing" in set(alerts["level1"])
    assert (alerts["over_share"] > overview.OVER_BUDGET_ALERT).all()


def test_an_empty_database_has_no_as_of_date(empty_con):
    assert overview.data_as_of(empty_con) is None
