import { runRefreshCommand, type CommandNote } from "../../src/commands/refreshCommand";
import { install } from "../../src/operations/install";
import { refresh } from "../../src/operations/refresh";
import { createOfficeService } from "../../src/service/officeService";
import { CHART_NAMES } from "../../src/workbook/office/charts";
import { SelectableOfficeWorkbook } from "../../src/workbook/office/selection";
import { installFakeExcel } from "../fakes/excel";
import { failure, officeOnFake } from "../support/officeFake";

/**
 * Issue 11 item 3. Evidence: "Chart.series returns 'Error: UnsupportedOperation: This
 * operation is not implemented' for specific types of Excel Charts (Doughnut, Waterfall,
 * Sunburst...)" — https://github.com/OfficeDev/office-js-docs/issues/910. The funnel
 * belongs to that newer chart family (ExcelApi 1.9 chart types), so the strict fake
 * throws on any series call of a funnel chart, and the adapter draws the funnel from
 * its category + value columns without series calls. Whatever a chart does, the
 * review data is already written: a chart problem is a warning, never a failed Refresh.
 */
const NOW = new Date(2024, 5, 3, 10, 0, 0);

describe("review charts on Excel", () => {
  test("the fake refuses series calls on a funnel chart (UnsupportedOperation)", async () => {
    const { host } = officeOnFake({ excelApi: "1.9" });
    const sheet = host.state.mustSheet("Sheet1");
    sheet.ensureCell(0, 0).value = "Stage";
    sheet.ensureCell(0, 1).value = "Entered";
    sheet.ensureCell(1, 0).value = "Lead";
    sheet.ensureCell(1, 1).value = 10;
    const e = (await failure(
      host.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("Sheet1");
        const chart = ws.charts.add(Excel.ChartType.funnel, ws.getRange("A1:B2"), Excel.ChartSeriesBy.columns);
        chart.series.getItemAt(0).name = "x";
        await ctx.sync();
      }),
    )) as { code: string };
    expect(e.code).toBe("UnsupportedOperation");
  });

  test("the funnel is drawn without series calls, from its category and value columns", async () => {
    const env = officeOnFake({ excelApi: "1.9" });
    await install(env.wb, { locale: "en-US", now: NOW, sample: { count: 40, seed: 3 } });
    const result = await refresh(env.wb, { period: { kind: "all" }, now: NOW });
    expect(result.report.charts).toBe(true);
    expect(result.report.chartWarnings).toBeUndefined();
    const funnel = env.host.state.mustSheet("Funnel").charts.find((c) => c.name === CHART_NAMES.funnel)!;
    expect(funnel.type).toBe("Funnel");
    expect(funnel.series.map((s) => s.name)).toEqual(["Entered"]);
    expect(funnel.series[0]!.xValues).toMatch(/^'?Funnel'?!B\d+:B\d+$/);
  });

  test("a chart Excel refuses is a warning in both languages; the data and the other chart are written", async () => {
    const host = installFakeExcel({ excelApi: "1.9" });
    host.state.addSheet("Sheet1");
    const wb = new SelectableOfficeWorkbook({ run: host.run, requirements: host.requirements });
    const service = createOfficeService(() => wb);
    await service.install({ locale: "en-US" });
    await service.addSample(40);
    // The first chart Excel is asked to add fails (as a funnel does on a host without it).
    host.faults = { failAction: { label: "ChartCollection.add", code: "UnsupportedOperation" } };
    const summary = await service.refresh({ kind: "all" }, () => undefined);
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings![0]!.en).toContain('The chart "Sales funnel" could not be updated (UnsupportedOperation)');
    expect(summary.warnings![0]!.zh).toContain("未能更新");
    expect(host.state.mustSheet("Funnel").charts).toHaveLength(0);
    expect(host.state.mustSheet("Channel review").charts.map((c) => c.name)).toEqual([CHART_NAMES.channels]);
    expect(host.state.table("ReviewFunnel")!.rect.r1).toBeGreaterThan(host.state.table("ReviewFunnel")!.rect.r0);

    // The ribbon says the same, as a success with the warning.
    host.faults = { failAction: { label: "ChartCollection.add", code: "GeneralException" } };
    const notes: CommandNote[] = [];
    let completed = 0;
    await runRefreshCommand(
      {
        locale: "en-US",
        refresh: () => service.refresh({ kind: "all" }, () => undefined),
        notify: async (n) => void notes.push(n),
      },
      { completed: () => void completed++ },
    );
    expect(completed).toBe(1);
    expect(notes[0]!.kind).toBe("success");
    expect(notes[0]!.body).toContain("could not be updated");
  });
});
