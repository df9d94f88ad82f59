"""The forecast page's official holiday schedule section: type in the State Council's notice for a year the
built-in calendar does not know yet (the budget year, as a rule), so the forecast, the intraday day types and
overtime pay use the real days off and make-up workdays instead of an estimate."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import calendar as cn_calendar
from analytics import holiday_schedule as hs
from analytics import store
from analytics.forecast import TOTAL
from ui.data import cursor
from ui.format import count, shown_as, signed_count, signed_percent
from ui.frame import wide_table
from ui.i18n import current_language, labeller, t, text_in

SAVED_KEY = "_schedule_saved"
"""The year just saved or reset, for a toast after the rerun."""

NOTICE_KEY = "_schedule_from_notice"
"""Rows read from a pasted notice, waiting in the grid to be checked and saved: year, data version, rows,
what could not be read, and a count that gives the grid a fresh key at each reading."""

EFFECT_KEY = "_schedule_effect"
"""The year's monthly total forecast before a save or delete, to show how the schedule moved it."""

DATE_COLUMNS = hs.COLUMNS[1:]


def years(as_of: dt.date, horizon_days: int, version: str) -> list[int]:
    """The years a planner may type in: those from the data's last day to the end of the longest forecast window
    that are not built in (the years the forecast warns of), and any typed in before."""
    last = (as_of + dt.timedelta(days=horizon_days)).year
    saved = set(_saved(version)["year"])
    return sorted({year for year in range(as_of.year, last + 1) if not hs.is_built_in(year)} | saved)


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def _saved(version: str) -> pd.DataFrame:
    return hs.list_schedule(cursor())


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def is_estimated(year: int, version: str) -> bool:
    """True when a year's official schedule is neither built in nor typed in (its holidays are estimated)."""
    return cn_calendar.is_provisional(year, hs.load_schedule(cursor()))


def editor_rows(year: int, version: str, from_notice: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows read from a notice when given, else the year's rows as saved, else its statutory days as a
    starting point; dates as datetime64 (empty cells NaT), which the editor's date columns take."""
    saved = _saved(version)
    rows = saved[saved["year"] == year][list(hs.COLUMNS)] if from_notice is None else from_notice
    if rows.empty:
        rows = hs.statutory_rows(year)
    rows = rows.reset_index(drop=True).copy()
    for column in DATE_COLUMNS:
        rows[column] = pd.to_datetime(rows[column])
    return rows


def monthly_totals(daily: pd.DataFrame, year: int) -> pd.Series:
    """The total forecast of each month of `year` in the page's daily forecast, indexed '2027-02'."""
    total = daily[(daily["channel"] == TOTAL) & (daily["date"].dt.year == year)]
    return total.groupby(total["date"].dt.strftime("%Y-%m"))["forecast"].sum()


def effect_rows(before: pd.Series, after: pd.Series) -> pd.DataFrame:
    """The months whose total forecast moved by a contact or more: month, before, after, change, change_pct."""
    frame = pd.DataFrame({"before": before, "after": after}).dropna()
    frame["change"] = frame["after"] - frame["before"]
    frame = frame[frame["change"].abs() >= 1].copy()
    frame["change_pct"] = frame["change"] / frame["before"]
    return frame.rename_axis("month").reset_index()


def problem_text(problem: hs.ScheduleProblem, lang: str) -> str:
    """A refused row in a language: 第 2 行「放假末日」：放假末日早于放假首日。"""
    text = text_in(lang, f"forecast.schedule.error.{problem.code}", **problem.params)
    if problem.row is None:
        return text
    column = text_in(lang, f"forecast.schedule.column.{problem.column}")
    return text_in(lang, "forecast.schedule.error.at", row=problem.row, column=column, text=text)


def section(as_of: dt.date, horizon_days: int, version: str, daily: pd.DataFrame) -> None:
    """Subheader, explanation, year picker, a box to paste the notice into, the editable notice and its save
    and reset buttons; after a save or delete, how the year's monthly total forecast (`daily`, the page's
    forecast) moved."""
    st.subheader(t("forecast.schedule.title"))
    built_in = cn_calendar.official_years()[1]
    st.caption(t("forecast.schedule.caption", year=built_in))
    choices = years(as_of, horizon_days, version)
    if not choices:
        st.info(t("forecast.schedule.all_built_in", year=built_in))
        return
    saved_years = set(_saved(version)["year"])
    year = st.columns([1, 3])[0].selectbox(t("forecast.schedule.year"), choices, key="_schedule_year")
    just_saved = st.session_state.pop(SAVED_KEY, None)
    if just_saved is not None:
        st.toast(t(f"forecast.schedule.{just_saved[0]}", year=just_saved[1]))
    notice = _pending_notice(year, version)
    if year in saved_years:
        st.success(
            t("forecast.schedule.status_saved", year=year, n=int((_saved(version)["year"] == year).sum()))
        )
    elif notice is None:
        st.info(t("forecast.schedule.status_estimate", year=year))
    _effect(year, version, daily)
    _notice_reader(year, version)
    if notice:
        st.info(t("forecast.schedule.notice.filled", n=len(notice["rows"])))
        _problems_box(st.warning, notice["problems"])
    holiday_name = labeller("holiday.", cn_calendar.HOLIDAYS)
    edited = st.container(key="schedule_editor").data_editor(
        editor_rows(year, version, notice["rows"] if notice else None),
        key=f"_schedule_editor_{year}_{version}_{notice['reading'] if notice else 0}",
        hide_index=True,
        width="stretch",
        num_rows="dynamic",
        placeholder="—",
        column_config={
            "holiday_key": st.column_config.SelectboxColumn(
                t("forecast.schedule.column.holiday_key"),
                options=list(cn_calendar.HOLIDAYS),
                format_func=holiday_name,
                required=True,
                width=160,  # "Dragon Boat Festival" whole in presentation mode's large type
            ),
            **{
                column: st.column_config.DateColumn(
                    t(f"forecast.schedule.column.{column}"),
                    format="YYYY-MM-DD",
                    required=column in ("first_day_off", "last_day_off"),
                )
                for column in DATE_COLUMNS
            },
        },
    )
    st.caption(t("forecast.schedule.hint"))
    save_column, reset_column = st.columns(2)
    before = {
        "year": year,
        "before": monthly_totals(daily, year),
        "until": daily["date"].max(),
        "version": None,
    }
    if save_column.button(
        t("forecast.schedule.save", year=year), type="primary", key="_schedule_save", icon=":material/save:"
    ):
        _save(year, edited, before)
    if year in saved_years and reset_column.button(
        t("forecast.schedule.reset", year=year), key="_schedule_reset", icon=":material/undo:"
    ):
        _write(lambda: hs.delete_year(cursor(), year), ("reset_done", year), before)


def _notice_reader(year: int, version: str) -> None:
    """A folded box to paste the notice into; reading it fills the grid (nothing is saved yet)."""
    with st.expander(t("forecast.schedule.notice.title"), icon=":material/content_paste:"):
        text = st.text_area(
            t("forecast.schedule.notice.label"),
            key="_schedule_notice_text",
            height=150,
            placeholder=t("forecast.schedule.notice.placeholder"),
        )
        if not st.button(t("forecast.schedule.notice.read"), key="_schedule_notice_read"):
            return
        reading = hs.read_notice(text, year)
        if reading.rows.empty:
            _problems_box(st.error, reading.problems, t("forecast.schedule.notice.none_read"))
            return
        previous = st.session_state.get(NOTICE_KEY) or {"reading": 0}
        st.session_state[NOTICE_KEY] = {
            "year": year,
            "version": version,
            "rows": reading.rows,
            "problems": reading.problems,
            "reading": previous["reading"] + 1,
        }
        st.rerun()


def _pending_notice(year: int, version: str) -> dict | None:
    """The rows read from a notice for this year, until a save or a delete moves the data version."""
    notice = st.session_state.get(NOTICE_KEY)
    return notice if notice and (notice["year"], notice["version"]) == (year, version) else None


def _problems_box(box, problems: list[hs.ScheduleProblem], heading: str | None = None) -> None:
    """The problems as a bulleted list in one message box (st.error, st.warning), under an optional heading."""
    lines = [f"- {problem_text(p, current_language())}" for p in problems]
    if lines or heading:
        box("\n".join([heading, "", *lines] if heading else lines))


def _effect(year: int, version: str, daily: pd.DataFrame) -> None:
    """The months of `year` whose total forecast the last save or delete moved, beside the refitted figures;
    shown while the data stay as that write left them and the forecast window is the same."""
    effect = st.session_state.get(EFFECT_KEY)
    if not effect or effect["year"] != year or effect["until"] != daily["date"].max():
        return
    if effect["version"] is None:  # the first run after the write: the data version it left
        effect["version"] = version
    if effect["version"] != version:
        return
    rows = effect_rows(effect["before"], monthly_totals(daily, year))
    if rows.empty:
        st.caption(t("forecast.schedule.effect.none", year=year))
        return
    st.markdown(f"**{t('forecast.schedule.effect.title', year=year)}**")
    names = {c: t(f"forecast.schedule.effect.{c}") for c in rows.columns}
    table = rows.rename(columns=names).set_index(names["month"])
    formats = {names["before"]: count, names["after"]: count, names["change"]: signed_count}
    formats[names["change_pct"]] = signed_percent
    wide_table(shown_as(table, formats), width="content")  # an HTML table in presentation mode


def _save(year: int, edited: pd.DataFrame, before: dict) -> None:
    try:
        _write(lambda: hs.save_year(cursor(), year, edited), ("saved", year), before)
    except hs.ScheduleRejected as refused:
        _problems_box(
            st.error, refused.problems, t("forecast.schedule.refused", year=year, n=len(refused.problems))
        )


def _write(write, done: tuple[str, int], before: dict) -> None:
    """Run a schedule write; on success refit with the new calendar (the data version moved), say so, and keep
    the forecast from `before` the write to show what moved."""
    try:
        write()
    except store.WriteBusyError:
        st.warning(t("forecast.schedule.busy"))
        return
    st.session_state[SAVED_KEY] = done
    st.session_state[EFFECT_KEY] = before
    st.rerun()
