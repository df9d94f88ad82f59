"""Downloadable import templates per kind, generated from kinds.py (one source of truth for the columns).

Headers read "中文名 (column_name)": users see Chinese, the recogniser matches either part; an English user's
template reads "Date (date)" (names passed in by the UI from its catalog). The XLSX has the
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
    "duration": "秒数，或 0:03:25、3分25秒 seconds, or 0:03:25",
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


def template_headers(kind: str, labels: dict[str, str] | None = None) -> list[str]:
    """The template's header row for a kind: 中文名 (column_name), or with `labels` (field -> name in the user's
    language) that name instead: Date (date). Either is recognised on upload, sure."""
    fields = get_kind(kind).fields
    if not labels:
        return [f.template_header for f in fields]
    return [f"{labels.get(f.name, f.label_zh)} ({f.name})" for f in fields]


def template_bytes(
    kind: str, fmt: str = "csv", labels: dict[str, str] | None = None, title: str | None = None
) -> bytes:
    """An empty import template for a kind, as CSV (UTF-8 with BOM, opens in Excel) or XLSX (the data sheet named
    `title`, default the kind's Chinese name, then the notes)."""
    headers = template_headers(kind, labels)
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(headers)
        return buffer.getvalue().encode("utf-8-sig")
    if fmt != "xlsx":
        raise ValueError("fmt is csv or xlsx")
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = (title or get_kind(kind).label_zh)[:31]  # Excel's limit on a sheet name
    sheet.append(headers)
    for column in sheet.iter_cols(min_row=1, max_row=1):
        column[0].number_format = "@"
    notes = book.create_sheet("说明")
    notes.append(["列 column", "必填 required", "格式 format"])
    for header, f in zip(headers, get_kind(kind).fields, strict=True):
        notes.append([header, "是 yes" if f.required else "否 no", _FORMATS.get(f.type, f.type)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
