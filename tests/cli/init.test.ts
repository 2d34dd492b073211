/**
 * `leadflow init` as a user runs it: the built command in a child process.
 * Success creates or upgrades a workbook with cached formula results; every
 * unusable input exits 2 with one line in both languages and no stack trace.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XlsxWorkbook } from "../support/exceljs";
import { tempDir } from "../support/xlsxFiles";

const ROOT = join(__dirname, "..", "..");
const FIXTURE = join(ROOT, "tests", "fixtures", "existing-with-chart-pivot-image.xlsx");

function leadflow(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "leadflow.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2, nothing on stdout, one line on stderr in both languages, no stack trace. */
function expectUnusable(r: ReturnType<typeof leadflow>, mention: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^leadflow init: /);
  expect(lines[0]).toMatch(mention);
  expect(lines[0]).toMatch(/[\u4e00-\u9fff]/); // Chinese
  expect(lines[0]).toMatch(/[a-z]{3,} [a-z]{2,}/i); // English
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const tmp = tempDir("leadflow-cli-");
beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-cli.mjs")], { cwd: ROOT });
}, 120000);
afterAll(() => tmp.cleanup());

describe("leadflow init: success", () => {
  const path = join(tmp.dir, "nested", "team.xlsx");

  test("creates a workbook with sample leads and cached formula results", async () => {
    const r = leadflow("init", path, "--locale", "en-US", "--sample", "25", "--seed", "4");
    expect(r.stderr).toMatch(/created team\.xlsx \(en-US\) \/ 已创建 team\.xlsx/);
    expect(r.stderr).toMatch(/sample rows in Leads .*: 25/);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const wb = await XlsxWorkbook.fromBytes(new Uint8Array(readFileSync(path)));
    const state = await wb.readState();
    expect(state.properties["leadflow.locale"]).toBe("en-US");
    expect(state.sheets.map((s) => s.name)).toEqual(
      expect.arrayContaining(["Leads", "Follow-ups", "Conversion", "Channel costs", "Settings", "Field guide"]),
    );
    const leads = state.tables.find((t) => t.name === "Leads")!;
    expect(leads.rowCount).toBe(25);
    const data = (await wb.readTables(["Leads"], { formulas: true })).get("Leads")!;
    const score = leads.headers.indexOf("Score");
    const grade = leads.headers.indexOf("Grade");
    // Every Score cell is a formula with a cached number; every Grade a formula with a cached letter.
    expect(data.formulas!.every((r) => r[score]?.startsWith("=") && r[grade]?.startsWith("="))).toBe(true);
    expect(data.values.every((r) => typeof r[score] === "number" && /^[ABCD]$/.test(String(r[grade])))).toBe(true);
  });

  test("running it again upgrades in place, keeps the data and adds no second sample", async () => {
    const before = await (await XlsxWorkbook.fromBytes(new Uint8Array(readFileSync(path)))).readTables(["Leads"]);
    const r = leadflow("init", path, "--sample", "25", "--seed", "4");
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^updated team\.xlsx \(en-US\) \/ 已更新 team\.xlsx/);
    expect(r.stderr).toMatch(/no sample rows added/);
    const after = await (await XlsxWorkbook.fromBytes(new Uint8Array(readFileSync(path)))).readTables(["Leads"]);
    expect(after.get("Leads")!.values).toEqual(before.get("Leads")!.values);
  });

  test("--help prints the usage and exits 0", () => {
    const r = leadflow("init", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/leadflow init <workbook\.xlsx>/);
  });
});

describe("leadflow init: unusable input exits 2 with one bilingual line", () => {
  test("no workbook path", () => expectUnusable(leadflow("init"), /missing workbook path/));
  test("an unknown option", () =>
    expectUnusable(leadflow("init", join(tmp.dir, "a.xlsx"), "--colour", "red"), /unknown option --colour/));
  test("a bad locale", () =>
    expectUnusable(leadflow("init", join(tmp.dir, "a.xlsx"), "--locale", "fr-FR"), /--locale/));
  test("a bad sample count", () => {
    expectUnusable(leadflow("init", join(tmp.dir, "a.xlsx"), "--sample", "lots"), /--sample/);
    expectUnusable(leadflow("init", join(tmp.dir, "a.xlsx"), "--sample", "-3"), /--sample/);
    expect(existsSync(join(tmp.dir, "a.xlsx"))).toBe(false);
  });
  test("two workbook paths", () =>
    expectUnusable(leadflow("init", join(tmp.dir, "a.xlsx"), join(tmp.dir, "b.xlsx")), /unexpected argument/));

  test("a file that is not an .xlsx", () => {
    const text = join(tmp.dir, "notes.xlsx");
    writeFileSync(text, "name,phone\n");
    expectUnusable(leadflow("init", text), /not an \.xlsx/);
    expect(readFileSync(text, "utf8")).toBe("name,phone\n");
    expectUnusable(leadflow("init", join(tmp.dir, "leads.csv")), /not an \.xlsx/);
  });

  test("an unreadable (truncated) workbook, and a folder", async () => {
    const wb = XlsxWorkbook.create();
    await wb.apply([{ op: "ensureSheet", sheet: "S" }]);
    const bytes = await wb.toBytes();
    const cut = join(tmp.dir, "cut.xlsx");
    writeFileSync(cut, bytes.subarray(0, bytes.length - 200));
    expectUnusable(leadflow("init", cut), /damaged|cannot be read/);
    const folder = join(tmp.dir, "folder.xlsx");
    mkdirSync(folder);
    expectUnusable(leadflow("init", folder), /folder/);
  });

  test("a workbook with a chart and a pivot table is installed into, not refused (they keep their bytes: tests/xlsx/packageEngine)", () => {
    const copy = join(tmp.dir, "report.xlsx");
    copyFileSync(FIXTURE, copy);
    const r = leadflow("init", copy);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/updated report\.xlsx/);
  });
});
