"""Tables write a missing value as a dash, not the grid's own English "None" (ui.frame.grid)."""

from __future__ import annotations

import pytest

from tests.pages import start_app
from ui.frame import MISSING


@pytest.mark.parametrize(
    ("page", "widget", "value"),
    [
        ("pages/forecast.py", None, None),
        ("pages/whatif.py", None, None),
        ("pages/budget.py", "bu_year_zh", 2026),  # the demo's budget year, with its tables
        ("pages/cost_structure.py", None, None),
    ],
)
def test_every_table_on_a_page_writes_a_gap_as_a_dash(app_env, demo_db, page, widget, value):
    app_env(demo_db, clear=False)
    at = start_app()
    at.switch_page(page).run()
    if widget:
        at = at.selectbox(key=widget).set_value(value).run()
    assert not at.exception, at.exception
    assert at.dataframe, "the page shows no table to check"
    assert {table.proto.placeholder for table in at.dataframe} == {MISSING}
