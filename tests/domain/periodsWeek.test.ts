import { serialFromYmd } from "../../src/domain/parse/dates";
import {
  inPeriod,
  isoWeekOf,
  isoWeeksInYear,
  lastPeriods,
  parsePeriod,
  periodLabel,
  periodOf,
  periodRange,
  periodTitle,
  type Period,
} from "../../src/domain/parse/periods";

const d = (y: number, m: number, day: number) => serialFromYmd(y, m, day);

describe("ISO 8601 weeks", () => {
  test("week of a date, with the ISO week-year at the year's edges", () => {
    // 2021-01-03 is a Sunday: its Thursday is 2020-12-31, so it belongs to 2020-W53.
    expect(isoWeekOf(d(2021, 1, 3))).toEqual({ kind: "week", year: 2020, week: 53 });
    // 2021-01-04 is the Monday of 2021-W01.
    expect(isoWeekOf(d(2021, 1, 4))).toEqual({ kind: "week", year: 2021, week: 1 });
    // 2024-12-30 is a Monday whose Thursday is 2025-01-02: 2025-W01.
    expect(isoWeekOf(d(2024, 12, 30))).toEqual({ kind: "week", year: 2025, week: 1 });
    // 2024-06-03 (Monday) starts 2024-W23; 2024-06-09 (Sunday) ends it; time of day ignored.
    expect(isoWeekOf(d(2024, 6, 3))).toEqual({ kind: "week", year: 2024, week: 23 });
    expect(isoWeekOf(d(2024, 6, 9) + 0.99)).toEqual({ kind: "week", year: 2024, week: 23 });
    expect(isoWeekOf(d(2024, 6, 10))).toEqual({ kind: "week", year: 2024, week: 24 });
  });

  test("weeks in a year: 53 when the year starts (or, in a leap year, ends) on Thursday", () => {
    expect(isoWeeksInYear(2020)).toBe(53); // starts Wednesday, leap year
    expect(isoWeeksInYear(2015)).toBe(53); // starts Thursday
    expect(isoWeeksInYear(2024)).toBe(52);
    expect(isoWeeksInYear(2021)).toBe(52);
  });

  test("range is Monday to the next Monday, as date serials", () => {
    expect(periodRange({ kind: "week", year: 2024, week: 23 })).toEqual([d(2024, 6, 3), d(2024, 6, 10)]);
    expect(periodRange({ kind: "week", year: 2020, week: 53 })).toEqual([d(2020, 12, 28), d(2021, 1, 4)]);
    expect(periodRange({ kind: "week", year: 2025, week: 1 })).toEqual([d(2024, 12, 30), d(2025, 1, 6)]);
    const w: Period = { kind: "week", year: 2024, week: 23 };
    expect(inPeriod(d(2024, 6, 2), w)).toBe(false);
    expect(inPeriod(d(2024, 6, 3), w)).toBe(true);
    expect(inPeriod(d(2024, 6, 9) + 0.5, w)).toBe(true);
    expect(inPeriod(d(2024, 6, 10), w)).toBe(false);
    expect(inPeriod(null, w)).toBe(false);
  });

  test("parse: the usual spellings, bounds checked against the year's week count", () => {
    const w23 = { kind: "week", year: 2024, week: 23 };
    for (const s of ["2024-W23", "2024w23", "2024 W23", "２０２４－Ｗ２３", "2024年第23周", "2024-W23 "])
      expect(parsePeriod(s)).toEqual({ ok: true, value: w23 });
    expect(parsePeriod("2020-W53")).toEqual({ ok: true, value: { kind: "week", year: 2020, week: 53 } });
    const bad = parsePeriod("2024-W53");
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.code).toBe("period-week");
      expect(bad.message.zh).toContain("1–52");
      expect(bad.message.en).toContain("1–52");
    }
    expect(parsePeriod("2024-W0").ok).toBe(false);
    // Everything the review filter reads still reads the same.
    expect(parsePeriod("2024-Q2")).toEqual({ ok: true, value: { kind: "quarter", year: 2024, quarter: 2 } });
    expect(parsePeriod("2024年5月")).toEqual({ ok: true, value: { kind: "month", year: 2024, month: 5 } });
    expect(parsePeriod("全部")).toEqual({ ok: true, value: { kind: "all" } });
    const unknown = parsePeriod("next week");
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.message.en).toContain("2024-W23");
  });

  test("label and title in both languages", () => {
    const w: Period = { kind: "week", year: 2024, week: 3 };
    expect(periodLabel(w)).toBe("2024-W03");
    expect(periodLabel(w, undefined, "en-US")).toBe("2024-W03");
    // 2024-W03: Monday 2024-01-15 to Sunday 2024-01-21.
    expect(periodTitle(w, "zh-CN")).toBe("2024年第3周（01-15 至 01-21）");
    expect(periodTitle(w, "en-US")).toBe("2024 week 3 (01-15 to 01-21)");
    expect(periodTitle({ kind: "month", year: 2024, month: 5 }, "en-US")).toBe("2024-05");
  });

  test("this week / month / quarter as of a date", () => {
    expect(periodOf("week", d(2021, 1, 3))).toEqual({ kind: "week", year: 2020, week: 53 });
    expect(periodOf("month", d(2024, 6, 30))).toEqual({ kind: "month", year: 2024, month: 6 });
    expect(periodOf("quarter", d(2024, 10, 1))).toEqual({ kind: "quarter", year: 2024, quarter: 4 });
  });

  test("last N periods end at the as-of date, oldest first, across year boundaries", () => {
    expect(lastPeriods("month", 3, d(2024, 2, 10)).map((p) => periodLabel(p))).toEqual([
      "2023-12",
      "2024-01",
      "2024-02",
    ]);
    expect(lastPeriods("quarter", 3, d(2024, 4, 1)).map((p) => periodLabel(p))).toEqual([
      "2023-Q4",
      "2024-Q1",
      "2024-Q2",
    ]);
    expect(lastPeriods("week", 3, d(2021, 1, 4)).map((p) => periodLabel(p))).toEqual([
      "2020-W52",
      "2020-W53",
      "2021-W01",
    ]);
    expect(lastPeriods("month", 12, d(2024, 6, 30))).toHaveLength(12);
    expect(lastPeriods("month", 0, d(2024, 6, 30))).toEqual([]);
  });
});
