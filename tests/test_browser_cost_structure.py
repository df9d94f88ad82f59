"""The cost structure page in a real browser: the breakdown, cost per contact, hidden costs, shared costs and the
统计口径 reconciliation in both languages, a driver change and a CSV download; buying kit against leasing it.
Screenshots go to /tmp/shots/costs/ (and tests/screenshots/ like the other pages)."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from analytics import lease_or_buy, overview, reconciliation, store
from tests.browser import (
    browser_page,
    click_tab,
    downloaded,
    screenshot,
    shown_text,
    switch_language,
    wait_until_idle,
)
from tests.pages import chinese_lines

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/costs")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot(page, f"costs_{name}"), SHOTS / f"{name}.png")


def _tab(page, name: str) -> None:
    click_tab(page, name)
    wait_until_idle(page)


def _source_categories(db: Path) -> list[str]:
    """The source systems' own account names: data the ledger holds, shown as booked in both languages."""
    con = store.connect(db)
    try:
        rows = con.execute("SELECT DISTINCT source_category FROM cost_entries").fetchall()
    finally:
        con.close()
    return sorted((r[0] for r in rows), key=len, reverse=True)


def _english_text(page, data_values: list[str]) -> str:
    text = shown_text(page.locator('[data-testid="stMain"]'))
    for value in data_values:
        text = text.replace(value, "")
    return text


def test_cost_structure_and_reconciliation_in_both_languages(demo_server, demo_db):
    with browser_page(width=1500, height=1000) as page:
        page.goto(f"{demo_server}/cost_structure")
        page.wait_for_selector(".js-plotly-plot", timeout=180_000)
        wait_until_idle(page)
        main = page.locator('[data-testid="stMain"]')
        assert "统一口径总成本" in main.inner_text()
        assert page.locator(".js-plotly-plot .sunburstlayer path").count() > 20  # 8 level-1 + leaves
        _shot(page, "structure_zh")

        _tab(page, "单次服务成本")
        page.get_by_text("工单类别", exact=True).click()
        wait_until_idle(page)
        assert "退换货" in main.inner_text()
        _shot(page, "per_contact_zh")

        _tab(page, "隐性成本")
        assert "人员流失" in main.inner_text()
        _shot(page, "hidden_zh")

        _tab(page, "共享成本分摊")
        page.get_by_text("人数（FTE·月）", exact=True).click()
        wait_until_idle(page)
        assert "自有坐席 FTE·月" in main.inner_text()
        _shot(page, "shared_zh")

        _tab(page, "统计口径对账")
        page.wait_for_selector(".js-plotly-plot .waterfalllayer")
        body = main.inner_text()
        assert "从财务口径到运营口径" in body
        assert "财务口径合计" in body and "运营口径合计" in body  # the waterfall's first and last bars
        pickers = page.locator('[data-testid="stMultiSelect"]')
        for label, system in (("财务台账的来源系统", "finance_ledger"), ("运营报表的来源系统", "ops_sheet")):
            chips = pickers.filter(has_text=label).locator("[data-tag] span[title]")
            assert chips.all_inner_texts() == [system]
        _shot(page, "reconciliation_zh")
        csv = downloaded(page, page.get_by_role("button", name="下载 CSV").last)
        assert csv.startswith(b"\xef\xbb\xbf")
        lines = csv.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("项目,财务口径,运营口径,统一口径,差额（运营 − 财务）,原因,归属")
        con = store.connect(demo_db)
        try:
            items = reconciliation.bridge(con, dt.date(2026, 1, 1), dt.date(2026, 10, 1)).items
        finally:
            con.close()
        assert len(lines) == len(items) + 1

        data_values = _source_categories(demo_db)
        switch_language(page, "en")
        page.wait_for_selector('[data-testid="stMain"] h1:has-text("Cost structure")')
        wait_until_idle(page)
        _tab(page, "Reconciliation")  # new tab labels: the first tab is selected again
        page.wait_for_selector(".js-plotly-plot .waterfalllayer")
        assert "From finance's total to ops' total" in main.inner_text()
        assert chinese_lines(_english_text(page, data_values)) == []
        _shot(page, "reconciliation_en")

        for tab in ("Shared costs", "Hidden costs", "Cost per contact", "Breakdown"):
            _tab(page, tab)
            assert chinese_lines(_english_text(page, data_values)) == [], tab
        assert "Spend (agreed definition)" in main.inner_text()
        _shot(page, "structure_en")
        _tab(page, "Cost per contact")
        assert "Returns" in main.inner_text()  # the category choice survived the language switch
        _shot(page, "per_contact_en")


def _peak_seats(db: Path) -> int:
    """The seats the demo's coming promotions are short of, as the peak button sets them."""
    con = store.connect(db)
    try:
        return lease_or_buy.peak_seats(con, overview.next_peaks(con, dt.date(2026, 10, 31))).units
    finally:
        con.close()


def test_buy_or_lease_kit_in_both_languages(demo_server, demo_db):
    """Weigh buying computers against leasing them, then for peak seats only; the monthly CSV; the coming
    promotions' gap; in English."""
    with browser_page(width=1366, height=1000) as page:
        page.goto(f"{demo_server}/cost_structure")
        page.wait_for_selector(".js-plotly-plot", timeout=180_000)
        wait_until_idle(page)
        main = page.locator('[data-testid="stMain"]')
        _tab(page, "设备：买还是租")
        assert "按这些条件，买断更省" in main.inner_text()
        chart = page.locator(".js-plotly-plot").filter(has_text="使用月份")
        assert chart.locator(".scatterlayer .trace").count() == 2
        assert "第 30 个月起，租赁累计付款超过买断" in chart.inner_text()
        _shot(page, "lease_zh")

        months = page.get_by_role("spinbutton", name="每年使用月数")
        months.fill("2")
        months.press("Enter")
        wait_until_idle(page)
        assert "按这些条件，租赁更省" in main.inner_text()
        crossover = page.locator('[data-testid="stMetric"]').filter(has_text="使用期内租赁累计付款超过买断")
        assert crossover.locator('[data-testid="stMetricValue"]').inner_text() == "不会"  # two months a year
        csv = downloaded(page, page.get_by_role("button", name="下载逐月明细（CSV）"))
        lines = csv.decode("utf-8-sig").splitlines()
        assert (
            lines[0]
            == "月份,买断：付款,租赁：付款,买断：累计付款,租赁：累计付款,买断：计入费用（折旧 + 维护）,租赁：计入费用（租金）"
        )
        assert len(lines) == 1 + 36 and lines[1].startswith("1,")

        assert "大促加座：双11（2026-11-11 高峰）缺" in main.inner_text()
        page.get_by_role("button", name="按大促缺口测算").click()
        wait_until_idle(page)
        assert months.input_value() == "4"  # the Double-11 and 618 windows, two 30-day months each
        units = page.get_by_role("spinbutton", name="数量（台/套）")
        assert units.input_value() == str(_peak_seats(demo_db))
        _shot(page, "lease_peaks_zh")

        switch_language(page, "en")
        page.wait_for_selector('[data-testid="stMain"] h1:has-text("Cost structure")')
        wait_until_idle(page)
        _tab(page, "Buy or lease")
        body = shown_text(main)
        assert "On these terms leasing is cheaper" in body  # the two months a year survived the switch
        assert chinese_lines(body) == []
        _shot(page, "lease_peaks_en")
