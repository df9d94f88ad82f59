"""Number formatting for people: ¥ with thousands separators or in the compact unit (万 in Chinese, thousands
in English), percentages, counts, dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from ui.i18n import current_language, spoken_language, t

MONEY_UNIT_KEY = "money_unit"
MONEY_UNITS = ("yuan", "wan")


def money_unit() -> str:
    """The unit the user picked for amounts: 'yuan' (default) or 'wan', the compact unit: 万 (ten thousand) in
    Chinese, ¥ thousands in English, the way each language's finance reports count. Inside ``speaking`` (the
    command line, the review report) there is no user to ask: yuan."""
    if spoken_language():
        return "yuan"
    unit = st.session_state.get(MONEY_UNIT_KEY, "yuan")
    return unit if unit in MONEY_UNITS else "yuan"


def money(value: Decimal | float | int | None, decimals: int = 0, unit: str | None = None) -> str:
    """¥ amount: '¥1,234,567' in yuan; in the compact unit '¥123.46万' (zh) or '¥1,234.57k' (en)."""
    if value is None:
        return "—"
    unit = unit or money_unit()
    amount = float(value)
    sign = "-" if amount < 0 else ""
    if unit == "wan":
        divisor, suffix = compact_unit()
        return f"{sign}¥{abs(amount) / divisor:,.2f}{suffix}"
    return f"{sign}¥{abs(amount):,.{decimals}f}"


def compact_unit() -> tuple[int, str]:
    """The compact unit's divisor and the suffix written after a number in it: (10000, '万') in Chinese,
    (1000, 'k') in English. '¥1,842.11 ×10k' was clipped in a tile, and English readers count in thousands."""
    return (10_000, "万") if current_language() == "zh" else (1_000, "k")


def money_scale() -> tuple[int, str]:
    """The divisor and unit label of the picked money unit, for charts and numeric tables: (1, '元') or
    (10000, '万元'); in English (1, '¥') or (1000, '¥k')."""
    return (compact_unit()[0], t("unit.wan")) if money_unit() == "wan" else (1, t("unit.yuan"))


def signed_money(value) -> str:
    """An amount with its sign: +¥1,234 or -¥1,234 (no sign on zero)."""
    return ("+" if value > 0 else "") + money(value)


def yuan_fen(value) -> str:
    """A per-unit amount (per contact, per FTE) in yuan with fen, whatever unit the page shows: ¥15.26."""
    return money(value, decimals=2, unit="yuan")


def percent(value: float | None, decimals: int = 1) -> str:
    """A share as a percentage: 0.8271 -> '82.7%'."""
    return "—" if value is None else f"{value * 100:.{decimals}f}%"


def signed_percent(share: float | None, decimals: int = 1) -> str:
    """A change as a signed percentage, '+1.2%' or '-7.9%': a tile's delta says which way without its arrow."""
    if share is None or share != share:
        return "—"
    return ("+" if share > 0 else "") + percent(share, decimals)


def points(change: float) -> str:
    """A change of a share in percentage points: 0.018 -> '+1.8 个百分点' / '+1.8 pp'; no change is '0.0', unsigned."""
    return f"{signed_tenths(change * 100)} " + ("个百分点" if current_language() == "zh" else "pp")


def signed_tenths(value: float) -> str:
    """A change to one decimal with its sign: +1.5 or -4.4; 0.0, unsigned, when it rounds to nothing."""
    shown = round(value, 1)
    return "0.0" if shown == 0 else f"{shown:+,.1f}"


def listing(items) -> str:
    """Items as one list with the UI language's separator: 电话、邮件 or phone, email."""
    return ("、" if current_language() == "zh" else ", ").join(items)


def count(value: int | float | None) -> str:
    """A whole number with thousands separators."""
    return "—" if value is None else f"{round(value):,}"


def signed_count(value: int | float) -> str:
    """A change in a count with its sign: +1,638 or -10,001 (no sign on zero)."""
    return ("+" if round(value) > 0 else "") + count(value)


def date(value: dt.date | None) -> str:
    """ISO date (both languages read it the same way)."""
    return "—" if value is None else value.isoformat()


def shown_as(frame: pd.DataFrame, formats: dict[str, Callable[[float], str]]) -> Styler:
    """A table for st.dataframe whose numbers read through `formats` (column → formatter, such as money or
    percent) and stay numbers underneath, so a click on a header sorts by value: formatted as text, ¥125,000
    sorted after ¥1,035,000. Missing values read "—"."""
    numbers = frame.astype({column: float for column in formats})
    others = [c for c in numbers.select_dtypes("float").columns if c not in formats]
    return numbers.style.format(formats, na_rep="—").format(_plain_number, subset=others, na_rep="—")


def _plain_number(value: float) -> str:
    """A number as it was stored, with thousands separators: Styler's default would write 0.353 as 0.353000."""
    return f"{value:,.10g}"


ROW_LABEL_WIDTH = 285
"""Pixels for a table's row labels: wide enough for "Social insurance & housing fund (employer)"."""


def row_labels_config(*columns: str) -> dict:
    """column_config for st.dataframe that keeps row labels readable instead of clipped: the index by default,
    or the named label columns (a cost sub-category column).

    Streamlit narrows the index of a wide table, so "Event: Double-11" and "Event: Double-12" both showed
    as "Event: Double-1". The index column stays pinned on the left while the months scroll.
    """
    return {column: st.column_config.Column(width=ROW_LABEL_WIDTH) for column in columns or ("_index",)}
