import type { ConversionRow } from "../model";
import type { Settings } from "../settings/schema";
import type { Serial } from "../types";
import { indexSettings, roleText, type SettingsIndex } from "./settingsIndex";

export interface ConversionColumns {
  /** Days in stage k (index k − 1), length N − 1 for N stages; null when not computable. */
  stageDays: (number | null)[];
  /** Closed − created in whole days, won rows only. */
  cycleDays: number | null;
  /** Name of the last stage entered, lost rows only; else "". */
  lostAtStage: string;
}

/**
 * The calculated columns of every Conversion row, by column: stageDays[k][i]
 * is the days row i spent in stage k + 1 (N − 1 columns). No object or array
 * per row. conversionColumnsAt gives one row's.
 */
export interface ConversionColumnTable {
  stageDays: (number | null)[][];
  cycleDays: (number | null)[];
  lostAtStage: string[];
  /** Helper columns: the result role as Settings shows it, the last stage with a date (1-based, 0 = none), a lost row's close date. */
  resultRole: string[];
  lastStage: number[];
  lostClose: (Serial | null)[];
}

export function newConversionColumnTable(rows: number, stageCount: number): ConversionColumnTable {
  const stageDays: (number | null)[][] = [];
  for (let k = 0; k < Math.max(0, stageCount - 1); k++) stageDays.push(new Array<number | null>(rows).fill(null));
  return {
    stageDays,
    cycleDays: new Array<number | null>(rows).fill(null),
    lostAtStage: new Array<string>(rows).fill(""),
    resultRole: new Array<string>(rows).fill(""),
    lastStage: new Array<number>(rows).fill(0),
    lostClose: new Array<Serial | null>(rows).fill(null),
  };
}

/** Row i's columns as one object. */
export function conversionColumnsAt(t: ConversionColumnTable, i: number): ConversionColumns {
  return { stageDays: t.stageDays.map((col) => col[i]), cycleDays: t.cycleDays[i], lostAtStage: t.lostAtStage[i] };
}

/**
 * The calculated columns of one Conversion row (fields/definitions.ts). Dates are compared
 * by their date part (Excel INT), so a time typed with a date never makes a
 * fractional day. `stageAt` may be the row's typed dates or the dates after
 * Refresh filled blanks (computeAll passes the latter).
 */
export function conversionColumns(
  conv: Pick<ConversionRow, "stageAt" | "result" | "closedAt" | "createdAt">,
  settings: Settings,
  stageAt: readonly (Serial | null)[] = conv.stageAt,
): ConversionColumns {
  const ix = indexSettings(settings);
  const t = newConversionColumnTable(1, ix.stageNames.length);
  conversionColumnsInto(t, 0, ix, conv, stageAt);
  return conversionColumnsAt(t, 0);
}

/**
 * conversionColumns written into row i of a table, with the Settings index
 * already looked up (computeAll's loop). Returns the row's result role
 * ("won", "lost", … or undefined), which the caller needs too.
 */
export function conversionColumnsInto(
  t: ConversionColumnTable,
  i: number,
  ix: SettingsIndex,
  conv: Pick<ConversionRow, "stageAt" | "result" | "closedAt" | "createdAt">,
  stageAt: readonly (Serial | null)[],
): string | undefined {
  const n = ix.stageNames.length;
  const role = ix.resultRole.get(conv.result);
  const days = t.stageDays;
  let last = -1;
  for (let k = 0; k < n; k++) {
    const at = stageAt[k] ?? null;
    if (at !== null) last = k;
    if (k < n - 1) {
      const next = stageAt[k + 1] ?? null;
      days[k][i] = at !== null && next !== null ? Math.floor(next) - Math.floor(at) : null;
    }
  }
  // A lost lead's last stage ends on its close date; the last stage has no duration column.
  if (role === "lost" && conv.closedAt !== null && last >= 0 && last < n - 1) {
    days[last][i] = Math.floor(conv.closedAt) - Math.floor(stageAt[last]!);
  }
  t.cycleDays[i] =
    role === "won" && conv.closedAt !== null && conv.createdAt !== null
      ? Math.floor(conv.closedAt) - Math.floor(conv.createdAt)
      : null;
  t.lostAtStage[i] = role === "lost" && last >= 0 ? ix.stageNames[last] : "";
  t.resultRole[i] = roleText(role, ix.locale);
  t.lastStage[i] = last + 1;
  t.lostClose[i] = role === "lost" && conv.closedAt !== null ? Math.floor(conv.closedAt) : null;
  return role;
}

/** Index of the highest stage with an entry date, −1 when none. */
export function lastStageWithDate(stageAt: readonly (Serial | null)[], stageCount: number): number {
  for (let k = Math.min(stageCount, stageAt.length) - 1; k >= 0; k--)
    if (stageAt[k] !== null && stageAt[k] !== undefined) return k;
  return -1;
}
