import { install } from "../../src/operations/install";
import { reviewChartSpec, TREND_TABLE } from "../../src/domain/plan/charts";
import { refresh } from "../../src/operations/refresh";
import { CHART_NAMES } from "../../src/workbook/office/charts";
import { officeOnFake } from "../support/officeFake";

/** Refresh through the Office adapter: review tables, text-safe copies of user text, and the review charts (issue 4). */
const NOW = new Date(2024, 5, 3, 10, 0, 0);
const HOSTILE_SOURCE = '=HYPERLINK("http://evil.example","x")';

async function refreshed(excelApi: string) {
  const env = officeOnFake({ excelApi });
  await install(env.wb, { locale: "zh-CN", now: NOW, sample: { count: 120, seed: 11 } });
  // A seller pasted a formula-looking source into one lead.
  const leads = env.host.state.table("Leads")!;
  const headers = env.host.state.tableHeaders("Leads");
  const sheet = env.host.state.sheetById(leads.sheetId);
  const cell = sheet.ensureCell(leads.rect.r0 + 1, leads.rect.c0 + headers.indexOf("线索来源"));
  cell.value = HOSTILE_SOURCE;
  cell.numberFormat = "@";
  env.host.resetStats();
  const result = await refresh(env.wb, { period: { kind: "all" }, now: NOW });
  return { ...env, result };
}

describe("refresh on the Office adapter", () => {
  test("ExcelApi 1.9 host: funnel chart, combo channel chart, over the review tables", async () => {
    const { host, wb, result } = await refreshed("1.9");
    console.log(
      `office refresh (120 leads): ${host.stats.syncs} syncs, largest request ${host.stats.maxRequestBytes} bytes; charts ${JSON.stringify(wb.lastCharts)}`,
    );
    expect(result.report.charts).toBe(true);
    const funnelSheet = host.state.mustSheet("阶段漏斗");
    const funnel = funnelSheet.charts.find((c) => c.name === CHART_NAMES.funnel)!;
    expect(funnel.type).toBe("Funnel");
    const ft = host.state.table("ReviewFunnel")!;
    const fHeaders = host.state.tableHeaders("ReviewFunnel");
    const col = (h: string) => String.fromCharCode(65 + ft.rect.c0 + fHeaders.indexOf(h));
    expect(funnel.series[0]!.values).toBe(
      `阶段漏斗!${col("进入数")}${ft.rect.r0 + 2}:${col("进入数")}${ft.rect.r1 + 1}`.replace(/^阶段漏斗/, "'阶段漏斗'"),
    );
    expect(funnel.series[0]!.xValues).toBe(
      `'阶段漏斗'!${col("阶段")}${ft.rect.r0 + 2}:${col("阶段")}${ft.rect.r1 + 1}`,
    );

    const channels = host.state.mustSheet("渠道效果").charts.find((c) => c.name === CHART_NAMES.channels)!;
    expect(channels.type).toBe("ColumnClustered");
    expect(channels.series.map((s) => s.name)).toEqual(["转化率", "ROI"]);
    expect(channels.series[1]).toMatchObject({ chartType: "LineMarkers", axisGroup: "Secondary" });

    // The trend: new leads and won as columns, the conversion rate as a line on its own axis, by period.
    const trend = host.state.mustSheet("趋势").charts.find((c) => c.name === CHART_NAMES.trend)!;
    expect(trend.type).toBe("ColumnClustered");
    expect(trend.series.map((s) => s.name)).toEqual(["新增线索", "成交数", "转化率"]);
    expect(trend.series[1]).not.toMatchObject({ chartType: "LineMarkers" });
    expect(trend.series[2]).toMatchObject({ chartType: "LineMarkers", axisGroup: "Secondary" });
    const tt = host.state.table("ReviewTrend")!;
    const tHeaders = host.state.tableHeaders("ReviewTrend");
    const tcol = (h: string) => String.fromCharCode(65 + tt.rect.c0 + tHeaders.indexOf(h));
    expect(trend.series[2]!.xValues).toBe(`'趋势'!${tcol("周期")}${tt.rect.r0 + 2}:${tcol("周期")}${tt.rect.r1 + 1}`);

    // A second refresh replaces the charts rather than adding more.
    await refresh(wb, { period: { kind: "all" }, now: NOW });
    expect(host.state.mustSheet("阶段漏斗").charts.filter((c) => c.name === CHART_NAMES.funnel)).toHaveLength(1);
    expect(host.state.mustSheet("渠道效果").charts).toHaveLength(1);
  });

  test("ExcelApi 1.8 host: the funnel falls back to a bar chart and nothing newer is called", async () => {
    const { host } = await refreshed("1.8");
    expect(host.state.mustSheet("阶段漏斗").charts[0]!.type).toBe("BarClustered");
    expect(host.stats.apiNotFound).toEqual([]);
    expect(host.stats.screenUpdatingSuspensions).toBe(0);
  });

  test("user text copied into review sheets stays text", async () => {
    const { host } = await refreshed("1.8");
    let found = 0;
    for (const t of host.state.tables.filter((x) => x.name.startsWith("Review"))) {
      for (const row of host.state.tableBody(t.name))
        for (const c of row) {
          if (c.value === HOSTILE_SOURCE) found++;
          expect(c.formula ?? "").not.toMatch(/HYPERLINK/);
        }
    }
    expect(found).toBeGreaterThan(0);
  });
});

describe("the review chart spec (a plan change, built from the review definitions)", () => {
  test("names the review tables' columns in the workbook's language, and the sheets the reviews went on", () => {
    // The same spec the refresh operation wrote out by hand before it became a plan change.
    expect(reviewChartSpec("zh-CN")).toEqual({
      funnel: {
        sheet: "阶段漏斗",
        table: "ReviewFunnel",
        categoryColumn: "阶段",
        valueColumn: "进入数",
        title: "阶段漏斗",
      },
      channels: {
        sheet: "渠道效果",
        table: "ReviewChannels",
        categoryColumn: "渠道",
        valueColumns: ["转化率", "ROI"],
        title: "渠道转化率与ROI",
      },
      trend: {
        sheet: "趋势",
        table: "ReviewTrend",
        categoryColumn: "周期",
        valueColumns: ["新增线索", "成交数"],
        lineColumns: ["转化率"],
        title: "新增线索、成交与转化率趋势",
      },
      dashboard: {
        sheet: "看板",
        charts: [
          {
            key: "funnel",
            kind: "funnel",
            table: "ReviewFunnel",
            categoryColumn: "阶段",
            valueColumns: ["进入数"],
            lineColumns: [],
            title: "阶段漏斗",
            at: "F6:L22",
          },
          {
            key: "channels",
            kind: "combo",
            table: "ReviewChannels",
            categoryColumn: "渠道",
            valueColumns: ["转化率"],
            lineColumns: ["ROI"],
            title: "渠道转化率与ROI",
            at: "M6:S22",
          },
        ],
      },
    });
    const en = reviewChartSpec("en-US", { reviewFunnel: "Funnel (2)" });
    expect(en.funnel).toMatchObject({ sheet: "Funnel (2)", categoryColumn: "Stage", valueColumn: "Entered" });
    expect(en.channels).toMatchObject({
      sheet: "Channel review",
      categoryColumn: "Channel",
      valueColumns: ["Conversion rate", "ROI"],
      title: "Conversion rate and ROI by channel",
    });
  });

  test("refresh asks for the charts through the plan, last, after the review tables", async () => {
    const { result } = await refreshed("1.9");
    const last = result.changes[result.changes.length - 1]!;
    // The dashboard's trend chart comes with the trend table, when the plan writes one.
    const trend = result.changes.some((c) => c.op === "replaceTable" && c.table === TREND_TABLE);
    expect(last).toEqual({ op: "reviewCharts", spec: reviewChartSpec("zh-CN", {}, { trend }) });
    expect(result.changes.filter((c) => c.op === "reviewCharts")).toHaveLength(1);
  });
});

test("the apply's stats count its chart syncs with its writes", async () => {
  const env = officeOnFake({ excelApi: "1.9" });
  await install(env.wb, { locale: "en-US", now: NOW, sample: { count: 40, seed: 3 } });
  const apply = env.wb.apply.bind(env.wb);
  let hostSyncs = 0;
  env.wb.apply = async (changes, progress) => {
    const before = env.host.stats.syncs;
    const outcome = await apply(changes, progress);
    hostSyncs = env.host.stats.syncs - before;
    return outcome;
  };
  await refresh(env.wb, { period: { kind: "all" }, now: NOW });
  // The funnel, channel and trend charts on their review sheets and again on the dashboard.
  expect(env.wb.lastCharts).toHaveLength(6);
  expect(env.wb.lastStats).toMatchObject({ operation: "apply", syncs: hostSyncs });
});
