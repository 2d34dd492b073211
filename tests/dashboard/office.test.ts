/**
 * The Dashboard sheet through the Office adapter on the fake Excel (issue 14
 * item 6): the hand-computed cases typed into an installed workbook, one
 * Refresh, and the dashboard read back from the fake's cells; the sheet's
 * place among the review sheets; its funnel, channel and trend charts drawn on
 * the dashboard over the review tables on their own sheets.
 *
 * Charts over a range of another sheet: `ChartCollection.add(type, sourceData)`
 * takes any Range object ("sourceData: The Range object corresponding to the
 * source data") — https://learn.microsoft.com/javascript/api/excel/excel.chartcollection#excel-excel-chartcollection-add-member(1)
 * — and `ChartSeries.setValues / setXAxisValues(sourceData: Range)` (ExcelApi 1.7).
 */
import { TREND_TABLE } from "../../src/domain/plan/charts";
import type { InputTableName } from "../../src/domain/types";
import { install } from "../../src/operations/install";
import { refresh } from "../../src/operations/refresh";
import { CHART_NAMES } from "../../src/workbook/office/charts";
import { officeOnFake } from "../support/officeFake";
import { plant } from "../support/plant";
import { AS_OF, CASES, KPI_ROWS, SEED, type DashboardCase } from "./cases";

const NOW = new Date(2024, 5, 30, 18, 0, 0);

async function refreshedCase(c: DashboardCase, excelApi = "1.9") {
  const env = officeOnFake({ excelApi });
  await install(env.wb, { locale: "zh-CN", now: NOW });
  for (const table of ["Leads", "Conversion"] as InputTableName[]) {
    const rows = c.rows[table];
    if (rows?.length) await plant(env.wb, table, rows);
  }
  const result = await refresh(env.wb, { period: { kind: "all" }, asOf: AS_OF, now: NOW });
  return { ...env, result };
}

describe.each(CASES.map((c) => [c.name, c] as [string, DashboardCase]))("refresh on Office: %s", (_name, c) => {
  let env: Awaited<ReturnType<typeof refreshedCase>>;
  beforeAll(async () => {
    env = await refreshedCase(c);
  });

  test("KPIs: labels, hand-computed values and number formats", () => {
    const state = env.host.state;
    expect(state.tableHeaders("ReviewDashboard")).toEqual(["指标", "数值"]);
    const body = state.tableBody("ReviewDashboard");
    expect(
      body.map((r) => ({
        label: r[0]!.value,
        value: r[1]!.value === "" ? null : r[1]!.value,
        format: r[1]!.numberFormat,
      })),
    ).toEqual(KPI_ROWS.map(([key, label, format]) => ({ label, value: c.kpis[key], format })));
    expect(env.result.dashboard.kpis.map((k) => k.value)).toEqual(KPI_ROWS.map(([key]) => c.kpis[key]));
  });

  test("findings, one a row, in the workbook's language", () => {
    const state = env.host.state;
    expect(state.tableHeaders("ReviewFindings")).toEqual(["发现"]);
    const texts = state
      .tableBody("ReviewFindings")
      .map((r) => r[0]!.value)
      .filter((v) => v !== "" && v !== null);
    expect(texts).toEqual(c.findings);
  });

  test("title with the period and the as-of date; the dashboard first among the review sheets", () => {
    const state = env.host.state;
    expect(state.cellAt("看板", "A1").value).toBe("看板（全部，截至 2024-06-30）");
    const names = state.sheets.map((s) => s.name);
    const first = names.indexOf("看板");
    expect(names.slice(first)).toEqual([
      "看板",
      "渠道效果",
      "阶段漏斗",
      "转化拆分",
      "销售效果评估",
      "待跟进",
      "流失分析",
      "趋势",
      "预测",
      "评分复盘",
      "透视",
    ]);
  });
});

test("the seed sentence is on the dashboard sheet of the workbook built for it", async () => {
  const { host } = await refreshedCase(CASES.find((c) => c.name.startsWith("seed"))!);
  expect(host.state.tableBody("ReviewFindings")[0]![0]!.value).toBe(SEED);
  expect(host.state.table("ReviewFindings")!.sheetId).toBe(host.state.mustSheet("看板").id);
});

describe("the dashboard's charts", () => {
  test("funnel, channel and trend charts on the dashboard, over the review tables on their own sheets", async () => {
    const { host, result } = await refreshedCase(CASES[3]!);
    expect(result.report.charts).toBe(true);
    const dash = host.state.mustSheet("看板").charts;
    expect(dash.map((ch) => [ch.name, ch.type])).toEqual([
      [CHART_NAMES.dashboardFunnel, "Funnel"],
      [CHART_NAMES.dashboardChannels, "ColumnClustered"],
      [CHART_NAMES.dashboardTrend, "ColumnClustered"],
    ]);
    expect(dash[0]!.source).toMatch(/^'阶段漏斗'!/);
    expect(dash[1]!.series.map((s) => [s.name, (s.values ?? "").split("!")[0]])).toEqual([
      ["转化率", "'渠道效果'"],
      ["ROI", "'渠道效果'"],
    ]);
    expect(dash[1]!.series[1]).toMatchObject({ chartType: "LineMarkers", axisGroup: "Secondary" });
    expect(dash.map((ch) => ch.position?.start)).toEqual(["F6", "M6", "F24"]);
    // The review sheets keep their own charts; a second refresh replaces the dashboard's.
    expect(host.state.mustSheet("阶段漏斗").charts.map((ch) => ch.name)).toEqual([CHART_NAMES.funnel]);
  });

  test("a second refresh replaces the dashboard's charts rather than adding more", async () => {
    const { host, wb } = await refreshedCase(CASES[1]!);
    await refresh(wb, { period: { kind: "all" }, asOf: AS_OF, now: NOW });
    expect(host.state.mustSheet("看板").charts).toHaveLength(3);
  });

  test("the trend chart over ReviewTrend: new leads and won as columns, conversion rate as a line", async () => {
    const { host, result } = await refreshedCase(CASES[4]!);
    expect(result.report.charts).toBe(true);
    const chart = host.state.mustSheet("看板").charts.find((ch) => ch.name === CHART_NAMES.dashboardTrend)!;
    expect(chart.type).toBe("ColumnClustered");
    expect(chart.title).toBe("新增线索、成交与转化率趋势");
    expect(chart.series.map((s) => s.name)).toEqual(["新增线索", "成交数", "转化率"]);
    expect(chart.series[2]).toMatchObject({ chartType: "LineMarkers", axisGroup: "Secondary" });
    // Over the trend table on its own sheet: 12 months to the as-of date.
    const t = host.state.table(TREND_TABLE)!;
    expect(host.state.sheetById(t.sheetId).name).toBe("趋势");
    expect(chart.series[0]!.xValues).toMatch(/^'趋势'!/);
    expect(host.state.tableBody(TREND_TABLE)).toHaveLength(12);
    expect(chart.position?.start).toBe("F24");
  });

  test("the refresh asks for the trend chart on the dashboard when it writes the trend table", async () => {
    const { result } = await refreshedCase(CASES[0]!);
    const last = result.changes[result.changes.length - 1]!;
    const written = result.changes.some((ch) => ch.op === "replaceTable" && ch.table === TREND_TABLE);
    expect(written).toBe(true);
    expect(last.op === "reviewCharts" && last.spec.dashboard.charts.map((ch) => ch.key)).toEqual([
      "funnel",
      "channels",
      "trend",
    ]);
  });
});

test("a workbook refreshed before the dashboard existed gets it in front of its review sheets", async () => {
  const { host, wb } = await refreshedCase(CASES[3]!);
  // As the previous version left it: the review sheets, no dashboard; then a user's sheet after them.
  const dash = host.state.mustSheet("看板");
  host.state.tables = host.state.tables.filter((t) => t.sheetId !== dash.id);
  host.state.sheets.splice(host.state.sheets.indexOf(dash), 1);
  host.state.addSheet("我的报表");
  await refresh(wb, { period: { kind: "all" }, asOf: AS_OF, now: NOW });
  const names = host.state.sheets.map((s) => s.name);
  expect(names.slice(names.indexOf("渠道效果") - 1)).toEqual([
    "看板",
    "渠道效果",
    "阶段漏斗",
    "转化拆分",
    "销售效果评估",
    "待跟进",
    "流失分析",
    "趋势",
    "预测",
    "评分复盘",
    "透视",
    "我的报表",
  ]);
  expect(host.state.tableBody("ReviewDashboard")).toHaveLength(8);
});

test("an English workbook: sheet, title, headers, KPI labels and findings in English", async () => {
  const env = officeOnFake({ excelApi: "1.9" });
  await install(env.wb, { locale: "en-US", now: NOW });
  const result = await refresh(env.wb, { period: { kind: "all" }, asOf: AS_OF, now: NOW });
  const state = env.host.state;
  expect(state.cellAt("Dashboard", "A1").value).toBe("Dashboard (All, as of 2024-06-30)");
  expect(state.tableHeaders("ReviewDashboard")).toEqual(["Measure", "Value"]);
  expect(state.tableHeaders("ReviewFindings")).toEqual(["Finding"]);
  expect(state.tableBody("ReviewDashboard").map((r) => r[0]!.value)).toEqual([
    "New leads",
    "Valid leads",
    "Won",
    "Conversion rate",
    "Won amount",
    "Average cycle (days)",
    "Overdue follow-ups",
    "Weighted forecast, next 3 months",
  ]);
  expect(result.dashboard.findings).toEqual([]);
  expect(state.mustSheet("Dashboard").charts.map((c) => c.title)).toEqual([
    "Sales funnel",
    "Conversion rate and ROI by channel",
    "New leads, won and conversion rate over time",
  ]);
});
