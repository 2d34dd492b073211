import type { CellValue } from "./types";

/**
 * The shapes of a workbook that the planner reads and plans against. They are
 * defined here, in the domain, so the domain imports nothing outside itself;
 * the port (`src/workbook/port.ts`) and its adapters produce them.
 */
export interface TableInfo {
  name: string;
  sheet: string;
  /** A1 range of header + data body, without sheet, e.g. "A1:AE501". */
  address: string;
  headers: string[];
  /** Data rows (header excluded). */
  rowCount: number;
}

export interface SheetInfo {
  name: string;
  visible: boolean;
  protected: boolean;
}

export interface WorkbookState {
  sheets: SheetInfo[];
  tables: TableInfo[];
  names: { name: string; formula: string }[];
  properties: Record<string, string>;
}

export interface TableData {
  table: TableInfo;
  /** Worksheet row number of the first data row (header row + 1). */
  firstRow: number;
  /** Values of the data body, in table column order. */
  values: CellValue[][];
  /** Formulas of the data body ("" or null where a cell holds a value), when asked for. */
  formulas?: (string | null)[][];
}

export interface ReadTableOptions {
  /** Also return the formula text of each cell (for Check's `formula-overwritten`). */
  formulas?: boolean;
}
