"""`python -m analytics export` and `evaluate`: the files finance and the review meeting take away.

Each test works on a private copy of the demo database: the CLI opens it read-only, which DuckDB refuses in a
process that already holds the session copy read-write (an AppTest or a demo_con fixture).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from analytics import budget, cli, exports, store


def test_export_forecast_covers_the_rest_of_the_year_per_channel(demo_copy, tmp_path, capsys):
    out = tmp_path / "forecast.csv"
    assert cli.main(["export", "forecast", "--db", str(demo_copy), "--year", "2026", "--out", str(out)]) == 0
    assert "written" in capsys.readouterr().out
    frame = pd.read_csv(out, encoding="utf-8-sig", parse_dates=["date"])
    assert frame["date"].min() == pd.Timestamp("2026-11-01") and frame["date"].max() == pd.Timestamp(
        "2026-12-31"
    )
    assert {"forecast", "lo80", "hi80", "lo95", "hi95"} <= set(frame.columns)
    per_day = frame.groupby(["date", "channel"]).size()
    assert (per_day == 1).all() and frame["channel"].nunique() >= 5


def test_export_refuses_a_year_that_is_history_or_an_unknown_suffix(demo_copy, tmp_path, capsys):
    assert (
        cli.main(
            ["export", "forecast", "--db", str(demo_copy), "--year", "2025", "--out", str(tmp_path / "f.csv")]
        )
        == 1
    )
    assert "history" in capsys.readouterr().err
    assert (
        cli.main(
            ["export", "costs", "--db", str(demo_copy), "--year", "2025", "--out", str(tmp_path / "f.txt")]
        )
        == 1
    )
    assert ".csv or .xlsx" in capsys.readouterr().err
    assert (
        cli.main(
            ["export", "budget", "--db", str(tmp_path / "none.duckdb"), "--year", "2026", "--out", "x.csv"]
        )
        == 1
    )


def test_export_costs_sums_to_the_ledger_in_xlsx(demo_copy, tmp_path):
    out = tmp_path / "costs.xlsx"
    assert cli.main(["export", "costs", "--db", str(demo_copy), "--year", "2025", "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    body, total = rows[:-1], rows[-1]
    amount = header.index("amount")
    con = store.connect(demo_copy)
    expected = con.execute(
        "SELECT sum(e.amount) FROM cost_entries e JOIN cost_category_map m"
        " ON m.source_system = e.source AND m.source_category = e.source_category"
        " WHERE m.counted AND year(e.period) = 2025"
    ).fetchone()[0]
    con.close()
    assert Decimal(str(round(sum(row[amount] for row in body), 2))) == expected
    assert Decimal(str(round(total[amount], 2))) == expected
    assert sheet.cell(2, amount + 1).number_format == exports.MONEY_FORMAT


def test_export_budget_matches_the_approved_lines(demo_copy, tmp_path):
    out = tmp_path / "budget.csv"
    assert cli.main(["export", "budget", "--db", str(demo_copy), "--year", "2026", "--out", str(out)]) == 0
    frame = pd.read_csv(out, encoding="utf-8-sig")
    con = store.connect(demo_copy)
    planned = con.execute(
        "SELECT sum(amount) FROM budget_lines WHERE budget_id = ?", [budget.approved_budget_id(con, 2026)]
    ).fetchone()[0]
    con.close()
    assert Decimal(str(round(frame["amount"].sum(), 2))) == planned


def test_export_variance_has_budget_actual_and_variance(demo_copy, tmp_path):
    out = tmp_path / "variance.xlsx"
    assert cli.main(["export", "variance", "--db", str(demo_copy), "--year", "2026", "--out", str(out)]) == 0
    frame = pd.read_excel(out)
    assert {"budget", "actual"} <= set(frame.columns)
    rows, total = frame.iloc[:-1], frame.iloc[-1]
    assert len(rows) > 1 and rows["actual"].notna().all()  # closed months only: each has an actual
    # the totals row compares like with like: its variance is its actual minus its budget
    assert total["variance"] == pytest.approx(total["actual"] - total["budget"], abs=0.01)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_evaluate_prints_the_four_scores_and_writes_the_report(demo_copy, tmp_path, capsys, lang):
    out = tmp_path / f"review_{lang}.html"
    code = cli.main(
        ["evaluate", "--db", str(demo_copy), "--quarter", "2026Q3", "--out", str(out), "--lang", lang]
    )
    assert code == 0
    printed = capsys.readouterr().out
    for dimension in ("cost", "quality", "strategy", "flexibility"):
        assert dimension in printed
    html = out.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "<script src=" not in html


def test_evaluate_takes_a_lower_case_quarter_and_refuses_a_malformed_one(demo_copy, capsys):
    assert cli.main(["evaluate", "--db", str(demo_copy), "--quarter", "2026q3"]) == 0
    assert capsys.readouterr().out.startswith("2026Q3")
    with pytest.raises(SystemExit):
        cli.main(["evaluate", "--db", str(demo_copy), "--quarter", "abc"])
    assert "a quarter looks like 2026Q3" in capsys.readouterr().err


def test_evaluate_refuses_a_quarter_without_data(demo_copy, capsys):
    assert cli.main(["evaluate", "--db", str(demo_copy), "--quarter", "2019Q1"]) == 1
    error = capsys.readouterr().err
    assert "no contact volume in 2019Q1" in error and "complete quarters: 2026Q3, 2026Q2" in error


def test_evaluate_says_a_quarter_under_way_is_not_complete(demo_copy, capsys):
    """The demo's data runs to 2026-10-31: 2026Q4 has data, but only its first month."""
    assert cli.main(["evaluate", "--db", str(demo_copy), "--quarter", "2026Q4"]) == 1
    assert "2026Q4 is not complete: contact volume runs 2023-01-01 to 2026-10-31" in capsys.readouterr().err


def test_export_refuses_a_year_without_costs_instead_of_writing_an_empty_file(demo_copy, tmp_path, capsys):
    out = tmp_path / "costs.csv"
    assert cli.main(["export", "costs", "--db", str(demo_copy), "--year", "2027", "--out", str(out)]) == 1
    assert "no cost ledger rows in 2027" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("what", ["budget", "variance", "costs"])
def test_every_export_writes_months_the_same_way(demo_copy, tmp_path, what):
    out = tmp_path / f"{what}.xlsx"
    assert cli.main(["export", what, "--db", str(demo_copy), "--year", "2026", "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    months = {row[header.index("month")] for row in rows[:-1]}
    assert months and all(isinstance(m, str) and len(m) == 7 and m.startswith("2026-") for m in months)
    assert "total" in rows[-1] and "合计" not in rows[-1]  # the totals row speaks the headers' language


def test_export_budget_without_an_approved_version_writes_the_newest_draft(demo_copy, tmp_path, capsys):
    """A year still in drafting has several versions: the export holds the newest, as the README says."""
    con = store.connect(demo_copy)
    first = budget.approved_budget_id(con, 2026)
    second = budget.new_version(con, first, "财务", "reforecast")
    budget.edit_line(
        con, second, dt.date(2026, 1, 1), "direct_labor.base_pay", "CS-FRONT", 999_999, "test", "财务"
    )
    con.execute("UPDATE budgets SET status = 'draft', locked = FALSE WHERE budget_id = ?", [first])
    totals = budget.versions(con, 2026).set_index("budget_id")["total"]
    con.close()
    assert totals[second] != totals[first]
    out = tmp_path / "budget.csv"
    assert cli.main(["export", "budget", "--db", str(demo_copy), "--year", "2026", "--out", str(out)]) == 0
    assert "budget 2026 v2 (draft) written" in capsys.readouterr().out
    frame = pd.read_csv(out, encoding="utf-8-sig", dtype={"amount": str})
    assert sum(Decimal(a) for a in frame["amount"]) == totals[second]


def test_export_variance_refuses_a_year_without_a_closed_month(demo_copy, tmp_path, capsys):
    """A 2027 budget while the data runs to 2026-10-31: nothing to compare, so no header-only file."""
    con = store.connect(demo_copy)
    with store.write_transaction(con) as cur:
        next_year = budget.insert_header(cur, 2027, "2027 v1", 1, None, None, 0.1, "财务")
        cur.execute(
            "INSERT INTO budget_lines (budget_id, month, taxonomy_code, cost_center, amount, note)"
            " SELECT ?, month + INTERVAL 1 YEAR, taxonomy_code, cost_center, amount, note FROM budget_lines"
            " WHERE budget_id = ?",
            [next_year, budget.approved_budget_id(con, 2026)],
        )
    con.close()
    out = tmp_path / "variance.csv"
    assert cli.main(["export", "variance", "--db", str(demo_copy), "--year", "2027", "--out", str(out)]) == 1
    assert "no month of 2027 is closed yet: the data runs to 2026-10-31" in capsys.readouterr().err
    assert not out.exists()
