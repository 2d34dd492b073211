/**
 * What Refresh records in the workbook about itself: when it last finished and
 * for which period (issue 15 item 5). Two custom document properties, written
 * by the refresh plan on both paths (the Office adapter and the .xlsx engine
 * already handle `setProperty`), read back by the pane when it opens.
 */
import type { Change } from "./changes";
import { parsePeriod, periodLabel, type Period } from "../parse/periods";
import type { Serial } from "../types";

/** When Refresh last finished: an Excel serial (local date and time), as text. */
export const PROPERTY_REFRESHED_AT = "leadflow.refreshedAt";
/** The period of that Refresh, in its canonical form (`all`, `2024`, `2024-Q2`, `2024-06`, `2024-W23`). */
export const PROPERTY_REFRESHED_PERIOD = "leadflow.refreshedPeriod";

export interface RefreshRecord {
  refreshedAt: Serial;
  /** Null when the workbook has a time but no (readable) period, e.g. one refreshed by an older version. */
  period: Period | null;
}

/** The canonical text of a period (the one parsePeriod reads back); all time is `all` in both languages. */
export function periodKey(period: Period): string {
  return periodLabel(period, { zh: "all", en: "all" }, "en-US");
}

/** The property changes that record a Refresh. */
export function planRefreshRecord(refreshedAt: Serial, period: Period): Change[] {
  return [
    { op: "setProperty", key: PROPERTY_REFRESHED_AT, value: String(refreshedAt) },
    { op: "setProperty", key: PROPERTY_REFRESHED_PERIOD, value: periodKey(period) },
  ];
}

/** The recorded Refresh from the workbook's custom properties, or null when none was recorded. */
export function readRefreshRecord(properties: Readonly<Record<string, string>>): RefreshRecord | null {
  const at = Number(properties[PROPERTY_REFRESHED_AT]);
  if (!Number.isFinite(at) || at <= 0) return null;
  const text = properties[PROPERTY_REFRESHED_PERIOD];
  const parsed = text === undefined ? null : parsePeriod(text);
  return { refreshedAt: at, period: parsed && parsed.ok ? parsed.value : null };
}
