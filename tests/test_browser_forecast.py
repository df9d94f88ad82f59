"""The forecast page in a real browser: both languages, a channel's components, an event added, the export."""

from pathlib import Path

import pytest

from tests.browser import (
    browser_page,
    downloaded,
    screenshot,
    shown_text,
    switch_language,
    wait_until_idle,
)
from tests.pages import chinese_lines

pytestmark = pytest.mark.browser
NOTICES = Path(__file__).parent / "fixtures" / "notices"


def _open_forecast(page, url):
    page.goto(f"{url}/forecast")
    page.wait_for_selector(".js-plotly-plot", timeout=180_000)
    wait_until_idle(page)


def test_forecast_page_in_both_languages_with_an_event_and_an_export(demo_server):
    with browser_page() as page:
        _open_forecast(page, demo_server)
        main = page.locator('[data-testid="stMain"]')
        assert "业务量预测" in main.inner_text()
        assert "2027-11-11" in main.inner_text()  # the peak day: Double-11 of the budget year
        screenshot(page, "forecast_zh_total")

        page.get_by_text("在线", exact=True).first.click()
        wait_until_idle(page)
        page.wait_for_selector("text=为什么高、为什么低")
        screenshot(page, "forecast_zh_online")

        page.get_by_label("活动名称").fill("年货节")
        page.get_by_role("button", name="新增活动阶段").click()
        page.wait_for_selector("text=年货节", timeout=180_000)
        wait_until_idle(page)

        text = downloaded(page, page.get_by_role("button", name="下载逐日预测（CSV）")).decode("utf-8-sig")
        assert text.splitlines()[0].startswith("日期,渠道,预测服务量")
        assert "电话" in text and "合计" in text

        switch_language(page, "en")
        page.wait_for_selector('[data-testid="stMain"] h1:has-text("Volume forecast")')
        wait_until_idle(page)
        body = shown_text(page.locator('[data-testid="stApp"]'))
        assert (
            chinese_lines(body.replace("年货节", "")) == []
        )  # the user's own event name is data, not UI text
        # a picker's choice is its input's value, not the page's text: it kept 「#2 数据截至 2026-06-30」 in English
        picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Download a published forecast")
        assert picker.locator("input").input_value() == "#2 data to 2026-06-30"
        screenshot(page, "forecast_en_online")


def _type_date(page, column_moves: int, iso: str) -> None:
    """From the selected cell, move right `column_moves` cells, open the date editor, type a date and leave
    the cell (the grid opens its editor at the end of the document and removes it on leaving)."""
    for _ in range(column_moves):
        page.keyboard.press("ArrowRight")
    count = "document.querySelectorAll('input[type=\"date\"]').length"
    before = page.evaluate(count)
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => {count} > {before}")
    page.locator('input[type="date"]').last.fill(iso)
    page.keyboard.press("Tab")
    page.wait_for_function(f"() => {count} == {before}")
    wait_until_idle(page)  # each edit reruns the script


def _select_cell(page, grid, row: int) -> None:
    """Select a row's holiday cell (rows 35 px under a 36 px header) on a freshly opened page."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 80, box["y"] + 36 + 35 * (row - 1) + 17)
    page.wait_for_timeout(300)


def test_the_budget_year_notice_is_typed_in_refused_with_its_row_then_saved(demo_server):
    """The planner types 2027's Spring Festival break (5 to 12 February) into the grid with a Monday as the
    make-up workday: refused, naming row and column, the edits kept; with Sunday 14 February it saves."""
    with browser_page() as page:
        _open_forecast(page, demo_server)
        main = page.locator('[data-testid="stMain"]')
        grid = page.locator('.st-key-schedule_editor [data-testid="stDataFrame"]')
        _select_cell(page, grid, row=2)  # 春节
        _type_date(page, 2, "2027-02-12")  # last day off
        _type_date(page, 0, "2027-02-15")  # make-up workday 1: a Monday, by mistake
        page.get_by_role("button", name="保存 2027 年安排").click()
        refused = page.locator('[data-testid="stAlertContentError"]')
        refused.wait_for(timeout=60_000)
        assert refused.inner_text().splitlines()[0] == "2027 年安排未保存：有 1 处需要修改。"
        assert "第 2 行「调休上班日 1」：调休上班日应是周六或周日" in refused.inner_text()
        screenshot(page, "forecast_zh_schedule_refused")

        _open_forecast(
            page, demo_server
        )  # the grid keeps the edits; typing them again starts from a known cell
        _select_cell(page, grid, row=2)
        _type_date(page, 2, "2027-02-12")
        _type_date(page, 0, "2027-02-14")  # make-up workday 1: Sunday 14 February
        page.get_by_role("button", name="保存 2027 年安排").click()
        page.get_by_text("2027 年已按通知录入 7 个节日").wait_for(timeout=180_000)
        wait_until_idle(page)
        assert "官方放假安排尚未录入" not in main.inner_text()  # the budget year follows the notice now
        screenshot(page, "forecast_zh_schedule_saved")

        switch_language(page, "en")
        page.get_by_text("2027 follows the notice: 7 holidays typed in").wait_for(timeout=180_000)
        body = shown_text(page.locator('[data-testid="stApp"]'))
        assert chinese_lines(body.replace("年货节", "")) == []  # the event the test above added is data
        screenshot(page, "forecast_en_schedule_saved")
        page.get_by_role("button", name="Delete the 2027 schedule (back to the estimate)").click()
        page.get_by_text("2027 is not typed in yet and is estimated").wait_for(timeout=180_000)
        wait_until_idle(page)


def test_the_budget_year_notice_is_pasted_read_into_the_grid_and_saved(demo_server):
    """The planner pastes the notice's text instead of typing: its holidays fill the grid, unsaved until the
    planner has looked and saved."""
    notice = (NOTICES / "2027-sample.txt").read_text(encoding="utf-8")
    with browser_page() as page:
        _open_forecast(page, demo_server)
        main = page.locator('[data-testid="stMain"]')
        page.get_by_text("粘贴通知原文，自动填表").click()
        page.get_by_label("国务院办公厅通知原文").fill(notice)
        page.get_by_role("button", name="识别并填入下表").click()
        page.get_by_text("已从通知识别出 3 个节日，填入下表。").wait_for(timeout=60_000)
        wait_until_idle(page)
        assert "2027 年尚未录入" not in main.inner_text()  # the grid no longer shows the estimate
        screenshot(page, "forecast_zh_schedule_from_notice")
        page.get_by_role("button", name="保存 2027 年安排").click()
        page.get_by_text("2027 年已按通知录入 3 个节日").wait_for(timeout=180_000)
        wait_until_idle(page)
        assert "官方放假安排尚未录入" not in main.inner_text()
        page.get_by_role("button", name="删除 2027 年安排，恢复暂估").click()
        page.get_by_text("2027 年尚未录入").wait_for(timeout=180_000)
        wait_until_idle(page)


def _sign_in_form(page, title: str, pick: str, fields: tuple[tuple[str, str], ...], button: str) -> None:
    """Open the register form titled ``title``, pick a forecast, type the name and the reason, press ``button``."""
    page.get_by_text(title).click()
    wait_until_idle(page)
    form = page.locator('[data-testid="stExpander"]').filter(has_text=title)
    form.locator('[data-testid="stSelectbox"] input').first.click()  # the form's one picker
    page.get_by_role("option", name=pick).click()
    wait_until_idle(page)
    for label, value in fields:
        form.get_by_label(label).fill(value)
        form.get_by_label(label).press("Enter")
        wait_until_idle(page)
    form.get_by_role("button", name=button).click()


def test_a_published_forecast_is_withdrawn_reinstated_noted_and_downloaded(demo_server):
    """The demo's mid-year forecast withdrawn in the browser: picked on purpose, signed and explained; the
    register says so under the table; then reinstated, the withdrawal undone kept in a line under the table;
    its note corrected, the note replaced kept in a line too; the budget forecast downloaded as published. Last in the module: the other tests' pages keep their
    forecasts."""
    with browser_page() as page:
        _open_forecast(page, demo_server)
        withdrawn = (("撤回人", "计划组 王芳"), ("撤回原因", "以为 6 月话务量重复导入"))
        _sign_in_form(page, "撤回已发布的预测", "#2 数据截至 2026-06-30", withdrawn, "撤回此预测")
        page.wait_for_selector("text=已撤回预测 #2。", timeout=60_000)
        wait_until_idle(page)
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "由 计划组 王芳 撤回，原因：以为 6 月话务量重复导入" in main and "已撤回" in main
        screenshot(page, "forecast_zh_withdrawn")
        reinstated = (("恢复人", "计划组 李明"), ("恢复原因", "6 月数据核对无误"))
        _sign_in_form(page, "恢复误撤回的预测", "#2 数据截至 2026-06-30", reinstated, "恢复此预测")
        page.wait_for_selector("text=已恢复预测 #2，它重新有效。", timeout=60_000)
        wait_until_idle(page)
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "由 计划组 李明 恢复，原因：6 月数据核对无误" in main and "恢复误撤回的预测" not in main
        screenshot(page, "forecast_zh_reinstated")
        noted = (("修改人", "计划组 王芳"), ("新备注", "2026 年中滚动预测（6 月数据已核对）"))
        _sign_in_form(page, "修改已发布预测的备注", "#2 数据截至 2026-06-30", noted, "保存新备注")
        page.wait_for_selector("text=已修改预测 #2 的备注。", timeout=60_000)
        wait_until_idle(page)
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "由 计划组 王芳 修改，原为：2026 年中滚动预测" in main
        screenshot(page, "forecast_zh_note_corrected")
        # the demo's budget forecast (#1) downloads as it was published in January, month by month
        picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="下载已发布的预测")
        picker.scroll_into_view_if_needed()  # a click while the page scrolls to the picker shuts its list again
        page.wait_for_timeout(500)
        picker.locator("input").click()
        page.get_by_role("option", name="#1 数据截至 2025-12-31").click()
        wait_until_idle(page)
        text = downloaded(page, page.get_by_role("button", name="月度（CSV）")).decode("utf-8-sig")
        lines = text.splitlines()
        assert lines[0].startswith("月份,渠道,预测服务量") and lines[1].startswith("2026-01,电话,")
        assert lines[-1].startswith("2026-12,合计,") and len(lines) == 1 + 12 * 6
        # a forecast picked in a form stays picked after switching to English, and reads in English (one key for
        # both languages kept 「#2 数据截至 2026-06-30」 on screen)
        page.get_by_text("撤回已发布的预测").click()
        wait_until_idle(page)
        form = page.locator('[data-testid="stExpander"]').filter(has_text="撤回已发布的预测")
        form.locator('[data-testid="stSelectbox"] input').first.click()
        page.get_by_role("option", name="#2 数据截至 2026-06-30").click()
        wait_until_idle(page)
        switch_language(page, "en")
        page.wait_for_selector("text=Withdraw a published forecast")
        wait_until_idle(page)
        form = page.locator('[data-testid="stExpander"]').filter(has_text="Withdraw a published forecast")
        assert (
            form.locator('[data-testid="stSelectbox"] input').first.input_value() == "#2 data to 2026-06-30"
        )
