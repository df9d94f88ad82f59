"""The overview page through AppTest, in both languages, against the database."""

import base64
import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics import demo, overview, store
from tests.pages import APP, chinese_in_english_mode, page_text, said, set_language, start_app
from ui.frame import PAGES
from ui.i18n import CATALOGS


@pytest.fixture()
def home(app_env, demo_db):
    app_env(demo_db)
    at = start_app()
    assert not at.exception
    return at


def _metrics(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def _expected(demo_db, preset):
    con = store.connect(demo_db)
    try:
        return overview.kpis(con, overview.period_for(preset, dt.date(2026, 10, 31)))
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_kpi_tiles_show_what_the_database_holds(home, demo_db, lang):
    at = set_language(home, lang)
    assert not at.exception
    text = CATALOGS[lang]
    kpis = _expected(demo_db, "ytd")
    metrics = _metrics(at)
    assert metrics[text["home.kpi.spend"]][0] == f"¥{float(kpis.spend):,.0f}"
    assert metrics[text["home.kpi.cost_per_contact"]][0] == f"¥{float(kpis.cost_per_contact):,.2f}"
    assert metrics[text["home.kpi.contacts"]][0] == f"{kpis.contacts:,}"
    assert metrics[text["home.kpi.headcount"]][0] == f"{kpis.headcount:,}"
    assert metrics[text["home.kpi.csat"]][0] == f"{kpis.csat:.2f}"
    assert metrics[text["home.kpi.service_level"]][0] == f"{kpis.service_level * 100:.1f}%"
    share = f"{kpis.budget_used * 100:.1f}%"
    assert metrics[text["home.kpi.spend"]][1] == text["home.kpi.spend_vs_budget"].format(share=share)
    assert at.title[0].value == text["home.title"]


def test_period_switch_changes_the_numbers(home, demo_db):
    at = home.segmented_control(key="_home_period_widget_zh").set_value("mtd").run()
    assert not at.exception
    kpis = _expected(demo_db, "mtd")
    assert _metrics(at)[CATALOGS["zh"]["home.kpi.contacts"]][0] == f"{kpis.contacts:,}"
    at = at.segmented_control(key="_home_period_widget_zh").set_value("last_12_months").run()
    kpis = _expected(demo_db, "last_12_months")
    note = CATALOGS["zh"]["home.kpi.spend_vs_budget_part"].format(
        share=f"{kpis.budget_used * 100:.1f}%", covered=10, months=12
    )
    assert _metrics(at)[CATALOGS["zh"]["home.kpi.spend"]][1] == note  # not "no approved budget"


def test_amounts_in_wan(home, demo_db):
    radio = next(r for r in home.sidebar.radio if r.key.startswith("_unit_widget"))
    at = radio.set_value("wan").run()
    kpis = _expected(demo_db, "ytd")
    assert _metrics(at)[CATALOGS["zh"]["home.kpi.spend"]][0] == f"¥{float(kpis.spend) / 10_000:,.2f}万"


def test_the_compact_unit_is_thousands_in_english(home, demo_db):
    """English finance counts in ¥ thousands: '¥18,421.13k', not '¥1,842.11 ×10k' (clipped in a tile)."""
    radio = next(r for r in home.sidebar.radio if r.key.startswith("_unit_widget"))
    at = set_language(radio.set_value("wan").run(), "en")
    kpis = _expected(demo_db, "ytd")
    assert _metrics(at)[CATALOGS["en"]["home.kpi.spend"]][0] == f"¥{float(kpis.spend) / 1_000:,.2f}k"
    trend = next(c for c in at.get("plotly_chart") if "home_trend" in c.proto.id)
    spec = json.loads(trend.proto.spec)
    assert spec["data"][0]["hovertemplate"].endswith(" ¥k")  # the spend bars, in thousands


def test_peaks_and_alerts_are_shown(home):
    at = set_language(home, "en")
    assert any("11 days to the Double-11 peak" in m.value for m in at.markdown)
    assert any("Outsourcing" in w.value and "over budget" in w.value for w in at.warning)
    # each peak says what grew last year's days: the mid-year forecast for Double-11, recent growth for 618
    captions = [c.value for c in at.caption]
    assert any("published forecast #2 (history to 2026-06-30)" in c for c in captions)
    assert any("the last 90 days' growth" in c for c in captions)


def test_no_chinese_left_in_english_mode(home):
    at = set_language(home, "en")
    at = at.sidebar.toggle[0].set_value(True).run()  # presentation mode too
    assert not at.exception
    assert chinese_in_english_mode(at) == []


def test_language_survives_page_switches(home):
    at = set_language(home, "en")
    for script, _key, _icon in PAGES:
        at.switch_page(script).run()
        assert not at.exception, script
        assert next(r for r in at.sidebar.radio if r.key == "_lang_widget").value == "en", script
        assert chinese_in_english_mode(at) == [], script


def test_presentation_mode_hides_the_demo_banner_and_enlarges_type(home):
    at = home.sidebar.toggle[0].set_value(True).run()
    assert not any(b.label == CATALOGS["zh"]["demo.start_empty"] for b in at.button)
    assert any("font-size: 24px" in m.value for m in at.markdown)


def test_starting_empty_from_the_banner(app_env, demo_copy):
    app_env(demo_copy)
    at = start_app()
    at = next(b for b in at.button if b.key == "_start_empty").click().run()
    yes = next(b for b in at.button if b.label == CATALOGS["zh"]["demo.confirm_yes"])
    at = yes.click().run()
    assert not at.exception
    assert any(i.value == CATALOGS["zh"]["home.empty"] for i in at.info)
    # a link to where the first import is done, under the message, with daily volume picked
    assert 'page: "data_import"\nlabel: "数据导入：每日服务量"' in page_text(at)
    assert 'query_string: "kind=volume"' in page_text(at)
    con = store.connect(demo_copy)
    assert con.execute("SELECT count(*) FROM tickets").fetchall()[0][0] == 0
    con.close()


def test_a_stopped_first_start_is_finished_when_the_app_opens(app_env, demo_copy):
    """A demo whose past forecasts were never published (its first start stopped while fitting them) gets them
    when the app next opens, with the first start's toast."""
    con = store.connect(demo_copy)
    con.execute("DELETE FROM forecast_snapshot_values")
    con.execute("DELETE FROM forecast_snapshots")
    con.close()
    app_env(demo_copy)
    at = start_app()
    assert not at.exception
    assert [t.value for t in at.toast] == [CATALOGS["zh"]["demo.built"]]
    con = store.connect(demo_copy)
    published = con.execute("SELECT count(*) FROM forecast_snapshots").fetchall()[0][0]
    con.close()
    assert published == len(demo.PUBLISHED_FORECASTS)


def test_the_peak_estimate_states_the_occupancy_target_it_used(app_env, demo_copy):
    """The caption under the peak outlook quotes the occupancy cap from the targets table, not a fixed 85%."""
    as_of = dt.date(2026, 10, 31)
    con = store.connect(demo_copy)
    try:
        before = {p.event_key: p.agents_needed for p in overview.next_peaks(con, as_of)}
        con.execute("UPDATE targets SET value = 0.75 WHERE metric = 'max_occupancy' AND channel = '*'")
        after = overview.next_peaks(con, as_of)
    finally:
        con.close()
    assert after and all(p.occupancy == 0.75 and p.agents_needed > before[p.event_key] for p in after)
    app_env(demo_copy, clear=True)
    at = start_app()
    assert not at.exception
    expected = CATALOGS["zh"]["home.peaks.basis"].format(shrinkage="30%", occupancy="75%")
    assert expected in [c.value for c in at.caption]


def test_choices_ride_in_the_address(home):
    """Language, unit and presentation mode are written into the address (defaults are not), so a reload keeps them."""
    assert dict(home.query_params) == {}
    at = set_language(home, "en")
    at = next(r for r in at.sidebar.radio if r.key.startswith("_unit_widget")).set_value("wan").run()
    at = at.sidebar.toggle[0].set_value(True).run()
    assert dict(at.query_params) == {"lang": "en", "unit": "wan", "present": "1"}
    at = set_language(at, "zh")
    assert "lang" not in at.query_params


@pytest.mark.parametrize(
    ("address", "lang", "unit", "presenting"),
    [
        ({"lang": "en", "unit": "wan", "present": "1"}, "en", "wan", True),
        ({"lang": "fr", "unit": "usd", "present": "yes"}, "zh", "yuan", False),  # unknown values are ignored
    ],
)
def test_a_new_session_starts_with_the_choices_in_its_address(
    app_env, demo_db, address, lang, unit, presenting
):
    app_env(demo_db, clear=False)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params.update(address)
    at.run()
    assert not at.exception
    assert next(r for r in at.sidebar.radio if r.key == "_lang_widget").value == lang
    assert next(r for r in at.sidebar.radio if r.key.startswith("_unit_widget")).value == unit
    assert at.sidebar.toggle[0].value is presenting


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_new_customer_with_only_three_months_of_volume(app_env, demo_copy, lang):
    """After 'start empty' and a first volume import (February to April 2026, no ledger, roster or budget), the
    overview says what is missing instead of showing ¥0 spend, ¥0.00 per contact, 0 staff and 'enough staff'."""
    con = store.connect(demo_copy)
    demo.start_empty(con)
    days = pd.date_range("2026-02-01", "2026-04-30", freq="D")
    volume = pd.DataFrame({"source": "own", "date": days.date, "channel": "phone", "contacts": 500})
    with store.write_transaction(con) as cur:
        store.insert_frame(cur, "daily_volume", volume.assign(batch_id=store.new_batch(cur, "volume", "own")))
    con.close()
    app_env(demo_copy)
    at = start_app()
    if lang == "en":
        at = set_language(at, "en")
    assert not at.exception
    metrics = _metrics(at)
    text = CATALOGS[lang]
    assert metrics[text["home.kpi.spend"]] == ("—", text["home.kpi.no_costs"])
    assert metrics[text["home.kpi.cost_per_contact"]] == ("—", text["home.kpi.no_costs"])
    assert metrics[text["home.kpi.headcount"]] == ("—", text["home.kpi.no_roster"])
    infos = [i.value for i in at.info]
    for event in ("618", "double11"):
        assert said(lang, "home.peaks.no_history", event=text[f"event.{event}"]) in infos
    assert text["home.alerts.no_budget"] in infos
    assert not at.success  # neither 'enough staff' nor 'every category within budget'
    trend = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [trace["type"] for trace in trend["data"]] == ["scatter"]  # no ¥0 bars without a ledger
    contacts = np.frombuffer(
        base64.b64decode(trend["data"][0]["y"]["bdata"]), dtype=trend["data"][0]["y"]["dtype"]
    )
    assert np.isnan(contacts[:-3]).all() and (contacts[-3:] > 0).all()  # no line before the first import


def test_a_peak_short_of_agents_links_to_the_whatif(home):
    """The outlook says who is short; the link under it opens the page where the peak cover is planned."""
    short = CATALOGS["zh"]["home.peaks.gap"].split("{")[0]
    assert any(c.value.startswith(short) for c in home.error)  # Double-11 is short of agents
    links = [(e.proto.label, e.proto.page) for e in home.get("page_link")]
    assert (CATALOGS["zh"]["home.peaks.plan"], "whatif") in links


def test_a_peak_short_of_agents_leads_to_buying_or_leasing_their_kit(home):
    """The second link under the outlook opens the cost structure page on its buy-or-lease tab."""
    link = next(e.proto for e in home.get("page_link") if e.proto.label == CATALOGS["zh"]["home.peaks.kit"])
    assert link.page == "cost_structure" and link.query_string == "tab=lease"


def test_the_alerts_remind_to_type_in_the_notice_and_flag_a_budget_costed_before_it(
    app_env, demo_copy, monkeypatch
):
    """In December 2026 the 2027 notice is out: the overview says it is not typed in yet, with a link; once it
    is, a 2027 budget drafted before is flagged instead."""
    from analytics import budget_draft, holiday_schedule
    from tests.test_budget import two_years_back_as_forecast
    from ui import data

    monkeypatch.setattr(data, "today", lambda: dt.date(2026, 12, 5))
    con = store.connect(demo_copy)
    budget_draft.draft_budget(con, 2027, actor="王敏", forecast=two_years_back_as_forecast(con))
    con.close()
    app_env(demo_copy)
    at = start_app()
    assert not at.exception
    awaited = said("zh", "home.alerts.notice_awaited", year=2027)
    assert awaited in [w.value for w in at.warning]
    assert said("zh", "home.alerts.type_notice", year=2027) in [link.label for link in at.get("page_link")]
    assert not any("预算第 1 版" in w.value for w in at.warning)

    con = store.connect(demo_copy)
    holiday_schedule.save_year(con, 2027, holiday_schedule.statutory_rows(2027))
    con.close()
    at = set_language(start_app(), "en")
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert said("en", "home.alerts.budget_calendar", year=2027, version=1) in warnings
    assert said("en", "home.alerts.notice_awaited", year=2027) not in warnings
    assert chinese_in_english_mode(at) == []


def test_a_budget_in_approval_on_a_short_history_forecast_is_flagged(app_env, demo_copy, monkeypatch):
    """A 2027 draft whose forecast was fitted on 245 days of history (stored as such a fit would store it): the
    overview says so before approval, in both languages."""
    from analytics import budget_draft
    from analytics.forecast_warning import ForecastWarning, warnings_to_json
    from tests.test_budget import publish_budget_baseline
    from ui import data

    monkeypatch.setattr(data, "today", lambda: dt.date(2026, 12, 5))
    con = store.connect(demo_copy)
    publish_budget_baseline(con)
    draft_id = budget_draft.draft_budget(con, 2027, actor="王敏")
    short = [
        (c, ForecastWarning("short_history", {"days": d, "yearly_seasonality": False}))
        for c, d in (("phone", 300), ("email", 245))
    ]
    con.execute(
        "UPDATE budgets SET forecast_warnings = ? WHERE budget_id = ?", [warnings_to_json(short), draft_id]
    )
    con.close()
    app_env(demo_copy)
    for lang in ("zh", "en"):
        at = start_app() if lang == "zh" else set_language(start_app(), "en")
        assert not at.exception
        flagged = said(lang, "home.alerts.budget_short_history", year=2027, version=1, days=245)
        assert flagged in [w.value for w in at.warning]
        assert said(lang, "home.alerts.open_budget") in [link.label for link in at.get("page_link")]


def test_a_budget_in_approval_on_an_overtaken_forecast_is_flagged(app_env, demo_copy, monkeypatch):
    """A 2027 draft on the forecast to 2026-10-31, and a forecast on data to 2026-11-30 published since: the
    overview flags the draft, in both languages, with the link to the budget page; and again once the forecast
    it was drafted on is withdrawn."""
    from analytics import budget_draft
    from analytics.forecast import publish_snapshot, withdraw_snapshot
    from tests.test_budget import publish_budget_baseline
    from ui import data

    monkeypatch.setattr(data, "today", lambda: dt.date(2026, 12, 5))
    con = store.connect(demo_copy)
    publish_budget_baseline(con)
    budget_draft.draft_budget(con, 2027, actor="王敏")
    used = con.execute("SELECT max(snapshot_id) FROM forecast_snapshots").fetchone()[0]
    values = con.execute(
        "SELECT * EXCLUDE (snapshot_id) FROM forecast_snapshot_values WHERE snapshot_id = ?", [used]
    ).df()
    newer = publish_snapshot(con, values, dt.date(2026, 11, 30), {"all": "later"})
    con.close()
    app_env(demo_copy)
    for lang in ("zh", "en"):
        at = start_app() if lang == "zh" else set_language(start_app(), "en")
        assert not at.exception
        flagged = said(lang, "home.alerts.budget_forecast", year=2027, version=1, id=newer, date="2026-11-30")
        assert flagged in [w.value for w in at.warning]
        assert said(lang, "home.alerts.open_budget") in [link.label for link in at.get("page_link")]
    # the forecast it was drafted on withdrawn as well: a second alert, naming who withdrew it
    con = store.connect(demo_copy)
    withdraw_snapshot(con, used, "计划组 王芳", "10 月话务量重复导入")
    con.close()
    for lang in ("zh", "en"):
        at = start_app() if lang == "zh" else set_language(start_app(), "en")
        withdrawn = said(
            lang, "home.alerts.budget_forecast_withdrawn", year=2027, version=1, id=used, who="计划组 王芳"
        )
        assert withdrawn in [w.value for w in at.warning]
