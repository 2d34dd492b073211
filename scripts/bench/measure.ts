/**
 * Read-only helpers for the bench's `measure` step: sizes and formula text of
 * a workbook's parts, read through the package engine.
 */
import { XlsxPackage as EnginePackage } from "../../src/workbook/xlsx/package/package";
import { readZip } from "../../src/workbook/xlsx/package/zip";
import { parseRange, scanSheet } from "../../src/workbook/xlsx/package/xml";

export { parseRange };

export class XlsxPackage extends EnginePackage {
  private readonly sizes: Map<string, number>;

  constructor(bytes: Uint8Array) {
    super(bytes);
    this.sizes = new Map(readZip(bytes).map((e) => [e.name, e.size]));
  }

  /** Uncompressed size of a part, from the zip directory. */
  partSize(path: string): number {
    return this.sizes.get(path) ?? 0;
  }

  /** Characters of formula text (without "=") in one row of a sheet, columns c1..c2. */
  formulaChars(sheet: string, row: number, c1: number, c2: number): number {
    const part = this.sheets().find((s) => s.name === sheet);
    if (!part) return 0;
    let n = 0;
    scanSheet(this.sheetXml(part.path), row, row, this.sharedStrings(), (_r, cell) => {
      if (cell.col >= c1 && cell.col <= c2 && cell.formula) n += cell.formula.length - 1;
    });
    this.forgetSheet(part.path);
    return n;
  }
}
