/**
 * Shared primitive types of the pure domain. No Office, no I/O here.
 *
 * Dates are Excel serial numbers everywhere in the domain (days since
 * 1899-12-30; a fraction is the time of day). That is what a cell holds, so a
 * value read from a workbook, a value computed by the engine and a value a
 * formula produces can be compared without time-zone drift.
 */
export type Locale = "zh-CN" | "en-US";
export const LOCALES: readonly Locale[] = ["zh-CN", "en-US"];

/** Text in both locales. */
export interface L10n {
  zh: string;
  en: string;
}

export function tr(text: L10n, locale: Locale): string {
  return locale === "zh-CN" ? text.zh : text.en;
}

/**
 * Index of the first header that reads `label` in either language (spaces around it ignored), or -1:
 * the one resolver for columns of LeadFlow's own tables (Settings lists and parameters, the sales review).
 */
export function labelColumn(headers: readonly unknown[], label: L10n): number {
  return headers.findIndex((h) => {
    const text = typeof h === "string" ? h.trim() : "";
    return text !== "" && (text === label.zh || text === label.en);
  });
}

/** An Excel date serial (days since 1899-12-30, fraction = time of day). */
export type Serial = number;

/** A raw cell value as read from either adapter. Dates may arrive as serials, JS Dates or text. */
export type CellValue = string | number | boolean | Date | null;

/** The stable names of the input tables (identical in both locales). */
export type InputTableName = "Leads" | "FollowUps" | "Conversion" | "ChannelCosts";
