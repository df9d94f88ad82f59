"""The overview page in a real browser, in both languages, with screenshots."""

import re
import shutil

import pytest

from analytics import demo, store
from tests.browser import (
    browser_page,
    click_tab,
    require_browser,
    screenshot,
    shown_text,
    streamlit_server,
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
        assert chinese_lines(shown_text(page.locator('[data-testid="stApp"]'))) == []
        screenshot(page, "home_en")


def test_an_empty_database_leads_to_the_import_it_needs(demo_db, tmp_path):
    """On an empty database the overview's link opens Data import on daily volume, in either language."""
    require_browser()
    path = tmp_path / "empty.duckdb"
    shutil.copy(demo_db, path)
    con = store.connect(path)
    demo.start_empty(con)
    con.close()
    with streamlit_server(path) as url, browser_page(width=1366) as page:
        for lang, link, title, kind in (
            ("zh", "数据导入：每日服务量", "数据导入", "每日服务量"),
            ("en", "Data import: Daily contact volume", "Data import", "Daily contact volume"),
        ):
            page.goto(f"{url}/?lang={lang}")
            page.get_by_role("link", name=link).click(timeout=120_000)
            page.wait_for_selector(f'[data-testid="stMain"] h1:has-text("{title}")')
            wait_until_idle(page)
            # the kind rides in the address once: the page drops it
            page.wait_for_url(lambda address: "/data_import" in address and "kind=" not in address)
            assert page.locator('[data-testid="stSelectbox"] input').first.input_value() == kind
            assert (lang == "en") == ("lang=en" in page.url)
            screenshot(page, f"home_empty_to_import_{lang}")


def test_the_peak_gap_leads_to_the_buy_or_lease_tab_in_english(demo_server):
    """From the overview's next peaks to the cost structure page, its buy-or-lease tab open, English kept."""
    with browser_page() as page:
        page.goto(f"{demo_server}/?lang=en")
        page.wait_for_selector('[data-testid="stMetricValue"]')
        wait_until_idle(page)
        page.get_by_role(
            "link", name="Computers, headsets and desks for the extra seats: buy or lease"
        ).click()
        page.wait_for_selector('[data-testid="stMain"] h1:has-text("Cost structure")')
        wait_until_idle(page)
        assert page.get_by_role("tab", name="Buy or lease").get_attribute("aria-selected") == "true"
        assert page.get_by_role("button", name="Use the peak gap").is_visible()
        assert "lang=en" in page.url and "tab=" not in page.url  # the tab parameter is used once
        click_tab(page, "Breakdown")
        wait_until_idle(page)
        assert page.get_by_role("tab", name="Breakdown").get_attribute("aria-selected") == "true"


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


_TOGGLE_ON = """() => document.querySelector('[data-testid="stSidebar"] input[role="switch"]').checked"""
_MAIN_TEXT_SIZE = (
    """() => parseFloat(getComputedStyle(document.querySelector('[data-testid="stMain"] p')).fontSize)"""
)
_H4_SIZES = """() => [...document.querySelectorAll('[data-testid="stMain"] h4')]
    .map(e => parseFloat(getComputedStyle(e).fontSize))"""
_SMALL_OR_CLIPPED_INPUTS = """() => [...document.querySelectorAll('[data-testid="stMain"] input[type="text"]')]
    .filter(e => e.checkVisibility() && (parseFloat(getComputedStyle(e).fontSize) < 24
                                         || e.scrollWidth > e.clientWidth + 1)).map(e => e.value)"""
_GRIDS_ON_SCREEN = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]')]
    .filter(e => e.checkVisibility()).map(e => {
        const main = document.querySelector('[data-testid="stMain"]').getBoundingClientRect();
        const header = e.querySelectorAll('canvas')[1].getBoundingClientRect();
        return {right: e.getBoundingClientRect().right, mainRight: main.right, header: header.height};
    })"""
_TOOLBAR_OVER_GRID = """() => { const grid = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]')]
        .find(e => e.checkVisibility());
    const bar = grid.querySelector('[data-testid="stElementToolbar"]');
    return bar.getBoundingClientRect().bottom - grid.getBoundingClientRect().top; }"""
_CLIPPED_TILE_TEXT = """() => [...document.querySelectorAll('[data-testid="stMetric"] *')]
    .filter(e => e.children.length === 0 && e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""


def test_presentation_mode_on_a_laptop_projector_across_pages(demo_server):
    """At 1366×768 the headline tiles show whole numbers and labels (no "…"), and the sidebar toggle stays on
    through page switches (it used to show "off" on every other page while the large type stayed)."""
    with browser_page(width=1366, height=768) as page:
        page.goto(demo_server)
        page.wait_for_selector('[data-testid="stMetricValue"]')
        wait_until_idle(page)
        page.get_by_text("演示模式", exact=True).click()
        wait_until_idle(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        for name in ("成本结构", "预算管理", "总览", "成本结构"):
            sidebar.get_by_text(name, exact=True).click()
            page.get_by_role("heading", name=name).first.wait_for()
            wait_until_idle(page)
            assert page.evaluate(_TOGGLE_ON), name
            if name in ("总览", "成本结构"):
                page.wait_for_selector('[data-testid="stMetricValue"]')
                assert page.evaluate(_CLIPPED_TILE_TEXT) == [], name
            if name == "成本结构":  # the grids draw their canvas larger too, and still fit the page's width
                grids = page.evaluate(_GRIDS_ON_SCREEN)
                assert grids, name
                assert all(g["right"] <= g["mainRight"] + 1 and g["header"] >= 48 for g in grids), grids
                # hovering a grid shows its toolbar above it, not over the header row
                page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').first.hover()
                page.wait_for_timeout(500)
                assert page.evaluate(_TOOLBAR_OVER_GRID) <= 1
            if name == "预算管理":  # 2026's table titles are h4 (####): larger than the 24 px text
                page.locator('[data-testid="stSelectbox"] input').first.click()
                page.keyboard.type("2026")
                page.keyboard.press("Enter")
                page.get_by_role("heading", name="预算明细").wait_for()
                assert min(page.evaluate(_H4_SIZES)) > 24
                # the chosen year and version, and the name boxes, read at the text's size and whole
                assert page.evaluate(_SMALL_OR_CLIPPED_INPUTS) == []
        screenshot(page, "cost_structure_presentation_1366_zh")
        page.get_by_text("演示模式", exact=True).click()
        wait_until_idle(page)
        assert not page.evaluate(_TOGGLE_ON)
        assert page.evaluate(_MAIN_TEXT_SIZE) < 20


def test_a_reload_keeps_language_unit_and_presentation_mode(demo_server):
    """F5 starts a new Streamlit session; the choices come back from the address, on any page."""
    with browser_page() as page:
        page.goto(demo_server)
        page.wait_for_selector('[data-testid="stMetricValue"]')
        wait_until_idle(page)
        switch_language(page, "en")
        page.get_by_text("¥k", exact=True).click()
        wait_until_idle(page)
        page.get_by_text("Presentation mode", exact=True).click()
        wait_until_idle(page)
        page.locator('[data-testid="stSidebar"]').get_by_text("Cost structure", exact=True).click()
        page.get_by_role("heading", name="Cost structure").first.wait_for()
        wait_until_idle(page)
        assert "lang=en" in page.url and "unit=wan" in page.url and "present=1" in page.url

        page.reload()
        page.get_by_role("heading", name="Cost structure").first.wait_for()
        wait_until_idle(page)
        assert page.evaluate(_TOGGLE_ON)
        assert page.evaluate(_MAIN_TEXT_SIZE) >= 24
        assert re.search(r"¥[\d,]+\.\d\dk", page.locator('[data-testid="stMain"]').inner_text())
        assert chinese_lines(shown_text(page.locator('[data-testid="stApp"]'))) == []


_SLIDER_OVERLAPS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stSlider"]')]
  .filter(s => s.querySelector('[data-testid="stSliderThumbValue"]') && s.checkVisibility())
  .map(s => {
    const label = s.querySelector('[data-testid="stWidgetLabel"]').getBoundingClientRect();
    const value = s.querySelector('[data-testid="stSliderThumbValue"] p').getBoundingClientRect();
    const thumb = s.querySelector('[data-testid="stSliderThumbValue"]').parentElement.getBoundingClientRect();
    return {label: s.innerText.split('\\n')[0], onThumb: value.bottom > thumb.top + 1, onLabel: value.top < label.bottom - 1};
  }).filter(o => o.onThumb || o.onLabel)"""


def test_slider_values_clear_their_thumb_and_label_in_presentation_mode(demo_server):
    """In large type a slider's value sat on its thumb and track (what-if page at 1366×768)."""
    with browser_page(width=1366, height=768) as page:
        page.goto(f"{demo_server}/whatif?present=1")
        page.wait_for_selector('[data-testid="stMetricValue"]')
        wait_until_idle(page)
        assert page.evaluate(_MAIN_TEXT_SIZE) >= 24  # presentation mode came from the address
        assert (
            page.evaluate("() => document.querySelectorAll('[data-testid=stSliderThumbValue]').length") > 10
        )
        assert page.evaluate(_SLIDER_OVERLAPS) == []
