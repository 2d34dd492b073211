import type { L10n, Locale } from "../types";
import type { ListKey, OptionRole } from "../fields/lists";
import type { BudgetMidpoint, Option, Settings, StageProbability } from "./schema";

/** A default option in both locales. */
interface DefaultOption {
  label: L10n;
  points?: number;
  role?: OptionRole;
  limitDays?: number;
}

const o = (zh: string, en: string, extra: Omit<DefaultOption, "label"> = {}): DefaultOption => ({
  label: { zh, en },
  ...extra,
});

/** The default option lists (keys: fields/lists.ts), in both locales. */
export const DEFAULT_LISTS: Record<ListKey, DefaultOption[]> = {
  industry: [
    o("制造业", "Manufacturing"),
    o("零售业", "Retail"),
    o("IT", "IT"),
    o("医疗", "Healthcare"),
    o("教育", "Education"),
    o("金融", "Finance"),
    o("其他", "Other"),
  ],
  companySize: [
    o("年营收5亿以上", "Revenue over 500M", { points: 20 }),
    o("年营收1-5亿", "Revenue 100M-500M", { points: 12 }),
    o("年营收1亿以下", "Revenue under 100M", { points: 8 }),
  ],
  needType: [
    o("产品采购", "Product purchase"),
    o("服务咨询", "Consulting"),
    o("合作洽谈", "Partnership"),
    o("其他", "Other"),
  ],
  budget: [
    o("50万以上", "500k or more", { points: 30 }),
    o("20-50万", "200k-500k", { points: 20 }),
    o("20万以下", "Under 200k", { points: 10 }),
    o("未明确", "Not stated", { points: 0 }),
  ],
  urgency: [
    o("1个月内", "Within 1 month", { points: 25 }),
    o("2-3个月", "2-3 months", { points: 15 }),
    o("3个月以上", "Over 3 months", { points: 5 }),
  ],
  decisionAccess: [
    o("已对接决策者", "Decision maker", { points: 25 }),
    o("对接影响者", "Influencer", { points: 15 }),
    o("仅对接执行者", "Executor only", { points: 5 }),
  ],
  source: [
    o("官网注册", "Website sign-up"),
    o("展会推荐", "Trade show"),
    o("搜索引擎广告", "Search ads"),
    o("老客户转介绍", "Customer referral"),
    o("合作伙伴", "Partner"),
    o("短视频平台推广", "Short-video ads"),
    o("其他", "Other"),
  ],
  status: [
    o("待跟进", "To follow up", { role: "new" }),
    o("跟进中", "In progress", { role: "open" }),
    o("已成交", "Won", { role: "won" }),
    o("已流失", "Lost", { role: "lost" }),
    o("休眠", "Dormant", { role: "dormant" }),
    o("无效", "Invalid", { role: "invalid" }),
  ],
  stage: [
    o("初步接洽", "Initial contact"),
    o("需求挖掘", "Needs discovery"),
    o("方案呈现", "Proposal"),
    o("商务谈判", "Negotiation"),
    o("成交维护", "Won & account care"),
  ],
  method: [
    o("电话", "Phone"),
    o("拜访", "Visit"),
    o("邮件", "Email"),
    o("线上会议", "Online meeting"),
    o("微信", "WeChat"),
  ],
  intent: [o("高", "High"), o("中", "Medium"), o("低", "Low")],
  feedback: [
    o("提出异议", "Objection", { role: "objection" }),
    o("需求变化", "Need changed", { role: "changed" }),
    o("无回应", "No response", { role: "noReply" }),
    o("无", "None", { role: "none" }),
    o("其他", "Other", { role: "other" }),
  ],
  result: [
    o("成功", "Won", { role: "won" }),
    o("失败", "Lost", { role: "lost" }),
    o("持续跟进", "Ongoing", { role: "open" }),
  ],
  lossReason: [
    o("预算不足", "Budget too low"),
    o("选择竞品", "Chose a competitor"),
    o("需求取消", "Need cancelled"),
    o("内部决策延迟", "Internal decision delayed"),
    o("其他", "Other"),
  ],
  /** The team is the business's own: empty by default (owner is then free text). */
  team: [],
  grade: [o("A", "A"), o("B", "B"), o("C", "C"), o("D", "D")],
};

/** Channel grade labels, best first. */
export const CHANNEL_GRADES: L10n[] = [
  { zh: "优秀", en: "Excellent" },
  { zh: "良好", en: "Good" },
  { zh: "一般", en: "Fair" },
  { zh: "差", en: "Poor" },
];

function localize(list: DefaultOption[], locale: Locale): Option[] {
  return list.map((d) => {
    const opt: Option = { value: locale === "zh-CN" ? d.label.zh : d.label.en };
    if (d.points !== undefined) opt.points = d.points;
    if (d.role !== undefined) opt.role = d.role;
    if (d.limitDays !== undefined) opt.limitDays = d.limitDays;
    return opt;
  });
}

/** The default Settings in one locale. */
export function defaultSettings(locale: Locale): Settings {
  const lists = Object.fromEntries(
    (Object.keys(DEFAULT_LISTS) as ListKey[]).map((k) => [k, localize(DEFAULT_LISTS[k], locale)]),
  ) as Record<ListKey, Option[]>;
  const g = (i: number) => (locale === "zh-CN" ? CHANNEL_GRADES[i].zh : CHANNEL_GRADES[i].en);
  return {
    locale,
    lists,
    gradeThresholds: { a: 80, b: 60 },
    cadenceDays: { A: 1, B: 3, C: 7, D: 30 },
    dormantDays: 90,
    noReplyLimit: 3,
    channelBands: [
      { grade: g(0), minRate: 0.15, minRoi: 3 },
      { grade: g(1), minRate: 0.1, minRoi: 2 },
      { grade: g(2), minRate: 0.05, minRoi: 1 },
    ],
    fallbackGrade: g(3),
    asOf: null,
    hideContacts: false,
  };
}

/**
 * Forecast defaults by position in the default lists: the chance of winning
 * from stage 1…5 (initial contact 10 % … won & account care 90 %), and the
 * midpoint of budget bands 1…3 in yuan (500k or more → 750k, taken as 1.5× the
 * open band's floor; 200k–500k → 350k; under 200k → 100k). "Not stated" has
 * no midpoint: such a lead without a deal amount has no forecast amount.
 */
export const DEFAULT_STAGE_PROBABILITIES: readonly number[] = [0.1, 0.2, 0.4, 0.7, 0.9];
export const DEFAULT_BUDGET_MIDPOINTS: readonly (number | null)[] = [750_000, 350_000, 100_000, null];

/** The forecast lists of Settings, or their defaults matched by position to the Settings stage and budget lists. */
export function forecastDefaults(settings: Settings): {
  stageProbabilities: StageProbability[];
  budgetMidpoints: BudgetMidpoint[];
} {
  const stageProbabilities =
    settings.stageProbabilities ??
    settings.lists.stage.flatMap((o, i) =>
      i < DEFAULT_STAGE_PROBABILITIES.length ? [{ stage: o.value, probability: DEFAULT_STAGE_PROBABILITIES[i] }] : [],
    );
  const budgetMidpoints =
    settings.budgetMidpoints ??
    settings.lists.budget.flatMap((o, i) => {
      const m = DEFAULT_BUDGET_MIDPOINTS[i];
      return m === null || m === undefined ? [] : [{ budget: o.value, midpoint: m }];
    });
  return { stageProbabilities, budgetMidpoints };
}
