"""The overview numbers agree with direct queries on the demo data."""

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from analytics import overview, staffing, store, whatif


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
    # The roster is counted in full-time equivalents: a part-timer is half an agent.
    by_type = dict(
        demo_con.execute(
            """SELECT employment_type, count(*) FROM staff WHERE role = 'agent' AND hire_date <= '2026-10-31'
               AND (leave_date IS NULL OR leave_date >= '2026-11-11') GROUP BY ALL"""
        ).fetchall()
    )
    assert by_type["part_time"] > 0
    expected = sum(by_type.values()) - by_type["part_time"] * (1 - staffing.PART_TIME_FTE)
    assert by_key["double11"].agents_on_roster == round(expected)


def test_the_peak_need_comes_from_the_staffing_model_and_its_targets(demo_copy):
    """The outlook staffs last year's busiest days as the what-if does: a stricter service level needs more
    agents, and the busiest days need more than the same month does on average."""
    con = store.connect(demo_copy)
    try:
        as_of = dt.date(2026, 10, 31)
        before = {p.event_key: p.agents_needed for p in overview.next_peaks(con, as_of)}
        november = overview._busiest_days(con, dt.date(2025, 11, 1), dt.date(2025, 11, 30))
        days = pd.date_range("2025-11-01", "2025-11-30")
        month = whatif.load_daily_history(con)
        month = month[month["date"].isin(days)].rename(columns={"contacts": "forecast"})
        targets = whatif.target_scenario(whatif.read_targets(con))
        busiest_fte = whatif.days_fte(con, november.rename(columns={"contacts": "forecast"}), targets)
        assert len(november["date"].unique()) == overview.PEAK_DAYS
        assert busiest_fte > 1.2 * whatif.days_fte(con, month, targets)
        con.execute("UPDATE targets SET value = 0.95 WHERE metric = 'service_level'")
        after = {p.event_key: p.agents_needed for p in overview.next_peaks(con, as_of)}
    finally:
        con.close()
    assert before.keys() == after.keys() == {"618", "double11"}
    assert all(after[key] > before[key] for key in before)


def test_budget_alerts_name_the_categories_over_plan(demo_con):
    alerts = overview.budget_alerts(demo_con, dt.date(2026, 10, 31))
    assert "outsourcing" in set(alerts["level1"])
    assert (alerts["over_share"] > overview.OVER_BUDGET_ALERT).all()


def test_an_empty_database_has_no_as_of_date(empty_con):
    assert overview.data_as_of(empty_con) is None


@pytest.fixture()
def volume_and_two_months_of_costs(empty_con):
    """A new customer's database: daily volume for January to April 2026, a cost ledger for March and April
    only, no roster."""
    days = pd.date_range("2026-01-01", "2026-04-30", freq="D")
    volume = pd.DataFrame({"source": "own", "date": days.date, "channel": "phone", "contacts": 100})
    ledger = pd.DataFrame(
        [("E1", dt.date(2026, 3, 1), 31_000.00), ("E2", dt.date(2026, 4, 1), 29_000.00)],
        columns=["entry_id", "period", "amount"],
    ).assign(source="ledger", cost_center="CS", source_category="工资")
    category_map = pd.DataFrame(
        [("ledger", "工资", "direct_labor.base_pay", True, None)],
        columns=["source_system", "source_category", "taxonomy_code", "counted", "note"],
    )
    with store.write_transaction(empty_con) as cur:
        batch = store.new_batch(cur, "test", "test")
        store.insert_frame(cur, "cost_taxonomy", store.load_taxonomy())
        store.insert_frame(cur, "cost_category_map", category_map)
        store.insert_frame(cur, "daily_volume", volume.assign(batch_id=batch))
        store.insert_frame(cur, "cost_entries", ledger.assign(batch_id=batch))
    return empty_con


def test_cost_per_contact_counts_only_the_months_with_costs(volume_and_two_months_of_costs):
    """Contacts of January and February, which have no ledger yet, do not dilute the cost per contact."""
    kpis = overview.kpis(volume_and_two_months_of_costs, overview.period_for("ytd", dt.date(2026, 4, 30)))
    assert kpis.months == 4
    assert kpis.spend_months == 2
    assert kpis.contacts == 100 * 120
    assert kpis.spend == Decimal("60000.00")
    assert kpis.cost_per_contact == Decimal("9.84")  # ¥60,000 over the 6,100 contacts of March and April


def test_no_roster_is_no_headcount_rather_than_zero(volume_and_two_months_of_costs, empty_con):
    assert (
        overview.kpis(
            volume_and_two_months_of_costs, overview.period_for("ytd", dt.date(2026, 4, 30))
        ).headcount
        is None
    )


def test_no_cost_ledger_has_no_cost_per_contact(empty_con):
    volume = pd.DataFrame(
        {"source": "own", "date": [dt.date(2026, 4, 1)], "channel": "phone", "contacts": 100}
    )
    with store.write_transaction(empty_con) as cur:
        store.insert_frame(cur, "daily_volume", volume.assign(batch_id=store.new_batch(cur, "test", "test")))
    kpis = overview.kpis(empty_con, overview.period_for("ytd", dt.date(2026, 4, 1)))
    assert kpis.spend_months == 0
    assert kpis.cost_per_contact is None


def test_peaks_say_when_last_years_event_and_the_roster_are_missing(volume_and_two_months_of_costs, demo_con):
    """Four months of volume hold neither last year's 618 nor last year's Double-11, and there is no roster:
    the outlook says so instead of 'needs 0, has 0, enough staff'."""
    con = volume_and_two_months_of_costs
    with store.write_transaction(con) as cur:
        store.insert_frame(cur, "events", demo_con.execute("SELECT * FROM events").df())
    peaks = overview.next_peaks(con, dt.date(2026, 4, 30))
    assert {p.event_key for p in peaks} == {"618", "double11"}
    assert not any(p.has_history or p.has_roster for p in peaks)
    demo = overview.next_peaks(demo_con, dt.date(2026, 10, 31))
    assert all(p.has_history and p.has_roster for p in demo)


def test_monthly_trend_leaves_months_without_data_empty(volume_and_two_months_of_costs):
    """Months before the first import are no data, not zero contacts; months without a ledger are no spend."""
    trend = overview.monthly_trend(volume_and_two_months_of_costs, 6, dt.date(2026, 4, 30)).set_index("month")
    assert trend["contacts"].isna().tolist() == [True, True, False, False, False, False]  # Nov to April
    assert trend["spend"].isna().tolist() == [True, True, True, True, False, False]
    assert trend.loc["2026-03-01", "spend"] == 31_000.0


def test_the_peak_need_of_volume_without_handle_times(empty_con, demo_con):
    """Daily volume with no AHT: last year's busiest days are the ones with the most contacts, staffed at the
    default handle time, not the first seven days of the event."""
    days = pd.date_range("2025-05-01", "2026-04-30", freq="D")
    contacts = [400 if day == pd.Timestamp("2025-06-18") else 100 for day in days]
    volume = pd.DataFrame({"source": "own", "date": days.date, "channel": "phone", "contacts": contacts})
    with store.write_transaction(empty_con) as cur:
        batch = store.new_batch(cur, "test", "test")
        store.insert_frame(cur, "daily_volume", volume.assign(batch_id=batch))
        store.insert_frame(cur, "events", demo_con.execute("SELECT * FROM events").df())
    busiest = overview._busiest_days(empty_con, dt.date(2025, 5, 20), dt.date(2025, 6, 28))
    assert dt.date(2025, 6, 18) in set(busiest["date"].dt.date) and len(busiest) == overview.PEAK_DAYS
    peak = next(p for p in overview.next_peaks(empty_con, dt.date(2026, 4, 30)) if p.event_key == "618")
    assert peak.has_history and not peak.has_roster and peak.agents_needed > 0


def _event_span(con, key: str, year: int) -> tuple[dt.date, dt.date]:
    first, last = con.execute(
        "SELECT min(start_date), max(end_date) FROM events WHERE event_key = ? AND year = ?", [key, year]
    ).fetchone()
    return first, last


def test_the_peak_grows_last_years_days_by_the_published_forecast(demo_con):
    """Double-11 2026: the demo's mid-year forecast (history to 2026-06-30) covers it, so each channel grows by this
    year's Double-11 over last year's: the pre-sale days gone as they were, the rest as forecast times how the
    forecast ran against actuals over the last 28 days. 618 2027 lies beyond every published forecast: the last
    90 days' growth serves."""
    as_of = dt.date(2026, 10, 31)
    peaks = {p.event_key: p for p in overview.next_peaks(demo_con, as_of)}
    double11, june = peaks["double11"], peaks["618"]
    assert double11.forecast is not None and double11.forecast.snapshot_id == 2
    assert double11.forecast.history_end == dt.date(2026, 6, 30)
    assert june.forecast is None and june.growth == pytest.approx(overview._volume_growth(demo_con, as_of))

    event, last_year = _event_span(demo_con, "double11", 2026), _event_span(demo_con, "double11", 2025)
    values = demo_con.execute(
        "SELECT date, channel, forecast FROM forecast_snapshot_values WHERE snapshot_id = 2"
    ).df()
    values["date"] = pd.to_datetime(values["date"]).dt.date
    actual = whatif.load_daily_history(demo_con)
    actual["date"] = actual["date"].dt.date

    def total(frame, column, first, last):
        return frame[(frame["date"] >= first) & (frame["date"] <= last)].groupby("channel")[column].sum()

    recent = (as_of - dt.timedelta(days=overview.RECENT_DAYS - 1), as_of)
    level = total(actual, "contacts", *recent) / total(values, "forecast", *recent).drop("total")
    gone = total(actual, "contacts", event[0], as_of)
    ahead = total(values, "forecast", as_of + dt.timedelta(days=1), event[1]).drop("total")
    assert gone.sum() > 0  # the pre-sale began on 2026-10-20
    expected = (gone + ahead * level) / total(actual, "contacts", *last_year)
    assert double11.forecast.by_channel == pytest.approx(expected.to_dict())
    assert double11.growth == double11.forecast.overall
    # the mid-year forecast ran low by autumn: the correction lifts it
    assert double11.forecast.recent_level > 1.02


def test_an_old_forecast_does_not_grow_the_peak(demo_copy):
    """A forecast whose history ends more than half a year before the as-of date is not used."""
    con = store.connect(demo_copy)
    try:
        con.execute("DELETE FROM forecast_snapshot_values WHERE snapshot_id = 2")
        con.execute("DELETE FROM forecast_snapshots WHERE snapshot_id = 2")
        peak = next(p for p in overview.next_peaks(con, dt.date(2026, 10, 31)) if p.event_key == "double11")
    finally:
        con.close()
    assert peak.forecast is None  # the 2026 budget forecast's history ends 2025-12-31, ten months before
    assert peak.growth == pytest.approx(
        overview._volume_growth(store.connect(demo_copy), dt.date(2026, 10, 31))
    )


def test_a_forecast_made_on_all_the_data_needs_no_correction(demo_copy):
    """A forecast whose history ends on the as-of date has no days after it to drift over: it grows the peak as
    published (after the pre-sale days gone), and the newest forecast in force wins over the older mid-year one."""
    from analytics.forecast.snapshots import publish_snapshot, withdraw_snapshot

    as_of = dt.date(2026, 10, 31)
    con = store.connect(demo_copy)
    try:
        values = con.execute(
            "SELECT * FROM forecast_snapshot_values WHERE snapshot_id = 2 AND date > ?", [as_of]
        ).df()
        snapshot_id = publish_snapshot(con, values.drop(columns="snapshot_id"), as_of, {"all": "test"})
        peak = next(p for p in overview.next_peaks(con, as_of) if p.event_key == "double11")
        event, last_year = _event_span(con, "double11", 2026), _event_span(con, "double11", 2025)
        ahead = values[(values["date"].dt.date <= event[1]) & (values["channel"] != "total")]
        history = whatif.load_daily_history(con)
        withdraw_snapshot(
            con, snapshot_id, "计划组 王芳", "测试"
        )  # withdrawn: the mid-year one grows it again
        after = next(p for p in overview.next_peaks(con, as_of) if p.event_key == "double11")
    finally:
        con.close()
    assert peak.forecast.snapshot_id == snapshot_id and peak.forecast.recent_days == 0
    assert after.forecast.snapshot_id == 2

    def actual(first, last):
        days = history[(history["date"].dt.date >= first) & (history["date"].dt.date <= last)]
        return days.groupby("channel")["contacts"].sum()

    this_year = actual(event[0], as_of) + ahead.groupby("channel")["forecast"].sum()
    expected = this_year / actual(*last_year)
    assert peak.forecast.by_channel == pytest.approx(expected.to_dict())
