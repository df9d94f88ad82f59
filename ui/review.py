"""The evaluation page's building blocks and its quarterly review mode (季度复盘).

The scorecard pieces (score tiles, the sub-metric table with traffic lights, the "why" panels) serve both the
page and the review's scores section. Review mode is the meeting agenda as full-screen sections, one at a time,
with previous/next: budget vs actual, cost structure, the four scores, the next peaks and staffing, the cost
levers for the next 12 months, decisions.
It runs in presentation mode (ui.frame's large type), with a high-contrast palette for a projector.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from analytics import evaluation, whatif
from analytics.cost_model import LEVEL1_ORDER
from ui import charts_evaluation
from ui import evaluation as ev
from ui import whatif as whatif_view
from ui.budget import code_label
from ui.charts_review import budget_figure, peaks_figure, projector, structure_figure
from ui.evaluation_text import (
    calculation_text,
    coverage_line,
    dimension_name,
    formula_text,
    metric_name,
    metric_rows,
    score_text,
    status_name,
    strategy_name,
    target_text,
    value_text,
)
from ui.format import money, money_scale, percent, points, signed_money, signed_percent
from ui.frame import grid, remember, set_presentation
from ui.i18n import current_language, lang_key, lang_keys, t, t_or
from ui.peaks import show_need
from ui.whatif_sliders import lever_chart, lever_notes, lever_text_rows

SECTIONS = ("budget", "structure", "scores", "peaks", "levers", "decisions")
"""The review agenda, in meeting order."""
REVIEW_KEY = "review.on"
SECTION_KEY = "review.section"
_DECISION_NOTE_KEY = "review.decision_note"
_DECISION_FIELDS = {
    "_review_decision": "review.decision_text",
    "_review_owner": "review.decision_owner",
    "_review_due": "review.decision_due",
}
"""Decision widgets (keyed per language) and the plain keys that carry what was typed across a language switch."""

STATUS_FILL = {
    "green": "#A8DDB5",
    "amber": "#FFD98A",
    "red": "#F4A9A0",
    "missing": "#DDE1E6",
    "not_applicable": "#EEF0F3",
    "under": "#B9D7F2",
}
"""Traffic-light cell colours: light fills under black text (readable on a projector, no emoji font needed)."""
STATUS_MARK = {"green": "green", "amber": "orange", "red": "red", "missing": "gray", "not_applicable": "gray"}
"""Streamlit markdown background colours for a status named in a sentence."""

_REVIEW_CSS = """
<style>
  [data-testid="stMainBlockContainer"] { padding-left: 2rem !important; padding-right: 2rem !important; }
  [data-testid="stMain"] { color: #000000; }
  [data-testid="stMain"] table, [data-testid="stMain"] th, [data-testid="stMain"] td,
  [data-testid="stMain"] input, [data-testid="stMain"] textarea, [data-testid="stMain"] code {
    font-size: 24px !important; color: #000000;
  }
  [data-testid="stMain"] th { background: #E8EDF3 !important; }
  /* the review's tables read at 24 px, above presentation mode's table size (ui.frame) */
  [data-testid="stMain"] [data-testid="stTable"] table :is(th, td) p { font-size: 24px !important; }
  /* a cell's text wraps as its cell says (a Styler's white-space: nowrap keeps '-¥2,454,773' on one line) */
  [data-testid="stMain"] [data-testid="stTable"] td :is([data-testid="stMarkdownContainer"], p) { white-space: inherit; }
  /* alerts keep their tinted ground but write in black: amber or red text on a pale tint fades on a beam */
  [data-testid="stMain"] [data-testid="stAlertContainer"] p { color: #000000 !important; }
  [data-testid="stMain"] [data-testid="stAlertContainer"] { border: 2px solid #5A6270; }
  [data-testid="stMain"] [data-testid="stDateInput"] * { font-size: 24px !important; }
  .review-steps { display: flex; gap: 0.6rem; flex-wrap: wrap; align-items: center; }
  .review-steps b { font-size: 30px; margin-right: 0.6rem; color: #000000; }
  .review-steps span { font-size: 24px; padding: 0.2rem 0.8rem; border-radius: 0.4rem; border: 2px solid #5A6270;
                       color: #000000; background: #FFFFFF; }
  .review-steps span.current { background: #0072B2; border-color: #0072B2; color: #FFFFFF; font-weight: 700; }
</style>
"""


# ---------------------------------------------------------------------------------------------
# Review-mode state: plain session_state keys, changed in button callbacks
# ---------------------------------------------------------------------------------------------


def active() -> bool:
    """True while the page shows the review agenda instead of the scorecard page."""
    return bool(st.session_state.get(REVIEW_KEY, False))


def section() -> int:
    """The index of the review section on screen."""
    index = st.session_state.get(SECTION_KEY, 0)
    return index if isinstance(index, int) and 0 <= index < len(SECTIONS) else 0


def start_review() -> None:
    """Button callback: open the agenda at its first section, in presentation mode."""
    st.session_state[REVIEW_KEY] = True
    st.session_state[SECTION_KEY] = 0
    set_presentation(True)


def leave_review() -> None:
    """Button callback: back to the scorecard page, presentation mode off."""
    st.session_state[REVIEW_KEY] = False
    set_presentation(False)


def step(delta: int) -> None:
    """Button callback: move delta sections forward (or back), staying inside the agenda."""
    st.session_state[SECTION_KEY] = min(max(section() + delta, 0), len(SECTIONS) - 1)


# ---------------------------------------------------------------------------------------------
# Scorecard pieces (page and review)
# ---------------------------------------------------------------------------------------------


def score_tiles(card: evaluation.Scorecard, prior: evaluation.Scorecard | None) -> None:
    """The four scores as tiles, each with its change against the previous quarter."""
    lang = current_language()
    before = prior.scores() if prior is not None else {}
    for column, (key, score) in zip(st.columns(len(card.scores())), card.scores().items(), strict=True):
        earlier = before.get(key)
        moved = None if score is None or earlier is None else round(score - earlier, 1)
        if moved is None:
            delta = t("evalpage.no_prior") if score is not None else None
        elif moved == 0:
            delta = t("evalpage.same_as_prior")
        else:
            delta = t("evalpage.vs_prior", delta=f"{moved:+.1f}")
        column.metric(
            dimension_name(key, lang),
            score_text(score),
            delta,
            delta_color="normal" if moved else "off",
            delta_arrow="auto" if moved else "off",
            border=True,
        )
    partial = coverage_line(card, lang)
    if partial:  # a 100 from one sub-metric of five must not read as the whole dimension
        if any(m.status == "missing" for d in card.dimensions for m in d.metrics):
            st.warning(partial, icon=":material/data_alert:")
        else:  # only metrics with nothing to measure this quarter: no data to fetch
            st.info(partial, icon=":material/info:")


def metric_table(card: evaluation.Scorecard) -> Styler:
    """One row per sub-metric as the report shows it, the status cell coloured as a traffic light."""
    lang = current_language()
    frame = pd.DataFrame(metric_rows(card, lang), columns=list(_METRIC_COLUMNS))
    statuses = frame["status"]
    frame["status"] = statuses.map(lambda status: status_name(status, lang))
    frame = frame.rename(columns={c: t(f"eval.col.{c}") for c in _METRIC_COLUMNS})
    return lit(frame, t("eval.col.status"), statuses)


def lit(frame: pd.DataFrame, column: str, statuses: pd.Series) -> Styler:
    """The frame styled with the column's cells filled in their status's traffic-light colour."""
    fills = [f"background-color: {STATUS_FILL[s]}; color: #000000" for s in statuses]
    return frame.style.apply(lambda _: fills, subset=[column])


def lights_legend() -> str:
    """The traffic lights named in their colours, then what the scores mean."""
    lang = current_language()
    names = " ".join(f":{colour}-background[{status_name(s, lang)}]" for s, colour in STATUS_MARK.items())
    rule = t("evalpage.lights", green=f"{evaluation.SCORE_GREEN:g}", amber=f"{evaluation.SCORE_AMBER:g}")
    return f"{names} {rule}"


_METRIC_COLUMNS = ("dimension", "metric", "value", "target", "prior", "score", "status")


def why_panel(version: str, card: evaluation.Scorecard, dimension: evaluation.Dimension) -> None:
    """A dimension's "why": pick a sub-metric, see its formula in words and filled in, inputs and rows."""
    lang = current_language()
    names = {m.key: metric_name(m.key, lang) for m in dimension.metrics}
    if not names:
        st.caption(t("evalpage.why.none"))
        return
    picked = st.selectbox(
        t("evalpage.why.metric"),
        list(names),
        format_func=names.get,
        key=lang_key(f"_eval_why_{dimension.key}"),
    )
    metric = next(m for m in dimension.metrics if m.key == picked)
    st.markdown(
        t(
            "evalpage.why.line",
            value=value_text(metric.value, metric.unit, lang),
            target=target_text(metric, lang),
            score=score_text(metric.score),
            # the coloured badge is padded: inside brackets it would read "( Good )", so it stands alone
            status=f":{STATUS_MARK[metric.status]}-background[{status_name(metric.status, lang)}]",
        )
    )
    st.markdown(f"**{t('evalpage.why.formula')}** {formula_text(metric.key, lang)}")
    st.caption(t("evalpage.why.trace"))
    st.code(calculation_text(metric, lang), language=None, wrap_lines=True)
    if metric.inputs:
        inputs = pd.DataFrame(
            {
                t("evalpage.col.input"): [t_or(f"evalpage.col.{name}", name) for name in metric.inputs],
                t("evalpage.col.input_value"): list(metric.inputs.values()),
            }
        )
        grid(inputs.style.format(cell_text), hide_index=True, key=lang_key(f"_eval_inputs_{dimension.key}"))
    rows = ev.evidence(version, card.quarter, metric.key)
    st.markdown(f"**{t('evalpage.why.rows', n=len(rows))}**")
    if rows.empty:
        st.caption(t("evalpage.why.no_rows"))
    else:
        grid(
            evidence_table(rows),
            hide_index=True,
            width="stretch",
            key=lang_key(f"_eval_rows_{dimension.key}"),
        )


_CODED_COLUMNS = {
    "level1": "cost.",
    "channel": "channel.",
    "event_key": "event.",
    "employment_type": "etype.",
    "strategy": "eval.strategy.",
    "kind": "evalpage.kind.",
    "method": "evalpage.method.",
}
"""Evidence columns whose values are codes with a catalog name (prefix)."""
_SHARE_COLUMNS = ("share", "service_level", "target", "ape")
"""Evidence columns holding a share (0.8 reads 80.0%)."""
_CHANGE_COLUMNS = ("deviation", "volume_change", "fte_change")
"""Evidence columns holding a relative change (0.13 reads +13.0%)."""


def evidence_table(rows: pd.DataFrame) -> Styler:
    """The rows behind a sub-metric with translated headers, coded values named, yes or no for flags, shares and
    changes in percent and other numbers readable."""
    shown = rows.copy()
    for column, prefix in _CODED_COLUMNS.items():
        if column in shown.columns:
            shown[column] = shown[column].map(lambda code, p=prefix: t_or(f"{p}{code}", str(code)))
    if "month" in shown.columns:  # a month is its first day underneath: 2026-01, not 2026-01-01
        shown["month"] = [
            cell_text(m) if pd.isna(m) else pd.Timestamp(m).strftime("%Y-%m") for m in shown["month"]
        ]
    if "taxonomy_code" in shown.columns:  # 'hidden.complaint_handling': the category and its item, named
        shown["taxonomy_code"] = [
            code_label(c) if isinstance(c, str) and "." in c else c for c in shown["taxonomy_code"]
        ]
    for column in shown.columns:  # a flag as 是/否: the grid would draw a bool column as checkboxes
        if pd.api.types.is_bool_dtype(shown[column]):
            shown[column] = shown[column].map(cell_text)
    # a missing value reads a dash: the Styler's here, the grid's own on screen (ui.frame.grid)
    special = {c: percent_or_dash for c in _SHARE_COLUMNS} | {c: signed_percent for c in _CHANGE_COLUMNS}
    formats = {t_or(f"evalpage.col.{c}", c): special.get(c, cell_text) for c in shown.columns}
    shown = shown.rename(columns={c: t_or(f"evalpage.col.{c}", c) for c in shown.columns})
    return shown.style.format(formats)


def percent_or_dash(share) -> str:
    """A share in percent, a dash where there is none."""
    return "—" if share is None or share != share else percent(float(share))


def cell_text(value) -> str:
    """A table cell for people: amounts with thousands separators, small numbers to 4 significant digits,
    dates without a midnight time."""
    if value is None:
        return "—"
    if isinstance(value, bool | np.bool_):
        return t("evalpage.yes" if value else "evalpage.no")
    if isinstance(value, int | np.integer):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, float | Decimal | np.floating):
        number = float(value)
        if number != number:
            return "—"
        if number.is_integer():
            return f"{number:,.0f}"
        return f"{number:,.2f}" if abs(number) >= 1000 else f"{number:.4g}"
    if isinstance(value, pd.Timestamp) and value == value.normalize():
        return value.date().isoformat()
    return str(value)


def decision_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Saved decisions for display: decision, owner, due date, recorded at."""
    shown = pd.DataFrame(
        {
            "decision": frame["decision"],
            "owner": frame["owner"].fillna("—"),
            "due_date": frame["due_date"].map(_date_text),
            "recorded_at": pd.to_datetime(frame["recorded_at"]).dt.strftime("%Y-%m-%d %H:%M"),
        }
    )
    return shown.rename(columns={c: t(f"review.col.{c}") for c in shown.columns})


def _date_text(value) -> str:
    return "—" if value is None or value != value else pd.Timestamp(value).date().isoformat()


# ---------------------------------------------------------------------------------------------
# The review agenda
# ---------------------------------------------------------------------------------------------


def show_review(version: str, card: evaluation.Scorecard, prior: evaluation.Scorecard | None) -> None:
    """The review agenda: the steps with the current one lit, previous/next, and the current section, full width."""
    st.markdown(_REVIEW_CSS, unsafe_allow_html=True)
    current = section()
    _navigation(card.quarter, current)
    name = SECTIONS[current]
    st.header(t("review.indicator", n=current + 1, total=len(SECTIONS), name=t(f"review.section.{name}")))
    {
        "budget": _section_budget,
        "structure": _section_structure,
        "scores": _section_scores,
        "peaks": _section_peaks,
        "levers": _section_levers,
        "decisions": _section_decisions,
    }[name](version, card, prior)


def _navigation(quarter: str, current: int) -> None:
    """The steps on one line, the buttons on the next: side by side, a laptop's width clipped the buttons."""
    items = "".join(
        f'<span class="{"current" if i == current else ""}">{i + 1} {t(f"review.step.{name}")}</span>'
        for i, name in enumerate(SECTIONS)
    )
    st.markdown(
        f'<div class="review-steps"><b>{t("review.title", quarter=quarter)}</b>{items}</div>',
        unsafe_allow_html=True,
    )
    buttons = st.container(horizontal=True)
    buttons.button(
        t("review.previous"),
        key=lang_key("_review_previous"),
        on_click=step,
        args=(-1,),
        disabled=current == 0,
        icon=":material/arrow_back:",
    )
    buttons.button(
        t("review.next"),
        key=lang_key("_review_next"),
        on_click=step,
        args=(1,),
        disabled=current == len(SECTIONS) - 1,
        icon=":material/arrow_forward:",
        type="primary",
    )
    buttons.button(t("review.leave"), key=lang_key("_review_leave"), on_click=leave_review)


def _category_labels() -> dict[str, str]:
    return {key: t_or(f"cost.{key}", key) for key in LEVEL1_ORDER}


def _section_budget(version: str, card: evaluation.Scorecard, prior) -> None:
    frame = ev.budget_vs_actual(version, card.start, card.end)
    if frame is None or frame.empty:
        st.info(t("review.budget.none", year=card.start.year))
        return
    total_budget, total_actual = float(frame["budget"].sum()), float(frame["actual"].sum())
    gap = total_actual - total_budget
    tiles = st.columns(3)
    tiles[0].metric(t("review.col.budget"), money(total_budget), border=True)
    tiles[1].metric(t("review.col.actual"), money(total_actual), border=True)
    tiles[2].metric(
        t("review.col.variance"),
        signed_money(gap),
        signed_percent(gap / total_budget) if total_budget else None,
        delta_color="inverse",
        border=True,
    )
    labels = _category_labels()
    st.plotly_chart(budget_figure(frame, labels, *money_scale()), key="review_budget_chart", theme=None)
    shown = pd.DataFrame(
        {
            t("review.col.category"): frame["level1"].map(labels),
            t("review.col.budget"): frame["budget"].map(money),
            t("review.col.actual"): frame["actual"].map(money),
            t("review.col.variance"): frame["variance"].map(signed_money),
            t("review.col.variance_pct"): frame["variance_pct"].map(signed_percent),
            t("review.col.status"): frame["status"].map(lambda status: t(f"variance.status.{status}")),
        }
    )
    st.table(lit(shown, t("review.col.status"), frame["status"]).hide(axis="index"))
    st.caption(t("review.budget.note"))


def _section_structure(version: str, card: evaluation.Scorecard, prior) -> None:
    frame = ev.cost_structure(version, card.start, card.end)
    if frame.empty or not frame["amount"].sum():
        st.info(t("review.structure.none"))
        return
    last_year = f"{card.start.year - 1}Q{card.quarter[-1]}"
    st.plotly_chart(
        structure_figure(frame, _category_labels(), card.quarter, last_year),
        key="review_structure_chart",
        theme=None,
    )
    labels = _category_labels()
    known = frame["share_last_year"].notna()
    # the change between the shares as shown (to 0.1%), so 55.8% -> 57.7% reads +1.9, not +1.8
    change = frame["share"].round(3) - frame["share_last_year"].round(3)
    shown = pd.DataFrame(
        {
            t("review.col.category"): frame["level1"].map(labels),
            t("review.col.amount"): frame["amount"].map(money),
            t("review.col.share"): frame["share"].map(percent),
            t("review.col.share_last_year", quarter=last_year): [
                percent(share) if ok else "—"
                for share, ok in zip(frame["share_last_year"], known, strict=True)
            ],
            t("review.col.share_change"): [
                points(delta) if ok else "—" for delta, ok in zip(change, known, strict=True)
            ],
        }
    )
    st.table(shown.set_index(t("review.col.category")))
    if not known.any():
        st.info(t("review.structure.no_last_year", quarter=last_year))


def _section_scores(version: str, card: evaluation.Scorecard, prior) -> None:
    # strategic fit is measured against the declared strategy's ranges: the room must know which one
    strategy = strategy_name(card.strategy, current_language())
    st.markdown(
        t(
            "evalpage.period_strategy",
            start=card.start.isoformat(),
            end=card.end.isoformat(),
            strategy=strategy,
        )
    )
    score_tiles(card, prior)
    st.plotly_chart(
        projector(
            charts_evaluation.radar(card, prior, evaluation.TARGET_SCORE, presentation=True), height=620
        ),
        key="review_radar",
        theme=None,
    )
    # which sub-metric moved a score, without leaving the review: the page's table, lights and all
    st.subheader(t("evalpage.metrics"))
    st.table(metric_table(card).hide(axis="index"))
    st.caption(lights_legend())


def _section_peaks(version: str, card: evaluation.Scorecard, prior) -> None:
    as_of, peaks, in_next_quarter = ev.next_peaks(version, card.end)
    if not in_next_quarter:
        st.info(t("review.peaks.later" if peaks else "review.peaks.none"))
    if not peaks:
        return
    for column, peak in zip(st.columns(len(peaks)), peaks, strict=True):
        with column.container(border=True):
            event = t(f"event.{peak.event_key}")
            days = (
                peak.start.isoformat()
                if peak.start == peak.end
                else t("review.peaks.span", start=peak.start.isoformat(), end=peak.end.isoformat())
            )
            st.subheader(t("review.peaks.when", event=event, dates=days))
            outlook = peak.outlook
            if outlook is None:
                st.markdown(t("review.peaks.past", as_of=as_of.isoformat()))
                continue
            st.markdown(t("review.peaks.days", days=outlook.days_until, as_of=as_of.isoformat()))
            if not outlook.has_history:  # "needs 0, enough staff" would be a guess dressed as a result
                st.info(t("home.peaks.no_history", event=event))
                continue
            show_need(outlook, "review.peaks")
    ahead = [
        p.outlook for p in peaks if p.outlook is not None and p.outlook.has_history and p.outlook.has_roster
    ]
    if ahead:
        labels = {o.event_key: t(f"event.{o.event_key}") for o in ahead}
        st.plotly_chart(peaks_figure(ahead, labels), key="review_peaks_chart", theme=None)
        st.caption(t("review.peaks.basis"))


def _section_levers(version: str, card: evaluation.Scorecard, prior) -> None:
    """The what-if page's cost levers on the baseline scenario (targets, roster and outsourcing as saved), so the
    room can decide where to save next: the forecast is fitted once, with a progress bar, and shared with that
    page."""
    found = whatif_view.model()
    if found is None:
        st.info(t("eval.report.levers.no_volume"))
        return
    model, as_of, baseline = found
    first, last = whatif.plan_window(as_of)
    st.markdown(
        t(
            "eval.report.levers.basis",
            as_of=as_of.isoformat(),
            source=t(f"eval.report.levers.source.{baseline.source}"),
            first=f"{first:%Y-%m}",
            last=f"{last:%Y-%m}",
        )
    )
    for warning in whatif_view.baseline_warnings(baseline):
        st.warning(warning)
    steps = tuple(whatif_view.team_steps().items())  # the step sizes the team saved on the what-if page
    effects = whatif_view.lever_effects(version, model.default_scenario().to_json(), steps)
    if effects.empty:
        st.info(t("whatif.levers.none"))
        return
    fig = projector(lever_chart(effects, presentation=True), height=140 + 60 * len(effects))
    st.plotly_chart(fig.update_layout(margin=dict(r=240)), key="review_levers_chart", theme=None)
    table = lever_text_rows(effects)
    amounts = [
        t("whatif.levers.col.cost"),
        t("whatif.levers.col.pct"),
    ]  # '-¥2,454,773' broke after the '-'
    st.table(
        table.set_index(table.columns[0]).style.set_properties(subset=amounts, **{"white-space": "nowrap"})
    )
    for note in lever_notes(effects):
        st.markdown(note)


def _record_decision(quarter: str) -> None:
    """Button callback: save the typed decision with the quarter and clear the fields."""
    text_key, owner_key, due_key = (lang_key(k) for k in ("_review_decision", "_review_owner", "_review_due"))
    decision = (st.session_state.get(text_key) or "").strip()
    if not decision:
        st.session_state[_DECISION_NOTE_KEY] = "review.decision.empty"
        return
    ev.save_decision(
        quarter, decision, st.session_state.get(owner_key) or "", st.session_state.get(due_key), "review"
    )
    for widget in ("_review_decision", "_review_owner"):  # the next run draws them empty, in either language
        for key in lang_keys(widget):
            st.session_state.pop(key, None)
        st.session_state.pop(_DECISION_FIELDS[widget], None)
    st.session_state[_DECISION_NOTE_KEY] = "review.decision.saved"


def _kept_typing(widget: str, default) -> dict:
    """Key, value and on_change for a decision field, so what was typed survives a language switch."""
    key, kept = lang_key(widget), _DECISION_FIELDS[widget]
    return {
        "key": key,
        "value": st.session_state.get(kept, default),
        "on_change": remember,
        "args": (key, kept),
    }


def _section_decisions(version: str, card: evaluation.Scorecard, prior) -> None:
    with st.container(border=True):
        st.text_area(t("review.decision.text"), height=120, **_kept_typing("_review_decision", ""))
        owner, due = st.columns(2)
        owner.text_input(t("review.decision.owner"), **_kept_typing("_review_owner", ""))
        due.date_input(
            t("review.decision.due"),
            format="YYYY-MM-DD",
            **_kept_typing("_review_due", ev.next_quarter_end(card.end)),
        )
        st.button(
            t("review.decision.save"),
            key=lang_key("_review_save"),
            on_click=_record_decision,
            args=(card.quarter,),
            type="primary",
            icon=":material/save:",
        )
    note = st.session_state.pop(_DECISION_NOTE_KEY, None)
    if note == "review.decision.empty":
        st.warning(t(note))
    elif note:
        st.success(t(note))
    saved = ev.decisions(version, card.quarter)
    st.subheader(t("review.decision.list", n=len(saved)))
    if saved.empty:
        st.caption(t("review.decision.none"))
    else:
        st.table(decision_table(saved))
