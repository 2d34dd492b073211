import type { CellValue, Serial } from "../types";
import { fail, ok, toHalfWidth, type Parsed } from "./result";

/**
 * Dates are Excel serials: days since 1899-12-30, fraction = time of day.
 * The 1899-12-30 epoch makes every serial from 61 (1900-03-01) on identical to
 * Excel's; earlier dates are out of the range a lead tracker needs anyway.
 *
 * The one home for serial conversions. A JS Date meets a serial in two ways,
 * named as such: `local…` reads the Date's local calendar fields (what a person
 * typing the date into a cell sees: "now", "today", a Date an adapter hands
 * over); `…Utc` treats a timestamp's UTC fields as the wall clock (ISO text in
 * a file, serial → calendar arithmetic that no time zone may shift).
 */
const MS_PER_DAY = 86_400_000;
const EPOCH_MS = Date.UTC(1899, 11, 30);
/** Serial of 1970-01-01, the Unix epoch. */
const UNIX_EPOCH_SERIAL = 25_569;
/** 9999-12-31, Excel's last date. */
export const MAX_SERIAL = 2_958_465;
/** 1900-03-01: the first serial where Excel's calendar (with its 1900 leap-year bug) agrees with the real one. */
export const MIN_SERIAL = 61;

export function serialFromYmd(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Serial {
  const days = Math.round((Date.UTC(year, month - 1, day) - EPOCH_MS) / MS_PER_DAY);
  return days + (hour * 3600 + minute * 60 + second) / 86400;
}

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

/** Calendar date of a serial (UTC arithmetic: no time zone shifts it). */
export function ymdFromSerial(serial: Serial): Ymd {
  const d = new Date(EPOCH_MS + Math.floor(serial) * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The local calendar date of `date` (no time) as a serial. */
export function localDateSerial(date: Date): Serial {
  return serialFromYmd(date.getFullYear(), date.getMonth() + 1, date.getDate());
}

/** The local date and time of `date` (whole seconds) as a serial: what a person typing "now" into a cell gets. */
export function localDateTimeSerial(date: Date): Serial {
  return serialFromYmd(
    date.getFullYear(),
    date.getMonth() + 1,
    date.getDate(),
    date.getHours(),
    date.getMinutes(),
    date.getSeconds(),
  );
}

/** Today's date (no time) as a serial, from the local calendar date of `now`. */
export function todaySerial(now: Date): Serial {
  return localDateSerial(now);
}

/**
 * ISO 8601 date-time text (as an .xlsx file stores t="d" cells) as a serial; a time without
 * a zone is read as UTC, so the wall clock written in the file is kept. Null when unreadable.
 */
export function isoToSerialUtc(iso: string): Serial | null {
  const ms = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : iso + "Z");
  if (Number.isNaN(ms)) return null;
  return ms / MS_PER_DAY + UNIX_EPOCH_SERIAL;
}

/** The date part of a serial (Excel's INT). */
export function dateOnly(serial: Serial): Serial {
  return Math.floor(serial);
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/** `YYYY-MM-DD` of a serial. */
export function formatDate(serial: Serial): string {
  const { year, month, day } = ymdFromSerial(serial);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** `YYYY-MM-DD hh:mm` of a serial (minutes rounded). */
export function formatDateTime(serial: Serial): string {
  let day = Math.floor(serial);
  let minutes = Math.round((serial - day) * 1440);
  if (minutes >= 1440) {
    day += 1;
    minutes -= 1440;
  }
  return `${formatDate(day)} ${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export interface ParseDateOptions {
  /** Accept a month alone (`2024-06`, `2024年6月`) as its first day — for month fields such as expected close. */
  allowMonth?: boolean;
}

// Year first, then month, then day, separated by - / . (or 年 月 日), then an optional time.
const YMD =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:(?:\s*T\s*|\s+|(?<=[日号]))(\d{1,2})\s*[:时点]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2}(?:\.\d+)?))?\s*[分秒]?)?\s*Z?$/;
const YM = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const SERIAL_TEXT = /^\d{1,7}(?:\.\d+)?$/;
const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;

function checkParts(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): Parsed<Serial> {
  if (year < 1900 || year > 9999)
    return fail("date-year", `年份 ${year} 超出范围（1900–9999）`, `year ${year} out of range (1900–9999)`);
  if (month < 1 || month > 12)
    return fail("date-month", `月份 ${month} 超出范围（1–12）`, `month ${month} out of range`);
  const dim = daysInMonth(year, month);
  if (day < 1 || day > dim)
    return fail(
      "date-day",
      `${year}年${month}月没有 ${day} 日（该月共 ${dim} 天）`,
      `day ${day} out of range for ${year}-${pad2(month)} (${dim} days)`,
    );
  if (hour > 23) return fail("date-hour", `小时 ${hour} 超出范围（0–23）`, `hour ${hour} out of range`);
  if (minute > 59) return fail("date-minute", `分钟 ${minute} 超出范围（0–59）`, `minute ${minute} out of range`);
  if (second >= 60) return fail("date-second", `秒 ${second} 超出范围（0–59）`, `second ${second} out of range`);
  const serial = serialFromYmd(year, month, day, hour, minute, second);
  if (serial < MIN_SERIAL) return fail("date-range", "日期早于 1900-03-01", "date before 1900-03-01");
  return ok(serial);
}

function fromSerialNumber(n: number): Parsed<Serial> {
  if (!Number.isFinite(n)) return fail("date-invalid", "不是有效的日期", "not a valid date");
  if (n < 0) return fail("date-negative", `日期序号不能为负数（${n}）`, `date serial cannot be negative (${n})`);
  if (n < MIN_SERIAL)
    return fail("date-range", `日期序号 ${n} 早于 1900-03-01`, `date serial ${n} is before 1900-03-01`);
  if (n >= MAX_SERIAL + 1)
    return fail("date-range", `日期序号 ${n} 晚于 9999-12-31`, `date serial ${n} is after 9999-12-31`);
  return ok(n);
}

/**
 * Read a date (or date-time) cell tolerantly: Excel serials, JS Dates (their
 * local calendar fields, which is how both adapters hand them over), and text
 * typed in the common Chinese and ISO forms. Blank gives null.
 */
export function parseDate(v: CellValue, options: ParseDateOptions = {}): Parsed<Serial | null> {
  if (v === null || v === undefined) return ok(null);
  if (typeof v === "number") return fromSerialNumber(v);
  if (typeof v === "boolean") return fail("date-invalid", "逻辑值不是日期", "a TRUE/FALSE value is not a date");
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return fail("date-invalid", "无效的日期", "invalid date");
    return checkParts(v.getFullYear(), v.getMonth() + 1, v.getDate(), v.getHours(), v.getMinutes(), v.getSeconds());
  }
  const s = toHalfWidth(String(v)).trim();
  if (s === "") return ok(null);
  let m = YMD.exec(s);
  if (m) {
    return checkParts(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      m[4] !== undefined ? Number(m[4]) : 0,
      m[5] !== undefined ? Number(m[5]) : 0,
      m[6] !== undefined ? Math.floor(Number(m[6])) : 0,
    );
  }
  m = COMPACT.exec(s);
  if (m) return checkParts(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0);
  if (SERIAL_TEXT.test(s)) return fromSerialNumber(Number(s));
  m = YM.exec(s);
  if (m) {
    if (!options.allowMonth)
      return fail(
        "date-no-day",
        `缺少日：${s}（请写成 ${m[1]}-${pad2(Number(m[2]))}-01 这样的完整日期）`,
        `day missing in "${s}" (write a full date such as ${m[1]}-${pad2(Number(m[2]))}-01)`,
      );
    return checkParts(Number(m[1]), Number(m[2]), 1, 0, 0, 0);
  }
  if (DAY_FIRST.test(s))
    return fail(
      "date-order",
      `“${s}”的年月日顺序不明确，请按 年-月-日 填写`,
      `"${s}" is ambiguous: write year first (YYYY-MM-DD)`,
    );
  return fail("date-format", `无法识别的日期“${s}”，请按 2024-05-01 填写`, `unrecognised date "${s}" (use 2024-05-01)`);
}

/**
 * A date as a workbook holds it: a serial number or a JS Date (what the
 * adapters hand over for a date cell). Text is NOT a date here, even text
 * parseDate could read: every formula tests dates with ISNUMBER, so a date
 * typed as text is blank to Excel, and the engine must agree with it. The
 * tolerant parseDate is for values entering the workbook (import, quick entry).
 */
export function workbookDate(v: CellValue): Serial | null {
  if (typeof v !== "number" && !(v instanceof Date)) return null;
  const r = parseDate(v);
  return r.ok ? r.value : null;
}
