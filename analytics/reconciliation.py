"""统计口径 reconciliation: finance's and ops' definitions of customer-service cost, and the bridge between them.

Finance's ledger and ops' sheet both report "客服成本" but include different things. The bridge walks from
finance's total to ops' total item by item, in exact cents, so that finance total + Σ items = ops total:

- finance_only: categories finance books and ops leaves out (employer social insurance, rent, depreciation, ...);
  the item is −(finance amount);
- ops_only: categories ops pays outside finance's ledger (temp agency, part-time, complaint goodwill, ...);
  the item is +(ops amount);
- both: the same cost booked by both, possibly split differently or at a different amount (an estimate, or a
  purchase expensed by ops that finance depreciates); the item is ops amount − finance amount.

Which source systems are finance's ledger and which ops' sheet is the team's choice (`set_sides`, kept in
settings): one or more a side (a finance team that changed ledger systems within the year names both), none
while a side is not picked yet. Until a choice is made, the names the demo uses (finance_ledger, ops_sheet).
Costs from any other source system are items of their own ("other"), outside both totals.

Which ops category is finance's counterpart comes from `COUNTERPARTS` (ops category → finance categories and
the reason they differ); an ops category not listed that the agreed definition does not count is paired with
finance's category of the same name, else of the same taxonomy leaf. Each item also carries the part of it the
agreed definition (`cost_category_map.counted`) includes, so the agreed total is Σ agreed amounts.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import duckdb
import numpy as np
import pandas as pd

from analytics import demo, store

FINANCE_SOURCE = demo.FINANCE
OPS_SOURCE = demo.OPS
SIDES = ("finance", "ops")
_SIDE_SETTINGS = {"finance": "recon_finance_source", "ops": "recon_ops_source"}
_SIDE_DEFAULTS = {"finance": FINANCE_SOURCE, "ops": OPS_SOURCE}

COUNTERPARTS: dict[str, tuple[tuple[str, ...], str]] = {
    "坐席薪资": (("工资-一线坐席", "绩效奖金", "加班费"), "estimate"),
    "班组长薪资": (("工资-班组长",), "differs"),
    "支持岗薪资": (("工资-质检", "工资-培训师", "工资-排班"), "differs"),
    "外包坐席费": (("外包服务费",), "split"),
    "大促加价": (("外包服务费",), "split"),
    "系统账号费": (("软件服务费",), "differs"),
    "培训费": (("外部培训费",), "differs"),
    "电脑采购": (("折旧费-电脑",), "timing"),
}
"""Ops category → (finance categories that book the same cost, why the amounts may differ)."""

EXPLANATIONS = (
    "finance_only",
    "finance_only_uncounted",
    "ops_only",
    "ops_only_uncounted",
    "same",
    "split",
    "estimate",
    "timing",
    "differs",
    "other_source",
)
"""Explanation keys of bridge items (the UI words them)."""

SOURCE_KINDS = ("finance_only", "both", "ops_only", "other")

_ITEM_COLUMNS = [
    "item",
    "source",
    "taxonomy_code",
    "level1",
    "cost_centers",
    "finance_categories",
    "ops_categories",
    "finance_amount",
    "ops_amount",
    "agreed_amount",
    "amount",
    "explanation",
]


@dataclass(frozen=True)
class Bridge:
    """Finance total, ops total and agreed total (Decimal, exact) and the items from finance to ops.

    items: item, source (finance_only / both / ops_only / other), taxonomy_code (leaves, comma-separated),
    level1, cost_centers, finance_categories, ops_categories, finance_amount, ops_amount, agreed_amount,
    amount (= ops − finance, Decimal), explanation (a key of EXPLANATIONS).
    """

    finance_total: Decimal
    ops_total: Decimal
    agreed_total: Decimal
    items: pd.DataFrame
    finance_sources: tuple[str, ...] = (FINANCE_SOURCE,)
    ops_sources: tuple[str, ...] = (OPS_SOURCE,)

    @property
    def gap(self) -> Decimal:
        """Ops total − finance total: what the items explain."""
        return self.ops_total - self.finance_total


def cost_sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The source systems the cost ledger holds rows from, in name order."""
    return [
        row[0] for row in con.execute("SELECT DISTINCT source FROM cost_entries ORDER BY source").fetchall()
    ]


def sides(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, ...]]:
    """The source systems read as finance's ledger and those read as ops' sheet: {'finance': (...), 'ops': (...)}."""
    return {side: _stored_systems(con, side) for side in SIDES}


def _stored_systems(con: duckdb.DuckDBPyConnection, side: str) -> tuple[str, ...]:
    """A side's systems as stored: a JSON list, or one name (as stored before a side could have more)."""
    value = store.get_setting(con, _SIDE_SETTINGS[side])
    if value is None:
        return (_SIDE_DEFAULTS[side],)
    try:
        systems = json.loads(value)
    except ValueError:
        return (value,)
    return tuple(systems) if isinstance(systems, list) else (value,)


def set_sides(con: duckdb.DuckDBPyConnection, finance: Sequence[str], ops: Sequence[str]) -> None:
    """Read the `finance` source systems as finance's ledger and the `ops` ones as ops' sheet from now on (a side
    may have none: it is not picked yet); bumps the data version. One source system cannot be on both sides."""
    chosen = {"finance": _names(finance), "ops": _names(ops)}
    both = set(chosen["finance"]) & set(chosen["ops"])
    if both:
        raise ValueError(
            f"a source system is either finance's ledger or ops' sheet, not both: {sorted(both)}"
        )
    with store.write_transaction(con) as cur:
        for side, systems in chosen.items():
            store.set_setting(cur, _SIDE_SETTINGS[side], json.dumps(systems, ensure_ascii=False))
        store.bump_data_version(cur)


def _names(systems: Iterable[str]) -> list[str]:
    """Source system names without blanks or repeats, in the order given."""
    return list(dict.fromkeys(name.strip() for name in systems if name and name.strip()))


def _money(cents: int | np.integer) -> Decimal:
    return (Decimal(int(cents)) / 100).quantize(Decimal("0.01"))


def scope(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    """What each source includes for months start..end: source, source_category, taxonomy_code, level1,
    cost_center, counted (in the agreed definition), cents (int), amount (Decimal)."""
    rows = con.execute(
        """SELECT e.source, e.source_category, coalesce(m.taxonomy_code, e.taxonomy_code) AS taxonomy_code,
                  t.level1, coalesce(t.sort_order, 999) AS sort_order, e.cost_center,
                  coalesce(m.counted, FALSE) AS counted, sum(e.amount)::DOUBLE AS amount
           FROM cost_entries e
           LEFT JOIN cost_category_map m ON m.source_system = e.source AND m.source_category = e.source_category
           LEFT JOIN cost_taxonomy t ON t.code = coalesce(m.taxonomy_code, e.taxonomy_code)
           WHERE e.period BETWEEN ? AND ?
           GROUP BY ALL ORDER BY e.source, sort_order, e.source_category, e.cost_center""",
        [start, end],
    ).df()
    rows["cents"] = np.round(rows["amount"].to_numpy(dtype=float) * 100).astype(np.int64)
    rows["amount"] = rows["cents"].map(_money)
    return rows


def _groups(
    categories: pd.DataFrame, finance_sources: tuple[str, ...], ops_sources: tuple[str, ...]
) -> dict[tuple[str, str], tuple[str, str]]:
    """Union the paired categories: (source, category) → group root, and each root's explanation."""
    parent = {node: node for node in zip(categories["source"], categories["source_category"], strict=True)}
    reason: dict[tuple[str, str], str] = {}

    def root(node):
        while parent[node] != node:
            node = parent[node]
        return node

    finance = categories[categories["source"].isin(finance_sources)]
    ops = categories[categories["source"].isin(ops_sources) & ~categories["counted"]]
    for row in ops.itertuples(index=False):
        listed = COUNTERPARTS.get(row.source_category)
        partners = [(s, c) for s in finance_sources for c in listed[0] if (s, c) in parent] if listed else []
        if partners:
            why = listed[1]
        else:
            same_name = finance[finance["source_category"] == row.source_category]
            same_leaf = finance[finance["taxonomy_code"] == row.taxonomy_code]
            matched = same_name if len(same_name) else same_leaf
            partners, why = list(zip(matched["source"], matched["source_category"], strict=True)), "differs"
        node = (row.source, row.source_category)
        reason[root(node)] = _combine(reason.get(root(node)), why)
        for partner in partners:
            a, b = root(node), root(partner)
            if a != b:
                parent[b] = a
                reason[a] = _combine(reason.get(a), reason.pop(b, None))
    return {node: (root(node), reason.get(root(node), "")) for node in parent}


def _combine(first: str | None, second: str | None) -> str | None:
    """The reason of a merged group: the one reason both share, else 'differs'."""
    if first is None or second is None:
        return first or second
    return first if first == second else "differs"


def _explanation(source: str, finance: int, ops: int, counted_ops: bool, counted_fin: bool, why: str) -> str:
    if source == "finance_only":
        return "finance_only" if counted_fin else "finance_only_uncounted"
    if source == "ops_only":
        return "ops_only" if counted_ops else "ops_only_uncounted"
    if source == "other":
        return "other_source"
    if finance == ops:
        return "split" if why == "split" else "same"
    return why or "differs"


def bridge(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> Bridge:
    """Finance's and ops' totals for months start..end, the agreed total, and the items that explain the gap
    (finance total + Σ amount = ops total, to the cent). Items of the same kind, taxonomy leaves and reason are
    one item (e.g. 社会保险费 and 住房公积金 both finance-only social insurance). Finance's ledger and ops'
    sheet are the source systems `sides` names."""
    chosen = sides(con)
    finance_sources, ops_sources = chosen["finance"], chosen["ops"]
    rows = scope(con, start, end)
    categories = rows.groupby(["source", "source_category"], as_index=False).agg(
        taxonomy_code=("taxonomy_code", "first"), counted=("counted", "all")
    )
    groups = _groups(categories, finance_sources, ops_sources)
    rows["group"] = [groups[(s, c)][0] for s, c in zip(rows["source"], rows["source_category"], strict=True)]
    items = []
    for _, part in rows.groupby("group", sort=False):
        fin = part[part["source"].isin(finance_sources)]
        ops = part[part["source"].isin(ops_sources)]
        other = part[~part["source"].isin(finance_sources + ops_sources)]
        if len(fin) and len(ops):
            source = "both"
        elif len(fin):
            source = "finance_only"
        elif len(ops):
            source = "ops_only"
        else:
            source = "other"
        fin_cents, ops_cents = int(fin["cents"].sum()), int(ops["cents"].sum())
        codes = part.sort_values("sort_order").drop_duplicates("taxonomy_code")
        explanation = _explanation(
            source,
            fin_cents,
            ops_cents,
            bool(ops["counted"].any()),
            bool(fin["counted"].any()),
            groups[part["group"].iloc[0]][1],
        )
        items.append(
            {
                "source": source,
                "taxonomy_code": ", ".join(str(c) for c in codes["taxonomy_code"]),
                "level1": codes["level1"].iloc[0],
                "sort_order": int(codes["sort_order"].iloc[0]),
                "cost_centers": ", ".join(sorted(part["cost_center"].unique())),
                "finance_categories": " + ".join(dict.fromkeys(fin["source_category"])),
                "ops_categories": " + ".join(dict.fromkeys(ops["source_category"])),
                "other_categories": " + ".join(dict.fromkeys(other["source_category"])),
                "finance_cents": fin_cents,
                "ops_cents": ops_cents,
                "agreed_cents": int(part.loc[part["counted"], "cents"].sum()),
                "explanation": explanation,
            }
        )
    frame = pd.DataFrame(items)
    if frame.empty:
        zero = Decimal("0.00")
        return Bridge(zero, zero, zero, pd.DataFrame(columns=_ITEM_COLUMNS), finance_sources, ops_sources)
    merged = frame.groupby(["source", "taxonomy_code", "explanation"], as_index=False, sort=False).agg(
        level1=("level1", "first"),
        sort_order=("sort_order", "min"),
        cost_centers=("cost_centers", lambda s: ", ".join(sorted({c for v in s for c in v.split(", ")}))),
        finance_categories=("finance_categories", _joined),
        ops_categories=("ops_categories", _joined),
        other_categories=("other_categories", _joined),
        finance_cents=("finance_cents", "sum"),
        ops_cents=("ops_cents", "sum"),
        agreed_cents=("agreed_cents", "sum"),
    )
    merged["amount_cents"] = merged["ops_cents"] - merged["finance_cents"]
    merged["kind_order"] = merged["source"].map({k: i for i, k in enumerate(SOURCE_KINDS)})
    merged = merged.sort_values(["kind_order", "sort_order", "taxonomy_code"]).reset_index(drop=True)
    merged["item"] = [
        " | ".join(part for part in (f, o, x) if part)
        for f, o, x in zip(
            merged["finance_categories"], merged["ops_categories"], merged["other_categories"], strict=True
        )
    ]
    for column in ("finance", "ops", "agreed"):
        merged[f"{column}_amount"] = merged[f"{column}_cents"].map(_money)
    merged["amount"] = merged["amount_cents"].map(_money)
    return Bridge(
        finance_total=_money(merged["finance_cents"].sum()),
        ops_total=_money(merged["ops_cents"].sum()),
        agreed_total=_money(merged["agreed_cents"].sum()),
        items=merged[_ITEM_COLUMNS],
        finance_sources=finance_sources,
        ops_sources=ops_sources,
    )


def _joined(lists: Iterable[str]) -> str:
    """Category lists ("a + b") of the groups merged into one item as one list, each name once (two finance
    systems may both book 工资)."""
    return " + ".join(dict.fromkeys(name for names in lists if names for name in names.split(" + ")))
