"""The budget page in a real browser at 1366 × 768, as finance changes an approved budget: the demo's approved
2026 budget gets a new version, one line is raised with a reason, the comparison with version 1 shows that line
and the reserve, and the downloads open in pandas and openpyxl with their Chinese headers intact and a total
that is the tile's to the yuan. Screenshots go to /tmp/shots/budget/."""

import io
import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.browser import browser_page, click_tab, screenshot, wait_until_idle
from ui.i18n import CATALOGS

pytestmark = pytest.mark.browser

ZH = CATALOGS["zh"]
SHOTS = Path("/tmp/shots/budget")
REASON = "双11 外包报价上调"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot(page, f"budget_{name}"), SHOTS / f"{name}.png")


def _main(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _pick(page, label: str, typed: str) -> None:
    """Open a selectbox by its label, type to filter its (long, virtualised) list, take the first match (the
    first box so labelled: the hidden 执行 tab has a 明细科目 of its own)."""
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first.click()
    page.keyboard.type(typed)
    page.locator('[role="option"]').first.click()
    wait_until_idle(page)


def _yuan(text: str) -> Decimal:
    return Decimal(re.sub(r"[¥,]", "", text))


def _download(page, label: str) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("button", name=label, exact=True).click()
    return Path(download.value.path()).read_bytes()


def test_a_new_version_is_compared_and_exported_at_1366(demo_server):
    with browser_page(width=1366, height=768) as page:
        page.goto(f"{demo_server}/budget")
        page.wait_for_selector(f"text={ZH['budget.draft.title'].format(year=2027)}", timeout=120_000)
        wait_until_idle(page)
        _pick(page, ZH["budget.year"], "2026")

        click_tab(page, ZH["budget.tab.approval"])
        wait_until_idle(page)
        page.get_by_role("textbox", name=ZH["budget.new.reason"]).fill(REASON)
        page.get_by_role("textbox", name=ZH["budget.act.actor"]).last.fill("王敏")
        page.keyboard.press("Tab")
        wait_until_idle(page)
        page.get_by_role("button", name=ZH["budget.new.button"]).click()
        page.wait_for_selector(f"text={ZH['budget.new.done'].format(version=2)}", timeout=60_000)
        wait_until_idle(page)

        click_tab(page, ZH["budget.tab.draft"])
        wait_until_idle(page)
        _pick(page, ZH["budget.edit.month"], "2026-11")
        _pick(page, ZH["budget.edit.category"], "外包坐席")
        amount = page.get_by_label(ZH["budget.edit.amount"])
        raised = _yuan(amount.input_value()) + 80_000
        amount.fill(f"{raised:.2f}")
        page.get_by_label(ZH["budget.edit.reason"]).fill(REASON)
        page.get_by_label(ZH["budget.edit.actor"]).fill("王敏")
        page.keyboard.press("Tab")
        wait_until_idle(page)
        page.get_by_role("button", name=ZH["budget.edit.button"]).click()
        page.wait_for_selector("text=已保存：2026-11", timeout=60_000)
        wait_until_idle(page)

        text = _main(page)
        assert ZH["budget.compare.title"] in text
        summary = next(line for line in text.splitlines() if line.startswith("第 2 版合计"))
        gap = _yuan(re.search(r"变化 \+(¥[\d,.]+)", summary).group(1))
        assert Decimal("80000") < gap < Decimal("90000")  # the line and the 10% reserve that follows it
        total_tile = page.locator('[data-testid="stMetric"]').filter(has_text=ZH["budget.kpi.total"])
        tile_total = _yuan(total_tile.locator('[data-testid="stMetricValue"]').inner_text())
        _shot(page, "new_version_compared_1366")

        rows = pd.read_csv(
            io.BytesIO(_download(page, ZH["budget.download.csv"])), encoding="utf-8-sig", dtype=str
        )
        assert list(rows.columns) == [
            ZH[f"budget.col.{c}"]
            for c in ("month", "level1", "level2", "code", "cost_center", "amount", "note")
        ]
        assert "外包" in set(rows[ZH["budget.col.level1"]]) and "外包坐席" in set(
            rows[ZH["budget.col.level2"]]
        )
        csv_total = sum(Decimal(v) for v in rows[ZH["budget.col.amount"]])
        assert csv_total.quantize(Decimal("1")) == tile_total  # the tile shows whole yuan

        book = openpyxl.load_workbook(io.BytesIO(_download(page, ZH["budget.download.xlsx"])))
        assert book.sheetnames == [ZH["budget.title"], ZH["budget.log.title"]]  # the lines, then the log
        sheet = book.active
        header = [c.value for c in sheet[1]]
        assert header == list(rows.columns)
        last = [c.value for c in sheet[sheet.max_row]]
        assert last[0] == ZH["budget.col.total"]
        assert Decimal(str(last[5])).quantize(Decimal("0.01")) == csv_total
        shown = f"{last[5]:,.2f}"
        assert sheet.column_dimensions["F"].width > len(shown)  # not ##### in Excel

        click_tab(page, ZH["budget.tab.approval"])
        wait_until_idle(page)
        _shot(page, "new_version_log_1366")
