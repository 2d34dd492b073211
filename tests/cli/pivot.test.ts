/**
 * `leadflow refresh` on a file adds the Leads PivotTable once (issue 14 item 7) and says so in
 * both languages; a second run refreshes it and adds nothing (tests/xlsx/pivot.test.ts has the parts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../src/cli/commands/refresh";
import { captureCli } from "../support/cli";
import { buildWorkbook } from "../support/refreshBooks";
import { unzipText } from "../support/xlsxXml";
import { ROWS } from "../refresh/cases";

const dir = mkdtempSync(join(tmpdir(), "leadflow-cli-pivot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("refresh adds the PivotTable once, and says so in both languages", async () => {
  const file = join(dir, "book.xlsx");
  writeFileSync(file, await buildWorkbook(ROWS));
  const first = await captureCli(run, [file, "--today", "2024-06-01"]);
  expect(first.code).toBe(0);
  expect(first.stderr + first.stdout).toContain('PivotTable LF_LeadsPivot added on sheet "透视"');
  expect(first.stderr + first.stdout).toContain("已在工作表“透视”添加数据透视表 LF_LeadsPivot");
  const parts = Object.keys(unzipText(readFileSync(file))).filter((k) => /pivot/i.test(k));
  expect(parts.sort()).toEqual([
    "xl/pivotCache/pivotCacheDefinition1.xml",
    "xl/pivotTables/_rels/pivotTable1.xml.rels",
    "xl/pivotTables/pivotTable1.xml",
  ]);

  const second = await captureCli(run, [file, "--today", "2024-06-01"]);
  expect(second.code).toBe(0);
  expect(second.stderr + second.stdout).not.toContain("PivotTable");
  expect(
    Object.keys(unzipText(readFileSync(file)))
      .filter((k) => /pivot/i.test(k))
      .sort(),
  ).toEqual(parts.sort());
});
