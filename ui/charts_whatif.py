"""Figures of the what-if page: FTE by channel, busiest days, cost by category, cost per contact, cost levers."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.cost_levers import TOGETHER
from ui.charts import PALETTE, base_layout, horizontal_layout, unit_above_y_axis


def fte_by_channel(
    plan: pd.DataFrame,
    channel_labels: dict[str, str],
    headcount_label: str,
    inhouse_label: str,
    presentation: bool = False,
) -> go.Figure:
    """Stacked bars of required FTE per month by channel (outsourced included), and two lines to read against
    each other: the in-house FTE needed and the in-house headcount on payroll. (The headcount against the
    bars alone read as a shortfall whenever part of the work is outsourced.)

    ``plan`` has month, channel, required_fte, inhouse_fte, headcount.
    """
    fig = go.Figure()
    for k, (channel, label) in enumerate(channel_labels.items()):
        part = plan[plan["channel"] == channel]
        if part.empty:
            continue
        fig.add_bar(
            x=part["month"],
            y=part["required_fte"],
            name=label,
            marker_color=PALETTE[k % len(PALETTE)],
            hovertemplate="%{y:,.1f}",
        )
    monthly = plan.groupby("month", as_index=False)[["inhouse_fte", "headcount"]].sum()
    fig.add_scatter(
        x=monthly["month"],
        y=monthly["inhouse_fte"],
        name=inhouse_label,
        mode="lines+markers",
        line=dict(color="#6B7785", width=3),
        marker=dict(symbol="diamond"),
        hovertemplate="%{y:,.1f}",
    )
    fig.add_scatter(
        x=monthly["month"],
        y=monthly["headcount"],
        name=headcount_label,
        mode="lines+markers",
        line=dict(color="#1B1F24", width=3, dash="dot"),
        hovertemplate="%{y:,.1f}",
    )
    fig.update_layout(barmode="stack", xaxis=dict(tickformat="%Y-%m", dtick="M1"))
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    return base_layout(fig, presentation)


def busiest_days(
    days: pd.DataFrame, month_label: str, busiest_label: str, presentation: bool = False
) -> go.Figure:
    """Bars of each month's need (what the plan staffs) and, above them, the busiest day's need, marked with its
    date. ``days`` has month, date, busiest_fte, month_fte (whatif.WhatIfModel.busiest_days)."""
    fig = go.Figure()
    fig.add_bar(
        x=days["month"],
        y=days["month_fte"],
        name=month_label,
        marker_color=PALETTE[0],
        hovertemplate="%{y:,.1f}",
    )
    fig.add_scatter(
        x=days["month"],
        y=days["busiest_fte"],
        name=busiest_label,
        mode="markers+text",
        marker=dict(symbol="diamond", size=16 if presentation else 11, color=PALETTE[1]),
        text=days["date"].dt.strftime("%m-%d"),
        textposition="top center",
        textfont=dict(size=18 if presentation else 12),
        customdata=days["date"].dt.strftime("%Y-%m-%d"),
        hovertemplate="%{customdata}: %{y:,.1f}",
    )
    fig.update_layout(xaxis=dict(tickformat="%Y-%m", dtick="M1"))
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero", range=[0, days["busiest_fte"].max() * 1.15])
    return base_layout(fig, presentation)


def cost_by_category(
    by_category: pd.DataFrame,
    category_labels: dict[str, str],
    money_divisor: float,
    money_suffix: str,
    presentation: bool = False,
) -> go.Figure:
    """Stacked bars of monthly cost by level-1 category (``by_category``: month, level1, amount in ¥)."""
    fig = go.Figure()
    for k, (level1, label) in enumerate(category_labels.items()):
        part = by_category[by_category["level1"] == level1]
        if part.empty or not part["amount"].any():
            continue
        fig.add_bar(
            x=part["month"],
            y=part["amount"] / money_divisor,
            name=label,
            marker_color=PALETTE[k % len(PALETTE)],
            hovertemplate="%{y:,.0f}" + money_suffix,
        )
    fig.update_layout(barmode="stack", xaxis=dict(tickformat="%Y-%m", dtick="M1"))
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    return unit_above_y_axis(base_layout(fig, presentation, height=420), money_suffix)


def cost_per_contact(
    per_contact: pd.DataFrame,
    channel_labels: dict[str, str],
    baseline: pd.DataFrame | None = None,
    scenario_label: str = "",
    baseline_label: str = "",
    presentation: bool = False,
) -> go.Figure:
    """Bars of cost per contact by channel (¥), with the baseline's next to them when given."""
    fig = go.Figure()
    order = [c for c in channel_labels if c in set(per_contact["channel"])]
    labels = [channel_labels[c] for c in order]
    if baseline is not None:
        base = baseline.set_index("channel").reindex(order)
        fig.add_bar(
            x=labels,
            y=base["cost_per_contact"],
            name=baseline_label,
            marker_color="#B8C2CC",
            hovertemplate="¥%{y:,.2f}",
        )
    ours = per_contact.set_index("channel").reindex(order)
    fig.add_bar(
        x=labels,
        y=ours["cost_per_contact"],
        name=scenario_label,
        marker_color=PALETTE[0],
        text=[f"¥{v:,.2f}" for v in ours["cost_per_contact"]],
        textposition="outside",
        hovertemplate="¥%{y:,.2f}",
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    return base_layout(fig, presentation)


LEVER_COLOURS = {"kept": PALETTE[2], "together": PALETTE[0], "other": PALETTE[1]}
"""Green: the same service for less; blue: those levers together; orange: cheaper at a cost to service."""


def cost_levers(
    effects: pd.DataFrame,
    lever_labels: dict[str, str],
    group_labels: dict[str, str],
    money_text,
    presentation: bool = False,
) -> go.Figure:
    """Horizontal bars of what each lever saves over the plan (¥; a lever that costs more points left), in
    the order of ``effects`` (cost_levers.lever_effects: cheapest first, the levers together last), coloured
    by what they ask of service. ``group_labels`` names 'kept', 'together' and 'other' for the legend;
    ``money_text`` writes a bar's amount."""
    fig = go.Figure()
    group = effects["service"].where(effects["service"] == "kept", "other")
    group = group.where(effects["lever"] != TOGETHER, "together")
    labels = [lever_labels[k] for k in effects["lever"]]
    saving = -effects["cost_change"].astype(float)
    for name in ("kept", "other", "together"):
        rows = (group == name).to_numpy()
        if not rows.any():
            continue
        fig.add_bar(
            y=[label for label, row in zip(labels, rows, strict=True) if row],
            x=saving[rows],
            name=group_labels[name],
            orientation="h",
            marker_color=LEVER_COLOURS[name],
            text=[money_text(v) for v in saving[rows]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{text}<extra></extra>",
        )
    fig = horizontal_layout(fig, presentation, len(effects))
    fig.update_layout(barmode="overlay", margin=dict(r=120))
    fig.update_yaxes(categoryorder="array", categoryarray=labels)
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=True, zerolinecolor="#8A94A6")
    return fig
