/**
 * The four new review sheets are owned sheets like the others (issue 13 item
 * 2): recorded in the workbook's list of sheets LeadFlow created, and a
 * user's own sheet that has one of their names (any case) is never written —
 * the review goes on a free name, with a notice, and the trend chart with it.
 */
import { install } from "../../src/operations/install";
import { refresh } from "../../src/operations/refresh";
import { ownedSheetNames } from "../../src/domain/plan/sheets";
import { officeOnFake } from "../support/officeFake";

const NOW = new Date(2024, 5, 3, 10, 0, 0);

test("recorded as LeadFlow's sheets; a user's sheet 'trend' is left alone and the trend goes to 'Trend (2)'", async () => {
  const env = officeOnFake({ excelApi: "1.9" });
  await install(env.wb, { locale: "en-US", now: NOW, sample: { count: 30, seed: 5 } });
  const user = env.host.state.addSheet("trend");
  user.ensureCell(0, 0).value = "my own numbers";
  user.ensureCell(5, 0).value = 42;

  const result = await refresh(env.wb, { period: { kind: "all" }, now: NOW });
  expect(user.cell(0, 0)?.value).toBe("my own numbers");
  expect(user.cell(5, 0)?.value).toBe(42);
  expect(user.charts).toHaveLength(0);
  const trend = env.host.state.table("ReviewTrend")!;
  expect(env.host.state.sheetById(trend.sheetId).name).toBe("Trend (2)");
  expect(env.host.state.mustSheet("Trend (2)").charts.map((c) => c.name)).toEqual(["LF_TrendChart"]);
  expect(result.report.sheetNotices.map((n) => n.en)).toEqual([
    'Sheet "trend" was not created by LeadFlow; to leave its content alone, the review goes on a new sheet "Trend (2)"',
  ]);

  const owned = ownedSheetNames((await env.wb.readState()).properties);
  expect(owned).toEqual(expect.arrayContaining(["Losses", "Trend (2)", "Forecast", "Scoring review"]));
  expect(owned).not.toContain("trend");

  // A second refresh finds its sheets again (by their tables) and adds no more.
  const again = await refresh(env.wb, { period: { kind: "all" }, now: NOW });
  expect(again.report.sheetNotices).toEqual([]);
  expect(env.host.state.sheets.filter((s) => /^Trend/i.test(s.name)).map((s) => s.name)).toEqual([
    "trend",
    "Trend (2)",
  ]);
}, 60000);
