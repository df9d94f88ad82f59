"""The what-if page in a real browser: the first run fits the baseline forecast (with progress), sliders move
the numbers, two scenarios are saved and compared, the levers' step sizes saved for the team, both languages,
screenshots whatif_*.png."""

import re

import openpyxl
import pytest

from tests.browser import (
    browser_page,
    click_tab,
    screenshot,
    shown_text,
    switch_language,
    wait_until_idle,
)
from tests.pages import chinese_lines
from ui.i18n import CATALOGS

pytestmark = pytest.mark.browser


def _metric(page, label: str) -> float:
    tile = page.locator('[data-testid="stMetric"]', has_text=label).first
    text = tile.locator('[data-testid="stMetricValue"]').inner_text()
    return float(re.sub(r"[^0-9.\-]", "", text))


def _stable(page, label: str) -> float:
    """The metric's value once two reads a second apart agree (every rerun of a slider drag has landed)."""
    value = _metric(page, label)
    for _ in range(30):
        page.wait_for_timeout(1000)
        again = _metric(page, label)
        if again == value:
            return value
        value = again
    return value


def _changed(page, label: str, old: float) -> float:
    """The metric's value once it differs from ``old`` (the rerun after a slider move has landed)."""
    for _ in range(60):
        value = _metric(page, label)
        if value != old:
            return value
        page.wait_for_timeout(500)
    return value


def _move_slider(page, label: str, presses: int, key: str = "ArrowRight") -> None:
    """Focus a slider by its label and press an arrow key (each press is one step)."""
    slider = page.locator(f'[data-testid="stSlider"] input[type="range"][aria-label^="{label}"]').first
    slider.focus()
    for _ in range(presses):
        slider.press(key)
    wait_until_idle(page)


def test_whatif_page_in_chinese_and_english(demo_server):
    with browser_page(width=1600, height=1100) as page:
        page.goto(f"{demo_server}/whatif")
        page.wait_for_selector(
            '[data-testid="stMetricValue"]', timeout=180_000
        )  # first run fits the forecast
        wait_until_idle(page)
        page.wait_for_selector(".js-plotly-plot .bars")
        main = page.locator('[data-testid="stMain"]')
        assert "人力与成本测算" in main.inner_text()
        cost, fte = _metric(page, "12 个月总成本"), _metric(page, "月均需求 FTE")
        screenshot(page, "whatif_zh")

        # hiring for the peaks instead of the demo's temps: the surplus and the shortfall are spelled out
        page.get_by_role("radiogroup", name="高峰用工方式").get_by_text("招聘正式员工").click()
        hired_cost = _changed(page, "12 个月总成本", cost)
        page.wait_for_selector("text=富余人力：")
        page.wait_for_selector("text=人手缺口：")
        assert hired_cost > cost  # the surplus after the peaks is paid
        click_tab(page, "招聘计划")
        wait_until_idle(page)
        screenshot(page, "whatif_hire_zh")
        page.get_by_role("radiogroup", name="高峰用工方式").get_by_text("临时工（劳务派遣）").click()
        assert _changed(page, "12 个月总成本", hired_cost) == cost
        # each month's busiest day against the month's need: 12 diamonds above 12 bars, dated
        click_tab(page, "最忙的一天")
        wait_until_idle(page)
        busiest = page.get_by_role("tabpanel").filter(visible=True).first.locator(".js-plotly-plot")
        assert busiest.locator(".bars .point").count() == 12
        assert busiest.locator(".scatterlayer .point").count() == 12
        assert busiest.locator(".scatterlayer .textpoint").count() == 12
        screenshot(page, "whatif_busiest_zh")
        click_tab(page, "FTE 与人数")
        wait_until_idle(page)

        _move_slider(page, "服务量变化", 10)
        page.wait_for_function("() => document.body.innerText.includes('）较基准')")
        moved_cost, moved_fte = _stable(page, "12 个月总成本"), _stable(page, "月均需求 FTE")
        assert moved_cost > cost
        assert moved_fte > fte
        _move_slider(page, "调薪", 5)
        assert _changed(page, "12 个月总成本", moved_cost) > moved_cost
        assert _stable(page, "月均需求 FTE") == moved_fte  # a wage rise needs no more people
        page.get_by_label("方案名称").fill("增长 10%")
        page.get_by_role("button", name="保存方案").click()
        page.wait_for_selector("text=已保存方案：增长 10%")
        wait_until_idle(page)

        page.get_by_role("button", name="恢复基准").click()
        wait_until_idle(page)
        _move_slider(page, "自助服务分流", 20)
        assert _changed(page, "月均需求 FTE", fte) < fte
        page.get_by_label("方案名称").fill("自助分流 20%")
        page.get_by_role("button", name="保存方案").click()
        page.wait_for_selector("text=已保存方案：自助分流 20%")
        wait_until_idle(page)

        compare = page.locator('[data-testid="stMultiSelect"]', has_text="对比方案")
        for name in ("增长 10%", "自助分流 20%"):
            compare.locator("input").click()
            page.get_by_role("option", name=name).click()
            wait_until_idle(page)
        page.keyboard.press("Escape")
        page.wait_for_selector("text=方案对比")
        wait_until_idle(page)
        click_tab(page, "招聘计划")
        wait_until_idle(page)
        panel = page.get_by_role("tabpanel").filter(visible=True).first
        panel.locator('[data-testid="stSelectbox"]', has_text="渠道").first.click()
        page.get_by_role("option", name="电话").click()
        wait_until_idle(page)
        # Picking a channel reruns the page; the hiring tab must stay open (it used to jump back to the first).
        assert page.get_by_role("tab", name="招聘计划").get_attribute("aria-selected") == "true"
        click_tab(page, "成本构成")
        page.wait_for_timeout(500)
        screenshot(page, "whatif_compare_zh")

        switch_language(page, "en")
        page.wait_for_selector("text=Staffing & cost what-if")
        wait_until_idle(page)
        assert page.get_by_role("tab", name="Cost by category").get_attribute("aria-selected") == "true"
        text = shown_text(page.locator('[data-testid="stApp"]'))
        text = text.replace("增长 10%", "").replace("自助分流 20%", "")  # scenario names are the user's words
        assert chinese_lines(text) == []
        for label, suffix in (("Monthly plan (CSV)", ".csv"), ("Monthly plan (Excel)", ".xlsx")):
            with page.expect_download() as download:
                page.get_by_role("button", name=label).click()
            assert download.value.suggested_filename.endswith(suffix)
        with open(download.value.path(), "rb") as saved:  # the saved file has no .xlsx suffix to go by
            sheet = openpyxl.load_workbook(saved).active
        assert sheet.title == "Monthly plan" and sheet["A1"].value == "Month" and sheet["B2"].value == "Phone"
        page.get_by_text("Formulas and definitions").click()
        page.wait_for_timeout(500)
        screenshot(page, "whatif_en")


_SIDEWAYS = """() => [...document.querySelectorAll('[data-testid="stMain"] :is([data-testid="stTable"], [data-testid="stDataFrame"])')]
  .filter(e => e.offsetParent !== null)
  .flatMap(e => [e, ...e.querySelectorAll('*')])
  .filter(x => ['auto', 'scroll'].includes(getComputedStyle(x).overflowX) && x.scrollWidth > x.clientWidth + 2)
  .map(x => [x.scrollWidth, x.clientWidth])"""
_TABLES = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stTable"]')]
  .filter(e => e.offsetParent !== null).length"""
_WRAPPED_DATES = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stTable"] td p')]
  .filter(p => p.offsetParent !== null && /^\\d{4}-\\d{2}(-\\d{2})?$/.test(p.innerText))
  .filter(p => p.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(p).lineHeight))
  .map(p => p.innerText)"""


def test_wide_tables_fit_a_laptop_projector_in_presentation_mode(demo_server):
    """At 1366×768 in presentation mode the what-if's FTE, busiest-days, hiring, cost-per-contact and levers tables, the
    cost structure's bridge and the budget's approval log and budget vs actual show every column without a
    sideways scroll bar, in both languages (English words wrap less), and a month or a date stays on one line
    (2027-02 broke after its hyphen). The budget's pivot sums into quarters (twelve zoomed months scrolled); it
    and the budget lines stay grids, which must not scroll sideways either."""
    text = {"zh": CATALOGS["zh"], "en": CATALOGS["en"]}
    with browser_page(width=1366, height=768) as page:
        for lang in ("zh", "en"):
            for address, tabs in (
                (
                    "whatif",
                    (
                        "whatif.tab.fte",
                        "whatif.tab.busiest",
                        "whatif.tab.hiring",
                        "whatif.tab.cpc",
                        "whatif.tab.levers",
                    ),
                ),
                ("cost_structure", ("costs.tab.reconciliation",)),
                ("budget", ("budget.tab.draft", "budget.tab.approval", "budget.tab.execution")),
            ):
                page.goto(f"{demo_server}/{address}?present=1&lang={lang}")
                if address == "budget":  # the 2026 budget, approved, with a year of actuals
                    # under load the year picker can come late: type into it, not before it is there
                    wait_until_idle(page)
                    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input').first.click()
                    page.keyboard.type("2026")
                    page.keyboard.press("Enter")
                page.wait_for_selector('[data-testid="stMetricValue"]', timeout=180_000)
                wait_until_idle(page)
                for tab in tabs:
                    click_tab(page, text[lang][tab])
                    wait_until_idle(page)
                    if tab != "budget.tab.draft":  # the draft tab's quarters and lines are grids
                        # the levers tab works its table out once open: under load after the wait above
                        page.wait_for_function(f"() => ({_TABLES})() >= 1", timeout=120_000)
                    assert page.evaluate(_SIDEWAYS) == [], (lang, tab)
                    assert page.evaluate(_WRAPPED_DATES) == [], (lang, tab)
            screenshot(page, f"cost_structure_bridge_presentation_1366_{lang}")


def _open_tab(page, server: str, lang: str, tab: str):
    """The what-if page in a language with one of its tabs open; returns the tab's panel."""
    page.goto(f"{server}/whatif?lang={lang}")
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=180_000)
    wait_until_idle(page)
    click_tab(page, CATALOGS[lang][tab])
    return page.get_by_role("tabpanel", name=CATALOGS[lang][tab])


def test_the_hiring_plan_fits_a_laptop_beside_the_sliders(demo_server):
    """At 1366×768 outside presentation mode the hiring plan shows all its columns beside the sliders whoever
    covers the peaks, in both languages (in English its last column, the surplus cost, was cut off)."""
    from analytics.whatif import PEAK_COVERS

    with browser_page(width=1366, height=768) as page:
        for lang in ("zh", "en"):
            text = CATALOGS[lang]
            _open_tab(page, demo_server, lang, "whatif.tab.hiring")
            for cover in PEAK_COVERS:
                page.get_by_text(text[f"whatif.cover.{cover}"], exact=True).first.click()
                wait_until_idle(page)
                assert page.evaluate(_SIDEWAYS) == [], (lang, cover)


def test_cost_levers_fit_beside_the_sliders_and_a_step_moves_them(demo_server):
    """At 1366×768 the levers tab shows its chart and every column of its table beside the sliders, in both
    languages (English's service column was cut off at first); picking a lever and pressing the button moves
    its slider, and the plan's cost falls."""
    with browser_page(width=1366, height=768) as page:
        for lang in ("en", "zh"):
            text = CATALOGS[lang]
            panel = _open_tab(page, demo_server, lang, "whatif.tab.levers")
            panel.locator(".js-plotly-plot").wait_for(timeout=60_000)
            wait_until_idle(page)
            assert page.evaluate(_SIDEWAYS) == [], lang
            screenshot(page, f"whatif_levers_{lang}")
        cost = _stable(page, text["whatif.kpi.cost"])
        # after a screenshot's resize a click on the picker only focuses it: type the lever instead
        panel.locator('[data-testid="stSelectbox"] input').click()
        page.keyboard.type(text["whatif.levers.shrinkage"])
        page.keyboard.press("Enter")
        wait_until_idle(page)
        assert (
            panel.locator('[data-testid="stSelectbox"] input').input_value()
            == text["whatif.levers.shrinkage"]
        )
        panel.get_by_role("button", name=text["whatif.levers.try"]).click()
        assert _changed(page, text["whatif.kpi.cost"], cost) < cost
        shrinkage = page.locator('[data-testid="stSlider"] input[type="range"][aria-label^="损耗率"]').first
        page.wait_for_function("e => e.value === '28'", arg=shrinkage.element_handle(), timeout=30_000)
        deflection = page.locator(
            '[data-testid="stSlider"] input[type="range"][aria-label^="自助服务分流"]'
        ).first
        assert deflection.input_value() == "0"  # the lever picked moved, not the one shown before the pick


def test_a_step_size_typed_then_saved_is_the_teams(demo_server):
    """A step size typed differs from the team's, and the page says so; saved, it is the team's: the page says
    that, and a page opened afresh starts from it. (Typed and clicked in one rerun is the AppTest's: here the
    click could land while the input's own rerun redraws the button.) Last in this module: it leaves the step
    saved."""
    text = CATALOGS["zh"]
    with browser_page(width=1366, height=1000) as page:
        panel = _open_tab(page, demo_server, "zh", "whatif.tab.levers")
        panel.locator(".js-plotly-plot").wait_for(timeout=60_000)
        wait_until_idle(page)
        panel.get_by_text(text["whatif.levers.steps"], exact=True).click()
        steps = panel.locator('[data-testid="stExpander"]')
        steps.locator("input").first.fill("4")
        steps.locator("input").first.press("Enter")
        steps.get_by_text(text["whatif.levers.steps_differ"]).wait_for(timeout=60_000)
        wait_until_idle(page)
        steps.get_by_role("button", name=text["whatif.levers.save_steps"]).click()
        steps.get_by_text(text["whatif.levers.steps_saved"]).wait_for(timeout=60_000)
        assert steps.get_by_text(text["whatif.levers.steps_same"]).is_visible()
        screenshot(page, "whatif_steps_saved_zh")
        panel = _open_tab(page, demo_server, "zh", "whatif.tab.levers")
        panel.get_by_text(text["whatif.levers.steps"], exact=True).click()
        assert panel.locator('[data-testid="stExpander"] input').first.input_value() == "4"


def _click_cell(page, grid, row: int, x: int) -> None:
    """Click a cell of the contract grid (rows 35 px under a 36 px header) at `x` px from its left."""
    box = grid.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + 36 + 35 * (row - 1) + 17)
    page.wait_for_timeout(400)


def _pick_pricing(page, grid, row: int, pricing: str) -> None:
    """Open a row's pricing cell (a click only takes focus after a rerun, selects, then opens the list) and
    pick a pricing by typing it."""
    listed = page.get_by_text(CATALOGS["zh"]["whatif.bpo.pricing.per_hour"], exact=True)
    for _ in range(3):
        _click_cell(page, grid, row, 180)
        if listed.is_visible():
            break
    page.keyboard.type(pricing)
    page.keyboard.press("Enter")
    wait_until_idle(page)


def _type_price(page, grid, row: int, price: str) -> None:
    """Type a row's contract price into the cell's editor, opened by clicks (a click after a rerun only takes
    focus, the next selects, the next opens) or by Enter on the selected cell."""
    editor = page.locator("input.gdg-input")
    for _ in range(3):
        _click_cell(page, grid, row, 350)
        if editor.count():
            break
        page.keyboard.press("Enter")
        page.wait_for_timeout(300)
        if editor.count():
            break
    editor.fill(price)
    editor.press("Enter")
    wait_until_idle(page)


def test_a_bpo_contract_typed_in_prices_the_plan(demo_server):
    """Chat's BPO charges per contact: picked without a price, saving is refused naming the channel; with ¥4.50
    a contact it saves, signed, the button counts the contract, the popover says who saved it and the plan's
    cost moves (the demo's chat is 40% outsourced); set back to the ledger's price, the cost is the ledger's
    again."""
    text = CATALOGS["zh"]
    with browser_page(width=1366, height=3200) as page:
        page.goto(f"{demo_server}/whatif")
        page.wait_for_selector('[data-testid="stMetricValue"]', timeout=180_000)
        wait_until_idle(page)
        ledger_cost = _stable(page, "12 个月总成本")
        page.get_by_role("button", name=text["whatif.bpo.open"]).click()
        popover = page.locator('[data-testid="stPopoverBody"]')
        grid = popover.locator('[data-testid="stDataFrame"]')
        grid.wait_for()
        popover.get_by_label(text["whatif.bpo.by"]).fill("采购部 赵磊")  # who saves them: asked for
        popover.get_by_label(text["whatif.bpo.by"]).press("Enter")
        wait_until_idle(page)
        _pick_pricing(page, grid, 2, text["whatif.bpo.pricing.per_contact"])  # 在线
        popover.get_by_role("button", name=text["whatif.bpo.save"]).click()
        refused = text["whatif.bpo.unpriced"].format(channels=text["channel.online"])
        popover.get_by_text(refused).wait_for(timeout=60_000)
        wait_until_idle(page)

        _type_price(page, grid, 2, "4.5")
        popover.get_by_role("button", name=text["whatif.bpo.save"]).click()
        popover.get_by_text(text["whatif.bpo.saved"]).wait_for(timeout=60_000)
        wait_until_idle(page)
        assert page.get_by_role(
            "button", name=text["whatif.bpo.open_some"].format(n=1), exact=True
        ).is_visible()
        contract_cost = _changed(page, "12 个月总成本", ledger_cost)
        assert contract_cost != ledger_cost
        popover.get_by_text("合同计价最近一次由 采购部 赵磊 于 ").wait_for(timeout=60_000)
        screenshot(page, "whatif_bpo_contract_zh")
        if not popover.is_visible():  # found closed once in CI, loaded, after the screenshot: open it again
            page.get_by_role("button", name=text["whatif.bpo.open_some"].format(n=1), exact=True).click()
        grid.wait_for(timeout=60_000)

        _pick_pricing(page, grid, 2, text["whatif.bpo.pricing.ledger"])  # back to the ledger's price
        popover.get_by_role("button", name=text["whatif.bpo.save"]).click()
        page.get_by_role("button", name=text["whatif.bpo.open"], exact=True).wait_for(timeout=60_000)
        assert _changed(page, "12 个月总成本", contract_cost) == ledger_cost
