"""Reading users' CSV and XLSX exports into text cells, with the row numbers users see in Excel.

Every cell comes back as text; nothing is type-guessed here (normalise.py converts, in our own code).
What real exports throw at us and how it is handled:
- encodings: UTF-8, UTF-8 with BOM, UTF-16 with BOM (Excel "Unicode text"), else GB18030 (a superset of GBK);
  decoding is strict, and a file neither can decode is refused naming the line;
- delimiters `,` `;` tab, detected from the first lines; a title block above the header; blank rows;
  合计/小计/总计 rows and a ledger's 期初余额/本月合计/本年累计 rows under its memo column (摘要, 说明, 备注…:
  dropped and counted); notes under the table (注：金额单位为万元, 制表人：王芳: dropped, and read for a money unit);
  a size cap; XLSX zip bombs refused before openpyxl sees the file;
- 用友's 明细账, whose year stands apart from each line's 月 and 日 (over them in a two-row header, or in the
  title): the three are joined into a 日期 column added at the right.
Large, regular CSV files take a fast path through pyarrow; anything irregular (blank lines, ragged rows, quoted
line breaks) takes the exact path through the csv module. Both give the same cells and row numbers.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analytics.ingest.normalise import MONTH_NUMBER, YEAR_NUMBER, month_digits

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
"""Size cap for one uploaded file (setting `import_max_mb`)."""
MAX_XLSX_UNPACKED = 1024 * 1024 * 1024
MAX_XLSX_RATIO = 200
DELIMITERS = (",", "\t", ";")
_TOTAL_LABEL = re.compile(
    r"^\s*(合\s*计|小\s*计|总\s*计|总\s*和|共\s*计|(total|subtotal|grand total|sum)\b)", re.I
)
_LEDGER_SUMMARIES = (
    "期初余额",
    "期末余额",
    "本月合计",
    "本期合计",
    "本年累计",
    "本期累计",
    "承前页",
    "过次页",
)
"""A ledger's summary rows (明细账), a cell of their own under 摘要: dropped with the 合计 rows, never a line."""
_MEMO_HEADERS = ("摘要", "凭证摘要", "项目文本", "说明", "备注", "memo", "note")
"""The headers a ledger's summary rows are looked for under (only there: a file without one pays nothing; a cell
must be the summary's words alone, so a ticket's 备注 of other words is never taken for one)."""
_YEAR_HEADER = re.compile(r"^(\d{4})\s*年度?$")
_YEAR_WORD = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_YEAR_DOTTED = re.compile(r"(?<![\d.])((?:19|20)\d{2})[.\-/](?:0?[1-9]|1[0-2])(?!\d)")
_YEAR_MONTH = (
    r"((?:19|20)\d{2})\s*(?:年|[.\-/])\s*(1[0-2]|0?[1-9])(?!\d)\s*月?(?:\s*[.\-/]?\s*\d{1,2}(?!\d)\s*日?)?"
)
_PERIOD = re.compile(_YEAR_MONTH + r"\s*(?:至|到|[~～\-—–－])\s*" + _YEAR_MONTH + r"(?!\d)")
"""A title's period from one month to another: 2024.12-2025.11, 2024年7月至2025年6月, 2024.12.01-2025.11.30."""
_NAMED_MONTH = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年\s*(1[0-2]|0?[1-9])\s*月|[.\-/_](1[0-2]|0?[1-9])(?!\d))"
)
"""A year's month named in a title, a sheet or a file name: 2025年1月, 2025.01, 2025-1, 费用_2025_01."""
_UNIT_WORD = "(亿元|百万元|万元|千元|元)"
_TITLE_UNIT = re.compile(rf"单位\s*(?:[:：]|为|是)?\s*(?:人民币)?\s*{_UNIT_WORD}|以\s*{_UNIT_WORD}\s*为单位")
"""A money unit a table states, as Chinese financial tables do: 单位：万元, 金额单位：元, 单位为万元, 以万元为单位."""
_NOTE_LABEL = re.compile(
    r"^\s*(注|说明|备注|附注|制表|制单|编制|审核|复核|审批|单位\s*[:：]|金额单位|打印|数据来源|来源\s*[:：]|填报|填表|"
    r"负责人|会计主管|财务负责人|(note|notes|source|prepared by|printed)\b)",
    re.I,
)
"""The start of a note under a table (注：金额单位为万元, 制表人：王芳, 数据来源：财务系统), a row of few cells."""
_NOTE_ROWS = 10  # the rows at the end of a table looked at for notes
MONEY_UNITS = {"亿元": 1e8, "百万元": 1e6, "万元": 1e4, "千元": 1e3, "元": 1.0}
_DAY_NUMBER = re.compile(r"^(0?[1-9]|[12]\d|3[01])\s*日?$")
_TITLE_ACCOUNT = re.compile(r"^(?:会计)?科目(?:名称)?\s*[:：]\s*(.+?)(?:\s{2,}|\s+[^\s:：]+[:：]|$)")
_NOT_THE_LEDGER_YEAR = ("科目", "打印", "制表", "导出")
"""Title cells whose digits are not the ledger's year: an account code (科目：2001.01), the day it was printed."""
_YEAR_COLUMN_HEADERS = ("年", "年度", "年份", "会计年度")
"""A ledger's year column beside its 月 and 日 columns (金蝶 and other exports: 年 | 月 | 日 | 凭证字号 …)."""
LEDGER_DATE = "日期"
"""The column a 明细账's year, 月 and 日 are joined into (see _ledger_date)."""
_VALUE_LIKE = re.compile(r"^[\d\s.,:/\-+%()（）¥￥年月日时分秒eE]+$")
_DATE_PART_HEADERS = {"年", "月", "日", "时", "分", "秒"}
"""Headers of one character that _VALUE_LIKE would take for a value (a ledger's 年 | 月 | 日 columns)."""
_HEADER_SCAN = 30
_SAMPLE_CHARS = 65536
_FAST_PATH_MIN_BYTES = 1 << 20


@dataclass(frozen=True)
class LedgerYears:
    """The years of a 明细账 whose title's period crosses a year end (2024.12-2025.11): a line of month `turn` or
    later is in `first`, a line of month `end` or earlier in `second`; a month outside the period has no year."""

    first: str
    turn: int
    second: str
    end: int

    def of(self, month: str) -> str:
        """The year of a line whose 月 cell reads `month` (12, 01, 1月); empty outside the period."""
        number = int(month_digits(month) or 0)
        if number >= self.turn:
            return self.first
        return self.second if 1 <= number <= self.end else ""

    @property
    def period(self) -> str:
        """The title's period as 2024.12–2025.11."""
        return f"{self.first}.{self.turn:02d}–{self.second}.{self.end:02d}"


class IngestError(ValueError):
    """A problem with the file as a whole: a reason code and its params (see messages.py)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


@dataclass
class RawTable:
    """A file's data rows as text cells under the user's headers, each row with its Excel row number."""

    file_name: str
    headers: list[str]
    cells: pa.Table  # one string column per header, named by the header
    row_numbers: np.ndarray  # Excel row number of each data row, 1-based, counting title and header rows
    header_row: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    blank_rows: int = 0
    total_rows: list[int] = field(default_factory=list)  # row numbers of dropped 合计/小计/总计 rows
    note_rows: list[int] = field(default_factory=list)  # row numbers of the notes under the table, dropped
    note_cells: list[str] = field(default_factory=list)  # those notes' text, a row's cells joined by spaces
    ledger_year: str | None = None  # a 明细账's year, joined with its 月 and 日 into the LEDGER_DATE column
    ledger_years: LedgerYears | None = None  # a 明细账 across a year end: each line's year by its month
    ledger_columns: list[str] = field(default_factory=list)  # a ledger's 年 | 月 | 日 columns, joined
    title_account: str | None = None  # the account a 明细账's title names (科目：6601.01 销售费用-客服工资)
    title_cells: list[str] = field(default_factory=list)  # the cells above the header, not empty
    merged_cells: int = 0  # empty cells of an XLSX's merged ranges given the range's value
    repeated_headers: list[int] = field(default_factory=list)  # row numbers of the header repeated, dropped
    uncalculated_formulas: list[str] = field(default_factory=list)  # XLSX cells (C2) with no saved result
    row_issues: list[dict] = field(default_factory=list)  # rows the reader could not take as they are
    skipped_sheets: list[str] = field(
        default_factory=list
    )  # sheets before this one, without the kind's columns

    def __len__(self) -> int:
        return self.cells.num_rows

    @property
    def title_month(self) -> str | None:
        """The one month the file says it is about (2025-01), for a file without a month column: named in its
        title (2025年1月客服费用), else by its sheet (2025年1月, or 1月 under a title naming one year), else by its
        file name; None when none names one, or the first that names any names several."""
        return named_month(self.title_cells, self.sheet, self.file_name)

    @property
    def title_unit(self) -> str | None:
        """The money unit the table states (单位：万元: '万元') above it, in a note under it or as the header of an
        empty column beside its headers; None when it states none, or several."""
        empty_headers = [h for h in self.headers if _TITLE_UNIT.search(h) and _empty(self.cells.column(h))]
        stated = [*self.title_cells, *self.note_cells, *empty_headers]
        units = {m[1] or m[2] for cell in stated for m in _TITLE_UNIT.finditer(cell)}
        return units.pop() if len(units) == 1 else None

    @property
    def unread_rows(self) -> int:
        """Data rows the reader could not take (each reported in row_issues), not among the cells."""
        return len({issue["row"] for issue in self.row_issues})


def read_table(
    data: bytes,
    file_name: str = "",
    sheet: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    header_row: int | None = None,
) -> RawTable:
    """Read an uploaded CSV/TXT or XLSX file (bytes; the name is only shown, never opened) into text cells."""
    if len(data) > max_bytes:
        raise IngestError(
            "file_too_large", size_mb=round(len(data) / 2**20, 1), limit_mb=round(max_bytes / 2**20)
        )
    if not data[:4096].strip() and not data.strip():
        raise IngestError("empty_file")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, file_name, sheet, header_row)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an OLE2 file: old Excel (.xls), or an encrypted one
        return _read_xls(data, file_name, sheet, header_row)
    return _read_csv(data, file_name, header_row)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode strictly as UTF-8 (BOM honoured), UTF-16 with BOM, or GB18030; returns (text, encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError as gb_error:
            worst = max(utf8_error, gb_error, key=lambda e: e.start)
            raise _undecodable(data, worst) from None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _undecodable(data, error) from None


def _undecodable(data: bytes, error: UnicodeDecodeError) -> IngestError:
    line = data.count(b"\n", 0, error.start) + 1
    return IngestError("undecodable", line=line, bytes=data[error.start : error.start + 4].hex(" "))


# ---------------------------------------------------------------- CSV


def _read_csv(data: bytes, file_name: str, header_row: int | None) -> RawTable:
    utf8 = _utf8_head(data)
    if utf8 is not None and len(data) >= _FAST_PATH_MIN_BYTES:
        # A big UTF-8 file is never decoded in Python: pyarrow checks every cell is UTF-8 as it parses, and
        # anything it refuses (bad bytes, ragged rows, quoted line breaks) is read again by the exact path.
        sample, encoding = utf8
        delimiter, header_index, header, titles = _layout(sample, header_row)
        table = _read_csv_fast(data, None, encoding, delimiter, header_index, header, file_name)
        if table is not None:
            table.title_account = title_account(titles)
            table.title_cells = _title_cells(titles)
            return table
    text, encoding = decode_text(data)
    delimiter, header_index, header, titles = _layout(text[:_SAMPLE_CHARS], header_row)
    if len(data) >= _FAST_PATH_MIN_BYTES and encoding not in ("utf-8", "utf-8-sig"):
        table = _read_csv_fast(data, text, encoding, delimiter, header_index, header, file_name)
        if table is not None:
            table.title_account = title_account(titles)
            table.title_cells = _title_cells(titles)
            return table
    records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    table = _from_records(records, list(range(1, len(records) + 1)), file_name, header_index)
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _utf8_head(data: bytes) -> tuple[str, str] | None:
    """The first _SAMPLE_CHARS characters and the encoding, if the file starts as UTF-8 (BOM honoured); else
    None. Only the head is decoded here: the same sample decode_text would give, without decoding the rest."""
    start, encoding = (3, "utf-8-sig") if data.startswith(b"\xef\xbb\xbf") else (0, "utf-8")
    head = data[start : start + 4 * _SAMPLE_CHARS]  # UTF-8 takes at most 4 bytes a character
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) == len(data) - start)
    except UnicodeDecodeError:
        return None
    return text[:_SAMPLE_CHARS], encoding


def _layout(sample: str, header_row: int | None) -> tuple[str, int, list[str], list[list[str]]]:
    """From the file's first lines: the delimiter, the header's index, the header and the title rows above it."""
    delimiter = detect_delimiter(sample)
    head = list(csv.reader(io.StringIO(sample), delimiter=delimiter))[:_HEADER_SCAN]
    header_index = header_row - 1 if header_row else _find_header(head)
    header = head[header_index] if header_index < len(head) else []
    return delimiter, header_index, header, head[:header_index]


def detect_delimiter(sample: str) -> str:
    """The delimiter (`,` tab `;`) that splits the sample's lines into the most, most consistent fields."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if len(r) > 1]
        if not widths:
            continue
        mode = max(set(widths), key=widths.count)
        score = (widths.count(mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _find_header(records: list[list[str]]) -> int:
    """The first row wide enough to be the header and made of labels rather than values (title rows skipped)."""
    widths = [sum(1 for c in r if str(c).strip()) for r in records]
    if not widths or max(widths) == 0:
        raise IngestError("no_header")
    needed = max(min(2, max(widths)), int(0.6 * max(widths) + 0.999))
    for index, (record, width) in enumerate(zip(records, widths, strict=True)):
        labels = [str(c).strip() for c in record if str(c).strip()]
        values = sum(bool(_VALUE_LIKE.match(c)) and c not in _DATE_PART_HEADERS for c in labels)
        if width >= needed and values * 2 < len(labels):
            return index
    raise IngestError("no_header")


def _read_csv_fast(
    data: bytes,
    text: str | None,
    encoding: str,
    delimiter: str,
    header_index: int,
    header: list[str],
    file_name: str,
) -> RawTable | None:
    """pyarrow for big regular files; None when the file is irregular and the exact path must read it.

    UTF-8 files are parsed from `data` as they are (pyarrow refuses invalid UTF-8); other encodings from the
    decoded `text`, re-encoded. Blank lines come back as rows of empty cells, so row numbers stay right."""
    if not header or _YEAR_HEADER.match(header[0].strip()) or "月" in (h.strip() for h in header):
        return None  # perhaps a 明细账 whose year is apart from its 月 and 日: _ledger_date reads it
    lines_before = header_index + 1  # the title block and the header, read one line each by the csv module
    utf8 = data if text is None else text.encode("utf-8")
    skip = 3 if utf8.startswith(b"\xef\xbb\xbf") else 0
    for _ in range(lines_before):
        skip = utf8.find(b"\n", skip) + 1
        if skip == 0:
            return None
    body = memoryview(utf8)[skip:]  # a view: the file is not copied
    names = [f"c{i}" for i in range(len(header))]
    bad_rows = []

    def _on_invalid(row: pacsv.InvalidRow) -> str:
        bad_rows.append(row)
        return "skip"

    try:
        cells = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),
            read_options=pacsv.ReadOptions(column_names=names, block_size=2 << 20),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, ignore_empty_lines=False, invalid_row_handler=_on_invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:  # invalid UTF-8, or a quote never closed
        return None
    record_count = utf8.count(b"\n", skip) + (0 if utf8.endswith(b"\n") else 1)
    if bad_rows or cells.num_rows != record_count:  # ragged rows, or line breaks inside quoted cells
        return None
    row_numbers = np.arange(lines_before + 1, lines_before + 1 + cells.num_rows)
    table = _finish(cells, row_numbers, header, lines_before, file_name)
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _from_records(
    records: list[list], row_numbers: list[int], file_name: str, header_index: int | None, merges=()
) -> RawTable:
    """Rows read one by one (csv module or XLSX) into a RawTable; ragged rows padded or reported, an XLSX's
    merged cells below the header filled (`merges`: _column_merges)."""
    if header_index is None:
        header_index = _find_header(records[:_HEADER_SCAN])
    header = [str(c) for c in records[header_index]]
    while header and not header[-1].strip():
        header.pop()
    header, data_index, ledger_date = _ledger_date(records, header_index, header)
    merged_cells = _fill_merges(records, row_numbers, row_numbers[data_index] + 1, merges) if merges else 0
    width = len(header)
    body, numbers, issues = [], [], []
    for record, number in zip(records[data_index + 1 :], row_numbers[data_index + 1 :], strict=True):
        if len(record) > width and any(str(c).strip() for c in record[width:]):
            issues.append(
                {"row": number, "code": "wrong_field_count", "actual": len(record), "expected": width}
            )
            continue
        body.append((list(record) + [""] * width)[:width])
        numbers.append(number)
    if ledger_date and not _month_and_day_numbers(body, *ledger_date[1:]):
        ledger_date = None  # a 月 column of whole months (2025-01) is a period of its own
    if ledger_date and isinstance(ledger_date[0], int) and not _year_numbers(body, ledger_date[0]):
        ledger_date = None  # a 年 column of something else than years
    if ledger_date:
        header, body, numbers = _dated_lines(header, body, numbers, ledger_date, issues)
        width += 1
    columns = list(zip(*body, strict=True)) if body else [()] * width
    cells = pa.table({f"c{i}": pa.array(list(col), pa.string()) for i, col in enumerate(columns)})
    table = _finish(cells, np.array(numbers, dtype=np.int64), header, row_numbers[header_index], file_name)
    table.row_issues = issues
    year = ledger_date[0] if ledger_date else None
    table.ledger_year = year if isinstance(year, str) else None
    table.ledger_years = year if isinstance(year, LedgerYears) else None
    if isinstance(year, int):
        table.ledger_columns = [header[i] for i in ledger_date if i is not None]
    table.title_account = title_account(records[:header_index])
    table.title_cells = _title_cells(records[:header_index])
    table.merged_cells = merged_cells
    return table


def _ledger_date(
    records: list[list], header_index: int, header: list[str]
) -> tuple[list[str], int, tuple[str | LedgerYears | int, int, int | None] | None]:
    """用友's 明细账 keeps the year apart from each line's 月 and 日: over them in a two-row header (2025年 above
    月 日), in a column of its own (年 | 月 | 日), or in the title (2025年度, 期间：2025.01-2025.12; a period across
    a year end, 2024.12-2025.11, gives each month its year). Returns the header (月 and 日 named), the index of
    the last header row, and (year, month column, day column) to join into one date, the year being the
    year, the title's period, or the index of the year column; None for any other file, and for a title whose
    years a line's month cannot tell apart (two years with no period, or a period longer than twelve months)."""
    names = [str(c).strip() for c in header]
    below = [str(c).strip() for c in records[header_index + 1]] if header_index + 1 < len(records) else []
    for i, name in enumerate(names):
        year = _YEAR_HEADER.match(name)
        if not year or below[i : i + 1] != ["月"]:
            continue
        day = i + 1 if below[i + 1 : i + 2] == ["日"] else None
        if not any(c for j, c in enumerate(below) if j not in (i, day)):
            named = [below[j] if j in (i, day) else h for j, h in enumerate(header)]
            return named, header_index + 1, (year[1], i, day)
    if "月" not in names:
        return header, header_index, None
    month = names.index("月")
    day = month + 1 if names[month + 1 : month + 2] == ["日"] else None
    year_column = next((i for i, name in enumerate(names) if name in _YEAR_COLUMN_HEADERS), None)
    if year_column is not None:
        return header, header_index, (year_column, month, day)
    titles = [str(c) for record in records[:header_index] for c in record]
    years = _title_years(titles)
    year = years.pop() if len(years) == 1 else _across_year_end(titles) if len(years) == 2 else None
    return header, header_index, ((year, month, day) if year else None)


def _dated_lines(
    header: list[str], body: list[list], numbers: list[int], ledger_date: tuple, issues: list[dict]
) -> tuple[list[str], list[list], list[int]]:
    """A 明细账's lines with the LEDGER_DATE column joined from the year and their 月 and 日; a line whose month
    is outside its title's period is reported in `issues` and left out."""
    year, month, day = ledger_date
    dated, kept = [], []
    for row, number in zip(body, numbers, strict=True):
        if isinstance(year, int):  # the line's own year column: 2025, 2025年
            line_year = str(row[year]).strip()[:4]
        else:
            line_year = year.of(row[month]) if isinstance(year, LedgerYears) else year
        if isinstance(year, LedgerYears) and not line_year and str(row[month]).strip():
            issues.append(
                {
                    "row": number,
                    "column": header[month],
                    "value": row[month],
                    "code": "month_outside_period",
                    "month": row[month],
                    "period": year.period,
                }
            )
            continue
        dated.append([*row, _joined_date(line_year, row[month], row[day] if day is not None else "")])
        kept.append(number)
    return [*header, free_name(LEDGER_DATE, header)], dated, kept


def _year_numbers(body: list[list], year: int) -> bool:
    """True when the rows' 年 cells are years (2025, 2025年), empty cells aside."""
    return all(YEAR_NUMBER.match(y) for y in {str(row[year]).strip() for row in body} - {""})


def _month_and_day_numbers(body: list[list], month: int, day: int | None) -> bool:
    """True when the rows' 月 cells are month numbers (1, 01, 1月) and their 日 cells day numbers, as a 明细账
    writes them (empty cells aside)."""
    months = {str(row[month]).strip() for row in body} - {""}
    days = {str(row[day]).strip() for row in body} - {""} if day is not None else set()
    return all(MONTH_NUMBER.match(m) for m in months) and all(_DAY_NUMBER.match(d) for d in days)


def title_account(titles: list[list]) -> str | None:
    """The account a one-account ledger names in its title (科目：6601.01 销售费用-客服工资), or None."""
    for cell in (str(c).strip() for row in titles for c in row):
        if match := _TITLE_ACCOUNT.match(cell):
            return match[1].strip() or None
    return None


def _title_cells(titles: list[list]) -> list[str]:
    return [text for row in titles for cell in row if (text := str(cell).strip())]


def named_month(titles: list[str], sheet: str | None, file_name: str) -> str | None:
    """See RawTable.title_month: the one month named by the title cells, the sheet or the file name."""
    titles = [c for c in titles if not any(word in c for word in _NOT_THE_LEDGER_YEAR)]
    for names in (titles, [sheet or ""]):
        if months := _months_named(names):
            return months.pop() if len(months) == 1 else None
    if alone := MONTH_NUMBER.match((sheet or "").strip()):  # a sheet named 1月: the title's or file's year
        years = _title_years(titles) or _title_years([file_name])
        return f"{years.pop()}-{int(alone[1]):02d}" if len(years) == 1 else None
    months = _months_named([file_name])
    return months.pop() if len(months) == 1 else None


def _months_named(names: list[str]) -> set[str]:
    """The months (2025-01) named in these texts: 2025年1月, 2025.01, 费用_2025_01."""
    return {f"{m[1]}-{int(m[2] or m[3]):02d}" for name in names for m in _NAMED_MONTH.finditer(name)}


def _title_years(cells: list[str]) -> set[str]:
    """The years a ledger's title names: 2025年度, 2025年1月, 期间：2025.01-2025.12; not in a cell naming the
    account or the day the ledger was printed."""
    years = set()
    for cell in cells:
        if not any(word in cell for word in _NOT_THE_LEDGER_YEAR):
            years |= set(_YEAR_WORD.findall(cell)) | set(_YEAR_DOTTED.findall(cell))
    return years


def _across_year_end(cells: list[str]) -> LedgerYears | None:
    """The years of a title's period that crosses one year end and spans twelve months at most (2024.12-2025.11,
    2024年7月至2025年6月), so a line's month tells its year; None for any other title."""
    for cell in cells:
        if any(word in cell for word in _NOT_THE_LEDGER_YEAR) or not (period := _PERIOD.search(cell)):
            continue
        first, turn, second, end = period[1], int(period[2]), period[3], int(period[4])
        if int(second) == int(first) + 1 and end < turn:
            return LedgerYears(first, turn, second, end)
    return None


def _joined_date(year: str, month: str, day: str) -> str:
    """A 明细账 line's date from the header's year and its own 月 and 日 (2025-01-31; 2025-01 without a day); empty
    for a line without a month or a year."""
    month, day = month_digits(month), str(day).strip().rstrip("日").strip()
    if not month or not year:
        return ""
    return f"{year}-{month}-{day}" if day else f"{year}-{month}"


def free_name(name: str, taken) -> str:
    """`name`, or `name_2`, `name_3`... when the file already has a column of that name."""
    candidate, n = name, 1
    while candidate in {str(h).strip() for h in taken}:
        n += 1
        candidate = f"{name}_{n}"
    return candidate


def _finish(
    cells: pa.Table, row_numbers: np.ndarray, header: list[str], header_row: int, file_name: str
) -> RawTable:
    """Drop blank rows, 合计 rows and a ledger's balance rows, and name the columns by the user's headers."""
    first = pc.utf8_trim_whitespace(cells.column(0))
    any_filled = pc.not_equal(first, "")
    label = first
    if not pc.all(
        any_filled
    ).as_py():  # only rows with an empty first cell can be blank or labelled further right
        for i in range(1, cells.num_columns):
            column = pc.utf8_trim_whitespace(cells.column(i))
            if i < 3:
                label = pc.if_else(pc.equal(label, ""), column, label)
            any_filled = pc.or_(any_filled, pc.not_equal(column, ""))
    is_total = pc.match_substring_regex(label, _TOTAL_LABEL.pattern, ignore_case=True)
    for i, name in enumerate(header[: cells.num_columns]):
        if str(name).strip().lower() in _MEMO_HEADERS:
            memo = pc.utf8_trim_whitespace(cells.column(i))
            is_total = pc.or_(is_total, pc.is_in(memo, value_set=pa.array(_LEDGER_SUMMARIES)))
    header_again = _header_again(cells, header)
    keep = pc.and_(pc.and_(any_filled, pc.invert(is_total)), pc.invert(header_again))
    notes = _notes_under(cells)
    if notes:
        keep = pc.and_(keep, pa.array(~np.isin(np.arange(cells.num_rows), list(notes))))
    keep_np = keep.to_numpy(zero_copy_only=False)
    total_np = pc.and_(any_filled, is_total).to_numpy(zero_copy_only=False)
    blank_count = int((~any_filled.to_numpy(zero_copy_only=False)).sum())
    if not keep_np.all():
        cells = cells.filter(keep)
    return RawTable(
        file_name=file_name,
        headers=(names := _header_names(header)),
        cells=cells.rename_columns(names),
        row_numbers=row_numbers[keep_np],
        header_row=int(header_row),
        blank_rows=blank_count,
        total_rows=[int(n) for n in row_numbers[total_np]],
        repeated_headers=[int(n) for n in row_numbers[header_again.to_numpy(zero_copy_only=False)]],
        note_rows=[int(row_numbers[i]) for i in sorted(notes)],
        note_cells=[notes[i] for i in sorted(notes)],
    )


def _notes_under(cells: pa.Table) -> dict[int, str]:
    """The notes that end a table, by row position: rows after the last data row whose first filled cell starts as
    a note does (注：, 制表人：, 数据来源：) with at most half the row's cells filled, each row's cells joined."""
    start = max(0, cells.num_rows - _NOTE_ROWS)
    columns = [cells.column(i).slice(start).to_pylist() for i in range(cells.num_columns)]
    notes: dict[int, str] = {}
    for offset in range(cells.num_rows - start - 1, -1, -1):
        filled = [str(c).strip() for column in columns if (c := column[offset]) and str(c).strip()]
        if not filled:
            continue
        if len(filled) > max(1, cells.num_columns // 2) or not _NOTE_LABEL.match(filled[0]):
            break
        notes[start + offset] = " ".join(filled)
    return notes


def _empty(column: pa.ChunkedArray) -> bool:
    """True when no cell of the column holds anything but spaces."""
    return not pc.any(pc.not_equal(pc.utf8_trim_whitespace(column), "")).as_py()


def _header_again(cells: pa.Table, header: list[str]) -> pa.Array:
    """True for the rows that repeat the header, cell for cell under every named column: a report exported page
    by page repeats it on each page. Only rows whose first named cell is its header are compared further."""
    named = [(i, str(h).strip()) for i, h in enumerate(header[: cells.num_columns]) if str(h).strip()]
    if not named:
        return pa.array(np.zeros(cells.num_rows, dtype=bool))
    i, name = named[0]
    again = pc.equal(pc.utf8_trim_whitespace(cells.column(i)), name)
    if not pc.any(again).as_py():
        return again.combine_chunks() if isinstance(again, pa.ChunkedArray) else again
    for i, name in named[1:]:
        again = pc.and_(again, pc.equal(pc.utf8_trim_whitespace(cells.column(i)), name))
    return again.combine_chunks() if isinstance(again, pa.ChunkedArray) else again


def _header_names(header: list[str]) -> list[str]:
    """The user's headers, trimmed; empty ones named by their Excel column letter, repeats numbered."""
    names: list[str] = []
    for i, raw in enumerate(header):
        name = str(raw).strip().replace("\n", " ") or f"({_column_letter(i)})"
        while name in names:
            name = f"{name}_{i + 1}"
        names.append(name)
    return names


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ---------------------------------------------------------------- XLSX


def check_xlsx_safe(
    data: bytes, max_unpacked: int = MAX_XLSX_UNPACKED, max_ratio: int = MAX_XLSX_RATIO
) -> None:
    """Refuse an XLSX whose zip members would expand beyond the cap or at a bomb-like ratio, before parsing."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile:
        raise IngestError("xlsx_corrupt") from None
    if not any(m.filename == "xl/workbook.xml" for m in members):
        raise IngestError("xlsx_corrupt")
    total = sum(m.file_size for m in members)
    if total > max_unpacked:
        raise IngestError("xlsx_bomb", detail=f"{total / 2**20:.0f} MB unpacked")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1 << 20 and ratio > max_ratio:
            raise IngestError("xlsx_bomb", detail=f"{member.filename} ratio {ratio:.0f}:1")


def _read_xlsx(data: bytes, file_name: str, sheet: str | None, header_row: int | None) -> RawTable:
    import openpyxl

    check_xlsx_safe(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on damaged files
        raise IngestError("xlsx_corrupt") from None
    try:
        names = list(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise IngestError("sheet_not_found", sheet=sheet, sheets="、".join(names))
        worksheet = book[sheet or names[0]]
        xml = _sheet_xml(data, worksheet._worksheet_path)
        merges, uncalculated = _column_merges(xml), _uncalculated_formulas(xml)
        records, numbers = [], []
        for row in worksheet.iter_rows():
            number = next((c.row for c in row if getattr(c, "row", None)), None)
            if number is None:
                continue  # an empty row: the numbers of the rows around it stay right
            records.append([xlsx_cell_text(c.value, getattr(c, "number_format", "General")) for c in row])
            numbers.append(number)
    finally:
        book.close()
    if not records:
        raise IngestError("empty_file")
    header_index = numbers.index(header_row) if header_row in numbers else None
    table = _from_records(records, numbers, file_name, header_index, merges)
    table.sheet, table.sheets = sheet or names[0], names
    table.uncalculated_formulas = uncalculated
    return table


_MERGE_CELL = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_FORMULA_WITHOUT_VALUE = re.compile(
    rb'<c r="([A-Z]+\d+)"[^>]*>\s*<f[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>'
)


def _sheet_xml(data: bytes, sheet_path: str) -> bytes:
    """The sheet's own XML, for what openpyxl's read-only mode does not tell: merged cells, formulas without
    a saved result."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(sheet_path)


def _uncalculated_formulas(xml: bytes) -> list[str]:
    """The cells (C2, …) holding a formula with no saved result: a workbook written by a program and never
    opened in Excel, whose formulas read as empty cells."""
    if b"<f" not in xml:
        return []
    return [ref.decode() for ref in _FORMULA_WITHOUT_VALUE.findall(xml)]


def _column_merges(xml: bytes) -> list[tuple[int, int, int]]:
    """The sheet's merged cells that run down one column (成本中心 merged over its department's rows, as people
    lay out sheets to be read): (column index, first row, last row). The list sits at the sheet's end."""
    start = xml.rfind(b"<mergeCells")
    if start < 0:
        return []
    return [
        (_column_index(first.decode()), int(top), int(bottom))
        for first, top, last, bottom in _MERGE_CELL.findall(xml, start)
        if first == last and int(bottom) > int(top)
    ]


def _column_index(letters: str) -> int:
    """0 for A, 25 for Z, 26 for AA."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _fill_merges(records: list[list], row_numbers: list[int], first_data_row: int, merges) -> int:
    """Each merged range below the header gets its first cell's value in every cell (Excel shows it across the
    whole range; the file holds it in the first cell only); returns how many empty cells were filled."""
    where = {number: i for i, number in enumerate(row_numbers)}
    filled = 0
    for column, top, bottom in merges:
        if top < first_data_row or top not in where or column >= len(records[where[top]]):
            continue
        value = records[where[top]][column]
        for number in range(top + 1, bottom + 1):
            if number not in where:
                continue
            record = records[where[number]]
            record.extend([""] * (column + 1 - len(record)))
            if not str(record[column]).strip():
                record[column] = value
                filled += 1
    return filled


def _read_xls(data: bytes, file_name: str, sheet: str | None, header_row: int | None) -> RawTable:
    """An old-format workbook (.xls, as 用友 T3 and 金蝶 KIS export), read with xlrd into the same text cells as an
    XLSX: dates as dates, whole numbers without '.0', a 0000 format's leading zeros, merged cells filled."""
    import xlrd

    if "EncryptedPackage".encode("utf-16-le") in data:  # a password-protected .xlsx is an OLE2 file too
        raise IngestError("file_encrypted")
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.XLRDError as error:
        raise IngestError("file_encrypted" if "encrypt" in str(error).lower() else "xls_corrupt") from None
    except Exception:  # xlrd raises many kinds on damaged files
        raise IngestError("xls_corrupt") from None
    try:
        names = book.sheet_names()
        if sheet is not None and sheet not in names:
            raise IngestError("sheet_not_found", sheet=sheet, sheets="、".join(names))
        worksheet = book.sheet_by_name(sheet or names[0])
        records, numbers = [], []
        for index in range(worksheet.nrows):
            cells = worksheet.row(index)
            if all(c.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) for c in cells):
                continue  # an empty row: the numbers of the rows around it stay right
            records.append([_xls_cell_text(book, c) for c in cells])
            numbers.append(index + 1)
        merges = [(clo, rlo + 1, rhi) for rlo, rhi, clo, chi in worksheet.merged_cells if chi - clo == 1]
    finally:
        book.release_resources()
    if not records:
        raise IngestError("empty_file")
    header_index = numbers.index(header_row) if header_row in numbers else None
    table = _from_records(records, numbers, file_name, header_index, [m for m in merges if m[2] > m[1]])
    table.sheet, table.sheets = sheet or names[0], names
    return table


def _xls_cell_text(book, cell) -> str:
    """An .xls cell as xlsx_cell_text would give the same cell of an .xlsx."""
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        moment = xlrd.xldate_as_datetime(cell.value, book.datemode)
        return xlsx_cell_text(moment.time() if cell.value < 1 else moment)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return xlsx_cell_text(bool(cell.value))
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    number_format = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
    return xlsx_cell_text(cell.value, number_format)


EXCEL_EXACT_LIMIT = 1e15
"""Excel stores numbers with 15 significant digits: a number cell of 16 digits or more (an 18-digit order id typed
into a General cell) has lost its last digits, and two such ids may have become one."""


def xlsx_cell_text(value: object, number_format: str = "General") -> str:
    """An XLSX cell as the text the user sees: whole numbers without '.0', ids with their format's leading zeros,
    numbers past Excel's 15 digits in scientific notation (their lost digits cannot be read back)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != dt.time() else value.strftime("%Y-%m-%d")
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float) and abs(value) >= EXCEL_EXACT_LIMIT:
        return f"{value:.15G}"  # Excel keeps 15 digits: shown as 1.23456789012345E+17, an id check refuses it
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        if number_format and re.fullmatch(r"0+", number_format) and value >= 0:
            text = text.zfill(len(number_format))
        return text
    if isinstance(value, float):
        return repr(value)
    return str(value)
