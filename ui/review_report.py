"""The quarterly review as one self-contained HTML file, and the scorecard as CSV.

The HTML opens offline: plotly's JavaScript is inlined once (the first figure), no stylesheet, font or script is
fetched, and it prints cleanly (each section on its own page, charts kept whole). The four scores, the radar,
the sub-metric table with traffic lights, the summary, budget vs actual by category, the cost structure by level
1 and next quarter's peaks (each a chart, the review's own (ui.charts_review) at reading size, and its numbers),
the cost levers for the next 12 months (the what-if page's chart and table, on the baseline), and the decisions
recorded for the quarter. Text comes from the catalog in the language
asked for, never from the session, so the CLI can write it too.
"""

from __future__ import annotations

import datetime as dt
import html

import duckdb
import pandas as pd
import plotly.graph_objects as go

from analytics import cost_levers, exports, overview, whatif
from analytics import evaluation as ev
from analytics import events as event_store
from analytics.cost_model import LEVEL1_ORDER
from analytics.evaluation import Scorecard
from ui.charts import FONT_FAMILY
from ui.charts_evaluation import radar, score_trend
from ui.charts_review import budget_figure, peaks_figure, structure_figure
from ui.evaluation_text import (
    calculation_texts,
    coverage_text,
    dimension_name,
    formula_text,
    metric_name,
    metric_rows,
    peak_growth_text,
    score_text,
    status_name,
    strategy_name,
    summary_lines,
)
from ui.forecast_warnings import event_labeller, warning_texts
from ui.i18n import CATALOGS, speaking, text_in
from ui.whatif_sliders import LEVER_FORMATS, lever_bounds, lever_chart, lever_notes, lever_text_rows

_STATUS_COLOURS = {
    "green": "#009E73",
    "amber": "#E69F00",
    "red": "#D55E00",
    "missing": "#8A94A6",
    "not_applicable": "#C4CAD3",
}
_PLOT_CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}

_CSS = f"""
* {{ box-sizing: border-box; }}
body {{ font-family: {FONT_FAMILY}; color: #1B1F24; margin: 0 auto; max-width: 1200px; padding: 24px 32px;
       font-size: 16px; line-height: 1.5; }}
h1 {{ font-size: 30px; margin: 0 0 4px; }}
h2 {{ font-size: 22px; border-bottom: 2px solid #0072B2; padding-bottom: 4px; margin-top: 32px; }}
.meta {{ color: #4A5566; margin: 0 0 12px; }}
.warning {{ background: #FFF4E0; border-left: 4px solid #E69F00; padding: 6px 10px; }}
.tiles {{ display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }}
.tile {{ border: 1px solid #C9D1DC; border-radius: 8px; padding: 12px 16px; }}
.tile .name {{ font-size: 17px; font-weight: 600; }}
.tile .score {{ font-size: 40px; font-weight: 700; color: #0072B2; }}
.tile .detail {{ color: #4A5566; font-size: 14px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 14px; }}
th, td {{ border-bottom: 1px solid #E3E8EF; padding: 6px 8px; text-align: left; vertical-align: top; }}
th {{ background: #F1F4F8; }}
td.num, th.num {{ text-align: right; white-space: nowrap; }}
td.status, tbody td:first-child {{ white-space: nowrap; }}
tbody td:nth-child(8) {{ color: #4A5566; font-size: 12px; }}
.light {{ display: inline-block; width: 12px; height: 12px; border-radius: 50%; margin-right: 6px;
          vertical-align: middle; }}
ul.summary li {{ margin-bottom: 4px; }}
.figure {{ width: 100%; }}
@page {{ size: A4; margin: 14mm 12mm; }}
@media print {{
  body {{ max-width: none; padding: 0; font-size: 11pt; -webkit-print-color-adjust: exact;
         print-color-adjust: exact; }}
  h2 {{ margin-top: 18px; break-after: avoid; page-break-after: avoid; }}
  /* Sections follow one another (a page each left most of eight pages empty); the long sub-metric table
     starts a page, and nothing is cut through a figure, a tile or a table row. */
  section#metrics {{ break-before: page; page-break-before: always; }}
  .figure, tr, .tile, .tiles, ul.summary {{ break-inside: avoid; page-break-inside: avoid; }}
  .tile .score {{ font-size: 30px; }}
  table {{ font-size: 10pt; }}
  tbody td:nth-child(8) {{ font-size: 8.5pt; }}
}}
"""


def report_html(con: duckdb.DuckDBPyConnection, quarter: str, lang: str, strategy: str | None = None) -> str:
    """The quarterly review of `quarter` as one self-contained HTML document in `lang` ('zh' or 'en'), scored for
    the declared service strategy unless another is given."""
    text = CATALOGS[lang]
    card = ev.scorecard(con, quarter, strategy)
    prior_card = ev.scorecard(con, ev.shift_quarter(quarter, -1), card.strategy)
    radar_fig = radar(card, prior_card, ev.TARGET_SCORE, lang=lang)
    trend = ev.trend(con, quarter, 8, card.strategy)
    trend_fig = score_trend(trend, lang=lang, target=ev.TARGET_SCORE["cost"])
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    meta = text_in(
        lang,
        "eval.report.meta",
        start=card.start.isoformat(),
        end=card.end.isoformat(),
        strategy=strategy_name(card.strategy, lang),
        generated=generated,
    )
    sections = [
        _section(
            "scores",
            text["eval.report.scores"],
            _tiles(card, prior_card, lang) + _figure(radar_fig, text["eval.report.radar"], first=True),
            first=True,
        ),
        _section("summary", text["eval.report.summary"], _summary(card, prior_card, lang)),
        _section("metrics", text["eval.report.metrics"], _metric_table(card, lang)),
        _section("trend", text["eval.report.trend"], _figure(trend_fig, text["eval.report.trend"])),
        _section("budget", text["eval.report.budget"], _budget_table(con, quarter, lang)),
        _section("structure", text["eval.report.structure"], _structure_table(con, quarter, lang)),
        _section("peaks", text["eval.report.peaks"], _peaks(con, quarter, lang)),
        _section("levers", text["eval.report.levers"], _levers(con, lang)),
        _section("decisions", text["eval.report.decisions"], _decisions(con, quarter, lang)),
    ]
    title = text_in(lang, "eval.report.title", quarter=quarter)
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{_e(title)}</title>\n'
        f"<style>{_CSS}</style>\n</head>\n<body>\n<header><h1>{_e(title)}</h1>"
        f'<p class="meta">{_e(meta)}</p></header>\n' + "\n".join(sections) + "\n</body>\n</html>\n"
    )


UNIT_FORMATS = {
    "pct": "0.0%",
    "yuan": "#,##0.00",
    "points": "0.00",
    "ratio": "0.000",
    "days": "0",
    "seconds": "0",
}
"""The Excel number format of a metric's value, target and prior, by its unit, as the page shows them (CSAT's
points on a 5-point scale to two decimals)."""
SCORE_FORMAT = "0.0"
_PER_UNIT_COLUMNS = ("value", "target", "prior", "target_low", "target_high")


def scorecard_frame(card: Scorecard, lang: str, shares_as: str = "pct") -> pd.DataFrame:
    """The scorecard as a table: one row per sub-metric with translated names and statuses, the numbers as
    computed (shares as fractions; the unit column says so, naming the unit `shares_as` says), the method in
    words and the calculation with the quarter's numbers, both in `lang`; then a strategic-fit metric's range,
    the dimension's score, and the quarter and service strategy scored, so a file passed on says what it is."""
    text = CATALOGS[lang]
    table = ev.scorecard_table(card)
    units = [shares_as if unit == "pct" else unit for unit in table["unit"]]
    return pd.DataFrame(
        {
            text["eval.col.dimension"]: [dimension_name(key, lang) for key in table["dimension"]],
            text["eval.col.metric"]: [metric_name(key, lang) for key in table["key"]],
            text["eval.col.key"]: table["key"],
            text["eval.col.value"]: table["value"],
            text["eval.col.unit"]: [text.get(f"eval.unit_name.{unit}", unit) for unit in units],
            text["eval.col.target"]: table["target"],
            text["eval.col.prior"]: table["prior"],
            text["eval.col.score"]: table["score"],
            text["eval.col.status"]: [status_name(status, lang) for status in table["status"]],
            text["eval.col.formula_text"]: [formula_text(key, lang) for key in table["key"]],
            text["eval.col.formula"]: calculation_texts(card, lang),
            text["eval.col.target_low"]: table["target_low"],
            text["eval.col.target_high"]: table["target_high"],
            text["eval.col.dimension_score"]: table["dimension_score"],
            text["eval.col.quarter"]: card.quarter,
            text["eval.col.strategy"]: strategy_name(card.strategy, lang),
        }
    )


def scorecard_csv(card: Scorecard, lang: str) -> bytes:
    """The scorecard as CSV (UTF-8 with BOM, Excel-safe), shares as fractions (scorecard_frame)."""
    return exports.csv_bytes(scorecard_frame(card, lang), float_format="%.6g")


def scorecard_xlsx(card: Scorecard, lang: str) -> bytes:
    """The scorecard as an Excel sheet: the same rows as the CSV, each metric's value, target, prior and range
    in its own unit's format (a share shows as 82.0%, yuan with two decimals), the scores to one decimal, and
    no totals row (metrics of different units do not add up)."""
    text = CATALOGS[lang]
    frame = scorecard_frame(card, lang, shares_as="percent")
    formats = [UNIT_FORMATS.get(unit) for unit in ev.scorecard_table(card)["unit"]]
    per_row = {text[f"eval.col.{name}"]: formats for name in _PER_UNIT_COLUMNS}
    score_format = [SCORE_FORMAT] * len(frame)
    per_row |= {text["eval.col.score"]: score_format, text["eval.col.dimension_score"]: score_format}
    return exports.xlsx_bytes(frame, text["eval.xlsx.sheet"], totals=[], row_formats=per_row)


# --- sections ----------------------------------------------------------------------------------------------


def _e(value: object) -> str:
    return html.escape(str(value))


def _section(anchor: str, heading: str, body: str, first: bool = False) -> str:
    css = ' class="first"' if first else ""
    return f'<section id="{anchor}"{css}>\n<h2>{_e(heading)}</h2>\n{body}\n</section>'


def _figure(fig: go.Figure, label: str, first: bool = False) -> str:
    """A figure as a div; the first figure of the document carries plotly's JavaScript inline."""
    body = fig.to_html(full_html=False, include_plotlyjs=True if first else False, config=_PLOT_CONFIG)
    return f'<div class="figure" role="img" aria-label="{_e(label)}">{body}</div>'


def _tiles(card: Scorecard, prior_card: Scorecard, lang: str) -> str:
    text = CATALOGS[lang]
    prior = prior_card.scores()
    tiles = []
    for key, score in card.scores().items():
        before = prior.get(key)
        delta = f"{score - before:+.1f}" if score is not None and before is not None else "—"
        detail = (
            f"{text['eval.report.prior']} {score_text(before)} ({delta}) · "
            f"{text['eval.report.target']} {score_text(ev.TARGET_SCORE[key])}"
        )
        partial = coverage_text(key, card, lang)
        if partial:
            detail += f" · {partial}"
        tiles.append(
            f'<div class="tile"><div class="name">{_e(dimension_name(key, lang))}</div>'
            f'<div class="score" data-dimension="{key}">{_e(score_text(score))}</div>'
            f'<div class="detail">{_e(detail)}</div></div>'
        )
    return f'<div class="tiles">{"".join(tiles)}</div>'


def _summary(card: Scorecard, prior_card: Scorecard, lang: str) -> str:
    items = "".join(f"<li>{_e(line)}</li>" for line in summary_lines(card, prior_card, lang))
    return f'<ul class="summary">{items}</ul>'


def _table(headers: list[tuple[str, bool]], rows: list[list[str]], raw: set[int] | None = None) -> str:
    """An HTML table; headers are (label, numeric). Cells are escaped except the columns in `raw` (trusted
    markup built here, such as the traffic light), which are also kept on one line."""
    raw = raw or set()
    head = "".join(f"<th{' class=num' if numeric else ''}>{_e(label)}</th>" for label, numeric in headers)
    body = []
    for row in rows:
        cells = []
        for index, ((_, numeric), cell) in enumerate(zip(headers, row, strict=True)):
            content = cell if index in raw else _e(cell)
            css = " class=num" if numeric else " class=status" if index in raw else ""
            cells.append(f"<td{css}>{content}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _metric_table(card: Scorecard, lang: str) -> str:
    text = CATALOGS[lang]
    headers = [
        (text["eval.col.dimension"], False),
        (text["eval.col.metric"], False),
        (text["eval.col.value"], True),
        (text["eval.col.target"], True),
        (text["eval.col.prior"], True),
        (text["eval.col.score"], True),
        (text["eval.col.status"], False),
        (text["eval.col.formula"], False),
    ]
    calculations = calculation_texts(card, lang)
    rows = []
    for row, calculation in zip(metric_rows(card, lang), calculations, strict=True):
        light = (
            f'<span class="light" style="background:{_STATUS_COLOURS[row["status"]]}"></span>'
            f"{_e(status_name(row['status'], lang))}"
        )
        rows.append(
            [row["dimension"], row["metric"], row["value"], row["target"], row["prior"], row["score"], light]
            + [calculation]
        )
    return _table(headers, rows, raw={6})


def _money(value: float | None) -> str:
    if value is None or value != value:
        return "—"
    return f"{'-' if value < 0 else ''}¥{abs(value):,.0f}"


def _level1_name(level1: str, lang: str) -> str:
    return CATALOGS[lang].get(f"cost.{level1}", level1)


def _level1_names(lang: str) -> dict[str, str]:
    return {level1: _level1_name(level1, lang) for level1 in LEVEL1_ORDER}


def _for_print(fig: go.Figure, bars: int) -> go.Figure:
    """A review figure (projector type, 22 px) at the report's reading size, as tall as its bar groups need."""
    return fig.update_layout(
        font=dict(size=14), legend=dict(font=dict(size=14)), height=140 + 56 * bars, margin=dict(t=40, b=40)
    ).update_xaxes(title_font_size=14)


def _budget_table(con: duckdb.DuckDBPyConnection, quarter: str, lang: str) -> str:
    text = CATALOGS[lang]
    rows = ev.evidence(con, quarter, "cost.budget_adherence")
    if rows["budget"].isna().all():
        return f"<p>{_e(text['eval.report.no_budget'])}</p>"
    headers = [
        (text["eval.col.category"], False),
        (text["eval.col.budget"], True),
        (text["eval.col.actual"], True),
        (text["eval.col.variance"], True),
    ]
    body = [
        [_level1_name(r.level1, lang), _money(r.budget), _money(r.actual), _money(r.variance)]
        for r in rows.itertuples()
    ]
    totals = rows[["budget", "actual", "variance"]].sum(min_count=1)
    body.append([text["eval.report.total"], _money(totals["budget"]), _money(totals["actual"])])
    body[-1].append(_money(totals["variance"]))
    with speaking(lang):
        fig = budget_figure(rows, _level1_names(lang), 1, text["unit.yuan"])
    return _figure(_for_print(fig, len(rows)), text["eval.report.budget"]) + _table(headers, body)


def _structure_table(con: duckdb.DuckDBPyConnection, quarter: str, lang: str) -> str:
    """Spend and share per level-1 category this quarter, with the share a year earlier."""
    text = CATALOGS[lang]
    rows = ev.evidence(con, quarter, "cost.labor_share_shift")
    last_year = ev.shift_quarter(quarter, -4)
    now = rows[rows["quarter"] == quarter].set_index("level1")
    before = rows[rows["quarter"] == last_year].set_index("level1")
    headers = [
        (text["eval.col.category"], False),
        (f"{text['eval.col.amount']} {quarter}", True),
        (f"{text['eval.col.share']} {quarter}", True),
        (f"{text['eval.col.share']} {last_year}", True),
    ]
    body = []
    for level1 in now.index.union(before.index):
        amount = now["amount"].get(level1)
        share, share_before = now["share"].get(level1), before["share"].get(level1)
        body.append([_level1_name(level1, lang), _money(amount), _share(share), _share(share_before)])
    if now.empty:
        return _table(headers, body)
    shares = now[["share"]].join(before["share"].rename("share_last_year"), how="left").reset_index()
    with speaking(lang):
        fig = structure_figure(shares, _level1_names(lang), quarter, last_year)
    return _figure(_for_print(fig, len(shares)), text["eval.report.structure"]) + _table(headers, body)


def _share(value: float | None) -> str:
    return "—" if value is None or value != value else f"{value * 100:.1f}%"


def _peaks(con: duckdb.DuckDBPyConnection, quarter: str, lang: str) -> str:
    """618 and Double-11 peaks starting in the next quarter, with the staffing outlook where the overview has
    one (peaks after the data's as-of date)."""
    text = CATALOGS[lang]
    start, end = ev.quarter_bounds(ev.shift_quarter(quarter, 1))
    peaks = con.execute(
        """SELECT event_key, start_date, end_date FROM events WHERE phase = 'peak'
           AND event_key IN (SELECT unnest(?)) AND start_date BETWEEN ? AND ? ORDER BY start_date""",
        [list(ev.PEAK_EVENTS), start, end],
    ).fetchall()
    if not peaks:
        return f"<p>{_e(text['eval.report.no_peaks'])}</p>"
    as_of = overview.data_as_of(con)
    outlooks = {(o.event_key, o.peak_start): o for o in overview.next_peaks(con, as_of)} if as_of else {}
    items = []
    for key, peak_start, peak_end in peaks:
        event = CATALOGS[lang].get(f"event.{key}", key)
        outlook = outlooks.get((key, peak_start))
        if outlook is None or not outlook.has_history:
            line = f"{event}: {peak_start.isoformat()} – {peak_end.isoformat()}"
            if outlook is not None:
                line += " " + text_in(lang, "home.peaks.no_history", event=event)
        elif not outlook.has_roster:
            needed = text_in(lang, "home.peaks.needed", needed=outlook.agents_needed)
            colon, comma, stop = ("：", "，", "。") if lang == "zh" else (": ", ", ", ". ")
            line = f"{event}{colon}{peak_start.isoformat()}{comma}{needed}{stop}{text_in(lang, 'home.peaks.no_roster')}"
        else:
            line = text_in(
                lang,
                "eval.report.peak_line" if outlook.gap > 0 else "eval.report.peak_line_enough",
                event=event,
                start=peak_start.isoformat(),
                days=outlook.days_until,
                needed=outlook.agents_needed,
                roster=outlook.agents_on_roster,
                gap=outlook.gap,
                spare=-outlook.gap,
            )
        if outlook is not None and outlook.has_history:
            line += " " + peak_growth_text(outlook, lang)
        items.append(f"<li>{_e(line)}</li>")
    listed = f"<ul>{''.join(items)}</ul>"
    ahead = [outlooks[(key, start)] for key, start, _ in peaks if (key, start) in outlooks]
    ahead = [o for o in ahead if o.has_history and o.has_roster]
    if not ahead:
        return listed
    with speaking(lang):
        fig = peaks_figure(ahead, {o.event_key: text.get(f"event.{o.event_key}", o.event_key) for o in ahead})
    return listed + _figure(_for_print(fig, len(ahead)), text["eval.report.peaks"])


def _levers(con: duckdb.DuckDBPyConnection, lang: str) -> str:
    """Each what-if slider one step (the team's saved size, else the default) toward cheaper over the 12 months
    after the data's as-of date, on the baseline: the published forecast for that date, else one fitted now (a
    few seconds), and the targets, roster and outsourcing as saved (``WhatIfModel.default_scenario``)."""
    text = CATALOGS[lang]
    as_of = overview.data_as_of(con)
    if as_of is None:
        return f"<p>{_e(text['eval.report.levers.no_volume'])}</p>"
    baseline = whatif.plan_baseline(con, as_of)
    daily, source, warnings = baseline.daily, baseline.source, baseline.warnings
    model = whatif.WhatIfModel(whatif.load_inputs(con, as_of, daily))
    effects = cost_levers.lever_effects(
        model, model.default_scenario(), lever_bounds(), cost_levers.saved_steps(con)
    )
    first, last = whatif.plan_window(as_of)
    basis = text_in(
        lang,
        "eval.report.levers.basis",
        as_of=as_of.isoformat(),
        source=text[f"eval.report.levers.source.{source}"],
        first=f"{first:%Y-%m}",
        last=f"{last:%Y-%m}",
    )
    with speaking(lang):
        fit_warnings = warning_texts(warnings, event_labeller(event_store.list_events(con)))
    head = f"<p>{_e(basis)}</p>" + "".join(f'<p class="warning">{_e(w)}</p>' for w in fit_warnings)
    if effects.empty:
        return f"{head}<p>{_e(text['whatif.levers.none'])}</p>"
    with speaking(lang):
        table = lever_text_rows(effects)
        fig = lever_chart(effects, presentation=False)
        notes = lever_notes(effects)
    numeric = {text[f"whatif.levers.col.{c}"] for c in LEVER_FORMATS}
    headers = [(c, c in numeric) for c in table.columns]
    rows = table.to_numpy().tolist()
    return (
        head
        + _figure(_for_print(fig, len(effects)), text["eval.report.levers"])
        + _table(headers, rows)
        + "".join(f"<p>{_e(note)}</p>" for note in notes)
    )


def _decisions(con: duckdb.DuckDBPyConnection, quarter: str, lang: str) -> str:
    text = CATALOGS[lang]
    rows = ev.decisions(con, quarter)
    if rows.empty:
        return f"<p>{_e(text['eval.report.no_decisions'])}</p>"
    headers = [
        (text["eval.col.decision"], False),
        (text["eval.col.owner"], False),
        (text["eval.col.due_date"], False),
        (text["eval.col.recorded_by"], False),
    ]
    body = [
        [r.decision, _or_dash(r.owner), _or_dash(r.due_date), _or_dash(r.recorded_by)]
        for r in rows.itertuples()
    ]
    return _table(headers, body)


def _or_dash(value: object) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, dt.date) else str(value)
