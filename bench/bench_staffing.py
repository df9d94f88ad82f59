"""Benchmark: analytics.staffing against pyworkforce's ErlangC, and the staffing part of a what-if.

Run with `.venv/bin/python bench/bench_staffing.py` (pyworkforce from requirements-bench.txt).

1. A year of 30-minute intervals for 5 channels (5 × 17,520 = 87,600 intervals) with an intraday
   shape, a weekly pattern and Poisson noise (seeded), AHT 180-600 s by channel, target 80% in
   20 s, with an 85% occupancy cap and without one. Our vectorised `required_agents` against pyworkforce's per-interval
   `ErlangC(...).required_positions(...)` on the same inputs: time of each, the ratio, and the
   number of intervals where the agent counts differ.
2. The staffing part of the what-if recompute for 12 months × 5 channels: a cached daily forecast
   frame → intraday intervals → agents per interval (Erlang C / chat / async by channel) →
   monthly FTE after shrinkage → headcount plan. Costs and the page are not part of this script.
3. The full what-if recompute of ``analytics.whatif.WhatIfModel.run`` for 12 months × 5 channels with the
   daily forecast reused: a volume move reruns demand (intervals → agents), plan and money; a shrinkage move
   reruns plan and money; a wage move only money (cost lines, categories, cost per contact).
"""

from __future__ import annotations

import sys
import time
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analytics.staffing import (  # noqa: E402
    ChannelStaffing,
    fte_from_intervals,
    headcount_plan,
    interval_requirements,
    required_agents,
)

SEED = 20260101
INTERVAL_SECONDS = 1800
TARGET_SL, TARGET_ANSWER_SECONDS, MAX_OCCUPANCY = 0.80, 20.0, 0.85

# channel: (mean contacts per day, AHT seconds)
CHANNELS = {
    "phone": (6000, 300),
    "online": (4200, 420),
    "wechat": (2600, 360),
    "email": (900, 600),
    "ticket": (1500, 180),
}


def intraday_shape() -> np.ndarray:
    """Share of a day's contacts in each of the 48 half hours: quiet night, morning and evening peaks."""
    hours = (np.arange(48) + 0.5) / 2
    shape = (
        0.05
        + np.exp(-0.5 * ((hours - 10.5) / 1.6) ** 2)
        + 0.8 * np.exp(-0.5 * ((hours - 15.0) / 2.0) ** 2)
        + 0.5 * np.exp(-0.5 * ((hours - 20.5) / 1.5) ** 2)
    )
    return shape / shape.sum()


WEEKLY = np.array([1.15, 1.08, 1.02, 1.0, 0.97, 0.85, 0.80])  # Monday .. Sunday


def year_of_intervals(rng: np.random.Generator) -> pd.DataFrame:
    """87,600 rows: interval_start, channel, calls (at least 1, see the note printed), aht_seconds."""
    starts = pd.date_range("2025-01-01", periods=365 * 48, freq="30min")
    weekday = WEEKLY[starts.day_of_week.to_numpy()]
    shape = np.tile(intraday_shape(), 365)
    frames = []
    for channel, (per_day, aht) in CHANNELS.items():
        mean = per_day * weekday * shape * rng.lognormal(0.0, 0.08, size=starts.size)
        calls = np.maximum(rng.poisson(mean), 1)
        frames.append(
            pd.DataFrame({"interval_start": starts, "channel": channel, "calls": calls, "aht_seconds": aht})
        )
    return pd.concat(frames, ignore_index=True)


def pyworkforce_agents(calls: np.ndarray, aht_seconds: np.ndarray, max_occupancy: float) -> np.ndarray:
    """pyworkforce's answer per interval. Its units are minutes and its `asa` is the answer-time target."""
    from pyworkforce.queuing import ErlangC

    out = np.empty(calls.size)
    for k in range(calls.size):
        erlang = ErlangC(
            transactions=float(calls[k]),
            aht=aht_seconds[k] / 60.0,
            asa=TARGET_ANSWER_SECONDS / 60.0,
            interval=INTERVAL_SECONDS / 60,
        )
        out[k] = erlang.required_positions(service_level=TARGET_SL, max_occupancy=max_occupancy)[
            "raw_positions"
        ]
    return out


def bench_against_pyworkforce(frame: pd.DataFrame) -> None:
    calls = frame["calls"].to_numpy(dtype=float)
    aht = frame["aht_seconds"].to_numpy(dtype=float)
    load = calls * aht / INTERVAL_SECONDS
    peer = f"pyworkforce ErlangC {metadata.version('pyworkforce')}"
    print("1. Erlang C required agents, a year of 30-minute intervals × 5 channels")
    print(
        f"   intervals: {calls.size:,}   calls per interval: {calls.min():.0f}-{calls.max():.0f}   "
        f"load: {load.min():.2f}-{load.max():.1f} Erlangs   target {TARGET_SL:.0%} answered in "
        f"{TARGET_ANSWER_SECONDS:.0f} s"
    )
    print(
        "   (volumes floored at 1 call: pyworkforce rejects 0 transactions; ours returns 0 agents for them)"
    )
    for max_occupancy in (MAX_OCCUPANCY, 1.0):
        ours_times = []
        for _ in range(5):
            started = time.perf_counter()
            ours = required_agents(
                calls, aht, INTERVAL_SECONDS, TARGET_SL, TARGET_ANSWER_SECONDS, max_occupancy
            )
            ours_times.append(time.perf_counter() - started)
        ours_seconds = min(ours_times)

        started = time.perf_counter()
        theirs = pyworkforce_agents(calls, aht, max_occupancy)
        theirs_seconds = time.perf_counter() - started

        differ = int(np.sum(ours != theirs))
        cap = "no occupancy cap" if max_occupancy == 1.0 else f"occupancy cap {max_occupancy:.0%}"
        print(f"   -- {cap}")
        print(f"   {'':28}{'time':>12}{'agents total':>16}")
        print(
            f"   {'analytics.staffing':28}{ours_seconds * 1000:>10.1f} ms{ours.sum():>16,.0f}   (best of 5)"
        )
        print(f"   {peer:28}{theirs_seconds * 1000:>10.1f} ms{theirs.sum():>16,.0f}   (one full run)")
        print(
            f"   speed-up: {theirs_seconds / ours_seconds:,.0f}x   intervals where agent counts differ: {differ}"
        )


def bench_what_if(rng: np.random.Generator) -> None:
    """Daily forecast (cached, not refitted) → intervals → agents → monthly FTE → headcount plan."""
    days = pd.date_range("2026-01-01", "2026-12-31", freq="D")
    daily = pd.concat(
        [
            pd.DataFrame(
                {
                    "date": days,
                    "channel": channel,
                    "contacts": per_day
                    * WEEKLY[days.day_of_week.to_numpy()]
                    * rng.lognormal(0, 0.1, days.size),
                }
            )
            for channel, (per_day, _) in CHANNELS.items()
        ],
        ignore_index=True,
    )
    staffing = {
        "phone": ChannelStaffing("queued", 300, 0.8, 20, max_occupancy=0.85),
        "online": ChannelStaffing("concurrent", 420, 0.8, 30, max_occupancy=0.85, concurrency=2.5),
        "wechat": ChannelStaffing("concurrent", 360, 0.8, 60, max_occupancy=0.85, concurrency=3),
        "email": ChannelStaffing("async", 600, response_time_seconds=24 * 3600, max_occupancy=0.85),
        "ticket": ChannelStaffing("async", 180, response_time_seconds=4 * 3600, max_occupancy=0.85),
    }
    shrinkage = {"phone": 0.32, "online": 0.30, "wechat": 0.30, "email": 0.25, "ticket": 0.25}
    roster = pd.DataFrame(
        {
            "channel": [c for c in CHANNELS for _ in range(2)],
            "employment_type": ["full_time", "part_time"] * len(CHANNELS),
            "headcount": [120, 10, 60, 6, 40, 4, 25, 0, 15, 2],
        }
    )
    shape = intraday_shape()

    def recompute(volume_change: float) -> pd.DataFrame:
        contacts = daily["contacts"].to_numpy() * (1 + volume_change)
        intervals = pd.DataFrame(
            {
                "interval_start": (
                    daily["date"].to_numpy()[:, None] + pd.to_timedelta(np.arange(48) * 30, "min").to_numpy()
                ).reshape(-1),
                "channel": np.repeat(daily["channel"].to_numpy(), 48),
                "contacts": (contacts[:, None] * shape[None, :]).reshape(-1),
            }
        )
        agents = interval_requirements(intervals, staffing, interval_seconds=INTERVAL_SECONDS)
        monthly = fte_from_intervals(agents, period="month", shrinkage=shrinkage)
        required = monthly.rename(columns={"fte": "required_fte"})[["month", "channel", "required_fte"]]
        return headcount_plan(required, roster, attrition_rate=0.03, peak_cover="temp")

    recompute(0.0)  # warm-up
    times = []
    for k in range(7):
        started = time.perf_counter()
        plan = recompute(0.01 * k)
        times.append(time.perf_counter() - started)
    print()
    print("2. What-if recompute, staffing part: 12 months × 5 channels from a cached daily forecast")
    print(
        f"   daily rows {len(daily):,} → intervals {len(daily) * 48:,} → agents → monthly FTE → plan rows {len(plan)}"
    )
    print(
        f"   median {np.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms over {len(times)} slider moves "
        "(volume +0..6%); costs and the page not included"
    )
    print(
        f"   last plan: required FTE {plan['required_fte'].sum() / 12:,.0f} average per month, hires {plan['hires'].sum():,.0f}"
    )


def bench_full_what_if(rng: np.random.Generator) -> None:
    """WhatIfModel.run on a cached daily forecast: median and max per kind of slider move."""
    from analytics import cost_model, whatif

    days = pd.date_range("2026-11-01", "2027-10-31", freq="D")
    daily = pd.concat(
        [
            pd.DataFrame(
                {
                    "date": days,
                    "channel": channel,
                    "forecast": per_day
                    * WEEKLY[days.day_of_week.to_numpy()]
                    * rng.lognormal(0, 0.1, days.size),
                }
            )
            for channel, (per_day, _) in CHANNELS.items()
        ],
        ignore_index=True,
    )
    shape = intraday_shape()
    profiles = pd.DataFrame(
        [
            {"channel": c, "day_type": kind, "slot": slot, "share": shape[slot]}
            for c in CHANNELS
            for kind in ("workday", "weekend", "holiday")
            for slot in range(48)
        ]
    )
    roster = pd.DataFrame(
        {
            "channel": [c for c in CHANNELS for _ in range(2)],
            "employment_type": ["full_time", "part_time"] * len(CHANNELS),
            "headcount": [120.0, 10, 60, 6, 40, 4, 25, 0, 15, 2],
        }
    )
    inputs = whatif.Inputs(
        daily=daily,
        profiles=profiles,
        aht={c: float(aht) for c, (_, aht) in CHANNELS.items()},
        roster=roster,
        rates=cost_model.CostRates(),
        part_time_share=0.05,
    )
    started = time.perf_counter()
    model = whatif.WhatIfModel(inputs)
    build = time.perf_counter() - started
    base = whatif.Scenario(outsourcing_share=(("online", 0.3),))
    started = time.perf_counter()
    result = model.run(base)
    first = time.perf_counter() - started

    moves = {
        "volume (demand + plan + money)": [base.replace(volume_change=0.01 * k) for k in range(1, 8)],
        "shrinkage (plan + money)": [base.replace(shrinkage=0.30 + 0.01 * k) for k in range(1, 8)],
        "wage (money only)": [base.replace(wage_increase=0.01 * k) for k in range(1, 8)],
    }
    print()
    print("3. Full what-if recompute (WhatIfModel.run): 12 months × 5 channels, daily forecast reused")
    print(
        f"   daily rows {len(daily):,} → intervals {len(daily) * 48:,} → agents → FTE → plan → cost lines "
        f"{len(result.lines):,} → categories, cost per contact"
    )
    print(
        f"   one-off: split the forecast into intervals {build * 1000:.0f} ms; first run {first * 1000:.0f} ms"
    )
    print(f"   {'slider move':34}{'median':>10}{'max':>10}   (7 moves each, goal < 150 ms)")
    for label, scenarios in moves.items():
        times = []
        for scenario in scenarios:
            started = time.perf_counter()
            model.run(scenario)
            times.append(time.perf_counter() - started)
        print(f"   {label:34}{np.median(times) * 1000:>7.0f} ms{max(times) * 1000:>7.0f} ms")
    print(
        f"   baseline: {result.average_fte:,.0f} FTE a month on average, ¥{result.total_cost:,.0f} over 12 months"
    )


def main() -> None:
    rng = np.random.default_rng(SEED)
    bench_against_pyworkforce(year_of_intervals(rng))
    bench_what_if(rng)
    bench_full_what_if(rng)


if __name__ == "__main__":
    main()
