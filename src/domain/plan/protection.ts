import type { InputTableName, Locale } from "../types";
import { tr } from "../types";
import { INPUT_TABLES, isInputField, tableDefs, type TableDef } from "../fields/definitions";
import { columnIndex1, columnLetters1, parseRange } from "../a1";
import type { TableInfo, WorkbookState } from "../workbookShapes";
import type { Change, ProtectionOptions } from "./changes";
import { LAST_ROW, sheetName } from "./layout";
import { sameSheetName } from "./sheets";

/**
 * Sheet protection (issue 7, item 2), as a pure plan.
 *
 * What it guards against is accident, not attack: a seller typing over a
 * score formula or a Settings list. So the input sheets stay usable — every
 * column a person types (input and auto fields, and any column the user added
 * to a table) is unlocked down to the bottom of the sheet, so rows inserted
 * inside or below a table stay typeable — while the calculated and
 * refresh-owned columns, the header row and the whole Settings sheet are
 * locked. Review sheets stay open: managers type targets and notes there.
 *
 * The password is never stored. The workbook only records whether
 * protection is on and whether it has a password (PROPERTY_PROTECTION), so a
 * later Refresh knows it must lift it, and whether it needs to ask for the
 * password to do so.
 */
export const PROPERTY_PROTECTION = "leadflow.protection";
export type ProtectionState = "off" | "on" | "on-password";

export interface ProtectionPlanInput {
  state: Pick<WorkbookState, "sheets" | "tables" | "properties">;
  locale: Locale;
  stageCount: number;
  password?: string;
}

export function protectionOptions(password?: string): ProtectionOptions {
  return {
    ...(password ? { password } : {}),
    allowInsertRows: true,
    allowSort: true,
    allowAutoFilter: true,
    allowFormatColumns: true,
  };
}

export function protectionState(properties: Record<string, string>): ProtectionState {
  const v = properties[PROPERTY_PROTECTION];
  return v === "on" || v === "on-password" ? v : "off";
}

function headerKeys(def: TableDef): Map<string, string> {
  // Both locales: a workbook installed in one may carry a header typed in the other.
  const keys = new Map<string, string>();
  for (const f of def.fields) {
    for (const h of [f.header.zh, f.header.en]) if (!keys.has(h.trim())) keys.set(h.trim(), f.key);
  }
  return keys;
}

/** Whole-column ranges (below the header) of the columns people type in; consecutive columns are merged into one range. */
export function unlockedRanges(def: TableDef, table: Pick<TableInfo, "address" | "headers">): string[] {
  const { first } = parseRange(table.address);
  const start = columnIndex1(first.column);
  const keys = headerKeys(def);
  const fields = new Map(def.fields.map((f) => [f.key, f]));
  const open: boolean[] = table.headers.map((h) => {
    const key = keys.get(String(h ?? "").trim());
    const field = key === undefined ? undefined : fields.get(key);
    // A column the add-in does not know is the user's own: it stays typeable.
    return field === undefined || isInputField(field);
  });
  const ranges: string[] = [];
  for (let i = 0; i < open.length; i++) {
    if (!open[i]) continue;
    let j = i;
    while (j + 1 < open.length && open[j + 1]) j++;
    ranges.push(`${columnLetters1(start + i)}${first.row + 1}:${columnLetters1(start + j)}${LAST_ROW}`);
    i = j;
  }
  return ranges;
}

export interface ProtectionPlan {
  changes: Change[];
  /** Sheets that will be protected, in order. */
  sheets: string[];
}

function sheetExists(state: ProtectionPlanInput["state"], name: string): boolean {
  return state.sheets.some((s) => sameSheetName(s.name, name));
}

function isProtected(state: ProtectionPlanInput["state"], name: string): boolean {
  return state.sheets.some((s) => sameSheetName(s.name, name) && s.protected);
}

/** Targets of protection: each input table's sheet (with its unlocked columns) and the Settings sheet (all locked). */
export function protectionTargets(
  input: Omit<ProtectionPlanInput, "password">,
): { sheet: string; unlocked: string[] }[] {
  const defs = tableDefs(input.stageCount);
  const targets: { sheet: string; unlocked: string[] }[] = [];
  for (const name of INPUT_TABLES as readonly InputTableName[]) {
    const table = input.state.tables.find((t) => t.name === name);
    if (!table) continue;
    const existing = targets.find((t) => sameSheetName(t.sheet, table.sheet));
    const ranges = unlockedRanges(defs[name], table);
    if (existing) existing.unlocked.push(...ranges);
    else targets.push({ sheet: table.sheet, unlocked: ranges });
  }
  const settings = sheetName("settings", input.locale);
  if (sheetExists(input.state, settings) && !targets.some((t) => sameSheetName(t.sheet, settings)))
    targets.push({ sheet: settings, unlocked: [] });
  return targets;
}

/**
 * Protect the LeadFlow sheets. A sheet that is already protected is first
 * unprotected with the same password (re-running `protect` re-applies the
 * current columns, e.g. after an upgrade added some).
 */
export function planProtect(input: ProtectionPlanInput): ProtectionPlan {
  const changes: Change[] = [];
  const options = protectionOptions(input.password);
  const targets = protectionTargets(input);
  for (const t of targets) {
    if (isProtected(input.state, t.sheet))
      changes.push({ op: "unprotectSheet", sheet: t.sheet, ...(input.password ? { password: input.password } : {}) });
    changes.push({ op: "protectSheet", sheet: t.sheet, options, unlockedAddresses: t.unlocked });
  }
  if (targets.length > 0)
    changes.push({ op: "setProperty", key: PROPERTY_PROTECTION, value: input.password ? "on-password" : "on" });
  return { changes, sheets: targets.map((t) => t.sheet) };
}

/** Unprotect every LeadFlow sheet that is protected now. */
export function planUnprotect(input: ProtectionPlanInput): ProtectionPlan {
  const changes: Change[] = [];
  const sheets = protectionTargets(input)
    .map((t) => t.sheet)
    .filter((s) => isProtected(input.state, s));
  for (const sheet of sheets)
    changes.push({ op: "unprotectSheet", sheet, ...(input.password ? { password: input.password } : {}) });
  changes.push({ op: "setProperty", key: PROPERTY_PROTECTION, value: "off" });
  return { changes, sheets };
}

/** The sheet each change writes to (undefined for workbook-level changes). */
export function changeSheet(change: Change, tableSheet: (table: string) => string | undefined): string | undefined {
  switch (change.op) {
    case "createTable":
    case "replaceTable":
      return change.sheet;
    case "addColumns":
    case "appendRows":
    case "writeTableColumn":
      return tableSheet(change.table);
    case "setDefinedName":
    case "setProperty":
    case "reviewCharts": // charts write no cell
    case "pivotTable": // a new sheet of its own, or a refresh of the manager's PivotTable
      return undefined;
    default:
      return change.sheet;
  }
}

/**
 * Bracket `changes` that touch LeadFlow-protected sheets: the sheets are
 * unprotected before and protected again after, with the same plan. Sheets
 * protected by someone else (no PROPERTY_PROTECTION) are not lifted: the
 * caller gets them back in `foreign` and reports them.
 */
export interface LiftPlan {
  before: Change[];
  after: Change[];
  lifted: string[];
  foreign: string[];
}

export function planLift(input: ProtectionPlanInput, changes: Change[]): LiftPlan {
  const tableSheet = (t: string) => input.state.tables.find((x) => x.name === t)?.sheet;
  const touched = new Set<string>();
  for (const c of changes) {
    if (c.op === "protectSheet" || c.op === "unprotectSheet") continue;
    const s = changeSheet(c, tableSheet);
    if (s !== undefined && isProtected(input.state, s)) touched.add(s);
  }
  const ours = protectionState(input.state.properties) !== "off";
  const targets = new Map(protectionTargets(input).map((t) => [t.sheet, t.unlocked]));
  const lifted: string[] = [];
  const foreign: string[] = [];
  for (const s of touched) (ours && targets.has(s) ? lifted : foreign).push(s);
  const pw = input.password ? { password: input.password } : {};
  return {
    before: lifted.map((sheet) => ({ op: "unprotectSheet", sheet, ...pw })),
    after: lifted.map((sheet) => ({
      op: "protectSheet",
      sheet,
      options: protectionOptions(input.password),
      unlockedAddresses: targets.get(sheet) ?? [],
    })),
    lifted,
    foreign,
  };
}

export function protectedSheetsMessage(sheets: string[], locale: Locale): { zh: string; en: string; text: string } {
  const list = sheets.join(locale === "zh-CN" ? "、" : ", ");
  const m = {
    zh: `工作表 ${list} 受保护（不是 LeadFlow 设置的保护），无法写入。请在“审阅 → 撤销工作表保护”后重试。`,
    en: `Sheet ${list} is protected (not by LeadFlow), so nothing could be written. Unprotect it (Review → Unprotect Sheet) and try again.`,
  };
  return { ...m, text: tr(m, locale) };
}
