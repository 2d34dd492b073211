import type { Period } from "../domain/parse/periods";
import { formatDateTime } from "../domain/parse/dates";
import type { Locale, Serial } from "../domain/types";
import { t } from "../i18n/strings";

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DD`, or `YYYY-MM-DD HH:mm` when `withTime`. */
export function formatSerial(serial: Serial, withTime = false): string {
  // Rounded to the minute first, so 0.999999 of a day does not show as 23:59 (or the date) of the previous day.
  const text = formatDateTime(serial);
  return withTime ? text : text.slice(0, 10);
}

export function periodLabel(period: Period, locale: Locale): string {
  switch (period.kind) {
    case "all":
      return t("periodAll", locale);
    case "year":
      return String(period.year);
    case "quarter":
      return `${period.year}-Q${period.quarter}`;
    case "month":
      return `${period.year}-${pad(period.month)}`;
    case "week":
      return `${period.year}-W${pad(period.week)}`;
  }
}
