"""Cost levers (降本杠杆): how much the plan's cost moves when one what-if slider moves one step.

"The boss wants the budget down without service getting worse": each lever moves one slider of the
scenario on the screen by a step a service center can take in a year (handle time 5% shorter, 5 points more
contacts served by self-service, ...; the user may set each step, ``Steps``), the other sliders stay where
they are, and the what-if model prices the plan again. Levers are ranked by the yuan they save, and each says
what it asks of service: a lower service-level target is cheaper and worse for customers, a higher occupancy
cap cheaper and harder on the agents, more outsourcing cheaper or dearer with quality harder to hold. A lower
target says by how much customers wait longer: the average wait in its channels before and after, and, where
history gives the customers' patience, the share who hang up before and after, against the abandon-rate
target where the targets table sets one. A higher occupancy cap says whose agents get busier and by how much:
the channels where the cap, not the service target, sets the staffing.

One lever is not a slider: who covers the peaks. When another flexible cover (temps, part-timers, the
outsourcer's peak seats, overtime) makes the plan cheaper than the scenario's, the cheapest is a row of its own.

The savings do not add up (less handle time leaves less work for deflection to save), so the levers that
keep service as it is are also priced together, as one scenario.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import store
from analytics.channels import CONCURRENT, QUEUED
from analytics.whatif import PEAK_COVERS, Scenario, WhatIfModel


@dataclass(frozen=True)
class Lever:
    """One slider moved by ``step`` (in the scenario's units: 0.05 = 5 points) toward cheaper.

    ``service`` is what the move asks of service: 'kept' (the same targets, met with less work), 'lower'
    (a lower target for customers), 'strain' (agents busier) or 'control' (work handed to an outsourcer).
    ``waits`` are the channels whose customers a lower target keeps waiting longer; ``busier``, that the row
    says whose agents get busier and how busy (a higher occupancy cap).
    """

    key: str
    param: str
    step: float
    service: str
    waits: tuple[str, ...] = ()
    busier: bool = False


OUTSOURCING = "outsourcing_share"
LEVERS = (
    Lever("aht", "aht_change", -0.05, "kept"),
    Lever("deflection", "deflection", 0.05, "kept"),
    Lever("shrinkage", "shrinkage", -0.02, "kept"),
    Lever("attrition", "attrition", -0.01, "kept"),
    Lever("occupancy", "max_occupancy", 0.05, "strain", busier=True),
    Lever("service_level", "service_level", -0.05, "lower", QUEUED),
    Lever("chat_service_level", "chat_service_level", -0.05, "lower", CONCURRENT),
    Lever("outsourcing", OUTSOURCING, 0.10, "control"),
    Lever("outsourcing_price", "outsourcing_price_change", -0.05, "kept"),
)
Steps = Mapping[str, float]
"""A step size per lever key, in the scenario's units (0.03 = 3 points), set by the user; the lever's own step says
which way it moves. Levers not named keep their default step."""


def levers(steps: Steps | None = None) -> tuple[Lever, ...]:
    """LEVERS with the step sizes in ``steps``; a size must be above zero."""
    if not steps:
        return LEVERS
    for key, size in steps.items():
        if not size > 0:
            raise ValueError(f"lever {key!r}: a step of {size} does not move the slider")
    return tuple(
        dataclasses.replace(lever, step=math.copysign(steps[lever.key], lever.step))
        if lever.key in steps
        else lever
        for lever in LEVERS
    )


STEPS_SETTING = "cost_levers.steps"
"""The settings key of the step sizes the team saved (JSON: lever key to size, in the scenario's units), which the
quarterly review and its report use."""


def saved_steps(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """The step sizes the team saved, by lever key; empty when none were. A lever no longer offered, or a size
    not above zero, is passed over (the lever keeps its default step)."""
    stored = json.loads(store.get_setting(con, STEPS_SETTING, "{}"))
    known = {lever.key for lever in LEVERS}
    return {key: float(size) for key, size in stored.items() if key in known and float(size) > 0}


def save_steps(con: duckdb.DuckDBPyConnection, steps: Steps) -> None:
    """Save the step sizes as the team's, replacing those saved before; a size not above zero, or a lever
    not offered, is refused (ValueError) and nothing is saved."""
    known = {lever.key for lever in LEVERS}
    unknown = sorted(set(steps) - known)
    if unknown:
        raise ValueError(f"no lever {', '.join(unknown)}")
    levers(steps)  # refuses a size not above zero
    with store.write_transaction(con) as cur:
        store.set_setting(cur, STEPS_SETTING, json.dumps({key: float(size) for key, size in steps.items()}))


TOGETHER = "kept_together"
"""The row of every 'kept' lever moved at once."""
PEAK_COVER = "peak_cover"
"""The row of the cheapest flexible way to cover the peaks, when it is not the scenario's."""
COVER_SERVICE = {"temp": "control", "part_time": "control", "outsourced": "control", "overtime": "strain"}
"""What each flexible cover asks of service: staff new to the work (harder to hold quality) or overtime by the
agents on payroll (busier agents). Permanent hires are not a lever: they stay on after the peak."""

Bounds = Mapping[str, tuple[float, float]]
"""The range of each parameter (the sliders'), in the scenario's units; the outsourcing shares under
OUTSOURCING."""


def moved(scenario: Scenario, lever: Lever, bounds: Bounds) -> Scenario | None:
    """The scenario with the lever's slider moved one step, held inside its range; None when it cannot move
    (already at the end of its range, or no channel left to outsource more of)."""
    low, high = bounds[lever.param]
    if lever.param == OUTSOURCING:
        shares = scenario.outsourcing
        more = {c: min(high, round(s + lever.step, 4)) for c, s in shares.items()}
        return scenario.replace(outsourcing_share=more) if more != shares else None
    before = getattr(scenario, lever.param)
    after = min(high, max(low, round(before + lever.step, 4)))
    return scenario.replace(**{lever.param: after}) if after != before else None


_COLUMNS = [  # of lever_effects
    "lever",
    "service",
    "before",
    "after",
    "cost_change",
    "cost_change_pct",
    "inhouse_fte_change",
    "hires_change",
    "wait_before",
    "wait_after",
    "abandon_before",
    "abandon_after",
    "abandon_target",
    "busier",
    "occupancy_before",
    "occupancy_after",
    "cover_before",
    "cover_after",
]


def lever_effects(
    model: WhatIfModel, scenario: Scenario, bounds: Bounds, steps: Steps | None = None
) -> pd.DataFrame:
    """One row per lever that can move and moves the cost, cheapest first, then the 'kept' levers together:
    lever, service, before and after (the parameter; the channels' mean share for outsourcing), cost_change
    (¥ over the plan, negative saves), cost_change_pct (of the scenario's cost), inhouse_fte_change (the in-house FTE
    needed, monthly average), hires_change (over the plan), for a lower target wait_before and wait_after
    (seconds its channels' contacts wait on average, ``WhatIfModel.average_wait``) and abandon_before and
    abandon_after (the share that hang up, ``WhatIfModel.abandon_rate``) with abandon_target (the targets
    table's, ``WhatIfModel.abandon_target``), for a higher occupancy cap busier (the channels whose agents'
    occupancy rises half a point or more, a tuple) with occupancy_before and occupancy_after (theirs together,
    ``WhatIfModel.occupancy``), and for PEAK_COVER cover_before and cover_after (whatif.PEAK_COVERS); None where
    they do not apply. ``steps`` sets the levers' step sizes."""
    current = model.run(scenario)
    rows = []
    for lever in levers(steps):
        changed = moved(scenario, lever, bounds)
        if changed is None or not _moves_cost(model, scenario, changed):
            continue
        row = _row(model, current, lever.key, lever.service, scenario, changed, lever.param)
        if lever.waits:
            row["wait_before"] = model.average_wait(scenario, lever.waits)
            row["wait_after"] = model.average_wait(changed, lever.waits)
            row["abandon_before"] = model.abandon_rate(scenario, lever.waits)
            row["abandon_after"] = model.abandon_rate(changed, lever.waits)
            row["abandon_target"] = model.abandon_target(lever.waits)
        if lever.busier:
            row |= _busier(model, scenario, changed)
        rows.append(row)
    cover = cheapest_cover(model, scenario)
    if cover is not None:
        changed = scenario.replace(peak_cover=cover)
        row = _row(model, current, PEAK_COVER, COVER_SERVICE[cover], scenario, changed, None)
        rows.append(row | {"cover_before": scenario.peak_cover, "cover_after": cover})
    frame = pd.DataFrame(rows, columns=_COLUMNS).sort_values("cost_change", ignore_index=True)
    if (frame["service"] == "kept").sum() > 1:
        together = scenario_after(model, scenario, TOGETHER, bounds, steps)
        frame.loc[len(frame)] = _row(model, current, TOGETHER, "kept", scenario, together, None)
    numbers = (
        "wait_before",
        "wait_after",
        "abandon_before",
        "abandon_after",
        "abandon_target",
        "occupancy_before",
        "occupancy_after",
    )
    return frame.astype(dict.fromkeys(numbers, float))


def _row(model, current, key, service, scenario, changed, param) -> dict:
    result = model.run(changed)
    cost_change = result.total_cost - current.total_cost
    return {
        "lever": key,
        "service": service,
        "before": _value(scenario, param),
        "after": _value(changed, param),
        "cost_change": cost_change,
        "cost_change_pct": cost_change / current.total_cost if current.total_cost else None,
        "inhouse_fte_change": result.average_inhouse_fte - current.average_inhouse_fte,
        "hires_change": result.hires - current.hires,
        "wait_before": None,
        "wait_after": None,
        "abandon_before": None,
        "abandon_after": None,
        "abandon_target": None,
        "busier": None,
        "occupancy_before": None,
        "occupancy_after": None,
        "cover_before": None,
        "cover_after": None,
    }


def _busier(model: WhatIfModel, scenario: Scenario, changed: Scenario) -> dict:
    """The channels whose agents the changed scenario keeps busier (occupancy up half a point or more) and
    their occupancy together before and after; nothing when no channel's rises that much."""
    busier = tuple(
        channel
        for channel in model.channels
        if (model.occupancy(changed, [channel]) or 0) - (model.occupancy(scenario, [channel]) or 0) >= 0.005
    )
    if not busier:
        return {}
    return {
        "busier": busier,
        "occupancy_before": model.occupancy(scenario, busier),
        "occupancy_after": model.occupancy(changed, busier),
    }


def _value(scenario: Scenario, param: str | None) -> float | None:
    if param is None:
        return None
    if param == OUTSOURCING:
        shares = scenario.outsourcing
        return sum(shares.values()) / len(shares)
    return float(getattr(scenario, param))


def cheapest_cover(model: WhatIfModel, scenario: Scenario) -> str | None:
    """The flexible peak cover (COVER_SERVICE) that makes the plan cheapest, when it saves at least ¥1 on the
    scenario's own cover; None otherwise."""
    current = model.run(scenario).total_cost
    costs = {
        cover: model.run(scenario.replace(peak_cover=cover)).total_cost
        for cover in PEAK_COVERS
        if cover in COVER_SERVICE and cover != scenario.peak_cover
    }
    cover = min(costs, key=costs.get)
    return cover if current - costs[cover] >= 1 else None


def scenario_after(
    model: WhatIfModel, scenario: Scenario, key: str, bounds: Bounds, steps: Steps | None = None
) -> Scenario:
    """The scenario a lever's row describes (TOGETHER: every 'kept' lever that moves the cost, moved;
    PEAK_COVER: the cheapest cover), with the step sizes ``steps``, for the sliders to take."""
    if key == PEAK_COVER:
        cover = cheapest_cover(model, scenario)
        return scenario if cover is None else scenario.replace(peak_cover=cover)
    if key != TOGETHER:
        return moved(scenario, next(lever for lever in levers(steps) if lever.key == key), bounds) or scenario
    start = scenario
    for lever in levers(steps):
        changed = moved(start, lever, bounds) if lever.service == "kept" else None
        if changed is not None and _moves_cost(model, start, changed):
            scenario = moved(scenario, lever, bounds)
    return scenario


def _moves_cost(model: WhatIfModel, scenario: Scenario, changed: Scenario) -> bool:
    """Whether a lever's step changes the plan's cost (by ¥0.5 or more): else it is not a lever here, as the
    BPO's price is not with nothing outsourced. The runs are the model's cached ones."""
    return abs(model.run(changed).total_cost - model.run(scenario).total_cost) >= 0.5
