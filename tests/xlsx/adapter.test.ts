/**
 * The file adapter on hand-written Change lists: every op, read back from the
 * saved file (and from the raw XML where exceljs could hide a problem).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Change } from "../../src/domain/plan/changes";
import { WorkbookError } from "../../src/workbook/port";
import { XlsxWorkbook, openWorkbookFile, saveWorkbookFile } from "../support/exceljs";
import { parts, tableParts, tempDir } from "../support/xlsxFiles";

const SETTINGS = "配置";
const LEADS = "线索信息";

/** A small install-like plan: a Settings list, a Leads table with values, formulas, rules and formats. */
function basePlan(): Change[] {
  return [
    { op: "ensureSheet", sheet: LEADS, tabColor: "#2F75B5" },
    { op: "ensureSheet", sheet: SETTINGS, hidden: false },
    { op: "createTable", table: "List_Budget", sheet: SETTINGS, topLeft: "A1", headers: ["选项", "分值"] },
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
    {
      op: "createTable",
      table: "Leads",
      sheet: LEADS,
      topLeft: "A1",
      headers: ["线索编号", "客户名称", "预算范围", "预算分", "录入时间"],
    },
    {
      op: "appendRows",
      table: "Leads",
      rows: [
        [
          "线索-20240501-001",
          '=HYPERLINK("http://x")',
          "50万以上",
          {
            formula: "=IFERROR(INDEX(List_Budget[分值],MATCH(Leads[[#This Row],[预算范围]],List_Budget[选项],0)),0)",
            result: 30,
          },
          45413.375,
        ],
        [
          "线索-20240501-002",
          "+86 138 1234 5678",
          "未明确",
          {
            formula: "=IFERROR(INDEX(List_Budget[分值],MATCH(Leads[[#This Row],[预算范围]],List_Budget[选项],0)),0)",
            result: 0,
          },
          45414,
        ],
      ],
    },
    { op: "setNumberFormat", sheet: LEADS, address: "E2:E1048576", format: "yyyy-mm-dd hh:mm" },
    {
      op: "setValidation",
      sheet: LEADS,
      address: "C2:C1048576",
      validation: {
        rule: { kind: "list", source: "=LF_List_budget" },
        allowBlank: true,
        prompt: { title: "预算范围", message: "从下拉列表选择（计分项）" },
        error: { title: "无效的值", message: "请从列表中选择", style: "stop" },
      },
    },
    {
      op: "setValidation",
      sheet: LEADS,
      address: "E2:E1048576",
      validation: {
        rule: { kind: "date", operator: "greaterThanOrEqual", formula1: "=DATE(2000,1,1)" },
        allowBlank: true,
      },
    },
    {
      op: "setConditionalFormats",
      sheet: LEADS,
      address: "C2:C1048576",
      formats: [
        { formula: '=AND($C2<>"",ISNA(MATCH($C2,LF_List_budget,0)))', fill: "#FFC7CE", fontColor: "#9C0006" },
        { formula: '=AND($A2<>"",$C2="")', fill: "#FFEB9C", stopIfTrue: true },
      ],
    },
    {
      op: "setColumnWidths",
      sheet: LEADS,
      widths: [
        { column: "A", width: 18 },
        { column: "B", width: 26 },
      ],
    },
    { op: "setFont", sheet: LEADS, address: "A1:E1", bold: true, color: "#FFFFFF", fill: "#2F75B5" },
    { op: "freezePanes", sheet: LEADS, rows: 1, columns: 1 },
    { op: "groupColumns", sheet: LEADS, fromColumn: "D", toColumn: "D" },
    { op: "setProperty", key: "LeadFlow.locale", value: "zh-CN" },
    { op: "setProperty", key: "LeadFlow.templateVersion", value: "1" },
  ];
}

async function build(changes: Change[]): Promise<XlsxWorkbook> {
  const wb = XlsxWorkbook.create();
  await wb.apply(changes);
  return wb;
}

async function roundTrip(wb: XlsxWorkbook): Promise<XlsxWorkbook> {
  return XlsxWorkbook.fromBytes(await wb.toBytes());
}

describe("xlsx adapter: writing every op and reading it back", () => {
  let wb: XlsxWorkbook;
  let bytes: Uint8Array;
  beforeAll(async () => {
    const built = await build(basePlan());
    bytes = await built.toBytes();
    wb = await XlsxWorkbook.fromBytes(bytes);
  });

  test("sheets, tables, names and properties survive a save", async () => {
    const state = await wb.readState();
    expect(state.sheets.map((s) => s.name)).toEqual([LEADS, SETTINGS]);
    const leads = state.tables.find((t) => t.name === "Leads");
    expect(leads).toMatchObject({
      sheet: LEADS,
      address: "A1:E3",
      headers: ["线索编号", "客户名称", "预算范围", "预算分", "录入时间"],
      rowCount: 2,
    });
    expect(state.tables.find((t) => t.name === "List_Budget")).toMatchObject({ address: "A1:B5", rowCount: 4 });
    expect(state.names).toContainEqual({ name: "LF_List_budget", formula: "=List_Budget[选项]" });
    expect(state.properties).toEqual({ "LeadFlow.locale": "zh-CN", "LeadFlow.templateVersion": "1" });
  });

  test("table parts are present and match their header cells", async () => {
    const tables = tableParts(bytes);
    expect(tables.map((t) => t.name).sort()).toEqual(["Leads", "List_Budget"]);
    const leads = tables.find((t) => t.name === "Leads")!;
    expect(leads.ref).toBe("A1:E3");
    const header = await wb.readRange(LEADS, "A1:E1");
    expect(header[0]).toEqual(leads.columns);
  });

  test("strings stay text, formulas carry cached results (0 included), dates are serials", async () => {
    const data = (await wb.readTables(["Leads"], { formulas: true })).get("Leads")!;
    expect(data.firstRow).toBe(2);
    expect(data.values).toEqual([
      ["线索-20240501-001", '=HYPERLINK("http://x")', "50万以上", 30, 45413.375],
      ["线索-20240501-002", "+86 138 1234 5678", "未明确", 0, 45414],
    ]);
    expect(data.formulas![1][3]).toBe(
      "=IFERROR(INDEX(List_Budget[分值],MATCH(Leads[[#This Row],[预算范围]],List_Budget[选项],0)),0)",
    );
    expect(data.formulas![0][1]).toBeNull();
    expect(wb.isTextCell(LEADS, "B2")).toBe(true);
    expect(wb.isTextCell(LEADS, "B3")).toBe(true);
    const sheetXml = Object.entries(parts(bytes)).find(
      ([k, v]) => k.startsWith("xl/worksheets/sheet") && v.includes("<tableParts") && v.includes("IFERROR"),
    )![1];
    // Exactly the two formula cells of column D hold <f>; the "=HYPERLINK" text is not a formula.
    expect(sheetXml.match(/<f>/g)).toHaveLength(2);
    expect(sheetXml).not.toContain("<f>HYPERLINK");
    expect(sheetXml).toMatch(/<c r="D3"[^>]*><f>[^<]+<\/f><v>0<\/v><\/c>/);
    expect(wb.numberFormat(LEADS, "E2")).toBe("yyyy-mm-dd hh:mm");
  });

  test("validations keep their whole-column ranges and sources", () => {
    const v = wb.validations(LEADS);
    expect(v).toHaveLength(2);
    expect(v[0]).toMatchObject({
      sqref: "C2:C1048576",
      type: "list",
      formula1: "LF_List_budget",
      allowBlank: true,
      prompt: "从下拉列表选择（计分项）",
      errorStyle: "stop",
    });
    expect(v[1]).toMatchObject({
      sqref: "E2:E1048576",
      type: "date",
      operator: "greaterThanOrEqual",
      formula1: "DATE(2000,1,1)",
    });
  });

  test("conditional formats, widths, frozen panes, outline", () => {
    expect(wb.conditionalFormats(LEADS)).toEqual([
      { ref: "C2:C1048576", formulas: ['AND($C2<>"",ISNA(MATCH($C2,LF_List_budget,0)))', 'AND($A2<>"",$C2="")'] },
    ]);
    expect(wb.sheetView(LEADS)).toEqual({ frozenRows: 1, frozenColumns: 1 });
    expect(wb.columnInfo(LEADS, "B").width).toBe(26);
    expect(wb.columnInfo(LEADS, "D").outlineLevel).toBe(1);
    expect(wb.columnInfo(LEADS, "C").outlineLevel).toBe(0);
  });

  test("re-applying conditional formats on the same range replaces them instead of piling up", async () => {
    const again = await roundTrip(wb);
    await again.apply([
      {
        op: "setConditionalFormats",
        sheet: LEADS,
        address: "C2:C1048576",
        formats: [{ formula: '=$C2="x"', fill: "#FF0000" }],
      },
    ]);
    const back = await roundTrip(again);
    expect(back.conditionalFormats(LEADS)).toEqual([{ ref: "C2:C1048576", formulas: ['$C2="x"'] }]);
  });
});

describe("xlsx adapter: tables", () => {
  test("a new table has one blank row, counted as none; the first append fills it", async () => {
    const wb = await build([
      { op: "ensureSheet", sheet: "S" },
      { op: "createTable", table: "T", sheet: "S", topLeft: "B3", headers: ["a", "b"] },
    ]);
    let back = await roundTrip(wb);
    expect((await back.readState()).tables[0]).toMatchObject({ address: "B3:C4", rowCount: 0 });
    await back.apply([
      {
        op: "appendRows",
        table: "T",
        rows: [
          ["x", 1],
          ["y", 2],
        ],
      },
    ]);
    back = await roundTrip(back);
    const t = (await back.readTables(["T"])).get("T")!;
    expect(t.table.address).toBe("B3:C5");
    expect(t.firstRow).toBe(4);
    expect(t.values).toEqual([
      ["x", 1],
      ["y", 2],
    ]);
  });

  test("appended rows take the formats of the row above", async () => {
    const wb = await build([
      { op: "ensureSheet", sheet: "S" },
      { op: "createTable", table: "T", sheet: "S", topLeft: "A1", headers: ["d"] },
      { op: "appendRows", table: "T", rows: [[45000]] },
      { op: "setNumberFormat", sheet: "S", address: "A2", format: "yyyy-mm-dd" },
      { op: "appendRows", table: "T", rows: [[45001], [45002]] },
    ]);
    const back = await roundTrip(wb);
    expect(back.numberFormat("S", "A4")).toBe("yyyy-mm-dd");
    expect((await back.readTables(["T"])).get("T")!.values).toEqual([[45000], [45001], [45002]]);
  });

  test("addColumns appends at the right and leaves every existing cell as it was", async () => {
    const wb = await build([
      { op: "ensureSheet", sheet: "S" },
      { op: "createTable", table: "T", sheet: "S", topLeft: "A1", headers: ["a", "b"] },
      {
        op: "appendRows",
        table: "T",
        rows: [
          ["x", 1],
          ["y", 2],
        ],
      },
    ]);
    const before = await wb.readRange("S", "A1:B3");
    await wb.apply([{ op: "addColumns", table: "T", headers: ["c", "b"] }]);
    const back = await roundTrip(wb);
    const t = (await back.readTables(["T"])).get("T")!;
    expect(t.table.headers).toEqual(["a", "b", "c"]);
    expect(await back.readRange("S", "A1:B3")).toEqual(before);
    expect(t.values).toEqual([
      ["x", 1, null],
      ["y", 2, null],
    ]);
    expect(tableParts(await back.toBytes())[0]).toMatchObject({ ref: "A1:C3", columns: ["a", "b", "c"] });
  });

  test("addColumns refuses to write over user cells next to the table", async () => {
    const wb = await build([
      { op: "ensureSheet", sheet: "S" },
      { op: "createTable", table: "T", sheet: "S", topLeft: "A1", headers: ["a"] },
      { op: "appendRows", table: "T", rows: [["x"]] },
      { op: "writeCells", sheet: "S", topLeft: "B2", cells: [["user note"]] },
    ]);
    await expect(wb.apply([{ op: "addColumns", table: "T", headers: ["b"] }])).rejects.toMatchObject({
      code: "would-lose-content",
    });
    expect(await wb.readRange("S", "B2")).toEqual([["user note"]]);
  });

  test("writeTableColumn writes only the given rows of one column", async () => {
    const wb = await build([
      { op: "ensureSheet", sheet: "S" },
      { op: "createTable", table: "T", sheet: "S", topLeft: "A1", headers: ["a", "b"] },
      {
        op: "appendRows",
        table: "T",
        rows: [
          ["x", 1],
          ["y", 2],
          ["z", 3],
        ],
      },
      {
        op: "writeTableColumn",
        table: "T",
        column: "b",
        rowIndexes: [0, 2],
        cells: [10, { formula: "=1+2", result: 3 }],
      },
    ]);
    const back = await roundTrip(wb);
    expect((await back.readTables(["T"], { formulas: true })).get("T")).toMatchObject({
      values: [
        ["x", 10],
        ["y", 2],
        ["z", 3],
      ],
      formulas: [
        [null, null],
        [null, null],
        [null, "=1+2"],
      ],
    });
    await expect(
      wb.apply([{ op: "writeTableColumn", table: "T", column: "nope", rowIndexes: [0], cells: [1] }]),
    ).rejects.toMatchObject({ code: "table-missing" });
  });

  test("replaceTable rebuilds an owned table; clearRange empties an area", async () => {
    const wb = await build([
      { op: "ensureSheet", sheet: "R" },
      {
        op: "replaceTable",
        table: "Review",
        sheet: "R",
        topLeft: "A3",
        headers: ["k", "v"],
        rows: [
          ["a", 1],
          ["b", 2],
          ["c", 3],
        ],
        numberFormats: [null, "0.00%"],
      },
      { op: "writeCells", sheet: "R", topLeft: "A1", cells: [["title"]] },
    ]);
    await wb.apply([
      {
        op: "replaceTable",
        table: "Review",
        sheet: "R",
        topLeft: "A3",
        headers: ["k", "v", "w"],
        rows: [["z", 9, true]],
      },
    ]);
    let back = await roundTrip(wb);
    const t = (await back.readTables(["Review"])).get("Review")!;
    expect(t.table).toMatchObject({ address: "A3:C4", headers: ["k", "v", "w"], rowCount: 1 });
    expect(await back.readRange("R", "A3:C6")).toEqual([
      ["k", "v", "w"],
      ["z", 9, true],
      [null, null, null],
      [null, null, null],
    ]);
    expect(tableParts(await back.toBytes())).toHaveLength(1);
    await back.apply([{ op: "clearRange", sheet: "R", address: "A1:A1" }]);
    back = await roundTrip(back);
    expect(await back.readRange("R", "A1:A1")).toEqual([[null]]);
  });
});

describe("xlsx adapter: sheets, names, protection", () => {
  test("ensureSheet places a new sheet at its index and keeps existing ones; sheet-local names follow their sheet", async () => {
    const wb = await build([
      { op: "ensureSheet", sheet: "B" },
      { op: "ensureSheet", sheet: "C" },
    ]);
    // A sheet-local name, as Excel writes a print area: added by hand in the package.
    const { unzipSync, zipSync, strFromU8, strToU8 } = await import("fflate");
    const files = unzipSync(await wb.toBytes());
    const wbXml = strFromU8(files["xl/workbook.xml"]);
    files["xl/workbook.xml"] = strToU8(
      wbXml.replace(
        "</sheets>",
        `</sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="1">C!$A$1:$B$2</definedName></definedNames>`,
      ),
    );
    const reopened = await XlsxWorkbook.fromBytes(zipSync(files));
    await reopened.apply([
      { op: "ensureSheet", sheet: "A", index: 0 },
      { op: "ensureSheet", sheet: "B", index: 2 },
    ]);
    const out = await reopened.toBytes();
    const back = await XlsxWorkbook.fromBytes(out);
    expect((await back.readState()).sheets.map((s) => s.name)).toEqual(["A", "B", "C"]);
    expect(parts(out)["xl/workbook.xml"]).toContain(
      `<definedName name="_xlnm.Print_Area" localSheetId="2">C!$A$1:$B$2</definedName>`,
    );
  });

  test("defined names are replaced by name, not duplicated", async () => {
    const wb = await build([
      { op: "ensureSheet", sheet: "S" },
      { op: "setDefinedName", name: "LF_X", formula: "=S!$A$1" },
      { op: "setDefinedName", name: "lf_x", formula: "=S!$B$1", comment: "why" },
    ]);
    const back = await roundTrip(wb);
    expect((await back.readState()).names).toEqual([{ name: "lf_x", formula: "=S!$B$1" }]);
  });

  test("protect and unprotect a sheet; unlocked cells stay editable", async () => {
    const wb = await build([
      { op: "ensureSheet", sheet: "S" },
      { op: "writeCells", sheet: "S", topLeft: "A1", cells: [["a", "b"]] },
      {
        op: "protectSheet",
        sheet: "S",
        options: {
          password: "pw",
          allowInsertRows: true,
          allowSort: true,
          allowAutoFilter: true,
          allowFormatColumns: false,
        },
        unlockedAddresses: ["A1:A1"],
      },
    ]);
    const bytes = await wb.toBytes();
    const back = await XlsxWorkbook.fromBytes(bytes);
    expect((await back.readState()).sheets[0].protected).toBe(true);
    const sheetXml = parts(bytes)["xl/worksheets/sheet1.xml"];
    expect(sheetXml).toMatch(/<sheetProtection[^>]*sheet="1"/);
    expect(sheetXml).toMatch(/<sheetProtection[^>]*hashValue="/);
    await back.apply([{ op: "unprotectSheet", sheet: "S", password: "pw" }]);
    expect((await (await roundTrip(back)).readState()).sheets[0].protected).toBe(false);
  });

  test("custom properties written by others are kept", async () => {
    const wb = await build([
      { op: "ensureSheet", sheet: "S" },
      { op: "setProperty", key: "LeadFlow.locale", value: "en-US" },
    ]);
    const { unzipSync, zipSync, strFromU8, strToU8 } = await import("fflate");
    const files = unzipSync(await wb.toBytes());
    const xml = strFromU8(files["docProps/custom.xml"]);
    files["docProps/custom.xml"] = strToU8(
      xml.replace(
        "</Properties>",
        `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="9" name="Dept"><vt:i4>42</vt:i4></property></Properties>`,
      ),
    );
    const reopened = await XlsxWorkbook.fromBytes(zipSync(files));
    await reopened.apply([{ op: "setProperty", key: "LeadFlow.locale", value: "zh-CN" }]);
    const out = await reopened.toBytes();
    expect((await (await XlsxWorkbook.fromBytes(out)).readState()).properties).toEqual({
      "LeadFlow.locale": "zh-CN",
      Dept: "42",
    });
    expect(parts(out)["docProps/custom.xml"]).toContain("<vt:i4>42</vt:i4>");
  });
});

describe("xlsx adapter: files and errors", () => {
  const fixture = join(__dirname, "..", "fixtures", "existing-with-chart-pivot-image.xlsx");
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  test("save + open: a missing file with create gives a new workbook; the saved file opens again", async () => {
    const path = join(tmp.dir, "new.xlsx");
    const { workbook, existed } = await openWorkbookFile(path, { create: true });
    expect(existed).toBe(false);
    await workbook.apply(basePlan());
    await saveWorkbookFile(workbook, path);
    const again = await openWorkbookFile(path);
    expect(again.existed).toBe(true);
    expect((await again.workbook.readState()).tables).toHaveLength(2);
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(tmp.dir)).toEqual(["new.xlsx"]); // no temp file left behind
  });

  test("a workbook with a chart and a pivot table is read, but never rewritten", async () => {
    const { copyFileSync, readFileSync } = await import("node:fs");
    const path = join(tmp.dir, "user.xlsx");
    copyFileSync(fixture, path);
    const original = readFileSync(path);
    const { workbook } = await openWorkbookFile(path);
    expect((await workbook.readState()).sheets.map((s) => s.name)).toEqual(["销售数据", "透视"]);
    expect(workbook.foreignContent.map((f) => f.kind).sort()).toEqual(["chart", "pivotCache", "pivotTable"]);
    await workbook.apply([{ op: "ensureSheet", sheet: "线索信息" }]);
    const err = await saveWorkbookFile(workbook, path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkbookError);
    expect(err).toMatchObject({ code: "would-lose-content" });
    const message = (err as Error).message;
    expect(message).toContain("charts");
    expect(message).toContain("pivot tables");
    expect(message).toContain("图表");
    expect(message).toContain("数据透视表");
    expect((err as WorkbookError).detail).toContain("xl/charts/chart1.xml");
    expect(readFileSync(path).equals(original)).toBe(true);
  });

  test("macros, slicers and threaded comments are named too", async () => {
    const { zipSync, unzipSync } = await import("fflate");
    const base = unzipSync(await (await build([{ op: "ensureSheet", sheet: "S" }])).toBytes());
    const bytes = zipSync({
      ...base,
      "xl/vbaProject.bin": new Uint8Array([1, 2]),
      "xl/slicers/slicer1.xml": new Uint8Array([60]),
      "xl/threadedComments/threadedComment1.xml": new Uint8Array([60]),
    });
    const wb = await XlsxWorkbook.fromBytes(bytes);
    expect(wb.foreignContent.map((f) => f.kind).sort()).toEqual(["macros", "slicer", "threadedComments"]);
    expect(wb.rewriteRefusal()?.message).toMatch(/slicers, macros \(VBA project\), threaded comments/);
  });

  test("error codes: not-found, not-xlsx, unreadable", async () => {
    await expect(openWorkbookFile(join(tmp.dir, "missing.xlsx"))).rejects.toMatchObject({ code: "not-found" });
    const text = join(tmp.dir, "notes.xlsx");
    writeFileSync(text, "just text");
    await expect(openWorkbookFile(text)).rejects.toMatchObject({ code: "not-xlsx" });
    const csv = join(tmp.dir, "leads.csv");
    writeFileSync(csv, "a,b\n");
    await expect(openWorkbookFile(csv)).rejects.toMatchObject({ code: "not-xlsx" });
    await expect(openWorkbookFile(join(tmp.dir, "new.csv"), { create: true })).rejects.toMatchObject({
      code: "not-xlsx",
    });
    const xls = join(tmp.dir, "old.xlsx");
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    await expect(openWorkbookFile(xls)).rejects.toMatchObject({
      code: "not-xlsx",
      message: expect.stringContaining(".xls"),
    });
    const good = await (await build(basePlan())).toBytes();
    const truncated = join(tmp.dir, "cut.xlsx");
    writeFileSync(truncated, good.subarray(0, Math.floor(good.length / 2)));
    await expect(openWorkbookFile(truncated)).rejects.toMatchObject({ code: "unreadable" });
    await expect(openWorkbookFile(tmp.dir + "/")).rejects.toBeInstanceOf(WorkbookError);
  });

  test("a failed save leaves the original untouched and no temp file", async () => {
    const { mkdirSync, readdirSync, writeFileSync: write } = await import("node:fs");
    // The target is a non-empty folder: the final rename fails after the temp file was written.
    const target = join(tmp.dir, "busy.xlsx");
    mkdirSync(target);
    write(join(target, "keep"), "x");
    const wb = await build([{ op: "ensureSheet", sheet: "S" }]);
    await expect(saveWorkbookFile(wb, target)).rejects.toBeInstanceOf(WorkbookError);
    expect(readdirSync(tmp.dir)).toEqual(["busy.xlsx"]);
    expect(readdirSync(target)).toEqual(["keep"]);
    await expect(saveWorkbookFile(wb, join(tmp.dir, "no-such-folder", "x.xlsx"))).rejects.toMatchObject({
      code: "not-found",
    });
  });

  test("file-system errors map to stable codes with both languages", async () => {
    const { fileError } = await import("../../src/workbook/xlsx/file");
    for (const code of ["EACCES", "EBUSY", "EPERM"]) {
      const e = fileError(Object.assign(new Error(code), { code }), "/x/book.xlsx", true);
      expect(e.code).toBe("locked");
      expect(e.message).toMatch(/book\.xlsx.*\/.*book\.xlsx/);
    }
    expect(fileError(Object.assign(new Error("x"), { code: "ENOENT" }), "/x/book.xlsx", false).code).toBe("not-found");
  });
});

describe("xlsx adapter: content exceljs does carry", () => {
  test("an image and a cell note survive open + install-like changes + save", async () => {
    const ExcelJS = await import("exceljs");
    const user = new ExcelJS.Workbook();
    const ws = user.addWorksheet("销售数据");
    ws.getCell("A1").value = "客户";
    ws.getCell("A2").value = "甲公司";
    ws.getCell("A2").note = "重点客户";
    // A 1×1 PNG.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    const imageId = user.addImage({ buffer: png, extension: "png" } as never);
    ws.addImage(imageId, "C3:D5");
    const bytes = new Uint8Array((await user.xlsx.writeBuffer()) as ArrayBuffer);

    const wb = await XlsxWorkbook.fromBytes(bytes);
    expect(wb.foreignContent).toEqual([]);
    await wb.apply(basePlan());
    const out = await wb.toBytes();
    const p = parts(out);
    expect(Object.keys(p).filter((k) => k.startsWith("xl/media/"))).toHaveLength(1);
    expect(Object.keys(p).some((k) => /^xl\/comments\d*\.xml$/.test(k))).toBe(true);
    expect(Object.values(p).some((x) => x.includes("重点客户"))).toBe(true);
    const back = await XlsxWorkbook.fromBytes(out);
    expect(await back.readRange("销售数据", "A1:A2")).toEqual([["客户"], ["甲公司"]]);
  });
});

describe("xlsx adapter: saving over an existing file", () => {
  test("the replacement keeps the original's permissions", async () => {
    const { chmodSync, statSync } = await import("node:fs");
    const tmp = tempDir();
    try {
      const path = join(tmp.dir, "private.xlsx");
      const wb = XlsxWorkbook.create();
      await wb.apply([{ op: "ensureSheet", sheet: "S" }]);
      await saveWorkbookFile(wb, path);
      chmodSync(path, 0o600);
      await wb.apply([{ op: "writeCells", sheet: "S", topLeft: "A1", cells: [["x"]] }]);
      await saveWorkbookFile(wb, path);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(await (await openWorkbookFile(path)).workbook.readRange("S", "A1")).toEqual([["x"]]);
    } finally {
      tmp.cleanup();
    }
  });
});
