"""The command line: seed-demo and info."""

import os
import subprocess
import sys

import pandas as pd
import pytest

from analytics import cli
from tests.conftest import ROOT


def test_info_lists_tables_with_counts_and_spans(demo_copy, capsys):
    # A private copy: `info` opens read-only, which DuckDB refuses while page tests hold the shared file.
    assert cli.main(["info", "--db", str(demo_copy)]) == 0
    out = capsys.readouterr().out
    assert "demo data (示例数据): yes" in out  # was 'demo data: True', Python's word
    line = next(row for row in out.splitlines() if row.startswith("tickets"))
    assert "2025-11-01" in line and "2026-10-31" in line
    assert int(line.split()[1].replace(",", "")) > 1_000_000


def test_a_reader_that_stops_early_is_not_an_error(demo_copy):
    """`info | head` used to end in "error: Broken pipe: None": the pipe here is closed before anything is read."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "analytics", "info", "--db", str(demo_copy)],
            cwd=ROOT,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 0


def test_info_on_a_missing_file_fails_clearly(tmp_path, capsys):
    assert cli.main(["info", "--db", str(tmp_path / "nope.duckdb")]) == 1
    assert "no database" in capsys.readouterr().err


def test_seed_demo_refuses_to_overwrite(demo_db, capsys):
    assert cli.main(["seed-demo", "--db", str(demo_db)]) == 1
    assert "--force" in capsys.readouterr().err


def test_seed_demo_as_a_process(tmp_path):
    path = tmp_path / "cli.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "seed-demo", "--db", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "demo database written" in done.stdout and "tickets 1,6" in done.stdout
    info = subprocess.run(
        [sys.executable, "-m", "analytics", "info", "--db", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert info.returncode == 0 and "schema version" in info.stdout


def test_user_mistakes_end_in_one_line_not_a_traceback(tmp_path, demo_copy, capsys):
    import pytest

    assert (
        cli.main(
            ["import", str(tmp_path / "nope.csv"), "--kind", "costs", "--db", str(tmp_path / "d.duckdb")]
        )
        == 1
    )
    assert "No such file or directory" in capsys.readouterr().err
    assert cli.main(["forecast", "--db", str(demo_copy), "--horizon", "600", "--out", "f.csv"]) == 1
    assert capsys.readouterr().err == "error: --horizon 600: the forecast reaches 550 days at most\n"
    out = str(tmp_path / "no_folder" / "f.csv")
    assert cli.main(["forecast", "--db", str(demo_copy), "--horizon", "7", "--out", out]) == 1
    assert capsys.readouterr().err.startswith("error: No such file or directory")
    with pytest.raises(SystemExit):  # argparse's usage error, exit code 2
        cli.main(["backtest", "x.csv", "--date-col", "d", "--value-col", "v", "--step", "0"])
    assert "must be 1 or more" in capsys.readouterr().err
    locked = tmp_path / "locked.duckdb"
    locked.write_bytes(demo_copy.read_bytes())  # a file this process has never opened
    other = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(locked)!r}); print('open', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert (
            other.stdout.readline().strip() == "open"
        )  # another process holds the database, as the app does
        assert cli.main(["info", "--db", str(locked)]) == 1
        assert "is open in another program" in capsys.readouterr().err
    finally:
        other.kill()


def test_forecast_writes_a_real_xlsx_when_asked_for_one(demo_copy, tmp_path, capsys):
    import datetime as dt

    import openpyxl

    out = tmp_path / "forecast.xlsx"
    assert cli.main(["forecast", "--db", str(demo_copy), "--horizon", "7", "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active  # a CSV under an .xlsx name does not load
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["date", "channel", "forecast"]
    first = sheet.cell(2, 1)
    assert first.value.date() == dt.date(2026, 11, 1) and first.number_format == "yyyy-mm-dd"
    assert sheet.max_row == 1 + 7 * 6  # five channels and their total, no totals row
    assert (
        cli.main(["forecast", "--db", str(demo_copy), "--horizon", "7", "--out", str(tmp_path / "f.txt")])
        == 1
    )
    assert ".csv or .xlsx" in capsys.readouterr().err


def test_a_file_that_is_not_a_database_is_refused_by_name(tmp_path, capsys):
    """FILE and --db swapped: DuckDB opens a CSV as an in-memory database, so an import 'succeeded' and kept
    nothing; other commands ended in a traceback."""
    tickets = ROOT / "tests" / "fixtures" / "ingest" / "utf8.csv"
    swapped = tmp_path / "tickets.csv"
    swapped.write_bytes(tickets.read_bytes())
    assert cli.main(["import", str(tickets), "--kind", "tickets", "--db", str(swapped)]) == 1
    captured = capsys.readouterr()
    assert "imported" not in captured.out
    assert captured.err == f"error: {swapped} is not a DuckDB database file (is --db the right path?)\n"
    for command in (["info"], ["evaluate", "--quarter", "2026Q3"]):
        assert cli.main([*command, "--db", str(swapped)]) == 1
        assert capsys.readouterr().err.startswith(f"error: {swapped} is not a DuckDB database file")
    assert cli.main(["info", "--db", str(tmp_path)]) == 1
    assert "is a folder, not a database file" in capsys.readouterr().err


def test_import_dry_run_into_a_missing_database_writes_no_file(tmp_path, capsys):
    tickets = ROOT / "tests" / "fixtures" / "ingest" / "utf8.csv"
    missing = tmp_path / "typo" / "desk.duckdb"
    assert cli.main(["import", str(tickets), "--kind", "tickets", "--db", str(missing), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert "nothing written" in captured.out and "checked against an empty one" in captured.err
    assert not missing.parent.exists()
    assert cli.main(["import", str(tickets), "--kind", "tickets", "--db", str(missing)]) == 0
    assert "a new, empty one is created" in capsys.readouterr().err and missing.exists()


def test_import_reports_name_the_file_and_count_valid_rows(tmp_path, capsys):
    fixtures = ROOT / "tests" / "fixtures" / "ingest"
    db = str(tmp_path / "desk.duckdb")
    costs = str(fixtures / "costs_thousands.csv")  # two rows; row 3's amount '1,2' is not a number
    args = ["import", costs, "--kind", "costs", "--db", db, "--lang", "en", "--dry-run"]
    assert cli.main([*args, "--mode", "valid_rows"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "dry run: 1 rows valid, 1 rejected; nothing written\n"  # was '2 rows valid'
    assert "costs_thousands.csv,3,金额" in captured.err  # the row to be skipped is listed
    assert cli.main(args) == 1
    assert "error: costs_thousands.csv: 1 of 2 rows invalid" in capsys.readouterr().err
    header_only = tmp_path / "header_only.csv"
    header_only.write_text("date,calls\n", encoding="utf-8")
    assert cli.main(["import", str(header_only), "--kind", "costs", "--db", db, "--dry-run"]) == 1
    error = capsys.readouterr().err
    # no cost center, account or amount (date is its period); with no voucher column the ids are a summary's
    assert "error: header_only.csv: 3 problem(s) with the file as a whole" in error
    assert "凭证行号" not in error
    assert "0 of 0 rows invalid" not in error
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert cli.main(["import", str(empty), "--kind", "costs", "--db", db, "--lang", "en", "--dry-run"]) == 1
    assert capsys.readouterr().err.endswith("\nerror: empty.csv: The file is empty\n")


def test_backtest_file_mistakes_name_the_file_and_column(tmp_path, capsys):
    import pandas as pd

    def backtest(path, *options):
        code = cli.main(["backtest", str(path), "--date-col", "日期", "--value-col", "进线量", *options])
        return code, capsys.readouterr().err

    header_only = tmp_path / "header_only.csv"
    header_only.write_text("日期,进线量\n", encoding="utf-8")
    assert backtest(header_only) == (1, f"error: {header_only}: no day with a value in column '进线量'\n")
    days = pd.date_range("2024-01-01", periods=120, freq="D")
    rows = "".join(f"{day:%Y-%m-%d};{100 + day.day_of_week * 10}\n" for day in days)
    semicolons = tmp_path / "semicolons.csv"
    semicolons.write_text("日期;进线量\n" + rows, encoding="utf-8")
    code, error = backtest(semicolons)
    assert code == 1 and error.startswith(f"error: {semicolons}: no column '日期' and '进线量'")
    assert "is --sep ',' the file's separator?" in error
    misnamed = tmp_path / "misnamed.csv"
    misnamed.write_text("date,calls\n2024-01-01,5\n", encoding="utf-8")
    assert backtest(misnamed) == (
        1,
        f"error: {misnamed}: no column '日期' and '进线量'; the header has 'date', 'calls'\n",
    )
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert backtest(empty) == (1, f"error: {empty}: the file is empty\n")
    short = tmp_path / "short.csv"
    short.write_text("日期,进线量\n2024-01-01,5\n2024-01-02,x\n", encoding="utf-8")
    assert backtest(short) == (1, f"error: {short}: cannot read number 'x' in column '进线量' (row 3)\n")
    tabs = tmp_path / "tabs.txt"
    tabs.write_text("日期\t进线量\n" + rows.replace(";", "\t"), encoding="utf-8")
    options = ["--sep", "\\t", "--horizon", "28", "--origins", "1", "--calendar", "none"]
    assert cli.main(["backtest", str(tabs), "--date-col", "日期", "--value-col", "进线量", *options]) == 0
    assert "mean MASE" in capsys.readouterr().out


def test_every_subcommand_help_says_what_it_does(capsys):
    import pytest

    parser_help = {
        "seed-demo": "build the deterministic demo database",
        "import": "validate and import a CSV/XLSX file of one kind",
        "backtest": "rolling-origin backtest",
        "forecast": "forecast every channel from the database and write a CSV or XLSX",
        "export": "write a budget, budget vs actual, cost or forecast table",
        "evaluate": "the four-dimension scorecard of a quarter",
        "snapshots": "list the published forecasts (the forecast page's register)",
    }
    for command, description in parser_help.items():
        with pytest.raises(SystemExit):
            cli.main([command, "--help"])
        assert description in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["import", "--help"])
    assert "valid_rows: import the valid rows" in capsys.readouterr().out
    for command in ("forecast", "export", "evaluate"):  # each prints names and warnings in --lang
        with pytest.raises(SystemExit):
            cli.main([command, "--help"])
        assert "--lang {zh,en}" in capsys.readouterr().out


def test_db_defaults_to_the_apps_environment_variable(demo_copy, monkeypatch, capsys):
    """The README: COST_DESK_DB points the app or the CLI at a database."""
    monkeypatch.setenv("COST_DESK_DB", str(demo_copy))
    assert cli.main(["info"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"database {demo_copy}")
    # one column of row counts, however long a table's name (forecast_snapshot_values)
    counts = [line.split()[1] for line in lines[1:]]  # 'rows', then each table's count
    ends = {line.index(count) + len(count) for line, count in zip(lines[1:], counts, strict=True)}
    assert len(ends) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_forecast_prints_models_and_warnings_as_sentences(demo_copy, tmp_path, capsys, lang):
    """Warnings were printed as `warning [phone]: outliers_flagged {'count': 1, 'dates': [...]}`; now they read as
    the forecast page's do, in --lang, one line for the channels that share one."""
    from ui.i18n import CATALOGS, text_in

    out = tmp_path / "forecast.csv"
    args = ["forecast", "--db", str(demo_copy), "--horizon", "7", "--out", str(out), "--lang", lang]
    assert cli.main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    text = CATALOGS[lang]
    channels = ("、" if lang == "zh" else ", ").join([text["channel.phone"], text["channel.online"]])
    # The demo's one outlier day, in the phone and online histories.
    outlier = text_in(
        lang, "forecast.warning.outliers_flagged", channel=channels, count=1, dates="2025-03-14"
    )
    assert f"warning: {outlier}" in lines
    models = lines[1]
    assert models.startswith("models: ")
    for channel in ("phone", "online", "wechat", "email", "ticket"):  # each named once, under its model
        assert models.count(text[f"channel.{channel}"]) == 1
    names = [name for key, name in text.items() if key.startswith("model.") and "used_by" not in key]
    assert any(name in models for name in names)
    printed = "\n".join(lines)
    for code in ("outliers_flagged", "regression_holt", "{", "[phone]"):
        assert code not in printed


def test_forecast_out_keeps_its_columns_and_its_total_adds_up(demo_copy, tmp_path):
    """The file's columns are a contract for scripts. Its total row was each day's total forecast rounded on its
    own, a cent or two off the sum of the channels on most days; it is now their sum, as in the page's download."""
    import pandas as pd

    out = tmp_path / "forecast.csv"
    assert (
        cli.main(["forecast", "--db", str(demo_copy), "--horizon", "7", "--out", str(out), "--lang", "en"])
        == 0
    )
    frame = pd.read_csv(out, encoding="utf-8-sig", dtype={"forecast": str})
    assert list(frame.columns) == ["date", "channel", "forecast", "lo80", "hi80", "lo95", "hi95"]
    cents = frame.assign(cents=[round(float(value) * 100) for value in frame["forecast"]])
    is_total = cents["channel"] == "total"
    assert is_total.sum() == 7 and "phone" in set(cents["channel"])
    channel_sums = cents[~is_total].groupby("date")["cents"].sum()
    assert (cents[is_total].set_index("date")["cents"] == channel_sums).all()


def test_commands_that_borrow_the_pages_texts_print_no_streamlit_warnings(demo_copy, tmp_path):
    """Imported outside `streamlit run`, ui's cached functions log 'No runtime found' once each: dozens of lines
    on stderr around an export that worked."""
    out = tmp_path / "costs.csv"
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "export", "costs", "--db", str(demo_copy), "--year", "2026"]
        + ["--out", str(out), "--lang", "en"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr == ""
    from ui.i18n import CATALOGS

    header = ",".join(CATALOGS["en"][f"budget.col.{name}"] for name in ("month", "level1", "level2"))
    assert out.read_text(encoding="utf-8-sig").startswith(header + ",")


NOTICES = ROOT / "tests" / "fixtures" / "notices"


def test_holidays_reads_a_notice_file_saves_shows_and_deletes_the_year(demo_copy, tmp_path, capsys):
    from analytics import holiday_schedule, store

    db = ["--db", str(demo_copy), "--year", "2027"]
    assert cli.main(["holidays", *db]) == 0
    assert "no schedule typed in" in capsys.readouterr().out
    sample = str(NOTICES / "2027-sample.txt")
    assert cli.main(["holidays", *db, "--notice", sample, "--dry-run"]) == 0
    assert "dry run: nothing saved" in capsys.readouterr().out
    con = store.connect(demo_copy)
    assert holiday_schedule.list_schedule(con, 2027).empty
    con.close()

    assert cli.main(["holidays", *db, "--notice", sample, "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"2027: 3 holiday(s) saved from {sample}"
    assert out[3].split() == ["Spring", "Festival", "2027-02-05", "2027-02-12", "2027-02-14", "—"]
    assert cli.main(["holidays", *db]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[0] == "2027: 3 holiday(s) as saved" and shown[3].split()[0] == "春节"
    assert cli.main(["holidays", *db, "--delete"]) == 0
    assert "estimated again" in capsys.readouterr().out
    con = store.connect(demo_copy)
    assert holiday_schedule.list_schedule(con).empty
    con.close()


def test_holidays_refuses_what_cannot_be_saved_with_the_pages_words(demo_copy, tmp_path, capsys):
    db = ["--db", str(demo_copy), "--year", "2027"]
    gbk = tmp_path / "notice_gbk.txt"  # a notice saved from Notepad on a Chinese Windows
    gbk.write_bytes("春节：2月5日至12日放假调休，共8天。2月15日（星期一）上班。".encode("gbk"))
    assert cli.main(["holidays", *db, "--notice", str(gbk)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "error: 第 1 行「调休上班日 1」：调休上班日应是周六或周日（工作日本来就要上班）。",
        "error: 2027 not saved: 1 thing(s) to fix",
    ]
    assert cli.main(["holidays", *db, "--notice", str(NOTICES / "2026.txt"), "--lang", "en"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "warning: This notice is for 2026, not 2027: choose the notice's year first.",
        f"error: no holiday could be read from {NOTICES / '2026.txt'}",
    ]
    assert cli.main(["holidays", "--db", str(demo_copy), "--year", "2026", "--delete"]) == 1
    assert "2026 is built in" in capsys.readouterr().err


def test_forecast_publish_stores_a_snapshot_with_its_warnings(demo_copy, tmp_path, capsys):
    """`--publish NAME` does what the page's Publish button does: a snapshot for the data's as-of date, signed,
    with the fit's warnings (the demo's outage day, 2027's holidays estimated), which the plans then start from."""
    import datetime as dt

    from analytics import store, whatif
    from analytics.forecast_warning import warnings_from_json

    out = str(tmp_path / "forecast.csv")
    base = ["forecast", "--db", str(demo_copy), "--horizon", "400", "--out", out]
    assert cli.main([*base, "--publish", "  "]) == 1
    assert capsys.readouterr().err == "error: --publish needs the name of who publishes\n"
    assert cli.main([*base, "--publish", "财务 李娜"]) == 0
    assert (
        capsys.readouterr().out.splitlines()[-1]
        == "published as snapshot #3 (data to 2026-10-31, by 财务 李娜)"
    )
    con = store.connect(demo_copy)
    try:
        row = con.execute(
            "SELECT published_by, history_end, horizon_days, warnings FROM forecast_snapshots WHERE snapshot_id = 3"
        ).fetchone()
        assert row[:3] == ("财务 李娜", dt.date(2026, 10, 31), 400)
        assert {w.code for _channel, w in warnings_from_json(row[3])} == {
            "outliers_flagged",
            "provisional_calendar",
        }
        assert whatif.plan_baseline(con, dt.date(2026, 10, 31)).source == "snapshot"
    finally:
        con.close()


def test_snapshots_lists_the_register_and_withdraws_one_with_a_name_and_a_reason(demo_copy, capsys):
    """`snapshots` lists what the page's register lists; `--withdraw N --by NAME --reason TEXT` withdraws as the
    page does, names the budget versions drafted on it, and refuses without a name or a reason, or twice."""
    from analytics import budget_draft, store
    from tests.test_budget import publish_budget_baseline

    con = store.connect(demo_copy)
    publish_budget_baseline(con)  # snapshot #3, on data to 2026-10-31, unsigned
    budget_draft.draft_budget(con, 2027, actor="王敏")
    con.close()
    assert cli.main(["snapshots", "--db", str(demo_copy)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "#3  data to 2026-10-31, forecast to 2027-12-31, published "
        + _published_at(demo_copy, 3)
        + " · in force",
        "#2  data to 2026-06-30, forecast to 2026-12-31, published 2026-07-05 10:00 by 计划组 · in force"
        " · 2026 年中滚动预测",
        "#1  data to 2025-12-31, forecast to 2026-12-31, published 2026-01-05 10:00 by 计划组 · in force"
        " · 2026 年度预算预测",
    ]
    withdraw = ["snapshots", "--db", str(demo_copy), "--withdraw", "3"]
    assert cli.main([*withdraw, "--by", " ", "--reason", "重复导入"]) == 1
    assert capsys.readouterr().err == "error: --withdraw needs --by NAME\n"
    assert cli.main([*withdraw, "--by", "计划组 王芳"]) == 1
    assert capsys.readouterr().err == "error: --withdraw needs --reason TEXT\n"
    assert cli.main(["snapshots", "--db", str(demo_copy), "--by", "计划组 王芳"]) == 1
    assert capsys.readouterr().err == "error: --by and --reason go with --withdraw N or --reinstate N\n"
    assert cli.main([*withdraw, "--by", "计划组 王芳", "--reason", "10 月话务量重复导入"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "withdrew snapshot #3 (by 计划组 王芳: 10 月话务量重复导入)",
        "notice: budget 2027 version 1 (draft) was drafted on it: draft it again",
    ]
    assert cli.main([*withdraw, "--by", "计划组 王芳", "--reason", "再撤一次"]) == 1
    assert capsys.readouterr().err.startswith("error: forecast #3 was withdrawn on ")
    assert cli.main(["snapshots", "--db", str(demo_copy)]) == 0
    assert " · withdrawn " in capsys.readouterr().out.splitlines()[0]


def test_snapshots_reinstates_a_forecast_withdrawn_by_mistake(demo_copy, capsys):
    """`--reinstate N --by NAME --reason TEXT` undoes a withdrawal: #3 is in force again, the budget versions
    drafted on it are named, the withdrawal undone is listed under the register; nothing to undo is refused.
    A note corrected (on the page) is listed too, with the note it replaced."""
    import datetime as dt

    from analytics import budget_draft, forecast, store
    from tests.test_budget import publish_budget_baseline

    con = store.connect(demo_copy)
    publish_budget_baseline(con)  # snapshot #3, on data to 2026-10-31
    budget_draft.draft_budget(con, 2027, actor="王敏")
    forecast.withdraw_snapshot(
        con, 3, "计划组 王芳", "以为 10 月重复导入", withdrawn_at=dt.datetime(2026, 11, 3, 9, 30)
    )
    con.close()
    reinstate = ["snapshots", "--db", str(demo_copy), "--reinstate", "3"]
    assert cli.main([*reinstate, "--by", "计划组 王芳"]) == 1
    assert capsys.readouterr().err == "error: --reinstate needs --reason TEXT\n"
    assert cli.main([*reinstate, "--withdraw", "1", "--by", "王芳", "--reason", "x"]) == 1
    assert capsys.readouterr().err == "error: --withdraw, --reinstate and --export are one at a time\n"
    assert cli.main([*reinstate, "--by", "计划组 王芳", "--reason", "10 月数据核对无误"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "reinstated snapshot #3 (by 计划组 王芳: 10 月数据核对无误)",
        "notice: budget 2027 version 1 (draft) was drafted on it: it stands on a forecast in force again",
    ]
    assert cli.main([*reinstate, "--by", "计划组 王芳", "--reason", "再恢复一次"]) == 1
    assert capsys.readouterr().err == "error: forecast #3 is in force\n"
    assert cli.main(["snapshots", "--db", str(demo_copy)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].startswith("#3  ") and listed[0].endswith(" · in force")
    assert listed[-1].startswith("#3  withdrawn 2026-11-03 by 计划组 王芳: 以为 10 月重复导入 · reinstated ")
    assert listed[-1].endswith(" by 计划组 王芳: 10 月数据核对无误") and len(listed) == 4
    con = store.connect(demo_copy)
    forecast.edit_snapshot_note(
        con, 3, "计划组 王芳", "2027 年度预算用", edited_at=dt.datetime(2026, 11, 5, 9, 0)
    )
    con.close()
    assert cli.main(["snapshots", "--db", str(demo_copy)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].endswith(" · in force · 2027 年度预算用")
    assert listed[-1] == "#3  note changed 2026-11-05 by 计划组 王芳; it read: (no note)"


def test_snapshots_exports_a_published_forecast_as_frozen(demo_copy, tmp_path, capsys):
    """`--export N --out FILE` writes forecast #N's daily figures as stored, rounded as the page's download (each
    channel to the cent, the total re-summed from them), with the code-name headers of `forecast --out`; CSV for
    Excel or XLSX; an id never published, or --export without --out, is refused."""
    from analytics import forecast, store

    out = tmp_path / "snapshot_1.csv"
    assert cli.main(["snapshots", "--db", str(demo_copy), "--export", "1", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"published forecast #1 written to {out} (2,190 rows)\n"
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert list(frame.columns) == ["date", "channel", "forecast", "lo80", "hi80", "lo95", "hi95"]
    assert list(dict.fromkeys(frame["channel"])) == ["phone", "online", "wechat", "email", "ticket", "total"]
    con = store.connect(demo_copy, read_only=True)
    try:
        stored = forecast.snapshot_values(con, 1)
    finally:
        con.close()
    phone = frame[frame["channel"] == "phone"]
    assert (phone["forecast"].to_numpy() == stored[stored["channel"] == "phone"]["forecast"].round(2)).all()
    wide = frame.pivot(index="date", columns="channel", values="forecast")
    assert (wide.drop(columns="total").sum(axis=1) - wide["total"]).abs().max() < 1e-6
    xlsx = tmp_path / "snapshot_2.xlsx"
    assert cli.main(["snapshots", "--db", str(demo_copy), "--export", "2", "--out", str(xlsx)]) == 0
    assert len(pd.read_excel(xlsx)) == 6 * 184  # July to December 2026, five channels and the total
    capsys.readouterr()
    assert cli.main(["snapshots", "--db", str(demo_copy), "--export", "9", "--out", str(out)]) == 1
    assert capsys.readouterr().err == "error: no published forecast #9\n"
    assert cli.main(["snapshots", "--db", str(demo_copy), "--export", "1"]) == 1
    assert capsys.readouterr().err == "error: --export N goes with --out FILE\n"


def _published_at(path, snapshot_id: int) -> str:
    from analytics import store

    con = store.connect(path, read_only=True)
    try:
        query = "SELECT created_at FROM forecast_snapshots WHERE snapshot_id = ?"
        return f"{con.execute(query, [snapshot_id]).fetchone()[0]:%Y-%m-%d %H:%M}"
    finally:
        con.close()
