"""The quarterly review report: one self-contained HTML file (the four scores as displayed, both languages,
nothing fetched from a network, print CSS) and the scorecard CSV (UTF-8 with BOM, Chinese intact)."""

from __future__ import annotations

import html
import io
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest

from analytics import cost_levers, store, whatif
from analytics import evaluation as ev
from analytics.channels import CHANNELS
from analytics.forecast import publish_snapshot
from tests.pages import CJK, abandon_moves
from tests.test_whatif import AS_OF, last_year_as_forecast
from ui import review_report
from ui.evaluation_text import dimension_name, metric_name, score_text, status_name
from ui.format import signed_money
from ui.i18n import CATALOGS, speaking, text_in
from ui.whatif_sliders import lever_bounds

QUARTER = "2026Q3"
FIGURES = 6
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)


@pytest.fixture(scope="module")
def reports(demo_db):
    """The demo's 2026Q3 report in both languages, with the scorecard it shows."""
    con = store.connect(demo_db)
    try:
        card = ev.scorecard(con, QUARTER)
        yield card, {lang: review_report.report_html(con, QUARTER, lang) for lang in ("zh", "en")}
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_shows_the_four_scores_as_displayed(reports, lang):
    card, pages = reports
    page = pages[lang]
    for key, score in card.scores().items():
        assert score is not None
        assert f'data-dimension="{key}">{score_text(score)}</div>' in page
        assert dimension_name(key, lang) in page
    text = CATALOGS[lang]
    for heading in (
        "scores",
        "summary",
        "metrics",
        "trend",
        "budget",
        "structure",
        "peaks",
        "levers",
        "decisions",
    ):
        assert f'<section id="{heading}"' in page
    assert text["eval.report.title"].format(quarter=QUARTER) in page
    for metric in (m for d in card.dimensions for m in d.metrics):
        assert html.escape(metric_name(metric.key, lang)) in page
    assert page.count("<tr>") >= len(ev.METRIC_KEYS) + 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_fetches_nothing_from_a_network(reports, lang):
    page = reports[1][lang]
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=", page, re.I)
    assert not re.search(r"<(img|iframe|source|video|audio)[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", page, re.I)
    outside_scripts = _SCRIPT.sub("", page)
    assert not re.search(r"https?://", outside_scripts)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", outside_scripts, re.I)
    # plotly's JavaScript is inlined exactly once, and every figure is drawn with it: the radar, the trend, budget
    # vs actual, the cost structure, the Double-11 staffing outlook (next quarter's peak, after the as-of date) and
    # the cost levers.
    scripts = _SCRIPT.findall(page)
    assert sum(len(s) > 1_000_000 for s in scripts) == 1
    assert page.count("Plotly.newPlot(") == FIGURES
    text = CATALOGS[lang]
    for section in ("budget", "structure", "peaks", "levers"):
        chart = f'<div class="figure" role="img" aria-label="{html.escape(text[f"eval.report.{section}"])}">'
        assert chart in page.split(f'<section id="{section}"')[1].split("</section>")[0]


def test_report_prints_cleanly(reports):
    page = reports[1]["zh"]
    assert "@media print" in page and "@page { size: A4; margin:" in page
    assert "break-inside: avoid" in page
    # only the long sub-metric table starts a page: a page per section left most of eight A4 pages empty
    assert page.count("break-before: page") == 1 and "section#metrics { break-before: page" in page


def test_english_report_has_no_chinese_outside_data(reports):
    page = _SCRIPT.sub("", reports[1]["en"])
    text = re.sub(r"<[^>]+>", " ", page)
    assert CJK.findall(text) == []
    assert re.search(CJK, _SCRIPT.sub("", reports[1]["zh"]))
    assert re.findall(r"\w+\(s\)", text) == []  # counted nouns agree with their number ("11 days after")


def test_report_has_budget_structure_peaks_and_decisions(demo_copy):
    con = store.connect(demo_copy)
    try:
        ev.save_decision(con, QUARTER, "<b>双11</b> 前增加 20 名临时工 & 外包", "王敏", None, "李强")
        page = review_report.report_html(con, QUARTER, "zh")
    finally:
        con.close()
    assert "&lt;b&gt;双11&lt;/b&gt; 前增加 20 名临时工 &amp; 外包" in page
    assert "<b>双11</b>" not in page
    budget = page.split('<section id="budget"')[1].split("</section>")[0]
    assert "直接人工" in budget and "合计" in budget and "预备金" not in budget
    peaks = page.split('<section id="peaks"')[1].split("</section>")[0]
    assert "双11" in peaks and "2026-11-11" in peaks


def test_report_on_an_empty_database(empty_con):
    page = review_report.report_html(empty_con, QUARTER, "en")
    for key in ev.DIMENSIONS:
        assert f'data-dimension="{key}">—</div>' in page
    assert CATALOGS["en"]["eval.report.no_budget"] in page
    assert CATALOGS["en"]["eval.report.no_decisions"] in page
    assert CATALOGS["en"]["eval.summary.none"] in page
    assert CATALOGS["en"]["eval.report.levers.no_volume"] in _section(page, "levers")


def test_scorecard_csv_round_trips_with_chinese_intact(reports):
    card = reports[0]
    data = review_report.scorecard_csv(card, "zh")
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    text = CATALOGS["zh"]
    assert list(frame.columns)[:3] == [
        text["eval.col.dimension"],
        text["eval.col.metric"],
        text["eval.col.key"],
    ]
    assert frame[text["eval.col.key"]].tolist() == list(ev.METRIC_KEYS)
    assert frame[text["eval.col.metric"]].tolist() == [metric_name(key, "zh") for key in ev.METRIC_KEYS]
    table = ev.scorecard_table(card)
    assert frame[text["eval.col.score"]].tolist() == pytest.approx(table["score"].tolist(), nan_ok=True)
    assert frame[text["eval.col.value"]].tolist() == pytest.approx(
        table["value"].tolist(), rel=1e-5, nan_ok=True
    )
    assert frame[text["eval.col.status"]].tolist() == [status_name(s, "zh") for s in table["status"]]
    assert set(frame[text["eval.col.unit"]]) <= {text[f"eval.unit_name.{u}"] for u in set(table["unit"])}
    assert frame[text["eval.col.formula_text"]].str.contains(CJK).all()  # the method in Chinese, per row
    # a file passed on says which quarter and strategy it scored, and strategic fit's target is its range
    assert set(frame[text["eval.col.quarter"]]) == {QUARTER}
    assert set(frame[text["eval.col.strategy"]]) == {text[f"eval.strategy.{card.strategy}"]}
    fit = frame.set_index(text["eval.col.key"]).loc["strategy.digital_share"]
    low, high = ev.STRATEGY_RANGES[card.strategy]["digital_share"]
    assert (fit[text["eval.col.target_low"]], fit[text["eval.col.target_high"]]) == (low, high)
    assert pd.isna(fit[text["eval.col.target"]])
    scores = frame.groupby(text["eval.col.dimension"])[text["eval.col.dimension_score"]].unique()
    assert {name: list(s) for name, s in scores.items()} == {
        dimension_name(key, "zh"): [score] for key, score in card.scores().items()
    }
    english = pd.read_csv(io.BytesIO(review_report.scorecard_csv(card, "en")), encoding="utf-8-sig")
    assert CATALOGS["en"]["eval.col.metric"] in english.columns
    assert not english[CATALOGS["en"]["eval.col.metric"]].str.contains(CJK).any()


def test_scorecard_xlsx_shows_each_metric_in_its_unit(reports):
    """The Excel scorecard holds the CSV's rows with each metric's value, target and prior in its unit's format
    (a share as a percentage, yuan with two decimals), the unit column naming a share a percentage, and no
    totals row."""
    card = reports[0]
    text = CATALOGS["zh"]
    csv = pd.read_csv(io.BytesIO(review_report.scorecard_csv(card, "zh")), encoding="utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(review_report.scorecard_xlsx(card, "zh"))).active
    assert sheet.title == text["eval.xlsx.sheet"]
    header, *rows = sheet.iter_rows()
    names = [cell.value for cell in header]
    assert names == list(csv.columns) and len(rows) == len(csv)  # no totals row
    column = {name: i for i, name in enumerate(names)}
    table = ev.scorecard_table(card)
    for cells, unit, value in zip(rows, table["unit"], table["value"], strict=True):
        shown = cells[column[text["eval.col.value"]]]
        assert shown.value == (pytest.approx(value) if value == value and value is not None else None)
        if shown.value is not None:
            assert shown.number_format == review_report.UNIT_FORMATS[unit]
        score = cells[column[text["eval.col.score"]]]
        assert score.value is None or score.number_format == "0.0"
    units = {cells[column[text["eval.col.key"]]].value: cells for cells in rows}
    level = units["quality.service_level"]
    assert level[column[text["eval.col.value"]]].number_format == "0.0%"
    assert level[column[text["eval.col.unit"]]].value == text["eval.unit_name.percent"]
    assert units["cost.cost_per_contact"][column[text["eval.col.target"]]].number_format == "#,##0.00"


def test_report_opens_offline_in_a_browser(reports, tmp_path):
    """Chromium renders both charts from the file with every network request refused."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_FLAGS, require_browser

    require_browser()
    path = tmp_path / "review.html"
    path.write_text(reports[1]["en"], encoding="utf-8")
    fetched: list[str] = []

    def refuse_network(route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            fetched.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", refuse_network)
            page.goto(path.as_uri())
            page.wait_for_selector(".figure .main-svg", timeout=30_000)
            assert page.locator(".figure .js-plotly-plot").count() == FIGURES
            # Printed on A4 (the report's own @page margins), the nine sections fill five pages at most: scores
            # and summary, the sub-metric table, the rest, of which the cost levers' chart and table take about a
            # page (nine when each section took a page of its own).
            pdf = page.pdf(format="A4", prefer_css_page_size=True)
            assert 2 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 5
            # Nothing is wider than A4's printable width (210 mm less 2 × 12 mm, about 703 px).
            page.emulate_media(media="print")
            page.set_viewport_size({"width": 703, "height": 1000})
            page.wait_for_timeout(500)
            assert page.evaluate("document.documentElement.scrollWidth") <= 703
        finally:
            browser.close()
    assert fetched == []


# --- the words and figures the report is made of ----------------------------------------------------------------


def test_radar_and_trend_figures():
    from ui.charts_evaluation import radar, score_trend

    def card(quarter: str, scores: dict) -> ev.Scorecard:
        start, end = ev.quarter_bounds(quarter)
        return ev.Scorecard(
            quarter, start, end, "balanced", tuple(ev.Dimension(k, scores[k], ()) for k in ev.DIMENSIONS)
        )

    now = card("2026Q3", {"cost": 90.0, "quality": 70.0, "strategy": None, "flexibility": 60.0})
    before = card("2026Q2", {"cost": 50.0, "quality": 75.0, "strategy": 80.0, "flexibility": 60.0})
    fig = radar(now, before, ev.TARGET_SCORE, lang="en")
    names = [trace.name for trace in fig.data]
    assert names == ["Target", "Prior quarter 2026Q2", "This quarter 2026Q3"]
    # Closed loops in the order of DIMENSIONS; a dimension without a score is a gap, never a zero.
    assert list(fig.data[2].r) == [90.0, 70.0, None, 60.0, 90.0]
    assert list(fig.data[1].r) == [50.0, 75.0, 80.0, 60.0, 50.0]
    assert list(fig.data[0].r) == [80.0] * 5
    assert list(fig.data[2].theta)[:4] == ["Cost", "Service quality", "Strategic fit", "Flexibility"]
    assert fig.layout.polar.radialaxis.range == (0, 100)
    assert radar(now, None, ev.TARGET_SCORE, lang="zh").data[-1].name == "本季度 2026Q3"
    frame = pd.DataFrame(
        {"quarter": ["2026Q2", "2026Q3"], "cost": [50.0, 90.0], "quality": [75.0, 70.0]}
        | {"strategy": [80.0, None], "flexibility": [60.0, 60.0]}
    )
    trend = score_trend(frame, lang="zh", target=80.0)
    assert [trace.name for trace in trend.data] == ["成本", "服务质量", "战略匹配", "灵活性"]
    assert list(trend.data[0].y) == [50.0, 90.0]
    assert pd.isna(trend.data[2].y[1])
    assert trend.layout.shapes[0].y0 == 80.0


def test_radar_scale_is_readable_on_a_projector():
    """The radar's 20-100 scale was 14 px grey in presentation mode: unreadable from the back row."""
    from ui.charts_evaluation import radar

    start, end = ev.quarter_bounds("2026Q3")
    card = ev.Scorecard(
        "2026Q3", start, end, "balanced", tuple(ev.Dimension(k, 70.0, ()) for k in ev.DIMENSIONS)
    )
    shown = radar(card, None, ev.TARGET_SCORE, lang="zh", presentation=True).layout.polar.radialaxis.tickfont
    assert shown.size >= 18
    assert radar(card, None, ev.TARGET_SCORE, lang="zh").layout.polar.radialaxis.tickfont.size >= 11


def _section(page: str, anchor: str) -> str:
    return page.split(f'<section id="{anchor}"')[1].split("</section>")[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_prices_the_cost_levers_for_the_next_12_months(reports, lang):
    """The demo has no forecast published for its as-of date: the report fits one and says so."""
    text = CATALOGS[lang]
    levers = _section(reports[1][lang], "levers")
    assert html.escape(text["eval.report.levers.source.fitted"]) in levers
    assert "2026-10-31" in levers and "2026-11" in levers and "2027-10" in levers
    rows = re.findall(r"<tr><td>(.*?)</td>", levers)
    assert len(rows) == 11 and rows[-1] == html.escape(text["whatif.levers.kept_together"])
    # a lower phone target says how long callers then wait
    phone = levers.split(f"<td>{html.escape(text['whatif.levers.service_level'])}</td>")[1].split("</tr>")[0]
    wait = re.escape(text["whatif.levers.service.lower_wait"]).replace(r"\{before\}", r"\d+")
    assert re.search(wait.replace(r"\{after\}", r"\d+"), html.unescape(phone)), phone
    # a higher occupancy cap says whose agents get busier (e-mail and tickets, worked at the cap), how busy
    channels = ("、" if lang == "zh" else ", ").join([text["channel.email"], text["channel.ticket"]])
    busier = text["whatif.levers.busier"].format(channels=channels, before="85%", after="90%")
    assert f"<p>{html.escape(busier)}</p>" in levers
    notes = [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", levers)]
    lowered = {text["whatif.levers.service_level"], text["whatif.levers.chat_service_level"]}
    assert set(abandon_moves(notes, text)) == lowered


def test_report_levers_fitted_on_a_short_history_carry_its_warning(short_history_db):
    """Eight months of volume: the forecast the report fits for its levers has no yearly season, and says so."""
    con = store.connect(short_history_db)
    try:
        pages = {lang: review_report.report_html(con, QUARTER, lang) for lang in ("zh", "en")}
    finally:
        con.close()
    for lang, page in pages.items():
        text = CATALOGS[lang]
        channels = ("、" if lang == "zh" else ", ").join(text[f"channel.{c}"] for c in CHANNELS)
        short = text_in(lang, "forecast.warning.short_history", channel=channels, days=245)
        levers = _section(page, "levers")
        assert f'<p class="warning">{html.escape(short)}</p>' in levers
        assert levers.index(html.escape(short)) < levers.index("<table")


def test_report_levers_are_priced_on_the_published_forecast(demo_copy):
    """With a forecast published for the as-of date the levers run on it, as the what-if page does: each row
    is cost_levers.lever_effects on that baseline."""
    con = store.connect(demo_copy)
    try:
        daily = last_year_as_forecast(con)
        bands = daily.assign(lo80=daily["forecast"], hi80=daily["forecast"], lo95=np.nan, hi95=np.nan)
        publish_snapshot(con, bands, AS_OF, {"all": "last_year"})
        page = review_report.report_html(con, QUARTER, "zh")
        model = whatif.WhatIfModel(whatif.load_inputs(con, AS_OF, last_year_as_forecast(con)))
    finally:
        con.close()
    effects = cost_levers.lever_effects(model, model.default_scenario(), lever_bounds())
    levers = _section(page, "levers")
    assert CATALOGS["zh"]["eval.report.levers.source.snapshot"] in levers
    cells = re.findall(r"<tr><td>(.*?)</td><td>.*?</td><td class=num>(.*?)</td>", levers)
    expected = [
        (CATALOGS["zh"][f"whatif.levers.{k}"], c)
        for k, c in zip(effects["lever"], effects["cost_change"], strict=True)
    ]
    with speaking("zh"):
        assert cells == [(html.escape(name), signed_money(cost)) for name, cost in expected]
