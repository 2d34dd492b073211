import { readFileSync, readdirSync, statSync } from "fs";
import { join, relative, sep } from "path";

/**
 * One name, one meaning: no two files in src/ share a base name (the file name
 * without its extension), so a name in an import or a stack trace says which
 * file it is. `index.*` files are exempt (a folder's entry point), and so is a
 * page with its own script in the same folder (`dialog.html` + `dialog.ts`):
 * one unit. Every other shared name must be in ALLOWED below with its reason,
 * and the list is exact: a third file under an allowed name, or an entry that
 * no longer matches the tree, fails too. Likewise no exported type, interface,
 * class or enum name is defined in two files (two `Rect`s of different shapes
 * once lived in the Office adapter and the package engine).
 */
const SRC = join(__dirname, "..", "..", "src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [relative(SRC, p).split(sep).join("/")];
  });
}

const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1).replace(/\..*$/, "");
const folder = (path: string) => path.slice(0, path.lastIndexOf("/"));
const isPage = (path: string) => path.endsWith(".html");

/** Shared base names kept on purpose: the files (under src/) and why the name is the same. */
const ALLOWED: Record<string, { files: string[]; reason: string }> = {
  a1: {
    files: ["domain/a1.ts", "workbook/office/a1.ts"],
    reason:
      "A1 addresses: the domain module is the one home (1-based); the Office adapter's module only turns " +
      "A1 text into Office's 0-based rectangles with it, and every name it exports ends in 0.",
  },
  charts: {
    files: ["domain/plan/charts.ts", "workbook/office/charts.ts"],
    reason: "The review charts: the plan's chart spec (data) and the Office adapter that draws that spec.",
  },
  install: {
    files: ["domain/plan/install.ts", "operations/install.ts"],
    reason: "One feature per layer: the pure install planner and the operation that reads, plans and applies.",
  },
  refresh: {
    files: ["cli/commands/refresh.ts", "domain/plan/refresh.ts", "operations/refresh.ts"],
    reason: "One feature per layer: the `leadflow refresh` command, the pure refresh planner, the operation.",
  },
  check: {
    files: ["cli/commands/check.ts", "operations/check.ts"],
    reason: "One feature per layer: the `leadflow check` command and the Check operation.",
  },
  import: {
    files: ["cli/commands/import.ts", "operations/import.ts"],
    reason: "One feature per layer: the `leadflow import` command and the import operation.",
  },
};

/** Base name -> the files that share it, after the exemptions. */
function sharedNames(paths: string[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const p of paths) {
    const name = baseName(p);
    if (name === "index") continue;
    byName.set(name, [...(byName.get(name) ?? []), p]);
  }
  const shared = new Map<string, string[]>();
  for (const [name, group] of byName) {
    // A page and its script in one folder count once.
    const units = group.filter((p) => !(isPage(p) && group.some((q) => q !== p && folder(q) === folder(p))));
    if (units.length > 1) shared.set(name, units.sort());
  }
  return shared;
}

/** Names of the types, interfaces, classes and enums a source file exports by definition (not re-exports). */
function exportedTypeNames(source: string): string[] {
  const re = /^export\s+(?:declare\s+)?(?:abstract\s+)?(?:interface|type|class|enum)\s+([A-Za-z_$][\w$]*)/gm;
  return [...source.matchAll(re)].map((m) => m[1]!);
}

describe("one name, one meaning", () => {
  const shared = sharedNames(files(SRC));

  test("the scan finds shared names and applies the exemptions", () => {
    const found = sharedNames([
      "a/rules.ts",
      "b/rules.ts",
      "a/index.ts",
      "b/index.tsx",
      "c/dialog.html",
      "c/dialog.ts",
      "d/only.ts",
    ]);
    expect([...found]).toEqual([["rules", ["a/rules.ts", "b/rules.ts"]]]);
  });

  test("no two files in src/ share a base name, except the allowed ones", () => {
    const unexplained = [...shared].filter(([name]) => !(name in ALLOWED));
    expect(unexplained).toEqual([]);
  });

  test.each(Object.keys(ALLOWED))("the allowed name %s matches the tree exactly", (name) => {
    expect(shared.get(name) ?? []).toEqual([...ALLOWED[name]!.files].sort());
  });

  test("the type scan reads definitions, not re-exports", () => {
    expect(
      exportedTypeNames(
        [
          "export interface A {",
          "export type B = number;",
          "export class C {}",
          "export enum D {}",
          "export type { E } from './e';",
          "export { F };",
        ].join("\n"),
      ),
    ).toEqual(["A", "B", "C", "D"]);
  });

  test("no exported type name is defined in two files of src/", () => {
    const where = new Map<string, string[]>();
    for (const file of files(SRC).filter((p) => /\.tsx?$/.test(p)))
      for (const name of exportedTypeNames(readFileSync(join(SRC, file), "utf8")))
        where.set(name, [...(where.get(name) ?? []), file]);
    expect([...where].filter(([, defined]) => defined.length > 1)).toEqual([]);
  });
});
