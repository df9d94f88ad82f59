"""Cached access for the what-if page: the baseline forecast (fitted once, with progress), the what-if model,
saved scenarios and the CSV export.

Caching: the baseline forecast is keyed by a fingerprint of the volume history (not by data_version, which
every saved scenario bumps: saving must not refit the forecast); the model (inputs read from the database and
its own caches of the demand and plan steps) lives in st.cache_resource keyed by data_version.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from analytics import cost_levers, cost_model, exports, holiday_schedule, overview, store, whatif
from analytics.channels import CHANNELS
from ui import data
from ui.forecast_warnings import plan_warning_texts
from ui.format import (
    listing,
    money,
    percent,
    shown_as,
)
from ui.frame import import_link, remember, remembered_number
from ui.i18n import current_language, lang_key, lang_keys, speaking, t
from ui.whatif_sliders import LEVER_FORMATS, SLIDERS, lever_bounds, lever_rows, lever_step_range

MONTHS = 12
"""The plan window in months."""


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def as_of(version: str) -> dt.date | None:
    """The data's as-of date (the last day with volume)."""
    return overview.data_as_of(data.cursor())


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def volume_fingerprint(version: str) -> str:
    """What the baseline forecast depends on: the volume history, the promotion events and the official
    holiday schedules typed in."""
    con = data.cursor()
    volume = con.execute("SELECT count(*), max(date), sum(contacts) FROM contact_volume").fetchall()[0]
    events = con.execute("SELECT count(*), max(start_date), max(end_date) FROM events").fetchall()[0]
    return repr((volume, events, holiday_schedule.load_schedule(con)))


@st.cache_data(ttl=24 * 3600, max_entries=4, show_spinner=False)
def _published(fingerprint: str, forecasts: str, as_of_date: dt.date, months: int) -> whatif.Baseline | None:
    return whatif.published_baseline(data.cursor(), as_of_date, months)


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def _passed_over(version: str, forecasts: str, as_of_date: dt.date) -> tuple | None:
    return whatif.passed_over_snapshot(data.cursor(), as_of_date, MONTHS)


def passed_over_snapshot(version: str, as_of_date: dt.date) -> str | None:
    """Why the newest published forecast for the as-of date is not the baseline (another holiday schedule, or
    too short for the plan), in a sentence; None when there is no such forecast."""
    found = _passed_over(version, data.forecasts_version(), as_of_date)
    if found is None:
        return None
    snapshot_id, reason, last_day = found
    return t(f"whatif.snapshot_{reason}", id=snapshot_id, end=last_day.isoformat())


@st.cache_data(ttl=24 * 3600, max_entries=24, show_spinner=False)
def _fitted_channel(
    fingerprint: str, as_of_date: dt.date, months: int, channel: str
) -> tuple[pd.DataFrame, list]:
    return whatif.fit_channel_baseline(data.cursor(), as_of_date, months, channel)


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def _channels(fingerprint: str) -> list[str]:
    return whatif.history_channels(data.cursor())


def baseline_forecast(as_of_date: dt.date) -> whatif.Baseline:
    """The baseline forecast for the plan. Fitting shows a progress bar the first time (a few seconds per
    channel); later runs read the cache."""
    fingerprint = volume_fingerprint(data.data_version())
    published = _published(fingerprint, data.forecasts_version(), as_of_date, MONTHS)
    if published is not None:
        return published
    channels = _channels(fingerprint)
    done_key = f"_whatif_fitted:{fingerprint}"
    bar = None if st.session_state.get(done_key) else st.progress(0.0)
    frames, warnings = [], []
    for k, channel in enumerate(channels):
        if bar is not None:
            bar.progress(
                k / len(channels),
                text=t("whatif.fitting", channel=t(f"channel.{channel}"), done=k + 1, total=len(channels)),
            )
        daily, found = _fitted_channel(fingerprint, as_of_date, MONTHS, channel)
        frames.append(daily)
        warnings += [(channel, warning) for warning in found]
    if bar is not None:
        bar.empty()
    st.session_state[done_key] = True
    return whatif.Baseline(pd.concat(frames, ignore_index=True), "fitted", warnings)


@st.cache_resource(max_entries=2, show_spinner=False)
def _model(
    version: str,
    fingerprint: str,
    source: tuple[str, int | None],
    as_of_date: dt.date,
    _daily: pd.DataFrame,
) -> whatif.WhatIfModel:
    return whatif.WhatIfModel(whatif.load_inputs(data.cursor(), as_of_date, _daily))


class Plan(NamedTuple):
    """The what-if model for the current data, the as-of date its 12 months follow, and its baseline."""

    model: whatif.WhatIfModel
    as_of: dt.date
    baseline: whatif.Baseline


def model() -> Plan | None:
    """The what-if model for the current data, with its as-of date and baseline forecast; None without volume."""
    version = data.data_version()
    as_of_date = as_of(version)
    if as_of_date is None:
        return None
    baseline = baseline_forecast(as_of_date)
    fingerprint = volume_fingerprint(version)
    source = (baseline.source, baseline.snapshot_id)  # which published forecast, when one
    found = _model(version, fingerprint, source, as_of_date, baseline.daily)
    return Plan(found, as_of_date, baseline)


def baseline_warnings(baseline: whatif.Baseline) -> list[str]:
    """What the baseline's fit (now, or when it was published) warned of, in the UI language (a short history,
    days missing, an event never seen), one line per kind shared by the channels."""
    return plan_warning_texts(baseline.warnings, data.data_version())


def basis_caption(result: whatif.WhatIfResult, version: str) -> str:
    """What the 12-month cost is (a modelled cost with the reserve and training in it), next to the actual
    spend of the last 12 months, so nobody reads the gap between them as a forecast overrun."""
    by_category = result.by_category.groupby("level1")["amount"].sum()
    modelled = t(
        "whatif.basis",
        reserve=money(by_category.get("contingency", 0.0)),
        training=money(by_category.get("training", 0.0)),
    )
    found = data.home_kpis("last_12_months", version)
    kpis = None if found is None else found[1]
    if kpis is None or not kpis.spend_months:
        actual = t("whatif.basis.no_actual")
    elif kpis.spend_months < kpis.months:
        actual = t("whatif.basis.actual_part", covered=kpis.spend_months, actual=money(kpis.spend))
    else:
        actual = t("whatif.basis.actual", actual=money(kpis.spend))
    return modelled + ("" if current_language() == "zh" else " ") + actual


CHECK_PARAMETERS = (
    "service_level",
    "answer_seconds",
    "chat_service_level",
    "chat_answer_seconds",
    "max_occupancy",
    "shrinkage",
)
"""The scenario's parameters the staffing check uses (the others describe next year, not history)."""


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _staffing_check(
    version: str, as_of_date: dt.date, service: tuple[float, ...], _model: whatif.WhatIfModel
) -> whatif.StaffingCheck | None:
    scenario = whatif.Scenario(**dict(zip(CHECK_PARAMETERS, service, strict=True)))
    return whatif.staffing_check(data.cursor(), _model, scenario, as_of_date, MONTHS)


def staffing_check(
    model: whatif.WhatIfModel, scenario: whatif.Scenario, as_of_date: dt.date
) -> whatif.StaffingCheck | None:
    """The model over the last 12 actual months against the roster (cached by CHECK_PARAMETERS)."""
    service = tuple(getattr(scenario, name) for name in CHECK_PARAMETERS)
    return _staffing_check(data.data_version(), as_of_date, service, model)


def check_text(check: whatif.StaffingCheck) -> tuple[str, bool]:
    """The model check in a sentence or two, and whether it is a warning (the model more than about 10% off
    the roster's FTE)."""
    roster = check.by_month[list(whatif.EMPLOYMENT_TYPES)].mean()
    # in-sentence forms of the employment types (lower case in English), not the column headings
    types = listing(f"{t(f'whatif.check.type.{kind}')} {fte:,.1f}" for kind, fte in roster.items() if fte)
    gap = percent(abs(check.gap), 0)
    if check.agrees:
        judged = t("whatif.check.close", gap=gap)
    else:
        judged = t("whatif.check.high" if check.gap > 0 else "whatif.check.low", gap=gap)
    headline = check.headline_service_level()
    sl = ""
    if headline is not None:
        channel, actual = headline
        target = check.target_service_level
        sl = t(
            "whatif.check.sl",
            channel=t(f"channel.{channel}"),
            actual=percent(actual),
            target=percent(target, 0),
        )
    text = t(
        "whatif.check",
        months=check.months,
        required=f"{check.required_fte:,.0f}",
        roster=f"{check.roster_fte:,.0f}",
        types=types,
        gap=judged,
        sl=sl,
    )
    if check.agrees:
        return text, False
    if check.gap < 0:
        advice = "whatif.check.under"
    elif headline is not None and headline[1] < check.target_service_level:
        advice = "whatif.check.short"
    else:
        advice = "whatif.check.over"
    return text + ("" if current_language() == "zh" else " ") + t(advice), True


def check_team_table(check: whatif.StaffingCheck) -> pd.DataFrame:
    """The check per team, with translated headers: team (the roster's own name), channels, the model's FTE
    and the roster's FTE (monthly averages, one decimal)."""
    frame = check.by_team
    return pd.DataFrame(
        {
            t("whatif.check.col.team"): frame["team"].fillna(t("whatif.check.no_team")),
            t("whatif.check.col.channels"): frame["channels"].map(
                lambda cs: listing(t(f"channel.{c}") for c in cs)
            ),
            t("whatif.check.col.required"): frame["required_fte"].round(1),
            t("whatif.check.col.roster"): frame["roster_fte"].round(1),
        }
    )


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def default_rate_inputs(version: str, as_of_date: dt.date) -> tuple[str, ...]:
    """Which imports the cost rates lack ('roster', 'ledger'), so that default rates stand in for them."""
    return cost_model.default_rate_inputs(data.cursor(), as_of_date)


_IMPORT_FOR_RATES = {"roster": "staff", "ledger": "costs"}
"""The kind of data to import so that the rates stop using defaults for that input."""


def warn_default_rates(version: str, as_of_date: dt.date) -> None:
    """Say which rates are defaults, not the company's, each with a link to import what they lack."""
    for missing in default_rate_inputs(version, as_of_date):
        st.warning(t(f"whatif.defaults.{missing}"))
        import_link(_IMPORT_FOR_RATES[missing])


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def saved_scenarios(version: str) -> pd.DataFrame:
    """Saved scenarios: scenario_id, name, created_by, created_at, params_json (newest first)."""
    return whatif.list_scenarios(data.cursor())


def save(name: str, scenario: whatif.Scenario) -> tuple[str, str]:
    """Save the scenario under a name (a committed write: the data version moves on); returns what to say, as
    (kind, text) with kind 'success' or 'warning': saved, replaced one of the same name, or refused because a
    budget version was drafted on the one of that name."""
    name = name.strip()
    existing = set(saved_scenarios(data.data_version())["name"])
    try:
        whatif.save_scenario(data.cursor(), name, scenario)
    except whatif.ScenarioInUse as in_use:
        versions = listing(t("whatif.budget_version", year=y, version=v) for y, v in in_use.versions)
        return "warning", t("whatif.scenario_in_use", name=name, versions=versions)
    return "success", t("whatif.replaced" if name in existing else "whatif.saved", name=name)


def load(scenario_id: int) -> whatif.Scenario:
    return whatif.load_scenario(data.cursor(), scenario_id)


PLAN_COLUMNS = (
    "month",
    "channel",
    "contacts",
    "required_fte",
    "inhouse_fte",
    "outsourced_fte",
    "temp_fte",
    "flex_fte",
    "headcount",
    "hires",
    "leavers",
    "gap_fte",
    "surplus_fte",
    "cost",
)


def plan_table(result: whatif.WhatIfResult) -> pd.DataFrame:
    """The monthly plan with translated headers and channel names."""
    frame = whatif.monthly_plan(result)
    frame["channel"] = frame["channel"].map(lambda c: t(f"channel.{c}"))
    return frame.rename(columns={c: t(f"whatif.col.{c}") for c in PLAN_COLUMNS})


PLAN_TOTALS = ("contacts", "hires", "leavers", "cost")
"""The plan's columns the Excel sheet totals; FTE and headcount are monthly levels, whose sum means nothing."""


def plan_file(result: whatif.WhatIfResult, lang: str, fmt: str) -> bytes:
    """A scenario's monthly plan by channel as CSV (UTF-8 with BOM) or Excel ('csv' or 'xlsx'), headers in
    `lang`; the Excel sheet ends in a totals row (contacts, hires, leavers and the 12 months' cost). Built when
    the button is clicked (outside the page run, hence the language passed in), not on every slider move."""
    with speaking(lang):
        table = plan_table(result)
        if fmt == "csv":
            return exports.csv_bytes(table)
        summed = [t(f"whatif.col.{c}") for c in PLAN_TOTALS]
        return exports.xlsx_bytes(
            table, t("whatif.export.sheet"), totals=summed, total_label=t("whatif.col.total")
        )


HIRING_COLUMNS = (
    "required_fte",
    "inhouse_fte",
    "outsourced_fte",
    "committed_temp_fte",
    "flex_fte",
    "headcount",
    "hires",
    "leavers",
    "shortfall_fte",
    "surplus_fte",
)
_OPTIONAL = ("committed_temp_fte", "flex_fte", "shortfall_fte")


def hiring_frame(result: whatif.WhatIfResult, channel: str = "total") -> pd.DataFrame:
    """The hiring plan by month for one channel or all ('total'): HIRING_COLUMNS, where outsourced_fte is
    the outsourced share only (outsourcing that covers a peak is flex_fte), shortfall_fte the positive gap;
    columns of temps, peak cover and shortfall only when the plan has some; with 'total' also surplus_cost."""
    plan = result.plan if channel == "total" else result.plan[result.plan["channel"] == channel]
    peak_outsourced = plan["flex_fte"] if result.scenario.peak_cover == "outsourced" else 0.0
    plan = plan.assign(
        outsourced_fte=plan["outsourced_fte"] - peak_outsourced, shortfall_fte=plan["gap_fte"].clip(lower=0)
    )
    frame = plan.groupby("month")[list(HIRING_COLUMNS)].sum()
    empty = [c for c in _OPTIONAL if not (frame[c] >= 0.05).any()]
    frame = frame.drop(columns=empty)
    if channel == "total":
        frame["surplus_cost"] = result.surplus.set_index("month")["cost"].reindex(frame.index)
    return frame


def peak_cover_options(model: whatif.WhatIfModel, scenario: whatif.Scenario) -> pd.DataFrame:
    """The scenario with each way of covering the peaks: peak_cover, hires, flex_fte_months,
    surplus_fte_months, surplus_cost, total_cost (the plan step is cached per option)."""
    rows = []
    for cover in whatif.PEAK_COVERS:
        result = model.run(scenario.replace(peak_cover=cover))
        rows.append(
            {
                "peak_cover": cover,
                "hires": result.hires,
                "flex_fte_months": result.flex_fte_months,
                "surplus_fte_months": result.surplus_fte_months,
                "surplus_cost": result.surplus_cost,
                "total_cost": result.total_cost,
            }
        )
    return pd.DataFrame(rows)


def channel_labels() -> dict[str, str]:
    return {c: t(f"channel.{c}") for c in CHANNELS}


# ---------------------------------------------------------------------------------------------
# Slider state: plain session_state keys (they survive page switches), widgets keyed separately
# ---------------------------------------------------------------------------------------------

STATE_PREFIX = "whatif."
WIDGET_PREFIX = "wi_"


def _slider_value(value: float, step: float) -> float | int:
    """A parameter in slider units: whole numbers for whole-number steps."""
    return int(round(value)) if float(step).is_integer() else round(value / step) * step


def scenario_to_state(scenario: whatif.Scenario) -> dict[str, object]:
    """Slider values (state keys without prefix) for a scenario."""
    state: dict[str, object] = {}
    for specs in SLIDERS.values():
        for param, _key, _lo, _hi, step, scale, _help in specs:
            state[param] = _slider_value(getattr(scenario, param) * scale, step)
    for channel, share in scenario.outsourcing.items():
        state[f"out_{channel}"] = int(round(share * 100))
    state["peak_cover"] = scenario.peak_cover
    state["comprehensive_hours"] = scenario.comprehensive_hours
    return state


def state_to_scenario() -> whatif.Scenario:
    """The scenario the sliders describe."""
    values: dict[str, object] = {}
    for specs in SLIDERS.values():
        for param, _key, _lo, _hi, _step, scale, _help in specs:
            values[param] = float(st.session_state[STATE_PREFIX + param]) / scale
    values["outsourcing_share"] = tuple(
        (c, st.session_state[f"{STATE_PREFIX}out_{c}"] / 100)
        for c in CHANNELS
        if f"{STATE_PREFIX}out_{c}" in st.session_state
    )
    values["peak_cover"] = str(st.session_state[STATE_PREFIX + "peak_cover"])
    values["comprehensive_hours"] = bool(st.session_state[STATE_PREFIX + "comprehensive_hours"])
    return whatif.Scenario(**values)


def apply_scenario(scenario: whatif.Scenario) -> None:
    """Set every slider to a scenario (callback: runs before the widgets are drawn again)."""
    for name, value in scenario_to_state(scenario).items():
        st.session_state[STATE_PREFIX + name] = value
        for key in widget_keys(name):
            st.session_state[key] = value  # in a callback: the browser's widget follows


def init_state(defaults: whatif.Scenario) -> None:
    """Fill the slider state from the baseline the first time the page runs in a session."""
    for name, value in scenario_to_state(defaults).items():
        st.session_state.setdefault(STATE_PREFIX + name, value)
        # widgets get their value from their key (no value= argument), restored after a page switch
        for key in widget_keys(name):
            st.session_state.setdefault(key, st.session_state[STATE_PREFIX + name])
    # the peak cover has a widget per language: the one about to be drawn shows the choice made in the other
    for key in widget_keys("peak_cover"):
        st.session_state[key] = st.session_state[STATE_PREFIX + "peak_cover"]


def widget_keys(name: str) -> list[str]:
    """The widget keys of a parameter: one per language for the peak cover (its labels are translated,
    see ``lang_key``), one for a slider."""
    return lang_keys(WIDGET_PREFIX + name) if name == "peak_cover" else [WIDGET_PREFIX + name]


def load_into_sliders(scenario_id: int) -> None:
    """Callback of the load button: set the sliders to a saved scenario."""
    apply_scenario(load(scenario_id))


# ---------------------------------------------------------------------------------------------
# Cost levers: each slider one step toward cheaper
# ---------------------------------------------------------------------------------------------


LEVER_STEP_PREFIX = "wi_lever_step_"
"""Plain session keys (and widget names) of the levers' step sizes (points, or % for handle time and price),
followed by the lever key."""


def team_steps() -> dict[str, float]:
    """The step sizes the team saved (cost_levers.saved_steps), by lever key; a query of one row, not cached."""
    return cost_levers.saved_steps(data.cursor())


def step_number(lever: cost_levers.Lever) -> type:
    """int for a lever stepped in whole points (reads '5'), float for half points (reads '0.5')."""
    return int if float(lever_step_range(lever)[2]).is_integer() else float


def step_in_points(lever: cost_levers.Lever, size: float) -> int | float:
    """A step size in the scenario's units (0.05) as its input shows it (5, or 0.5 for half points)."""
    return step_number(lever)(round(size * 100, 1))


def lever_step_inputs(where) -> None:
    """A number input per lever in ``where`` for its step size (points, or % for handle time and price),
    starting at the team's saved step (else the default) and kept through page and language switches; under
    them, the button that saves them as the team's and whether the review uses the same."""
    saved = team_steps()
    columns = where.columns(3, vertical_alignment="bottom")  # a label on two lines keeps its row level
    for k, lever in enumerate(cost_levers.LEVERS):
        low, high, increment = lever_step_range(lever)
        number = step_number(lever)
        remembered_number(
            columns[k % 3],
            # a change of handle time or price is relative (%), the other sliders are shares (points)
            t(
                "whatif.levers.step_percent"
                if lever.param.endswith("_change")
                else "whatif.levers.step_points",
                lever=t(f"whatif.levers.{lever.key}"),
            ),
            LEVER_STEP_PREFIX + lever.key,
            f"_{LEVER_STEP_PREFIX}{lever.key}",
            step_in_points(lever, saved.get(lever.key, abs(lever.step))),
            number(low),
            number(high),
            number(increment),
            format=None if number is int else "%.1f",
        )
    save_col, default_col = where.columns(2)
    save_col.button(
        t("whatif.levers.save_steps"), key="wi_save_steps", on_click=save_team_steps, width="stretch"
    )
    default_col.button(
        t("whatif.levers.default_steps"), key="wi_default_steps", on_click=default_steps, width="stretch"
    )
    outcome = st.session_state.pop("_wi_steps_outcome", None)
    if outcome == "busy":
        where.warning(t("whatif.levers.steps_busy"))
    elif outcome:
        where.success(t("whatif.levers.steps_saved"))
    same = steps_match(dict(lever_steps()), saved)
    where.caption(t("whatif.levers.steps_same" if same else "whatif.levers.steps_differ"))


def steps_match(shown: cost_levers.Steps, saved: cost_levers.Steps) -> bool:
    """Whether the step sizes on the page are those the review uses: the team's saved ones, else the defaults."""
    return all(
        math.isclose(shown.get(lever.key, abs(lever.step)), saved.get(lever.key, abs(lever.step)))
        for lever in cost_levers.LEVERS
    )


def default_steps() -> None:
    """Callback of 「恢复默认步幅」: every step size back to the product's default, on this page only (saving them
    for the team is another click)."""
    for lever in cost_levers.LEVERS:
        st.session_state[LEVER_STEP_PREFIX + lever.key] = step_in_points(lever, abs(lever.step))
        for widget_key in lang_keys(f"_{LEVER_STEP_PREFIX}{lever.key}"):
            st.session_state.pop(widget_key, None)  # drawn again from the plain key


def save_team_steps() -> None:
    """Callback of 「存为团队步幅」: the step sizes on the page become the team's, for the review and its report.

    A size typed and then the button clicked arrive in one rerun: the inputs' values are taken here, whichever
    callback ran first."""
    for lever in cost_levers.LEVERS:
        widget_key = lang_key(f"_{LEVER_STEP_PREFIX}{lever.key}")
        if widget_key in st.session_state:
            remember(widget_key, LEVER_STEP_PREFIX + lever.key)
    try:
        cost_levers.save_steps(data.cursor(), dict(lever_steps()))
        st.session_state["_wi_steps_outcome"] = "saved"
    except store.WriteBusyError:
        st.session_state["_wi_steps_outcome"] = "busy"


def lever_steps() -> tuple[tuple[str, float], ...]:
    """The step sizes set on the page, in the scenario's units (hashable, for the cache); empty while none
    is set."""
    state = st.session_state
    return tuple(
        (lever.key, float(state[LEVER_STEP_PREFIX + lever.key]) / 100)
        for lever in cost_levers.LEVERS
        if LEVER_STEP_PREFIX + lever.key in state
    )


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def lever_effects(
    version: str, scenario_json: str, steps: tuple[tuple[str, float], ...] = ()
) -> pd.DataFrame:
    """cost_levers.lever_effects for the scenario on the sliders and the step sizes set (fifteen what-if runs,
    under a second)."""
    found = model()
    if found is None:
        return pd.DataFrame()
    scenario = whatif.Scenario.from_json(scenario_json)
    return cost_levers.lever_effects(found.model, scenario, lever_bounds(), dict(steps))


def try_lever(pick_key: str) -> None:
    """Callback of the levers tab's button: the sliders take the step of the lever picked under ``pick_key``.

    The pick and the sliders are read here, not bound when the button was drawn: a click right after a new pick
    arrives before the rerun that pick started has drawn the button again, and moved the lever picked before.
    """
    found = model()
    if found is None:
        return
    pick = st.session_state[pick_key]
    steps = dict(lever_steps())
    apply_scenario(cost_levers.scenario_after(found.model, state_to_scenario(), pick, lever_bounds(), steps))


def lever_table(effects: pd.DataFrame) -> Styler:
    """The levers with translated headers and words; the changes read signed and stay numbers underneath."""
    return shown_as(lever_rows(effects), {t(f"whatif.levers.col.{c}"): f for c, f in LEVER_FORMATS.items()})
