"""Workbooks for import tests, built in memory: a notes sheet first and the data on the second sheet, as users'
own exports often are."""

from __future__ import annotations

import io

import openpyxl

NOTES = ("说明", [["这是说明页"], ["数据在第二个工作表"]])
VOLUME = ("服务量", [["日期", "渠道", "进线量"], ["2024-06-18", "电话", 120], ["2024-06-19", "微信", 80]])


def workbook(*sheets: tuple[str, list[list]]) -> bytes:
    """An XLSX with these (title, rows) sheets, in order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def notes_first() -> bytes:
    """Daily volume (two days) on the second sheet, behind a notes sheet."""
    return workbook(NOTES, VOLUME)
