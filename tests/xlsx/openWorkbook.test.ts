/**
 * One way to open (issue 12 item 1): every command opens its workbook through
 * openWorkbook, whose port keeps no list of the cells it wrote (at 50,000 leads
 * such a list alone would hold millions of strings). Tests read what was written
 * off the saved bytes instead (tests/support/xlsxInspect.ts).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openWorkbook } from "../../src/workbook/xlsx/package/open";
import { XlsxWorkbook } from "../support/exceljs";
import { tempDir } from "../support/xlsxFiles";

const tmp = tempDir("leadflow-open-");
afterAll(() => tmp.cleanup());

test("a workbook opened for any command does not track written cells", async () => {
  const wb = XlsxWorkbook.create("book.xlsx");
  await wb.apply([{ op: "ensureSheet", sheet: "Sheet1" }]);
  const path = join(tmp.dir, "book.xlsx");
  writeFileSync(path, await wb.toBytes());
  const { port } = await openWorkbook(path);
  await port.apply([{ op: "writeCells", sheet: "Sheet1", topLeft: "A1", cells: [["x", 1]] }]);
  expect(await port.readRange("Sheet1", "A1:B1")).toEqual([["x", 1]]);
  expect("written" in port).toBe(false);
});
