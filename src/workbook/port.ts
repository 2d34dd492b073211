import type { Change } from "../domain/plan/changes";
import type { ReadTableOptions, TableData, WorkbookState } from "../domain/workbookShapes";
import type { CellValue, L10n } from "../domain/types";

export type { ReadTableOptions, SheetInfo, TableData, TableInfo, WorkbookState } from "../domain/workbookShapes";

/**
 * The port: the only way operations touch a workbook. Two adapters implement
 * it: `office/` (Office.js, in Excel) and `xlsx/` (files, Node only). The
 * workbook shapes it returns are domain types (src/domain/workbookShapes.ts).
 */
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
  /** What became of a `pivotTable` change (absent: the plan had none, or this adapter makes none). */
  pivot?: PivotOutcome;
}

/**
 * A `pivotTable` change applied: `created` (sheet and PivotTable added), `refreshed` (ours was
 * there: refreshed, its layout kept), `sheet-taken` (a sheet of that name without our PivotTable:
 * nothing written), `unsupported` (the host lacks the API) or `failed` (the host refused it; the
 * rest of the plan is written). Every status but the first two comes with a notice in both languages.
 */
export interface PivotOutcome {
  name: string;
  sheet: string;
  status: "created" | "refreshed" | "sheet-taken" | "unsupported" | "failed";
  notice?: L10n;
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
