"""The seven kinds of file users import, and the columns each one has.

A `Kind` names its table, the natural key an overlapping re-export is upserted by (with `source` in front where
the table has one), and its `Field`s: the database column, the value type, whether it is required, allowed
ranges, and the headers users' systems put on it (Chinese first, then English). This is the one source of truth
for header recognition, validation, and the downloadable templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_MAX_HANDLE_SECONDS = 4 * 3600
"""Handle times above this ceiling are rejected as implausible (a setting: `max_handle_seconds`)."""


@dataclass(frozen=True)
class Field:
    """One column of a kind. `type` is how its cells are normalised (see normalise.py)."""

    name: str
    type: str  # id, text, int, float, duration, money, ratio, date, month, datetime, bool, channel, choice, category
    label_zh: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    low: float | None = None
    high: float | None = None
    past_only: bool = False  # dates must not be after today
    choices: dict[str, str] = field(default_factory=dict)  # user word -> stored code (type "choice")
    typed_for_file: bool = False  # one value a whole file may share, typed once (a cost center, a month)

    @property
    def template_header(self) -> str:
        """The header the downloadable template gives this field: 中文名 (column_name)."""
        return f"{self.label_zh} ({self.name})"

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header that names this field: the Chinese label, the column name, the aliases."""
        return (self.label_zh, self.name, *self.aliases)


@dataclass(frozen=True)
class Kind:
    """One importable kind: its table, natural key and fields."""

    name: str
    label_zh: str
    table: str
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    has_source: bool = True

    def field(self, name: str) -> Field:
        """The field with this column name."""
        return next(f for f in self.fields if f.name == name)

    @property
    def id_field(self) -> str | None:
        """The single id column checked for duplicates within a file, if the key is one column."""
        return self.key[0] if len(self.key) == 1 else None


EMPLOYMENT_TYPES = {
    "full_time": "full_time", "全职": "full_time", "正式": "full_time", "正式工": "full_time", "fulltime": "full_time",
    "part_time": "part_time", "兼职": "part_time", "parttime": "part_time", "小时工": "part_time",
    "temp": "temp", "临时": "temp", "临时工": "temp", "temporary": "temp", "实习": "temp",
    "outsourced": "outsourced", "外包": "outsourced", "派遣": "outsourced", "劳务派遣": "outsourced",
}  # fmt: skip

_NONNEG = {"low": 0}

TICKETS = Kind(
    "tickets", "工单明细", "tickets", ("ticket_id",),
    (
        Field("ticket_id", "id", "工单号", ("工单编号", "工单id", "单号", "编号", "id", "ticketid", "caseid", "call_id", "会话id", "呼叫id"), required=True),
        Field("created_at", "datetime", "创建时间", ("提交时间", "受理时间", "进线时间", "开始时间", "created", "createdtime", "createtime", "opened_at"), required=True, past_only=True),
        Field("closed_at", "datetime", "关闭时间", ("结案时间", "解决时间", "完成时间", "结束时间", "closed", "resolved_at", "closetime"), past_only=True),
        Field("channel", "channel", "渠道", ("来源渠道", "接入渠道", "服务渠道", "channel_name", "source_channel"), required=True),
        Field("category", "text", "分类", ("工单类型", "问题类型", "业务类型", "类型", "type", "issue_type")),
        Field("priority", "text", "优先级", ("紧急程度", "级别", "level")),
        Field("customer_id", "id", "客户编号", ("客户id", "会员id", "用户id", "customer", "user_id")),
        Field("customer_tier", "text", "客户等级", ("会员等级", "tier")),
        Field("agent", "text", "客服", ("坐席", "处理人", "客服工号", "坐席工号", "agent_id", "assignee", "server")),
        Field("team", "text", "班组", ("组别", "团队", "小组", "group"), typed_for_file=True),
        Field("first_response_seconds", "duration", "首次响应秒数", ("首响时长", "首次响应时长(秒)", "frt", "first_response"), **_NONNEG),
        Field("handle_seconds", "duration", "处理时长秒", ("处理时长", "通话时长", "服务时长", "handle_time", "aht", "talk_time"), low=0),
        Field("resolved", "bool", "是否解决", ("已解决", "解决", "is_resolved")),
        Field("reopened", "bool", "是否重开", ("重开", "二次进线", "is_reopened")),
        Field("complaint", "bool", "是否投诉", ("投诉", "is_complaint")),
        Field("csat", "int", "满意度", ("满意度评分", "评分", "satisfaction", "rating"), low=1, high=5),
    ),
)  # fmt: skip

VOLUME = Kind(
    "volume", "每日话务量", "daily_volume", ("date", "channel"),
    (
        Field("date", "date", "日期", ("统计日期", "业务日期", "day", "report_date"), required=True, past_only=True),
        Field("channel", "channel", "渠道", ("接入渠道", "服务渠道"), required=True),
        Field("contacts", "int", "进线量", ("来电量", "呼入量", "会话量", "咨询量", "接入量", "offered", "calls", "volume"), required=True, **_NONNEG),
        Field("handled", "int", "接通量", ("接起量", "应答量", "已处理", "answered"), **_NONNEG),
        Field("abandoned", "int", "放弃量", ("呼损量", "未接通", "abandons"), **_NONNEG),
        Field("aht_seconds", "duration", "平均处理时长秒", ("平均处理时长", "aht"), **_NONNEG),
        Field("asa_seconds", "duration", "平均应答速度秒", ("平均等待时长", "asa"), **_NONNEG),
        Field("service_level", "ratio", "服务水平", ("接通率", "sl"), low=0, high=1),
    ),
)  # fmt: skip

INTERVALS = Kind(
    "intervals", "时段话务量", "interval_volume", ("interval_start", "channel"),
    (
        Field("interval_start", "datetime", "时段开始", ("时段", "开始时间", "时间", "interval", "start"), required=True, past_only=True),
        Field("interval_minutes", "int", "时段分钟数", ("时段长度", "间隔", "minutes"), required=True, low=1, high=1440),
        Field("channel", "channel", "渠道", ("接入渠道",), required=True),
        Field("contacts", "float", "进线量", ("来电量", "呼入量", "会话量", "offered", "calls", "volume"), required=True, **_NONNEG),
        Field("handled", "float", "接通量", ("接起量", "answered"), **_NONNEG),
        Field("aht_seconds", "duration", "平均处理时长秒", ("平均处理时长", "aht"), **_NONNEG),
    ),
)  # fmt: skip

COSTS = Kind(
    "costs", "成本台账", "cost_entries", ("entry_id",),
    (
        Field("entry_id", "id", "凭证行号", ("凭证号", "凭证字号", "凭证号数", "凭证编号", "分录号", "单据号", "流水号", "entry", "voucher", "line_id"), required=True),
        Field("period", "month", "期间", ("会计期间", "过账期间", "月份", "日期", "记账日期", "过账日期", "凭证日期", "month", "period", "posting_period", "fiscal_period", "date"), required=True, past_only=True, typed_for_file=True),
        Field("cost_center", "text", "成本中心", ("部门", "cost_centre", "costcenter"), required=True, typed_for_file=True),
        Field("source_category", "category", "科目", ("会计科目", "科目名称", "明细科目", "费用科目", "成本科目", "费用类别", "category", "account"), required=True, typed_for_file=True),
        Field("amount", "money", "金额", ("金额(元)", "发生额", "借方金额", "借方发生额", "借方", "费用", "amount_cny", "cost", "debit"), required=True),
        Field("vendor", "text", "供应商", ("往来单位", "supplier"), typed_for_file=True),
        Field("channel", "channel", "渠道", ()),
        Field("capex", "bool", "资本化", ("是否资本化", "is_capex")),
        Field("description", "text", "摘要", ("说明", "备注", "凭证摘要", "项目文本", "文本", "memo", "note")),
    ),
)  # fmt: skip

STAFF = Kind(
    "staff", "人员花名册", "staff", ("staff_id",),
    (
        Field("staff_id", "id", "工号", ("员工编号", "员工号", "人员编号", "employee_id", "id"), required=True),
        Field("name", "text", "姓名", ("员工姓名",)),
        Field("role", "text", "岗位", ("职位", "角色", "position", "title"), required=True, typed_for_file=True),
        Field("employment_type", "choice", "用工类型", ("用工性质", "雇佣类型", "员工类型", "type"), required=True, choices=EMPLOYMENT_TYPES),
        Field("team", "text", "班组", ("组别", "团队", "部门", "group"), typed_for_file=True),
        Field("channel", "channel", "渠道", ()),
        Field("hire_date", "date", "入职日期", ("入职时间", "到岗日期", "start_date"), required=True),
        Field("leave_date", "date", "离职日期", ("离职时间", "end_date"), past_only=True),
        Field("monthly_pay", "money", "月薪", ("月工资", "应发工资", "薪资", "salary", "pay"), **_NONNEG),
    ),
)  # fmt: skip

ASSETS = Kind(
    "assets", "资产清单", "assets", ("asset_id",),
    (
        Field("asset_id", "id", "资产编号", ("资产编码", "卡片编号", "固定资产编号", "id"), required=True),
        Field("name", "text", "资产名称", ("名称", "设备名称"), required=True),
        Field("taxonomy_code", "category", "资产类别", ("类别", "科目", "category"), required=False),
        Field("cost_center", "text", "成本中心", ("使用部门", "部门"), typed_for_file=True),
        Field("purchase_date", "date", "购置日期", ("购入日期", "入账日期", "开始使用日期"), required=True, past_only=True),
        Field("purchase_cost", "money", "原值", ("购置金额", "资产原值", "金额", "cost"), required=True, **_NONNEG),
        Field("useful_life_months", "int", "使用月数", ("折旧月数", "使用年限(月)", "useful_life"), required=True, low=1, high=600),
        Field("salvage_value", "money", "残值", ("净残值", "salvage"), **_NONNEG),
        Field("is_lease", "bool", "是否租赁", ("租赁", "lease")),
    ),
)  # fmt: skip

BUDGET = Kind(
    "budget", "预算明细", "budget_lines", ("month", "taxonomy_code", "cost_center"),
    (
        Field("month", "month", "月份", ("期间", "预算月份", "period"), required=True, typed_for_file=True),
        Field("taxonomy_code", "category", "科目", ("预算科目", "成本科目", "category", "account"), required=True),
        Field("cost_center", "text", "成本中心", ("部门", "cost_centre"), required=True, typed_for_file=True),
        Field("amount", "money", "金额", ("预算金额", "预算数", "budget"), required=True),
        Field("note", "text", "备注", ("说明", "memo")),
    ),
    has_source=False,
)  # fmt: skip

KINDS: dict[str, Kind] = {k.name: k for k in (TICKETS, VOLUME, INTERVALS, COSTS, STAFF, ASSETS, BUDGET)}
"""Every importable kind by its CLI name."""


def get_kind(name: str) -> Kind:
    """The kind with this name (tickets, volume, intervals, costs, staff, assets, budget)."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown kind {name!r}; one of {', '.join(KINDS)}") from None
