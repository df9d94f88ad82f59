"""Checking a mapped file before anything is written, and the row-level report users read and download.

`validate` converts every mapped column (normalise.py), then checks required columns and values, types, ranges
(no negative counts, handle time up to a ceiling, CSAT 1-5), dates not after today, ids not repeated within the
file, and cost categories mapped to the one taxonomy. Problems with a cell become report rows: file, the row
number as Excel shows it, the user's column header, the cell as written, and a reason code with params (rendered
in the UI language by messages.py). Problems with the file as a whole (a required column not mapped, categories
nobody has mapped yet, a profile that aggregates an event log by something other than the key) block the import
in every mode.

Daily volume also gets notices: rows that are valid but implausible (a day SPIKE_FACTOR times the channel's
typical day, more handled than offered contacts). They use the report's columns and block nothing: the user
looks, then imports or fixes the file. Cost files get notices too: a credit that brings its month to zero (a
closing line), and months the same source system already holds in the other form (a summary over ledger lines, or
ledger lines over a summary), which would count twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics import exports
from analytics.ingest import normalise as nz
from analytics.ingest.kinds import DEFAULT_MAX_HANDLE_SECONDS, Field, Kind, get_kind
from analytics.ingest.mapping import (
    SUMMARY_ID_PREFIX,
    SUMMARY_PARTS,
    Mapping,
    by_direction,
    is_net,
    joiner,
    takes_every_row,
)
from analytics.ingest.messages import render_message
from analytics.ingest.readers import RawTable, free_name

REPORT_COLUMNS = ["file", "row", "column", "value", "code", "params"]
SPIKE_FACTOR = 20  # a day above 20x the channel's typical day is noticed; Double-11 peaks run about 3-10x
TYPICAL_MIN_DAYS = 14  # a file's own median day is the reference only with this many days of the channel


@dataclass
class Rules:
    """What the checks compare against: today, the handle-time ceiling, the taxonomy and the category map."""

    today: dt.date = field(default_factory=dt.date.today)
    max_handle_seconds: float = DEFAULT_MAX_HANDLE_SECONDS
    taxonomy_codes: frozenset[str] = frozenset()
    category_map: dict[str, str] = field(
        default_factory=dict
    )  # the source system's category -> taxonomy code
    typical_contacts: dict[str, float] = field(
        default_factory=dict
    )  # channel -> median daily contacts already stored (recent days)
    cost_lines: dict[tuple[str, str], tuple[int, frozenset[str]]] = field(
        default_factory=dict
    )  # (month 2025-01, cost center) -> this source's stored ledger lines (how many), summary lines (ids)


@dataclass
class Validation:
    """A validated file: normalised rows (with `_row`, the Excel row), which rows are valid, and the report."""

    kind: str
    frame: pd.DataFrame
    valid: np.ndarray
    report: pd.DataFrame  # REPORT_COLUMNS, one line per bad cell
    file_issues: list[dict]  # {"code": ..., **params}; any of these blocks the import
    notices: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=REPORT_COLUMNS)
    )  # block nothing
    file_name: str = ""  # the file the report names on every line, file problems included
    unread_rows: int = 0  # data rows the reader could not take (RawTable.unread_rows), reported, not in frame

    @property
    def rows(self) -> int:
        """The file's data rows, those the reader could not take included."""
        return len(self.frame) + self.unread_rows

    @property
    def rejected_rows(self) -> int:
        """Rows with at least one problem (including rows the reader could not take)."""
        return int(self.report["row"].nunique())

    @property
    def ok(self) -> bool:
        """True when nothing is wrong with any row or the file: an all-or-nothing import may proceed."""
        return not self.file_issues and self.report.empty

    def valid_frame(self) -> pd.DataFrame:
        """The valid rows: what a commit writes (the whole frame, not a copy, when every row is valid)."""
        return self.frame if self.valid.all() else self.frame[self.valid]


def validate(raw: RawTable, mapping: Mapping, rules: Rules | None = None) -> Validation:
    """Convert and check every mapped column of the file; nothing is written."""
    rules = rules or Rules()
    spec = get_kind(mapping.kind)
    file_issues = _mapping_issues(raw, mapping, spec)
    problems: list[pd.DataFrame] = [_reader_problems(raw)]
    frame = pd.DataFrame({"_row": raw.row_numbers})
    for f in spec.fields:
        if f.name in mapping.columns or f.name in mapping.constants:
            values, field_problems = _check_field(raw, mapping, f, rules)
            if values is not None:
                frame[f.name] = values.array
                problems.extend(field_problems)
    if mapping.summary and all(p in frame for p in SUMMARY_PARTS if spec.field(p).required):
        frame["entry_id"] = _summary_ids(frame, spec)  # a part not mapped is a missing column, reported
    problems.extend(_order_problems(raw, frame, spec, mapping))
    if not any(i["code"] in MISSING_COLUMN_CODES for i in file_issues):
        frame, category_issues = _resolve_categories(frame, spec, rules, mapping)
        file_issues += category_issues
        if not mapping.aggregate:
            problems.append(_duplicate_problems(raw, frame, spec, mapping))
    report = (
        pd.concat([p for p in problems if len(p)], ignore_index=True)
        if any(len(p) for p in problems)
        else None
    )
    if report is None:
        report = pd.DataFrame(columns=REPORT_COLUMNS)
    report = report.sort_values(["row", "column"], kind="stable", ignore_index=True)
    valid = ~np.isin(raw.row_numbers, report["row"].to_numpy())
    validation = Validation(
        mapping.kind, frame, valid, report, file_issues, file_name=raw.file_name, unread_rows=raw.unread_rows
    )
    if spec.table == "daily_volume":
        validation.notices = _volume_notices(raw, frame, valid, mapping, spec, rules)
    if spec.table == "cost_entries":
        notices = [_counted_twice(raw, frame, valid, mapping, spec, rules)]
        if mapping.summary:
            notices.append(_summary_lines_dropped(raw, frame, valid, mapping, spec, rules))
        if is_net(spec.field("amount"), mapping.columns.get("amount")):
            notices.append(_cancelling_credits(raw, frame, valid, mapping, spec))
        found = [n for n in notices if len(n)]
        if found:
            validation.notices = pd.concat(found, ignore_index=True).sort_values("row", kind="stable")
    return validation


def aggregate_events(frame: pd.DataFrame, mapping: Mapping) -> pd.DataFrame:
    """Collapse an event log to one row per group (the profile's `aggregate`): earliest of `first` fields,
    latest of `last` fields, the first row's value for the rest."""
    rule = mapping.aggregate
    if not rule or frame.empty:
        return frame
    ordered = frame.sort_values("_row", kind="stable")
    grouped = ordered.groupby(rule["group_by"], sort=False, dropna=False)
    out = grouped.first()
    for name in rule.get("first", []):
        out[name] = grouped[name].min()
    for name in rule.get("last", []):
        out[name] = grouped[name].max()
    return out.reset_index()


def report_table(validation: Validation, lang: str = "zh") -> pd.DataFrame:
    """The report with the reason rendered in the UI language: file, row, column, value, reason. Problems with the
    file as a whole come first, naming the file and the column (no row: they are not one row's)."""
    table = _rendered(validation.report, lang)
    issues = validation.file_issues
    if not issues:
        return table
    header = pd.DataFrame(
        {
            "file": validation.file_name,
            "row": pd.array([pd.NA] * len(issues), dtype="Int64"),
            "column": [i.get("column", "") for i in issues],
            "value": "",
            "reason": [render_message(i["code"], i, lang) for i in issues],
        }
    )
    return pd.concat([header, table], ignore_index=True)


def notice_table(validation: Validation, lang: str = "zh") -> pd.DataFrame:
    """The notices (valid rows worth a look) like the report: file, row, column, value, reason."""
    return _rendered(validation.notices, lang)


def _rendered(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    reasons = [render_message(c, p, lang) for c, p in zip(rows["code"], rows["params"], strict=True)]
    table = rows[["file", "row", "column", "value"]].copy()
    table["reason"] = reasons
    return table


def report_csv(validation: Validation, lang: str = "zh") -> bytes:
    """The row-level report as a CSV that opens cleanly in Excel (UTF-8 with BOM)."""
    return exports.csv_bytes(report_table(validation, lang), float_format=None)


def rejects_csv(
    raw: RawTable, validation: Validation, lang: str = "zh", labels: tuple[str, str] = ("row", "reason")
) -> bytes:
    """The skipped rows (`rejected_rows`) as a CSV that opens cleanly in Excel, to fix and import again."""
    return exports.csv_bytes(rejected_rows(raw, validation, lang, labels), float_format=None)


def rejected_rows(
    raw: RawTable, validation: Validation, lang: str = "zh", labels: tuple[str, str] = ("row", "reason")
) -> pd.DataFrame:
    """The skipped rows as the user wrote them, with their row number and reasons. `labels` name the two added
    columns (the UI passes them in its language); a file that already has a column of that name keeps it, and
    the added one is numbered."""
    bad = ~validation.valid
    rows = raw.cells.filter(pa.array(bad)).to_pandas(types_mapper=None)
    row_label = free_name(labels[0], rows.columns)
    rows.insert(0, row_label, raw.row_numbers[bad])
    table = report_table(validation, lang)
    reasons = table.dropna(subset=["row"]).groupby("row")["reason"].agg("; ".join)
    rows[free_name(labels[1], rows.columns)] = rows[row_label].map(reasons)
    return rows


def _check_field(
    raw: RawTable, mapping: Mapping, f: Field, rules: Rules
) -> tuple[pd.Series | None, list[pd.DataFrame]]:
    """One field's converted values and its problems: bad cells, missing required values, out of range."""
    if is_net(f, mapping.columns.get(f.name)) and set(mapping.columns[f.name]) <= set(raw.headers):
        return _net_amount(raw, mapping, f)
    headers, cells = _cells(raw, mapping, f)
    if cells is None:
        return None, []
    converted = _convert(cells, f, mapping)
    label = " + ".join(headers) if headers else f.template_header
    extra = {"choices": _choice_words(f.choices)} if f.choices else None
    problems = [_problems(raw, bad, label, cells, code, extra) for code, bad in converted.failures.items()]
    if f.required:
        problems.append(_problems(raw, nz.empty_mask(cells), label, cells, "required_value_missing"))
    problems.extend(_range_problems(raw, converted.values, f, label, cells, rules))
    return converted.values, problems


def _net_amount(raw: RawTable, mapping: Mapping, f: Field) -> tuple[pd.Series, list[pd.DataFrame]]:
    """A ledger's amount from its debit and credit columns: the debit net of the credit, an empty side 0. Each
    side's bad cells are reported under its own header; a row with both sides empty is missing its value, and a
    credit-only row whose memo says 结转 is a period-end closing line, not a cost (netted, it would cancel the
    month's costs). One amount column with a 借/贷 direction column is _signed_amount's."""
    headers = mapping.columns[f.name]
    if by_direction(headers):
        return _signed_amount(raw, mapping, f)
    sides = [nz.clean_text(raw.cells.column(h)) for h in headers]
    converted = [nz.to_money(side, mapping.units.get(f.name, 1.0)) for side in sides]
    problems = [
        _problems(raw, bad, header, side, code)
        for header, side, one in zip(headers, sides, converted, strict=True)
        for code, bad in one.failures.items()
    ]
    debit, credit = (one.values.to_numpy(dtype=float, na_value=np.nan) for one in converted)
    neither = np.isnan(debit) & np.isnan(credit)
    if f.required:
        both_empty = nz.empty_mask(sides[0]) & nz.empty_mask(sides[1])
        problems.append(
            _problems(raw, both_empty, joiner(f).join(headers), sides[0], "required_value_missing")
        )
    problems.extend(_closing_lines(raw, mapping, np.isnan(debit) & (credit > 0)))
    net = np.where(neither, np.nan, np.nan_to_num(debit) - np.nan_to_num(credit))
    return pd.Series(net.round(2)), problems


def _signed_amount(raw: RawTable, mapping: Mapping, f: Field) -> tuple[pd.Series, list[pd.DataFrame]]:
    """A ledger's one amount column signed by its direction column: 借 as it is, 贷 negated. Bad cells are
    reported under their own header, an amount without a direction is missing its direction, and a credit line
    whose memo says 结转 is a period-end closing line, not a cost."""
    amount_header, direction_header = mapping.columns[f.name]
    cells = nz.clean_text(raw.cells.column(amount_header))
    sides = nz.clean_text(raw.cells.column(direction_header))
    amount = nz.to_money(cells, mapping.units.get(f.name, 1.0))
    direction = nz.to_direction(sides)
    problems = [_problems(raw, bad, amount_header, cells, code) for code, bad in amount.failures.items()]
    problems += [
        _problems(raw, bad, direction_header, sides, code) for code, bad in direction.failures.items()
    ]
    if f.required:
        problems.append(_problems(raw, nz.empty_mask(cells), amount_header, cells, "required_value_missing"))
    no_side = ~nz.empty_mask(cells) & nz.empty_mask(sides)
    problems.append(_problems(raw, no_side, direction_header, sides, "required_value_missing"))
    values = amount.values.to_numpy(dtype=float, na_value=np.nan)
    sign = direction.values.to_numpy(dtype=float, na_value=np.nan)
    problems.extend(_closing_lines(raw, mapping, (sign < 0) & (values > 0)))
    return pd.Series((values * sign).round(2)), problems


def _closing_lines(raw: RawTable, mapping: Mapping, credit_only: np.ndarray) -> list[pd.DataFrame]:
    """The credit-only lines whose memo says 结转: a period-end closing, not a cost (netted, it would cancel the
    month's costs). None when the mapping has no memo column."""
    memo_header = mapping.columns.get("description")
    if not (isinstance(memo_header, str) and memo_header in raw.headers):
        return []
    memo = nz.clean_text(raw.cells.column(memo_header))
    return [_problems(raw, nz.contains(memo, "结转") & credit_only, memo_header, memo, "closing_entry")]


MISSING_COLUMN_CODES = ("missing_required_column", "missing_required_column_or_value")
"""A required field the mapping does not fill: one that takes a column, one that can also take a value for
every row (a channel: the message says so)."""


def _mapping_issues(raw: RawTable, mapping: Mapping, spec: Kind) -> list[dict]:
    issues = []
    for f in spec.fields:
        if f.required and not mapping.maps(f.name):
            issues.append(  # no column of the file: named as the template names it (UI: in its language)
                {
                    "code": MISSING_COLUMN_CODES[takes_every_row(f)],
                    "field": f.name,
                    "field_label": f.template_header,
                    "column": f.template_header,
                }
            )
    for headers in mapping.columns.values():
        for header in [headers] if isinstance(headers, str) else headers:
            if header not in raw.headers:
                issues.append({"code": "unknown_column", "column": header})
    if mapping.aggregate:
        group_by = mapping.aggregate["group_by"]
        group_by = [group_by] if isinstance(group_by, str) else list(group_by)
        if set(group_by) != set(spec.key):  # the table has no key index: one row per key is ours to keep
            issues.append(
                {
                    "code": "aggregate_not_by_key",
                    "group_by": " + ".join(group_by),
                    "key": " + ".join(spec.key),
                    "column": " + ".join(_header(mapping, spec, g) for g in group_by),
                }
            )
    return issues


def _cells(raw: RawTable, mapping: Mapping, f: Field) -> tuple[list[str], pa.ChunkedArray | None]:
    """The field's cleaned text: one column, several joined (date + time, line + id), or a constant."""
    if f.name in mapping.columns:
        headers = mapping.columns[f.name]
        headers = [headers] if isinstance(headers, str) else list(headers)
        if any(h not in raw.headers for h in headers):
            return headers, None
        parts = [nz.clean_text(raw.cells.column(h)) for h in headers]
        if len(parts) == 1:
            return headers, parts[0]
        joined = pc.binary_join_element_wise(*parts, joiner(f))
        return headers, pc.utf8_trim_whitespace(
            joined
        )  # the parts are clean: only an empty one leaves a space
    constant = nz.clean_text(pa.array([mapping.constants[f.name]], pa.string()))[0]
    return [], pa.chunked_array([pa.repeat(constant, len(raw))])


def _convert(cells: pa.ChunkedArray, f: Field, mapping: Mapping) -> nz.Converted:
    unit = mapping.units.get(f.name, 1.0)
    if f.type == "money":
        return nz.to_money(cells, unit)
    if f.type == "float":
        return nz.to_number(cells, unit)
    if f.type == "duration":
        return nz.to_seconds(cells, unit)
    if f.type == "int":
        return nz.to_integer(cells, unit)
    if f.type == "ratio":
        return nz.to_ratio(cells)
    if f.type == "datetime":
        return nz.to_datetime(cells, mapping.date_order)
    if f.type in ("date", "month"):
        return nz.to_date(cells, mapping.date_order, month_only=f.type == "month")
    if f.type == "bool":
        return nz.to_bool(cells)
    if f.type == "channel":
        return nz.to_channel(cells)
    if f.type == "choice":
        return nz.to_choice(cells, f.choices)
    if f.type == "id":
        return nz.to_id(cells)
    return nz.to_text(cells)


def _range_problems(
    raw: RawTable, values: pd.Series, f: Field, label: str, cells: pa.ChunkedArray, rules: Rules
) -> list[pd.DataFrame]:
    out = []
    if f.type in ("int", "float", "duration", "money", "ratio"):
        numbers = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        high = rules.max_handle_seconds if f.name == "handle_seconds" else f.high
        if f.low == 0:
            out.append(_problems(raw, numbers < 0, label, cells, "negative_value"))
            low = None
        else:
            low = f.low
        too_low = numbers < low if low is not None else np.zeros(len(numbers), bool)
        too_high = numbers > high if high is not None else np.zeros(len(numbers), bool)
        params = {
            "low": _plain(low if low is not None else 0),
            "high": _plain(high) if high is not None else "∞",
        }
        out.append(_problems(raw, too_low | too_high, label, cells, "out_of_range", params))
    if f.past_only and f.type in ("date", "datetime", "month"):
        stamps = pd.Series(values).to_numpy(dtype="datetime64[s]")
        limit = np.datetime64(rules.today + dt.timedelta(days=1), "s")
        late = ~np.isnat(stamps) & (stamps >= limit)
        out.append(_problems(raw, late, label, cells, "future_date", {"today": rules.today.isoformat()}))
    return out


def _volume_notices(
    raw: RawTable, frame: pd.DataFrame, valid: np.ndarray, mapping: Mapping, spec: Kind, rules: Rules
) -> pd.DataFrame:
    """Valid daily-volume rows that look wrong: a spike over the channel's typical day, handled above contacts.

    The typical day is the median of the channel's days in this file when it has at least TYPICAL_MIN_DAYS of
    them (a back-filled year may rightly differ from the stored recent days), else the stored median
    (`rules.typical_contacts`).
    """
    if "contacts" not in frame or "channel" not in frame:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    rows = frame[valid]
    contacts = rows["contacts"].astype(float)
    in_file = contacts[contacts > 0].groupby(rows["channel"]).agg(["median", "size"])
    in_file = in_file.loc[in_file["size"] >= TYPICAL_MIN_DAYS, "median"].to_dict()
    typical = (
        rows["channel"].map(lambda c: in_file.get(c, rules.typical_contacts.get(c, np.nan))).astype(float)
    )
    spike = (contacts > SPIKE_FACTOR * typical).to_numpy()
    notices = [
        _notice(
            raw.file_name,
            rows,
            spike,
            _header(mapping, spec, "contacts"),
            "volume_spike",
            "contacts",
            typical,
        )
    ]
    if "handled" in rows:
        over = (rows["handled"].astype(float) > contacts).to_numpy()
        notices.append(
            _notice(
                raw.file_name,
                rows,
                over,
                _header(mapping, spec, "handled"),
                "handled_over_contacts",
                "handled",
                contacts,
            )
        )
    found = [n for n in notices if len(n)]
    if not found:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    return pd.concat(found, ignore_index=True).sort_values(
        ["row", "column"], kind="stable", ignore_index=True
    )


def _cancelling_credits(
    raw: RawTable, frame: pd.DataFrame, valid: np.ndarray, mapping: Mapping, spec: Kind
) -> pd.DataFrame:
    """The largest credit line of each month, account and cost center whose lines in the file net to zero, in a
    ledger read debit less credit: a period-end closing line whose memo does not say 结转 (or a full reversal)."""
    rows = frame[valid]
    if rows.empty or not {"period", "source_category", "cost_center", "amount"} <= set(rows):
        return pd.DataFrame(columns=REPORT_COLUMNS)
    amount = rows["amount"].astype(float)
    group = [rows["period"], rows["source_category"], rows["cost_center"]]
    by_month = amount.groupby(group)
    nets_to_zero = (by_month.transform("sum").abs() < 0.005) & (by_month.transform("max") > 0)
    cancelling = (nets_to_zero & (amount < 0) & (amount == by_month.transform("min"))).to_numpy()
    if not cancelling.any():
        return pd.DataFrame(columns=REPORT_COLUMNS)
    credits = [f"{-a:,.2f}" for a in amount[cancelling]]
    return pd.DataFrame(
        {
            "file": raw.file_name,
            "row": rows["_row"].to_numpy()[cancelling],
            "column": _header(mapping, spec, "amount"),
            "value": credits,
            "code": "credit_cancels_month",
            "params": [{"value": c} for c in credits],
        }
    )


def _counted_twice(
    raw: RawTable, frame: pd.DataFrame, valid: np.ndarray, mapping: Mapping, spec: Kind, rules: Rules
) -> pd.DataFrame:
    """The first line of each month and cost center that this source already holds in the other form: a summary
    over ledger lines, or ledger lines over a summary, would count the month twice."""
    rows = frame[valid]
    if rows.empty or not rules.cost_lines or not {"period", "cost_center"} <= set(rows):
        return pd.DataFrame(columns=REPORT_COLUMNS)
    keys, firsts = _months_and_centers(rows)
    ledger_lines, summary_ids = zip(*(rules.cost_lines.get(k, (0, ())) for k in keys), strict=True)
    stored = np.array(ledger_lines if mapping.summary else [len(ids) for ids in summary_ids], dtype=int)
    flagged = np.flatnonzero((stored > 0) & firsts)
    return _month_notices(
        raw,
        rows,
        mapping,
        spec,
        flagged,
        "summary_over_ledger" if mapping.summary else "ledger_over_summary",
        [{"month": keys[i][0], "cost_center": keys[i][1], "n": int(stored[i])} for i in flagged],
    )


def _summary_lines_dropped(
    raw: RawTable, frame: pd.DataFrame, valid: np.ndarray, mapping: Mapping, spec: Kind, rules: Rules
) -> pd.DataFrame:
    """The first valid line of each month and cost center whose earlier summary held lines this file does not list
    (on any row, a skipped one's too): the commit takes them out (importer._replace_summary_months)."""
    rows = frame[valid]
    if rows.empty or not rules.cost_lines or "entry_id" not in rows:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    keys, firsts = _months_and_centers(rows)
    listed = set(frame["entry_id"].dropna())
    dropped = {
        i: sorted(rules.cost_lines.get(keys[i], (0, frozenset()))[1] - listed) for i in np.flatnonzero(firsts)
    }
    flagged = np.array([i for i, lines in dropped.items() if lines], dtype=int)
    params = [
        {
            "month": keys[i][0],
            "cost_center": keys[i][1],
            "n": len(dropped[i]),
            "lines": "; ".join(map(_summary_line, dropped[i][:5])),
        }
        for i in flagged
    ]
    return _month_notices(raw, rows, mapping, spec, flagged, "summary_lines_dropped", params)


def _months_and_centers(rows: pd.DataFrame) -> tuple[list[tuple[str, str]], np.ndarray]:
    """Each row's month (2025-01) and cost center, and True on the first row of each pair."""
    keys = list(zip(rows["period"].dt.strftime("%Y-%m"), rows["cost_center"], strict=True))
    return keys, ~pd.Series(keys).duplicated().to_numpy()


def _month_notices(
    raw: RawTable,
    rows: pd.DataFrame,
    mapping: Mapping,
    spec: Kind,
    at: np.ndarray,
    code: str,
    params: list[dict],
) -> pd.DataFrame:
    """Notices on the rows at these positions, each naming its month and cost center."""
    return pd.DataFrame(
        {
            "file": raw.file_name,
            "row": rows["_row"].to_numpy()[at],
            "column": " + ".join(_header(mapping, spec, k) for k in ("period", "cost_center")),
            "value": [f"{p['month']} / {p['cost_center']}" for p in params],
            "code": code,
            "params": params,
        },
        columns=REPORT_COLUMNS,
    )


def _summary_line(entry_id: str) -> str:
    """What a summary line's id names past its month and cost center: its account (and vendor, channel)."""
    return " / ".join(part for part in entry_id.split("/")[3:] if part)


def _notice(
    file_name: str,
    rows: pd.DataFrame,
    flagged: np.ndarray,
    header: str,
    code: str,
    name: str,
    compared: pd.Series,
) -> pd.DataFrame:
    """Notice rows in the report's shape for the flagged rows: the field `name` against the `compared` number."""
    if not flagged.any():
        return pd.DataFrame()
    picked = rows[flagged]
    values = picked[name].astype(float).to_numpy()
    others = compared[flagged].astype(float).to_numpy()
    params = [  # counts with thousands separators: 200,000,000 reads at a glance, 2e+08 does not
        {"value": _count(v), "other": _count(o), "times": f"{v / max(o, 1.0):,.0f}", "date": _shown(d)}
        for v, o, d in zip(values, others, picked["date"], strict=True)
    ]
    return pd.DataFrame(
        {
            "file": file_name,
            "row": picked["_row"].to_numpy(),
            "column": header,
            "value": [p["value"] for p in params],
            "code": code,
            "params": params,
        }
    )


def _count(number: float) -> str:
    """A count or median for a notice: thousands separators, one decimal below 10 (a median of 1.5 contacts)."""
    return f"{number:,.0f}" if number >= 10 or number == int(number) else f"{number:.1f}"


def _plain(number: float) -> str:
    return f"{number:g}"


def _resolve_categories(
    frame: pd.DataFrame, spec: Kind, rules: Rules, mapping: Mapping
) -> tuple[pd.DataFrame, list[dict]]:
    """Map the source system's cost categories to taxonomy codes; list the ones nobody has mapped."""
    issues = []
    for f in spec.fields:
        if f.type != "category" or f.name not in frame:
            continue
        categories = frame[f.name]
        distinct = pd.unique(categories.dropna())
        lookup = {c: (c if c in rules.taxonomy_codes else rules.category_map.get(c)) for c in distinct}
        unmapped = sorted(c for c, code in lookup.items() if code is None)
        if unmapped:
            issues.append(
                {
                    "code": "unmapped_cost_category",
                    "categories": "、".join(unmapped),
                    "unmapped": unmapped,
                    "column": _header(mapping, spec, f.name),
                }
            )
        target = "taxonomy_code"
        frame[target] = categories.map(lookup)
    return frame, issues


ORDERED_FIELDS = (
    ("leave_date", "below", "hire_date", "leave_before_hire"),
    ("salvage_value", "above", "purchase_cost", "salvage_above_cost"),
)
"""(field, 'below' or 'above', other field, code): in one row the field may not be below (above) the other: a
leave date before the hire date, a salvage value above the purchase cost (depreciation would be negative)."""


def _order_problems(raw: RawTable, frame: pd.DataFrame, spec: Kind, mapping: Mapping) -> list[pd.DataFrame]:
    """Rows where a field and another one of ORDERED_FIELDS are the wrong way round, reported on the field."""
    out = []
    for name, side, other, code in ORDERED_FIELDS:
        if name not in frame or other not in frame:
            continue
        wrong = frame[name] < frame[other] if side == "below" else frame[name] > frame[other]
        wrong = wrong.fillna(False).to_numpy(dtype=bool)
        if not wrong.any():
            continue
        pairs = list(zip(frame.loc[wrong, name], frame.loc[wrong, other], strict=True))
        out.append(
            pd.DataFrame(
                {
                    "file": raw.file_name,
                    "row": raw.row_numbers[wrong],
                    "column": _header(mapping, spec, name),
                    "value": [_shown(value) for value, _ in pairs],
                    "code": code,
                    "params": [{"value": _shown(value), "other": _shown(limit)} for value, limit in pairs],
                }
            )
        )
    return out


def _header(mapping: Mapping, spec: Kind, name: str) -> str:
    """The user's column header of a field, as reports name it (the field's label when set by a constant)."""
    header = mapping.columns.get(name, spec.field(name).template_header)
    return header if isinstance(header, str) else " + ".join(header)


def _shown(value) -> str:
    """A converted cell as a message shows it: a date without its time, a number without trailing zeros."""
    return (
        str(pd.Timestamp(value).date()) if isinstance(value, pd.Timestamp | np.datetime64) else f"{value:g}"
    )


def _summary_ids(frame: pd.DataFrame, spec: Kind) -> pd.Series:
    """Each line of a monthly cost summary gets the id 汇总/2025-01/热线中心/办公费 (and its vendor and channel where
    the file has them, blank where a line has none); no id where its month, cost center or account is missing."""
    parts = _summary_parts(frame)
    texts = [frame["period"].dt.strftime("%Y-%m")] + [frame[p].astype("string").fillna("") for p in parts[1:]]
    ids = (SUMMARY_ID_PREFIX + "/") + texts[0].str.cat(texts[1:], sep="/")
    required = [p for p in parts if spec.field(p).required]
    return ids.where(frame[required].notna().all(axis=1)).astype(object)


def _summary_parts(frame: pd.DataFrame) -> list[str]:
    """The fields a summary line's id is built from, of those the file gives."""
    return [p for p in SUMMARY_PARTS if p in frame]


def _duplicate_problems(raw: RawTable, frame: pd.DataFrame, spec: Kind, mapping: Mapping) -> pd.DataFrame:
    """Rows whose natural key (ticket id; date + channel; ...) already appeared earlier in the file. The report
    shows the key as this row wrote it and names the row it repeats: 电话 and 热线 are one channel, so two rows
    may repeat a key without repeating its text. A summary's line is named by its month, cost center and
    account, the columns its id is built from."""
    key = [k for k in spec.key if k in frame]
    if len(key) != len(spec.key):
        return pd.DataFrame()
    if len(key) == 1 and len(pc.unique(pa.array(frame[key[0]]))) == len(frame):
        return pd.DataFrame()  # the common case, checked in Arrow (unique is faster than count_distinct)
    keys = frame[key]
    repeated = keys.duplicated(keep="first") & keys.notna().all(axis=1)
    if not repeated.any():
        return pd.DataFrame()
    positions = np.arange(len(frame))
    first_of = (
        pd.DataFrame({"_pos": positions})
        .join(keys)
        .groupby(key, sort=False, dropna=False)["_pos"]
        .transform("min")
    ).to_numpy()
    rows = positions[repeated.to_numpy()]
    firsts = first_of[rows]
    shown = _summary_parts(frame) if mapping.summary else key
    written = [_cells(raw, mapping, spec.field(k))[1] for k in shown]
    texts, first_texts = (_written_key(written, at) for at in (rows, firsts))
    column = " + ".join(_header(mapping, spec, k) for k in shown)
    first_rows = raw.row_numbers[firsts]
    if len(shown) == 1:
        params = [{"value": v, "first_row": int(r)} for v, r in zip(texts, first_rows, strict=True)]
    else:
        params = [
            {"value": v, "first_row": int(r), "first_value": f, "columns": column}
            for v, r, f in zip(texts, first_rows, first_texts, strict=True)
        ]
    return pd.DataFrame(
        {
            "file": raw.file_name,
            "row": raw.row_numbers[rows],
            "column": column,
            "value": texts,
            "code": "duplicate_summary_line" if mapping.summary else _duplicate_code(spec, key),
            "params": params,
        }
    )


def _duplicate_code(spec: Kind, key: list[str]) -> str:
    """A repeated id, a ledger line's (a voucher of several lines, exported without line numbers), or a key."""
    if len(key) > 1:
        return "duplicate_key"
    return "duplicate_entry_id" if spec.name == "costs" else "duplicate_id"


def _written_key(cells: list[pa.ChunkedArray], positions: np.ndarray) -> list[str]:
    """The key fields' cells at these positions as the user wrote them, joined with ' / '."""
    parts = [pc.take(c, pa.array(positions)).to_pylist() for c in cells]
    return [" / ".join(p or "" for p in row) for row in zip(*parts, strict=True)]


def _choice_words(choices: dict[str, str]) -> str:
    """The accepted values of a choice field for a message: one word per code, Chinese where there is one."""
    words: dict[str, str] = {}
    for word, code in choices.items():
        if code not in words or (words[code].isascii() and not word.isascii()):
            words[code] = word
    return "、".join(words.values())


def _problems(
    raw: RawTable, bad: np.ndarray, column: str, cells: pa.ChunkedArray, code: str, extra: dict | None = None
) -> pd.DataFrame:
    """Report rows for the cells where `bad` is true."""
    if not bad.any():
        return pd.DataFrame()
    positions = np.nonzero(bad)[0]
    values = pc.take(cells, pa.array(positions)).to_pylist()
    return pd.DataFrame(
        {
            "file": raw.file_name,
            "row": raw.row_numbers[positions],
            "column": column,
            "value": values,
            "code": code,
            "params": [{"value": v, **(extra or {})} for v in values],
        }
    )


def _reader_problems(raw: RawTable) -> pd.DataFrame:
    if not raw.row_issues:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "file": raw.file_name,
            "row": [i["row"] for i in raw.row_issues],
            "column": [i.get("column", "") for i in raw.row_issues],
            "value": [i.get("value", "") for i in raw.row_issues],
            "code": [i["code"] for i in raw.row_issues],
            "params": [dict(i) for i in raw.row_issues],
        }
    )
