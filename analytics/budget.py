"""Budgets: versions, their lines, and how spend compares with the approved plan."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

CONTINGENCY_CODE = "contingency.reserve"


def approved_budget_id(con: duckdb.DuckDBPyConnection, year: int) -> int | None:
    """The newest approved budget version for a year, or None when nothing is approved yet."""
    row = con.execute(
        "SELECT budget_id FROM budgets WHERE year = ? AND status = 'approved' ORDER BY version DESC LIMIT 1",
        [year],
    ).fetchone()
    return row[0] if row else None


def budget_by_level1(
    con: duckdb.DuckDBPyConnection, budget_id: int, start: dt.date, end: dt.date
) -> pd.DataFrame:
    """Planned amount per level-1 category for months start..end: level1, amount (Decimal)."""
    return con.execute(
        """SELECT t.level1, sum(b.amount) AS amount
           FROM budget_lines b JOIN cost_taxonomy t ON t.code = b.taxonomy_code
           WHERE b.budget_id = ? AND b.month BETWEEN ? AND ?
           GROUP BY t.level1 ORDER BY t.level1""",
        [budget_id, start, end],
    ).df()
