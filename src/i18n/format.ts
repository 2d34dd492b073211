import { formatDateTime } from "../domain/parse/dates";
import { periodLabel as domainPeriodLabel, type Period } from "../domain/parse/periods";
import type { Locale, Serial } from "../domain/types";
import { t } from "../i18n/strings";

/** `YYYY-MM-DD`, or `YYYY-MM-DD HH:mm` when `withTime`. */
export function formatSerial(serial: Serial, withTime = false): string {
  // Rounded to the minute first, so 0.999999 of a day does not show as 23:59 (or the date) of the previous day.
  const text = formatDateTime(serial);
  return withTime ? text : text.slice(0, 10);
}

/** The domain's period label (`2024`, `2024-Q2`, `2024-05`, `2025-W01`), with all time in the UI's words. */
export function periodLabel(period: Period, locale: Locale): string {
  return domainPeriodLabel(period, { zh: t("periodAll", "zh-CN"), en: t("periodAll", "en-US") }, locale);
}
