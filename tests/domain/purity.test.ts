import { readdirSync, readFileSync, statSync } from "fs";
import { builtinModules } from "module";
import { join, relative } from "path";

/** docs/ARCHITECTURE.md §6: nothing in src/domain imports Office, React, exceljs, Node built-ins or anything outside src/domain (types included). */
const DOMAIN = join(__dirname, "..", "..", "src", "domain");
/** The only package the domain may import (validation of definitions and Settings). */
const ALLOWED_PACKAGES = new Set(["zod"]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

/** Module specifiers of static imports, re-exports, dynamic imports and requires; `typeOnly` when erased at build time. */
function specifiers(source: string): { spec: string; typeOnly: boolean }[] {
  const out: { spec: string; typeOnly: boolean }[] = [];
  const re =
    /(?:\b(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
  for (let m = re.exec(source); m; m = re.exec(source)) out.push({ spec: m[3], typeOnly: m[2] !== undefined });
  return out;
}

/** Source without comments, so prose such as "Office.js" in a comment is not mistaken for code. */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

describe("the domain is pure", () => {
  const all = files(DOMAIN);

  test("the scan sees the domain files and their imports", () => {
    expect(all.length).toBeGreaterThan(10);
    expect(
      specifiers(
        `import { z } from "zod";\nimport type { A } from "./a";\nexport * from "./b";\nconst x = require("fs");`,
      ),
    ).toEqual([
      { spec: "zod", typeOnly: false },
      { spec: "./a", typeOnly: true },
      { spec: "./b", typeOnly: false },
      { spec: "fs", typeOnly: false },
    ]);
    expect(code("// Office.js\nconst a = 1; /* Excel.run */")).not.toMatch(/Office|Excel/);
  });

  test.each(all.map((f) => [relative(DOMAIN, f), f]))("%s imports only relative modules and zod", (_name, file) => {
    const source = readFileSync(file, "utf8");
    const builtins = new Set(builtinModules);
    for (const { spec, typeOnly } of specifiers(source)) {
      if (spec.startsWith(".")) {
        // Not even a type leaves the domain: the shapes it plans against (tables, sheets) are defined in it.
        const outside = relative(DOMAIN, join(file, "..", spec)).startsWith("..");
        expect({ spec, typeOnly, importOutsideDomain: outside }).toEqual({
          spec,
          typeOnly,
          importOutsideDomain: false,
        });
        continue;
      }
      expect({ spec, builtin: builtins.has(spec) || spec.startsWith("node:") }).toEqual({ spec, builtin: false });
      expect(ALLOWED_PACKAGES.has(spec) ? spec : `not allowed: ${spec}`).toBe(spec);
    }
    // Office.js is a global, not an import: the code must not reference it either.
    expect(code(source)).not.toMatch(/\b(?:Excel|Office|OfficeExtension)\s*\.\s*[A-Za-z]/);
  });
});
