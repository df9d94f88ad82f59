"""Reason codes of the import report and their messages in both UI languages.

Analytics returns codes with parameters (`{"code": "not_a_date", "value": "2024/13/45"}`); the page and the CLI
render them with `render_message` in the user's language. Templates use `str.format` fields named after the params.
"""

from __future__ import annotations

from analytics.display import counted_nouns

MESSAGES: dict[str, dict[str, str]] = {
    # reading the file
    "file_too_large": {
        "zh": "文件大小 {size_mb} MB 超过上限 {limit_mb} MB，请拆分后再导入",
        "en": "The file is {size_mb} MB, over the {limit_mb} MB limit; split it and import the parts",
    },
    "empty_file": {"zh": "文件是空的", "en": "The file is empty"},
    "undecodable": {
        "zh": "第 {line} 行无法按 UTF-8 或 GB18030 解码（字节 {bytes}），请另存为 UTF-8 或 GBK 后重试",
        "en": "Line {line} cannot be decoded as UTF-8 or GB18030 (bytes {bytes}); save the file as UTF-8 or GBK",
    },
    "xls_corrupt": {
        "zh": "XLS 文件已损坏或不是 Excel 文件（可在 Excel 中另存为 .xlsx 后再上传）",
        "en": "The XLS file is damaged or not an Excel file (save it as .xlsx in Excel and upload that)",
    },
    "file_encrypted": {
        "zh": "文件设置了打开密码：请在 Excel 中去掉密码、保存后再上传",
        "en": "The file is password-protected: remove the password in Excel, save and upload it again",
    },
    "xlsx_bomb": {
        "zh": "XLSX 文件解压后过大或压缩比异常（{detail}），已拒绝",
        "en": "The XLSX file expands too much when unpacked ({detail}); refused",
    },
    "xlsx_corrupt": {
        "zh": "XLSX 文件已损坏或不是 Excel 文件",
        "en": "The XLSX file is damaged or not an Excel file",
    },
    "sheet_not_found": {
        "zh": "找不到工作表「{sheet}」，可选：{sheets}",
        "en": "No sheet named '{sheet}'; sheets: {sheets}",
    },
    "no_header": {"zh": "找不到表头行", "en": "No header row found"},
    "wrong_field_count": {
        "zh": "这一行有 {actual} 列，表头有 {expected} 列",
        "en": "This row has {actual} fields, the header has {expected}",
    },
    "month_outside_period": {
        "zh": "月份 {month} 不在标题的期间 {period} 内，无法确定是哪一年",
        "en": "Month {month} is outside the title's period {period}; which year it is in is not known",
    },
    # mapping
    "missing_required_column": {
        "zh": "缺少必填列「{field_label}」，请在列映射中指定",
        "en": "Required column '{field_label}' is missing; map it in the column mapping",
    },
    "missing_required_column_or_value": {
        "zh": "缺少必填列「{field_label}」，请在列映射中指定一列，或为所有行指定同一个值",
        "en": "Required column '{field_label}' is missing; map it in the column mapping, or give every row one value",
    },
    "unknown_column": {"zh": "文件中没有列「{column}」", "en": "The file has no column '{column}'"},
    "aggregate_not_by_key": {
        "zh": "映射方案按「{group_by}」汇总，但每条记录须按唯一键「{key}」汇总为一行",
        "en": "The profile aggregates by '{group_by}'; it must aggregate to one row per key '{key}'",
    },
    # cell values
    "required_value_missing": {"zh": "必填项为空", "en": "Required value is empty"},
    "not_a_number": {"zh": "「{value}」不是数字", "en": "'{value}' is not a number"},
    "not_an_integer": {"zh": "「{value}」不是整数", "en": "'{value}' is not a whole number"},
    "not_a_duration": {
        "zh": "「{value}」不是时长（填秒数，或如 0:03:25、3分25秒）",
        "en": "'{value}' is not a length of time (seconds, or like 0:03:25 or 3m 25s)",
    },
    "not_a_date": {"zh": "「{value}」不是有效日期", "en": "'{value}' is not a valid date"},
    "not_a_month": {
        "zh": "「{value}」不是有效月份（例如 2024-06）",
        "en": "'{value}' is not a valid month (for example 2024-06)",
    },
    "adjustment_period": {
        "zh": "「{value}」是年末调整期（第 13–16 期），不对应任何月份：请在 ERP 中把它并入第 12 期导出，或把这些行的期间改为当年 12 月",
        "en": "'{value}' is a year-end adjustment period (13-16), which is no month: export it within period 12 from the ERP, or set these lines' period to December of that year",
    },
    "not_a_datetime": {"zh": "「{value}」不是有效的日期时间", "en": "'{value}' is not a valid date and time"},
    "not_a_boolean": {"zh": "「{value}」不是 是/否", "en": "'{value}' is not yes/no"},
    "id_scientific_notation": {
        "zh": "编号「{value}」是科学计数法，Excel 已丢失位数；请把该列设为文本后重新导出",
        "en": "Id '{value}' is in scientific notation and Excel has lost digits; export the column as text",
    },
    "unknown_channel": {
        "zh": "无法识别的渠道「{value}」（可用：电话、在线、微信、邮件、工单）",
        "en": "Unknown channel '{value}' (use phone, online, wechat, email, ticket)",
    },
    "unknown_choice": {"zh": "「{value}」不在可选值 {choices} 中", "en": "'{value}' is not one of {choices}"},
    "not_a_direction": {
        "zh": "「{value}」不是借贷方向（填「借」或「贷」）",
        "en": "'{value}' is not a debit or credit side (借 or 贷, D or C)",
    },
    "closing_entry": {
        "zh": "「{value}」是期末结转分录（只有贷方），不是成本；选「只导入有效行」即可跳过",
        "en": "'{value}' is a period-end closing line (credit only), not a cost; import only the valid rows to skip it",
    },
    "negative_value": {"zh": "「{value}」不能为负数", "en": "'{value}' must not be negative"},
    "out_of_range": {
        "zh": "「{value}」超出范围 {low} ~ {high}",
        "en": "'{value}' is outside the range {low} to {high}",
    },
    "leave_before_hire": {
        "zh": "离职日期「{value}」早于入职日期 {other}",
        "en": "Leave date '{value}' is before the hire date {other}",
    },
    # notices: valid rows worth a look, imported unless the user fixes them
    "volume_spike": {
        "zh": "约为该渠道日常量（中位数 {other}）的 {times} 倍，请核对位数或单位",
        "en": "About {times} times the channel's typical day (median {other}); check the digits and the unit",
    },
    "handled_over_contacts": {
        "zh": "接通量大于当天进线量 {other}",
        "en": "More than the {other} contacts offered that day",
    },
    "credit_cancels_month": {
        "zh": "贷方 {value} 使文件中同月、同科目、同成本中心的金额相抵为 0：若这是期末结转，请从文件中删去这一行",
        "en": "The credit of {value} brings its month, account and cost center in the file to zero: if it is the period-end closing, delete the line from the file",
    },
    "salvage_above_cost": {
        "zh": "残值「{value}」高于原值 {other}，折旧会变成负数",
        "en": "Salvage value '{value}' is above the purchase cost {other}: depreciation would be negative",
    },
    "future_date": {"zh": "日期「{value}」晚于今天 {today}", "en": "Date '{value}' is after today ({today})"},
    "duplicate_entry_id": {
        "zh": "凭证行号「{value}」在文件中重复（第 {first_row} 行已出现）；一张凭证有多行时，请连同分录号列一起导出",
        "en": "Ledger line id '{value}' repeats in the file (first on row {first_row}); for a voucher of several lines, export its line-number column too",
    },
    "duplicate_id": {
        "zh": "编号「{value}」在文件中重复（第 {first_row} 行已出现）",
        "en": "Id '{value}' repeats in the file (first on row {first_row})",
    },
    "duplicate_summary_line": {
        "zh": "与第 {first_row} 行「{first_value}」的期间、成本中心和科目相同：汇总表每个组合只能有一行；若这是逐笔记账的明细账，请把凭证号列映射为凭证行号",
        "en": "Same month, cost center and account as row {first_row} ('{first_value}'): a summary has one line for each; if the file is a ledger of single entries, map its voucher-number column to the ledger line id",
    },
    "summary_over_ledger": {
        "zh": "{month}「{cost_center}」已从同一来源系统导入 {n} 行明细账：汇总行会与之重复计算。请先在「导入历史」中撤销那批明细账，或只导入其中一种",
        "en": "This source system already holds {n} ledger line(s) of '{cost_center}' for {month}: the summary's lines would count that month twice. Undo that ledger's import under 'Import history' first, or import only one of the two",
    },
    "ledger_over_summary": {
        "zh": "{month}「{cost_center}」已从同一来源系统导入 {n} 行月度汇总：明细账会与之重复计算。请先在「导入历史」中撤销那份汇总，或只导入其中一种",
        "en": "This source system already holds {n} summary line(s) of '{cost_center}' for {month}: the ledger's lines would count that month twice. Undo that summary's import under 'Import history' first, or import only one of the two",
    },
    "summary_lines_dropped": {
        "zh": "{month}「{cost_center}」上次导入的汇总中有 {n} 行不在本文件中（{lines}）：导入时会移除，撤销本批次可恢复",
        "en": "This file leaves out {n} line(s) of '{cost_center}' for {month} from an earlier summary ({lines}): the import takes them out, and undoing it brings them back",
    },
    "duplicate_key": {
        "zh": "与第 {first_row} 行「{first_value}」重复：这几列的同一组值只能出现一次",
        "en": "Repeats row {first_row} ('{first_value}'): the same values in these columns may appear only once",
    },
    "unmapped_cost_category": {
        "zh": "以下成本科目尚未映射到统一口径：{categories}。请先在「成本科目映射」中映射，再重新校验",
        "en": "These cost categories are not mapped to the agreed cost definition yet: {categories}. Map them in "
        "'Cost category mapping', then check again",
    },
    "budget_locked": {
        "zh": "预算 #{budget_id} 已锁定（已审批），不能导入预算行",
        "en": "Budget #{budget_id} is locked (approved); budget lines cannot be imported into it",
    },
    # the import as a whole
    "uncalculated_formulas": {
        "zh": "有 {n} 个公式单元格没有保存计算结果（如 {cells}），读出来是空的：请用 Excel 或 WPS 打开文件、保存一次后再上传",
        "en": "Read as empty: {n} formula cell(s) with no saved result (e.g. {cells}); open the file in Excel or WPS, save it once and upload it again",
    },
    "already_imported": {
        "zh": "该文件已于 {imported_at} 导入，批次 #{batch_id}",
        "en": "Already imported on {imported_at} as batch #{batch_id}",
    },
    "file_already_imported": {
        "zh": "「{file}」已经导入过：内容与批次 #{batch_id}（{imported_at} 导入的「{earlier_file}」）完全相同，"
        "无需再导入。如需重新导入，请先在「导入历史」中撤销该批次",
        "en": "'{file}' is already in: its content is the same as batch #{batch_id} ('{earlier_file}', imported "
        "{imported_at}). To import it again, undo that batch in Import history first",
    },
    "write_busy": {
        "zh": "其他人正在导入，请稍候再试",
        "en": "Someone else is importing right now; please wait and try again",
    },
    "undo_blocked": {
        "zh": "批次 #{batch_id} 之后的批次 {later} 修改了同一批数据，请先撤销它们",
        "en": "Later batches {later} changed the same rows as batch #{batch_id}; undo them first",
    },
    "batch_not_found": {
        "zh": "没有可撤销的批次 #{batch_id}",
        "en": "There is no committed batch #{batch_id} to undo",
    },
}


def render_message(code: str, params: dict | None = None, lang: str = "zh") -> str:
    """The message for a reason code in 'zh' or 'en', with its parameters filled in (English counted nouns agreeing
    with their number)."""
    templates = MESSAGES.get(code)
    if templates is None:
        return code
    template = templates.get(lang) or templates["zh"]
    try:
        text = template.format(**(params or {}))
    except (KeyError, IndexError):
        return template
    return counted_nouns(text) if lang == "en" else text
