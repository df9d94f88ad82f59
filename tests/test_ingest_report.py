"""What the import report says and names: every line names the file, the row (none for a problem with the file
as a whole) and the column as the user's file or template has it; a repeated key is shown as the user wrote it;
templates in either language map themselves for sure; a workbook opens on the sheet that holds the data."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analytics import store
from analytics.cli import main as cli_main
from analytics.ingest import importer
from analytics.ingest.kinds import KINDS
from analytics.ingest.mapping import Mapping, propose_mapping
from analytics.ingest.readers import read_table
from analytics.ingest.templates import template_bytes, template_headers
from analytics.ingest.validate import Rules, Validation, rejects_csv, report_table, validate
from tests.ingest_workbooks import notes_first, workbook
from ui.i18n.data_import import EN

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
RULES = Rules(today=dt.date(2024, 12, 31), taxonomy_codes=frozenset(store.load_taxonomy()["code"]))
ENGLISH_LABELS = {k.removeprefix("imp.field."): v for k, v in EN.items() if k.startswith("imp.field.")}


def check(name: str, data: bytes, kind: str, mapping: Mapping | None = None) -> Validation:
    raw = read_table(data, name)
    return validate(raw, mapping or propose_mapping(raw.headers, kind)[0], RULES)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_problem_with_the_whole_file_names_the_file_and_the_column(lang):
    data = (FIXTURES / "costs_unmapped.csv").read_bytes()
    table = report_table(check("ledger.csv", data, "costs"), lang)
    first = table.iloc[0]
    assert first["file"] == "ledger.csv" and first["column"] == "科目" and pd.isna(first["row"])
    assert "坐席工资、耳麦采购" in first["reason"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_required_column_not_in_the_file_is_named_as_the_template_names_it(lang):
    data = "日期,进线量\n2024-06-18,5\n".encode()
    table = report_table(check("vol.csv", data, "volume"), lang)
    (issue,) = table[table["row"].isna()].to_dict("records")
    assert issue["file"] == "vol.csv" and issue["column"] == "渠道 (channel)"
    assert "渠道 (channel)" in issue["reason"]
    if lang == "en":  # an English sentence around the template's header, not a bare 渠道
        assert issue["reason"].startswith("Required column '渠道 (channel)' is missing")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_repeated_date_and_channel_is_shown_as_written_and_names_the_first_row(lang):
    data = (FIXTURES / "volume_duplicate_key.csv").read_bytes()  # 电话 and 热线 are both phone
    validation = check("vol.csv", data, "volume")
    (line,) = validation.report.to_dict("records")
    assert (line["row"], line["column"], line["value"]) == (3, "日期 + 渠道", "2024-06-18 / 热线")
    assert line["code"] == "duplicate_key"
    reason = report_table(validation, lang)["reason"].iloc[0]
    assert "2024-06-18 / 电话" in reason and "2" in reason
    assert "phone" not in reason and "{" not in reason
    assert not reason.startswith(("Id", "编号"))  # a date and a channel are not an id


def test_a_repeated_ticket_id_is_still_an_id():
    data = (FIXTURES / "duplicate_id.csv").read_bytes()
    (params,) = check("t.csv", data, "tickets").report.loc[lambda r: r["code"] == "duplicate_id", "params"]
    assert params == {"value": "A001", "first_row": 2}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("labels", [None, ENGLISH_LABELS], ids=["zh", "en"])
def test_templates_in_either_language_map_themselves_for_sure(kind, labels):
    raw = read_table(template_bytes(kind, "csv", labels=labels), "template.csv")
    mapping, matches = propose_mapping(raw.headers, kind)
    assert set(mapping.columns) == {f.name for f in KINDS[kind].fields}
    assert [m.header for m in matches if m.confidence < 1.0] == []


def test_the_english_template_reads_in_english_and_names_its_sheet():
    assert template_headers("volume", ENGLISH_LABELS)[:3] == [
        "Date (date)",
        "Channel (channel)",
        "Contacts (contacts)",
    ]
    book = openpyxl.load_workbook(
        io.BytesIO(template_bytes("volume", "xlsx", labels=ENGLISH_LABELS, title="Daily contact volume"))
    )
    assert book.sheetnames == ["Daily contact volume", "说明"]
    assert [c.value for c in book["说明"]["A"]][1] == "Date (date)"


@pytest.fixture
def con(tmp_path):
    connection = store.connect(tmp_path / "desk.duckdb")
    yield connection
    connection.close()


def test_a_workbook_opens_on_the_sheet_that_holds_the_kind(con):
    data = notes_first()
    raw = importer.read_upload(data, "两页.xlsx", con=con, kind="volume")
    assert raw.sheet == "服务量" and raw.skipped_sheets == ["说明"] and len(raw) == 2
    assert importer.read_upload(data, "两页.xlsx", con=con).sheet == "说明"  # no kind: the first sheet
    picked = importer.read_upload(data, "两页.xlsx", sheet="说明", con=con, kind="volume")
    assert picked.sheet == "说明" and picked.skipped_sheets == []  # the user's pick stands
    plan, _ = importer.import_file(con, data, "两页.xlsx", "volume", source="wfm", dry_run=True)
    assert plan.validation.ok and plan.validation.rows == 2


def test_a_workbook_of_monthly_sheets_imports_each_sheet_once(con):
    """1月 and 2月 in one workbook are two imports; 1月 again is recognised as imported."""
    header = ["日期", "渠道", "进线量"]
    data = workbook(
        ("1月", [header, ["2024-01-05", "电话", 120]]), ("2月", [header, ["2024-02-05", "电话", 90]])
    )
    for sheet in ("1月", "2月"):
        _, result = importer.import_file(con, data, "月报.xlsx", "volume", source="wfm", sheet=sheet)
        assert result.inserted == 1
    with pytest.raises(importer.AlreadyImported):
        importer.import_file(con, data, "月报.xlsx", "volume", source="wfm", sheet="1月")
    one_sheet = workbook(("1月", [header, ["2024-01-05", "电话", 120]]))
    assert (
        importer.content_hash(one_sheet)
        == importer.prepare_import(
            con, importer.read_upload(one_sheet, "x.xlsx"), propose_mapping(header, "volume")[0], one_sheet
        ).content_hash
    )  # a one-sheet workbook's fingerprint is its bytes', as before


def test_the_later_sheets_of_the_same_headers_are_the_ones_offered_next():
    """From 1月: 2月 and 4月 (3月 is empty, 汇总 has other headers); from 4月, none; a CSV has no sheets."""
    header = ["日期", "渠道", "进线量"]
    data = workbook(
        ("说明", [["数据从第二页开始"]]),
        ("1月", [header, ["2024-01-05", "电话", 120]]),
        ("2月", [header, ["2024-02-05", "电话", 90]]),
        ("3月", [header]),
        ("汇总", [["月份", "进线量"], ["1月", 120]]),
        ("4月", [header, ["2024-04-05", "电话", 80]]),
    )
    january = importer.read_upload(data, "月报.xlsx", kind="volume")
    assert january.sheet == "1月" and importer.later_sheets_alike(data, "月报.xlsx", january) == [
        "2月",
        "4月",
    ]
    april = importer.read_upload(data, "月报.xlsx", sheet="4月")
    assert importer.later_sheets_alike(data, "月报.xlsx", april) == []
    text = "日期,渠道,进线量\n2024-01-05,电话,120\n".encode()
    assert importer.later_sheets_alike(text, "月报.csv", read_table(text, "月报.csv")) == []


def test_cli_imports_every_sheet_of_one_layout_or_none(tmp_path, capsys):
    """--all-sheets: 2月's bad row stops every sheet under all_or_nothing; valid_rows writes one batch a sheet."""
    header = ["日期", "渠道", "进线量"]
    book = tmp_path / "月报.xlsx"
    book.write_bytes(
        workbook(
            ("1月", [header, ["2024-01-05", "电话", 120]]),
            ("2月", [header, ["2024-02-05", "电话", 90], ["2024-02-06", "电话", -3]]),
            ("3月", [header, ["2024-03-05", "电话", 80]]),
        )
    )
    db = str(tmp_path / "desk.duckdb")
    args = [
        "import",
        str(book),
        "--kind",
        "volume",
        "--db",
        db,
        "--source",
        "wfm",
        "--all-sheets",
        "--lang",
        "en",
    ]
    assert cli_main(args) == 1
    err = capsys.readouterr().err
    assert (
        "error: 月报.xlsx [2月]: 1 of 2 rows invalid" in err and "error: 月报.xlsx: no sheet written" in err
    )
    assert cli_main([*args, "--dry-run"]) == 1
    assert cli_main([*args, "--mode", "valid_rows", "--dry-run"]) == 0
    assert "dry run: 月报.xlsx [3月]: 1 rows valid, 0 rejected" in capsys.readouterr().out
    assert cli_main([*args, "--mode", "valid_rows"]) == 0
    out = capsys.readouterr().out
    assert [line.split(" as volume")[0] for line in out.splitlines()] == [
        f"imported 月报.xlsx [{month}]" for month in ("1月", "2月", "3月")
    ]
    con = store.connect(db)
    try:
        batches = con.execute("SELECT count(DISTINCT batch_id), count(*) FROM daily_volume").fetchone()
    finally:
        con.close()
    assert batches == (3, 3)


def test_a_report_exported_page_by_page_drops_its_repeated_headers(con):
    """Each page of the export starts with the header again; the copies go, counted, and the rows import."""
    pages = (
        "日期,渠道,进线量\n2024-06-18,电话,120\n日期,渠道,进线量\n2024-06-19,电话,100\n 日期 ,渠道,进线量\n"
    )
    raw = read_table(pages.encode(), "分页.csv")
    assert raw.repeated_headers == [3, 5] and raw.row_numbers.tolist() == [2, 4]
    _, result = importer.import_file(con, pages.encode(), "分页.csv", "volume", source="acd")
    assert result.inserted == 2
    assert (
        read_table("日期,渠道\n日期,微信\n".encode(), "x.csv").repeated_headers == []
    )  # one cell is no copy


def formulas_unsaved() -> bytes:
    """Daily volume written by a program: one count a formula whose result was never saved (no Excel opened it)."""
    return workbook(
        (
            "服务量",
            [["日期", "渠道", "进线量"], ["2024-06-18", "电话", "=100+20"], ["2024-06-19", "电话", 90]],
        )
    )


def test_formulas_without_a_saved_result_are_named(tmp_path, capsys):
    raw = read_table(formulas_unsaved(), "程序生成.xlsx")
    assert raw.uncalculated_formulas == ["C2"] and raw.cells.column("进线量").to_pylist() == ["", "90"]
    saved = io.BytesIO()  # the same workbook as Excel saves it: the formula keeps its result
    with zipfile.ZipFile(io.BytesIO(formulas_unsaved())) as source, zipfile.ZipFile(saved, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            target.writestr(
                item, body.replace(b"<v />", b"<v>120</v>") if "worksheets" in item.filename else body
            )
    assert read_table(saved.getvalue(), "x.xlsx").uncalculated_formulas == []
    path = tmp_path / "程序生成.xlsx"
    path.write_bytes(formulas_unsaved())
    cli_main(
        [
            "import",
            str(path),
            "--kind",
            "volume",
            "--db",
            str(tmp_path / "f.duckdb"),
            "--dry-run",
            "--lang",
            "en",
        ]
    )
    assert "warning: Read as empty: 1 formula cell with no saved result (e.g. C2)" in capsys.readouterr().err


_XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def test_a_macro_enabled_workbook_reads_as_a_workbook(con):
    """A budget template kept as .xlsm (its macros are never run, only its cells read)."""
    macro = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(notes_first())) as source, zipfile.ZipFile(macro, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "[Content_Types].xml":  # the workbook part typed as Excel types a .xlsm's
                body = body.replace(_XLSX_MAIN, b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            target.writestr(item, body)
    assert b"macroEnabled" in zipfile.ZipFile(macro).read("[Content_Types].xml")
    raw = importer.read_upload(macro.getvalue(), "预算.xlsm", con=con, kind="volume")
    assert raw.sheet == "服务量" and len(raw) == 2


def test_a_workbook_without_the_kind_stays_on_its_first_sheet(con):
    raw = importer.read_upload(notes_first(), "x.xlsx", con=con, kind="tickets")
    assert raw.sheet == "说明" and raw.skipped_sheets == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_accounting_period_is_called_a_month_not_a_date(lang):
    data = "凭证号,期间,成本中心,科目,金额\nV1,2024-13,客服一部,direct_labor.base_pay,100\n".encode("gbk")
    validation = check("ledger.csv", data, "costs")
    (line,) = validation.report.to_dict("records")
    assert (line["file"], line["row"], line["column"], line["value"]) == ("ledger.csv", 2, "期间", "2024-13")
    assert line["code"] == "not_a_month"
    assert "2024-06" in report_table(validation, lang)["reason"].iloc[0]  # an example of what is expected


def test_the_rejects_file_names_its_added_columns_as_asked_and_keeps_the_user_s_own():
    data = "工单号,渠道,创建时间,原因\nA1,电话,2024-06-18 10:00,客户来电\nA2,传真,2024-06-18 11:00,咨询\n".encode()
    raw = read_table(data, "t.csv")
    validation = validate(raw, propose_mapping(raw.headers, "tickets")[0], RULES)
    lines = rejects_csv(raw, validation, "zh", ("行号", "原因")).decode("utf-8-sig").splitlines()
    assert lines[0] == "行号,工单号,渠道,创建时间,原因,原因_2"  # the file's own 原因 column is kept as it was
    assert lines[1].startswith("3,A2,传真,2024-06-18 11:00,咨询,") and "传真" in lines[1].split(",", 5)[5]
