"""Exports: CSV and XLSX open back with Chinese intact, numbers as numbers and no live formula."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from analytics import exports

HYPERLINK = '=HYPERLINK("http://example.com/x","点我")'


@pytest.fixture()
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "科目": ["坐席薪资", HYPERLINK, "+1 加号", "@SUM(A1)", "\t制表符开头", "-负号开头的备注"],
            "金额": [
                Decimal("1234.50"),
                Decimal("-5.00"),
                Decimal("0.10"),
                Decimal("7"),
                Decimal("-0.01"),
                None,
            ],
            "工单数": [10, 20, 30, -4, 0, 1],
            "占比": [0.125, 0.5, 0.0, -0.1, 0.2, 0.3],
        }
    )


def test_csv_has_bom_and_reads_back_with_chinese_and_numbers(frame):
    data = exports.csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == ["科目", "金额", "工单数", "占比"]
    assert back.loc[0, "科目"] == "坐席薪资"
    # Risky text keeps its content behind an apostrophe, so Excel shows it and runs nothing.
    assert back.loc[1, "科目"] == "'" + HYPERLINK
    assert back.loc[2, "科目"] == "'+1 加号"
    assert back.loc[3, "科目"] == "'@SUM(A1)"
    assert back.loc[4, "科目"] == "'\t制表符开头"
    assert back.loc[5, "科目"] == "'-负号开头的备注"
    assert back["金额"].tolist()[:5] == [1234.5, -5.0, 0.1, 7.0, -0.01]
    assert back["工单数"].tolist() == [10, 20, 30, -4, 0, 1]
    assert pd.api.types.is_numeric_dtype(back["金额"]) and pd.api.types.is_integer_dtype(back["工单数"])


def test_signed_numbers_in_text_are_not_formulas():
    assert not exports.is_risky_text("-5") and not exports.is_risky_text("+1,200.50")
    assert not exports.is_risky_text("-12.5%") and not exports.is_risky_text("工资")
    assert exports.is_risky_text("-1+1") and exports.is_risky_text("+A1") and exports.is_risky_text("-")
    raw = pd.DataFrame({"金额": ["-5", "(5)", "=1+1"]})
    assert pd.read_csv(io.BytesIO(exports.csv_bytes(raw)), encoding="utf-8-sig")["金额"].tolist() == [
        "-5",
        "(5)",
        "'=1+1",
    ]


def test_csv_keeps_percentages_to_four_decimals(frame):
    back = pd.read_csv(io.BytesIO(exports.csv_bytes(frame, percent=["占比"])), encoding="utf-8-sig")
    assert back["占比"].tolist() == [0.125, 0.5, 0.0, -0.1, 0.2, 0.3]
    assert pd.read_csv(io.BytesIO(exports.csv_bytes(frame)), encoding="utf-8-sig")["占比"].iloc[0] == 0.12


def test_csv_of_a_frame_without_text_is_plain(frame):
    numbers = frame[["金额", "工单数"]]
    text = exports.csv_bytes(numbers).decode("utf-8-sig")
    assert "'" not in text
    assert text.splitlines()[2] == "-5.00,20"


def test_xlsx_reads_back_with_openpyxl_as_text_not_formula(frame):
    data = exports.xlsx_bytes(frame, "预算", percent=["占比"], total_label="合计")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["预算"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert sheet["A3"].value == HYPERLINK and sheet["A3"].data_type == "s" and sheet["A3"].quotePrefix
    assert sheet["A2"].value == "坐席薪资" and not sheet["A2"].quotePrefix
    assert sheet["B3"].value == -5 and sheet["B3"].data_type == "n"
    assert sheet["B2"].number_format == exports.MONEY_FORMAT
    assert sheet["C2"].number_format == exports.COUNT_FORMAT
    assert sheet["D2"].number_format == exports.PERCENT_FORMAT
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"


def test_xlsx_totals_row_sums_numbers_but_not_percentages(frame):
    data = exports.xlsx_bytes(frame, percent=["占比"], total_label="合计")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    total_row = len(frame) + 2
    assert sheet.cell(total_row, 1).value == "合计"
    assert sheet.cell(total_row, 2).value == pytest.approx(1236.59)
    assert sheet.cell(total_row, 3).value == 57
    assert sheet.cell(total_row, 4).value is None
    assert sheet.cell(total_row, 2).font.bold


def test_xlsx_row_formats_give_a_mixed_column_each_rows_unit():
    """A column holding a share in one row and yuan in the next shows each in its own format; a row given None
    keeps the column's."""
    frame = pd.DataFrame({"指标": ["服务水平", "单次成本", "满意度"], "实际": [0.82, 15.09, 4.28]})
    formats = {"实际": ["0.0%", exports.MONEY_FORMAT, None]}
    sheet = openpyxl.load_workbook(
        io.BytesIO(exports.xlsx_bytes(frame, totals=[], row_formats=formats))
    ).active
    assert [sheet[f"B{row}"].number_format for row in (2, 3, 4)] == ["0.0%", "#,##0.00", exports.MONEY_FORMAT]
    assert [sheet[f"B{row}"].value for row in (2, 3, 4)] == [0.82, 15.09, 4.28]
    assert sheet.max_row == 4  # totals=[]: no totals row


def test_xlsx_reads_back_with_pandas(frame):
    back = pd.read_excel(io.BytesIO(exports.xlsx_bytes(frame, totals=[])), dtype={"科目": str})
    assert back["科目"].tolist() == frame["科目"].tolist()
    assert back["金额"].tolist()[:5] == [1234.5, -5.0, 0.1, 7.0, -0.01]
    assert back["工单数"].tolist() == [10, 20, 30, -4, 0, 1]
    assert len(back) == len(frame)


def test_xlsx_keeps_dates_as_dates_and_drops_illegal_characters():
    frame = pd.DataFrame(
        {"月份": pd.to_datetime(["2027-01-01", "2027-02-01"]), "说明": ["正常", "含\x01控制符"]}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(frame))).active
    assert sheet["A2"].is_date and sheet["A2"].number_format == exports.DATE_FORMAT
    assert sheet["B3"].value == "含控制符"


def test_write_file_chooses_by_suffix(frame, tmp_path):
    assert exports.write_file(frame, tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert exports.write_file(frame, tmp_path / "a.XLSX").read_bytes().startswith(b"PK")
    with pytest.raises(ValueError, match="a.txt"):
        exports.write_file(frame, tmp_path / "a.txt")
