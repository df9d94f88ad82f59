"""Figure builders of the cost structure page: the category sunburst, shares by month, cost per contact,
hidden costs against the ledger, shared costs by team, the finance-to-ops bridge as a waterfall, and the cash
paid out buying kit against leasing it.

Each takes plain frames and display labels (already translated) and returns a plotly Figure.
Amounts come in ¥ (Decimal or float); `divisor` and `suffix` turn them into the display unit (¥ or 万).
"""

from __future__ import annotations

import textwrap
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go

from analytics import store
from ui.charts import PALETTE, base_layout, horizontal_layout, unit_above_y_axis

_NEGATIVE = "#D55E00"
_POSITIVE = "#009E73"
_TOTAL = "#0072B2"


@lru_cache(maxsize=1)
def _taxonomy_level1() -> tuple[str, ...]:
    return tuple(dict.fromkeys(store.load_taxonomy()["level1"]))


def _colours(keys) -> dict[str, str]:
    """One fixed colour per level-1 category (its place in the taxonomy), so a category keeps its colour from
    one year or chart to the next even when another category is missing."""
    fixed = {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(_taxonomy_level1())}
    others = [key for key in dict.fromkeys(keys) if key not in fixed]
    return fixed | {key: PALETTE[(len(fixed) + i) % len(PALETTE)] for i, key in enumerate(others)}


def _floats(values) -> list[float]:
    return [float(v) for v in values]


def category_sunburst(
    breakdown: pd.DataFrame,
    level1_labels: dict[str, str],
    level2_labels: dict[str, str],
    divisor: float,
    suffix: str,
    presentation: bool = False,
) -> go.Figure:
    """Level-1 categories in the inner ring, their level-2 subcategories outside (breakdown: level1, level2,
    taxonomy_code, amount). Slices show their share of the whole."""
    level1 = breakdown.groupby("level1", sort=False)["amount"].sum()
    colours = _colours(level1.index)
    ids = [*level1.index, *breakdown["taxonomy_code"]]
    labels = [_wrapped(level1_labels.get(k, k)) for k in level1.index] + [
        _wrapped(level2_labels.get(code, code)) for code in breakdown["taxonomy_code"]
    ]
    parents = ["" for _ in level1.index] + list(breakdown["level1"])
    values = [float(v) / divisor for v in level1] + [float(v) / divisor for v in breakdown["amount"]]
    fig = go.Figure(
        go.Sunburst(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            marker=dict(
                colors=[colours[k] for k in level1.index] + [colours[k] for k in breakdown["level1"]]
            ),
            insidetextorientation="auto",
            texttemplate="%{label}<br>%{percentRoot:.1%}",
            hovertemplate="%{label}<br>%{value:,.0f}" + suffix + "<br>%{percentRoot:.1%}<extra></extra>",
            sort=False,
        )
    )
    fig = base_layout(fig, presentation, height=520)
    # Slices too thin for readable text drop their label (hover still names them) instead of shrinking it.
    fig.update_layout(
        margin=dict(l=10, r=10, t=10, b=10), uniformtext=dict(minsize=16 if presentation else 11, mode="hide")
    )
    return fig


def _wrapped(label: str, width: int = 14) -> str:
    """A long English label on two or more lines (Chinese labels have no spaces and stay on one): a slice shows
    "Equipment &<br>facilities" where one line would not fit and the label would be hidden."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def shares_by_month(
    monthly: pd.DataFrame, level1_labels: dict[str, str], presentation: bool = False
) -> go.Figure:
    """Stacked bars, one per month, of each level-1 category's share of that month's spend (monthly: month,
    level1, amount, share)."""
    fig = go.Figure()
    colours = _colours(monthly["level1"])
    months = pd.to_datetime(monthly["month"])
    for level1, part in monthly.assign(month=months).groupby("level1", sort=False):
        fig.add_bar(
            x=part["month"],
            y=part["share"] * 100,
            name=level1_labels.get(level1, level1),
            marker_color=colours[level1],
            hovertemplate="%{y:.1f}%",
        )
    fig.update_layout(barmode="stack", bargap=0.15, legend=dict(traceorder="normal"))
    fig.update_yaxes(ticksuffix="%", range=[0, 100])
    fig.update_xaxes(tickformat="%Y-%m", dtick="M1")
    return base_layout(fig, presentation, height=440)


def cost_per_contact_bars(
    frame: pd.DataFrame, key_labels: dict[str, str], presentation: bool = False
) -> go.Figure:
    """Horizontal bars of cost per contact (¥, two decimals) per group (frame: key, cost_per_contact)."""
    shown = frame.dropna(subset=["cost_per_contact"]).sort_values("cost_per_contact", ascending=False)
    values = _floats(shown["cost_per_contact"])
    fig = go.Figure(
        go.Bar(
            y=[key_labels.get(k, k) for k in shown["key"]],
            x=values,
            orientation="h",
            marker_color=PALETTE[0],
            text=[f"¥{v:,.2f}" for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="¥%{x:,.2f}<extra></extra>",
        )
    )
    fig.update_xaxes(tickformat=",.2f", tickprefix="¥", rangemode="tozero")
    fig = horizontal_layout(fig, presentation, len(shown))
    fig.update_layout(margin=dict(r=90))
    return fig


def hidden_vs_booked(
    frame: pd.DataFrame,
    item_labels: dict[str, str],
    computed_label: str,
    booked_label: str,
    divisor: float,
    suffix: str,
    presentation: bool = False,
) -> go.Figure:
    """Grouped horizontal bars: each hidden cost computed from the data next to what the ledger books for it
    (frame: item, amount, booked)."""
    labels = [item_labels.get(k, k) for k in frame["item"]]
    fig = go.Figure()
    for column, name, colour in (("amount", computed_label, PALETTE[3]), ("booked", booked_label, "#8A94A6")):
        fig.add_bar(
            y=labels,
            x=[float(v) / divisor for v in frame[column]],
            name=name,
            orientation="h",
            marker_color=colour,
            hovertemplate="%{x:,.0f}" + suffix,
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickformat=",.0f", rangemode="tozero", title=dict(text=suffix.strip()))
    return horizontal_layout(fig, presentation, 2 * len(frame))


def shared_by_team(
    frame: pd.DataFrame,
    team_labels: dict[str, str],
    level1_labels: dict[str, str],
    divisor: float,
    suffix: str,
    presentation: bool = False,
) -> go.Figure:
    """Stacked bars per team of the shared costs allocated to it, by level-1 category (frame: team, level1,
    allocated)."""
    pools = frame.groupby(["level1", "team"], sort=False)["allocated"].sum().reset_index()
    colours = _colours(pools["level1"])
    teams = list(dict.fromkeys(frame["team"]))
    fig = go.Figure()
    for level1, part in pools.groupby("level1", sort=False):
        part = part.set_index("team").reindex(teams).fillna(0)
        fig.add_bar(
            x=[team_labels.get(t, t) for t in teams],
            y=[float(v) / divisor for v in part["allocated"]],
            name=level1_labels.get(level1, level1),
            marker_color=colours[level1],
            hovertemplate="%{y:,.0f}" + suffix,
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    return unit_above_y_axis(base_layout(fig, presentation, height=420), suffix)


def bridge_waterfall(
    items: pd.DataFrame,
    item_labels: list[str],
    finance_total,
    ops_total,
    start_label: str,
    end_label: str,
    divisor: float,
    suffix: str,
    presentation: bool = False,
) -> go.Figure:
    """A horizontal waterfall from finance's total through each non-zero bridge item to ops' total
    (items: amount; item_labels: one display label per item row)."""
    moving = [(label, float(a)) for label, a in zip(item_labels, items["amount"], strict=True) if a != 0]
    labels = [start_label, *[label for label, _ in moving], end_label]
    values = [float(finance_total), *[a for _, a in moving], float(ops_total)]
    measures = ["absolute", *["relative" for _ in moving], "total"]
    shown = [v / divisor for v in values]
    fig = go.Figure(
        go.Waterfall(
            orientation="h",
            y=labels,
            x=shown,
            measure=measures,
            text=[
                f"{v:+,.0f}" if m == "relative" else f"{v:,.0f}" for v, m in zip(shown, measures, strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            increasing=dict(marker=dict(color=_POSITIVE)),
            decreasing=dict(marker=dict(color=_NEGATIVE)),
            totals=dict(marker=dict(color=_TOTAL)),
            connector=dict(line=dict(color="#8A94A6", width=1)),
            hovertemplate="%{y}<br>%{x:,.0f}" + suffix + "<extra></extra>",
        )
    )
    fig.update_xaxes(tickformat=",.0f", title=dict(text=suffix.strip()))
    fig = horizontal_layout(fig, presentation, len(labels))
    fig.update_layout(showlegend=False, margin=dict(r=110), hovermode="closest")
    return fig


def cash_paid_so_far(
    schedule: pd.DataFrame,
    buy_label: str,
    lease_label: str,
    month_axis: str,
    crossover_month: int | None,
    crossover_note: str,
    divisor: float,
    suffix: str,
    presentation: bool = False,
) -> go.Figure:
    """Cash paid out so far, month by month, buying kit against leasing it (schedule: month, buy_cumulative,
    lease_cumulative); a dotted line where leasing's total passes buying's."""
    fig = go.Figure()
    for column, name, colour in (
        ("buy_cumulative", buy_label, PALETTE[0]),
        ("lease_cumulative", lease_label, PALETTE[1]),
    ):
        fig.add_scatter(
            x=schedule["month"],
            y=schedule[column] / divisor,
            name=name,
            mode="lines",
            line=dict(color=colour, width=3),
            hovertemplate="%{y:,.0f}" + suffix,
        )
    if crossover_month is not None:
        fig.add_vline(x=crossover_month, line=dict(color="#555555", dash="dot", width=1.5))
        fig.add_annotation(
            x=crossover_month,
            y=1,
            yref="paper",
            text=crossover_note,
            showarrow=False,
            xanchor="right",
            yanchor="top",
            xshift=-6,
        )
    fig.update_xaxes(title=dict(text=month_axis), range=[1, len(schedule)])
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    return unit_above_y_axis(base_layout(fig, presentation, height=340), suffix)
