import type { CellWrite } from "../../src/domain/plan/changes";
import { encodeRows } from "../../src/workbook/office/cells";
import { isPositionIndependent } from "../../src/workbook/office/officeWorkbook";
import { installFakeExcel } from "../fakes/excel";
import { record } from "../support/xlsxXml";
import { officeOnFake } from "../support/officeFake";

/**
 * (d) Strings stay text. The adapter formats a string's cell as text ("@")
 * in the same request, before the value; the fake behaves like Excel and turns
 * "=…", "+…", "-…", "@…", numbers, dates and booleans typed as text into
 * formulas or values unless the cell is text-formatted.
 */
const HOSTILE = [
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.example","click")',
  "+86 138 1234 5678",
  "-5",
  "-x",
  "@SUM(A1)",
  "'quoted",
  "''",
  "00123",
  "13812345678",
  "2024-05-01",
  "TRUE",
  "45%",
  "1e5",
  "=",
  "😀 客户 mixed scripts",
  "x".repeat(32_767),
];

describe("strings are written as text", () => {
  test("the fake, like Excel, converts such strings when written without the text format (control)", async () => {
    const host = installFakeExcel();
    host.state.addSheet("S");
    await host.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("S").getRange(`A1:A${HOSTILE.length}`).values = HOSTILE.map((s) => [s]);
      await ctx.sync();
    });
    const kept = HOSTILE.filter((s, i) => {
      const c = host.state.cellAt("S", `A${i + 1}`);
      return c.formula === null && c.value === s;
    });
    // Most hostile strings would NOT survive a naive write.
    expect(kept.length).toBeLessThan(HOSTILE.length / 3);
  });

  test("every write path keeps them exactly, never as a formula", async () => {
    const { host, wb } = officeOnFake();
    const rows: CellWrite[][] = HOSTILE.map((s) => [s, s]);
    await wb.apply([
      { op: "ensureSheet", sheet: "T" },
      { op: "createTable", table: "Leads", sheet: "T", topLeft: "A1", headers: ["Customer", "Phone"] },
      { op: "setNumberFormat", sheet: "T", address: "B2:B1048576", format: "0" }, // a number format on the column must not matter
      { op: "appendRows", table: "Leads", rows },
      {
        op: "writeTableColumn",
        table: "Leads",
        column: "Phone",
        rowIndexes: HOSTILE.map((_, i) => i).reverse(),
        cells: [...HOSTILE].reverse(),
      },
      { op: "writeCells", sheet: "T", topLeft: "D1", cells: rows, numberFormats: ["yyyy-mm-dd", null] },
      {
        op: "replaceTable",
        table: "ReviewChannels",
        sheet: "T",
        topLeft: "H1",
        headers: ["=Source", "+Leads"],
        rows,
        numberFormats: ["0.00%", null],
      },
    ]);
    const st = host.state;
    const paths: [string, (i: number) => string][] = [
      ["appendRows", (i) => `A${i + 2}`],
      ["writeTableColumn", (i) => `B${i + 2}`],
      ["writeCells", (i) => `D${i + 1}`],
      ["writeCells", (i) => `E${i + 1}`],
      ["replaceTable", (i) => `H${i + 2}`],
    ];
    const kept = paths.reduce(
      (n, [, at]) =>
        n +
        HOSTILE.filter((v, i) => st.cellAt("T", at(i)).value === v && st.cellAt("T", at(i)).formula === null).length,
      0,
    );
    record({
      kind: "injection",
      name: "Office adapter: every write path",
      tried: paths.length * HOSTILE.length,
      handled: kept,
    });
    const check = (where: string, a1: string, expected: string) => {
      const c = st.cellAt("T", a1);
      expect({ where, a1, value: c.value, formula: c.formula }).toEqual({ where, a1, value: expected, formula: null });
    };
    HOSTILE.forEach((s, i) => {
      check("appendRows", `A${i + 2}`, s);
      check("writeTableColumn", `B${i + 2}`, s);
      check("writeCells", `D${i + 1}`, s);
      check("writeCells", `E${i + 1}`, s);
      check("replaceTable", `H${i + 2}`, s);
    });
    expect(st.tableHeaders("ReviewChannels")).toEqual(["=Source", "+Leads"]);
  });

  test("a formula cell in a text-formatted column is still written as a formula", async () => {
    const enc = encodeRows([[{ formula: "=1+1" }, "a", 3, null]], 4, ["@", "@", "0", null]);
    expect(enc.numberFormat).toEqual([["General", "@", "0", null]]);
    expect(enc.grid).toEqual([["=1+1", "a", 3, ""]]);
    expect(enc.hasFormulas).toBe(true);
    const { host, wb } = officeOnFake();
    await wb.apply([
      { op: "ensureSheet", sheet: "T" },
      { op: "setNumberFormat", sheet: "T", address: "A1:A10", format: "@" },
      { op: "writeCells", sheet: "T", topLeft: "A1", cells: [[{ formula: "=1+1" }]], numberFormats: ["@"] },
    ]);
    expect(host.state.cellAt("T", "A1").formula).toBe("=1+1");
  });

  test("only position-independent formulas are sent once for a whole column", () => {
    expect(isPositionIndependent("=IFERROR(INDEX(LF_Points,MATCH(Leads[[#This Row],[预算范围]],LF_List,0)),0)")).toBe(
      true,
    );
    expect(isPositionIndependent('=IF(Leads[[#This Row],[A1]]="B2",$C$3,"")')).toBe(true);
    expect(isPositionIndependent("=C4*2")).toBe(false);
    expect(isPositionIndependent("=$A2")).toBe(false);
    expect(isPositionIndependent("=A$2")).toBe(false);
    expect(isPositionIndependent("=Sheet1!B7")).toBe(false);
  });
});
