import type { Change } from "../../src/domain/plan/changes";
import { install } from "../../src/operations/install";
import { failure, officeOnFake } from "../support/officeFake";

/**
 * Issue 11 item 2: one value or formula for many cells.
 *
 * Evidence: the Excel.Range reference (ExcelApi 1.1, as shipped in the office-js
 * typings) documents two forms for setting `values`, `formulas` and `numberFormat`:
 * "the value argument can be either a single value … or a two-dimensional array.
 * If the argument is a single value, it will be applied to all cells in the range."
 * A 1×1 array (`[[x]]`) over a larger range is not one of them, and the current
 * reference (learn.microsoft.com/javascript/api/excel/excel.range#values) shows only
 * arrays of the range's size. The strict fake rejects `[[x]]` over more than one cell;
 * the adapter sends a scalar for a number format (documented) and full arrays, chunked
 * by payload, for formulas and values.
 */
describe("writing one value to many cells", () => {
  test("the fake rejects a 1×1 array over a larger range and accepts the documented forms", async () => {
    const { host } = officeOnFake();
    const run = (f: (ws: Excel.Worksheet) => void) =>
      failure(
        host.run(async (ctx) => {
          f(ctx.workbook.worksheets.getItem("Sheet1"));
          await ctx.sync();
          throw new Error("accepted");
        }),
      );
    for (const prop of ["values", "formulas", "numberFormat"] as const) {
      const e = (await run((ws) => (ws.getRange("A1:A3")[prop] = [["1"]]))) as { code?: string; message: string };
      expect(e.code).toBe("InvalidArgument");
      // The documented forms: a scalar, or an array of the range's size.
      expect(
        ((await run((ws) => ((ws.getRange("B1:B3") as unknown as Record<string, unknown>)[prop] = "0"))) as Error)
          .message,
      ).toBe("accepted");
      expect(((await run((ws) => (ws.getRange("C1:C2")[prop] = [["1"], ["2"]]))) as Error).message).toBe("accepted");
    }
  });

  test("a formula down a column and a whole-column number format go through the adapter", async () => {
    const { host, wb } = officeOnFake();
    const formula = { formula: '=IF($A$1="","",1)' };
    const rows = Array.from({ length: 5000 }, () => [formula]);
    const changes: Change[] = [
      { op: "writeCells", sheet: "Sheet1", topLeft: "B2", cells: rows },
      { op: "setNumberFormat", sheet: "Sheet1", address: "C:C", format: "yyyy-mm-dd" },
    ];
    await wb.apply(changes);
    const sheet = host.state.mustSheet("Sheet1");
    expect(sheet.cell(1, 1)!.formula).toBe(formula.formula);
    expect(sheet.cell(5000, 1)!.formula).toBe(formula.formula);
    expect(sheet.ensureCell(70_000, 2).numberFormat).toBe("yyyy-mm-dd");
  });

  test("payload-sized chunks: a long formula over many rows never exceeds the request budget", async () => {
    const { host, wb } = officeOnFake({}, { maxRequestBytes: 200_000 });
    const formula = { formula: `=IF($A$1="${"x".repeat(900)}","",1)` };
    const rows = Array.from({ length: 1000 }, () => [formula]);
    await wb.apply([{ op: "writeCells", sheet: "Sheet1", topLeft: "B2", cells: rows }]);
    expect(host.state.mustSheet("Sheet1").cell(1000, 1)!.formula).toBe(formula.formula);
    expect(host.stats.maxRequestBytes).toBeLessThanOrEqual(200_000);
    expect(wb.lastStats!.chunkSyncs).toBeGreaterThan(0);
  });

  test("install and sample on the strict fake", async () => {
    const { host, wb } = officeOnFake();
    await install(wb, { locale: "en-US", now: new Date(2024, 5, 3), sample: { count: 50, seed: 1 } });
    expect(host.state.table("Leads")).toBeDefined();
  });
});
