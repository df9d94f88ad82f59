"""The forecast page in a real browser: both languages, a channel's components, an event added, the export."""

import pytest

from tests.browser import (
    browser_page,
    downloaded,
    screenshot,
    switch_language,
    wait_until_idle,
)
from tests.pages import chinese_lines

pytestmark = pytest.mark.browser


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
        body = page.locator('[data-testid="stApp"]').inner_text()
        assert (
            chinese_lines(body.replace("年货节", "")) == []
        )  # the user's own event name is data, not UI text
        screenshot(page, "forecast_en_online")
