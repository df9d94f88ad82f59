"""Cached forecast results for the forecast page (and any page that needs the baseline forecast).

The fit takes tens of seconds for five channels with their backtests, so it is cached by data version and
horizon: editing an event or importing data bumps the version and refits; moving a chart widget does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from analytics import budget_draft, exports, overview, store, whatif
from analytics import events as event_store
from analytics import forecast as fc
from analytics.channels import CHANNELS
from analytics.forecast.engine import BACKTEST_HORIZON_MAX, BACKTEST_ORIGINS, BACKTEST_STEP
from analytics.forecast_warning import PLAN_WARNINGS
from ui.data import cursor
from ui.forecast_warnings import warning_texts
from ui.format import listing, percent, shown_as
from ui.frame import remember
from ui.i18n import CATALOGS, lang_key, lang_keys, t

MAX_HORIZON_DAYS = 548
"""18 months: the longest horizon the engine takes."""


def budget_year_horizon(as_of: dt.date) -> int:
    """Days from the day after as_of to the end of next calendar year (the budget year), capped at 18 months."""
    return min((dt.date(as_of.year + 1, 12, 31) - as_of).days, MAX_HORIZON_DAYS)


def short_for_plans(as_of: dt.date, horizon: int) -> str | None:
    """What a published forecast of ``horizon`` days will not be the baseline of, when it stops short: the
    what-if's 12 months and next year's budget draft, or the draft only (they fit their own instead); None when
    it covers both."""
    forecast_end = as_of + dt.timedelta(days=horizon)
    plan_end, budget_end = whatif.plan_window(as_of)[1], dt.date(as_of.year + 1, 12, 31)
    if horizon >= budget_year_horizon(as_of):  # as far as the page reaches toward the budget year's end
        return None
    key = (
        "forecast.snapshots.short_for_plans"
        if forecast_end < plan_end
        else "forecast.snapshots.short_for_budget"
    )
    return t(key, end=forecast_end.isoformat(), plan_end=plan_end.isoformat(), year=budget_end.year)


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def as_of(version: str) -> dt.date | None:
    return overview.data_as_of(cursor())


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def channels(version: str) -> list[str]:
    """The channels with volume history, in the product's order: the only ones the page can forecast."""
    present = set(fc.load_daily_history(cursor())["channel"])
    return [channel for channel in CHANNELS if channel in present]


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def ticket_counted(version: str) -> list[str]:
    """The channels whose history is counted from tickets (no daily volume imported for them)."""
    return store.ticket_counted_channels(cursor())


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def channel_forecast(version: str, horizon: int) -> fc.ChannelForecast | None:
    """Forecasts per channel and their total for `horizon` days after the last day of history."""
    con = cursor()
    history = fc.load_daily_history(con)
    if history.empty:
        return None
    return fc.forecast_channels(history, horizon, fc.load_events(con), schedule=fc.load_schedule(con))


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def events(version: str) -> pd.DataFrame:
    return event_store.list_events(cursor())


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def snapshots(version: str) -> pd.DataFrame:
    return fc.list_snapshots(cursor())


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def reinstatements(version: str) -> pd.DataFrame:
    return fc.reinstatements(cursor())


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def note_edits(version: str) -> pd.DataFrame:
    return fc.note_edits(cursor())


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def snapshot_accuracy(version: str) -> pd.DataFrame:
    return fc.snapshot_accuracy(cursor())


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def weekly_forecast_vs_actual(version: str, channel: str) -> pd.DataFrame:
    return fc.weekly_forecast_vs_actual(cursor(), channel)


def rounded_daily(daily: pd.DataFrame) -> pd.DataFrame:
    """A daily forecast (a fit's ``daily`` or a published one's values) rounded to 2 decimals, the total's point
    forecast re-summed from the rounded channels, so that what a user adds up in Excel matches to the cent;
    monthly exports are summed from these figures."""
    daily = daily.copy()
    bands = ["forecast", "lo80", "hi80", "lo95", "hi95"]
    daily[bands] = daily[bands].round(2)
    daily["date"] = pd.to_datetime(daily["date"])
    is_total = daily["channel"] == fc.TOTAL
    channel_sums = daily[~is_total].groupby("date")["forecast"].sum().round(2)
    daily.loc[is_total, "forecast"] = daily.loc[is_total, "date"].map(channel_sums).to_numpy()
    return daily


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def export_file(version: str, horizon: int, lang: str, period: str, fmt: str) -> bytes:
    """The forecast for Excel, headers and channels in `lang`; period 'daily'/'monthly', fmt 'csv'/'xlsx'.

    Monthly rows are sums of the exported daily rows, so the two files reconcile to the cent in Excel.
    """
    daily = rounded_daily(channel_forecast(version, horizon).daily)
    return export_bytes(export_table(daily, lang, period), lang, fmt)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def snapshot_export(version: str, snapshot_id: int, lang: str, period: str, fmt: str) -> bytes:
    """A published forecast's figures as frozen, written the way the current forecast's downloads are (the
    same columns, rounding and monthly sums), period 'daily' or 'monthly', fmt 'csv' or 'xlsx'."""
    daily = rounded_daily(fc.snapshot_values(cursor(), snapshot_id))
    return export_bytes(export_table(daily, lang, period), lang, fmt)


def forecast_downloads(version: str, horizon: int, lang: str, as_of: dt.date) -> None:
    """The current forecast's downloads: by day and by month, each as CSV and as Excel."""
    buttons = st.container(horizontal=True)  # one row, each as wide as its label
    for period in ("daily", "monthly"):
        for fmt, mime in exports.MIME_TYPES.items():
            buttons.download_button(
                t(f"forecast.export.{period}", fmt=exports.FORMAT_NAMES[fmt]),
                export_file(version, horizon, lang, period, fmt),
                file_name=f"forecast_{period}_{as_of.isoformat()}.{fmt}",
                mime=mime,
                on_click="ignore",
                key=f"_export_{period}_{fmt}",
            )


def export_bytes(table: pd.DataFrame, lang: str, fmt: str) -> bytes:
    """An export table (`export_table`) as CSV, UTF-8 with BOM, or as XLSX (`xlsx_sheet`)."""
    if fmt == "xlsx":
        frame, options = xlsx_sheet(table, lang)
        return exports.xlsx_bytes(frame, **options)
    return exports.csv_bytes(table)


def xlsx_sheet(table: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict]:
    """An export table as an XLSX sheet writes it, and the sheet's options: the days as date cells (the CSV
    writes their text; the months stay text), the page's title as the sheet's name, and no totals row: the 合计
    channel is in the rows already, and a column sum would count every day twice. The command line's forecast
    export writes the same sheet."""
    date = CATALOGS[lang]["forecast.export.date"]
    if date in table.columns:
        table = table.assign(**{date: pd.to_datetime(table[date]).dt.date})
    return table, {"sheet_name": CATALOGS[lang]["forecast.title"], "totals": []}


def export_table(daily: pd.DataFrame, lang: str, period: str) -> pd.DataFrame:
    """Rounded daily forecasts (`rounded_daily`) as the downloads write them, by day or summed by month, with
    headers and channels in `lang` (the command line's forecast export uses it too)."""
    frame = daily if period == "daily" else fc.monthly_totals(daily).rename(columns={"month": "date"})
    frame = frame.round({"forecast": 2, "lo80": 2, "hi80": 2, "lo95": 2, "hi95": 2})
    text = CATALOGS[lang]
    date_format = "%Y-%m-%d" if period == "daily" else "%Y-%m"
    out = pd.DataFrame(
        {
            text["forecast.export.date"] if period == "daily" else text["forecast.export.month"]: frame[
                "date"
            ].dt.strftime(date_format),
            text["forecast.export.channel"]: frame["channel"].map(lambda c: text.get(f"channel.{c}", c)),
            text["forecast.export.forecast"]: frame["forecast"],
            text["forecast.export.lo80"]: frame["lo80"],
            text["forecast.export.hi80"]: frame["hi80"],
            text["forecast.export.lo95"]: frame["lo95"],
            text["forecast.export.hi95"]: frame["hi95"],
        }
    )
    if period == "monthly":  # the first and last months may be partly forecast: say how many days each sums
        out[text["forecast.export.days"]] = frame["days"].to_numpy()
    return out


def component_effects(result: fc.ChannelForecast, channel: str) -> pd.DataFrame:
    """Daily effect of each calendar component over the forecast, as a percentage (+45 = 45% above baseline),
    for one channel or the total (its channels weighted by their forecast, fc.total_components).

    Columns: date, component, effect_pct. The baseline (level and trend) is left out: it is in contacts.
    """
    parts = fc.total_components(result) if channel == fc.TOTAL else result.by_channel[channel].components
    start = pd.to_datetime(result.daily["date"]).min()
    parts = parts[(pd.to_datetime(parts["date"]) >= start) & (parts["component"] != "level_trend")]
    return parts.assign(effect_pct=(np.exp(parts["log_effect"]) - 1) * 100)[
        ["date", "component", "effect_pct"]
    ]


def monthly_component_table(effects: pd.DataFrame) -> pd.DataFrame:
    """Average effect (%) of each component per forecast month: rows components, columns months (YYYY-MM)."""
    table = effects.assign(month=pd.to_datetime(effects["date"]).dt.strftime("%Y-%m"))
    return table.pivot_table(index="component", columns="month", values="effect_pct", aggfunc="mean").round(1)


def publish(result: fc.ChannelForecast, history_end: dt.date, by: str, note: str) -> int:
    """Freeze the current forecast as a snapshot signed ``by`` (stripped, not blank: the caller checks), with an
    optional note; refreshes the snapshot lists but not the (costly) forecast."""
    snapshot_id = fc.publish_snapshot(
        cursor(),
        result.daily,
        history_end,
        result.models,
        published_by=by.strip(),
        note=note.strip() or None,
        warnings=result.warnings,
    )
    forget_snapshots()
    return snapshot_id


REGISTER_ACTS = {
    "withdraw": fc.withdraw_snapshot,
    "reinstate": fc.reinstate_snapshot,
    "note": fc.edit_snapshot_note,
}
"""What the register's forms do to a published forecast: withdraw one found wrong, reinstate one withdrawn by
mistake, correct a note (the form's 'reason' field holds the new note). Each form's widgets are keyed
`_{act}_{field}` (form_key)."""


def form_key(act: str, field: str) -> str:
    """The session key of a register form's field: 'pick', 'by', 'reason', or 'outcome' (("done", id,
    [(year, version, status) of the budget versions drafted on it]) or ("refused", error code), for the page to
    show once after the click)."""
    return f"_{act}_{field}"


def done_text(act: str, snapshot_id: int, drafted_on: list[tuple[int, int, str]]) -> str:
    """What a register form did (the forecast withdrawn, in force again, or its note changed), and for a
    withdrawal or a reinstatement the budget versions drafted on it to look at again (or no longer flagged)."""
    done = t(f"forecast.{act}.done", id=snapshot_id)
    if not drafted_on:
        return done
    versions = listing(
        t("forecast.withdraw.version", year=year, version=version, status=t(f"budget.status.{status}"))
        for year, version, status in drafted_on
    )
    return f"{done}{t(f'forecast.{act}.drafted_on', versions=versions)}"


def picker_key(act: str) -> str:
    """The session key of a register form's picker in the page's language. The choice itself is kept in
    form_key(act, 'pick'), so it stays picked across a language switch; one key for both languages kept the
    other language's label on screen."""
    return lang_key(form_key(act, "pick"))


def sign_from_form(act: str) -> None:
    """Click callback of a register form: withdraw, reinstate or re-note the picked forecast and empty the form,
    or keep what the user typed and remember why it was refused (none picked, no name, no reason or note, the
    same note, changed meanwhile)."""
    state = st.session_state
    snapshot_id = state.get(form_key(act, "pick"))
    if snapshot_id is None:
        state[form_key(act, "outcome")] = ("refused", "pick")
        return
    try:
        REGISTER_ACTS[act](cursor(), snapshot_id, state[form_key(act, "by")], state[form_key(act, "reason")])
    except fc.RegisterError as error:
        state[form_key(act, "outcome")] = ("refused", error.code)
        return
    # a new note changes no figure: no budget version to look at again
    drafted_on = [] if act == "note" else budget_draft.versions_drafted_on(cursor(), snapshot_id)
    state[form_key(act, "outcome")] = (
        "done",
        snapshot_id,
        [(v.year, v.version, v.status) for v in drafted_on],
    )
    state[form_key(act, "reason")] = ""
    for key in (form_key(act, "pick"), *lang_keys(form_key(act, "pick"))):
        state.pop(key, None)  # no longer a choice: the picker starts again with none picked
    forget_snapshots()


def register_form(act: str, choices: dict[int, str]) -> None:
    """A register form (withdraw, reinstate, note) under the register, in an expander shown while there is a
    forecast to pick; what the last click did is said above it even when the form has gone (the last one
    withdrawn)."""
    outcome = st.session_state.pop(form_key(act, "outcome"), None)
    refused = outcome[1] if outcome is not None and outcome[0] == "refused" else None
    # always drawn, so that the message going on the next rerun does not move (and close) the forms below it
    said = st.container()
    if outcome is not None and outcome[0] == "done":
        said.success(done_text(act, outcome[1], outcome[2]))
    if not choices:
        return
    picked = st.session_state.get(form_key(act, "pick"))
    if picked not in choices:  # withdrawn, reinstated or re-noted since it was picked
        st.session_state.pop(form_key(act, "pick"), None)
    with st.expander(t(f"forecast.{act}.title"), expanded=refused is not None):
        st.caption(t(f"forecast.{act}.caption"))
        st.selectbox(  # nothing picked beforehand: each of these is a choice made on purpose
            t(f"forecast.{act}.pick"),
            list(choices),
            index=list(choices).index(picked) if picked in choices else None,
            format_func=choices.get,
            placeholder=t("forecast.withdraw.placeholder"),
            key=picker_key(act),
            on_change=remember,
            args=(picker_key(act), form_key(act, "pick")),
        )
        by_col, reason_col = st.columns([1, 2])
        by_col.text_input(t(f"forecast.{act}.by"), key=form_key(act, "by"))
        reason_col.text_input(t(f"forecast.{act}.reason"), key=form_key(act, "reason"))
        if refused is not None:
            st.error(t(f"forecast.{act}.refused.{refused}"))
        st.button(t(f"forecast.{act}.button"), key=f"_{act}_snapshot", on_click=sign_from_form, args=(act,))


def forget_snapshots() -> None:
    """Clear the cached reads of the published forecasts (publishing, withdrawing, reinstating and editing a
    note leave data_version alone)."""
    snapshots.clear()
    reinstatements.clear()
    note_edits.clear()
    snapshot_export.clear()
    snapshot_accuracy.clear()
    weekly_forecast_vs_actual.clear()


def snapshot_choice(published: pd.DataFrame, withdrawn: bool | None = False) -> dict[int, str]:
    """The forecasts in force (``withdrawn`` True: those withdrawn; None: all), newest first, as a register
    form's picker lists them: id -> '#3 data to 2026-10-31' (the register above says who published each)."""
    listed = published if withdrawn is None else published[published["withdrawn_at"].notna() == withdrawn]
    return {
        int(row.snapshot_id): t(
            "forecast.snapshots.series", id=row.snapshot_id, date=f"{pd.Timestamp(row.history_end):%Y-%m-%d}"
        )
        for row in listed.itertuples()
    }


def snapshot_downloads(published: pd.DataFrame, version: str, lang: str) -> None:
    """Under the register: pick a published forecast (the newest first, withdrawn ones too: the register above
    gives their status) and download its figures as frozen, by day or by month: what finance signed off, not
    today's fit."""
    # the labels do not carry the status: one that changed on a reinstatement stayed stale in the browser
    choices = snapshot_choice(published, withdrawn=None)
    pick_col, *button_cols = st.columns([2, 1, 1, 1, 1], vertical_alignment="bottom")
    snapshot_id = pick_col.selectbox(
        t("forecast.snapshots.download_pick"),
        list(choices),
        format_func=choices.get,
        key=lang_key("_snapshot_download"),  # a fixed key showed the Chinese label after switching to English
    )
    downloads = [(period, fmt) for period in ("daily", "monthly") for fmt in exports.MIME_TYPES]
    for column, (period, fmt) in zip(button_cols, downloads, strict=True):
        column.download_button(
            t(f"forecast.snapshots.download_{period}", fmt=exports.FORMAT_NAMES[fmt]),
            snapshot_export(version, snapshot_id, lang, period, fmt),
            file_name=f"forecast_snapshot_{snapshot_id}_{period}.{fmt}",
            mime=exports.MIME_TYPES[fmt],
            on_click="ignore",
            key=f"_snapshot_export_{period}_{fmt}",
            width="stretch",
        )


LABEL_GAP_SHARE = 0.08
"""Labels of shaded events closer than this share of the chart's span would overlap: the later one drops a line."""


def event_shading(
    events_frame: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, names: dict
) -> pd.DataFrame:
    """Event phases and Spring Festival windows overlapping [start, end] for chart shading:
    start, end, label, strong (peak phases and the festival itself are strong and labelled), and line
    (0 or 1: the label's line, so that close labels such as a user's event next to 双11 do not overlap)."""
    from analytics.calendar import spring_festival_windows

    rows = []
    for event in events_frame.itertuples(index=False):
        if pd.Timestamp(event.end_date) < start or pd.Timestamp(event.start_date) > end:
            continue
        label = event.name if isinstance(event.name, str) and event.name else names.get(event.event_key)
        # Peaks of the big promotions are labelled; other phases (and unlabelled events) are only shaded.
        rows.append((event.start_date, event.end_date, label, event.phase == "peak" and label is not None))
    for window in spring_festival_windows(range(start.year, end.year + 1)).itertuples(index=False):
        if pd.Timestamp(window.end_date) >= start and pd.Timestamp(window.start_date) <= end:
            rows.append((window.start_date, window.end_date, names["spring_festival"], True))
    shading = pd.DataFrame(rows, columns=["start", "end", "label", "strong"])
    shading["line"] = _label_lines(shading, LABEL_GAP_SHARE * (end - start).days)
    return shading


def _label_lines(shading: pd.DataFrame, gap_days: float) -> list[int]:
    """Line 1 for a label starting within `gap_days` of the label before it on line 0, else line 0."""
    lines = pd.Series(0, index=shading.index)
    last_on_top = None
    for index, day in pd.to_datetime(shading.loc[shading["strong"], "start"]).sort_values().items():
        if last_on_top is not None and (day - last_on_top).days < gap_days:
            lines[index] = 1
        else:
            last_on_top = day
    return lines.tolist()


EVENT_NAME_KEY = "_event_name"
EVENT_PHASE_KEY = "_event_phase"
"""The phase box's key without its language suffix (see ui.i18n.lang_key)."""
EVENT_START_KEY = "_event_start"
EVENT_END_KEY = "_event_end"
EVENT_OUTCOME_KEY = "_event_outcome"
"""("added", name) or ("refused", error code), for the page to show once after the submit."""


def add_event_from_form(as_of: dt.date) -> None:
    """Submit callback of the add-event form: add the phase and empty the form, or keep what the user typed
    and remember why the event was refused (an end before the start, no name, ...)."""
    state = st.session_state
    name = state[EVENT_NAME_KEY]
    phase = state[lang_key(EVENT_PHASE_KEY)]
    try:
        event_store.add_event(cursor(), name, phase, state[EVENT_START_KEY], state[EVENT_END_KEY])
    except event_store.EventError as error:
        state[EVENT_OUTCOME_KEY] = ("refused", error.code)
        return
    state[EVENT_OUTCOME_KEY] = ("added", name.strip())
    state[EVENT_NAME_KEY] = ""
    state[EVENT_START_KEY] = as_of + dt.timedelta(days=30)
    state[EVENT_END_KEY] = as_of + dt.timedelta(days=32)


def accuracy_caption() -> str:
    """The accuracy table's caption, naming the backtest the model choice really ran."""
    return t(
        "forecast.accuracy.caption",
        origins=BACKTEST_ORIGINS,
        step=BACKTEST_STEP,
        horizon=BACKTEST_HORIZON_MAX,
    )


def accuracy_table(result: fc.ChannelForecast, channel: str) -> Styler:
    """Backtest scores with translated headers: every candidate for one channel, or the chosen model per
    channel against seasonal naive for the total."""
    if channel == fc.TOTAL:
        rows = []
        for name, channel_result in result.by_channel.items():
            scores = channel_result.scores.set_index("model")
            if channel_result.model not in scores.index:
                continue
            chosen = scores.loc[channel_result.model]
            naive = scores.loc["seasonal_naive", "mase"] if "seasonal_naive" in scores.index else None
            rows.append(
                {
                    t("forecast.accuracy.channel"): t(f"channel.{name}"),
                    t("forecast.accuracy.model"): t(f"model.{channel_result.model}"),
                    "MASE": chosen["mase"],
                    "WAPE": chosen["wape"],
                    t("forecast.accuracy.bias"): chosen["bias"],
                    t("forecast.accuracy.naive_mase"): naive,
                }
            )
        return _with_percents(pd.DataFrame(rows))
    scores = result.by_channel[channel].scores
    table = pd.DataFrame(
        {
            t("forecast.accuracy.model"): [t(f"model.{m}") for m in scores["model"]],
            t("forecast.accuracy.chosen"): [
                "✓" if m == result.models[channel] else "" for m in scores["model"]
            ],
            "MASE": scores["mase"],
            "WAPE": scores["wape"],
            t("forecast.accuracy.bias"): scores["bias"],
        }
    )
    return _with_percents(table)


def _with_percents(table: pd.DataFrame) -> Styler:
    """WAPE and bias read as percentages, MASE with three decimals (0.290, not 0.29 under 0.315); all sort as
    numbers."""
    formats = {"WAPE": percent, t("forecast.accuracy.bias"): percent}
    for column in ("MASE", t("forecast.accuracy.naive_mase")):
        if column in table.columns:
            formats[column] = _mase
    return shown_as(table, formats)


def _mase(value: float) -> str:
    return f"{value:.3f}"


def events_table(window: pd.DataFrame, event_label) -> pd.DataFrame:
    """Event phases for display: name, phase, start, end, default flag, with translated headers."""
    return pd.DataFrame(
        {
            t("forecast.events.name"): [event_label(key) for key in window["event_key"]],
            t("forecast.events.phase"): [t(f"phase.{phase}") for phase in window["phase"]],
            t("forecast.events.start"): pd.to_datetime(window["start_date"]).dt.date,
            t("forecast.events.end"): pd.to_datetime(window["end_date"]).dt.date,
            t("forecast.events.default"): ["✓" if flag else "" for flag in window["is_default"]],
        }
    )


def snapshot_warnings(published: pd.DataFrame, channel: str, event_label: Callable[[str], str]) -> list[str]:
    """What the fit of each published forecast warned of that bears on its accuracy (PLAN_WARNINGS: a short
    history, an event never seen, …), for this channel or, for the total, every channel's: a paragraph per
    snapshot, oldest first, a line per warning, so a forecast that missed is read with what it rested on."""
    paragraphs = []
    for row in published.sort_values("snapshot_id").itertuples():
        kept = [(c, w) for c, w in row.warnings if w.code in PLAN_WARNINGS]
        texts = warning_texts(kept, event_label, None if channel == fc.TOTAL else channel)
        if texts:
            paragraphs.append(
                "\n".join(
                    [t("forecast.snapshots.warned", id=row.snapshot_id), "", *(f"- {x}" for x in texts)]
                )
            )
    return paragraphs


def snapshot_status(row) -> str:
    """'in force' or 'withdrawn', short enough for the register's last column (who withdrew it, when and why:
    register_lines)."""
    key = (
        "forecast.snapshots.in_force" if pd.isna(row.withdrawn_at) else "forecast.snapshots.withdrawn_status"
    )
    return t(key)


def register_lines(published: pd.DataFrame, undone: pd.DataFrame, edits: pd.DataFrame) -> list[str]:
    """Under the register, a line per withdrawn forecast, oldest first: who withdrew it, when and why; then a line
    per withdrawal undone: who reinstated the forecast, when and why; then a line per note corrected: who, when,
    and the note it replaced (in lines of their own, they wrap on a shared screen where a table cell would be cut
    off)."""
    withdrawn = published[published["withdrawn_at"].notna()].sort_values("snapshot_id")
    lines = [
        t(
            "forecast.snapshots.withdrawn_line",
            id=row.snapshot_id,
            when=f"{pd.Timestamp(row.withdrawn_at):%Y-%m-%d %H:%M}",
            who=row.withdrawn_by,
            reason=row.withdrawn_reason,
        )
        for row in withdrawn.itertuples()
    ]
    return (
        lines
        + [
            t(
                "forecast.snapshots.reinstated_line",
                id=row.snapshot_id,
                withdrawn=f"{pd.Timestamp(row.withdrawn_at):%Y-%m-%d %H:%M}",
                withdrawn_by=row.withdrawn_by,
                withdrawn_reason=row.withdrawn_reason,
                when=f"{pd.Timestamp(row.reinstated_at):%Y-%m-%d %H:%M}",
                who=row.reinstated_by,
                reason=row.reinstated_reason,
            )
            for row in undone.itertuples()
        ]
        + [
            t(
                "forecast.snapshots.note_line",
                id=row.snapshot_id,
                when=f"{pd.Timestamp(row.edited_at):%Y-%m-%d %H:%M}",
                who=row.edited_by,
                old=row.old_note
                if isinstance(row.old_note, str) and row.old_note
                else t("forecast.snapshots.no_note"),
            )
            for row in edits.itertuples()
        ]
    )


def snapshot_register(published: pd.DataFrame) -> pd.DataFrame:
    """Every published forecast, newest first, as finance signs them off: id, data to, forecast to, published
    at, by, note, status (in force or withdrawn), with translated headers."""
    history_end = pd.to_datetime(published["history_end"])
    return pd.DataFrame(
        {
            t("forecast.snapshots.id"): published["snapshot_id"],
            t("forecast.snapshots.history_end"): history_end.dt.date,
            t("forecast.snapshots.forecast_end"): (
                history_end + pd.to_timedelta(published["horizon_days"], unit="D")
            ).dt.date,
            t("forecast.snapshots.published_at"): pd.to_datetime(published["created_at"]).dt.strftime(
                "%Y-%m-%d %H:%M"
            ),
            t("forecast.snapshots.published_by"): published["published_by"].fillna(""),
            t("forecast.snapshots.note"): published["note"].fillna(""),
            t("forecast.snapshots.status"): [snapshot_status(row) for row in published.itertuples()],
        }
    )


def snapshot_table(accuracy: pd.DataFrame, channel: str) -> Styler:
    """How published forecasts did for one channel, by lead-time bucket, with translated headers; a withdrawn
    forecast stays, its status saying so."""
    shown = accuracy[accuracy["channel"] == channel]
    status = shown["withdrawn"].map(
        {False: t("forecast.snapshots.in_force"), True: t("forecast.snapshots.withdrawn_status")}
    )
    table = pd.DataFrame(
        {
            t("forecast.snapshots.id"): shown["snapshot_id"],
            t("forecast.snapshots.history_end"): pd.to_datetime(shown["history_end"]).dt.date,
            t("forecast.snapshots.bucket"): shown["bucket"],
            t("forecast.snapshots.days"): shown["days"],
            "MASE": shown["mase"],
            "WAPE": shown["wape"],
            t("forecast.accuracy.bias"): shown["bias"],
            t("forecast.snapshots.status"): status,
        }
    )
    return _with_percents(table)
