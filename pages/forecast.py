"""业务量预测 Volume forecast: history and forecast per channel, why, how accurate, events, export, snapshots."""

import pandas as pd
import streamlit as st

from analytics import events as events_table
from analytics import store
from analytics.calendar import PHASES
from analytics.forecast import TOTAL
from ui import charts, data
from ui import forecast as fview
from ui.forecast_warnings import event_labeller, warning_texts
from ui.format import count, listing, row_labels_config
from ui.frame import frame, grid, import_link, presentation, remember
from ui.holiday_schedule import section as schedule_section
from ui.i18n import current_language, labeller, lang_key, t

CHANNEL_KEY = "forecast_channel"
HORIZON_KEY = "forecast_horizon"

frame("forecast.title")
st.title(t("forecast.title"))
st.caption(t("forecast.intro"))

version = data.data_version()
as_of = fview.as_of(version)
if as_of is None:
    st.info(t("forecast.no_history"))
    import_link("volume")
    st.stop()

budget_year_days = fview.budget_year_horizon(as_of)
horizons = {"90": 90, "182": 182, "budget_year": budget_year_days, "548": fview.MAX_HORIZON_DAYS}
horizon_labels = {key: t(f"forecast.horizon.{key}") for key in ("90", "182", "548")}
horizon_labels["budget_year"] = t("forecast.horizon.budget_year", date=f"{as_of.year + 1}-12-31")

choices = [TOTAL, *fview.channels(version)]  # a channel with no history has nothing to forecast
if st.session_state.get(CHANNEL_KEY) not in choices:
    st.session_state[CHANNEL_KEY] = TOTAL
st.session_state.setdefault(HORIZON_KEY, "budget_year")
# in presentation mode's large type the five channels and the horizon need a line each
left, right = (st.container(), st.container()) if presentation() else st.columns([3, 2])
with left:
    st.segmented_control(
        t("forecast.channel"),
        choices,
        default=st.session_state[CHANNEL_KEY],
        required=True,
        format_func=labeller("channel.", choices),
        key=lang_key("_forecast_channel_widget"),
        on_change=remember,
        args=(lang_key("_forecast_channel_widget"), CHANNEL_KEY),
    )
with right:
    st.selectbox(
        t("forecast.horizon"),
        list(horizons),
        index=list(horizons).index(st.session_state[HORIZON_KEY]),
        format_func=horizon_labels.get,
        key=lang_key("_forecast_horizon_widget"),
        on_change=remember,
        args=(lang_key("_forecast_horizon_widget"), HORIZON_KEY),
    )
channel = st.session_state[CHANNEL_KEY]
horizon = horizons[st.session_state[HORIZON_KEY]]
counted = [c for c in fview.ticket_counted(version) if channel in (TOTAL, c)]
if counted:
    channels = listing(t(f"channel.{c}") for c in counted)
    st.caption(t("forecast.from_tickets", channels=channels, gap=store.TICKET_GAP_DAYS))

with st.spinner(t("forecast.fitting"), show_time=True):
    result = fview.channel_forecast(version, horizon)

events_frame = fview.events(version)


event_label = event_labeller(events_frame)
for text in warning_texts(result.warnings, event_label, None if channel == TOTAL else channel):
    st.warning(text)

daily = fview.rounded_daily(result.daily)
series = daily[daily["channel"] == channel]
next_30 = series["forecast"].head(30).sum()
peak = series.loc[series["forecast"].idxmax()]
tiles = st.columns(3)
tiles[0].metric(t("forecast.kpi.next_30"), count(next_30), border=True)
tiles[1].metric(t("forecast.kpi.horizon_total"), count(series["forecast"].sum()), border=True)
tiles[2].metric(
    t("forecast.kpi.peak_day"),
    count(peak["forecast"]),
    peak["date"].date().isoformat(),
    delta_color="off",
    delta_arrow="off",
    border=True,
)
if channel != TOTAL:
    st.caption(
        f"{t('forecast.kpi.model')}：{t(f'model.{result.models[channel]}')}"
        if current_language() == "zh"
        else f"{t('forecast.kpi.model')}: {t(f'model.{result.models[channel]}')}"
    )

st.subheader(t("forecast.chart.title"))
if channel == TOTAL:
    history = (
        pd.concat([r.history[["date", "actual"]] for r in result.by_channel.values()])
        .groupby("date", as_index=False)["actual"]
        .sum(min_count=1)
    )
else:
    history = result.by_channel[channel].history[["date", "actual"]]
history = history[pd.to_datetime(history["date"]) >= pd.Timestamp(as_of) - pd.Timedelta(days=400)]
event_names = {key: t(f"event.{key}") for key in ("618", "double11", "spring_festival")}
shading = fview.event_shading(
    events_frame, pd.to_datetime(history["date"]).min(), series["date"].max(), event_names
)
labels = {key: t(f"forecast.chart.{key}") for key in ("actual", "forecast", "band80", "band95")}
st.plotly_chart(
    charts.forecast_fan(history, series, shading, labels, presentation()), key="forecast_fan", theme=None
)
st.caption(t("forecast.chart.caption"))

st.subheader(t("forecast.components.title"))
effects = fview.component_effects(result, channel)
names = {}
for component in effects["component"].unique():
    if component.startswith("event:"):
        names[component] = t("component.event", name=event_label(component.split(":", 1)[1]))
    else:
        names[component] = t(f"component.{component}")
st.plotly_chart(charts.component_lines(effects, names, presentation()), key="forecast_components", theme=None)
st.caption(t("forecast.components.caption") + (t("forecast.components.total") if channel == TOTAL else ""))
table = (
    fview.monthly_component_table(effects).rename(index=names).rename_axis(t("forecast.components.factor"))
)
grid(table.style.format("{:+.1f}%"), width="stretch", column_config=row_labels_config())

st.subheader(t("forecast.accuracy.title"))
st.caption(fview.accuracy_caption())
grid(fview.accuracy_table(result, channel), hide_index=True, width="stretch")

st.subheader(t("forecast.events.title"))
st.caption(t("forecast.events.caption"))
future = events_frame[pd.to_datetime(events_frame["end_date"]) > pd.Timestamp(as_of)]
window = future[pd.to_datetime(future["start_date"]) <= pd.Timestamp(as_of) + pd.Timedelta(days=horizon)]
st.markdown(f"**{t('forecast.events.upcoming')}**")
grid(fview.events_table(window, event_label), hide_index=True, width="stretch")
add_column, delete_column = st.columns(2)
# Not clear_on_submit: a refused event keeps what the user typed, next to the reason; an added one clears.
with add_column, st.form("forecast_add_event"):
    st.text_input(t("forecast.events.name"), key=fview.EVENT_NAME_KEY)
    st.selectbox(
        t("forecast.events.phase"),
        PHASES,
        index=1,
        format_func=labeller("phase.", PHASES),
        key=lang_key(fview.EVENT_PHASE_KEY),
    )
    st.date_input(t("forecast.events.start"), value=as_of + pd.Timedelta(days=30), key=fview.EVENT_START_KEY)
    st.date_input(t("forecast.events.end"), value=as_of + pd.Timedelta(days=32), key=fview.EVENT_END_KEY)
    st.form_submit_button(
        t("forecast.events.add"), type="primary", on_click=fview.add_event_from_form, args=(as_of,)
    )
    outcome = st.session_state.pop(fview.EVENT_OUTCOME_KEY, None)
    if outcome is not None and outcome[0] == "refused":
        st.error(t(outcome[1]))
    elif outcome is not None:
        st.toast(t("forecast.events.added", name=outcome[1]))
with delete_column:
    choices = {
        int(e.event_id): f"{event_label(e.event_key)} · {t(f'phase.{e.phase}')} · "
        f"{pd.Timestamp(e.start_date).date().isoformat()}"
        # events beyond the horizon picked above, and the user's own events in the past, can be deleted too
        for e in events_frame[events_frame.index.isin(future.index) | ~events_frame["is_default"]].itertuples(
            index=False
        )
    }
    if choices:
        picked = st.selectbox(
            t("forecast.events.pick"),
            list(choices),
            format_func=choices.get,
            key=lang_key("_event_delete_pick"),
        )
        if st.button(t("forecast.events.delete"), key="_event_delete"):
            events_table.delete_event(data.cursor(), picked)
            st.toast(t("forecast.events.deleted"))
            st.rerun()

schedule_section(as_of, fview.MAX_HORIZON_DAYS, version, daily)

st.subheader(t("forecast.export.title"))
st.caption(t("forecast.export.caption"))
lang = current_language()
fview.forecast_downloads(version, horizon, lang, as_of)

st.subheader(t("forecast.snapshots.title"))
st.caption(t("forecast.snapshots.caption"))
by_col, note_col, button_col = st.columns([1, 2, 1], vertical_alignment="bottom")
by = by_col.text_input(t("forecast.snapshots.published_by"), key="_publish_by")
note = note_col.text_input(t("forecast.snapshots.note_input"), key="_publish_note")
if button_col.button(t("forecast.snapshots.publish"), key="_publish_snapshot", width="stretch"):
    if not by.strip():  # a published forecast is what finance signs off: say who
        st.warning(t("forecast.snapshots.name_needed"))
    else:
        snapshot_id = fview.publish(result, as_of, by, note)
        st.success(t("forecast.snapshots.published", id=snapshot_id))
        if short := fview.short_for_plans(as_of, horizon):  # the plans will fit their own: say so now
            st.info(short)
# the register's reads key on the forecasts too: publishing, withdrawing and the rest leave data_version alone
register = f"{version}:{data.forecasts_version()}"
published = fview.snapshots(register)
accuracy = fview.snapshot_accuracy(register)
if published.empty:
    st.info(t("forecast.snapshots.none"))
else:
    grid(
        fview.snapshot_register(published),
        hide_index=True,
        width="stretch",
        key="forecast_register",
        # the note is the one free-text column: give it the room a corrected note needs
        column_config={t("forecast.snapshots.note"): st.column_config.TextColumn(width="large")},
    )
    for line in fview.register_lines(published, fview.reinstatements(register), fview.note_edits(register)):
        st.caption(line)
    fview.snapshot_downloads(published, register, lang)
# a forecast found wrong is withdrawn, never deleted; one withdrawn by mistake is reinstated, the withdrawal kept;
# a note is corrected, the one it replaced kept
fview.register_form("withdraw", fview.snapshot_choice(published))
fview.register_form("reinstate", fview.snapshot_choice(published, withdrawn=True))
fview.register_form("note", fview.snapshot_choice(published, withdrawn=None))
published = published[published["withdrawn_at"].isna()]  # the weekly chart: the forecasts in force
weekly = fview.weekly_forecast_vs_actual(register, channel)
if not weekly.empty:
    st.markdown(f"#### {t('forecast.snapshots.weekly')}")
    names = {
        row.snapshot_id: t(
            "forecast.snapshots.series",
            id=row.snapshot_id,
            date=pd.Timestamp(row.history_end).date().isoformat(),
        )
        for row in published.itertuples()
    }
    st.plotly_chart(
        charts.forecast_vs_actual_weeks(weekly, names, t("forecast.chart.actual"), presentation()),
        key="forecast_vs_actual",
        theme=None,
    )
if not accuracy.empty:
    grid(fview.snapshot_table(accuracy, channel), hide_index=True, width="stretch")
    if accuracy["withdrawn"].any():  # withdrawing does not hide a miss
        st.caption(t("forecast.snapshots.withdrawn_kept"))
for line in fview.snapshot_warnings(published, channel, event_label):  # what a forecast that missed rested on
    st.caption(line)
waiting = published[~published["snapshot_id"].isin(accuracy["snapshot_id"])]
if (
    not waiting.empty
):  # published after the last actual day: listed, so a fresh publish is seen to have landed
    st.info(
        t(
            "forecast.snapshots.waiting",
            ids=listing(f"#{i}" for i in sorted(waiting["snapshot_id"])),
            date=pd.Timestamp(waiting["history_end"].min()).date().isoformat(),
        )
    )
