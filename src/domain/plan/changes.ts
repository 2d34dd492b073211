import type { ReviewChartSpec } from "./charts";

/**
 * The workbook plan as data: what install, refresh, import and quick entry
 * want done to a workbook. Pure planners in the domain produce `Change[]`;
 * each adapter (Office.js, xlsx file) applies the same list. Addresses are
 * plain A1 (no sheet prefix) on the named sheet, because data validation and
 * conditional-format formulas cannot use structured references.
 */

/** A plain value. Strings are ALWAYS written as text, even "=…", "+…", "-…", "@…" (docs/ARCHITECTURE.md §4). */
export type Scalar = string | number | boolean | null;

/** A formula cell: `formula` starts with "=", in the portable syntax of docs/ARCHITECTURE.md §4; `result` is the engine's value, cached in files. */
export interface FormulaCell {
  formula: string;
  result?: Scalar;
}

/** A date cell: an Excel serial written as a number with the given format. */
export type CellWrite = Scalar | FormulaCell;

export function isFormulaCell(c: CellWrite): c is FormulaCell {
  return typeof c === "object" && c !== null;
}

export interface ValidationMessage {
  title: string;
  message: string;
}

export type ValidationRule =
  /** `source` is a formula such as `=LF_List_industry` (a defined name over a Settings list). */
  | { kind: "list"; source: string }
  | {
      kind: "date" | "decimal" | "whole" | "textLength";
      operator: "between" | "greaterThanOrEqual" | "lessThanOrEqual" | "greaterThan";
      formula1: string;
      formula2?: string;
    }
  | { kind: "custom"; formula: string };

export interface Validation {
  rule: ValidationRule;
  allowBlank: boolean;
  prompt?: ValidationMessage;
  error?: ValidationMessage & { style: "stop" | "warning" | "information" };
}

/** Conditional format: formula-based only (portable to Excel, Office.js and LibreOffice). The formula is relative to the top-left cell of `address`. */
export interface ConditionalFormat {
  formula: string;
  fill?: string; // "#RRGGBB"
  fontColor?: string;
  bold?: boolean;
  stopIfTrue?: boolean;
}

export interface ProtectionOptions {
  password?: string;
  allowInsertRows: boolean;
  allowSort: boolean;
  allowAutoFilter: boolean;
  allowFormatColumns: boolean;
}

export type Change =
  /** Create the sheet if missing (never deletes one). `index` = desired position among sheets. */
  | { op: "ensureSheet"; sheet: string; index?: number; tabColor?: string; hidden?: boolean }
  /** Create an Excel table with these headers at `topLeft` if no table of that name exists. */
  | {
      op: "createTable";
      table: string;
      sheet: string;
      topLeft: string;
      headers: string[];
      style?: string;
      showTotals?: boolean;
    }
  /** Append columns at the right of an existing table (existing columns untouched). */
  | { op: "addColumns"; table: string; headers: string[] }
  /** Write a 2-D block of cells at `topLeft`. */
  | { op: "writeCells"; sheet: string; topLeft: string; cells: CellWrite[][]; numberFormats?: (string | null)[] }
  /** Append rows at the bottom of a table; each row lists cells in the table's current column order. */
  | { op: "appendRows"; table: string; rows: CellWrite[][] }
  /** Write cells of one table column for the given data-row indexes (0-based within the data body). */
  | { op: "writeTableColumn"; table: string; column: string; rowIndexes: number[]; cells: CellWrite[] }
  /** Replace an add-in-owned table (review tables) wholesale: delete it if present, write headers + rows at topLeft. */
  | {
      op: "replaceTable";
      table: string;
      sheet: string;
      topLeft: string;
      headers: string[];
      rows: CellWrite[][];
      numberFormats?: (string | null)[];
      style?: string;
    }
  /** Clear a rectangle of an add-in-owned sheet (values and formats). */
  | { op: "clearRange"; sheet: string; address: string }
  | { op: "setValidation"; sheet: string; address: string; validation: Validation }
  /** Remove every conditional format the add-in owns on `address`, then add these, in priority order. */
  | { op: "setConditionalFormats"; sheet: string; address: string; formats: ConditionalFormat[] }
  | { op: "setNumberFormat"; sheet: string; address: string; format: string }
  | { op: "setColumnWidths"; sheet: string; widths: { column: string; width: number }[] }
  | {
      op: "setFont";
      sheet: string;
      address: string;
      bold?: boolean;
      color?: string;
      size?: number;
      fill?: string;
      wrap?: boolean;
    }
  | { op: "freezePanes"; sheet: string; rows: number; columns: number }
  | { op: "groupColumns"; sheet: string; fromColumn: string; toColumn: string }
  | { op: "setDefinedName"; name: string; formula: string; comment?: string }
  | { op: "protectSheet"; sheet: string; options: ProtectionOptions; unlockedAddresses: string[] }
  | { op: "unprotectSheet"; sheet: string; password?: string }
  /** Workbook-level key/value kept in the file (locale, template version). */
  | { op: "setProperty"; key: string; value: string }
  /**
   * (Re)draw the review charts over the review tables, after the plan's other changes. A chart
   * the host refuses is a warning of the apply (`ApplyOutcome`), never a failed plan; an adapter
   * that draws no charts says so in its handler.
   */
  | { op: "reviewCharts"; spec: ReviewChartSpec }
  /**
   * LeadFlow's PivotTable over an input table (built by src/domain/plan/pivot.ts). The adapter:
   * - a PivotTable named `name` exists (on any sheet): refresh it, and nothing else — its
   *   layout, place and sheet are the manager's now;
   * - else, no sheet `sheet` exists: add the sheet (last) and the PivotTable at `topLeft`
   *   with this layout;
   * - else (a sheet of that name without our PivotTable): write nothing, say so.
   * Like `reviewCharts`, a PivotTable the host refuses is a notice of the apply, never a failed plan.
   */
  | {
      op: "pivotTable";
      name: string;
      sheet: string;
      topLeft: string;
      sourceTable: string;
      /** Headers of the source table, in axis order. */
      rows: string[];
      columns: string[];
      values: PivotValue[];
    };

/** The `pivotTable` change (its handlers' argument). */
export type PivotTableChange = Extract<Change, { op: "pivotTable" }>;

/** A data field of a PivotTable: `column` of the source table, summarized, shown as `caption`. */
export interface PivotValue {
  column: string;
  caption: string;
  summarizeBy: "count";
}

export type ChangeOp = Change["op"];

/** One handler per op, typed over every op of `Change`: an op added to the plan fails to compile in every adapter until it handles it. */
export type ChangeHandlers<R> = { [K in ChangeOp]: (change: Extract<Change, { op: K }>) => R };

/** Every op, once (a Record over ChangeOp: an op added to Change must be listed here too). */
const CHANGE_OPS: Record<ChangeOp, true> = {
  ensureSheet: true,
  createTable: true,
  addColumns: true,
  writeCells: true,
  appendRows: true,
  writeTableColumn: true,
  replaceTable: true,
  clearRange: true,
  setValidation: true,
  setConditionalFormats: true,
  setNumberFormat: true,
  setColumnWidths: true,
  setFont: true,
  freezePanes: true,
  groupColumns: true,
  setDefinedName: true,
  protectSheet: true,
  unprotectSheet: true,
  setProperty: true,
  reviewCharts: true,
  pivotTable: true,
};

/** The first change whose op is not a `Change` op (checked before a plan's first write), else undefined. */
export function unknownChange(changes: readonly Change[]): Change | undefined {
  return changes.find((c) => {
    const op: unknown = (c as { op?: unknown }).op;
    return typeof op !== "string" || !Object.prototype.hasOwnProperty.call(CHANGE_OPS, op);
  });
}

/** The error an adapter raises for a change whose op it does not know. */
export function unknownOpError(op: unknown): Error {
  return new Error(`Unknown change op ${JSON.stringify(op)}: no handler applies it`);
}

/**
 * Applies one change with its op's handler. An op no handler knows (a plan from a newer
 * version, or data that is not a plan) raises instead of being ignored.
 */
export function applyChange<R>(
  handlers: ChangeHandlers<R>,
  change: Change,
  unknown: (op: unknown) => Error = unknownOpError,
): R {
  const op: unknown = (change as { op?: unknown }).op;
  const handler =
    typeof op === "string" && Object.prototype.hasOwnProperty.call(handlers, op)
      ? (handlers as unknown as Record<string, (c: Change) => R>)[op]
      : undefined;
  if (!handler) throw unknown(op);
  return handler(change);
}
