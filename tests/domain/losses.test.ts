import { computeLosses, computeReview } from "../../src/domain/engine";
import type { Lead, LeadBook, PeriodFilter } from "../../src/domain/model";
import { book, conv, d, en, lead, zh } from "../support/engineCases";

const ALL: PeriodFilter = { kind: "all" };
const asOf = d(2024, 6, 30);

/** A lead at a stage with its Conversion row: "won", "lost" (with a reason, maybe blank) or open. */
function at(id: string, stage: string, outcome: "won" | "lost" | "open", reason = "", p: Partial<Lead> = {}) {
  return {
    lead: lead({
      leadId: id,
      stage,
      status: outcome === "won" ? "已成交" : outcome === "lost" ? "已流失" : "跟进中",
      ...p,
    }),
    row: conv({
      leadId: id,
      result: outcome === "won" ? "成功" : outcome === "lost" ? "失败" : "",
      closedAt: outcome === "open" ? null : d(2024, 6, 1),
      lossReason: reason,
    }),
  };
}

function bookOf(items: ReturnType<typeof at>[]): LeadBook {
  return book({ leads: items.map((x) => x.lead), conversion: items.map((x) => x.row) });
}

describe("computeLosses", () => {
  test("empty book: every stage with nothing lost, no rows", () => {
    const r = computeLosses(book(), zh, { period: ALL, asOf });
    expect(r.rows).toEqual([]);
    expect(r.stages).toHaveLength(5);
    expect(r.stages[0]).toEqual({
      stage: 1,
      stageName: "初步接洽",
      entered: 0,
      lost: 0,
      lossRate: null,
      mainReason: null,
      mainReasonNone: false,
      mainReasonCount: 0,
      mainReasonShare: null,
    });
  });

  test("one lead lost at stage 2 with a reason: 100 % of the stage's losses, stage loss rate 1/1", () => {
    const r = computeLosses(bookOf([at("L-1", "需求挖掘", "lost", "预算不足")]), zh, { period: ALL, asOf });
    expect(r.rows).toEqual([
      {
        stage: 2,
        stageName: "需求挖掘",
        reason: "预算不足",
        noReason: false,
        count: 1,
        share: 1,
        stageLossRate: 1,
        main: true,
      },
    ]);
    expect(r.stages[0]).toMatchObject({ entered: 1, lost: 0, lossRate: 0 });
    expect(r.stages[1]).toMatchObject({ entered: 1, lost: 1, lossRate: 1, mainReason: "预算不足", mainReasonShare: 1 });
  });

  test("hand-computed mix: shares within the stage, rate over leads that reached it, main reason, no reason", () => {
    // Reached: stage 1 ← 7 leads, 2 ← 6, 3 ← 5 (L1–L5), 4 ← 4 (L1, L2, L3, L5), 5 ← 1 (L5).
    const b = bookOf([
      at("L1", "商务谈判", "lost", "预算不足"),
      at("L2", "商务谈判", "lost", "选择竞品"),
      at("L3", "商务谈判", "lost", "选择竞品"),
      at("L4", "方案呈现", "lost", ""),
      at("L5", "成交维护", "won"),
      at("L6", "初步接洽", "open"),
      at("L7", "需求挖掘", "open"),
    ]);
    const r = computeLosses(b, zh, { period: ALL, asOf });
    expect(r.rows).toEqual([
      {
        stage: 3,
        stageName: "方案呈现",
        reason: "未填写原因",
        noReason: true,
        count: 1,
        share: 1,
        stageLossRate: 1 / 5,
        main: true,
      },
      {
        stage: 4,
        stageName: "商务谈判",
        reason: "预算不足",
        noReason: false,
        count: 1,
        share: 1 / 3,
        stageLossRate: 3 / 4,
        main: false,
      },
      {
        stage: 4,
        stageName: "商务谈判",
        reason: "选择竞品",
        noReason: false,
        count: 2,
        share: 2 / 3,
        stageLossRate: 3 / 4,
        main: true,
      },
    ]);
    expect(r.stages.map((s) => [s.entered, s.lost])).toEqual([
      [7, 0],
      [6, 0],
      [5, 1],
      [4, 3],
      [1, 0],
    ]);
    expect(r.stages[2]).toMatchObject({ mainReason: "未填写原因", mainReasonNone: true, mainReasonCount: 1 });
    expect(r.stages[3]).toMatchObject({ mainReason: "选择竞品", mainReasonCount: 2, mainReasonShare: 2 / 3 });
    // The stage loss rate is the funnel's loss rate.
    const funnel = computeReview(b, zh, { period: ALL, asOf }).funnel;
    expect(r.stages.map((s) => s.lossRate)).toEqual(funnel.map((f) => f.lossRate));
  });

  test("a stated reason is the main reason even when more losses have none; ties go to the Settings order", () => {
    const r = computeLosses(
      bookOf([
        at("L1", "需求挖掘", "lost", ""),
        at("L2", "需求挖掘", "lost", ""),
        at("L3", "需求挖掘", "lost", "选择竞品"),
        at("L4", "需求挖掘", "lost", "预算不足"),
      ]),
      zh,
      { period: ALL, asOf },
    );
    expect(r.stages[1]).toMatchObject({ lost: 4, mainReason: "预算不足", mainReasonCount: 1, mainReasonShare: 1 / 4 });
    expect(r.rows.map((x) => [x.reason, x.count, x.main])).toEqual([
      ["预算不足", 1, true],
      ["选择竞品", 1, false],
      ["未填写原因", 2, false],
    ]);
  });

  test("all lost, a reason outside Settings, an unknown stage, English labels", () => {
    const r = computeLosses(
      bookOf([
        at("L1", "Initial contact", "lost", "Moved abroad", { status: "Lost" }),
        at("L2", "", "lost", "", { status: "Lost" }),
      ]),
      // The Conversion rows carry the Chinese results: English Settings that list them as results.
      {
        ...en,
        lists: {
          ...en.lists,
          result: [
            { value: "失败", role: "lost" },
            { value: "成功", role: "won" },
          ],
        },
      },
      { period: ALL, asOf },
    );
    expect(r.rows).toEqual([
      {
        stage: 1,
        stageName: "Initial contact",
        reason: "Moved abroad",
        noReason: false,
        count: 1,
        share: 1,
        stageLossRate: 1,
        main: true,
      },
      {
        stage: null,
        stageName: "(blank)",
        reason: "No reason given",
        noReason: true,
        count: 1,
        share: 1,
        stageLossRate: null,
        main: true,
      },
    ]);
    expect(r.stages).toHaveLength(6);
    expect(r.stages[5]).toMatchObject({
      stage: null,
      lost: 1,
      entered: 0,
      lossRate: null,
      mainReason: "No reason given",
    });
  });

  test("no closed leads: stages reached, nothing lost; the period filters by creation date", () => {
    const b = bookOf([
      at("L1", "方案呈现", "open"),
      at("L2", "商务谈判", "lost", "预算不足", { createdAt: d(2024, 3, 1) }),
    ]);
    const r = computeLosses(b, zh, { period: { kind: "month", year: 2024, month: 5 }, asOf });
    expect(r.period).toBe("2024-05");
    expect(r.rows).toEqual([]);
    expect(r.stages.map((s) => s.entered)).toEqual([1, 1, 1, 0, 0]);
    expect(r.stages.every((s) => s.lost === 0 && s.mainReason === null)).toBe(true);
    const week = computeLosses(b, zh, { period: { kind: "week", year: 2024, week: 9 }, asOf });
    expect(week.period).toBe("2024-W09"); // 2024-03-01 is in 2024-W09
    expect(week.rows.map((x) => x.reason)).toEqual(["预算不足"]);
  });
});
