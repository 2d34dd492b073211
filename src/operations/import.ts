/**
 * Import (issue 5): rows from a CSV or another workbook into one of
 * the input tables, through the port. Reading and judging is the pure
 * planImport; this only reads the tables and applies the plan.
 *
 * Unmapped source columns (decision): they are NOT added to the table. A
 * source column whose header matches a column the user added to the table is
 * imported into it; every other unmapped column is listed in the report with
 * its position, header and why it was not mapped, so the user can map it
 * with --map or add a column and import again. Nothing is dropped silently.
 */
import { INPUT_TABLES } from "../domain/fields/definitions";
import { parseExplicitMap } from "../domain/import/mapping";
import {
  importTablesRead,
  planImport,
  type ImportReport,
  type OnDuplicate,
  type SourceTable,
} from "../domain/import/plan";
import { rowFormulas } from "../domain/import/rowFormulas";
import { todaySerial } from "../domain/parse/dates";
import type { Change } from "../domain/plan/changes";
import type { InputTableName } from "../domain/types";
import type { TableInput } from "../domain/validate";
import type { WorkbookPort } from "../workbook/port";
import { loadWorkbookSettings, toTableInput, type LoadedSettings } from "./check";
import { nowSerial } from "./context";

export interface ImportOptions {
  into: InputTableName;
  /** Explicit mapping "源列=fieldKey,…" (overrides the automatic one). */
  map?: string;
  onDuplicate?: OnDuplicate;
  /** Current date-time, for created dates and future-date checks; default: now. */
  now?: Date;
  loadSettings?: (port: WorkbookPort) => Promise<LoadedSettings>;
  /** Plan only, do not apply (for a preview). */
  dryRun?: boolean;
  /** Progress: source rows converted (step "rows"), then the write into the workbook (step "write"). */
  onProgress?: (step: "rows" | "write", done: number, total: number) => void;
}

export interface ImportResult {
  report: ImportReport;
  changes: Change[];
}

export async function importRows(
  port: WorkbookPort,
  source: SourceTable,
  options: ImportOptions,
): Promise<ImportResult> {
  const { settings, locale } = await (options.loadSettings ?? loadWorkbookSettings)(port);
  const now = options.now ?? new Date();
  // Only the tables that can change this import's plan or report (see importTablesRead).
  const read = await port.readTables(importTablesRead(options.into));
  const tables: Partial<Record<InputTableName, TableInput>> = {};
  for (const [name, data] of read)
    if ((INPUT_TABLES as string[]).includes(name)) tables[name as InputTableName] = toTableInput(data);
  const target = tables[options.into];
  const stageCount = settings.lists.stage.length;
  const { changes, report } = planImport({
    into: options.into,
    source,
    explicit: options.map ? parseExplicitMap(options.map) : undefined,
    onDuplicate: options.onDuplicate ?? "skip",
    settings,
    locale,
    now: nowSerial(now),
    today: todaySerial(now),
    tables,
    formulas: target ? rowFormulas(options.into, target.headers, locale, stageCount) : new Map(),
    onProgress: (done, total) => options.onProgress?.("rows", done, total),
  });
  if (!options.dryRun && changes.length > 0) {
    options.onProgress?.("write", 0, report.imported.length);
    await port.apply(changes);
  }
  return { report, changes };
}

/**
 * True when everything went in cleanly: nothing skipped, no problems, no conflicts, no data left in a
 * column that was not imported, nothing wrong with the source file itself, and something imported.
 */
export function importWasClean(report: ImportReport): boolean {
  return (
    report.duplicates.length === 0 &&
    report.withProblems.length === 0 &&
    report.conflicts.length === 0 &&
    !report.textReplaced?.length &&
    !report.ignoredColumns.some((c) => c.lines?.length) &&
    report.sourceIssues.length === 0 &&
    report.nothingImported === undefined
  );
}
