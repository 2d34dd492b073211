/**
 * The loss, trend, forecast and scoring tables on the Office path: install on
 * the fake Excel host, rows typed in, Refresh through the Office adapter, the
 * tables read back and compared with the hand-computed cases of
 * insightCases.ts (the same cases run on a real .xlsx file through the CLI in
 * tests/cli/insightTables.test.ts).
 */
import { install } from "../../src/operations/install";
import { refresh } from "../../src/operations/refresh";
import type { InputTableName } from "../../src/domain/types";
import { officeOnFake } from "../support/officeFake";
import { plant } from "../support/plant";
import { d } from "../support/refreshBooks";
import { AS_OF, CASES, COMPARE, compared, expected, type ComparedTable } from "./insightCases";

const NOW = new Date(2024, 6, 1, 9, 0, 0);
const TABLES = Object.keys(COMPARE) as ComparedTable[];

describe.each(CASES.map((c) => [c.name, c] as const))("Office path: %s", (_name, c) => {
  let read: Map<string, { headers: string[]; values: import("../../src/domain/types").CellValue[][] }>;
  let sheets: string[];
  let sheetOf: Map<string, string>;

  beforeAll(async () => {
    const env = officeOnFake({ excelApi: "1.9" });
    await install(env.wb, { locale: "zh-CN", now: NOW });
    for (const [table, rows] of Object.entries(c.rows) as [InputTableName, Record<string, never>[]][])
      if (rows.length) await plant(env.wb, table, rows);
    const r = await refresh(env.wb, { period: { kind: "all" }, asOf: d(AS_OF.y, AS_OF.m, AS_OF.d), now: NOW });
    expect(r.report.chartWarnings ?? []).toEqual([]);
    const data = await env.wb.readTables(TABLES);
    read = new Map([...data].map(([k, t]) => [k, { headers: t.table.headers, values: t.values }]));
    const state = await env.wb.readState();
    sheets = state.sheets.map((s) => s.name);
    sheetOf = new Map(state.tables.map((t) => [t.name, t.sheet]));
  }, 60000);

  test("the tables sit on the four review sheets under their stable names", () => {
    expect(sheets).toEqual(expect.arrayContaining(["流失分析", "趋势", "预测", "评分复盘"]));
    expect([...new Set(TABLES.map((t) => sheetOf.get(t)))]).toEqual(["流失分析", "趋势", "预测", "评分复盘"]);
  });

  test.each(TABLES.filter((t) => c.expect[t] !== undefined))("%s holds the hand-computed rows", (table) => {
    const t = read.get(table);
    expect(t).toBeDefined();
    expect(compared(table, t!.headers, t!.values)).toEqual(expected(c.expect[table]!));
  });
});

describe("Office path in English: sheet names, headers and labels of the workbook's language", () => {
  test("all lost, en-US", async () => {
    const env = officeOnFake({ excelApi: "1.9" });
    await install(env.wb, { locale: "en-US", now: NOW });
    await plant(env.wb, "Leads", [
      {
        leadId: "A",
        customer: "Acme",
        status: "Lost",
        stage: "Needs discovery",
        owner: "Amy",
        createdAt: d(2024, 4, 2),
      },
      { leadId: "B", customer: "Bolt", status: "Lost", stage: "Negotiation", owner: "Amy", createdAt: d(2024, 5, 6) },
    ]);
    await plant(env.wb, "Conversion", [
      { leadId: "A", result: "Lost", closedAt: d(2024, 4, 20), lossReason: "Budget too low" },
      { leadId: "B", result: "Lost", closedAt: d(2024, 5, 30) },
    ]);
    await refresh(env.wb, { period: { kind: "all" }, asOf: d(2024, 6, 30), now: NOW });
    const state = await env.wb.readState();
    const sheetOf = new Map(state.tables.map((t) => [t.name, t.sheet]));
    expect(TABLES.map((t) => sheetOf.get(t))).toEqual([
      "Losses",
      "Losses",
      "Trend",
      "Forecast",
      "Forecast",
      "Forecast",
      "Scoring review",
      "Scoring review",
      "Scoring review",
    ]);
    const t = await env.wb.readTables(["ReviewLosses", "ReviewScoringNotes", "ReviewForecastStages"]);
    const losses = t.get("ReviewLosses")!;
    expect(losses.table.headers).toEqual([
      "Stage #",
      "Stage",
      "Loss reason",
      "Lost",
      "Share of the stage's losses",
      "Stage loss rate",
    ]);
    // A reached stage 2 and was lost there (1 of 2 that reached it: B reached 4); B lost at 4 without a reason.
    expect(losses.values.map((r) => r.slice(0, 4))).toEqual([
      [2, "Needs discovery", "Budget too low", 1],
      [4, "Negotiation", "No reason given", 1],
    ]);
    expect(losses.values.map((r) => r[5])).toEqual([0.5, 1]);
    expect(t.get("ReviewScoringNotes")!.values).toEqual([["2 closed leads, fewer than 30: no suggested points yet"]]);
    const stages = t.get("ReviewForecastStages")!;
    expect(stages.values.map((r) => r[stages.table.headers.indexOf("Source")])).toEqual(
      Array(5).fill("Settings probability"),
    );
  }, 60000);
});
