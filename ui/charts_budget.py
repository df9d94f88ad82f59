"""Figures of the budget-vs-actual section: budget and actual by month, the cumulative full-year outlook, and
the labor variance waterfall from budget labor to actual labor."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ui.charts import PALETTE, base_layout, unit_above_y_axis

_OVER = "#D55E00"
_UNDER = "#009E73"
_TOTAL = "#0072B2"


def _by_month(fig: go.Figure, money_suffix: str, presentation: bool, x_title: str | None = None) -> go.Figure:
    """Months on x (one tick each), money from zero on y, the shared look."""
    fig.update_layout(
        xaxis=dict(tickformat="%Y-%m", dtick="M1", title=dict(text=x_title) if x_title else None),
        yaxis=dict(tickformat=",.0f", rangemode="tozero"),
    )
    return unit_above_y_axis(base_layout(fig, presentation), money_suffix)


def budget_vs_actual_by_month(
    monthly: pd.DataFrame,
    labels: dict[str, str],
    money_divisor: float,
    money_suffix: str,
    presentation: bool = False,
) -> go.Figure:
    """Budget and actual bars per month; months not yet due show the budget only.

    ``monthly`` has month, budget, actual (None when not due). ``labels`` names budget, actual and month.
    """
    x = pd.to_datetime(monthly["month"])
    budget = monthly["budget"].astype(float) / money_divisor
    actual = pd.to_numeric(monthly["actual"], errors="coerce") / money_divisor
    fig = go.Figure()
    fig.add_bar(
        x=x, y=budget, name=labels["budget"], marker_color="#B8C4D6", hovertemplate="%{y:,.0f}" + money_suffix
    )
    fig.add_bar(
        x=x,
        y=actual,
        name=labels["actual"],
        marker_color=PALETTE[0],
        hovertemplate="%{y:,.0f}" + money_suffix,
    )
    fig.update_layout(barmode="group")
    return _by_month(fig, money_suffix, presentation, labels["month"])


def outlook_cumulative(
    by_month: pd.DataFrame,
    labels: dict[str, str],
    money_divisor: float,
    money_suffix: str,
    presentation: bool = False,
) -> go.Figure:
    """Cumulative budget against cumulative actual (solid) continued by the forecast (dashed) to year end.

    ``by_month`` has month, actual, forecast, cum_budget, cum_outlook (outlook_by_month). ``labels`` names
    cum_budget, actual and forecast.
    """
    x = pd.to_datetime(by_month["month"])
    cum_outlook = by_month["cum_outlook"].astype(float) / money_divisor
    done = by_month["forecast"].astype(float) == 0
    last_done = int(done[::-1].idxmax()) if done.any() else -1
    fig = go.Figure()
    fig.add_scatter(
        x=x,
        y=by_month["cum_budget"].astype(float) / money_divisor,
        name=labels["cum_budget"],
        mode="lines",
        line=dict(color="#8A94A6", width=3),
        hovertemplate="%{y:,.0f}" + money_suffix,
    )
    fig.add_scatter(
        x=x[: last_done + 1],
        y=cum_outlook[: last_done + 1],
        name=labels["actual"],
        mode="lines+markers",
        line=dict(color=PALETTE[0], width=3),
        hovertemplate="%{y:,.0f}" + money_suffix,
    )
    tail = slice(max(last_done, 0), None)
    if last_done < len(by_month) - 1:
        fig.add_scatter(
            x=x[tail],
            y=cum_outlook[tail],
            name=labels["forecast"],
            mode="lines+markers",
            line=dict(color=PALETTE[1], width=3, dash="dash"),
            hovertemplate="%{y:,.0f}" + money_suffix,
        )
    return _by_month(fig, money_suffix, presentation)


def labor_waterfall(
    steps: pd.DataFrame,
    step_labels: dict[str, str],
    money_divisor: float,
    money_suffix: str,
    presentation: bool = False,
) -> go.Figure:
    """Waterfall from budget labor through each effect to actual labor (over budget in red, under in green).

    ``steps`` has step, kind ('total' for the first and last) and amount (¥) in order (labor_variance rows).
    """
    amounts = steps["amount"].astype(float) / money_divisor
    measure = ["absolute"] + ["relative"] * (len(steps) - 2) + ["total"]
    digits = 0 if money_divisor == 1 else 1
    text = [
        f"{v:+,.{digits}f}" if m == "relative" else f"{v:,.{digits}f}"
        for v, m in zip(amounts, measure, strict=True)
    ]
    fig = go.Figure(
        go.Waterfall(
            x=[step_labels[s] for s in steps["step"]],
            y=[amounts.iloc[0], *amounts.iloc[1:-1], 0],
            measure=measure,
            text=text,
            textposition="outside",
            cliponaxis=False,
            increasing=dict(marker=dict(color=_OVER)),
            decreasing=dict(marker=dict(color=_UNDER)),
            totals=dict(marker=dict(color=_TOTAL)),
            connector=dict(line=dict(color="#8A94A6", width=1)),
            hovertemplate="%{x}: %{text}" + money_suffix + "<extra></extra>",
        )
    )
    low = float(min(amounts.iloc[0], amounts.iloc[-1]))
    high = float(max(amounts.iloc[0], amounts.iloc[-1]))
    running = amounts.iloc[0] + amounts.iloc[1:-1].cumsum()
    low = min(low, float(running.min()) if len(running) else low)
    high = max(high, float(running.max()) if len(running) else high)
    pad = (high - low) * 0.35 or abs(high) * 0.05 or 1
    fig.update_layout(
        showlegend=False,
        hovermode="closest",
        yaxis=dict(tickformat=",.0f", range=[low - pad, high + pad]),
    )
    fig = unit_above_y_axis(base_layout(fig, presentation, height=420), money_suffix)
    fig.update_xaxes(tickangle=0 if len(steps) <= 8 else -30)
    return fig
