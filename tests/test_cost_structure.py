"""Cost structure and the 统计口径 reconciliation: every breakdown and allocation sums to the ledger total to the
cent (demo data and a tiny hand-computed ledger), cost per contact, hidden costs, shared-cost drivers, bridge."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from analytics import cost_structure as cs
from analytics import costs, demo, reconciliation, store

JAN, FEB = dt.date(2026, 1, 1), dt.date(2026, 2, 1)
YTD = (dt.date(2026, 1, 1), dt.date(2026, 10, 1))
TICKET_YEAR = (dt.date(2025, 11, 1), dt.date(2026, 10, 1))


def _sql_total(con, start, end, where: str = "TRUE") -> Decimal:
    """The agreed-definition total straight from SQL (DECIMAL arithmetic), the reference for every sum."""
    value = con.execute(
        "SELECT coalesce(sum(e.amount), 0) FROM cost_entries e JOIN cost_category_map m"
        " ON m.source_system = e.source AND m.source_category = e.source_category"
        f" WHERE m.counted AND e.period BETWEEN ? AND ? AND {where}",
        [start, end],
    ).fetchone()[0]
    return Decimal(value).quantize(Decimal("0.01"))


def _source_total(con, start, end, source: str) -> Decimal:
    value = con.execute(
        "SELECT coalesce(sum(amount), 0) FROM cost_entries WHERE source = ? AND period BETWEEN ? AND ?",
        [source, start, end],
    ).fetchone()[0]
    return Decimal(value).quantize(Decimal("0.01"))


# --- a tiny ledger computed by hand ---------------------------------------------------------------------------


@pytest.fixture()
def tiny(empty_con):
    """Two months, two source systems, four tickets, five people (numbers in the tests are worked by hand)."""
    con = empty_con
    fin, ops = demo.FINANCE, demo.OPS
    category_map = pd.DataFrame(
        [
            (fin, "工资", "direct_labor.base_pay", True, None),
            (fin, "房租", "equipment_facilities.office_space", True, None),
            (fin, "IT", "software_technology.maintenance", True, None),
            (ops, "人工", "direct_labor.base_pay", False, "finance books it as 工资"),
            (ops, "投诉赔付", "hidden.complaint_handling", True, None),
        ],
        columns=["source_system", "source_category", "taxonomy_code", "counted", "note"],
    )
    entries = [
        (fin, JAN, "CS-FRONT", "工资", 1000.10),
        (fin, JAN, "CS-MGMT", "房租", 300.00),
        (fin, JAN, "CS-SUPPORT", "IT", 200.05),
        (ops, JAN, "CS-FRONT", "人工", 990.00),
        (ops, JAN, "CS-FRONT", "投诉赔付", 50.00),
        (fin, FEB, "CS-FRONT", "工资", 1000.10),
        (fin, FEB, "CS-MGMT", "房租", 300.00),
        (fin, FEB, "CS-SUPPORT", "IT", 199.95),
        (ops, FEB, "CS-FRONT", "人工", 1010.00),
        (ops, FEB, "CS-FRONT", "投诉赔付", 25.55),
    ]
    ledger = pd.DataFrame(entries, columns=["source", "period", "cost_center", "source_category", "amount"])
    ledger["entry_id"] = [f"E{i}" for i in range(len(ledger))]
    volume = pd.DataFrame(
        [
            ("demo", dt.date(2026, 1, 1), "phone", 100, 100, 360.0),
            ("demo", dt.date(2026, 1, 1), "email", 50, 50, 720.0),
            ("demo", dt.date(2026, 2, 28), "phone", 200, 200, 180.0),
        ],
        columns=["source", "date", "channel", "contacts", "handled", "aht_seconds"],
    )
    tickets = pd.DataFrame(
        [  # id, day of January, channel, category, tier, team, handle seconds, reopened, complaint
            ("T1", 5, "phone", "complaint", "vip", "phone", 600.0, False, True),
            ("T2", 6, "email", "returns", "regular", "backoffice", 1200.0, True, False),
            ("T3", 7, "phone", "returns", "regular", "phone", 1800.0, True, False),
            ("T4", 8, "online", "order_status", "regular", "chat", 3600.0, False, True),
        ],
        columns=[
            "ticket_id",
            "day",
            "channel",
            "category",
            "customer_tier",
            "team",
            "handle_seconds",
            "reopened",
            "complaint",
        ],
    )
    tickets = tickets.assign(
        source="demo", created_at=[dt.datetime(2026, 1, day, 9) for day in tickets.pop("day")]
    )
    staff = pd.DataFrame(
        [
            ("A1", "agent", "full_time", "phone", dt.date(2025, 1, 1), dt.date(2026, 1, 20)),
            ("A2", "agent", "full_time", "chat", dt.date(2025, 6, 1), None),
            ("A3", "agent", "part_time", "backoffice", dt.date(2026, 2, 1), None),
            ("T1", "agent", "temp", "phone", dt.date(2026, 1, 1), dt.date(2026, 2, 15)),
            ("M1", "manager", "full_time", "support", dt.date(2024, 1, 1), None),
        ],
        columns=["staff_id", "role", "employment_type", "team", "hire_date", "leave_date"],
    ).assign(source="demo", monthly_pay=8000.0)
    with store.write_transaction(con) as cur:
        batch = store.new_batch(cur, "test", "test")
        store.insert_frame(cur, "cost_taxonomy", store.load_taxonomy())
        store.insert_frame(cur, "cost_category_map", category_map)
        for table, frame in (
            ("cost_entries", ledger),
            ("daily_volume", volume),
            ("tickets", tickets),
            ("staff", staff),
        ):
            store.insert_frame(cur, table, frame.assign(batch_id=batch))
    return con


def test_tiny_breakdowns_sum_to_the_ledger(tiny):
    total = Decimal("3075.75")  # 2000.20 + 600 + 400.00 (finance) + 75.55 (ops complaint goodwill)
    assert cs.ledger_total(tiny, JAN, FEB) == total
    parts = cs.breakdown(tiny, JAN, FEB)
    assert list(parts["taxonomy_code"]) == [
        "direct_labor.base_pay",
        "equipment_facilities.office_space",
        "software_technology.maintenance",
        "hidden.complaint_handling",
    ]
    assert list(parts["amount"]) == [Decimal(v) for v in ("2000.20", "600.00", "400.00", "75.55")]
    assert sum(parts["amount"]) == total
    assert parts["share"].sum() == pytest.approx(1.0)
    months = cs.monthly_shares(tiny, JAN, FEB)
    jan = months[months["month"] == JAN].set_index("level1")
    assert jan.loc["direct_labor", "amount"] == Decimal("1000.10")
    assert jan.loc["direct_labor", "share"] == pytest.approx(1000.10 / 1550.15)
    assert sum(months["amount"]) == total
    table = cs.structure_table(tiny, JAN, FEB)
    assert sum(table["amount"]) == total
    assert set(table["cost_center"]) == {"CS-FRONT", "CS-MGMT", "CS-SUPPORT"}


def test_tiny_cost_per_contact_by_channel(tiny):
    by_time = cs.cost_per_contact(tiny, JAN, FEB, "channel", "handle_time").set_index("key")
    # phone 20 h, email 10 h, online 1 h (no daily volume: its one ticket of 3,600 s counts): 307,575 cents
    # split 20:10:1 is 198,435.48, 99,217.74 and 9,921.77; the 2 spare cents go to the largest remainders
    assert by_time["allocated"].to_dict() == {
        "phone": Decimal("1984.35"),
        "email": Decimal("992.18"),
        "online": Decimal("99.22"),
    }
    assert by_time.loc["phone", "cost_per_contact"] == Decimal("6.61")  # 1984.35 / 300, half up
    assert by_time.loc["email", "cost_per_contact"] == Decimal("19.84")  # 992.18 / 50, half up
    by_contacts = cs.cost_per_contact(tiny, JAN, FEB, "channel", "contacts").set_index("key")
    # 300:50:1 → 262,884.62, 43,814.10 and 876.28 cents: the spare cent goes to the largest remainder (phone)
    assert by_contacts["allocated"].to_dict() == {
        "phone": Decimal("2628.85"),
        "email": Decimal("438.14"),
        "online": Decimal("8.76"),
    }
    assert by_contacts["basis_share"].sum() == pytest.approx(1.0)


def test_tiny_cost_per_contact_by_category_uses_the_months_tickets_cover(tiny):
    # tickets exist in January only: January's spend 1,550.15 is what gets allocated
    assert cs.basis_months(tiny, JAN, FEB, "category") == (JAN, JAN)
    by_time = cs.cost_per_contact(tiny, JAN, FEB, "category", "handle_time").set_index("key")
    assert by_time["allocated"].to_dict() == {
        "order_status": Decimal("775.07"),
        "returns": Decimal("645.90"),
        "complaint": Decimal("129.18"),
    }
    by_contacts = cs.cost_per_contact(tiny, JAN, FEB, "category", "contacts").set_index("key")
    assert by_contacts["allocated"].to_dict() == {
        "returns": Decimal("775.07"),
        "complaint": Decimal("387.54"),
        "order_status": Decimal("387.54"),
    }
    assert by_contacts.loc["returns", "cost_per_contact"] == Decimal("387.54")  # 775.07 / 2, half up
    tiers = cs.cost_per_contact(tiny, JAN, FEB, "tier", "contacts").set_index("key")
    assert tiers.loc["regular", "contacts"] == 3
    assert sum(tiers["allocated"]) == Decimal("1550.15")


def test_tiny_hidden_costs_by_hand(tiny):
    params = cs.HiddenCostParams(
        recruiting_per_leaver=1000,
        training_hours_per_hire=10,
        ramp_hours_per_hire=20,
        ramp_productivity=0.5,
        complaint_hours=0.5,
        rework_hours_per_fte_month=2,
        hourly_cost=50,
    )
    hidden = cs.hidden_costs(tiny, JAN, FEB, params).set_index("item")
    assert list(hidden.index) == list(cs.HIDDEN_ITEMS)
    # one full-time leaver (the temp's contract end is not attrition): 1,000 + 10 h × 50 + 20 h × 0.5 × 50
    assert hidden.loc["attrition", "amount"] == Decimal("2000.00")
    assert hidden.loc["attrition", "basis"].startswith("1 × (1,000.00 + 10 h × 50.00")
    assert hidden.loc["complaint_handling", "amount"] == Decimal("50.00")  # 2 complaints × 0.5 h × 50
    assert hidden.loc["complaint_handling", "booked"] == Decimal("75.55")
    # 2 reopened tickets × (1,200 + 1,800) / 2 s = 1,500 s each × 50 / h
    assert hidden.loc["repeat_contacts", "amount"] == Decimal("41.67")
    # FTE-months: A1 20/31, A2 2, A3 0.5 × 1 (part time), temp 1 + 15/28
    fte = 20 / 31 + 2 + 0.5 + 1 + 15 / 28
    assert hidden.loc["process_inefficiency", "amount"] == Decimal(str(round(2 * fte * 50, 2)))
    assert hidden.loc["repeat_contacts", "booked"] == Decimal("0.00")


def test_hidden_cost_parameters_refuse_nonsense():
    with pytest.raises(ValueError):
        cs.HiddenCostParams(complaint_hours=-1)
    with pytest.raises(ValueError):
        cs.HiddenCostParams(ramp_productivity=1.5)
    with pytest.raises(ValueError):
        cs.HiddenCostParams(hourly_cost=-10)


def test_tiny_shared_costs_follow_the_driver(tiny):
    assert cs.shared_total(tiny, JAN, FEB) == Decimal("1000.00")  # rent (CS-MGMT) + IT (CS-SUPPORT)
    tickets = cs.allocate_shared(tiny, JAN, FEB, "tickets")
    by_team = tickets.groupby("team")["allocated"].sum()
    assert by_team.to_dict() == {
        "backoffice": Decimal("250.00"),
        "chat": Decimal("250.00"),
        "phone": Decimal("500.00"),
    }
    time = cs.allocate_shared(tiny, JAN, FEB, "handle_time")
    it = time[time["cost_center"] == "CS-SUPPORT"].set_index("team")["allocated"]
    # 400.00 by 1,200 : 3,600 : 2,400 s → 66.666.., 200, 133.333..: the spare cent to backoffice
    assert it.to_dict() == {
        "backoffice": Decimal("66.67"),
        "chat": Decimal("200.00"),
        "phone": Decimal("133.33"),
    }
    heads = cs.allocate_shared(tiny, JAN, FEB, "headcount")
    assert sum(heads["allocated"]) == Decimal("1000.00")
    fte = {"phone": 20 / 31 + 1 + 15 / 28, "chat": 2.0, "backoffice": 0.5}
    rent = heads[heads["cost_center"] == "CS-MGMT"].set_index("team")
    assert float(rent.loc["chat", "allocated"]) == pytest.approx(600 * 2 / sum(fte.values()), abs=0.01)
    assert rent["share"].sum() == pytest.approx(1.0)


def test_tiny_bridge_by_hand(tiny):
    bridge = reconciliation.bridge(tiny, JAN, FEB)
    assert bridge.finance_total == Decimal("3000.20")
    assert bridge.ops_total == Decimal("2075.55")
    assert bridge.agreed_total == Decimal("3075.75")
    items = bridge.items.set_index("taxonomy_code")
    assert items.loc["equipment_facilities.office_space", "amount"] == Decimal("-600.00")
    assert items.loc["equipment_facilities.office_space", "source"] == "finance_only"
    assert items.loc["software_technology.maintenance", "amount"] == Decimal("-400.00")
    # ops' 人工 is paired with finance's 工资 through the shared taxonomy leaf
    assert items.loc["direct_labor.base_pay", "source"] == "both"
    assert items.loc["direct_labor.base_pay", "amount"] == Decimal("-0.20")
    assert items.loc["direct_labor.base_pay", "ops_categories"] == "人工"
    assert items.loc["hidden.complaint_handling", "amount"] == Decimal("75.55")
    assert items.loc["hidden.complaint_handling", "explanation"] == "ops_only"
    assert bridge.finance_total + sum(bridge.items["amount"]) == bridge.ops_total
    assert sum(bridge.items["agreed_amount"]) == bridge.agreed_total


def test_the_two_sides_are_the_source_systems_the_team_names(tiny):
    """A company's ledger is seldom called finance_ledger: under other names both sides read as other sources
    until the team says which system is finance's ledger and which ops' sheet; then the bridge is the same."""
    expected = reconciliation.bridge(tiny, JAN, FEB)
    for old, new in ((demo.FINANCE, "金蝶K3"), (demo.OPS, "运营周报")):
        tiny.execute("UPDATE cost_entries SET source = ? WHERE source = ?", [new, old])
        tiny.execute("UPDATE cost_category_map SET source_system = ? WHERE source_system = ?", [new, old])
    assert reconciliation.cost_sources(tiny) == sorted(["金蝶K3", "运营周报"])
    unnamed = reconciliation.bridge(tiny, JAN, FEB)
    assert unnamed.finance_total == unnamed.ops_total == Decimal("0.00")
    assert set(unnamed.items["source"]) == {"other"}
    assert unnamed.agreed_total == expected.agreed_total
    reconciliation.set_sides(tiny, ["金蝶K3"], ["运营周报"])
    assert reconciliation.sides(tiny) == {"finance": ("金蝶K3",), "ops": ("运营周报",)}
    named = reconciliation.bridge(tiny, JAN, FEB)
    assert (named.finance_sources, named.ops_sources) == (("金蝶K3",), ("运营周报",))
    assert (named.finance_total, named.ops_total, named.agreed_total) == (
        expected.finance_total,
        expected.ops_total,
        expected.agreed_total,
    )
    pd.testing.assert_frame_equal(named.items, expected.items)


def test_a_ledger_that_changed_systems_within_the_period_is_one_side(tiny):
    """Finance moved its ledger to 金蝶云星空 in February: read as finance's ledger alone, January's system leaves
    February's costs as another source's; with both systems on finance's side the bridge is the one of a
    ledger that never moved (the categories both systems book named once)."""
    expected = reconciliation.bridge(tiny, JAN, FEB)
    tiny.execute(
        "INSERT INTO cost_category_map SELECT '金蝶云星空', source_category, taxonomy_code, counted, note"
        " FROM cost_category_map WHERE source_system = ?",
        [demo.FINANCE],
    )
    tiny.execute(
        "UPDATE cost_entries SET source = '金蝶云星空' WHERE source = ? AND period = ?", [demo.FINANCE, FEB]
    )
    moved = reconciliation.bridge(tiny, JAN, FEB)
    assert moved.finance_total == _source_total(tiny, JAN, JAN, demo.FINANCE)
    assert "other" in set(moved.items["source"])
    reconciliation.set_sides(tiny, [demo.FINANCE, "金蝶云星空", "金蝶云星空 "], [demo.OPS])
    assert reconciliation.sides(tiny) == {"finance": (demo.FINANCE, "金蝶云星空"), "ops": (demo.OPS,)}
    both = reconciliation.bridge(tiny, JAN, FEB)
    assert (both.finance_total, both.ops_total, both.agreed_total) == (
        expected.finance_total,
        expected.ops_total,
        expected.agreed_total,
    )
    pd.testing.assert_frame_equal(both.items, expected.items)


def test_one_source_system_cannot_be_both_sides(tiny):
    with pytest.raises(ValueError):
        reconciliation.set_sides(tiny, [demo.FINANCE], [demo.OPS, demo.FINANCE])
    assert reconciliation.sides(tiny) == {"finance": (demo.FINANCE,), "ops": (demo.OPS,)}


def test_a_side_not_picked_yet_has_no_costs(tiny):
    """A side may be left without a system (it is being picked): its total is 0 and the other side's costs
    stand alone; a side stored as one name, as before a side could have more, still reads."""
    reconciliation.set_sides(tiny, [demo.FINANCE], [])
    assert reconciliation.sides(tiny) == {"finance": (demo.FINANCE,), "ops": ()}
    half = reconciliation.bridge(tiny, JAN, FEB)
    assert half.ops_total == Decimal("0.00")
    assert half.finance_total == _source_total(tiny, JAN, FEB, demo.FINANCE)
    tiny.execute("UPDATE settings SET value = ? WHERE key = 'recon_ops_source'", [demo.OPS])
    assert reconciliation.sides(tiny)["ops"] == (demo.OPS,)


def test_bridge_of_an_empty_ledger(empty_con):
    bridge = reconciliation.bridge(empty_con, JAN, FEB)
    assert bridge.finance_total == bridge.ops_total == bridge.agreed_total == Decimal("0.00")
    assert bridge.items.empty


# --- the demo data -------------------------------------------------------------------------------------------


def test_demo_breakdowns_sum_to_the_ledger_to_the_cent(demo_con):
    start, end = YTD
    total = _sql_total(demo_con, start, end)
    assert cs.ledger_total(demo_con, start, end) == total
    assert sum(cs.breakdown(demo_con, start, end)["amount"]) == total
    assert sum(cs.monthly_shares(demo_con, start, end)["amount"]) == total
    table = cs.structure_table(demo_con, start, end)
    assert sum(table["amount"]) == total
    for center in demo.COST_CENTERS:
        own = sum(table.loc[table["cost_center"] == center, "amount"])
        assert own == _sql_total(demo_con, start, end, f"e.cost_center = '{center}'")
    shares = cs.monthly_shares(demo_con, start, end)
    assert shares.groupby("month")["share"].sum().to_numpy() == pytest.approx(1.0)
    assert len(shares["month"].unique()) == 10


def test_demo_labor_is_the_largest_share(demo_con):
    parts = cs.breakdown(demo_con, *YTD)
    by_level1 = parts.groupby("level1")["share"].sum()
    assert by_level1.idxmax() == "direct_labor"
    assert 0.5 < by_level1["direct_labor"] < 0.75


@pytest.mark.parametrize("by", cs.BY_OPTIONS)
@pytest.mark.parametrize("basis", cs.BASIS_OPTIONS)
def test_demo_cost_per_contact_allocates_the_whole_spend(demo_con, by, basis):
    start, end = TICKET_YEAR
    frame = cs.cost_per_contact(demo_con, start, end, by, basis)
    assert sum(frame["allocated"]) == _sql_total(demo_con, start, end)
    assert frame["basis_share"].sum() == pytest.approx(1.0)
    assert (frame["contacts"] > 0).all()
    for row in frame.itertuples(index=False):
        assert abs(row.cost_per_contact * row.contacts - row.allocated) <= Decimal("0.005") * row.contacts
    expected = {"channel": 5, "category": 8, "tier": 4}[by]
    assert len(frame) == expected


def test_demo_cost_per_contact_basis_changes_the_split(demo_con):
    start, end = TICKET_YEAR
    by_time = cs.cost_per_contact(demo_con, start, end, "channel", "handle_time").set_index("key")
    by_contacts = cs.cost_per_contact(demo_con, start, end, "channel", "contacts").set_index("key")
    # a ticket takes twice a phone call's time: it costs more per contact by handle time, the same by contacts
    assert (
        by_time.loc["ticket", "cost_per_contact"] > Decimal("1.5") * by_time.loc["phone", "cost_per_contact"]
    )
    spread = by_contacts["cost_per_contact"]
    assert spread.max() - spread.min() <= Decimal("0.01")


def test_demo_cost_per_contact_outside_the_ticket_year(demo_con):
    # 2024 has daily volume but no ticket rows: channels work, categories have nothing to allocate by
    assert cs.cost_per_contact(
        demo_con, dt.date(2024, 1, 1), dt.date(2024, 12, 1), "category", "contacts"
    ).empty
    assert cs.basis_months(demo_con, dt.date(2024, 1, 1), dt.date(2024, 12, 1), "tier") is None
    # a span reaching before the first ticket allocates only the months tickets cover
    frame = cs.cost_per_contact(demo_con, dt.date(2025, 1, 1), dt.date(2026, 10, 1), "tier", "contacts")
    assert sum(frame["allocated"]) == _sql_total(demo_con, *TICKET_YEAR)
    with pytest.raises(ValueError):
        cs.cost_per_contact(demo_con, *YTD, "agent", "contacts")
    with pytest.raises(ValueError):
        cs.cost_per_contact(demo_con, *YTD, "channel", "minutes")


@pytest.mark.parametrize("driver", cs.DRIVERS)
def test_demo_shared_costs_are_preserved_to_the_cent(demo_con, driver):
    start, end = YTD
    frame = cs.allocate_shared(demo_con, start, end, driver)
    shared = _sql_total(demo_con, start, end, "e.cost_center IN ('CS-SUPPORT', 'CS-MGMT')")
    assert cs.shared_total(demo_con, start, end) == shared
    assert sum(frame["allocated"]) == shared
    assert set(frame["team"]) == {"phone", "chat", "backoffice"}
    for (center, level1), pool in frame.groupby(["cost_center", "level1"]):
        expected = _sql_total(
            demo_con,
            start,
            end,
            f"e.cost_center = '{center}' AND m.taxonomy_code LIKE '{level1}.%'",
        )
        assert sum(pool["allocated"]) == expected


def test_demo_driver_changes_who_carries_the_shared_costs(demo_con):
    totals = {
        driver: cs.allocate_shared(demo_con, *YTD, driver).groupby("team")["allocated"].sum()
        for driver in cs.DRIVERS
    }
    # chat takes the most contacts, the back office the longest ones
    assert totals["tickets"].idxmax() == "chat"
    assert totals["handle_time"]["backoffice"] > totals["tickets"]["backoffice"]
    assert totals["headcount"]["chat"] != totals["tickets"]["chat"]
    with pytest.raises(ValueError):
        cs.allocate_shared(demo_con, *YTD, "floor_space")
    with pytest.raises(ValueError):  # no ticket rows in 2024
        cs.allocate_shared(demo_con, dt.date(2024, 1, 1), dt.date(2024, 12, 1), "tickets")
    assert (
        sum(cs.allocate_shared(demo_con, dt.date(2024, 1, 1), dt.date(2024, 12, 1), "headcount")["allocated"])
        > 0
    )


def test_demo_hidden_costs(demo_con):
    hidden = cs.hidden_costs(demo_con, *YTD).set_index("item")
    assert set(hidden["needs"]) == {""}  # the demo has a roster and tickets
    assert (hidden["amount"] > 0).all()
    leavers = demo_con.execute(
        "SELECT count(*) FROM staff WHERE leave_date BETWEEN '2026-01-01' AND '2026-10-31'"
        " AND employment_type IN ('full_time', 'part_time')"
    ).fetchone()[0]
    assert hidden.loc["attrition", "basis"].startswith(f"{leavers:,} × (")
    complaints = demo_con.execute(
        "SELECT count(*) FROM tickets WHERE complaint AND created_at >= '2026-01-01' AND created_at < '2026-11-01'"
    ).fetchone()[0]
    hourly = cs.loaded_hourly_cost(demo_con, dt.date(2026, 10, 31))
    assert hidden.loc["complaint_handling", "amount"] == Decimal(str(round(complaints * 0.5 * hourly, 2)))
    assert hidden.loc["complaint_handling", "booked"] == _sql_total(
        demo_con, *YTD, "m.taxonomy_code = 'hidden.complaint_handling'"
    )
    more_rework = cs.hidden_costs(demo_con, *YTD, cs.HiddenCostParams(rework_hours_per_fte_month=12))
    doubled = more_rework.set_index("item").loc["process_inefficiency", "amount"]
    assert abs(doubled - 2 * hidden.loc["process_inefficiency", "amount"]) <= Decimal("0.01")


def test_periods_and_the_default(demo_con):
    months = cs.ledger_months(demo_con)
    assert cs.default_period(demo_con) == cs.Period("year", dt.date(2026, 1, 1), dt.date(2026, 10, 1), "2026")
    quarters = cs.periods(months, "quarter", dt.date(2026, 10, 31))
    assert quarters[0].label == "2026-Q4" and quarters[0].end == dt.date(2026, 10, 1)
    assert quarters[1] == cs.Period("quarter", dt.date(2026, 7, 1), dt.date(2026, 9, 1), "2026-Q3")
    # mid-month as-of: the running month is not complete yet
    assert cs.periods(months, "month", dt.date(2026, 10, 15))[0].label == "2026-09"
    assert cs.last_complete_month(dt.date(2026, 2, 28)) == dt.date(2026, 2, 1)
    assert [p.label for p in cs.periods(months, "year", None)] == ["2026", "2025", "2024", "2023"]
    with pytest.raises(ValueError):
        cs.periods(months, "week", None)


def test_allocate_cents():
    assert cs.allocate_cents(100, [1, 1, 1]) == [34, 33, 33]
    assert cs.allocate_cents(-100, [1, 1, 1]) == [-33, -33, -34]  # a credit splits the same way
    assert cs.allocate_cents(1, [0, 5]) == [0, 1]
    with pytest.raises(ValueError):
        cs.allocate_cents(100, [0, 0])
    with pytest.raises(ValueError):
        cs.allocate_cents(100, [1, -1])


def test_demo_bridge_explains_the_whole_gap(demo_con):
    start, end = YTD
    bridge = reconciliation.bridge(demo_con, start, end)
    assert bridge.finance_total == _source_total(demo_con, start, end, demo.FINANCE)
    assert bridge.ops_total == _source_total(demo_con, start, end, demo.OPS)
    assert bridge.finance_total + sum(bridge.items["amount"]) == bridge.ops_total
    assert sum(bridge.items["amount"]) == bridge.gap
    agreed = costs.agreed_costs(demo_con, start, end)
    assert bridge.agreed_total == _sql_total(demo_con, start, end)
    assert abs(float(bridge.agreed_total) - agreed["amount"].sum()) < 0.01
    # the two definitions are far apart (finance ~30% above ops), and the agreed one is above both
    assert 0.2 < float(bridge.finance_total / bridge.ops_total) - 1 < 0.45
    assert bridge.agreed_total > bridge.finance_total > bridge.ops_total
    items = bridge.items
    assert set(items["explanation"]) <= set(reconciliation.EXPLANATIONS)
    finance_only = items[items["source"] == "finance_only"]
    assert "住房公积金 + 社会保险费" in set(finance_only["finance_categories"])
    assert (finance_only["amount"] < 0).all()
    ops_only = items[items["source"] == "ops_only"]
    assert {"投诉赔付", "耳麦采购"} <= set(ops_only["ops_categories"])
    assert (ops_only["amount"] > 0).all()
    labor = items[items["ops_categories"] == "坐席薪资"].iloc[0]
    assert labor["finance_categories"] == "工资-一线坐席 + 绩效奖金 + 加班费"
    assert labor["explanation"] == "estimate"
    computers = items[items["ops_categories"] == "电脑采购"].iloc[0]
    assert computers["explanation"] == "timing"
    outsourcing = items[items["ops_categories"] == "外包坐席费 + 大促加价"].iloc[0]
    assert outsourcing["amount"] == Decimal("0.00") and outsourcing["explanation"] == "split"
    # every category of both sources sits in exactly one item
    listed = " + ".join([*items["finance_categories"], *items["ops_categories"]]).split(" + ")
    booked = demo_con.execute(
        "SELECT count(DISTINCT (source, source_category)) FROM cost_entries WHERE period BETWEEN ? AND ?",
        [start, end],
    ).fetchone()[0]
    assert len([c for c in listed if c]) == booked


def test_demo_bridge_holds_for_every_year(demo_con):
    for year in (2023, 2024, 2025):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 1)
        bridge = reconciliation.bridge(demo_con, start, end)
        assert bridge.finance_total + sum(bridge.items["amount"]) == bridge.ops_total
        assert bridge.agreed_total == _sql_total(demo_con, start, end)


def test_held_months_name_what_the_basis_data_covers(demo_con, empty_con):
    """The page tells a user with no rows in the period which months the data does cover."""
    tickets = demo_con.execute("SELECT min(created_at)::DATE, max(created_at)::DATE FROM tickets").fetchone()
    volume = demo_con.execute("SELECT min(date), max(date) FROM daily_volume").fetchone()
    assert cs.held_months(demo_con, "tier") == (tickets[0].replace(day=1), tickets[1].replace(day=1))
    assert cs.held_months(demo_con, "category") == cs.held_months(demo_con, "tier")
    assert cs.held_months(demo_con, "channel") == (volume[0].replace(day=1), volume[1].replace(day=1))
    assert cs.held_months(empty_con, "channel") is None
    with pytest.raises(ValueError):
        cs.held_months(demo_con, "team")


def test_hidden_costs_of_a_ledger_without_a_roster(empty_con):
    """A customer who imported a cost ledger but no roster yet: no agent FTE-months, no crash."""
    with store.write_transaction(empty_con) as cur:
        batch = store.new_batch(cur, "test", "test")
        store.insert_frame(cur, "cost_taxonomy", store.load_taxonomy())
        store.insert_frame(
            cur,
            "cost_category_map",
            pd.DataFrame(
                [(demo.FINANCE, "工资", "direct_labor.base_pay", True, None)],
                columns=["source_system", "source_category", "taxonomy_code", "counted", "note"],
            ),
        )
        store.insert_frame(
            cur,
            "cost_entries",
            pd.DataFrame(
                [(demo.FINANCE, "E1", JAN, "CS-FRONT", "工资", 1000.0, batch)],
                columns=[
                    "source",
                    "entry_id",
                    "period",
                    "cost_center",
                    "source_category",
                    "amount",
                    "batch_id",
                ],
            ),
        )
    assert cs.agent_fte_months(empty_con, JAN, FEB)["fte_months"].iloc[0] == 0.0
    hidden = cs.hidden_costs(empty_con, JAN, FEB).set_index("item")
    assert hidden.loc["process_inefficiency", "amount"] == Decimal("0.00")
    assert hidden.loc["attrition", "amount"] == Decimal("0.00")
    # a 0 from data never imported says so, item by item
    assert hidden["needs"].to_dict() == {
        "attrition": "roster",
        "complaint_handling": "tickets",
        "repeat_contacts": "tickets",
        "process_inefficiency": "roster",
    }
