"""One daily series: clean it, backtest the candidate models, pick one, forecast with calibrated intervals.

Cleaning: gaps become missing days (never zeros), a launch ramp at the start is trimmed, and outage days
are flagged by the regression and left out of the fit (see models.py).

Model choice per series, by a rolling-origin backtest on its own history (6 origins 14 days apart, up to
28 days ahead): the default `regression_holt` (best on most series of bench/bench_forecast.py), or its
variant `regression_holt_horizon` when that has the lower backtest MASE, stays unless another candidate's
mean MASE is more than 20% lower; for horizons beyond the backtest's reach it always stays. A short
backtest on one series is noisy: with "lowest MASE wins" the choice flipped between models from one month
to the next and lost accuracy. The two Holt variants differ only in their level path, so between them
the lower MASE decides; beyond the backtest's reach the variant serves only if its level is flat.

Prediction intervals come from the same backtest: the chosen model's log errors at each lead time,
pooled over nearby leads, give the 10/90% (and 2.5/97.5%) quantiles; beyond the longest backtested lead
they widen with the square root of the lead. So an 80% band is as wide as the model's real misses were.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.calendar import NO_SCHEDULE, PublishedSchedule, is_provisional
from analytics.forecast import metrics
from analytics.forecast.features import calendar_features, trend_features, yearly_features
from analytics.forecast.models import MODELS, RegressionFit, fit_regression, regressor_group, seasonal_naive
from analytics.forecast_warning import ForecastWarning

SHORT_HISTORY_DAYS = 365
YEARLY_MIN_DAYS = 730
"""Yearly waves need two years of history: with one, they copy last year's trend and one-off shocks."""
YEARLY_ORDER = 6
CHANGEPOINT_EVERY = 28
CHANGEPOINT_TAIL = 56
"""No trend changepoint in the last 8 weeks: the final slope rests on at least that much data."""
MIN_TRAIN_DAYS = 56
LAUNCH_SHARE = 0.05
TREND_DAMPING = 0.98
"""Per day after the history ends, the regression trend's slope keeps this share: it fades over months."""
BACKTEST_HORIZON_MAX = 28
BACKTEST_ORIGINS = 6
BACKTEST_STEP = 14
MAX_HORIZON = 550
DEFAULT_MODEL = "regression_holt"
CHALLENGER_MARGIN = 0.20
_Z80, _Z95 = 1.2816, 1.9600
_ERRORS = {
    "regression": "none",
    "regression_ar": "ar",
    "regression_level": "level",
    "regression_holt": "holt",
    "regression_holt_horizon": "holt_horizon",
}
HOLT_VARIANTS = ("regression_holt", "regression_holt_horizon")
_BACKTEST_COLUMNS = ["model", "origin", "date", "lead", "actual", "forecast"]


@dataclass(frozen=True)
class SeriesForecast:
    """The forecast of one daily series with what it was built from.

    daily: date, forecast, lo80, hi80, lo95, hi95. history: date, actual, fitted, outlier.
    components: date, component, log_effect (exp(log_effect) is the multiplicative factor; 'level_trend'
    is the log baseline). backtest: model, origin, date, lead, actual, forecast. scores: model, mase, wape,
    bias, origins (means over the backtest origins).
    """

    name: str
    model: str
    daily: pd.DataFrame
    history: pd.DataFrame
    components: pd.DataFrame
    backtest: pd.DataFrame
    scores: pd.DataFrame
    warnings: list[ForecastWarning]


def prepare_series(values: pd.Series) -> pd.Series:
    """A daily series on a complete calendar: every day from first to last known value, NaN where missing.

    Duplicate dates are summed; negative values are treated as missing.
    """
    series = pd.Series(values, dtype=float)
    series.index = pd.DatetimeIndex(pd.to_datetime(series.index)).normalize().as_unit("ns")
    series = series.groupby(level=0).sum(min_count=1)
    series = series.where(series >= 0).dropna()
    if series.empty:
        raise ValueError("the series has no usable values")
    full = pd.date_range(series.index.min(), series.index.max(), freq="D", unit="ns")
    return series.reindex(full)


def trim_launch_ramp(y: pd.Series) -> tuple[pd.Series, int]:
    """Drop the first days of a channel still ramping up after launch (weekly mean under 10% of the median).

    Returns the trimmed series and how many leading days were dropped. Launch weeks are not a pattern.
    """
    weekly = y.rolling(7, min_periods=1).mean()
    settled = weekly >= LAUNCH_SHARE * float(y.median())
    if not settled.any() or settled.iloc[0]:
        return y, 0
    first = int(np.argmax(settled.to_numpy()))
    if len(y) - first < MIN_TRAIN_DAYS:
        return y, 0
    return y.iloc[first:], first


def predict(
    model: str,
    history: pd.Series,
    horizon: int,
    calendar: str = "CN",
    events: pd.DataFrame | None = None,
    schedule: PublishedSchedule = NO_SCHEDULE,
) -> pd.Series:
    """Point forecast of one candidate model for the `horizon` days after a history."""
    y = trim_launch_ramp(prepare_series(history))[0]
    end = y.index[-1] + pd.Timedelta(days=horizon)
    calendar_part = _calendar_part(y.index[0], end, calendar, events, schedule)
    return _forecast_models((model,), y, horizon, calendar_part)[0][model]


def rolling_origin_backtest(
    history: pd.Series,
    horizon: int,
    origins: int,
    step: int,
    calendar: str = "CN",
    events: pd.DataFrame | None = None,
    models: tuple[str, ...] = MODELS,
    schedule: PublishedSchedule = NO_SCHEDULE,
) -> pd.DataFrame:
    """Refit each model at successive cut-off days and forecast the next `horizon` days.

    The last origin leaves exactly `horizon` days to test; earlier ones step back by `step` days while at
    least 8 weeks of training remain. Returns model, origin (last training day), date, lead, actual, forecast.
    """
    y = prepare_series(history)
    calendar_part = _calendar_part(y.index[0], y.index[-1], calendar, events, schedule)
    return _backtest(y, horizon, origins, step, calendar_part, models)


def _backtest(
    y: pd.Series, horizon: int, origins: int, step: int, calendar_part: pd.DataFrame, models: tuple[str, ...]
) -> pd.DataFrame:
    columns: dict[str, list] = {name: [] for name in _BACKTEST_COLUMNS}
    smoothing = None
    for end in backtest_origins(len(y), horizon, origins, step):
        train, test = y.iloc[: end + 1], y.iloc[end + 1 : end + 1 + horizon]
        train = trim_launch_ramp(train)[0]
        forecasts, _, _, smoothing = _forecast_models(models, train, horizon, calendar_part, smoothing)
        for model in models:
            columns["model"].append(np.repeat(model, horizon))
            columns["origin"].append(np.repeat(train.index[-1], horizon))
            columns["date"].append(test.index.to_numpy())
            columns["lead"].append(np.arange(1, horizon + 1))
            columns["actual"].append(test.to_numpy())
            columns["forecast"].append(forecasts[model].to_numpy())
    if not columns["model"]:
        return pd.DataFrame(columns=_BACKTEST_COLUMNS)
    return pd.DataFrame({name: np.concatenate(parts) for name, parts in columns.items()})


def backtest_origins(length: int, horizon: int, origins: int, step: int) -> list[int]:
    """Positions (0-based) of the last training day of each origin, oldest first."""
    last = length - horizon - 1
    ends = [last - i * step for i in range(origins)]
    return sorted(end for end in ends if end + 1 >= MIN_TRAIN_DAYS)


def backtest_scores(backtest: pd.DataFrame, history: pd.Series) -> pd.DataFrame:
    """MASE, WAPE and bias per model and origin; MASE is scaled by the history up to that origin."""
    y = prepare_series(history)
    values = y.to_numpy()
    origins = backtest["origin"].to_numpy()
    models = backtest["model"].to_numpy(dtype=object)  # object, not Arrow strings: compared 30 times below
    actual = backtest["actual"].to_numpy(dtype=float)
    forecast = backtest["forecast"].to_numpy(dtype=float)
    rows = []
    for origin in np.unique(origins):
        train = values[: y.index.get_loc(origin) + 1]
        at_origin = origins == origin
        for model in dict.fromkeys(models[at_origin]):
            mask = at_origin & (models == model)
            rows.append(
                {
                    "model": model,
                    "origin": origin,
                    "mase": metrics.mase(actual[mask], forecast[mask], train),
                    "wape": metrics.wape(actual[mask], forecast[mask]),
                    "bias": metrics.bias(actual[mask], forecast[mask]),
                }
            )
    return pd.DataFrame(rows, columns=["model", "origin", "mase", "wape", "bias"])


def forecast_series(
    history: pd.Series,
    horizon: int,
    calendar: str = "CN",
    events: pd.DataFrame | None = None,
    model: str = "auto",
    name: str = "series",
    schedule: PublishedSchedule = NO_SCHEDULE,
) -> SeriesForecast:
    """Forecast one daily series `horizon` days ahead (up to 18 months) with 80% and 95% intervals.

    `history` is indexed by date (gaps allowed). `model` is 'auto' (backtest picks) or one of MODELS.
    `schedule` holds official holiday schedules typed in for years the calendar package lacks.
    """
    if not 1 <= horizon <= MAX_HORIZON:
        raise ValueError(f"horizon must be 1..{MAX_HORIZON} days")
    y, trimmed = trim_launch_ramp(prepare_series(history))
    warnings = _data_warnings(y, horizon, calendar, events, schedule)
    if trimmed:
        warnings.append(
            ForecastWarning("launch_ramp_trimmed", {"days": trimmed, "first": y.index[0].date().isoformat()})
        )
    candidates = MODELS if model == "auto" else (model,)
    end = y.index[-1] + pd.Timedelta(days=horizon)
    calendar_part = _calendar_part(y.index[0], end, calendar, events, schedule)
    # The same backtest whatever the horizon asked for, so a day's interval does not depend on it (a 7-day and
    # a budget-year forecast used to give tomorrow different bounds).
    test_horizon = min(BACKTEST_HORIZON_MAX, max(len(y) - MIN_TRAIN_DAYS, 0))
    backtest = pd.DataFrame(columns=_BACKTEST_COLUMNS)
    if test_horizon >= 7:
        backtest = _backtest(y, test_horizon, BACKTEST_ORIGINS, BACKTEST_STEP, calendar_part, candidates)
    scores = _mean_scores(backtest_scores(backtest, y))
    if scores.empty:
        warnings.append(ForecastWarning("no_backtest", {"days": len(y)}))
        chosen = model if model != "auto" else (DEFAULT_MODEL if len(y) >= 28 else "seasonal_naive")
    elif model == "auto" and horizon > test_horizon:
        chosen = holt_variant(scores)  # the backtest did not reach this far: no other model may overrule
    else:
        chosen = choose_model(scores, default=holt_variant(scores))
    # the Holt variants come from one smoothing: fitting both costs no more than one
    fitted = HOLT_VARIANTS if chosen in HOLT_VARIANTS else (chosen,)
    forecasts, fit, design, smoothing = _forecast_models(fitted, y, horizon, calendar_part)
    if model == "auto" and horizon > test_horizon and _untested_trend(chosen, smoothing):
        chosen = DEFAULT_MODEL
    forecast = forecasts[chosen]
    errors = _log_errors(backtest[backtest["model"] == chosen])
    if errors.empty:
        errors = _fallback_errors(y, 7)
        warnings.append(ForecastWarning("intervals_uncalibrated", {}))
    daily = _with_intervals(forecast, error_quantiles(errors, horizon))
    if fit is not None and len(fit.outliers):
        dates = [d.date().isoformat() for d in fit.outliers]
        warnings.append(ForecastWarning("outliers_flagged", {"count": len(dates), "dates": dates}))
    return SeriesForecast(
        name=name,
        model=chosen,
        daily=daily,
        history=_history_frame(y, fit),
        components=_components(fit, design, np.log1p(forecast)) if fit is not None else _empty_components(),
        backtest=backtest,
        scores=scores,
        warnings=warnings,
    )


def choose_model(scores: pd.DataFrame, default: str | None = None, margin: float | None = None) -> str:
    """The default model unless another beat its mean backtest MASE by more than `margin` (20%).

    The default earned its place on many series (see bench/bench_forecast.py); a short backtest on one
    series is noisy, so a challenger must win clearly to replace it.
    """
    default = default or DEFAULT_MODEL
    margin = CHALLENGER_MARGIN if margin is None else margin
    table = scores.set_index("model")["mase"].dropna()
    if table.empty:
        return default
    if default not in table.index:
        return str(table.idxmin())
    best = str(table.idxmin())
    return best if table[best] < (1 - margin) * table[default] else default


def holt_variant(scores: pd.DataFrame) -> str:
    """The default model, or its lead-tuned variant when that has the lower mean backtest MASE.

    The two share everything but the Holt level path, so no margin is asked of the variant: the backtest
    only tells which of two estimates of today's level forecast better on this series.
    """
    table = scores.set_index("model")["mase"].dropna()
    variant = "regression_holt_horizon"
    if DEFAULT_MODEL in table.index and variant in table.index and table[variant] < table[DEFAULT_MODEL]:
        return variant
    return DEFAULT_MODEL


def _untested_trend(chosen: str, smoothing: dict | None) -> bool:
    """Whether the lead-tuned variant would carry a trend past the backtest's reach.

    Its level was tested up to 28 days ahead; a slope that compounds over a quarter was not. Beyond the
    backtest's reach the variant serves only with a flat level (trend share 0); otherwise the default's
    mean of two fits is safer (Yu'e Bao's purchases: a rising fund that then fell).
    """
    if chosen != "regression_holt_horizon" or not smoothing or smoothing.get("horizon") is None:
        return False
    _, trend_share, _ = smoothing["horizon"]
    return trend_share > 0


def model_backtest(
    history: pd.Series,
    horizon: int,
    origins: int = 8,
    step: int = 28,
    calendar: str = "CN",
    events: pd.DataFrame | None = None,
    models: tuple[str, ...] = ("auto", "seasonal_naive"),
    schedule: PublishedSchedule = NO_SCHEDULE,
) -> pd.DataFrame:
    """Rolling-origin backtest of the whole forecast procedure (model choice included) at each origin.

    Returns origin, model ('auto' or a fixed model), chosen (the model actually used), mase, wape, bias,
    coverage80 (share of actuals inside the 80% band) and seconds (fit and predict).
    """
    y = prepare_series(history)
    rows = []
    for end in backtest_origins(len(y), horizon, origins, step):
        train, test = y.iloc[: end + 1], y.iloc[end + 1 : end + 1 + horizon].to_numpy()
        for model in models:
            started = time.perf_counter()
            result = forecast_series(train, horizon, calendar, events, model=model, schedule=schedule)
            seconds = time.perf_counter() - started
            daily = result.daily
            inside = (test >= daily["lo80"].to_numpy()) & (test <= daily["hi80"].to_numpy())
            rows.append(
                {
                    "origin": train.index[-1],
                    "model": model,
                    "chosen": result.model,
                    "mase": metrics.mase(test, daily["forecast"], train),
                    "wape": metrics.wape(test, daily["forecast"]),
                    "bias": metrics.bias(test, daily["forecast"]),
                    "coverage80": float(inside[np.isfinite(test)].mean()),
                    "seconds": seconds,
                }
            )
    columns = ["origin", "model", "chosen", "mase", "wape", "bias", "coverage80", "seconds"]
    return pd.DataFrame(rows, columns=columns)


def error_quantiles(errors: pd.DataFrame, horizon: int) -> pd.DataFrame:
    """Quantiles of log errors (actual vs forecast) per lead 1..horizon: q025, q10, q90, q975.

    Errors at nearby leads are pooled (a window of about a quarter of the lead). With fewer than 80
    errors the 95% quantiles are the 80% ones stretched by the normal ratio 1.96/1.28. Beyond the longest
    backtested lead, the spread around the median grows with the square root of the lead. The band always
    contains the point forecast.
    """
    leads_seen = errors["lead"].to_numpy()
    values_seen = errors["error"].to_numpy()
    tested = int(leads_seen.max())
    rows = []
    for lead in range(1, min(horizon, tested) + 1):
        width = max(3, lead // 4)
        rows.append(_quantile_row(values_seen[np.abs(leads_seen - lead) <= width]))
    table = np.array(rows)  # columns: median, q025, q10, q90, q975
    if horizon > tested:
        centre, last = table[-1, 0], table[-1, 1:]
        stretch = np.sqrt(np.arange(tested + 1, horizon + 1) / tested)[:, None]
        spread = (last - centre)[None, :] * stretch + centre
        table = np.vstack([table, np.column_stack([np.full(len(spread), centre), spread])])
    quantiles = pd.DataFrame(
        table[:, 1:],
        index=pd.Index(np.arange(1, len(table) + 1), name="lead"),
        columns=["q025", "q10", "q90", "q975"],
    )
    quantiles[["q025", "q10"]] = np.minimum(quantiles[["q025", "q10"]].to_numpy(), 0.0)
    quantiles[["q90", "q975"]] = np.maximum(quantiles[["q90", "q975"]].to_numpy(), 0.0)
    return quantiles


def _quantile_row(values: np.ndarray) -> list[float]:
    """median, q025, q10, q90, q975 of some log errors (the 95% ones stretched from the 80% ones when few)."""
    q10, median, q90 = np.quantile(values, [0.10, 0.50, 0.90])
    if len(values) >= 80:
        q025, q975 = np.quantile(values, [0.025, 0.975])
    else:
        q025 = median + (q10 - median) * _Z95 / _Z80
        q975 = median + (q90 - median) * _Z95 / _Z80
    return [median, q025, q10, q90, q975]


def _with_intervals(forecast: pd.Series, quantiles: pd.DataFrame) -> pd.DataFrame:
    log_point = np.log1p(forecast.to_numpy())
    q = quantiles.to_numpy()[: len(forecast)]
    frame = pd.DataFrame({"date": forecast.index, "forecast": forecast.to_numpy()})
    for column, index in (("lo80", 1), ("hi80", 2), ("lo95", 0), ("hi95", 3)):
        frame[column] = np.expm1(log_point + q[:, index]).clip(min=0.0)
    return frame


def _log_errors(backtest: pd.DataFrame) -> pd.DataFrame:
    """lead and log error (log1p actual minus log1p forecast) of each backtest day with both known."""
    actual = backtest["actual"].to_numpy(dtype=float)
    forecast = np.maximum(backtest["forecast"].to_numpy(dtype=float), 0.0)
    known = np.isfinite(actual) & np.isfinite(forecast)
    error = np.log1p(actual[known]) - np.log1p(forecast[known])
    return pd.DataFrame({"lead": backtest["lead"].to_numpy(dtype=int)[known], "error": error})


def _fallback_errors(y: pd.Series, horizon: int) -> pd.DataFrame:
    """Without a backtest: errors of 'same weekday last week' on the history, used at every lead."""
    log_y = np.log1p(y)
    error = (log_y - log_y.shift(7)).dropna().to_numpy()
    if not len(error):  # under eight days: the day-to-day changes are the only spread there is
        error = log_y.diff().dropna().to_numpy()
    if not len(error):
        error = np.array([0.0])
    leads = np.repeat(np.arange(1, horizon + 1), len(error))
    return pd.DataFrame({"lead": leads, "error": np.tile(error, horizon)})


def _mean_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """Each model's mean MASE, WAPE and bias over the backtest origins (missing scores skipped)."""
    by_model = scores.groupby("model", sort=False)
    means = by_model[["mase", "wape", "bias"]].mean().assign(origins=by_model.size())
    return means.reset_index()[["model", "mase", "wape", "bias", "origins"]]


def _calendar_part(
    start: pd.Timestamp,
    end: pd.Timestamp,
    calendar: str,
    events: pd.DataFrame | None,
    schedule: PublishedSchedule = NO_SCHEDULE,
) -> pd.DataFrame:
    """Calendar and event regressors for every day from the first history day to the last forecast day."""
    return calendar_features(pd.date_range(start, end, freq="D", unit="ns"), calendar, events, schedule)


def _forecast_models(
    models: tuple[str, ...],
    y: pd.Series,
    horizon: int,
    calendar_part: pd.DataFrame,
    smoothing: dict | None = None,
) -> tuple[dict[str, pd.Series], RegressionFit | None, pd.DataFrame | None, dict | None]:
    """Forecasts of several models from one history; the regression variants share one fit.

    Also returns the design, the regression fit and Holt's smoothing parameters (reused when given).
    """
    unknown = set(models) - set(MODELS)
    if unknown:
        raise ValueError(f"unknown model {sorted(unknown)}; choose from {MODELS}")
    future = pd.date_range(y.index[-1] + pd.Timedelta(days=1), periods=horizon, freq="D", unit="ns")
    forecasts = {}
    if "seasonal_naive" in models:
        forecasts["seasonal_naive"] = pd.Series(seasonal_naive(y, horizon), index=future)
    regressions = [m for m in models if m in _ERRORS]
    if not regressions:
        return forecasts, None, None, smoothing
    first = calendar_part.index.get_loc(y.index[0])
    design = _design(calendar_part.iloc[first : first + len(y) + horizon], y.index)
    special = [c for c in calendar_part.columns if not c.startswith("dow_")]
    protected = design[special].iloc[: len(y)].sum(axis=1).to_numpy() > 0
    fit = fit_regression(
        np.log1p(y), design.iloc[: len(y)], pd.Series(protected, index=y.index), ar="regression_ar" in models
    )
    future_design = design.iloc[len(y) :]
    holt = None
    if any(model in HOLT_VARIANTS for model in regressions):
        holt, smoothing = fit.holt(future_design, smoothing)  # one smoothing serves both variants
    for model in regressions:
        if model in HOLT_VARIANTS:
            log_forecast = holt[_ERRORS[model]]
        else:
            log_forecast = fit.predict(future_design, errors=_ERRORS[model])
        # numpy, not Series.clip: pandas' clip costs half a millisecond, and this runs 30 times a forecast
        forecasts[model] = pd.Series(np.maximum(np.expm1(log_forecast.to_numpy()), 0.0), index=future)
    return forecasts, fit, design, smoothing


def _design(calendar_part: pd.DataFrame, train: pd.DatetimeIndex) -> pd.DataFrame:
    """The full regression design: calendar part plus the trend (and yearly waves with 2+ years of history)."""
    dates = calendar_part.index
    start, end = train[0], train[-1]
    first_point = start + pd.Timedelta(days=CHANGEPOINT_EVERY)
    last_point = end - pd.Timedelta(days=CHANGEPOINT_TAIL)
    changepoints = list(pd.date_range(first_point, last_point, freq=f"{CHANGEPOINT_EVERY}D"))
    parts = [calendar_part, trend_features(dates, start, end, changepoints, TREND_DAMPING)]
    if len(train) >= YEARLY_MIN_DAYS:
        parts.append(yearly_features(dates, YEARLY_ORDER))
    return pd.concat(parts, axis=1)


def _data_warnings(
    y: pd.Series, horizon: int, calendar: str, events: pd.DataFrame | None, schedule: PublishedSchedule
) -> list[ForecastWarning]:
    warnings = []
    if len(y) < SHORT_HISTORY_DAYS:
        warnings.append(ForecastWarning("short_history", {"days": len(y), "yearly_seasonality": False}))
    elif len(y) < YEARLY_MIN_DAYS:
        warnings.append(ForecastWarning("no_yearly_wave", {"days": len(y), "needed": YEARLY_MIN_DAYS}))
    missing = y.index[y.isna()]
    if len(missing):
        first, last = missing[0].date().isoformat(), missing[-1].date().isoformat()
        warnings.append(
            ForecastWarning("missing_days", {"count": len(missing), "first": first, "last": last})
        )
    end = y.index[-1]
    future_end = end + pd.Timedelta(days=horizon)
    if calendar == "CN":
        years = [year for year in range(end.year, future_end.year + 1) if is_provisional(year, schedule)]
        if years:
            warnings.append(ForecastWarning("provisional_calendar", {"years": years}))
    if events is not None and len(events):
        warnings.extend(_unseen_events(y.index, events, end, future_end))
    return warnings


def _unseen_events(
    days: pd.DatetimeIndex, events: pd.DataFrame, end: pd.Timestamp, future_end: pd.Timestamp
) -> list[ForecastWarning]:
    """Promotions in the forecast window with no occurrence in the history: their effect is a generic guess."""
    starts = pd.to_datetime(events["start_date"])
    finishes = pd.to_datetime(events["end_date"])
    coming = set(events.loc[(finishes > end) & (starts <= future_end), "event_key"])
    seen = set(events.loc[(finishes >= days[0]) & (starts <= end), "event_key"])
    return [ForecastWarning("event_without_history", {"event_key": key}) for key in sorted(coming - seen)]


def _history_frame(y: pd.Series, fit: RegressionFit | None) -> pd.DataFrame:
    fitted = np.expm1(fit.fitted).reindex(y.index).to_numpy() if fit is not None else np.full(len(y), np.nan)
    outlier = y.index.isin(fit.outliers) if fit is not None else np.zeros(len(y), dtype=bool)
    return pd.DataFrame({"date": y.index, "actual": y.to_numpy(), "fitted": fitted, "outlier": outlier})


_COMPONENT_OF_GROUP = {
    "yearly": "yearly",
    "holiday": "holidays",
    "holiday_key": "holidays",
    "around_holiday": "holidays",
    "spring_festival": "spring_festival",
}


def _components(fit: RegressionFit, design: pd.DataFrame, log_forecast: pd.Series) -> pd.DataFrame:
    """Log contributions by component: level and trend, weekly, yearly, holidays, Spring Festival, each event.

    The components of a day add up to its log fit (history) or log forecast (future): 'level_trend' is
    what remains after the calendar and event effects, so it carries the Holt, AR or level correction.
    """
    values = fit.regressors(design)
    parts = values * fit.coef  # each regressor's additive share of the log volume, by day
    weekday = [i for i, column in enumerate(fit.columns) if column.startswith("dow_")]
    out = {"weekly": parts[:, weekday].sum(axis=1) - fit.coef[weekday].mean()}
    for i, column in enumerate(fit.columns):
        name = _COMPONENT_OF_GROUP.get(regressor_group(column))
        if name:
            out[name] = out.get(name, 0.0) + parts[:, i]
    out.update(_event_components(fit.columns, values, parts))
    total = pd.concat([fit.fitted, log_forecast]).reindex(design.index).to_numpy()
    out = {"level_trend": total - sum(out.values()), **out}
    return pd.DataFrame(
        {
            "date": np.tile(design.index.to_numpy(), len(out)),
            "component": np.repeat(list(out), len(design)),
            "log_effect": np.concatenate(list(out.values())),
        }
    )


def _event_components(columns: list[str], values: np.ndarray, parts: np.ndarray) -> dict[str, np.ndarray]:
    """Per promotion: its own phase effects plus its share of the generic phase effect on its days.

    `values` are the regressors by day (0/1 for events) and `parts` their contributions, both in `columns` order.
    """
    position = {column: i for i, column in enumerate(columns)}
    components: dict[str, np.ndarray] = {}
    for phase in ("presale", "peak", "aftersales"):
        generic = f"event_{phase}"
        specific = [c for c in columns if c.startswith("event_") and c.endswith(f"_{phase}") and c != generic]
        if not specific:
            continue
        active = values[:, [position[c] for c in specific]].sum(axis=1)  # promotions in this phase that day
        generic_part = np.divide(
            parts[:, position[generic]], active, out=np.zeros(len(active)), where=active > 0
        )
        for column in specific:
            key = column[len("event_") : -len(f"_{phase}")]
            value = parts[:, position[column]] + generic_part * values[:, position[column]]
            name = f"event:{key}"
            components[name] = components.get(name, 0.0) + value
    return components


def _empty_components() -> pd.DataFrame:
    return pd.DataFrame(columns=["date", "component", "log_effect"])
