import type { PeriodFilter } from "../model";
import type { L10n, Serial } from "../types";
import { serialFromYmd, ymdFromSerial } from "./dates";
import { fail, ok, toHalfWidth, type Parsed } from "./result";

/** An ISO 8601 week: `2024-W23`, Monday first, numbered within its ISO week-year. */
export interface WeekPeriod {
  kind: "week";
  /** The ISO week-year (2021-01-03 belongs to 2020-W53). */
  year: number;
  week: number;
}

/** Any review period: the review filter's forms plus ISO weeks. */
export type Period = PeriodFilter | WeekPeriod;

/** A channel-cost period: a month or a quarter (ChannelCosts' period: `YYYY-MM` or `YYYY-Qn`). */
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
export function periodRange(p: Period | CostPeriod): [Serial, Serial] | null {
  switch (p.kind) {
    case "all":
      return null;
    case "week": {
      const start = isoWeekStart(p.year, p.week);
      return [start, start + 7];
    }
    case "year":
      return [serialFromYmd(p.year, 1, 1), serialFromYmd(p.year + 1, 1, 1)];
    case "quarter":
      return [serialFromYmd(p.year, p.quarter * 3 - 2, 1), serialFromYmd(p.year, p.quarter * 3 + 1, 1)];
    case "month":
      return [serialFromYmd(p.year, p.month, 1), serialFromYmd(p.year, p.month + 1, 1)];
  }
}

/** True when the date (time ignored) lies in the period. All time holds everything, even a missing date. */
export function inPeriod(serial: Serial | null, filter: Period): boolean {
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

export function periodBounds(filter: Period): PeriodBounds {
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
  p: Period | CostPeriod,
  allLabel: L10n = ALL_TIME,
  locale: "zh-CN" | "en-US" = "zh-CN",
): string {
  switch (p.kind) {
    case "all":
      return locale === "zh-CN" ? allLabel.zh : allLabel.en;
    case "year":
      return String(p.year);
    case "week":
      return `${p.year}-W${p.week < 10 ? "0" : ""}${p.week}`;
    case "quarter":
      return `${p.year}-Q${p.quarter}`;
    case "month":
      return `${p.year}-${p.month < 10 ? "0" : ""}${p.month}`;
  }
}

export const ALL_TIME: L10n = { zh: "全部", en: "All" };

// ---------- ISO 8601 weeks ----------

const WEEK = /^(\d{4})\s*(?:-|\/|\s)?\s*w\s*(\d{1,2})$/i;
const WEEK_ZH = /^(\d{4})\s*年?\s*第\s*(\d{1,2})\s*周$/;

/** Day of the week of a date serial, Monday 0 … Sunday 6 (serial 2 is Monday 1900-01-01). */
export function isoWeekday(serial: Serial): number {
  return (((Math.floor(serial) - 2) % 7) + 7) % 7;
}

/** The Monday (serial) of ISO week `week` of ISO week-year `year`: week 1 is the week holding 4 January. */
export function isoWeekStart(year: number, week: number): Serial {
  const jan4 = serialFromYmd(year, 1, 4);
  return jan4 - isoWeekday(jan4) + (week - 1) * 7;
}

/** Number of ISO weeks in a week-year (52 or 53): the week of 28 December. */
export function isoWeeksInYear(year: number): number {
  return isoWeekOf(serialFromYmd(year, 12, 28)).week;
}

/** The ISO week holding a date: the week-year is the calendar year of that week's Thursday. */
export function isoWeekOf(serial: Serial): WeekPeriod {
  const day = Math.floor(serial);
  const thursday = day - isoWeekday(day) + 3;
  const year = ymdFromSerial(thursday).year;
  const week = Math.floor((thursday - serialFromYmd(year, 1, 1)) / 7) + 1;
  return { kind: "week", year, week };
}

function parseWeek(s: string): Parsed<WeekPeriod> | null {
  const m = WEEK.exec(s) ?? WEEK_ZH.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (!yearOk(year)) return badYear(year);
  const max = isoWeeksInYear(year);
  if (week < 1 || week > max)
    return fail("period-week", `${year} 年的周只能是 1–${max}：“${s}”`, `week of ${year} must be 1–${max}: "${s}"`);
  return ok({ kind: "week", year, week });
}

/**
 * Read any review period: everything parsePeriodFilter reads, plus ISO weeks
 * (`2024-W23`, `2024W23`, `2024年第23周`).
 */
export function parsePeriod(text: string): Parsed<Period> {
  const s = toHalfWidth(String(text ?? "")).trim();
  const w = parseWeek(s);
  if (w) return w;
  const r = parsePeriodFilter(s);
  if (r.ok) return r;
  if (r.code !== "period-format") return r;
  return fail(
    "period-format",
    `无法识别的周期“${s}”，请填写 全部、2024、2024-Q2、2024-05 或 2024-W23`,
    `unrecognised period "${s}" (use all, 2024, 2024-Q2, 2024-05 or 2024-W23)`,
  );
}

/** A period spelled out for people: `2024年第23周（06-03 至 06-09）` / `2024 week 23 (06-03 to 06-09)`; other kinds as periodLabel. */
export function periodTitle(p: Period, locale: "zh-CN" | "en-US"): string {
  if (p.kind !== "week") return periodLabel(p, ALL_TIME, locale);
  const start = isoWeekStart(p.year, p.week);
  const md = (serial: Serial) => {
    const { month, day } = ymdFromSerial(serial);
    return `${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
  };
  return locale === "zh-CN"
    ? `${p.year}年第${p.week}周（${md(start)} 至 ${md(start + 6)}）`
    : `${p.year} week ${p.week} (${md(start)} to ${md(start + 6)})`;
}

/** Periods a trend can be cut into. */
export type Granularity = "week" | "month" | "quarter";

/** The period of a granularity that holds a date ("this week", "this month", "this quarter" as of that date). */
export function periodOf(granularity: Granularity, serial: Serial): Period {
  if (granularity === "week") return isoWeekOf(serial);
  const { year, month } = ymdFromSerial(serial);
  if (granularity === "month") return { kind: "month", year, month };
  return { kind: "quarter", year, quarter: (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4 };
}

/** The last `count` periods of a granularity, oldest first, the last one holding `asOf`. */
export function lastPeriods(granularity: Granularity, count: number, asOf: Serial): Period[] {
  const out: Period[] = [];
  const { year, month } = ymdFromSerial(asOf);
  for (let k = count - 1; k >= 0; k--) {
    if (granularity === "week") out.push(isoWeekOf(Math.floor(asOf) - 7 * k));
    else if (granularity === "month") {
      const m = year * 12 + (month - 1) - k;
      out.push({ kind: "month", year: Math.floor(m / 12), month: (m % 12) + 1 });
    } else {
      const q = year * 4 + Math.floor((month - 1) / 3) - k;
      out.push({ kind: "quarter", year: Math.floor(q / 4), quarter: ((q % 4) + 1) as 1 | 2 | 3 | 4 });
    }
  }
  return out;
}
