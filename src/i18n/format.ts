import type { PeriodFilter } from "../domain/model";
import type { Locale, Serial } from "../domain/types";
import { t } from "../i18n/strings";

const MS_PER_DAY = 86_400_000;
/** 1899-12-30, day 0 of Excel's date system, as a UTC timestamp. */
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DD`, or `YYYY-MM-DD HH:mm` when `withTime`. */
export function formatSerial(serial: Serial, withTime = false): string {
  // Round to the minute so 0.999999 of a day does not show as 23:59 of the previous day.
  const ms = Math.round((serial * MS_PER_DAY) / 60_000) * 60_000;
  const d = new Date(EXCEL_EPOCH_UTC + ms);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return withTime ? `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : day;
}

export function periodLabel(period: PeriodFilter, locale: Locale): string {
  switch (period.kind) {
    case "all":
      return t("periodAll", locale);
    case "year":
      return String(period.year);
    case "quarter":
      return `${period.year}-Q${period.quarter}`;
    case "month":
      return `${period.year}-${pad(period.month)}`;
  }
}
