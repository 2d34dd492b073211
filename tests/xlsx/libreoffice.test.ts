/**
 * What the adapter writes survives LibreOffice: it opens the file,
 * recalculates every formula (cached results are deliberately wrong here, so
 * a passing value proves the recalculation), and its re-saved file still has
 * the tables, validations, conditional formats and defined names.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Change } from "../../src/domain/plan/changes";
import { XlsxWorkbook } from "../support/exceljs";
import { recalculate } from "../support/libreoffice";
import { tableParts, tempDir } from "../support/xlsxFiles";

const points = (row: number) => ({
  formula: `=IFERROR(INDEX(List_Budget[分值],MATCH(Leads[[#This Row],[预算范围]],List_Budget[选项],0)),0)`,
  result: -999, // wrong on purpose
  row,
});

function plan(): Change[] {
  const p = (row: number) => {
    const { formula, result } = points(row);
    return { formula, result };
  };
  return [
    { op: "ensureSheet", sheet: "线索信息" },
    { op: "ensureSheet", sheet: "配置" },
    { op: "createTable", table: "List_Budget", sheet: "配置", topLeft: "A1", headers: ["选项", "分值"] },
    {
      op: "appendRows",
      table: "List_Budget",
      rows: [
        ["50万以上", 30],
        ["20-50万", 20],
        ["20万以下", 10],
        ["未明确", 0],
      ],
    },
    { op: "setDefinedName", name: "LF_List_budget", formula: "=List_Budget[选项]" },
    { op: "setDefinedName", name: "LF_AsOf", formula: "='配置'!$D$1" },
    { op: "writeCells", sheet: "配置", topLeft: "D1", cells: [[45444]], numberFormats: ["yyyy-mm-dd"] },
    {
      op: "createTable",
      table: "Leads",
      sheet: "线索信息",
      topLeft: "A1",
      headers: ["客户名称", "预算范围", "预算分", "录入时间", "天数", "提醒"],
    },
    {
      op: "appendRows",
      table: "Leads",
      rows: [
        [
          "=cmd|' /C calc'!A0",
          "50万以上",
          p(2),
          45413.375,
          { formula: "=INT(LF_AsOf-Leads[[#This Row],[录入时间]])", result: -1 },
          { formula: '=IF(Leads[[#This Row],[天数]]>30,"逾期","")', result: "x" },
        ],
        [
          "@SUM(A1)",
          "未明确",
          p(3),
          45440,
          { formula: "=INT(LF_AsOf-Leads[[#This Row],[录入时间]])", result: -1 },
          { formula: '=IF(Leads[[#This Row],[天数]]>30,"逾期","")', result: "x" },
        ],
        [
          "-5",
          "不在列表",
          p(4),
          null,
          {
            formula: '=IF(Leads[[#This Row],[录入时间]]="","",INT(LF_AsOf-Leads[[#This Row],[录入时间]]))',
            result: -1,
          },
          { formula: '=IF(N(Leads[[#This Row],[天数]])>30,"逾期","")', result: "x" },
        ],
      ],
    },
    { op: "setNumberFormat", sheet: "线索信息", address: "D2:D1048576", format: "yyyy-mm-dd hh:mm" },
    {
      op: "setValidation",
      sheet: "线索信息",
      address: "B2:B1048576",
      validation: {
        rule: { kind: "list", source: "=LF_List_budget" },
        allowBlank: true,
        prompt: { title: "预算范围", message: "从下拉列表选择" },
        error: { title: "无效", message: "请从列表中选择", style: "stop" },
      },
    },
    {
      op: "setConditionalFormats",
      sheet: "线索信息",
      address: "B2:B1048576",
      formats: [{ formula: '=AND($B2<>"",ISNA(MATCH($B2,LF_List_budget,0)))', fill: "#FFC7CE" }],
    },
  ];
}

describe("LibreOffice round trip of adapter output", () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  let back: XlsxWorkbook;
  let outPath: string;

  beforeAll(async () => {
    const wb = XlsxWorkbook.create();
    await wb.apply(plan());
    const path = join(tmp.dir, "handmade.xlsx");
    writeFileSync(path, await wb.toBytes());
    [outPath] = await recalculate([path], { outDir: tmp.dir });
    back = await XlsxWorkbook.fromBytes(new Uint8Array(readFileSync(outPath)));
  });

  test("every formula is recalculated to the value worked out by hand", async () => {
    const t = (await back.readTables(["Leads"])).get("Leads")!;
    // Points from the Settings list (未明确 = 0, unknown value = 0); days = as-of 2024-06-01 − created.
    // An empty-text result comes back blank (exceljs reads LibreOffice's empty <v> as no value).
    expect(t.values.map((r) => r.slice(2))).toEqual([
      [30, 45413.375, 30, null],
      [0, 45440, 4, null],
      [0, null, null, null],
    ]);
    expect(back.formulaCells().length).toBe(9);
  });

  test("text that looks like a formula stays text", async () => {
    const t = (await back.readTables(["Leads"])).get("Leads")!;
    expect(t.values.map((r) => r[0])).toEqual(["=cmd|' /C calc'!A0", "@SUM(A1)", "-5"]);
  });

  test("tables, validation, conditional format and names are still there", async () => {
    expect(
      tableParts(outPath)
        .map((t) => [t.name, t.ref])
        .sort(),
    ).toEqual([
      ["Leads", "A1:F4"],
      ["List_Budget", "A1:B5"],
    ]);
    const v = back.validations("线索信息");
    expect(v).toHaveLength(1);
    // LibreOffice re-saves a whole-column range clipped to ~1000 rows below the data; it must still cover the table.
    expect(v[0]).toMatchObject({ type: "list", formula1: "LF_List_budget" });
    expect(v[0].sqref).toMatch(/^B2:B(\d+)$/);
    expect(Number(/\d+$/.exec(v[0].sqref)![0])).toBeGreaterThanOrEqual(4);
    const cf = back.conditionalFormats("线索信息");
    expect(cf).toHaveLength(1);
    expect(cf[0].formulas[0]).toContain("MATCH($B2,LF_List_budget,0)");
    const names = (await back.readState()).names.map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(["LF_List_budget", "LF_AsOf"]));
  });
});
