"""Channel forecasts that add up: each channel is forecast on its own, the total is their sum (bottom-up).

Summing keeps the books exact: the total a finance reviewer sees is, to the last digit, the sum of the
channels, and every monthly figure is the sum of its days. The total's prediction intervals are calibrated
like a channel's: on the backtest errors of the summed channel forecasts against the summed actuals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.calendar import NO_SCHEDULE, PublishedSchedule
from analytics.channels import in_channel_order
from analytics.forecast.engine import (
    ForecastWarning,
    SeriesForecast,
    _log_errors,
    _with_intervals,
    error_quantiles,
    forecast_series,
)

TOTAL = "total"
_BANDS = ["forecast", "lo80", "hi80", "lo95", "hi95"]


@dataclass(frozen=True)
class ChannelForecast:
    """Forecasts per channel plus their total.

    daily: date, channel (each channel code and 'total'), forecast, lo80, hi80, lo95, hi95.
    by_channel: each channel's SeriesForecast (model, history, components, backtest scores).
    warnings: (channel, ForecastWarning) pairs.
    """

    daily: pd.DataFrame
    by_channel: dict[str, SeriesForecast]
    warnings: list[tuple[str, ForecastWarning]]

    @property
    def models(self) -> dict[str, str]:
        """The model chosen for each channel."""
        return {channel: result.model for channel, result in self.by_channel.items()}


def forecast_channels(
    history: pd.DataFrame,
    horizon: int,
    events: pd.DataFrame | None = None,
    calendar: str = "CN",
    date_col: str = "date",
    channel_col: str = "channel",
    value_col: str = "contacts",
    schedule: PublishedSchedule = NO_SCHEDULE,
) -> ChannelForecast:
    """Forecast every channel in a long history table (date, channel, contacts) and their total; `schedule`
    holds official holiday schedules typed in for years the calendar package lacks.

    Channels come out in the product's order (电话 first, the total last), not in the alphabet of their codes."""
    wide = history.pivot_table(index=date_col, columns=channel_col, values=value_col, aggfunc="sum")
    wide.index = pd.DatetimeIndex(pd.to_datetime(wide.index)).as_unit("ns")
    wide = wide.reindex(pd.date_range(wide.index.min(), wide.index.max(), freq="D", unit="ns"))
    results = {
        str(channel): forecast_series(
            wide[channel], horizon, calendar, events, name=str(channel), schedule=schedule
        )
        for channel in in_channel_order(map(str, wide.columns))
        if wide[channel].notna().any()
    }
    frames = [result.daily.assign(channel=channel) for channel, result in results.items()]
    total = _total_forecast(results, horizon)
    daily = pd.concat([*frames, total.assign(channel=TOTAL)], ignore_index=True)
    warnings = [(channel, w) for channel, result in results.items() for w in result.warnings]
    return ChannelForecast(daily=daily[["date", "channel", *_BANDS]], by_channel=results, warnings=warnings)


def _total_forecast(results: dict[str, SeriesForecast], horizon: int) -> pd.DataFrame:
    """Sum of the channel forecasts, with intervals from the summed backtests of the chosen models."""
    point = pd.concat([r.daily.set_index("date")["forecast"] for r in results.values()], axis=1).sum(axis=1)
    chosen = [r.backtest[r.backtest["model"] == r.model] for r in results.values()]
    backtest = pd.concat(chosen, ignore_index=True)
    summed = backtest.groupby(["origin", "date", "lead"], as_index=False)[["actual", "forecast"]].sum(
        min_count=1
    )
    errors = _log_errors(summed)
    if errors.empty:
        frame = pd.DataFrame({"date": point.index, "forecast": point.to_numpy()})
        for column in _BANDS[1:]:
            frame[column] = (
                pd.concat([r.daily.set_index("date")[column] for r in results.values()], axis=1)
                .sum(axis=1)
                .to_numpy()
            )
        return frame
    return _with_intervals(point, error_quantiles(errors, horizon))


def total_components(result: ChannelForecast) -> pd.DataFrame:
    """The total's calendar and event components over the forecast days (date, component, log_effect), as the
    channels' components are.

    A component's effect on the total is how much higher the summed forecast is for it, each channel weighted by
    its own forecast: log(sum of forecasts / sum of forecasts without the component), where a channel's forecast
    without it is forecast × exp(−its log_effect). For a lone channel this is its own effect; a component a
    channel lacks counts as 0 there. The level and trend are left out: the total's is the channels' summed.
    """
    days = result.daily[result.daily["channel"] != TOTAL]
    forecast = days.pivot_table(index="date", columns="channel", values="forecast")
    frames = []
    for channel, series in result.by_channel.items():
        parts = series.components[series.components["component"] != "level_trend"]
        frames.append(parts.assign(channel=channel))
    parts = pd.concat(frames, ignore_index=True)
    effects = parts.pivot_table(index=["component", "date"], columns="channel", values="log_effect")
    rows = []
    for component, effect in effects.groupby(level="component", sort=False):
        effect = effect.droplevel("component").reindex(index=forecast.index, columns=forecast.columns)
        without = (forecast * np.exp(-effect.fillna(0.0))).sum(axis=1)
        log_effect = np.log(forecast.sum(axis=1) / without)
        rows.append(pd.DataFrame({"date": forecast.index, "component": component, "log_effect": log_effect}))
    if not rows:
        return pd.DataFrame(columns=["date", "component", "log_effect"])
    return pd.concat(rows, ignore_index=True)


def monthly_totals(daily: pd.DataFrame) -> pd.DataFrame:
    """Monthly sums of a daily forecast per channel: month (first day), channel, forecast, lo80..hi95, days.

    The forecast column is exactly the sum of the days. The band columns are sums of the daily bounds:
    a conservative band (it assumes every day misses in the same direction). `days` counts the forecast days
    in the month, so a month the forecast only partly covers (its first or last) says so. Rows go by month,
    and within a month keep the channels' order in ``daily`` (the product's order, the total last).
    """
    frame = daily.assign(month=pd.to_datetime(daily["date"]).dt.to_period("M").dt.to_timestamp())
    frame["channel"] = pd.Categorical(frame["channel"], categories=frame["channel"].unique())
    groups = frame.groupby(["month", "channel"], as_index=False, sort=True, observed=True)
    sums = groups[_BANDS].sum().merge(groups.size().rename(columns={"size": "days"}), on=["month", "channel"])
    return sums.assign(channel=sums["channel"].astype(str))
