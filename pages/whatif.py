"""人力与成本测算 Staffing & cost what-if: sliders → FTE, hiring plan, ¥ by category, cost per contact."""

from functools import partial

import pandas as pd
import streamlit as st

from analytics import cost_model, exports, whatif
from ui import bpo_contracts, charts_whatif, data, whatif_sliders
from ui import holiday_schedule as schedule_view
from ui import whatif as wi
from ui.format import (
    compact_unit,
    count,
    listing,
    money,
    money_scale,
    percent,
    row_labels_config,
    shown_as,
    signed_money,
    signed_percent,
    yuan_fen,
)
from ui.frame import (
    frame,
    grid,
    import_link,
    presentation,
    remember,
    remembered_tabs,
    table_height,
    wide_table,
)
from ui.i18n import current_language, labeller, lang_key, t

frame("whatif.title")
st.title(t("whatif.title"))
st.caption(t("whatif.intro"))

found = wi.model()
if found is None:
    st.info(t("whatif.no_data"))
    import_link("volume")
    st.stop()
model, as_of, baseline = found
baseline_scenario = model.default_scenario()
wi.init_state(baseline_scenario)
first, last = whatif.plan_window(as_of, wi.MONTHS)
st.caption(
    t(
        "whatif.window",
        first=first.isoformat(),
        last=last.isoformat(),
        source=t(f"whatif.source.{baseline.source}"),
    )
)
for warning in wi.baseline_warnings(baseline):  # a fit on a short or patchy history: the plan is less sure
    st.warning(warning)
passed_over = wi.passed_over_snapshot(data.data_version(), as_of) if baseline.source == "fitted" else None
if passed_over:  # planned from a fresh fit, not from the forecast finance saw published
    st.caption(passed_over)
estimated = [
    y for y in range(first.year, last.year + 1) if schedule_view.is_estimated(y, data.data_version())
]
if estimated:  # day types and the busiest days' overtime pay guess the year's 调休
    st.caption(t("whatif.provisional_calendar", years=listing(str(y) for y in estimated)))

# on the shared screen the tables get more of the width: the hiring plan's eleven columns fit at 1366 px
controls, outputs = st.columns([1, 3.0], gap="large")

with controls, st.container(border=True):
    st.subheader(t("whatif.controls"))
    for group, specs in whatif_sliders.SLIDERS.items():
        st.markdown(f"**{t(f'whatif.group.{group}')}**")
        for param, key, lo, hi, step, _scale, help_key in specs:
            if param == "outsourcing_price_change":  # the shares first, then what the BPO charges for them
                for channel in model.channels:
                    st.slider(
                        t("whatif.outsourcing", channel=t(f"channel.{channel}")),
                        min_value=0,
                        max_value=whatif_sliders.OUTSOURCING_MAX,
                        step=5,
                        key=f"{wi.WIDGET_PREFIX}out_{channel}",
                        on_change=remember,
                        args=(f"{wi.WIDGET_PREFIX}out_{channel}", f"{wi.STATE_PREFIX}out_{channel}"),
                    )
            if param == "peak_threshold":
                st.radio(
                    t("whatif.peak_cover"),
                    whatif.PEAK_COVERS,
                    format_func=labeller("whatif.cover.", whatif.PEAK_COVERS),
                    help=t("whatif.peak_cover_help"),
                    key=lang_key(wi.WIDGET_PREFIX + "peak_cover"),
                    on_change=remember,
                    args=(lang_key(wi.WIDGET_PREFIX + "peak_cover"), wi.STATE_PREFIX + "peak_cover"),
                )
            st.slider(
                t(key),
                min_value=lo,
                max_value=hi,
                step=step,
                format=None if float(step).is_integer() else "%.1f",  # 3.0, not 3.00
                help=t(help_key) if help_key else None,
                key=wi.WIDGET_PREFIX + param,
                on_change=remember,
                args=(wi.WIDGET_PREFIX + param, wi.STATE_PREFIX + param),
            )
            if param == "outsourcing_price_change":  # what the BPO's contract charges, when typed in
                bpo_contracts.editor(model.channels, as_of)
            if param == "overtime_premium":
                st.toggle(
                    t("whatif.comprehensive_hours"),
                    help=t("whatif.comprehensive_hours_help"),
                    key=wi.WIDGET_PREFIX + "comprehensive_hours",
                    on_change=remember,
                    args=(wi.WIDGET_PREFIX + "comprehensive_hours", wi.STATE_PREFIX + "comprehensive_hours"),
                )
    st.button(
        t("whatif.reset"),
        key="wi_reset",
        on_click=wi.apply_scenario,
        args=(baseline_scenario,),
        width="stretch",
    )

scenario = wi.state_to_scenario()
result = model.run(scenario)
baseline = model.run(baseline_scenario)
diff = whatif.difference(result, baseline)
base_diff = whatif.difference(baseline, baseline)
divisor, unit = money_scale()
channel_labels = {c: t(f"channel.{c}") for c in model.channels}
category_labels = {level1: t(f"cost.{level1}") for level1 in cost_model.LEVEL1_ORDER}


def _vs_baseline(delta_text: str, pct: float | None, zero: bool) -> str:
    if zero:
        return t("whatif.kpi.same")
    return t("whatif.kpi.vs_baseline", delta=delta_text, pct="—" if pct is None else f"{pct * 100:+.1f}%")


with outputs:
    tiles = st.columns(2) + st.columns(2)
    cost_delta = diff["cost_delta"]
    same = abs(cost_delta) < 0.5
    tiles[0].metric(
        t("whatif.kpi.cost"),
        money(diff["cost"]),
        _vs_baseline(
            ("+" if cost_delta >= 0 else "") + money(cost_delta),
            diff["cost_delta_pct"],
            abs(cost_delta) < 0.5,
        ),
        delta_color="inverse" if not same else "off",
        delta_arrow="auto" if not same else "off",
        border=True,
    )
    fte_delta = diff["fte_delta"]
    same = abs(fte_delta) < 0.05
    tiles[1].metric(
        t("whatif.kpi.fte"),
        f"{diff['fte']:,.1f}",
        _vs_baseline(f"{fte_delta:+,.1f}", fte_delta / base_diff["fte"], abs(fte_delta) < 0.05),
        delta_color="inverse" if not same else "off",
        delta_arrow="auto" if not same else "off",
        border=True,
    )
    hires_delta = diff["hires_delta"]
    same = abs(hires_delta) < 0.5
    tiles[2].metric(
        t("whatif.kpi.hires"),
        count(diff["hires"]),
        _vs_baseline(
            f"{hires_delta:+,.0f}",
            hires_delta / base_diff["hires"] if base_diff["hires"] else None,
            abs(hires_delta) < 0.5,
        ),
        delta_color="inverse" if not same else "off",
        delta_arrow="auto" if not same else "off",
        border=True,
    )
    st.caption(wi.basis_caption(result, data.data_version()))
    check = wi.staffing_check(model, scenario, as_of)
    if check is not None:
        check_text, off = wi.check_text(check)
        (st.warning if off else st.caption)(check_text)
        with st.expander(t("whatif.check.by_team")):
            table = wi.check_team_table(check)
            grid(table, hide_index=True, column_config=row_labels_config(t("whatif.check.col.team")))
    covers = wi.peak_cover_options(model, scenario)
    if result.surplus_fte_months >= 1:
        monthly = result.surplus.set_index("month")["surplus_fte"]
        worst = monthly.idxmax()
        text = t(
            "whatif.surplus",
            fte_months=f"{result.surplus_fte_months:,.0f}",
            cost=money(result.surplus_cost),
            worst=f"{worst:%Y-%m}",
            worst_fte=f"{monthly[worst]:,.1f}",
            end_fte=f"{monthly.iloc[-1]:,.1f}",
        )
        cheapest = covers.loc[covers["total_cost"].idxmin()]
        saving = result.total_cost - cheapest["total_cost"]
        if cheapest["peak_cover"] != scenario.peak_cover and saving >= 1:
            text += t(
                "whatif.surplus.cheaper",
                cover=t(f"whatif.levers.cover.{cheapest['peak_cover']}"),  # short, lower case in a sentence
                saving=money(saving),
            )
        st.warning(text)
    short = result.plan.assign(short=result.plan["gap_fte"].clip(lower=0)).groupby("month")["short"].sum()
    if short.sum() >= 1:
        months = short.index[short >= 0.5]
        st.warning(
            t(
                f"whatif.shortfall.{scenario.peak_cover if scenario.peak_cover in ('hire', 'overtime') else 'other'}",
                fte_months=f"{short.sum():,.0f}",
                months=listing([f"{m:%Y-%m}" for m in months]),
            )
        )
    wi.warn_default_rates(data.data_version(), as_of)
    cpc_delta = diff["cost_per_contact"] - base_diff["cost_per_contact"]
    same = abs(cpc_delta) < 0.005
    tiles[3].metric(
        t("whatif.kpi.cpc"),
        yuan_fen(diff["cost_per_contact"]),
        _vs_baseline(f"{cpc_delta:+,.2f}", cpc_delta / base_diff["cost_per_contact"], abs(cpc_delta) < 0.005),
        delta_color="inverse" if not same else "off",
        delta_arrow="auto" if not same else "off",
        border=True,
    )

    fte_tab, busiest_tab, hiring_tab, cost_tab, cpc_tab, levers_tab = remembered_tabs(
        ("fte", "busiest", "hiring", "cost", "cpc", "levers"), "whatif.tab.", "whatif.tab"
    )
    plan = result.plan
    with fte_tab:
        st.markdown(f"**{t('whatif.fte_chart')}**")
        st.plotly_chart(
            charts_whatif.fte_by_channel(
                plan, channel_labels, t("whatif.col.headcount"), t("whatif.col.inhouse_fte"), presentation()
            ),
            key="wi_fte_chart",
            theme=None,
        )
        table = plan.pivot_table(index="month", columns="channel", values="required_fte", aggfunc="sum")
        table = table[[c for c in model.channels if c in table.columns]].rename(columns=channel_labels)
        table[t("channel.total")] = table.sum(axis=1)
        table[t("whatif.col.inhouse_fte")] = plan.groupby("month")["inhouse_fte"].sum()
        table[t("whatif.col.headcount")] = plan.groupby("month")["headcount"].sum()
        table.index = table.index.strftime("%Y-%m")
        wide_table(
            shown_as(
                table.rename_axis(t("whatif.col.month")).round(1),
                dict.fromkeys(table.columns, "{:,.1f}".format),
            ),
            key="wi_fte_table",
            width="stretch",
            height="content",  # all twelve months, not ten and a scroll bar
        )
        st.caption(t("whatif.fte_note"))

    with busiest_tab:
        busiest = model.busiest_days(scenario)
        st.markdown(f"**{t('whatif.busiest_chart')}**")
        st.plotly_chart(
            charts_whatif.busiest_days(
                busiest, t("whatif.busiest.month_fte"), t("whatif.busiest.busiest_fte"), presentation()
            ),
            key="wi_busiest_chart",
            theme=None,
        )
        overtime = busiest["overtime_cost"].sum()
        st.markdown(
            t(
                "whatif.busiest.overtime",
                months=len(busiest),
                cost=money(overtime),
                share=percent(overtime / diff["cost"]),
                premium=f"{scenario.overtime_premium:g}",
            )
        )
        at_floor = busiest[busiest["overtime_multiple"] > scenario.overtime_premium]
        if len(at_floor):
            days = [
                t(
                    "whatif.busiest.floor_day",
                    date=day.date().isoformat(),
                    kind=t(f"whatif.day_type.{kind}"),
                    rate=rate,
                )
                for day, kind, rate in zip(
                    at_floor["date"], at_floor["day_type"], at_floor["overtime_multiple"], strict=True
                )
            ]
            scheme = "comprehensive" if scenario.comprehensive_hours else "standard"
            st.caption(t(f"whatif.busiest.floor.{scheme}", days=listing(days)))
        shown = busiest.assign(month=busiest["month"].dt.strftime("%Y-%m"), date=busiest["date"].dt.date)
        columns = ("month", "date", "busiest_fte", "month_fte", "extra_fte", "extra_hours", "overtime_cost")
        shown = shown[list(columns)].rename(columns={c: t(f"whatif.busiest.col.{c}") for c in columns})
        one_decimal = {t(f"whatif.busiest.col.{c}"): "{:,.1f}".format for c in columns[2:5]}
        whole = {t("whatif.busiest.col.extra_hours"): count, t("whatif.busiest.col.overtime_cost"): money}
        wide_table(
            shown_as(shown, one_decimal | whole),
            key="wi_busiest_table",
            hide_index=True,
            width="stretch",
            height="content",
        )
        st.caption(t("whatif.busiest_note"))

    with hiring_tab:
        st.session_state.setdefault("whatif.hiring_channel", "total")
        options = ["total", *model.channels]
        pick = st.selectbox(
            t("whatif.channel_filter"),
            options,
            index=options.index(st.session_state["whatif.hiring_channel"]),
            format_func=labeller("channel.", options),
            key=lang_key("wi_hiring_channel"),
            on_change=remember,
            args=(lang_key("wi_hiring_channel"), "whatif.hiring_channel"),
        )
        hiring = wi.hiring_frame(result, pick)
        hiring.index = hiring.index.strftime("%Y-%m")
        labels = {c: t(f"whatif.hcol.{c}") for c in hiring.columns if c != "flex_fte"}
        if "flex_fte" in hiring.columns:
            labels["flex_fte"] = t(f"whatif.hcol.flex.{scenario.peak_cover}")
        if (
            "surplus_cost" in hiring.columns
        ):  # in 万 (k): a full ¥ figure pushed the column off a laptop screen
            hiring["surplus_cost"] /= compact_unit()[0]
        formats = {labels[c]: count if c == "hires" else "{:,.1f}".format for c in labels}
        wide_table(
            shown_as(hiring.rename(columns=labels).rename_axis(t("whatif.col.month")).round(1), formats),
            key="wi_hiring_table",
            width="stretch",
            height="content",
        )
        st.caption(
            t("whatif.hcol.unit")
            + ("" if current_language() == "zh" else " ")
            + t("whatif.hiring_note", weeks=f"{whatif.TRAINING_WEEKS + whatif.RAMP_WEEKS:g}")
        )
        st.markdown(f"**{t('whatif.covers_title')}**")
        shown = covers.assign(peak_cover=covers["peak_cover"].map(lambda c: t(f"whatif.cover.{c}")))
        shown.columns = [t(f"whatif.col.{c}") for c in shown.columns]
        formats = {"hires": count, "flex_fte_months": count, "surplus_fte_months": count}
        formats |= {"surplus_cost": money, "total_cost": money}
        chosen = list(whatif.PEAK_COVERS).index(scenario.peak_cover)
        wide_table(
            shown_as(shown, {t(f"whatif.col.{c}"): f for c, f in formats.items()}).apply(
                lambda row: ["font-weight: bold" if row.name == chosen else "" for _ in row], axis=1
            ),
            key="wi_covers_table",
            hide_index=True,
            width="stretch",
        )
        st.caption(t("whatif.covers_note"))

    with cost_tab:
        st.markdown(f"**{t('whatif.cost_chart')}**")
        st.plotly_chart(
            charts_whatif.cost_by_category(
                result.by_category, category_labels, divisor, f" {unit}", presentation()
            ),
            key="wi_cost_chart",
            theme=None,
        )
        st.markdown(f"**{t('whatif.diff_title')}**")
        categories = whatif.category_difference(result, baseline)
        categories["order"] = categories["level1"].map({k: i for i, k in enumerate(cost_model.LEVEL1_ORDER)})
        categories = categories.sort_values("order")
        shown = categories.assign(level1=categories["level1"].map(category_labels))
        shown = shown[["level1", "scenario", "baseline", "delta", "delta_pct"]]
        shown.columns = [
            t(f"whatif.col.{c}") for c in ("category", "scenario", "baseline", "delta", "delta_pct")
        ]
        formats = {"scenario": money, "baseline": money, "delta": signed_money, "delta_pct": signed_percent}
        grid(
            shown_as(shown, {t(f"whatif.col.{c}"): f for c, f in formats.items()}),
            hide_index=True,
            width="stretch",
            key="wi_category_table",
        )

    with cpc_tab:
        st.markdown(f"**{t('whatif.cpc_chart')}**")
        st.plotly_chart(
            charts_whatif.cost_per_contact(
                result.per_contact,
                channel_labels,
                baseline.per_contact,
                t("whatif.col.scenario"),
                t("whatif.col.baseline"),
                presentation(),
            ),
            key="wi_cpc_chart",
            theme=None,
        )
        per = result.per_contact.copy()
        per["channel"] = per["channel"].map(channel_labels)
        shown = per[["channel", "contacts", "direct", "shared", "total", "cost_per_contact"]]
        shown.columns = [
            t(f"whatif.col.{c}") for c in ("channel", "contacts", "direct", "shared", "total", "cpc")
        ]
        formats = {"contacts": count, "direct": money, "shared": money, "total": money, "cpc": yuan_fen}
        wide_table(
            shown_as(shown, {t(f"whatif.col.{c}"): f for c, f in formats.items()}),
            key="wi_cpc_table",
            hide_index=True,
            width="stretch",
        )
        st.caption(t("whatif.cpc_note"))

    # fifteen more runs of the plan: worked out only while the tab is open
    with levers_tab:
        if levers_tab.open:  # how big a step each lever takes: the service center's own judgement
            wi.lever_step_inputs(st.expander(t("whatif.levers.steps")))
        steps = wi.lever_steps()
        effects = (
            wi.lever_effects(data.data_version(), scenario.to_json(), steps) if levers_tab.open else None
        )
        if effects is not None and effects.empty:
            st.info(t("whatif.levers.none"))
        elif effects is not None:
            st.markdown(f"**{t('whatif.levers.title')}**")
            st.plotly_chart(
                whatif_sliders.lever_chart(effects, presentation()), key="wi_levers_chart", theme=None
            )
            wide_table(
                wi.lever_table(effects),
                key="wi_levers_table",
                hide_index=True,
                width="stretch",
                height=table_height(len(effects)),
            )
            for note in whatif_sliders.lever_notes(effects):
                st.markdown(note)
            st.caption(t("whatif.levers.note"))
            pick_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
            pick_col.selectbox(
                t("whatif.levers.pick"),
                list(effects["lever"]),
                format_func=whatif_sliders.lever_names(effects).get,
                key=lang_key("wi_lever_pick"),
            )
            button_col.button(
                t("whatif.levers.try"),
                key="wi_lever_try",
                on_click=wi.try_lever,
                args=(lang_key("wi_lever_pick"),),
                width="stretch",
            )

    with st.expander(t("whatif.formulas")):
        st.markdown(t("whatif.formulas.body"))
        st.markdown(f"**{t('whatif.per_fte_title')}**")
        per_fte = cost_model.loaded_cost_per_fte(model.rates_for(scenario))
        per_fte = per_fte[per_fte["amount"] != 0]
        build = per_fte.pivot_table(
            index="code", columns="employment_type", values="amount", aggfunc="sum", sort=False
        )
        build = build[[k for k in cost_model.PAID_TYPES if k in build.columns]].fillna(0.0)
        build.loc["total"] = build.sum()
        build.index = [
            t("whatif.col.total") if c == "total" else t(f"cost2.{c.split('.', 1)[1]}") for c in build.index
        ]
        build.columns = [t(f"etype.{k}") for k in build.columns]
        grid(
            build.map(yuan_fen).rename_axis(t("whatif.col.per_fte")),
            width="stretch",
            column_config=row_labels_config(),
            key="wi_per_fte_table",
        )
        st.caption(t("whatif.rates_note"))

    st.subheader(t("whatif.scenarios"))
    save_col, load_col = st.columns(2)
    with save_col:
        name = st.text_input(t("whatif.save_name"), key="wi_save_name")
        if st.button(t("whatif.save"), key="wi_save", type="primary"):
            if not name.strip():
                st.warning(t("whatif.name_needed"))
            else:
                kind, said = wi.save(name, scenario)
                (st.success if kind == "success" else st.warning)(said)
        version = data.data_version()
        exports_row = st.container(horizontal=True)  # buttons as wide as their labels
        for fmt, mime in exports.MIME_TYPES.items():
            exports_row.download_button(
                t(f"whatif.export.{fmt}"),
                data=partial(wi.plan_file, result, current_language(), fmt),  # built on click
                file_name=f"whatif_plan_{first:%Y%m}_{last:%Y%m}.{fmt}",
                mime=mime,
                on_click="ignore",
                help=t("whatif.export.help"),
                key=f"wi_export_{fmt}",
            )
    saved = wi.saved_scenarios(version)
    names = dict(zip(saved["scenario_id"].astype(int), saved["name"], strict=True))
    with load_col:
        if not names:
            st.caption(t("whatif.none_saved"))
        else:
            picked = st.selectbox(
                t("whatif.load_pick"), list(names), format_func=names.get, key="wi_load_pick"
            )
            st.button(
                t("whatif.load"),
                key="wi_load",
                on_click=wi.load_into_sliders,
                args=(int(picked),),
            )
    if names:
        chosen = st.multiselect(
            t("whatif.compare_pick"),
            list(names),
            format_func=names.get,
            max_selections=3,
            placeholder=t("whatif.compare_placeholder"),  # Streamlit's own reads "Choose options"
            key="wi_compare",
        )
        if chosen:
            st.markdown(f"**{t('whatif.compare_title')}**")
            table = whatif.compare(model, {names[i]: wi.load(i) for i in chosen}).set_index("measure")
            rows = {}
            for measure, values in table.iterrows():
                if measure in ("total_cost",) or measure.startswith("cost."):
                    formatted = values.map(money)
                elif measure == "cost_per_contact":
                    formatted = values.map(yuan_fen)
                elif measure == "hires":
                    formatted = values.map(count)
                elif measure == "surplus_cost":
                    formatted = values.map(money)
                elif measure.endswith("fte_months"):
                    formatted = values.map(lambda v: f"{v:,.0f}")
                else:
                    formatted = values.map(lambda v: f"{v:,.1f}")
                label = t(measure) if measure.startswith("cost.") else t(f"measure.{measure}")
                rows[label] = formatted
            grid(
                pd.DataFrame(rows).T.rename_axis(t("whatif.col.measure")),
                width="stretch",
                column_config=row_labels_config(),
                key="wi_compare_table",
            )
