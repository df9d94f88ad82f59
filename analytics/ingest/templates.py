"""Downloadable import templates per kind, generated from kinds.py (one source of truth for the columns).

Headers read "中文名 (column_name)": users see Chinese, the recogniser matches either part. The XLSX has the
empty data sheet first and a 说明 sheet listing every column, whether it is required, and its format.
"""

from __future__ import annotations

import csv
import io

from analytics.ingest.kinds import get_kind

_FORMATS = {
    "id": "文本（保留前导零）text, leading zeros kept",
    "text": "文本 text",
    "int": "整数 whole number",
    "float": "数字 number",
    "money": "金额（元，可写 ¥、万）amount in yuan",
    "ratio": "比例 0.85 或 85% share",
    "date": "日期 2024-06-18",
    "month": "月份 2024-06",
    "datetime": "日期时间 2024-06-18 09:30:00",
    "bool": "是/否 yes/no",
    "channel": "电话/在线/微信/邮件/工单",
    "choice": "全职/兼职/临时/外包",
    "category": "成本科目（需映射到统一口径）cost category",
}


def template_headers(kind: str) -> list[str]:
    """The template's header row for a kind: 中文名 (column_name)."""
    return [f"{f.label_zh} ({f.name})" for f in get_kind(kind).fields]


def template_bytes(kind: str, fmt: str = "csv") -> bytes:
    """An empty import template for a kind, as CSV (UTF-8 with BOM, opens in Excel) or XLSX."""
    headers = template_headers(kind)
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(headers)
        return buffer.getvalue().encode("utf-8-sig")
    if fmt != "xlsx":
        raise ValueError("fmt is csv or xlsx")
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = get_kind(kind).label_zh
    sheet.append(headers)
    for column in sheet.iter_cols(min_row=1, max_row=1):
        column[0].number_format = "@"
    notes = book.create_sheet("说明")
    notes.append(["列 column", "必填 required", "格式 format"])
    for f in get_kind(kind).fields:
        notes.append([f"{f.label_zh} ({f.name})", "是" if f.required else "否", _FORMATS.get(f.type, f.type)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
