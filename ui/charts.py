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
    fig.update_yaxes(gridcolor="#E3E8EF", zeroline=False, automargin=True)
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
    """
    fig = go.Figure()
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
            title=dict(text=f"{spend_label} ({money_suffix.strip()})"), tickformat=",.0f", rangemode="tozero"
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
