import {
  bottleneckFinding,
  channelRoiFinding,
  computeDashboard,
  gradeCycleFinding,
  gradeWinRateFinding,
  overdueOwnerFinding,
  type Dashboard,
} from "../../src/domain/engine";
import type { ConversionRow, Lead, LeadBook, PeriodFilter } from "../../src/domain/model";
import { book, conv, cost, d, en, lead, zh } from "../support/engineCases";

const asOf = d(2024, 6, 30);
const JUNE: PeriodFilter = { kind: "month", year: 2024, month: 6 };
const ALL: PeriodFilter = { kind: "all" };

function item(id: string, p: Partial<Lead>, c: Partial<ConversionRow> = {}) {
  const l = lead({ leadId: id, ...p });
  return { lead: l, row: conv({ leadId: id, createdAt: l.createdAt, ...c }) };
}
const bookOf = (xs: ReturnType<typeof item>[], extra: Partial<LeadBook> = {}): LeadBook =>
  book({ leads: xs.map((x) => x.lead), conversion: xs.map((x) => x.row), ...extra });
const won = (id: string, created: number, cycle: number, p: Partial<Lead> = {}, amount: number | null = null) =>
  item(
    id,
    { status: "已成交", stage: "成交维护", createdAt: created, ...p },
    { result: "成功", closedAt: created + cycle, amount },
  );
const lost = (id: string, created: number, stage: string, reason: string, p: Partial<Lead> = {}) =>
  item(
    id,
    { status: "已流失", stage, createdAt: created, ...p },
    { result: "失败", closedAt: created + 3, lossReason: reason },
  );

const kpi = (db: Dashboard) => Object.fromEntries(db.kpis.map((k) => [k.key, k.value]));
const finding = (db: Dashboard, kind: string) => db.findings.find((f) => f.kind === kind);

describe("finding templates, both languages", () => {
  test("bottleneck stage with its main reason, or with losses that give none", () => {
    expect(bottleneckFinding(4, "商务谈判", 0.3, "价格异议未解决").zh).toBe(
      "阶段4商务谈判流失率30%，主要因价格异议未解决",
    );
    expect(bottleneckFinding(4, "Negotiation", 0.3, "Price objection").en).toBe(
      "Stage 4 Negotiation loses 30% of the leads that reach it, mainly: Price objection",
    );
    expect(bottleneckFinding(2, "需求挖掘", 0.125, null)).toEqual({
      zh: "阶段2需求挖掘流失率12.5%，流失原因多未填写",
      en: "Stage 2 需求挖掘 loses 12.5% of the leads that reach it; most losses have no reason given",
    });
  });

  test("best and worst channel by ROI", () => {
    expect(channelRoiFinding("展会推荐", 4, "搜索引擎广告", 2)).toEqual({
      zh: "渠道ROI最高为展会推荐（400%），最低为搜索引擎广告（200%）",
      en: "Best channel by ROI: 展会推荐 (400%); worst: 搜索引擎广告 (200%)",
    });
  });

  test("grade cycle comparison, in whole days", () => {
    expect(gradeCycleFinding("B", 45, "A", 25)).toEqual({
      zh: "B类线索平均转化周期45天，较A类（25天）长20天",
      en: "Grade B leads take 45 days on average to convert, 20 days longer than grade A (25 days)",
    });
    // 44.6 → 45 and 25.4 → 25: the gap is the gap of the figures shown.
    expect(gradeCycleFinding("C", 44.6, "A", 25.4).zh).toBe("C类线索平均转化周期45天，较A类（25天）长20天");
  });

  test("owner with the most overdue follow-ups", () => {
    expect(overdueOwnerFinding("李强", 2)).toEqual({
      zh: "李强名下逾期跟进最多：2条",
      en: "李强 has the most overdue follow-ups: 2",
    });
  });

  test("higher grade winning less often", () => {
    expect(gradeWinRateFinding("A", 0.2, "B", 0.4)).toEqual({
      zh: "A类线索赢单率20%，低于B类（40%）",
      en: "Grade A wins 20%, less often than grade B (40%)",
    });
  });
});

describe("computeDashboard", () => {
  test("the seed sentence: 阶段4商务谈判流失率30%，主要因价格异议未解决", () => {
    // 10 leads reach stage 4: 7 go on and are won, 3 are lost there over an unresolved price objection (30 %).
    const xs = [];
    for (let i = 0; i < 7; i++) xs.push(won(`W${i}`, d(2024, 5, 1), 20));
    for (let i = 0; i < 3; i++) xs.push(lost(`L${i}`, d(2024, 5, 1), "商务谈判", "价格异议未解决"));
    const db = computeDashboard(bookOf(xs), zh, { period: ALL, asOf });
    expect(db.findings[0]).toEqual({
      kind: "bottleneck",
      text: "阶段4商务谈判流失率30%，主要因价格异议未解决",
      zh: "阶段4商务谈判流失率30%，主要因价格异议未解决",
      en: "Stage 4 商务谈判 loses 30% of the leads that reach it, mainly: 价格异议未解决",
    });
  });

  test("the seed sentence: B类线索平均转化周期45天，较A类（25天）长20天; and a higher grade that wins less", () => {
    // 30 closed leads: A (override) 10 closed, 2 won in 25 days; B (score 62) 20 closed, 8 won in 45 days.
    const xs = [];
    for (let i = 0; i < 10; i++)
      xs.push(
        i < 2
          ? won(`A${i}`, d(2024, 3, 1), 25, { gradeOverride: "A" })
          : lost(`A${i}`, d(2024, 3, 1), "初步接洽", "预算不足", { gradeOverride: "A" }),
      );
    for (let i = 0; i < 20; i++)
      xs.push(i < 8 ? won(`B${i}`, d(2024, 3, 1), 45) : lost(`B${i}`, d(2024, 3, 1), "初步接洽", "选择竞品"));
    const db = computeDashboard(bookOf(xs), zh, { period: ALL, asOf });
    expect(finding(db, "gradeCycle")?.text).toBe("B类线索平均转化周期45天，较A类（25天）长20天");
    expect(finding(db, "gradeWinRate")?.text).toBe("A类线索赢单率20%，低于B类（40%）");
    // Stage 1: 30 reached, 20 lost there (12 选择竞品, 8 预算不足).
    expect(finding(db, "bottleneck")?.text).toBe("阶段1初步接洽流失率66.7%，主要因选择竞品");
    expect(db.findings.map((f) => f.kind)).toEqual(["bottleneck", "gradeCycle", "gradeWinRate"]);
  });

  test("hand-computed KPIs for a month; overdue by owner; forecast of the next 3 months", () => {
    const b = bookOf([
      won("K1", d(2024, 6, 5), 10, { owner: "王芳" }, 200000),
      lost("K2", d(2024, 6, 10), "初步接洽", "预算不足"),
      item("K3", { status: "无效", createdAt: d(2024, 6, 12) }),
      // Open, grade B (cadence 3 days): due 05-04, overdue; 方案呈现 0.4 × 350000 = 140000 in August.
      item("K4", { createdAt: d(2024, 5, 1), stage: "方案呈现", owner: "王芳", expectedClose: d(2024, 8, 15) }),
      // Due 06-23, overdue; closes in September: outside the next 3 months.
      item("K5", { createdAt: d(2024, 6, 20), stage: "商务谈判", owner: "李强", expectedClose: d(2024, 9, 10) }),
      // Due 07-02, not overdue; 初步接洽 0.1 × 350000 = 35000 in June.
      item("K6", { createdAt: d(2024, 6, 29), owner: "李强", expectedClose: d(2024, 6, 30) }),
      // Created in May (outside the month), overdue, no close date.
      item("K7", { createdAt: d(2024, 5, 10), owner: "李强" }),
    ]);
    const db = computeDashboard(b, zh, { period: JUNE, asOf });
    expect(db.period).toBe("2024-06");
    expect(kpi(db)).toEqual({
      newLeads: 5,
      valid: 4,
      won: 1,
      conversionRate: 0.25,
      wonAmount: 200000,
      avgCycleDays: 10,
      overdue: 3,
      forecast3m: 175000,
    });
    expect(db.kpis.map((k) => [k.label, k.kind])).toEqual([
      ["新增线索", "integer"],
      ["有效线索", "integer"],
      ["成交", "integer"],
      ["转化率", "rate"],
      ["成交金额", "amount"],
      ["平均转化周期（天）", "days"],
      ["逾期跟进", "integer"],
      ["未来3个月加权预测", "amount"],
    ]);
    // Stage 1 in June: 5 reached, 1 lost; no costs: no ROI finding; one won lead: no grade comparison.
    expect(db.findings.map((f) => f.text)).toEqual([
      "阶段1初步接洽流失率20%，主要因预算不足",
      "李强名下逾期跟进最多：2条",
    ]);
    const enDb = computeDashboard(b, { ...zh, locale: "en-US" }, { period: JUNE, asOf });
    expect(enDb.kpis[7].label).toBe("Weighted forecast, next 3 months");
    expect(enDb.findings[1].text).toBe("李强 has the most overdue follow-ups: 2");
  });

  test("channels by ROI with costs; none for a week", () => {
    const xs = [
      won("S1", d(2024, 6, 3), 5, { source: "展会推荐" }, 100000),
      item("S2", { source: "展会推荐", createdAt: d(2024, 6, 4) }),
      won("S3", d(2024, 6, 5), 5, { source: "搜索引擎广告" }, 60000),
    ];
    const b = bookOf(xs, {
      channelCosts: [cost("展会推荐", "2024-06", 10000), cost("搜索引擎广告", "2024-06", 20000)],
    });
    // 展会推荐: cost per valid lead 5000, average deal 100000 → ROI 19; 搜索引擎广告: 20000 and 60000 → ROI 2.
    const db = computeDashboard(b, zh, { period: JUNE, asOf });
    expect(finding(db, "channelRoi")?.text).toBe("渠道ROI最高为展会推荐（1900%），最低为搜索引擎广告（200%）");
    const week = computeDashboard(b, zh, { period: { kind: "week", year: 2024, week: 23 }, asOf });
    expect(week.period).toBe("2024-W23");
    expect(finding(week, "channelRoi")).toBeUndefined();
    expect(kpi(week).newLeads).toBe(3);
  });

  test("empty book, one lead, all lost, no closed leads", () => {
    const empty = computeDashboard(book(), en, { period: ALL, asOf });
    expect(kpi(empty)).toEqual({
      newLeads: 0,
      valid: 0,
      won: 0,
      conversionRate: null,
      wonAmount: 0,
      avgCycleDays: null,
      overdue: 0,
      forecast3m: 0,
    });
    expect(empty.findings).toEqual([]);
    const one = computeDashboard(bookOf([item("O", { createdAt: d(2024, 6, 29) })]), zh, { period: ALL, asOf });
    expect(kpi(one)).toMatchObject({ newLeads: 1, valid: 1, won: 0, conversionRate: 0, overdue: 0, forecast3m: 0 });
    expect(one.findings).toEqual([]);
    const allLost = computeDashboard(
      bookOf([lost("A", d(2024, 6, 1), "需求挖掘", ""), lost("B", d(2024, 6, 2), "需求挖掘", "")]),
      zh,
      { period: ALL, asOf },
    );
    expect(kpi(allLost)).toMatchObject({ newLeads: 2, won: 0, conversionRate: 0, overdue: 0 });
    expect(allLost.findings.map((f) => f.text)).toEqual(["阶段2需求挖掘流失率100%，流失原因多未填写"]);
  });
});
