"""The budget page's 执行 tab in a real browser: the demo's approved 2026 budget against actuals (tiles, the
by-month chart, the category × cost center table, drill-down, outlook with the outsourcing alert, the labor
waterfall with its sentences), in Chinese and in English. Screenshots go to /tmp/shots/variance/."""

import re
import shutil
from pathlib import Path

import pytest

from tests.browser import browser_page, click_tab, screenshot, switch_language, wait_until_idle
from tests.pages import chinese_lines

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/variance")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot(page, f"variance_{name}"), SHOTS / f"{name}.png")


def _pick_year(page, label: str, year: str) -> None:
    page.locator('[data-testid="stSelectbox"]', has_text=label).first.click()
    page.get_by_role("option", name=year, exact=True).click()
    wait_until_idle(page)


def _execution(page, tab: str) -> str:
    click_tab(page, tab)
    wait_until_idle(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[role=tabpanel]')].some("
        "p => p.offsetParent !== null && p.querySelectorAll('.js-plotly-plot .trace').length >= 3)",
        timeout=60_000,
    )
    return page.get_by_role("tabpanel").filter(visible=True).first.inner_text()


def _charts(page) -> int:
    return page.get_by_role("tabpanel").filter(visible=True).first.locator(".js-plotly-plot").count()


def test_execution_tab_in_chinese_and_english(demo_server):
    with browser_page(width=1500, height=1000) as page:
        page.goto(f"{demo_server}/budget")
        page.wait_for_selector("text=预算年度", timeout=120_000)
        wait_until_idle(page)
        _pick_year(page, "预算年度", "2026")
        text = _execution(page, "执行")
        assert "预算执行：预算与实际" in text
        assert "截至 2026-10" in text
        for label in ("年初至今预算", "年初至今实际", "年初至今差异", "全年预计"):
            assert label in text
        assert re.search(r"外包：预计全年 ¥[\d,]+，超出预算 ¥[\d,]+（\d+\.\d%）", text)
        assert re.search(r"\d+ 行台账，合计 ¥[\d,]+\.\d\d，与上表所选单元格的实际数一致", text)
        assert "校验：预算人力 ¥" in text and "= 实际人力 ¥" in text
        assert _charts(page) == 3  # by month, outlook, labor waterfall
        _shot(page, "execution_zh")

        switch_language(page, "en")
        text = _execution(page, "Execution")
        assert "Budget execution: budget vs actual" in text
        assert re.search(r"Outsourcing: full-year outlook ¥[\d,]+, ¥[\d,]+ \(\d+\.\d%\) over budget", text)
        assert "Check: budget labor ¥" in text
        assert _charts(page) == 3
        assert chinese_lines(text) == []
        _shot(page, "execution_en")
