/**
 * The Settings sheet rewritten from an edited Settings (the pane's Settings
 * view): only the cells whose value changes are written, in place, in the
 * tables the admin may have moved anywhere. What is missing (a deleted list
 * table, a parameter row) is created by the Settings sheet planner
 * (settingsSheet.ts) with the edited values, so the sheet always reads back
 * as the edit (settings/fromRows.ts).
 *
 * A list is written from its first data row down: option i of the edit goes to
 * row i; an edit longer than the table appends rows; rows left over by a
 * shorter edit are blanked (there is no row deletion: a blank row at the end
 * of a list is read as nothing, and the dropdowns count filled cells only).
 * Columns the admin added to a list table are never written.
 */
import { LIST_KEYS, type ListKey } from "../fields/lists";
import {
  LIST_COLUMN_HEADERS,
  PARAMS_COLUMN_HEADERS,
  PARAMS_TABLE,
  PARAM_KEYS,
  listColumns,
  listTableName,
} from "../formulas/names";
import type { Settings } from "../settings/schema";
import { labelColumn, type CellValue, type L10n, type Locale } from "../types";
import type { TableData, WorkbookState } from "../workbookShapes";
import type { Change, Scalar } from "./changes";
import { PARAM_DEFS, listRows, planSettingsSheet } from "./settingsSheet";

export interface SettingsWriteInput {
  state: WorkbookState;
  /** The Settings tables as read (values), by table name. */
  tables: Map<string, TableData>;
  /** The edited Settings (valid: see settings/edit.ts). */
  settings: Settings;
  /**
   * The Settings as read before the edit. When given, a parameter the edit leaves at its value is not
   * written, even when its cell holds something the sheet read as that value (a broken value that fell
   * back to its default stays as the admin typed it, with its warning).
   */
  current?: Settings;
  locale: Locale;
}

export interface SettingsWritePlan {
  changes: Change[];
  /** Cells written in existing Settings tables (values that change) plus rows appended. */
  cellsWritten: number;
  /** Tables or parameter rows that were missing and are created. */
  created: string[];
  /** Parts of the edit the sheet has no place for (a list table without its points column), in both languages. */
  notWritten: L10n[];
}

function norm(v: CellValue | Scalar | undefined): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === "string") return v.trim() === "" ? null : v.trim();
  return v;
}

/** True when the cell already holds the value (numbers to 1e-12, text trimmed, blank = empty text). */
export function sameCell(cell: CellValue | undefined, value: Scalar): boolean {
  const a = norm(cell);
  const b = norm(value);
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
  return a === b;
}

/** One writeTableColumn per column with changed cells. */
class ColumnWrites {
  private byColumn = new Map<string, { rowIndexes: number[]; cells: Scalar[] }>();
  count = 0;
  constructor(private readonly table: string) {}
  put(column: string, rowIndex: number, value: Scalar): void {
    let w = this.byColumn.get(column);
    if (!w) this.byColumn.set(column, (w = { rowIndexes: [], cells: [] }));
    w.rowIndexes.push(rowIndex);
    w.cells.push(value);
    this.count++;
  }
  changes(): Change[] {
    return [...this.byColumn].map(([column, w]) => ({ op: "writeTableColumn", table: this.table, column, ...w }));
  }
}

function planParams(
  data: TableData,
  s: Settings,
  skip: Set<string>,
  current: Settings | undefined,
): { changes: Change[]; count: number } {
  const headers = data.table.headers;
  const ki = Math.max(0, labelColumn(headers, PARAMS_COLUMN_HEADERS.key));
  const found = labelColumn(headers, PARAMS_COLUMN_HEADERS.value);
  const vi = found >= 0 ? found : Math.min(2, headers.length - 1);
  const rowOf = new Map<string, number>();
  data.values.forEach((r, i) => {
    const k = String(r[ki] ?? "").trim();
    if (k && !rowOf.has(k)) rowOf.set(k, i);
  });
  const writes = new ColumnWrites(PARAMS_TABLE);
  for (const k of PARAM_KEYS) {
    const i = rowOf.get(k);
    if (i === undefined || skip.has(k)) continue; // a missing row is appended by the Settings sheet planner
    const value = PARAM_DEFS[k].value(s);
    if (current && PARAM_DEFS[k].value(current) === value) continue;
    if (!sameCell(data.values[i][vi], value)) writes.put(headers[vi], i, value);
  }
  return { changes: writes.changes(), count: writes.count };
}

function planList(
  key: ListKey,
  data: TableData,
  s: Settings,
  locale: Locale,
  notWritten: L10n[],
): { changes: Change[]; count: number } {
  const table = listTableName(key);
  const headers = data.table.headers;
  const cols = listColumns(key);
  const at = cols.map((c) => {
    const i = labelColumn(headers, LIST_COLUMN_HEADERS[c]);
    return c === "option" ? Math.max(0, i) : i;
  });
  cols.forEach((c, j) => {
    if (at[j] < 0 && c !== "option" && s.lists[key].some((o) => o[c] !== undefined))
      notWritten.push({
        zh: `表格 ${table} 没有“${LIST_COLUMN_HEADERS[c].zh}”列，此列的值未写入`,
        en: `Table ${table} has no "${LIST_COLUMN_HEADERS[c].en}" column; its values were not written`,
      });
  });
  const rows = listRows(s, key, locale);
  const writes = new ColumnWrites(table);
  const existing = data.values.length;
  for (let i = 0; i < existing; i++)
    cols.forEach((_, j) => {
      if (at[j] < 0) return;
      const value = i < rows.length ? rows[i][j] : null;
      if (!sameCell(data.values[i][at[j]], value)) writes.put(headers[at[j]], i, value);
    });
  const changes = writes.changes();
  let count = writes.count;
  if (rows.length > existing) {
    const appended = rows.slice(existing).map((r) => {
      const row: Scalar[] = headers.map(() => null);
      cols.forEach((_, j) => {
        if (at[j] >= 0) row[at[j]] = r[j];
      });
      return row;
    });
    changes.push({ op: "appendRows", table, rows: appended });
    count += appended.length;
  }
  return { changes, count };
}

/** Plan the Settings sheet as `settings`: changed cells in place, missing parts created. */
export function planSettingsWrite(input: SettingsWriteInput): SettingsWritePlan {
  const { state, tables, settings, locale } = input;
  const changes: Change[] = [];
  const notWritten: L10n[] = [];
  const params = tables.get(PARAMS_TABLE);
  // Missing tables and parameter rows, with the edited values; the defined names follow what is created.
  const base = planSettingsSheet({ state, settings, locale, params });
  const created = [...base.createdTables, ...base.addedParams];
  if (created.length > 0) changes.push(...base.changes, ...base.names);
  let cellsWritten = 0;
  if (params && !base.createdTables.includes(PARAMS_TABLE)) {
    const p = planParams(params, settings, new Set(base.addedParams), input.current);
    changes.push(...p.changes);
    cellsWritten += p.count;
  }
  for (const key of LIST_KEYS) {
    const data = tables.get(listTableName(key));
    if (!data || base.createdTables.includes(listTableName(key))) continue;
    const l = planList(key, data, settings, locale, notWritten);
    changes.push(...l.changes);
    cellsWritten += l.count;
  }
  return { changes, cellsWritten, created, notWritten };
}
