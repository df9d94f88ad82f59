"""Each sub-metric's calculation, filled in with its numbers, reads in the page's language: Chinese with Chinese
category and event names and no code names, English without Chinese, the same numbers in both, and the metric's
own value and inputs among them. A metric without data says why in either language."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from analytics import evaluation as ev
from tests.pages import CJK, chinese_lines
from ui.evaluation_text import calculation_text
from ui.i18n import CATALOGS

CODE_NAME = re.compile(r"\b\w*[A-Za-z0-9]_[A-Za-z0-9]\w*")
"""An identifier with an underscore, such as direct_labor."""
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
ALLOWED_IN_CHINESE = {"FTE", "CSAT", "SL", "AHT", "FCR"}
"""Abbreviations a Chinese finance or ops reader uses as they are."""
NUMBER = re.compile(r"(?<![\w.-])[+-]?\d[\d,]*(?:\.\d+)?")
"""A number as written in the text; digits glued to a word (双11, Double-11) are names, not numbers."""


@pytest.fixture(scope="module")
def cards(demo_db):
    """The demo's latest quarter (everything scored) and its first (several metrics without data)."""
    from analytics import store

    # read-write, as tests.conftest.demo_con explains: DuckDB refuses a read-only second connection to a file
    # that an earlier AppTest in this process holds read-write. Nothing is written.
    con = store.connect(demo_db)
    try:
        yield [ev.scorecard(con, quarter) for quarter in ("2026Q3", "2023Q1")]
    finally:
        con.close()


def _metrics(cards) -> list[ev.SubMetric]:
    return [metric for card in cards for dimension in card.dimensions for metric in dimension.metrics]


def _numbers(text: str) -> list[tuple[float, int]]:
    """Each number in the text with its count of decimals."""
    found = []
    for token in NUMBER.findall(text):
        digits = token.replace(",", "")
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        found.append((float(digits), decimals))
    return found


def _shown(value: float, text: str) -> bool:
    """True when the text writes `value` to the precision it shows: as is, or as a percentage (×100)."""
    for number, decimals in _numbers(text):
        half_step = 0.5 * 10**-decimals + 1e-9
        if abs(number - value) <= half_step or abs(number - value * 100) <= half_step:
            return True
    return False


def test_chinese_calculation_has_no_code_names_or_english_words(cards):
    for metric in _metrics(cards):
        text = calculation_text(metric, "zh")
        assert CJK.search(text), metric.key
        assert CODE_NAME.findall(text) == [], (metric.key, text)
        assert set(LATIN_WORD.findall(text)) <= ALLOWED_IN_CHINESE, (metric.key, text)


def test_english_calculation_has_no_chinese_or_code_names(cards):
    for metric in _metrics(cards):
        text = calculation_text(metric, "en")
        assert chinese_lines(text) == [], (metric.key, text)
        assert CODE_NAME.findall(text) == [], (metric.key, text)
        assert "(s)" not in text  # counted nouns agree with their number


def _without_event_names(text: str, lang: str) -> str:
    """The text with 618 and Double-11 taken out: names, not numbers."""
    for key in ev.PEAK_EVENTS:
        name = re.escape(CATALOGS[lang][f"event.{key}"])
        text = re.sub(rf"(?<![\d,.]){name}(?![\d,.])", "", text)
    return text


def test_both_languages_show_the_same_numbers(cards):
    for metric in _metrics(cards):
        zh, en = (_without_event_names(calculation_text(metric, lang), lang) for lang in ("zh", "en"))
        assert Counter(_numbers(zh)) == Counter(_numbers(en)), (metric.key, zh, en)


def test_the_calculation_shows_the_metric_value_and_its_inputs(cards):
    scored = [metric for metric in _metrics(cards) if metric.score is not None]
    assert len(scored) >= len(ev.METRIC_KEYS) - 1  # the latest quarter: all but the budget revision
    for metric in scored:
        values = {name: v for step in metric.calculation for name, v in step.values.items()}
        shown = {name: value for name, value in metric.inputs.items() if name in values}
        if metric.key == "flex.elasticity":  # its input is the count of events: one part each
            assert len(values["parts"]) == metric.inputs["events"] > 0
        else:
            assert shown, metric.key
        for lang in ("zh", "en"):
            text = calculation_text(metric, lang)
            assert _shown(metric.value, text), (metric.key, lang, metric.value, text)
            for name, value in shown.items():
                assert values[name] == value, (metric.key, name)
                assert _shown(value, text), (metric.key, lang, name, value, text)


def test_category_and_event_names_come_from_the_catalog(cards):
    latest = cards[0]
    labor = calculation_text(latest.metric("cost.labor_share_shift"), "zh")
    assert CATALOGS["zh"]["cost.direct_labor"] in labor and CATALOGS["zh"]["cost.indirect_labor"] in labor
    assert "（直接人工 + 间接人工）÷ 总支出" in labor and "个百分点" in labor
    english = calculation_text(latest.metric("cost.labor_share_shift"), "en")
    assert "(direct labor + indirect labor) ÷ total spend" in english and " pp" in english
    peaks = calculation_text(latest.metric("flex.peak_service_level"), "zh")
    assert f"{CATALOGS['zh']['event.618']}/{CATALOGS['zh']['event.double11']}" in peaks
    elasticity = calculation_text(latest.metric("flex.elasticity"), "zh")
    assert "年双11：" in elasticity and "年618：" in elasticity  # one part per event
    strategy = calculation_text(latest.metric("strategy.csat"), "zh")
    assert CATALOGS["zh"][f"eval.strategy.{latest.strategy}"] in strategy


def test_labor_share_change_is_written_in_percentage_points(cards):
    metric = cards[0].metric("cost.labor_share_shift")
    shift = metric.inputs["shift"]
    assert f"变化 {shift * 100:+.2f} 个百分点" in calculation_text(metric, "zh")
    assert f"change {shift * 100:+.2f} pp" in calculation_text(metric, "en")


def test_a_metric_without_data_says_why_in_either_language(empty_con):
    card = ev.scorecard(empty_con, "2026Q3")
    metrics = [metric for dimension in card.dimensions for metric in dimension.metrics]
    assert all(metric.score is None for metric in metrics)
    for metric in metrics:
        assert metric.calculation[0].template.startswith("missing."), metric.key
        assert calculation_text(metric, "zh").startswith("未计分："), metric.key
        assert calculation_text(metric, "en").startswith("not scored: "), metric.key
