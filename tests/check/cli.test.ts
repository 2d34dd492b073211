/**
 * `leadflow check` on a workbook file with planted problems: --json lists each
 * planted problem at its row and field and nothing else; the file is left
 * byte-identical; exit codes 0 / 1 / 2.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../src/cli/commands/check";
import { cleanBook } from "../support/cleanBook";
import { CATALOG } from "./catalog";
import { workbookWith } from "./realBook";
import { captureCli, type CliRun } from "../support/cli";

const PLANTED = [
  "lead: industry pasted outside the list",
  "lead: mobile with 10 digits",
  "lead: created date in the future",
  "lead: score typed over",
  "lead: grade override outside the list",
  "lead: status won, conversion open",
  "follow-up: unknown lead ID",
  "follow-up: method outside the list",
  "follow-up: due date without a year",
  "conversion: stage dates out of order",
  "conversion: lost without reason",
  "conversion: amount on an open row",
  "conversion: duplicate row for a lead",
  "cost: negative",
  "cost: two-digit year",
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "leadflow-check-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const runCli = (argv: string[]): Promise<CliRun> => captureCli(run, argv);

test("finds each planted problem at its row and field, and only those; the file stays byte-identical", async () => {
  const cases = PLANTED.map((name) => CATALOG.find((c) => c.name === name)!);
  expect(cases.every(Boolean)).toBe(true);
  const book = cleanBook();
  for (const c of cases) c.plant(book);
  const { wb, rowOf } = await workbookWith(book);
  const path = join(dir, "planted.xlsx");
  await writeFile(path, await wb.toBytes());
  const before = await readFile(path);

  const { code, stdout } = await runCli([path, "--json"]);
  expect(code).toBe(1);
  const json = JSON.parse(stdout) as { problems: Record<string, unknown>[] };
  const found = json.problems.map((p) => `${p.table}!${p.row} ${p.field} ${p.code}`).sort();
  const expected = cases
    .flatMap((c) => c.expect.map((e) => `${e.table}!${rowOf(e.table, e.index)} ${e.field} ${e.code}`))
    .sort();
  expect(found).toEqual(expected);
  for (const p of json.problems)
    expect(Object.keys(p).sort()).toEqual(["code", "field", "message", "row", "table", "value"]);
  // The planted values are reported as the cell holds them.
  expect(json.problems.find((p) => p.code === "bad-phone")!.value).toBe("1381234567");
  expect(json.problems.find((p) => p.code === "negative")!.value).toBe("-100");

  expect((await readFile(path)).equals(before)).toBe(true);

  // The human table: one line per problem, aligned, in the workbook's locale.
  const human = await runCli([path]);
  expect(human.code).toBe(1);
  const lines = human.stdout.split("\n");
  expect(lines[0]).toMatch(/^工作表\s+单元格\s+字段/);
  expect(human.stdout).toContain(`共 ${expected.length} 个问题`);
  expect(lines.filter((l) => l.includes("not-in-list")).length).toBe(3);
  expect((await readFile(path)).equals(before)).toBe(true);
});

test("a clean workbook exits 0", async () => {
  const { wb } = await workbookWith(cleanBook());
  const path = join(dir, "clean.xlsx");
  await writeFile(path, await wb.toBytes());
  const r = await runCli([path, "--json"]);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ problems: [] });
});

test("unusable input exits 2 with one line in both languages", async () => {
  const missing = await runCli([join(dir, "nope.xlsx")]);
  expect(missing.code).toBe(2);
  expect(missing.stderr.trim().split("\n")).toHaveLength(1);
  expect(missing.stderr).toMatch(/不存在/);
  const notXlsx = join(dir, "notes.xlsx");
  await writeFile(notXlsx, "just text");
  expect((await runCli([notXlsx])).code).toBe(2);
  expect((await runCli([])).code).toBe(2);
  // An ordinary workbook that LeadFlow was never installed into.
  const { XlsxWorkbook } = await import("../support/exceljs");
  const plain = XlsxWorkbook.create("plain.xlsx");
  await plain.apply([{ op: "ensureSheet", sheet: "Sheet1" }]);
  const plainPath = join(dir, "plain.xlsx");
  await writeFile(plainPath, await plain.toBytes());
  const r = await runCli([plainPath]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("leadflow init");
  expect((await runCli([notXlsx, "--bogus"])).code).toBe(2);
});

test("the bundled `leadflow` command (as users run it) gives the same answer and exit code", async () => {
  const { build } = await import("esbuild");
  const { execFile } = await import("node:child_process");
  const bundle = join(dir, "leadflow.cjs");
  // The same bundle options as scripts/build-cli.mjs, into a private folder.
  await build({
    entryPoints: [join(__dirname, "..", "..", "src", "cli", "main.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: ["fflate", "zod"],
    logLevel: "error",
  });
  const book = cleanBook();
  for (const name of PLANTED.slice(0, 5)) CATALOG.find((c) => c.name === name)!.plant(book);
  const path = join(dir, "bundled.xlsx");
  await writeFile(path, await (await workbookWith(book)).wb.toBytes());
  const script = `require(${JSON.stringify(bundle)}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; });`;
  const spawned = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(
      process.execPath,
      ["-e", script, "check", path, "--json"],
      { env: { ...process.env, NODE_PATH: join(__dirname, "..", "..", "node_modules") } },
      (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout }),
    );
  });
  const inProcess = await runCli([path, "--json"]);
  expect(spawned.code).toBe(1);
  expect(JSON.parse(spawned.stdout)).toEqual(JSON.parse(inProcess.stdout));
  expect(JSON.parse(spawned.stdout).problems).toHaveLength(5);
});
