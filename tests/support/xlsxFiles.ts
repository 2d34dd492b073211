/** Test helpers for the file adapter: temp folders and a look inside the package. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";

export function tempDir(prefix = "leadflow-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function parts(file: string | Uint8Array): Record<string, string> {
  const bytes = typeof file === "string" ? readFileSync(file) : file;
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m
    ? m[1]
        .replace(/&amp;/g, "&")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
    : undefined;
}

export interface TablePart {
  part: string;
  name: string;
  ref: string;
  columns: string[];
  headerRowCount: string | undefined;
}

/** Every xl/tables/*.xml with its name, ref and column names, as written in the file. */
export function tableParts(file: string | Uint8Array): TablePart[] {
  const p = parts(file);
  return Object.keys(p)
    .filter((k) => /^xl\/tables\/[^/]+\.xml$/.test(k))
    .map((k) => {
      const xml = p[k];
      const open = /<table\b[^>]*>/.exec(xml)?.[0] ?? "";
      const columns = [...xml.matchAll(/<tableColumn\b[^>]*>/g)].map((m) => attr(m[0], "name") ?? "");
      return {
        part: k,
        name: attr(open, "name") ?? "",
        ref: attr(open, "ref") ?? "",
        columns,
        headerRowCount: attr(open, "headerRowCount"),
      };
    });
}
