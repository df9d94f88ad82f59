"""Strings of the overview (总览) page."""

ZH = {
    "home.title": "总览",
    "home.kpi.spend": "支出（统一口径）",
    "home.kpi.spend_vs_budget": "预算执行 {share}",
    "home.kpi.spend_vs_budget_part": "预算执行 {share}（有预算的 {covered}/{months} 个月）",
    "home.kpi.no_budget": "无已批准预算",
    "home.kpi.cost_per_contact": "单次服务成本",
    "home.kpi.contacts": "服务量（次）",
    "home.kpi.headcount": "在岗人数",
    "home.kpi.outsourced": "另有外包坐席 {n}",
    "home.kpi.csat": "满意度 CSAT",
    "home.kpi.csat_of": "满分 5 分",
    "home.kpi.service_level": "电话服务水平",
    "home.kpi.service_level_target": "目标 {target}",
    "home.kpi.none": "—",
    "home.trend.title": "近 24 个月支出与服务量",
    "home.trend.spend": "支出",
    "home.trend.contacts": "服务量",
    "home.peaks.title": "下一个大促",
    "home.peaks.days": "距{event}高峰还有 {days} 天（{date}）",
    "home.peaks.estimate": "预计需要坐席 {needed} 人（按全职折算），届时在岗 {roster} 人",
    "home.peaks.gap": "缺口 {gap} 人",
    "home.peaks.needed": "预计需要坐席 {needed} 人（按全职折算）",
    "home.peaks.enough": "人手充足（富余 {spare} 人）",
    "home.peaks.grown.forecast": "服务量：去年最忙 7 天 ×{growth}，即今年本次大促与去年之比：已过去的天数按实际，"
    "其余按已发布预测 #{id}（数据截至 {date}）。",
    "home.peaks.grown.corrected": "已按该预测最近 {days} 天的偏差校正（实际为预测的 {level}）。",
    "home.peaks.grown.trend": "服务量：去年最忙 7 天 ×{growth}，即近 90 天的同比增长"
    "（近半年没有覆盖本次大促的已发布预测）。",
    "home.peaks.basis": "按去年同一大促最忙 7 天的服务量放大到今年（倍数见各大促），用人力测算的同一模型估算：电话按 Erlang C、"
    "在线和微信按并发、邮件和工单按回复时限，达到服务水平目标，损耗 {shrinkage}，占用率不超过 {occupancy}。"
    "兼职按半人计；在岗人数从数据截止日起算。",
    "home.peaks.none": "事件表中没有未来的 618 或双11。",
    "home.peaks.plan": "到「人力与成本测算」安排高峰用工",
    "home.peaks.kit": "加座的电脑、耳麦、工位：买还是租",
    "home.alerts.title": "提醒",
    "home.alerts.over_budget": "{category}：年初至今超预算 {share}（{amount}）",
    "home.alerts.none": "各成本大类均在预算内。",
    "home.alerts.notice_awaited": "{year} 年官方放假安排尚未录入（国务院办公厅通常在上一年 11 月前后发布通知）。"
    "录入前，预测、排班和预算都按法定假日暂估，不含调休。",
    "home.alerts.type_notice": "去「业务量预测」录入 {year} 年放假安排",
    "home.alerts.budget_calendar": "{year} 年预算第 {version} 版是按旧的放假安排测算的，此后官方安排有录入或修改。",
    "home.alerts.budget_forecast": "{year} 年预算第 {version} 版尚未批准，所用的预测已有基于更新数据的新版（预测 #{id}，"
    "数据截至 {date}）；批准前可考虑按新预测重新编制。",
    "home.alerts.budget_forecast_withdrawn": "{year} 年预算第 {version} 版尚未批准，所用的预测 #{id} 已被 {who} 撤回；"
    "批准前请按现行预测重新编制。",
    "home.alerts.budget_short_history": "{year} 年预算第 {version} 版尚未批准，所用的业务量预测只基于 {days} 天的历史，"
    "不足一年，没有年度季节性：大促和春节月份的数字是估计值，批准前请留意。",
    "home.alerts.open_budget": "去「预算管理」查看或重新编制",
    "home.empty": "数据库里还没有服务量。请到「数据导入」下载模板，先导入每日服务量（或工单明细），再导入成本台账和花名册。",
    "home.kpi.no_costs": "未导入成本台账",
    "home.kpi.cost_months": "按有成本的 {covered}/{months} 个月计",
    "home.kpi.no_roster": "未导入花名册",
    "home.peaks.no_history": "已导入的服务量不含去年的{event}，无法估算所需坐席。",
    "home.peaks.no_roster": "未导入花名册，无法对照在岗人数。",
    "home.alerts.no_budget": "本年度还没有已批准的预算，因此没有超预算提醒；在「预算管理」批准预算后，这里会列出超预算的成本大类。",
}

EN = {
    "home.title": "Overview",
    "home.kpi.spend": "Spend (agreed definition)",
    "home.kpi.spend_vs_budget": "{share} of budget",
    "home.kpi.spend_vs_budget_part": "{share} of budget ({covered} of {months} month(s) budgeted)",
    "home.kpi.no_budget": "no approved budget",
    "home.kpi.cost_per_contact": "Cost per contact",
    "home.kpi.contacts": "Contacts",
    "home.kpi.headcount": "Headcount",
    "home.kpi.outsourced": "plus {n} outsourced seats",
    "home.kpi.csat": "CSAT",
    "home.kpi.csat_of": "out of 5",
    "home.kpi.service_level": "Phone service level",
    "home.kpi.service_level_target": "target {target}",
    "home.kpi.none": "—",
    "home.trend.title": "Spend and contacts, last 24 months",
    "home.trend.spend": "Spend",
    "home.trend.contacts": "Contacts",
    "home.peaks.title": "Next peaks",
    "home.peaks.days": "{days} day(s) to the {event} peak ({date})",
    "home.peaks.estimate": "about {needed} agent(s) needed (full-time equivalents), {roster} on the roster by then",
    "home.peaks.gap": "short by {gap}",
    "home.peaks.needed": "about {needed} agent(s) needed (full-time equivalents)",
    "home.peaks.enough": "enough staff ({spare} spare)",
    "home.peaks.grown.forecast": "Volume: last year's busiest 7 days ×{growth}, this year's event against last "
    "year's: its days gone as they were, the rest from published forecast #{id} (history to {date}).",
    "home.peaks.grown.corrected": " Corrected by how that forecast ran over the last {days} days (actuals at "
    "{level} of it).",
    "home.peaks.grown.trend": "Volume: last year's busiest 7 days ×{growth}, the last 90 days' growth on a year "
    "before (no forecast published in the last half year covers this event).",
    "home.peaks.basis": "The busiest 7 days of last year's event, grown to this year (the factor is under each event), "
    "staffed by the what-if's model: Erlang C for phone, concurrency for chat, reply deadlines for e-mail and "
    "tickets, to the service-level targets with {shrinkage} shrinkage and an occupancy cap of {occupancy}. "
    "A part-timer counts half; the roster is counted from the data's as-of date.",
    "home.peaks.none": "No future 618 or Double-11 in the events table.",
    "home.peaks.plan": "Plan who covers the peak in the what-if",
    "home.peaks.kit": "Computers, headsets and desks for the extra seats: buy or lease",
    "home.alerts.title": "Alerts",
    "home.alerts.over_budget": "{category}: {share} over budget year to date ({amount})",
    "home.alerts.none": "Every cost category is within budget.",
    "home.alerts.notice_awaited": "The official holiday schedule for {year} is not typed in yet (the State "
    "Council usually publishes it around November). Until it is, the forecast, staffing and budget estimate the "
    "holidays, with no make-up workdays.",
    "home.alerts.type_notice": "Type in the {year} schedule on Volume forecast",
    "home.alerts.budget_calendar": "Version {version} of the {year} budget was costed with an older holiday "
    "schedule; the official schedule has been typed in or changed since.",
    "home.alerts.budget_forecast": "Version {version} of the {year} budget is not approved yet, and its forecast "
    "has been overtaken by forecast #{id} on later data (to {date}); consider drafting again on it before approval.",
    "home.alerts.budget_forecast_withdrawn": "Version {version} of the {year} budget is not approved yet, and "
    "forecast #{id} it was drafted on has been withdrawn by {who}; draft again on the forecast in force before "
    "approval.",
    "home.alerts.budget_short_history": "Version {version} of the {year} budget is not approved yet, and its "
    "volume forecast rests on only {days} days of history, under a year, with no yearly season: its peak and Spring "
    "Festival months are guesses; bear that in mind before approval.",
    "home.alerts.open_budget": "Open Budget to review or draft again",
    "home.empty": "The database holds no contact volume yet. On the Data import page, download a template and "
    "import daily volume (or tickets) first, then the cost ledger and the staff roster.",
    "home.kpi.no_costs": "no cost ledger imported",
    "home.kpi.cost_months": "over the {covered} of {months} month(s) with costs",
    "home.kpi.no_roster": "no staff roster imported",
    "home.peaks.no_history": "The imported volume does not include last year's {event}, so the agents it needs "
    "cannot be estimated.",
    "home.peaks.no_roster": "No staff roster imported, so there is no headcount to compare with.",
    "home.alerts.no_budget": "No approved budget for this year, so no over-budget alerts; once a budget is "
    "approved on the Budget page, categories over plan are listed here.",
}
