import type { Locale, Serial } from "../types";
import { ymdFromSerial } from "../parse/dates";

/**
 * Lead IDs `线索-YYYYMMDD-NNN` / `L-YYYYMMDD-NNN`, unique: NNN is a per-day
 * sequence. A new ID takes the next number after the highest one already used
 * that day (in either locale's prefix), so a number is never reused while any
 * row still carries it; more than 999 in a day simply grows to four digits.
 */
export const LEAD_ID_PREFIX: Record<Locale, string> = { "zh-CN": "线索", "en-US": "L" };

const ID_PATTERN = /^(?:线索|L)-(\d{8})-(\d+)$/;

/** `YYYYMMDD` of a date serial (days since 1899-12-30), in UTC arithmetic so no time zone shifts it. */
export function serialDay(serial: Serial): string {
  const { year: y, month: m, day } = ymdFromSerial(serial);
  return `${String(y).padStart(4, "0")}${String(m).padStart(2, "0")}${String(day).padStart(2, "0")}`;
}

/** Parse an ID into its day and number; null for anything else. */
export function parseLeadId(id: string): { day: string; seq: number } | null {
  const m = ID_PATTERN.exec(id.trim());
  return m ? { day: m[1], seq: Number(m[2]) } : null;
}

/** Highest sequence number used per day among the given IDs. */
export function maxSequenceByDay(existingIds: Iterable<string>): Map<string, number> {
  const max = new Map<string, number>();
  for (const id of existingIds) {
    const p = parseLeadId(String(id ?? ""));
    if (p && p.seq > (max.get(p.day) ?? 0)) max.set(p.day, p.seq);
  }
  return max;
}

/**
 * IDs for rows that need one, in order. Each row's day is its created date
 * when it has one, else `now`.
 */
export function assignLeadIds(
  existingIds: Iterable<string>,
  rows: readonly { createdAt?: Serial | null }[],
  now: Serial,
  locale: Locale,
): string[] {
  const max = maxSequenceByDay(existingIds);
  const prefix = LEAD_ID_PREFIX[locale];
  return rows.map((r) => {
    const day = serialDay(typeof r.createdAt === "number" && Number.isFinite(r.createdAt) ? r.createdAt : now);
    const next = (max.get(day) ?? 0) + 1;
    max.set(day, next);
    return `${prefix}-${day}-${String(next).padStart(3, "0")}`;
  });
}
