"""Startup benchmark: time to build the demo database, and from server start to the first rendered home page.

Run: .venv/bin/python bench/bench_startup.py   (needs Debian's chromium for the page timing)
Two server timings: on an existing demo database (a normal start), and on a first start with no database
(the demo data is built while the first visitor waits, behind a progress bar).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser_page, streamlit_server  # noqa: E402


def build_demo(path: Path) -> float:
    """Seconds to build the demo database in a fresh process (CLI seed-demo), wall clock."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "analytics", "seed-demo", "--db", str(path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def first_render(path: Path) -> tuple[float, float]:
    """Seconds from launching `streamlit run` to the server answering, and to six KPI values on the page."""
    started = time.perf_counter()
    with streamlit_server(path, timeout=180) as url:
        serving = time.perf_counter() - started
        with browser_page() as page:
            page.set_default_timeout(180_000)
            page.goto(url)
            page.wait_for_function(
                "() => document.querySelectorAll('[data-testid=\"stMetricValue\"]').length === 6"
            )
            rendered = time.perf_counter() - started
    return serving, rendered


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        existing = Path(tmp) / "demo.duckdb"
        build = build_demo(existing)
        size_mb = existing.stat().st_size / 1e6
        serving, rendered = first_render(existing)
        fresh_serving, fresh_rendered = first_render(Path(tmp) / "fresh.duckdb")
    print("startup benchmark (2-core machine; wall-clock seconds)")
    print(
        f"  {'demo database build (CLI seed-demo, new process)':<58}{build:>8.1f} s   ({size_mb:,.0f} MB file)"
    )
    print(f"  {'server start -> health check answers':<58}{serving:>8.1f} s")
    print(f"  {'server start -> home page rendered (existing database)':<58}{rendered:>8.1f} s")
    print(f"  {'server start -> home page rendered (first start, builds demo)':<58}{fresh_rendered:>8.1f} s")


if __name__ == "__main__":
    main()
