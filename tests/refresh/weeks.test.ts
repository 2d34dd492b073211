/**
 * Weekly review periods (issue 14 item 1) in the engine and the plan: channel
 * costs split by days, sales rows of a week, targets typed against a week
 * carried to the next refresh. Every figure below is worked out by hand.
 */
import { computeReview } from "../../src/domain/engine/review";
import { costShare, type Period } from "../../src/domain/parse/periods";
import { readCarried } from "../../src/domain/plan/refresh";
import { SALES_COLUMNS } from "../../src/domain/engine/columns";
import type { TableData } from "../../src/workbook/port";
import { book, conv, cost, d, lead, zh } from "../support/engineCases";

const W23: Period = { kind: "week", year: 2024, week: 23 }; // Mon 2024-06-03 .. Sun 2024-06-09
const W22: Period = { kind: "week", year: 2024, week: 22 }; // Mon 2024-05-27 .. Sun 2024-06-02

describe("channel cost under a week: the share of its month or quarter by days", () => {
  test("a week inside one month takes 7 / days-in-month of the month's cost", () => {
    // June has 30 days: 7/30 of June's cost counts in 2024-W23.
    expect(costShare({ kind: "month", year: 2024, month: 6 }, W23)).toBeCloseTo(7 / 30, 12);
    // Nothing of May's cost.
    expect(costShare({ kind: "month", year: 2024, month: 5 }, W23)).toBe(0);
  });

  test("a week across two months takes each month's share by its days", () => {
    // 2024-W22: 27..31 May (5 days of 31) and 1..2 June (2 days of 30).
    expect(costShare({ kind: "month", year: 2024, month: 5 }, W22)).toBeCloseTo(5 / 31, 12);
    expect(costShare({ kind: "month", year: 2024, month: 6 }, W22)).toBeCloseTo(2 / 30, 12);
  });

  test("a quarter's cost: 7 / days-in-quarter", () => {
    // Q2 2024 = 30 + 31 + 30 = 91 days.
    expect(costShare({ kind: "quarter", year: 2024, quarter: 2 }, W23)).toBeCloseTo(7 / 91, 12);
    // 2024-W27 (1..7 July) lies in Q3 (92 days), not Q2.
    const w27: Period = { kind: "week", year: 2024, week: 27 };
    expect(costShare({ kind: "quarter", year: 2024, quarter: 2 }, w27)).toBe(0);
    expect(costShare({ kind: "quarter", year: 2024, quarter: 3 }, w27)).toBeCloseTo(7 / 92, 12);
  });
});

describe("computeReview for a week", () => {
  const b = book({
    leads: [
      lead({ leadId: "A", createdAt: d(2024, 6, 3, 9), source: "展会推荐", status: "已成交", owner: "王芳" }),
      lead({ leadId: "B", createdAt: d(2024, 6, 9, 18), source: "展会推荐", owner: "王芳" }),
      lead({ leadId: "C", createdAt: d(2024, 6, 10, 9), source: "展会推荐", owner: "王芳" }), // next week
      lead({ leadId: "D", createdAt: d(2024, 6, 2, 9), source: "展会推荐", owner: "王芳" }), // last week
    ],
    conversion: [
      conv({
        leadId: "A",
        result: "成功",
        closedAt: d(2024, 6, 7),
        amount: 30000,
        stageAt: [d(2024, 6, 3), null, null, null, null],
      }),
    ],
    channelCosts: [cost("展会推荐", "2024-06", 30000), cost("展会推荐", "2024-Q2", 91000)],
  });
  const r = computeReview(b, zh, { period: W23, asOf: d(2024, 6, 9) });

  test("scope: leads created Monday to Sunday; the label is the ISO week", () => {
    expect(r.period).toBe("2024-W23");
    const trade = r.channels.find((c) => c.source === "展会推荐")!;
    expect(trade.leads).toBe(2);
    expect(trade.converted).toBe(1);
    // Cost: 30,000 × 7/30 + 91,000 × 7/91 = 7,000 + 7,000 = 14,000.
    expect(trade.cost).toBeCloseTo(14000, 6);
    // 2 valid leads: 7,000 per lead; average deal 30,000; ROI (30,000 − 7,000) / 7,000.
    expect(trade.costPerLead).toBeCloseTo(7000, 6);
    expect(trade.roi).toBeCloseTo(23000 / 7000, 9);
  });

  test("sales rows of the week: won and closed in the week", () => {
    const team = r.sales.filter((s) => s.isTeam);
    expect(team.map((s) => [s.period, s.metric, s.actual])).toEqual([
      ["2024-W23", "newCustomers", 1],
      ["2024-W23", "amount", 30000],
    ]);
  });
});

describe("targets typed against a weekly period are carried", () => {
  function salesTable(rows: Record<string, unknown>[]): TableData {
    const headers = SALES_COLUMNS.map((c) => c.header.zh);
    return {
      table: { name: "ReviewSales", sheet: "销售效果评估", address: "A6:M9", headers, rowCount: rows.length },
      firstRow: 7,
      values: rows.map((r) => SALES_COLUMNS.map((c) => (r[c.key] ?? null) as never)),
    };
  }
  test("a week row with a target is read back under its week and computed again", () => {
    const t = salesTable([
      { period: "2024-W22", dimension: "王芳", metricLabel: "新签客户数", target: 3 },
      { period: "2024-W23", dimension: "王芳", metricLabel: "销售额", target: 50000 },
    ]);
    const { carried, periods } = readCarried(t, W23, "zh-CN");
    expect(carried.get("2024-W22|王芳|newCustomers")).toMatchObject({ target: 3 });
    expect(carried.get("2024-W23|王芳|amount")).toMatchObject({ target: 50000 });
    expect(periods).toEqual([W22]);
  });
});
