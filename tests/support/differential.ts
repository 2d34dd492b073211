/**
 * The differential test's machinery (docs/ARCHITECTURE.md §5): every formula cell the add-in
 * writes carries the engine's value as its cached result; LibreOffice
 * recalculates the file independently; each cell's two values must agree.
 */
import { readFileSync } from "node:fs";
import type { CellValue } from "../../src/domain/types";
import { XlsxWorkbook } from "./exceljs";

export interface Mismatch {
  sheet: string;
  address: string;
  formula: string;
  engine: CellValue;
  libreoffice: CellValue | "<formula lost>";
}

export interface Comparison {
  compared: number;
  mismatches: Mismatch[];
  /** Compared cells per sheet. */
  bySheet: Record<string, number>;
}

const isBlank = (v: CellValue | undefined) => v === null || v === undefined || v === "";

/**
 * LibreOffice saves numbers with 15 significant digits (Excel's own display
 * precision), so numbers are compared at that precision — exactly, not
 * within a tolerance. Texts must be byte-identical; blank equals blank
 * (an empty-text result is read back as no value).
 */
export function sameValue(engine: CellValue, lo: CellValue): boolean {
  if (isBlank(engine) || isBlank(lo)) return isBlank(engine) && isBlank(lo);
  if (typeof engine === "number" && typeof lo === "number")
    return Number(engine.toPrecision(15)) === Number(lo.toPrecision(15));
  if (engine instanceof Date || lo instanceof Date) return false;
  return typeof engine === typeof lo && engine === lo;
}

export function compareFormulaCells(ours: XlsxWorkbook, recalculated: XlsxWorkbook): Comparison {
  const lo = new Map(recalculated.formulaCells().map((c) => [`${c.sheet}!${c.address}`, c]));
  const out: Comparison = { compared: 0, mismatches: [], bySheet: {} };
  for (const cell of ours.formulaCells()) {
    out.compared++;
    out.bySheet[cell.sheet] = (out.bySheet[cell.sheet] ?? 0) + 1;
    const other = lo.get(`${cell.sheet}!${cell.address}`);
    if (!other) {
      out.mismatches.push({
        sheet: cell.sheet,
        address: cell.address,
        formula: cell.formula,
        engine: cell.result,
        libreoffice: "<formula lost>",
      });
      continue;
    }
    if (!sameValue(cell.result, other.result))
      out.mismatches.push({
        sheet: cell.sheet,
        address: cell.address,
        formula: cell.formula,
        engine: cell.result,
        libreoffice: other.result,
      });
  }
  return out;
}

export function describeMismatches(label: string, c: Comparison, max = 15): string {
  const lines = [`${label}: ${c.compared} formula cells compared, ${c.mismatches.length} mismatches`];
  for (const m of c.mismatches.slice(0, max))
    lines.push(
      `  ${m.sheet}!${m.address}  engine=${JSON.stringify(m.engine)}  libreoffice=${JSON.stringify(m.libreoffice)}  ${m.formula}`,
    );
  if (c.mismatches.length > max) lines.push(`  … ${c.mismatches.length - max} more`);
  return lines.join("\n");
}

export async function loadFile(path: string): Promise<XlsxWorkbook> {
  return XlsxWorkbook.fromBytes(new Uint8Array(readFileSync(path)));
}

/** Top-left cell of the first range of an sqref ("C2:C1048576 E2" → "C2"). */
export function topLeftOf(sqref: string): string {
  return sqref.split(/\s+/)[0].split(":")[0].replace(/\$/g, "");
}

/** Rules that went missing in the LibreOffice round trip: validations by (top-left, type, source), conditional formats by top-left and count. */
export function missingRules(ours: XlsxWorkbook, recalculated: XlsxWorkbook, sheets: string[]): string[] {
  const missing: string[] = [];
  for (const sheet of sheets) {
    const theirs = recalculated.validations(sheet);
    for (const v of ours.validations(sheet)) {
      const tl = topLeftOf(v.sqref);
      const found = theirs.some(
        (t) => t.sqref.split(/\s+/).some((r) => topLeftOf(r) === tl) && t.type === v.type && t.formula1 === v.formula1,
      );
      if (!found) missing.push(`${sheet} validation ${v.sqref} ${v.type} ${v.formula1}`);
    }
    const theirCf = recalculated.conditionalFormats(sheet);
    for (const cf of ours.conditionalFormats(sheet)) {
      const tl = topLeftOf(cf.ref);
      const rules = theirCf
        .filter((t) => t.ref.split(/\s+/).some((r) => topLeftOf(r) === tl))
        .reduce((n, t) => n + t.formulas.length, 0);
      if (rules < cf.formulas.length)
        missing.push(
          `${sheet} conditional formats on ${cf.ref}: ${cf.formulas.length} written, ${rules} after LibreOffice`,
        );
    }
  }
  return missing;
}
