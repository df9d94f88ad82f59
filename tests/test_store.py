"""The store: schema version, re-runnable migrations, atomic writes, the write lock."""

import threading

import duckdb
import pandas as pd
import pytest

from analytics import store
from analytics.ingest.kinds import KINDS


def test_new_database_is_at_the_current_schema_version(empty_con):
    assert store.schema_version(empty_con) == store.SCHEMA_VERSION
    tables = set(store.table_summary(empty_con)["table"])
    assert {"tickets", "daily_volume", "cost_entries", "budgets", "import_batches"} <= tables


def test_migrations_are_re_runnable(tmp_path):
    path = tmp_path / "twice.duckdb"
    con = store.connect(path)
    with store.write_transaction(con) as cur:
        store.set_setting(cur, "kept", "yes")
    con.close()
    con = store.connect(path)  # migrates again: nothing to do, nothing lost
    assert store.migrate(con) == store.SCHEMA_VERSION
    assert store.get_setting(con, "kept") == "yes"
    versions = con.execute("SELECT count(*) FROM schema_version").fetchall()[0][0]
    assert versions == len(store.MIGRATIONS)


def test_a_failed_write_leaves_nothing(empty_con):
    frame = pd.DataFrame(
        {"source": ["s"], "date": [pd.Timestamp("2024-01-01").date()], "channel": ["phone"], "contacts": [5]}
    )
    with pytest.raises(RuntimeError, match="boom"):
        with store.write_transaction(empty_con) as cur:
            batch = store.new_batch(cur, "volume", "s")
            store.insert_frame(cur, "daily_volume", frame.assign(batch_id=batch))
            raise RuntimeError("boom")
    assert empty_con.execute("SELECT count(*) FROM daily_volume").fetchall()[0][0] == 0
    assert empty_con.execute("SELECT count(*) FROM import_batches").fetchall()[0][0] == 0


def test_a_constraint_violation_rolls_back_the_whole_batch(empty_con):
    good = pd.DataFrame(
        {"source": ["s"], "date": [pd.Timestamp("2024-01-01").date()], "channel": ["phone"], "contacts": [5]}
    )
    bad = good.assign(date=[pd.Timestamp("2024-01-02").date()], contacts=[-1])
    with pytest.raises(Exception, match="CHECK"):
        with store.write_transaction(empty_con) as cur:
            batch = store.new_batch(cur, "volume", "s")
            store.insert_frame(cur, "daily_volume", good.assign(batch_id=batch))
            store.insert_frame(cur, "daily_volume", bad.assign(batch_id=batch))
    assert empty_con.execute("SELECT count(*) FROM daily_volume").fetchall()[0][0] == 0


def test_a_second_writer_is_told_to_wait(empty_con):
    inside, release = threading.Event(), threading.Event()

    def hold_the_lock():
        with store.write_transaction(empty_con):
            inside.set()
            release.wait(5)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    inside.wait(5)
    try:
        with pytest.raises(store.WriteBusyError):
            with store.write_transaction(empty_con.cursor(), wait=False):
                pass
    finally:
        release.set()
        holder.join()
    with store.write_transaction(empty_con, wait=False) as cur:  # free again
        store.set_setting(cur, "after", "1")


def test_unknown_tables_are_refused(empty_con):
    with store.write_transaction(empty_con) as cur:
        with pytest.raises(ValueError, match="unknown table"):
            store.insert_frame(cur, "tickets; DROP TABLE tickets", pd.DataFrame({"a": [1]}))


def test_data_version_changes_with_each_commit(empty_con):
    before = store.data_version(empty_con)
    with store.write_transaction(empty_con) as cur:
        store.new_batch(cur, "costs", "finance")
    after_import = store.data_version(empty_con)
    with store.write_transaction(empty_con) as cur:
        store.bump_data_version(cur)
    assert len({before, after_import, store.data_version(empty_con)}) == 3


def _v3_rows() -> dict[str, pd.DataFrame]:
    """A few rows for every table migration 4 rebuilds, plus an overwritten ticket kept for undo."""
    day, stamp = pd.Timestamp("2024-06-18").date(), pd.Timestamp("2024-06-18 09:30")
    ticket = {
        "source": "crm",
        "ticket_id": "0001",
        "created_at": stamp,
        "channel": "phone",
        "csat": 5,
        "batch_id": 1,
    }
    return {
        "tickets": pd.DataFrame([ticket, {**ticket, "ticket_id": "0002", "csat": None, "closed_at": stamp}]),
        "prior_tickets": pd.DataFrame([{**ticket, "csat": 4, "replaced_by_batch": 1}]),
        "daily_volume": pd.DataFrame([{"source": "acd", "date": day, "channel": "phone", "contacts": 5, "batch_id": 1}]),
        "interval_volume": pd.DataFrame([{"source": "acd", "interval_start": stamp, "interval_minutes": 30,
                                          "channel": "phone", "contacts": 2.5, "batch_id": 1}]),
        "cost_entries": pd.DataFrame([{"source": "erp", "entry_id": "V1", "period": day, "cost_center": "客服一部",
                                       "source_category": "工资", "taxonomy_code": "direct_labor.base_pay",
                                       "amount": 1234.56, "batch_id": 1}]),
        "staff": pd.DataFrame([{"source": "hr", "staff_id": "0007", "role": "agent", "employment_type": "temp",
                                "hire_date": day, "monthly_pay": 5000.0, "batch_id": 1}]),
        "assets": pd.DataFrame([{"source": "fa", "asset_id": "PC1", "name": "电脑", "purchase_date": day,
                                 "purchase_cost": 6000.0, "useful_life_months": 36, "batch_id": 1}]),
    }  # fmt: skip


def _shape(con, table: str) -> tuple:
    """A table's columns (name, type, nullable, default) in order, and its CHECK and FOREIGN KEY constraints."""
    columns = con.execute(
        "SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns"
        " WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    checks = con.execute(
        "SELECT constraint_type, constraint_text FROM duckdb_constraints() WHERE table_name = ?"
        " AND constraint_type IN ('CHECK', 'FOREIGN KEY') ORDER BY ALL",
        [table],
    ).fetchall()
    return columns, checks


def _primary_keys(con) -> set[str]:
    return {
        t
        for (t,) in con.execute(
            "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        ).fetchall()
    }


def test_migration_4_rebuilds_the_imported_tables_without_their_key(tmp_path, monkeypatch):
    path = tmp_path / "v3.duckdb"
    with monkeypatch.context() as v3:
        v3.setattr(store, "MIGRATIONS", store.MIGRATIONS[:3])
        con = store.connect(path)
    assert store.schema_version(con) == 3 and set(store.UNKEYED_TABLES) <= _primary_keys(con)
    with store.write_transaction(con) as cur:
        store.insert_frame(cur, "cost_taxonomy", store.load_taxonomy())
        for table, frame in _v3_rows().items():
            store.insert_frame(cur, table, frame)
    rebuilt = [*store.UNKEYED_TABLES, "prior_tickets"]
    before = {t: (_shape(con, t), con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()) for t in rebuilt}
    con.close()

    con = store.connect(path)
    assert (
        store.schema_version(con) == store.SCHEMA_VERSION
    )  # 4, then 5 builds contact_volume on the rebuilt tables
    assert {
        t: (_shape(con, t), con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()) for t in rebuilt
    } == before
    keyed = _primary_keys(con)
    assert not keyed & set(store.UNKEYED_TABLES) and {"budget_lines", "budgets", "settings"} <= keyed
    tables = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == {*store.TABLES, "schema_version"}  # no twin left behind
    for bad in (  # NOT NULL, CHECK and REFERENCES still hold (each statement its own transaction)
        "INSERT INTO tickets (source, ticket_id, created_at, channel, csat, batch_id)"
        " VALUES ('crm', '9', TIMESTAMP '2024-06-18', 'phone', 9, 2)",
        "INSERT INTO tickets (source, ticket_id, channel, batch_id) VALUES ('crm', '9', 'phone', 2)",
        "INSERT INTO cost_entries (source, entry_id, period, cost_center, source_category, taxonomy_code,"
        " amount, batch_id) VALUES ('erp', 'V2', DATE '2024-06-01', 'c', 's', 'no.such', 1, 2)",
    ):
        with pytest.raises(duckdb.ConstraintException):
            con.execute(bad)
    con.close()


def test_migration_7_stamps_earlier_snapshots_with_no_typed_in_schedule(tmp_path, monkeypatch):
    path = tmp_path / "v6.duckdb"
    with monkeypatch.context() as v6:
        v6.setattr(store, "MIGRATIONS", store.MIGRATIONS[:6])
        con = store.connect(path)
    con.execute(
        "INSERT INTO forecast_snapshots VALUES (1, TIMESTAMP '2026-11-02 09:00', 'finance', DATE '2026-10-31',"
        " 365, '{}', NULL)"
    )
    con.close()
    con = store.connect(path)
    assert store.schema_version(con) == store.SCHEMA_VERSION
    assert con.execute("SELECT snapshot_id, calendar FROM forecast_snapshots").fetchall() == [(1, "")]
    con.close()


def test_the_demo_data_has_one_row_per_key(demo_con):
    for kind in KINDS.values():
        key = ", ".join(["source" if kind.has_source else "budget_id", *kind.key])
        repeated = demo_con.execute(
            f"SELECT {key} FROM {kind.table} GROUP BY ALL HAVING count(*) > 1 LIMIT 3"
        ).fetchall()
        assert repeated == [], kind.table
