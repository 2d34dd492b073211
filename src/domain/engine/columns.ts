import type { L10n } from "../types";

/**
 * One definition per review column: the review sheets (headers, number
 * formats) and `--json` are generated from these lists, so they cannot drift.
 * kind → format: text "@", integer "0", amount "#,##0.00" (also used for
 * averages of days), rate "0.00%" (values are fractions), date "yyyy-mm-dd".
 */
export type ReviewColumnKind = "text" | "integer" | "amount" | "rate" | "date";

export interface ReviewColumn<K extends string = string> {
  key: K;
  header: L10n;
  kind: ReviewColumnKind;
}

const c = <K extends string>(key: K, zh: string, en: string, kind: ReviewColumnKind): ReviewColumn<K> => ({
  key,
  header: { zh, en },
  kind,
});

/** Row label for a blank dimension value, the total row, the team dimension. */
export const BLANK_LABEL: L10n = { zh: "(未填)", en: "(blank)" };
export const TOTAL_LABEL: L10n = { zh: "合计", en: "Total" };
export const TEAM_LABEL: L10n = { zh: "团队", en: "Team" };

export const CHANNEL_COLUMNS = [
  c("channel", "渠道", "Channel", "text"),
  c("leads", "线索数", "Leads", "integer"),
  c("valid", "有效线索数", "Valid leads", "integer"),
  c("converted", "转化数", "Converted", "integer"),
  c("conversionRate", "转化率", "Conversion rate", "rate"),
  c("avgDeal", "平均客单价", "Average deal", "amount"),
  c("cost", "投入成本", "Cost", "amount"),
  c("costPerLead", "单条线索成本", "Cost per lead", "amount"),
  c("roi", "ROI", "ROI", "rate"),
  c("grade", "渠道评级", "Channel grade", "text"),
] as const;

export const FUNNEL_COLUMNS = [
  c("stage", "阶段序号", "Stage #", "integer"),
  c("stageName", "阶段", "Stage", "text"),
  c("entered", "进入数", "Entered", "integer"),
  c("lost", "流失数", "Lost", "integer"),
  c("lossRate", "流失率", "Loss rate", "rate"),
  c("passThrough", "进入下一阶段比例", "Pass-through", "rate"),
  c("avgDays", "平均停留天数", "Average days", "amount"),
] as const;

export type BreakdownDimension = "source" | "industry" | "owner" | "grade";

const DIMENSION_HEADERS: Record<BreakdownDimension, L10n> = {
  source: { zh: "线索来源", en: "Source" },
  industry: { zh: "所属行业", en: "Industry" },
  owner: { zh: "责任人", en: "Owner" },
  grade: { zh: "等级", en: "Grade" },
};

export function breakdownColumns(dimension: BreakdownDimension) {
  const h = DIMENSION_HEADERS[dimension];
  return [
    c("value", h.zh, h.en, "text"),
    c("leads", "线索数", "Leads", "integer"),
    c("converted", "成交数", "Won", "integer"),
    c("conversionRate", "转化率", "Conversion rate", "rate"),
    c("avgCycleDays", "平均转化周期(天)", "Average cycle days", "amount"),
  ] as const;
}

export type SalesMetric = "newCustomers" | "amount";
export const SALES_METRICS: readonly SalesMetric[] = ["newCustomers", "amount"];
export const SALES_METRIC_LABELS: Record<SalesMetric, L10n> = {
  newCustomers: { zh: "新签客户数", en: "New customers" },
  amount: { zh: "销售额", en: "Sales amount" },
};

export const SALES_COLUMNS = [
  c("period", "周期", "Period", "text"),
  c("dimension", "维度", "Dimension", "text"),
  c("metricLabel", "指标", "Metric", "text"),
  c("target", "目标", "Target", "amount"),
  c("actual", "实际", "Actual", "amount"),
  c("achievement", "达成率", "Achievement", "rate"),
  c("conversionRate", "转化率", "Conversion rate", "rate"),
  c("avgCycleDays", "平均转化周期(天)", "Average cycle days", "amount"),
  c("avgDeal", "平均客单价", "Average deal", "amount"),
  c("wins", "成功经验", "What worked", "text"),
  c("issues", "待改进问题", "To improve", "text"),
  c("actions", "优化措施", "Actions", "text"),
] as const;

/** Sales columns typed by the manager and carried over by key on Refresh. */
export const SALES_CARRIED_KEYS = ["target", "wins", "issues", "actions"] as const;

export const DUE_COLUMNS = [
  c("leadId", "线索编号", "Lead ID", "text"),
  c("customer", "客户名称", "Customer", "text"),
  c("owner", "责任人", "Owner", "text"),
  c("grade", "等级", "Grade", "text"),
  c("nextDue", "应跟进日期", "Next due", "date"),
  c("daysOverdue", "逾期天数", "Days overdue", "integer"),
  c("alert", "跟进提醒", "Alert", "text"),
  c("nextStep", "下一步计划", "Next step", "text"),
  c("phone", "联系方式", "Phone", "text"),
] as const;

/** Every review block and its columns (breakdowns share one shape, with a dimension header). */
export const REVIEW_BLOCKS = {
  channels: CHANNEL_COLUMNS,
  funnel: FUNNEL_COLUMNS,
  bySource: breakdownColumns("source"),
  byIndustry: breakdownColumns("industry"),
  byOwner: breakdownColumns("owner"),
  byGrade: breakdownColumns("grade"),
  sales: SALES_COLUMNS,
  due: DUE_COLUMNS,
} as const;
export type ReviewBlock = keyof typeof REVIEW_BLOCKS;

type KeysOf<T extends readonly ReviewColumn[]> = T[number]["key"];
export type ChannelColumnKey = KeysOf<typeof CHANNEL_COLUMNS>;
export type FunnelColumnKey = KeysOf<typeof FUNNEL_COLUMNS>;
export type BreakdownColumnKey = KeysOf<ReturnType<typeof breakdownColumns>>;
export type SalesColumnKey = KeysOf<typeof SALES_COLUMNS>;
export type DueColumnKey = KeysOf<typeof DUE_COLUMNS>;
