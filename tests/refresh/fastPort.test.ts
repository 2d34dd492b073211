/**
 * The fast Refresh package layer on its own: reads what exceljs wrote, splices
 * cells without touching the rest, keeps untouched parts byte for byte, and
 * refuses what it cannot edit safely.
 */
import ExcelJS from "exceljs";
import { FastXlsxPort, UnsupportedPackage } from "../../src/workbook/xlsx/package/fastPort";
import { readZip, writeZip, inflateEntry, makeEntry } from "../../src/workbook/xlsx/package/zip";
import { scanSheet, parseSharedStrings } from "../../src/workbook/xlsx/package/xml";
import { toByteText } from "../../src/workbook/xlsx/package/byteText";
import { writtenCells } from "../support/xlsxInspect";

async function sampleBook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("线索信息");
  ws.addTable({
    name: "Leads",
    ref: "A1",
    headerRow: true,
    columns: [{ name: "Lead ID" }, { name: "Customer" }, { name: "Created" }, { name: "Last follow-up" }],
    rows: [
      ["L-1", "Acme & Co <x>", 45413, null],
      ["L-2", "  spaced  ", 45000.5, 3],
      ["L-3", "Beta", null, null],
    ],
  });
  ws.getCell("F1").value = "outside the table";
  wb.addWorksheet("Funnel");
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function exceljsValues(bytes: Uint8Array, sheet: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(sheet)!;
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const vals: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (c, col) => {
      const v = c.value as unknown;
      vals[col - 1] =
        v && typeof v === "object" && "formula" in (v as object)
          ? { f: (v as { formula: string }).formula, r: (v as { result?: unknown }).result }
          : v;
    });
    out[n - 1] = vals;
  });
  return out;
}

describe("zip layer", () => {
  test("a read + write without edits gives back every part's bytes", async () => {
    const bytes = await sampleBook();
    const entries = readZip(bytes);
    const again = readZip(writeZip(entries));
    expect(again.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    again.forEach((e, i) =>
      expect(Buffer.from(inflateEntry(e)).equals(Buffer.from(inflateEntry(entries[i])))).toBe(true),
    );
  });
});

describe("xml scanning", () => {
  test("shared strings with rich runs, entities, phonetic runs and escapes", () => {
    const xml =
      '<sst><si><t>a&amp;b</t></si><si><r><t>x</t></r><r><rPr/><t xml:space="preserve"> y</t></r></si><si><t>中文</t><rPh><t>ちゅう</t></rPh></si><si><t>line_x000A_2</t></si><si/></sst>';
    expect(parseSharedStrings(xml)).toEqual(["a&b", "x y", "中文", "line\n2", ""]);
  });

  test("cells: shared, inline, str, booleans, errors, implied references, shared formulas", () => {
    const xml =
      "<worksheet><sheetData>" +
      '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="inlineStr"><is><t>=HYPERLINK("x")</t></is></c><c r="C1" t="b"><v>1</v></c></row>' +
      '<row r="2"><c r="A2"><f t="shared" ref="A2:A3" si="0">B2*2</f><v>4</v></c><c t="e"><v>#N/A</v></c><c r="D2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>' +
      '<row r="3"><c r="A3"><f t="shared" si="0"/><v>6</v></c><c r="C3" s="1"/></row>' +
      "</sheetData></worksheet>";
    const got: Record<string, unknown> = {};
    scanSheet(toByteText(xml), 1, 3, ["zero", "one"], (row, c) => (got[`${c.col}:${row}`] = [c.value, c.formula]));
    expect(got).toEqual({
      "1:1": ["one", null],
      "2:1": ['=HYPERLINK("x")', null],
      "3:1": [true, null],
      "1:2": [4, "=B2*2"],
      "2:2": ["#N/A", null],
      "4:2": ["ab", '="a"&"b"'],
      "1:3": [6, "=B2*2"],
      "3:3": [null, null],
    });
  });
});

describe("worksheets as byte text (one character per UTF-8 byte)", () => {
  const texts = ["线索-20240601-001", "Café 😀 客户", "a&b <c>", "  前后空格  ", "x"];

  test("cell text comes back decoded: CJK, emoji, entities, structured references", () => {
    const xml =
      "<worksheet><sheetData>" +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>线索-001</t></is></c><c r="B1" t="inlineStr"><is><r><t>😀</t></r><r><t xml:space="preserve"> 客户</t></r></is></c>' +
      '<c r="C1" t="inlineStr"><is><t>&#x4E2D;文&amp;</t></is></c></row>' +
      '<row r="2"><c r="A2" t="str"><f>Leads[[#This Row],[客户名称]]&amp;"é"</f><v>张三é</v></c><c r="B2" t="inlineStr"><is><t>线索-001</t></is></c></row>' +
      "</sheetData></worksheet>";
    const got: Record<string, unknown> = {};
    const pool = { inline: new Map<string, string>(), result: new Map<string, string>() };
    const byText = toByteText(xml);
    expect(byText.length).toBe(Buffer.byteLength(xml, "utf8"));
    scanSheet(byText, 1, 2, [], (row, c) => (got[`${c.col}:${row}`] = [c.value, c.formula]), pool);
    expect(got).toEqual({
      "1:1": ["线索-001", null],
      "2:1": ["😀 客户", null],
      "3:1": ["中文&", null],
      "1:2": ["张三é", '=Leads[[#This Row],[客户名称]]&"é"'],
      "2:2": ["线索-001", null],
    });
    // The same cell XML twice gives the very same string object (decoded once).
    const seen: string[] = [];
    scanSheet(byText, 1, 2, [], (_r, c) => typeof c.value === "string" && seen.push(c.value), pool);
    expect(seen[0]).toBe(seen[4]);
  });

  test("text written into a sheet reads back as written, and the file stays valid UTF-8", async () => {
    const port = new FastXlsxPort(await sampleBook());
    await port.apply([
      { op: "writeTableColumn", table: "Leads", column: "Customer", rowIndexes: [0, 1], cells: [texts[1], texts[2]] },
      { op: "ensureSheet", sheet: "复盘" },
      { op: "writeCells", sheet: "复盘", topLeft: "A1", cells: [texts] },
    ]);
    const bytes = port.save();
    const again = new FastXlsxPort(bytes);
    expect((await again.readRange("复盘", "A1:E1"))[0]).toEqual(texts);
    const leads = (await again.readTables(["Leads"])).get("Leads")!;
    expect(leads.values.map((r) => r[1])).toEqual([texts[1], texts[2], "Beta"]);
    // exceljs (a separate XML parser) reads the same text.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(wb.getWorksheet("复盘")!.getRow(1).values).toEqual([undefined, ...texts]);
    expect(wb.getWorksheet("线索信息")!.getCell("B2").value).toBe(texts[1]);
  });
});

describe("FastXlsxPort", () => {
  test("sees the protection of a sheet with no cells (<sheetData/>, protection after it)", async () => {
    const entries = readZip(await sampleBook());
    const funnel = entries.find((e) => e.name === "xl/worksheets/sheet2.xml")!;
    const xml = Buffer.from(inflateEntry(funnel))
      .toString("utf8")
      .replace(/<sheetData>\s*<\/sheetData>|<sheetData\/>/, '<sheetData/><sheetProtection sheet="1"/>');
    expect(xml).toContain('<sheetData/><sheetProtection sheet="1"/>');
    const bytes = writeZip(entries.map((e) => (e === funnel ? makeEntry(e.name, Buffer.from(xml, "utf8")) : e)));
    const sheets = (await new FastXlsxPort(bytes).readState()).sheets;
    expect(sheets.map((s) => [s.name, s.protected])).toEqual([
      ["线索信息", false],
      ["Funnel", true],
    ]);
  });

  test("reads tables as exceljs wrote them", async () => {
    const port = new FastXlsxPort(await sampleBook());
    const state = await port.readState();
    expect(state.tables).toEqual([
      {
        name: "Leads",
        sheet: "线索信息",
        address: "A1:D4",
        headers: ["Lead ID", "Customer", "Created", "Last follow-up"],
        rowCount: 3,
      },
    ]);
    const t = (await port.readTables(["Leads", "Missing"])).get("Leads")!;
    expect(t.firstRow).toBe(2);
    expect(t.values).toEqual([
      ["L-1", "Acme & Co <x>", 45413, null],
      ["L-2", "  spaced  ", 45000.5, 3],
      ["L-3", "Beta", null, null],
    ]);
  });

  test("splices owned cells and appended rows; leaves every other cell and part as it was", async () => {
    const before = await sampleBook();
    const port = new FastXlsxPort(before);
    await port.apply([
      { op: "writeTableColumn", table: "Leads", column: "Last follow-up", rowIndexes: [0, 2], cells: [45001.25, 7] },
      { op: "appendRows", table: "Leads", rows: [["L-4", "=SUM(1)", 45100, { formula: "=1+2", result: 3 }]] },
      { op: "ensureSheet", sheet: "Due list" },
      {
        op: "replaceTable",
        table: "ReviewDue",
        sheet: "Due list",
        topLeft: "A6",
        headers: ["Lead", "Share"],
        rows: [["+86 138", 0.25]],
        numberFormats: ["@", "0.00%"],
      },
    ]);
    const after = port.save();
    expect([...writtenCells(before, after)].filter((a) => a.startsWith("线索信息!")).sort()).toEqual([
      "线索信息!A5",
      "线索信息!B5",
      "线索信息!C5",
      "线索信息!D2",
      "线索信息!D4",
      "线索信息!D5",
    ]);
    const leads = await exceljsValues(after, "线索信息");
    expect(leads[0]).toEqual(["Lead ID", "Customer", "Created", "Last follow-up", null, "outside the table"]);
    expect(leads[1]).toEqual(["L-1", "Acme & Co <x>", 45413, 45001.25]);
    expect(leads[2]).toEqual(["L-2", "  spaced  ", 45000.5, 3]);
    expect(leads[3]?.slice(0, 4)).toEqual(["L-3", "Beta", null, 7]);
    expect(leads[4]).toEqual(["L-4", "=SUM(1)", 45100, { f: "1+2", r: 3 }]);
    const due = await exceljsValues(after, "Due list");
    expect(due[5]).toEqual(["Lead", "Share"]);
    expect(due[6]).toEqual(["+86 138", 0.25]);

    // The table grew; the new table exists; other parts are byte-identical.
    const again = new FastXlsxPort(after);
    expect((await again.readState()).tables.map((t) => [t.name, t.address])).toEqual([
      ["Leads", "A1:D5"],
      ["ReviewDue", "A6:B7"],
    ]);
    const a = new Map(readZip(before).map((e) => [e.name, e]));
    for (const e of readZip(after)) {
      const old = a.get(e.name);
      if (
        !old ||
        [
          "xl/worksheets/sheet1.xml",
          "xl/tables/table1.xml",
          "xl/workbook.xml",
          "xl/_rels/workbook.xml.rels",
          "[Content_Types].xml",
          "xl/styles.xml",
        ].includes(e.name)
      )
        continue;
      expect(Buffer.from(e.raw).equals(Buffer.from(old.raw))).toBe(true);
    }
  });

  test("refuses to clear a shared-formula anchor instead of orphaning its children", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("S");
    ws.getCell("A1").value = 1;
    ws.getCell("B1").value = {
      formula: "A1*2",
      shareType: "shared",
      ref: "B1:B2",
      result: 2,
    } as ExcelJS.CellFormulaValue;
    ws.getCell("A2").value = 2;
    ws.getCell("B2").value = { sharedFormula: "B1", result: 4 } as ExcelJS.CellSharedFormulaValue;
    const port = new FastXlsxPort(new Uint8Array(await wb.xlsx.writeBuffer()));
    await port.apply([{ op: "clearRange", sheet: "S", address: "B1:B1" }]);
    expect(() => port.save()).toThrow(UnsupportedPackage);
  });

  test("applies every change op, defined names included (the engine behind every writing command)", async () => {
    const port = new FastXlsxPort(await sampleBook());
    await port.apply([{ op: "setDefinedName", name: "X", formula: "=1" }]);
    expect((await new FastXlsxPort(port.save()).readState()).names).toContainEqual({ name: "X", formula: "=1" });
  });
});
