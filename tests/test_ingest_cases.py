"""Bad-input cases: each a small file in tests/fixtures/ingest/ with the outcome it must give.

A case expects either a report line naming the row (as Excel numbers it) and the user's column with a reason
code, or a correctly normalised value, or a file-level refusal. Together they cover every parsing, validation
and safety item of issue 3; the files are written by tests/fixtures/ingest/make_fixtures.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analytics import store
from analytics.ingest.mapping import Mapping, propose_mapping
from analytics.ingest.messages import render_message
from analytics.ingest.readers import IngestError, read_table
from analytics.ingest.validate import Rules, Validation, report_csv, validate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
RULES = Rules(today=dt.date(2024, 12, 31), taxonomy_codes=frozenset(store.load_taxonomy()["code"]))


def check(name: str, kind: str, mapping: Mapping | None = None, sheet: str | None = None) -> Validation:
    raw = read_table((FIXTURES / name).read_bytes(), name, sheet=sheet)
    return validate(raw, mapping or propose_mapping(raw.headers, kind)[0], RULES)


def value_at(validation: Validation, row: int, field: str):
    frame = validation.frame
    return frame.loc[frame["_row"] == row, field].iloc[0]


VALUE_CASES = [
    # file, kind, Excel row, field, normalised value
    ("utf8.csv", "tickets", 2, "channel", "phone"),
    ("utf8_bom.csv", "tickets", 2, "ticket_id", "A001"),  # BOM not glued to the first header
    ("gbk_title_total.csv", "tickets", 6, "channel", "email"),  # GBK, two title rows: data starts on row 4
    ("gbk_title_total.csv", "tickets", 4, "created_at", pd.Timestamp("2024-06-18 09:30")),
    ("gb18030_rare.csv", "tickets", 2, "category", "䶮字客户"),  # a character GBK lacks survives
    ("semicolon.csv", "tickets", 2, "handle_seconds", 300.0),
    ("tab.tsv", "tickets", 2, "channel", "wechat"),
    ("fullwidth.csv", "tickets", 2, "ticket_id", "A001"),
    ("fullwidth.csv", "tickets", 2, "handle_seconds", 120.0),
    ("fullwidth.csv", "tickets", 2, "created_at", pd.Timestamp("2024-06-18 10:00")),
    ("datetime_seconds.csv", "tickets", 2, "created_at", pd.Timestamp("2024-06-18 09:05:00")),
    ("datetime_seconds.csv", "tickets", 3, "created_at", pd.Timestamp("2024-06-18 09:05:07")),
    ("leading_zero_ids.csv", "tickets", 2, "ticket_id", "000123"),
    ("costs_currency.csv", "costs", 2, "amount", 1234.50),
    ("costs_currency.csv", "costs", 3, "amount", 88.0),
    ("costs_currency.csv", "costs", 4, "amount", 300.0),
    ("costs_currency.csv", "costs", 5, "amount", 1000.0),
    ("costs_currency.csv", "costs", 2, "period", pd.Timestamp("2024-05-01")),
    ("costs_wan_header.csv", "costs", 2, "amount", 15000.0),
    ("costs_units_in_cell.csv", "costs", 2, "amount", 12000.0),
    ("costs_units_in_cell.csv", "costs", 3, "amount", 3000.0),
    ("costs_negative.csv", "costs", 2, "amount", -5.0),
    ("costs_negative.csv", "costs", 3, "amount", -5.0),
    ("costs_negative.csv", "costs", 4, "amount", -5.0),
    ("costs_thousands.csv", "costs", 2, "amount", 1234567.80),
    ("volume_dates.csv", "volume", 2, "date", pd.Timestamp("2024-06-18")),  # 2024/6/18
    ("volume_dates.csv", "volume", 3, "date", pd.Timestamp("2024-06-18")),  # 2024-6-18
    ("volume_dates.csv", "volume", 4, "date", pd.Timestamp("2024-06-18")),  # 2024年6月18日
    ("volume_dates.csv", "volume", 5, "date", pd.Timestamp("2024-06-18")),  # 20240618
    ("volume_dates.csv", "volume", 6, "date", pd.Timestamp("2024-06-18")),  # Excel serial 45461
    ("staff_types.csv", "staff", 2, "employment_type", "full_time"),
    ("staff_types.csv", "staff", 2, "staff_id", "0007"),
]


@pytest.mark.parametrize(("name", "kind", "row", "field", "expected"), VALUE_CASES)
def test_cell_is_normalised(name, kind, row, field, expected):
    assert value_at(check(name, kind), row, field) == expected


ERROR_CASES = [
    # file, kind, Excel row, the user's column, reason code
    ("blank_rows.csv", "tickets", 5, "处理时长", "not_a_duration"),  # blank rows 3-4 still count as rows
    ("scientific_id.csv", "tickets", 3, "工单号", "id_scientific_notation"),
    ("ragged.csv", "tickets", 3, "", "wrong_field_count"),
    ("costs_thousands.csv", "costs", 3, "金额", "not_a_number"),  # 1,2 is not a thousands-grouped number
    ("volume_negative.csv", "volume", 2, "进线量", "negative_value"),
    ("volume_duplicate_key.csv", "volume", 3, "日期 + 渠道", "duplicate_key"),  # 电话 and 热线 are both phone
    ("required_empty.csv", "tickets", 2, "渠道", "required_value_missing"),
    ("bad_date.csv", "tickets", 2, "创建时间", "not_a_datetime"),
    ("handle_ceiling.csv", "tickets", 2, "处理时长", "out_of_range"),
    ("handle_ceiling.csv", "tickets", 3, "处理时长", "negative_value"),
    ("csat_range.csv", "tickets", 2, "满意度", "out_of_range"),
    ("csat_range.csv", "tickets", 3, "满意度", "out_of_range"),
    ("future_date.csv", "tickets", 2, "创建时间", "future_date"),
    ("duplicate_id.csv", "tickets", 4, "工单号", "duplicate_id"),
    ("unknown_channel.csv", "tickets", 2, "渠道", "unknown_channel"),
    ("staff_types.csv", "staff", 3, "用工类型", "unknown_choice"),
]


@pytest.mark.parametrize(("name", "kind", "row", "column", "code"), ERROR_CASES)
def test_bad_cell_is_reported_with_row_and_column(name, kind, row, column, code):
    validation = check(name, kind)
    lines = validation.report[(validation.report["row"] == row) & (validation.report["column"] == column)]
    assert code in set(lines["code"]), validation.report.to_string()
    assert not validation.ok


def test_a_row_the_reader_could_not_take_still_counts_among_the_file_s_rows():
    """ragged.csv's row 3 has one field too many: read as none of the cells, yet one of the file's rows, so the
    counts shown (rows, valid, with problems) add up."""
    validation = check("ragged.csv", "tickets")
    assert validation.rows == validation.valid.sum() + validation.rejected_rows == len(validation.frame) + 1


def test_an_unknown_choice_names_the_value_and_the_choices():
    validation = check("staff_types.csv", "staff")
    (params,) = validation.report.loc[validation.report["code"] == "unknown_choice", "params"]
    message = render_message("unknown_choice", params)
    assert "{" not in message and "全职、兼职、临时、外包" in message and params["value"] in message


def test_total_and_subtotal_rows_are_dropped_not_imported():
    validation = check("subtotal_rows.csv", "tickets")
    assert validation.ok
    assert list(validation.frame["_row"]) == [2, 4]
    raw = read_table((FIXTURES / "gbk_title_total.csv").read_bytes(), "x.csv")
    assert raw.header_row == 3 and raw.total_rows == [7] and raw.encoding == "gb18030"


def test_duplicate_names_the_first_row():
    validation = check("duplicate_id.csv", "tickets")
    (params,) = validation.report.loc[validation.report["code"] == "duplicate_id", "params"]
    assert params == {"value": "A001", "first_row": 2}


def test_required_column_missing_blocks_the_file():
    validation = check("missing_column.csv", "tickets")
    assert {
        "code": "missing_required_column",
        "field": "created_at",
        "field_label": "创建时间 (created_at)",
        "column": "创建时间 (created_at)",
    } in validation.file_issues


def test_unmapped_cost_categories_block_the_file_and_are_named():
    validation = check("costs_unmapped.csv", "costs")
    (issue,) = validation.file_issues
    assert issue["code"] == "unmapped_cost_category" and issue["unmapped"] == ["坐席工资", "耳麦采购"]
    mapped = Rules(today=RULES.today, taxonomy_codes=RULES.taxonomy_codes,
                   category_map={"坐席工资": "direct_labor.base_pay", "耳麦采购": "equipment_facilities.headsets"})  # fmt: skip
    raw = read_table((FIXTURES / "costs_unmapped.csv").read_bytes(), "c.csv")
    ok = validate(raw, propose_mapping(raw.headers, "costs")[0], mapped)
    assert ok.ok and list(ok.frame["taxonomy_code"]) == [
        "direct_labor.base_pay", "equipment_facilities.headsets", "direct_labor.base_pay"]  # fmt: skip


def test_xlsx_ids_stay_text_and_dates_stay_dates():
    validation = check("ids.xlsx", "tickets", mapping=Mapping(
        "tickets", {"ticket_id": "工单号", "channel": "渠道", "created_at": "创建时间", "handle_seconds": "处理时长",
                    "customer_id": "客户编号"}), sheet="工单")  # fmt: skip
    assert validation.ok, validation.report
    assert list(validation.frame["_row"]) == [3, 4]  # title row 1, header row 2
    assert list(validation.frame["ticket_id"]) == ["12345678901234", "20240618001"]
    assert list(validation.frame["customer_id"]) == ["000123", "000045"]  # the cells' 000000 format
    assert value_at(validation, 3, "created_at") == pd.Timestamp("2024-06-18 09:30")
    assert value_at(validation, 4, "handle_seconds") == 120.5


def test_an_old_excel_ledger_reads_as_its_xlsx_would():
    """用友 T3 / 金蝶 KIS .xls: the title skipped, a date cell a date, the 0000 voucher format kept, a merged cost
    center given to each of its lines."""
    raw = read_table((FIXTURES / "ledger_old.xls").read_bytes(), "ledger_old.xls")
    assert raw.sheet == "明细账" and raw.header_row == 2 and raw.merged_cells == 1
    assert raw.cells.to_pylist()[1] == {
        "凭证号": "0013",
        "日期": "2024-06-28",
        "成本中心": "热线中心",
        "科目": "direct_labor.overtime",
        "金额": "8000.5",
    }
    validation = check("ledger_old.xls", "costs")
    assert validation.ok, validation.report
    assert validation.frame["amount"].sum() == 188000.5


@pytest.mark.parametrize(
    ("name", "code", "params"),
    [
        ("undecodable.csv", "undecodable", {"line": 3}),
        ("old_excel.xls", "xls_corrupt", {}),
        ("bomb.xlsx", "xlsx_bomb", {}),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(name, code, params):
    with pytest.raises(IngestError) as refused:
        read_table((FIXTURES / name).read_bytes(), name)
    assert refused.value.code == code
    assert params.items() <= refused.value.params.items()


def test_a_password_protected_workbook_is_named_as_such():
    """Excel keeps an encrypted workbook in an OLE2 file holding an EncryptedPackage stream."""
    protected = (FIXTURES / "old_excel.xls").read_bytes() + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(IngestError) as refused:
        read_table(protected, "加密.xlsx")
    assert refused.value.code == "file_encrypted"


def test_size_cap_refuses_big_files_with_sizes():
    with pytest.raises(IngestError) as refused:
        read_table(b"a,b\n" + b"1,2\n" * 300_000, "big.csv", max_bytes=1 << 20)
    assert refused.value.code == "file_too_large" and refused.value.params["limit_mb"] == 1


def test_missing_sheet_lists_the_sheets():
    with pytest.raises(IngestError) as refused:
        read_table((FIXTURES / "ids.xlsx").read_bytes(), "ids.xlsx", sheet="Sheet9")
    assert refused.value.params["sheets"] == "说明、工单"


def test_report_downloads_in_the_ui_language():
    validation = check("bad_date.csv", "tickets")
    text = report_csv(validation, "en").decode("utf-8-sig")
    assert text.splitlines()[0] == "file,row,column,value,reason"
    assert "bad_date.csv,2,创建时间,2024/13/45,'2024/13/45' is not a valid date and time" in text
    assert "「2024/13/45」不是有效的日期时间" in report_csv(validation, "zh").decode("utf-8-sig")


def test_fixture_files_are_current():
    from tests.fixtures.ingest.make_fixtures import TEXT_FILES

    for name, (text, encoding) in TEXT_FILES.items():
        assert (FIXTURES / name).read_bytes() == text.encode(encoding), f"run make_fixtures.py ({name})"


@pytest.mark.parametrize(
    ("kind", "text", "column", "message"),
    [
        (
            "staff",
            "工号,姓名,用工类型,入职日期,离职日期\n001,张三,全职,2024-05-01,2024-03-01\n002,李四,全职,2024-05-01,\n",
            "离职日期",
            "离职日期「2024-03-01」早于入职日期 2024-05-01",
        ),
        (
            "assets",
            "资产编号,资产名称,购置日期,原值,使用月数,残值\nA1,电脑,2024-01-01,5000,36,6000\nA2,桌子,2024-01-01,800,60,50\n",
            "残值",
            "残值「6000」高于原值 5000，折旧会变成负数",
        ),
    ],
)
def test_two_fields_the_wrong_way_round_are_refused_on_their_row(kind, text, column, message):
    raw = read_table(text.encode(), f"{kind}.csv")
    validation = validate(raw, propose_mapping(raw.headers, kind)[0], RULES)
    report = validation.report
    assert list(report["row"]) == [2] and list(report["column"]) == [column]  # the second row is fine
    assert render_message(report["code"].iloc[0], report["params"].iloc[0]) == message


def test_xlsx_ids_past_excel_precision_are_refused_not_merged(tmp_path):
    """Excel turned two 18-digit order ids into one number: both rows say digits were lost, not 'duplicate'."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工单号", "渠道", "创建时间", "处理时长"])
    for order_id in (
        123456789012345678.0,
        123456789012345679.0,
        20240618001,
    ):  # Excel saves the first two alike
        sheet.append([order_id, "电话", dt.datetime(2024, 6, 18, 9, 30), 120])
    out = io.BytesIO()
    book.save(out)
    raw = read_table(out.getvalue(), "orders.xlsx")
    validation = validate(raw, propose_mapping(raw.headers, "tickets")[0], RULES)
    report = validation.report.set_index("row")
    assert list(report["code"]) == ["id_scientific_notation", "id_scientific_notation"]
    assert list(report.index) == [2, 3] and report["value"].iloc[0] == "1.23456789012346E+17"
    assert list(validation.valid_frame()["ticket_id"]) == ["20240618001"]


def _volume_file(days: int, spike_at: int | None = None, spike: int = 0) -> bytes:
    """Daily phone volume around 1200 a day from 2024-06-01, with one day replaced by `spike`."""
    lines = ["日期,渠道,进线量,接通量"]
    for i in range(days):
        day = dt.date(2024, 6, 1) + dt.timedelta(days=i)
        contacts = spike if i == spike_at else 1150 + (i % 7) * 20
        lines.append(f"{day},电话,{contacts},{min(contacts, 1100)}")
    return ("\n".join(lines) + "\n").encode()


def test_a_day_far_above_the_channel_s_typical_day_is_noticed_not_refused():
    """A typed 200,000,000 among ~1,200-a-day rows: the row stays valid and a notice names row, date and median."""
    raw = read_table(_volume_file(30, spike_at=10, spike=200_000_000), "volume.csv")
    validation = validate(raw, propose_mapping(raw.headers, "volume")[0], RULES)
    assert validation.ok and validation.valid.all()  # nothing blocks the import
    notices = validation.notices
    assert list(notices["row"]) == [12] and list(notices["column"]) == ["进线量"]  # header is row 1
    assert render_message(notices["code"].iloc[0], notices["params"].iloc[0], "en") == (
        "About 165,289 times the channel's typical day (median 1,210); check the digits and the unit"
    )


def test_a_double_eleven_peak_is_not_noticed():
    """Ten times the typical day is a real promotion peak: no notice."""
    raw = read_table(_volume_file(30, spike_at=10, spike=12_000), "volume.csv")
    assert validate(raw, propose_mapping(raw.headers, "volume")[0], RULES).notices.empty


def test_a_short_file_is_compared_with_the_stored_typical_day():
    """One day's export has no median of its own; the channel's stored typical day is the reference."""
    raw = read_table(_volume_file(1, spike_at=0, spike=90_000), "volume.csv")
    mapping = propose_mapping(raw.headers, "volume")[0]
    assert validate(raw, mapping, RULES).notices.empty  # no reference: nothing to compare with
    stored = Rules(today=RULES.today, taxonomy_codes=RULES.taxonomy_codes, typical_contacts={"phone": 1200.0})
    assert list(validate(raw, mapping, stored).notices["code"]) == ["volume_spike"]


def test_more_handled_than_offered_is_noticed_on_the_handled_column():
    raw = read_table(
        "日期,渠道,进线量,接通量\n2024-06-01,电话,1200,1100\n2024-06-02,电话,1200,1300\n".encode(), "v.csv"
    )
    notices = validate(raw, propose_mapping(raw.headers, "volume")[0], RULES).notices
    assert list(notices["row"]) == [3] and list(notices["column"]) == ["接通量"]
    assert render_message(notices["code"].iloc[0], notices["params"].iloc[0]) == "接通量大于当天进线量 1,200"


def test_a_file_with_enough_days_is_its_own_reference():
    """Back-filling a quieter year: 30 days at ~1,200 are not spikes against a stored 50 a day."""
    raw = read_table(_volume_file(30), "volume.csv")
    stored = Rules(today=RULES.today, taxonomy_codes=RULES.taxonomy_codes, typical_contacts={"phone": 50.0})
    assert validate(raw, propose_mapping(raw.headers, "volume")[0], stored).notices.empty


def test_a_small_median_is_shown_with_its_decimal():
    raw = read_table("日期,渠道,进线量\n2024-06-01,邮件,40\n".encode(), "v.csv")
    stored = Rules(today=RULES.today, taxonomy_codes=RULES.taxonomy_codes, typical_contacts={"email": 1.5})
    notices = validate(raw, propose_mapping(raw.headers, "volume")[0], stored).notices
    assert render_message(notices["code"].iloc[0], notices["params"].iloc[0], "en").startswith(
        "About 27 times the channel's typical day (median 1.5)"
    )
