"""The candidate models, each fitted on log(1 + volume) of one daily series.

- `seasonal_naive`: next week repeats the last one (the baseline every model must beat).
- `regression`: weighted least squares on weekday, calendar, event, piecewise trend and yearly Fourier
  regressors, with Gaussian shrinkage priors (a MAP fit, like Prophet's priors, solved exactly as ridge).
- `regression_ar`: the same regression with AR errors (an AR(7) fitted to the residuals), so the last
  weeks' level carries into the first weeks of the forecast and fades out.
- `regression_level`: the regression plus the residuals' recent level (exponentially weighted), held flat.
- `regression_holt` (the default): the regression's calendar, event and weekday effects, with level and
  trend from Holt's damped-trend exponential smoothing of the calendar-adjusted series: the mean of
  statsmodels' fit and one tuned for the forecast's leads (smoothing.py).
  Adaptive like ETS, calendar-aware like a regression; it won most series in bench/bench_forecast.py.
- `regression_holt_horizon`: the same, with the lead-tuned Holt fit alone. On a steady series whose last
  weeks were unusually busy it does not carry that burst into the next quarter (Technion's calls).

Working in logs makes effects multiplicative ("Double-11 peak day is 2.3x a normal Friday") and keeps
forecasts positive. The forecast is the median on the original scale (expm1 of the log forecast).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.tools.sm_exceptions import ConvergenceWarning
from statsmodels.tsa.holtwinters import Holt

from analytics.forecast.features import column_group
from analytics.forecast.smoothing import damped_path, horizon_fitted_path, path_with

MODELS = (
    "seasonal_naive",
    "regression",
    "regression_ar",
    "regression_level",
    "regression_holt",
    "regression_holt_horizon",
)

PRIOR_SD: dict[str, float | None] = {
    "weekday": None,
    "trend": None,
    "trend_cp": 0.5,
    "yearly": 0.1,
    "holiday": 1.0,
    "holiday_key": 0.5,
    "around_holiday": 0.3,
    "spring_festival": 0.5,
    "event": 0.5,
    "event_key": 0.5,
}
"""Prior standard deviation of each regressor group's coefficients, in log volume (None: not shrunk)."""

RECENCY_HALF_LIFE = 91.0
"""Days after which an observation counts half in the fit: recent weeks set the level and weekly shape."""
LEVEL_HALF_LIFE = 7.0
HOLT_WINDOW = 365
"""Holt smooths only the last year of the adjusted series: today's level and slope need no older data."""
AR_LAGS = 7
OUTLIER_Z = 4.0
OUTLIER_MAX_RUN = 2
"""Outliers are runs of at most 2 days whose residual is OUTLIER_Z robust standard deviations out (an
outage, a data error). Longer runs are a real change of level and stay in the fit."""
GROSS_SPIKE = 20.0
GROSS_WINDOW = 29
GROSS_WEEKS = 9
"""A day above GROSS_SPIKE times its typical day is a data error (a typed extra digit), even on a holiday or
promotion day, which are otherwise never outliers: real peaks in the benchmark series and the demo stay under 4
times. The typical day is the larger of two medians around it: the same weekday over GROSS_WEEKS weeks (a line
open only at weekends) and the open days (volume above 0) over GROSS_WINDOW days (a queue worked every other
week). Such days are left out of the first fit too, so they cannot bend it."""


@dataclass(frozen=True)
class RegressionFit:
    """A fitted calendar regression: coefficients by regressor, in-sample fit (log), outlier days, AR errors."""

    columns: list[str]
    coef: np.ndarray
    fitted: pd.Series
    residual: pd.Series
    outliers: pd.DatetimeIndex
    ar_params: np.ndarray
    sigma: float
    trend_part: pd.Series

    def predict(self, design: pd.DataFrame, errors: str = "none") -> pd.Series:
        """Log-volume forecast for the rows of `design` (the days after the fit, in order).

        errors: 'none' (regression only), 'ar' (AR errors fading out), 'level' (the residuals' recent
        level held flat), 'holt' (level and damped trend smoothed by Holt instead of the regression trend),
        'holt_horizon' (the same with the lead-tuned Holt fit alone).
        """
        mean = self.regressors(design) @ self.coef
        if errors == "ar" and len(self.ar_params):
            mean = mean + _ar_forecast(self.residual.fillna(0.0).to_numpy(), self.ar_params, len(design))
        if errors == "level":
            mean = mean + _residual_level(self.residual)
        if errors in ("holt", "holt_horizon"):
            both, _ = self.holt(design)
            return both[errors]
        return pd.Series(mean, index=design.index)

    def holt(self, design: pd.DataFrame, smoothing: dict | None = None) -> tuple[dict[str, pd.Series], dict]:
        """Log forecasts with level and trend from Holt's damped-trend smoothing of the calendar-adjusted
        history, plus the calendar and event effects of the forecast days; also the smoothing parameters.

        Two Holt fits give the level path: statsmodels' (parameters by one-day-ahead errors) and
        smoothing.horizon_fitted_path (parameters by the errors at the forecast's own leads). The forecasts
        are 'holt' (the mean of the two paths) and 'holt_horizon' (the lead-tuned path alone).
        With `smoothing` given (the parameters of an earlier fit of the same series) both paths keep those
        parameters: the first fits only its starting level and slope (smoothing.path_with), the second only
        runs its recursion. The backtest reuses its oldest origin's parameters: much faster than searching.
        """
        in_trend = np.array([c.startswith("trend") for c in self.columns])
        calendar = self.regressors(design)[:, ~in_trend] @ self.coef[~in_trend]
        adjusted = (self.trend_part + self.residual.fillna(0.0)).to_numpy()[-HOLT_WINDOW:]
        given = smoothing or {}
        if given.get("one_step"):
            one_step_parameters = given["one_step"]
            one_step = path_with(adjusted, len(design), *one_step_parameters)
        else:
            one_step, one_step_parameters = _holt_one_step(adjusted, len(design))
        horizon_fitted, horizon_parameters = horizon_fitted_path(adjusted, len(design), given.get("horizon"))
        used = {"one_step": one_step_parameters, "horizon": horizon_parameters}
        forecasts = {
            "holt": pd.Series(calendar + (one_step + horizon_fitted) / 2, index=design.index),
            "holt_horizon": pd.Series(calendar + horizon_fitted, index=design.index),
        }
        return forecasts, used

    def regressors(self, design: pd.DataFrame) -> np.ndarray:
        """The design's regressors as an array in the fit's column order (no copy when already in order)."""
        if list(design.columns) == self.columns:
            return design.to_numpy()
        return design[self.columns].to_numpy()


def _holt_one_step(adjusted: np.ndarray, horizon: int) -> tuple[np.ndarray, tuple[float, float, float]]:
    """statsmodels' damped-trend Holt fit (by one-day-ahead errors): its path and (alpha, trend share, damping).

    statsmodels' smoothing_trend is the share of each level correction that also moves the slope. The path
    is extrapolated from the fit's last level and slope (what its forecast() returns, at a tenth of the cost).
    """
    model = Holt(adjusted, damped_trend=True, initialization_method="estimated")
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        # A flat series makes the information criteria log(0); a failed convergence keeps its best point.
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        fit = model.fit()
    names = ("smoothing_level", "smoothing_trend", "damping_trend")
    alpha, share, damping = (float(fit.params[name]) for name in names)
    return damped_path(float(fit.level[-1]), float(fit.trend[-1]), damping, horizon), (alpha, share, damping)


def regressor_group(column: str) -> str:
    """The shrinkage group of any regressor column (calendar, event, trend or yearly)."""
    if column == "trend":
        return "trend"
    if column.startswith("trend_cp_"):
        return "trend_cp"
    if column.startswith("yearly_"):
        return "yearly"
    return column_group(column)


def fit_regression(y_log: pd.Series, design: pd.DataFrame, protected: pd.Series, ar: bool) -> RegressionFit:
    """Fit the shrunk regression twice: once to find outlier days, once without them; then the AR errors.

    `y_log` is log1p volume with NaN for missing days; `design` has one row per day of `y_log`;
    `protected` marks days that may not be flagged as outliers (holidays and events carry their own effect).
    """
    gross = _gross_spikes(y_log)
    sigma = _noise_scale(y_log.where(~gross))
    observed = y_log.notna().to_numpy()
    recency = 0.5 ** (np.arange(len(y_log))[::-1] / RECENCY_HALF_LIFE)
    coef = _shrunk_wls(y_log, design, (observed & ~gross) * recency, sigma)
    residual = (y_log - design.to_numpy() @ coef).where(~gross)
    scale = _robust_scale(residual)
    extreme = (residual.abs() > OUTLIER_Z * scale).to_numpy() & ~protected.to_numpy()
    outlier = _short_runs(extreme, OUTLIER_MAX_RUN) | gross
    if outlier.any():
        coef = _shrunk_wls(y_log, design, (observed & ~outlier) * recency, sigma)
    fitted = pd.Series(design.to_numpy() @ coef, index=y_log.index)
    residual = (y_log - fitted).where(~outlier)
    ar_params = _fit_ar(residual) if ar else np.array([])
    return RegressionFit(
        columns=list(design.columns),
        coef=coef,
        fitted=fitted,
        residual=residual,
        outliers=y_log.index[outlier],
        ar_params=ar_params,
        sigma=float(_robust_scale(residual)),
        trend_part=pd.Series(_trend_part(design, coef), index=y_log.index),
    )


def _gross_spikes(y_log: pd.Series) -> np.ndarray:
    """Runs of at most OUTLIER_MAX_RUN days above GROSS_SPIKE times their typical day (see GROSS_SPIKE).

    `y_log` has one row per day, so every 7th value is the same weekday.
    """
    values = y_log.to_numpy(dtype=float)
    weekday = np.full(len(values), np.nan)
    for first in range(7):
        same_day = pd.Series(values[first::7]).rolling(GROSS_WEEKS, center=True, min_periods=3).median()
        weekday[first::7] = same_day.to_numpy()
    open_days = y_log.where(y_log > 0).rolling(GROSS_WINDOW, center=True, min_periods=1).median()
    typical = np.fmax(weekday, open_days.to_numpy())  # NaN only where both are unknown
    above = values - typical > np.log(GROSS_SPIKE)
    return _short_runs(above, OUTLIER_MAX_RUN)


def _short_runs(flags: np.ndarray, max_run: int) -> np.ndarray:
    """Keep only the runs of consecutive True values that are at most `max_run` long."""
    out = flags.copy()
    start = None
    for i, flag in enumerate(np.r_[flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start > max_run:
                out[start:i] = False
            start = None
    return out


def seasonal_naive(y: pd.Series, horizon: int) -> np.ndarray:
    """Repeat the last observed week: the forecast for day T+h is the value on the same weekday before T.

    With under a week of history, the weekdays not seen yet take the mean of the days there are.
    """
    values = _fill_from_week_before(y).to_numpy()
    if len(values) < 7:
        values = np.r_[np.full(7 - len(values), values.mean()), values]
    last_week = values[-7:]
    return np.array([last_week[h % 7] for h in range(horizon)])


def _fill_from_week_before(y: pd.Series) -> pd.Series:
    filled = y.copy()
    for _ in range(8):
        if not filled.isna().any():
            break
        filled = filled.fillna(filled.shift(7))
    return filled.ffill().bfill().fillna(0.0)


def _shrunk_wls(y_log: pd.Series, design: pd.DataFrame, weights: np.ndarray, sigma: float) -> np.ndarray:
    """Weighted least squares with a Gaussian prior per coefficient (ridge as pseudo-observations)."""
    x = design.to_numpy()
    y = np.nan_to_num(y_log.to_numpy(), nan=0.0)
    prior_sd = np.array([PRIOR_SD[regressor_group(c)] or np.inf for c in design.columns])
    shrunk = np.isfinite(prior_sd)
    root_w = np.sqrt(weights)[:, None]
    penalty = np.diag(sigma / prior_sd[shrunk]) if shrunk.any() else np.zeros((0, 0))
    penalty_rows = np.zeros((int(shrunk.sum()), x.shape[1]))
    penalty_rows[:, shrunk] = penalty
    x_all = np.vstack([x * root_w, penalty_rows])
    y_all = np.r_[y * root_w[:, 0], np.zeros(len(penalty_rows))]
    try:  # the normal equations: ten times faster than an SVD here, and the priors keep them well posed
        return np.linalg.solve(x_all.T @ x_all, x_all.T @ y_all)
    except np.linalg.LinAlgError:  # a regressor that is zero on every weighted day: least squares copes
        return np.linalg.lstsq(x_all, y_all, rcond=None)[0]


def _fit_ar(residual: pd.Series) -> np.ndarray:
    """AR(AR_LAGS) coefficients of the residuals by conditional least squares (what statsmodels' AutoReg
    computes; solved directly, as statsmodels' setup costs more than the fit), newest lag first."""
    values = residual.fillna(0.0).to_numpy()
    if len(values) < 4 * AR_LAGS:
        return np.array([])
    if np.allclose(values, 0.0):
        return np.zeros(AR_LAGS)
    lagged = np.column_stack([values[AR_LAGS - lag : len(values) - lag] for lag in range(1, AR_LAGS + 1)])
    return np.linalg.lstsq(lagged, values[AR_LAGS:], rcond=None)[0]


def _trend_part(design: pd.DataFrame, coef: np.ndarray) -> np.ndarray:
    trend = np.array([c.startswith("trend") for c in design.columns])
    return design.to_numpy()[:, trend] @ coef[trend]


def _residual_level(residual: pd.Series) -> float:
    """The recent level of the residuals: their exponentially weighted mean (half-life LEVEL_HALF_LIFE days)."""
    values = residual.dropna()
    if len(values) < 14:
        return 0.0
    return float(values.ewm(halflife=LEVEL_HALF_LIFE).mean().iloc[-1])


def _ar_forecast(history: np.ndarray, params: np.ndarray, horizon: int) -> np.ndarray:
    lags = len(params)
    buffer = list(history[-lags:])
    out = np.empty(horizon)
    for step in range(horizon):
        value = float(np.dot(params, buffer[::-1][:lags]))
        out[step] = value
        buffer.append(value)
        buffer.pop(0)
    return out


def _noise_scale(y_log: pd.Series) -> float:
    """Day-to-day noise of a series, from same-weekday differences (robust, needs no model)."""
    values = y_log.to_numpy(dtype=float)
    diff = values[7:] - values[:-7]
    scale = _robust_scale(diff) / np.sqrt(2) if np.isfinite(diff).any() else 0.0
    return float(max(scale, 0.01))


def _robust_scale(values: pd.Series | np.ndarray) -> float:
    """1.4826 times the median absolute deviation (the standard deviation for normal data), ignoring NaN."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if not len(values):
        return 0.0
    mad = float(np.median(np.abs(values - np.median(values))))
    return max(1.4826 * mad, 1e-6)
