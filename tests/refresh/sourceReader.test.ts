/**
 * .xlsx import sources are read by their used cells, not their nominal range
 * (issue 13, item 11): a source sheet whose only formatted cell sits at row
 * 1,048,576 (its <dimension> says A1:C1048576) imports its few rows, under a
 * small heap. Before, import read the whole nominal range and died out of
 * memory (exit 134). Run as the built command in a child process so the heap
 * limit is real (build it first: npm run build:cli).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { XlsxWorkbook } from "../support/exceljs";
import { usedRanges } from "../../src/workbook/xlsx/package/open";
import { cleanBook } from "../support/cleanBook";
import { workbookWith } from "../check/realBook";

const ROOT = join(__dirname, "..", "..");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "leadflow-source-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A plain-sheet source (no table): a header and two rows, plus one styled empty cell at the last row of the grid. */
async function sourceWithFarFormattedCell(): Promise<Uint8Array> {
  const src = XlsxWorkbook.create("crm.xlsx");
  await src.apply([
    { op: "ensureSheet", sheet: "导出" },
    {
      op: "writeCells",
      sheet: "导出",
      topLeft: "A1",
      cells: [
        ["公司名称", "联系人", "手机号"],
        ["远端有限公司", "李", "13900001111"],
        ["远端二有限公司", "王", "13900002222"],
      ],
    },
  ]);
  const files = unzipSync(await src.toBytes());
  const part = Object.keys(files).find(
    (n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n) && strFromU8(files[n]).includes("<c "),
  );
  if (!part) throw new Error("no sheet with cells");
  let xml = strFromU8(files[part]);
  const style = /<c r="A1"[^>]*\ss="(\d+)"/.exec(xml)?.[1] ?? "0";
  xml = xml.replace("</sheetData>", `<row r="1048576"><c r="C1048576" s="${style}"/></row></sheetData>`);
  xml = xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:C1048576"/>');
  files[part] = strToU8(xml);
  return zipSync(files);
}

test("the used range of a sheet counts cells with values, not formatted empty cells", async () => {
  expect(usedRanges(await sourceWithFarFormattedCell())("导出")).toBe("A1:C3");
});

test("import of a source whose only formatted cell is at row 1,048,576: its rows import under a 256 MB heap", async () => {
  const target = join(dir, "target.xlsx");
  writeFileSync(target, await (await workbookWith(cleanBook())).wb.toBytes());
  const source = join(dir, "far.xlsx");
  writeFileSync(source, await sourceWithFarFormattedCell());
  const r = spawnSync(
    process.execPath,
    ["--max-old-space-size=256", join(ROOT, "bin", "leadflow.js"), "import", target, source, "--json"],
    { cwd: ROOT, encoding: "utf8", timeout: 120000 },
  );
  expect({ status: r.status, signal: r.signal, stderr: r.stderr.slice(-300) }).toMatchObject({ signal: null });
  expect(r.status).toBeLessThan(2);
  const report = JSON.parse(r.stdout) as { sourceRows: number; imported: { line: number }[] };
  expect(report.sourceRows).toBe(2);
  expect(report.imported.map((i) => i.line)).toEqual([2, 3]);
}, 150000);
