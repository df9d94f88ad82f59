"""Which of the user's columns feeds which field: header recognition, and mapping profiles per source system.

`propose_mapping` matches headers against each field's Chinese and English names with a confidence, and reads
units from headers such as 金额(万元). A `Mapping` is what the user confirms (or edits) on the page; saved as a
named profile, the next file from the same system maps itself. Built-in profiles for the reference data ship as
JSON in `analytics/ingest/profiles/`. A profile may declare, explicitly, that a field is built from several columns
(joined: an id from line + call id, a timestamp from a date column and a time column), a constant (every row is
channel phone), a date order (990201 is YYMMDD), or an aggregation (one ticket per case id from an event log).
A field with a short list of values (a channel, an employment type, an interval's length), or one whose text a
whole file may share (a cost center, a team), can be given one value for every row of a file that has no column
for it (`takes_every_row`, `with_every_row`): a hotline's daily export has no channel column, every row is phone;
a department's ledger has no cost-center column, every row is its own. `propose_for_file` also reads the cells:
a column of times of day (08:30) is joined to the file's date column, an interval report's length is the step
between its rows, a ledger's amount is its debit net of its credit where the file has both columns (借方金额 −
贷方金额) or its one amount signed by its 借/贷 direction column, a one-account ledger's account is the one its
title names, and a voucher number that repeats is joined with the line number (凭证字号 + 分录号). A cost file
with no voucher column at all is read as a monthly cost summary: one line per month, cost center and account,
whose id is built from them (汇总/2025-01/热线中心/办公费), so a corrected summary re-imported updates its lines.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping as MappingOf
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics import store
from analytics.channels import CHANNELS
from analytics.ingest import normalise as nz
from analytics.ingest.kinds import Field, get_kind
from analytics.ingest.readers import MONEY_UNITS

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"
SURE = 0.8
"""Matches below this confidence are shown to the user as unsure."""

_UNIT_IN_HEADER = (("亿元", 1e8), ("百万元", 1e6), ("万元", 1e4), ("(万)", 1e4), ("千元", 1e3), ("(千)", 1e3))
_TIME_UNIT_IN_HEADER = (
    ("(分钟)", 60.0),
    ("(分)", 60.0),
    ("(min)", 60.0),
    ("(小时)", 3600.0),
    ("(h)", 3600.0),
)
"""Units a header gives a length of time stored in seconds: 通话时长(分钟) holds minutes."""
_BRACKETS = re.compile(r"[(\[（【].*?[)\]）】]")


@dataclass
class Mapping:
    """How one file's columns become one kind's fields; saved by name as a mapping profile."""

    kind: str
    columns: dict[str, str | list[str]] = field(default_factory=dict)  # field -> header, or headers to join
    constants: dict[str, str] = field(default_factory=dict)  # field -> the text every row gets
    units: dict[str, float] = field(default_factory=dict)  # field -> multiplier, e.g. 10000 for 万元
    date_order: str | None = None  # "yymmdd" for six-digit dates like 990201
    aggregate: dict | None = None  # {"group_by": field, "first": [fields], "last": [fields]}
    source: str | None = None  # the source system the profile belongs to
    name: str | None = None
    description: str = ""
    # a monthly cost summary: no voucher numbers, each line's id built from its month, cost center, account
    summary: bool = False

    def maps(self, name: str) -> bool:
        """True when the file gives the field: a column, columns joined, one value for every row, or (a summary
        line's id) its month, cost center and account."""
        return name in self.columns or name in self.constants or (self.summary and name == "entry_id")

    def to_json(self) -> str:
        """The profile as JSON (what mapping_profiles.mapping_json stores)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        """A profile from its JSON."""
        return cls(**json.loads(text))


@dataclass(frozen=True)
class ColumnMatch:
    """One header of the file, the field it was matched to (or None), how sure, and the unit it declares."""

    header: str
    field: str | None
    confidence: float
    unit: float = 1.0


def header_key(header: str) -> str:
    """A header folded for comparison: NFKC, lower case, no spaces, underscores or dashes."""
    return re.sub(r"[\s_\-:：]", "", unicodedata.normalize("NFKC", header).lower())


def header_unit(header: str) -> float:
    """The multiplier a header declares: 金额(万元) 10000, 金额(千元) 1000, else 1."""
    folded = unicodedata.normalize("NFKC", header)
    return next((unit for word, unit in _UNIT_IN_HEADER if word in folded), 1.0)


def _states_unit(header: str) -> bool:
    """True when a header names its money unit, 元 included: 金额(元), 金额(万元), 金额(千)."""
    folded = unicodedata.normalize("NFKC", header)
    return "元" in folded or header_unit(header) != 1.0


def field_unit(f: Field, header: str) -> float:
    """The multiplier a header declares for a field: 60 for a length of time in minutes (通话时长(分钟)), else
    header_unit's (金额(万元): 10000)."""
    if f.type != "duration":
        return header_unit(header)
    folded = unicodedata.normalize("NFKC", header).lower()
    return next((unit for word, unit in _TIME_UNIT_IN_HEADER if word in folded), 1.0)


def _score(header: str, names: tuple[str, ...], column: str = "") -> float:
    """How sure a header names a field with these names (`column`: the field's column name). A template header,
    a name with the column name in brackets ("日期 (date)", "Date (date)"), is sure."""
    whole = header_key(header)
    outside = header_key(_BRACKETS.sub("", unicodedata.normalize("NFKC", header))) or whole
    inside = [
        header_key(m) for m in re.findall(r"[(\[（【](.*?)[)\]）】]", unicodedata.normalize("NFKC", header))
    ]
    keys = [header_key(n) for n in names]
    if whole in keys or (column and header_key(column) in inside and outside != whole):
        return 1.0
    if outside in keys:
        return 0.95
    if any(i in keys for i in inside):
        return 0.9
    if any(len(k) >= 2 and (k in outside or (len(outside) >= 2 and outside in k)) for k in keys):
        return 0.6
    return 0.0


def propose_mapping(headers: list[str], kind: str) -> tuple[Mapping, list[ColumnMatch]]:
    """Match the file's headers to the kind's fields; each field and each header is used at most once. Of two
    headers as sure, the one that is the field's own column name wins (interval_start over the alias interval),
    then the one further left."""
    spec = get_kind(kind)
    candidates = sorted(
        (
            (_score(h, f.headers, f.name), header_key(h) == header_key(f.name), -i, h, f.name)
            for i, h in enumerate(headers)
            for f in spec.fields
        ),
        reverse=True,
    )
    chosen: dict[str, tuple[str, float]] = {}
    used: set[str] = set()
    for score, _, _, header, name in candidates:
        if score > 0 and name not in chosen and header not in used:
            chosen[name] = (header, score)
            used.add(header)
    by_header = {h: (n, s) for n, (h, s) in chosen.items()}
    matches = []
    for h in headers:
        name, score = by_header.get(h, (None, 0.0))
        unit = field_unit(spec.field(name), h) if name else header_unit(h)
        matches.append(ColumnMatch(h, name, score, unit))
    mapping = Mapping(
        kind=kind,
        columns={name: header for name, (header, _) in chosen.items()},
        units={m.field: m.unit for m in matches if m.field and m.unit != 1.0},
    )
    return mapping, matches


INTERVAL_MINUTES = ("5", "10", "15", "30", "60")
"""The interval lengths offered for every row of a file of interval volume: the lengths ACD reports use (any
whole number of minutes the field allows is taken when typed)."""


def every_row_values(f: Field) -> tuple[str, ...]:
    """The values a field can be given for every row instead of a column (codes, in order): a channel, an
    employment type, an interval's length in minutes; () for a field whose values are open (ids, amounts)."""
    if f.type == "channel":
        return CHANNELS
    if f.type == "choice":
        return tuple(dict.fromkeys(f.choices.values()))
    if f.name == "interval_minutes":
        return INTERVAL_MINUTES
    return ()


def takes_every_row(f: Field) -> bool:
    """True when a field can be given one value for every row: from its list, or typed (a cost center)."""
    return bool(every_row_values(f)) or f.typed_for_file


def with_every_row(mapping: Mapping, values: MappingOf[str, str]) -> Mapping:
    """The mapping with each field of `values` given that value for every row in place of any column; a value
    may be the code or a word the field's cells would be read as (电话, 全职), or any text where the field's is
    typed (热线中心). ValueError names the field or the value not allowed, and the values that are."""
    spec = get_kind(mapping.kind)
    fields = {f.name: f for f in spec.fields}
    constants = dict(mapping.constants)
    for name, value in values.items():
        f = fields.get(name)
        if f is None or not takes_every_row(f):
            offered = [g.name for g in spec.fields if takes_every_row(g)]
            raise ValueError(
                f"{name!r} cannot be given one value for every row of {mapping.kind}; fields that can: "
                + (", ".join(offered) or "none")
            )
        code = every_row_code(f, value)
        if code is None:
            raise ValueError(f"{value!r} is not a value of {name}; it takes {_every_row_takes(f)}")
        constants[name] = code
    columns = {k: v for k, v in mapping.columns.items() if k not in values}
    return replace(mapping, columns=columns, constants=constants)


JOINABLE_TYPES = ("datetime", "month", "money", "id")
"""The field types two columns can make: a space joins a date and a time or a year and a month, a minus nets a
debit and a credit (or an amount is signed by its 借/贷 column), a dash joins an id's parts."""


def with_joined(mapping: Mapping, joins: MappingOf[str, list[str]]) -> Mapping:
    """The mapping with each field of `joins` read from those two columns (created_at from 受理日 and 受理时间),
    in place of a column or a value for every row. ValueError names a field that cannot be, or a pair that is
    not two different columns."""
    spec = get_kind(mapping.kind)
    fields = {f.name: f for f in spec.fields}
    for name, headers in joins.items():
        f = fields.get(name)
        if f is None or f.type not in JOINABLE_TYPES:
            offered = [g.name for g in spec.fields if g.type in JOINABLE_TYPES]
            raise ValueError(
                f"{name!r} cannot be read from two columns; fields that can: {', '.join(offered)}"
            )
        if len(headers) != 2 or headers[0] == headers[1]:
            raise ValueError(f"{name!r} takes two different columns, not {' + '.join(headers)!r}")
    columns = {**mapping.columns, **{name: list(headers) for name, headers in joins.items()}}
    constants = {k: v for k, v in mapping.constants.items() if k not in joins}
    summary = mapping.summary and "entry_id" not in joins
    return replace(mapping, columns=columns, constants=constants, summary=summary)


def every_row_code(f: Field, value: str) -> str | None:
    """The code a value typed for every row stands for (a channel's or a choice's word read as the cells are, a
    number of minutes within the field's range, the text itself), or None when it stands for none."""
    if f.type == "month":
        return nz.month_code(value)
    if f.typed_for_file:
        return value.strip() or None
    if f.type == "channel":
        return nz.channel_code(value)
    if f.type == "choice":
        return {k.lower(): v for k, v in f.choices.items()}.get(value.strip().lower())
    number = value.strip()
    return number if number.isdigit() and f.low <= int(number) <= f.high else None


def _every_row_takes(f: Field) -> str:
    """What a field takes for every row, for an error message."""
    if f.type == "month":
        return "a month, as 2025-01 or 2025年1月"
    if f.typed_for_file:
        return "text that is not empty"
    if f.type == "int":
        return f"a whole number from {f.low:g} to {f.high:g}"
    return ", ".join(every_row_values(f))


def joiner(f: Field) -> str:
    """What joins a field's columns: a space between a date and a time, a minus between a debit and a credit, a
    dash between the parts of an id."""
    if f.type == "money":
        return " − "
    return " " if f.type in ("date", "datetime", "month") else "-"


DATE_HEADERS = ("日期", "date", "统计日期", "业务日期", "通话日期", "报表日期", "day", "report_date")
"""Headers of a file's date column, the one a column of times of day takes its date from."""
_SAMPLE_ROWS = 500
_STEP_ROWS = 5_000  # the rows an interval length is read from: days of intervals, quick on a million-row file


DEBIT_HEADERS = ("借方金额", "借方", "借方发生额", "本期借方", "debit", "debit_amount")
CREDIT_HEADERS = ("贷方金额", "贷方", "贷方发生额", "本期贷方", "credit", "credit_amount")
"""A ledger's two amount columns: an expense is booked as a debit, a reversal of one as a credit."""
DIRECTION_HEADERS = (
    "借贷方向",
    "借贷",
    "借/贷",
    "借贷标识",
    "借贷标志",
    "方向",
    "d/c",
    "dr/cr",
    "debit/credit",
)
"""A ledger's side column, for a file with one amount column: 借 or 贷 on each line (SAP: S or H)."""


def propose_for_file(raw, kind: str) -> tuple[Mapping, list[ColumnMatch]]:
    """propose_mapping from a file's headers (a readers.RawTable), then what its cells tell: a date-and-time field
    whose column holds times of day alone (08:30) takes its date from the file's date column (日期 + 时段, as a
    profile joins them), an interval report without a length column gets the step between its intervals as
    the length of every row (the most common gap between consecutive starts: 30 minutes), also in place of a
    column recognised as the length whose cells vary (interval, numbered 1 to 240, is a counter), a ledger's
    debit column is netted with its credit column (借方金额 − 贷方金额), a ledger's one amount column takes its
    sign from its 借/贷 direction column (a credit lowers the cost), and an id column that repeats (a voucher
    number) is joined with the line-number column (凭证字号 + 分录号); a one-account ledger without an account
    column gets the account its title names, a one-month sheet without a month column the month its title,
    sheet or file name names, and amounts the unit the table states (with_title), a month field whose
    column holds month numbers alone (1-12) is joined to the file's year column (年度 + 月份), and a cost file
    with no voucher column is read as a monthly summary (its lines' ids built from month, cost center, account)."""
    proposed, matches = propose_mapping(raw.headers, kind)
    proposed = _voucher_lines(_signed_by_direction(_net_of_credit(proposed, raw), raw), raw)
    proposed = with_summary_ids(with_title(_year_joined(proposed, raw), raw))
    return _interval_length(_dates_joined(proposed, raw), raw), matches


SUMMARY_PARTS = ("period", "cost_center", "source_category", "vendor", "channel")
"""What tells a summary's lines apart: a monthly cost summary has one line per month, cost center and account
(and per vendor and channel where it has those columns)."""
SUMMARY_ID_PREFIX = "汇总"
"""The start of a summary line's id (汇总/2025-01/热线中心/办公费): never a voucher number's."""


def with_summary_ids(proposed: Mapping) -> Mapping:
    """A cost file without any voucher column is taken for a monthly summary (its lines' ids built from their
    month, cost center and account); a file that is a ledger after all has lines that repeat those, reported."""
    if proposed.kind != "costs" or proposed.maps("entry_id"):
        return proposed
    return replace(proposed, summary=True)


LINE_HEADERS = ("分录号", "分录序号", "行号", "序号", "line", "line_no")
"""Headers of a voucher's line number, which with the voucher number makes a ledger line's id (记-12, line 2)."""


def _voucher_lines(proposed: Mapping, raw) -> Mapping:
    """A ledger line's id mapped to a column that repeats (a voucher number, one per voucher of several lines) is
    joined with the file's unused line-number column (凭证字号 + 分录号: 记-12-2), so each line has its own id.
    Ledgers only: a ticket id that repeats is an event log's, to be aggregated, not told apart."""
    voucher = proposed.columns.get("entry_id") if proposed.kind == "costs" else None
    if not isinstance(voucher, str):
        return proposed
    line = _unused_header(proposed, raw, LINE_HEADERS)
    cells = [c for c in nz.clean_text(raw.cells.column(voucher).slice(0, _SAMPLE_ROWS)).to_pylist() if c]
    if line is None or len(set(cells)) == len(cells):
        return proposed
    return replace(proposed, columns={**proposed.columns, "entry_id": [voucher, line]})


YEAR_HEADERS = ("年度", "年份", "年", "预算年度", "会计年度", "year", "fiscal_year")
"""Headers of a year column, the one a column of month numbers (月份: 1-12) takes its year from."""


def _year_joined(proposed: Mapping, raw) -> Mapping:
    """Each month field mapped to a column of month numbers alone (1, 01, 1月), joined to the file's unused
    year column when its cells are years (2025, 2025年): a budget's 年度 + 月份 read as 2025-01."""
    year = _unused_header(proposed, raw, YEAR_HEADERS)
    if year is None or not _all_cells(raw, year, nz.YEAR_NUMBER):
        return proposed
    columns = dict(proposed.columns)
    for f in get_kind(proposed.kind).fields:
        header = columns.get(f.name)
        if f.type == "month" and isinstance(header, str) and _all_cells(raw, header, nz.MONTH_NUMBER):
            columns[f.name] = [year, header]
    return replace(proposed, columns=columns)


def _all_cells(raw, header: str, pattern: re.Pattern) -> bool:
    """True when the column's first cells (those not empty) all match `pattern`."""
    cells = [c for c in nz.clean_text(raw.cells.column(header).slice(0, _SAMPLE_ROWS)).to_pylist() if c]
    return bool(cells) and all(pattern.match(c) for c in cells)


def with_title_account(m: Mapping, raw) -> Mapping:
    """A ledger of one account, named in its title (科目：6601.01 销售费用-客服工资), and without an account
    column: every row gets the title's account, in place of one typed for an earlier file (a profile's: the
    title says which account this file is)."""
    account = getattr(raw, "title_account", None)
    if m.kind != "costs" or not account or m.columns.get("source_category") is not None:
        return m
    return with_every_row(m, {"source_category": account})


def with_title(m: Mapping, raw) -> Mapping:
    """What a file's title says, over what a proposal or a profile holds: the account of a one-account ledger,
    the month of a one-month sheet, the money unit of the table (with_title_account, _month, _unit)."""
    return with_title_unit(with_title_month(with_title_account(m, raw), raw), raw)


def with_title_unit(m: Mapping, raw) -> Mapping:
    """Amounts in the unit the table states above it, under it or beside its headers (单位：万元): each money field
    read from columns whose headers state no unit of their own (金额(万元) says its own) takes it, in place of a
    profile's or an earlier sheet's; a table that states none keeps the mapping's."""
    stated = getattr(raw, "title_unit", None)
    if stated is None:
        return m
    units = dict(m.units)
    for f in get_kind(m.kind).fields:
        headers = m.columns.get(f.name)
        headers = [headers] if isinstance(headers, str) else headers or []
        if f.type == "money" and headers and not any(_states_unit(h) for h in headers):
            units[f.name] = MONEY_UNITS[stated]
            if units[f.name] == 1.0:
                del units[f.name]
    return replace(m, units=units)


def with_title_month(m: Mapping, raw) -> Mapping:
    """A file of one month without a month column (2025年1月客服费用, a sheet named 1月): each month field not
    read from a column gets the month its title, sheet or file name gives (RawTable.title_month), in place of
    one carried from an earlier sheet; without one, such a carried month is dropped (it was another file's)."""
    month = getattr(raw, "title_month", None)
    fields = [f.name for f in get_kind(m.kind).fields if f.type == "month" and m.columns.get(f.name) is None]
    constants = {k: v for k, v in m.constants.items() if k not in fields}
    if month:
        constants |= dict.fromkeys(fields, month)
    return replace(m, constants=constants)


def is_net(f: Field, headers: str | list[str] | None) -> bool:
    """True when a money field is read from two columns: a ledger's debit net of its credit, or its amount signed
    by its direction column (see by_direction)."""
    return f.type == "money" and isinstance(headers, list) and len(headers) == 2


def by_direction(headers: list[str]) -> bool:
    """True when a net amount's second column is a 借/贷 direction column rather than a credit column."""
    return _score(headers[1], DIRECTION_HEADERS) > _score(headers[1], CREDIT_HEADERS)


def _signed_by_direction(proposed: Mapping, raw) -> Mapping:
    """A money field mapped to one amount column, in a file with an unused direction column whose first cells
    are mostly 借 or 贷 (D/C, S/H), reads the amount signed by it: a credit line lowers the cost instead of adding
    to it. A debit column already netted with its credit column is left as it is."""
    direction = _unused_header(proposed, raw, DIRECTION_HEADERS)
    if direction is None:
        return proposed
    cells = [c for c in nz.clean_text(raw.cells.column(direction).slice(0, _SAMPLE_ROWS)).to_pylist() if c]
    if sum(c.lower() in nz.DIRECTIONS for c in cells) <= len(cells) / 2:  # a typo is reported, not a reason
        return proposed
    f = next((f for f in get_kind(proposed.kind).fields if f.type == "money"), None)
    amount = proposed.columns.get(f.name) if f else None
    if not isinstance(amount, str):
        return proposed
    return replace(proposed, columns={**proposed.columns, f.name: [amount, direction]})


def _net_of_credit(proposed: Mapping, raw) -> Mapping:
    """A money field mapped to a ledger's debit column, in a file with an unused credit column, reads the debit
    net of the credit: a reversal booked as a credit lowers the cost instead of being a row without an amount."""
    credit = _unused_header(proposed, raw, CREDIT_HEADERS)
    if credit is None:
        return proposed
    columns = dict(proposed.columns)
    for f in get_kind(proposed.kind).fields:
        debit = columns.get(f.name)
        if f.type == "money" and isinstance(debit, str) and _score(debit, DEBIT_HEADERS) >= 0.95:
            columns[f.name] = [debit, credit]
            return replace(proposed, columns=columns)
    return proposed


def _dates_joined(proposed: Mapping, raw) -> Mapping:
    """Each date-and-time field mapped to a column of times of day, joined to the file's unused date column."""
    date_header = _unused_header(proposed, raw, DATE_HEADERS)
    if date_header is None:
        return proposed
    columns = dict(proposed.columns)
    for f in get_kind(proposed.kind).fields:
        header = columns.get(f.name)
        if f.type == "datetime" and isinstance(header, str) and _times_of_day(raw, header):
            columns[f.name] = [date_header, header]
    return replace(proposed, columns=columns)


def _unused_header(proposed: Mapping, raw, names: tuple[str, ...]) -> str | None:
    """The file's first header the mapping does not use that surely names one of `names`, or None."""
    used = {h for v in proposed.columns.values() for h in ([v] if isinstance(v, str) else v)}
    return next((h for h in raw.headers if h not in used and _score(h, names) >= 0.95), None)


def _times_of_day(raw, header: str) -> bool:
    """True when the column's first cells (those not empty) are all times of day such as 08:30 or 8:30:00, or
    ranges of them (08:00-08:30)."""
    cells = [c for c in nz.clean_text(raw.cells.column(header).slice(0, _SAMPLE_ROWS)).to_pylist() if c]
    return bool(cells) and all(nz.TIME_OF_DAY.match(nz.clock_text(c)) for c in cells)


def _one_value(raw, header: str) -> bool:
    """True when the column's first cells (those not empty) hold one value: a length column, not a counter."""
    cells = nz.clean_text(raw.cells.column(header).slice(0, _SAMPLE_ROWS)).to_pylist()
    return len({c for c in cells if c}) == 1


def _interval_length(proposed: Mapping, raw) -> Mapping:
    """An interval file's length for every row, read from the steps between its first rows' starts, unless a
    column of one value gives it."""
    spec = get_kind(proposed.kind)
    if "interval_minutes" not in {f.name for f in spec.fields}:
        return proposed
    if "interval_minutes" in proposed.constants:
        return proposed
    length_column = proposed.columns.get("interval_minutes")
    if isinstance(length_column, str) and _one_value(raw, length_column):
        return proposed
    proposed = replace(
        proposed, columns={k: v for k, v in proposed.columns.items() if k != "interval_minutes"}
    )
    headers = proposed.columns.get("interval_start")
    if headers is None:
        return proposed
    first_rows = raw.cells.slice(0, _STEP_ROWS)
    parts = [
        nz.clean_text(first_rows.column(h)) for h in ([headers] if isinstance(headers, str) else headers)
    ]
    cells = parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, " ")  # a date, a time
    starts = nz.to_datetime(pa.chunked_array(cells), proposed.date_order).values.dropna().unique()
    gaps = np.diff(np.sort(starts.astype("datetime64[s]").astype(np.int64))) // 60
    gaps = gaps[gaps > 0]
    if not len(gaps):
        return proposed
    values, counts = np.unique(gaps, return_counts=True)
    step = int(values[counts.argmax()])
    return (
        replace(proposed, constants={**proposed.constants, "interval_minutes": str(step)})
        if step <= 1440
        else proposed
    )


def builtin_profiles() -> dict[str, Mapping]:
    """The profiles shipped with the product, by name."""
    profiles = {}
    for path in sorted(PROFILES_DIR.glob("*.json")):
        profile = Mapping.from_json(path.read_text(encoding="utf-8"))
        profiles[profile.name or path.stem] = profile
    return profiles


def list_profiles(con: duckdb.DuckDBPyConnection | None = None, kind: str | None = None) -> list[Mapping]:
    """Saved profiles (the database's, then built-in ones it does not override), optionally of one kind."""
    profiles = builtin_profiles()
    if con is not None:
        for (text,) in con.execute(
            "SELECT mapping_json FROM mapping_profiles ORDER BY profile_name"
        ).fetchall():
            saved = Mapping.from_json(text)
            profiles[saved.name] = saved
    return [p for p in profiles.values() if kind is None or p.kind == kind]


def load_profile(name: str, con: duckdb.DuckDBPyConnection | None = None) -> Mapping:
    """The profile with this name, saved or built in."""
    for profile in list_profiles(con):
        if profile.name == name:
            return profile
    raise KeyError(f"no mapping profile named {name!r}")


def save_profile(con: duckdb.DuckDBPyConnection, mapping: Mapping, wait: bool = False) -> None:
    """Save (or replace) a mapping under its name so the next file from the same system maps itself."""
    if not mapping.name:
        raise ValueError("a profile needs a name")
    months = {f.name for f in get_kind(mapping.kind).fields if f.type == "month"}
    mapping = replace(mapping, constants={k: v for k, v in mapping.constants.items() if k not in months})
    # a month given every row is the file's own (its title's, or typed for it), never the next file's
    with store.write_transaction(con, wait=wait) as cur:
        now = store._now()
        cur.execute(
            "INSERT INTO mapping_profiles VALUES (?, ?, ?, ?, ?) ON CONFLICT (profile_name) DO UPDATE SET"
            " kind = excluded.kind, mapping_json = excluded.mapping_json, updated_at = excluded.updated_at",
            [mapping.name, mapping.kind, mapping.to_json(), now, now],
        )
