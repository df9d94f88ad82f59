"""Tests of analytics.staffing: Erlang C/A, chat, async workload, shrinkage, FTE and the headcount plan."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from analytics.staffing import (
    ChannelStaffing,
    apply_shrinkage,
    async_required_agents,
    average_speed_of_answer,
    chat_required_agents,
    erlang_a_metrics,
    fte_from_intervals,
    headcount_plan,
    interval_requirements,
    new_hire_productivity,
    occupancy,
    offered_load,
    probability_of_wait,
    required_agents,
    required_agents_erlang_a,
    service_level,
)

# The reference case (../shared/data/real/erlang_c_reference/SOURCE.md, from pyworkforce's tests):
# 100 calls in 30 minutes, AHT 3 minutes, answer target asa = 0.33 minutes (19.8 s), shrinkage 30%.
CALLS, AHT, INTERVAL, ANSWER, SHRINKAGE = 100, 180, 1800, 0.33 * 60, 0.3


# ---------------------------------------------------------------------------------------------
# An independent Erlang C, the textbook way (scalar, pure Python), to check the vectorised one
# ---------------------------------------------------------------------------------------------


def _textbook_erlang_c(agents: int, load: float) -> float:
    inverse_b = 1.0
    for k in range(1, agents + 1):
        inverse_b = 1.0 + inverse_b * k / load
    b = 1.0 / inverse_b
    return agents * b / (agents - load * (1 - b))


def _textbook_required(calls, aht, interval, target, answer, max_occupancy=1.0) -> int:
    if calls == 0:
        return 0
    load = calls * aht / interval
    n = math.floor(load) + 1
    while 1 - _textbook_erlang_c(n, load) * math.exp(-(n - load) * answer / aht) < target:
        n += 1
    return max(n, math.ceil(load / max_occupancy - 1e-9))


# ---------------------------------------------------------------------------------------------
# Erlang C: reference cases
# ---------------------------------------------------------------------------------------------


def test_reference_case_a_80_percent_with_85_percent_occupancy_cap():
    agents = required_agents(CALLS, AHT, INTERVAL, 0.8, ANSWER, max_occupancy=0.85)
    assert agents == 14
    assert service_level(CALLS, AHT, INTERVAL, agents, ANSWER) == pytest.approx(0.8879, abs=1e-4)
    assert occupancy(CALLS, AHT, INTERVAL, agents) == pytest.approx(0.7143, abs=1e-4)
    assert probability_of_wait(CALLS, AHT, INTERVAL, agents) == pytest.approx(0.1741, abs=1e-4)
    assert math.ceil(apply_shrinkage(agents, SHRINKAGE)) == 20


def test_reference_case_b_70_percent_occupancy_cap_needs_one_more():
    agents = required_agents(CALLS, AHT, INTERVAL, 0.8, ANSWER, max_occupancy=0.70)
    assert agents == 15
    assert service_level(CALLS, AHT, INTERVAL, agents, ANSWER) == pytest.approx(0.9411, abs=1e-4)
    assert occupancy(CALLS, AHT, INTERVAL, agents) == pytest.approx(0.6667, abs=1e-4)
    assert probability_of_wait(CALLS, AHT, INTERVAL, agents) == pytest.approx(0.1020, abs=1e-4)
    assert math.ceil(apply_shrinkage(agents, SHRINKAGE)) == 22


def test_textbook_80_in_20_seconds_13_agents_fall_short():
    assert offered_load(CALLS, AHT, INTERVAL) == pytest.approx(10.0)
    assert required_agents(CALLS, AHT, INTERVAL, 0.8, 20) == 14
    assert service_level(CALLS, AHT, INTERVAL, 13, 20) == pytest.approx(0.7956, abs=1e-4)
    assert service_level(CALLS, AHT, INTERVAL, 14, 20) == pytest.approx(0.8884, abs=1e-4)
    assert average_speed_of_answer(CALLS, AHT, INTERVAL, 14) == pytest.approx(7.84, abs=0.01)
    assert average_speed_of_answer(CALLS, AHT, INTERVAL, 13) == pytest.approx(17.1, abs=0.1)


def test_metrics_are_vectorised_over_agents():
    levels = service_level(CALLS, AHT, INTERVAL, np.array([12, 13, 14, 15]), ANSWER)
    np.testing.assert_allclose(levels, [0.6394, 0.7949, 0.8879, 0.9411], atol=1e-4)


# ---------------------------------------------------------------------------------------------
# Erlang C: properties and edges
# ---------------------------------------------------------------------------------------------

queue_inputs = st.tuples(
    st.integers(0, 3000),  # calls
    st.integers(30, 900),  # AHT seconds
    st.sampled_from([900, 1800, 3600]),  # interval
    st.floats(0.5, 0.95),  # target service level
    st.floats(0, 120),  # answer seconds
    st.floats(0.6, 1.0),  # max occupancy
)


@settings(max_examples=150, deadline=None)
@given(queue_inputs)
def test_matches_an_independent_textbook_erlang_c(case):
    calls, aht, interval, target, answer, max_occ = case
    assert required_agents(calls, aht, interval, target, answer, max_occ) == _textbook_required(
        calls, aht, interval, target, answer, max_occ
    )


@settings(max_examples=150, deadline=None)
@given(queue_inputs, st.integers(1, 200), st.floats(0.0, 0.04))
def test_more_calls_or_a_higher_target_never_needs_fewer_agents(case, extra_calls, extra_target):
    calls, aht, interval, target, answer, max_occ = case
    base = required_agents(calls, aht, interval, target, answer, max_occ)
    assert required_agents(calls + extra_calls, aht, interval, target, answer, max_occ) >= base
    assert required_agents(calls, aht, interval, target + extra_target, answer, max_occ) >= base


@settings(max_examples=150, deadline=None)
@given(queue_inputs)
def test_agents_always_exceed_the_load_and_one_fewer_misses(case):
    calls, aht, interval, target, answer, max_occ = case
    agents = required_agents(calls, aht, interval, target, answer, max_occ)
    if calls == 0:
        assert agents == 0
        return
    assert agents > offered_load(calls, aht, interval)
    assert service_level(calls, aht, interval, agents, answer) >= target
    fewer = agents - 1
    missed = service_level(calls, aht, interval, fewer, answer) < target
    over_cap = occupancy(calls, aht, interval, fewer) > max_occ
    assert missed or over_cap


def test_ten_thousand_calls_in_an_interval_without_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        agents = required_agents(10_000, AHT, INTERVAL, 0.8, 20)  # 1,000 Erlangs
        level = service_level(10_000, AHT, INTERVAL, agents, 20)
        short = service_level(10_000, AHT, INTERVAL, agents - 1, 20)
    assert agents == _textbook_required(10_000, AHT, INTERVAL, 0.8, 20)
    assert 1000 < agents < 1000 + 2 * math.sqrt(1000)
    assert level >= 0.8 > short
    assert occupancy(10_000, AHT, INTERVAL, agents) > 0.95  # large pools run hot for the same SL


def test_tens_of_thousands_of_erlangs_stay_finite():
    agents = required_agents(np.array([200_000.0, 1_000_000.0]), 180, 1800, 0.9, 20)
    loads = np.array([20_000.0, 100_000.0])
    assert np.all(np.isfinite(agents))
    assert np.all(agents > loads)
    assert np.all(agents < loads + 3 * np.sqrt(loads))
    levels = service_level(np.array([200_000.0, 1_000_000.0]), 180, 1800, agents, 20)
    assert np.all(levels >= 0.9)


def test_zero_volume_needs_nobody_and_nan_stays_missing():
    agents = required_agents(np.array([0.0, np.nan, 50.0]), 300, 1800, 0.8, 20)
    assert agents[0] == 0
    assert np.isnan(agents[1])
    assert agents[2] == _textbook_required(50, 300, 1800, 0.8, 20)
    assert required_agents(0, 0, 1800, 0.8, 20) == 0  # no calls: AHT does not matter
    assert service_level(0, 300, 1800, 0, 20) == 1.0
    assert occupancy(0, 300, 1800, 0) == 0.0


def test_load_at_or_above_agents_is_never_met():
    load_10 = dict(calls=CALLS, aht_seconds=AHT, interval_seconds=INTERVAL)
    assert service_level(**load_10, agents=10, target_answer_seconds=20) == 0.0
    assert service_level(**load_10, agents=9, target_answer_seconds=3600) == 0.0
    assert probability_of_wait(**load_10, agents=10) == 1.0
    assert average_speed_of_answer(**load_10, agents=10) == math.inf
    assert occupancy(**load_10, agents=8) == 1.0
    assert required_agents(CALLS, AHT, INTERVAL, 0.0, 20) == 11  # even a 0% target needs agents > load


def test_series_in_series_out_and_broadcasting():
    calls = pd.Series([0, 100, 1000], index=pd.date_range("2026-11-11", periods=3, freq="30min"))
    agents = required_agents(calls, AHT, INTERVAL, 0.8, 20)
    assert isinstance(agents, pd.Series)
    assert agents.index.equals(calls.index)
    assert agents.tolist() == [0, 14, _textbook_required(1000, AHT, INTERVAL, 0.8, 20)]
    grid = required_agents(np.array([[100], [200]]), np.array([180, 360]), INTERVAL, 0.8, 20)
    assert grid.shape == (2, 2)
    assert grid[0, 0] == 14 and grid[1, 1] == _textbook_required(200, 360, INTERVAL, 0.8, 20)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(calls=-1),
        dict(target_service_level=1.0),
        dict(target_service_level=-0.1),
        dict(max_occupancy=0.0),
        dict(max_occupancy=1.2),
        dict(aht_seconds=0),
        dict(interval_seconds=0),
        dict(target_answer_seconds=-5),
    ],
)
def test_invalid_inputs_raise(kwargs):
    args = dict(
        calls=100, aht_seconds=180, interval_seconds=1800, target_service_level=0.8, target_answer_seconds=20
    )
    with pytest.raises(ValueError):
        required_agents(**{**args, **kwargs})


# ---------------------------------------------------------------------------------------------
# Erlang A
# ---------------------------------------------------------------------------------------------


def _birth_death_erlang_a(calls, aht, interval, agents, answer, patience, queue_cap=4000):
    """M/M/n+M solved as a truncated birth-death chain, the waiting-time tail summed state by state.

    An arrival that finds m callers waiting is answered after a sum of exponentials with rates
    nμ + iθ, i = 0..m, whose tail is the regularized incomplete beta I_{e^{−θt}}(nμ/θ, m + 1).
    """
    lam, mu, theta = calls / interval, 1 / aht, 1 / patience
    states = np.arange(agents + queue_cap + 1)
    death = np.minimum(states, agents) * mu + np.maximum(states - agents, 0) * theta
    log_p = np.concatenate([[0.0], np.cumsum(np.log(lam) - np.log(death[1:]))])
    p = np.exp(log_p - log_p.max())
    p /= p.sum()
    waiting = states >= agents
    p_wait = p[waiting].sum()
    p_abandon = theta * (p * np.maximum(states - agents, 0)).sum() / lam
    m = states[waiting] - agents
    tail = special.betainc(agents * mu / theta, m + 1, np.exp(-theta * answer))
    late = (p[waiting] * tail).sum() * np.exp(-theta * answer)
    return p_wait, p_abandon, 1 - late


@pytest.mark.parametrize(
    "calls, aht, agents, answer, patience",
    [
        (100, 180, 12, 20, 120),
        (100, 180, 8, 20, 60),  # overloaded: fewer agents than Erlangs
        (400, 300, 60, 30, 180),
        (30, 600, 3, 60, 30),
        (20, 180, 5, 20, 300),  # quiet queue: the series branch of the Kummer function
        (2000, 180, 205, 20, 600),  # 200 Erlangs, patient callers
    ],
)
def test_erlang_a_closed_form_matches_the_birth_death_chain(calls, aht, agents, answer, patience):
    metrics = erlang_a_metrics(calls, aht, 1800, agents, answer, patience)
    p_wait, p_abandon, level = _birth_death_erlang_a(calls, aht, 1800, agents, answer, patience)
    assert metrics["probability_of_wait"] == pytest.approx(p_wait, rel=1e-9)
    assert metrics["abandon_rate"] == pytest.approx(p_abandon, rel=1e-9)
    assert metrics["service_level"] == pytest.approx(level, rel=1e-9)
    assert metrics["average_wait_seconds"] == pytest.approx(p_abandon * patience, rel=1e-12)


def test_erlang_a_with_endless_patience_is_erlang_c():
    metrics = erlang_a_metrics(CALLS, AHT, INTERVAL, 14, ANSWER, 1e8)
    assert metrics["service_level"] == pytest.approx(0.887853, abs=1e-5)
    assert metrics["probability_of_wait"] == pytest.approx(0.174132, abs=1e-5)
    assert metrics["average_wait_seconds"] == pytest.approx(7.8359, abs=1e-3)
    assert metrics["abandon_rate"] < 1e-6


def test_erlang_a_reference_numbers_and_staffing_below_the_load():
    assert required_agents_erlang_a(CALLS, AHT, INTERVAL, 0.8, 20, patience_seconds=120) == 12
    # overload is stable when callers hang up: 8 agents for 10 Erlangs lose about 1 caller in 5
    metrics = erlang_a_metrics(CALLS, AHT, INTERVAL, 8, 20, 60)
    assert 0.15 < metrics["abandon_rate"] < 0.30
    assert metrics["occupancy"] == pytest.approx(10 * (1 - metrics["abandon_rate"]) / 8)


@settings(max_examples=80, deadline=None)
@given(queue_inputs, st.floats(5, 900))
def test_erlang_a_never_needs_more_agents_than_erlang_c(case, patience):
    calls, aht, interval, target, answer, max_occ = case
    erlang_a = required_agents_erlang_a(calls, aht, interval, target, answer, patience, max_occ)
    assert erlang_a <= required_agents(calls, aht, interval, target, answer, max_occ)
    if calls > 0:
        assert erlang_a >= 1


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 600), st.integers(60, 600), st.floats(0.5, 0.95), st.floats(0, 60), st.floats(10, 600))
def test_erlang_a_bisection_finds_the_smallest_staffing(calls, aht, target, answer, patience):
    agents = required_agents_erlang_a(calls, aht, 1800, target, answer, patience, max_abandon_rate=0.1)
    scan = np.arange(1, agents + 1)
    metrics = erlang_a_metrics(calls, aht, 1800, scan, answer, patience)
    ok = (metrics["service_level"] >= target) & (metrics["abandon_rate"] <= 0.1)
    assert ok[-1]
    assert not ok[:-1].any()


def test_abandonment_cap_adds_agents_when_patience_is_short():
    # Callers who hang up within 5 s "meet" 80/20 by leaving: the abandonment cap stops that.
    loose = required_agents_erlang_a(CALLS, AHT, INTERVAL, 0.8, 20, patience_seconds=5)
    capped = required_agents_erlang_a(
        CALLS, AHT, INTERVAL, 0.8, 20, patience_seconds=5, max_abandon_rate=0.05
    )
    assert loose == 1
    assert capped > loose
    assert erlang_a_metrics(CALLS, AHT, INTERVAL, capped, 20, 5)["abandon_rate"] <= 0.05
    assert erlang_a_metrics(CALLS, AHT, INTERVAL, capped - 1, 20, 5)["abandon_rate"] > 0.05


def test_erlang_a_edges():
    assert required_agents_erlang_a(0, 180, 1800, 0.8, 20, 60) == 0
    nobody = erlang_a_metrics(CALLS, AHT, INTERVAL, 0, 20, 60)
    assert nobody["abandon_rate"] == 1.0
    assert nobody["service_level"] == pytest.approx(1 - math.exp(-20 / 60))
    with pytest.raises(ValueError):
        required_agents_erlang_a(CALLS, AHT, INTERVAL, 0.8, 20, patience_seconds=math.inf)


# ---------------------------------------------------------------------------------------------
# Chat with concurrency, async work
# ---------------------------------------------------------------------------------------------


def test_chat_concurrency_divides_slots_among_agents():
    slots = required_agents(100, 600, 1800, 0.8, 30)
    assert slots == 39
    assert chat_required_agents(100, 600, 1800, 0.8, 30, concurrency=1) == 39
    assert chat_required_agents(100, 600, 1800, 0.8, 30, concurrency=2) == 20
    assert chat_required_agents(100, 600, 1800, 0.8, 30, concurrency=3) == 13
    assert chat_required_agents(0, 600, 1800, 0.8, 30, concurrency=3) == 0
    with pytest.raises(ValueError):
        chat_required_agents(100, 600, 1800, 0.8, 30, concurrency=0.5)


def test_async_staffs_at_the_deadline_and_carries_the_backlog():
    arrivals = pd.Series([0, 0, 0, 10, 0, 0, 5, 0, 0, 0], dtype=float)
    plan = async_required_agents(
        arrivals, handle_seconds=600, interval_seconds=1800, response_time_seconds=3 * 1800
    )
    # 10 items × 600 s = 6,000 s of work, 1,800 s per agent → 4 agents in the interval they fall due
    assert plan["agents"].tolist() == [0, 0, 0, 0, 0, 4, 0, 0, 2, 0]
    assert plan["backlog"].tolist() == [0, 0, 0, 10, 10, 0, 5, 5, 0, 0]
    assert plan["handled"].sum() == 15


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 200), min_size=1, max_size=120),
    st.integers(60, 1200),
    st.integers(1, 48),
    st.floats(0.5, 1.0),
)
def test_async_meets_every_response_deadline(arrivals, handle, window, max_occ):
    plan = async_required_agents(np.array(arrivals), handle, 1800, window * 1800, max_occ)
    arrived = np.cumsum(arrivals)
    finished = np.cumsum(plan["handled"].to_numpy())
    due = np.concatenate([np.zeros(window - 1), arrived])[: len(arrivals)]
    assert np.all(finished >= due - 1e-6)  # everything due by now is done
    assert np.all(plan["backlog"].to_numpy() >= -1e-6)
    capacity = plan["agents"].to_numpy() * 1800 * max_occ / handle
    assert np.all(plan["handled"].to_numpy() <= capacity + 1e-6)


def test_async_response_time_shorter_than_an_interval_is_same_interval():
    plan = async_required_agents(np.array([3.0, 0.0, 6.0]), 600, 1800, 900)
    assert plan["agents"].tolist() == [1, 0, 2]
    assert plan["backlog"].tolist() == [0, 0, 0]


def test_interval_requirements_route_each_channel_to_its_model():
    starts = pd.date_range("2026-11-10 08:00", periods=6, freq="30min")
    contacts = [40.0, 80, 120, 60, 10, 0]
    intervals = pd.concat(
        [
            pd.DataFrame({"interval_start": starts, "channel": ch, "contacts": contacts})
            for ch in ("phone", "online", "email")
        ],
        ignore_index=True,
    )
    staffing = {
        "phone": ChannelStaffing("queued", 300, 0.8, 20, max_occupancy=0.85),
        "online": ChannelStaffing("concurrent", 600, 0.8, 30, concurrency=3),
        "email": ChannelStaffing("async", 600, response_time_seconds=2 * 3600),
    }
    out = interval_requirements(intervals, staffing)
    by = {ch: part["agents"].to_numpy() for ch, part in out.groupby("channel")}
    np.testing.assert_array_equal(by["phone"], required_agents(np.array(contacts), 300, 1800, 0.8, 20, 0.85))
    np.testing.assert_array_equal(
        by["online"], chat_required_agents(np.array(contacts), 600, 1800, 0.8, 30, 3)
    )
    np.testing.assert_array_equal(
        by["email"], async_required_agents(np.array(contacts), 600, 1800, 7200)["agents"]
    )
    with pytest.raises(ValueError, match="wechat"):
        interval_requirements(intervals.assign(channel="wechat"), staffing)


# ---------------------------------------------------------------------------------------------
# Shrinkage and FTE
# ---------------------------------------------------------------------------------------------


def test_shrinkage_divides_by_the_productive_share():
    assert apply_shrinkage(14, 0.3) == pytest.approx(20.0)
    assert apply_shrinkage(14, 0.3) != pytest.approx(14 * 1.3)  # the common mistake gives 18.2
    assert apply_shrinkage(14, 0.0) == 14
    np.testing.assert_allclose(apply_shrinkage(np.array([10, 20]), np.array([0.5, 0.2])), [20, 25])
    for bad in (1.0, -0.1, 1.5):
        with pytest.raises(ValueError):
            apply_shrinkage(14, bad)


def _intervals_for(days: pd.DatetimeIndex, channel: str, agents: float) -> pd.DataFrame:
    starts = pd.date_range(days[0], days[-1] + pd.Timedelta(days=1), freq="30min", inclusive="left")
    return pd.DataFrame({"interval_start": starts, "channel": channel, "agents": agents})


def test_fte_per_month_sums_interval_hours_and_grosses_up_for_shrinkage():
    days = pd.date_range("2026-01-01", "2026-02-28", freq="D")
    intervals = pd.concat([_intervals_for(days, "phone", 10.0), _intervals_for(days, "email", 2.0)])
    monthly = fte_from_intervals(intervals, period="month", shrinkage={"phone": 0.3, "email": 0.2})
    assert monthly[["month", "channel"]].values.tolist() == [
        [pd.Timestamp("2026-01-01"), "email"],
        [pd.Timestamp("2026-01-01"), "phone"],
        [pd.Timestamp("2026-02-01"), "email"],
        [pd.Timestamp("2026-02-01"), "phone"],
    ]
    phone_jan = monthly.query("channel == 'phone'").iloc[0]
    assert phone_jan["agent_hours"] == pytest.approx(10 * 24 * 31)  # 10 seats around the clock
    assert phone_jan["fte"] == pytest.approx(10 * 24 * 31 / 174 / 0.7)
    assert monthly["agent_hours"].sum() == pytest.approx(intervals["agents"].sum() * 0.5)


def test_fte_per_day_and_timezone_aware_intervals():
    starts = pd.date_range("2026-06-17 23:00", periods=4, freq="30min", tz="Asia/Shanghai")
    intervals = pd.DataFrame({"interval_start": starts, "channel": "phone", "agents": [4.0, 4.0, 8.0, 8.0]})
    daily = fte_from_intervals(intervals, period="day", shrinkage=0.5)
    assert daily["date"].tolist() == [pd.Timestamp("2026-06-17"), pd.Timestamp("2026-06-18")]  # local dates
    assert daily["agent_hours"].tolist() == [4.0, 8.0]
    assert daily["fte"].tolist() == [4.0 / 8 / 0.5, 8.0 / 8 / 0.5]


def test_fte_missing_interval_makes_the_period_missing_and_unknown_channel_raises():
    intervals = pd.DataFrame(
        {
            "interval_start": pd.date_range("2026-03-01", periods=2, freq="30min"),
            "channel": "phone",
            "agents": [3.0, np.nan],
        }
    )
    assert np.isnan(fte_from_intervals(intervals)["fte"].iloc[0])
    with pytest.raises(ValueError, match="phone"):
        fte_from_intervals(intervals, shrinkage={"email": 0.3})


# ---------------------------------------------------------------------------------------------
# Headcount plan
# ---------------------------------------------------------------------------------------------

MONTHS = pd.date_range("2026-01-01", periods=12, freq="MS")
ROSTER = pd.DataFrame({"employment_type": ["full_time"], "headcount": [100]})


def _required(values) -> pd.DataFrame:
    return pd.DataFrame({"month": MONTHS[: len(values)], "required_fte": np.asarray(values, dtype=float)})


def test_new_hire_productivity_curve():
    # 4 weeks of training, then 4 weeks at half speed, in months of 52/12 weeks
    curve = new_hire_productivity(4, training_weeks=4, ramp_weeks=4, ramp_productivity=0.5)
    week = 12 / 52
    np.testing.assert_allclose(
        curve, [0.5 * (52 / 12 - 4) * week, (0.5 * (8 - 52 / 12) + (2 * 52 / 12 - 8)) * week, 1, 1]
    )


def test_steady_roster_without_attrition_needs_no_hires():
    plan = headcount_plan(_required([100] * 12), ROSTER, attrition_rate=0.0)
    assert plan["hires"].sum() == 0
    assert plan["leavers"].sum() == 0
    np.testing.assert_allclose(plan["gap_fte"], 0)


def test_attrition_is_replaced_and_leavers_follow_the_rate():
    plan = headcount_plan(_required([100] * 12), ROSTER, attrition_rate=0.02)
    np.testing.assert_allclose(plan["leavers"], 0.02 * plan["headcount"])
    assert plan["hires"].sum() > 0
    # after the first ramp months, available FTE never falls below the requirement
    assert (plan["gap_fte"].iloc[2:] <= 1e-9).all()
    assert plan["hires"].sum() == pytest.approx(plan["leavers"].sum(), abs=5)


def test_volume_shock_brings_hires_forward_by_the_ramp_lead_time():
    flat = [100.0] * 12
    shock = flat.copy()
    shock[10] = 150.0  # Double-11 (November)
    options = dict(attrition_rate=0.02, training_weeks=4, ramp_weeks=4, ramp_productivity=0.5)
    base = headcount_plan(_required(flat), ROSTER, **options)
    peak = headcount_plan(_required(shock), ROSTER, **options)
    extra = peak["hires"].to_numpy() - base["hires"].to_numpy()
    # 8 weeks of training and ramp = 2 months of lead: the extra hires start in September
    assert (extra[:8] == 0).all()
    assert extra[8] >= 50 / 0.98**2 - 2  # 50 more FTE in November, after two months of attrition
    assert (extra[9:] <= 0).all()  # the peak hires also replace the next leavers
    november = peak.iloc[10]
    assert november["available_fte"] >= 150 - 1e-9
    assert november["gap_fte"] <= 1e-9
    # before the peak nothing changes; afterwards the extra staff is a surplus (negative gap)
    np.testing.assert_allclose(peak["available_fte"].iloc[:8], base["available_fte"].iloc[:8])
    assert peak["gap_fte"].iloc[11] < -40


def test_peak_covered_by_temp_staff_instead_of_permanent_hires():
    shock = [100.0] * 12
    shock[10] = 150.0
    options = dict(attrition_rate=0.02, training_weeks=4, ramp_weeks=4, ramp_productivity=0.5)
    hire = headcount_plan(_required(shock), ROSTER, **options)
    temp = headcount_plan(_required(shock), ROSTER, peak_cover="temp", **options)
    part_time = headcount_plan(_required(shock), ROSTER, peak_cover="part_time", **options)
    # the in-house line is 1.15 × the median month (115 FTE); temps cover the 35 above it
    assert temp["inhouse_target_fte"].iloc[10] == pytest.approx(115)
    np.testing.assert_allclose(temp["flex_fte"], [0.0] * 10 + [35.0, 0.0], atol=1e-9)
    assert temp["flex_type"].iloc[10] == "temp"
    assert part_time["flex_headcount"].iloc[10] == pytest.approx(70)  # part-timers count 0.5 FTE
    assert temp["hires"].sum() < hire["hires"].sum()
    assert temp["gap_fte"].iloc[10] <= 1e-9
    assert temp["gap_fte"].iloc[11] > hire["gap_fte"].iloc[11]  # less surplus after the peak


def test_no_permanent_hires_for_a_peak_they_cannot_reach_in_time():
    # a peak in the first month: a hire started now is still in training, so hiring for it only
    # leaves a surplus afterwards; the shortfall shows as a gap (hire) or is covered by temps
    need = [150.0] + [100.0] * 11
    options = dict(attrition_rate=0.0, training_weeks=4, ramp_weeks=4, ramp_productivity=0.5)
    hire = headcount_plan(_required(need), ROSTER, **options)
    assert hire["hires"].sum() == 0
    assert hire["gap_fte"].iloc[0] == pytest.approx(50)
    assert hire["surplus_fte"].sum() == pytest.approx(0)
    temp = headcount_plan(_required(need), ROSTER, peak_cover="temp", **options)
    assert temp["flex_fte"].iloc[0] == pytest.approx(50)
    assert temp["gap_fte"].abs().max() < 1e-9


def test_flexible_staff_stand_in_for_hires_in_training():
    need = [120.0] * 6
    options = dict(attrition_rate=0.0, training_weeks=4, ramp_weeks=4, ramp_productivity=0.5)
    hire = headcount_plan(_required(need), ROSTER, **options)
    temp = headcount_plan(_required(need), ROSTER, peak_cover="temp", **options)
    assert temp["hires"].tolist() == hire["hires"].tolist() == [20, 0, 0, 0, 0, 0]
    np.testing.assert_allclose(temp["flex_fte"], hire["gap_fte"].clip(lower=0), atol=1e-9)
    assert temp["gap_fte"].abs().max() < 1e-9


def test_surplus_after_a_peak_runs_down_through_attrition():
    shock = [100.0] * 12
    shock[4] = 150.0
    plan = headcount_plan(_required(shock), ROSTER, attrition_rate=0.05)
    after = plan.iloc[5:]
    np.testing.assert_allclose(plan["surplus_fte"], (-plan["gap_fte"]).clip(lower=0), atol=1e-9)
    assert after["surplus_fte"].iloc[0] > 40
    assert (np.diff(after["surplus_fte"]) < 0).all()  # leavers are not replaced while there is a surplus
    assert after["hires"].iloc[:4].sum() == 0
    slower = headcount_plan(_required(shock), ROSTER, attrition_rate=0.01)
    assert slower["surplus_fte"].sum() > plan["surplus_fte"].sum()


def test_overtime_covers_a_peak_up_to_the_legal_cap():
    need = [100.0] * 12
    need[4] = 110.0
    need[9] = 150.0
    options = dict(attrition_rate=0.0, peak_cover="overtime", peak_threshold=1.0)
    plan = headcount_plan(_required(need), ROSTER, **options)
    assert plan["hires"].sum() == 0  # the staff on payroll work the peak
    cap = 100 * 36 / 174  # 36 hours a month each, in FTE
    assert plan["flex_fte"].iloc[4] == pytest.approx(10)  # within the cap: all of it
    assert plan["flex_fte"].iloc[9] == pytest.approx(cap)  # 50 FTE above the line: capped
    assert plan["gap_fte"].iloc[9] == pytest.approx(50 - cap)
    assert (plan["flex_headcount"] == 0).all()  # nobody new
    assert headcount_plan(_required(need), ROSTER, overtime_cap_hours=0, **options)["flex_fte"].sum() == 0


def test_committed_temps_come_before_hires():
    need = [100.0, 100.0, 130.0, 100.0, 100.0, 100.0]
    committed = [0.0, 0.0, 30.0, 0.0, 0.0, 0.0]  # Double-11 temps already contracted for month 2
    required = _required(need).assign(committed_flex_fte=committed)
    plan = headcount_plan(required, ROSTER, attrition_rate=0.0)
    assert plan["hires"].sum() == 0
    assert plan["gap_fte"].abs().max() < 1e-9
    without = headcount_plan(_required(need), ROSTER, attrition_rate=0.0)
    assert without["hires"].sum() == 30
    assert without["surplus_fte"].iloc[3:].min() == pytest.approx(30)  # carried until attrition takes them
    with pytest.raises(ValueError, match="committed"):
        headcount_plan(_required(need).assign(committed_flex_fte=-1.0), ROSTER, attrition_rate=0.0)


def test_hires_needed_in_the_first_months_show_the_ramp_as_a_gap():
    plan = headcount_plan(_required([120.0] * 6), ROSTER, attrition_rate=0.0)
    assert plan["hires"].tolist() == [20, 0, 0, 0, 0, 0]
    assert plan["gap_fte"].iloc[0] > 15  # hired in January, still in training
    assert plan["gap_fte"].iloc[2:].abs().max() < 1e-9


def test_plan_per_channel_and_roster_types():
    required = pd.concat(
        [_required([50] * 3).assign(channel="phone"), _required([20] * 3).assign(channel="email")],
        ignore_index=True,
    )
    roster = pd.DataFrame(
        {
            "channel": ["phone", "phone", "phone", "email"],
            "employment_type": ["full_time", "part_time", "outsourced", "full_time"],
            "headcount": [40, 10, 5, 20],
        }
    )
    plan = headcount_plan(required, roster, attrition_rate=0.0)
    assert plan.columns[:2].tolist() == ["month", "channel"]
    phone = plan[plan["channel"] == "phone"]
    assert phone["available_fte"].iloc[0] == pytest.approx(40 + 10 * 0.5 + 5)
    assert phone["headcount"].iloc[0] == 50  # in-house heads only; outsourced seats are not on payroll
    assert phone["hires"].sum() == 0
    assert plan[plan["channel"] == "email"]["gap_fte"].abs().max() < 1e-9


def test_headcount_plan_rejects_bad_input():
    with pytest.raises(ValueError, match="consecutive"):
        headcount_plan(_required([100] * 3).drop(index=1), ROSTER, attrition_rate=0.02)
    with pytest.raises(ValueError, match="employment"):
        headcount_plan(_required([100] * 3), ROSTER.assign(employment_type="intern"), attrition_rate=0.02)
    with pytest.raises(ValueError):
        headcount_plan(_required([100] * 3), ROSTER, attrition_rate=1.0)


def test_loads_of_tens_of_thousands_of_erlangs_finish_at_the_occupancy_floor():
    # Yu'e Bao-sized volumes once made 1/B overflow to inf and the search loop forever.
    loads = np.array([3e5, 1e6, 1e7])  # calls per half hour, 300 s each: 50,000 to 1.7 million Erlangs
    agents = required_agents(loads, 300, 1800, 0.8, 20, 0.85)
    assert np.array_equal(agents, np.ceil(loads * 300 / 1800 / 0.85))
