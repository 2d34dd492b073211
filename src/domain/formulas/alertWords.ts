import type { Locale } from "../types";
import { ALERT_WORDING } from "../engine/alerts";

/**
 * Alert wording written by the alert formula, taken from the engine's table
 * so the formula's text is byte-identical to the engine's (the differential
 * test compares it).
 */
export interface AlertWords {
  dormant: string;
  overduePrefix: string;
  overdueSuffix: string;
  stalledPrefix: string;
  stalledSuffix: string;
}

function words(locale: Locale): AlertWords {
  const w = ALERT_WORDING[locale];
  return {
    dormant: w.dormant,
    overduePrefix: w.overdue.prefix,
    overdueSuffix: w.overdue.suffix,
    stalledPrefix: w.stalled.prefix,
    stalledSuffix: w.stalled.suffix,
  };
}

export const ALERT_WORDS: Record<Locale, AlertWords> = { "zh-CN": words("zh-CN"), "en-US": words("en-US") };
