"""Cached access for the budget page (预算管理): years and versions, lines and drivers as people read them, the
event log, downloads, and the writes (draft, edit, approval steps, new version) with translated errors.

Reads are cached by data_version; every write bumps it, so the page shows the new state on the next run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from analytics import budget, budget_draft, cost_model, exports, overview
from analytics.channels import CHANNELS
from analytics.forecast_warning import warnings_from_json
from ui import data
from ui.forecast_warnings import plan_warning_texts
from ui.format import (
    listing,
    money,
    money_scale,
    money_unit,
    percent,
    row_labels_config,
    shown_as,
    signed_percent,
    yuan_fen,
)
from ui.frame import grid, remember, remembered_tabs
from ui.i18n import current_language, labeller, lang_key, t, t_or

YEAR_KEY = "budget.year"
BUDGET_KEY = "budget.budget_id"
_PENDING_KEY = "budget._select"
"""(year, budget_id) to select on the next run, set by a write (widgets take it before they are drawn)."""
FLASH_KEY = "budget._flash"


# ---------------------------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------------------------


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def as_of(version: str) -> dt.date | None:
    """The data's as-of date."""
    return overview.data_as_of(data.cursor())


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def years(version: str) -> list[int]:
    """Years to pick: those with budgets and the next one to draft, newest first."""
    con = data.cursor()
    found = set(budget.budget_years(con))
    upcoming = budget_draft.next_budget_year(con)
    if upcoming is not None:
        found.add(upcoming)
    return sorted(found, reverse=True)


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def next_year(version: str) -> int | None:
    return budget_draft.next_budget_year(data.cursor())


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def tracked_budget(version: str) -> tuple[int, int] | None:
    """(year, budget_id) of the newest approved budget whose year has begun: the one execution tracks."""
    con = data.cursor()
    as_of_date = overview.data_as_of(con)
    if as_of_date is None:
        return None
    for year in sorted(budget.budget_years(con), reverse=True):
        budget_id = budget.approved_budget_id(con, year)
        if year <= as_of_date.year and budget_id is not None:
            return year, budget_id
    return None


def offer_tracked_budget(year: int, version: str) -> None:
    """Under a year with nothing to track yet: a button that opens the budget execution does track."""
    tracked = tracked_budget(version)
    if tracked is not None and tracked[0] != year:
        st.button(
            t("budget.execution.open", year=tracked[0]),
            key=lang_key("bu_open_tracked"),
            on_click=select_later,
            args=tracked,
            icon=":material/arrow_forward:",
        )


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def default_rate_percent(version: str) -> int:
    """The configured contingency rate in whole percent (the slider's starting point)."""
    return round(budget.default_contingency_rate(data.cursor()) * 100)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def versions(year: int, version: str) -> pd.DataFrame:
    """The year's versions, newest first (see analytics.budget.versions)."""
    return budget.versions(data.cursor(), year)


_READERS = {
    "info": budget.budget_info,
    "lines": budget.budget_lines,
    "pivot": budget.month_by_category,
    "drivers": budget.drivers,
    "history": budget.history,
    "submitter": budget.submitter,
}
"""What one budget version's cached reads call (an allow-list: `_read` calls nothing else)."""


@st.cache_data(ttl=3600, max_entries=96, show_spinner=False)
def _read(what: str, budget_id: int, version: str):
    return _READERS[what](data.cursor(), budget_id)


def info(budget_id: int, version: str) -> budget.BudgetInfo:
    """The version's header (status, lock, rate, parent)."""
    return _read("info", budget_id, version)


def lines(budget_id: int, version: str) -> pd.DataFrame:
    """The version's lines (Decimal amounts)."""
    return _read("lines", budget_id, version)


def submitter(budget_id: int, version: str) -> str | None:
    """Who submitted the version last."""
    return _read("submitter", budget_id, version)


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def scenario_names(version: str) -> dict[int, str]:
    """Saved what-if scenarios: id -> name."""
    saved = (
        data.cursor().execute("SELECT scenario_id, name FROM scenarios ORDER BY created_at DESC").fetchall()
    )
    return {int(i): n for i, n in saved}


# ---------------------------------------------------------------------------------------------
# Labels and tables
# ---------------------------------------------------------------------------------------------


def status_label(status: str) -> str:
    return t(f"budget.status.{status}")


def version_labels(table: pd.DataFrame) -> dict[int, str]:
    """budget_id -> 'Version n · status' for the version picker (a dict: its .get is the format_func)."""
    return {
        int(row.budget_id): t(
            "budget.version_label", version=int(row.version), status=status_label(row.status)
        )
        for row in table.itertuples(index=False)
    }


def summary(budget_id: int, version: str) -> dict[str, float]:
    """Total, reserve and labor of a version (¥), for the tiles."""
    frame = lines(budget_id, version)
    amounts = frame["amount"].map(float)
    return {
        "total": float(amounts.sum()),
        "reserve": float(amounts[frame["taxonomy_code"] == budget.CONTINGENCY_CODE].sum()),
        "labor": float(amounts[frame["taxonomy_code"].isin(budget.LABOR_CODES)].sum()),
    }


def prior_total(year: int, version: str) -> float | None:
    """The approved budget of the year before, for comparison (None when there is none)."""
    prior = versions(year - 1, version)
    approved = prior[prior["status"] == "approved"]
    return None if approved.empty else float(approved["total"].iloc[0])


def pivot_table(budget_id: int, version: str, by_quarter: bool = False) -> pd.DataFrame:
    """Month × category as people read it: categories translated, amounts in the picked unit (numbers, so they
    align right; `pivot_columns` formats them), a total row and column. No ¥ in the cells: the title carries the
    unit, so twelve months fit on a 1366-pixel screen in Chinese (in English, with yuan and the sidebar open, the
    longer category names leave December to a short scroll, the labels pinned). `by_quarter` sums the months
    into quarters (presentation mode: twelve zoomed months do not fit a shared screen, four quarters do)."""
    table = _read("pivot", budget_id, version)
    if table.empty:
        return table
    if by_quarter:
        months = [c for c in table.columns if c != "total"]
        quarter = {m: t(f"budget.pivot.q{(int(m[5:7]) - 1) // 3 + 1}") for m in months}
        table = table[months].T.groupby(quarter, sort=False).sum().T.assign(total=table["total"])
    divisor, _ = money_scale()
    shown = (table / divisor).round(2 if divisor > 1 else 0)
    shown.index = [t("budget.col.total") if c == "total" else t_or(f"cost.{c}", c) for c in table.index]
    shown = shown[["total", *[c for c in table.columns if c != "total"]]]  # the year first, then its months
    shown.columns = [t("budget.col.total") if c == "total" else c for c in shown.columns]
    return shown.rename_axis(t("budget.col.level1"))


def pivot_columns(table: pd.DataFrame) -> dict:
    """Column formats of the pivot: thousands separators, whole yuan or 万 with two decimals; the category
    column as wide as its longest label (the grid would otherwise clip it to make twelve months fit)."""
    if table.empty:  # a budget whose lines were all undone
        return {}
    number = "accounting" if money_unit() == "wan" else "localized"
    longest = max(sum(14 if ord(ch) > 0x2E7F else 6.5 for ch in str(label)) for label in table.index)
    return {
        "_index": st.column_config.TextColumn(width=int(longest) + 24),
        **{c: st.column_config.NumberColumn(format=number) for c in table.columns},
    }


def _note(note) -> str:
    return "" if note is None or note != note else t_or(f"budget.note.{note}", str(note))


def lines_table(budget_id: int, version: str, level1: str | None = None) -> Styler:
    """The long table of lines with translated headers and labels (¥ to the fen, sorting by value), optionally
    one category."""
    frame = lines(budget_id, version)
    if level1:
        frame = frame[frame["level1"] == level1]
    table = pd.DataFrame(
        {
            t("budget.col.month"): [m.strftime("%Y-%m") for m in frame["month"]],
            t("budget.col.level1"): [t_or(f"cost.{v}", v) for v in frame["level1"]],
            t("budget.col.level2"): [t_or(f"cost2.{v}", v) for v in frame["level2"]],
            t("budget.col.cost_center"): frame["cost_center"].to_list(),
            t("budget.col.amount"): frame["amount"].to_list(),
            t("budget.col.note"): [_note(v) for v in frame["note"]],
        }
    )
    return shown_as(table, {t("budget.col.amount"): yuan_fen})


def line_notes(budget_id: int, version: str, level1: str | None = None) -> list[str]:
    """Each leaf's note once ("培训 · 新人爬坡损失 — 模型测算…"), for the lines shown: the table's note column is
    too narrow to read them whole. Notes typed by editors are left to the table."""
    frame = lines(budget_id, version)
    if level1:
        frame = frame[frame["level1"] == level1]
    frame = frame[frame["note"].isin([*budget_draft.MODEL_ONLY_NOTES.values(), "run_rate"])]
    notes = frame.drop_duplicates(["level1", "level2", "note"])
    return [
        f"{t_or(f'cost.{row.level1}', row.level1)} · {t_or(f'cost2.{row.level2}', row.level2)} — {_note(row.note)}"
        for row in notes.itertuples(index=False)
    ]


def drivers_table(budget_id: int, version: str) -> pd.DataFrame:
    """The labor drivers, summed over the year per channel and employment type, as people read them."""
    frame = _read("drivers", budget_id, version)
    if frame.empty:
        return frame
    grouped = frame.groupby(["channel", "employment_type"], sort=False)
    year = grouped.agg(
        contacts=("contacts", "sum"),
        aht=("aht_seconds", "mean"),
        productive_share=("productive_share", "mean"),
        fte=("fte", "mean"),
        labor=("labor", "sum"),
    ).reset_index()
    year["rate"] = year["labor"] / (year["fte"] * frame["month"].nunique())
    return pd.DataFrame(
        {
            t("budget.col.channel"): [t(f"channel.{c}") for c in year["channel"]],
            t("budget.col.etype"): [t(f"etype.{k}") for k in year["employment_type"]],
            t("budget.col.contacts"): [f"{v:,.0f}" for v in year["contacts"]],
            t("budget.col.aht"): [f"{v:,.0f}" for v in year["aht"]],
            t("budget.col.productive_share"): [percent(v) for v in year["productive_share"]],
            t("budget.col.fte"): [f"{v:,.1f}" for v in year["fte"]],
            t("budget.col.rate"): [money(v, unit="yuan") for v in year["rate"]],
            t("budget.col.labor"): [money(v) for v in year["labor"]],
        }
    )


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _comparison(budget_id: int, other_id: int, version: str) -> pd.DataFrame:
    return budget.compare_versions(data.cursor(), budget_id, other_id)


def _compare_default(info_now: budget.BudgetInfo, others: pd.DataFrame) -> int:
    """The version a version is compared with first: the one it was changed from, else the one before it."""
    ids = [int(i) for i in others["budget_id"]]
    if info_now.parent_budget_id in ids:
        return int(info_now.parent_budget_id)
    older = others[others["version"] < info_now.version]
    return int(older["budget_id"].iloc[0]) if not older.empty else ids[0]


def comparison_table(budget_id: int, other_id: int, version: str) -> pd.DataFrame:
    """The line items that differ between two versions as people read them: both year amounts, the change
    (signed, exact ¥) and the months it touches."""
    frame = _comparison(budget_id, other_id, version)
    numbers = versions(info(budget_id, version).year, version).set_index("budget_id")["version"]
    this, other = (t("budget.compare.version", version=int(numbers[i])) for i in (budget_id, other_id))
    return pd.DataFrame(
        {
            t("budget.col.level1"): [t_or(f"cost.{v}", v) for v in frame["level1"]],
            t("budget.col.level2"): [t_or(f"cost2.{v}", v) for v in frame["level2"]],
            other: [money(v, 2, "yuan") for v in frame["other_amount"]],
            this: [money(v, 2, "yuan") for v in frame["amount"]],
            t("budget.compare.change"): [
                ("+" if v > 0 else "") + money(v, 2, "yuan") for v in frame["change"]
            ],
            t("budget.compare.months"): [listing(m) for m in frame["months"]],
        }
    )


def compare_section(budget_id: int, year: int, version: str) -> None:
    """Compare this version with another of the same year: the totals' gap in a sentence and the line items
    that differ, so a reviewer sees what a new version changed."""
    st.markdown(f"#### {t('budget.compare.title')}")
    table = versions(year, version)
    others = table[table["budget_id"] != budget_id]
    if others.empty:
        st.caption(t("budget.compare.only_one"))
        return
    info_now = info(budget_id, version)
    labels = version_labels(others)
    key = lang_key(f"bu_compare_{budget_id}")
    if st.session_state.get(key) not in labels:
        st.session_state[key] = _compare_default(info_now, others)
    pick, _ = st.columns([1, 2])
    other_id = pick.selectbox(t("budget.compare.with"), list(labels), format_func=labels.get, key=key)
    other_version = int(others.loc[others["budget_id"] == other_id, "version"].iloc[0])
    totals = table.set_index("budget_id")["total"]
    gap = totals[budget_id] - totals[other_id]
    shown = _comparison(budget_id, other_id, version)
    if shown.empty:
        st.caption(t("budget.compare.same", other=other_version))
        return
    st.markdown(
        t(
            "budget.compare.summary",
            this=info_now.version,
            other=other_version,
            total=money(totals[budget_id], 2, "yuan"),
            change=("+" if gap > 0 else "") + money(gap, 2, "yuan"),
            share=signed_percent(float(gap) / float(totals[other_id]), 2) if totals[other_id] else "—",
            items=len(shown),
        )
    )
    grid(
        comparison_table(budget_id, other_id, version),
        hide_index=True,
        width="stretch",
        column_config=row_labels_config(t("budget.col.level2")),
        key=f"bu_compare_table_{budget_id}",
    )


def _change(row) -> str:
    """What an event changed: a step's status move ('草稿 → 内部审核中'), or an edited line with its old and new
    amount; one column, so that the log fits a 1366-pixel screen without scrolling sideways."""
    if row.action != "edit_line":
        before = "" if row.from_status is None or row.from_status != row.from_status else row.from_status
        after = status_label(row.to_status)
        return f"{status_label(before)} → {after}" if before else after
    old = "—" if row.old_amount is None else yuan_fen(row.old_amount)
    new = yuan_fen(row.new_amount)
    return f"{row.month:%Y-%m} {_line_item(row.taxonomy_code)} {row.cost_center}: {old} → {new}"


def _line_item(taxonomy_code: str) -> str:
    """A cost leaf's name in the current language ('direct_labor.base_pay' → 基本工资), else its code."""
    return t_or(f"cost2.{taxonomy_code.split('.', 1)[-1]}", taxonomy_code)


def history_table(budget_id: int, version: str) -> pd.DataFrame:
    """The event log (approval steps and line edits), oldest first, translated."""
    return log_frame(_read("history", budget_id, version))


def log_frame(events: pd.DataFrame) -> pd.DataFrame:
    """A version's events (`budget.history`) as the page and the Excel download show them, translated."""
    if events.empty:
        return events
    rows = list(events.itertuples(index=False))
    return pd.DataFrame(
        {
            t("budget.log.when"): [pd.Timestamp(r.happened_at).strftime("%Y-%m-%d %H:%M") for r in rows],
            t("budget.log.action"): [t(f"budget.action.{r.action}") for r in rows],
            t("budget.log.actor"): [r.actor for r in rows],
            t("budget.log.role"): [
                t_or(f"budget.role.{r.actor_role}", "") if r.actor_role else "" for r in rows
            ],
            t("budget.log.detail"): [_change(r) for r in rows],
            t("budget.log.comment"): [
                "" if r.comment is None or r.comment != r.comment else r.comment for r in rows
            ],
        }
    )


def log_sheet(events: pd.DataFrame) -> pd.DataFrame:
    """The approval log as the Excel download writes it: the page's columns, then an edited line's month, line
    item and cost center, and its amount before, after and the change as number cells, so that finance can filter
    and add up the edits (empty on an approval step; a line added has no amount before)."""
    log = log_frame(events)
    if log.empty:
        return log
    edits = [r if r.action == "edit_line" else None for r in events.itertuples(index=False)]
    return log.assign(
        **{
            t("budget.col.month"): [None if r is None else f"{r.month:%Y-%m}" for r in edits],
            t("budget.col.level2"): [None if r is None else _line_item(r.taxonomy_code) for r in edits],
            t("budget.col.cost_center"): [None if r is None else r.cost_center for r in edits],
            t("budget.log.old_amount"): [None if r is None else r.old_amount for r in edits],
            t("budget.log.new_amount"): [None if r is None else r.new_amount for r in edits],
            t("budget.log.change_amount"): [
                None if r is None else r.new_amount - (r.old_amount or 0) for r in edits
            ],
        }
    )


LOG_CHANGE_WIDTH = 330
"""Pixels for the log's change column: 'In internal review → In cross-department review' and an edited line
('2027-01 Base pay CS-FRONT: ¥935,450.66 → ¥1,000,000.00') in full, with the comment still on screen at 1366."""


def history_columns() -> dict[str, st.column_config.Column]:
    """Column widths of the event log: the change in full, the comment with the rest of the width."""
    return {
        t("budget.log.detail"): st.column_config.TextColumn(width=LOG_CHANGE_WIDTH),
        t("budget.log.comment"): st.column_config.TextColumn(width="medium"),
    }


def export_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A version's lines (`budget.budget_table`) as the downloads write them: headers, categories and notes in the
    current language (the command line's export uses it too)."""
    return pd.DataFrame(
        {
            t("budget.col.month"): table["month"],
            t("budget.col.level1"): [t_or(f"cost.{v}", v) for v in table["level1"]],
            t("budget.col.level2"): [t_or(f"cost2.{v}", v) for v in table["level2"]],
            t("budget.col.code"): table["taxonomy_code"],
            t("budget.col.cost_center"): table["cost_center"],
            t("budget.col.amount"): table["amount"],
            t("budget.col.note"): [_note(v) for v in table["note"]],
        }
    )


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def csv_download(budget_id: int, version: str, lang: str) -> bytes:
    """The budget's lines as CSV (UTF-8 with BOM), headers and labels in the page's language."""
    return exports.csv_bytes(export_frame(budget.budget_table(data.cursor(), budget_id)))


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def xlsx_download(budget_id: int, version: str, lang: str) -> bytes:
    """The budget's lines as XLSX with a totals row, then the version's approvals and edits on a second sheet."""
    con = data.cursor()
    frame = export_frame(budget.budget_table(con, budget_id))
    return exports.xlsx_bytes(frame, **xlsx_options(budget.history(con, budget_id)))


def xlsx_options(events: pd.DataFrame) -> dict:
    """How the budget's Excel download is written (the command line's export uses it too): the sheet's name,
    the totals row's label, and the approval log as a second sheet when the version has events."""
    log = log_sheet(events)
    return {
        "sheet_name": t("budget.title"),
        "total_label": t("budget.col.total"),
        "more_sheets": [] if log.empty else [(t("budget.log.title"), log)],
    }


_DOWNLOADS = (
    ("csv", csv_download, exports.MIME_TYPES["csv"]),
    ("xlsx", xlsx_download, exports.MIME_TYPES["xlsx"]),
)


def downloads(budget_id: int, info_now: budget.BudgetInfo, version: str) -> None:
    """The CSV and Excel download buttons of a version, side by side."""
    lang = current_language()
    for column, (kind, build, mime) in zip(st.columns(len(_DOWNLOADS)), _DOWNLOADS, strict=True):
        column.download_button(
            t(f"budget.download.{kind}"),
            data=build(budget_id, version, lang),
            file_name=f"budget_{info_now.year}_v{info_now.version}.{kind}",
            mime=mime,
            on_click="ignore",
            key=f"bu_{kind}",
        )


# ---------------------------------------------------------------------------------------------
# Selection state

TAB_KEY = "budget.tab"
TABS = ("draft", "approval", "execution")


def tabs():
    """The page's tabs (编制, 审批, 执行); the open one stays open through a rerun after a write and a page or
    language switch."""
    return remembered_tabs(TABS, "budget.tab.", TAB_KEY)


# ---------------------------------------------------------------------------------------------


KEPT = "budget.kept."
"""Prefix of the plain keys that keep what was typed or picked in the draft, edit and new-version forms through
page and language switches (a switch draws fresh widgets, which Streamlit starts empty)."""


def kept(widget: Callable, label: str, name: str, key: str, options: list | None = None, **kwargs):
    """Draw `widget` (a text_input or a selectbox without an index) starting from, and saving into, the plain
    key KEPT + name."""
    state_key = KEPT + name
    remembered = st.session_state.get(state_key)
    if key not in st.session_state and remembered is not None and (options is None or remembered in options):
        st.session_state[key] = remembered
    args = () if options is None else (options,)
    return widget(label, *args, key=key, on_change=remember, args=(key, state_key), **kwargs)


def forget(*names: str) -> None:
    """Drop kept entries once their write is done (a saved edit's reason is not the next edit's)."""
    for name in names:
        st.session_state.pop(KEPT + name, None)


def select_later(year: int, budget_id: int) -> None:
    """Pick this year and version on the next run (after a write)."""
    st.session_state[_PENDING_KEY] = (year, budget_id)


def take_pending(widget_keys: tuple[str, str]) -> None:
    """Apply a selection made by a write to the plain keys and to the pickers (before they are drawn)."""
    pending = st.session_state.pop(_PENDING_KEY, None)
    if pending is None:
        return
    st.session_state[YEAR_KEY], st.session_state[BUDGET_KEY] = pending
    st.session_state[widget_keys[0]], st.session_state[widget_keys[1]] = pending


def error_text(error: budget.BudgetError) -> str:
    """A budget error in the page's language, with every further problem found with it (name and reason)."""
    if error.code == "wrong_role" and error.role:
        return t("budget.err.wrong_role", role=t(f"budget.role.{error.role}"))
    texts = [t_or(f"budget.err.{error.code}", str(error)), *(t(f"budget.err.{c}") for c in error.also)]
    return ("" if current_language() == "zh" else " ").join(texts)  # 。 ends a Chinese sentence, no space


# ---------------------------------------------------------------------------------------------
# Writes
# ---------------------------------------------------------------------------------------------


def draft(
    year: int, scenario_id: int | None, rate: float, actor: str, progress: Callable[[int, int, str], None]
) -> int:
    """Draft a budget version (a committed write); returns its id."""
    return budget_draft.draft_budget(
        data.cursor(), year, scenario=scenario_id, contingency_rate=rate, actor=actor, progress=progress
    )


def edit(
    budget_id: int, month: dt.date, code: str, cost_center: str, amount: float, reason: str, actor: str
) -> None:
    budget.edit_line(data.cursor(), budget_id, month, code, cost_center, amount, reason, actor)


def act(budget_id: int, action: str, actor: str, role: str, comment: str) -> str:
    return budget.advance(data.cursor(), budget_id, action, actor, role, comment)


def make_new_version(budget_id: int, actor: str, reason: str) -> int:
    return budget.new_version(data.cursor(), budget_id, actor, reason)


# ---------------------------------------------------------------------------------------------
# Sections of the page
# ---------------------------------------------------------------------------------------------

_STATUS_COLOR = {
    "draft": "gray",
    "internal_review": "blue",
    "cross_review": "blue",
    "final_review": "orange",
    "approved": "green",
    "returned": "red",
}
FLOW_STEPS = ("draft", "internal_review", "cross_review", "final_review", "approved")


def calendar_changed(info: budget.BudgetInfo) -> bool:
    """True when the version was costed with another holiday schedule for its year than the one saved now."""
    return budget_draft.calendar_changed(data.cursor(), info)


def newer_forecast(info: budget.BudgetInfo) -> tuple[int, dt.date] | None:
    """A forecast published on later data than the one the version was drafted on, covering its year."""
    return budget_draft.newer_forecast(data.cursor(), info)


def withdrawn_forecast(info: budget.BudgetInfo) -> str | None:
    """Who withdrew the published forecast the version was drafted on, when and why; None while in force."""
    withdrawal = budget_draft.withdrawn_basis(data.cursor(), info)
    if withdrawal is None:
        return None
    return t(
        "budget.withdrawn_forecast",
        id=withdrawal.snapshot_id,
        when=f"{withdrawal.withdrawn_at:%Y-%m-%d %H:%M}",
        who=withdrawal.withdrawn_by,
        reason=withdrawal.reason,
    )


def forecast_warnings(info: budget.BudgetInfo, version: str) -> str | None:
    """What the forecast the version was drafted on warned of when fitted (a short history, an event never
    seen), as one paragraph with a line per warning; None when it warned of nothing that bears on a plan."""
    texts = plan_warning_texts(warnings_from_json(info.forecast_warnings), version)
    if not texts:
        return None
    return "\n".join([t("budget.forecast_warnings"), "", *(f"- {text}" for text in texts)])


def badges(info: budget.BudgetInfo, version: str) -> None:
    """Status and lock badges, and where the version came from."""
    parts = [f":{_STATUS_COLOR[info.status]}-badge[{status_label(info.status)}]"]
    if info.locked:
        parts.append(f":green-badge[:material/lock: {t('budget.locked')}]")
    if info.parent_budget_id is not None:
        parent = versions(info.year, version)
        parent = parent[parent["budget_id"] == info.parent_budget_id]
        if not parent.empty:
            parts.append(f":gray-badge[{t('budget.parent', version=int(parent['version'].iloc[0]))}]")
    names = scenario_names(version)
    source = (
        t("budget.from_scenario", name=names[info.scenario_id])
        if info.scenario_id in names
        else t("budget.from_baseline")
    )
    basis, params = budget_draft.forecast_basis(data.cursor(), info)
    created = t("budget.created", who=info.created_by or "—", when=f"{info.created_at:%Y-%m-%d %H:%M}")
    said = [source, *([t(f"budget.forecast_basis.{basis}", **params)] if basis != "none" else []), created]
    st.markdown(" ".join(parts))
    st.caption(" · ".join(said))


def draft_sources(version: str) -> dict[str, str]:
    """Options of the scenario picker: 'baseline' and saved scenario ids (as text) -> label."""
    names = scenario_names(version)
    return {"baseline": t("budget.draft.baseline")} | {
        str(i): t("budget.draft.scenario", name=n) for i, n in names.items()
    }


def run_draft(year: int, source: str, rate: float, actor: str) -> None:
    """Draft with a progress bar; on success select the new version and rerun, else show the error."""
    bar = st.progress(0.0, text=t("budget.draft.building"))

    def show(done: int, total: int, label: str) -> None:
        if label in CHANNELS:
            text = t("budget.draft.fitting", channel=t(f"channel.{label}"), done=done + 1, total=total)
            bar.progress(done / max(total, 1) * 0.9, text=text)
        else:
            bar.progress(1.0, text=t("budget.draft.building"))

    try:
        new_id = draft(year, None if source == "baseline" else int(source), rate, actor, show)
    except budget.BudgetError as error:
        bar.empty()
        st.error(error_text(error))
        return
    bar.empty()
    created = budget.budget_info(data.cursor(), new_id)
    select_later(year, new_id)
    st.session_state[FLASH_KEY] = ("budget.draft.done", {"year": year, "version": created.version})
    st.rerun()


def line_categories(budget_id: int, version: str) -> dict[str, str]:
    """Options of the category filter: '' (all) and the version's level-1 categories -> label."""
    present = set(lines(budget_id, version)["level1"])
    ordered = [c for c in cost_model.LEVEL1_ORDER if c in present]
    return {"": t("budget.lines.all")} | {c: t_or(f"cost.{c}", c) for c in ordered}


def code_label(code: str) -> str:
    """A cost taxonomy code ('hidden.complaint_handling') as people read it: 隐性成本 · 投诉处理与危机公关."""
    level1, level2 = code.split(".", 1)
    return f"{t_or(f'cost.{level1}', level1)} · {t_or(f'cost2.{level2}', level2)}"


def edit_form(budget_id: int, year: int, version: str) -> None:
    """Pick a month, line item and cost center, set the amount with a reason."""
    frame = lines(budget_id, version)
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    codes = [c for c in budget.COST_CENTER_OF if c != budget.CONTINGENCY_CODE]
    centers = list(dict.fromkeys([*budget.COST_CENTERS, *frame["cost_center"]]))
    month_col, code_col, center_col = st.columns([1, 2, 1])
    month = kept(month_col.selectbox, t("budget.edit.month"), "edit_month", lang_key("bu_edit_month"), months)
    code = kept(
        code_col.selectbox,
        t("budget.edit.category"),
        "edit_code",
        lang_key("bu_edit_code"),
        codes,
        format_func={c: code_label(c) for c in codes}.get,
    )
    center = center_col.selectbox(
        t("budget.edit.cost_center"),
        centers,
        index=centers.index(budget.COST_CENTER_OF.get(code, centers[0])),
        key=lang_key(f"bu_edit_center_{code}"),
    )
    first = dt.date(year, int(month[5:]), 1)
    match = frame[
        (frame["month"] == first) & (frame["taxonomy_code"] == code) & (frame["cost_center"] == center)
    ]
    current = None if match.empty else match["amount"].iloc[0]
    st.caption(
        t("budget.edit.new_line")
        if current is None
        else t("budget.edit.current", amount=money(current, 2, "yuan"))
    )
    edits = len(_read("history", budget_id, version))  # a fresh reason field after each saved change
    amount_col, reason_col, actor_col = st.columns([1, 2, 1])
    amount = amount_col.number_input(
        t("budget.edit.amount"),
        min_value=0.0,
        value=float(current or 0),
        step=1000.0,
        format="%.2f",
        key=f"bu_edit_amount_{month}_{code}_{center}_{edits}",
    )
    reason = kept(reason_col.text_input, t("budget.edit.reason"), "edit_reason", f"bu_edit_reason_{edits}")
    actor = kept(actor_col.text_input, t("budget.edit.actor"), "edit_actor", "bu_edit_actor")
    if st.button(t("budget.edit.button"), key="bu_edit_save", type="primary"):
        try:
            edit(budget_id, first, code, center, amount, reason, actor)
        except budget.BudgetError as error:
            st.error(error_text(error))
            return
        select_later(year, budget_id)
        forget("edit_reason")
        st.session_state[FLASH_KEY] = (
            "budget.edit.saved",
            {
                "month": month,
                "category": code_label(code),
                "cost_center": center,
                "amount": money(amount, 2, "yuan"),
            },
        )
        st.rerun()


def _last_return(budget_id: int, version: str):
    events = _read("history", budget_id, version)
    returns = events[events["action"] == "return"]
    return None if returns.empty else returns.iloc[-1]


def _flow_steps(status: str) -> None:
    position = 0 if status == "returned" else FLOW_STEPS.index(status)
    for k, (column, step) in enumerate(zip(st.columns(len(FLOW_STEPS)), FLOW_STEPS, strict=True)):
        if k < position or status == "approved":
            icon, state = ":material/check_circle:", t("budget.flow.done")
        elif k == position:
            icon, state = ":material/radio_button_checked:", t("budget.flow.current")
        else:
            icon, state = ":material/radio_button_unchecked:", t("budget.flow.pending")
        with column.container(border=True):
            st.markdown(f"{icon} **{t(f'budget.flow.step.{step}')}**")
            st.caption(state)


def workflow(budget_id: int, year: int, version: str) -> None:
    """The approval steps: where the version stands, who acts next, the step buttons, and a new version once
    approved."""
    info_now = info(budget_id, version)
    st.markdown(f"#### {t('budget.flow.title')}")
    _flow_steps(info_now.status)
    if info_now.status == "returned":
        last = _last_return(budget_id, version)
        if last is not None:
            st.warning(
                t(
                    "budget.flow.returned",
                    who=last["actor"],
                    role=t(f"budget.role.{last['actor_role']}"),
                    to=submitter(budget_id, version) or "—",
                    comment=last["comment"],
                )
            )
    events = len(_read("history", budget_id, version))
    if info_now.status == "approved":
        st.success(t("budget.flow.final"))
        with st.container(border=True):
            st.markdown(f"**{t('budget.new.title')}**")
            st.caption(t("budget.new.intro"))
            reason_col, actor_col = st.columns([2, 1])
            reason = kept(
                reason_col.text_input, t("budget.new.reason"), "new_reason", f"bu_new_reason_{events}"
            )
            actor = kept(actor_col.text_input, t("budget.act.actor"), "new_actor", "bu_new_actor")
            if st.button(t("budget.new.button"), key="bu_new_version"):
                try:
                    new_id = make_new_version(budget_id, actor, reason)
                except budget.BudgetError as error:
                    st.error(error_text(error))
                    return
                select_later(year, new_id)
                forget("new_reason")
                st.session_state[FLASH_KEY] = ("budget.new.done", {"version": info_now.version + 1})
                st.rerun()
        return
    role = info_now.next_role
    todo = (
        t("budget.flow.next_review")
        if info_now.status in budget.REVIEW_STEPS
        else t("budget.flow.next_submit")
    )
    st.markdown(t("budget.flow.next", role=t(f"budget.role.{role}"), action=todo))
    with st.form(f"bu_act_form_{events}", border=False, enter_to_submit=False):
        actor_col, role_col = st.columns(2)
        # a fresh name box after each step: the next step is someone else's (four eyes)
        actor = actor_col.text_input(t("budget.act.actor"), key=f"bu_act_actor_{events}")
        picked = role_col.selectbox(
            t("budget.act.role"),
            budget.ROLES,
            index=budget.ROLES.index(role),
            format_func=labeller("budget.role.", budget.ROLES),
            key=lang_key(f"bu_act_role_{info_now.status}"),
        )
        comment = st.text_area(
            t("budget.act.comment"),
            help=t("budget.act.comment_help"),
            key=f"bu_act_comment_{events}",
            height=80,
        )
        buttons = st.columns(len(info_now.actions) + 2)
        clicked = [
            action
            for column, action in zip(buttons, info_now.actions, strict=False)
            if column.form_submit_button(
                t(f"budget.action.{action}"),
                key=f"bu_act_{action}",
                type="secondary" if action == "return" else "primary",
                width="stretch",
            )
        ]
    for action in clicked:
        try:
            act(budget_id, action, actor, picked, comment)
        except budget.BudgetError as error:
            st.error(error_text(error))
            return
        select_later(year, budget_id)
        st.session_state[FLASH_KEY] = (
            "budget.act.done",
            {"action": t(f"budget.action.{action}"), "who": actor.strip()},
        )
        st.rerun()
