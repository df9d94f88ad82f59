"""The budget-vs-actual section (预算执行) of the budget page: YTD tiles, budget vs actual by month, the
category × cost center table with traffic lights, drill-down to the ledger rows, the full-year outlook with
alerts, and the labor variance waterfall with its effects in words. `render(budget_id)` draws it; reads are
cached by data_version."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from analytics import exports, overview, variance
from ui import charts_budget, data
from ui.format import count, money, money_scale, percent, row_labels_config, shown_as, signed_percent
from ui.frame import presentation, remember, wide_table
from ui.i18n import current_language, lang_key, t, t_or

_ALL = "*"
STATE = "budget.variance."
"""Prefix of the plain session_state keys that keep the section's choices (period, sub-categories, drill-down)
through page and language switches; the widgets' own keys change with the language."""


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _as_of(version: str) -> dt.date | None:
    return overview.data_as_of(data.cursor())


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _budget_year(budget_id: int, version: str) -> int | None:
    rows = data.cursor().execute("SELECT year FROM budgets WHERE budget_id = ?", [budget_id]).fetchall()
    return int(rows[0][0]) if rows else None


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _by(budget_id: int, as_of: dt.date, by: tuple[str, ...], version: str) -> pd.DataFrame:
    return variance.budget_vs_actual(data.cursor(), budget_id, as_of, by=by)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _outlook(budget_id: int, as_of: dt.date, version: str) -> pd.DataFrame:
    return variance.full_year_outlook(data.cursor(), budget_id, as_of)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _outlook_by_month(budget_id: int, as_of: dt.date, version: str) -> pd.DataFrame:
    return variance.outlook_by_month(data.cursor(), budget_id, as_of)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _reserve(budget_id: int, version: str) -> Decimal:
    return variance.reserve(data.cursor(), budget_id)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _alerts(budget_id: int, as_of: dt.date, version: str) -> pd.DataFrame:
    return variance.alerts(data.cursor(), budget_id, as_of)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _labor(budget_id: int, first: dt.date, last: dt.date, version: str) -> pd.DataFrame:
    return variance.labor_variance(data.cursor(), budget_id, first, last)


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _ledger(
    first: dt.date, last: dt.date, level1: str, code: str | None, cost_center: str | None, version: str
) -> pd.DataFrame:
    return variance.ledger_rows(
        data.cursor(), first, last, level1=level1, taxonomy_code=code, cost_center=cost_center
    )


def _unit() -> tuple[float, str]:
    divisor, unit = money_scale()
    return divisor, f" {unit}"


_STATUS_COLOURS = {
    "green": "#D5EFE2",
    "amber": "#FCE3B0",
    "red": "#F7C9BE",
    "under": "#DCE8F7",
    "future": "#EEF0F3",
}
"""Traffic-light cell backgrounds (light tints of the palette's green, orange and vermilion, readable on a
projector; no emoji, which headless and some office browsers draw as empty boxes)."""


_MONEY_COLUMNS = ("budget", "actual", "variance", "ytd", "forecast", "outlook", "outlook_variance")
_PERCENT_COLUMNS = ("variance_pct", "run_rate")


def styled(table: pd.DataFrame, statuses: pd.Series) -> Styler:
    """The table with ¥ and % read as such (numbers underneath, so a header click sorts by value) and its
    status column tinted by traffic light."""
    formats = {t(f"variance.col.{k}"): money for k in _MONEY_COLUMNS}
    formats |= {t(f"variance.col.{k}"): percent for k in _PERCENT_COLUMNS}
    colours = [f"background-color: {_STATUS_COLOURS.get(s, '#FFFFFF')}" for s in statuses]
    shown = shown_as(table, {column: f for column, f in formats.items() if column in table.columns})
    return shown.apply(lambda _column: colours, subset=[t("variance.col.status")])


def _status_label(status: str) -> str:
    return t(f"variance.status.{status}")


def category_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A budget-vs-actual frame with translated headers and labels; amounts as Decimal and variance % as a
    fraction, for the exports as they are and for the screen through `styled`."""
    out = pd.DataFrame(index=frame.index)
    if "month" in frame:
        out[t("variance.col.month")] = [m.strftime("%Y-%m") for m in frame["month"]]
    if "level1" in frame:
        out[t("variance.col.level1")] = [t_or(f"cost.{v}", v) for v in frame["level1"]]
    if "level2" in frame:
        out[t("variance.col.level2")] = [t_or(f"cost2.{v}", v) for v in frame["level2"]]
    if "cost_center" in frame:
        out[t("variance.col.cost_center")] = frame["cost_center"]
    for name in ("budget", "actual", "variance"):
        out[t(f"variance.col.{name}")] = frame[name]
    out[t("variance.col.variance_pct")] = frame["variance_pct"].astype(float)
    out[t("variance.col.status")] = [_status_label(s) for s in frame["status"]]
    return out


def _kpis(ytd: pd.DataFrame, outlook: pd.DataFrame) -> None:
    budget = sum(ytd["budget"])
    actual = sum(ytd["actual"])
    full_budget = sum(outlook["budget"])
    full_outlook = sum(outlook["outlook"])
    share = float(actual - budget) / float(budget) if budget else None
    outlook_share = float(full_outlook - full_budget) / float(full_budget) if full_budget else None
    top = st.columns(2)
    bottom = st.columns(2)
    top[0].metric(t("variance.kpi.budget_ytd"), money(budget))
    top[1].metric(
        t("variance.kpi.actual_ytd"),
        money(actual),
        delta=None if share is None else signed_percent(share),
        delta_color="inverse",
    )
    gap = actual - budget
    bottom[0].metric(t("variance.kpi.variance_ytd"), ("+" if gap > 0 else "") + money(gap))
    bottom[1].metric(
        t("variance.kpi.outlook"),
        money(full_outlook),
        delta=None
        if outlook_share is None
        else t("variance.kpi.vs_budget", delta=signed_percent(outlook_share)),
        delta_color="inverse",
        help=t("variance.kpi.outlook_help"),
    )


def _monthly_chart(monthly: pd.DataFrame) -> None:
    st.markdown(f"#### {t('variance.monthly')}")
    divisor, suffix = _unit()
    labels = {k: t(f"variance.chart.{k}") for k in ("budget", "actual", "month")}
    fig = charts_budget.budget_vs_actual_by_month(monthly, labels, divisor, suffix, presentation())
    st.plotly_chart(fig, theme=None, key="variance_monthly")


def _period_labels(year: int, last: dt.date) -> dict[str, str]:
    months = pd.date_range(dt.date(year, 1, 1), last, freq="MS").date
    return {_ALL: t("variance.drill.ytd"), **{m.isoformat(): m.strftime("%Y-%m") for m in months}}


def _period(period: str, year: int, last: dt.date) -> tuple[dt.date, dt.date]:
    return (dt.date(year, 1, 1), last) if period == _ALL else (dt.date.fromisoformat(period),) * 2


def _kept_selectbox(column, label: str, options: list[str], labels: dict[str, str], name: str) -> str:
    """A selectbox whose choice (an option code, never its translated label) is kept in the plain key
    STATE + name, so a language or page switch, which draws a fresh widget, starts from it."""
    state_key, widget_key = STATE + name, lang_key(f"_variance_{name}")
    remembered = st.session_state.get(state_key)
    return column.selectbox(
        label,
        options,
        index=options.index(remembered) if remembered in options else 0,
        format_func=labels.get,
        key=widget_key,
        on_change=remember,
        args=(widget_key, state_key),
    )


def _table_by(detail: bool) -> tuple[str, ...]:
    return ("level1", "level2", "cost_center") if detail else ("level1", "cost_center")


def _closed_months(
    budget_id: int, as_of: dt.date, by: tuple[str, ...], period: str, version: str
) -> pd.DataFrame:
    """Rows by month and `by` for the period's closed months (all of them for year to date, or the one month);
    months not closed yet have a plan but no actual, so they are left out."""
    monthly = _by(budget_id, as_of, ("month", *by), version)
    keep = monthly["status"] != "future"
    if period != _ALL:
        keep &= monthly["month"] == dt.date.fromisoformat(period)
    return monthly[keep].reset_index(drop=True)


def _cells(
    budget_id: int, as_of: dt.date, year: int, last: dt.date, version: str
) -> tuple[pd.DataFrame, str, bool]:
    """The category × cost center table for a picked period (year to date or one closed month), optionally by
    sub-category; returns the cells shown, the period and whether sub-categories are shown."""
    st.markdown(f"#### {t('variance.table')}")
    labels = _period_labels(year, last)
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    period = _kept_selectbox(left, t("variance.col.period"), list(labels), labels, "period")
    detail_key, detail_widget = STATE + "detail", lang_key("_variance_detail")
    detail = right.toggle(
        t("variance.detail"),
        value=bool(st.session_state.get(detail_key, False)),
        key=detail_widget,
        on_change=remember,
        args=(detail_widget, detail_key),
    )
    by = _table_by(detail)
    if period == _ALL:
        cells = _by(budget_id, as_of, by, version)
    else:
        cells = _closed_months(budget_id, as_of, by, period, version).drop(columns="month")
    wide_table(
        styled(category_table(cells), cells["status"]),
        hide_index=True,
        width="stretch",
        column_config=row_labels_config(t("variance.col.level2")),
    )
    return cells, period, detail


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def export_bytes(
    budget_id: int, as_of: dt.date, period: str, detail: bool, lang: str, fmt: str, version: str
) -> bytes:
    """The budget-vs-actual table of the picked period by month, as CSV (UTF-8 with BOM) or XLSX with a totals
    row; headers and labels in the page's language (`lang` keys the cache), amounts to the cent, variance % as a
    fraction. Only closed months, so the totals compare like with like."""
    frame = category_table(_closed_months(budget_id, as_of, _table_by(detail), period, version))
    percent_columns = [t("variance.col.variance_pct")]
    if fmt == "xlsx":
        return exports.xlsx_bytes(
            frame, t("variance.export.sheet"), percent=percent_columns, total_label=t("variance.col.total")
        )
    return exports.csv_bytes(frame, percent=percent_columns)


_DOWNLOADS = tuple(exports.MIME_TYPES.items())


def _downloads(
    budget_id: int, as_of: dt.date, year: int, last: dt.date, period: str, detail: bool, version: str
) -> None:
    """CSV and Excel download buttons for the budget-vs-actual table, as wide as their labels."""
    lang = current_language()
    first, end = _period(period, year, last)
    # A horizontal row: buttons as wide as their labels, also in presentation mode's large type.
    row = st.container(horizontal=True)
    for fmt, mime in _DOWNLOADS:
        row.download_button(
            t(f"variance.download.{fmt}"),
            data=export_bytes(budget_id, as_of, period, detail, lang, fmt, version),
            file_name=f"budget_vs_actual_{first:%Y%m}_{end:%Y%m}.{fmt}",
            mime=mime,
            on_click="ignore",
            key=f"variance_download_{fmt}",
        )


def _drill_down(
    cells: pd.DataFrame, period: str, detail: bool, year: int, last: dt.date, version: str
) -> None:
    """Pick a category, a sub-category and a cost center of the table's period and list the ledger rows behind
    them; their sum is checked against the table."""
    st.markdown(f"#### {t('variance.drill')}")
    st.caption(t("variance.drill.help"))
    over_first = cells.assign(_v=cells["variance"].astype(float)).sort_values("_v", ascending=False)
    level1_options = list(dict.fromkeys(over_first["level1"]))
    if not level1_options:
        st.info(t("variance.drill.empty"))
        return
    left, middle, right = st.columns(3)
    level1_labels = {v: t_or(f"cost.{v}", v) for v in level1_options}
    level1 = _kept_selectbox(left, t("variance.drill.level1"), level1_options, level1_labels, "drill_level1")
    codes = variance.taxonomy_codes(data.cursor(), level1)
    code_labels = {
        _ALL: t("variance.drill.all"),
        **{c: t_or(f"cost2.{c.split('.', 1)[1]}", c) for c in codes},
    }
    code = _kept_selectbox(
        middle, t("variance.drill.level2"), list(code_labels), code_labels, f"drill_code_{level1}"
    )
    centers = sorted(set(cells.loc[cells["level1"] == level1, "cost_center"]))
    center_labels = {_ALL: t("variance.drill.all"), **{c: c for c in centers}}
    center = _kept_selectbox(
        right, t("variance.drill.cost_center"), list(center_labels), center_labels, f"drill_center_{level1}"
    )
    first, end = _period(period, year, last)
    rows = _ledger(
        first, end, level1, None if code == _ALL else code, None if center == _ALL else center, version
    )
    if rows.empty:
        st.info(t("variance.drill.empty"))
        return
    total = sum(rows["amount"])
    picked = cells["level1"] == level1
    if center != _ALL:
        picked &= cells["cost_center"] == center
    if code != _ALL and detail:
        picked &= cells["level2"] == code.split(".", 1)[1]
    comparable = code == _ALL or detail
    key = (
        "variance.drill.summary"
        if comparable and sum(cells.loc[picked, "actual"]) == total
        else "variance.drill.rows"
    )
    st.caption(t(key, rows=count(len(rows)), total=money(total, 2)))
    table = pd.DataFrame(
        {
            t("variance.col.period"): [p.strftime("%Y-%m") for p in rows["period"]],
            t("variance.col.level2"): [t_or(f"cost2.{v}", v) for v in rows["level2"]],
            t("variance.col.cost_center"): rows["cost_center"],
            t("variance.col.source"): rows["source"],
            t("variance.col.source_category"): rows["source_category"],
            t("variance.col.channel"): [t_or(f"channel.{c}", "—") if c else "—" for c in rows["channel"]],
            t("variance.col.amount"): rows["amount"],
        }
    )
    if presentation() and len(table) > SHARED_SCREEN_ROWS:
        st.caption(t("variance.drill.largest", shown=SHARED_SCREEN_ROWS))
        table = _largest_rows(table, SHARED_SCREEN_ROWS, t("variance.col.amount"), t("variance.col.level2"))
    wide_table(
        shown_as(table, {t("variance.col.amount"): lambda v: money(v, 2)}),
        hide_index=True,
        width="stretch",
        height=min(420, 38 + 35 * len(table)),
        column_config=row_labels_config(t("variance.col.level2")),
    )


SHARED_SCREEN_ROWS = 12
"""Ledger rows the drill-down lists in presentation mode: the largest by amount; the rest share one row."""


def _largest_rows(table: pd.DataFrame, keep: int, amount: str, label: str) -> pd.DataFrame:
    """The `keep` rows of `table` with the largest `amount`, then one row summing the others (named in the
    `label` column): a shared screen reads a dozen rows, not sixty, and the table still adds up to its total."""
    by_size = table.iloc[table[amount].map(lambda v: -abs(float(v))).argsort(kind="stable")]
    rest = by_size.iloc[keep:]
    others = dict.fromkeys(table.columns, "—") | {
        label: t("variance.drill.others", rows=count(len(rest))),
        amount: sum(rest[amount]),
    }
    return pd.concat([by_size.head(keep), pd.DataFrame([others])], ignore_index=True)


def _outlook_section(budget_id: int, as_of: dt.date, version: str) -> None:
    st.markdown(f"#### {t('variance.outlook')}")
    divisor, suffix = _unit()
    labels = {
        "cum_budget": t("variance.outlook.cum_budget"),
        "actual": t("variance.outlook.actual"),
        "forecast": t("variance.outlook.forecast"),
    }
    by_month = _outlook_by_month(budget_id, as_of, version)
    fig = charts_budget.outlook_cumulative(by_month, labels, divisor, suffix, presentation())
    st.plotly_chart(fig, theme=None, key="variance_outlook")
    st.caption(t("variance.outlook.method"))
    flagged = _alerts(budget_id, as_of, version)
    if flagged.empty:
        st.success(t("variance.alerts.none"))
    for row in flagged.itertuples(index=False):
        st.warning(
            t(
                "variance.alerts.item",
                category=t_or(f"cost.{row.level1}", row.level1),
                outlook=money(row.outlook),
                over=money(row.variance),
                pct=percent(row.variance_pct),
            )
        )
    outlook = _outlook(budget_id, as_of, version)
    table = pd.DataFrame(
        {
            t("variance.col.level1"): [t_or(f"cost.{v}", v) for v in outlook["level1"]],
            t("variance.col.budget"): outlook["budget"],
            t("variance.col.ytd"): outlook["ytd"],
            t("variance.col.forecast"): outlook["forecast"],
            t("variance.col.outlook"): outlook["outlook"],
            t("variance.col.outlook_variance"): outlook["variance"],
            t("variance.col.run_rate"): outlook["run_rate"],
            t("variance.col.status"): [_status_label(s) for s in outlook["status"]],
        }
    )
    with st.expander(t("variance.col.outlook")):
        wide_table(styled(table, outlook["status"]), hide_index=True, width="stretch")


def effect_sentence(row: pd.Series) -> str:
    """The finance-lead sentence for one labor_variance row, in the current language."""
    step, amount = row["step"], float(row["amount"])
    if row["kind"] == "effect" and amount == 0 and step != "plan_basis":
        return t("variance.labor.no_effect", step=t(f"variance.labor.step.{step}"))
    verb = t("variance.labor.up" if amount > 0 else "variance.labor.down")
    values: dict[str, object] = {"amount": money(abs(amount))}
    plan, actual = row.get("plan"), row.get("actual")
    if step == "volume":
        change = (actual - plan) / plan if plan else 0.0
        values |= {
            "plan": count(plan),
            "actual": count(actual),
            "change": percent(abs(change)),
            "direction": t("variance.labor.more" if change >= 0 else "variance.labor.less"),
        }
    elif step == "channel_mix":
        values |= {"channel": t_or(f"channel.{row['channel']}", str(row["channel"]))}
        values |= {"plan": percent(plan), "actual": percent(actual)}
    elif step == "handle_time":
        values |= {"plan": f"{plan:,.0f}", "actual": f"{actual:,.0f}"}
    elif step in ("efficiency", "employment_mix"):
        values |= {"plan": percent(plan), "actual": percent(actual)}
    elif step == "pay_rate":
        values |= {"plan": money(plan), "actual": money(actual)}
    elif step == "plan_basis" and amount == 0:
        return t("variance.labor.plan_basis_zero")
    elif step in ("budget", "actual", "plan_basis", "unattributed"):
        values = {"amount": money(amount if step in ("budget", "actual", "plan_basis") else abs(amount))}
    if step in variance.EFFECTS:
        values["verb"] = verb
    return t(f"variance.labor.{step}", **values)


def _labor_section(budget_id: int, year: int, last: dt.date, version: str) -> None:
    st.markdown(f"#### {t('variance.labor')}")
    st.caption(t("variance.labor.intro"))
    first = dt.date(year, 1, 1)
    steps = _labor(budget_id, first, last, version)
    st.caption(t("variance.labor.period", first=first.strftime("%Y-%m"), last=last.strftime("%Y-%m")))
    if not steps["has_drivers"].any():
        st.info(t("variance.labor.no_drivers"))
    shown = steps[(steps["step"] != "unattributed") | (steps["amount"] != 0)]
    divisor, suffix = _unit()
    step_labels = {s: t(f"variance.labor.step.{s}") for s in steps["step"]}
    fig = charts_budget.labor_waterfall(shown, step_labels, divisor, suffix, presentation())
    st.plotly_chart(fig, theme=None, key="variance_labor")
    st.caption(t("variance.labor.axis"))
    effects = steps[steps["kind"] == "effect"]
    budget = steps.iloc[0]["amount"]
    actual = steps.iloc[-1]["amount"]
    st.caption(
        t(
            "variance.labor.check",
            budget=money(budget, 2),
            effects=money(sum(effects["amount"]), 2),
            actual=money(actual, 2),
        )
    )
    lines = [
        t(
            "variance.labor.bullet",
            step=step_labels[row["step"]],
            amount=money(row["amount"], 2),
            text=effect_sentence(row),
        )
        for _, row in shown.iterrows()
    ]
    st.markdown("\n".join(f"- {line}" for line in lines))
    st.caption(t("variance.labor.method"))


def render(budget_id: int) -> None:
    """Draw the budget-vs-actual section for one budget (the 执行 tab of the budget page)."""
    version = data.data_version()
    year = _budget_year(budget_id, version)
    as_of = _as_of(version)
    if year is None or as_of is None:
        st.info(t("variance.no_budget"))
        return
    last = variance.last_complete_month(as_of)
    st.subheader(t("variance.title"))
    if last < dt.date(year, 1, 1):
        st.info(t("variance.no_actuals", year=year))
        return
    last = min(last, dt.date(year, 12, 1))
    st.caption(t("variance.intro", last=last.strftime("%Y-%m")))
    limits = variance.thresholds(data.cursor())
    ytd_level1 = _by(budget_id, as_of, ("level1",), version)
    _kpis(ytd_level1, _outlook(budget_id, as_of, version))
    reserve = _reserve(budget_id, version)
    if reserve:
        st.caption(t("variance.reserve", amount=money(reserve)))
    st.caption(t("variance.thresholds", green=percent(limits.green, 0), red=percent(limits.red, 0)))

    _monthly_chart(_by(budget_id, as_of, ("month",), version))

    cells, period, detail = _cells(budget_id, as_of, year, last, version)
    _downloads(budget_id, as_of, year, last, period, detail, version)
    _drill_down(cells, period, detail, year, last, version)
    _outlook_section(budget_id, as_of, version)
    _labor_section(budget_id, year, last, version)
