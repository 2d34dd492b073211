import type { L10n } from "../domain/types";

/**
 * Short names of the kinds of problem Check reports (the group headings of the
 * Check view). The full message, with how to fix it, comes with each problem.
 */
export const PROBLEM_KINDS: Record<string, L10n> = {
  required: { zh: "必填项为空", en: "Required value missing" },
  "auto-missing": { zh: "自动字段为空", en: "Automatic value missing" },
  "too-short": { zh: "内容太短", en: "Too short" },
  "not-in-list": { zh: "不在下拉列表中", en: "Not in the list" },
  "bad-phone": { zh: "电话格式不对", en: "Invalid phone number" },
  "bad-date": { zh: "不是日期（或以文本输入）", en: "Not a date (or typed as text)" },
  "bad-number": { zh: "数字无法识别", en: "Unreadable number" },
  "not-positive": { zh: "应大于0", en: "Must be above 0" },
  negative: { zh: "不能为负数", en: "Negative value" },
  "future-date": { zh: "日期在未来", en: "Date in the future" },
  "before-created": { zh: "早于录入时间", en: "Before the lead was created" },
  "due-before-at": { zh: "完成时限早于跟进时间", en: "Due before the follow-up" },
  "duplicate-id": { zh: "线索编号重复", en: "Duplicate Lead ID" },
  "duplicate-customer": { zh: "可能重复的客户", en: "Possible duplicate customer" },
  "duplicate-period": { zh: "渠道周期重复", en: "Duplicate channel period" },
  "unknown-lead": { zh: "线索编号不存在", en: "Unknown Lead ID" },
  "stage-order": { zh: "阶段日期顺序不对", en: "Stage dates out of order" },
  "closed-missing": { zh: "缺少成交/流失日期", en: "Close date missing" },
  "amount-missing": { zh: "缺少成交金额", en: "Deal amount missing" },
  "amount-not-allowed": { zh: "非成交行填了金额", en: "Amount on a row that is not won" },
  "reason-missing": { zh: "缺少流失原因", en: "Loss reason missing" },
  "reason-not-allowed": { zh: "非流失行填了流失原因", en: "Loss reason on a row that is not lost" },
  "bad-period": { zh: "统计周期格式不对", en: "Invalid period" },
  "status-mismatch": { zh: "状态与转化结果不一致", en: "Status does not match the result" },
  "formula-overwritten": { zh: "公式被改写", en: "Formula typed over" },
  "column-missing": { zh: "缺少列", en: "Column missing" },
  "table-missing": { zh: "缺少表格", en: "Table missing" },
  "settings-missing": { zh: "配置表缺失", en: "Settings missing" },
  "import-conflict": { zh: "导入冲突", en: "Import conflict" },
  "too-long": { zh: "文本超长", en: "Text too long" },
};

export function problemKind(code: string): L10n {
  return PROBLEM_KINDS[code] ?? { zh: code, en: code };
}
