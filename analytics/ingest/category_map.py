"""Editing the cost category map: which taxonomy leaf each source system's own category names feed, and whether
they count in the agreed definition (统计口径).

The map is live: `costs.agreed_costs` joins it at query time, so saving an edit changes reported costs at once.
Every save runs in one write transaction and bumps the data version, so cached reads refresh.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import store

MAP_COLUMNS = ["source_category", "taxonomy_code", "counted", "note"]


@dataclass(frozen=True)
class CategoryMapping:
    """One source category mapped to one taxonomy leaf."""

    source_category: str
    taxonomy_code: str
    counted: bool = True
    note: str | None = None


def taxonomy_leaves(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The taxonomy leaves in display order: code, level1, level2 (the standard one if the table is empty)."""
    leaves = con.execute("SELECT code, level1, level2 FROM cost_taxonomy ORDER BY sort_order, code").df()
    if leaves.empty:
        leaves = (
            store.load_taxonomy()
            .sort_values("sort_order")[["code", "level1", "level2"]]
            .reset_index(drop=True)
        )
    return leaves


def source_systems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Source systems that have a category map or imported cost rows, sorted."""
    rows = con.execute(
        "SELECT source_system FROM cost_category_map UNION SELECT source FROM cost_entries ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def category_map(con: duckdb.DuckDBPyConnection, source_system: str) -> pd.DataFrame:
    """The map of one source system: source_category, taxonomy_code, counted, note, sorted by category."""
    return con.execute(
        "SELECT source_category, taxonomy_code, counted, note FROM cost_category_map WHERE source_system = ?"
        " ORDER BY source_category",
        [source_system],
    ).df()


def unmapped_categories(
    con: duckdb.DuckDBPyConnection, source_system: str, pending: list[str] | tuple[str, ...] = ()
) -> list[str]:
    """Categories of this source with no map row: in its imported cost rows, or pending in a file being imported.

    Names that are taxonomy codes themselves need no map and are left out.
    """
    mapped = {c for (c,) in con.execute(
        "SELECT source_category FROM cost_category_map WHERE source_system = ?", [source_system]
    ).fetchall()}  # fmt: skip
    codes = set(taxonomy_leaves(con)["code"])
    imported = {c for (c,) in con.execute(
        "SELECT DISTINCT source_category FROM cost_entries WHERE source = ?", [source_system]
    ).fetchall()}  # fmt: skip
    return sorted((imported | set(pending)) - mapped - codes)


def save_category_map(
    con: duckdb.DuckDBPyConnection, source_system: str, mappings: list[CategoryMapping], wait: bool = False
) -> int:
    """Insert or update these mappings for a source system in one transaction; returns how many were saved.

    Raises ValueError for an empty source system or category, or a code that is not a taxonomy leaf (nothing is
    written then), and store.WriteBusyError while another write runs (wait=False).
    """
    source_system = (source_system or "").strip()
    if not source_system:
        raise ValueError("a source system is needed")
    codes = set(taxonomy_leaves(con)["code"])
    cleaned = []
    for m in mappings:
        category = (m.source_category or "").strip()
        if not category:
            raise ValueError("a source category is needed")
        if m.taxonomy_code not in codes:
            raise ValueError(f"{m.taxonomy_code!r} is not a taxonomy leaf")
        note = (m.note or "").strip() or None
        cleaned.append([source_system, category, m.taxonomy_code, bool(m.counted), note])
    if not cleaned:
        return 0
    with store.write_transaction(con, wait=wait) as cur:
        if cur.execute("SELECT count(*) FROM cost_taxonomy").fetchone()[0] == 0:
            store.insert_frame(cur, "cost_taxonomy", store.load_taxonomy())
        cur.executemany(
            "INSERT INTO cost_category_map VALUES (?, ?, ?, ?, ?) ON CONFLICT (source_system, source_category)"
            " DO UPDATE SET taxonomy_code = excluded.taxonomy_code, counted = excluded.counted,"
            " note = excluded.note",
            cleaned,
        )
        store.bump_data_version(cur)
    return len(cleaned)
