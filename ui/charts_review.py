"""Figures of the quarterly review, for the projector and for the HTML report: horizontal paired bars with large
dark type on white. Text comes from `t`, so the report builds them inside `ui.i18n.speaking(lang)`."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics import overview
from ui import charts
from ui.i18n import t

# Projector-safe: dark text on white, saturated Okabe-Ito hues that survive a washed-out beam.
INK = "#000000"
PLAN_COLOUR = "#0072B2"
ACTUAL_COLOUR = "#D55E00"
EARLIER_COLOUR = "#5A6270"


def projector(fig: go.Figure, height: int = 620) -> go.Figure:
    """Make a figure readable from the back of a room: large dark type, white ground, fixed height."""
    fig.update_layout(
        font=dict(family=charts.FONT_FAMILY, size=22, color=INK),
        legend=dict(font=dict(size=22, color=INK)),
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        margin=dict(l=80, r=60, t=70, b=60),
    )
    return fig


def paired_bars(
    categories: list[str],
    series: list[tuple[list[float], str, str]],
    text_format: str,
    axis_format: str,
    height: int = 560,
) -> go.Figure:
    """Horizontal bars, one group per category (first on top), one bar per series (values, name, colour) in the
    order given from top to bottom, each labelled with its value: readable labels however long the numbers."""
    fig = go.Figure()
    for values, name, colour in reversed(series):
        fig.add_bar(
            y=categories[::-1],
            x=list(values)[::-1],
            name=name,
            orientation="h",
            marker_color=colour,
            texttemplate=text_format,
            textposition="outside",
            cliponaxis=False,
            hovertemplate=text_format,
        )
    fig.update_layout(barmode="group", hovermode="y unified", legend=dict(traceorder="reversed"))
    fig.update_yaxes(type="category")  # a label such as "618" is a name, not a number
    # few ticks: at projector size, eight labels such as "3,500,000" only fit turned on their side
    fig.update_xaxes(tickformat=axis_format, rangemode="tozero", showgrid=True, gridcolor="#D0D7E2", nticks=6)
    longest = max((float(v) for values, _, _ in series for v in values if v == v), default=0.0)
    if longest > 0:  # room right of the longest bar for its label, which plotly does not reserve on its own
        fig.update_xaxes(range=[0, longest * 1.22])
    return projector(charts.base_layout(fig, presentation=True), height=height)


def budget_figure(frame: pd.DataFrame, labels: dict[str, str], divisor: float, unit: str) -> go.Figure:
    """Budget and actual per category (frame: level1, budget, actual in ¥), in the display unit, which the axis
    names: the bars' numbers carry no ¥ and, in 万 or ¥k, would be read as yuan."""
    fig = paired_bars(
        list(frame["level1"].map(labels)),
        [
            (frame[column].astype(float) / divisor, t(f"review.col.{column}"), colour)
            for column, colour in (("budget", PLAN_COLOUR), ("actual", ACTUAL_COLOUR))
        ],
        "%{x:,.0f}" if divisor == 1 else "%{x:,.1f}",
        ",.0f",
    )
    return fig.update_xaxes(
        title=dict(text=t("review.budget.axis", unit=unit), font=dict(size=22, color=INK))
    )


def structure_figure(frame: pd.DataFrame, labels: dict[str, str], now: str, before: str) -> go.Figure:
    """Each category's share of spend, the same quarter a year earlier above this quarter (left out when there
    was no spend a year earlier: bars of 0.0% would say every category was nothing)."""
    series = [(frame["share"], now, ACTUAL_COLOUR)]
    if frame["share_last_year"].notna().any():
        series.insert(0, (frame["share_last_year"], before, EARLIER_COLOUR))
    return paired_bars(list(frame["level1"].map(labels)), series, "%{x:.1%}", ".0%", height=600)


def peaks_figure(peaks: list[overview.PeakOutlook], labels: dict[str, str]) -> go.Figure:
    """Agents each peak needs against agents on the roster then."""
    return paired_bars(
        [labels[p.event_key] for p in peaks],
        [
            ([p.agents_needed for p in peaks], t("review.peaks.needed"), ACTUAL_COLOUR),
            ([p.agents_on_roster for p in peaks], t("review.peaks.roster"), PLAN_COLOUR),
        ],
        "%{x:,}",
        ",d",
        height=380,
    )
