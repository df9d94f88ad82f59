"""`python -m analytics export` and `evaluate`: the files finance and the review meeting take away.

Each test works on a private copy of the demo database: the CLI opens it read-only, which DuckDB refuses in a
process that already holds the session copy read-write (an AppTest or a demo_con fixture).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from analytics import budget, cli, exports, store
from ui.i18n import CATALOGS

EN = CATALOGS["en"]
ZH = CATALOGS["zh"]


def test_export_forecast_covers_the_rest_of_the_year_per_channel(demo_copy, tmp_path, capsys):
    out = tmp_path / "forecast.csv"
    args = ["export", "forecast", "--db", str(demo_copy), "--year", "2026", "--out", str(out), "--lang", "en"]
    assert cli.main(args) == 0
    assert "written" in capsys.readouterr().out
    date, channel = EN["forecast.export.date"], EN["forecast.export.channel"]
    frame = pd.read_csv(out, encoding="utf-8-sig", parse_dates=[date])
    assert frame[date].min() == pd.Timestamp("2026-11-01") and frame[date].max() == pd.Timestamp("2026-12-31")
    assert {EN[f"forecast.export.{band}"] for band in ("forecast", "lo80", "hi80", "lo95", "hi95")} <= set(
        frame.columns
    )
    per_day = frame.groupby([date, channel]).size()
    assert (per_day == 1).all() and frame[channel].nunique() >= 5
    assert EN["channel.phone"] in set(frame[channel])


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
    amount = header.index(ZH["budget.col.amount"])  # Chinese headers by default, as the page's download
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
    assert Decimal(str(round(frame[ZH["budget.col.amount"]].sum(), 2))) == planned


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_spend_and_budget_files_share_their_columns_to_match_in_a_spreadsheet(demo_copy, tmp_path, lang):
    """Finance lays the year's spend next to its budget: same headers, same category codes and cost centers."""
    for what in ("costs", "budget"):
        args = [
            "export",
            what,
            "--db",
            str(demo_copy),
            "--year",
            "2026",
            "--out",
            str(tmp_path / f"{what}.csv"),
        ]
        assert cli.main([*args, "--lang", lang]) == 0
    spend = pd.read_csv(tmp_path / "costs.csv", encoding="utf-8-sig")
    planned = pd.read_csv(tmp_path / "budget.csv", encoding="utf-8-sig")
    text = CATALOGS[lang]
    shared = [text[f"budget.col.{c}"] for c in ("month", "level1", "level2", "code", "cost_center", "amount")]
    assert list(spend.columns) == shared
    assert list(planned.columns) == [*shared, text["budget.col.note"]]
    key = [text["budget.col.month"], text["budget.col.code"], text["budget.col.cost_center"]]
    matched = spend.merge(planned, on=key, suffixes=("_spent", "_planned"))
    assert len(matched) > 0.8 * len(spend)  # most spend lines have a budget line of the same code and center
    same_code = (
        matched[f"{text['budget.col.level2']}_spent"] == matched[f"{text['budget.col.level2']}_planned"]
    )
    assert same_code.all()  # and the same label
    con = store.connect(demo_copy)
    codes = {r[0] for r in con.execute("SELECT code FROM cost_taxonomy").fetchall()}
    con.close()
    assert set(spend[text["budget.col.code"]]) <= codes


def test_export_variance_has_budget_actual_and_variance(demo_copy, tmp_path):
    out = tmp_path / "variance.xlsx"
    args = ["export", "variance", "--db", str(demo_copy), "--year", "2026", "--out", str(out), "--lang", "en"]
    assert cli.main(args) == 0
    frame = pd.read_excel(out)
    budget_, actual, variance = (EN[f"variance.col.{name}"] for name in ("budget", "actual", "variance"))
    rows, total = frame.iloc[:-1], frame.iloc[-1]
    assert len(rows) > 1 and rows[actual].notna().all()  # closed months only: each has an actual
    # the totals row compares like with like: its variance is its actual minus its budget
    assert total[variance] == pytest.approx(total[actual] - total[budget_], abs=0.01)
    assert set(rows[EN["variance.col.status"]]) <= {
        EN[f"variance.status.{s}"] for s in ("green", "amber", "red", "under")
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_evaluate_prints_the_four_scores_and_writes_the_report(demo_copy, tmp_path, capsys, lang):
    out = tmp_path / f"review_{lang}.html"
    code = cli.main(
        ["evaluate", "--db", str(demo_copy), "--quarter", "2026Q3", "--out", str(out), "--lang", lang]
    )
    assert code == 0
    printed = capsys.readouterr().out
    for dimension in ("cost", "quality", "strategy", "flexibility"):
        assert CATALOGS[lang][f"eval.dim.{dimension}"] in printed
    html = out.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "<script src=" not in html


def _page_scorecard(db, quarter: str, lang: str, fmt: str) -> bytes:
    """The scorecard the evaluation page offers for download, under the declared strategy (the page's default),
    built by the page's own cached function on a cursor of `db`."""
    from analytics import evaluation
    from ui import data
    from ui import evaluation as ui_evaluation

    con = store.connect(db)
    try:
        version, strategy = store.data_version(con), evaluation.scorecard(con, quarter).strategy
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(data, "cursor", con.cursor)
            build = ui_evaluation.scorecard_csv if fmt == "csv" else ui_evaluation.scorecard_xlsx
            return build(version, quarter, strategy, lang)
    finally:
        con.close()


@pytest.mark.parametrize(("fmt", "lang"), [("csv", "en"), ("xlsx", "zh")])
def test_evaluate_writes_the_scorecard_the_page_downloads(demo_copy, tmp_path, capsys, fmt, lang):
    """`--out` wrote only the HTML report: finance, who keeps the scores in a workbook, had to open the page."""
    out = tmp_path / f"scorecard.{fmt}"
    args = ["evaluate", "--db", str(demo_copy), "--quarter", "2026Q3", "--out", str(out), "--lang", lang]
    assert cli.main(args) == 0
    assert f"scorecard written to {out}" in capsys.readouterr().out
    page = _page_scorecard(demo_copy, "2026Q3", lang, fmt)
    if fmt == "csv":
        assert out.read_bytes() == page
        return
    ours, theirs = openpyxl.load_workbook(out).active, openpyxl.load_workbook(io.BytesIO(page)).active
    cells = [[(c.value, c.number_format) for c in row] for row in ours.iter_rows()]
    assert cells == [[(c.value, c.number_format) for c in row] for row in theirs.iter_rows()]
    assert ours.title == ZH["eval.xlsx.sheet"] and cells[0][1][0] == ZH["eval.col.metric"]
    value_formats = {
        row[3][1] for row in cells[1:]
    }  # each metric in its unit: shares as %, yuan with decimals
    assert {"0.0%", "#,##0.00"} <= value_formats


def test_evaluate_refuses_an_out_file_it_cannot_write_before_any_work(demo_copy, tmp_path, capsys):
    out = tmp_path / "scorecard.xls"
    assert cli.main(["evaluate", "--db", str(demo_copy), "--quarter", "2026Q3", "--out", str(out)]) == 1
    assert "the file must end in .html, .csv or .xlsx" in capsys.readouterr().err
    assert not out.exists()


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
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_export_writes_months_the_same_way(demo_copy, tmp_path, what, lang):
    out = tmp_path / f"{what}.xlsx"
    args = ["export", what, "--db", str(demo_copy), "--year", "2026", "--out", str(out), "--lang", lang]
    assert cli.main(args) == 0
    sheet = openpyxl.load_workbook(out).active
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    text = CATALOGS[lang]
    month = text[
        "budget.col.month" if what == "costs" else f"{what}.col.month"
    ]  # costs: the budget's columns
    months = {row[header.index(month)] for row in rows[:-1]}
    assert months and all(isinstance(m, str) and len(m) == 7 and m.startswith("2026-") for m in months)
    assert text[f"{what}.col.total"] in rows[-1]  # the totals row speaks the headers' language


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
    amount = ZH["budget.col.amount"]
    frame = pd.read_csv(out, encoding="utf-8-sig", dtype={amount: str})
    assert sum(Decimal(a) for a in frame[amount]) == totals[second]


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


def _page_download(db, what: str, lang: str, fmt: str) -> bytes:
    """The bytes the page's download button offers for the 2026 table, built by the page's own cached function
    on a cursor of `db`, in `lang`."""
    from analytics import overview
    from ui import budget as ui_budget
    from ui import budget_variance, data
    from ui import cost_structure as ui_costs
    from ui import forecast as ui_forecast
    from ui.i18n import speaking

    con = store.connect(db)
    try:
        version, as_of = store.data_version(con), overview.data_as_of(con)
        budget_id = budget.approved_budget_id(con, 2026)
        with pytest.MonkeyPatch.context() as patch, speaking(lang):
            patch.setattr(data, "cursor", con.cursor)
            patch.setattr(ui_forecast, "cursor", con.cursor)  # imported by name there
            built = {
                "budget": lambda: (ui_budget.csv_download if fmt == "csv" else ui_budget.xlsx_download)(
                    budget_id, version, lang
                ),
                "variance": lambda: budget_variance.export_bytes(
                    budget_id, as_of, budget_variance._ALL, False, lang, fmt, version
                ),
                "costs": lambda: ui_costs.export_bytes(
                    version, "structure", dt.date(2026, 1, 1), dt.date(2026, 12, 1), lang, fmt
                ),
                "forecast": lambda: ui_forecast.export_file(
                    version, (dt.date(2026, 12, 31) - as_of).days, lang, "daily", fmt
                ),
            }[what]()
    finally:
        con.close()
    return built


@pytest.mark.parametrize(
    ("what", "lang"), [("budget", "zh"), ("variance", "en"), ("costs", "zh"), ("forecast", "en")]
)
def test_an_export_is_the_pages_download_byte_for_byte(demo_copy, tmp_path, what, lang):
    """The CLI wrote code headers and codes (level1 direct_labor, status green, channel phone) where the page's
    download says 直接人工 / Direct labor, 正常 / On track, 电话 / Phone: finance got two files for one table."""
    out = tmp_path / f"{what}.csv"
    args = ["export", what, "--db", str(demo_copy), "--year", "2026", "--out", str(out), "--lang", lang]
    assert cli.main(args) == 0
    assert out.read_bytes() == _page_download(demo_copy, what, lang, "csv")


@pytest.mark.parametrize(
    ("what", "sheets"),
    [
        ("variance", ["variance.export.sheet"]),
        ("forecast", ["forecast.title"]),
        ("budget", ["budget.title", "budget.log.title"]),  # the lines, then who approved them and when
    ],
)
def test_an_xlsx_export_has_the_pages_sheets_headers_totals_and_formats(demo_copy, tmp_path, what, sheets):
    out = tmp_path / f"{what}.xlsx"
    args = ["export", what, "--db", str(demo_copy), "--year", "2026", "--out", str(out), "--lang", "zh"]
    assert cli.main(args) == 0
    ours = openpyxl.load_workbook(out).worksheets
    page = openpyxl.load_workbook(io.BytesIO(_page_download(demo_copy, what, "zh", "xlsx"))).worksheets
    assert [s.title for s in ours] == [s.title for s in page] == [ZH[key] for key in sheets]
    for our_sheet, page_sheet in zip(ours, page, strict=True):
        cells = [[(c.value, c.number_format) for c in row] for row in our_sheet.iter_rows()]
        assert cells == [[(c.value, c.number_format) for c in row] for row in page_sheet.iter_rows()]
    if what == "budget":
        log = [[c.value for c in row] for row in ours[1].iter_rows()]
        assert log[0][:3] == [ZH["budget.log.when"], ZH["budget.log.action"], ZH["budget.log.actor"]]
        assert log[-1][1:3] == [ZH["budget.action.approve"], "赵总"]  # the demo's 2026 budget, approved


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_evaluate_prints_the_names_values_and_units_the_page_shows(demo_copy, capsys, lang):
    """It printed codes (cost.budget_adherence, green) and no value: now the page's names, values and targets."""
    from analytics import evaluation
    from ui.evaluation_text import dimension_name, metric_rows, score_text, status_name

    assert cli.main(["evaluate", "--db", str(demo_copy), "--quarter", "2026Q3", "--lang", lang]) == 0
    lines = capsys.readouterr().out.splitlines()
    con = store.connect(demo_copy)
    card = evaluation.scorecard(con, "2026Q3")
    con.close()
    assert lines[0].startswith("2026Q3") and CATALOGS[lang][f"eval.strategy.{card.strategy}"] in lines[0]
    printed = "\n".join(lines)
    assert "cost.budget_adherence" not in printed and "green" not in printed
    for dimension in card.dimensions:
        line = next(line for line in lines if line.startswith(dimension_name(dimension.key, lang)))
        assert line.split()[-1] == score_text(dimension.score)
    for row in metric_rows(card, lang):
        line = next(line for line in lines if line.startswith("  " + row["metric"]))
        assert row["value"] in line and row["target"] in line and row["score"] in line
        assert line.endswith(status_name(row["status"], lang))
    assert any(row["value"].startswith("¥") for row in metric_rows(card, lang))  # money as on the page


def test_export_of_a_year_without_a_budget_names_the_years_that_have_one(demo_copy, tmp_path, capsys):
    out = tmp_path / "budget.csv"
    assert cli.main(["export", "budget", "--db", str(demo_copy), "--year", "2027", "--out", str(out)]) == 1
    assert capsys.readouterr().err == "error: no budget for 2027; budgets exist for 2026\n"
    assert not out.exists()
