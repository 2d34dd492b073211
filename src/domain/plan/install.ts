import type { CellValue, InputTableName, L10n, Locale, Serial } from "../types";
import { tr } from "../types";
import { INPUT_TABLES, tableDefs, type FieldDef, type TableDef } from "../fields/definitions";
import type { Settings } from "../settings/schema";
import type { TableData, TableInfo, WorkbookState } from "../workbookShapes";
import type { CellWrite, Change, Scalar } from "./changes";
import { columnIndex1, columnLetters1, parseRange } from "../a1";
import { quoteSheet } from "../formulas/refs";
import {
  AS_OF,
  TODAY_NAME,
  conversionFormulas,
  leadFormulas,
  withListHeaders,
  type ColumnFormula,
  type FormulaContext,
} from "../formulas/calculated";
import { columnRules } from "../formulas/validationAndFormats";
import { LEAD_IDS_NAME, PARAMS_TABLE } from "../formulas/names";
import {
  INPUT_TABLE_TOP_LEFT,
  INSTALL_SHEETS,
  LAST_ROW,
  TABLE_SHEET,
  TAB_COLORS,
  dataColumnRange,
  sheetName,
  tableLayout,
  type TableLayout,
} from "./layout";
import { planSettingsSheet } from "./settingsSheet";
import { recordOwnedSheets, sheetNameKey } from "./sheets";
import { FIELD_GUIDE_TABLE, fieldGuideHeaders, fieldGuideRows } from "./fieldGuide";
import { assignLeadIds } from "./leadIds";
import { parseConversion, parseLeads } from "../rows";
import { workbookDate } from "../parse/dates";
import { isBlankCell } from "../parse/text";
import { leadColumns } from "../engine/alerts";
import { conversionColumnsInto, newConversionColumnTable } from "../engine/conversion";
import { indexSettings } from "../engine/settingsIndex";
import type { ConversionRow, Lead } from "../model";

/**
 * The install / upgrade planner (issue 3): definitions + Settings +
 * the workbook's current state → the list of changes. Pure.
 *
 * Upgrade rules — re-running never changes an input cell:
 * - a missing add-in-owned column (calculated, filled on refresh) is appended
 *   at the right of its table;
 * - a missing input column is appended only when the table has no data yet;
 *   in a table with data it is reported (renamed or deleted by someone) and
 *   not recreated, since a new empty column beside the renamed one would
 *   split the data; formulas that read it are then not written and reported;
 * - columns the add-in does not know are left where they are and reported;
 * - rules, formats and formulas of calculated columns are re-applied;
 * - blank lead IDs and created dates of started rows are filled (cells the
 *   add-in owns, docs/ARCHITECTURE.md §4);
 * - Settings tables that exist are never rewritten (only missing ones and
 *   missing parameter rows are added).
 * The number of changes does not depend on the number of rows: each column
 * is one change.
 */
/** 2: helper columns in Leads and Conversion, the LF_Today name (a workbook at 1 gets them on upgrade). */
export const TEMPLATE_VERSION = "2";
export const PROPERTY_LOCALE = "leadflow.locale";
export const PROPERTY_TEMPLATE_VERSION = "leadflow.templateVersion";
/** Number of stages the Conversion table was built for (tells a stage added in Settings from a deleted column). */
export const PROPERTY_STAGE_COUNT = "leadflow.stageCount";

/** Rows to append to the input tables (sample data, import), as field key → value. */
export type RowsByTable = Partial<Record<InputTableName, Record<string, Scalar>[]>>;

export interface InstallPlanInput {
  state: WorkbookState;
  settings: Settings;
  locale: Locale;
  /** Data of the existing input tables and of `LF_Params`, as read through the port. */
  tables?: Map<string, TableData>;
  /** Now, as a serial: the created date given to started rows without one, and their lead IDs' day. */
  now: Serial;
  /** As-of date for the cached results of the alert column (Settings as-of, else today). */
  asOf?: Serial;
  /** Rows to append after the tables exist (sample data). */
  append?: RowsByTable;
}

export interface InstallReport {
  locale: Locale;
  templateVersion: string;
  createdSheets: string[];
  createdTables: string[];
  addedColumns: { table: string; headers: string[] }[];
  /** Input columns absent from a table that holds data: reported, not recreated. */
  missingColumns: { table: string; key: string; header: string }[];
  /** Columns the add-in does not know (kept as they are). */
  extraColumns: { table: string; headers: string[] }[];
  /** Formula columns written: table, header, number of rows. */
  formulaColumns: { table: string; header: string; rows: number }[];
  /** Calculated columns not written because a column they read is missing. */
  skippedFormulas: { table: string; header: string; missing: string[] }[];
  filledLeadIds: number;
  filledCreated: number;
  appendedRows: { table: string; rows: number }[];
  rulesApplied: number;
  addedParams: string[];
  warnings: L10n[];
}

export interface InstallPlan {
  changes: Change[];
  report: InstallReport;
}

/** Map a header to a field key: this locale's header first, then the other locale's. */
function headerMatcher(def: TableDef, locale: Locale): (h: string) => string | undefined {
  const own = new Map<string, string>();
  const other = new Map<string, string>();
  for (const f of def.fields) {
    const mine = (locale === "zh-CN" ? f.header.zh : f.header.en).trim();
    const theirs = (locale === "zh-CN" ? f.header.en : f.header.zh).trim();
    if (!own.has(mine)) own.set(mine, f.key);
    if (!other.has(theirs)) other.set(theirs, f.key);
  }
  return (h) => {
    const t = String(h ?? "").trim();
    return own.get(t) ?? other.get(t);
  };
}

interface TablePlanState {
  def: TableDef;
  layout: TableLayout;
  existing: TableInfo | undefined;
  data: TableData | undefined;
  created: boolean;
  /** Data rows after the planned appends (at least 1: a new table's blank row). */
  totalRows: number;
  appended: Record<string, Scalar>[];
  /** Position of each existing field in the data rows read. */
  position: Map<string, number>;
  /** Cells this plan fills (lead ID, created date), seen by the cached formula results. */
  filled: Map<string, Map<number, CellValue>>;
}

export function planInstall(input: InstallPlanInput): InstallPlan {
  const { state, settings, locale } = input;
  const stageCount = settings.lists.stage.length;
  const defs = tableDefs(stageCount);
  const report: InstallReport = {
    locale,
    templateVersion: TEMPLATE_VERSION,
    createdSheets: [],
    createdTables: [],
    addedColumns: [],
    missingColumns: [],
    extraColumns: [],
    formulaColumns: [],
    skippedFormulas: [],
    filledLeadIds: 0,
    filledCreated: 0,
    appendedRows: [],
    rulesApplied: 0,
    addedParams: [],
    warnings: [],
  };
  const changes: Change[] = [];
  const tablesByName = new Map(state.tables.map((t) => [t.name, t] as const));
  // Sheet names compare as in Excel, without regard to case.
  const sheetKeys = new Set(state.sheets.map((s) => sheetNameKey(s.name)));
  const sheetExists = { has: (name: string) => sheetKeys.has(sheetNameKey(name)) };
  const storedLocale = state.properties[PROPERTY_LOCALE];
  if (
    storedLocale &&
    storedLocale !== locale &&
    state.tables.some((t) => (INPUT_TABLES as readonly string[]).includes(t.name))
  ) {
    report.warnings.push({
      zh: `工作簿已按 ${storedLocale} 安装；现有表头保持不变，新增的列使用 ${locale} 表头。`,
      en: `The workbook was installed in ${storedLocale}; existing headers are kept, new columns get ${locale} headers.`,
    });
  }

  // 1. Sheets, in order. A table found on another sheet stays there. A sheet of our name that exists
  //    without our table may hold someone's data: the table then goes on a new sheet, never over it.
  const chosen = new Set<string>();
  const freshSheet = (base: string, what: string): string => {
    if (!sheetExists.has(base)) return base;
    let n = 2;
    while (sheetExists.has(`${base} (${n})`) || chosen.has(`${base} (${n})`)) n++;
    const name = `${base} (${n})`;
    report.warnings.push({
      zh: `工作表“${base}”已存在但没有 ${what} 表，为不覆盖其中内容，已新建工作表“${name}”`,
      en: `Sheet "${base}" exists without the ${what} table; to leave its content alone, "${name}" was created instead`,
    });
    return name;
  };
  const settingsTableSheet = state.tables.find((t) => t.name === PARAMS_TABLE || t.name.startsWith("List_"))?.sheet;
  const guideTableSheet = state.tables.find((t) => t.name === FIELD_GUIDE_TABLE)?.sheet;
  const sheetOf = new Map<(typeof INSTALL_SHEETS)[number], string>();
  for (const key of INSTALL_SHEETS) {
    const table = (Object.keys(TABLE_SHEET) as InputTableName[]).find((t) => TABLE_SHEET[t] === key);
    let sheet: string;
    if (table) sheet = tablesByName.get(table)?.sheet ?? freshSheet(sheetName(key, locale), table);
    else if (key === "settings") sheet = settingsTableSheet ?? freshSheet(sheetName(key, locale), PARAMS_TABLE);
    else sheet = guideTableSheet ?? freshSheet(sheetName(key, locale), FIELD_GUIDE_TABLE);
    chosen.add(sheet);
    sheetOf.set(key, sheet);
  }
  const sheetFor = (key: (typeof INSTALL_SHEETS)[number]): string => sheetOf.get(key)!;
  const settingsPlan = planSettingsSheet({
    state,
    settings,
    locale,
    params: input.tables?.get("LF_Params"),
    sheet: sheetFor("settings"),
  });
  INSTALL_SHEETS.forEach((key, index) => {
    const sheet = sheetFor(key);
    if (!sheetExists.has(sheet)) {
      changes.push({ op: "ensureSheet", sheet, index, tabColor: TAB_COLORS[key] });
      report.createdSheets.push(sheet);
    }
  });

  // 2. Settings tables first: the defined names that dropdowns and formulas read must exist before them.
  changes.push(...settingsPlan.changes, ...settingsPlan.names);
  report.createdTables.push(...settingsPlan.createdTables);
  report.addedParams.push(...settingsPlan.addedParams);

  // 3. Input tables: create, or add missing columns.
  const plans = new Map<InputTableName, TablePlanState>();
  for (const name of INPUT_TABLES) {
    const def = defs[name];
    const existing = tablesByName.get(name);
    const data = input.tables?.get(name);
    const appended = input.append?.[name] ?? [];
    let layout: TableLayout;
    let created = false;
    if (!existing) {
      const sheet = sheetFor(TABLE_SHEET[name]);
      const headers = def.fields.map((f) => tr(f.header, locale));
      changes.push({
        op: "createTable",
        table: name,
        sheet,
        topLeft: INPUT_TABLE_TOP_LEFT,
        headers,
        style: "TableStyleMedium2",
      });
      report.createdTables.push(name);
      layout = tableLayout(def, sheet, INPUT_TABLE_TOP_LEFT, headers, 0, headerMatcher(def, locale));
      created = true;
    } else {
      layout = tableLayout(
        def,
        existing.sheet,
        existing.address,
        existing.headers,
        data?.values.length ?? existing.rowCount,
        headerMatcher(def, locale),
      );
      const extra = existing.headers.filter((h) => headerMatcher(def, locale)(h) === undefined);
      if (extra.length > 0) report.extraColumns.push({ table: name, headers: extra });
      const hasData = data ? data.values.some((r) => r.some((v) => !isBlankCell(v))) : existing.rowCount > 0;
      const add: FieldDef[] = [];
      // A stage added in Settings: its entry-date column is new, not a renamed one (no stage column at or after it exists).
      const stageIndexes = [...layout.columnOf.keys()]
        .map((k) => /^stage(\d+)At$/.exec(k))
        .filter((m) => m !== null)
        .map((m) => Number(m![1]));
      // The stage count of the last install says which stage columns are new; without it, the highest stage column present.
      const storedStages = Number(state.properties[PROPERTY_STAGE_COUNT]);
      const lastStage =
        Number.isInteger(storedStages) && storedStages > 0
          ? storedStages
          : stageIndexes.length > 0
            ? stageIndexes.reduce((a, b) => Math.max(a, b))
            : 0;
      const isNewStage = (key: string) => {
        const m = /^stage(\d+)At$/.exec(key);
        return m !== null && Number(m[1]) > lastStage;
      };
      for (const f of def.fields) {
        if (layout.columnOf.has(f.key)) continue;
        const isInput = f.kind === "input" || f.kind === "auto";
        if (isInput && hasData && !isNewStage(f.key))
          report.missingColumns.push({ table: name, key: f.key, header: tr(f.header, locale) });
        else add.push(f);
      }
      if (add.length > 0) {
        const headers = add.map((f) => tr(f.header, locale));
        changes.push({ op: "addColumns", table: name, headers });
        report.addedColumns.push({ table: name, headers });
        const { last } = parseRange(existing.address);
        let next = columnIndex1(last.column) + 1;
        for (const f of add) {
          const h = tr(f.header, locale);
          layout.columnOf.set(f.key, columnLetters1(next++));
          layout.headerOf.set(f.key, h);
          layout.headers.push(h);
        }
      }
    }
    const totalRows = Math.max(1, layout.rowCount + appended.length);
    const position = new Map<string, number>();
    if (existing) {
      const match = headerMatcher(def, locale);
      existing.headers.forEach((h, i) => {
        const k = match(h);
        if (k !== undefined && !position.has(k)) position.set(k, i);
      });
    }
    plans.set(name, { def, layout, existing, data, created, totalRows, appended, position, filled: new Map() });
  }

  // 4. Names the rules read.
  const leads = plans.get("Leads")!;
  const leadIdCol = leads.layout.columnOf.get("leadId");
  if (leadIdCol) {
    changes.push({
      op: "setDefinedName",
      name: LEAD_IDS_NAME,
      formula: `=${quoteSheet(leads.layout.sheet)}!$${leadIdCol}$${leads.layout.firstDataRow}:$${leadIdCol}$${LAST_ROW}`,
    });
  }

  // The as-of date the alert formulas read (defined with the helper columns that those formulas need).
  changes.push({ op: "setDefinedName", name: TODAY_NAME, formula: `=${AS_OF}` });

  // 5. Appended rows (sample data), then auto-filled cells, formats, rules and formulas per table.
  const fieldHeaders: Record<string, Record<string, string>> = {};
  for (const [name, p] of plans) fieldHeaders[name] = Object.fromEntries(p.layout.headerOf);
  const fctx: FormulaContext = {
    locale,
    stageCount,
    header: withListHeaders(locale, (table, key) => fieldHeaders[table]?.[key]),
  };
  for (const [name, p] of plans) {
    if (p.appended.length > 0) {
      const order = p.layout.headers.map((h) => headerMatcher(p.def, locale)(h));
      changes.push({
        op: "appendRows",
        table: name,
        rows: p.appended.map((r) => order.map((k) => (k === undefined ? null : (r[k] ?? null)))),
      });
      report.appendedRows.push({ table: name, rows: p.appended.length });
    }
    if (name === "Leads") fillAutoColumns(p, input, report, changes);
    tableFormatting(p, settings, locale, stageCount, changes, report);
  }
  for (const [name, p] of plans) {
    if (name === "Leads")
      formulaColumns(p, leadFormulas(fctx), changes, report, (rows) =>
        leadResults(p, rows, settings, input.asOf ?? input.now, locale),
      );
    if (name === "Conversion")
      formulaColumns(p, conversionFormulas(fctx), changes, report, (rows) =>
        conversionResults(p, rows, settings, stageCount),
      );
  }

  // 6. Field guide: an add-in-owned table, rebuilt every time.
  const guideSheet = sheetFor("guide");
  const guideHeaders = fieldGuideHeaders(locale);
  changes.push({
    op: "replaceTable",
    table: FIELD_GUIDE_TABLE,
    sheet: guideSheet,
    topLeft: "A1",
    headers: guideHeaders,
    rows: fieldGuideRows(settings, locale),
    style: "TableStyleLight9",
  });
  changes.push({
    op: "setColumnWidths",
    sheet: guideSheet,
    widths: [12, 18, 16, 8, 40, 50, 26].map((w, i) => ({ column: columnLetters1(i + 1), width: w })),
  });
  changes.push({ op: "freezePanes", sheet: guideSheet, rows: 1, columns: 0 });

  changes.push({
    op: "setProperty",
    key: PROPERTY_LOCALE,
    value: storedLocale && report.warnings.length > 0 ? storedLocale : locale,
  });
  changes.push({ op: "setProperty", key: PROPERTY_TEMPLATE_VERSION, value: TEMPLATE_VERSION });
  changes.push({
    op: "setProperty",
    key: PROPERTY_STAGE_COUNT,
    value: String(Math.max(stageCount, Number(state.properties[PROPERTY_STAGE_COUNT]) || 0)),
  });
  // The record of the sheets LeadFlow created: the only sheets it will ever write.
  const owned = recordOwnedSheets(state.properties, report.createdSheets);
  if (owned) changes.push(owned);
  return { changes, report };
}

/**
 * The input tables whose data the planner needs: Leads and Conversion (the
 * blank IDs to fill and the cached formula results), and any other table
 * that misses a column (to tell an empty table from one with data). The
 * 200,000-row follow-up log is then usually not read at all.
 */
export function installReads(state: WorkbookState, settings: Settings, locale: Locale): InputTableName[] {
  const defs = tableDefs(settings.lists.stage.length);
  return INPUT_TABLES.filter((name) => {
    const t = state.tables.find((x) => x.name === name);
    if (!t) return false;
    if (name === "Leads" || name === "Conversion") return true;
    const match = headerMatcher(defs[name], locale);
    const present = new Set(t.headers.map(match));
    return defs[name].fields.some((f) => !present.has(f.key));
  });
}

/** Value of a field in data row `i` (existing rows, then appended rows). */
function rowValue(p: TablePlanState, i: number, key: string): CellValue {
  const filled = p.filled.get(key)?.get(i);
  if (filled !== undefined) return filled;
  const existingRows = p.layout.rowCount;
  if (i < existingRows) {
    const pos = p.position.get(key);
    if (!p.data || pos === undefined) return null;
    return p.data.values[i]?.[pos] ?? null;
  }
  const r = p.appended[i - existingRows];
  return r ? (r[key] ?? null) : null;
}

/** Rows in the table's column order, as the engine's row parser reads them. */
function rawRows(p: TablePlanState, rows: number): { headers: string[]; values: CellValue[][]; firstRow: number } {
  const keys = [...p.layout.headerOf.keys()];
  const values: CellValue[][] = [];
  for (let i = 0; i < rows; i++) values.push(keys.map((k) => rowValue(p, i, k)));
  return { headers: keys.map((k) => p.layout.headerOf.get(k)!), values, firstRow: p.layout.firstDataRow };
}

/** Lead ID and created date for started rows that lack them (the only input cells install writes, and only when blank). */
function fillAutoColumns(p: TablePlanState, input: InstallPlanInput, report: InstallReport, changes: Change[]): void {
  const idCol = p.layout.columnOf.get("leadId");
  const createdCol = p.layout.columnOf.get("createdAt");
  const startedKeys = p.def.fields.filter((f) => f.kind === "input").map((f) => f.key);
  const total = p.layout.rowCount + p.appended.length;
  const existingIds: string[] = [];
  const needId: number[] = [];
  const needCreated: number[] = [];
  const createdOf: (Serial | null)[] = [];
  for (let i = 0; i < total; i++) {
    const id = rowValue(p, i, "leadId");
    const created = rowValue(p, i, "createdAt");
    createdOf.push(typeof created === "number" ? created : null);
    if (!isBlankCell(id)) existingIds.push(String(id));
    if (!startedKeys.some((k) => !isBlankCell(rowValue(p, i, k)))) continue;
    if (idCol && isBlankCell(id)) needId.push(i);
    if (createdCol && isBlankCell(created)) needCreated.push(i);
  }
  if (needCreated.length > 0) {
    changes.push({
      op: "writeTableColumn",
      table: p.def.name,
      column: p.layout.headerOf.get("createdAt")!,
      rowIndexes: needCreated,
      cells: needCreated.map(() => input.now),
    });
    report.filledCreated = needCreated.length;
    p.filled.set("createdAt", new Map(needCreated.map((i) => [i, input.now])));
    for (const i of needCreated) createdOf[i] = input.now;
  }
  if (needId.length > 0) {
    const ids = assignLeadIds(
      existingIds,
      needId.map((i) => ({ createdAt: createdOf[i] })),
      input.now,
      input.locale,
    );
    changes.push({
      op: "writeTableColumn",
      table: p.def.name,
      column: p.layout.headerOf.get("leadId")!,
      rowIndexes: needId,
      cells: ids,
    });
    p.filled.set("leadId", new Map(needId.map((i, j) => [i, ids[j]])));
    report.filledLeadIds = needId.length;
  }
}

function tableFormatting(
  p: TablePlanState,
  settings: Settings,
  locale: Locale,
  stageCount: number,
  changes: Change[],
  report: InstallReport,
): void {
  const { layout, def } = p;
  const sheet = layout.sheet;
  for (const f of def.fields) {
    const range = dataColumnRange(layout, f.key);
    if (!range) continue;
    const format = f.numberFormat ?? (def.name === "ChannelCosts" && f.key === "period" ? "@" : undefined);
    if (format) changes.push({ op: "setNumberFormat", sheet, address: range, format });
  }
  // Widths only for columns the add-in just made: an existing column keeps the width its user chose.
  const fresh = def.fields.filter(
    (f) =>
      layout.columnOf.has(f.key) &&
      (p.created ||
        report.addedColumns.some((a) => a.table === def.name && a.headers.includes(layout.headerOf.get(f.key)!))),
  );
  if (fresh.length > 0)
    changes.push({
      op: "setColumnWidths",
      sheet,
      widths: fresh.map((f) => ({ column: layout.columnOf.get(f.key)!, width: f.width })),
    });
  changes.push({ op: "freezePanes", sheet, rows: layout.headerRow, columns: layout.columnOf.has("leadId") ? 1 : 0 });
  // Each column group (score breakdown, helper columns) collapsible, when the add-in has just made its columns.
  const justAdded = (f: FieldDef) =>
    p.created ||
    report.addedColumns.some((a) => a.table === def.name && a.headers.includes(layout.headerOf.get(f.key)!));
  for (const group of new Set(def.fields.map((f) => f.group).filter((g) => g !== undefined))) {
    const members = def.fields.filter((f) => f.group === group && layout.columnOf.has(f.key));
    if (members.length === 0 || !members.every(justAdded)) continue;
    const cols = members.map((f) => columnIndex1(layout.columnOf.get(f.key)!));
    changes.push({
      op: "groupColumns",
      sheet,
      fromColumn: columnLetters1(cols.reduce((a, b) => Math.min(a, b))),
      toColumn: columnLetters1(cols.reduce((a, b) => Math.max(a, b))),
    });
  }
  // Headers of columns people must not type in, greyed so they read as "computed".
  for (const f of def.fields) {
    const col = layout.columnOf.get(f.key);
    if (col && (f.kind === "calc" || f.kind === "refresh"))
      changes.push({
        op: "setFont",
        sheet,
        address: `${col}${layout.headerRow}`,
        color: "#FFFFFF",
        fill: f.kind === "calc" ? "#7F7F7F" : "#A6A6A6",
      });
  }
  for (const rules of columnRules({
    table: def,
    locale,
    settings,
    firstDataRow: layout.firstDataRow,
    columnOf: layout.columnOf,
    stageCount,
  })) {
    const address = dataColumnRange(layout, rules.key)!;
    if (rules.validation) changes.push({ op: "setValidation", sheet, address, validation: rules.validation });
    changes.push({ op: "setConditionalFormats", sheet, address, formats: rules.formats });
    report.rulesApplied += (rules.validation ? 1 : 0) + rules.formats.length;
  }
}

function formulaColumns(
  p: TablePlanState,
  formulas: ColumnFormula[],
  changes: Change[],
  report: InstallReport,
  results: (rows: number) => Map<string, Scalar[]>,
): void {
  const rows = p.totalRows;
  const writable = formulas.filter((f) => {
    if (!p.layout.columnOf.has(f.key)) return false;
    const missing = f.deps.filter((d) => !p.layout.columnOf.has(d));
    if (missing.length > 0) {
      report.skippedFormulas.push({
        table: p.def.name,
        header: p.layout.headerOf.get(f.key)!,
        missing: missing.map((k) => tr(p.def.fields.find((x) => x.key === k)!.header, report.locale)),
      });
      return false;
    }
    return true;
  });
  if (writable.length === 0) return;
  const values = results(rows);
  const indexes = Array.from({ length: rows }, (_, i) => i);
  for (const f of writable) {
    const cached = values.get(f.key);
    const cells: CellWrite[] = indexes.map((i) =>
      cached ? { formula: f.formula, result: cached[i] ?? "" } : { formula: f.formula },
    );
    changes.push({
      op: "writeTableColumn",
      table: p.def.name,
      column: p.layout.headerOf.get(f.key)!,
      rowIndexes: indexes,
      cells,
    });
    report.formulaColumns.push({ table: p.def.name, header: p.layout.headerOf.get(f.key)!, rows });
  }
}

const EMPTY_LEAD: Omit<Lead, "row"> = {
  leadId: "",
  customer: "",
  contact: "",
  phone: "",
  industry: "",
  companySize: "",
  needType: "",
  needDesc: "",
  budget: "",
  urgency: "",
  decisionAccess: "",
  expectedClose: null,
  source: "",
  sourceDetail: "",
  competitor: "",
  status: "",
  stage: "",
  owner: "",
  createdAt: null,
  gradeOverride: "",
};

/** The engine's values of the Leads calculated columns, cached in the formula cells (files show numbers before any recalculation). */
function leadResults(
  p: TablePlanState,
  rows: number,
  settings: Settings,
  asOf: Serial,
  locale: Locale,
): Map<string, Scalar[]> {
  const raw = rawRows(p, rows);
  const parsed = new Map<number, Lead>();
  for (const l of parseLeads(raw, p.def)) parsed.set(l.row - raw.firstRow, l);
  const keys = [
    "budgetPts",
    "urgencyPts",
    "accessPts",
    "sizePts",
    "score",
    "grade",
    "nextDue",
    "alert",
    "statusRole",
    "stageLimit",
    "cadenceBase",
  ] as const;
  const out = new Map<string, Scalar[]>(keys.map((k) => [k, []]));
  const num = (v: CellValue) => (typeof v === "number" ? v : null);
  // One Settings object for every row: the engine caches its lookup maps per object.
  const localized = settings.locale === locale ? settings : { ...settings, locale };
  for (let i = 0; i < rows; i++) {
    const lead = parsed.get(i) ?? { ...EMPTY_LEAD, row: raw.firstRow + i };
    const c = leadColumns(
      lead,
      {
        // Refresh-owned dates, read as the formulas read them: a real date or nothing.
        lastFollowUp: workbookDate(rowValue(p, i, "lastFollowUp")),
        stageSince: workbookDate(rowValue(p, i, "stageSince")),
        noReplyRun: num(rowValue(p, i, "noReplyRun")) ?? 0,
        lastNextStep: "",
        lastFollowUpRow: null,
      },
      localized,
      asOf,
    );
    for (const k of keys) out.get(k)!.push(c[k] ?? "");
  }
  return out;
}

function conversionResults(
  p: TablePlanState,
  rows: number,
  settings: Settings,
  stageCount: number,
): Map<string, Scalar[]> {
  const raw = rawRows(p, rows);
  const parsed = new Map<number, ConversionRow>();
  for (const r of parseConversion(raw, stageCount, p.def)) parsed.set(r.row - raw.firstRow, r);
  // Rows the parser skips (blank) keep the table's initial values: no stage, no role.
  const t = newConversionColumnTable(rows, stageCount);
  const ix = indexSettings(settings);
  for (const [i, r] of parsed) if (i >= 0 && i < rows) conversionColumnsInto(t, i, ix, r, r.stageAt);
  const out = new Map<string, Scalar[]>();
  const blankIfNull = (v: Scalar) => v ?? "";
  for (let k = 1; k < stageCount; k++) out.set(`stage${k}Days`, t.stageDays[k - 1].map(blankIfNull));
  out.set("cycleDays", t.cycleDays.map(blankIfNull));
  out.set("lostAtStage", t.lostAtStage);
  out.set("resultRole", t.resultRole);
  out.set("lastStage", t.lastStage);
  out.set("lostClose", t.lostClose.map(blankIfNull));
  return out;
}
