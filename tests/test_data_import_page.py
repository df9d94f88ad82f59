"""The Data page (数据导入) through AppTest: upload, map, validate, commit, undo, in both languages; bad files show
the row-level report and write nothing; cost categories are mapped from a blocked import; profiles map the next
file; oversize files and a busy writer are answered clearly."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analytics import demo, store
from analytics.channels import CHANNELS
from analytics.display import text_width, wrapped_lines
from analytics.ingest import category_map, templates
from analytics.ingest.kinds import KINDS
from analytics.ingest.mapping import JOINABLE_TYPES
from analytics.ingest.messages import render_message
from tests.ingest_workbooks import notes_first, workbook
from tests.pages import chinese_in_english_mode, said, served_downloads, set_language, start_app
from tests.test_ingest_import import (
    BUDGET_IN_10K,
    BUDGET_WITH_NOTES,
    DEPARTMENT_LEDGER,
    JOURNAL,
    SAP_JOURNAL,
    SUMMARY,
    YEAR_MONTH_DAY_LEDGER,
    YONYOU_LEDGER,
    across_year_end_ledger,
    merged_ledger,
)
from tests.test_ingest_real import INTERVAL_REPORT
from tests.test_ingest_report import formulas_unsaved
from ui import import_commit, import_state, imports
from ui.i18n import CATALOGS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
PAGE = "pages/data_import.py"
GBK = (FIXTURES / "gbk_title_total.csv").read_bytes()
BAD = (
    "工单号,渠道,创建时间,处理时长,满意度\n"
    "B001,电话,2024-06-18 09:30,300,5\n"
    "B002,传真,2024-06-18 10:00,300,5\n"
    "B003,微信,2024/13/45,200,4\n"
    "B004,邮件,2024-06-19 11:00,-5,9\n"
    "B001,电话,2024-06-20 12:00,100,3\n"
).encode()


def _open(app_env, path: Path, lang: str = "zh"):
    app_env(path)
    at = start_app()
    if lang != "zh":
        at = set_language(at, lang)
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _upload(at, name: str, content: bytes):
    at.file_uploader[0].set_value((name, content, "text/csv")).run()
    assert not at.exception
    return at


def _ledger_uploaded(app_env, tmp_path, lang: str, name: str, content: bytes):
    """The page on an empty database, kind cost ledger, with this ledger file uploaded; and the database."""
    path = _empty_db(tmp_path)
    at = _open(app_env, path, lang)
    at.selectbox(key=f"_imp_kind_{lang}").set_value("costs").run()
    return _upload(at, name, content), path


def _source(at, value: str):
    box = next(ti for ti in at.text_input if ti.key.startswith("_imp_source_"))
    box.set_value(value).run()
    return at


def _validate(at):
    at.button(key="_imp_validate").click().run()
    assert not at.exception
    return at


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _query(path: Path, sql: str, params=None):
    con = store.connect(path)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _texts(elements) -> list[str]:
    return [e.value for e in elements]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_upload_map_validate_commit_then_undo(app_env, demo_copy, lang):
    text = CATALOGS[lang]
    at = _open(app_env, demo_copy, lang)
    assert at.title[0].value == text["imp.title"]
    at = _upload(at, "六月工单.csv", GBK)

    detected = "\n".join(_texts(at.markdown))
    assert said(lang, "imp.detect.encoding", encoding=text["imp.encoding.gb18030"]) in detected
    assert said(lang, "imp.detect.header_row", row=3) in detected
    assert said(lang, "imp.detect.totals", n=1, rows="7") in detected
    assert at.selectbox(key="_imp_map_1_ticket_id").value == "工单号"
    assert at.selectbox(key="_imp_map_1_handle_seconds").value == "处理时长"

    at = _validate(_source(at, "helpdesk_cn"))
    metrics = _metrics(at)
    assert metrics[text["imp.validate.rows"]] == "3"
    assert metrics[text["imp.validate.rejected"]] == "0"
    assert said(lang, "imp.validate.ok", n=3) in _texts(at.success)

    at.text_input(key="_imp_who_w").set_value("王芳").run()
    at.button(key="_imp_commit").click().run()
    assert not at.exception
    done = said(lang, "imp.result.done", batch=2, inserted=3, updated=0, unchanged=0)
    assert done in _texts(at.success)
    rows = _query(
        demo_copy, "SELECT ticket_id, channel, handle_seconds FROM tickets WHERE source = 'helpdesk_cn'"
    )
    assert sorted(rows) == [("T0001", "phone", 420.0), ("T0002", "wechat", 180.0), ("T0003", "email", 600.0)]
    assert _query(demo_copy, "SELECT imported_by, file_name FROM import_batches WHERE batch_id = 2") == [
        ("王芳", "六月工单.csv")
    ]
    # the frame's freshness line (a cached read keyed by the data version) names the new batch
    assert any("#2" in c for c in _texts(at.caption))

    # the same bytes again, under another name: answered with the earlier batch, nothing written
    at.button(key="_imp_next").click().run()
    at = _validate(_upload(at, "again.csv", GBK))
    (warning,) = _texts(at.warning)
    (when,) = _query(demo_copy, "SELECT imported_at FROM import_batches WHERE batch_id = 2")[0]
    params = {"file": "again.csv", "earlier_file": "六月工单.csv", "batch_id": 2}
    assert warning == render_message(
        "file_already_imported", {**params, "imported_at": f"{when:%Y-%m-%d %H:%M}"}, lang
    )  # names this file, and the earlier batch's file (the same bytes under another name)
    assert not [b for b in at.button if b.key == "_imp_commit"]

    # history lists the batch with its counts; undo asks first, then takes the rows out
    at.segmented_control(key=f"_imp_section_{lang}").set_value("history").run()
    history = at.dataframe[0].value
    first = history.iloc[0]
    assert first["batch_id"] == "#2" and first["rows_inserted"] == 3 and first["imported_by"] == "王芳"
    assert first["status"] == text["imp.status.committed"]
    assert "rows_removed" not in history.columns  # only a corrected summary takes lines out
    assert at.selectbox(key=f"_imp_undo_pick_{lang}").value == 2  # the demo batch is not offered
    at.button(key="_imp_undo").click().run()
    # it updated nothing: the question says what it deletes, not that '0 rows' get their values back
    what = said(lang, "imp.undo.inserted", n=3)
    assert [said(lang, "imp.undo.confirm", batch=2, what=what)] == _texts(at.warning)
    assert _query(demo_copy, "SELECT count(*) FROM tickets WHERE source = 'helpdesk_cn'") == [(3,)]
    at.button(key="_imp_undo_yes").click().run()
    assert not at.exception
    assert said(lang, "imp.undo.done", batch=2, what=said(lang, "imp.undo.deleted", n=3)) in _texts(
        at.success
    )
    assert _query(demo_copy, "SELECT count(*) FROM tickets WHERE source = 'helpdesk_cn'") == [(0,)]
    (undone_at,) = _query(demo_copy, "SELECT undone_at FROM import_batches WHERE batch_id = 2")[0]
    undone = said(lang, "imp.status.undone_at", when=f"{undone_at:%Y-%m-%d %H:%M}")
    assert at.dataframe[0].value.iloc[0]["status"] == undone  # when, in the status cell


def test_tickets_for_channels_without_daily_volume_say_they_will_be_counted(app_env, tmp_path):
    path = tmp_path / "new.duckdb"
    con = store.connect(path)
    demo.start_empty(con)  # a team starting without the demo
    con.close()
    at = _validate(_source(_upload(_open(app_env, path), "六月工单.csv", GBK), "helpdesk_cn"))
    at.button(key="_imp_commit").click().run()
    assert not at.exception, at.exception
    channels = "、".join(CATALOGS["zh"][f"channel.{c}"] for c in ("phone", "wechat", "email"))
    assert said("zh", "imp.result.from_tickets", channels=channels) in _texts(at.info)
    assert _query(path, "SELECT channel, sum(contacts) FROM contact_volume GROUP BY 1 ORDER BY 1") == [
        ("email", 1),
        ("phone", 1),
        ("wechat", 1),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_volume_spike_is_shown_before_the_commit_and_does_not_block_it(app_env, demo_copy, lang):
    """The demo's phone line takes about 1,200 contacts a day; a day typed as 240,000 is flagged, still importable."""
    at = _open(app_env, demo_copy, lang)
    at.selectbox(key=f"_imp_kind_{lang}").set_value("volume").run()
    day = "日期,渠道,进线量,接通量\n2025-06-02,电话,240000,250000\n2025-06-03,电话,1250,1200\n".encode()
    at = _validate(_source(_upload(at, "volume.csv", day), "acd"))
    assert said(lang, "imp.notice.title", n=1) in _texts(at.warning)  # one row, with two notices
    notices = at.dataframe[-1].value  # the first table is the file preview
    row, value = CATALOGS[lang]["imp.report.row"], CATALOGS[lang]["imp.report.value"]
    assert list(notices[row]) == [2, 2] and sorted(notices[value]) == ["240,000", "250,000"]
    at.button(key="_imp_commit").click().run()
    assert not at.exception
    assert _query(demo_copy, "SELECT contacts FROM daily_volume WHERE source = 'acd' ORDER BY date") == [
        (240000,),
        (1250,),
    ]


def test_undo_can_be_cancelled(app_env, demo_copy):
    at = _open(app_env, demo_copy)
    at = _validate(_source(_upload(at, "g.csv", GBK), "hd"))
    at.button(key="_imp_commit").click().run()
    at.segmented_control(key="_imp_section_zh").set_value("history").run()
    at.button(key="_imp_undo").click().run()
    at.button(key="_imp_undo_no").click().run()
    assert not at.warning
    assert _query(demo_copy, "SELECT count(*) FROM tickets WHERE source = 'hd'") == [(3,)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_file_shows_the_row_level_report_and_writes_nothing(app_env, demo_copy, lang):
    text = CATALOGS[lang]
    before = _query(demo_copy, "SELECT count(*) FROM import_batches")
    at = _validate(_source(_upload(_open(app_env, demo_copy, lang), "bad.csv", BAD), "hd"))
    metrics = _metrics(at)
    assert metrics[text["imp.validate.valid"]] == "1"
    assert metrics[text["imp.validate.rejected"]] == "4"

    report = at.dataframe[-1].value
    reason, row, column = text["imp.report.reason"], text["imp.report.row"], text["imp.report.column"]
    assert list(report.columns) == [
        text[f"imp.report.{c}"] for c in ("file", "row", "column", "value", "reason")
    ]
    by_row = {int(r): reasons for r, reasons in report.groupby(row)[reason].apply(list).items()}
    assert sorted(by_row) == [3, 4, 5, 6]
    assert render_message("unknown_channel", {"value": "传真"}, lang) in by_row[3]
    assert render_message("not_a_datetime", {"value": "2024/13/45"}, lang) in by_row[4]
    assert render_message("negative_value", {"value": "-5"}, lang) in by_row[5]
    assert render_message("out_of_range", {"value": "9", "low": "1", "high": "5"}, lang) in by_row[5]
    assert render_message("duplicate_id", {"value": "B001", "first_row": 2}, lang) in by_row[6]
    assert set(report.loc[report[row] == "4", column]) == {"创建时间"}  # the user's own header
    labels = [d.label for d in at.get("download_button")]
    assert [said(lang, "imp.report.download", fmt=name) for name in ("CSV", "Excel")] == labels[-2:]

    # all-or-nothing (the default) refuses; nothing has been written
    assert at.button(key="_imp_commit").disabled
    assert said(lang, "imp.commit.fix_first", n=4) in _texts(at.info)
    assert _query(demo_copy, "SELECT count(*) FROM import_batches") == before
    assert _query(demo_copy, "SELECT count(*) FROM tickets WHERE source = 'hd'") == [(0,)]

    # "import the valid rows, skip 4": the rejects file is offered as CSV and Excel, one row lands
    with served_downloads() as served:
        at.radio(key=f"_imp_mode_{lang}").set_value("valid_rows").run()
    buttons = at.get("download_button")
    assert [said(lang, "imp.commit.rejects", n=4, fmt=name) for name in ("CSV", "Excel")] == [
        b.label for b in buttons[-2:]
    ]
    assert all(b.proto.deferred_file_id for b in buttons[-4:])  # report and rejects: written on the click
    rejects = [f for f in served if f.startswith("rejects_")]
    assert sorted(f.rsplit(".", 1)[1] for f in rejects) == ["csv", "xlsx"]
    sheet = openpyxl.load_workbook(io.BytesIO(served[next(f for f in rejects if f.endswith("xlsx"))])).active
    header, *skipped = sheet.iter_rows(values_only=True)
    assert header[0] == row and header[-1] == reason and [r[0] for r in skipped] == [3, 4, 5, 6]
    assert "2024/13/45" in skipped[1] and all(r[-1] for r in skipped)  # as written, each with its reasons
    with served_downloads() as served:
        at.button(key="_imp_commit").click().run()
    assert not at.exception
    assert _metrics(at)[text["imp.result.rejected"]] == "4"
    result_labels = [d.label for d in at.get("download_button")]
    assert [said(lang, "imp.commit.rejects", n=4, fmt=name) for name in ("CSV", "Excel")] == result_labels[
        -2:
    ]
    kept = sorted(f for f in served if f.startswith("rejects_batch_"))  # the plan is gone: the rows were kept
    assert [f.rsplit(".", 1)[1] for f in kept] == ["csv", "xlsx"] and served[kept[0]].count(b"\n") == 5
    assert _query(demo_copy, "SELECT ticket_id FROM tickets WHERE source = 'hd'") == [("B001",)]
    assert _query(demo_copy, "SELECT rows_rejected FROM import_batches WHERE source = 'hd'") == [(4,)]


def test_unmapped_cost_categories_block_and_are_mapped_from_the_page(app_env, demo_copy):
    at = _open(app_env, demo_copy)
    at.selectbox(key="_imp_kind_zh").set_value("costs").run()
    at = _validate(
        _source(_upload(at, "ledger.csv", (FIXTURES / "costs_unmapped.csv").read_bytes()), "erp_x")
    )
    (error,) = _texts(at.error)
    assert "坐席工资" in error and "耳麦采购" in error and "成本科目映射" in error
    assert not [b for b in at.button if b.key == "_imp_commit"]
    assert _query(demo_copy, "SELECT count(*) FROM cost_entries WHERE source = 'erp_x'") == [(0,)]

    # the link opens the category editor on the same page, with the blocked categories waiting
    at.button(key="_imp_quick_open").click().run()
    assert at.segmented_control(key="_imp_section_zh").value == "categories"
    assert at.selectbox(key="_imp_cat_system_w").value == "erp_x"
    assert any("坐席工资" in w and "耳麦采购" in w for w in _texts(at.warning))
    editor = at.dataframe[-1].value
    assert list(editor["source_category"][:2]) == ["坐席工资", "耳麦采购"]

    # back on the import: map both right there, the plan re-validates, the import goes through
    at.segmented_control(key="_imp_section_zh").set_value("import").run()
    at.selectbox(key="_imp_quick_leaf_zh_0").set_value("direct_labor.base_pay").run()
    at.selectbox(key="_imp_quick_leaf_zh_1").set_value("equipment_facilities.headsets").run()
    at.checkbox(key="_imp_quick_counted_1").uncheck().run()
    at.button(key="_imp_quick_save").click().run()
    assert not at.exception
    assert said("zh", "imp.cat.saved", n=2) in _texts(at.success)
    assert not at.error
    assert _query(
        demo_copy,
        "SELECT source_category, taxonomy_code, counted FROM cost_category_map WHERE source_system = 'erp_x'"
        " ORDER BY 1",
    ) == [("坐席工资", "direct_labor.base_pay", True), ("耳麦采购", "equipment_facilities.headsets", False)]
    at.button(key="_imp_commit").click().run()
    assert _query(demo_copy, "SELECT count(*) FROM cost_entries WHERE source = 'erp_x'") == [(3,)]


def test_category_editor_saves_and_labels_leaves(app_env, demo_copy):
    at = _open(app_env, demo_copy, "en")
    at.segmented_control(key="_imp_section_en").set_value("categories").run()
    assert at.selectbox(key="_imp_cat_system_w").value == "finance_ledger"
    editor = at.dataframe[-1].value
    assert len(editor) == 21 and editor["counted"].all()
    at.button(key="_imp_cat_save").click().run()
    assert not at.exception
    assert said("en", "imp.cat.saved", n=21) in _texts(at.success)


def test_mapping_is_editable_and_unsure_matches_are_flagged(app_env, demo_copy):
    content = "工单号码,来源渠道,创建时间,耗时\nX1,电话,2024-06-18 09:30,60\n".encode()
    at = _upload(_open(app_env, demo_copy), "x.csv", content)
    # 来源渠道 is an alias (sure); 工单号码 only resembles 工单号 (unsure); 耗时 is not recognised
    assert any("工单号" in w for w in _texts(at.warning))
    assert at.selectbox(key="_imp_map_1_ticket_id").value == "工单号码"
    assert at.selectbox(key="_imp_map_1_handle_seconds").value == ""
    assert any("orange-badge" in m for m in _texts(at.markdown))
    # unmap a required field: checking is refused and the field is named
    at.selectbox(key="_imp_map_1_channel").set_value("").run()
    assert at.button(key="_imp_validate").disabled
    assert any("渠道" in e for e in _texts(at.error))
    at.selectbox(key="_imp_map_1_channel").set_value("来源渠道").run()
    at.selectbox(key="_imp_map_1_handle_seconds").set_value("耗时").run()
    at = _validate(_source(at, "hd"))
    assert at.session_state["imp_mapping"].columns["handle_seconds"] == "耗时"
    at.button(key="_imp_commit").click().run()
    assert _query(demo_copy, "SELECT handle_seconds FROM tickets WHERE source = 'hd'") == [(60.0,)]


def test_saved_profile_maps_the_next_file_by_itself(app_env, demo_copy):
    content = "工单号码,来源渠道,创建时间,耗时\nX1,电话,2024-06-18 09:30,60\n".encode()
    at = _upload(_open(app_env, demo_copy), "x.csv", content)
    at.selectbox(key="_imp_map_1_handle_seconds").set_value("耗时").run()
    at = _source(at, "小程序客服")
    at.text_input(key="_imp_pname_1").set_value("小程序客服工单").run()
    at.button(key="_imp_profile_save").click().run()
    assert not at.exception
    assert CATALOGS["zh"]["imp.profile.saved"].format(name="小程序客服工单") in _texts(at.success)

    at.file_uploader[0].set_value(None).run()
    again = "工单号码,来源渠道,创建时间,耗时\nX2,微信,2024-06-19 10:00,90\n".encode()
    at = _upload(at, "y.csv", again)
    assert at.session_state["imp_profile"] == "小程序客服工单"
    assert CATALOGS["zh"]["imp.profile.applied"].format(name="小程序客服工单") in _texts(at.caption)
    gen = at.session_state["imp_gen"]
    assert at.selectbox(key=f"_imp_map_{gen}_handle_seconds").value == "耗时"
    assert at.text_input(key=f"_imp_source_{gen}").value == "小程序客服"


def test_xlsx_sheet_picker(app_env, demo_copy):
    at = _upload(_open(app_env, demo_copy), "ids.xlsx", (FIXTURES / "ids.xlsx").read_bytes())
    sheet = next(s for s in at.selectbox if s.key.startswith("_imp_sheet_"))
    assert sheet.options == ["说明", "工单"]
    sheet.set_value("工单").run()
    assert not at.exception
    assert at.selectbox(key=f"_imp_map_{at.session_state['imp_gen']}_ticket_id").value == "工单号"


def test_oversize_and_unreadable_files_get_a_clear_message(app_env, demo_copy):
    con = store.connect(demo_copy)
    with store.write_transaction(con) as cur:
        store.set_setting(cur, "import_max_mb", "0.0005")  # ~500 bytes
    con.close()
    at = _upload(_open(app_env, demo_copy), "big.csv", GBK * 3)
    (error,) = _texts(at.error)
    assert "MB" in error and "拆分" in error
    assert CATALOGS["zh"]["imp.upload.limit"].format(limit=1) in _texts(at.caption)
    at = _upload(at, "old.xls", (FIXTURES / "old_excel.xls").read_bytes())
    reason = render_message("xls_corrupt", {}, "zh")
    assert _texts(at.error) == [said("zh", "imp.upload.unreadable", name="old.xls", reason=reason)]


def test_a_busy_writer_is_answered_with_wait(app_env, demo_copy):
    at = _validate(_source(_upload(_open(app_env, demo_copy, "en"), "g.csv", GBK), "hd"))
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with store.WRITE_LOCK:
            held.set()
            release.wait(30)

    writer = threading.Thread(target=hold)
    writer.start()
    held.wait(5)
    try:
        at.button(key="_imp_commit").click().run()
    finally:
        release.set()
        writer.join()
    assert not at.exception
    assert render_message("write_busy", {}, "en") in _texts(at.warning)
    assert _query(demo_copy, "SELECT count(*) FROM tickets WHERE source = 'hd'") == [(0,)]
    at.button(key="_imp_commit").click().run()  # once the other writer is done, it goes through
    assert _query(demo_copy, "SELECT count(*) FROM tickets WHERE source = 'hd'") == [(3,)]


def test_no_chinese_left_in_english_mode(app_env, demo_db):
    at = _open(app_env, demo_db, "en")
    assert chinese_in_english_mode(at) == []
    at.segmented_control(key="_imp_section_en").set_value("history").run()
    assert chinese_in_english_mode(at) == []
    for kind in ("costs", "budget", "staff"):
        at.segmented_control(key="_imp_section_en").set_value("import").run()
        at.selectbox(key="_imp_kind_en").set_value(kind).run()
        assert not at.exception
        assert chinese_in_english_mode(at) == [], kind


def test_templates_download_for_every_kind(app_env, demo_db):
    at = _open(app_env, demo_db)
    for kind in ("tickets", "volume", "intervals", "costs", "staff", "assets", "budget"):
        at.selectbox(key="_imp_kind_zh").set_value(kind).run()
        labels = [d.label for d in at.get("download_button")]
        assert labels == [CATALOGS["zh"]["imp.template.csv"], CATALOGS["zh"]["imp.template.xlsx"]], kind


# ---------------------------------------------------------------- the category map module


def test_category_map_upserts_validates_and_bumps_the_version(empty_con):

    store.insert_frame(empty_con, "cost_taxonomy", store.load_taxonomy())
    version = store.data_version(empty_con)
    saved = category_map.save_category_map(
        empty_con, "erp", [category_map.CategoryMapping("工资", "direct_labor.base_pay")]
    )
    assert saved == 1 and store.data_version(empty_con) != version
    category_map.save_category_map(
        empty_con,
        "erp",
        [category_map.CategoryMapping("工资", "direct_labor.overtime", counted=False, note="x")],
    )
    assert category_map.category_map(empty_con, "erp").to_dict("records") == [
        {"source_category": "工资", "taxonomy_code": "direct_labor.overtime", "counted": False, "note": "x"}
    ]
    with pytest.raises(ValueError):
        category_map.save_category_map(empty_con, "erp", [category_map.CategoryMapping("房租", "no.such")])
    with pytest.raises(ValueError):
        category_map.save_category_map(empty_con, " ", [category_map.CategoryMapping("房租", "reserve")])
    assert category_map.unmapped_categories(empty_con, "erp", ["工资", "房租", "contingency.reserve"]) == [
        "房租"
    ]
    assert category_map.source_systems(empty_con) == ["erp"]
    assert len(category_map.taxonomy_leaves(empty_con)) == 30


def test_the_category_editor_shows_empty_notes_not_none():
    mapped = pd.DataFrame(
        [{"source_category": "工资", "taxonomy_code": "direct_labor.base_pay", "counted": True, "note": None}]
    )
    rows = imports.editor_rows(mapped, ["房租"])
    assert list(rows["source_category"]) == ["房租", "工资"]
    assert list(rows["note"]) == ["", ""]  # not Streamlit's grey "None"


def _empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "new.duckdb"
    con = store.connect(path)
    demo.start_empty(con)  # a new customer, without the demo
    con.close()
    return path


def test_an_english_template_filled_in_maps_itself_for_sure_and_imports(app_env, tmp_path):
    path = _empty_db(tmp_path)
    at = _open(app_env, path, "en")
    at.selectbox(key="_imp_kind_en").set_value("volume").run()
    labels = {f.name: CATALOGS["en"][f"imp.field.{f.name}"] for f in KINDS["volume"].fields}
    header = templates.template_headers("volume", labels)
    assert header[:3] == ["Date (date)", "Channel (channel)", "Contacts (contacts)"]
    assert imports.template("volume", "csv", "en").decode("utf-8-sig").splitlines() == [",".join(header)]
    filled = templates.template_bytes("volume", "csv", labels=labels) + (
        "2024-06-18,电话,120,110,10,300,20,0.8\n2024-06-19,微信,80,80,0,200,10,0.9\n".encode()
    )
    at = _upload(at, "volume.csv", filled)
    gen = at.session_state["imp_gen"]
    assert at.selectbox(key=f"_imp_map_{gen}_date").value == "Date (date)"
    badges = [m for m in _texts(at.markdown) if "badge[" in m]
    assert len(badges) == len(header) and all("100%" in b for b in badges), badges
    assert not at.warning  # nothing the user must confirm
    at = _validate(_source(at, "wfm"))
    assert said("en", "imp.validate.ok", n=2) in _texts(at.success)
    at.button(key="_imp_commit").click().run()
    assert not at.exception
    assert _query(path, "SELECT channel, contacts FROM daily_volume ORDER BY date") == [
        ("phone", 120),
        ("wechat", 80),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_problem_with_the_whole_file_names_its_file_and_column_in_the_report(app_env, demo_copy, lang):
    text = CATALOGS[lang]
    at = _open(app_env, demo_copy, lang)
    at.selectbox(key=f"_imp_kind_{lang}").set_value("costs").run()
    at = _validate(
        _source(_upload(at, "ledger.csv", (FIXTURES / "costs_unmapped.csv").read_bytes()), "erp_x")
    )
    first = at.dataframe[-1].value.iloc[0]
    assert first[text["imp.report.file"]] == "ledger.csv"
    assert first[text["imp.report.column"]] == "科目"  # the file's own header
    assert first[text["imp.report.row"]] == ""  # no row: the file as a whole (was shown as None)
    assert "坐席工资、耳麦采购" in first[text["imp.report.reason"]]


def test_a_workbook_with_a_notes_sheet_first_opens_on_its_data(app_env, demo_copy):
    at = _open(app_env, demo_copy)
    at.selectbox(key="_imp_kind_zh").set_value("volume").run()
    at = _upload(at, "两页.xlsx", notes_first())
    sheet = next(s for s in at.selectbox if s.key.startswith("_imp_sheet_"))
    assert sheet.value == "服务量"
    detected = "\n".join(_texts(at.markdown))
    assert said("zh", "imp.detect.sheets_skipped", sheets="说明") in detected
    assert at.selectbox(key=f"_imp_map_{at.session_state['imp_gen']}_date").value == "日期"
    assert not at.error

    sheet.set_value("说明").run()  # the user's own pick stands
    assert next(s for s in at.selectbox if s.key.startswith("_imp_sheet_")).value == "说明"
    assert said("zh", "imp.detect.sheets_skipped", sheets="说明") not in "\n".join(_texts(at.markdown))


def test_undoing_a_batch_that_updated_rows_says_they_get_their_values_back(app_env, demo_copy):
    at = _validate(_source(_upload(_open(app_env, demo_copy), "g.csv", GBK), "hd"))
    at.button(key="_imp_commit").click().run()
    at.button(key="_imp_next").click().run()
    fixed = "工单号,渠道,创建时间,处理时长,满意度\nT0001,电话,2024-06-18 09:30,400,5\n".encode()
    at = _validate(_upload(at, "fix.csv", fixed))
    at.button(key="_imp_commit").click().run()
    at.segmented_control(key="_imp_section_zh").set_value("history").run()
    assert at.selectbox(key="_imp_undo_pick_zh").value == 3
    at.button(key="_imp_undo").click().run()
    what = said("zh", "imp.undo.updated", n=1)  # it inserted nothing: no "0 rows deleted"
    assert [said("zh", "imp.undo.confirm", batch=3, what=what)] == _texts(at.warning)
    at.button(key="_imp_undo_yes").click().run()
    what = said("zh", "imp.undo.restored", n=1)  # the update's new version deleted is no row less
    assert said("zh", "imp.undo.done", batch=3, what=what) in _texts(at.success)
    assert _query(demo_copy, "SELECT handle_seconds FROM tickets WHERE ticket_id = 'T0001'") == [(420.0,)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_new_database_s_category_map_says_where_source_systems_come_from(app_env, tmp_path, lang):
    at = _open(app_env, _empty_db(tmp_path), lang)
    at.segmented_control(key=f"_imp_section_{lang}").set_value("categories").run()
    assert at.selectbox(key="_imp_cat_system_w").value is None
    assert _texts(at.info) == [CATALOGS[lang]["imp.cat.none"]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_file_without_a_channel_column_is_given_one_channel_for_every_row(app_env, tmp_path, lang):
    """A hotline's daily export has no channel column: the page could only say the column was missing, and the
    user had to add one to the file by hand. Now the channel's list offers 'every row: phone'."""
    text = CATALOGS[lang]
    path = _empty_db(tmp_path)
    at = _open(app_env, path, lang)
    at.selectbox(key=f"_imp_kind_{lang}").set_value("volume").run()
    at = _upload(at, "热线日报.csv", "日期,来电量\n2024-06-17,1200\n2024-06-18,1350\n".encode())
    channel = text["imp.field.channel"]
    assert said(lang, "imp.validate.missing", fields=channel) in _texts(at.error)
    assert said(lang, "imp.validate.missing_every_row", fields=channel) in _texts(at.info)
    picker = at.selectbox(key=f"_imp_map_{at.session_state['imp_gen']}_channel")
    every_row = [text["imp.map.every_row"].format(value=text[f"channel.{c}"]) for c in CHANNELS]
    assert picker.options[-len(CHANNELS) :] == every_row  # after the file's columns
    picker.set_value(imports.EVERY_ROW + "phone").run()
    assert not at.error and text["imp.map.every_row_badge"] in "\n".join(_texts(at.markdown))
    other = CATALOGS["en" if lang == "zh" else "zh"]
    at = set_language(at, "en" if lang == "zh" else "zh")  # the choice stays, named in the other language
    picker = at.selectbox(key=f"_imp_map_{at.session_state['imp_gen']}_channel")
    assert picker.value == imports.EVERY_ROW + "phone"
    assert picker.options[picker.index] == other["imp.map.every_row"].format(value=other["channel.phone"])
    at = set_language(at, lang)
    at = _validate(_source(at, "热线系统"))
    assert said(lang, "imp.validate.ok", n=2) in _texts(at.success)
    at.button(key="_imp_commit").click().run()
    assert not at.exception
    rows = _query(path, "SELECT date::VARCHAR, channel, contacts FROM daily_volume ORDER BY date")
    assert rows == [("2024-06-17", "phone", 1200), ("2024-06-18", "phone", 1350)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_ledger_without_a_cost_center_column_gets_one_typed_for_every_row(app_env, tmp_path, lang):
    """A department's own ledger export has no cost-center column: pick 'every row: (type it)', type the center."""
    text = CATALOGS[lang]
    at, path = _ledger_uploaded(app_env, tmp_path, lang, "热线中心台账.csv", DEPARTMENT_LEDGER.encode())
    gen = at.session_state["imp_gen"]
    picker = at.selectbox(key=f"_imp_map_{gen}_cost_center")
    typed = text["imp.map.every_row"].format(value=text["imp.map.typed"])
    assert picker.options[-1] == typed
    picker.set_value(imports.EVERY_ROW).run()
    assert said(lang, "imp.validate.missing", fields=text["imp.field.cost_center"]) in _texts(at.error)
    at.text_input(key=f"_imp_typed_{gen}_cost_center").set_value("热线中心").run()
    assert text["imp.map.every_row_badge"] in "\n".join(_texts(at.markdown))
    at = _validate(_source(at, "erp"))
    assert said(lang, "imp.validate.ok", n=2) in _texts(at.success)
    at.button(key="_imp_commit").click().run()
    assert not at.exception
    assert _query(path, "SELECT DISTINCT cost_center FROM cost_entries") == [("热线中心",)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_journal_s_amount_is_its_debit_less_its_credit(app_env, tmp_path, lang):
    """借方金额 and 贷方金额 both read: the amount's picker says so, the closing line is named in the report, and
    the debit alone can be picked instead."""
    text = CATALOGS[lang]
    at, path = _ledger_uploaded(app_env, tmp_path, lang, "序时账.csv", JOURNAL.encode())
    amount = at.selectbox(key=f"_imp_map_{at.session_state['imp_gen']}_amount")
    net = text["imp.map.net"].format(columns="借方金额 − 贷方金额")
    assert amount.options[amount.index] == net
    amount.set_value("借方金额").run()
    assert at.session_state["imp_mapping"].columns["amount"] == "借方金额"
    amount = at.selectbox(key=f"_imp_map_{at.session_state['imp_gen']}_amount")
    amount.set_value(imports.joined_choice(["借方金额", "贷方金额"])).run()
    at = _validate(_source(at, "erp"))
    report = at.dataframe[-1].value
    reasons = dict(zip(report[text["imp.report.row"]], report[text["imp.report.reason"]], strict=False))
    assert reasons["5"] == render_message("closing_entry", {"value": "结转本期损益"}, lang)
    at.radio(key=f"_imp_mode_{lang}").set_value("valid_rows").run()
    at.button(key="_imp_commit").click().run()
    assert _query(path, "SELECT sum(amount)::DOUBLE FROM cost_entries") == [(123000.0,)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_journal_s_credit_lines_by_its_direction_column_lower_the_cost(app_env, tmp_path, lang):
    """SAP's 金额 with 借贷标识 S/H: the amount's picker names both columns, a bad side is reported, and only
    the signed amounts are written (120,000 less the 5,000 reversal, plus 8,000)."""
    text = CATALOGS[lang]
    at, path = _ledger_uploaded(app_env, tmp_path, lang, "sap.csv", SAP_JOURNAL.encode())
    amount = at.selectbox(key=f"_imp_map_{at.session_state['imp_gen']}_amount")
    assert amount.options[amount.index] == text["imp.map.direction"].format(
        amount="金额", direction="借贷标识"
    )
    at = _validate(_source(at, "sap"))
    report = at.dataframe[-1].value
    reasons = dict(zip(report[text["imp.report.row"]], report[text["imp.report.reason"]], strict=False))
    assert reasons["7"] == render_message("not_a_direction", {"value": "X"}, lang)
    at.radio(key=f"_imp_mode_{lang}").set_value("valid_rows").run()
    at.button(key="_imp_commit").click().run()
    assert _query(path, "SELECT sum(amount)::DOUBLE FROM cost_entries") == [(123000.0,)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_yonyou_ledger_says_its_date_is_joined_and_imports_by_month(app_env, tmp_path, lang):
    """用友's 明细账: the year over 月 and 日 makes a 日期 column, said under what was found and mapped as the period;
    the account its title names is every row's, until typed over."""
    at, path = _ledger_uploaded(app_env, tmp_path, lang, "明细账.csv", YONYOU_LEDGER.encode())
    assert said(lang, "imp.detect.ledger_date", year="2025", column="日期") in "\n".join(_texts(at.markdown))
    gen = at.session_state["imp_gen"]
    period = at.selectbox(key=f"_imp_map_{gen}_period")
    assert period.value == "日期" and CATALOGS[lang]["imp.map.join_two.month"] in period.options
    account = at.text_input(key=f"_imp_typed_{gen}_source_category")
    assert account.value == "6601.01 销售费用-客服工资"  # the account its title names, for every row
    assert CATALOGS[lang]["imp.map.from_title"] in "\n".join(_texts(at.markdown))
    account.set_value("direct_labor.base_pay").run()  # typed over: a taxonomy code needs no category map
    assert CATALOGS[lang]["imp.map.from_title"] not in "\n".join(_texts(at.markdown))
    at = _validate(_source(at, "u8"))
    at.radio(key=f"_imp_mode_{lang}").set_value("valid_rows").run()
    at.button(key="_imp_commit").click().run()
    assert not at.exception
    assert _query(path, "SELECT period::VARCHAR, amount::DOUBLE FROM cost_entries ORDER BY 1") == [
        ("2025-01-01", 120000.0),
        ("2025-02-01", 118000.0),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_ledger_across_a_year_end_says_which_months_are_which_year(app_env, tmp_path, lang):
    """期间 2024.12-2025.06: December is 2024's, January to June 2025's; a July line is reported at its row."""
    july = "7,31,记-9,计提7月客服工资,热线中心,1000,,借,1000"
    content = across_year_end_ledger("期间：2024.12-2025.06", july).encode()
    at, path = _ledger_uploaded(app_env, tmp_path, lang, "明细账.csv", content)
    found = said(
        lang,
        "imp.detect.ledger_period",
        period="2024.12–2025.06",
        first_months="12",
        first="2024",
        second_months="1–6",
        second="2025",
        column="日期",
    )
    assert found in "\n".join(_texts(at.markdown))
    assert said(lang, "imp.detect.rows", n="5") in "\n".join(_texts(at.markdown))  # July's line counts too
    gen = at.session_state["imp_gen"]
    at.text_input(key=f"_imp_typed_{gen}_source_category").set_value("direct_labor.base_pay").run()
    at = _validate(_source(at, "u8"))
    report = at.dataframe[-1].value
    text = CATALOGS[lang]
    reasons = dict(zip(report[text["imp.report.row"]], report[text["imp.report.reason"]], strict=False))
    outside = render_message("month_outside_period", {"month": "7", "period": "2024.12–2025.06"}, lang)
    assert reasons["11"] == outside
    at.radio(key=f"_imp_mode_{lang}").set_value("valid_rows").run()
    at.button(key="_imp_commit").click().run()
    assert not at.exception
    assert _query(path, "SELECT period::VARCHAR, amount::DOUBLE FROM cost_entries ORDER BY 1") == [
        ("2024-12-01", 119000.0),
        ("2025-01-01", 120000.0),
        ("2025-02-01", 118000.0),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_ledger_s_year_month_and_day_columns_are_said_to_make_its_date(app_env, tmp_path, lang):
    at, _ = _ledger_uploaded(app_env, tmp_path, lang, "序时账.csv", YEAR_MONTH_DAY_LEDGER.encode())
    joined = said(
        lang,
        "imp.detect.ledger_columns",
        columns=("、" if lang == "zh" else ", ").join(["年", "月", "日"]),
        column="日期",
    )
    assert joined in "\n".join(_texts(at.markdown))
    assert at.selectbox(key=f"_imp_map_{at.session_state['imp_gen']}_period").value == "日期"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_budget_in_10k_yuan_said_above_its_table_imports_in_yuan(app_env, tmp_path, lang):
    """单位：万元 above the table: said under what was found, the amount's unit picked as 万元, imported ×10,000."""
    path = _empty_db(tmp_path)
    at = _open(app_env, path, lang)
    at.selectbox(key=f"_imp_kind_{lang}").set_value("budget").run()
    at = _upload(at, "预算.csv", BUDGET_IN_10K.encode())
    unit = CATALOGS[lang]["imp.unit.10000.0"]
    assert said(lang, "imp.detect.title_unit", unit=unit) in "\n".join(_texts(at.markdown))
    picker = at.selectbox(key=f"_imp_unit_{at.session_state['imp_gen']}_amount_金额")
    assert picker.value == 10_000.0 and CATALOGS[lang]["imp.unit.100000000.0"] in picker.options  # 亿元 too
    at = _validate(_source(at, "finance"))
    at.button(key="_imp_commit").click().run()
    assert not at.exception
    assert _query(path, "SELECT sum(amount)::DOUBLE FROM budget_lines") == [(253_000.0,)]


def _monthly_sheets() -> bytes:
    """A ledger workbook of one sheet a month, one account named in each title, and a summary sheet last."""
    header = ["凭证号", "日期", "摘要", "成本中心", "借方", "贷方"]

    def month(number: int, account: str) -> tuple[str, list[list]]:
        lines = [[f"记-{number}", f"2025-0{number}-28", f"计提{number}月", "热线中心", 1000 * number, None]]
        return f"{number}月", [["客服费用明细账"], [f"科目：{account}"], header, *lines]

    summary = ("汇总", [["月份", "合计"], ["1月", 1000]])
    pay = "6601.01 销售费用-客服工资"
    return workbook(month(1, pay), month(2, pay), month(3, "direct_labor.overtime"), summary)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_monthly_sheets_of_one_layout_import_one_after_the_other_with_one_mapping(app_env, tmp_path, lang):
    """The account typed over the title's on 1月 stays for 2月 (same title); 3月's title names another account,
    which its rows get. The summary sheet's headers differ: it is never offered."""
    at, path = _ledger_uploaded(app_env, tmp_path, lang, "费用明细.xlsx", _monthly_sheets())
    gen = at.session_state["imp_gen"]
    at.text_input(key=f"_imp_typed_{gen}_source_category").set_value("direct_labor.base_pay").run()
    at = _validate(_source(at, "u8"))
    at.button(key="_imp_commit").click().run()
    sheets = [f"{n}月" for n in (1, 2, 3)]
    for sheet, more in zip(sheets[1:], (2, 1), strict=True):
        next_sheet = at.button(key="_imp_next_sheet")
        assert next_sheet.label == said(lang, "imp.result.next_sheet", sheet=sheet, n=more)
        next_sheet.click().run()  # checked at once, with the same mapping
        assert not at.exception and at.button(key="_imp_commit").label == said(
            lang, "imp.commit.button", n="1"
        )
        at.button(key="_imp_commit").click().run()
    assert not at.exception and not [b for b in at.button if b.key == "_imp_next_sheet"]
    rows = _query(
        path,
        "SELECT b.file_name, e.period::VARCHAR, e.source_category FROM cost_entries e"
        " JOIN import_batches b USING (batch_id) ORDER BY 2",
    )
    assert rows == [
        ("费用明细.xlsx", "2025-01-01", "direct_labor.base_pay"),
        ("费用明细.xlsx", "2025-02-01", "direct_labor.base_pay"),
        ("费用明细.xlsx", "2025-03-01", "direct_labor.overtime"),
    ]
    assert len(_query(path, "SELECT DISTINCT batch_id FROM cost_entries")) == 3  # each sheet its own batch


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_monthly_sheets_without_a_month_column_take_each_sheet_s_month(app_env, tmp_path, lang):
    """Sheets 1月 and 2月 under the title 2025年客服费用: each sheet's month for every row, said to come from the
    title; a month typed that is none is said under its box and leaves the field missing."""
    header = ["凭证号", "成本中心", "科目", "金额"]
    content = workbook(
        *[
            (
                f"{n}月",
                [["2025年客服费用"], header, [f"记-{n}", "热线中心", "direct_labor.base_pay", 1000 * n]],
            )
            for n in (1, 2)
        ]
    )
    at, path = _ledger_uploaded(app_env, tmp_path, lang, "费用.xlsx", content)
    gen = at.session_state["imp_gen"]
    month = at.text_input(key=f"_imp_typed_{gen}_period")
    assert month.value == "2025-01" and CATALOGS[lang]["imp.map.month_named"] in "\n".join(
        _texts(at.markdown)
    )
    month.set_value("2025年13月").run()
    assert said(lang, "imp.map.not_a_month", value="2025年13月") in "\n".join(_texts(at.caption))
    assert at.button(key="_imp_validate").disabled
    at.text_input(key=f"_imp_typed_{gen}_period").set_value("2025年1月").run()  # as 2025-01
    at = _validate(_source(at, "erp"))
    at.button(key="_imp_commit").click().run()
    at.button(key="_imp_next_sheet").click().run()
    assert at.text_input(key=f"_imp_typed_{at.session_state['imp_gen']}_period").value == "2025-02"
    at.button(key="_imp_commit").click().run()
    assert not at.exception
    assert _query(path, "SELECT period::VARCHAR, amount::DOUBLE FROM cost_entries ORDER BY 1") == [
        ("2025-01-01", 1000.0),
        ("2025-02-01", 2000.0),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_date_and_a_time_recognition_missed_are_joined_by_picking_both(app_env, tmp_path, lang):
    """受理日 is no date header recognition knows: 受理时间 alone is mapped and its 09:15 is no time stamp, until
    the user picks 'date + time', then the two columns."""
    text = CATALOGS[lang]
    path = _empty_db(tmp_path)
    at = _upload(
        _open(app_env, path, lang),
        "工单.csv",
        "工单号,受理日,受理时间,渠道\nT1,2024-06-18,09:15,电话\n".encode(),
    )
    gen = at.session_state["imp_gen"]
    created = at.selectbox(key=f"_imp_map_{gen}_created_at")
    assert created.value == "受理时间" and created.options[-1] == text["imp.map.join_two.datetime"]
    assert text["imp.map.join_two.id"] in at.selectbox(key=f"_imp_map_{gen}_ticket_id").options
    joins = {text[f"imp.map.join_two.{kind}"] for kind in JOINABLE_TYPES}
    assert not joins & set(at.selectbox(key=f"_imp_map_{gen}_channel").options)  # a channel is one column
    created.set_value(imports.JOIN_TWO).run()
    at.selectbox(key=f"_imp_join_{gen}_created_at_0").set_value("受理时间").run()
    at.selectbox(key=f"_imp_join_{gen}_created_at_1").set_value("受理时间").run()
    assert text["imp.map.join_same"] in _texts(at.caption)
    assert "created_at" not in at.session_state["imp_mapping"].columns  # not both picked yet
    at.selectbox(key=f"_imp_join_{gen}_created_at_0").set_value("受理日").run()
    assert at.session_state["imp_mapping"].columns["created_at"] == ["受理日", "受理时间"]
    assert "2024-06-18 09:15" in _texts(at.caption)
    at = _validate(_source(at, "helpdesk"))
    assert said(lang, "imp.validate.ok", n=1) in _texts(at.success)
    at.button(key="_imp_commit").click().run()
    assert _query(path, "SELECT created_at::VARCHAR FROM tickets") == [("2024-06-18 09:15:00",)]


def test_an_amount_and_a_side_column_recognition_missed_are_picked_as_a_pair(app_env, tmp_path):
    """记账方向 is no side header recognition knows: the amount and it are picked under 'debit less credit', and
    the caption says the amount is signed by the side (a 贷 line lowers the cost)."""
    sap = SAP_JOURNAL.replace("借贷标识", "记账方向").replace("S\n", "借\n").replace("H\n", "贷\n")
    at, path = _ledger_uploaded(app_env, tmp_path, "zh", "sap.csv", sap.encode())
    gen = at.session_state["imp_gen"]
    at.selectbox(key=f"_imp_map_{gen}_amount").set_value(imports.JOIN_TWO).run()
    at.selectbox(key=f"_imp_join_{gen}_amount_0").set_value("金额").run()
    at.selectbox(key=f"_imp_join_{gen}_amount_1").set_value("记账方向").run()
    assert said("zh", "imp.map.direction", amount="金额", direction="记账方向") in _texts(at.caption)
    at = _validate(_source(at, "sap"))
    at.radio(key="_imp_mode_zh").set_value("valid_rows").run()
    at.button(key="_imp_commit").click().run()
    assert _query(path, "SELECT sum(amount)::DOUBLE FROM cost_entries") == [(123000.0,)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_merged_cells_filled_are_said_under_what_was_found(app_env, tmp_path, lang):
    at, _ = _ledger_uploaded(app_env, tmp_path, lang, "费用.xlsx", merged_ledger())
    assert said(lang, "imp.detect.merged", n=5) in "\n".join(_texts(at.markdown))


def test_a_workbook_s_monthly_sheets_are_imported_one_after_the_other(app_env, tmp_path):
    """1月 imported, the sheet picker set to 2月 starts the flow again for it, and it imports too."""
    header = ["日期", "渠道", "进线量"]
    book = workbook(
        ("1月", [header, ["2024-01-05", "电话", 120]]), ("2月", [header, ["2024-02-05", "电话", 90]])
    )
    path = _empty_db(tmp_path)
    at = _open(app_env, path, "zh")
    at.selectbox(key="_imp_kind_zh").set_value("volume").run()
    at = _validate(_source(_upload(at, "月报.xlsx", book), "wfm"))
    at.button(key="_imp_commit").click().run()
    sheet = next(s for s in at.selectbox if s.key.startswith("_imp_sheet_"))
    sheet.set_value("2月").run()
    at = _validate(_source(at, "wfm"))
    at.button(key="_imp_commit").click().run()
    assert not at.exception
    assert _query(path, "SELECT date::VARCHAR, contacts FROM daily_volume ORDER BY 1") == [
        ("2024-01-05", 120),
        ("2024-02-05", 90),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_ledger_uploaded_as_tickets_is_pointed_to_its_kind(app_env, tmp_path, lang):
    """工单明细 is still picked when the journal goes up: the page says it looks like a cost ledger, and switches."""
    text = CATALOGS[lang]
    at = _upload(_open(app_env, _empty_db(tmp_path), lang), "序时账.csv", JOURNAL.encode())
    costs, tickets = text["imp.kind.costs"], text["imp.kind.tickets"]
    assert said(lang, "imp.other_kind.suggest", kind=costs, picked=tickets) in _texts(at.info)
    at.button(key="_imp_kind_switch").click().run()
    assert at.selectbox(key=f"_imp_kind_{lang}").value == "costs"
    assert at.selectbox(key=f"_imp_map_{at.session_state['imp_gen']}_amount").value is not None
    assert not [i for i in _texts(at.info) if costs in i and tickets in i]  # said no more


def test_an_old_excel_ledger_imports_from_the_page(app_env, tmp_path):
    at, path = _ledger_uploaded(
        app_env, tmp_path, "zh", "明细账.xls", (FIXTURES / "ledger_old.xls").read_bytes()
    )
    assert said("zh", "imp.detect.sheet", sheet="明细账") in "\n".join(_texts(at.markdown))
    at = _validate(_source(at, "kis"))
    at.button(key="_imp_commit").click().run()
    assert _query(path, "SELECT entry_id, cost_center FROM cost_entries ORDER BY 1") == [
        ("0012", "热线中心"),
        ("0013", "热线中心"),
        ("0014", "在线中心"),
    ]


def test_formulas_without_a_saved_result_are_warned_of(app_env, tmp_path):
    at = _upload(_open(app_env, _empty_db(tmp_path), "zh"), "程序生成.xlsx", formulas_unsaved())
    warned = render_message("uncalculated_formulas", {"n": 1, "cells": "C2"}, "zh")
    assert warned in _texts(at.warning)


def test_repeated_headers_dropped_are_said_under_what_was_found(app_env, tmp_path):
    pages = "日期,渠道,进线量\n2024-06-18,电话,120\n日期,渠道,进线量\n2024-06-19,电话,100\n"
    at = _upload(_open(app_env, _empty_db(tmp_path), "en"), "pages.csv", pages.encode())
    assert said("en", "imp.detect.repeated_headers", n=1, rows="3") in "\n".join(_texts(at.markdown))


def test_a_handle_time_in_minutes_says_so_beside_its_column(app_env, tmp_path):
    path = _empty_db(tmp_path)
    at = _open(app_env, path, "en")
    at.selectbox(key="_imp_kind_en").set_value("volume").run()
    at = _upload(at, "日报.csv", "日期,渠道,进线量,平均处理时长(分钟)\n2024-06-18,电话,1200,3.5\n".encode())
    assert CATALOGS["en"]["imp.map.time_unit"].format(unit="minutes", factor="60") in _texts(at.caption)
    at = _validate(_source(at, "acd"))
    at.button(key="_imp_commit").click().run()
    assert _query(path, "SELECT aht_seconds FROM daily_volume") == [(210.0,)]


def test_a_saved_profile_keeps_the_channel_given_for_every_row(app_env, tmp_path):
    """Next month's hotline export, mapped by the saved profile, gets 电话 for every row again by itself."""
    path = _empty_db(tmp_path)
    at = _open(app_env, path)
    at.selectbox(key="_imp_kind_zh").set_value("volume").run()
    at = _upload(at, "热线日报6月.csv", "日期,来电量\n2024-06-17,1200\n".encode())
    at.selectbox(key=f"_imp_map_{at.session_state['imp_gen']}_channel").set_value(imports.EVERY_ROW + "phone")
    at = _source(at.run(), "热线系统")
    at.text_input(key=f"_imp_pname_{at.session_state['imp_gen']}").set_value("热线日报").run()
    at.button(key="_imp_profile_save").click().run()
    assert CATALOGS["zh"]["imp.profile.saved"].format(name="热线日报") in _texts(at.success)

    at.file_uploader[0].set_value(None).run()
    at = _upload(at, "热线日报7月.csv", "日期,来电量\n2024-07-01,1100\n".encode())
    assert at.session_state["imp_profile"] == "热线日报"
    picker = at.selectbox(key=f"_imp_map_{at.session_state['imp_gen']}_channel")
    assert picker.value == imports.EVERY_ROW + "phone"
    at = _validate(at)
    assert said("zh", "imp.validate.ok", n=1) in _texts(at.success)


def test_an_interval_report_with_a_date_and_a_time_column_maps_itself_on_the_page(app_env, tmp_path):
    """日期 + 时段 are joined and the length is read from the steps, each marked as read from the data; the
    length stays a choice the user can change."""
    path = _empty_db(tmp_path)
    at = _open(app_env, path)
    at.selectbox(key="_imp_kind_zh").set_value("intervals").run()
    at = _upload(at, "时段报表.csv", INTERVAL_REPORT.encode())
    gen = at.session_state["imp_gen"]
    start = at.selectbox(key=f"_imp_map_{gen}_interval_start")
    joined = CATALOGS["zh"]["imp.map.joined"].format(columns="日期 + 时段")
    assert start.value == imports.joined_choice(["日期", "时段"]) and start.options[start.index] == joined
    shown = "\n".join(_texts(at.markdown))
    assert CATALOGS["zh"]["imp.map.from_cells"] in shown and CATALOGS["zh"]["imp.map.profile"] not in shown
    assert "2024-06-18 08:00" in _texts(at.caption)  # the joined sample, as it will be read
    start.set_value("时段").run()  # the join can be undone, and chosen again
    assert at.session_state["imp_mapping"].columns["interval_start"] == "时段"
    start = at.selectbox(key=f"_imp_map_{gen}_interval_start")
    assert start.options[start.index] == "时段" and joined in start.options
    start.set_value(imports.joined_choice(["日期", "时段"])).run()
    assert at.session_state["imp_mapping"].columns["interval_start"] == ["日期", "时段"]
    length = at.selectbox(key=f"_imp_map_{gen}_interval_minutes")
    assert length.value == imports.EVERY_ROW + "30"
    assert length.options[length.index] == CATALOGS["zh"]["imp.map.every_row"].format(value="30 分钟")
    at.selectbox(key=f"_imp_map_{gen}_channel").set_value(imports.EVERY_ROW + "phone").run()
    at = _validate(_source(at, "ACD"))
    assert said("zh", "imp.validate.ok", n=9) in _texts(at.success)
    at.button(key="_imp_commit").click().run()
    assert not at.exception
    assert _query(
        path, "SELECT count(*), min(interval_minutes), max(interval_minutes) FROM interval_volume"
    ) == [(9, 30, 30)]


def test_a_monthly_cost_summary_is_read_as_one_and_a_voucher_column_picked_ends_that(app_env, tmp_path):
    """A summary with no voucher column, uploaded as a cost ledger: no pointer to the budget's kind (whose columns
    it also has), the line id reads as the summary's, and it imports; a column picked for the id instead makes the
    file a ledger again (its id then that column's). A corrected month replaces that month's lines."""
    path = _empty_db(tmp_path)
    at = _open(app_env, path, "zh")
    at.selectbox(key="_imp_kind_zh").set_value("costs").run()
    at = _upload(at, "费用汇总.csv", SUMMARY.encode())
    assert not [i for i in _texts(at.info) if CATALOGS["zh"]["imp.kind.budget"] in i]
    entry_id = at.selectbox(key=f"_imp_map_{at.session_state['imp_gen']}_entry_id")
    assert entry_id.value == imports.SUMMARY_ID
    entry_id.set_value("供应商").run()
    assert not at.session_state[import_state.MAPPING_KEY].summary
    at.selectbox(key=f"_imp_map_{at.session_state['imp_gen']}_entry_id").set_value(imports.SUMMARY_ID).run()
    at = _validate(_source(at, "finance"))
    at.button(key="_imp_commit").click().run()
    assert not at.exception
    assert _query(
        path, "SELECT count(*), count(*) FILTER (WHERE entry_id LIKE '汇总/%') FROM cost_entries"
    ) == [(4, 4)]
    # February re-sent alone, its one line now booked to overtime: the old line is taken out, and the page says so
    at.button(key="_imp_next").click().run()
    february = SUMMARY.splitlines()[0] + "\n2025-02,热线中心,direct_labor.overtime,,425000\n"
    at = _validate(_source(_upload(at, "二月汇总.csv", february.encode()), "finance"))
    at.button(key="_imp_commit").click().run()
    assert said("zh", "imp.result.removed", n="1") in _texts(at.info)
    assert _query(path, "SELECT count(*) FROM cost_entries") == [(4,)]
    at.segmented_control(key="_imp_section_zh").set_value("history").run()
    history = at.dataframe[0].value
    assert list(history["rows_removed"]) == [1, 0]  # the history counts the line taken out
    at.button(key="_imp_undo").click().run()  # and its undo says the line is put back
    what = said("zh", "imp.undo.inserted", n=1) + "，" + said("zh", "imp.undo.removed", n=1)
    assert _texts(at.warning) == [said("zh", "imp.undo.confirm", batch=2, what=what)]
    at.button(key="_imp_undo_yes").click().run()
    what = said("zh", "imp.undo.deleted", n=1) + "，" + said("zh", "imp.undo.restored", n=1)
    assert said("zh", "imp.undo.done", batch=2, what=what) in _texts(at.success)
    assert _query(path, "SELECT source_category FROM cost_entries WHERE period = '2025-02-01'") == [
        ("direct_labor.base_pay",)
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_notes_under_a_table_are_said_dropped_and_its_unit_read(app_env, tmp_path, lang):
    at = _open(app_env, _empty_db(tmp_path), lang)
    at.selectbox(key=f"_imp_kind_{lang}").set_value("budget").run()
    at = _upload(at, "预算.csv", BUDGET_WITH_NOTES.encode())
    sep = "、" if lang == "zh" else ", "
    notes = sep.join(
        said(lang, "imp.detect.note", text=n) for n in ("注：金额单位为万元", "制表人：王芳 审核：李四")
    )
    shown = "\n".join(_texts(at.markdown))
    assert said(lang, "imp.detect.notes", n=2, rows=sep.join(["5", "6"]), notes=notes) in shown
    assert said(lang, "imp.detect.title_unit", unit=CATALOGS[lang]["imp.unit.10000.0"]) in shown


def test_long_reasons_get_rows_tall_enough_to_wrap_and_short_ones_one_line():
    """The grid wraps text only in rows taller than 4rem (64 px): a reason longer than a line gets one."""
    assert import_commit._row_height(pd.Series(["不是有效日期", "Not a date"])) == 35
    long_zh = render_message(
        "summary_over_ledger", {"month": "2026-10", "cost_center": "热线中心", "n": 8}, "zh"
    )
    long_en = render_message(
        "summary_over_ledger", {"month": "2026-10", "cost_center": "热线中心", "n": 8}, "en"
    )
    assert (
        64
        < import_commit._row_height(pd.Series(["x", long_zh]))
        < import_commit._row_height(pd.Series([long_en]))
    )
    assert import_commit._row_height(pd.Series(["x" * 10_000])) == 116  # five lines at most


def test_a_reason_is_counted_in_the_lines_the_grid_wraps_it_into():
    """The grid breaks lines at spaces only: a line ends early before a word that does not fit, and a run of
    Chinese without spaces is cut where the line is full. A duplicate summary line's reason, quoting the first
    line's key parts, takes four lines so wrapped, not the three its 184 widths would fill end to end."""
    assert wrapped_lines("ab cd", 5) == 1 and wrapped_lines("ab cd", 4) == 2
    assert wrapped_lines("", 66) == 1 and wrapped_lines("中" * 40, 66) == 2
    assert wrapped_lines("x" * 60 + " " + "中" * 40, 66) == 3  # the run starts a line, then is cut
    first = "2025-01 / 在线客服中心(华东二区) / outsourcing.bpo_seats / 华信外包"
    reason = render_message("duplicate_summary_line", {"first_row": 3, "first_value": first}, "zh")
    assert text_width(reason) <= 3 * import_commit.LINE_WIDTH
    assert import_commit._row_height(pd.Series([reason])) == 96  # four lines
