/**
 * `leadflow import` end to end on real files: an installed workbook, CSVs in
 * the encodings Chinese Excel and CRMs write (generated here with
 * iconv-lite), headers like 公司名称 / 手机号 / 行业 / 来源 with no manual
 * mapping; duplicates both ways; xlsx sources; Conversion fills; and the
 * promise that import's report and a later Check agree.
 */
import * as iconv from "iconv-lite";
import { mkdtemp, readFile, rm, writeFile, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run as runImport } from "../../src/cli/commands/import";
import { check } from "../../src/operations/check";
import { XlsxWorkbook } from "../support/exceljs";
import { headerIndex } from "../../src/domain/rows";
import { tableDefs } from "../../src/domain/fields/definitions";
import type { ImportReport } from "../../src/domain/import/plan";
import { cleanBook } from "../support/cleanBook";
import { workbookWith } from "../check/realBook";
import { captureCli, type CliRun } from "../support/cli";
import { SOURCE_HEADERS_ZH } from "../support/importSource";

const HEADERS = SOURCE_HEADERS_ZH;
const GOOD = [
  [
    "深圳前海物流有限公司",
    "赵敏",
    "138-0013-8000",
    "制造业",
    "年营收1亿以下",
    "产品采购",
    '仓储管理系统, 含"扫码"模块',
    "20万以下",
    "2-3个月",
    "对接影响者",
    "展会推荐",
    "待跟进",
    "初步接洽",
    "王芳",
    "2024/5/20 10:30",
  ],
  [
    "成都天府软件股份有限公司",
    "钱多多",
    "028-86543210",
    "IT",
    "年营收1-5亿",
    "服务咨询",
    "多行\n需求描述",
    "50万以上",
    "1个月内",
    "已对接决策者",
    "老客户转介绍",
    "跟进中",
    "需求挖掘",
    "李强",
    "2024年5月21日",
  ],
];

let dir: string;
let base: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "leadflow-import-"));
  base = join(dir, "base.xlsx");
  await writeFile(base, await (await workbookWith(cleanBook())).wb.toBytes());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function csv(rows: string[][]): string {
  const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return rows.map((r) => r.map(q).join(",")).join("\r\n") + "\r\n";
}

const cli = (argv: string[]): Promise<CliRun> => captureCli(runImport, argv);

async function fresh(name: string): Promise<string> {
  const p = join(dir, name);
  await copyFile(base, p);
  return p;
}

async function leadsOf(path: string) {
  const wb = await XlsxWorkbook.fromBytes(await readFile(path));
  const t = (await wb.readTables(["Leads"])).get("Leads")!;
  const { index } = headerIndex(tableDefs(5).Leads, t.table.headers);
  return {
    wb,
    rows: t.values.map((v) => Object.fromEntries([...index].map(([k, c]) => [k, v[c]]))),
    firstRow: t.firstRow,
  };
}

const ENCODINGS: [string, (text: string) => Uint8Array][] = [
  ["UTF-8", (t) => new TextEncoder().encode(t)],
  ["UTF-8 with BOM", (t) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(t)])],
  ["GB18030 (Chinese Excel)", (t) => iconv.encode(t, "gb18030")],
];

describe.each(ENCODINGS)("a %s CSV with Chinese headers imports without a manual mapping", (_name, encode) => {
  test("all rows in, values parsed, IDs and created dates filled, exit 0, and Check agrees", async () => {
    const wbPath = await fresh(`enc-${_name.replace(/\W+/g, "")}.xlsx`);
    const src = join(dir, `src-${_name.replace(/\W+/g, "")}.csv`);
    await writeFile(src, encode(csv([HEADERS, ...GOOD])));
    const r = await cli([wbPath, src, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ImportReport;
    expect(report.imported.map((i) => i.line)).toEqual([2, 3]);
    expect(report.ignoredColumns).toEqual([]);
    expect(report.mapped.map((m) => m.target)).toEqual([
      "customer",
      "contact",
      "phone",
      "industry",
      "companySize",
      "needType",
      "needDesc",
      "budget",
      "urgency",
      "decisionAccess",
      "source",
      "status",
      "stage",
      "owner",
      "createdAt",
    ]);

    const { wb, rows } = await leadsOf(wbPath);
    const a = rows.find((x) => x.customer === "深圳前海物流有限公司")!;
    const b = rows.find((x) => x.customer === "成都天府软件股份有限公司")!;
    expect(a.phone).toBe("13800138000");
    expect(b.phone).toBe("028-86543210");
    expect(a.needDesc).toBe('仓储管理系统, 含"扫码"模块');
    expect(b.needDesc).toBe("多行\n需求描述");
    expect(a.leadId).toBe("线索-20240520-001");
    expect(b.leadId).toBe("线索-20240521-001");
    expect(Math.floor(Number(a.createdAt))).toBe(45432); // 2024-05-20
    expect(report.imported.map((i) => i.leadId)).toEqual(["线索-20240520-001", "线索-20240521-001"]);
    // Nothing to fix afterwards: the workbook still checks clean.
    expect((await check(wb)).problems).toEqual([]);
  });
});

test("duplicates of existing leads are skipped by default (exit 1, listed), and kept with --on-duplicate keep", async () => {
  const rows = [HEADERS, ...GOOD, ["上海华东精密机械有限公司", "张伟", "13812345678", ...GOOD[0].slice(3)]];
  const src = join(dir, "dups.csv");
  await writeFile(src, iconv.encode(csv(rows), "gb18030"));

  const skipPath = await fresh("dup-skip.xlsx");
  const before = (await leadsOf(skipPath)).rows.length;
  const skip = await cli([skipPath, src, "--json"]);
  expect(skip.code).toBe(1);
  const sr = JSON.parse(skip.stdout) as ImportReport;
  // Line 5: the second row's quoted need spans two physical lines (3 and 4).
  expect(sr.duplicates).toEqual([
    { line: 5, existingRow: expect.any(Number), kept: false, value: "上海华东精密机械有限公司 13812345678" },
  ]);
  expect((await leadsOf(skipPath)).rows.length).toBe(before + 2);

  const keepPath = await fresh("dup-keep.xlsx");
  const keep = await cli([keepPath, src, "--on-duplicate", "keep", "--json"]);
  expect(keep.code).toBe(1);
  const kr = JSON.parse(keep.stdout) as ImportReport;
  expect(kr.duplicates[0]).toMatchObject({ line: 5, kept: true });
  const after = await leadsOf(keepPath);
  expect(after.rows.length).toBe(before + 3);
  // The kept duplicate is what Check then reports, at the row the report named.
  const problems = (await check(after.wb)).problems;
  expect(problems.map((p) => `${p.row} ${p.code}`).sort()).toEqual(
    kr.withProblems.flatMap((w) => w.problems.map((p) => `${w.row} ${p.code}`)).sort(),
  );
  expect(problems.some((p) => p.code === "duplicate-customer" && p.row === kr.duplicates[0].row)).toBe(true);

  // The human report names the skipped line.
  const textPath = await fresh("dup-text.xlsx");
  const text = await cli([textPath, src]);
  expect(text.stdout).toContain("源第 5 行");
  expect(text.stdout).toContain("重复");
});

test("rows with problems are imported anyway, reported with their cells; ignored columns are named", async () => {
  const wbPath = await fresh("problems.xlsx");
  const src = join(dir, "problems.csv");
  await writeFile(
    src,
    csv([
      ["公司", "手机", "行业", "微信号", "评分"],
      ["宁波海港贸易有限公司", "12345", "汽车", "nb001", "99"],
      ["", "", "", "only-wechat", ""],
    ]),
  );
  const r = await cli([wbPath, src, "--json"]);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as ImportReport;
  expect(report.imported).toHaveLength(1);
  expect(report.blankLines).toEqual([3]);
  expect(report.ignoredColumns.map((c) => [c.column, c.header, c.reason])).toEqual([
    [4, "微信号", "unknown"],
    [5, "评分", "not-importable"],
  ]);
  const codes = report.withProblems[0].problems.map((p) => `${p.field}:${p.code}`);
  expect(codes).toEqual(expect.arrayContaining(["phone:bad-phone", "industry:not-in-list", "contact:required"]));
  const { rows } = await leadsOf(wbPath);
  expect(rows.find((x) => x.customer === "宁波海港贸易有限公司")!.phone).toBe("12345"); // kept as typed, as text
});

test("an .xlsx source without tables (a plain sheet) imports the same way", async () => {
  const src = XlsxWorkbook.create("crm.xlsx");
  await src.apply([
    { op: "ensureSheet", sheet: "导出" },
    // Exports often start lower and further right: the header is the first non-blank row.
    { op: "writeCells", sheet: "导出", topLeft: "B3", cells: [HEADERS, ...GOOD] },
  ]);
  const srcPath = join(dir, "crm.xlsx");
  await writeFile(srcPath, await src.toBytes());
  const wbPath = await fresh("from-xlsx.xlsx");
  const r = await cli([wbPath, srcPath, "--json"]);
  expect(r.stderr).toBe("");
  const report = JSON.parse(r.stdout) as ImportReport;
  expect(report.imported.map((i) => i.line)).toEqual([4, 5]);
  expect(report.ignoredColumns).toEqual([]);
  expect(r.code).toBe(0);
});

test("conversion import fills blank cells of the lead's row, never overwrites a typed value", async () => {
  const wbPath = await fresh("conv.xlsx");
  const src = join(dir, "conv.csv");
  await writeFile(
    src,
    csv([
      ["线索编号", "转化结果", "成交金额", "备注", "阶段2进入时间"],
      ["线索-20240501-001", "成功", "40万", "老客户复购", ""],
      ["线索-20240502-001", "", "", "", "2024-05-08"],
    ]),
  );
  const r = await cli([wbPath, src, "--into", "conversion", "--json"]);
  expect(r.code).toBe(1); // the conflict on the amount
  const report = JSON.parse(r.stdout) as ImportReport;
  expect(report.conflicts.map((c) => [c.line, c.field, c.existing, c.incoming])).toEqual([
    [2, "amount", "450000", "400000"],
  ]);
  expect(report.updated.map((u) => [u.line, u.filled])).toEqual([
    [2, ["notes"]],
    [3, ["stage2At"]],
  ]);
  const wb = await XlsxWorkbook.fromBytes(await readFile(wbPath));
  const t = (await wb.readTables(["Conversion"])).get("Conversion")!;
  const { index } = headerIndex(tableDefs(5).Conversion, t.table.headers);
  const row = (id: string) => t.values.find((v) => v[index.get("leadId")!] === id)!;
  expect(row("线索-20240501-001")[index.get("amount")!]).toBe(450000);
  expect(row("线索-20240501-001")[index.get("notes")!]).toBe("老客户复购");
  expect(row("线索-20240502-001")[index.get("stage2At")!]).toBe(45420);
});

test("unusable input exits 2 and leaves the workbook untouched", async () => {
  const wbPath = await fresh("bad.xlsx");
  const before = await readFile(wbPath);
  const src = join(dir, "ok.csv");
  await writeFile(src, csv([HEADERS, GOOD[0]]));
  for (const argv of [
    [wbPath],
    [wbPath, join(dir, "missing.csv")],
    [wbPath, src, "--into", "deals"],
    [wbPath, src, "--on-duplicate", "merge"],
    [wbPath, src, "--map", "不存在=customer"],
    [wbPath, src, "--map", "公司名称=custmer"],
    [join(dir, "missing.xlsx"), src],
  ]) {
    const r = await cli(argv);
    expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
    expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
  }
  expect((await readFile(wbPath)).equals(before)).toBe(true);
});

test("an explicit --map overrides the automatic mapping", async () => {
  const wbPath = await fresh("map.xlsx");
  const src = join(dir, "map.csv");
  await writeFile(
    src,
    csv([
      ["单位", "座机", ...HEADERS.slice(1)],
      ["无锡太湖机电有限公司", "0510-82345678", ...GOOD[0].slice(1)],
    ]),
  );
  const r = await cli([wbPath, src, "--map", "单位=customer,座机=phone", "--json"]);
  const report = JSON.parse(r.stdout) as ImportReport;
  expect(report.mapped.slice(0, 2)).toEqual([
    { column: 1, header: "单位", target: "customer", how: "explicit" },
    { column: 2, header: "座机", target: "phone", how: "explicit" },
  ]);
  // 手机号 (column 3) would also be phone: it loses to the explicit mapping and is reported.
  expect(report.ignoredColumns.map((c) => [c.header, c.reason])).toEqual([["手机号", "duplicate"]]);
  const { rows } = await leadsOf(wbPath);
  expect(rows.find((x) => x.customer === "无锡太湖机电有限公司")!.phone).toBe("0510-82345678");
});

test("the committed Chinese-Excel GB18030 export imports with no mapping; only the WeChat column is reported (exit 1: its values are not imported)", async () => {
  for (const name of ["crm-export-gb18030.csv", "crm-export-utf8-bom.csv"]) {
    const wbPath = await fresh(`fixture-${name}.xlsx`);
    const r = await cli([wbPath, join(__dirname, "..", "fixtures", "import", name), "--json"]);
    const report = JSON.parse(r.stdout) as ImportReport;
    expect(report.imported.map((i) => i.leadId)).toEqual([
      "线索-20240408-001",
      "线索-20240409-001",
      "线索-20240410-001",
    ]);
    expect(report.ignoredColumns.map((c) => c.header)).toEqual(["微信号"]);
    expect(report.ignoredColumns[0].lines).toEqual([2, 4]); // line 3 has no WeChat ID
    expect(report.withProblems).toEqual([]);
    // Anything not imported makes the exit code 1 (issue 13 item 13): the WeChat IDs were not imported.
    expect(r.code).toBe(1);
    const { rows } = await leadsOf(wbPath);
    expect(rows.find((x) => x.customer === "青岛海岸食品股份有限公司")).toMatchObject({
      phone: "0532-86667777",
      needDesc: "渠道合作\n华东区域",
      stage: "方案呈现",
    });
  }
});

test("an English workbook: English CRM headers, Chinese option labels mapped to the English options, messages in English", async () => {
  const { wb } = await workbookWith({ Leads: [], FollowUps: [], Conversion: [], ChannelCosts: [] }, "en-US");
  const wbPath = join(dir, "english.xlsx");
  await writeFile(wbPath, await wb.toBytes());
  const src = join(dir, "english.csv");
  await writeFile(
    src,
    csv([
      [
        "Company",
        "Contact name",
        "Mobile",
        "Sector",
        "Size",
        "Need type",
        "Requirement",
        "Budget",
        "Urgency",
        "Decision access",
        "Lead source",
        "Status",
        "Stage",
        "Owner",
      ],
      [
        "Acme Robotics Ltd.",
        "Jane Roe",
        "+44 20 7946 0958",
        "制造业",
        "Revenue over 500M",
        "Product purchase",
        "Two welding cells",
        "500k or more",
        "Within 1 month",
        "Decision maker",
        "Trade show",
        "In progress",
        "Proposal",
        "Mary Lee",
      ],
      [
        "Globex Inc",
        "John Doe",
        "555",
        "Mining",
        "Revenue over 500M",
        "Product purchase",
        "Conveyor",
        "500k or more",
        "Within 1 month",
        "Decision maker",
        "Trade show",
        "In progress",
        "Proposal",
        "Mary Lee",
      ],
    ]),
  );
  const r = await cli([wbPath, src, "--json"]);
  const report = JSON.parse(r.stdout) as ImportReport;
  expect(report.locale).toBe("en-US");
  expect(report.imported.map((i) => i.leadId?.slice(0, 2))).toEqual(["L-", "L-"]);
  expect(report.withProblems.map((w) => w.line)).toEqual([3]);
  const msgs = report.withProblems[0].problems.map((p) => p.message);
  expect(msgs.some((m) => m.includes("Industry") && m.includes("Pick one from the list"))).toBe(true);
  const { rows } = await leadsOf(wbPath);
  expect(rows.find((x) => x.customer === "Acme Robotics Ltd.")).toMatchObject({
    industry: "Manufacturing",
    phone: "+442079460958",
  });
  const text = await cli([wbPath, src]);
  expect(text.stdout).toMatch(/^Import into Leads: 2 source rows/);
});

test("an .xlsx source with tables: the named table is read, its exact headers map; importing a workbook into itself skips every lead", async () => {
  const { wb } = await workbookWith({ Leads: [], FollowUps: [], Conversion: [], ChannelCosts: [] });
  const wbPath = join(dir, "empty-target.xlsx");
  await writeFile(wbPath, await wb.toBytes());
  const r = await cli([wbPath, base, "--sheet", "FollowUps", "--into", "followups", "--json"]);
  const report = JSON.parse(r.stdout) as ImportReport;
  expect(report.mapped).toHaveLength(12);
  // The target has no leads yet, so each follow-up is imported and reported as an unknown lead.
  expect(report.imported).toHaveLength(2);
  expect(report.withProblems.map((w) => w.problems.map((p) => p.code))).toEqual([["unknown-lead"], ["unknown-lead"]]);
  const again = await cli([base, base, "--sheet", "Leads", "--json"]);
  // A workbook imported into itself: every lead is a duplicate, nothing is written.
  expect(JSON.parse(again.stdout).duplicates).toHaveLength(4);
  expect(again.code).toBe(1);
});

test("a row with text longer than a cell holds is left out and listed; the rest goes in; exit 1", async () => {
  const wbPath = await fresh("overlong.xlsx");
  const src = join(dir, "overlong.csv");
  const long = "长".repeat(33000);
  await writeFile(
    src,
    csv([HEADERS, GOOD[0], [GOOD[1][0], GOOD[1][1], GOOD[1][2], ...GOOD[1].slice(3, 6), long, ...GOOD[1].slice(7)]]),
  );
  const before = (await leadsOf(wbPath)).rows.length;
  const r = await cli([wbPath, src]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("未导入的行 1 行");
  expect(r.stdout).toContain("33000");
  expect(r.stdout).not.toContain(long.slice(0, 100));
  const { rows } = await leadsOf(wbPath);
  expect(rows.length).toBe(before + 1);
  expect(rows.some((x) => x.customer === GOOD[1][0])).toBe(false);
  expect(rows.some((x) => x.customer === GOOD[0][0])).toBe(true);
});
