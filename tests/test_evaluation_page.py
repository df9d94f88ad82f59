"""The evaluation page (四维评估) and its quarterly review mode through AppTest, in both languages: the tiles show
the scorecard's numbers, the quarter and strategy pickers change them, every score opens to its "why", the
review walks its five sections forward and back, decisions are saved with the quarter and listed, and English
mode shows no Chinese.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil

import pandas as pd
import pytest
import streamlit as st

from analytics import budget, cost_levers, costs, demo, evaluation, events, overview, store
from analytics.channels import CHANNELS
from tests.pages import abandon_moves, chinese_in_english_mode, set_language, start_app
from ui.evaluation_text import (
    calculation_text,
    coverage_line,
    dimension_name,
    metric_name,
    score_text,
    status_name,
)
from ui.frame import PRESENTATION_KEY
from ui.i18n import CATALOGS, text_in
from ui.review import SECTIONS, STATUS_MARK
from ui.review_report import report_html

PAGE = "pages/evaluation.py"
LATEST = "2026Q3"


@pytest.fixture(scope="module")
def evaluation_db(demo_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("evaluation_page") / "demo.duckdb"
    shutil.copy(demo_db, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(store.DB_PATH_ENV, str(path))
        st.cache_data.clear()
        yield path
    st.cache_data.clear()


@pytest.fixture()
def db(evaluation_db):
    """The page's database with the default strategy; a connection for checking what the page shows."""
    con = store.connect(evaluation_db)
    if evaluation.get_strategy(con) != "balanced":
        evaluation.set_strategy(con, "balanced")
    yield con
    con.close()


def _open(lang: str = "zh"):
    at = start_app()
    if lang != "zh":
        at = set_language(at, lang)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _expected_tiles(card: evaluation.Scorecard, lang: str) -> dict[str, str]:
    return {dimension_name(key, lang): score_text(score) for key, score in card.scores().items()}


def _frame(at, column: str, *, index: int = 0):
    """The index-th dataframe on the page with a column of this header."""
    return [f.value for f in at.dataframe if column in f.value.columns][index]


def _button(at, name: str, lang: str):
    return at.button(key=f"{name}_{lang}")


def _section(at) -> str:
    return at.header[0].value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_shows_the_latest_quarters_scorecard(db, lang):
    at = _open(lang)
    text = CATALOGS[lang]
    assert at.title[0].value == text["evalpage.title"]
    card = evaluation.scorecard(db, LATEST)
    assert at.selectbox(key=f"_eval_quarter_{lang}").value == LATEST
    assert _tiles(at) == _expected_tiles(card, lang)
    prior = evaluation.scorecard(db, "2026Q2")
    cost_delta = card.scores()["cost"] - prior.scores()["cost"]
    tile = next(m for m in at.metric if m.label == dimension_name("cost", lang))
    assert tile.proto.delta == text["evalpage.vs_prior"].format(delta=f"{cost_delta:+.1f}")
    table = _frame(at, text["eval.col.status"])
    assert len(table) == sum(len(d.metrics) for d in card.dimensions)
    statuses = table[text["eval.col.status"]]
    expected = [m.status for d in card.dimensions for m in d.metrics]
    assert list(statuses) == [status_name(s, lang) for s in expected]
    # the demo kept to plan: the budget-revision metric has no shock to measure, and says so, not a zero;
    # the banner naming the unscored metrics is a note, not a data warning
    assert "not_applicable" in expected and "missing" not in expected
    line = coverage_line(card, lang)
    assert line in [i.value for i in at.info] and line not in [w.value for w in at.warning]
    assert len(at.get("plotly_chart")) == 2  # radar and trend
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [text[f"evalpage.download_{kind}"] for kind in ("report", "csv", "xlsx")]
    if lang == "en":
        assert chinese_in_english_mode(at) == []


def test_quarter_switch_shows_that_quarter(db):
    at = _open()
    at = at.selectbox(key="_eval_quarter_zh").set_value("2025Q3").run()
    assert not at.exception, at.exception
    assert _tiles(at) == _expected_tiles(evaluation.scorecard(db, "2025Q3"), "zh")
    assert any("2025-07-01" in c.value and "2025-09-30" in c.value for c in at.caption)
    # the choice survives a trip to another page
    at.switch_page("pages/whatif.py").run()
    at.switch_page(PAGE).run()
    assert at.selectbox(key="_eval_quarter_zh").value == "2025Q3"


def test_strategy_switch_changes_strategic_fit(db):
    at = _open()
    name = dimension_name("strategy", "zh")
    balanced = evaluation.scorecard(db, LATEST, "balanced").scores()["strategy"]
    premium = evaluation.scorecard(db, LATEST, "premium").scores()["strategy"]
    # the demo's ¥13.5 per contact, CSAT 4.28 and 1.2% training share sit inside the balanced ranges and below
    # the premium ones (¥15-25, CSAT from 4.5, training 2.5-6%)
    assert premium < balanced
    assert _tiles(at)[name] == score_text(balanced)
    at = at.segmented_control(key="_eval_strategy_zh").set_value("premium").run()
    assert not at.exception, at.exception
    assert _tiles(at)[name] == score_text(premium)
    assert evaluation.get_strategy(db) == "premium"  # saved, not only shown
    other = {k: v for k, v in _tiles(at).items() if k != name}
    assert other == {
        k: v for k, v in _expected_tiles(evaluation.scorecard(db, LATEST), "zh").items() if k != name
    }


def test_every_score_opens_to_its_why(db):
    at = _open()
    card = evaluation.scorecard(db, LATEST)
    assert len(at.expander) == len(evaluation.DIMENSIONS)
    at = at.selectbox(key="_eval_why_cost_zh").set_value("cost.budget_adherence").run()
    metric = card.metric("cost.budget_adherence")
    assert calculation_text(metric, "zh") in [c.value for c in at.code]  # filled in, in Chinese
    # the status badge (padded by its background) stands after the score, not inside brackets
    line = next(m.value for m in at.markdown if m.value.startswith("实际 **"))
    badge = f":{STATUS_MARK[metric.status]}-background[{status_name(metric.status, 'zh')}]"
    assert line.endswith(f"得分 **{score_text(metric.score)}** {badge}")
    inputs = _frame(at, CATALOGS["zh"]["evalpage.col.input"])
    zh = CATALOGS["zh"]
    named = dict(zip(inputs.iloc[:, 0], inputs.iloc[:, 1], strict=True))
    assert named[zh["evalpage.col.budget"]] == pytest.approx(metric.inputs["budget"])
    assert all(f"evalpage.col.{name}" in zh for name in metric.inputs)  # named in Chinese, not as code
    rows = _frame(at, CATALOGS["zh"]["evalpage.col.level1"])
    assert len(rows) == len(evaluation.evidence(db, LATEST, "cost.budget_adherence"))
    assert CATALOGS["zh"]["cost.direct_labor"] in set(rows[CATALOGS["zh"]["evalpage.col.level1"]])


def test_strategic_fit_shows_its_target_range_and_every_input_has_a_name(db):
    at = _open()
    zh = CATALOGS["zh"]
    card = evaluation.scorecard(db, LATEST)
    table = _frame(at, zh["eval.col.status"])
    cpc = table[table[zh["eval.col.metric"]] == metric_name("strategy.cost_per_contact", "zh")].iloc[0]
    lo, hi = evaluation.strategy_ranges(db)[card.strategy]["cost_per_contact"]
    assert cpc[zh["eval.col.target"]] == f"¥{lo:,.2f}–¥{hi:,.2f}"  # the range, not the actual repeated
    names = {name for dimension in card.dimensions for metric in dimension.metrics for name in metric.inputs}
    assert not [name for name in names if f"evalpage.col.{name}" not in zh]
    assert not [name for name in names if f"evalpage.col.{name}" not in CATALOGS["en"]]


def _walk(at, lang: str) -> list[str]:
    """Click next through the agenda, checking the indicator and the buttons' limits; returns the headers."""
    text = CATALOGS[lang]
    headers = []
    for index, name in enumerate(SECTIONS):
        assert not at.exception, at.exception
        headers.append(_section(at))
        assert headers[-1] == text["review.indicator"].format(
            n=index + 1, total=len(SECTIONS), name=text[f"review.section.{name}"]
        )
        lit = [m.value for m in at.markdown if 'class="current"' in m.value]
        assert len(lit) == 1 and f'class="current">{index + 1} {text[f"review.step.{name}"]}<' in lit[0]
        assert _button(at, "_review_previous", lang).disabled == (index == 0)
        assert _button(at, "_review_next", lang).disabled == (index == len(SECTIONS) - 1)
        if lang == "en":
            assert chinese_in_english_mode(at) == [], name
        if index < len(SECTIONS) - 1:
            at = _button(at, "_review_next", lang).click().run()
    return headers


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_review_mode_walks_every_section_forward_and_back(db, lang):
    at = _open(lang)
    at = _button(at, "_review_start", lang).click().run()
    assert at.session_state[PRESENTATION_KEY] is True
    assert any("font-size: 24px" in m.value for m in at.markdown)  # the frame's presentation type
    assert at.sidebar.toggle[0].value is True
    headers = _walk(at, lang)
    assert len(headers) == len(SECTIONS)
    for expected in reversed(headers[:-1]):
        at = _button(at, "_review_previous", lang).click().run()
        assert _section(at) == expected
    at = _button(at, "_review_leave", lang).click().run()
    assert not at.exception, at.exception
    assert at.session_state[PRESENTATION_KEY] is False
    assert at.title[0].value == CATALOGS[lang]["evalpage.title"]


def test_review_sections_show_the_quarters_numbers(db):
    at = _open()
    at = _button(at, "_review_start", "zh").click().run()
    text = CATALOGS["zh"]
    start, end = evaluation.quarter_bounds(LATEST)
    plan = budget.budget_by_level1(db, budget.approved_budget_id(db, 2026), start, end)
    plan = plan[plan["level1"] != "contingency"]
    spend = costs.spend_by_level1(db, start, end)
    tiles = _tiles(at)
    assert tiles[text["review.col.budget"]] == f"¥{float(plan['amount'].sum()):,.0f}"
    assert tiles[text["review.col.actual"]] == f"¥{float(spend['amount'].sum()):,.0f}"
    assert len(at.get("plotly_chart")) == 1
    # the same traffic-light words as the budget page's execution tab
    statuses = set(at.table[0].value[text["review.col.status"]])
    assert statuses and statuses <= {text[f"variance.status.{s}"] for s in ("green", "amber", "red", "under")}
    at = _button(at, "_review_next", "zh").click().run()  # cost structure
    structure = at.table[0].value
    shares = structure[text["review.col.share"]].str.rstrip("%").astype(float)
    assert shares.sum() == pytest.approx(100, abs=0.1 * len(shares))
    # each change is the difference of the two shares as shown: the table's arithmetic adds up
    last_year = text["review.col.share_last_year"].format(quarter=f"{int(LATEST[:4]) - 1}{LATEST[4:]}")
    before = structure[last_year].str.rstrip("%").astype(float)
    change = structure[text["review.col.share_change"]].str.replace(" 个百分点", "").astype(float)
    assert (change - (shares - before)).abs().max() < 1e-9
    assert not structure[text["review.col.share_change"]].str.startswith(("+0.0", "-0.0")).any()
    at = _button(at, "_review_next", "zh").click().run()  # the four scores
    assert _tiles(at) == _expected_tiles(evaluation.scorecard(db, LATEST), "zh")
    at = _button(at, "_review_next", "zh").click().run()  # peaks: 2026Q4 holds Double-11, 618 is in 2027
    assert [s.value for s in at.subheader] == [
        text["review.peaks.when"].format(event=text["event.double11"], dates=_peak(db, "double11", 2026))
    ]
    outlook = overview.next_peaks(db, overview.data_as_of(db))[0]
    assert outlook.event_key == "double11"
    estimate = text["review.peaks.estimate"].format(
        needed=outlook.agents_needed, roster=outlook.agents_on_roster
    )
    assert estimate in [m.value for m in at.markdown]
    assert len(at.get("plotly_chart")) == 1
    assert not at.info


def _peak(con, event_key: str, year: int) -> str:
    """The dates of an event's peak phase as the review shows them (one date for a one-day peak)."""
    phases = events.list_events(con)
    row = phases[(phases["event_key"] == event_key) & (phases["year"] == year) & (phases["phase"] == "peak")]
    start, end = (pd.Timestamp(row.iloc[0][c]).date().isoformat() for c in ("start_date", "end_date"))
    return start if start == end else CATALOGS["zh"]["review.peaks.span"].format(start=start, end=end)


def _review_section(at, quarter: str, name: str):
    at = at.selectbox(key="_eval_quarter_zh").set_value(quarter).run()
    at = _button(at, "_review_start", "zh").click().run()
    for _ in range(SECTIONS.index(name)):
        at = _button(at, "_review_next", "zh").click().run()
    assert not at.exception, at.exception
    return at


def test_review_of_a_quarter_followed_by_no_peak_shows_the_peaks_ahead(db):
    at = _review_section(_open(), "2026Q2", "peaks")  # 2026Q3 has neither 618 nor Double-11
    text = CATALOGS["zh"]
    assert at.info[0].value == text["review.peaks.later"]
    shown = [s.value for s in at.subheader]
    assert len(shown) == 2 and text["event.double11"] in shown[0] and text["event.618"] in shown[1]


def test_review_of_an_older_quarter_shows_its_next_peak_without_an_outlook(db):
    at = _review_section(_open(), "2025Q3", "peaks")  # Double-11 2025 is behind the data's as-of date
    text = CATALOGS["zh"]
    assert [s.value for s in at.subheader] == [
        text["review.peaks.when"].format(event=text["event.double11"], dates=_peak(db, "double11", 2025))
    ]
    assert text["review.peaks.past"].format(as_of="2026-10-31") in [m.value for m in at.markdown]
    assert not at.get("plotly_chart")


def test_review_shows_the_cost_levers_as_the_report_prints_them(db):
    """The room sees where the next 12 months could save (the what-if tab's levers on the baseline), the same
    rows and amounts the report sent afterwards prints."""
    at = _review_section(_open(), "2026Q3", "levers")
    text = CATALOGS["zh"]
    assert _section(at) == text["review.indicator"].format(
        n=SECTIONS.index("levers") + 1, total=len(SECTIONS), name=text["review.section.levers"]
    )
    basis = text["eval.report.levers.basis"].format(
        as_of="2026-10-31",
        source=text["eval.report.levers.source.fitted"],
        first="2026-11",
        last="2027-10",
    )
    assert basis in [m.value for m in at.markdown]
    assert "review_levers_chart" in [c.key for c in at.get("plotly_chart")]
    table = at.table[0].value
    assert list(table.index)[-1] == text["whatif.levers.kept_together"] and len(table) == 11
    phone = table.loc[text["whatif.levers.service_level"], text["whatif.levers.col.service"]]
    assert re.fullmatch(r"平均等待 \d+ → \d+ 秒", phone), phone
    busier = text["whatif.levers.busier"].format(channels="邮件、工单", before="85%", after="90%")
    assert busier in [m.value for m in at.markdown]
    lowered = {text["whatif.levers.service_level"], text["whatif.levers.chat_service_level"]}
    assert set(abandon_moves([m.value for m in at.markdown], text)) == lowered
    printed = report_html(db, "2026Q3", "zh").split('<section id="levers"')[1]
    rows = re.findall(r"<tr><td>(.*?)</td><td>.*?</td><td class=num>(.*?)</td>", printed)
    shown = list(zip(table.index, table[text["whatif.levers.col.cost"]], strict=True))
    assert [(html.unescape(name), cost) for name, cost in rows] == shown


def test_review_and_report_take_the_teams_saved_step_sizes(db):
    """Handle time 2% shorter saved as the team's step on the what-if page: the review moves that lever by it,
    and the report prints the same rows."""
    cost_levers.save_steps(db, {"aht": 0.02})
    try:
        at = _review_section(_open(), "2026Q3", "levers")
        table = at.table[0].value
        text = CATALOGS["zh"]
        assert table.loc[text["whatif.levers.aht"], text["whatif.levers.col.move"]] == "0% → -2%"
        assert table.loc[text["whatif.levers.deflection"], text["whatif.levers.col.move"]] == "0% → 5%"
        printed = report_html(db, "2026Q3", "zh").split('<section id="levers"')[1]
        rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td class=num>(.*?)</td>", printed)
        shown = list(
            zip(
                table.index,
                table[text["whatif.levers.col.move"]],
                table[text["whatif.levers.col.cost"]],
                strict=True,
            )
        )
        assert [tuple(html.unescape(cell) for cell in row) for row in rows] == shown
    finally:  # the other tests of this module expect the default steps
        db.execute("DELETE FROM settings WHERE key = ?", [cost_levers.STEPS_SETTING])


def test_review_levers_fitted_on_a_short_history_say_so(short_history_db, monkeypatch):
    """Eight months of volume: the forecast the levers are priced on has no yearly season, and the section
    says so above the chart, as the what-if page does."""
    monkeypatch.setenv(store.DB_PATH_ENV, str(short_history_db))
    st.cache_data.clear()
    try:
        at = _review_section(_open(), LATEST, "levers")
        text = CATALOGS["zh"]
        channels = "、".join(text[f"channel.{c}"] for c in CHANNELS)
        short = text_in("zh", "forecast.warning.short_history", channel=channels, days=245)
        assert short in [w.value for w in at.warning]
        assert "review_levers_chart" in [c.key for c in at.get("plotly_chart")]
    finally:
        st.cache_data.clear()


def test_review_of_a_quarter_without_an_approved_budget_says_so(db):
    at = _open()
    at = at.selectbox(key="_eval_quarter_zh").set_value("2025Q3").run()
    at = _button(at, "_review_start", "zh").click().run()
    assert not at.exception, at.exception
    assert at.info[0].value == CATALOGS["zh"]["review.budget.none"].format(year=2025)
    assert not at.get("plotly_chart")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_decisions_are_saved_with_the_quarter_and_listed(db, lang):
    text = CATALOGS[lang]
    at = _open(lang)
    at = _button(at, "_review_start", lang).click().run()
    for _ in range(len(SECTIONS) - 1):
        at = _button(at, "_review_next", lang).click().run()
    before = len(evaluation.decisions(db, LATEST))
    at = _button(at, "_review_save", lang).click().run()  # nothing typed
    assert at.warning[0].value == text["review.decision.empty"]
    assert len(evaluation.decisions(db, LATEST)) == before
    decision = f"Hire 12 temp agents for Double-11 ({lang})"
    at.text_area(key=f"_review_decision_{lang}").input(decision)
    at.text_input(key=f"_review_owner_{lang}").input("Ops lead")
    at = _button(at, "_review_save", lang).click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == text["review.decision.saved"]
    saved = evaluation.decisions(db, LATEST)
    assert len(saved) == before + 1
    row = saved.iloc[-1]
    assert (row["decision"], row["owner"]) == (decision, "Ops lead")
    due = pd.Timestamp(row["due_date"]).date()
    assert due.isoformat() == "2026-12-31"  # the end of the next quarter by default
    listed = at.table[0].value
    assert decision in set(listed[text["review.col.decision"]])
    assert at.text_area(key=f"_review_decision_{lang}").value == ""  # ready for the next one
    assert len(evaluation.decisions(db, "2026Q2")) == 0  # kept with its own quarter
    # the page (outside review mode) lists the quarter's decisions too
    at = _button(at, "_review_leave", lang).click().run()
    assert any(decision in set(t.value[text["review.col.decision"]]) for t in at.table)


def test_a_decision_being_typed_survives_a_language_switch(db):
    at = _open()
    at = _button(at, "_review_start", "zh").click().run()
    for _ in range(len(SECTIONS) - 1):
        at = _button(at, "_review_next", "zh").click().run()
    at.text_area(key="_review_decision_zh").input("双11 前增招 12 名临时坐席")
    at.text_input(key="_review_owner_zh").input("运营负责人")
    at = set_language(at.run(), "en")
    assert not at.exception, at.exception
    assert at.text_area(key="_review_decision_en").value == "双11 前增招 12 名临时坐席"
    assert at.text_input(key="_review_owner_en").value == "运营负责人"
    at = _button(at, "_review_save", "en").click().run()
    assert at.success[0].value == CATALOGS["en"]["review.decision.saved"]
    at = set_language(at, "zh")
    assert at.text_area(key="_review_decision_zh").value == ""  # saved: both languages start empty again


def test_an_empty_database_says_there_is_nothing_to_evaluate(demo_copy, monkeypatch):
    con = store.connect(demo_copy)
    demo.start_empty(con)
    con.close()
    monkeypatch.setenv(store.DB_PATH_ENV, str(demo_copy))
    st.cache_data.clear()
    try:
        at = _open()
        assert at.info[0].value == CATALOGS["zh"]["evalpage.no_data"]
        assert not at.metric
        assert not [b for b in at.button if b.key == "_review_start_zh"]
    finally:
        st.cache_data.clear()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_volume_short_of_a_whole_quarter_says_so(demo_copy, monkeypatch, lang):
    """Two months of volume used to read 'import volume and cost data first', though volume was imported."""
    con = store.connect(demo_copy)
    con.execute("DELETE FROM daily_volume WHERE date < DATE '2026-08-15'")
    con.execute("DELETE FROM tickets WHERE created_at < TIMESTAMP '2026-08-15'")
    first, last = evaluation.volume_span(con)
    con.close()
    monkeypatch.setenv(store.DB_PATH_ENV, str(demo_copy))
    st.cache_data.clear()
    try:
        at = _open(lang)
        said = CATALOGS[lang]["evalpage.no_whole_quarter"].format(first=first, last=last)
        assert [i.value for i in at.info] == [said]
        assert (first, last) == (dt.date(2026, 8, 15), dt.date(2026, 10, 31))
    finally:
        st.cache_data.clear()


@pytest.mark.parametrize(
    ("cut", "said"),
    [
        ("DELETE FROM staff", "home.peaks.no_roster"),  # no roster: the need, and nothing to compare it with
        (
            "DELETE FROM daily_volume WHERE date < DATE '2026-01-01'",
            "home.peaks.no_history",
        ),  # no Double-11 2025
    ],
)
def test_review_peaks_without_a_roster_or_last_years_event_do_not_claim_enough_staff(
    demo_copy, monkeypatch, cut, said
):
    """Both read 'needs 0 … enough agents' (or compared a need with an empty roster) in review mode and the report."""
    con = store.connect(demo_copy)
    con.execute(cut)
    if "daily_volume" in cut:  # tickets would give those days their volume back
        con.execute("DELETE FROM tickets WHERE created_at < TIMESTAMP '2026-01-01'")
    monkeypatch.setenv(store.DB_PATH_ENV, str(demo_copy))
    st.cache_data.clear()
    text = CATALOGS["zh"]
    try:
        at = _review_section(_open(), "2026Q3", "peaks")  # Double-11 2026 lies ahead
        message = text[said].format(event=text["event.double11"])
        assert message in [i.value for i in at.info]
        assert not at.success and not at.error  # neither "enough agents" nor "short by"
        html = report_html(con, "2026Q3", "zh")
        assert message in html
        assert "现有在册" not in html  # the report's "needed N, on the roster M, gap G" line
    finally:
        con.close()
        st.cache_data.clear()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_volume_only_database_scores_what_it_can_and_says_what_is_missing(demo_copy, monkeypatch, lang):
    """Only volumes imported: cost cannot be scored (—), quality and strategic fit rest on one sub-metric each and
    the page says so under the tiles, and elasticity is not scored (it read 0: a phantom agent a day)."""
    con = store.connect(demo_copy)
    for table in ("cost_entries", "tickets", "staff", "budget_lines", "budget_drivers", "budgets"):
        con.execute(f"DELETE FROM {table}")
    card = evaluation.scorecard(con, LATEST)
    con.close()
    assert card.dimension("cost").score is None
    assert card.metric("flex.elasticity").score is None
    monkeypatch.setenv(store.DB_PATH_ENV, str(demo_copy))
    st.cache_data.clear()
    text = CATALOGS[lang]
    try:
        at = _open(lang)
        assert _tiles(at)[dimension_name("cost", lang)] == "—"
        warnings = [w.value for w in at.warning]
        assert len(warnings) == 1
        quality = text["eval.coverage.part"].format(
            dimension=dimension_name("quality", lang).lower()
            if lang == "en"
            else dimension_name("quality", lang),
            scored=1,
            total=5,
            weight="25%",
        )
        assert quality in warnings[0]
        cost = text["eval.coverage.none"].format(
            dimension=dimension_name("cost", lang).lower() if lang == "en" else dimension_name("cost", lang),
            total=4,
        )
        assert cost in warnings[0]  # its tile shows —, and the warning says why
        assert not [m for m in at.markdown if quality in m.value]  # said once, not again in the summary
        prefix = text["eval.summary.missing"].split("{")[0]
        summary = next(m.value for m in at.markdown if prefix in m.value)
        missing = summary.split(prefix)[1].split("\n")[0]
        assert metric_name("flex.elasticity", lang) in missing
    finally:
        st.cache_data.clear()


@pytest.mark.parametrize(("lang", "unit", "divisor"), [("zh", "万元", 10_000), ("en", "¥k", 1_000)])
def test_review_budget_chart_names_its_unit(db, lang, unit, divisor):
    """In 万 (zh) or ¥k (en) the bars read 291.1 or 2,911.3 with no unit anywhere on the chart: the axis says it,
    and the bars are the tiles' amounts in that unit."""
    at = _open(lang)
    radio = next(r for r in at.sidebar.radio if r.key.startswith("_unit_widget"))
    at = _button(radio.set_value("wan").run(), "_review_start", lang).click().run()
    assert not at.exception, at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["xaxis"]["title"]["text"] == CATALOGS[lang]["review.budget.axis"].format(unit=unit)
    start, end = evaluation.quarter_bounds(LATEST)
    spend = costs.spend_by_level1(db, start, end).set_index("level1")["amount"]
    actual = next(trace for trace in spec["data"] if trace["name"] == CATALOGS[lang]["review.col.actual"])
    shown = dict(zip(actual["y"], actual["x"], strict=True))
    labour = CATALOGS[lang]["cost.direct_labor"]
    assert shown[labour] == pytest.approx(float(spend["direct_labor"]) / divisor)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_review_structure_of_the_first_quarter_has_no_last_year_to_compare(db, lang):
    """2023Q1 is the demo's first quarter: 2022Q1 read 0.0% for every category and the change +57.7 pp."""
    at = _open(lang)
    at = at.selectbox(key=f"_eval_quarter_{lang}").set_value("2023Q1").run()
    at = _button(at, "_review_start", lang).click().run()
    at = _button(at, "_review_next", lang).click().run()  # cost structure
    assert not at.exception, at.exception
    text = CATALOGS[lang]
    table = at.table[0].value
    last_year = text["review.col.share_last_year"].format(quarter="2022Q1")
    assert set(table[last_year]) == {"—"} and set(table[text["review.col.share_change"]]) == {"—"}
    assert [i.value for i in at.info] == [text["review.structure.no_last_year"].format(quarter="2022Q1")]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [trace["name"] for trace in spec["data"]] == ["2023Q1"]  # no bars of 0.0% for 2022Q1


def test_review_scores_section_lists_the_sub_metrics_with_their_lights(db):
    """The review showed four tiles and a radar; which sub-metric pulled a score down needed leaving the review."""
    at = _review_section(_open(), LATEST, "scores")
    text = CATALOGS["zh"]
    card = evaluation.scorecard(db, LATEST)
    said = text["evalpage.period_strategy"].format(start="2026-07-01", end="2026-09-30", strategy="均衡")
    assert said in [m.value for m in at.markdown]  # which strategy strategic fit was measured against
    table = at.table[0].value
    assert table[text["eval.col.metric"]].tolist() == [
        metric_name(key, "zh") for key in evaluation.METRIC_KEYS
    ]
    statuses = [status_name(card.metric(key).status, "zh") for key in evaluation.METRIC_KEYS]
    assert table[text["eval.col.status"]].tolist() == statuses
    assert table[text["eval.col.score"]].tolist() == [
        score_text(card.metric(k).score) for k in evaluation.METRIC_KEYS
    ]


def test_presentation_mode_shows_the_metrics_as_a_table_that_wraps(db):
    """On the projector the metric grid, zoomed, cut off long metric names and target ranges (¥11.00–¥16.00);
    presentation mode shows the same rows as a table, whose text wraps."""
    metric = CATALOGS["en"]["eval.col.metric"]

    def grids(at):
        return [d.value for d in at.dataframe if metric in d.value.columns]

    def tables(at):  # the why panels have tables of their own
        return [table.value for table in at.table if metric in table.value.columns]

    at = _open("en")
    assert len(grids(at)) == 1 and tables(at) == []
    rows = len(grids(at)[0])
    at = at.sidebar.toggle[0].set_value(True).run()
    assert not at.exception, at.exception
    assert grids(at) == [] and len(tables(at)) == 1
    assert len(tables(at)[0]) == rows


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            [
                "已发布的预测",
                "去年同日实际量",
                "是",
                "否",
                "22.8%",
                "+13.0%",
                "隐性成本 · 投诉处理与危机公关",
            ],
        ),
        (
            "en",
            ["Published forecast", "Same date last year", "Yes", "No", "22.8%", "+13.0%", "Hidden costs · "],
        ),
    ],
)
def test_the_rows_behind_a_score_name_their_codes_and_read_shares_in_percent(lang, expected):
    """A review meeting reads the evidence table: no method codes (seasonal_naive), True/False or taxonomy codes,
    errors, shares and deviations in percent rather than 0.2285, and a month without its first day."""
    from ui.i18n import speaking
    from ui.review import evidence_table

    rows = pd.DataFrame(
        {
            "method": ["snapshot", "seasonal_naive"],
            "ape": [0.22849, 0.05],
            "shock": [True, False],
            "deviation": [0.13, -0.0342],
            "taxonomy_code": ["hidden.complaint_handling", "hidden.complaint_handling"],
            "revised_at": [dt.date(2026, 8, 14), None],
            "month": [dt.date(2026, 7, 1), pd.Timestamp("2026-08-01")],
            # a share with a gap held as objects (as a query can return it): percent and a dash, no error
            "service_level": pd.Series([0.8995, None], dtype=object),
        }
    )
    with speaking(lang):
        styled = evidence_table(rows)
        text = styled.to_string()
        # a date with a gap stays a date (it sorts as one); the grid writes its gap as a dash (ui.frame.grid)
        assert styled.data[CATALOGS[lang]["evalpage.col.revised_at"]].tolist() == [dt.date(2026, 8, 14), None]
        assert styled.data[CATALOGS[lang]["evalpage.col.month"]].tolist() == ["2026-07", "2026-08"]
        # a flag is its words underneath too: the grid draws a bool column as checkboxes whatever the Styler says
        flags = styled.data[CATALOGS[lang]["evalpage.col.shock"]].tolist()
        assert flags == [CATALOGS[lang]["evalpage.yes"], CATALOGS[lang]["evalpage.no"]]
    for piece in expected:
        assert piece in text, piece
    assert "2026-08-14" in text and "90.0%" in text and text.count("—") == 2
    for code in ("seasonal_naive", "snapshot", "True", "False", "0.2285", "hidden.complaint", "None"):
        assert code not in text, code
