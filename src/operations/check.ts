/**
 * Check data (rules: src/domain/validate/): read the four input tables (with formulas) through the
 * port, judge them with the pure validators, return located problems. A check
 * only reads: it never calls `apply`.
 */
import { INPUT_TABLES } from "../domain/fields/definitions";
import { columnIndex1, columnLetters1 } from "../domain/a1";
import { todaySerial } from "../domain/parse/dates";
import type { Settings } from "../domain/settings/schema";
import type { InputTableName, Locale, Serial } from "../domain/types";
import { checkBook, type Problem, type TableInput } from "../domain/validate";
import type { ProblemCode } from "../domain/validate/messages";
import type { TableData, WorkbookPort } from "../workbook/port";
import { loadContext } from "./context";

export interface LoadedSettings {
  settings: Settings;
  locale: Locale;
  /** True when the Settings sheet could not be read (defaults used). */
  missing: boolean;
}

/** Settings and locale through the shared operation context; defaults (reported) when the Settings sheet is gone. */
export async function loadWorkbookSettings(port: WorkbookPort): Promise<LoadedSettings> {
  const ctx = await loadContext(port);
  return { settings: ctx.settings, locale: ctx.locale, missing: !ctx.settingsFound };
}

export interface LocatedProblem extends Problem {
  /** Sheet of the cell, and its A1 address ("" when the problem has no single cell), so a shell can select it. */
  sheet: string;
  address: string;
}

export interface CheckSummary {
  total: number;
  byCode: Partial<Record<ProblemCode, number>>;
  byTable: Partial<Record<InputTableName | "Settings", number>>;
  /** Data rows read per table (blank rows included). */
  rowsRead: Partial<Record<InputTableName, number>>;
  locale: Locale;
}

export interface CheckResult {
  problems: LocatedProblem[];
  summary: CheckSummary;
}

export interface CheckOptions {
  /** Today as a date serial (future dates are judged against it); default: the local date of `now`. */
  today?: Serial;
  now?: Date;
}

export function toTableInput(data: TableData): TableInput {
  return {
    headers: data.table.headers.map((h) => String(h ?? "")),
    firstRow: data.firstRow,
    values: data.values,
    formulas: data.formulas,
  };
}

export async function check(port: WorkbookPort, options: CheckOptions = {}): Promise<CheckResult> {
  const loaded = await loadWorkbookSettings(port);
  const settings: Settings = loaded.settings;
  const locale = loaded.locale;
  const today = options.today ?? todaySerial(options.now ?? new Date());
  const read = await port.readTables([...INPUT_TABLES], { formulas: true });
  const tables: Partial<Record<InputTableName, TableInput>> = {};
  const rowsRead: CheckSummary["rowsRead"] = {};
  for (const name of INPUT_TABLES) {
    const data = read.get(name);
    if (!data) continue;
    tables[name] = toTableInput(data);
    rowsRead[name] = data.values.length;
  }
  const found = checkBook({ tables, settings, locale, today, settingsMissing: loaded.missing });
  const problems = found.map((p): LocatedProblem => {
    const data = p.table === "Settings" ? undefined : read.get(p.table);
    if (!data) return { ...p, sheet: "", address: "" };
    const left = columnIndex1(/^[A-Z]+/i.exec(data.table.address)?.[0] ?? "A");
    const address = p.col >= 0 && p.row > 0 ? `${columnLetters1(left + p.col)}${p.row}` : "";
    return { ...p, sheet: data.table.sheet, address };
  });
  const byCode: CheckSummary["byCode"] = {};
  const byTable: CheckSummary["byTable"] = {};
  for (const p of problems) {
    byCode[p.code] = (byCode[p.code] ?? 0) + 1;
    byTable[p.table] = (byTable[p.table] ?? 0) + 1;
  }
  return { problems, summary: { total: problems.length, byCode, byTable, rowsRead, locale } };
}
