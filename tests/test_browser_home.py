"""The overview page in a real browser, in both languages, with screenshots."""

import pytest

from tests.browser import (
    browser_page,
    screenshot,
    switch_language,
    wait_until_idle,
)
from tests.pages import chinese_lines

pytestmark = pytest.mark.browser


def test_home_page_in_chinese_and_english(demo_server):
    with browser_page() as page:
        page.goto(demo_server)
        page.wait_for_selector('[data-testid="stMetricValue"]')
        wait_until_idle(page)
        page.wait_for_selector(".js-plotly-plot .bars")
        main = page.locator('[data-testid="stMain"]')
        assert "总览" in main.inner_text()
        assert "示例数据" in main.inner_text()
        assert page.locator('[data-testid="stMetricValue"]').count() == 6
        screenshot(page, "home_zh")

        switch_language(page, "en")
        page.wait_for_selector("text=Spend (agreed definition)")
        wait_until_idle(page)
        assert chinese_lines(page.locator('[data-testid="stApp"]').inner_text()) == []
        screenshot(page, "home_en")


def test_presentation_mode_on_a_shared_screen(demo_server):
    with browser_page(width=1920, height=1080) as page:
        page.goto(demo_server)
        page.wait_for_selector('[data-testid="stMetricValue"]')
        wait_until_idle(page)
        page.get_by_text("演示模式", exact=True).click()
        wait_until_idle(page)

        def caption_size(where: str) -> float:
            selector = f'{where} [data-testid="stCaptionContainer"]'
            return page.evaluate(
                "(s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", selector
            )

        assert caption_size('[data-testid="stMain"]') >= 24
        assert caption_size('[data-testid="stSidebar"]') < 20  # the sidebar keeps its size
        screenshot(page, "home_presentation_zh")
