"""四维评估 Four-dimension review: cost, service quality, strategic fit and flexibility scored per quarter, with
the "why" behind every score, eight quarters of trend, downloads, and the quarterly review mode (季度复盘)."""

from functools import partial

import streamlit as st

from analytics import evaluation, exports
from ui import charts_evaluation, data, review
from ui import evaluation as ev
from ui.evaluation_text import dimension_name, score_text, strategy_name, summary_lines
from ui.frame import FIRST_IMPORTS, frame, grid, import_link, presentation, remember
from ui.i18n import current_language, lang_key, t

frame("evalpage.title")
version = data.data_version()
quarters = ev.quarters(version)
if not quarters:
    st.title(t("evalpage.title"))
    span = ev.volume_span(version)
    if span is None:
        st.info(t("evalpage.no_data"))
        for kind in FIRST_IMPORTS:  # the review scores cost and staffing too
            import_link(kind)
    else:
        st.info(t("evalpage.no_whole_quarter", first=span[0].isoformat(), last=span[1].isoformat()))
    st.stop()
if st.session_state.get(ev.QUARTER_KEY) not in quarters:
    st.session_state[ev.QUARTER_KEY] = quarters[0]
quarter = st.session_state[ev.QUARTER_KEY]
strategy = ev.strategy(version)
card = ev.scorecard(version, quarter, strategy)
prior = ev.prior_scorecard(version, quarter, strategy)
lang = current_language()

if review.active():
    review.show_review(version, card, prior)
    st.stop()

st.title(t("evalpage.title"))
st.caption(t("evalpage.intro"))

if presentation():  # in large type the strategy choice and the review button each need the room of a line
    pick_quarter, pick_strategy = st.columns([1, 2.6], vertical_alignment="bottom")
    start = st.container()
else:
    pick_quarter, pick_strategy, start = st.columns([1.2, 2.4, 1.4], vertical_alignment="bottom")
pick_quarter.selectbox(
    t("evalpage.quarter"),
    quarters,
    index=quarters.index(quarter),
    key=lang_key("_eval_quarter"),
    on_change=remember,
    args=(lang_key("_eval_quarter"), ev.QUARTER_KEY),
)
pick_strategy.segmented_control(
    t("evalpage.strategy"),
    evaluation.STRATEGIES,
    default=strategy,
    format_func={key: strategy_name(key, lang) for key in evaluation.STRATEGIES}.get,
    required=True,
    help=t("evalpage.strategy_help"),
    key=lang_key("_eval_strategy"),
    on_change=ev.save_strategy,
    args=(lang_key("_eval_strategy"),),
)
start.button(
    t("review.start"),
    key=lang_key("_review_start"),
    on_click=review.start_review,
    type="primary",
    icon=":material/co_present:",
    width="stretch",
)
st.caption(t("evalpage.period", start=card.start.isoformat(), end=card.end.isoformat()))

review.score_tiles(card, prior)
for kind in data.empty_kinds(version, ("costs", "staff")):  # the metrics they feed go unscored without them
    import_link(kind)

radar_column, summary_column = st.columns([3, 2], gap="large")
with radar_column:
    st.subheader(t("evalpage.radar"))
    st.plotly_chart(
        charts_evaluation.radar(card, prior, evaluation.TARGET_SCORE, lang, presentation()),
        key="eval_radar",
        theme=None,
    )
with summary_column:
    st.subheader(t("evalpage.summary"))
    # which dimensions rest on part of their metrics is said under the tiles
    lines = summary_lines(card, prior, lang, with_coverage=False)
    st.markdown("\n".join(f"- {line}" for line in lines))

st.subheader(t("evalpage.metrics"))
if presentation():  # long metric names and target ranges wrap in a table; the zoomed grid cut them off
    st.table(review.metric_table(card).hide(axis="index"))
else:
    grid(review.metric_table(card), hide_index=True, width="stretch", height="content", key="eval_metrics")
st.caption(review.lights_legend())

st.subheader(t("evalpage.why"))
for dimension in card.dimensions:
    title = t(
        "evalpage.why.title", dimension=dimension_name(dimension.key, lang), score=score_text(dimension.score)
    )
    with st.expander(title):
        review.why_panel(version, card, dimension)

st.subheader(t("evalpage.trend"))
st.plotly_chart(
    charts_evaluation.score_trend(ev.trend(version, quarter), lang, presentation(), target=None),
    key="eval_trend",
    theme=None,
)

saved = ev.decisions(version, quarter)
if not saved.empty:
    st.subheader(t("review.decision.list", n=len(saved)))
    st.table(review.decision_table(saved))

st.subheader(t("evalpage.downloads"))
downloads_row = st.container(horizontal=True)  # buttons as wide as their labels, side by side
downloads_row.download_button(
    t("evalpage.download_report"),
    data=partial(ev.report_html, version, quarter, lang),  # built on click (a few seconds), then cached
    file_name=f"review_{quarter}.html",
    mime="text/html",
    on_click="ignore",
    key=lang_key("_eval_report"),
    icon=":material/description:",
)
for fmt, scorecard_file in (("csv", ev.scorecard_csv), ("xlsx", ev.scorecard_xlsx)):
    downloads_row.download_button(
        t(f"evalpage.download_{fmt}"),
        data=scorecard_file(version, quarter, strategy, lang),
        file_name=f"scorecard_{quarter}.{fmt}",
        mime=exports.MIME_TYPES[fmt],
        on_click="ignore",
        key=lang_key(f"_eval_{fmt}"),
        icon=":material/table:",
    )
