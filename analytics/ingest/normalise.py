"""Turning text cells into typed values: numbers, money, ratios, dates, times, ids, channels, yes/no.

Each converter takes a whole column (a pyarrow string array) and returns the typed values with a mask per
failure code, so validation can name every bad cell. Common formats go through vectorised fast paths (pyarrow
compute); the odd cells (¥1,234.50, （5）, 1.2万, 2024年6月18日, Excel serials, 990201) go through a slow path that
runs once per distinct value. Text is NFKC-normalised first, so full-width digits and punctuation become ASCII.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_PLAIN_NUMBER = r"^-?\d+(\.\d+)?$"
_COMPATIBILITY = "[\u00a0\u2000-\u200b\u2160-\u217f\u2460-\u24ff\u2e80-\u2fdf\u3000\uf900-\ufaff\ufe30-\ufe6f\uff01-\uffef]"
"""Characters NFKC changes that turn up in exports: full-width forms, odd spaces, circled digits, radicals."""
_COMPATIBILITY_LEADS = (b"\xc2", b"\xe2", b"\xe3", b"\xef")
"""The first UTF-8 byte of each _COMPATIBILITY character: U+00A0, U+2000-2FDF, U+3000-303F, U+F900-FFEF."""
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"^\d+(\.\d+)?([eE][-+]?\d+)?$|^\.\d+$")
_CURRENCY = re.compile(r"RMB|CNY|人民币|[¥$元\s]", re.I)
_UNITS = {"万": 10_000.0, "千": 1_000.0, "亿": 100_000_000.0}
_SCIENTIFIC_ID = r"^\d(\.\d+)?[eE][+]?\d+$"
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{8}|\d{6})(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$")
_ISO_LAYOUTS = (b"0000-00-00", b"0000-00-00 00:00", b"0000-00-00 00:00:00")
_ISO_OTHER_SEPARATORS = (b"0000/00/00", b"0000/00/00T00:00", b"0000/00/00T00:00:00")
"""The zero-padded layouts to_datetime reads vectorised (0 a digit), and the other separators each may use."""
_ISO_BLOCK_ROWS = 1 << 17
"""Cells _iso_stamps reads at a time. Its byte matrix and temporaries then stay a few MB, in memory the process
already holds: over a whole 1M-cell column they were fresh pages, and faulting them in made the first column
take 0.4 s instead of 0.1 s."""
_MONTH_DAYS = np.array([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])  # 29 February: leap years only
_MONTH = re.compile(r"^(\d{4})(?:-|\s+)(\d{1,2})-?$|^(\d{4})(\d{2})$")
MONTH_NUMBER = re.compile(r"^(0?[1-9]|1[0-2])\s*(?:月份?)?$")
"""A month written alone, as a ledger's 月 column or a budget's 月份 beside its 年度 column has it: 1, 01, 1月,
1月份."""
_MONTH_NAME = re.compile(r"^([A-Za-z]{3,9})\.?[-\s']*((?:19|20)?\d{2})$")
"""A month named in English with its year, as Oracle's period names (JAN-25) and Excel's mmm-yy cells write it:
Jan-25, Jan 2025, January 2025."""
_ENGLISH_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_NAMES = {
    **{name: number for number, name in enumerate(_ENGLISH_MONTHS, start=1)},
    **{name[:3]: number for number, name in enumerate(_ENGLISH_MONTHS, start=1)},
    "sept": 9,
}
YEAR_NUMBER = re.compile(r"^(19|20)\d{2}\s*年?度?$")
"""A year written alone: 2025, 2025年, 2025年度."""
_PERIOD = re.compile(r"^(\d{4})-?\s*第?\s*(\d{1,2})\s*期$")
"""An accounting period as ERP ledgers write it, after 年 is read as '-': 2025年第1期, 2025年01期, 2025.1期."""
_ADJUSTMENT_PERIOD = re.compile(
    r"^(?:p\s*0?|0)1[3-6]\s*[./\-\s]\s*(?:19|20)\d{2}$"
    r"|^(?:19|20)\d{2}\s*(?:[./\-\s]|年)\s*(?:p\s*0?1[3-6]|01[3-6]|第?\s*0?1[3-6]\s*期)$",
    re.I,
)
"""A year-end adjustment period, which is no month: SAP's 013.2025-016.2025, 2025 P13, 2025年第13期 (written as
a period: 2025-13 is a month mistyped)."""
_FISCAL_PERIOD = re.compile(
    r"^(?:p\s*)?(\d{1,3})(?:-|\s+)((?:19|20)\d{2})$|^((?:19|20)\d{2})(?:-|\s+)(?:p\s*(\d{1,3})|(\d{3}))$",
    re.I,
)
"""A period as SAP and Oracle write it, after / and . are read as '-': 001.2025, 01/2025, P01 2025, 2025/001,
2025 P01. Periods 1-12 are the months of a fiscal year that starts in January; 13-16 (SAP's year-end
adjustment periods) are no month."""

CHANNEL_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("wechat", ("wechat", "weixin", "微信", "公众号", "小程序", "企业微信")),
    ("email", ("email", "e-mail", "mail", "邮件", "邮箱")),
    ("phone", ("phone", "call", "voice", "tel", "电话", "热线", "呼入", "来电", "语音", "400", "95")),
    ("online", ("online", "chat", "web chat", "im", "在线", "在线客服", "网页", "人工客服", "app客服")),
    ("ticket", ("ticket", "form", "工单", "表单", "留言")),
)
"""Words users' systems put in a channel column, checked in this order, whole word first, then contained."""

DIRECTIONS = {
    **dict.fromkeys(("借", "借方", "d", "dr", "debit", "s"), 1.0),
    **dict.fromkeys(("贷", "贷方", "c", "cr", "credit", "h"), -1.0),
}
"""A ledger line's side, as a direction column writes it (SAP's 借贷标识: S debit, H credit): 1 for a debit, -1
for a credit."""
_TRUE = {"是", "y", "yes", "true", "t", "1", "√", "对", "已解决", "解决", "有"}
_FALSE = {"否", "n", "no", "false", "f", "0", "×", "x", "错", "未解决", "无", ""}


@dataclass
class Converted:
    """A converted column: typed values (missing where empty or bad) and the bad cells by reason code."""

    values: pd.Series
    failures: dict[str, np.ndarray] = field(default_factory=dict)


def clean_text(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray:
    """Trim whitespace and, if the column has compatibility characters, apply NFKC (full-width ０-９，（）￥ and
    the ideographic space become 0-9,()¥ and a space)."""
    column = pc.utf8_trim_whitespace(column)
    if _may_have_compatibility(column) and pc.any(pc.match_substring_regex(column, _COMPATIBILITY)).as_py():
        column = pc.utf8_trim_whitespace(pc.utf8_normalize(column, form="NFKC"))
    return column


def _may_have_compatibility(column: pa.ChunkedArray | pa.Array) -> bool:
    """False when no cell can hold a _COMPATIBILITY character: a quick scan of the text bytes for the first
    UTF-8 byte those characters share, before the exact per-cell check (which is ten times slower)."""
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    for chunk in chunks:
        text = chunk.buffers()[2]
        if text is not None and any(text.to_pybytes().find(lead) >= 0 for lead in _COMPATIBILITY_LEADS):
            return True
    return False


def empty_mask(column: pa.ChunkedArray) -> np.ndarray:
    """True where a cleaned cell is empty."""
    return _np(pc.equal(column, ""))


def contains(column: pa.ChunkedArray, text: str) -> np.ndarray:
    """True where a cleaned cell contains `text`."""
    return _np(pc.match_substring(column, text))


_ZERO_DASHES = ("-", "--", "—", "–", "——")


def to_number(
    column: pa.ChunkedArray, unit: float = 1.0, percent: bool = False, dash_is_zero: bool = False
) -> Converted:
    """Parse numbers: 1234.5, 1,234.50, ¥ ￥ 元 RMB, negatives -5 (5) （5） 5- −5, units 万/千 in the cell, % if
    allowed, a dash alone as zero if `dash_is_zero` (money, as Excel's accounting format shows zero)."""
    fast = _np(pc.match_substring_regex(column, _PLAIN_NUMBER))
    values = np.full(len(column), np.nan)
    if fast.any():
        values[fast] = pc.cast(pc.filter(column, pa.array(fast)), pa.float64()).to_numpy(zero_copy_only=False)
    slow = ~fast & ~empty_mask(column)
    bad = np.zeros(len(column), dtype=bool)
    if slow.any():
        parsed = _per_distinct(column, slow, lambda text: _number_text(text, percent, dash_is_zero))
        bad[slow] = np.isnan(parsed)
        values[slow] = parsed
    return Converted(pd.Series(values * unit), {"not_a_number": bad} if bad.any() else {})


def _number_text(text: str, percent: bool, dash_is_zero: bool = False) -> float:
    """The slow path of to_number for one distinct cell; NaN when it is not a number. The minus sign −
    (U+2212) is a minus."""
    text = _CURRENCY.sub("", text).replace("\u2212", "-")
    if text in _ZERO_DASHES:
        return 0.0 if dash_is_zero else np.nan
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text.startswith("-"):
        negative, text = not negative, text[1:]
    elif text.endswith("-"):
        negative, text = True, text[:-1]
    text = _CURRENCY.sub("", text.lstrip("+"))
    scale = 1.0
    if text.endswith("%") and percent:
        scale, text = 0.01, text[:-1]
    if text and text[-1] in _UNITS:
        scale, text = _UNITS[text[-1]], text[:-1]
    if "," in text:
        if not _GROUPED.match(text):
            return np.nan
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        return np.nan
    value = float(text) * scale
    return -value if negative else value


def to_seconds(column: pa.ChunkedArray, unit: float = 1.0) -> Converted:
    """A length of time in seconds: a number of seconds (205, times `unit`), a clock reading (3:25, 0:03:25,
    1:02:03) or in units, Chinese or English (3分25秒, 1小时2分, 3.5分钟, 3m 25s, 1h 2min, 205 sec), as
    call-center systems export talk and wait times."""
    converted = to_number(column, unit)
    bad = converted.failures.get("not_a_number")
    if bad is None:
        return converted
    seconds = _per_distinct(column, bad, _duration_text)
    values = converted.values.to_numpy(copy=True)
    values[bad] = seconds
    still_bad = bad & np.isnan(values)
    return Converted(pd.Series(values), {"not_a_duration": still_bad} if still_bad.any() else {})


def _duration_text(text: str) -> float:
    """The slow path of to_seconds for one distinct cell; NaN when it is not a length of time."""
    if match := _CLOCK_DURATION.fullmatch(text.strip()):
        hours, minutes, seconds = (float(part or 0) for part in match.groups())
        if seconds >= 60 or (match[1] and minutes >= 60):
            return np.nan
        return hours * 3600 + minutes * 60 + seconds
    match = _UNIT_DURATION.fullmatch(text.replace(" ", "").lower())
    if match and any(match.groups()):
        hours, minutes, seconds = (float(part or 0) for part in match.groups())
        return hours * 3600 + minutes * 60 + seconds
    return np.nan


_CLOCK_DURATION = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)")
_UNIT_DURATION = re.compile(
    r"(?:(\d+(?:\.\d+)?)(?:小时|时|hours?|hrs?|h))?"
    r"(?:(\d+(?:\.\d+)?)(?:分钟|分|minutes?|mins?|m))?"
    r"(?:(\d+(?:\.\d+)?)(?:秒钟?|seconds?|secs?|s))?"
)


def to_money(column: pa.ChunkedArray, unit: float = 1.0) -> Converted:
    """Money in yuan rounded to the cent; `unit` is 10000 for a 金额(万元) column, 1000 for 千元. A dash alone is
    zero, as Excel's accounting format shows it (and writes it to CSV)."""
    converted = to_number(column, unit, dash_is_zero=True)
    converted.values = converted.values.round(2)
    return converted


def to_integer(column: pa.ChunkedArray, unit: float = 1.0) -> Converted:
    """Whole numbers (counts); 12.0 is accepted, 12.5 is not."""
    converted = to_number(column, unit)
    values = converted.values.to_numpy()
    fractional = ~np.isnan(values) & (values != np.round(values))
    if fractional.any():
        converted.failures["not_an_integer"] = fractional
        values = np.where(fractional, np.nan, values)
    converted.values = pd.Series(values).astype("Int64")
    return converted


def to_ratio(column: pa.ChunkedArray) -> Converted:
    """A share between 0 and 1: 0.85 or 85%."""
    return to_number(column, percent=True)


def to_datetime(
    column: pa.ChunkedArray, date_order: str | None = None, month_only: bool = False
) -> Converted:
    """Dates and times: ISO, 2024/6/18, 2024-6-18, 2024年6月18日, 20240618, Excel serials, HH:MM[:SS] after the
    date, a time range's start (08:00-08:30, 8:00~8:30: an interval report's 时段); YYMMDD (990201) only when
    `date_order` is 'yymmdd'; with `month_only`, also 2024-06, 2024年6月, the ledger period 2024年第6期 and a
    year and a month joined from two columns (2024 6)."""
    stamps = _iso_stamps(column)
    slow = np.isnat(stamps) & ~empty_mask(column)
    bad = np.zeros(len(column), dtype=bool)
    if slow.any():
        parsed = _per_distinct(
            column, slow, lambda t: _datetime_text(t, date_order, month_only), np.datetime64("NaT", "s")
        )
        stamps[slow] = parsed.astype("datetime64[s]")
        bad[slow] = np.isnat(stamps[slow])
    code = "not_a_date" if month_only else "not_a_datetime"
    return Converted(pd.Series(stamps), {code: bad} if bad.any() else {})


def _iso_stamps(column: pa.ChunkedArray) -> np.ndarray:
    """The vectorised path of to_datetime, for zero-padded cells of fixed width: 2024-06-18, 2024-06-18 09:30 and
    2024-06-18 09:30:00 ('/' for '-' and 'T' for the space also taken). Cells of one width are read
    _ISO_BLOCK_ROWS at a time by _layout_stamps; every other cell is NaT here and left to the slow path."""
    stamps = np.full(len(column), np.datetime64("NaT"), "datetime64[s]")
    lengths = pc.binary_length(column).to_numpy(zero_copy_only=False)
    for layout, other in zip(_ISO_LAYOUTS, _ISO_OTHER_SEPARATORS, strict=True):
        rows = np.flatnonzero(lengths == len(layout))
        every_cell = len(rows) == len(column)  # the usual case: the blocks are slices, nothing is gathered
        for start in range(0, len(rows), _ISO_BLOCK_ROWS):
            block = rows[start : start + _ISO_BLOCK_ROWS]
            texts = column.slice(start, len(block)) if every_cell else pc.take(column, block)
            stamps[block] = _layout_stamps(texts, layout, other)
    return stamps


def _layout_stamps(texts: pa.ChunkedArray | pa.Array, layout: bytes, other: bytes) -> np.ndarray:
    """Cells all as wide as `layout`, read as a matrix of bytes and checked as the slow path's datetime() would
    (digits where the layout has 0, its separators or the other ones, month 1-12, the month's last day,
    23:59:59); the moments, NaT where a cell fails."""
    width = len(layout)
    texts = texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts
    cells = pc.cast(texts, pa.binary(width))
    chars = np.frombuffer(cells.buffers()[1], np.uint8, len(cells) * width, cells.offset * width)
    chars = chars.reshape(len(cells), width)
    digits = chars - np.uint8(ord("0"))  # bytes below '0' wrap around to large values
    expected, other = np.frombuffer(layout, np.uint8), np.frombuffer(other, np.uint8)
    at_digit, at_separator = expected == ord("0"), expected != ord("0")
    separators = chars[:, at_separator]
    ok = (digits[:, at_digit] <= 9).all(axis=1)
    ok &= ((separators == expected[at_separator]) | (separators == other[at_separator])).all(axis=1)

    def two_digits(start: int) -> np.ndarray | int:
        if start >= width:
            return 0  # no time part in this layout
        return (digits[:, start] * np.uint8(10) + digits[:, start + 1]).astype(np.int32)

    year = two_digits(0) * 100 + two_digits(2)
    month, day, hour, minute, second = (two_digits(i) for i in (5, 8, 11, 14, 17))
    ok &= (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    ok &= (day <= _MONTH_DAYS[np.clip(month, 1, 12) - 1]) & (hour < 24) & (minute < 60) & (second < 60)
    leap_day = np.flatnonzero((month == 2) & (day == 29))
    if len(leap_day):
        leap_year = year[leap_day]
        ok[leap_day] &= (leap_year % 4 == 0) & ((leap_year % 100 != 0) | (leap_year % 400 == 0))
    months = np.where(ok, (year - 1970) * 12 + month - 1, 0).astype("datetime64[M]")
    moments = months.astype("datetime64[s]") + ((day - 1) * 86400 + hour * 3600 + minute * 60 + second)
    moments[~ok] = np.datetime64("NaT")
    return moments


def to_date(column: pa.ChunkedArray, date_order: str | None = None, month_only: bool = False) -> Converted:
    """Calendar dates (a time part, if any, is dropped); `month_only` maps 2024-06 to 2024-06-01."""
    converted = to_datetime(column, date_order, month_only)
    stamps = converted.values.to_numpy().astype("datetime64[D]")
    if month_only:
        stamps = stamps.astype("datetime64[M]").astype("datetime64[D]")
    bad = next(iter(converted.failures.values()), None)
    failures = {"not_a_month" if month_only else "not_a_date": bad} if bad is not None else {}
    if month_only and bad is not None:
        adjustment = bad & _np(pc.match_substring_regex(column, _ADJUSTMENT_PERIOD.pattern, ignore_case=True))
        if adjustment.any():
            failures = {"not_a_month": bad & ~adjustment, "adjustment_period": adjustment}
    return Converted(pd.Series(stamps.astype("datetime64[s]")), failures)


def month_code(text: str) -> str | None:
    """A month typed once (2025-01, 2025年1月, JAN-25) as 2025-01; None when it is no month."""
    stamp = to_date(pa.chunked_array([pa.array([text.strip()], pa.string())]), month_only=True).values[0]
    return None if pd.isna(stamp) else f"{stamp:%Y-%m}"


def month_digits(text: str) -> str:
    """The digits of a month written alone (1, 01, 1月, 1月份: '1', '01'); empty when the cell is no month."""
    match = MONTH_NUMBER.match(str(text).strip())
    return match[1] if match else ""


def _datetime_text(text: str, date_order: str | None, month_only: bool) -> np.datetime64:
    """The slow path of to_datetime for one distinct cell; NaT when it is not a date."""
    if month_only and (match := _MONTH_NAME.match(text.strip())) and match[1].lower() in _MONTH_NAMES:
        year = match[2] if len(match[2]) == 4 else _century(match[2]) + match[2]
        return _stamp(year, _MONTH_NAMES[match[1].lower()], "1")
    text = clock_text(text.strip())  # 8时30分: 8:30
    text = _RANGE_END.sub(lambda m: m[1] or m[2], text)  # 08:00-08:30: the interval's start
    if _WITH_OFFSET.fullmatch(text.strip()):  # 2025-01-05T15:05:00+08:00 or ...Z: China's wall clock (UTC+8)
        moment = dt.datetime.fromisoformat(text.strip())
        return np.datetime64(moment.astimezone(_CHINA_TIME).replace(tzinfo=None), "s")
    text = _FRACTION.sub(r"\1", text)  # 15:05:00.123 (phone-system exports): whole seconds
    text = text.replace("年度", "年").replace(
        "月份", "月"
    )  # 2025年度 1月份, a year and a month from two columns
    text = text.replace("年", "-").replace("月", "-").replace("日", " ").replace("号", " ")
    text = text.replace("时", ":").replace("分", ":").replace("秒", "").replace("T", " ")
    text = re.sub(r"[/.]", "-", text).strip()
    text = re.sub(r"-\s+", "-", text).rstrip(":")
    try:
        if re.fullmatch(r"\d{5}(\.\d+)?", text) and 20000 <= float(text) < 80000:
            return np.datetime64(_EXCEL_EPOCH + dt.timedelta(days=float(text)), "s")
        if match := _DATE.match(text):
            return _stamp(*match.groups())
        if (match := _COMPACT.match(text)) and (len(match[1]) == 8 or date_order == "yymmdd"):
            digits = match[1] if len(match[1]) == 8 else _century(match[1][:2]) + match[1]
            return _stamp(digits[:4], digits[4:6], digits[6:8], *match.groups()[1:])
        if month_only and (match := _MONTH.match(text)):
            year, month = (match[1], match[2]) if match[1] else (match[3], match[4])
            return _stamp(year, month, "1")
        if month_only and (match := _PERIOD.match(text)):  # twelve periods a year, one a month
            return _stamp(match[1], match[2], "1")
        if month_only and (match := _FISCAL_PERIOD.match(text)):
            period, year = (match[1], match[2]) if match[1] else (match[4] or match[5], match[3])
            return _stamp(year, period, "1")
    except ValueError:
        pass
    return np.datetime64("NaT")


_WITH_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})")
_FRACTION = re.compile(r"(\d:\d{2})[.,]\d+")
_HM, _HMS, _UNTIL = r"\d{1,2}:\d{2}", r"\d{1,2}:\d{2}:\d{2}", r"\s*(?:-|~|～|–|—|至|到)\s*"
_RANGE_END = re.compile(rf"(?<![T\d:])(?:({_HM}){_UNTIL}{_HM}|({_HMS}){_UNTIL}{_HMS})$")
"""A time range's end after its start, both HH:MM or both HH:MM:SS (15:05:00-05:00 is an ISO offset)."""
_CHINESE_CLOCK = re.compile(r"(\d{1,2})[时点](?:(\d{1,2})分)?(?:(\d{1,2})秒)?")


def clock_text(text: str) -> str:
    """Times of day written in Chinese units as a clock reads them: 8时30分 → 8:30, 8点 → 8:00, 8时00分-8时30分 →
    8:00-8:30 (a date's 年月日 is left as it is)."""
    return _CHINESE_CLOCK.sub(
        lambda m: f"{m[1]}:{int(m[2] or 0):02d}" + (f":{int(m[3]):02d}" if m[3] else ""), text
    )


TIME_OF_DAY = re.compile(rf"^(?:{_HM}|{_HMS}|{_HM}{_UNTIL}{_HM}|{_HMS}{_UNTIL}{_HMS})$")
"""A cell that is a time of day alone (08:30, 8:30:00) or a range of them (08:00-08:30), with no date; one in
Chinese units (8时30分, 8时00分-8时30分) matches once it is clock_text."""
_CHINA_TIME = dt.timezone(dt.timedelta(hours=8))


def _century(yy: str) -> str:
    return "19" if int(yy) >= 70 else "20"


def _stamp(year, month, day, hour=None, minute=None, second=None) -> np.datetime64:
    moment = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    return np.datetime64(moment, "s")


def to_id(column: pa.ChunkedArray) -> Converted:
    """Ids stay text exactly as written (leading zeros kept); 1.23E+17 is refused: Excel already lost digits, so
    the id is no id (left empty, it cannot also be reported as a duplicate of another such id)."""
    scientific = _np(pc.match_substring_regex(column, _SCIENTIFIC_ID))
    if not scientific.any():
        return Converted(_text_series(column), {})
    ids = _text_series(column).mask(scientific)
    return Converted(ids, {"id_scientific_notation": scientific})


def to_text(column: pa.ChunkedArray) -> Converted:
    """Free text, cleaned; empty cells become missing."""
    return Converted(_text_series(column))


def to_channel(column: pa.ChunkedArray) -> Converted:
    """Channel codes from what systems write: 电话/热线/呼入 phone, 在线 online, 微信/公众号 wechat, 邮件 email, 工单 ticket."""
    return _lookup(column, channel_code, "unknown_channel")


def channel_code(word: str) -> str | None:
    """The channel code for one cell's word, or None."""
    word = word.strip().lower()
    for code, words in CHANNEL_WORDS:
        if word in words:
            return code
    for code, words in CHANNEL_WORDS:
        if any(len(w) > 1 and not w.isdigit() and w in word for w in words):
            return code
    return None


def to_bool(column: pa.ChunkedArray) -> Converted:
    """Yes/no: 是/否, Y/N, true/false, 1/0, √/×."""

    def _word(text: str) -> bool | None:
        text = text.strip().lower()
        return True if text in _TRUE else False if text in _FALSE else None

    return _lookup(column, _word, "not_a_boolean")


def to_direction(column: pa.ChunkedArray) -> Converted:
    """A ledger line's side, 借/贷 (D/C, Dr/Cr, S/H): 1.0 for a debit, -1.0 for a credit."""
    return _lookup(column, lambda t: DIRECTIONS.get(t.strip().lower()), "not_a_direction")


def to_choice(column: pa.ChunkedArray, choices: dict[str, str]) -> Converted:
    """A closed list of codes, recognising the words in `choices` (e.g. 全职 -> full_time)."""
    lowered = {k.lower(): v for k, v in choices.items()}
    return _lookup(column, lambda t: lowered.get(t.strip().lower().replace(" ", "_")), "unknown_choice")


def _lookup(column: pa.ChunkedArray, word_to_value: Callable[[str], object], code: str) -> Converted:
    """Map each distinct non-empty cell through a lookup; cells it cannot map fail with `code`."""
    encoded = pc.dictionary_encode(column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column)
    mapped = pa.array([word_to_value(w) if w else None for w in encoded.dictionary.to_pylist()])
    if mapped.type == pa.null():
        mapped = mapped.cast(pa.string())
    typed = pc.take(mapped, encoded.indices)
    bad = _np(pc.is_null(typed)) & ~empty_mask(column)
    return Converted(pd.Series(pd.arrays.ArrowExtensionArray(typed)), {code: bad} if bad.any() else {})


def _per_distinct(column: pa.ChunkedArray, mask: np.ndarray, convert: Callable, missing: object = np.nan):
    """Apply a one-cell converter once per distinct value among the masked cells; returns their results."""
    texts = pc.filter(column, pa.array(mask)) if not mask.all() else column
    encoded = pc.dictionary_encode(texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    results = [convert(text) for text in encoded.dictionary.to_pylist()]
    dtype = object if missing is None else np.asarray([missing]).dtype
    table = np.empty(len(results), dtype=dtype)
    table[:] = results
    return table[codes]


def _text_series(column: pa.ChunkedArray) -> pd.Series:
    """Text as an Arrow-backed Series (no Python objects per cell); empty cells become missing."""
    with_nulls = pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)
    return pd.Series(pd.arrays.ArrowExtensionArray(with_nulls))


def _np(mask: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return pc.fill_null(mask, False).to_numpy(zero_copy_only=False).astype(bool)
