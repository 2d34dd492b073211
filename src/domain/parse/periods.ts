import type { PeriodFilter } from "../model";
import type { L10n, Serial } from "../types";
import { serialFromYmd } from "./dates";
import { fail, ok, toHalfWidth, type Parsed } from "./result";

/** A channel-cost period: a month or a quarter (SPEC §2.4). */
export type CostPeriod =
  { kind: "month"; year: number; month: number } | { kind: "quarter"; year: number; quarter: 1 | 2 | 3 | 4 };

const YEAR = /^(\d{4})\s*年?$/;
const QUARTER = /^(\d{4})\s*(?:年|-|\/|\s)?\s*(?:q|第)\s*([1-4一二三四])\s*(?:季度?)?$/i;
const MONTH = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/;
const ALL = new Set(["all", "全部", "all time", "全部时间", ""]);
const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

function yearOk(y: number): boolean {
  return y >= 1900 && y <= 9999;
}

function badYear(y: number) {
  return fail<never>("period-year", `年份 ${y} 超出范围`, `year ${y} out of range`);
}

/** Read a review period: `all`, `2024`, `2024-Q2`, `2024-05` (also `2024年`, `2024年第2季度`, `2024年5月`). */
export function parsePeriodFilter(text: string): Parsed<PeriodFilter> {
  const s = toHalfWidth(String(text ?? "")).trim();
  if (ALL.has(s.toLowerCase())) return ok({ kind: "all" });
  const m = YEAR.exec(s);
  if (m) {
    const year = Number(m[1]);
    return yearOk(year) ? ok({ kind: "year", year }) : badYear(year);
  }
  const q = parseQuarterOrMonth(s);
  if (q) return q;
  return fail(
    "period-format",
    `无法识别的周期“${s}”，请填写 全部、2024、2024-Q2 或 2024-05`,
    `unrecognised period "${s}" (use all, 2024, 2024-Q2 or 2024-05)`,
  );
}

function parseQuarterOrMonth(s: string): Parsed<CostPeriod> | null {
  let m = QUARTER.exec(s);
  if (m) {
    const year = Number(m[1]);
    const quarter = (CN_DIGIT[m[2]] ?? Number(m[2])) as 1 | 2 | 3 | 4;
    return yearOk(year) ? ok({ kind: "quarter", year, quarter }) : badYear(year);
  }
  m = MONTH.exec(s);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (!yearOk(year)) return badYear(year);
    if (month < 1 || month > 12)
      return fail("period-month", `月份 ${month} 超出范围（1–12）`, `month ${month} out of range`);
    return ok({ kind: "month", year, month });
  }
  if (/q\s*[05-9]/i.test(s)) return fail("period-quarter", `季度只能是 Q1–Q4：“${s}”`, `quarter must be Q1–Q4: "${s}"`);
  return null;
}

/** Read a channel-cost period: month `YYYY-MM` or quarter `YYYY-Qn` (tolerant like the filter). */
export function parseCostPeriod(text: string): Parsed<CostPeriod> {
  const s = toHalfWidth(String(text ?? "")).trim();
  if (s === "") return fail("period-blank", "统计周期为空", "period is blank");
  const r = parseQuarterOrMonth(s);
  if (r) return r;
  return fail(
    "period-format",
    `无法识别的统计周期“${s}”，请填写 2024-05 或 2024-Q2`,
    `unrecognised period "${s}" (use 2024-05 or 2024-Q2)`,
  );
}

/** [first day, day after the last) as serials; null for all time. */
export function periodRange(p: PeriodFilter | CostPeriod): [Serial, Serial] | null {
  switch (p.kind) {
    case "all":
      return null;
    case "year":
      return [serialFromYmd(p.year, 1, 1), serialFromYmd(p.year + 1, 1, 1)];
    case "quarter":
      return [serialFromYmd(p.year, p.quarter * 3 - 2, 1), serialFromYmd(p.year, p.quarter * 3 + 1, 1)];
    case "month":
      return [serialFromYmd(p.year, p.month, 1), serialFromYmd(p.year, p.month + 1, 1)];
  }
}

/** True when the date (time ignored) lies in the period. All time holds everything, even a missing date. */
export function inPeriod(serial: Serial | null, filter: PeriodFilter): boolean {
  if (filter.kind === "all") return true;
  if (serial === null) return false;
  const range = periodRange(filter);
  return range !== null && serial >= range[0] && serial < range[1];
}

/** inPeriod with the bounds worked out once, for loops over many rows. */
export interface PeriodBounds {
  all: boolean;
  from: Serial;
  to: Serial;
}

export function periodBounds(filter: PeriodFilter): PeriodBounds {
  const r = periodRange(filter);
  return r === null ? { all: true, from: 0, to: 0 } : { all: false, from: r[0], to: r[1] };
}

export function inBounds(serial: Serial | null, b: PeriodBounds): boolean {
  return b.all || (serial !== null && serial >= b.from && serial < b.to);
}

/**
 * Share of a channel cost that counts under a review period.
 *
 * Decision: costs are typed per month or per quarter, reviews filter by month,
 * quarter or year. A cost counts fully when its whole period lies inside the
 * filter (a month's cost under its quarter or year; a quarter's under its
 * year). A quarter's cost under one of its months counts one third — spend is
 * assumed even across the quarter, which is the only split that needs no
 * extra input and keeps the three months summing to the quarter. Anything
 * that does not overlap counts zero.
 */
export function costShare(cost: CostPeriod, filter: PeriodFilter): number {
  if (filter.kind === "all") return 1;
  const c = periodRange(cost)!;
  const f = periodRange(filter)!;
  if (c[0] >= f[0] && c[1] <= f[1]) return 1;
  if (cost.kind === "quarter" && filter.kind === "month" && f[0] >= c[0] && f[1] <= c[1]) return 1 / 3;
  return 0;
}

/** The canonical label of a period: `2024`, `2024-Q2`, `2024-05`; all time in the given words. */
export function periodLabel(
  p: PeriodFilter | CostPeriod,
  allLabel: L10n = ALL_TIME,
  locale: "zh-CN" | "en-US" = "zh-CN",
): string {
  switch (p.kind) {
    case "all":
      return locale === "zh-CN" ? allLabel.zh : allLabel.en;
    case "year":
      return String(p.year);
    case "quarter":
      return `${p.year}-Q${p.quarter}`;
    case "month":
      return `${p.year}-${p.month < 10 ? "0" : ""}${p.month}`;
  }
}

export const ALL_TIME: L10n = { zh: "全部", en: "All" };
