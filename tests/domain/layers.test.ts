import { readdirSync, readFileSync, statSync } from "fs";
import { dirname, join, relative, sep } from "path";
import { preProcessFile } from "typescript";

/**
 * Every import points inward. Operations reach a workbook only through the
 * port (src/workbook/port.ts), never through an adapter; the ribbon commands
 * and the CLI do not depend on the pane; the pane never loads the .xlsx file
 * adapter. Imports are read with the TypeScript scanner, so `import type`,
 * `export … from`, dynamic `import()` and `require` all count, and text in
 * comments or strings does not.
 */
const ROOT = join(__dirname, "..", "..");
const SRC = join(ROOT, "src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(tsx?|mjs|js)$/.test(name) ? [p] : [];
  });
}

/** Module specifiers a source file imports, of every kind. */
function importsOf(source: string): string[] {
  return preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** Where a relative specifier lands, as a path under src/ with "/" separators ("" for a package). */
function target(file: string, spec: string): string {
  if (!spec.startsWith(".")) return "";
  return relative(SRC, join(dirname(file), spec))
    .split(sep)
    .join("/");
}

const under = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** [layer, folders it must not import]. */
const RULES: [string, string[]][] = [
  ["operations", ["workbook/office", "workbook/xlsx", "taskpane", "service", "commands", "cli"]],
  ["commands", ["taskpane", "workbook/xlsx", "cli"]],
  ["cli", ["taskpane", "service", "commands", "workbook/office"]],
  ["taskpane", ["workbook/xlsx", "cli", "commands"]],
  ["service", ["taskpane", "workbook/xlsx", "cli", "commands"]],
];

describe("layers", () => {
  test("the import scan sees every kind of import and ignores comments and strings", () => {
    expect(
      importsOf(
        [
          `import { a } from "./a";`,
          `import type { B } from "./b";`,
          `export { c } from "./c";`,
          `export * from "./d";`,
          `export type { E } from "./e";`,
          `const f = () => import("./f");`,
          `const g = require("./g");`,
          `import "./h";`,
          `// import { x } from "./comment";`,
          `const s = 'import { y } from "./string"';`,
        ].join("\n"),
      ),
    ).toEqual(["./a", "./b", "./c", "./d", "./e", "./f", "./g", "./h"]);
  });

  test("every layer has files to check", () => {
    for (const [layer] of RULES)
      expect({ layer, files: files(join(SRC, layer)).length > 0 }).toEqual({ layer, files: true });
  });

  const cases = RULES.flatMap(([layer, forbidden]) =>
    files(join(SRC, layer)).map((file) => [relative(SRC, file).split(sep).join("/"), file, forbidden] as const),
  );

  test.each(cases)("%s imports no outer layer or adapter it must not", (_name, file, forbidden) => {
    const bad = importsOf(readFileSync(file, "utf8"))
      .map((spec) => ({ spec, lands: target(file, spec) }))
      .filter(({ lands }) => forbidden.some((folder) => under(lands, folder)));
    expect(bad).toEqual([]);
  });
});
