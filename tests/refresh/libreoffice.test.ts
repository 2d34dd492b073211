/**
 * LibreOffice as the independent engine (docs/ARCHITECTURE.md §5) on refreshed workbooks:
 * every formula cell — install's, the ones Refresh restores into blank
 * calculated cells and writes into new Conversion rows, and those whose cached
 * results Refresh brought up to date — must equal LibreOffice's recalculation.
 * The review sheets hold values only (no formulas), which is asserted too;
 * user text copied into them (a source named =HYPERLINK("x")) stays text
 * through the file and through LibreOffice.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { refresh } from "../../src/operations/refresh";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import { recalculate } from "../support/libreoffice";
import { compareFormulaCells, describeMismatches } from "../support/differential";
import { buildWorkbook, d, openBytes } from "../support/refreshBooks";
import { C, ROWS } from "./cases";

const REVIEW_SHEETS = ["渠道效果", "阶段漏斗", "转化拆分", "销售效果评估", "待跟进"];
const EVIL = '=HYPERLINK("x")';

const rows = {
  ...ROWS,
  Leads: [
    ...ROWS.Leads!,
    {
      leadId: "L-5",
      customer: "+86 上海五号",
      contact: "钱",
      phone: "13800000005",
      industry: "教育",
      ...C,
      source: EVIL,
      status: "跟进中",
      stage: "需求挖掘",
      owner: "@王芳",
      createdAt: d(2024, 5, 5),
    },
  ],
};

let dir: string;
const out: Record<string, { ours: Uint8Array; lo: Uint8Array; restored: number; cached: number; appended: number }> =
  {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "leadflow-refresh-lo-"));
  // A calculated cell cleared by hand: Refresh must put its formula back.
  const installed = await openBytes(await buildWorkbook(rows));
  await installed.apply([{ op: "writeTableColumn", table: "Leads", column: "评分", rowIndexes: [1], cells: [null] }]);
  const source = await installed.toBytes();
  const now = new Date(); // formulas use TODAY(): the engine must use the same day
  const files: string[] = [];
  for (const path of ["generic", "fast"]) {
    let bytes: Uint8Array;
    let report;
    if (path === "generic") {
      const wb = await openBytes(source);
      report = (await refresh(wb, { period: { kind: "all" }, now, updateCachedResults: true })).report;
      bytes = await wb.toBytes();
    } else {
      const port = new FastXlsxPort(source);
      report = (await refresh(port, { period: { kind: "all" }, now, updateCachedResults: true })).report;
      bytes = port.save();
    }
    const file = join(dir, `${path}.xlsx`);
    writeFileSync(file, bytes);
    files.push(file);
    out[path] = {
      ours: bytes,
      lo: new Uint8Array(),
      restored: report.formulasRestored,
      cached: report.cachedResultsUpdated,
      appended: report.conversionRowsAdded,
    };
  }
  const recalculated = await recalculate(files);
  out.generic.lo = readFileSync(recalculated[0]);
  out.fast.lo = readFileSync(recalculated[1]);
}, 180000);

describe.each(["generic", "fast"])("refreshed workbook under LibreOffice (%s path)", (path) => {
  test("every formula cell equals LibreOffice's recalculation", async () => {
    const ours = await openBytes(out[path].ours);
    const lo = await openBytes(out[path].lo);
    const c = compareFormulaCells(ours, lo);
    expect(out[path].restored).toBe(1);
    expect(out[path].appended).toBe(3);
    // Leads' 11 calculated columns (3 of them helpers) × 5 rows, Conversion's 9 (3 helpers) × 5 rows (2 typed + 3 added by Refresh).
    expect(c.bySheet["线索信息"]).toBe(55);
    expect(c.bySheet["转化分析"]).toBe(45);
    if (c.mismatches.length) throw new Error(describeMismatches(path, c));
  });

  test("the review sheets hold values only", async () => {
    const ours = await openBytes(out[path].ours);
    expect(ours.formulaCells().filter((f) => REVIEW_SHEETS.includes(f.sheet))).toEqual([]);
  });

  test("user text stays text in the file and after LibreOffice", async () => {
    for (const bytes of [out[path].ours, out[path].lo]) {
      const wb = await openBytes(bytes);
      const rowsOnSheet = await wb.readRange("渠道效果", "A7:A20");
      const r = rowsOnSheet.findIndex((x) => x[0] === EVIL);
      expect(r).toBeGreaterThanOrEqual(0);
      expect(wb.isTextCell("渠道效果", `A${7 + r}`)).toBe(true);
      const breakdown = await wb.readRange("转化拆分", "M7:M20");
      expect(breakdown.some((x) => x[0] === "@王芳")).toBe(true);
    }
  });
});
