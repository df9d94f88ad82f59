"""Figure builders of the four-dimension scorecard: the radar (this quarter, the prior quarter, the target) and
eight quarters of scores. Used by the evaluation page, the review mode and the HTML report.

Colours are the Okabe-Ito palette of ui.charts (projector-safe): this quarter blue and filled, the prior quarter
orange, the target a dark grey dashed ring. A dimension that cannot be scored leaves a gap, never a zero.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.evaluation import DIMENSIONS, Scorecard
from ui.charts import PALETTE, base_layout
from ui.evaluation_text import dimension_name, score_text
from ui.i18n import CATALOGS, current_language

_TARGET_COLOUR = "#555555"
_DIMENSION_COLOURS = dict(zip(DIMENSIONS, (PALETTE[0], PALETTE[2], PALETTE[4], PALETTE[3]), strict=True))


def radar(
    card: Scorecard,
    prior_card: Scorecard | None,
    target: dict[str, float],
    lang: str | None = None,
    presentation: bool = False,
) -> go.Figure:
    """The four scores on a 0-100 radar against the prior quarter and the target per dimension."""
    lang = lang or current_language()
    text = CATALOGS[lang]
    theta = [dimension_name(key, lang) for key in DIMENSIONS]
    fig = go.Figure()
    series = [
        (text["eval.chart.target"], [target.get(key) for key in DIMENSIONS], _TARGET_COLOUR, "dash", False),
    ]
    if prior_card is not None:
        prior = prior_card.scores()
        series.append(
            (
                f"{text['eval.chart.prior']} {prior_card.quarter}",
                [prior[k] for k in DIMENSIONS],
                PALETTE[3],  # vermillion: orange-gold washes out on a projector
                "solid",
                False,
            )
        )
    now = card.scores()
    series.append(
        (
            f"{text['eval.chart.current']} {card.quarter}",
            [now[k] for k in DIMENSIONS],
            PALETTE[0],
            "solid",
            True,
        )
    )
    for name, values, colour, dash, filled in series:
        fig.add_scatterpolar(
            r=values + values[:1],
            theta=theta + theta[:1],
            name=name,
            mode="lines+markers",
            line=dict(color=colour, width=4 if filled else 3, dash=dash),
            marker=dict(size=10 if filled else 7),
            fill="toself" if filled else None,
            fillcolor="rgba(0,114,178,0.18)" if filled else None,
            text=[score_text(v) for v in values + values[:1]],
            hovertemplate="%{theta}: %{text}<extra>" + name + "</extra>",
            connectgaps=False,
        )
    fig = base_layout(fig, presentation, height=460)
    fig.update_layout(
        hovermode="closest",
        polar=dict(
            bgcolor="white",
            radialaxis=dict(
                range=[0, 100],
                tickvals=[20, 40, 60, 80, 100],
                gridcolor="#C9D1DC",
                angle=45,
                tickangle=45,
                # the scale, quieter than the data but readable from the back row on a projector
                tickfont=dict(size=18 if presentation else 11, color="#3D4450"),
            ),
            angularaxis=dict(gridcolor="#C9D1DC", linecolor="#8A94A6", direction="clockwise", rotation=90),
        ),
        # Legend under the radar: above it, it covers the top axis label (the first dimension).
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="center", x=0.5),
        margin=dict(l=90, r=90, t=50, b=100),
    )
    return fig


def score_trend(
    frame: pd.DataFrame, lang: str | None = None, presentation: bool = False, target: float | None = None
) -> go.Figure:
    """Scores per quarter, one line per dimension; `frame` has columns quarter, cost, quality, strategy,
    flexibility (analytics.evaluation.trend). A dashed line marks the target score when given."""
    lang = lang or current_language()
    text = CATALOGS[lang]
    fig = go.Figure()
    for key in DIMENSIONS:
        values = pd.to_numeric(frame[key], errors="coerce")
        fig.add_scatter(
            x=frame["quarter"],
            y=values,
            name=dimension_name(key, lang),
            mode="lines+markers",
            line=dict(color=_DIMENSION_COLOURS[key], width=3),
            marker=dict(size=9),
            hovertemplate="%{y:.1f}",
            connectgaps=False,
        )
    if target is not None:
        fig.add_hline(
            y=target,
            line=dict(color=_TARGET_COLOUR, dash="dash", width=2),
            annotation_text=text["eval.chart.target"],
            annotation_position="top left",
        )
    fig = base_layout(fig, presentation, height=380)
    fig.update_layout(
        yaxis=dict(
            range=[0, 104], title=dict(text=text["eval.chart.score"]), tickvals=[0, 20, 40, 60, 80, 100]
        ),
        xaxis=dict(type="category", title=dict(text=text["eval.chart.quarter"])),
    )
    return fig
