import type { Change } from "../domain/plan/changes";
import type { CellValue, L10n } from "../domain/types";

/**
 * The port: the only way operations touch a workbook. Two adapters implement
 * it: `office/` (Office.js, in Excel) and `xlsx/` (files, Node only).
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

/**
 * Progress of an apply: changes done of the total, `label` the op of the change in hand.
 * An adapter that draws no review charts reports no `reviewCharts` step.
 */
export interface ApplyProgress {
  (done: number, total: number, label: string): void;
}

/** What an apply reports besides success: steps that may fail without failing the plan. */
export interface ApplyOutcome {
  /** The review charts of a `reviewCharts` change were drawn, all of them (false: some were not; absent: this adapter draws none). */
  chartsDrawn?: boolean;
  /** Charts the host did not draw (the rest of the plan is written all the same), in both languages. */
  warnings?: L10n[];
}

export interface WorkbookPort {
  readState(): Promise<WorkbookState>;
  /** Read whole tables in as few round trips as possible; a missing table is absent from the result. */
  readTables(names: string[], options?: ReadTableOptions): Promise<Map<string, TableData>>;
  /** Read a rectangle of plain values on a sheet. */
  readRange(sheet: string, address: string): Promise<CellValue[][]>;
  /** Apply changes in order. Either all sheets touched are written, or an error says which were not. */
  apply(changes: Change[], progress?: ApplyProgress): Promise<ApplyOutcome | void>;
}

/** Errors an adapter raises with a stable code so every shell can explain them in both languages. */
export class WorkbookError extends Error {
  constructor(
    readonly code:
      | "not-found"
      | "not-xlsx"
      | "unreadable"
      | "locked"
      | "busy"
      | "protected"
      | "table-missing"
      | "too-large"
      | "table-growth"
      | "filtered"
      | "would-lose-content"
      | "sync-failed"
      | "closed",
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = "WorkbookError";
  }
}
