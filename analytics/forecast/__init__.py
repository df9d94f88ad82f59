"""Contact-volume forecasting: daily per channel and in total, with China's calendar and promotion peaks.

How it works, in one read:
- `features`: 0/1 regressors for weekday, statutory holidays, 调休, days around holidays, the Spring Festival
  window (moving with the lunar calendar) and promotion phases (618, Double-11, Double-12, user events),
  plus a piecewise trend (damped after the history ends) and yearly waves (with 2+ years of history).
- `models`: candidates on log(1 + volume): seasonal naive (lag 7), the calendar regression with shrinkage
  priors, the regression with AR errors or its recent level carried forward, and the default: calendar
  effects from the regression with level and damped trend from Holt's exponential smoothing (the mean of
  a one-day-ahead fit and a fit for the forecast's own leads, `smoothing`).
- `engine`: cleans a series (gaps, launch ramp, outage days flagged and left out), picks the model per
  series by rolling-origin backtest (the default unless a challenger is >20% better), and calibrates
  80% / 95% intervals on that backtest.
- `hierarchy`: channel forecasts and their bottom-up total (adds up exactly), monthly sums.
- `snapshots`: publish forecasts (withdraw a wrong one, reinstate one withdrawn by mistake, correct a note) and track their accuracy.
- Re-exported from outside the package (the what-if and the home page use them without the model stack):
  `analytics.intraday` (30-minute profiles by channel and day type; days split into intervals that add up) and
  `analytics.sources` (history from the DB or a CSV).
Warnings are returned as data (`ForecastWarning(code, params)`, defined in `analytics.forecast_warning` so a
budget version can keep those of the forecast it was drafted on) for the UI to translate.
"""

from analytics.forecast.engine import (
    ForecastWarning,
    SeriesForecast,
    backtest_scores,
    forecast_series,
    model_backtest,
    predict,
    prepare_series,
    rolling_origin_backtest,
)
from analytics.forecast.features import calendar_features
from analytics.forecast.hierarchy import (
    TOTAL,
    ChannelForecast,
    forecast_channels,
    monthly_totals,
    total_components,
)
from analytics.forecast.metrics import bias, mase, naive_scale, wape
from analytics.forecast.models import MODELS
from analytics.forecast.snapshots import (
    RegisterError,
    edit_snapshot_note,
    list_snapshots,
    note_edits,
    publish_snapshot,
    reinstate_snapshot,
    reinstatements,
    snapshot_accuracy,
    snapshot_values,
    weekly_forecast_vs_actual,
    withdraw_snapshot,
)
from analytics.holiday_schedule import load_schedule
from analytics.intraday import day_types, interval_profiles, split_intraday
from analytics.sources import load_daily_history, load_events, load_intervals, read_daily_csv

__all__ = [
    "MODELS",
    "TOTAL",
    "ChannelForecast",
    "ForecastWarning",
    "RegisterError",
    "SeriesForecast",
    "backtest_scores",
    "bias",
    "calendar_features",
    "day_types",
    "edit_snapshot_note",
    "forecast_channels",
    "forecast_series",
    "interval_profiles",
    "list_snapshots",
    "load_daily_history",
    "load_events",
    "load_intervals",
    "load_schedule",
    "mase",
    "model_backtest",
    "monthly_totals",
    "naive_scale",
    "note_edits",
    "predict",
    "prepare_series",
    "publish_snapshot",
    "read_daily_csv",
    "reinstate_snapshot",
    "reinstatements",
    "rolling_origin_backtest",
    "snapshot_accuracy",
    "snapshot_values",
    "split_intraday",
    "total_components",
    "wape",
    "weekly_forecast_vs_actual",
    "withdraw_snapshot",
]
