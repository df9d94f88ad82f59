"""Browser-test harness: a real Streamlit server on a copy of a database, driven by Debian's Chromium.

Never downloads a browser. Without /usr/bin/chromium the browser tests skip locally and FAIL in CI (CI=true),
so they cannot silently stop running there.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]


def require_browser() -> None:
    """Skip without Chromium or Playwright, except in CI where their absence is a failure."""
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append("Debian's chromium (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package")
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message + " (CI=true: browser tests must run)")
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(db_path: Path, timeout: float = 90) -> Iterator[str]:
    """Serve app.py on a free loopback port with COST_DESK_DB=db_path; yields the base URL."""
    port = _free_port()
    env = {**os.environ, "COST_DESK_DB": str(db_path)}
    log = open(db_path.with_suffix(".server.log"), "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextlib.contextmanager
def browser_page(width: int = 1440, height: int = 1000) -> Iterator:
    """A Playwright page in headless Debian Chromium, with Chinese locale and Asia/Shanghai time."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN", timezone_id="Asia/Shanghai"
        )
        page = context.new_page()
        page.set_default_timeout(60_000)
        try:
            yield page
        finally:
            browser.close()


def wait_until_idle(page) -> None:
    """Wait for Streamlit to finish the current run and charts to draw.

    A run shows a status widget while it works; give it a moment to appear (a click's rerun starts after a
    round trip), then wait for it to go away.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.wait_for_selector('[data-testid="stApp"]')
    try:
        page.wait_for_selector('[data-testid="stStatusWidget"]', timeout=1500)
    except PlaywrightTimeout:
        pass
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=180_000
    )
    page.wait_for_timeout(800)


def click_tab(page, name: str) -> None:
    """Click the tab labelled ``name`` once the page shows one such tab: a run that reshapes the page keeps the
    previous run's tabs, stale, beside the new ones until it ends (seen under load)."""
    tab = page.get_by_role("tab", name=name)
    deadline = time.monotonic() + 180
    while tab.count() != 1:
        assert time.monotonic() < deadline, f"{tab.count()} tabs named {name!r}"
        page.wait_for_timeout(250)
    tab.click()


def downloaded(page, button) -> bytes:
    """Click a download button (a Playwright locator) and return the file's bytes.

    Chromium cancels a download whose file a Streamlit rerun has just replaced (the page was still settling after
    the previous action); a user would click again, and so does this, once, after the app is idle.
    """
    from playwright.sync_api import Error as PlaywrightError

    for attempt in (1, 2):
        with page.expect_download() as download:
            button.click()
        try:
            return Path(download.value.path()).read_bytes()
        except PlaywrightError as error:
            if attempt == 2 or "canceled" not in str(error):
                raise
            wait_until_idle(page)
    raise AssertionError("unreachable")


def screenshot(page, name: str) -> Path:
    """Save a PNG of the whole page (all of its scrolled content) under tests/screenshots/ and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # Streamlit scrolls inside its main section, not the document: grow the viewport to show it all.
    viewport = page.viewport_size
    height = page.evaluate(
        '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], [data-testid="stSidebar"]\')]'
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], int(height) + 40)})
    page.wait_for_timeout(600)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(viewport)
    return path


def shown_text(locator) -> str:
    """What a reader sees in part of a page: its text, and the choice each picker shows (a picker's choice is its
    input's value, not text: a Chinese label left in a picker after switching to English escaped the checks)."""
    values = locator.locator('[data-testid="stSelectbox"] input').evaluate_all("els => els.map(e => e.value)")
    return "\n".join([locator.inner_text(), *values])


def switch_language(page, lang: str) -> None:
    """Click the language option in the sidebar (its label is the language's own name)."""
    page.get_by_text("English" if lang == "en" else "简体中文", exact=True).click()
    wait_until_idle(page)
