"""总览 Overview: the headline KPIs for a period, the monthly trend, the next peaks and the alerts."""

import streamlit as st

from analytics.overview import PERIOD_PRESETS
from ui import charts, data
from ui.cost_structure import TAB_ADDRESS
from ui.format import count, money, money_scale, percent
from ui.frame import FIRST_IMPORTS, address_choices, frame, import_link, presentation, remember
from ui.i18n import labeller, lang_key, t
from ui.peaks import show_need

PERIOD_KEY = "home_period"

frame("home.title")

st.title(t("home.title"))
version = data.data_version()

st.session_state.setdefault(PERIOD_KEY, "ytd")
st.segmented_control(
    t("period.label"),
    PERIOD_PRESETS,
    default=st.session_state[PERIOD_KEY],
    format_func=labeller("period.", PERIOD_PRESETS),
    required=True,
    key=lang_key("_home_period_widget"),
    on_change=remember,
    args=(lang_key("_home_period_widget"), PERIOD_KEY),
)
result = data.home_kpis(st.session_state[PERIOD_KEY], version)
if result is None:
    st.info(t("home.empty"))
    for kind in FIRST_IMPORTS:
        import_link(kind)
    st.stop()
period, kpis = result
st.caption(t("period.span", start=period.start.isoformat(), end=period.end.isoformat()))

tiles = st.columns(3) + st.columns(3)
if kpis.budget_used is None:
    budget_note = t("home.kpi.no_budget")
elif kpis.budget_months < kpis.months:
    budget_note = t(
        "home.kpi.spend_vs_budget_part",
        share=percent(kpis.budget_used),
        covered=kpis.budget_months,
        months=kpis.months,
    )
else:
    budget_note = t("home.kpi.spend_vs_budget", share=percent(kpis.budget_used))
if kpis.spend_months == 0:
    cost_note = t("home.kpi.no_costs")
elif kpis.spend_months < kpis.months:
    cost_note = t("home.kpi.cost_months", covered=kpis.spend_months, months=kpis.months)
else:
    cost_note = None
tiles[0].metric(
    t("home.kpi.spend"),
    money(kpis.spend) if kpis.spend_months else t("home.kpi.none"),
    budget_note if kpis.spend_months else cost_note,
    delta_color="off",
    delta_arrow="off",
    border=True,
)
tiles[1].metric(
    t("home.kpi.cost_per_contact"),
    money(kpis.cost_per_contact, decimals=2, unit="yuan"),
    cost_note,
    delta_color="off",
    delta_arrow="off",
    border=True,
)
tiles[2].metric(t("home.kpi.contacts"), count(kpis.contacts), border=True)
tiles[3].metric(
    t("home.kpi.headcount"),
    t("home.kpi.none") if kpis.headcount is None else count(kpis.headcount),
    t("home.kpi.no_roster") if kpis.headcount is None else t("home.kpi.outsourced", n=kpis.outsourced_seats),
    delta_color="off",
    delta_arrow="off",
    border=True,
)
tiles[4].metric(
    t("home.kpi.csat"),
    "—" if kpis.csat is None else f"{kpis.csat:.2f}",
    t("home.kpi.csat_of"),
    delta_color="off",
    delta_arrow="off",
    border=True,
)
tiles[5].metric(
    t("home.kpi.service_level"),
    percent(kpis.service_level),
    t("home.kpi.service_level_target", target=percent(kpis.service_level_target, 0))
    if kpis.service_level_target is not None
    else None,
    delta_color="off",
    delta_arrow="off",
    border=True,
)
if kpis.spend_months == 0:  # the tiles say what is missing; the links lead to its import
    import_link("costs")
if kpis.headcount is None:
    import_link("staff")

st.subheader(t("home.trend.title"))
trend = data.home_trend(version)
divisor, unit = money_scale()
st.plotly_chart(
    charts.spend_and_volume(
        trend,
        t("home.trend.spend"),
        t("home.trend.contacts"),
        money_divisor=divisor,
        money_suffix=f" {unit}",
        presentation=presentation(),
    ),
    key="home_trend",
    theme=None,  # our layout (fonts, palette, presentation sizes) rather than Streamlit's theme
)

peaks_column, alerts_column = st.columns(2)
with peaks_column:
    st.subheader(t("home.peaks.title"))
    peaks = data.home_peaks(version)
    if not peaks:
        st.info(t("home.peaks.none"))
    for peak in peaks:
        with st.container(border=True):
            st.markdown(
                "**"
                + t(
                    "home.peaks.days",
                    event=t(f"event.{peak.event_key}"),
                    days=peak.days_until,
                    date=peak.peak_start.isoformat(),
                )
                + "**"
            )
            if not peak.has_history:
                st.info(t("home.peaks.no_history", event=t(f"event.{peak.event_key}")))
                continue
            show_need(peak, "home.peaks")
    if any(peak.has_history and peak.has_roster and peak.gap > 0 for peak in peaks):
        st.page_link(
            "pages/whatif.py",
            label=t("home.peaks.plan"),
            icon=":material/tune:",
            query_params=address_choices(),
        )
        st.page_link(
            "pages/cost_structure.py",
            label=t("home.peaks.kit"),
            icon=":material/computer:",
            query_params={**address_choices(), TAB_ADDRESS: "lease"},
        )
    if any(peak.has_history for peak in peaks):
        basis = peaks[0]
        st.caption(
            t(
                "home.peaks.basis",
                shrinkage=percent(basis.shrinkage, 0),
                occupancy=percent(basis.occupancy, 0),
            )
        )

with alerts_column:
    st.subheader(t("home.alerts.title"))
    awaited, stale = data.home_calendar_alerts(version, data.today())
    for year in awaited:  # the State Council's notice is out by November: the plans still guess the 调休
        st.warning(t("home.alerts.notice_awaited", year=year))
        st.page_link(
            "pages/forecast.py", label=t("home.alerts.type_notice", year=year), icon=":material/event:"
        )
    for year, budget_version in stale:
        st.warning(t("home.alerts.budget_calendar", year=year, version=budget_version))
    forecast_alerts = data.home_forecast_alerts(version, data.forecasts_version(), data.today())
    # drafts on a forecast overtaken, withdrawn, or fitted on a short history
    for key, params in forecast_alerts:
        st.warning(t(key, **params))
    if stale or forecast_alerts:
        st.page_link("pages/budget.py", label=t("home.alerts.open_budget"), icon=":material/account_balance:")
    alerts = data.home_alerts(version)
    if alerts is None:
        st.info(t("home.alerts.no_budget"))
    elif alerts.empty:
        st.success(t("home.alerts.none"))
    else:
        for alert in alerts.itertuples(index=False):
            st.warning(
                t(
                    "home.alerts.over_budget",
                    category=t(f"cost.{alert.level1}"),
                    share=percent(alert.over_share),
                    amount=money(alert.over),
                )
            )
