"""The Data page in a real browser: a GBK file with title rows and a 合计 row goes in through the file input, is
checked and imported; then, in English, a bad file shows its row-level report and the history lists the batch.
In English from the start: the downloaded template reads in English, maps itself for sure and imports; the same
file again is named with the earlier batch; a workbook with a notes sheet first opens on its data.
Screenshots: tests/screenshots/data_import_*.png."""

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.browser import (
    browser_page,
    downloaded,
    require_browser,
    screenshot,
    streamlit_server,
    switch_language,
    wait_until_idle,
)
from tests.ingest_workbooks import notes_first
from tests.pages import chinese_lines
from ui.i18n import CATALOGS

ZH = CATALOGS["zh"]

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
BAD = (
    "工单号,渠道,创建时间,处理时长,满意度\n"
    "B001,电话,2024-06-18 09:30,300,5\n"
    "B002,传真,2024-06-18 10:00,300,5\n"
    "B003,微信,2024/13/45,200,4\n"
).encode()


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    require_browser()
    path = tmp_path_factory.mktemp("browser_import") / "demo.duckdb"
    shutil.copy(demo_db, path)
    with streamlit_server(path) as url:
        yield url, path


def _main(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _fill(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    wait_until_idle(page)


def _click(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    wait_until_idle(page)


def test_gbk_file_is_imported_in_the_browser(server):
    url, _ = server
    with browser_page() as page:
        page.goto(f"{url}/data_import")
        page.wait_for_selector('[data-testid="stFileUploader"]')
        wait_until_idle(page)
        assert "数据导入" in _main(page)
        # Streamlit's own dropzone words are English; the page puts the catalog's in their place
        shown = page.evaluate(
            """() => ['[data-testid="stFileUploaderDropzone"] button p',
                      '[data-testid="stFileUploaderDropzoneInstructions"] span'].map(
                 s => getComputedStyle(document.querySelector(s), '::after').content)"""
        )
        assert shown == [f'"{ZH["imp.upload.button"]}"', f'"{ZH["imp.upload.dropzone"].format(limit=50)}"']
        screenshot(page, "data_import_zh_start")

        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
            str(FIXTURES / "gbk_title_total.csv")
        )
        page.wait_for_selector("text=识别结果")
        wait_until_idle(page)
        text = _main(page)
        assert "编码：GBK / GB18030" in text
        assert "表头在第 3 行" in text
        assert ZH["imp.detect.totals"].format(n=1, rows="7") in text

        _fill(page, "来源系统", "helpdesk_cn")
        _click(page, "校验数据")
        page.wait_for_selector("text=全部 3 行校验通过，可以导入。")
        wait_until_idle(page)
        screenshot(page, "data_import_zh_checked")

        _fill(page, "导入人", "王芳")
        _click(page, "导入 3 行")
        page.wait_for_selector("text=导入完成：批次 #2，新增 3 行，更新 0 行，0 行未变。")
        wait_until_idle(page)
        assert "最近一次写入" in _main(page) and "批次 #2" in _main(page)
        screenshot(page, "data_import_zh_result")

        switch_language(page, "en")
        page.wait_for_selector("text=Imported as batch #2: 3 inserted, 0 updated, 0 unchanged.")
        wait_until_idle(page)
        screenshot(page, "data_import_en_result")

        _click(page, "Import another file")
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
            files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": BAD}]
        )
        page.wait_for_selector("text=What we found")
        wait_until_idle(page)
        _click(page, "Check the data")
        page.wait_for_selector("text=Problems found (2)")
        wait_until_idle(page)
        text = _main(page)
        assert "Rows with problems" in text
        assert page.get_by_role("button", name="Import 3 rows").is_disabled()
        screenshot(page, "data_import_en_report")
        # the report downloads as Excel, written on the click: the page's two rows, in English
        report = downloaded(page, page.get_by_role("button", name="Download the report (Excel)"))
        rows = list(openpyxl.load_workbook(io.BytesIO(report)).active.iter_rows(values_only=True))
        assert rows[0] == ("File", "Row", "Column", "Value", "Reason") and len(rows) == 3

        page.get_by_text("Import history", exact=True).click()
        wait_until_idle(page)
        page.wait_for_selector("text=Undo a batch")
        screenshot(page, "data_import_en_history")
        assert chinese_lines(page.locator('[data-testid="stSidebar"]').inner_text()) == []

        page.get_by_text("Cost category mapping", exact=True).click()
        wait_until_idle(page)
        page.wait_for_selector('[data-testid="stDataFrame"]')
        page.wait_for_timeout(800)
        screenshot(page, "data_import_en_categories")


def _upload(page, name: str, content: bytes, mime: str = "text/csv") -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": content}]
    )
    page.wait_for_selector("text=What we found")
    wait_until_idle(page)


def _pick_kind(page, label: str) -> None:
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=label).click()
    wait_until_idle(page)


def _shown_whole(page, text: str) -> bool:
    """True when a selectbox shows `text` and its box is wide enough for all of it (measured in its own font)."""
    return page.evaluate(
        """(text) => {
            const boxes = [...document.querySelectorAll('[data-testid="stSelectbox"] input')]
                .filter(e => e.value === text);
            const canvas = document.createElement('canvas').getContext('2d');
            return boxes.length > 0 && boxes.every(e => {
                const style = getComputedStyle(e);
                canvas.font = style.font;
                const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                return canvas.measureText(text).width <= room;
            });
        }""",
        text,
    )


def test_english_template_round_trip_and_a_repeated_file(server):
    url, _ = server
    with browser_page(width=1366) as page:
        page.goto(f"{url}/data_import?lang=en")
        page.wait_for_selector('[data-testid="stFileUploader"]')
        wait_until_idle(page)
        _pick_kind(page, "Daily contact volume")
        template = downloaded(page, page.get_by_role("button", name="Download CSV template"))
        header = next(csv.reader(io.StringIO(template.decode("utf-8-sig"))))
        assert header[:3] == ["Date (date)", "Channel (channel)", "Contacts (contacts)"]
        rows = io.StringIO()
        csv.writer(rows).writerows(
            [header, ["2024-07-01", "电话", "1200", "1100"] + [""] * (len(header) - 4)]
        )
        filled = rows.getvalue().encode("utf-8-sig")

        _upload(page, "july.csv", filled)
        _fill(page, "Source system", "wfm_en")
        badges = page.locator('[data-testid="stMarkdownContainer"] span:has-text("%")').all_inner_texts()
        assert len(badges) == len(header) and all("100%" in b for b in badges), badges
        assert _shown_whole(page, "Average speed of answer (s) (asa_seconds)")  # the longest header fits
        screenshot(page, "data_import_en_template_mapped")
        _click(page, "Check the data")
        page.wait_for_selector("text=1 row checked, no problems; ready to import.")
        _click(page, "Import 1 row")
        page.wait_for_selector("text=Imported as batch")
        wait_until_idle(page)

        _click(page, "Import another file")
        _upload(page, "july (1).csv", filled)
        _click(page, "Check the data")
        warning = page.locator('[data-testid="stAlert"]').filter(has_text="is already in").inner_text()
        assert "'july (1).csv'" in warning and "'july.csv'" in warning and "undo that batch" in warning
        assert chinese_lines(warning) == []
        screenshot(page, "data_import_en_repeated_file")

        _upload(page, "two sheets.xlsx", notes_first(), "application/octet-stream")
        text = _main(page)
        assert "Sheet: 服务量" in text and "Skipped sheets without the required columns: 说明" in text
        screenshot(page, "data_import_en_workbook")

        _upload(page, "no channel.csv", b"day,line,calls\n2024-06-18,phone,120\n")
        badge = page.locator('[data-testid="stMarkdownContainer"] span').filter(
            has_text="required, not mapped"
        )
        assert badge.evaluate("e => e.scrollWidth <= e.clientWidth")  # the whole badge, no ellipsis
        assert "Pick their columns in the mapping above" in _main(page)
        screenshot(page, "data_import_en_unmapped_column")


SUMMARY = (
    "期间,成本中心,科目,供应商,金额\n"
    "2025-01,热线中心,direct_labor.base_pay,,420000\n"
    "2025-01,热线中心,outsourcing.bpo_seats,华信外包,180000\n"
    "2025-02,热线中心,direct_labor.base_pay,,425000\n"
).encode()


def test_a_monthly_cost_summary_without_voucher_numbers_maps_itself_and_imports(server):
    """No voucher column: the ledger line id is the summary's (its choice shown whole in both languages, with its
    badge and the note saying a corrected summary updates its lines), and the three lines import."""
    url, _ = server
    with browser_page(width=1366) as page:
        page.goto(f"{url}/data_import?kind=costs")
        page.wait_for_selector('[data-testid="stFileUploader"]')
        wait_until_idle(page)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
            files=[{"name": "费用汇总.csv", "mimeType": "text/csv", "buffer": SUMMARY}]
        )
        page.wait_for_selector("text=识别结果")
        wait_until_idle(page)
        assert _shown_whole(page, ZH["imp.map.summary_id"])
        text = _main(page)
        assert ZH["imp.map.summary_badge"] in text and ZH["imp.map.summary_note"] in text
        assert ZH["imp.map.missing"] not in text
        screenshot(page, "data_import_zh_summary")

        switch_language(page, "en")
        page.wait_for_selector("text=What we found")
        wait_until_idle(page)
        assert _shown_whole(page, "No voucher numbers (monthly summary)")
        assert "monthly summary" in _main(page)
        screenshot(page, "data_import_en_summary")
        _fill(page, "Source system", "finance_summary")
        _click(page, "Check the data")
        page.wait_for_selector("text=3 rows checked, no problems; ready to import.")
        _click(page, "Import 3 rows")
        page.wait_for_selector("text=Imported as batch")
        assert "3 inserted" in _main(page)
