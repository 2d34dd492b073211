import type { Change } from "../../src/domain/plan/changes";
import { charactersToPoints } from "../../src/workbook/office/officeWorkbook";
import { SelectableOfficeWorkbook } from "../../src/workbook/office/selection";
import { seedTable } from "../fakes/excel";
import { officeOnFake } from "../support/officeFake";

/** (a) Every Change op applied through the adapter lands in the fake workbook as planned. */
describe("Office adapter applies every Change op", () => {
  const plan: Change[] = [
    { op: "ensureSheet", sheet: "Data", index: 0, tabColor: "#336699" },
    { op: "ensureSheet", sheet: "Hidden", hidden: true },
    { op: "ensureSheet", sheet: "Sheet1" }, // exists: untouched
    {
      op: "createTable",
      table: "People",
      sheet: "Data",
      topLeft: "B2",
      headers: ["Name", "Phone", "Joined"],
      style: "TableStyleLight9",
    },
    { op: "addColumns", table: "People", headers: ["Score", "Phone"] }, // Phone exists already: not duplicated
    {
      op: "appendRows",
      table: "People",
      rows: [
        ["Ann", "13812345678", 45413, { formula: "=LEN(People[[#This Row],[Name]])" }],
        ["=cmd|' /C calc'!A0", "+86 138 0000 0000", 45414, { formula: "=LEN(People[[#This Row],[Name]])" }],
        ["Bob", "-5", null, { formula: "=LEN(People[[#This Row],[Name]])" }],
      ],
    },
    { op: "writeTableColumn", table: "People", column: "Joined", rowIndexes: [2, 0], cells: [45500, 45400] },
    {
      op: "writeCells",
      sheet: "Hidden",
      topLeft: "C3",
      cells: [
        ["label", 1.5, true],
        [{ formula: "=C4*2", result: 2 }, null, "@home"],
      ],
      numberFormats: [null, "0.00", null],
    },
    {
      op: "replaceTable",
      table: "Review",
      sheet: "Hidden",
      topLeft: "A10",
      headers: ["Source", "Leads"],
      rows: [
        ["Web", 3],
        ["Fair", 2],
        ["Ads", 1],
      ],
      numberFormats: [null, "0"],
    },
    {
      op: "replaceTable",
      table: "Review",
      sheet: "Hidden",
      topLeft: "A10",
      headers: ["Source", "Leads"],
      rows: [["Web", 4]],
      numberFormats: [null, "0"],
    },
    { op: "clearRange", sheet: "Hidden", address: "C3:C3" },
    {
      op: "setValidation",
      sheet: "Data",
      address: "B3:B5",
      validation: {
        rule: { kind: "list", source: "=LF_List_names" },
        allowBlank: true,
        prompt: { title: "Name", message: "Pick from the list" },
        error: { title: "Not in list", message: "Use the dropdown", style: "stop" },
      },
    },
    {
      op: "setValidation",
      sheet: "Data",
      address: "D3:D5",
      validation: {
        rule: { kind: "date", operator: "greaterThanOrEqual", formula1: "=DATE(2000,1,1)" },
        allowBlank: true,
      },
    },
    {
      op: "setValidation",
      sheet: "Data",
      address: "E3:E5",
      validation: {
        rule: { kind: "whole", operator: "between", formula1: "0", formula2: "100" },
        allowBlank: false,
        error: { title: "Range", message: "0-100", style: "warning" },
      },
    },
    {
      op: "setValidation",
      sheet: "Data",
      address: "F3:F5",
      validation: { rule: { kind: "custom", formula: "=LEN(F3)<20" }, allowBlank: true },
    },
    {
      op: "setValidation",
      sheet: "Hidden",
      address: "A1:A2",
      validation: { rule: { kind: "decimal", operator: "greaterThan", formula1: "0" }, allowBlank: true },
    },
    {
      op: "setValidation",
      sheet: "Hidden",
      address: "B1:B2",
      validation: { rule: { kind: "textLength", operator: "lessThanOrEqual", formula1: "10" }, allowBlank: true },
    },
    {
      op: "setConditionalFormats",
      sheet: "Data",
      address: "B3:F5",
      formats: [
        { formula: '=$B3=""', fill: "#FFC7CE", stopIfTrue: true },
        { formula: "=LEN($C3)<>11", fontColor: "#9C0006", bold: true },
      ],
    },
    { op: "setNumberFormat", sheet: "Data", address: "D3:D5", format: "yyyy-mm-dd" },
    {
      op: "setColumnWidths",
      sheet: "Data",
      widths: [
        { column: "B", width: 20 },
        { column: "C", width: 12 },
      ],
    },
    {
      op: "setFont",
      sheet: "Data",
      address: "B2:F2",
      bold: true,
      color: "#FFFFFF",
      fill: "#1F4E78",
      size: 12,
      wrap: true,
    },
    { op: "freezePanes", sheet: "Data", rows: 2, columns: 1 },
    { op: "groupColumns", sheet: "Data", fromColumn: "E", toColumn: "F" },
    { op: "setDefinedName", name: "LF_List_names", formula: "=Hidden!$A$11:$A$11", comment: "names" },
    { op: "setDefinedName", name: "LF_AsOf", formula: "=Hidden!$B$1" },
    { op: "setProperty", key: "LeadFlow.locale", value: "en-US" },
    {
      op: "protectSheet",
      sheet: "Hidden",
      options: {
        allowInsertRows: true,
        allowSort: true,
        allowAutoFilter: true,
        allowFormatColumns: false,
        password: "pw",
      },
      unlockedAddresses: ["A1:B2"],
    },
    {
      op: "protectSheet",
      sheet: "Data",
      options: { allowInsertRows: false, allowSort: false, allowAutoFilter: false, allowFormatColumns: false },
      unlockedAddresses: [],
    },
    { op: "unprotectSheet", sheet: "Data" },
  ];

  test("the fake workbook holds exactly what the plan asked for (ExcelApi 1.8 host)", async () => {
    const { host, wb } = officeOnFake({ excelApi: "1.8" });
    await wb.apply(plan);
    const st = host.state;

    // sheets: order, colour, visibility
    expect(st.sheets.map((s) => s.name)).toEqual(["Data", "Sheet1", "Hidden"]);
    expect(st.mustSheet("Data").tabColor).toBe("#336699");
    expect(st.mustSheet("Hidden").visibility).toBe("Hidden");

    // table: headers, placeholder row reused, rows appended, text kept as text
    expect(st.tableHeaders("People")).toEqual(["Name", "Phone", "Joined", "Score"]);
    expect(st.tableAddress("People")).toBe("B2:E5");
    const body = st.tableBody("People");
    expect(body.map((r) => r[0]!.value)).toEqual(["Ann", "=cmd|' /C calc'!A0", "Bob"]);
    expect(body.map((r) => r[1]!.value)).toEqual(["13812345678", "+86 138 0000 0000", "-5"]);
    for (const r of body) for (const c of r.slice(0, 2)) expect(c.formula).toBeNull();
    expect(body.map((r) => r[2]!.value)).toEqual([45400, 45414, 45500]); // writeTableColumn overwrote rows 0 and 2
    expect(body.map((r) => r[3]!.formula)).toEqual(Array(3).fill("=LEN(People[[#This Row],[Name]])"));

    // writeCells with formats, then clearRange of C3
    expect(st.cellAt("Hidden", "C3").value).toBe("");
    expect(st.cellAt("Hidden", "D3").value).toBe(1.5);
    expect(st.cellAt("Hidden", "D3").numberFormat).toBe("0.00");
    expect(st.cellAt("Hidden", "E3").value).toBe(true);
    expect(st.cellAt("Hidden", "C4").formula).toBe("=C4*2");
    expect(st.cellAt("Hidden", "E4").value).toBe("@home");
    expect(st.cellAt("Hidden", "E4").formula).toBeNull();

    // replaceTable twice: the second is smaller and the old rows are gone
    expect(st.tableAddress("Review")).toBe("A10:B11");
    expect(st.tableHeaders("Review")).toEqual(["Source", "Leads"]);
    expect(st.tableBody("Review").map((r) => r.map((c) => c.value))).toEqual([["Web", 4]]);
    expect(st.cellAt("Hidden", "A12").value).toBe("");
    expect(st.cellAt("Hidden", "B13").value).toBe("");
    expect(st.tables.filter((t) => t.name === "Review")).toHaveLength(1);

    // validations
    const list = st.validationAt("Data", "B4")!;
    expect(list.rule).toEqual({ list: { inCellDropDown: true, source: "=LF_List_names" } });
    expect(list.prompt).toEqual({ showPrompt: true, title: "Name", message: "Pick from the list" });
    expect(list.errorAlert).toEqual({
      showAlert: true,
      style: "Stop",
      title: "Not in list",
      message: "Use the dropdown",
    });
    expect(st.validationAt("Data", "D3")!.rule).toEqual({
      date: { formula1: "=DATE(2000,1,1)", operator: "GreaterThanOrEqualTo" },
    });
    const whole = st.validationAt("Data", "E5")!;
    expect(whole.rule).toEqual({ wholeNumber: { formula1: "0", formula2: "100", operator: "Between" } });
    expect(whole.ignoreBlanks).toBe(false);
    expect(whole.errorAlert?.style).toBe("Warning");
    expect(st.validationAt("Data", "F3")!.rule).toEqual({ custom: { formula: "=LEN(F3)<20" } });
    expect(st.validationAt("Hidden", "A1")!.rule).toEqual({ decimal: { formula1: "0", operator: "GreaterThan" } });
    expect(st.validationAt("Hidden", "B2")!.rule).toEqual({
      textLength: { formula1: "10", operator: "LessThanOrEqualTo" },
    });

    // conditional formats in plan order, custom type
    const cfs = st.conditionalFormatsAt("Data", "C4");
    expect(cfs.map((c) => [c.type, c.formula, c.fill, c.fontColor, c.bold, c.stopIfTrue])).toEqual([
      ["Custom", '=$B3=""', "#FFC7CE", undefined, undefined, true],
      ["Custom", "=LEN($C3)<>11", undefined, "#9C0006", true, undefined],
    ]);

    // formats, widths (points), font, panes
    for (const a of ["D3", "D4", "D5"]) expect(st.cellAt("Data", a).numberFormat).toBe("yyyy-mm-dd");
    expect(st.mustSheet("Data").columnWidths.get(1)).toBeCloseTo(((20 * 7 + 5) * 3) / 4, 1);
    expect(st.mustSheet("Data").columnWidths.get(2)).toBe(charactersToPoints(12));
    const header = st.cellAt("Data", "C2");
    expect([header.bold, header.fontColor, header.fill, header.fontSize, header.wrap]).toEqual([
      true,
      "#FFFFFF",
      "#1F4E78",
      12,
      true,
    ]);
    expect(st.mustSheet("Data").frozen).toEqual({ rows: 2, columns: 1 });

    // column groups need ExcelApi 1.10: skipped with a note on a 1.8 host
    expect(st.mustSheet("Data").groupedColumns).toEqual([]);
    expect(wb.lastStats?.skipped.join(" ")).toMatch(/groupColumns.*1\.10/);
    expect(host.stats.apiNotFound).toEqual([]);

    // names, property, protection
    expect(st.names).toEqual([
      { name: "LF_List_names", formula: "=Hidden!$A$11:$A$11", comment: "names" },
      { name: "LF_AsOf", formula: "=Hidden!$B$1", comment: "" },
    ]);
    expect(st.customProperties.get("LeadFlow.locale")).toBe("en-US");
    expect(st.mustSheet("Hidden").protection).toEqual({
      on: true,
      password: "pw",
      options: { allowInsertRows: true, allowSort: true, allowAutoFilter: true, allowFormatColumns: false },
    });
    expect(st.mustSheet("Data").protection.on).toBe(false);

    // every cell write ran with calculation suspended and events off; events restored after
    expect(host.stats.cellWrites).toBeGreaterThan(0);
    expect(host.stats.writesWithoutCalcSuspended).toBe(0);
    expect(host.stats.writesWithEventsEnabled).toBe(0);
    expect(st.eventsEnabled).toBe(true);
  });

  test("a 1.10 host groups the columns; a 1.9 host also suspends screen updating", async () => {
    const { host, wb } = officeOnFake({ excelApi: "1.10" });
    await wb.apply(plan);
    expect(host.state.mustSheet("Data").groupedColumns).toEqual([{ c0: 4, c1: 5 }]);
    expect(wb.lastStats?.skipped).toEqual([]);
    expect(host.stats.screenUpdatingSuspensions).toBeGreaterThan(0);
  });

  test("re-applying the names and an existing table is idempotent; a changed name formula is updated", async () => {
    const { host, wb } = officeOnFake();
    await wb.apply(plan.filter((c) => c.op !== "protectSheet"));
    const before = host.state.snapshotCells();
    await wb.apply([
      { op: "createTable", table: "People", sheet: "Data", topLeft: "B2", headers: ["Name", "Phone", "Joined"] },
      { op: "setDefinedName", name: "LF_AsOf", formula: "=Hidden!$B$2" },
    ]);
    expect(host.state.snapshotCells()).toEqual(before);
    expect(host.state.names.find((n) => n.name === "LF_AsOf")?.formula).toBe("=Hidden!$B$2");
  });

  test("readState, readTables (values and formulas) and readRange report what is there", async () => {
    const { host, wb } = officeOnFake();
    seedTable(host.state, {
      sheet: "Leads sheet",
      table: "Leads",
      topLeft: "A1",
      headers: ["ID", "Name", "Calc"],
      rows: [
        ["L-1", "Ann", 1],
        ["L-2", "", 2],
      ],
    });
    host.state.mustSheet("Leads sheet").ensureCell(2, 2).formula = "=1+1";
    seedTable(host.state, { sheet: "Other", table: "Empty", topLeft: "C5", headers: ["A", "B"], rows: [] });
    host.state.customProperties.set("LeadFlow.locale", "zh-CN");
    host.state.names.push({ name: "LF_X", formula: "=Other!$A$1", comment: "" });
    host.state.mustSheet("Other").protection = { on: true };

    const state = await wb.readState();
    expect(state.sheets).toEqual([
      { name: "Sheet1", visible: true, protected: false },
      { name: "Leads sheet", visible: true, protected: false },
      { name: "Other", visible: true, protected: true },
    ]);
    expect(state.tables).toEqual([
      { name: "Leads", sheet: "Leads sheet", address: "A1:C3", headers: ["ID", "Name", "Calc"], rowCount: 2 },
      { name: "Empty", sheet: "Other", address: "C5:D6", headers: ["A", "B"], rowCount: 0 },
    ]);
    expect(state.names).toEqual([{ name: "LF_X", formula: "=Other!$A$1" }]);
    expect(state.properties).toEqual({ "LeadFlow.locale": "zh-CN" });

    const tables = await wb.readTables(["Leads", "Empty", "Missing"], { formulas: true });
    expect([...tables.keys()]).toEqual(["Leads", "Empty"]);
    const leads = tables.get("Leads")!;
    expect(leads.firstRow).toBe(2);
    // A formula cell reads as its (cached) value.
    expect(leads.values).toEqual([
      ["L-1", "Ann", 1],
      ["L-2", null, 2],
    ]);
    expect(leads.formulas).toEqual([
      [null, null, null],
      [null, null, "=1+1"],
    ]);
    expect(tables.get("Empty")!.values).toEqual([]);
    expect(await wb.readRange("Leads sheet", "A1:B2")).toEqual([
      ["ID", "Name"],
      ["L-1", "Ann"],
    ]);
  });
});

describe("selection (for the task pane's quick entry, import and Check)", () => {
  test("readSelection returns the used part of the selection; selectRange selects", async () => {
    const { host } = officeOnFake();
    const wb = new SelectableOfficeWorkbook({ run: host.run, requirements: host.requirements });
    seedTable(host.state, {
      sheet: "Leads sheet",
      table: "Leads",
      headers: ["ID", "Name"],
      rows: [
        ["L-1", "Ann"],
        ["L-2", "Bob"],
      ],
    });
    await wb.selectRange("Leads sheet", "A2:B3");
    expect(host.state.selection).toEqual({
      sheetId: host.state.mustSheet("Leads sheet").id,
      rect: { r0: 1, c0: 0, r1: 2, c1: 1 },
    });
    expect(await wb.readSelection()).toEqual({
      sheet: "Leads sheet",
      address: "A2:B3",
      values: [
        ["L-1", "Ann"],
        ["L-2", "Bob"],
      ],
    });
    // Whole columns selected: only the used rows are read.
    await wb.selectRange("Leads sheet", "B:B");
    expect(await wb.readSelection()).toEqual({
      sheet: "Leads sheet",
      address: "B1:B3",
      values: [["Name"], ["Ann"], ["Bob"]],
    });
    await wb.selectRange("Leads sheet", "D5:E5");
    expect(await wb.readSelection()).toEqual({ sheet: "Leads sheet", address: "D5:E5", values: [[null, null]] });
  });
});
