"""Strings of the what-if page (人力与成本测算)."""

ZH = {
    "nav.whatif": "人力与成本测算",
    "whatif.title": "人力与成本测算",
    "whatif.intro": "拖动滑块，看服务量、服务水平、人员与薪酬的变化如何影响未来 12 个月的人力（FTE）、招聘计划和成本。"
    "基准为预测服务量与当前目标。",
    "whatif.window": "测算期间：{first} 至 {last} · 基准预测：{source}",
    "whatif.provisional_calendar": "{years} 年的官方放假安排尚未录入：节假日按法定假日暂估、不含调休，排班的日类型和最忙日的"
    "加班费随之暂估；可在「业务量预测」页的「官方放假安排」中录入。",
    "whatif.snapshot_outdated": "已发布的预测 #{id} 所用的放假安排与现在保存的不同（之后录入或修改过官方放假安排），"
    "因此未采用，基准改按最新数据和当前安排拟合；在「业务量预测」页重新发布预测后，将以新发布的预测为基准。",
    "whatif.snapshot_short": "已发布的预测 #{id} 只到 {end}，不足测算期间的 12 个月，因此未采用，基准改按最新数据拟合；"
    "在「业务量预测」页选「至预算年度末」的预测期重新发布后，将以新发布的预测为基准。",
    "whatif.source.snapshot": "已发布的预测快照",
    "whatif.source.fitted": "按最新数据拟合",
    "whatif.fitting": "首次测算：正在拟合基准预测（{channel}，{done}/{total}）…",
    "whatif.no_data": "暂无服务量数据，无法测算。请先到「数据导入」页导入每日服务量（或工单明细）。",
    # controls
    "whatif.controls": "测算参数",
    "whatif.group.demand": "需求与服务水平",
    "whatif.group.people": "人员",
    "whatif.group.pay": "薪酬与外包",
    "whatif.volume": "服务量变化（%）",
    "whatif.aht": "平均处理时长变化（%）",
    "whatif.deflection": "自助服务分流（%）",
    "whatif.service_level": "电话服务水平目标（%）",
    "whatif.answer_seconds": "电话接通时限（秒）",
    "whatif.sl_help": "电话：在接通时限内接起的来电比例（如 80% 在 20 秒内接起）。",
    "whatif.chat_service_level": "在线/微信服务水平目标（%）",
    "whatif.chat_answer_seconds": "在线/微信响应时限（秒）",
    "whatif.chat_sl_help": "在线客服与微信：在响应时限内接入的会话比例；一名坐席可同时接待多个会话。默认取目标表中在线的目标。",
    "whatif.shrinkage": "损耗率（%）",
    "whatif.shrinkage_help": "休息、培训、会议、请假等不在线时间；排班人数 = 在线人数 ÷（1 − 损耗率）。",
    "whatif.occupancy": "最高占用率（%）",
    "whatif.sf_leave": "春节集中休假（天/人）",
    "whatif.sf_leave_help": "每名坐席年假中集中在春节所在月份休的天数：该月损耗率提高（天数 ÷ 每月 21.75 个工作日），"
    "其余 11 个月相应降低，全年平均损耗率不变。春节前后业务量低，但在岗人手也少。",
    "whatif.attrition": "月流失率（%）",
    "whatif.peak_cover": "高峰用工方式",
    "whatif.peak_cover_help": "高峰月（如 618、双11）超出判定线的需求由谁承担。招聘正式员工：按高峰招人，"
    "高峰过后多出的人继续领工资，离职不补、靠自然流失慢慢消化；临时工（劳务派遣）、兼职、外包：只在高峰月用，"
    "并顶上培训中新人的空缺，正式员工只按判定线配置；现有员工加班：每人每月不超过 36 小时（劳动法第四十一条），"
    "按「加班工资」滑块的倍数计酬，超出部分仍是缺口。",
    "whatif.cover.hire": "招聘正式员工",
    "whatif.cover.temp": "临时工（劳务派遣）",
    "whatif.cover.part_time": "兼职",
    "whatif.cover.outsourced": "外包（含高峰附加费）",
    "whatif.cover.overtime": "现有员工加班",
    "whatif.peak_threshold": "高峰判定线（相对月度中位数，%）",
    "whatif.peak_threshold_help": "需求 FTE 高于月度中位数这一比例的月份为高峰月：外包在高峰月加收高峰附加费；"
    "高峰用工方式不是招聘正式员工时，正式员工按这条线配置，超出部分由临时工、兼职或外包承担。",
    "whatif.wage": "调薪（%）",
    "whatif.outsourcing_price": "外包单价变化（%）",
    "whatif.outsourcing_price_help": "与外包商谈判后的单价变化，各渠道按原计价方式（座席月、单量或小时）同比例调整；"
    "高峰附加费随单价变动。",
    "whatif.bpo.open": "外包合同计价",
    "whatif.bpo.open_some": "外包合同计价（{n} 个）",
    "whatif.bpo.title": "外包合同计价",
    "whatif.bpo.help": "按合同填写外包商对各渠道的计价方式和单价；括号里是已录入合同的渠道数。",
    "whatif.bpo.intro": "按外包合同填写各渠道的计价方式和单价；未录合同的渠道按成本台账推算（近 12 个月里非大促月份的月均外包费 ÷ 现有外包坐席，按座席月）。"
    "保存后全团队的测算和预算编制都按合同计价，上方的单价变化滑块在合同价上同比例调整。",
    "whatif.bpo.col.channel": "渠道",
    "whatif.bpo.col.pricing": "计价方式",
    "whatif.bpo.col.price": "合同单价（元）",
    "whatif.bpo.col.ledger": "台账推算",
    "whatif.bpo.pricing.ledger": "按台账推算",
    "whatif.bpo.pricing.seat_month": "按座席月",
    "whatif.bpo.pricing.per_contact": "按服务量",
    "whatif.bpo.pricing.per_hour": "按工时",
    "whatif.bpo.unit.seat_month": "座席·月",
    "whatif.bpo.unit.per_contact": "次",
    "whatif.bpo.unit.per_hour": "小时",
    "whatif.bpo.price": "{price}（每{unit}）",
    "whatif.bpo.surcharge": "合同未约定时，高峰月另按外包费的 {rate} 加收高峰附加费：近 12 个月的账目单列了大促加价时"
    "按其实际比例，否则按默认 {default}。",
    "whatif.bpo.surcharge_contract": "高峰月按合同另加收外包费的 {rate}（账目近 12 个月为 {books}）；清空此栏并保存即改回按账目。",
    "whatif.bpo.surcharge_input": "合同约定的大促上浮（%）",
    "whatif.bpo.surcharge_books": "按账目：{rate}",
    "whatif.bpo.replaced_surcharge": "，大促上浮 {rate}",
    "whatif.bpo.save": "保存合同计价",
    "whatif.bpo.by": "保存人",
    "whatif.bpo.name_needed": "请填写保存人：合同计价会用于此后的每一版预算草案，需注明由谁录入。",
    "whatif.bpo.last_saved": "合同计价最近一次由 {who} 于 {when} 保存。",
    "whatif.bpo.saved": "已保存：测算和预算编制按合同计价。",
    "whatif.bpo.history": "此前的计价（修改过 {n} 次）",
    "whatif.bpo.replaced": "此前的计价：{terms}（{saved}；{who} 于 {when} 改为新计价）",
    "whatif.bpo.replaced_saved": "{who} 于 {when} 保存",
    "whatif.bpo.replaced_unsigned": "保存人未记录",
    "whatif.bpo.all_ledger": "全部按台账推算",
    "whatif.bpo.unpriced": "未保存：{channels}选了计价方式，但没有填大于 0 的合同单价。",
    "whatif.social_insurance": "社保单位缴费比例（%）",
    "whatif.overtime_premium": "加班工资（% 时薪）",
    "whatif.overtime_premium_help": "高峰选「现有员工加班」时，加班每小时按时薪的这个倍数计酬。劳动法第四十四条：工作日延时 150%，"
    "休息日不能补休的 200%，法定节假日 300%；按高峰加班落在哪类日子取加权值。",
    "whatif.comprehensive_hours": "综合计算工时制",
    "whatif.comprehensive_hours_help": "经人社部门批准实行综合计算工时制的，周期内超出标准工时的部分按延长工时计（不低于 150%），"
    "休息日不再按 200% 计；法定节假日仍不低于 300%（工资支付暂行规定第十三条）。只影响「最忙的一天」的加班费。",
    "whatif.outsourcing": "外包比例（%）：{channel}",
    "whatif.reset": "恢复基准",
    # outputs
    "whatif.kpi.cost": "12 个月总成本",
    "whatif.kpi.fte": "月均需求 FTE",
    "whatif.kpi.hires": "计划招聘",
    "whatif.kpi.cpc": "单次服务成本",
    "whatif.kpi.vs_baseline": "{delta}（{pct}）较基准",
    "whatif.basis": "12 个月总成本按预测服务量、服务目标与当前费率测算，含预备金 {reserve} 和培训（含新员工上岗）{training}。",
    "whatif.basis.actual": "作为对照，近 12 个月实际支出（统一口径，不含预备金）为 {actual}。",
    "whatif.basis.actual_part": "作为对照，近 12 个月中有成本台账的 {covered} 个月实际支出（统一口径，不含预备金）为 {actual}。",
    "whatif.basis.no_actual": "近 12 个月没有成本台账，无实际支出可对照。",
    "whatif.check": "模型校验：按当前参数，过去 {months} 个月实际服务量需 {required} FTE/月，实际在岗 {roster} FTE/月"
    "（{types}），{gap}{sl}。",
    "whatif.check.high": "模型高 {gap}",
    "whatif.check.low": "模型低 {gap}",
    "whatif.check.close": "相差 {gap}，模型与实际基本相符",
    "whatif.check.type.full_time": "正式",
    "whatif.check.type.part_time": "兼职",
    "whatif.check.type.temp": "临时",
    "whatif.check.type.outsourced": "外包",
    "whatif.check.sl": "；同期{channel}服务水平 {actual}（目标 {target}）",
    "whatif.check.over": "模型可能高估人力：请核对缩减率、最高占用率和在线并发数。",
    "whatif.check.short": "同期服务水平未达目标，差距中可能有一部分是当时人手不足，而非模型高估。",
    "whatif.check.under": "模型可能低估人力：请核对平均处理时长和缩减率。",
    "whatif.check.by_team": "按团队看：模型所需与实际在岗 FTE（过去 12 个月月均）",
    "whatif.check.col.team": "团队",
    "whatif.check.col.channels": "渠道",
    "whatif.check.col.required": "模型所需 FTE",
    "whatif.check.col.roster": "实际在岗 FTE",
    "whatif.check.no_team": "（花名册中无坐席）",
    "whatif.defaults.roster": "尚未导入在职人员的花名册：工资、间接人员薪酬、人员配比和每个坐席的场地与软件费用都用的是默认费率（一线城市水平），"
    "不是贵公司的数据。请在「数据导入」导入花名册。",
    "whatif.defaults.ledger": "近 12 个月没有成本台账：场地、软件、培训和外包单价用的是默认费率（一线城市水平）。"
    "请在「数据导入」导入成本台账。",
    "whatif.kpi.same": "与基准相同",
    "whatif.surplus": "富余人力：全年共 {fte_months} FTE·月超出需求，成本 {cost}（已计入总成本）。"
    "最多的是 {worst}（{worst_fte} FTE）；富余期间离职不补，测算期末仍富余 {end_fte} FTE。",
    "whatif.surplus.cheaper": "高峰改用「{cover}」可省 {saving}，各方式对比见「招聘计划」。",
    "whatif.shortfall.hire": "人手缺口：{months} 共 {fte_months} FTE·月没人顶上（新人来不及上岗），"
    "服务水平会低于目标；成本仍按自有人力计入。可改用临时工、兼职或外包补高峰。",
    "whatif.shortfall.overtime": "人手缺口：{months} 共 {fte_months} FTE·月没人顶上（加班已到每人每月 36 小时上限），"
    "服务水平会低于目标；成本仍按自有人力计入。可改用临时工、兼职或外包补高峰。",
    "whatif.shortfall.other": "人手缺口：{months} 共 {fte_months} FTE·月没人顶上，服务水平会低于目标；成本仍按自有人力计入。",
    "whatif.tab.fte": "FTE 与人数",
    "whatif.tab.hiring": "招聘计划",
    "whatif.tab.cost": "成本构成",
    "whatif.tab.cpc": "单次服务成本",
    "whatif.tab.busiest": "最忙的一天",
    "whatif.tab.levers": "降本杠杆",
    "whatif.busiest_chart": "每月最忙一天所需与当月所需（全职折算）",
    "whatif.busiest.month_fte": "当月所需（计划按此配置）",
    "whatif.busiest.busiest_fte": "最忙一天所需",
    "whatif.busiest.col.month": "月份",
    "whatif.busiest.col.date": "最忙的一天",
    "whatif.busiest.col.busiest_fte": "当天所需 FTE",
    "whatif.busiest.col.month_fte": "当月所需 FTE",
    "whatif.busiest.col.extra_fte": "高出 FTE",
    "whatif.busiest.col.extra_hours": "需额外坐席工时（小时）",
    "whatif.busiest.col.overtime_cost": "若以加班补足（¥）",
    "whatif.busiest.overtime": "各月最忙一天高出的工时若全部以加班补足，{months} 个月合计 **{cost}**，占方案总成本 {share}"
    "（加班费为基本工资时薪 × {premium} 倍，休息日不低于 2 倍、法定节假日不低于 3 倍）。调休换班不增加成本；日结临时工则按其日薪另计。",
    "whatif.busiest.floor.standard": "按劳动法第四十四条的下限计加班费的日子：{days}。休息日按标准工时制计；实行综合计算工时制的，"
    "请打开左侧「综合计算工时制」。",
    "whatif.busiest.floor.comprehensive": "按综合计算工时制，休息日超出的工时按延长工时计；法定节假日按工资支付暂行规定第十三条"
    "的下限计加班费：{days}。",
    "whatif.busiest.floor_day": "{date}（{kind}，{rate:.0%}）",
    "whatif.day_type.rest_day": "休息日",
    "whatif.day_type.statutory_holiday": "法定节假日",
    "whatif.busiest_note": "计划按每月的需求配置人力；最忙的一天高出的部分，需当天用加班、调休或日结临时工补足。"
    "按当天各时段的坐席需求计算（电话按 Erlang C，在线和微信按并发，邮件和工单按回复时限），再按当月损耗折算为全职人数；"
    "额外工时为当天坐席工时减去当月日均。",
    "whatif.fte_chart": "每月需求 FTE（按渠道）",
    "whatif.cost_chart": "每月成本（按成本类别）",
    "whatif.cpc_chart": "各渠道单次服务成本（元）",
    "whatif.col.month": "月份",
    "whatif.col.channel": "渠道",
    "whatif.col.contacts": "服务量",
    "whatif.col.required_fte": "需求 FTE",
    "whatif.col.inhouse_fte": "自有 FTE",
    "whatif.col.outsourced_fte": "外包 FTE",
    "whatif.col.temp_fte": "临时工 FTE",
    "whatif.col.headcount": "自有在职人数",
    "whatif.col.hires": "招聘人数",
    "whatif.col.leavers": "预计离职",
    "whatif.col.gap_fte": "缺口 FTE（负数为富余）",
    "whatif.col.surplus_fte": "富余 FTE",
    "whatif.col.surplus_cost": "富余成本",
    "whatif.col.flex_fte": "高峰补充 FTE",
    # the hiring plan table: short headers (its caption says the unit), twelve columns on a laptop
    "whatif.hcol.unit": "单位：FTE；在职人数、招聘、离职为人数。",
    "whatif.hcol.required_fte": "需求",
    "whatif.hcol.inhouse_fte": "自有",
    "whatif.hcol.outsourced_fte": "外包",
    "whatif.hcol.committed_temp_fte": "已签临时工",
    "whatif.hcol.flex.temp": "高峰临时工",
    "whatif.hcol.flex.part_time": "高峰兼职",
    "whatif.hcol.flex.outsourced": "高峰外包",
    "whatif.hcol.flex.overtime": "加班折算",
    "whatif.hcol.headcount": "在职人数",
    "whatif.hcol.hires": "招聘",
    "whatif.hcol.leavers": "离职",
    "whatif.hcol.shortfall_fte": "缺口",
    "whatif.hcol.surplus_fte": "富余",
    "whatif.hcol.surplus_cost": "富余成本（万元）",
    "whatif.col.peak_cover": "高峰用工方式",
    "whatif.col.flex_fte_months": "高峰补充 FTE·月",
    "whatif.col.surplus_fte_months": "富余 FTE·月",
    "whatif.col.total_cost": "12 个月总成本",
    "whatif.col.cost": "成本",
    "whatif.col.category": "成本类别",
    "whatif.col.scenario": "本方案",
    "whatif.col.baseline": "基准",
    "whatif.col.delta": "差额",
    "whatif.col.delta_pct": "差异率",
    "whatif.col.direct": "渠道直接成本",
    "whatif.col.shared": "分摊的共同成本",
    "whatif.col.total": "合计",
    "whatif.col.cpc": "单次服务成本",
    "whatif.col.measure": "指标",
    "whatif.col.employment_type": "用工类型",
    "whatif.col.per_fte": "每 FTE 每月",
    "whatif.fte_note": "柱为全部需求 FTE（含外包）；自有在职人数应对照自有 FTE（不含外包）。在职人数把培训中的新员工和兼职都按"
    "一人计，实际缺口和富余请看「招聘计划」。",
    "whatif.hiring_note": "招聘需提前 {weeks} 周（培训 + 爬坡），新人为正式员工；来不及上岗的月份不再为它招人，"
    "缺口由高峰用工方式补上（选招聘正式员工则留作缺口）。已签临时工按花名册算到离职日。"
    "富余为超出需求仍在领薪的人，照发工资、计入成本；富余期间离职不补，靠自然流失消化。",
    "whatif.covers_title": "高峰用工方式对比（其余参数不变）",
    "whatif.covers_note": "加粗行为当前方案。正式员工要提前招、要培训，高峰过后还留在岗位上；临时工、兼职和外包"
    "按用量付费，但外包在高峰月另收附加费；加班不用添人，但每人每月最多 36 小时，补不上的部分留作缺口，"
    "仍按自有人力计入成本。",
    "whatif.cpc_note": "共同成本（间接人工、折旧、预备金等）按各渠道直接成本比例分摊。",
    # cost levers
    "whatif.levers.title": "每个杠杆单独动一步，未来 12 个月能省多少",
    "whatif.levers.aht": "缩短平均处理时长",
    "whatif.levers.deflection": "自助服务多分流",
    "whatif.levers.shrinkage": "降低损耗率",
    "whatif.levers.attrition": "降低月流失率",
    "whatif.levers.occupancy": "提高占用率上限",
    "whatif.levers.service_level": "降低电话服务水平目标",
    "whatif.levers.chat_service_level": "降低在线/微信服务水平目标",
    "whatif.levers.outsourcing": "各渠道多外包",
    "whatif.levers.outsourcing_price": "谈低外包单价",
    "whatif.levers.kept_together": "不影响服务的几项一起做",
    "whatif.levers.peak_cover": "换一种高峰用工方式",
    "whatif.levers.cover.hire": "招聘",
    "whatif.levers.cover.temp": "临时工",
    "whatif.levers.cover.part_time": "兼职",
    "whatif.levers.cover.outsourced": "外包",
    "whatif.levers.cover.overtime": "加班",
    "whatif.levers.group.kept": "服务目标不变",
    "whatif.levers.group.together": "这几项一起",
    "whatif.levers.group.other": "以服务或坐席负荷为代价",
    "whatif.levers.service.kept": "服务目标不变",
    "whatif.levers.service.lower": "客户等待更久",
    "whatif.levers.service.lower_wait": "平均等待 {before} → {after} 秒",
    "whatif.levers.service.strain": "坐席负荷更重",
    "whatif.levers.service.control": "服务质量更难把控",
    "whatif.levers.abandon": "放弃率（客户挂断前未获应答的比例，按 Erlang A 与历史数据推算的客户耐心估算）：{rows}。",
    "whatif.levers.abandon_separator": "；",
    "whatif.levers.abandon_within": "（在放弃率目标 {target} 以内）",
    "whatif.levers.abandon_over": "（超出放弃率目标 {target}）",
    "whatif.levers.busier": "提高占用率上限一步，{channels}坐席的占用率（在岗时间中处理业务的比例）由 {before} 升至 {after}；"
    "未列出的渠道变化不到半个百分点。",
    "whatif.levers.col.lever": "杠杆",
    "whatif.levers.col.move": "滑块调整",
    "whatif.levers.col.cost": "成本变化",
    "whatif.levers.col.pct": "占比",
    "whatif.levers.col.fte": "自有 FTE",
    "whatif.levers.col.hires": "招聘人数",
    "whatif.levers.col.service": "对服务的影响",
    "whatif.levers.saves": "省 {amount}",
    "whatif.levers.costs_more": "多花 {amount}",
    "whatif.levers.mean_move": "各渠道平均 {move}",
    "whatif.levers.together_move": "前述 {n} 项同时调整",
    "whatif.levers.note": "每个杠杆从当前滑块位置单独移动一步（步幅见表中「滑块调整」一列，默认处理时长 5%，分流、占用率和服务水平各 5 个百分点，"
    "损耗率 2 个，月流失率 1 个，各渠道外包 10 个，外包单价 5%，可在上方「每步幅度」中按本中心的实际情况修改），其余滑块不动，整个计划重新测算；表中列出成本变化及其占当前测算成本的比例、自有 FTE（月均）"
    "和招聘人数的变化。各项节省不能直接相加：杠杆之间相互影响（处理时长缩短后，"
    "分流能省下的工作也少了），所以最后一行把服务目标不变的几项放在一起算了一次。降低服务水平目标的两行给出该渠道客户平均等待的秒数（按 Erlang C 的平均应答时间，按各时段进线量加权；在线/微信为两渠道合计）。"
    "已在滑块尽头或动了也不改变成本的杠杆（如没有外包时的外包单价）不列出。"
    "若另一种灵活用工方式（临时工、兼职、外包或加班）顶高峰更省，它单列一行；几种方式的完整比较见「招聘计划」。",
    "whatif.levers.none": "所有杠杆都已在滑块的尽头（或动了也不改变成本），没有可以再走的一步。",
    "whatif.levers.steps": "每步幅度",
    "whatif.levers.step_points": "{lever}（百分点）",
    "whatif.levers.step_percent": "{lever}（%）",
    "whatif.levers.save_steps": "存为团队步幅",
    "whatif.levers.default_steps": "恢复默认步幅",
    "whatif.levers.steps_saved": "已存为团队步幅：季度复盘及其报告从现在起按这些步幅计算。",
    "whatif.levers.steps_busy": "另一项写入正在进行，请稍后再存。",
    "whatif.levers.steps_same": "季度复盘及其报告也按这些步幅计算。",
    "whatif.levers.steps_differ": "这里的步幅与团队存下的不同：季度复盘及其报告仍按团队存下的步幅（未存过时按默认步幅）计算；要让它们也用这里的步幅，请点「存为团队步幅」。",
    "whatif.levers.pick": "把哪一步放到滑块上试试",
    "whatif.levers.try": "移动滑块",
    "whatif.diff_title": "较基准的差异（按成本类别）",
    "whatif.channel_filter": "渠道",
    "whatif.all_channels": "全部渠道",
    # formulas
    "whatif.formulas": "计算公式与口径",
    "whatif.formulas.body": """
**人力**
- 每 30 分钟服务量 = 基准预测 ×（1 + 服务量变化）×（1 − 自助分流）；处理时长 = 基准 AHT ×（1 + AHT 变化）。
- 在线人数：电话用 Erlang C（服务水平 + 占用率上限）；在线、微信按并发会话数折算；邮件、工单按响应时限的工作量，未完成量顺延到下一时段。
- FTE = 在线工时 ÷（174 小时 ×（1 − 损耗率）），174 小时 = 21.75 天 × 8 小时。春节集中休假 d 天时，春节所在月份的损耗率 + d ÷ 21.75，其余月份各 − d ÷（11 × 21.75）。
- 外包 FTE = FTE × 外包比例；其次用已签约的临时工（算到离职日）；其余为自有，按当前在职人数、流失率、培训与爬坡时间生成招聘计划。
- 高峰用工方式：招聘正式员工时按每月需求招人；选临时工、兼职、外包或加班时，正式员工只配到「高峰判定线 × 月度中位数」，超出部分和培训中新人的空缺由所选方式补上；加班每人每月不超过 36 小时，补不上的留作缺口。
- 富余 FTE = 在岗人数（按生产力折算）− 需求，照发工资；富余成本 = 有富余与没有富余的成本之差（含间接人工和预备金）。

**成本**
- 每 FTE 全口径月成本 = 基本工资 ×（1 + 调薪）+ 绩效 + 加班 +（基本工资 + 绩效）×（社保 + 公积金单位比例）+ 工位（电脑、耳机、桌椅折旧、场地、水电、客服系统与话务坐席）+ 外训。
- 培训成本 = 新员工：招聘费 + 培训时长 × 时薪 + 爬坡时长 ×（1 − 爬坡效率）× 时薪 + 讲师时间。
- 流失成本 = 被替补的离职人数 ×（招聘 + 培训 + 爬坡损失）。
- 外包 = 外包 FTE × 坐席月价（或服务量 × 单价、工时 × 小时价）；高峰月加收高峰附加费。
- 高峰加班 = 加班折算 FTE × 基本工资 × 加班工资倍数（默认 150%；用自己的工位；社保按上年平均工资缴，不因加班增加）。
- 间接人工按管理幅度（组长 1:15、质检 1:40、培训师 1:80、排班 1:120）加经理；资产按直线法折旧；投诉处理 = 服务量 × 投诉率 × 单件成本。
- 预备金 = 以上合计 × 预备金比例；单次服务成本 = 渠道成本（含分摊）÷ 服务量。
""",
    "whatif.per_fte_title": "每 FTE 全口径月成本（按用工类型）",
    "whatif.rates_note": "单价按数据库校准：平均工资取在职坐席，工位费用取近 12 个月统计口径支出 ÷ 坐席数，外包坐席价取外包支出 ÷ 外包人数。",
    "etype.full_time": "正式",
    "etype.part_time": "兼职",
    "etype.temp": "临时",
    "etype.outsourced": "外包",
    # scenarios
    "whatif.scenarios": "方案",
    "whatif.save_name": "方案名称",
    "whatif.save": "保存方案",
    "whatif.saved": "已保存方案：{name}",
    "whatif.replaced": "已更新方案：{name}（原来的参数已替换）",
    "whatif.scenario_in_use": "方案「{name}」已用于编制 {versions}，保留编制时的参数，不能覆盖。请换一个名称保存。",
    "whatif.budget_version": "{year} 年第 {version} 版预算",
    "whatif.name_needed": "请输入方案名称。",
    "whatif.load_pick": "已保存的方案",
    "whatif.load": "载入",
    "whatif.loaded": "已载入方案：{name}",
    "whatif.compare_pick": "对比方案（最多 3 个）",
    "whatif.compare_placeholder": "选择要对比的方案",
    "whatif.compare_title": "方案对比",
    "whatif.none_saved": "还没有保存的方案。",
    "whatif.export.csv": "本方案月度计划（CSV）",
    "whatif.export.xlsx": "本方案月度计划（Excel）",
    "whatif.export.help": "按当前滑块测算的方案：逐月、分渠道的服务量、FTE、在职人数、招聘、离职与成本。Excel 文件末行为服务量、招聘、离职和成本的合计（FTE 与人数是每月的存量，不相加）。",
    "whatif.export.sheet": "月度计划",
    "whatif.current": "当前参数",
    "measure.total_cost": "12 个月总成本",
    "measure.cost_per_contact": "单次服务成本",
    "measure.average_fte": "月均需求 FTE",
    "measure.average_inhouse_fte": "月均自有 FTE",
    "measure.hires": "计划招聘",
    "measure.flex_fte_months": "高峰补充 FTE·月",
    "measure.surplus_fte_months": "富余 FTE·月",
    "measure.surplus_cost": "富余成本",
}

EN = {
    "nav.whatif": "Staffing & cost what-if",
    "whatif.title": "Staffing & cost what-if",
    "whatif.intro": "Move the sliders to see how volume, service level, people and pay change the FTE, the hiring "
    "plan and the cost of the next 12 months. The baseline is the volume forecast with today's targets.",
    "whatif.window": "Plan: {first} to {last} · baseline forecast: {source}",
    "whatif.provisional_calendar": "The official holiday schedule for {years} is not typed in yet: its holidays are "
    "estimated, with no make-up workdays, and so are the day types staffing uses and the busiest days' overtime "
    "pay. Type it in under Official holiday schedule on the Volume forecast page.",
    "whatif.snapshot_outdated": "Published forecast #{id} was made with another holiday schedule than the one "
    "saved now (the official schedule was typed in or changed since), so it is not used: the baseline is fitted on "
    "the latest data and the current schedule. Publish the forecast again on the Volume forecast page to plan "
    "from it.",
    "whatif.snapshot_short": "Published forecast #{id} runs to {end} only, short of the plan's 12 months, so it "
    "is not used: the baseline is fitted on the latest data. Publish the forecast again to the end of the budget "
    "year on the Volume forecast page to plan from it.",
    "whatif.source.snapshot": "published forecast snapshot",
    "whatif.source.fitted": "fitted on the latest data",
    "whatif.fitting": "First run: fitting the baseline forecast ({channel}, {done}/{total})…",
    "whatif.no_data": "No contact volume yet, so nothing to work out. Import daily volume (or tickets) on the Data "
    "import page first.",
    "whatif.controls": "Assumptions",
    "whatif.group.demand": "Demand and service level",
    "whatif.group.people": "People",
    "whatif.group.pay": "Pay and outsourcing",
    "whatif.volume": "Volume change (%)",
    "whatif.aht": "Handle time (AHT) change (%)",
    "whatif.deflection": "Self-service deflection (%)",
    "whatif.service_level": "Phone service-level target (%)",
    "whatif.answer_seconds": "Phone answered within (seconds)",
    "whatif.sl_help": "Phone: the share of calls answered within the time limit (e.g. 80% within 20 seconds).",
    "whatif.chat_service_level": "Chat service-level target (%)",
    "whatif.chat_answer_seconds": "Chat answered within (seconds)",
    "whatif.chat_sl_help": "Online chat and WeChat: the share of chats picked up within the time limit; one agent "
    "serves several chats at once. Defaults to online chat's target in the targets table.",
    "whatif.shrinkage": "Shrinkage (%)",
    "whatif.shrinkage_help": "Breaks, training, meetings and leave; scheduled = on seat ÷ (1 − shrinkage).",
    "whatif.occupancy": "Occupancy cap (%)",
    "whatif.sf_leave": "Spring Festival leave (days)",
    "whatif.sf_leave_help": "Days of each agent's annual leave taken in the month of Chinese New Year: that month's "
    "shrinkage rises by the days ÷ 21.75 working days a month, the other eleven months' falls to match, so the "
    "year's average stays the same. Volume is low around the festival, but so are the hands on deck.",
    "whatif.attrition": "Monthly attrition (%)",
    "whatif.peak_cover": "Who covers the peaks",
    "whatif.peak_cover_help": "Who takes the need above the peak line in peak months (618, Double-11). Permanent "
    "hires: hired for the peak, they stay on the payroll after it, leavers are not replaced and attrition slowly "
    "absorbs the surplus. Temps (agency), part-timers or outsourcing: used in the peak months only, and standing "
    "in for new hires still in training; permanent staff are planned up to the peak line. Overtime by current "
    "staff: at most 36 hours a month each (Labour Law, art. 41), paid at the overtime pay slider's multiple; "
    "beyond that a shortfall remains.",
    "whatif.cover.hire": "Permanent hires",
    "whatif.cover.temp": "Temps (agency)",
    "whatif.cover.part_time": "Part-timers",
    "whatif.cover.outsourced": "Outsourcing (peak surcharge)",
    "whatif.cover.overtime": "Overtime by current staff",
    "whatif.peak_threshold": "Peak line (% of the median month)",
    "whatif.peak_threshold_help": "A month whose required FTE is above this share of the median month is a peak "
    "month: outsourcing charges its peak surcharge in it; unless the peaks are covered by permanent hires, "
    "permanent staff are planned up to this line and temps, part-timers or outsourcing take the rest.",
    "whatif.wage": "Wage increase (%)",
    "whatif.outsourcing_price": "Outsourcing price change (%)",
    "whatif.outsourcing_price_help": "The BPO's price after negotiating, in every channel by the way it charges "
    "(seat-month, per contact or per hour); the peak surcharge moves with it.",
    "whatif.bpo.open": "BPO contract prices",
    "whatif.bpo.open_some": "BPO contract prices ({n})",
    "whatif.bpo.title": "BPO contract prices",
    "whatif.bpo.help": "How the BPO's contract charges each channel; in brackets, how many channels have one typed in.",
    "whatif.bpo.intro": "How the BPO's contract charges each channel, and at what price. A channel without a "
    "contract is priced from the ledger (the average monthly outsourcing spend of the last 12 months, peak "
    "months left out, per outsourced agent now, per seat-month). Once saved, the whole team's what-ifs and budget drafts use the contract prices; the price "
    "change slider above moves them by its share.",
    "whatif.bpo.col.channel": "Channel",
    "whatif.bpo.col.pricing": "Charged",
    "whatif.bpo.col.price": "Contract price (¥)",
    "whatif.bpo.col.ledger": "From the ledger",
    "whatif.bpo.pricing.ledger": "From the ledger",
    "whatif.bpo.pricing.seat_month": "Per seat-month",
    "whatif.bpo.pricing.per_contact": "Per contact",
    "whatif.bpo.pricing.per_hour": "Per hour",
    "whatif.bpo.unit.seat_month": "seat-month",
    "whatif.bpo.unit.per_contact": "contact",
    "whatif.bpo.unit.per_hour": "hour",
    "whatif.bpo.price": "{price} / {unit}",
    "whatif.bpo.surcharge": "Unless the contract sets one, peak months carry a surcharge of {rate} of the "
    "outsourcing fees on top: the share the books show when the last 12 months break the peak surcharge out, else "
    "the default {default}.",
    "whatif.bpo.surcharge_contract": "Peak months carry the contract's surcharge of {rate} of the outsourcing fees "
    "(the books' last 12 months: {books}); clear the box and save to go back to the books.",
    "whatif.bpo.surcharge_input": "Contract peak surcharge (%)",
    "whatif.bpo.surcharge_books": "From the books: {rate}",
    "whatif.bpo.replaced_surcharge": ", peak surcharge {rate}",
    "whatif.bpo.save": "Save the contract prices",
    "whatif.bpo.by": "Saved by",
    "whatif.bpo.name_needed": "Say who saves them: the contract prices price every budget draft from now on, "
    "so they need a name.",
    "whatif.bpo.last_saved": "The contract prices were last saved by {who} on {when}.",
    "whatif.bpo.saved": "Saved: what-ifs and budget drafts use the contract prices.",
    "whatif.bpo.history": "Earlier prices (changed {n} times)",
    "whatif.bpo.replaced": "Before: {terms} ({saved}; replaced by {who} on {when})",
    "whatif.bpo.replaced_saved": "saved by {who} on {when}",
    "whatif.bpo.replaced_unsigned": "saver not on record",
    "whatif.bpo.all_ledger": "every channel from the ledger",
    "whatif.bpo.unpriced": "Not saved: {channels} has a way of charging picked but no contract price above 0.",
    "whatif.social_insurance": "Employer social insurance rate (%)",
    "whatif.overtime_premium": "Overtime pay (% of hourly pay)",
    "whatif.overtime_premium_help": "When existing staff cover the peaks with overtime, each overtime hour is paid "
    "at this multiple of the hourly pay. Labour Law art. 44: 150% on workdays, 200% on rest days without time off "
    "in lieu, 300% on statutory holidays; weight them by the days the peak overtime falls on.",
    "whatif.comprehensive_hours": "Hours averaged over a period",
    "whatif.comprehensive_hours_help": "A comprehensive working-hours scheme (approved by "
    "the local labour bureau) averages hours over a period: the hours over the period's standard are extended hours "
    "(at least 150%) whatever the day, so rest days are no longer paid at 200%; statutory holidays stay at 300% at "
    "least (Provisional Wage Payment Regulations, art. 13). Changes the busiest days' overtime only.",
    "whatif.outsourcing": "Outsourced share (%): {channel}",
    "whatif.reset": "Back to baseline",
    "whatif.kpi.cost": "Cost, 12 months",
    "whatif.kpi.fte": "Required FTE, monthly average",
    "whatif.kpi.hires": "Planned hires",
    "whatif.kpi.cpc": "Cost per contact",
    "whatif.kpi.vs_baseline": "{delta} ({pct}) vs baseline",
    "whatif.basis": "The 12-month cost is modelled from the forecast volume, the service targets and current "
    "rates, and includes the contingency reserve ({reserve}) and training, new-hire onboarding included "
    "({training}).",
    "whatif.basis.actual": "For comparison, actual spend over the last 12 months (agreed definition, no reserve) "
    "was {actual}.",
    "whatif.basis.actual_part": "For comparison, actual spend over the {covered} month(s) of the last 12 that have "
    "a cost ledger (agreed definition, no reserve) was {actual}.",
    "whatif.basis.no_actual": "No cost ledger for the last 12 months, so there is no actual spend to compare with.",
    "whatif.check": "Model check: with these parameters, the actual volume of the last {months} months needed "
    "{required} FTE a month, while the roster had {roster} FTE a month ({types}), so {gap}{sl}.",
    "whatif.check.high": "the model is {gap} higher",
    "whatif.check.low": "the model is {gap} lower",
    "whatif.check.close": "the two are {gap} apart, in line with history",
    "whatif.check.type.full_time": "full-time",
    "whatif.check.type.part_time": "part-time",
    "whatif.check.type.temp": "temps",
    "whatif.check.type.outsourced": "outsourced",
    "whatif.check.sl": "; service level on {channel} over those months was {actual} (target {target})",
    "whatif.check.over": "The model may overstate staffing: check shrinkage, the occupancy cap and chat concurrency.",
    "whatif.check.short": "Service level fell short of target then, so part of the gap may be staff the center "
    "lacked rather than a model overstating.",
    "whatif.check.under": "The model may understate staffing: check handle time and shrinkage.",
    "whatif.check.by_team": "By team: FTE the model needs and FTE on the roster (monthly average, last 12 months)",
    "whatif.check.col.team": "Team",
    "whatif.check.col.channels": "Channels",
    "whatif.check.col.required": "FTE the model needs",
    "whatif.check.col.roster": "FTE on the roster",
    "whatif.check.no_team": "(no agents on the roster)",
    "whatif.defaults.roster": "No staff roster of people employed today: pay, indirect staff pay, staffing ratios "
    "and the office and software cost per seat are default rates (tier-1 city levels), not your company's. "
    "Import a roster on the Data import page.",
    "whatif.defaults.ledger": "No cost ledger for the last 12 months: office, software, training and BPO prices are "
    "default rates (tier-1 city levels). Import a cost ledger on the Data import page.",
    "whatif.kpi.same": "same as baseline",
    "whatif.surplus": "Surplus staff: {fte_months} FTE-months above the need over the year, costing {cost} "
    "(in the total). The most is in {worst} ({worst_fte} FTE); leavers are not replaced while there is a "
    "surplus, and {end_fte} FTE are still surplus at the end of the plan.",
    "whatif.surplus.cheaper": " Covering the peaks with {cover} would save {saving}: see the options compared "
    "on the Hiring plan tab.",
    "whatif.shortfall.hire": "Shortfall: {fte_months} FTE-months in {months} that nobody covers (new hires are "
    "not ready in time), so the service level falls short of the target; the cost still counts them at in-house "
    "pay. Temps, part-timers or outsourcing can cover the peaks.",
    "whatif.shortfall.overtime": "Shortfall: {fte_months} FTE-months in {months} that nobody covers (overtime is "
    "at its 36 hours a month each), so the service level falls short of the target; the cost still counts them "
    "at in-house pay. Temps, part-timers or outsourcing can cover the peaks.",
    "whatif.shortfall.other": "Shortfall: {fte_months} FTE-months in {months} that nobody covers, so the service "
    "level falls short of the target; the cost still counts them at in-house pay.",
    "whatif.tab.fte": "FTE and headcount",
    "whatif.tab.hiring": "Hiring plan",
    "whatif.tab.cost": "Cost by category",
    "whatif.tab.cpc": "Cost per contact",
    "whatif.tab.busiest": "Busiest days",
    "whatif.tab.levers": "Cost levers",
    "whatif.busiest_chart": "Each month's busiest day against the month's need (FTE)",
    "whatif.busiest.month_fte": "Month's need (what the plan staffs)",
    "whatif.busiest.busiest_fte": "Busiest day's need",
    "whatif.busiest.col.month": "Month",
    "whatif.busiest.col.date": "Busiest day",
    "whatif.busiest.col.busiest_fte": "FTE that day",
    "whatif.busiest.col.month_fte": "Month's FTE",
    "whatif.busiest.col.extra_fte": "Above month",
    "whatif.busiest.col.extra_hours": "Extra hours on seat",
    "whatif.busiest.col.overtime_cost": "As overtime (¥)",
    "whatif.busiest.overtime": "Covered wholly by overtime, the hours the busiest days need above their months "
    "would cost **{cost}** over the {months} months, {share} of the scenario's total cost (overtime at {premium} times "
    "the base pay per hour, at least 2 times on rest days and 3 times on statutory holidays). Moved days off add "
    "nothing; day temps cost their day rate instead.",
    "whatif.busiest.floor.standard": "Days priced at the Labour Law's floor (art. 44): {days}. Rest days as under "
    'standard working hours; for a comprehensive scheme, switch on "Hours averaged over a period" among the '
    "sliders.",
    "whatif.busiest.floor.comprehensive": "Under the comprehensive working-hours scheme, rest-day hours over the "
    "standard are extended hours; statutory holidays priced at the floor of the Provisional Wage Payment "
    "Regulations (art. 13): {days}.",
    "whatif.busiest.floor_day": "{date} ({kind}, {rate:.0%})",
    "whatif.day_type.rest_day": "rest day",
    "whatif.day_type.statutory_holiday": "statutory holiday",
    "whatif.busiest_note": "The plan staffs each month for its need; what the busiest day needs above it must be "
    "covered on the day by overtime, moved days off or day temps. From that day's interval seat needs (Erlang C for "
    "phone, concurrency for chat, reply deadlines for e-mail and tickets), in FTE at the month's shrinkage; the "
    "extra hours are the day's agent hours on seat less the month's average day.",
    "whatif.fte_chart": "Required FTE per month, by channel",
    "whatif.cost_chart": "Cost per month, by category",
    "whatif.cpc_chart": "Cost per contact by channel (¥)",
    "whatif.col.month": "Month",
    "whatif.col.channel": "Channel",
    "whatif.col.contacts": "Contacts",
    "whatif.col.required_fte": "Required FTE",
    "whatif.col.inhouse_fte": "In-house FTE",
    "whatif.col.outsourced_fte": "Outsourced FTE",
    "whatif.col.temp_fte": "Temp FTE",
    "whatif.col.headcount": "In-house headcount",
    "whatif.col.hires": "Hires",
    "whatif.col.leavers": "Leavers",
    "whatif.col.gap_fte": "Gap FTE (negative: surplus)",
    "whatif.col.surplus_fte": "Surplus FTE",
    "whatif.col.surplus_cost": "Surplus cost",
    "whatif.col.flex_fte": "Peak cover FTE",
    "whatif.hcol.unit": "In FTE; headcount, hires and leavers in people.",
    "whatif.hcol.required_fte": "Need",
    "whatif.hcol.inhouse_fte": "In-house",
    "whatif.hcol.outsourced_fte": "Outsourced",
    "whatif.hcol.committed_temp_fte": "Temps",
    "whatif.hcol.flex.temp": "Peak temps",
    "whatif.hcol.flex.part_time": "Peak part-time",
    "whatif.hcol.flex.outsourced": "Peak BPO",
    "whatif.hcol.flex.overtime": "Overtime",
    "whatif.hcol.headcount": "Headcount",
    "whatif.hcol.hires": "Hires",
    "whatif.hcol.leavers": "Leavers",
    "whatif.hcol.shortfall_fte": "Shortfall",
    "whatif.hcol.surplus_fte": "Surplus",
    "whatif.hcol.surplus_cost": "Surplus ¥k",
    "whatif.col.peak_cover": "Who covers the peaks",
    "whatif.col.flex_fte_months": "Peak cover FTE-months",
    "whatif.col.surplus_fte_months": "Surplus FTE-months",
    "whatif.col.total_cost": "Cost, 12 months",
    "whatif.col.cost": "Cost",
    "whatif.col.category": "Cost category",
    "whatif.col.scenario": "This scenario",
    "whatif.col.baseline": "Baseline",
    "whatif.col.delta": "Difference",
    "whatif.col.delta_pct": "Difference %",
    "whatif.col.direct": "Channel's own cost",
    "whatif.col.shared": "Shared cost allocated",
    "whatif.col.total": "Total",
    "whatif.col.cpc": "Cost per contact",
    "whatif.col.measure": "Measure",
    "whatif.col.employment_type": "Employment type",
    "whatif.col.per_fte": "Per FTE per month",
    "whatif.fte_note": "Bars are all the FTE required, outsourced included; read the in-house headcount against the "
    "in-house FTE, which leaves the outsourced work out. Headcount counts new hires still in training and "
    "part-timers as whole people: the real shortfall and surplus are on the hiring plan.",
    "whatif.hiring_note": "Hires start {weeks} weeks ahead (training + ramp-up) and are full time; no one is hired "
    "for a month they cannot reach in time: the peak cover fills it (with permanent hires it stays a shortfall). "
    "Contracted temps count until their leave date on the roster. Surplus staff are paid beyond the need and "
    "costed; while there is a surplus leavers are not replaced, so attrition absorbs it.",
    "whatif.covers_title": "Ways to cover the peaks compared (other assumptions unchanged)",
    "whatif.covers_note": "The row in bold is this scenario. Permanent staff are hired ahead, trained, and stay on "
    "after the peak; temps, part-timers and outsourcing are paid for what is used, outsourcing with a surcharge "
    "in peak months; overtime needs no one new but is capped at 36 hours a month per person, and what it cannot "
    "cover stays a shortfall, still costed at in-house pay.",
    "whatif.cpc_note": "Shared cost (indirect labor, depreciation, contingency, ...) is allocated to channels in "
    "proportion to their own cost.",
    # cost levers
    "whatif.levers.title": "Each lever moved one step on its own: what it saves over the next 12 months",
    "whatif.levers.aht": "Shorter AHT",
    "whatif.levers.deflection": "More self-service",
    "whatif.levers.shrinkage": "Lower shrinkage",
    "whatif.levers.attrition": "Lower attrition",
    "whatif.levers.occupancy": "Higher occupancy cap",
    "whatif.levers.service_level": "Lower phone SL target",
    "whatif.levers.chat_service_level": "Lower chat SL target",
    "whatif.levers.outsourcing": "Outsource more",
    "whatif.levers.outsourcing_price": "Lower BPO price",
    "whatif.levers.kept_together": "Targets-kept levers together",
    "whatif.levers.peak_cover": "Cover peaks another way",
    "whatif.levers.cover.hire": "hires",
    "whatif.levers.cover.temp": "temps",
    "whatif.levers.cover.part_time": "part-timers",
    "whatif.levers.cover.outsourced": "outsourcing",
    "whatif.levers.cover.overtime": "overtime",
    "whatif.levers.group.kept": "Service targets kept",
    "whatif.levers.group.together": "Those levers together",
    "whatif.levers.group.other": "At a cost to service or to the agents",
    "whatif.levers.service.kept": "Targets kept",
    "whatif.levers.service.lower": "Customers wait longer",
    "whatif.levers.service.lower_wait": "Avg wait {before} → {after} s",
    "whatif.levers.service.strain": "Agents busier",
    "whatif.levers.service.control": "Quality harder to hold",
    "whatif.levers.abandon": "Abandon rate (customers hanging up before an answer; Erlang A, with the customers' "
    "patience from history): {rows}.",
    "whatif.levers.abandon_separator": "; ",
    "whatif.levers.abandon_within": " (within the {target} abandon-rate target)",
    "whatif.levers.abandon_over": " (over the {target} abandon-rate target)",
    "whatif.levers.busier": "A higher occupancy cap keeps {channels} agents busier: their occupancy (the share of their "
    "time on seat spent on contacts) goes from {before} to {after}. Channels not named move by less than half a point.",
    "whatif.levers.col.lever": "Lever",
    "whatif.levers.col.move": "Slider move",
    "whatif.levers.col.cost": "Cost change",
    "whatif.levers.col.pct": "Share",
    "whatif.levers.col.fte": "In-house FTE",
    "whatif.levers.col.hires": "Hires",
    "whatif.levers.col.service": "Service",
    "whatif.levers.saves": "saves {amount}",
    "whatif.levers.costs_more": "costs {amount} more",
    "whatif.levers.mean_move": "mean {move}",
    "whatif.levers.together_move": "the {n} above at once",
    "whatif.levers.note": "Each lever moves one step from where its slider is now (the Slider move column gives "
    "it; by default handle time 5%, deflection, occupancy and service level (SL) 5 points each, shrinkage 2, monthly attrition 1, outsourcing "
    "10 in every channel, the BPO's price 5%; set your center's own under Step sizes above), the other sliders stay, and the "
    "whole plan is worked out again; the table gives the change in cost (and its share of the plan's cost), in "
    "in-house FTE (monthly average) and in hires. The savings do not add up: the levers interact (with shorter handle times "
    "deflection saves less work), so the last row prices the levers that keep service targets together, once. The two lower-target rows give how long "
    "a customer of that channel waits on average, in seconds (Erlang C's average speed of answer, weighted by each interval's "
    "contacts; chat is online and WeChat together). A lever "
    "already at the end of its slider, or one that would not move the cost (the BPO's price with nothing outsourced), is "
    "not listed. When another flexible way of covering the peaks (temps, part-timers, "
    "outsourcing or overtime) is cheaper, it has a row of its own; the Hiring plan tab compares them all.",
    "whatif.levers.none": "Every lever is at the end of its slider (or would not move the cost): there is no step left to take.",
    "whatif.levers.steps": "Step sizes",
    "whatif.levers.step_points": "{lever} (points)",
    "whatif.levers.step_percent": "{lever} (%)",
    "whatif.levers.save_steps": "Save as the team's steps",
    "whatif.levers.default_steps": "Back to the default steps",
    "whatif.levers.steps_saved": "Saved as the team's steps: the quarterly review and its report now use these step sizes.",
    "whatif.levers.steps_busy": "Another write is in progress; save again in a moment.",
    "whatif.levers.steps_same": "The quarterly review and its report use these step sizes too.",
    "whatif.levers.steps_differ": "These step sizes differ from the team's: the quarterly review and its report use the team's saved steps (the defaults until some are saved); to have them use these, click \"Save as the team's steps\".",
    "whatif.levers.pick": "Put which step on the sliders",
    "whatif.levers.try": "Move the sliders",
    "whatif.diff_title": "Difference from the baseline, by cost category",
    "whatif.channel_filter": "Channel",
    "whatif.all_channels": "All channels",
    "whatif.formulas": "Formulas and definitions",
    "whatif.formulas.body": """
**Staffing**
- Contacts per 30 minutes = baseline forecast × (1 + volume change) × (1 − deflection); handle time = baseline
  AHT × (1 + AHT change).
- Agents on seat: phone by Erlang C (service level and occupancy cap); online chat and WeChat with concurrent
  chats; email and tickets by workload within the response time, unfinished work carried to the next interval.
- FTE = agent hours ÷ (174 h × (1 − shrinkage)), 174 h = 21.75 days × 8 h. With d days of leave bunched at
  Spring Festival, the month of Chinese New Year's shrinkage is + d ÷ 21.75, each other month's − d ÷ (11 × 21.75).
- Outsourced FTE = FTE × outsourced share; then the temps already contracted (until their leave date); the rest
  is in-house, planned against today's roster with attrition, training and ramp-up.
- Who covers the peaks: with permanent hires, staff are hired for every month's need; with temps, part-timers,
  outsourcing or overtime, permanent staff are planned up to the peak line × the median month, and the chosen
  cover takes the rest and stands in for new hires still in training; overtime is at most 36 hours a month per
  person, and what it cannot cover stays a shortfall.
- Surplus FTE = staff on the payroll (at their productivity) − the need, still paid; surplus cost = the cost
  with the surplus minus the cost without it (indirect labor and the reserve included).

**Cost**
- Fully loaded cost of one FTE a month = base pay × (1 + wage increase) + performance pay + overtime + (base +
  performance) × (employer social insurance + housing fund rates) + seat (computer, headset and furniture
  depreciation, office space, utilities, helpdesk and telephony seats) + external courses.
- Training of a new hire = recruiting fee + training hours × hourly wage + ramp hours × (1 − ramp productivity)
  × hourly wage + trainer time.
- Attrition = leavers replaced × (recruiting + training + ramp-up loss).
- Outsourcing = outsourced FTE × seat-month price (or contacts × price per contact, hours × hourly price), plus a
  peak surcharge in peak months.
- Peak overtime = overtime FTE × base pay × the overtime pay multiple (150% by default; agents at their own
  seats; social insurance is paid on last year's average wage, so overtime does not raise it).
- Indirect labor by span of control (team lead 1:15, QA 1:40, trainer 1:80, workforce planner 1:120) plus the
  manager; assets depreciated straight-line; complaint handling = contacts × complaint rate × cost per complaint.
- Contingency = everything above × the reserve rate; cost per contact = channel cost (with its share of shared
  cost) ÷ contacts.
""",
    "whatif.per_fte_title": "Fully loaded monthly cost of one FTE, by employment type",
    "whatif.rates_note": "Rates are calibrated on the database: average pay of agents employed today, seat costs "
    "from the last 12 months of agreed-definition spend per seat, the BPO seat price from outsourcing spend per "
    "outsourced agent.",
    "etype.full_time": "Full time",
    "etype.part_time": "Part time",
    "etype.temp": "Temp",
    "etype.outsourced": "Outsourced",
    "whatif.scenarios": "Scenarios",
    "whatif.save_name": "Scenario name",
    "whatif.save": "Save scenario",
    "whatif.saved": "Scenario saved: {name}",
    "whatif.replaced": "Scenario updated: {name} (its old settings replaced)",
    "whatif.scenario_in_use": 'Scenario "{name}" was used to draft {versions}; it keeps the settings that budget was costed with and cannot be overwritten. Save under another name.',
    "whatif.budget_version": "the {year} budget, version {version}",
    "whatif.name_needed": "Give the scenario a name.",
    "whatif.load_pick": "Saved scenarios",
    "whatif.load": "Load",
    "whatif.loaded": "Scenario loaded: {name}",
    "whatif.compare_pick": "Compare scenarios (up to 3)",
    "whatif.compare_placeholder": "Pick the scenarios to compare",
    "whatif.compare_title": "Scenarios side by side",
    "whatif.none_saved": "No saved scenarios yet.",
    "whatif.export.csv": "Monthly plan (CSV)",
    "whatif.export.xlsx": "Monthly plan (Excel)",
    "whatif.export.help": "The plan on the sliders as they stand: contacts, FTE, headcount, hires, leavers and cost by month and channel. The Excel file ends in a row totalling the contacts, hires, leavers and cost (FTE and headcount are each month's level and are not added up).",
    "whatif.export.sheet": "Monthly plan",
    "whatif.current": "Current settings",
    "measure.total_cost": "Cost, 12 months",
    "measure.cost_per_contact": "Cost per contact",
    "measure.average_fte": "Required FTE, monthly average",
    "measure.average_inhouse_fte": "In-house FTE, monthly average",
    "measure.hires": "Planned hires",
    "measure.flex_fte_months": "Peak cover FTE-months",
    "measure.surplus_fte_months": "Surplus FTE-months",
    "measure.surplus_cost": "Surplus cost",
}
