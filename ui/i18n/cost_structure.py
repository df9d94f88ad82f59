"""Strings of the cost structure page (成本结构) and the 统计口径 reconciliation."""

ZH = {
    "nav.cost_structure": "成本结构",
    "costs.title": "成本结构",
    "costs.intro": "按统一统计口径看钱花在哪里：成本类别构成及其逐月变化、单次服务成本、从数据算出的隐性成本、"
    "共享成本分摊，财务口径与运营口径的逐项对账，以及设备买断还是租赁的比较。",
    "costs.no_data": "暂无成本数据，无法分析成本结构。请先导入成本台账。",
    # period
    "costs.period_kind": "期间类型",
    "costs.kind.year": "年",
    "costs.kind.quarter": "季度",
    "costs.kind.month": "月",
    "costs.period": "期间",
    "costs.period.year": "{year} 年",
    "costs.period.ytd": "{year} 年 1–{month}",
    "costs.period.quarter": "{year} 年第 {quarter} 季度",
    "costs.period.quarter_to_date": "{year} 年第 {quarter} 季度（至 {month}）",
    "costs.period.month": "{year} 年 {month}",
    **{f"costs.month.{m}": f"{m} 月" for m in range(1, 13)},
    "costs.period_span": "期间：{start} 至 {end}（按月台账，统一口径）",
    # headline
    "costs.kpi.total": "统一口径总成本",
    "costs.kpi.labor_share": "人工成本占比",
    "costs.kpi.labor_help": "直接人工 + 间接人工占统一口径总成本的比例",
    "costs.kpi.cpc": "单次服务成本",
    "costs.kpi.cpc_help": "统一口径总成本 ÷ 各渠道服务量",
    "costs.kpi.gap": "财务与运营口径差",
    "costs.kpi.gap_delta": "比运营口径高 {pct}",
    "costs.kpi.gap_no_ops": "只有财务口径，无从对比",
    "costs.kpi.gap_no_finance": "只有运营口径，无从对比",
    "costs.kpi.gap_no_both": "两个口径都没有成本",
    "costs.hidden.needs_roster": "{items}按花名册计算，但还没有导入花名册，因此显示为 0。请在「数据导入」页导入花名册。",
    "costs.hidden.needs_tickets": "{items}按工单明细计算，但这段时间没有工单，因此显示为 0。请在「数据导入」页导入工单明细。",
    "costs.recon.no_ops": "这段时间只有财务台账（{finance}），没有运营报表（{ops}），无从对账。运营报表若已用别的来源系统名导入，"
    "请在上方选择它；否则在「数据导入」页导入运营报表后，这里会逐项解释两个口径的差异。",
    "costs.recon.no_finance": "这段时间只有运营报表（{ops}），没有财务台账（{finance}），无从对账。财务台账若已用别的来源系统名导入，"
    "请在上方选择它；否则在「数据导入」页导入财务台账后，这里会逐项解释两个口径的差异。",
    "costs.recon.no_both": "这段时间财务台账（{finance}）和运营报表（{ops}）都没有成本，无从对账。成本台账里的来源系统有：{sources}；"
    "请在上方选择哪个是财务台账、哪个是运营报表。",
    "costs.recon.side.finance": "财务台账的来源系统",
    "costs.recon.side.ops": "运营报表的来源系统",
    "costs.recon.side.placeholder": "请选择来源系统",
    "costs.recon.side.none": "未选定来源系统",
    "costs.recon.side.help": "导入成本台账时填写的来源系统。年中换过系统的一方可选多个；选定后全团队按此对账。"
    "选了另一方已有的系统，它会从另一方移过来。",
    "costs.kpi.gap_help": "财务口径合计 − 运营口径合计；差异在“统计口径对账”中逐项说明",
    # tabs
    "costs.tab.structure": "成本构成",
    "costs.tab.per_contact": "单次服务成本",
    "costs.tab.hidden": "隐性成本",
    "costs.tab.shared": "共享成本分摊",
    "costs.tab.reconciliation": "统计口径对账",
    # structure
    "costs.structure_chart": "成本构成（一级 → 二级类别，点击可展开）",
    "costs.shares_chart": "各类成本占比逐月变化",
    "costs.shares_note": "每根柱代表当月统一口径成本（合计 100%），用来观察人工占比是否下降、设备与场地成本是否受控。",
    "costs.breakdown_title": "成本明细（一级与二级类别）",
    "costs.col.level1": "一级类别",
    "costs.col.level2": "二级类别",
    "costs.col.amount": "金额",
    "costs.col.share": "占比",
    "costs.col.total": "合计",
    "costs.download_csv": "下载 CSV",
    "costs.download_xlsx": "下载 Excel",
    # cost per contact
    "costs.by": "分组方式",
    "costs.by.channel": "渠道",
    "costs.by.category": "工单类别",
    "costs.by.tier": "客户等级",
    "costs.basis": "分摊依据",
    "costs.basis.handle_time": "处理时长",
    "costs.basis.contacts": "服务量",
    "costs.basis_note.handle_time": "分摊依据：处理时长。各组分得的成本 = 期间统一口径成本 × 该组处理小时数占比"
    "（渠道：处理量 × 平均处理时长；工单类别与客户等级：工单处理秒数），按分精确分摊（最大余数法）。",
    "costs.basis_note.contacts": "分摊依据：服务量。各组分得的成本 = 期间统一口径成本 × 该组服务量占比，"
    "按分精确分摊（最大余数法）；因此各组单次服务成本相同，差别只在规模。",
    "costs.coverage.tickets": "工单明细只覆盖 {first} 至 {last}：此处分摊的是这些月份的成本 {amount}；"
    "其余月份的工单导入后一并分摊。",
    "costs.coverage.volume": "每日服务量只覆盖 {first} 至 {last}：此处分摊的是这些月份的成本 {amount}；"
    "其余月份的服务量导入后一并分摊。",
    "costs.no_basis": "所选期间没有可用于分摊的明细数据（现有数据覆盖 {first} 至 {last}）：请换一个期间，"
    "或导入这个期间的明细。",
    "costs.no_basis_any": "数据库中还没有可用于分摊的明细数据，请先在「数据导入」页导入。",
    "costs.cpc_chart": "单次服务成本（元）",
    "costs.col.key": "分组",
    "costs.col.contacts": "服务量",
    "costs.col.handle_hours": "处理小时数",
    "costs.col.basis_share": "分摊比例",
    "costs.col.allocated": "分摊成本",
    "costs.col.cpc": "单次服务成本",
    # hidden costs
    "costs.hidden_intro": "隐性成本不在台账的显性科目里，却真实发生。下表由数据算出（人员流失来自花名册离职记录，"
    "投诉处理与重复进线来自工单，流程低效来自可调的返工小时），并与台账中已入账的隐性成本并列。",
    "costs.hidden_params": "假设参数",
    "costs.param.recruiting_per_leaver": "每名离职者的招聘费用（元）",
    "costs.param.training_hours_per_hire": "新人培训小时数",
    "costs.param.ramp_hours_per_hire": "新人爬坡小时数",
    "costs.param.ramp_productivity": "爬坡期平均效率（%）",
    "costs.param.complaint_hours": "每件投诉额外处理小时数",
    "costs.param.rework_hours_per_fte_month": "每 FTE 每月返工小时数",
    "costs.param.hourly_cost": "坐席满负荷时薪（元）",
    "costs.param.hourly_help": "默认按花名册中全职坐席的薪酬加绩效、社保公积金计算：{value} 元/小时。",
    "costs.param.reset": "恢复默认参数",
    "costs.hidden_chart": "隐性成本：数据测算与台账已入账对比",
    "costs.col.item": "项目",
    "costs.col.computed": "数据测算",
    "costs.col.booked": "台账已入账",
    "costs.col.formula": "公式",
    "costs.col.numbers": "代入数值",
    "costs.formula.attrition": "离职人数 ×（招聘费 + 培训小时 × 时薪 + 爬坡小时 ×（1 − 爬坡效率）× 时薪）",
    "costs.formula.complaint_handling": "投诉工单数 × 每件额外小时 × 时薪",
    "costs.formula.repeat_contacts": "重开工单数 × 其平均处理时长（小时）× 时薪",
    "costs.formula.process_inefficiency": "每 FTE 每月返工小时 × 自有坐席 FTE·月 × 时薪",
    "costs.hidden_note": "离职人数只计正式与兼职员工（临时工合同到期不算流失）。台账中的投诉赔付是付给客户的补偿，"
    "与这里测算的处理工时是两回事。",
    # shared costs
    "costs.shared_intro": "共享成本指记在 CS-SUPPORT（支持岗、IT、通信、系统、培训）与 CS-MGMT（管理、房租、水电）"
    "两个成本中心、没有天然归属团队的成本，共 {amount}。按所选动因分摊到一线团队，合计按分保持不变。",
    "costs.driver": "分摊动因",
    "costs.driver.tickets": "工单量",
    "costs.driver.handle_time": "处理时长",
    "costs.driver.headcount": "人数（FTE·月）",
    "costs.driver_note.tickets": "动因：各团队在期间内处理的工单数。",
    "costs.driver_note.handle_time": "动因：各团队工单处理小时数之和。",
    "costs.driver_note.headcount": "动因：各团队自有坐席 FTE·月（在职天数 ÷ 当月天数；兼职按 0.5）。",
    "costs.shared_chart": "共享成本分摊到团队",
    "costs.col.team": "团队",
    "costs.col.driver_value": "动因数值",
    "costs.no_driver": "所选期间没有该动因的数据（工单明细覆盖 {first} 至 {last}）：请换一个动因或期间，"
    "或导入这个期间的工单。",
    "costs.no_driver_any": "所选期间没有该动因的数据：请换一个动因或期间，或导入这个期间的数据。",
    "costs.no_driver_none": "数据库中还没有该动因的数据：请换一个动因，或在「数据导入」页导入。",
    "costs.team.phone": "电话组",
    "costs.team.chat": "在线组",
    "costs.team.backoffice": "后台组",
    "costs.team.unknown": "未分组",
    # reconciliation
    "costs.recon_intro": "财务和运营都在报「客服成本」，但口径不同。下面从财务口径合计出发，逐项加减，"
    "正好走到运营口径合计（精确到分）；统一口径列是双方同意的那一个数。",
    "costs.recon.finance": "财务口径（财务台账）",
    "costs.recon.ops": "运营口径（运营报表）",
    "costs.recon.agreed": "统一口径",
    "costs.recon.gap_caption": "运营 − 财务 = {gap}，由下列 {items} 项差异逐项解释。",
    "costs.bridge_chart": "从财务口径到运营口径（逐项）",
    "costs.bridge_table": "逐项对照",
    "costs.definitions": "三个口径各包含什么",
    "costs.definitions.body": "- **财务口径**：财务台账全部科目，含社保公积金、房租水电、管理人员工资与各类资产折旧；"
    "电脑按月折旧；外包按服务费整笔入账。\n"
    "- **运营口径**：运营报表，坐席薪资为一行估算数；不含社保公积金、房租水电、管理人员与折旧；"
    "电脑在采购当月一次记入；另含财务台账没有的临时工劳务费、兼职课时费、投诉赔付与耳麦采购。\n"
    "- **统一口径**：以财务台账为准，再加上只在运营报表中发生、财务未入账的支出；"
    "双方都记的同一笔成本只算一次（见数据导入页的科目映射“计入口径”）。",
    "costs.col.source": "归属",
    "costs.col.finance_categories": "财务台账科目",
    "costs.col.ops_categories": "运营报表科目",
    "costs.col.cost_centers": "成本中心",
    "costs.col.finance": "财务口径",
    "costs.col.ops": "运营口径",
    "costs.col.agreed": "统一口径",
    "costs.col.difference": "差额（运营 − 财务）",
    "costs.col.explanation": "原因",
    "costs.kind.finance_only": "仅财务",
    "costs.kind.both": "双方都记",
    "costs.kind.ops_only": "仅运营",
    "costs.kind.other": "其他来源",
    "costs.item_with_kind": "{label}（{kind}）",
    "costs.why.finance_only": "运营报表不含此项",
    "costs.why.finance_only_uncounted": "仅财务记账，且不计入统一口径",
    "costs.why.ops_only": "运营自付，财务台账未记；计入统一口径",
    "costs.why.ops_only_uncounted": "仅运营记录，不计入统一口径",
    "costs.why.same": "金额一致",
    "costs.why.split": "拆分方式不同，合计一致",
    "costs.why.estimate": "运营按估算数一行列报，财务按实发工资分项入账",
    "costs.why.timing": "运营在采购当月一次记入，财务按月折旧",
    "costs.why.differs": "双方金额不同",
    "costs.why.other_source": "来自其他数据源",
    "costs.bridge.start": "财务口径合计",
    "costs.bridge.end": "运营口径合计",
    "costs.cc.CS-FRONT": "CS-FRONT 一线",
    "costs.cc.CS-SUPPORT": "CS-SUPPORT 支持",
    "costs.cc.CS-MGMT": "CS-MGMT 管理",
    "costs.cat.order_status": "订单查询",
    "costs.cat.logistics": "物流",
    "costs.cat.returns": "退换货",
    "costs.cat.presales": "售前咨询",
    "costs.cat.payment": "支付",
    "costs.cat.account": "账户",
    "costs.cat.invoice": "发票",
    "costs.cat.complaint": "投诉",
    "costs.cat.unknown": "未分类",
    "costs.tier.regular": "普通",
    "costs.tier.silver": "银卡",
    "costs.tier.gold": "金卡",
    "costs.tier.vip": "VIP 会员",
    "costs.tier.unknown": "未知",
    # buy or lease (ui/lease_or_buy.py)
    "costs.tab.lease": "设备：买还是租",
    "costs.lease.intro": "电脑、耳麦、工位家具、服务器，买断还是租赁？按设备的整个使用期比较两种方式的现金支出和计入预算的"
    "费用，并把各期付款折算成今天的钱（折现）比较总成本。只在高峰月用的设备（如双11 临时坐席）可以只租那几个月。",
    "costs.lease.kit": "设备",
    "costs.lease.kit.computers": "电脑",
    "costs.lease.kit.headsets": "耳麦",
    "costs.lease.kit.furniture": "工位家具",
    "costs.lease.kit.servers": "服务器",
    "costs.lease.param.units": "数量（台/套）",
    "costs.lease.param.price": "购买单价（元）",
    "costs.lease.param.life_months": "使用年限（月）",
    "costs.lease.param.resale_share": "期满残值率（%）",
    "costs.lease.param.upkeep_rate": "年维护费率（占单价 %）",
    "costs.lease.param.lease_fee": "月租金（元/台）",
    "costs.lease.param.months_per_year": "每年使用月数",
    "costs.lease.param.discount_rate": "资金成本（年化 %）",
    "costs.lease.help.upkeep_rate": "买断后每年的维修、保修合同等费用占购买单价的比例；租赁的月租金通常已含维护。",
    "costs.lease.help.lease_fee": "每台每月的租金，按供应商报价填写。只在高峰月短租的，月租金一般比整年租赁高。",
    "costs.lease.help.months_per_year": "每年需要这批设备的月数：常年在用填 12；只为 618、双11 等高峰增加的坐席填实际使用的"
    "月数。买断的设备闲置时也在折旧，租赁只付用的月份。",
    "costs.lease.help.discount_rate": "公司资金的年化成本（如贷款利率），用来把不同时间的付款折算成今天的钱。",
    "costs.lease.source.seats": "数量默认取 {date} 在岗的自有坐席 {seats} 人",
    "costs.lease.source.life": "使用年限取资产台账中最近一次购置的年限（{life} 个月）",
    "costs.lease.source.reference": "单价、租金等为市场参考值，请按供应商报价修改。",
    "costs.lease.source.reference_units": "数量、单价、租金等为参考值，请按实际需要和供应商报价修改。",
    "costs.lease.source.joiner": "；",
    "costs.lease.reset": "恢复默认值",
    "costs.lease.peak.one": "{event}（{date} 高峰）缺 {gap} 人，活动共 {days} 天，租 {months} 个月",
    "costs.lease.peak.text": "大促加座：{peaks}（即总览「下一个大促」的估算，人数按全职折算）。按其中较大的缺口，"
    "{units} 个坐席的设备每年租 {months} 个月测算；由外包承接的坐席在外包方，不必加设备。",
    "costs.lease.peak.button": "按大促缺口测算",
    "costs.lease.peak.joiner": "；",
    "costs.lease.kpi.buy": "买断：折现总成本",
    "costs.lease.kpi.lease": "租赁：折现总成本",
    "costs.lease.kpi.pv_help": "使用期内全部付款按资金成本折算到今天的合计：买断为货款加维护费、减去期满残值；租赁为各月租金。",
    "costs.lease.kpi.breakeven": "盈亏平衡月租（每台）",
    "costs.lease.kpi.breakeven_help": "月租金低于这个数，租赁更省；高于它，买断更省（其余条件不变）。",
    "costs.lease.kpi.crossover": "使用期内租赁累计付款超过买断",
    "costs.lease.crossover.month": "第 {month} 个月起",
    "costs.lease.crossover.never": "不会",
    "costs.lease.crossover.note": "第 {month} 个月起，租赁累计付款超过买断",
    "costs.lease.verdict.buy": "按这些条件，**买断更省**：{months} 个月使用期内，折现后比租赁少花 {saving}。"
    "月租金低于 {breakeven}/台 时，租赁才更划算。",
    "costs.lease.verdict.lease": "按这些条件，**租赁更省**：{months} 个月使用期内，折现后比买断少花 {saving}。"
    "月租金高于 {breakeven}/台 时，买断才更划算。",
    "costs.lease.verdict.even": "按这些条件，买断和租赁在 {months} 个月使用期内的折现总成本相同；月租金 {breakeven}/台 正是"
    "盈亏平衡点。",
    "costs.lease.months_line.some": "以这个月租金，每年用不到 {months} 个月的设备租赁更省，用得更久则买断更省。",
    "costs.lease.months_line.all": "以这个月租金，即使全年 12 个月都在用，租赁也更省。",
    "costs.lease.buy": "买断",
    "costs.lease.lease": "租赁",
    "costs.lease.chart": "累计付款：买断与租赁",
    "costs.lease.month_axis": "使用月份",
    "costs.lease.table_title": "逐年：现金支出与计入预算的费用",
    "costs.lease.year": "第 {year} 年",
    "costs.lease.col.year": "年度",
    "costs.lease.col.month": "月份",
    "costs.lease.col.buy_cash": "买断：付款",
    "costs.lease.col.lease_cash": "租赁：付款",
    "costs.lease.col.buy_cumulative": "买断：累计付款",
    "costs.lease.col.lease_cumulative": "租赁：累计付款",
    "costs.lease.col.buy_expense": "买断：计入费用（折旧 + 维护）",
    "costs.lease.col.lease_expense": "租赁：计入费用（租金）",
    "costs.lease.note": "买断：第一个月付清货款，每月付维护费，期满按残值收回（计在最后一个月）；预算按直线折旧（单价减残值，"
    "按月均摊）加维护费计入费用，与资产台账的折旧口径一致。租赁：每月付租金（含维护），每年只用部分月份的，租金按月均摊。"
    "折现按每月月初付款计算。租赁费用按租金计入，这是短期租赁（不超过 12 个月）和低价值资产租赁的做法；按新租赁准则需确认"
    "使用权资产的长期租赁，利润表上是使用权资产折旧加利息，合计与租金相同，但前期多、后期少。",
    "costs.lease.download_csv": "下载逐月明细（CSV）",
    "costs.lease.download_xlsx": "下载逐月明细（Excel）",
}

EN = {
    "nav.cost_structure": "Cost structure",
    "costs.title": "Cost structure",
    "costs.intro": "Where the money goes under the one agreed definition: spend by category and how its shares move, "
    "cost per contact, hidden costs computed from the data, shared costs allocated, finance's and ops' definitions "
    "reconciled item by item, and whether buying or leasing kit costs less.",
    "costs.no_data": "No cost data yet, so there is no cost structure to show. Import a cost ledger first.",
    # period
    "costs.period_kind": "Period type",
    "costs.kind.year": "Year",
    "costs.kind.quarter": "Quarter",
    "costs.kind.month": "Month",
    "costs.period": "Period",
    "costs.period.year": "{year}",
    "costs.period.ytd": "{year} Jan–{month}",
    "costs.period.quarter": "{year} Q{quarter}",
    "costs.period.quarter_to_date": "{year} Q{quarter} (to {month})",
    "costs.period.month": "{month} {year}",
    **{
        f"costs.month.{m}": name
        for m, name in enumerate(
            ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1
        )
    },
    "costs.period_span": "Period: {start} to {end} (monthly ledger, agreed definition)",
    # headline
    "costs.kpi.total": "Spend (agreed definition)",
    "costs.kpi.labor_share": "Labor share",
    "costs.kpi.labor_help": "Direct plus indirect labor as a share of agreed-definition spend",
    "costs.kpi.cpc": "Cost per contact",
    "costs.kpi.cpc_help": "Agreed-definition spend ÷ contacts across channels",
    "costs.kpi.gap": "Finance vs ops gap",
    "costs.kpi.gap_delta": "{pct} above ops",
    "costs.kpi.gap_no_ops": "finance's side only",
    "costs.kpi.gap_no_finance": "ops' side only",
    "costs.kpi.gap_no_both": "neither side has costs",
    "costs.hidden.needs_roster": "{items}: computed from the staff roster, which has not been imported, so they show "
    "0. Import the roster on the Data import page.",
    "costs.hidden.needs_tickets": "{items}: computed from ticket rows, of which this period has none, so they show 0. "
    "Import tickets on the Data import page.",
    "costs.recon.no_ops": "Only finance's ledger ({finance}) covers this period, no ops sheet ({ops}), so there is "
    "nothing to reconcile. If the ops sheet was imported under another source system, pick it above; otherwise "
    "import it on the Data import page and the two totals' difference is explained here item by item.",
    "costs.recon.no_finance": "Only the ops sheet ({ops}) covers this period, no finance ledger ({finance}), so "
    "there is nothing to reconcile. If the finance ledger was imported under another source system, pick it above; "
    "otherwise import it on the Data import page and the two totals' difference is explained here item by item.",
    "costs.recon.no_both": "Neither finance's ledger ({finance}) nor the ops sheet ({ops}) has costs in this period, "
    "so there is nothing to reconcile. The cost ledger holds these source systems: {sources}; pick above which "
    "is finance's ledger and which the ops sheet.",
    "costs.recon.side.finance": "Finance ledger's source system",
    "costs.recon.side.ops": "Ops sheet's source system",
    "costs.recon.side.placeholder": "Pick source systems",
    "costs.recon.side.none": "no source system picked",
    "costs.recon.side.help": "The source system typed when the cost ledger was imported; a side that changed "
    "systems within the year picks each. The picks hold for the whole team; picking a system the other side "
    "has moves it over.",
    "costs.kpi.gap_help": "Finance total − ops total; explained item by item under Reconciliation",
    # tabs
    "costs.tab.structure": "Breakdown",
    "costs.tab.per_contact": "Cost per contact",
    "costs.tab.hidden": "Hidden costs",
    "costs.tab.shared": "Shared costs",
    "costs.tab.reconciliation": "Reconciliation",
    # structure
    "costs.structure_chart": "Spend by category (level 1 → level 2, click to expand)",
    "costs.shares_chart": "Category shares month by month",
    "costs.shares_note": "Is labor's share falling, is equipment under control: each bar is 100% of that month's "
    "agreed-definition spend.",
    "costs.breakdown_title": "Breakdown (level 1 and level 2)",
    "costs.col.level1": "Category",
    "costs.col.level2": "Subcategory",
    "costs.col.amount": "Amount",
    "costs.col.share": "Share",
    "costs.col.total": "Total",
    "costs.download_csv": "Download CSV",
    "costs.download_xlsx": "Download Excel",
    # cost per contact
    "costs.by": "Split by",
    "costs.by.channel": "Channel",
    "costs.by.category": "Ticket category",
    "costs.by.tier": "Customer tier",
    "costs.basis": "Allocation basis",
    "costs.basis.handle_time": "Handle time",
    "costs.basis.contacts": "Contacts",
    "costs.basis_note.handle_time": "Basis: handle time. Each group gets the period's agreed spend × its share of "
    "handle hours (channels: handled × AHT; ticket categories and tiers: the tickets' handle seconds), split "
    "to the cent by largest remainder.",
    "costs.basis_note.contacts": "Basis: contacts. Each group gets the period's agreed spend × its share of "
    "contacts, split to the cent by largest remainder; so every group has the same cost per contact and "
    "differs only in size.",
    "costs.coverage.tickets": "Ticket rows cover {first} to {last} only: the spend allocated here is those months' "
    "{amount}; the other months' tickets, once imported, are allocated too.",
    "costs.coverage.volume": "Daily volume covers {first} to {last} only: the spend allocated here is those months' "
    "{amount}; the other months' volume, once imported, is allocated too.",
    "costs.no_basis": "The period has no detail rows to allocate by (the data held covers {first} to {last}): "
    "pick another period, or import this period's rows.",
    "costs.no_basis_any": "The database holds no detail rows to allocate by yet: import them on the Data import page.",
    "costs.cpc_chart": "Cost per contact (¥)",
    "costs.col.key": "Group",
    "costs.col.contacts": "Contacts",
    "costs.col.handle_hours": "Handle hours",
    "costs.col.basis_share": "Basis share",
    "costs.col.allocated": "Allocated",
    "costs.col.cpc": "Cost per contact",
    # hidden costs
    "costs.hidden_intro": "Hidden costs sit outside the ledger's visible accounts but are real. The table computes "
    "them from the data (attrition from roster leavers, complaint handling and repeat contacts from tickets, "
    "process inefficiency from adjustable rework hours) next to what the ledger books for them.",
    "costs.hidden_params": "Assumptions",
    "costs.param.recruiting_per_leaver": "Recruiting cost per leaver (¥)",
    "costs.param.training_hours_per_hire": "New-hire training hours",
    "costs.param.ramp_hours_per_hire": "New-hire ramp-up hours",
    "costs.param.ramp_productivity": "Productivity while ramping up (%)",
    "costs.param.complaint_hours": "Extra hours per complaint",
    "costs.param.rework_hours_per_fte_month": "Rework hours per FTE-month",
    "costs.param.hourly_cost": "Loaded hourly cost of an agent (¥)",
    "costs.param.hourly_help": "By default from the roster's full-time agent pay plus performance pay, social "
    "insurance and housing fund: ¥{value} an hour.",
    "costs.param.reset": "Reset assumptions",
    "costs.hidden_chart": "Hidden costs: computed from the data vs booked in the ledger",
    "costs.col.item": "Item",
    "costs.col.computed": "Computed",
    "costs.col.booked": "Booked",
    "costs.col.formula": "Formula",
    "costs.col.numbers": "With the numbers",
    "costs.formula.attrition": "leavers × (recruiting + training hours × hourly cost + ramp hours × "
    "(1 − ramp productivity) × hourly cost)",
    "costs.formula.complaint_handling": "complaint tickets × extra hours each × hourly cost",
    "costs.formula.repeat_contacts": "reopened tickets × their average handle time (h) × hourly cost",
    "costs.formula.process_inefficiency": "rework hours per FTE-month × in-house agent FTE-months × hourly cost",
    "costs.hidden_note": "Leavers count full-time and part-time staff only (a temp contract running out is not "
    "attrition). The complaint goodwill booked in the ledger is paid to customers; the handling time computed "
    "here is a separate cost.",
    # shared costs
    "costs.shared_intro": "Shared costs are those booked on cost centers CS-SUPPORT (support roles, IT, telephony, "
    "software, training) and CS-MGMT (management, rent, utilities), with no natural owner team: {amount}. They "
    "are allocated to the front-line teams by the driver you pick; the total stays the same to the cent.",
    "costs.driver": "Driver",
    "costs.driver.tickets": "Tickets",
    "costs.driver.handle_time": "Handle time",
    "costs.driver.headcount": "Headcount (FTE-months)",
    "costs.driver_note.tickets": "Driver: tickets each team handled in the period.",
    "costs.driver_note.handle_time": "Driver: each team's handle hours on tickets.",
    "costs.driver_note.headcount": "Driver: each team's in-house agent FTE-months (days employed ÷ days in the "
    "month; a part-timer counts 0.5).",
    "costs.shared_chart": "Shared costs allocated to teams",
    "costs.col.team": "Team",
    "costs.col.driver_value": "Driver value",
    "costs.no_driver": "The period has no data for this driver (ticket rows cover {first} to {last}): pick another "
    "driver or period, or import this period's tickets.",
    "costs.no_driver_any": "The period has no data for this driver: pick another driver or period, or import this "
    "period's data.",
    "costs.no_driver_none": "The database holds no data for this driver yet: pick another driver, or import it on the "
    "Data import page.",
    "costs.team.phone": "Phone team",
    "costs.team.chat": "Chat team",
    "costs.team.backoffice": "Back office",
    "costs.team.unknown": "No team",
    # reconciliation
    "costs.recon_intro": "Finance and ops both report 'customer-service cost', but count different things. Starting "
    "from finance's total, the items below add and subtract their way to ops' total exactly (to the cent); the "
    "agreed column is the one figure both sides signed up to.",
    "costs.recon.finance": "Finance (ledger)",
    "costs.recon.ops": "Ops (ops sheet)",
    "costs.recon.agreed": "Agreed definition",
    "costs.recon.gap_caption": "Ops − finance = {gap}, explained by the {items} item(s) below.",
    "costs.bridge_chart": "From finance's total to ops' total, item by item",
    "costs.bridge_table": "Item by item",
    "costs.definitions": "What each definition includes",
    "costs.definitions.body": "- **Finance**: every account of the finance ledger, including social insurance and "
    "housing fund, rent and utilities, management pay and depreciation; computers depreciated monthly; "
    "outsourcing booked as one service fee.\n"
    "- **Ops**: the ops sheet, with agent pay as one estimated line; no social insurance, rent, utilities, "
    "management or depreciation; computers expensed in the month bought; plus what finance does not book: temp "
    "agency fees, part-time pay, complaint goodwill and headsets.\n"
    "- **Agreed**: the finance ledger as the book of record, plus spending that only ops records; a cost both "
    "sides book counts once (the 'Counted' tick of the category mapping on the Data import page).",
    "costs.col.source": "Where",
    "costs.col.finance_categories": "Finance ledger accounts (as booked)",
    "costs.col.ops_categories": "Ops sheet lines (as booked)",
    "costs.col.cost_centers": "Cost centers",
    "costs.col.finance": "Finance",
    "costs.col.ops": "Ops",
    "costs.col.agreed": "Agreed",
    "costs.col.difference": "Difference (ops − finance)",
    "costs.col.explanation": "Why",
    "costs.kind.finance_only": "Finance only",
    "costs.kind.both": "Both",
    "costs.kind.ops_only": "Ops only",
    "costs.kind.other": "Other source",
    "costs.item_with_kind": "{label} ({kind})",
    "costs.why.finance_only": "Not in the ops sheet",
    "costs.why.finance_only_uncounted": "Finance only, outside the agreed definition",
    "costs.why.ops_only": "Paid by ops, not in finance's ledger; counted in the agreed definition",
    "costs.why.ops_only_uncounted": "Ops only, outside the agreed definition",
    "costs.why.same": "Same amount",
    "costs.why.split": "Split differently, same total",
    "costs.why.estimate": "Ops reports one estimated line; finance books actual payroll by component",
    "costs.why.timing": "Ops expenses the purchase in the month bought; finance depreciates it monthly",
    "costs.why.differs": "Amounts differ",
    "costs.why.other_source": "From another data source",
    "costs.bridge.start": "Finance total",
    "costs.bridge.end": "Ops total",
    "costs.cc.CS-FRONT": "CS-FRONT front line",
    "costs.cc.CS-SUPPORT": "CS-SUPPORT support",
    "costs.cc.CS-MGMT": "CS-MGMT management",
    "costs.cat.order_status": "Order status",
    "costs.cat.logistics": "Logistics",
    "costs.cat.returns": "Returns",
    "costs.cat.presales": "Pre-sales",
    "costs.cat.payment": "Payment",
    "costs.cat.account": "Account",
    "costs.cat.invoice": "Invoice",
    "costs.cat.complaint": "Complaint",
    "costs.cat.unknown": "Uncategorised",
    "costs.tier.regular": "Regular",
    "costs.tier.silver": "Silver",
    "costs.tier.gold": "Gold",
    "costs.tier.vip": "VIP",
    "costs.tier.unknown": "Unknown",
    # buy or lease (ui/lease_or_buy.py)
    "costs.tab.lease": "Buy or lease",
    "costs.lease.intro": "Computers, headsets, desks, servers: buy them or lease them? This compares the cash each way "
    "pays out and the expense it puts in the budget over the kit's whole life, and the total cost of each in today's "
    "money (discounted). Kit needed only in peak months (extra seats for Double-11) can be leased for just those months.",
    "costs.lease.kit": "Kit",
    "costs.lease.kit.computers": "Computers",
    "costs.lease.kit.headsets": "Headsets",
    "costs.lease.kit.furniture": "Desks and chairs",
    "costs.lease.kit.servers": "Servers",
    "costs.lease.param.units": "Units",
    "costs.lease.param.price": "Purchase price per unit (¥)",
    "costs.lease.param.life_months": "Useful life (months)",
    "costs.lease.param.resale_share": "Resale value at end of life (%)",
    "costs.lease.param.upkeep_rate": "Yearly upkeep (% of price)",
    "costs.lease.param.lease_fee": "Lease fee (¥ per unit a month)",
    "costs.lease.param.months_per_year": "Months needed a year",
    "costs.lease.param.discount_rate": "Cost of capital (% a year)",
    "costs.lease.help.upkeep_rate": "Repairs and support contracts of bought kit each year, as a share of the price; "
    "a lease fee usually includes upkeep.",
    "costs.lease.help.lease_fee": "The fee per unit a month, from the vendor's quote. Short leases for the peak months "
    "usually cost more a month than a year-round lease.",
    "costs.lease.help.months_per_year": "Months a year this kit is needed: 12 when it is always in use; for seats added "
    "only for 618 and Double-11, the months they are used. Bought kit depreciates while it sits idle; a lease is paid "
    "only for the months used.",
    "costs.lease.help.discount_rate": "What money costs the company a year (a loan rate, say): it brings payments made "
    "at different times to today's money.",
    "costs.lease.source.seats": "Units start at the {seats} in-house agents employed on {date}.",
    "costs.lease.source.life": "Useful life: the asset register's latest purchase ({life} months).",
    "costs.lease.source.reference": "Prices and fees are market references: replace them with your vendors' quotes.",
    "costs.lease.source.reference_units": "Units, prices and fees are references: replace them with your own count "
    "and your vendors' quotes.",
    "costs.lease.source.joiner": " ",
    "costs.lease.reset": "Reset to starting values",
    "costs.lease.peak.one": "{event} (peak {date}) {gap} agents short, {days} days in all, leased {months} months",
    "costs.lease.peak.text": "Peak seats: {peaks} (the Overview's next-peak estimate, in full-time equivalents). "
    "The larger gap's {units} seats' kit, leased {months} months a year; agents taken on through an outsourcer sit at "
    "its desks and need no kit.",
    "costs.lease.peak.button": "Use the peak gap",
    "costs.lease.peak.joiner": "; ",
    "costs.lease.kpi.buy": "Buy: total cost, discounted",
    "costs.lease.kpi.lease": "Lease: total cost, discounted",
    "costs.lease.kpi.pv_help": "Every payment over the life brought to today's money at the cost of capital: buying is "
    "the price and upkeep less the resale value; leasing is the monthly fees.",
    "costs.lease.kpi.breakeven": "Break-even fee per unit-month",
    "costs.lease.kpi.breakeven_help": "Below this fee leasing is cheaper; above it buying is (all else equal).",
    "costs.lease.kpi.crossover": "Cash: leasing overtakes buying",
    "costs.lease.crossover.month": "from month {month}",
    "costs.lease.crossover.never": "never",
    "costs.lease.crossover.note": "From month {month} leasing has paid out more than buying",
    "costs.lease.verdict.buy": "On these terms **buying is cheaper**: over the {months}-month life it costs {saving} "
    "less than leasing, in today's money. Leasing pays only below {breakeven} per unit a month.",
    "costs.lease.verdict.lease": "On these terms **leasing is cheaper**: over the {months}-month life it costs {saving} "
    "less than buying, in today's money. Buying pays only above {breakeven} per unit a month.",
    "costs.lease.verdict.even": "On these terms buying and leasing cost the same over the {months}-month life, in "
    "today's money: {breakeven} per unit a month is the break-even fee.",
    "costs.lease.months_line.some": "At this fee, kit used less than {months} months a year is cheaper leased; used "
    "longer, it is cheaper bought.",
    "costs.lease.months_line.all": "At this fee, leasing is cheaper even for kit used all twelve months.",
    "costs.lease.buy": "Buy",
    "costs.lease.lease": "Lease",
    "costs.lease.chart": "Cash paid out so far: buying and leasing",
    "costs.lease.month_axis": "Month of use",
    "costs.lease.table_title": "By year: cash paid out and the expense in the budget",
    "costs.lease.year": "Year {year}",
    "costs.lease.col.year": "Year",
    "costs.lease.col.month": "Month",
    "costs.lease.col.buy_cash": "Buy: paid",
    "costs.lease.col.lease_cash": "Lease: paid",
    "costs.lease.col.buy_cumulative": "Buy: paid so far",
    "costs.lease.col.lease_cumulative": "Lease: paid so far",
    "costs.lease.col.buy_expense": "Buy: expense (depreciation + upkeep)",
    "costs.lease.col.lease_expense": "Lease: expense (fees)",
    "costs.lease.note": "Buying: the price is paid in the first month, upkeep every month, and the resale value comes "
    "back at the end of the life (in the last month); the budget carries straight-line depreciation (price less resale "
    "value, spread over the months) plus upkeep, as the asset register depreciates. Leasing: a fee every month (upkeep "
    "included); for kit needed only part of the year the fees are averaged over the months. Discounting takes each "
    "payment at the start of its month. Lease fees are expensed as paid, as for short leases (12 months or less) and "
    "low-value assets; a longer lease that must be capitalised under the lease standard (CAS 21) puts depreciation of "
    "the right-of-use asset plus interest in the income statement instead: the same total, more of it early.",
    "costs.lease.download_csv": "Monthly schedule (CSV)",
    "costs.lease.download_xlsx": "Monthly schedule (Excel)",
}
