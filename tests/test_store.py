"""The store: schema version, re-runnable migrations, atomic writes, the write lock."""

import threading

import pandas as pd
import pytest

from analytics import store


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
