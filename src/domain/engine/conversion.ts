import type { ConversionRow } from "../model";
import type { Settings } from "../settings/schema";
import type { Serial } from "../types";
import { indexSettings, type SettingsIndex } from "./settingsIndex";

export interface ConversionColumns {
  /** Days in stage k (index k − 1), length N − 1 for N stages; null when not computable. */
  stageDays: (number | null)[];
  /** Closed − created in whole days, won rows only. */
  cycleDays: number | null;
  /** Name of the last stage entered, lost rows only; else "". */
  lostAtStage: string;
}

/**
 * The calculated columns of one Conversion row (SPEC §2.3). Dates are compared
 * by their date part (Excel INT), so a time typed with a date never makes a
 * fractional day. `stageAt` may be the row's typed dates or the dates after
 * Refresh filled blanks (computeAll passes the latter).
 */
export function conversionColumns(
  conv: Pick<ConversionRow, "stageAt" | "result" | "closedAt" | "createdAt">,
  settings: Settings,
  stageAt: readonly (Serial | null)[] = conv.stageAt,
): ConversionColumns {
  return conversionColumnsIndexed(indexSettings(settings), conv, stageAt);
}

/** conversionColumns with the Settings index already looked up (the per-row loop of computeAll). */
export function conversionColumnsIndexed(
  ix: SettingsIndex,
  conv: Pick<ConversionRow, "stageAt" | "result" | "closedAt" | "createdAt">,
  stageAt: readonly (Serial | null)[],
): ConversionColumns {
  const n = ix.stageNames.length;
  const role = ix.resultRole.get(conv.result);
  const stageDays: (number | null)[] = new Array(Math.max(0, n - 1)).fill(null);
  let last = -1;
  for (let k = 0; k < n; k++) {
    const at = stageAt[k] ?? null;
    if (at !== null) last = k;
    if (k < n - 1) {
      const next = stageAt[k + 1] ?? null;
      if (at !== null && next !== null) stageDays[k] = Math.floor(next) - Math.floor(at);
    }
  }
  // A lost lead's last stage ends on its close date (SPEC §2.3); the last stage has no duration column.
  if (role === "lost" && conv.closedAt !== null && last >= 0 && last < n - 1) {
    stageDays[last] = Math.floor(conv.closedAt) - Math.floor(stageAt[last]!);
  }
  const cycleDays =
    role === "won" && conv.closedAt !== null && conv.createdAt !== null
      ? Math.floor(conv.closedAt) - Math.floor(conv.createdAt)
      : null;
  const lostAtStage = role === "lost" && last >= 0 ? ix.stageNames[last] : "";
  return { stageDays, cycleDays, lostAtStage };
}

/** Index of the highest stage with an entry date, −1 when none. */
export function lastStageWithDate(stageAt: readonly (Serial | null)[], stageCount: number): number {
  for (let k = Math.min(stageCount, stageAt.length) - 1; k >= 0; k--)
    if (stageAt[k] !== null && stageAt[k] !== undefined) return k;
  return -1;
}
