"""Strings of the four-dimension scorecard (prefix eval.): dimension and metric names, formulas in words,
statuses, the written summary's templates and the review report's headings. Formula texts take their numbers from
analytics.evaluation's constants ({placeholders} filled by ui.evaluation_text.formula_text); calculation texts
("eval.calc.<template>") take a sub-metric's own numbers (ui.evaluation_text.calculation_text)."""

ZH = {
    # dimensions
    "eval.dim.cost": "成本",
    "eval.dim.quality": "服务质量",
    "eval.dim.strategy": "战略匹配",
    "eval.dim.flexibility": "灵活性",
    # strategies
    "eval.strategy.cost_leader": "成本领先",
    "eval.strategy.balanced": "均衡",
    "eval.strategy.premium": "优质服务",
    # statuses
    "eval.status.green": "良好",
    "eval.status.amber": "需关注",
    "eval.status.red": "未达标",
    "eval.status.missing": "缺少数据",
    "eval.status.not_applicable": "不适用",
    # units
    "eval.unit.days": "{value} 天",
    "eval.unit.seconds": "{value} 秒",
    # metric names
    "eval.metric.cost.budget_adherence": "预算执行率（实际 ÷ 预算）",
    "eval.metric.cost.cost_per_contact": "单次服务成本（同比）",
    "eval.metric.cost.labor_share_shift": "人工成本占比（对比去年同季）",
    "eval.metric.cost.hidden_cost_ratio": "隐性成本占比",
    "eval.metric.quality.csat": "客户满意度（CSAT）",
    "eval.metric.quality.service_level": "服务水平",
    "eval.metric.quality.resolution_rate": "解决率",
    "eval.metric.quality.complaint_rate": "投诉率",
    "eval.metric.quality.reopen_rate": "重开率",
    "eval.metric.strategy.cost_per_contact": "单次服务成本是否在战略区间",
    "eval.metric.strategy.csat": "满意度是否在战略区间",
    "eval.metric.strategy.digital_share": "线上渠道占比（非电话）",
    "eval.metric.strategy.training_share": "培训支出占比",
    "eval.metric.flex.peak_service_level": "大促服务水平 ÷ 平日服务水平",
    "eval.metric.flex.elasticity": "人力弹性（人力变化 ÷ 服务量变化）",
    "eval.metric.flex.flexible_capacity": "弹性人力占比（临时、兼职、外包）",
    "eval.metric.flex.peak_forecast_error": "大促高峰预测误差（MAPE）",
    "eval.metric.flex.budget_revision_days": "服务量冲击到预算调整的天数",
    # formulas in words
    "eval.formula.cost.budget_adherence": "当季口径内实际支出 ÷ 当年已批准预算的当季金额（不含预备金）。"
    "不超预算得 100 分，超支 {budget_band} 时为 0 分，其间线性。节省只在服务质量守住时才算数："
    "若质量得分较上季度下降超过 {hold_points} 分，或满意度下降超过 {csat_hold}，本项最高 {cap} 分。",
    "eval.formula.cost.cost_per_contact": "单次服务成本 = 当季口径内支出 ÷ 当季服务量，与去年同季度比较。"
    "不高于去年同季得 100 分，高出 {cpc_band} 时为 0 分；质量下降时同样最高 {cap} 分。",
    "eval.formula.cost.labor_share_shift": "人工成本占比 =（直接人工 + 间接人工）÷ 总支出，与去年同季度比较。"
    "占比不升得 100 分，上升 {labor_band} 个百分点时为 0 分。",
    "eval.formula.cost.hidden_cost_ratio": "隐性成本占比 = 已入账的隐性成本（流失、投诉处理、重复来电、流程低效）÷ 总支出。"
    "不高于目标得 100 分，达到目标的 2 倍时为 0 分。",
    "eval.formula.quality.csat": "已回收问卷的满意度平均分（1–5 分）。达到目标得 100 分，低于目标 {csat_band} 分时为 0 分；"
    "总分 = {target_weight}×目标得分 + {trend_weight}×环比得分（不比上季度差得 100 分，差 {csat_trend} 分时为 0 分）。",
    "eval.formula.quality.service_level": "有服务水平目标的渠道按服务量加权的服务水平，目标也按服务量加权。"
    "达到目标得 100 分，低于目标 {sl_band} 时为 0 分；环比部分差 {sl_trend} 时为 0 分，权重同上。",
    "eval.formula.quality.resolution_rate": "已解决工单 ÷ 工单总数。达到目标得 100 分，低于目标 {resolution_band} 时为 0 分；"
    "环比部分差 {resolution_trend} 时为 0 分。",
    "eval.formula.quality.complaint_rate": "投诉工单 ÷ 工单总数。不高于目标得 100 分，达到目标 2 倍时为 0 分；"
    "环比部分高出 {complaint_trend} 时为 0 分。",
    "eval.formula.quality.reopen_rate": "重开工单 ÷ 工单总数。不高于目标得 100 分，达到目标 2 倍时为 0 分；"
    "环比部分高出 {reopen_trend} 时为 0 分。",
    "eval.formula.strategy.cost_per_contact": "当季单次服务成本（元）与所选战略的目标区间比较：区间内得 100 分，"
    "偏离区间 {cpc_falloff} 元时为 0 分，其间线性。",
    "eval.formula.strategy.csat": "当季满意度与所选战略的目标区间比较：区间内得 100 分，偏离 {csat_falloff} 分时为 0 分。",
    "eval.formula.strategy.digital_share": "非电话渠道（在线、微信、邮件、工单）服务量 ÷ 总服务量，与战略区间比较："
    "区间内得 100 分，偏离 {digital_falloff} 时为 0 分。",
    "eval.formula.strategy.training_share": "培训支出 ÷ 总支出，与战略区间比较：区间内得 100 分，偏离 {training_falloff} 时为 0 分。",
    "eval.formula.flex.peak_service_level": "截至本季度末的 12 个月内，618 与双11 各阶段日子的服务水平 ÷ 无活动日子的服务水平"
    "（按服务量加权）。达到目标比值得 100 分，低于目标 {peak_band} 时为 0 分。",
    "eval.formula.flex.elasticity": "12 个月内每次 618、双11：活动期（预售至售后）与之前 {base_days} 天相比，"
    "在岗坐席 FTE 的变化率 ÷ 服务量的变化率，取平均（兼职按 {part_time} FTE 计）。达到目标得 100 分，为 0 时 0 分。",
    "eval.formula.flex.flexible_capacity": "12 个月内临时工、兼职、外包坐席的 FTE 人天 ÷ 全部坐席 FTE 人天。"
    "达到目标得 100 分，为 0 时 0 分。",
    "eval.formula.flex.peak_forecast_error": "12 个月内 618、双11 高峰日的平均绝对百分比误差：用当天所依据的已发布预测（当天之前发布、"
    "当天之前未撤回的最新一版；事后撤回的照样计分），没有时用季节性朴素预测（去年同日的实际量）。不高于目标得 100 分，高出 {mape_band} 时为 0 分。",
    "eval.formula.flex.budget_revision_days": "某月服务量偏离预算计划量超过 {shock} 即为冲击；从该月月末到下一个预算版本创建的天数。"
    "不超过目标天数得 100 分，超出 {revision_band} 天时为 0 分；没有计划量、没有冲击或没有调整记录时不计分。",
    # calculations with their numbers (ui.evaluation_text.calculation_text fills them from SubMetric.calculation;
    # {x:.2fpp} writes a share in percentage points)
    "eval.calc.separator": "；",
    "eval.calc.part_separator": "，",
    "eval.calc.gate.capped": "服务质量较上季度下降，得分最高 {cap:g} 分",
    "eval.calc.cost.budget_adherence": "预算执行率 = 实际支出 ÷ 预算 = ¥{actual:,.2f} ÷ ¥{budget:,.2f} = {ratio:.4f}；"
    "不高于 {target:g} 得 100 分，{zero_at:g} 时 0 分",
    "eval.calc.cost.cost_per_contact": "单次服务成本 = 支出 ÷ 服务量 = ¥{spend:,.2f} ÷ {contacts:,.0f} = ¥{cpc:.2f}；"
    "去年同季 ¥{cpc_last_year:.2f}，同比 {change:+.2%}；同比不高于 {target:+.0%} 得 100 分，{zero_at:+.0%} 时 0 分",
    "eval.calc.cost.labor_share_shift": "人工成本占比 =（{categories}）÷ 总支出 = {labor_share:.2%}；"
    "去年同季 {labor_share_last_year:.2%}，变化 {shift:+.2fpp} 个百分点；"
    "不高于 {target:+.0fpp} 个百分点得 100 分，{zero_at:+.0fpp} 个百分点时 0 分",
    "eval.calc.cost.hidden_cost_ratio": "{categories}占比 = {categories} ÷ 总支出 = ¥{hidden:,.2f} ÷ ¥{total:,.2f} = "
    "{ratio:.2%}；不高于 {target:.1%} 得 100 分，{zero_at:.1%} 时 0 分",
    "eval.calc.quality.csat": "满意度 = 问卷总分 ÷ 已回收问卷数 = {csat_sum:,.0f} ÷ {responses:,.0f} = {value:.3f}"
    "（{days} 天中 {ticket_days} 天有工单）",
    "eval.calc.quality.service_level": "服务水平 = 有目标渠道按服务量（{contacts:,.0f} 次）加权 = {value:.2%}",
    "eval.calc.quality.resolution_rate": "解决率 = 已解决 ÷ 工单 = {resolved:,.0f} ÷ {tickets:,.0f} = {value:.2%}"
    "（{days} 天中 {ticket_days} 天有工单）",
    "eval.calc.quality.complaint_rate": "投诉率 = 投诉 ÷ 工单 = {complaints:,.0f} ÷ {tickets:,.0f} = {value:.2%}"
    "（{days} 天中 {ticket_days} 天有工单）",
    "eval.calc.quality.reopen_rate": "重开率 = 重开 ÷ 工单 = {reopened:,.0f} ÷ {tickets:,.0f} = {value:.2%}"
    "（{days} 天中 {ticket_days} 天有工单）",
    "eval.calc.quality.target.pct": "目标得分：{target:.2%} 时 100 分，{zero_at:.2%} 时 0 分 → {score:g} 分",
    "eval.calc.quality.target.points": "目标得分：满意度 {target:.2f} 时 100 分，{zero_at:.2f} 时 0 分 → {score:g} 分",
    "eval.calc.quality.trend.pct": "环比得分：不差于上季度的 {prior:.2%} 得 100 分，差 {band:gpp} 个百分点时 0 分 → "
    "{trend_score:g} 分；总分 = {target_weight:g} × {target_score:g} + {trend_weight:g} × {trend_score:g} = {score:g}",
    "eval.calc.quality.trend.points": "环比得分：不低于上季度的 {prior:.3f} 得 100 分，低 {band:g} 时 0 分 → "
    "{trend_score:g} 分；总分 = {target_weight:g} × {target_score:g} + {trend_weight:g} × {trend_score:g} = {score:g}",
    "eval.calc.quality.no_prior": "没有上季度数据，总分 = 目标得分",
    "eval.calc.strategy.yuan": "{strategy}战略区间 ¥{lo:g}–¥{hi:g}，本季 ¥{value:.2f}，"
    "偏离区间 ¥{distance:.2f}；得分 = 100 ×（1 − {distance:.2f} ÷ {falloff:g}）= {score:g}（最低 0 分）",
    "eval.calc.strategy.points": "{strategy}战略区间 {lo:g}–{hi:g}，本季满意度 {value:.3f}，偏离区间 {distance:.3f}；"
    "得分 = 100 ×（1 − {distance:.3f} ÷ {falloff:g}）= {score:g}（最低 0 分）",
    "eval.calc.strategy.pct": "{strategy}战略区间 {lo:.1%}–{hi:.1%}，本季 {value:.2%}，"
    "偏离区间 {distance:.2fpp} 个百分点；得分 = 100 ×（1 − {distance:.2fpp} ÷ {falloff:gpp}）= {score:g}（最低 0 分）",
    "eval.calc.flex.peak_service_level": "{events} 大促日服务水平 ÷ 平日服务水平（近 12 个月）= "
    "{promotion_sl:.2%} ÷ {normal_sl:.2%} = {ratio:.3f}；不低于 {target:g} 得 100 分，{zero_at:g} 时 0 分",
    "eval.calc.flex.elasticity": "各次大促坐席 FTE 变化率 ÷ 服务量变化率，取平均（活动期对比之前 {base_days} 天）："
    "{parts} → {value:.3f}；不低于 {target:g} 得 100 分，0 时 0 分",
    "eval.calc.flex.elasticity.event": "{year} 年{event}：{fte_change:+.1%} ÷ {volume_change:+.1%}",
    "eval.calc.flex.flexible_capacity": "（临时工 + 兼职 × {part_time:g} + 外包）坐席 FTE 人天 ÷ 全部坐席 FTE 人天"
    "（近 12 个月）= {flexible_fte_days:,.1f} ÷ {fte_days:,.1f} = {share:.2%}；不低于 {target:.0%} 得 100 分，0 时 0 分",
    "eval.calc.flex.peak_forecast_error": "{days} 个高峰日的平均绝对百分比误差（{snapshot_days} 天用已发布的预测快照，"
    "{seasonal_naive_days} 天用去年同日实际量）= {mape:.2%}；不高于 {target:.0%} 得 100 分，{zero_at:.0%} 时 0 分",
    "eval.calc.flex.budget_revision_days": "服务量偏离计划超过 {threshold:.0%} 的月份，从月末到下一个预算版本的平均天数"
    " = {days:.1f}；不超过 {target:g} 天得 100 分，{zero_at:g} 天时 0 分",
    "eval.calc.missing.no_budget_or_spend": "未计分：本季度没有已批准的预算，或成本台账未覆盖整季",
    "eval.calc.missing.no_spend_or_contacts": "未计分：本季度或去年同季没有服务量，或成本台账未覆盖整季",
    "eval.calc.missing.no_spend_or_last_year": "未计分：本季度或去年同季的成本台账未覆盖整季",
    "eval.calc.missing.no_spend": "未计分：成本台账未覆盖本季度",
    "eval.calc.missing.no_tickets": "未计分：本季度没有工单数据（在数据导入页导入工单）",
    "eval.calc.missing.few_ticket_days": "未计分：工单只覆盖本季度 {days} 天中的 {ticket_days} 天，不足一半",
    "eval.calc.missing.no_csat_responses": "未计分：本季度的工单没有满意度评价",
    "eval.calc.missing.no_service_level": "未计分：服务量数据没有服务水平，或渠道没有服务水平目标",
    "eval.calc.missing.no_contacts": "未计分：本季度没有服务量数据",
    "eval.calc.missing.no_peak_or_normal_days": "未计分：近 12 个月没有 {events} 大促日或没有平日",
    "eval.calc.missing.no_surge": "未计分：近 12 个月没有带排班数据的 {events} 服务量高峰",
    "eval.calc.missing.no_agents": "未计分：名册上没有坐席",
    "eval.calc.missing.no_peak_forecast": "未计分：近 12 个月没有带预测的 {events} 高峰日",
    "eval.calc.missing.no_planned_contacts": "未计分：预算中没有计划服务量，无法识别服务量冲击",
    "eval.calc.missing.no_shock": "本季不适用：近 12 个月没有服务量偏离计划超过 {threshold:.0%} 的月份，无需因冲击调整预算",
    "eval.calc.missing.no_revision": "未计分：服务量冲击之后没有预算调整记录",
    # summary
    "eval.summary.none": "本季度数据不足，四个维度都无法计分。",
    "eval.summary.best_worst": "四个维度中，{best}得分最高（{best_score}），{worst}最低（{worst_score}）。",
    "eval.summary.single": "只有{best}可以计分（{best_score}）。",
    "eval.summary.mover": "与上季度相比变化最大的是{dimension}：{prior} → {score}（{delta}）。",
    "eval.summary.flat": "四个维度的得分与上季度持平。",
    "eval.summary.no_prior": "没有可比较的上季度得分。",
    "eval.summary.red": "未达标（红灯）的指标：{metrics}。",
    "eval.summary.no_red": "没有未达标（红灯）的指标。",
    "eval.summary.missing": "缺少数据、未计分的指标：{metrics}。",
    "eval.summary.not_applicable": "本季度不适用、不计分的指标：{metrics}。",
    "eval.summary.gate": "服务质量较上季度下降，本季度的节省不计入成本得分（预算执行率和单次服务成本最高 {cap} 分）。",
    "eval.summary.separator": "、",
    "eval.coverage.line": "部分指标未计分，得分只按已计分的指标计算：{parts}。",
    "eval.coverage.part": "{dimension} {total} 项中 {scored} 项（占权重 {weight}）",
    "eval.coverage.separator": "；",
    "eval.coverage.none": "{dimension} {total} 项都未计分",
    "eval.coverage.tile": "{total} 项中 {scored} 项计分",
    # report
    "eval.report.title": "{quarter} 季度复盘",
    "eval.report.meta": "评估期间：{start} 至 {end} · 服务战略：{strategy} · 生成时间：{generated}",
    "eval.report.scores": "四维得分",
    "eval.report.radar": "本季度、上季度与目标",
    "eval.report.trend": "近八个季度得分",
    "eval.report.summary": "小结",
    "eval.report.metrics": "子指标",
    "eval.report.budget": "预算与实际（按类别）",
    "eval.report.no_budget": "该年度没有已批准的预算。",
    "eval.report.structure": "成本结构（一级类别）",
    "eval.report.peaks": "下季度的业务高峰",
    "eval.report.no_peaks": "下季度没有 618 或双11 高峰。",
    "eval.report.peak_line": "{event} 高峰：{start}（距数据截止日 {days} 天），预计需要坐席 {needed} 人（按全职折算），"
    "现有在册 {roster} 人，缺口 {gap} 人。",
    "eval.report.peak_line_enough": "{event} 高峰：{start}（距数据截止日 {days} 天），预计需要坐席 {needed} 人"
    "（按全职折算），现有在册 {roster} 人，富余 {spare} 人。",
    "eval.report.levers": "降本杠杆：未来 12 个月能省在哪里",
    "eval.report.levers.basis": "以截至 {as_of} 的数据为基准（业务量按{source}，服务目标、在职人员和外包比例按当前设置），"
    "每个杠杆单独移动一步（步幅按团队在「人力与成本测算」页存下的，未存过时按默认步幅）后，{first} 至 {last} 的成本变化。各项节省不能直接相加，最后一行把服务目标不变的几项放在一起算了一次。",
    "eval.report.levers.source.snapshot": "已发布的预测",
    "eval.report.levers.source.fitted": "历史数据拟合的预测",
    "eval.report.levers.no_volume": "还没有业务量数据，无法测算降本杠杆。",
    "eval.report.decisions": "本季度复盘决定",
    "eval.report.no_decisions": "还没有记录决定。",
    "eval.report.target": "目标",
    "eval.report.prior": "上季度",
    "eval.report.score_unit": "分",
    "eval.report.no_score": "—",
    "eval.report.total": "合计",
    # table columns
    "eval.col.dimension": "维度",
    "eval.col.metric": "指标",
    "eval.col.key": "指标代码",
    "eval.col.value": "实际",
    "eval.col.unit": "单位",
    "eval.col.target": "目标",
    "eval.col.prior": "上季度",
    "eval.col.score": "得分",
    "eval.col.status": "状态",
    "eval.col.formula": "计算过程",
    "eval.col.formula_text": "计算方法",
    "eval.col.target_low": "目标区间下限",
    "eval.col.target_high": "目标区间上限",
    "eval.col.dimension_score": "维度得分",
    "eval.col.quarter": "季度",
    "eval.col.strategy": "服务战略",
    "eval.unit_name.pct": "比例（小数）",
    "eval.unit_name.percent": "比例（百分数）",
    "eval.xlsx.sheet": "评分表",
    "eval.unit_name.yuan": "元",
    "eval.unit_name.points": "分",
    "eval.unit_name.ratio": "比值",
    "eval.unit_name.days": "天",
    "eval.unit_name.seconds": "秒",
    "eval.col.category": "类别",
    "eval.col.budget": "预算",
    "eval.col.actual": "实际",
    "eval.col.variance": "差异",
    "eval.col.amount": "金额",
    "eval.col.share": "占比",
    "eval.col.decision": "决定",
    "eval.col.owner": "负责人",
    "eval.col.due_date": "完成期限",
    "eval.col.recorded_by": "记录人",
    # charts
    "eval.chart.current": "本季度",
    "eval.chart.prior": "上季度",
    "eval.chart.target": "目标",
    "eval.chart.score": "得分",
    "eval.chart.quarter": "季度",
}

EN = {
    # dimensions
    "eval.dim.cost": "Cost",
    "eval.dim.quality": "Service quality",
    "eval.dim.strategy": "Strategic fit",
    "eval.dim.flexibility": "Flexibility",
    # strategies
    "eval.strategy.cost_leader": "Cost leader",
    "eval.strategy.balanced": "Balanced",
    "eval.strategy.premium": "Premium service",
    # statuses
    "eval.status.green": "Good",
    "eval.status.amber": "Watch",
    "eval.status.red": "Off target",
    "eval.status.missing": "No data",
    "eval.status.not_applicable": "N/A",
    # units
    "eval.unit.days": "{value} days",
    "eval.unit.seconds": "{value} s",
    # metric names
    "eval.metric.cost.budget_adherence": "Budget adherence (actual ÷ budget)",
    "eval.metric.cost.cost_per_contact": "Cost per contact (year on year)",
    "eval.metric.cost.labor_share_shift": "Labor share of spend vs a year earlier",
    "eval.metric.cost.hidden_cost_ratio": "Hidden-cost ratio",
    "eval.metric.quality.csat": "Customer satisfaction (CSAT)",
    "eval.metric.quality.service_level": "Service level",
    "eval.metric.quality.resolution_rate": "Resolution rate",
    "eval.metric.quality.complaint_rate": "Complaint rate",
    "eval.metric.quality.reopen_rate": "Reopen rate",
    "eval.metric.strategy.cost_per_contact": "Cost per contact within the strategy's range",
    "eval.metric.strategy.csat": "CSAT within the strategy's range",
    "eval.metric.strategy.digital_share": "Digital channel share (not phone)",
    "eval.metric.strategy.training_share": "Training share of spend",
    "eval.metric.flex.peak_service_level": "Promotion service level ÷ normal-day service level",
    "eval.metric.flex.elasticity": "Staffing elasticity (change in staff ÷ change in volume)",
    "eval.metric.flex.flexible_capacity": "Flexible capacity share (temp, part-time, outsourced)",
    "eval.metric.flex.peak_forecast_error": "Forecast error at peaks (MAPE)",
    "eval.metric.flex.budget_revision_days": "Days from a volume shock to a budget revision",
    # formulas in words
    "eval.formula.cost.budget_adherence": "The quarter's agreed-definition spend ÷ the approved budget for the same "
    "months (without the contingency reserve). 100 at or under budget, 0 at {budget_band} over, linear in between. "
    "Savings count only if quality held: when the quality score fell more than {hold_points} points against the "
    "prior quarter, or CSAT fell more than {csat_hold}, this scores at most {cap}.",
    "eval.formula.cost.cost_per_contact": "Cost per contact = agreed-definition spend ÷ contacts, against the same "
    "quarter last year. 100 when not higher, 0 at {cpc_band} higher; capped at {cap} when quality fell.",
    "eval.formula.cost.labor_share_shift": "Labor share = (direct + indirect labor) ÷ total spend, against the same "
    "quarter last year. 100 when it did not rise, 0 at a rise of {labor_band} percentage points.",
    "eval.formula.cost.hidden_cost_ratio": "Booked hidden costs (attrition, complaint handling, repeat contacts, "
    "process inefficiency) ÷ total spend. 100 at or under the target, 0 at twice the target.",
    "eval.formula.quality.csat": "Mean CSAT of answered surveys (1-5). 100 at the target, 0 at {csat_band} points "
    "below; score = {target_weight} × target score + {trend_weight} × trend score (100 when not worse than the "
    "prior quarter, 0 at {csat_trend} points worse).",
    "eval.formula.quality.service_level": "Contact-weighted service level of the channels with a target, against "
    "the contact-weighted target. 100 at the target, 0 at {sl_band} below; the trend part reaches 0 at {sl_trend} "
    "worse, same weights.",
    "eval.formula.quality.resolution_rate": "Resolved tickets ÷ all tickets. 100 at the target, 0 at "
    "{resolution_band} below; the trend part reaches 0 at {resolution_trend} worse.",
    "eval.formula.quality.complaint_rate": "Complaint tickets ÷ all tickets. 100 at or under the target, 0 at twice "
    "the target; the trend part reaches 0 at {complaint_trend} higher.",
    "eval.formula.quality.reopen_rate": "Reopened tickets ÷ all tickets. 100 at or under the target, 0 at twice the "
    "target; the trend part reaches 0 at {reopen_trend} higher.",
    "eval.formula.strategy.cost_per_contact": "The quarter's cost per contact (¥) against the declared strategy's "
    "range: 100 inside, 0 at ¥{cpc_falloff} outside, linear in between.",
    "eval.formula.strategy.csat": "The quarter's CSAT against the strategy's range: 100 inside, 0 at {csat_falloff} "
    "points outside.",
    "eval.formula.strategy.digital_share": "Contacts through online chat, WeChat, email and tickets ÷ all contacts, "
    "against the strategy's range: 100 inside, 0 at {digital_falloff} outside.",
    "eval.formula.strategy.training_share": "Training spend ÷ total spend against the strategy's range: 100 inside, "
    "0 at {training_falloff} outside.",
    "eval.formula.flex.peak_service_level": "Over the 12 months ending with the quarter: contact-weighted service "
    "level on 618 and Double-11 phase days ÷ on days without any event. 100 at the target ratio, 0 at {peak_band} "
    "below.",
    "eval.formula.flex.elasticity": "For each 618 and Double-11 in the 12 months: % change in rostered agent FTE ÷ "
    "% change in contacts, event span (pre-sale to after-sales) against the {base_days} days before, averaged "
    "(a part-timer counts {part_time} FTE). 100 at the target, 0 at 0.",
    "eval.formula.flex.flexible_capacity": "Agent FTE-days of temp, part-time and outsourced staff ÷ all agent "
    "FTE-days over the 12 months. 100 at the target, 0 at 0.",
    "eval.formula.flex.peak_forecast_error": "Mean absolute percentage error on the 618 and Double-11 peak days of "
    "the 12 months: the published forecast the day was planned on (the newest published before the day and not "
    "withdrawn before it; one withdrawn later still counts), else the seasonal-naive forecast (the same date a "
    "year earlier). 100 at or under the target, 0 at {mape_band} above.",
    "eval.formula.flex.budget_revision_days": "A month whose contacts are more than {shock} off the budget's "
    "planned contacts is a shock; days from that month's end to the next budget version. 100 at or under the "
    "target, 0 at {revision_band} days over; not scored without planned volumes, shocks or a revision.",
    # calculations with their numbers (ui.evaluation_text.calculation_text fills them from SubMetric.calculation;
    # {x:.2fpp} writes a share in percentage points)
    "eval.calc.separator": "; ",
    "eval.calc.part_separator": ", ",
    "eval.calc.gate.capped": "quality fell against the prior quarter → score capped at {cap:g}",
    "eval.calc.cost.budget_adherence": "budget adherence = actual ÷ budget = ¥{actual:,.2f} ÷ ¥{budget:,.2f} = "
    "{ratio:.4f}; score = 100 if ≤ {target:g}, 0 at {zero_at:g}",
    "eval.calc.cost.cost_per_contact": "cost per contact = spend ÷ contacts = ¥{spend:,.2f} ÷ {contacts:,.0f} = "
    "¥{cpc:.2f}; same quarter last year ¥{cpc_last_year:.2f}, change {change:+.2%}; score = 100 if the change is "
    "≤ {target:+.0%}, 0 at {zero_at:+.0%}",
    "eval.calc.cost.labor_share_shift": "labor share = ({categories}) ÷ total spend = {labor_share:.2%}; same quarter "
    "last year {labor_share_last_year:.2%}, change {shift:+.2fpp} pp; score = 100 if ≤ {target:+.0fpp} pp, "
    "0 at {zero_at:+.0fpp} pp",
    "eval.calc.cost.hidden_cost_ratio": "hidden-cost ratio = {categories} ÷ total spend = ¥{hidden:,.2f} ÷ "
    "¥{total:,.2f} = {ratio:.2%}; score = 100 if ≤ {target:.1%}, 0 at {zero_at:.1%}",
    "eval.calc.quality.csat": "CSAT = survey points ÷ answered surveys = {csat_sum:,.0f} ÷ {responses:,.0f} = "
    "{value:.3f} (tickets on {ticket_days} of {days} days)",
    "eval.calc.quality.service_level": "service level = weighted by the contacts ({contacts:,.0f}) of the channels "
    "with a target = {value:.2%}",
    "eval.calc.quality.resolution_rate": "resolution rate = resolved ÷ tickets = {resolved:,.0f} ÷ {tickets:,.0f} = "
    "{value:.2%} (tickets on {ticket_days} of {days} days)",
    "eval.calc.quality.complaint_rate": "complaint rate = complaints ÷ tickets = {complaints:,.0f} ÷ {tickets:,.0f} = "
    "{value:.2%} (tickets on {ticket_days} of {days} days)",
    "eval.calc.quality.reopen_rate": "reopen rate = reopened ÷ tickets = {reopened:,.0f} ÷ {tickets:,.0f} = "
    "{value:.2%} (tickets on {ticket_days} of {days} days)",
    "eval.calc.quality.target.pct": "target score: 100 at {target:.2%}, 0 at {zero_at:.2%} → {score:g}",
    "eval.calc.quality.target.points": "target score: 100 at a CSAT of {target:.2f}, 0 at {zero_at:.2f} → {score:g}",
    "eval.calc.quality.trend.pct": "trend score: 100 if not worse than the prior quarter's {prior:.2%}, 0 at "
    "{band:gpp} pp worse → {trend_score:g}; score = {target_weight:g} × {target_score:g} + {trend_weight:g} × "
    "{trend_score:g} = {score:g}",
    "eval.calc.quality.trend.points": "trend score: 100 if not below the prior quarter's {prior:.3f}, 0 at {band:g} "
    "below → {trend_score:g}; score = {target_weight:g} × {target_score:g} + {trend_weight:g} × {trend_score:g} = "
    "{score:g}",
    "eval.calc.quality.no_prior": "no prior quarter → score = target score",
    "eval.calc.strategy.yuan": "range for {strategy}: ¥{lo:g}–¥{hi:g}, this quarter ¥{value:.2f}, "
    "distance ¥{distance:.2f}; score = 100 × (1 − {distance:.2f} ÷ {falloff:g}) = {score:g} (at least 0)",
    "eval.calc.strategy.points": "range for {strategy}: {lo:g}–{hi:g}, this quarter's CSAT {value:.3f}, distance "
    "{distance:.3f}; score = 100 × (1 − {distance:.3f} ÷ {falloff:g}) = {score:g} (at least 0)",
    "eval.calc.strategy.pct": "range for {strategy}: {lo:.1%}–{hi:.1%}, this quarter {value:.2%}, "
    "distance {distance:.2fpp} pp; score = 100 × (1 − {distance:.2fpp} ÷ {falloff:gpp}) = {score:g} (at least 0)",
    "eval.calc.flex.peak_service_level": "service level on {events} days ÷ on normal days (12 months) = "
    "{promotion_sl:.2%} ÷ {normal_sl:.2%} = {ratio:.3f}; score = 100 if ≥ {target:g}, 0 at {zero_at:g}",
    "eval.calc.flex.elasticity": "mean over events of % change in agent FTE ÷ % change in contacts (event span "
    "against the {base_days} days before): {parts} → {value:.3f}; score = 100 if ≥ {target:g}, 0 at 0",
    "eval.calc.flex.elasticity.event": "{event} {year}: {fte_change:+.1%} ÷ {volume_change:+.1%}",
    "eval.calc.flex.flexible_capacity": "(temp + part-time × {part_time:g} + outsourced) agent FTE-days ÷ all agent "
    "FTE-days (12 months) = {flexible_fte_days:,.1f} ÷ {fte_days:,.1f} = {share:.2%}; score = 100 if "
    "≥ {target:.0%}, 0 at 0",
    "eval.calc.flex.peak_forecast_error": "mean absolute percentage error over {days} peak day(s) ({snapshot_days} "
    "from a published forecast snapshot, {seasonal_naive_days} from the same date last year) = {mape:.2%}; "
    "score = 100 if ≤ {target:.0%}, 0 at {zero_at:.0%}",
    "eval.calc.flex.budget_revision_days": "mean days from the end of a month off plan by more than "
    "{threshold:.0%} to the next budget version = {days:.1f}; score = 100 if ≤ {target:g} days, 0 at {zero_at:g}",
    "eval.calc.missing.no_budget_or_spend": "not scored: no approved budget, or the cost ledger does not cover the whole quarter",
    "eval.calc.missing.no_spend_or_contacts": "not scored: no contacts, or a cost ledger that does not cover the whole quarter, this quarter or a year earlier",
    "eval.calc.missing.no_spend_or_last_year": "not scored: the cost ledger does not cover the whole quarter, this quarter or a year earlier",
    "eval.calc.missing.no_spend": "not scored: the cost ledger does not cover the quarter",
    "eval.calc.missing.no_tickets": "not scored: no tickets for the quarter (import tickets on the Data import page)",
    "eval.calc.missing.few_ticket_days": "not scored: tickets cover only {ticket_days} of the quarter's {days} days, under half",
    "eval.calc.missing.no_csat_responses": "not scored: none of the quarter's tickets has a satisfaction rating",
    "eval.calc.missing.no_service_level": "not scored: the volume data has no service level, or no channel has a service-level target",
    "eval.calc.missing.no_contacts": "not scored: no contact volume for the quarter",
    "eval.calc.missing.no_peak_or_normal_days": "not scored: no {events} days or no normal days in the 12 months",
    "eval.calc.missing.no_surge": "not scored: no {events} surge with staffing data in the 12 months",
    "eval.calc.missing.no_agents": "not scored: no agents on the roster",
    "eval.calc.missing.no_peak_forecast": "not scored: no {events} peak day with a forecast in the 12 months",
    "eval.calc.missing.no_planned_contacts": "not scored: no planned contacts (budget drivers) to detect a shock",
    "eval.calc.missing.no_shock": "not applicable: no month in the last 12 was off plan by more than {threshold:.0%}, "
    "so no shock called for a budget revision",
    "eval.calc.missing.no_revision": "not scored: no budget revision recorded after the volume shock",
    # summary
    "eval.summary.none": "Not enough data this quarter: none of the four dimensions can be scored.",
    "eval.summary.best_worst": "Of the four dimensions, {best} scores highest ({best_score}) and {worst} lowest "
    "({worst_score}).",
    "eval.summary.single": "Only {best} can be scored ({best_score}).",
    "eval.summary.mover": "The biggest change against the prior quarter is {dimension}: {prior} → {score} ({delta}).",
    "eval.summary.flat": "All four scores are level with the prior quarter.",
    "eval.summary.no_prior": "There are no prior-quarter scores to compare with.",
    "eval.summary.red": "Off target (red): {metrics}.",
    "eval.summary.no_red": "No metric is off target (red).",
    "eval.summary.missing": "Not scored for lack of data: {metrics}.",
    "eval.summary.not_applicable": "Not applicable this quarter, so not scored: {metrics}.",
    "eval.summary.gate": "Service quality fell against the prior quarter, so this quarter's savings do not count "
    "towards cost (budget adherence and cost per contact score at most {cap}).",
    "eval.summary.separator": "; ",
    "eval.coverage.line": "Some sub-metrics are not scored, and scores count only those scored: {parts}.",
    "eval.coverage.part": "{dimension} {scored} of {total} ({weight} of its weight)",
    "eval.coverage.separator": "; ",
    "eval.coverage.none": "{dimension} none of {total}, not scored",
    "eval.coverage.tile": "{scored} of {total} scored",
    # report
    "eval.report.title": "Quarterly review {quarter}",
    "eval.report.meta": "Period: {start} to {end} · Service strategy: {strategy} · Generated: {generated}",
    "eval.report.scores": "The four scores",
    "eval.report.radar": "This quarter, the prior quarter and the target",
    "eval.report.trend": "Scores over eight quarters",
    "eval.report.summary": "Summary",
    "eval.report.metrics": "Sub-metrics",
    "eval.report.budget": "Budget vs actual by category",
    "eval.report.no_budget": "There is no approved budget for this year.",
    "eval.report.structure": "Cost structure (level 1)",
    "eval.report.peaks": "Next quarter's peaks",
    "eval.report.no_peaks": "No 618 or Double-11 peak next quarter.",
    "eval.report.peak_line": "{event} peak: {start} ({days} day(s) after the data's as-of date), about {needed} "
    "agent(s) needed (full-time equivalents), {roster} on the roster, a gap of {gap}.",
    "eval.report.peak_line_enough": "{event} peak: {start} ({days} day(s) after the data's as-of date), about "
    "{needed} agent(s) needed (full-time equivalents), {roster} on the roster, {spare} to spare.",
    "eval.report.levers": "Cost levers: where the next 12 months could save",
    "eval.report.levers.basis": "On the data up to {as_of} (volume from {source}; service targets, staff on the "
    "roster and outsourcing shares as set now), the change in cost from {first} to {last} when each lever moves one "
    "step on its own (the step sizes the team saved on the Staffing & cost what-if page, else the defaults). The savings do not add up: the last row prices the levers that keep service targets together, once.",
    "eval.report.levers.source.snapshot": "the published forecast",
    "eval.report.levers.source.fitted": "a forecast fitted to the history",
    "eval.report.levers.no_volume": "There is no contact volume yet to price the cost levers on.",
    "eval.report.decisions": "Decisions of this review",
    "eval.report.no_decisions": "No decisions recorded yet.",
    "eval.report.target": "Target",
    "eval.report.prior": "Prior quarter",
    "eval.report.score_unit": "points",
    "eval.report.no_score": "—",
    "eval.report.total": "Total",
    # table columns
    "eval.col.dimension": "Dimension",
    "eval.col.metric": "Metric",
    "eval.col.key": "Metric code",
    "eval.col.value": "Actual",
    "eval.col.unit": "Unit",
    "eval.col.target": "Target",
    "eval.col.prior": "Prior quarter",
    "eval.col.score": "Score",
    "eval.col.status": "Status",
    "eval.col.formula": "Calculation",
    "eval.col.formula_text": "Method",
    "eval.col.target_low": "Target range from",
    "eval.col.target_high": "Target range to",
    "eval.col.dimension_score": "Dimension score",
    "eval.col.quarter": "Quarter",
    "eval.col.strategy": "Service strategy",
    "eval.unit_name.pct": "share (fraction)",
    "eval.unit_name.percent": "share (percent)",
    "eval.xlsx.sheet": "Scorecard",
    "eval.unit_name.yuan": "yuan",
    "eval.unit_name.points": "points",
    "eval.unit_name.ratio": "ratio",
    "eval.unit_name.days": "days",
    "eval.unit_name.seconds": "seconds",
    "eval.col.category": "Category",
    "eval.col.budget": "Budget",
    "eval.col.actual": "Actual",
    "eval.col.variance": "Variance",
    "eval.col.amount": "Amount",
    "eval.col.share": "Share",
    "eval.col.decision": "Decision",
    "eval.col.owner": "Owner",
    "eval.col.due_date": "Due",
    "eval.col.recorded_by": "Recorded by",
    # charts
    "eval.chart.current": "This quarter",
    "eval.chart.prior": "Prior quarter",
    "eval.chart.target": "Target",
    "eval.chart.score": "Score",
    "eval.chart.quarter": "Quarter",
}
