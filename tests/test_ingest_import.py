"""Committing imports: atomic under kill -9, idempotent, upsert counts, undo, valid-rows mode, busy writer, CLI,
and one row per (source, key) although the tables carry no key index (store.UNKEYED_TABLES)."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import openpyxl
import pytest

from analytics import store
from analytics.cli import main as cli_main
from analytics.ingest import importer
from analytics.ingest.category_map import CategoryMapping, save_category_map
from analytics.ingest.kinds import KINDS
from analytics.ingest.mapping import Mapping, propose_for_file, propose_mapping, save_profile, with_every_row
from analytics.ingest.messages import render_message
from analytics.ingest.readers import named_month, read_table
from analytics.ingest.validate import rejects_csv, validate

ROOT = Path(__file__).resolve().parent.parent
HEAD = "工单号,渠道,创建时间,处理时长,满意度\n"


def tickets_csv(rows: dict[str, int], day: str = "2024-06-18") -> bytes:
    """A ticket export: id -> handle seconds."""
    return (HEAD + "".join(f"{i},电话,{day} 10:00:00,{s},5\n" for i, s in rows.items())).encode()


def snapshot(con) -> list:
    return con.execute("SELECT * FROM tickets ORDER BY source, ticket_id").fetchall()


def repeated_keys(con, table: str = "tickets") -> list:
    """Keys held by more than one row of an imported table: (scope, natural key) of its kind."""
    kind = next(k for k in KINDS.values() if k.table == table)
    key = ", ".join(["source" if kind.has_source else "budget_id", *kind.key])
    return con.execute(f"SELECT {key}, count(*) FROM {table} GROUP BY ALL HAVING count(*) > 1").fetchall()


@pytest.fixture
def con(tmp_path):
    connection = store.connect(tmp_path / "desk.duckdb")
    yield connection
    connection.close()


def test_same_file_twice_imports_once(con):
    data = tickets_csv({"A1": 100, "A2": 200})
    plan, result = importer.import_file(con, data, "a.csv", "tickets", source="crm")
    assert (result.inserted, result.updated, result.unchanged) == (2, 0, 0)
    plan, _ = importer.import_file(con, data, "renamed.csv", "tickets", source="crm", dry_run=True)
    assert plan.already_imported[0] == result.batch_id
    with pytest.raises(importer.AlreadyImported) as again:
        importer.commit_import(con, plan)
    assert again.value.params["batch_id"] == result.batch_id
    assert con.execute("SELECT count(*) FROM tickets").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM import_batches").fetchone()[0] == 1


def test_overlapping_reexport_upserts_with_counts_and_undo_restores(con):
    _, first = importer.import_file(
        con, tickets_csv({"A1": 100, "A2": 200, "A3": 300}), "jun.csv", "tickets", source="crm"
    )
    before = snapshot(con)
    _, second = importer.import_file(
        con, tickets_csv({"A2": 200, "A3": 333, "A4": 400, "A5": 500}), "jun2.csv", "tickets", source="crm"
    )
    assert (second.inserted, second.updated, second.unchanged) == (2, 1, 1)
    rows = {
        r[0]: r for r in con.execute("SELECT ticket_id, handle_seconds, batch_id FROM tickets").fetchall()
    }
    assert rows["A3"] == ("A3", 333.0, second.batch_id) and rows["A2"] == ("A2", 200.0, first.batch_id)
    assert len(rows) == 5 and repeated_keys(con) == []
    history = importer.import_history(con)
    assert list(history[["rows_inserted", "rows_updated", "rows_unchanged"]].iloc[0]) == [2, 1, 1]
    with pytest.raises(importer.IngestError) as blocked:
        importer.undo_batch(con, first.batch_id)  # batch 2 overwrote A3 of batch 1
    assert blocked.value.code == "undo_blocked"
    assert importer.undo_batch(con, second.batch_id) == 3
    assert snapshot(con) == before  # A3 back to 300 under batch 1, A4/A5 gone, nothing else touched
    assert importer.undo_batch(con, first.batch_id) == 3
    assert snapshot(con) == [] and con.execute("SELECT count(*) FROM prior_tickets").fetchone()[0] == 0
    assert list(importer.import_history(con)["status"]) == ["undone", "undone"]


def test_reimports_keep_one_row_per_key(con):
    def load(rows: dict[str, int], name: str, mode: str = "all_or_nothing") -> importer.ImportResult:
        plan, _ = importer.import_file(con, tickets_csv(rows), name, "tickets", source="crm", dry_run=True)
        return importer.commit_import(con, plan, mode=mode)

    first = load({f"T{i:04d}": 100 + i for i in range(2000)}, "jan.csv")
    assert (first.inserted, first.updated, first.unchanged) == (2000, 0, 0)
    # the overlapping export: 1000 old ids unchanged, 500 changed, 500 new; one id twice in the file
    overlap = {f"T{i:04d}": 100 + i for i in range(1000, 2000)} | {f"T{i:04d}": 7 for i in range(1500, 2500)}
    body = tickets_csv(overlap) + "T2499,电话,2024-06-18 10:00:00,8,5\n".encode()
    plan, _ = importer.import_file(con, body, "feb.csv", "tickets", source="crm", dry_run=True)
    assert plan.validation.rejected_rows == 1  # the second T2499 names its first row
    with pytest.raises(importer.InvalidFile):
        importer.commit_import(con, plan)
    second = importer.commit_import(con, plan, mode="valid_rows")
    assert (second.inserted, second.updated, second.unchanged, second.rejected) == (500, 500, 500, 1)
    third = load({f"T{i:04d}": 7 for i in range(2000, 2600)}, "mar.csv")  # 500 unchanged, 100 new
    assert (third.inserted, third.updated, third.unchanged) == (100, 0, 500)
    assert con.execute("SELECT count(*) FROM tickets").fetchone()[0] == 2600 and repeated_keys(con) == []
    assert con.execute("SELECT handle_seconds FROM tickets WHERE ticket_id = 'T2499'").fetchone() == (7.0,)
    importer.undo_batch(con, third.batch_id)
    importer.undo_batch(con, second.batch_id)
    assert con.execute("SELECT count(*), sum(handle_seconds) FROM tickets").fetchone() == (
        2000, sum(100 + i for i in range(2000)))  # fmt: skip
    assert repeated_keys(con) == []


def test_an_aggregation_that_is_not_by_the_key_is_refused(con):
    data = (HEAD + "A1,电话,2024-06-18 10:00:00,100,5\nA2,电话,2024-06-18 11:00:00,200,5\n").encode()
    by_channel = Mapping(
        "tickets", {"ticket_id": "工单号", "channel": "渠道", "created_at": "创建时间"},
        aggregate={"group_by": "channel", "first": ["created_at"]},
    )  # fmt: skip
    plan, _ = importer.import_file(con, data, "a.csv", "tickets", profile=by_channel, dry_run=True)
    refusal = {"code": "aggregate_not_by_key", "group_by": "channel", "key": "ticket_id", "column": "渠道"}
    assert refusal in plan.validation.file_issues
    with pytest.raises(importer.InvalidFile):
        importer.commit_import(con, plan, mode="valid_rows")
    by_ticket = dataclasses.replace(by_channel, aggregate={"group_by": "ticket_id", "first": ["created_at"]})
    plan, result = importer.import_file(con, data, "a.csv", "tickets", profile=by_ticket)
    assert plan.validation.file_issues == [] and result.inserted == 2


def test_same_id_from_another_source_is_another_ticket(con):
    importer.import_file(con, tickets_csv({"A1": 100}), "a.csv", "tickets", source="crm")
    _, result = importer.import_file(
        con, tickets_csv({"A1": 100}, day="2024-06-19"), "b.csv", "tickets", source="bpo"
    )
    assert result.inserted == 1 and con.execute("SELECT count(*) FROM tickets").fetchone()[0] == 2


def test_invalid_file_writes_nothing_unless_valid_rows_chosen(con):
    data = tickets_csv({"A1": 100, "A2": -5, "A3": 300})
    plan, _ = importer.import_file(con, data, "bad.csv", "tickets", source="crm", dry_run=True)
    with pytest.raises(importer.InvalidFile):
        importer.commit_import(con, plan)
    assert snapshot(con) == [] and con.execute("SELECT count(*) FROM import_batches").fetchone()[0] == 0
    result = importer.commit_import(con, plan, mode="valid_rows", imported_by="王会计")
    assert (result.inserted, result.rejected) == (2, 1)
    rejects = rejects_csv(plan.raw, plan.validation, "zh").decode("utf-8-sig").splitlines()
    assert rejects[0] == "row,工单号,渠道,创建时间,处理时长,满意度,reason"
    assert rejects[1].startswith("3,A2,电话,2024-06-18 10:00:00,-5,5,") and "不能为负数" in rejects[1]
    assert importer.import_history(con)["imported_by"].iloc[0] == "王会计"


def test_the_skipped_rows_as_excel_are_fixed_and_imported_again(con):
    """The rejects file in Excel holds the rows as written (text cells, so 00123 stays 00123) with the page's row
    and reason columns; fixed in place and uploaded, it imports, the two added columns left unmapped."""
    import io

    import openpyxl

    from ui import imports
    from ui.i18n import speaking

    data = tickets_csv({"A1": 100, "A2": -5, "A3": 300})
    plan, _ = importer.import_file(con, data, "bad.csv", "tickets", source="crm", dry_run=True)
    importer.commit_import(con, plan, mode="valid_rows")
    with speaking("zh"):
        rows = imports.rejected_frame(plan)
    book = openpyxl.load_workbook(io.BytesIO(imports.file_bytes(rows, "xlsx", "被跳过的行")))
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["行号", "工单号", "渠道", "创建时间", "处理时长", "满意度", "原因"]
    assert [c.value for c in sheet[2]][:6] == [3, "A2", "电话", "2024-06-18 10:00:00", "-5", "5"]
    assert "不能为负数" in sheet["G2"].value
    sheet["E2"] = "240"  # the fix
    fixed = io.BytesIO()
    book.save(fixed)
    again, _ = importer.import_file(
        con, fixed.getvalue(), "fixed.xlsx", "tickets", source="crm", dry_run=True
    )
    assert importer.commit_import(con, again).inserted == 1
    assert con.execute("SELECT handle_seconds FROM tickets WHERE ticket_id = 'A2'").fetchone() == (240,)


def test_second_importer_is_told_to_wait(con):
    plan, _ = importer.import_file(con, tickets_csv({"A1": 1}), "a.csv", "tickets", dry_run=True)
    holding, release = threading.Event(), threading.Event()

    def hold_lock():
        with store.write_transaction(con):
            holding.set()
            release.wait(5)

    worker = threading.Thread(target=hold_lock)
    worker.start()
    holding.wait(5)
    try:
        with pytest.raises(store.WriteBusyError):
            importer.commit_import(con, plan, wait=False)
        assert con.cursor().execute("SELECT count(*) FROM tickets").fetchone()[0] == 0  # reading carries on
    finally:
        release.set()
        worker.join()
    assert importer.commit_import(con, plan).inserted == 1


def test_kill_9_mid_transaction_leaves_the_old_state(tmp_path):
    db = tmp_path / "desk.duckdb"
    con = store.connect(db)
    importer.import_file(con, tickets_csv({"OLD1": 10, "OLD2": 20}), "old.csv", "tickets", source="crm")
    before, batches = snapshot(con), con.execute("SELECT * FROM import_batches").fetchall()
    con.close()
    big = tmp_path / "big.csv"
    big.write_bytes(tickets_csv({f"N{i:06d}": i % 900 for i in range(50_000)} | {"OLD1": 99}))
    marker = tmp_path / "written"
    child = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from analytics import store
        from analytics.ingest import importer
        con = store.connect({str(db)!r})
        plan, _ = importer.import_file(con, Path({str(big)!r}).read_bytes(), "big.csv", "tickets",
                                       source="crm", dry_run=True)
        def stall(batch_id):
            Path({str(marker)!r}).write_text(str(batch_id))
            time.sleep(60)
        importer.commit_import(con, plan, on_written=stall)
    """)
    process = subprocess.Popen([sys.executable, "-c", child])
    deadline = time.monotonic() + 60
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the child never reached the write"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    con = store.connect(db)
    assert snapshot(con) == before
    assert con.execute("SELECT * FROM import_batches").fetchall() == batches
    assert con.execute("SELECT count(*) FROM prior_tickets").fetchone()[0] == 0
    con.close()


def test_budget_lines_go_into_a_new_draft(con):
    data = "月份,科目,成本中心,金额(万元)\n2025-01,direct_labor.base_pay,客服一部,12.5\n2025年2月,outsourcing.bpo_seats,客服一部,3\n"
    _, result = importer.import_file(con, data.encode("gbk"), "budget.csv", "budget")
    assert result.inserted == 2
    rows = con.execute("SELECT b.year, b.status, l.month, l.amount FROM budget_lines l JOIN budgets b USING (budget_id)"
                       " ORDER BY l.month").fetchall()  # fmt: skip
    assert [(r[0], r[1], str(r[2]), float(r[3])) for r in rows] == [
        (2025, "draft", "2025-01-01", 125000.0), (2025, "draft", "2025-02-01", 30000.0)]  # fmt: skip


BUDGET_IN_10K = """2025年客服中心费用预算
单位：万元
月份,科目,成本中心,金额
2025-01,direct_labor.base_pay,热线中心,12.5
2025-02,direct_labor.base_pay,热线中心,12.8
"""
"""A budget whose amounts are in 万元, said above the table only (as Chinese financial tables say it)."""


def test_amounts_are_read_in_the_unit_stated_above_the_table(con):
    raw = read_table(BUDGET_IN_10K.encode(), "预算.csv")
    assert raw.title_unit == "万元" and propose_for_file(raw, "budget")[0].units == {"amount": 10_000.0}
    _, result = importer.import_file(con, BUDGET_IN_10K.encode(), "预算.csv", "budget")
    assert result.inserted == 2
    assert con.execute("SELECT sum(amount)::DOUBLE FROM budget_lines").fetchone() == (253_000.0,)
    in_yuan = BUDGET_IN_10K.replace("金额\n", "金额(元)\n")  # the header's own unit wins
    assert propose_for_file(read_table(in_yuan.encode(), "b.csv"), "budget")[0].units == {}
    in_yi = BUDGET_IN_10K.replace("单位：万元", "金额单位：亿元")
    assert propose_for_file(read_table(in_yi.encode(), "b.csv"), "budget")[0].units == {"amount": 1e8}
    save_profile(con, Mapping(kind="budget", name="预算表", columns={"month": "月份", "taxonomy_code": "科目",
                 "cost_center": "成本中心", "amount": "金额"}, units={"amount": 10_000.0}))  # fmt: skip
    yuan = BUDGET_IN_10K.replace("单位：万元", "单位：元").replace("12.5", "125000").replace("12.8", "128000")
    plan, _ = importer.import_file(con, yuan.encode(), "b2.csv", "budget", profile="预算表", dry_run=True)
    assert plan.mapping.units == {}  # this table says 元: the profile's 万元 was the last file's


BUDGET_WITH_NOTES = """月份,科目,成本中心,金额
2025-01,direct_labor.base_pay,热线中心,12.5
2025-02,direct_labor.base_pay,热线中心,12.8

注：金额单位为万元,,,
制表人：王芳,,审核：李四,
"""
"""A budget whose unit is said in a note under the table, signed off below it."""


def test_notes_under_the_table_are_dropped_and_read_for_its_money_unit(con):
    raw = read_table(BUDGET_WITH_NOTES.encode(), "预算.csv")
    assert (len(raw), raw.note_rows, raw.note_cells) == (
        2,
        [5, 6],
        ["注：金额单位为万元", "制表人：王芳 审核：李四"],
    )
    assert raw.title_unit == "万元"
    _, result = importer.import_file(con, BUDGET_WITH_NOTES.encode(), "预算.csv", "budget")
    assert result.inserted == 2 and result.rejected == 0
    assert con.execute("SELECT sum(amount)::DOUBLE FROM budget_lines").fetchone() == (253_000.0,)
    worded = BUDGET_WITH_NOTES.replace("注：金额单位为万元", "说明：本表以万元为单位")
    assert read_table(worded.encode(), "预算.csv").title_unit == "万元"
    # a line in the data that only starts like a note, and a note with the data after it, are data rows
    in_data = BUDGET_WITH_NOTES.replace("\n\n注", "\n备注,direct_labor.base_pay,热线中心,1\n注")
    assert len(read_table(in_data.encode(), "预算.csv")) == 3
    moved = "月份,科目,成本中心,金额\n注：单位万元,,,\n2025-01,direct_labor.base_pay,热线中心,12.5\n"
    assert read_table(moved.encode(), "预算.csv").note_rows == []


def test_a_unit_stated_beside_the_headers_is_read_for_the_amounts():
    """单位：万元 in the header row over an empty column, as a sheet's top right corner often has it."""
    beside = "月份,科目,成本中心,金额,单位：万元\n2025-01,direct_labor.base_pay,热线中心,12.5,\n"
    raw = read_table(beside.encode(), "预算.csv")
    assert raw.title_unit == "万元" and propose_for_file(raw, "budget")[0].units == {"amount": 10_000.0}
    filled = beside.replace("12.5,", "12.5,x")  # a column with cells is a column, whatever its header
    assert read_table(filled.encode(), "预算.csv").title_unit is None


def test_a_budget_s_year_and_month_columns_are_joined_into_its_month(con):
    """Finance's budget sheet: 年度 in one column, 月份 as 1-12 (or 1月) in the next."""
    data = "年度,月份,科目,成本中心,预算金额\n2025,1,direct_labor.base_pay,热线中心,100\n2025年,12月,equipment_facilities.headsets,热线中心,50\n"
    raw = read_table(data.encode(), "预算.csv")
    assert propose_for_file(raw, "budget")[0].columns["month"] == ["年度", "月份"]
    _, result = importer.import_file(con, data.encode(), "预算.csv", "budget")
    assert result.inserted == 2
    months = con.execute("SELECT month::VARCHAR FROM budget_lines ORDER BY 1").fetchall()
    assert months == [("2025-01-01",), ("2025-12-01",)]
    whole = "年度,月份,科目,成本中心,预算金额\n2025,2025-01,direct_labor.base_pay,热线中心,100\n"
    assert propose_for_file(read_table(whole.encode(), "b.csv"), "budget")[0].columns["month"] == "月份"
    plan = (
        "年度,月份,科目,成本中心,预算金额\n第一版,1,direct_labor.base_pay,热线中心,100\n"  # no year in 年度
    )
    assert propose_for_file(read_table(plan.encode(), "b.csv"), "budget")[0].columns["month"] == "月份"


def test_cost_rows_whose_category_is_a_taxonomy_code_are_counted(con):
    import datetime as dt

    from analytics import costs

    data = '凭证行号,期间,成本中心,科目,金额\nX1,2025年1月,客服一部,direct_labor.base_pay,"1,000.00"\n'
    _, result = importer.import_file(con, data.encode(), "ledger.csv", "costs", source="finance_ledger")
    assert result.inserted == 1
    counted = costs.agreed_costs(con, dt.date(2025, 1, 1), dt.date(2025, 1, 1))
    assert list(counted["taxonomy_code"]) == ["direct_labor.base_pay"] and list(counted["amount"]) == [1000.0]
    note = con.execute(
        "SELECT note FROM cost_category_map WHERE source_category = 'direct_labor.base_pay'"
    ).fetchone()
    assert note == (importer.CODE_AS_CATEGORY_NOTE,)  # visible, and editable, in the category map


def test_cli_import_exit_codes(tmp_path, capsys):
    db = str(tmp_path / "cli.duckdb")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(tickets_csv({"A1": 100, "A2": -5}))
    assert cli_main(["import", str(bad), "--kind", "tickets", "--db", db, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "bad.csv,3,处理时长,-5,'-5' must not be negative" in err and "nothing written" in err
    good = tmp_path / "good.csv"
    good.write_bytes(tickets_csv({"A1": 100}))
    assert cli_main(["import", str(good), "--kind", "tickets", "--db", db, "--dry-run"]) == 0
    assert "dry run: 1 rows valid" in capsys.readouterr().out
    assert cli_main(["import", str(good), "--kind", "tickets", "--db", db, "--source", "crm"]) == 0
    assert "1 inserted, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert cli_main(["import", str(good), "--kind", "tickets", "--db", db]) == 0
    assert "批次 #" in capsys.readouterr().out  # already imported


def test_uploaded_file_name_is_never_a_path(con, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "../../etc/passwd"
    plan, result = importer.import_file(con, tickets_csv({"A1": 1}), name, "tickets")
    assert result.inserted == 1 and plan.raw.file_name == name
    assert importer.import_history(con)["file_name"].iloc[0] == name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.duckdb"]


def test_a_volume_spike_against_stored_history_is_noticed_and_still_imported(tmp_path, capsys):
    """A quarter of ~1,000 phone contacts a day is stored; a one-day file with 2,000,000 gets a notice, then imports."""
    db = str(tmp_path / "cli.duckdb")
    history = tmp_path / "history.csv"
    days = [f"2024-{m:02d}-{d:02d},电话,{1000 + d}" for m in (3, 4, 5) for d in range(1, 29)]
    history.write_text("日期,渠道,进线量\n" + "\n".join(days) + "\n", encoding="utf-8")
    assert cli_main(["import", str(history), "--kind", "volume", "--db", db]) == 0
    assert "notice" not in capsys.readouterr().err
    con = store.connect(Path(db))
    assert importer.rules_from_db(con, "file").typical_contacts == {"phone": 1014.5}
    con.close()
    typo = tmp_path / "day.csv"
    typo.write_text("日期,渠道,进线量\n2024-06-01,电话,2000000\n", encoding="utf-8")
    assert cli_main(["import", str(typo), "--kind", "volume", "--db", db, "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert (
        'day.csv,2,进线量,"2,000,000","About 1,971 times the channel\'s typical day (median 1,014)'
        in captured.err
    )
    assert "notice: 1 unusual value(s)" in captured.err and "1 inserted" in captured.out


def test_days_counted_from_tickets_are_not_the_typical_day_of_a_first_volume_export(con):
    """A phone line known from 30 tickets a day: its first ACD export (about 1,150 a day) gets no spike notices."""
    import datetime as dt

    days = [dt.date(2024, 3, 1) + dt.timedelta(days=i) for i in range(91)]
    tickets = [f"T{d:%m%d}{k:02d},{d} 10:{k:02d}:00,电话" for d in days for k in range(30)]
    importer.import_file(
        con, ("工单号,创建时间,渠道\n" + "\n".join(tickets) + "\n").encode(), "t.csv", "tickets"
    )
    assert importer.rules_from_db(con, "acd").typical_contacts == {}
    volume = [f"{dt.date(2024, 6, 1) + dt.timedelta(days=i)},电话,{1150 + 3 * i}" for i in range(30)]
    plan, _ = importer.import_file(
        con, ("日期,渠道,进线量\n" + "\n".join(volume) + "\n").encode(), "v.csv", "volume", dry_run=True
    )
    assert plan.validation.notices.empty


ONE_CHANNEL_DAYS = "日期,来电量\n2024-06-17,1200\n2024-06-18,1350\n".encode()
"""A hotline's daily export: no channel column, every row is the hotline's."""


def test_a_file_without_a_channel_column_is_given_one_channel_for_every_row(con):
    plan, result = importer.import_file(con, ONE_CHANNEL_DAYS, "热线日报.csv", "volume", dry_run=True)
    assert result is None and [i["code"] for i in plan.validation.file_issues] == [
        "missing_required_column_or_value"  # the message says a value for every row will do
    ]
    _, result = importer.import_file(
        con, ONE_CHANNEL_DAYS, "热线日报.csv", "volume", every_row={"channel": "热线"}
    )
    assert result.inserted == 2
    rows = con.execute("SELECT date::VARCHAR, channel, contacts FROM daily_volume ORDER BY date").fetchall()
    assert rows == [("2024-06-17", "phone", 1200), ("2024-06-18", "phone", 1350)]


def test_every_row_values_are_the_fields_own(con):
    volume, _ = propose_mapping(["日期", "来电量", "渠道"], "volume")
    assert with_every_row(volume, {"channel": "wechat"}).columns == {"date": "日期", "contacts": "来电量"}
    with pytest.raises(ValueError, match="'传真' is not a value of channel; it takes phone, online, wechat"):
        with_every_row(volume, {"channel": "传真"})
    with pytest.raises(ValueError, match="'contacts' cannot be given one value for every row of volume"):
        with_every_row(volume, {"contacts": "5"})
    intervals, _ = propose_mapping(["时段开始", "进线量"], "intervals")
    assert with_every_row(intervals, {"interval_minutes": "6", "channel": "在线"}).constants == {
        "interval_minutes": "6",
        "channel": "online",
    }
    with pytest.raises(ValueError, match="a whole number from 1 to 1440"):
        with_every_row(intervals, {"interval_minutes": "0"})
    staff, _ = propose_mapping(["工号"], "staff")
    assert with_every_row(staff, {"employment_type": "外包"}).constants == {"employment_type": "outsourced"}


DEPARTMENT_LEDGER = '凭证行号,期间,科目,金额\nX1,2025年1月,direct_labor.base_pay,"1,000.00"\nX2,2025年1月,direct_labor.overtime,300\n'
"""A department's own ledger export: no cost-center column, every line is the hotline center's."""


def test_a_ledger_without_a_cost_center_column_is_given_one_typed_for_every_row(con):
    data = DEPARTMENT_LEDGER.encode()
    plan, _ = importer.import_file(con, data, "热线中心台账.csv", "costs", source="erp", dry_run=True)
    assert [i["code"] for i in plan.validation.file_issues] == ["missing_required_column_or_value"]
    every_row = {"cost_center": " 热线中心 "}
    _, result = importer.import_file(
        con, data, "热线中心台账.csv", "costs", source="erp", every_row=every_row
    )
    assert result.inserted == 2
    assert con.execute("SELECT DISTINCT cost_center FROM cost_entries").fetchall() == [("热线中心",)]
    ledger, _ = propose_mapping(["凭证行号", "期间", "科目", "金额"], "costs")
    with pytest.raises(
        ValueError, match="' ' is not a value of cost_center; it takes text that is not empty"
    ):
        with_every_row(ledger, {"cost_center": " "})
    with pytest.raises(
        ValueError, match="fields that can: period, cost_center, source_category, vendor, channel"
    ):
        with_every_row(ledger, {"description": "房租"})  # a line's own text, never one for the file


JOURNAL = """凭证字号,日期,摘要,科目名称,成本中心,借方金额,贷方金额
记-12,2025-01-31,计提1月客服工资,direct_labor.base_pay,热线中心,"120,000.00",
记-13,2025-01-31,冲回多计提工资,direct_labor.base_pay,热线中心,,"5,000.00"
记-14,2025-01-31,1月加班费,direct_labor.overtime,热线中心,"8,000.00",
记-30,2025-01-31,结转本期损益,direct_labor.base_pay,热线中心,,"115,000.00"
记-31,2025-01-31,空行,direct_labor.overtime,热线中心,,
记-32,2025-01-31,手工调整,direct_labor.overtime,热线中心,,八百
"""
"""An ERP journal (序时账) of the service center's expense accounts: debit and credit in two columns, a reversal
booked as a credit, the month's closing line, a line with no amount and one with a word for a credit."""


def test_a_journal_with_debit_and_credit_columns_imports_the_debit_net_of_the_credit(con):
    raw = read_table(JOURNAL.encode(), "序时账.csv")
    proposed, _ = propose_for_file(raw, "costs")
    assert (
        proposed.columns["amount"] == ["借方金额", "贷方金额"] and proposed.columns["entry_id"] == "凭证字号"
    )
    plan, _ = importer.import_file(con, JOURNAL.encode(), "序时账.csv", "costs", source="erp", dry_run=True)
    report = plan.validation.report
    assert list(zip(report["row"], report["column"], report["code"], strict=True)) == [
        (5, "摘要", "closing_entry"),  # netted, the closing line would cancel January's costs
        (6, "借方金额 − 贷方金额", "required_value_missing"),
        (7, "贷方金额", "not_a_number"),
    ]
    assert render_message("closing_entry", {"value": "结转本期损益"}, "zh").startswith(
        "「结转本期损益」是期末结转分录"
    )
    _, result = importer.import_file(
        con, JOURNAL.encode(), "序时账.csv", "costs", source="erp", mode="valid_rows"
    )
    assert result.inserted == 3 and result.rejected == 3
    amounts = con.execute("SELECT entry_id, amount FROM cost_entries ORDER BY entry_id").fetchall()
    assert [(e, float(a)) for e, a in amounts] == [("记-12", 120000.0), ("记-13", -5000.0), ("记-14", 8000.0)]


def test_a_closing_line_without_its_memo_is_a_notice(con):
    """No 摘要 column to say 结转: the credit that cancels the month's debits is pointed out before the commit."""
    journal = "\n".join(
        ",".join(line.split(",")[:2] + line.split(",")[3:]) for line in JOURNAL.splitlines()[:5]
    )
    plan, _ = importer.import_file(con, journal.encode(), "序时账.csv", "costs", source="erp", dry_run=True)
    assert plan.validation.ok and "description" not in plan.mapping.columns
    notices = plan.validation.notices
    assert list(zip(notices["row"], notices["code"], notices["value"], strict=True)) == [
        (
            5,
            "credit_cancels_month",
            "115,000.00",
        )  # 120,000 less the 5,000 reversal, cancelled; the reversal is not
    ]


def test_a_voucher_of_several_lines_gets_an_id_per_line(con):
    """记-12 books pay on two accounts: the voucher number repeats, so the line number joins it (记-12-1, 记-12-2)."""
    journal = (
        "凭证字号,分录号,日期,摘要,科目名称,成本中心,借方金额,贷方金额\n"
        "记-12,1,2025-01-31,计提工资,direct_labor.base_pay,热线中心,100,\n"
        "记-12,2,2025-01-31,计提社保,direct_labor.social_insurance,热线中心,30,\n"
        "记-13,1,2025-01-31,加班费,direct_labor.overtime,热线中心,8,\n"
    )
    assert propose_for_file(read_table(journal.encode(), "j.csv"), "costs")[0].columns["entry_id"] == [
        "凭证字号",
        "分录号",
    ]
    _, result = importer.import_file(con, journal.encode(), "j.csv", "costs", source="erp")
    assert result.inserted == 3
    ids = con.execute("SELECT entry_id FROM cost_entries ORDER BY entry_id").fetchall()
    assert [i for (i,) in ids] == ["记-12-1", "记-12-2", "记-13-1"]
    no_line_numbers = "\n".join(
        ",".join(line.split(",")[:1] + line.split(",")[2:]) for line in journal.splitlines()
    )
    plan, _ = importer.import_file(
        con, no_line_numbers.encode(), "j.csv", "costs", source="erp", dry_run=True
    )
    assert list(plan.validation.report["code"]) == ["duplicate_entry_id"]  # the message says to export 分录号
    one_line_each = journal.replace("记-12,2,", "记-14,2,").encode()
    assert propose_for_file(read_table(one_line_each, "j.csv"), "costs")[0].columns["entry_id"] == "凭证字号"


SUMMARY = (
    "期间,成本中心,科目,供应商,金额\n"
    "2025-01,热线中心,direct_labor.base_pay,,420000\n"
    "2025-01,热线中心,outsourcing.bpo_seats,华信外包,180000\n"
    "2025-01,热线中心,outsourcing.bpo_seats,联通客服,90000\n"
    "2025-02,热线中心,direct_labor.base_pay,,425000\n"
)
"""A finance team's monthly cost summary: one line per month, cost center, account and vendor, no vouchers."""


def test_a_monthly_cost_summary_without_voucher_numbers_imports_and_a_corrected_one_updates_it(con):
    proposed, _ = propose_for_file(read_table(SUMMARY.encode(), "费用汇总.csv"), "costs")
    assert proposed.summary and "entry_id" not in proposed.columns
    _, result = importer.import_file(con, SUMMARY.encode(), "费用汇总.csv", "costs", source="finance")
    assert result.inserted == 4
    ids = [i for (i,) in con.execute("SELECT entry_id FROM cost_entries ORDER BY entry_id").fetchall()]
    assert ids[:2] == [
        "汇总/2025-01/热线中心/direct_labor.base_pay/",
        "汇总/2025-01/热线中心/outsourcing.bpo_seats/华信外包",
    ]
    corrected = SUMMARY.replace("180000", "185000").encode()
    _, result = importer.import_file(con, corrected, "费用汇总(更正).csv", "costs", source="finance")
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 3)
    (total,) = con.execute("SELECT sum(amount) FROM cost_entries").fetchone()
    assert total == 420000 + 185000 + 90000 + 425000


def test_a_corrected_summary_stands_for_its_months_whole_and_its_undo_brings_the_old_lines_back(con):
    """January re-sent with the 联通客服 line gone and its cost moved to 华信外包: the old line is noticed before the
    commit and taken out by it (February, not in the file, is left alone); undoing the batch restores January."""
    importer.import_file(con, SUMMARY.encode(), "费用汇总.csv", "costs", source="finance")
    january = "\n".join(
        line for line in SUMMARY.splitlines() if "联通客服" not in line and "2025-02" not in line
    )
    january = january.replace("180000", "270000") + "\n"
    plan, _ = importer.import_file(
        con, january.encode(), "一月(更正).csv", "costs", source="finance", dry_run=True
    )
    (notice,) = plan.validation.notices.to_dict("records")
    assert (notice["row"], notice["code"]) == (2, "summary_lines_dropped")
    assert notice["params"]["lines"] == "outsourcing.bpo_seats / 联通客服"
    assert "undoing it brings them back" in render_message(notice["code"], notice["params"], "en")
    _, result = importer.import_file(con, january.encode(), "一月(更正).csv", "costs", source="finance")
    assert (result.updated, result.unchanged, result.removed) == (1, 1, 1)
    assert "1 removed" in result.summary()
    assert importer.import_history(con)["rows_removed"].tolist() == [1, 0]
    total = "SELECT sum(amount)::DOUBLE FROM cost_entries WHERE period = '2025-01-01'"
    assert con.execute(total).fetchone() == (420000 + 270000,)
    assert con.execute("SELECT count(*) FROM cost_entries WHERE period = '2025-02-01'").fetchone() == (1,)
    importer.undo_batch(con, result.batch_id)
    assert con.execute(total).fetchone() == (420000 + 180000 + 90000,)
    assert repeated_keys(con, "cost_entries") == []
    # a line skipped for a bad amount is still listed: its stored version stays
    bad_amount = SUMMARY.replace("90000", "九万").replace("180000", "185000")
    plan, result = importer.import_file(
        con, bad_amount.encode(), "b.csv", "costs", source="finance", mode="valid_rows"
    )
    assert (result.rejected, result.removed) == (1, 0) and plan.validation.notices.empty
    assert con.execute(total).fetchone() == (420000 + 185000 + 90000,)


def test_a_summary_over_the_same_source_s_ledger_lines_is_noticed_as_counted_twice(con):
    """January's ledger is in; a summary of January and February from the same system would count January twice:
    a notice on January's first line (blocking nothing), none for February or for another system's summary."""
    ledger = "凭证号,期间,成本中心,科目,金额\nV1,2025-01,热线中心,direct_labor.base_pay,400000\n"
    importer.import_file(con, ledger.encode(), "明细账.csv", "costs", source="finance")
    plan, _ = importer.import_file(
        con, SUMMARY.encode(), "费用汇总.csv", "costs", source="finance", dry_run=True
    )
    notices = plan.validation.notices
    assert list(zip(notices["row"], notices["value"], notices["code"], strict=True)) == [
        (2, "2025-01 / 热线中心", "summary_over_ledger")
    ]
    assert plan.validation.ok
    assert "撤销" in render_message("summary_over_ledger", notices["params"][0], "zh")
    assert "holds 1 ledger line of" in render_message("summary_over_ledger", notices["params"][0], "en")
    plan, _ = importer.import_file(con, SUMMARY.encode(), "费用汇总.csv", "costs", source="ops", dry_run=True)
    assert plan.validation.notices.empty
    importer.import_file(con, SUMMARY.encode(), "费用汇总.csv", "costs", source="ops")
    later = "凭证号,期间,成本中心,科目,金额\nV9,2025-02,热线中心,direct_labor.overtime,5000\n"
    plan, _ = importer.import_file(con, later.encode(), "二月明细.csv", "costs", source="ops", dry_run=True)
    assert list(plan.validation.notices["code"]) == ["ledger_over_summary"]


def test_an_sap_ledger_s_posting_periods_import_as_months(con):
    sap = "Voucher,Posting period,Cost Center,Account,Amount\n100001,001.2025,CS01,direct_labor.base_pay,500\n100002,012/2025,CS01,direct_labor.overtime,80\n"
    plan, result = importer.import_file(con, sap.encode(), "fbl3n.csv", "costs", source="sap")
    assert plan.mapping.columns["period"] == "Posting period" and result.inserted == 2
    months = con.execute("SELECT strftime(period, '%Y-%m') FROM cost_entries ORDER BY entry_id").fetchall()
    assert months == [("2025-01",), ("2025-12",)]
    closing = sap.replace("012/2025", "013/2025").replace("100002", "100003")
    plan, _ = importer.import_file(con, closing.encode(), "fbl3n.csv", "costs", source="sap", dry_run=True)
    problem = plan.validation.report.iloc[0]
    assert (problem["row"], problem["column"], problem["code"]) == (3, "Posting period", "adjustment_period")
    assert "12 月" in render_message(problem["code"], problem["params"], "zh")


def test_a_summary_without_its_month_asks_for_the_month_alone(con):
    plan, _ = importer.import_file(
        con, "成本中心,科目,金额\n热线中心,办公费,1\n".encode(), "a.csv", "costs", dry_run=True
    )
    assert [i["field"] for i in plan.validation.file_issues] == ["period"]  # the line id is the summary's


def test_a_ledger_without_its_voucher_column_is_told_to_map_it(con):
    """Read as a summary, a ledger's lines repeat a month, cost center and account: the report says so and names
    the voucher column as the way out, in both languages."""
    entries = "日期,科目,成本中心,金额\n2025-01-05,办公费,热线中心,300\n2025-01-20,办公费,热线中心,120\n"
    plan, _ = importer.import_file(con, entries.encode(), "明细.csv", "costs", source="erp", dry_run=True)
    problem = plan.validation.report.iloc[0]
    assert (problem["row"], problem["column"], problem["code"]) == (
        3,
        "日期 + 成本中心 + 科目",
        "duplicate_summary_line",
    )
    assert problem["value"] == "2025-01-20 / 热线中心 / 办公费"
    assert "凭证号" in render_message(problem["code"], problem["params"], "zh")
    assert "voucher" in render_message(problem["code"], problem["params"], "en")


def test_a_call_log_with_talk_times_as_clock_readings_imports(con):
    call_log = "通话ID,开始时间,渠道,通话时长\nC1,2024-06-18 09:30:00,电话,00:03:25\nC2,2024-06-18 09:31:00,电话,3分5秒\n"
    _, result = importer.import_file(con, call_log.encode(), "通话记录.csv", "tickets", source="acd")
    assert result.inserted == 2
    times = con.execute("SELECT handle_seconds FROM tickets ORDER BY ticket_id").fetchall()
    assert times == [(205.0,), (185.0,)]
    bad = call_log.replace("3分5秒", "三分钟").encode()
    plan, _ = importer.import_file(con, bad, "通话记录.csv", "tickets", source="acd", dry_run=True)
    assert (
        render_message("not_a_duration", {"value": "三分钟"}, "zh")
        == "「三分钟」不是时长（填秒数，或如 0:03:25、3分25秒）"
    )
    assert list(plan.validation.report["code"]) == ["not_a_duration"]


def test_a_length_of_time_in_minutes_is_stored_in_seconds(con):
    days = "日期,渠道,进线量,平均处理时长(分钟),平均等待时长\n2024-06-18,电话,1200,3.5,0:00:20\n"
    proposed, _ = propose_mapping(days.splitlines()[0].split(","), "volume")
    assert proposed.units == {"aht_seconds": 60.0}  # 平均等待时长 says no unit: seconds
    _, result = importer.import_file(con, days.encode(), "日报.csv", "volume", source="acd")
    assert result.inserted == 1
    assert con.execute("SELECT aht_seconds, asa_seconds FROM daily_volume").fetchall() == [(210.0, 20.0)]
    assert propose_mapping(["进线量(万)"], "volume")[0].units == {"contacts": 10_000.0}  # as before


def test_a_ledger_s_balance_and_summary_rows_are_dropped_like_totals(con):
    """A 明细账 export: opening balance, month total and year-to-date rows sit between the lines, under 摘要."""
    ledger = (
        "凭证字号,日期,摘要,科目名称,成本中心,借方金额,贷方金额,方向,余额\n"
        ",2025-01-01,期初余额,direct_labor.base_pay,热线中心,,,平,0\n"
        "记-12,2025-01-31,计提1月客服工资,direct_labor.base_pay,热线中心,120000,,借,120000\n"
        ",2025-01-31,本月合计,direct_labor.base_pay,热线中心,120000,0,借,120000\n"
        ",2025-01-31,本年累计,direct_labor.base_pay,热线中心,120000,0,借,120000\n"
    )
    raw = read_table(ledger.encode(), "明细账.csv")
    assert raw.total_rows == [2, 4, 5] and len(raw) == 1
    assert read_table(ledger.replace("摘要", "说明", 1).encode(), "明细账.csv").total_rows == [2, 4, 5]
    _, result = importer.import_file(con, ledger.encode(), "明细账.csv", "costs", source="erp")
    assert result.inserted == 1 and result.rejected == 0
    one_account = "\n".join(  # the account named in the title, not a column: typed once for the file
        ",".join(cells[:3] + cells[4:])
        for cells in (line.split(",") for line in ledger.replace("记-12", "记-15").splitlines())
    )
    every_row = {"source_category": "direct_labor.base_pay"}
    _, result = importer.import_file(
        con, one_account.encode(), "明细账2.csv", "costs", source="erp", every_row=every_row
    )
    assert result.inserted == 1
    assert con.execute("SELECT entry_id, source_category FROM cost_entries ORDER BY 1").fetchall() == [
        ("记-12", "direct_labor.base_pay"),
        ("记-15", "direct_labor.base_pay"),
    ]


YONYOU_LEDGER = """客服工资明细账
科目：6601.01 销售费用-客服工资,,,,,,,,
2025年,,凭证号数,摘要,成本中心,借方,贷方,方向,余额
月,日,,,,,,,
01,01,,期初余额,热线中心,,,平,0
01,31,记-12,计提1月客服工资,热线中心,120000,,借,120000
01,31,记-30,结转本期损益,热线中心,,120000,平,0
01,31,,本月合计,热线中心,120000,120000,平,0
2,28,记-8,计提2月客服工资,热线中心,118000,,借,118000
"""
"""用友's 明细账 of one account: the year over the 月 and 日 columns in a two-row header, the account in the title."""


def test_a_yonyou_ledger_s_year_month_and_day_are_joined_into_its_date(con):
    raw = read_table(YONYOU_LEDGER.encode(), "明细账.csv")
    assert raw.headers[:2] == ["月", "日"] and raw.headers[-1] == "日期" and raw.ledger_year == "2025"
    assert raw.cells.column("日期").to_pylist() == ["2025-01-31", "2025-01-31", "2025-2-28"]
    assert raw.row_numbers.tolist() == [6, 7, 9] and raw.total_rows == [5, 8]
    proposed = propose_for_file(raw, "costs")[0]
    assert proposed.columns["period"] == "日期"
    assert proposed.constants == {"source_category": "6601.01 销售费用-客服工资"}  # the account in the title
    account = CategoryMapping("6601.01 销售费用-客服工资", "direct_labor.base_pay")
    save_category_map(con, "u8", [account])  # the ledger's own account, mapped once for its source system
    _, result = importer.import_file(
        con, YONYOU_LEDGER.encode(), "明细账.csv", "costs", source="u8", mode="valid_rows"
    )
    assert result.inserted == 2 and result.rejected == 1  # the closing line (结转) is skipped
    rows = con.execute(
        "SELECT period::VARCHAR, source_category, amount::DOUBLE FROM cost_entries ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("2025-01-01", "6601.01 销售费用-客服工资", 120000.0),
        ("2025-02-01", "6601.01 销售费用-客服工资", 118000.0),
    ]


def test_a_profile_saved_from_one_account_s_ledger_takes_the_next_ledger_s_account_from_its_title(con):
    """The profile keeps the account typed for the pay ledger; the overtime ledger's title says which it is."""
    pay = propose_for_file(read_table(YONYOU_LEDGER.encode(), "a.csv"), "costs")[0]
    save_profile(con, dataclasses.replace(pay, name="用友明细账", source="u8"))
    overtime = YONYOU_LEDGER.replace("6601.01 销售费用-客服工资", "6601.02 销售费用-加班费")
    plan, _ = importer.import_file(
        con, overtime.encode(), "b.csv", "costs", profile="用友明细账", dry_run=True
    )
    assert plan.mapping.constants["source_category"] == "6601.02 销售费用-加班费"
    journal = (
        "科目：全部\n" + JOURNAL
    )  # a journal's 科目名称 column stays its account, whatever the title says
    proposed = propose_for_file(read_table(journal.encode(), "j.csv"), "costs")[0]
    assert proposed.columns["source_category"] == "科目名称"
    parent = "科目：6601 销售费用\n" + JOURNAL.replace(
        "科目名称", "明细科目", 1
    )  # the sub-accounts are the lines'
    proposed = propose_for_file(read_table(parent.encode(), "j.csv"), "costs")[0]
    assert proposed.columns["source_category"] == "明细科目" and not proposed.constants


def test_a_ledger_s_year_in_its_title_dates_its_month_and_day_columns():
    """One header row (月, 日) and the year in the title: joined when the title names one year only."""
    lines = YONYOU_LEDGER.splitlines()
    one_row = "\n".join(
        [lines[0], "期间：2025.01-2025.12", "打印日期：2026-01-05", "月,日" + lines[2][6:], *lines[4:]]
    )
    raw = read_table(one_row.encode(), "明细账.csv")
    assert raw.ledger_year == "2025" and raw.cells.column("日期").to_pylist()[0] == "2025-01-31"
    two_years = one_row.replace(
        "期间：2025.01-2025.12", "2024年度 2025年度"
    )  # which line is which year: unknown
    assert read_table(two_years.encode(), "明细账.csv").headers[-1] != "日期"
    months = "2025年客服预算\n月,科目,金额\n2025-01,房租,100\n"  # a 月 of whole months is a period already
    assert read_table(months.encode(), "预算.csv").headers == ["月", "科目", "金额"]


def across_year_end_ledger(period: str, *extra_lines: str) -> str:
    """YONYOU_LEDGER with one header row, `period` in its title and a December line (row 5) before its January."""
    lines = YONYOU_LEDGER.splitlines()
    december = "12,31,记-40,计提12月客服工资,热线中心,119000,,借,119000"
    return "\n".join([lines[0], lines[1], period, "月,日" + lines[2][6:], december, *lines[4:], *extra_lines])


@pytest.mark.parametrize(
    "period", ["期间：2024.12-2025.11", "2024年12月至2025年11月", "会计期间：2024-12-01 — 2025-11-30"]
)
def test_a_ledger_across_a_year_end_dates_each_line_by_its_month(con, period):
    """A period in the title from one year's December into the next: December's lines are the first year's."""
    raw = read_table(across_year_end_ledger(period).encode(), "明细账.csv")
    assert raw.ledger_year is None and raw.ledger_years.period == "2024.12–2025.11"
    assert raw.cells.column("日期").to_pylist() == ["2024-12-31", "2025-01-31", "2025-01-31", "2025-2-28"]
    save_category_map(con, "u8", [CategoryMapping("6601.01 销售费用-客服工资", "direct_labor.base_pay")])
    text = across_year_end_ledger(period)
    _, result = importer.import_file(
        con, text.encode(), "明细账.csv", "costs", source="u8", mode="valid_rows"
    )
    assert result.inserted == 3
    assert con.execute("SELECT period::VARCHAR FROM cost_entries ORDER BY 1").fetchall() == [
        ("2024-12-01",),
        ("2025-01-01",),
        ("2025-02-01",),
    ]


def test_a_ledger_line_outside_its_title_s_period_is_reported_not_dated():
    """A July line in a 2024.12-2025.06 ledger has no year the title gives: reported at its row and 月 column."""
    text = across_year_end_ledger("期间：2024.12-2025.06", "7,31,记-9,计提7月客服工资,热线中心,1000,,借,1000")
    raw = read_table(text.encode(), "明细账.csv")
    assert raw.cells.column("日期").to_pylist() == ["2024-12-31", "2025-01-31", "2025-01-31", "2025-2-28"]
    report = validate(raw, propose_for_file(raw, "costs")[0]).report
    problem = report[report["code"] == "month_outside_period"].iloc[0]
    assert (problem["row"], problem["column"], problem["value"]) == (11, "月", "7")
    assert (
        render_message(problem["code"], problem["params"])
        == "月份 7 不在标题的期间 2024.12–2025.06 内，无法确定是哪一年"
    )
    longer = text.replace("2024.12-2025.06", "2024.01-2025.06")  # eighteen months: a month has two years
    assert read_table(longer.encode(), "明细账.csv").headers[-1] != "日期"


YEAR_MONTH_DAY_LEDGER = """年,月,日,凭证字号,摘要,科目,成本中心,借方,贷方
2024,12,31,记-40,计提12月工资,direct_labor.base_pay,热线中心,119000,
2025年,1,31,记-12,计提1月工资,direct_labor.base_pay,热线中心,120000,
,2,28,记-8,计提2月工资,direct_labor.base_pay,热线中心,118000,
"""
"""A ledger export with the year, month and day in three columns (金蝶 and others); row 4 lost its year."""


def test_a_ledger_s_year_month_and_day_columns_are_joined_into_its_date(con):
    raw = read_table(YEAR_MONTH_DAY_LEDGER.encode(), "序时账.csv")
    assert raw.ledger_columns == ["年", "月", "日"] and raw.headers[-1] == "日期"
    assert raw.cells.column("日期").to_pylist() == ["2024-12-31", "2025-1-31", ""]
    assert propose_for_file(raw, "costs")[0].columns["period"] == "日期"
    plan, _ = importer.import_file(con, YEAR_MONTH_DAY_LEDGER.encode(), "序时账.csv", "costs", dry_run=True)
    report = plan.validation.report
    assert report[["row", "column", "code"]].values.tolist() == [[4, "日期", "required_value_missing"]]
    assert plan.validation.frame["period"].astype(str).tolist()[:2] == ["2024-12-01", "2025-01-01"]
    no_day = "年度,月,科目,金额\n2025,3,房租,100\n2025,4月份,房租,100\n"  # 年度 and 月 alone: a month
    assert read_table(no_day.encode(), "预算.csv").cells.column("日期").to_pylist() == ["2025-3", "2025-4"]
    not_years = (
        "年,月,日,工单号,渠道,受理人\n本年,1,2,T1,电话,王芳\n"  # a 年 column of other things: left alone
    )
    assert read_table(not_years.encode(), "x.csv").headers == ["年", "月", "日", "工单号", "渠道", "受理人"]


@pytest.mark.parametrize(
    ("titles", "sheet", "file_name", "month"),
    [
        (["2025年1月客服费用明细"], None, "费用.csv", "2025-01"),
        (["客服费用"], "2025年3月", "费用.xlsx", "2025-03"),
        (["2025年度客服费用"], "1月份", "费用.xlsx", "2025-01"),  # the sheet's month, the title's year
        ([], "4月", "2025年费用.xlsx", "2025-04"),  # the sheet's month, the file name's year
        ([], None, "费用_2025_05.csv", "2025-05"),
        (
            ["客服费用", "期间：2025.01-2025.12"],
            None,
            "费用_2025_05.csv",
            None,
        ),  # a year's ledger: no one month
        (
            ["客服费用", "打印日期：2025-02-05"],
            "Sheet1",
            "费用.csv",
            None,
        ),  # the day it was printed is no month
        ([], "1月", "费用.xlsx", None),  # which year: not said
    ],
)
def test_the_month_a_file_is_about_is_read_from_its_title_sheet_or_name(titles, sheet, file_name, month):
    assert named_month(titles, sheet, file_name) == month


MONTH_IN_TITLE = "2025年1月客服费用\n凭证号,成本中心,科目,金额\n记-1,热线中心,direct_labor.base_pay,120000\n"
"""A month's cost sheet with no month column: the title says which month."""


def test_a_file_of_one_month_without_a_month_column_takes_its_title_s_month(con):
    proposed = propose_for_file(read_table(MONTH_IN_TITLE.encode(), "费用.csv"), "costs")[0]
    assert "period" not in proposed.columns and proposed.constants == {"period": "2025-01"}
    _, result = importer.import_file(con, MONTH_IN_TITLE.encode(), "费用.csv", "costs", source="erp")
    assert result.inserted == 1
    assert con.execute("SELECT period::VARCHAR FROM cost_entries").fetchall() == [("2025-01-01",)]
    save_profile(
        con, dataclasses.replace(proposed, name="月度费用")
    )  # the month is the file's, not the profile's
    (saved,) = con.execute(
        "SELECT mapping_json FROM mapping_profiles WHERE profile_name = '月度费用'"
    ).fetchone()
    assert "2025-01" not in saved
    february = MONTH_IN_TITLE.replace("2025年1月", "2025年2月").replace("记-1", "记-2")
    plan, _ = importer.import_file(con, february.encode(), "f.csv", "costs", profile="月度费用", dry_run=True)
    assert plan.mapping.constants == {"period": "2025-02"}
    with pytest.raises(ValueError, match="it takes a month"):
        with_every_row(Mapping(kind="costs"), {"period": "2025年13月"})
    assert with_every_row(Mapping(kind="costs"), {"period": "JAN-25"}).constants == {"period": "2025-01"}


def test_a_yonyou_ledger_in_excel_with_merged_header_cells_is_dated_too():
    book = openpyxl.Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(YONYOU_LEDGER)):
        sheet.append([int(c) if c.isdigit() else (c or None) for c in row])
    sheet.merge_cells("A3:B3")
    sheet.merge_cells("C3:C4")
    buffer = io.BytesIO()
    book.save(buffer)
    raw = read_table(buffer.getvalue(), "明细账.xlsx")
    assert raw.cells.column("日期").to_pylist() == ["2025-1-31", "2025-1-31", "2025-2-28"]


def merged_ledger() -> bytes:
    """A department's cost sheet laid out to be read: the title merged across, each cost center merged down over
    its lines, the period merged down over the whole sheet, and a two-row header cell merged too."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2025年1月客服费用"])
    sheet.append(["凭证号", "期间", "成本中心", "科目", "金额"])
    sheet.append([None, None, None, None, "(元)"])
    sheet.append(["X1", "2025-01", "热线中心", "direct_labor.base_pay", 100])
    sheet.append(["X2", None, None, "direct_labor.overtime", 20])
    sheet.append(["X3", None, "在线中心", "direct_labor.base_pay", 50])
    sheet.append(["X4", None, None, "direct_labor.overtime", 10])
    for cells in ("A1:E1", "A2:A3", "B4:B7", "C4:C5", "C6:C7"):
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_excel_sheet_s_merged_cells_give_every_row_of_the_range_its_value(con):
    raw = read_table(merged_ledger(), "费用.xlsx")
    assert raw.merged_cells == 5  # B5-B7 and C5, C7: the title and the header's merges are not data
    assert raw.cells.column("成本中心").to_pylist() == ["", "热线中心", "热线中心", "在线中心", "在线中心"]
    periods = raw.cells.column("期间").to_pylist()
    assert periods == ["", *["2025-01"] * 4]  # row 3, the header's unit row, has none
    _, result = importer.import_file(
        con, merged_ledger(), "费用.xlsx", "costs", source="erp", mode="valid_rows"
    )
    assert result.inserted == 4 and result.rejected == 1  # row 3 under the header: no voucher, no amount
    rows = con.execute(
        "SELECT cost_center, sum(amount)::DOUBLE FROM cost_entries GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert rows == [("在线中心", 60.0), ("热线中心", 120.0)]


SAP_JOURNAL = """凭证编号,过账日期,项目文本,科目名称,成本中心,金额,借贷标识
5100000012,2025-01-31,计提1月客服工资,direct_labor.base_pay,热线中心,"120,000.00",S
5100000013,2025-01-31,冲回多计提工资,direct_labor.base_pay,热线中心,"5,000.00",H
5100000014,2025-01-31,1月加班费,direct_labor.overtime,热线中心,"8,000.00",借
5100000030,2025-01-31,结转本期损益,direct_labor.base_pay,热线中心,"115,000.00",贷
5100000031,2025-01-31,手工调整,direct_labor.overtime,热线中心,800,
5100000032,2025-01-31,手工调整,direct_labor.overtime,热线中心,900,X
"""
"""A journal from SAP: one amount column and a debit/credit indicator (S debit, H credit, or 借/贷): a reversal,
the month's closing line, a line without its side and one with a side that is neither."""


def test_a_journal_with_a_direction_column_imports_credits_as_negative(con):
    raw = read_table(SAP_JOURNAL.encode(), "sap.csv")
    assert propose_for_file(raw, "costs")[0].columns["amount"] == ["金额", "借贷标识"]
    plan, _ = importer.import_file(con, SAP_JOURNAL.encode(), "sap.csv", "costs", source="erp", dry_run=True)
    report = plan.validation.report
    assert list(zip(report["row"], report["column"], report["code"], strict=True)) == [
        (5, "项目文本", "closing_entry"),
        (6, "借贷标识", "required_value_missing"),
        (7, "借贷标识", "not_a_direction"),
    ]
    assert render_message("not_a_direction", {"value": "X"}, "zh") == "「X」不是借贷方向（填「借」或「贷」）"
    _, result = importer.import_file(
        con, SAP_JOURNAL.encode(), "sap.csv", "costs", source="erp", mode="valid_rows"
    )
    assert result.inserted == 3 and result.rejected == 3
    amounts = con.execute("SELECT entry_id, amount FROM cost_entries ORDER BY entry_id").fetchall()
    assert [float(a) for _, a in amounts] == [120000.0, -5000.0, 8000.0]


def test_a_direction_column_is_used_only_when_its_cells_are_debit_or_credit():
    """A 方向 column of other words (a call's 呼入/呼出) is not a ledger side; a 明细账's balance 方向 beside its
    debit and credit columns is not read either: the debit is already netted with the credit."""
    calls = read_table(
        "单号,期间,科目,成本中心,金额,方向\nX1,2025-01,房租,热线中心,100,呼入\n".encode(), "c.csv"
    )
    assert propose_for_file(calls, "costs")[0].columns["amount"] == "金额"
    ledger = "凭证号,期间,科目,成本中心,借方,贷方,方向,余额\nX1,2025-01,房租,热线中心,100,,借,100\n"
    proposed = propose_for_file(read_table(ledger.encode(), "l.csv"), "costs")[0]
    assert proposed.columns["amount"] == ["借方", "贷方"]


def test_a_debit_column_alone_is_the_amount():
    raw = read_table("凭证号,期间,科目,成本中心,借方金额\nX1,2025-01,房租,热线中心,100\n".encode(), "l.csv")
    assert propose_for_file(raw, "costs")[0].columns["amount"] == "借方金额"


def test_cli_import_joins_two_columns_recognition_did_not_pair(tmp_path, capsys):
    tickets = tmp_path / "工单.csv"
    tickets.write_bytes("工单号,受理日,受理时间,渠道\nT1,2024-06-18,09:15,电话\n".encode())
    args = ["import", str(tickets), "--kind", "tickets", "--db", str(tmp_path / "j.duckdb"), "--lang", "en"]
    assert cli_main(args) == 1  # 受理时间 alone: 09:15 is no time stamp
    assert "'09:15' is not a valid date and time" in capsys.readouterr().err
    assert cli_main([*args, "--join", "channel=受理日+受理时间"]) == 1
    assert "'channel' cannot be read from two columns; fields that can: ticket_id" in capsys.readouterr().err
    assert cli_main([*args, "--join", "created_at=受理日+受理时间"]) == 0
    con = store.connect(tmp_path / "j.duckdb")
    assert con.execute("SELECT created_at::VARCHAR FROM tickets").fetchall() == [("2024-06-18 09:15:00",)]
    con.close()


def test_cli_import_of_a_ledger_as_tickets_hints_at_its_kind(tmp_path, capsys):
    journal = tmp_path / "序时账.csv"
    journal.write_bytes(JOURNAL.encode())
    assert cli_main(["import", str(journal), "--kind", "tickets", "--db", str(tmp_path / "k.duckdb")]) == 1
    assert "hint: the headers hold every required column of --kind costs" in capsys.readouterr().err


def test_cli_import_gives_every_row_one_value_and_refuses_a_bad_one_before_any_work(tmp_path, capsys):
    days = tmp_path / "hotline.csv"
    days.write_bytes(ONE_CHANNEL_DAYS)
    db = tmp_path / "cli.duckdb"
    args = ["import", str(days), "--kind", "volume", "--db", str(db), "--lang", "en"]
    assert cli_main(args) == 1
    assert "map it in the column mapping, or give every row one value" in capsys.readouterr().err
    assert cli_main([*args, "--every-row", "channel=fax"]) == 1
    assert "error: --every-row: 'fax' is not a value of channel" in capsys.readouterr().err
    assert cli_main([*args, "--every-row", "channel=电话"]) == 0
    assert "2 inserted" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli_main([*args, "--every-row", "channel"])
    assert "give it as FIELD=VALUE" in capsys.readouterr().err
