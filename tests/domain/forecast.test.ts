import { budgetMidpoints, computeForecast, leadAmount, weightedBetween } from "../../src/domain/engine";
import type { ConversionRow, Lead, LeadBook } from "../../src/domain/model";
import { forecastDefaults } from "../../src/domain/settings/defaults";
import { book, conv, d, en, lead, zh } from "../support/engineCases";

const asOf = d(2024, 6, 30);

function item(id: string, p: Partial<Lead>, c: Partial<ConversionRow> = {}) {
  return { lead: lead({ leadId: id, ...p }), row: conv({ leadId: id, ...c }) };
}
const bookOf = (xs: ReturnType<typeof item>[]): LeadBook =>
  book({ leads: xs.map((x) => x.lead), conversion: xs.map((x) => x.row) });

describe("leadAmount and the Settings forecast lists", () => {
  test("deal amount when known (0 included), else the budget midpoint, else null", () => {
    const mids = budgetMidpoints(zh);
    expect(leadAmount("20-50万", 500000, mids)).toBe(500000);
    expect(leadAmount("20-50万", 0, mids)).toBe(0);
    expect(leadAmount("20-50万", null, mids)).toBe(350000);
    expect(leadAmount(" 50万以上 ", Number.NaN, mids)).toBe(750000);
    expect(leadAmount("20万以下", undefined, mids)).toBe(100000);
    expect(leadAmount("未明确", null, mids)).toBeNull();
    expect(leadAmount("", null, mids)).toBeNull();
  });

  test("defaults follow the Settings lists by position, in either locale; typed lists win", () => {
    expect(forecastDefaults(en)).toEqual({
      stageProbabilities: [
        { stage: "Initial contact", probability: 0.1 },
        { stage: "Needs discovery", probability: 0.2 },
        { stage: "Proposal", probability: 0.4 },
        { stage: "Negotiation", probability: 0.7 },
        { stage: "Won & account care", probability: 0.9 },
      ],
      budgetMidpoints: [
        { budget: "500k or more", midpoint: 750000 },
        { budget: "200k-500k", midpoint: 350000 },
        { budget: "Under 200k", midpoint: 100000 },
      ],
    });
    const typed = { ...zh, stageProbabilities: [{ stage: "初步接洽", probability: 0.05 }], budgetMidpoints: [] };
    expect(forecastDefaults(typed)).toEqual({
      stageProbabilities: [{ stage: "初步接洽", probability: 0.05 }],
      budgetMidpoints: [],
    });
  });
});

describe("computeForecast", () => {
  test("empty book: every stage on the Settings probability, no rows", () => {
    const f = computeForecast(book(), zh, asOf);
    expect(f.byMonth).toEqual([]);
    expect(f.byOwner).toEqual([]);
    expect(f.total).toEqual({ openLeads: 0, pipeline: 0, weighted: 0, unpriced: 0, fromHistory: 0, fromSettings: 0 });
    expect(f.stages.map((s) => [s.stageName, s.probability, s.source, s.sourceLabel])).toEqual([
      ["初步接洽", 0.1, "settings", "设置概率"],
      ["需求挖掘", 0.2, "settings", "设置概率"],
      ["方案呈现", 0.4, "settings", "设置概率"],
      ["商务谈判", 0.7, "settings", "设置概率"],
      ["成交维护", 0.9, "settings", "设置概率"],
    ]);
  });

  test("hand-computed: by month (no-date row last), by owner, fallback probabilities below 20 closed leads", () => {
    const b = bookOf([
      // 方案呈现 0.4 × midpoint 350000 = 140000
      item("O1", { stage: "方案呈现", budget: "20-50万", expectedClose: d(2024, 7, 15), owner: "王芳" }),
      // 商务谈判 0.7 × deal amount 500000 = 350000
      item("O2", { stage: "商务谈判", expectedClose: d(2024, 7, 1), owner: "李强" }, { amount: 500000 }),
      // no amount at all: counted, unpriced
      item("O3", { stage: "初步接洽", budget: "未明确", expectedClose: null, owner: "王芳" }),
      // unknown stage counts as stage 1: 0.1 × 100000 = 10000
      item("O4", { stage: "", budget: "20万以下", expectedClose: d(2024, 8, 31), owner: "" }),
      item("W1", { stage: "成交维护", status: "已成交" }, { result: "成功", amount: 900000 }),
      item("L1", { stage: "商务谈判", status: "已流失" }, { result: "失败" }),
    ]);
    const f = computeForecast(b, zh, asOf);
    const base = { fromHistory: 0 };
    expect(f.byMonth).toEqual([
      {
        month: "2024-07",
        label: "2024-07",
        from: d(2024, 7, 1),
        openLeads: 2,
        pipeline: 850000,
        weighted: 490000,
        unpriced: 0,
        fromSettings: 2,
        ...base,
      },
      {
        month: "2024-08",
        label: "2024-08",
        from: d(2024, 8, 1),
        openLeads: 1,
        pipeline: 100000,
        weighted: 10000,
        unpriced: 0,
        fromSettings: 1,
        ...base,
      },
      {
        month: "",
        label: "(无日期)",
        from: null,
        openLeads: 1,
        pipeline: 0,
        weighted: 0,
        unpriced: 1,
        fromSettings: 1,
        ...base,
      },
    ]);
    expect(f.byOwner.map((r) => [r.label, r.openLeads, r.pipeline, r.weighted, r.unpriced])).toEqual([
      ["王芳", 2, 350000, 140000, 1],
      ["李强", 1, 500000, 350000, 0],
      ["(未填)", 1, 100000, 10000, 0],
    ]);
    expect(f.total).toMatchObject({ openLeads: 4, pipeline: 950000, weighted: 500000, unpriced: 1 });
    // History: W1 reached stage 5 (won), L1 stage 4 (lost).
    expect(f.stages.map((s) => [s.closedReached, s.wonReached, s.historicalRate, s.source, s.openLeads])).toEqual([
      [2, 1, 0.5, "settings", 2],
      [2, 1, 0.5, "settings", 0],
      [2, 1, 0.5, "settings", 1],
      [2, 1, 0.5, "settings", 1],
      [1, 1, 1, "settings", 0],
    ]);
    // The next three months from July: July and August, not the no-date row.
    expect(weightedBetween(f, d(2024, 7, 1), d(2024, 10, 1))).toBe(500000);
    expect(weightedBetween(f, d(2024, 8, 1), d(2024, 9, 1))).toBe(10000);
  });

  test("20 closed leads reached a stage: its own win rate weighs; below, Settings; no Settings entry: none", () => {
    const xs = [];
    for (let i = 0; i < 5; i++) xs.push(item(`W${i}`, { stage: "成交维护", status: "已成交" }, { result: "成功" }));
    for (let i = 0; i < 15; i++) xs.push(item(`L${i}`, { stage: "商务谈判", status: "已流失" }, { result: "失败" }));
    xs.push(item("O", { stage: "商务谈判", expectedClose: d(2024, 7, 2), owner: "王芳" }, { amount: 400000 }));
    const f = computeForecast(bookOf(xs), zh, asOf);
    // Stages 1–4: 20 closed reached, 5 won → 25 % from history; stage 5: 5 closed → Settings 0.9.
    expect(f.stages.map((s) => [s.closedReached, s.probability, s.source])).toEqual([
      [20, 0.25, "history"],
      [20, 0.25, "history"],
      [20, 0.25, "history"],
      [20, 0.25, "history"],
      [5, 0.9, "settings"],
    ]);
    expect(f.byMonth).toEqual([
      {
        month: "2024-07",
        label: "2024-07",
        from: d(2024, 7, 1),
        openLeads: 1,
        pipeline: 400000,
        weighted: 100000,
        unpriced: 0,
        fromHistory: 1,
        fromSettings: 0,
      },
    ]);
    const none = computeForecast(bookOf(xs.slice(5)), { ...zh, stageProbabilities: [] }, asOf);
    // 15 closed reached stage 4: too few, and the typed list is empty → weight 0, source none.
    expect(none.stages[3]).toMatchObject({
      closedReached: 15,
      historicalRate: 0,
      probability: 0,
      source: "none",
      sourceLabel: "无",
    });
    expect(none.total).toMatchObject({ openLeads: 1, pipeline: 400000, weighted: 0, fromHistory: 0, fromSettings: 0 });
  });

  test("one lead; all lost; no closed leads; team members without open leads keep their row", () => {
    const one = computeForecast(
      bookOf([item("O", { stage: "需求挖掘", budget: "50万以上", expectedClose: null })]),
      zh,
      asOf,
    );
    expect(one.byMonth).toEqual([
      {
        month: "",
        label: "(无日期)",
        from: null,
        openLeads: 1,
        pipeline: 750000,
        weighted: 150000,
        unpriced: 0,
        fromHistory: 0,
        fromSettings: 1,
      },
    ]);
    const lost = computeForecast(
      bookOf([
        item("A", { status: "已流失" }, { result: "失败" }),
        item("B", { status: "已流失" }, { result: "失败" }),
      ]),
      { ...zh, lists: { ...zh.lists, team: [{ value: "赵敏" }] } },
      asOf,
    );
    expect(lost.byMonth).toEqual([]);
    expect(lost.byOwner).toEqual([
      {
        owner: "赵敏",
        label: "赵敏",
        openLeads: 0,
        pipeline: 0,
        weighted: 0,
        unpriced: 0,
        fromHistory: 0,
        fromSettings: 0,
      },
    ]);
    expect(lost.stages[0]).toMatchObject({ closedReached: 2, wonReached: 0, historicalRate: 0, source: "settings" });
  });
});
