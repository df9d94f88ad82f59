"""Exports that finance opens in Excel: CSV (UTF-8 with a byte-order mark) and XLSX (header row, number formats,
totals row). Every CSV and XLSX the product writes goes through here.

Formula injection: a text cell that begins with = + - @, a tab or a carriage return would run as a formula when
a spreadsheet opens the file. In CSV such a cell gets a leading apostrophe (the OWASP advice; Excel shows the text
and runs nothing). In XLSX the cell is written as a plain string cell with Excel's quote prefix, so the text stays
exactly as it was and is never a formula. Numbers, negative ones included, stay numbers: only text is touched, and text that is a plain signed number
("-5", as in a rejects file of raw cells) is left alone.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analytics.display import text_width

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?%?")
MONEY_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
MIME_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
"""What a download button says each file format is."""
FORMAT_NAMES = {"csv": "CSV", "xlsx": "Excel"}
"""What a button's label calls each file format, in either language."""


def is_risky_text(value: object) -> bool:
    """True for a text value a spreadsheet would read as a formula. A plain signed number such as "-5" or
    "+1,200.50" is not: Excel reads it as the number, and a rejects file must keep it importable."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_STARTS):
        return False
    return not (value[0] in "+-" and len(value) > 1 and _PLAIN_NUMBER.fullmatch(value))


def neutralise_text(value: object) -> object:
    """The value made safe for a CSV cell: risky text gets a leading apostrophe; anything else is unchanged."""
    return "'" + value if is_risky_text(value) else value


def _text_columns(frame: pd.DataFrame) -> list[str]:
    """Columns that may hold text: object or string dtype, excluding those holding only numbers (Decimal)."""
    columns = []
    for name in frame.columns:
        series = frame[name]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        if series.map(lambda v: isinstance(v, str)).any():
            columns.append(name)
    return columns


def csv_bytes(frame: pd.DataFrame, float_format: str | None = "%.2f", percent: Iterable[str] = ()) -> bytes:
    """The frame as CSV in UTF-8 with a BOM (Excel shows Chinese), text cells neutralised against formulas.

    Floats are written with two decimals (amounts); `percent` names fraction columns kept to four (12.34%).
    """
    safe = frame.copy()
    for name in _text_columns(safe):
        safe[name] = safe[name].map(neutralise_text)
    for name in percent:
        if name in safe.columns:
            safe[name] = safe[name].map(lambda v: v if pd.isna(v) else f"{v:.4f}")
    return safe.to_csv(index=False, float_format=float_format).encode("utf-8-sig")


def _is_number_column(series: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(series):
        return False
    if pd.api.types.is_numeric_dtype(series):
        return True
    values = series.dropna()
    return len(values) > 0 and values.map(lambda v: isinstance(v, decimal.Decimal)).all()


def _number_format(series: pd.Series, name: str, percent: set[str]) -> str | None:
    if name in percent:
        return PERCENT_FORMAT
    if pd.api.types.is_datetime64_any_dtype(series):
        return DATE_FORMAT
    if not _is_number_column(series):
        return None
    return COUNT_FORMAT if pd.api.types.is_integer_dtype(series) else MONEY_FORMAT


def _cell_value(value: object) -> object:
    """A Python value openpyxl writes as itself: numpy scalars unwrapped, missing values as empty cells."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _total(series: pd.Series) -> object:
    values = series.dropna()
    if values.map(lambda v: isinstance(v, decimal.Decimal)).all():
        return sum(values, decimal.Decimal(0))
    return values.sum().item() if hasattr(values.sum(), "item") else values.sum()


def xlsx_bytes(
    frame: pd.DataFrame,
    sheet_name: str = "data",
    *,
    percent: Iterable[str] = (),
    ratios: Iterable[str] = (),
    totals: Iterable[str] | None = None,
    total_label: str = "合计",
    row_formats: Mapping[str, Sequence[str | None]] | None = None,
    more_sheets: Sequence[tuple[str, pd.DataFrame]] = (),
) -> bytes:
    """The frame as an XLSX sheet: a bold frozen header with a filter, number formats (¥ amounts with thousands
    separators and two decimals, counts, percentages, dates), and a totals row.

    `percent` names columns holding fractions (0.125 shows as 12.5%); `ratios` names other per-unit columns (cost
    per contact). `totals` names the columns summed in the totals row; by default every number column that is not
    a percentage or a ratio (their sum means nothing). No totals row when nothing is summed. `row_formats` gives
    a column whose rows hold different units (a share in one row, yuan in the next) one Excel number format per
    row; None leaves that row's cell to the column's format. `more_sheets` (name, frame) follow the first sheet,
    formatted alike, without totals (a version's approval log after its lines).
    Text is always written as a string cell, so a cell beginning with = is text, never a formula.
    """
    percent = set(percent)
    if totals is None:
        not_summed = percent | set(ratios)
        totals = [c for c in frame.columns if c not in not_summed and _is_number_column(frame[c])]
    totals = [c for c in totals if c in frame.columns]
    book = Workbook()
    _fill_sheet(book.active, sheet_name, frame, percent, totals, total_label, row_formats or {})
    for name, extra in more_sheets:
        _fill_sheet(book.create_sheet(), name, extra, set(), [], total_label, {})
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill_sheet(
    sheet,
    title: str,
    frame: pd.DataFrame,
    percent: set[str],
    totals: list[str],
    total_label: str,
    row_formats: Mapping[str, Sequence[str | None]],
) -> None:
    """Write one sheet of xlsx_bytes: header, rows, the totals row when `totals` names columns."""
    sheet.title = title[:31]
    sheet.append([str(c) for c in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    formats = {name: _number_format(frame[name], name, percent) for name in frame.columns}
    for index, row in enumerate(frame.itertuples(index=False, name=None)):
        for column_number, (name, value) in enumerate(zip(frame.columns, row, strict=True), start=1):
            number_format = row_formats[name][index] if name in row_formats else None
            _write_cell(sheet, index + 2, column_number, _cell_value(value), number_format or formats[name])
    if totals and len(frame):
        total_row = len(frame) + 2
        label_column = next((i for i, c in enumerate(frame.columns, 1) if c not in totals), None)
        if label_column is not None:
            _write_cell(sheet, total_row, label_column, total_label, None)
        for column_number, name in enumerate(frame.columns, start=1):
            if name in totals:
                _write_cell(sheet, total_row, column_number, _cell_value(_total(frame[name])), formats[name])
        for cell in sheet[total_row]:
            cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    _fit_widths(sheet, frame)


def _write_cell(sheet, row: int, column: int, value: object, number_format: str | None) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        # openpyxl reads a string starting with "=" as a formula: keep it a string cell, shown as typed.
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = TYPE_STRING
        if is_risky_text(value):
            cell.quotePrefix = True
        return
    if isinstance(value, dt.datetime | dt.date) and not isinstance(value, pd.Timestamp):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return
    cell.value = value
    if number_format and value is not None:
        cell.number_format = number_format


_SHOWN = {
    MONEY_FORMAT: "{:,.2f}",
    COUNT_FORMAT: "{:,.0f}",
    PERCENT_FORMAT: "{:.1%}",
    "0": "{:.0f}",
    "0.0": "{:.1f}",
    "0.00": "{:.2f}",
    "0.000": "{:.3f}",
}
"""How a number cell reads in its format, for measuring it (1234567.5 shows as 1,234,567.50)."""


def _shown(cell) -> str:
    value = cell.value
    if (
        isinstance(value, int | float | decimal.Decimal)
        and not isinstance(value, bool)
        and cell.number_format in _SHOWN
    ):
        return _SHOWN[cell.number_format].format(value)
    return "" if value is None else str(value)


def _fit_widths(sheet, frame: pd.DataFrame) -> None:
    """Column widths from the longest header or value as shown (thousands separators, the totals row; CJK
    characters count double), capped at 50: a number wider than its column shows as ##### in Excel."""
    last = sheet.max_row
    rows = [*range(1, min(last, 502) + 1), *([last] if last > 502 else [])]
    for column_number in range(1, len(frame.columns) + 1):
        texts = [_shown(sheet.cell(row=r, column=column_number)) for r in rows]
        longest = max(text_width(text) for text in texts)
        sheet.column_dimensions[get_column_letter(column_number)].width = min(max(longest + 2, 8), 50)


def write_file(frame: pd.DataFrame, path: str | Path, **xlsx_options) -> Path:
    """Write the frame to path as CSV or XLSX, chosen by the suffix; refuses any other suffix. The options are
    xlsx_bytes's; CSV uses only `percent`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        path.write_bytes(csv_bytes(frame, percent=xlsx_options.get("percent", ())))
    elif suffix == ".xlsx":
        path.write_bytes(xlsx_bytes(frame, **xlsx_options))
    else:
        raise ValueError(f"{path}: the file must end in .csv or .xlsx")
    return path
