/**
 * Rows added by import and quick entry carry working formulas: LibreOffice
 * (an independent engine) recalculates the workbook, and the new rows'
 * score and grade equal the engine's; Check on the recalculated file finds
 * no formula typed over.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XlsxWorkbook } from "../support/exceljs";
import { importRows } from "../../src/operations/import";
import { addLead } from "../../src/operations/quickEntry";
import { check } from "../../src/operations/check";
import { scoreLead, gradeOf } from "../../src/domain/engine/score";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { headerIndex } from "../../src/domain/rows";
import { tableDefs } from "../../src/domain/fields/definitions";
import { recalculate } from "../support/libreoffice";
import { cleanBook } from "../support/cleanBook";
import { SOURCE_HEADERS_ZH } from "../support/importSource";
import { workbookWith } from "../check/realBook";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "leadflow-import-lo-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("imported and quick-entered leads score in LibreOffice exactly as the engine scores them", async () => {
  const { wb } = await workbookWith(cleanBook());
  const now = new Date(2024, 5, 1, 9, 0);
  const { report } = await importRows(
    wb,
    {
      // The export's header row without 创建时间: quick entry and import fill the created date.
      headers: SOURCE_HEADERS_ZH.filter((h) => h !== "创建时间"),
      rows: [
        {
          line: 2,
          values: [
            "甲方一号有限公司",
            "甲",
            "13600000001",
            "IT",
            "年营收5亿以上",
            "产品采购",
            "x",
            "50万以上",
            "1个月内",
            "已对接决策者",
            "官网注册",
            "跟进中",
            "需求挖掘",
            "王芳",
          ],
        },
        {
          line: 3,
          values: [
            "乙方二号有限公司",
            "乙",
            "13600000002",
            "IT",
            "年营收1亿以下",
            "产品采购",
            "y",
            "未明确",
            "3个月以上",
            "仅对接执行者",
            "官网注册",
            "跟进中",
            "需求挖掘",
            "王芳",
          ],
        },
      ],
    },
    { into: "Leads", now },
  );
  expect(report.imported).toHaveLength(2);
  const added = await addLead(
    wb,
    {
      customer: "丙方三号有限公司",
      contact: "丙",
      phone: "13600000003",
      industry: "IT",
      companySize: "年营收1-5亿",
      needType: "产品采购",
      needDesc: "z",
      budget: "20-50万",
      urgency: "2-3个月",
      decisionAccess: "对接影响者",
      source: "官网注册",
      status: "跟进中",
      stage: "需求挖掘",
      owner: "王芳",
    },
    { now },
  );
  expect(added.ok).toBe(true);
  const path = join(dir, "added.xlsx");
  await writeFile(path, await wb.toBytes());
  const [recalculated] = await recalculate([path], { outDir: join(dir, "out") });
  const lo = await XlsxWorkbook.fromBytes(await readFile(recalculated));
  const t = (await lo.readTables(["Leads"])).get("Leads")!;
  const { index } = headerIndex(tableDefs(5).Leads, t.table.headers);
  const settings = defaultSettings("zh-CN");
  const newRows = [...report.imported.map((i) => i.row), (added as { row: number }).row];
  for (const row of newRows) {
    const v = t.values[row - t.firstRow];
    const get = (k: string) => String(v[index.get(k)!] ?? "");
    const expected = scoreLead(
      {
        budget: get("budget"),
        urgency: get("urgency"),
        decisionAccess: get("decisionAccess"),
        companySize: get("companySize"),
      },
      settings,
    );
    expect({ row, score: v[index.get("score")!], grade: v[index.get("grade")!] }).toEqual({
      row,
      score: expected.score,
      grade: gradeOf(expected.score, "", settings),
    });
  }
  // The three expected scores differ, so a formula reading the wrong row would show.
  expect(new Set(newRows.map((r) => t.values[r - t.firstRow][index.get("score")!])).size).toBe(3);
  const problems = (await check(lo, { now })).problems.filter((p) => p.code === "formula-overwritten");
  expect(problems).toEqual([]);
});
