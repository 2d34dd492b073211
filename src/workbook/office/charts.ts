import type { ReviewChartSpec } from "../../domain/plan/charts";
import { cellA1From0, parseRect0 } from "./a1";
import type { Capabilities } from "./apiSets";
import { isOfficeError, officeErrorCode } from "./errors";
import type { SyncSession } from "./session";

/**
 * Review charts (issue 4; Office only — the .xlsx package engine does not draw charts). Each
 * Refresh deletes the chart of the same name and draws it again over the
 * review table's current columns, so it follows the data. Two syncs whatever
 * the number of rows: find the tables and old charts, then draw.
 *
 * - Funnel: `Excel.ChartType.funnel` where ExcelApi 1.9 is supported, else a
 *   clustered bar chart.
 * - Channels: conversion rate as clustered columns and ROI as a line on the
 *   secondary axis (a combo chart), by source.
 *
 * The spec (`ReviewChartSpec`, built by the plan from the review definitions) comes
 * with the plan's `reviewCharts` change; the adapter draws it after the plan's writes.
 */
export interface DrawnChart {
  name: string;
  sheet: string;
  type: string;
}

/** Stable chart names, so a Refresh replaces its own charts and nothing else. */
export const CHART_NAMES = { funnel: "LF_FunnelChart", channels: "LF_ChannelChart" } as const;

/** Chart size in cells, placed right of its table with one empty column between. */
const CHART_COLUMNS = 8;
const CHART_ROWS = 18;

interface Prepared {
  name: string;
  kind: "funnel" | "channels";
  sheet: string;
  title: string;
  ws: Excel.Worksheet;
  old: Excel.Chart;
  table: Excel.Table;
  tableRange: Excel.Range;
  category: Excel.Range;
  values: { header: string; range: Excel.Range }[];
}

/** What the charts step reports: the charts drawn and, per chart that could not be drawn, a warning. */
export interface ChartsOutcome {
  drawn: DrawnChart[];
  warnings: { zh: string; en: string }[];
}

function chartWarning(title: string, e: unknown): { zh: string; en: string } {
  const code = officeErrorCode(e);
  const why = code ? ` (${code})` : "";
  return {
    zh: `图表“${title}”未能更新${why}；复盘表的数据已经写好。`,
    en: `The chart "${title}" could not be updated${why}; the review tables are written.`,
  };
}

/**
 * Draws the charts, one request per chart so that one failing chart does not
 * take the other with it. A chart failure (an Office error) is a warning, never
 * an error: the review data is already written when the charts are drawn.
 */
export async function rebuildReviewCharts(
  s: SyncSession,
  spec: ReviewChartSpec,
  caps: Capabilities,
): Promise<ChartsOutcome> {
  const wb = s.ctx.workbook;
  const wanted = [
    { kind: "funnel" as const, name: CHART_NAMES.funnel, ...spec.funnel, valueColumns: [spec.funnel.valueColumn] },
    { kind: "channels" as const, name: CHART_NAMES.channels, ...spec.channels },
  ];
  const prepared: Prepared[] = wanted.map((w) => {
    const ws = wb.worksheets.getItem(w.sheet); // ExcelApi 1.1
    const old = ws.charts.getItemOrNullObject(w.name); // ExcelApi 1.4
    old.load("name"); // ExcelApi 1.1
    const table = wb.tables.getItem(w.table); // ExcelApi 1.1
    const tableRange = table.getRange().load("address"); // ExcelApi 1.1
    const category = table.columns.getItem(w.categoryColumn).getDataBodyRange(); // ExcelApi 1.1
    const values = w.valueColumns.map((header) => ({
      header,
      range: table.columns.getItem(header).getDataBodyRange(),
    })); // ExcelApi 1.1
    s.add(0);
    return { name: w.name, kind: w.kind, sheet: w.sheet, title: w.title, ws, old, table, tableRange, category, values };
  });
  await s.sync();

  const outcome: ChartsOutcome = { drawn: [], warnings: [] };
  for (const p of prepared) {
    if (!p.old.isNullObject) p.old.delete(); // ExcelApi 1.1
    let type: Excel.ChartType;
    if (p.kind === "funnel") {
      if (caps.excelApi1_9)
        type = Excel.ChartType.funnel; // ExcelApi 1.9 (gated)
      else type = Excel.ChartType.barClustered; // ExcelApi 1.1
    } else type = Excel.ChartType.columnClustered; // ExcelApi 1.1
    const first = p.values[0]!;
    let chart: Excel.Chart;
    if (p.kind === "funnel") {
      // From its category + value columns with their headers, and no series calls: the newer
      // chart family (funnel) throws UnsupportedOperation on Chart.series (office-js-docs#910).
      // Excel takes the text column as the categories and the header as the series name.
      const source = p.table.columns
        .getItem(spec.funnel.categoryColumn)
        .getRange()
        .getBoundingRect(p.table.columns.getItem(first.header).getRange()); // ExcelApi 1.1
      chart = p.ws.charts.add(type, source, Excel.ChartSeriesBy.columns); // ExcelApi 1.1
    } else {
      chart = p.ws.charts.add(type, first.range, Excel.ChartSeriesBy.columns); // ExcelApi 1.1
    }
    chart.name = p.name; // ExcelApi 1.1
    chart.title.text = p.title; // ExcelApi 1.1
    if (p.kind === "channels") {
      const series0 = chart.series.getItemAt(0); // ExcelApi 1.1
      series0.name = first.header; // ExcelApi 1.1
      series0.setXAxisValues(p.category); // ExcelApi 1.7
      for (const extra of p.values.slice(1)) {
        const series = chart.series.add(extra.header); // ExcelApi 1.7
        series.setValues(extra.range); // ExcelApi 1.7
        series.setXAxisValues(p.category); // ExcelApi 1.7
        // ROI (hundreds of percent) beside a conversion rate (a few percent): its own axis, as a line.
        series.chartType = Excel.ChartType.lineMarkers; // ExcelApi 1.7
        series.axisGroup = Excel.ChartAxisGroup.secondary; // ExcelApi 1.8
      }
    }
    const r = parseRect0(p.tableRange.address); // ExcelApi 1.1
    const left = r.col + r.cols + 1;
    chart.setPosition(cellA1From0(r.row, left), cellA1From0(r.row + CHART_ROWS - 1, left + CHART_COLUMNS - 1)); // ExcelApi 1.1
    s.add(256);
    try {
      await s.sync();
      outcome.drawn.push({ name: p.name, sheet: p.sheet, type });
    } catch (e) {
      if (!isOfficeError(e)) throw e;
      outcome.warnings.push(chartWarning(p.title, e));
    }
  }
  return outcome;
}
