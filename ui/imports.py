"""What the Data page (数据导入) needs from analytics: cached reads of uploaded files and validation plans, the
import history, templates, the cost category map, and the writes (commit, undo, profiles, category map).

Uploaded bytes are read once per (content, sheet) and kept in a small resource cache; a validation plan is kept
per (content, sheet, mapping, source, data version), so a commit, an undo or a category-map edit (each of which
changes the data version) is seen by the next run without clearing anything. Cached values are never mutated.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import streamlit as st

from analytics import exports, store
from analytics.ingest import category_map, importer, mapping, templates, validate
from analytics.ingest.kinds import KINDS, Field, get_kind
from analytics.ingest.messages import render_message
from analytics.ingest.readers import DEFAULT_MAX_BYTES, IngestError, RawTable
from ui.data import cursor
from ui.i18n import current_language, t, t_or

KIND_NAMES = tuple(KINDS)
UNITS = (1.0, 1_000.0, 10_000.0, 1_000_000.0, 100_000_000.0)
PREVIEW_ROWS = 5


# ---------------------------------------------------------------- labels


def field_label(kind: str, name: str) -> str:
    """A field's name in the UI language (kind-specific where the same column means something else)."""
    return t_or(f"imp.field.{kind}.{name}", t(f"imp.field.{name}"))


def leaf_label(level1: str, level2: str) -> str:
    """A taxonomy leaf as 'level 1 · level 2' in the UI language."""
    return f"{t(f'cost.{level1}')} · {t_or(f'cost2.{level2}', level2)}"


def leaf_labels(version: str) -> dict[str, str]:
    """Taxonomy code -> its label, in taxonomy order."""
    leaves = taxonomy(version)
    return {row.code: leaf_label(row.level1, row.level2) for row in leaves.itertuples(index=False)}


def message(code: str, params: dict | None = None) -> str:
    """An ingest reason code rendered in the UI language."""
    return render_message(code, params or {}, current_language())


def error_message(error: IngestError) -> str:
    """An IngestError in the UI language, with field names translated."""
    return message(error.code, error.params)


def template_header(kind: str, name: str) -> str:
    """The header the template downloaded in the UI language gives a field: 日期 (date), Date (date)."""
    if current_language() == "zh":
        return get_kind(kind).field(name).template_header
    return f"{field_label(kind, name)} ({name})"


def file_issue_message(kind: str, issue: dict) -> str:
    """A file-level problem (a required column not mapped, unmapped categories) in the UI language."""
    params = dict(issue)
    if "field" in params:
        params["field_label"] = field_label(kind, params["field"])
    return message(issue["code"], params)


def file_issue_column(kind: str, issue: dict) -> str:
    """The column a file-level problem is about: the file's header, or for a field with no column in the file,
    the template's header for it."""
    if "field" in issue:
        return template_header(kind, issue["field"])
    return issue.get("column", "")


# ---------------------------------------------------------------- reading the upload


def digest(data: bytes) -> str:
    """The content hash of an upload (the same bytes are the same file)."""
    return hashlib.sha256(data).hexdigest()


def upload_limit_mb() -> int:
    """The size cap users see: the smaller of the server's upload limit and the import setting `import_max_mb`."""
    server = int(st.get_option("server.maxUploadSize"))
    setting = float(store.get_setting(cursor(), "import_max_mb", str(DEFAULT_MAX_BYTES / 2**20)))
    return max(1, min(server, math.ceil(setting)))


@st.cache_resource(ttl=3600, max_entries=4, show_spinner=False)
def read_file(
    content_hash: str, file_name: str, sheet: str | None, kind: str, _data: bytes
) -> RawTable | IngestError:
    """The upload read into text cells (or the reason it cannot be read). Keyed by content hash, sheet and kind
    (with no sheet picked, a workbook opens on the first sheet that has the kind's required columns)."""
    try:
        return importer.read_upload(_data, file_name, sheet=sheet, con=cursor(), kind=kind)
    except IngestError as error:
        return error


@st.cache_resource(ttl=3600, max_entries=4, show_spinner=False)
def later_sheets_alike(
    content_hash: str, file_name: str, sheet: str | None, _data: bytes, _raw: RawTable
) -> list[str]:
    """The workbook's later sheets of the same headers (importer.later_sheets_alike), read once per sheet."""
    return importer.later_sheets_alike(_data, file_name, _raw)


def preview(raw: RawTable, rows: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first rows as the user wrote them, with their Excel row numbers as the index."""
    frame = raw.cells.slice(0, rows).to_pandas()
    frame.index = raw.row_numbers[:rows]
    return frame


def sample_values(raw: RawTable) -> dict[str, str]:
    """The first non-empty cell under each header, to show beside the mapping."""
    head = raw.cells.slice(0, 50).to_pydict()
    return {h: next((v for v in head.get(h, []) if v not in (None, "")), "") for h in raw.headers}


# ---------------------------------------------------------------- mapping


def propose(raw: RawTable, kind: str) -> tuple[mapping.Mapping, dict[str, float]]:
    """The recognised mapping and each mapped field's confidence."""
    proposed, matches = mapping.propose_for_file(raw, kind)
    return proposed, {m.field: m.confidence for m in matches if m.field}


def kinds_covered(raw: RawTable) -> list[str]:
    """The kinds the file's headers hold every required column of (importer.kinds_covered)."""
    return importer.kinds_covered(raw)


def profiles(kind: str) -> list[mapping.Mapping]:
    """Saved and built-in mapping profiles of a kind (saved ones first)."""
    found = mapping.list_profiles(cursor(), kind)
    return sorted(found, key=lambda p: p.name or "")


def matching_profile(found: list[mapping.Mapping], headers: list[str]) -> mapping.Mapping | None:
    """The first profile whose mapped columns are all in this file and cover every required field: the file
    comes from that profile's system, so it maps itself."""
    present = set(headers)
    for profile in found:
        spec = get_kind(profile.kind)
        used = [h for v in profile.columns.values() for h in ([v] if isinstance(v, str) else v)]
        if used and set(used) <= present and all(profile.maps(f.name) for f in spec.fields if f.required):
            return profile
    return None


EVERY_ROW = "__every_row__:"
"""Prefix of a column picker's choice that gives the field one value for every row ('__every_row__:phone'), set
apart from the file's headers as the picker's other choices are."""
JOINED = "__joined__:"
"""Prefix of a column picker's choice that joins columns ('__joined__:日期\t时段'), the headers apart by a tab."""


JOIN_TWO = "__join_two__"
"""A column picker's choice to read a field from two columns the user picks under it (a date and a time, a
debit and a credit, an id's two parts), where recognition proposed no such pair."""


SUMMARY_ID = "__summary_id__"
"""The ledger line id's choice for a monthly cost summary without voucher numbers: each line's id is built from
its month, cost center and account."""


def summary_choices(kind: str, f: Field) -> list[str]:
    """SUMMARY_ID for a cost file's ledger line id, none for any other field."""
    return [SUMMARY_ID] if kind == "costs" and f.name == "entry_id" else []


def joined_choice(headers: list[str]) -> str:
    """The picker's choice for a field read from these columns joined (日期 + 时段)."""
    return JOINED + "\t".join(headers)


def joined_headers(choice: str) -> list[str]:
    """The columns a joined choice joins."""
    return choice.removeprefix(JOINED).split("\t")


def joined_label(f: Field, choice: str) -> str:
    """'拼接：日期 + 时段' for a joined choice; '借方减贷方：借方金额 − 贷方金额' for a ledger's net amount, '按借贷方向记正负：
    金额（方向）' for one amount signed by its 借/贷 column."""
    headers = joined_headers(choice)
    if mapping.is_net(f, headers) and mapping.by_direction(headers):
        return t("imp.map.direction", amount=headers[0], direction=headers[1])
    if mapping.is_net(f, headers):
        return t("imp.map.net", columns=mapping.joiner(f).join(headers))
    return t("imp.map.joined", columns=" + ".join(headers))


def every_row_choices(f: Field, current: str | None = None) -> list[str]:
    """The picker's every-row choices for a field: its list's values, with the value the mapping holds when it is
    not among them (an interval length of 6 minutes read from the file); EVERY_ROW alone for a field whose value
    is typed (a cost center); none for a field that takes no one value (an id, an amount)."""
    if f.typed_for_file:
        return [EVERY_ROW]
    choices = [EVERY_ROW + value for value in mapping.every_row_values(f)]
    if choices and current and current.startswith(EVERY_ROW) and current not in choices:
        choices.append(current)
    return choices


def every_row_label(f: Field, choice: str) -> str:
    """'每行均为：电话' for an every-row choice: the value in the UI language."""
    value = choice.removeprefix(EVERY_ROW)
    if f.typed_for_file:
        shown = t("imp.map.typed")
    elif f.type == "channel":
        shown = t(f"channel.{value}")
    elif f.type == "choice":
        shown = t_or(f"etype.{value}", value)
    else:
        shown = t("imp.map.minutes", n=value)
    return t("imp.map.every_row", value=shown)


def picked(current: mapping.Mapping, f: Field) -> str | None:
    """What a field's picker holds for the mapping: its column, its joined columns, its every-row choice, or
    None."""
    if current.summary and f.name == "entry_id":
        return SUMMARY_ID
    if f.name in current.constants:
        return EVERY_ROW + ("" if f.typed_for_file else current.constants[f.name])
    column = current.columns.get(f.name)
    return joined_choice(column) if isinstance(column, list) else column


def is_simple(current: mapping.Mapping, name: str) -> bool:
    """True when a field is editable with one selectbox: mapped from a column, from columns joined or from none,
    or given one value for every row where the field takes one; a profile's other constants are shown as set."""
    f = next(f for f in get_kind(current.kind).fields if f.name == name)
    return name not in current.constants or mapping.takes_every_row(f)


def with_columns(
    base: mapping.Mapping, chosen: dict[str, str | None], units: dict[str, float], source: str
) -> mapping.Mapping:
    """The mapping after the user's choices: simple fields set from `chosen` (a column, columns joined, an
    every-row value, a summary's ids, None: not imported), units for money fields, the source system. Other
    constants and aggregation stay as the profile says."""
    values = {k: v.removeprefix(EVERY_ROW) for k, v in chosen.items() if v and v.startswith(EVERY_ROW)}
    columns = {k: v for k, v in base.columns.items() if k not in chosen}
    summary = chosen.get("entry_id", SUMMARY_ID if base.summary else None) == SUMMARY_ID
    for k, v in chosen.items():
        if v and k not in values and v != SUMMARY_ID:
            columns[k] = joined_headers(v) if v.startswith(JOINED) else v
    constants = {k: v for k, v in base.constants.items() if k not in chosen} | values
    kept_units = {k: v for k, v in base.units.items() if k not in units and k in columns}
    kept_units.update({k: v for k, v in units.items() if v != 1.0 and k in columns})
    return replace(
        base, columns=columns, constants=constants, units=kept_units, source=source or None, summary=summary
    )


def required_missing(current: mapping.Mapping) -> list[Field]:
    """Required fields the mapping does not fill yet."""
    spec = get_kind(current.kind)
    return [f for f in spec.fields if f.required and not current.maps(f.name)]


def save_profile(current: mapping.Mapping, name: str, source: str) -> None:
    """Save the mapping as a named profile for this source system (raises store.WriteBusyError when busy)."""
    mapping.save_profile(cursor(), replace(current, name=name.strip(), source=source or None))


# ---------------------------------------------------------------- validation and commit


@st.cache_resource(ttl=3600, max_entries=4, show_spinner=False)
def plan(
    content_hash: str,
    sheet: str | None,
    mapping_json: str,
    source: str,
    version: str,
    _raw: RawTable,
    _data: bytes,
) -> importer.ImportPlan:
    """The file validated under a mapping, and whether it was imported already (as of this data version)."""
    return importer.prepare_import(cursor(), _raw, mapping.Mapping.from_json(mapping_json), _data, source)


def report(plan_: importer.ImportPlan) -> pd.DataFrame:
    """The row-level report in the UI language: file, row, column, value, reason (file problems first, on no
    row)."""
    lang = current_language()
    table = validate.report_table(plan_.validation, lang)
    issues = plan_.validation.file_issues
    if issues:
        table.loc[: len(issues) - 1, "reason"] = [file_issue_message(plan_.kind, i) for i in issues]
        table.loc[: len(issues) - 1, "column"] = [file_issue_column(plan_.kind, i) for i in issues]
    return table


def report_shown(plan_: importer.ImportPlan) -> pd.DataFrame:
    """The report as the page shows it: translated headers, and an empty row cell (not 'None') for a problem
    with the file as a whole."""
    table = report(plan_)
    table["row"] = ["" if pd.isna(r) else str(int(r)) for r in table["row"]]
    return table.rename(columns=report_labels())


def notices(plan_: importer.ImportPlan) -> pd.DataFrame:
    """Valid rows that look unusual (a volume spike, more handled than offered), in the report's columns."""
    return validate.notice_table(plan_.validation, current_language())


def report_labels() -> dict[str, str]:
    """Translated column headers of the report."""
    return {c: t(f"imp.report.{c}") for c in ("file", "row", "column", "value", "reason")}


def report_frame(plan_: importer.ImportPlan) -> pd.DataFrame:
    """The report as its download writes it: headers in the UI language; a problem with the file as a whole has
    no row number."""
    return report(plan_).rename(columns=report_labels())


def rejected_frame(plan_: importer.ImportPlan) -> pd.DataFrame:
    """The rows a 'valid rows only' import skips, as written (text, as the file had them), with row numbers and
    reasons, to fix and import again."""
    labels = (t("imp.report.row"), t("imp.report.reason"))
    return validate.rejected_rows(plan_.raw, plan_.validation, current_language(), labels)


def file_bytes(frame: pd.DataFrame, fmt: str, sheet_name: str) -> bytes:
    """A report or the skipped rows as CSV (UTF-8 with BOM, values as written) or as an Excel sheet, no totals."""
    if fmt == "csv":
        return exports.csv_bytes(frame, float_format=None)
    return exports.xlsx_bytes(frame, sheet_name, totals=[])


def commit(
    plan_: importer.ImportPlan, mode: str, imported_by: str | None, on_written: Callable[[int], None] | None
) -> importer.ImportResult:
    """Write the plan (one transaction). Raises InvalidFile, AlreadyImported, store.WriteBusyError."""
    return importer.commit_import(
        cursor(), plan_, mode=mode, imported_by=imported_by or None, wait=False, on_written=on_written
    )


def counted_from_tickets(plan_: importer.ImportPlan) -> list[str]:
    """After a ticket import: its channels with days counted from tickets (no daily volume on those days)."""
    if plan_.kind != "tickets":
        return []
    imported = set(plan_.validation.valid_frame()["channel"].dropna())
    return [channel for channel in store.ticket_counted_channels(cursor()) if channel in imported]


# ---------------------------------------------------------------- templates and history


@st.cache_data(max_entries=32, show_spinner=False)
def template(kind: str, fmt: str, lang: str = "zh") -> bytes:
    """The empty import template of a kind, CSV or XLSX; in English its headers read 'Date (date)', so the
    columns the user fills are the ones the page and the report name."""
    if lang == "zh":
        return templates.template_bytes(kind, fmt)
    labels = {f.name: field_label(kind, f.name) for f in get_kind(kind).fields}
    return templates.template_bytes(kind, fmt, labels=labels, title=t(f"imp.kind.{kind}"))


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def history(version: str) -> pd.DataFrame:
    """Every import batch, newest first."""
    return importer.import_history(cursor())


def undoable(frame: pd.DataFrame) -> list[int]:
    """Batches that can be undone from the page: committed imports of a known kind (not the demo seed)."""
    rows = frame[(frame["status"] == "committed") & frame["kind"].isin(KIND_NAMES)]
    return [int(b) for b in rows["batch_id"]]


def known_sources(frame: pd.DataFrame, kind: str) -> list[str]:
    """Source systems earlier imports of this kind came from, most recent first."""
    rows = frame[frame["kind"] == kind]
    return list(dict.fromkeys(rows["source"].tolist()))


def undo(batch_id: int) -> int:
    """Take a batch out; returns rows removed. Raises IngestError (undo_blocked) or store.WriteBusyError."""
    return importer.undo_batch(cursor(), batch_id, wait=False)


# ---------------------------------------------------------------- cost category map


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def taxonomy(version: str) -> pd.DataFrame:
    """Taxonomy leaves: code, level1, level2."""
    return category_map.taxonomy_leaves(cursor())


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def source_systems(version: str) -> list[str]:
    """Source systems with a category map or cost rows."""
    return category_map.source_systems(cursor())


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def categories(source_system: str, version: str) -> pd.DataFrame:
    """One source system's category map."""
    return category_map.category_map(cursor(), source_system)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def unmapped(source_system: str, pending: tuple[str, ...], version: str) -> list[str]:
    """Categories of a source system that nobody has mapped yet (imported, or pending in a blocked import)."""
    return category_map.unmapped_categories(cursor(), source_system, list(pending))


def editor_rows(mapped: pd.DataFrame, missing: list[str]) -> pd.DataFrame:
    """The editable table: categories waiting for a mapping first, then the existing map."""
    waiting = pd.DataFrame(
        {"source_category": missing, "taxonomy_code": None, "counted": True, "note": None},
        columns=category_map.MAP_COLUMNS,
    )
    frame = pd.concat([waiting, mapped], ignore_index=True) if len(missing) else mapped.copy()
    frame["counted"] = frame["counted"].astype(bool)
    frame["note"] = frame["note"].fillna("")  # an empty cell, not Streamlit's grey "None"
    return frame.reset_index(drop=True)


def save_categories(source_system: str, rows: pd.DataFrame) -> int:
    """Save the rows that name a category and a leaf; returns how many. Raises ValueError, WriteBusyError."""
    chosen = rows.dropna(subset=["taxonomy_code"])
    chosen = chosen[chosen["source_category"].fillna("").astype(str).str.strip() != ""]
    mappings = [
        category_map.CategoryMapping(
            str(r.source_category), str(r.taxonomy_code), bool(r.counted) if pd.notna(r.counted) else True,
            None if pd.isna(r.note) or not str(r.note).strip() else str(r.note),
        )
        for r in chosen.itertuples(index=False)
    ]  # fmt: skip
    return category_map.save_category_map(cursor(), source_system, mappings)
