/**
 * `leadflow refresh` as a user runs it (the built command in a child process):
 * `init --sample 500` then `refresh --json`; a few headline numbers are
 * recomputed here independently from the refreshed file's own cells (read
 * with the exceljs-based adapter, not the command's zip reader), and the workbook's review
 * tables must hold the same numbers as the JSON. Unusable input exits 2 with
 * one bilingual line and no stack trace.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatDate } from "../../src/domain/parse/dates";
import { XlsxWorkbook } from "../support/exceljs";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import { readZip } from "../../src/workbook/xlsx/package/zip";

const ROOT = join(__dirname, "..", "..");
const FIXTURE = join(ROOT, "tests", "fixtures", "existing-with-chart-pivot-image.xlsx");

function leadflow(
  args: string[],
  env: Record<string, string> = {},
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "leadflow.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 180000,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectUnusable(r: ReturnType<typeof leadflow>, mention: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  const last = lines[lines.length - 1];
  expect(last).toMatch(/^leadflow refresh: /);
  expect(last).toMatch(mention);
  expect(last).toMatch(/[\u4e00-\u9fff]/);
  expect(last).toMatch(/[a-z]{3,} [a-z]{2,}/i);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/**
 * A table's rows as objects keyed by header, read by the generic exceljs-based
 * adapter (the command itself read the file with the fast zip reader).
 */
async function tableRows(path: string, table: string): Promise<Record<string, unknown>[]> {
  const wb = await XlsxWorkbook.fromBytes(new Uint8Array(readFileSync(path)));
  const t = (await wb.readTables([table])).get(table)!;
  return t.values.map((r) => Object.fromEntries(t.table.headers.map((h, i) => [h, r[i]])));
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "leadflow-cli-refresh-"));
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-cli.mjs")], { cwd: ROOT });
}, 120000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("init --sample 500, then refresh --json", () => {
  const path = () => join(dir, "w.xlsx");
  let json: Record<string, Record<string, unknown>[]>;
  let stderr = "";

  beforeAll(() => {
    const init = leadflow(["init", path(), "--sample", "500", "--seed", "3"]);
    expect(init.code).toBe(0);
    const r = leadflow(["refresh", path(), "--today", "2025-06-30", "--json"]);
    stderr = r.stderr;
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    json = JSON.parse(lines[0]);
  }, 180000);

  test("prints one JSON object with the eight blocks, the four analyses and the dashboard, field keys, fractions and nulls", () => {
    expect(Object.keys(json)).toEqual([
      "channels",
      "funnel",
      "bySource",
      "byIndustry",
      "byOwner",
      "byGrade",
      "sales",
      "due",
      "losses",
      "trend",
      "forecast",
      "scoring",
      "dashboard",
    ]);
    const total = json.channels.find((c) => c.isTotal)!;
    expect(total).toEqual(expect.objectContaining({ leads: 500 }));
    for (const c of json.channels) {
      if (c.conversionRate !== null) {
        expect(c.conversionRate).toBeGreaterThanOrEqual(0);
        expect(c.conversionRate).toBeLessThanOrEqual(1);
      }
    }
    expect(json.funnel[json.funnel.length - 1].passThrough).toBeNull();
    expect(stderr).toMatch(/100% done/);
  });

  test("headline numbers match an independent recomputation from the file's cells", async () => {
    const leads = await tableRows(path(), "Leads");
    const conv = await tableRows(path(), "Conversion");
    const id = (r: Record<string, unknown>) => String(r["线索编号"] ?? "").trim();
    const realLeads = leads.filter((r) => id(r) !== "");
    const result = new Map(conv.map((r) => [id(r), r]));
    // Total leads.
    expect(json.channels.find((c) => c.isTotal)!.leads).toBe(realLeads.length);
    // Converted per source: won in Conversion; the channel block counts valid leads only, the breakdown all leads.
    const wonValid = new Map<string, number>();
    const wonAll = new Map<string, number>();
    for (const l of realLeads) {
      if (result.get(id(l))?.["转化结果"] !== "成功") continue;
      const s = String(l["线索来源"]);
      wonAll.set(s, (wonAll.get(s) ?? 0) + 1);
      if (l["线索状态"] !== "无效") wonValid.set(s, (wonValid.get(s) ?? 0) + 1);
    }
    expect(wonAll.size).toBeGreaterThan(2);
    for (const [s, n] of wonValid) expect([s, json.channels.find((c) => c.channel === s)!.converted]).toEqual([s, n]);
    for (const [s, n] of wonAll) expect([s, json.bySource.find((c) => c.value === s)!.converted]).toEqual([s, n]);
    // Funnel entered: a lead entered stage k when it has that stage's date or a later one, or its current stage is k or later.
    const stages = ["初步接洽", "需求挖掘", "方案呈现", "商务谈判", "成交维护"];
    const entered = [0, 0, 0, 0, 0];
    for (const l of realLeads) {
      let reached = stages.indexOf(String(l["当前阶段"]));
      const c = result.get(id(l));
      if (c)
        for (let k = 0; k < 5; k++)
          if (c[`阶段${k + 1}进入时间`] !== null && c[`阶段${k + 1}进入时间`] !== undefined)
            reached = Math.max(reached, k);
      for (let k = 0; k <= reached; k++) entered[k]++;
    }
    expect(json.funnel.map((f) => f.entered)).toEqual(entered);
    expect(entered[0]).toBeGreaterThan(entered[4]);
  });

  test("the workbook's review tables hold the same numbers as the JSON", async () => {
    const wb = await XlsxWorkbook.fromBytes(new Uint8Array(readFileSync(path())));
    const read = async (table: string) => {
      const t = (await wb.readTables([table])).get(table)!;
      return t.values;
    };
    const pairs: [string, string, string[]][] = [
      [
        "ReviewChannels",
        "channels",
        ["channel", "leads", "valid", "converted", "conversionRate", "avgDeal", "cost", "costPerLead", "roi", "grade"],
      ],
      ["ReviewFunnel", "funnel", ["stage", "stageName", "entered", "lost", "lossRate", "passThrough", "avgDays"]],
      ["ReviewBySource", "bySource", ["value", "leads", "converted", "conversionRate", "avgCycleDays"]],
      ["ReviewByOwner", "byOwner", ["value", "leads", "converted", "conversionRate", "avgCycleDays"]],
      ["ReviewDue", "due", ["leadId", "customer", "owner", "grade", "nextDue", "daysOverdue"]],
    ];
    for (const [table, block, keys] of pairs) {
      const cells = await read(table);
      const rows = json[block].filter((r) => !r.isTotal);
      expect([table, cells.length]).toEqual([table, rows.length]);
      rows.forEach((r, i) =>
        keys.forEach((k, j) => {
          const a = cells[i][j];
          const b = r[k];
          // JSON dates are ISO text; the sheet holds the date itself.
          if (typeof a === "number" && k === "nextDue") expect([table, i, k, formatDate(a)]).toEqual([table, i, k, b]);
          else if (typeof b === "number") expect(a as number).toBeCloseTo(b, 9);
          else expect([table, i, k, a === "" ? null : a]).toEqual([table, i, k, b]);
        }),
      );
    }
  });
});

describe("unusable input exits 2 with one bilingual line", () => {
  test("a bad period", () => {
    const p = join(dir, "p.xlsx");
    writeFileSync(p, "x");
    expectUnusable(leadflow(["refresh", p, "--period", "2024-Q7"]), /Q1–Q4|quarter/);
  });
  test("a bad --today", () => {
    expectUnusable(leadflow(["refresh", join(dir, "w.xlsx"), "--today", "2024-02-30"]), /--today/);
  });
  test("a missing file", () => {
    expectUnusable(leadflow(["refresh", join(dir, "nope.xlsx")]), /nope\.xlsx/);
  });
  test("a file that is not a workbook", () => {
    const p = join(dir, "fake.xlsx");
    writeFileSync(p, "not a zip");
    expectUnusable(leadflow(["refresh", p]), /fake\.xlsx/);
  });
});

test("the fast path keeps a chart, a pivot table and an image byte for byte", async () => {
  const p = join(dir, "keep.xlsx");
  copyFileSync(FIXTURE, p);
  const r = leadflow(["refresh", p, "--today", "2025-06-30"]);
  expect(r.code).toBe(0);
  const before = new Map(readZip(readFileSync(FIXTURE)).map((e) => [e.name, e]));
  const after = new Map(readZip(readFileSync(p)).map((e) => [e.name, e]));
  for (const part of [
    "xl/charts/chart1.xml",
    "xl/pivotTables/pivotTable1.xml",
    "xl/media/image1.png",
    "xl/drawings/drawing1.xml",
  ]) {
    expect(before.has(part)).toBe(true);
    expect(Buffer.from(after.get(part)!.raw).equals(Buffer.from(before.get(part)!.raw))).toBe(true);
  }
  // The review sheets were added next to the user's sheets.
  const state = await new FastXlsxPort(new Uint8Array(readFileSync(p))).readState();
  expect(state.tables.map((t) => t.name)).toEqual(
    expect.arrayContaining(["ReviewChannels", "ReviewFunnel", "ReviewDue"]),
  );
});
