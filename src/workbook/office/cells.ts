import { type CellWrite, isFormulaCell } from "../../domain/plan/changes";

/**
 * Turning plan cells into the 2-D arrays Office.js takes, and sizing requests.
 *
 * Text safety (docs/ARCHITECTURE.md §4): a string is written into a cell whose number format
 * is set to text ("@") in the same request, just before the value. Excel keeps
 * whatever is entered into a text-formatted cell as text, so "=HYPERLINK(…)",
 * "+86 138…", "-5", "@x", "00123" and "2024-05-01" all stay exactly the
 * string given. (The other option, an apostrophe prefix, is not reliable:
 * in a cell already formatted as text the apostrophe would become part of the
 * value.) Formula cells are written through `range.formulas`.
 */
export type OfficeScalar = string | number | boolean;

export const TEXT_FORMAT = "@";

/** Excel's cell text limit. */
export const MAX_CELL_TEXT = 32_767;

export interface EncodedRows {
  /** What goes into `range.formulas` (when `hasFormulas`) or `range.values`. */
  grid: OfficeScalar[][];
  /** `range.numberFormat`; null entries leave a cell's format as it is. Omitted when all null. */
  numberFormat: (string | null)[][] | null;
  hasFormulas: boolean;
}

/** Encodes rows of plan cells; `columnFormats[j]` applies to non-text cells of column j. */
export function encodeRows(
  rows: readonly (readonly CellWrite[])[],
  width: number,
  columnFormats?: readonly (string | null)[],
): EncodedRows {
  const grid: OfficeScalar[][] = new Array(rows.length);
  const formats: (string | null)[][] = new Array(rows.length);
  let anyFormat = false;
  let hasFormulas = false;
  for (let i = 0; i < rows.length; i++) {
    const src = rows[i]!;
    const out: OfficeScalar[] = new Array(width);
    const fmt: (string | null)[] = new Array(width);
    for (let j = 0; j < width; j++) {
      const cell = j < src.length ? src[j]! : null;
      let f: string | null = columnFormats?.[j] ?? null;
      if (cell === null || cell === undefined) out[j] = "";
      else if (isFormulaCell(cell)) {
        out[j] = cell.formula;
        hasFormulas = true;
        // A formula entered into a text-formatted cell would stay text.
        if (f === TEXT_FORMAT) f = "General";
      } else if (typeof cell === "string") {
        out[j] = cell;
        if (cell !== "") f = TEXT_FORMAT;
      } else out[j] = cell;
      fmt[j] = f;
      if (f !== null) anyFormat = true;
    }
    grid[i] = out;
    formats[i] = fmt;
  }
  return { grid, numberFormat: anyFormat ? formats : null, hasFormulas };
}

/** UTF-8 size of a string without allocating (runs in the browser too). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Request size of one value as Office.js sends it (its JSON). */
export function jsonSize(v: unknown): number {
  return utf8Length(JSON.stringify(v) ?? "null");
}

/** Fixed cost we count for every queued action (object path, method name, ids). */
export const ACTION_OVERHEAD_BYTES = 160;

/** Longest text in the rows (to refuse text over Excel's cell limit before anything is written). */
export function longestText(rows: readonly (readonly CellWrite[])[]): number {
  let max = 0;
  for (const row of rows) for (const c of row) if (typeof c === "string" && c.length > max) max = c.length;
  return max;
}
