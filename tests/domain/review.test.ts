import {
  activityOf,
  channelGrade,
  computeAll,
  computeReview,
  conversionColumnsAt,
  conversionSource,
  ratio,
  salesKey,
  type ChannelRow,
  type ComputeAllResult,
} from "../../src/domain/engine";
import type { Lead, LeadBook, PeriodFilter } from "../../src/domain/model";
import { book, conv, cost, d, en, fu, lead, zh } from "../support/engineCases";

const Q2: PeriodFilter = { kind: "quarter", year: 2024, quarter: 2 };
const asOf = d(2024, 6, 30);

/** The channel example (ROI = (average deal − cost per lead) / cost per lead): 100 leads, 80 valid, 12 converted at 480000 each, cost 100000 in the period. */
function seedChannelBook() {
  const leads: Lead[] = [];
  const rows = [];
  for (let i = 0; i < 100; i++) {
    const id = `L-${i}`;
    const won = i < 12;
    leads.push(
      lead({
        leadId: id,
        source: "展会推荐",
        status: i >= 80 ? "无效" : won ? "已成交" : "跟进中",
        owner: i < 10 ? "王芳" : "李强",
        createdAt: d(2024, 4, 10),
      }),
    );
    rows.push(
      conv({
        leadId: id,
        result: won ? "成功" : "",
        closedAt: won ? d(2024, 5, 20) : null,
        amount: won ? 480000 : null,
      }),
    );
  }
  // Outside the period: must not count anywhere in a 2024-Q2 review.
  leads.push(lead({ leadId: "OLD", source: "展会推荐", createdAt: d(2024, 3, 31, 23) }));
  rows.push(conv({ leadId: "OLD", result: "成功", closedAt: d(2024, 3, 31, 23), amount: 999 }));
  return book({
    leads,
    conversion: rows,
    channelCosts: [cost("展会推荐", "2024-Q2", 100000), cost("展会推荐", "2024-Q1", 55555)],
  });
}

const pct = (x: number | null) => (x === null ? "" : (x * 100).toFixed(2) + " %");

describe("channels", () => {
  test("seed §3.4: 15.00 %, 1250.00, ROI 38300.00 %, 优秀", () => {
    const r = computeReview(seedChannelBook(), zh, { period: Q2, asOf });
    const row = r.channels.find((c) => c.channel === "展会推荐")!;
    expect(row).toMatchObject({ leads: 100, valid: 80, converted: 12, avgDeal: 480000, cost: 100000 });
    expect(pct(row.conversionRate)).toBe("15.00 %");
    expect(row.costPerLead!.toFixed(2)).toBe("1250.00");
    expect(pct(row.roi)).toBe("38300.00 %");
    expect(row.grade).toBe("优秀");
  });
  test("rows follow the Settings source order, then other values, blank, and a total", () => {
    const b = book({
      leads: [
        lead({ leadId: "a", source: "其他渠道" }),
        lead({ leadId: "b", source: "" }),
        lead({ leadId: "c", source: "官网注册" }),
      ],
      channelCosts: [cost("抖音", "2024-05", 300)],
    });
    const r = computeReview(b, zh, { period: { kind: "all" }, asOf });
    expect(r.channels.map((c) => c.channel)).toEqual([
      ...zh.lists.source.map((o) => o.value),
      "其他渠道",
      "(未填)",
      "抖音",
      "合计",
    ]);
    const total = r.channels[r.channels.length - 1];
    expect(total).toMatchObject({ isTotal: true, leads: 3, valid: 3, converted: 0, cost: 300, costPerLead: 100 });
    expect(total.conversionRate).toBe(0);
    expect(total.roi).toBeNull(); // no deal → no average deal → no ROI
    const empty = r.channels.find((c) => c.channel === "展会推荐")!;
    expect(empty).toMatchObject({
      leads: 0,
      conversionRate: null,
      avgDeal: null,
      cost: null,
      costPerLead: null,
      roi: null,
      grade: null,
    });
    expect(computeReview(b, en, { period: { kind: "all" }, asOf }).channels.map((c) => c.channel)).toContain("(blank)");
  });
  test("a quarter's cost counts one third under a month filter", () => {
    const b = book({
      leads: [lead({ createdAt: d(2024, 5, 3) })],
      channelCosts: [
        cost("展会推荐", "2024-Q2", 90000),
        cost("展会推荐", "2024-05", 1000),
        cost("展会推荐", "2024-06", 7),
      ],
    });
    const row = computeReview(b, zh, { period: { kind: "month", year: 2024, month: 5 }, asOf }).channels.find(
      (c) => c.channel === "展会推荐",
    )!;
    expect(row.cost).toBeCloseTo(31000, 6);
  });
  test("costs with an unreadable period or no amount are skipped", () => {
    const b = book({
      leads: [lead()],
      channelCosts: [cost("展会推荐", "someday", 5), cost("展会推荐", "2024-05", null)],
    });
    expect(
      computeReview(b, zh, { period: { kind: "all" }, asOf }).channels.find((c) => c.channel === "展会推荐")!.cost,
    ).toBeNull();
  });
});

describe("channelGrade (bands best first, the lower band counts, boundaries to the higher band)", () => {
  test.each<[number | null, number | null, string | null]>([
    [0.15, 3, "优秀"],
    [0.2, 10, "优秀"],
    [0.1499, 10, "良好"],
    [0.2, 2.99, "良好"],
    [0.1, 2, "良好"],
    [0.05, 1, "一般"],
    [0.3, 0.5, "差"],
    [0.04, 9, "差"],
    [0.15, null, "优秀"],
    [0.07, null, "一般"],
    [0, null, "差"],
    [null, 5, null],
  ])("rate %p, roi %p → %p", (rate, roi, grade) => {
    expect(channelGrade(rate, roi, zh)).toBe(grade);
  });
  test("12/80 sits on 15 %'s side", () => {
    expect(channelGrade(12 / 80, 3, zh)).toBe("优秀");
    expect(channelGrade(3 / 20, 3, zh)).toBe("优秀");
  });
});

describe("funnel", () => {
  test("entered counts every stage up to the highest reached (dates or current stage); lost at the last reached", () => {
    const b = book({
      leads: [
        lead({ leadId: "A", stage: "初步接洽" }),
        lead({ leadId: "B", stage: "需求挖掘" }), // Conversion says it reached stage 3, then lost
        lead({ leadId: "C", stage: "商务谈判" }), // skipped stages count as passed
        lead({ leadId: "D", stage: "成交维护" }),
        lead({ leadId: "E", stage: "?" }), // unknown stage, no dates: not in the funnel
      ],
      conversion: [
        conv({
          leadId: "B",
          stageAt: [d(2024, 5, 2), d(2024, 5, 4), d(2024, 5, 8), null, null],
          result: "失败",
          closedAt: d(2024, 5, 18),
        }),
        conv({
          leadId: "D",
          createdAt: d(2024, 5, 1),
          stageAt: [d(2024, 5, 2), d(2024, 5, 3), d(2024, 5, 10), d(2024, 5, 20), d(2024, 5, 25)],
          result: "成功",
          closedAt: d(2024, 5, 25),
          amount: 450000,
        }),
      ],
    });
    const f = computeReview(b, zh, { period: { kind: "all" }, asOf }).funnel;
    expect(f.map((r) => r.stageName)).toEqual(zh.lists.stage.map((s) => s.value));
    expect(f.map((r) => r.entered)).toEqual([4, 3, 3, 2, 1]);
    expect(f.map((r) => r.lost)).toEqual([0, 0, 1, 0, 0]);
    expect(f[2].lossRate).toBeCloseTo(1 / 3, 12);
    expect(f.map((r) => r.passThrough)).toEqual([3 / 4, 1, 2 / 3, 1 / 2, null]);
    // Stage days: B 2, 4, 10 (lost: stage 3 ends on the close date); D 1, 7, 10, 5.
    expect(f.map((r) => r.avgDays)).toEqual([1.5, 5.5, 10, 5, null]);
  });
  test("an empty funnel gives nulls, not NaN", () => {
    const f = computeReview(book(), zh, { period: { kind: "all" }, asOf }).funnel;
    expect(f.every((r) => r.entered === 0 && r.lossRate === null && r.passThrough === null && r.avgDays === null)).toBe(
      true,
    );
  });
});

describe("breakdowns", () => {
  test("conversion rate = converted / all leads; average cycle over won only", () => {
    const b = book({
      leads: [
        lead({
          leadId: "1",
          industry: "IT",
          owner: "王芳",
          budget: "50万以上",
          urgency: "1个月内",
          decisionAccess: "已对接决策者",
          companySize: "年营收5亿以上",
        }),
        lead({ leadId: "2", industry: "IT", owner: "王芳", status: "无效" }),
        lead({ leadId: "3", industry: "医疗", owner: "李强", gradeOverride: "D" }),
        lead({ leadId: "4", industry: "IT", owner: "" }),
      ],
      conversion: [
        conv({ leadId: "1", result: "成功", createdAt: d(2024, 5, 1), closedAt: d(2024, 5, 11), amount: 1 }),
        conv({ leadId: "2", result: "成功", createdAt: d(2024, 5, 1), closedAt: d(2024, 5, 31), amount: 1 }),
        conv({ leadId: "3", result: "失败", createdAt: d(2024, 5, 1), closedAt: d(2024, 5, 9) }),
      ],
    });
    const r = computeReview(b, zh, { period: { kind: "all" }, asOf });
    const it = r.byIndustry.find((x) => x.value === "IT")!;
    expect(it).toMatchObject({ leads: 3, converted: 2, avgCycleDays: 20 });
    expect(it.conversionRate).toBeCloseTo(2 / 3, 12);
    expect(r.byIndustry.find((x) => x.value === "医疗")).toMatchObject({
      leads: 1,
      converted: 0,
      conversionRate: 0,
      avgCycleDays: null,
    });
    expect(r.byIndustry.find((x) => x.value === "金融")).toMatchObject({ leads: 0, conversionRate: null });
    expect(r.byOwner.map((x) => [x.value, x.leads, x.converted])).toEqual([
      ["王芳", 2, 2],
      ["李强", 1, 0],
      ["(未填)", 1, 0],
    ]);
    expect(r.byGrade.map((x) => [x.value, x.leads])).toEqual([
      ["A", 1],
      ["B", 2],
      ["C", 0],
      ["D", 1],
    ]);
    expect(r.bySource.find((x) => x.value === "展会推荐")).toMatchObject({
      leads: 4,
      converted: 2,
      conversionRate: 0.5,
    });
  });
});

describe("sales review", () => {
  test("seed 002: team 2024-Q2 new customers 12 of target 15 → 80 %; owner amount 4,800,000 of 5,000,000 → 96 %", () => {
    const carried = new Map([
      [salesKey("2024-Q2", "团队", "newCustomers"), { target: 15, wins: "展会跟进及时" }],
      [salesKey("2024-Q2", "王芳", "amount"), { target: 5_000_000, actions: "=不是公式" }],
    ]);
    const r = computeReview(seedChannelBook(), zh, { period: Q2, asOf, carried });
    const teamNew = r.sales.find((s) => s.isTeam && s.metric === "newCustomers")!;
    expect(teamNew).toMatchObject({
      period: "2024-Q2",
      dimension: "团队",
      metricLabel: "新签客户数",
      target: 15,
      actual: 12,
      achievement: 0.8,
      wins: "展会跟进及时",
    });
    expect(teamNew.conversionRate).toBe(0.15);
    expect(teamNew.avgDeal).toBe(480000);
    const ownerAmount = r.sales.find((s) => s.dimension === "王芳" && s.metric === "amount")!;
    expect(ownerAmount).toMatchObject({
      target: 5_000_000,
      actual: 4_800_000,
      achievement: 0.96,
      actions: "=不是公式",
    });
    const other = r.sales.find((s) => s.dimension === "李强" && s.metric === "newCustomers")!;
    expect(other).toMatchObject({ actual: 2, target: null, achievement: null });
  });
  test("won deals count in the period they closed in; extra periods are computed too", () => {
    const b = book({
      leads: [lead({ leadId: "1", createdAt: d(2024, 3, 20) }), lead({ leadId: "2", createdAt: d(2024, 4, 2) })],
      conversion: [
        conv({ leadId: "1", result: "成功", createdAt: d(2024, 3, 20), closedAt: d(2024, 4, 5), amount: 100 }),
        conv({ leadId: "2", result: "成功", createdAt: d(2024, 4, 2), closedAt: d(2024, 7, 1), amount: 50 }),
      ],
    });
    const r = computeReview(b, zh, {
      period: Q2,
      asOf,
      salesPeriods: [{ kind: "quarter", year: 2024, quarter: 3 }, Q2],
    });
    const team = (p: string, m: string) => r.sales.find((s) => s.period === p && s.isTeam && s.metric === m)!;
    expect(team("2024-Q2", "amount")).toMatchObject({ actual: 100, avgCycleDays: 16 });
    expect(team("2024-Q2", "amount").conversionRate).toBe(1); // lead 2 (created in Q2) is won
    expect(team("2024-Q3", "amount")).toMatchObject({ actual: 50, avgCycleDays: 90, conversionRate: null });
    expect(r.sales.filter((s) => s.period === "2024-Q2").length).toBe(4); // duplicates of a period are dropped
  });
});

describe("due list", () => {
  test("ties on days overdue and grade keep the order of the Leads sheet, whatever the IDs", () => {
    const b = book({
      leads: [
        lead({ leadId: "Z-first", gradeOverride: "B", createdAt: d(2024, 6, 1) }),
        lead({ leadId: "A-second", gradeOverride: "B", createdAt: d(2024, 6, 1) }),
        lead({ leadId: "M-third", gradeOverride: "B", createdAt: d(2024, 6, 1) }),
        lead({ leadId: "no-date", gradeOverride: "A", status: "休眠", createdAt: null }),
        lead({ leadId: "A-more", gradeOverride: "D", createdAt: d(2024, 5, 1) }),
      ],
    });
    const due = computeReview(b, zh, { period: { kind: "all" }, asOf }).due;
    expect(due.map((r) => r.leadId)).toEqual(["A-more", "Z-first", "A-second", "M-third", "no-date"]);
  });

  test("overdue then due today, by days overdue, grade, sheet order; then dormant; closed leads never", () => {
    const b = book({
      leads: [
        lead({ leadId: "C-late", gradeOverride: "C", createdAt: d(2024, 6, 1) }), // due 06-08, 22 days
        lead({ leadId: "B-late", gradeOverride: "B", createdAt: d(2024, 6, 5) }), // due 06-08, 22 days
        lead({ leadId: "A-today", gradeOverride: "A", createdAt: d(2024, 6, 29) }), // due 06-30, 0 days
        lead({ leadId: "A-fresh", gradeOverride: "A", createdAt: d(2024, 6, 30) }), // due 07-01: not due
        lead({ leadId: "Z-dormant", status: "休眠", createdAt: d(2024, 6, 29) }),
        lead({ leadId: "won", status: "已成交", createdAt: d(2024, 1, 1) }),
        lead({ leadId: "A-worse", gradeOverride: "A", createdAt: d(2024, 6, 1), phone: "010-12345678" }), // due 06-02, 28 days
      ],
      followUps: [fu({ leadId: "A-worse", at: d(2024, 6, 1, 10), nextStep: "回电" })],
    });
    const due = computeReview(b, zh, { period: { kind: "all" }, asOf }).due;
    expect(due.map((r) => r.leadId)).toEqual(["A-worse", "B-late", "C-late", "A-today", "Z-dormant"]);
    expect(due[0]).toMatchObject({
      daysOverdue: 28,
      alert: "逾期 28 天",
      nextStep: "回电",
      phone: "010-12345678",
      grade: "A",
    });
    expect(due[3]).toMatchObject({ daysOverdue: 0, alert: "" });
    expect(due[4]).toMatchObject({ dormant: true, alert: "休眠" });
    const hidden = computeReview(b, { ...zh, hideContacts: true }, { period: { kind: "all" }, asOf }).due;
    expect(hidden.every((r) => r.phone === "")).toBe(true);
  });
});

describe("computeAll", () => {
  /** What Refresh copies into Conversion row i from its lead. */
  const copies = (b: LeadBook, all: ComputeAllResult, i: number) => {
    const l = conversionSource(b, all, i);
    return l && { source: l.source, industry: l.industry, owner: l.owner, createdAt: l.createdAt };
  };

  test("fills blank stage dates, then computes stage days and stage-since on the filled dates", () => {
    const b = book({
      leads: [lead({ leadId: "L-1", stage: "需求挖掘", createdAt: d(2024, 5, 1, 9) })],
      followUps: [fu({ at: d(2024, 5, 2, 15), stage: "初步接洽" }), fu({ at: d(2024, 5, 6, 10), stage: "需求挖掘" })],
      conversion: [conv({ leadId: "L-1", stageAt: [d(2024, 5, 1), null, null, null, null], createdAt: null })],
    });
    const all = computeAll(b, zh, { period: { kind: "all" }, asOf: d(2024, 5, 7) });
    expect(all.stageFills).toEqual([
      { conversionRow: b.conversion[0].row, index: 0, stageIndex: 1, value: d(2024, 5, 6) },
    ]);
    expect(all.stageAt[0]).toEqual([d(2024, 5, 1), d(2024, 5, 6), null, null, null]);
    // The filled dates are the result's own: the book keeps what was typed.
    expect(b.conversion[0].stageAt).toEqual([d(2024, 5, 1), null, null, null, null]);
    expect(conversionColumnsAt(all.conversion, 0).stageDays).toEqual([5, null, null, null]);
    expect(activityOf(all.activity, 0).stageSince).toBe(d(2024, 5, 6));
    expect(copies(b, all, 0)).toEqual({
      source: "展会推荐",
      industry: "制造业",
      owner: "王芳",
      createdAt: d(2024, 5, 1, 9),
    });
    expect(all.leads.nextDue[0]).toBe(d(2024, 5, 9)); // grade B: 05-06 + 3
    expect(b.conversion[0].stageAt[1]).toBeNull(); // the input book is not changed
  });
  test("the cycle uses the created date synced from Leads", () => {
    const b = book({
      leads: [lead({ leadId: "L-1", createdAt: d(2024, 5, 1, 9) })],
      conversion: [
        conv({ leadId: "L-1", createdAt: null, result: "成功", closedAt: d(2024, 5, 25), amount: 1 }),
        conv({ leadId: "gone", result: "成功", createdAt: d(2024, 5, 5), closedAt: d(2024, 5, 25) }),
      ],
    });
    const all = computeAll(b, zh, { period: { kind: "all" }, asOf: d(2024, 6, 1) });
    expect(all.conversion.cycleDays).toEqual([24, 20]);
    expect(copies(b, all, 1)).toBeNull();
  });
  test("ratio never returns NaN or Infinity", () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(NaN, 2)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });
  test("review text is the workbook's own: every channel row keeps its fields", () => {
    const r = computeReview(seedChannelBook(), en, { period: Q2, asOf });
    const keys: (keyof ChannelRow)[] = [
      "channel",
      "leads",
      "valid",
      "converted",
      "conversionRate",
      "avgDeal",
      "cost",
      "costPerLead",
      "roi",
      "grade",
    ];
    for (const row of r.channels) for (const k of keys) expect(row).toHaveProperty(k);
    expect(r.period).toBe("2024-Q2");
  });
});
