"""The budget page (预算管理) through AppTest: a 2027 budget is drafted, submitted, returned with a comment, edited
with a reason, resubmitted and taken through the three approvals to locked, then changed through a new version;
wrong steps show translated errors; both languages, no Chinese left in English mode.

The database is a copy of the demo with a published 14-month forecast snapshot, so drafting reads it instead of
fitting (the fit itself runs in the browser test).
"""

from __future__ import annotations

import io
import json
import re
import shutil
from decimal import Decimal

import numpy as np
import openpyxl
import pandas as pd
import pytest
import streamlit as st
from streamlit.proto.Block_pb2 import Block as BlockProto

from analytics import budget, store
from analytics.ingest import importer
from tests.pages import chinese_in_english_mode, set_language, start_app
from tests.test_budget import RETURNED_AND_RESUBMITTED, publish_budget_baseline
from ui.format import ROW_LABEL_WIDTH, money
from ui.i18n import CATALOGS, text_in

ZH = CATALOGS["zh"]
EN = CATALOGS["en"]


@pytest.fixture()
def con(demo_db, tmp_path):
    """A demo copy with the snapshot, served to the app; the connection reads what the page wrote."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, path)
    connection = store.connect(path)
    publish_budget_baseline(connection)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(store.DB_PATH_ENV, str(path))
        st.cache_data.clear()
        yield connection
    st.cache_data.clear()
    connection.close()


def _open(lang: str):
    at = start_app()
    if lang == "en":
        at = set_language(at, "en")
    at.switch_page("pages/budget.py").run()
    assert not at.exception, at.exception
    return at


def _by_label(elements, label: str):
    return next(e for e in elements if e.label == label)


def _ok(at):
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def _step(at, text, action: str, actor: str, role: str | None = None, comment: str = ""):
    """Take an approval step in the 审批 tab."""
    _name_box(at).input(actor)
    if role is not None:
        next(s for s in at.selectbox if s.key.startswith("bu_act_role_")).set_value(role)
    _by_label(at.text_area, text["budget.act.comment"]).input(comment)
    return at.button(key=f"bu_act_{action}").click().run()


def _name_box(at):
    """The approval form's name box."""
    return next(i for i in at.text_input if i.label in (ZH["budget.act.actor"], EN["budget.act.actor"]))


def _selected(at) -> int:
    return next(s.value for s in at.selectbox if s.key.startswith("bu_version_"))


def _status_badges(at) -> str:
    return " ".join(m.value for m in at.markdown)


def _walk(at, con, text: dict[str, str], names: dict[str, str]) -> int:
    """Draft → submit → approve → return → edit → resubmit → three approvals; returns the budget id."""
    assert [i.value for i in at.info].count(
        text["budget.no_versions"].format(year=2027)
    ) == 1  # not once a tab
    at.slider(key="bu_rate").set_value(12)
    at.text_input(key="bu_draft_actor").input(names["ops"])
    at = _ok(at.button(key="bu_draft").click().run())
    assert at.success[0].value == text["budget.draft.done"].format(year=2027, version=1)
    budget_id = _selected(at)
    info = budget.budget_info(con, budget_id)
    assert (info.year, info.version, info.status) == (2027, 1, "draft")
    assert info.contingency_rate == pytest.approx(0.12)
    labels = {m.label: m.value for m in at.metric}
    assert text["budget.kpi.reserve"].format(rate="12%") in labels
    vs_prior = next(m.delta for m in at.metric if m.label == text["budget.kpi.total"])
    assert re.search(r"[+-]\d+\.\d%", vs_prior), vs_prior  # up or down on 2026, said by its sign too
    assert text["budget.status.draft"] in _status_badges(at)
    # the notes the narrow note column cuts off are spelled out under the lines, each leaf once
    notes = next(c.value for c in at.caption if c.value.startswith(text["budget.lines.notes"]))
    assert f"{text['cost2.attrition']} — {text['budget.note.attrition']}" in notes
    assert notes.count(text["budget.note.onboarding"]) == 1

    at = _ok(_step(at, text, "submit", names["ops"], comment=names["submit_note"]))
    assert budget.budget_info(con, budget_id).status == "internal_review"
    # under review: no edit form, a note instead
    assert text["budget.edit.locked"].format(status=text["budget.status.internal_review"]) in [
        i.value for i in at.info
    ]
    at = _ok(_step(at, text, "approve", names["director"], "cs_director"))
    at = _ok(_step(at, text, "return", names["finance"], "finance", names["return_note"]))
    assert budget.budget_info(con, budget_id).status == "returned"
    assert any(names["return_note"] in w.value for w in at.warning)

    # the returned budget is edited with a reason
    lang = "en" if text is EN else "zh"
    at.selectbox(key=f"bu_edit_month_{lang}").set_value("2027-06")
    at.selectbox(key=f"bu_edit_code_{lang}").set_value("direct_labor.overtime")
    at = at.run()
    _by_label(at.number_input, text["budget.edit.amount"]).set_value(88_000.0)
    _by_label(at.text_input, text["budget.edit.reason"]).input(names["reason"])
    at.text_input(key="bu_edit_actor").input(names["ops"])
    at = _ok(at.button(key="bu_edit_save").click().run())
    lines = budget.budget_lines(con, budget_id)
    june = lines[
        (pd.to_datetime(lines["month"]).dt.month == 6) & (lines["taxonomy_code"] == "direct_labor.overtime")
    ]
    assert float(june["amount"].iloc[0]) == 88_000.0

    at = _ok(_step(at, text, "submit", names["ops"]))
    at = _ok(_step(at, text, "approve", names["director"], "cs_director"))
    at = _ok(_step(at, text, "approve", names["finance"], "finance"))
    at = _ok(_step(at, text, "approve", names["cfo"], "cfo", names["final_note"]))
    info = budget.budget_info(con, budget_id)
    assert info.status == "approved" and info.locked
    assert text["budget.locked"] in _status_badges(at)
    assert text["budget.flow.final"] in [s.value for s in at.success]
    assert text["budget.edit.locked_approved"] in [i.value for i in at.info]
    assert not [b for b in at.button if b.key.startswith("bu_act_")]
    events = budget.history(con, budget_id)
    assert tuple(events["action"]) == (*RETURNED_AND_RESUBMITTED, "approve", "approve", "approve")
    steps = events[events["action"].isin(["submit", "approve", "return"])]
    assert list(steps["actor"]) == [
        names[k] for k in ("ops", "director", "finance", "ops", "director", "finance", "cfo")
    ]
    assert list(steps["actor_role"]) == ["ops_lead", "cs_director", "finance", *budget.ROLES]
    assert steps["comment"].iloc[2] == names["return_note"]
    log = next(d.value for d in at.dataframe if text["budget.log.comment"] in d.value.columns)
    assert len(log) == 10 and names["return_note"] in list(log[text["budget.log.comment"]])
    return budget_id


NAMES = {
    "zh": {
        "ops": "王敏",
        "director": "李强",
        "finance": "陈静",
        "cfo": "赵总",
        "submit_note": "按预测编制",
        "return_note": "618 加班费偏低，请按去年实际调整",
        "reason": "按去年 618 实际",
        "final_note": "批准",
    },
    "en": {
        "ops": "Wang Min",
        "director": "Li Qiang",
        "finance": "Chen Jing",
        "cfo": "Zhao",
        "submit_note": "drafted from the forecast",
        "return_note": "overtime for 618 too low, use last year's",
        "reason": "last year's 618 overtime",
        "final_note": "approved",
    },
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_budget_walks_from_draft_through_a_return_to_locked(con, lang):
    text = ZH if lang == "zh" else EN
    at = _open(lang)
    assert at.title[0].value == text["budget.title"]
    budget_id = _walk(at, con, text, NAMES[lang])
    at = at.run()
    if lang == "en":
        assert chinese_in_english_mode(at) == []

    # a change to the approved budget makes a new version
    _by_label(at.text_input, text["budget.new.reason"]).input(NAMES[lang]["reason"])
    at.text_input(key="bu_new_actor").input(NAMES[lang]["ops"])
    at = _ok(at.button(key="bu_new_version").click().run())
    new_id = _selected(at)
    assert new_id != budget_id
    info = budget.budget_info(con, new_id)
    assert (info.version, info.status, info.parent_budget_id) == (2, "draft", budget_id)
    assert text["budget.parent"].format(version=1) in _status_badges(at)
    # compared with the version it was changed from: the same, until a line is edited
    compare = at.selectbox(key=f"bu_compare_{new_id}_{lang}")
    assert compare.value == budget_id
    assert text["budget.compare.same"].format(other=1) in [c.value for c in at.caption]
    at.selectbox(key=f"bu_edit_month_{lang}").set_value("2027-11")
    at.selectbox(key=f"bu_edit_code_{lang}").set_value("outsourcing.bpo_seats")
    at = at.run()
    before = budget.budget_lines(con, new_id)
    _by_label(at.number_input, text["budget.edit.amount"]).set_value(300_000.0)
    _by_label(at.text_input, text["budget.edit.reason"]).input(NAMES[lang]["reason"])
    at.text_input(key="bu_edit_actor").input(NAMES[lang]["ops"])
    at = _ok(at.button(key="bu_edit_save").click().run())
    gap = sum(budget.budget_lines(con, new_id)["amount"]) - sum(before["amount"])
    table = next(d.value for d in at.dataframe if text["budget.compare.change"] in d.value.columns)
    assert list(table[text["budget.col.level2"]]) == [text["cost2.bpo_seats"], text["cost2.reserve"]]
    assert set(table[text["budget.compare.months"]]) == {"2027-11"}
    assert text["budget.compare.version"].format(version=1) in table.columns
    changes = [Decimal(v.replace("¥", "").replace(",", "")) for v in table[text["budget.compare.change"]]]
    assert sum(changes) == gap and all(v.startswith("+¥") for v in table[text["budget.compare.change"]])
    summary = next(m.value for m in at.markdown if m.value.startswith(text["budget.compare.summary"][:2]))
    assert f"+{money(gap, 2, 'yuan')}" in summary
    if lang == "en":
        assert chinese_in_english_mode(at) == []


def test_wrong_steps_show_translated_errors(con):
    at = _open("zh")
    at.text_input(key="bu_draft_actor").input("王敏")
    at = at.button(key="bu_draft").click().run()
    budget_id = _selected(at)
    # nobody named
    at = at.button(key="bu_act_submit").click().run()
    assert [e.value for e in at.error] == [ZH["budget.err.actor_required"]]
    at = _ok(_step(at, ZH, "submit", "王敏"))
    # the wrong role approves
    at = _step(at, ZH, "approve", "陈静", "finance")
    assert [e.value for e in at.error] == [
        ZH["budget.err.wrong_role"].format(role=ZH["budget.role.cs_director"])
    ]
    # a return without a comment
    at = _step(at, ZH, "return", "李强", "cs_director", "")
    assert [e.value for e in at.error] == [ZH["budget.err.comment_required"]]
    assert budget.budget_info(con, budget_id).status == "internal_review"
    at = _ok(_step(at, ZH, "return", "李强", "cs_director", "人力偏高"))
    # an edit without a reason
    at.text_input(key="bu_edit_actor").input("王敏")
    at = at.button(key="bu_edit_save").click().run()
    assert [e.value for e in at.error] == [ZH["budget.err.reason_required"]]
    assert budget.history(con, budget_id)["action"].tolist() == ["create", "submit", "return"]


def test_the_demo_2026_budget_is_shown_locked_with_its_history(con):
    at = _open("zh")
    at = at.selectbox(key="bu_year_zh").set_value(2026).run()
    assert not at.exception
    assert ZH["budget.status.approved"] in _status_badges(at) and ZH["budget.locked"] in _status_badges(at)
    pivot = next(d.value for d in at.dataframe if "2026-01" in d.value.columns)
    assert ZH["cost.contingency"] in list(pivot.index) and len(pivot.columns) == 13
    # plain numbers under a title that names the unit, so twelve months fit; the unit switch rescales them
    total = ZH["budget.col.total"]
    assert ZH["budget.pivot.title"].format(unit="元") in [m.value.lstrip("# ") for m in at.markdown]
    yuan = float(pivot.loc[total, total])
    assert yuan == round(float(budget.month_by_category(con, 1).loc["total", "total"]))
    unit = next(r for r in at.sidebar.radio if r.key.startswith("_unit_widget"))
    at = unit.set_value("wan").run()
    pivot = next(d.value for d in at.dataframe if "2026-01" in d.value.columns)
    assert float(pivot.loc[total, total]) == pytest.approx(yuan / 10_000, abs=0.005)
    assert ZH["budget.pivot.title"].format(unit="万元") in [m.value.lstrip("# ") for m in at.markdown]
    logs = [d for d in at.dataframe if ZH["budget.log.comment"] in d.value.columns]
    log = logs[0].value
    assert list(log[ZH["budget.log.actor"]]) == ["王敏", "王敏", "李强", "陈静", "赵总"]
    # one column says what changed (a step's status move, an edit's line), so the log fits 1366 pixels
    assert len(log.columns) == 6
    change = list(log[ZH["budget.log.detail"]])
    assert change[1] == f"{ZH['budget.status.draft']} → {ZH['budget.status.internal_review']}"
    assert change[-1].endswith(ZH["budget.status.approved"]) and all(change)
    widths = json.loads(logs[0].proto.columns)
    assert widths[ZH["budget.log.detail"]]["width"] >= 300
    assert [b.key for b in at.button if b.key == "bu_new_version"] == ["bu_new_version"]
    assert at.get("download_button")
    assert at.selectbox(key="bu_filter_zh").options[0] == ZH["budget.lines.all"]  # not 合计: it is a filter
    assert ZH["budget.pivot.rounding"] in [c.value for c in at.caption]
    # the 执行 tab shows budget vs actual for 2026
    assert ZH["variance.title"] in [h.value for h in at.subheader]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_mode_sums_the_pivot_into_quarters(con, lang):
    """Twelve zoomed months scrolled sideways on the shared screen: presentation mode shows four quarters and the
    year, each quarter the sum of its three months, the year the same as in the monthly grid."""
    text = CATALOGS[lang]
    at = _open(lang)
    at = at.selectbox(key=f"bu_year_{lang}").set_value(2026).run()
    months = next(d.value for d in at.dataframe if "2026-01" in d.value.columns)
    at = _ok(next(t for t in at.sidebar.toggle if t.key == "_presentation_widget").set_value(True).run())
    quarters = [text[f"budget.pivot.q{q}"] for q in range(1, 5)]
    pivot = next(d.value for d in at.dataframe if quarters[0] in d.value.columns)
    total = text["budget.col.total"]
    assert list(pivot.columns) == [total, *quarters] and list(pivot.index) == list(months.index)
    assert not any("2026-01" in d.value.columns for d in at.dataframe)
    assert text["budget.pivot.title_quarters"].format(unit="元" if lang == "zh" else "¥") in [
        m.value.lstrip("# ") for m in at.markdown
    ]
    pd.testing.assert_series_equal(pivot[total], months[total])
    yuan = budget.month_by_category(con, 1)
    for q, name in enumerate(quarters):
        in_quarter = [f"2026-{m:02d}" for m in range(3 * q + 1, 3 * q + 4)]
        expected = yuan[in_quarter].sum(axis=1).round(0).to_numpy()
        np.testing.assert_allclose(pivot[name].to_numpy(), expected)


def test_a_budget_whose_imported_lines_were_undone_opens_empty(con):
    """Importing budget lines makes a draft; undoing the batch leaves the draft with no lines, shown, not a crash."""
    text = "月份,科目,成本中心,金额\n2027-01,direct_labor.base_pay,CS-FRONT,1000\n"
    _, result = importer.import_file(con, text.encode(), "b.csv", "budget")
    importer.undo_batch(con, result.batch_id)
    at = _open("zh")
    at = at.selectbox(key="bu_year_zh").set_value(2027).run()
    assert not at.exception, at.exception


def test_the_execution_tab_of_a_year_not_begun_opens_the_tracked_budget(con):
    at = _open("zh")
    assert at.selectbox(key="bu_year_zh").value == 2027  # the page opens on the year to draft
    assert ZH["variance.title"] not in [h.value for h in at.subheader]
    at = at.button(key="bu_open_tracked_zh").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="bu_year_zh").value == 2026
    assert ZH["variance.title"] in [h.value for h in at.subheader]
    assert not [b for b in at.button if b.key == "bu_open_tracked_zh"]  # already there


def test_the_execution_choices_survive_a_language_switch(con):
    """Period, sub-categories and the drill-down category picked in Chinese are still picked in English, and
    again after switching back (they are kept as codes, not as labels)."""
    at = _open("zh")
    at = at.selectbox(key="bu_year_zh").set_value(2026).run()
    at = at.selectbox(key="_variance_period_zh").set_value("2026-09-01").run()
    at = at.toggle(key="_variance_detail_zh").set_value(True).run()
    at = at.selectbox(key="_variance_drill_level1_zh").set_value("outsourcing").run()
    _ok(at)
    for lang in ("en", "zh"):
        at = set_language(at, lang)
        _ok(at)
        assert at.selectbox(key=f"bu_year_{lang}").value == 2026
        assert at.selectbox(key=f"_variance_period_{lang}").value == "2026-09-01"
        assert at.toggle(key=f"_variance_detail_{lang}").value is True
        level1 = at.selectbox(key=f"_variance_drill_level1_{lang}")
        assert level1.value == "outsourcing"
        assert level1.format_func(level1.value) == CATALOGS[lang]["cost.outsourcing"]
        text = CATALOGS[lang]
        tables = [d.value for d in at.dataframe]
        assert any({text["variance.col.level2"], text["variance.col.variance_pct"]} <= set(t) for t in tables)
        ledger = next(t for t in tables if text["variance.col.source"] in t.columns)
        assert set(ledger[text["variance.col.period"]]) == {"2026-09"}
        # the sub-category column is wide enough for "Social insurance & housing fund (employer)" in the
        # execution tab's two tables (not counting the budget lines, whose header reads the same in Chinese)
        widths = [
            json.loads(d.proto.columns).get(text["variance.col.level2"], {}).get("width")
            for d in at.dataframe
            if text["budget.col.month"] not in d.value.columns
        ]
        assert widths.count(ROW_LABEL_WIDTH) == 2


def test_a_draft_priced_on_default_rates_says_so(con):
    """Without a roster the draft prices pay and seats at the tier-1-city defaults, as the what-if page warns."""
    con.execute("DELETE FROM staff")
    st.cache_data.clear()
    at = _open("zh")
    assert ZH["whatif.defaults.roster"] in [w.value for w in at.warning]


def test_what_was_typed_survives_a_page_and_a_language_switch(con):
    """A half-done edit (month, line item, reason, name) and the drafter's name are still there after a visit to
    the overview and a switch to English; a saved edit's reason is not offered for the next edit."""
    at = _open("zh")
    at.text_input(key="bu_draft_actor").input("王敏")
    at = _ok(at.button(key="bu_draft").click().run())
    at.selectbox(key="bu_edit_month_zh").set_value("2027-06")
    at.selectbox(key="bu_edit_code_zh").set_value("direct_labor.overtime")
    at = at.run()
    _by_label(at.text_input, ZH["budget.edit.reason"]).input("按去年 618 实际")
    at.text_input(key="bu_edit_actor").input("王敏")
    at = _ok(at.run())
    at.switch_page("app.py").run()
    at.switch_page("pages/budget.py").run()
    at = set_language(_ok(at), "en")
    _ok(at)
    assert at.selectbox(key="bu_edit_month_en").value == "2027-06"
    assert at.selectbox(key="bu_edit_code_en").value == "direct_labor.overtime"
    assert _by_label(at.text_input, EN["budget.edit.reason"]).value == "按去年 618 实际"
    assert at.text_input(key="bu_edit_actor").value == "王敏"
    assert at.text_input(key="bu_draft_actor").value == "王敏"
    _by_label(at.number_input, EN["budget.edit.amount"]).set_value(88_000.0)
    at = _ok(at.button(key="bu_edit_save").click().run())
    assert (
        _by_label(at.text_input, EN["budget.edit.reason"]).value == ""
    )  # the next edit needs its own reason
    assert at.text_input(key="bu_edit_actor").value == "王敏"


def test_a_step_leaves_the_name_box_empty_for_the_next_person(con):
    """After a step the next step is someone else's: the form does not offer the last person's name."""
    at = _open("zh")
    at.text_input(key="bu_draft_actor").input("王敏")
    at = _ok(at.button(key="bu_draft").click().run())
    at = _ok(_step(at, ZH, "submit", "王敏"))
    assert _name_box(at).value == ""
    # a refused step keeps what was typed, to be corrected
    at = _step(at, ZH, "approve", "王敏", "cs_director")
    assert [e.value for e in at.error] == [ZH["budget.err.same_person"]]
    assert _name_box(at).value == "王敏"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_edit_without_reason_and_name_names_both(con, lang):
    text = CATALOGS[lang]
    at = _open(lang)
    at.text_input(key="bu_draft_actor").input("王敏")
    at = _ok(at.button(key="bu_draft").click().run())
    at = at.button(key="bu_edit_save").click().run()
    gap = "" if lang == "zh" else " "
    assert [e.value for e in at.error] == [
        f"{text['budget.err.actor_required']}{gap}{text['budget.err.reason_required']}"
    ]
    budget_id = _selected(at)
    assert budget.history(con, budget_id)["action"].tolist() == ["create"]


def test_the_line_item_column_is_wide_enough_in_english(con):
    """ "Social insurance & housing fund (employer)" is not clipped in the budget lines at 1366 pixels."""
    at = _open("en")
    at = _ok(at.selectbox(key="bu_year_en").set_value(2026).run())
    lines = next(d for d in at.dataframe if EN["budget.col.cost_center"] in d.value.columns)
    assert EN["cost2.social_insurance"] in set(lines.value[EN["budget.col.level2"]])
    widths = json.loads(lines.proto.columns)
    assert widths[EN["budget.col.level2"]]["width"] == ROW_LABEL_WIDTH


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_mode_keeps_the_draft_row_on_one_line(con, lang):
    """In presentation's large type the reserve slider's label is the short one and the row aligns at the top
    (its value sits above the track, taller than the boxes beside it); normal mode keeps the full label."""
    text = CATALOGS[lang]
    at = _open(lang)
    assert at.slider(key="bu_rate").label == text["budget.draft.rate"]
    at = _ok(next(t for t in at.sidebar.toggle if t.key == "_presentation_widget").set_value(True).run())
    assert at.slider(key="bu_rate").label == text["budget.draft.rate_short"]
    column = next(c for c in at.columns if any(s.key == "bu_rate" for s in c.slider))
    assert column.proto.vertical_alignment == BlockProto.Column.VerticalAlignment.TOP


def test_a_draft_of_a_year_whose_schedule_is_estimated_says_so_until_it_is_typed_in(con):
    """2027's 调休 is unknown to the built-in calendar: the draft says its forecast guesses the holidays."""
    from analytics import holiday_schedule

    at = _open("zh")
    notice = ZH["budget.draft.provisional_calendar"].format(year=2027)
    assert notice in [i.value for i in at.info]
    english = _open("en")
    assert EN["budget.draft.provisional_calendar"].format(year=2027) in [i.value for i in english.info]
    holiday_schedule.save_year(con, 2027, holiday_schedule.statutory_rows(2027))
    st.cache_data.clear()
    assert notice not in [i.value for i in _open("zh").info]


def test_a_version_costed_before_the_notice_was_typed_in_is_flagged(con):
    from analytics import budget_draft, holiday_schedule
    from tests.test_budget import two_years_back_as_forecast

    budget_draft.draft_budget(con, 2027, actor="王敏", forecast=two_years_back_as_forecast(con))
    flagged = ZH["budget.calendar_changed"].format(year=2027)
    assert flagged not in [w.value for w in _open("zh").warning]
    holiday_schedule.save_year(con, 2027, holiday_schedule.statutory_rows(2027))
    st.cache_data.clear()
    assert flagged in [w.value for w in _open("zh").warning]
    assert EN["budget.calendar_changed"].format(year=2027) in [w.value for w in _open("en").warning]


def test_a_version_says_which_forecast_it_was_built_on(con):
    """Drafted on the published forecast: the caption under the badges names it, with its data date and who
    published it (no one is named here), in both languages, points out a forecast published on later data and
    the withdrawal of its own; one drafted on a forecast handed in says it was fitted."""
    import datetime as dt

    from analytics import budget_draft
    from analytics.forecast import publish_snapshot, withdraw_snapshot
    from tests.test_budget import AS_OF, two_years_back_as_forecast

    budget_draft.draft_budget(con, 2027, actor="王敏")
    snapshot_id = con.execute("SELECT max(snapshot_id) FROM forecast_snapshots").fetchone()[0]
    st.cache_data.clear()
    for lang in ("zh", "en"):
        said = text_in(
            lang, "budget.forecast_basis.snapshot_unsigned", id=snapshot_id, date=AS_OF.isoformat()
        )
        assert any(said in c.value for c in _open(lang).caption)
    # a forecast on later data is published: the version says so
    bands = con.execute(
        "SELECT * EXCLUDE (snapshot_id) FROM forecast_snapshot_values WHERE snapshot_id = ?", [snapshot_id]
    ).df()
    newer = publish_snapshot(con, bands, dt.date(2026, 11, 30), {"all": "later"})
    st.cache_data.clear()
    for lang in ("zh", "en"):
        said = text_in(lang, "budget.newer_forecast", id=newer, date="2026-11-30")
        assert said in [i.value for i in _open(lang).info]
    # the forecast it was drafted on is withdrawn: the version says who withdrew it, when and why
    withdraw_snapshot(
        con, snapshot_id, "计划组 王芳", "10 月话务量重复导入", withdrawn_at=dt.datetime(2026, 11, 5, 9, 0)
    )
    st.cache_data.clear()
    for lang in ("zh", "en"):
        said = text_in(
            lang,
            "budget.withdrawn_forecast",
            id=snapshot_id,
            when="2026-11-05 09:00",
            who="计划组 王芳",
            reason="10 月话务量重复导入",
        )
        assert said in [w.value for w in _open(lang).warning]
    budget_draft.draft_budget(con, 2027, actor="王敏", forecast=two_years_back_as_forecast(con))
    st.cache_data.clear()
    fitted = text_in("zh", "budget.forecast_basis.fitted_on", date=AS_OF.isoformat())
    assert any(fitted in c.value for c in _open("zh").caption)


def test_a_version_drafted_on_a_fit_says_what_the_fit_warned_of(con):
    """The version keeps its fit's warnings (stored here as a fit of eight months would have them): the page
    shows them under the badges, worded in the page's language, the event named."""
    from analytics import budget_draft
    from analytics.forecast_warning import ForecastWarning, warnings_to_json
    from tests.test_budget import two_years_back_as_forecast

    draft_id = budget_draft.draft_budget(con, 2027, actor="王敏", forecast=two_years_back_as_forecast(con))
    assert not any(ZH["budget.forecast_warnings"] in w.value for w in _open("zh").warning)
    warned = [
        *[
            (c, ForecastWarning("short_history", {"days": 245, "yearly_seasonality": False}))
            for c in ("phone", "email")
        ],
        ("phone", ForecastWarning("event_without_history", {"event_key": "double12"})),
    ]
    con.execute(
        "UPDATE budgets SET forecast_warnings = ? WHERE budget_id = ?", [warnings_to_json(warned), draft_id]
    )
    st.cache_data.clear()
    for lang, text in (("zh", ZH), ("en", EN)):
        channels = ("、" if lang == "zh" else ", ").join([text["channel.phone"], text["channel.email"]])
        expected = "\n".join(
            [
                text["budget.forecast_warnings"],
                "",
                "- " + text_in(lang, "forecast.warning.short_history", channel=channels, days=245),
                "- "
                + text_in(
                    lang,
                    "forecast.warning.event_without_history",
                    channel=text["channel.phone"],
                    event=text["event.double12"],
                ),
            ]
        )
        assert expected in [w.value for w in _open(lang).warning]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_excel_log_gives_each_edit_its_line_and_amounts_as_numbers(con, lang):
    """The log sheet gave an edit only as the page's text ('2026-06 加班费 CS-FRONT: ¥… → ¥…'): finance could
    neither filter the edits by cost center nor add them up."""
    from analytics import exports
    from ui import budget as ui_budget
    from ui.i18n import speaking

    draft = budget.new_version(con, budget.approved_budget_id(con, 2026), "王敏", "618 加班费按去年实际")
    lines = budget.budget_lines(con, draft).set_index(["month", "taxonomy_code", "cost_center"])
    june = pd.Timestamp("2026-06-01").date()
    old = lines.loc[(june, "direct_labor.overtime", "CS-FRONT"), "amount"]
    budget.edit_line(
        con, draft, june, "direct_labor.overtime", "CS-FRONT", old + 50_000, "按去年实际", "王敏"
    )
    text = CATALOGS[lang]
    with speaking(lang):
        options = ui_budget.xlsx_options(budget.history(con, draft))
        book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(pd.DataFrame({"x": [1]}), **options)))
    rows = list(book[text["budget.log.title"]].iter_rows())
    header = [c.value for c in rows[0]]
    column = {name: header.index(text[key]) for name, key in _LOG_SHEET_COLUMNS.items()}
    edits = [row for row in rows[1:] if row[column["action"]].value == text["budget.action.edit_line"]]
    overtime = next(row for row in edits if row[column["item"]].value == text["cost2.overtime"])
    assert [overtime[column[name]].value for name in ("month", "center")] == ["2026-06", "CS-FRONT"]
    before, after, change = (overtime[column[name]] for name in ("before", "after", "change"))
    assert (before.value, after.value, change.value) == (float(old), float(old + 50_000), 50_000)
    assert {before.number_format, after.number_format, change.number_format} == {exports.MONEY_FORMAT}
    # the month's reserve follows the plan: an edit of its own, its change 10% of the overtime's
    reserve = next(row for row in edits if row is not overtime)
    assert reserve[column["change"]].value == pytest.approx(5_000, abs=0.01)
    steps = [row for row in rows[1:] if row not in edits]  # the new version's creation: no line, no amounts
    assert steps and all(
        row[column[name]].value is None for row in steps for name in _LOG_SHEET_COLUMNS if name != "action"
    )


_LOG_SHEET_COLUMNS = {
    "action": "budget.log.action",
    "month": "budget.col.month",
    "item": "budget.col.level2",
    "center": "budget.col.cost_center",
    "before": "budget.log.old_amount",
    "after": "budget.log.new_amount",
    "change": "budget.log.change_amount",
}
