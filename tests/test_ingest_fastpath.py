"""The fast paths give exactly what the exact paths give.

Big CSV files are read by pyarrow (readers.py) and common cell formats are converted by vectorised fast paths
(normalise.py); the small fixtures take the exact paths. These tests force both paths on the same input and
compare every cell, row number, dropped row, report line and error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from analytics.ingest import normalise as nz
from analytics.ingest import readers
from analytics.ingest.mapping import propose_mapping
from analytics.ingest.readers import IngestError, read_table
from analytics.ingest.validate import Rules, validate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
CSV_FIXTURES = sorted(p.name for p in FIXTURES.iterdir() if p.suffix in (".csv", ".tsv"))


def _read(data: bytes, fast: bool, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(readers, "_FAST_PATH_MIN_BYTES", 0 if fast else 1 << 62)
    try:
        return read_table(data, "f.csv")
    except IngestError as error:
        return error.code, error.params


def _summary(table) -> object:
    if isinstance(table, tuple):
        return table  # the error code and params
    return {
        "headers": table.headers,
        "cells": table.cells.to_pylist(),
        "rows": table.row_numbers.tolist(),
        "header_row": table.header_row,
        "blank": table.blank_rows,
        "totals": table.total_rows,
        "issues": table.row_issues,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
    }


def _same_both_ways(data: bytes, monkeypatch: pytest.MonkeyPatch) -> object:
    fast = _summary(_read(data, True, monkeypatch))
    exact = _summary(_read(data, False, monkeypatch))
    assert fast == exact
    return fast


@pytest.mark.parametrize("name", CSV_FIXTURES)
def test_fixture_reads_the_same_on_both_paths(name, monkeypatch):
    _same_both_ways((FIXTURES / name).read_bytes(), monkeypatch)


HEAD = "工单号,渠道,创建时间\n".encode()


@pytest.mark.parametrize(
    "body",
    [
        b"T1,phone,2024-06-18\nT2,email,2024-06-19\n",
        b"T1,phone,2024-06-18\r\nT2,email,2024-06-19\r\n",
        b"T1,phone,2024-06-18\n\nT2,email,2024-06-19\n\n",  # blank lines keep the row numbers right
        b"T1,phone,2024-06-18\r\n\r\nT2,email,2024-06-19",  # CRLF blank line, no final newline
        b'T1,"pho\nne",2024-06-18\nT2,email,2024-06-19\n',  # a line break inside a quoted cell
        b"T1,phone,2024-06-18,extra\nT2,email,2024-06-19\n",  # a ragged row
        b"T1,phone\nT2,email,2024-06-19\n",  # a short row
        "T1,电话,2024-06-18\n合计,,\n".encode(),
        b'T1,"unclosed,2024-06-18\n',
    ],
)
def test_irregular_utf8_reads_the_same_on_both_paths(body, monkeypatch):
    _same_both_ways(HEAD + body, monkeypatch)


def test_bad_utf8_after_the_head_falls_back_to_gb18030(monkeypatch):
    """Only the head is decoded before pyarrow; a GBK cell far down still makes it a GB18030 file."""
    rows = b"".join(b"T%06d,phone,2024-06-18\n" % i for i in range(20_000))
    data = b"ticket_id,channel,created_at\n" + rows + "T9,微信,2024-06-18\n".encode("gbk")
    table = _same_both_ways(data, monkeypatch)
    assert table["encoding"] == "gb18030"
    assert table["cells"][-1]["channel"] == "微信"


def test_undecodable_bytes_after_the_head_name_the_line(monkeypatch):
    rows = b"".join(b"T%06d,phone,2024-06-18\n" % i for i in range(20_000))
    data = HEAD + rows + b"T9,\x80\xff\xfe,2024-06-18\n"
    code, params = _same_both_ways(data, monkeypatch)
    assert code == "undecodable" and params["line"] == 20_002


def test_multibyte_character_cut_at_the_sample_edge(monkeypatch):
    """The head decode stops mid-character without calling the file undecodable."""
    data = HEAD + "T1,电话,2024-06-18\n".encode() * 50
    for chars in range(40, 44):  # 4 * chars bytes: one of these cuts a three-byte character
        monkeypatch.setattr(readers, "_SAMPLE_CHARS", chars)
        assert _same_both_ways(data, monkeypatch)["encoding"] == "utf-8"


def test_big_ticket_file_validates_the_same_on_both_paths(monkeypatch):
    """Reader and converters together: odd cells mixed into a regular file give the same frame and report."""
    lines = ["工单号,渠道,创建时间,处理时长,满意度"]
    odd_times = ["2024/6/18 9:05", "2024年6月18日", "20240618", "45461", "2024-06-18T09:05:00", "bad"]
    odd_numbers = ["１２０", "¥1,234.5", "(5)", "1.2万", "-3", "abc", " 7 "]
    for i in range(3000):
        created = odd_times[i // 50 % 6] if i % 50 == 0 else f"2024-06-{1 + i % 28:02d} 10:{i % 60:02d}:00"
        handle = odd_numbers[i % 7] if i % 40 == 0 else f"{i % 500}.5"
        lines.append(f"T{i:05d},{'电话' if i % 3 else '在线'},{created},{handle},{i % 7 if i % 4 else ''}")
    lines.append("T00007,微信,2024-06-01,1,1")  # a duplicate id
    data = ("\n".join(lines) + "\n").encode()
    rules = Rules(today=dt.date(2024, 12, 31))
    results = []
    for fast in (True, False):
        raw = _read(data, fast, monkeypatch)
        validation = validate(raw, propose_mapping(raw.headers, "tickets")[0], rules)
        results.append(validation)
    fast, exact = results
    pd.testing.assert_frame_equal(fast.frame, exact.frame)
    pd.testing.assert_frame_equal(fast.report, exact.report)
    assert set(fast.report["code"]) >= {"not_a_datetime", "not_a_duration", "duplicate_id", "out_of_range"}


def _column(values: list[str]) -> pa.ChunkedArray:
    return nz.clean_text(pa.chunked_array([pa.array(values, pa.string())]))


NUMBER_CELLS = [
    "12",
    "-3",
    "0.5",
    "1e3",
    "1.",
    ".5",
    "+4",
    "inf",
    "nan",
    "1,234",
    "12,34",
    "(5)",
    "5-",
    "0x1F",
    "007",
]
DATETIME_CELLS = [
    "2024-06-18 09:30:00", "2024-06-18", "2024-6-18", "2024-06-18 9:30", "2024-06-18 24:00:00", "2024-02-30",
    "2024-06-18 09:30:00.5", "20240618", "2024-06-18 09:30:61", "2024-06-18 09:60:00", "02024-06-18", "2024-1-1 1:2:3",
    "2024/06/18 09:30", "2024-06-18T09:30:00", "0000-01-01", "2024-00-10", "2024-06-31", "2024-02-29", "2023-02-29",
    "2024-06-18 23:59:59", "2024-06-18 -1:30:00", "2024-06-1a", "2024-06-18 09:30:0 ", "1900-02-29", "2000-02-29",
]  # fmt: skip
"""Zero-padded cells take the vectorised path; the others, and impossible dates, must read as the slow path does."""


def test_number_fast_path_agrees_with_the_slow_path():
    """Every cell the vectorised path takes gets the value the one-cell slow path would give it."""
    converted = nz.to_number(_column(NUMBER_CELLS))
    slow = [nz._number_text(text, False) for text in NUMBER_CELLS]
    assert converted.values.tolist() == pytest.approx(slow, nan_ok=True)
    bad = converted.failures.get("not_a_number", np.zeros(len(NUMBER_CELLS), bool))
    assert bad.tolist() == [bool(np.isnan(v)) for v in slow]


@pytest.mark.parametrize("block_rows", [nz._ISO_BLOCK_ROWS, 3])
def test_datetime_fast_path_agrees_with_the_slow_path(block_rows, monkeypatch):
    """Also read a few cells at a time: gathered by width from mixed cells, and sliced where all are one width."""
    monkeypatch.setattr(nz, "_ISO_BLOCK_ROWS", block_rows)
    one_width = [c for c in DATETIME_CELLS if len(c.strip()) == len("2024-06-18 09:30:00")]
    for cells in (DATETIME_CELLS, one_width):
        converted = nz.to_datetime(_column(cells))
        slow = [nz._datetime_text(text, None, False) for text in cells]
        stamps = converted.values.to_numpy(dtype="datetime64[s]")
        assert stamps.tolist() == np.array(slow, "datetime64[s]").tolist()
        bad = converted.failures.get("not_a_datetime", np.zeros(len(cells), bool))
        assert bad.tolist() == [bool(np.isnat(v)) for v in slow]


def test_phone_system_timestamps_with_fractions_or_an_offset_are_read():
    cells = [
        "2025-01-05 15:05:00.123",
        "2025-01-05T15:05:00+08:00",
        "2025-01-05T07:05:00Z",
        "2025-01-05 15:05:00,5",
    ]
    converted = nz.to_datetime(_column(cells))
    assert not converted.failures
    # an explicit offset is read as the moment it names, on China's clock (UTC+8)
    assert set(converted.values.tolist()) == {pd.Timestamp("2025-01-05 15:05:00")}
    assert nz.to_datetime(_column(["2025-01-05T15:05:00+09:00"])).values[0] == pd.Timestamp(
        "2025-01-05 14:05:00"
    )


def test_a_time_range_is_read_as_its_start():
    """An interval report's 时段 is often the range 08:00-08:30; the interval starts at its first time."""
    cells = [
        "2024-06-18 08:00-08:30",
        "2024/6/18 8:00~8:30",
        "2024-06-18 08:00:00 至 08:30:00",
        "2024-06-18 08:00–08:30",
        "2024-06-18 8时00分-8时30分",
        "2024年6月18日 8点至8点30分",
    ]
    converted = nz.to_datetime(_column(cells))
    assert not converted.failures
    assert set(converted.values.tolist()) == {pd.Timestamp("2024-06-18 08:00:00")}
    assert nz.to_datetime(_column(["2024-06-18 08:00-"])).failures  # half a range is not a time
    offset = nz.to_datetime(_column(["2025-01-05 15:05:00-05:00", "2025-01-05T15:05-05:00"]))
    assert set(offset.values.tolist()) == {pd.Timestamp("2025-01-06 04:05:00")}  # ISO offsets, not ranges
    assert nz.TIME_OF_DAY.match("08:00-08:30") and not nz.TIME_OF_DAY.match("2024-06-18 08:00")


def test_talk_and_wait_times_are_read_as_seconds():
    """Call-center systems write 通话时长 as 0:03:25, 3:25 or 3分25秒 as often as 205; English ones 3m 25s."""
    cells = ["205", "0:03:25", "3:25", "3分25秒", "205秒", "1小时2分3秒", "1:02:03", "", "3:75", "三分钟"]
    converted = nz.to_seconds(_column(cells))
    assert converted.values.tolist()[:7] == [205.0, 205.0, 205.0, 205.0, 205.0, 3723.0, 3723.0]
    assert converted.failures["not_a_duration"].tolist() == [False] * 8 + [True, True]
    assert nz.to_seconds(_column(["1.5"]), unit=60).values.tolist() == [90.0]  # a column in minutes
    units = ["3.5分钟", "3m 25s", "205 sec", "1H 2Min", "2 mins 5 secs", "1.5 hours", "1 hr 5 min"]
    seconds = [210, 205, 205, 3720, 125, 5400, 3900]  # units in the cell win over the column's 分钟
    assert nz.to_seconds(_column(units), unit=60).values.tolist() == seconds
    assert nz.to_seconds(_column(["m", "5x", "3分钟25", "3s2m"])).failures["not_a_duration"].all()


def test_money_as_excel_and_erps_write_it():
    """SAP's trailing minus, the minus sign − pasted from documents, and the accounting format's dash for zero."""
    cells = ["1,234.00-", "−5", "(5)", "-", "—", "--5"]
    money = nz.to_money(nz.clean_text(_column(cells)))
    assert money.values.tolist()[:5] == [-1234.0, -5.0, -5.0, 0.0, 0.0]
    assert money.failures["not_a_number"].tolist() == [False] * 5 + [True]
    assert nz.to_integer(_column(["-"])).failures  # a rating or a count of '-' is not a zero


def test_a_year_and_a_month_from_two_columns_are_read_as_the_month():
    cells = ["2025 1", "2025 01", "2025年度 1月", "2025年 12月", "2025 13"]
    months = nz.to_date(_column(cells), month_only=True)
    assert months.values.tolist()[:4] == [pd.Timestamp(f"2025-{m:02d}-01") for m in (1, 1, 1, 12)]
    assert months.failures["not_a_month"].tolist() == [False] * 4 + [True]
    assert nz.to_date(_column(["2025 1"])).failures  # a date needs its day


def test_a_month_written_with_份_or_named_in_english_is_read_as_the_month():
    """2025年1月份 (budgets), and Oracle's period names (JAN-25) or Excel's mmm-yy cells; a day is never one."""
    cells = [
        "2025年1月份",
        "2025年度 3月份",
        "JAN-25",
        "Sep 2025",
        "Sept-25",
        "December 2024",
        "Foo-25",
        "Jan-2025x",
    ]
    months = nz.to_date(_column(cells), month_only=True)
    expected = ["2025-01-01", "2025-03-01", "2025-01-01", "2025-09-01", "2025-09-01", "2024-12-01"]
    assert months.values.tolist()[:6] == [pd.Timestamp(m) for m in expected]
    assert months.failures["not_a_month"].tolist() == [False] * 6 + [True, True]
    assert nz.to_date(_column(["JAN-25"])).failures  # 25 January? a date needs its year
    assert nz.month_digits("1月份") == "1" and nz.month_digits("01") == "01" and nz.month_digits("13") == ""


def test_an_erp_accounting_period_is_read_as_its_month():
    cells = ["2025年第1期", "2025年01期", "2025.12期", "2025年第13期"]
    months = nz.to_date(_column(cells), month_only=True)
    assert months.values.tolist()[:3] == [pd.Timestamp("2025-01-01")] * 2 + [pd.Timestamp("2025-12-01")]
    assert months.failures["adjustment_period"].tolist() == [
        False,
        False,
        False,
        True,
    ]  # twelve periods a year
    assert nz.to_date(_column(["2025年第1期"])).failures  # a day is never a period


def test_sap_and_oracle_periods_are_read_as_their_months():
    """Period and year as SAP writes them (001.2025, 012/2025), year and period (2025/001), P01 2025; a fiscal
    year from January. 013-016, SAP's year-end adjustment periods, are no month (said so); nor is a period in a
    date field."""
    cells = [
        "001.2025",
        "012/2025",
        "2025/003",
        "P01 2025",
        "2025 P07",
        "01/2025",
        "013.2025",
        "2025/016",
        "0/2025",
    ]
    months = nz.to_date(_column(cells), month_only=True)
    expected = ["2025-01", "2025-12", "2025-03", "2025-01", "2025-07", "2025-01"]
    assert [f"{m:%Y-%m}" for m in months.values.tolist()[:6]] == expected
    assert months.failures["adjustment_period"].tolist() == [False] * 6 + [True, True, False]
    assert months.failures["not_a_month"].tolist() == [False] * 8 + [True]
    assert nz.to_date(_column(["001.2025"])).failures
    assert nz.month_code("012.2024") == "2024-12"
