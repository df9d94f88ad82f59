"""Where a page has nothing to show for want of data, it links to the Data import page with that kind of data
already picked (ui.frame.import_link, ui.import_steps.kind_from_address)."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from analytics import demo, store
from tests.pages import set_language, start_app
from ui.i18n import CATALOGS

IMPORT_PAGE = "pages/data_import.py"


def _import_links(at) -> dict[str, dict[str, list[str]]]:
    """The page's links to the Data import page that carry a kind: label → address parameters."""
    return {
        link.proto.label: parse_qs(link.proto.query_string)
        for link in at.get("page_link")
        if "kind" in parse_qs(link.proto.query_string)
    }


def _label(lang: str, kind: str) -> str:
    text = CATALOGS[lang]
    return text["frame.import_link"].format(kind=text[f"imp.kind.{kind}"])


def _delete(path, *statements: str) -> None:
    """Run DELETE statements on the database at `path` (a copy of the demo)."""
    con = store.connect(path)
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


@pytest.fixture
def empty_db(demo_copy):
    con = store.connect(demo_copy)
    demo.start_empty(con)
    con.close()
    return demo_copy


@pytest.mark.parametrize(
    ("page", "kinds"),
    [
        (None, ["volume", "costs", "staff"]),  # the overview and the review name all three, in that order
        ("pages/forecast.py", ["volume"]),
        ("pages/whatif.py", ["volume"]),
        ("pages/budget.py", ["volume"]),
        ("pages/evaluation.py", ["volume", "costs", "staff"]),
        ("pages/cost_structure.py", ["costs"]),
    ],
)
def test_an_empty_page_links_to_the_imports_it_needs(app_env, empty_db, page, kinds):
    app_env(empty_db)
    at = start_app()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    links = _import_links(at)
    assert list(links) == [_label("zh", kind) for kind in kinds]
    assert list(links.values()) == [{"kind": [kind]} for kind in kinds]


@pytest.mark.parametrize("page", [None, "pages/evaluation.py"])
def test_a_page_links_to_the_imports_its_figures_lack(app_env, demo_copy, page):
    """Volume imported, no ledger and no roster: the overview's tiles and the review's unscored metrics say so,
    and the links to both imports follow them; on the demo, which lacks nothing, there are none."""

    def links() -> list[str]:
        at = start_app()
        if page:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return list(_import_links(at))

    app_env(demo_copy)
    assert links() == []
    _delete(demo_copy, "DELETE FROM cost_entries", "DELETE FROM staff")
    app_env(demo_copy)
    assert links() == [_label("zh", "costs"), _label("zh", "staff")]


def test_the_link_keeps_the_language(app_env, empty_db):
    app_env(empty_db)
    at = set_language(start_app(), "en")
    links = _import_links(at)
    assert links["Data import: Daily contact volume"] == {"kind": ["volume"], "lang": ["en"]}
    assert list(links) == [_label("en", kind) for kind in ("volume", "costs", "staff")]


def test_rates_on_defaults_link_to_the_roster_import(app_env, demo_copy):
    """Without a roster the what-if prices people at default rates and says where to import one."""
    _delete(demo_copy, "DELETE FROM staff")
    app_env(demo_copy)
    at = start_app()
    at.switch_page("pages/whatif.py").run()
    assert not at.exception, at.exception
    assert CATALOGS["zh"]["whatif.defaults.roster"] in [w.value for w in at.warning]
    assert _label("zh", "staff") in _import_links(at)


def test_the_address_opens_the_import_on_its_kind_once(app_env, demo_db):
    """data_import?kind=costs leaves the history for the import, with the cost ledger picked; the parameter is
    then dropped, and a kind the page does not know changes nothing."""
    app_env(demo_db, clear=False)
    at = start_app()
    at.switch_page(IMPORT_PAGE).run()
    at = at.segmented_control(key="_imp_section_zh").set_value("history").run()
    at.query_params["kind"] = "costs"
    at.switch_page(IMPORT_PAGE).run()
    assert not at.exception, at.exception
    assert at.segmented_control(key="_imp_section_zh").value == "import"
    assert at.selectbox(key="_imp_kind_zh").value == "costs"
    assert "kind" not in at.query_params
    at = at.selectbox(key="_imp_kind_zh").set_value("staff").run()
    at.query_params["kind"] = "nonsense"
    at.switch_page(IMPORT_PAGE).run()
    assert at.selectbox(key="_imp_kind_zh").value == "staff" and "kind" not in at.query_params


def test_the_reconciliation_links_to_the_missing_sides_import_with_its_source_system(app_env, demo_copy):
    """Finance's ledger alone: the link opens the cost ledger import with ops' sheet's source system typed in,
    so the file lands on the side the reconciliation reads."""
    _delete(demo_copy, f"DELETE FROM cost_entries WHERE source = '{demo.OPS}'")
    app_env(demo_copy)
    at = start_app()
    at.switch_page("pages/cost_structure.py").run()
    assert not at.exception, at.exception
    label = CATALOGS["zh"]["frame.import_link_source"].format(link=_label("zh", "costs"), source=demo.OPS)
    assert _import_links(at) == {label: {"kind": ["costs"], "source": [demo.OPS]}}


def test_a_linked_source_system_fills_the_next_mapping_once(app_env, demo_copy):
    """data_import?kind=tickets&source=呼叫中心 types the system into the mapping of the next file, over the
    system of the saved profile that maps it; the file after it takes the profile's again, and so does a file
    uploaded after a link without a system that followed an unused one."""
    app_env(demo_copy, clear=False)
    at = start_app()
    at.switch_page(IMPORT_PAGE).run()
    at = at.selectbox(key="_imp_kind_zh").set_value("tickets").run()
    at.file_uploader[0].set_value(
        ("x.csv", "工单号码,来源渠道,创建时间\nX1,电话,2024-06-18 09:30\n".encode(), "text/csv")
    ).run()
    next(box for box in at.text_input if box.key.startswith("_imp_source_")).set_value("小程序客服").run()
    at.text_input(key="_imp_pname_1").set_value("小程序客服工单").run()
    at.button(key="_imp_profile_save").click().run()
    assert not at.exception, at.exception

    at.query_params["kind"] = "tickets"
    at.query_params["source"] = "呼叫中心"
    at.switch_page(IMPORT_PAGE).run()
    assert not at.exception, at.exception
    assert "kind" not in at.query_params and "source" not in at.query_params
    gen = at.session_state["imp_gen"]
    assert at.session_state["imp_profile"] == "小程序客服工单"  # the profile still maps the columns
    assert at.text_input(key=f"_imp_source_{gen}").value == "呼叫中心"

    at.file_uploader[0].set_value(None).run()
    at.query_params["kind"] = "tickets"
    at.query_params["source"] = "旧系统"  # a link followed, no file uploaded; then a link without a system
    at.switch_page(IMPORT_PAGE).run()
    at.query_params["kind"] = "tickets"
    at.switch_page(IMPORT_PAGE).run()
    again = "工单号码,来源渠道,创建时间\nX2,微信,2024-06-19 10:00\n".encode()
    at = at.file_uploader[0].set_value(("y.csv", again, "text/csv")).run()
    gen = at.session_state["imp_gen"]
    assert at.text_input(key=f"_imp_source_{gen}").value == "小程序客服"


def test_cost_allocation_without_its_data_links_to_the_import_that_holds_it(app_env, demo_copy):
    """No ticket rows and no roster at all: cost per contact by customer tier and the shared costs by headcount
    or by tickets say the database holds none, and link to the import of tickets or of the roster."""
    _delete(demo_copy, "DELETE FROM tickets", "DELETE FROM staff")
    app_env(demo_copy)
    at = start_app()
    at.switch_page("pages/cost_structure.py").run()
    at.radio(key="cs_by_zh").set_value("tier").run()
    at.radio(key="cs_driver_zh").set_value("headcount").run()
    assert not at.exception, at.exception
    per_contact, shared = at.tabs[1], at.tabs[3]
    zh = CATALOGS["zh"]
    assert zh["costs.no_basis_any"] in [i.value for i in per_contact.info]
    assert [i.value for i in shared.info] == [zh["costs.no_driver_none"]]
    assert list(_import_links(per_contact)) == [_label("zh", "tickets")]
    assert list(_import_links(shared)) == [_label("zh", "staff")]
    at.radio(key="cs_driver_zh").set_value("tickets").run()
    assert list(_import_links(at.tabs[3])) == [_label("zh", "tickets")]
    at.radio(key="cs_by_zh").set_value("channel").run()  # daily volume is there: no link
    assert _import_links(at.tabs[1]) == {}


def test_a_period_the_allocation_data_misses_links_to_its_import(app_env, demo_db):
    """The demo's ticket rows start in 2025-11: 2024 has none (cost per contact by tier and the shared costs by
    tickets say so and link to the ticket import), 2025 has two months of them (the caption says which months
    are allocated and links there too); the daily volume covers every year (no link by channel)."""
    app_env(demo_db)
    at = start_app()
    at.switch_page("pages/cost_structure.py").run()
    at.radio(key="cs_by_zh").set_value("tier").run()
    at.radio(key="cs_driver_zh").set_value("tickets").run()
    at.selectbox(key="cs_period_year_zh").set_value("2024").run()
    assert not at.exception, at.exception
    zh = CATALOGS["zh"]
    per_contact, shared = at.tabs[1], at.tabs[3]
    held = dict(first="2025-11", last="2026-10")
    assert [i.value for i in per_contact.info] == [zh["costs.no_basis"].format(**held)]
    assert [i.value for i in shared.info] == [zh["costs.no_driver"].format(**held)]
    assert list(_import_links(per_contact)) == [_label("zh", "tickets")]
    assert list(_import_links(shared)) == [_label("zh", "tickets")]

    at.selectbox(key="cs_period_year_zh").set_value("2025").run()
    per_contact = at.tabs[1]
    assert not per_contact.info
    coverage = zh["costs.coverage.tickets"].split("{first}")[0] + "2025-11 至 2025-12"
    assert any(c.value.startswith(coverage) for c in per_contact.caption)
    assert list(_import_links(per_contact)) == [_label("zh", "tickets")]

    at.radio(key="cs_by_zh").set_value("channel").run()
    assert _import_links(at.tabs[1]) == {}
    assert not any(zh["costs.coverage.volume"].split("{first}")[0] in c.value for c in at.tabs[1].caption)
