"""The budget page in a real browser: a 2027 budget drafted from a freshly fitted forecast (with its progress bar),
submitted, returned with a comment, resubmitted and approved to locked in the 审批 tab, then both tabs in English.
Screenshots go to /tmp/shots/budget/ (and tests/screenshots/ like the other pages)."""

import shutil
from pathlib import Path

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

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/budget")
PEOPLE = ("王敏", "李强", "陈静", "赵总")
RETURN_NOTE = "外包预算偏紧，请按双11 实际调整"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot(page, f"budget_{name}"), SHOTS / f"{name}.png")


def _tab(page, name: str) -> None:
    click_tab(page, name)
    wait_until_idle(page)


def _main(page) -> str:
    return shown_text(page.locator('[data-testid="stMain"]'))


def _step(page, button: str, actor: str, comment: str = "") -> None:
    """Take an approval step: name, comment, the step's button; wait for the page to record it."""
    page.get_by_role("textbox", name="经办人姓名").fill(actor)
    if comment:
        page.get_by_role("textbox", name="意见").fill(comment)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_selector(f"text=已记录：{button}（{actor}）", timeout=60_000)
    wait_until_idle(page)


def test_budget_draft_and_approval_in_both_languages(demo_server):
    with browser_page(width=1500, height=1000) as page:
        page.goto(f"{demo_server}/budget")
        page.wait_for_selector("text=编制 2027 年度预算草案", timeout=120_000)
        wait_until_idle(page)
        assert "2027 年度还没有预算" in _main(page)

        page.get_by_label("编制人").fill("王敏")
        page.get_by_role("button", name="编制预算草案").click()
        # the first draft fits the forecast channel by channel behind a progress bar
        page.wait_for_selector('[data-testid="stProgress"]', timeout=30_000)
        page.wait_for_selector("text=已生成 2027 年度预算第 1 版草案", timeout=240_000)
        wait_until_idle(page)
        text = _main(page)
        assert "草稿" in text and "年度预算合计" in text
        assert "其中预备金（10%）" in text
        assert (
            page.locator('[data-testid="stDataFrame"]').count() >= 2
        )  # the pivot and the lines (canvas grids)
        _shot(page, "draft_zh")

        _tab(page, "审批")
        assert "下一步：由 客服运营（编制人） 修改后提交审核" in _main(page)
        _step(page, "提交审核", "王敏")
        _step(page, "审核通过", "李强")
        _step(page, "退回修改", "陈静", RETURN_NOTE)
        text = _main(page)
        assert f"已由 陈静（财务）退回给 王敏：{RETURN_NOTE}" in text
        _shot(page, "returned_zh")

        _step(page, "提交审核", "王敏")
        _step(page, "审核通过", "李强")
        _step(page, "审核通过", "陈静")
        _step(page, "审核通过", "赵总")
        text = _main(page)
        assert "已锁定" in text and "本版本已批准并锁定" in text
        assert "新建版本" in text
        _shot(page, "approved_zh")

        switch_language(page, "en")
        page.wait_for_selector("text=Approval workflow")
        wait_until_idle(page)
        text = _main(page)
        assert "Approved and locked" in text and "Locked" in text
        for data_value in (*PEOPLE, RETURN_NOTE):  # names and comments are the users' own words
            text = text.replace(data_value, "")
        assert chinese_lines(text) == []
        _tab(page, "Approval")
        _shot(page, "approval_en")
        _tab(page, "Draft")
        text = _main(page)
        assert "Budget for the year" in text and "By month × cost category" in text
        for data_value in PEOPLE:
            text = text.replace(data_value, "")
        assert chinese_lines(text) == []
        with page.expect_download() as download:
            page.get_by_role("button", name="Download the budget (Excel)").click()
        assert download.value.suggested_filename == "budget_2027_v1.xlsx"
        _shot(page, "draft_en")
