"""The four-dimension scorecard against small databases worked by hand, and on the demo data.

Fixture `tiny` (quarters 2025Q3, 2026Q2, 2026Q3): spend 80,000 / 100,000 / 90,000 with an approved 2026 budget of
100,000 a quarter (+ a 10,000 reserve that does not count), contacts 8,000 / 10,000 / 9,600, 100 tickets a
quarter over 50 days. Fixture `peaky` has a 618 with staffing, volumes a year apart, planned contacts and a
revised budget, for the flexibility metrics. Every expected number below is worked out in the comments.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics import demo, store
from analytics import evaluation as ev
from analytics.forecast import reinstate_snapshot, withdraw_snapshot
from tests.pages import CJK
from ui.evaluation_text import calculation_text, coverage, coverage_text, summary_lines
from ui.i18n import CATALOGS

SOURCE = "fin"
CATEGORIES = {
    "工资": "direct_labor.base_pay",
    "培训": "training.external_courses",
    "外包": "outsourcing.bpo_seats",
    "投诉": "hidden.complaint_handling",
    "房租": "equipment_facilities.office_space",
}
# Spend per quarter by source category (one month each).
SPEND = {
    dt.date(2025, 7, 1): {
        "工资": 52_000,
        "培训": 4_000,
        "外包": 8_000,
        "投诉": 1_000,
        "房租": 15_000,
    },  # 80,000
    dt.date(2026, 4, 1): {
        "工资": 60_000,
        "培训": 5_000,
        "外包": 10_000,
        "投诉": 2_000,
        "房租": 23_000,
    },  # 100,000
    dt.date(2026, 7, 1): {
        "工资": 60_300,
        "培训": 3_000,
        "外包": 10_000,
        "投诉": 3_000,
        "房租": 13_700,
    },  # 90,000
}
BUDGET = {
    "direct_labor.base_pay": 60_000,
    "training.external_courses": 5_000,
    "outsourcing.bpo_seats": 10_000,
}
BUDGET |= {
    "hidden.complaint_handling": 2_000,
    "equipment_facilities.office_space": 23_000,
}  # 100,000 a quarter
# One day of volume per quarter: (phone, online) contacts; phone SL 0.85 (target 0.80), online 0.80 (target 0.85).
VOLUME = {
    dt.date(2025, 7, 1): (4_800, 3_200),
    dt.date(2026, 4, 1): (6_000, 4_000),
    dt.date(2026, 7, 1): (5_760, 3_840),
}


def _setup(con) -> int:
    with store.write_transaction(con) as cur:
        batch = store.new_batch(cur, "test", SOURCE)
        store.insert_frame(cur, "cost_taxonomy", store.load_taxonomy())
        store.insert_frame(cur, "targets", demo._targets())
        mapping = [(SOURCE, name, code, True) for name, code in CATEGORIES.items()]
        store.insert_frame(
            cur,
            "cost_category_map",
            pd.DataFrame(mapping, columns=["source_system", "source_category", "taxonomy_code", "counted"]),
        )
    return batch


def _tickets(start: dt.date, csat_fives: int, csat_fours: int, batch: int) -> pd.DataFrame:
    """100 tickets, two a day for 50 days: 95 resolved, 2 complaints, 5 reopened, 40 survey answers."""
    rows = []
    for i in range(100):
        csat = 5 if i < csat_fives else 4 if i < csat_fives + csat_fours else None
        rows.append(
            {
                "source": SOURCE,
                "ticket_id": f"{start:%Y%m}-{i:03d}",
                "created_at": dt.datetime.combine(start + dt.timedelta(days=i // 2), dt.time(10, i % 60)),
                "channel": "phone",
                "resolved": i < 95,
                "complaint": i < 2,
                "reopened": i < 5,
                "csat": csat,
                "batch_id": batch,
            }
        )
    return pd.DataFrame(rows)


def build_tiny(con, csat_prior: tuple[int, int] = (20, 20), csat_now: tuple[int, int] = (20, 20)) -> None:
    """csat_* are (fives, fours) among the 40 answers of 2026Q2 and 2026Q3; (20, 20) is a mean of 4.5."""
    batch = _setup(con)
    entries = [
        {
            "source": SOURCE,
            "entry_id": f"{month:%Y%m}-{name}",
            "period": month,
            "cost_center": "CS",
            "source_category": name,
            "taxonomy_code": CATEGORIES[name],
            "amount": amount,
            "batch_id": batch,
        }
        for month, amounts in SPEND.items()
        for name, amount in amounts.items()
    ]
    volume = [
        {
            "source": SOURCE,
            "date": day,
            "channel": channel,
            "contacts": n,
            "service_level": sl,
            "batch_id": batch,
        }
        for day, (phone, online) in VOLUME.items()
        for channel, n, sl in (("phone", phone, 0.85), ("online", online, 0.80))
    ]
    lines = [
        {"budget_id": 1, "month": month, "taxonomy_code": code, "cost_center": "CS", "amount": amount}
        for month in (dt.date(2026, 4, 1), dt.date(2026, 7, 1))
        for code, amount in (BUDGET | {"contingency.reserve": 10_000}).items()
    ]
    with store.write_transaction(con) as cur:
        store.insert_frame(cur, "cost_entries", pd.DataFrame(entries))
        store.insert_frame(cur, "daily_volume", pd.DataFrame(volume))
        cur.execute(
            "INSERT INTO budgets (budget_id, year, name, version, status, created_at)"
            " VALUES (1, 2026, 'plan', 1, 'approved', TIMESTAMP '2025-11-20 10:00:00')"
        )
        store.insert_frame(cur, "budget_lines", pd.DataFrame(lines))
        store.insert_frame(cur, "tickets", _tickets(dt.date(2025, 7, 1), 20, 20, batch))
        store.insert_frame(cur, "tickets", _tickets(dt.date(2026, 4, 1), *csat_prior, batch))
        store.insert_frame(cur, "tickets", _tickets(dt.date(2026, 7, 1), *csat_now, batch))


@pytest.fixture()
def tiny(empty_con):
    build_tiny(empty_con)
    return empty_con


@pytest.fixture()
def csat_dropped(tmp_path):
    """The same spend (under budget, lower than the prior quarter), but CSAT fell from 4.6 to 4.0."""
    con = store.connect(tmp_path / "dropped.duckdb")
    build_tiny(con, csat_prior=(24, 16), csat_now=(0, 40))
    yield con
    con.close()


# --- quarters and scoring shapes ------------------------------------------------------------------------------


def test_quarter_labels():
    assert ev.quarter_bounds("2026Q3") == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert ev.quarter_bounds("2024Q1") == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert ev.shift_quarter("2026Q1", -1) == "2025Q4"
    assert ev.shift_quarter("2026Q3", -4) == "2025Q3"
    assert ev.shift_quarter("2025Q4", 1) == "2026Q1"
    with pytest.raises(ValueError):
        ev.quarter_bounds("2026Q5")


def test_scoring_shapes_and_lights():
    assert ev._higher_better(4.0, 4.2, 0.5) == 60.0
    assert ev._higher_better(4.3, 4.2, 0.5) == 100.0
    assert ev._lower_better(1.05, 1.0, 0.10) == 50.0
    assert ev._lower_better(1.30, 1.0, 0.10) == 0.0
    assert ev._in_range(0.5, 0.55, 0.80, 0.20) == 75.0
    assert ev._in_range(0.6, 0.55, 0.80, 0.20) == 100.0
    assert [ev.status_of(s) for s in (80, 79.9, 50, 49.9, None)] == [
        "green",
        "amber",
        "amber",
        "red",
        "missing",
    ]


# --- cost -----------------------------------------------------------------------------------------------------


def test_cost_metrics_by_hand(tiny):
    card = ev.scorecard(tiny, "2026Q3")
    budget = card.metric("cost.budget_adherence")
    # 90,000 / 100,000 (the reserve does not count) = 0.9: under budget and quality held -> 100.
    assert budget.value == pytest.approx(0.9)
    assert budget.prior == pytest.approx(1.0)
    assert budget.score == 100.0 and budget.status == "green"
    assert budget.inputs["actual"] == 90_000 and budget.inputs["budget"] == 100_000
    cpc = card.metric("cost.cost_per_contact")
    # 90,000 / 9,600 = 9.375 against 80,000 / 8,000 = 10.00 a year earlier (-6.25%) -> 100; prior 100,000 / 10,000.
    assert (
        cpc.value == pytest.approx(9.375)
        and cpc.target == pytest.approx(10.0)
        and cpc.prior == pytest.approx(10)
    )
    assert cpc.score == 100.0
    labor = card.metric("cost.labor_share_shift")
    # 60,300 / 90,000 = 0.67 against 52,000 / 80,000 = 0.65: +2 pp of the 5 pp band -> 100 × (1 − 2/5) = 60.
    assert labor.value == pytest.approx(0.67) and labor.target == pytest.approx(0.65)
    assert labor.score == 60.0 and labor.status == "amber"
    hidden = card.metric("cost.hidden_cost_ratio")
    # 3,000 / 90,000 = 3.33% against 2.5% (0 at 5%) -> 100 × (1 − 0.833/2.5) = 66.7.
    assert hidden.value == pytest.approx(1 / 30) and hidden.score == 66.7
    # 0.35 × 100 + 0.30 × 100 + 0.15 × 60 + 0.20 × 66.7 = 87.34
    assert card.dimension("cost").score == 87.3


def test_spend_fell_but_csat_dropped_does_not_score_well_on_cost(tiny, csat_dropped):
    held = ev.scorecard(tiny, "2026Q3")
    dropped = ev.scorecard(csat_dropped, "2026Q3")
    assert dropped.metric("cost.budget_adherence").value == pytest.approx(0.9)  # spent less than planned ...
    assert dropped.metric("quality.csat").value == pytest.approx(4.0)  # ... while CSAT fell from 4.6
    assert dropped.metric("quality.csat").prior == pytest.approx(4.6)
    # The savings are capped at 30: 0.35 × 30 + 0.30 × 30 + 0.15 × 60 + 0.20 × 66.7 = 41.84.
    assert dropped.metric("cost.budget_adherence").score == 30.0
    assert dropped.metric("cost.budget_adherence").status == "red"
    assert dropped.metric("cost.cost_per_contact").score == 30.0
    assert dropped.dimension("cost").score == 41.8
    assert held.dimension("cost").score == 87.3
    assert dropped.metric("cost.budget_adherence").inputs["quality_fell"] == 1.0
    assert dropped.metric("cost.budget_adherence").calculation[-1] == ev.Step("gate.capped", {"cap": 30.0})
    assert "capped at 30" in calculation_text(dropped.metric("cost.budget_adherence"), "en")
    assert held.metric("cost.budget_adherence").calculation[-1].template == "cost.budget_adherence"


def test_over_budget_scores_down_linearly(tiny):
    with store.write_transaction(tiny) as cur:
        cur.execute("UPDATE budget_lines SET amount = amount * 0.85 WHERE month = '2026-07-01'")
    metric = ev.scorecard(tiny, "2026Q3").metric("cost.budget_adherence")
    # 90,000 / 85,000 = 1.0588: 5.88% over of the 10% band -> 41.2.
    assert metric.value == pytest.approx(90 / 85)
    assert metric.score == 41.2


# --- quality --------------------------------------------------------------------------------------------------


def test_quality_metrics_by_hand(tiny):
    card = ev.scorecard(tiny, "2026Q3")
    csat = card.metric("quality.csat")
    assert csat.value == pytest.approx(4.5) and csat.target == 4.2 and csat.score == 100.0
    sl = card.metric("quality.service_level")
    # (0.85 × 5,760 + 0.80 × 3,840) / 9,600 = 0.83 against (0.80 × 5,760 + 0.85 × 3,840) / 9,600 = 0.82.
    assert sl.value == pytest.approx(0.83) and sl.target == pytest.approx(0.82) and sl.score == 100.0
    assert card.metric("quality.resolution_rate").value == pytest.approx(0.95)
    assert card.metric("quality.resolution_rate").score == 100.0
    complaint = card.metric("quality.complaint_rate")
    # 2% against 1% (0 at 2%) -> target score 0; not worse than the prior quarter -> trend 100; 0.3 × 100.
    assert complaint.value == pytest.approx(0.02) and complaint.score == 30.0 and complaint.status == "red"
    assert card.metric("quality.reopen_rate").value == pytest.approx(0.05)
    assert card.metric("quality.reopen_rate").score == 100.0
    # 0.30 × 100 + 0.25 × 100 + 0.15 × 100 + 0.15 × 30 + 0.15 × 100 = 89.5
    assert card.dimension("quality").score == 89.5


def test_quality_looks_at_the_prior_quarter(csat_dropped):
    card = ev.scorecard(csat_dropped, "2026Q3")
    csat = card.metric("quality.csat")
    # 4.0 against 4.2 (0 at 3.7) -> 60; 0.6 worse than 4.6 (0 at 0.2 worse) -> 0; 0.7 × 60 + 0.3 × 0 = 42.
    assert csat.score == 42.0
    assert card.dimension("quality").score == 72.1
    # 2026Q2 has no quarter before it with tickets: its metrics are scored against the target alone.
    prior = ev.scorecard(csat_dropped, "2026Q2")
    assert prior.metric("quality.complaint_rate").prior is None
    assert prior.metric("quality.complaint_rate").score == 0.0
    assert prior.dimension("quality").score == 85.0


# --- strategic fit --------------------------------------------------------------------------------------------


def test_strategic_fit_by_hand(tiny):
    card = ev.scorecard(tiny, "2026Q3", strategy="balanced")
    scores = {m.key: m.score for m in card.dimension("strategy").metrics}
    # cpc 9.375 vs [11, 16]: 1.625 of 4 -> 59.4; CSAT 4.5 in [4.1, 5]; non-phone 0.4 vs [0.55, 0.80]: 0.15 of 0.2
    # -> 25; training 3,000 / 90,000 = 3.33% vs [1%, 3%]: 0.33 pp of 2 pp -> 83.3.
    assert scores == {
        "strategy.cost_per_contact": 59.4,
        "strategy.csat": 100.0,
        "strategy.digital_share": 25.0,
        "strategy.training_share": 83.3,
    }
    assert card.metric("strategy.digital_share").value == pytest.approx(0.4)
    assert card.dimension("strategy").score == 66.9


def test_the_strategy_profile_changes_the_fit_the_expected_way(tiny):
    """A cheap operation with many phone contacts and much training: premium fits its channel and training mix,
    cost leader its price; balanced sits between."""
    fit = {s: ev.scorecard(tiny, "2026Q3", strategy=s).dimension("strategy").score for s in ev.STRATEGIES}
    # premium: cpc 0 (5.625 below 15), CSAT, channel mix and training inside -> 75; cost leader: cpc and CSAT inside,
    # non-phone 0.35 short of 0.75 -> 0, training 1.33 pp over 2% -> 33.3 -> 58.3.
    assert fit == {"premium": 75.0, "balanced": 66.9, "cost_leader": 58.3}
    assert ev.scorecard(tiny, "2026Q3", strategy="premium").metric("strategy.cost_per_contact").score == 0.0
    assert (
        ev.scorecard(tiny, "2026Q3", strategy="cost_leader").metric("strategy.cost_per_contact").score
        == 100.0
    )


def test_declared_strategy_and_range_overrides(tiny):
    assert ev.get_strategy(tiny) == "balanced"
    ev.set_strategy(tiny, "premium")
    assert ev.get_strategy(tiny) == "premium"
    assert ev.scorecard(tiny, "2026Q3").strategy == "premium"
    with pytest.raises(ValueError):
        ev.set_strategy(tiny, "cheapest")
    with store.write_transaction(tiny) as cur:
        store.set_setting(cur, ev.RANGES_SETTING, '{"premium": {"cost_per_contact": [8, 10]}}')
    assert ev.scorecard(tiny, "2026Q3").metric("strategy.cost_per_contact").score == 100.0
    rows = ev.evidence(tiny, "2026Q3", "strategy.cost_per_contact").set_index("strategy")
    assert rows.loc["premium", "lo"] == 8 and rows.loc["cost_leader", "score"] == 100.0


# --- missing data ---------------------------------------------------------------------------------------------


def test_missing_data_is_none_not_invented(tiny, tmp_path):
    card = ev.scorecard(tiny, "2026Q3")
    flexibility = card.dimension("flexibility")
    # No events, no staff, no budget drivers: every flexibility metric is missing and so is the dimension.
    assert all(m.score is None and m.value is None and m.status == "missing" for m in flexibility.metrics)
    assert flexibility.score is None
    # 2025Q3 has no approved budget and no quarter a year before it.
    old = ev.scorecard(tiny, "2025Q3")
    assert old.metric("cost.budget_adherence").status == "missing"
    assert old.metric("cost.cost_per_contact").score is None
    assert old.metric("cost.labor_share_shift").score is None
    # The cost dimension renormalises over the one metric left: the hidden-cost ratio 1,000 / 80,000 = 1.25% -> 100.
    assert old.dimension("cost").score == 100.0
    empty_con = store.connect(tmp_path / "nothing.duckdb")
    empty = ev.scorecard(empty_con, "2026Q3")
    assert ev.quarters(empty_con) == []
    assert empty.scores() == {"cost": None, "quality": None, "strategy": None, "flexibility": None}
    assert ev.scorecard_table(empty)["score"].isna().all()
    assert set(ev.scorecard_table(empty)["status"]) == {"missing"}
    empty_con.close()


def test_tickets_covering_too_little_of_a_quarter_do_not_score(tiny):
    with store.write_transaction(tiny) as cur:
        cur.execute("DELETE FROM tickets WHERE created_at >= '2026-07-20'")  # 19 of 92 days left
    card = ev.scorecard(tiny, "2026Q3")
    assert card.metric("quality.csat").score is None
    assert card.metric("quality.reopen_rate").status == "missing"
    # Quality renormalises over the service level alone.
    assert card.dimension("quality").score == 100.0


def test_a_ledger_covering_part_of_a_quarter_does_not_score_its_costs(tiny):
    """A ledger that ends in July while contacts run into August is not Q3's spend: its cost per contact read
    one month's spend over the quarter's contacts. A ledger booked once a quarter still covers its quarter."""
    assert ev.scorecard(tiny, "2026Q3").metric("cost.cost_per_contact").score == 100.0  # booked in July only
    with store.write_transaction(tiny) as cur:
        cur.execute(
            "INSERT INTO daily_volume (source, date, channel, contacts, service_level, batch_id)"
            " SELECT source, DATE '2026-08-15', channel, contacts, service_level, batch_id FROM daily_volume"
            " WHERE date = DATE '2026-07-01'"
        )
    card = ev.scorecard(tiny, "2026Q3")
    for key in (
        "cost.budget_adherence",
        "cost.cost_per_contact",
        "cost.labor_share_shift",
        "cost.hidden_cost_ratio",
    ):
        assert card.metric(key).score is None and card.metric(key).status == "missing", key
    assert card.dimension("cost").score is None
    assert card.dimension("quality").score is not None  # the contacts still count where costs do not matter


def test_a_ledger_that_begins_inside_a_quarter_does_not_score_it(tiny):
    with store.write_transaction(tiny) as cur:
        cur.execute("UPDATE cost_entries SET period = DATE '2025-08-01' WHERE period = DATE '2025-07-01'")
    old = ev.scorecard(tiny, "2025Q3")
    assert old.metric("cost.hidden_cost_ratio").score is None
    # 2026Q3 is still scored, but not against a year-earlier quarter whose costs are partial.
    card = ev.scorecard(tiny, "2026Q3")
    assert card.metric("cost.budget_adherence").score == 100.0
    assert card.metric("cost.cost_per_contact").score is None


# --- flexibility ----------------------------------------------------------------------------------------------


@pytest.fixture()
def peaky(empty_con):
    """A 618 in 2026 (pre-sale Jun 1-2, peak Jun 3-4, after-sales Jun 5-6) on the phone channel.

    The 28 base days (May 4-31): 100 contacts a day at SL 0.90. The six event days: 150 a day at SL 0.72.
    A year earlier, Jun 3-4 2025: 120 a day. Agents: 10 full-time and 2 part-time all year, 3 temps Jun 1-6.
    The approved 2026 budget planned 600 contacts for June (actual 900: +50%, a shock); version 2 was created
    45 days after June ended.
    """
    con = empty_con
    batch = _setup(con)
    days = [dt.date(2026, 5, 4) + dt.timedelta(days=i) for i in range(34)]
    volume = [
        {
            "source": SOURCE,
            "date": day,
            "channel": "phone",
            "contacts": 150 if day >= dt.date(2026, 6, 1) else 100,
            "service_level": 0.72 if day >= dt.date(2026, 6, 1) else 0.90,
            "batch_id": batch,
        }
        for day in days
    ]
    volume += [
        {
            "source": SOURCE,
            "date": dt.date(2025, 6, d),
            "channel": "phone",
            "contacts": 120,
            "batch_id": batch,
        }
        for d in (3, 4)
    ]
    events = pd.DataFrame(
        [
            (1, "618", 2026, "presale", dt.date(2026, 6, 1), dt.date(2026, 6, 2)),
            (2, "618", 2026, "peak", dt.date(2026, 6, 3), dt.date(2026, 6, 4)),
            (3, "618", 2026, "aftersales", dt.date(2026, 6, 5), dt.date(2026, 6, 6)),
        ],
        columns=["event_id", "event_key", "year", "phase", "start_date", "end_date"],
    )
    staff = [("F", i, "full_time", dt.date(2025, 1, 1), None) for i in range(10)] + [
        ("P", i, "part_time", dt.date(2025, 1, 1), None) for i in range(2)
    ]
    staff += [("T", i, "temp", dt.date(2026, 6, 1), dt.date(2026, 6, 6)) for i in range(3)]
    roster = pd.DataFrame(
        [
            {
                "source": SOURCE,
                "staff_id": f"{prefix}{i}",
                "role": "agent",
                "employment_type": kind,
                "hire_date": hired,
                "leave_date": left,
                "batch_id": batch,
            }
            for prefix, i, kind, hired, left in staff
        ]
    )
    with store.write_transaction(con) as cur:
        store.insert_frame(cur, "daily_volume", pd.DataFrame(volume))
        store.insert_frame(cur, "events", events)
        store.insert_frame(cur, "staff", roster)
        cur.execute(
            "INSERT INTO budgets (budget_id, year, name, version, status, created_at) VALUES"
            " (1, 2026, 'plan', 1, 'approved', TIMESTAMP '2025-11-20 10:00:00'),"
            " (2, 2026, 'plan', 2, 'approved', TIMESTAMP '2026-08-14 09:00:00')"
        )
        cur.execute(
            # The channel's 600 planned contacts repeat on each employment type's row.
            "INSERT INTO budget_drivers VALUES (1, DATE '2026-06-01', 'phone', 'full_time', 600, 300, 0.8, 160, 4,"
            " 7000), (1, DATE '2026-06-01', 'phone', 'temp', 600, 300, 0.8, 160, 1, 6000)"
        )
    return con


def test_flexibility_metrics_by_hand(peaky):
    card = ev.scorecard(peaky, "2026Q3")
    peak_sl = card.metric("flex.peak_service_level")
    # 0.72 on the event days / 0.90 on normal days = 0.80; 0.15 short of 0.95 of the 0.25 band -> 40.
    assert peak_sl.value == pytest.approx(0.8) and peak_sl.score == 40.0 and peak_sl.status == "red"
    elasticity = card.metric("flex.elasticity")
    # FTE 11 (10 + 2 × 0.5) -> 14 (+27.27%) while contacts rose 100 -> 150 (+50%): 0.5455 of 0.8 -> 68.2.
    assert elasticity.value == pytest.approx(3 / 11 / 0.5) and elasticity.score == 68.2
    flexible = card.metric("flex.flexible_capacity")
    # 2025-10-01..2026-09-30 (365 days): part-time 2 × 0.5 × 365 + temps 3 × 6 = 383 of 3,650 + 383 FTE-days.
    assert flexible.value == pytest.approx(383 / 4033) and flexible.score == 63.3
    forecast = card.metric("flex.peak_forecast_error")
    # Seasonal naive: 120 a year earlier against 150 on both peak days -> MAPE 20%; 10 pp over of 20 -> 50.
    assert forecast.value == pytest.approx(0.2) and forecast.score == 50.0
    assert forecast.inputs["seasonal_naive_days"] == 2
    revision = card.metric("flex.budget_revision_days")
    # June 900 contacts against 600 planned (+50% > 15%); version 2 on 2026-08-14, 45 days after June 30:
    # 15 days over the 30-day target of the 60-day band -> 75.
    assert revision.value == 45.0 and revision.score == 75.0
    # 0.30 × 40 + 0.25 × 68.2 + 0.15 × 63.3 + 0.15 × 50 + 0.15 × 75 = 57.295
    assert card.dimension("flexibility").score == 57.3
    rows = ev.evidence(peaky, "2026Q3", "flex.budget_revision_days")
    assert rows["planned"].tolist() == [600] and rows["actual"].tolist() == [900]
    assert rows["shock"].tolist() == [True] and rows["days"].tolist() == [45]


def _publish_peak_forecast(con, channels: tuple[str, ...]) -> None:
    """A snapshot published on 2026-06-01 forecasting 165 and 135 for the 618 peak days, per channel given."""
    values = ", ".join(
        f"(1, DATE '2026-06-0{day}', '{channel}', {forecast})"
        for channel in channels
        for day, forecast in ((3, 165), (4, 135))
    )
    with store.write_transaction(con) as cur:
        cur.execute(
            "INSERT INTO forecast_snapshots (snapshot_id, created_at, published_by, history_end, horizon_days,"
            " models_json, note) VALUES (1, TIMESTAMP '2026-06-01 12:00:00', 'wfm', DATE '2026-06-01', 30, '{}',"
            " NULL)"
        )
        cur.execute(
            f"INSERT INTO forecast_snapshot_values (snapshot_id, date, channel, forecast) VALUES {values}"
        )


def test_a_published_forecast_is_preferred_to_the_seasonal_naive(peaky):
    _publish_peak_forecast(peaky, ("phone",))
    metric = ev.scorecard(peaky, "2026Q3").metric("flex.peak_forecast_error")
    # |150 − 165| / 150 = |150 − 135| / 150 = 10% -> at the target -> 100.
    assert metric.value == pytest.approx(0.1) and metric.score == 100.0
    assert metric.inputs["snapshot_days"] == 2
    rows = ev.evidence(peaky, "2026Q3", "flex.peak_forecast_error")
    assert rows["method"].tolist() == ["snapshot", "snapshot"]


@pytest.mark.parametrize(
    ("withdrawn_at", "methods"),
    [
        # withdrawn after the peak: the peak was planned on it, and withdrawing must not hide its miss
        (dt.datetime(2026, 7, 10, 9), ["snapshot", "snapshot"]),
        # withdrawn on the evening of the first peak day: that day was planned on it, the next was not
        (dt.datetime(2026, 6, 3, 18), ["snapshot", "seasonal_naive"]),
        # withdrawn before the peak: the days were planned on something else, back to the seasonal naive
        (dt.datetime(2026, 6, 2, 9), ["seasonal_naive", "seasonal_naive"]),
    ],
)
def test_a_withdrawn_forecast_scores_the_peak_days_it_was_in_force(peaky, withdrawn_at, methods):
    _publish_peak_forecast(peaky, ("phone",))
    withdraw_snapshot(peaky, 1, "wfm", "published on a partial import", withdrawn_at=withdrawn_at)
    rows = ev.evidence(peaky, "2026Q3", "flex.peak_forecast_error")
    assert rows["method"].tolist() == methods
    metric = ev.scorecard(peaky, "2026Q3").metric("flex.peak_forecast_error")
    assert metric.inputs["snapshot_days"] == methods.count("snapshot")


@pytest.mark.parametrize(
    ("withdrawn_at", "reinstated_at", "methods"),
    [
        # withdrawn and reinstated before the peak: both days were planned on it
        (dt.datetime(2026, 6, 1, 15), dt.datetime(2026, 6, 2, 9), ["snapshot", "snapshot"]),
        # reinstated on the evening of the first peak day: that day began with it withdrawn, the next did not
        (dt.datetime(2026, 6, 2, 9), dt.datetime(2026, 6, 3, 18), ["seasonal_naive", "snapshot"]),
        # withdrawn over the whole peak, reinstated after it: neither day was planned on it
        (dt.datetime(2026, 6, 2, 9), dt.datetime(2026, 7, 1, 9), ["seasonal_naive", "seasonal_naive"]),
        # withdrawn and reinstated after the peak: its miss on both days stands
        (dt.datetime(2026, 7, 1, 9), dt.datetime(2026, 7, 2, 9), ["snapshot", "snapshot"]),
    ],
)
def test_a_reinstated_forecast_scores_the_peak_days_it_was_in_force(
    peaky, withdrawn_at, reinstated_at, methods
):
    """Reinstating undoes a withdrawal made by mistake, but the days that began while the forecast stood withdrawn
    were planned on something else: they are not scored against it."""
    _publish_peak_forecast(peaky, ("phone",))
    withdraw_snapshot(peaky, 1, "wfm", "looked imported twice", withdrawn_at=withdrawn_at)
    reinstate_snapshot(peaky, 1, "wfm", "imported once after all", reinstated_at=reinstated_at)
    rows = ev.evidence(peaky, "2026Q3", "flex.peak_forecast_error")
    assert rows["method"].tolist() == methods


def test_a_forecast_published_during_the_peak_scores_only_the_days_after(peaky):
    """Published on the first peak day's afternoon: its history ends before that day, so it never saw it, but no
    plan for that day stood on it; the next day's did."""
    _publish_peak_forecast(peaky, ("phone",))
    with store.write_transaction(peaky) as cur:
        cur.execute("UPDATE forecast_snapshots SET created_at = TIMESTAMP '2026-06-03 15:00:00'")
    rows = ev.evidence(peaky, "2026Q3", "flex.peak_forecast_error")
    assert rows["method"].tolist() == ["seasonal_naive", "snapshot"]


def test_no_revision_after_a_shock_is_missing_not_zero(peaky):
    with store.write_transaction(peaky) as cur:
        cur.execute("DELETE FROM budgets WHERE version = 2")
    metric = ev.scorecard(peaky, "2026Q3").metric("flex.budget_revision_days")
    assert metric.score is None and metric.status == "missing"
    assert [step.template for step in metric.calculation] == ["missing.no_revision"]
    assert "no budget revision" in calculation_text(metric, "en")


def test_no_shock_is_not_applicable_not_missing_data(peaky):
    """A year that kept to plan gives the revision metric nothing to measure: it is not scored, and it says so
    as 'not applicable' rather than as missing data (the plan and the volumes are there)."""
    with store.write_transaction(peaky) as cur:
        cur.execute("UPDATE budget_drivers SET contacts = 850")  # June's 900 is +5.9%: no shock
    card = ev.scorecard(peaky, "2026Q3")
    metric = card.metric("flex.budget_revision_days")
    assert metric.score is None and metric.status == "not_applicable"
    assert "no shock called for a budget revision" in calculation_text(metric, "en")
    zh, en = summary_lines(card, None, "zh"), summary_lines(card, None, "en")
    assert "本季度不适用、不计分的指标：服务量冲击到预算调整的天数。" in zh
    assert not any(line.startswith("缺少数据") and "预算调整" in line for line in zh)
    assert any(line.startswith("Not applicable this quarter, so not scored:") for line in en)


# --- the written summary ------------------------------------------------------------------------------------


def test_summary_lines_come_from_the_numbers(csat_dropped):
    card, prior = ev.scorecard(csat_dropped, "2026Q3"), ev.scorecard(csat_dropped, "2026Q2")
    # cost 41.8, quality 72.1 (prior cost 100.0: the biggest mover), strategy 61.9 (CSAT 4.0 is 0.1 under 4.1 -> 80),
    # flexibility not scored.
    assert card.scores() == {"cost": 41.8, "quality": 72.1, "strategy": 61.9, "flexibility": None}
    assert prior.scores()["cost"] == 100.0
    zh = summary_lines(card, prior, "zh")
    assert zh[0] == "四个维度中，服务质量得分最高（72.1），成本最低（41.8）。"
    assert zh[1] == "与上季度相比变化最大的是成本：100.0 → 41.8（-58.2）。"
    assert zh[2].startswith("未达标（红灯）的指标：预算执行率（实际 ÷ 预算）、单次服务成本（同比）")
    assert "投诉率" in zh[2]
    assert zh[3].startswith("缺少数据、未计分的指标：大促服务水平 ÷ 平日服务水平")
    assert zh[4] == "部分指标未计分，得分只按已计分的指标计算：灵活性 5 项都未计分。"
    assert zh[5] == "服务质量较上季度下降，本季度的节省不计入成本得分（预算执行率和单次服务成本最高 30 分）。"
    en = summary_lines(card, prior, "en")
    assert en[0] == "Of the four dimensions, service quality scores highest (72.1) and cost lowest (41.8)."
    assert en[1] == "The biggest change against the prior quarter is cost: 100.0 → 41.8 (-58.2)."
    assert "Off target (red): Budget adherence (actual ÷ budget); Cost per contact (year on year)" in en[2]
    assert not any(CJK.search(line) for line in en)
    assert summary_lines(card, None, "en")[1] == CATALOGS["en"]["eval.summary.no_prior"]


# --- evidence, table, decisions -------------------------------------------------------------------------------


def test_evidence_holds_the_rows_behind_each_metric(tiny):
    budget = ev.evidence(tiny, "2026Q3", "cost.budget_adherence")
    assert budget["budget"].sum() == 100_000 and budget["actual"].sum() == 90_000
    assert "contingency" not in set(budget["level1"])
    assert budget["level1"].iloc[0] == "direct_labor"  # taxonomy order
    cpc = ev.evidence(tiny, "2026Q3", "cost.cost_per_contact")
    assert cpc["quarter"].tolist() == ["2025Q3", "2026Q3"] and cpc["contacts"].tolist() == [8_000, 9_600]
    tickets = ev.evidence(tiny, "2026Q3", "quality.csat")
    assert tickets["tickets"].sum() == 100 and tickets["csat_responses"].sum() == 40
    hidden = ev.evidence(tiny, "2026Q3", "cost.hidden_cost_ratio")
    assert hidden["amount"].sum() == 3_000
    for key in ev.METRIC_KEYS:
        assert isinstance(ev.evidence(tiny, "2026Q3", key), pd.DataFrame)
    with pytest.raises(KeyError):
        ev.evidence(tiny, "2026Q3", "cost.nothing")


def test_scorecard_table_and_trend(tiny):
    card = ev.scorecard(tiny, "2026Q3")
    table = ev.scorecard_table(card)
    assert table["key"].tolist() == list(ev.METRIC_KEYS)
    assert list(table.columns) == [
        "dimension",
        "key",
        "value",
        "unit",
        "target",
        "prior",
        "score",
        "status",
        "target_low",
        "target_high",
        "dimension_score",
    ]
    # strategic fit: the range is the target (its nearest point equals the value when inside: 'target = actual')
    fit = table[table["dimension"] == "strategy"]
    assert fit["target"].isna().all() and fit["target_low"].notna().all()
    cpc = table.set_index("key").loc["strategy.cost_per_contact"]
    assert (cpc["target_low"], cpc["target_high"]) == ev.STRATEGY_RANGES["balanced"]["cost_per_contact"]
    others = table[table["dimension"] != "strategy"]
    assert others["target_low"].isna().all() and others["target"].notna().any()
    expected = table["dimension"].map(card.scores()).astype(float)
    pd.testing.assert_series_equal(table["dimension_score"].astype(float), expected, check_names=False)
    assert sum(ev.WEIGHTS[d][k] for d in ev.DIMENSIONS for k in ev.WEIGHTS[d]) == pytest.approx(4.0)
    trend = ev.trend(tiny, "2026Q3", count=5)
    assert trend["quarter"].tolist() == ["2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    assert trend.iloc[-1]["cost"] == 87.3
    assert pd.isna(trend.iloc[1]["cost"])  # no spend at all in 2025Q4


def test_decisions_are_kept_with_their_quarter(tiny):
    first = ev.save_decision(
        tiny, "2026Q3", "  双11 前增加 20 名临时工 ", "王敏", dt.date(2026, 11, 5), "李强"
    )
    ev.save_decision(tiny, "2026Q2", "other quarter", None, None, None)
    rows = ev.decisions(tiny, "2026Q3")
    assert rows["decision_id"].tolist() == [first]
    assert rows.loc[0, "decision"] == "双11 前增加 20 名临时工"
    assert rows.loc[0, "owner"] == "王敏"
    with pytest.raises(ValueError):
        ev.save_decision(tiny, "2026Q3", "   ", None, None, None)


# --- demo -----------------------------------------------------------------------------------------------------


def test_every_demo_quarter_scores(demo_con):
    labels = ev.quarters(demo_con)
    assert labels[0] == "2026Q3" and labels[-1] == "2023Q1" and len(labels) == 15
    for label in labels:
        card = ev.scorecard(demo_con, label)
        for score in card.scores().values():
            assert score is None or 0 <= score <= 100
    latest = ev.scorecard(demo_con, "2026Q3")
    assert all(score is not None for score in latest.scores().values())
    assert latest.metric("quality.csat").value == pytest.approx(
        demo_con.execute(
            "SELECT avg(csat) FROM tickets WHERE created_at >= '2026-07-01' AND created_at < '2026-10-01'"
        ).fetchone()[0]
    )
    for key in ev.METRIC_KEYS:
        ev.evidence(demo_con, "2026Q3", key)


def test_elasticity_without_a_roster_is_not_scored(peaky):
    """Volumes only (no staff imported): no FTE change can be measured, so elasticity is missing, not 0 from a
    phantom agent that a day without staff used to count as."""
    with store.write_transaction(peaky) as cur:
        cur.execute("DELETE FROM staff")
    rows = ev.elasticity_rows(peaky, "2026Q3")
    assert len(rows) == 1 and rows["base_fte"].iloc[0] == 0 and rows["span_fte"].iloc[0] == 0
    assert rows["fte_change"].isna().all() and rows["elasticity"].isna().all()
    card = ev.scorecard(peaky, "2026Q3")
    assert card.metric("flex.elasticity").score is None
    assert card.metric("flex.elasticity").status == "missing"


def test_elasticity_needs_the_roster_to_cover_the_event(peaky):
    """A roster that starts inside the base weeks (hired 2026-05-20) would read its own start as a staffing
    change: the event is listed without an FTE change and not scored."""
    with store.write_transaction(peaky) as cur:
        cur.execute("UPDATE staff SET hire_date = DATE '2026-05-20' WHERE employment_type <> 'temp'")
    rows = ev.elasticity_rows(peaky, "2026Q3")
    assert len(rows) == 1 and rows["fte_change"].isna().all() and rows["elasticity"].isna().all()
    assert ev.scorecard(peaky, "2026Q3").metric("flex.elasticity").score is None


def test_a_dimension_scored_on_part_of_its_metrics_says_so(tiny):
    """Without tickets, quality rests on service level alone (1 of 5, 25% of its weight) and strategic fit on
    3 of 4: the summary says so in both languages, rather than letting the score stand for the whole dimension."""
    assert "quality" not in coverage(ev.scorecard(tiny, "2026Q3"))  # with tickets, all five are scored
    with store.write_transaction(tiny) as cur:
        cur.execute("DELETE FROM tickets")
    card = ev.scorecard(tiny, "2026Q3")
    assert card.dimension("quality").score is not None
    assert coverage(card)["quality"] == (1, 5, pytest.approx(0.25))
    assert coverage(card)["strategy"] == (3, 4, pytest.approx(0.75))
    zh = summary_lines(card, None, "zh")
    assert "部分指标未计分，得分只按已计分的指标计算：" in "".join(zh)
    assert "服务质量 5 项中 1 项（占权重 25%）；战略匹配 4 项中 3 项（占权重 75%）" in "".join(zh)
    en = summary_lines(card, None, "en")
    assert "service quality 1 of 5 (25% of its weight); strategic fit 3 of 4 (75% of its weight)" in "".join(
        en
    )
    assert coverage_text("quality", card, "en") == "1 of 5 scored"
    assert coverage_text("quality", card, "zh") == "5 项中 1 项计分"


def test_a_metric_without_data_says_which_data_is_missing(tiny):
    """'not scored: no data for the quarter' did not say what to import: tickets, CSAT answers or spend."""
    zh = CATALOGS["zh"]
    with store.write_transaction(tiny) as cur:
        cur.execute("UPDATE tickets SET csat = NULL")
    card = ev.scorecard(tiny, "2026Q3")
    assert calculation_text(card.metric("quality.csat"), "zh") == zh["eval.calc.missing.no_csat_responses"]
    assert (
        calculation_text(card.metric("strategy.csat"), "en")
        == CATALOGS["en"]["eval.calc.missing.no_csat_responses"]
    )
    assert card.metric("quality.resolution_rate").score is not None  # the tickets themselves are there
    with store.write_transaction(tiny) as cur:
        cur.execute("DELETE FROM tickets")
        cur.execute("DELETE FROM cost_entries")
    card = ev.scorecard(tiny, "2026Q3")
    for key in ("quality.csat", "quality.resolution_rate", "quality.complaint_rate", "quality.reopen_rate"):
        assert calculation_text(card.metric(key), "zh") == zh["eval.calc.missing.no_tickets"], key
    for key in ("strategy.cost_per_contact", "strategy.training_share"):
        assert calculation_text(card.metric(key), "zh") == zh["eval.calc.missing.no_spend"], key
    assert card.metric("strategy.digital_share").score is not None  # contacts alone give the channel mix


def test_tickets_on_too_few_days_say_how_many(tiny):
    """The fixture's 100 tickets a quarter fall on 50 days; on 40 of the 92 days they are under half."""
    with store.write_transaction(tiny) as cur:
        cur.execute(
            "DELETE FROM tickets WHERE created_at >= TIMESTAMP '2026-07-01'"
            " AND created_at::DATE > DATE '2026-07-01' + INTERVAL 39 DAY"
        )
    metric = ev.scorecard(tiny, "2026Q3").metric("quality.reopen_rate")
    assert metric.score is None
    days = metric.calculation[0].values
    assert days["days"] == 92 and days["ticket_days"] < 46
    assert calculation_text(metric, "en") == (
        f"not scored: tickets cover only {days['ticket_days']} of the quarter's 92 days, under half"
    )


def test_a_snapshot_with_its_total_row_is_not_counted_twice(peaky):
    """Published snapshots hold each channel and 'total': the peak forecast summed both (2 × the forecast, the
    demo's 618 read a 93% error)."""
    _publish_peak_forecast(peaky, ("phone", "total"))
    rows = ev.peak_forecast_rows(peaky, "2026Q3")
    assert rows["forecast"].tolist() == [165.0, 135.0]
    metric = ev.scorecard(peaky, "2026Q3").metric("flex.peak_forecast_error")
    assert metric.value == pytest.approx(0.1) and metric.score == 100.0


def test_roster_fte_days_count_the_leave_date_as_a_day_employed(empty_con):
    # staff.leave_date is the last day employed. The 12 months to 2026Q3 run 2025-10-01 to 2026-09-30:
    # September 1-16 is 16 days; hired and leaving on September 30 is one day (half for a part-timer);
    # a temp leaving on the window's first day has that one day in it.
    staff = [
        ("F", "full_time", dt.date(2026, 9, 1), dt.date(2026, 9, 16)),
        ("P", "part_time", dt.date(2026, 9, 30), dt.date(2026, 9, 30)),
        ("T", "temp", dt.date(2025, 1, 1), dt.date(2025, 10, 1)),
        ("G", "temp", dt.date(2025, 1, 1), dt.date(2025, 9, 30)),  # gone before the window
    ]
    roster = pd.DataFrame(
        [
            {"source": SOURCE, "staff_id": sid, "role": "agent", "employment_type": kind}
            | {"hire_date": hired, "leave_date": left, "batch_id": 1}
            for sid, kind, hired, left in staff
        ]
    )
    with store.write_transaction(empty_con) as cur:
        store.insert_frame(cur, "staff", roster)
    rows = ev.flexible_capacity_rows(empty_con, "2026Q3").set_index("employment_type")["fte_days"]
    assert rows.to_dict() == pytest.approx({"full_time": 16.0, "part_time": ev.PART_TIME_FTE, "temp": 1.0})
