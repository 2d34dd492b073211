/**
 * Refresh review (SPEC §2.5, §3): read the input tables through the port,
 * compute everything with the pure engine, and apply only what changed:
 * the add-in-owned cells of Leads and Conversion, new Conversion rows, blank
 * calculated cells' formulas, and the review sheets.
 *
 * Co-authoring safety: input ranges are never rewritten wholesale. Each owned
 * cell is compared with what the workbook holds and written only when it
 * differs; a typed stage date is never replaced; nothing is removed or
 * reordered.
 */
import {
  computeAll,
  conversionSource,
  columnValue,
  salesKey,
  SALES_COLUMNS,
  type ComputeAllResult,
  type Review,
  type SalesCarry,
} from "../domain/engine";
import { tableDefs, type TableDef } from "../domain/fields/definitions";
import { conversionFormulas, leadFormulas, type ColumnFormula } from "../domain/formulas/calculated";
import type { LeadBook, PeriodFilter } from "../domain/model";
import { parseDate, todaySerial } from "../domain/parse/dates";
import { parsePeriodFilter, periodLabel } from "../domain/parse/periods";
import { isBlankCell } from "../domain/parse/text";
import type { CellWrite, Change, Scalar } from "../domain/plan/changes";
import { planReview, reviewSheetTables, salesMetricFromLabel } from "../domain/plan/reviewSheets";
import { chooseReviewSheets } from "../domain/plan/sheets";
import { bookFromTables, headerIndex, type RawTable } from "../domain/rows";
import { LIST_COLUMN_HEADERS, type ListColumnKey } from "../domain/formulas/names";
import type { CellValue, InputTableName, L10n, Locale, Serial } from "../domain/types";
import { tr } from "../domain/types";
import { checkBook } from "../domain/validate";
import { WorkbookError, type TableData, type WorkbookPort } from "../workbook/port";
import { loadContext, nowSerial } from "./context";

export type RefreshStep = "read" | "compute" | "plan" | "write" | "charts" | "done";

export interface RefreshProgress {
  step: RefreshStep;
  /** 0..1 within the whole refresh. */
  fraction: number;
  /** Rows read (read), or changes applied (write). */
  rows?: number;
  total?: number;
  label: string;
}

export interface RefreshOptions {
  period: PeriodFilter;
  /** As-of date (serial); default: Settings' as-of, else today from `now`. */
  asOf?: Serial;
  now: Date;
  onProgress?: (p: RefreshProgress) => void;
  /**
   * Files only: also rewrite the cached result of a calculated cell whose
   * value the engine now computes differently (its formula unchanged), so a
   * viewer that does not recalculate shows current numbers. Excel recalculates
   * by itself, so the Office shell leaves this off.
   */
  updateCachedResults?: boolean;
}

export interface RefreshReport {
  period: string;
  asOf: Serial;
  refreshedAt: Serial;
  rowsRead: Record<InputTableName, number>;
  /** Owned cells written in Leads and Conversion (values that changed). */
  ownedCellsWritten: number;
  stageDatesFilled: number;
  conversionRowsAdded: number;
  formulasRestored: number;
  /** Cached results of calculated cells brought up to date (files only). */
  cachedResultsUpdated: number;
  /** Problems found in the input rows (reported, never fixed), and how many rows have one. */
  problems: number;
  badRows: number;
  reviewRows: Record<string, number>;
  charts: boolean;
  /** Charts Excel did not draw (the review data is written all the same); absent when none. */
  chartWarnings?: L10n[];
  /** Settings.hideContacts: phone numbers are left off the due list. */
  hideContacts: boolean;
  /** Settings fell back to defaults (the Settings sheet is missing or unreadable). */
  settingsMissing: boolean;
  /** Review sheets put under another name because a user's sheet has theirs. */
  sheetNotices: L10n[];
}

export interface RefreshResult {
  review: Review;
  report: RefreshReport;
  /** The changes applied (tests check that no input cell is among them). */
  changes: Change[];
}

/** Optional chart support a port may offer (Office only: the .xlsx package engine does not draw charts). */
export interface ChartCapablePort {
  /** (Re)create the review charts over the review tables; a chart it could not draw is a warning. */
  ensureReviewCharts(spec: ReviewChartSpec): Promise<void | { warnings: L10n[] }>;
}

export interface ReviewChartSpec {
  funnel: { sheet: string; table: string; categoryColumn: string; valueColumn: string; title: string };
  channels: { sheet: string; table: string; categoryColumn: string; valueColumns: string[]; title: string };
}

function hasCharts(port: WorkbookPort): port is WorkbookPort & ChartCapablePort {
  return typeof (port as Partial<ChartCapablePort>).ensureReviewCharts === "function";
}

const READ_TABLES: InputTableName[] = ["Leads", "FollowUps", "Conversion", "ChannelCosts"];

/**
 * Refuse, before anything is computed or written, a LeadFlow workbook (it has the other input
 * tables) whose Leads table, or one of its required columns (or the lead ID), is missing — renamed
 * or deleted. Refreshing it would rewrite
 * every review as if there were no leads (issue 13 item 12).
 */
function assertLeadsReadable(leads: TableData | undefined, def: TableDef, otherTables: boolean): void {
  // A workbook with none of the input tables is not installed yet: refresh builds its reviews as before.
  if (!leads && !otherTables) return;
  if (!leads)
    throw new WorkbookError(
      "table-missing",
      `the table Leads (sheet ${tr(def.sheet, "en-US")}) is missing (renamed or deleted?); rename it back to Leads or run install — nothing was changed / 找不到表 Leads（工作表“${tr(def.sheet, "zh-CN")}”），可能被重命名或删除；请改回 Leads 或运行“安装/升级模板”，工作簿未作任何修改`,
    );
  const { index } = headerIndex(def, leads.table.headers);
  const lost = def.fields.filter((f) => (f.required || f.key === "leadId") && f.kind !== "calc" && !index.has(f.key));
  if (lost.length === 0) return;
  const names = (l: Locale) =>
    lost
      .map((f) => (l === "zh-CN" ? `“${tr(f.header, l)}”` : `"${tr(f.header, l)}"`))
      .join(l === "zh-CN" ? "、" : ", ");
  throw new WorkbookError(
    "table-missing",
    `the table Leads has no column ${names("en-US")} (renamed or deleted?); rename the header back or run install — nothing was changed / 表 Leads 缺少列${names("zh-CN")}（可能被重命名或删除）；请把列标题改回，或运行“安装/升级模板”，工作簿未作任何修改`,
  );
}

export async function refresh(port: WorkbookPort, opts: RefreshOptions): Promise<RefreshResult> {
  const progress = (step: RefreshStep, fraction: number, label: string, rows?: number, total?: number) =>
    opts.onProgress?.({
      step,
      fraction,
      label,
      ...(rows !== undefined ? { rows } : {}),
      ...(total !== undefined ? { total } : {}),
    });

  progress("read", 0, "workbook");
  const ctx = await loadContext(port);
  const { state, settings } = ctx;
  const settingsMissing = !ctx.settingsFound;
  const locale: Locale = ctx.locale;
  const stageCount = Math.max(1, settings.lists.stage.length);
  const defs = tableDefs(stageCount);

  // Formulas only of the tables with calculated columns (blank ones get theirs back, stale results are updated).
  const withFormulas = await port.readTables(["Leads", "Conversion"], { formulas: true });
  const plain = await port.readTables(["FollowUps", "ChannelCosts", "ReviewSales"]);
  const tables = new Map<string, TableData>([...withFormulas, ...plain]);
  const raw: Partial<Record<InputTableName, RawTable>> = {};
  for (const name of READ_TABLES) {
    const t = tables.get(name);
    if (t) raw[name] = { headers: t.table.headers, values: t.values, firstRow: t.firstRow };
  }
  assertLeadsReadable(
    tables.get("Leads"),
    defs.Leads,
    READ_TABLES.some((n) => n !== "Leads" && tables.has(n)),
  );
  const rowsRead = Object.fromEntries(READ_TABLES.map((n) => [n, tables.get(n)?.values.length ?? 0])) as Record<
    InputTableName,
    number
  >;
  progress("read", 0.3, "tables", rowsRead.Leads + rowsRead.FollowUps + rowsRead.Conversion + rowsRead.ChannelCosts);

  progress("compute", 0.35, "engine");
  const now = opts.now;
  const asOf = Math.floor(opts.asOf ?? settings.asOf ?? todaySerial(now));
  const refreshedAt = nowSerial(now);
  const book = bookFromTables(raw, stageCount);

  // New leads get their Conversion row in this same pass, so their stage dates fill at once.
  const convTable = tables.get("Conversion");
  const appended = convTable ? newConversionRows(book, convTable) : [];
  const fullBook: LeadBook = appended.length ? { ...book, conversion: [...book.conversion, ...appended] } : book;

  const carry = readCarried(tables.get("ReviewSales"), opts.period, locale);
  const result = computeAll(fullBook, settings, {
    period: opts.period,
    asOf,
    carried: carry.carried,
    salesPeriods: carry.periods,
  });
  const today = todaySerial(now);
  const problems = checkBook({
    tables: Object.fromEntries(
      [...tables]
        .filter(([n]) => (READ_TABLES as string[]).includes(n))
        .map(([n, t]) => [n, { headers: t.table.headers, firstRow: t.firstRow, values: t.values }]),
    ),
    settings,
    locale,
    today,
    settingsMissing,
  });
  const badRows = new Set(problems.filter((p) => p.row > 0).map((p) => `${p.table}:${p.row}`)).size;

  progress("plan", 0.55, "changes");
  const changes: Change[] = [];
  const counts = { owned: 0, fills: 0, formulas: 0, cached: 0, updateCached: opts.updateCachedResults === true };
  const leadsTable = tables.get("Leads");
  if (leadsTable) planLeads(changes, counts, leadsTable, fullBook, result, defs.Leads, locale, stageCount);
  if (convTable)
    planConversion(
      changes,
      counts,
      convTable,
      fullBook,
      book.conversion.length,
      result,
      defs.Conversion,
      locale,
      stageCount,
      appended.length,
    );

  // Reviews go only on sheets LeadFlow owns; a user's sheet of the same name (any case) is left alone.
  const reviewSheets = chooseReviewSheets(state, locale, reviewSheetTables());
  changes.push(
    ...planReview({
      review: result.review,
      locale,
      asOf,
      refreshedAt,
      hideContacts: settings.hideContacts,
      sheetNames: reviewSheets.names,
      existingTables: state.tables,
    }),
    ...reviewSheets.changes,
  );

  progress("write", 0.6, "workbook", 0, changes.length);
  await port.apply(changes, (done, total, label) =>
    progress("write", 0.6 + 0.35 * (done / Math.max(1, total)), label, done, total),
  );

  let charts = false;
  const chartWarnings: L10n[] = [];
  if (hasCharts(port)) {
    progress("charts", 0.96, "charts");
    // The review data is written: a chart problem is a warning, never a failed Refresh (issue 11 item 3).
    try {
      const drawn = await port.ensureReviewCharts(chartSpec(locale, reviewSheets.names));
      chartWarnings.push(...(drawn?.warnings ?? []));
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      chartWarnings.push({
        zh: `复盘图表未能更新；复盘表的数据已经写好。（${why}）`,
        en: `The review charts could not be updated; the review tables are written. (${why})`,
      });
    }
    charts = chartWarnings.length === 0;
  }
  const review = result.review;
  const report: RefreshReport = {
    period: periodLabel(opts.period, undefined, locale),
    asOf,
    refreshedAt,
    rowsRead,
    ownedCellsWritten: counts.owned,
    stageDatesFilled: counts.fills,
    conversionRowsAdded: appended.length,
    formulasRestored: counts.formulas,
    cachedResultsUpdated: counts.cached,
    problems: problems.length,
    badRows,
    reviewRows: Object.fromEntries(
      (["channels", "funnel", "bySource", "byIndustry", "byOwner", "byGrade", "sales", "due"] as const).map((k) => [
        k,
        review[k].length,
      ]),
    ),
    charts,
    ...(chartWarnings.length ? { chartWarnings } : {}),
    hideContacts: settings.hideContacts,
    settingsMissing,
    sheetNotices: reviewSheets.notices,
  };
  progress("done", 1, "done");
  return { review, report, changes };
}

// ---------------------------------------------------------------- owned cells

/** True when the cell already holds what Refresh would write. */
export function sameValue(current: CellValue | undefined, next: CellWrite): boolean {
  if (next === null || next === "") return isBlankCell(current);
  if (typeof next === "number") {
    let cur: number | null = null;
    if (typeof current === "number") cur = current;
    else if (current instanceof Date) {
      const p = parseDate(current);
      cur = p.ok ? p.value : null;
    }
    // Dates with a time are compared to about a second: files store 15–17 significant digits.
    return cur !== null && Math.abs(cur - next) < 1e-5;
  }
  if (typeof next === "string") return typeof current === "string" && current.trim() === next.trim();
  if (typeof next === "boolean") return current === next;
  return false;
}

interface Counts {
  owned: number;
  fills: number;
  formulas: number;
  cached: number;
  updateCached: boolean;
}

const normCache = new Map<string, string>();
function normFormula(f: string): string {
  let n = normCache.get(f);
  if (n === undefined) {
    n = f.replace(/^=/, "").replace(/\s+/g, "");
    if (normCache.size < 256) normCache.set(f, n);
  }
  return n;
}

function sameFormula(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  // The common case (our own formula as written) is an exact match: no normalising per cell.
  return a === b || normFormula(a) === normFormula(b);
}

/**
 * A calculated cell: restore its formula when the cell is blank; with
 * `updateCached`, refresh the cached result of our own formula when it is stale.
 * A value typed over a formula is left for Check to report.
 */
function planCalcCell(
  x: { c: number; w: ColumnWrites },
  ri: number,
  value: CellValue | undefined,
  formulaText: string | null | undefined,
  formula: string,
  result: Scalar | undefined,
  counts: Counts,
): void {
  const withResult = { formula, ...(result !== undefined ? { result } : {}) };
  if (isBlankCell(value) && isBlankCell(formulaText ?? null)) {
    x.w.push(ri, withResult);
    counts.formulas++;
    return;
  }
  if (!counts.updateCached || result === undefined || !sameFormula(formulaText, formula)) return;
  if (sameValue(value, result ?? null)) return;
  x.w.push(ri, withResult);
  counts.cached++;
}

/** Collects the writes of one table column: only cells whose value changes. */
class ColumnWrites {
  readonly rowIndexes: number[] = [];
  readonly cells: CellWrite[] = [];
  constructor(
    readonly table: string,
    readonly header: string,
  ) {}
  push(rowIndex: number, cell: CellWrite): void {
    this.rowIndexes.push(rowIndex);
    this.cells.push(cell);
  }
  toChange(): Change | null {
    return this.rowIndexes.length
      ? {
          op: "writeTableColumn",
          table: this.table,
          column: this.header,
          rowIndexes: this.rowIndexes,
          cells: this.cells,
        }
      : null;
  }
}

/** Formulas of calculated columns whose dependencies all exist, by field key. */
function formulasByKey(list: ColumnFormula[], present: (key: string) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of list) if (present(f.key) && f.deps.every(present)) out.set(f.key, f.formula);
  return out;
}

function formulaContext(
  locale: Locale,
  stageCount: number,
  table: "Leads" | "Conversion",
  headers: string[],
  def: TableDef,
) {
  const ix = headerIndex(def, headers).index;
  const own = (t: string, key: string): string | undefined => {
    if (t === table) {
      const col = ix.get(key);
      return col === undefined ? undefined : headers[col];
    }
    return undefined;
  };
  return { ix, ctx: { locale, stageCount, header: own } };
}

function planLeads(
  changes: Change[],
  counts: Counts,
  t: TableData,
  book: LeadBook,
  result: ComputeAllResult,
  def: TableDef,
  locale: Locale,
  stageCount: number,
): void {
  const headers = t.table.headers;
  const { ix, ctx } = formulaContext(locale, stageCount, "Leads", headers, def);
  const writes = new Map<string, ColumnWrites>();
  const col = (key: string) => {
    const c = ix.get(key);
    if (c === undefined) return undefined;
    let w = writes.get(key);
    if (!w) writes.set(key, (w = new ColumnWrites("Leads", headers[c])));
    return { c, w };
  };
  const owned = ["lastFollowUp", "stageSince", "noReplyRun"] as const;
  const formulas = formulasByKey(leadFormulas(withListHeaders(ctx, locale)), (k) => ix.has(k));
  for (let i = 0; i < book.leads.length; i++) {
    const lead = book.leads[i];
    const ri = lead.row - t.firstRow;
    const rowValues = t.values[ri];
    if (!rowValues) continue;
    const act = result.activity;
    const next: Record<(typeof owned)[number], CellWrite> = {
      lastFollowUp: act.lastFollowUp[i],
      stageSince: act.stageSince[i],
      noReplyRun: lead.leadId === "" ? null : act.noReplyRun[i],
    };
    for (const key of owned) {
      const x = col(key);
      if (!x) continue;
      if (sameValue(rowValues[x.c], next[key])) continue;
      x.w.push(ri, next[key]);
      counts.owned++;
    }
    // A calculated cell that is blank (value and formula) gets its formula back; anything typed stays.
    for (const [key, formula] of formulas) {
      const x = col(key);
      if (x)
        planCalcCell(
          x,
          ri,
          rowValues[x.c],
          t.formulas?.[ri]?.[x.c],
          formula,
          columnValue(result.leads, key, i) as Scalar | undefined,
          counts,
        );
    }
  }
  for (const w of writes.values()) {
    const ch = w.toChange();
    if (ch) changes.push(ch);
  }
}

function planConversion(
  changes: Change[],
  counts: Counts,
  t: TableData,
  book: LeadBook,
  existingRows: number,
  result: ComputeAllResult,
  def: TableDef,
  locale: Locale,
  stageCount: number,
  appendedCount: number,
): void {
  const headers = t.table.headers;
  const { ix, ctx } = formulaContext(locale, stageCount, "Conversion", headers, def);
  const formulas = formulasByKey(conversionFormulas(withListHeaders(ctx, locale)), (k) => ix.has(k));
  const writes = new Map<string, ColumnWrites>();
  const col = (key: string) => {
    const c = ix.get(key);
    if (c === undefined) return undefined;
    let w = writes.get(key);
    if (!w) writes.set(key, (w = new ColumnWrites("Conversion", headers[c])));
    return { c, w };
  };
  const cc = result.conversion;
  const calcValue = (i: number, key: string): Scalar | undefined => {
    if (i >= cc.cycleDays.length) return undefined;
    if (key === "cycleDays") return cc.cycleDays[i];
    if (key === "lostAtStage") return cc.lostAtStage[i];
    if (key === "resultRole" || key === "lastStage" || key === "lostClose") return cc[key][i];
    const m = /^stage(\d+)Days$/.exec(key);
    if (m) return cc.stageDays[Number(m[1]) - 1]?.[i] ?? null;
    return undefined;
  };
  const fillsByRow = new Map<number, Map<number, number>>();
  for (const f of result.stageFills) {
    let m = fillsByRow.get(f.index);
    if (!m) fillsByRow.set(f.index, (m = new Map()));
    m.set(f.stageIndex, f.value);
  }

  for (let i = 0; i < existingRows; i++) {
    const conv = book.conversion[i];
    const ri = conv.row - t.firstRow;
    const rowValues = t.values[ri];
    if (!rowValues) continue;
    const sync = conversionSource(book, result, i);
    if (sync) {
      const copies: [string, CellWrite][] = [
        ["source", sync.source],
        ["industry", sync.industry],
        ["owner", sync.owner],
        ["createdAt", sync.createdAt],
      ];
      for (const [key, v] of copies) {
        const x = col(key);
        if (!x || sameValue(rowValues[x.c], v)) continue;
        x.w.push(ri, v);
        counts.owned++;
      }
    }
    const fills = fillsByRow.get(i);
    if (fills) {
      for (const [k, v] of fills) {
        const x = col(`stage${k + 1}At`);
        // Never over a typed value: the engine fills blanks only, and we re-check the cell itself.
        if (!x || !isBlankCell(rowValues[x.c])) continue;
        x.w.push(ri, v);
        counts.fills++;
      }
    }
    for (const [key, formula] of formulas) {
      const x = col(key);
      if (x) planCalcCell(x, ri, rowValues[x.c], t.formulas?.[ri]?.[x.c], formula, calcValue(i, key), counts);
    }
  }
  for (const w of writes.values()) {
    const ch = w.toChange();
    if (ch) changes.push(ch);
  }

  if (appendedCount > 0) {
    const rows: CellWrite[][] = [];
    for (let i = existingRows; i < existingRows + appendedCount; i++) {
      const conv = book.conversion[i];
      const sync = conversionSource(book, result, i);
      const stageAt = result.stageAt[i] ?? [];
      const row: CellWrite[] = new Array(headers.length).fill(null);
      const set = (key: string, v: CellWrite) => {
        const c = ix.get(key);
        if (c !== undefined) row[c] = v;
      };
      set("leadId", conv.leadId);
      set("source", sync?.source ?? conv.source);
      set("industry", sync?.industry ?? conv.industry);
      set("owner", sync?.owner ?? conv.owner);
      set("createdAt", sync?.createdAt ?? conv.createdAt);
      for (let k = 0; k < stageCount; k++) {
        const v = stageAt[k] ?? null;
        set(`stage${k + 1}At`, v);
        if (v !== null) counts.fills++;
      }
      for (const [key, formula] of formulas) {
        const res = calcValue(i, key);
        set(key, { formula, ...(res !== undefined ? { result: res } : {}) });
      }
      rows.push(row);
    }
    changes.push({ op: "appendRows", table: "Conversion", rows });
  }
}

/** Lead IDs of Leads that have no Conversion row yet, as blank Conversion rows (appended in Leads order). */
function newConversionRows(book: LeadBook, conv: TableData): LeadBook["conversion"] {
  const have = new Set(book.conversion.map((c) => c.leadId));
  const out: LeadBook["conversion"] = [];
  const stageCount = book.conversion[0]?.stageAt.length;
  let row = conv.firstRow + conv.values.length;
  for (const lead of book.leads) {
    if (lead.leadId === "" || have.has(lead.leadId)) continue;
    have.add(lead.leadId);
    out.push({
      row: row++,
      leadId: lead.leadId,
      source: lead.source,
      industry: lead.industry,
      owner: lead.owner,
      createdAt: lead.createdAt,
      stageAt: new Array(stageCount ?? 0).fill(null),
      result: "",
      closedAt: null,
      amount: null,
      lossReason: "",
      keyMoment: "",
      notes: "",
    });
  }
  return out;
}

// ---------------------------------------------------------------- sales carry-over

/**
 * Targets and notes typed into ReviewSales, by key (period | dimension |
 * metric), and the other periods that hold any (they are recomputed so the
 * manager's rows are never lost).
 */
export function readCarried(
  t: TableData | undefined,
  current: PeriodFilter,
  locale: Locale,
): { carried: Map<string, SalesCarry>; periods: PeriodFilter[] } {
  const carried = new Map<string, SalesCarry>();
  const periods: PeriodFilter[] = [];
  if (!t) return { carried, periods };
  const find = (key: string) => {
    const c = SALES_COLUMNS.find((x) => x.key === key)!;
    return t.table.headers.findIndex(
      (h) => String(h ?? "").trim() === c.header.zh || String(h ?? "").trim() === c.header.en,
    );
  };
  const [pi, di, mi, ti, wi, ii, ai] = [
    "period",
    "dimension",
    "metricLabel",
    "target",
    "wins",
    "issues",
    "actions",
  ].map(find);
  if (pi < 0 || di < 0 || mi < 0) return { carried, periods };
  const seen = new Set<string>([periodLabel(current, undefined, locale)]);
  const str = (v: CellValue | undefined) =>
    v === null || v === undefined ? "" : v instanceof Date ? "" : String(v).trim();
  for (const row of t.values) {
    const metric = salesMetricFromLabel(str(row[mi]));
    if (!metric) continue;
    const targetRaw = ti >= 0 ? row[ti] : null;
    const target =
      typeof targetRaw === "number" && Number.isFinite(targetRaw)
        ? targetRaw
        : typeof targetRaw === "string" &&
            targetRaw.trim() !== "" &&
            Number.isFinite(Number(targetRaw.replace(/,/g, "")))
          ? Number(targetRaw.replace(/,/g, ""))
          : null;
    const wins = wi >= 0 ? str(row[wi]) : "";
    const issues = ii >= 0 ? str(row[ii]) : "";
    const actions = ai >= 0 ? str(row[ai]) : "";
    if (target === null && !wins && !issues && !actions) continue;
    // Period labels are canonical (2024, 2024-Q2, 2024-05, all) in both locales.
    const parsed = parsePeriodFilter(str(row[pi]));
    if (!parsed.ok) continue;
    const label = periodLabel(parsed.value, undefined, locale);
    carried.set(salesKey(label, str(row[di]), metric), { target, wins, issues, actions });
    if (!seen.has(label)) {
      seen.add(label);
      periods.push(parsed.value);
    }
  }
  return { carried, periods };
}

// ---------------------------------------------------------------- charts

function chartSpec(locale: Locale, sheets: { reviewFunnel: string; reviewChannels: string }): ReviewChartSpec {
  const zh = locale === "zh-CN";
  return {
    funnel: {
      sheet: sheets.reviewFunnel,
      table: "ReviewFunnel",
      categoryColumn: zh ? "阶段" : "Stage",
      valueColumn: zh ? "进入数" : "Entered",
      title: zh ? "阶段漏斗" : "Sales funnel",
    },
    channels: {
      sheet: sheets.reviewChannels,
      table: "ReviewChannels",
      categoryColumn: zh ? "渠道" : "Channel",
      valueColumns: zh ? ["转化率", "ROI"] : ["Conversion rate", "ROI"],
      title: zh ? "渠道转化率与ROI" : "Conversion rate and ROI by channel",
    },
  };
}

/** Settings list tables carry the localized list column headers install wrote. */
function withListHeaders<
  T extends { locale: Locale; stageCount: number; header: (t: string, k: string) => string | undefined },
>(ctx: T, locale: Locale): T {
  return { ...ctx, header: (t: string, k: string) => ctx.header(t, k) ?? listTableHeader(t, k, locale) };
}

function listTableHeader(table: string, key: string, locale: Locale): string | undefined {
  if (table.startsWith("List_") && key in LIST_COLUMN_HEADERS)
    return tr(LIST_COLUMN_HEADERS[key as ListColumnKey], locale);
  return undefined;
}
