import fc from "fast-check";
import { computeAll, conversionColumns, gradeOf, scoreLead } from "../../src/domain/engine";
import { sampleBook } from "../support/sampleBook";
import type { PeriodFilter } from "../../src/domain/model";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { conv, d, lead, zh } from "../support/engineCases";

const GRADE_RANK = { A: 0, B: 1, C: 2, D: 3 } as const;

/** An option of a scored list, or something that is not in it. */
const optionOrJunk = (values: string[]) => fc.oneof(fc.constantFrom(...values), fc.string({ maxLength: 6 }));

describe("properties", () => {
  test("score is in 0..100 with the default Settings", () => {
    const v = (k: "budget" | "urgency" | "decisionAccess" | "companySize") => zh.lists[k].map((o) => o.value);
    fc.assert(
      fc.property(
        optionOrJunk(v("budget")),
        optionOrJunk(v("urgency")),
        optionOrJunk(v("decisionAccess")),
        optionOrJunk(v("companySize")),
        (budget, urgency, decisionAccess, companySize) => {
          const s = scoreLead({ budget, urgency, decisionAccess, companySize }, zh);
          expect(s.score).toBeGreaterThanOrEqual(0);
          expect(s.score).toBeLessThanOrEqual(100);
          expect(s.score).toBe(s.budgetPts + s.urgencyPts + s.accessPts + s.sizePts);
        },
      ),
    );
  });

  test("grade is monotone in score (a higher score never gets a worse grade)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10, max: 110 }),
        fc.integer({ min: -10, max: 110 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (s1, s2, t1, t2) => {
          const settings = { ...zh, gradeThresholds: { a: Math.max(t1, t2), b: Math.min(t1, t2) } };
          const [lo, hi] = s1 <= s2 ? [s1, s2] : [s2, s1];
          expect(GRADE_RANK[gradeOf(hi, "", settings)]).toBeLessThanOrEqual(GRADE_RANK[gradeOf(lo, "", settings)]);
        },
      ),
    );
  });

  test("stage durations sum to close − first stage date (won with every stage dated, ascending; lost up to its last stage)", () => {
    const gaps = fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 5, maxLength: 5 });
    fc.assert(
      fc.property(
        gaps,
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 60 }),
        (g, start, time, lostStages, tail) => {
          const first = d(2024, 1, 1) + start;
          const dates: number[] = [];
          let t = first;
          for (const x of g) dates.push((t += x) + time);
          const closed = dates[4];
          const won = conversionColumns(
            conv({ stageAt: dates, result: "成功", closedAt: closed, createdAt: first - 3 }),
            zh,
          );
          const sum = won.stageDays.reduce<number>((a, x) => a + (x ?? NaN), 0);
          expect(sum).toBe(Math.floor(closed) - Math.floor(dates[0]));
          expect(won.cycleDays).toBe(Math.floor(closed) - (first - 3));
          // Lost after `lostStages` stages: its last stage runs to the close date.
          const partial = dates.map((x, i) => (i < lostStages ? x : null));
          const lostClose = dates[lostStages - 1] + tail;
          const lost = conversionColumns(conv({ stageAt: partial, result: "失败", closedAt: lostClose }), zh);
          const lostSum = lost.stageDays.reduce<number>((a, x) => a + (x ?? 0), 0);
          expect(lostSum).toBe(Math.floor(lostClose) - Math.floor(dates[0]));
          expect(lost.lostAtStage).toBe(zh.lists.stage[lostStages - 1].value);
        },
      ),
    );
  });

  const periods: PeriodFilter[] = [
    { kind: "all" },
    { kind: "year", year: 2024 },
    { kind: "quarter", year: 2024, quarter: 2 },
    { kind: "month", year: 2024, month: 11 },
    { kind: "month", year: 2031, month: 1 },
  ];

  /** Every number anywhere in a value (Maps and arrays included). */
  function numbersIn(x: unknown, out: number[] = []): number[] {
    if (typeof x === "number") out.push(x);
    else if (x instanceof Map) for (const v of x.values()) numbersIn(v, out);
    else if (Array.isArray(x) || ArrayBuffer.isView(x))
      for (const v of Array.from(x as ArrayLike<unknown>)) numbersIn(v, out);
    else if (x && typeof x === "object") for (const v of Object.values(x)) numbersIn(v, out);
    return out;
  }

  test("no NaN or Infinity anywhere in the output; rates within 0..1; counts consistent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom(...periods),
        fc.constantFrom<"zh-CN" | "en-US">("zh-CN", "en-US"),
        fc.integer({ min: 0, max: 500 }),
        (seed, count, period, locale, asOfOffset) => {
          const settings = defaultSettings(locale);
          const book = sampleBook(settings, { leads: count, seed });
          const all = computeAll(book, settings, { period, asOf: d(2024, 1, 1) + asOfOffset });
          for (const n of numbersIn(all)) expect(Number.isFinite(n)).toBe(true);
          const r = all.review;
          const rates = [
            ...r.channels.map((c) => c.conversionRate),
            ...r.funnel.flatMap((f) => [f.lossRate, f.passThrough]),
            ...[r.bySource, r.byIndustry, r.byOwner, r.byGrade].flat().map((b) => b.conversionRate),
            ...r.sales.map((s) => s.conversionRate),
          ];
          for (const x of rates) if (x !== null) expect(x >= 0 && x <= 1).toBe(true);
          const total = r.channels[r.channels.length - 1];
          expect(total.isTotal).toBe(true);
          expect(r.channels.slice(0, -1).reduce((a, c) => a + c.leads, 0)).toBe(total.leads);
          for (const block of [r.bySource, r.byIndustry, r.byOwner, r.byGrade])
            expect(block.reduce((a, b) => a + b.leads, 0)).toBe(total.leads);
          expect(all.leads.score.length).toBe(book.leads.length);
          for (const score of all.leads.score) expect(score >= 0 && score <= 100).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  test("zero denominators give null, never NaN", () => {
    const book = {
      leads: [lead({ status: "无效" })],
      followUps: [],
      conversion: [],
      channelCosts: [{ row: 2, channel: "展会推荐", period: "2024-05", cost: 0 }],
    };
    const r = computeAll(book, zh, { period: { kind: "all" }, asOf: d(2024, 6, 1) }).review;
    const row = r.channels.find((c) => c.channel === "展会推荐")!;
    expect(row).toMatchObject({
      leads: 1,
      valid: 0,
      conversionRate: null,
      avgDeal: null,
      cost: 0,
      costPerLead: null,
      roi: null,
      grade: null,
    });
  });
});
