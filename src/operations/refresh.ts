/**
 * Refresh review (docs/ARCHITECTURE.md §2): read the input tables through the port,
 * compute everything with the pure engine, plan only what changed (the
 * add-in-owned cells of Leads and Conversion, new Conversion rows, blank
 * calculated cells' formulas, and the review sheets — src/domain/plan/refresh.ts
 * and src/domain/plan/review.ts), then apply the plan through the port.
 */
import { computeAll, type Review } from "../domain/engine";
import { tableDefs, type TableDef } from "../domain/fields/definitions";
import type { LeadBook, PeriodFilter } from "../domain/model";
import { todaySerial } from "../domain/parse/dates";
import { periodLabel } from "../domain/parse/periods";
import type { Change } from "../domain/plan/changes";
import { reviewChartSpec } from "../domain/plan/charts";
import { planPivot } from "../domain/plan/pivot";
import { missingLeadsColumns, newConversionRows, planOwnedCells, readCarried } from "../domain/plan/refresh";
import { planRefreshRecord } from "../domain/plan/refreshRecord";
import { planReview, reviewSheetTables } from "../domain/plan/reviewSheets";
import { chooseReviewSheets } from "../domain/plan/sheets";
import { bookFromTables, type RawTable } from "../domain/rows";
import type { InputTableName, L10n, Locale, Serial } from "../domain/types";
import { tr } from "../domain/types";
import { checkBook } from "../domain/validate";
import { WorkbookError, type PivotOutcome, type TableData, type WorkbookPort } from "../workbook/port";
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
  /** Review sheets put under another name because a user's sheet has theirs; the PivotTable's notice. */
  sheetNotices: L10n[];
  /** The Leads PivotTable (issue 14 item 7): created, refreshed or left; absent when none was planned. */
  pivot?: PivotOutcome;
}

export interface RefreshResult {
  review: Review;
  report: RefreshReport;
  /** The changes applied (tests check that no input cell is among them). */
  changes: Change[];
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
  const lost = missingLeadsColumns(def, leads.table.headers);
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
  const { changes, counts } = planOwnedCells({
    leads: tables.get("Leads"),
    conversion: convTable,
    book: fullBook,
    existingConversionRows: book.conversion.length,
    appended: appended.length,
    result,
    defs,
    locale,
    stageCount,
    updateCachedResults: opts.updateCachedResults,
  });

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
    // When it ran and for which period, in the workbook: the pane shows it when it opens (issue 15 item 5).
    ...planRefreshRecord(refreshedAt, opts.period),
  );

  // The Leads PivotTable (issue 14 item 7): created once, then only refreshed (a manager's layout
  // is kept); like the charts, made after the writes, and a problem with it is a notice.
  const pivot = planPivot(tables.get("Leads")?.table, defs.Leads, locale);
  if (pivot) changes.push(pivot);
  // The review charts go last, through the port like every other change: the adapter draws them
  // after the review data is written, and a chart problem is a warning, never a failed Refresh
  // (issue 11 item 3). An adapter that draws no charts (files) leaves `chartsDrawn` absent.
  changes.push({ op: "reviewCharts", spec: reviewChartSpec(locale, reviewSheets.names) });

  progress("write", 0.6, "workbook", 0, changes.length);
  const outcome = await port.apply(changes, (done, total, label) =>
    label === "reviewCharts"
      ? progress("charts", 0.96, "charts")
      : progress("write", 0.6 + 0.35 * (done / Math.max(1, total)), label, done, total),
  );
  const chartWarnings: L10n[] = outcome?.warnings ?? [];
  const charts = outcome?.chartsDrawn === true && chartWarnings.length === 0;
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
    sheetNotices: outcome?.pivot?.notice ? [...reviewSheets.notices, outcome.pivot.notice] : reviewSheets.notices,
    ...(outcome?.pivot ? { pivot: outcome.pivot } : {}),
  };
  progress("done", 1, "done");
  return { review, report, changes };
}
