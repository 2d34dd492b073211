/**
 * The loss, trend, forecast and scoring tables on the file path, as a user
 * runs it: a real .xlsx workbook, `leadflow refresh --json` in a child
 * process, the tables read back from the saved file with the exceljs-based
 * reader (not the command's own zip reader) and compared with the
 * hand-computed cases of tests/refresh/insightCases.ts; the JSON keys; and a
 * weekly period end to end (`--period 2024-W23`: scope, costs by days, sales
 * rows, a target typed against the week carried to the next refresh).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CellValue } from "../../src/domain/types";
import { buildWorkbook, d, openBytes } from "../support/refreshBooks";
import { XlsxWorkbook } from "../support/exceljs";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import { CASES, COMPARE, compared, expected, type ComparedTable } from "../refresh/insightCases";

const ROOT = join(__dirname, "..", "..");
const TABLES = Object.keys(COMPARE) as ComparedTable[];

function leadflow(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "leadflow.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function readBack(path: string, names: string[]) {
  const wb = await XlsxWorkbook.fromBytes(new Uint8Array(readFileSync(path)));
  const data = await wb.readTables(names);
  return { wb, data };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "leadflow-cli-insights-"));
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-cli.mjs")], { cwd: ROOT });
}, 120000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(CASES.map((c, i) => [c.name, c, i] as const))("refresh on a file: %s", (_name, c, i) => {
  let json: Record<string, unknown>;
  let tables: Map<string, { headers: string[]; values: CellValue[][] }>;
  let sheetOf: Map<string, string>;

  beforeAll(async () => {
    const path = join(dir, `case${i}.xlsx`);
    writeFileSync(path, await buildWorkbook(c.rows));
    const r = leadflow(["refresh", path, "--today", "2024-06-30", "--json"]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    json = JSON.parse(r.stdout);
    const { wb, data } = await readBack(path, TABLES);
    tables = new Map([...data].map(([k, t]) => [k, { headers: t.table.headers, values: t.values }]));
    sheetOf = new Map((await wb.readState()).tables.map((t) => [t.name, t.sheet]));
  }, 120000);

  test("--json has the review blocks and the keys losses, trend, forecast, scoring", () => {
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(["channels", "funnel", "sales", "due", "losses", "trend", "forecast", "scoring"]),
    );
    if (c.json) expect(json).toMatchObject(c.json);
  });

  test("the tables sit on the four review sheets", () => {
    expect([...new Set(TABLES.map((t) => sheetOf.get(t)))]).toEqual(["流失分析", "趋势", "预测", "评分复盘"]);
  });

  test.each(TABLES.filter((t) => c.expect[t] !== undefined))("%s read back from the file", (table) => {
    const t = tables.get(table);
    expect(t).toBeDefined();
    expect(compared(table, t!.headers, t!.values)).toEqual(expected(c.expect[table]!));
  });
});

describe("a weekly period end to end: --period 2024-W23", () => {
  // 2024-W23 = Mon 06-03 … Sun 06-09. A (06-03, won 06-07 for 30,000) and B (06-09 evening) are in it; C (06-10) and
  // D (06-02) are not. Costs of 展会推荐: June 30,000 → 7/30 = 7,000; Q2 91,000 → 7/91 = 7,000; 14,000 in all.
  const lead = (id: string, createdAt: number, extra: Record<string, string | number> = {}) => ({
    leadId: id,
    customer: `上海客户${id}有限公司`,
    contact: "张",
    phone: "13800000001",
    industry: "制造业",
    budget: "20-50万",
    urgency: "2-3个月",
    decisionAccess: "对接影响者",
    companySize: "年营收1-5亿",
    source: "展会推荐",
    status: "跟进中",
    stage: "初步接洽",
    owner: "王芳",
    createdAt,
    ...extra,
  });
  const rows = {
    Leads: [
      lead("A", d(2024, 6, 3, 9), { status: "已成交", stage: "成交维护" }),
      lead("B", d(2024, 6, 9, 18)),
      lead("C", d(2024, 6, 10, 9)),
      lead("D", d(2024, 6, 2, 9)),
    ],
    Conversion: [{ leadId: "A", result: "成功", closedAt: d(2024, 6, 7), amount: 30000, stage1At: d(2024, 6, 3) }],
    ChannelCosts: [
      { channel: "展会推荐", period: "2024-06", cost: 30000 },
      { channel: "展会推荐", period: "2024-Q2", cost: 91000 },
    ],
  };
  let path: string;
  let json: Record<string, Record<string, unknown>[]> & { losses: { period: string } };

  beforeAll(async () => {
    path = join(dir, "week.xlsx");
    writeFileSync(path, await buildWorkbook(rows));
    const r = leadflow(["refresh", path, "--period", "2024-W23", "--trend", "week", "--today", "2024-06-09", "--json"]);
    expect(r.code).toBe(0);
    json = JSON.parse(r.stdout);
  }, 120000);

  test("the channels count the week's leads and the week's share of the costs", () => {
    const trade = json.channels.find((c) => c.channel === "展会推荐")!;
    expect(trade).toMatchObject({ leads: 2, valid: 2, converted: 1 });
    expect(trade.cost as number).toBeCloseTo(14000, 6);
    expect(trade.costPerLead as number).toBeCloseTo(7000, 6);
  });

  test("sales rows, review sheets and the loss review are labelled with the week; the trend is by week", async () => {
    expect(json.sales.filter((s) => s.dimension === "团队").map((s) => [s.period, s.metric, s.actual])).toEqual([
      ["2024-W23", "newCustomers", 1],
      ["2024-W23", "amount", 30000],
    ]);
    expect(json.losses.period).toBe("2024-W23");
    const trend = json.trend as unknown as { granularity: string; rows: { period: string; newLeads: number }[] };
    expect(trend.granularity).toBe("week");
    expect(trend.rows).toHaveLength(12);
    // The last 12 weeks end with the as-of week: A and B in 2024-W23, D in 2024-W22 (C is after the as-of date).
    expect(trend.rows.slice(-2).map((r) => [r.period, r.newLeads])).toEqual([
      ["2024-W22", 1],
      ["2024-W23", 2],
    ]);
    const wb = await openBytes(new Uint8Array(readFileSync(path)));
    expect((await wb.readRange("渠道效果", "A2:B2"))[0]).toEqual(["统计周期", "2024-W23"]);
    expect((await wb.readRange("流失分析", "A2:B2"))[0]).toEqual(["统计周期", "2024-W23"]);
    expect((await wb.readRange("趋势", "A2:B2"))[0]).toEqual(["统计周期", "最近12周"]);
  });

  test("a target typed against the week is carried when the next week is refreshed", async () => {
    // The manager types a target into the week's row (written with the package engine, which keeps the
    // PivotTable Refresh added; the exceljs-based test writer would refuse the file).
    const port = new FastXlsxPort(new Uint8Array(readFileSync(path)));
    const sales = (await port.readTables(["ReviewSales"])).get("ReviewSales")!;
    const h = sales.table.headers;
    const at = sales.values.findIndex((r) => r[h.indexOf("维度")] === "王芳" && r[h.indexOf("指标")] === "销售额");
    expect(at).toBeGreaterThanOrEqual(0);
    const col = String.fromCharCode("A".charCodeAt(0) + h.indexOf("目标"));
    await port.apply([
      { op: "writeCells", sheet: sales.table.sheet, topLeft: `${col}${sales.firstRow + at}`, cells: [[50000]] },
    ]);
    writeFileSync(path, port.save());

    const r = leadflow(["refresh", path, "--period", "2024-W24", "--today", "2024-06-16", "--json"]);
    expect(r.code).toBe(0);
    const next = JSON.parse(r.stdout) as { sales: Record<string, unknown>[] };
    const carried = next.sales.find((s) => s.period === "2024-W23" && s.dimension === "王芳" && s.metric === "amount");
    expect(carried).toMatchObject({ target: 50000, actual: 30000, achievement: 0.6 });
    expect(next.sales.some((s) => s.period === "2024-W24")).toBe(true);
  });
});

describe("bad --period and --trend values: one bilingual line, exit 2", () => {
  test.each([
    [["--period", "2024-W60"], /week of 2024 must be 1–52.*2024 年的周只能是 1–52/],
    [["--period", "next week"], /2024-W23/],
    [["--trend", "daily"], /--trend must be week, month or quarter.*--trend 须为/],
  ])("%j", (args, message) => {
    const path = join(dir, "case0.xlsx");
    const r = leadflow(["refresh", path, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n").pop()).toMatch(message);
  });

  test("the help names the weekly form and the trend option", () => {
    const r = leadflow(["refresh", "--help"]);
    expect(r.stdout).toMatch(/--period all\|YYYY\|YYYY-Qn\|YYYY-MM\|YYYY-Www/);
    expect(r.stdout).toMatch(/--trend week\|month\|quarter/);
  });
});
