/**
 * exceljs is out of the product (issue 12): every command reads and writes
 * .xlsx files through the package engine, and exceljs stays only as the
 * tests' independent reader/builder (tests/support/exceljs). Nothing under
 * src/ may import it, in any form, and the bundled `leadflow` command must not
 * require it (it is a devDependency: an installed package does not have it).
 */
import { execFileSync } from "child_process";
import { readdirSync, readFileSync, statSync } from "fs";
import { join, relative } from "path";

const ROOT = join(__dirname, "..", "..");
const SRC = join(ROOT, "src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(tsx?|mjs|cjs|js)$/.test(name) ? [p] : [];
  });
}

/** Module specifiers of static imports, re-exports, dynamic imports and requires. */
function specifiers(source: string): string[] {
  const re =
    /(?:\b(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
  const out: string[] = [];
  for (let m = re.exec(source); m; m = re.exec(source)) out.push(m[1]);
  return out;
}

const isExceljs = (spec: string) => spec === "exceljs" || spec.startsWith("exceljs/");

test("the scan recognises every way of importing exceljs", () => {
  const probe = [
    'import ExcelJS from "exceljs";',
    'import * as X from "exceljs";',
    'import type { Workbook } from "exceljs";',
    'const u = require("exceljs/lib/utils/utils");',
    'const m = await import("exceljs");',
    'export { Workbook } from "exceljs";',
  ].join("\n");
  expect(specifiers(probe).filter(isExceljs)).toHaveLength(6);
});

test("no file under src/ imports exceljs", () => {
  const all = files(SRC);
  expect(all.length).toBeGreaterThan(50);
  const offenders = all
    .filter((f) => specifiers(readFileSync(f, "utf8")).some(isExceljs))
    .map((f) => relative(ROOT, f));
  expect(offenders).toEqual([]);
});

test("package.json lists exceljs only as a devDependency, and the CLI bundle does not keep it external", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  expect(pkg.dependencies?.exceljs).toBeUndefined();
  expect(pkg.devDependencies?.exceljs).toBeDefined();
  expect(readFileSync(join(ROOT, "scripts", "build-cli.mjs"), "utf8")).not.toMatch(/["']exceljs["']/);
});

test("the bundled `leadflow` command does not require exceljs", () => {
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-cli.mjs")], { cwd: ROOT });
  const bundle = readFileSync(join(ROOT, "dist", "cli", "leadflow.cjs"), "utf8");
  expect(bundle).not.toMatch(/require\(\s*["']exceljs/);
  expect(bundle.toLowerCase()).not.toContain("exceljs");
}, 120000);
