"""Cached access for the four-dimension evaluation page (四维评估) and its quarterly review mode.

Every read is keyed by `ui.data.data_version()`: saving the service strategy or a review decision bumps it, so
the scorecard, the report and the decision list refresh. Cached values are never mutated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analytics import budget, evaluation, events, overview, variance
from analytics import cost_structure as cost_structure_analytics
from analytics.cost_model import LEVEL1_ORDER
from ui import data
from ui import review_report as report

QUARTER_KEY = "evalpage.quarter"
"""Plain session_state key: the quarter the page shows (survives page switches)."""


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def quarters(version: str) -> list[str]:
    """Quarters with data, newest first."""
    return list(evaluation.quarters(data.cursor()))


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def volume_span(version: str) -> tuple[dt.date, dt.date] | None:
    """First and last day with contact volume (None before any is imported)."""
    return evaluation.volume_span(data.cursor())


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def strategy(version: str) -> str:
    """The declared service strategy (cost_leader, balanced or premium)."""
    return evaluation.get_strategy(data.cursor())


def save_strategy(widget_key: str) -> None:
    """on_change callback of the strategy picker: store the choice (bumps the data version)."""
    picked = st.session_state.get(widget_key)
    if picked in evaluation.STRATEGIES and picked != strategy(data.data_version()):
        evaluation.set_strategy(data.cursor(), picked)


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def scorecard(version: str, quarter: str, strategy_key: str) -> evaluation.Scorecard:
    """The scorecard of a quarter under a service strategy."""
    return evaluation.scorecard(data.cursor(), quarter, strategy_key)


def prior_scorecard(version: str, quarter: str, strategy_key: str) -> evaluation.Scorecard | None:
    """The previous quarter's scorecard under the same strategy, or None when that quarter has no data."""
    before = evaluation.shift_quarter(quarter, -1)
    return scorecard(version, before, strategy_key) if before in quarters(version) else None


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def trend(version: str, quarter: str) -> pd.DataFrame:
    """The four scores of the eight quarters up to this one: quarter, cost, quality, strategy, flexibility."""
    return evaluation.trend(data.cursor(), quarter, 8)


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def evidence(version: str, quarter: str, metric_key: str) -> pd.DataFrame:
    """The rows behind a sub-metric (its "why")."""
    return evaluation.evidence(data.cursor(), quarter, metric_key)


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def report_html(version: str, quarter: str, lang: str) -> bytes:
    """The review report as one self-contained HTML file (UTF-8 bytes for the download button)."""
    return report.report_html(data.cursor(), quarter, lang).encode("utf-8")


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def scorecard_csv(version: str, quarter: str, strategy_key: str, lang: str) -> bytes:
    """The scorecard as CSV bytes (opens in Excel with Chinese intact)."""
    return report.scorecard_csv(scorecard(version, quarter, strategy_key), lang)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def scorecard_xlsx(version: str, quarter: str, strategy_key: str, lang: str) -> bytes:
    """The scorecard as an Excel sheet, each metric in its own unit's number format."""
    return report.scorecard_xlsx(scorecard(version, quarter, strategy_key), lang)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def decisions(version: str, quarter: str) -> pd.DataFrame:
    """Decisions recorded in the review of a quarter."""
    return evaluation.decisions(data.cursor(), quarter)


def save_decision(quarter: str, decision: str, owner: str, due_date: dt.date | None, recorded_by: str) -> int:
    """Record a review decision with the quarter (a committed write: the data version moves on)."""
    return evaluation.save_decision(
        data.cursor(), quarter, decision.strip(), owner.strip() or None, due_date, recorded_by
    )


# ---------------------------------------------------------------------------------------------
# The review agenda's other inputs: budget vs actual, cost structure, the next peaks
# ---------------------------------------------------------------------------------------------


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def budget_vs_actual(version: str, start: dt.date, end: dt.date) -> pd.DataFrame | None:
    """Approved budget against agreed-definition spend per level-1 category for the months start..end.

    Columns: level1, budget, actual, variance (actual − budget; Decimal), variance_pct (of budget), status
    (analytics.variance's traffic light). analytics.variance leaves the contingency reserve out: it is not
    meant to be spent. None when the year has no approved budget.
    """
    con = data.cursor()
    budget_id = budget.approved_budget_id(con, start.year)
    if budget_id is None:
        return None
    months = variance.budget_vs_actual(con, budget_id, end, by=("month", "level1"))
    months = months[(months["month"] >= start) & (months["month"] <= end)]
    frame = months.groupby("level1", sort=False)[["budget", "actual"]].sum().reset_index()
    frame["variance"] = frame["actual"] - frame["budget"]
    planned = frame["budget"].astype(float)
    frame["variance_pct"] = frame["variance"].astype(float) / planned.where(planned != 0)
    frame["status"] = variance.traffic_light(
        frame["variance_pct"], planned, frame["actual"].astype(float), variance.thresholds(con)
    )
    return _taxonomy_order(frame)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def cost_structure(version: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Spend per level-1 category in months start..end and in the same months a year earlier.

    Columns: level1, amount, share, amount_last_year, share_last_year (shares of each period's total), in
    taxonomy order; the last-year columns are empty (NaN) when there was no spend at all a year earlier.
    """
    con = data.cursor()
    now = _by_level1(cost_structure_analytics.breakdown(con, start, end))
    before = _by_level1(
        cost_structure_analytics.breakdown(
            con, start.replace(year=start.year - 1), end.replace(year=end.year - 1)
        )
    )
    both = now.merge(before, on="level1", how="outer", suffixes=("", "_last_year"), sort=False)
    filled = {"amount": 0.0, "share": 0.0}
    if not before.empty:  # no spend at all a year earlier (before the data starts) is unknown, not 0%
        filled |= {"amount_last_year": 0.0, "share_last_year": 0.0}
    return _taxonomy_order(both.fillna(filled))


def _taxonomy_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in the taxonomy's level-1 order (the same order in every table and chart of the review)."""
    rank = {level1: i for i, level1 in enumerate(LEVEL1_ORDER)}
    return frame.sort_values("level1", key=lambda codes: codes.map(rank).fillna(len(rank))).reset_index(
        drop=True
    )


def _by_level1(lines: pd.DataFrame) -> pd.DataFrame:
    """A level-2 breakdown summed to level 1 (amount as float ¥ for charts, share of the period)."""
    grouped = lines.groupby("level1", sort=False).agg(amount=("amount", "sum"), share=("share", "sum"))
    grouped["amount"] = grouped["amount"].astype(float)
    return grouped.reset_index()


def next_quarter_end(quarter_end: dt.date) -> dt.date:
    """The last day of the quarter after the one ending on quarter_end."""
    return (pd.Timestamp(quarter_end) + pd.offsets.QuarterEnd(1)).date()


@dataclass(frozen=True)
class Peak:
    """A 618 or Double-11 peak phase, with the staffing outlook while it is still ahead of the data."""

    event_key: str
    start: dt.date
    end: dt.date
    outlook: overview.PeakOutlook | None


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def next_peaks(version: str, quarter_end: dt.date) -> tuple[dt.date | None, list[Peak], bool]:
    """The data's as-of date ('today'), the peaks that start in the quarter after quarter_end, and True; with no
    peak in that quarter, the peaks still ahead of the as-of date, and False.

    The outlook (agents needed against the roster) is analytics.overview's, counted from the as-of date, the
    same as the home page and the review report; a peak already behind the data has none.
    """
    con = data.cursor()
    as_of = overview.data_as_of(con)
    if as_of is None:
        return None, [], False
    outlooks = {(o.event_key, o.peak_start): o for o in overview.next_peaks(con, as_of)}
    phases = events.list_events(con)
    phases = phases[(phases["phase"] == "peak") & phases["event_key"].isin(evaluation.PEAK_EVENTS)]
    peaks = [
        Peak(row.event_key, start, pd.Timestamp(row.end_date).date(), outlooks.get((row.event_key, start)))
        for row in phases.itertuples(index=False)
        for start in [pd.Timestamp(row.start_date).date()]
    ]
    within = [p for p in peaks if quarter_end < p.start <= next_quarter_end(quarter_end)]
    return as_of, within or [p for p in peaks if p.outlook is not None], bool(within)
