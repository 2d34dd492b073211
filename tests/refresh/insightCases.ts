/**
 * Hand-computed cases for the loss, trend, forecast and scoring tables
 * (issue 14 items 2–5), shared by the Office-fake test and the CLI test on a
 * real .xlsx file. Default zh-CN Settings; as of 2024-06-30; period all time;
 * trend by month (2023-07 … 2024-06). Every expected figure is worked out in
 * the comments from the rows, not by the engine.
 *
 * Score profiles (default points): PROFILE_B = 20-50万 20 + 2-3个月 15 +
 * 对接影响者 15 + 年营收1-5亿 12 = 62 → B; HIGH (50万以上 30) = 72 → B;
 * LOW (20万以下 10) = 52 → C; NONE (未明确 0) = 42 → C.
 */
import type { RowsByTable } from "../../src/domain/plan/install";
import type { Scalar } from "../../src/domain/plan/changes";
import type { CellValue } from "../../src/domain/types";
import { d } from "../support/refreshBooks";

export const AS_OF = { y: 2024, m: 6, d: 30 };

const PROFILE = { urgency: "2-3个月", decisionAccess: "对接影响者", companySize: "年营收1-5亿" };

let seq = 0;
function lead(id: string, p: Record<string, Scalar>): Record<string, Scalar> {
  seq++;
  return {
    leadId: id,
    customer: `上海客户${id}有限公司`,
    contact: "张",
    phone: `138000${String(10000 + seq).slice(-5)}`,
    industry: "制造业",
    needType: "产品采购",
    budget: "20-50万",
    ...PROFILE,
    source: "展会推荐",
    status: "跟进中",
    stage: "初步接洽",
    owner: "王芳",
    createdAt: d(2024, 5, 10),
    ...p,
  };
}

/** The table columns a case compares, by Chinese header (every row, in order). */
export const COMPARE = {
  ReviewLossStages: ["阶段序号", "阶段", "进入数", "流失数", "流失率", "主要流失原因", "主要原因占比"],
  ReviewLosses: ["阶段序号", "阶段", "流失原因", "流失数", "占该阶段流失比例", "阶段流失率"],
  ReviewTrend: ["周期", "新增线索", "有效线索", "成交数", "转化率", "成交金额", "平均转化周期(天)"],
  ReviewForecast: ["预计成交月份", "在跟线索", "管道金额", "加权金额", "无金额线索"],
  ReviewForecastByOwner: ["责任人", "在跟线索", "管道金额", "加权金额", "无金额线索"],
  ReviewForecastStages: [
    "阶段序号",
    "到达该阶段的已结案线索",
    "历史赢单率",
    "设置概率",
    "采用概率",
    "概率来源",
    "在跟线索",
  ],
  ReviewScoring: ["等级", "线索数", "已结案", "成交数", "赢单率", "平均转化周期(天)"],
  ReviewScoringOptions: ["评分维度", "选项", "线索数", "已结案", "成交数", "赢单率", "当前分值", "建议分值"],
  ReviewScoringNotes: ["提示"],
} as const;
export type ComparedTable = keyof typeof COMPARE;

export interface InsightCase {
  name: string;
  rows: RowsByTable;
  /** Expected rows per table (only the tables given are compared). */
  expect: Partial<Record<ComparedTable, CellValue[][]>>;
  /** Expected `refresh --json` fragments (checked with toMatchObject). */
  json?: Record<string, unknown>;
}

const STAGES = ["初步接洽", "需求挖掘", "方案呈现", "商务谈判", "成交维护"];
const MONTHS = [
  "2023-07",
  "2023-08",
  "2023-09",
  "2023-10",
  "2023-11",
  "2023-12",
  "2024-01",
  "2024-02",
  "2024-03",
  "2024-04",
  "2024-05",
  "2024-06",
];
const PROBS = [0.1, 0.2, 0.4, 0.7, 0.9];
const SETTINGS_SOURCE = "设置概率";
const HISTORY_SOURCE = "历史赢单率";

/** Trend rows: zero everywhere but the months given ([new, valid, won, rate, amount, cycle]). */
function trend(months: Record<string, CellValue[]> = {}): CellValue[][] {
  return MONTHS.map((m) => [m, ...(months[m] ?? [0, 0, 0, null, 0, null])]);
}

/** Forecast stage rows: [stage, closed reached, historical rate, settings p, used p, source, open leads]. */
function stages(closed: number[], hist: (number | null)[], open: number[], used?: (number | null)[]): CellValue[][] {
  return STAGES.map((_, k) => [
    k + 1,
    closed[k],
    hist[k],
    PROBS[k],
    used?.[k] ?? PROBS[k],
    used?.[k] !== undefined && used[k] !== null ? HISTORY_SOURCE : SETTINGS_SOURCE,
    open[k],
  ]);
}

const GRADE_ROWS = (rows: Partial<Record<string, CellValue[]>>): CellValue[][] =>
  ["A", "B", "C", "D"].map((g) => [g, ...(rows[g] ?? [0, 0, 0, null, null])]);

/** Scoring option rows: [factor, option, leads, closed, won, win rate, current, suggested]; by default nothing counted. */
const OPTIONS: [string, string, number][] = [
  ["预算范围", "50万以上", 30],
  ["预算范围", "20-50万", 20],
  ["预算范围", "20万以下", 10],
  ["预算范围", "未明确", 0],
  ["需求紧急度", "1个月内", 25],
  ["需求紧急度", "2-3个月", 15],
  ["需求紧急度", "3个月以上", 5],
  ["决策人对接", "已对接决策者", 25],
  ["决策人对接", "对接影响者", 15],
  ["决策人对接", "仅对接执行者", 5],
  ["客户规模", "年营收5亿以上", 20],
  ["客户规模", "年营收1-5亿", 12],
  ["客户规模", "年营收1亿以下", 8],
];
function options(
  counts: Record<string, CellValue[]> = {},
  suggested: Record<string, number> | null = null,
): CellValue[][] {
  return OPTIONS.map(([f, o, pts]) => [
    f,
    o,
    ...(counts[o] ?? [0, 0, 0, null]),
    pts,
    suggested === null ? null : (suggested[o] ?? pts),
  ]);
}

const tooFew = (n: number) => [[`已结案线索 ${n} 条，少于 30 条，暂不建议调整分值`]];

const lossStages = (rows: Partial<Record<number, CellValue[]>>, entered: number[]): CellValue[][] =>
  STAGES.map((s, k) => [k + 1, s, entered[k], ...(rows[k + 1] ?? [0, entered[k] > 0 ? 0 : null, null, null])]);

export const CASES: InsightCase[] = [
  {
    // No rows at all: every stage and month listed with zeros, rates blank; nothing to forecast; the "fewer than 30" note.
    name: "empty",
    rows: {},
    expect: {
      ReviewLossStages: lossStages({}, [0, 0, 0, 0, 0]),
      ReviewLosses: [],
      ReviewTrend: trend(),
      ReviewForecast: [],
      ReviewForecastByOwner: [],
      ReviewForecastStages: stages([0, 0, 0, 0, 0], [null, null, null, null, null], [0, 0, 0, 0, 0]),
      ReviewScoring: GRADE_ROWS({}),
      ReviewScoringOptions: options(),
      ReviewScoringNotes: tooFew(0),
    },
    json: { scoring: { closed: 0, enough: false }, trend: { granularity: "month" } },
  },
  {
    // One open lead at stage 3 (方案呈现), created 2024-05-10, expected close 2024-07-15, budget 20-50万 → 350,000;
    // fewer than 20 closed leads: Settings' 40 % → weighted 140,000. It reached stages 1–3, lost nowhere.
    name: "one lead",
    rows: {
      Leads: [lead("A", { stage: "方案呈现", expectedClose: d(2024, 7, 15) })],
    },
    expect: {
      ReviewLossStages: lossStages({}, [1, 1, 1, 0, 0]),
      ReviewLosses: [],
      ReviewTrend: trend({ "2024-05": [1, 1, 0, 0, 0, null] }),
      ReviewForecast: [["2024-07", 1, 350000, 140000, 0]],
      ReviewForecastByOwner: [["王芳", 1, 350000, 140000, 0]],
      ReviewForecastStages: stages([0, 0, 0, 0, 0], [null, null, null, null, null], [0, 0, 1, 0, 0]),
      ReviewScoring: GRADE_ROWS({ B: [1, 0, 0, null, null] }),
      ReviewScoringOptions: options({
        "20-50万": [1, 0, 0, null],
        "2-3个月": [1, 0, 0, null],
        对接影响者: [1, 0, 0, null],
        "年营收1-5亿": [1, 0, 0, null],
      }),
      ReviewScoringNotes: tooFew(0),
    },
    json: { forecast: { total: { openLeads: 1, pipeline: 350000, unpriced: 0 } } },
  },
  {
    // Three leads, all lost: A and B at stage 2 for 预算不足, C at stage 4 with no reason.
    // Reached: 1: 3, 2: 3, 3: 1, 4: 1, 5: 0. Stage 2 loses 2 of 3 (66.7 %), all for 预算不足;
    // stage 4 loses 1 of 1, "未填写原因". Win history 0 % from every stage but under 20 closed: Settings.
    name: "all lost",
    rows: {
      Leads: [
        lead("A", { status: "已流失", stage: "需求挖掘", createdAt: d(2024, 4, 2) }),
        lead("B", { status: "已流失", stage: "需求挖掘", createdAt: d(2024, 4, 5) }),
        lead("C", { status: "已流失", stage: "商务谈判", createdAt: d(2024, 5, 6) }),
      ],
      Conversion: [
        { leadId: "A", result: "失败", closedAt: d(2024, 4, 20), lossReason: "预算不足" },
        { leadId: "B", result: "失败", closedAt: d(2024, 4, 25), lossReason: "预算不足" },
        { leadId: "C", result: "失败", closedAt: d(2024, 5, 30) },
      ],
    },
    expect: {
      ReviewLossStages: lossStages({ 2: [2, 2 / 3, "预算不足", 1], 4: [1, 1, "未填写原因", 1] }, [3, 3, 1, 1, 0]),
      ReviewLosses: [
        [2, "需求挖掘", "预算不足", 2, 1, 2 / 3],
        [4, "商务谈判", "未填写原因", 1, 1, 1],
      ],
      ReviewTrend: trend({ "2024-04": [2, 2, 0, 0, 0, null], "2024-05": [1, 1, 0, 0, 0, null] }),
      ReviewForecast: [],
      ReviewForecastByOwner: [],
      ReviewForecastStages: stages([3, 3, 1, 1, 0], [0, 0, 0, 0, null], [0, 0, 0, 0, 0]),
      ReviewScoring: GRADE_ROWS({ B: [3, 3, 0, 0, null] }),
      ReviewScoringOptions: options({
        "20-50万": [3, 3, 0, 0],
        "2-3个月": [3, 3, 0, 0],
        对接影响者: [3, 3, 0, 0],
        "年营收1-5亿": [3, 3, 0, 0],
      }),
      ReviewScoringNotes: tooFew(3),
    },
    json: {
      losses: {
        stages: [
          {},
          { stage: 2, mainReason: "预算不足", mainReasonNone: false },
          {},
          { stage: 4, mainReasonNone: true },
          {},
        ],
        rows: [
          { reason: "预算不足", main: true, noReason: false },
          { reason: "未填写原因", main: true, noReason: true },
        ],
      },
    },
  },
  {
    // No costs and no amounts: A won on 2024-06-11 without an amount (created 06-01: cycle 10 days), B open without an
    // expected close date; both budget 未明确 (no midpoint). Won amount 0; B is an unpriced lead in the "no date" row.
    // A reached stage 5 and won: history 1 of 1 from every stage, under 20: Settings.
    name: "no costs, no amounts",
    rows: {
      Leads: [
        lead("A", { status: "已成交", stage: "成交维护", budget: "未明确", createdAt: d(2024, 6, 1) }),
        lead("B", { budget: "未明确", createdAt: d(2024, 6, 3) }),
      ],
      Conversion: [{ leadId: "A", result: "成功", closedAt: d(2024, 6, 11), stage1At: d(2024, 6, 1) }],
    },
    expect: {
      ReviewLossStages: lossStages({}, [2, 1, 1, 1, 1]),
      ReviewLosses: [],
      ReviewTrend: trend({ "2024-06": [2, 2, 1, 0.5, 0, 10] }),
      ReviewForecast: [["(无日期)", 1, 0, 0, 1]],
      ReviewForecastByOwner: [["王芳", 1, 0, 0, 1]],
      ReviewForecastStages: stages([1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 0, 0, 0, 0]),
      ReviewScoring: GRADE_ROWS({ C: [2, 1, 1, 1, 10] }),
      ReviewScoringOptions: options({
        未明确: [2, 1, 1, 1],
        "2-3个月": [2, 1, 1, 1],
        对接影响者: [2, 1, 1, 1],
        "年营收1-5亿": [2, 1, 1, 1],
      }),
      ReviewScoringNotes: tooFew(1),
    },
    json: {
      channels: expect.arrayContaining([
        expect.objectContaining({ channel: "展会推荐", leads: 2, cost: null, costPerLead: null, roi: null }),
      ]),
    },
  },
  {
    // No closed leads, three open: A 王芳 stage 1, 50万以上 (750,000 × 10 % = 75,000), close 2024-08-03;
    // B 李强 stage 4, 20万以下 (100,000 × 70 % = 70,000), close 2024-07-20; C 王芳 stage 2, budget 未明确 but a
    // deal amount of 200,000 typed in Conversion (× 20 % = 40,000), no close date.
    // Months in order, the no-date row last; owners as first seen: 王芳 2 (950,000 / 115,000), 李强 1.
    name: "no closed leads",
    rows: {
      Leads: [
        lead("A", { budget: "50万以上", createdAt: d(2024, 6, 2), expectedClose: d(2024, 8, 3) }),
        lead("B", {
          budget: "20万以下",
          stage: "商务谈判",
          owner: "李强",
          createdAt: d(2024, 6, 4),
          expectedClose: d(2024, 7, 20),
        }),
        lead("C", { budget: "未明确", stage: "需求挖掘", createdAt: d(2024, 6, 5) }),
      ],
      Conversion: [{ leadId: "C", result: "持续跟进", amount: 200000 }],
    },
    expect: {
      ReviewLossStages: lossStages({}, [3, 2, 1, 1, 0]),
      ReviewTrend: trend({ "2024-06": [3, 3, 0, 0, 0, null] }),
      ReviewForecast: [
        ["2024-07", 1, 100000, 70000, 0],
        ["2024-08", 1, 750000, 75000, 0],
        ["(无日期)", 1, 200000, 40000, 0],
      ],
      ReviewForecastByOwner: [
        ["王芳", 2, 950000, 115000, 0],
        ["李强", 1, 100000, 70000, 0],
      ],
      ReviewForecastStages: stages([0, 0, 0, 0, 0], [null, null, null, null, null], [1, 1, 0, 1, 0]),
      ReviewScoring: GRADE_ROWS({ B: [1, 0, 0, null, null], C: [2, 0, 0, null, null] }),
      ReviewScoringNotes: tooFew(0),
    },
    json: { forecast: { total: { openLeads: 3, pipeline: 1050000, weighted: 185000 } } },
  },
  {
    // Enough closed leads for suggestions: 20 HIGH leads (50万以上, grade B) lost at stage 4 for 选择竞品, 20 LOW
    // leads (20万以下, grade C) won at stage 5 for 100,000 each after 30 days (03-01 → 03-31).
    // Win rate 50 %. B wins 0 %, C 100 %: a warning row. Suggested budget points: 30 × rate / best rate →
    // 50万以上 0, 20万以下 30; options with no closed lead keep theirs; 2-3个月, 对接影响者, 年营收1-5亿 win at the
    // factor's best rate (the only one observed) → the factor's maximum 25, 25, 20.
    // History: 40 closed reached stages 1–4 (20 won: 50 %), 20 reached stage 5 (all won: 100 %) — all ≥ 20: history.
    name: "scoring with enough closed leads",
    rows: {
      Leads: [
        ...Array.from({ length: 20 }, (_, i) =>
          lead(`H${i}`, { budget: "50万以上", status: "已流失", stage: "商务谈判", createdAt: d(2024, 3, 1) }),
        ),
        ...Array.from({ length: 20 }, (_, i) =>
          lead(`W${i}`, { budget: "20万以下", status: "已成交", stage: "成交维护", createdAt: d(2024, 3, 1) }),
        ),
      ],
      Conversion: [
        ...Array.from({ length: 20 }, (_, i) => ({
          leadId: `H${i}`,
          result: "失败",
          closedAt: d(2024, 3, 20),
          lossReason: "选择竞品",
        })),
        ...Array.from({ length: 20 }, (_, i) => ({
          leadId: `W${i}`,
          result: "成功",
          closedAt: d(2024, 3, 31),
          amount: 100000,
        })),
      ],
    },
    expect: {
      ReviewLossStages: lossStages({ 4: [20, 0.5, "选择竞品", 1] }, [40, 40, 40, 40, 20]),
      ReviewLosses: [[4, "商务谈判", "选择竞品", 20, 1, 0.5]],
      ReviewTrend: trend({ "2024-03": [40, 40, 20, 0.5, 2000000, 30] }),
      ReviewForecast: [],
      ReviewForecastStages: stages(
        [40, 40, 40, 40, 20],
        [0.5, 0.5, 0.5, 0.5, 1],
        [0, 0, 0, 0, 0],
        [0.5, 0.5, 0.5, 0.5, 1],
      ),
      ReviewScoring: GRADE_ROWS({ B: [20, 20, 0, 0, null], C: [20, 20, 20, 1, 30] }),
      ReviewScoringOptions: options(
        {
          "50万以上": [20, 20, 0, 0],
          "20万以下": [20, 20, 20, 1],
          "2-3个月": [40, 40, 20, 0.5],
          对接影响者: [40, 40, 20, 0.5],
          "年营收1-5亿": [40, 40, 20, 0.5],
        },
        { "50万以上": 0, "20万以下": 30, "2-3个月": 25, 对接影响者: 25, "年营收1-5亿": 20 },
      ),
      ReviewScoringNotes: [["B类线索赢单率0%，低于C类（100%）"]],
    },
    json: { scoring: { closed: 40, won: 20, winRate: 0.5, enough: true, note: null } },
  },
];

/** A cell as compared: blanks are null, numbers rounded to 9 decimals (rates such as 2/3). */
export function norm(v: CellValue | undefined): CellValue {
  if (v === undefined || v === null || v === "") return null;
  if (typeof v === "number") return Math.round(v * 1e9) / 1e9;
  return v;
}

/** A table as read back, reduced to the compared columns; rows that are blank throughout dropped (an empty table). */
export function compared(table: ComparedTable, headers: string[], values: CellValue[][]): CellValue[][] {
  const idx = COMPARE[table].map((h) => headers.indexOf(h));
  if (idx.some((i) => i < 0)) throw new Error(`${table}: missing column among ${headers.join(", ")}`);
  return values.filter((r) => r.some((c) => norm(c) !== null)).map((r) => idx.map((i) => norm(r[i])));
}

export function expected(rows: CellValue[][]): CellValue[][] {
  return rows.map((r) => r.map(norm));
}
