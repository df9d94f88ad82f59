"""Writing a validated file: one transaction, idempotent, upserting, with history and undo.

The flow a page or the CLI follows:
    raw = read_upload(data, file_name, sheet)                 # text cells, Excel row numbers
    mapping, matches = propose_for_file(raw, kind)            # or load_profile(name); the user may edit it
    plan = prepare_import(con, raw, mapping, data, source)    # validate; is this file already imported?
    result = commit_import(con, plan, mode="all_or_nothing")  # or mode="valid_rows" to skip the bad rows
    import_history(con); undo_batch(con, result.batch_id)

A commit runs inside `store.write_transaction`: the file lands whole or leaves no trace. The same bytes again
raise `AlreadyImported` naming the earlier batch. Rows are upserted by (source, natural key): new rows are
inserted, rows with different values are updated (their prior version kept in prior_<table>), identical rows are
left alone; every written row carries the batch id. Undo deletes the batch's rows and restores what it replaced.
The tables carry no key index (store.UNKEYED_TABLES), so one row per key is kept here: validation refuses a key
repeated within a file (or an aggregation that is not by the key), and the upsert matches rows by a join on it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import duckdb
import pandas as pd
import pyarrow as pa

from analytics import store
from analytics.ingest.kinds import DEFAULT_MAX_HANDLE_SECONDS, KINDS, get_kind
from analytics.ingest.mapping import (
    SUMMARY_ID_PREFIX,
    Mapping,
    load_profile,
    propose_for_file,
    propose_mapping,
    with_every_row,
    with_joined,
    with_summary_ids,
    with_title,
)
from analytics.ingest.readers import DEFAULT_MAX_BYTES, IngestError, RawTable, read_table
from analytics.ingest.validate import Rules, Validation, aggregate_events, validate

MODES = ("all_or_nothing", "valid_rows")
TYPICAL_DAYS = 91  # a channel's typical day for the spike notice: the median of its last quarter stored
CODE_AS_CATEGORY_NOTE = "科目即成本分类代码，导入时自动映射"
"""The note on a map row added because the file's category already was a taxonomy code."""


class AlreadyImported(IngestError):
    """This exact file was imported before and that batch is still in place."""

    def __init__(self, batch_id: int, imported_at: dt.datetime) -> None:
        super().__init__("already_imported", batch_id=batch_id, imported_at=f"{imported_at:%Y-%m-%d %H:%M}")
        self.batch_id = batch_id


class InvalidFile(IngestError):
    """The file has problems that block this import; the plan's validation holds the report."""

    def __init__(self, validation: Validation) -> None:
        super().__init__("invalid_file", rejected_rows=validation.rejected_rows)
        self.validation = validation


@dataclass
class ImportPlan:
    """A file read, mapped and validated, ready to commit: everything the page shows before the user confirms."""

    raw: RawTable
    mapping: Mapping
    source: str
    content_hash: str
    validation: Validation
    already_imported: tuple[int, dt.datetime] | None  # (batch id, when) if this file is already in
    earlier_file: str | None = None  # the name that batch's file had (the same bytes may come renamed)

    @property
    def kind(self) -> str:
        return self.mapping.kind


@dataclass(frozen=True)
class ImportResult:
    """What a commit did: the batch and its upsert counts."""

    batch_id: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    removed: int = 0  # a summary's lines of its months it no longer lists, taken out (kept for undo)

    def summary(self) -> str:
        """One line for the CLI and the page's toast."""
        removed = f", {self.removed} removed" if self.removed else ""
        return (
            f"batch #{self.batch_id}: {self.inserted} inserted, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.rejected} rejected{removed}"
        )


def content_hash(data: bytes, sheet: str | None = None) -> str:
    """The file's fingerprint: the same bytes are the same file, whatever it is called. A sheet of a workbook of
    several is fingerprinted with its name: a workbook of twelve monthly sheets is twelve imports, each sheet
    recognised when it comes again (a one-sheet workbook keeps the fingerprint of its bytes, as before)."""
    digest = hashlib.sha256(data)
    if sheet is not None:
        digest.update(b"\x00sheet:" + sheet.encode())
    return digest.hexdigest()


def read_upload(
    data: bytes,
    file_name: str,
    sheet: str | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
    kind: str | None = None,
) -> RawTable:
    """Read uploaded bytes (never a path from the user) under the size cap set in settings (`import_max_mb`).

    A workbook of several sheets read for a `kind` with no sheet named: when the first sheet lacks the kind's
    required columns (a cover or notes sheet first), the first sheet that has them all is read instead, and the
    sheets passed over are listed in `skipped_sheets`."""
    max_bytes = DEFAULT_MAX_BYTES
    if con is not None:
        max_bytes = int(
            float(store.get_setting(con, "import_max_mb", str(DEFAULT_MAX_BYTES / 2**20))) * 2**20
        )
    table = read_table(data, file_name, sheet=sheet, max_bytes=max_bytes)
    if kind is None or sheet is not None or len(table.sheets) < 2 or _covers_required(table, kind):
        return table
    for index, other in enumerate(table.sheets[1:], start=1):
        try:
            candidate = read_table(data, file_name, sheet=other, max_bytes=max_bytes)
        except IngestError:  # an empty sheet
            continue
        if _covers_required(candidate, kind):
            candidate.skipped_sheets = table.sheets[:index]
            return candidate
    return table


def later_sheets_alike(data: bytes, file_name: str, raw: RawTable) -> list[str]:
    """The workbook's sheets after `raw`'s whose headers are the same and which hold rows (twelve monthly sheets
    of one layout): each imports with the same mapping, as its own batch."""
    if raw.sheet not in raw.sheets:
        return []
    alike = []
    for sheet in raw.sheets[raw.sheets.index(raw.sheet) + 1 :]:
        try:
            other = read_table(data, file_name, sheet=sheet)
        except IngestError:  # an empty sheet, or one without a header
            continue
        if other.headers == raw.headers and len(other):
            alike.append(sheet)
    return alike


def kinds_covered(table: RawTable) -> list[str]:
    """The kinds whose every required field the table's headers are recognised as, in the kinds' order: what
    the file most likely holds, whatever kind was picked for it."""
    return [kind for kind in KINDS if _covers_required(table, kind)]


def _covers_required(table: RawTable, kind: str) -> bool:
    """True when the table's headers are recognised as every required field of the kind (a cost file's line id
    also when it has no voucher column: a monthly summary's ids are built from its month, cost center, account)."""
    proposed = with_summary_ids(propose_mapping(table.headers, kind)[0])
    return all(proposed.maps(f.name) for f in get_kind(kind).fields if f.required)


def rules_from_db(
    con: duckdb.DuckDBPyConnection, source: str, today: dt.date | None = None, kind: str | None = None
) -> Rules:
    """The validation rules as configured: taxonomy, this source's category map, the handle-time ceiling, and
    each channel's typical day (median contacts over its last TYPICAL_DAYS days of imported daily volume with
    contacts; not days counted from tickets, which a system's first volume export may rightly exceed many times);
    for a cost file, this source's cost lines stored per month and cost center."""
    codes = {c for (c,) in con.execute("SELECT code FROM cost_taxonomy").fetchall()}
    if not codes:
        codes = set(_taxonomy()["code"])
    category_map = dict(
        con.execute(
            "SELECT source_category, taxonomy_code FROM cost_category_map WHERE source_system = ?", [source]
        ).fetchall()
    )
    ceiling = float(store.get_setting(con, "max_handle_seconds", str(DEFAULT_MAX_HANDLE_SECONDS)))
    typical = dict(
        con.execute(
            "SELECT channel, median(contacts) FROM daily_volume v WHERE contacts > 0"
            " AND date > (SELECT max(date) FROM daily_volume w WHERE w.channel = v.channel) - ?::INTEGER"
            " GROUP BY channel",
            [TYPICAL_DAYS],
        ).fetchall()
    )
    return Rules(
        today=today or store._now().date(),
        max_handle_seconds=ceiling,
        taxonomy_codes=frozenset(codes),
        category_map=category_map,
        typical_contacts={channel: float(median) for channel, median in typical.items()},
        cost_lines=_cost_lines(con, source) if kind == "costs" else {},
    )


def _cost_lines(
    con: duckdb.DuckDBPyConnection, source: str
) -> dict[tuple[str, str], tuple[int, frozenset[str]]]:
    """This source's stored cost lines per month (2025-01) and cost center: how many ledger lines, and the ids of
    the summary lines (told by their start, 汇总/…)."""
    summary = f"{SUMMARY_ID_PREFIX}/"
    rows = con.execute(
        "SELECT strftime(period, '%Y-%m'), cost_center, count(*) FILTER (WHERE NOT starts_with(entry_id, ?)),"
        " list(entry_id) FILTER (WHERE starts_with(entry_id, ?)) FROM cost_entries WHERE source = ? GROUP BY ALL",
        [summary, summary, source],
    ).fetchall()
    return {(month, center): (int(ledger), frozenset(ids or ())) for month, center, ledger, ids in rows}


def prepare_import(
    con: duckdb.DuckDBPyConnection,
    raw: RawTable,
    mapping: Mapping,
    data: bytes,
    source: str | None = None,
    rules: Rules | None = None,
) -> ImportPlan:
    """Validate a read file under a mapping and look up whether these bytes were imported already."""
    source = source or mapping.source or "file"
    rules = rules or rules_from_db(con, source, kind=mapping.kind)
    with ThreadPoolExecutor(1) as pool:  # hashing releases the GIL: it runs while the file is validated
        digest = pool.submit(content_hash, data, raw.sheet if len(raw.sheets) > 1 else None)
        validation = validate(raw, mapping, rules)
        digest = digest.result()
    earlier = find_import(con, digest, mapping.kind)
    earlier_file = None
    if earlier:
        (earlier_file,) = con.execute(
            "SELECT file_name FROM import_batches WHERE batch_id = ?", [earlier[0]]
        ).fetchone()
    return ImportPlan(raw, mapping, source, digest, validation, earlier, earlier_file)


def find_import(con: duckdb.DuckDBPyConnection, digest: str, kind: str) -> tuple[int, dt.datetime] | None:
    """The committed batch that imported this content, if any."""
    row = con.execute(
        "SELECT batch_id, imported_at FROM import_batches WHERE content_hash = ? AND kind = ? AND status = 'committed'"
        " ORDER BY batch_id LIMIT 1",
        [digest, kind],
    ).fetchone()
    return (int(row[0]), row[1]) if row else None


def commit_import(
    con: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    mode: str = "all_or_nothing",
    imported_by: str | None = None,
    wait: bool = False,
    budget_id: int | None = None,
    on_written: Callable[[int], None] | None = None,
) -> ImportResult:
    """Write the plan in one transaction. all_or_nothing refuses any bad row; valid_rows skips them.

    Raises InvalidFile, AlreadyImported, or store.WriteBusyError (wait=False and another import is running).
    `budget_id` picks the budget that budget lines go into (default: a new draft). `on_written(batch_id)` runs
    inside the transaction after the rows are written, before the commit.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    validation = plan.validation
    if validation.file_issues or (mode == "all_or_nothing" and not validation.ok):
        raise InvalidFile(validation)
    spec = get_kind(plan.kind)
    rows = aggregate_events(validation.valid_frame(), plan.mapping).drop(columns="_row")
    with store.write_transaction(con, wait=wait) as cur:
        earlier = find_import(cur, plan.content_hash, plan.kind)
        if earlier:
            raise AlreadyImported(*earlier)
        batch_id = store.new_batch(
            cur, plan.kind, plan.source, plan.raw.file_name, plan.content_hash, imported_by
        )
        if spec.table in ("cost_entries", "assets", "budget_lines"):
            _ensure_taxonomy(cur)
        if spec.has_source:
            scope = {"source": plan.source}
        else:
            scope = {"budget_id": _budget_for_lines(cur, budget_id, rows, plan, imported_by)}
        inserted, updated, unchanged = _upsert(cur, spec.table, rows, scope, list(spec.key), batch_id)
        removed = 0
        if plan.mapping.summary:
            listed = validation.frame["entry_id"].dropna()  # a skipped row's line is still listed: kept
            removed = _replace_summary_months(cur, plan.source, rows, listed, batch_id)
        if spec.table == "cost_entries":
            _map_taxonomy_codes(cur, plan.source, rows)
        rejected = validation.rejected_rows
        cur.execute(
            "UPDATE import_batches SET rows_inserted = ?, rows_updated = ?, rows_unchanged = ?, rows_rejected = ?,"
            " rows_removed = ? WHERE batch_id = ?",
            [inserted, updated, unchanged, rejected, removed, batch_id],
        )
        if on_written:
            on_written(batch_id)
    return ImportResult(batch_id, inserted, updated, unchanged, rejected, removed)


def _replace_summary_months(
    cur: duckdb.DuckDBPyConnection, source: str, rows: pd.DataFrame, listed: pd.Series, batch_id: int
) -> int:
    """A summary stands for its months whole: this source's summary lines of each month and cost center it writes
    (`rows`) that the file no longer lists (`listed`: every row's id, a skipped row's too) are taken out, kept for
    undo as the rows an import overwrites are. Returns how many."""
    cur.register("_summary_rows", pa.Table.from_pandas(rows[["period", "cost_center"]]))
    cur.register("_listed_ids", pa.table({"entry_id": pa.array(listed.tolist(), pa.string())}))
    stale = (
        "FROM cost_entries t WHERE t.source = ? AND starts_with(t.entry_id, ?)"
        " AND EXISTS (SELECT 1 FROM _summary_rows r WHERE r.period::DATE = t.period AND r.cost_center = t.cost_center)"
        " AND NOT EXISTS (SELECT 1 FROM _listed_ids l WHERE l.entry_id = t.entry_id)"
    )
    where = [source, f"{SUMMARY_ID_PREFIX}/"]
    try:
        columns = ", ".join(f't."{c}"' for c in _columns(cur, "cost_entries"))
        cur.execute(f"INSERT INTO prior_cost_entries SELECT {columns}, {batch_id} {stale}", where)
        (removed,) = cur.execute(
            f"DELETE FROM cost_entries WHERE (source, entry_id) IN (SELECT t.source, t.entry_id {stale})",
            where,
        ).fetchone()
    finally:
        cur.unregister("_summary_rows")
        cur.unregister("_listed_ids")
    return int(removed)


def _map_taxonomy_codes(cur: duckdb.DuckDBPyConnection, source: str, rows: pd.DataFrame) -> None:
    """Cost rows whose category is already a taxonomy code count as that code. Costs are read through the
    category map, so without a map row they would be imported and never counted: add one (kept on undo)."""
    codes = {code for (code,) in cur.execute("SELECT code FROM cost_taxonomy").fetchall()}
    mapped = {
        category
        for (category,) in cur.execute(
            "SELECT source_category FROM cost_category_map WHERE source_system = ?", [source]
        ).fetchall()
    }
    for code in sorted((set(rows["source_category"]) & codes) - mapped):
        cur.execute(
            "INSERT INTO cost_category_map VALUES (?, ?, ?, TRUE, ?)",
            [source, code, code, CODE_AS_CATEGORY_NOTE],
        )


def import_file(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    kind: str,
    source: str | None = None,
    profile: str | Mapping | None = None,
    sheet: str | None = None,
    mode: str = "all_or_nothing",
    imported_by: str | None = None,
    dry_run: bool = False,
    every_row: dict[str, str] | None = None,
    joins: dict[str, list[str]] | None = None,
) -> tuple[ImportPlan, ImportResult | None]:
    """Read, map (a profile, else recognised headers), validate and, unless dry_run, commit one file.
    `every_row` gives fields one value for every row in place of a column (mapping.with_every_row); `joins`
    reads fields from two columns (mapping.with_joined)."""
    raw = read_upload(data, file_name, sheet, con, kind=kind)
    mapping = load_profile(profile, con) if isinstance(profile, str) else profile
    if mapping is None:
        mapping, _ = propose_for_file(raw, kind)
    if mapping.kind != kind:
        raise ValueError(f"profile {mapping.name!r} is for {mapping.kind}, not {kind}")
    mapping = with_title(mapping, raw)
    if every_row:
        mapping = with_every_row(mapping, every_row)
    if joins:
        mapping = with_joined(mapping, joins)
    plan = prepare_import(con, raw, mapping, data, source)
    if dry_run:
        return plan, None
    return plan, commit_import(con, plan, mode=mode, imported_by=imported_by)


def import_history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every import batch, newest first: what, from where, counts, who, when, and whether it was undone."""
    return con.execute(
        "SELECT batch_id, kind, source, file_name, rows_inserted, rows_updated, rows_unchanged, rows_rejected,"
        " rows_removed, imported_by, imported_at, status, undone_at FROM import_batches ORDER BY batch_id DESC"
    ).df()


def empty_kinds(con: duckdb.DuckDBPyConnection, kinds: tuple[str, ...]) -> list[str]:
    """Those of `kinds` whose table holds no rows at all (imported or demo), in the order given."""
    return [
        kind
        for kind in kinds
        if con.execute(f"SELECT count(*) FROM {get_kind(kind).table}").fetchone()[0] == 0
    ]


def undo_batch(con: duckdb.DuckDBPyConnection, batch_id: int, wait: bool = False) -> int:
    """Take a batch out: delete the rows it wrote, restore the rows it overwrote; returns rows removed.

    Refused (IngestError 'undo_blocked') while a later batch has overwritten rows of this one: undo that first.
    """
    with store.write_transaction(con, wait=wait) as cur:
        row = cur.execute(
            "SELECT kind FROM import_batches WHERE batch_id = ? AND status = 'committed'", [batch_id]
        ).fetchone()
        if row is None:
            raise IngestError("batch_not_found", batch_id=batch_id)
        table = get_kind(row[0]).table
        prior = f"prior_{table}"
        later = [
            b for (b,) in cur.execute(
                f"SELECT DISTINCT replaced_by_batch FROM {prior} WHERE batch_id = ? ORDER BY 1", [batch_id]
            ).fetchall()
        ]  # fmt: skip
        if later:
            raise IngestError("undo_blocked", batch_id=batch_id, later=", ".join(f"#{b}" for b in later))
        columns = ", ".join(f'"{c}"' for c in _columns(cur, table))
        removed = cur.execute(f"DELETE FROM {table} WHERE batch_id = ?", [batch_id]).fetchone()[0]
        cur.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {prior} WHERE replaced_by_batch = ?",
            [batch_id],
        )
        cur.execute(f"DELETE FROM {prior} WHERE replaced_by_batch = ?", [batch_id])
        cur.execute(
            "UPDATE import_batches SET status = 'undone', undone_at = ? WHERE batch_id = ?",
            [store._now(), batch_id],
        )
    return int(removed)


def _upsert(
    cur: duckdb.DuckDBPyConnection,
    table: str,
    rows: pd.DataFrame,
    scope: dict[str, object],
    key: list[str],
    batch_id: int,
):
    """Insert new keys, update changed rows (keeping their prior version), leave identical rows; the counts.

    `scope` is the one column every row shares (source, or budget_id), the first part of the key; it and the
    batch id are bound as values in the SQL rather than repeated down a column of the frame."""
    types = _columns(cur, table)
    (scope_column, scope_value), key = next(iter(scope.items())), [*scope, *key]
    columns = [c for c in rows.columns if c in types and c not in (scope_column, "batch_id")]
    select = ", ".join(
        [f'CAST(? AS {types[scope_column]}) AS "{scope_column}"']
        + [f'CAST("{c}" AS {types[c]}) AS "{c}"' for c in columns]
        + [f'CAST(? AS {types["batch_id"]}) AS "batch_id"']
    )
    columns = [scope_column, *columns, "batch_id"]
    names = ", ".join(f'"{c}"' for c in columns)
    constants = [_scalar(scope_value), batch_id]
    # One chunk per column: DuckDB then spreads the insert over its threads, keeping the row order. The text
    # columns arrive in the reader's blocks, misaligned between columns; so chunked, 1M tickets took 0.9-1.1 s
    # to insert instead of 0.5 s.
    incoming = pa.Table.from_pandas(rows, preserve_index=False).combine_chunks()
    cur.register("_incoming_frame", incoming)
    try:
        if (
            len(rows)
            and not cur.execute(
                f"SELECT count(*) FROM {table} WHERE {scope_column} = ?", [constants[0]]
            ).fetchone()[0]
        ):  # nothing from this source yet: everything is new, write it straight in
            inserted = cur.execute(
                f"INSERT INTO {table} ({names}) SELECT {select} FROM _incoming_frame", constants
            ).fetchone()
            return int(inserted[0]), 0, 0
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE _incoming AS SELECT {select} FROM _incoming_frame", constants
        )
    finally:
        cur.unregister("_incoming_frame")
    on_key = " AND ".join(f't."{k}" = i."{k}"' for k in key)
    compared = [c for c in columns if c not in key and c != "batch_id"]
    same = " AND ".join(f't."{c}" IS NOT DISTINCT FROM i."{c}"' for c in compared) or "TRUE"
    try:
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE _matched AS SELECT {', '.join(f'i.{k}' for k in key)}, ({same}) AS same"
            f" FROM _incoming i JOIN {table} t ON {on_key}"
        )
        unchanged, updated = cur.execute(
            "SELECT count(*) FILTER (same), count(*) FILTER (NOT same) FROM _matched"
        ).fetchone()
        if unchanged or updated:
            match_m = " AND ".join(f'm."{k}" = i."{k}"' for k in key)
            cur.execute(f"DELETE FROM _incoming i USING _matched m WHERE {match_m} AND m.same")
        if updated:
            all_columns = ", ".join(f't."{c}"' for c in types)
            on_m = " AND ".join(f't."{k}" = m."{k}"' for k in key)
            cur.execute(
                f"INSERT INTO prior_{table} SELECT {all_columns}, {batch_id} FROM {table} t"
                f" JOIN _matched m ON {on_m} WHERE NOT m.same"
            )
            assignments = ", ".join(f'"{c}" = i."{c}"' for c in [*compared, "batch_id"])
            cur.execute(f"UPDATE {table} t SET {assignments} FROM _incoming i WHERE {on_key}")
            cur.execute(f"DELETE FROM _incoming i USING _matched m WHERE {match_m}")
        inserted = cur.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _incoming").fetchone()[0]
    finally:
        cur.execute("DROP TABLE IF EXISTS _incoming")
        cur.execute("DROP TABLE IF EXISTS _matched")
    return int(inserted), int(updated), int(unchanged)


def _scalar(value: object) -> object:
    """A numpy scalar as the plain Python value DuckDB binds."""
    return value.item() if hasattr(value, "item") else value


def _columns(cur: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """A table's columns and their SQL types, in table order (table names come from the kinds, never users)."""
    if table not in store.TABLES:
        raise ValueError(f"unknown table {table!r}")
    return dict(
        cur.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
    )


def _ensure_taxonomy(cur: duckdb.DuckDBPyConnection) -> None:
    """Cost rows reference the taxonomy; give an empty database the standard one (data/cost_taxonomy.csv)."""
    if cur.execute("SELECT count(*) FROM cost_taxonomy").fetchone()[0] == 0:
        store.insert_frame(cur, "cost_taxonomy", _taxonomy())


def _taxonomy() -> pd.DataFrame:
    return store.load_taxonomy()


def _budget_for_lines(
    cur: duckdb.DuckDBPyConnection,
    budget_id: int | None,
    rows: pd.DataFrame,
    plan: ImportPlan,
    who: str | None,
) -> int:
    """The budget that imported lines go into: the one named (if not locked), else a new draft for their year."""
    if budget_id is not None:
        row = cur.execute("SELECT locked FROM budgets WHERE budget_id = ?", [budget_id]).fetchone()
        if row is None:
            raise ValueError(f"no budget #{budget_id}")
        if row[0]:
            raise IngestError("budget_locked", budget_id=budget_id)
        return budget_id
    year = int(pd.Timestamp(rows["month"].min()).year) if len(rows) else store._now().year
    version = cur.execute(
        "SELECT coalesce(max(version), 0) + 1 FROM budgets WHERE year = ?", [year]
    ).fetchone()[0]
    new_id = cur.execute("SELECT nextval('budget_id_seq')").fetchone()[0]
    cur.execute(
        "INSERT INTO budgets (budget_id, year, name, version, status, created_by, created_at)"
        " VALUES (?, ?, ?, ?, 'draft', ?, ?)",
        [new_id, year, f"导入 {plan.raw.file_name}", version, who, store._now()],
    )
    return int(new_id)
