"""Buy or lease seat kit (analytics/lease_or_buy.py): cash, budget expense and discounted cost of each way."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from analytics import lease_or_buy as lob
from analytics import overview

# 10 units at ¥1,000 for a year: resale 10%, upkeep 12% a year (¥100 a month for the ten), lease ¥100 a unit-month.
PLAIN = lob.Terms(
    units=10,
    price=1_000.0,
    life_months=12,
    resale_share=0.10,
    upkeep_rate=0.12,
    lease_fee=100.0,
    months_per_year=12,
    discount_rate=0.0,
)


def test_undiscounted_costs_worked_by_hand():
    result = lob.compare(PLAIN)
    assert result.buy_cost == pytest.approx(10_000 + 12 * 100 - 1_000)
    assert result.lease_cost == pytest.approx(12 * 10 * 100)
    assert result.cheaper == "buy" and result.saving == pytest.approx(1_800)
    assert result.breakeven_fee == pytest.approx(10_200 / 120)  # 85 a unit-month
    # buying has paid 10,000 + 100 a month; leasing 1,000 a month: leasing passes it in month 12 (12,000 > 10,200)
    assert result.crossover_month == 12
    schedule = result.schedule
    assert list(schedule["month"]) == list(range(1, 13))
    assert schedule["buy_cash"].iloc[0] == pytest.approx(10_100)
    assert schedule["buy_cash"].iloc[-1] == pytest.approx(100 - 1_000)  # upkeep less the resale value
    assert schedule["buy_expense"].iloc[0] == pytest.approx(9_000 / 12 + 100)  # straight-line depreciation
    assert schedule["lease_expense"].iloc[0] == pytest.approx(1_000)


def test_over_the_life_the_budget_carries_what_was_paid():
    """Undiscounted, depreciation plus upkeep add up to the cash paid, and the fees to the fees."""
    result = lob.compare(dataclasses.replace(PLAIN, life_months=37, months_per_year=5))
    schedule = result.schedule
    assert schedule["buy_expense"].sum() == pytest.approx(schedule["buy_cash"].sum())
    assert schedule["lease_expense"].sum() == pytest.approx(schedule["lease_cash"].sum())
    assert schedule["buy_cumulative"].iloc[-1] == pytest.approx(result.buy_cost)
    assert schedule["lease_cumulative"].iloc[-1] == pytest.approx(result.lease_cost)


def test_at_the_break_even_fee_both_ways_cost_the_same():
    terms = dataclasses.replace(PLAIN, life_months=36, discount_rate=0.06)
    even = lob.compare(terms).breakeven_fee
    result = lob.compare(dataclasses.replace(terms, lease_fee=even))
    assert result.lease_cost == pytest.approx(result.buy_cost)
    assert result.cheaper == "even"
    assert lob.compare(dataclasses.replace(terms, lease_fee=even * 0.99)).cheaper == "lease"
    assert lob.compare(dataclasses.replace(terms, lease_fee=even * 1.01)).cheaper == "buy"


def test_months_a_year_below_which_leasing_is_cheaper():
    # buying costs 10,200; a year of leasing 12,000, so each month a year of use costs 1,000: 10.2 months
    assert lob.compare(PLAIN).breakeven_months == pytest.approx(10.2)
    terms = dataclasses.replace(PLAIN, life_months=36, discount_rate=0.06, months_per_year=3)
    months = lob.compare(terms).breakeven_months
    assert lob.compare(dataclasses.replace(terms, months_per_year=months)).cheaper == "even"
    assert lob.compare(dataclasses.replace(terms, months_per_year=months * 0.99)).cheaper == "lease"
    assert lob.compare(dataclasses.replace(terms, months_per_year=months * 1.01)).cheaper == "buy"
    assert (
        lob.compare(dataclasses.replace(PLAIN, lease_fee=0.0)).breakeven_months is None
    )  # free: always lease


def test_discounting_favours_paying_later():
    """The same fees cost less in today's money when money is dear; the price paid up front does not shrink."""
    level = lob.compare(dataclasses.replace(PLAIN, life_months=36, lease_fee=85.0))
    dear = lob.compare(dataclasses.replace(PLAIN, life_months=36, lease_fee=85.0, discount_rate=0.10))
    assert dear.lease_cost < level.lease_cost
    assert dear.buy_cost < level.buy_cost  # upkeep and resale are discounted too, less so
    assert level.lease_cost - dear.lease_cost > level.buy_cost - dear.buy_cost
    # one month's discount at 10% a year, applied to month 2's fee
    monthly = 1.10 ** (1 / 12) - 1
    one_month = lob.compare(dataclasses.replace(PLAIN, life_months=2, discount_rate=0.10))
    assert one_month.lease_cost == pytest.approx(1_000 + 1_000 / (1 + monthly))


def test_kit_needed_only_in_the_peaks_is_cheaper_leased():
    """Extra seats for 618 and Double-11: two months a year leased beat a computer bought for three years."""
    computers = lob.REFERENCE_TERMS["computers"]
    year_round = lob.compare(computers)
    peaks = lob.compare(
        dataclasses.replace(computers, months_per_year=2, lease_fee=computers.lease_fee * 1.5)
    )
    assert year_round.cheaper == "buy"
    assert peaks.cheaper == "lease"
    assert peaks.lease_cost == pytest.approx(year_round.lease_cost * 2 / 12 * 1.5)
    assert peaks.crossover_month is None  # leasing never pays out more cash within the life


@pytest.mark.parametrize(
    ("field", "value"),
    [("units", 0), ("price", 0.0), ("life_months", 0), ("resale_share", 1.0), ("months_per_year", 13)],
)
def test_terms_out_of_range_are_named(field, value):
    with pytest.raises(ValueError, match=field):
        lob.compare(dataclasses.replace(PLAIN, **{field: value}))


def test_starting_figures_from_the_data(demo_con, empty_con):
    as_of = dt.date(2026, 10, 31)
    seats = demo_con.execute(
        "SELECT count(*) FROM staff WHERE role = 'agent' AND employment_type <> 'outsourced'"
        " AND hire_date <= ? AND (leave_date IS NULL OR leave_date > ?)",
        [as_of, as_of],
    ).fetchone()[0]
    assert lob.agent_seats(demo_con, as_of) == seats > 0
    outsourced = demo_con.execute(
        "SELECT count(*) FROM staff WHERE employment_type = 'outsourced' AND hire_date <= ?"
        " AND (leave_date IS NULL OR leave_date > ?)",
        [as_of, as_of],
    ).fetchone()[0]
    assert outsourced > 0  # the demo has outsourced agents, and they are not counted as our seats
    assert lob.register_life(demo_con, "computers") == 36
    assert lob.register_life(demo_con, "headsets") is None  # headsets are expensed, not registered
    assert lob.agent_seats(empty_con, as_of) == 0
    assert lob.register_life(empty_con, "computers") is None


def test_seats_for_the_coming_peaks_from_their_gaps_and_days(demo_con):
    as_of = dt.date(2026, 10, 31)
    outlooks = overview.next_peaks(demo_con, as_of)
    gaps = {o.event_key: o.gap for o in outlooks}
    assert gaps["double11"] > 0 and gaps["618"] > 0  # the demo is short of agents for both
    seats = lob.peak_seats(demo_con, outlooks)
    by_event = {p.event_key: p for p in seats.peaks}
    # the demo's Double-11 2026 runs from the pre-sale on 10-20 to the after-sales' end on 11-20: 32 days, two
    # 30-day lease months; 618 2027 from 05-20 to 06-28: 40 days, two months
    assert (by_event["double11"].days, by_event["double11"].months) == (32, 2)
    assert (by_event["618"].days, by_event["618"].months) == (40, 2)
    assert by_event["double11"].gap == gaps["double11"]
    assert seats.units == max(gaps.values())
    assert seats.months_per_year == 4


def test_no_peak_seats_where_the_roster_suffices_or_the_gap_is_unknown(demo_con):
    outlooks = overview.next_peaks(demo_con, dt.date(2026, 10, 31))
    enough = [dataclasses.replace(o, agents_on_roster=o.agents_needed) for o in outlooks]
    assert lob.peak_seats(demo_con, enough) is None
    no_roster = [dataclasses.replace(o, has_roster=False, agents_on_roster=0) for o in outlooks]
    assert lob.peak_seats(demo_con, no_roster) is None
    no_history = [dataclasses.replace(o, has_history=False, agents_needed=0) for o in outlooks]
    assert lob.peak_seats(demo_con, no_history) is None
    one_short = [enough[0], outlooks[1]]
    seats = lob.peak_seats(demo_con, one_short)
    assert [p.event_key for p in seats.peaks] == [outlooks[1].event_key]
    assert seats.units == outlooks[1].gap and seats.months_per_year == seats.peaks[0].months


def test_peak_lease_months_stop_at_a_year():
    long_events = lob.PeakSeats(
        tuple(lob.PeakLease("x", dt.date(2027, 1, 1), 5, 200, 7) for _ in range(2))  # 14 months asked
    )
    assert long_events.months_per_year == 12
