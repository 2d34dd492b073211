import type { Change } from "../../domain/plan/changes";
import { WorkbookError } from "../port";
import { parseRect0 } from "./a1";
import type { SyncSession } from "./session";

/**
 * The preflight of an apply (Office): the plan is walked against the workbook as
 * it is and as the plan changes it, and everything Excel would refuse half way
 * (a missing table or column, a protected sheet, a filtered table) is refused
 * before the first write, so those failures change nothing.
 */

/** A sheet as the plan sees it while it is applied. */
export interface VSheet {
  name: string;
  protected: boolean;
  existed: boolean;
}

export interface VTable {
  name: string;
  sheet: string;
  /** 0-based header row and first column. */
  row: number;
  col: number;
  headers: string[];
  /** Data rows as Excel counts them (a new table has one blank row). */
  rows: number;
  /** The only data row is Excel's blank placeholder row. */
  blankRow: boolean;
  existed: boolean;
}

/**
 * Excel's placeholder row: a table always has a data row, so an empty table
 * has one whose cells are blank or only formulas (calculated columns fill it).
 * It is not data: reads leave it out, and the first appended row goes into it.
 * Read from `formulas` (a formula shows its text, a typed value itself).
 */
export function isPlaceholderRow(formulas: unknown[] | undefined): boolean {
  return !formulas || formulas.every((v) => v === "" || v === null || (typeof v === "string" && v.startsWith("=")));
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Sheets and tables a change touches (for the protected check and error reports). */
export function touched(
  c: Change,
  tableSheet: (t: string) => string | undefined,
): { sheet?: string; table?: string; writes: boolean } {
  switch (c.op) {
    case "ensureSheet":
      return { sheet: c.sheet, writes: false };
    case "createTable":
    case "replaceTable":
      return { sheet: c.sheet, table: c.table, writes: true };
    case "addColumns":
    case "appendRows":
    case "writeTableColumn": {
      const sheet = tableSheet(c.table);
      return { ...(sheet ? { sheet } : {}), table: c.table, writes: true };
    }
    case "setDefinedName":
    case "setProperty":
    case "reviewCharts": // drawn after the writes, in a session of their own; a failure is a warning
    case "pivotTable": // made or refreshed after the writes, in a session of its own; a failure is a notice
      return { writes: false };
    case "protectSheet":
    case "unprotectSheet":
      return { sheet: c.sheet, writes: false };
    default:
      return { sheet: c.sheet, writes: true };
  }
}

/**
 * A table with hidden rows (a seller filtered Leads by owner). Refused rather than
 * cleared: the filter is the person's working view, and LeadFlow does not change it
 * behind their back; the message says how to clear it in one step.
 */
export function filteredError(table: string, sheet: string, rows: number, visible: number): WorkbookError {
  return new WorkbookError(
    "filtered",
    `表格“${table}”（工作表“${sheet}”）已筛选或隐藏了部分行（显示 ${visible} / ${rows} 行）。在筛选状态下写入，Excel 可能把数据写到错误的行，所以 LeadFlow 没有做任何更改。请先清除筛选（“数据 > 清除”）并取消隐藏行，然后重试。/ Table "${table}" (sheet "${sheet}") is filtered or has hidden rows (${visible} of ${rows} rows shown). Excel can put data written into a filtered table in the wrong rows, so LeadFlow changed nothing. Clear the filter (Data > Clear) and unhide the rows, then try again.`,
    `${table}: ${visible}/${rows} rows visible`,
  );
}

/** Walks the plan against the workbook as it is and as the plan changes it; throws before any write. */
export function checkPlan(changes: Change[], vsheetsIn: Map<string, VSheet>, vtablesIn: Map<string, VTable>): void {
  const sheets = new Map([...vsheetsIn].map(([k, v]) => [k, { ...v }]));
  // `rows`: physical data rows (an empty table has its placeholder row); `placeholder`: that row is still free.
  const tables = new Map(
    [...vtablesIn].map(([k, v]) => [
      k,
      { sheet: v.sheet, headers: [...v.headers], rows: v.rows, placeholder: v.blankRow },
    ]),
  );
  const created = new Set<string>();
  const missingTable = (name: string): WorkbookError =>
    new WorkbookError(
      "table-missing",
      `找不到表格“${name}”：它可能已被重命名或删除。请恢复原名称后重试。/ Table "${name}" was not found: it may have been renamed or deleted. Restore its name and try again.`,
      name,
    );
  for (const c of changes) {
    if (c.op === "ensureSheet") {
      if (!sheets.has(c.sheet.toLowerCase()))
        sheets.set(c.sheet.toLowerCase(), { name: c.sheet, protected: false, existed: false });
      continue;
    }
    if (c.op === "createTable" || c.op === "replaceTable") {
      if (!sheets.has(c.sheet.toLowerCase()))
        throw new WorkbookError(
          "table-missing",
          `找不到工作表“${c.sheet}”。/ Sheet "${c.sheet}" was not found.`,
          c.sheet,
        );
      if (c.op === "replaceTable" || !tables.has(c.table.toLowerCase())) {
        const rows = c.op === "replaceTable" ? c.rows.length : 0;
        tables.set(c.table.toLowerCase(), {
          sheet: c.sheet,
          headers: [...c.headers],
          rows: Math.max(1, rows),
          placeholder: rows === 0,
        });
        created.add(c.table.toLowerCase());
      }
    }
    const t = touched(c, (name) => tables.get(name.toLowerCase())?.sheet);
    if (t.table && !tables.has(t.table.toLowerCase())) throw missingTable(t.table);
    if (c.op === "writeTableColumn") {
      const vt = tables.get(c.table.toLowerCase())!;
      if (!vt.headers.some((h) => sameName(h, c.column)))
        throw new WorkbookError(
          "table-missing",
          `表格“${c.table}”中找不到列“${c.column}”：它可能已被重命名或删除。/ Column "${c.column}" of table "${c.table}" was not found: it may have been renamed or deleted.`,
          `${c.table}[${c.column}]`,
        );
      const bad = c.rowIndexes.find((r) => r < 0 || r >= vt.rows);
      if (bad !== undefined)
        throw new WorkbookError(
          "table-missing",
          `表格“${c.table}”没有第 ${bad + 1} 行数据。/ Table "${c.table}" has no data row ${bad + 1}.`,
          `${c.table}#${bad}`,
        );
      if (c.rowIndexes.length !== c.cells.length)
        throw new Error(
          `writeTableColumn ${c.table}[${c.column}]: ${c.rowIndexes.length} indexes for ${c.cells.length} cells`,
        );
    }
    if (c.op === "addColumns") tables.get(c.table.toLowerCase())!.headers.push(...c.headers);
    if (c.op === "appendRows") {
      const vt = tables.get(c.table.toLowerCase())!;
      const wide = c.rows.find((r) => r.length > vt.headers.length);
      if (wide)
        throw new Error(`appendRows ${c.table}: a row has ${wide.length} cells for ${vt.headers.length} columns`);
      if (c.rows.length) {
        vt.rows += vt.placeholder ? c.rows.length - 1 : c.rows.length;
        vt.placeholder = false;
      }
    }
    if (t.sheet) {
      const vs = sheets.get(t.sheet.toLowerCase());
      if (!vs && c.op !== "unprotectSheet")
        throw new WorkbookError(
          "table-missing",
          `找不到工作表“${t.sheet}”。/ Sheet "${t.sheet}" was not found.`,
          t.sheet,
        );
      if (vs && c.op === "unprotectSheet") vs.protected = false;
      else if (vs && c.op === "protectSheet") vs.protected = true;
      else if (vs && t.writes && vs.protected)
        throw new WorkbookError(
          "protected",
          `工作表“${vs.name}”受保护，无法写入；未做任何更改。请撤消工作表保护后重试。/ Sheet "${vs.name}" is protected and cannot be written; nothing was changed. Unprotect it and try again.`,
          vs.name,
        );
    }
  }
}

/**
 * Preflight request 2 of an apply: the geometry of the existing tables the plan
 * touches (address, headers, the placeholder row) and, for tables that get rows
 * written, their visible rows. One sync, none when the plan names no existing table.
 */
export async function readPlanTables(
  s: SyncSession,
  changes: Change[],
  tables: Excel.Table[],
): Promise<Map<string, VTable>> {
  const referenced = new Set<string>();
  for (const c of changes) if ("table" in c) referenced.add(c.table.toLowerCase());
  const existing = tables.filter((t) => referenced.has(t.name.toLowerCase())); // ExcelApi 1.1
  // Tables that get rows written: their visible rows, to refuse writing into a filtered table.
  const rowWrites = new Set<string>();
  for (const c of changes)
    if (c.op === "appendRows" || c.op === "writeTableColumn") rowWrites.add(c.table.toLowerCase());
  const geo = existing.map((t) => ({
    t,
    range: t.getRange().load("address"), // ExcelApi 1.1
    header: t.getHeaderRowRange().load("values"), // ExcelApi 1.1
    first: t.getDataBodyRange().getRow(0).load("formulas"), // ExcelApi 1.1
    visible: rowWrites.has(t.name.toLowerCase())
      ? t.getDataBodyRange().getVisibleView().load("rowCount") // ExcelApi 1.3
      : undefined,
  }));
  if (geo.length) {
    s.add(0);
    await s.sync();
  }
  const vtables = new Map<string, VTable>();
  for (const g of geo) {
    const r = parseRect0(g.range.address); // ExcelApi 1.1
    const rows = g.t.rows.count; // ExcelApi 1.1
    vtables.set(g.t.name.toLowerCase(), {
      name: g.t.name, // ExcelApi 1.1
      sheet: g.t.worksheet.name, // ExcelApi 1.2
      row: r.row,
      col: r.col,
      headers: (g.header.values[0] ?? []).map((h) => String(h)),
      rows,
      blankRow: rows === 1 && isPlaceholderRow(g.first.formulas[0]),
      existed: true,
    });
    // Rows hidden by a filter (or by hand): Excel writes into a filtered range land in the wrong
    // rows (office-js#224), so nothing is written; the person clears the filter and tries again.
    if (g.visible && g.visible.rowCount < rows)
      throw filteredError(g.t.name, g.t.worksheet.name, rows, g.visible.rowCount); // ExcelApi 1.3
  }
  return vtables;
}
