/**
 * The Leads PivotTable through the Office adapter (issue 14 item 7), on the fake taught the
 * documented PivotTable behaviour (tests/fakes/excel/objects.ts, "PivotTables"):
 * - PivotTableCollection.add, ExcelApi 1.8:
 *   https://learn.microsoft.com/en-us/javascript/api/excel/excel.pivottablecollection
 * - hierarchies on axes, summarizeBy:
 *   https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-pivottables,
 *   https://learn.microsoft.com/en-us/javascript/api/excel/excel.aggregationfunction
 * - a worksheet's collection wants its destination on that worksheet:
 *   https://github.com/OfficeDev/office-js-docs-pr/pull/251
 */
import { install } from "../../src/operations/install";
import { refresh } from "../../src/operations/refresh";
import { PIVOT_NAME } from "../../src/domain/plan/pivot";
import { OfficeWorkbook } from "../../src/workbook/office/officeWorkbook";
import { FakeOfficeError, seedTable } from "../fakes/excel";
import { failure, officeOnFake } from "../support/officeFake";

const NOW = new Date(2024, 5, 3, 10, 0, 0);

async function installed(excelApi = "1.8") {
  const env = officeOnFake({ excelApi });
  await install(env.wb, { locale: "zh-CN", now: NOW, sample: { count: 30, seed: 7 } });
  return env;
}

describe("the Leads PivotTable on Office", () => {
  test("Refresh makes it once on 透视: source × status, counting leads, over the Leads table", async () => {
    const { host, wb } = await installed();
    expect(host.state.sheet("透视")).toBeUndefined();
    const result = await refresh(wb, { period: { kind: "all" }, now: NOW });

    expect(result.report.pivot).toEqual({ name: PIVOT_NAME, sheet: "透视", status: "created" });
    expect(host.state.pivotTables).toHaveLength(1);
    const p = host.state.pivotTables[0]!;
    const sheet = host.state.sheetById(p.sheetId);
    expect(sheet.name).toBe("透视");
    expect(host.state.sheets[host.state.sheets.length - 1]).toBe(sheet); // added last
    expect({ row: p.row, col: p.col }).toEqual({ row: 2, col: 0 }); // A3
    expect(p.tableId).toBe(host.state.table("Leads")!.id);
    expect(p.rows).toEqual(["线索来源"]);
    expect(p.columns).toEqual(["线索状态"]);
    expect(p.filters).toEqual([]);
    expect(p.data).toEqual([{ name: "线索数", field: "线索编号", summarizeBy: "Count" }]);
    expect(host.stats.apiNotFound).toEqual([]);
  });

  test("the next Refresh only refreshes it: a manager's own layout, place and sheet are kept", async () => {
    const { host, wb } = await installed();
    await refresh(wb, { period: { kind: "all" }, now: NOW });
    // The manager rearranges it (owner on rows, status as a filter, count by stage) and moves it to a sheet of their own.
    const p = host.state.pivotTables[0]!;
    const mine = host.state.addSheet("我的分析");
    Object.assign(p, {
      sheetId: mine.id,
      row: 5,
      col: 3,
      rows: ["负责人"],
      columns: ["当前阶段"],
      filters: ["线索状态"],
    });
    p.data[0]!.name = "数量";
    host.state.sheets.splice(host.state.sheets.indexOf(host.state.mustSheet("透视")), 1);
    const layout = JSON.stringify(p);

    const second = await refresh(wb, { period: { kind: "all" }, now: NOW });
    expect(second.report.pivot).toEqual({ name: PIVOT_NAME, sheet: "我的分析", status: "refreshed" });
    expect(host.state.pivotTables).toHaveLength(1);
    expect(p.refreshes).toBe(1);
    expect(JSON.stringify({ ...p, refreshes: 0 })).toBe(layout);
    expect(host.state.sheet("透视")).toBeUndefined(); // no second sheet, no second PivotTable

    await refresh(wb, { period: { kind: "all" }, now: NOW });
    expect(p.refreshes).toBe(2);
    expect(host.state.pivotTables).toHaveLength(1);
  });

  test("a sheet 透视 of the user's, without our PivotTable, is left alone (a notice in both languages)", async () => {
    const { host, wb } = await installed();
    const theirs = host.state.addSheet("透视");
    theirs.ensureCell(2, 0).value = "我自己的笔记";
    const before = host.state.snapshotCells(["透视"]);
    const result = await refresh(wb, { period: { kind: "all" }, now: NOW });
    expect(result.report.pivot).toMatchObject({ status: "sheet-taken", sheet: "透视" });
    expect(host.state.pivotTables).toHaveLength(0);
    expect(host.state.snapshotCells(["透视"])).toEqual(before);
    const notice = result.report.sheetNotices.find((n) => n.en.includes("PivotTable"))!;
    expect(notice.zh).toContain("数据透视表");
    expect(notice.en).toContain('Sheet "透视"');
  });

  test("without ExcelApi 1.8 the PivotTable is a notice, not a failure", async () => {
    const { host } = await installed();
    const older = new OfficeWorkbook({
      run: host.run,
      requirements: { isSetSupported: (_name: string, v?: string) => Number(String(v).split(".")[1]) < 8 },
    });
    const result = await refresh(older, { period: { kind: "all" }, now: NOW });
    expect(result.report.pivot).toMatchObject({ status: "unsupported" });
    expect(result.report.sheetNotices.some((n) => n.en.includes("ExcelApi 1.8") && n.zh.includes("ExcelApi 1.8"))).toBe(
      true,
    );
    expect(host.state.pivotTables).toHaveLength(0);
    expect(host.state.sheet("透视")).toBeUndefined();
    expect(host.state.table("ReviewChannels")).toBeDefined(); // the reviews are written all the same
  });

  test("a PivotTable Excel refuses: a notice, the reviews written, and no empty 透视 left behind", async () => {
    const { host, wb } = await installed();
    // Hosts have refused a plain add with AccessDenied (OfficeDev/office-js#1227,
    // https://github.com/OfficeDev/office-js/issues/1227).
    host.faults = { failAction: { label: "PivotTableCollection.add", code: "AccessDenied" } };
    const result = await refresh(wb, { period: { kind: "all" }, now: NOW });
    expect(result.report.pivot).toMatchObject({ status: "failed" });
    expect(result.report.sheetNotices.some((n) => n.en.includes("AccessDenied") && n.zh.includes("AccessDenied"))).toBe(
      true,
    );
    expect(host.state.sheet("透视")).toBeUndefined();
    expect(host.state.table("ReviewFunnel")).toBeDefined();
    // The next Refresh makes it.
    const again = await refresh(wb, { period: { kind: "all" }, now: NOW });
    expect(again.report.pivot).toMatchObject({ status: "created" });
  });
});

describe("the fake's PivotTables follow the reference", () => {
  function book() {
    const env = officeOnFake();
    seedTable(env.host.state, {
      sheet: "Data",
      table: "Src",
      headers: ["Type", "Amount"],
      rows: [
        ["a", 1],
        ["b", 2],
      ],
    });
    env.host.state.addSheet("P");
    return env;
  }
  const code = (e: unknown) => (e instanceof FakeOfficeError ? e.code : String(e));

  test("add: a second PivotTable of the same name on a sheet is refused (office-js#551, as for tables)", async () => {
    const { host } = book();
    const e = await failure(
      host.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("P");
        ws.pivotTables.add("X", ctx.workbook.tables.getItem("Src"), ws.getRange("A3"));
        ws.pivotTables.add("x", ctx.workbook.tables.getItem("Src"), ws.getRange("H3"));
        await ctx.sync();
      }),
    );
    expect(code(e)).toBe("InvalidArgument");
  });

  test("add: a destination on another sheet than the collection's is refused (office-js-docs-pr#251)", async () => {
    const { host } = book();
    const e = await failure(
      host.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("P");
        ws.pivotTables.add("X", ctx.workbook.tables.getItem("Src"), "Data!H3");
        await ctx.sync();
      }),
    );
    expect(code(e)).toBe("InvalidArgument");
  });

  test("add: a report over a table is refused; without ExcelApi 1.8 add does not exist", async () => {
    const { host } = book();
    const e = await failure(
      host.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("Data");
        ws.pivotTables.add("X", ctx.workbook.tables.getItem("Src"), ws.getRange("B2"));
        await ctx.sync();
      }),
    );
    expect(code(e)).toBe("InvalidOperation");
    const old = officeOnFake({ excelApi: "1.7" });
    seedTable(old.host.state, { sheet: "Data", table: "Src", headers: ["Type"], rows: [["a"]] });
    const e2 = await failure(
      old.host.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("Data");
        ws.pivotTables.add("X", ctx.workbook.tables.getItem("Src"), ws.getRange("D3"));
        await ctx.sync();
      }),
    );
    expect(code(e2)).toBe("ApiNotFound");
  });

  test("hierarchies: one axis at a time; a data field counts or sums, and may not take a field's name", async () => {
    const { host } = book();
    await host.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("P");
      const pt = ws.pivotTables.add("X", ctx.workbook.tables.getItem("Src"), ws.getRange("A3"));
      pt.rowHierarchies.add(pt.hierarchies.getItem("Type"));
      pt.columnHierarchies.add(pt.hierarchies.getItem("Type")); // moves it from the rows
      const sum = pt.dataHierarchies.add(pt.hierarchies.getItem("Amount"));
      sum.summarizeBy = Excel.AggregationFunction.count;
      await ctx.sync();
    });
    const p = host.state.pivotTables[0]!;
    expect(p.rows).toEqual([]);
    expect(p.columns).toEqual(["Type"]);
    expect(p.data).toEqual([{ name: "Sum of Amount", field: "Amount", summarizeBy: "Count" }]);
    const e = await failure(
      host.run(async (ctx) => {
        const pt = ctx.workbook.pivotTables.getItem("X");
        pt.dataHierarchies.add(pt.hierarchies.getItem("Type")).name = "Amount";
        await ctx.sync();
      }),
    );
    expect(code(e)).toBe("InvalidArgument");
    const missing = await failure(
      host.run(async (ctx) => {
        const pt = ctx.workbook.pivotTables.getItem("X");
        pt.rowHierarchies.add(pt.hierarchies.getItem("Nope"));
        await ctx.sync();
      }),
    );
    expect(code(missing)).toBe("ItemNotFound");
  });
});
