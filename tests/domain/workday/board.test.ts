import { prepare } from "../../../src/domain/engine/review";
import { sampleBook } from "../../support/sampleBook";
import type { Lead, LeadBook } from "../../../src/domain/model";
import { buildBoard, type BoardOptions } from "../../../src/domain/workday/board";
import { book, conv, d, fu, lead, zh } from "../../support/engineCases";

const asOf = d(2024, 6, 30, 12);
const amounts: Record<string, number> = { "L-1": 100, "L-2": 50, "L-5": 7 };
const amountOf = (l: Lead) => amounts[l.leadId] ?? null;
const board = (b: LeadBook, o: Partial<BoardOptions> = {}) =>
  buildBoard(b, zh, prepare(b, zh, asOf), { asOf, amountOf, ...o });

describe("pipeline board", () => {
  // A high-scoring lead (A), the fixture lead (B, 62 points) and a low one (C).
  const hi = { budget: "50万以上", urgency: "1个月内", decisionAccess: "已对接决策者" };
  const lo = { budget: "20万以下", urgency: "3个月以上", decisionAccess: "仅对接执行者" };
  const b = book({
    leads: [
      lead({ leadId: "L-1", stage: "初步接洽", owner: "王芳", ...hi, createdAt: d(2024, 6, 1) }),
      lead({ leadId: "L-2", stage: "初步接洽", owner: "李强", createdAt: d(2024, 6, 20) }),
      lead({ leadId: "L-3", stage: "方案呈现", owner: "王芳", ...lo, createdAt: d(2024, 6, 29) }),
      lead({ leadId: "L-4", stage: "方案呈现", status: "已成交", owner: "王芳" }),
      lead({ leadId: "L-5", stage: "不在列表", owner: "王芳" }),
      lead({ leadId: "L-6", stage: "初步接洽", status: "无效", owner: "张敏" }),
    ],
    followUps: [fu({ leadId: "L-2", at: d(2024, 6, 28), stage: "初步接洽" })],
    conversion: [conv({ leadId: "L-1", stageAt: [d(2024, 6, 10), null, null, null, null] })],
  });

  test("one column per Settings stage, open leads only, with count, amount and days in stage", () => {
    const r = board(b);
    expect(r.columns.map((c) => [c.stage, c.count, c.amount, c.more])).toEqual([
      ["初步接洽", 2, 150, 0],
      ["需求挖掘", 0, null, 0],
      ["方案呈现", 1, null, 0],
      ["商务谈判", 0, null, 0],
      ["成交维护", 0, null, 0],
    ]);
    expect(r.unstaged).toBe(1);
    expect(r.owners).toEqual(["李强", "王芳"]);
    const first = r.columns[0].cards;
    // L-1: created 6/1, A (cadence 1 day) → overdue 28 days, first; L-2 entered its stage 6/28 (first follow-up there).
    expect(first.map((c) => [c.leadId, c.grade, c.daysInStage, c.alert, c.amount])).toEqual([
      ["L-1", "A", 20, "逾期 28 天", 100],
      ["L-2", "B", 2, "", 50],
    ]);
    expect(r.columns[2].cards.map((c) => [c.leadId, c.grade, c.daysInStage])).toEqual([["L-3", "C", null]]);
  });

  test("filters by owner and grade", () => {
    expect(board(b, { owner: "王芳" }).columns.map((c) => c.count)).toEqual([1, 0, 1, 0, 0]);
    expect(board(b, { grades: ["B", "C"] }).columns.map((c) => c.cards.map((x) => x.leadId))).toEqual([
      ["L-2"],
      [],
      ["L-3"],
      [],
      [],
    ]);
    expect(board(b, { owner: "nobody" }).columns.every((c) => c.count === 0)).toBe(true);
  });

  test("a column shows its first cards and how many more; the first cards are the head of the full order", () => {
    const big = sampleBook(zh, { leads: 3000, seed: 7 });
    const p = prepare(big, zh, asOf);
    const full = buildBoard(big, zh, p, { asOf, amountOf, cardsPerColumn: 100_000 });
    const short = buildBoard(big, zh, p, { asOf, amountOf, cardsPerColumn: 5, expanded: { 需求挖掘: 40 } });
    expect(full.columns.some((c) => c.count > 100)).toBe(true);
    short.columns.forEach((c, k) => {
      const want = c.stage === "需求挖掘" ? 40 : 5;
      expect(c.cards.length).toBe(Math.min(want, c.count));
      expect(c.more).toBe(c.count - c.cards.length);
      expect(c.cards).toEqual(full.columns[k].cards.slice(0, c.cards.length));
    });
    // Alerts first: no card without an alert before one with.
    for (const c of full.columns) {
      const firstQuiet = c.cards.findIndex((x) => x.alertKind === null);
      if (firstQuiet >= 0) expect(c.cards.slice(firstQuiet).every((x) => x.alertKind === null)).toBe(true);
    }
  });
});
