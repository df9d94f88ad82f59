"""Damped-trend Holt smoothing with its parameters chosen for the forecast horizon ("trace" fitting).

statsmodels fits Holt's parameters by one-day-ahead errors. A level tuned for tomorrow can chase last
week's noise and carry it three months out: on the Technion call series the fitted smoothing was about
0.3 while 0.03 forecast the next quarter far better. Here each candidate on a small grid of parameters
is scored by the mean absolute error of its in-sample forecasts 1 to H days ahead, the leads the forecast
is for (multi-step or "trace" estimation), and the best one forecasts. models.py averages this path with
statsmodels' one-step fit: the two err in different situations, and their mean beat either one in
bench/bench_forecast.py. The path alone is the variant `regression_holt_horizon`, which the backtest
picks on series where it forecast better (a steady series after a busy fortnight).

The recursion is the error-correction form of additive damped-trend exponential smoothing:
    forecast_t = level_{t-1} + damping * trend_{t-1};   error_t = x_t - forecast_t
    level_t = forecast_t + alpha * error_t;   trend_t = damping * trend_{t-1} + alpha * trend_share * error_t
"""

from __future__ import annotations

import numpy as np

ALPHAS = (0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9)
TREND_SHARES = (0.0, 0.01, 0.05)
"""How much of each level correction also moves the slope (beta / alpha); 0 is a flat level."""
DAMPINGS = (0.9, 0.97, 0.99)
BURN_IN = 56
"""Days the recursion runs before its forecasts are scored: it starts from the first week's mean."""
MAX_LEAD = 91
"""Leads scored at most: beyond a quarter there are too few in-sample forecasts to tell candidates apart."""


def parameter_grid() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (alpha, trend share, damping) candidate as three aligned arrays; a flat level needs one damping."""
    alpha, share, damping = (a.ravel() for a in np.meshgrid(ALPHAS, TREND_SHARES, DAMPINGS, indexing="ij"))
    keep = (share > 0) | (damping == DAMPINGS[0])
    return alpha[keep], share[keep], damping[keep]


def smoothed_states(
    x: np.ndarray, alpha: np.ndarray, share: np.ndarray, damping: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Level and trend after each day, for every candidate at once: two arrays of shape (days, candidates)."""
    levels = np.empty((len(x), len(alpha)))
    trends = np.empty_like(levels)
    level = np.full(len(alpha), float(np.mean(x[:7])))
    trend = np.zeros(len(alpha))
    for day, value in enumerate(x):
        level, trend = _step(level, trend, value, alpha, share, damping)
        levels[day], trends[day] = level, trend
    return levels, trends


def _step(level, trend, value, alpha, share, damping):
    """One day of the recursion, on floats (one candidate) or arrays (many)."""
    predicted = level + damping * trend
    error = value - predicted
    return predicted + alpha * error, damping * trend + alpha * share * error


Parameters = tuple[float, float, float]
"""(alpha, trend share, damping) of one candidate."""


def horizon_fitted_path(
    x: np.ndarray, horizon: int, parameters: Parameters | None = None
) -> tuple[np.ndarray, Parameters | None]:
    """Forecast `horizon` days after `x` with the candidate whose 1..H-day in-sample forecasts erred least,
    and that candidate's parameters.

    H is the horizon, capped at MAX_LEAD. With `parameters` given (chosen on an earlier cut of the same
    series: the backtest's later origins) only their recursion runs. A series too short to score (under
    BURN_IN + 8 days) gets its last week's mean, held flat, and no parameters.
    """
    x = np.asarray(x, dtype=float)
    if len(x) < BURN_IN + 8:
        return np.full(horizon, float(np.mean(x[-7:]))), None
    if parameters is not None:
        alpha, share, damping = parameters
        _, (level, trend) = _one_step_errors(x.tolist(), float(np.mean(x[:7])), 0.0, alpha, share, damping)
        return damped_path(level, trend, damping, horizon), parameters
    alpha, share, damping = parameter_grid()
    levels, trends = smoothed_states(x, alpha, share, damping)
    leads = np.arange(1, horizon + 1)
    reach = np.cumsum(damping[None, :] ** leads[:, None], axis=0)  # lead k: damping + ... + damping^k
    error = np.zeros(len(alpha))
    for lead in range(1, min(horizon, MAX_LEAD, len(x) - BURN_IN - 1) + 1):
        origins = slice(BURN_IN, len(x) - lead)  # forecast from each of these days to `lead` days later
        predicted = levels[origins] + reach[lead - 1] * trends[origins]
        error += np.abs(x[BURN_IN + lead :, None] - predicted).sum(axis=0)
    best = int(np.argmin(error))
    chosen = (float(alpha[best]), float(share[best]), float(damping[best]))
    return damped_path(levels[-1, best], trends[-1, best], damping[best], horizon), chosen


def path_with(x: np.ndarray, horizon: int, alpha: float, share: float, damping: float) -> np.ndarray:
    """Forecast `horizon` days after `x` with given parameters; only the starting level and slope are fitted."""
    values = np.asarray(x, dtype=float).tolist()  # plain floats: ten times faster than 1-element arrays
    start = fitted_start(values, alpha, share, damping)
    _, (level, trend) = _one_step_errors(values, *start, alpha, share, damping)
    return damped_path(level, trend, damping, horizon)


def damped_path(level: float, trend: float, damping: float, horizon: int) -> np.ndarray:
    """The forecast 1..horizon days after the last state: level + (damping + ... + damping^k) * trend."""
    return level + np.cumsum(damping ** np.arange(1, horizon + 1)) * trend


def fitted_start(values: list[float], alpha: float, share: float, damping: float) -> tuple[float, float]:
    """The starting level and slope with the least squared one-day-ahead errors, as statsmodels estimates them.

    The recursion is linear in its start, so the errors are those from a zero start plus start_level times the
    errors a unit level alone would make, plus start_slope times a unit slope's: a two-column least squares.
    """
    zeros = [0.0] * len(values)
    from_zero, _ = _one_step_errors(values, 0.0, 0.0, alpha, share, damping)
    unit_level, _ = _one_step_errors(zeros, 1.0, 0.0, alpha, share, damping)
    unit_slope, _ = _one_step_errors(zeros, 0.0, 1.0, alpha, share, damping)
    effect = np.column_stack([unit_level, unit_slope])
    start = np.linalg.lstsq(effect, -np.asarray(from_zero), rcond=None)[0]
    return float(start[0]), float(start[1])


def _one_step_errors(
    values: list[float], level: float, trend: float, alpha: float, share: float, damping: float
) -> tuple[list[float], tuple[float, float]]:
    """The one-day-ahead errors of the recursion from a given start, and its final level and slope."""
    errors = []
    for value in values:
        errors.append(value - (level + damping * trend))
        level, trend = _step(level, trend, value, alpha, share, damping)
    return errors, (level, trend)
