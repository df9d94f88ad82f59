"""The forecast page through AppTest: both languages, components, accuracy, events, export, snapshots."""

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analytics import events as events_table
from analytics import forecast as fc
from analytics import holiday_schedule, store, whatif
from analytics.forecast.engine import BACKTEST_ORIGINS, BACKTEST_STEP
from analytics.forecast_warning import ForecastWarning, warnings_from_json
from tests.pages import chinese_in_english_mode, said, set_language, start_app
from ui import data
from ui import forecast as fview
from ui import holiday_schedule as schedule_view
from ui.forecast_warnings import warning_texts
from ui.i18n import CATALOGS, speaking, text_in

PAGE = "pages/forecast.py"
NOTICES = Path(__file__).parent / "fixtures" / "notices"


def _open(app_env, path, clear):
    app_env(path, clear=clear)
    at = start_app(timeout=240)
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


@pytest.fixture()
def forecast_page(app_env, demo_db):
    """The page on the shared demo database: the forecast is fitted once for all read-only tests."""
    return _open(app_env, demo_db, clear=False)


@pytest.fixture()
def writable_forecast_page(app_env, demo_copy):
    """The page on a private copy, for tests that add events or publish snapshots."""
    return _open(app_env, demo_copy, clear=True)


def _metric(at, key, lang="zh"):
    return next(m for m in at.metric if m.label == CATALOGS[lang][key])


def test_total_forecast_peaks_on_double_11_in_both_languages(forecast_page):
    peak = _metric(forecast_page, "forecast.kpi.peak_day")
    assert peak.delta == "2027-11-11"
    assert any("2027" in w.value and "调休" in w.value for w in forecast_page.warning)
    at = set_language(forecast_page, "en")
    assert not at.exception
    assert _metric(at, "forecast.kpi.peak_day", "en").delta == "2027-11-11"
    assert chinese_in_english_mode(at) == []


def test_the_fan_chart_shades_each_event_phase_and_labels_the_peaks(forecast_page):
    """Behind the forecast, every event phase and Spring Festival is shaded the full height of the plot (its last
    day included), the peaks darker; each peak is labelled at its first day's top left, a label close to the one
    before it a line lower."""
    chart = next(c for c in forecast_page.get("plotly_chart") if "forecast_fan" in c.proto.id)
    layout = json.loads(chart.proto.spec)["layout"]
    shapes, labels = layout["shapes"], layout["annotations"]
    assert len(shapes) > 20 and {(s["yref"], s["y0"], s["y1"], s["layer"]) for s in shapes} == {
        ("y domain", 0, 1, "below")
    }
    assert all(pd.Timestamp(s["x1"]) > pd.Timestamp(s["x0"]) for s in shapes)
    peaks = [s for s in shapes if s["opacity"] == 0.3]
    assert len(labels) == len(peaks) and {s["opacity"] for s in shapes} == {0.3, 0.12}
    assert [label["x"] for label in labels] == [s["x0"] for s in peaks]
    zh = CATALOGS["zh"]
    texts = {label["text"] for label in labels}
    assert {zh["event.double11"], zh["event.618"], zh["event.spring_festival"]} <= texts
    assert {(a["xanchor"], a["yanchor"], a["y"]) for a in labels} == {("left", "top", 1)}
    assert {a["yshift"] for a in labels} <= {0, -16}


def test_components_explain_why_november_is_high(forecast_page):
    at = forecast_page.segmented_control(key="_forecast_channel_widget_zh").set_value("online").run()
    assert not at.exception
    table = at.dataframe[0].value
    double11 = table.loc[CATALOGS["zh"]["component.event"].format(name="双11"), "2026-11"]
    assert double11 > 10
    assert table.loc[CATALOGS["zh"]["component.spring_festival"], "2027-02"] < 0
    accuracy = at.dataframe[1].value
    chosen = accuracy[accuracy[CATALOGS["zh"]["forecast.accuracy.chosen"]] == "✓"]
    naive = accuracy[
        accuracy[CATALOGS["zh"]["forecast.accuracy.model"]] == CATALOGS["zh"]["model.seasonal_naive"]
    ]
    assert chosen["MASE"].item() < naive["MASE"].item()
    # the caption names the backtest the choice really ran (it once said "an origin every 28 days")
    assert any(f"{BACKTEST_ORIGINS} 个起点，间隔 {BACKTEST_STEP} 天" in c.value for c in at.caption)


def test_the_total_explains_its_november_too(forecast_page):
    """The page opens on the total, which once showed no components at all ("pick a channel")."""
    assert "forecast_components" in [c.key for c in forecast_page.get("plotly_chart")]
    table = forecast_page.dataframe[0].value
    double11 = CATALOGS["zh"]["component.event"].format(name="双11")
    assert table.loc[CATALOGS["zh"]["component.spring_festival"], "2027-02"] < 0
    # the total's effect is the channels' weighed by their forecast: between the smallest and the largest
    by_channel = []
    for channel in ("phone", "online", "wechat", "email", "ticket"):
        at = forecast_page.segmented_control(key="_forecast_channel_widget_zh").set_value(channel).run()
        by_channel.append(at.dataframe[0].value.loc[double11, "2026-11"])
    assert min(by_channel) < table.loc[double11, "2026-11"] < max(by_channel)
    assert table.loc[double11, "2026-11"] > 10


def test_channels_add_up_and_export_reconciles(forecast_page):
    assert CATALOGS["zh"]["forecast.export.caption"] in [c.value for c in forecast_page.caption]
    version = data.data_version()
    horizon = fview.budget_year_horizon(dt.date(2026, 10, 31))
    daily = fview.rounded_daily(fview.channel_forecast(version, horizon).daily)
    wide = daily.pivot(index="date", columns="channel", values="forecast")
    channels = wide.drop(columns=fc.TOTAL).sum(axis=1)
    assert (channels - wide[fc.TOTAL]).abs().max() < 1e-6
    monthly = pd.read_csv(
        io.BytesIO(fview.export_file(version, horizon, "zh", "monthly", "csv")), encoding="utf-8-sig"
    )
    daily_csv = pd.read_csv(
        io.BytesIO(fview.export_file(version, horizon, "zh", "daily", "csv")), encoding="utf-8-sig"
    )
    assert list(daily_csv.columns[:3]) == ["日期", "渠道", "预测服务量"]
    assert set(daily_csv["渠道"]) == {"电话", "在线", "微信", "邮件", "工单", "合计"}
    daily_csv["月份"] = daily_csv["日期"].str[:7]
    summed = daily_csv.groupby(["月份", "渠道"])["预测服务量"].sum().round(2)
    exported = monthly.set_index(["月份", "渠道"])["预测服务量"]
    pd.testing.assert_series_equal(summed.sort_index(), exported.sort_index(), check_names=False)
    english = pd.read_csv(
        io.BytesIO(fview.export_file(version, horizon, "en", "monthly", "csv")), encoding="utf-8-sig"
    )
    assert list(english.columns) == [
        "Month",
        "Channel",
        "Forecast contacts",
        "80% low",
        "80% high",
        "95% low",
        "95% high",
        "Forecast days",
    ]  # labels a reader understands, not the engine's column codes (lo80 …)
    assert list(english["Channel"][:6]) == [
        "Phone",
        "Online chat",
        "WeChat",
        "Email",
        "Web/app ticket",
        "Total",
    ]


def test_adding_an_event_changes_the_forecast(writable_forecast_page, demo_copy):
    horizon = fview.budget_year_horizon(dt.date(2026, 10, 31))
    before = fview.channel_forecast(data.data_version(), horizon).daily
    at = writable_forecast_page
    at.text_input(key="_event_name").input("年货节")
    at.date_input(key="_event_start").set_value(dt.date(2026, 12, 1))
    at.date_input(key="_event_end").set_value(dt.date(2026, 12, 3))
    at = next(b for b in at.button if b.label == CATALOGS["zh"]["forecast.events.add"]).click().run()
    assert not at.exception
    con = store.connect(demo_copy)
    added = events_table.list_events(con)
    assert "年货节" in set(added["name"].dropna())
    after = fview.channel_forecast(data.data_version(), horizon).daily
    window = pd.to_datetime(before["date"]).between("2026-12-01", "2026-12-03") & (
        before["channel"] == "total"
    )
    assert not before.loc[window, "forecast"].equals(after.loc[window.to_numpy(), "forecast"])
    assert any("年货节" in w.value for w in at.warning)  # never seen in history: its effect is a guess
    con.close()


def test_the_event_list_follows_the_horizon(forecast_page):
    zh = CATALOGS["zh"]
    at = forecast_page.selectbox(key="_forecast_horizon_widget_zh").set_value("90").run()
    assert not at.exception
    listed = next(d.value for d in at.dataframe if zh["forecast.events.default"] in d.value.columns)
    starts = pd.to_datetime(listed[zh["forecast.events.start"]])
    assert len(listed) and starts.max() <= pd.Timestamp("2026-10-31") + pd.Timedelta(days=90)
    assert "双12" in set(listed[zh["forecast.events.name"]]) and "618" not in set(
        listed[zh["forecast.events.name"]]
    )
    deletable = at.selectbox(key="_event_delete_pick_zh").options  # beyond the horizon: still deletable
    assert any("618" in option for option in deletable)


def test_a_bad_event_is_refused_with_a_message(forecast_page):
    at = forecast_page
    at.text_input(key="_event_name").input("倒挂")
    at.date_input(key="_event_start").set_value(dt.date(2027, 1, 10))
    at.date_input(key="_event_end").set_value(dt.date(2027, 1, 5))
    at = next(b for b in at.button if b.label == CATALOGS["zh"]["forecast.events.add"]).click().run()
    assert any(e.value == CATALOGS["zh"]["event_end_before_start"] for e in at.error)


def test_a_refused_event_keeps_what_was_typed_and_goes_in_once_the_end_is_fixed(
    writable_forecast_page, demo_copy
):
    """The form once cleared itself on every submit: the error said the end was before the start next to
    the default dates, the name was gone, and fixing the end date alone sent an empty name."""
    zh = CATALOGS["zh"]
    at = writable_forecast_page
    at.text_input(key="_event_name").input("年货节")
    at.date_input(key="_event_start").set_value(dt.date(2027, 1, 10))
    at.date_input(key="_event_end").set_value(dt.date(2027, 1, 5))
    at = next(b for b in at.button if b.label == zh["forecast.events.add"]).click().run()
    assert [e.value for e in at.error] == [zh["event_end_before_start"]]
    assert at.text_input(key="_event_name").value == "年货节"
    assert at.date_input(key="_event_start").value == dt.date(2027, 1, 10)

    at.date_input(key="_event_end").set_value(dt.date(2027, 1, 12))
    at = next(b for b in at.button if b.label == zh["forecast.events.add"]).click().run()
    assert not at.exception and not at.error
    con = store.connect(demo_copy)
    added = events_table.list_events(con)
    con.close()
    row = added[added["name"] == "年货节"]
    assert row[["start_date", "end_date"]].astype(str).values.tolist() == [["2027-01-10", "2027-01-12"]]
    assert at.text_input(key="_event_name").value == ""  # added: the form is empty for the next one


def _publish(at, by: str = "计划组 王芳", note: str = ""):
    """Fill in the publish form and press Publish."""
    at.text_input(key="_publish_by").input(by)
    at.text_input(key="_publish_note").input(note)
    return next(b for b in at.button if b.key == "_publish_snapshot").click().run()


def test_published_forecasts_are_compared_with_actuals(writable_forecast_page, demo_copy):
    at = _publish(writable_forecast_page, by="  ")
    assert [w.value for w in at.warning][-1] == CATALOGS["zh"]["forecast.snapshots.name_needed"]
    assert not at.success
    at = _publish(at, note="2027 年度预算用")
    assert any(s.value.startswith("已发布为快照") for s in at.success)
    # the budget year's forecast covers the plans: nothing to say about them
    assert not any("不会以它为基准" in i.value for i in at.info)
    assert any("尚无可对比的实际数据" in i.value for i in at.info)
    register = next(d.value for d in at.dataframe if "发布人" in d.value.columns)
    assert register[["快照", "数据截至", "预测至", "发布人", "备注"]].astype(str).values.tolist() == [
        ["3", "2026-10-31", "2027-12-31", "计划组 王芳", "2027 年度预算用"],
        ["2", "2026-06-30", "2026-12-31", "计划组", "2026 年中滚动预测"],
        ["1", "2025-12-31", "2026-12-31", "计划组", "2026 年度预算预测"],
    ]
    # the demo's team published each a few days after its data closed
    assert register["发布时间"].tolist()[1:] == ["2026-07-05 10:00", "2026-01-05 10:00"]
    con = store.connect(demo_copy)
    stored = con.execute(
        "SELECT warnings FROM forecast_snapshots ORDER BY snapshot_id DESC LIMIT 1"
    ).fetchone()[0]
    con.close()
    # the fit's warnings go with it (the demo's outage days set aside), for the plans drafted on it
    assert "outliers_flagged" in {warning.code for _channel, warning in warnings_from_json(stored)}
    # A forecast published on 2026-08-31 that ran 10% high: the page shows its accuracy and bias.
    con = store.connect(demo_copy)
    actual = fc.load_daily_history(con)
    later = (
        actual[pd.to_datetime(actual["date"]) > "2026-08-31"]
        .groupby("date", as_index=False)["contacts"]
        .sum()
    )
    frame = later.assign(channel="total", forecast=later["contacts"] * 1.1)
    for band in ("lo80", "hi80", "lo95", "hi95"):
        frame[band] = frame["forecast"]
    short = ForecastWarning("short_history", {"days": 245, "yearly_seasonality": False})
    snapshot_id = fc.publish_snapshot(
        con, frame, dt.date(2026, 8, 31), {"total": "test"}, warnings=[("phone", short)]
    )
    con.close()
    fview.snapshots.clear()
    fview.snapshot_accuracy.clear()
    at = at.run()
    table = at.dataframe[-1].value
    ours = table[table[CATALOGS["zh"]["forecast.snapshots.id"]] == snapshot_id]
    assert set(ours[CATALOGS["zh"]["forecast.snapshots.bucket"]]) == {"1-7", "8-28", "29-91"}
    assert ours[CATALOGS["zh"]["forecast.accuracy.bias"]].to_numpy() == pytest.approx(0.1)
    # the demo's own published forecasts (the 2026 budget forecast and the mid-year one) are there too
    assert {1, 2} <= set(table[CATALOGS["zh"]["forecast.snapshots.id"]])
    assert any(
        i.value.startswith(f"快照 #{snapshot_id - 1} 尚无") for i in at.info
    )  # the one published above
    # what its fit warned of is read beside its accuracy (the demo's own fits warned of nothing that bears on it)
    for lang in ("zh", "en"):
        at = set_language(at, lang)
        warned = [c.value for c in at.caption if "#" in c.value and "245" in c.value]
        expected = text_in(
            lang, "forecast.warning.short_history", channel=CATALOGS[lang]["channel.phone"], days=245
        )
        assert warned == [f"{text_in(lang, 'forecast.snapshots.warned', id=snapshot_id)}\n\n- {expected}"]


def _picker(act: str, lang: str = "zh") -> str:
    """A register form's picker as drawn in `lang`."""
    return f"{fview.form_key(act, 'pick')}_{lang}"


def _sign(at, act: str, snapshot_id: int | None, by: str, reason: str):
    """Fill in the withdraw (or reinstate) form and press its button."""
    at.selectbox(key=_picker(act)).set_value(snapshot_id)
    at.text_input(key=fview.form_key(act, "by")).input(by)
    at.text_input(key=fview.form_key(act, "reason")).input(reason)
    return next(b for b in at.button if b.key == f"_{act}_snapshot").click().run()


def _withdraw(at, snapshot_id: int | None, by: str, reason: str):
    return _sign(at, "withdraw", snapshot_id, by, reason)


def _signed_after_refusals(at, act: str, refusals: tuple, snapshot_id: int, by: str, text: str):
    """Fill in a register form with each refused case ((picked, by, text, code): the form says why), then with
    the accepted one: it goes through without an error and says so."""
    for picked, wrong_by, wrong_text, code in refusals:
        at = _sign(at, act, picked, wrong_by, wrong_text)
        assert [e.value for e in at.error] == [CATALOGS["zh"][f"forecast.{act}.refused.{code}"]]
    at = _sign(at, act, snapshot_id, by, text)
    assert not at.exception and not at.error
    assert text_in("zh", f"forecast.{act}.done", id=snapshot_id) in [s.value for s in at.success]
    return at


def test_a_forecast_picked_in_chinese_stays_picked_in_english(writable_forecast_page):
    """The register forms' pickers take a key per language (one key kept the Chinese label on screen after the
    switch); the forecast picked stays picked, labelled in English, and is the one withdrawn."""
    at = _publish(writable_forecast_page)
    at.selectbox(key=_picker("withdraw")).set_value(3).run()
    at = set_language(at, "en")
    picker = at.selectbox(key=_picker("withdraw", "en"))
    assert picker.value == 3 and picker.format_func(picker.value) == "#3 data to 2026-10-31"
    at.text_input(key=fview.form_key("withdraw", "by")).input("Planning, Wang Fang")
    at.text_input(key=fview.form_key("withdraw", "reason")).input("October volume imported twice")
    at = next(b for b in at.button if b.key == "_withdraw_snapshot").click().run()
    assert not at.exception and not at.error
    assert text_in("en", "forecast.withdraw.done", id=3) in [s.value for s in at.success]
    assert at.selectbox(key=_picker("withdraw", "en")).value is None  # the picker starts again, none picked


def test_a_wrong_forecast_is_withdrawn_with_a_name_and_a_reason(writable_forecast_page, demo_copy):
    """Published by mistake, #3 is withdrawn: a name and a reason are asked for, the register keeps it with who
    withdrew it and why (in both languages), the picker and the plans no longer offer it."""
    at = _publish(writable_forecast_page)
    assert at.selectbox(key=_picker("withdraw")).options == [
        "#3 数据截至 2026-10-31",
        "#2 数据截至 2026-06-30",
        "#1 数据截至 2025-12-31",
    ]
    assert at.selectbox(key=_picker("withdraw")).value is None  # nothing picked beforehand
    for picked, by, reason, refused in (
        (None, "计划组 王芳", "10 月话务量重复导入", "pick"),
        (3, " ", "10 月话务量重复导入", "name"),
        (3, "计划组 王芳", "", "reason"),
    ):
        at = _withdraw(at, picked, by, reason)
        assert [e.value for e in at.error] == [CATALOGS["zh"][f"forecast.withdraw.refused.{refused}"]]
    at = _withdraw(at, 3, "计划组 王芳", "10 月话务量重复导入")
    assert not at.exception and not at.error
    assert text_in("zh", "forecast.withdraw.done", id=3) in [s.value for s in at.success]
    today = f"{store._now():%Y-%m-%d}"
    register = next(d.value for d in at.dataframe if "发布人" in d.value.columns)
    assert register[["快照", "状态"]].values.tolist() == [[3, "已撤回"], [2, "有效"], [1, "有效"]]
    # who withdrew it and why, in a line under the register that wraps on a shared screen
    said = [c.value for c in at.caption if c.value.startswith(f"快照 #3 已于 {today} ")]
    assert len(said) == 1 and said[0].endswith("由 计划组 王芳 撤回，原因：10 月话务量重复导入")
    assert at.selectbox(key=_picker("withdraw")).options == [
        "#2 数据截至 2026-06-30",
        "#1 数据截至 2025-12-31",
    ]
    assert not any("尚无可对比的实际数据" in i.value for i in at.info)  # a withdrawn forecast is not awaited
    at = set_language(at, "en")
    register = next(d.value for d in at.dataframe if "Published by" in d.value.columns)
    assert register["Status"].tolist() == ["Withdrawn", "In force", "In force"]
    assert any(c.value.endswith("by 计划组 王芳: 10 月话务量重复导入") for c in at.caption)
    con = store.connect(demo_copy)
    try:
        assert whatif.published_baseline(con, dt.date(2026, 10, 31)) is None  # the plans fit their own
    finally:
        con.close()


def test_a_withdrawn_forecast_keeps_its_accuracy_marked_and_leaves_the_weekly_chart(writable_forecast_page):
    """The mid-year forecast (#2, data to 2026-06-30) withdrawn after four months of actuals: its rows stay in the
    accuracy table, marked withdrawn, with the same errors; the weekly chart shows #1 alone; a line says why."""
    zh, en = CATALOGS["zh"], CATALOGS["en"]
    at = writable_forecast_page
    before = next(d.value for d in at.dataframe if zh["forecast.snapshots.bucket"] in d.value.columns)
    assert set(before[zh["forecast.snapshots.status"]]) == {zh["forecast.snapshots.in_force"]}
    assert zh["forecast.snapshots.withdrawn_kept"] not in [c.value for c in at.caption]
    at = _withdraw(at, 2, "计划组 王芳", "6 月话务量重复导入")
    try:
        assert not at.exception and not at.error
        table = next(d.value for d in at.dataframe if zh["forecast.snapshots.bucket"] in d.value.columns)
        status = dict(
            zip(table[zh["forecast.snapshots.id"]], table[zh["forecast.snapshots.status"]], strict=False)
        )
        assert status == {1: zh["forecast.snapshots.in_force"], 2: zh["forecast.snapshots.withdrawn_status"]}
        kept = [zh["forecast.snapshots.id"], zh["forecast.snapshots.bucket"], "MASE", "WAPE"]
        pd.testing.assert_frame_equal(table[kept].reset_index(drop=True), before[kept].reset_index(drop=True))
        assert zh["forecast.snapshots.withdrawn_kept"] in [c.value for c in at.caption]
        chart = next(c for c in at.get("plotly_chart") if "forecast_vs_actual" in c.proto.id)
        assert [trace["name"] for trace in json.loads(chart.proto.spec)["data"]] == [
            "实际",
            "#1 数据截至 2025-12-31",
        ]
        at = set_language(at, "en")
        table = next(d.value for d in at.dataframe if en["forecast.snapshots.bucket"] in d.value.columns)
        assert set(table.loc[table[en["forecast.snapshots.id"]] == 2, en["forecast.snapshots.status"]]) == {
            en["forecast.snapshots.withdrawn_status"]
        }
        assert en["forecast.snapshots.withdrawn_kept"] in [c.value for c in at.caption]
    finally:  # the read-only tests share the cache key (data_version) and see #2 in force
        fview.forget_snapshots()


def test_a_published_forecasts_note_is_corrected_with_a_name(writable_forecast_page):
    """The budget forecast's note corrected on the page: any published forecast can be picked, a name and a new
    note are asked for, the same note is refused; the register shows the new note and a line keeps the old one."""
    at = writable_forecast_page
    try:
        assert at.selectbox(key=_picker("note")).options == [
            "#2 数据截至 2026-06-30",
            "#1 数据截至 2025-12-31",
        ]
        refusals = (
            (None, "计划组 王芳", "2026 年度预算（终版）", "pick"),
            (1, "", "2026 年度预算（终版）", "name"),
            (1, "计划组 王芳", "", "reason"),
            (1, "计划组 王芳", "2026 年度预算预测", "same"),
        )
        at = _signed_after_refusals(at, "note", refusals, 1, "计划组 王芳", "2026 年度预算（终版）")
        register = next(d.value for d in at.dataframe if "发布人" in d.value.columns)
        assert register.set_index("快照").loc[1, "备注"] == "2026 年度预算（终版）"
        lines = [c.value for c in at.caption if c.value.startswith("快照 #1 的备注于 ")]
        assert len(lines) == 1 and lines[0].endswith(" 由 计划组 王芳 修改，原为：2026 年度预算预测")
        at = set_language(at, "en")
        lines = [c.value for c in at.caption if c.value.startswith("Snapshot #1's note was changed on ")]
        assert len(lines) == 1 and lines[0].endswith(" by 计划组 王芳; it read: 2026 年度预算预测")
    finally:
        fview.forget_snapshots()


def test_withdrawing_names_the_budget_versions_drafted_on_the_forecast():
    """The success message lists the versions to look at again, with their status, in the page's language."""
    drafted_on = [(2027, 1, "approved"), (2027, 2, "draft")]
    assert fview.done_text("withdraw", 3, []) == "已撤回预测 #3。"
    assert fview.done_text("withdraw", 3, drafted_on) == (
        "已撤回预测 #3。按它编制的预算版本：2027 年第 1 版（已批准）、2027 年第 2 版（草稿）；"
        "这些版本在「预算管理」中会提示重新编制。"
    )
    assert fview.done_text("reinstate", 3, drafted_on[1:]) == (
        "已恢复预测 #3，它重新有效。按它编制的预算版本：2027 年第 2 版（草稿）；这些版本不再提示重新编制。"
    )


def test_a_forecast_withdrawn_by_mistake_is_reinstated_with_a_name_and_a_reason(writable_forecast_page):
    """#2 withdrawn, then reinstated: the reinstate form offers the withdrawn ones only and asks for a name and a
    reason; #2 is in force again (register, accuracy, weekly chart, the withdraw picker), and a line under the
    register keeps the withdrawal undone beside who reinstated it and why, in both languages."""
    zh = CATALOGS["zh"]
    at = writable_forecast_page
    assert not any(e.label == zh["forecast.reinstate.title"] for e in at.expander)  # nothing withdrawn yet
    at = _withdraw(at, 2, "计划组 王芳", "以为 6 月重复导入")
    try:
        assert any(e.label == zh["forecast.reinstate.title"] for e in at.expander)
        assert at.selectbox(key=_picker("reinstate")).options == ["#2 数据截至 2026-06-30"]
        refusals = (
            (None, "计划组 王芳", "6 月数据核对无误", "pick"),
            (2, " ", "6 月数据核对无误", "name"),
            (2, "计划组 王芳", " ", "reason"),
        )
        at = _signed_after_refusals(at, "reinstate", refusals, 2, "计划组 李明", "6 月数据核对无误")
        register = next(d.value for d in at.dataframe if "发布人" in d.value.columns)
        assert register[["快照", "状态"]].values.tolist() == [[2, "有效"], [1, "有效"]]
        lines = [c.value for c in at.caption if c.value.startswith("快照 #2 ")]
        assert len(lines) == 1 and " 由 计划组 王芳 撤回（以为 6 月重复导入），" in lines[0]
        assert lines[0].endswith(" 由 计划组 李明 恢复，原因：6 月数据核对无误")
        assert zh["forecast.snapshots.withdrawn_kept"] not in [c.value for c in at.caption]
        assert not any(
            e.label == zh["forecast.reinstate.title"] for e in at.expander
        )  # none left to reinstate
        assert at.selectbox(key=_picker("withdraw")).options == [
            "#2 数据截至 2026-06-30",
            "#1 数据截至 2025-12-31",
        ]
        chart = next(c for c in at.get("plotly_chart") if "forecast_vs_actual" in c.proto.id)
        assert [trace["name"] for trace in json.loads(chart.proto.spec)["data"]] == [
            "实际",
            "#1 数据截至 2025-12-31",
            "#2 数据截至 2026-06-30",
        ]
        at = set_language(at, "en")
        lines = [c.value for c in at.caption if c.value.startswith("Snapshot #2 ")]
        assert len(lines) == 1 and "by 计划组 王芳 (以为 6 月重复导入) and reinstated on " in lines[0]
        assert lines[0].endswith(" by 计划组 李明: 6 月数据核对无误")
    finally:  # the read-only tests share the cache key (data_version) and see #2 in force
        fview.forget_snapshots()


def test_the_demo_track_record_is_charted_week_by_week_in_both_languages(forecast_page):
    """The demo's two published forecasts (to 2025-12-31 and to 2026-06-30) beside the actual weeks."""
    chart = next(c for c in forecast_page.get("plotly_chart") if "forecast_vs_actual" in c.proto.id)
    names = [trace["name"] for trace in json.loads(chart.proto.spec)["data"]]
    assert names == ["实际", "#1 数据截至 2025-12-31", "#2 数据截至 2026-06-30"]
    at = set_language(forecast_page, "en")
    chart = next(c for c in at.get("plotly_chart") if "forecast_vs_actual" in c.proto.id)
    names = [trace["name"] for trace in json.loads(chart.proto.spec)["data"]]
    assert names == ["Actual", "#1 data to 2025-12-31", "#2 data to 2026-06-30"]
    # weeks ticked a fortnight apart read as days, not as the same month twice
    axis = json.loads(chart.proto.spec)["layout"]["xaxis"]
    assert "tickformat" not in axis
    assert [(stop["dtickrange"], stop["value"]) for stop in axis["tickformatstops"]] == [
        ([None, "M1"], "%Y-%m-%d"),
        (["M1", None], "%Y-%m"),
    ]


def test_a_published_forecast_downloads_as_frozen_by_day_and_by_month(writable_forecast_page):
    """Under the register, any published forecast (withdrawn ones too) downloads as it was published, not as
    today's fit: the daily file holds its stored figures to the cent, the channels add up to the total, and the
    monthly file sums the daily one; headers and channels in the page's language."""
    zh = CATALOGS["zh"]
    at = _withdraw(writable_forecast_page, 1, "计划组 王芳", "改用年中预测")
    try:
        picker = at.selectbox(key="_snapshot_download_zh")
        assert picker.label == zh["forecast.snapshots.download_pick"]
        assert picker.options == ["#2 数据截至 2026-06-30", "#1 数据截至 2025-12-31"]  # #1 withdrawn too
        buttons = [b for b in at.get("download_button") if "snapshot_export" in b.proto.id]
        assert [b.proto.label for b in buttons] == [
            "逐日（CSV）",
            "逐日（Excel）",
            "月度（CSV）",
            "月度（Excel）",
        ]
        version = data.data_version()
        stored = fc.snapshot_values(data.cursor(), 1)
        daily = pd.read_csv(
            io.BytesIO(fview.snapshot_export(version, 1, "zh", "daily", "csv")), encoding="utf-8-sig"
        )
        assert len(daily) == len(stored) and daily["日期"].iloc[0] == "2026-01-01"
        phone = stored[stored["channel"] == "phone"]["forecast"].round(2).to_numpy()
        assert (daily.loc[daily["渠道"] == "电话", "预测服务量"].to_numpy() == phone).all()
        wide = daily.pivot(index="日期", columns="渠道", values="预测服务量")
        assert (wide.drop(columns="合计").sum(axis=1) - wide["合计"]).abs().max() < 1e-6
        monthly = pd.read_csv(
            io.BytesIO(fview.snapshot_export(version, 1, "zh", "monthly", "csv")), encoding="utf-8-sig"
        )
        daily["月份"] = daily["日期"].str[:7]
        summed = daily.groupby(["月份", "渠道"])["预测服务量"].sum().round(2)
        exported = monthly.set_index(["月份", "渠道"])["预测服务量"]
        pd.testing.assert_series_equal(summed.sort_index(), exported.sort_index(), check_names=False)
        assert monthly["预测天数"].sum() == len(daily)
        # the Excel files hold the same rows: the days as date cells, the months as text, and no totals row
        # (the 合计 channel is a row already)
        for period, csv_rows in (("daily", daily.drop(columns="月份")), ("monthly", monthly)):
            sheet = openpyxl.load_workbook(
                io.BytesIO(fview.snapshot_export(version, 1, "zh", period, "xlsx"))
            ).active
            assert sheet.title == zh["forecast.title"]
            rows = list(sheet.iter_rows(values_only=True))
            assert list(rows[0]) == list(csv_rows.columns) and len(rows) == 1 + len(csv_rows)
            assert [row[2] for row in rows[1:]] == pytest.approx(csv_rows["预测服务量"].tolist())
        assert rows[1][0] == "2026-01"
        assert sheet_first_day(fview.snapshot_export(version, 1, "zh", "daily", "xlsx")) == dt.datetime(
            2026, 1, 1
        )
        english = pd.read_csv(
            io.BytesIO(fview.snapshot_export(version, 2, "en", "monthly", "csv")), encoding="utf-8-sig"
        )
        assert english["Month"].iloc[0] == "2026-07" and english["Channel"].iloc[-1] == "Total"
        at = set_language(at, "en")
        assert at.selectbox(key="_snapshot_download_en").options[1] == "#1 data to 2025-12-31"
    finally:
        fview.forget_snapshots()


def sheet_first_day(xlsx: bytes) -> object:
    """The first data row's date cell of an exported XLSX."""
    return openpyxl.load_workbook(io.BytesIO(xlsx)).active["A2"].value


def test_close_event_labels_take_two_lines_on_the_chart():
    """A user's event three weeks after 双11 would print over its label: it moves to the second line."""
    rows = [
        ("double11", None, "peak", dt.date(2026, 11, 11), dt.date(2026, 11, 11)),
        ("double11", None, "presale", dt.date(2026, 10, 20), dt.date(2026, 11, 10)),
        ("custom_1", "年货节", "peak", dt.date(2026, 11, 30), dt.date(2026, 12, 2)),
        ("618", None, "peak", dt.date(2027, 6, 1), dt.date(2027, 6, 18)),
    ]
    events = pd.DataFrame(rows, columns=["event_key", "name", "phase", "start_date", "end_date"])
    names = {"double11": "双11", "618": "618", "spring_festival": "春节"}
    shading = fview.event_shading(events, pd.Timestamp("2025-10-01"), pd.Timestamp("2027-12-31"), names)
    line = shading.set_index("label").loc[shading["strong"].to_numpy(), "line"]
    assert line["双11"] == 0 and line["618"] == 0
    assert line["年货节"] == 1
    assert (shading.loc[~shading["strong"], "line"] == 0).all()
    assert set(line[line.index == "春节"]) == {0}


def test_only_channels_with_history_are_offered_and_a_3_day_channel_forecasts(app_env, demo_copy):
    con = store.connect(demo_copy)
    for table in ("daily_volume", "tickets"):  # tickets would give a channel without daily volume its history
        con.execute(f"DELETE FROM {table} WHERE channel NOT IN ('phone', 'wechat')")
    con.execute("DELETE FROM daily_volume WHERE channel = 'wechat' AND date < DATE '2026-10-29'")
    con.close()
    at = _open(app_env, demo_copy, clear=True)
    picker = at.segmented_control(key="_forecast_channel_widget_zh")
    assert list(picker.options) == [
        CATALOGS["zh"]["channel.total"],
        CATALOGS["zh"]["channel.phone"],
        CATALOGS["zh"]["channel.wechat"],
    ]
    at = picker.set_value("wechat").run()
    assert not at.exception, at.exception
    assert _metric(at, "forecast.kpi.next_30").value  # three days of history still give a forecast
    assert any(CATALOGS["zh"]["forecast.warning.short_history"].split("{")[0] in w.value for w in at.warning)


def test_a_channel_known_only_from_tickets_is_forecast_and_says_so(app_env, demo_copy):
    con = store.connect(demo_copy)
    con.execute("DELETE FROM daily_volume WHERE channel = 'email'")  # the demo's email tickets remain
    tickets = con.execute("SELECT count(*) FROM tickets WHERE channel = 'email'").fetchone()[0]
    con.close()
    at = _open(app_env, demo_copy, clear=True)
    at = at.segmented_control(key="_forecast_channel_widget_zh").set_value("email").run()
    assert not at.exception, at.exception
    said = CATALOGS["zh"]["forecast.from_tickets"].format(channels=CATALOGS["zh"]["channel.email"], gap=14)
    assert said in [c.value for c in at.caption]
    history = fview.channel_forecast(data.data_version(), 90).by_channel["email"].history
    assert history["actual"].sum() == tickets
    at = set_language(at, "en")
    assert not at.exception
    said = CATALOGS["en"]["forecast.from_tickets"].format(channels=CATALOGS["en"]["channel.email"], gap=14)
    assert said in [c.value for c in at.caption]


def test_a_past_user_event_can_still_be_deleted(app_env, demo_copy):
    con = store.connect(demo_copy)
    events_table.add_event(con, "过去的活动", "peak", dt.date(2026, 3, 1), dt.date(2026, 3, 5))
    con.close()
    at = _open(app_env, demo_copy, clear=True)
    options = at.selectbox(key="_event_delete_pick_zh").options
    assert any("过去的活动" in option and "2026-03-01" in option for option in options)
    assert not any("2025-11-11" in option for option in options)  # past default promotions stay out of it


def test_a_warning_shared_by_channels_is_one_line_naming_them():
    """Three months of history gave 21 warnings, five of them the same words for five channels."""
    short = {"days": 90, "needed": 365}
    warnings = [
        *[(c, fc.ForecastWarning("no_yearly_wave", short)) for c in ("phone", "online", "wechat")],
        ("email", fc.ForecastWarning("no_yearly_wave", {"days": 30, "needed": 365})),
        *[
            (c, fc.ForecastWarning("event_without_history", {"event_key": "618"}))
            for c in ("phone", "online")
        ],
    ]
    zh = CATALOGS["zh"]
    assert warning_texts(warnings, {"618": "618"}.get) == [
        zh["forecast.warning.no_yearly_wave"].format(channel="电话、在线、微信", **short),
        zh["forecast.warning.no_yearly_wave"].format(channel="邮件", days=30, needed=365),
        zh["forecast.warning.event_without_history"].format(channel="电话、在线", event="618"),
    ]
    picked = warning_texts(warnings, {"618": "618"}.get, "email")  # one channel shown: its own warnings
    assert picked == [zh["forecast.warning.no_yearly_wave"].format(channel="邮件", days=30, needed=365)]


@pytest.mark.parametrize(("lang", "years"), [("zh", "2027、2028"), ("en", "2027, 2028")])
def test_a_warning_lists_years_and_days_with_the_languages_separator(lang, years):
    """「2027, 2028 年的官方放假安排尚未录入」: a list in a Chinese sentence takes 、, not an English comma."""
    warnings = [
        ("total", fc.ForecastWarning("provisional_calendar", {"years": [2027, 2028]})),
        (
            "phone",
            fc.ForecastWarning("outliers_flagged", {"count": 2, "dates": ["2026-03-08", "2026-03-31"]}),
        ),
    ]
    with speaking(lang):
        shown = warning_texts(warnings, str)
        channel = {c: CATALOGS[lang][f"channel.{c}"] for c in ("total", "phone")}
    dates = years.replace("2027", "2026-03-08").replace("2028", "2026-03-31")
    assert shown == [
        said(lang, "forecast.warning.provisional_calendar", years=years, channel=channel["total"]),
        said(lang, "forecast.warning.outliers_flagged", count=2, dates=dates, channel=channel["phone"]),
    ]


def test_the_budget_year_holiday_schedule_is_typed_in_and_the_forecast_follows_it(
    writable_forecast_page, demo_copy
):
    """Saving 2027's notice (here the statutory days it starts from) ends the provisional warning for the
    budget year and refits; deleting it brings the estimate back."""
    at = writable_forecast_page
    assert any(w.value.startswith("2027 年的官方放假安排尚未录入") for w in at.warning)
    assert at.selectbox(key="_schedule_year").options == ["2027", "2028"]
    assert any(i.value == said("zh", "forecast.schedule.status_estimate", year=2027) for i in at.info)
    at = (
        next(b for b in at.button if b.label == said("zh", "forecast.schedule.save", year=2027)).click().run()
    )
    assert not at.exception
    con = store.connect(demo_copy)
    assert len(holiday_schedule.list_schedule(con, 2027)) == 7
    con.close()
    assert [toast.value for toast in at.toast] == [said("zh", "forecast.schedule.saved", year=2027)]
    # the statutory days the grid starts from are the estimate's days off: no month moves
    assert said("zh", "forecast.schedule.effect.none", year=2027) in [c.value for c in at.caption]
    assert any(s.value == said("zh", "forecast.schedule.status_saved", year=2027, n=7) for s in at.success)
    assert not any("官方放假安排尚未录入" in w.value for w in at.warning)  # 2026 is built in, 2027 typed in

    at = set_language(at, "en")
    assert not at.exception
    assert any(s.value == said("en", "forecast.schedule.status_saved", year=2027, n=7) for s in at.success)
    assert chinese_in_english_mode(at) == []
    reset = said("en", "forecast.schedule.reset", year=2027)
    at = next(b for b in at.button if b.label == reset).click().run()
    assert not at.exception
    con = store.connect(demo_copy)
    assert holiday_schedule.list_schedule(con).empty
    con.close()
    assert any(w.value.startswith("The official holiday schedule for 2027 is not") for w in at.warning)


def test_a_refused_holiday_schedule_row_is_named_by_row_and_column_in_both_languages():
    problem = holiday_schedule.ScheduleProblem("schedule_end_before_start", 2, "last_day_off")
    assert schedule_view.problem_text(problem, "zh") == "第 2 行「放假末日」：放假末日早于放假首日。"
    assert (
        schedule_view.problem_text(problem, "en")
        == "Row 2, Last day off: the last day off is before the first."
    )
    whole_year = holiday_schedule.ScheduleProblem("schedule_year_built_in", params={"year": 2026})
    assert schedule_view.problem_text(whole_year, "zh") == "2026 年的安排已内置，无需录入。"


def test_a_pasted_notice_fills_the_schedule_grid_and_saves_after_review(writable_forecast_page, demo_copy):
    """Reading the notice's text fills the grid without saving; saving then stores what was read. A notice
    for another year is refused with the years named, and the grid stays as it was."""
    at = writable_forecast_page
    at.text_area(key="_schedule_notice_text").input((NOTICES / "2026.txt").read_text(encoding="utf-8"))
    at = at.button(key="_schedule_notice_read").click().run()
    assert not at.exception
    other_year = said("zh", "forecast.schedule.error.notice_other_year", notice_year=2026, year=2027)
    assert any(other_year in e.value for e in at.error)

    sample = (NOTICES / "2027-sample.txt").read_text(encoding="utf-8")
    at.text_area(key="_schedule_notice_text").input(sample + "端午节：另行通知。")
    at = at.button(key="_schedule_notice_read").click().run()
    assert not at.exception
    assert any(i.value == said("zh", "forecast.schedule.notice.filled", n=3) for i in at.info)
    unread = said("zh", "forecast.schedule.error.notice_unread", text="端午节：另行通知。")
    assert any(unread in w.value for w in at.warning)
    con = store.connect(demo_copy)
    assert holiday_schedule.list_schedule(con, 2027).empty  # read into the grid, not saved
    con.close()

    at = set_language(at, "en")
    assert any(i.value == said("en", "forecast.schedule.notice.filled", n=3) for i in at.info)
    at = at.button(key="_schedule_save").click().run()
    assert not at.exception
    con = store.connect(demo_copy)
    saved = holiday_schedule.list_schedule(con, 2027).set_index("holiday_key")
    con.close()
    assert list(saved.index) == ["new_year", "spring_festival", "national_day"]
    assert saved.loc["spring_festival", "last_day_off"] == dt.date(2027, 2, 12)
    assert saved.loc["spring_festival", "makeup_workday_1"] == dt.date(2027, 2, 14)
    assert not any(i.value == said("en", "forecast.schedule.notice.filled", n=3) for i in at.info)
    # the bridge days 10-12 February are off now: February's total forecast falls, and the table says so
    moved = next(
        f.value for f in at.dataframe if said("en", "forecast.schedule.effect.change") in f.value.columns
    )
    february = moved.loc["2027-02"]
    assert february[said("en", "forecast.schedule.effect.change")] < -1000
    assert february[said("en", "forecast.schedule.effect.change_pct")] < -0.02


def test_the_schedule_effect_lists_the_months_that_moved():
    dates = pd.date_range("2026-12-30", "2027-03-02")
    daily = pd.DataFrame({"date": dates, "channel": fc.TOTAL, "forecast": 100.0})
    daily = pd.concat([daily, daily.assign(channel="phone", forecast=60.0)])
    before = schedule_view.monthly_totals(daily, 2027)
    assert before.to_dict() == {"2027-01": 3100.0, "2027-02": 2800.0, "2027-03": 200.0}
    after = before.copy()
    after["2027-02"] -= 560.0
    after["2027-03"] += 0.4  # rounding noise is not a change
    rows = schedule_view.effect_rows(before, after)
    assert rows.to_dict("records") == [
        {"month": "2027-02", "before": 2800.0, "after": 2240.0, "change": -560.0, "change_pct": -0.2}
    ]


def test_mase_reads_with_three_decimals_and_sorts_as_a_number():
    """A track-record MASE of 0.29 once read "0.29" above "0.315": every MASE shows three decimals now."""
    accuracy = pd.DataFrame(
        {
            "snapshot_id": [1, 1],
            "channel": ["total", "total"],
            "history_end": [dt.date(2025, 12, 31)] * 2,
            "withdrawn": [False, False],
            "bucket": ["8-28", "29-91"],
            "days": [21, 63],
            "mase": [0.29, 0.315],
            "wape": [0.041, 0.05],
            "bias": [-0.027, 0.0],
        }
    )
    styled = fview.snapshot_table(accuracy, "total")
    text = styled.to_string()
    assert "0.290" in text and "0.315" in text
    assert styled.data["MASE"].tolist() == [0.29, 0.315]


def test_a_forecast_too_short_for_the_plans_says_so_when_published(writable_forecast_page, demo_copy):
    """90 days from 2026-10-31 stop short of the what-if's 12 months (to 2027-10-31): the page says the plans
    will fit their own, and indeed they do not start from it."""
    assert fview.short_for_plans(dt.date(2026, 10, 31), 426) is None  # to 2027-12-31: both start from it
    assert fview.short_for_plans(dt.date(2026, 10, 31), 400) == text_in(
        "zh", "forecast.snapshots.short_for_budget", end="2027-12-05", year=2027
    )
    # as far as the page goes (not to 2027-12-31)
    assert fview.short_for_plans(dt.date(2026, 1, 31), 548) is None
    at = writable_forecast_page.selectbox(key="_forecast_horizon_widget_zh").set_value("90").run()
    at = _publish(at)
    assert not at.exception
    said = text_in(
        "zh", "forecast.snapshots.short_for_plans", end="2027-01-29", plan_end="2027-10-31", year=2027
    )
    assert said in [i.value for i in at.info]
    con = store.connect(demo_copy)
    try:
        newest = "SELECT horizon_days FROM forecast_snapshots ORDER BY snapshot_id DESC LIMIT 1"
        assert con.execute(newest).fetchone()[0] == 90
        assert whatif.published_baseline(con, dt.date(2026, 10, 31)) is None  # the plans fit their own
    finally:
        con.close()
