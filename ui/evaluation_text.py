"""Words for the scorecard: dimension and metric names, formulas in words, each sub-metric's calculation with its
numbers, values as displayed, and the short written summary built from the numbers alone (template text in both
languages, no invented claims).

Every function takes the language explicitly (it also serves the HTML report and the CLI, outside a page run).
"""

from __future__ import annotations

import string
from typing import Any

from analytics import evaluation as ev
from analytics.evaluation import Scorecard, Step, SubMetric
from analytics.overview import PeakOutlook
from ui.i18n import CATALOGS, counted_nouns, text_in


def _text(key: str, lang: str, **values) -> str:
    return text_in(lang, key, **values)


def dimension_name(key: str, lang: str) -> str:
    """'cost' -> 成本 / Cost."""
    return _text(f"eval.dim.{key}", lang)


def metric_name(key: str, lang: str) -> str:
    """'quality.csat' -> 客户满意度（CSAT） / Customer satisfaction (CSAT)."""
    return _text(f"eval.metric.{key}", lang)


def status_name(status: str, lang: str) -> str:
    """'green' -> 良好 / Good."""
    return _text(f"eval.status.{status}", lang)


def strategy_name(strategy: str, lang: str) -> str:
    """'premium' -> 优质服务 / Premium service."""
    return _text(f"eval.strategy.{strategy}", lang)


def _pp(share: float, lang: str) -> str:
    number = f"{share * 100:g}"
    if lang == "zh":
        return f"{number} 个百分点"
    return f"{number} percentage point" + ("" if number == "1" else "s")


def _formula_values(lang: str) -> dict[str, str]:
    """The constants of analytics.evaluation as the formula texts show them."""
    band, trend = ev.BANDS, ev.TREND_BANDS
    falloff = ev.STRATEGY_FALLOFF
    return {
        "budget_band": f"{band['budget_ratio']:.0%}",
        "hold_points": f"{ev.QUALITY_HOLD_POINTS:g}",
        "csat_hold": f"{ev.CSAT_HOLD_POINTS:g}",
        "cap": f"{ev.SAVINGS_CAP:g}",
        "cpc_band": f"{band['cpc_yoy_change']:.0%}",
        "labor_band": f"{band['labor_share_shift'] * 100:g}",
        "csat_band": f"{band['csat']:g}",
        "target_weight": f"{1 - ev.TREND_WEIGHT:g}",
        "trend_weight": f"{ev.TREND_WEIGHT:g}",
        "csat_trend": f"{trend['csat']:g}",
        "sl_band": _pp(band["service_level"], lang),
        "sl_trend": _pp(trend["service_level"], lang),
        "resolution_band": _pp(band["resolution_rate"], lang),
        "resolution_trend": _pp(trend["resolution_rate"], lang),
        "complaint_trend": _pp(trend["complaint_rate"], lang),
        "reopen_trend": _pp(trend["reopen_rate"], lang),
        "cpc_falloff": f"{falloff['cost_per_contact']:g}",
        "csat_falloff": f"{falloff['csat']:g}",
        "digital_falloff": _pp(falloff["digital_share"], lang),
        "training_falloff": _pp(falloff["training_share"], lang),
        "peak_band": f"{band['peak_service_ratio']:g}",
        "base_days": f"{ev.ELASTICITY_BASE_DAYS}",
        "part_time": f"{ev.PART_TIME_FTE:g}",
        "mape_band": _pp(band["peak_forecast_mape"], lang),
        "shock": f"{ev.SHOCK_THRESHOLD:.0%}",
        "revision_band": f"{band['budget_revision_days']:g}",
    }


def formula_text(key: str, lang: str) -> str:
    """The formula and scoring rule of a sub-metric in words, with the constants the code uses."""
    return _text(f"eval.formula.{key}", lang, **_formula_values(lang))


class _CalculationFormatter(string.Formatter):
    """str.format with one more format spec: a spec ending in 'pp' writes a share in percentage points, the
    rest of the spec applied to share × 100 ('{shift:+.2fpp}' writes 0.0136 as '+1.36')."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.endswith("pp"):
            return format(value * 100, format_spec[:-2])
        return format(value, format_spec)


_CALCULATION = _CalculationFormatter()


def calculation_text(metric: SubMetric, lang: str) -> str:
    """A sub-metric's calculation filled in with its numbers, in `lang` ("eval.calc.<template>" per step)."""
    separator = _text("eval.calc.separator", lang)
    return separator.join(_step_text(step, lang) for step in metric.calculation)


def calculation_texts(card: Scorecard, lang: str) -> list[str]:
    """`calculation_text` of every sub-metric of the scorecard, in the scorecard's order."""
    return [calculation_text(metric, lang) for metric in _metrics(card)]


def _step_text(step: Step, lang: str) -> str:
    values = {name: _value_for_text(name, value, lang) for name, value in step.values.items()}
    text = _CALCULATION.format(CATALOGS[lang][f"eval.calc.{step.template}"], **values)
    return counted_nouns(text) if lang == "en" else text


def _value_for_text(name: str, value: Any, lang: str) -> Any:
    """A step's value as its template takes it: codes by their catalog names, per-event parts written out,
    numbers as they are."""
    if name == "strategy":
        return strategy_name(value, lang)
    if name == "categories":
        names = [_text(f"cost.{level1}", lang) for level1 in value]
        return " + ".join(name.lower() if lang == "en" else name for name in names)
    if name == "events":
        return "/".join(_text(f"event.{key}", lang) for key in value)
    if name == "event":
        return _text(f"event.{value}", lang)
    if name == "parts":
        return _text("eval.calc.part_separator", lang).join(_step_text(part, lang) for part in value)
    return value


def score_text(score: float | None) -> str:
    """A score as displayed everywhere: one decimal, '—' when missing."""
    return "—" if score is None else f"{score:.1f}"


def target_text(metric: SubMetric, lang: str) -> str:
    """The target as shown: the strategy's range for strategic fit (its lo and hi inputs), else the value."""
    if "lo" in metric.inputs and "hi" in metric.inputs:
        low, high = (value_text(metric.inputs[end], metric.unit, lang) for end in ("lo", "hi"))
        return f"{low}–{high}"
    return value_text(metric.target, metric.unit, lang)


def value_text(value: float | None, unit: str, lang: str) -> str:
    """A sub-metric value (or target) in its unit: shares as %, ¥ with two decimals, days and seconds."""
    if value is None or value != value:
        return "—"
    if unit == "pct":
        return f"{value * 100:.1f}%"
    if unit == "yuan":
        return f"¥{value:,.2f}"
    if unit in ("days", "seconds"):
        return _text(f"eval.unit.{unit}", lang, value=f"{value:,.0f}")
    return f"{value:.2f}" if unit == "points" else f"{value:.3f}"


def _in_sentence(key: str, lang: str) -> str:
    """A dimension name inside an English sentence is lower case ('service quality'); Chinese is unchanged."""
    name = dimension_name(key, lang)
    return name.lower() if lang == "en" else name


def summary_lines(
    card: Scorecard, prior_card: Scorecard | None, lang: str, with_coverage: bool = True
) -> list[str]:
    """A short written summary from the numbers: best and worst dimension, the biggest mover against the prior
    quarter, the metrics in red, the ones not scored, the dimensions scored on part of their metrics (unless
    the page says so under its tiles: with_coverage=False), and whether the quality gate capped the savings."""
    scores = {key: score for key, score in card.scores().items() if score is not None}
    if not scores:
        return [_text("eval.summary.none", lang)]
    lines = []
    best = max(scores, key=lambda key: scores[key])
    worst = min(scores, key=lambda key: scores[key])
    if len(scores) == 1:
        lines.append(
            _text(
                "eval.summary.single",
                lang,
                best=_in_sentence(best, lang),
                best_score=score_text(scores[best]),
            )
        )
    else:
        lines.append(
            _text(
                "eval.summary.best_worst",
                lang,
                best=_in_sentence(best, lang),
                best_score=score_text(scores[best]),
                worst=_in_sentence(worst, lang),
                worst_score=score_text(scores[worst]),
            )
        )
    lines.append(_mover_line(scores, prior_card, lang))
    separator = _text("eval.summary.separator", lang)
    metrics = _metrics(card)
    red = [metric_name(m.key, lang) for m in metrics if m.status == "red"]
    lines.append(
        _text("eval.summary.red", lang, metrics=separator.join(red))
        if red
        else _text("eval.summary.no_red", lang)
    )
    missing = [metric_name(m.key, lang) for m in metrics if m.status == "missing"]
    if missing:
        lines.append(_text("eval.summary.missing", lang, metrics=separator.join(missing)))
    idle = [metric_name(m.key, lang) for m in metrics if m.status == "not_applicable"]
    if idle:
        lines.append(_text("eval.summary.not_applicable", lang, metrics=separator.join(idle)))
    partial = coverage_line(card, lang) if with_coverage else None
    if partial:
        lines.append(partial)
    if _savings_capped(card):
        lines.append(_text("eval.summary.gate", lang, cap=f"{ev.SAVINGS_CAP:g}"))
    return lines


def coverage(card: Scorecard) -> dict[str, tuple[int, int, float]]:
    """Per dimension with a sub-metric not scored: (scored, total, the scored metrics' share of the weight). A
    score from part of a dimension is an average of what could be measured, not the whole dimension."""
    partial = {}
    for dimension in card.dimensions:
        scored = [m for m in dimension.metrics if m.score is not None]
        if len(scored) < len(dimension.metrics):
            weight = sum(ev.WEIGHTS[dimension.key][m.key] for m in scored)
            partial[dimension.key] = (len(scored), len(dimension.metrics), weight)
    return partial


def coverage_text(key: str, card: Scorecard, lang: str) -> str | None:
    """'4 项中 1 项有数据' / '1 of 4 scored' for a dimension scored on part of its sub-metrics, else None."""
    scored, total, _ = coverage(card).get(key, (None, None, None))
    return None if scored is None else _text("eval.coverage.tile", lang, scored=scored, total=total)


def coverage_line(card: Scorecard, lang: str) -> str | None:
    """One sentence naming each dimension scored on part of its sub-metrics, with their share of its weight, and
    each with none scored; None when every sub-metric has data."""
    parts = [
        _text(
            "eval.coverage.part" if scored else "eval.coverage.none",  # nothing scored: its tile shows —
            lang,
            dimension=_in_sentence(key, lang),
            scored=scored,
            total=total,
            weight=f"{weight:.0%}",
        )
        for key, (scored, total, weight) in coverage(card).items()
    ]
    if not parts:
        return None
    return _text("eval.coverage.line", lang, parts=_text("eval.coverage.separator", lang).join(parts))


def _mover_line(scores: dict[str, float], prior_card: Scorecard | None, lang: str) -> str:
    prior = {} if prior_card is None else prior_card.scores()
    deltas = {key: score - prior[key] for key, score in scores.items() if prior.get(key) is not None}
    if not deltas:
        return _text("eval.summary.no_prior", lang)
    mover = max(deltas, key=lambda key: abs(deltas[key]))
    if round(deltas[mover], 1) == 0:
        return _text("eval.summary.flat", lang)
    return _text(
        "eval.summary.mover",
        lang,
        dimension=_in_sentence(mover, lang),
        prior=score_text(prior[mover]),
        score=score_text(scores[mover]),
        delta=f"{deltas[mover]:+.1f}",
    )


def _savings_capped(card: Scorecard) -> bool:
    """True when the quality gate capped a cost metric this quarter."""
    cost = card.dimension("cost")
    return any(metric.inputs.get("quality_fell") for metric in cost.metrics)


def metric_rows(card: Scorecard, lang: str) -> list[dict[str, str]]:
    """The sub-metric table as displayed: dimension, metric, value, target, prior, score, status (both the
    page's table and the report use it)."""
    return [
        {
            "dimension": dimension_name(metric.dimension, lang),
            "metric": metric_name(metric.key, lang),
            "value": value_text(metric.value, metric.unit, lang),
            "target": target_text(metric, lang),
            "prior": value_text(metric.prior, metric.unit, lang),
            "score": score_text(metric.score),
            "status": metric.status,
        }
        for metric in _metrics(card)
    ]


def _metrics(card: Scorecard) -> list[SubMetric]:
    return [metric for dimension in card.dimensions for metric in dimension.metrics]


def peak_growth_text(peak: PeakOutlook, lang: str) -> str:
    """How a peak outlook grew last year's busiest days to this year: by a published forecast (corrected by its
    recent drift) or by the last 90 days' growth."""
    growth = f"{peak.growth:.2f}"
    if peak.forecast is None:
        return text_in(lang, "home.peaks.grown.trend", growth=growth)
    forecast = peak.forecast
    text = text_in(
        lang,
        "home.peaks.grown.forecast",
        growth=growth,
        id=forecast.snapshot_id,
        date=forecast.history_end.isoformat(),
    )
    if forecast.recent_days:
        level = f"{forecast.recent_level * 100:.1f}%"
        text += text_in(lang, "home.peaks.grown.corrected", days=forecast.recent_days, level=level)
    return text
