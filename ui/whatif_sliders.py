"""The what-if sliders (range, step and label of each) and the cost levers that move them, in words.

No session state here: the what-if page draws its sliders and levers tab from it, and the quarterly review
report (written by the CLI too, inside ``ui.i18n.speaking``) prints the levers with the same words.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics import cost_levers
from ui import charts_whatif
from ui.format import listing, money, percent, signed_count, signed_money, signed_percent, signed_tenths
from ui.i18n import t

# param, i18n key, min, max, step, display scale (slider value = param × scale), help key
SLIDERS: dict[str, list[tuple[str, str, float, float, float, float, str | None]]] = {
    "demand": [
        ("volume_change", "whatif.volume", -30, 50, 1, 100, None),
        ("aht_change", "whatif.aht", -30, 30, 1, 100, None),
        ("deflection", "whatif.deflection", 0, 40, 1, 100, None),
        ("service_level", "whatif.service_level", 50, 95, 1, 100, "whatif.sl_help"),
        ("answer_seconds", "whatif.answer_seconds", 5, 60, 5, 1, "whatif.sl_help"),
        ("chat_service_level", "whatif.chat_service_level", 50, 95, 1, 100, "whatif.chat_sl_help"),
        ("chat_answer_seconds", "whatif.chat_answer_seconds", 5, 120, 5, 1, "whatif.chat_sl_help"),
        ("max_occupancy", "whatif.occupancy", 60, 95, 1, 100, None),
    ],
    "people": [
        ("shrinkage", "whatif.shrinkage", 15, 45, 1, 100, "whatif.shrinkage_help"),
        ("spring_festival_leave", "whatif.sf_leave", 0, 10, 1, 1, "whatif.sf_leave_help"),
        ("attrition", "whatif.attrition", 0.0, 10.0, 0.5, 100, None),
        # not only for temps: the months above this line also carry the outsourcing peak surcharge
        ("peak_threshold", "whatif.peak_threshold", 100, 150, 5, 100, "whatif.peak_threshold_help"),
    ],
    "pay": [
        ("wage_increase", "whatif.wage", -10, 20, 1, 100, None),
        ("social_insurance_rate", "whatif.social_insurance", 15.0, 35.0, 0.5, 100, None),
        ("overtime_premium", "whatif.overtime_premium", 150, 300, 10, 100, "whatif.overtime_premium_help"),
        (
            "outsourcing_price_change",
            "whatif.outsourcing_price",
            -30,
            30,
            1,
            100,
            "whatif.outsourcing_price_help",
        ),
    ],
}
OUTSOURCING_MAX = 90


def lever_bounds() -> cost_levers.Bounds:
    """The sliders' ranges in the scenario's units: a lever never moves a slider past its end."""
    bounds = {
        param: (lo / scale, hi / scale)
        for specs in SLIDERS.values()
        for param, _key, lo, hi, _step, scale, _help in specs
    }
    bounds[cost_levers.OUTSOURCING] = (0.0, OUTSOURCING_MAX / 100)
    return bounds


def lever_step_range(lever: cost_levers.Lever) -> tuple[float, float, float]:
    """Smallest, largest and increment of a lever's step in points (its slider's increment up to its span)."""
    if lever.param == cost_levers.OUTSOURCING:
        return 1.0, float(OUTSOURCING_MAX), 1.0
    _param, _key, low, high, step, _scale, _help = next(
        spec for specs in SLIDERS.values() for spec in specs if spec[0] == lever.param
    )
    return float(step), float(high - low), float(step)


def lever_move(row: pd.Series, kept: int) -> str:
    """A lever's step in slider terms: 'AHT change 0% → -5%', the outsourcing shares' mean, who covers the
    peaks ('temps → overtime'), or how many levers (``kept``, the target-keeping rows listed) moved together."""
    if row["lever"] == cost_levers.TOGETHER:
        return t("whatif.levers.together_move", n=kept)
    if row["lever"] == cost_levers.PEAK_COVER:
        before, after = (
            t(f"whatif.levers.cover.{row[column]}") for column in ("cover_before", "cover_after")
        )
        return f"{before} → {after}"
    move = f"{row['before'] * 100:g}% → {row['after'] * 100:g}%"
    return t("whatif.levers.mean_move", move=move) if row["lever"] == "outsourcing" else move


def saving_text(saving: float) -> str:
    """A lever bar's label: 'saves ¥1,213,236', or 'costs ¥… more' for a lever that does not save."""
    key = "whatif.levers.saves" if saving >= 0 else "whatif.levers.costs_more"
    return t(key, amount=money(abs(saving)))


def service_text(row: pd.Series) -> str:
    """What a lever asks of service; a lower target says how long customers then wait: 'Avg wait 16 → 23 s'."""
    if row["service"] == "lower" and pd.notna(row["wait_before"]) and pd.notna(row["wait_after"]):
        return t(
            "whatif.levers.service.lower_wait",
            before=f"{row['wait_before']:.0f}",
            after=f"{row['wait_after']:.0f}",
        )
    return t(f"whatif.levers.service.{row['service']}")


def abandon_text(effects: pd.DataFrame) -> str | None:
    """How many more customers hang up when a target is lowered, in a sentence under the levers' table: each
    lower-target row's abandon rate before and after, and whether that stays within the abandon-rate target
    where there is one; None without such figures (no patience in history)."""
    rows = effects[effects["abandon_before"].notna() & effects["abandon_after"].notna()]
    if rows.empty:
        return None
    moves = [
        f"{t(f'whatif.levers.{row.lever}')} {percent(row.abandon_before)} → {percent(row.abandon_after)}"
        + _against_target(row.abandon_after, row.abandon_target)
        for row in rows.itertuples()
    ]
    return t("whatif.levers.abandon", rows=t("whatif.levers.abandon_separator").join(moves))


def _against_target(rate: float, target: float | None) -> str:
    """' (within the 5.0% target)' or ' (over the 5.0% target)'; nothing without a target."""
    if target is None or pd.isna(target):
        return ""
    over = round(rate * 100, 1) > round(target * 100, 1)  # as shown: 5.0% is not over a 5.0% target
    key = "whatif.levers.abandon_over" if over else "whatif.levers.abandon_within"
    return t(key, target=percent(target))


def busier_text(effects: pd.DataFrame) -> str | None:
    """Whose agents a higher occupancy cap keeps busier and how busy, in a sentence under the levers' table
    (too long for its service column); None without that row."""
    rows = effects[effects["occupancy_before"].notna()]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return t(
        "whatif.levers.busier",
        channels=listing(t(f"channel.{channel}") for channel in row["busier"]),
        before=percent(row["occupancy_before"], 0),
        after=percent(row["occupancy_after"], 0),
    )


def lever_notes(effects: pd.DataFrame) -> list[str]:
    """The sentences under the levers' table: how many more customers hang up at a lower target, whose agents
    a higher occupancy cap keeps busier."""
    return [note for note in (abandon_text(effects), busier_text(effects)) if note]


LEVER_FORMATS = {"cost": signed_money, "pct": signed_percent, "fte": signed_tenths, "hires": signed_count}
"""How lever_rows' numeric columns read (by their catalog key under whatif.levers.col.)."""


def lever_rows(effects: pd.DataFrame) -> pd.DataFrame:
    """cost_levers.lever_effects with translated headers and words; the changes stay numbers (LEVER_FORMATS
    says how they read)."""
    kept = int(((effects["service"] == "kept") & (effects["lever"] != cost_levers.TOGETHER)).sum())
    return pd.DataFrame(
        {
            t("whatif.levers.col.lever"): [t(f"whatif.levers.{k}") for k in effects["lever"]],
            t("whatif.levers.col.move"): [lever_move(row, kept) for _, row in effects.iterrows()],
            t("whatif.levers.col.cost"): effects["cost_change"],
            t("whatif.levers.col.pct"): effects["cost_change_pct"],
            t("whatif.levers.col.fte"): effects["inhouse_fte_change"],
            t("whatif.levers.col.hires"): effects["hires_change"],
            t("whatif.levers.col.service"): [service_text(row) for _, row in effects.iterrows()],
        }
    )


def lever_text_rows(effects: pd.DataFrame) -> pd.DataFrame:
    """lever_rows with the changes written out ('-¥1,213,236', '-4.0%'), for a static table or the report."""
    rows = lever_rows(effects)
    for key, write in LEVER_FORMATS.items():
        column = t(f"whatif.levers.col.{key}")
        rows[column] = rows[column].map(write)
    return rows


def lever_names(effects: pd.DataFrame) -> dict[str, str]:
    """Each lever's name by its key."""
    return {key: t(f"whatif.levers.{key}") for key in effects["lever"]}


def lever_chart(effects: pd.DataFrame, presentation: bool) -> go.Figure:
    """The levers' savings as bars, named and labelled in the current language."""
    groups = {group: t(f"whatif.levers.group.{group}") for group in ("kept", "together", "other")}
    return charts_whatif.cost_levers(effects, lever_names(effects), groups, saving_text, presentation)
