"""Forecast accuracy: MASE, WAPE and bias, as in the accuracy tables of workforce-management suites.

- MASE: mean absolute error divided by the in-sample mean absolute error of the lag-7 seasonal naive
  ("same weekday last week"). Below 1 means better than that naive rule on the history.
- WAPE: sum of absolute errors over the sum of actuals (a volume-weighted percentage error).
- Bias: sum of (forecast - actual) over the sum of actuals; positive means the forecast ran high.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

SEASON = 7


def naive_scale(history: npt.ArrayLike, season: int = SEASON) -> float:
    """Mean absolute lag-`season` difference of the history: the MASE denominator. Missing days are skipped."""
    values = np.asarray(history, dtype=float)
    diffs = np.abs(values[season:] - values[:-season])
    diffs = diffs[np.isfinite(diffs)]
    return float(diffs.mean()) if len(diffs) else float("nan")


def mase(
    actual: npt.ArrayLike, forecast: npt.ArrayLike, history: npt.ArrayLike, season: int = SEASON
) -> float:
    """Mean absolute scaled error of a forecast against actuals, scaled by the history's naive error."""
    actual, forecast = _paired(actual, forecast)
    scale = naive_scale(history, season)
    if not len(actual) or not scale > 0:
        return float("nan")
    return float(np.abs(actual - forecast).mean() / scale)


def wape(actual: npt.ArrayLike, forecast: npt.ArrayLike) -> float:
    """Weighted absolute percentage error: sum |forecast - actual| / sum actual."""
    actual, forecast = _paired(actual, forecast)
    total = actual.sum()
    return float(np.abs(actual - forecast).sum() / total) if total > 0 else float("nan")


def bias(actual: npt.ArrayLike, forecast: npt.ArrayLike) -> float:
    """Relative bias: sum (forecast - actual) / sum actual; +0.05 means 5% over-forecast."""
    actual, forecast = _paired(actual, forecast)
    total = actual.sum()
    return float((forecast - actual).sum() / total) if total > 0 else float("nan")


def _paired(actual: npt.ArrayLike, forecast: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Both as float arrays, keeping only the days where both are known."""
    a = np.asarray(actual, dtype=float)
    f = np.asarray(forecast, dtype=float)
    known = np.isfinite(a) & np.isfinite(f)
    return a[known], f[known]
