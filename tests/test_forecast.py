"""Tests of the forecasting engine: calendar regressors, accuracy metrics, intervals, sums, warnings, CLI."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analytics import calendar as cn_calendar
from analytics import cli, demo, forecast, store
from analytics.forecast.engine import _untested_trend, choose_model, holt_variant


def _synthetic(start: str, end: str, seed: int = 0, level: float = 1000.0) -> pd.Series:
    """A daily series with a weekly shape, China's holidays, a Spring Festival trough and promotion peaks."""
    rng = np.random.default_rng(seed)
    facts = cn_calendar.calendar_frame(pd.Timestamp(start).date(), pd.Timestamp(end).date()).set_index("date")
    weekday = np.array([1.0, 0.95, 0.95, 0.9, 0.9, 0.6, 0.55])[facts["weekday"].to_numpy()]
    factor = np.where(facts["is_makeup_workday"], 0.9, weekday)
    factor = np.where(facts["is_holiday"], 0.5, factor)
    factor = np.where(facts["holiday"] == "spring_festival", 0.25, factor)
    dates = pd.DatetimeIndex(facts.index)
    days = cn_calendar.event_days(
        cn_calendar.default_events(range(dates[0].year, dates[-1].year + 1)), dates[0], dates[-1]
    )
    lift = {"presale": 1.3, "peak": 1.6, "aftersales": 1.2}
    for row in days.itertuples(index=False):
        double11_peak = row.event_key == "double11" and row.phase == "peak"
        factor[dates.get_loc(row.date)] *= 3.5 if double11_peak else lift[row.phase]
    trend = 1 + 0.1 * np.arange(len(dates)) / 365
    noise = rng.lognormal(0.0, 0.05, len(dates))
    return pd.Series(level * factor * trend * noise, index=dates.as_unit("ns"))


def _channels(start: str, end: str) -> pd.DataFrame:
    frames = [
        pd.DataFrame({"date": s.index, "channel": name, "contacts": s.to_numpy()})
        for name, s in (
            ("phone", _synthetic(start, end, 1, 1200)),
            ("online", _synthetic(start, end, 2, 800)),
            ("email", _synthetic(start, end, 3, 60)),
        )
    ]
    return pd.concat(frames, ignore_index=True)


def _codes(warnings) -> set[str]:
    return {w.code for w in warnings}


# --- model choice --------------------------------------------------------------------------------------


def _scores(**mase: float) -> pd.DataFrame:
    return pd.DataFrame({"model": list(mase), "mase": list(mase.values())})


def test_the_lead_tuned_holt_variant_serves_only_when_its_backtest_is_better():
    better = _scores(regression_holt=1.00, regression_holt_horizon=0.99)
    assert holt_variant(better) == "regression_holt_horizon"
    assert holt_variant(_scores(regression_holt=1.00, regression_holt_horizon=1.01)) == "regression_holt"
    assert holt_variant(_scores(regression_holt=1.00)) == "regression_holt"


def test_other_models_still_need_a_clear_win_over_the_serving_holt_variant():
    scores = _scores(regression_holt=1.00, regression_holt_horizon=0.95, regression=0.80)
    assert choose_model(scores, default=holt_variant(scores)) == "regression_holt_horizon"  # 16% < 20%
    scores = _scores(regression_holt=1.00, regression_holt_horizon=0.95, regression=0.70)
    assert choose_model(scores, default=holt_variant(scores)) == "regression"


def test_beyond_the_backtests_reach_the_lead_tuned_variant_serves_only_with_a_flat_level():
    """A slope tested 28 days out is not trusted to compound over a quarter; a flat level is."""
    assert _untested_trend("regression_holt_horizon", {"horizon": (0.02, 0.05, 0.99)})
    assert not _untested_trend("regression_holt_horizon", {"horizon": (0.02, 0.0, 0.9)})
    assert not _untested_trend("regression_holt", {"horizon": (0.02, 0.05, 0.99)})
    assert not _untested_trend("regression_holt_horizon", {"horizon": None})  # too short to tune: flat


def test_the_lead_tuned_variant_does_not_carry_a_last_fortnight_burst_into_the_quarter():
    """Steady series whose last two weeks ran 40% busy (the Technion pattern). Over eight draws the
    lead-tuned level keeps the next quarter within half the burst of the usual volume, and follows the
    burst far less than the default, half of which is a one-day-ahead fit."""
    dates = pd.date_range("2023-01-02", periods=420, freq="D", unit="ns")
    weekday = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.6, 0.5])[dates.day_of_week]
    usual = 1000 * weekday.mean()
    excess = {"regression_holt_horizon": [], "regression_holt": []}
    for seed in range(8):
        values = 1000 * weekday * np.random.default_rng(seed).lognormal(0.0, 0.08, len(dates))
        values[-14:] *= 1.4
        for model, found in excess.items():
            found.append(
                forecast.predict(model, pd.Series(values, index=dates), 91, calendar="none").mean() / usual
                - 1
            )
    variant, default = np.mean(excess["regression_holt_horizon"]), np.mean(excess["regression_holt"])
    assert 0 < variant < 0.2
    assert variant < 0.6 * default


# --- metrics -------------------------------------------------------------------------------------------


def test_mase_wape_bias_on_hand_computed_example():
    history = [10, 12, 14, 10, 12, 14, 10, 12, 14, 16, 12, 14, 16, 12]  # every lag-7 difference is 2
    assert forecast.naive_scale(history) == pytest.approx(2.0)
    actual, predicted = [10, 20], [12, 16]  # errors 2 and 4
    assert forecast.mase(actual, predicted, history) == pytest.approx(1.5)
    assert forecast.wape(actual, predicted) == pytest.approx(6 / 30)
    assert forecast.bias(actual, predicted) == pytest.approx(-2 / 30)


def test_metrics_skip_missing_days():
    assert forecast.wape([10, np.nan, 30], [12, 5, 27]) == pytest.approx(5 / 40)


# --- calendar regressors -------------------------------------------------------------------------------


def test_calendar_regressors_mark_2025_spring_festival_and_double11():
    dates = pd.date_range("2025-01-01", "2025-12-31", freq="D")
    events = cn_calendar.default_events([2025])
    features = forecast.calendar_features(dates, "CN", events)
    spring = features.index[features["holiday_spring_festival"] == 1]
    assert spring.min() == pd.Timestamp("2025-01-28") and spring.max() == pd.Timestamp("2025-02-04")
    makeup = features.index[features["makeup_workday"] == 1]
    assert pd.Timestamp("2025-01-26") in makeup and pd.Timestamp("2025-02-08") in makeup
    assert features.loc["2025-01-14":"2025-01-21", "sf_far_before"].sum() == 8
    peak = features.index[features["event_double11_peak"] == 1]
    assert list(peak) == [pd.Timestamp("2025-11-11")]
    assert features.loc["2025-10-20":"2025-11-10", "event_double11_presale"].all()


def test_forecast_puts_2025_spring_festival_trough_and_double11_peak_where_they_belong():
    history = _synthetic("2022-01-01", "2024-10-31")
    events = cn_calendar.default_events(range(2022, 2026))
    result = forecast.forecast_series(history, 426, events=events)
    daily = result.daily.set_index("date")["forecast"]
    weekly = daily.rolling(7).mean()
    trough_end = weekly.loc["2025-01-01":"2025-03-31"].idxmin()
    assert pd.Timestamp("2025-01-28") <= trough_end <= pd.Timestamp("2025-02-10")
    assert daily.loc["2025-01-01":"2025-12-31"].idxmax() == pd.Timestamp("2025-11-11")
    components = result.components
    assert {"holidays", "spring_festival", "event:double11", "weekly"} <= set(components["component"])
    double11 = components[
        (components["component"] == "event:double11") & (components["date"] == "2025-11-11")
    ]
    assert float(double11["log_effect"].iloc[0]) > np.log(2)


# --- intervals -----------------------------------------------------------------------------------------


def test_80_percent_intervals_cover_at_least_75_percent_of_held_out_days(demo_db):
    con = store.connect(demo_db, read_only=True)
    history, events = forecast.load_daily_history(con), forecast.load_events(con)
    con.close()
    hits = []
    for channel in ("phone", "online"):
        series = history[history["channel"] == channel].set_index("date")["contacts"]
        scores = forecast.model_backtest(series, 28, origins=4, step=28, events=events, models=("auto",))
        hits.extend(scores["coverage80"])
    assert np.mean(hits) >= 0.75


def test_intervals_are_ordered_and_widen_with_the_horizon():
    result = forecast.forecast_series(_synthetic("2023-01-01", "2024-12-31"), 400)
    daily = result.daily
    assert (daily["lo95"] <= daily["lo80"]).all() and (daily["lo80"] <= daily["forecast"]).all()
    assert (daily["forecast"] <= daily["hi80"]).all() and (daily["hi80"] <= daily["hi95"]).all()
    width = np.log(daily["hi80"] / daily["lo80"])
    assert width.iloc[-30:].mean() > width.iloc[:30].mean()


def test_a_days_interval_does_not_depend_on_the_horizon_asked_for():
    """The CLI's 7-day forecast and the page's budget-year one gave tomorrow different bounds: the backtest that
    calibrates them ran to the horizon asked for, from different origins."""
    history = _synthetic("2023-01-01", "2024-12-31")
    week = forecast.forecast_series(history, 7).daily
    year = forecast.forecast_series(history, 400).daily.iloc[:7]
    for bound in ("lo80", "hi80", "lo95", "hi95"):
        np.testing.assert_allclose(
            np.log1p(week[bound]) - np.log1p(week["forecast"]),
            np.log1p(year[bound]) - np.log1p(year["forecast"]),
            atol=1e-9,
        )


# --- consistency ---------------------------------------------------------------------------------------


def test_channels_add_up_to_the_total_and_months_to_their_days():
    history = _channels("2024-01-01", "2024-12-31")
    result = forecast.forecast_channels(history, 120, events=cn_calendar.default_events([2024, 2025]))
    daily = result.daily
    channels = daily[daily["channel"] != forecast.TOTAL].groupby("date")["forecast"].sum()
    total = daily[daily["channel"] == forecast.TOTAL].set_index("date")["forecast"]
    np.testing.assert_allclose(total.to_numpy(), channels.loc[total.index].to_numpy(), rtol=1e-12)
    monthly = forecast.monthly_totals(daily)
    january = daily[(daily["date"].dt.month == 1) & (daily["channel"] == "phone")]["forecast"].sum()
    phone_jan = monthly[(monthly["channel"] == "phone") & (monthly["month"] == "2025-01-01")]["forecast"]
    assert float(phone_jan.iloc[0]) == pytest.approx(january, rel=1e-12)
    phone_days = monthly.loc[monthly["channel"] == "phone", "days"].tolist()
    assert phone_days == [31, 28, 31, 30]  # 120 days from 2025-01-01 end on 2025-04-30
    assert set(result.models) == {"phone", "online", "email"}


def test_the_totals_components_weigh_the_channels_by_their_forecast():
    """A factor doubling a 100-contact channel and absent from a 300-contact one lifts their 400 by 400/350."""
    days = pd.to_datetime(["2025-11-11", "2025-11-12"])
    daily = pd.DataFrame(
        {"date": days.repeat(2), "channel": ["phone", "email"] * 2, "forecast": [100.0, 300.0, 100.0, 300.0]}
    )
    phone = pd.DataFrame(
        {"date": days, "component": ["event:double11", "event:double11"], "log_effect": [np.log(2), 0.0]}
    )
    email = pd.DataFrame({"date": days, "component": ["weekly", "weekly"], "log_effect": [np.log(0.5)] * 2})
    result = forecast.ChannelForecast(
        daily=daily,
        by_channel={"phone": SimpleNamespace(components=phone), "email": SimpleNamespace(components=email)},
        warnings=[],
    )
    total = forecast.total_components(result).set_index(["component", "date"])["log_effect"]
    assert np.exp(total[("event:double11", days[0])]) == pytest.approx(400 / 350)
    assert total[("event:double11", days[1])] == pytest.approx(0.0)
    assert np.exp(total[("weekly", days[0])]) == pytest.approx(400 / (100 + 600))  # email's halving, weighted
    # a lone channel's total is its own effect
    alone = forecast.ChannelForecast(
        daily=daily[daily["channel"] == "phone"],
        by_channel={"phone": SimpleNamespace(components=phone)},
        warnings=[],
    )
    np.testing.assert_allclose(forecast.total_components(alone)["log_effect"], phone["log_effect"])


def test_channels_come_in_the_products_order_with_the_total_last():
    """Exports and tables list 电话, 在线, 邮件, then 合计; they once ran email, online, phone, total (the codes'
    alphabet), which put 合计 between 工单 and 微信 in the monthly CSV."""
    history = _channels("2024-01-01", "2024-04-30").sample(frac=1, random_state=0)  # any row order
    result = forecast.forecast_channels(history, 40)
    assert list(result.by_channel) == ["phone", "online", "email"]
    assert list(result.daily["channel"].unique()) == ["phone", "online", "email", forecast.TOTAL]
    monthly = forecast.monthly_totals(result.daily)
    for _month, rows in monthly.groupby("month"):
        assert rows["channel"].tolist() == ["phone", "online", "email", forecast.TOTAL]
    assert monthly["month"].is_monotonic_increasing


# --- messy history -------------------------------------------------------------------------------------


def test_short_history_forecasts_with_a_warning():
    result = forecast.forecast_series(_synthetic("2024-03-01", "2024-06-30"), 60)
    assert "short_history" in _codes(result.warnings)
    assert result.daily["forecast"].notna().all() and len(result.daily) == 60
    assert not any(c.startswith("yearly") for c in result.components["component"].unique())


def test_gap_and_outage_day_are_flagged_not_learned():
    series = _synthetic("2023-01-01", "2024-06-30")
    series = series.drop(pd.date_range("2024-03-04", "2024-03-10"))
    series.loc["2024-04-17"] = 3.0  # an outage: the phone system was down
    result = forecast.forecast_series(series, 56)
    codes = _codes(result.warnings)
    assert {"missing_days", "outliers_flagged"} <= codes
    flagged = next(w for w in result.warnings if w.code == "outliers_flagged")
    assert "2024-04-17" in flagged.params["dates"]
    assert result.history.set_index("date").loc["2024-04-17", "outlier"]
    assert np.isfinite(result.daily[["forecast", "lo95", "hi95"]].to_numpy()).all()
    assert result.daily["forecast"].min() > 100


def test_a_typed_extra_digits_day_on_a_promotion_day_is_flagged_not_learned():
    """Promotion days are never outliers, except a gross error: 200,000,000 contacts on the 618 peak day."""
    events = cn_calendar.default_events(range(2023, 2025))
    clean = _synthetic("2023-01-01", "2024-07-31")
    typo = clean.copy()
    typo.loc["2024-06-18"] = 2e8
    result = forecast.forecast_series(typo, 120, events=events)
    flagged = next(w for w in result.warnings if w.code == "outliers_flagged")
    assert "2024-06-18" in flagged.params["dates"]
    expected = forecast.forecast_series(clean, 120, events=events).daily["forecast"]
    assert np.allclose(result.daily["forecast"], expected, rtol=0.03)  # the 618 effect is not inflated


@pytest.mark.parametrize("open_days", [(5, 6), (0, 2, 4)], ids=["weekends", "mon_wed_fri"])
def test_a_line_closed_most_days_keeps_its_open_days_and_still_catches_a_typo(open_days):
    """Most days are 0, so a 29-day median is 0: the open days must not count as 20x spikes (they did once)."""
    days = pd.date_range("2023-06-01", "2024-09-30")
    rng = np.random.default_rng(0)
    series = pd.Series(
        np.where(days.day_of_week.isin(open_days), rng.normal(500, 30, len(days)), 0.0), index=days
    )
    clean = forecast.forecast_series(series, 90).daily["forecast"].sum()
    assert clean == pytest.approx(series.iloc[-91:-1].sum(), rel=0.1)
    typo = series.copy()
    day = typo[typo > 0].index[-20]
    typo[day] = 5e6
    result = forecast.forecast_series(typo, 90)
    flagged = next(w for w in result.warnings if w.code == "outliers_flagged")
    assert day.date().isoformat() in flagged.params["dates"]
    assert result.daily["forecast"].sum() == pytest.approx(clean, rel=0.03)


def test_zeros_and_very_short_series_do_not_break():
    series = pd.Series([0.0, 5, 7, 0, 6, 0, 0] * 3, index=pd.date_range("2024-05-01", periods=21))
    result = forecast.forecast_series(series, 14)
    assert (result.daily["forecast"] >= 0).all()
    assert "short_history" in _codes(result.warnings)


def test_unused_and_brand_new_channels_do_not_break_the_total():
    days = pd.date_range("2024-01-01", "2024-12-31")
    history = pd.concat(
        [
            pd.DataFrame({"date": days, "channel": "phone", "contacts": 500.0}),
            pd.DataFrame({"date": days, "channel": "email", "contacts": 0.0}),
            pd.DataFrame({"date": days[-10:], "channel": "wechat", "contacts": 40.0}),
        ]
    )
    result = forecast.forecast_channels(history, 1)
    daily = result.daily.set_index("channel")["forecast"]
    assert daily["email"] == 0.0 and daily["total"] == pytest.approx(540.0, rel=0.05)
    assert "short_history" in {w.code for channel, w in result.warnings if channel == "wechat"}


# --- intraday ------------------------------------------------------------------------------------------


def test_intraday_split_sums_to_the_day_and_uses_the_day_type():
    starts = pd.date_range("2025-09-22", "2025-10-08 23:30", freq="30min")
    hours = starts.hour.to_numpy()
    weekend_or_holiday = (starts.day_of_week >= 5) | ((starts >= "2025-10-01") & (starts < "2025-10-09"))
    contacts = np.where(weekend_or_holiday, np.where(hours >= 12, 4.0, 1.0), np.where(hours < 12, 6.0, 2.0))
    intervals = pd.DataFrame({"interval_start": starts, "channel": "phone", "contacts": contacts})
    profiles = forecast.interval_profiles(intervals)
    sums = profiles.groupby(["channel", "day_type"])["share"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0)
    daily = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-03-03", "2026-10-02"]),
            "channel": "phone",
            "forecast": [1234.5, 987.25],
        }
    )
    split = forecast.split_intraday(daily, profiles)
    per_day = split.groupby("date")["forecast"].sum()
    np.testing.assert_allclose(per_day.to_numpy(), daily["forecast"].to_numpy(), rtol=1e-12)
    assert len(split) == 2 * 48
    tuesday = split[split["date"] == "2026-03-03"].set_index("interval_start")["forecast"]
    holiday = split[split["date"] == "2026-10-02"].set_index("interval_start")["forecast"]
    assert tuesday.iloc[:24].sum() > tuesday.iloc[24:].sum()
    assert holiday.iloc[24:].sum() > holiday.iloc[:24].sum()


# --- database: history, snapshots, CLI -----------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    demo = pytest.importorskip("analytics.demo")
    path = tmp_path_factory.mktemp("forecast") / "demo.duckdb"
    con = store.connect(path)
    demo.seed_demo(con)
    con.close()
    return path


def test_publish_snapshot_and_measure_its_accuracy(demo_db, tmp_path):
    path = tmp_path / "snap.duckdb"
    path.write_bytes(demo_db.read_bytes())
    con = store.connect(path)
    history = forecast.load_daily_history(con)
    cut = history["date"].max() - pd.Timedelta(days=42)
    result = forecast.forecast_channels(history[history["date"] <= cut], 42, events=forecast.load_events(con))
    snapshot_id = forecast.publish_snapshot(con, result.daily, cut.date(), result.models, published_by="test")
    listed = forecast.list_snapshots(con)
    assert listed.loc[0, "snapshot_id"] == snapshot_id and listed.loc[0, "models"] == result.models
    accuracy = forecast.snapshot_accuracy(con)
    con.close()
    accuracy = accuracy[accuracy["snapshot_id"] == snapshot_id]  # the demo's own published forecasts aside
    total = accuracy[accuracy["channel"] == forecast.TOTAL].set_index("bucket")
    assert list(total.index) == ["1-7", "8-28", "29-91"]
    assert total.loc["1-7", "days"] == 7 and total.loc["29-91", "days"] == 14
    assert (accuracy["wape"] < 0.5).all()


def test_the_demo_publishes_its_past_forecasts_and_they_are_compared_week_by_week(demo_db):
    """The 2026 budget forecast and the mid-year one: the product's own forecasts on the history up to their
    day, to the end of 2026, per channel and in total; compared with actuals in whole Monday-Sunday weeks."""
    con = store.connect(demo_db, read_only=True)
    listed = forecast.list_snapshots(con).sort_values("history_end")
    assert [d.date() for d in pd.to_datetime(listed["history_end"])] == [
        end for end, _ in demo.PUBLISHED_FORECASTS
    ]
    assert set(listed.iloc[0]["models"]) == {"phone", "online", "wechat", "email", "ticket"}
    weekly = forecast.weekly_forecast_vs_actual(con, forecast.TOTAL)
    values = con.execute(
        "SELECT date, forecast FROM forecast_snapshot_values WHERE snapshot_id = 1 AND channel = 'total'"
    ).df()
    history = forecast.load_daily_history(con).groupby("date")["contacts"].sum()
    con.close()
    first = weekly[weekly["snapshot_id"] == 1].sort_values("week")
    assert first["week"].iloc[0] == pd.Timestamp("2026-01-05")  # 2026-01-01 is a Thursday: a part week
    assert (first["week"].dt.day_of_week == 0).all()
    assert first["week"].iloc[-1] == pd.Timestamp(
        "2026-10-19"
    )  # the week of 10-26 has no actuals after 10-31
    week = pd.date_range("2026-03-02", periods=7, freq="D")
    row = first[first["week"] == week[0]].iloc[0]
    values["date"] = pd.to_datetime(values["date"])
    assert row["forecast"] == pytest.approx(values.set_index("date").loc[week, "forecast"].sum())
    assert row["actual"] == pytest.approx(history.loc[week].sum())
    assert abs(first["forecast"].sum() / first["actual"].sum() - 1) < 0.05  # the demo's forecast holds up


def _demo_register(demo_copy):
    """A connection to a copy of the demo, its published forecasts, and the id of the mid-year one."""
    con = store.connect(demo_copy)
    listed = forecast.list_snapshots(con)
    return con, listed, int(listed.loc[listed["history_end"].idxmax(), "snapshot_id"])


def test_a_withdrawn_forecast_stays_listed_and_keeps_its_accuracy(demo_copy):
    """The demo's mid-year forecast withdrawn: listed with who withdrew it, when and why, its accuracy kept as it
    was (marked withdrawn), gone from the weekly comparison; a withdrawal needs a name and a reason, and happens
    once."""
    con, listed, mid_year = _demo_register(demo_copy)
    try:
        assert listed["withdrawn_at"].isna().all()
        for by, reason, code in (("  ", "重复导入", "name"), ("计划组 王芳", " ", "reason")):
            with pytest.raises(forecast.RegisterError) as refused:
                forecast.withdraw_snapshot(con, mid_year, by, reason)
            assert refused.value.code == code
        before = forecast.snapshot_accuracy(con)
        assert mid_year in set(before["snapshot_id"]) and not before["withdrawn"].any()
        when = dt.datetime(2026, 11, 3, 9, 30)
        forecast.withdraw_snapshot(con, mid_year, " 计划组 王芳 ", "6 月话务量重复导入", withdrawn_at=when)
        row = forecast.list_snapshots(con).set_index("snapshot_id").loc[mid_year]
        assert (row["withdrawn_at"], row["withdrawn_by"], row["withdrawn_reason"]) == (
            when,
            "计划组 王芳",
            "6 月话务量重复导入",
        )
        after = forecast.snapshot_accuracy(con)
        pd.testing.assert_frame_equal(
            after.drop(columns="withdrawn"), before.drop(columns="withdrawn")
        )  # the same errors as while it was in force
        assert after["withdrawn"].tolist() == (after["snapshot_id"] == mid_year).tolist()
        weekly = forecast.weekly_forecast_vs_actual(con, forecast.TOTAL)
        assert not weekly.empty and mid_year not in set(weekly["snapshot_id"])
        for snapshot_id, code in ((mid_year, "already"), (999, "unknown")):
            with pytest.raises(forecast.RegisterError) as refused:
                forecast.withdraw_snapshot(con, snapshot_id, "计划组 王芳", "再撤一次")
            assert refused.value.code == code
    finally:
        con.close()


def test_a_forecast_withdrawn_by_mistake_is_reinstated_and_the_withdrawal_stays_on_record(demo_copy):
    """The mid-year forecast withdrawn and reinstated: in force again (accuracy unmarked, back in the weekly
    comparison), the withdrawal undone kept beside who reinstated it and why; it can be withdrawn again; a
    reinstatement needs a name and a reason, and a forecast in force has nothing to undo."""
    con, listed, mid_year = _demo_register(demo_copy)
    try:
        weekly_before = forecast.weekly_forecast_vs_actual(con, forecast.TOTAL)
        token_before = store.forecasts_version(con)
        withdrawn_at = dt.datetime(2026, 11, 3, 9, 30)
        forecast.withdraw_snapshot(
            con, mid_year, "计划组 王芳", "以为 6 月重复导入", withdrawn_at=withdrawn_at
        )
        for by, reason, code in (("  ", "核对无误", "name"), ("计划组 王芳", "", "reason")):
            with pytest.raises(forecast.RegisterError) as refused:
                forecast.reinstate_snapshot(con, mid_year, by, reason)
            assert refused.value.code == code
        token_withdrawn = store.forecasts_version(con)
        reinstated_at = dt.datetime(2026, 11, 4, 14, 0)
        forecast.reinstate_snapshot(
            con, mid_year, " 计划组 王芳 ", "6 月数据核对无误", reinstated_at=reinstated_at
        )
        row = forecast.list_snapshots(con).set_index("snapshot_id").loc[mid_year]
        assert (
            pd.isna(row["withdrawn_at"]) and row["withdrawn_by"] is None and row["withdrawn_reason"] is None
        )
        assert not forecast.snapshot_accuracy(con)["withdrawn"].any()
        pd.testing.assert_frame_equal(forecast.weekly_forecast_vs_actual(con, forecast.TOTAL), weekly_before)
        assert forecast.reinstatements(con).to_dict("records") == [
            {
                "snapshot_id": mid_year,
                "withdrawn_at": pd.Timestamp(withdrawn_at),
                "withdrawn_by": "计划组 王芳",
                "withdrawn_reason": "以为 6 月重复导入",
                "reinstated_at": pd.Timestamp(reinstated_at),
                "reinstated_by": "计划组 王芳",
                "reinstated_reason": "6 月数据核对无误",
            }
        ]
        tokens = [token_before, token_withdrawn, store.forecasts_version(con)]
        for snapshot_id, code in ((mid_year, "in_force"), (999, "unknown")):
            with pytest.raises(forecast.RegisterError) as refused:
                forecast.reinstate_snapshot(con, snapshot_id, "计划组 王芳", "再恢复一次")
            assert refused.value.code == code
        other = int(listed["snapshot_id"].min())
        forecast.withdraw_snapshot(con, other, "计划组 王芳", "改用年中预测")  # one withdrawn, as before
        tokens.append(store.forecasts_version(con))
        forecast.withdraw_snapshot(con, mid_year, "计划组 王芳", "7 月起口径变了")  # withdrawn again
        tokens.append(store.forecasts_version(con))
        assert len(set(tokens)) == 5  # the cached reads of the page see every change
        assert len(forecast.reinstatements(con)) == 1
        assert forecast.list_snapshots(con).set_index("snapshot_id").loc[mid_year, "withdrawn_reason"] == (
            "7 月起口径变了"
        )
    finally:
        con.close()


def test_a_published_forecasts_note_is_corrected_and_the_old_note_kept(demo_copy):
    """The budget forecast's note corrected: the register shows the new note, the edit keeps the note it
    replaced with who and when, the figures stay; a name and a note are needed, and the same note is refused."""
    con, listed, mid_year = _demo_register(demo_copy)
    try:
        first = int(listed["snapshot_id"].min())
        values_before = forecast.snapshot_values(con, first)
        token = store.forecasts_version(con)
        for by, note, code in (
            (" ", "2026 年度预算（终版）", "name"),
            ("计划组 王芳", "  ", "reason"),
            ("计划组 王芳", " 2026 年度预算预测 ", "same"),
        ):
            with pytest.raises(forecast.RegisterError) as refused:
                forecast.edit_snapshot_note(con, first, by, note)
            assert refused.value.code == code
        with pytest.raises(forecast.RegisterError) as refused:
            forecast.edit_snapshot_note(con, 999, "计划组 王芳", "x")
        assert refused.value.code == "unknown"
        when = dt.datetime(2026, 11, 6, 11, 0)
        forecast.edit_snapshot_note(con, first, " 计划组 王芳 ", " 2026 年度预算（终版） ", edited_at=when)
        assert (
            forecast.list_snapshots(con).set_index("snapshot_id").loc[first, "note"]
            == "2026 年度预算（终版）"
        )
        assert forecast.note_edits(con).to_dict("records") == [
            {
                "snapshot_id": first,
                "old_note": "2026 年度预算预测",
                "new_note": "2026 年度预算（终版）",
                "edited_by": "计划组 王芳",
                "edited_at": pd.Timestamp(when),
            }
        ]
        assert store.forecasts_version(con) != token  # the page's cached register is read again
        pd.testing.assert_frame_equal(forecast.snapshot_values(con, first), values_before)
    finally:
        con.close()


def test_forecast_cli_writes_excel_friendly_csv(demo_db, tmp_path, capsys):
    out = tmp_path / "forecast.csv"
    assert cli.main(["forecast", "--db", str(demo_db), "--horizon", "30", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert list(frame.columns) == ["date", "channel", "forecast", "lo80", "hi80", "lo95", "hi95"]
    assert (frame["channel"] == "total").sum() == 30
    assert "written to" in capsys.readouterr().out


def test_backtest_cli_prints_the_mean_mase_line(tmp_path, capsys):
    series = _synthetic("2023-01-01", "2024-12-31")
    path = tmp_path / "daily.csv"
    pd.DataFrame({"day": series.index.strftime("%Y%m%d"), "calls": series.round().to_numpy()}).to_csv(
        path, sep=";", index=False
    )
    argv = ["backtest", str(path), "--date-col", "day", "--value-col", "calls", "--sep", ";"]
    assert cli.main([*argv, "--horizon", "28", "--origins", "3", "--step", "28"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    match = re.fullmatch(r"mean MASE: model=(\d+\.\d+) seasonal_naive=(\d+\.\d+) \(h=28, 3 origins\)", last)
    assert match and float(match.group(1)) < float(match.group(2))


def test_read_daily_csv_reads_gbk_chinese_dates_and_thousands_separators(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes('日期,量\n1999年1月1日,"6,000"\n1999年1月2日,"７,０００"\n1999/1/3,\n'.encode("gbk"))
    series = forecast.read_daily_csv(path, "日期", "量")
    assert series.iloc[:2].tolist() == [6000.0, 7000.0] and np.isnan(series.iloc[2])  # empty: a missing day
    (tmp_path / "bad.csv").write_text("d,v\n2024-01-01,5\n2024-01-02,abc\n")
    with pytest.raises(ValueError, match=r"cannot read number 'abc' in column 'v' \(row 3\)"):
        forecast.read_daily_csv(tmp_path / "bad.csv", "d", "v")


def test_read_daily_csv_accepts_iso_and_compact_dates(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("日期,量\n2024-01-01,5\n20240102,6\n2024/1/3,7\n", encoding="utf-8-sig")
    series = forecast.read_daily_csv(path, "日期", "量")
    assert list(series.index) == list(pd.date_range("2024-01-01", periods=3))
    assert dt.date(2024, 1, 3) == series.index[-1].date()
