import fc from "fast-check";
import { planImport, type ImportInput, type SourceTable } from "../../src/domain/import/plan";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { serialFromYmd } from "../../src/domain/parse/dates";
import type { CellWrite } from "../../src/domain/plan/changes";
import { cleanBook, toTables, DEFS } from "../support/cleanBook";

const NOW = serialFromYmd(2024, 6, 1, 9, 0);
const TODAY = serialFromYmd(2024, 6, 1);

function input(into: ImportInput["into"], source: SourceTable, over: Partial<ImportInput> = {}): ImportInput {
  return {
    into,
    source,
    onDuplicate: "skip",
    settings: defaultSettings("zh-CN"),
    locale: "zh-CN",
    now: NOW,
    today: TODAY,
    tables: toTables(cleanBook()),
    formulas: new Map([["score", "=1+1"]]),
    ...over,
  };
}

const col = (key: string) => DEFS.Leads.fields.findIndex((f) => f.key === key);
const appendedRows = (changes: ReturnType<typeof planImport>["changes"]): CellWrite[][] =>
  changes.flatMap((c) => (c.op === "appendRows" ? c.rows : []));

test("leads from a Chinese CRM export: values parsed, ID and created date filled, formulas written", () => {
  const { changes, report } = planImport(
    input("Leads", {
      headers: ["公司名称", "联系人", "手机号", "行业", "来源", "微信号"],
      rows: [
        { line: 2, values: ["深圳前海物流有限公司", "赵敏", "138-0013-8000", "Manufacturing", "展会推荐", "zm001"] },
      ],
    }),
  );
  const [row] = appendedRows(changes);
  expect(row[col("customer")]).toBe("深圳前海物流有限公司");
  expect(row[col("phone")]).toBe("13800138000"); // normalised, kept as text
  expect(row[col("industry")]).toBe("制造业"); // the English default option maps to this workbook's option
  expect(row[col("leadId")]).toBe("线索-20240601-001");
  expect(row[col("createdAt")]).toBe(NOW);
  expect(row[col("score")]).toEqual({ formula: "=1+1" });
  expect(report.imported).toEqual([{ line: 2, row: 6, leadId: "线索-20240601-001" }]);
  expect(report.ignoredColumns.map((c) => c.header)).toEqual(["微信号"]);
  // Required fields the source had no column for are reported on the new row, at their cells.
  expect(report.withProblems).toHaveLength(1);
  expect(report.withProblems[0].row).toBe(6);
  expect(new Set(report.withProblems[0].problems.map((p) => p.code))).toEqual(new Set(["required"]));
  expect(report.withProblems[0].problems.map((p) => p.field)).toContain("budget");
});

test("duplicates of an existing lead or of an earlier source row are skipped by default and kept on request", () => {
  const source: SourceTable = {
    headers: ["客户名称", "联系方式"],
    rows: [
      { line: 2, values: ["上海华东精密机械", "138 1234 5678"] }, // existing row 2, typed differently
      { line: 3, values: ["新客户有限公司", "13700000000"] },
      { line: 4, values: ["新客户", "137-0000-0000"] }, // same as line 3
      { line: 5, values: ["新客户", "13700000001"] }, // same name, other phone: not a duplicate for import
    ],
  };
  const skip = planImport(input("Leads", source)).report;
  expect(skip.duplicates).toEqual([
    { line: 2, existingRow: 2, kept: false, value: "上海华东精密机械 13812345678" },
    { line: 4, earlierLine: 3, kept: false, value: "新客户 13700000000" },
  ]);
  expect(skip.imported.map((i) => i.line)).toEqual([3, 5]);
  const keep = planImport(input("Leads", source, { onDuplicate: "keep" })).report;
  expect(keep.imported.map((i) => i.line)).toEqual([2, 3, 4, 5]);
  expect(keep.duplicates.map((d) => [d.line, d.kept, d.row])).toEqual([
    [2, true, 6],
    [4, true, 8],
  ]);
  // Kept duplicates are reported by Check's duplicate rule too.
  const codes = keep.withProblems.flatMap((w) => w.problems.map((p) => `${w.line}:${p.field}:${p.code}`));
  expect(codes).toEqual(
    expect.arrayContaining([
      "2:customer:duplicate-customer",
      "4:customer:duplicate-customer",
      "5:customer:duplicate-customer",
    ]),
  );
});

test("follow-ups: unknown lead and future dates judged against today are reported, still imported", () => {
  const { report, changes } = planImport(
    input("FollowUps", {
      headers: ["线索ID", "跟进日期", "方式", "沟通对象", "内容", "意向", "阶段", "下一步", "截止日期", "跟进人"],
      rows: [
        {
          line: 2,
          values: [
            "线索-20240501-001",
            "2024/5/20",
            "电话",
            "李总",
            "报价",
            "高",
            "商务谈判",
            "签约",
            "2024-05-25",
            "王芳",
          ],
        },
        {
          line: 3,
          values: [
            "线索-20990101-001",
            "2024/5/20",
            "电话",
            "李总",
            "报价",
            "高",
            "商务谈判",
            "签约",
            "2024-05-25",
            "王芳",
          ],
        },
        {
          line: 4,
          values: [
            "线索-20240501-001",
            "2024/7/20",
            "电话",
            "李总",
            "报价",
            "高",
            "商务谈判",
            "签约",
            "2024-07-25",
            "王芳",
          ],
        },
      ],
    }),
  );
  expect(appendedRows(changes)).toHaveLength(3);
  expect(report.withProblems.map((w) => [w.line, w.problems.map((p) => p.code)])).toEqual([
    [3, ["unknown-lead"]],
    [4, ["future-date"]],
  ]);
});

test("conversion: fills blank cells of the lead's row, reports a conflicting typed value, adds rows for others", () => {
  const { report, changes } = planImport(
    input("Conversion", {
      headers: ["线索编号", "转化结果", "成交/流失日期", "成交金额(元)", "备注"],
      rows: [
        { line: 2, values: ["线索-20240501-001", "成功", "2024-05-25", "40万", "老客户"] }, // amount differs, notes blank
        { line: 3, values: ["线索-20240504-001", "持续跟进", null, null, null] }, // no row yet
      ],
    }),
  );
  expect(report.updated).toEqual([{ line: 2, row: 2, filled: ["notes"] }]);
  expect(report.conflicts).toHaveLength(1);
  expect(report.conflicts[0]).toMatchObject({
    line: 2,
    row: 2,
    field: "amount",
    existing: "450000",
    incoming: "400000",
  });
  expect(report.imported).toEqual([{ line: 3, row: 5 }]);
  const writes = changes.filter((c) => c.op === "writeTableColumn");
  expect(writes).toEqual([
    { op: "writeTableColumn", table: "Conversion", column: "备注", rowIndexes: [0], cells: ["老客户"] },
  ]);
  const [added] = appendedRows(changes);
  const convCol = (k: string) => DEFS.Conversion.fields.findIndex((f) => f.key === k);
  expect(added[convCol("source")]).toBe("展会推荐"); // copied from the lead
  expect(added[convCol("result")]).toBe("持续跟进");
});

test("channel costs: amounts in Chinese forms, duplicate period skipped", () => {
  const { report, changes } = planImport(
    input("ChannelCosts", {
      headers: ["渠道", "统计周期", "投入"],
      rows: [
        { line: 2, values: ["展会推荐", "2024-q2", "9万"] },
        { line: 3, values: ["搜索引擎广告", "2024-06", "¥8,500"] },
      ],
    }),
  );
  expect(report.duplicates.map((d) => [d.line, d.existingRow])).toEqual([[2, 2]]);
  expect(appendedRows(changes)).toEqual([["搜索引擎广告", "2024-06", 8500]]);
});

const cell = fc.oneof(
  fc.constantFrom(
    "上海华东精密机械有限公司",
    "北京星辰科技",
    "新客户",
    "甲",
    "",
    "  ",
    "=1+1",
    "13812345678",
    "138 1234 5678",
    "13700000000",
    "010-62345678",
  ),
  fc.string({ maxLength: 6 }),
  fc.constant(null),
);

test("property: import never loses a source row (each is appended, filled in, or listed as a duplicate/blank)", () => {
  fc.assert(
    fc.property(
      fc.constantFrom("Leads", "FollowUps", "Conversion", "ChannelCosts" as const),
      fc.constantFrom<"skip" | "keep">("skip", "keep"),
      fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 25 }),
      (into, onDuplicate, rows) => {
        const headers: Record<string, string[]> = {
          Leads: ["客户名称", "手机号", "联系人"],
          FollowUps: ["线索编号", "跟进时间", "沟通内容"],
          Conversion: ["线索编号", "转化结果", "备注"],
          ChannelCosts: ["渠道名称", "统计周期", "投入成本(元)"],
        };
        const idsPool = ["线索-20240501-001", "线索-20240502-001", "线索-20240504-001", "X"];
        const source: SourceTable = {
          headers: headers[into],
          rows: rows.map((v, i) => ({
            line: i + 2,
            values: into === "Leads" || into === "ChannelCosts" ? v : [idsPool[i % 4], ...v.slice(1)],
          })),
        };
        const { report, changes } = planImport(input(into, source, { onDuplicate }));
        const appended = appendedRows(changes).length;
        const placed = new Map<number, string>();
        const place = (line: number, where: string) => {
          expect(placed.has(line)).toBe(false);
          placed.set(line, where);
        };
        report.imported.forEach((r) => place(r.line, "imported"));
        report.updated.forEach((r) => place(r.line, "updated"));
        report.duplicates.filter((d) => !d.kept).forEach((d) => place(d.line, "skipped"));
        report.blankLines.forEach((l) => place(l, "blank"));
        expect([...placed.keys()].sort((a, b) => a - b)).toEqual(source.rows.map((r) => r.line));
        expect(appended).toBe(report.imported.length);
        // Blank lines really are blank.
        for (const l of report.blankLines)
          expect(source.rows[l - 2].values.every((v) => v === null || String(v).trim() === "")).toBe(true);
      },
    ),
    { numRuns: 300 },
  );
});

test("an unreadable created date is kept as typed and reported; a field whose column the table lost is reported, not dropped silently", () => {
  const tables = toTables(cleanBook());
  const phoneCol = DEFS.Leads.fields.findIndex((f) => f.key === "phone");
  tables.Leads!.headers[phoneCol] = "电话（旧）"; // the user renamed the column
  const { report, changes } = planImport(
    input(
      "Leads",
      {
        headers: ["客户名称", "录入时间", "手机号"],
        rows: [{ line: 2, values: ["丁方有限公司", "上周三", "13500000000"] }],
      },
      { tables },
    ),
  );
  const [row] = appendedRows(changes);
  expect(row[col("createdAt")]).toBe("上周三");
  expect(row[col("leadId")]).toBe("线索-20240601-001"); // numbered on the import day
  const codes = report.withProblems[0].problems.map((p) => `${p.field}:${p.code}`);
  expect(codes).toContain("createdAt:bad-date");
  expect(report.ignoredColumns).toEqual([
    {
      column: 3,
      header: "手机号",
      reason: "no-table-column",
      why: expect.stringContaining("联系方式"),
      lines: [2], // the value it held was not imported
    },
  ]);
});

test("a row with text longer than a cell holds is not imported: listed with its length, nothing else lost", () => {
  const long = "需".repeat(40000);
  const { changes, report } = planImport(
    input("Leads", {
      headers: ["客户名称", "联系方式", "需求描述", "微信号"],
      rows: [
        { line: 2, values: ["甲有限公司", "13700000001", "短需求", "a"] },
        { line: 3, values: ["乙有限公司", "13700000002", long, "b"] },
        { line: 4, values: ["丙有限公司", "13700000003", "短需求", "c"] },
      ],
    }),
  );
  const rows = appendedRows(changes);
  expect(rows.map((r) => r[col("customer")])).toEqual(["甲有限公司", "丙有限公司"]);
  for (const c of changes) expect(JSON.stringify(c).length).toBeLessThan(40000);
  expect(report.imported.map((i) => i.line)).toEqual([2, 4]);
  const left = report.withProblems.filter((w) => w.notImported);
  expect(left).toHaveLength(1);
  expect(left[0]).toMatchObject({ line: 3, row: 0 });
  expect(left[0].problems.map((p) => `${p.field} ${p.code} ${p.col}`)).toEqual([
    `needDesc too-long ${col("needDesc")}`,
  ]);
  expect(left[0].problems[0].message).toMatch(/^未导入（文本太长）：.*40000/);
  // The rows that went in are judged as before (required fields missing), the skipped one is not among them.
  expect(report.withProblems.filter((w) => !w.notImported).map((w) => w.line)).toEqual([2, 4]);
});

test("an over-long value in an extra (user-added) column also keeps the row out, in English too", () => {
  const tables = toTables(cleanBook());
  tables.Leads!.headers.push("备注2");
  for (const v of tables.Leads!.values) v.push(null);
  const { changes, report } = planImport(
    input(
      "Leads",
      {
        headers: ["客户名称", "联系方式", "备注2"],
        rows: [{ line: 2, values: ["甲有限公司", "13700000001", "z".repeat(32768)] }],
      },
      { tables, locale: "en-US" },
    ),
  );
  expect(appendedRows(changes)).toEqual([]);
  expect(report.imported).toEqual([]);
  expect(report.withProblems).toHaveLength(1);
  expect(report.withProblems[0].problems[0]).toMatchObject({ field: "备注2", code: "too-long", col: -1 });
  expect(report.withProblems[0].problems[0].message).toMatch(
    /^Not imported \(text too long\): 备注2 has 32768 characters/,
  );
});
