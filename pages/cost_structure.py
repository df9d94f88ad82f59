"""成本结构 Cost structure: spend by category and month, cost per contact, hidden costs, shared-cost allocation,
the 统计口径 reconciliation of finance's and ops' totals, and whether to buy or lease seat kit."""

import streamlit as st

from analytics import cost_structure
from ui import charts_costs, data, lease_or_buy
from ui import cost_structure as ui
from ui.format import listing, money, money_scale, percent, signed_money, yuan_fen
from ui.frame import frame, grid, import_link, presentation, remembered_tabs, table_height, wide_table
from ui.i18n import labeller, t

frame("costs.title")
st.title(t("costs.title"))
st.caption(t("costs.intro"))

version = data.data_version()
picker, _ = st.columns([2, 3])
with picker:
    period = ui.pick_period(version)
parts = ui.breakdown(version, period.start, period.end) if period else None
if parts is None or parts.empty:
    st.info(t("costs.no_data"))
    import_link("costs")
    st.subheader(t("costs.tab.lease"))  # a new service desk decides on kit before it has a ledger
    lease_or_buy.tab(version, presentation())
    st.stop()
start, end = period.start, period.end
st.caption(t("costs.period_span", start=f"{start:%Y-%m}", end=f"{end:%Y-%m}"))

divisor, suffix = money_scale()
suffix = f" {suffix}"
level1 = ui.level1_labels()
show = presentation()

head = ui.headline(version, start, end)
tiles = st.columns(4)
tiles[0].metric(t("costs.kpi.total"), money(head["total"]), border=True)
tiles[1].metric(
    t("costs.kpi.labor_share"), percent(head["labor_share"]), help=t("costs.kpi.labor_help"), border=True
)
tiles[2].metric(
    t("costs.kpi.cpc"),
    yuan_fen(head["cost_per_contact"]),
    help=t("costs.kpi.cpc_help"),
    border=True,
)
tiles[3].metric(
    t("costs.kpi.gap"),
    money(head["gap"]),
    t("costs.kpi.gap_delta", pct=percent(head["gap_share"]))
    if head["gap_share"] is not None
    else (t(f"costs.kpi.gap_no_{head['missing_side']}") if head["missing_side"] else None),
    delta_color="off",
    delta_arrow="off",
    help=t("costs.kpi.gap_help"),
    border=True,
)

ui.open_addressed_tab()
structure_tab, contact_tab, hidden_tab, shared_tab, recon_tab, lease_tab = remembered_tabs(
    ui.TABS, "costs.tab.", ui.TAB_STATE
)

with structure_tab:
    left, right = st.columns([1, 1.3], gap="large")
    with left:
        st.markdown(f"**{t('costs.structure_chart')}**")
        level2 = {code: ui.level2_label(code) for code in parts["taxonomy_code"]}
        st.plotly_chart(
            charts_costs.category_sunburst(parts, level1, level2, divisor, suffix, show),
            key="cs_sunburst",
            theme=None,
        )
    with right:
        st.markdown(f"**{t('costs.shares_chart')}**")
        st.plotly_chart(
            charts_costs.shares_by_month(ui.monthly_shares(version, start, end), level1, show),
            key="cs_shares",
            theme=None,
        )
        st.caption(t("costs.shares_note"))
    st.markdown(f"**{t('costs.breakdown_title')}**")
    grid(
        ui.breakdown_table(parts, display=True),
        hide_index=True,
        width="stretch",
        height=table_height(len(parts)),
        key="cs_breakdown",
    )
    ui.downloads("structure", start, end)

with contact_tab:
    options = st.columns(2)
    with options[0]:
        by = ui.choice(
            "costs.by", cost_structure.BY_OPTIONS, "by", labeller("costs.by.", cost_structure.BY_OPTIONS)
        )
    with options[1]:
        basis = ui.choice(
            "costs.basis",
            cost_structure.BASIS_OPTIONS,
            "basis",
            labeller("costs.basis.", cost_structure.BASIS_OPTIONS),
        )
    per_contact, covered = ui.cost_per_contact(version, start, end, by, basis)
    if covered is None:
        st.info(ui.no_basis_message(version, by))
        import_link(ui.BASIS_IMPORTS[by])
    else:
        st.caption(t(f"costs.basis_note.{basis}"))
        if covered != (start, end):  # the basis data stops short of the period: the rest can be imported
            st.caption(
                t(
                    f"costs.coverage.{ui.BASIS_IMPORTS[by]}",
                    first=f"{covered[0]:%Y-%m}",
                    last=f"{covered[1]:%Y-%m}",
                    amount=money(sum(per_contact["allocated"])),
                )
            )
            import_link(ui.BASIS_IMPORTS[by])
        st.markdown(f"**{t('costs.cpc_chart')}**")
        keys = {k: ui.key_label(by, k) for k in per_contact["key"]}
        st.plotly_chart(charts_costs.cost_per_contact_bars(per_contact, keys, show), key="cs_cpc", theme=None)
        grid(
            ui.per_contact_table(per_contact, by, display=True),
            hide_index=True,
            width="stretch",
            key="cs_cpc_table",
        )
        ui.downloads("per_contact", start, end, f"{by}|{basis}")

with hidden_tab:
    st.caption(t("costs.hidden_intro"))
    hourly = ui.default_hourly_cost(version, end)
    with st.expander(t("costs.hidden_params"), expanded=True):
        params = ui.hidden_inputs(hourly)
        st.button(t("costs.param.reset"), key="cs_hidden_reset", on_click=ui.reset_hidden, args=(hourly,))
    hidden = ui.hidden_costs(version, start, end, params)
    items = {k: ui.level2_label(f"hidden.{k}") for k in hidden["item"]}
    st.markdown(f"**{t('costs.hidden_chart')}**")
    st.plotly_chart(
        charts_costs.hidden_vs_booked(
            hidden, items, t("costs.col.computed"), t("costs.col.booked"), divisor, suffix, show
        ),
        key="cs_hidden_chart",
        theme=None,
    )
    grid(ui.hidden_table(hidden, display=True), hide_index=True, width="stretch", key="cs_hidden_table")
    for source, kind in (("roster", "staff"), ("tickets", "tickets")):  # what the item needs, the import kind
        lacking = [items[item] for item in hidden.loc[hidden["needs"] == source, "item"]]
        if lacking:
            st.info(t(f"costs.hidden.needs_{source}", items=listing(lacking)))
            import_link(kind)
    st.markdown(f"**{t('costs.col.formula')}**")
    st.markdown(ui.hidden_formulas(hidden))
    st.caption(t("costs.hidden_note"))
    ui.downloads("hidden", start, end, params=params)

with shared_tab:
    st.caption(t("costs.shared_intro", amount=money(ui.shared_total(version, start, end))))
    driver = ui.choice(
        "costs.driver", cost_structure.DRIVERS, "driver", labeller("costs.driver.", cost_structure.DRIVERS)
    )
    shared = ui.allocate_shared(version, start, end, driver)
    if shared is None:
        st.info(ui.no_driver_message(version, driver))
        import_link(ui.DRIVER_IMPORTS[driver])
    else:
        st.caption(t(f"costs.driver_note.{driver}"))
        teams = {team: ui.team_label(team) for team in shared["team"]}
        st.markdown(f"**{t('costs.shared_chart')}**")
        st.plotly_chart(
            charts_costs.shared_by_team(shared, teams, level1, divisor, suffix, show),
            key="cs_shared_chart",
            theme=None,
        )
        grid(ui.shared_table(shared, display=True), hide_index=True, width="stretch", key="cs_shared_table")
        ui.downloads("shared", start, end, driver)

with recon_tab:
    result = ui.bridge(version, start, end)
    st.caption(t("costs.recon_intro"))
    ui.side_pickers(version)
    sides = st.columns(3)
    sides[0].metric(t("costs.recon.finance"), money(result.finance_total), border=True)
    sides[1].metric(t("costs.recon.ops"), money(result.ops_total), border=True)
    sides[2].metric(t("costs.recon.agreed"), money(result.agreed_total), border=True)
    if not ui.both_sides(result):
        st.info(ui.missing_side_message(version, result))
        missing = ui.missing_side(result)
        if missing != "both":  # neither side: the ledger holds other systems, to pick above
            import_link("costs", source=ui.missing_side_source(result))
    else:
        moving = result.items[result.items["amount"] != 0]
        st.caption(t("costs.recon.gap_caption", gap=signed_money(result.gap), items=len(moving)))
        st.markdown(f"**{t('costs.bridge_chart')}**")
        st.plotly_chart(
            charts_costs.bridge_waterfall(
                result.items,
                ui.bridge_item_labels(result.items),
                result.finance_total,
                result.ops_total,
                t("costs.bridge.start"),
                t("costs.bridge.end"),
                divisor,
                suffix,
                show,
            ),
            key="cs_bridge_chart",
            theme=None,
        )
        st.markdown(f"**{t('costs.bridge_table')}**")
        wide_table(  # on the shared screen without the ledger accounts and sheet lines (they are in the CSV)
            ui.bridge_table(result, display=True, as_booked=not presentation()),
            key="cs_bridge_table",
            hide_index=True,
            width="stretch",
            height=table_height(len(result.items) + 1),
        )
        ui.downloads("bridge", start, end)
    with st.expander(t("costs.definitions")):
        st.markdown(t("costs.definitions.body"))

with lease_tab:
    lease_or_buy.tab(version, show)
