"""The cost structure page's 「买还是租」 tab: the terms of one kind of kit (kept per kind across page and
language switches), the comparison's tiles and verdict, the cumulative-cash chart, the yearly table and the
monthly CSV."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from analytics import exports
from analytics import lease_or_buy as lob
from ui import charts_costs, data
from ui.cost_structure import choice
from ui.format import money, money_scale, yuan_fen
from ui.frame import grid, remembered_number
from ui.i18n import labeller, lang_keys, t

STATE = "costs.lease."

INPUTS: tuple[tuple[str, float, float, float], ...] = (
    ("units", 1, 100_000, 1),
    ("price", 1.0, 10_000_000.0, 100.0),
    ("life_months", 1, 240, 6),
    ("resale_share", 0.0, 95.0, 5.0),
    ("upkeep_rate", 0.0, 100.0, 1.0),
    ("lease_fee", 0.0, 1_000_000.0, 10.0),
    ("months_per_year", 1, 12, 1),
    ("discount_rate", 0.0, 100.0, 0.5),
)
"""The Terms fields as inputs: (name, min, max, step); whole numbers for counts, shares and rates in %."""
PERCENT_INPUTS = ("resale_share", "upkeep_rate", "discount_rate")
HELPED_INPUTS = ("upkeep_rate", "lease_fee", "months_per_year", "discount_rate")
SEAT_KIT = ("computers", "headsets", "furniture")
"""Kit bought one per in-house seat: its starting quantity is the seats."""


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _held(version: str) -> tuple[dt.date, int, dict[str, int | None]]:
    """The data's as-of date, the in-house seats then, and the register's life of each kit."""
    con = data.cursor()
    as_of = data.freshness(version)["as_of"] or dt.date.today()
    return as_of, lob.agent_seats(con, as_of), {kit: lob.register_life(con, kit) for kit in lob.KITS}


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _peak_seats(version: str) -> lob.PeakSeats | None:
    """The seats the coming promotions are short of, as the home page estimates them."""
    return lob.peak_seats(data.cursor(), data.home_peaks(version))


def starting_terms(version: str) -> tuple[dict[str, lob.Terms], dict[str, str]]:
    """Each kit's starting terms (the market references, with the register's life and the in-house seats
    where the data has them) and a sentence per kit on where they come from."""
    as_of, seats, lives = _held(version)
    terms, sources = {}, {}
    for kit in lob.KITS:
        start, said = lob.REFERENCE_TERMS[kit], []
        counted = kit in SEAT_KIT and seats > 0
        if counted:
            start = dataclasses.replace(start, units=seats)
            said.append(t("costs.lease.source.seats", date=as_of.isoformat(), seats=seats))
        if lives[kit]:
            start = dataclasses.replace(start, life_months=lives[kit])
            said.append(t("costs.lease.source.life", life=lives[kit]))
        said.append(t("costs.lease.source.reference" if counted else "costs.lease.source.reference_units"))
        terms[kit], sources[kit] = start, t("costs.lease.source.joiner").join(said)
    return terms, sources


def _shown(terms: lob.Terms) -> dict[str, float]:
    values = dataclasses.asdict(terms)
    return {k: round(v * 100, 2) if k in PERCENT_INPUTS else v for k, v in values.items()}


def _set_terms(kit: str, values: dict[str, float]) -> None:
    """Put values into the kit's inputs (as shown: rates in %); the widgets follow on the rerun."""
    for name, value in values.items():
        st.session_state[f"{STATE}{kit}.{name}"] = value
        for key in lang_keys(f"cs_lease_{kit}_{name}"):
            st.session_state.pop(key, None)


def reset(kit: str, start: lob.Terms) -> None:
    """Callback of the reset button: the kit's terms back to their starting values."""
    _set_terms(kit, _shown(start))


def use_peak_seats(kit: str, seats: lob.PeakSeats) -> None:
    """Callback of the peak button: the units and months a year of the seats added for the promotions."""
    _set_terms(kit, {"units": seats.units, "months_per_year": seats.months_per_year})


def peak_text(seats: lob.PeakSeats) -> str:
    """Each coming promotion's gap and lease months, and the case the peak button sets."""
    peaks = t("costs.lease.peak.joiner").join(
        t(
            "costs.lease.peak.one",
            event=t(f"event.{p.event_key}"),
            date=p.peak_start.isoformat(),
            gap=p.gap,
            days=p.days,
            months=p.months,
        )
        for p in seats.peaks
    )
    return t("costs.lease.peak.text", peaks=peaks, units=seats.units, months=seats.months_per_year)


def inputs(kit: str, start: lob.Terms) -> lob.Terms:
    """Number inputs for one kit's terms, four to a row."""
    defaults = _shown(start)
    values = {}
    # a row of columns per four inputs, aligned at the bottom: in presentation mode's large type some labels
    # wrap to two lines and the boxes would otherwise sit at different heights
    columns = [
        column for _ in range(0, len(INPUTS), 4) for column in st.columns(4, vertical_alignment="bottom")
    ]
    for i, (name, low, high, step) in enumerate(INPUTS):
        values[name] = remembered_number(
            columns[i],
            t(f"costs.lease.param.{name}"),
            f"{STATE}{kit}.{name}",
            f"cs_lease_{kit}_{name}",
            defaults[name],
            low,
            high,
            step,
            t(f"costs.lease.help.{name}") if name in HELPED_INPUTS else None,
        )
    for name in PERCENT_INPUTS:
        values[name] = values[name] / 100
    return lob.Terms(**values)


def verdict(result: lob.Comparison, terms: lob.Terms) -> str:
    """One sentence: which way is cheaper, by how much, and the lease fee that would turn it."""
    return t(
        f"costs.lease.verdict.{result.cheaper}",
        months=terms.life_months,
        saving=money(result.saving),
        breakeven=yuan_fen(result.breakeven_fee),
    )


def months_text(result: lob.Comparison) -> str:
    """How many months a year the kit may be used for leasing, at the fee typed, to stay the cheaper way."""
    months = result.breakeven_months
    if months is None or months >= 12:
        return t("costs.lease.months_line.all")
    return t("costs.lease.months_line.some", months=f"{months:.1f}")


def crossover_text(result: lob.Comparison) -> str:
    """The month from which leasing has paid out more cash than buying, or that it never does."""
    if result.crossover_month is None:
        return t("costs.lease.crossover.never")
    return t("costs.lease.crossover.month", month=result.crossover_month)


def yearly_table(result: lob.Comparison) -> pd.DataFrame:
    """Per year of the life: cash paid and budget expense both ways, then a total row (amounts in ¥)."""
    schedule = result.schedule
    amounts = ["buy_cash", "lease_cash", "buy_expense", "lease_expense"]
    years = schedule.groupby((schedule["month"] - 1) // 12 + 1)[amounts].sum()
    table = years.reset_index(names="year")
    table["year"] = [t("costs.lease.year", year=y) for y in table["year"]]
    total = {"year": t("costs.col.total"), **{c: years[c].sum() for c in amounts}}
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    return table.rename(columns={c: t(f"costs.lease.col.{c}") for c in ["year", *amounts]})


def schedule_bytes(result: lob.Comparison, fmt: str, sheet: str = "") -> bytes:
    """The monthly schedule as CSV (UTF-8 with BOM) or XLSX (one sheet named `sheet`, a totals row of the
    payments and expenses), headers in the page's language."""
    frame = result.schedule.rename(columns={c: t(f"costs.lease.col.{c}") for c in result.schedule.columns})
    if fmt == "xlsx":
        summed = [
            t(f"costs.lease.col.{c}") for c in ("buy_cash", "lease_cash", "buy_expense", "lease_expense")
        ]
        return exports.xlsx_bytes(frame, sheet, totals=summed, total_label=t("costs.col.total"))
    return exports.csv_bytes(frame)


def tab(version: str, presentation: bool) -> None:
    """The whole tab: pick the kit, set its terms, read the comparison."""
    st.caption(t("costs.lease.intro"))
    starts, sources = starting_terms(version)
    kit = choice("costs.lease.kit", lob.KITS, "lease_kit", labeller("costs.lease.kit.", lob.KITS))
    with st.container(border=True):
        terms = inputs(kit, starts[kit])
        st.caption(sources[kit])
        peaks = _peak_seats(version) if kit in SEAT_KIT else None
        if peaks is not None:
            st.caption(peak_text(peaks))
        buttons = st.container(horizontal=True)
        buttons.button(
            t("costs.lease.reset"), key=f"cs_lease_reset_{kit}", on_click=reset, args=(kit, starts[kit])
        )
        if peaks is not None:
            buttons.button(
                t("costs.lease.peak.button"),
                key=f"cs_lease_peak_{kit}",
                on_click=use_peak_seats,
                args=(kit, peaks),
            )
    result = lob.compare(terms)
    tiles = st.columns(4)
    tiles[0].metric(
        t("costs.lease.kpi.buy"), money(result.buy_cost), help=t("costs.lease.kpi.pv_help"), border=True
    )
    tiles[1].metric(t("costs.lease.kpi.lease"), money(result.lease_cost), border=True)
    tiles[2].metric(
        t("costs.lease.kpi.breakeven"),
        yuan_fen(result.breakeven_fee),
        help=t("costs.lease.kpi.breakeven_help"),
        border=True,
    )
    tiles[3].metric(t("costs.lease.kpi.crossover"), crossover_text(result), border=True)
    st.markdown(verdict(result, terms))
    st.markdown(months_text(result))
    st.markdown(f"**{t('costs.lease.chart')}**")
    divisor, unit = money_scale()
    crossover = result.crossover_month
    figure = charts_costs.cash_paid_so_far(
        result.schedule,
        t("costs.lease.buy"),
        t("costs.lease.lease"),
        t("costs.lease.month_axis"),
        crossover,
        t("costs.lease.crossover.note", month=crossover) if crossover else "",
        divisor,
        f" {unit}",
        presentation,
    )
    st.plotly_chart(figure, key="cs_lease_chart", theme=None)
    st.markdown(f"**{t('costs.lease.table_title')}**")
    table = yearly_table(result)
    amount_columns = list(table.columns[1:])
    grid(
        table.style.format({c: money for c in amount_columns}),
        hide_index=True,
        width="stretch",
        key="cs_lease_table",
    )
    st.caption(t("costs.lease.note"))
    row = st.container(horizontal=True)
    for fmt, mime in exports.MIME_TYPES.items():
        row.download_button(
            t(f"costs.lease.download_{fmt}"),
            schedule_bytes(result, fmt, t(f"costs.lease.kit.{kit}")),
            file_name=f"lease_or_buy_{kit}.{fmt}",
            mime=mime,
            on_click="ignore",
            key=f"cs_lease_download_{fmt}",
            icon=":material/download:",
        )
