"""The DuckDB store: schema, forward migrations, the one write lock, and typed queries.

One process owns the database file. Every write goes through `write_transaction`, which holds the process-wide
write lock, runs in one transaction that lands whole or leaves no trace, and checkpoints afterwards.
Values are always bound as `?` parameters; table names come from `TABLES`, never from user text.
Timestamps are naive and mean Asia/Shanghai local time (no ICU extension: nothing is downloaded at run time).

Roster dates: `staff.hire_date` (入职日期) is the first day employed and `staff.leave_date` (离职日期) the last,
both included; no leave date means still employed. So a person is on the roster on day d when
`hire_date <= d AND (leave_date IS NULL OR leave_date >= d)` (FTE-days, a month's share of days employed, in the
evaluation, budget variance and the what-if's staffing check alike), and still on it after as_of (the roster a
plan starts from) when `leave_date > as_of`. Leaving on the hire date is one day employed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd

from analytics.channels import CHANNELS

DEFAULT_DB_PATH = Path(__file__).resolve().parent.parent / "data" / "service_cost_desk.duckdb"
DB_PATH_ENV = "COST_DESK_DB"

WRITE_LOCK = threading.Lock()
"""Serialises writers inside this process: one import or edit at a time, readers carry on."""


class WriteBusyError(RuntimeError):
    """Another write (an import, an approval) is in progress; the caller should ask the user to wait."""


# Each migration is (version, statements). Never edit a released migration: add the next one.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE import_batches (
                batch_id INTEGER PRIMARY KEY,
                kind VARCHAR NOT NULL,
                source VARCHAR NOT NULL,
                file_name VARCHAR,
                content_hash VARCHAR,
                rows_inserted INTEGER NOT NULL DEFAULT 0,
                rows_updated INTEGER NOT NULL DEFAULT 0,
                rows_unchanged INTEGER NOT NULL DEFAULT 0,
                rows_rejected INTEGER NOT NULL DEFAULT 0,
                imported_by VARCHAR,
                imported_at TIMESTAMP NOT NULL,
                status VARCHAR NOT NULL DEFAULT 'committed',
                undone_at TIMESTAMP
            )""",
            "CREATE SEQUENCE batch_id_seq START 1",
            """CREATE TABLE tickets (
                source VARCHAR NOT NULL,
                ticket_id VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                closed_at TIMESTAMP,
                channel VARCHAR NOT NULL,
                category VARCHAR,
                priority VARCHAR,
                customer_id VARCHAR,
                customer_tier VARCHAR,
                agent VARCHAR,
                team VARCHAR,
                first_response_seconds DOUBLE,
                handle_seconds DOUBLE,
                resolved BOOLEAN,
                reopened BOOLEAN,
                complaint BOOLEAN,
                csat TINYINT CHECK (csat BETWEEN 1 AND 5),
                batch_id INTEGER NOT NULL,
                PRIMARY KEY (source, ticket_id)
            )""",
            """CREATE TABLE daily_volume (
                source VARCHAR NOT NULL,
                date DATE NOT NULL,
                channel VARCHAR NOT NULL,
                contacts INTEGER NOT NULL CHECK (contacts >= 0),
                handled INTEGER CHECK (handled >= 0),
                abandoned INTEGER CHECK (abandoned >= 0),
                aht_seconds DOUBLE,
                asa_seconds DOUBLE,
                service_level DOUBLE,
                batch_id INTEGER NOT NULL,
                PRIMARY KEY (source, date, channel)
            )""",
            """CREATE TABLE interval_volume (
                source VARCHAR NOT NULL,
                interval_start TIMESTAMP NOT NULL,
                interval_minutes SMALLINT NOT NULL,
                channel VARCHAR NOT NULL,
                contacts DOUBLE NOT NULL CHECK (contacts >= 0),
                handled DOUBLE,
                aht_seconds DOUBLE,
                batch_id INTEGER NOT NULL,
                PRIMARY KEY (source, interval_start, channel)
            )""",
            """CREATE TABLE cost_taxonomy (
                code VARCHAR PRIMARY KEY,
                level1 VARCHAR NOT NULL,
                level2 VARCHAR NOT NULL,
                sort_order INTEGER NOT NULL
            )""",
            """CREATE TABLE cost_category_map (
                source_system VARCHAR NOT NULL,
                source_category VARCHAR NOT NULL,
                taxonomy_code VARCHAR NOT NULL REFERENCES cost_taxonomy (code),
                counted BOOLEAN NOT NULL DEFAULT TRUE,
                note VARCHAR,
                PRIMARY KEY (source_system, source_category)
            )""",
            """CREATE TABLE cost_entries (
                source VARCHAR NOT NULL,
                entry_id VARCHAR NOT NULL,
                period DATE NOT NULL,
                cost_center VARCHAR NOT NULL,
                source_category VARCHAR NOT NULL,
                taxonomy_code VARCHAR REFERENCES cost_taxonomy (code),
                amount DECIMAL(18, 2) NOT NULL,
                vendor VARCHAR,
                channel VARCHAR,
                capex BOOLEAN NOT NULL DEFAULT FALSE,
                description VARCHAR,
                batch_id INTEGER NOT NULL,
                PRIMARY KEY (source, entry_id)
            )""",
            """CREATE TABLE staff (
                source VARCHAR NOT NULL,
                staff_id VARCHAR NOT NULL,
                name VARCHAR,
                role VARCHAR NOT NULL,
                employment_type VARCHAR NOT NULL
                    CHECK (employment_type IN ('full_time', 'part_time', 'temp', 'outsourced')),
                team VARCHAR,
                channel VARCHAR,
                hire_date DATE NOT NULL,
                leave_date DATE,
                monthly_pay DECIMAL(18, 2),
                batch_id INTEGER NOT NULL,
                PRIMARY KEY (source, staff_id)
            )""",
            """CREATE TABLE assets (
                source VARCHAR NOT NULL,
                asset_id VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                taxonomy_code VARCHAR REFERENCES cost_taxonomy (code),
                cost_center VARCHAR,
                purchase_date DATE NOT NULL,
                purchase_cost DECIMAL(18, 2) NOT NULL,
                useful_life_months INTEGER NOT NULL CHECK (useful_life_months > 0),
                salvage_value DECIMAL(18, 2) NOT NULL DEFAULT 0,
                is_lease BOOLEAN NOT NULL DEFAULT FALSE,
                batch_id INTEGER NOT NULL,
                PRIMARY KEY (source, asset_id)
            )""",
            """CREATE TABLE budgets (
                budget_id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL,
                name VARCHAR NOT NULL,
                version INTEGER NOT NULL,
                status VARCHAR NOT NULL CHECK (status IN
                    ('draft', 'internal_review', 'cross_review', 'final_review', 'approved', 'returned')),
                locked BOOLEAN NOT NULL DEFAULT FALSE,
                parent_budget_id INTEGER,
                scenario_id INTEGER,
                contingency_rate DOUBLE NOT NULL DEFAULT 0.10,
                created_by VARCHAR,
                created_at TIMESTAMP NOT NULL,
                UNIQUE (year, version)
            )""",
            "CREATE SEQUENCE budget_id_seq START 1",
            """CREATE TABLE budget_lines (
                budget_id INTEGER NOT NULL,
                month DATE NOT NULL,
                taxonomy_code VARCHAR NOT NULL REFERENCES cost_taxonomy (code),
                cost_center VARCHAR NOT NULL,
                amount DECIMAL(18, 2) NOT NULL,
                note VARCHAR,
                batch_id INTEGER,
                PRIMARY KEY (budget_id, month, taxonomy_code, cost_center)
            )""",
            """CREATE TABLE budget_events (
                budget_id INTEGER NOT NULL,
                happened_at TIMESTAMP NOT NULL,
                action VARCHAR NOT NULL,
                from_status VARCHAR,
                to_status VARCHAR NOT NULL,
                actor VARCHAR NOT NULL,
                actor_role VARCHAR,
                comment VARCHAR
            )""",
            """CREATE TABLE scenarios (
                scenario_id INTEGER PRIMARY KEY,
                name VARCHAR NOT NULL UNIQUE,
                params_json VARCHAR NOT NULL,
                created_by VARCHAR,
                created_at TIMESTAMP NOT NULL
            )""",
            "CREATE SEQUENCE scenario_id_seq START 1",
            """CREATE TABLE events (
                event_id INTEGER PRIMARY KEY,
                event_key VARCHAR NOT NULL,
                name VARCHAR,
                year INTEGER NOT NULL,
                phase VARCHAR NOT NULL CHECK (phase IN ('presale', 'peak', 'aftersales')),
                start_date DATE NOT NULL,
                end_date DATE NOT NULL,
                is_default BOOLEAN NOT NULL DEFAULT FALSE,
                CHECK (end_date >= start_date)
            )""",
            "CREATE SEQUENCE event_id_seq START 1",
            """CREATE TABLE targets (
                metric VARCHAR NOT NULL,
                channel VARCHAR NOT NULL DEFAULT '*',
                value DOUBLE NOT NULL,
                PRIMARY KEY (metric, channel)
            )""",
            """CREATE TABLE settings (
                key VARCHAR PRIMARY KEY,
                value VARCHAR NOT NULL
            )""",
            """CREATE TABLE mapping_profiles (
                profile_name VARCHAR PRIMARY KEY,
                kind VARCHAR NOT NULL,
                mapping_json VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                updated_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE forecast_snapshots (
                snapshot_id INTEGER PRIMARY KEY,
                created_at TIMESTAMP NOT NULL,
                published_by VARCHAR,
                history_end DATE NOT NULL,
                horizon_days INTEGER NOT NULL,
                models_json VARCHAR NOT NULL,
                note VARCHAR
            )""",
            "CREATE SEQUENCE snapshot_id_seq START 1",
            """CREATE TABLE forecast_snapshot_values (
                snapshot_id INTEGER NOT NULL,
                date DATE NOT NULL,
                channel VARCHAR NOT NULL,
                forecast DOUBLE NOT NULL,
                lo80 DOUBLE,
                hi80 DOUBLE,
                lo95 DOUBLE,
                hi95 DOUBLE,
                PRIMARY KEY (snapshot_id, date, channel)
            )""",
        ],
    ),
    (
        2,
        # Import undo: before an import overwrites a row, the row's prior version is kept here with the batch that
        # replaced it, so undoing that batch restores it. Same columns as the live table plus replaced_by_batch;
        # a later migration that adds a column to a live table adds it to its prior_ table too.
        [
            f"CREATE TABLE prior_{table} AS SELECT *, CAST(NULL AS INTEGER) AS replaced_by_batch FROM {table} LIMIT 0"
            for table in (
                "tickets",
                "daily_volume",
                "interval_volume",
                "cost_entries",
                "staff",
                "assets",
                "budget_lines",
            )
        ],
    ),
    (
        3,
        # Budget line edits keep their reason and who made them; budgets keep their labor drivers; decisions typed in a quarterly review are kept
        # with their quarter.
        [
            """CREATE TABLE budget_line_edits (
                budget_id INTEGER NOT NULL,
                month DATE NOT NULL,
                taxonomy_code VARCHAR NOT NULL,
                cost_center VARCHAR NOT NULL,
                old_amount DECIMAL(18, 2),
                new_amount DECIMAL(18, 2) NOT NULL,
                reason VARCHAR NOT NULL,
                actor VARCHAR NOT NULL,
                edited_at TIMESTAMP NOT NULL
            )""",
            # A drafted budget's labor drivers per month, channel and employment type, so labor variance can be
            # explained: planned labor = Σ contacts × AHT / 3600 / (productive share × hours per FTE) × type mix
            # × monthly rate, where fte is the planned FTE of that type on that channel (its share gives the mix).
            """CREATE TABLE budget_drivers (
                budget_id INTEGER NOT NULL,
                month DATE NOT NULL,
                channel VARCHAR NOT NULL,
                employment_type VARCHAR NOT NULL,
                contacts DOUBLE NOT NULL,
                aht_seconds DOUBLE NOT NULL,
                productive_share DOUBLE NOT NULL,
                hours_per_fte DOUBLE NOT NULL,
                fte DOUBLE NOT NULL,
                monthly_rate DOUBLE NOT NULL,
                PRIMARY KEY (budget_id, month, channel, employment_type)
            )""",
            """CREATE TABLE review_decisions (
                decision_id INTEGER PRIMARY KEY,
                quarter VARCHAR NOT NULL,
                decision VARCHAR NOT NULL,
                owner VARCHAR,
                due_date DATE,
                recorded_by VARCHAR,
                recorded_at TIMESTAMP NOT NULL
            )""",
            "CREATE SEQUENCE decision_id_seq START 1",
        ],
    ),
]

UNKEYED_TABLES = ("tickets", "daily_volume", "interval_volume", "cost_entries", "staff", "assets")
"""Tables with no PRIMARY KEY index since schema version 4. Imports (and the demo seed) are their only writers, and
the importer enforces one row per (source, natural key): validation refuses a key repeated within a file and the
upsert matches rows by a join on the key. The ART index DuckDB keeps behind a primary key nearly doubled the
time to write 1M tickets (1.7 s against 0.9 s, bench/bench_import.py). budget_lines keeps its key: the budget
workflow edits it line by line, and it is small."""


def _rebuilt_without_key(table: str) -> list[str]:
    """Statements that rebuild a table as migration 1 created it, minus its PRIMARY KEY, keeping its rows.

    DuckDB cannot drop a constraint: create the table's twin without the key (same columns in the same order,
    NOT NULL, CHECK, DEFAULT and REFERENCES as released), copy the rows, drop the original, rename the twin."""
    created = next(s for s in MIGRATIONS[0][1] if s.startswith(f"CREATE TABLE {table} ("))
    unkeyed, found = re.subn(r",\s*PRIMARY KEY \([^)]*\)", "", created)
    if found != 1:
        raise AssertionError(f"migration 1 does not give {table} one PRIMARY KEY clause")
    twin = f"{table}_unkeyed"
    return [
        unkeyed.replace(f"CREATE TABLE {table} (", f"CREATE TABLE {twin} (", 1),
        f"INSERT INTO {twin} SELECT * FROM {table}",
        f"DROP TABLE {table}",
        f"ALTER TABLE {twin} RENAME TO {table}",
    ]


# Version 4: the imported tables lose their PRIMARY KEY index (see UNKEYED_TABLES).
MIGRATIONS.append((4, [s for table in UNKEYED_TABLES for s in _rebuilt_without_key(table)]))

# Version 5: contact_volume, the daily volume every reader uses. Imported daily volume is the record of a channel
# from its first day on; before that day (or always, for a channel without daily volume, such as an e-mail queue known
# only from the ticket system) the channel's contacts are its tickets counted by creation day, with from_tickets set.
# A day without tickets between two ticket days at most TICKET_GAP_DAYS apart has 0 contacts (a weekend, a holiday);
# a longer gap is days without data (an export not imported, a mistyped year), never a run of zeros.
# The AHT of a ticket day is the mean of the handle times recorded; tickets carry no abandons, answer speed or
# service level.
TICKET_GAP_DAYS = 14
MIGRATIONS.append(
    (
        5,
        [
            f"""CREATE VIEW contact_volume AS
            WITH volume_start AS (
                SELECT channel, min(date) AS first_day FROM daily_volume GROUP BY channel
            ),
            ticket_days AS (
                SELECT t.channel, t.created_at::DATE AS date, count(*) AS contacts,
                       sum(t.handle_seconds) AS handle_seconds, count(t.handle_seconds) AS timed
                FROM tickets AS t LEFT JOIN volume_start AS v USING (channel)
                WHERE v.first_day IS NULL OR t.created_at::DATE < v.first_day
                GROUP BY ALL
            ),
            quiet_days AS (
                SELECT channel, unnest(generate_series(
                    (date + 1)::TIMESTAMP, (next_day - 1)::TIMESTAMP, INTERVAL 1 DAY))::DATE AS date
                FROM (SELECT channel, date, lead(date) OVER (PARTITION BY channel ORDER BY date) AS next_day
                      FROM ticket_days)
                WHERE next_day - date BETWEEN 2 AND {TICKET_GAP_DAYS + 1}
            )
            SELECT source, date, channel, contacts, handled, abandoned, aht_seconds, asa_seconds, service_level,
                   false AS from_tickets
            FROM daily_volume
            UNION ALL
            SELECT 'tickets', date, channel, contacts::INTEGER, NULL, NULL, handle_seconds / nullif(timed, 0),
                   NULL, NULL, true
            FROM ticket_days
            UNION ALL
            SELECT 'tickets', date, channel, 0, NULL, NULL, NULL, NULL, NULL, true FROM quiet_days""",
        ],
    )
)

# Official holiday schedules typed in from the State Council's notice, for years `chinese-calendar` does not know:
# one row per holiday of a notice year, its break (first to last day off) and up to two make-up workdays (调休上班).
MIGRATIONS.append(
    (
        6,
        [
            """CREATE TABLE holiday_schedule (
                year INTEGER NOT NULL,
                holiday_key VARCHAR NOT NULL,
                first_day_off DATE NOT NULL,
                last_day_off DATE NOT NULL,
                makeup_workday_1 DATE,
                makeup_workday_2 DATE,
                PRIMARY KEY (year, holiday_key)
            )""",
        ],
    )
)

# A published forecast remembers the official holiday schedule it was made with (PublishedSchedule.digest(),
# empty when none was typed in, as for every snapshot published before), so a plan does not start from a
# forecast made with an older calendar.
MIGRATIONS.append((7, ["ALTER TABLE forecast_snapshots ADD COLUMN calendar VARCHAR NOT NULL DEFAULT ''"]))

# A budget drafted from the forecast remembers its year's holiday schedule digest, so the page can say when the
# official schedule changed after it was costed. NULL: not drafted from a forecast (imported), or drafted before.
MIGRATIONS.append((8, ["ALTER TABLE budgets ADD COLUMN calendar VARCHAR"]))

# A budget drafted on a forecast fitted from history keeps that fit's warnings that bear on a plan
# (forecast_warning.PLAN_WARNINGS: a short history, missing days, an event never seen) as JSON, so the version
# says what its volume rests on after the history has grown. NULL: none, or not drafted from a fit.
MIGRATIONS.append((9, ["ALTER TABLE budgets ADD COLUMN forecast_warnings VARCHAR"]))

# A published forecast keeps its fit's warnings (every channel's, as JSON: forecast_warning), so a plan or a
# budget drafted on it says what its volume rests on, as one fitted on the spot does. NULL: none, or published
# before.
MIGRATIONS.append((10, ["ALTER TABLE forecast_snapshots ADD COLUMN warnings VARCHAR"]))

# A budget drafted on a published forecast names it, so the version says which forecast finance signed off it
# was built on. NULL: fitted when drafted, imported, or drafted before.
MIGRATIONS.append((11, ["ALTER TABLE budgets ADD COLUMN snapshot_id INTEGER"]))

# A published forecast found wrong (published on a bad import, say) is withdrawn, not deleted: it stays in the
# register with who withdrew it, when and why, and plans, budgets and the track record stop standing on it.
# NULL: in force.
MIGRATIONS.append(
    (
        12,
        [
            "ALTER TABLE forecast_snapshots ADD COLUMN withdrawn_at TIMESTAMP",
            "ALTER TABLE forecast_snapshots ADD COLUMN withdrawn_by VARCHAR",
            "ALTER TABLE forecast_snapshots ADD COLUMN withdrawn_reason VARCHAR",
        ],
    )
)

# A budget version drafted from a forecast remembers the last day of the history that forecast was made on (fitted
# then, or published), so a forecast published later on later data is pointed out for a fitted version too.
# NULL: imported, or drafted before.
MIGRATIONS.append((13, ["ALTER TABLE budgets ADD COLUMN forecast_data_to DATE"]))

# A withdrawal made by mistake is undone, not erased: the forecast is in force again and this table keeps the
# withdrawal that was undone (who, when, why) beside who reinstated it, when and why.
MIGRATIONS.append(
    (
        14,
        [
            """CREATE TABLE forecast_reinstatements (
                snapshot_id INTEGER NOT NULL,
                withdrawn_at TIMESTAMP NOT NULL,
                withdrawn_by VARCHAR NOT NULL,
                withdrawn_reason VARCHAR NOT NULL,
                reinstated_at TIMESTAMP NOT NULL,
                reinstated_by VARCHAR NOT NULL,
                reinstated_reason VARCHAR NOT NULL
            )""",
        ],
    )
)

# A published forecast's note is corrected, not overwritten: the note shown is the latest, and this table keeps each
# note it replaced, with who changed it and when.
MIGRATIONS.append(
    (
        15,
        [
            """CREATE TABLE forecast_note_edits (
                snapshot_id INTEGER NOT NULL,
                old_note VARCHAR,
                new_note VARCHAR NOT NULL,
                edited_by VARCHAR NOT NULL,
                edited_at TIMESTAMP NOT NULL
            )""",
        ],
    )
)

# The BPO's contract terms are a team setting that prices every budget draft: saving new terms keeps the terms
# they replaced (JSON channel -> [pricing, price]; the peak surcharge, NULL for the books' rate), who had saved those
# and when (NULL when saved before names were asked for), and who replaced them and when.
MIGRATIONS.append(
    (
        16,
        [
            """CREATE TABLE bpo_contract_replacements (
                terms_json VARCHAR NOT NULL,
                peak_surcharge DOUBLE,
                saved_by VARCHAR,
                saved_at TIMESTAMP,
                replaced_by VARCHAR NOT NULL,
                replaced_at TIMESTAMP NOT NULL
            )""",
        ],
    )
)

# A corrected monthly cost summary takes out the lines of its months it no longer lists (kept for undo): the batch
# counts them beside its inserted, updated, unchanged and skipped rows. 0 for every other batch and those before.
MIGRATIONS.append((17, ["ALTER TABLE import_batches ADD COLUMN rows_removed INTEGER NOT NULL DEFAULT 0"]))

SCHEMA_VERSION = MIGRATIONS[-1][0]

TAXONOMY_CSV = Path(__file__).resolve().parent.parent / "data" / "cost_taxonomy.csv"

BUDGET_DRIVER_COLUMNS = (
    *("month", "channel", "employment_type", "contacts", "aht_seconds"),
    *("productive_share", "hours_per_fte", "fte", "monthly_rate"),
)
"""The budget_drivers columns besides budget_id (written by budget drafts, read by the labor variance)."""

TABLES = (
    "import_batches",
    "tickets",
    "daily_volume",
    "interval_volume",
    "cost_taxonomy",
    "cost_category_map",
    "cost_entries",
    "staff",
    "assets",
    "budgets",
    "budget_lines",
    "budget_events",
    "scenarios",
    "events",
    "targets",
    "settings",
    "mapping_profiles",
    "forecast_snapshots",
    "forecast_snapshot_values",
    "forecast_reinstatements",
    "forecast_note_edits",
    "bpo_contract_replacements",
    "prior_tickets",
    "prior_daily_volume",
    "prior_interval_volume",
    "prior_cost_entries",
    "prior_staff",
    "prior_assets",
    "prior_budget_lines",
    "budget_line_edits",
    "budget_drivers",
    "review_decisions",
    "holiday_schedule",
)
"""Every table the product owns: the allow-list for any query that names a table."""

# The date column that spans each table's history, for `info`. Tables without one are left out.
_DATE_COLUMNS = {
    "tickets": "created_at",
    "daily_volume": "date",
    "interval_volume": "interval_start",
    "cost_entries": "period",
    "staff": "hire_date",
    "assets": "purchase_date",
    "budget_lines": "month",
    "events": "start_date",
    "holiday_schedule": "first_day_off",
    "import_batches": "imported_at",
}


def db_path_from_env() -> Path:
    """The database file: $COST_DESK_DB if set, else data/service_cost_desk.duckdb in the checkout."""
    return Path(os.environ.get(DB_PATH_ENV) or DEFAULT_DB_PATH)


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database and bring its schema to the current version."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        migrate(con)
    elif 0 < schema_version(con) < SCHEMA_VERSION:  # our database, older: migrate once (no one else holds it)
        con.close()
        connect(path).close()
        con = duckdb.connect(str(path), read_only=True)
    return con


def ticket_counted_channels(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Channels with days counted from tickets in contact_volume (no daily volume on those days), in the
    product's channel order."""
    rows = con.execute(
        "SELECT DISTINCT channel FROM contact_volume WHERE from_tickets"
        " ORDER BY list_position(?, channel), channel",
        [list(CHANNELS)],
    ).fetchall()
    return [channel for (channel,) in rows]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version recorded in the database; 0 for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply every migration newer than the recorded version, each in its own transaction. Re-runnable."""
    with WRITE_LOCK:
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)"
        )
        current = schema_version(con)
        for version, statements in MIGRATIONS:
            if version <= current:
                continue
            con.execute("BEGIN TRANSACTION")
            try:
                for statement in statements:
                    con.execute(statement)
                con.execute("INSERT INTO schema_version VALUES (?, ?)", [version, _now()])
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        return schema_version(con)


@contextlib.contextmanager
def write_transaction(
    con: duckdb.DuckDBPyConnection, wait: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Hold the write lock and run the block in one transaction; commit and checkpoint, or roll back whole.

    With wait=False a concurrent writer raises WriteBusyError at once instead of queueing.
    """
    if not WRITE_LOCK.acquire(blocking=wait):
        raise WriteBusyError("another write is in progress")
    cur = con.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        _checkpoint(cur)
    finally:
        cur.close()
        WRITE_LOCK.release()


def _checkpoint(cur: duckdb.DuckDBPyConnection) -> None:
    """Fold the write-ahead log into the file. Best effort: the commit is already durable in the WAL, and DuckDB
    refuses while another cursor has a transaction open (it checkpoints on its own later)."""
    try:
        cur.execute("CHECKPOINT")
    except duckdb.TransactionException:
        pass


def new_batch(
    cur: duckdb.DuckDBPyConnection,
    kind: str,
    source: str,
    file_name: str | None = None,
    content_hash: str | None = None,
    imported_by: str | None = None,
) -> int:
    """Record an import batch inside the current transaction and return its id (lineage for its rows)."""
    batch_id = cur.execute("SELECT nextval('batch_id_seq')").fetchone()[0]
    cur.execute(
        "INSERT INTO import_batches (batch_id, kind, source, file_name, content_hash, imported_by, imported_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [batch_id, kind, source, file_name, content_hash, imported_by, _now()],
    )
    return int(batch_id)


def insert_frame(cur: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Append a DataFrame to an allow-listed table by column name; returns the row count."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}")
    if frame.empty:
        return 0
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    cur.complete()  # DuckDB 2 refuses register() while an earlier result is unread
    cur.register("_incoming", frame)
    # No try/finally: after a failed INSERT the transaction is aborted and unregister() would raise over the
    # real error. A later register() replaces the view, and it goes with the cursor.
    cur.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _incoming")
    cur.unregister("_incoming")
    return len(frame)


def load_taxonomy() -> pd.DataFrame:
    """The standard cost taxonomy (DESIGN §6) from data/cost_taxonomy.csv: code, level1, level2, sort_order."""
    return pd.read_csv(TAXONOMY_CSV, dtype={"code": str, "level1": str, "level2": str, "sort_order": int})


def get_setting(con: duckdb.DuckDBPyConnection, key: str, default: str | None = None) -> str | None:
    """A value from the settings table, or the default."""
    row = con.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(cur: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Insert or replace a setting (call inside a write transaction)."""
    cur.execute(
        "INSERT INTO settings VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def table_summary(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every table with its row count and, where it has one, the first and last date it covers."""
    rows = []
    for table in TABLES:
        count = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        first = last = None
        column = _DATE_COLUMNS.get(table)
        if column and count:
            first, last = con.execute(f"SELECT min({column}), max({column}) FROM {table}").fetchone()
        rows.append({"table": table, "rows": count, "first": first, "last": last})
    return pd.DataFrame(rows)


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """A token that changes whenever committed data changes: the cache key for every read in the UI."""
    batches, last_batch = con.execute(
        "SELECT count(*), coalesce(max(coalesce(undone_at, imported_at)), TIMESTAMP '1970-01-01') FROM import_batches"
    ).fetchone()
    edits = get_setting(con, "edit_counter", "0")
    return f"{batches}:{last_batch.isoformat()}:{edits}"


def forecasts_version(con: duckdb.DuckDBPyConnection) -> str:
    """A token that changes whenever a forecast is published, withdrawn or reinstated, or its note edited: publishing leaves
    data_version alone (the forecast page's costly fit is keyed by it), so the reads that depend on which
    forecasts are in force key on this as well. (Withdrawing adds one to the withdrawn count, reinstating takes
    one off it and adds one to the reinstatements: no two states share a token.)"""
    published, newest, withdrawn = con.execute(
        "SELECT count(*), coalesce(max(snapshot_id), 0), count(withdrawn_at) FROM forecast_snapshots"
    ).fetchone()
    reinstated = con.execute("SELECT count(*) FROM forecast_reinstatements").fetchone()[0]
    edits = con.execute("SELECT count(*) FROM forecast_note_edits").fetchone()[0]
    return f"{published}:{newest}:{withdrawn}:{reinstated}:{edits}"


def bump_data_version(cur: duckdb.DuckDBPyConnection) -> None:
    """Mark a committed edit that is not an import batch (a budget step, an event edit, a setting)."""
    current = int(get_setting(cur, "edit_counter", "0"))
    set_setting(cur, "edit_counter", str(current + 1))


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    """True while the database holds the generated demo data (示例数据)."""
    return get_setting(con, "demo_seed") is not None


def _now() -> dt.datetime:
    """Local wall-clock time in Asia/Shanghai, naive, as stored in TIMESTAMP columns."""
    return dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None)
