/**
 * The Office service's refresh (what the pane calls) takes an ISO week as its
 * period and a trend granularity as an option (issue 14 item 1 and 3), on the
 * Office adapter over the fake Excel.
 */
import { createOfficeService } from "../../src/service/officeService";
import { SelectableOfficeWorkbook } from "../../src/workbook/office/selection";
import { uninstallFakeExcel } from "../fakes/excel";
import { officeOnFake } from "../support/officeFake";

afterEach(() => uninstallFakeExcel());

test("refresh(week, …, { trend: 'quarter' }): the week on the review sheets, the trend by quarter", async () => {
  const { host } = officeOnFake();
  const wb = new SelectableOfficeWorkbook({ run: host.run, requirements: host.requirements });
  const service = createOfficeService(() => wb);
  await service.install({ locale: "zh-CN" });

  const summary = await service.refresh({ kind: "week", year: 2024, week: 23 }, () => undefined, { trend: "quarter" });
  expect(summary.period).toEqual({ kind: "week", year: 2024, week: 23 });

  const channels = host.state.mustSheet("渠道效果");
  expect(channels.ensureCell(1, 1).value).toBe("2024-W23");
  expect(host.state.mustSheet("流失分析").ensureCell(1, 1).value).toBe("2024-W23");
  expect(host.state.mustSheet("趋势").ensureCell(1, 1).value).toBe("最近12个季度");
  const trend = host.state.tableBody("ReviewTrend").map((r) => r[0].value);
  // Twelve quarters, the last one holding today (the as-of date when Settings has none).
  const now = new Date();
  const q = `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`;
  expect(trend).toHaveLength(12);
  expect(trend[11]).toBe(q);
  expect(trend.every((p) => /^\d{4}-Q[1-4]$/.test(String(p)))).toBe(true);

  // Without the option: months.
  await service.refresh({ kind: "all" }, () => undefined);
  expect(host.state.tableBody("ReviewTrend").map((r) => r[0].value)[11]).toMatch(/^\d{4}-\d{2}$/);
});
