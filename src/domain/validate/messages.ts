import type { L10n, Locale } from "../types";

/**
 * Every problem code Check, import and quick entry can report, with its
 * message in both locales in one place. A message says what is wrong AND how
 * to fix it. Placeholders: {field} header of the field, {value} the cell's
 * value, plus code-specific ones ({options}, {row}, {other}, {date} …).
 */
export const PROBLEM_CODES = [
  "required",
  "auto-missing",
  "too-short",
  "not-in-list",
  "bad-phone",
  "bad-date",
  "bad-number",
  "not-positive",
  "negative",
  "future-date",
  "before-created",
  "due-before-at",
  "duplicate-id",
  "duplicate-customer",
  "duplicate-period",
  "unknown-lead",
  "stage-order",
  "closed-missing",
  "amount-missing",
  "amount-not-allowed",
  "reason-missing",
  "reason-not-allowed",
  "bad-period",
  "status-mismatch",
  "formula-overwritten",
  "column-missing",
  "table-missing",
  "settings-missing",
  "import-conflict",
  "too-long",
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** Message keys: the codes, plus variants where one code needs two wordings. */
export type MessageKey = ProblemCode | "duplicate-phone" | "date-as-text";

export const MESSAGES: Record<MessageKey, L10n> = {
  required: {
    zh: "“{field}”是必填项，当前为空。请填写{hint}。",
    en: "{field} is required but blank. Fill it in{hint}.",
  },
  "auto-missing": {
    zh: "“{field}”为空（应自动填写）。运行“刷新”或在快速录入中新增可自动补上，也可按 {example} 的格式手工填写。",
    en: "{field} is blank (it is filled automatically). Run Refresh to fill it, or type it in the form {example}.",
  },
  "too-short": {
    zh: "“{field}”太短：“{value}”。请填写客户全称（工商注册名），至少2个字。",
    en: '{field} "{value}" is too short. Write the full legal name, at least 2 characters.',
  },
  "not-in-list": {
    zh: "“{value}”不在“{field}”的选项中。请从下拉列表选择：{options}；如需新选项，请先在配置表中添加。",
    en: '"{value}" is not an option of {field}. Pick one from the list: {options}; to add an option, add it in Settings first.',
  },
  "bad-phone": {
    zh: "“{field}”格式不正确：“{value}”（{reason}）。请填写以1开头的11位手机号、带区号的座机（如 021-12345678）或 + 开头的国际号码。",
    en: '{field} "{value}" is not a valid number ({reason}). Use an 11-digit mobile starting with 1, a landline with area code (e.g. 021-12345678) or +international.',
  },
  "bad-date": {
    zh: "“{field}”不是有效日期：“{value}”（{reason}）。请按 2024-05-01 的格式填写。",
    en: '{field} "{value}" is not a valid date ({reason}). Use the form 2024-05-01.',
  },
  "date-as-text": {
    zh: "“{field}”中的“{value}”：日期以文本形式输入（看起来是 {date}），请重新输入为日期，公式才能使用它。",
    en: '{field} "{value}": typed as text (looks like {date}): retype it as a date so formulas can use it.',
  },
  "bad-number": {
    zh: "“{field}”不是有效数字：“{value}”（{reason}）。请填写数字，如 450000 或 45万。",
    en: '{field} "{value}" is not a valid number ({reason}). Type a number such as 450000.',
  },
  "not-positive": {
    zh: "“{field}”必须大于0，当前为 {value}。请填写实际成交金额。",
    en: "{field} must be greater than 0 (it is {value}). Type the actual deal amount.",
  },
  negative: {
    zh: "“{field}”不能为负数，当前为 {value}。请填写 0 或正数。",
    en: "{field} cannot be negative (it is {value}). Type 0 or a positive number.",
  },
  "future-date": {
    zh: "“{field}”是将来的日期（{value}，今天是 {today}）。请填写已发生的日期。",
    en: "{field} is in the future ({value}; today is {today}). Use a date that has already happened.",
  },
  "before-created": {
    zh: "“{field}”（{value}）早于该线索的录入时间（{date}）。请检查日期或线索编号。",
    en: "{field} ({value}) is before the lead was created ({date}). Check the date or the lead ID.",
  },
  "due-before-at": {
    zh: "“{field}”（{value}）早于跟进时间（{date}）。完成时限应不早于跟进时间。",
    en: "{field} ({value}) is before the follow-up date ({date}). The due date must be on or after it.",
  },
  "duplicate-id": {
    zh: "线索编号“{value}”重复，第 {row} 行已使用。线索编号必须唯一：请改为新的编号或删除重复行。",
    en: 'Lead ID "{value}" is already used in row {row}. Lead IDs must be unique: give this row a new ID or remove the duplicate.',
  },
  "duplicate-customer": {
    zh: "客户“{value}”与第 {row} 行重复。请合并为一条线索，或确认是不同客户后修改名称。",
    en: 'Customer "{value}" duplicates row {row}. Merge the two leads, or correct the name if they are different customers.',
  },
  "duplicate-phone": {
    zh: "联系方式“{value}”与第 {row} 行重复。请合并为一条线索，或核对号码。",
    en: 'Phone "{value}" duplicates row {row}. Merge the two leads, or check the number.',
  },
  "duplicate-period": {
    zh: "渠道“{other}”在周期“{value}”已有投入记录（第 {row} 行），会被重复计算。请合并为一行。",
    en: 'Channel "{other}" already has a cost for period "{value}" (row {row}); it would be counted twice. Merge the rows.',
  },
  "unknown-lead": {
    zh: "线索编号“{value}”在线索信息表中不存在。请选择已有的线索编号，或先新增该线索。",
    en: 'Lead ID "{value}" does not exist in Leads. Pick an existing lead ID, or add the lead first.',
  },
  "stage-order": {
    zh: "“{field}”（{value}）早于前一阶段的日期（{other}：{date}）。阶段按顺序推进，请检查这两个日期。",
    en: "{field} ({value}) is before the previous stage's date ({other}: {date}). Stages are passed in order: check both dates.",
  },
  "closed-missing": {
    zh: "转化结果为“{other}”，但“{field}”为空。请填写成交或流失的日期。",
    en: 'The result is "{other}" but {field} is blank. Type the date the deal was won or lost.',
  },
  "amount-missing": {
    zh: "转化结果为成功，但“{field}”为空。请填写成交金额（大于0）。",
    en: "The result is Won but {field} is blank. Type the deal amount (greater than 0).",
  },
  "amount-not-allowed": {
    zh: "只有成功的线索才有成交金额，但转化结果为“{other}”。请删除金额，或把结果改为成功。",
    en: 'Only won leads have a deal amount, but the result is "{other}". Remove the amount, or set the result to Won.',
  },
  "reason-missing": {
    zh: "转化结果为失败，但“{field}”为空。请从下拉列表选择流失原因。",
    en: "The result is Lost but {field} is blank. Pick the loss reason from the list.",
  },
  "reason-not-allowed": {
    zh: "只有失败的线索才有流失原因，但转化结果为“{other}”。请删除流失原因，或把结果改为失败。",
    en: 'Only lost leads have a loss reason, but the result is "{other}". Remove the reason, or set the result to Lost.',
  },
  "bad-period": {
    zh: "“{field}”格式不正确：“{value}”。请填写月份 2024-05 或季度 2024-Q2。",
    en: '{field} "{value}" is not a period. Type a month such as 2024-05 or a quarter such as 2024-Q2.',
  },
  "status-mismatch": {
    zh: "线索状态为“{value}”，但转化分析表的结果为“{other}”。以转化结果为准：请在转化分析表填写结果，或更正线索状态。",
    en: 'The status is "{value}" but the Conversion result is "{other}". The Conversion result counts: set it there, or correct the status.',
  },
  "formula-overwritten": {
    zh: "“{field}”是计算列，但此单元格被输入了值“{value}”而不是公式。请删除该值，再运行“安装/升级模板”恢复公式。",
    en: '{field} is a calculated column but this cell holds the typed value "{value}" instead of its formula. Clear it and run Install/upgrade to restore the formula.',
  },
  "column-missing": {
    zh: "表“{other}”缺少列“{value}”（可能被重命名或删除）。请把列标题改回“{value}”，或运行“安装/升级模板”添加该列。",
    en: 'Table {other} has no column "{value}" (renamed or deleted?). Rename the header back to "{value}", or run Install/upgrade to add the column.',
  },
  "table-missing": {
    zh: "找不到表“{value}”（工作表“{other}”）。请运行“安装/升级模板”重新创建。",
    en: 'Table {value} (sheet "{other}") is missing. Run Install/upgrade to create it again.',
  },
  "settings-missing": {
    zh: "找不到配置表（或无法读取），已按默认选项检查。请运行“安装/升级模板”恢复配置表。",
    en: "The Settings sheet is missing or unreadable; the default options were used. Run Install/upgrade to restore it.",
  },
  "import-conflict": {
    zh: "该线索的“{field}”已有值“{other}”，导入的值“{value}”不同，未覆盖。如需修改请手工更正。",
    en: '{field} of this lead already holds "{other}"; the imported "{value}" differs and was not written. Correct it by hand if needed.',
  },
  "too-long": {
    zh: "“{field}”的文本有 {length} 个字符，超过 Excel 单元格 32,767 个字符的上限。请缩短后再填写。",
    en: "{field} has {length} characters, more than an Excel cell can hold (32,767). Shorten it.",
  },
};

export type MessageParams = Partial<
  Record<
    "field" | "value" | "options" | "row" | "other" | "date" | "today" | "reason" | "hint" | "example" | "length",
    string | number
  >
>;

/** Fill a message template; unknown placeholders become empty. */
export function formatMessage(code: MessageKey, locale: Locale, params: MessageParams): string {
  const template = locale === "zh-CN" ? MESSAGES[code].zh : MESSAGES[code].en;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name as keyof MessageParams];
    return v === undefined ? "" : String(v);
  });
}
