import { computeScoringReview, countGradeChanges, suggestedSettings } from "../../src/domain/engine";
import type { ConversionRow, Lead, LeadBook } from "../../src/domain/model";
import { book, conv, d, en, lead, zh } from "../support/engineCases";

const asOf = d(2024, 6, 30);

/** A closed lead created 2024-04-01; won ones close after `cycle` days. The fixture lead scores budget + 15 + 15 + 12. */
function closed(id: string, budget: string, won: boolean, cycle: number, p: Partial<Lead> = {}) {
  const created = d(2024, 4, 1);
  return {
    lead: lead({ leadId: id, budget, status: won ? "已成交" : "已流失", createdAt: created, ...p }),
    row: conv({ leadId: id, createdAt: created, result: won ? "成功" : "失败", closedAt: created + (won ? cycle : 5) }),
  };
}
const open = (id: string) => ({ lead: lead({ leadId: id }), row: conv({ leadId: id }) as ConversionRow });
const bookOf = (xs: { lead: Lead; row: ConversionRow }[]): LeadBook =>
  book({ leads: xs.map((x) => x.lead), conversion: xs.map((x) => x.row) });

/**
 * 40 closed leads, 8 won (20 %):
 * - 50万以上, grade A by override: 10 closed, 2 won after 30 days;
 * - 20-50万 (score 62, B): 10 closed, 4 won after 10 days, and 2 open leads;
 * - 20万以下 (score 52, C): 20 closed, 2 won after 20 days.
 */
function seedBook(): LeadBook {
  const xs = [];
  for (let i = 0; i < 10; i++) xs.push(closed(`A${i}`, "50万以上", i < 2, 30, { gradeOverride: "A" }));
  for (let i = 0; i < 10; i++) xs.push(closed(`B${i}`, "20-50万", i < 4, 10));
  for (let i = 0; i < 20; i++) xs.push(closed(`C${i}`, "20万以下", i < 2, 20));
  xs.push(open("O1"), open("O2"));
  return bookOf(xs);
}

describe("computeScoringReview", () => {
  test("grades: leads, closed, won, win rate, cycle; a warning when a higher grade wins less often", () => {
    const r = computeScoringReview(seedBook(), zh, { asOf });
    expect([r.closed, r.won, r.winRate, r.enough, r.note]).toEqual([40, 8, 0.2, true, null]);
    expect(r.grades).toEqual([
      { grade: "A", leads: 10, closed: 10, won: 2, winRate: 0.2, avgCycleDays: 30 },
      { grade: "B", leads: 12, closed: 10, won: 4, winRate: 0.4, avgCycleDays: 10 },
      { grade: "C", leads: 20, closed: 20, won: 2, winRate: 0.1, avgCycleDays: 20 },
      { grade: "D", leads: 0, closed: 0, won: 0, winRate: null, avgCycleDays: null },
    ]);
    expect(r.warnings).toEqual([
      { higher: "A", lower: "B", higherRate: 0.2, lowerRate: 0.4, text: "A类线索赢单率20%，低于B类（40%）" },
    ]);
    const enR = computeScoringReview(
      seedBook(),
      {
        ...en,
        lists: {
          ...en.lists,
          budget: zh.lists.budget,
          urgency: zh.lists.urgency,
          decisionAccess: zh.lists.decisionAccess,
          companySize: zh.lists.companySize,
          status: zh.lists.status,
          result: zh.lists.result,
        },
      },
      { asOf },
    );
    expect(enR.warnings[0].text).toBe("Grade A wins 20%, less often than grade B (40%)");
  });

  test("options: lift over the overall rate, suggested points = round(max points × rate / best rate)", () => {
    const r = computeScoringReview(seedBook(), zh, { asOf });
    const budget = r.options.filter((o) => o.factor === "budget");
    // Best budget rate 40 %, factor maximum 30: 30 × 0.2/0.4 = 15, 30, 30 × 0.1/0.4 = 7.5 → 8; no closed leads: keep 0.
    expect(
      budget.map((o) => [o.option, o.leads, o.closed, o.won, o.winRate, o.lift, o.currentPoints, o.suggestedPoints]),
    ).toEqual([
      ["50万以上", 10, 10, 2, 0.2, 1, 30, 15],
      ["20-50万", 12, 10, 4, 0.4, 2, 20, 30],
      ["20万以下", 20, 20, 2, 0.1, 0.5, 10, 8],
      ["未明确", 0, 0, 0, null, null, 0, 0],
    ]);
    expect(budget[0].factorLabel).toBe("预算范围");
    // Every lead shares one urgency option: it is the best, so it gets the factor's maximum (25); the others keep theirs.
    expect(
      r.options.filter((o) => o.factor === "urgency").map((o) => [o.option, o.currentPoints, o.suggestedPoints]),
    ).toEqual([
      ["1个月内", 25, 25],
      ["2-3个月", 15, 25],
      ["3个月以上", 5, 5],
    ]);
  });

  test("suggested Settings are a copy; the preview counts leads whose grade would change (overrides hold)", () => {
    const b = seedBook();
    const r = computeScoringReview(b, zh, { asOf });
    const next = suggestedSettings(zh, r);
    expect(zh.lists.budget[0].points).toBe(30);
    expect(next.lists.budget.map((o) => o.points)).toEqual([15, 30, 8, 0]);
    expect(next.lists.companySize.map((o) => o.points)).toEqual([20, 20, 8]);
    // New scores: 20-50万 30+25+25+20 = 100 → A (was B: 10 closed + 2 open); 20万以下 8+70 = 78 → B (was C: 20);
    // 50万以上 keeps its A override.
    expect(countGradeChanges(b, zh, next)).toBe(32);
    expect(countGradeChanges(b, zh, zh)).toBe(0);
  });

  test("fewer than 30 closed leads: says so, no suggestions, Settings unchanged", () => {
    const xs = [];
    for (let i = 0; i < 29; i++) xs.push(closed(`C${i}`, "20万以下", i < 3, 20));
    const r = computeScoringReview(bookOf(xs), zh, { asOf });
    expect([r.closed, r.enough, r.note]).toEqual([29, false, "已结案线索 29 条，少于 30 条，暂不建议调整分值"]);
    expect(r.options.every((o) => o.suggestedPoints === null)).toBe(true);
    expect(suggestedSettings(zh, r)).toBe(zh);
  });

  test("empty book, one lead, all lost, no closed leads", () => {
    const empty = computeScoringReview(book(), en, { asOf });
    expect([empty.closed, empty.winRate, empty.enough, empty.note]).toEqual([
      0,
      null,
      false,
      "0 closed leads, fewer than 30: no suggested points yet",
    ]);
    expect(empty.grades.every((g) => g.leads === 0 && g.winRate === null)).toBe(true);
    expect(empty.options).toHaveLength(4 + 3 + 3 + 3);
    expect(empty.warnings).toEqual([]);
    const one = computeScoringReview(bookOf([open("O")]), zh, { asOf });
    expect(one.grades[1]).toEqual({ grade: "B", leads: 1, closed: 0, won: 0, winRate: null, avgCycleDays: null });
    const xs = [];
    for (let i = 0; i < 30; i++) xs.push(closed(`L${i}`, i < 15 ? "50万以上" : "20万以下", false, 0));
    const lost = computeScoringReview(bookOf(xs), zh, { asOf });
    // 30 closed, none won: enough, but no option ever won, so every suggestion keeps the current points.
    expect([lost.enough, lost.winRate]).toEqual([true, 0]);
    expect(
      lost.options.filter((o) => o.factor === "budget").map((o) => [o.winRate, o.lift, o.suggestedPoints]),
    ).toEqual([
      [0, null, 30],
      [null, null, 20],
      [0, null, 10],
      [null, null, 0],
    ]);
    expect(lost.warnings).toEqual([]);
  });

  test("the period limits the scope by creation date", () => {
    const r = computeScoringReview(seedBook(), zh, { asOf, period: { kind: "month", year: 2024, month: 3 } });
    expect(r.closed).toBe(0);
  });
});
