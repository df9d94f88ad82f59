"""Costs under the one agreed definition (统计口径).

Every imported cost row maps to one taxonomy leaf through `cost_category_map`. The map also says whether a
source category counts in the agreed definition: finance's ledger is the book of record, and an ops item that
finance books too is kept for reconciliation but not counted twice.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

_AGREED_SQL = """
    SELECT e.period, m.taxonomy_code, t.level1, t.level2, e.cost_center, e.channel, e.source,
           e.source_category, e.amount
    FROM cost_entries e
    JOIN cost_category_map m ON m.source_system = e.source AND m.source_category = e.source_category
    JOIN cost_taxonomy t ON t.code = m.taxonomy_code
    WHERE m.counted AND e.period BETWEEN ? AND ?
"""


def agreed_costs(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Cost rows counted in the agreed definition for periods (month starts) from start to end, inclusive.

    Columns: period, taxonomy_code, level1, level2, cost_center, channel, source, source_category, amount
    (float64: DuckDB hands DECIMAL(18,2) to pandas as doubles, so exact totals round each sum to the cent).
    """
    return con.execute(_AGREED_SQL, [start, end]).df()


def monthly_spend(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Agreed-definition spend per month: month, amount (summed in SQL, exact to the cent)."""
    return con.execute(
        f"SELECT period AS month, sum(amount) AS amount FROM ({_AGREED_SQL}) GROUP BY period ORDER BY period",
        [start, end],
    ).df()


def spend_by_level1(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Agreed-definition spend per level-1 taxonomy category: level1, amount (summed in SQL, exact to the cent)."""
    return con.execute(
        f"SELECT level1, sum(amount) AS amount FROM ({_AGREED_SQL}) GROUP BY level1 ORDER BY level1",
        [start, end],
    ).df()


def ledger_span(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date] | None:
    """First and last month (month starts) with counted spend, or None before any cost ledger is imported."""
    first, last = con.execute(
        f"SELECT min(period), max(period) FROM ({_AGREED_SQL})", [dt.date.min, dt.date.max]
    ).fetchone()
    return None if first is None else (first, last)
