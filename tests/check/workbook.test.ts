/**
 * The catalog again, on real .xlsx workbooks: installed by the install
 * operation, rows written through the xlsx adapter, checked through the port
 * (formulas read back from the file, so formula-overwritten is real too).
 */
import { XlsxWorkbook } from "../support/exceljs";
import { check } from "../../src/operations/check";
import { cleanBook } from "../support/cleanBook";
import { CATALOG } from "./catalog";
import { FIXED_NOW, workbookWith } from "./realBook";

const brief = (ps: { table: string; row: number; field: string; code: string }[]) =>
  ps.map((p) => `${p.table}!${p.row} ${p.field} ${p.code}`);

test("the clean book written into an installed workbook checks clean", async () => {
  const { wb } = await workbookWith(cleanBook());
  // Round-trip through bytes: what a file on disk holds.
  const again = await XlsxWorkbook.fromBytes(await wb.toBytes());
  const r = await check(again, { now: FIXED_NOW });
  expect(brief(r.problems)).toEqual([]);
  expect(r.summary.rowsRead.FollowUps).toBe(2);
});

const cases = CATALOG.filter((c) => !c.header && !c.notWritable);

test("a value Excel cannot hold is refused by the adapter before anything is written", async () => {
  const c = CATALOG.find((x) => x.notWritable)!;
  const book = cleanBook();
  c.plant(book);
  await expect(workbookWith(book)).rejects.toMatchObject({ code: "too-large" });
});

describe.each(cases.map((c) => [c.name, c] as const))("xlsx: %s", (_n, c) => {
  test("found at its cell, and nothing else", async () => {
    const book = cleanBook();
    c.plant(book);
    const built = await workbookWith(book);
    const wb = await XlsxWorkbook.fromBytes(await built.wb.toBytes());
    const r = await check(wb);
    expect(brief(r.problems)).toEqual(
      c.expect.map((e) => `${e.table}!${built.rowOf(e.table, e.index)} ${e.field} ${e.code}`),
    );
    // The address a shell selects is the cell of that field.
    const state = await wb.readState();
    for (const p of r.problems) {
      if (!p.address) continue;
      const info = state.tables.find((t) => t.name === p.table)!;
      const [cellValue] = (await wb.readRange(p.sheet, `${p.address}:${p.address}`))[0] ?? [null];
      expect(p.sheet).toBe(info.sheet);
      expect(Number(/\d+/.exec(p.address)![0])).toBe(p.row);
      if (p.value !== "" && typeof cellValue === "string") expect(cellValue.trim().length).toBeGreaterThan(0);
    }
  });
});
