import type { PivotTableChange } from "../../domain/plan/changes";
import { pivotSheetTakenNotice } from "../../domain/plan/pivot";
import type { L10n } from "../../domain/types";
import type { PivotOutcome } from "../port";
import type { Capabilities } from "./apiSets";
import { isOfficeError, officeErrorCode } from "./errors";
import type { SyncSession } from "./session";

/**
 * The Leads PivotTable on Office (issue 14 item 7): the `pivotTable` change, applied after the
 * plan's writes are synced, in a session of its own (like the review charts), so a PivotTable
 * Excel refuses is a notice and never a failed Refresh.
 *
 * - Ours exists (`workbook.pivotTables.getItemOrNullObject(name)`, on any sheet): `refresh()`
 *   only. Its layout, place and sheet are the manager's; nothing else is touched.
 * - Else, no sheet of that name: add the sheet, `pivotTables.add(name, table, destination)`
 *   (ExcelApi 1.8) at the top-left cell, then the row, column and data hierarchies; the data
 *   hierarchy counts (`AggregationFunction.count`, COUNTA) under its caption.
 * - Else (someone's sheet of that name): nothing is written.
 * Two syncs to create or refresh: look, then act.
 */

function notice(c: PivotTableChange, status: PivotOutcome["status"], why = ""): L10n {
  switch (status) {
    case "sheet-taken":
      return pivotSheetTakenNotice(c.sheet);
    case "unsupported":
      return {
        zh: "此版本的 Excel 不支持通过加载项创建数据透视表（需要 ExcelApi 1.8）；其余内容已刷新。",
        en: "This version of Excel cannot make PivotTables from an add-in (ExcelApi 1.8 is needed); everything else is refreshed.",
      };
    default:
      return {
        zh: `数据透视表“${c.name}”未能创建或刷新${why}；复盘表的数据已经写好。`,
        en: `The PivotTable "${c.name}" could not be made or refreshed${why}; the review tables are written.`,
      };
  }
}

export async function applyPivotTable(s: SyncSession, c: PivotTableChange, caps: Capabilities): Promise<PivotOutcome> {
  const base = { name: c.name, sheet: c.sheet };
  if (!caps.excelApi1_8) return { ...base, status: "unsupported", notice: notice(c, "unsupported") };
  const wb = s.ctx.workbook;
  const existing = wb.pivotTables.getItemOrNullObject(c.name); // ExcelApi 1.3 / 1.4
  existing.load("name,worksheet/name"); // ExcelApi 1.3
  const sheet = wb.worksheets.getItemOrNullObject(c.sheet); // ExcelApi 1.4
  sheet.load("name"); // ExcelApi 1.1
  s.add(0);
  await s.sync();

  // eslint-disable-next-line office-addins/call-sync-before-read -- synced by s.sync() above
  const ours = !existing.isNullObject; // ExcelApi 1.4
  // eslint-disable-next-line office-addins/call-sync-before-read -- synced by s.sync() above
  const taken = !sheet.isNullObject; // ExcelApi 1.4
  if (ours) {
    existing.refresh(); // ExcelApi 1.3
    s.add(0);
    try {
      await s.sync();
    } catch (e) {
      if (!isOfficeError(e)) throw e;
      return { ...base, status: "failed", notice: notice(c, "failed", why(e)) };
    }
    // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/call-sync-after-load -- synced by s.sync() above
    const name = existing.name; // ExcelApi 1.3
    // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/call-sync-after-load -- synced by s.sync() above
    return { name, sheet: existing.worksheet.name, status: "refreshed" }; // ExcelApi 1.3 / 1.1
  }
  if (taken) return { ...base, status: "sheet-taken", notice: notice(c, "sheet-taken") };

  const ws = wb.worksheets.add(c.sheet); // ExcelApi 1.1
  try {
    // The destination is a range of the sheet whose collection adds it: a destination on another
    // sheet fails (office-js-docs-pr#251).
    const pt = ws.pivotTables.add(c.name, wb.tables.getItem(c.sourceTable), ws.getRange(c.topLeft)); // ExcelApi 1.8
    for (const h of c.rows) pt.rowHierarchies.add(pt.hierarchies.getItem(h)); // ExcelApi 1.8
    for (const h of c.columns) pt.columnHierarchies.add(pt.hierarchies.getItem(h)); // ExcelApi 1.8
    for (const v of c.values) {
      const data = pt.dataHierarchies.add(pt.hierarchies.getItem(v.column)); // ExcelApi 1.8
      data.summarizeBy = Excel.AggregationFunction.count; // ExcelApi 1.8
      data.name = v.caption; // ExcelApi 1.8
    }
    s.add(256);
    await s.sync();
  } catch (e) {
    if (!isOfficeError(e)) throw e;
    // Office runs a request's actions up to the one that failed: the sheet added for the
    // PivotTable goes again, so the next Refresh does not find it taken (best effort).
    try {
      wb.worksheets.getItem(c.sheet).delete(); // ExcelApi 1.1
      s.add(0);
      await s.sync();
    } catch (again) {
      if (!isOfficeError(again)) throw again;
    }
    return { ...base, status: "failed", notice: notice(c, "failed", why(e)) };
  }
  return { ...base, status: "created" };
}

function why(e: unknown): string {
  const code = officeErrorCode(e);
  return code ? ` (${code})` : "";
}
