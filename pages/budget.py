"""预算管理 Budget: draft next year's budget, edit lines with reasons, take it through approval, track execution."""

import streamlit as st

from ui import budget as ub
from ui import budget_variance, data
from ui import holiday_schedule as schedule_view
from ui import whatif as wi
from ui.format import money, money_scale, percent, row_labels_config, signed_percent
from ui.frame import frame, grid, import_link, presentation, remember, wide_table
from ui.i18n import lang_key, t

frame("budget.title")
st.title(t("budget.title"))
st.caption(t("budget.intro"))

version = data.data_version()
as_of = ub.as_of(version)
if as_of is None:
    st.info(t("budget.no_data"))
    import_link("volume")
    st.stop()

flash = st.session_state.pop(ub.FLASH_KEY, None)
if flash:
    st.success(t(flash[0], **flash[1]))

year_key, version_key = lang_key("bu_year"), lang_key("bu_version")
ub.take_pending((year_key, version_key))
years = ub.years(version)
upcoming = ub.next_year(version)
if st.session_state.get(year_key) not in years:
    st.session_state[year_key] = (
        st.session_state.get(ub.YEAR_KEY) if st.session_state.get(ub.YEAR_KEY) in years else upcoming
    )

pick_year, pick_version, badges = st.columns([1, 1.6, 2.4], vertical_alignment="bottom")
year = pick_year.selectbox(
    t("budget.year"), years, key=year_key, on_change=remember, args=(year_key, ub.YEAR_KEY)
)
table = ub.versions(year, version)
labels = ub.version_labels(table)
budget_id = None
if labels:
    options = list(labels)
    if st.session_state.get(version_key) not in options:
        remembered = st.session_state.get(ub.BUDGET_KEY)
        st.session_state[version_key] = remembered if remembered in options else options[0]
    budget_id = pick_version.selectbox(
        t("budget.version"),
        options,
        format_func=labels.get,
        key=version_key,
        on_change=remember,
        args=(version_key, ub.BUDGET_KEY),
    )
    info = ub.info(budget_id, version)
    with badges:
        ub.badges(info, version)
    if ub.calendar_changed(info):  # costed before the year's official schedule was typed in or changed
        st.warning(t("budget.calendar_changed", year=info.year))
    if warned := ub.forecast_warnings(info, version):  # drafted on a fit of a short or patchy history
        st.warning(warned)
    if withdrawn := ub.withdrawn_forecast(info):  # the forecast it rests on was found wrong
        st.warning(withdrawn)
    if newer := ub.newer_forecast(info):  # the forecast it rests on has been overtaken by a later one
        st.info(t("budget.newer_forecast", id=newer[0], date=newer[1].isoformat()))
else:
    st.info(t("budget.no_versions", year=year))  # below the pickers, on one line even in presentation mode

draft_tab, approval_tab, execution_tab = ub.tabs()

with draft_tab:
    with st.container(border=True):
        st.subheader(t("budget.draft.title", year=upcoming))
        st.caption(t("budget.draft.intro", as_of=as_of.isoformat(), year=upcoming))
        if schedule_view.is_estimated(upcoming, version):  # the draft's forecast guesses the year's 调休
            st.info(t("budget.draft.provisional_calendar", year=upcoming))
        wi.warn_default_rates(version, as_of)  # the draft prices with the what-if's rates
        sources = ub.draft_sources(version)
        # presentation's larger type sets the slider's value above its track, taller than a box: align the labels
        presenting = presentation()
        source_col, rate_col, actor_col = st.columns(
            [2.6, 1.2, 1.0] if presenting else [2, 1.4, 1.2],
            vertical_alignment="top" if presenting else "bottom",
        )
        source = ub.kept(
            source_col.selectbox,
            t("budget.draft.source"),
            "draft_source",
            lang_key("bu_source"),
            list(sources),
            format_func=sources.get,
        )
        rate = rate_col.slider(
            t("budget.draft.rate_short" if presenting else "budget.draft.rate"),  # one line in large type
            10,
            15,
            ub.default_rate_percent(version),
            step=1,
            help=t("budget.draft.rate_help"),
            key="bu_rate",
        )
        actor = ub.kept(actor_col.text_input, t("budget.draft.actor"), "draft_actor", "bu_draft_actor")
        if st.button(t("budget.draft.button"), type="primary", key="bu_draft"):
            ub.run_draft(upcoming, source, rate / 100, actor)

    if budget_id is not None:
        tiles = st.columns(3)
        totals = ub.summary(budget_id, version)
        prior = ub.prior_total(year, version)
        tiles[0].metric(
            t("budget.kpi.total"),
            money(totals["total"]),
            None
            if prior is None
            else t(
                "budget.kpi.vs_prior",
                year=year - 1,
                delta=signed_percent(totals["total"] / prior - 1),
            ),
            delta_color="off",
            border=True,
        )
        tiles[1].metric(
            t("budget.kpi.reserve", rate=percent(info.contingency_rate, 0)),
            money(totals["reserve"]),
            border=True,
        )
        tiles[2].metric(t("budget.kpi.labor"), money(totals["labor"]), border=True)

        by_quarter = presentation()
        title = "budget.pivot.title_quarters" if by_quarter else "budget.pivot.title"
        st.markdown(f"#### {t(title, unit=money_scale()[1])}")
        pivot = ub.pivot_table(budget_id, version, by_quarter)
        grid(pivot, width="stretch", column_config=ub.pivot_columns(pivot), key="bu_pivot")
        st.caption(t("budget.pivot.rounding"))

        st.markdown(f"#### {t('budget.lines.title')}")
        categories = ub.line_categories(budget_id, version)
        level1 = st.selectbox(
            t("budget.lines.filter"), list(categories), format_func=categories.get, key=lang_key("bu_filter")
        )
        grid(
            ub.lines_table(budget_id, version, level1 or None),
            hide_index=True,
            width="stretch",
            column_config=row_labels_config(t("budget.col.level2")),
            key="bu_lines",
        )
        notes = ub.line_notes(budget_id, version, level1 or None)
        if notes:
            st.caption("  \n".join([t("budget.lines.notes"), *notes]))
        ub.downloads(budget_id, info, version)
        drivers = ub.drivers_table(budget_id, version)
        if not drivers.empty:
            with st.expander(t("budget.drivers.title")):
                st.caption(t("budget.drivers.intro"))
                grid(drivers, hide_index=True, width="stretch", key="bu_drivers")
        ub.compare_section(budget_id, year, version)

        st.markdown(f"#### {t('budget.edit.title')}")
        if info.editable:
            ub.edit_form(budget_id, year, version)
        elif info.status == "approved":
            st.info(t("budget.edit.locked_approved"))
        else:
            st.info(t("budget.edit.locked", status=ub.status_label(info.status)))

with approval_tab:
    if budget_id is None:  # the line above the tabs already says how to start one
        st.caption(t("budget.approval.nothing"))
    else:
        ub.workflow(budget_id, year, version)
        st.markdown(f"#### {t('budget.log.title')}")
        log = ub.history_table(budget_id, version)
        if log.empty:
            st.caption(t("budget.log.empty"))
        else:
            wide_table(
                log, key="bu_log", hide_index=True, width="stretch", column_config=ub.history_columns()
            )

with execution_tab:
    if budget_id is None:
        st.caption(t("budget.execution.nothing"))
    else:
        budget_variance.render(budget_id)
    ub.offer_tracked_budget(year, version)
