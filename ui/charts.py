"""Plotly figure builders: each takes a DataFrame and returns a Figure, styled for a projector."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D31", "#555555"]
"""Colour-blind-safe (Okabe-Ito order, no yellow), distinguishable on a washed-out projector."""

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


def base_layout(fig: go.Figure, presentation: bool = False, height: int = 380) -> go.Figure:
    """Shared look: CJK-capable font, readable sizes (larger in presentation mode), legend on top."""
    size = 20 if presentation else 13
    fig.update_layout(
        font=dict(family=FONT_FAMILY, size=size, color="#1B1F24"),
        colorway=PALETTE,
        height=int(height * (1.5 if presentation else 1)),
        margin=dict(l=60, r=60, t=50, b=40),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        plot_bgcolor="white",
        paper_bgcolor="white",
        hovermode="x unified",
    )
    fig.update_xaxes(showgrid=False, linecolor="#8A94A6", automargin=True)
    fig.update_yaxes(gridcolor="#E3E8EF", zeroline=False, automargin=True, title_standoff=14)
    return fig


DAY_AXIS_FORMATS = [
    dict(dtickrange=[None, "M1"], value="%Y-%m-%d"),
    dict(dtickrange=["M1", None], value="%Y-%m"),
]
"""Tick labels of an axis of days or weeks: months where plotly ticks a month or more apart, else the day
('%Y-%m' alone wrote 2026-07 twice on a quarter's weekly chart, ticked every two weeks)."""


def horizontal_layout(fig: go.Figure, presentation: bool, rows: int) -> go.Figure:
    """base_layout for horizontal bars: height by the number of bars, the first bar on top, grid lines
    across the values."""
    fig = base_layout(fig, presentation, height=max(260, 60 + 42 * rows))
    fig.update_layout(hovermode="y unified")
    fig.update_yaxes(autorange="reversed", gridcolor="rgba(0,0,0,0)")
    fig.update_xaxes(showgrid=True, gridcolor="#E3E8EF")
    return fig


def unit_above_y_axis(fig: go.Figure, unit: str) -> go.Figure:
    """The y axis's money unit written level above the axis, where Chinese charts put it: a y-axis title is
    turned on its side, and a lone 元 or ¥ on its side is hard to read (¥ looked like ≻ on the projector)."""
    fig.update_yaxes(title=None)
    fig.add_annotation(
        text=unit.strip(),
        xref="paper",
        yref="paper",
        x=0,
        y=1,
        xanchor="right",
        yanchor="bottom",
        xshift=-8,
        yshift=6,
        showarrow=False,
    )
    return fig


def spend_and_volume(
    trend: pd.DataFrame,
    spend_label: str,
    contacts_label: str,
    money_divisor: float,
    money_suffix: str,
    presentation: bool = False,
) -> go.Figure:
    """Monthly spend as bars (left axis) and contacts as a line (right axis).

    `trend` has columns month, spend (¥), contacts. `money_divisor` turns ¥ into the display unit (1 or 10,000).
    Months without data (NaN) are left out; with no spend at all there are no bars and no money axis.
    """
    fig = go.Figure()
    has_spend = bool(trend["spend"].notna().any())
    if has_spend:
        fig.add_bar(
            x=trend["month"],
            y=trend["spend"] / money_divisor,
            name=spend_label,
            marker_color=PALETTE[0],
            hovertemplate="%{y:,.0f}" + money_suffix,
        )
    fig.add_scatter(
        x=trend["month"],
        y=trend["contacts"],
        name=contacts_label,
        yaxis="y2",
        mode="lines+markers",
        line=dict(color=PALETTE[1], width=3),
        hovertemplate="%{y:,.0f}",
    )
    fig.update_layout(
        yaxis=dict(
            title=dict(text=f"{spend_label} ({money_suffix.strip()})"),
            tickformat=",.0f",
            rangemode="tozero",
            visible=has_spend,
        ),
        yaxis2=dict(
            title=dict(text=contacts_label),
            overlaying="y",
            side="right",
            tickformat=",.0f",
            showgrid=False,
            rangemode="tozero",
            tickmode="auto",
        ),
        xaxis=dict(tickformat="%Y-%m", dtick="M3"),
    )
    return base_layout(fig, presentation)


def forecast_fan(
    history: pd.DataFrame,
    forecast: pd.DataFrame,
    shading: pd.DataFrame,
    labels: dict[str, str],
    presentation: bool = False,
) -> go.Figure:
    """Actuals, then the forecast with its 95% and 80% bands, with event phases shaded behind.

    history: date, actual. forecast: date, forecast, lo80, hi80, lo95, hi95. shading: start, end, label, strong
    (strong = a peak phase, drawn darker and labelled), line (the label's line: 1 sits under 0).
    labels: actual, forecast, band80, band95.
    """
    fig = go.Figure()
    shapes, annotations = [], []  # laid out in one go: fig.add_vrect rechecks every shape so far on each call
    for row in shading.itertuples(index=False):
        start, end = pd.Timestamp(row.start), pd.Timestamp(row.end) + pd.Timedelta(days=1)
        shapes.append(
            dict(
                type="rect",
                xref="x",
                yref="y domain",  # the full height of the plot, whatever the y range
                x0=start,
                x1=end,
                y0=0,
                y1=1,
                line_width=0,
                layer="below",
                fillcolor=PALETTE[4],  # one hue, darker for the peak: what the caption under the chart says
                opacity=0.30 if row.strong else 0.12,
            )
        )
        if row.strong:
            annotations.append(
                dict(
                    text=row.label,
                    xref="x",
                    yref="y domain",
                    x=start,
                    y=1,
                    xanchor="left",
                    yanchor="top",
                    yshift=-row.line * (22 if presentation else 16),
                    showarrow=False,
                    font_size=18 if presentation else 12,
                )
            )
    fig.update_layout(shapes=shapes, annotations=annotations)
    dates = pd.to_datetime(forecast["date"])
    for low, high, name, alpha in (
        ("lo95", "hi95", labels["band95"], 0.22),  # strong enough to survive a projector
        ("lo80", "hi80", labels["band80"], 0.42),
    ):
        fig.add_scatter(
            x=dates, y=forecast[high], mode="lines", line=dict(width=0), showlegend=False, hoverinfo="skip"
        )
        fig.add_scatter(
            x=dates,
            y=forecast[low],
            mode="lines",
            line=dict(width=0),
            fill="tonexty",
            fillcolor=f"rgba(230,159,0,{alpha})",
            name=name,
            hovertemplate="%{y:,.0f}",
        )
    fig.add_scatter(
        x=pd.to_datetime(history["date"]),
        y=history["actual"],
        mode="lines",
        name=labels["actual"],
        line=dict(color=PALETTE[0], width=1.6),
        hovertemplate="%{y:,.0f}",
    )
    fig.add_scatter(
        x=dates,
        y=forecast["forecast"],
        mode="lines",
        name=labels["forecast"],
        line=dict(color="#B35C00", width=2.2),
        hovertemplate="%{y:,.0f}",
    )
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    fig.update_xaxes(tickformatstops=DAY_AXIS_FORMATS)
    return base_layout(fig, presentation, height=440)


def forecast_vs_actual_weeks(
    weekly: pd.DataFrame, names: dict[int, str], actual_label: str, presentation: bool = False
) -> go.Figure:
    """What happened (a solid line) and each published forecast of it (dashed, one colour each), week by week.

    weekly: snapshot_id, week, forecast, actual (from analytics.forecast.weekly_forecast_vs_actual);
    names: snapshot_id -> legend name.
    """
    fig = go.Figure()
    actual = weekly.groupby("week", as_index=False)["actual"].first().sort_values("week")
    fig.add_scatter(
        x=actual["week"],
        y=actual["actual"],
        mode="lines+markers",
        name=actual_label,
        line=dict(color=PALETTE[0], width=3),
        marker=dict(size=5),
        hovertemplate="%{y:,.0f}",
    )
    for i, (snapshot_id, part) in enumerate(weekly.groupby("snapshot_id")):
        fig.add_scatter(
            x=part["week"],
            y=part["forecast"],
            mode="lines",
            name=names.get(snapshot_id, f"#{snapshot_id}"),
            line=dict(color=PALETTE[1 + i % (len(PALETTE) - 1)], width=2.4, dash="dash"),
            hovertemplate="%{y:,.0f}",
        )
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    fig.update_xaxes(tickformatstops=DAY_AXIS_FORMATS)
    return base_layout(fig, presentation, height=360)


def component_lines(effects: pd.DataFrame, names: dict[str, str], presentation: bool = False) -> go.Figure:
    """One line per calendar component: its effect in % over the forecast days (effects: date, component,
    effect_pct; names: component -> display name)."""
    fig = go.Figure()
    for i, (component, part) in enumerate(effects.groupby("component", sort=False)):
        fig.add_scatter(
            x=pd.to_datetime(part["date"]),
            y=part["effect_pct"],
            mode="lines",
            name=names.get(component, component),
            line=dict(color=PALETTE[i % len(PALETTE)], width=2),
            hovertemplate="%{y:+.1f}%",
        )
    fig.add_hline(y=0, line_color="#8A94A6", line_width=1)
    fig.update_yaxes(ticksuffix="%", tickformat="+.0f")
    fig.update_xaxes(tickformatstops=DAY_AXIS_FORMATS)
    return base_layout(fig, presentation, height=380)
