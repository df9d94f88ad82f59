"""Cost levers: each what-if slider one step toward cheaper, priced by the what-if model on the demo."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analytics import cost_levers, cost_model, staffing, whatif
from analytics.channels import CONCURRENT, QUEUED
from analytics.cost_levers import LEVERS, OUTSOURCING, PEAK_COVER, TOGETHER
from tests.test_whatif import base, model  # noqa: F401 (module fixtures: the demo's what-if model)

BOUNDS = {
    "aht_change": (-0.30, 0.30),
    "deflection": (0.0, 0.40),
    "shrinkage": (0.15, 0.45),
    "attrition": (0.0, 0.10),
    "max_occupancy": (0.60, 0.95),
    "service_level": (0.50, 0.95),
    "chat_service_level": (0.50, 0.95),
    OUTSOURCING: (0.0, 0.90),
    "outsourcing_price_change": (-0.30, 0.30),
}


@pytest.fixture(scope="module")
def effects(model, base):  # noqa: F811
    return cost_levers.lever_effects(model, base, BOUNDS)


def test_every_lever_saves_on_the_demo_biggest_saving_first(effects):
    singles = effects[effects["lever"] != TOGETHER]
    assert set(singles["lever"]) == {lever.key for lever in LEVERS} | {PEAK_COVER}
    assert (effects["cost_change"] < 0).all()
    assert singles["cost_change"].is_monotonic_increasing
    assert effects["lever"].iloc[-1] == TOGETHER


def test_a_row_is_the_plan_priced_with_that_one_slider_moved(model, base, effects):  # noqa: F811
    row = effects.set_index("lever").loc["aht"]
    assert (row["before"], row["after"]) == (0.0, -0.05)
    current, moved = model.run(base), model.run(base.replace(aht_change=-0.05))
    assert row["cost_change"] == pytest.approx(moved.total_cost - current.total_cost)
    assert row["cost_change_pct"] == pytest.approx(row["cost_change"] / current.total_cost)
    assert row["inhouse_fte_change"] == pytest.approx(moved.average_inhouse_fte - current.average_inhouse_fte)
    # fewer leavers to replace: lower attrition saves hires, not FTE
    attrition = effects.set_index("lever").loc["attrition"]
    assert attrition["hires_change"] <= -5 and abs(attrition["inhouse_fte_change"]) < 0.5


def test_the_levers_that_keep_service_do_not_add_up_and_are_priced_together(model, base, effects):  # noqa: F811
    kept = effects[(effects["service"] == "kept") & (effects["lever"] != TOGETHER)]
    together = effects.set_index("lever").loc[TOGETHER, "cost_change"]
    # together they save more than any one of them, and less than their sum: shorter calls leave less to deflect
    assert kept["cost_change"].sum() < together < kept["cost_change"].min()
    both = cost_levers.scenario_after(model, base, TOGETHER, BOUNDS)
    assert (both.aht_change, both.deflection, both.shrinkage, both.attrition) == (-0.05, 0.05, 0.28, 0.02)
    assert both.outsourcing_price_change == -0.05  # the demo outsources: a better BPO price keeps the targets
    assert (both.service_level, both.max_occupancy, both.outsourcing) == (
        base.service_level,
        base.max_occupancy,
        base.outsourcing,
    )
    assert together == pytest.approx(model.run(both).total_cost - model.run(base).total_cost)


def test_the_user_sets_the_step_sizes_and_the_levers_move_by_them(model, base, effects):  # noqa: F811
    """Handle time 2 points shorter and self-service 10 points more, in place of 5 and 5: those rows move by the
    new steps and save accordingly, the others are as before, and the levers together use the new steps."""
    steps = {"aht": 0.02, "deflection": 0.10}
    assert [lever.step for lever in cost_levers.levers(steps)][:3] == [-0.02, 0.10, -0.02]
    mine = cost_levers.lever_effects(model, base, BOUNDS, steps).set_index("lever")
    before = effects.set_index("lever")
    assert mine.loc["aht", "after"] == pytest.approx(base.aht_change - 0.02)
    assert mine.loc["deflection", "after"] == pytest.approx(base.deflection + 0.10)
    assert before.loc["aht", "cost_change"] < mine.loc["aht", "cost_change"] < 0  # a smaller step saves less
    assert mine.loc["deflection", "cost_change"] < before.loc["deflection", "cost_change"]
    assert mine.loc["shrinkage", "cost_change"] == before.loc["shrinkage", "cost_change"]
    both = cost_levers.scenario_after(model, base, TOGETHER, BOUNDS, steps)
    assert (both.aht_change, both.deflection) == (-0.02, 0.10)
    assert cost_levers.scenario_after(model, base, "aht", BOUNDS, steps).aht_change == -0.02
    with pytest.raises(ValueError, match="aht"):
        cost_levers.levers({"aht": 0.0})


def test_the_team_saves_its_step_sizes_and_a_bad_one_saves_nothing(empty_con):
    """The step sizes saved are read back for the review and its report; saving again replaces them; a size not
    above zero or a lever not offered is refused and leaves the saved ones as they were."""
    assert cost_levers.saved_steps(empty_con) == {}
    cost_levers.save_steps(empty_con, {"aht": 0.02, "deflection": 0.10})
    assert cost_levers.saved_steps(empty_con) == {"aht": 0.02, "deflection": 0.10}
    cost_levers.save_steps(empty_con, {"attrition": 0.005})
    assert cost_levers.saved_steps(empty_con) == {"attrition": 0.005}
    with pytest.raises(ValueError, match="does not move"):
        cost_levers.save_steps(empty_con, {"aht": 0.0})
    with pytest.raises(ValueError, match="no lever pay"):
        cost_levers.save_steps(empty_con, {"pay": 0.05, "aht": 0.02})
    assert cost_levers.saved_steps(empty_con) == {"attrition": 0.005}
    # a lever dropped from the product since, or a size edited by hand to zero, keeps its default step
    empty_con.execute(
        "UPDATE settings SET value = ? WHERE key = ?",
        ['{"training": 0.05, "aht": 0, "shrinkage": 0.01}', cost_levers.STEPS_SETTING],
    )
    assert cost_levers.saved_steps(empty_con) == {"shrinkage": 0.01}


def test_a_step_stops_at_the_end_of_its_slider(base):  # noqa: F811
    lever = next(lv for lv in LEVERS if lv.key == "aht")
    assert cost_levers.moved(base.replace(aht_change=-0.28), lever, BOUNDS).aht_change == -0.30
    assert cost_levers.moved(base.replace(aht_change=-0.30), lever, BOUNDS) is None
    outsourcing = next(lv for lv in LEVERS if lv.key == "outsourcing")
    shares = cost_levers.moved(
        base.replace(outsourcing_share={"phone": 0.85}), outsourcing, BOUNDS
    ).outsourcing
    assert shares["phone"] == 0.90 and shares["email"] == 0.10
    full = base.replace(outsourcing_share=dict.fromkeys(base.outsourcing, 0.90))
    assert cost_levers.moved(full, outsourcing, BOUNDS) is None


def test_levers_at_their_ends_are_left_out_and_none_left_is_an_empty_table(model, base):  # noqa: F811
    cornered = base.replace(aht_change=-0.30, deflection=0.40, max_occupancy=0.95)
    listed = cost_levers.lever_effects(model, cornered, BOUNDS)["lever"].tolist()
    assert not {"aht", "deflection", "occupancy"} & set(listed) and TOGETHER in listed
    ends = base.replace(
        aht_change=-0.30,
        deflection=0.40,
        shrinkage=0.15,
        attrition=0.0,
        max_occupancy=0.95,
        service_level=0.50,
        chat_service_level=0.50,
        outsourcing_share=dict.fromkeys(base.outsourcing, 0.90),
        outsourcing_price_change=-0.30,
    )
    ends = ends.replace(peak_cover=cost_levers.cheapest_cover(model, ends) or ends.peak_cover)
    assert cost_levers.lever_effects(model, ends, BOUNDS).empty


def test_a_lower_target_says_how_much_longer_its_customers_wait(model, base, effects):  # noqa: F811
    rows = effects.set_index("lever")
    for lever, channels in (("service_level", QUEUED), ("chat_service_level", CONCURRENT)):
        row = rows.loc[lever]
        assert 0 < row["wait_before"] < row["wait_after"]
        assert row["wait_before"] == pytest.approx(model.average_wait(base, channels))
        lowered = base.replace(**{lever: getattr(base, lever) - 0.05})
        assert row["wait_after"] == pytest.approx(model.average_wait(lowered, channels))
    # the other levers keep the targets or say nothing of waiting: no figures
    assert (
        rows.drop(["service_level", "chat_service_level"])[["wait_before", "wait_after"]].isna().all().all()
    )


def _two_flat_days() -> whatif.WhatIfModel:
    """Two days spread flat: 100 calls and then 50 a half hour at 300 s; 50 WeChat chats a half hour at 600 s,
    two at once per agent."""
    daily = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-11-02", "2026-11-03", "2026-11-02", "2026-11-03"]),
            "channel": ["phone", "phone", "wechat", "wechat"],
            "forecast": [4800.0, 2400.0, 2400.0, 2400.0],
        }
    )
    inputs = whatif.Inputs(
        daily=daily,
        profiles=pd.DataFrame(columns=["channel", "day_type", "slot", "share"]),
        aht={"phone": 300.0, "wechat": 600.0},
        roster=pd.DataFrame(columns=["channel", "employment_type", "headcount"]),
        rates=cost_model.CostRates(),
        concurrency={"wechat": 2.0},
    )
    return whatif.WhatIfModel(inputs)


TARGET = whatif.Scenario(service_level=0.80, answer_seconds=20.0, max_occupancy=0.85)


def test_the_average_wait_is_erlang_c_weighted_by_each_intervals_contacts():
    """Chat waits for one of the two slots an agent has."""

    def phone_wait(calls):
        agents = staffing.required_agents(calls, 300.0, 1800.0, 0.80, 20.0, 0.85)
        return staffing.average_speed_of_answer(calls, 300.0, 1800.0, agents)

    expected = (4800 * phone_wait(100.0) + 2400 * phone_wait(50.0)) / 7200
    two_days = _two_flat_days()
    assert two_days.average_wait(TARGET, QUEUED) == pytest.approx(expected, rel=1e-12)
    chat_agents = staffing.chat_required_agents(50.0, 600.0, 1800.0, 0.80, 20.0, 2.0, 0.85)
    chat_wait = staffing.average_speed_of_answer(50.0, 600.0, 1800.0, chat_agents * 2)
    assert two_days.average_wait(TARGET, CONCURRENT) == pytest.approx(chat_wait, rel=1e-12)
    assert two_days.average_wait(TARGET, ("email",)) is None  # async work has no queue to wait in


def test_a_lower_target_says_how_many_more_customers_hang_up(model, base, effects):  # noqa: F811
    """With the patience the demo's history gives (about ten minutes), a step lower keeps the share who hang up
    small but larger; the other rows say nothing of it."""
    rows = effects.set_index("lever")
    for lever, channels in (("service_level", QUEUED), ("chat_service_level", CONCURRENT)):
        row = rows.loc[lever]
        lowered = base.replace(**{lever: getattr(base, lever) - 0.05})
        assert row["abandon_before"] == pytest.approx(model.abandon_rate(base, channels))
        assert row["abandon_after"] == pytest.approx(model.abandon_rate(lowered, channels))
        assert 0.005 < row["abandon_before"] < row["abandon_after"] < 0.05
    # the demo's targets hold phone to 5% abandoned and set none for chat
    assert rows.loc["service_level", "abandon_target"] == 0.05
    assert pd.isna(rows.loc["chat_service_level", "abandon_target"])
    others = rows.drop(["service_level", "chat_service_level"])
    assert others[["abandon_before", "abandon_after", "abandon_target"]].isna().all().all()


def test_the_abandon_target_is_the_one_the_channels_share():
    """The targets table's own channel row wins over '*'; the rate over several channels is read against a
    target only when each of them with a known patience has the same one."""
    targets = {("abandon_rate", "*"): 0.05, ("abandon_rate", "phone"): 0.03, ("service_level", "phone"): 0.8}
    assert whatif.channel_targets(targets, "abandon_rate", ("phone", "online", "wechat")) == {
        "phone": 0.03,
        "online": 0.05,
        "wechat": 0.05,
    }
    assert whatif.channel_targets({}, "abandon_rate", ("phone",)) == {}
    two_days = _two_flat_days()
    two_days.inputs.patience.update({"phone": 600.0, "wechat": 600.0})
    assert two_days.abandon_target(QUEUED) is None  # no target
    two_days.inputs.abandon_targets.update({"phone": 0.03, "wechat": 0.05})
    assert two_days.abandon_target(QUEUED) == 0.03
    assert two_days.abandon_target(CONCURRENT) == 0.05  # online has no patience: the rate is wechat's alone
    two_days.inputs.patience["online"] = 600.0
    assert two_days.abandon_target(CONCURRENT) is None  # online has none: no single target
    two_days.inputs.abandon_targets["online"] = 0.04
    assert two_days.abandon_target(CONCURRENT) is None  # 4% and 5%: no single target


def test_the_abandon_rate_is_erlang_a_at_the_agents_on_seat_weighted_by_contacts():
    """Callers hang up after ten minutes on average; a chat waits for one of the two slots an agent has;
    a channel whose patience history does not give has no figure."""
    two_days = _two_flat_days()
    two_days.inputs.patience.update({"phone": 600.0, "wechat": 600.0})

    def phone_abandon(calls):
        agents = staffing.required_agents(calls, 300.0, 1800.0, 0.80, 20.0, 0.85)
        return staffing.erlang_a_metrics(calls, 300.0, 1800.0, agents, 20.0, 600.0)["abandon_rate"]

    expected = (4800 * phone_abandon(100.0) + 2400 * phone_abandon(50.0)) / 7200
    assert two_days.abandon_rate(TARGET, QUEUED) == pytest.approx(expected, rel=1e-12)
    chat_agents = staffing.chat_required_agents(50.0, 600.0, 1800.0, 0.80, 20.0, 2.0, 0.85)
    chat = staffing.erlang_a_metrics(50.0, 600.0, 1800.0, chat_agents * 2, 20.0, 600.0)["abandon_rate"]
    assert two_days.abandon_rate(TARGET, CONCURRENT) == pytest.approx(chat, rel=1e-12)
    del two_days.inputs.patience["wechat"]
    assert two_days.abandon_rate(TARGET, CONCURRENT) is None


def test_patience_is_the_answered_wait_over_the_share_abandoned(empty_con):
    """Phone: 1000 calls, 40 hung up, the 960 answered waited 24 s on average: patience 600 s. E-mail has no
    queue to hang up from; WeChat recorded no abandons."""
    rows = [
        ("2026-10-01", "phone", 600, 576, 24, 20.0),
        ("2026-10-02", "phone", 400, 384, 16, 30.0),
        ("2026-10-01", "email", 50, 50, 0, None),
        ("2026-10-01", "wechat", 80, 80, None, 12.0),
    ]
    empty_con.executemany(
        "INSERT INTO daily_volume (source, date, channel, contacts, handled, abandoned, asa_seconds, batch_id)"
        " VALUES ('acd', ?, ?, ?, ?, ?, ?, 1)",
        [[d, c, n, h, a, w] for d, c, n, h, a, w in rows],
    )
    wait = (576 * 20.0 + 384 * 30.0) / 960
    found = whatif.actual_patience(empty_con, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert found == {"phone": pytest.approx(round(wait / (40 / 1000), 1))}
    assert whatif.actual_patience(empty_con, dt.date(2026, 11, 1), dt.date(2026, 11, 30)) == {}


def test_a_higher_occupancy_cap_says_whose_agents_get_busier_and_how_busy(model, base, effects):  # noqa: F811
    """On the demo the service targets set the live channels' staffing below the cap; e-mail and tickets are
    worked from a backlog at the cap, so theirs are the agents the step keeps busier, by the step."""
    rows = effects.set_index("lever")
    row = rows.loc["occupancy"]
    assert row["busier"] == ("email", "ticket")
    raised = base.replace(max_occupancy=base.max_occupancy + 0.05)
    assert row["occupancy_before"] == pytest.approx(model.occupancy(base, ("email", "ticket")))
    assert row["occupancy_after"] == pytest.approx(model.occupancy(raised, ("email", "ticket")))
    assert row["occupancy_before"] == pytest.approx(base.max_occupancy, abs=0.01)
    assert row["occupancy_after"] == pytest.approx(raised.max_occupancy, abs=0.01)
    for live in ("phone", "online", "wechat"):
        assert model.occupancy(raised, [live]) - model.occupancy(base, [live]) < 0.005
    others = rows.drop("occupancy")
    assert (
        others["busier"].isna().all() and others[["occupancy_before", "occupancy_after"]].isna().all().all()
    )


def test_occupancy_is_handle_time_over_time_on_seat():
    """A chat's handle time is shared by the two chats an agent holds at once."""
    phone_agents = staffing.required_agents(np.array([100.0, 50.0]), 300.0, 1800.0, 0.80, 20.0, 0.85)
    phone = 7200 * 300.0 / (48 * 1800.0 * phone_agents.sum())
    two_days = _two_flat_days()
    assert two_days.occupancy(TARGET, ["phone"]) == pytest.approx(phone, rel=1e-12)
    chat_agents = staffing.chat_required_agents(50.0, 600.0, 1800.0, 0.80, 20.0, 2.0, 0.85)
    chat = 4800 * 600.0 / 2 / (96 * 1800.0 * chat_agents)
    assert two_days.occupancy(TARGET, ["wechat"]) == pytest.approx(chat, rel=1e-12)
    both = (7200 * 300.0 + 4800 * 300.0) / (1800.0 * (48 * phone_agents.sum() + 96 * chat_agents))
    assert two_days.occupancy(TARGET) == pytest.approx(both, rel=1e-12)
    assert two_days.occupancy(TARGET, ["email"]) is None  # no agent on seat


def test_the_cheapest_flexible_peak_cover_is_a_lever_of_its_own(model, base, effects):  # noqa: F811
    """The demo covers its peaks with temps; overtime by the staff on payroll covers them for less."""
    costs = {c: model.run(base.replace(peak_cover=c)).total_cost for c in cost_levers.COVER_SERVICE}
    cheapest = min(costs, key=costs.get)
    assert base.peak_cover == "temp" and cheapest == "overtime"
    row = effects.set_index("lever").loc[PEAK_COVER]
    assert (row["cover_before"], row["cover_after"], row["service"]) == ("temp", "overtime", "strain")
    assert row["cost_change"] == pytest.approx(costs["overtime"] - model.run(base).total_cost)
    assert pd.isna(row["before"]) and pd.isna(row["after"])
    assert cost_levers.scenario_after(model, base, PEAK_COVER, BOUNDS) == base.replace(peak_cover="overtime")
    # not part of the levers that keep service, and gone once the peaks are covered the cheapest way
    together = cost_levers.scenario_after(model, base, TOGETHER, BOUNDS)
    assert together.peak_cover == "temp"
    on_overtime = base.replace(peak_cover="overtime")
    assert PEAK_COVER not in set(cost_levers.lever_effects(model, on_overtime, BOUNDS)["lever"])
    assert cost_levers.scenario_after(model, on_overtime, PEAK_COVER, BOUNDS) == on_overtime
    # permanent hires are not a flexible cover: a plan on hires is offered the cheapest flexible one
    on_hires = base.replace(peak_cover="hire")
    assert cost_levers.cheapest_cover(model, on_hires) in (None, *cost_levers.COVER_SERVICE)


def test_the_bpo_price_is_a_lever_only_where_something_is_outsourced(model, base, effects):  # noqa: F811
    row = effects.set_index("lever").loc["outsourcing_price"]
    assert (row["before"], row["after"], row["service"]) == (0.0, -0.05, "kept")
    cheaper = model.run(base.replace(outsourcing_price_change=-0.05))
    assert row["cost_change"] == pytest.approx(cheaper.total_cost - model.run(base).total_cost)
    # the price moves the BPO's bill 5% (and the reserve on it), nothing else: the same FTE and hires
    assert (row["inhouse_fte_change"], row["hires_change"]) == (0, 0)
    before = model.run(base).by_category.groupby("level1")["amount"].sum()
    after = cheaper.by_category.groupby("level1")["amount"].sum()
    assert after["outsourcing"] == pytest.approx(0.95 * before["outsourcing"])
    others = before.index.difference(["outsourcing", "contingency"])
    assert after[others].to_numpy() == pytest.approx(before[others].to_numpy())
    # with nothing outsourced the step moves no yuan: not listed, and not moved with the levers together
    in_house = base.replace(outsourcing_share=dict.fromkeys(base.outsourcing, 0.0))
    assert "outsourcing_price" not in set(cost_levers.lever_effects(model, in_house, BOUNDS)["lever"])
    together = cost_levers.scenario_after(model, in_house, TOGETHER, BOUNDS)
    assert together.outsourcing_price_change == 0.0 and together.aht_change == -0.05
