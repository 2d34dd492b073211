/**
 * Every Change op on the package engine, read back by the independent
 * exceljs reader (and the engine's own): what install, import, quick entry
 * and refresh ask for is what the file holds.
 */
import { createHash } from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { XlsxWorkbook } from "../support/exceljs";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import type { Change } from "../../src/domain/plan/changes";

async function build(changes: Change[]): Promise<Uint8Array> {
  const port = FastXlsxPort.create();
  await port.apply(changes);
  return port.save();
}

const BASE: Change[] = [
  { op: "ensureSheet", sheet: "Data", tabColor: "#1F4E79" },
  { op: "ensureSheet", sheet: "Hidden", hidden: true },
  { op: "createTable", table: "T", sheet: "Data", topLeft: "A1", headers: ["Name", "When", "Score"] },
  {
    op: "appendRows",
    table: "T",
    rows: [
      ["a", 45000.5, 1],
      ["b", 45001.25, 2],
    ],
  },
  { op: "addColumns", table: "T", headers: ["Extra"] },
  { op: "setNumberFormat", sheet: "Data", address: "B2:B1048576", format: "yyyy-mm-dd hh:mm" },
  { op: "setFont", sheet: "Data", address: "A1:D1", bold: true, color: "#FFFFFF", fill: "#7F7F7F" },
  { op: "setColumnWidths", sheet: "Data", widths: [{ column: "A", width: 30 }] },
  { op: "freezePanes", sheet: "Data", rows: 1, columns: 1 },
  { op: "groupColumns", sheet: "Data", fromColumn: "C", toColumn: "D" },
  {
    op: "setValidation",
    sheet: "Data",
    address: "C2:C1048576",
    validation: { rule: { kind: "whole", operator: "between", formula1: "0", formula2: "100" }, allowBlank: true },
  },
  {
    op: "setConditionalFormats",
    sheet: "Data",
    address: "C2:C1048576",
    formats: [{ formula: "=$C2>50", fill: "#FFC7CE" }],
  },
  { op: "setDefinedName", name: "LF_X", formula: "=Data!$C$2" },
  { op: "setProperty", key: "LeadFlow.locale", value: "zh-CN" },
];

test("a new workbook from nothing carries every op, as an independent reader sees it", async () => {
  const bytes = await build(BASE);
  const wb = await XlsxWorkbook.fromBytes(bytes);
  const state = await wb.readState();
  expect(state.sheets).toEqual([
    { name: "Data", visible: true, protected: false },
    { name: "Hidden", visible: false, protected: false },
  ]);
  expect(state.tables).toEqual([
    { name: "T", sheet: "Data", address: "A1:D3", headers: ["Name", "When", "Score", "Extra"], rowCount: 2 },
  ]);
  expect(state.names).toContainEqual({ name: "LF_X", formula: "=Data!$C$2" });
  expect(state.properties).toMatchObject({ "LeadFlow.locale": "zh-CN" });
  expect((await wb.readTables(["T"])).get("T")!.values).toEqual([
    ["a", 45000.5, 1, null],
    ["b", 45001.25, 2, null],
  ]);
  expect(wb.numberFormat("Data", "B3")).toBe("yyyy-mm-dd hh:mm");
  expect(wb.sheetView("Data")).toEqual({ frozenRows: 1, frozenColumns: 1 });
  expect(wb.columnInfo("Data", "A").width).toBe(30);
  expect(wb.columnInfo("Data", "C").outlineLevel).toBe(1);
  expect(wb.validations("Data")).toMatchObject([
    { sqref: "C2:C1048576", type: "whole", formula1: "0", formula2: "100" },
  ]);
  expect(wb.conditionalFormats("Data")).toEqual([{ ref: "C2:C1048576", formulas: ["$C2>50"] }]);
  const sheet = strFromU8(unzipSync(bytes)["xl/worksheets/sheet1.xml"]);
  expect(sheet).toMatch(/<tabColor rgb="FF1F4E79"\/>/);
});

test("re-applying replaces LeadFlow's own validations, formats and names instead of piling them up", async () => {
  const port = new FastXlsxPort(await build(BASE));
  await port.apply([
    {
      op: "setValidation",
      sheet: "Data",
      address: "C2:C1048576",
      validation: { rule: { kind: "list", source: "=LF_List" }, allowBlank: true },
    },
    {
      op: "setConditionalFormats",
      sheet: "Data",
      address: "C2:C1048576",
      formats: [{ formula: "=$C2>60", bold: true }],
    },
    { op: "setDefinedName", name: "lf_x", formula: "=Data!$C$3" },
    { op: "setProperty", key: "LeadFlow.locale", value: "en-US" },
  ]);
  const wb = await XlsxWorkbook.fromBytes(port.save());
  expect(wb.validations("Data")).toMatchObject([{ sqref: "C2:C1048576", type: "list", formula1: "LF_List" }]);
  expect(wb.conditionalFormats("Data")).toEqual([{ ref: "C2:C1048576", formulas: ["$C2>60"] }]);
  expect((await wb.readState()).names.filter((n) => n.name.toLowerCase() === "lf_x")).toEqual([
    { name: "lf_x", formula: "=Data!$C$3" },
  ]);
  expect((await wb.readState()).properties["LeadFlow.locale"]).toBe("en-US");
});

test("protection: Excel's SHA-512 sheet password hash (100,000 spins) as before, unlocked input columns, and unprotect", async () => {
  const port = new FastXlsxPort(await build(BASE));
  await port.apply([
    {
      op: "protectSheet",
      sheet: "Data",
      options: {
        password: "s3cret",
        allowInsertRows: true,
        allowSort: true,
        allowAutoFilter: true,
        allowFormatColumns: true,
      },
      unlockedAddresses: ["A2:A1048576"],
    },
  ]);
  const bytes = port.save();
  const files = unzipSync(bytes);
  const tag = /<sheetProtection\b[^>]*\/>/.exec(strFromU8(files["xl/worksheets/sheet1.xml"]))![0];
  const a = (n: string) => new RegExp(`${n}="([^"]*)"`).exec(tag)?.[1];
  expect(a("algorithmName")).toBe("SHA-512");
  expect(a("spinCount")).toBe("100000");
  // ECMA-376 Part 1 §18.2.28: H0 = SHA-512(salt + UTF-16LE password), Hn = SHA-512(Hn-1 + LE32(n-1)).
  let h = createHash("sha512")
    .update(Buffer.concat([Buffer.from(a("saltValue")!, "base64"), Buffer.from("s3cret", "utf16le")]))
    .digest();
  for (let i = 0; i < 100000; i++) {
    const it = Buffer.alloc(4);
    it.writeUInt32LE(i, 0);
    h = createHash("sha512")
      .update(Buffer.concat([h, it]))
      .digest();
  }
  expect(a("hashValue")).toBe(h.toString("base64"));
  expect(tag).toMatch(/insertRows="0"/);
  // The unlocked input column: its column style (cells typed later) and its cells carry locked="0".
  const sheetXml = strFromU8(files["xl/worksheets/sheet1.xml"]);
  const xfs = [
    ...strFromU8(files["xl/styles.xml"])
      .split("<cellXfs")[1]
      .matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g),
  ].map((m) => m[0]);
  const colStyle = Number(/<col min="1" max="1"[^>]*style="(\d+)"/.exec(sheetXml)![1]);
  expect(xfs[colStyle]).toMatch(/<protection locked="0"\/>/);
  const a2 = Number(/<c r="A2" s="(\d+)"/.exec(sheetXml)![1]);
  expect(xfs[a2]).toMatch(/<protection locked="0"\/>/);
  expect(/<c r="B2" s="(\d+)"/.exec(sheetXml)?.[1] ?? "0").not.toBe(String(a2));
  const wb = await XlsxWorkbook.fromBytes(bytes);
  expect((await wb.readState()).sheets[0].protected).toBe(true);
  const again = new FastXlsxPort(bytes);
  await again.apply([{ op: "unprotectSheet", sheet: "Data" }]);
  expect((await new FastXlsxPort(again.save()).readState()).sheets[0].protected).toBe(false);
});
