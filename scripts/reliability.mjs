// `npm run reliability` — the reliability report of issue 7.
//
// Runs the reliability and security test suites (tests/reliability,
// tests/security) for real: every case builds real workbooks, runs the real
// operations and the real `leadflow` command, and records what it measured
// (tests/support/xlsxXml.ts → record()). This script collects those
// records and prints one table:
//   bad-input cases tried / handled, faults injected / survived,
//   input cells changed (must be 0), formula injections tried / neutralized,
//   and the rows of issue 13: file/sheet safety, import/CSV/CLI and package-engine cases.
// `npm run reliability -- --list` prints every case too.
// It exits non-zero when a test fails, a case is not handled, an input cell
// changed, or an injection was not neutralized.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import process from "node:process";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = mkdtempSync(join(tmpdir(), "leadflow-reliability-"));
const jestJson = join(out, "jest.json");
// `--list` also prints every case with its outcome; other arguments narrow the suites.
const listAll = process.argv.includes("--list");
const args = process.argv.slice(2).filter((a) => a !== "--list");
const suites = args.length > 0 ? args : ["tests/reliability", "tests/security"];

// Import / CSV / command-line cases of issue 13 (items 5, 6, 11, 12, 13, 15): their own suite and row.
const IMPORT_SUITES = [
  "tests/import/hostile.test.ts",
  "tests/import/args.test.ts",
  "tests/import/refreshRenames.test.ts",
];
if (args.length === 0) suites.push(...IMPORT_SUITES);
// Package-engine cases of issue 13 (items 1, 7, 8, 9, 11 .xlsx sources, 14): each test of these suites is
// one case, handled when it passes (they check refusals, kept parts and unchanged cells on real files).
const ENGINE_SUITES = [
  "tests/refresh/strictReader.test.ts",
  "tests/refresh/sourceReader.test.ts",
  "tests/xlsx/packageEngine.test.ts",
];
if (args.length === 0) suites.push(...ENGINE_SUITES);
const engineCases = (results) =>
  results
    .filter((f) => ENGINE_SUITES.some((s) => f.name.replace(/\\/g, "/").endsWith(s)))
    .flatMap((f) => f.assertionResults ?? [])
    .filter((a) => a.status === "passed" || a.status === "failed")
    .map((a) => ({ kind: "engine", name: a.fullName, tried: 1, handled: a.status === "passed" ? 1 : 0 }));
const importRow = (records) => {
  const rs = records.filter((r) => r.kind === "import-input");
  const total = (k) => rs.reduce((n, r) => n + (r[k] ?? 0), 0);
  return { rs, row: ["import/CSV/CLI cases", "tried", total("tried"), "handled", total("handled")] };
};

const started = Date.now();
const run = spawnSync(
  process.execPath,
  [join(root, "node_modules", "jest", "bin", "jest.js"), ...suites, "--json", `--outputFile=${jestJson}`],
  {
    cwd: root,
    env: { ...process.env, LEADFLOW_RELIABILITY_OUT: out },
    stdio: ["ignore", "ignore", "inherit"],
  },
);
const seconds = ((Date.now() - started) / 1000).toFixed(0);

let jest = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, success: false, testResults: [] };
try {
  jest = JSON.parse(readFileSync(jestJson, "utf8"));
} catch {
  process.stderr.write("reliability: jest wrote no results / jest 没有输出结果\n");
}

const records = readdirSync(out)
  .filter((f) => f.startsWith("records-") && f.endsWith(".jsonl"))
  .flatMap((f) =>
    readFileSync(join(out, f), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
  );
rmSync(out, { recursive: true, force: true });

const of = (kind) => records.filter((r) => r.kind === kind);
const sum = (rs, k) => rs.reduce((n, r) => n + (r[k] ?? 0), 0);
const badInput = of("bad-input").filter((r) => r.tried > 0);
const skipped = of("bad-input").filter((r) => r.tried === 0 && /skipped/.test(r.note ?? ""));
const faults = of("fault");
const inputs = of("input-cells");
const injections = of("injection");

const rows = [
  ["bad-input cases", "tried", sum(badInput, "tried"), "handled", sum(badInput, "handled")],
  ["faults", "injected", sum(faults, "tried"), "survived", sum(faults, "handled")],
  ["input cells", "compared", sum(inputs, "tried"), "changed", sum(inputs, "handled")],
  ["formula injections", "tried", sum(injections, "tried"), "neutralized", sum(injections, "handled")],
];

// File safety (issue 13 items 2, 3, 4, 10, 15): identity, locks, owned sheets — also counted above.
const fileSafety = [...badInput, ...faults].filter((r) => /^(file|owned) safety: /.test(r.name));
rows.push(["file/sheet safety", "tried", sum(fileSafety, "tried"), "handled", sum(fileSafety, "handled")]);
const imports = importRow(records);
if (imports.rs.length) rows.push(imports.row);
const engine = engineCases(jest.testResults ?? []);
if (engine.length)
  rows.push(["package engine cases", "tried", sum(engine, "tried"), "handled", sum(engine, "handled")]);

const line = (cells, widths) =>
  cells.map((c, i) => String(c)[i >= 2 && i !== 3 ? "padStart" : "padEnd"](widths[i])).join("  ");
const widths = [20, 9, 8, 12, 8];
const print = (s = "") => process.stdout.write(`${s}\n`);
print();
print("LeadFlow reliability report / 可靠性报告");
print("-".repeat(66));
for (const r of rows) print(line(r, widths));
print("-".repeat(66));
print(`injections executed / 被执行的注入: ${sum(injections, "tried") - sum(injections, "handled")}`);
print(
  `tests: ${jest.numPassedTests} passed, ${jest.numFailedTests} failed, ${jest.numPendingTests} skipped (${seconds} s)`,
);
for (const s of skipped) print(`skipped: ${s.name} — ${s.note}`);

const notHandled = [...badInput, ...faults, ...injections, ...imports.rs, ...engine].filter((r) => r.handled < r.tried);
const changed = inputs.filter((r) => r.handled > 0);
if (notHandled.length || changed.length) {
  print();
  print("NOT HANDLED / 未处理:");
  for (const r of notHandled) print(`  ${r.kind}: ${r.name} (${r.handled}/${r.tried}) ${r.note ?? ""}`);
  for (const r of changed) print(`  input cells changed: ${r.name} (${r.handled})`);
}

if (listAll) {
  print();
  print("every case / 全部用例:");
  for (const r of records)
    print(
      `  ${r.kind.padEnd(11)} ${String(r.handled).padStart(4)}/${String(r.tried).padEnd(5)} ${r.name}${r.note ? ` — ${String(r.note).slice(0, 110)}` : ""}`,
    );
}

const slow = [...badInput, ...faults]
  .filter((r) => typeof r.ms === "number")
  .sort((a, b) => b.ms - a.ms)
  .slice(0, 5);
if (slow.length) {
  print();
  print("slowest cases / 最慢的用例:");
  for (const r of slow)
    print(`  ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${r.name}${r.note ? ` — ${String(r.note).slice(0, 90)}` : ""}`);
}

const ok = run.status === 0 && jest.success && notHandled.length === 0 && changed.length === 0 && records.length > 0;
print();
print(ok ? "reliability: every case handled / 所有用例均已处理" : "reliability: FAILED / 未通过");
process.exit(ok ? 0 : 1);
