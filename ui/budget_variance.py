"""The budget-vs-actual section (预算执行) of the budget page: YTD tiles, the category × cost center table with
traffic lights. `render(budget_id)` draws it; reads are cached by data_version."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import overview, variance
from ui import data
from ui.format import money, percent
from ui.i18n import t, t_or


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _as_of(version: str) -> dt.date | None:
    return overview.data_as_of(data.cursor())


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _budget_year(budget_id: int, version: str) -> int | None:
    rows = data.cursor().execute("SELECT year FROM budgets WHERE budget_id = ?", [budget_id]).fetchall()
    return int(rows[0][0]) if rows else None


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _by(budget_id: int, as_of: dt.date, by: tuple[str, ...], version: str) -> pd.DataFrame:
    return variance.budget_vs_actual(data.cursor(), budget_id, as_of, by=by)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _outlook(budget_id: int, as_of: dt.date, version: str) -> pd.DataFrame:
    return variance.full_year_outlook(data.cursor(), budget_id, as_of)


def _status_label(status: str) -> str:
    return t(f"variance.status.{status}")


def category_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A budget-vs-actual frame as the table people read: translated headers and labels, ¥ and % formatted."""
    out = pd.DataFrame(index=frame.index)
    if "month" in frame:
        out[t("variance.col.month")] = [m.strftime("%Y-%m") for m in frame["month"]]
    if "level1" in frame:
        out[t("variance.col.level1")] = [t_or(f"cost.{v}", v) for v in frame["level1"]]
    if "level2" in frame:
        out[t("variance.col.level2")] = [t_or(f"cost2.{v}", v) for v in frame["level2"]]
    if "cost_center" in frame:
        out[t("variance.col.cost_center")] = frame["cost_center"]
    for name in ("budget", "actual", "variance"):
        out[t(f"variance.col.{name}")] = [money(v) for v in frame[name]]
    out[t("variance.col.variance_pct")] = [None if pd.isna(p) else percent(p) for p in frame["variance_pct"]]
    out[t("variance.col.status")] = [_status_label(s) for s in frame["status"]]
    return out


def _kpis(ytd: pd.DataFrame, outlook: pd.DataFrame) -> None:
    budget = sum(ytd["budget"])
    actual = sum(ytd["actual"])
    full_budget = sum(outlook["budget"])
    full_outlook = sum(outlook["outlook"])
    share = float(actual - budget) / float(budget) if budget else None
    outlook_share = float(full_outlook - full_budget) / float(full_budget) if full_budget else None
    top = st.columns(2)
    bottom = st.columns(2)
    top[0].metric(t("variance.kpi.budget_ytd"), money(budget))
    top[1].metric(
        t("variance.kpi.actual_ytd"),
        money(actual),
        delta=None if share is None else percent(share),
        delta_color="inverse",
    )
    bottom[0].metric(t("variance.kpi.variance_ytd"), money(actual - budget))
    bottom[1].metric(
        t("variance.kpi.outlook"),
        money(full_outlook),
        delta=None if outlook_share is None else t("variance.kpi.vs_budget", delta=percent(outlook_share)),
        delta_color="inverse",
        help=t("variance.kpi.outlook_help"),
    )


def render(budget_id: int) -> None:
    """Draw the budget-vs-actual section for one budget (the 执行 tab of the budget page)."""
    version = data.data_version()
    year = _budget_year(budget_id, version)
    as_of = _as_of(version)
    if year is None or as_of is None:
        st.info(t("variance.no_budget"))
        return
    last = variance.last_complete_month(as_of)
    st.subheader(t("variance.title"))
    if last < dt.date(year, 1, 1):
        st.info(t("variance.no_actuals", year=year))
        return
    shown_last = min(last, dt.date(year, 12, 1))
    st.caption(t("variance.intro", last=shown_last.strftime("%Y-%m")))
    limits = variance.thresholds(data.cursor())
    ytd_level1 = _by(budget_id, as_of, ("level1",), version)
    _kpis(ytd_level1, _outlook(budget_id, as_of, version))
    st.caption(t("variance.thresholds", green=percent(limits.green, 0), red=percent(limits.red, 0)))

    st.markdown(f"#### {t('variance.table')}")
    cells = _by(budget_id, as_of, ("level1", "cost_center"), version)
    st.dataframe(category_table(cells), hide_index=True, width="stretch")
