/**
 * The pure plan of Refresh (src/domain/plan/refresh.ts) on plain tables: no port, no workbook.
 * Each case builds the tables a read would return, computes with the engine as the operation
 * does, and checks the Change list.
 */
import { computeAll } from "../../src/domain/engine";
import { SALES_COLUMNS, SALES_METRIC_LABELS } from "../../src/domain/engine/columns";
import { tableDefs, type TableDef } from "../../src/domain/fields/definitions";
import type { LeadBook } from "../../src/domain/model";
import { serialFromYmd } from "../../src/domain/parse/dates";
import type { Change } from "../../src/domain/plan/changes";
import {
  missingLeadsColumns,
  newConversionRows,
  planOwnedCells,
  readCarried,
  sameFormula,
  sameValue,
} from "../../src/domain/plan/refresh";
import { bookFromTables } from "../../src/domain/rows";
import { defaultSettings } from "../../src/domain/settings/defaults";
import type { CellValue } from "../../src/domain/types";
import type { TableData } from "../../src/workbook/port";

const settings = defaultSettings("zh-CN");
const stageCount = settings.lists.stage.length;
const defs = tableDefs(stageCount);
const d = (y: number, m: number, day: number, h = 0) => serialFromYmd(y, m, day, h, 0);
const asOf = d(2024, 6, 1);

/** A table as the port reads it: the definition's Chinese headers, rows given by field key. */
function table(def: TableDef, rows: Record<string, CellValue>[], formulas?: Record<string, string>[]): TableData {
  const keys = def.fields.map((f) => f.key);
  const headers = def.fields.map((f) => f.header.zh);
  return {
    table: { name: def.name, sheet: def.sheet.zh, address: `A1:A${rows.length + 1}`, headers, rowCount: rows.length },
    firstRow: 2,
    values: rows.map((r) => keys.map((k) => r[k] ?? null)),
    ...(formulas ? { formulas: formulas.map((r) => keys.map((k) => r[k] ?? null)) } : {}),
  };
}

const lead = (id: string, p: Record<string, CellValue> = {}): Record<string, CellValue> => ({
  leadId: id,
  customer: `客户${id}`,
  contact: "张",
  phone: "13800000001",
  industry: "制造业",
  source: "官网注册",
  status: "跟进中",
  stage: "初步接洽",
  owner: "王芳",
  createdAt: d(2024, 5, 1),
  ...p,
});

/** What Refresh does between reading and applying, on plain tables. */
function plan(leads: TableData, followUps: TableData, conversion: TableData, updateCachedResults = false) {
  const raw = (t: TableData) => ({ headers: t.table.headers, values: t.values, firstRow: t.firstRow });
  const book = bookFromTables(
    { Leads: raw(leads), FollowUps: raw(followUps), Conversion: raw(conversion) },
    stageCount,
  );
  const appended = newConversionRows(book, conversion);
  const full: LeadBook = { ...book, conversion: [...book.conversion, ...appended] };
  const result = computeAll(full, settings, { period: { kind: "all" }, asOf });
  return planOwnedCells({
    leads,
    conversion,
    book: full,
    existingConversionRows: book.conversion.length,
    appended: appended.length,
    result,
    defs,
    locale: "zh-CN",
    stageCount,
    updateCachedResults,
  });
}

const column = (changes: Change[], tableName: string, header: string) =>
  changes.find((c) => c.op === "writeTableColumn" && c.table === tableName && c.column === header);
const header = (def: TableDef, key: string) => def.fields.find((f) => f.key === key)!.header.zh;

describe("Leads columns Refresh cannot do without", () => {
  const headers = defs.Leads.fields.map((f) => f.header.zh);
  const keysMissing = (without: string[]) =>
    missingLeadsColumns(
      defs.Leads,
      headers.filter((_, i) => !without.includes(defs.Leads.fields[i].key)),
    ).map((f) => f.key);

  test("none when every column is there, in either language", () => {
    expect(missingLeadsColumns(defs.Leads, headers)).toEqual([]);
    expect(
      missingLeadsColumns(
        defs.Leads,
        defs.Leads.fields.map((f) => f.header.en),
      ),
    ).toEqual([]);
  });

  test("the lead ID and required input columns count; calculated and optional ones do not", () => {
    const required = defs.Leads.fields.find((f) => f.required && f.kind !== "calc" && f.key !== "leadId")!.key;
    expect(keysMissing(["leadId", required, "score", "sourceDetail"])).toEqual(["leadId", required]);
  });
});

describe("new Conversion rows", () => {
  test("one per lead ID without a row, in Leads order, numbered after the table's rows", () => {
    const leads = table(defs.Leads, [lead("L-1"), lead("L-2", { source: "展会推荐" }), lead(""), lead("L-1")]);
    const conversion = table(defs.Conversion, [{ leadId: "L-9" }]);
    const book = bookFromTables(
      {
        Leads: { headers: leads.table.headers, values: leads.values, firstRow: 2 },
        Conversion: { headers: conversion.table.headers, values: conversion.values, firstRow: 2 },
      },
      stageCount,
    );
    const rows = newConversionRows(book, conversion);
    expect(rows.map((r) => [r.leadId, r.row, r.source, r.stageAt.length])).toEqual([
      ["L-1", 3, "官网注册", stageCount],
      ["L-2", 4, "展会推荐", stageCount],
    ]);
  });
});

describe("owned cells of Leads and Conversion", () => {
  const followUps = table(defs.FollowUps, [
    { leadId: "L-1", at: d(2024, 5, 3, 10), method: "电话", stage: "需求挖掘", feedback: "有回应", by: "王芳" },
  ]);

  test("a fresh table: last follow-up written, a Conversion row appended with its stage dates", () => {
    const leads = table(defs.Leads, [lead("L-1")]);
    const { changes, counts } = plan(leads, followUps, table(defs.Conversion, []));
    const last = column(changes, "Leads", header(defs.Leads, "lastFollowUp"));
    expect(last).toMatchObject({ rowIndexes: [0], cells: [d(2024, 5, 3, 10)] });
    const appended = changes.filter((c) => c.op === "appendRows");
    expect(appended).toHaveLength(1);
    const row = appended[0].op === "appendRows" ? appended[0].rows[0] : [];
    const at = (key: string) => row[defs.Conversion.fields.findIndex((f) => f.key === key)];
    expect([at("leadId"), at("source"), at("owner")]).toEqual(["L-1", "官网注册", "王芳"]);
    // Stage 2 entered on the day of the follow-up that reached it; no follow-up dates stage 1.
    expect([at("stage1At"), at("stage2At")]).toEqual([null, d(2024, 5, 3)]);
    expect(at("cycleDays")).toMatchObject({ formula: expect.stringMatching(/^=/) });
    expect(counts.fills).toBe(1);
  });

  test("cells that already hold the computed values are not written again", () => {
    const first = plan(table(defs.Leads, [lead("L-1")]), followUps, table(defs.Conversion, []));
    const lastHeader = header(defs.Leads, "lastFollowUp");
    const written = column(first.changes, "Leads", lastHeader);
    const sinceHeader = header(defs.Leads, "stageSince");
    const since = column(first.changes, "Leads", sinceHeader);
    const leads = table(defs.Leads, [
      lead("L-1", {
        lastFollowUp: written?.op === "writeTableColumn" ? (written.cells[0] as number) : null,
        stageSince: since?.op === "writeTableColumn" ? (since.cells[0] as CellValue) : null,
        noReplyRun: 0,
      }),
    ]);
    const { changes, counts } = plan(leads, followUps, table(defs.Conversion, []));
    expect(column(changes, "Leads", lastHeader)).toBeUndefined();
    expect(column(changes, "Leads", sinceHeader)).toBeUndefined();
    expect(counts.owned).toBe(0);
  });

  test("a blank calculated cell gets its formula back; a value typed over one is left alone", () => {
    const scoreHeader = header(defs.Leads, "score");
    const leads = table(defs.Leads, [lead("L-1"), lead("L-2", { score: 99 })]);
    const { changes, counts } = plan(leads, followUps, table(defs.Conversion, []));
    const score = column(changes, "Leads", scoreHeader);
    expect(score).toMatchObject({ rowIndexes: [0] });
    expect(score?.op === "writeTableColumn" && score.cells[0]).toMatchObject({ formula: expect.stringMatching(/^=/) });
    expect(counts.formulas).toBeGreaterThanOrEqual(1);
  });

  test("a typed stage date is never replaced; a blank one is filled", () => {
    const conversion = table(defs.Conversion, [{ leadId: "L-1", stage1At: d(2024, 4, 30) }]);
    const { changes } = plan(table(defs.Leads, [lead("L-1")]), followUps, conversion);
    expect(column(changes, "Conversion", header(defs.Conversion, "stage1At"))).toBeUndefined();
    expect(column(changes, "Conversion", header(defs.Conversion, "stage2At"))).toMatchObject({
      rowIndexes: [0],
      cells: [d(2024, 5, 3)],
    });
    expect(changes.some((c) => c.op === "appendRows")).toBe(false);
  });

  test("a stage cell holding text the engine reads as blank is not overwritten either", () => {
    const conversion = table(defs.Conversion, [{ leadId: "L-1", stage2At: "不详" }]);
    const { changes, counts } = plan(table(defs.Leads, [lead("L-1")]), followUps, conversion);
    expect(column(changes, "Conversion", header(defs.Conversion, "stage2At"))).toBeUndefined();
    expect(counts.fills).toBe(0);
  });

  test("the lead's source, industry, owner and created date are copied to its Conversion row when they differ", () => {
    const conversion = table(defs.Conversion, [
      { leadId: "L-1", source: "旧来源", industry: "制造业", owner: "王芳", createdAt: d(2024, 5, 1) },
    ]);
    const { changes } = plan(table(defs.Leads, [lead("L-1")]), followUps, conversion);
    expect(column(changes, "Conversion", header(defs.Conversion, "source"))).toMatchObject({ cells: ["官网注册"] });
    expect(column(changes, "Conversion", header(defs.Conversion, "owner"))).toBeUndefined();
  });
});

describe("ReviewSales carry-over", () => {
  const sales = (rows: Record<string, CellValue>[]): TableData => {
    const headers = SALES_COLUMNS.map((c) => c.header.zh);
    return {
      table: { name: "ReviewSales", sheet: "销售复盘", address: "A1:L9", headers, rowCount: rows.length },
      firstRow: 2,
      values: rows.map((r) => SALES_COLUMNS.map((c) => r[c.key] ?? null)),
    };
  };
  const metric = SALES_METRIC_LABELS.amount.zh;

  test("targets and notes by period, dimension and metric; other periods are listed once", () => {
    const t = sales([
      { period: "2024-05", dimension: "王芳", metricLabel: metric, target: "1,000" },
      { period: "2024-Q2", dimension: "王芳", metricLabel: metric, wins: " 展会 " },
      { period: "2024-Q2", dimension: "李强", metricLabel: metric, target: 5 },
      { period: "2024-03", dimension: "王芳", metricLabel: metric },
      { period: "2024-04", dimension: "王芳", metricLabel: "不是指标", target: 7 },
    ]);
    const { carried, periods } = readCarried(t, { kind: "month", year: 2024, month: 5 }, "zh-CN");
    expect([...carried.keys()].sort()).toEqual(
      ["2024-05|王芳|amount", "2024-Q2|王芳|amount", "2024-Q2|李强|amount"].sort(),
    );
    expect(carried.get("2024-05|王芳|amount")).toEqual({ target: 1000, wins: "", issues: "", actions: "" });
    expect(carried.get("2024-Q2|王芳|amount")).toMatchObject({ target: null, wins: "展会" });
    expect(periods).toEqual([{ kind: "quarter", year: 2024, quarter: 2 }]);
  });

  test("no table, or one without its key columns, carries nothing", () => {
    expect(readCarried(undefined, { kind: "all" }, "zh-CN").carried.size).toBe(0);
    const t = sales([{ period: "2024-05", dimension: "王芳", metricLabel: metric, target: 1 }]);
    t.table.headers[0] = "别的";
    expect(readCarried(t, { kind: "all" }, "zh-CN").carried.size).toBe(0);
  });
});

describe("cell comparison", () => {
  test("sameValue: blanks, numbers to about a second, trimmed text, dates against serials", () => {
    expect(sameValue(null, "")).toBe(true);
    expect(sameValue("  ", null)).toBe(true);
    expect(sameValue(45444, 45444 + 1e-6)).toBe(true);
    expect(sameValue(45444, 45444.001)).toBe(false);
    expect(sameValue(" a ", "a")).toBe(true);
    expect(sameValue("1", 1)).toBe(false);
    // A Date cell (as exceljs returns) holds local wall-clock time.
    expect(sameValue(new Date(2024, 5, 1), d(2024, 6, 1))).toBe(true);
  });

  test("sameFormula ignores a leading = and white space only", () => {
    expect(sameFormula("=A1 + 1", "A1+1")).toBe(true);
    expect(sameFormula("=A1+2", "=A1+1")).toBe(false);
    expect(sameFormula(null, "=A1")).toBe(false);
  });
});
