/**
 * The fast path must give the same workbook as the generic (exceljs) path:
 * a sample workbook (install --sample, both locales) refreshed both ways, for
 * two periods, compared cell by cell on every sheet — and read back by both
 * readers, so neither path's reader can hide the other's mistake.
 */
import type { CellValue, Locale } from "../../src/domain/types";
import type { PeriodFilter } from "../../src/domain/model";
import { install } from "../../src/operations/install";
import { refresh } from "../../src/operations/refresh";
import type { WorkbookPort } from "../../src/workbook/port";
import { XlsxWorkbook } from "../support/exceljs";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import { openBytes } from "../support/refreshBooks";

const NOW = new Date(2025, 5, 30, 17, 0, 0);

async function sample(locale: Locale, count: number): Promise<Uint8Array> {
  const wb = XlsxWorkbook.create("sample.xlsx");
  await install(wb, { locale, now: NOW, sample: { count, seed: 5 } });
  return wb.toBytes();
}

async function sheets(port: WorkbookPort): Promise<Record<string, CellValue[][]>> {
  const out: Record<string, CellValue[][]> = {};
  for (const s of (await port.readState()).sheets) {
    out[s.name] = (await port.readRange(s.name, "A1:AZ700")).map((r) => {
      const row = r.map((v) => (v === "" ? null : typeof v === "number" ? Number(v.toPrecision(12)) : v));
      while (row.length && row[row.length - 1] === null) row.pop();
      return row;
    });
    while (out[s.name].length && out[s.name][out[s.name].length - 1].length === 0) out[s.name].pop();
  }
  return out;
}

const periods: PeriodFilter[] = [{ kind: "all" }, { kind: "quarter", year: 2025, quarter: 1 }];

describe.each<[Locale, number]>([
  ["zh-CN", 300],
  ["en-US", 120],
])("sample workbook %s with %i leads", (locale, count) => {
  test.each(periods)("period %o: same cells on every sheet, whichever reader looks", async (period) => {
    const source = await sample(locale, count);
    const opts = { period, now: NOW, updateCachedResults: true };
    const g = await openBytes(source);
    const gr = await refresh(g, opts);
    const gBytes = await g.toBytes();
    const f = new FastXlsxPort(source);
    const fr = await refresh(f, opts);
    const fBytes = f.save();
    // The Leads PivotTable is the package engine's alone (the reference adapter makes none; its parts
    // are tested in tests/xlsx/pivot.test.ts): compared without it, and without the sheet it went on.
    const { pivot, ...fastReport } = fr.report;
    expect(pivot?.status).toBe("created");
    expect(fastReport).toEqual(gr.report);
    const noPivot = (all: Record<string, CellValue[][]>) => {
      const { [pivot!.sheet]: pivotSheet, ...rest } = all;
      expect(pivotSheet).toEqual([]);
      return rest;
    };
    const viaGeneric = [await sheets(await openBytes(gBytes)), noPivot(await sheets(await openBytes(fBytes)))];
    const viaFast = [await sheets(new FastXlsxPort(gBytes)), noPivot(await sheets(new FastXlsxPort(fBytes)))];
    expect(Object.keys(viaGeneric[1]).sort()).toEqual(Object.keys(viaGeneric[0]).sort());
    for (const name of Object.keys(viaGeneric[0])) {
      expect([name, viaGeneric[1][name]]).toEqual([name, viaGeneric[0][name]]);
      expect([name, viaFast[1][name]]).toEqual([name, viaFast[0][name]]);
    }
    expect(viaGeneric[0]).toEqual(viaFast[0]);
  });
});
