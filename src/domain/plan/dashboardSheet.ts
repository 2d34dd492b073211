/**
 * The Dashboard sheet (看板 / Dashboard, issue 14 item 6) as a plan: from the
 * engine's Dashboard (src/domain/engine/dashboard.ts — every number is
 * computed there), the Changes that rebuild the sheet. Pure: no Office, no files.
 *
 * Layout: row 1 a title with the period and the as-of date, rows 2–4 the
 * period, as-of and refreshed-at stamps (as on every review sheet), then two
 * tables side by side from row 6 with stable names so charts, filters and
 * Power Query keep working: ReviewDashboard (one KPI a row: measure, value,
 * each value with the number format of its kind) and ReviewFindings (up to
 * five plain-language findings, one a row, in the workbook's language). The
 * funnel, channel and trend charts go under the tables (Office only; see
 * dashboardCharts in ./charts.ts).
 *
 * The sheet is the first of the review sheets: created in front of the first
 * review sheet the workbook already has (a later move by the user is kept).
 */
import type { Dashboard, KpiRow } from "../engine/dashboard";
import { FINDING_COLUMNS, KPI_COLUMNS } from "../engine/insightColumns";
import { FORMAT, SHEET_NAMES } from "../fields/definitions";
import { formatDate } from "../parse/dates";
import type { L10n, Locale, Serial } from "../types";
import { tr } from "../types";
import type { CellWrite, Change } from "./changes";
import { clearPreviousReview } from "./reviewSheets";
import { findSheet, sheetNameKey } from "./sheets";

/** Stable table names of the dashboard. */
export const DASHBOARD_TABLES = { kpis: "ReviewDashboard", findings: "ReviewFindings" } as const;

/** Worksheet row of both tables' headers. */
export const DASHBOARD_TABLE_ROW = 6;
/** Top-left cells of the two tables (findings one empty column right of the KPIs). */
export const DASHBOARD_KPI_CELL = `A${DASHBOARD_TABLE_ROW}`;
export const DASHBOARD_FINDINGS_CELL = `D${DASHBOARD_TABLE_ROW}`;
/** First row under the tables that the charts may use (8 KPIs, 5 findings at most, one row between). */
export const DASHBOARD_CHART_ROW = DASHBOARD_TABLE_ROW + 8 + 3;

/** Number format of a KPI value by kind: counts, rates, money, days. */
export const KPI_FORMAT: Record<KpiRow["kind"], string> = {
  integer: FORMAT.integer,
  rate: FORMAT.percent,
  amount: FORMAT.amount,
  days: "0.0",
};

const LABELS = {
  period: { zh: "统计周期", en: "Period" },
  asOf: { zh: "截至日期", en: "As of" },
  refreshedAt: { zh: "刷新时间", en: "Refreshed at" },
} satisfies Record<string, L10n>;

/** The title: 看板（2024-06，截至 2024-06-30） / Dashboard (2024-06, as of 2024-06-30). */
export function dashboardTitle(period: string, asOf: Serial, locale: Locale): string {
  const date = formatDate(asOf);
  return locale === "zh-CN"
    ? `${SHEET_NAMES.dashboard.zh}（${period}，截至 ${date}）`
    : `${SHEET_NAMES.dashboard.en} (${period}, as of ${date})`;
}

export interface DashboardPlanInput {
  dashboard: Dashboard;
  locale: Locale;
  asOf: Serial;
  /** When the refresh ran (serial with time, local clock). */
  refreshedAt: Serial;
  /** The sheet the dashboard goes on (see chooseReviewSheets); its own name when absent. */
  sheet?: string;
  /** The sheets of the workbook now, in order (to place a new dashboard first among the review sheets). */
  sheets?: readonly { name: string }[];
  /** The sheets of the other review sheets (in any order). */
  reviewSheets?: readonly string[];
  /** Tables that exist now (name, sheet, A1 address), to clear what the last refresh wrote. */
  existingTables?: readonly { name: string; sheet: string; address: string }[];
}

/**
 * Where a new dashboard sheet goes: in front of the first review sheet the
 * workbook has; undefined (at the end) when it has none yet — the plan creates
 * the dashboard before the other review sheets, so it comes first all the
 * same — or when the dashboard sheet exists already (never moved).
 */
export function dashboardSheetIndex(
  sheets: readonly { name: string }[],
  sheet: string,
  reviewSheets: readonly string[],
): number | undefined {
  if (findSheet(sheets, sheet)) return undefined;
  const keys = new Set(reviewSheets.map(sheetNameKey));
  const at = sheets.findIndex((s) => keys.has(sheetNameKey(s.name)));
  return at >= 0 ? at : undefined;
}

function cell(value: number | string | null): CellWrite {
  if (value === null) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  return value;
}

/** Changes that rebuild the dashboard sheet. */
export function planDashboard(input: DashboardPlanInput): Change[] {
  const { dashboard, locale } = input;
  const sheet = input.sheet ?? tr(SHEET_NAMES.dashboard, locale);
  const changes: Change[] = [];
  const index = dashboardSheetIndex(input.sheets ?? [], sheet, input.reviewSheets ?? []);
  changes.push({ op: "ensureSheet", sheet, ...(index !== undefined ? { index } : {}) });

  // Clear what the last refresh left: stamps and both tables (the charts are redrawn by name).
  changes.push(clearPreviousReview(sheet, input.existingTables, DASHBOARD_CHART_ROW - 1));

  changes.push({
    op: "writeCells",
    sheet,
    topLeft: "A1",
    cells: [
      [dashboardTitle(dashboard.period, input.asOf, locale), null],
      [tr(LABELS.period, locale), dashboard.period],
      [tr(LABELS.asOf, locale), input.asOf],
      [tr(LABELS.refreshedAt, locale), input.refreshedAt],
    ],
  });
  changes.push({ op: "setNumberFormat", sheet, address: "B3", format: FORMAT.date });
  changes.push({ op: "setNumberFormat", sheet, address: "B4", format: FORMAT.dateTime });
  changes.push({ op: "setFont", sheet, address: "A1", bold: true, size: 14 });

  // KPIs: one a row; the value column takes each row's own format after the table is written.
  changes.push({
    op: "replaceTable",
    table: DASHBOARD_TABLES.kpis,
    sheet,
    topLeft: DASHBOARD_KPI_CELL,
    headers: KPI_COLUMNS.map((c) => tr(c.header, locale)),
    rows: dashboard.kpis.map((k) => [k.label, cell(k.value)]),
    numberFormats: [FORMAT.text, null],
    style: "TableStyleMedium2",
  });
  dashboard.kpis.forEach((k, i) =>
    changes.push({
      op: "setNumberFormat",
      sheet,
      address: `B${DASHBOARD_TABLE_ROW + 1 + i}`,
      format: KPI_FORMAT[k.kind],
    }),
  );

  changes.push({
    op: "replaceTable",
    table: DASHBOARD_TABLES.findings,
    sheet,
    topLeft: DASHBOARD_FINDINGS_CELL,
    headers: FINDING_COLUMNS.map((c) => tr(c.header, locale)),
    rows: dashboard.findings.map((f) => [f.text]),
    numberFormats: [FORMAT.text],
    style: "TableStyleMedium2",
  });
  changes.push({
    op: "setColumnWidths",
    sheet,
    widths: [
      { column: "A", width: 24 },
      { column: "B", width: 16 },
      { column: "D", width: 72 },
    ],
  });
  return changes;
}

/** The dashboard as plain data for `--json`: KPI keys, fractions for rates, null for missing. */
export function dashboardJson(dashboard: Dashboard): {
  period: string;
  kpis: { key: string; label: string; value: number | null; kind: KpiRow["kind"] }[];
  findings: { kind: string; text: string; zh: string; en: string }[];
} {
  return {
    period: dashboard.period,
    kpis: dashboard.kpis.map((k) => ({
      key: k.key,
      label: k.label,
      value: k.value !== null && Number.isFinite(k.value) ? k.value : null,
      kind: k.kind,
    })),
    findings: dashboard.findings.map((f) => ({ kind: f.kind, text: f.text, zh: f.zh, en: f.en })),
  };
}
