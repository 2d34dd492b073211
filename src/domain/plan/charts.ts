/**
 * The review charts as plan data: which table each chart draws, from which
 * columns, under which title. Built from the review sheet and column
 * definitions (the same ones the review tables are written from), so a
 * renamed header or a review sheet given a free name moves the chart with it.
 * Pure: the adapters draw (Office) or skip (files) the `reviewCharts` change.
 */
import { CHANNEL_COLUMNS, FUNNEL_COLUMNS, type ReviewColumn } from "../engine/columns";
import { SHEET_NAMES } from "../fields/definitions";
import type { L10n, Locale } from "../types";
import { tr } from "../types";
import { TREND_COLUMNS } from "../engine/insightColumns";
import { INSIGHT_TABLES, REVIEW_TABLES } from "./reviewSheets";
import type { ReviewSheetKey } from "./sheets";

export interface ReviewChartSpec {
  funnel: { sheet: string; table: string; categoryColumn: string; valueColumn: string; title: string };
  channels: { sheet: string; table: string; categoryColumn: string; valueColumns: string[]; title: string };
  /** ReviewTrend by period: counts as columns, rates as a line on the secondary axis. */
  trend: {
    sheet: string;
    table: string;
    categoryColumn: string;
    valueColumns: string[];
    lineColumns: string[];
    title: string;
  };
  /** The charts of the Dashboard sheet, over the review tables on their own sheets. */
  dashboard: { sheet: string; charts: DashboardChartSpec[] };
}

/**
 * One chart of the dashboard: `funnel` draws `valueColumns[0]` by `categoryColumn` as a
 * funnel (a bar chart where the host has no funnel); `combo` draws `valueColumns` as
 * clustered columns and `lineColumns` as lines on the secondary axis. `at`: the cells
 * it covers on the dashboard sheet.
 */
export interface DashboardChartSpec {
  key: "funnel" | "channels" | "trend";
  kind: "funnel" | "combo";
  table: string;
  categoryColumn: string;
  valueColumns: string[];
  lineColumns: string[];
  title: string;
  at: string;
}

/** The trend table (ReviewTrend): the dashboard's trend chart draws it when the refresh writes it. */
export const TREND_TABLE = INSIGHT_TABLES.trend;

const CHART_TITLES = {
  funnel: { zh: "阶段漏斗", en: "Sales funnel" },
  channels: { zh: "渠道转化率与ROI", en: "Conversion rate and ROI by channel" },
  trend: { zh: "新增线索、成交与转化率趋势", en: "New leads, won and conversion rate over time" },
} satisfies Record<"funnel" | "channels" | "trend", L10n>;

/** Where the dashboard's charts go: right of the KPI and findings tables (columns F–S), trend under the other two. */
const DASHBOARD_CHART_AT = { funnel: "F6:L22", channels: "M6:S22", trend: "F24:S40" } as const;

function header<K extends string>(columns: readonly ReviewColumn<K>[], key: K, locale: Locale): string {
  const column = columns.find((c) => c.key === key);
  if (!column) throw new Error(`review column ${key} is not defined`);
  return tr(column.header, locale);
}

/**
 * The spec of both review charts: the funnel over ReviewFunnel's stage names and
 * entered counts, the channels combo over ReviewChannels' conversion rate and ROI.
 * `sheetNames`: the sheet each review went on (see chooseReviewSheets); the
 * review's own name where absent. The dashboard gets the funnel and channel
 * charts again, and the trend chart when `opts.trend` (the refresh writes
 * ReviewTrend).
 */
export function reviewChartSpec(
  locale: Locale,
  sheetNames: Partial<Record<ReviewSheetKey, string>> = {},
  opts: { trend?: boolean } = {},
): ReviewChartSpec {
  const funnel: DashboardChartSpec = {
    key: "funnel",
    kind: "funnel",
    table: REVIEW_TABLES.funnel,
    categoryColumn: header(FUNNEL_COLUMNS, "stageName", locale),
    valueColumns: [header(FUNNEL_COLUMNS, "entered", locale)],
    lineColumns: [],
    title: tr(CHART_TITLES.funnel, locale),
    at: DASHBOARD_CHART_AT.funnel,
  };
  const channels: DashboardChartSpec = {
    key: "channels",
    kind: "combo",
    table: REVIEW_TABLES.channels,
    categoryColumn: header(CHANNEL_COLUMNS, "channel", locale),
    valueColumns: [header(CHANNEL_COLUMNS, "conversionRate", locale)],
    lineColumns: [header(CHANNEL_COLUMNS, "roi", locale)],
    title: tr(CHART_TITLES.channels, locale),
    at: DASHBOARD_CHART_AT.channels,
  };
  const trend: DashboardChartSpec = {
    key: "trend",
    kind: "combo",
    table: TREND_TABLE,
    categoryColumn: header(TREND_COLUMNS, "period", locale),
    valueColumns: [header(TREND_COLUMNS, "newLeads", locale), header(TREND_COLUMNS, "won", locale)],
    lineColumns: [header(TREND_COLUMNS, "conversionRate", locale)],
    title: tr(CHART_TITLES.trend, locale),
    at: DASHBOARD_CHART_AT.trend,
  };
  return {
    funnel: {
      sheet: sheetNames.reviewFunnel ?? tr(SHEET_NAMES.reviewFunnel, locale),
      table: REVIEW_TABLES.funnel,
      categoryColumn: header(FUNNEL_COLUMNS, "stageName", locale),
      valueColumn: header(FUNNEL_COLUMNS, "entered", locale),
      title: tr(CHART_TITLES.funnel, locale),
    },
    channels: {
      sheet: sheetNames.reviewChannels ?? tr(SHEET_NAMES.reviewChannels, locale),
      table: REVIEW_TABLES.channels,
      categoryColumn: header(CHANNEL_COLUMNS, "channel", locale),
      valueColumns: [header(CHANNEL_COLUMNS, "conversionRate", locale), header(CHANNEL_COLUMNS, "roi", locale)],
      title: tr(CHART_TITLES.channels, locale),
    },
    trend: {
      sheet: sheetNames.reviewTrend ?? tr(SHEET_NAMES.reviewTrend, locale),
      table: INSIGHT_TABLES.trend,
      categoryColumn: header(TREND_COLUMNS, "period", locale),
      valueColumns: [header(TREND_COLUMNS, "newLeads", locale), header(TREND_COLUMNS, "won", locale)],
      lineColumns: [header(TREND_COLUMNS, "conversionRate", locale)],
      title: tr(CHART_TITLES.trend, locale),
    },
    dashboard: {
      sheet: sheetNames.dashboard ?? tr(SHEET_NAMES.dashboard, locale),
      charts: opts.trend ? [funnel, channels, trend] : [funnel, channels],
    },
  };
}
