"""Cost structure page support: cached reads keyed by data_version, translated labels, display and export tables,
the period picker and the remembered widget choices.

Reads are cached by (data_version, period, choice); the database is read through a fresh cursor each time.
Export bytes are built in cached functions (CSV UTF-8 with BOM and XLSX through analytics.exports).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from analytics import cost_structure as cs
from analytics import exports, overview, reconciliation
from ui import data
from ui.format import count, listing, money, percent, shown_as, signed_money, yuan_fen
from ui.frame import remember, remembered_number
from ui.i18n import current_language, labeller, lang_key, lang_keys, t, t_or

STATE = "costs."
"""Prefix of the plain session_state keys that keep this page's choices across page switches."""
TABS = ("structure", "per_contact", "hidden", "shared", "reconciliation", "lease")
TAB_STATE = f"{STATE}tab"
"""The page's tabs (labels costs.tab.<code>) and the key of the open one."""
TAB_ADDRESS = "tab"
"""The address parameter that opens the page on a tab (cost_structure?tab=lease), as a link from another page."""


def open_addressed_tab() -> None:
    """Open the tab the address names, once: the parameter is dropped so that picking another tab sticks."""
    code = st.query_params.get(TAB_ADDRESS)
    if code is not None:
        if code in TABS:
            st.session_state[TAB_STATE] = code
        del st.query_params[TAB_ADDRESS]


# --- cached reads ---------------------------------------------------------------------------------------------


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def period_options(version: str, kind: str) -> list[cs.Period]:
    """Pickable periods of a kind, newest first (ends at the last complete month of the data)."""
    con = data.cursor()
    return cs.periods(cs.ledger_months(con), kind, overview.data_as_of(con))


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def breakdown(version: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    return cs.breakdown(data.cursor(), start, end)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def monthly_shares(version: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    return cs.monthly_shares(data.cursor(), start, end)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def structure_table(version: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    return cs.structure_table(data.cursor(), start, end)


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def cost_per_contact(
    version: str, start: dt.date, end: dt.date, by: str, basis: str
) -> tuple[pd.DataFrame, tuple[dt.date, dt.date] | None]:
    """Cost per contact and the months its basis data covers (None: nothing to allocate by)."""
    con = data.cursor()
    covered = cs.basis_months(con, start, end, by)
    if covered is None:
        return pd.DataFrame(), None
    return cs.cost_per_contact(con, start, end, by, basis), covered


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _held_months(version: str, by: str) -> tuple[dt.date, dt.date] | None:
    return cs.held_months(data.cursor(), by)


BASIS_IMPORTS = {"channel": "volume", "category": "tickets", "tier": "tickets"}
"""The import (analytics.ingest kind) that holds cost per contact's basis data, by what it is split by."""
DRIVER_IMPORTS = {"tickets": "tickets", "handle_time": "tickets", "headcount": "staff"}
"""The import that holds a shared-cost driver's data."""


def holds_driver(version: str, driver: str) -> bool:
    """Whether the database holds any data for the shared-cost `driver`, in whatever period."""
    return not data.empty_kinds(version, (DRIVER_IMPORTS[driver],))


def no_basis_message(version: str, by: str) -> str:
    """Why cost per contact is empty: the months the basis data does cover, or that there is none yet."""
    held = _held_months(version, by)
    if held is None:
        return t("costs.no_basis_any")
    return t("costs.no_basis", first=f"{held[0]:%Y-%m}", last=f"{held[1]:%Y-%m}")


def no_driver_message(version: str, driver: str) -> str:
    """Why the shared-cost allocation is empty: no data for the driver at all, or for the ticket drivers the
    months the ticket rows cover."""
    if not holds_driver(version, driver):
        return t("costs.no_driver_none")
    held = None if driver == "headcount" else _held_months(version, "category")
    if held is None:
        return t("costs.no_driver_any")
    return t("costs.no_driver", first=f"{held[0]:%Y-%m}", last=f"{held[1]:%Y-%m}")


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def default_hourly_cost(version: str, end: dt.date) -> float:
    """The loaded hourly cost the hidden costs use unless the user types one."""
    con = data.cursor()
    last_day = (pd.Timestamp(end) + pd.offsets.MonthEnd(0)).date()
    return cs.loaded_hourly_cost(con, min(last_day, overview.data_as_of(con) or last_day))


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def hidden_costs(version: str, start: dt.date, end: dt.date, params: cs.HiddenCostParams) -> pd.DataFrame:
    return cs.hidden_costs(data.cursor(), start, end, params)


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def allocate_shared(version: str, start: dt.date, end: dt.date, driver: str) -> pd.DataFrame | None:
    """Shared costs by team for a driver; None when the driver has no data in the period."""
    try:
        return cs.allocate_shared(data.cursor(), start, end, driver)
    except ValueError:
        return None


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def shared_total(version: str, start: dt.date, end: dt.date) -> Decimal:
    return cs.shared_total(data.cursor(), start, end)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def bridge(version: str, start: dt.date, end: dt.date) -> reconciliation.Bridge:
    return reconciliation.bridge(data.cursor(), start, end)


# --- labels ---------------------------------------------------------------------------------------------------


def period_label(period: cs.Period) -> str:
    """A period in words: '2026 年 1–10 月' / '2026 Jan–Oct', '2026 年第 3 季度' / '2026 Q3', ..."""
    year, month = period.end.year, period.end.month
    values = dict(year=year, month=t(f"costs.month.{month}"))
    if period.kind == "year":
        return t("costs.period.year" if month == 12 else "costs.period.ytd", **values)
    if period.kind == "quarter":
        quarter = (month - 1) // 3 + 1
        key = "costs.period.quarter" if month % 3 == 0 else "costs.period.quarter_to_date"
        return t(key, quarter=quarter, **values)
    return t("costs.period.month", **values)


def level1_labels() -> dict[str, str]:
    return {level1: t(f"cost.{level1}") for level1 in cs.cost_model.LEVEL1_ORDER}


def level2_label(code: str) -> str:
    return t_or(f"cost2.{code.split('.', 1)[-1]}", code)


def key_label(by: str, key: str) -> str:
    """A channel, ticket category or customer tier in words (unknown values shown as they are)."""
    prefix = {"channel": "channel.", "category": "costs.cat.", "tier": "costs.tier."}[by]
    return t_or(f"{prefix}{key}", key)


def team_label(team: str) -> str:
    return t_or(f"costs.team.{team}", team)


def cost_center_label(center: str) -> str:
    return t_or(f"costs.cc.{center}", center)


def bridge_item_labels(items: pd.DataFrame) -> list[str]:
    """One unique display label per bridge item: its taxonomy leaves in words, with the side when it repeats."""
    labels = [" + ".join(level2_label(c) for c in codes.split(", ")) for codes in items["taxonomy_code"]]
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    return [
        t("costs.item_with_kind", label=label, kind=t(f"costs.kind.{kind}")) if seen[label] > 1 else label
        for label, kind in zip(labels, items["source"], strict=True)
    ]


# --- tables: `display` formats ¥ for the screen; `export` keeps numbers for CSV / Excel -----------------------


def _columns(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    return frame[list(names)].rename(columns={k: t(v) for k, v in names.items()})


_BREAKDOWN = {
    "level1": "costs.col.level1",
    "level2": "costs.col.level2",
    "amount": "costs.col.amount",
    "share": "costs.col.share",
}


def breakdown_table(frame: pd.DataFrame, display: bool) -> pd.DataFrame | Styler:
    """Each level-2 category's amount and share; for the screen with ¥ and % (sorting by value)."""
    shown = frame.assign(
        level1=frame["level1"].map(level1_labels()),
        level2=frame["taxonomy_code"].map(level2_label),
    )
    table = _columns(shown, _BREAKDOWN)
    if display:
        return shown_as(table, {t("costs.col.amount"): money, t("costs.col.share"): percent})
    return table


_STRUCTURE = {
    "month": "budget.col.month",
    "level1": "budget.col.level1",
    "level2": "budget.col.level2",
    "code": "budget.col.code",
    "cost_center": "budget.col.cost_center",
    "amount": "budget.col.amount",
}
"""The budget lines' download headers: finance matches spend with budget by category code and cost center."""


def structure_export(frame: pd.DataFrame) -> pd.DataFrame:
    """Spend by month, category and cost center as the downloads write it, in the budget lines' columns."""
    code = frame["level1"] + "." + frame["level2"]
    shown = frame.assign(
        month=[f"{m:%Y-%m}" for m in frame["month"]],
        level1=frame["level1"].map(level1_labels()),
        level2=code.map(level2_label),
        code=code,
    )
    return _columns(shown, _STRUCTURE)


_PER_CONTACT = {
    "key": "costs.col.key",
    "contacts": "costs.col.contacts",
    "handle_hours": "costs.col.handle_hours",
    "basis_share": "costs.col.basis_share",
    "allocated": "costs.col.allocated",
    "cost_per_contact": "costs.col.cpc",
}


def per_contact_table(frame: pd.DataFrame, by: str, display: bool) -> pd.DataFrame | Styler:
    """Cost per contact by channel, category or team, with the contacts and hours the shares come from."""
    shown = frame.assign(key=[key_label(by, k) for k in frame["key"]])
    if display:
        formats = {
            "contacts": count,
            "handle_hours": count,
            "basis_share": percent,
            "allocated": money,
            "cost_per_contact": yuan_fen,
        }
        return shown_as(_columns(shown, _PER_CONTACT), {t(_PER_CONTACT[k]): f for k, f in formats.items()})
    return _columns(shown.assign(handle_hours=shown["handle_hours"].round(2)), _PER_CONTACT)


def _driver_value(value: float) -> str:
    """A driver's value: a count without decimals, hours or a share with one."""
    return f"{value:,.0f}" if value == round(value) else f"{value:,.1f}"


_HIDDEN_SHOWN = {"item": "costs.col.item", "amount": "costs.col.computed", "booked": "costs.col.booked"}
_HIDDEN = {
    "item": "costs.col.item",
    "amount": "costs.col.computed",
    "booked": "costs.col.booked",
    "formula": "costs.col.formula",
    "basis": "costs.col.numbers",
}


def hidden_table(frame: pd.DataFrame, display: bool) -> pd.DataFrame | Styler:
    """Each hidden cost as computed and as booked; the export adds the formula and its numbers."""
    shown = frame.assign(
        item=[level2_label(f"hidden.{k}") for k in frame["item"]],
        formula=[t(f"costs.formula.{k}") for k in frame["item"]],
    )
    if display:
        return shown_as(_columns(shown, _HIDDEN_SHOWN), {t(_HIDDEN[k]): money for k in ("amount", "booked")})
    return _columns(shown, _HIDDEN)


def hidden_formulas(frame: pd.DataFrame) -> str:
    """Markdown: each hidden cost's formula in words, then with the numbers, then the result."""
    return "\n".join(
        f"- **{level2_label(f'hidden.{item}')}** = {t(f'costs.formula.{item}')}  \n"
        f"  = {basis} = {yuan_fen(amount)}"
        for item, basis, amount in zip(frame["item"], frame["basis"], frame["amount"], strict=True)
    )


def shared_table(frame: pd.DataFrame, display: bool) -> pd.DataFrame | Styler:
    """Teams as rows: driver value, share, the allocation per shared cost center, and the total."""
    teams = frame.drop_duplicates("team").set_index("team")[["driver_value", "share"]]
    pivot = frame.pivot_table(index="team", columns="cost_center", values="allocated", aggfunc="sum")
    pivot = pivot.reindex(columns=[c for c in cs.SHARED_COST_CENTERS if c in pivot.columns])
    table = teams.join(pivot)
    table["total"] = frame.groupby("team")["allocated"].sum()
    table = table.reset_index()
    names = {
        "team": t("costs.col.team"),
        "driver_value": t("costs.col.driver_value"),
        "share": t("costs.col.share"),
    }
    names |= {c: cost_center_label(c) for c in pivot.columns}
    names["total"] = t("costs.col.total")
    table["team"] = table["team"].map(team_label)
    if display:
        formats = {"driver_value": _driver_value, "share": percent} | {
            c: money for c in [*pivot.columns, "total"]
        }
        return shown_as(table.rename(columns=names), {names[c]: f for c, f in formats.items()})
    if (table["driver_value"] == table["driver_value"].round()).all():
        table["driver_value"] = table["driver_value"].astype("int64")  # a count: no decimals in the export
    else:
        table["driver_value"] = table["driver_value"].round(2)
    return table.rename(columns=names)


_BRIDGE = {
    "label": "costs.col.item",
    "finance_amount": "costs.col.finance",
    "ops_amount": "costs.col.ops",
    "agreed_amount": "costs.col.agreed",
    "amount": "costs.col.difference",
    "explanation": "costs.col.explanation",
    "source": "costs.col.source",
    "finance_categories": "costs.col.finance_categories",
    "ops_categories": "costs.col.ops_categories",
    "cost_centers": "costs.col.cost_centers",
}
"""Amounts and the reason first: on a laptop screen they are what must fit; the category lists can scroll."""


AS_BOOKED = ("finance_categories", "ops_categories", "cost_centers")
"""The bridge's audit columns: the ledger accounts, ops sheet lines and cost centers each item was booked under."""


def bridge_table(result: reconciliation.Bridge, display: bool, as_booked: bool = True) -> pd.DataFrame:
    """The side-by-side table: each item's finance, ops and agreed amounts, the difference and why; with
    `as_booked`, also where each item was booked (AS_BOOKED)."""
    items = result.items
    shown = items.assign(
        label=bridge_item_labels(items),
        source=[t(f"costs.kind.{k}") for k in items["source"]],
        explanation=[t(f"costs.why.{k}") for k in items["explanation"]],
    )
    total = {
        "label": t("costs.col.total"),
        "source": "",
        "finance_categories": "",
        "ops_categories": "",
        "cost_centers": "",
        "finance_amount": result.finance_total,
        "ops_amount": result.ops_total,
        "agreed_amount": result.agreed_total,
        "amount": result.gap,
        "explanation": "",
    }
    names = {k: v for k, v in _BRIDGE.items() if as_booked or k not in AS_BOOKED}
    table = _columns(pd.concat([shown, pd.DataFrame([total])], ignore_index=True), names)
    if display:
        formats = {
            "finance_amount": money,
            "ops_amount": money,
            "agreed_amount": money,
            "amount": signed_money,
        }
        return shown_as(table, {t(_BRIDGE[k]): f for k, f in formats.items()})
    return table


# --- downloads ------------------------------------------------------------------------------------------------

EXPORTS = ("structure", "breakdown", "per_contact", "hidden", "shared", "bridge")


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def export_bytes(
    version: str,
    what: str,
    start: dt.date,
    end: dt.date,
    lang: str,
    fmt: str,
    choice: str = "",
    params: cs.HiddenCostParams | None = None,
) -> bytes:
    """A table of the page as CSV (UTF-8 with BOM) or XLSX, headers in the page's language.

    choice: 'by|basis' for per_contact, the driver for shared.
    """
    if what == "structure":
        frame = structure_export(structure_table(version, start, end))
    elif what == "breakdown":
        frame = breakdown_table(breakdown(version, start, end), display=False)
    elif what == "per_contact":
        by, basis = choice.split("|")
        frame = per_contact_table(cost_per_contact(version, start, end, by, basis)[0], by, display=False)
    elif what == "hidden":
        frame = hidden_table(hidden_costs(version, start, end, params), display=False)
    elif what == "shared":
        frame = shared_table(allocate_shared(version, start, end, choice), display=False)
    elif what == "bridge":
        frame = bridge_table(bridge(version, start, end), display=False).iloc[:-1]
    else:
        raise ValueError(f"unknown export {what!r}")
    percent_columns = [t(k) for k in ("costs.col.share", "costs.col.basis_share")]
    if fmt == "xlsx":
        return exports.xlsx_bytes(
            frame,
            what,
            percent=percent_columns,
            ratios=[t("costs.col.cpc")],
            total_label=t("costs.col.total"),
        )
    return exports.csv_bytes(frame, percent=percent_columns)


def downloads(what: str, start: dt.date, end: dt.date, choice: str = "", params=None) -> None:
    """CSV and Excel download buttons for one of the page's tables."""
    version = data.data_version()
    lang = current_language()
    stem = f"costs_{what}_{start:%Y%m}_{end:%Y%m}"
    row = st.container(
        horizontal=True
    )  # buttons as wide as their labels, also in presentation mode's large type
    for fmt, mime in exports.MIME_TYPES.items():
        row.download_button(
            t(f"costs.download_{fmt}"),
            data=export_bytes(version, what, start, end, lang, fmt, choice, params),
            file_name=f"{stem}.{fmt}",
            mime=mime,
            on_click="ignore",
            key=f"cs_dl_{what}_{fmt}",
        )


# --- widgets whose choice survives page switches and language switches ----------------------------------------


def choice(
    label_key: str, options: tuple[str, ...] | list[str], name: str, labels, horizontal: bool = True
) -> str:
    """A radio (horizontal) or selectbox whose value is kept in the plain key costs.<name>.

    `labels` is a format_func: labeller(...) or a dict's .get.
    """
    state_key = STATE + name
    if st.session_state.get(state_key) not in options:
        st.session_state[state_key] = options[0]
    widget_key = lang_key(f"cs_{name}")
    index = list(options).index(st.session_state[state_key])
    widget = st.radio if horizontal else st.selectbox
    extra = {"horizontal": True} if horizontal else {}
    return widget(
        t(label_key),
        options,
        index=index,
        format_func=labels,
        key=widget_key,
        on_change=remember,
        args=(widget_key, state_key),
        **extra,
    )


def pick_period(version: str) -> cs.Period | None:
    """The period picker (kind, then the period); defaults to the last complete year to date."""
    kind = choice(
        "costs.period_kind", cs.PERIOD_KINDS, "period_kind", labeller("costs.kind.", cs.PERIOD_KINDS)
    )
    options = period_options(version, kind)
    if not options:
        return None
    by_label = {p.label: p for p in options}
    picked = choice(
        "costs.period",
        list(by_label),
        f"period_{kind}",
        {p.label: period_label(p) for p in options}.get,
        horizontal=False,
    )
    return by_label[picked]


HIDDEN_INPUTS: tuple[tuple[str, float, float, float], ...] = (
    ("recruiting_per_leaver", 0.0, 50_000.0, 100.0),
    ("training_hours_per_hire", 0.0, 800.0, 8.0),
    ("ramp_hours_per_hire", 0.0, 800.0, 8.0),
    ("ramp_productivity", 0.0, 100.0, 5.0),
    ("complaint_hours", 0.0, 20.0, 0.25),
    ("rework_hours_per_fte_month", 0.0, 80.0, 1.0),
)
"""Editable hidden-cost assumptions: (HiddenCostParams field, min, max, step); ramp productivity in %."""


def _hidden_defaults() -> dict[str, float]:
    base = cs.HiddenCostParams()
    values = {name: float(getattr(base, name)) for name, *_ in HIDDEN_INPUTS}
    values["ramp_productivity"] *= 100
    return values


def reset_hidden(hourly: float) -> None:
    """Callback of the reset button: every assumption back to its default (widgets follow)."""
    defaults = _hidden_defaults() | {"hourly_cost": hourly}
    for name, value in defaults.items():
        st.session_state[f"{STATE}hidden.{name}"] = value
        st.session_state[lang_key(f"cs_hidden_{name}")] = value


def hidden_inputs(hourly_default: float) -> cs.HiddenCostParams:
    """Number inputs for the hidden-cost assumptions (kept across page and language switches)."""
    defaults = _hidden_defaults() | {"hourly_cost": hourly_default}
    specs = [*HIDDEN_INPUTS, ("hourly_cost", 0.0, 1_000.0, 1.0)]
    values: dict[str, float] = {}
    columns = st.columns(4)
    for i, (name, low, high, step) in enumerate(specs):
        help_text = (
            t("costs.param.hourly_help", value=f"{hourly_default:,.2f}") if name == "hourly_cost" else None
        )
        values[name] = remembered_number(
            columns[i % 4],
            t(f"costs.param.{name}"),
            f"{STATE}hidden.{name}",
            f"cs_hidden_{name}",
            defaults[name],
            low,
            high,
            step,
            help_text,
        )
    values["ramp_productivity"] = values["ramp_productivity"] / 100
    fields = {f.name for f in dataclasses.fields(cs.HiddenCostParams)}
    return cs.HiddenCostParams(**{k: float(v) for k, v in values.items() if k in fields})


def both_sides(result: reconciliation.Bridge) -> bool:
    """True when finance's ledger and ops' sheet both hold costs for the period, so there is a gap to explain."""
    return bool(result.finance_total) and bool(result.ops_total)


def missing_side(result: reconciliation.Bridge) -> str:
    """'finance', 'ops' or 'both': what a reconciliation that cannot be made lacks."""
    if result.finance_total:
        return "ops"
    return "finance" if result.ops_total else "both"


def missing_side_message(version: str, result: reconciliation.Bridge) -> str:
    """Why there is nothing to reconcile, naming the source systems read as each side and, when neither has
    costs, the ones the ledger holds."""
    names = {"finance": side_names(result.finance_sources), "ops": side_names(result.ops_sources)}
    return t(f"costs.recon.no_{missing_side(result)}", sources=listing(cost_sources(version)), **names)


def missing_side_source(result: reconciliation.Bridge) -> str | None:
    """The source system to import the missing side's costs under: its one system, else none typed in."""
    systems = result.ops_sources if missing_side(result) == "ops" else result.finance_sources
    return systems[0] if len(systems) == 1 else None


def side_names(systems: tuple[str, ...]) -> str:
    """A side's source systems in words, or that none is picked."""
    return listing(list(systems)) if systems else t("costs.recon.side.none")


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def cost_sources(version: str) -> list[str]:
    """The source systems the cost ledger holds rows from."""
    return reconciliation.cost_sources(data.cursor())


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def sides(version: str) -> dict[str, tuple[str, ...]]:
    """The source systems read as finance's ledger and ops' sheet."""
    return reconciliation.sides(data.cursor())


def side_pickers(version: str) -> None:
    """Which source systems are finance's ledger and which ops' sheet, picked among those the ledger holds
    (several a side when a ledger changed systems); the picks are kept for the team, and picking a system the
    other side has moves it over."""
    sources, chosen = cost_sources(version), sides(version)
    for column, side in zip(st.columns(2), reconciliation.SIDES, strict=True):
        key = lang_key(f"_cs_side_{side}")
        column.multiselect(
            t(f"costs.recon.side.{side}"),
            sources,
            default=[system for system in chosen[side] if system in sources],
            placeholder=t("costs.recon.side.placeholder"),
            help=t("costs.recon.side.help"),
            key=key,
            on_change=save_side,
            args=(side, key),
        )


def save_side(side: str, widget_key: str) -> None:
    """on_change callback of a side picker: store the picks (bumps the data version); a system the other side
    had leaves it."""
    picked, chosen = list(st.session_state.get(widget_key) or []), sides(data.data_version())
    other = "ops" if side == "finance" else "finance"
    kept = [system for system in chosen[other] if system not in picked]
    if len(kept) < len(chosen[other]):
        for key in lang_keys(f"_cs_side_{other}"):  # its widget would keep showing the moved system
            st.session_state.pop(key, None)
    reconciliation.set_sides(data.cursor(), **{side: picked, other: kept})


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def headline(version: str, start: dt.date, end: dt.date) -> dict[str, object]:
    """The page's four tiles: agreed spend, labor share, cost per contact (all channels), finance − ops gap (and
    the side it lacks when there is none)."""
    parts = breakdown(version, start, end)
    total = sum(parts["amount"], Decimal("0.00"))
    labor = parts.loc[parts["level1"].isin(["direct_labor", "indirect_labor"]), "share"].sum()
    per_channel, _ = cost_per_contact(version, start, end, "channel", "contacts")
    contacts = int(per_channel["contacts"].sum()) if len(per_channel) else 0
    allocated = sum(per_channel["allocated"], Decimal("0.00")) if len(per_channel) else Decimal("0.00")
    result = bridge(version, start, end)
    gap = result.finance_total - result.ops_total if both_sides(result) else None  # else nothing to compare
    return {
        "total": total,
        "labor_share": float(labor),
        "cost_per_contact": (allocated / contacts).quantize(cs.CENT) if contacts else None,
        "gap": gap,
        "gap_share": float(gap / result.ops_total) if gap is not None else None,
        "missing_side": None if gap is not None else missing_side(result),
    }
