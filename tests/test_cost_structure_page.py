"""The cost structure page (成本结构) through AppTest: both languages, no Chinese left in English mode, the period
picker, cost per contact choices, hidden-cost assumptions, the shared-cost driver, the reconciliation and buying
kit against leasing it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from analytics import cost_structure as cs
from analytics import demo, lease_or_buy, overview, reconciliation, store
from tests.pages import chinese_in_english_mode, page_text, said, set_language, start_app
from ui.i18n import CATALOGS

ZH, EN = CATALOGS["zh"], CATALOGS["en"]


@pytest.fixture()
def page(app_env, demo_db):
    app_env(demo_db)
    at = start_app()
    at.switch_page("pages/cost_structure.py").run()
    assert not at.exception, at.exception
    return at


@pytest.fixture()
def expected(demo_db):
    """Compute numbers straight from analytics on the same database."""
    con = store.connect(demo_db)
    yield con
    con.close()


def _money(value) -> str:
    return f"¥{float(value):,.0f}"


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _table(at, column: str):
    """The dataframe on the page with a column of this header."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise KeyError(column)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_shows_the_agreed_totals_in_both_languages(page, expected, lang):
    at = set_language(page, lang)
    assert not at.exception, at.exception
    text = CATALOGS[lang]
    ytd = (dt.date(2026, 1, 1), dt.date(2026, 10, 1))
    metrics = _metrics(at)
    assert metrics[text["costs.kpi.total"]] == _money(cs.ledger_total(expected, *ytd))
    bridge = reconciliation.bridge(expected, *ytd)
    assert metrics[text["costs.recon.finance"]] == _money(bridge.finance_total)
    assert metrics[text["costs.recon.ops"]] == _money(bridge.ops_total)
    assert metrics[text["costs.kpi.gap"]] == _money(bridge.finance_total - bridge.ops_total)
    assert [tab.label for tab in at.tabs] == [
        text[f"costs.tab.{k}"]
        for k in ("structure", "per_contact", "hidden", "shared", "reconciliation", "lease")
    ]
    year = at.selectbox(key=f"cs_period_year_{lang}")
    assert year.value == "2026"
    assert year.options[:2] == (["2026 年 1–10 月", "2025 年"] if lang == "zh" else ["2026 Jan–Oct", "2025"])
    assert [c.key for c in at.get("plotly_chart")] == [
        "cs_sunburst",
        "cs_shares",
        "cs_cpc",
        "cs_hidden_chart",
        "cs_shared_chart",
        "cs_bridge_chart",
        "cs_lease_chart",
    ]
    breakdown = _table(at, text["costs.col.level2"])
    assert len(breakdown) == len(cs.breakdown(expected, *ytd))
    bridge_table = _table(at, text["costs.col.difference"])
    assert bridge_table.iloc[-1, 0] == text["costs.col.total"]
    if lang == "en":
        assert chinese_in_english_mode(at) == []
    else:
        assert "统计口径对账" in page_text(at)


def test_english_mode_has_no_chinese_on_any_choice(page):
    at = set_language(page, "en")
    at.radio(key="cs_period_kind_en").set_value("month").run()
    at.radio(key="cs_by_en").set_value("category").run()
    at.radio(key="cs_driver_en").set_value("headcount").run()
    assert not at.exception, at.exception
    assert chinese_in_english_mode(at) == []
    keys = _table(at, EN["costs.col.key"]).iloc[:, 0]
    assert "Returns" in set(keys) and "退换货" not in set(keys)


def test_period_change_moves_every_number(page, expected):
    at = page
    at.radio(key="cs_period_kind_zh").set_value("quarter").run()
    assert at.selectbox(key="cs_period_quarter_zh").value == "2026-Q4"  # Q4 so far (October)
    at.selectbox(key="cs_period_quarter_zh").set_value("2026-Q3").run()
    assert not at.exception, at.exception
    q3 = (dt.date(2026, 7, 1), dt.date(2026, 9, 1))
    assert _metrics(at)[ZH["costs.kpi.total"]] == _money(cs.ledger_total(expected, *q3))
    assert any("2026-07 至 2026-09" in c.value for c in at.caption)
    # the choice survives a language switch and a page switch
    at = set_language(at, "en")
    assert at.radio(key="cs_period_kind_en").value == "quarter"
    assert at.selectbox(key="cs_period_quarter_en").value == "2026-Q3"
    at.switch_page("app.py").run()
    at.switch_page("pages/cost_structure.py").run()
    assert _metrics(at)[EN["costs.kpi.total"]] == _money(cs.ledger_total(expected, *q3))


def test_a_year_without_ticket_rows_says_so(page, expected):
    at = page
    at.selectbox(key="cs_period_year_zh").set_value("2024").run()
    at.radio(key="cs_by_zh").set_value("tier").run()
    at.radio(key="cs_driver_zh").set_value("tickets").run()
    assert not at.exception, at.exception
    infos = [i.value for i in at.info]
    first, last = (f"{month:%Y-%m}" for month in cs.held_months(expected, "tier"))
    assert ZH["costs.no_basis"].format(first=first, last=last) in infos
    assert ZH["costs.no_driver"].format(first=first, last=last) in infos
    assert first > "2024-12"  # the demo's ticket rows start after the year picked
    at.radio(key="cs_driver_zh").set_value("headcount").run()
    shared = _table(at, ZH["costs.col.driver_value"])
    total = sum(shared[ZH["costs.col.total"]])
    assert total == pytest.approx(
        float(cs.shared_total(expected, dt.date(2024, 1, 1), dt.date(2024, 12, 1))), abs=3
    )


def test_cost_per_contact_choices(page, expected):
    at = page
    ytd = (dt.date(2026, 1, 1), dt.date(2026, 10, 1))
    table = _table(at, ZH["costs.col.cpc"])
    assert len(table) == 5  # channels by handle time, the default
    assert table.iloc[0, 0] == "在线"
    at.radio(key="cs_by_zh").set_value("category").run()
    at.radio(key="cs_basis_zh").set_value("contacts").run()
    assert not at.exception, at.exception
    table = _table(at, ZH["costs.col.cpc"])
    frame = cs.cost_per_contact(expected, *ytd, "category", "contacts")
    assert len(table) == 8
    # numbers, not text, so that a click on the header sorts by amount
    assert list(table[ZH["costs.col.allocated"]]) == pytest.approx([float(v) for v in frame["allocated"]])
    assert ZH["costs.basis_note.contacts"] in [c.value for c in at.caption]


def test_driver_change_reallocates_shared_costs(page, expected):
    at = page
    column = ZH["costs.col.total"]
    by_tickets = list(_table(at, ZH["costs.col.driver_value"])[column])
    at.radio(key="cs_driver_zh").set_value("headcount").run()
    assert not at.exception, at.exception
    by_heads = list(_table(at, ZH["costs.col.driver_value"])[column])
    assert by_heads != by_tickets
    ytd = (dt.date(2026, 1, 1), dt.date(2026, 10, 1))
    shared = cs.allocate_shared(expected, *ytd, "headcount").groupby("team")["allocated"].sum()
    assert by_heads == pytest.approx([float(v) for v in shared.sort_index()])
    assert sum(shared) == cs.shared_total(expected, *ytd)
    assert ZH["costs.driver_note.headcount"] in [c.value for c in at.caption]


def test_hidden_cost_assumptions_are_editable(page, expected):
    at = page
    column = ZH["costs.col.computed"]
    before = _table(at, column).set_index(ZH["costs.col.item"])[column]
    rework = at.number_input(key="cs_hidden_rework_hours_per_fte_month_zh")
    assert rework.value == 6.0
    rework.set_value(12.0).run()
    at.number_input(key="cs_hidden_hourly_cost_zh").set_value(100.0).run()
    assert not at.exception, at.exception
    after = _table(at, column).set_index(ZH["costs.col.item"])[column]
    label = ZH["cost2.process_inefficiency"]
    hourly = cs.loaded_hourly_cost(expected, dt.date(2026, 10, 31))
    assert after[label] == pytest.approx(before[label] * 2 * 100 / hourly, rel=1e-3)
    params = cs.HiddenCostParams(rework_hours_per_fte_month=12, hourly_cost=100)
    computed = cs.hidden_costs(expected, dt.date(2026, 1, 1), dt.date(2026, 10, 1), params)
    assert list(after) == pytest.approx([float(v) for v in computed["amount"]])
    at.button(key="cs_hidden_reset").click().run()
    assert at.number_input(key="cs_hidden_rework_hours_per_fte_month_zh").value == 6.0
    restored = _table(at, column).set_index(ZH["costs.col.item"])[column]
    assert list(restored) == list(before)


def test_downloads_are_offered(page):
    labels = [b.proto.label for b in page.get("download_button")]
    assert labels.count(ZH["costs.download_csv"]) == 5
    assert labels.count(ZH["costs.download_xlsx"]) == 5


def test_the_bridge_table_adds_up(page, expected):
    table = _table(page, ZH["costs.col.difference"])
    ytd = (dt.date(2026, 1, 1), dt.date(2026, 10, 1))
    bridge = reconciliation.bridge(expected, *ytd)
    assert len(table) == len(bridge.items) + 1
    total = table.iloc[-1]
    assert total[ZH["costs.col.finance"]] == pytest.approx(float(bridge.finance_total))
    assert total[ZH["costs.col.agreed"]] == pytest.approx(float(bridge.agreed_total))
    assert total[ZH["costs.col.difference"]] == pytest.approx(float(bridge.gap))
    assert Decimal(bridge.agreed_total) == cs.ledger_total(expected, *ytd)


def test_presentation_mode_shows_the_bridge_as_a_table_without_the_booking_columns(page):
    """On the shared screen the ten-column bridge grid scrolled sideways and cut off why each item differs; in
    presentation mode it is an HTML table of the items, amounts, reasons and sides (the ledger accounts, sheet
    lines and cost centers stay in the grid and the CSV)."""
    rows = len(_table(page, ZH["costs.col.difference"]))
    booked = [ZH[f"costs.col.{c}"] for c in ("finance_categories", "ops_categories", "cost_centers")]
    assert set(booked) <= set(_table(page, ZH["costs.col.difference"]).columns)
    at = page.sidebar.toggle[0].set_value(True).run()
    assert not at.exception, at.exception
    with pytest.raises(KeyError):
        _table(at, ZH["costs.col.difference"])
    bridge = next(t.value for t in at.table if ZH["costs.col.difference"] in t.value.columns)
    assert len(bridge) == rows and bridge.iloc[-1, 0] == ZH["costs.col.total"]
    assert ZH["costs.col.explanation"] in bridge.columns and not set(booked) & set(bridge.columns)


def test_amounts_in_wan(page):
    at = page
    in_yuan = _metrics(at)
    total = float(in_yuan[ZH["costs.kpi.total"]].lstrip("¥").replace(",", ""))
    unit = next(r for r in at.sidebar.radio if r.key.startswith("_unit_widget"))
    at = unit.set_value("wan").run()
    assert not at.exception, at.exception
    assert _metrics(at)[ZH["costs.kpi.total"]] == f"¥{total / 10_000:,.2f}万"
    assert (
        _metrics(at)[ZH["costs.kpi.cpc"]] == in_yuan[ZH["costs.kpi.cpc"]]
    )  # per-contact amounts stay in yuan


def test_an_empty_database_says_there_is_nothing_to_show(app_env, demo_copy):
    con = store.connect(demo_copy)
    demo.start_empty(con)
    con.close()
    app_env(demo_copy)
    at = start_app()
    at.switch_page("pages/cost_structure.py").run()
    assert not at.exception, at.exception
    assert [i.value for i in at.info] == [ZH["costs.no_data"]]
    assert not at.tabs
    # a new service desk can still weigh buying kit against leasing it, from the market references
    assert (
        at.number_input(key="cs_lease_computers_units_zh").value
        == lease_or_buy.REFERENCE_TERMS["computers"].units
    )
    reference = lease_or_buy.compare(lease_or_buy.REFERENCE_TERMS["computers"])
    assert _metrics(at)[ZH["costs.lease.kpi.buy"]] == _money(reference.buy_cost)
    assert ZH["costs.lease.source.reference_units"] in [c.value for c in at.caption]  # no seats to count


@pytest.mark.parametrize(("dropped", "said"), [("ops_sheet", "no_ops"), ("finance_ledger", "no_finance")])
def test_one_source_alone_is_not_reported_as_a_gap(app_env, demo_copy, dropped, said):
    """With finance's ledger alone the gap tile read the whole spend as 'finance − ops' against an ops total of
    ¥0, and the reconciliation explained it by 'items'."""
    con = store.connect(demo_copy)
    con.execute("DELETE FROM cost_entries WHERE source = ?", [dropped])
    con.close()
    app_env(demo_copy)
    at = start_app()
    at.switch_page("pages/cost_structure.py").run()
    assert not at.exception, at.exception
    gap = next(m for m in at.metric if m.label == ZH["costs.kpi.gap"])
    assert gap.value == "—" and gap.delta == ZH[f"costs.kpi.gap_{said}"]
    message = ZH[f"costs.recon.{said}"].format(finance=demo.FINANCE, ops=demo.OPS)
    assert message in [i.value for i in at.info]
    assert "cs_bridge_chart" not in [c.key for c in at.get("plotly_chart")]


def test_ledgers_imported_under_other_names_are_reconciled_once_picked(app_env, demo_copy, expected):
    """A company types its own systems' names when importing (金蝶K3, 运营周报): the reconciliation said only
    ops' sheet was missing and sent the user to import it again. It names what it looks for and what the ledger
    holds; picking the two systems reconciles them, for the team, and picking the other side's system moves it."""
    con = store.connect(demo_copy)
    for old, new in ((demo.FINANCE, "金蝶K3"), (demo.OPS, "运营周报")):
        con.execute("UPDATE cost_entries SET source = ? WHERE source = ?", [new, old])
        con.execute("UPDATE cost_category_map SET source_system = ? WHERE source_system = ?", [new, old])
    con.close()
    app_env(demo_copy)
    at = start_app()
    at.switch_page("pages/cost_structure.py").run()
    assert not at.exception, at.exception
    unpicked = ZH["costs.recon.no_both"].format(
        finance=demo.FINANCE, ops=demo.OPS, sources="运营周报、金蝶K3"
    )
    assert unpicked in [i.value for i in at.info]
    assert _metrics(at)[ZH["costs.kpi.gap"]] == "—"
    assert next(m.delta for m in at.metric if m.label == ZH["costs.kpi.gap"]) == ZH["costs.kpi.gap_no_both"]
    assert "kind=costs" not in [link.proto.query_string for link in at.get("page_link")]  # nothing to import
    finance_picker = at.multiselect(key="_cs_side_finance_zh")
    ops_picker = at.multiselect(key="_cs_side_ops_zh")
    assert finance_picker.options == ops_picker.options == ["运营周报", "金蝶K3"]
    assert finance_picker.value == ops_picker.value == []

    at.multiselect(key="_cs_side_finance_zh").select("金蝶K3").run()
    assert not at.exception, at.exception
    half = ZH["costs.recon.no_ops"].format(finance="金蝶K3", ops=demo.OPS)
    assert half in [i.value for i in at.info]
    at.multiselect(key="_cs_side_ops_zh").select("运营周报").run()
    assert not at.exception, at.exception
    bridge = reconciliation.bridge(expected, dt.date(2026, 1, 1), dt.date(2026, 10, 1))
    metrics = _metrics(at)
    assert metrics[ZH["costs.recon.finance"]] == _money(bridge.finance_total)
    assert metrics[ZH["costs.recon.ops"]] == _money(bridge.ops_total)
    assert metrics[ZH["costs.kpi.gap"]] == _money(bridge.finance_total - bridge.ops_total)
    assert "cs_bridge_chart" in [c.key for c in at.get("plotly_chart")]
    con = store.connect(demo_copy)
    assert reconciliation.sides(con) == {"finance": ("金蝶K3",), "ops": ("运营周报",)}
    con.close()

    # the finance side's system picked for ops moves over, leaving finance with none picked
    at.multiselect(key="_cs_side_ops_zh").select("金蝶K3").run()
    assert not at.exception, at.exception
    assert at.multiselect(key="_cs_side_finance_zh").value == []
    assert at.multiselect(key="_cs_side_ops_zh").value == ["运营周报", "金蝶K3"]
    none_picked = ZH["costs.recon.no_finance"].format(
        finance=ZH["costs.recon.side.none"], ops="运营周报、金蝶K3"
    )
    assert none_picked in [i.value for i in at.info]
    assert "kind=costs" in [link.proto.query_string for link in at.get("page_link")]  # no system to type in
    at.multiselect(key="_cs_side_finance_zh").select("运营周报").run()  # and back: the two have swapped
    assert not at.exception, at.exception
    assert at.multiselect(key="_cs_side_ops_zh").value == ["金蝶K3"]
    con = store.connect(demo_copy)
    assert reconciliation.sides(con) == {"finance": ("运营周报",), "ops": ("金蝶K3",)}
    con.close()


def test_hidden_costs_of_data_never_imported_say_what_to_import(app_env, demo_copy):
    con = store.connect(demo_copy)
    con.execute("DELETE FROM staff")
    con.close()
    app_env(demo_copy)
    at = start_app()
    at.switch_page("pages/cost_structure.py").run()
    assert not at.exception, at.exception
    items = "、".join(ZH[f"cost2.{k}"] for k in ("attrition", "process_inefficiency"))
    assert [i.value for i in at.info] == [ZH["costs.hidden.needs_roster"].format(items=items)]
    import_links = [link.proto.query_string for link in at.get("page_link") if link.proto.query_string]
    assert import_links == ["kind=staff"]


def test_a_category_keeps_its_colour_when_another_is_missing():
    import pandas as pd

    from ui import charts_costs

    def hidden_colour(level1s: list[str]) -> str:
        breakdown = pd.DataFrame(
            {
                "level1": level1s,
                "level2": ["x"] * len(level1s),
                "taxonomy_code": [f"{k}.x" for k in level1s],
                "amount": [100.0] * len(level1s),
            }
        )
        fig = charts_costs.category_sunburst(breakdown, {}, {}, 1, "")
        return fig.data[0].marker.colors[level1s.index("hidden")]

    with_outsourcing = hidden_colour(["direct_labor", "outsourcing", "hidden"])
    assert hidden_colour(["direct_labor", "hidden"]) == with_outsourcing
    assert hidden_colour(["hidden", "direct_labor"]) == with_outsourcing


def test_cost_per_contact_export_keeps_ratios_out_of_the_totals(app_env, demo_db):
    """The Excel totals row sums contacts and costs, never the channels' costs per contact; the CSV keeps shares
    to four decimals (e-mail's 1.9% must not become 0.02)."""
    import io

    import openpyxl
    import pandas as pd

    from ui import cost_structure as ucs
    from ui.data import data_version

    app_env(demo_db)
    period = ("per_contact", dt.date(2026, 1, 1), dt.date(2026, 10, 1), "zh")
    xlsx = ucs.export_bytes(data_version(), *period, "xlsx", "channel|contacts")
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    header, body, total = rows[0], rows[1:-1], dict(zip(rows[0], rows[-1], strict=True))
    assert total[ZH["costs.col.key"]] == ZH["costs.col.total"]
    assert total[ZH["costs.col.cpc"]] is None
    contacts = header.index(ZH["costs.col.contacts"])
    assert total[ZH["costs.col.contacts"]] == sum(row[contacts] for row in body)
    csv = ucs.export_bytes(data_version(), *period, "csv", "channel|contacts")
    shares = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")[ZH["costs.col.basis_share"]]
    assert shares.sum() == pytest.approx(1.0, abs=1e-3)
    assert (shares.round(4) == shares).all() and not (shares.round(2) == shares).all()


def test_long_english_sunburst_labels_wrap_so_the_slice_can_show_them():
    import pandas as pd

    from ui import charts_costs

    breakdown = pd.DataFrame(
        {
            "level1": ["direct_labor", "equipment"],
            "level2": ["social_insurance", "office"],
            "taxonomy_code": ["direct_labor.social_insurance", "equipment.office"],
            "amount": [160.0, 96.0],
        }
    )
    level1 = {"direct_labor": "Direct labor", "equipment": "Equipment & facilities"}
    level2 = {
        "direct_labor.social_insurance": "Social insurance & housing fund (employer)",
        "equipment.office": "办公场地",
    }
    labels = list(charts_costs.category_sunburst(breakdown, level1, level2, 1, "").data[0].labels)
    assert labels == [
        "Direct labor",
        "Equipment &<br>facilities",
        "Social<br>insurance &<br>housing fund<br>(employer)",
        "办公场地",
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_buy_or_lease_starts_from_the_data_and_says_which_is_cheaper(page, expected, lang):
    at = set_language(page, lang)
    assert not at.exception, at.exception
    text = CATALOGS[lang]
    seats = lease_or_buy.agent_seats(expected, dt.date(2026, 10, 31))
    start = dataclasses.replace(lease_or_buy.REFERENCE_TERMS["computers"], units=seats, life_months=36)
    result = lease_or_buy.compare(start)
    assert at.number_input(key=f"cs_lease_computers_units_{lang}").value == seats
    assert at.number_input(key=f"cs_lease_computers_life_months_{lang}").value == 36  # the asset register's
    source = said(lang, "costs.lease.source.seats", date="2026-10-31", seats=seats)
    assert any(c.value.startswith(source) for c in at.caption)
    metrics = _metrics(at)
    assert metrics[text["costs.lease.kpi.buy"]] == _money(result.buy_cost)
    assert metrics[text["costs.lease.kpi.lease"]] == _money(result.lease_cost)
    assert metrics[text["costs.lease.kpi.crossover"]] == said(
        lang, "costs.lease.crossover.month", month=result.crossover_month
    )
    verdict = said(
        lang,
        f"costs.lease.verdict.{result.cheaper}",
        months=36,
        saving=_money(result.saving),
        breakeven=f"¥{result.breakeven_fee:,.2f}",
    )
    assert verdict in [m.value for m in at.markdown]
    months = said(lang, "costs.lease.months_line.some", months=f"{result.breakeven_months:.1f}")
    assert months in [m.value for m in at.markdown]  # 10.2 months a year on the demo's seats
    table = _table(at, text["costs.lease.col.buy_cash"])
    assert list(table.iloc[:, 0]) == [said(lang, "costs.lease.year", year=y) for y in (1, 2, 3)] + [
        text["costs.col.total"]
    ]
    assert table.iloc[-1][text["costs.lease.col.buy_expense"]] == pytest.approx(
        result.schedule["buy_expense"].sum()
    )


def test_seats_for_the_peaks_only_are_cheaper_leased_and_each_kit_keeps_its_terms(page):
    at = page
    at.number_input(key="cs_lease_computers_months_per_year_zh").set_value(2).run()
    assert not at.exception, at.exception
    assert any(m.value.startswith("按这些条件，**租赁更省**") for m in at.markdown)
    at = set_language(at, "en")
    assert at.number_input(key="cs_lease_computers_months_per_year_en").value == 2
    assert any("**leasing is cheaper**" in m.value for m in at.markdown)
    at = at.radio(key="cs_lease_kit_en").set_value("furniture").run()
    assert at.number_input(key="cs_lease_furniture_months_per_year_en").value == 12
    assert at.number_input(key="cs_lease_furniture_life_months_en").value == 60
    at = at.radio(key="cs_lease_kit_en").set_value("computers").run()
    assert at.number_input(key="cs_lease_computers_months_per_year_en").value == 2
    at.number_input(key="cs_lease_computers_lease_fee_en").set_value(100.0).run()
    assert EN["costs.lease.months_line.all"] in [
        m.value for m in at.markdown
    ]  # cheap enough to lease all year
    at = at.button(key="cs_lease_reset_computers").click().run()
    assert at.number_input(key="cs_lease_computers_months_per_year_en").value == 12
    assert any("**buying is cheaper**" in m.value for m in at.markdown)


def test_the_peak_button_leases_the_coming_promotions_gap(page, expected):
    """The seats the Overview says the next 618 and Double-11 are short of, leased for their months."""
    at = page
    seats = lease_or_buy.peak_seats(expected, overview.next_peaks(expected, dt.date(2026, 10, 31)))
    double11 = next(p for p in seats.peaks if p.event_key == "double11")
    line = said(
        "zh", "costs.lease.peak.one", event="双11", date="2026-11-11", gap=double11.gap, days=32, months=2
    )
    assert any(line in c.value for c in at.caption)
    at = at.button(key="cs_lease_peak_computers").click().run()
    assert not at.exception, at.exception
    assert at.number_input(key="cs_lease_computers_units_zh").value == seats.units
    assert at.number_input(key="cs_lease_computers_months_per_year_zh").value == seats.months_per_year == 4
    peak_case = dataclasses.replace(
        lease_or_buy.REFERENCE_TERMS["computers"], units=seats.units, life_months=36, months_per_year=4
    )
    assert _metrics(at)[ZH["costs.lease.kpi.lease"]] == _money(lease_or_buy.compare(peak_case).lease_cost)
    at = set_language(at, "en")
    assert at.number_input(key="cs_lease_computers_units_en").value == seats.units
    assert any("Double-11 (peak 2026-11-11)" in c.value for c in at.caption)
    at = at.radio(key="cs_lease_kit_en").set_value("servers").run()
    assert "cs_lease_peak_servers" not in [b.key for b in at.button]  # servers are not bought per seat
    assert not any("Peak seats" in c.value for c in at.caption)


def test_the_address_opens_the_buy_or_lease_tab_once(app_env, demo_db):
    """cost_structure?tab=lease (the overview's link) opens that tab and drops the parameter; a tab the page
    does not have is ignored."""
    app_env(demo_db)
    at = start_app()
    at.query_params["tab"] = "lease"
    at.switch_page("pages/cost_structure.py").run()
    assert not at.exception, at.exception
    assert at.session_state["costs.tab"] == "lease" and "tab" not in at.query_params
    at.query_params["tab"] = "nonsense"
    at.switch_page("pages/cost_structure.py").run()
    assert at.session_state["costs.tab"] == "lease" and "tab" not in at.query_params


def test_the_buy_or_lease_schedule_exports_with_its_totals(page):
    """Offered as CSV and Excel; in Excel the payments and expenses are summed, the running totals are not."""
    import io

    import openpyxl

    from ui.lease_or_buy import schedule_bytes

    labels = [b.proto.label for b in page.get("download_button")]
    assert ZH["costs.lease.download_csv"] in labels and ZH["costs.lease.download_xlsx"] in labels
    result = lease_or_buy.compare(lease_or_buy.REFERENCE_TERMS["headsets"])
    book = openpyxl.load_workbook(io.BytesIO(schedule_bytes(result, "xlsx", "耳麦")))
    assert book.sheetnames == ["耳麦"]
    rows = list(book.active.iter_rows(values_only=True))
    total = dict(zip(rows[0], rows[-1], strict=True))
    assert len(rows) == 1 + 24 + 1
    assert total[ZH["costs.lease.col.month"]] == ZH["costs.col.total"]
    assert total[ZH["costs.lease.col.lease_cash"]] == pytest.approx(50 * 25 * 24)  # paid, not discounted
    assert total[ZH["costs.lease.col.lease_cumulative"]] is None
