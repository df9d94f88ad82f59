"""Staffing math: from contacts per interval to agents, FTE and a monthly headcount plan.

The chain the product walks, one function per step:

1. Agents on seat per interval, by channel kind (see ``analytics.channels``):
   - queued voice (电话): Erlang C, ``required_agents``; or Erlang A when callers hang up,
     ``required_agents_erlang_a``;
   - chat with concurrency (在线, 微信): ``chat_required_agents``, Erlang C over chat slots;
   - async work (邮件, 工单): ``async_required_agents``, workload with a response-time deadline and
     the backlog carried to the next interval.
2. Shrinkage (breaks, training, meetings, leave): ``apply_shrinkage``, agents / (1 − shrinkage).
3. FTE per day or month: ``fte_from_intervals``.
4. Headcount plan by month: ``headcount_plan`` (roster, attrition, training and ramp, hiring lead
   time, flexible staff for peaks).

Conventions used throughout:

- Time is in seconds; a load in Erlangs is ``calls × AHT / interval length``.
- Queue functions are vectorised: they take scalars, NumPy arrays or pandas Series (broadcast
  together) and return the same shape; a Series input gives a Series with its index.
- Agent counts are whole numbers returned as ``float64`` so that a missing input (NaN in any
  argument) gives NaN in that position instead of a made-up number.
- Measures "for a given staffing" round a fractional number of agents down (0.6 of an agent
  answers no calls).
- Invalid inputs (negative volume, service-level target of 100%, shrinkage of 100%, ...) raise
  ``ValueError`` rather than being clipped silently.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import special

ArrayLike = float | int | np.ndarray | pd.Series

_EPS = 1e-9
"""Slack for rounding up quantities that should be whole but carry float noise (14.000000000002)."""


# ---------------------------------------------------------------------------------------------
# Shared plumbing: broadcasting, output shape, validation
# ---------------------------------------------------------------------------------------------


def _broadcast(*values: ArrayLike) -> tuple[list[np.ndarray], pd.Index | None, tuple[int, ...]]:
    """Broadcast inputs to flat float arrays; remember a pandas index and the common shape."""
    index = next((v.index for v in values if isinstance(v, pd.Series)), None)
    arrays = np.broadcast_arrays(*[np.asarray(v, dtype=float) for v in values])
    return [np.ascontiguousarray(a).reshape(-1) for a in arrays], index, arrays[0].shape


def _shape_like(result: np.ndarray, index: pd.Index | None, shape: tuple[int, ...], name: str) -> ArrayLike:
    """Return a flat result as a float (all inputs scalar), a Series (an input was one) or an array."""
    if shape == ():
        return float(result[0])
    if index is not None:
        return pd.Series(result, index=index, name=name)
    return result.reshape(shape)


def _missing(*arrays: np.ndarray) -> np.ndarray:
    """Positions where any input is NaN: their result is NaN."""
    mask = np.zeros(arrays[0].shape, dtype=bool)
    for a in arrays:
        mask |= np.isnan(a)
    return mask


def _check(ok: np.ndarray, message: str) -> None:
    """Raise ValueError unless every non-missing element satisfies ``ok``."""
    if not np.all(ok):
        raise ValueError(message)


def _validate_queue(calls, aht, interval, *, nan) -> None:
    _check(nan | (calls >= 0), "calls must be >= 0")
    _check(nan | (interval > 0), "interval_seconds must be > 0")
    _check(nan | (calls == 0) | (aht > 0), "aht_seconds must be > 0 where there are calls")


def _validate_targets(target_sl, target_answer, max_occ, *, nan) -> None:
    _check(nan | ((target_sl >= 0) & (target_sl < 1)), "target_service_level must be in [0, 1)")
    _check(nan | (target_answer >= 0), "target_answer_seconds must be >= 0")
    _check(nan | ((max_occ > 0) & (max_occ <= 1)), "max_occupancy must be in (0, 1]")


# ---------------------------------------------------------------------------------------------
# Erlang B and C
# ---------------------------------------------------------------------------------------------


_RECURSION_LIMIT = 1000
"""Up to this many agents Erlang B comes from its recursion; above it from the Poisson cdf."""


def _inverse_erlang_b(agents: np.ndarray, load: np.ndarray) -> np.ndarray:
    """1 / B(n, A), the inverse Erlang B blocking probability, for whole n ≥ 0 and A > 0, no factorials.

    For n ≤ _RECURSION_LIMIT: the stable recursion 1/B(k) = 1 + (k/A)·1/B(k−1) from 1/B(0) = 1,
    run once over all rows sorted by n, so step k only touches the rows that still need it.
    Above the limit: 1/B = Poisson cdf(n; A) / Poisson pmf(n; A); where that cdf underflows
    (n far below a load of thousands of Erlangs) the series 1/B = Σₖ n!/((n−k)!·Aᵏ) is summed,
    which converges fast there because n/A is small. An overflow to inf means B is 0.
    """
    inverse = np.ones_like(load)
    small = np.flatnonzero(agents <= _RECURSION_LIMIT)
    if small.size:
        order = small[np.argsort(agents[small].astype(np.int16), kind="stable")]  # radix sort
        n_sorted, per_load = agents[order], 1.0 / load[order]
        acc = np.ones(order.size)
        firsts = np.searchsorted(n_sorted, np.arange(1, int(n_sorted[-1]) + 1), side="left")
        with np.errstate(over="ignore"):
            for k, first in enumerate(firsts, start=1):
                tail = acc[first:]
                tail *= k * per_load[first:]
                tail += 1.0
        inverse[order] = acc
    large = np.flatnonzero(agents > _RECURSION_LIMIT)
    if large.size:
        n, a = agents[large], load[large]
        log_pmf = special.xlogy(n, a) - a - special.gammaln(n + 1)
        cdf = special.pdtr(n, a)
        with np.errstate(over="ignore"):
            values = cdf * np.exp(-log_pmf)
        bad = cdf < 1e-290
        if np.any(bad):
            nb, ab = n[bad], a[bad]
            term, total = np.ones_like(nb), np.ones_like(nb)
            for k in range(1, 400):
                term = term * np.maximum(nb - k + 1, 0) / ab
                total += term
                if np.all(term < 1e-17 * total):
                    break
            values[bad] = total
        inverse[large] = values
    return inverse


def _erlang_b(agents: np.ndarray, load: np.ndarray) -> np.ndarray:
    """Erlang B blocking probability B(n, A) = (Aⁿ/n!) / Σₖ₌₀ⁿ Aᵏ/k!, for whole n ≥ 0 and A > 0."""
    return 1.0 / _inverse_erlang_b(agents, load)


def _erlang_c_from_b(agents: np.ndarray, load: np.ndarray, blocking: np.ndarray) -> np.ndarray:
    """Erlang C probability of waiting from Erlang B: C = n·B / (n − A·(1 − B)); 1 when n ≤ A."""
    with np.errstate(divide="ignore", invalid="ignore"):
        wait = agents * blocking / (agents - load * (1 - blocking))
    return np.where(agents > load, wait, 1.0)


def _service_level_from_c(wait, agents, load, aht, answer_seconds) -> np.ndarray:
    """SL(t) = 1 − C·exp(−(n − A)·t / AHT): share of calls answered within t seconds."""
    with np.errstate(invalid="ignore", over="ignore"):
        level = 1 - wait * np.exp(-(agents - load) * answer_seconds / aht)
    return np.where(agents > load, np.clip(level, 0.0, 1.0), 0.0)


def offered_load(calls: ArrayLike, aht_seconds: ArrayLike, interval_seconds: ArrayLike) -> ArrayLike:
    """Traffic intensity in Erlangs: calls × AHT / interval length (agents busy on average)."""
    (c, h, i), index, shape = _broadcast(calls, aht_seconds, interval_seconds)
    return _shape_like(c * h / i, index, shape, "erlangs")


def _queue_state(calls, aht_seconds, interval_seconds, agents, answer_seconds=0.0):
    """Common set-up of the 'given staffing' metrics: arrays, load, missing mask, zero mask."""
    (c, h, i, n, t), index, shape = _broadcast(calls, aht_seconds, interval_seconds, agents, answer_seconds)
    nan = _missing(c, h, i, n, t)
    _validate_queue(c, h, i, nan=nan)
    _check(nan | (n >= 0), "agents must be >= 0")
    idle = ~nan & (c == 0)
    safe_h = np.where(idle | nan, 1.0, h)
    load = np.where(nan, 0.0, c * safe_h / i)
    n = np.where(nan, 0.0, np.floor(n + _EPS))
    return c, safe_h, load, n, t, nan, idle, index, shape


def probability_of_wait(
    calls: ArrayLike, aht_seconds: ArrayLike, interval_seconds: ArrayLike, agents: ArrayLike
) -> ArrayLike:
    """Erlang C probability that a call has to queue (0 with no calls, 1 when agents ≤ load)."""
    c, h, load, n, _, nan, idle, index, shape = _queue_state(calls, aht_seconds, interval_seconds, agents)
    busy = ~nan & ~idle
    out = np.where(nan, np.nan, 0.0)
    if np.any(busy):
        b = _erlang_b(n[busy], load[busy])
        out[busy] = _erlang_c_from_b(n[busy], load[busy], b)
    return _shape_like(out, index, shape, "probability_of_wait")


def service_level(
    calls: ArrayLike,
    aht_seconds: ArrayLike,
    interval_seconds: ArrayLike,
    agents: ArrayLike,
    target_answer_seconds: ArrayLike,
) -> ArrayLike:
    """Erlang C share of calls answered within ``target_answer_seconds`` (1 with no calls, 0 if agents ≤ load)."""
    c, h, load, n, t, nan, idle, index, shape = _queue_state(
        calls, aht_seconds, interval_seconds, agents, target_answer_seconds
    )
    _check(nan | (t >= 0), "target_answer_seconds must be >= 0")
    busy = ~nan & ~idle
    out = np.where(nan, np.nan, 1.0)
    if np.any(busy):
        b = _erlang_b(n[busy], load[busy])
        wait = _erlang_c_from_b(n[busy], load[busy], b)
        out[busy] = _service_level_from_c(wait, n[busy], load[busy], h[busy], t[busy])
    return _shape_like(out, index, shape, "service_level")


def average_speed_of_answer(
    calls: ArrayLike, aht_seconds: ArrayLike, interval_seconds: ArrayLike, agents: ArrayLike
) -> ArrayLike:
    """Erlang C mean wait in seconds over all calls, ASA = C·AHT / (n − A); inf when agents ≤ load."""
    c, h, load, n, _, nan, idle, index, shape = _queue_state(calls, aht_seconds, interval_seconds, agents)
    busy = ~nan & ~idle
    out = np.where(nan, np.nan, 0.0)
    if np.any(busy):
        nb, ab = n[busy], load[busy]
        wait = _erlang_c_from_b(nb, ab, _erlang_b(nb, ab))
        with np.errstate(divide="ignore", invalid="ignore"):
            out[busy] = np.where(nb > ab, wait * h[busy] / (nb - ab), np.inf)
    return _shape_like(out, index, shape, "average_speed_of_answer")


def occupancy(
    calls: ArrayLike, aht_seconds: ArrayLike, interval_seconds: ArrayLike, agents: ArrayLike
) -> ArrayLike:
    """Share of staffed time agents spend handling calls, A / n (capped at 1: agents ≤ load are always busy)."""
    c, h, load, n, _, nan, idle, index, shape = _queue_state(calls, aht_seconds, interval_seconds, agents)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(n > 0, np.minimum(load / np.where(n > 0, n, 1.0), 1.0), np.where(load > 0, 1.0, 0.0))
    out = np.where(nan, np.nan, out)
    return _shape_like(out, index, shape, "occupancy")


def required_agents(
    calls: ArrayLike,
    aht_seconds: ArrayLike,
    interval_seconds: ArrayLike,
    target_service_level: ArrayLike,
    target_answer_seconds: ArrayLike,
    max_occupancy: ArrayLike = 1.0,
) -> ArrayLike:
    """Minimum agents on seat (before shrinkage) to answer ``target_service_level`` of calls within
    ``target_answer_seconds`` and keep occupancy A/n at or below ``max_occupancy`` (Erlang C).

    With load A = calls × AHT / interval, the answer is max(N_sl, ⌈A / max_occupancy⌉), where N_sl
    is the smallest n > A with 1 − C(n, A)·exp(−(n − A)·t / AHT) ≥ target. Agents at or below the
    load never meet a target (the queue would grow without bound). Zero calls need zero agents.
    The search starts at ⌊A⌋ + 1, or at the occupancy floor, and walks up with the Erlang B
    recursion B(n+1) = A·B(n) / (n + 1 + A·B(n)), all intervals at once; it stays exact and
    stable for loads of thousands of Erlangs. NaN in any input gives NaN in that position.
    """
    (c, h, i, sl, t, occ), index, shape = _broadcast(
        calls, aht_seconds, interval_seconds, target_service_level, target_answer_seconds, max_occupancy
    )
    nan = _missing(c, h, i, sl, t, occ)
    _validate_queue(c, h, i, nan=nan)
    _validate_targets(sl, t, occ, nan=nan)

    out = np.where(nan, np.nan, 0.0)
    busy = ~nan & (c > 0)
    if busy.all():
        out = _erlang_c_search(c * h / i, h, sl, t, occ)
    elif busy.any():
        out[busy] = _erlang_c_search(c[busy] * h[busy] / i[busy], h[busy], sl[busy], t[busy], occ[busy])
    return _shape_like(out, index, shape, "agents")


def _erlang_c_search(load, aht, target_sl, answer_seconds, max_occ) -> np.ndarray:
    """Smallest n meeting the SL target and the occupancy cap, for 1-D arrays with load > 0.

    Works on 1/B (``inverse``): C = n / (n·(1/B) − A·(1/B − 1)) and 1/B(n+1) = 1 + (n+1)/A · 1/B(n).
    """
    n = np.maximum(np.floor(load) + 1, np.ceil(load / max_occ - _EPS))
    inverse = _inverse_erlang_b(n, load)
    rate, target = answer_seconds / aht, target_sl
    result = np.empty_like(load)
    rows = np.arange(load.size)
    while rows.size:  # each pass settles the rows that meet the target, the others try one more agent
        with np.errstate(invalid="ignore"):
            wait = n / (n * inverse - load * (inverse - 1.0))
        wait = np.where(np.isinf(inverse), 0.0, wait)  # 1/B overflowed: B and so C are 0 (huge loads)
        met = 1.0 - wait * np.exp((load - n) * rate) >= target
        result[rows[met]] = n[met]
        keep = ~met
        rows, load, n, inverse, rate, target = (x[keep] for x in (rows, load, n, inverse, rate, target))
        n = n + 1.0
        inverse = 1.0 + n / load * inverse
    return result


# ---------------------------------------------------------------------------------------------
# Erlang A: callers who hang up (M/M/n+M, Palm 1946; Garnett, Mandelbaum & Reiman 2002)
# ---------------------------------------------------------------------------------------------


def _log_kummer(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """log ₁F₁(1; a+1; x) = log Σₘ xᵐ·Γ(a+1)/Γ(a+m+1), for a > 0, x ≥ 0.

    For x below a/2 the series converges fast (ratio < 1/2) and scipy's hyp1f1 sums its tail; above,
    the identity ₁F₁(1; a+1; x) = Γ(a+1)·eˣ·x⁻ᵃ·P(a, x), with P the regularized lower incomplete
    gamma, stays finite in log form where the series itself would overflow.
    """
    p = special.gammainc(a, x)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        via_gamma = special.gammaln(a + 1) + x - special.xlogy(a, x) + np.log(p)
    small = (x < 0.5 * a) | ~(p > 1e-280) | (x <= 0)
    if np.any(small):
        a_s, x_s = a[small], x[small]  # ₁F₁(1; a+1; x) = 1 + x/(a+1)·₁F₁(1; a+2; x), kept exact near 1
        via_gamma[small] = np.log1p(x_s / (a_s + 1) * special.hyp1f1(1.0, a_s + 2, x_s))
    return via_gamma


def _erlang_a_metrics(load, rate, aht, patience, agents, answer_seconds) -> dict[str, np.ndarray]:
    """Erlang A measures for 1-D arrays with rate > 0 and agents ≥ 1.

    With λ arrivals/s, μ = 1/AHT, θ = 1/patience, n agents, a = nμ/θ, c = λ/θ, R = λ/μ,
    E = Erlang B(n, R) and G = ₁F₁(1; a+1; c):
      P(wait)        = G·E / (1 + (G − 1)·E)
      P(V > t | wait) = exp(−nμt + c(1 − e^{−θt}))·₁F₁(1; a+1; c·e^{−θt}) / G   (offered wait V)
      P(W > t)       = P(wait)·P(V > t | wait)·e^{−θt}   (W = min(V, patience): actual wait)
      P(abandon)     = P(wait)·(1 − (1 − 1/G)/ρ),  ρ = λ/(nμ)
      mean wait      = P(abandon) / θ   (Little's law on the abandoning flow)
      occupancy      = R·(1 − P(abandon)) / n
    Derivation of the tail: an arrival finding m callers waiting is answered after independent
    Exp(nμ + iθ) stages, i = 0..m, so e^{−θV} ~ Beta(a, m + 1); summing over the Palm stationary
    distribution π_{n+m} = π_n·cᵐ·Γ(a+1)/Γ(a+m+1) gives the density π_n·nμ·exp(−nμt + c(1 − e^{−θt})).
    """
    theta = 1.0 / patience
    a = agents / aht / theta
    c = rate / theta
    log_g = _log_kummer(a, c)
    blocking = _erlang_b(agents, load)
    with np.errstate(divide="ignore", over="ignore"):
        inverse_minus_one = np.where(blocking > 0, 1.0 / blocking - 1.0, np.inf)
        p_wait = 1.0 / (1.0 + inverse_minus_one * np.exp(-log_g))
    decay = np.exp(-theta * answer_seconds)
    log_tail = -agents / aht * answer_seconds + c * -np.expm1(-theta * answer_seconds)
    log_tail += _log_kummer(a, c * decay) - log_g
    late = p_wait * np.exp(np.minimum(log_tail, 0.0)) * decay
    abandon_if_wait = 1.0 - (a / c) * -np.expm1(-log_g)
    abandon = p_wait * np.clip(abandon_if_wait, 0.0, 1.0)
    return {
        "probability_of_wait": p_wait,
        "service_level": np.clip(1.0 - late, 0.0, 1.0),
        "abandon_rate": abandon,
        "average_wait_seconds": abandon * patience,
        "occupancy": np.minimum(load * (1.0 - abandon) / agents, 1.0),
    }


_ERLANG_A_KEYS = ("probability_of_wait", "service_level", "abandon_rate", "average_wait_seconds", "occupancy")


def erlang_a_metrics(
    calls: ArrayLike,
    aht_seconds: ArrayLike,
    interval_seconds: ArrayLike,
    agents: ArrayLike,
    target_answer_seconds: ArrayLike,
    patience_seconds: ArrayLike,
) -> dict[str, ArrayLike]:
    """Erlang A (callers hang up after an exponential patience with mean ``patience_seconds``)
    measures for a given staffing, as a dict of arrays shaped like the inputs:

    - ``service_level``: share of callers whose wait is ≤ ``target_answer_seconds``; the wait of a
      caller who hangs up is the time until hanging up (the usual P(W ≤ t) of the literature);
    - ``abandon_rate``: share of callers who hang up before an agent answers;
    - ``probability_of_wait``, ``average_wait_seconds`` (over all callers), ``occupancy``.

    Zero calls: service level 1, nothing else. Zero agents with calls: everybody waits and hangs up.
    """
    (c, h, i, n, t, p), index, shape = _broadcast(
        calls, aht_seconds, interval_seconds, agents, target_answer_seconds, patience_seconds
    )
    nan = _missing(c, h, i, n, t, p)
    _validate_queue(c, h, i, nan=nan)
    _check(nan | (n >= 0), "agents must be >= 0")
    _check(nan | (t >= 0), "target_answer_seconds must be >= 0")
    _check(
        nan | ((p > 0) & np.isfinite(p)), "patience_seconds must be > 0 and finite (use Erlang C otherwise)"
    )
    n = np.where(nan, 0.0, np.floor(n + _EPS))
    out = {key: np.where(nan, np.nan, 0.0) for key in _ERLANG_A_KEYS}
    out["service_level"] = np.where(nan, np.nan, 1.0)

    nobody = ~nan & (c > 0) & (n == 0)
    out["probability_of_wait"][nobody] = 1.0
    out["abandon_rate"][nobody] = 1.0
    out["average_wait_seconds"][nobody] = p[nobody]
    out["service_level"][nobody] = -np.expm1(-t[nobody] / p[nobody])

    busy = ~nan & (c > 0) & (n > 0)
    if np.any(busy):
        metrics = _erlang_a_metrics(
            c[busy] * h[busy] / i[busy], c[busy] / i[busy], h[busy], p[busy], n[busy], t[busy]
        )
        for key in _ERLANG_A_KEYS:
            out[key][busy] = metrics[key]
    return {key: _shape_like(value, index, shape, key) for key, value in out.items()}


def required_agents_erlang_a(
    calls: ArrayLike,
    aht_seconds: ArrayLike,
    interval_seconds: ArrayLike,
    target_service_level: ArrayLike,
    target_answer_seconds: ArrayLike,
    patience_seconds: ArrayLike,
    max_occupancy: ArrayLike = 1.0,
    max_abandon_rate: ArrayLike = 1.0,
) -> ArrayLike:
    """Minimum agents (before shrinkage, at least 1 when there are calls) that meet the service
    level, the occupancy cap and the abandonment cap when callers hang up (Erlang A).

    Because callers who give up shorten the queue, this never needs more agents than Erlang C
    for the same target; it can even staff below the load. Very impatient callers "meet" a
    service level by hanging up quickly, so set ``max_abandon_rate`` (e.g. 0.05) whenever patience
    is short. The search is a bisection between 1 and the Erlang C answer (raised until the
    abandonment cap holds): each measure is monotone in the number of agents.
    """
    (c, h, i, sl, t, p, occ, ab), index, shape = _broadcast(
        calls,
        aht_seconds,
        interval_seconds,
        target_service_level,
        target_answer_seconds,
        patience_seconds,
        max_occupancy,
        max_abandon_rate,
    )
    nan = _missing(c, h, i, sl, t, p, occ, ab)
    _validate_queue(c, h, i, nan=nan)
    _validate_targets(sl, t, occ, nan=nan)
    _check(
        nan | ((p > 0) & np.isfinite(p)), "patience_seconds must be > 0 and finite (use Erlang C otherwise)"
    )
    _check(nan | ((ab > 0) & (ab <= 1)), "max_abandon_rate must be in (0, 1]")

    out = np.where(nan, np.nan, 0.0)
    busy = ~nan & (c > 0)
    if not np.any(busy):
        return _shape_like(out, index, shape, "agents")
    c, h, i, sl, t, p, occ, ab = (x[busy] for x in (c, h, i, sl, t, p, occ, ab))
    load, rate = c * h / i, c / i

    def meets(n: np.ndarray, rows: np.ndarray) -> np.ndarray:
        m = _erlang_a_metrics(load[rows], rate[rows], h[rows], p[rows], n, t[rows])
        return (
            (m["service_level"] >= sl[rows])
            & (m["occupancy"] <= occ[rows] + _EPS)
            & (m["abandon_rate"] <= ab[rows])
        )

    every = np.arange(c.size)
    high = np.maximum(_erlang_c_search(load, h, sl, t, occ), 1.0)
    while True:  # the Erlang C answer meets SL and occupancy; raise it until abandonment holds too
        short = ~meets(high, every)
        if not np.any(short):
            break
        high[short] *= 2
    low = np.zeros_like(high)  # invariant: low fails (0 agents never counts), high meets
    while np.any(high - low > 1):
        rows = np.flatnonzero(high - low > 1)
        mid = np.floor((low[rows] + high[rows]) / 2)
        ok = meets(mid, rows)
        high[rows[ok]] = mid[ok]
        low[rows[~ok]] = mid[~ok]
    out[busy] = high
    return _shape_like(out, index, shape, "agents")


# ---------------------------------------------------------------------------------------------
# Chat with concurrency, and async work (邮件, 工单)
# ---------------------------------------------------------------------------------------------


def chat_required_agents(
    chats: ArrayLike,
    chat_handle_seconds: ArrayLike,
    interval_seconds: ArrayLike,
    target_service_level: ArrayLike,
    target_answer_seconds: ArrayLike,
    concurrency: ArrayLike,
    max_occupancy: ArrayLike = 1.0,
) -> ArrayLike:
    """Agents for live chat where each agent serves up to ``concurrency`` chats at once.

    Model: every agent offers ``concurrency`` chat slots; a new chat queues when all slots are
    busy, so the slots are an Erlang C queue with the chat's duration as handle time, and
    agents = ⌈slots / concurrency⌉. ``chat_handle_seconds`` is the chat's length as measured
    while agents multitask (longer than the same chat handled alone); the occupancy cap applies
    to slots. With concurrency 1 this is plain ``required_agents``.
    """
    (k,), _, _ = _broadcast(concurrency)
    _check(np.isnan(k) | (k >= 1), "concurrency must be >= 1")
    slots = required_agents(
        chats,
        chat_handle_seconds,
        interval_seconds,
        target_service_level,
        target_answer_seconds,
        max_occupancy,
    )
    (s, k), index, shape = _broadcast(slots, concurrency)
    return _shape_like(np.ceil(s / k - _EPS), index, shape, "agents")


def async_required_agents(
    arrivals: ArrayLike,
    handle_seconds: float,
    interval_seconds: float,
    response_time_seconds: float,
    max_occupancy: float = 1.0,
    initial_backlog: float = 0.0,
) -> pd.DataFrame:
    """Agents per interval for email or tickets answered within ``response_time_seconds``, with the
    unfinished work carried to the next interval.

    Model (deadline-driven, first in first out): an item arriving in interval i must be finished by
    the end of interval i + d − 1, with d = max(1, ⌊response time / interval⌋) (so it never waits
    longer than the response time). Each interval staffs the fewest whole agents that finish every
    item falling due at its end; each agent works ``interval × max_occupancy`` seconds, and spare
    capacity of those agents (from rounding up) works ahead on the oldest items. Items are counted
    as workload, so fractional items are fine. ``initial_backlog`` items are due in the first
    interval. Intervals must be consecutive and in time order; NaN arrivals count as zero.

    Returns one row per interval (index of ``arrivals`` when it is a Series) with ``arrivals``,
    ``agents``, ``handled`` (items finished) and ``backlog`` (items open at the interval's end).
    """
    if handle_seconds <= 0 or interval_seconds <= 0 or response_time_seconds <= 0:
        raise ValueError("handle_seconds, interval_seconds and response_time_seconds must be > 0")
    if not 0 < max_occupancy <= 1:
        raise ValueError("max_occupancy must be in (0, 1]")
    if initial_backlog < 0:
        raise ValueError("initial_backlog must be >= 0")
    items = np.nan_to_num(np.asarray(arrivals, dtype=float).reshape(-1), nan=0.0)
    if np.any(items < 0):
        raise ValueError("arrivals must be >= 0")

    window = max(1, int(response_time_seconds // interval_seconds + _EPS))
    per_agent = interval_seconds * max_occupancy / handle_seconds  # items one agent finishes
    arrived = initial_backlog + np.cumsum(items)  # items arrived by the end of each interval
    due = np.concatenate([np.full(window - 1, initial_backlog), arrived])[: items.size]
    agents, done, finished = [], [], 0.0
    for due_now, arrived_now in zip(due.tolist(), arrived.tolist(), strict=True):  # plain floats: fast loop
        shortfall = due_now - finished
        staff = math.ceil(shortfall / per_agent - _EPS) if shortfall > 0 else 0
        finished = min(finished + staff * per_agent, arrived_now)
        agents.append(staff)
        done.append(finished)
    agents, done = np.asarray(agents, dtype=float), np.asarray(done, dtype=float)
    handled = np.diff(done, prepend=0.0)
    index = arrivals.index if isinstance(arrivals, pd.Series) else None
    return pd.DataFrame(
        {"arrivals": items, "agents": agents, "handled": handled, "backlog": arrived - done}, index=index
    )


# ---------------------------------------------------------------------------------------------
# All channels at once: contacts per interval -> agents per interval
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelStaffing:
    """How one channel is staffed (see ``analytics.channels`` for which channel is which kind).

    kind "queued" uses Erlang C, or Erlang A when ``patience_seconds`` is set; "concurrent" uses
    ``chat_required_agents`` with ``concurrency``; "async" uses ``async_required_agents`` with
    ``response_time_seconds``. ``aht_seconds`` is the handle time of one contact.
    """

    kind: Literal["queued", "concurrent", "async"]
    aht_seconds: float
    target_service_level: float = 0.8
    target_answer_seconds: float = 20.0
    max_occupancy: float = 1.0
    concurrency: float = 1.0
    patience_seconds: float | None = None
    max_abandon_rate: float = 1.0
    response_time_seconds: float = 24 * 3600.0


def interval_requirements(
    intervals: pd.DataFrame,
    staffing: Mapping[str, ChannelStaffing],
    *,
    interval_seconds: float = 1800.0,
    time_column: str = "interval_start",
    channel_column: str = "channel",
    contacts_column: str = "contacts",
) -> pd.DataFrame:
    """Agents on seat per interval for every channel, each by its own staffing model.

    ``intervals`` has one row per channel and interval with the contacts forecast; async channels
    need their intervals consecutive (they are sorted by time here). Returns a copy with
    ``agents`` and ``backlog`` (open async items at the interval's end; 0 for live channels).
    """
    missing = set(intervals[channel_column].unique()) - set(staffing)
    if missing:
        raise ValueError(f"no staffing parameters for channels {sorted(missing)}")
    out = intervals.copy()
    out["agents"] = np.nan
    out["backlog"] = 0.0
    for channel, rows in out.groupby(channel_column, sort=False).groups.items():
        rule = staffing[channel]
        part = out.loc[rows].sort_values(time_column)
        contacts = part[contacts_column].to_numpy(dtype=float)
        if rule.kind == "async":
            work = async_required_agents(
                contacts, rule.aht_seconds, interval_seconds, rule.response_time_seconds, rule.max_occupancy
            )
            out.loc[part.index, "agents"] = work["agents"].to_numpy()
            out.loc[part.index, "backlog"] = work["backlog"].to_numpy()
            continue
        common = (
            contacts,
            rule.aht_seconds,
            interval_seconds,
            rule.target_service_level,
            rule.target_answer_seconds,
        )
        if rule.kind == "concurrent":
            agents = chat_required_agents(*common, rule.concurrency, rule.max_occupancy)
        elif rule.kind == "queued" and rule.patience_seconds is not None:
            agents = required_agents_erlang_a(
                *common, rule.patience_seconds, rule.max_occupancy, rule.max_abandon_rate
            )
        elif rule.kind == "queued":
            agents = required_agents(*common, rule.max_occupancy)
        else:
            raise ValueError(f"unknown staffing kind {rule.kind!r} for channel {channel}")
        out.loc[part.index, "agents"] = agents
    return out


# ---------------------------------------------------------------------------------------------
# Shrinkage and FTE
# ---------------------------------------------------------------------------------------------


def apply_shrinkage(agents: ArrayLike, shrinkage: ArrayLike) -> ArrayLike:
    """Agents to schedule so that ``agents`` remain on seat after shrinkage (breaks, meetings,
    training, leave, sickness): agents / (1 − shrinkage). Not agents × (1 + shrinkage), which
    understaffs: at 30% shrinkage 14 on seat need 20 scheduled, not 18.2. Shrinkage in [0, 1).
    """
    (n, s), index, shape = _broadcast(agents, shrinkage)
    _check(np.isnan(s) | ((s >= 0) & (s < 1)), "shrinkage must be in [0, 1)")
    return _shape_like(n / (1 - s), index, shape, "agents")


STANDARD_MONTHLY_HOURS = 174.0
"""Paid hours of one FTE per month in China: 21.75 statutory average working days × 8 hours."""

STANDARD_DAILY_HOURS = 8.0


def fte_from_intervals(
    intervals: pd.DataFrame,
    *,
    period: Literal["day", "month"] = "month",
    interval_seconds: float = 1800.0,
    shrinkage: float | Mapping[str, float] = 0.0,
    paid_hours_per_fte: float | None = None,
    time_column: str = "interval_start",
    channel_column: str = "channel",
    agents_column: str = "agents",
) -> pd.DataFrame:
    """FTE per day or per month and channel from agents on seat per interval.

    agent_hours = Σ agents × interval hours over the period;
    fte = agent_hours / (paid_hours_per_fte × (1 − shrinkage)),
    i.e. the on-seat hours grossed up for shrinkage and divided by one FTE's paid hours
    (default 8 h a day, or 174 h a month = 21.75 days × 8 h; a 7-day operation therefore needs
    more monthly FTE than its average daily seats). ``shrinkage`` is one rate or a rate per channel.
    Local wall-clock time is used (a timezone-aware column is read in its own zone).

    Returns columns ``date`` (period "day") or ``month`` (first day, period "month"), ``channel``,
    ``agent_hours`` and ``fte``, sorted by period and channel.
    """
    if period not in ("day", "month"):
        raise ValueError("period must be 'day' or 'month'")
    if interval_seconds <= 0:
        raise ValueError("interval_seconds must be > 0")
    hours = paid_hours_per_fte or (STANDARD_DAILY_HOURS if period == "day" else STANDARD_MONTHLY_HOURS)
    if hours <= 0:
        raise ValueError("paid_hours_per_fte must be > 0")
    starts = pd.to_datetime(intervals[time_column])
    if starts.dt.tz is not None:
        starts = starts.dt.tz_localize(None)
    label = "date" if period == "day" else "month"
    unit = "datetime64[D]" if period == "day" else "datetime64[M]"
    periods = starts.to_numpy().astype(unit).astype(np.int64)
    codes, channels = pd.factorize(intervals[channel_column], sort=True)
    hours_each = intervals[agents_column].to_numpy(dtype=float) * interval_seconds / 3600.0
    # one bin per (period, channel): a plain bincount is much faster than a groupby on strings
    first = periods.min() if periods.size else 0
    key = (periods - first) * len(channels) + codes
    size = int(key.max()) + 1 if key.size else 0
    counts = np.bincount(key, minlength=size)
    present = np.flatnonzero(counts)
    out = pd.DataFrame(
        {
            label: (present // max(len(channels), 1) + first).astype(unit).astype("datetime64[ns]"),
            "channel": np.asarray(channels, dtype=object)[present % max(len(channels), 1)],
            "agent_hours": np.bincount(key, weights=hours_each, minlength=size)[present],
        }
    )
    if isinstance(shrinkage, Mapping):
        missing = set(out["channel"]) - set(shrinkage)
        if missing:
            raise ValueError(f"no shrinkage given for channels {sorted(missing)}")
        rate = out["channel"].map(shrinkage).astype(float)
    else:
        rate = pd.Series(float(shrinkage), index=out.index)
    out["fte"] = apply_shrinkage(out["agent_hours"], rate) / hours
    return out


# ---------------------------------------------------------------------------------------------
# Headcount plan by month
# ---------------------------------------------------------------------------------------------

EMPLOYMENT_TYPES: tuple[str, ...] = ("full_time", "part_time", "temp", "outsourced")
"""Roster types: 正式 full time, 兼职 part time, 临时 temp, 外包 outsourced."""

PART_TIME_FTE = 0.5
"""A part-time agent counts as half a full-time equivalent (the roster has no contracted hours). The one
definition: the headcount plan, pay per FTE, the what-if, budget variance and the evaluation all use it."""

DEFAULT_FTE_PER_HEAD: dict[str, float] = {
    "full_time": 1.0,
    "part_time": PART_TIME_FTE,
    "temp": 1.0,
    "outsourced": 1.0,
}

WEEKS_PER_MONTH = 52.0 / 12.0

PeakCover = Literal["hire", "temp", "part_time", "outsourced", "overtime"]

OVERTIME_CAP_HOURS = 36.0
"""Overtime one employee may work in a month (劳动法 第四十一条: at most 36 hours a month)."""


def new_hire_productivity(
    months: int, training_weeks: float, ramp_weeks: float, ramp_productivity: float
) -> np.ndarray:
    """Productive share of a new hire in each month since the start month (month 0 = start).

    A hire produces nothing for ``training_weeks``, then ``ramp_productivity`` (e.g. 0.5) for
    ``ramp_weeks``, then 1. Each month's value is the average over its 52/12 weeks.
    """
    if training_weeks < 0 or ramp_weeks < 0 or not 0 <= ramp_productivity <= 1:
        raise ValueError("training_weeks and ramp_weeks must be >= 0, ramp_productivity in [0, 1]")
    start = np.arange(months) * WEEKS_PER_MONTH
    end = start + WEEKS_PER_MONTH

    def overlap(lo: float, hi: float) -> np.ndarray:
        return np.clip(np.minimum(end, hi) - np.maximum(start, lo), 0.0, None)

    ramp_end = training_weeks + ramp_weeks
    productive = ramp_productivity * overlap(training_weeks, ramp_end) + overlap(ramp_end, np.inf)
    return productive / WEEKS_PER_MONTH


def headcount_plan(
    required: pd.DataFrame,
    roster: pd.DataFrame,
    *,
    attrition_rate: float,
    training_weeks: float = 4.0,
    ramp_weeks: float = 4.0,
    ramp_productivity: float = 0.5,
    peak_cover: PeakCover = "hire",
    peak_threshold: float = 1.15,
    fte_per_head: Mapping[str, float] | None = None,
    overtime_cap_hours: float = OVERTIME_CAP_HOURS,
) -> pd.DataFrame:
    """Monthly hiring plan: when to start new hires, what attrition takes away, and which flexible
    staff cover the peaks, so that productive FTE meets required FTE.

    ``required`` has ``month`` (consecutive months) and ``required_fte`` (paid FTE after shrinkage,
    as from ``fte_from_intervals``), optionally ``channel`` and ``committed_flex_fte`` (flexible staff
    already contracted for that month, e.g. Double-11 temps on the roster until their leave date).
    ``roster`` has ``employment_type`` (one of EMPLOYMENT_TYPES) and ``headcount``, optionally
    ``fte_per_head`` and ``channel``; with a ``channel`` column in both, each channel is planned on
    its own.

    The formula, month t = 0, 1, ... of the plan, monthly attrition rate r:
      - in-house heads (full and part time) on payroll at the start of month t:
        headcount_t = roster_heads·(1−r)ᵗ + Σ_{h≤t} hires_h·(1−r)^{t−h};  leavers_t = r·headcount_t;
      - available productive FTE:
        available_t = roster_fte·(1−r)ᵗ + temp/outsourced roster FTE + Σ_{h≤t} hires_h·(1−r)^{t−h}·p(t−h),
        with p the new-hire productivity curve (training, then ramp; ``new_hire_productivity``);
      - net need: need_t = required_t − committed_t (committed flexible staff come first);
      - in-house target: need_t, or with ``peak_cover`` temp / part_time / outsourced,
        min(need_t, peak_threshold × median month of required): the part of a peak month above that
        line is flexible staff (flex_fte_t), not permanent hires who would sit idle after the peak;
        flexible staff also fill what the in-house staff cannot (new hires still in training); with
        ``overtime`` the in-house staff work it themselves, at most overtime_cap_hours / 174 of their
        productive FTE (36 h a month by law), and what is left beyond that is a gap;
      - hiring, month by month in order: if the heads on payroll (counted fully productive) fall
        short of month t's target, hires start L months earlier (L = months until a hire is fully
        productive), enough to cover the shortfall after attrition. A month less than L months away
        starts no hires: they would be productive only after it (its shortfall is a gap, or flexible
        staff). Leavers are not replaced while the staff on payroll exceed the target, so a surplus
        after a peak runs down through attrition;
      - gap_fte_t = required_t − committed_t − available_t − flex_fte_t (positive: short; negative:
        surplus); surplus_fte_t = max(0, −gap_fte_t), paid staff beyond the need.
    New hires are full time; expected leavers are fractional, hires are whole people.
    """
    if not 0 <= attrition_rate < 1:
        raise ValueError("attrition_rate must be in [0, 1)")
    if peak_cover not in ("hire", "temp", "part_time", "outsourced", "overtime"):
        raise ValueError("peak_cover must be 'hire', 'temp', 'part_time', 'outsourced' or 'overtime'")
    if overtime_cap_hours < 0:
        raise ValueError("overtime_cap_hours must be >= 0")
    if peak_threshold < 1:
        raise ValueError("peak_threshold must be >= 1")
    per_head = {**DEFAULT_FTE_PER_HEAD, **(fte_per_head or {})}
    unknown = set(roster["employment_type"]) - set(EMPLOYMENT_TYPES)
    if unknown:
        raise ValueError(f"unknown employment types {sorted(unknown)}")

    if "channel" in required.columns:
        if "channel" not in roster.columns:
            raise ValueError("required has a channel column, so roster needs one too")
        plans = [
            _plan_one(
                group,
                roster[roster["channel"] == channel],
                attrition_rate,
                training_weeks,
                ramp_weeks,
                ramp_productivity,
                peak_cover,
                peak_threshold,
                per_head,
                overtime_cap_hours,
            ).assign(channel=channel)
            for channel, group in required.groupby("channel", sort=True)
        ]
        out = pd.concat(plans, ignore_index=True)
        return out[["month", "channel", *[c for c in out.columns if c not in ("month", "channel")]]]
    return _plan_one(
        required,
        roster,
        attrition_rate,
        training_weeks,
        ramp_weeks,
        ramp_productivity,
        peak_cover,
        peak_threshold,
        per_head,
        overtime_cap_hours,
    )


def _plan_one(
    required,
    roster,
    attrition_rate,
    training_weeks,
    ramp_weeks,
    ramp_productivity,
    peak_cover,
    peak_threshold,
    per_head,
    overtime_cap_hours,
) -> pd.DataFrame:
    """Headcount plan for one pool of agents (one channel or the whole center)."""
    months = pd.to_datetime(required["month"]).dt.to_period("M")
    order = np.argsort(months.to_numpy())
    months = months.iloc[order]
    need = required["required_fte"].to_numpy(dtype=float)[order]
    if np.any(np.isnan(need)) or np.any(need < 0):
        raise ValueError("required_fte must be >= 0 and not missing")
    steps = np.diff(months.map(lambda m: m.ordinal).to_numpy())
    if np.any(steps != 1):
        raise ValueError("months must be consecutive and unique")
    horizon = need.size

    heads = roster["headcount"].to_numpy(dtype=float)
    types = roster["employment_type"].to_numpy()
    fte_each = (
        roster["fte_per_head"].to_numpy(dtype=float)
        if "fte_per_head" in roster.columns
        else np.array([per_head[t] for t in types], dtype=float)
    )
    inhouse = np.isin(types, ("full_time", "part_time"))
    roster_heads, roster_fte = heads[inhouse].sum(), (heads * fte_each)[inhouse].sum()
    contracted_fte = (heads * fte_each)[~inhouse].sum()

    survival = (1.0 - attrition_rate) ** np.arange(horizon)
    productivity = new_hire_productivity(horizon, training_weeks, ramp_weeks, ramp_productivity)
    lead = int(math.ceil((training_weeks + ramp_weeks) / WEEKS_PER_MONTH - _EPS))

    committed = (
        required["committed_flex_fte"].to_numpy(dtype=float)[order]
        if "committed_flex_fte" in required.columns
        else np.zeros(horizon)
    )
    if np.any(np.isnan(committed)) or np.any(committed < 0):
        raise ValueError("committed_flex_fte must be >= 0 and not missing")
    net = np.maximum(need - committed, 0.0)
    if peak_cover == "hire":
        target = net
    else:
        target = np.minimum(net, peak_threshold * np.median(need))

    hires = np.zeros(horizon)
    for t in range(lead, horizon):  # a hire for an earlier month would only be productive after it
        on_payroll = roster_fte * survival[t] + contracted_fte + hires[: t + 1] @ survival[t::-1]
        shortfall = target[t] - on_payroll
        if shortfall > _EPS:
            hires[t - lead] += math.ceil(shortfall / survival[lead] - _EPS)

    ages = np.arange(horizon)[:, None] - np.arange(horizon)[None, :]  # months since each cohort started
    started = ages >= 0
    cohort_heads = np.where(started, hires[None, :] * survival[np.clip(ages, 0, None)], 0.0)
    cohort_fte = cohort_heads * np.where(started, productivity[np.clip(ages, 0, None)], 0.0)
    headcount = roster_heads * survival + cohort_heads.sum(axis=1)
    available = roster_fte * survival + contracted_fte + cohort_fte.sum(axis=1)
    flex_fte = net - target
    if peak_cover != "hire":  # flexible staff also fill in for hires still in training
        flex_fte = flex_fte + np.maximum(target - available, 0.0)
    if peak_cover == "overtime":  # the staff on payroll, within the legal monthly cap
        own = available - contracted_fte
        flex_fte = np.minimum(flex_fte, own * overtime_cap_hours / STANDARD_MONTHLY_HOURS)
    gap = need - committed - available - flex_fte
    return pd.DataFrame(
        {
            "month": months.dt.to_timestamp().to_numpy(),
            "required_fte": need,
            "inhouse_target_fte": target,
            "available_fte": available,
            "headcount": headcount,
            "hires": hires,
            "leavers": attrition_rate * headcount,
            "flex_type": None if peak_cover == "hire" else peak_cover,
            "flex_fte": flex_fte,
            "flex_headcount": 0.0 if peak_cover == "overtime" else flex_fte / per_head.get(peak_cover, 1.0),
            "committed_flex_fte": committed,
            "gap_fte": gap,
            "surplus_fte": np.maximum(-gap, 0.0),
        }
    )
