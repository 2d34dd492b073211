/**
 * Hand-computed dashboard cases (issue 14 item 6), shared by the file path
 * (CLI refresh on a real .xlsx) and the Office path (the fake): the input rows
 * by field key, and the KPIs and findings a refresh must write. Default
 * zh-CN Settings; as of 2024-06-30, period all. The arithmetic is in the
 * comments.
 *
 * Settings used: grades by score (A ≥ 80, B ≥ 60, else C), follow-up cadence
 * C = 7 days, overdue when the as-of date is after created (or last follow-up)
 * + cadence; stage probabilities 初步接洽 0.1, 需求挖掘 0.2, 方案呈现 0.4,
 * 商务谈判 0.7; budget midpoints 50万以上 750000, 20-50万 350000, 未明确 none.
 * The forecast of the next 3 months covers expected closes from 2024-06-01 to
 * 2024-08-31.
 */
import type { RowsByTable } from "../../src/domain/plan/install";
import { serialFromYmd } from "../../src/domain/parse/dates";
import type { Serial } from "../../src/domain/types";

export const d = (y: number, m: number, day: number): Serial => serialFromYmd(y, m, day);
export const AS_OF = d(2024, 6, 30);
export const TODAY = "2024-06-30";

/** Score 0 + 5 + 5 + 8 = 18 (grade C) with budget 未明确; the budget adds 20 (20-50万) or 30 (50万以上): still C. */
const C = { urgency: "3个月以上", decisionAccess: "仅对接执行者", companySize: "年营收1亿以下" };

let seq = 0;
function leadRow(p: Record<string, string | number>): Record<string, string | number> {
  seq++;
  return {
    customer: `上海测试${seq}号有限公司`,
    contact: "张",
    phone: `1380000${String(1000 + seq).slice(-4)}`,
    industry: "制造业",
    needType: "产品采购",
    needDesc: "d",
    budget: "未明确",
    ...C,
    source: "官网注册",
    status: "跟进中",
    stage: "初步接洽",
    owner: "王芳",
    ...p,
  };
}

export type Kpis = {
  newLeads: number;
  valid: number;
  won: number;
  conversionRate: number | null;
  wonAmount: number;
  avgCycleDays: number | null;
  overdue: number;
  forecast3m: number;
};

export interface DashboardCase {
  name: string;
  rows: RowsByTable;
  kpis: Kpis;
  findings: string[];
}

export const SEED = "阶段4商务谈判流失率30%，主要因价格异议未解决";

function seedRows(): RowsByTable {
  // 10 leads created 2024-05-01 reach stage 4 (商务谈判): 7 go on and are won (100000 each, 20 days),
  // 3 are lost there over an unresolved price objection: 3 / 10 = 30 %. No other stage loses a lead.
  const Leads: Record<string, string | number>[] = [];
  const Conversion: Record<string, string | number>[] = [];
  const stages = [d(2024, 5, 1), d(2024, 5, 3), d(2024, 5, 6), d(2024, 5, 10)];
  for (let i = 0; i < 10; i++) {
    const id = `S-${i + 1}`;
    const won = i < 7;
    Leads.push(
      leadRow({
        leadId: id,
        createdAt: d(2024, 5, 1),
        status: won ? "已成交" : "已流失",
        stage: won ? "成交维护" : "商务谈判",
      }),
    );
    Conversion.push({
      leadId: id,
      stage1At: stages[0],
      stage2At: stages[1],
      stage3At: stages[2],
      stage4At: stages[3],
      ...(won
        ? { stage5At: d(2024, 5, 21), result: "成功", closedAt: d(2024, 5, 21), amount: 100000 }
        : { result: "失败", closedAt: d(2024, 5, 12), lossReason: "价格异议未解决" }),
    });
  }
  return { Leads, Conversion };
}

export const CASES: DashboardCase[] = [
  {
    // Nothing to count: counts 0, rates and the average cycle blank (no valid lead, no cycle), no findings.
    name: "empty",
    rows: {},
    kpis: {
      newLeads: 0,
      valid: 0,
      won: 0,
      conversionRate: null,
      wonAmount: 0,
      avgCycleDays: null,
      overdue: 0,
      forecast3m: 0,
    },
    findings: [],
  },
  {
    // One open lead created 06-29: due 06-29 + 7 = 07-06, not overdue; 初步接洽 0.1 × 350000 (20-50万)
    // = 35000, closing 07-31: within the next 3 months. Conversion rate 0 / 1 = 0.
    name: "one lead",
    rows: {
      Leads: [leadRow({ leadId: "O-1", createdAt: d(2024, 6, 29), budget: "20-50万", expectedClose: d(2024, 7, 31) })],
    },
    kpis: {
      newLeads: 1,
      valid: 1,
      won: 0,
      conversionRate: 0,
      wonAmount: 0,
      avgCycleDays: null,
      overdue: 0,
      forecast3m: 35000,
    },
    findings: [],
  },
  {
    // All lost: stage 1 reached by 3, 1 lost there (33.3 %); stage 2 reached by 2, both lost (100 %),
    // both over 价格异议未解决: the bottleneck. Nothing open: no overdue, no forecast.
    name: "all lost",
    rows: {
      Leads: [
        leadRow({ leadId: "A-1", createdAt: d(2024, 6, 1), status: "已流失", stage: "需求挖掘" }),
        leadRow({ leadId: "A-2", createdAt: d(2024, 6, 2), status: "已流失", stage: "需求挖掘" }),
        leadRow({ leadId: "A-3", createdAt: d(2024, 6, 3), status: "已流失", stage: "初步接洽" }),
      ],
      Conversion: [
        {
          leadId: "A-1",
          stage1At: d(2024, 6, 1),
          stage2At: d(2024, 6, 4),
          result: "失败",
          closedAt: d(2024, 6, 10),
          lossReason: "价格异议未解决",
        },
        {
          leadId: "A-2",
          stage1At: d(2024, 6, 2),
          stage2At: d(2024, 6, 5),
          result: "失败",
          closedAt: d(2024, 6, 11),
          lossReason: "价格异议未解决",
        },
        { leadId: "A-3", stage1At: d(2024, 6, 3), result: "失败", closedAt: d(2024, 6, 8), lossReason: "预算不足" },
      ],
    },
    kpis: {
      newLeads: 3,
      valid: 3,
      won: 0,
      conversionRate: 0,
      wonAmount: 0,
      avgCycleDays: null,
      overdue: 0,
      forecast3m: 0,
    },
    findings: ["阶段2需求挖掘流失率100%，主要因价格异议未解决"],
  },
  {
    // No channel costs and no closed lead: no ROI, no loss, no grade finding.
    // N1 李强 06-01, due 06-08: overdue; 方案呈现 0.4 × 350000 = 140000 closing 07-15 (counted).
    // N2 李强 06-10, due 06-17: overdue; budget 未明确: no amount.
    // N3 王芳 06-27, due 07-04: not overdue; 初步接洽 0.1 × 750000 = 75000 closing 08-20 (counted).
    // N4 王芳 06-05, 无效: not valid, no alert.
    // N5 王芳 05-20, due 05-27: overdue; 商务谈判 0.7 × 350000 closing 09-10 (after August: not counted).
    // New 5, valid 4, won 0 (rate 0 / 4 = 0), overdue 3 (李强 2, 王芳 1), forecast 140000 + 75000 = 215000.
    name: "no costs, no closed leads",
    rows: {
      Leads: [
        leadRow({
          leadId: "N-1",
          createdAt: d(2024, 6, 1),
          owner: "李强",
          stage: "方案呈现",
          budget: "20-50万",
          expectedClose: d(2024, 7, 15),
        }),
        leadRow({ leadId: "N-2", createdAt: d(2024, 6, 10), owner: "李强" }),
        leadRow({ leadId: "N-3", createdAt: d(2024, 6, 27), budget: "50万以上", expectedClose: d(2024, 8, 20) }),
        leadRow({ leadId: "N-4", createdAt: d(2024, 6, 5), status: "无效" }),
        leadRow({
          leadId: "N-5",
          createdAt: d(2024, 5, 20),
          stage: "商务谈判",
          budget: "20-50万",
          expectedClose: d(2024, 9, 10),
        }),
      ],
    },
    kpis: {
      newLeads: 5,
      valid: 4,
      won: 0,
      conversionRate: 0,
      wonAmount: 0,
      avgCycleDays: null,
      overdue: 3,
      forecast3m: 215000,
    },
    findings: ["李强名下逾期跟进最多：2条"],
  },
  {
    // The seed sentence; 7 won of 10 valid (0.7), 700000, 20 days each; all closed: no overdue, no forecast.
    name: "seed: the bottleneck and why",
    rows: seedRows(),
    kpis: {
      newLeads: 10,
      valid: 10,
      won: 7,
      conversionRate: 0.7,
      wonAmount: 700000,
      avgCycleDays: 20,
      overdue: 0,
      forecast3m: 0,
    },
    findings: [SEED],
  },
];

/** KPI labels in the order of the sheet (zh-CN), and their number formats. */
export const KPI_ROWS: [keyof Kpis, string, string][] = [
  ["newLeads", "新增线索", "0"],
  ["valid", "有效线索", "0"],
  ["won", "成交", "0"],
  ["conversionRate", "转化率", "0.00%"],
  ["wonAmount", "成交金额", "#,##0.00"],
  ["avgCycleDays", "平均转化周期（天）", "0.0"],
  ["overdue", "逾期跟进", "0"],
  ["forecast3m", "未来3个月加权预测", "#,##0.00"],
];
