import { computeReview, computeTrend, periodFigures } from "../../src/domain/engine";
import type { ConversionRow, Lead, LeadBook } from "../../src/domain/model";
import { book, conv, d, lead, zh } from "../support/engineCases";

const asOf = d(2024, 6, 30);

function item(
  id: string,
  created: number | null,
  status: string,
  c: Partial<ConversionRow> = {},
  p: Partial<Lead> = {},
) {
  return {
    lead: lead({ leadId: id, createdAt: created, status, ...p }),
    row: conv({ leadId: id, createdAt: created, ...c }),
  };
}
const bookOf = (xs: ReturnType<typeof item>[]): LeadBook =>
  book({ leads: xs.map((x) => x.lead), conversion: xs.map((x) => x.row) });

const zero = { newLeads: 0, valid: 0, won: 0, conversionRate: null, wonAmount: 0, avgCycleDays: null };

describe("computeTrend", () => {
  test("empty book: 12 months ending with the as-of month, all zero", () => {
    const t = computeTrend(book(), zh, { asOf });
    expect(t.granularity).toBe("month");
    expect(t.rows.map((r) => r.period)).toEqual([
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
    ]);
    expect(t.rows[11]).toEqual({ period: "2024-06", from: d(2024, 6, 1), to: d(2024, 7, 1), ...zero });
  });

  test("hand-computed months: valid, won (valid only), rate, amount, cycle; out-of-range and undated leads left out", () => {
    const b = bookOf([
      item("A", d(2024, 4, 10), "已成交", { result: "成功", closedAt: d(2024, 5, 10), amount: 100000 }),
      item("B", d(2024, 4, 20), "无效"),
      item("C", d(2024, 5, 5), "已成交", { result: "成功", closedAt: d(2024, 5, 25), amount: null }),
      item("D", d(2024, 5, 6), "已流失", { result: "失败", closedAt: d(2024, 6, 1) }),
      item("E", d(2024, 3, 31, 23, 59), "跟进中"),
      item("F", d(2024, 6, 30, 23), "跟进中"),
      item("G", null, "跟进中"),
    ]);
    const t = computeTrend(b, zh, { asOf, count: 3 });
    expect(t.rows).toEqual([
      {
        period: "2024-04",
        from: d(2024, 4, 1),
        to: d(2024, 5, 1),
        newLeads: 2,
        valid: 1,
        won: 1,
        conversionRate: 1,
        wonAmount: 100000,
        avgCycleDays: 30,
      },
      {
        period: "2024-05",
        from: d(2024, 5, 1),
        to: d(2024, 6, 1),
        newLeads: 2,
        valid: 2,
        won: 1,
        conversionRate: 0.5,
        wonAmount: 0,
        avgCycleDays: 20,
      },
      {
        period: "2024-06",
        from: d(2024, 6, 1),
        to: d(2024, 7, 1),
        newLeads: 1,
        valid: 1,
        won: 0,
        conversionRate: 0,
        wonAmount: 0,
        avgCycleDays: null,
      },
    ]);
    // The same figures as ReviewChannels' total row for that month.
    const total = computeReview(b, zh, { period: { kind: "month", year: 2024, month: 4 }, asOf }).channels.at(-1)!;
    expect([total.leads, total.valid, total.converted, total.conversionRate]).toEqual([2, 1, 1, 1]);
    // periodFigures gives one period's row; all time counts every lead, undated ones too.
    expect(periodFigures(b, zh, { kind: "month", year: 2024, month: 5 }, asOf)).toEqual({
      newLeads: 2,
      valid: 2,
      won: 1,
      conversionRate: 0.5,
      wonAmount: 0,
      avgCycleDays: 20,
    });
    expect(periodFigures(b, zh, { kind: "all" }, asOf)).toMatchObject({
      newLeads: 7,
      valid: 6,
      won: 2,
      wonAmount: 100000,
      avgCycleDays: 25,
    });
  });

  test("weeks and quarters", () => {
    const b = bookOf([
      item("A", d(2024, 6, 24), "跟进中"), // Monday of 2024-W26
      item("B", d(2024, 6, 23), "跟进中"), // Sunday of 2024-W25
      item("C", d(2024, 1, 2), "跟进中"),
    ]);
    const w = computeTrend(b, zh, { asOf, granularity: "week", count: 2 });
    expect(w.rows.map((r) => [r.period, r.newLeads])).toEqual([
      ["2024-W25", 1],
      ["2024-W26", 1],
    ]);
    const q = computeTrend(b, zh, { asOf, granularity: "quarter", count: 2 });
    expect(q.rows.map((r) => [r.period, r.newLeads])).toEqual([
      ["2024-Q1", 1],
      ["2024-Q2", 2],
    ]);
  });

  test("one lead; all lost; no closed leads", () => {
    const one = computeTrend(bookOf([item("A", d(2024, 6, 1), "跟进中")]), zh, { asOf, count: 1 });
    expect(one.rows).toEqual([
      { period: "2024-06", from: d(2024, 6, 1), to: d(2024, 7, 1), ...zero, newLeads: 1, valid: 1, conversionRate: 0 },
    ]);
    const lost = computeTrend(
      bookOf([
        item("A", d(2024, 6, 1), "已流失", { result: "失败", closedAt: d(2024, 6, 5) }),
        item("B", d(2024, 6, 2), "已流失", { result: "失败", closedAt: d(2024, 6, 5) }),
      ]),
      zh,
      { asOf, count: 1 },
    );
    expect(lost.rows[0]).toMatchObject({
      newLeads: 2,
      valid: 2,
      won: 0,
      conversionRate: 0,
      wonAmount: 0,
      avgCycleDays: null,
    });
  });
});
